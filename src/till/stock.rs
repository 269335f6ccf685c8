//! Stock, pure: why a product's stock moves, the average cost a goods receipt leaves, a
//! count's variance, and what a low product suggests ordering. Quantities in thousandths (as
//! `quantity.rs`), money in minor units; the store keeps the movements.

use serde::{Deserialize, Serialize};

/// Why a product's stock moved: one per movement of the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StockReason {
    Sale,
    Return,
    /// What a product held when its ledger began.
    Opening,
    /// A supplier's delivery (a goods receipt posted).
    Receipt,
    Waste,
    Breakage,
    Theft,
    OwnUse,
    Correction,
    /// A stock count's variance applied.
    Count,
}

impl StockReason {
    pub const ALL: [StockReason; 10] = [
        StockReason::Sale,
        StockReason::Return,
        StockReason::Opening,
        StockReason::Receipt,
        StockReason::Waste,
        StockReason::Breakage,
        StockReason::Theft,
        StockReason::OwnUse,
        StockReason::Correction,
        StockReason::Count,
    ];

    /// The reasons a manager gives for an adjustment.
    pub const ADJUSTMENTS: [StockReason; 5] = [
        StockReason::Waste,
        StockReason::Breakage,
        StockReason::Theft,
        StockReason::OwnUse,
        StockReason::Correction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StockReason::Sale => "sale",
            StockReason::Return => "return",
            StockReason::Opening => "opening",
            StockReason::Receipt => "receipt",
            StockReason::Waste => "waste",
            StockReason::Breakage => "breakage",
            StockReason::Theft => "theft",
            StockReason::OwnUse => "own_use",
            StockReason::Correction => "correction",
            StockReason::Count => "count",
        }
    }

    pub fn parse(text: &str) -> Option<StockReason> {
        let text = text.trim().to_ascii_lowercase().replace('-', "_");
        StockReason::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// An adjustment's reason (what a manager may give by hand).
    pub fn is_adjustment(self) -> bool {
        StockReason::ADJUSTMENTS.contains(&self)
    }
}

/// The product's average cost after receiving `qty_milli` at `unit_cost`: the stock on hand
/// valued at the old cost plus the delivery, over both, rounded half up. Stock at or below
/// zero, or no cost known yet, takes the delivery's cost.
pub fn average_cost(stock_milli: i64, cost: Option<i64>, qty_milli: i64, unit_cost: i64) -> i64 {
    let Some(cost) = cost.filter(|_| stock_milli > 0) else {
        return unit_cost;
    };
    if qty_milli <= 0 {
        return cost;
    }
    let value =
        i128::from(stock_milli) * i128::from(cost) + i128::from(qty_milli) * i128::from(unit_cost);
    let units = i128::from(stock_milli) + i128::from(qty_milli);
    i64::try_from((2 * value + units) / (2 * units)).unwrap_or(unit_cost)
}

/// The value of a quantity at a unit cost, rounded half away from zero to the minor unit.
pub fn value_of(qty_milli: i64, unit_cost: i64) -> i64 {
    let v = i128::from(qty_milli) * i128::from(unit_cost);
    let rounded = if v >= 0 {
        (v + 500) / 1000
    } else {
        (v - 500) / 1000
    };
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// A product counted: what was counted against what the ledger held when it was first
/// counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Variance {
    pub expected_milli: i64,
    pub counted_milli: i64,
}

impl Variance {
    /// Counted − expected: what the count's adjustment moves.
    pub fn qty_milli(&self) -> i64 {
        self.counted_milli - self.expected_milli
    }

    /// The variance's value at a unit cost (none when the cost is unknown).
    pub fn value(&self, cost: Option<i64>) -> Option<i64> {
        cost.map(|c| value_of(self.qty_milli(), c))
    }
}

/// A product's reorder settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Reorder {
    pub point_milli: i64,
    /// How much to order when low; `None`: up to twice the point.
    pub qty_milli: Option<i64>,
}

impl Reorder {
    /// Below the point (a stock below zero is always low).
    pub fn is_low(&self, stock_milli: i64) -> bool {
        stock_milli < self.point_milli || stock_milli < 0
    }

    /// The quantity to order for a product at `stock_milli`, in whole units unless `weighed`
    /// (then to the gram); `None` when it is not low.
    pub fn suggestion(&self, stock_milli: i64, weighed: bool) -> Option<i64> {
        if !self.is_low(stock_milli) {
            return None;
        }
        let qty = match self.qty_milli {
            Some(q) => q,
            None => (2 * self.point_milli - stock_milli).max(1),
        };
        Some(if weighed {
            qty
        } else {
            ((qty + 999) / 1000).max(1) * 1000
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reasons_read_back_and_adjustments_are_the_managers_five() {
        for r in StockReason::ALL {
            assert_eq!(StockReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(StockReason::parse("Own-Use"), Some(StockReason::OwnUse));
        assert_eq!(StockReason::parse("lost"), None);
        assert!(StockReason::Waste.is_adjustment());
        assert!(!StockReason::Sale.is_adjustment());
        assert!(!StockReason::Count.is_adjustment());
    }

    #[test]
    fn average_cost_weighs_stock_on_hand_against_the_delivery() {
        // 10 at 1.00 + 10 at 2.00 → 1.50.
        assert_eq!(average_cost(10_000, Some(100), 10_000, 200), 150);
        // No cost yet, or nothing on hand: the delivery's cost.
        assert_eq!(average_cost(10_000, None, 5_000, 130), 130);
        assert_eq!(average_cost(-2_000, Some(100), 5_000, 130), 130);
        // Rounded half up: 1 at 1 + 2 at 2 = 5/3 = 1.67.
        assert_eq!(average_cost(1_000, Some(1), 2_000, 2), 2);
        assert_eq!(average_cost(3_000, Some(100), 0, 500), 100);
    }

    #[test]
    fn values_round_half_away_from_zero() {
        assert_eq!(value_of(1_500, 199), 299); // 1.5 × 1.99 = 2.985
        assert_eq!(value_of(-1_500, 199), -299);
        assert_eq!(value_of(250, 2), 1); // 0.5 → 1
    }

    #[test]
    fn a_low_product_suggests_up_to_twice_its_point_or_its_quantity() {
        let r = Reorder {
            point_milli: 10_000,
            qty_milli: None,
        };
        assert!(!r.is_low(10_000));
        assert_eq!(r.suggestion(10_000, false), None);
        assert_eq!(r.suggestion(4_000, false), Some(16_000));
        assert_eq!(r.suggestion(-3_000, false), Some(23_000));
        assert_eq!(r.suggestion(4_500, false), Some(16_000)); // 15.5 → 16 whole units
        assert_eq!(r.suggestion(4_500, true), Some(15_500));
        let fixed = Reorder {
            point_milli: 0,
            qty_milli: Some(24_000),
        };
        assert!(fixed.is_low(-1));
        assert_eq!(fixed.suggestion(-1, false), Some(24_000));
    }

    proptest! {
        #[test]
        fn the_average_lies_between_the_two_costs(
            stock in 1i64..1_000_000, old in 0i64..100_000,
            qty in 1i64..1_000_000, new in 0i64..100_000,
        ) {
            let avg = average_cost(stock, Some(old), qty, new);
            prop_assert!(avg >= old.min(new) && avg <= old.max(new));
        }
    }
}
