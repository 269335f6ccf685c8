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
