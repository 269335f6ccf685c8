//! Which PINs are too easy to guess: the ones people pick first and thieves try first — one
//! digit repeated (0000), a pattern repeated (1212, 123123), a run up or down (1234, 9876,
//! 0123), and a year (1970–2039 in four digits).

/// Why a PIN is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WeakPin {
    #[error("a PIN is 4 to 8 digits")]
    Format,
    #[error("one digit repeated is the first PIN a thief tries")]
    Repeated,
    #[error("a repeated pattern (1212, 123123) is easy to guess")]
    Pattern,
    #[error("digits in a row (1234, 9876) are easy to guess")]
    Sequence,
    #[error("a year is easy to guess")]
    Year,
}

/// Checks that `pin` is 4–8 digits and not an easy one.
pub fn check_strength(pin: &str) -> Result<(), WeakPin> {
    let d: Vec<i32> = pin
        .chars()
        .map(|c| c.to_digit(10).map(|x| x as i32))
        .collect::<Option<_>>()
        .ok_or(WeakPin::Format)?;
    if !(4..=8).contains(&d.len()) {
        return Err(WeakPin::Format);
    }
    if d.iter().all(|&x| x == d[0]) {
        return Err(WeakPin::Repeated);
    }
    for period in 2..=d.len() / 2 {
        if d.len().is_multiple_of(period) && d.iter().enumerate().all(|(i, &x)| x == d[i % period])
        {
            return Err(WeakPin::Pattern);
        }
    }
    let steps: Vec<i32> = d.windows(2).map(|w| w[1] - w[0]).collect();
    if steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1) {
        return Err(WeakPin::Sequence);
    }
    if d.len() == 4 {
        let year = d.iter().fold(0, |acc, &x| acc * 10 + x);
        if (1970..=2039).contains(&year) {
            return Err(WeakPin::Year);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easy_pins_are_refused_with_the_reason() {
        for (pin, why) in [
            ("0000", WeakPin::Repeated),
            ("99999999", WeakPin::Repeated),
            ("1212", WeakPin::Pattern),
            ("123123", WeakPin::Pattern),
            ("1234", WeakPin::Sequence),
            ("0123", WeakPin::Sequence),
            ("98765", WeakPin::Sequence),
            ("1987", WeakPin::Year),
            ("2026", WeakPin::Year),
            ("12a4", WeakPin::Format),
            ("123", WeakPin::Format),
        ] {
            assert_eq!(check_strength(pin), Err(why), "{pin}");
        }
    }

    #[test]
    fn ordinary_pins_pass() {
        for pin in ["4827", "1357", "90210", "3141", "7294", "1299", "802451"] {
            assert_eq!(check_strength(pin), Ok(()), "{pin}");
        }
    }
}
