//! The return screen (F8): find the receipt by number (typed, or scanned from the receipt's
//! barcode), choose lines and quantities, give a reason, refund in cash (Enter) or to the card
//! (F5). A cashier's return asks for a manager's PIN.

use super::keys::Input;
use super::{Notice, Screen, TillUi, parse_fixed};
use crate::app::Clock;
use crate::app::command::Command;
use crate::app::returns::{ReturnRequest, ReturnableReceipt};
use crate::till::format::format_fixed;
use crate::till::quantity::Measure;
use crate::till::tender::TenderKind;
use eframe::egui;
use egui::{Key, RichText};

/// Where the return stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ReturnStep {
    /// Typing or scanning the receipt number.
    #[default]
    Number,
    /// Choosing lines and quantities.
    Lines,
    /// Typing the reason; Enter refunds cash, F5 to the card.
    Reason,
}

/// The return being prepared.
#[derive(Clone, Debug, Default)]
pub struct ReturnFlow {
    pub step: ReturnStep,
    pub number: String,
    pub receipt: Option<ReturnableReceipt>,
    /// Thousandths to return, per receipt line.
    pub quantities: Vec<i64>,
    pub selected: usize,
    pub typed: String,
    pub reason: String,
}

impl ReturnFlow {
    fn request(&self, kind: TenderKind) -> Option<ReturnRequest> {
        let receipt = self.receipt.as_ref()?;
        Some(ReturnRequest {
            original: receipt.document.number.clone(),
            lines: receipt
                .lines
                .iter()
                .zip(&self.quantities)
                .filter(|(_, q)| **q > 0)
                .map(|(l, q)| (l.line_no, *q))
                .collect(),
            reason: self.reason.clone(),
            refund_kind: kind,
            reference: None,
        })
    }
}

impl<C: Clock> TillUi<C> {
    pub(super) fn open_return(&mut self) {
        if self.screen != Screen::Sale {
            return;
        }
        if !self.till.cart().is_empty() {
            self.notice = Some(Notice::Error(
                self.tr(
                    "Termine o aparque la venta antes de una devolución",
                    "Finish or park the sale before a return",
                )
                .into(),
            ));
            return;
        }
        self.ret = super::ReturnFlow::default();
        self.notice = None;
        self.screen = Screen::Return;
    }

    pub(super) fn return_input(&mut self, input: Input) {
        if input == Input::Key(Key::Escape) {
            self.ret = ReturnFlow::default();
            self.screen = Screen::Sale;
            return;
        }
        match self.ret.step {
            ReturnStep::Number => match input {
                Input::Char(c) => self.ret.number.push(c),
                Input::Key(Key::Backspace) => {
                    self.ret.number.pop();
                }
                Input::Key(Key::Enter) => self.find_receipt(),
                _ => {}
            },
            ReturnStep::Lines => {
                let n = self.ret.quantities.len();
                match input {
                    Input::Char(c) if c.is_ascii_digit() || c == ',' || c == '.' => {
                        self.ret.typed.push(c)
                    }
                    Input::Key(Key::Backspace) => {
                        self.ret.typed.pop();
                    }
                    Input::Key(Key::ArrowDown) => {
                        self.ret.selected = (self.ret.selected + 1).min(n.saturating_sub(1))
                    }
                    Input::Key(Key::ArrowUp) => {
                        self.ret.selected = self.ret.selected.saturating_sub(1)
                    }
                    Input::Key(Key::Enter) => self.set_return_quantity(),
                    Input::Key(Key::F12) => {
                        if self.ret.quantities.iter().any(|q| *q > 0) {
                            self.ret.step = ReturnStep::Reason;
                            self.notice = None;
                        } else {
                            self.notice = Some(Notice::Error(
                                self.tr(
                                    "Elija al menos una línea (Intro)",
                                    "Choose at least one line (Enter)",
                                )
                                .into(),
                            ));
                        }
                    }
                    _ => {}
                }
            }
            ReturnStep::Reason => match input {
                Input::Char(c) => self.ret.reason.push(c),
                Input::Key(Key::Backspace) => {
                    self.ret.reason.pop();
                }
                Input::Key(Key::Enter) => self.submit_return(TenderKind::Cash),
                Input::Key(Key::F5) => self.submit_return(TenderKind::Card),
                _ => {}
            },
        }
    }

    fn find_receipt(&mut self) {
        let number = self.ret.number.trim().to_uppercase();
        match self.till.find_receipt(&number) {
            Ok(r) => {
                self.ret.quantities = vec![0; r.lines.len()];
                self.ret.receipt = Some(r);
                self.ret.step = ReturnStep::Lines;
                self.ret.selected = 0;
                self.notice = None;
            }
            Err(e) => {
                self.ret.number.clear();
                self.error(&e);
            }
        }
    }

