//! The Devices screen (F7; technician or manager): what is configured and how it is doing,
//! detected ports, and tests — print a test receipt, open the drawer, read the scale, show on
//! the customer display, retry the print queue. A serial scan here is shown, not sold (test
//! scan). Addresses are changed with `caja config set devices.…`.

use super::keys::Input;
use super::{Notice, Screen, TillUi};
use crate::app::Clock;
use crate::app::command::Command;
use crate::devices::drawer::DrawerWiring;
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

/// The Devices screen's state.
#[derive(Clone, Debug, Default)]
pub struct DevicesFlow {
    pub detected: Vec<String>,
    pub last_scan: Option<String>,
    pub weight: Option<String>,
    /// Editing: which key, and the value being typed.
    pub editing: Option<(usize, String)>,
}

impl<C: Clock> TillUi<C> {
    pub(super) fn open_devices(&mut self) {
        if self.run(Command::OpenDevices) {
            self.devices.detected = crate::devices::detect();
            self.notice = None;
            self.screen = Screen::Devices;
        }
    }

    fn edit_value(&self, field: usize) -> String {
        match &self.config_file {
            Some(file) => self
                .till
                .setting(file, DEVICE_KEYS[field])
                .unwrap_or_default(),
            None => String::new(),
        }
    }

    fn edit_input(&mut self, field: usize, mut value: String, input: Input) {
        let n = DEVICE_KEYS.len();
        self.devices.editing = match input {
            Input::Key(Key::Escape) => None,
            Input::Key(Key::ArrowDown) => Some(((field + 1) % n, self.edit_value((field + 1) % n))),
            Input::Key(Key::ArrowUp) => {
                Some(((field + n - 1) % n, self.edit_value((field + n - 1) % n)))
            }
            Input::Key(Key::Backspace) => {
                value.pop();
                Some((field, value))
            }
            Input::Char(c) => {
                value.push(c);
                Some((field, value))
            }
            Input::Key(Key::Enter) => {
                let Some(file) = self.config_file.clone() else {
                    return;
                };
                match self
                    .till
                    .change_setting(&file, DEVICE_KEYS[field], value.trim())
                {
                    Ok(_) => {
                        self.info(format!(
                            "{} {} — {}",
                            DEVICE_KEYS[field],
                            self.tr("guardado", "saved"),
                            self.tr("se aplica al reiniciar Caja", "applies when Caja restarts")
                        ));
                        None
                    }
                    Err(e) => {
                        self.error(&e);
                        Some((field, value))
                    }
                }
            }
            _ => Some((field, value)),
        };
    }

    pub(super) fn devices_input(&mut self, input: Input) {
        if let Some((field, value)) = self.devices.editing.take() {
            self.edit_input(field, value, input);
            return;
        }
        match input {
            Input::Char('e' | 'E') if self.config_file.is_some() => {
                self.devices.editing = Some((0, self.edit_value(0)));
            }
            Input::Char('1') => self.test_print(),
            Input::Char('2') => self.test_drawer(),
            Input::Char('3') => self.test_scale(),
            Input::Char('4') => self.test_display(),
            Input::Char('5') => self.wake_spooler(),
            Input::Key(Key::Escape) => {
                self.screen = if self.till.session().is_some_and(|s| {
                    crate::till::permission::role_allows(
                        s.user.role,
                        crate::till::permission::Permission::Sell,
                    )
                }) {
                    Screen::Sale
                } else {
                    self.run(Command::Logout);
                    Screen::Login
                };
            }
            _ => {}
        }
    }

    fn test_print(&mut self) {
        match self.till.queue_test_print() {
            Ok(None) => self.no_printer(),
            Ok(Some(_)) => {
                self.wake_spooler();
                self.info(
                    self.tr("Prueba enviada a la impresora", "Test sent to the printer")
                        .into(),
                );
            }
            Err(e) => self.error(&e),
        }
    }

    fn no_printer(&mut self) {
        self.notice = Some(Notice::Error(
            self.tr(
                "No hay impresora: caja config set devices.printer usb:/dev/usb/lp0",
                "No printer: caja config set devices.printer usb:/dev/usb/lp0",
            )
            .into(),
        ));
    }

    fn test_drawer(&mut self) {
        use crate::app::DrawerPulse;
        match self.till.open_drawer() {
            Ok(DrawerPulse::Queued(_)) => {
                self.wake_spooler();
                self.info(self.tr("Cajón: pulso enviado", "Drawer: pulse sent").into());
            }
            Ok(DrawerPulse::Sent) => {
                self.info(
                    self.tr(
                        "Cajón: pulso enviado a su puerto",
                        "Drawer: pulse sent to its port",
                    )
                    .into(),
                );
            }
            Ok(DrawerPulse::NoDrawer)
                if self.till.settings().drawer == DrawerWiring::Printer
                    && self.till.settings().printer.is_none() =>
            {
                self.no_printer()
            }
            Ok(DrawerPulse::NoDrawer) => {
                self.notice = Some(Notice::Error(
                    self.tr(
                        "No hay cajón: caja config set devices.drawer printer (en la impresora) o serial:/dev/ttyUSB3",
                        "No drawer: caja config set devices.drawer printer (on the printer) or serial:/dev/ttyUSB3",
                    )
                    .into(),
                ));
            }
            Err(e) => self.error(&e),
        }
    }

