//! The shift screen (F10): open with a float, cash in / out with a reason, X report, and the
//! blind close — count the drawer by denomination (the currency's notes and coins), then see over/short
//! and the Z report beside it. The counting table is drawn by `shift_count.rs`.

use super::keys::Input;
use super::shell::Shell;
use super::{Screen, TillScreen, paper_ui};
use crate::app::Clock;
use crate::app::command::{Command, Outcome};
use crate::i18n::Id;
use crate::till::report_text::shift_report_lines;
use crate::till::shift::{CashMove, CloseOutcome, ShiftState};
use crate::{id, msg};
use eframe::egui;
use egui::{Key, RichText};

/// What the shift screen is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum ShiftMode {
    #[default]
    Menu,
    Float,
    CashIn,
    CashOut,
    Count,
    Closed,
}

/// The menu: key, words.
const MENU: [(char, Id); 4] = [
    ('1', id!("shift-menu-cash-in")),
    ('2', id!("shift-menu-cash-out")),
    ('3', id!("shift-menu-x")),
    ('4', id!("shift-menu-close")),
];

/// The shift screen's state.
#[derive(Clone, Debug, Default)]
pub(super) struct ShiftScreen {
    pub mode: ShiftMode,
    pub amount: String,
    pub reason: String,
    pub typing_reason: bool,
    /// Counted pieces per denomination, then one free amount (cheques, other coins) in cents.
    pub counts: Vec<i64>,
    pub selected: usize,
    pub typed: String,
    pub report: Option<Vec<String>>,
    pub outcome: Option<CloseOutcome>,
    /// The live shift's number, when it opened, and its cash so far (read on entering and
    /// after each change, not every frame).
    pub summary: Option<(i64, String, crate::till::shift::Shift)>,
}

impl ShiftScreen {
    pub fn report(&self) -> Option<&[String]> {
        self.report.as_deref()
    }

    pub(super) fn denominations<C: Clock>(sh: &Shell<'_, C>) -> &'static [i64] {
        sh.till.settings().currency.denominations()
    }

    pub(super) fn counted_total<C: Clock>(&self, sh: &Shell<'_, C>) -> i64 {
        let d = Self::denominations(sh);
        self.counts
            .iter()
            .enumerate()
            .map(|(i, n)| d.get(i).map_or(*n, |v| v * n))
            .sum()
    }

    fn read_summary<C: Clock>(&mut self, sh: &Shell<'_, C>) {
        self.summary = match sh.till.shift() {
            Ok(Some((r, s))) => {
                let time = r.opened_at.get(11..16).unwrap_or("").to_string();
                Some((r.id, time, s))
            }
            _ => None,
        };
    }

    /// The screen's title and, for a live shift, a line with its cash so far.
    fn title_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        let title = match &self.summary {
            Some((id, time, _)) => sh.msg(msg!(
                "shift-title-open",
                id = id.to_string(),
                time = time.clone()
            )),
            None => sh.t(id!("shift-title")).into_owned(),
        };
        ui.label(RichText::new(title).size(30.0).strong());
        if let Some((_, _, s)) = &self.summary {
            let line = sh.msg(msg!(
                "shift-summary",
                float = sh.money(s.float),
                cash_in = sh.money(s.cash_in),
                cash_out = sh.money(s.cash_out),
                sales = sh.money(s.cash_sales)
            ));
            ui.label(RichText::new(line).size(18.0).color(sh.theme().muted));
        }
    }

    fn start_count_if_needed<C: Clock>(&mut self, sh: &Shell<'_, C>) {
        if self.mode == ShiftMode::Count {
            self.counts = vec![0; Self::denominations(sh).len() + 1];
            self.selected = 0;
        }
    }

    fn menu_input<C: Clock>(&mut self, sh: &mut Shell<'_, C>, input: Input) {
        match input {
            Input::Char('1') => self.mode = ShiftMode::CashIn,
            Input::Char('2') => self.mode = ShiftMode::CashOut,
            Input::Char('3') => {
                sh.run(Command::XReport);
            }
            Input::Char('4') => self.begin_close(sh),
            Input::Key(Key::Escape) => sh.go(Screen::Sale),
            _ => {}
        }
    }

