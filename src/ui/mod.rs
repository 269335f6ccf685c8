//! The till screen (egui). A shell (`shell.rs`) routes between screens that each own their
//! state, drawing and keys (`login`, `sale` with payment, `returns`, `shift`, `devices`,
//! `backoffice`); it
//! holds what is around them (status bar, dialogs, notice, devices) and the one path to
//! `app::Till::apply` (`Shell::run`). Widgets only read state and emit `Command`s.
//!
//! Adding a screen: a file with a struct implementing `TillScreen`, a `Screen` variant, and its
//! line in `TillUi::screen_mut` and `TillUi::screens`. Functions that draw end in `_ui`; all
//! text comes from the message files (`i18n`).

mod backoffice;
mod device_messages;
mod devices;
mod dialogs;
pub mod entry;
mod fiscal_messages;
pub mod keys;
mod login;
pub mod messages;
mod peripherals;
mod returns;
mod sale;
pub mod scan_timing;
mod shell;
mod shift;
mod shift_count;
mod status;
mod stock_messages;
pub mod theme;
mod window;

use crate::app::command::{Command, Outcome};
use crate::app::{Clock, Event, Till};
use crate::id;
use eframe::egui;
use egui::RichText;
use keys::Input;
use shell::{Shell, ShellState};
use theme::Theme;

pub use backoffice::reports::{report_tables_ui, sales_report_ui};
pub use dialogs::{ApprovalPurpose, DiscountTarget, Overlay};
pub use keys::{Binding, Trigger};
pub use sale::{PAYMENT_KEYS, PayAction, SALE_KEYS, SaleAction};
pub use window::{FirstFrame, Startup, run_window};

/// Which screen is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Login,
    Sale,
    Payment,
    Return,
    Shift,
    Devices,
    BackOffice,
}

