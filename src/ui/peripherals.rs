//! The till's devices as the screen sees them: the serial scanner's codes, the customer display
//! after each outcome, the scale when a weighed product is sold, the print spooler, the
//! confinement report and the backup service. Their lights are drawn by `status.rs`.

use super::shell::Shell;
use super::{TillUi, messages};
use crate::app::Clock;
use crate::app::command::{Command, Outcome};
use crate::app::workers::backup::BackupService;
use crate::app::workers::spooler::Spooler;
use crate::devices::display::{DisplayPort, spread};
use crate::devices::scale::{Scale, SerialScale};
use crate::devices::scanner::ScanSource;
use crate::{id, msg};
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The devices and services the till screen works with.
#[derive(Default)]
pub(super) struct Peripherals {
    pub spooler: Option<Spooler>,
    pub scanner: Option<Box<dyn ScanSource>>,
    pub scanner_waker_set: bool,
    pub display: Option<Box<dyn DisplayPort>>,
    pub scale: Option<Box<dyn Scale>>,
    /// When the customer display goes back to its welcome line.
    pub display_welcome_at: Option<Instant>,
    /// The configuration file the Devices screen edits.
    pub config_file: Option<PathBuf>,
    pub confinement: Option<crate::sandbox::Report>,
    pub backups: Option<Arc<BackupService>>,
}

impl Peripherals {
    /// The scale from the settings, if one is configured.
    pub fn from_settings(scale: Option<crate::devices::uri::DeviceUri>) -> Peripherals {
        Peripherals {
            scale: scale.map(|uri| Box::new(SerialScale(uri)) as Box<dyn Scale>),
            ..Peripherals::default()
        }
    }
}

impl<C: Clock> TillUi<C> {
    /// The configuration file the Devices screen edits.
    pub fn with_config_file(mut self, file: PathBuf) -> TillUi<C> {
        self.shell.devices.config_file = Some(file);
        self
    }

    /// Shows items, totals and change on this customer display.
    pub fn with_display(mut self, display: impl DisplayPort + 'static) -> TillUi<C> {
        display.show(&self.shell().welcome(), "");
        self.shell.devices.display = Some(Box::new(display));
        self
    }

    /// Weighs loose products on this scale.
    pub fn with_scale(mut self, scale: impl Scale + 'static) -> TillUi<C> {
        self.shell.devices.scale = Some(Box::new(scale));
        self
    }

    /// Takes scans from this serial scanner as well as from the keyboard.
    pub fn with_scanner(mut self, scanner: impl ScanSource + 'static) -> TillUi<C> {
        self.shell.devices.scanner = Some(Box::new(scanner));
        self
    }

    /// Prints through this spooler (receipts, drawer pulses) and shows its state.
    pub fn with_spooler(mut self, spooler: Spooler) -> TillUi<C> {
        self.shell.devices.spooler = Some(spooler);
        self
    }

    /// Shows how the process is confined (the sandbox's report).
    pub fn with_confinement(mut self, report: crate::sandbox::Report) -> TillUi<C> {
        self.shell.devices.confinement = Some(report);
        self
    }

    /// Backs up through this service: after Z reports, and its state on the status bar.
    pub fn with_backups(mut self, backups: Arc<BackupService>) -> TillUi<C> {
        self.shell.devices.backups = Some(backups);
        self
    }
}

impl<C: Clock> Shell<'_, C> {
    pub fn welcome(&self) -> String {
        let name = &self.till.settings().store_name;
        if name.is_empty() {
            self.t(id!("display-welcome")).into_owned()
        } else {
            self.msg(msg!("display-welcome-to", name = name.clone()))
        }
    }

    /// What the customer sees after each outcome.
    pub fn show_customer(&mut self, outcome: &Outcome) {
        let Some(display) = &self.st.devices.display else {
            return;
        };
        let total = self.money(self.till.totals().total);
        let total_line = spread(&self.t(id!("display-total")), &total);
        match outcome {
            Outcome::Scanned(s) => {
                display.show(&spread(&s.name, &self.money(s.line_total)), &total_line);
                self.st.devices.display_welcome_at = None;
            }
            Outcome::Remaining { in_cash, .. } => display.show(
                &total_line,
                &spread(&self.t(id!("display-to-pay")), &self.money(*in_cash)),
            ),
            Outcome::Paid(c) => {
                display.show(
                    &spread(&self.t(id!("display-paid-total")), &self.money(c.total)),
                    &spread(&self.t(id!("display-change")), &self.money(c.change)),
                );
                self.st.devices.display_welcome_at = Some(Instant::now() + Duration::from_secs(8));
            }
            _ => {}
        }
    }

    /// The welcome line comes back a few seconds after a sale.
    pub fn display_tick(&mut self, ctx: &egui::Context) {
        let devices = &self.st.devices;
        if let (Some(at), Some(display)) = (devices.display_welcome_at, &devices.display) {
            let now = Instant::now();
            if now >= at {
                display.show(&self.welcome(), "");
                self.st.devices.display_welcome_at = None;
            } else {
                ctx.request_repaint_after(at - now);
            }
        }
    }

    pub fn wake_spooler(&self) {
        if let Some(s) = &self.st.devices.spooler {
            s.wake();
        }
    }

    /// The codes the serial scanner read since the last frame.
    pub fn serial_codes(&mut self, ctx: &egui::Context) -> Vec<String> {
        let devices = &mut self.st.devices;
        let Some(scanner) = &devices.scanner else {
            return Vec::new();
        };
        if !devices.scanner_waker_set {
            let ctx = ctx.clone();
            scanner.set_waker(Box::new(move || ctx.request_repaint()));
            devices.scanner_waker_set = true;
        }
        let mut codes = Vec::new();
        while let Some(scan) = scanner.try_recv() {
            codes.push(scan.code);
        }
        codes
    }

    /// A weighed product was scanned or picked: ask the scale, then add it with that weight.
    pub fn weigh(&mut self, command: &Command, name: &str) -> bool {
        let code = match command {
            Command::Scan { code } => self.till.catalog_code(code),
            Command::AddProduct { product_id } => {
                self.till.product_code(*product_id).ok().flatten()
            }
            _ => None,
        };
        let (Some(code), Some(scale)) = (code, self.st.devices.scale.as_mut()) else {
            return false;
        };
        match scale.weight() {
            Ok(grams) => self.run(Command::Weighed { code, grams }),
            Err(e) => {
                let why = self.msg(messages::scale_message(&e));
                self.fail(msg!("scale-failed", name = name.to_string(), why = why));
                false
            }
        }
    }
}
