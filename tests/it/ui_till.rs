//! The till screen driven through egui_kittest by accessibility labels and keyboard events, over
//! a real encrypted demo store.

use crate::support::{Sandbox, frames_until};
use caja::app::ManualClock;
use caja::app::demo::{demo_ean, weight_label};
use caja::ui::{Notice, Overlay, Screen, TillUi};
use eframe::egui;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

type H = Harness<'static, TillUi<ManualClock>>;

fn harness(sb: &Sandbox) -> H {
    open_window(TillUi::new(sb.demo_till(), true))
}

/// `ui` in a 1024×768 window.
fn open_window(ui: TillUi<ManualClock>) -> H {
    Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .build_ui_state(|ui, state: &mut TillUi<ManualClock>| state.ui(ui), ui)
}

/// 10 ms per frame: a person's keys are several frames apart, a scanner's burst (one `Text`
/// event, then Enter in the next frame) is not.
fn fast_harness(sb: &Sandbox) -> H {
    let ui = TillUi::new(sb.demo_till(), true);
    Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .with_step_dt(0.010)
        .build_ui_state(|ui, state: &mut TillUi<ManualClock>| state.ui(ui), ui)
}

fn type_text(h: &mut H, text: &str) {
    h.event(egui::Event::Text(text.to_string()));
    h.run();
}

fn key(h: &mut H, k: Key) {
    h.key_press(k);
    h.run();
}

/// Types like a keyboard-wedge scanner: the characters, then Enter.
fn scan(h: &mut H, code: &str) {
    h.event(egui::Event::Text(code.to_string()));
    h.key_press(Key::Enter);
    h.run();
}

fn login(h: &mut H, pin: &str) {
    type_text(h, pin);
    key(h, Key::Enter);
}

/// A receipt number in this store's series (`CODE-T01-000001`).
fn no(h: &H, number: &str) -> String {
    format!("{}-{number}", h.state().till.store().identity().code)
}