/// A line of feedback under the code entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// A screen of the till: its own state, its drawing and its keys. The shell calls these with
/// the till and itself (`Shell`) at hand.
trait TillScreen<C: Clock> {
    /// The shell has just brought this screen up.
    fn enter(&mut self, _sh: &mut Shell<'_, C>) {}

    /// One keyboard input while this screen is up and no dialog is open.
    fn input(&mut self, sh: &mut Shell<'_, C>, input: Input, time: f64);

    /// A code from the serial scanner while this screen is up; false if it has no use for it.
    fn serial_scan(&mut self, _sh: &mut Shell<'_, C>, _code: String) -> bool {
        false
    }

    /// Panels beside the central area, laid out before it.
    fn panels_ui(&mut self, _sh: &mut Shell<'_, C>, _ui: &mut egui::Ui) {}

    /// The central area.
    fn screen_ui(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui);

    /// A command succeeded (every screen hears of every one, after the handler that ran it).
    fn applied(&mut self, _sh: &mut Shell<'_, C>, _command: &Command, _outcome: &Outcome) {}
}

/// The till's UI state over the application service.
pub struct TillUi<C: Clock> {
    pub till: Till<C>,
    pub demo: bool,
    shell: ShellState,
    login: login::LoginScreen,
    sale: sale::SaleScreen,
    ret: returns::ReturnScreen,
    shift: shift::ShiftScreen,
    devices: devices::DevicesScreen,
    office: backoffice::BackOfficeScreen,
}

impl<C: Clock> TillUi<C> {
    pub fn new(till: Till<C>, demo: bool) -> TillUi<C> {
        let favourites = till.favourites().unwrap_or_default();
        let theme = Theme::named(till.settings().dark_theme);
        TillUi {
            till,
            demo,
            shell: ShellState::new(theme),
            login: login::LoginScreen::default(),
            sale: sale::SaleScreen::new(favourites),
            ret: returns::ReturnScreen::default(),
            shift: shift::ShiftScreen::default(),
            devices: devices::DevicesScreen::default(),
            office: backoffice::BackOfficeScreen::default(),
        }
    }

    /// `caja backoffice`: after the login, the back office (never the sale); leaving it logs out.
    pub fn office_only(mut self) -> TillUi<C> {
        self.shell.office_only = true;
        self
    }

    pub fn screen(&self) -> Screen {
        self.shell.screen
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.shell.notice.as_ref()
    }

    /// The receipt preview of the last document, when one is shown.
    pub fn receipt(&self) -> Option<&[String]> {
        self.sale.receipt()
    }

    /// The report lines on the shift screen, when one is shown.
    pub fn shift_report(&self) -> Option<&[String]> {
        self.shift.report()
    }

    fn shell(&mut self) -> Shell<'_, C> {
        Shell {
            till: &mut self.till,
            st: &mut self.shell,
            demo: self.demo,
        }
    }

    /// The screen that is up, with the shell beside it.
    fn screen_mut(&mut self) -> (Shell<'_, C>, &mut dyn TillScreen<C>) {
        let screen: &mut dyn TillScreen<C> = match self.shell.screen {
            Screen::Login => &mut self.login,
            Screen::Sale | Screen::Payment => &mut self.sale,
            Screen::Return => &mut self.ret,
            Screen::Shift => &mut self.shift,
            Screen::Devices => &mut self.devices,
            Screen::BackOffice => &mut self.office,
        };
        let sh = Shell {
            till: &mut self.till,
            st: &mut self.shell,
            demo: self.demo,
        };
        (sh, screen)
    }

    /// Every screen, to tell them what the till did.
    fn screens(&mut self) -> (Shell<'_, C>, [&mut dyn TillScreen<C>; 6]) {
        let sh = Shell {
            till: &mut self.till,
            st: &mut self.shell,
            demo: self.demo,
        };
        let all: [&mut dyn TillScreen<C>; 6] = [
            &mut self.login,
            &mut self.sale,
            &mut self.ret,
            &mut self.shift,
            &mut self.devices,
            &mut self.office,
        ];
        (sh, all)
    }

    /// Tells the screens what the till did and the screen brought up that it is up, until
    /// nothing more happens (a screen's answer may run another command).
    fn settle(&mut self) {
        for _ in 0..8 {
            let applied = std::mem::take(&mut self.shell.applied);
            let entered = std::mem::take(&mut self.shell.entered);
            if applied.is_empty() && !entered {
                return;
            }
            for (command, outcome) in &applied {
                let (mut sh, screens) = self.screens();
                for screen in screens {
                    screen.applied(&mut sh, command, outcome);
                }
            }
            if entered {
                let (mut sh, screen) = self.screen_mut();
                screen.enter(&mut sh);
            }
        }
    }

    /// Applies a command as a button or key would. Returns whether it succeeded.
    pub fn run(&mut self, command: Command) -> bool {
        let ok = self.shell().run(command);
        self.settle();
        ok
    }

    /// Applies one input to the open dialog, or else to the screen.
    pub fn input(&mut self, input: Input, time: f64) {
        let mut sh = self.shell();
        if let Some(overlay) = sh.st.overlay.take() {
            let next = dialogs::input(&mut sh, overlay, input, time);
            if sh.st.overlay.is_none() {
                sh.st.overlay = next;
            }
        } else {
            let (mut sh, screen) = self.screen_mut();
            screen.input(&mut sh, input, time);
        }
        self.settle();
    }

    /// What the devices did since the last frame, from the app (never waits): codes from the
    /// serial scanner go where a keyboard scan would (the sale — also under the search box —,
    /// the return screen's receipt number, the Devices screen's test scan); a weighed product's
    /// result is shown like any command's; the scale's test weight goes to the Devices screen.
    fn device_events(&mut self, ctx: &egui::Context) {
        if !self.shell.waker_set {
            let ctx = ctx.clone();
            self.till.set_waker(move || ctx.request_repaint());
            self.shell.waker_set = true;
        }
        let (events, next) = self.till.poll_events();
        if let Some(at) = next {
            ctx.request_repaint_after(at.saturating_duration_since(std::time::Instant::now()));
        }
        for event in events {
            match event {
                Event::SerialScan(code) => {
                    let (mut sh, screen) = self.screen_mut();
                    if !screen.serial_scan(&mut sh, code.clone()) {
                        sh.fail(crate::msg!("scan-not-used", code = code));
                    }
                }
                Event::Applied { command, result } => {
                    self.shell().handle(command, result);
                }
                Event::ScaleFailed { name, error } => {
                    let mut sh = self.shell();
                    let why = sh.msg(messages::scale_message(&error));
                    sh.fail(crate::msg!("scale-failed", name = name, why = why));
                }
                Event::TestWeight(grams) => {
                    let sh = self.shell();
                    let text = match grams {
                        Ok(g) => format!(
                            "{} kg",
                            crate::till::format::format_fixed(g, 3, sh.locale())
                        ),
                        Err(e) => sh.msg(messages::scale_message(&e)),
                    };
                    sh.st.test_weight = Some(text);
                }
            }
            self.settle();
        }
    }

    /// Locks the till after the idle time; the open sale is kept.
    fn idle_lock(&mut self) {
        let mut sh = self.shell();
        if sh.screen() != Screen::Login && sh.till.lock_if_idle().unwrap_or(false) {
            sh.go(Screen::Login);
            sh.st.overlay = None;
            sh.info(sh.t(id!("login-idle-locked")));
        }
        self.settle();
    }

    /// Draws the whole till.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if !self.shell.theme_applied {
            self.shell.theme.apply(ui.ctx());
            self.shell.theme_applied = true;
        }
        self.idle_lock();
        let forms = self.shell.screen == Screen::BackOffice && self.shell.overlay.is_none();
        let (events, time) = keys::take_events(ui.ctx(), forms);
        for input in events {
            self.input(input, time);
        }
        self.device_events(ui.ctx());
        egui::Panel::bottom("status").show(ui, |ui| self.shell().status_ui(ui));
        let (mut sh, screen) = self.screen_mut();
        screen.panels_ui(&mut sh, ui);
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let (mut sh, screen) = self.screen_mut();
            screen.screen_ui(&mut sh, ui);
        });
        self.settle();
        dialogs::overlay_ui(&mut self.shell(), ui.ctx());
        self.settle();
        // The clock in the status bar and the idle lock need a frame now and then.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(1));
    }
}

