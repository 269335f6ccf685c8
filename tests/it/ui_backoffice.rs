//! The back office driven through egui_kittest by accessibility labels, over a real encrypted
//! demo store: the store's identity, a dated tax rate, a product sold at the till right after,
//! barcode clashes, deactivation, people and PINs, and who may enter at all.

use crate::support::Sandbox;
use caja::app::ManualClock;
use caja::app::backoffice::Office;
use caja::app::command::Command;
use caja::app::demo::demo_ean;
use caja::till::permission::Role;
use caja::ui::{Notice, Screen, TillUi};
use chrono::Duration;
use eframe::egui;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

pub(crate) type H = Harness<'static, TillUi<ManualClock>>;

pub(crate) fn open_window(ui: TillUi<ManualClock>) -> H {
    Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .build_ui_state(|ui, state: &mut TillUi<ManualClock>| state.ui(ui), ui)
}

pub(crate) fn harness(sb: &Sandbox) -> H {
    open_window(TillUi::new(sb.demo_till(), true))
}

pub(crate) fn key(h: &mut H, k: Key) {
    h.key_press(k);
    h.run();
}

pub(crate) fn login(h: &mut H, pin: &str) {
    h.event(egui::Event::Text(pin.to_string()));
    h.run();
    key(h, Key::Enter);
}

pub(crate) fn click(h: &mut H, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Sets a text field (found by its label) as assistive technology would.
pub(crate) fn set(h: &mut H, label: &str, value: &str) {
    h.get_by_label(label).set_text_value_accesskit(value);
    h.run();
    h.run();
}

pub(crate) fn error_text(h: &H) -> String {
    match h.state().notice() {
        Some(Notice::Error(e)) => e.clone(),
        other => panic!("expected an error, got {other:?}"),
    }
}

/// The manager, in the back office by Home (Inicio) from the sale.
pub(crate) fn manager_in_back_office(sb: &Sandbox) -> H {
    let mut h = harness(sb);
    h.run();
    login(&mut h, "9999");
    assert_eq!(h.state().screen(), Screen::Sale);
    key(&mut h, Key::Home);
    assert_eq!(h.state().screen(), Screen::BackOffice);
    // Back to the sale, and in again with the mouse.
    key(&mut h, Key::Escape);
    assert_eq!(h.state().screen(), Screen::Sale);
    click(&mut h, "Gestión (Inicio)");
    assert_eq!(h.state().screen(), Screen::BackOffice);
    h
}

#[test]
fn manager_edits_the_trade_name_and_a_wrong_tax_id_is_named_beside_its_field() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    for section in [
        "Tienda",
        "Impuestos",
        "Catálogo",
        "Personal",
        "Dispositivos",
    ] {
        h.get_by_label(section);
    }
    h.get_by_label("Existencias");
    h.get_by_label("Informes");
    set(&mut h, "Nombre comercial", "Frutería Ana");
    set(&mut h, "NIF", "B12345675");
    h.get_by_label("el carácter de control (el 9.º) es «5» pero debería ser «4»");
    // Nothing is saved while a field is wrong.
    click(&mut h, "Guardar (Intro)");
    assert_ne!(h.state_mut().till.profile().trade_name, "Frutería Ana");
    set(&mut h, "NIF", "B12345674");
    set(
        &mut h,
        "Cabecera del tique",
        "Frutas y verduras\nAbierto de 9 a 14",
    );
    assert!(
        h.query_by_label_contains("carácter de control").is_none(),
        "the message goes once the field is right"
    );
    click(&mut h, "Guardar (Intro)");
    let profile = h.state_mut().till.profile().clone();
    assert_eq!(profile.trade_name, "Frutería Ana");
    assert_eq!(profile.tax_id, "B12345674");
    assert_eq!(
        profile.receipt_header,
        "Frutas y verduras\nAbierto de 9 a 14"
    );
    assert_eq!(h.state().till.settings().profile.trade_name, "Frutería Ana");
}

#[test]
fn manager_adds_a_tax_rate_dated_tomorrow() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    click(&mut h, "Impuestos");
    h.get_by_label("IVA reducido (reducido)");
    click(&mut h, "Nuevo porcentaje de reducido");
    let today = h.state().till.today();
    let tomorrow = today + Duration::days(1);
    assert_eq!(
        h.get_by_label("Desde (AAAA-MM-DD)").value().as_deref(),
        Some(tomorrow.to_string().as_str())
    );
    set(&mut h, "Porcentaje", "5");
    // The recargo de equivalencia comes as it is today (1,4 % on the reduced rate)...
    assert_eq!(
        h.get_by_label("Recargo de equivalencia").value().as_deref(),
        Some("1,40")
    );
    // ...and changes with it (0,62 % beside 5 %, as in 2024).
    set(&mut h, "Recargo de equivalencia", "0,62");
    click(&mut h, "Guardar (Intro)");
    let classes = h.state_mut().till.tax_classes().to_vec();
    let reducido = classes.iter().find(|c| c.code == "reducido").unwrap();
    assert_eq!(reducido.in_force(today).map(|r| r.rate_bp), Some(1000));
    assert_eq!(reducido.in_force(today).map(|r| r.recargo_bp), Some(140));
    assert_eq!(reducido.in_force(tomorrow).map(|r| r.rate_bp), Some(500));
    assert_eq!(reducido.in_force(tomorrow).map(|r| r.recargo_bp), Some(62));
    h.get_by_label_contains("5 % (recargo 0,62 %) desde");
    // An exempt class says why, and takes no new rate.
    h.get_by_label("Exento, art. 20 LIVA");
    assert!(h.query_by_label("Nuevo porcentaje de exento").is_none());
    // A day already past is refused, with its message.
    click(&mut h, "Nuevo porcentaje de reducido");
    set(
        &mut h,
        "Desde (AAAA-MM-DD)",
        &(today - Duration::days(1)).to_string(),
    );
    set(&mut h, "Porcentaje", "4");
    click(&mut h, "Guardar (Intro)");
    assert!(!error_text(&h).is_empty());
}