    /// Stops sales and starts the blind count.
    fn begin_close<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        if sh.run(Command::BeginCloseShift) {
            self.mode = ShiftMode::Count;
            self.report = None;
            self.start_count_if_needed(sh);
        }
    }

    fn float_input<C: Clock>(&mut self, sh: &mut Shell<'_, C>, input: Input) {
        match input {
            Input::Char(c) if c.is_ascii_digit() || c == ',' || c == '.' => self.amount.push(c),
            Input::Key(Key::Backspace) => {
                self.amount.pop();
            }
            Input::Key(Key::Enter) => self.open_shift(sh),
            Input::Key(Key::Escape) => {
                sh.run(Command::Logout);
            }
            _ => {}
        }
    }

    fn open_shift<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        let text = if self.amount.trim().is_empty() {
            "0".to_string()
        } else {
            self.amount.clone()
        };
        let Ok(float) = sh.parse_money(&text) else {
            sh.fail(msg!("shift-not-an-amount", amount = text));
            return;
        };
        if sh.run(Command::OpenShift { float }) {
            *self = ShiftScreen::default();
            sh.go(Screen::Sale);
            sh.info(sh.msg(msg!("shift-opened", amount = sh.money(float.minor))));
        }
    }

    fn cash_move_input<C: Clock>(&mut self, sh: &mut Shell<'_, C>, input: Input) {
        match (self.typing_reason, input) {
            (_, Input::Key(Key::Escape)) => *self = ShiftScreen::default(),
            (false, Input::Char(c)) if c.is_ascii_digit() || c == ',' || c == '.' => {
                self.amount.push(c)
            }
            (false, Input::Key(Key::Backspace)) => {
                self.amount.pop();
            }
            (false, Input::Key(Key::Enter)) => self.typing_reason = true,
            (true, Input::Char(c)) => self.reason.push(c),
            (true, Input::Key(Key::Backspace)) => {
                self.reason.pop();
            }
            (true, Input::Key(Key::Enter)) => self.cash_move(sh),
            _ => {}
        }
    }

    fn cash_move<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        let kind = if self.mode == ShiftMode::CashIn {
            CashMove::In
        } else {
            CashMove::Out
        };
        let Ok(amount) = sh.parse_money(&self.amount) else {
            self.typing_reason = false;
            sh.fail(msg!("shift-not-an-amount", amount = self.amount.clone()));
            return;
        };
        let reason = self.reason.clone();
        let command = Command::CashMove {
            kind,
            amount,
            reason,
            manager_pin: None,
        };
        if sh.run(command) {
            *self = ShiftScreen::default();
            sh.info(sh.msg(msg!("shift-moved", amount = sh.money(amount.minor))));
        }
    }

    fn closed_input<C: Clock>(&mut self, sh: &mut Shell<'_, C>, input: Input) {
        match input {
            Input::Key(Key::Enter) => {
                *self = ShiftScreen {
                    mode: ShiftMode::Float,
                    ..ShiftScreen::default()
                }
            }
            Input::Key(Key::Escape) | Input::Key(Key::F11) => {
                sh.run(Command::Logout);
            }
            _ => {}
        }
    }

    fn menu_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        // Four tiles, two by two, each with its key; then back to the sale. Narrower beside
        // a report.
        let width = ((ui.available_width() - 16.0) / 2.0).clamp(200.0, 300.0);
        let tile = egui::vec2(width, 100.0);
        let mut chosen = None;
        egui::Grid::new("shift-menu")
            .spacing([16.0, 16.0])
            .show(ui, |ui| {
                for (i, (key, words)) in MENU.into_iter().enumerate() {
                    let text = RichText::new(format!("{key} · {}", sh.t(words))).size(20.0);
                    let button = egui::Button::new(text)
                        .wrap()
                        .min_size(tile)
                        .corner_radius(10.0);
                    if ui.add(button).clicked() {
                        chosen = Some(key);
                    }
                    if i % 2 == 1 {
                        ui.end_row();
                    }
                }
            });
        if let Some(key) = chosen {
            self.menu_input(sh, Input::Char(key));
        }
        ui.add_space(16.0);
        let back = egui::Button::new(RichText::new(sh.t(id!("shift-back-to-sale"))).size(20.0))
            .min_size(egui::vec2(2.0 * width + 16.0, 52.0));
        if ui.add(back).clicked() {
            sh.go(Screen::Sale);
        }
    }

    fn float_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        card(ui, |ui| {
            ui.label(RichText::new(sh.t(id!("shift-float-hint"))).size(24.0));
            let amount = RichText::new(format!("{}|", self.amount));
            ui.label(amount.size(40.0).monospace());
        });
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            let size = egui::vec2(300.0, 52.0);
            let open =
                egui::Button::new(RichText::new(sh.t(id!("shift-open"))).size(20.0).strong());
            if ui.add_sized(size, open).clicked() {
                self.open_shift(sh);
            }
            let out = egui::Button::new(RichText::new(sh.t(id!("shift-log-out"))).size(20.0));
            if ui.add_sized(size, out).clicked() {
                sh.run(Command::Logout);
            }
        });
    }

    fn cash_move_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        let title = if self.mode == ShiftMode::CashIn {
            sh.t(id!("shift-cash-in"))
        } else {
            sh.t(id!("shift-cash-out"))
        };
        card(ui, |ui| {
            ui.label(RichText::new(title).size(26.0).strong());
            let cursor = |on: bool| if on { "|" } else { "" };
            let amount = format!("{}{}", self.amount, cursor(!self.typing_reason));
            let amount = sh.msg(msg!("shift-amount", value = amount));
            ui.label(RichText::new(amount).size(28.0));
            let reason = format!("{}{}", self.reason, cursor(self.typing_reason));
            let reason = sh.msg(msg!("shift-reason", value = reason));
            ui.label(RichText::new(reason).size(28.0));
        });
        let hint = RichText::new(sh.t(id!("shift-cash-move-hint")));
        ui.label(hint.size(18.0).color(sh.theme().muted));
    }

    fn closed_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        card(ui, |ui| self.outcome_ui(sh, ui));
        ui.label(RichText::new(sh.t(id!("shift-closed-hint"))).size(18.0));
    }

    fn outcome_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        if let Some(o) = self.outcome {
            let counted = sh.msg(msg!("shift-counted", amount = sh.money(o.counted)));
            ui.label(RichText::new(counted).size(26.0));
            let expected = sh.msg(msg!("shift-expected", amount = sh.money(o.expected)));
            ui.label(RichText::new(expected).size(26.0));
            let theme = sh.theme();
            let (words, colour) = match o.over_short.signum() {
                1 => (id!("report-over"), theme.warning),
                -1 => (id!("report-short"), theme.error),
                _ => (id!("report-balanced"), theme.ok),
            };
            let text = format!("{} {}", sh.t(words), sh.money(o.over_short));
            ui.label(RichText::new(text).size(40.0).strong().color(colour));
        }
    }
}

