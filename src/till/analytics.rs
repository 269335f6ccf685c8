//! Reports, pure: a period (dates inclusive, in the store's time zone) and the one before it,
//! how sales are grouped, the figures of a group (tickets, returns, sales, refunds, discounts,
//! net of tax, tax, cost and margin where cost is known) and how groups add up, days into weeks
//! and months, top and bottom N. The store sums the documents; this decides what they mean.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

/// How sales are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    Hour,
    Day,
    Week,
    Month,
    Category,
    Product,
    Cashier,
    Terminal,
    Tender,
    Tax,
}

impl Grouping {
    pub const ALL: [Grouping; 10] = [
        Grouping::Hour,
        Grouping::Day,
        Grouping::Week,
        Grouping::Month,
        Grouping::Category,
        Grouping::Product,
        Grouping::Cashier,
        Grouping::Terminal,
        Grouping::Tender,
        Grouping::Tax,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Grouping::Hour => "hour",
            Grouping::Day => "day",
            Grouping::Week => "week",
            Grouping::Month => "month",
            Grouping::Category => "category",
            Grouping::Product => "product",
            Grouping::Cashier => "cashier",
            Grouping::Terminal => "terminal",
            Grouping::Tender => "tender",
            Grouping::Tax => "tax",
        }
    }

    pub fn parse(text: &str) -> Option<Grouping> {
        Grouping::ALL
            .into_iter()
            .find(|g| g.as_str() == text.trim().to_ascii_lowercase())
    }

    /// The summed dimension it reads: days, weeks and months are made of each day's total.
    pub fn dim(self) -> &'static str {
        match self {
            Grouping::Day | Grouping::Week | Grouping::Month => "total",
            other => other.as_str(),
        }
    }

    /// Grouped by time: compared with the previous period place by place (its first day with
    /// the other's first day), not by key.
    pub fn is_time(self) -> bool {
        matches!(self, Grouping::Day | Grouping::Week | Grouping::Month)
    }

    /// The key a day falls in: `2026-11-28`, `2026-W48` (ISO week), `2026-11`.
    pub fn bucket(self, day: NaiveDate) -> String {
        match self {
            Grouping::Week => {
                let w = day.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Grouping::Month => day.format("%Y-%m").to_string(),
            _ => day.format("%Y-%m-%d").to_string(),
        }
    }
}

