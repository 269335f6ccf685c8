//! The till screen (egui). Widgets only read state and emit `Command`s; `Till::apply` in `app/`
//! carries them out, and `TillUi::run` turns each outcome into what the screen shows next.
//! Functions that draw end in `_ui`; keyboard handling is in `keys.rs`.

mod devices;
pub mod entry;
pub mod keys;
mod login;
pub mod messages;
mod overlays;
mod peripherals;
mod returns;
mod sale;
pub mod scan_timing;
mod shift;
pub mod theme;

use crate::app::command::{Command, Outcome};
use crate::app::selling::Scanned;
use crate::app::{AppError, Clock, Till};
use crate::devices::display::DisplayPort;
use crate::devices::scale::{Scale, SerialScale};
use crate::devices::scanner::ScanSource;
use crate::store::catalog::Product;
use crate::till::format::{Locale, format_money};
use crate::till::report_text::shift_report_lines;
use crate::till::shift::ShiftState;
use eframe::egui;
use egui::RichText;
use entry::EntryBuffer;
use scan_timing::ScanTiming;
use theme::Theme;

pub use overlays::{ApprovalPurpose, DiscountTarget, Overlay};
pub use returns::ReturnFlow;
pub use shift::{ShiftFlow, ShiftMode};

/// Which screen is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Login,
    Sale,
    Payment,
    Return,
    Shift,
    Devices,
}

/// A line of feedback under the code entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// The till's UI state over the application service.
pub struct TillUi<C: Clock> {
    pub till: Till<C>,
    pub demo: bool,
    screen: Screen,
    overlay: Option<Overlay>,
    pin: String,
    entry: EntryBuffer,
    timing: ScanTiming,
    notice: Option<Notice>,
    last_scanned: Option<Scanned>,
    selected: Option<usize>,
    last_sale: Option<(String, i64)>,
    receipt: Option<Vec<String>>,
    favourites: Vec<Product>,
    category: Option<String>,
    theme: Theme,
    theme_applied: bool,
    ret: ReturnFlow,
    shift: ShiftFlow,
    spooler: Option<crate::app::workers::spooler::Spooler>,
    scanner: Option<Box<dyn ScanSource>>,
    scanner_waker_set: bool,
    display: Option<Box<dyn DisplayPort>>,
    scale: Option<Box<dyn Scale>>,
    display_welcome_at: Option<std::time::Instant>,
    devices: devices::DevicesFlow,
    config_file: Option<std::path::PathBuf>,
    confinement: Option<crate::sandbox::Report>,
    backups: Option<std::sync::Arc<crate::app::workers::backup::BackupService>>,
}

impl<C: Clock> TillUi<C> {
    pub fn new(till: Till<C>, demo: bool) -> TillUi<C> {
        let favourites = till.favourites().unwrap_or_default();
        let theme = Theme::named(till.settings().dark_theme);
        let scale = till
            .settings()
            .scale
            .clone()
            .map(|uri| Box::new(SerialScale(uri)) as Box<dyn Scale>);
        TillUi {
            till,
            demo,
            screen: Screen::Login,
            overlay: None,
            pin: String::new(),
            entry: EntryBuffer::default(),
            timing: ScanTiming::default(),
            notice: None,
            last_scanned: None,
            selected: None,
            last_sale: None,
            receipt: None,
            category: favourites.first().map(|p| p.category.clone()),
            favourites,
            theme,
            theme_applied: false,
            ret: ReturnFlow::default(),
            shift: ShiftFlow::default(),
            spooler: None,
            scanner: None,
            scanner_waker_set: false,
            display: None,
            scale,
            display_welcome_at: None,
            devices: devices::DevicesFlow::default(),
            config_file: None,
            confinement: None,
            backups: None,
        }
    }

    /// The configuration file the Devices screen edits.
    pub fn with_config_file(mut self, file: std::path::PathBuf) -> TillUi<C> {
        self.config_file = Some(file);
        self
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The receipt preview of the last document, when one is shown.
    pub fn receipt(&self) -> Option<&[String]> {
        self.receipt.as_deref()
    }

    /// The report lines on the shift screen, when one is shown.
    pub fn shift_report(&self) -> Option<&[String]> {
        self.shift.report.as_deref()
    }

    fn locale(&self) -> Locale {
        self.till.settings().locale
    }

    /// Spanish or English text, by the till's locale.
    fn tr(&self, es: &'static str, en: &'static str) -> &'static str {
        match self.locale() {
            Locale::Es => es,
            Locale::En => en,
        }
    }

    fn money(&self, minor: i64) -> String {
        let s = self.till.settings();
        format_money(minor, s.currency, s.locale)
    }

    fn error(&mut self, e: &AppError) {
        self.notice = Some(Notice::Error(messages::error_text(e, self.locale())));
    }

    fn info(&mut self, text: String) {
        self.notice = Some(Notice::Info(text));
    }

    fn shift_is_open(&self) -> bool {
        matches!(self.till.shift(), Ok(Some((r, _))) if r.state == ShiftState::Open)
    }

