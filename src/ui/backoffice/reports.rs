//! The Reports section: sales over a period (chosen from presets or typed, dates inclusive)
//! grouped by hour, day, week, month, category, product, cashier, terminal, tender or tax rate,
//! with a chart and the previous period beside it; the tax book for the accountant; loss
//! prevention by cashier and approving manager. Each table below its chart, exported as CSV
//! or XLSX into the exchange folder; the sales summary printed on the receipt printer.

use super::super::shell::Shell;
use super::report_chart::{ChartWords, sales_chart_ui};
use super::{label_ui, title_ui};
use crate::app::Clock;
use crate::app::analytics::SalesReport;
use crate::app::report_office::TAX_BOOK_PAGE;
use crate::app::report_table::{Cell, Table, loss_table, sales_table, tax_book_tables};
use crate::till::analytics::{Grouping, Period};
use crate::till::format::format_fixed;
use crate::{id, msg};
use chrono::{Datelike, Duration, NaiveDate};
use eframe::egui;
use egui::RichText;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Kind {
    #[default]
    Sales,
    TaxBook,
    Losses,
}

/// What was shown, for what it was asked.
struct Shown {
    /// The report, its grouping, its period and the tax book's first row shown.
    asked: (Kind, Grouping, Period, usize),
    /// The tax book's rows in all (its page is `tables[1]`).
    book_rows: usize,
    sales: Option<SalesReport>,
    tables: Vec<Table>,
}

pub(super) struct ReportsView {
    kind: Kind,
    by: Grouping,
    from: String,
    to: String,
    /// The tax book's first row shown.
    book_from: usize,
    shown: Option<Shown>,
}

impl Default for ReportsView {
    fn default() -> Self {
        ReportsView {
            kind: Kind::Sales,
            by: Grouping::Day,
            from: String::new(),
            to: String::new(),
            book_from: 0,
            shown: None,
        }
    }
}

const GROUPINGS: [(Grouping, crate::i18n::Id); 10] = [
    (Grouping::Hour, id!("report-by-hour")),
    (Grouping::Day, id!("report-by-day")),
    (Grouping::Week, id!("report-by-week")),
    (Grouping::Month, id!("report-by-month")),
    (Grouping::Category, id!("report-by-category")),
    (Grouping::Product, id!("report-by-product")),
    (Grouping::Cashier, id!("report-by-cashier")),
    (Grouping::Terminal, id!("report-by-terminal")),
    (Grouping::Tender, id!("report-by-tender")),
    (Grouping::Tax, id!("report-by-tax")),
];

/// The presets: this month so far, the last 7 and 30 days, last month, this year.
fn presets(today: NaiveDate) -> [(crate::i18n::Id, NaiveDate, NaiveDate); 5] {
    let month_start = today.with_day(1).unwrap_or(today);
    let last_month_end = month_start - Duration::days(1);
    let last_month_start = last_month_end.with_day(1).unwrap_or(last_month_end);
    let year_start = today.with_ordinal(1).unwrap_or(today);
    [
        (id!("report-preset-month"), month_start, today),
        (id!("report-preset-7"), today - Duration::days(6), today),
        (id!("report-preset-30"), today - Duration::days(29), today),
        (
            id!("report-preset-last-month"),
            last_month_start,
            last_month_end,
        ),
        (id!("report-preset-year"), year_start, today),
    ]
}

impl ReportsView {
    /// PageDown / PageUp: the next or previous grouping of the sales report.
    pub fn step_grouping(&mut self, forward: bool) {
        let i = GROUPINGS
            .iter()
            .position(|(g, _)| *g == self.by)
            .unwrap_or(0);
        let n = GROUPINGS.len();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.kind = Kind::Sales;
        self.by = GROUPINGS[next].0;
    }

