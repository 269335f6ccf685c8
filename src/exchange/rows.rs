//! One row of a file → one product draft and the problems of its cells. Variants (rows that
//! share a Loyverse or Shopify handle, or a Square item) are each a product of their own,
//! named after the item and their option values, taking the item's blank cells (category,
//! tax, flags) from the item's first row. Rows that describe no product — a Loyverse
//! composite's component lines, Shopify's image lines — are skipped.

use super::plan::Plan;
use super::problem::Why;
use super::source::Record;
use super::tax::TaxResolver;
use super::value::{
    is_scientific, parse_barcode, parse_decimal, parse_flag, parse_plu, parse_unit, split_barcodes,
    to_minor, unprotect,
};
use crate::till::product::{ProductDraft, ProductField, ProductProblem};
use crate::till::quantity::Measure;
use rust_decimal::Decimal;

/// A problem of a row before it gets its place: the column index, the cell's text, why.
pub type CellProblem = (Option<usize>, String, Why);

/// Reads rows one after another, remembering the current item's first row for its variants.
pub struct RowReader<'p> {
    plan: &'p Plan,
    tax: TaxChoice,
    net_prices: bool,
    minor_digits: u32,
    /// Whether texts may carry a `'` against formulas (see `RowSource::quotes_formulas`).
    quoted_formulas: bool,
    /// The current item's first row, cell by cell (strings reused from item to item).
    item: Vec<String>,
    item_key: String,
}

/// What one row gave.
pub enum RowOutcome {
    Product(Box<ProductDraft>),
    /// Not a product (blank, a component line, an image line).
    Skipped,
}

impl<'p> RowReader<'p> {
    pub fn new(
        plan: &'p Plan,
        taxes: TaxResolver,
        fallback: Option<(String, u32)>,
        net_prices: bool,
        minor_digits: u32,
        quoted_formulas: bool,
    ) -> RowReader<'p> {
        RowReader {
            plan,
            tax: TaxChoice { taxes, fallback },
            net_prices,
            minor_digits,
            quoted_formulas,
            item: Vec::new(),
            item_key: String::new(),
        }
    }

    /// Whether `rec` continues the item of the rows before it (and if not, makes it the item).
    fn continues_item(&mut self, rec: &Record) -> bool {
        let Some(g) = self.plan.group_by else {
            return false;
        };
        let key = rec.cell(g);
        if !key.is_empty() && key == self.item_key {
            return true;
        }
        self.item_key.clear();
        self.item_key.push_str(key);
        self.item
            .resize_with(rec.cells.len().max(self.item.len()), String::new);
        for (i, slot) in self.item.iter_mut().enumerate() {
            slot.clear();
            slot.push_str(rec.cell(i));
        }
        false
    }

    /// Reads one row into a draft, adding its problems to `problems`.
    pub fn read(&mut self, rec: &Record, problems: &mut Vec<CellProblem>) -> RowOutcome {
        if rec.is_blank() {
            return RowOutcome::Skipped;
        }
        let variant = self.continues_item(rec);
        let cells = Cells {
            rec,
            item: &self.item,
            plan: self.plan,
            variant,
            quoted_formulas: self.quoted_formulas,
        };
        if variant && !cells.describes_a_product() {
            return RowOutcome::Skipped;
        }
        let start = problems.len();
        let mut draft = ProductDraft {
            name: cells.name(),
            sku: cells.text(ProductField::Sku),
            short_name: cells.text(ProductField::ShortName),
            category: cells.category(),
            ..ProductDraft::default()
        };
        let rate = self.tax.choose(self.plan, &cells, &mut draft, problems);
        self.prices(&cells, rate, &mut draft, problems);
        cells.flags(&mut draft, problems);
        cells.barcodes(&mut draft, problems);
        cells.plu(&mut draft, problems);
        cells.net_content(&mut draft, problems);
        let draft = draft.tidy();
        let own: Vec<Option<usize>> = problems[start..].iter().map(|p| p.0).collect();
        // A missing class was reported by `choose` with its reason.
        let checks = draft.problems().into_iter();
        for p in checks.filter(|p| *p != ProductProblem::TaxClassMissing) {
            let column = self.plan.field(p.field());
            if own.contains(&column) && column.is_some() {
                continue;
            }
            let value = column.map(|c| cells.get(c).to_string()).unwrap_or_default();
            problems.push((column, value, why_of(p)));
        }
        RowOutcome::Product(Box::new(draft))
    }

    fn prices(
        &self,
        cells: &Cells<'_>,
        rate_bp: Option<u32>,
        draft: &mut ProductDraft,
        problems: &mut Vec<CellProblem>,
    ) {
        if let Some(c) = self.plan.field(ProductField::Price) {
            let (col, text) = match (cells.get(c), self.plan.default_price) {
                ("", Some(d)) => (d, cells.get(d)),
                (text, _) => (c, text),
            };
            // Loyverse's `variable` (and an empty cell) is an open price: typed at the till.
            let open = text.is_empty() || text.eq_ignore_ascii_case("variable");
            let gross = |net: Decimal| match (self.net_prices, rate_bp) {
                (true, Some(bp)) => net * (Decimal::ONE + Decimal::new(i64::from(bp), 4)),
                _ => net,
            };
            match parse_decimal(text).map(gross) {
                _ if open => draft.price = 0,
                Some(v) => match to_minor(v, self.minor_digits) {
                    Some(minor) => draft.price = minor,
                    None => problems.push((Some(col), text.to_string(), Why::UnreadablePrice)),
                },
                None => problems.push((Some(col), text.to_string(), Why::UnreadablePrice)),
            }
        }
        if let Some(c) = self.plan.field(ProductField::Cost) {
            let text = cells.get(c);
            if !text.is_empty() {
                match parse_decimal(text).and_then(|v| to_minor(v, self.minor_digits)) {
                    Some(minor) => draft.cost = Some(minor),
                    None => problems.push((Some(c), text.to_string(), Why::UnreadablePrice)),
                }
            }
        }
    }
}