/// Dates from `from` to `to`, both inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why a period is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("«{0}» is not a date; write it as YYYY-MM-DD")]
    NotADate(String),
    #[error("the period ends ({to}) before it starts ({from})")]
    Backwards { from: NaiveDate, to: NaiveDate },
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::Backwards { from, to });
        }
        Ok(Period { from, to })
    }

    /// A period from two `YYYY-MM-DD` texts.
    pub fn parse(from: &str, to: &str) -> Result<Period, PeriodError> {
        let day = |t: &str| {
            NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                .map_err(|_| PeriodError::NotADate(t.trim().to_string()))
        };
        Period::new(day(from)?, day(to)?)
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length just before it.
    pub fn previous(&self) -> Period {
        let to = self.from - Duration::days(1);
        Period {
            from: to - Duration::days(self.days() - 1),
            to,
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    pub fn from_text(&self) -> String {
        self.from.format("%Y-%m-%d").to_string()
    }

    pub fn to_text(&self) -> String {
        self.to.format("%Y-%m-%d").to_string()
    }

    /// Each day of it, in order.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> {
        let from = self.from;
        (0..self.days()).map(move |i| from + Duration::days(i))
    }
}

/// A period split into its whole months (the first day of the first and of the last, when
/// there is at least one) and the partial months at either end.
pub fn whole_months(period: &Period) -> (Option<(NaiveDate, NaiveDate)>, Vec<Period>) {
    let first_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let next_month = |d: NaiveDate| {
        let f = first_of(d);
        if f.month() == 12 {
            NaiveDate::from_ymd_opt(f.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(f.year(), f.month() + 1, 1)
        }
        .unwrap_or(f)
    };
    // The first whole month starts on the period's first day if that is a 1st, else the next.
    let start = if period.from.day() == 1 {
        period.from
    } else {
        next_month(period.from)
    };
    // The last whole month ends on the period's last day if the next day is a 1st.
    let after_end = period.to + Duration::days(1);
    let end_first = if after_end.day() == 1 {
        after_end
    } else {
        first_of(period.to)
    };
    if start >= end_first {
        return (None, vec![*period]);
    }
    let last_whole = first_of(end_first - Duration::days(1));
    let mut ends = Vec::new();
    if period.from < start {
        ends.push(Period {
            from: period.from,
            to: start - Duration::days(1),
        });
    }
    if end_first <= period.to {
        ends.push(Period {
            from: end_first,
            to: period.to,
        });
    }
    (Some((start, last_whole)), ends)
}

/// What a group of sales came to. Money in minor units, tax included unless said.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Sale documents (a loss event: how many times).
    pub tickets: i64,
    pub returns: i64,
    /// Sold less returned, thousandths.
    pub qty_milli: i64,
    pub sales: i64,
    /// What returns gave back (≤ 0).
    pub refunds: i64,
    pub discount: i64,
    /// Net of tax (sales and refunds), the tax, the recargo.
    pub base: i64,
    pub quota: i64,
    pub recargo: i64,
    /// What the goods sold cost, at the unit cost they had when sold, and the net of tax of
    /// those lines (a margin is over the lines whose cost is known).
    pub cost: i64,
    pub costed: i64,
}

impl Figures {
    pub fn add(&mut self, o: &Figures) {
        self.tickets += o.tickets;
        self.returns += o.returns;
        self.qty_milli += o.qty_milli;
        self.sales += o.sales;
        self.refunds += o.refunds;
        self.discount += o.discount;
        self.base += o.base;
        self.quota += o.quota;
        self.recargo += o.recargo;
        self.cost += o.cost;
        self.costed += o.costed;
    }

    /// Sales less refunds, tax included.
    pub fn net(&self) -> i64 {
        self.sales + self.refunds
    }

    /// The average sale ticket (none without tickets).
    pub fn average_ticket(&self) -> Option<i64> {
        (self.tickets > 0).then(|| div_round(self.sales, self.tickets))
    }

    /// Net of tax less cost, over the lines whose cost is known (none when none is).
    pub fn margin(&self) -> Option<i64> {
        (self.costed != 0 || self.cost != 0).then_some(self.costed - self.cost)
    }

    /// The margin as basis points of the costed net (none when it cannot be said).
    pub fn margin_bp(&self) -> Option<i64> {
        let m = self.margin()?;
        (self.costed != 0).then(|| div_round(m * 10_000, self.costed))
    }
}

/// `n / d` rounded half away from zero (`d` > 0).
fn div_round(n: i64, d: i64) -> i64 {
    let q = (2 * n.unsigned_abs() + d.unsigned_abs()) / (2 * d.unsigned_abs());
    let q = i64::try_from(q).unwrap_or(i64::MAX);
    if (n < 0) != (d < 0) { -q } else { q }
}

/// One group of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub key: String,
    pub label: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// Adds up rows of the same key (their label the first one's), in the order keys first come.
pub fn merge(rows: impl IntoIterator<Item = Row>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for r in rows {
        match at.get(&r.key) {
            Some(&i) => out[i].figures.add(&r.figures),
            None => {
                at.insert(r.key.clone(), out.len());
                out.push(r);
            }
        }
    }
    out
}

/// Per-day rows (`key` a day) in the buckets of `by` over `period`: every bucket of the period
/// present, in order, empty ones as zero.
pub fn by_time(by: Grouping, period: &Period, days: &[Row]) -> Vec<Row> {
    let mut buckets: Vec<Row> = Vec::new();
    for day in period.each_day() {
        let key = by.bucket(day);
        if buckets.last().is_none_or(|b| b.key != key) {
            buckets.push(Row {
                label: key.clone(),
                key,
                figures: Figures::default(),
            });
        }
    }
    for d in days {
        let Ok(day) = NaiveDate::parse_from_str(&d.key, "%Y-%m-%d") else {
            continue;
        };
        if !period.contains(day) {
            continue;
        }
        let key = by.bucket(day);
        if let Some(b) = buckets.iter_mut().find(|b| b.key == key) {
            b.figures.add(&d.figures);
        }
    }
    buckets
}

/// Every hour 00–23, in order, empty ones as zero.
pub fn by_hour(rows: &[Row]) -> Vec<Row> {
    (0..24)
        .map(|h| {
            let key = format!("{h:02}");
            let mut figures = Figures::default();
            for r in rows.iter().filter(|r| r.key == key) {
                figures.add(&r.figures);
            }
            Row {
                label: format!("{key}:00"),
                key,
                figures,
            }
        })
        .collect()
}

/// The rows by net sales, highest first (ties by label): the top N are the first N, the
/// bottom N the last N.
pub fn ranked(mut rows: Vec<Row>) -> Vec<Row> {
    rows.sort_by(|a, b| {
        b.figures
            .net()
            .cmp(&a.figures.net())
            .then_with(|| a.label.cmp(&b.label))
    });
    rows
}

/// The change from `before` to `now` in basis points (none when before is zero).
pub fn change_bp(now: i64, before: i64) -> Option<i64> {
    (before != 0).then(|| div_round((now - before) * 10_000, before.abs()))
}

/// The tax-exclusive part of a tax-included amount at `rate_bp`, rounded half away from zero
/// (the same rule the store's sums use for a line's margin).
pub fn base_of(gross: i64, rate_bp: i64) -> i64 {
    div_round(gross * 10_000, 10_000 + rate_bp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn row(key: &str, sales: i64) -> Row {
        Row {
            key: key.into(),
            label: key.into(),
            figures: Figures {
                tickets: 1,
                sales,
                ..Figures::default()
            },
        }
    }

    #[test]
    fn a_period_splits_into_whole_months_and_its_ends() {
        let p = Period::parse("2025-12-05", "2026-12-05").unwrap();
        let (whole, ends) = whole_months(&p);
        assert_eq!(whole, Some((d("2026-01-01"), d("2026-11-01"))));
        assert_eq!(
            ends,
            vec![
                Period::parse("2025-12-05", "2025-12-31").unwrap(),
                Period::parse("2026-12-01", "2026-12-05").unwrap()
            ]
        );
        let exact = Period::parse("2026-02-01", "2026-03-31").unwrap();
        assert_eq!(
            whole_months(&exact),
            (Some((d("2026-02-01"), d("2026-03-01"))), vec![])
        );
        let inside = Period::parse("2026-02-03", "2026-02-20").unwrap();
        assert_eq!(whole_months(&inside), (None, vec![inside]));
        let one = Period::parse("2026-02-03", "2026-03-31").unwrap();
        assert_eq!(
            whole_months(&one),
            (
                Some((d("2026-03-01"), d("2026-03-01"))),
                vec![Period::parse("2026-02-03", "2026-02-28").unwrap()]
            )
        );
    }

    #[test]
    fn a_period_and_the_one_before_it() {
        let p = Period::parse("2026-03-01", "2026-03-31").unwrap();
        assert_eq!(p.days(), 31);
        let before = p.previous();
        assert_eq!(before.to, d("2026-02-28"));
        assert_eq!(before.days(), 31);
        assert_eq!(before.from, d("2026-01-29"));
        assert!(Period::parse("2026-03-02", "2026-03-01").is_err());
        assert!(matches!(
            Period::parse("2026-3-1x", "2026-03-01"),
            Err(PeriodError::NotADate(_))
        ));
        assert_eq!(Period::parse("2026-03-05", "2026-03-05").unwrap().days(), 1);
    }

    #[test]
    fn days_fall_in_iso_weeks_and_months_with_empty_ones_kept() {
        assert_eq!(Grouping::Week.bucket(d("2026-01-01")), "2026-W01");
        assert_eq!(Grouping::Week.bucket(d("2027-01-01")), "2026-W53");
        assert_eq!(Grouping::Month.bucket(d("2026-11-28")), "2026-11");
        let p = Period::parse("2026-11-28", "2026-12-02").unwrap();
        let days = vec![
            row("2026-11-28", 100),
            row("2026-12-02", 50),
            row("2026-12-09", 7),
        ];
        let months = by_time(Grouping::Month, &p, &days);
        assert_eq!(
            months
                .iter()
                .map(|r| (r.key.as_str(), r.figures.sales))
                .collect::<Vec<_>>(),
            vec![("2026-11", 100), ("2026-12", 50)]
        );
        let by_day = by_time(Grouping::Day, &p, &days);
        assert_eq!(by_day.len(), 5);
        assert_eq!(by_day[2].figures, Figures::default());
        assert_eq!(by_hour(&[row("09", 3), row("09", 4)])[9].figures.sales, 7);
    }

    #[test]
    fn figures_add_and_say_their_margin_only_where_cost_is_known() {
        let mut f = Figures {
            tickets: 2,
            sales: 1_000,
            refunds: -100,
            costed: 600,
            cost: 450,
            ..Figures::default()
        };
        assert_eq!(f.net(), 900);
        assert_eq!(f.average_ticket(), Some(500));
        assert_eq!(f.margin(), Some(150));
        assert_eq!(f.margin_bp(), Some(2_500));
        f.add(&f.clone());
        assert_eq!(f.tickets, 4);
        assert_eq!(Figures::default().margin(), None);
        assert_eq!(change_bp(110, 100), Some(1_000));
        assert_eq!(change_bp(5, 0), None);
        assert_eq!(base_of(121, 2_100), 100);
        assert_eq!(base_of(-121, 2_100), -100);
        let merged = merge(vec![row("a", 1), row("b", 2), row("a", 3)]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].figures.sales, 4);
        let r = ranked(merged);
        assert_eq!(r[0].key, "a");
    }
}
