//! The cash drawer wherever it is wired: on the printer's kick-out port (the pulse rides with the
//! receipt), on its own serial port (a real pty pair; the fake twin counts openings), or none.

use crate::pty::{PtyPair, collect, wait_until};
use crate::support::Sandbox;
use caja::app::demo::demo_ean;
use caja::app::workers::drawer::SerialDrawer;
use caja::app::{Approval, DrawerPulse};
use caja::config::TillSettings;
use caja::devices::decode::{Printed, decode};
use caja::devices::drawer::{DrawerWiring, FakeDrawer, SERIAL_PULSE};
use caja::devices::uri::DeviceUri;
use caja::till::tender::{Tender, TenderKind};

/// Prints what waits on `printer` now.
fn print_pending(till: &caja::app::Till<caja::app::ManualClock>) -> caja::app::outbox::Round {
    let printer = till.settings().printer.clone().unwrap();
    caja::app::workers::spooler::print_pending(till.store(), till.settings(), &printer, false)
        .unwrap()
}

fn card(till: &mut caja::app::Till<caja::app::ManualClock>) {
    let total = till.start_payment().unwrap();
    till.tender(Tender {
        kind: TenderKind::Card,
        amount: total,
        reference: Some("AUTH-0001".into()),
    })
    .unwrap();
}

/// Drawer pulses in what the file printer received (it must have received something: no
/// file is not "no pulse").
fn pulses(path: &std::path::Path) -> usize {
    let bytes = std::fs::read(path).expect("the printer's file: nothing was printed");
    decode(&bytes)
        .unwrap()
        .iter()
        .filter(|p| matches!(p, Printed::Drawer { .. }))
        .count()
}

#[test]
fn a_drawer_on_its_own_port_opens_for_cash_and_no_sale_and_the_receipt_carries_no_pulse() {
    let sb = Sandbox::new();
    let receipts = sb.dir.path().join("receipts.bin");
    let printer: DeviceUri = format!("file:{}", receipts.display()).parse().unwrap();
    let settings = TillSettings {
        printer: Some(printer.clone()),
        drawer: DrawerWiring::Serial("serial:/dev/ttyUSB3?baud=9600".parse().unwrap()),
        ..Default::default()
    };
    let fake = FakeDrawer::default();
    let opened = fake.opened.clone();
    let mut till = sb.demo_till_with(settings).with_drawer(fake);
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.pay_exact_cash().unwrap();
    assert_eq!(opened.get(), 1, "a cash sale opens the drawer");
    till.scan(&demo_ean(1)).unwrap();
    card(&mut till);
    assert_eq!(opened.get(), 1, "a card sale leaves it shut");
    till.no_sale("cambio", Approval::Own).unwrap();
    assert_eq!(opened.get(), 2, "a no-sale opens it");
    assert!(
        matches!(
            till.open_drawer(),
            Err(caja::app::AppError::NeedsApproval(_))
        ),
        "the drawer test is the technician's or the manager's"
    );
    till.login("9999").unwrap();
    assert_eq!(till.open_drawer().unwrap(), DrawerPulse::Sent);
    assert_eq!(opened.get(), 3);
    let audit = till.store().audit_tail(1).unwrap();
    assert_eq!(audit[0].event, "drawer_test", "the test pulse is audited");
    let round = print_pending(&till);
    assert_eq!(
        (round.delivered, round.error),
        (2, None),
        "two receipts, no drawer job"
    );
    assert_eq!(
        pulses(&receipts),
        0,
        "the printer is not asked to kick a drawer"
    );
}

