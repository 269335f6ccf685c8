//! Receipts as ESC/POS bytes, decoded back by Caja's own decoder and checked against golden
//! listings for a 58 mm and an 80 mm printer, with accented Spanish text and €.

use caja::devices::decode::{Printed, decode, listing};
use caja::devices::printout::receipt_bytes;
use caja::devices::profile::Profile;
use caja::till::format::Locale;
use caja::till::money::Currency;
use caja::till::quantity::Measure;
use caja::till::receipt::{Receipt, ReceiptLine, ReceiptTender};
use caja::till::tax::TaxRow;
use caja::till::tender::TenderKind;
use std::path::Path;

fn line(
    name: &str,
    measure: Measure,
    qty_milli: i64,
    unit_price: i64,
    discount: i64,
) -> ReceiptLine {
    let gross = match measure {
        Measure::Unit => qty_milli / 1000 * unit_price,
        Measure::Kg => (qty_milli * unit_price + 500) / 1000,
    };
    ReceiptLine {
        name: name.into(),
        measure,
        qty_milli,
        unit_price,
        discount,
        total: gross - discount,
        // The coffee is at the general rate, the food at the reduced one.
        rate_bp: if name.starts_with("Café") {
            2100
        } else {
            1000
        },
        exemption: None,
    }
}

/// A sale with Spanish names, a weighed line, a discount, two tax rates, split tender.
pub fn fixture() -> Receipt {
    let lines = vec![
        line(
            "Jamón ibérico de bellota 100 g",
            Measure::Unit,
            1000,
            1295,
            0,
        ),
        line("Piña tropical", Measure::Kg, 1_234, 249, 0),
        line(
            "Café molido ecológico ¡oferta!",
            Measure::Unit,
            2000,
            329,
            66,
        ),
        line("Agua mineral 1,5 L", Measure::Unit, 6000, 45, 0),
    ];
    let total: i64 = lines.iter().map(|l| l.total).sum();
    Receipt {
        store_name: "Ultramarinos Peña".into(),
        legal_name: String::new(),
        header: Vec::new(),
        footer: Vec::new(),
        tax_kind: caja::till::tax::TaxKind::Iva,
        tax_id: "B12345678".into(),
        address: "Calle Mayor 1, León".into(),
        number: "T01-000123".into(),
        refers_to: None,
        is_return: false,
        copy: false,
        date: "29/11/2026 10:15".into(),
        cashier: "Lucía".into(),
        currency: Currency::Eur,
        locale: Locale::es(),
        lines,
        taxes: vec![
            TaxRow {
                rate_bp: 1000,
                base: 1768,
                quota: 177,
                gross: 1945,
                recargo_bp: 0,
                recargo: 0,
            },
            TaxRow {
                rate_bp: 2100,
                base: 492,
                quota: 103,
                gross: 595,
                recargo_bp: 0,
                recargo: 0,
            },
        ],
        total,
        rounding: 0,
        tenders: vec![
            ReceiptTender {
                kind: TenderKind::Card,
                amount: 1000,
                reference: Some("AUT-77".into()),
            },
            ReceiptTender {
                kind: TenderKind::Cash,
                amount: 2000,
                reference: None,
            },
        ],
        change: 3000 - total,
        fiscal_qr: None,
        training: false,
        customer: None,
    }
}

/// Compares with the reviewed golden listing `tests/golden/NAME.snap` (an insta snapshot): a
/// difference fails and leaves `NAME.snap.new` beside it to review (`cargo insta review`, or
/// accept with `INSTA_UPDATE=always`); a plain run never rewrites the reviewed file.
fn golden(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../golden",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn receipts_encode_and_decode_back_for_58_and_80_mm() {
    let r = fixture();
    for (profile, file) in [
        ("generic-58mm", "escpos-58mm"),
        ("epson-tm-t20iii", "escpos-80mm"),
    ] {
        let p = Profile::named(profile).unwrap();
        let bytes = receipt_bytes(&r, &p, true).unwrap();
        let printed = decode(&bytes).unwrap();
        golden(file, &listing(&printed));
        // The structure a printer needs, whatever the golden file says.
        assert_eq!(printed[0], Printed::Init);
        assert_eq!(
            printed[1],
            Printed::CodePage(19),
            "PC858 for á é í ó ú ñ ¿ ¡ €"
        );
        assert!(matches!(
            printed[2],
            Printed::Drawer {
                pin: 0,
                on_ms: 50,
                off_ms: 500
            }
        ));
        assert!(matches!(printed.last(), Some(Printed::Cut { .. })));
        assert!(
            printed
                .iter()
                .any(|i| matches!(i, Printed::Barcode { data, .. } if data == "T01-000123"))
        );
        let text: Vec<&Printed> = printed
            .iter()
            .filter(|i| matches!(i, Printed::Line { .. }))
            .collect();
        for item in &text {
            if let Printed::Line { text, .. } = item {
                assert!(text.chars().count() <= p.columns, "{profile}: {text:?}");
            }
        }
        let all = listing(&printed);
        for word in [
            "Peña",
            "León",
            "Jamón ibérico",
            "Piña",
            "¡oferta!",
            "€",
            "Lucía",
        ] {
            assert!(all.contains(word), "{profile}: {word} missing\n{all}");
        }
        assert!(text.iter().any(|i| matches!(i, Printed::Line { text, bold: true, height: 2, .. } if text.starts_with("TOTAL"))));
    }
}

