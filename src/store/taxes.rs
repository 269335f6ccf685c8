//! Tax classes and their dated rates. A class is what a product belongs to; a rate change is a
//! new rate from its day, never an edit of the rate in force, so past tickets and past days
//! keep theirs. Every change is audited in its own transaction.

use super::audit::{AuditEvent, append};
use super::catalog::day_text;
use super::{Store, StoreError};
use crate::till::tax::{DatedRate, Exemption, TaxClass, TaxKind};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

/// Who changes something, when (for its audit row).
#[derive(Clone, Copy, Debug)]
pub struct Author<'a> {
    pub terminal: &'a str,
    pub user_id: Option<i64>,
    /// The stamp of the change (`app::stamp`).
    pub at: &'a str,
}

impl Author<'_> {
    pub(crate) fn audit(
        &self,
        tx: &rusqlite::Transaction<'_>,
        event: &str,
        detail: serde_json::Value,
        store_id: &str,
    ) -> Result<i64, StoreError> {
        append(
            tx,
            &AuditEvent {
                at: self.at,
                terminal: self.terminal,
                user_id: self.user_id,
                event,
                detail: detail.to_string(),
            },
            store_id,
        )
    }
}

fn parse_day(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("a tax rate's day «{text}»")))
}

impl Store {
    /// Every tax class with all its rates, in the manager's order.
    pub fn tax_classes(&self) -> Result<Vec<TaxClass>, StoreError> {
        let mut classes = self
            .conn
            .prepare_cached(
                "SELECT id, code, name, kind, exemption FROM tax_classes ORDER BY position, id",
            )?
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut rates = self.conn.prepare_cached(
            "SELECT valid_from, rate_bp, recargo_bp FROM tax_rates WHERE class_id = ?1
             ORDER BY valid_from",
        )?;
        let mut out = Vec::with_capacity(classes.len());
        for (id, code, name, kind, exemption) in classes.drain(..) {
            let dated = rates
                .query_map([id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, r.get(2)?))
                })?
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .map(|(from, rate_bp, recargo_bp)| {
                    Ok(DatedRate {
                        from: parse_day(&from)?,
                        rate_bp,
                        recargo_bp,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            out.push(TaxClass {
                code,
                name,
                kind: TaxKind::parse(&kind).unwrap_or_default(),
                exemption: exemption.as_deref().and_then(Exemption::parse),
                rates: dated,
            });
        }
        Ok(out)
    }

    /// A class's id by code.
    pub fn tax_class_id(&self, code: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM tax_classes WHERE code = ?1")?
            .query_row([code], |r| r.get(0))
            .optional()?)
    }

    /// Creates a class (with its first rate) or renames / re-describes an existing one (its
    /// rates are kept; change a rate with `add_tax_rate`). Audited.
    pub fn save_tax_class(&self, class: &TaxClass, who: &Author<'_>) -> Result<(), StoreError> {
        class.check().map_err(StoreError::TaxClass)?;
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM tax_classes WHERE code = ?1",
                [&class.code],
                |r| r.get(0),
            )
            .optional()?;
        let exemption = class.exemption.map(Exemption::as_str);
        match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE tax_classes SET name = ?2, kind = ?3, exemption = ?4 WHERE id = ?1",
                    params![id, class.name, class.kind.as_str(), exemption],
                )?;
            }
            None => {
                tx.execute(
                    "INSERT INTO tax_classes(code, name, kind, exemption, position)
                     VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM tax_classes))",
                    params![class.code, class.name, class.kind.as_str(), exemption],
                )?;
                let id = tx.last_insert_rowid();
                let mut insert = tx.prepare_cached(
                    "INSERT INTO tax_rates(class_id, valid_from, rate_bp, recargo_bp)
                     VALUES (?1, ?2, ?3, ?4)",
                )?;
                for r in &class.rates {
                    insert.execute(params![id, day_text(r.from), r.rate_bp, r.recargo_bp])?;
                }
            }
        }
        who.audit(
            &tx,
            "tax_class",
            serde_json::json!({"class": class.code, "name": class.name, "kind": class.kind.as_str(),
                "exemption": exemption, "new": existing.is_none()}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A class's new rate from `rate.from` on (today or later: a past day keeps its rate).
    /// Audited with the rate it replaces.
    pub fn add_tax_rate(
        &self,
        code: &str,
        rate: DatedRate,
        today: NaiveDate,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        if rate.from < today {
            return Err(StoreError::RateInThePast {
                from: day_text(rate.from),
            });
        }
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let (id, exemption): (i64, Option<String>) = tx
            .query_row(
                "SELECT id, exemption FROM tax_classes WHERE code = ?1",
                [code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchTaxClass {
                code: code.to_string(),
            })?;
        if exemption.is_some() && rate.rate_bp != 0 {
            return Err(StoreError::TaxClass(
                crate::till::tax::TaxClassError::ExemptWithRate,
            ));
        }
        if rate.rate_bp > crate::till::tax::MAX_RATE_BP
            || rate.recargo_bp > crate::till::tax::MAX_RATE_BP
        {
            return Err(StoreError::TaxClass(
                crate::till::tax::TaxClassError::RateOutOfRange,
            ));
        }
        let before: Option<u32> = tx
            .query_row(
                "SELECT rate_bp FROM tax_rates WHERE class_id = ?1 AND valid_from <= ?2
                 ORDER BY valid_from DESC LIMIT 1",
                params![id, day_text(rate.from)],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO tax_rates(class_id, valid_from, rate_bp, recargo_bp) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(class_id, valid_from) DO UPDATE SET rate_bp = excluded.rate_bp,
                 recargo_bp = excluded.recargo_bp",
            params![id, day_text(rate.from), rate.rate_bp, rate.recargo_bp],
        )?;
        who.audit(
            &tx,
            "tax_rate",
            serde_json::json!({"class": code, "from": day_text(rate.from), "old_bp": before,
                "new_bp": rate.rate_bp, "recargo_bp": rate.recargo_bp}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }
}
