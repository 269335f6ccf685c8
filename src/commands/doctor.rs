//! `caja doctor [--json]`: gathers what the checks look at — files and their modes, the store
//! opened read-only, the configuration, the clock, the display, the devices, the kernel's
//! confinement and a running till's, backups, free space, the fiscal queue and certificate, the
//! till's unit — and prints `doctor::Report`'s judgement of it. Only reads; exit 0 unless a
//! check is red.

use super::Env;
use crate::cli::Global;
use crate::config::{Config, Paths, TillSettings};
use crate::devices::uri::DeviceUri;
use crate::doctor::{self, Check, Light, Report};
use anyhow::Result;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn run(global: &Global, json: bool) -> Result<ExitCode> {
    let mut report = Report::default();
    let paths = Paths::resolve(
        global.data_dir.clone(),
        global.key_file.clone(),
        global.config.clone(),
    );
    // The configuration: a broken one is a red line, and the rest is checked with defaults.
    let config_file = paths.config_file.display().to_string();
    let env = match Config::load(&paths.config_file).and_then(|c| Ok((c.resolve()?, c))) {
        Ok((settings, config)) => {
            report.checks.push(Check::green(
                "config",
                if paths.config_file.exists() {
                    format!("the configuration {config_file} is valid")
                } else {
                    format!("no configuration file ({config_file}): the defaults")
                },
            ));
            Env {
                paths: paths.clone(),
                config,
                settings,
            }
        }
        Err(e) => {
            report.checks.push(Check::red(
                "config",
                format!("the configuration {config_file} is not valid: {e}"),
                format!("caja config list  (then caja config set KEY VALUE, or fix {config_file})"),
            ));
            Env {
                paths: paths.clone(),
                config: Config::defaults()?,
                settings: TillSettings::default(),
            }
        }
    };
    // The doctor only reads: files anywhere, writes only in the data dir (SQLite's
    // shared-memory file, the store's lock), TCP only to the configured printers.
    let printer_ports: Vec<u16> = [
        env.settings.printer.as_ref(),
        env.settings.scanner.as_ref(),
        env.settings.display.as_ref(),
        env.settings.scale.as_ref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(|u| match u {
        DeviceUri::Tcp { port, .. } => Some(*port),
        _ => None,
    })
    .collect();
    report.checks.push(
        match crate::sandbox::landlock::confine_reader(
            &[env.paths.data_dir.clone()]
                .into_iter()
                .chain(match &env.settings.printer {
                    Some(DeviceUri::Usb(node)) => Some(node.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>(),
            &printer_ports,
            crate::sandbox::max_abi_from_env(),
        ) {
            Ok(0) => Check::amber(
                "doctor-confined",
                "the doctor runs unconfined (no Landlock here)",
                None,
            ),
            Ok(abi) => Check::green(
                "doctor-confined",
                format!(
                    "the doctor reads under Landlock ABI {abi}: it writes only in the data dir"
                ),
            ),
            Err(e) => Check::amber(
                "doctor-confined",
                format!("the doctor could not confine itself: {e}"),
                None,
            ),
        },
    );
    unit_checks(&mut report);
    // The quick checks the till's status bar shows too: files and modes, the key's place, the
    // clock, the free space.
    let quick = crate::app::health::quick(
        &crate::app::health::Places::of(&env.paths.data_dir, &env.paths.key_file),
        crate::app::health::clock_synchronised(),
    );
    report.checks.extend(quick.checks);
    let store = store_checks(&mut report, &env.paths);
    report.checks.push(super::doctor_devices::display_check());
    super::doctor_devices::device_checks(&mut report, &env.settings);
    report.checks.push(super::doctor_devices::udev_check());
    let abi = crate::sandbox::sys::landlock_abi()
        .min(crate::sandbox::max_abi_from_env().unwrap_or(i32::MAX));
    let seccomp = std::fs::read_to_string("/proc/self/status")
        .is_ok_and(|s| s.lines().any(|l| l.starts_with("Seccomp:")));
    report.checks.push(doctor::judge_kernel(abi, seccomp));
    report
        .checks
        .push(doctor::judge_till_confined(running_till()));
    backup_and_space(&mut report, &env, store.as_ref());
    if let Some(store) = &store {
        fiscal_checks(&mut report, &env, store);
    }
    let worst = report.worst();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "worst": worst,
                "checks": report.checks,
            }))?
        );
    } else {
        print!("{}", report.text(std::io::stdout().is_terminal()));
        println!(
            "{}",
            match worst {
                Light::Green => "all green".to_string(),
                Light::Amber => "no red; amber lines are worth a look".to_string(),
                Light::Red => format!(
                    "{} red: fix them (the command is under each)",
                    report
                        .checks
                        .iter()
                        .filter(|c| c.light == Light::Red)
                        .count()
                ),
            }
        );
    }
    Ok(if worst == Light::Red {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The till's unit: installed, run as a user that is not root, enabled — read from the unit's
/// files (the doctor runs as the caja user, which may not reach systemd's bus).
fn unit_checks(report: &mut Report) {
    let root = std::env::var_os("CAJA_SYSTEM_ROOT")
        .map_or_else(|| std::path::PathBuf::from("/"), std::path::PathBuf::from);
    let Some(unit) = [
        "etc/systemd/system/caja.service",
        "usr/lib/systemd/system/caja.service",
        "lib/systemd/system/caja.service",
    ]
    .iter()
    .map(|p| root.join(p))
    .find(|p| p.is_file()) else {
        report.checks.push(Check::amber(
            "unit",
            "no caja.service unit is installed here (a development or container run)",
            Some("install the package (apt install ./caja_*.deb) for a till".into()),
        ));
        return;
    };
    // The unit's User=, as its drop-ins leave it.
    let mut texts = vec![std::fs::read_to_string(&unit).unwrap_or_default()];
    if let Ok(dir) = std::fs::read_dir(root.join("etc/systemd/system/caja.service.d")) {
        let mut drop_ins: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        drop_ins.sort();
        texts.extend(
            drop_ins
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "conf"))
                .filter_map(|p| std::fs::read_to_string(p).ok()),
        );
    }
    let user = unit_user(&texts);
    report.checks.push(match user.as_deref() {
        None | Some("root") | Some("0") | Some("") => Check::red(
            "unit",
            format!("{} would run the till as root", unit.display()),
            "set User=caja in the unit (the package's unit does): systemctl edit caja.service",
        ),
        Some(u) => Check::green("unit", format!("{} runs the till as {u}", unit.display())),
    });
    let wants = root.join("etc/systemd/system");
    let enabled = std::fs::read_dir(&wants).ok().is_some_and(|d| {
        d.flatten().any(|e| {
            e.path().join("caja.service").exists()
                && e.file_name().to_string_lossy().ends_with(".wants")
        })
    });
    report.checks.push(if enabled {
        Check::green("unit-enabled", "caja.service starts at boot")
    } else {
        Check::amber(
            "unit-enabled",
            "caja.service is not enabled",
            Some("sudo systemctl enable --now caja.service".into()),
        )
    });
}

