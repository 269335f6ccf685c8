//! The edge: runs each CLI command over the library and prints for people (or `--json` for
//! scripts). Errors go to stderr in plain words with a non-zero exit.

mod backoffice;
mod backup;
mod catalog;
mod devices;
mod doctor;
mod doctor_devices;
mod exchange;
mod fiscal;
pub mod outbox;
mod reports;
mod reprice;
mod sandbox;
mod setup;
mod stock;
mod store;
mod till;
mod users;

use crate::app::{Approval, SystemClock, Till, demo};
use crate::cli::{AuditCommand, Cli, Command, ConfigCommand, DebugCommand, Global, ReportCommand};
use crate::config::{Config, KEYS, Paths, TillSettings, markdown_table};
use crate::store::Store;
use crate::till::format::{format_fixed, format_money, format_rate};
use crate::till::report::SalesSummary;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone)]
pub(crate) struct Env {
    paths: Paths,
    config: Config,
    settings: TillSettings,
}

fn env(global: &Global) -> Result<Env> {
    let paths = Paths::resolve(
        global.data_dir.clone(),
        global.key_file.clone(),
        global.config.clone(),
    );
    let config = Config::load(&paths.config_file)?;
    let settings = config.resolve()?;
    Ok(Env {
        paths,
        config,
        settings,
    })
}

/// Opens the store of the data dir. The first time a store is opened by this version, the
/// `[store]` values of an earlier `caja.toml` are carried into it (once; audited).
pub(crate) fn open_store(env: &Env) -> Result<Store> {
    refuse_a_second_store(env)?;
    let store = Store::open_in(&env.paths.data_dir, &env.paths.key_file)?;
    let at = crate::app::stamp_now();
    let who = crate::store::taxes::Author {
        terminal: &env.settings.terminal,
        user_id: None,
        at: &at,
    };
    for line in crate::app::settings::carry_over_config(&store, &env.config, &who)? {
        eprintln!(
            "carried into the store from {}: {line}",
            env.paths.config_file.display()
        );
    }
    // A catalog import killed before it was published leaves nothing behind.
    for id in store.recover_imports(&who)? {
        eprintln!(
            "catalog import #{id} was interrupted before it finished: nothing of it was kept"
        );
    }
    Ok(store)
}

/// The store, and `env` with the store's identity (currency, name, logo) in its settings.
pub(crate) fn open_with_identity(env: &Env) -> Result<(Store, Env)> {
    let store = open_store(env)?;
    let mut env = env.clone();
    env.settings = crate::app::settings::with_store(&store, env.settings)?;
    Ok((store, env))
}

/// Audits an event of this terminal made by no logged-in user (a command, the till starting).
pub(crate) fn audit_now(
    store: &Store,
    env: &Env,
    event: &str,
    detail: serde_json::Value,
) -> Result<()> {
    store.audit(&crate::store::audit::AuditEvent {
        at: &crate::app::stamp_now(),
        terminal: &env.settings.terminal,
        user_id: None,
        event,
        detail: detail.to_string(),
    })?;
    Ok(())
}

/// `sudo caja …` on a machine with an installed till: the key credential is read as root, then
/// the process becomes the caja user before it opens anything, and works on the till's store
/// (unless a data dir, key or configuration was named).
fn become_the_till_user(global: &mut Global) -> Result<()> {
    if crate::sandbox::sys::euid() != 0 || global.allow_root {
        return Ok(());
    }
    let Some(install) = crate::sandbox::system::installed() else {
        return Ok(());
    };
    let key_file = global
        .key_file
        .get_or_insert(install.key_file.clone())
        .clone();
    global.data_dir.get_or_insert(install.data_dir.clone());
    global.config.get_or_insert(install.config_file.clone());
    if key_file.exists() {
        let key = crate::store::key::read_credential(&key_file)
            .with_context(|| format!("reading the till's key {}", key_file.display()))?;
        crate::store::key::hold(&key_file, key);
    }
    crate::sandbox::system::become_user(install.uid, install.gid)
        .map_err(anyhow::Error::msg)
        .context("becoming the caja user")
}

