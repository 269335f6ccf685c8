//! Catalogs in and out: a shop moving to Caja brings its products in the file its old program
//! exports (Loyverse, Square, Shopify, Odoo, FacturaScripts, or any spreadsheet with
//! recognisable headers), and takes them out in Caja's own layout. See
//! `shared/catalog-formats.md` for the layouts and the quirks real files have.
//!
//! Pure with respect to the store: bytes in (the caller reads the file), product drafts and
//! problems out; no database, no clock (`today` picks the tax rates in force). Every bad row is
//! reported, never only the first: the caller imports nothing while `problems` is not empty.
//! Barcodes and SKUs already in the catalog are the store's to check; repeats inside the file
//! are found here. Matching an imported product to an existing one (by barcode or SKU) is the
//! store's job too.
//!
//! Prices: the layout says whether they include tax (Odoo and FacturaScripts: without;
//! Loyverse, Square, Shopify and Caja's own: with), unless the caller says otherwise; a price
//! without tax becomes `net × (1 + rate)` rounded half-up to the cent, in exact decimals. An
//! empty price, or Loyverse's `variable`, is an open price (0: typed at the till).

pub mod delivery_note;
mod export;
mod header;
mod plan;
mod problem;
mod rows;
mod source;
mod synonyms;
mod tax;
mod value;

#[cfg(test)]
mod tests;

pub use export::{write_csv, write_xlsx};
pub use header::{ColumnRole, ColumnUse};
pub use problem::{ColumnRef, ExportError, ImportError, RowProblem, Why};
pub use source::FileKind;

use crate::till::money::Currency;
use crate::till::product::{ProductDraft, ProductField};
use crate::till::tax::TaxClass;
use plan::{Plan, PlanOptions};
use rows::{CellProblem, RowOutcome, RowReader};
use serde::Serialize;
use source::{CsvRows, Record, RowSource, SheetRows};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The program a file comes from, as its header shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    Loyverse,
    Square,
    /// Shopify's products CSV before 2024 (`Handle`, `Body (HTML)`, `Variant Price`).
    ShopifyLegacy,
    /// Shopify's current products CSV (`URL handle`, `Price`).
    Shopify,
    /// Odoo's import-compatible export of product templates (technical names).
    Odoo,
    /// FacturaScripts' `articulos.csv`.
    FacturaScripts,
    /// Caja's own layout (`write_csv`) and headers recognised by their synonyms.
    Generic,
    /// A header no layout knows, read through the caller's `map`.
    Mapped,
}

impl Layout {
    /// The layouts a person may name (`--format`).
    pub const NAMED: [Layout; 7] = [
        Layout::Loyverse,
        Layout::Square,
        Layout::ShopifyLegacy,
        Layout::Shopify,
        Layout::Odoo,
        Layout::FacturaScripts,
        Layout::Generic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Loyverse => "loyverse",
            Layout::Square => "square",
            Layout::ShopifyLegacy => "shopify-legacy",
            Layout::Shopify => "shopify",
            Layout::Odoo => "odoo",
            Layout::FacturaScripts => "facturascripts",
            Layout::Generic => "generic",
            Layout::Mapped => "mapped",
        }
    }

    pub fn parse(text: &str) -> Option<Layout> {
        let t = text.trim().to_ascii_lowercase();
        Layout::NAMED.into_iter().find(|l| l.name() == t)
    }
}

/// How to read a file.
#[derive(Clone, Debug)]
pub struct ImportOptions<'a> {
    /// `None`: detected from the header.
    pub layout: Option<Layout>,
    /// `--map COLUMN=FIELD` (a header text or a column letter), over what the header says.
    pub map: Vec<(String, ProductField)>,
    /// The class (code, name or rate) for rows without a tax or with one the store lacks; a
    /// file without any tax column needs it.
    pub tax_class: Option<String>,
    /// `None`: the layout's custom (see the module's documentation).
    pub prices_include_tax: Option<bool>,
    pub currency: Currency,
    /// The store's tax classes.
    pub classes: &'a [TaxClass],
    /// The day whose rates resolve the file's taxes.
    pub today: chrono::NaiveDate,
}

/// A product read, with the row it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportItem {
    /// The spreadsheet's row number (the header is row 1).
    pub row: usize,
    pub draft: ProductDraft,
}

/// What a file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedCatalog {
    pub layout: Layout,
    pub kind: FileKind,
    /// The text encoding of a CSV (`UTF-8`, `windows-1252`, `UTF-16LE`); `""` for workbooks.
    pub encoding: &'static str,
    /// A CSV's delimiter.
    pub delimiter: Option<u8>,
    /// Every product row, its refused values left out (see `problems`).
    pub items: Vec<ImportItem>,
    /// Every refused value, by row. Import nothing while there is one.
    pub problems: Vec<RowProblem>,
    /// Which column went to which use, the ignored ones included.
    pub columns: Vec<ColumnUse>,
    /// The fields the file carries (a product it matches keeps the others).
    #[serde(skip)]
    pub fields: crate::till::product::FieldSet,
}

/// Rows read between two calls of the progress callback.
const PROGRESS_EVERY: usize = 10_000;

