//! The login screen: the PIN pad (touch and keyboard), the manager unlock after a lockout, and
//! the demo PINs in demo mode only. A scanner's burst at the PIN pad is refused, never counted
//! as a wrong PIN towards the lockout. A user whose PIN someone else set chooses a new one here,
//! typed twice, before anything else.

use super::dialogs::{ApprovalPurpose, Overlay};
use super::keys::Input;
use super::shell::Shell;
use super::{Notice, TillScreen};
use crate::app::Clock;
use crate::app::command::Command;
use crate::id;
use eframe::egui;
use egui::{Key, RichText};

/// The PIN being typed.
#[derive(Default)]
pub(super) struct LoginScreen {
    pin: String,
    /// Choosing a new PIN: the first typing, once entered.
    new_pin: Option<String>,
}

/// One key of the PIN pad's size.
const PAD_KEY: egui::Vec2 = egui::vec2(110.0, 76.0);

impl LoginScreen {
    fn submit<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        let pin = std::mem::take(&mut self.pin);
        if !sh.till.must_change_pin() {
            self.new_pin = None;
            sh.run(Command::Login { pin });
        } else if let Some(first) = self.new_pin.take() {
            sh.run(Command::ChangeOwnPin {
                pin: first,
                again: pin,
            });
        } else {
            self.new_pin = Some(pin);
        }
    }

    /// The title: the PIN, or the new PIN (first or second typing).
    fn title<C: Clock>(&self, sh: &Shell<'_, C>) -> crate::i18n::Id {
        match (sh.till.must_change_pin(), &self.new_pin) {
            (false, _) => id!("login-title"),
            (true, None) => id!("login-new-pin"),
            (true, Some(_)) => id!("login-new-pin-again"),
        }
    }

    /// Three pad keys, centred.
    fn pad_row_ui(ui: &mut egui::Ui, keys: impl FnOnce(&mut egui::Ui)) {
        ui.horizontal(|ui| {
            ui.add_space((ui.available_width() - 3.0 * (PAD_KEY.x + 10.0)) / 2.0);
            keys(ui);
        });
    }

    fn pad_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let digit = |d: &str| egui::Button::new(RichText::new(d).size(32.0));
        for row in [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"]] {
            Self::pad_row_ui(ui, |ui| {
                for d in row {
                    if ui.add_sized(PAD_KEY, digit(d)).clicked() {
                        self.pin.push_str(d);
                    }
                }
            });
        }
        let delete = RichText::new(sh.t(id!("login-delete"))).size(22.0);
        let enter = egui::Button::new(RichText::new(sh.t(id!("login-enter"))).size(22.0).strong())
            .fill(sh.theme().accent.gamma_multiply(0.35));
        let mut submit = false;
        Self::pad_row_ui(ui, |ui| {
            if ui.add_sized(PAD_KEY, egui::Button::new(delete)).clicked() {
                self.pin.pop();
            }
            if ui.add_sized(PAD_KEY, digit("0")).clicked() {
                self.pin.push('0');
            }
            submit = ui.add_sized(PAD_KEY, enter).clicked();
        });
        if submit {
            self.submit(sh);
        }
    }

    /// After a lockout, a manager can lift it from here.
    fn unlock_ui<C: Clock>(sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let locked = matches!(&sh.st.notice, Some(Notice::Error(_))) && sh.till.locked_out();
        if locked && ui.button(sh.t(id!("login-unlock"))).clicked() {
            sh.open(Overlay::Approval {
                purpose: ApprovalPurpose::Unlock,
                what: "unlock-login",
                pin: String::new(),
            });
        }
    }
}

impl<C: Clock> TillScreen<C> for LoginScreen {
    fn input(&mut self, sh: &mut Shell<'_, C>, input: Input, time: f64) {
        match input {
            Input::Char(c) if c.is_ascii_digit() => {
                self.pin.push(c);
                sh.st.timing.push(c, time);
            }
            Input::Key(Key::Enter) if sh.st.timing.enter(time).is_some() => {
                // A scan at the PIN pad must not count as a wrong PIN towards the lockout.
                self.pin.clear();
                sh.fail(crate::msg!("login-scan-first"));
            }
            Input::Key(Key::Enter) => self.submit(sh),
            Input::Key(Key::Backspace) => {
                self.pin.pop();
            }
            Input::Key(Key::Escape) => {
                self.pin.clear();
                self.new_pin = None;
            }
            _ => {}
        }
    }

    fn screen_ui(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space(24.0);
            let store = &sh.till.settings().profile.trade_name;
            if !store.is_empty() {
                ui.label(RichText::new(store).size(24.0));
            }
            ui.heading(RichText::new(sh.t(self.title(sh))).size(34.0));
            let dots = if self.pin.is_empty() {
                " ".to_string()
            } else {
                "•".repeat(self.pin.len())
            };
            ui.label(RichText::new(dots).size(40.0));
            self.pad_ui(sh, ui);
            Self::unlock_ui(sh, ui);
            if sh.demo {
                ui.add_space(12.0);
                let demo = RichText::new(sh.t(id!("login-demo-pins")));
                ui.label(demo.size(20.0).color(sh.theme().accent));
            }
            sh.notice_ui(ui);
        });
    }
}
