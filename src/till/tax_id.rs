//! Spanish tax ids checked with their control character: a NIF of a person (DNI number and
//! letter; K, L, M NIFs), an NIE (X, Y, Z), and a company's CIF (letter, 7 digits, control
//! digit or letter). A wrong id names the character that is wrong and what it should be.
//! Other countries' ids are free-form (one line, no check).

use serde::Serialize;

/// What kind of Spanish id it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpanishId {
    /// A person's NIF (DNI) or a K/L/M NIF.
    Nif,
    /// A foreigner's NIE.
    Nie,
    /// A legal entity's CIF.
    Cif,
}

/// What is wrong with a Spanish tax id. `position` counts from 1, as a person reads it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TaxIdError {
    #[error("a Spanish tax id has 9 characters ({found} given)")]
    Length { found: usize },
    #[error("character {position} («{found}») should be a digit")]
    NotDigit { position: usize, found: char },
    #[error("the first character «{found}» does not start a NIF, NIE or CIF")]
    BadFirst { found: char },
    #[error("the control character (position 9) is «{found}» but should be «{expected}»")]
    Control { found: char, expected: char },
}

const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
const CIF_LETTERS: &[u8; 10] = b"JABCDEFGHI";

/// Upper-cases and drops spaces, dots and dashes (`12.345.678-Z` → `12345678Z`).
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .flat_map(char::to_uppercase)
        .collect()
}

fn digits(chars: &[char], from: usize, to: usize) -> Result<u32, TaxIdError> {
    let mut n = 0u32;
    for (i, c) in chars.iter().enumerate().take(to).skip(from) {
        let d = c.to_digit(10).ok_or(TaxIdError::NotDigit {
            position: i + 1,
            found: *c,
        })?;
        n = n * 10 + d;
    }
    Ok(n)
}

fn control(found: char, expected: char) -> Result<(), TaxIdError> {
    if found == expected {
        Ok(())
    } else {
        Err(TaxIdError::Control { found, expected })
    }
}

/// Checks a Spanish id (after `normalize`): what kind it is, or which character is wrong.
pub fn check_spanish(id: &str) -> Result<SpanishId, TaxIdError> {
    let chars: Vec<char> = normalize(id).chars().collect();
    if chars.len() != 9 {
        return Err(TaxIdError::Length { found: chars.len() });
    }
    let first = chars[0];
    let last = chars[8];
    let letter = |n: u32| char::from(DNI_LETTERS[(n % 23) as usize]);
    match first {
        '0'..='9' => {
            let n = digits(&chars, 0, 8)?;
            control(last, letter(n)).map(|_| SpanishId::Nif)
        }
        'X' | 'Y' | 'Z' => {
            let lead = match first {
                'X' => 0,
                'Y' => 1,
                _ => 2,
            };
            let n = lead * 10_000_000 + digits(&chars, 1, 8)?;
            control(last, letter(n)).map(|_| SpanishId::Nie)
        }
        'K' | 'L' | 'M' => {
            let n = digits(&chars, 1, 8)?;
            control(last, letter(n)).map(|_| SpanishId::Nif)
        }
        'A'..='H' | 'J' | 'N' | 'P'..='S' | 'U' | 'V' | 'W' => {
            digits(&chars, 1, 8)?;
            let mut sum = 0;
            for (i, c) in chars[1..8].iter().enumerate() {
                let d = c.to_digit(10).unwrap_or(0);
                sum += if i % 2 == 0 {
                    let x = d * 2;
                    x / 10 + x % 10
                } else {
                    d
                };
            }
            let digit = (10 - sum % 10) % 10;
            let as_digit = char::from_digit(digit, 10).unwrap_or('0');
            let as_letter = char::from(CIF_LETTERS[digit as usize]);
            let expected = match first {
                // Public bodies, foreign entities, non-resident: a letter.
                'P' | 'Q' | 'R' | 'S' | 'N' | 'W' => as_letter,
                // Companies (sociedades anónimas, limitadas), communities of property: a digit.
                'A' | 'B' | 'E' | 'H' => as_digit,
                // Others accept either.
                _ if last == as_letter => as_letter,
                _ => as_digit,
            };
            control(last, expected).map(|_| SpanishId::Cif)
        }
        other => Err(TaxIdError::BadFirst { found: other }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_ids_pass() {
        // The AEAT's own examples and well-known public CIFs.
        assert_eq!(check_spanish("12345678Z"), Ok(SpanishId::Nif));
        assert_eq!(check_spanish("12.345.678-z"), Ok(SpanishId::Nif));
        assert_eq!(check_spanish("X1234567L"), Ok(SpanishId::Nie));
        assert_eq!(check_spanish("Y1234567X"), Ok(SpanishId::Nie));
        // Mercadona S.A., Telefónica S.A., Ayuntamiento de Madrid.
        assert_eq!(check_spanish("A46103834"), Ok(SpanishId::Cif));
        assert_eq!(check_spanish("A28015865"), Ok(SpanishId::Cif));
        assert_eq!(check_spanish("P2807900B"), Ok(SpanishId::Cif));
    }

    #[test]
    fn the_wrong_character_is_named() {
        assert_eq!(
            check_spanish("12345678A"),
            Err(TaxIdError::Control {
                found: 'A',
                expected: 'Z'
            })
        );
        assert_eq!(
            check_spanish("1234S678Z"),
            Err(TaxIdError::NotDigit {
                position: 5,
                found: 'S'
            })
        );
        assert_eq!(
            check_spanish("A46103835"),
            Err(TaxIdError::Control {
                found: '5',
                expected: '4'
            })
        );
        assert_eq!(
            check_spanish("I1234567A"),
            Err(TaxIdError::BadFirst { found: 'I' })
        );
        assert_eq!(
            check_spanish("1234567Z"),
            Err(TaxIdError::Length { found: 8 })
        );
    }
}
