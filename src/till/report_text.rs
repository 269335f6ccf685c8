//! X and Z shift reports as text lines (the screen shows them; the printer will print them).
//! The words come from the message files (`report-*` in `assets/locales/*/caja.ftl`).

use super::format::{Locale, format_fixed, format_money, format_rate};
use super::money::Currency;
use super::receipt::tender_name;
use super::report::{CashSummary, SalesSummary, ShiftReport};
use crate::i18n::{Id, Lang};
use crate::{id, msg};
use std::borrow::Cow;

fn spread(left: &str, right: &str, width: usize) -> String {
    let left: String = left
        .chars()
        .take(width.saturating_sub(right.chars().count() + 1))
        .collect();
    let pad = width.saturating_sub(left.chars().count() + right.chars().count());
    format!("{left}{}{right}", " ".repeat(pad))
}

/// The report, `width` characters per line.
pub fn shift_report_lines(
    r: &ShiftReport,
    currency: Currency,
    locale: Locale,
    width: usize,
) -> Vec<String> {
    let mut text = ReportText {
        lang: locale.lang,
        currency,
        locale,
        width,
        out: Vec::new(),
    };
    text.heading(r);
    text.rule();
    text.sales(&r.sales);
    text.rule();
    text.tenders_and_taxes(&r.sales);
    text.rule();
    text.cash(&r.cash);
    text.row(&text.tr(id!("report-no-sales")), &r.no_sales.to_string());
    text.out
}

/// A report's lines being written, with its language, currency, number format and width.
struct ReportText {
    lang: Lang,
    currency: Currency,
    locale: Locale,
    width: usize,
    out: Vec<String>,
}

impl ReportText {
    /// A word or phrase in the report's language.
    fn tr(&self, id: Id) -> Cow<'static, str> {
        self.lang.t(id)
    }

    /// An amount with its currency sign, in the number format.
    fn money(&self, v: i64) -> String {
        format_money(v, self.currency, self.locale)
    }

    /// A bare amount (no currency sign), in the number format.
    fn amount(&self, v: i64) -> String {
        format_fixed(v, self.currency.minor_digits(), self.locale)
    }

    /// A line with `left` and `right` spread to the width.
    fn row(&mut self, left: &str, right: &str) {
        self.out.push(spread(left, right, self.width));
    }

    /// A line of dashes across the width.
    fn rule(&mut self) {
        self.out.push("-".repeat(self.width));
    }

    /// X or Z (with its number) and the terminal, then the shift.
    fn heading(&mut self, r: &ShiftReport) {
        self.out.push(match r.z_number {
            Some(z) => format!("{} {}-Z{z:04}", self.tr(id!("report-z")), r.terminal),
            None => format!("{} {}", self.tr(id!("report-x")), r.terminal),
        });
        self.row(&self.tr(id!("report-shift")), &r.shift_id.to_string());
    }

    /// Sales and returns (count and amount), discounts and the net total.
    fn sales(&mut self, s: &SalesSummary) {
        self.row(
            &format!("{} ({})", self.tr(id!("report-sales")), s.sales_count),
            &self.amount(s.sales_total),
        );
        self.row(
            &format!("{} ({})", self.tr(id!("report-returns")), s.returns_count),
            &self.amount(s.returns_total),
        );
        self.row(
            &self.tr(id!("report-discounts")),
            &self.amount(s.discount_total),
        );
        self.row(&self.tr(id!("report-net")), &self.money(s.net_total));
    }

    /// Each tender (count and amount), then each tax rate (base and quota).
    fn tenders_and_taxes(&mut self, s: &SalesSummary) {
        for t in &s.tenders {
            self.row(
                &format!("{} ({})", tender_name(t.kind, self.lang), t.count),
                &self.amount(t.amount),
            );
        }
        for t in &s.taxes {
            self.row(
                &self.lang.msg(&msg!(
                    "report-tax-line",
                    rate = format_rate(t.rate_bp, self.locale),
                    base = self.amount(t.base)
                )),
                &self.amount(t.quota),
            );
            if t.recargo != 0 {
                self.row(
                    &self.lang.msg(&msg!(
                        "report-recargo-line",
                        rate = format_rate(t.rate_bp, self.locale)
                    )),
                    &self.amount(t.recargo),
                );
            }
        }
    }

    /// The drawer: float, cash in and out, cash sales; expected, counted and over / short when
    /// known.
    fn cash(&mut self, c: &CashSummary) {
        self.row(&self.tr(id!("report-float")), &self.amount(c.float));
        self.row(&self.tr(id!("report-cash-in")), &self.amount(c.cash_in));
        self.row(&self.tr(id!("report-cash-out")), &self.amount(-c.cash_out));
        self.row(
            &self.tr(id!("report-cash-sales")),
            &self.amount(c.cash_sales),
        );
        if let Some(e) = c.expected {
            self.row(&self.tr(id!("report-expected")), &self.money(e));
        }
        if let Some(counted) = c.counted {
            self.row(&self.tr(id!("report-counted")), &self.money(counted));
        }
        if let Some(d) = c.over_short {
            let label = match d.signum() {
                1 => self.tr(id!("report-over")),
                -1 => self.tr(id!("report-short")),
                _ => self.tr(id!("report-balanced")),
            };
            self.row(&label, &self.money(d));
        }
    }
}
