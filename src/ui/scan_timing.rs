//! Tells a scanner's burst from a person typing, by timing.
//!
//! A keyboard-wedge scanner types a whole code within a few milliseconds per character and ends
//! it with Enter; people type 60 ms or more apart. When a text field (the search box) is in use,
//! the characters go to it as typed, and on Enter the trailing run of characters that came in a
//! fast burst — at least `MIN_SCAN_LEN` of them, each at most `MAX_GAP_S` after the previous one,
//! with Enter as quick after the last — is taken back out of the field and treated as a scan.
//! Times are the frame's input time, so characters that arrive in one frame count as gap 0.
//!
//! On a starved machine frames come late, and a burst can be split over frames more than 40 ms
//! apart. Where a wrong guess costs little (the search box and dialogs), a trailing run of at
//! least `MIN_RELAXED_LEN` digits with gaps up to `RELAXED_GAP_S` also counts as a scan: people
//! do not type eight digits that fast, and barcodes are digits.

/// Longest pause between two characters of one scan.
pub const MAX_GAP_S: f64 = 0.040;
/// Shortest code taken as a scan (EAN-8 and UPC-E are 8; 6 leaves room for short symbologies).
pub const MIN_SCAN_LEN: usize = 6;
/// Longest pause in a run of digits taken as a scan when frames come late.
pub const RELAXED_GAP_S: f64 = 0.150;
/// Shortest run of digits taken as a scan under the relaxed rule.
pub const MIN_RELAXED_LEN: usize = 8;

/// Characters with their arrival times since the last Enter.
#[derive(Clone, Debug, Default)]
pub struct ScanTiming {
    chars: Vec<(char, f64)>,
}

impl ScanTiming {
    pub fn push(&mut self, ch: char, time_s: f64) {
        self.chars.push((ch, time_s));
    }

    pub fn pop(&mut self) {
        self.chars.pop();
    }

    pub fn clear(&mut self) {
        self.chars.clear();
    }

    /// Enter at `time_s`: the scanned code if the characters before it were a scanner's burst.
    /// Forgets the characters either way.
    pub fn enter(&mut self, time_s: f64) -> Option<String> {
        self.enter_with(time_s, false)
    }

    /// `enter`, also taking a late-framed run of digits as a scan (see the module notes).
    pub fn enter_relaxed(&mut self, time_s: f64) -> Option<String> {
        self.enter_with(time_s, true)
    }

    fn enter_with(&mut self, time_s: f64, relaxed: bool) -> Option<String> {
        let chars = std::mem::take(&mut self.chars);
        let (_, last) = *chars.last()?;
        let run = |max_gap: f64, digits_only: bool| -> String {
            let mut start = chars.len() - 1;
            if digits_only && !chars[start].0.is_ascii_digit() {
                return String::new();
            }
            while start > 0
                && chars[start].1 - chars[start - 1].1 <= max_gap
                && (!digits_only || chars[start - 1].0.is_ascii_digit())
            {
                start -= 1;
            }
            chars[start..].iter().map(|(c, _)| *c).collect()
        };
        let strict = if time_s - last <= MAX_GAP_S {
            Some(run(MAX_GAP_S, false)).filter(|b| b.chars().count() >= MIN_SCAN_LEN)
        } else {
            None
        };
        if relaxed && time_s - last <= RELAXED_GAP_S {
            // The longer reading wins: a late frame must not cut a code in two.
            let digits = run(RELAXED_GAP_S, true);
            let longer = strict
                .as_ref()
                .is_none_or(|s| digits.len() > s.chars().count());
            if digits.len() >= MIN_RELAXED_LEN && longer {
                return Some(digits);
            }
        }
        strict
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(t: &mut ScanTiming, text: &str, start: f64, gap: f64) -> f64 {
        let mut now = start;
        for ch in text.chars() {
            t.push(ch, now);
            now += gap;
        }
        now
    }

    #[test]
    fn a_burst_after_slow_typing_is_a_scan() {
        let mut t = ScanTiming::default();
        let now = typed(&mut t, "lech", 0.0, 0.15);
        let now = typed(&mut t, "8437000000150", now + 1.0, 0.001);
        assert_eq!(t.enter(now), Some("8437000000150".into()));
    }

    #[test]
    fn a_late_framed_burst_of_digits_is_a_scan_only_where_relaxed() {
        let mut t = ScanTiming::default();
        // "pan" typed by a person, then 13 digits split over frames 100 ms apart.
        let now = typed(&mut t, "pan", 0.0, 0.2);
        let now = typed(&mut t, "8437000", now + 0.3, 0.0);
        let now = typed(&mut t, "000150", now + 0.1, 0.0);
        assert_eq!(t.enter_relaxed(now + 0.1), Some("8437000000150".into()));
        let now = typed(&mut t, "8437000", 10.0, 0.0);
        let now = typed(&mut t, "000150", now + 0.1, 0.0);
        assert_eq!(t.enter(now + 0.1), None, "strict: the gap is too long");
        // Enter in the same late frame as the tail: the whole code, not the tail.
        let now = typed(&mut t, "8437000", 15.0, 0.0);
        let now = typed(&mut t, "000150", now + 0.1, 0.0);
        assert_eq!(t.enter_relaxed(now), Some("8437000000150".into()));
        // Eight digits typed by a person are not a scan even where relaxed.
        let now = typed(&mut t, "84370001", 20.0, 0.2);
        assert_eq!(t.enter_relaxed(now), None);
    }

    #[test]
    fn slow_typing_and_short_bursts_are_not_scans() {
        let mut t = ScanTiming::default();
        let now = typed(&mut t, "8437000000150", 0.0, 0.12);
        assert_eq!(t.enter(now), None);
        let now = typed(&mut t, "123", 5.0, 0.0);
        assert_eq!(t.enter(now), None);
        // A burst, then a long pause before Enter: a person pressed Enter.
        let now = typed(&mut t, "8437000000150", 9.0, 0.001);
        assert_eq!(t.enter(now + 1.0), None);
    }
}
