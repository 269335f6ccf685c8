//! The back office's Reports section applied: the sales report, the tax book and the loss
//! report for a period (a manager's), their tables exported as CSV or XLSX into the exchange
//! folder, and a summary printed on the receipt printer (audited).

use super::analytics::{LossRow, SalesReport, loss_report, sales_report};
use super::report_table::{Table, to_csv, to_xlsx};
use super::{AppError, Clock, Till};
use crate::store::tax_book::TaxBook;

/// The tax book's rows shown at a time (a year has hundreds of thousands).
pub const TAX_BOOK_PAGE: usize = 500;
use crate::till::analytics::{Grouping, Period};
use crate::till::format::format_money;
use crate::till::permission::Permission;

impl<C: Clock> Till<C> {
    /// Sales over `period` grouped `by`, beside the previous period.
    pub fn office_sales_report(
        &mut self,
        by: Grouping,
        period: Period,
    ) -> Result<SalesReport, AppError> {
        self.office_author(Permission::ManageCatalog)?;
        Ok(sales_report(&self.store, by, period)?)
    }

    /// The whole tax book of `period` (for an export).
    pub fn office_tax_book(&mut self, period: Period) -> Result<TaxBook, AppError> {
        self.office_author(Permission::ManageCatalog)?;
        Ok(self.store.tax_book(&period)?)
    }

    /// `TAX_BOOK_PAGE` rows of the tax book of `period` from `first_row`, with its totals.
    pub fn office_tax_book_page(
        &mut self,
        period: Period,
        first_row: usize,
    ) -> Result<TaxBook, AppError> {
        self.office_author(Permission::ManageCatalog)?;
        Ok(self
            .store
            .tax_book_page(&period, first_row, TAX_BOOK_PAGE)?)
    }

    pub fn office_losses(&mut self, period: Period) -> Result<Vec<LossRow>, AppError> {
        self.office_author(Permission::ManageCatalog)?;
        Ok(loss_report(&self.store, period)?)
    }

    /// Writes `tables` into the exchange folder as `name`-YYYYMMDD-HHMM.csv (the first table)
    /// or .xlsx (all of them, a sheet each); answers the file.
    pub fn export_tables(
        &self,
        name: &str,
        tables: &[Table],
        xlsx: bool,
    ) -> Result<std::path::PathBuf, AppError> {
        let dir = self.exchange_dir();
        let stamp = self.now().format("%Y%m%d-%H%M");
        let file = dir.join(format!(
            "{name}-{stamp}.{}",
            if xlsx { "xlsx" } else { "csv" }
        ));
        let failed = |detail: String| AppError::Export {
            file: file.clone(),
            detail,
        };
        let bytes = if xlsx {
            to_xlsx(tables, self.settings.currency).map_err(failed)?
        } else {
            let first = tables.first().ok_or_else(|| failed("empty".into()))?;
            to_csv(first, self.settings.currency.minor_digits())
        };
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&file, bytes))
            .map_err(|e| failed(e.to_string()))?;
        Ok(file)
    }

    /// Prints the sales report's summary on the receipt printer (audited); `Ok(None)` without
    /// a printer.
    pub fn print_sales_summary(&mut self, report: &SalesReport) -> Result<Option<i64>, AppError> {
        self.office_author(Permission::ManageCatalog)?;
        if self.settings.printer.is_none() {
            return Ok(None);
        }
        let s = &self.settings;
        let lines = summary_lines(report, s.currency, s.locale, s.printer_profile.columns);
        let bytes = crate::devices::printout::text_bytes(&lines, &s.printer_profile)?;
        let message = super::outbox::print::bytes_message(&s.terminal, "report", bytes);
        let detail = serde_json::json!({"report": "sales", "by": report.by.as_str(),
            "from": report.period.from_text(), "to": report.period.to_text()});
        self.audited_print("report_print", detail, &[message], None)
    }
}

/// The sales report as printed lines `columns` wide: the period, the totals beside the
/// previous period, then each group's net (the first 20).
pub fn summary_lines(
    report: &SalesReport,
    currency: crate::till::money::Currency,
    locale: crate::till::format::Locale,
    columns: usize,
) -> Vec<String> {
    let lang = locale.lang;
    let money = |m: i64| format_money(m, currency, locale);
    let pair = |left: String, right: String| {
        let pad = columns.saturating_sub(left.chars().count() + right.chars().count());
        let left: String = if pad == 0 {
            left.chars()
                .take(columns.saturating_sub(right.chars().count() + 1))
                .collect::<String>()
                + " "
        } else {
            left + &" ".repeat(pad)
        };
        format!("{left}{right}")
    };
    let t = report.total;
    let mut lines = vec![
        lang.msg(&crate::msg!(
            "report-sales-title",
            from = report.period.from_text(),
            to = report.period.to_text()
        ))
        .into_owned(),
        "-".repeat(columns),
        pair(
            lang.t(crate::id!("report-col-tickets")).into_owned(),
            t.tickets.to_string(),
        ),
        pair(
            lang.t(crate::id!("report-col-sales")).into_owned(),
            money(t.sales),
        ),
        pair(
            lang.t(crate::id!("report-col-refunds")).into_owned(),
            money(t.refunds),
        ),
        pair(
            lang.t(crate::id!("report-col-net")).into_owned(),
            money(t.net()),
        ),
        pair(
            lang.t(crate::id!("report-col-previous")).into_owned(),
            money(report.previous_total.net()),
        ),
    ];
    if let Some(bp) = report.change_bp() {
        lines.push(pair(
            lang.t(crate::id!("report-col-change")).into_owned(),
            format!("{} %", crate::till::format::format_fixed(bp, 2, locale)),
        ));
    }
    lines.push("-".repeat(columns));
    for r in report.rows.iter().take(20) {
        let label = super::report_table::row_label(report.by, &r.label, lang);
        lines.push(pair(label, money(r.figures.net())));
    }
    lines
}
