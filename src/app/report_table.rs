//! A report as a table, written one way for every place it goes: the screen's grid, CSV (for
//! scripts: stable column keys, amounts with a point) and XLSX (for people: the language's
//! headers, amounts as numbers in the currency's format, one sheet per table).

use super::analytics::{LossRow, SalesReport};
use crate::i18n::Lang;
use crate::store::tax_book::TaxBook;
use crate::till::analytics::Grouping;
use crate::till::format::plain_decimal;
use crate::till::money::Currency;
use crate::till::quantity::milli_text;
use crate::{id, msg};

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// Minor units of the store's currency.
    Money(i64),
    /// Thousandths.
    Qty(i64),
    Int(i64),
    /// Basis points, shown as a percentage.
    Percent(i64),
    Empty,
}

impl Cell {
    /// The cell as a person reads it: money in the locale's format, a quantity without
    /// trailing zeros, a percentage with its sign.
    pub fn text(&self, currency: Currency, locale: crate::till::format::Locale) -> String {
        use crate::till::format::{format_fixed, format_money};
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Money(m) => format_money(*m, currency, locale),
            Cell::Qty(q) => format_fixed(*q, 3, locale)
                .trim_end_matches('0')
                .trim_end_matches([',', '.'])
                .to_string(),
            Cell::Int(n) => n.to_string(),
            Cell::Percent(bp) => format!("{} %", format_fixed(*bp, 2, locale)),
            Cell::Empty => String::new(),
        }
    }
}

/// A titled table: a machine key and a header in the language per column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub title: String,
    pub keys: Vec<&'static str>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(
        name: &'static str,
        title: String,
        columns: &[(&'static str, crate::i18n::Id)],
        lang: Lang,
    ) -> Table {
        Table {
            name,
            title,
            keys: columns.iter().map(|(k, _)| *k).collect(),
            headers: columns
                .iter()
                .map(|(_, id)| lang.t(*id).into_owned())
                .collect(),
            rows: Vec::new(),
        }
    }
}

fn opt_money(v: Option<i64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Money)
}

fn opt_percent(v: Option<i64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Percent)
}

/// The sales report's table: a row per group with the previous period beside it.
pub fn sales_table(report: &SalesReport, lang: Lang) -> Table {
    let title = lang
        .msg(&msg!(
            "report-sales-title",
            from = report.period.from_text(),
            to = report.period.to_text()
        ))
        .into_owned();
    let lines = matches!(report.by, Grouping::Category | Grouping::Product);
    let tax = report.by == Grouping::Tax;
    let mut columns = vec![
        (report.by.as_str(), group_header(report.by)),
        ("tickets", id!("report-col-tickets")),
        ("returns", id!("report-col-returns")),
    ];
    if lines {
        columns.push(("qty", id!("report-col-qty")));
    }
    columns.extend([
        ("sales", id!("report-col-sales")),
        ("refunds", id!("report-col-refunds")),
        ("net", id!("report-col-net")),
        ("previous_net", id!("report-col-previous")),
        ("change_pct", id!("report-col-change")),
        ("discount", id!("report-col-discount")),
    ]);
    if tax {
        columns.extend([
            ("base", id!("report-col-base")),
            ("quota", id!("report-col-quota")),
            ("recargo", id!("report-col-recargo")),
        ]);
    }
    if lines {
        columns.extend([
            ("base", id!("report-col-base")),
            ("margin", id!("report-col-margin")),
            ("margin_pct", id!("report-col-margin-pct")),
        ]);
    }
    let mut t = Table::new("sales", title, &columns, lang);
    let line = |label: String, f: &crate::till::analytics::Figures, before: Option<i64>| {
        let mut cells = vec![
            Cell::Text(label),
            Cell::Int(f.tickets),
            Cell::Int(f.returns),
        ];
        if lines {
            cells.push(Cell::Qty(f.qty_milli));
        }
        cells.extend([
            Cell::Money(f.sales),
            Cell::Money(f.refunds),
            Cell::Money(f.net()),
            opt_money(before),
            opt_percent(before.and_then(|b| crate::till::analytics::change_bp(f.net(), b))),
            Cell::Money(f.discount),
        ]);
        if tax {
            cells.extend([
                Cell::Money(f.base),
                Cell::Money(f.quota),
                Cell::Money(f.recargo),
            ]);
        }
        if lines {
            cells.extend([
                Cell::Money(f.base),
                opt_money(f.margin()),
                opt_percent(f.margin_bp()),
            ]);
        }
        cells
    };
    for (i, r) in report.rows.iter().enumerate() {
        let before = report.before(i, r).map(|b| b.figures.net());
        let label = row_label(report.by, &r.label, lang);
        t.rows.push(line(label, &r.figures, before.or(Some(0))));
    }
    let total = lang.t(id!("report-total")).into_owned();
    t.rows.push(line(
        total,
        &report.total,
        Some(report.previous_total.net()),
    ));
    t
}

