//! The printer's own status on the till's status bar, through the real spooler thread and a
//! network printer on a local TCP socket that answers `DLE EOT 1/2/4` like an Epson: paper out
//! holds the receipt with «sin papel» on the bar, the drawer sensor shows «Cajón abierto» until
//! the drawer is shut.

use crate::support::Sandbox;
use caja::app::ManualClock;
use caja::app::demo::demo_ean;
use caja::app::workers::spooler::Spooler;
use caja::config::TillSettings;
use caja::devices::profile::Profile;
use caja::devices::uri::DeviceUri;
use caja::ui::TillUi;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Answers to `DLE EOT 1`, `2`, `4`.
pub(crate) const READY: [u8; 3] = [0x16, 0x12, 0x12];
const DRAWER_OPEN: [u8; 3] = [0x12, 0x12, 0x12];
pub(crate) const PAPER_OUT: [u8; 3] = [0x1E, 0x32, 0x72];

/// A network printer: status requests are answered from `status`, anything else is job bytes;
/// each connection that sent job bytes is one job.
pub(crate) struct NetPrinter {
    pub(crate) uri: DeviceUri,
    status: Arc<Mutex<[u8; 3]>>,
    jobs: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl NetPrinter {
    pub(crate) fn start() -> NetPrinter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let uri = format!("tcp://{}", listener.local_addr().unwrap())
            .parse()
            .unwrap();
        let status = Arc::new(Mutex::new(READY));
        let jobs = Arc::new(Mutex::new(Vec::new()));
        let (st, jb) = (Arc::clone(&status), Arc::clone(&jobs));
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { return };
                let mut job = Vec::new();
                let mut byte = [0u8; 1];
                while conn.read(&mut byte).is_ok_and(|n| n == 1) {
                    if byte[0] == 0x10 {
                        let mut req = [0u8; 2];
                        conn.read_exact(&mut req).unwrap();
                        assert_eq!(req[0], 0x04, "only DLE EOT is expected");
                        let answers = *st.lock().unwrap();
                        let reply = match req[1] {
                            1 => answers[0],
                            2 => answers[1],
                            _ => answers[2],
                        };
                        conn.write_all(&[reply]).unwrap();
                    } else {
                        job.push(byte[0]);
                    }
                }
                if !job.is_empty() {
                    jb.lock().unwrap().push(job);
                }
            }
        });
        NetPrinter { uri, status, jobs }
    }

    pub(crate) fn set(&self, answers: [u8; 3]) {
        *self.status.lock().unwrap() = answers;
    }

    fn jobs(&self) -> usize {
        self.jobs.lock().unwrap().len()
    }
}

type H = Harness<'static, TillUi<ManualClock>>;

/// Runs frames until `done`; the spooler thread works in real time beside them.
fn frames_until(h: &mut H, what: &str, mut done: impl FnMut(&H) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        h.run();
        if done(h) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn shows(h: &H, label: &str) -> bool {
    h.query_by_label(label).is_some()
}

fn sell_cash(h: &mut H, code: &str) {
    h.event(egui::Event::Text(code.into()));
    h.key_press(egui::Key::Enter);
    h.run();
    h.key_press(egui::Key::F12);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

#[test]
fn paper_out_and_an_open_drawer_show_on_the_status_bar_and_clear_when_fixed() {
    let sb = Sandbox::new();
    let printer = NetPrinter::start();
    let settings = TillSettings {
        printer: Some(printer.uri.clone()),
        printer_profile: Profile::named("epson-tm-t20iii").unwrap(),
        ..Default::default()
    };
    let till = sb.demo_till_with(settings.clone());
    let spooler = Spooler::start(sb.data_dir(), sb.key_file(), settings, printer.uri.clone());
    let ui = TillUi::new(till, true).with_spooler(spooler);
    let mut h: H = Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .build_ui_state(|ui, state: &mut TillUi<ManualClock>| state.ui(ui), ui);
    h.event(egui::Event::Text("1111".into()));
    h.key_press(egui::Key::Enter);
    h.run();

    // A cash sale: the receipt (with the drawer pulse) prints; the drawer is then reported open.
    sell_cash(&mut h, &demo_ean(0));
    frames_until(&mut h, "the first receipt", |_| printer.jobs() == 1);
    assert!(!shows(&h, "• Cajón abierto"));
    printer.set(DRAWER_OPEN);
    frames_until(&mut h, "«Cajón abierto»", |h| {
        shows(h, "• Cajón abierto")
    });
    printer.set(READY);
    frames_until(&mut h, "the drawer shut", |h| !shows(h, "• Cajón abierto"));

    // Out of paper: the next receipt waits, and the bar says why.
    printer.set(PAPER_OUT);
    sell_cash(&mut h, &demo_ean(1));
    frames_until(&mut h, "«sin papel»", |h| {
        shows(h, "• Impresora (1): sin papel")
    });
    assert_eq!(printer.jobs(), 1, "nothing printed without paper");
    printer.set(READY);
    frames_until(&mut h, "the waiting receipt", |h| {
        printer.jobs() == 2 && shows(h, "• Impresora")
    });
    assert_eq!(
        h.state()
            .till
            .store()
            .outbox_waiting("print")
            .unwrap()
            .len(),
        0
    );
}
