//! Money as a value: integer minor units plus a currency, with every rounding named.
//!
//! Adding two currencies is an error, never a silent mix. Display lives in `format.rs`;
//! this file only knows numbers.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Currencies sold in by the shops Caja is built for (Spain and Latin America).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    Eur,
    Usd,
    Mxn,
    Cop,
    Ars,
    Pen,
    Clp,
}

impl Currency {
    /// Digits after the decimal point in the currency's minor unit.
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::Clp => 0,
            _ => 2,
        }
    }

    /// ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Usd => "USD",
            Currency::Mxn => "MXN",
            Currency::Cop => "COP",
            Currency::Ars => "ARS",
            Currency::Pen => "PEN",
            Currency::Clp => "CLP",
        }
    }

    /// The notes and coins in circulation, largest first, in minor units (the blind count at
    /// the close of a shift counts pieces of each).
    pub fn denominations(self) -> &'static [i64] {
        match self {
            Currency::Eur => &[
                50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
            ],
            Currency::Usd => &[10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1],
            Currency::Mxn => &[
                100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50,
            ],
            Currency::Cop => &[
                10_000_000, 5_000_000, 2_000_000, 1_000_000, 500_000, 200_000, 100_000, 50_000,
                20_000, 10_000, 5_000,
            ],
            Currency::Ars => &[
                2_000_000, 1_000_000, 200_000, 100_000, 50_000, 20_000, 10_000,
            ],
            Currency::Pen => &[20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10],
            Currency::Clp => &[20000, 10000, 5000, 2000, 1000, 500, 100, 50, 10],
        }
    }

    /// The four notes a customer most often pays with, smallest first (the payment screen's
    /// quick cash buttons), in minor units.
    pub fn quick_notes(self) -> [i64; 4] {
        match self {
            Currency::Eur | Currency::Usd => [500, 1000, 2000, 5000],
            Currency::Mxn => [5000, 10000, 20000, 50000],
            Currency::Cop => [1_000_000, 2_000_000, 5_000_000, 10_000_000],
            Currency::Ars => [100_000, 200_000, 1_000_000, 2_000_000],
            Currency::Pen => [2000, 5000, 10000, 20000],
            Currency::Clp => [2000, 5000, 10000, 20000],
        }
    }

    /// Parses an ISO 4217 code (case-insensitive).
    pub fn from_code(code: &str) -> Option<Currency> {
        let all = [
            Currency::Eur,
            Currency::Usd,
            Currency::Mxn,
            Currency::Cop,
            Currency::Ars,
            Currency::Pen,
            Currency::Clp,
        ];
        all.into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How a division that does not come out even is rounded. Every rounding in Caja names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    /// Halves go away from zero (the usual commercial rule in Spain).
    HalfUp,
    /// Halves go to the even neighbour (banker's rounding).
    HalfEven,
}

/// `numerator / denominator` rounded with `rounding`. `denominator` must be positive.
pub fn div_round(numerator: i128, denominator: i128, rounding: Rounding) -> i128 {
    debug_assert!(denominator > 0, "denominator must be positive");
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if remainder == 0 {
        return quotient;
    }
    let twice = remainder.abs() * 2;
    let away = numerator.signum();
    let round_away = match twice.cmp(&denominator) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => match rounding {
            Rounding::HalfUp => true,
            Rounding::HalfEven => quotient % 2 != 0,
        },
    };
    if round_away {
        quotient + away
    } else {
        quotient
    }
}

/// Rounds `minor` to a multiple of `step` (e.g. 5 cents for cash rounding).
pub fn round_to_step(minor: i64, step: i64, rounding: Rounding) -> i64 {
    if step <= 1 {
        return minor;
    }
    let steps = div_round(i128::from(minor), i128::from(step), rounding);
    // A step count times the step never exceeds the magnitude of an i64 amount plus one step.
    i64::try_from(steps * i128::from(step)).unwrap_or(minor)
}

/// What went wrong combining amounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("cannot combine {left} and {right}: amounts in different currencies")]
    CurrencyMismatch { left: Currency, right: Currency },
    #[error("amount out of range")]
    Overflow,
}

