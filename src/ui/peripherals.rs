//! The till's devices as the screen sees them: the serial scanner's codes, the customer
//! display after each outcome, the scale when a weighed product is sold, the print spooler, and
//! their lights in the status bar.

use super::{Notice, Overlay, Screen, TillUi, keys, returns};
use crate::app::Clock;
use crate::app::command::{Command, Outcome};
use crate::backup::schedule::Freshness;
use crate::devices::display::DisplayPort;
use crate::devices::scale::Scale;
use crate::devices::scanner::ScanSource;
use crate::till::format::Locale;
use eframe::egui;
use egui::RichText;

impl<C: Clock> TillUi<C> {
    /// Shows items, totals and change on this customer display.
    pub fn with_display(mut self, display: impl DisplayPort + 'static) -> TillUi<C> {
        display.show(&self.welcome(), "");
        self.display = Some(Box::new(display));
        self
    }

    /// Weighs loose products on this scale.
    pub fn with_scale(mut self, scale: impl Scale + 'static) -> TillUi<C> {
        self.scale = Some(Box::new(scale));
        self
    }

    pub(super) fn welcome(&self) -> String {
        let name = &self.till.settings().store_name;
        if name.is_empty() {
            self.tr("Bienvenido", "Welcome").into()
        } else {
            format!("{} {name}", self.tr("Bienvenido a", "Welcome to"))
        }
    }

    /// What the customer sees after each outcome.
    pub(super) fn display_outcome(&mut self, outcome: &Outcome) {
        use crate::devices::display::spread;
        let Some(display) = &self.display else {
            return;
        };
        let total = self.money(self.till.totals().total);
        match outcome {
            Outcome::Scanned(s) => {
                display.show(
                    &spread(&s.name, &self.money(s.line_total)),
                    &spread(self.tr("TOTAL", "TOTAL"), &total),
                );
                self.display_welcome_at = None;
            }
            Outcome::Remaining { in_cash, .. } => display.show(
                &spread(self.tr("TOTAL", "TOTAL"), &total),
                &spread(self.tr("A pagar", "To pay"), &self.money(*in_cash)),
            ),
            Outcome::Paid(c) => {
                display.show(
                    &spread(self.tr("Total", "Total"), &self.money(c.total)),
                    &spread(self.tr("Cambio", "Change"), &self.money(c.change)),
                );
                self.display_welcome_at =
                    Some(std::time::Instant::now() + std::time::Duration::from_secs(8));
            }
            _ => {}
        }
    }

    /// The welcome line comes back a few seconds after a sale.
    pub(super) fn display_tick(&mut self, ctx: &egui::Context) {
        if let (Some(at), Some(display)) = (self.display_welcome_at, &self.display) {
            let now = std::time::Instant::now();
            if now >= at {
                display.show(&self.welcome(), "");
                self.display_welcome_at = None;
            } else {
                ctx.request_repaint_after(at - now);
            }
        }
    }

    /// Takes scans from this serial scanner as well as from the keyboard.
    pub fn with_scanner(mut self, scanner: impl ScanSource + 'static) -> TillUi<C> {
        self.scanner = Some(Box::new(scanner));
        self
    }

    /// Codes from the serial scanner go where a keyboard scan would: the sale (also under the
    /// search box) or the return screen's receipt number.
    pub(super) fn serial_scans(&mut self, ctx: &egui::Context) {
        let Some(scanner) = &self.scanner else {
            return;
        };
        if !self.scanner_waker_set {
            let ctx = ctx.clone();
            scanner.set_waker(Box::new(move || ctx.request_repaint()));
            self.scanner_waker_set = true;
        }
        let mut codes = Vec::new();
        while let Some(scan) = scanner.try_recv() {
            codes.push(scan.code);
        }
        for code in codes {
            match (self.screen, &self.overlay) {
                (Screen::Sale, None | Some(Overlay::Search { .. })) => {
                    self.run(Command::Scan { code });
                }
                (Screen::Devices, _) => self.devices.last_scan = Some(code),
                (Screen::Return, _) if self.ret.step == returns::ReturnStep::Number => {
                    self.ret.number = code;
                    self.return_input(keys::Input::Key(egui::Key::Enter));
                }
                _ => {
                    self.notice = Some(Notice::Error(format!(
                        "«{code}»: {}",
                        self.tr(
                            "escaneo no usado; termine lo que está en pantalla",
                            "scan not used; finish what is on screen first"
                        )
                    )));
                }
            }
        }
    }

    /// Prints through this spooler (receipts, drawer pulses) and shows its state.
    pub fn with_spooler(mut self, spooler: crate::app::workers::spooler::Spooler) -> TillUi<C> {
        self.spooler = Some(spooler);
        self
    }

    pub(super) fn wake_spooler(&self) {
        if let Some(s) = &self.spooler {
            s.wake();
        }
    }

