//! The shift screen (F10): open with a float, cash in / out with a reason, X report, and the
//! blind close — count the drawer by denomination (EUR notes and coins), then see over/short
//! and the Z report.

use super::keys::Input;
use super::{Notice, Screen, TillUi, parse_fixed};
use crate::app::Clock;
use crate::app::command::Command;
use crate::till::money::Currency;
use crate::till::shift::{CashMove, CloseOutcome, ShiftState};
use eframe::egui;
use egui::{Key, RichText};

/// EUR notes and coins in cents, largest first.
pub const EUR_DENOMINATIONS: [i64; 15] = [
    50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
];

/// What the shift screen is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ShiftMode {
    #[default]
    Menu,
    Float,
    CashIn,
    CashOut,
    Count,
    Closed,
}

/// The shift screen's state.
#[derive(Clone, Debug, Default)]
pub struct ShiftFlow {
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
}

impl<C: Clock> TillUi<C> {
    fn denominations(&self) -> &'static [i64] {
        if self.till.settings().currency == Currency::Eur {
            &EUR_DENOMINATIONS
        } else {
            &[]
        }
    }

    fn counted_total(&self) -> i64 {
        let d = self.denominations();
        self.shift
            .counts
            .iter()
            .enumerate()
            .map(|(i, n)| d.get(i).map_or(*n, |v| v * n))
            .sum()
    }

    pub(super) fn open_shift_screen(&mut self) {
        self.shift = super::ShiftFlow::default();
        self.shift.mode = match self.till.shift() {
            Ok(Some((r, _))) if r.state == ShiftState::Closing => ShiftMode::Count,
            Ok(Some(_)) => ShiftMode::Menu,
            _ => ShiftMode::Float,
        };
        self.start_count_if_needed();
        self.notice = None;
        self.screen = Screen::Shift;
    }

    fn start_count_if_needed(&mut self) {
        if self.shift.mode == ShiftMode::Count {
            self.shift.counts = vec![0; self.denominations().len() + 1];
            self.shift.selected = 0;
        }
    }

    pub(super) fn shift_input(&mut self, input: Input) {
        match self.shift.mode {
            ShiftMode::Menu => match input {
                Input::Char('1') => self.shift.mode = ShiftMode::CashIn,
                Input::Char('2') => self.shift.mode = ShiftMode::CashOut,
                Input::Char('3') => {
                    self.run(Command::XReport);
                }
                Input::Char('4') => self.begin_close(),
                Input::Key(Key::Escape) => self.screen = Screen::Sale,
                _ => {}
            },
            ShiftMode::Float => match input {
                Input::Char(c) if c.is_ascii_digit() || c == ',' || c == '.' => {
                    self.shift.amount.push(c)
                }
                Input::Key(Key::Backspace) => {
                    self.shift.amount.pop();
                }
                Input::Key(Key::Enter) => self.open_shift(),
                Input::Key(Key::Escape) => {
                    self.run(Command::Logout);
                }
                _ => {}
            },
            ShiftMode::CashIn | ShiftMode::CashOut => self.cash_move_input(input),
            ShiftMode::Count => self.count_input(input),
            ShiftMode::Closed => match input {
                Input::Key(Key::Enter) => {
                    self.shift = ShiftFlow {
                        mode: ShiftMode::Float,
                        ..ShiftFlow::default()
                    }
                }
                Input::Key(Key::Escape) | Input::Key(Key::F11) => {
                    self.run(Command::Logout);
                }
                _ => {}
            },
        }
    }

    fn open_shift(&mut self) {
        let text = if self.shift.amount.trim().is_empty() {
            "0".to_string()
        } else {
            self.shift.amount.clone()
        };
        let Some(float) = parse_fixed(&text, 2) else {
            self.notice = Some(Notice::Error(format!(
                "«{text}»: {}",
                self.tr("no es un importe", "not an amount")
            )));
            return;
        };
        if self.run(Command::OpenShift { float }) {
            self.shift = ShiftFlow::default();
            self.screen = Screen::Sale;
            self.info(format!(
                "{} {}",
                self.tr("Turno abierto con", "Shift opened with"),
                self.money(float)
            ));
        }
    }

    fn begin_close(&mut self) {
        if self.run(Command::BeginCloseShift) {
            self.shift.mode = ShiftMode::Count;
            self.shift.report = None;
            self.start_count_if_needed();
        }
    }

    fn cash_move_input(&mut self, input: Input) {
        let s = &mut self.shift;
        match (s.typing_reason, input) {
            (_, Input::Key(Key::Escape)) => {
                *s = ShiftFlow::default();
            }
            (false, Input::Char(c)) if c.is_ascii_digit() || c == ',' || c == '.' => {
                s.amount.push(c)
            }
            (false, Input::Key(Key::Backspace)) => {
                s.amount.pop();
            }
            (false, Input::Key(Key::Enter)) => s.typing_reason = true,
            (true, Input::Char(c)) => s.reason.push(c),
            (true, Input::Key(Key::Backspace)) => {
                s.reason.pop();
            }
            (true, Input::Key(Key::Enter)) => {
                let kind = if s.mode == ShiftMode::CashIn {
                    CashMove::In
                } else {
                    CashMove::Out
                };
                let Some(amount) = parse_fixed(&s.amount, 2) else {
                    s.typing_reason = false;
                    let amount = s.amount.clone();
                    self.notice = Some(Notice::Error(format!(
                        "«{amount}»: {}",
                        self.tr("no es un importe", "not an amount")
                    )));
                    return;
                };
                let reason = s.reason.clone();
                if self.run(Command::CashMove {
                    kind,
                    amount,
                    reason,
                    manager_pin: None,
                }) {
                    self.shift = ShiftFlow::default();
                    self.info(format!(
                        "{} {}",
                        self.tr("Movimiento registrado:", "Recorded:"),
                        self.money(amount)
                    ));
                }
            }
            _ => {}
        }
    }

    fn count_input(&mut self, input: Input) {
        let rows = self.shift.counts.len();
        let free_row = rows.saturating_sub(1);
        match input {
            Input::Char(c)
                if c.is_ascii_digit()
                    || (self.shift.selected == free_row && (c == ',' || c == '.')) =>
            {
                self.shift.typed.push(c)
            }
            Input::Key(Key::Backspace) => {
                self.shift.typed.pop();
            }
            Input::Key(Key::ArrowDown) => {
                self.shift.selected = (self.shift.selected + 1).min(free_row)
            }
            Input::Key(Key::ArrowUp) => self.shift.selected = self.shift.selected.saturating_sub(1),
            Input::Key(Key::Enter) => {
                let typed = std::mem::take(&mut self.shift.typed);
                if !typed.is_empty() {
                    let digits = if self.shift.selected == free_row {
                        2
                    } else {
                        0
                    };
                    match parse_fixed(&typed, digits) {
                        Some(v) => self.shift.counts[self.shift.selected] = v,
                        None => {
                            self.notice = Some(Notice::Error(format!("«{typed}»?")));
                            return;
                        }
                    }
                }
                self.shift.selected = (self.shift.selected + 1).min(free_row);
            }
            Input::Key(Key::F12) => {
                let counted = self.counted_total();
                self.run(Command::CloseShift { counted });
            }
            Input::Key(Key::Escape) => self.screen = Screen::Sale,
            _ => {}
        }
    }

    /// The X / Z report beside the shift screen, laid out before the central area.
    pub(super) fn shift_panels_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(report) = &self.shift.report {
            egui::Panel::right("shift_report")
                .exact_size(430.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| super::paper_ui(ui, report, 14.0));
                });
        }
    }

    pub(super) fn shift_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(self.tr("Turno", "Shift"));
        self.notice_ui(ui);
        // The manager's view of backups: when the last good one was made, and the last error.
        let (fresh, backup) = self.backup_state();
        ui.label(
            egui::RichText::new(format!("{}: {backup}", self.tr("Copias", "Backups")))
                .color(self.freshness_colour(fresh)),
        );
        match self.shift.mode {
            ShiftMode::Menu => {
                let size = egui::vec2(360.0, 56.0);
                let items: [(&str, &str, char); 4] = [
                    ("1 · Entrada de efectivo", "1 · Cash in", '1'),
                    ("2 · Salida de efectivo", "2 · Cash out", '2'),
                    ("3 · Informe X", "3 · X report", '3'),
                    (
                        "4 · Cerrar turno (arqueo y Z)",
                        "4 · Close shift (count and Z)",
                        '4',
                    ),
                ];
                for (es, en, key) in items {
                    if ui
                        .add_sized(size, egui::Button::new(self.tr(es, en)))
                        .clicked()
                    {
                        self.shift_input(Input::Char(key));
                    }
                }
                if ui
                    .add_sized(
                        size,
                        egui::Button::new(self.tr("Volver a la venta (Esc)", "Back to sale (Esc)")),
                    )
                    .clicked()
                {
                    self.screen = Screen::Sale;
                }
            }
            ShiftMode::Float => {
                ui.label(
                    RichText::new(self.tr(
                        "Abrir turno: teclee el fondo de caja y pulse Intro",
                        "Open a shift: type the float and press Enter",
                    ))
                    .size(24.0),
                );
                ui.label(
                    RichText::new(format!("{}|", self.shift.amount))
                        .size(36.0)
                        .monospace(),
                );
                if ui
                    .button(self.tr("Abrir turno (Intro)", "Open shift (Enter)"))
                    .clicked()
                {
                    self.open_shift();
                }
                if ui.button(self.tr("Salir (Esc)", "Log out (Esc)")).clicked() {
                    self.run(Command::Logout);
                }
            }
            ShiftMode::CashIn | ShiftMode::CashOut => {
                let title = if self.shift.mode == ShiftMode::CashIn {
                    self.tr("Entrada de efectivo", "Cash in")
                } else {
                    self.tr("Salida de efectivo", "Cash out")
                };
                ui.label(RichText::new(title).size(26.0).strong());
                let cursor = |on: bool| if on { "|" } else { "" };
                ui.label(
                    RichText::new(format!(
                        "{}: {}{}",
                        self.tr("Importe", "Amount"),
                        self.shift.amount,
                        cursor(!self.shift.typing_reason)
                    ))
                    .size(28.0),
                );
                ui.label(
                    RichText::new(format!(
                        "{}: {}{}",
                        self.tr("Motivo", "Reason"),
                        self.shift.reason,
                        cursor(self.shift.typing_reason)
                    ))
                    .size(28.0),
                );
                ui.label(
                    RichText::new(self.tr(
                        "Importe, Intro, motivo, Intro · Esc volver",
                        "Amount, Enter, reason, Enter · Esc back",
                    ))
                    .color(self.theme.muted),
                );
            }
            ShiftMode::Count => self.count_ui(ui),
            ShiftMode::Closed => {
                if let Some(o) = self.shift.outcome {
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            self.tr("Contado", "Counted"),
                            self.money(o.counted)
                        ))
                        .size(26.0),
                    );
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            self.tr("Esperado", "Expected"),
                            self.money(o.expected)
                        ))
                        .size(26.0),
                    );
                    let (label, colour) = match o.over_short.signum() {
                        1 => (self.tr("Sobrante", "Over"), self.theme.warning),
                        -1 => (self.tr("Faltante", "Short"), self.theme.error),
                        _ => (self.tr("Cuadra", "Balanced"), self.theme.ok),
                    };
                    ui.label(
                        RichText::new(format!("{label} {}", self.money(o.over_short)))
                            .size(40.0)
                            .strong()
                            .color(colour),
                    );
                }
                ui.label(self.tr(
                    "Turno cerrado. Intro = abrir otro turno · Esc = salir",
                    "Shift closed. Enter = open another shift · Esc = log out",
                ));
            }
        }
    }

    fn count_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(
            RichText::new(self.tr(
                "Arqueo ciego: cuente el cajón. ↑ ↓ elegir · cantidad + Intro · F12 cerrar turno",
                "Blind count: count the drawer. ↑ ↓ choose · number + Enter · F12 close the shift",
            ))
            .size(20.0),
        );
        let d = self.denominations();
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .max_height(480.0)
            .show(ui, |ui| {
                egui::Grid::new("count")
                    .striped(true)
                    .min_col_width(120.0)
                    .show(ui, |ui| {
                        for (i, n) in self.shift.counts.iter().enumerate() {
                            let on = i == self.shift.selected;
                            let label = match d.get(i) {
                                Some(v) => self.money(*v),
                                None => self.tr("Otros (importe)", "Other (amount)").to_string(),
                            };
                            if ui
                                .selectable_label(on, RichText::new(label).size(20.0))
                                .clicked()
                            {
                                clicked = Some(i);
                            }
                            let count = if on && !self.shift.typed.is_empty() {
                                format!("{}|", self.shift.typed)
                            } else {
                                match d.get(i) {
                                    Some(_) => format!("× {n}"),
                                    None => self.money(*n),
                                }
                            };
                            ui.label(RichText::new(count).size(20.0));
                            let subtotal = d.get(i).map_or(*n, |v| v * n);
                            ui.label(RichText::new(self.money(subtotal)).size(20.0));
                            ui.end_row();
                        }
                    });
            });
        if let Some(i) = clicked {
            self.shift.selected = i;
            self.shift.typed.clear();
        }
        ui.label(
            RichText::new(format!(
                "{} {}",
                self.tr("Total contado", "Counted"),
                self.money(self.counted_total())
            ))
            .size(32.0)
            .strong(),
        );
        if ui
            .button(self.tr(
                "Cerrar turno con este recuento (F12)",
                "Close shift with this count (F12)",
            ))
            .clicked()
        {
            self.shift_input(Input::Key(Key::F12));
        }
    }
}