fn error_text(h: &H) -> String {
    match h.state().notice() {
        Some(Notice::Error(e)) => e.clone(),
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn sell_with_weighed_item_quantity_discount_override_and_cash_change() {
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
    assert_eq!(h.state().screen(), Screen::Sale);
    h.get_by_label("Escanee un producto para empezar");

    scan(&mut h, &demo_ean(2)); // Leche entera 1,05 €
    h.get_by_label("Leche entera 1 L\n1 × 1,05 € = 1,05 €");
    scan(&mut h, &weight_label(0, 1250)); // plátanos 1,250 kg = 3,11 €
    type_text(&mut h, "3*");
    h.get_by_label("3 ×");
    scan(&mut h, &demo_ean(36)); // 3 × 0,79 € = 2,37 €
    assert_eq!(h.state().till.cart().lines.len(), 3);
    assert_eq!(h.state().till.totals().total, 105 + 311 + 237);
    h.get_by_label("6,53 €");

    // F6: 10 % off the selected (last) line; a cashier needs a manager's PIN.
    key(&mut h, Key::F6);
    assert!(matches!(
        h.state().overlay(),
        Some(Overlay::Discount { .. })
    ));
    type_text(&mut h, "10");
    key(&mut h, Key::Enter);
    assert!(matches!(
        h.state().overlay(),
        Some(Overlay::Approval { .. })
    ));
    h.get_by_label("Autorización de encargado");
    type_text(&mut h, "1111"); // the cashier's own PIN does not approve
    key(&mut h, Key::Enter);
    assert!(error_text(&h).contains("no es de alguien que pueda autorizar"));
    assert_eq!(h.state().till.totals().discount_total, 0);
    key(&mut h, Key::F6);
    type_text(&mut h, "10");
    key(&mut h, Key::Enter);
    type_text(&mut h, "9999");
    key(&mut h, Key::Enter);
    assert!(h.state().overlay().is_none());
    assert_eq!(h.state().till.totals().discount_total, 24); // 10 % of 2,37 €
    let total = 105 + 311 + 237 - 24;
    h.get_by_label("6,29 €");

    key(&mut h, Key::F12);
    assert_eq!(h.state().screen(), Screen::Payment);
    type_text(&mut h, "10");
    key(&mut h, Key::Enter);
    assert_eq!(h.state().screen(), Screen::Sale);
    assert!(h.state().till.cart().is_empty());
    h.get_by_label(&format!("Venta {} · 6,29 €", no(&h, "T01-000001")));
    h.get_by_label("Cambio 3,71 €");
    let receipt = h.state().receipt().expect("receipt preview").join("\n");
    assert!(receipt.contains(&no(&h, "T01-000001")), "{receipt}");
    assert!(
        receipt.contains("Cambio") && receipt.contains("3,71"),
        "{receipt}"
    );
    assert!(receipt.contains("1,250 kg x 2,49"), "{receipt}");

    // The next customer at once: the number goes up.
    scan(&mut h, &demo_ean(0));
    key(&mut h, Key::F12);
    key(&mut h, Key::Enter); // exact cash
    h.get_by_label(&format!("Venta {} · 0,65 €", no(&h, "T01-000002")));

    // The X report on the shift screen shows both sales.
    key(&mut h, Key::F10);
    assert_eq!(h.state().screen(), Screen::Shift);
    type_text(&mut h, "3");
    let report = h.state().shift_report().expect("X report").join("\n");
    assert!(report.contains("INFORME X"), "{report}");
    assert!(report.contains("Ventas (2)"), "{report}");
    assert!(
        report.contains(&caja::till::format::format_money(
            total + 65,
            caja::till::money::Currency::Eur,
            caja::till::format::Locale::es()
        )),
        "{report}"
    );
    let (_, day) = h.state().till.day_report(None).unwrap();
    assert_eq!((day.sales_count, day.net_total), (2, total + 65));
}

#[test]
fn park_and_recall_from_the_list() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "1111");
    scan(&mut h, &demo_ean(4));
    scan(&mut h, &demo_ean(5));
    key(&mut h, Key::F4);
    assert!(h.state().till.cart().is_empty());
    h.get_by_label("Venta aparcada (F4 para recuperarla)");
    // Another customer pays meanwhile, split: 0,50 € cash, the rest by card with a reference.
    scan(&mut h, &demo_ean(2)); // 1,05 €
    key(&mut h, Key::F12);
    type_text(&mut h, "0,50");
    key(&mut h, Key::Enter);
    assert_eq!(h.state().screen(), Screen::Payment);
    h.get_by_label("0,55 €");
    type_text(&mut h, "4111111111111111"); // a card number typed as the reference: refused
    key(&mut h, Key::F5);
    assert!(error_text(&h).contains("número de tarjeta"));
    type_text(&mut h, "AUT-123456");
    key(&mut h, Key::F5);
    assert_eq!(h.state().screen(), Screen::Sale);
    h.get_by_label(&format!("Venta {} · 1,05 €", no(&h, "T01-000001")));
    key(&mut h, Key::F3);
    let Some(Overlay::Receipt(lines)) = h.state().overlay() else {
        panic!("F3 shows the last receipt");
    };
    let receipt = lines.join("\n");
    assert!(
        receipt.contains("Tarjeta AUT-123456") && receipt.contains("0,55"),
        "{receipt}"
    );
    assert!(!receipt.contains("4111"), "{receipt}");
    key(&mut h, Key::Escape);
    key(&mut h, Key::F4);
    assert!(matches!(h.state().overlay(), Some(Overlay::Parked { list, .. }) if list.len() == 1));
    h.get_by_label("Ventas aparcadas");
    key(&mut h, Key::Enter);
    assert!(h.state().overlay().is_none());
    assert_eq!(h.state().till.cart().lines.len(), 2);
    assert_eq!(h.state().till.totals().total, 289 + 185);
}

#[test]
fn return_against_an_earlier_receipt_with_manager_approval() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "1111");
    type_text(&mut h, "2*");
    scan(&mut h, &demo_ean(2)); // 2 × 1,05
    scan(&mut h, &demo_ean(0)); // 0,65
    key(&mut h, Key::F12);
    key(&mut h, Key::Enter);
    h.get_by_label(&format!("Venta {} · 2,75 €", no(&h, "T01-000001")));

    key(&mut h, Key::F8);
    assert_eq!(h.state().screen(), Screen::Return);
    let missing = no(&h, "T01-000009");
    scan(&mut h, &missing);
    assert!(error_text(&h).contains(&missing));
    let first = no(&h, "T01-000001");
    scan(&mut h, &first); // as a receipt's barcode types it
    h.get_by_label("Leche entera 1 L");
    type_text(&mut h, "5"); // more than was sold
    key(&mut h, Key::Enter);
    assert!(error_text(&h).contains("como mucho 2"));
    type_text(&mut h, "1");
    key(&mut h, Key::Enter);
    key(&mut h, Key::F12);
    type_text(&mut h, "Caducado");
    key(&mut h, Key::Enter);
    assert!(matches!(
        h.state().overlay(),
        Some(Overlay::Approval { .. })
    ));
    type_text(&mut h, "9999");
    key(&mut h, Key::Enter);
    assert_eq!(h.state().screen(), Screen::Sale);
    h.get_by_label(&format!("Devolución {} · -1,05 €", no(&h, "T01R-000001")));
    let receipt = h.state().receipt().expect("refund receipt").join("\n");
    assert!(
        receipt.contains("FACTURA SIMPLIFICADA RECTIFICATIVA")
            && receipt.contains(&format!("Rectifica {}", no(&h, "T01-000001"))),
        "{receipt}"
    );
    let (_, day) = h.state().till.day_report(None).unwrap();
    assert_eq!((day.returns_count, day.net_total), (1, 275 - 105));
}