/// Fills the new-product form: name, price, barcode and the reduced class.
fn new_product(h: &mut H, name: &str, price: &str, code: &str) {
    click(h, "Catálogo");
    click(h, "Nuevo producto");
    set(h, "Nombre del producto", name);
    set(h, "Precio con impuestos", price);
    set(h, "Códigos de barras", code);
    h.get_by_label_contains("IVA reducido ·").click();
    h.run();
}

fn ctrl(h: &mut H, k: Key) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, k);
    h.run();
    h.run();
}

pub(crate) fn typed(h: &mut H, text: &str) {
    h.event(egui::Event::Text(text.into()));
    h.run();
}

/// The keyboard alone, as the X11 test drives the real window: Ctrl+3 is the catalog, Ctrl+N a
/// new product with the cursor in its name, Tab from field to field and to the tax classes,
/// Space picks one, Enter saves. F1 lists those keys.
#[test]
fn a_product_is_added_with_the_keyboard_alone() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    key(&mut h, Key::F1);
    h.get_by_label("Ctrl+1 … Ctrl+9");
    h.get_by_label("nuevo producto, persona o cliente (en su sección)");
    key(&mut h, Key::Escape);
    assert_eq!(h.state().screen(), Screen::BackOffice);
    ctrl(&mut h, Key::Num3);
    h.get_by_label("Nuevo producto");
    ctrl(&mut h, Key::N);
    typed(&mut h, "Aceite de oliva virgen 1 L");
    // Name → short name → SKU → category → price.
    for _ in 0..4 {
        key(&mut h, Key::Tab);
    }
    typed(&mut h, "6,95");
    // → cost → barcodes.
    for _ in 0..2 {
        key(&mut h, Key::Tab);
    }
    typed(&mut h, "4006381333931");
    // → PLU → net content; a content that cannot be read is named beside its field.
    for _ in 0..2 {
        key(&mut h, Key::Tab);
    }
    typed(&mut h, "un litro");
    h.get_by_label_contains("Escríbalo como 500 g, 1,5 kg");
    for _ in 0.."un litro".len() {
        key(&mut h, Key::Backspace);
    }
    typed(&mut h, "1 L");
    assert!(h.query_by_label_contains("Escríbalo como 500 g").is_none());
    // → the first class (general) → the second (reducido), picked with Space.
    for _ in 0..2 {
        key(&mut h, Key::Tab);
    }
    key(&mut h, Key::Space);
    key(&mut h, Key::Enter);
    assert!(
        matches!(h.state().notice(), Some(Notice::Info(i)) if i == "Guardado"),
        "{:?}",
        h.state().notice()
    );
    let till = &mut h.state_mut().till;
    let today = till.today();
    let found = till
        .store()
        .product_by_code("4006381333931", today)
        .unwrap();
    let product = found.expect("the product was saved under its barcode");
    assert_eq!(product.name, "Aceite de oliva virgen 1 L");
    assert_eq!(product.price, 695);
    assert_eq!(product.tax_class, "reducido");
    assert_eq!(product.tax_rate_bp, 1000);
    assert_eq!(
        product.net_content,
        Some(caja::till::content::NetContent::Millilitres(1000))
    );
    // Ctrl+5 is the fifth section (Devices), Ctrl+4 People with Ctrl+N its new person.
    ctrl(&mut h, Key::Num4);
    ctrl(&mut h, Key::N);
    typed(&mut h, "Lucía");
    h.get_by_label("Lucía");
}

#[test]
fn a_product_added_in_the_back_office_sells_at_once_at_its_class_rate() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    new_product(&mut h, "Turrón artesano", "12,50", "4006381333931");
    click(&mut h, "Guardar (Intro)");
    assert!(
        matches!(h.state().notice(), Some(Notice::Info(i)) if i == "Guardado"),
        "{:?}",
        h.state().notice()
    );
    // Back to the sale; the cashier scans it and pays.
    key(&mut h, Key::Escape);
    assert_eq!(h.state().screen(), Screen::Sale);
    key(&mut h, Key::F11);
    login(&mut h, "1111");
    h.event(egui::Event::Text("4006381333931".into()));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state().till.cart().lines.len(),
        1,
        "{:?}",
        h.state().notice()
    );
    key(&mut h, Key::F12);
    key(&mut h, Key::Enter);
    let number = match h.state().notice() {
        Some(Notice::Info(i)) => i.clone(),
        other => panic!("not paid: {other:?}"),
    };
    assert!(number.contains("12,50"), "{number}");
    let till = &h.state().till;
    let doc = till
        .store()
        .last_document(&till.settings().terminal)
        .unwrap()
        .unwrap();
    assert_eq!(doc.lines[0].tax_rate_bp, 1000);
    assert_eq!(doc.lines[0].name, "Turrón artesano");
}