#[test]
fn a_drawer_on_the_printer_rides_with_the_receipt_and_none_means_no_pulse_at_all() {
    let sb = Sandbox::new();
    let receipts = sb.dir.path().join("receipts.bin");
    let printer: DeviceUri = format!("file:{}", receipts.display()).parse().unwrap();
    let on_printer = TillSettings {
        printer: Some(printer.clone()),
        ..Default::default()
    };
    assert_eq!(on_printer.drawer, DrawerWiring::Printer, "the default");
    let mut till = sb.demo_till_with(on_printer.clone());
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.pay_exact_cash().unwrap();
    till.login("9999").unwrap();
    assert!(matches!(
        till.open_drawer().unwrap(),
        DrawerPulse::Queued(_)
    ));
    let round = print_pending(&till);
    assert_eq!(
        (round.delivered, round.error),
        (2, None),
        "the receipt, then the pulse"
    );
    assert_eq!(
        pulses(&receipts),
        2,
        "with the cash receipt, then on its own"
    );
    drop(till);

    let sb = Sandbox::new();
    let receipts = sb.dir.path().join("receipts.bin");
    let printer: DeviceUri = format!("file:{}", receipts.display()).parse().unwrap();
    let no_drawer = TillSettings {
        printer: Some(printer.clone()),
        drawer: DrawerWiring::None,
        ..on_printer
    };
    let mut till = sb.demo_till_with(no_drawer);
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.pay_exact_cash().unwrap();
    till.login("9999").unwrap();
    assert_eq!(till.open_drawer().unwrap(), DrawerPulse::NoDrawer);
    till.no_sale("cambio", Approval::Own).unwrap();
    let round = print_pending(&till);
    assert_eq!(round.delivered, 1, "the receipt only");
    assert_eq!(pulses(&receipts), 0);
}

#[test]
fn a_serial_drawer_receives_the_pulse_from_a_sale_and_from_the_command_line() {
    let sb = Sandbox::new();
    let pty = PtyPair::new(sb.dir.path());
    let seen = collect(&pty.host);
    let uri: DeviceUri = format!("serial:{}?baud=9600", pty.scanner.display())
        .parse()
        .unwrap();
    let settings = TillSettings {
        drawer: DrawerWiring::Serial(uri.clone()),
        ..Default::default()
    };
    let mut till = sb
        .demo_till_with(settings)
        .with_drawer(SerialDrawer::start(uri.clone()));
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.pay_exact_cash().unwrap();
    wait_until("the pulse of the cash sale", || {
        *seen.lock().unwrap() == SERIAL_PULSE
    });
    assert_eq!(till.drawer_error(), None);
    drop(till);

    sb.ok(&["config", "set", "devices.drawer", &uri.to_string()]);
    let out = sb.ok(&["devices", "open-drawer"]);
    assert!(out.contains("drawer pulse sent to serial:"), "{out}");
    let tail = sb.ok(&["audit", "tail", "--limit", "1"]);
    assert!(tail.contains("drawer_test"), "audited: {tail}");
    wait_until("the pulse from `caja devices open-drawer`", || {
        *seen.lock().unwrap() == [SERIAL_PULSE, SERIAL_PULSE].concat()
    });
    let listed = sb.ok(&["devices", "list"]);
    assert!(
        listed.contains(&format!("configured drawer: {uri}")),
        "{listed}"
    );

    sb.ok(&["config", "set", "devices.drawer", "none"]);
    let refused = sb.run(&["devices", "open-drawer"]);
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(why.contains("no drawer is configured"), "{why}");
    let bad = sb.run(&["config", "set", "devices.drawer", "tcp://10.0.0.9:9100"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a drawer"));
}

#[test]
fn an_unplugged_serial_drawer_is_reported_and_the_sale_stands() {
    let sb = Sandbox::new();
    let uri: DeviceUri = "serial:/dev/ttyCAJA-no-drawer?baud=9600".parse().unwrap();
    let settings = TillSettings {
        drawer: DrawerWiring::Serial(uri.clone()),
        ..Default::default()
    };
    let mut till = sb
        .demo_till_with(settings)
        .with_drawer(SerialDrawer::start(uri));
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.pay_exact_cash().unwrap();
    let number = till.last_receipt().unwrap().to_string();
    wait_until("the drawer error", || till.drawer_error().is_some());
    let e = till.drawer_error().unwrap();
    assert!(
        matches!(&e, caja::devices::fault::DeviceFault::NotFound { uri, .. }
            if uri == "serial:/dev/ttyCAJA-no-drawer?baud=9600"),
        "{e:?}"
    );
    assert!(number.contains("-T01-"), "{number}");
    drop(till);
    sb.ok(&["check"]);
    let day = sb.ok(&["report", "day", "--date", "2026-03-02", "--json"]);
    assert!(day.contains("\"count\": 1"), "the sale stands: {day}");
}