/// A framed card on the screen's background, as wide as the menu.
fn card(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    // The frame's margins and stroke outside the width asked for.
    let width = (ui.available_width() - 40.0).clamp(200.0, 580.0);
    egui::Frame::group(ui.style())
        .inner_margin(18.0)
        .corner_radius(10.0)
        .show(ui, |ui| {
            ui.set_min_width(width);
            add(ui);
        });
    ui.add_space(8.0);
}

impl<C: Clock> TillScreen<C> for ShiftScreen {
    /// Closing: the count; open: the menu; none: the float.
    fn enter(&mut self, sh: &mut Shell<'_, C>) {
        *self = ShiftScreen::default();
        self.mode = match sh.till.shift() {
            Ok(Some((r, _))) if r.state == ShiftState::Closing => ShiftMode::Count,
            Ok(Some(_)) => ShiftMode::Menu,
            _ => ShiftMode::Float,
        };
        self.start_count_if_needed(sh);
        self.read_summary(sh);
    }

    fn input(&mut self, sh: &mut Shell<'_, C>, input: Input, _time: f64) {
        match self.mode {
            ShiftMode::Menu => self.menu_input(sh, input),
            ShiftMode::Float => self.float_input(sh, input),
            ShiftMode::CashIn | ShiftMode::CashOut => self.cash_move_input(sh, input),
            ShiftMode::Count => self.count_input(sh, input),
            ShiftMode::Closed => self.closed_input(sh, input),
        }
    }

    /// The X / Z report beside the shift screen.
    fn panels_ui(&mut self, _sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        if let Some(report) = &self.report {
            egui::Panel::right("shift_report")
                .exact_size(430.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| paper_ui(ui, report, 14.0));
                });
        }
    }

    fn screen_ui(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.add_space(8.0);
        self.title_ui(sh, ui);
        sh.notice_ui(ui);
        // The manager's view of backups: when the last good one was made, and the last error.
        let (fresh, backup) = sh.backup_state();
        let backups = sh.msg(msg!("shift-backups", state = backup));
        ui.label(RichText::new(backups).color(sh.freshness_colour(fresh)));
        ui.add_space(14.0);
        match self.mode {
            ShiftMode::Menu => self.menu_ui(sh, ui),
            ShiftMode::Float => self.float_ui(sh, ui),
            ShiftMode::CashIn | ShiftMode::CashOut => self.cash_move_ui(sh, ui),
            ShiftMode::Count => self.count_ui(sh, ui),
            ShiftMode::Closed => self.closed_ui(sh, ui),
        }
    }

    fn applied(&mut self, sh: &mut Shell<'_, C>, _command: &Command, outcome: &Outcome) {
        self.read_summary(sh);
        let s = sh.till.settings();
        let lines =
            |r: &crate::till::report::ShiftReport| shift_report_lines(r, s.currency, s.locale, 42);
        match outcome {
            Outcome::Report(r) => self.report = Some(lines(r)),
            Outcome::Closed(o, r) => {
                self.report = Some(lines(r));
                self.mode = ShiftMode::Closed;
                self.outcome = Some(*o);
            }
            _ => {}
        }
    }
}
