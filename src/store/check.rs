//! `caja check`: SQLite and cipher integrity, owner-only file modes, the audit chain, gapless
//! series, that every document is whole (its lines, tenders and tax rows add up), and that the
//! running totals behind reports equal their rebuild from the documents.

use super::reports::TotalsRow;
use super::{Store, StoreError};
use serde::Serialize;

/// A fiscal chain checked whole: how many records, and how each installation's chain ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainSummary {
    pub records: usize,
    pub installations: Vec<(String, crate::fiscal::chain::ChainEnd)>,
}

/// One problem found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub check: &'static str,
    pub detail: String,
}

/// What `check` looked at and found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub documents: i64,
    pub audit_rows: i64,
    pub problems: Vec<Problem>,
}

impl Store {
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        let mut problems = Vec::new();
        self.check_integrity(&mut problems)?;
        self.check_file_modes(&mut problems);
        let audit_rows = self.check_audit_chain(&mut problems)?;
        self.check_series(&mut problems)?;
        self.check_z_numbers(&mut problems)?;
        self.check_documents_whole(&mut problems)?;
        self.check_report_totals(&mut problems)?;
        self.check_stock(&mut problems)?;
        self.check_fiscal_chain(&mut problems)?;
        let documents = self.document_count()?;
        Ok(CheckReport {
            documents,
            audit_rows,
            problems,
        })
    }

    /// The fiscal records: each one's XML read back and its hash and link recomputed (the first
    /// broken record named), its row equal to its XML, and every document since the first
    /// record with its own record.
    fn check_fiscal_chain(&self, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
        if let Err(b) = self.verify_fiscal_chain(None)? {
            push(problems, "fiscal-chain", b);
        }
        let missing: Vec<String> = self
            .conn
            .prepare(
                "SELECT d.series || '-' || printf('%06d', d.number) FROM documents d
                 LEFT JOIN fiscal_records f ON f.id = d.fiscal_record_id
                 WHERE d.id >= (SELECT min(id) FROM documents WHERE fiscal_record_id IS NOT NULL)
                   AND d.training = 0
                   AND (f.id IS NULL OR f.document_id IS NOT d.id)
                 ORDER BY d.id LIMIT 10",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if !missing.is_empty() {
            push(
                problems,
                "fiscal-missing",
                format!("documents without a fiscal record: {}", missing.join(", ")),
            );
        }
        Ok(())
    }

    /// Walks the whole fiscal chain in pages; `progress` hears how many records were checked.
    /// The outer error is the store's; the inner one names the first broken record.
    pub fn verify_fiscal_chain(
        &self,
        mut progress: Option<&mut dyn FnMut(usize)>,
    ) -> Result<Result<ChainSummary, String>, StoreError> {
        use crate::fiscal::chain::Walker;
        let mut walker = Walker::new();
        // Records learnt from the agency after a new series: each branch walked on its own
        // from the record the store held when it was restored.
        // (first and last row, the record it branches off, its walker once met)
        type Branch = ((i64, i64), Option<i64>, Option<Walker>);
        let mut branches: Vec<Branch> = self
            .reconciliations()?
            .into_iter()
            .filter_map(|r| r.branch.map(|b| (b, r.head_record_id, None)))
            .collect();
        let mut after = 0;
        let mut checked = 0usize;
        loop {
            let page = self.fiscal_records_page(after, 2_000, None)?;
            let Some(last) = page.last() else { break };
            after = last.id;
            for row in &page {
                let read = match row.read() {
                    Ok(read) => read,
                    Err(e) => return Ok(Err(format!("record #{} ({}): {e}", row.id, row.number))),
                };
                if read.hash != row.hash
                    || read.number != row.number
                    || read.previous.as_ref().map(|l| l.hash.as_str())
                        != row.previous_hash.as_deref()
                {
                    return Ok(Err(format!(
                        "record #{} ({}): its row and its text differ (hash, number or link)",
                        row.id, row.number
                    )));
                }
                let branch = branches
                    .iter_mut()
                    .find(|((first, last), ..)| (*first..=*last).contains(&row.id));
                let walked = match branch {
                    Some((_, head, w)) if row.origin == "aeat" => {
                        if w.is_none() {
                            *w = Some(match head.map(|h| self.fiscal_record(h)).transpose()? {
                                Some(Some(h)) => Walker::after(&h.installation, &h.number, &h.hash),
                                _ => Walker::new(),
                            });
                        }
                        w.as_mut().map_or(Ok(()), |w| w.push(&read))
                    }
                    _ => walker.push(&read),
                };
                if let Err(b) = walked {
                    return Ok(Err(b.to_string()));
                }
                checked += 1;
            }
            if let Some(p) = progress.as_mut() {
                p(checked);
            }
        }
        Ok(Ok(ChainSummary {
            records: checked,
            installations: walker.ends().into_iter().collect(),
        }))
    }

    /// SQLite's and SQLCipher's own integrity checks.
    fn check_integrity(&self, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if rows != ["ok"] {
            push(problems, "sqlite-integrity", rows.join("; "));
        }
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if !rows.is_empty() {
            push(problems, "cipher-integrity", rows.join("; "));
        }
        Ok(())
    }

    /// Files in the data dir that are not owner-only.
    fn check_file_modes(&self, problems: &mut Vec<Problem>) {
        if let Some(dir) = self.path().parent() {
            match super::files::loose_modes(dir) {
                Ok(loose) => {
                    for l in loose {
                        push(problems, "file-mode", l.to_string());
                    }
                }
                Err(e) => push(problems, "file-mode", format!("{}: {e}", dir.display())),
            }
        }
    }

    /// The audit chain; returns the rows verified (0 when it is broken).
    fn check_audit_chain(&self, problems: &mut Vec<Problem>) -> Result<i64, StoreError> {
        Ok(match self.verify_audit()? {
            Ok(n) => n,
            Err(b) => {
                push(
                    problems,
                    "audit-chain",
                    format!("row {}: {}", b.row_id, b.problem),
                );
                0
            }
        })
    }

    /// Every series numbered 1..n without gaps, its counter at n + 1. Numbers known only from
    /// the tax agency (documents lost with a restore) count as issued.
    fn check_series(&self, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
        use std::collections::BTreeMap;
        // series → (count, min, max, counter)
        let mut series: BTreeMap<String, (i64, i64, i64, Option<i64>)> = BTreeMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT d.series, count(*), min(d.number), max(d.number), s.next_number
             FROM documents d LEFT JOIN series s ON s.code = d.series GROUP BY d.series",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            series.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
        }
        // Full invoices replacing tickets, in their own series.
        let mut stmt = self.conn.prepare(
            "SELECT r.series, count(*), min(r.number), max(r.number), s.next_number
             FROM replacement_invoices r LEFT JOIN series s ON s.code = r.series GROUP BY r.series",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            series.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
        }
        drop(rows);
        let mut stmt = self.conn.prepare(
            "SELECT r.number, s.next_number FROM fiscal_records r
             LEFT JOIN series s ON s.code = rtrim(rtrim(r.number, '0123456789'), '-')
             WHERE r.origin = 'aeat' AND r.kind = 'alta'",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let number: String = r.get(0)?;
            let Some((code, n)) = crate::till::document::parse_number(&number) else {
                push(
                    problems,
                    "gapless-series",
                    format!("a record learnt from the AEAT has the number «{number}»"),
                );
                continue;
            };
            let e = series.entry(code).or_insert((0, n, n, r.get(1)?));
            *e = (e.0 + 1, e.1.min(n), e.2.max(n), e.3);
        }
        for (series, (count, min, max, next)) in series {
            if min != 1 || max != count {
                push(
                    problems,
                    "gapless-series",
                    format!("series {series}: {count} documents numbered {min}..{max}"),
                );
            }
            if next != Some(max + 1) {
                push(
                    problems,
                    "gapless-series",
                    format!("series {series}: counter at {next:?}, last number {max}"),
                );
            }
        }
        Ok(())
    }

    /// Every terminal's Z reports numbered without gaps.
    fn check_z_numbers(&self, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT terminal, count(*), max(z_number) FROM z_reports GROUP BY terminal")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let terminal: String = r.get(0)?;
            let (count, max): (i64, i64) = (r.get(1)?, r.get(2)?);
            if count != max {
                push(
                    problems,
                    "gapless-z",
                    format!("terminal {terminal}: {count} Z reports up to Z{max}"),
                );
            }
        }
        Ok(())
    }

    /// Every document whole: lines, tax rows and tenders agree with its header.
    fn check_documents_whole(&self, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
        let whole_checks: [(&str, &str); 4] = [
            (
                "document-lines",
                "SELECT d.id, d.line_count, d.total, coalesce(count(l.line_no), 0), coalesce(sum(l.total), 0)
                 FROM documents d LEFT JOIN document_lines l ON l.document_id = d.id
                 GROUP BY d.id HAVING d.line_count <> count(l.line_no) OR d.total <> coalesce(sum(l.total), 0)",
            ),
            (
                "document-taxes",
                "SELECT d.id, d.total, 0, coalesce(sum(x.gross), 0), coalesce(sum(x.base + x.quota), 0)
                 FROM documents d LEFT JOIN document_taxes x ON x.document_id = d.id
                 GROUP BY d.id HAVING d.total <> coalesce(sum(x.gross), 0)
                                  OR d.total <> coalesce(sum(x.base + x.quota), 0)",
            ),
            (
                "document-tenders",
                "SELECT d.id, d.total + d.recargo + d.rounding, d.change_given, coalesce(sum(t.amount), 0), 0
                 FROM documents d LEFT JOIN document_tenders t ON t.document_id = d.id
                 GROUP BY d.id
                 HAVING coalesce(sum(t.amount), 0) - d.change_given <> d.total + d.recargo + d.rounding",
            ),
            (
                "return-references",
                "SELECT d.id, 0, 0, 0, 0 FROM documents d
                 WHERE d.kind = 'return' AND (d.ref_document_id IS NULL OR d.total > 0)",
            ),
        ];
        for (name, sql) in whole_checks {
            let mut stmt = self.conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            let mut shown = 0;
            while let Some(r) = rows.next()? {
                if shown < 20 {
                    let id: i64 = r.get(0)?;
                    push(problems, name, format!("document id {id} does not add up"));
                }
                shown += 1;
            }
            if shown > 20 {
                push(problems, name, format!("… and {} more", shown - 20));
            }
        }
        Ok(())
    }

    /// The running totals behind reports agree with the documents, day by day and shift by
    /// shift: every kept row equals the one rebuilt from the documents, none is missing.
    fn check_report_totals(&self, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
        let kept = self.kept_totals()?;
        let rebuilt = self.recompute_totals()?;
        let differing = totals_differences(&kept, &rebuilt);
        for (scope, metric) in differing.iter().take(20) {
            push(
                problems,
                "report-totals",
                format!("{scope} {metric}: running totals differ from the documents"),
            );
        }
        if differing.len() > 20 {
            push(
                problems,
                "report-totals",
                format!("… and {} more", differing.len() - 20),
            );
        }
        Ok(())
    }
}