/// The store's classes and the class for rows whose tax is missing or unknown (`--tax-class`).
struct TaxChoice {
    taxes: TaxResolver,
    fallback: Option<(String, u32)>,
}

impl TaxChoice {
    /// Sets the draft's tax class; returns its rate (for net prices).
    fn choose(
        &mut self,
        plan: &Plan,
        cells: &Cells<'_>,
        draft: &mut ProductDraft,
        problems: &mut Vec<CellProblem>,
    ) -> Option<u32> {
        let found = match plan.field(ProductField::TaxClass) {
            Some(c) => {
                let text = cells.get(c);
                match self.taxes.resolve_text(text) {
                    Some(r) => Ok((r.code.to_string(), r.rate_bp)),
                    None if text.is_empty() => Err((Some(c), text, Why::NoTax)),
                    None => Err((Some(c), text, unknown(text))),
                }
            }
            None => self.flagged(plan, cells),
        };
        let chosen = match found {
            Ok(class) => Some(class),
            Err(problem) => self.fallback.clone().or_else(|| {
                problems.push((problem.0, problem.1.to_string(), problem.2));
                None
            }),
        };
        let (code, rate) = chosen?;
        draft.tax_class = code;
        Some(rate)
    }

    /// The tax of the first yes/no tax column that says yes.
    fn flagged<'c>(
        &self,
        plan: &Plan,
        cells: &Cells<'c>,
    ) -> Result<(String, u32), (Option<usize>, &'c str, Why)> {
        for (col, rate_bp, label) in &plan.tax_rates {
            let cell = cells.get(*col);
            match parse_flag(cell) {
                Some(Ok(true)) => {
                    return match self.taxes.resolve_rate(*rate_bp, label) {
                        Some(r) => Ok((r.code.to_string(), r.rate_bp)),
                        None => Err((Some(*col), cell, unknown(&cells.header(*col)))),
                    };
                }
                Some(Err(why)) => return Err((Some(*col), cell, why)),
                _ => {}
            }
        }
        Err((plan.tax_rates.first().map(|t| t.0), "", Why::NoTax))
    }
}

fn unknown(text: &str) -> Why {
    Why::UnknownTax {
        text: text.to_string(),
    }
}

/// A draft's own check, as an import problem.
fn why_of(p: ProductProblem) -> Why {
    match p {
        ProductProblem::NameMissing => Why::MissingName,
        ProductProblem::NegativePrice => Why::NegativePrice,
        ProductProblem::TaxClassMissing => Why::NoTax,
        other => Why::Product(other),
    }
}

/// A row's cells with its item's first row behind them.
struct Cells<'a> {
    rec: &'a Record,
    item: &'a [String],
    plan: &'a Plan,
    variant: bool,
    quoted_formulas: bool,
}