#[test]
fn no_drawer_pulse_unless_asked_and_odd_characters_never_fail_a_print() {
    let mut r = fixture();
    r.store_name = "Bar «El Ñandú» — 24 h ✓".into();
    let p = Profile::named("generic-80mm").unwrap();
    let printed = decode(&receipt_bytes(&r, &p, false).unwrap()).unwrap();
    assert!(!printed.iter().any(|i| matches!(i, Printed::Drawer { .. })));
    assert!(listing(&printed).contains("Bar «El Ñandú» - 24 h ?"));
}

mod queue {
    use crate::support::Sandbox;
    use caja::app::demo::demo_ean;
    use caja::app::outbox::print::bytes_message;
    use caja::app::selling::PaymentProgress;
    use caja::app::workers::spooler;
    use caja::config::TillSettings;
    use caja::devices::decode::{Printed, decode};
    use caja::devices::uri::DeviceUri;
    use std::io::Read;
    use std::net::TcpListener;

    fn now() -> String {
        "2026-03-02T09:00:00.000Z".into()
    }

    /// Prints what waits for `terminal` on `printer` now.
    fn print_pending(
        store: &caja::store::Store,
        terminal: &str,
        printer: &DeviceUri,
        check_status: bool,
    ) -> caja::app::outbox::Round {
        let settings = TillSettings {
            terminal: terminal.into(),
            printer: Some(printer.clone()),
            ..Default::default()
        };
        spooler::print_pending(store, &settings, printer, check_status).unwrap()
    }

    fn waiting(store: &caja::store::Store) -> Vec<caja::store::outbox::Message> {
        store.outbox_waiting("print").unwrap()
    }

    fn sell_cash(till: &mut caja::app::Till<caja::app::ManualClock>, code: &str) -> String {
        till.scan(code).unwrap();
        match till.pay_exact_cash().unwrap() {
            PaymentProgress::Done(c) => c.number,
            other => panic!("not paid: {other:?}"),
        }
    }

    /// A network printer on loopback: takes `jobs` jobs (one connection each), returns them.
    fn tcp_printer(jobs: usize) -> (DeviceUri, std::thread::JoinHandle<Vec<Vec<u8>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = std::thread::spawn(move || {
            (0..jobs)
                .map(|_| {
                    let (mut s, _) = listener.accept().unwrap();
                    let mut bytes = Vec::new();
                    s.read_to_end(&mut bytes).unwrap();
                    bytes
                })
                .collect()
        });
        (
            DeviceUri::Tcp {
                host: "127.0.0.1".into(),
                port,
            },
            handle,
        )
    }

    #[test]
    fn a_cash_sale_prints_to_a_file_printer_with_the_drawer_pulse() {
        let sb = Sandbox::new();
        let path = sb.dir.path().join("receipts.bin");
        let printer = DeviceUri::File(path.clone());
        let settings = TillSettings {
            printer: Some(printer.clone()),
            ..Default::default()
        };
        let mut till = sb.demo_till_with(settings);
        till.login("1111").unwrap();
        let number = sell_cash(&mut till, &demo_ean(2));
        let pending = waiting(till.store());
        assert_eq!(pending.len(), 1, "the receipt waits in the queue");
        let round = print_pending(till.store(), "T01", &printer, false);
        assert_eq!((round.delivered, round.waiting, round.error), (1, 0, None));
        let printed = decode(&std::fs::read(&path).unwrap()).unwrap();
        assert!(printed.iter().any(|i| matches!(i, Printed::Drawer { .. })));
        assert!(
            printed
                .iter()
                .any(|i| matches!(i, Printed::Barcode { data, .. } if *data == number))
        );
        assert!(waiting(till.store()).is_empty());
        // No-sale: a drawer pulse only.
        till.no_sale("cambio", caja::app::Approval::Own).unwrap();
        let round = print_pending(till.store(), "T01", &printer, false);
        assert_eq!((round.delivered, round.error), (1, None), "the pulse");
        let all = decode(&std::fs::read(&path).unwrap()).unwrap();
        assert!(matches!(all.last(), Some(Printed::Drawer { .. })));
        // X and Z reports print too, at the printer's width.
        use caja::app::command::Command;
        till.apply(Command::XReport).unwrap();
        till.apply(Command::BeginCloseShift).unwrap();
        till.apply(Command::CloseShift {
            counted: caja::till::money::Money::new(10_105, caja::till::money::Currency::Eur),
        })
        .unwrap();
        let round = print_pending(till.store(), "T01", &printer, false);
        assert_eq!(round.delivered, 2);
        let text = caja::devices::decode::listing(&decode(&std::fs::read(&path).unwrap()).unwrap());
        assert!(text.contains("B       |INFORME X T01|"), "{text}");
        assert!(text.contains("B       |INFORME Z T01-Z0001|"), "{text}");
        assert!(text.contains("Cuadra"), "{text}");
    }