impl Store {
    /// Every stock-tracked product's stock is the sum of its movements and its last
    /// movement's balance.
    fn check_stock(&self, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
        for (product, stock, sum) in self.stock_disagreements()?.into_iter().take(20) {
            push(
                problems,
                "stock-ledger",
                format!(
                    "product #{product}: stock {} but its movements add up to {}",
                    crate::till::quantity::milli_text(stock),
                    crate::till::quantity::milli_text(sum)
                ),
            );
        }
        Ok(())
    }
}

/// Records one problem found by `check`.
fn push(problems: &mut Vec<Problem>, check: &'static str, detail: String) {
    problems.push(Problem { check, detail });
}

/// The (scope, metric) pairs where two sorted lists of totals rows disagree.
fn totals_differences<'a>(
    kept: &'a [TotalsRow],
    rebuilt: &'a [TotalsRow],
) -> Vec<(&'a str, &'a str)> {
    let key = |r: &'a TotalsRow| (r.scope.as_str(), r.metric.as_str());
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < kept.len() || j < rebuilt.len() {
        match (kept.get(i), rebuilt.get(j)) {
            (Some(k), Some(r)) if key(k) == key(r) => {
                if k.values != r.values {
                    out.push(key(k));
                }
                i += 1;
                j += 1;
            }
            (Some(k), Some(r)) if key(k) < key(r) => {
                out.push(key(k));
                i += 1;
            }
            (Some(_), Some(r)) | (None, Some(r)) => {
                out.push(key(r));
                j += 1;
            }
            (Some(k), None) => {
                out.push(key(k));
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(scope: &str, metric: &str, a: i64) -> TotalsRow {
        TotalsRow {
            scope: scope.into(),
            metric: metric.into(),
            values: [1, a, 0, 0, 0],
        }
    }

    #[test]
    fn differences_name_changed_missing_and_extra_rows() {
        let kept = vec![
            row("D2026-11-28", "doc:sale", 100),
            row("D2026-11-28", "tax:2100", 21),
            row("S1", "doc:sale", 100),
            row("S1", "tender:cash", 7),
        ];
        let rebuilt = vec![
            row("D2026-11-28", "doc:sale", 100),
            row("D2026-11-28", "tax:1000", 10),
            row("D2026-11-28", "tax:2100", 21),
            row("S1", "doc:sale", 101),
        ];
        assert_eq!(
            totals_differences(&kept, &rebuilt),
            vec![
                ("D2026-11-28", "tax:1000"),
                ("S1", "doc:sale"),
                ("S1", "tender:cash")
            ]
        );
        assert!(totals_differences(&kept, &kept).is_empty());
        assert_eq!(totals_differences(&[], &kept).len(), 4);
    }
}
