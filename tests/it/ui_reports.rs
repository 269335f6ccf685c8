//! The back office's Reports section driven through egui_kittest by accessibility labels, over
//! a real encrypted store with a seeded history: the sales report for a typed period by day and
//! by category (its table's total is the report's), exported as XLSX and read back; the tax
//! book and the loss report.

use crate::support::{Sandbox, store_today};
use crate::ui_backoffice::{click, manager_in_back_office, set};
use caja::ui::Notice;
use chrono::Duration;
use eframe::egui;
use egui_kittest::kittest::Queryable;

/// Exports what is shown for Excel into the exchange folder; the workbook, opened back.
fn export_excel(
    h: &mut crate::ui_backoffice::H,
) -> calamine::Xlsx<std::io::BufReader<std::fs::File>> {
    click(h, "Exportar Excel");
    let said = match h.state().notice() {
        Some(Notice::Info(t)) => t.clone(),
        other => panic!("{other:?}"),
    };
    let file = said.strip_prefix("Informe guardado en ").unwrap();
    calamine::open_workbook(file).unwrap()
}

#[test]
fn the_manager_reads_sales_by_day_and_category_exports_them_and_opens_the_tax_book() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", "400", "--days", "20", "--returns"]);
    let mut h = manager_in_back_office(&sb);
    click(&mut h, "Informes");
    let today = store_today();
    let from = (today - Duration::days(20)).format("%Y-%m-%d").to_string();
    let to = today.format("%Y-%m-%d").to_string();
    set(&mut h, "Desde", &from);
    set(&mut h, "Hasta", &to);
    // The report's total, as the store sums it, is on screen in the locale's money.
    let store = h.state().till.store();
    let period = caja::till::analytics::Period::parse(&from, &to).unwrap();
    let report =
        caja::app::analytics::sales_report(store, caja::till::analytics::Grouping::Day, period)
            .unwrap();
    let net = caja::till::format::format_money(
        report.total.net(),
        caja::till::money::Currency::Eur,
        caja::till::format::Locale::es(),
    );
    h.get_by_label(&net);
    h.get_by_label_contains(&format!("Ventas del {from} al {to}"));
    // By category: each category a row.
    click(&mut h, "Agrupar por Categoría");
    h.get_by_label("Charcutería");
    h.get_by_label("Margen %");
    // Exported for Excel into the exchange folder; a spreadsheet reads the same total.
    use calamine::{DataType, Reader};
    let mut book = export_excel(&mut h);
    let sheet = book.worksheet_range("sales").unwrap();
    let total_row = sheet
        .rows()
        .find(|r| r.first().and_then(|c| c.get_string()) == Some("Total"))
        .unwrap();
    // Net is the 7th column (group, tickets, returns, units, sales, refunds, net).
    let sheet_net = (total_row[6].as_f64().unwrap() * 100.0).round() as i64;
    assert_eq!(sheet_net, report.total.net());
    // The tax book and the losses.
    click(&mut h, "Libro de IVA");
    h.get_by_label("Totales por tipo");
    h.get_by_label_contains("Libro registro de facturas expedidas");
    // A page of its rows at a time; the export holds them all.
    let count = h.state().till.store().tax_book(&period).unwrap().rows.len();
    assert!(count > 500, "{count} rows: more than a page");
    let n = |v: usize| {
        caja::till::format::format_fixed(v as i64, 0, caja::till::format::NumberFormat::Comma)
    };
    h.get_by_label(&format!("Filas 1–500 de {}", n(count)));
    click(&mut h, "Filas siguientes ▶");
    h.get_by_label(&format!("Filas 501–{} de {}", n(count.min(1000)), n(count)));
    click(&mut h, "◀ Filas anteriores");
    h.get_by_label(&format!("Filas 1–500 de {}", n(count)));
    let mut book = export_excel(&mut h);
    let sheet = book.worksheet_range("tax_book").unwrap();
    assert!(sheet.rows().count() >= count, "every row exported");
    click(&mut h, "Pérdidas");
    h.get_by_label_contains("Prevención de pérdidas");
    assert!(h.query_all_by_label("Devolución").count() >= 1);
}

#[test]
fn page_down_and_page_up_step_through_the_groupings() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", "100", "--days", "5", "--returns"]);
    let mut h = manager_in_back_office(&sb);
    click(&mut h, "Informes");
    h.get_by_label("Día");
    crate::ui_backoffice::key(&mut h, egui::Key::PageDown);
    h.get_by_label("Semana");
    crate::ui_backoffice::key(&mut h, egui::Key::PageUp);
    crate::ui_backoffice::key(&mut h, egui::Key::PageUp);
    h.get_by_label("Hora");
}
