//! The till screen driven through egui_kittest by accessibility labels and keyboard events, over
//! a real encrypted demo store.

use crate::support::Sandbox;
use caja::app::ManualClock;
use caja::app::demo::{demo_ean, weight_label};
use caja::ui::{Notice, Screen, TillUi};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(sb: &Sandbox) -> Harness<'static, TillUi<ManualClock>> {
    let ui = TillUi::new(sb.demo_till(), true);
    Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .build_ui_state(|ui, state: &mut TillUi<ManualClock>| state.ui(ui), ui)
}

/// Types like a keyboard-wedge scanner: the characters, then Enter.
fn scan(h: &mut Harness<'static, TillUi<ManualClock>>, code: &str) {
    h.event(egui::Event::Text(code.to_string()));
    h.key_press(egui::Key::Enter);
    h.run();
}

#[test]
fn log_in_on_the_pin_pad_scan_and_pay_cash() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    h.run();
    h.get_by_label("Introduzca su PIN");
    h.get_by_label("Demo — cajera 1111 · encargada 9999 · técnico 7777");
    for _ in 0..4 {
        h.get_by_label("1").click();
        h.run();
    }
    h.get_by_label("Entrar").click();
    h.run();
    assert_eq!(h.state().screen, Screen::Sale);
    h.get_by_label("Escanee un producto para empezar");

    scan(&mut h, &demo_ean(2)); // Leche entera 1,05 €
    scan(&mut h, &weight_label(0, 1250)); // plátanos 1,250 kg = 3,11 €
    h.event(egui::Event::Text("3*".into()));
    h.run();
    scan(&mut h, &demo_ean(36)); // 3 × 0,79 € = 2,37 €
    assert_eq!(h.state().till.cart().lines.len(), 3);
    assert_eq!(h.state().till.totals().total, 105 + 311 + 237);
    h.get_by_label("6,53 €");

    h.key_press(egui::Key::F12);
    h.run();
    assert_eq!(h.state().screen, Screen::Payment);
    h.event(egui::Event::Text("10".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().screen, Screen::Sale);
    assert!(h.state().till.cart().is_empty());
    h.get_by_label("Venta T01-000001");
    h.get_by_label("Cambio 3,47 €");
    let (_, report) = h.state().till.day_report(None).unwrap();
    assert_eq!(report.sales_count, 1);
    assert_eq!(report.net_total, 653);
}

#[test]
fn wrong_pin_and_unknown_code_show_clear_errors() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    h.event(egui::Event::Text("4321".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().screen, Screen::Login);
    assert!(matches!(h.state().notice(), Some(Notice::Error(e)) if e.contains("9 attempts left")));
    h.event(egui::Event::Text("1111".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    scan(&mut h, "4006381333931");
    assert!(matches!(h.state().notice(), Some(Notice::Error(e)) if e.contains("4006381333931")));
    assert!(h.state().till.cart().is_empty());
}

#[test]
fn idle_lock_returns_to_login_and_keeps_the_sale() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    h.event(egui::Event::Text("1111".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    scan(&mut h, &demo_ean(0));
    h.state()
        .till
        .clock()
        .advance(chrono::Duration::seconds(301));
    h.run();
    assert_eq!(h.state().screen, Screen::Login);
    h.event(egui::Event::Text("1111".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().screen, Screen::Sale);
    assert_eq!(h.state().till.cart().lines.len(), 1);
}
