//! The Devices section, in the back office's look: each device with its address and how it is
//! doing, the tests as a row of buttons (a test receipt, the drawer, the scale, the customer
//! display, the print queue), the addresses as fields saved together (to this till's
//! configuration file, through the app: permission and audit), the ports found on this
//! machine, and the last scan of a serial scanner (shown, never sold). The till's F7 screen
//! shows the same from the sale.

use super::super::devices::{DEVICE_KEYS, DevicesScreen, TESTS, test_command};
use super::super::shell::Shell;
use super::{enter_pressed, field_ui, label_ui, title_ui};
use crate::app::Clock;
use crate::app::command::Command;
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

#[derive(Default)]
pub(super) struct DevicesView {
    /// The ports found, read when the section opens and on Refresh.
    detected: Option<Vec<String>>,
    /// The addresses as typed, and as stored (read when the section opens and after a save).
    typed: Vec<String>,
    stored: Vec<String>,
    /// The last code a serial scanner sent while the section was shown.
    pub last_scan: Option<String>,
}

impl DevicesView {
    fn read<C: Clock>(&mut self, sh: &Shell<'_, C>) {
        self.stored = match sh.till.config_file() {
            Some(file) => DEVICE_KEYS
                .iter()
                .map(|k| sh.till.setting(file, k).unwrap_or_default())
                .collect(),
            None => Vec::new(),
        };
        self.typed = self.stored.clone();
    }

    /// Escape: puts the stored addresses back; false when nothing was typed.
    pub fn cancel(&mut self) -> bool {
        let typed = self.typed != self.stored;
        self.typed = self.stored.clone();
        typed
    }

    pub fn view_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        title_ui(
            ui,
            &sh.t(id!("bo-devices-title")),
            &sh.t(id!("bo-devices-detail")),
        );
        if self.detected.is_none() {
            self.detected = Some(sh.till.detected_devices());
            self.read(sh);
        }
        egui::ScrollArea::vertical()
            .id_salt("devices-section")
            .auto_shrink(false)
            .show(ui, |ui| {
                Self::state_ui(sh, ui);
                ui.add_space(10.0);
                Self::tests_ui(sh, ui);
                if let Some(code) = &self.last_scan {
                    ui.label(sh.msg(msg!("devices-last-scan", code = code.clone())));
                }
                ui.add_space(12.0);
                self.addresses_ui(sh, ui);
                ui.add_space(12.0);
                self.detected_ui(sh, ui);
            });
    }

    /// Each device: its name, address and state.
    fn state_ui<C: Clock>(sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        egui::Grid::new("bo-devices")
            .striped(true)
            .spacing([18.0, 10.0])
            .show(ui, |ui| {
                for (what, address, state) in DevicesScreen::default().rows(sh) {
                    label_ui(ui, RichText::new(sh.t(what)).strong(), 130.0);
                    label_ui(ui, address, 300.0);
                    label_ui(ui, state, 300.0);
                    ui.end_row();
                }
            });
    }

    fn tests_ui<C: Clock>(sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.label(RichText::new(sh.t(id!("bo-devices-tests"))).strong());
        ui.horizontal_wrapped(|ui| {
            for (key, words) in TESTS {
                let b = egui::Button::new(sh.t(words)).min_size(egui::vec2(150.0, 40.0));
                if ui.add(b).clicked()
                    && let Some(command) = test_command(key)
                {
                    sh.run(command);
                }
            }
        });
    }

    /// The addresses, saved together (each key its own audited change).
    fn addresses_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.label(RichText::new(sh.t(id!("bo-devices-addresses"))).strong());
        if self.stored.is_empty() {
            ui.label(RichText::new(sh.t(id!("devices-no-config-file"))).weak());
            return;
        }
        ui.label(
            RichText::new(sh.t(id!("bo-devices-addresses-detail")))
                .small()
                .weak(),
        );
        for (key, value) in DEVICE_KEYS.iter().zip(self.typed.iter_mut()) {
            field_ui(ui, key, value, None, false, 330.0);
        }
        let changed = self.typed != self.stored;
        let save = egui::Button::new(sh.t(id!("bo-save"))).min_size(egui::vec2(160.0, 40.0));
        if ui.add_enabled(changed, save).clicked() || changed && enter_pressed(ui) {
            for (i, key) in DEVICE_KEYS.iter().enumerate() {
                if self.typed[i] != self.stored[i] {
                    let command = Command::ChangeSetting {
                        key: (*key).into(),
                        value: self.typed[i].trim().into(),
                    };
                    if !sh.run(command) {
                        return;
                    }
                    self.stored[i] = self.typed[i].trim().to_string();
                }
            }
            self.typed = self.stored.clone();
        }
    }

    fn detected_ui<C: Clock>(&mut self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(sh.t(id!("devices-detected"))).strong());
            if ui.button(sh.t(id!("bo-import-refresh"))).clicked() {
                self.detected = Some(sh.till.detected_devices());
            }
        });
        let detected = self.detected.clone().unwrap_or_default();
        if detected.is_empty() {
            ui.label(RichText::new(sh.t(id!("devices-detected-none"))).weak());
        }
        for d in &detected {
            ui.label(RichText::new(d).monospace());
        }
    }
}
