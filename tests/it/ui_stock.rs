//! The back office's Stock section driven through egui_kittest by accessibility labels, over a
//! real encrypted demo store: a goods receipt from a new supplier entered by scanning and
//! posted, a blind count applied by the manager, an adjustment seen in the ledger, a reorder
//! point and the suggested order exported.

use crate::support::Sandbox;
use crate::ui_backoffice::{H, click, key, manager_in_back_office, set, typed};
use caja::app::demo::demo_ean;
use caja::ui::Notice;
use eframe::egui::Key;
use egui_kittest::kittest::Queryable;

fn stock_of(h: &H, product: usize) -> i64 {
    h.state()
        .till
        .store()
        .stock_item_by_code(&demo_ean(product))
        .unwrap()
        .stock_milli
}

fn notice(h: &H) -> String {
    match h.state().notice() {
        Some(Notice::Info(t)) | Some(Notice::Error(t)) => t.clone(),
        None => String::new(),
    }
}

#[test]
fn a_goods_receipt_is_scanned_in_from_a_new_supplier_and_posted() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    let before = stock_of(&h, 0);
    let before_cost = h
        .state()
        .till
        .store()
        .stock_item_by_code(&demo_ean(0))
        .unwrap()
        .cost;
    click(&mut h, "Existencias");
    click(&mut h, "Entradas");
    click(&mut h, "Nueva entrada de mercancía");
    // The code field has the cursor: a keyboard-wedge scanner types the code and Enter.
    typed(&mut h, &demo_ean(0));
    key(&mut h, Key::Enter);
    assert!(notice(&h).contains("Barra de pan"), "{}", notice(&h));
    // Scanned again: one more of the same line.
    typed(&mut h, &demo_ean(0));
    key(&mut h, Key::Enter);
    set(&mut h, "Cantidad de Barra de pan", "24");
    set(&mut h, "Coste unitario de Barra de pan", "0,31");
    h.get_by_label_contains("Total de la entrada: 7,44");
    set(&mut h, "N.º de albarán", "ALB-2026-118");
    // No supplier yet: said, nothing posted.
    click(&mut h, "Contabilizar entrada");
    assert!(notice(&h).contains("proveedor"), "{}", notice(&h));
    assert_eq!(stock_of(&h, 0), before);
    click(&mut h, "Nuevo proveedor");
    set(&mut h, "Nombre del proveedor", "Panificadora del Sur");
    click(&mut h, "Añadir proveedor");
    click(&mut h, "Contabilizar entrada");
    assert_eq!(stock_of(&h, 0), before + 24_000);
    let store = h.state().till.store();
    let item = store.stock_item_by_code(&demo_ean(0)).unwrap();
    // The 50 on hand at their cost, averaged with the 24 delivered at 0,31.
    assert_eq!(
        item.cost,
        Some(caja::till::stock::average_cost(
            before,
            before_cost,
            24_000,
            31
        ))
    );
    assert_eq!(item.supplier.as_deref(), Some("Panificadora del Sur"));
    // The list shows it posted.
    h.get_by_label("Contabilizada");
    h.get_by_label("ALB-2026-118");
}

#[test]
fn a_blind_count_is_applied_by_the_manager_and_an_adjustment_shows_in_the_ledger() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    click(&mut h, "Existencias");
    click(&mut h, "Recuento");
    click(&mut h, "Empezar recuento");
    typed(&mut h, &demo_ean(1));
    key(&mut h, Key::Enter);
    typed(&mut h, &demo_ean(1));
    key(&mut h, Key::Enter);
    // Blind: what was counted, never the 50 the ledger expects.
    assert_eq!(notice(&h), "Pan de molde integral: contado 2");
    assert!(h.query_by_label_contains("50").is_none());
    click(&mut h, "Ver diferencias");
    h.get_by_label("Esperado");
    h.get_by_label("-48");
    click(&mut h, "Aplicar recuento");
    assert_eq!(stock_of(&h, 1), 2_000, "{}", notice(&h));
    h.get_by_label("No hay ningún recuento abierto.");
    // An adjustment: −1 broken, in the ledger with its reason and who.
    click(&mut h, "En tienda");
    set(&mut h, "Buscar producto", "molde");
    click(&mut h, "Ver movimientos de Pan de molde integral");
    set(&mut h, "Cantidad a ajustar", "-1");
    click(&mut h, "Rotura");
    set(&mut h, "Nota", "se cayó");
    click(&mut h, "Guardar ajuste");
    assert_eq!(stock_of(&h, 1), 1_000);
    // The tab and the count's movement; the reason's button and the adjustment's movement.
    assert_eq!(h.query_all_by_label("Recuento").count(), 2);
    assert_eq!(h.query_all_by_label("Rotura").count(), 2);
    h.get_by_label("se cayó");
    h.get_by_label_contains("existencias 1");
    // A reorder point above it: low, with the order suggested, exported for the supplier.
    set(&mut h, "Pedir por debajo de", "6");
    click(&mut h, "Guardar (Intro)");
    click(&mut h, "Bajo mínimos");
    h.get_by_label("Pan de molde integral");
    h.get_by_label("11"); // up to twice the point: 12 − 1
    click(&mut h, "Exportar pedido (CSV)");
    let exported = notice(&h);
    let file = exported
        .strip_prefix("Pedido sugerido guardado en ")
        .unwrap_or_else(|| panic!("{exported}"));
    let csv = std::fs::read_to_string(file).unwrap();
    assert!(csv.contains(",Pan de molde integral,,1,6,11,"), "{csv}");
}

#[test]
fn a_cashier_scans_into_an_open_count_from_the_till_and_sees_nothing_else() {
    use crate::ui_backoffice::{harness, login};
    use caja::ui::Screen;
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    h.run();
    // No count open: the cashier has no way into the back office.
    login(&mut h, "1111");
    assert!(h.query_by_label("Gestión (Inicio)").is_none());
    let count = h
        .state()
        .till
        .store()
        .start_count(
            None,
            &caja::store::taxes::Author {
                terminal: "T01",
                user_id: Some(2),
                at: "2026-03-02T10:00:00.000+01:00",
            },
        )
        .unwrap();
    h.run();
    h.run();
    // A count open: Home takes the cashier to it, and only to it.
    click(&mut h, "Gestión (Inicio)");
    assert_eq!(h.state().screen(), Screen::BackOffice);
    assert!(h.query_by_label("Catálogo").is_none());
    assert!(h.query_by_label("Entradas").is_none());
    h.get_by_label_contains(&format!("Recuento n.º {count}"));
    typed(&mut h, &demo_ean(2));
    key(&mut h, Key::Enter);
    assert_eq!(notice(&h), "Leche entera 1 L: contado 1");
    // Blind, and the variances and the cancel are a manager's.
    assert!(h.query_by_label("Ver diferencias").is_none());
    assert!(h.query_by_label("Cancelar recuento").is_none());
    let report = h.state().till.store().count_report(count).unwrap();
    let line = report.lines.iter().find(|l| !l.uncounted).unwrap();
    assert_eq!(
        (line.name.as_str(), line.counted_milli),
        ("Leche entera 1 L", 1_000)
    );
}
