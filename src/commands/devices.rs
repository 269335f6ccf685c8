//! `caja devices …`: what a technician runs to find, test and unblock devices headless.

use super::{Env, open_store};
use crate::app::outbox::print::TOPIC as PRINT;
use crate::app::workers::spooler::print_pending;
use crate::cli::DevicesCommand;
use crate::devices::drawer::{DrawerWiring, SERIAL_PULSE};
use crate::devices::printout::{drawer_bytes, receipt_bytes_with_logo, test_receipt};
use crate::devices::profile::{BUILTIN, Profile};
use crate::devices::transport::send;
use crate::devices::uri::DeviceUri;
use anyhow::{Context, Result, bail};
use std::process::ExitCode;

pub(super) fn run(env: &Env, command: DevicesCommand) -> Result<ExitCode> {
    match command {
        DevicesCommand::List => list(env),
        DevicesCommand::Profiles => profiles(),
        DevicesCommand::TestPrint { to, profile } => {
            test_print(env, to.as_deref(), profile.as_deref())
        }
        DevicesCommand::OpenDrawer { to } => open_drawer(env, to.as_deref()),
        DevicesCommand::Queue { json } => queue(env, json),
        DevicesCommand::Retry => retry(env),
    }
}

/// `caja devices profiles`: the built-in printer models.
fn profiles() -> Result<ExitCode> {
    for (name, _) in BUILTIN {
        let p = Profile::named(name)?;
        println!(
            "{name:<22} {:<8} {:>2} mm {:>2} columns  {}",
            format!("{:?}", p.kind).to_lowercase(),
            p.paper_width_mm,
            p.columns,
            p.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `caja devices test-print`: the test receipt straight to a printer (audited).
fn test_print(env: &Env, to: Option<&str>, profile: Option<&str>) -> Result<ExitCode> {
    let printer = printer(env, to)?;
    let profile = match profile {
        Some(p) => Profile::named(p)?,
        None => env.settings.printer_profile.clone(),
    };
    // The store's name and logo on it.
    let (store, env) = super::open_with_identity(env)?;
    let env = &env;
    let s = &env.settings;
    let receipt = test_receipt(&s.profile.trade_name, s.currency, s.locale);
    let bytes = receipt_bytes_with_logo(&receipt, &profile, false, s.logo.as_ref())?;
    send(&printer, &bytes).with_context(|| "the test print did not go through")?;
    super::audit_now(
        &store,
        env,
        "test_print",
        serde_json::json!({"printer": printer.to_string(), "profile": profile.name}),
    )?;
    println!(
        "test receipt sent to {printer} ({} bytes, {})",
        bytes.len(),
        profile.name
    );
    Ok(ExitCode::SUCCESS)
}

/// `caja devices open-drawer`: one pulse to the drawer, through the printer or its own serial
/// line (audited).
fn open_drawer(env: &Env, to: Option<&str>) -> Result<ExitCode> {
    let (target, bytes) = match (to, &env.settings.drawer) {
        (Some(uri), _) => (uri.parse::<DeviceUri>()?, printer_pulse(env)?),
        (None, DrawerWiring::Serial(uri)) => (uri.clone(), SERIAL_PULSE.to_vec()),
        (None, DrawerWiring::Printer) => (printer(env, None)?, printer_pulse(env)?),
        (None, DrawerWiring::None) => bail!(
            "no drawer is configured (devices.drawer = none): caja config set devices.drawer printer, or serial:/dev/ttyUSB3?baud=9600"
        ),
    };
    send(&target, &bytes).with_context(|| "the drawer pulse did not go through")?;
    let store = open_store(env)?;
    super::audit_now(
        &store,
        env,
        "drawer_test",
        serde_json::json!({"drawer": target.to_string()}),
    )?;
    println!("drawer pulse sent to {target}");
    Ok(ExitCode::SUCCESS)
}

/// `caja devices queue`: the print jobs that wait, with their tries and last error.
fn queue(env: &Env, json: bool) -> Result<ExitCode> {
    let store = open_store(env)?;
    let jobs = store.outbox_waiting(PRINT)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&jobs)?);
    } else if jobs.is_empty() {
        println!("nothing waits to be printed");
    } else {
        for j in &jobs {
            println!(
                "#{:<6} {:<8} {:<7} tries {:<3} {}",
                j.id,
                j.kind,
                format!("{:?}", j.state).to_lowercase(),
                j.attempts,
                j.last_error.as_deref().unwrap_or("")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `caja devices retry`: every waiting print job, parked ones too, to the printer now.
fn retry(env: &Env) -> Result<ExitCode> {
    let printer = printer(env, None)?;
    let store = open_store(env)?;
    // Parked jobs too: a technician who fixed the printer asks for everything again.
    store.outbox_retry(PRINT, None)?;
    let check = env.settings.printer_profile.status;
    let round = print_pending(&store, &env.settings, &printer, check)?;
    println!("printed {}, waiting {}", round.delivered, round.waiting);
    match round.error {
        Some(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
        None => Ok(ExitCode::SUCCESS),
    }
}

/// The printer profile's kick-out pulse.
fn printer_pulse(env: &Env) -> Result<Vec<u8>> {
    let bytes = drawer_bytes(&env.settings.printer_profile);
    if bytes.is_empty() {
        bail!(
            "the printer profile {} has no drawer port",
            env.settings.printer_profile.name
        );
    }
    Ok(bytes)
}

fn printer(env: &Env, to: Option<&str>) -> Result<DeviceUri> {
    match to {
        Some(uri) => Ok(uri.parse()?),
        None => env.settings.printer.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "no printer is configured: caja config set devices.printer usb:/dev/usb/lp0 (or pass --to)"
            )
        }),
    }
}

fn list(env: &Env) -> Result<ExitCode> {
    let found = crate::devices::detect();
    if found.is_empty() {
        println!(
            "no USB printer (/dev/usb/lp*) or USB serial port (/dev/ttyUSB*, /dev/ttyACM*) found"
        );
    }
    for uri in &found {
        println!("{uri}");
    }
    match &env.settings.printer {
        Some(p) => println!(
            "configured printer: {p} ({})",
            env.settings.printer_profile.name
        ),
        None => println!("configured printer: none (caja config set devices.printer …)"),
    }
    println!("configured drawer: {}", env.settings.drawer);
    let or_none = |d: &Option<DeviceUri>| d.as_ref().map_or("none".into(), |u| u.to_string());
    println!("configured scanner: {}", or_none(&env.settings.scanner));
    println!("configured display: {}", or_none(&env.settings.display));
    println!("configured scale: {}", or_none(&env.settings.scale));
    Ok(ExitCode::SUCCESS)
}
