//! What can be wrong with a catalog file, typed: a whole-file failure (`ImportError`: nothing
//! could be read, or the file needs a mapping or a tax class) or one cell of one row
//! (`RowProblem` with its `Why`). Every variant has an English `Display` for logs and
//! `--json`, and a Fluent message (`message()`) for the screen, Spanish first.

use crate::i18n::{Lang, Message};
use crate::msg;
use crate::till::product::ProductProblem;
use serde::Serialize;

/// A column of the file: its spreadsheet letter and its header text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ColumnRef {
    /// `A`, `B`, … `Z`, `AA`, … as a spreadsheet labels it.
    pub letter: String,
    /// The header cell, trimmed.
    pub header: String,
}

impl std::fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} «{}»", self.letter, self.header)
    }
}

/// Why a cell or a row cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Why {
    #[error("wrong check digit (expected {expected}): retype the barcode")]
    BadCheckDigit { expected: u8 },
    #[error("not a barcode: a barcode is 8, 12, 13 or 14 digits")]
    NotABarcode,
    #[error(
        "the barcode was turned into a number like 8.41E+12 by a spreadsheet: format the column as text and export again"
    )]
    MangledByExcel,
    #[error(
        "the barcode lost its leading zeros (it was probably {restored}): format the column as text and export again"
    )]
    LostLeadingZeros { restored: String },
    #[error("the barcode is also on row {first_row}")]
    DuplicateBarcodeInFile { first_row: usize },
    #[error("the SKU is also on row {first_row}")]
    DuplicateSkuInFile { first_row: usize },
    #[error("not an amount (e.g. 3.50 or 3,50)")]
    UnreadablePrice,
    #[error("a price must not be negative")]
    NegativePrice,
    #[error("no tax class of the store has the rate or name «{text}» today")]
    UnknownTax { text: String },
    #[error("the row has no tax: fill it in or name a tax class for the file (--tax-class)")]
    NoTax,
    #[error("a product needs a name")]
    MissingName,
    #[error("not a yes/no value (Y/N, yes/no, sí/no, true/false, 1/0)")]
    NotAFlag,
    #[error("not a unit of sale: use unit or kg")]
    UnknownUnit,
    #[error("a PLU is 1 to 6 digits")]
    BadPlu,
    #[error("not a net content: write it as 500 g, 1,5 kg, 750 ml or 1 L")]
    BadContent,
    #[error("{0}")]
    Product(ProductProblem),
}

/// One problem of one row: where it is, what the cell held, and why it is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The spreadsheet's row number (the header is row 1).
    pub row: usize,
    /// The column, when the problem is in one cell.
    pub column: Option<ColumnRef>,
    /// The cell's text (empty for a missing value).
    pub value: String,
    pub why: Why,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}", self.row)?;
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        if !self.value.is_empty() {
            write!(f, ", «{}»", self.value)?;
        }
        write!(f, ": {}", self.why)
    }
}

impl RowProblem {
    /// The problem in `lang`'s words: the place, the value and the reason in one line.
    pub fn describe(&self, lang: Lang) -> String {
        let why = lang.msg(&self.why.message()).into_owned();
        let row = self.row.to_string();
        let text = match &self.column {
            Some(c) => lang.msg(&msg!(
                "import-row-problem",
                row = row,
                column = c.letter.clone(),
                header = c.header.clone(),
                value = self.value.clone(),
                why = why
            )),
            None => lang.msg(&msg!("import-row-problem-no-column", row = row, why = why)),
        };
        text.into_owned()
    }
}

/// Why a whole file cannot be read (nothing is imported, no row is looked at).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("not a spreadsheet: import a CSV, XLSX or ODS file")]
    NotASpreadsheet,
    #[error("the file cannot be read: {0}")]
    Unreadable(String),
    #[error("the columns are not recognised ({}): say which column holds what with --map COLUMN=FIELD", headers.join(", "))]
    UnknownHeader { headers: Vec<String> },
    #[error("--map names a column the file does not have: {0}")]
    MappingNamesUnknownColumn(String),
    #[error("the file has no tax column: name the tax class of its products with --tax-class")]
    NoTaxInFile,
    #[error("the store has no tax class «{0}»")]
    UnknownTaxClass(String),
}

/// Why an export could not be written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(String),
}