#[test]
fn a_barcode_clash_names_the_product_that_owns_the_code() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    new_product(&mut h, "Leche nueva", "1,10", &demo_ean(2));
    click(&mut h, "Guardar (Intro)");
    let beside = format!("el código {} ya es de «Leche entera 1 L»", demo_ean(2));
    // Beside the codes field, and on the notice line.
    assert_eq!(h.query_all_by_label(&beside).count(), 2);
    // Nothing was added.
    assert!(
        h.state_mut()
            .till
            .catalog_window("Leche nueva", Default::default(), 0, 10)
            .rows
            .is_empty()
    );
}

#[test]
fn deactivating_a_product_asks_first() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    click(&mut h, "Catálogo");
    set(&mut h, "Buscar", "leche entera");
    click(&mut h, "Leche entera 1 L");
    h.get_by_label("Historial de precios");
    click(&mut h, "Desactivar el producto");
    h.get_by_label_contains("¿Desactivar «Leche entera 1 L»?");
    let active = |h: &mut H| {
        h.state_mut()
            .till
            .catalog_window("leche entera", Default::default(), 0, 10)
            .rows[0]
            .active
    };
    assert!(active(&mut h), "not before the answer");
    key(&mut h, Key::Escape);
    assert!(h.query_by_label_contains("¿Desactivar").is_none());
    assert!(active(&mut h));
    click(&mut h, "Desactivar el producto");
    click(&mut h, "Sí, desactivar");
    assert!(!active(&mut h));
}

#[test]
fn manager_adds_a_cashier_with_a_pin_typed_twice_and_an_easy_pin_is_refused() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    click(&mut h, "Personal");
    h.get_by_label("Lucía");
    click(&mut h, "Añadir persona");
    set(&mut h, "Nombre de la persona", "Rosa");
    click(&mut h, "Cajero/a");
    set(&mut h, "PIN", "1234");
    set(&mut h, "Repita el PIN", "1234");
    click(&mut h, "Guardar (Intro)");
    assert!(
        error_text(&h).contains("cifras seguidas"),
        "{}",
        error_text(&h)
    );
    set(&mut h, "PIN", "4719");
    set(&mut h, "Repita el PIN", "4718");
    h.get_by_label("No coinciden");
    click(&mut h, "Guardar (Intro)");
    assert!(h.state_mut().till.users().iter().all(|u| u.name != "Rosa"));
    // The pad types into the PIN field last touched.
    set(&mut h, "PIN", "");
    set(&mut h, "Repita el PIN", "");
    click(&mut h, "PIN");
    for digit in ["4", "7", "1", "9"] {
        click(&mut h, &format!("Cifra {digit}"));
    }
    click(&mut h, "Repita el PIN");
    for digit in ["4", "7", "1", "8"] {
        click(&mut h, &format!("Cifra {digit}"));
    }
    click(&mut h, "Borrar una cifra");
    click(&mut h, "Cifra 9");
    assert_eq!(
        h.get_by_label("PIN").value().map(|v| v.chars().count()),
        Some(4)
    );
    click(&mut h, "Guardar (Intro)");
    let rosa = h
        .state_mut()
        .till
        .users()
        .iter()
        .find(|u| u.name == "Rosa")
        .cloned()
        .expect("Rosa added");
    assert_eq!(rosa.role, Role::Cashier);
    assert!(rosa.must_change_pin);
    h.get_by_label_contains("debe cambiar el PIN");

    // Her first login asks for a new PIN, twice, before anything else.
    key(&mut h, Key::Escape);
    key(&mut h, Key::F11);
    login(&mut h, "4719");
    assert_eq!(h.state().screen(), Screen::Login);
    h.get_by_label("Elija un PIN nuevo");
    assert!(!h.state_mut().run(Command::Scan { code: demo_ean(2) }));
    login(&mut h, "5827");
    h.get_by_label("Repita el PIN nuevo");
    login(&mut h, "5827");
    assert_eq!(h.state().screen(), Screen::Sale);
    assert!(!h.state().till.must_change_pin());
}

#[test]
fn a_technician_sees_store_people_and_devices_but_not_the_catalog() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    h.run();
    login(&mut h, "7777");
    assert!(h.state_mut().run(Command::OpenBackOffice));
    h.run();
    assert_eq!(h.state().screen(), Screen::BackOffice);
    h.get_by_label("Tienda");
    h.get_by_label("Personal");
    h.get_by_label("Dispositivos");
    assert!(h.query_by_label("Catálogo").is_none());
    assert!(h.query_by_label("Impuestos").is_none());
    // The app refuses the catalog, and a manager, whatever the screen shows.
    let till = &mut h.state_mut().till;
    assert!(
        till.catalog_window("", Default::default(), 0, 10)
            .rows
            .is_empty()
    );
    assert!(till.product_draft(1).is_none());
    let add_manager = Office::AddUser {
        name: "Pedro".into(),
        role: Role::Manager,
        pin: "4719".into(),
        again: "4719".into(),
    };
    assert!(!h.state_mut().run(Command::BackOffice(add_manager)));
    assert!(error_text(&h).contains("Solo un encargado"));
    let add_cashier = Office::AddUser {
        name: "Pedro".into(),
        role: Role::Cashier,
        pin: "4719".into(),
        again: "4719".into(),
    };
    assert!(h.state_mut().run(Command::BackOffice(add_cashier)));
    let price = Office::SetProductActive {
        id: 1,
        active: false,
    };
    assert!(!h.state_mut().run(Command::BackOffice(price)));
}

#[test]
fn a_cashier_cannot_open_the_back_office() {
    let sb = Sandbox::new();
    let mut h = harness(&sb);
    h.run();
    login(&mut h, "1111");
    assert!(
        h.query_by_label("Gestión (Inicio)").is_none(),
        "no button for a cashier"
    );
    key(&mut h, Key::Home);
    assert_eq!(h.state().screen(), Screen::Sale);
    assert!(error_text(&h).contains("encargado"), "{}", error_text(&h));
    assert!(!h.state_mut().run(Command::BackOffice(Office::SetProfile {
        key: caja::till::profile::ProfileKey::TradeName,
        value: "X".into(),
    })));
}