/// Refuses to make a second, empty store by accident on a machine with an installed till: a
/// command about to open a data dir that holds no store yet, not the till's, says where the
/// till's store is.
fn refuse_a_second_store(env: &Env) -> Result<()> {
    let Some(install) = crate::sandbox::system::installed() else {
        return Ok(());
    };
    if crate::store::db_path(&env.paths.data_dir).exists()
        || crate::sandbox::system::is_installed_data_dir(&install, &env.paths.data_dir)
        || std::env::var_os("CAJA_NEW_STORE").is_some()
    {
        return Ok(());
    }
    bail!(
        "this machine's till keeps its store in {}: run `sudo caja …` to work on it (caja reads \
         its key as root, then becomes the caja user). To make another store here on purpose, \
         set CAJA_NEW_STORE=1.",
        install.data_dir.display()
    )
}

/// Runs a parsed command line.
pub fn run(mut cli: Cli) -> Result<ExitCode> {
    become_the_till_user(&mut cli.global)?;
    let as_root = crate::sandbox::check_user(cli.global.allow_root).map_err(anyhow::Error::msg)?;
    if as_root {
        eprintln!(
            "warning: running as root (--allow-root), for development only; a till runs as the caja user"
        );
    }
    // The doctor reads a broken configuration as one of its red lines.
    if let Some(Command::Doctor { json }) = cli.command {
        return doctor::run(&cli.global, json);
    }
    let env = env(&cli.global)?;
    match cli.command {
        Some(Command::Doctor { json }) => doctor::run(&cli.global, json),
        Some(Command::Setup { from }) => setup::run(&env, &from),
        None => till::run(&env, cli.demo, cli.exit_after_first_frame, as_root),
        Some(Command::Sandbox { command }) => sandbox::run(&env, command),
        Some(Command::Store { command }) => store::run(&env, command),
        Some(Command::Tax { command }) => store::tax(&env, command),
        Some(Command::Backup { command }) => backup::run(&env, command),
        Some(Command::Restore {
            file,
            identity,
            replace,
        }) => backup::restore(&env, &file, &identity, replace),
        Some(Command::SeedDemo {
            products,
            sales,
            days,
            returns,
        }) => seed_demo(&env, products, sales, days, returns),
        Some(Command::Catalog { command }) => catalog::run(&env, command),
        Some(Command::Stock { command }) => stock::run(&env, command),
        Some(Command::Report { command }) => report(&env, command),
        Some(Command::Audit { command }) => audit(&env, command),
        Some(Command::Check { json }) => check(&env, json),
        Some(Command::Config { command }) => config(&env, command),
        Some(Command::Users { command }) => users::run(&env, command),
        Some(Command::Backoffice) => backoffice::run(&env),
        Some(Command::Devices { command }) => devices::run(&env, command),
        Some(Command::Outbox { command }) => outbox::run(&env, command),
        Some(Command::Fiscal { command }) => fiscal::run(&env, command),
        Some(Command::Customers { command }) => fiscal::customers(&env, command),
        Some(Command::Debug { command }) => debug(&env, command),
    }
}

