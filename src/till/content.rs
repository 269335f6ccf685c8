//! A packaged product's net content (500 g, 1,5 L, 6 × 330 ml), for the unit price a shelf
//! label must show beside the price (price per kilogram or per litre: Directive 98/6/EC, in
//! Spain RD 3423/2000). Kept in grams or millilitres, whole numbers; written `500 g`,
//! `1500 ml` in the store and the exchange files.

use super::format::NumberFormat;
use super::money::{Rounding, div_round};
use serde::{Deserialize, Serialize};

/// Largest content accepted (a 1,000 kg or 1,000 L pack).
const MAX: i64 = 1_000_000;

/// How much a package holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "unit", content = "amount", rename_all = "snake_case")]
pub enum NetContent {
    Grams(i64),
    Millilitres(i64),
}

/// Why a content cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("«{0}» is not a net content: write it as 500 g, 1,5 kg, 750 ml, 1 L or 6 x 330 ml")]
pub struct ContentError(pub String);

/// `1,5` or `1.5` in thousandths (1500); `None` for anything else or more than 3 decimals.
fn thousandths(text: &str) -> Option<i64> {
    let t = text.trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 3
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = format!("{frac:0<3}").parse().ok()?;
    whole.checked_mul(1000)?.checked_add(frac)
}

impl NetContent {
    /// Reads `500 g`, `0,5kg`, `1 L`, `1,5 l`, `750 ml`, `33 cl`, `6 x 330 ml`, `6×1,5 L`.
    pub fn parse(text: &str) -> Result<NetContent, ContentError> {
        let bad = || ContentError(text.trim().to_string());
        let lower = text.trim().to_lowercase();
        let (count, one) = match lower.split_once(['x', '×', '*']) {
            Some((n, rest)) => (n.trim().parse::<i64>().map_err(|_| bad())?, rest),
            None => (1, lower.as_str()),
        };
        let one = one.trim();
        let split = one.find(|c: char| c.is_alphabetic()).ok_or_else(bad)?;
        let (number, unit) = one.split_at(split);
        let amount = thousandths(number).ok_or_else(bad)?;
        // (unit, thousandths of it per gram or millilitre, grams?)
        let (per, grams) = match unit.trim().trim_end_matches('.') {
            "g" | "gr" | "grs" | "gramos" => (1000, true),
            "kg" | "kgs" | "kilo" | "kilos" => (1, true),
            "ml" => (1000, false),
            "cl" => (100, false),
            "l" | "lt" | "litro" | "litros" => (1, false),
            _ => return Err(bad()),
        };
        if amount % per != 0 {
            // Less than a gram or a millilitre.
            return Err(bad());
        }
        let base = count.checked_mul(amount / per).ok_or_else(bad)?;
        if !(1..=MAX).contains(&base) || count < 1 {
            return Err(bad());
        }
        Ok(if grams {
            NetContent::Grams(base)
        } else {
            NetContent::Millilitres(base)
        })
    }

    /// As the store and the exchange files keep it: `500 g`, `1500 ml`.
    pub fn to_stored(self) -> String {
        match self {
            NetContent::Grams(g) => format!("{g} g"),
            NetContent::Millilitres(ml) => format!("{ml} ml"),
        }
    }

    /// For people: `500 g`, `1,5 kg`, `750 ml`, `1,5 L`.
    pub fn display(self, format: impl Into<NumberFormat>) -> String {
        let format = format.into();
        let (amount, small, big) = match self {
            NetContent::Grams(g) => (g, "g", "kg"),
            NetContent::Millilitres(ml) => (ml, "ml", "L"),
        };
        if amount < 1000 {
            return format!("{amount} {small}");
        }
        let sep = if format == NumberFormat::Comma {
            ','
        } else {
            '.'
        };
        let frac = format!("{:03}", amount % 1000);
        let frac = frac.trim_end_matches('0');
        let text = if frac.is_empty() {
            (amount / 1000).to_string()
        } else {
            format!("{}{sep}{frac}", amount / 1000)
        };
        format!("{text} {big}")
    }

