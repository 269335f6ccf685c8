//! The till's devices and services, owned by the app: the print spooler, the serial scanner,
//! the customer display, the scale's thread, the backup service and the confinement report.
//! The screen owns none of them: it reads their state here (no SQL, no device I/O — each worker
//! keeps its state in memory) and gets what happened through `Till::poll_events`. The app
//! drives them after each command: the customer display shows the outcome, the spooler wakes
//! for what the command queued, a Z report asks for a backup, a weighed product asks the scale.

use super::command::{Command, Outcome};
use super::workers::backup::{BackupService, BackupStatus};
use super::workers::scale::{Reading, ScaleWorker, WeighFor};
use super::workers::spooler::{SpoolStatus, Spooler};
use super::{AppError, Clock, Till};
use crate::devices::display::{DisplayPort, spread};
use crate::devices::drawer::DrawerPort;
use crate::devices::fault::DeviceFault;
use crate::devices::scale::{Scale, ScaleError};
use crate::devices::scanner::{ScanSource, ScannerStatus};
use crate::i18n::Lang;
use crate::sandbox::Report;
use crate::till::format::format_money;
use crate::{id, msg};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the customer sees the change before the welcome line comes back.
pub const CHANGE_SHOWN_FOR: Duration = Duration::from_secs(8);

/// The doctor's quick checks' last reading, and when it was taken.
type HealthReading = std::cell::RefCell<Option<(Instant, crate::doctor::Report)>>;

/// The devices and services of one till.
#[derive(Default)]
pub struct Peripherals {
    spooler: Option<Spooler>,
    scanner: Option<Box<dyn ScanSource>>,
    display: Option<Box<dyn DisplayPort>>,
    scale: Option<ScaleWorker>,
    /// A drawer on its own port (`devices.drawer = serial:…`); `None` when it hangs off the
    /// printer or there is none.
    drawer: Option<Box<dyn DrawerPort>>,
    backups: Option<Arc<BackupService>>,
    fiscal: Option<super::workers::fiscal::FiscalWorker>,
    confinement: Option<Report>,
    config_file: Option<PathBuf>,
    display_welcome_at: Option<Instant>,
    /// The doctor's quick checks, for the status bar: what they look at, and their last
    /// reading (taken again once a minute).
    health: Option<(super::health::Places, HealthReading, Instant)>,
    /// How the till's previous process ended when systemd had to restart it (a crash).
    unclean_exit: Option<(String, chrono::DateTime<chrono::Local>)>,
}

/// What happened on the till's devices since the last look, for the screen.
#[derive(Debug)]
pub enum Event {
    /// A code from the serial scanner, for the screen that is up to use.
    SerialScan(String),
    /// A weighed product's weight arrived and its command ran (with this result).
    Applied {
        command: Command,
        result: Result<Outcome, AppError>,
    },
    /// The scale could not weigh a product of the sale.
    ScaleFailed { name: String, error: ScaleError },
    /// The technician's test weight (grams).
    TestWeight(Result<i64, ScaleError>),
}

impl<C: Clock> Till<C> {
    /// Prints through this spooler (receipts, reports, drawer pulses) and shows its state.
    pub fn set_spooler(&mut self, spooler: Spooler) {
        self.devices.spooler = Some(spooler);
    }

    /// Takes scans from this serial scanner as well as from the keyboard.
    pub fn set_scanner(&mut self, scanner: impl ScanSource + 'static) {
        self.devices.scanner = Some(Box::new(scanner));
    }

    /// Shows items, totals and change on this customer display (the welcome line at once).
    pub fn set_display(&mut self, display: impl DisplayPort + 'static) {
        display.show(&self.welcome(), "");
        self.devices.display = Some(Box::new(display));
    }

    /// Opens the drawer through this port (a drawer on its own serial port, or a fake).
    pub fn with_drawer(mut self, drawer: impl DrawerPort + 'static) -> Self {
        self.set_drawer(drawer);
        self
    }

    /// `with_drawer` on a till already built (the window starts devices at its first frame).
    pub fn set_drawer(&mut self, drawer: impl DrawerPort + 'static) {
        self.devices.drawer = Some(Box::new(drawer));
    }

    /// Why the drawer on its own port did not open last time, if it did not.
    pub fn drawer_error(&self) -> Option<DeviceFault> {
        self.devices.drawer.as_ref().and_then(|d| d.error())
    }

    /// The drawer on its own port, if there is one.
    pub(crate) fn own_drawer(&self) -> Option<&dyn DrawerPort> {
        self.devices.drawer.as_deref()
    }

    /// Weighs loose products on this scale, on a thread of its own.
    pub fn set_scale(&mut self, scale: impl Scale + Send + 'static) {
        self.devices.scale = Some(ScaleWorker::start(Box::new(scale)));
    }

    /// Backs up through this service (after each Z report) and shows its state.
    pub fn set_backups(&mut self, backups: Arc<BackupService>) {
        self.devices.backups = Some(backups);
    }

