//! When a failed message is tried again, and when it is parked instead: a pure function of the
//! attempt count, the failure, the time and a jitter value, so tests drive it with any clock.
//!
//! The wait doubles from `base` up to `max`, with "equal jitter": half of it fixed, half spread
//! by the jitter value in [0, 1), so many tills coming back after an outage do not retry in step.

use chrono::{DateTime, Duration, Utc};

/// A topic's retry rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failure (before jitter).
    pub base: Duration,
    /// The longest wait.
    pub max: Duration,
    /// Park a message after this many failed attempts; `None` = keep trying (a printer that is
    /// off for the night is not a reason to give up on a receipt).
    pub park_after: Option<u32>,
}

/// Why delivery failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub reason: String,
    /// It will never work as it is (a refused message, a document that is not there): parked
    /// at once, to be looked at.
    pub permanent: bool,
}

impl Failure {
    pub fn transient(reason: impl Into<String>) -> Failure {
        Failure {
            reason: reason.into(),
            permanent: false,
        }
    }

    pub fn permanent(reason: impl Into<String>) -> Failure {
        Failure {
            reason: reason.into(),
            permanent: true,
        }
    }
}

/// What to do with a message after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    RetryAt(DateTime<Utc>),
    Park,
}

impl Backoff {
    /// The wait after `attempts` failed attempts (1 = the first), with `jitter` in [0, 1).
    pub fn delay(&self, attempts: u32, jitter: f64) -> Duration {
        let doublings = attempts.saturating_sub(1).min(30);
        let full_ms = self
            .base
            .num_milliseconds()
            .saturating_mul(1i64 << doublings)
            .min(self.max.num_milliseconds())
            .max(0);
        let half = full_ms / 2;
        let spread = ((full_ms - half) as f64 * jitter.clamp(0.0, 1.0)) as i64;
        Duration::milliseconds(half + spread)
    }

    /// After `attempts` failed attempts (this one included) ending in `failure` at `now`.
    pub fn after_failure(
        &self,
        attempts: u32,
        failure: &Failure,
        now: DateTime<Utc>,
        jitter: f64,
    ) -> Next {
        if failure.permanent || self.park_after.is_some_and(|n| attempts >= n) {
            Next::Park
        } else {
            Next::RetryAt(now + self.delay(attempts, jitter))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(park_after: Option<u32>) -> Backoff {
        Backoff {
            base: Duration::seconds(1),
            max: Duration::seconds(60),
            park_after,
        }
    }

    #[test]
    fn waits_double_up_to_the_cap_and_jitter_spreads_the_upper_half() {
        let b = rule(None);
        let ms = |attempts, jitter| b.delay(attempts, jitter).num_milliseconds();
        assert_eq!([ms(1, 0.0), ms(2, 0.0), ms(3, 0.0)], [500, 1000, 2000]);
        assert_eq!([ms(1, 0.999_999), ms(2, 0.5)], [999, 1500]);
        assert_eq!(
            ms(7, 0.0),
            30_000,
            "64 s is capped at 60 s, half of it fixed"
        );
        assert_eq!(ms(1000, 0.0), 30_000, "no overflow however many attempts");
        for attempts in 1..40 {
            for j in [0.0, 0.3, 0.99] {
                let d = ms(attempts, j);
                assert!((0..=60_000).contains(&d), "{attempts} {j}: {d}");
            }
        }
    }

    #[test]
    fn permanent_failures_and_the_attempt_limit_park_others_retry_later() {
        let now = DateTime::parse_from_rfc3339("2026-12-04T10:00:00Z")
            .unwrap()
            .to_utc();
        let offline = Failure::transient("printer offline");
        assert_eq!(
            rule(None).after_failure(500, &offline, now, 0.0),
            Next::RetryAt(now + Duration::seconds(30))
        );
        assert_eq!(
            rule(Some(5)).after_failure(4, &offline, now, 0.0),
            Next::RetryAt(now + Duration::seconds(4))
        );
        assert_eq!(
            rule(Some(5)).after_failure(5, &offline, now, 0.0),
            Next::Park
        );
        let refused = Failure::permanent("refused: bad record");
        assert_eq!(rule(None).after_failure(1, &refused, now, 0.0), Next::Park);
    }
}