    /// Enter on a line: the typed quantity, or (nothing typed) all that is left / none.
    fn set_return_quantity(&mut self) {
        let Some(receipt) = &self.ret.receipt else {
            return;
        };
        let i = self.ret.selected;
        let Some(line) = receipt.lines.get(i) else {
            return;
        };
        let typed = std::mem::take(&mut self.ret.typed);
        let qty = if typed.is_empty() {
            if self.ret.quantities[i] > 0 {
                0
            } else {
                line.returnable_milli
            }
        } else {
            let parsed = match line.measure {
                Measure::Unit => parse_fixed(&typed, 0).map(|u| u * 1000),
                Measure::Kg => parse_fixed(&typed, 3),
            };
            match parsed {
                Some(q) if q <= line.returnable_milli => q,
                _ => {
                    self.notice = Some(Notice::Error(format!(
                        "«{typed}»: {} {}",
                        self.tr("como mucho", "at most"),
                        format_fixed(
                            line.returnable_milli
                                / if line.measure == Measure::Unit {
                                    1000
                                } else {
                                    1
                                },
                            if line.measure == Measure::Unit { 0 } else { 3 },
                            self.locale()
                        )
                    )));
                    return;
                }
            }
        };
        self.ret.quantities[i] = qty;
        self.notice = None;
        self.ret.selected = (i + 1).min(receipt.lines.len() - 1);
    }

    fn submit_return(&mut self, kind: TenderKind) {
        if let Some(request) = self.ret.request(kind) {
            self.run(Command::Return {
                request,
                manager_pin: None,
            });
        }
    }

    pub(super) fn return_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(self.tr("Devolución", "Return"));
        self.notice_ui(ui);
        match self.ret.step {
            ReturnStep::Number => {
                ui.label(self.tr(
                    "Teclee o escanee el número del tique (ej. T01-000123) y pulse Intro · Esc volver",
                    "Type or scan the receipt number (e.g. T01-000123) and press Enter · Esc back",
                ));
                ui.label(
                    RichText::new(format!("{}|", self.ret.number))
                        .size(32.0)
                        .monospace(),
                );
            }
            ReturnStep::Lines | ReturnStep::Reason => {
                let Some(receipt) = self.ret.receipt.clone() else {
                    return;
                };
                ui.label(
                    RichText::new(format!(
                        "{} · {} · {}",
                        receipt.document.number,
                        receipt.document.created_at.get(..10).unwrap_or(""),
                        self.money(receipt.document.total)
                    ))
                    .size(22.0),
                );
                let locale = self.locale();
                let qty = |m: Measure, milli: i64| match m {
                    Measure::Unit => format!("{}", milli / 1000),
                    Measure::Kg => format!("{} kg", format_fixed(milli, 3, locale)),
                };
                let mut clicked = None;
                egui::Grid::new("return_lines")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.label(self.tr("Artículo", "Item"));
                        ui.label(self.tr("Vendido", "Sold"));
                        ui.label(self.tr("Se puede devolver", "Returnable"));
                        ui.label(self.tr("A devolver", "To return"));
                        ui.end_row();
                        for (i, l) in receipt.lines.iter().enumerate() {
                            let on = i == self.ret.selected && self.ret.step == ReturnStep::Lines;
                            if ui
                                .selectable_label(on, RichText::new(&l.name).size(20.0))
                                .clicked()
                            {
                                clicked = Some(i);
                            }
                            ui.label(qty(l.measure, l.sold_milli));
                            ui.label(qty(l.measure, l.returnable_milli));
                            let back = self.ret.quantities[i];
                            ui.label(
                                RichText::new(if back > 0 {
                                    qty(l.measure, back)
                                } else {
                                    "—".into()
                                })
                                .strong(),
                            );
                            ui.end_row();
                        }
                    });
                if let Some(i) = clicked {
                    self.ret.selected = i;
                    self.set_return_quantity();
                }
                if self.ret.step == ReturnStep::Lines {
                    ui.label(RichText::new(format!("{}|", self.ret.typed)).size(26.0));
                    ui.label(RichText::new(self.tr(
                        "↑ ↓ línea · Intro = todo / nada, o cantidad + Intro · F12 continuar · Esc cancelar",
                        "↑ ↓ line · Enter = all / none, or quantity + Enter · F12 continue · Esc cancel",
                    )).color(self.theme.muted));
                    if ui
                        .button(self.tr("Continuar (F12)", "Continue (F12)"))
                        .clicked()
                    {
                        self.return_input(Input::Key(Key::F12));
                    }
                } else {
                    ui.label(self.tr("Motivo de la devolución:", "Reason for the return:"));
                    ui.label(RichText::new(format!("{}|", self.ret.reason)).size(26.0));
                    ui.label(
                        RichText::new(self.tr(
                            "Intro = devolver en efectivo · F5 = a la tarjeta · Esc cancelar",
                            "Enter = refund cash · F5 = to the card · Esc cancel",
                        ))
                        .color(self.theme.muted),
                    );
                    ui.horizontal(|ui| {
                        if ui
                            .button(self.tr("Efectivo (Intro)", "Cash (Enter)"))
                            .clicked()
                        {
                            self.submit_return(TenderKind::Cash);
                        }
                        if ui.button(self.tr("Tarjeta (F5)", "Card (F5)")).clicked() {
                            self.submit_return(TenderKind::Card);
                        }
                    });
                }
            }
        }
        if ui.button(self.tr("Volver (Esc)", "Back (Esc)")).clicked() {
            self.return_input(Input::Key(Key::Escape));
        }
    }
}
