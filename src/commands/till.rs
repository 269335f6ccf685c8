//! `caja` with no subcommand: the till. Opens the store, confines the process (before any
//! thread exists), opens the window, and at its first frame takes the sandbox's scope step and
//! starts the device threads inside every restriction.

use super::{Env, open_store};
use crate::app::workers::backup::BackupService;
use crate::app::workers::drawer::SerialDrawer;
use crate::app::{SystemClock, Till, demo};
use crate::config::{Paths, TillSettings};
use crate::devices::drawer::DrawerWiring;
use crate::sandbox::{Confinement, Report};
use crate::store::Store;
use crate::ui::TillUi;
use anyhow::{Context, Result, bail};
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

pub(super) fn run(
    env: &Env,
    demo_mode: bool,
    exit_after_first_frame: bool,
    as_root: bool,
) -> Result<ExitCode> {
    let started = Instant::now();
    // One till per data dir; the store it opens holds the shared lock a restore waits on.
    let _lock = super::backup::till_lock(&env.paths.data_dir)?;
    let mut store = open_store(env)?;
    tighten_file_modes(&store, env)?;
    if demo_mode {
        demo::seed(&mut store, &env.settings, &SystemClock, 0, 0, 0)?;
    }
    // Files come in and go out through the exchange folder (created owner-only when it is the
    // default one, in the data dir; a configured one — a USB stick's mount point — is used
    // when it is there).
    if env.settings.exchange_dir.is_none() {
        let dir = env.paths.exchange_dir(&env.settings);
        crate::store::files::create_private_dir(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    // The till, its workers and receipts run with the store's identity.
    let env = &Env {
        settings: crate::app::settings::with_store(&store, env.settings.clone())?,
        ..env.clone()
    };
    if as_root {
        super::audit_now(
            &store,
            env,
            "allow_root",
            serde_json::json!({"warning": "the till was started as root with --allow-root"}),
        )?;
    }
    refuse_without_display(env, demo_mode)?;
    // systemd restarted the till after a crash (its ExecStopPost= wrote how the process ended):
    // audited, and said on the status bar while this one runs.
    let unclean = crate::app::health::take_unclean_exit(&env.paths.data_dir);
    if let Some((how, at)) = &unclean {
        tracing::warn!("the till was restarted after its process ended: {how} at {at}");
        super::audit_now(
            &store,
            env,
            "till_restarted",
            serde_json::json!({"ended": how, "at": at.to_rfc3339()}),
        )?;
    }
    // The certificate is read before confinement; the sender's thread starts with the devices.
    let fiscal_sender = fiscal_sender(&store, env);
    let confinement = super::sandbox::confine_as_till(env)?;
    audit_confinement(&store, env, &confinement)?;
    let first_frame = exit_after_first_frame.then(|| time_first_frame_and_close(started));
    let backups = Arc::new(OnceLock::<Arc<BackupService>>::new());
    let startup = at_first_frame(
        confinement,
        env,
        Arc::clone(&backups),
        fiscal_sender,
        unclean,
    );
    // Sales never pay for a WAL checkpoint: the backup thread does them.
    store.checkpoint_in_background()?;
    crate::ui::run_window(
        Till::new(store, env.settings.clone(), SystemClock),
        demo_mode,
        env.paths.config_file.clone(),
        Some(startup),
        first_frame,
    )?;
    // A clean exit: the last backup of the session, then out.
    if let Some(service) = backups.get() {
        service.finish();
    }
    Ok(ExitCode::SUCCESS)
}

/// The fiscal sender when the store sends VERI*FACTU records (`None` otherwise); why it cannot
/// send, for the fiscal light, when its certificate is missing or does not open.
fn fiscal_sender(
    store: &Store,
    env: &Env,
) -> Option<Result<crate::app::fiscal_send::Sender, crate::app::workers::fiscal::NotSending>> {
    use crate::app::fiscal_send::{Sender, SetupError};
    use crate::app::workers::fiscal::NotSending;
    match Sender::from_settings(&env.settings, &store.identity().uid) {
        Ok(sender) => Some(Ok(sender)),
        Err(SetupError::NoRegime) => None,
        Err(e) => Some(Err(NotSending {
            broken: !matches!(e, SetupError::NoCertificate),
            why: e.to_string(),
        })),
    }
}

/// Makes the data dir and its files owner-only, with an audit entry naming what was loose.
fn tighten_file_modes(store: &Store, env: &Env) -> Result<()> {
    // An older Caja left the data dir 0755 and the database 0644: owner-only from now on.
    let tightened = crate::store::files::tighten(&env.paths.data_dir)?;
    if !tightened.is_empty() {
        let paths: Vec<String> = tightened.iter().map(ToString::to_string).collect();
        tracing::warn!("made owner-only: {}", paths.join("; "));
        super::audit_now(
            store,
            env,
            "file_modes_tightened",
            serde_json::json!({"paths": paths}),
        )?;
    }
    Ok(())
}

/// Stops before confinement when there is no graphical session, saying the store is ready.
fn refuse_without_display(env: &Env, demo_mode: bool) -> Result<()> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!(
            "no display: the till needs a graphical session (X11 or Wayland). The store in {} is ready{}; the subcommands work without one (caja --help)",
            env.paths.data_dir.display(),
            if demo_mode {
                format!(
                    " (demo PINs: cashier {}, manager {}, technician {})",
                    demo::DEMO_CASHIER_PIN,
                    demo::DEMO_MANAGER_PIN,
                    demo::DEMO_TECHNICIAN_PIN
                )
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

/// Audited: how confined this till session starts (refused calls go to the kernel's log).
fn audit_confinement(store: &Store, env: &Env, confinement: &Confinement) -> Result<()> {
    let report = confinement.report();
    super::audit_now(
        store,
        env,
        "confinement",
        serde_json::json!({"level": report.level, "missing": report.missing}),
    )
}

/// For `--exit-after-first-frame`: prints how long the login screen took, then closes.
fn time_first_frame_and_close(started: Instant) -> crate::ui::FirstFrame {
    Box::new(move |ctx: &eframe::egui::Context| {
        println!(
            "login screen drawn {:.1} ms after start",
            started.elapsed().as_secs_f64() * 1000.0
        );
        ctx.send_viewport_cmd(eframe::egui::ViewportCommand::Close);
    })
}

/// What the window does at its first frame: the sandbox's scope step, then the device threads
/// and the backup service (kept in `backups` for the clean exit).
fn at_first_frame(
    mut confinement: Confinement,
    env: &Env,
    backups: Arc<OnceLock<Arc<BackupService>>>,
    fiscal_sender: Option<
        Result<crate::app::fiscal_send::Sender, crate::app::workers::fiscal::NotSending>,
    >,
    unclean: Option<(String, chrono::DateTime<chrono::Local>)>,
) -> crate::ui::Startup<SystemClock> {
    let paths = env.paths.clone();
    let settings = env.settings.clone();
    // The doctor's quick checks for the status bar.
    let health = crate::app::health::Places::of(&paths.data_dir, &paths.key_file);
    Box::new(move |ui| {
        confinement.apply_scope();
        let report = confinement.report().clone();
        tracing::info!("confinement: {}", report.summary());
        let mut ui = start_devices(ui, report, &paths, &settings)
            .with_health(health)
            .with_unclean_exit(unclean);
        if let Some(sender) = fiscal_sender {
            ui = ui.with_fiscal_worker(crate::app::workers::fiscal::FiscalWorker::start(
                paths.data_dir.clone(),
                paths.key_file.clone(),
                sender,
            ));
        }
        let service = Arc::new(BackupService::start(
            paths.data_dir.clone(),
            paths.key_file.clone(),
            settings.backup_plan(),
        ));
        let _ = backups.set(Arc::clone(&service));
        ui.with_backups(service)
    })
}

/// The configured devices' threads (drawer, print spooler, scanner, display, scale), with the
/// confinement report for the status bar.
fn start_devices(
    mut ui: TillUi<SystemClock>,
    report: Report,
    paths: &Paths,
    settings: &TillSettings,
) -> TillUi<SystemClock> {
    if let DrawerWiring::Serial(uri) = &settings.drawer {
        ui.till.set_drawer(SerialDrawer::start(uri.clone()));
    }
    ui = ui.with_confinement(report);
    if let Some(printer) = settings.printer.clone() {
        ui = ui.with_spooler(crate::app::workers::spooler::Spooler::start(
            paths.data_dir.clone(),
            paths.key_file.clone(),
            settings.clone(),
            printer,
        ));
    }
    if let Some(uri) = settings.scanner.clone() {
        ui = ui.with_scanner(crate::app::workers::scanner::SerialScanner::start(uri));
    }
    if let Some(uri) = settings.display.clone() {
        ui = ui.with_display(crate::app::workers::display::CustomerDisplay::start(uri));
    }
    if let Some(uri) = settings.scale.clone() {
        ui = ui.with_scale(crate::devices::scale::SerialScale(uri));
    }
    ui
}
