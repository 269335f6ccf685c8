//! Tax included in prices (IVA style) and the per-rate breakdown every ticket carries.
//!
//! Prices are gross. For each rate the gross of its lines is split once per ticket into base and
//! quota: `base = round(gross / (1 + rate))`, `quota = gross − base`. So the bases plus quotas add
//! up to the total to the cent, by construction, whatever the number of lines.

use super::money::{Rounding, div_round};
use serde::{Deserialize, Serialize};

/// Spanish IVA rates in basis points.
pub const IVA_GENERAL_BP: u32 = 2100;
pub const IVA_REDUCED_BP: u32 = 1000;
pub const IVA_SUPER_REDUCED_BP: u32 = 400;
pub const IVA_EXEMPT_BP: u32 = 0;

/// Largest tax rate accepted (100 %).
pub const MAX_RATE_BP: u32 = 10_000;

/// One row of the tax breakdown: every line at one rate together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRow {
    pub rate_bp: u32,
    pub base: i64,
    pub quota: i64,
    pub gross: i64,
}

/// Splits a gross (tax-included) amount at `rate_bp` into base and quota.
pub fn split_gross(gross: i64, rate_bp: u32, rounding: Rounding) -> TaxRow {
    let base = div_round(
        i128::from(gross) * 10_000,
        10_000 + i128::from(rate_bp),
        rounding,
    );
    // |base| ≤ |gross|, so it fits in i64.
    let base = i64::try_from(base).unwrap_or(gross);
    TaxRow {
        rate_bp,
        base,
        quota: gross - base,
        gross,
    }
}

/// Groups `(rate, gross)` pairs by rate (ascending) and splits each group once.
pub fn breakdown<I>(lines: I, rounding: Rounding) -> Vec<TaxRow>
where
    I: IntoIterator<Item = (u32, i64)>,
{
    let mut by_rate: std::collections::BTreeMap<u32, i64> = std::collections::BTreeMap::new();
    for (rate, gross) in lines {
        *by_rate.entry(rate).or_insert(0) += gross;
    }
    by_rate
        .into_iter()
        .map(|(rate, gross)| split_gross(gross, rate, rounding))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_known_ticket() {
        // 1,21 € at 21 % is 1,00 base + 0,21 quota.
        let row = split_gross(121, IVA_GENERAL_BP, Rounding::HalfUp);
        assert_eq!((row.base, row.quota), (100, 21));
        // 2,50 € at 10 %: 2,2727… → 2,27 + 0,23.
        let row = split_gross(250, IVA_REDUCED_BP, Rounding::HalfUp);
        assert_eq!((row.base, row.quota), (227, 23));
        let row = split_gross(-250, IVA_REDUCED_BP, Rounding::HalfUp);
        assert_eq!((row.base, row.quota), (-227, -23));
    }
}