#[test]
fn wrong_pin_unknown_code_and_lockout_show_clear_errors() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "4321");
    assert_eq!(h.state().screen(), Screen::Login);
    assert!(error_text(&h).contains("quedan 9 intentos"));
    login(&mut h, "1111");
    scan(&mut h, "4006381333931");
    assert!(error_text(&h).contains("4006381333931"));
    scan(&mut h, "8437000000151");
    assert!(error_text(&h).contains("dígito de control"));
    assert!(h.state().till.cart().is_empty());
    key(&mut h, Key::F11);
    for _ in 0..10 {
        login(&mut h, "4321");
    }
    let e = error_text(&h);
    assert!(
        e.contains("bloqueada hasta") && e.contains("faltan 30 min"),
        "{e}"
    );
    h.get_by_label("Desbloquear (encargado)").click();
    h.run();
    type_text(&mut h, "9999");
    key(&mut h, Key::Enter);
    login(&mut h, "1111");
    assert_eq!(h.state().screen(), Screen::Sale);
}

#[test]
fn idle_lock_returns_to_login_and_keeps_the_sale() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "1111");
    scan(&mut h, &demo_ean(0));
    h.state()
        .till
        .clock()
        .advance(chrono::Duration::seconds(301));
    h.run();
    assert_eq!(h.state().screen(), Screen::Login);
    login(&mut h, "1111");
    assert_eq!(h.state().screen(), Screen::Sale);
    assert_eq!(h.state().till.cart().lines.len(), 1);
}

#[test]
fn search_with_arrows_and_a_scan_burst_while_typing_goes_to_the_sale() {
    let sb = Sandbox::new();
    let mut h = fast_harness(&sb);
    login(&mut h, "1111");
    key(&mut h, Key::F2);
    h.get_by_label("Buscar producto");
    for ch in ["l", "e", "c", "h"] {
        h.event(egui::Event::Text(ch.into()));
        h.run_steps(12);
    }
    assert!(
        matches!(h.state().overlay(), Some(Overlay::Search { query, results, .. })
            if query == "lech" && results.len() >= 2)
    );
    // A scan arrives mid-search: it is sold, and the search text is left as it was.
    h.event(egui::Event::Text(demo_ean(0)));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().till.cart().lines.len(), 1);
    assert_eq!(h.state().till.cart().lines[0].item.name, "Barra de pan");
    assert!(matches!(h.state().overlay(), Some(Overlay::Search { query, .. }) if query == "lech"));
    h.run_steps(12);
    key(&mut h, Key::ArrowDown);
    h.run_steps(12);
    key(&mut h, Key::Enter);
    assert!(h.state().overlay().is_none());
    assert_eq!(h.state().till.cart().lines.len(), 2);
    assert_eq!(
        h.state().till.cart().lines[1].item.name,
        "Leche semidesnatada 1 L"
    );
}

