//! What a product is, whoever writes it: the back office's form, `caja catalog add|set`, or a
//! catalog import. One type, one set of field checks, so a product the form refuses is refused
//! by the importer for the same reason with the same words.

use super::quantity::Measure;
use serde::{Deserialize, Serialize};

/// Longest product name (what fits a search row and a shelf label).
pub const MAX_NAME_CHARS: usize = 80;
/// Longest receipt name (fits a 42-column receipt line beside quantity and amount).
pub const MAX_SHORT_NAME_CHARS: usize = 24;
/// Longest SKU / PLU / category name.
pub const MAX_CODE_CHARS: usize = 40;
/// Largest price or cost accepted, in minor units (10 million in the major unit).
pub const MAX_PRICE_MINOR: i64 = 1_000_000_000;

/// A product as entered or imported, before it has an id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDraft {
    /// The shop's own reference, unique in the catalog when present.
    pub sku: Option<String>,
    pub name: String,
    /// The name on receipts when the full name is too long; `None` = the name.
    pub short_name: Option<String>,
    /// Category name; empty = none.
    pub category: String,
    /// The tax class's code (`general`, `reducido`, …): a product belongs to a class, never to
    /// a raw rate, so a rate change is one edit.
    pub tax_class: String,
    /// Price with tax, minor units, per unit or per kg.
    pub price: i64,
    /// Cost without tax, minor units, when known.
    pub cost: Option<i64>,
    /// Normalised GTINs (see `barcode::normalize_gtin`).
    pub barcodes: Vec<String>,
    /// A short number typed at the till (scales' PLUs), unique like a barcode.
    pub plu: Option<String>,
    pub measure: Measure,
    /// What a package holds (500 g, 1 L), for the price per kg or litre on shelf labels.
    pub net_content: Option<super::content::NetContent>,
    pub stock_tracked: bool,
    pub active: bool,
}

/// Why a typed value does not fit a field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("{field}: {reason}")]
    Money {
        field: &'static str,
        reason: super::money::MoneyParseError,
    },
    #[error("{field}: {reason}")]
    Barcode {
        field: &'static str,
        reason: super::barcode::BarcodeError,
    },
    #[error("unit is `unit` or `kg`, not «{0}»")]
    Unit(String),
    #[error("{field} is yes or no, not «{value}»")]
    Flag { field: &'static str, value: String },
    #[error("a PLU is 1 to 6 digits, not «{0}»")]
    Plu(String),
    #[error(transparent)]
    Content(#[from] super::content::ContentError),
}

/// Reads a yes/no as people write it (`yes`, `sí`, `y`, `true`, `1` …).
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "sí" | "si" | "s" | "true" | "1" | "verdadero" => Some(true),
        "no" | "n" | "false" | "0" | "falso" => Some(false),
        _ => None,
    }
}

/// A field of a product, for messages that point at one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductField {
    Sku,
    Name,
    ShortName,
    Category,
    TaxClass,
    Price,
    Cost,
    Barcodes,
    Plu,
    Measure,
    NetContent,
    StockTracked,
    Active,
}

impl ProductField {
    /// The name used in the generic import layout and `caja catalog set FIELD=VALUE`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProductField::Sku => "sku",
            ProductField::Name => "name",
            ProductField::ShortName => "short_name",
            ProductField::Category => "category",
            ProductField::TaxClass => "tax_class",
            ProductField::Price => "price",
            ProductField::Cost => "cost",
            ProductField::Barcodes => "barcodes",
            ProductField::Plu => "plu",
            ProductField::Measure => "unit",
            ProductField::NetContent => "net_content",
            ProductField::StockTracked => "stock_tracked",
            ProductField::Active => "active",
        }
    }

    pub const ALL: [ProductField; 13] = [
        ProductField::Sku,
        ProductField::Name,
        ProductField::ShortName,
        ProductField::Category,
        ProductField::TaxClass,
        ProductField::Price,
        ProductField::Cost,
        ProductField::Barcodes,
        ProductField::Plu,
        ProductField::Measure,
        ProductField::NetContent,
        ProductField::StockTracked,
        ProductField::Active,
    ];

    pub fn parse(text: &str) -> Option<ProductField> {
        ProductField::ALL
            .into_iter()
            .find(|f| f.as_str() == text.trim())
    }
}