#[test]
fn caja_backoffice_goes_from_the_login_to_the_back_office_and_out() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.set_config_file(sb.config_file());
    let mut h = open_window(TillUi::new(till, false).office_only());
    h.run();
    login(&mut h, "9999");
    assert_eq!(h.state().screen(), Screen::BackOffice);
    // Devices from the rail, in the back office itself: states, tests, addresses (saved to
    // this till's configuration), ports; a test with no printer says so.
    click(&mut h, "Dispositivos");
    assert_eq!(h.state().screen(), Screen::BackOffice);
    h.get_by_label("Dispositivos de esta caja");
    click(&mut h, "Imprimir prueba");
    assert!(
        error_text(&h).contains("No hay impresora"),
        "{}",
        error_text(&h)
    );
    {
        set(&mut h, "devices.printer", "tcp://127.0.0.1:9");
        h.get_by_label("Guardar (Intro)").scroll_to_me();
        h.run();
        click(&mut h, "Guardar (Intro)");
        let till = &h.state().till;
        let file = till.config_file().unwrap().to_path_buf();
        assert_eq!(
            till.setting(&file, "devices.printer").unwrap(),
            "tcp://127.0.0.1:9"
        );
    }
    click(&mut h, "Salir (Esc)");
    assert_eq!(h.state().screen(), Screen::Login);
    assert!(h.state().till.session().is_none());
    // A cashier is told no and logged out again: this window never sells.
    login(&mut h, "1111");
    assert_eq!(h.state().screen(), Screen::Login);
    assert!(h.state().till.session().is_none());
    assert!(error_text(&h).contains("encargado"), "{}", error_text(&h));
}

#[test]
fn a_manager_lifts_the_pin_pads_lockout_from_people() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    click(&mut h, "Personal");
    assert!(h.query_by_label("Desbloquear el teclado de PIN").is_none());
    // Wrong PINs typed at this terminal lock its PIN pad.
    for _ in 0..caja::app::MAX_FAILED_PINS {
        h.state_mut().run(Command::Login { pin: "0000".into() });
    }
    h.run();
    assert!(h.state().till.locked_out());
    click(&mut h, "Desbloquear el teclado de PIN");
    assert!(!h.state().till.locked_out());
    assert!(h.query_by_label("Desbloquear el teclado de PIN").is_none());
    let events: Vec<String> = h
        .state()
        .till
        .store()
        .audit_tail(5)
        .unwrap()
        .into_iter()
        .map(|r| r.event)
        .collect();
    assert!(events.contains(&"unlock".to_string()), "{events:?}");
}

#[test]
fn manager_adds_a_tax_class_resets_a_pin_and_changes_a_role() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    click(&mut h, "Impuestos");
    click(&mut h, "Nuevo tipo de impuesto");
    set(&mut h, "Código", "cultura");
    set(&mut h, "Nombre", "IVA cultural");
    set(&mut h, "Porcentaje", "4");
    click(&mut h, "Guardar (Intro)");
    h.get_by_label("IVA cultural (cultura)");
    // An exempt class: its cause instead of a rate.
    click(&mut h, "Nuevo tipo de impuesto");
    set(&mut h, "Código", "ensenanza");
    set(&mut h, "Nombre", "Enseñanza exenta");
    click(&mut h, "E1 · art. 20 LIVA");
    assert!(h.query_by_label("Porcentaje").is_none(), "no rate to type");
    click(&mut h, "Guardar (Intro)");
    let classes = h.state_mut().till.tax_classes().to_vec();
    let exempt = classes.iter().find(|c| c.code == "ensenanza").unwrap();
    assert_eq!(exempt.exemption, Some(caja::till::tax::Exemption::E1));
    assert_eq!(exempt.rates[0].rate_bp, 0);

    click(&mut h, "Personal");
    click(&mut h, "Nuevo PIN para Lucía");
    set(&mut h, "PIN", "5827");
    set(&mut h, "Repita el PIN", "5827");
    click(&mut h, "Guardar (Intro)");
    let lucia = |h: &mut H| {
        h.state_mut()
            .till
            .users()
            .iter()
            .find(|u| u.name == "Lucía")
            .cloned()
            .unwrap()
    };
    assert!(lucia(&mut h).must_change_pin, "a PIN set by someone else");
    let id = lucia(&mut h).id;
    let role = Office::SetRole {
        id,
        role: Role::Technician,
    };
    assert!(h.state_mut().run(Command::BackOffice(role)));
    assert_eq!(lucia(&mut h).role, Role::Technician);
    // A technician promotes nobody to manager.
    key(&mut h, Key::Escape);
    key(&mut h, Key::F11);
    login(&mut h, "7777");
    let promote = Office::SetRole {
        id,
        role: Role::Manager,
    };
    assert!(!h.state_mut().run(Command::BackOffice(promote)));
    assert!(error_text(&h).contains("Solo un encargado"));
}

#[test]
fn typing_in_the_back_office_keeps_the_idle_lock_away() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    let wait = |h: &mut H, secs: i64| {
        h.state().till.clock().advance(Duration::seconds(secs));
        h.run();
    };
    wait(&mut h, 200);
    set(&mut h, "Teléfono", "910 000 000");
    wait(&mut h, 200);
    assert_eq!(h.state().screen(), Screen::BackOffice, "typed 200 s ago");
    wait(&mut h, 200);
    assert_eq!(h.state().screen(), Screen::Login, "idle for 400 s");
}