#[test]
fn help_no_sale_void_and_shift_close_with_denominations() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "1111");
    key(&mut h, Key::F1);
    h.get_by_label("Teclado");
    h.get_by_label("anular la línea seleccionada");
    key(&mut h, Key::Escape);
    scan(&mut h, &demo_ean(0));
    scan(&mut h, &demo_ean(2));
    key(&mut h, Key::ArrowUp);
    key(&mut h, Key::Delete);
    assert!(h.state().till.cart().lines[0].voided);
    assert_eq!(h.state().till.totals().total, 105);
    key(&mut h, Key::F12);
    type_text(&mut h, "5");
    key(&mut h, Key::Enter); // change 3,95
    key(&mut h, Key::F9);
    key(&mut h, Key::Enter); // no reason: refused
    assert!(error_text(&h).contains("motivo"));
    type_text(&mut h, "Cambio para otra caja");
    key(&mut h, Key::Enter);
    h.get_by_label("Cajón abierto (registrado)");

    key(&mut h, Key::F10);
    type_text(&mut h, "1"); // cash in
    type_text(&mut h, "20");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Enter); // no reason: refused
    assert!(error_text(&h).contains("motivo"));
    type_text(&mut h, "Cambio del banco");
    key(&mut h, Key::Enter);
    h.get_by_label("Movimiento registrado: 20,00 €");
    type_text(&mut h, "4");
    assert!(h.state().shift_report().is_none());
    // Float 100 € + 20 € in + 1,05 € sale = 121,05 €: count 2 × 50 €, 1 × 20 €, 1 × 1 €,
    // then 5 cents short.
    for _ in 0..3 {
        key(&mut h, Key::ArrowDown);
    }
    type_text(&mut h, "2");
    key(&mut h, Key::Enter); // moves on to 20 €
    type_text(&mut h, "1");
    key(&mut h, Key::Enter);
    for _ in 0..3 {
        key(&mut h, Key::ArrowDown);
    }
    type_text(&mut h, "1");
    key(&mut h, Key::Enter);
    h.get_by_label("Total contado 121,00 €");
    key(&mut h, Key::F12);
    h.get_by_label("Faltante -0,05 €");
    let z = h.state().shift_report().expect("Z report").join("\n");
    assert!(z.contains("INFORME Z T01-Z0001"), "{z}");
    assert!(z.contains("Aperturas sin venta"), "{z}");
    // Enter: open the next shift.
    key(&mut h, Key::Enter);
    type_text(&mut h, "150");
    key(&mut h, Key::Enter);
    assert_eq!(h.state().screen(), Screen::Sale);
}

#[test]
fn english_dark_till_without_demo_pins() {
    let sb = Sandbox::new();
    let settings = caja::config::TillSettings {
        locale: caja::till::format::Locale::en(),
        dark_theme: true,
        ..Default::default()
    };
    let mut h = open_window(TillUi::new(sb.demo_till_with(settings), false));
    h.run();
    h.get_by_label("Enter your PIN");
    assert!(
        h.query_by_label_contains("1111").is_none(),
        "demo PINs shown outside demo mode"
    );
    assert!(h.ctx.global_style().visuals.dark_mode);
    login(&mut h, "1111");
    scan(&mut h, &demo_ean(2));
    h.get_by_label("Leche entera 1 L\n1 × €1.05 = €1.05"); // English number format
    scan(&mut h, "4006381333931");
    assert!(error_text(&h).contains("no product has the code 4006381333931"));
    key(&mut h, Key::F1);
    h.get_by_label("Keyboard");
    h.get_by_label("void the selected line");
}

#[test]
fn scans_at_the_pin_pad_or_while_paying_are_never_pins_or_cash() {
    let sb = Sandbox::new();
    let mut h = fast_harness(&sb);
    scan(&mut h, &demo_ean(2));
    assert!(error_text(&h).contains("antes de escanear"));
    let guard = h.state().till.store().login_guard("T01").unwrap();
    assert_eq!(guard.failed, 0, "a scan counted as a wrong PIN");
    h.run_steps(10);
    login(&mut h, "1111");
    assert_eq!(h.state().screen(), Screen::Sale);
    scan(&mut h, &demo_ean(0)); // 0,65 €
    h.run_steps(10);
    key(&mut h, Key::F12);
    scan(&mut h, &demo_ean(2));
    assert!(error_text(&h).contains("era un escaneo"));
    assert!(h.state().till.payment().unwrap().tenders.is_empty());
    h.run_steps(10);
    type_text(&mut h, "5000");
    h.run_steps(10);
    key(&mut h, Key::Enter);
    assert!(error_text(&h).contains("demasiado"), "{}", error_text(&h));
    assert!(h.state().till.payment().unwrap().tenders.is_empty());
    h.run_steps(10);
    type_text(&mut h, "1");
    h.run_steps(10);
    key(&mut h, Key::Enter);
    h.get_by_label("Cambio 0,35 €");
}

