//! X and Z shift reports as text lines (the screen shows them; the printer will print them).

use super::format::{Locale, format_fixed, format_money, format_rate};
use super::money::Currency;
use super::report::ShiftReport;

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
    let es = locale == Locale::Es;
    let tr = |s: &'static str, e: &'static str| if es { s } else { e };
    let money = |v: i64| format_money(v, currency, locale);
    let amount = |v: i64| format_fixed(v, currency.minor_digits(), locale);
    let mut out = Vec::new();
    out.push(match r.z_number {
        Some(z) => format!("{} {}-Z{z:04}", tr("INFORME Z", "Z REPORT"), r.terminal),
        None => format!("{} {}", tr("INFORME X", "X REPORT"), r.terminal),
    });
    out.push(spread(tr("Turno", "Shift"), &r.shift_id.to_string(), width));
    out.push("-".repeat(width));
    let s = &r.sales;
    out.push(spread(
        &format!("{} ({})", tr("Ventas", "Sales"), s.sales_count),
        &amount(s.sales_total),
        width,
    ));
    out.push(spread(
        &format!("{} ({})", tr("Devoluciones", "Returns"), s.returns_count),
        &amount(s.returns_total),
        width,
    ));
    out.push(spread(
        tr("Descuentos", "Discounts"),
        &amount(s.discount_total),
        width,
    ));
    out.push(spread(tr("NETO", "NET"), &money(s.net_total), width));
    out.push("-".repeat(width));
    for t in &s.tenders {
        out.push(spread(
            &format!("{} ({})", t.kind.label(locale), t.count),
            &amount(t.amount),
            width,
        ));
    }
    for t in &s.taxes {
        out.push(spread(
            &format!(
                "{} {} {} {}",
                tr("IVA", "Tax"),
                format_rate(t.rate_bp, locale),
                tr("base", "base"),
                amount(t.base)
            ),
            &amount(t.quota),
            width,
        ));
    }
    out.push("-".repeat(width));
    let c = &r.cash;
    out.push(spread(
        tr("Fondo de caja", "Float"),
        &amount(c.float),
        width,
    ));
    out.push(spread(tr("Entradas", "Cash in"), &amount(c.cash_in), width));
    out.push(spread(
        tr("Salidas", "Cash out"),
        &amount(-c.cash_out),
        width,
    ));
    out.push(spread(
        tr("Efectivo de ventas", "Cash sales"),
        &amount(c.cash_sales),
        width,
    ));
    if let Some(e) = c.expected {
        out.push(spread(tr("Esperado en caja", "Expected"), &money(e), width));
    }
    if let Some(counted) = c.counted {
        out.push(spread(tr("Contado", "Counted"), &money(counted), width));
    }
    if let Some(d) = c.over_short {
        let label = match d.signum() {
            1 => tr("Sobrante", "Over"),
            -1 => tr("Faltante", "Short"),
            _ => tr("Cuadra", "Balanced"),
        };
        out.push(spread(label, &money(d), width));
    }
    out.push(spread(
        tr("Aperturas sin venta", "No-sale openings"),
        &r.no_sales.to_string(),
        width,
    ));
    out
}