/// Whether the widget named `label` is greyed out.
fn disabled(h: &H, label: &str) -> bool {
    use egui_kittest::kittest::NodeT;
    h.get_by_label(label).accesskit_node().is_disabled()
}

/// Runs frames until the back office's import thread is done (or 60 s).
fn import_done(h: &mut H) {
    let started = std::time::Instant::now();
    loop {
        h.run();
        let running = h
            .state_mut()
            .till
            .poll_import()
            .is_some_and(|j| j.running());
        if !running {
            // The report is taken in the next frame and what it asks (the mapping step) is
            // drawn in the one after.
            h.run();
            h.run();
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the import did not end"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The import panel lists the exchange folder's files; a preview says what would happen and
/// writes nothing; Import is offered only after a clean preview of that file with those
/// choices; a file with a bad row imports nothing and names the row.
#[test]
fn a_catalog_file_is_previewed_then_imported_from_the_exchange_folder() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    let exchange = h.state().till.exchange_dir();
    std::fs::create_dir_all(&exchange).unwrap();
    let header = "sku,name,short_name,category,tax_class,price,cost,barcodes,plu,unit,stock_tracked,active\n";
    let good = format!(
        "{header}IMP-1,Miel de romero,,Despensa,reducido,\"6,40\",,4006381333931,,unit,no,yes\n\
         IMP-2,Mermelada de higo,,Despensa,reducido,\"3,15\",,,,unit,no,yes\n"
    );
    std::fs::write(exchange.join("proveedor.csv"), good).unwrap();
    let bad = format!(
        "{header}IMP-3,Aceitunas,,Despensa,reducido,2.10,,,,unit,no,yes\n\
         IMP-4,Pimentón,,Despensa,reducido,gratis,,,,unit,no,yes\n"
    );
    std::fs::write(exchange.join("malo.csv"), bad).unwrap();
    std::fs::write(exchange.join("notas.pdf"), "not a catalog").unwrap();
    click(&mut h, "Catálogo");
    click(&mut h, "Importar…");
    assert!(h.query_by_label_contains("notas.pdf").is_none());
    // Nothing chosen: nothing to import.
    assert!(disabled(&h, "Importar"));
    h.get_by_label_contains("malo.csv").click();
    h.run();
    click(&mut h, "Vista previa");
    import_done(&mut h);
    h.get_by_label_contains("No se ha importado nada: 1 filas");
    h.get_by_label_contains("Fila 3, columna F (price), «gratis»");
    assert!(disabled(&h, "Importar"));

    h.get_by_label_contains("proveedor.csv").click();
    h.run();
    assert!(disabled(&h, "Importar"), "a preview comes first");
    click(&mut h, "Vista previa");
    import_done(&mut h);
    h.get_by_label_contains("2 nuevos, 0 cambiados");
    let today = h.state().till.today();
    let code = "4006381333931";
    let store = h.state().till.store();
    assert!(
        store.product_by_code(code, today).unwrap().is_none(),
        "a preview writes nothing"
    );
    // Another choice than the preview's needs its own preview.
    h.get_by_label("llevan el impuesto incluido").click();
    h.run();
    assert!(disabled(&h, "Importar"));
    h.get_by_label("Según el archivo").click();
    h.run();
    click(&mut h, "Vista previa");
    import_done(&mut h);
    click(&mut h, "Importar");
    import_done(&mut h);
    h.get_by_label_contains("Importado (archivo de");
    let store = h.state().till.store();
    let honey = store
        .product_by_code(code, today)
        .unwrap()
        .expect("imported");
    assert_eq!((honey.name.as_str(), honey.price), ("Miel de romero", 640));
    // The table shows it at once.
    click(&mut h, "Cerrar");
    h.get_by_label("Buscar").set_text_value_accesskit("Miel");
    h.run();
    h.run();
    h.get_by_label("Miel de romero");
}

/// The quick keys: one is moved with Ctrl+→ and another taken off with Delete, a product found
/// by name is added at the end; nothing is written before Save. A category's colour is one
/// click; the sale screen's keys follow at once.
#[test]
fn manager_lays_out_the_quick_keys_and_colours_a_category() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    ctrl(&mut h, Key::Num3);
    click(&mut h, "Teclas rápidas y colores");
    let stored = |h: &mut H| -> Vec<String> {
        let till = &h.state().till;
        till.favourites()
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    let before = stored(&mut h);
    assert!(before.len() >= 3, "{before:?}");
    h.get_by_label_contains(&before[0]).click();
    h.run();
    ctrl(&mut h, Key::ArrowRight);
    h.get_by_label_contains(&before[2]).click();
    h.run();
    key(&mut h, Key::Delete);
    assert_eq!(stored(&mut h), before, "nothing is written before Save");
    // A product not on the keys yet, found by name.
    let added = ["Lejía", "Gazpacho", "Sal fina", "Champú"]
        .into_iter()
        .find(|name| !before.iter().any(|b| b.starts_with(name)))
        .expect("a demo product that is not a quick key");
    set(&mut h, "Añadir un producto", added);
    let added = h
        .state_mut()
        .till
        .catalog_window(added, caja::store::catalog_page::CatalogSort::Name, 0, 8)
        .rows[0]
        .name
        .clone();
    click(&mut h, &format!("+ {added}"));
    click(&mut h, "Guardar (Intro)");
    let mut expected = before.clone();
    expected.swap(0, 1);
    expected.remove(2);
    expected.push(added);
    assert_eq!(stored(&mut h), expected);
    // A colour for the first key's category.
    let category = {
        let till = &h.state().till;
        till.favourites().unwrap()[0].category.clone()
    };
    let swatch = format!("Color 6 para {category}");
    h.get_by_label(&swatch).scroll_to_me();
    h.run();
    click(&mut h, &swatch);
    let colours = h.state().till.category_colours();
    let (_, rgb) = colours.iter().find(|(c, _)| *c == category).unwrap();
    assert_eq!(*rgb, [0xc6, 0x28, 0x28]);
    // Back at the sale, its first key is the one moved first.
    key(&mut h, Key::Escape);
    assert_eq!(h.state().screen(), Screen::Sale);
    h.get_by_label_contains(&expected[0]);
}

/// A file whose header no layout knows gets a mapping step: each column is told what it holds,
/// and the preview and the import then read it so.
#[test]
fn an_unknown_header_gets_a_field_per_column() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    let exchange = h.state().till.exchange_dir();
    std::fs::create_dir_all(&exchange).unwrap();
    let file = "Artículo;Importe;Cód\nMiel de brezo;7,20;4006381333931\nTomillo;2,10;\n";
    std::fs::write(exchange.join("tienda-antigua.csv"), file).unwrap();
    ctrl(&mut h, Key::Num3);
    ctrl(&mut h, Key::I);
    h.get_by_label_contains("tienda-antigua.csv").click();
    h.run();
    // Not every row says its tax: one class for the whole file.
    h.get_by_label("IVA reducido").click();
    h.run();
    click(&mut h, "Vista previa");
    import_done(&mut h);
    h.get_by_label_contains("No se reconocen las columnas: diga qué lleva cada una");
    for (column, field) in [
        ("Artículo", "Nombre del producto"),
        ("Importe", "Precio con impuestos"),
        ("Cód", "Códigos de barras"),
    ] {
        click(&mut h, &format!("Qué lleva la columna {column}"));
        // The list scrolls: the field is brought into view first.
        h.get_by_label(field).scroll_to_me();
        h.run();
        click(&mut h, field);
        let shown = h
            .get_by_label(&format!("Qué lleva la columna {column}"))
            .value();
        assert_eq!(shown.as_deref(), Some(field));
    }
    click(&mut h, "Vista previa");
    import_done(&mut h);
    h.get_by_label_contains("2 nuevos, 0 cambiados");
    click(&mut h, "Importar");
    import_done(&mut h);
    let till = &h.state().till;
    let today = till.today();
    let honey = till
        .store()
        .product_by_code("4006381333931", today)
        .unwrap()
        .expect("imported through the mapping");
    assert_eq!((honey.name.as_str(), honey.price), ("Miel de brezo", 720));
    assert_eq!(honey.tax_class, "reducido");
}

/// A bulk price change on screen: a category and +10 % rounded to .x9, a typo named beside its
/// field, a preview of every old and new price that writes nothing, Apply only after that
/// preview and a "yes"; then every new price is in the catalog and its history, and the shelf
/// labels are queued for the printer.
#[test]
fn manager_raises_a_categorys_prices_after_a_preview_and_labels_are_queued() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    ctrl(&mut h, Key::Num3);
    ctrl(&mut h, Key::P);
    h.get_by_label("Cambiar precios");
    let today = h.state().till.today();
    let drinks: Vec<(i64, String, i64)> = {
        let store = h.state().till.store();
        store
            .list_products(today, false)
            .unwrap()
            .into_iter()
            .filter(|p| p.category == "Bebidas")
            .map(|p| (p.id, p.name, p.price))
            .collect()
    };
    assert!(drinks.len() >= 3, "{drinks:?}");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Categoría")
        .click();
    h.run();
    // As assistive technology picks it (a synthetic pointer press and release in one frame
    // reach the panel's buttons under the open list).
    h.get_by_label("Bebidas").click_accesskit();
    h.run();
    // The list closes as a second press on the box closes it.
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Categoría")
        .click_accesskit();
    h.run();
    assert!(
        h.query_by_label("Panadería").is_none(),
        "the list is closed"
    );
    {
        use egui_kittest::kittest::NodeT;
        let combo = h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Categoría");
        assert_eq!(combo.accesskit_node().value().as_deref(), Some("Bebidas"));
    }
    set(&mut h, "Cambio", "diez");
    h.get_by_label_contains("«diez» no es un cambio de precio");
    assert!(disabled(&h, "Vista previa") && disabled(&h, "Aplicar"));
    set(&mut h, "Cambio", "10");
    click(&mut h, ",x9");
    assert!(disabled(&h, "Aplicar"), "a preview comes first");
    click(&mut h, "Vista previa");
    import_done(&mut h);
    let expect = |price: i64| {
        caja::till::reprice::reprice(
            price,
            caja::till::reprice::PriceChange::Percent(1000),
            Some(9),
        )
    };
    let changing = drinks.iter().filter(|(_, _, p)| expect(*p) != *p).count();
    h.get_by_label_contains(&format!("{changing} precios cambian"));
    let (id, name, old) = drinks[0].clone();
    h.get_by_label(&name);
    let price_of = |h: &H, id: i64| {
        let till = &h.state().till;
        till.store().product_draft(id).unwrap().unwrap().price
    };
    assert_eq!(price_of(&h, id), old, "a preview writes nothing");
    // Another ending is another change: its own preview first.
    click(&mut h, ",x5");
    assert!(disabled(&h, "Aplicar"));
    click(&mut h, ",x9");
    assert!(!disabled(&h, "Aplicar"));
    click(&mut h, "Aplicar");
    h.get_by_label_contains(&format!("¿Cambiar el precio de {changing} productos?"));
    assert_eq!(price_of(&h, id), old, "nothing before the yes");
    click(&mut h, "Sí, cambiar precios");
    import_done(&mut h);
    h.get_by_label_contains(&format!(
        "Hecho: {changing} precios cambiados; {changing} etiquetas"
    ));
    assert_eq!(price_of(&h, id), expect(old));
    let store = h.state().till.store();
    let history = store.price_history(id).unwrap();
    let newest = &history[0];
    assert_eq!(
        (newest.old_price, newest.new_price),
        (Some(old), expect(old))
    );
    let labels: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM outbox WHERE kind = 'labels'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(labels, 1, "one print job of shelf labels");
    // The till's search sells the new price at once.
    key(&mut h, Key::Escape);
    key(&mut h, Key::Escape);
    assert_eq!(h.state().screen(), Screen::Sale);
    let sold = h.state_mut().till.search(&name, 1).unwrap();
    assert_eq!(sold[0].price, expect(old));
}

