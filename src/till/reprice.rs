//! Bulk price changes: a percentage or an amount on many products at once, optionally rounded
//! to a price ending a shop uses (`.x9`, `.x5`: the last digit of the price in minor units —
//! 1,29 € / 1,35 €; 990 / 995 pesos). Pure: the store previews and applies.

use super::money::{Rounding, div_round};
use serde::Serialize;

/// How prices change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum PriceChange {
    /// Basis points: `500` = +5 %, `-1000` = −10 %.
    Percent(i64),
    /// Minor units added (negative: taken off).
    Amount(i64),
}

/// What is wrong with a requested change.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RepriceError {
    #[error("a change of «{0}» is not a percentage (5, -10, 2,5) or an amount")]
    Unreadable(String),
    #[error("a price ending is one digit (9 for .x9, 5 for .x5)")]
    Ending,
    #[error("a percentage below -100 % would make prices negative")]
    BelowZero,
}

/// Reads `+5%`, `-10 %`, `2,5%` (percent) — or without `%` an amount in minor units already
/// converted by the caller.
pub fn parse_percent_change(text: &str) -> Result<PriceChange, RepriceError> {
    let t = text.trim();
    let bad = || RepriceError::Unreadable(t.to_string());
    let body = t.strip_suffix('%').ok_or_else(bad)?.trim();
    let (sign, digits) = match body.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, body.strip_prefix('+').unwrap_or(body)),
    };
    let bp = super::tax::parse_percent(digits).ok_or_else(bad)?;
    let bp = sign * i64::from(bp);
    if bp < -10_000 {
        return Err(RepriceError::BelowZero);
    }
    Ok(PriceChange::Percent(bp))
}

/// The new price: the change (percent rounded half-up to the minor unit), never below zero,
/// then moved to the nearest price whose last digit is `ending` (ties upwards).
pub fn reprice(price: i64, change: PriceChange, ending: Option<u8>) -> i64 {
    let changed = match change {
        PriceChange::Percent(bp) => {
            let v = div_round(
                i128::from(price) * i128::from(10_000 + bp),
                10_000,
                Rounding::HalfUp,
            );
            i64::try_from(v).unwrap_or(i64::MAX)
        }
        PriceChange::Amount(delta) => price.saturating_add(delta),
    }
    .max(0);
    match ending {
        Some(d) if d <= 9 => {
            let d = i64::from(d);
            let base = changed - changed % 10;
            [base - 10 + d, base + d, base + 10 + d]
                .into_iter()
                .filter(|c| *c >= 0)
                .min_by_key(|c| ((c - changed).abs(), -c))
                .unwrap_or(changed)
        }
        _ => changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_amount_with_endings() {
        assert_eq!(reprice(100, PriceChange::Percent(500), None), 105);
        assert_eq!(reprice(199, PriceChange::Percent(1000), None), 219); // 218,9 → 219
        assert_eq!(reprice(123, PriceChange::Percent(500), Some(9)), 129); // 129,15 → 129
        assert_eq!(reprice(120, PriceChange::Percent(0), Some(9)), 119); // nearest .x9
        assert_eq!(reprice(124, PriceChange::Percent(0), Some(9)), 129); // 119 and 129 tie → up
        assert_eq!(reprice(131, PriceChange::Percent(0), Some(5)), 135);
        assert_eq!(reprice(100, PriceChange::Amount(-150), None), 0);
        assert_eq!(reprice(3, PriceChange::Percent(0), Some(9)), 9);
        assert_eq!(reprice(1000, PriceChange::Percent(-1000), None), 900);
    }

    #[test]
    fn changes_as_people_type_them() {
        assert_eq!(parse_percent_change("+5%"), Ok(PriceChange::Percent(500)));
        assert_eq!(
            parse_percent_change("-10 %"),
            Ok(PriceChange::Percent(-1000))
        );
        assert_eq!(parse_percent_change("2,5%"), Ok(PriceChange::Percent(250)));
        assert!(parse_percent_change("5").is_err());
        assert!(parse_percent_change("-150%").is_err());
    }
}