/// Reads a catalog file: `file_name` only helps tell the kind of file; `progress` is called
/// with (rows done, rows in the file) every 10,000 rows and at the end.
pub fn read_catalog(
    bytes: &[u8],
    file_name: &str,
    opts: &ImportOptions<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ParsedCatalog, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    let kind = source::detect_kind(bytes, file_name)?;
    let mut parsed = match kind {
        FileKind::Csv => {
            let (text, encoding) = source::decode(bytes);
            let delimiter = source::sniff_delimiter(&text);
            let mut rows = CsvRows::new(&text, delimiter);
            let mut parsed = read_rows(&mut rows, opts, progress)?;
            parsed.encoding = encoding;
            parsed.delimiter = Some(delimiter);
            parsed
        }
        FileKind::Xlsx | FileKind::Ods => {
            let range = source::open_sheet(bytes, kind)?;
            read_rows(&mut SheetRows::new(range), opts, progress)?
        }
    };
    parsed.kind = kind;
    Ok(parsed)
}

/// The first row that is not blank: the header.
fn header_row(rows: &mut dyn RowSource, rec: &mut Record) -> Result<Vec<String>, ImportError> {
    while rows.next(rec)? {
        if !rec.is_blank() {
            let mut headers: Vec<String> = rec.cells.iter().map(|c| c.trim().to_string()).collect();
            while headers.last().is_some_and(String::is_empty) {
                headers.pop();
            }
            return Ok(headers);
        }
    }
    Err(ImportError::Empty)
}

/// The class named by `--tax-class`, with its rate today.
fn fallback_class(
    opts: &ImportOptions<'_>,
    taxes: &mut tax::TaxResolver,
) -> Result<Option<(String, u32)>, ImportError> {
    let Some(name) = &opts.tax_class else {
        return Ok(None);
    };
    match taxes.resolve_text(name) {
        Some(r) => Ok(Some((r.code.to_string(), r.rate_bp))),
        None => Err(ImportError::UnknownTaxClass(name.clone())),
    }
}

fn read_rows(
    rows: &mut dyn RowSource,
    opts: &ImportOptions<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ParsedCatalog, ImportError> {
    let mut rec = Record::default();
    let headers = header_row(rows, &mut rec)?;
    let plan_options = PlanOptions {
        layout: opts.layout,
        map: &opts.map,
    };
    let plan = Plan::new(&headers, rows.first_column(), &plan_options)?;
    let mut taxes = tax::TaxResolver::new(opts.classes, opts.today);
    let fallback = fallback_class(opts, &mut taxes)?;
    if !plan.has_tax() && fallback.is_none() {
        return Err(ImportError::NoTaxInFile);
    }
    let net = plan.prices_are_net(opts.prices_include_tax);
    let digits = opts.currency.minor_digits();
    let quoted = rows.quotes_formulas();
    let mut reader = RowReader::new(&plan, taxes, fallback, net, digits, quoted);
    let (total, mut done) = (rows.total(), 0);
    let mut items = Vec::new();
    let mut problems = Vec::new();
    let mut found: Vec<CellProblem> = Vec::new();
    while rows.next(&mut rec)? {
        done += 1;
        if done % PROGRESS_EVERY == 0 {
            progress(done, total.max(done));
        }
        let outcome = reader.read(&rec, &mut found);
        for (column, value, why) in found.drain(..) {
            let column = column.and_then(|c| plan.column(c)).cloned();
            problems.push(RowProblem {
                row: rec.row,
                column,
                value,
                why,
            });
        }
        if let RowOutcome::Product(draft) = outcome {
            items.push(ImportItem {
                row: rec.row,
                draft: *draft,
            });
        }
    }
    progress(done, done);
    problems.extend(repeats_in_file(&items, &plan));
    problems.sort_by_key(|p| p.row);
    Ok(ParsedCatalog {
        layout: plan.layout,
        kind: FileKind::Csv,
        encoding: "",
        delimiter: None,
        items,
        problems,
        fields: plan.carries(),
        columns: plan.uses,
    })
}

/// Barcodes and SKUs that appear on two rows of the file (the later row is named).
fn repeats_in_file(items: &[ImportItem], plan: &Plan) -> Vec<RowProblem> {
    let mut out = Vec::new();
    let mut barcodes: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    let mut skus: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    let column = |f| plan.field(f).and_then(|c| plan.column(c)).cloned();
    for item in items {
        let codes = item
            .draft
            .barcodes
            .iter()
            .map(|c| (c, ProductField::Barcodes));
        let sku = item.draft.sku.iter().map(|s| (s, ProductField::Sku));
        for (value, field) in codes.chain(sku) {
            let seen = if field == ProductField::Sku {
                &mut skus
            } else {
                &mut barcodes
            };
            let first_row = match seen.entry(value.as_str()) {
                Entry::Occupied(e) if *e.get() != item.row => *e.get(),
                Entry::Occupied(_) => continue,
                Entry::Vacant(e) => {
                    e.insert(item.row);
                    continue;
                }
            };
            let why = match field {
                ProductField::Sku => Why::DuplicateSkuInFile { first_row },
                _ => Why::DuplicateBarcodeInFile { first_row },
            };
            out.push(RowProblem {
                row: item.row,
                column: column(field),
                value: value.clone(),
                why,
            });
        }
    }
    out
}