    /// A network printer that answers `DLE EOT 1, 2, 4` with `replies`, then (if `takes_job`)
    /// accepts one job on a second connection.
    fn tcp_printer_with_status(
        replies: [u8; 3],
        takes_job: bool,
    ) -> (DeviceUri, std::thread::JoinHandle<Option<Vec<u8>>>) {
        use std::io::Write;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            for reply in replies {
                let mut query = [0u8; 3];
                s.read_exact(&mut query).unwrap();
                assert_eq!(&query[..2], &[0x10, 0x04], "a DLE EOT request");
                s.write_all(&[reply]).unwrap();
            }
            drop(s);
            takes_job.then(|| {
                let (mut s, _) = listener.accept().unwrap();
                let mut bytes = Vec::new();
                s.read_to_end(&mut bytes).unwrap();
                bytes
            })
        });
        let uri = DeviceUri::Tcp {
            host: "127.0.0.1".into(),
            port,
        };
        (uri, handle)
    }

    #[test]
    fn a_printer_out_of_paper_keeps_the_job_waiting_with_the_reason() {
        let sb = Sandbox::new();
        let mut till = sb.demo_till();
        till.login("1111").unwrap();
        let store = sb.open_store();
        let mut store = store;
        store
            .enqueue(
                &bytes_message("T01", "test", b"hola\n".to_vec()),
                "T01",
                None,
                &now(),
            )
            .unwrap();
        // DLE EOT 1: offline; 2: paper end stop; 4: roll paper end.
        let (printer, job) = tcp_printer_with_status([0x1E, 0x32, 0x72], false);
        let round = print_pending(&store, "T01", &printer, true);
        assert_eq!(round.delivered, 0);
        assert_eq!(
            round.error.as_deref(),
            Some("the printer is out of paper; load a roll")
        );
        assert!(job.join().unwrap().is_none(), "nothing was sent");
        let waiting = waiting(&store);
        assert_eq!(
            waiting[0].last_error.as_deref(),
            Some("the printer is out of paper; load a roll")
        );
        // Paper loaded: the job goes.
        let (printer, job) = tcp_printer_with_status([0x16, 0x12, 0x12], true);
        let round = print_pending(&store, "T01", &printer, true);
        assert_eq!((round.delivered, round.error), (1, None));
        assert_eq!(job.join().unwrap().unwrap(), b"hola\n");
    }

    #[test]
    fn a_network_printer_receives_the_receipt() {
        let sb = Sandbox::new();
        let (printer, job) = tcp_printer(1);
        let settings = TillSettings {
            printer: Some(printer.clone()),
            ..Default::default()
        };
        let mut till = sb.demo_till_with(settings);
        till.login("1111").unwrap();
        let number = sell_cash(&mut till, &demo_ean(0));
        let round = print_pending(till.store(), "T01", &printer, false);
        assert_eq!(round.delivered, 1);
        let printed = decode(&job.join().unwrap()[0]).unwrap();
        assert!(
            printed
                .iter()
                .any(|i| matches!(i, Printed::Barcode { data, .. } if *data == number))
        );
    }

    #[test]
    fn an_unreachable_or_vanishing_printer_leaves_jobs_queued_and_sales_whole() {
        let sb = Sandbox::new();
        // A port nobody listens on: the printer is off.
        let off = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let printer = DeviceUri::Tcp {
            host: "127.0.0.1".into(),
            port: off,
        };
        let settings = TillSettings {
            printer: Some(printer.clone()),
            ..Default::default()
        };
        let mut till = sb.demo_till_with(settings);
        till.login("1111").unwrap();
        let first = sell_cash(&mut till, &demo_ean(0));
        let second = sell_cash(&mut till, &demo_ean(2));
        let round = print_pending(till.store(), "T01", &printer, false);
        assert_eq!((round.delivered, round.waiting), (0, 2));
        assert!(
            round
                .error
                .as_deref()
                .unwrap()
                .contains("cannot open tcp://127.0.0.1")
        );
        let pending = waiting(till.store());
        assert_eq!(pending.len(), 2);
        assert_eq!(pending[0].state, caja::store::outbox::MessageState::Pending);
        assert!(pending[0].last_error.is_some());
        let (_, day) = till.day_report(None).unwrap();
        assert_eq!(
            day.sales_count, 2,
            "the sales stand whatever the printer does"
        );

        // A printer that takes the first kilobyte of a big job and vanishes (connection reset).
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let vanishing = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let mut buf = [0u8; 1024];
            let _ = s.read_exact(&mut buf);
            // Dropping the socket with unread data makes the kernel reset the connection.
        });
        let flaky = DeviceUri::Tcp {
            host: "127.0.0.1".into(),
            port,
        };
        let big = vec![b'x'; 8 * 1024 * 1024];
        let mut store = sb.open_store();
        // Put the big job first in a fresh queue of its own terminal.
        store
            .enqueue(&bytes_message("T09", "test", big), "T09", None, &now())
            .unwrap();
        let round = print_pending(&store, "T09", &flaky, false);
        vanishing.join().unwrap();
        assert_eq!(round.delivered, 0);
        assert!(
            round
                .error
                .as_deref()
                .unwrap()
                .contains("writing to tcp://"),
            "{round:?}"
        );
        assert_eq!(
            waiting(&store).iter().filter(|m| m.lane == "T09").count(),
            1,
            "the job stays queued"
        );

        // The printer is back: the queue prints in order, oldest first.
        let (back, jobs) = tcp_printer(2);
        let round = print_pending(till.store(), "T01", &back, false);
        assert_eq!((round.delivered, round.error), (2, None));
        let jobs = jobs.join().unwrap();
        for (bytes, number) in jobs.iter().zip([&first, &second]) {
            let printed = decode(bytes).unwrap();
            assert!(
                printed
                    .iter()
                    .any(|i| matches!(i, Printed::Barcode { data, .. } if data == number))
            );
        }
        assert!(waiting(till.store()).iter().all(|m| m.lane != "T01"));
    }
}

