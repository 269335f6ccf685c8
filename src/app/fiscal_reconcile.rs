//! Reconciling the store with the tax agency, online: the agency's query service is asked, month
//! by month and page by page, for this installation's records from the month of the last record
//! the store held; the ones the store has are marked accepted, the ones it lacks are put in chain
//! order after its last record and kept as known only from the agency, and the series move past
//! their numbers — so no number is issued twice and the chain goes on where the agency's ends.
//! The same query, when nothing is open, tells whether the store is behind the agency (its
//! head older than what the agency holds); the fiscal sender asks it once when it starts.

use super::fiscal_send::Sender;
use crate::agency::AgencyError;
use crate::fiscal::chain::Unchained;
use crate::fiscal::query::{Query, query_envelope};
use crate::fiscal::record::InvoiceId;
use crate::store::fiscal_reconcile::{Cause, Learnt};
use crate::store::{Store, StoreError};
use chrono::{Datelike, NaiveDate};

/// How far back a store that held no record when it was restored asks (months).
pub const MONTHS_WITHOUT_HEAD: u32 = 12;

/// Why a reconciliation could not be done now.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Agency(#[from] AgencyError),
    #[error(
        "the AEAT's records for this installation cannot be chained after the store's last record: {0}. The store still does not sell; a manager may open a new series (caja fiscal reconcile --new-series --reason …)"
    )]
    Unchained(#[from] Unchained),
    #[error(
        "the AEAT holds invoice {0}, which the store lacks, as annulled: its anulación record is not in the AEAT's answer, so the chain after it cannot be followed. The store still does not sell; a manager may open a new series (caja fiscal reconcile --new-series --reason …)"
    )]
    Annulled(String),
}

/// What a reconciliation learnt.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Reconciled {
    pub reconciliation: i64,
    /// Records the store lacked, now kept as known only from the agency.
    pub learnt: usize,
    /// The store's own records the agency holds (marked accepted).
    pub held: usize,
    /// The last learnt record's number.
    pub last: Option<String>,
    /// Kept as a branch beside a new series (the store sells on in it).
    pub branch: bool,
}