/// Which fields of a product a source carries (an import file's columns): an import changes
/// only those of a product it matches and keeps the others as they are — a supplier's price
/// list (name, barcode, price) never clears a SKU, a cost or a net content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FieldSet(u32);

impl Default for FieldSet {
    fn default() -> FieldSet {
        FieldSet::ALL
    }
}

impl FieldSet {
    pub const ALL: FieldSet = FieldSet((1 << ProductField::ALL.len()) - 1);

    pub fn of(fields: impl IntoIterator<Item = ProductField>) -> FieldSet {
        FieldSet(fields.into_iter().fold(0, |bits, f| bits | 1 << f as u32))
    }

    pub fn has(self, field: ProductField) -> bool {
        self.0 & (1 << field as u32) != 0
    }

    /// The fields not in the set.
    pub fn missing(self) -> impl Iterator<Item = ProductField> {
        ProductField::ALL.into_iter().filter(move |f| !self.has(*f))
    }
}

/// What is wrong with one field of a product.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ProductProblem {
    #[error("a product needs a name")]
    NameMissing,
    #[error("the name is longer than {max} characters")]
    NameTooLong { max: usize },
    #[error("the receipt name is longer than {max} characters")]
    ShortNameTooLong { max: usize },
    #[error("{field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("a price must not be negative")]
    NegativePrice,
    #[error("a cost must not be negative")]
    NegativeCost,
    #[error("the amount is too large")]
    TooLarge,
    #[error("a product needs a tax class")]
    TaxClassMissing,
    #[error("the barcode {code} is listed twice")]
    BarcodeTwice { code: String },
    #[error("a name or code must be one line")]
    NotOneLine,
}

impl ProductProblem {
    /// The field the problem is about.
    pub fn field(&self) -> ProductField {
        match self {
            ProductProblem::NameMissing | ProductProblem::NameTooLong { .. } => ProductField::Name,
            ProductProblem::ShortNameTooLong { .. } => ProductField::ShortName,
            ProductProblem::TooLong { field, .. } => {
                ProductField::parse(field).unwrap_or(ProductField::Name)
            }
            ProductProblem::NegativePrice | ProductProblem::TooLarge => ProductField::Price,
            ProductProblem::NegativeCost => ProductField::Cost,
            ProductProblem::TaxClassMissing => ProductField::TaxClass,
            ProductProblem::BarcodeTwice { .. } => ProductField::Barcodes,
            ProductProblem::NotOneLine => ProductField::Name,
        }
    }
}

fn one_line(text: &str) -> bool {
    !text.contains(['\n', '\r'])
}

impl ProductDraft {
    /// Trims every text field (what a form or a spreadsheet cell may carry around it).
    pub fn tidy(mut self) -> ProductDraft {
        let trim_opt = |o: Option<String>| {
            o.map(|s| s.trim().to_string())
                .filter(|s: &String| !s.is_empty())
        };
        self.name = self.name.trim().to_string();
        self.category = self.category.trim().to_string();
        self.tax_class = self.tax_class.trim().to_string();
        self.sku = trim_opt(self.sku);
        self.short_name = trim_opt(self.short_name);
        self.plu = trim_opt(self.plu);
        self
    }

