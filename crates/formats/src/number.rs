//! Exact numbers as Gambit's files write them: `3`, `-0.25`, `.5`, `1e-3`, `2/3`.

use std::fmt::Write;

use brink_game::{parse_rational, Rational};
use num_traits::{One, Zero};

/// The shape of a decimal number: `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`.
/// Returns the number of mantissa digits and whether there is a fraction or an exponent.
fn decimal_shape(s: &[u8]) -> Option<(usize, bool)> {
    let mut i = usize::from(matches!(s.first(), Some(b'+' | b'-')));
    let mut digits = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    let mut simple = true;
    if i < s.len() && s[i] == b'.' {
        simple = false;
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < s.len() && matches!(s[i], b'e' | b'E') {
        simple = false;
        i += 1;
        if i < s.len() && matches!(s[i], b'+' | b'-') {
            i += 1;
        }
        let exponent_start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if i == exponent_start {
            return None;
        }
    }
    (i == s.len()).then_some((digits, !simple))
}

/// An integer of at most 18 digits (with an optional sign) without allocating.
fn small_integer(s: &str) -> Option<i64> {
    let digits = s.trim_start_matches(['+', '-']);
    if digits.len() > 18 || s.len() - digits.len() > 1 {
        return None;
    }
    s.parse().ok()
}

/// A decimal `[+-]digits.digits` of at most 18 digits as numerator and power-of-ten denominator.
fn small_decimal(s: &str) -> Option<(i64, i64)> {
    let (whole, fraction) = s.split_once('.')?;
    let negative = whole.starts_with('-');
    let whole = whole.trim_start_matches(['+', '-']);
    if whole.len() + fraction.len() > 18 {
        return None;
    }
    let mut value: i64 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        value = value * 10 + i64::from(b - b'0');
    }
    let denominator = 10i64.pow(fraction.len() as u32);
    Some((if negative { -value } else { value }, denominator))
}

/// Reads a number exactly, or `None` if it is not a number. Integers and short decimals take a
/// fast path without intermediate strings; everything else goes through
/// [`brink_game::parse_rational`].
pub(crate) fn parse_exact(s: &str) -> Option<Rational> {
    let (numerator, denominator) = match s.split_once('/') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    let (_, n_fancy) = decimal_shape(numerator.as_bytes())?;
    if let Some(d) = denominator {
        // As in Gambit, the denominator carries no sign.
        if d.starts_with(['+', '-']) {
            return None;
        }
        decimal_shape(d.as_bytes())?;
        if !n_fancy {
            if let (Some(n), Some(d)) = (small_integer(numerator), small_integer(d)) {
                if d == 0 {
                    return None;
                }
                return Some(small_ratio(n, d));
            }
        }
        return parse_rational(s);
    }
    if !n_fancy {
        if let Some(n) = small_integer(s) {
            return Some(Rational::from_integer(n.into()));
        }
    } else if !s.contains(['e', 'E']) {
        if let Some((n, d)) = small_decimal(s) {
            return Some(small_ratio(n, d));
        }
    }
    parse_rational(s)
}

/// `n / d` in lowest terms, reduced with machine integers: `Rational::new` would reduce with
/// big-integer arithmetic, which dominates reading files with many fractional payoffs.
fn small_ratio(n: i64, d: i64) -> Rational {
    let (mut a, mut b) = (n.unsigned_abs(), d.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let g = a.max(1) as i128;
    let (mut n, mut d) = (n as i128 / g, d as i128 / g);
    if d < 0 {
        (n, d) = (-n, -d);
    }
    Rational::new_raw(n.into(), d.into())
}

/// Writes a rational as Gambit reads it: `n` for integers, `p/q` otherwise.
pub(crate) fn write_rational(out: &mut String, value: &Rational) {
    if value.denom().is_one() {
        let _ = write!(out, "{}", value.numer());
    } else if value.numer().is_zero() {
        out.push('0');
    } else {
        let _ = write!(out, "{}/{}", value.numer(), value.denom());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> Rational {
        Rational::new(n.into(), d.into())
    }

    #[test]
    fn reads_every_number_form_exactly() {
        assert_eq!(parse_exact("3"), Some(r(3, 1)));
        assert_eq!(parse_exact("-3"), Some(r(-3, 1)));
        assert_eq!(parse_exact("+3"), Some(r(3, 1)));
        assert_eq!(parse_exact("0.1"), Some(r(1, 10)));
        assert_eq!(parse_exact(".80"), Some(r(4, 5)));
        assert_eq!(parse_exact("-.5"), Some(r(-1, 2)));
        assert_eq!(parse_exact("5."), Some(r(5, 1)));
        assert_eq!(parse_exact("2/6"), Some(r(1, 3)));
        assert_eq!(parse_exact("-1/3"), Some(r(-1, 3)));
        assert_eq!(parse_exact("1e-3"), Some(r(1, 1000)));
        assert_eq!(parse_exact("2.5E2"), Some(r(250, 1)));
        assert_eq!(
            parse_exact("4/-6"),
            None,
            "Gambit's denominators have no sign"
        );
        assert_eq!(parse_exact("4/6"), Some(r(2, 3)));
        assert_eq!(parse_exact("0/5"), Some(r(0, 1)));
        assert_eq!(parse_exact("-0.50"), Some(r(-1, 2)));
        assert_eq!(
            parse_exact("-9223372036854775807/9223372036854775806"),
            parse_rational("-9223372036854775807/9223372036854775806")
        );
        assert_eq!(
            parse_exact("12345678901234567890123"),
            parse_rational("12345678901234567890123")
        );
        assert_eq!(
            parse_exact("0.12345678901234567890123"),
            parse_rational("0.12345678901234567890123")
        );
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in [
            "", "-", "+", ".", "1/0", "1/", "/2", "1e", "1e+", "1..2", "1x", "--1", "1/2/3", "e5",
        ] {
            assert_eq!(parse_exact(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn writes_rationals_as_gambit_reads_them() {
        let mut s = String::new();
        for v in [r(3, 1), r(-1, 3), r(0, 1), r(7, 10)] {
            write_rational(&mut s, &v);
            s.push(' ');
        }
        assert_eq!(s, "3 -1/3 0 7/10 ");
    }
}