    /// A weighed product was scanned or picked: ask the scale, then add it with that weight.
    pub(super) fn weigh(&mut self, command: &Command, name: &str) -> bool {
        let code = match command {
            Command::Scan { code } => self.till.catalog_code(code),
            Command::AddProduct { product_id } => {
                self.till.product_code(*product_id).ok().flatten()
            }
            _ => None,
        };
        let (Some(code), Some(scale)) = (code, self.scale.as_mut()) else {
            return false;
        };
        match scale.weight() {
            Ok(grams) => self.run(Command::Weighed { code, grams }),
            Err(e) => {
                use crate::devices::scale::ScaleError::*;
                let why = match (&e, self.locale()) {
                    (_, Locale::En) => e.to_string(),
                    (Unstable, _) => {
                        "el peso no es estable; espere a que la balanza se quede quieta".into()
                    }
                    (Zero, _) => "la balanza marca cero; ponga el producto encima".into(),
                    (OverCapacity, _) => "la balanza está por encima de su capacidad".into(),
                    (UnderZero, _) => {
                        "la balanza marca menos de cero; vacíela y póngala a cero".into()
                    }
                    (Garbled(_), _) | (Unreachable { .. }, _) => format!("balanza: {e}"),
                };
                self.notice = Some(Notice::Error(format!("{name}: {why}")));
                false
            }
        }
    }

    /// Green: printed; amber: printing, or a roll near its end; red: jobs waiting behind an
    /// error, named on the bar (paper out, cover open, offline; hover for the details); grey:
    /// no printer configured.
    pub(super) fn printer_status_ui(&self, ui: &mut egui::Ui) {
        let name = self.tr("Impresora", "Printer");
        let Some(spooler) = &self.spooler else {
            ui.label(RichText::new(format!("• {name}")).color(self.theme.muted));
            return;
        };
        let status = spooler.status();
        let problem = status.printer.and_then(|p| p.problem(self.locale()));
        let count = if status.pending > 0 {
            format!(" ({})", status.pending)
        } else {
            String::new()
        };
        let (colour, text, hint) = match (&status.last_error, status.pending, problem) {
            (Some(e), n, _) if n > 0 => (
                self.theme.error,
                format!(
                    "• {name}{count}: {}",
                    problem.unwrap_or(self.tr("no imprime", "not printing"))
                ),
                format!(
                    "{n} {}: {}",
                    self.tr("pendientes", "waiting"),
                    super::messages::printer_error(e, self.locale())
                ),
            ),
            (_, _, Some(p)) => (
                if status
                    .printer
                    .is_some_and(|s| s.blocking_reason().is_some())
                {
                    self.theme.error
                } else {
                    self.theme.warning
                },
                format!("• {name}{count}: {p}"),
                p.to_string(),
            ),
            (_, 0, None) => (
                self.theme.ok,
                format!("• {name}"),
                self.tr("lista", "ready").to_string(),
            ),
            (_, n, None) => (
                self.theme.warning,
                format!("• {name}{count}"),
                format!("{n} {}", self.tr("imprimiendo", "printing")),
            ),
        };
        self.light(ui, colour, text).on_hover_text(hint);
    }

    /// Shown only when there is something to say: amber while the printer reports the drawer
    /// open, red when a drawer on its own port did not open (hover for why).
    pub(super) fn drawer_status_ui(&self, ui: &mut egui::Ui) {
        let open = self
            .spooler
            .as_ref()
            .and_then(|s| s.status().printer)
            .is_some_and(|p| p.drawer_open);
        if open {
            self.light(
                ui,
                self.theme.warning,
                self.tr("• Cajón abierto", "• Drawer open"),
            );
        } else if let Some(e) = self.till.drawer_error() {
            self.light(
                ui,
                self.theme.error,
                self.tr("• Cajón: no abre", "• Drawer: does not open"),
            )
            .on_hover_text(e);
        }
    }

    /// What the Devices screen says about the drawer.
    pub(super) fn drawer_state(&self) -> String {
        if let Some(e) = self.till.drawer_error() {
            return e;
        }
        match self.spooler.as_ref().and_then(|s| s.status().printer) {
            Some(p) if p.drawer_open => self.tr("abierto", "open").into(),
            Some(_) => self.tr("cerrado", "closed").into(),
            None => String::new(),
        }
    }

    /// Shows how the process is confined (the sandbox's report).
    pub fn with_confinement(mut self, report: crate::sandbox::Report) -> TillUi<C> {
        self.confinement = Some(report);
        self
    }