/// The receipt's logo from the Store section: the exchange folder's PNGs are offered, a file
/// that is no PNG is refused by name, a good one is shown as it will print and is used by the
/// next receipt at once; removing it asks first.
#[test]
fn manager_picks_the_receipt_logo_from_the_exchange_folder() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    let exchange = h.state().till.exchange_dir();
    std::fs::create_dir_all(&exchange).unwrap();
    let mut img = image::RgbaImage::from_pixel(300, 80, image::Rgba([255, 255, 255, 0]));
    for y in 20..60 {
        for x in 30..270 {
            img.put_pixel(x, y, image::Rgba([0, 0, 0, 255]));
        }
    }
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    std::fs::write(exchange.join("logo.png"), png.into_inner()).unwrap();
    std::fs::write(exchange.join("roto.png"), "not a picture").unwrap();
    ctrl(&mut h, Key::Num1);
    h.get_by_label_contains("Sin logotipo");
    // The folder was read when the section opened: Refresh reads it again.
    assert!(h.query_by_label("Usar logo.png").is_none());
    click(&mut h, "Actualizar");
    click(&mut h, "Usar roto.png");
    assert!(error_text(&h).contains("roto.png"), "{}", error_text(&h));
    assert!(h.state().till.settings().logo.is_none());
    // The error line above the form pushes the logo's row below the fold: scrolled to.
    h.get_by_label("Usar logo.png").scroll_to_me();
    h.run();
    click(&mut h, "Usar logo.png");
    assert!(
        h.state().till.settings().logo.is_some(),
        "{:?}",
        h.state().notice()
    );
    h.get_by_label("Quitar el logotipo");
    let stored = h
        .state()
        .till
        .store()
        .store_file(caja::store::profile::LOGO_FILE)
        .unwrap();
    assert!(stored.is_some(), "the logo is kept in the store");
    // Removing asks first.
    h.get_by_label("Quitar el logotipo").scroll_to_me();
    h.run();
    click(&mut h, "Quitar el logotipo");
    assert!(
        h.state().till.settings().logo.is_some(),
        "nothing before the yes"
    );
    click(&mut h, "Sí, quitarlo");
    assert!(h.state().till.settings().logo.is_none());
    h.get_by_label_contains("Sin logotipo");
}