/// An amount of money: minor units (cents) and a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub const fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn negated(self) -> Money {
        Money::new(-self.minor, self.currency)
    }

    pub fn is_zero(self) -> bool {
        self.minor == 0
    }

    /// An amount typed by a person, in `currency`'s own digits: `12,50` or `12.50` euros is
    /// 1250 cents; `1000` pesos (CLP, no cents) is 1000 pesos, `1.000` too. A separator
    /// followed by three digits, or in a currency without cents, groups thousands; one followed
    /// by one or two digits (at most the currency's) is the decimal point. Negative amounts,
    /// letters and more decimals than the currency has are refused.
    pub fn parse(text: &str, currency: Currency) -> Result<Money, MoneyParseError> {
        let bad = || MoneyParseError {
            text: text.trim().to_string(),
            currency,
        };
        let t = text.trim();
        if t.is_empty()
            || !t
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(bad());
        }
        let digits = currency.minor_digits() as usize;
        // The decimal point: the last separator, unless what follows it is a group of three or
        // the currency has no cents (then every separator groups thousands).
        let (int, frac) = match t.rfind(['.', ',']) {
            Some(i) if digits > 0 && t.len() - i - 1 != 3 => (&t[..i], &t[i + 1..]),
            _ => (t, ""),
        };
        if frac.len() > digits || t.ends_with(['.', ',']) {
            return Err(bad());
        }
        // Left of the point: digits, with separators only between groups of three.
        let groups: Vec<&str> = int.split(['.', ',']).collect();
        let first_ok = groups[0].len() <= 3 || groups.len() == 1;
        let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
        if groups.iter().any(|g| g.is_empty()) || !first_ok || !rest_ok {
            return Err(bad());
        }
        let whole: i64 = groups.concat().parse().map_err(|_| bad())?;
        let frac_minor: i64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<digits$}").parse().map_err(|_| bad())?
        };
        let minor = whole
            .checked_mul(10i64.pow(digits as u32))
            .and_then(|w| w.checked_add(frac_minor))
            .ok_or_else(bad)?;
        Ok(Money::new(minor, currency))
    }
}

/// Text that is not an amount of a currency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("«{text}» is not an amount in {currency}")]
pub struct MoneyParseError {
    pub text: String,
    pub currency: Currency,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_goes_away_from_zero() {
        assert_eq!(div_round(5, 10, Rounding::HalfUp), 1);
        assert_eq!(div_round(-5, 10, Rounding::HalfUp), -1);
        assert_eq!(div_round(14, 10, Rounding::HalfUp), 1);
        assert_eq!(div_round(16, 10, Rounding::HalfUp), 2);
        assert_eq!(div_round(-16, 10, Rounding::HalfUp), -2);
    }

    #[test]
    fn half_even_goes_to_even() {
        assert_eq!(div_round(25, 10, Rounding::HalfEven), 2);
        assert_eq!(div_round(35, 10, Rounding::HalfEven), 4);
        assert_eq!(div_round(-25, 10, Rounding::HalfEven), -2);
    }

    #[test]
    fn cash_rounding_to_five_cents() {
        assert_eq!(round_to_step(1002, 5, Rounding::HalfUp), 1000);
        assert_eq!(round_to_step(1003, 5, Rounding::HalfUp), 1005);
        assert_eq!(round_to_step(1007, 5, Rounding::HalfUp), 1005);
        assert_eq!(round_to_step(1008, 5, Rounding::HalfUp), 1010);
    }

    #[test]
    fn amounts_parse_in_the_currencys_own_digits() {
        let eur = |t: &str| Money::parse(t, Currency::Eur).map(|m| m.minor);
        let clp = |t: &str| Money::parse(t, Currency::Clp).map(|m| m.minor);
        assert_eq!(eur("12,50"), Ok(1250));
        assert_eq!(eur("12.5"), Ok(1250));
        assert_eq!(eur("12"), Ok(1200));
        assert_eq!(eur("1.234,56"), Ok(123_456));
        assert_eq!(eur("1,234.56"), Ok(123_456));
        assert_eq!(eur("1.000"), Ok(100_000), "a group of three is thousands");
        assert_eq!(
            eur(",5"),
            Err(MoneyParseError {
                text: ",5".into(),
                currency: Currency::Eur
            })
        );
        assert_eq!(
            eur("12,505"),
            Ok(1_250_500),
            "a group of three, not three decimals"
        );
        for bad in [
            "", "1.2.3", "12,", "-5", "5 €", "1,23,45", "abc", "1234,567", "12.5.0",
        ] {
            assert!(eur(bad).is_err(), "{bad}");
        }
        assert_eq!(
            clp("1000"),
            Ok(1000),
            "CLP has no cents: 1000 is a thousand pesos"
        );
        assert_eq!(clp("1.000"), Ok(1000));
        assert_eq!(clp("12.345.678"), Ok(12_345_678));
        assert!(clp("10,50").is_err(), "no cents in CLP");
        assert_eq!(
            Money::parse("1,234.56", Currency::Mxn).map(|m| m.minor),
            Ok(123_456)
        );
    }

    #[test]
    fn mixing_currencies_is_an_error() {
        let eur = Money::new(100, Currency::Eur);
        let usd = Money::new(100, Currency::Usd);
        assert!(matches!(
            eur.checked_add(usd),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
        assert_eq!(eur.checked_add(eur), Ok(Money::new(200, Currency::Eur)));
    }
}
