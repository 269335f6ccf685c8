//! `caja catalog reprice` and `caja catalog labels`: bulk price changes (previewed, applied all
//! at once like an import, every new price in the history) and shelf labels queued for the
//! receipt printer.

use super::{Env, money, today};
use crate::app::outbox::print::bytes_message;
use crate::store::Store;
use crate::store::import::{ImportPlan, RepriceFilter};
use crate::store::taxes::Author;
use crate::till::money::Money;
use crate::till::reprice::{PriceChange, parse_percent_change};
use anyhow::{Context, Result, bail};
use std::io::Write as _;
use std::process::ExitCode;

/// What `caja catalog reprice` was asked.
pub(super) struct RepriceFlags {
    pub percent: Option<String>,
    pub amount: Option<String>,
    pub filter: RepriceFilter,
    pub ending: Option<u8>,
    pub dry_run: bool,
    pub labels: bool,
    pub json: bool,
}

fn change_of(env: &Env, f: &RepriceFlags) -> Result<PriceChange> {
    match (&f.percent, &f.amount) {
        (Some(p), None) => Ok(parse_percent_change(p)?),
        (None, Some(a)) => {
            let (sign, digits) = match a.trim().strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, a.trim().trim_start_matches('+')),
            };
            let m = Money::parse(digits, env.settings.currency)?;
            Ok(PriceChange::Amount(sign * m.minor))
        }
        _ => bail!("say how prices change: --percent +5% or --amount 0,10"),
    }
}

pub(super) fn reprice(
    env: &Env,
    store: &Store,
    who: &Author<'_>,
    f: RepriceFlags,
) -> Result<ExitCode> {
    let change = change_of(env, &f)?;
    if f.ending.is_some_and(|d| d > 9) {
        bail!("--ending is one digit: 9 for .x9, 5 for .x5");
    }
    let plan = store.plan_reprice(&f.filter, change, f.ending)?;
    let mut out = std::io::stdout().lock();
    if f.json {
        let rows: Vec<serde_json::Value> = plan
            .changed
            .iter()
            .map(|(id, old, d)| serde_json::json!({"id": id, "name": d.name, "old": old, "new": d.price}))
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "currency": env.settings.currency.code(), "applied": !f.dry_run,
                "changed": rows, "unchanged": plan.unchanged}))?
        )?;
    } else {
        preview(&mut out, env, &plan)?;
    }
    if f.dry_run || plan.changed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let dir = store.path().parent().context("the store's folder")?;
    let _importing = crate::store::lock::importer(dir)?;
    let done = store.stage_import(&plan, "bulk price change", "bulk", who, &mut |_, _| {})?;
    store.merge_imports(who)?;
    if !f.json {
        writeln!(out, "applied: {} prices changed", done.changed)?;
    }
    if f.labels {
        let ids: Vec<i64> = plan.changed.iter().map(|(id, _, _)| *id).collect();
        queue_labels(env, store, who, &ids)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn preview(out: &mut impl std::io::Write, env: &Env, plan: &ImportPlan) -> Result<()> {
    for (id, old, d) in plan.changed.iter().take(50) {
        writeln!(
            out,
            "#{id:<7} {:<44} {:>10} → {:>10}",
            d.name,
            money(env, *old),
            money(env, d.price)
        )?;
    }
    if plan.changed.len() > 50 {
        writeln!(out, "… and {} more", plan.changed.len() - 50)?;
    }
    writeln!(
        out,
        "{} prices change, {} stay as they are",
        plan.changed.len(),
        plan.unchanged
    )?;
    Ok(())
}

/// Queues shelf labels of `ids` on the print topic, audited with them.
pub(super) fn queue_labels(env: &Env, store: &Store, who: &Author<'_>, ids: &[i64]) -> Result<()> {
    let bytes = crate::app::printing::shelf_label_bytes(store, &env.settings, ids, today())?;
    let message = bytes_message(who.terminal, "labels", bytes);
    store.audit_with(
        &crate::store::audit::AuditEvent {
            at: who.at,
            terminal: who.terminal,
            user_id: who.user_id,
            event: "shelf_labels",
            detail: serde_json::json!({"products": ids.len()}).to_string(),
        },
        &[message],
        None,
    )?;
    println!(
        "{} shelf labels queued for the printer (the till prints them; caja devices retry prints them now)",
        ids.len()
    );
    Ok(())
}