    /// Applies a command and turns its result into screen changes and a notice. A command that
    /// needs a manager opens the manager-PIN dialog and runs again with the PIN. Returns whether
    /// the command succeeded.
    pub fn run(&mut self, command: Command) -> bool {
        let retry = command.clone();
        match self.till.apply(command) {
            Ok(outcome) => {
                if matches!(outcome, Outcome::Closed(..))
                    && let Some(b) = &self.backups
                {
                    // A Z report closes the day: back it up now.
                    b.request("z_report");
                }
                self.display_outcome(&outcome);
                self.outcome(outcome);
                // Receipts and drawer pulses were queued by the command; print them now.
                self.wake_spooler();
                true
            }
            Err(AppError::NeedsWeight(name)) if self.scale.is_some() => self.weigh(&retry, &name),
            Err(AppError::NeedsApproval(what))
                if retry.clone().with_manager_pin(String::new()).is_some() =>
            {
                self.overlay = Some(Overlay::Approval {
                    purpose: ApprovalPurpose::Approve(Box::new(retry)),
                    what,
                    pin: String::new(),
                });
                false
            }
            Err(e) => {
                if self.till.session().is_none() {
                    self.screen = Screen::Login;
                }
                self.error(&e);
                false
            }
        }
    }

    fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::LoggedIn(user) => {
                self.info(format!("{} {}", self.tr("Hola,", "Hello,"), user.name));
                let sells = crate::till::permission::role_allows(
                    user.role,
                    crate::till::permission::Permission::Sell,
                );
                if !sells {
                    self.open_devices();
                } else if self.till.payment().is_some() {
                    self.screen = Screen::Payment;
                } else if self.shift_is_open() {
                    self.screen = Screen::Sale;
                } else {
                    self.screen = Screen::Shift;
                    self.shift = ShiftFlow::default();
                    self.shift.mode = match self.till.shift() {
                        Ok(Some(_)) => ShiftMode::Count,
                        _ => ShiftMode::Float,
                    };
                }
            }
            Outcome::Scanned(s) => {
                self.selected = Some(s.line);
                self.last_scanned = Some(s);
                self.receipt = None;
                self.last_sale = None;
                self.notice = None;
            }
            Outcome::Remaining { .. } => self.screen = Screen::Payment,
            Outcome::Paid(c) => {
                self.screen = Screen::Sale;
                self.receipt = self.till.receipt_text(c.id).ok().flatten();
                self.info(format!(
                    "{} {} · {}",
                    self.tr("Venta", "Sale"),
                    c.number,
                    self.money(c.total)
                ));
                self.last_sale = Some((c.number, c.change));
                self.last_scanned = None;
                self.selected = None;
            }
            Outcome::Refunded(c) => {
                self.screen = Screen::Sale;
                self.ret = ReturnFlow::default();
                self.receipt = self.till.receipt_text(c.id).ok().flatten();
                self.info(format!(
                    "{} {} · {}",
                    self.tr("Devolución", "Refund"),
                    c.number,
                    self.money(c.total)
                ));
                self.last_sale = None;
            }
            Outcome::Unlocked(user) => {
                self.info(format!(
                    "{} {}",
                    self.tr("Desbloqueada por", "Unlocked by"),
                    user.name
                ));
            }
            Outcome::Report(r) => {
                let s = self.till.settings();
                self.shift.report = Some(shift_report_lines(&r, s.currency, s.locale, 42));
            }
            Outcome::Closed(o, r) => {
                let s = self.till.settings();
                self.shift.report = Some(shift_report_lines(&r, s.currency, s.locale, 42));
                self.shift.mode = ShiftMode::Closed;
                self.shift.outcome = Some(o);
            }
            Outcome::Done => {
                if self.till.session().is_none() {
                    self.screen = Screen::Login;
                }
            }
        }
    }

    fn submit_pin(&mut self) {
        let pin = std::mem::take(&mut self.pin);
        self.run(Command::Login { pin });
    }

    /// Draws the whole till.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if !self.theme_applied {
            self.theme.apply(ui.ctx());
            self.theme_applied = true;
        }
        if self.screen != Screen::Login && self.till.lock_if_idle().unwrap_or(false) {
            self.screen = Screen::Login;
            self.overlay = None;
            self.info(
                self.tr(
                    "Caja bloqueada por inactividad; la venta sigue abierta",
                    "Locked after being idle; the sale is kept",
                )
                .into(),
            );
        }
        self.keyboard(ui);
        self.serial_scans(ui.ctx());
        self.display_tick(ui.ctx());
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.screen == Screen::Shift {
            self.shift_panels_ui(ui);
        }
        egui::CentralPanel::default_margins().show(ui, |ui| match self.screen {
            Screen::Login => self.login_ui(ui),
            Screen::Sale | Screen::Payment => self.sale_ui(ui),
            Screen::Return => self.return_ui(ui),
            Screen::Shift => self.shift_ui(ui),
            Screen::Devices => self.devices_ui(ui),
        });
        self.overlay_ui(ui.ctx());
        // The clock in the status bar and the idle lock need a frame now and then.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(1));
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        ui.style_mut().override_text_style = Some(egui::TextStyle::Small);
        ui.horizontal(|ui| {
            let user = self.till.session().map_or("—", |s| s.user.name.as_str());
            ui.label(format!("{}: {user}", self.tr("Usuario", "User")));
            ui.separator();
            ui.label(format!(
                "{}: {}",
                self.tr("Caja", "Till"),
                self.till.settings().terminal
            ));
            ui.separator();
            let shift = match self.till.shift() {
                Ok(Some((r, _))) if r.state == ShiftState::Open => {
                    format!("{} {}", self.tr("abierto nº", "open no."), r.id)
                }
                Ok(Some(_)) => self.tr("cerrando", "closing").to_string(),
                _ => self.tr("sin turno", "no shift").to_string(),
            };
            ui.label(format!("{}: {shift}", self.tr("Turno", "Shift")));
            ui.separator();
            self.printer_status_ui(ui);
            self.drawer_status_ui(ui);
            self.scanner_status_ui(ui);
            self.confinement_status_ui(ui);
            self.backup_status_ui(ui);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    RichText::new(self.till.clock().now().format("%d/%m/%Y %H:%M").to_string())
                        .strong(),
                );
            });
        });
    }

    fn notice_ui(&self, ui: &mut egui::Ui) {
        match &self.notice {
            Some(Notice::Error(e)) => {
                ui.label(RichText::new(e).size(22.0).strong().color(self.theme.error));
            }
            Some(Notice::Info(i)) => {
                ui.label(RichText::new(i).size(22.0).color(self.theme.ok));
            }
            None => {}
        }
    }
}