/// The Fiscal section (Ctrl+6): the regime, environment and ticket limit set there (audited);
/// what waits to go to the AEAT; each record with its state.
#[test]
fn the_fiscal_section_shows_the_records_and_sets_the_regime() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    // Two sales first, at the till.
    key(&mut h, Key::Escape);
    for code in [demo_ean(0), demo_ean(2)] {
        h.event(egui::Event::Text(code));
        h.key_press(Key::Enter);
        h.run();
        key(&mut h, Key::F12);
        key(&mut h, Key::Enter);
    }
    key(&mut h, Key::Home);
    ctrl(&mut h, Key::Num6);
    h.get_by_label("Fiscal (VERI*FACTU)");
    let numbers: Vec<String> = h
        .state()
        .till
        .store()
        .fiscal_record_lines(10)
        .unwrap()
        .iter()
        .map(|r| r.number.clone())
        .collect();
    assert_eq!(numbers.len(), 2);
    for n in &numbers {
        h.get_by_label(n);
    }
    assert!(h.query_all_by_label("En cola").count() >= 2);
    h.get_by_label_contains("2 registros · En cola: 2");
    // Production, from the list.
    h.get_by_label("Entorno fiscal").click();
    h.run();
    h.get_by_label("Producción").click();
    h.run();
    h.run();
    assert_eq!(
        h.state().till.store().profile().unwrap().fiscal_environment,
        caja::till::profile::FiscalEnvironment::Production
    );
    let events: Vec<String> = h
        .state()
        .till
        .store()
        .audit_tail(5)
        .unwrap()
        .into_iter()
        .map(|e| e.detail)
        .collect();
    assert!(
        events
            .iter()
            .any(|d| d.contains("store.fiscal_environment") && d.contains("production")),
        "{events:?}"
    );
}

