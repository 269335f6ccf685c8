//! `caja catalog reprice` and `caja catalog labels`: bulk price changes (previewed, applied all
//! at once like an import, every new price in the history) and shelf labels queued for the
//! receipt printer.

use super::{Env, money, today};
use crate::app::import::ImportReport;
use crate::app::reprice::{RepriceChoices, RepriceRow, parse_change, reprice_catalog};
use crate::store::Store;
use crate::store::reprice::RepriceFilter;
use crate::store::taxes::Author;
use crate::till::reprice::PriceChange;
use anyhow::{Result, bail};
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
    let currency = env.settings.currency;
    match (&f.percent, &f.amount) {
        (Some(p), None) => Ok(parse_change(p, false, currency)?),
        (None, Some(a)) => Ok(parse_change(a, true, currency)?),
        _ => bail!("say how prices change: --percent +5% or --amount 0,10"),
    }
}

pub(super) fn reprice(
    env: &Env,
    store: &Store,
    who: &Author<'_>,
    f: RepriceFlags,
) -> Result<ExitCode> {
    let choices = RepriceChoices {
        change: change_of(env, &f)?,
        filter: f.filter.clone(),
        ending: f.ending,
        labels: f.labels,
        dry_run: f.dry_run,
    };
    let report = reprice_catalog(store, &env.settings, &choices, today(), who, &mut |_| {})?;
    let mut out = std::io::stdout().lock();
    let (rows, unchanged, applied, labels) = match &report {
        ImportReport::RepricePreview { rows, unchanged } => (rows, *unchanged, false, 0),
        ImportReport::Repriced {
            rows,
            unchanged,
            labels,
            ..
        } => (rows, *unchanged, true, *labels),
        _ => bail!("a bulk price change answered with an import's report"),
    };
    if f.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "currency": env.settings.currency.code(), "applied": applied,
                "changed": rows, "unchanged": unchanged}))?
        )?;
    } else {
        preview(&mut out, env, rows, unchanged)?;
        if applied {
            writeln!(out, "applied: {} prices changed", rows.len())?;
        }
    }
    if labels > 0 {
        print_labels_queued(labels);
    }
    Ok(ExitCode::SUCCESS)
}

fn preview(
    out: &mut impl std::io::Write,
    env: &Env,
    rows: &[RepriceRow],
    unchanged: usize,
) -> Result<()> {
    for r in rows.iter().take(50) {
        writeln!(
            out,
            "#{:<7} {:<44} {:>10} → {:>10}",
            r.id,
            r.name,
            money(env, r.old),
            money(env, r.new)
        )?;
    }
    if rows.len() > 50 {
        writeln!(out, "… and {} more", rows.len() - 50)?;
    }
    writeln!(
        out,
        "{} prices change, {unchanged} stay as they are",
        rows.len()
    )?;
    Ok(())
}

/// Queues shelf labels of `ids` on the print topic, audited with them.
pub(super) fn queue_labels(env: &Env, store: &Store, who: &Author<'_>, ids: &[i64]) -> Result<()> {
    let n = crate::app::reprice::queue_labels(store, &env.settings, today(), who, ids)?;
    print_labels_queued(n);
    Ok(())
}

fn print_labels_queued(n: usize) {
    println!(
        "{n} shelf labels queued for the printer (the till prints them; caja devices retry prints them now)"
    );
}
