//! Display of amounts, quantities and rates in the shop's number format, kept apart from the
//! values and from the language: Spain writes `1.234,56`, Mexico `1,234.56`, both in Spanish.

use super::money::Currency;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// How the till speaks and writes: its language (the message files) and its number format —
/// two settings, `till.language` and `till.number_format`, so a Mexican shop reads Spanish and
/// writes `1,234.56`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locale {
    pub lang: Lang,
    pub numbers: NumberFormat,
}

impl Locale {
    pub fn new(lang: Lang, numbers: NumberFormat) -> Locale {
        Locale { lang, numbers }
    }

    /// Spanish of Spain: the default.
    pub fn es() -> Locale {
        Locale::new(Lang::get("es"), NumberFormat::Comma)
    }

    /// English, with the decimal point.
    pub fn en() -> Locale {
        Locale::new(Lang::get("en"), NumberFormat::Point)
    }
}

impl Default for Locale {
    fn default() -> Locale {
        Locale::es()
    }
}

impl From<Locale> for NumberFormat {
    fn from(locale: Locale) -> NumberFormat {
        locale.numbers
    }
}

/// How numbers are written: which character groups thousands and which marks the decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NumberFormat {
    /// `1.234,56` — Spain, Argentina, Chile, Colombia, most of Europe.
    #[default]
    #[serde(rename = "1.234,56")]
    Comma,
    /// `1,234.56` — Mexico, Peru, the United States, English.
    #[serde(rename = "1,234.56")]
    Point,
}

impl NumberFormat {
    /// The format a language tag's region writes: `es-MX`, `es-PE`, `es-US` and English use
    /// the decimal point; Spanish elsewhere the decimal comma.
    pub fn for_language(tag: &str) -> NumberFormat {
        let tag = tag.to_ascii_lowercase().replace('_', "-");
        let point = tag.starts_with("en")
            || [
                "es-mx", "es-pe", "es-us", "es-pr", "es-do", "es-gt", "es-hn", "es-ni", "es-sv",
                "es-pa",
            ]
            .iter()
            .any(|t| tag.starts_with(t));
        if point {
            NumberFormat::Point
        } else {
            NumberFormat::Comma
        }
    }

    /// How it is written in the configuration (`till.number_format`).
    pub fn as_str(self) -> &'static str {
        match self {
            NumberFormat::Comma => "1.234,56",
            NumberFormat::Point => "1,234.56",
        }
    }

    fn separators(self) -> (char, char) {
        match self {
            NumberFormat::Comma => ('.', ','),
            NumberFormat::Point => (',', '.'),
        }
    }
}

fn group_thousands(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A fixed-point number (`value / 10^digits`) with the format's separators, no currency sign.
pub fn format_fixed(value: i64, digits: u32, format: impl Into<NumberFormat>) -> String {
    let (thousands, decimal) = format.into().separators();
    let negative = value < 0;
    let abs = value.unsigned_abs();
    let scale = 10u64.pow(digits);
    let int_part = group_thousands(&(abs / scale).to_string(), thousands);
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&int_part);
    if digits > 0 {
        out.push(decimal);
        out.push_str(&format!("{:0width$}", abs % scale, width = digits as usize));
    }
    out
}

/// A quantity as a person reads it: whole units (`12`, `-3`, `1.200` grouped) for a product
/// sold by the unit, kilograms with three decimals and `kg` for a weighed one.
pub fn format_quantity(
    milli: i64,
    measure: super::quantity::Measure,
    format: impl Into<NumberFormat>,
) -> String {
    match measure {
        super::quantity::Measure::Unit if milli % 1000 == 0 => {
            format_fixed(milli / 1000, 0, format)
        }
        _ => format!("{} kg", format_fixed(milli, 3, format)),
    }
}

/// A decimal with a point and no grouping, as files and fiscal records write amounts:
/// `12345` with 2 digits → `123.45`, `-1230` → `-12.30`, with 0 digits → `1500`.
pub fn plain_decimal(value: i64, digits: u32) -> String {
    format_fixed(value, digits, NumberFormat::Point).replace(',', "")
}

/// `1.234,56 €` where the decimal comma is written, `€1,234.56` where the point is; every
/// peso and dollar before its number (`$1.500` in Chile, `$1,500.00` in Mexico).
pub fn format_money(minor: i64, currency: Currency, format: impl Into<NumberFormat>) -> String {
    let format = format.into();
    let number = format_fixed(minor, currency.minor_digits(), format);
    let symbol = match currency {
        Currency::Eur => "€",
        Currency::Usd | Currency::Mxn | Currency::Cop | Currency::Ars | Currency::Clp => "$",
        Currency::Pen => "S/",
    };
    match (format, currency) {
        (NumberFormat::Comma, Currency::Eur) => format!("{number} {symbol}"),
        _ => {
            if let Some(rest) = number.strip_prefix('-') {
                format!("-{symbol}{rest}")
            } else {
                format!("{symbol}{number}")
            }
        }
    }
}

/// A tax rate in basis points as a percentage: 2100 → `21 %` (decimal comma) / `21%`.
pub fn format_rate(rate_bp: u32, format: impl Into<NumberFormat>) -> String {
    let format = format.into();
    let whole = rate_bp / 100;
    let frac = rate_bp % 100;
    let number = if frac == 0 {
        whole.to_string()
    } else {
        format_fixed(i64::from(rate_bp), 2, format)
    };
    match format {
        NumberFormat::Comma => format!("{number} %"),
        NumberFormat::Point => format!("{number}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_and_english_money() {
        assert_eq!(
            format_money(123456, Currency::Eur, NumberFormat::Comma),
            "1.234,56 €"
        );
        assert_eq!(
            format_money(123456, Currency::Eur, NumberFormat::Point),
            "€1,234.56"
        );
        assert_eq!(
            format_money(-5, Currency::Eur, NumberFormat::Comma),
            "-0,05 €"
        );
        assert_eq!(
            format_money(-5, Currency::Eur, NumberFormat::Point),
            "-€0.05"
        );
        assert_eq!(
            format_money(1500, Currency::Clp, NumberFormat::Comma),
            "$1.500"
        );
    }

    #[test]
    fn the_format_follows_the_region_not_the_language() {
        assert_eq!(NumberFormat::for_language("es"), NumberFormat::Comma);
        assert_eq!(NumberFormat::for_language("es-ES"), NumberFormat::Comma);
        assert_eq!(
            NumberFormat::for_language("es_CL.UTF-8"),
            NumberFormat::Comma
        );
        assert_eq!(NumberFormat::for_language("es-MX"), NumberFormat::Point);
        assert_eq!(NumberFormat::for_language("en"), NumberFormat::Point);
        assert_eq!(
            format_money(123456, Currency::Mxn, NumberFormat::Point),
            "$1,234.56"
        );
        assert_eq!(
            format_money(123456, Currency::Eur, NumberFormat::Comma),
            "1.234,56 €"
        );
    }

    #[test]
    fn rates() {
        assert_eq!(format_rate(2100, NumberFormat::Comma), "21 %");
        assert_eq!(format_rate(550, NumberFormat::Point), "5.50%");
    }
}