    /// Looks at these places for the status bar's health light (the doctor's quick checks).
    pub fn set_health_places(&mut self, places: super::health::Places) {
        self.devices.health = Some((places, std::cell::RefCell::new(None), Instant::now()));
    }

    /// The doctor's quick checks, read again when the last reading is a minute old; none in
    /// the till's first seconds (start-up draws the login screen and nothing else).
    pub fn health(&self) -> Option<crate::doctor::Report> {
        let (places, cached, since) = self.devices.health.as_ref()?;
        if since.elapsed() < Duration::from_secs(2) {
            return None;
        }
        let mut cached = cached.borrow_mut();
        let stale = cached
            .as_ref()
            .is_none_or(|(at, _)| at.elapsed() >= Duration::from_secs(60));
        if stale {
            let report = super::health::quick(places, super::health::clock_synchronised());
            *cached = Some((Instant::now(), report));
        }
        cached.as_ref().map(|(_, r)| r.clone())
    }

    /// The till's previous process ended badly and systemd restarted it: how, and when.
    pub fn set_unclean_exit(&mut self, exit: (String, chrono::DateTime<chrono::Local>)) {
        self.devices.unclean_exit = Some(exit);
    }

    pub fn unclean_exit(&self) -> Option<&(String, chrono::DateTime<chrono::Local>)> {
        self.devices.unclean_exit.as_ref()
    }

    /// How the process is confined, for the status bar.
    pub fn set_confinement(&mut self, report: Report) {
        self.devices.confinement = Some(report);
    }

    /// The configuration file the Devices screen edits.
    pub fn set_config_file(&mut self, file: PathBuf) {
        self.devices.config_file = Some(file);
    }

    /// Calls `wake` whenever a device has something for the screen (a scan, a weight).
    pub fn set_waker(&mut self, wake: impl Fn() + Clone + Send + 'static) {
        if let Some(s) = &self.devices.scanner {
            s.set_waker(Box::new(wake.clone()));
        }
        if let Some(s) = &self.devices.scale {
            s.set_waker(Box::new(wake));
        }
    }

    /// Sends the fiscal records through this thread and shows its light.
    pub fn set_fiscal_worker(&mut self, worker: super::workers::fiscal::FiscalWorker) {
        self.devices.fiscal = Some(worker);
    }

    /// The fiscal light: what waits, the oldest unsent, what the agency refused, why sending
    /// fails — `None` when the store sends no records from this till.
    pub fn fiscal_light(&self) -> Option<super::workers::fiscal::FiscalLight> {
        self.devices.fiscal.as_ref().map(|w| w.light())
    }

    /// Tells the fiscal sender a record was just written.
    pub(crate) fn wake_fiscal_sender(&self) {
        if let Some(w) = &self.devices.fiscal {
            w.wake();
        }
    }

    /// The print queue and the printer, when there is a printer.
    pub fn spool_status(&self) -> Option<SpoolStatus> {
        self.devices.spooler.as_ref().map(Spooler::status)
    }

    /// The serial scanner, when there is one (else the keyboard wedge only).
    pub fn scanner_status(&self) -> Option<ScannerStatus> {
        self.devices.scanner.as_ref().map(|s| s.status())
    }

    /// The customer display: `None` without one, `Some(why)` when it does not show.
    pub fn display_state(&self) -> Option<Option<crate::devices::fault::DeviceFault>> {
        self.devices.display.as_ref().map(|d| d.error())
    }

    pub fn backup_status(&self) -> Option<BackupStatus> {
        self.devices.backups.as_ref().map(|b| b.status())
    }

    pub fn confinement(&self) -> Option<&Report> {
        self.devices.confinement.as_ref()
    }

    pub fn config_file(&self) -> Option<&Path> {
        self.devices.config_file.as_deref()
    }

    /// Device nodes that look like POS hardware (USB printers, USB serial ports).
    pub fn detected_devices(&self) -> Vec<String> {
        crate::devices::detect()
    }

    pub fn has_scale(&self) -> bool {
        self.devices.scale.is_some()
    }

    /// Whether the scale is reading a weight now.
    pub fn weighing(&self) -> bool {
        self.devices.scale.as_ref().is_some_and(ScaleWorker::busy)
    }

    /// What the devices did since the last call, oldest first (never waits): serial scans,
    /// weights (a weighed product is added to the sale here), the welcome line coming back on
    /// the customer display. Returns when to look again, at the latest.
    pub fn poll_events(&mut self) -> (Vec<Event>, Option<Instant>) {
        let mut events = Vec::new();
        if let Some(scanner) = &self.devices.scanner {
            while let Some(scan) = scanner.try_recv() {
                events.push(Event::SerialScan(scan.code));
            }
        }
        let readings: Vec<Reading> = self
            .devices
            .scale
            .as_mut()
            .map(|s| std::iter::from_fn(|| s.try_recv()).collect())
            .unwrap_or_default();
        for r in readings {
            events.push(self.weighed(r));
        }
        (events, self.display_tick())
    }