    pub fn view_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        title_ui(
            ui,
            &sh.t(id!("bo-reports-title")),
            &sh.t(id!("bo-reports-detail")),
        );
        let today = sh.till.today();
        if self.from.is_empty() {
            self.from = (today - Duration::days(29)).format("%Y-%m-%d").to_string();
            self.to = today.format("%Y-%m-%d").to_string();
        }
        ui.horizontal_wrapped(|ui| {
            for (kind, name) in [
                (Kind::Sales, id!("bo-reports-sales")),
                (Kind::TaxBook, id!("bo-reports-tax-book")),
                (Kind::Losses, id!("bo-reports-losses")),
            ] {
                let b = egui::Button::selectable(self.kind == kind, sh.t(name))
                    .min_size(egui::vec2(100.0, 30.0));
                if ui.add(b).clicked() {
                    self.kind = kind;
                }
            }
            ui.separator();
            self.actions_ui(sh, ui);
        });
        ui.horizontal_wrapped(|ui| {
            for (label, text) in [
                (id!("bo-reports-from"), &mut self.from),
                (id!("bo-reports-to"), &mut self.to),
            ] {
                let name = ui.label(sh.t(label));
                ui.add(egui::TextEdit::singleline(text).desired_width(124.0))
                    .labelled_by(name.id);
            }
            for (name, from, to) in presets(today) {
                if ui.button(sh.t(name)).clicked() {
                    self.from = from.format("%Y-%m-%d").to_string();
                    self.to = to.format("%Y-%m-%d").to_string();
                }
            }
        });
        if self.kind == Kind::Sales {
            ui.horizontal_wrapped(|ui| {
                ui.label(sh.t(id!("bo-reports-by")));
                for (g, n) in GROUPINGS {
                    let name = sh.t(n).into_owned();
                    let full = sh.msg(msg!("bo-reports-by-named", by = name.clone()));
                    let b = egui::Button::selectable(self.by == g, name);
                    if ui.add(b).accessible_name(full).clicked() {
                        self.by = g;
                    }
                }
            });
        }
        let period = match Period::parse(&self.from, &self.to) {
            Ok(p) => p,
            Err(e) => {
                let color = ui.visuals().error_fg_color;
                ui.label(RichText::new(e.to_string()).color(color));
                return;
            }
        };
        self.read(sh, period);
        self.book_pages_ui(sh, ui);
        let Some(shown) = self.shown.as_ref() else {
            return;
        };
        egui::ScrollArea::both()
            .id_salt("report")
            .auto_shrink(false)
            .show(ui, |ui| {
                let s = sh.till.settings();
                if let Some(report) = &shown.sales {
                    sales_report_ui(ui, report, s.currency, s.locale);
                    return;
                }
                report_tables_ui(ui, &shown.tables, s.currency, s.locale);
            });
    }

    /// Where the tax book's page lies in it, and the buttons to the previous and next pages.
    fn book_pages_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(shown) = self.shown.as_ref().filter(|s| s.asked.0 == Kind::TaxBook) else {
            return;
        };
        let (from, count) = (shown.asked.3, shown.book_rows);
        let shown_rows = shown.tables.get(1).map_or(0, |t| t.rows.len());
        if count <= TAX_BOOK_PAGE {
            return;
        }
        let numbers = sh.till.settings().locale.numbers;
        let n = |v: usize| format_fixed(i64::try_from(v).unwrap_or(i64::MAX), 0, numbers);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    from > 0,
                    egui::Button::new(sh.t(id!("bo-reports-rows-previous"))),
                )
                .clicked()
            {
                self.book_from = from.saturating_sub(TAX_BOOK_PAGE);
            }
            ui.label(sh.msg(msg!(
                "bo-reports-rows",
                first = n(from + 1),
                last = n(from + shown_rows),
                count = n(count)
            )));
            if ui
                .add_enabled(
                    from + shown_rows < count,
                    egui::Button::new(sh.t(id!("bo-reports-rows-next"))),
                )
                .clicked()
            {
                self.book_from = from + TAX_BOOK_PAGE;
            }
        });
    }

    /// Reads the report when what is asked changed.
    fn read<C: Clock>(&mut self, sh: &mut Shell<'_, C>, period: Period) {
        // Another period shows the book from its first row.
        if self
            .shown
            .as_ref()
            .is_some_and(|s| s.asked.0 == Kind::TaxBook && s.asked.2 != period)
        {
            self.book_from = 0;
        }
        let asked = (self.kind, self.by, period, self.book_from);
        if self.shown.as_ref().is_some_and(|s| s.asked == asked) {
            return;
        }
        let lang = sh.lang();
        let shown = match self.kind {
            Kind::Sales => sh.till.office_sales_report(self.by, period).map(|r| Shown {
                asked,
                book_rows: 0,
                tables: vec![sales_table(&r, lang)],
                sales: Some(r),
            }),
            Kind::TaxBook => sh
                .till
                .office_tax_book_page(period, self.book_from)
                .map(|b| {
                    let title = sh.msg(msg!(
                        "report-tax-book-title",
                        from = period.from_text(),
                        to = period.to_text()
                    ));
                    let [rows, totals] = tax_book_tables(&b, title, lang);
                    Shown {
                        asked,
                        book_rows: b.row_count,
                        sales: None,
                        tables: vec![totals, rows],
                    }
                }),
            Kind::Losses => sh.till.office_losses(period).map(|rows| {
                let title = sh.msg(msg!(
                    "report-losses-title",
                    from = period.from_text(),
                    to = period.to_text()
                ));
                Shown {
                    asked,
                    book_rows: 0,
                    sales: None,
                    tables: vec![loss_table(&rows, title, lang)],
                }
            }),
        };
        match shown {
            Ok(s) => self.shown = Some(s),
            Err(e) => {
                sh.error(&e);
                self.shown = None;
            }
        }
    }

    /// Export and print, for what is shown (its last reading).
    fn actions_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(shown) = self.shown.as_ref() else {
            return;
        };
        {
            let name = match shown.asked.0 {
                Kind::Sales => "ventas",
                Kind::TaxBook => "libro-iva",
                Kind::Losses => "perdidas",
            };
            for (label, xlsx) in [
                (id!("bo-reports-export-csv"), false),
                (id!("bo-reports-export-xlsx"), true),
            ] {
                if ui.button(sh.t(label)).clicked() {
                    let tables = match shown.asked {
                        // The whole book (the screen shows a page of it), its rows first: the
                        // CSV is its rows.
                        (Kind::TaxBook, _, period, _) => sh.till.office_tax_book(period).map(|b| {
                            let title = sh.msg(msg!(
                                "report-tax-book-title",
                                from = period.from_text(),
                                to = period.to_text()
                            ));
                            tax_book_tables(&b, title, sh.lang()).to_vec()
                        }),
                        _ => Ok(shown.tables.clone()),
                    };
                    match tables.and_then(|t| sh.till.export_tables(name, &t, xlsx)) {
                        Ok(file) => sh.info(sh.msg(msg!(
                            "bo-reports-exported",
                            file = file.display().to_string()
                        ))),
                        Err(e) => sh.error(&e),
                    }
                }
            }
            if let Some(report) = &shown.sales
                && ui.button(sh.t(id!("bo-reports-print"))).clicked()
            {
                match sh.till.print_sales_summary(report) {
                    Ok(Some(_)) => sh.info(sh.t(id!("bo-reports-printed"))),
                    Ok(None) => sh.fail(msg!("devices-no-printer")),
                    Err(e) => sh.error(&e),
                }
            }
        }
    }
}

