//! `caja backup now | list | verify | keygen` and `caja restore`.

use super::{Env, open_store};
use crate::backup::{archive, keys, list};
use crate::cli::BackupCommand;
use crate::store::Store;
use crate::store::backups::BackupRecord;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The lock a running till holds on its data dir: one till per data dir.
pub(super) fn till_lock(data_dir: &Path) -> Result<crate::store::lock::DirLock> {
    crate::store::lock::refuse_network_share(data_dir)?;
    crate::store::files::create_private_dir(data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    Ok(crate::store::lock::till(data_dir)?)
}

pub(super) fn run(env: &Env, command: BackupCommand) -> Result<ExitCode> {
    match command {
        BackupCommand::Now { to } => backup_now(env, to),
        BackupCommand::List { json } => list_backups(env, json),
        BackupCommand::Verify { file, identity } => verify(&file, &identity),
        BackupCommand::Keygen { out } => keygen(env, &out),
    }
}

/// `caja backup now`: one backup by the configured plan, with its size and speed.
fn backup_now(env: &Env, to: Option<std::path::PathBuf>) -> Result<ExitCode> {
    let store = open_store(env)?;
    let started = std::time::Instant::now();
    let mut plan = env.settings.backup_plan();
    if to.is_some() {
        plan.dir = to;
    }
    let w = crate::backup::run::run_once(&store, &plan, "manual", chrono::Utc::now())?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "backed up {} documents to {} ({:.1} MB in {secs:.2} s, {:.0} MB/s of database)",
        w.manifest.documents,
        w.path.display(),
        w.bytes as f64 / 1e6,
        w.manifest.db_bytes as f64 / 1e6 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// `caja backup list`: this terminal's backup files and the log of the last attempts.
fn list_backups(env: &Env, json: bool) -> Result<ExitCode> {
    let store = open_store(env)?;
    let (files, missing) = match &env.settings.backup_dir {
        Some(dir) => match list(dir, &env.settings.terminal) {
            Ok(f) => (f, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        },
        None => (Vec::new(), None),
    };
    let log = store.backups(10)?;
    if json {
        let files: Vec<_> = files
            .iter()
            .map(|(p, at, size)| {
                serde_json::json!({"file": p, "at": at.to_rfc3339(), "bytes": size})
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({"files": files, "log": log}))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    print_backup_list(env, &files, missing.as_deref(), &log);
    Ok(ExitCode::SUCCESS)
}

/// The backup list for people: where the files are (or why not), each file, each attempt.
fn print_backup_list(
    env: &Env,
    files: &[(PathBuf, chrono::DateTime<chrono::Utc>, u64)],
    missing: Option<&str>,
    log: &[BackupRecord],
) {
    match (&env.settings.backup_dir, missing) {
        (_, Some(e)) => println!("{e}"),
        (Some(dir), None) => println!("{} backups in {}", files.len(), dir.display()),
        (None, None) => {
            println!("no backup.dir set: caja config set backup.dir /media/usb/caja")
        }
    }
    for (path, at, size) in files {
        println!(
            "{}  {:>10} bytes  {}",
            at.format("%Y-%m-%d %H:%M:%S UTC"),
            size,
            path.display()
        );
    }
    for r in log {
        match &r.error {
            None => println!("{} {:<9} ok", r.at, r.reason),
            Some(e) => println!("{} {:<9} FAILED: {e}", r.at, r.reason),
        }
    }
}

/// `caja backup verify`: opens a backup in a temporary folder and runs the whole store check.
fn verify(file: &Path, identity: &Path) -> Result<ExitCode> {
    let ids = keys::load_identities(identity)?;
    let scratch = tempfile::tempdir().context("a temporary folder")?;
    let db = scratch.path().join("caja.db");
    let opened = archive::open(file, &ids, &db)?;
    let store = Store::open(&db, &opened.key)?;
    let report = store.check()?;
    let m = &opened.manifest;
    println!(
        "{}: backup of {} ({}) taken {}, schema {}, {} documents{}",
        file.display(),
        m.store,
        m.terminal,
        m.created_at,
        m.schema_version,
        m.documents,
        match (&m.first_number, &m.last_number) {
            (Some(a), Some(b)) => format!(" ({a} … {b})"),
            _ => String::new(),
        }
    );
    for p in &report.problems {
        println!("PROBLEM [{}] {}", p.check, p.detail);
    }
    if report.problems.is_empty() {
        println!("intact: integrity, cipher, audit chain and series check out");
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}

/// `caja backup keygen`: a new age identity in `out`; prints its recipient.
fn keygen(env: &Env, out: &Path) -> Result<ExitCode> {
    let recipient = keys::keygen(out, &env.paths.data_dir)?;
    println!("{recipient}");
    eprintln!(
        "identity written to {} — keep it off the till and keep a copy safe. On the till: caja config set backup.recipients {recipient}",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn restore(env: &Env, file: &Path, identity: &Path, replace: bool) -> Result<ExitCode> {
    crate::store::files::create_private_dir(&env.paths.data_dir)
        .with_context(|| format!("cannot create {}", env.paths.data_dir.display()))?;
    let _lock = crate::store::lock::exclusive(&env.paths.data_dir)?;
    let ids = keys::load_identities(identity)?;
    let restored = archive::restore(
        file,
        &ids,
        &env.paths.data_dir,
        &env.paths.key_file,
        replace,
        chrono::Utc::now(),
    )?;
    let m = &restored.manifest;
    println!(
        "restored {} documents (last receipt {}, from {} to {}) of {} ({}), backed up {}",
        m.documents,
        m.last_number.as_deref().unwrap_or("none"),
        m.first_at.as_deref().unwrap_or("—"),
        m.last_at.as_deref().unwrap_or("—"),
        m.store,
        m.terminal,
        m.created_at
    );
    if let Some(aside) = &restored.kept_aside {
        println!("the database that was there is kept as {}", aside.display());
    }
    if restored.held_for_reconciliation {
        println!(
            "the store issues VERI*FACTU records: it sells again once reconciled with the AEAT (the till does it by itself when online, or run caja fiscal reconcile; offline, a manager may open a new series: caja fiscal reconcile --new-series --reason …)"
        );
    }
    Ok(ExitCode::SUCCESS)
}