    /// Green: fully confined; amber: partly (hover for what is missing and why); red: not
    /// confined.
    pub(super) fn confinement_status_ui(&self, ui: &mut egui::Ui) {
        use crate::sandbox::Level;
        let name = self.tr("Aislamiento", "Sandbox");
        let (colour, text, hint) = match &self.confinement {
            None => (
                self.theme.error,
                format!("• {name}: {}", self.tr("no", "off")),
                self.tr("el proceso no está aislado", "the process is not confined")
                    .to_string(),
            ),
            Some(r) => match r.level {
                Level::Full => (
                    self.theme.ok,
                    format!("• {name}"),
                    self.tr("aislamiento completo", "fully confined")
                        .to_string(),
                ),
                Level::Partial => (
                    self.theme.warning,
                    format!("• {name}: {}", self.tr("parcial", "partial")),
                    r.missing.join("\n"),
                ),
                Level::Off => (
                    self.theme.error,
                    format!("• {name}: {}", self.tr("no", "off")),
                    r.missing.join("\n"),
                ),
            },
        };
        self.light(ui, colour, text).on_hover_text(hint);
    }

    /// Backs up through this service: after Z reports, and its state on the status bar.
    pub fn with_backups(
        mut self,
        backups: std::sync::Arc<crate::app::workers::backup::BackupService>,
    ) -> TillUi<C> {
        self.backups = Some(backups);
        self
    }

    /// The age of the last good backup and the last error, in words.
    pub(super) fn backup_state(&self) -> (crate::backup::schedule::Freshness, String) {
        use crate::backup::schedule::freshness;
        let Some(service) = &self.backups else {
            return (Freshness::Stale, self.tr("sin copias", "no backups").into());
        };
        let s = service.status();
        if !s.configured {
            return (
                Freshness::Stale,
                self.tr(
                    "sin destino de copias: caja config set backup.dir y backup.recipients",
                    "no backup destination: caja config set backup.dir and backup.recipients",
                )
                .into(),
            );
        }
        let now = self.till.clock().now().to_utc();
        let age = s.last_good.map(|t| {
            let h = (now - t).num_hours().max(0);
            if h < 1 {
                self.tr("hace menos de 1 h", "less than 1 h ago")
                    .to_string()
            } else if h < 48 {
                format!("{} {h} h", self.tr("hace", "ago:"))
            } else {
                format!(
                    "{} {} {}",
                    self.tr("hace", "ago:"),
                    h / 24,
                    self.tr("días", "days")
                )
            }
        });
        let mut text = match age {
            Some(a) => format!("{}: {a}", self.tr("última copia", "last backup")),
            None => self.tr("ninguna copia todavía", "no backup yet").into(),
        };
        if s.running {
            text.push_str(self.tr(" · copiando…", " · backing up…"));
        }
        if let Some(e) = &s.last_error {
            text.push_str(&format!(
                " · {}: {e}",
                self.tr("último error", "last error")
            ));
        }
        let fresh = freshness(s.last_good, now);
        (
            if s.last_error.is_some() && fresh == Freshness::Fresh {
                Freshness::Old
            } else {
                fresh
            },
            text,
        )
    }

    /// Green: a good backup in the last 24 h; amber: older, or the last attempt failed; red:
    /// older than 72 h or none (hover for when and why).
    pub(super) fn backup_status_ui(&self, ui: &mut egui::Ui) {
        let (fresh, text) = self.backup_state();
        let name = format!("• {}", self.tr("Copia", "Backup"));
        self.light(ui, self.freshness_colour(fresh), name)
            .on_hover_text(text);
    }

    /// Green, amber or red for how recent the last good backup is.
    pub(super) fn freshness_colour(&self, fresh: Freshness) -> egui::Color32 {
        match fresh {
            Freshness::Fresh => self.theme.ok,
            Freshness::Old => self.theme.warning,
            Freshness::Stale => self.theme.error,
        }
    }

    /// One status-bar light: its text, bold, in its colour.
    fn light(
        &self,
        ui: &mut egui::Ui,
        colour: egui::Color32,
        text: impl Into<String>,
    ) -> egui::Response {
        ui.label(RichText::new(text.into()).color(colour).strong())
    }

    /// Green: the serial scanner is connected; red: unplugged (hover for why); grey: keyboard
    /// wedge only.
    pub(super) fn scanner_status_ui(&self, ui: &mut egui::Ui) {
        let name = self.tr("Escáner", "Scanner");
        let Some(scanner) = &self.scanner else {
            ui.label(RichText::new(format!("• {name}")).color(self.theme.muted));
            return;
        };
        let s = scanner.status();
        let (colour, hint) = if s.connected {
            (self.theme.ok, self.tr("conectado", "connected").to_string())
        } else {
            let mut why = s
                .last_error
                .unwrap_or_else(|| self.tr("desconectado", "disconnected").into());
            // Confined, a replugged device is a new node the start-up policy does not cover.
            if self.confinement.is_some() && why.contains("Permission denied") {
                why.push_str(self.tr(
                    " — tras reconectar el escáner, reinicie Caja (el aislamiento solo permite el dispositivo que había al arrancar)",
                    " — after replugging the scanner, restart Caja (confinement allows only the device present at start-up)",
                ));
            }
            (self.theme.error, why)
        };
        self.light(ui, colour, format!("• {name}"))
            .on_hover_text(hint);
    }
}