/// A report's tables, one under the other, as the Reports section draws them (also what the
/// benchmarks time a frame of).
pub fn report_tables_ui(
    ui: &mut egui::Ui,
    tables: &[Table],
    currency: crate::till::money::Currency,
    locale: crate::till::format::Locale,
) {
    for t in tables {
        table_ui(ui, t, currency, locale);
        ui.add_space(8.0);
    }
}

/// A report's table: its title, its headers, its rows (money in the locale's format; the
/// first 500, `more` said below when there are more).
fn table_ui(
    ui: &mut egui::Ui,
    t: &Table,
    currency: crate::till::money::Currency,
    locale: crate::till::format::Locale,
) {
    ui.label(RichText::new(&t.title).strong());
    let error = ui.visuals().error_fg_color;
    egui::Grid::new(("report-table", t.name))
        .striped(true)
        .spacing([12.0, 3.0])
        .show(ui, |ui| {
            for h in &t.headers {
                ui.label(RichText::new(h).strong().small());
            }
            ui.end_row();
            for row in t.rows.iter().take(500) {
                for (i, c) in row.iter().enumerate() {
                    let text = c.text(currency, locale);
                    let negative = matches!(c, Cell::Money(m) if *m < 0)
                        || matches!(c, Cell::Percent(p) if *p < 0);
                    if i == 0 {
                        label_ui(ui, text, 200.0);
                    } else if negative {
                        ui.label(RichText::new(text).color(error));
                    } else {
                        ui.label(text);
                    }
                }
                ui.end_row();
            }
        });
    if t.rows.len() > 500 {
        let more = locale
            .lang
            .msg(&msg!("bo-reports-more", count = t.rows.len().to_string()))
            .into_owned();
        ui.label(RichText::new(more).weak());
    }
}

/// A sales report's chart and its table, as the Reports section draws them (also what the
/// benchmarks time a frame of).
pub fn sales_report_ui(
    ui: &mut egui::Ui,
    report: &SalesReport,
    currency: crate::till::money::Currency,
    locale: crate::till::format::Locale,
) {
    let lang = locale.lang;
    let words = ChartWords {
        x_axis: GROUPINGS
            .iter()
            .find(|(g, _)| *g == report.by)
            .map(|(_, n)| lang.t(*n).into_owned())
            .unwrap_or_default(),
        y_axis: lang
            .msg(&msg!("report-axis-net", currency = currency.code()))
            .into_owned(),
        this_period: lang.t(id!("report-this-period")).into_owned(),
        previous_period: lang.t(id!("report-previous-period")).into_owned(),
    };
    sales_chart_ui(ui, report, &words, currency, locale);
    ui.add_space(6.0);
    table_ui(ui, &sales_table(report, lang), currency, locale);
}
