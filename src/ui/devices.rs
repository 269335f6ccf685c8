//! The Devices screen (F7; technician or manager): what is configured and how it is doing,
//! detected ports, and tests — print a test receipt, open the drawer, read the scale, show on
//! the customer display, retry the print queue — and, with E, the devices' addresses. A serial
//! scan here is shown, not sold (test scan).

use super::keys::Input;
use super::messages::device_fault;
use super::shell::Shell;
use super::{Screen, TillScreen};
use crate::app::Clock;
use crate::app::command::Command;
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
pub(super) const TESTS: [(char, Id); 5] = [
    ('1', id!("devices-test-print")),
    ('2', id!("devices-test-drawer")),
    ('3', id!("devices-test-scale")),
    ('4', id!("devices-test-display")),
    ('5', id!("devices-test-queue")),
];

/// The command behind a test key.
pub(super) fn test_command(key: char) -> Option<Command> {
    Some(match key {
        '1' => Command::TestPrint,
        '2' => Command::TestDrawer,
        '3' => Command::TestScale,
        '4' => Command::TestDisplay,
        '5' => Command::RetryPrinting,
        _ => return None,
    })
}

/// The Devices screen's state.
#[derive(Clone, Debug, Default)]
pub(super) struct DevicesScreen {
    detected: Vec<String>,
    last_scan: Option<String>,
    /// Editing: which key, and the value being typed.
    editing: Option<(usize, String)>,
}

impl DevicesScreen {
    fn edit_value<C: Clock>(sh: &Shell<'_, C>, field: usize) -> String {
        match sh.till.config_file() {
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

    /// Writes the address to the configuration (through the app: permission, audit); the
    /// edit stays open when it is refused.
    fn save<C: Clock>(
        sh: &mut Shell<'_, C>,
        field: usize,
        value: String,
    ) -> Option<(usize, String)> {
        let command = Command::ChangeSetting {
            key: DEVICE_KEYS[field].into(),
            value: value.trim().into(),
        };
        if sh.run(command) {
            None
        } else {
            Some((field, value))
        }
    }

    /// The configured devices: name, address, state.
    pub(super) fn rows<C: Clock>(&self, sh: &Shell<'_, C>) -> [(Id, String, String); 5] {
        let s = sh.till.settings();
        let none = sh.t(id!("devices-none")).into_owned();
        let show = |u: &Option<DeviceUri>| u.as_ref().map_or(none.clone(), |u| u.to_string());
        let drawer = match &s.drawer {
            DrawerWiring::Printer => sh.t(id!("devices-drawer-on-printer")).into_owned(),
            DrawerWiring::None => none.clone(),
            DrawerWiring::Serial(uri) => uri.to_string(),
        };
        let display_state = sh
            .till
            .display_state()
            .flatten()
            .map(|f| sh.msg(device_fault(&f)))
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
                sh.st.test_weight.clone().unwrap_or_default(),
            ),
        ]
    }

    fn printer_state<C: Clock>(&self, sh: &Shell<'_, C>) -> String {
        let Some(st) = sh.till.spool_status() else {
            return String::new();
        };
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
        match sh.till.scanner_status() {
            Some(st) => {
                if st.connected {
                    sh.t(id!("scanner-connected")).into_owned()
                } else {
                    st.last_error
                        .map(|f| sh.msg(device_fault(&f)))
                        .unwrap_or_default()
                }
            }
            None => sh.t(id!("devices-wedge-only")).into_owned(),
        }
    }

    /// What the screen says about the drawer.
    fn drawer_state<C: Clock>(&self, sh: &Shell<'_, C>) -> String {
        if let Some(f) = sh.till.drawer_error() {
            return sh.msg(device_fault(&f));
        }
        match sh.till.spool_status().and_then(|s| s.printer) {
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
        } else if sh.till.config_file().is_some() {
            ui.label(RichText::new(sh.t(id!("devices-edit-key"))).color(muted));
        }
        if let Some(code) = &self.last_scan {
            ui.label(sh.msg(msg!("devices-last-scan", code = code.clone())));
        }
    }
}

impl<C: Clock> TillScreen<C> for DevicesScreen {
    fn enter(&mut self, sh: &mut Shell<'_, C>) {
        self.detected = sh.till.detected_devices();
    }

    fn input(&mut self, sh: &mut Shell<'_, C>, input: Input, _time: f64) {
        if let Some((field, value)) = self.editing.take() {
            self.editing = Self::edit_input(sh, field, value, input);
            return;
        }
        match input {
            Input::Char('e' | 'E') if sh.till.config_file().is_some() => {
                self.editing = Some((0, Self::edit_value(sh, 0)));
            }
            Input::Char(key) => {
                if let Some(command) = test_command(key) {
                    sh.run(command);
                }
            }
            // `caja backoffice` opens Devices from its rail and never sells.
            Input::Key(Key::Escape) if sh.st.office_only => sh.go(Screen::BackOffice),
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
