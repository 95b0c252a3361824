//! Plans: indexing, determinism, Latin hypercube strata, shards.
use brink_game::Rational;
use brink_sweep::{simplest_between, GridAxis, ParamRange, Plan, Sampling, Shard};

fn r(t: &str) -> Rational {
    brink_game::parse_rational(t).unwrap()
}

#[test]
fn grid_first_axis_fastest() {
    let plan = Plan::grid(vec![
        GridAxis::parse("a=0:1:3").unwrap(),
        GridAxis::parse("b=1/3:2/3:2").unwrap(),
    ])
    .unwrap();
    assert_eq!(plan.len(), 6);
    assert_eq!(plan.point(0).unwrap(), vec![r("0"), r("1/3")]);
    assert_eq!(plan.point(1).unwrap(), vec![r("1/2"), r("1/3")]);
    assert_eq!(plan.point(5).unwrap(), vec![r("1"), r("2/3")]);
    assert!(plan.point(6).is_none());
}

#[test]
fn bad_specs_are_refused() {
    for bad in ["a=0:1", "=0:1:3", "a=1:0:3", "a=0:1:0", "a=x:1:3", "a"] {
        assert!(GridAxis::parse(bad).is_err(), "{bad}");
    }
    for bad in ["a=0", "a=2:1", "a=:1"] {
        assert!(ParamRange::parse(bad).is_err(), "{bad}");
    }
    for bad in ["0/3", "4/3", "1", "a/b", "1/0"] {
        assert!(Shard::parse(bad).is_err(), "{bad}");
    }
    assert!(Plan::grid(vec![
        GridAxis::parse("a=0:1:3").unwrap(),
        GridAxis::parse("a=0:1:3").unwrap()
    ])
    .is_err());
    let huge: Vec<GridAxis> = (0..8)
        .map(|i| GridAxis::parse(&format!("p{i}=0:1:1000")).unwrap())
        .collect();
    assert!(Plan::grid(huge).is_err());
}

fn ranges() -> Vec<ParamRange> {
    vec![
        ParamRange::parse("x=0:1").unwrap(),
        ParamRange::parse("y=-2:3").unwrap(),
    ]
}

#[test]
fn samples_are_reproducible_and_in_range() {
    for sampling in [Sampling::MonteCarlo, Sampling::LatinHypercube] {
        let a = Plan::sample(ranges(), 50, 42, sampling).unwrap();
        let b = Plan::sample(ranges(), 50, 42, sampling).unwrap();
        let c = Plan::sample(ranges(), 50, 43, sampling).unwrap();
        let mut differs = false;
        for k in 0..50 {
            let p = a.point(k).unwrap();
            assert_eq!(p, b.point(k).unwrap());
            differs |= p != c.point(k).unwrap();
            assert!(p[0] >= r("0") && p[0] < r("1"));
            assert!(p[1] >= r("-2") && p[1] < r("3"));
        }
        assert!(differs, "another seed gives other points");
    }
    // Monte Carlo points do not depend on the sample size: point k is the same in a longer plan.
    let short = Plan::sample(ranges(), 10, 5, Sampling::MonteCarlo).unwrap();
    let long = Plan::sample(ranges(), 1000, 5, Sampling::MonteCarlo).unwrap();
    for k in 0..10 {
        assert_eq!(short.point(k), long.point(k));
    }
}

#[test]
fn latin_hypercube_uses_every_stratum_once() {
    let n = 40;
    let plan = Plan::sample(ranges(), n, 9, Sampling::LatinHypercube).unwrap();
    for (j, (lo, width)) in [(r("0"), r("1")), (r("-2"), r("5"))]
        .into_iter()
        .enumerate()
    {
        let mut seen = vec![false; n];
        for k in 0..n {
            let t = (plan.point(k).unwrap()[j].clone() - &lo) / &width
                * Rational::from_integer(n.into());
            let stratum = t.floor().to_integer();
            let s: usize = stratum.try_into().unwrap();
            assert!(!seen[s], "stratum {s} of parameter {j} used twice");
            seen[s] = true;
        }
    }
}

#[test]
fn shards_partition_the_plan() {
    for len in [0, 1, 7, 30] {
        let mut all: Vec<usize> = Vec::new();
        for k in 1..=4 {
            let s = Shard::new(k, 4).unwrap();
            let idx: Vec<usize> = s.indices(len).collect();
            assert_eq!(idx.len(), s.count(len));
            assert!(idx.iter().all(|&i| s.contains(i)));
            all.extend(idx);
        }
        all.sort();
        assert_eq!(all, (0..len).collect::<Vec<_>>());
    }
}

#[test]
fn simplest_fractions() {
    assert_eq!(simplest_between(&r("0.16"), &r("0.17")), r("1/6"));
    assert_eq!(simplest_between(&r("0.3"), &r("0.34")), r("1/3"));
    assert_eq!(simplest_between(&r("2"), &r("3")), r("2"));
    assert_eq!(simplest_between(&r("2.5"), &r("3.5")), r("3"));
    assert_eq!(simplest_between(&r("-0.17"), &r("-0.16")), r("-1/6"));
    assert_eq!(simplest_between(&r("-1"), &r("1")), r("0"));
    assert_eq!(simplest_between(&r("1/7"), &r("1/7")), r("1/7"));
    // Brute force: no fraction with a smaller denominator lies in the interval.
    for (lo, hi) in [
        ("0.6180339", "0.6180340"),
        ("0.142", "0.1429"),
        ("3.14159", "3.1416"),
    ] {
        let (lo, hi) = (r(lo), r(hi));
        let s = simplest_between(&lo, &hi);
        assert!(lo <= s && s <= hi);
        let q: i64 = s.denom().try_into().unwrap();
        for d in 1..q {
            let d = Rational::from_integer(d.into());
            let smallest = (&lo * &d).ceil();
            assert!(smallest / &d > hi, "a denominator below {q} fits");
        }
    }
}
