//! The login screen: the PIN pad (touch and keyboard), the manager unlock after a lockout, and
//! the demo PINs in demo mode only.

use super::{ApprovalPurpose, Notice, Overlay, TillUi};
use crate::app::Clock;
use eframe::egui;
use egui::RichText;

impl<C: Clock> TillUi<C> {
    pub(super) fn login_ui(&mut self, ui: &mut egui::Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space(24.0);
            if !self.till.settings().store_name.is_empty() {
                ui.label(RichText::new(&self.till.settings().store_name).size(24.0));
            }
            ui.heading(RichText::new(self.tr("Introduzca su PIN", "Enter your PIN")).size(34.0));
            let dots = if self.pin.is_empty() {
                " ".to_string()
            } else {
                "•".repeat(self.pin.len())
            };
            ui.label(RichText::new(dots).size(40.0));
            let size = egui::vec2(110.0, 76.0);
            let rows: [[&str; 3]; 3] = [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"]];
            for row in rows {
                ui.horizontal(|ui| {
                    ui.add_space((ui.available_width() - 3.0 * (size.x + 10.0)) / 2.0);
                    for d in row {
                        if ui
                            .add_sized(size, egui::Button::new(RichText::new(d).size(32.0)))
                            .clicked()
                        {
                            self.pin.push_str(d);
                        }
                    }
                });
            }
            let (delete, enter) = (self.tr("Borrar", "Delete"), self.tr("Entrar", "Log in"));
            ui.horizontal(|ui| {
                ui.add_space((ui.available_width() - 3.0 * (size.x + 10.0)) / 2.0);
                if ui
                    .add_sized(size, egui::Button::new(RichText::new(delete).size(22.0)))
                    .clicked()
                {
                    self.pin.pop();
                }
                if ui
                    .add_sized(size, egui::Button::new(RichText::new("0").size(32.0)))
                    .clicked()
                {
                    self.pin.push('0');
                }
                if ui
                    .add_sized(
                        size,
                        egui::Button::new(RichText::new(enter).size(22.0).strong())
                            .fill(self.theme.accent.gamma_multiply(0.35)),
                    )
                    .clicked()
                {
                    self.submit_pin();
                }
            });
            if matches!(&self.notice, Some(Notice::Error(_)))
                && self
                    .till
                    .store()
                    .login_guard(&self.till.settings().terminal)
                    .is_ok_and(|g| g.locked_until.is_some())
            {
                let unlock = self.tr("Desbloquear (encargado)", "Unlock (manager)");
                if ui.button(unlock).clicked() {
                    self.overlay = Some(Overlay::Approval {
                        purpose: ApprovalPurpose::Unlock,
                        what: "unlock-login",
                        pin: String::new(),
                    });
                }
            }
            if self.demo {
                ui.add_space(12.0);
                ui.label(
                    RichText::new(self.tr(
                        "Demo — cajera 1111 · encargada 9999 · técnico 7777",
                        "Demo — cashier 1111 · manager 9999 · technician 7777",
                    ))
                    .size(20.0)
                    .color(self.theme.accent),
                );
            }
            self.notice_ui(ui);
        });
    }
}
