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
