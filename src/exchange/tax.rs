//! From what a file says about tax to one of the store's tax classes. Files name a rate
//! (`21`, `0,21`, `IVA 21% (Bienes)`, a `Tax - "IVA" (21%)` header), a class (`reducido`,
//! `IVA reducido`) or nothing; a product belongs to a class, so each is resolved to the class
//! whose rate in force on the day of the import equals it, the tax named in the text (IVA,
//! IGIC, IPSI) or else the store's first class's tax preferred. Results are cached per
//! distinct text: a million rows hold a handful of tax spellings.

use super::header::fold;
use super::value::{parse_decimal, percent_to_bp};
use crate::till::tax::{TaxClass, TaxKind};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A class of the store as the resolver sees it on the day of the import.
struct Entry {
    code: String,
    folded_code: String,
    folded_name: String,
    kind: TaxKind,
    rate_bp: u32,
}

/// Resolves tax texts and rates to the store's classes.
pub struct TaxResolver {
    entries: Vec<Entry>,
    cache: HashMap<String, Option<usize>>,
}

/// A resolved class: its code and its rate in force on the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved<'a> {
    pub code: &'a str,
    pub rate_bp: u32,
}

impl TaxResolver {
    /// The classes that have a rate in force on `today` (others cannot take new products).
    pub fn new(classes: &[TaxClass], today: chrono::NaiveDate) -> TaxResolver {
        let entries = classes
            .iter()
            .filter_map(|c| {
                Some(Entry {
                    code: c.code.clone(),
                    folded_code: fold(&c.code),
                    folded_name: fold(&c.name),
                    kind: c.kind,
                    rate_bp: c.in_force(today)?.rate_bp,
                })
            })
            .collect();
        TaxResolver {
            entries,
            cache: HashMap::new(),
        }
    }

    fn get(&self, index: usize) -> Resolved<'_> {
        let e = &self.entries[index];
        Resolved {
            code: &e.code,
            rate_bp: e.rate_bp,
        }
    }

    /// The class a cell's text names (by code, name or rate), cached per text.
    pub fn resolve_text(&mut self, text: &str) -> Option<Resolved<'_>> {
        let index = match self.cache.get(text) {
            Some(found) => *found,
            None => {
                let found = self.find_text(text);
                self.cache.insert(text.to_string(), found);
                found
            }
        };
        index.map(|i| self.get(i))
    }

    /// The class at `rate_bp` (a rate from a column header), `label` naming the tax.
    pub fn resolve_rate(&self, rate_bp: u32, label: &str) -> Option<Resolved<'_>> {
        self.find_rate(&[rate_bp], kind_in(&fold(label)))
            .map(|i| self.get(i))
    }

    fn find_text(&self, text: &str) -> Option<usize> {
        let folded = fold(text);
        if folded.is_empty() {
            return None;
        }
        if let Some(i) = self
            .entries
            .iter()
            .position(|e| e.folded_code == folded || e.folded_name == folded)
        {
            return Some(i);
        }
        let rates = rates_in(&folded);
        self.find_rate(&rates, kind_in(&folded))
    }

    /// The first class at one of `rates` (tried in order), of `kind` if one is.
    fn find_rate(&self, rates: &[u32], kind: Option<TaxKind>) -> Option<usize> {
        let kind = kind.or_else(|| self.entries.first().map(|e| e.kind));
        rates.iter().find_map(|&bp| {
            let at_rate = |e: &&Entry| e.rate_bp == bp;
            let same_kind = self
                .entries
                .iter()
                .position(|e| at_rate(&e) && Some(e.kind) == kind);
            same_kind.or_else(|| self.entries.iter().position(|e| at_rate(&e)))
        })
    }
}

/// The tax a text names, if it names one.
fn kind_in(folded: &str) -> Option<TaxKind> {
    [TaxKind::Igic, TaxKind::Ipsi, TaxKind::Iva]
        .into_iter()
        .find(|k| folded.contains(k.as_str()))
}

/// The rates (basis points) a text may mean, most likely first: the first number in it, as a
/// percentage; a number below 1 written with decimals and no `%` (`0,21`) first as a fraction.
pub fn rates_in(folded: &str) -> Vec<u32> {
    let Some(start) = folded.find(|c: char| c.is_ascii_digit()) else {
        return Vec::new();
    };
    let rest = &folded[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let number = rest[..end].trim_end_matches(['.', ',']);
    let percent_sign = rest[end..].trim_start().starts_with('%');
    let Some(value) = parse_decimal(number) else {
        return Vec::new();
    };
    let hundred = Decimal::ONE_HUNDRED;
    let mut out = Vec::new();
    if !percent_sign && value < Decimal::ONE && number.contains(['.', ',']) {
        out.extend(percent_to_bp(value * hundred));
    }
    out.extend(percent_to_bp(value));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::till::tax::{Territory, presets};

    fn day(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn rates_written_every_way_resolve_to_the_class_in_force() {
        let classes = presets(Territory::Peninsula, day("2024-01-01"));
        let mut r = TaxResolver::new(&classes, day("2025-06-01"));
        for text in [
            "IVA 21% (Bienes)",
            "21",
            "0,21",
            "0.21",
            "21.0",
            "21 %",
            "general",
        ] {
            assert_eq!(
                r.resolve_text(text).map(|c| c.code),
                Some("general"),
                "{text}"
            );
        }
        for text in ["reducido", "IVA reducido", "iva REDUCIDO", "10", "0.10"] {
            assert_eq!(
                r.resolve_text(text).map(|c| c.code),
                Some("reducido"),
                "{text}"
            );
        }
        assert_eq!(r.resolve_text("0").map(|c| c.code), Some("exento"));
        assert_eq!(r.resolve_text("IVA 7%"), None);
        assert_eq!(r.resolve_rate(400, "IVA").map(|c| c.rate_bp), Some(400));
        // Before the classes' first day nothing is in force.
        let mut early = TaxResolver::new(&classes, day("2023-01-01"));
        assert_eq!(early.resolve_text("21"), None);
    }

    #[test]
    fn a_rate_below_one_percent_is_read_as_such_when_no_fraction_fits() {
        // Ceuta's IPSI superreducido is 0,5 %: 50 % fits no class, 0,5 % does.
        let classes = presets(Territory::Ceuta, day("2024-01-01"));
        let mut r = TaxResolver::new(&classes, day("2025-01-01"));
        assert_eq!(r.resolve_text("0,5").map(|c| c.code), Some("superreducido"));
        assert_eq!(r.resolve_text("IPSI 4%").map(|c| c.code), Some("general"));
        assert_eq!(rates_in("0,21"), [2100, 21]);
        assert_eq!(rates_in("iva 5.2% re"), [520]);
    }
}
