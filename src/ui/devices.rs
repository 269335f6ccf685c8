//! The Devices screen (F7; technician or manager): what is configured and how it is doing,
//! detected ports, and tests — print a test receipt, open the drawer, read the scale, show on
//! the customer display, retry the print queue — and, with E, the devices' addresses. A serial
//! scan here is shown, not sold (test scan).

use super::keys::Input;
use super::shell::Shell;
use super::{Screen, TillScreen, messages};
use crate::app::command::Command;
use crate::app::{Clock, DrawerPulse};
use crate::devices::drawer::DrawerWiring;
use crate::devices::uri::DeviceUri;
use crate::i18n::Id;
use crate::{id, msg};
use eframe::egui;
use egui::{Key, RichText};

/// The keys the Devices screen edits.
pub const DEVICE_KEYS: [&str; 6] = [
    "devices.printer",
    "devices.printer_profile",
    "devices.drawer",
    "devices.scanner",
    "devices.display",
    "devices.scale",
];

/// The tests: key, words.
const TESTS: [(char, Id); 5] = [
    ('1', id!("devices-test-print")),
    ('2', id!("devices-test-drawer")),
    ('3', id!("devices-test-scale")),
    ('4', id!("devices-test-display")),
    ('5', id!("devices-test-queue")),
];

/// The Devices screen's state.
#[derive(Clone, Debug, Default)]
pub(super) struct DevicesScreen {
    detected: Vec<String>,
    last_scan: Option<String>,
    weight: Option<String>,
    /// Editing: which key, and the value being typed.
    editing: Option<(usize, String)>,
}

impl DevicesScreen {
    fn edit_value<C: Clock>(sh: &Shell<'_, C>, field: usize) -> String {
        match &sh.st.devices.config_file {
            Some(file) => sh
                .till
                .setting(file, DEVICE_KEYS[field])
                .unwrap_or_default(),
            None => String::new(),
        }
    }

    fn edit_input<C: Clock>(
        sh: &mut Shell<'_, C>,
        field: usize,
        mut value: String,
        input: Input,
    ) -> Option<(usize, String)> {
        let n = DEVICE_KEYS.len();
        match input {
            Input::Key(Key::Escape) => None,
            Input::Key(Key::ArrowDown) => {
                Some(((field + 1) % n, Self::edit_value(sh, (field + 1) % n)))
            }
            Input::Key(Key::ArrowUp) => Some((
                (field + n - 1) % n,
                Self::edit_value(sh, (field + n - 1) % n),
            )),
            Input::Key(Key::Backspace) => {
                value.pop();
                Some((field, value))
            }
            Input::Char(c) => {
                value.push(c);
                Some((field, value))
            }
            Input::Key(Key::Enter) => Self::save(sh, field, value),
            _ => Some((field, value)),
        }
    }

    /// Writes the address to the configuration; the edit stays open when it is refused.
    fn save<C: Clock>(
        sh: &mut Shell<'_, C>,
        field: usize,
        value: String,
    ) -> Option<(usize, String)> {
        let file = sh.st.devices.config_file.clone()?;
        match sh
            .till
            .change_setting(&file, DEVICE_KEYS[field], value.trim())
        {
            Ok(_) => {
                sh.info(sh.msg(msg!("devices-saved", key = DEVICE_KEYS[field])));
                None
            }
            Err(e) => {
                sh.error(&e);
                Some((field, value))
            }
        }
    }

    fn test_print<C: Clock>(sh: &mut Shell<'_, C>) {
        match sh.till.queue_test_print() {
            Ok(None) => sh.fail(msg!("devices-no-printer")),
            Ok(Some(_)) => {
                sh.wake_spooler();
                sh.info(sh.t(id!("devices-test-sent")));
            }
            Err(e) => sh.error(&e),
        }
    }

    fn test_drawer<C: Clock>(sh: &mut Shell<'_, C>) {
        let s = sh.till.settings();
        let no_printer = s.drawer == DrawerWiring::Printer && s.printer.is_none();
        match sh.till.open_drawer() {
            Ok(DrawerPulse::Queued(_)) => {
                sh.wake_spooler();
                sh.info(sh.t(id!("devices-drawer-pulsed")));
            }
            Ok(DrawerPulse::Sent) => sh.info(sh.t(id!("devices-drawer-pulsed-port"))),
            Ok(DrawerPulse::NoDrawer) if no_printer => sh.fail(msg!("devices-no-printer")),
            Ok(DrawerPulse::NoDrawer) => sh.fail(msg!("devices-no-drawer")),
            Err(e) => sh.error(&e),
        }
    }