#[test]
fn manager_changes_a_price_and_gives_a_ticket_discount_without_a_dialog() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "9999");
    scan(&mut h, &demo_ean(4)); // Huevos 2,89 €
    scan(&mut h, &demo_ean(5)); // Queso fresco 1,85 €
    key(&mut h, Key::ArrowUp); // the eggs
    key(&mut h, Key::F6);
    for _ in 0..4 {
        key(&mut h, Key::ArrowRight); // Línea % → Línea € → Tique % → Tique € → Precio
    }
    type_text(&mut h, "2,50");
    key(&mut h, Key::Enter);
    assert!(h.state().overlay().is_none(), "a manager needs no approval");
    assert_eq!(h.state().till.cart().lines[0].unit_price(), 250);
    key(&mut h, Key::F6);
    key(&mut h, Key::ArrowLeft); // wraps round to Precio
    key(&mut h, Key::ArrowLeft); // Tique €
    type_text(&mut h, "10"); // more than the ticket: refused, nothing changes
    key(&mut h, Key::Enter);
    assert!(
        error_text(&h).contains("no mayor que lo que descuenta"),
        "{}",
        error_text(&h)
    );
    assert_eq!(h.state().till.totals().total, 250 + 185);
    key(&mut h, Key::F6);
    key(&mut h, Key::ArrowRight);
    key(&mut h, Key::ArrowRight); // Tique %
    type_text(&mut h, "10");
    key(&mut h, Key::Enter);
    let totals = h.state().till.totals();
    assert_eq!(totals.total, 250 + 185 - 44); // 10 % of 4,35 € = 0,435 → 0,44
    key(&mut h, Key::F6);
    type_text(&mut h, "abc"); // letters are ignored in the value
    key(&mut h, Key::Enter); // empty value = remove the line discount (none set): fine
    assert!(h.state().overlay().is_none());
    let audit = sb.ok(&["audit", "tail", "--limit", "10"]);
    assert!(
        audit.contains("price_override") && audit.contains("ticket_discount"),
        "{audit}"
    );
}

#[test]
fn the_devices_screen_is_for_technicians_and_managers() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "1111");
    key(&mut h, Key::F7);
    assert_eq!(h.state().screen(), Screen::Sale, "a cashier cannot open it");
    assert!(error_text(&h).contains("encargado"));
    key(&mut h, Key::F11);
    login(&mut h, "7777"); // the technician lands on it
    assert_eq!(h.state().screen(), Screen::Devices);
    h.get_by_label("Dispositivos");
    h.get_by_label("solo teclado (cuña)");
    type_text(&mut h, "2"); // open drawer: no printer configured here
    assert!(error_text(&h).contains("No hay impresora"));
    key(&mut h, Key::Escape); // a technician does not sell: back to the PIN pad
    assert_eq!(h.state().screen(), Screen::Login);
    login(&mut h, "9999");
    key(&mut h, Key::F7);
    assert_eq!(h.state().screen(), Screen::Devices);
    key(&mut h, Key::Escape);
    assert_eq!(h.state().screen(), Screen::Sale);
}

#[test]
fn fakes_at_the_device_boundary_scanner_display_and_scale() {
    use caja::devices::display::FakeDisplay;
    use caja::devices::scale::{FakeScale, ScaleError};
    use caja::devices::scanner::FakeScanner;
    let sb = Sandbox::new();
    let display = FakeDisplay::default();
    let scanner = FakeScanner::default();
    let shown = display.shown.clone();
    let mut h = open_window(
        TillUi::new(sb.demo_till(), true)
            .with_display(display)
            .with_scale(FakeScale(
                [Err(ScaleError::Zero), Ok(2_000)].into_iter().collect(),
            ))
            .with_scanner(scanner.clone()),
    );
    login(&mut h, "1111");
    scanner.push(demo_ean(2));
    h.run(); // the serial scanner's code arrives
    assert_eq!(h.state().till.cart().lines.len(), 1);
    scan(&mut h, "101"); // bananas by weight: the scale reads zero first
    frames_until(&mut h, "the scale's answer", |h| {
        matches!(h.state().notice(), Some(Notice::Error(_)))
    });
    assert!(error_text(&h).contains("la balanza marca cero"));
    scan(&mut h, "101");
    frames_until(&mut h, "the weighed line", |h| {
        h.state().till.cart().lines.len() == 2
    });
    assert_eq!(h.state().till.cart().lines[1].quantity.milli, 2_000);
    let last = shown.borrow().last().cloned().unwrap();
    assert!(last[0].starts_with("Plátano"), "{last:?}");
    assert_eq!(last[1], "TOTAL         6,03 €"); // 1,05 + 2 kg × 2,49
    key(&mut h, Key::F12);
    key(&mut h, Key::Enter);
    assert_eq!(shown.borrow().last().unwrap()[1], "Cambio        0,00 €");
}