    /// The price per kilogram or litre of a package sold at `price` (minor units, rounded
    /// half up), and that unit's symbol.
    pub fn unit_price(self, price: i64) -> (i64, &'static str) {
        let (amount, unit) = match self {
            NetContent::Grams(g) => (g, "kg"),
            NetContent::Millilitres(ml) => (ml, "L"),
        };
        let per = div_round(
            i128::from(price) * 1000,
            i128::from(amount.max(1)),
            Rounding::HalfUp,
        );
        (i64::try_from(per).unwrap_or(i64::MAX), unit)
    }

    /// The content a product's name ends with ("Leche entera 1 L", "Agua pack 6×1,5 L"), if any:
    /// for the demo store, which has no content column to read.
    pub fn from_name(name: &str) -> Option<NetContent> {
        let words: Vec<&str> = name.split_whitespace().collect();
        (1..=2.min(words.len()))
            .rev()
            .find_map(|n| NetContent::parse(&words[words.len() - n..].join(" ")).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_as_labels_and_files_write_them() {
        let ok = |t: &str| NetContent::parse(t).unwrap();
        assert_eq!(ok("500 g"), NetContent::Grams(500));
        assert_eq!(ok("0,5kg"), NetContent::Grams(500));
        assert_eq!(ok("1.25 KG"), NetContent::Grams(1250));
        assert_eq!(ok("1 L"), NetContent::Millilitres(1000));
        assert_eq!(ok("1,5 l"), NetContent::Millilitres(1500));
        assert_eq!(ok("33 cl"), NetContent::Millilitres(330));
        assert_eq!(ok("750ml"), NetContent::Millilitres(750));
        assert_eq!(ok("6 x 330 ml"), NetContent::Millilitres(1980));
        assert_eq!(ok("6×1,5 L"), NetContent::Millilitres(9000));
        for bad in [
            "",
            "500",
            "g",
            "0 g",
            "1,5 m",
            "0,5 g",
            "1.2345 kg",
            "x 1 L",
            "-1 L",
        ] {
            assert!(NetContent::parse(bad).is_err(), "{bad}");
        }
        let e = NetContent::parse("medio kilo").unwrap_err();
        assert!(e.to_string().contains("«medio kilo»"), "{e}");
    }

    #[test]
    fn stored_and_shown_round_trip() {
        for c in [
            NetContent::Grams(500),
            NetContent::Grams(1250),
            NetContent::Millilitres(1500),
            NetContent::Millilitres(330),
        ] {
            assert_eq!(NetContent::parse(&c.to_stored()).unwrap(), c);
            for f in [NumberFormat::Comma, NumberFormat::Point] {
                assert_eq!(NetContent::parse(&c.display(f)).unwrap(), c, "{f:?}");
            }
        }
        assert_eq!(
            NetContent::Millilitres(1500).display(NumberFormat::Comma),
            "1,5 L"
        );
        assert_eq!(NetContent::Grams(2000).display(NumberFormat::Point), "2 kg");
    }

    #[test]
    fn unit_prices_per_kilogram_and_litre() {
        // 1,05 € a litre of milk; 2,49 € for 9 L of water; 3,29 € for 250 g of coffee.
        assert_eq!(NetContent::Millilitres(1000).unit_price(105), (105, "L"));
        assert_eq!(NetContent::Millilitres(9000).unit_price(249), (28, "L"));
        assert_eq!(NetContent::Grams(250).unit_price(329), (1316, "kg"));
        assert_eq!(NetContent::Grams(3).unit_price(1), (333, "kg"));
    }

    #[test]
    fn a_content_is_found_at_the_end_of_a_name() {
        let from = NetContent::from_name;
        assert_eq!(
            from("Leche entera 1 L"),
            Some(NetContent::Millilitres(1000))
        );
        assert_eq!(
            from("Agua mineral pack 6×1,5 L"),
            Some(NetContent::Millilitres(9000))
        );
        assert_eq!(from("Macarrones 500 g"), Some(NetContent::Grams(500)));
        assert_eq!(from("Huevos L docena"), None);
        assert_eq!(from("Magdalenas 12 uds"), None);
    }
}