#[test]
fn a_restored_store_does_not_sell_until_a_manager_opens_a_new_series_in_the_fiscal_section() {
    let sb = Sandbox::new();
    drop(sb.demo_till());
    sb.open_store()
        .open_restore_reconciliation(
            "T01",
            "restored from the backup of 2026-03-01",
            "2026-03-02T09:00:00Z",
        )
        .unwrap();
    let mut h = harness(&sb);
    h.run();
    login(&mut h, "9999");
    // The till refuses to take the payment, and says why.
    h.event(egui::Event::Text(demo_ean(0)));
    h.key_press(Key::Enter);
    h.run();
    key(&mut h, Key::F12);
    assert!(error_text(&h).contains("restauró"), "{}", error_text(&h));
    assert_eq!(h.state().screen(), Screen::Sale);
    // Back office › Fiscal: why, and the manager's way out without the network.
    key(&mut h, Key::Home);
    ctrl(&mut h, Key::Num6);
    h.get_by_label_contains("Tienda restaurada");
    // Without a reason worth the name, it is refused and said why.
    set(&mut h, "Motivo (queda en el registro de auditoría)", "x");
    click(&mut h, "Abrir serie nueva");
    assert!(error_text(&h).contains("motivo") || error_text(&h).contains("why"));
    set(
        &mut h,
        "Motivo (queda en el registro de auditoría)",
        "sin red desde el lunes",
    );
    click(&mut h, "Abrir serie nueva");
    h.run();
    h.get_by_label_contains("Vendiendo en la serie nueva B");
    let store = h.state().till.store();
    assert!(
        store
            .open_reconciliation_row()
            .unwrap()
            .unwrap()
            .series_mark
            .is_some()
    );
    let audit = store.audit_tail(3).unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.event == "fiscal-new-series" && a.detail.contains("sin red desde el lunes")),
        "{audit:?}"
    );
    // The sale goes through in the new series.
    key(&mut h, Key::Escape);
    key(&mut h, Key::F12);
    key(&mut h, Key::Enter);
    let doc = h
        .state()
        .till
        .store()
        .last_document("T01")
        .unwrap()
        .unwrap();
    assert!(doc.number.ends_with("-T01B-000001"), "{}", doc.number);
}

#[test]
fn the_customer_book_is_kept_in_the_back_office() {
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    click(&mut h, "Clientes");
    h.get_by_label_contains("Quien pide factura completa");
    click(&mut h, "Cliente nuevo (Ctrl+N)");
    // A wrong check digit is refused, said why; nothing is added.
    set(&mut h, "NIF", "B12345675");
    set(&mut h, "Nombre o razón social", "Droguería López");
    set(&mut h, "Dirección", "Plaza 2");
    set(&mut h, "C. P. y población", "41001 Sevilla");
    h.get_by_label("En recargo de equivalencia (lo paga aparte en cada tipo)")
        .click();
    h.run();
    click(&mut h, "Guardar (Intro)");
    assert!(error_text(&h).contains("control"), "{}", error_text(&h));
    assert!(
        h.state()
            .till
            .store()
            .find_customers("", 10)
            .unwrap()
            .is_empty()
    );
    set(&mut h, "NIF", "B12345674");
    click(&mut h, "Guardar (Intro)");
    let found = h.state().till.store().find_customers("drog", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].draft.recargo);
    h.get_by_label("Droguería López");
    // Put right, then deactivated (asked first): the till offers them no more.
    click(&mut h, "Cambiar Droguería López");
    set(&mut h, "Dirección", "Plaza Nueva 2");
    click(&mut h, "Guardar (Intro)");
    let c = h
        .state()
        .till
        .store()
        .customer(found[0].id)
        .unwrap()
        .unwrap();
    assert_eq!(c.draft.address, "Plaza Nueva 2");
    click(&mut h, "Dar de baja a Droguería López");
    click(&mut h, "Sí, dar de baja");
    assert!(
        h.state()
            .till
            .store()
            .find_customers("drog", 10)
            .unwrap()
            .is_empty()
    );
    h.get_by_label("Recuperar a Droguería López");
    let events: Vec<String> = h
        .state()
        .till
        .store()
        .audit_tail(5)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    for e in ["customer_added", "customer_changed", "customer_active"] {
        assert!(events.iter().any(|x| x == e), "{e} in {events:?}");
    }
}

/// A USB stick mounted at the exchange folder (a tmpfs stands in for it) is offered for
/// ejecting in the import panel: the till leaves the request caja-usb-eject.path acts on, and
/// audits it; with nothing mounted there, no such button.
#[test]
fn a_usb_stick_at_the_exchange_folder_is_ejected_on_request() {
    if !crate::support::is_root() {
        crate::support::skip("mounting a stand-in for the USB stick needs root");
        return;
    }
    let sb = Sandbox::new();
    let mut h = manager_in_back_office(&sb);
    let exchange = h.state().till.exchange_dir();
    std::fs::create_dir_all(&exchange).unwrap();
    click(&mut h, "Catálogo");
    click(&mut h, "Importar…");
    assert!(h.query_by_label("Retirar el USB").is_none());
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k,nosuid,nodev,noexec", "tmpfs"])
        .arg(&exchange)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        crate::support::skip("mount refused a tmpfs here (no CAP_SYS_ADMIN in this container?)");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(exchange.clone());
    h.run();
    click(&mut h, "Retirar el USB");
    let request = sb.data_dir().join(caja::app::import_job::USB_EJECT_REQUEST);
    assert!(request.exists(), "the request file for caja-usb-eject.path");
    match h.state().notice() {
        Some(Notice::Info(t)) => assert!(t.starts_with("Retirando el USB"), "{t}"),
        other => panic!("{other:?}"),
    }
    let audited = h
        .state()
        .till
        .store()
        .audit_tail(5)
        .unwrap()
        .iter()
        .any(|e| e.event == "usb_eject_asked");
    assert!(audited);
}
