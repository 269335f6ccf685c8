//! When to back up and which backups to keep: pure functions of the times involved, so tests
//! drive them with any clock.

use chrono::{DateTime, Datelike, Utc};
use std::collections::BTreeSet;

/// How many backups to keep: the newest of each of the last `daily` days, `weekly` ISO weeks
/// and `monthly` months that have one (grandfather–father–son). The newest backup is always
/// kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keep {
    pub daily: usize,
    pub weekly: usize,
    pub monthly: usize,
}

impl Default for Keep {
    fn default() -> Self {
        Keep {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// Why a backup is due now, if it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// None was ever made.
    First,
    /// `every_hours` have passed since the last good one.
    Interval,
}

/// Whether the periodic backup is due: `every_hours` (0 = never) since the last good one.
pub fn due(
    last_good: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    every_hours: u32,
) -> Option<Reason> {
    if every_hours == 0 {
        return None;
    }
    match last_good {
        None => Some(Reason::First),
        Some(t) if now - t >= chrono::Duration::hours(i64::from(every_hours)) => {
            Some(Reason::Interval)
        }
        Some(_) => None,
    }
}

/// The backups to delete so that `keep` holds. `backups` are their times; returns indexes into
/// it. Backups dated after `now` (a clock set back) are kept.
pub fn prune(backups: &[DateTime<Utc>], now: DateTime<Utc>, keep: Keep) -> Vec<usize> {
    let mut order: Vec<usize> = (0..backups.len()).collect();
    // Newest first.
    order.sort_by(|a, b| backups[*b].cmp(&backups[*a]));
    let mut kept: BTreeSet<usize> = BTreeSet::new();
    if let Some(newest) = order.first() {
        kept.insert(*newest);
    }
    let mut pick = |key: &dyn Fn(DateTime<Utc>) -> (i32, u32), limit: usize| {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        for &i in &order {
            let k = key(backups[i]);
            if seen.contains(&k) {
                continue;
            }
            if seen.len() == limit {
                break;
            }
            seen.push(k);
            kept.insert(i);
        }
    };
    pick(&|t| (t.year(), t.ordinal()), keep.daily);
    pick(
        &|t| {
            let w = t.iso_week();
            (w.year(), w.week())
        },
        keep.weekly,
    );
    pick(&|t| (t.year(), t.month()), keep.monthly);
    order
        .into_iter()
        .filter(|i| !kept.contains(i) && backups[*i] <= now)
        .collect()
}

/// How the status bar colours the age of the last good backup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    /// Older than 24 h.
    Old,
    /// Older than 72 h, or none at all.
    Stale,
}

pub fn freshness(last_good: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Freshness {
    match last_good {
        Some(t) if now - t <= chrono::Duration::hours(24) => Freshness::Fresh,
        Some(t) if now - t <= chrono::Duration::hours(72) => Freshness::Old,
        _ => Freshness::Stale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn due_after_the_interval_and_never_when_off() {
        let now = at("2026-11-29T12:00:00Z");
        assert_eq!(due(None, now, 4), Some(Reason::First));
        assert_eq!(due(Some(at("2026-11-29T09:00:00Z")), now, 4), None);
        assert_eq!(
            due(Some(at("2026-11-29T08:00:00Z")), now, 4),
            Some(Reason::Interval)
        );
        assert_eq!(due(None, now, 0), None);
    }

    #[test]
    fn retention_keeps_the_newest_per_day_week_and_month() {
        // Four backups a day for 120 days.
        let start = at("2026-08-01T00:30:00Z");
        let times: Vec<DateTime<Utc>> = (0..120 * 4)
            .map(|i| start + chrono::Duration::hours(6 * i))
            .collect();
        let now = *times.last().unwrap();
        let keep = Keep::default();
        let gone = prune(&times, now, keep);
        let kept: Vec<DateTime<Utc>> = (0..times.len())
            .filter(|i| !gone.contains(i))
            .map(|i| times[i])
            .collect();
        // 7 days + up to 4 weeks + up to 12 months, overlapping: never more than 23.
        assert!(kept.len() <= 7 + 4 + 12, "{}", kept.len());
        assert!(kept.contains(&now), "the newest is kept");
        // The last 7 days each keep their newest (18:30) backup.
        for d in 0..7 {
            let day = now - chrono::Duration::days(d);
            assert!(kept.iter().any(|t| t.date_naive() == day.date_naive()));
        }
        // Each of the 4 months (Aug–Nov) keeps one.
        for m in [8, 9, 10, 11] {
            assert!(kept.iter().any(|t| t.month() == m), "month {m}");
        }
        // Pruning again deletes nothing more.
        assert!(prune(&kept, now, keep).is_empty());
        // A backup from the future (the clock went back) is not deleted.
        let mut with_future = kept.clone();
        with_future.push(now + chrono::Duration::days(400));
        assert!(
            prune(&with_future, now, keep)
                .iter()
                .all(|i| *i < kept.len())
        );
    }

    #[test]
    fn freshness_turns_amber_after_a_day_and_red_after_three() {
        let now = at("2026-11-29T12:00:00Z");
        assert_eq!(
            freshness(Some(at("2026-11-29T01:00:00Z")), now),
            Freshness::Fresh
        );
        assert_eq!(
            freshness(Some(at("2026-11-27T13:00:00Z")), now),
            Freshness::Old
        );
        assert_eq!(
            freshness(Some(at("2026-11-25T12:00:00Z")), now),
            Freshness::Stale
        );
        assert_eq!(freshness(None, now), Freshness::Stale);
    }
}
