//! Bulk price changes, for the command line and the back office alike: which products (a
//! category, a tax class, words of the name), how (a percentage or an amount, optionally
//! rounded to a price ending such as .x9), a preview of every old and new price first, then the
//! change applied as an import is — staged, shown in one small commit, every new price in the
//! product's history and the whole change audited — and, if asked, shelf labels of what
//! changed queued for the receipt printer.

use super::AppError;
use super::import::{ImportReport, Progress};
use crate::config::TillSettings;
use crate::store::Store;
use crate::store::reprice::RepriceFilter;
use crate::store::taxes::Author;
use crate::till::reprice::{PriceChange, RepriceError};
use serde::Serialize;

/// A bulk price change as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepriceChoices {
    pub filter: RepriceFilter,
    pub change: PriceChange,
    /// The last digit new prices end in (9 for .x9), if any.
    pub ending: Option<u8>,
    /// Queue a shelf label of each changed product once applied.
    pub labels: bool,
    /// Preview only: write nothing.
    pub dry_run: bool,
}

/// One product whose price changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RepriceRow {
    pub id: i64,
    pub name: String,
    pub old: i64,
    pub new: i64,
}

/// A change as typed: a percentage (`5`, `-10`, `+2,5`, with or without `%`) or an amount of
/// the currency (`0,10`, `-0,05`).
pub fn parse_change(
    text: &str,
    by_amount: bool,
    currency: crate::till::money::Currency,
) -> Result<PriceChange, RepriceError> {
    let t = text.trim();
    if !by_amount {
        let with_sign = if t.ends_with('%') {
            t.to_string()
        } else {
            format!("{t}%")
        };
        return crate::till::reprice::parse_percent_change(&with_sign).map_err(|e| match e {
            RepriceError::Unreadable(_) => RepriceError::Unreadable(t.to_string()),
            other => other,
        });
    }
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let m = crate::till::money::Money::parse(digits.trim(), currency)
        .map_err(|_| RepriceError::Unreadable(t.to_string()))?;
    Ok(PriceChange::Amount(sign * m.minor))
}

/// Previews or applies a bulk price change.
pub fn reprice_catalog(
    store: &Store,
    settings: &TillSettings,
    choices: &RepriceChoices,
    today: chrono::NaiveDate,
    who: &Author<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport, AppError> {
    if choices.ending.is_some_and(|d| d > 9) {
        return Err(RepriceError::Ending.into());
    }
    progress(Progress::Checking);
    let plan = store.plan_reprice(&choices.filter, choices.change, choices.ending)?;
    let rows: Vec<RepriceRow> = plan
        .changed
        .iter()
        .map(|(id, old, d)| RepriceRow {
            id: *id,
            name: d.name.clone(),
            old: *old,
            new: d.price,
        })
        .collect();
    if choices.dry_run || rows.is_empty() {
        return Ok(ImportReport::RepricePreview {
            rows,
            unchanged: plan.unchanged,
        });
    }
    let _importing = crate::store::lock::importer(store.dir())?;
    let total = rows.len();
    let mut done = store.stage_import(&plan, "bulk price change", "bulk", who, &mut |n, _| {
        progress(if n == total {
            Progress::Publishing
        } else {
            Progress::Writing { rows: n, of: total }
        });
    })?;
    done.steps.fold = store.merge_imports(who)?.as_secs_f64() * 1000.0;
    done.longest_step_ms = done.steps.longest();
    let labels = if choices.labels {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        queue_labels(store, settings, today, who, &ids)?
    } else {
        0
    };
    Ok(ImportReport::Repriced {
        rows,
        unchanged: plan.unchanged,
        labels,
        done,
    })
}

/// Queues shelf labels of `ids` on the print topic, audited with them; how many.
pub fn queue_labels(
    store: &Store,
    settings: &TillSettings,
    today: chrono::NaiveDate,
    who: &Author<'_>,
    ids: &[i64],
) -> Result<usize, AppError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let bytes = super::printing::shelf_label_bytes(store, settings, ids, today)?;
    let message = super::outbox::print::bytes_message(who.terminal, "labels", bytes);
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
    Ok(ids.len())
}
