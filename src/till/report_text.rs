//! X and Z shift reports as text lines (the screen shows them; the printer will print them).
//! The words come from the message files (`report-*` in `assets/locales/*/caja.ftl`).

use super::format::{Locale, format_fixed, format_money, format_rate};
use super::money::Currency;
use super::receipt::{language, tender_name};
use super::report::ShiftReport;
use crate::i18n::Id;
use crate::{id, msg};

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
    let lang = language(locale);
    let tr = |id: Id| lang.t(id);
    let money = |v: i64| format_money(v, currency, locale);
    let amount = |v: i64| format_fixed(v, currency.minor_digits(), locale);
    let mut out = Vec::new();
    out.push(match r.z_number {
        Some(z) => format!("{} {}-Z{z:04}", tr(id!("report-z")), r.terminal),
        None => format!("{} {}", tr(id!("report-x")), r.terminal),
    });
    out.push(spread(
        &tr(id!("report-shift")),
        &r.shift_id.to_string(),
        width,
    ));
    out.push("-".repeat(width));
    let s = &r.sales;
    out.push(spread(
        &format!("{} ({})", tr(id!("report-sales")), s.sales_count),
        &amount(s.sales_total),
        width,
    ));
    out.push(spread(
        &format!("{} ({})", tr(id!("report-returns")), s.returns_count),
        &amount(s.returns_total),
        width,
    ));
    out.push(spread(
        &tr(id!("report-discounts")),
        &amount(s.discount_total),
        width,
    ));
    out.push(spread(&tr(id!("report-net")), &money(s.net_total), width));
    out.push("-".repeat(width));
    for t in &s.tenders {
        out.push(spread(
            &format!("{} ({})", tender_name(t.kind, lang), t.count),
            &amount(t.amount),
            width,
        ));
    }
    for t in &s.taxes {
        out.push(spread(
            &lang.msg(&msg!(
                "report-tax-line",
                rate = format_rate(t.rate_bp, locale),
                base = amount(t.base)
            )),
            &amount(t.quota),
            width,
        ));
    }
    out.push("-".repeat(width));
    let c = &r.cash;
    out.push(spread(&tr(id!("report-float")), &amount(c.float), width));
    out.push(spread(
        &tr(id!("report-cash-in")),
        &amount(c.cash_in),
        width,
    ));
    out.push(spread(
        &tr(id!("report-cash-out")),
        &amount(-c.cash_out),
        width,
    ));
    out.push(spread(
        &tr(id!("report-cash-sales")),
        &amount(c.cash_sales),
        width,
    ));
    if let Some(e) = c.expected {
        out.push(spread(&tr(id!("report-expected")), &money(e), width));
    }
    if let Some(counted) = c.counted {
        out.push(spread(&tr(id!("report-counted")), &money(counted), width));
    }
    if let Some(d) = c.over_short {
        let label = match d.signum() {
            1 => tr(id!("report-over")),
            -1 => tr(id!("report-short")),
            _ => tr(id!("report-balanced")),
        };
        out.push(spread(&label, &money(d), width));
    }
    out.push(spread(
        &tr(id!("report-no-sales")),
        &r.no_sales.to_string(),
        width,
    ));
    out
}