/// A group's words: a tax rate as a percentage, a tender by its name.
pub fn row_label(by: Grouping, label: &str, lang: Lang) -> String {
    match by {
        Grouping::Tax => label
            .parse::<u32>()
            .map(|bp| {
                format!(
                    "{} %",
                    plain_decimal(i64::from(bp), 2)
                        .trim_end_matches('0')
                        .trim_end_matches('.')
                )
            })
            .unwrap_or_else(|_| label.to_string()),
        Grouping::Tender => match label {
            "cash" => lang.t(id!("tender-cash")).into_owned(),
            "card" => lang.t(id!("tender-card")).into_owned(),
            other => other.to_string(),
        },
        Grouping::Category if label.is_empty() => lang.t(id!("report-no-category")).into_owned(),
        _ => label.to_string(),
    }
}

fn group_header(by: Grouping) -> crate::i18n::Id {
    match by {
        Grouping::Hour => id!("report-by-hour"),
        Grouping::Day => id!("report-by-day"),
        Grouping::Week => id!("report-by-week"),
        Grouping::Month => id!("report-by-month"),
        Grouping::Category => id!("report-by-category"),
        Grouping::Product => id!("report-by-product"),
        Grouping::Cashier => id!("report-by-cashier"),
        Grouping::Terminal => id!("report-by-terminal"),
        Grouping::Tender => id!("report-by-tender"),
        Grouping::Tax => id!("report-by-tax"),
    }
}

/// The tax book: its rows, then its totals per rate.
pub fn tax_book_tables(book: &TaxBook, title: String, lang: Lang) -> [Table; 2] {
    let mut rows = Table::new(
        "tax_book",
        title,
        &[
            ("number", id!("report-col-number")),
            ("date", id!("report-col-date")),
            ("type", id!("report-col-type")),
            ("customer_tax_id", id!("report-col-customer-id")),
            ("base", id!("report-col-base")),
            ("rate", id!("report-col-rate")),
            ("quota", id!("report-col-quota")),
            ("recargo_rate", id!("report-col-recargo-rate")),
            ("recargo", id!("report-col-recargo")),
            ("total", id!("report-col-total")),
            ("replaced_by", id!("report-col-replaced-by")),
        ],
        lang,
    );
    for r in &book.rows {
        rows.rows.push(vec![
            Cell::Text(r.number.clone()),
            Cell::Text(r.date.clone()),
            Cell::Text(r.kind.clone()),
            r.customer_tax_id.clone().map_or(Cell::Empty, Cell::Text),
            Cell::Money(r.base),
            Cell::Percent(i64::from(r.rate_bp)),
            Cell::Money(r.quota),
            if r.recargo_bp > 0 {
                Cell::Percent(i64::from(r.recargo_bp))
            } else {
                Cell::Empty
            },
            Cell::Money(r.recargo),
            Cell::Money(r.total),
            r.replaced_by.clone().map_or(Cell::Empty, Cell::Text),
        ]);
    }
    let mut totals = Table::new(
        "tax_book_totals",
        lang.t(id!("report-tax-totals")).into_owned(),
        &[
            ("rate", id!("report-col-rate")),
            ("recargo_rate", id!("report-col-recargo-rate")),
            ("base", id!("report-col-base")),
            ("quota", id!("report-col-quota")),
            ("recargo", id!("report-col-recargo")),
            ("total", id!("report-col-total")),
        ],
        lang,
    );
    for t in &book.totals {
        totals.rows.push(vec![
            Cell::Percent(i64::from(t.rate_bp)),
            if t.recargo_bp > 0 {
                Cell::Percent(i64::from(t.recargo_bp))
            } else {
                Cell::Empty
            },
            Cell::Money(t.base),
            Cell::Money(t.quota),
            Cell::Money(t.recargo),
            Cell::Money(t.total),
        ]);
    }
    [rows, totals]
}

