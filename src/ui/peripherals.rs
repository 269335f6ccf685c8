//! Builders that hand the till's devices and services to the app, which owns them (the screen
//! reads their state through `Till` and gets what they did through `Till::poll_events`): the
//! print spooler, the serial scanner, the customer display, the scale, the confinement report,
//! the backup service and the configuration file the Devices screen edits.

use super::TillUi;
use crate::app::Clock;
use crate::app::workers::backup::BackupService;
use crate::app::workers::spooler::Spooler;
use crate::devices::display::DisplayPort;
use crate::devices::scale::Scale;
use crate::devices::scanner::ScanSource;
use std::path::PathBuf;
use std::sync::Arc;

impl<C: Clock> TillUi<C> {
    /// The configuration file the Devices screen edits.
    pub fn with_config_file(mut self, file: PathBuf) -> TillUi<C> {
        self.till.set_config_file(file);
        self
    }

    /// Shows items, totals and change on this customer display.
    pub fn with_display(mut self, display: impl DisplayPort + 'static) -> TillUi<C> {
        self.till.set_display(display);
        self
    }

    /// Weighs loose products on this scale (read on a thread of the app's).
    pub fn with_scale(mut self, scale: impl Scale + Send + 'static) -> TillUi<C> {
        self.till.set_scale(scale);
        self
    }

    /// Takes scans from this serial scanner as well as from the keyboard.
    pub fn with_scanner(mut self, scanner: impl ScanSource + 'static) -> TillUi<C> {
        self.till.set_scanner(scanner);
        self
    }

    /// Prints through this spooler (receipts, drawer pulses) and shows its state.
    pub fn with_spooler(mut self, spooler: Spooler) -> TillUi<C> {
        self.till.set_spooler(spooler);
        self
    }

    /// Sends the fiscal records through this thread; the status bar shows its light.
    pub fn with_fiscal_worker(
        mut self,
        worker: crate::app::workers::fiscal::FiscalWorker,
    ) -> TillUi<C> {
        self.till.set_fiscal_worker(worker);
        self
    }

    /// Shows how the process is confined (the sandbox's report).
    pub fn with_confinement(mut self, report: crate::sandbox::Report) -> TillUi<C> {
        self.till.set_confinement(report);
        self
    }

    /// The doctor's quick checks on these places: their worst light on the status bar.
    pub fn with_health(mut self, places: crate::app::health::Places) -> TillUi<C> {
        self.till.set_health_places(places);
        self
    }

    /// The till's previous process ended badly and systemd restarted it: said on the status
    /// bar while this one runs.
    pub fn with_unclean_exit(
        mut self,
        exit: Option<(String, chrono::DateTime<chrono::Local>)>,
    ) -> TillUi<C> {
        if let Some(exit) = exit {
            self.till.set_unclean_exit(exit);
        }
        self
    }

    /// Backs up through this service: after Z reports, and its state on the status bar.
    pub fn with_backups(mut self, backups: Arc<BackupService>) -> TillUi<C> {
        self.till.set_backups(backups);
        self
    }
}
