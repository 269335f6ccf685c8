//! The status bar at the foot of every screen: who is logged in, the till and its shift, a
//! light per device and service (printer, drawer, scanner, confinement, backup) with the details
//! on hover, and the clock.

use super::messages::{PrinterProblem, device_fault, printer_message};
use super::shell::Shell;
use crate::app::Clock;
use crate::app::workers::spooler::SpoolStatus;
use crate::backup::schedule::{Freshness, freshness};
use crate::devices::fault::DeviceFault;
use crate::i18n::Id;
use crate::till::shift::ShiftState;
use crate::{id, msg};
use eframe::egui;
use egui::{Color32, RichText};

impl<C: Clock> Shell<'_, C> {
    pub fn status_ui(&self, ui: &mut egui::Ui) {
        ui.style_mut().override_text_style = Some(egui::TextStyle::Small);
        ui.horizontal(|ui| {
            let user = self.till.session().map_or("—", |s| s.user.name.as_str());
            ui.label(self.msg(msg!("status-user", name = user.to_string())));
            if self.till.session().is_some_and(|s| s.user.training) {
                // Nobody forgets a till in training: its sales are no tickets.
                let mark = RichText::new(self.t(id!("status-training")))
                    .strong()
                    .color(Color32::WHITE)
                    .background_color(Color32::from_rgb(0xB0, 0x40, 0x00));
                ui.label(mark);
            }
            ui.separator();
            let terminal = self.till.settings().terminal.clone();
            ui.label(self.msg(msg!("status-till", terminal = terminal)));
            ui.separator();
            // The app's view of the shift as of the last command: no store query per frame.
            let shift = match self.till.shift_view() {
                Some((id, ShiftState::Open)) => {
                    self.msg(msg!("status-shift-open", id = id.to_string()))
                }
                Some(_) => self.t(id!("status-shift-closing")).into_owned(),
                None => self.t(id!("status-shift-none")).into_owned(),
            };
            ui.label(self.msg(msg!("status-shift", state = shift)));
            ui.separator();
            // Read once a frame: the printer's light and the drawer's both come from it.
            let spool = self.till.spool_status();
            self.printer_status_ui(ui, spool.as_ref());
            self.drawer_status_ui(ui, spool.as_ref());
            self.scanner_status_ui(ui);
            self.confinement_status_ui(ui);
            self.backup_status_ui(ui);
            self.fiscal_status_ui(ui);
            self.health_status_ui(ui);
            self.restart_status_ui(ui);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let now = self.till.clock().now().format("%d/%m/%Y %H:%M");
                ui.label(RichText::new(now.to_string()).strong());
            });
        });
    }

    /// One status-bar light: its text, bold, in its colour.
    fn light_ui(&self, ui: &mut egui::Ui, colour: Color32, text: String) -> egui::Response {
        ui.label(RichText::new(text).color(colour).strong())
    }

    /// `• Name` or `• Name: state`.
    fn light_text(&self, name: Id, state: Option<&str>) -> String {
        let name = self.t(name);
        match state {
            Some(s) => self.msg(msg!(
                "status-light-state",
                name = name,
                state = s.to_string()
            )),
            None => self.msg(msg!("status-light", name = name)),
        }
    }

    /// `• Impresora`, with the jobs waiting and the problem when there are any.
    fn printer_light(&self, pending: usize, state: Option<String>) -> String {
        let name = self.t(id!("status-printer"));
        let n = pending.to_string();
        match (pending, state) {
            (0, None) => self.msg(msg!("status-light", name = name)),
            (0, Some(state)) => self.msg(msg!("status-light-state", name = name, state = state)),
            (_, None) => self.msg(msg!("status-light-count", name = name, n = n)),
            (_, Some(state)) => self.msg(msg!(
                "status-light-count-state",
                name = name,
                n = n,
                state = state
            )),
        }
    }

    /// Green: printed; amber: printing, or a roll near its end; red: jobs waiting behind an
    /// error, named on the bar (paper out, cover open, offline; hover for the details); grey:
    /// no printer configured.
    fn printer_status_ui(&self, ui: &mut egui::Ui, spool: Option<&SpoolStatus>) {
        let Some(status) = spool else {
            let text = self.light_text(id!("status-printer"), None);
            self.light_ui(ui, self.theme().muted, text);
            return;
        };
        let problem = status.printer.as_ref().and_then(PrinterProblem::of_status);
        let theme = self.theme();
        let n = status.pending;
        let (colour, text, hint) = match (&status.last_error, n, &problem) {
            (Some(e), n, _) if n > 0 => {
                let word = problem.as_ref().map_or_else(
                    || self.t(id!("status-printer-not-printing")).into_owned(),
                    |p| self.msg(p.short()),
                );
                let why = self.msg(printer_message(&PrinterProblem::from_spooler(status, e)));
                let hint = self.msg(msg!("status-printer-waiting", n = n.to_string(), why = why));
                (theme.error, self.printer_light(n, Some(word)), hint)
            }
            (_, _, Some(p)) => {
                let colour = if p.blocks() {
                    theme.error
                } else {
                    theme.warning
                };
                let word = self.msg(p.short());
                (colour, self.printer_light(n, Some(word.clone())), word)
            }
            (_, 0, None) => {
                let ready = self.t(id!("status-printer-ready")).into_owned();
                (theme.ok, self.printer_light(0, None), ready)
            }
            (_, n, None) => {
                let printing = self.msg(msg!("status-printer-printing", n = n.to_string()));
                (theme.warning, self.printer_light(n, None), printing)
            }
        };
        self.light_ui(ui, colour, text).on_hover_text(hint);
    }

    /// Shown only when there is something to say: amber while the printer reports the drawer
    /// open, red when a drawer on its own port did not open (hover for why).
    fn drawer_status_ui(&self, ui: &mut egui::Ui, spool: Option<&SpoolStatus>) {
        let open = spool.and_then(|s| s.printer).is_some_and(|p| p.drawer_open);
        if open {
            let text = self.t(id!("status-drawer-open")).into_owned();
            self.light_ui(ui, self.theme().warning, text);
        } else if let Some(f) = self.till.drawer_error() {
            let e = self.msg(device_fault(&f));
            let text = self.t(id!("status-drawer-stuck")).into_owned();
            self.light_ui(ui, self.theme().error, text).on_hover_text(e);
        }
    }

    /// Green: the serial scanner is connected; red: unplugged (hover for why); grey: keyboard
    /// wedge only.
    fn scanner_status_ui(&self, ui: &mut egui::Ui) {
        let text = self.light_text(id!("status-scanner"), None);
        let Some(s) = self.till.scanner_status() else {
            self.light_ui(ui, self.theme().muted, text);
            return;
        };
        let (colour, hint) = if s.connected {
            (
                self.theme().ok,
                self.t(id!("scanner-connected")).into_owned(),
            )
        } else {
            let why = match &s.last_error {
                // Confined, a replugged device is a new node the start-up policy does not cover.
                Some(f @ DeviceFault::NotFound { denied: true, .. })
                    if self.till.confinement().is_some() =>
                {
                    let why = self.msg(device_fault(f));
                    self.msg(msg!("scanner-replugged", why = why))
                }
                Some(f) => self.msg(device_fault(f)),
                None => self.t(id!("scanner-disconnected")).into_owned(),
            };
            (self.theme().error, why)
        };
        self.light_ui(ui, colour, text).on_hover_text(hint);
    }

    /// Green: fully confined; amber: partly (hover for what is missing and why); red: not
    /// confined.
    fn confinement_status_ui(&self, ui: &mut egui::Ui) {
        use crate::sandbox::Level;
        let name = id!("status-sandbox");
        let theme = self.theme();
        let off = self.t(id!("status-sandbox-off")).into_owned();
        let (colour, text, hint) = match self.till.confinement() {
            None => (
                theme.error,
                self.light_text(name, Some(&off)),
                self.t(id!("status-sandbox-none")).into_owned(),
            ),
            Some(r) => match r.level {
                Level::Full => (
                    theme.ok,
                    self.light_text(name, None),
                    self.t(id!("status-sandbox-full")).into_owned(),
                ),
                Level::Partial => {
                    let partial = self.t(id!("status-sandbox-partial"));
                    (
                        theme.warning,
                        self.light_text(name, Some(&partial)),
                        r.missing.join("\n"),
                    )
                }
                Level::Off => (
                    theme.error,
                    self.light_text(name, Some(&off)),
                    r.missing.join("\n"),
                ),
            },
        };
        self.light_ui(ui, colour, text).on_hover_text(hint);
    }

    /// `• Salud`: the worst light of the doctor's quick checks (files and modes, the key's
    /// place, the clock, free space), read once a minute; the hover lists what is not green
    /// with its fix, and names `caja doctor` for everything else.
    fn health_status_ui(&self, ui: &mut egui::Ui) {
        use crate::doctor::Light;
        let Some(report) = self.till.health() else {
            return;
        };
        let theme = self.theme();
        let colour = match report.worst() {
            Light::Green => theme.ok,
            Light::Amber => theme.warning,
            Light::Red => theme.error,
        };
        let mut hint: Vec<String> = crate::app::health::not_green(&report)
            .iter()
            .map(|c| match &c.fix {
                Some(fix) => format!("{}\n    {fix}", c.says),
                None => c.says.clone(),
            })
            .collect();
        if hint.is_empty() {
            hint.push(self.t(id!("status-health-ok")).into_owned());
        }
        hint.push(self.t(id!("status-health-more")).into_owned());
        let name = self.light_text(id!("status-health"), None);
        self.light_ui(ui, colour, name)
            .on_hover_text(hint.join("\n"));
    }

    /// `• Reiniciada`, red, while this run lasts, when systemd had to restart the till after
    /// its previous process ended badly: how and when on hover.
    fn restart_status_ui(&self, ui: &mut egui::Ui) {
        let Some((how, at)) = self.till.unclean_exit() else {
            return;
        };
        let hint = self.msg(msg!(
            "status-restarted-hint",
            how = how.clone(),
            at = at.format("%d/%m/%Y %H:%M").to_string()
        ));
        let name = self.light_text(id!("status-restarted"), None);
        self.light_ui(ui, self.theme().error, name)
            .on_hover_text(hint);
    }

    /// Green: a good backup in the last 24 h; amber: older, or the last attempt failed; red:
    /// older than 72 h or none (hover for when and why).
    fn backup_status_ui(&self, ui: &mut egui::Ui) {
        let (fresh, text) = self.backup_state();
        let name = self.light_text(id!("status-backup"), None);
        self.light_ui(ui, self.freshness_colour(fresh), name)
            .on_hover_text(text);
    }

    /// `• Fiscal`: green when every record is at the agency; amber while records wait on a
    /// network that fails, or were accepted with errors; red when sending cannot work, the
    /// agency refused records, the store has not chosen its regime, or a store with a real tax
    /// id sends to the test service. The hover says what waits, since when, and why.
    fn fiscal_status_ui(&self, ui: &mut egui::Ui) {
        use crate::till::profile::{FiscalEnvironment, FiscalState};
        let profile = &self.till.settings().profile;
        let state = profile.fiscal_state();
        let name = self.t(id!("status-fiscal")).into_owned();
        if let FiscalState::Blocked(_) = state {
            let text = self.msg(msg!(
                "status-light-state",
                name = name,
                state = self.t(id!("status-fiscal-blocked")).into_owned()
            ));
            self.light_ui(ui, self.theme().error, text);
            return;
        }
        let Some(light) = self.till.fiscal_light() else {
            return;
        };
        let s = &light.sending;
        // The AEAT's test NIFs start 8989000; a real one on the test service is a mistake.
        let real_on_test = state == FiscalState::Verifactu(FiscalEnvironment::Test)
            && !profile.tax_id.starts_with("8989000");
        let mut detail = vec![self.msg(msg!(
            "status-fiscal-detail",
            waiting = s.waiting.to_string(),
            oldest = s.oldest_waiting.clone().unwrap_or_else(|| "—".into()),
            accepted = (s.accepted + s.accepted_with_errors).to_string(),
            errors = s.accepted_with_errors.to_string(),
            rejected = s.rejected.to_string()
        ))];
        if let Some(e) = &s.last_error {
            detail.push(e.clone());
        }
        if let Some(p) = &light.problem {
            detail.push(if light.broken {
                self.msg(msg!("status-fiscal-broken", detail = p.clone()))
            } else {
                self.t(id!("status-fiscal-no-certificate")).into_owned()
            });
        }
        if real_on_test {
            detail.push(self.t(id!("status-fiscal-real-on-test")).into_owned());
        }
        let reconcile_pending = light.reconcile.as_ref().is_some_and(|r| r.blocks_selling());
        if let Some(r) = &light.reconcile {
            detail.push(if r.blocks_selling() {
                self.t(id!("err-fiscal-not-reconciled")).into_owned()
            } else {
                self.msg(msg!(
                    "bo-fiscal-reconcile-new-series-on",
                    mark = r.series_mark.clone().unwrap_or_default(),
                    reason = r.reason.clone().unwrap_or_default()
                ))
            });
            if let Some(e) = &light.reconcile_error {
                detail.push(e.clone());
            }
        }
        let colour = if light.broken
            || s.rejected > 0
            || s.refused_whole
            || real_on_test
            || reconcile_pending
        {
            self.theme().error
        } else if light.problem.is_some()
            || s.failures_in_a_row > 0
            || s.accepted_with_errors > 0
            || light.reconcile.is_some()
        {
            self.theme().warning
        } else {
            self.theme().ok
        };
        let text = if s.waiting > 0 {
            self.msg(msg!(
                "status-light-count",
                name = name,
                n = s.waiting.to_string()
            ))
        } else {
            self.msg(msg!("status-light", name = name))
        };
        self.light_ui(ui, colour, text)
            .on_hover_text(detail.join("\n"));
    }

    /// Green, amber or red for how recent the last good backup is.
    pub fn freshness_colour(&self, fresh: Freshness) -> Color32 {
        match fresh {
            Freshness::Fresh => self.theme().ok,
            Freshness::Old => self.theme().warning,
            Freshness::Stale => self.theme().error,
        }
    }

    /// The age of the last good backup and the last error, in words.
    pub fn backup_state(&self) -> (Freshness, String) {
        let Some(s) = self.till.backup_status() else {
            return (Freshness::Stale, self.t(id!("backup-none")).into_owned());
        };
        if !s.configured {
            return (
                Freshness::Stale,
                self.t(id!("backup-unconfigured")).into_owned(),
            );
        }
        let now = self.till.clock().now().to_utc();
        let mut text = match s.last_good {
            Some(t) => {
                let h = (now - t).num_hours().max(0);
                let age = if h < 1 {
                    self.t(id!("backup-age-recent")).into_owned()
                } else if h < 48 {
                    self.msg(msg!("backup-age-hours", hours = h.to_string()))
                } else {
                    self.msg(msg!("backup-age-days", days = (h / 24).to_string()))
                };
                self.msg(msg!("backup-last", age = age))
            }
            None => self.t(id!("backup-never")).into_owned(),
        };
        if s.running {
            text = self.msg(msg!("backup-running", state = text));
        }
        if let Some(e) = &s.last_error {
            text = self.msg(msg!("backup-last-error", state = text, error = e.clone()));
        }
        let fresh = freshness(s.last_good, now);
        let fresh = if s.last_error.is_some() && fresh == Freshness::Fresh {
            Freshness::Old
        } else {
            fresh
        };
        (fresh, text)
    }
}