    /// A reading arrived: the weighed product goes into the sale, or the failure is told.
    fn weighed(&mut self, reading: Reading) -> Event {
        match (reading.purpose, reading.grams) {
            (WeighFor::Test, grams) => Event::TestWeight(grams),
            (WeighFor::Sale { name, .. }, Err(error)) => Event::ScaleFailed { name, error },
            (WeighFor::Sale { code, .. }, Ok(grams)) => {
                let command = Command::Weighed { code, grams };
                let result = self.apply(command.clone());
                Event::Applied { command, result }
            }
        }
    }

    /// A weighed product was scanned or picked: the scale is asked, on its thread. `None` when
    /// there is no scale or the product's code cannot be found.
    pub(crate) fn ask_scale_for(&mut self, command: &Command, name: &str) -> Option<Outcome> {
        let code = match command {
            Command::Scan { code } => self.catalog_code(code),
            Command::AddProduct { product_id } => self.product_code(*product_id).ok().flatten(),
            _ => None,
        }?;
        let scale = self.devices.scale.as_mut()?;
        let purpose = WeighFor::Sale {
            code,
            name: name.to_string(),
        };
        scale.request(purpose);
        Some(Outcome::Weighing {
            name: Some(name.to_string()),
        })
    }

    /// The technician's scale test: the weight comes as `Event::TestWeight`.
    pub(crate) fn test_scale(&mut self) -> Result<Outcome, AppError> {
        let scale = self
            .devices
            .scale
            .as_mut()
            .ok_or(AppError::NotConfigured(super::Device::Scale))?;
        scale.request(WeighFor::Test);
        Ok(Outcome::Weighing { name: None })
    }

    /// The technician's display test: accents, ñ, ¿¡, € on both lines.
    pub(crate) fn test_display(&mut self) -> Result<Outcome, AppError> {
        let line1 = self.lang().t(id!("devices-display-test")).into_owned();
        let display = self
            .devices
            .display
            .as_ref()
            .ok_or(AppError::NotConfigured(super::Device::Display))?;
        display.show(&line1, "áéíóú ñ ¿? ¡! 1,00 €");
        Ok(Outcome::Done)
    }

    /// After a command worked: the customer display shows it, the spooler wakes for what it
    /// queued, and a Z report (it closes the day) asks for a backup.
    pub(crate) fn after_command(&mut self, outcome: &Outcome) {
        self.show_customer(outcome);
        if let Some(s) = &self.devices.spooler {
            s.wake();
        }
        if matches!(outcome, Outcome::Closed(..))
            && let Some(b) = &self.devices.backups
        {
            b.request("z_report");
        }
    }

    fn lang(&self) -> Lang {
        self.settings.locale.lang
    }

    fn money_text(&self, minor: i64) -> String {
        format_money(minor, self.settings.currency, self.settings.locale)
    }

    /// The customer display's welcome line.
    pub fn welcome(&self) -> String {
        let lang = self.lang();
        let name = &self.settings.profile.trade_name;
        if name.is_empty() {
            lang.t(id!("display-welcome")).into_owned()
        } else {
            lang.msg(&msg!("display-welcome-to", name = name.clone()))
                .into_owned()
        }
    }

    /// What the customer sees after each outcome.
    fn show_customer(&mut self, outcome: &Outcome) {
        let Some(display) = &self.devices.display else {
            return;
        };
        let lang = self.lang();
        let total = self.money_text(self.totals().total);
        let total_line = spread(&lang.t(id!("display-total")), &total);
        match outcome {
            Outcome::Scanned(s) => {
                display.show(
                    &spread(&s.name, &self.money_text(s.line_total)),
                    &total_line,
                );
                self.devices.display_welcome_at = None;
            }
            Outcome::Remaining { in_cash, .. } => display.show(
                &total_line,
                &spread(
                    &lang.t(id!("display-to-pay")),
                    &self.money_text(in_cash.minor),
                ),
            ),
            Outcome::Paid(c) => {
                display.show(
                    &spread(
                        &lang.t(id!("display-paid-total")),
                        &self.money_text(c.total.minor),
                    ),
                    &spread(
                        &lang.t(id!("display-change")),
                        &self.money_text(c.change.minor),
                    ),
                );
                self.devices.display_welcome_at = Some(Instant::now() + CHANGE_SHOWN_FOR);
            }
            _ => {}
        }
    }

    /// The welcome line comes back a few seconds after a sale; when to look again if not yet.
    fn display_tick(&mut self) -> Option<Instant> {
        let at = self.devices.display_welcome_at?;
        if Instant::now() < at {
            return Some(at);
        }
        if let Some(display) = &self.devices.display {
            display.show(&self.welcome(), "");
        }
        self.devices.display_welcome_at = None;
        None
    }
}