/// Text lines as printed paper: black monospace on white, whatever the theme.
fn paper_ui(ui: &mut egui::Ui, lines: &[String], size: f32) {
    egui::Frame::new()
        .fill(egui::Color32::WHITE)
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.label(
                RichText::new(lines.join("\n"))
                    .monospace()
                    .size(size)
                    .color(egui::Color32::BLACK),
            );
        });
}

/// `12,50`, `12.50` or `12` (euros) → minor units.
pub fn parse_amount(text: &str) -> Option<i64> {
    parse_fixed(text, 2).filter(|v| *v > 0)
}

/// A decimal number with at most `digits` decimals, `,` or `.` as separator → fixed point.
pub fn parse_fixed(text: &str, digits: usize) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    if int.is_empty() && frac.is_empty() || frac.len() > digits {
        return None;
    }
    if !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<digits$}").parse().ok()?
    };
    int.checked_mul(10i64.checked_pow(digits as u32)?)?
        .checked_add(frac)
}

impl<C: Clock> eframe::App for TillUi<C> {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TillUi::ui(self, ui);
    }
}

/// Opens the till window and runs until it is closed. `startup` runs at the first frame, once
/// the display connection exists: the sandbox's scope step, then the device threads (so they
/// start inside every restriction). `first_frame` is called once the login screen has been
/// drawn (used to measure start-up).
pub fn run_window<C: Clock + 'static>(
    till: Till<C>,
    demo: bool,
    config_file: std::path::PathBuf,
    startup: Option<Startup<C>>,
    first_frame: Option<FirstFrame>,
) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Caja")
            .with_app_id("caja")
            .with_inner_size([1024.0, 768.0])
            .with_min_inner_size([1024.0, 768.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let app = Window {
        ui: Some(TillUi::new(till, demo).with_config_file(config_file)),
        startup,
        first_frame,
        frames: 0,
    };
    eframe::run_native("Caja", options, Box::new(move |_cc| Ok(Box::new(app))))
        .map_err(|e| anyhow::anyhow!("cannot open the till window: {e}"))
}

/// What the window does to the till screen at its first frame.
pub type Startup<C> = Box<dyn FnOnce(TillUi<C>) -> TillUi<C>>;

/// Called once the first frame (the login screen) has been drawn and presented: at the start of
/// the second frame, which the first one asks for at once.
pub type FirstFrame = Box<dyn FnOnce(&egui::Context)>;

struct Window<C: Clock> {
    ui: Option<TillUi<C>>,
    startup: Option<Startup<C>>,
    first_frame: Option<FirstFrame>,
    frames: u64,
}

impl<C: Clock> eframe::App for Window<C> {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frames += 1;
        if let Some(start) = self.startup.take() {
            self.ui = self.ui.take().map(start);
        }
        if self.frames == 2
            && let Some(done) = self.first_frame.take()
        {
            done(ui.ctx());
        }
        if let Some(till) = self.ui.as_mut() {
            till.ui(ui);
        }
        if self.frames == 1 && self.first_frame.is_some() {
            ui.ctx().request_repaint();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_with_either_separator() {
        assert_eq!(parse_amount("12,5"), Some(1250));
        assert_eq!(parse_amount("12.50"), Some(1250));
        assert_eq!(parse_amount("20"), Some(2000));
        assert_eq!(parse_amount("0"), None);
        assert_eq!(parse_amount("1,234"), None);
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(parse_fixed("1,25", 3), Some(1250));
    }
}
