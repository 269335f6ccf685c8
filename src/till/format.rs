//! Display of amounts, quantities and rates in the user's locale, kept apart from the values.

use super::money::Currency;
use serde::{Deserialize, Serialize};

/// The languages Caja speaks. Spanish is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Es,
    En,
}

impl Locale {
    fn separators(self) -> (char, char) {
        match self {
            Locale::Es => ('.', ','),
            Locale::En => (',', '.'),
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

/// A fixed-point number (`value / 10^digits`) with locale separators, no currency sign.
pub fn format_fixed(value: i64, digits: u32, locale: Locale) -> String {
    let (thousands, decimal) = locale.separators();
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

/// `1.234,56 €` in Spanish, `€1,234.56` in English.
pub fn format_money(minor: i64, currency: Currency, locale: Locale) -> String {
    let number = format_fixed(minor, currency.minor_digits(), locale);
    let symbol = match currency {
        Currency::Eur => "€",
        Currency::Usd | Currency::Mxn | Currency::Cop | Currency::Ars | Currency::Clp => "$",
        Currency::Pen => "S/",
    };
    match (locale, currency) {
        (Locale::Es, Currency::Eur) => format!("{number} {symbol}"),
        _ => {
            if let Some(rest) = number.strip_prefix('-') {
                format!("-{symbol}{rest}")
            } else {
                format!("{symbol}{number}")
            }
        }
    }
}

/// A tax rate in basis points as a percentage: 2100 → `21 %` (es) / `21%` (en).
pub fn format_rate(rate_bp: u32, locale: Locale) -> String {
    let whole = rate_bp / 100;
    let frac = rate_bp % 100;
    let number = if frac == 0 {
        whole.to_string()
    } else {
        format_fixed(i64::from(rate_bp), 2, locale)
    };
    match locale {
        Locale::Es => format!("{number} %"),
        Locale::En => format!("{number}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_and_english_money() {
        assert_eq!(
            format_money(123456, Currency::Eur, Locale::Es),
            "1.234,56 €"
        );
        assert_eq!(format_money(123456, Currency::Eur, Locale::En), "€1,234.56");
        assert_eq!(format_money(-5, Currency::Eur, Locale::Es), "-0,05 €");
        assert_eq!(format_money(-5, Currency::Eur, Locale::En), "-€0.05");
        assert_eq!(format_money(1500, Currency::Clp, Locale::Es), "$1.500");
    }

    #[test]
    fn rates() {
        assert_eq!(format_rate(2100, Locale::Es), "21 %");
        assert_eq!(format_rate(550, Locale::En), "5.50%");
    }
}
