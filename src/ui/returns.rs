//! The return screen (F8): find the receipt by number (typed, or scanned from the receipt's
//! barcode), choose lines and quantities, give a reason, refund in cash (Enter) or to the card
//! (F5). A cashier's return asks for a manager's PIN.

use super::keys::Input;
use super::shell::Shell;
use super::{Screen, TillScreen, parse_fixed};
use crate::app::Clock;
use crate::app::command::{Command, Outcome};
use crate::app::returns::{ReturnRequest, ReturnableReceipt};
use crate::till::format::format_fixed;
use crate::till::quantity::Measure;
use crate::till::tender::TenderKind;
use crate::{id, msg};
use eframe::egui;
use egui::{Key, RichText};

/// Where the return stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum ReturnStep {
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
pub(super) struct ReturnScreen {
    step: ReturnStep,
    number: String,
    receipt: Option<ReturnableReceipt>,
    /// Thousandths to return, per receipt line.
    quantities: Vec<i64>,
    selected: usize,
    typed: String,
    reason: String,
}

fn qty_text(measure: Measure, milli: i64, locale: crate::till::format::Locale) -> String {
    crate::till::format::format_quantity(milli, measure, locale)
}

impl ReturnScreen {
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

    fn lines_input<C: Clock>(&mut self, sh: &mut Shell<'_, C>, input: Input) {
        let n = self.quantities.len();
        match input {
            Input::Char(c) if c.is_ascii_digit() || c == ',' || c == '.' => self.typed.push(c),
            Input::Key(Key::Backspace) => {
                self.typed.pop();
            }
            Input::Key(Key::ArrowDown) => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1))
            }
            Input::Key(Key::ArrowUp) => self.selected = self.selected.saturating_sub(1),
            Input::Key(Key::Enter) => self.set_quantity(sh),
            // The customer back with the ticket wants a full invoice for it (F3).
            Input::Key(Key::F5) => self.invoice_ticket(sh),
            Input::Key(Key::F12) => {
                if self.quantities.iter().any(|q| *q > 0) {
                    self.step = ReturnStep::Reason;
                    sh.clear_notice();
                } else {
                    sh.fail(msg!("return-choose-a-line"));
                }
            }
            _ => {}
        }
    }

    /// Opens the customer dialog for a full invoice replacing the ticket found.
    fn invoice_ticket<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        if let Some(r) = &self.receipt {
            sh.open(super::dialogs::Overlay::Customer(
                super::dialogs::CustomerPick {
                    ticket: Some(r.document.number.clone()),
                    ..Default::default()
                },
            ));
        }
    }

    fn find_receipt<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        let number = self.number.trim().to_uppercase();
        match sh.till.find_receipt(&number) {
            Ok(r) => {
                self.quantities = vec![0; r.lines.len()];
                self.receipt = Some(r);
                self.step = ReturnStep::Lines;
                self.selected = 0;
                sh.clear_notice();
            }
            Err(e) => {
                self.number.clear();
                sh.error(&e);
            }
        }
    }

    /// Enter on a line: the typed quantity, or (nothing typed) all that is left / none.
    fn set_quantity<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        let i = self.selected;
        let Some(line) = self.receipt.as_ref().and_then(|r| r.lines.get(i)) else {
            return;
        };
        let (returnable, measure) = (line.returnable_milli, line.measure);
        let count = self.receipt.as_ref().map_or(0, |r| r.lines.len());
        let typed = std::mem::take(&mut self.typed);
        let qty = if typed.is_empty() {
            if self.quantities[i] > 0 {
                0
            } else {
                returnable
            }
        } else {
            let parsed = match measure {
                Measure::Unit => parse_fixed(&typed, 0).map(|u| u * 1000),
                Measure::Kg => parse_fixed(&typed, 3),
            };
            match parsed {
                Some(q) if q <= returnable => q,
                _ => {
                    let max = match measure {
                        Measure::Unit => format_fixed(returnable / 1000, 0, sh.locale()),
                        Measure::Kg => format_fixed(returnable, 3, sh.locale()),
                    };
                    sh.fail(msg!("return-at-most", typed = typed, max = max));
                    return;
                }
            }
        };
        self.quantities[i] = qty;
        sh.clear_notice();
        self.selected = (i + 1).min(count - 1);
    }

    fn submit<C: Clock>(&mut self, sh: &mut Shell<'_, C>, kind: TenderKind) {
        if let Some(request) = self.request(kind) {
            sh.run(Command::Return {
                request,
                manager_pin: None,
            });
        }
    }

    fn number_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        ui.label(sh.t(id!("return-number-hint")));
        let number = RichText::new(format!("{}|", self.number));
        ui.label(number.size(32.0).monospace());
    }

    fn lines_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
        r: &ReturnableReceipt,
    ) {
        let date = r.document.created_at.get(..10).unwrap_or("");
        let head = format!(
            "{} · {date} · {}",
            r.document.number,
            sh.money(r.document.total)
        );
        ui.label(RichText::new(head).size(22.0));
        let locale = sh.locale();
        let mut clicked = None;
        egui::Grid::new("return_lines")
            .striped(true)
            .show(ui, |ui| {
                for title in [
                    id!("return-item"),
                    id!("return-sold"),
                    id!("return-returnable"),
                    id!("return-to-return"),
                ] {
                    ui.label(sh.t(title));
                }
                ui.end_row();
                for (i, l) in r.lines.iter().enumerate() {
                    let on = i == self.selected && self.step == ReturnStep::Lines;
                    if ui
                        .selectable_label(on, RichText::new(&l.name).size(20.0))
                        .clicked()
                    {
                        clicked = Some(i);
                    }
                    ui.label(qty_text(l.measure, l.sold_milli, locale));
                    ui.label(qty_text(l.measure, l.returnable_milli, locale));
                    let back = self.quantities[i];
                    let back = if back > 0 {
                        qty_text(l.measure, back, locale)
                    } else {
                        "—".into()
                    };
                    ui.label(RichText::new(back).strong());
                    ui.end_row();
                }
            });
        if let Some(i) = clicked {
            self.selected = i;
            self.set_quantity(sh);
        }
    }

    fn choose_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.label(RichText::new(format!("{}|", self.typed)).size(26.0));
        ui.label(RichText::new(sh.t(id!("return-lines-hint"))).color(sh.theme().muted));
        ui.horizontal(|ui| {
            if ui.button(sh.t(id!("return-continue"))).clicked() {
                self.lines_input(sh, Input::Key(Key::F12));
            }
            if ui.button(sh.t(id!("return-invoice-ticket"))).clicked() {
                self.invoice_ticket(sh);
            }
        });
    }

    fn reason_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.label(sh.t(id!("return-reason")));
        ui.label(RichText::new(format!("{}|", self.reason)).size(26.0));
        ui.label(RichText::new(sh.t(id!("return-reason-hint"))).color(sh.theme().muted));
        ui.horizontal(|ui| {
            if ui.button(sh.t(id!("return-cash"))).clicked() {
                self.submit(sh, TenderKind::Cash);
            }
            if ui.button(sh.t(id!("return-card"))).clicked() {
                self.submit(sh, TenderKind::Card);
            }
        });
    }
}

