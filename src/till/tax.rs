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
    /// Recargo de equivalencia on the base (a full invoice to a customer in that regime):
    /// its rate and amount, charged on top of `gross`.
    #[serde(default)]
    pub recargo_bp: u32,
    #[serde(default)]
    pub recargo: i64,
}

/// Adds the recargo de equivalencia to each row whose rate has one in `rates` (rate → recargo,
/// basis points), on its base, rounded half up; answers the recargo in all.
pub fn add_recargo(rows: &mut [TaxRow], rates: &std::collections::BTreeMap<u32, u32>) -> i64 {
    let mut all = 0;
    for row in rows.iter_mut() {
        let bp = if row.rate_bp == 0 {
            0
        } else {
            rates.get(&row.rate_bp).copied().unwrap_or(0)
        };
        row.recargo_bp = bp;
        row.recargo = i64::try_from(div_round(
            i128::from(row.base) * i128::from(bp),
            10_000,
            Rounding::HalfUp,
        ))
        .unwrap_or(0);
        all += row.recargo;
    }
    all
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
        recargo_bp: 0,
        recargo: 0,
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

/// A rate typed by a person, in percent (`21`, `10,5`, `5.5`, `21 %`), as basis points.
pub fn parse_percent(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if frac.len() > 2
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: u32 = format!("{frac:0<2}").parse().ok()?;
    let bp = whole.checked_mul(100)?.checked_add(frac)?;
    (bp <= MAX_RATE_BP).then_some(bp)
}

/// The tax a class is of: IVA in most of Spain, IGIC in the Canary Islands, IPSI in Ceuta and
/// Melilla. Receipts say "IVA incluido" / "IGIC incluido" / "IPSI incluido" after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaxKind {
    #[default]
    Iva,
    Igic,
    Ipsi,
}

impl TaxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TaxKind::Iva => "iva",
            TaxKind::Igic => "igic",
            TaxKind::Ipsi => "ipsi",
        }
    }

    pub fn parse(text: &str) -> Option<TaxKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "iva" => Some(TaxKind::Iva),
            "igic" => Some(TaxKind::Igic),
            "ipsi" => Some(TaxKind::Ipsi),
            _ => None,
        }
    }

    /// The tax's name as printed ("IVA").
    pub fn label(self) -> &'static str {
        match self {
            TaxKind::Iva => "IVA",
            TaxKind::Igic => "IGIC",
            TaxKind::Ipsi => "IPSI",
        }
    }
}

/// Where the shop is, for taxes: it picks the tax and the preset classes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Territory {
    /// The Peninsula and the Balearic Islands: IVA.
    #[default]
    Peninsula,
    /// The Canary Islands: IGIC.
    Canarias,
    /// Ceuta: IPSI.
    Ceuta,
    /// Melilla: IPSI.
    Melilla,
    /// Outside Spain: one general class at 0 % to edit.
    Other,
}

impl Territory {
    pub const ALL: [Territory; 5] = [
        Territory::Peninsula,
        Territory::Canarias,
        Territory::Ceuta,
        Territory::Melilla,
        Territory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Territory::Peninsula => "peninsula",
            Territory::Canarias => "canarias",
            Territory::Ceuta => "ceuta",
            Territory::Melilla => "melilla",
            Territory::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Territory> {
        Territory::ALL
            .into_iter()
            .find(|t| t.as_str() == text.trim().to_ascii_lowercase())
    }

    /// The tax charged there.
    pub fn kind(self) -> TaxKind {
        match self {
            Territory::Canarias => TaxKind::Igic,
            Territory::Ceuta | Territory::Melilla => TaxKind::Ipsi,
            Territory::Peninsula | Territory::Other => TaxKind::Iva,
        }
    }
}

/// Why an exempt class pays no tax: the causes of the Ley del IVA that VERI*FACTU names
/// (`E1` art. 20, `E2` art. 21, `E3` art. 22, `E4` arts. 23–24, `E5` art. 25, `E6` other).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Exemption {
    E1,
    E2,
    E3,
    E4,
    E5,
    E6,
}

impl Exemption {
    pub const ALL: [Exemption; 6] = [
        Exemption::E1,
        Exemption::E2,
        Exemption::E3,
        Exemption::E4,
        Exemption::E5,
        Exemption::E6,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Exemption::E1 => "E1",
            Exemption::E2 => "E2",
            Exemption::E3 => "E3",
            Exemption::E4 => "E4",
            Exemption::E5 => "E5",
            Exemption::E6 => "E6",
        }
    }

    pub fn parse(text: &str) -> Option<Exemption> {
        Exemption::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// The article of the law, as a receipt's exempt line cites it.
    pub fn article(self) -> &'static str {
        match self {
            Exemption::E1 => "art. 20 LIVA",
            Exemption::E2 => "art. 21 LIVA",
            Exemption::E3 => "art. 22 LIVA",
            Exemption::E4 => "arts. 23 y 24 LIVA",
            Exemption::E5 => "art. 25 LIVA",
            Exemption::E6 => "otros",
        }
    }
}

/// A class's rate from a day on (until the next one's day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedRate {
    /// The first day (shop's local date) the rate applies.
    pub from: chrono::NaiveDate,
    pub rate_bp: u32,
    /// Recargo de equivalencia, charged only on a full invoice to a customer in that regime.
    pub recargo_bp: u32,
}

/// A tax class: what a product belongs to. Its rate can change from a date without touching
/// a past ticket (they keep the rate they were sold at).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxClass {
    /// Short unique code (`general`, `reducido`, `superreducido`, `exento`, …).
    pub code: String,
    /// Name shown to people ("IVA reducido").
    pub name: String,
    pub kind: TaxKind,
    /// Set on exempt classes (their rate is 0).
    pub exemption: Option<Exemption>,
    /// Ascending by `from`.
    pub rates: Vec<DatedRate>,
}