impl<C: Clock> Shell<'_, C> {
    /// The notice line: an error in red, news in green.
    fn notice_ui(&self, ui: &mut egui::Ui) {
        match &self.st.notice {
            Some(Notice::Error(e)) => {
                ui.label(
                    RichText::new(e)
                        .size(22.0)
                        .strong()
                        .color(self.theme().error),
                );
            }
            Some(Notice::Info(i)) => {
                ui.label(RichText::new(i).size(22.0).color(self.theme().ok));
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
            let text_ui = |ui: &mut egui::Ui, text: &[&str]| {
                if !text.is_empty() {
                    ui.label(
                        RichText::new(text.join("\n"))
                            .monospace()
                            .size(size)
                            .color(egui::Color32::BLACK),
                    );
                }
            };
            let columns = lines
                .iter()
                .filter(|l| !l.starts_with(crate::till::receipt::QR_MARK))
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0);
            let mut text: Vec<&str> = Vec::new();
            for line in lines {
                match line.strip_prefix(crate::till::receipt::QR_MARK) {
                    Some(content) => {
                        text_ui(ui, &text);
                        text.clear();
                        qr_ui(ui, content, size, columns);
                    }
                    None => text.push(line),
                }
            }
            text_ui(ui, &text);
        });
}

/// The receipt's fiscal QR on the paper, centred over `columns` characters of text.
fn qr_ui(ui: &mut egui::Ui, content: &str, size: f32, columns: usize) {
    let Ok(qr) = crate::devices::qr::QrMatrix::new(content) else {
        ui.label(RichText::new(content).monospace().size(size * 0.6));
        return;
    };
    let font = egui::FontId::monospace(size);
    let char_w = ui.fonts_mut(|f| f.glyph_width(&font, 'M'));
    let module = (size * 0.3).round().max(2.0);
    let quiet = 2.0 * module;
    let side = qr.width as f32 * module + 2.0 * quiet;
    let offset = ((columns as f32 * char_w - side) / 2.0).max(0.0);
    ui.horizontal(|ui| {
        ui.add_space(offset);
        let (rect, _) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, egui::Color32::WHITE);
        for y in 0..qr.width {
            for x in 0..qr.width {
                if qr.is_dark(x, y) {
                    let min =
                        rect.min + egui::vec2(quiet + x as f32 * module, quiet + y as f32 * module);
                    painter.rect_filled(
                        egui::Rect::from_min_size(min, egui::vec2(module, module)),
                        0.0,
                        egui::Color32::BLACK,
                    );
                }
            }
        }
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_numbers_parse_with_either_separator() {
        assert_eq!(parse_fixed("1,25", 3), Some(1250));
        assert_eq!(parse_fixed("12.5", 2), Some(1250));
        assert_eq!(parse_fixed("abc", 2), None);
    }
}
