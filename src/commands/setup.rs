//! `caja setup --from FILE.toml`: a till set up unattended, step by step as the first-run wizard
//! goes (`app::setup`). The file is checked whole first; each step's keys then go through the
//! same checks as `caja store set` and `caja config set`; the last step done is kept in the
//! store, so a set-up cut short goes on from the next step when run again.

use super::{Env, audit_now, open_store};
use crate::app::setup::{DONE_KEY, PROGRESS_KEY, SetupFile, Step};
use crate::config::Config;
use crate::store::Store;
use anyhow::{Context, Result, bail};
use sha2::Digest;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn run(env: &Env, from: &Path) -> Result<ExitCode> {
    let text = std::fs::read_to_string(from)
        .with_context(|| format!("cannot read the set-up file {}", from.display()))?;
    let file = SetupFile::parse(&text)?;
    let store = open_store(env)?;
    let done: u8 = store
        .setting(PROGRESS_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if done > 0 && Step::next_after(done).is_some() {
        println!("going on after step {done} (a set-up that was cut short)");
    }
    let mut env = env.clone();
    let mut step = Step::next_after(done);
    while let Some(s) = step {
        apply(&store, &mut env, &file, s)
            .with_context(|| format!("step {} ({})", s.number(), s.name()))?;
        store.set_setting(PROGRESS_KEY, &s.number().to_string())?;
        println!("step {:>2} {:<9} done", s.number(), s.name());
        step = Step::next_after(s.number());
    }
    if store.setting(DONE_KEY)?.is_none() {
        let at = crate::app::stamp_now();
        store.set_setting(DONE_KEY, &at)?;
        audit_now(
            &store,
            &env,
            "setup_done",
            serde_json::json!({"from": from.display().to_string()}),
        )?;
    }
    println!("set up: the till is ready (sudo caja doctor checks everything)");
    Ok(ExitCode::SUCCESS)
}

/// A configuration key set as `caja config set` sets it (checked, saved, audited).
fn set_config(store: &Store, env: &mut Env, key: &str, value: &str) -> Result<()> {
    let mut config = Config::load(&env.paths.config_file)?;
    config.set(key, value)?;
    env.settings = config.resolve()?;
    config.save(&env.paths.config_file)?;
    env.config = config;
    audit_now(
        store,
        env,
        "config_set",
        serde_json::json!({"key": key, "by": "setup"}),
    )?;
    Ok(())
}

fn set_store(store: &Store, env: &Env, key: &str, value: &str) -> Result<()> {
    super::store::set(store, env, key, value).map(|_| ())
}

fn apply(store: &Store, env: &mut Env, file: &SetupFile, step: Step) -> Result<()> {
    match step {
        Step::Language => {
            if let Some(lang) = &file.language {
                set_config(store, env, "till.language", lang)?;
            }
        }
        Step::Identity => {
            // The territory first: it decides how the tax id and the taxes are read.
            let order = [
                "territory",
                "legal_name",
                "trade_name",
                "tax_id",
                "time_zone",
            ];
            let mut keys: Vec<&String> = file.store.keys().collect();
            keys.sort_by_key(|k| order.iter().position(|o| o == k).unwrap_or(order.len()));
            for key in keys {
                set_store(store, env, key, &file.store[key])?;
            }
        }
        Step::Taxes => {
            if file.taxes.preset.as_deref() == Some("es") || file.taxes.classes.is_empty() {
                // Spain's classes come with every store: they must be there.
                if store.tax_classes()?.is_empty() {
                    bail!("the store has no tax classes; give them under [taxes.classes]");
                }
            }
            for (code, rate) in &file.taxes.classes {
                super::store::set_tax_rate(store, env, code, rate)?;
            }
        }
        Step::Receipt => {
            if let Some(h) = &file.receipt.header {
                set_store(store, env, "receipt_header", h)?;
            }
            if let Some(f) = &file.receipt.footer {
                set_store(store, env, "receipt_footer", f)?;
            }
            if let Some(logo) = &file.receipt.logo {
                set_store(store, env, "logo", logo)?;
            }
        }
        Step::People => {
            let at = crate::app::stamp_now();
            let who = crate::store::taxes::Author {
                terminal: &env.settings.terminal,
                user_id: None,
                at: &at,
            };
            for p in &file.people {
                if store.find_user(&p.name)?.is_some() {
                    continue;
                }
                let role = crate::till::permission::Role::parse(&p.role)
                    .with_context(|| format!("{}: role {}", p.name, p.role))?;
                // A PIN from a file is changed at its first use.
                store.create_user(&p.name, role, &p.pin, false, &who)?;
            }
        }
        Step::Printer => {
            if let Some(uri) = &file.devices.printer {
                set_config(store, env, "devices.printer", uri)?;
            }
            if let Some(profile) = &file.devices.printer_profile {
                set_config(store, env, "devices.printer_profile", profile)?;
            }
        }
        Step::Scanner => {
            if let Some(uri) = &file.devices.scanner {
                set_config(store, env, "devices.scanner", uri)?;
            }
        }
        Step::Drawer => {
            if let Some(wiring) = &file.devices.drawer {
                set_config(store, env, "devices.drawer", wiring)?;
            }
        }
        Step::Backups => {
            if let Some(dir) = &file.backup.dir {
                set_config(store, env, "backup.dir", dir)?;
            }
            if let Some(r) = &file.backup.recipients {
                set_config(store, env, "backup.recipients", r)?;
            }
            if env.settings.backup_dir.is_some() && !env.settings.backup_recipients.is_empty() {
                first_backup(store, env)?;
            }
        }
        Step::Fiscal => {
            let f = &file.fiscal;
            if let Some(regime) = &f.regime {
                set_store(store, env, "fiscal.regime", regime)?;
            }
            if let Some(environment) = &f.environment {
                set_store(store, env, "fiscal.environment", environment)?;
            }
            for (key, value) in [
                ("fiscal.certificate", &f.certificate),
                (
                    "fiscal.certificate_password_file",
                    &f.certificate_password_file,
                ),
                ("fiscal.ca_file", &f.ca_file),
            ] {
                if let Some(v) = value {
                    set_config(store, env, key, v)?;
                }
            }
        }
        Step::Doctor => {
            // The quick checks here; `caja doctor` runs every one under its own confinement.
            let quick = crate::app::health::quick(
                &crate::app::health::Places::of(&env.paths.data_dir, &env.paths.key_file),
                crate::app::health::clock_synchronised(),
            );
            print!("{}", quick.text(false));
            if quick.worst() == crate::doctor::Light::Red {
                bail!("fix what is red above, then run caja setup again: it goes on from here");
            }
        }
    }
    Ok(())
}

/// A first backup, written and read back: the age header, its size as written, and its
/// SHA-256. Decrypting needs the owner's identity, which never lives on the till.
fn first_backup(store: &Store, env: &Env) -> Result<()> {
    let written = crate::backup::run::run_once(
        store,
        &env.settings.backup_plan(),
        "setup",
        chrono::Utc::now(),
    )?;
    let bytes = std::fs::read(&written.path)
        .with_context(|| format!("reading back {}", written.path.display()))?;
    if !bytes.starts_with(b"age-encryption.org/v1\n") {
        bail!(
            "{} does not start with an age header: the destination does not keep what it is given",
            written.path.display()
        );
    }
    if bytes.len() as u64 != written.bytes {
        bail!(
            "{} holds {} bytes, {} were written: the destination lost some",
            written.path.display(),
            bytes.len(),
            written.bytes
        );
    }
    let sum = hex::encode(sha2::Sha256::digest(&bytes));
    println!(
        "first backup {} ({} bytes, SHA-256 {sum}) read back whole. The owner tests a restore on \
         their own computer: age -d -i IDENTITY.txt {} | tar -t",
        written.path.display(),
        bytes.len(),
        written
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    );
    Ok(())
}