    fn test_scale<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        let Some(scale) = sh.till.settings().scale.clone() else {
            sh.fail(msg!("devices-no-scale"));
            return;
        };
        self.weight = Some(match crate::devices::scale::read_weight(&scale) {
            Ok(g) => format!(
                "{} kg",
                crate::till::format::format_fixed(g, 3, sh.locale())
            ),
            Err(e) => sh.msg(messages::scale_message(&e)),
        });
    }

    fn test_display<C: Clock>(sh: &mut Shell<'_, C>) {
        match &sh.st.devices.display {
            Some(d) => d.show(&sh.t(id!("devices-display-test")), "áéíóú ñ ¿? ¡! 1,00 €"),
            None => sh.fail(msg!("devices-no-display")),
        }
    }

    /// The configured devices: name, address, state.
    fn rows<C: Clock>(&self, sh: &Shell<'_, C>) -> [(Id, String, String); 5] {
        let s = sh.till.settings();
        let none = sh.t(id!("devices-none")).into_owned();
        let show = |u: &Option<DeviceUri>| u.as_ref().map_or(none.clone(), |u| u.to_string());
        let devices = &sh.st.devices;
        let drawer = match &s.drawer {
            DrawerWiring::Printer => sh.t(id!("devices-drawer-on-printer")).into_owned(),
            DrawerWiring::None => none.clone(),
            DrawerWiring::Serial(uri) => uri.to_string(),
        };
        let display_state = devices
            .display
            .as_ref()
            .and_then(|d| d.error())
            .unwrap_or_default();
        [
            (
                id!("devices-printer"),
                format!("{} · {}", show(&s.printer), s.printer_profile.name),
                self.printer_state(sh),
            ),
            (id!("devices-drawer"), drawer, self.drawer_state(sh)),
            (
                id!("devices-scanner"),
                show(&s.scanner),
                self.scanner_state(sh),
            ),
            (id!("devices-display"), show(&s.display), display_state),
            (
                id!("devices-scale"),
                show(&s.scale),
                self.weight.clone().unwrap_or_default(),
            ),
        ]
    }

    fn printer_state<C: Clock>(&self, sh: &Shell<'_, C>) -> String {
        let Some(sp) = &sh.st.devices.spooler else {
            return String::new();
        };
        let st = sp.status();
        match st.last_error {
            Some(e) if st.pending > 0 => sh.msg(msg!(
                "devices-queued",
                n = st.pending.to_string(),
                error = e
            )),
            _ => sh.msg(msg!("devices-printed", n = st.printed.to_string())),
        }
    }

    fn scanner_state<C: Clock>(&self, sh: &Shell<'_, C>) -> String {
        match &sh.st.devices.scanner {
            Some(sc) => {
                let st = sc.status();
                if st.connected {
                    sh.t(id!("scanner-connected")).into_owned()
                } else {
                    st.last_error.unwrap_or_default()
                }
            }
            None => sh.t(id!("devices-wedge-only")).into_owned(),
        }
    }

    /// What the screen says about the drawer.
    fn drawer_state<C: Clock>(&self, sh: &Shell<'_, C>) -> String {
        if let Some(e) = sh.till.drawer_error() {
            return e;
        }
        match sh
            .st
            .devices
            .spooler
            .as_ref()
            .and_then(|s| s.status().printer)
        {
            Some(p) if p.drawer_open => sh.t(id!("devices-drawer-open")).into_owned(),
            Some(_) => sh.t(id!("devices-drawer-closed")).into_owned(),
            None => String::new(),
        }
    }

    fn table_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        egui::Grid::new("devices")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                for (what, address, state) in self.rows(sh) {
                    ui.label(RichText::new(sh.t(what)).strong());
                    ui.label(address);
                    ui.label(state);
                    ui.end_row();
                }
            });
        ui.label(RichText::new(sh.t(id!("devices-detected"))).strong());
        if self.detected.is_empty() {
            ui.label(sh.t(id!("devices-detected-none")));
        }
        for d in &self.detected {
            ui.label(RichText::new(d).monospace());
        }
    }

    fn edit_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        let muted = sh.theme().muted;
        if let Some((field, value)) = &self.editing {
            ui.separator();
            let title = sh.msg(msg!("devices-change", key = DEVICE_KEYS[*field]));
            ui.label(RichText::new(title).strong());
            ui.label(RichText::new(format!("{value}|")).size(24.0).monospace());
            ui.label(RichText::new(sh.t(id!("devices-edit-hint"))).color(muted));
        } else if sh.st.devices.config_file.is_some() {
            ui.label(RichText::new(sh.t(id!("devices-edit-key"))).color(muted));
        }
        if let Some(code) = &self.last_scan {
            ui.label(sh.msg(msg!("devices-last-scan", code = code.clone())));
        }
    }
}

impl<C: Clock> TillScreen<C> for DevicesScreen {
    fn enter(&mut self, _sh: &mut Shell<'_, C>) {
        self.detected = crate::devices::detect();
    }

    fn input(&mut self, sh: &mut Shell<'_, C>, input: Input, _time: f64) {
        if let Some((field, value)) = self.editing.take() {
            self.editing = Self::edit_input(sh, field, value, input);
            return;
        }
        match input {
            Input::Char('e' | 'E') if sh.st.devices.config_file.is_some() => {
                self.editing = Some((0, Self::edit_value(sh, 0)));
            }
            Input::Char('1') => Self::test_print(sh),
            Input::Char('2') => Self::test_drawer(sh),
            Input::Char('3') => self.test_scale(sh),
            Input::Char('4') => Self::test_display(sh),
            Input::Char('5') => sh.wake_spooler(),
            Input::Key(Key::Escape) if sh.sells() => sh.go(Screen::Sale),
            Input::Key(Key::Escape) => {
                sh.run(Command::Logout);
                sh.go(Screen::Login);
            }
            _ => {}
        }
    }

    fn serial_scan(&mut self, _sh: &mut Shell<'_, C>, code: String) -> bool {
        self.last_scan = Some(code);
        true
    }

    fn screen_ui(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.heading(sh.t(id!("devices-title")));
        sh.notice_ui(ui);
        self.table_ui(sh, ui);
        self.edit_ui(sh, ui);
        let size = egui::vec2(300.0, 50.0);
        for (key, words) in TESTS {
            let label = format!("{key} · {}", sh.t(words));
            if ui.add_sized(size, egui::Button::new(label)).clicked() {
                self.input(sh, Input::Char(key), 0.0);
            }
        }
        let back = egui::Button::new(sh.t(id!("button-back-esc")));
        if ui.add_sized(size, back).clicked() {
            self.input(sh, Input::Key(Key::Escape), 0.0);
        }
    }
}