impl<C: Clock> TillScreen<C> for ReturnScreen {
    fn enter(&mut self, _sh: &mut Shell<'_, C>) {
        *self = ReturnScreen::default();
    }

    fn input(&mut self, sh: &mut Shell<'_, C>, input: Input, _time: f64) {
        if input == Input::Key(Key::Escape) {
            *self = ReturnScreen::default();
            sh.go(Screen::Sale);
            return;
        }
        match self.step {
            ReturnStep::Number => match input {
                Input::Char(c) => self.number.push(c),
                Input::Key(Key::Backspace) => {
                    self.number.pop();
                }
                Input::Key(Key::Enter) => self.find_receipt(sh),
                _ => {}
            },
            ReturnStep::Lines => self.lines_input(sh, input),
            ReturnStep::Reason => match input {
                Input::Char(c) => self.reason.push(c),
                Input::Key(Key::Backspace) => {
                    self.reason.pop();
                }
                Input::Key(Key::Enter) => self.submit(sh, TenderKind::Cash),
                Input::Key(Key::F5) => self.submit(sh, TenderKind::Card),
                _ => {}
            },
        }
    }

    /// A receipt's barcode read by the serial scanner is its number.
    fn serial_scan(&mut self, sh: &mut Shell<'_, C>, code: String) -> bool {
        if self.step != ReturnStep::Number {
            return false;
        }
        self.number = code;
        self.find_receipt(sh);
        true
    }

    fn screen_ui(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.heading(sh.t(id!("return-title")));
        sh.notice_ui(ui);
        match self.step {
            ReturnStep::Number => self.number_ui(sh, ui),
            ReturnStep::Lines | ReturnStep::Reason => {
                if let Some(receipt) = self.receipt.clone() {
                    self.lines_ui(sh, ui, &receipt);
                    if self.step == ReturnStep::Lines {
                        self.choose_ui(sh, ui);
                    } else {
                        self.reason_ui(sh, ui);
                    }
                }
            }
        }
        if ui.button(sh.t(id!("button-back-esc"))).clicked() {
            self.input(sh, Input::Key(Key::Escape), 0.0);
        }
    }

    fn applied(&mut self, _sh: &mut Shell<'_, C>, _command: &Command, outcome: &Outcome) {
        if matches!(outcome, Outcome::Refunded(_) | Outcome::Replaced(_)) {
            *self = ReturnScreen::default();
        }
    }
}
