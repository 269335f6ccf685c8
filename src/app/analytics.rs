//! The manager's reports, made from the store's sums: sales over a period grouped by hour,
//! day, week, month, category, product, cashier, terminal, tender or tax rate, beside the
//! previous period of the same length; margins where cost is known; the loss-prevention
//! events by cashier and approving manager. The CLI, the back office's Reports section and the
//! printed summary all read these.

use crate::store::{Store, StoreError};
use crate::till::analytics::{Figures, Grouping, Period, Row, by_hour, by_time, change_bp, ranked};
use serde::Serialize;

/// Sales over a period, grouped, with the previous period beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SalesReport {
    pub by: Grouping,
    pub period: Period,
    pub previous: Period,
    pub rows: Vec<Row>,
    /// The previous period's rows: by key, or place by place for days, weeks and months.
    pub previous_rows: Vec<Row>,
    pub total: Figures,
    pub previous_total: Figures,
}

impl SalesReport {
    /// The net's change from the previous period, in basis points.
    pub fn change_bp(&self) -> Option<i64> {
        change_bp(self.total.net(), self.previous_total.net())
    }

    /// The previous period's row matching `row` (the i-th of a time grouping, else by key).
    pub fn before(&self, i: usize, row: &Row) -> Option<&Row> {
        if self.by.is_time() {
            self.previous_rows.get(i)
        } else {
            self.previous_rows.iter().find(|r| r.key == row.key)
        }
    }
}

/// Groups of one period.
fn grouped(
    store: &Store,
    by: Grouping,
    period: &Period,
) -> Result<(Vec<Row>, Figures), StoreError> {
    let total_rows = store.report_rows("total", period)?;
    let mut total = Figures::default();
    for r in &total_rows {
        total.add(&r.figures);
    }
    let rows = match by {
        Grouping::Hour => by_hour(&store.report_rows("hour", period)?),
        Grouping::Day | Grouping::Week | Grouping::Month => by_time(by, period, &total_rows),
        Grouping::Tax => {
            // By rate, highest first.
            let mut rows = store.report_rows("tax", period)?;
            rows.sort_by_key(|r| std::cmp::Reverse(r.key.parse::<u32>().unwrap_or(0)));
            rows
        }
        other => ranked(store.report_rows(other.dim(), period)?),
    };
    if matches!(by, Grouping::Category | Grouping::Product) {
        // The lines' own net of tax (each line's, rounded line by line), as the rows add up.
        total.base = rows.iter().map(|r| r.figures.base).sum();
    }
    Ok((rows, total))
}

/// Sales over `period` grouped `by`, beside the previous period (the rollup brought up to the
/// newest document first).
pub fn sales_report(
    store: &Store,
    by: Grouping,
    period: Period,
) -> Result<SalesReport, StoreError> {
    store.refresh_rollup()?;
    let previous = period.previous();
    let (rows, total) = grouped(store, by, &period)?;
    let (previous_rows, previous_total) = grouped(store, by, &previous)?;
    Ok(SalesReport {
        by,
        period,
        previous,
        rows,
        previous_rows,
        total,
        previous_total,
    })
}

/// One line of the loss-prevention report: an event by a cashier, approved by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LossRow {
    /// `refund`, `void_line`, `line_discount`, `ticket_discount`, `price_override`, `no_sale`.
    pub event: String,
    pub cashier: String,
    /// The manager who approved it (none: the cashier's own permission, or a manager's own).
    pub approved_by: Option<String>,
    pub count: i64,
    /// What returns gave back (≤ 0); 0 for the other events.
    #[serde(rename = "amount_minor")]
    pub amount: i64,
}

/// Voids, line deletions, discounts, price overrides, returns and no-sale drawer openings over
/// `period`, by cashier and approving manager; by cashier, then event.
pub fn loss_report(store: &Store, period: Period) -> Result<Vec<LossRow>, StoreError> {
    store.refresh_rollup()?;
    let names = store.user_names()?;
    let name = |id: &str| -> Option<String> {
        let id: i64 = id.parse().ok()?;
        Some(names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
    };
    let mut out: Vec<LossRow> = store
        .report_rows("loss", &period)?
        .into_iter()
        .filter_map(|r| {
            let mut parts = r.key.split('|');
            let event = parts.next()?.to_string();
            let cashier = name(parts.next()?).unwrap_or_default();
            let approved_by = name(parts.next().unwrap_or(""));
            Some(LossRow {
                count: if event == "refund" {
                    r.figures.returns
                } else {
                    r.figures.tickets
                },
                amount: r.figures.refunds,
                event,
                cashier,
                approved_by,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.cashier, &a.event, &a.approved_by).cmp(&(&b.cashier, &b.event, &b.approved_by))
    });
    Ok(out)
}
