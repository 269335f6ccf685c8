//! Tells a scanner's burst from a person typing, by timing.
//!
//! A keyboard-wedge scanner types a whole code within a few milliseconds per character and ends
//! it with Enter; people type 60 ms or more apart. When a text field (the search box) is in use,
//! the characters go to it as typed, and on Enter the trailing run of characters that came in a
//! fast burst — at least `MIN_SCAN_LEN` of them, each at most `MAX_GAP_S` after the previous one,
//! with Enter as quick after the last — is taken back out of the field and treated as a scan.
//! Times are the frame's input time, so characters that arrive in one frame count as gap 0.

/// Longest pause between two characters of one scan.
pub const MAX_GAP_S: f64 = 0.040;
/// Shortest code taken as a scan (EAN-8 and UPC-E are 8; 6 leaves room for short symbologies).
pub const MIN_SCAN_LEN: usize = 6;

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
        let chars = std::mem::take(&mut self.chars);
        let (_, last) = *chars.last()?;
        if time_s - last > MAX_GAP_S {
            return None;
        }
        let mut start = chars.len() - 1;
        while start > 0 && chars[start].1 - chars[start - 1].1 <= MAX_GAP_S {
            start -= 1;
        }
        let burst: String = chars[start..].iter().map(|(c, _)| *c).collect();
        (burst.chars().count() >= MIN_SCAN_LEN).then_some(burst)
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
