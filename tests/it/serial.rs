//! A serial scanner over a real pseudo-terminal pair (socat): codes reach the cart like keyboard
//! scans, and unplugging and replugging is noticed and recovered without a restart.

use crate::pty::{PtyPair, collect, wait_until};
use crate::support::{Sandbox, frames_until};
use caja::app::ManualClock;
use caja::app::demo::demo_ean;
use caja::app::workers::scanner::SerialScanner;
use caja::devices::scanner::{ScanSource, ScannerStatus, SerialScan};
use caja::devices::uri::DeviceUri;
use caja::ui::TillUi;
use eframe::egui;
use egui_kittest::Harness;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// The serial scanner handed to the till, and a handle the test keeps to watch its status.
struct Watched(Rc<SerialScanner>);

impl ScanSource for Watched {
    fn try_recv(&self) -> Option<SerialScan> {
        self.0.try_recv()
    }
    fn status(&self) -> ScannerStatus {
        self.0.status()
    }
    fn set_waker(&self, wake: Box<dyn Fn() + Send>) {
        self.0.set_waker(wake)
    }
}

/// The till in a kittest harness, with the demo cashier logged in.
fn logged_in(ui: TillUi<ManualClock>) -> Harness<'static, TillUi<ManualClock>> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .build_ui_state(|ui, state: &mut TillUi<ManualClock>| state.ui(ui), ui);
    h.event(egui::Event::Text("1111".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    h
}

#[test]
fn serial_scans_land_in_the_cart_and_a_replugged_scanner_recovers() {
    let sb = Sandbox::new();
    let pty = PtyPair::new(sb.dir.path());
    let scanner = Rc::new(SerialScanner::start(pty.uri()));
    wait_until("the scanner to connect", || scanner.status().connected);
    let ui = TillUi::new(sb.demo_till(), true).with_scanner(Watched(Rc::clone(&scanner)));
    let mut h = logged_in(ui);

    pty.scan(&demo_ean(2));
    pty.scan(&demo_ean(0));
    wait_until("two serial scans in the cart", || {
        h.run();
        h.state().till.cart().lines.len() == 2
    });
    let names: Vec<&str> = h
        .state()
        .till
        .cart()
        .lines
        .iter()
        .map(|l| l.item.name.as_str())
        .collect();
    assert_eq!(names, ["Leche entera 1 L", "Barra de pan"]);

    // Unplug: noticed; replug at the same path: recovered, and scans flow again.
    let dir = sb.dir.path().to_path_buf();
    pty.unplug();
    wait_until("the unplugged scanner noticed", || {
        h.run();
        !scanner.status().connected
    });
    let pty = PtyPair::new(&dir);
    pty.scan(&demo_ean(4));
    wait_until("a scan after replugging", || {
        h.run();
        h.state().till.cart().lines.len() == 3
    });
}

#[test]
fn an_unplugged_scanner_is_shown_and_found_again() {
    let sb = Sandbox::new();
    let dir = sb.dir.path().to_path_buf();
    let pty = PtyPair::new(&dir);
    let uri = pty.uri();
    let scanner = SerialScanner::start(uri);
    wait_until("connected", || scanner.status().connected);
    pty.unplug();
    wait_until("disconnected", || !scanner.status().connected);
    let why = scanner.status().last_error.unwrap();
    assert!(
        matches!(
            why,
            caja::devices::fault::DeviceFault::Unplugged { .. }
                | caja::devices::fault::DeviceFault::Failed { .. }
                | caja::devices::fault::DeviceFault::NotFound { .. }
        ),
        "{why:?}"
    );
    assert!(why.to_string().contains("serial:"), "{why}");
    let pty = PtyPair::new(&dir);
    wait_until("reconnected", || scanner.status().connected);
    let sent = Instant::now();
    pty.scan("8437000000150");
    let got = scanner
        .recv_timeout(Duration::from_secs(3))
        .expect("a code");
    assert_eq!(got.code, "8437000000150");
    assert!(got.at >= sent);
}

#[test]
fn the_customer_display_shows_the_item_the_total_then_the_change() {
    use caja::app::workers::display::CustomerDisplay;
    use caja::devices::display::screen_after;
    let sb = Sandbox::new();
    let pty = PtyPair::new(sb.dir.path());
    let seen = collect(&pty.host);
    let ui = TillUi::new(sb.demo_till(), true).with_display(CustomerDisplay::start(pty.uri()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .build_ui_state(|ui, state: &mut TillUi<ManualClock>| state.ui(ui), ui);
    let screen =
        |seen: &std::sync::Arc<std::sync::Mutex<Vec<u8>>>| screen_after(&seen.lock().unwrap());
    wait_until("the welcome", || screen(&seen)[0].starts_with("Bienvenido"));
    h.event(egui::Event::Text("1111".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    h.event(egui::Event::Text(demo_ean(2)));
    h.key_press(egui::Key::Enter);
    h.run();
    wait_until("the item", || {
        screen(&seen)
            == [
                "Leche entera  1,05 €".to_string(),
                "TOTAL         1,05 €".to_string(),
            ]
    });
    h.key_press(egui::Key::F12);
    h.run();
    h.event(egui::Event::Text("5".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    wait_until("the change", || screen(&seen)[1] == "Cambio        3,95 €");
    assert!(
        seen.lock()
            .unwrap()
            .starts_with(&caja::devices::display::INIT)
    );
}

/// A Toledo-protocol scale on the host end: answers each `W` with the next reply.
fn fake_scale(path: &Path, replies: Vec<&'static [u8]>) -> std::thread::JoinHandle<usize> {
    let mut port = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut answered = 0;
        let mut buf = [0u8; 1];
        for reply in replies {
            loop {
                if port.read(&mut buf).unwrap_or(0) == 0 {
                    return answered;
                }
                if buf[0] == b'W' {
                    break;
                }
            }
            port.write_all(reply).unwrap();
            port.flush().unwrap();
            answered += 1;
        }
        answered
    })
}

#[test]
fn a_plu_of_a_weighed_product_is_weighed_on_the_scale_and_unstable_weights_are_refused() {
    let sb = Sandbox::new();
    let pty = PtyPair::new(sb.dir.path());
    let scale = fake_scale(&pty.host, vec![b"\x02?\x01\r", b"\x0201.234\r"]);
    let settings = caja::config::TillSettings {
        scale: Some(pty.uri()),
        ..Default::default()
    };
    let ui = TillUi::new(sb.demo_till_with(settings), true)
        .with_scale(caja::devices::scale::SerialScale(pty.uri()));
    let mut h = logged_in(ui);
    // PLU 101: bananas by the kilo. First the scale is still moving. The app reads the scale
    // on its own thread: frames go on until the answer arrives.
    h.event(egui::Event::Text("101".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    frames_until(&mut h, "the scale's first answer", |h| {
        matches!(h.state().notice(), Some(caja::ui::Notice::Error(_)))
    });
    match h.state().notice() {
        Some(caja::ui::Notice::Error(e)) => assert!(e.contains("no es estable"), "{e}"),
        other => panic!("expected an unstable-weight error, got {other:?}"),
    }
    assert!(h.state().till.cart().is_empty());
    h.event(egui::Event::Text("101".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    frames_until(&mut h, "the weighed line", |h| {
        !h.state().till.cart().is_empty()
    });
    let cart = h.state().till.cart();
    assert_eq!(cart.lines.len(), 1);
    assert_eq!(cart.lines[0].quantity.milli, 1234);
    assert_eq!(h.state().till.totals().total, 307); // 1,234 kg × 2,49 €
    assert_eq!(scale.join().unwrap(), 2);
}

#[test]
fn a_serial_printer_receives_the_receipt_and_a_missing_one_is_a_clear_error() {
    use caja::devices::decode::{Printed, decode};
    let sb = Sandbox::new();
    let pty = PtyPair::new(sb.dir.path());
    let seen = collect(&pty.host);
    let printer: DeviceUri = format!("serial:{}?baud=19200", pty.scanner.display())
        .parse()
        .unwrap();
    let settings = caja::config::TillSettings {
        printer: Some(printer.clone()),
        ..Default::default()
    };
    let mut till = sb.demo_till_with(settings);
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.pay_exact_cash().unwrap();
    let round =
        caja::app::workers::spooler::print_pending(till.store(), till.settings(), &printer, false)
            .unwrap();
    assert_eq!((round.delivered, round.error), (1, None));
    wait_until("the receipt on the serial line", || {
        decode(&seen.lock().unwrap()).is_ok_and(|p| matches!(p.last(), Some(Printed::Cut { .. })))
    });
    let missing: DeviceUri = "serial:/dev/ttyCAJA-none?baud=9600".parse().unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.pay_exact_cash().unwrap();
    let round =
        caja::app::workers::spooler::print_pending(till.store(), till.settings(), &missing, false)
            .unwrap();
    assert!(
        round
            .error
            .unwrap()
            .contains("cannot open serial:/dev/ttyCAJA-none")
    );
}