/// What is wrong with a tax class or a rate change.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TaxClassError {
    #[error("a tax class code is 1 to 20 lowercase letters, digits or dashes")]
    BadCode,
    #[error("a tax class needs a name")]
    NameMissing,
    #[error("a rate is between 0 and 100 %")]
    RateOutOfRange,
    #[error("an exempt class has a rate of 0 %")]
    ExemptWithRate,
    #[error("a tax class needs a rate")]
    NoRate,
}

impl TaxClass {
    /// The rate in force on `day` (the latest that started on or before it).
    pub fn in_force(&self, day: chrono::NaiveDate) -> Option<&DatedRate> {
        self.rates.iter().rev().find(|r| r.from <= day)
    }

    /// Checks the class as a whole.
    pub fn check(&self) -> Result<(), TaxClassError> {
        let code_ok = !self.code.is_empty()
            && self.code.len() <= 20
            && self
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !code_ok {
            return Err(TaxClassError::BadCode);
        }
        if self.name.trim().is_empty() {
            return Err(TaxClassError::NameMissing);
        }
        if self.rates.is_empty() {
            return Err(TaxClassError::NoRate);
        }
        for r in &self.rates {
            if r.rate_bp > MAX_RATE_BP || r.recargo_bp > MAX_RATE_BP {
                return Err(TaxClassError::RateOutOfRange);
            }
            if self.exemption.is_some() && r.rate_bp != 0 {
                return Err(TaxClassError::ExemptWithRate);
            }
        }
        Ok(())
    }
}

/// The classes a new store of `territory` starts with, in force from `from` (the rates of
/// 2025; a manager adds a dated rate when the law changes).
pub fn presets(territory: Territory, from: chrono::NaiveDate) -> Vec<TaxClass> {
    let kind = territory.kind();
    let label = kind.label();
    let class = |code: &str, name: &str, rate_bp: u32, recargo_bp: u32| TaxClass {
        code: code.to_string(),
        name: format!("{label} {name}"),
        kind,
        exemption: None,
        rates: vec![DatedRate {
            from,
            rate_bp,
            recargo_bp,
        }],
    };
    let exempt = TaxClass {
        exemption: Some(Exemption::E1),
        ..class("exento", "exento", 0, 0)
    };
    match territory {
        Territory::Peninsula => vec![
            class("general", "general", 2100, 520),
            class("reducido", "reducido", 1000, 140),
            class("superreducido", "superreducido", 400, 50),
            exempt,
        ],
        Territory::Canarias => vec![
            class("general", "general", 700, 0),
            class("reducido", "reducido", 300, 0),
            class("cero", "tipo cero", 0, 0),
            class("incrementado", "incrementado", 950, 0),
            class("especial", "especial incrementado", 1500, 0),
            exempt,
        ],
        Territory::Ceuta | Territory::Melilla => vec![
            class("general", "general", 400, 0),
            class("reducido", "reducido", 100, 0),
            class("superreducido", "superreducido", 50, 0),
            exempt,
        ],
        Territory::Other => vec![class("general", "general", 0, 0)],
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn percentages_as_people_type_them() {
        assert_eq!(parse_percent("21"), Some(2100));
        assert_eq!(parse_percent("10,5"), Some(1050));
        assert_eq!(parse_percent("5.25 %"), Some(525));
        assert_eq!(parse_percent("0"), Some(0));
        assert_eq!(parse_percent("101"), None);
        assert_eq!(parse_percent("1.234"), None);
        assert_eq!(parse_percent("IVA"), None);
        assert_eq!(parse_percent(""), None);
    }

    fn day(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_rate_in_force_follows_its_dates() {
        // Spain's food IVA: 4 % until 2022, 0 % from 2023-01-01, 2 % from 2024-10-01, 4 % from
        // 2025-01-01 — a change never touches the days before it.
        let mut class = presets(Territory::Peninsula, day("2022-01-01")).remove(2);
        for (from, bp) in [("2023-01-01", 0), ("2024-10-01", 200), ("2025-01-01", 400)] {
            class.rates.push(DatedRate {
                from: day(from),
                rate_bp: bp,
                recargo_bp: 0,
            });
        }
        class.check().unwrap();
        let at = |d: &str| class.in_force(day(d)).map(|r| r.rate_bp);
        assert_eq!(at("2021-12-31"), None);
        assert_eq!(at("2022-12-31"), Some(400));
        assert_eq!(at("2023-01-01"), Some(0));
        assert_eq!(at("2024-09-30"), Some(0));
        assert_eq!(at("2024-10-01"), Some(200));
        assert_eq!(at("2026-06-01"), Some(400));
    }

    #[test]
    fn presets_per_territory_are_valid_and_of_their_tax() {
        for t in Territory::ALL {
            let classes = presets(t, day("2025-01-01"));
            assert!(classes.iter().any(|c| c.code == "general"), "{t:?}");
            for c in &classes {
                c.check().unwrap();
                assert_eq!(c.kind, t.kind());
            }
        }
        let canarias = presets(Territory::Canarias, day("2025-01-01"));
        assert_eq!(canarias[0].name, "IGIC general");
        assert_eq!(canarias[0].rates[0].rate_bp, 700);
    }

    #[test]
    fn an_exempt_class_cannot_carry_a_rate() {
        let mut c = presets(Territory::Peninsula, day("2025-01-01")).remove(3);
        assert_eq!(c.exemption, Some(Exemption::E1));
        c.rates[0].rate_bp = 100;
        assert_eq!(c.check(), Err(TaxClassError::ExemptWithRate));
        c.code = "Bad Code".into();
        assert_eq!(c.check(), Err(TaxClassError::BadCode));
    }

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