/// The loss-prevention events by cashier and approving manager.
pub fn loss_table(rows: &[LossRow], title: String, lang: Lang) -> Table {
    let mut t = Table::new(
        "losses",
        title,
        &[
            ("cashier", id!("report-by-cashier")),
            ("event", id!("report-col-event")),
            ("approved_by", id!("report-col-approved-by")),
            ("count", id!("report-col-count")),
            ("amount", id!("report-col-amount")),
        ],
        lang,
    );
    for r in rows {
        t.rows.push(vec![
            Cell::Text(r.cashier.clone()),
            Cell::Text(loss_event_name(&r.event, lang)),
            r.approved_by.clone().map_or(Cell::Empty, Cell::Text),
            Cell::Int(r.count),
            if r.amount != 0 {
                Cell::Money(r.amount)
            } else {
                Cell::Empty
            },
        ]);
    }
    t
}

pub fn loss_event_name(event: &str, lang: Lang) -> String {
    let id = match event {
        "refund" => id!("loss-refund"),
        "void_line" => id!("loss-void-line"),
        "line_discount" => id!("loss-line-discount"),
        "ticket_discount" => id!("loss-ticket-discount"),
        "price_override" => id!("loss-price-override"),
        "no_sale" => id!("loss-no-sale"),
        other => return other.to_string(),
    };
    lang.t(id).into_owned()
}

/// A cell as plain text for CSV: amounts with a point, percentages as numbers.
fn plain(cell: &Cell, digits: u32) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Money(m) => plain_decimal(*m, digits),
        Cell::Qty(q) => milli_text(*q),
        Cell::Int(n) => n.to_string(),
        Cell::Percent(bp) => plain_decimal(*bp, 2),
        Cell::Empty => String::new(),
    }
}

/// The table as CSV: its column keys, then its rows.
pub fn to_csv(table: &Table, digits: u32) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&table.keys);
    for row in &table.rows {
        let _ = w.write_record(row.iter().map(|c| plain(c, digits)));
    }
    w.into_inner().unwrap_or_default()
}

/// The tables as one XLSX workbook, a sheet each: a title row, the headers, the rows.
pub fn to_xlsx(tables: &[Table], currency: Currency) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let digits = currency.minor_digits();
    let money_format = if digits == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(digits as usize))
    };
    let money = Format::new().set_num_format(money_format);
    let qty = Format::new().set_num_format("#,##0.###");
    let percent = Format::new().set_num_format("0.00%");
    let bold = Format::new().set_bold();
    let scale = 10f64.powi(digits as i32);
    let mut book = Workbook::new();
    for table in tables {
        let sheet = book.add_worksheet();
        let name: String = table.name.chars().take(31).collect();
        sheet.set_name(&name).map_err(|e| e.to_string())?;
        sheet
            .write_string_with_format(0, 0, &table.title, &bold)
            .map_err(|e| e.to_string())?;
        for (col, h) in (0u16..).zip(&table.headers) {
            sheet
                .write_string_with_format(2, col, h, &bold)
                .map_err(|e| e.to_string())?;
        }
        for (r, row) in (3u32..).zip(&table.rows) {
            for (col, cell) in (0u16..).zip(row) {
                let written = match cell {
                    Cell::Text(t) => sheet.write_string(r, col, t),
                    Cell::Money(m) => {
                        sheet.write_number_with_format(r, col, *m as f64 / scale, &money)
                    }
                    Cell::Qty(q) => {
                        sheet.write_number_with_format(r, col, *q as f64 / 1000.0, &qty)
                    }
                    Cell::Int(n) => sheet.write_number(r, col, *n as f64),
                    Cell::Percent(bp) => {
                        sheet.write_number_with_format(r, col, *bp as f64 / 10_000.0, &percent)
                    }
                    Cell::Empty => Ok(&mut *sheet),
                };
                written.map_err(|e| e.to_string())?;
            }
        }
        sheet.set_freeze_panes(3, 0).map_err(|e| e.to_string())?;
        sheet.autofit();
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}
