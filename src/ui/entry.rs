//! Turns raw keyboard events into till input: a buffer of characters submitted on Enter.
//!
//! Collecting `Event::Text` / `Key::Enter` ourselves loses nothing at 1 ms per character, where a
//! re-focused single-line `TextEdit` dropped characters between two wedge-scanner bursts
//! (STACK-NOTES). `N*` before a code sets a quantity.

/// What a finished entry means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Digits/characters then Enter: a scan or a typed code.
    Code(String),
    /// `N*` then Enter or followed by a code: quantity for the next item.
    Quantity(i64),
    /// Enter on an empty buffer.
    Empty,
}

/// The characters typed since the last Enter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryBuffer {
    text: String,
}

impl EntryBuffer {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn clear(&mut self) {
        self.text.clear();
    }

    pub fn backspace(&mut self) {
        self.text.pop();
    }

    /// Adds typed text. A `*` right after digits turns them into a quantity at once.
    pub fn push(&mut self, text: &str) -> Option<Entry> {
        let mut out = None;
        for ch in text.chars() {
            if ch == '*' {
                if let Ok(n) = self.text.trim().parse::<i64>() {
                    self.text.clear();
                    out = Some(Entry::Quantity(n));
                }
            } else if !ch.is_control() {
                self.text.push(ch);
            }
        }
        out
    }

    /// Enter: the buffer as an entry, and the buffer is emptied.
    pub fn submit(&mut self) -> Entry {
        let text = std::mem::take(&mut self.text);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            Entry::Empty
        } else {
            Entry::Code(trimmed.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantity_then_code() {
        let mut b = EntryBuffer::default();
        assert_eq!(b.push("3*"), Some(Entry::Quantity(3)));
        assert_eq!(b.push("8437000000150"), None);
        assert_eq!(b.submit(), Entry::Code("8437000000150".into()));
        assert_eq!(b.submit(), Entry::Empty);
    }
}