fn seed_demo(
    env: &Env,
    products: usize,
    sales: usize,
    days: u32,
    returns: bool,
) -> Result<ExitCode> {
    let mut store = open_store(env)?;
    let seeded = demo::seed_with(
        &mut store,
        &env.settings,
        &SystemClock,
        products,
        sales,
        days,
        returns,
    )?;
    println!(
        "seeded {} products, {} users, {} sales into {}",
        seeded.products,
        seeded.users,
        seeded.sales,
        env.paths.data_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The shop's date now (the day whose tax rates apply).
pub(crate) fn today() -> chrono::NaiveDate {
    crate::app::Clock::now(&SystemClock).date_naive()
}

/// A manager's PIN read from standard input.
pub(crate) fn manager_from_stdin(
    store: &crate::store::Store,
    what: &str,
) -> Result<crate::store::users::User> {
    let pin = std::io::stdin()
        .lines()
        .next()
        .transpose()?
        .unwrap_or_default();
    store
        .user_by_pin(pin.trim())?
        .filter(|u| u.role == crate::till::permission::Role::Manager)
        .ok_or_else(|| anyhow::anyhow!("a manager's PIN is needed on standard input to {what}"))
}

pub(crate) fn money(env: &Env, minor: i64) -> String {
    format_money(minor, env.settings.currency, env.settings.locale)
}

fn summary_json(env: &Env, day: &str, s: &SalesSummary) -> serde_json::Value {
    serde_json::json!({
        "date": day,
        "currency": env.settings.currency.code(),
        "minor_digits": env.settings.currency.minor_digits(),
        "sales_count": s.sales_count,
        "sales_total": s.sales_total,
        "returns_count": s.returns_count,
        "returns_total": s.returns_total,
        "net_total": s.net_total,
        "discount_total": s.discount_total,
        "rounding_total": s.rounding_total,
        "tenders": s.tenders,
        "taxes": s.taxes,
    })
}

fn report(env: &Env, command: ReportCommand) -> Result<ExitCode> {
    let ReportCommand::Day { date, json } = command else {
        return reports::run(env, command);
    };
    if let Some(d) = &date {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .with_context(|| format!("«{d}» is not a date; use YYYY-MM-DD"))?;
    }
    let (store, env) = open_with_identity(env)?;
    let env = &env;
    let till = Till::new(store, env.settings.clone(), SystemClock);
    let (day, s) = till.day_report(date.as_deref())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&summary_json(env, &day, &s))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let lang = env.settings.locale.lang;
    let t = |id| lang.t(id).into_owned();
    println!(
        "{}",
        lang.msg(&crate::msg!("cli-day-report", date = day.clone()))
    );
    let row = |label: String, count: String, amount: i64| {
        println!("  {label:<22}{count:>6}  {:>14}", money(env, amount));
    };
    row(
        t(crate::id!("report-sales")),
        s.sales_count.to_string(),
        s.sales_total,
    );
    row(
        t(crate::id!("report-returns")),
        s.returns_count.to_string(),
        s.returns_total,
    );
    row(t(crate::id!("cli-net-total")), String::new(), s.net_total);
    row(
        t(crate::id!("report-discounts")),
        String::new(),
        s.discount_total,
    );
    println!("  {}", t(crate::id!("cli-by-tender")));
    for tender in &s.tenders {
        let name = crate::till::receipt::tender_name(tender.kind, lang);
        println!(
            "    {name:<20}{:>6}  {:>14}",
            tender.count,
            money(env, tender.amount)
        );
    }
    println!("  {}", t(crate::id!("cli-by-tax-rate")));
    let digits = env.settings.currency.minor_digits();
    let fixed = |minor| format_fixed(minor, digits, env.settings.locale);
    for tax in &s.taxes {
        println!(
            "    {:<8}{:>14}{:>14}{:>14}",
            format_rate(tax.rate_bp, env.settings.locale),
            fixed(tax.base),
            fixed(tax.quota),
            fixed(tax.gross)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn audit(env: &Env, command: AuditCommand) -> Result<ExitCode> {
    let store = open_store(env)?;
    match command {
        AuditCommand::Verify => match store.verify_audit()? {
            Ok(n) => {
                println!("audit trail intact: {n} rows");
                Ok(ExitCode::SUCCESS)
            }
            Err(b) => {
                eprintln!("audit trail BROKEN at row {}: {}", b.row_id, b.problem);
                Ok(ExitCode::FAILURE)
            }
        },
        AuditCommand::Tail { limit } => {
            for r in store.audit_tail(limit)? {
                println!(
                    "{:>8} {} {} user={} {} {}",
                    r.id,
                    r.at,
                    r.terminal,
                    r.user_id
                        .map(|u| u.to_string())
                        .unwrap_or_else(|| "-".into()),
                    r.event,
                    r.detail
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(env: &Env, json: bool) -> Result<ExitCode> {
    let store = open_store(env)?;
    let report = store.check()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for p in &report.problems {
            println!("PROBLEM [{}] {}", p.check, p.detail);
        }
        println!(
            "checked {}: {} documents, {} audit rows, {} problems",
            store.path().display(),
            report.documents,
            report.audit_rows,
            report.problems.len()
        );
    }
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn config(env: &Env, command: ConfigCommand) -> Result<ExitCode> {
    match command {
        ConfigCommand::Get { key: Some(key), .. } if store::is_store_key(&key) => {
            println!("{}", store::get(&open_store(env)?, &key)?);
        }
        ConfigCommand::Get { key: Some(key), .. } => println!("{}", env.config.get(&key)?),
        ConfigCommand::Get { markdown: true, .. } => print!("{}", markdown_table()),
        ConfigCommand::Get {
            key: None, list, ..
        } => {
            let store = crate::store::db_path(&env.paths.data_dir)
                .exists()
                .then(|| open_store(env))
                .transpose()?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for spec in KEYS {
                let value = match &store {
                    Some(s) if store::is_store_key(spec.key) => store::get(s, spec.key)?,
                    _ => env.config.get(spec.key)?,
                };
                writeln!(out, "{} = {value:?}", spec.key)?;
                if list {
                    writeln!(out, "    {} (default {:?})", spec.doc, spec.default)?;
                }
            }
            out.flush()?;
        }
        ConfigCommand::Set { key, value } if store::is_store_key(&key) => {
            let new = store::set(&open_store(env)?, env, &key, &value)?;
            println!("{key} = {new:?}");
        }
        ConfigCommand::Set { key, value } => {
            let mut config = env.config.clone();
            let old = config.get(&key)?;
            config.set(&key, &value)?;
            config.resolve()?;
            config.save(&env.paths.config_file)?;
            let new = config.get(&key)?;
            // Audit the change when this till's store exists.
            if crate::store::db_path(&env.paths.data_dir).exists() {
                let store = open_store(env)?;
                audit_now(
                    &store,
                    env,
                    "settings_change",
                    serde_json::json!({"key": key, "old": old, "new": new}),
                )?;
            }
            println!("{key} = {new:?}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn debug(env: &Env, command: DebugCommand) -> Result<ExitCode> {
    let DebugCommand::SellLoop { count } = command;
    let store = open_store(env)?;
    let mut till = Till::new(store, env.settings.clone(), SystemClock);
    till.login(demo::DEMO_CASHIER_PIN)?;
    let mut out = std::io::stdout().lock();
    for i in 0..count {
        let lines = 1 + (i % 5) as usize;
        for k in 0..lines {
            till.scan(&demo::demo_ean((i as usize * 7 + k * 3) % 40))?;
        }
        if i % 3 == 0 {
            till.scan(&demo::weight_label(
                (i % 12) as usize,
                250 + (i % 900) as i64,
            ))?;
        }
        till.start_payment()?;
        let progress = if i % 2 == 0 {
            till.pay_exact_cash()?
        } else {
            let due = till.totals().total;
            till.tender(crate::till::tender::Tender {
                kind: crate::till::tender::TenderKind::Card,
                amount: crate::till::money::Money::new(due, env.settings.currency),
                reference: Some(format!("AUTH{i:06}")),
            })?
        };
        match progress {
            crate::app::selling::PaymentProgress::Done(c) => {
                writeln!(out, "{} {}", c.number, c.total.minor)?;
                out.flush()?;
            }
            other => bail!("sale {i} not settled: {other:?}"),
        }
    }
    let _ = Approval::Own;
    Ok(ExitCode::SUCCESS)
}