/// The last `User=` of a unit's texts (the unit, then its drop-ins in order).
fn unit_user(texts: &[String]) -> Option<String> {
    texts
        .iter()
        .rev()
        .find_map(|t| t.lines().rev().find_map(|l| l.trim().strip_prefix("User=")))
        .map(|u| u.trim().to_string())
}

/// The store opened read-only with its key: SQLite's quick check and the schema version; the
/// store itself (for backups and the fiscal queue) when its schema is this build's.
fn store_checks(report: &mut Report, paths: &Paths) -> Option<crate::store::Store> {
    use crate::store::schema::SCHEMA_VERSION;
    let db = crate::store::db_path(&paths.data_dir);
    let key_there = paths.key_file.exists() || crate::store::key::known(&paths.key_file).is_ok();
    if !db.exists() || !key_there {
        report.checks.push(Check::red(
            "store",
            "no store to open here",
            "caja setup (or the first-run wizard), or caja restore FILE --identity KEY",
        ));
        return None;
    }
    let opened = crate::store::key::known(&paths.key_file)
        .map_err(|e| e.to_string())
        .and_then(|key| {
            crate::store::key::open_keyed_with(
                &db,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                &key,
            )
            .map_err(|e| e.to_string())
        })
        .and_then(|conn| {
            let check: String = conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(|e| e.to_string())?;
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| e.to_string())?;
            Ok((check, version))
        });
    let version = match opened {
        Err(e) => {
            report.checks.push(Check::red(
                "store",
                format!("the store does not open with its key: {e}"),
                "check CAJA_KEY_FILE (the key made with this store); caja restore FILE --identity KEY",
            ));
            return None;
        }
        Ok((check, _)) if check != "ok" => {
            report.checks.push(Check::red(
                "store",
                format!("SQLite's quick check found damage: {check}"),
                "caja check, then restore the last good backup: caja restore FILE --identity KEY",
            ));
            return None;
        }
        Ok((_, version)) => {
            report.checks.push(Check::green(
                "store",
                "the store opens with its key and passes SQLite's quick check",
            ));
            version
        }
    };
    if version > SCHEMA_VERSION {
        report.checks.push(Check::red(
            "schema",
            format!("the store's schema {version} is newer than this Caja's ({SCHEMA_VERSION})"),
            "install the Caja that wrote it (apt install caja=VERSION)",
        ));
        return None;
    }
    if version < SCHEMA_VERSION {
        report.checks.push(Check::amber(
            "schema",
            format!("the store's schema {version} will be brought to {SCHEMA_VERSION} when the till starts (a snapshot first)"),
            Some("systemctl restart caja".into()),
        ));
        return None;
    }
    report.checks.push(Check::green(
        "schema",
        format!("schema {version}, this build's"),
    ));
    crate::store::Store::open_in(&paths.data_dir, &paths.key_file).ok()
}