    fn test_scale(&mut self) {
        let Some(scale) = self.till.settings().scale.clone() else {
            self.notice = Some(Notice::Error(
                self.tr("No hay balanza configurada", "No scale configured")
                    .into(),
            ));
            return;
        };
        self.devices.weight = Some(match crate::devices::scale::read_weight(&scale) {
            Ok(g) => format!(
                "{} kg",
                crate::till::format::format_fixed(g, 3, self.locale())
            ),
            Err(e) => e.to_string(),
        });
    }

    fn test_display(&mut self) {
        match &self.display {
            Some(d) => d.show(
                self.tr("Prueba de visor", "Display test"),
                "áéíóú ñ ¿? ¡! 1,00 €",
            ),
            None => {
                self.notice = Some(Notice::Error(
                    self.tr("No hay visor configurado", "No display configured")
                        .into(),
                ))
            }
        }
    }

    pub(super) fn devices_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(self.tr("Dispositivos", "Devices"));
        self.notice_ui(ui);
        let s = self.till.settings().clone();
        let none = self.tr("ninguno", "none").to_string();
        let show = |u: &Option<crate::devices::uri::DeviceUri>| {
            u.as_ref().map_or(none.clone(), |u| u.to_string())
        };
        let printer_state = match &self.spooler {
            Some(sp) => {
                let st = sp.status();
                match st.last_error {
                    Some(e) if st.pending > 0 => {
                        format!("{} {}: {e}", st.pending, self.tr("en cola", "queued"))
                    }
                    _ => format!("{} {}", st.printed, self.tr("impresos", "printed")),
                }
            }
            None => String::new(),
        };
        let scanner_state = match &self.scanner {
            Some(sc) => {
                let st = sc.status();
                if st.connected {
                    self.tr("conectado", "connected").to_string()
                } else {
                    st.last_error.unwrap_or_default()
                }
            }
            None => self.tr("solo teclado (cuña)", "keyboard wedge only").into(),
        };
        egui::Grid::new("devices")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                let rows = [
                    (
                        self.tr("Impresora", "Printer"),
                        format!("{} · {}", show(&s.printer), s.printer_profile.name),
                        printer_state,
                    ),
                    (
                        self.tr("Cajón", "Drawer"),
                        match &s.drawer {
                            DrawerWiring::Printer => {
                                self.tr("en la impresora", "on the printer").into()
                            }
                            DrawerWiring::None => self.tr("ninguno", "none").into(),
                            DrawerWiring::Serial(uri) => uri.to_string(),
                        },
                        self.drawer_state(),
                    ),
                    (
                        self.tr("Escáner", "Scanner"),
                        show(&s.scanner),
                        scanner_state,
                    ),
                    (
                        self.tr("Visor", "Display"),
                        show(&s.display),
                        self.display
                            .as_ref()
                            .and_then(|d| d.error())
                            .unwrap_or_default(),
                    ),
                    (
                        self.tr("Balanza", "Scale"),
                        show(&s.scale),
                        self.devices.weight.clone().unwrap_or_default(),
                    ),
                ];
                for (what, address, state) in rows {
                    ui.label(RichText::new(what).strong());
                    ui.label(address);
                    ui.label(state);
                    ui.end_row();
                }
            });
        ui.label(RichText::new(self.tr("Detectados:", "Detected:")).strong());
        if self.devices.detected.is_empty() {
            ui.label(self.tr(
                "ningún puerto USB de impresora o serie",
                "no USB printer or serial port",
            ));
        }
        for d in &self.devices.detected {
            ui.label(RichText::new(d).monospace());
        }
        if let Some((field, value)) = &self.devices.editing {
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    self.tr("Cambiar", "Change"),
                    DEVICE_KEYS[*field]
                ))
                .strong(),
            );
            ui.label(RichText::new(format!("{value}|")).size(24.0).monospace());
            ui.label(
                RichText::new(self.tr(
                    "↑ ↓ otro ajuste · teclee la dirección · Intro guardar · Esc salir",
                    "↑ ↓ another setting · type the address · Enter save · Esc leave",
                ))
                .color(self.theme.muted),
            );
        } else if self.config_file.is_some() {
            ui.label(
                RichText::new(self.tr(
                    "E = cambiar direcciones (usb:, tcp://, serial:, file:)",
                    "E = change addresses (usb:, tcp://, serial:, file:)",
                ))
                .color(self.theme.muted),
            );
        }
        if let Some(code) = &self.devices.last_scan {
            ui.label(format!(
                "{} {code}",
                self.tr("Último escaneo de prueba:", "Last test scan:")
            ));
        }
        let size = egui::vec2(300.0, 50.0);
        let actions: [(&str, &str, char); 5] = [
            ("1 · Imprimir prueba", "1 · Test print", '1'),
            ("2 · Abrir cajón", "2 · Open drawer", '2'),
            ("3 · Leer peso", "3 · Read weight", '3'),
            ("4 · Mostrar en visor", "4 · Show on display", '4'),
            ("5 · Reintentar la cola", "5 · Retry the queue", '5'),
        ];
        for (es, en, key) in actions {
            if ui
                .add_sized(size, egui::Button::new(self.tr(es, en)))
                .clicked()
            {
                self.devices_input(Input::Char(key));
            }
        }
        if ui
            .add_sized(
                size,
                egui::Button::new(self.tr("Volver (Esc)", "Back (Esc)")),
            )
            .clicked()
        {
            self.devices_input(Input::Key(Key::Escape));
        }
    }
}
