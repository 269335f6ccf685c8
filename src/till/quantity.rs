//! Quantities: whole units for counted items, kilograms with three decimals for weighed ones.

use serde::{Deserialize, Serialize};

/// How an item is measured at the till.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Counted in whole units.
    #[default]
    Unit,
    /// Weighed, in kilograms with three decimals (grams).
    Kg,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Unit => "unit",
            Measure::Kg => "kg",
        }
    }

    pub fn parse(text: &str) -> Option<Measure> {
        match text {
            "unit" => Some(Measure::Unit),
            "kg" => Some(Measure::Kg),
            _ => None,
        }
    }
}

/// What is wrong with a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("quantity must be greater than zero")]
    NotPositive,
    #[error("items sold by the unit need a whole number of units")]
    FractionalUnits,
    #[error("quantity too large (at most 99,999 units or kg on one line)")]
    TooLarge,
}

/// A quantity in thousandths: units × 1000, or grams for kilograms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quantity {
    pub milli: i64,
    pub measure: Measure,
}

/// The largest quantity on one line: 99,999 units or kilograms.
const MAX_MILLI: i64 = 99_999_000;

impl Quantity {
    pub fn units(count: i64) -> Result<Quantity, QuantityError> {
        Quantity::new(
            count.checked_mul(1000).ok_or(QuantityError::TooLarge)?,
            Measure::Unit,
        )
    }

    pub fn grams(grams: i64) -> Result<Quantity, QuantityError> {
        Quantity::new(grams, Measure::Kg)
    }

    pub fn new(milli: i64, measure: Measure) -> Result<Quantity, QuantityError> {
        if milli <= 0 {
            return Err(QuantityError::NotPositive);
        }
        if milli > MAX_MILLI {
            return Err(QuantityError::TooLarge);
        }
        if measure == Measure::Unit && milli % 1000 != 0 {
            return Err(QuantityError::FractionalUnits);
        }
        Ok(Quantity { milli, measure })
    }
}

/// Thousandths as plain text: `12`, `1.5`, `-0.25` (a point, no trailing zeros) — for errors,
/// logs and files.
pub fn milli_text(milli: i64) -> String {
    let text = crate::till::format::plain_decimal(milli, 3);
    let text = text.trim_end_matches('0');
    text.trim_end_matches('.').to_string()
}

/// A quantity typed by a person or read from a file, in thousandths: `12`, `1,5`, `1.250`,
/// `-3` (a comma or a point; at most three decimals). `None` when it is not a number.
pub fn parse_milli(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return None;
    }
    let value: rust_decimal::Decimal = text.parse().ok()?;
    let milli = value.checked_mul(rust_decimal::Decimal::from(1000))?;
    if !milli.fract().is_zero() {
        return None;
    }
    i64::try_from(milli.trunc()).ok()
}

#[cfg(test)]
mod text_tests {
    use super::*;

    #[test]
    fn quantities_are_written_plainly_and_read_in_either_spelling() {
        assert_eq!(milli_text(12_000), "12");
        assert_eq!(milli_text(1_500), "1.5");
        assert_eq!(milli_text(-250), "-0.25");
        assert_eq!(milli_text(0), "0");
        assert_eq!(parse_milli("12"), Some(12_000));
        assert_eq!(parse_milli(" 1,5 "), Some(1_500));
        assert_eq!(parse_milli("1.250"), Some(1_250));
        assert_eq!(parse_milli("-3"), Some(-3_000));
        assert_eq!(parse_milli("1.2345"), None);
        assert_eq!(parse_milli("doce"), None);
        assert_eq!(parse_milli(""), None);
        for m in [-12_345, -1, 0, 7, 999, 1_000, 123_456] {
            assert_eq!(parse_milli(&milli_text(m)), Some(m));
        }
    }
}
