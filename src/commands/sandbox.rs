//! `caja sandbox show | status | probe`, and the till's own confinement step.

use super::Env;
use crate::cli::SandboxCommand;
use crate::sandbox::policy::{Access, Places, SeccompPolicy};
use crate::sandbox::{self, Confinement, Level, probe};
use anyhow::{Context, Result, bail};
use std::io::{Read, Write};
use std::process::ExitCode;

fn places(env: &Env) -> Places {
    let mut places = env.paths.places(&env.settings);
    places.key_held = crate::store::key::is_held(&places.key_file);
    places
}

/// Confines this process as the till: refuses to go on when `sandbox.require_confinement` is
/// set and confinement cannot be full.
pub(super) fn confine_as_till(env: &Env) -> Result<Confinement> {
    let confinement = sandbox::confine(&places(env), sandbox::max_abi_from_env())
        .context("cannot confine the till")?;
    let report = confinement.report();
    if env.config.sandbox.require_confinement && report.level != Level::Full {
        bail!(
            "confinement is {}, and sandbox.require_confinement is set: the till will not start. \
             Run `caja sandbox status` for details; a newer kernel (Landlock ABI 6 or later) \
             confines fully",
            report.summary()
        );
    }
    if report.level != Level::Full {
        tracing::warn!("confinement: {}", report.summary());
    }
    Ok(confinement)
}

pub(super) fn run(env: &Env, command: SandboxCommand) -> Result<ExitCode> {
    match command {
        SandboxCommand::Show { json } => show(env, json),
        SandboxCommand::Status { json } => {
            let mut c = confine_as_till(env)?;
            c.apply_scope();
            let report = c.report();
            if json {
                println!("{}", serde_json::to_string_pretty(report)?);
            } else {
                println!("confinement: {}", report.summary());
                let l = &report.landlock;
                println!(
                    "landlock: kernel ABI {}, used {}; files {}, TCP {}, device ioctls {}, scope {}, all threads {}",
                    l.kernel_abi,
                    l.used_abi,
                    yes(l.filesystem),
                    yes(l.tcp),
                    yes(l.ioctl_dev),
                    yes(l.scoped),
                    yes(l.all_threads)
                );
                println!(
                    "seccomp: {} ({} calls refused); no_new_privs: {}",
                    yes(report.seccomp),
                    report.seccomp_denied_calls,
                    yes(report.no_new_privs)
                );
                let (nnp, mode) = sandbox::sys::proc_status();
                println!(
                    "/proc/self/status: NoNewPrivs {}, Seccomp {mode}",
                    u8::from(nnp)
                );
            }
            Ok(if report.level == Level::Full {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        SandboxCommand::Probe => run_probe(env),
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn show(env: &Env, json: bool) -> Result<ExitCode> {
    let effective = sandbox::effective(&places(env))?;
    let seccomp = SeccompPolicy::built_in()?;
    if json {
        let out = serde_json::json!({
            "landlock": effective,
            "seccomp": seccomp.rules.iter().map(|r| serde_json::json!({
                "syscalls": r.syscalls, "errno": format!("{:?}", r.errno), "why": r.why,
            })).collect::<Vec<_>>(),
            "require_confinement": env.config.sandbox.require_confinement,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("# Landlock (everything else refused)");
    for g in &effective.paths {
        let access = match g.access {
            Access::ReadOnly => "read",
            Access::ReadWrite => "read-write",
            Access::Device => "device",
        };
        println!("{access:<10} {}  — {}", g.path.display(), g.why);
    }
    for (port, what) in &effective.connect_ports {
        println!("{:<10} TCP port {port}  — {what}", "connect");
    }
    println!("{:<10} nothing  — no TCP port is ever bound", "bind");
    println!(
        "{:<10} abstract unix sockets {}, signals {}  — once the window is connected",
        "scope",
        yes(effective.scope_abstract_unix_sockets),
        yes(effective.scope_signals)
    );
    for (path, why) in &effective.skipped {
        println!("{:<10} {path}  — {why}", "skipped");
    }
    println!("\n# seccomp (all threads)");
    for r in &seccomp.rules {
        println!("{:?}: {}  — {}", r.errno, r.syscalls.join(", "), r.why);
    }
    println!(
        "\nrequire_confinement = {}",
        env.config.sandbox.require_confinement
    );
    Ok(ExitCode::SUCCESS)
}

/// The plan from stdin; a thread started now; confinement; the plan on every thread.
fn run_probe(env: &Env) -> Result<ExitCode> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let plan: probe::Plan = serde_json::from_str(&text).context("the probe plan")?;
    let (tx, rx) = std::sync::mpsc::channel();
    let before = probe::thread_before(tx.clone())?;
    let mut confinement = sandbox::confine(&places(env), sandbox::max_abi_from_env())?;
    confinement.apply_scope();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string(confinement.report())?)?;
    if plan.sell {
        let result = sell_and_print(env);
        let attempt = probe::Attempt {
            name: "sell and print".into(),
            thread: "main".into(),
            ok: result.is_ok(),
            error: result.err().map(|e| format!("{e:#}")),
        };
        writeln!(out, "{}", serde_json::to_string(&attempt)?)?;
    }
    probe::run(&plan, Some(before), &tx);
    drop(tx);
    for attempt in rx {
        writeln!(out, "{}", serde_json::to_string(&attempt)?)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What must keep working under confinement: a sale committed to the store, its receipt
/// printed on the configured printer.
fn sell_and_print(env: &Env) -> Result<String> {
    use crate::app::{SystemClock, Till, demo};
    let store = super::open_store(env)?;
    let mut till = Till::new(store, env.settings.clone(), SystemClock);
    till.login(demo::DEMO_CASHIER_PIN)?;
    till.scan(&demo::demo_ean(0))?;
    till.pay_exact_cash()?;
    let number = till.last_receipt().map(str::to_string).unwrap_or_default();
    if let Some(printer) = &env.settings.printer {
        let round = crate::app::workers::spooler::print_pending(
            till.store(),
            &env.settings,
            printer,
            env.settings.printer_profile.status,
        )?;
        if let Some(e) = round.error {
            bail!("the receipt did not print: {e}");
        }
    }
    Ok(number)
}
