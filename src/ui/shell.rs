//! The shell: what the till shows around its screens and the one path from a screen to
//! `app::Till::apply`. It knows which screen is up, the open dialog, the notice line, the
//! devices and the language; `Shell::run` applies a command, opens the manager-PIN dialog or the
//! scale when the till asks for them, moves between screens, and queues what the till did so
//! that every screen hears of it (`TillScreen::applied`) once the current handler returns.

use super::dialogs::{ApprovalPurpose, Overlay};
use super::messages;
use super::scan_timing::ScanTiming;
use super::theme::Theme;
use super::{Notice, Screen};
use crate::app::command::{Command, Outcome};
use crate::app::{AppError, Clock, Till};
use crate::i18n::{Id, Lang, Message};
use crate::till::format::{Locale, format_money};
use crate::till::permission::{Permission, role_allows};
use crate::till::shift::ShiftState;
use crate::{id, msg};
use std::borrow::Cow;

/// The shell's own state (the screens keep theirs).
pub(super) struct ShellState {
    pub screen: Screen,
    /// The screen was (re)entered and has not been told yet.
    pub entered: bool,
    pub overlay: Option<Overlay>,
    pub notice: Option<Notice>,
    /// Arrival times of the characters typed since the last Enter (scan or typing).
    pub timing: ScanTiming,
    pub theme: Theme,
    pub theme_applied: bool,
    /// The app calls back (repaints) when a device has something for the screen.
    pub waker_set: bool,
    /// The scale's last test weight, as the Devices screen shows it.
    pub test_weight: Option<String>,
    /// Commands that succeeded, with their outcome, not yet told to the screens.
    pub applied: Vec<(Command, Outcome)>,
    /// `caja backoffice`: the back office after the login, never the sale.
    pub office_only: bool,
}

impl ShellState {
    pub fn new(theme: Theme) -> ShellState {
        ShellState {
            screen: Screen::Login,
            entered: false,
            overlay: None,
            notice: None,
            timing: ScanTiming::default(),
            theme,
            theme_applied: false,
            waker_set: false,
            test_weight: None,
            applied: Vec::new(),
            office_only: false,
        }
    }
}

/// What a screen or dialog may touch: the till and the shell.
pub(super) struct Shell<'a, C: Clock> {
    pub till: &'a mut Till<C>,
    pub st: &'a mut ShellState,
    pub demo: bool,
}

