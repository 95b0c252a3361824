//! Exact numbers.

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

/// An exact rational number of arbitrary size.
pub type Rational = num_rational::BigRational;

/// Reads an integer (`-3`), a decimal (`0.25`, `1e-3`, `.5`) or a fraction (`2/3`) exactly.
///
/// Decimals are exact: `0.1` is 1/10, as Gambit reads it. Returns `None` for anything else,
/// including a zero denominator.
pub fn parse_rational(text: &str) -> Option<Rational> {
    let text = text.trim();
    if let Some((num, den)) = text.split_once('/') {
        let num = parse_decimal(num)?;
        let den = parse_decimal(den)?;
        if den.is_zero() {
            return None;
        }
        return Some(num / den);
    }
    parse_decimal(text)
}

fn parse_decimal(text: &str) -> Option<Rational> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], body[at + 1..].parse::<i32>().ok()?),
        None => (body, 0),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, f),
        None => (mantissa, ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    if !whole
        .bytes()
        .chain(fraction.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let digits: String = whole.chars().chain(fraction.chars()).collect();
    let mut value = Rational::from_integer(digits.parse::<BigInt>().ok()?);
    let scale = exponent - fraction.len() as i32;
    if scale.unsigned_abs() > 4000 {
        return None;
    }
    let ten = Rational::from_integer(BigInt::from(10));
    let power = num_traits::pow(ten, scale.unsigned_abs() as usize);
    if scale >= 0 {
        value *= power;
    } else {
        value /= power;
    }
    Some(if negative { -value } else { value })
}

/// The nearest `f64` to an exact rational (infinite only if the value is out of range).
pub fn rational_to_f64(value: &Rational) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> Rational {
        Rational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn reads_the_number_forms_of_gambit_files() {
        assert_eq!(parse_rational("3"), Some(r(3, 1)));
        assert_eq!(parse_rational("-3"), Some(r(-3, 1)));
        assert_eq!(parse_rational("0.1"), Some(r(1, 10)));
        assert_eq!(parse_rational(".5"), Some(r(1, 2)));
        assert_eq!(parse_rational("5."), Some(r(5, 1)));
        assert_eq!(parse_rational("2/6"), Some(r(1, 3)));
        assert_eq!(parse_rational("-1/3"), Some(r(-1, 3)));
        assert_eq!(parse_rational("1e-3"), Some(r(1, 1000)));
        assert_eq!(parse_rational("2.5E2"), Some(r(250, 1)));
        assert_eq!(parse_rational("1/0"), None);
        assert_eq!(parse_rational("abc"), None);
        assert_eq!(parse_rational("-"), None);
        assert_eq!(parse_rational("."), None);
        assert_eq!(parse_rational("1e99999"), None);
    }
}
