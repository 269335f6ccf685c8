//! `caja fiscal …`: the store's fiscal records from the command line — their state, the whole
//! chain recomputed from the records' XML (the first broken record named), one invoice's
//! records as sent, and an export of a period for an inspection.

use super::{Env, open_store};
use crate::cli::FiscalCommand;
use crate::fiscal::xml::standalone;
use anyhow::{Context, Result, bail};
use std::io::Write as _;
use std::process::ExitCode;

pub(super) fn run(env: &Env, command: FiscalCommand) -> Result<ExitCode> {
    match command {
        FiscalCommand::Status { json } => status(env, json),
        FiscalCommand::Verify { json } => verify(env, json),
        FiscalCommand::Record { number, xml } => record(env, &number, xml),
        FiscalCommand::Export { from, to, dir } => export(env, from, to, &dir),
        FiscalCommand::Send { no_wait } => send(env, no_wait),
        FiscalCommand::Queue { json } => queue(env, json),
        FiscalCommand::Correct { number } => correct(env, &number),
        FiscalCommand::Reconcile {
            new_series,
            reason,
            json,
        } => reconcile(env, new_series, reason.as_deref(), json),
        FiscalCommand::Annul { number, reason } => annul(env, &number, &reason),
        FiscalCommand::Declaration => {
            print!("{}", crate::app::fiscal::declaration());
            if !crate::app::fiscal::declared() {
                eprintln!(
                    "note: a development build; a release sets CAJA_PRODUCER_NAME, CAJA_PRODUCER_NIF, CAJA_PRODUCER_ADDRESS and CAJA_DECLARATION_SIGNED when it is built"
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn send(env: &Env, no_wait: bool) -> Result<ExitCode> {
    let mut store = open_store(env)?;
    let _one_sender = crate::store::lock::fiscal_sender(store.dir())?;
    let settings = crate::app::settings::with_store(&store, env.settings.clone())?;
    let sender = crate::app::fiscal_send::Sender::from_settings(&settings, &store.identity().uid)?;
    // A restored store is reconciled first (or learns, after a new series, what it lacked).
    if store.open_reconciliation_row()?.is_some() {
        let now = chrono::Utc::now();
        let today = now.with_timezone(&settings.profile.zone()).date_naive();
        match sender.reconcile(&mut store, today, &crate::app::outbox::utc_text(now)) {
            Ok(Some(r)) => println!(
                "reconciled with the AEAT: learnt {} record(s) the store lacked{}",
                r.learnt,
                if r.branch {
                    " (kept beside the new series)"
                } else {
                    ""
                }
            ),
            Ok(None) => {}
            Err(e) => eprintln!("not reconciled yet: {e}"),
        }
    }
    loop {
        let round = sender.round(&mut store, chrono::Utc::now())?;
        if round.sent > 0 {
            println!(
                "sent {} record(s): {} accepted, {} accepted with errors, {} refused; {} wait",
                round.sent, round.accepted, round.with_errors, round.rejected, round.waiting
            );
        }
        if let Some(error) = &round.error {
            eprintln!("the request failed: {error}; the records stay queued");
            return Ok(ExitCode::FAILURE);
        }
        if round.waiting == 0 {
            println!("nothing waits to be sent");
            return Ok(ExitCode::SUCCESS);
        }
        let Some(next) = round.next_at else {
            return Ok(ExitCode::SUCCESS);
        };
        let pause = (next - chrono::Utc::now()).to_std().unwrap_or_default();
        if pause.is_zero() {
            continue;
        }
        if no_wait {
            println!(
                "{} record(s) wait; the agency asked to wait until {next}",
                round.waiting
            );
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "waiting {:.1} s as the agency asked ({} record(s) wait)",
            pause.as_secs_f64(),
            round.waiting
        );
        std::thread::sleep(pause);
    }
}

/// Prints `value` as indented JSON (a command's `--json`).
fn print_json(value: &impl serde::Serialize) -> Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

fn reconcile(env: &Env, new_series: bool, reason: Option<&str>, json: bool) -> Result<ExitCode> {
    let mut store = open_store(env)?;
    let _one_sender = crate::store::lock::fiscal_sender(store.dir())?;
    if new_series {
        let Some(reason) = reason else {
            bail!("say why the store sells in a new series without the AEAT: --reason \"…\"");
        };
        let manager = super::manager_from_stdin(&store, "open a new series")?;
        let at = crate::app::stamp_now();
        let mark = store.decide_new_series(
            reason,
            &crate::store::taxes::Author {
                terminal: &env.settings.terminal,
                user_id: Some(manager.id),
                at: &at,
            },
        )?;
        let series = crate::till::document::series(
            &store.identity().code,
            &format!("{}{mark}", env.settings.terminal),
            crate::till::document::DocKind::Sale,
        );
        if json {
            return print_json(&serde_json::json!({"new_series": series, "mark": mark}));
        }
        println!(
            "the store sells again in the new series {series}; its first record chains to the last record the store holds, and the AEAT will flag it (2002/2003, accepted with errors) — expected. The records the store lacks are learnt when the network returns"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let settings = crate::app::settings::with_store(&store, env.settings.clone())?;
    let sender = crate::app::fiscal_send::Sender::from_settings(&settings, &store.identity().uid)?;
    let now = chrono::Utc::now();
    let today = now.with_timezone(&settings.profile.zone()).date_naive();
    let at = crate::app::outbox::utc_text(now);
    let (behind, done) = sender.catch_up(&mut store, today, &at)?;
    if json {
        return print_json(&serde_json::json!({"behind": behind, "reconciled": done}));
    }
    match done {
        None => println!(
            "nothing to reconcile: the AEAT holds no record of this installation the store lacks"
        ),
        Some(r) if r.branch => println!(
            "learnt {} record(s) the store lacked (kept beside the new series, last {}); {} of the store's own are held by the AEAT",
            r.learnt,
            r.last.as_deref().unwrap_or("—"),
            r.held
        ),
        Some(r) => println!(
            "reconciled: learnt {} record(s) the store lacked (last {}), {} of the store's own held by the AEAT; the store sells again, its chain and series going on after them",
            r.learnt,
            r.last.as_deref().unwrap_or("—"),
            r.held
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// The store's regime at this terminal, and now in the store's time zone (a record's time).
fn regime_now(
    env: &Env,
    store: &crate::store::Store,
) -> Result<(
    std::sync::Arc<dyn crate::fiscal::Regime>,
    chrono::DateTime<chrono::FixedOffset>,
)> {
    let settings = crate::app::settings::with_store(store, env.settings.clone())?;
    let regime = crate::app::fiscal::regime_for(
        &settings.profile,
        &store.identity().uid,
        &settings.terminal,
    )?
    .ok_or_else(|| anyhow::anyhow!("the store issues no fiscal records"))?;
    let now = chrono::Utc::now()
        .with_timezone(&settings.profile.zone())
        .fixed_offset();
    Ok((regime, now))
}

fn correct(env: &Env, number: &str) -> Result<ExitCode> {
    let mut store = open_store(env)?;
    let manager = super::manager_from_stdin(&store, "correct a refused record")?;
    let Some(rejected) = store.newest_alta(number)? else {
        bail!("no fiscal record for invoice «{number}»");
    };
    // The customer as the book has them now: the invoice's (a full invoice), or the one of the
    // full invoice that replaced a ticket.
    let customer_id = match rejected.document_id {
        Some(doc) => match store.replacement_of(doc)? {
            Some(r)
                if r.fiscal_record_id.is_some()
                    && rejected.invoice_type.as_deref() == Some("F3") =>
            {
                Some(r.customer_id)
            }
            _ => store.document(doc)?.and_then(|d| d.customer_id),
        },
        None => None,
    };
    let recipient = match customer_id {
        Some(id) => {
            let c = store
                .customer(id)?
                .ok_or(crate::store::StoreError::NoSuchCustomer { id })?;
            Some(crate::app::fiscal::fiscal_customer(&c))
        }
        None => None,
    };
    let (regime, now) = regime_now(env, &store)?;
    let record = store.correct_record(regime.as_ref(), &rejected, recipient, now)?;
    super::audit_now(
        &store,
        env,
        "fiscal_correct",
        serde_json::json!({"number": rejected.number, "rejected": rejected.id,
            "record": record.id, "manager": manager.id}),
    )?;
    println!(
        "invoice {} corrected: record #{} (subsanación of #{}), waiting to be sent",
        rejected.number, record.id, rejected.id
    );
    Ok(ExitCode::SUCCESS)
}

fn annul(env: &Env, number: &str, reason: &str) -> Result<ExitCode> {
    let reason = reason.trim();
    if reason.is_empty() {
        bail!("say why the invoice is withdrawn: --reason \"…\"");
    }
    let mut store = open_store(env)?;
    let manager = super::manager_from_stdin(&store, "withdraw an invoice")?;
    let records = store.records_of_number(number)?;
    let Some(alta) = records.iter().find(|r| r.kind == "alta") else {
        bail!("no fiscal record for invoice «{number}»");
    };
    if records.iter().any(|r| r.kind == "anulacion") {
        bail!("invoice {} was withdrawn already", alta.number);
    }
    let (regime, now) = regime_now(env, &store)?;
    let record = store.annul_record(regime.as_ref(), alta, now)?;
    super::audit_now(
        &store,
        env,
        "fiscal_annul",
        serde_json::json!({"number": alta.number, "reason": reason, "manager": manager.id,
            "record": record.id}),
    )?;
    println!(
        "invoice {} withdrawn: record #{} (anulación), chained after {}",
        alta.number,
        record.id,
        record.previous_hash.as_deref().unwrap_or("—")
    );
    Ok(ExitCode::SUCCESS)
}

fn queue(env: &Env, json: bool) -> Result<ExitCode> {
    let store = open_store(env)?;
    let status = store.fiscal_sending()?;
    let refused = store.fiscal_refused(200)?;
    if json {
        return print_json(&serde_json::json!({"sending": status, "refused": refused}));
    }
    println!(
        "waiting: {}  (oldest {})",
        status.waiting,
        status.oldest_waiting.as_deref().unwrap_or("—")
    );
    println!(
        "accepted: {}  with errors: {}  refused: {}",
        status.accepted, status.accepted_with_errors, status.rejected
    );
    if let Some(e) = &status.last_error {
        println!("last failure ({} in a row): {e}", status.failures_in_a_row);
    }
    for r in &refused {
        println!(
            "{} {} [{}] {}",
            r.number,
            r.state.map_or("waiting", |s| s.as_str()),
            r.code.map(|c| c.to_string()).unwrap_or_default(),
            r.description.as_deref().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn status(env: &Env, json: bool) -> Result<ExitCode> {
    let store = open_store(env)?;
    let profile = store.profile()?;
    let state = match profile.fiscal_state() {
        crate::till::profile::FiscalState::Verifactu(e) => format!("verifactu ({})", e.as_str()),
        crate::till::profile::FiscalState::NoRecords => "no records".to_string(),
        crate::till::profile::FiscalState::Blocked(why) => format!("blocked: {why}"),
    };
    let records = store.fiscal_record_count()?;
    let installation =
        crate::app::fiscal::installation(&store.identity().uid, &env.settings.terminal);
    let sending = store.fiscal_sending()?;
    let reconciliation = store.open_reconciliation_row()?;
    let value = serde_json::json!({
        "regime": profile.fiscal_regime.as_str(),
        "environment": profile.fiscal_environment.as_str(),
        "state": state,
        "records": records,
        "installation": installation,
        "sending": sending,
        "reconciliation": reconciliation,
        "producer": {
            "name": crate::app::fiscal::PRODUCER_NAME,
            "nif": crate::app::fiscal::PRODUCER_NIF,
        },
    });
    if json {
        return print_json(&value);
    }
    println!(
        "regime:        {}",
        or_unset(profile.fiscal_regime.as_str())
    );
    println!(
        "environment:   {}",
        or_unset(profile.fiscal_environment.as_str())
    );
    println!("state:         {state}");
    println!("records:       {records}");
    println!("installation:  {installation}");
    let s = &sending;
    println!(
        "sending:       {} waiting (oldest {}), {} accepted, {} with errors, {} refused",
        s.waiting,
        s.oldest_waiting.as_deref().unwrap_or("—"),
        s.accepted,
        s.accepted_with_errors,
        s.rejected
    );
    if let Some(e) = &s.last_error {
        println!("last failure:  {e} ({} in a row)", s.failures_in_a_row);
    }
    if let Some(r) = reconciliation {
        match r.series_mark {
            None => println!(
                "reconcile:     PENDING since {} ({}): no sale until the AEAT is asked (caja fiscal reconcile) or a manager opens a new series",
                r.opened_at, r.detail
            ),
            Some(mark) => println!(
                "reconcile:     selling in new series {mark} (decided: {}); the records the store lacks are learnt when the AEAT answers",
                r.reason.as_deref().unwrap_or("")
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn or_unset(value: &str) -> &str {
    if value.is_empty() { "(not set)" } else { value }
}

fn verify(env: &Env, json: bool) -> Result<ExitCode> {
    let store = open_store(env)?;
    let outcome = store.verify_fiscal_chain(None)?;
    match (outcome, json) {
        (Ok(summary), true) => print_json(&serde_json::json!({"ok": true, "chain": summary})),
        (Ok(summary), false) => {
            println!("fiscal chain whole: {} record(s)", summary.records);
            for (installation, end) in &summary.installations {
                println!(
                    "  {installation}: {} record(s), last {} ({})",
                    end.records, end.last_number, end.last_hash
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        (Err(broken), true) => {
            print_json(&serde_json::json!({"ok": false, "broken": broken}))?;
            Ok(ExitCode::FAILURE)
        }
        (Err(broken), false) => {
            eprintln!("the fiscal chain is broken: {broken}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn record(env: &Env, number: &str, xml: bool) -> Result<ExitCode> {
    let store = open_store(env)?;
    let records = store.records_of_number(number)?;
    if records.is_empty() {
        bail!(
            "no fiscal record for invoice «{number}»; caja fiscal status shows how many there are"
        );
    }
    let mut out = std::io::stdout().lock();
    for r in &records {
        if xml {
            writeln!(out, "{}", standalone(&r.xml()?))?;
        } else {
            writeln!(
                out,
                "#{} {} {} {} issued {} generated {}\n  hash {}\n  previous {}{}",
                r.id,
                r.kind,
                r.invoice_type.as_deref().unwrap_or(""),
                r.number,
                r.issued,
                r.generated_at,
                r.hash,
                r.previous_hash.as_deref().unwrap_or("(first record)"),
                r.qr().map(|q| format!("\n  QR {q}")).unwrap_or_default()
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn export(
    env: &Env,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    dir: &std::path::Path,
) -> Result<ExitCode> {
    if to < from {
        bail!("--to {to} is before --from {from}");
    }
    let store = open_store(env)?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("registros-{from}-{to}.xml"));
    let file =
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = std::io::BufWriter::new(file);
    writeln!(
        w,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Registros xmlns:sum1=\"{}\">",
        crate::fiscal::xml::NS_SUM1
    )?;
    let mut records = 0usize;
    let mut after = 0;
    loop {
        let page = store.fiscal_records_page(after, 2_000, Some((from, to)))?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for r in &page {
            writeln!(w, "{}", r.xml()?)?;
            records += 1;
        }
    }
    writeln!(w, "</Registros>")?;
    w.flush()
        .and_then(|()| w.get_ref().sync_all())
        .with_context(|| format!("writing {}", path.display()))?;
    println!(
        "{records} record(s) from {from} to {to} in {}",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `caja customers add|list`.
pub(super) fn customers(env: &Env, command: crate::cli::CustomersCommand) -> Result<ExitCode> {
    use crate::cli::CustomersCommand;
    let store = open_store(env)?;
    match command {
        CustomersCommand::Set {
            id,
            tax_id,
            name,
            address,
            city,
            country,
        } => {
            let c = store
                .customer(id)?
                .ok_or(crate::store::StoreError::NoSuchCustomer { id })?;
            let d = c.draft;
            let draft = crate::till::customer::CustomerDraft {
                tax_id: tax_id.unwrap_or(d.tax_id),
                name: name.unwrap_or(d.name),
                address: address.unwrap_or(d.address),
                city: city.unwrap_or(d.city),
                country: country.unwrap_or(d.country),
                recargo: d.recargo,
            };
            let at = crate::app::stamp_now();
            let who = crate::store::taxes::Author {
                terminal: &env.settings.terminal,
                user_id: None,
                at: &at,
            };
            store.set_customer(id, draft, &who)?;
            println!("customer #{id} changed");
        }
        CustomersCommand::InvoiceTicket { ticket, customer } => {
            let pin = std::io::stdin()
                .lines()
                .next()
                .transpose()?
                .unwrap_or_default();
            let settings = crate::app::settings::with_store(&store, env.settings.clone())?;
            let mut till = crate::app::Till::new(store, settings, crate::app::SystemClock);
            till.login(pin.trim())?;
            let r = till.replace_ticket(&ticket, customer)?;
            println!(
                "full invoice {} issued to customer #{}; it replaces ticket {}",
                r.number,
                r.customer_id,
                ticket.trim().to_uppercase()
            );
        }
        CustomersCommand::Add {
            tax_id,
            name,
            address,
            city,
            country,
            recargo,
        } => {
            let at = crate::app::stamp_now();
            let who = crate::store::taxes::Author {
                terminal: &env.settings.terminal,
                user_id: None,
                at: &at,
            };
            let id = store.add_customer(
                crate::till::customer::CustomerDraft {
                    tax_id,
                    name,
                    address,
                    city,
                    country,
                    recargo,
                },
                &who,
            )?;
            println!("added customer #{id}");
        }
        CustomersCommand::List { search, json } => {
            let found = store.find_customers(search.as_deref().unwrap_or(""), 500)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&found)?);
            } else {
                for c in &found {
                    println!(
                        "#{:<5} {:<12} {:<40} {}, {} ({}){}",
                        c.id,
                        c.draft.tax_id,
                        c.draft.name,
                        c.draft.address,
                        c.draft.city,
                        c.draft.country,
                        if c.draft.recargo { "  recargo" } else { "" }
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