/// A running till (a `caja` process other than this one, started with no command): its pid,
/// no_new_privs and seccomp mode as `/proc` shows them.
fn running_till() -> Option<(u32, bool, u8)> {
    let me = std::process::id();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if pid == me {
            continue;
        }
        let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        if comm.trim() != "caja" {
            continue;
        }
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .skip(1)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .filter(|a| !a.is_empty())
            .collect();
        // The till is `caja` with flags only (a command's first word has no dash).
        let mut words = args.iter();
        let mut is_till = true;
        while let Some(a) = words.next() {
            if a.starts_with("--") {
                if !a.contains('=')
                    && ["--data-dir", "--key-file", "--config"].contains(&a.as_str())
                {
                    words.next();
                }
            } else {
                is_till = false;
                break;
            }
        }
        if !is_till {
            continue;
        }
        let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().parse::<u8>().ok())
                .unwrap_or(0)
        };
        return Some((pid, field("NoNewPrivs:") == 1, field("Seccomp:")));
    }
    None
}

fn backup_and_space(report: &mut Report, env: &Env, store: Option<&crate::store::Store>) {
    let s = &env.settings;
    let configured = s.backup_dir.is_some() && !s.backup_recipients.trim().is_empty();
    let dir = s.backup_dir.clone().unwrap_or_default();
    let writable = s
        .backup_dir
        .as_ref()
        .is_some_and(|d| d.is_dir() && rustix::fs::access(d, rustix::fs::Access::WRITE_OK).is_ok());
    let age = store
        .and_then(|st| st.last_good_backup().ok().flatten())
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(&at).ok())
        .map(|at| (chrono::Utc::now() - at.to_utc()).num_seconds() as f64 / 3600.0);
    report.checks.push(doctor::judge_backup(
        configured,
        age,
        s.backup_every_hours,
        &dir.display().to_string(),
        writable,
    ));
    if writable {
        report.checks.push(doctor::judge_space(
            "backup-disk",
            &format!("the backup destination ({})", dir.display()),
            crate::app::health::free_bytes(&dir),
        ));
    }
}

/// The fiscal queue and the certificate, for a store that sends VERI*FACTU records.
fn fiscal_checks(report: &mut Report, env: &Env, store: &crate::store::Store) {
    let Ok(profile) = store.profile() else {
        return;
    };
    match profile.fiscal_state() {
        crate::till::profile::FiscalState::Verifactu(_) => {}
        crate::till::profile::FiscalState::NoRecords => {
            report.checks.push(Check::green(
                "fiscal",
                "this store issues no fiscal records (declared)",
            ));
            return;
        }
        crate::till::profile::FiscalState::Blocked(why) => {
            report.checks.push(Check::red(
                "fiscal",
                format!("the till refuses to sell: {why}"),
                "caja fiscal status; caja store set … / caja config set fiscal.regime verifactu",
            ));
            return;
        }
    }
    if let Ok(status) = store.fiscal_sending() {
        let oldest = status
            .oldest_waiting
            .as_deref()
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
            .map(|at| (chrono::Utc::now() - at.to_utc()).num_seconds() as f64 / 3600.0);
        report
            .checks
            .push(doctor::judge_fiscal(oldest, status.rejected));
    }
    let link = &env.settings.fiscal_link;
    let days = link
        .certificate
        .as_ref()
        .map(|cert| certificate_days_left(cert, link.certificate_password_file.as_deref()));
    report.checks.push(doctor::judge_certificate(days));
}

/// Days until the PKCS#12 certificate's end of validity.
fn certificate_days_left(cert: &Path, password_file: Option<&Path>) -> Result<i64, String> {
    let password = match password_file {
        Some(p) => std::fs::read_to_string(p)
            .map_err(|e| format!("{}: {e}", p.display()))?
            .trim_end_matches(['\n', '\r'])
            .to_string(),
        None => String::new(),
    };
    let der = std::fs::read(cert).map_err(|e| format!("{}: {e}", cert.display()))?;
    let parsed = openssl::pkcs12::Pkcs12::from_der(&der)
        .and_then(|p| p.parse2(&password))
        .map_err(|e| format!("{}: {e}", cert.display()))?;
    let x509 = parsed
        .cert
        .ok_or_else(|| format!("{}: holds no certificate", cert.display()))?;
    let now = openssl::asn1::Asn1Time::days_from_now(0).map_err(|e| e.to_string())?;
    let diff = now.diff(x509.not_after()).map_err(|e| e.to_string())?;
    Ok(i64::from(diff.days))
}