/// `caja devices test-print` on a 58 mm profile into `file`; the listing of what it received.
pub fn test_print_58mm(sb: &crate::support::Sandbox, file: &Path) -> String {
    let to = format!("file:{}", file.display());
    sb.ok(&[
        "devices",
        "test-print",
        "--to",
        &to,
        "--profile",
        "generic-58mm",
    ]);
    listing(&decode(&std::fs::read(file).unwrap()).unwrap())
}

#[test]
fn technician_commands_test_print_open_the_drawer_and_refuse_bad_addresses() {
    let sb = crate::support::Sandbox::new();
    sb.ok(&["seed-demo"]);
    let profiles = sb.ok(&["devices", "profiles"]);
    assert_eq!(
        profiles.lines().count(),
        caja::devices::profile::BUILTIN.len()
    );
    let file = sb.dir.path().join("printer.bin");
    let to = format!("file:{}", file.display());
    let text = test_print_58mm(&sb, &file);
    assert!(text.contains("áéíóú ÁÉÍÓÚ ñÑ üÜ ¿? ¡! €"), "{text}");
    assert!(text.contains("<barcode 4: PRUEBA-0001>"), "{text}");

    let out = sb.run(&["config", "set", "devices.printer", "lp0"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a device address"));
    let out = sb.run(&["devices", "open-drawer"]);
    assert!(!out.status.success(), "a drawer opened with no printer");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no printer is configured"));
    sb.ok(&["config", "set", "devices.printer", &to]);
    std::fs::remove_file(&file).unwrap();
    sb.ok(&["devices", "open-drawer"]);
    assert!(matches!(
        decode(&std::fs::read(&file).unwrap()).unwrap()[..],
        [Printed::Drawer { pin: 0, .. }]
    ));
    // A printer that is off: a clear error and a failing exit code.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = sb.run(&[
        "devices",
        "test-print",
        "--to",
        &format!("tcp://127.0.0.1:{port}"),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did not go through") && err.contains("cannot open"),
        "{err}"
    );
    assert!(sb.ok(&["devices", "queue"]).contains("nothing waits"));
}