    /// Every problem of the draft's fields (empty = it can be saved, barcodes and SKU clashes
    /// with other products aside: only the catalog knows those).
    pub fn problems(&self) -> Vec<ProductProblem> {
        let mut out = Vec::new();
        let chars = |s: &str| s.chars().count();
        if self.name.trim().is_empty() {
            out.push(ProductProblem::NameMissing);
        } else if chars(&self.name) > MAX_NAME_CHARS {
            out.push(ProductProblem::NameTooLong {
                max: MAX_NAME_CHARS,
            });
        }
        let texts = [
            Some(self.name.as_str()),
            self.short_name.as_deref(),
            self.sku.as_deref(),
            self.plu.as_deref(),
            Some(self.category.as_str()),
        ];
        if texts.into_iter().flatten().any(|t| !one_line(t)) {
            out.push(ProductProblem::NotOneLine);
        }
        if let Some(s) = &self.short_name
            && chars(s) > MAX_SHORT_NAME_CHARS
        {
            out.push(ProductProblem::ShortNameTooLong {
                max: MAX_SHORT_NAME_CHARS,
            });
        }
        for (field, value) in [
            (ProductField::Sku, self.sku.as_deref()),
            (ProductField::Plu, self.plu.as_deref()),
            (ProductField::Category, Some(self.category.as_str())),
        ] {
            if value.is_some_and(|v| chars(v) > MAX_CODE_CHARS) {
                out.push(ProductProblem::TooLong {
                    field: field.as_str(),
                    max: MAX_CODE_CHARS,
                });
            }
        }
        if self.price < 0 {
            out.push(ProductProblem::NegativePrice);
        }
        if self.cost.is_some_and(|c| c < 0) {
            out.push(ProductProblem::NegativeCost);
        }
        if self.price > MAX_PRICE_MINOR || self.cost.is_some_and(|c| c > MAX_PRICE_MINOR) {
            out.push(ProductProblem::TooLarge);
        }
        if self.tax_class.trim().is_empty() {
            out.push(ProductProblem::TaxClassMissing);
        }
        let mut seen = std::collections::HashSet::new();
        for code in &self.barcodes {
            if !seen.insert(code) {
                out.push(ProductProblem::BarcodeTwice { code: code.clone() });
            }
        }
        out
    }

    /// Sets one field from text as a person types it (`price` `1,25`, `barcodes` `841… 842…`,
    /// `unit` `kg`, `active` `no`); an empty optional field is cleared.
    pub fn set_field(
        &mut self,
        field: ProductField,
        text: &str,
        currency: super::money::Currency,
    ) -> Result<(), FieldError> {
        use super::money::Money;
        let t = text.trim();
        let opt = || (!t.is_empty()).then(|| t.to_string());
        let money = |field: &'static str| {
            Money::parse(t, currency)
                .map(|m| m.minor)
                .map_err(|reason| FieldError::Money { field, reason })
        };
        let flag = |field: &'static str| {
            parse_flag(t).ok_or_else(|| FieldError::Flag {
                field,
                value: t.to_string(),
            })
        };
        match field {
            ProductField::Sku => self.sku = opt(),
            ProductField::Name => self.name = t.to_string(),
            ProductField::ShortName => self.short_name = opt(),
            ProductField::Category => self.category = t.to_string(),
            ProductField::TaxClass => self.tax_class = t.to_string(),
            ProductField::Price => self.price = money("price")?,
            ProductField::Cost => {
                self.cost = if t.is_empty() {
                    None
                } else {
                    Some(money("cost")?)
                }
            }
            ProductField::Barcodes => {
                self.barcodes = t
                    .split([' ', ',', '|', ';'])
                    .filter(|c| !c.is_empty())
                    .map(|c| {
                        super::barcode::normalize_gtin(c).map_err(|reason| FieldError::Barcode {
                            field: "barcodes",
                            reason,
                        })
                    })
                    .collect::<Result<_, _>>()?;
            }
            ProductField::Plu => {
                if !t.is_empty() && (t.len() > 6 || !t.chars().all(|c| c.is_ascii_digit())) {
                    return Err(FieldError::Plu(t.to_string()));
                }
                self.plu = opt().map(|p| {
                    let p = p.trim_start_matches('0');
                    if p.is_empty() {
                        "0".into()
                    } else {
                        p.to_string()
                    }
                });
            }
            ProductField::Measure => {
                self.measure =
                    Measure::parse(&t.to_lowercase()).ok_or_else(|| FieldError::Unit(t.into()))?
            }
            ProductField::NetContent => {
                self.net_content = if t.is_empty() {
                    None
                } else {
                    Some(super::content::NetContent::parse(t)?)
                }
            }
            ProductField::StockTracked => self.stock_tracked = flag("stock_tracked")?,
            ProductField::Active => self.active = flag("active")?,
        }
        Ok(())
    }

    /// The name printed on receipts.
    pub fn receipt_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