impl<'a> Cells<'a> {
    /// Cell `i`; on a variant's row, a blank item cell is the item's.
    fn get(&self, i: usize) -> &'a str {
        let own = self.rec.cell(i);
        if own.is_empty() && self.variant && self.plan.inherit.get(i) == Some(&true) {
            return self.item.get(i).map_or("", String::as_str);
        }
        own
    }

    /// A text field's cell, without the `'` a CSV export put against formulas.
    fn text_of(&self, field: ProductField) -> &'a str {
        let t = self.field(field);
        if self.quoted_formulas {
            unprotect(t)
        } else {
            t
        }
    }

    fn header(&self, i: usize) -> String {
        self.plan
            .column(i)
            .map(|c| c.header.clone())
            .unwrap_or_default()
    }

    fn field(&self, field: ProductField) -> &'a str {
        self.plan.field(field).map_or("", |c| self.get(c))
    }

    fn text(&self, field: ProductField) -> Option<String> {
        let t = self.text_of(field);
        (!t.is_empty()).then(|| t.to_string())
    }

    /// A variant's row is a product when it has something of its own: a SKU, a price, a
    /// barcode, an option value or a variation name.
    fn describes_a_product(&self) -> bool {
        let own = |c: Option<usize>| c.is_some_and(|c| !self.rec.cell(c).is_empty());
        own(self.plan.field(ProductField::Sku))
            || own(self.plan.field(ProductField::Price))
            || own(self.plan.field(ProductField::Barcodes))
            || own(self.plan.variation)
            || self.plan.options.iter().any(|c| own(Some(*c)))
    }

    /// The item's name, then the variant's option values (`Camiseta M / Rojo`) or Square's
    /// variation name (`Café Grande`, not `Regular`).
    fn name(&self) -> String {
        let mut name = self.text_of(ProductField::Name).to_string();
        let values = self
            .plan
            .options
            .iter()
            .map(|c| self.rec.cell(*c))
            .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("default title"));
        for (i, v) in values.enumerate() {
            name.push_str(if i == 0 { " " } else { " / " });
            name.push_str(v);
        }
        if let Some(c) = self.plan.variation {
            let v = self.rec.cell(c);
            if !v.is_empty() && !v.eq_ignore_ascii_case("regular") {
                name.push(' ');
                name.push_str(v);
            }
        }
        name
    }

    fn category(&self) -> String {
        let path = self.plan.category_path.map_or("", |c| self.get(c));
        let plain = self.text_of(ProductField::Category);
        let last = path.rsplit(" / ").next().unwrap_or("");
        if plain.is_empty() { last } else { plain }.to_string()
    }

    fn barcodes(&self, draft: &mut ProductDraft, problems: &mut Vec<CellProblem>) {
        let Some(c) = self.plan.field(ProductField::Barcodes) else {
            return;
        };
        let cell = self.rec.cell(c);
        if self.rec.is_inexact(c) || is_scientific(cell) {
            problems.push((Some(c), cell.to_string(), Why::MangledByExcel));
            return;
        }
        for code in split_barcodes(cell) {
            // A weighed product's scale-label key (GS1 prefix 20–29 and the item's digits, as
            // Caja stores it and exports it) is not a whole barcode: no check digit of its own.
            let weighed_key = draft.measure == Measure::Kg
                && (6..=8).contains(&code.len())
                && code.starts_with('2')
                && code.bytes().all(|b| b.is_ascii_digit());
            if weighed_key {
                draft.barcodes.push(code.to_string());
                continue;
            }
            match parse_barcode(code) {
                Ok(key) => draft.barcodes.push(key),
                Err(why) => problems.push((Some(c), code.to_string(), why)),
            }
        }
    }

    fn plu(&self, draft: &mut ProductDraft, problems: &mut Vec<CellProblem>) {
        if let Some(p) = self.plan.field(ProductField::Plu) {
            match parse_plu(self.rec.cell(p)) {
                Ok(plu) => draft.plu = plu,
                Err(why) => problems.push((Some(p), self.rec.cell(p).to_string(), why)),
            }
        }
    }

    /// What a package holds (`500 g`, `1 L`), when the file says.
    fn net_content(&self, draft: &mut ProductDraft, problems: &mut Vec<CellProblem>) {
        let Some(c) = self.plan.field(ProductField::NetContent) else {
            return;
        };
        let text = self.get(c);
        if text.is_empty() {
            return;
        }
        match crate::till::content::NetContent::parse(text) {
            Ok(content) => draft.net_content = Some(content),
            Err(_) => problems.push((Some(c), text.to_string(), Why::BadContent)),
        }
    }

    /// Unit of sale, stock tracking and whether the product is on sale.
    fn flags(&self, draft: &mut ProductDraft, problems: &mut Vec<CellProblem>) {
        let mut flag = |col: Option<usize>, default: bool| {
            let Some(c) = col else { return default };
            match parse_flag(self.get(c)) {
                None => default,
                Some(Ok(v)) => v,
                Some(Err(why)) => {
                    problems.push((Some(c), self.get(c).to_string(), why));
                    default
                }
            }
        };
        let by_weight = flag(self.plan.sold_by_weight, false);
        draft.stock_tracked = flag(self.plan.field(ProductField::StockTracked), false);
        draft.active = flag(self.plan.field(ProductField::Active), true);
        let archived = flag(self.plan.archived, false);
        let tracker = self.plan.tracker.is_some_and(|c| !self.get(c).is_empty());
        let status = self.plan.status.map_or("", |c| self.get(c));
        let shelved =
            status.eq_ignore_ascii_case("draft") || status.eq_ignore_ascii_case("archived");
        draft.active = draft.active && !archived && !shelved;
        draft.stock_tracked |= tracker;
        draft.measure = if by_weight {
            Measure::Kg
        } else {
            Measure::Unit
        };
        for (col, strict) in [
            (self.plan.field(ProductField::Measure), true),
            (self.plan.unit_of_measure, false),
        ] {
            let Some(c) = col else { continue };
            match parse_unit(self.get(c), strict) {
                Ok(Measure::Kg) => draft.measure = Measure::Kg,
                Ok(Measure::Unit) => {}
                Err(why) => problems.push((Some(c), self.get(c).to_string(), why)),
            }
        }
    }
}