impl<C: Clock> Shell<'_, C> {
    pub fn locale(&self) -> Locale {
        self.till.settings().locale
    }

    pub fn lang(&self) -> Lang {
        self.locale().lang
    }

    /// A message without arguments, in the till's language.
    pub fn t(&self, id: Id) -> Cow<'static, str> {
        self.lang().t(id)
    }

    /// A message with its arguments, in the till's language.
    pub fn msg(&self, message: Message) -> String {
        self.lang().msg(&message).into_owned()
    }

    /// An amount typed by a person, in the till's currency and its own digits.
    pub fn parse_money(
        &self,
        text: &str,
    ) -> Result<crate::till::money::Money, crate::till::money::MoneyParseError> {
        crate::till::money::Money::parse(text, self.till.settings().currency)
    }

    /// Minor units of the till's currency as money.
    pub fn till_money(&self, minor: i64) -> crate::till::money::Money {
        crate::till::money::Money::new(minor, self.till.settings().currency)
    }

    pub fn money(&self, minor: i64) -> String {
        let s = self.till.settings();
        format_money(minor, s.currency, s.locale)
    }

    pub fn theme(&self) -> &Theme {
        &self.st.theme
    }

    pub fn screen(&self) -> Screen {
        self.st.screen
    }

    /// Brings `screen` up; it is told (`TillScreen::enter`) once the current handler returns.
    pub fn go(&mut self, screen: Screen) {
        self.st.screen = screen;
        self.st.entered = true;
    }

    pub fn open(&mut self, overlay: Overlay) {
        self.st.overlay = Some(overlay);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.st.notice = Some(Notice::Info(text.into()));
    }

    /// An error line from a message.
    pub fn fail(&mut self, message: Message) {
        self.st.notice = Some(Notice::Error(self.msg(message)));
    }

    pub fn error(&mut self, e: &AppError) {
        self.fail(messages::error_message(e));
    }

    pub fn clear_notice(&mut self) {
        self.st.notice = None;
    }

    pub fn shift_is_open(&self) -> bool {
        matches!(self.till.shift_view(), Some((_, ShiftState::Open)))
    }

    /// Whether the person logged in sells (a technician does not).
    pub fn sells(&self) -> bool {
        self.till
            .session()
            .is_some_and(|s| role_allows(s.user.role, Permission::Sell))
    }

    /// Applies a command and turns its result into screen changes and a notice. A command that
    /// needs a manager opens the manager-PIN dialog and runs again with the PIN. Returns whether
    /// the command succeeded. What follows on the devices (customer display, printing, a
    /// backup after a Z report, the scale) is the app's.
    pub fn run(&mut self, command: Command) -> bool {
        let result = self.till.apply(command.clone());
        self.handle(command, result)
    }

    /// Shows what a command did (run now, or finished later by a device, e.g. the scale).
    pub fn handle(&mut self, command: Command, result: Result<Outcome, AppError>) -> bool {
        match result {
            Ok(outcome) => {
                self.route(&command, &outcome);
                self.st.applied.push((command, outcome));
                true
            }
            Err(AppError::NeedsApproval(what))
                if command.clone().with_manager_pin(String::new()).is_some() =>
            {
                self.open(Overlay::Approval {
                    purpose: ApprovalPurpose::Approve(Box::new(command)),
                    what: what.as_str(),
                    pin: String::new(),
                });
                false
            }
            Err(e) => {
                if self.till.session().is_none() {
                    self.st.screen = Screen::Login;
                }
                self.error(&e);
                false
            }
        }
    }

    /// Which screen comes next, and the notice, after a command succeeded.
    fn route(&mut self, command: &Command, outcome: &Outcome) {
        match outcome {
            Outcome::LoggedIn(user) => {
                self.info(self.msg(msg!("login-hello", name = user.name.clone())));
                self.after_login();
            }
            Outcome::Scanned(_) => self.clear_notice(),
            Outcome::Remaining { .. } => self.go(Screen::Payment),
            Outcome::Paid(c) => {
                self.go(Screen::Sale);
                let total = self.money(c.total.minor);
                self.info(self.msg(msg!("sale-paid", number = c.number.clone(), total = total)));
            }
            Outcome::Refunded(c) => {
                self.go(Screen::Sale);
                let total = self.money(c.total.minor);
                self.info(self.msg(msg!(
                    "return-refunded",
                    number = c.number.clone(),
                    total = total
                )));
            }
            Outcome::Unlocked(user) => {
                self.info(self.msg(msg!("login-unlocked-by", name = user.name.clone())));
            }
            Outcome::Replaced(number) => {
                self.go(Screen::Sale);
                self.info(self.msg(msg!("return-invoice-issued", number = number.clone())));
            }
            Outcome::Counted { name, counted } => {
                self.info(self.msg(msg!(
                    "stock-counted",
                    name = name.clone(),
                    counted = counted.clone()
                )));
            }
            Outcome::Report(_) | Outcome::Closed(..) => {}
            Outcome::Printed(None) => self.fail(msg!("devices-no-printer")),
            Outcome::Printed(Some(_)) => {
                let done = match command {
                    Command::Reprint => id!("receipt-sent"),
                    _ => id!("devices-test-sent"),
                };
                self.info(self.t(done));
            }
            Outcome::Drawer(pulse) => self.drawer_pulsed(*pulse),
            Outcome::Weighing { name: Some(name) } => {
                self.info(self.msg(msg!("scale-weighing", name = name.clone())));
            }
            Outcome::Weighing { name: None } => self.info(self.t(id!("scale-weighing-test"))),
            Outcome::SettingChanged { key, .. } => {
                self.info(self.msg(msg!("devices-saved", key = key.clone())));
            }
            Outcome::Done if matches!(command, Command::OpenDevices) => {
                self.clear_notice();
                self.go(Screen::Devices);
            }
            Outcome::Done if matches!(command, Command::OpenBackOffice) => {
                self.clear_notice();
                self.go(Screen::BackOffice);
            }
            Outcome::Done if matches!(command, Command::ChangeOwnPin { .. }) => {
                self.info(self.t(id!("login-pin-changed")));
                self.after_login();
            }
            Outcome::Saved(_) => {}
            Outcome::Done => {
                if self.till.session().is_none() {
                    self.go(Screen::Login);
                }
            }
        }
    }

    /// What the drawer test did.
    fn drawer_pulsed(&mut self, pulse: crate::app::DrawerPulse) {
        use crate::app::DrawerPulse;
        use crate::devices::drawer::DrawerWiring;
        let s = self.till.settings();
        let no_printer = s.drawer == DrawerWiring::Printer && s.printer.is_none();
        match pulse {
            DrawerPulse::Queued(_) => self.info(self.t(id!("devices-drawer-pulsed"))),
            DrawerPulse::Sent => self.info(self.t(id!("devices-drawer-pulsed-port"))),
            DrawerPulse::NoDrawer if no_printer => self.fail(msg!("devices-no-printer")),
            DrawerPulse::NoDrawer => self.fail(msg!("devices-no-drawer")),
        }
    }

    /// Someone whose PIN was set by another chooses a new one first; then `caja backoffice`
    /// lands in the back office, a technician on Devices, a seller on the payment in progress,
    /// the sale, or the shift screen when no shift is open.
    fn after_login(&mut self) {
        if self.till.must_change_pin() {
            // The login screen asks for the new PIN, twice, before anything else.
            self.go(Screen::Login);
            self.info(self.t(id!("login-choose-new-pin")));
        } else if self.st.office_only {
            // `caja backoffice` is no till: someone who may not enter is logged out again.
            if !self.run(Command::OpenBackOffice) {
                self.run(Command::Logout);
            }
        } else if !self.sells() {
            self.open_devices();
        } else if self.till.payment().is_some() {
            self.go(Screen::Payment);
        } else if self.shift_is_open() {
            self.go(Screen::Sale);
        } else {
            self.go(Screen::Shift);
        }
    }

    /// Home (Inicio): the back office, for those allowed (the till checks).
    pub fn open_back_office(&mut self) {
        self.run(Command::OpenBackOffice);
    }

    /// F7: the Devices screen, for those allowed (the till checks).
    pub fn open_devices(&mut self) {
        self.run(Command::OpenDevices);
    }
}