#[test]
fn a_technician_changes_a_device_address_on_the_devices_screen() {
    let sb = Sandbox::new();
    let mut h = open_window(TillUi::new(sb.demo_till(), true).with_config_file(sb.config_file()));
    login(&mut h, "7777");
    assert_eq!(h.state().screen(), Screen::Devices);
    type_text(&mut h, "e");
    h.get_by_label("Cambiar devices.printer");
    type_text(&mut h, "lp0");
    key(&mut h, Key::Enter);
    assert!(error_text(&h).contains("not a device address"));
    assert!(!sb.config_file().exists(), "nothing written on a bad value");
    for _ in 0..3 {
        key(&mut h, Key::Backspace);
    }
    let to = format!("file:{}", sb.dir.path().join("p.bin").display());
    type_text(&mut h, &to);
    key(&mut h, Key::Enter);
    let config = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(config.contains(&to), "{config}");
    let audit = sb.ok(&["audit", "tail", "--limit", "1"]);
    assert!(
        audit.contains("settings_change") && audit.contains("devices.printer"),
        "{audit}"
    );
    assert_eq!(sb.ok(&["config", "get", "devices.printer"]).trim(), to);
}

/// The help's rows (keys, what they do) for the sale and payment tables, in `lang`.
fn help_rows_of(lang: &str) -> Vec<(String, String)> {
    use caja::ui::keys::help_rows;
    use caja::ui::{PAYMENT_KEYS, SALE_KEYS};
    let lang = caja::i18n::Lang::get(lang);
    let mut rows = help_rows(lang, &SALE_KEYS);
    rows.extend(help_rows(lang, &PAYMENT_KEYS));
    rows
}

fn shows(h: &H, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

#[test]
fn f1_help_lists_every_key_the_sale_and_payment_screens_handle_with_f5_and_f7() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "1111");
    key(&mut h, Key::F1);
    assert!(matches!(h.state().overlay(), Some(Overlay::Help)));
    let rows = help_rows_of("es");
    for (keys, what) in &rows {
        assert!(shows(&h, keys), "help row keys «{keys}» not shown");
        assert!(shows(&h, what), "help row «{what}» not shown");
    }
    // Every binding of the sale table (the only way keys reach the sale screen) has its line.
    let es = caja::i18n::Lang::get("es");
    for b in &caja::ui::SALE_KEYS {
        assert!(shows(&h, &es.t(b.help)), "{:?} has no help line", b.trigger);
    }
    assert!(shows(&h, "F5") && shows(&h, "tarjeta por lo que falta (antes: referencia)"));
    assert!(shows(&h, "F7") && shows(&h, "dispositivos (técnico o encargado)"));
    key(&mut h, Key::Escape);
    // A key outside the table does nothing on the sale screen.
    scan(&mut h, &demo_ean(0));
    key(&mut h, Key::Insert);
    assert!(h.state().overlay().is_none());
    assert_eq!(h.state().screen(), Screen::Sale);
    assert_eq!(h.state().till.cart().lines.len(), 1);
}

#[test]
fn the_help_fits_a_1024_by_768_window_in_both_languages() {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1024.0, 768.0));
    for (lang, locale) in [
        ("es", caja::till::format::Locale::es()),
        ("en", caja::till::format::Locale::en()),
    ] {
        let sb = Sandbox::new();
        let settings = caja::config::TillSettings {
            locale,
            ..Default::default()
        };
        let mut h = open_window(TillUi::new(sb.demo_till_with(settings), true));
        login(&mut h, "1111");
        key(&mut h, Key::F1);
        // Every row, the first and the last included, with nothing to scroll.
        for label in help_rows_of(lang)
            .iter()
            .flat_map(|(keys, what)| [keys, what])
        {
            for node in h.query_all_by_label(label) {
                let rect = node.rect();
                assert!(window.contains_rect(rect), "{lang}: «{label}» at {rect:?}");
            }
        }
        let close = if lang == "es" {
            "Cerrar (Esc)"
        } else {
            "Close (Esc)"
        };
        let rect = h.get_by_label(close).rect();
        assert!(
            window.contains_rect(rect),
            "{lang}: close button at {rect:?}"
        );
    }
}