impl Why {
    /// The message id and arguments for the screen.
    pub fn message(&self) -> Message {
        match self {
            Why::BadCheckDigit { expected } => {
                msg!(
                    "import-why-bad-check-digit",
                    expected = expected.to_string()
                )
            }
            Why::NotABarcode => msg!("import-why-not-a-barcode"),
            Why::MangledByExcel => msg!("import-why-mangled-by-excel"),
            Why::LostLeadingZeros { restored } => {
                msg!("import-why-lost-leading-zeros", restored = restored.clone())
            }
            Why::DuplicateBarcodeInFile { first_row } => msg!(
                "import-why-duplicate-barcode",
                first_row = first_row.to_string()
            ),
            Why::DuplicateSkuInFile { first_row } => {
                msg!(
                    "import-why-duplicate-sku",
                    first_row = first_row.to_string()
                )
            }
            Why::UnreadablePrice => msg!("import-why-unreadable-price"),
            Why::NegativePrice => msg!("import-why-negative-price"),
            Why::UnknownTax { text } => msg!("import-why-unknown-tax", text = text.clone()),
            Why::NoTax => msg!("import-why-no-tax"),
            Why::MissingName => msg!("import-why-missing-name"),
            Why::NotAFlag => msg!("import-why-not-a-flag"),
            Why::UnknownUnit => msg!("import-why-unknown-unit"),
            Why::BadPlu => msg!("import-why-bad-plu"),
            Why::BadContent => msg!("import-why-bad-content"),
            Why::Product(p) => product_message(p),
        }
    }
}

/// A product field's problem, worded for an import (the row and column are said beside it).
fn product_message(p: &ProductProblem) -> Message {
    match p {
        ProductProblem::NameMissing => msg!("import-why-missing-name"),
        ProductProblem::NameTooLong { max } => {
            msg!("import-product-name-too-long", max = max.to_string())
        }
        ProductProblem::ShortNameTooLong { max } => {
            msg!("import-product-short-name-too-long", max = max.to_string())
        }
        ProductProblem::TooLong { max, .. } => {
            msg!("import-product-too-long", max = max.to_string())
        }
        ProductProblem::NegativePrice => msg!("import-why-negative-price"),
        ProductProblem::NegativeCost => msg!("import-product-negative-cost"),
        ProductProblem::TooLarge => msg!("import-product-too-large"),
        ProductProblem::TaxClassMissing => msg!("import-why-no-tax"),
        ProductProblem::BarcodeTwice { code } => {
            msg!("import-product-barcode-twice", code = code.clone())
        }
        ProductProblem::NotOneLine => msg!("import-product-not-one-line"),
    }
}

impl ImportError {
    /// The message id and arguments for the screen.
    pub fn message(&self) -> Message {
        match self {
            ImportError::Empty => msg!("import-err-empty"),
            ImportError::NotASpreadsheet => msg!("import-err-not-a-spreadsheet"),
            ImportError::Unreadable(detail) => {
                msg!("import-err-unreadable", detail = detail.clone())
            }
            ImportError::UnknownHeader { headers } => {
                msg!("import-err-unknown-header", headers = headers.join(", "))
            }
            ImportError::MappingNamesUnknownColumn(column) => {
                msg!("import-err-map-unknown-column", column = column.clone())
            }
            ImportError::NoTaxInFile => msg!("import-err-no-tax-in-file"),
            ImportError::UnknownTaxClass(class) => {
                msg!("import-err-unknown-tax-class", class = class.clone())
            }
        }
    }
}

impl ExportError {
    /// The message id and arguments for the screen.
    pub fn message(&self) -> Message {
        match self {
            ExportError::Xlsx(detail) => msg!("export-err-xlsx", detail = detail.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem() -> RowProblem {
        RowProblem {
            row: 1000,
            column: Some(ColumnRef {
                letter: "H".into(),
                header: "barcodes".into(),
            }),
            value: "8412345678904".into(),
            why: Why::BadCheckDigit { expected: 5 },
        }
    }

    #[test]
    fn a_problem_reads_in_english_spanish_and_json() {
        let p = problem();
        assert_eq!(
            p.to_string(),
            "row 1000, column H «barcodes», «8412345678904»: wrong check digit (expected 5): retype the barcode"
        );
        assert_eq!(
            p.describe(Lang::get("en")),
            "Row 1000, column H (barcodes), «8412345678904»: wrong check digit (it should be 5); check the barcode"
        );
        assert_eq!(
            p.describe(Lang::get("es")),
            "Fila 1000, columna H (barcodes), «8412345678904»: el dígito de control no cuadra (debería ser 5); revise el código de barras"
        );
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["why"]["why"], "bad_check_digit");
        assert_eq!(json["why"]["expected"], 5);
        assert_eq!(json["column"]["letter"], "H");
        let whole = RowProblem {
            column: None,
            value: String::new(),
            why: Why::NoTax,
            ..problem()
        };
        assert_eq!(
            whole.describe(Lang::get("es")),
            "Fila 1000: la fila no tiene impuesto: rellénelo o indique el tipo para todo el archivo (--tax-class)"
        );
        let err = ImportError::UnknownHeader {
            headers: vec!["A".into(), "B".into()],
        };
        assert_eq!(
            Lang::get("es").msg(&err.message()),
            "No se reconocen las columnas (A, B): indique qué hay en cada una con --map COLUMNA=CAMPO"
        );
    }
}