/// A colour written `#rrggbb` (a category's, on the quick keys); `None` for anything else.
pub fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ProductDraft {
        ProductDraft {
            name: "Agua mineral 1,5 L".into(),
            tax_class: "reducido".into(),
            price: 65,
            active: true,
            ..ProductDraft::default()
        }
    }

    #[test]
    fn a_good_draft_has_no_problems() {
        assert_eq!(draft().problems(), vec![]);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut d = draft();
        d.name = "  ".into();
        d.price = -1;
        d.cost = Some(-5);
        d.tax_class = String::new();
        d.barcodes = vec!["8410000000007".into(), "8410000000007".into()];
        d.short_name = Some("x".repeat(30));
        let fields: Vec<ProductField> = d.problems().iter().map(|p| p.field()).collect();
        assert_eq!(
            fields,
            vec![
                ProductField::Name,
                ProductField::ShortName,
                ProductField::Price,
                ProductField::Cost,
                ProductField::TaxClass,
                ProductField::Barcodes
            ]
        );
    }

    #[test]
    fn tidy_trims_and_drops_empty_optionals() {
        let d = ProductDraft {
            name: " Pan ".into(),
            sku: Some("  ".into()),
            short_name: Some(" Pan barra ".into()),
            ..draft()
        }
        .tidy();
        assert_eq!(d.name, "Pan");
        assert_eq!(d.sku, None);
        assert_eq!(d.short_name.as_deref(), Some("Pan barra"));
        assert_eq!(d.receipt_name(), "Pan barra");
    }

    #[test]
    fn fields_set_from_text() {
        use crate::till::money::Currency;
        let mut d = draft();
        d.set_field(ProductField::Price, "1,25", Currency::Eur)
            .unwrap();
        d.set_field(
            ProductField::Barcodes,
            "8410000000009, 5449000000996",
            Currency::Eur,
        )
        .unwrap();
        d.set_field(ProductField::Measure, "KG", Currency::Eur)
            .unwrap();
        d.set_field(ProductField::Active, "no", Currency::Eur)
            .unwrap();
        d.set_field(ProductField::Plu, "0042", Currency::Eur)
            .unwrap();
        assert_eq!(d.price, 125);
        assert_eq!(d.barcodes, vec!["8410000000009", "5449000000996"]);
        assert_eq!((d.measure, d.active), (Measure::Kg, false));
        assert_eq!(d.plu.as_deref(), Some("42"));
        assert!(matches!(
            d.set_field(ProductField::Barcodes, "8410000000008", Currency::Eur),
            Err(FieldError::Barcode { .. })
        ));
        assert!(
            d.set_field(ProductField::Price, "uno", Currency::Eur)
                .is_err()
        );
        assert!(
            d.set_field(ProductField::Active, "quizá", Currency::Eur)
                .is_err()
        );
    }

    #[test]
    fn field_names_round_trip() {
        for f in ProductField::ALL {
            assert_eq!(ProductField::parse(f.as_str()), Some(f));
        }
    }

    #[test]
    fn colours_are_read_as_rrggbb_only() {
        assert_eq!(parse_colour("#607d8b"), Some([0x60, 0x7d, 0x8b]));
        assert_eq!(parse_colour(" #FFA000 "), Some([0xff, 0xa0, 0x00]));
        for bad in ["607d8b", "#607d8", "#607d8bb", "#60zd8b", "", "#"] {
            assert_eq!(parse_colour(bad), None, "{bad}");
        }
    }
}