/// A scale that takes as long as a slow serial one does (its reply timeout).
struct SlowScale(std::time::Duration, i64);

impl caja::devices::scale::Scale for SlowScale {
    fn weight(&mut self) -> Result<i64, caja::devices::scale::ScaleError> {
        std::thread::sleep(self.0);
        Ok(self.1)
    }
}

#[test]
fn a_slow_scale_never_holds_a_frame() {
    let sb = Sandbox::new();
    let slow = std::time::Duration::from_millis(800);
    let mut h = open_window(TillUi::new(sb.demo_till(), true).with_scale(SlowScale(slow, 1_500)));
    login(&mut h, "1111");
    let started = std::time::Instant::now();
    scan(&mut h, "101"); // bananas: sold by weight
    let took = started.elapsed();
    assert!(
        took < slow / 2,
        "the frames of a scan took {took:?}: the scale held them"
    );
    match h.state().notice() {
        Some(Notice::Info(i)) => assert!(i.starts_with("Pesando"), "{i}"),
        other => panic!("expected the weighing notice, got {other:?}"),
    }
    assert!(h.state().till.weighing());
    frames_until(&mut h, "the weight", |h| !h.state().till.cart().is_empty());
    assert_eq!(h.state().till.cart().lines[0].quantity.milli, 1_500);
}

#[test]
fn in_clp_typing_1000_at_the_payment_screen_tenders_a_thousand_pesos() {
    use caja::till::money::{Currency, Money};
    let sb = Sandbox::new();
    // The currency is the store's (set before its first sale).
    sb.open_store()
        .set_profile(
            caja::till::profile::ProfileKey::Currency,
            "CLP",
            &caja::store::taxes::Author {
                terminal: "T01",
                user_id: None,
                at: "2026-03-02T09:00:00.000+01:00",
            },
        )
        .unwrap();
    let mut h = open_window(TillUi::new(sb.demo_till(), true));
    login(&mut h, "1111");
    scan(&mut h, &demo_ean(0)); // priced 65 in the demo catalog: 65 pesos here
    let total = h.state().till.totals().total;
    assert_eq!(total, 65);
    key(&mut h, Key::F12);
    type_text(&mut h, "1000");
    key(&mut h, Key::Enter);
    assert!(h.state().till.cart().is_empty(), "paid");
    let store = h.state().till.store();
    let doc = store.last_document("T01").unwrap().unwrap();
    assert_eq!(doc.currency, Currency::Clp);
    assert_eq!(doc.tenders[0].amount, Money::new(1000, Currency::Clp));
    assert_eq!(doc.change_given, 1000 - 65, "change in whole pesos");
    // The notice shows pesos with no decimals.
    match h.state().notice() {
        Some(Notice::Info(i)) => assert!(i.contains("$65") && !i.contains(",00"), "{i}"),
        other => panic!("expected the sale's notice, got {other:?}"),
    }
}

/// The customer form (F5, then F5 for a new one) typed field by field, Tab between them.
fn type_bar_canas(h: &mut H) {
    for (i, text) in [
        "B12345674",
        "Bar Cañas, S.L.",
        "Calle Mayor 1",
        "28013 Madrid",
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            key(h, Key::Tab);
        }
        type_text(h, text);
    }
}