/// The months from `from`'s to `to`'s, as (year, month).
fn months(from: NaiveDate, to: NaiveDate) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while (y, m) <= (to.year(), to.month()) {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn first_day(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// `MONTHS_WITHOUT_HEAD` before `today`.
fn year_back(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(chrono::Months::new(MONTHS_WITHOUT_HEAD))
        .unwrap_or(today)
}

impl Sender {
    /// Asks the agency for this installation's records from `from`'s month up to `today`'s,
    /// and sorts them into those the store holds and those it lacks.
    fn ask(
        &self,
        store: &Store,
        from: NaiveDate,
        today: NaiveDate,
    ) -> Result<Learnt, ReconcileError> {
        let from = first_day(from);
        let mut learnt = Learnt::default();
        let mut held = Vec::new();
        for (year, month) in months(from, today) {
            let mut after: Option<InvoiceId> = None;
            loop {
                let envelope = query_envelope(&Query {
                    taxpayer: &self.taxpayer,
                    year,
                    month,
                    system: Some(&self.system),
                    after: after.as_ref(),
                });
                let page = self.client.query(&envelope)?;
                learnt.envelopes.push(envelope);
                held.extend(page.held);
                match (page.more, page.next) {
                    (true, Some((issuer, number, issued))) => {
                        let issued = crate::fiscal::parse_date(&issued).ok_or_else(|| {
                            AgencyError::Reply(crate::fiscal::reply::ReplyError::Unknown {
                                field: "ClavePaginacion/FechaExpedicionFactura",
                                value: issued.clone(),
                            })
                        })?;
                        after = Some(InvoiceId {
                            issuer,
                            number,
                            issued,
                        });
                    }
                    _ => break,
                }
            }
        }
        let ours = store.fiscal_hashes_from(&from.format("%Y-%m-%d").to_string())?;
        for h in held {
            if !h.record.installation.is_empty() && h.record.installation != self.installation {
                continue;
            }
            match ours.get(&h.record.hash) {
                Some(id) => learnt.held.push((*id, h.state == "AceptadoConErrores")),
                None => learnt.lacking.push((h.record, h.state)),
            }
        }
        Ok(learnt)
    }

    /// Reconciles the open reconciliation, if any, with what the agency holds: `None` when
    /// nothing is open.
    pub fn reconcile(
        &self,
        store: &mut Store,
        today: NaiveDate,
        at: &str,
    ) -> Result<Option<Reconciled>, ReconcileError> {
        let Some(open) = store.open_reconciliation_row()? else {
            return Ok(None);
        };
        let head = match open.head_record_id {
            Some(id) => store.fiscal_record(id)?,
            None => None,
        };
        // A reconciliation asks the whole last year: a record is filed under its invoice's
        // month, so a correction of an older invoice sits in an earlier one.
        let mut learnt = self.ask(store, year_back(today), today)?;
        // The agency answers an annulled invoice as its alta: the anulación's own record, in
        // the chain, cannot be learnt; the store cannot chain after what it cannot see.
        if let Some((r, _)) = learnt.lacking.iter().find(|(_, s)| s == "Anulado") {
            return Err(ReconcileError::Annulled(r.number.clone()));
        }
        let states: std::collections::HashMap<String, String> = learnt
            .lacking
            .iter()
            .map(|(r, s)| (r.hash.clone(), s.clone()))
            .collect();
        let records = std::mem::take(&mut learnt.lacking)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        let ordered =
            crate::fiscal::chain::follow(head.as_ref().map(|h| h.hash.as_str()), records)?;
        learnt.lacking = ordered
            .into_iter()
            .map(|r| {
                let state = states.get(&r.hash).cloned().unwrap_or_default();
                (r, state)
            })
            .collect();
        let branch = open.state == crate::store::fiscal_reconcile::ReconcileState::NewSeries;
        let n = store.keep_learnt(open.id, &learnt, "verifactu", self.digits, at)?;
        Ok(Some(Reconciled {
            reconciliation: open.id,
            learnt: n,
            held: learnt.held.len(),
            last: learnt.lacking.last().map(|(r, _)| r.number.clone()),
            branch,
        }))
    }

    /// Asks whether the store is behind the agency (when no reconciliation is open), then
    /// reconciles what is open: whether it was behind, and what was learnt.
    pub fn catch_up(
        &self,
        store: &mut Store,
        today: NaiveDate,
        at: &str,
    ) -> Result<(bool, Option<Reconciled>), ReconcileError> {
        let behind = self.check_behind(store, today, at)?;
        Ok((behind, self.reconcile(store, today, at)?))
    }

    /// Whether the agency holds records of this installation the store lacks after its last
    /// record (the store is behind: restored by other means, a copied disk): if so, opens a
    /// reconciliation and the store sells no more until it is done. Answers whether it did.
    pub fn check_behind(
        &self,
        store: &mut Store,
        today: NaiveDate,
        at: &str,
    ) -> Result<bool, ReconcileError> {
        if store.open_reconciliation_row()?.is_some() {
            return Ok(false);
        }
        let head = store.fiscal_selling_head(&self.installation)?;
        let from = head
            .and_then(|h| NaiveDate::parse_from_str(&h.issued, "%Y-%m-%d").ok())
            .unwrap_or_else(|| year_back(today));
        let learnt = self.ask(store, from, today)?;
        let Some((first, _)) = learnt.lacking.first() else {
            return Ok(false);
        };
        store.open_reconciliation(
            &self.installation,
            Cause::Behind,
            &format!(
                "the AEAT holds {} record(s) of this installation the store does not have (such as {})",
                learnt.lacking.len(),
                first.number
            ),
            at,
        )?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_run_across_a_year_end() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            months(d(2026, 11, 30), d(2027, 2, 1)),
            vec![(2026, 11), (2026, 12), (2027, 1), (2027, 2)]
        );
        assert_eq!(months(d(2026, 12, 5), d(2026, 12, 5)), vec![(2026, 12)]);
        assert!(months(d(2027, 1, 1), d(2026, 12, 5)).is_empty());
    }
}