#[test]
fn over_the_ticket_limit_the_cashier_adds_the_customer_with_f5_and_prints_a_full_invoice() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "1111");
    // 400 × aceite 8,95 € = 3.580 €: over the 3.000 € limit.
    type_text(&mut h, "400*");
    scan(&mut h, &demo_ean(7));
    key(&mut h, Key::F12);
    assert!(
        error_text(&h).contains("no puede ir en tique"),
        "{}",
        error_text(&h)
    );
    assert_eq!(h.state().screen(), Screen::Sale);
    // F5: nobody in the book yet; F5 again, a new customer typed field by field.
    key(&mut h, Key::F5);
    assert!(matches!(h.state().overlay(), Some(Overlay::Customer(_))));
    type_text(&mut h, "cañas");
    assert!(shows(&h, "Ningún cliente coincide. F5: cliente nuevo."));
    key(&mut h, Key::F5);
    type_bar_canas(&mut h);
    key(&mut h, Key::Enter);
    assert!(h.state().overlay().is_none(), "{:?}", h.state().notice());
    assert!(shows(&h, "Factura a Bar Cañas, S.L. (B12345674)"));
    key(&mut h, Key::F12);
    key(&mut h, Key::Enter);
    let store = h.state().till.store();
    let doc = store.last_document("T01").unwrap().unwrap();
    assert!(doc.customer_id.is_some());
    let record = store.document_record(doc.id).unwrap().unwrap();
    assert_eq!(record.invoice_type.as_deref(), Some("F1"));
    let receipt = h.state().receipt().unwrap().join("\n");
    assert!(
        receipt.contains("FACTURA") && !receipt.contains("SIMPLIFICADA"),
        "{receipt}"
    );
    assert!(receipt.contains("Cliente: Bar Cañas, S.L."), "{receipt}");
    // The next customer finds them in the book by their NIF, and Delete goes back to a ticket.
    scan(&mut h, &demo_ean(0));
    key(&mut h, Key::F5);
    type_text(&mut h, "b1234");
    let Some(Overlay::Customer(pick)) = h.state().overlay() else {
        panic!("the customer dialog")
    };
    assert_eq!(pick.results.len(), 1);
    assert_eq!(pick.results[0].draft.name, "Bar Cañas, S.L.");
    key(&mut h, Key::Enter);
    assert!(h.state().till.invoice_customer().is_some());
    key(&mut h, Key::F5);
    key(&mut h, Key::Delete);
    assert!(h.state().till.invoice_customer().is_none());
}

#[test]
fn a_customer_back_with_a_ticket_gets_its_full_invoice_from_the_returns_screen() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    login(&mut h, "1111");
    scan(&mut h, &demo_ean(2));
    key(&mut h, Key::F12);
    key(&mut h, Key::Enter);
    let ticket = no(&h, "T01-000001");
    // F8, the ticket's number, then F5: a full invoice for it, to a customer typed now.
    key(&mut h, Key::F8);
    scan(&mut h, &ticket);
    h.get_by_label("Factura de este ticket (F5)");
    key(&mut h, Key::F5);
    let Some(Overlay::Customer(pick)) = h.state().overlay() else {
        panic!("the customer dialog")
    };
    assert_eq!(pick.ticket.as_deref(), Some(ticket.as_str()));
    h.get_by_label(&format!("Factura del ticket {ticket}"));
    key(&mut h, Key::F5);
    type_bar_canas(&mut h);
    key(&mut h, Key::Enter);
    assert!(h.state().overlay().is_none(), "{:?}", h.state().notice());
    assert_eq!(h.state().screen(), Screen::Sale);
    let invoice = no(&h, "T01S-000001");
    match h.state().notice() {
        Some(Notice::Info(i)) => assert!(i.contains(&invoice), "{i}"),
        other => panic!("expected the invoice's notice, got {other:?}"),
    }
    // The open sale is still a ticket: the invoice was for the old one.
    assert!(h.state().till.invoice_customer().is_none());
    let store = h.state().till.store();
    let records = store.records_of_number(&invoice).unwrap();
    assert_eq!(records[0].invoice_type.as_deref(), Some("F3"));
}

/// The status bar's health light (the doctor's quick checks) turns red when the database is
/// opened to others, its hover naming the fix; the restart light shows how the last process
/// ended when systemd had to restart the till.
#[test]
fn the_status_bar_shows_the_doctors_worst_light_and_a_restart_after_a_crash() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let till = sb.demo_till();
    let places = caja::app::health::Places {
        data_dir: sb.data_dir(),
        key_file: sb.key_file(),
        key_owner: rustix::process::geteuid().as_raw(),
        key_seen: None,
    };
    let quick = caja::app::health::quick(&places, Some(true));
    assert_eq!(quick.worst(), caja::doctor::Light::Green, "{quick:?}");
    std::fs::set_permissions(sb.db_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let at = chrono::Local::now();
    let mut h = open_window(
        TillUi::new(till, true)
            .with_health(places)
            .with_unclean_exit(Some(("signal KILLED 9".into(), at))),
    );
    h.run();
    // Not in the first seconds: start-up draws the login screen and nothing else.
    assert!(h.state().till.health().is_none());
    h.get_by_label("• Reiniciada");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    h.run();
    h.get_by_label("• Salud");
    let report = h.state().till.health().unwrap();
    assert_eq!(report.worst(), caja::doctor::Light::Red);
    assert!(
        caja::app::health::not_green(&report)
            .iter()
            .any(|c| c.fix.as_deref() == Some(&format!("chmod 600 {}", sb.db_file().display())[..]))
    );
}
