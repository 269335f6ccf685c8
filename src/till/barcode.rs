//! Reading what a scanner (or a cashier) types: EAN-13, EAN-8, UPC-A, UPC-E with their check
//! digits, GS1 variable-measure codes (prefixes 20–29, layout configurable) and internal PLUs.
//!
//! Every GTIN is normalised to the key the catalog stores: 13 digits for EAN-13, UPC-A and
//! UPC-E (UPC as EAN-13 with a leading 0), 8 digits for EAN-8.

use serde::{Deserialize, Serialize};

/// What is wrong with a scanned or typed code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    #[error("empty code")]
    Empty,
    #[error("«{0}» is not a barcode: only digits are allowed")]
    NotDigits(String),
    #[error("«{code}» has a wrong check digit (expected {expected}); scan it again or type it")]
    BadCheckDigit { code: String, expected: u8 },
    #[error(
        "«{0}» has an unsupported length ({1} digits): use EAN-13, EAN-8, UPC-A, UPC-E or a PLU of up to 6 digits"
    )]
    BadLength(String, usize),
}

/// What a variable-measure code carries besides the item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VariableValue {
    /// Weight in grams.
    Weight,
    /// Price in minor units (cents).
    Price,
}

/// The layout of GS1 variable-measure codes for one prefix: `PP IIIII VVVVV C` by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariableLayout {
    /// Two-digit prefix, 20–29.
    pub prefix: u8,
    /// Digits of the item code after the prefix (4–6); the value takes the rest of the 10.
    pub item_digits: u8,
    pub value: VariableValue,
}

/// The rules a store uses to read codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarcodeRules {
    pub variable: Vec<VariableLayout>,
}

impl Default for BarcodeRules {
    /// Prefixes 20–29: 5-digit item code and weight in grams.
    fn default() -> Self {
        BarcodeRules {
            variable: (20..=29)
                .map(|prefix| VariableLayout {
                    prefix,
                    item_digits: 5,
                    value: VariableValue::Weight,
                })
                .collect(),
        }
    }
}

/// A code understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scan {
    /// A fixed GTIN, normalised (13 or 8 digits).
    Gtin(String),
    /// A variable-measure code: the item key is `prefix + item digits` (e.g. `2100042`).
    Variable {
        item_key: String,
        value: VariableValue,
        amount: i64,
    },
    /// An internal PLU typed by the cashier.
    Plu(String),
}

fn digits_of(code: &str) -> Result<Vec<u8>, BarcodeError> {
    code.bytes()
        .map(|b| {
            if b.is_ascii_digit() {
                Ok(b - b'0')
            } else {
                Err(BarcodeError::NotDigits(code.to_string()))
            }
        })
        .collect()
}

/// The GS1 check digit of `body` (all digits but the check).
pub fn gs1_check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

fn check(code: &str, digits: &[u8]) -> Result<(), BarcodeError> {
    let (body, last) = digits.split_at(digits.len() - 1);
    let expected = gs1_check_digit(body);
    if last[0] == expected {
        Ok(())
    } else {
        Err(BarcodeError::BadCheckDigit {
            code: code.to_string(),
            expected,
        })
    }
}

/// Expands a UPC-E code (8 digits: number system, 6 digits, check) to its UPC-A body + check.
fn expand_upce(d: &[u8]) -> Option<Vec<u8>> {
    if d.len() != 8 || d[0] > 1 {
        return None;
    }
    let m = &d[1..7];
    let mut a = vec![d[0]];
    match m[5] {
        0..=2 => {
            a.extend([m[0], m[1], m[5], 0, 0, 0, 0, m[2], m[3], m[4]]);
        }
        3 => a.extend([m[0], m[1], m[2], 0, 0, 0, 0, 0, m[3], m[4]]),
        4 => a.extend([m[0], m[1], m[2], m[3], 0, 0, 0, 0, 0, m[4]]),
        _ => a.extend([m[0], m[1], m[2], m[3], m[4], 0, 0, 0, 0, m[5]]),
    }
    a.push(d[7]);
    Some(a)
}

fn to_string(digits: &[u8]) -> String {
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// Normalises a GTIN for storage in the catalog (checks the check digit).
pub fn normalize_gtin(code: &str) -> Result<String, BarcodeError> {
    match parse(code, &BarcodeRules { variable: vec![] })? {
        Scan::Gtin(key) => Ok(key),
        Scan::Plu(p) => Ok(p),
        Scan::Variable { item_key, .. } => Ok(item_key),
    }
}

/// Reads a code. Surrounding whitespace (a scanner's suffix) is ignored.
pub fn parse(raw: &str, rules: &BarcodeRules) -> Result<Scan, BarcodeError> {
    let code = raw.trim();
    if code.is_empty() {
        return Err(BarcodeError::Empty);
    }
    let d = digits_of(code)?;
    match d.len() {
        1..=6 => Ok(Scan::Plu(code.trim_start_matches('0').to_string()).normalize_plu()),
        8 => {
            if check(code, &d).is_ok() {
                return Ok(Scan::Gtin(code.to_string()));
            }
            if let Some(upca) = expand_upce(&d)
                && check(code, &upca).is_ok()
            {
                let mut ean = vec![0];
                ean.extend(upca);
                return Ok(Scan::Gtin(to_string(&ean)));
            }
            check(code, &d).map(|_| Scan::Gtin(code.to_string()))
        }
        12 => {
            check(code, &d)?;
            Ok(Scan::Gtin(format!("0{code}")))
        }
        13 => {
            check(code, &d)?;
            let prefix = d[0] * 10 + d[1];
            if let Some(layout) = rules.variable.iter().find(|l| l.prefix == prefix) {
                let item_end = 2 + usize::from(layout.item_digits.clamp(4, 6));
                let item_key = to_string(&d[..item_end]);
                let amount = d[item_end..12]
                    .iter()
                    .fold(0i64, |acc, x| acc * 10 + i64::from(*x));
                return Ok(Scan::Variable {
                    item_key,
                    value: layout.value,
                    amount,
                });
            }
            Ok(Scan::Gtin(code.to_string()))
        }
        14 => {
            // GTIN-14 from some scanners: a leading 0 wraps an EAN-13.
            check(code, &d)?;
            if d[0] == 0 {
                parse(&code[1..], rules)
            } else {
                Ok(Scan::Gtin(code.to_string()))
            }
        }
        n => Err(BarcodeError::BadLength(code.to_string(), n)),
    }
}

impl Scan {
    fn normalize_plu(self) -> Scan {
        match self {
            Scan::Plu(p) if p.is_empty() => Scan::Plu("0".to_string()),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> BarcodeRules {
        BarcodeRules::default()
    }

    #[test]
    fn real_world_ean13() {
        // Coca-Cola 330 ml can (Spain) and a Nutella jar: real printed codes.
        assert_eq!(
            parse("5449000000996", &rules()),
            Ok(Scan::Gtin("5449000000996".into()))
        );
        assert_eq!(
            parse("8000500310427", &rules()),
            Ok(Scan::Gtin("8000500310427".into()))
        );
        assert!(matches!(
            parse("5449000000997", &rules()),
            Err(BarcodeError::BadCheckDigit { expected: 6, .. })
        ));
    }

    #[test]
    fn ean8_upca_upce() {
        assert_eq!(
            parse("96385074", &rules()),
            Ok(Scan::Gtin("96385074".into()))
        );
        // UPC-A 036000291452 (a real Wrigley's code) → EAN-13 with leading 0.
        assert_eq!(
            parse("036000291452", &rules()),
            Ok(Scan::Gtin("0036000291452".into()))
        );
        // UPC-E 04252614 expands to UPC-A 042100005264.
        assert_eq!(
            parse("04252614", &rules()),
            Ok(Scan::Gtin("0042100005264".into()))
        );
    }

    #[test]
    fn gs1_weight_code() {
        // 21 00042 01250 C: item 2100042, 1,250 kg.
        let body = [2, 1, 0, 0, 0, 4, 2, 0, 1, 2, 5, 0];
        let code = format!("{}{}", to_string(&body), gs1_check_digit(&body));
        assert_eq!(
            parse(&code, &rules()),
            Ok(Scan::Variable {
                item_key: "2100042".into(),
                value: VariableValue::Weight,
                amount: 1250
            })
        );
    }

    #[test]
    fn plu_and_junk() {
        assert_eq!(parse("0042", &rules()), Ok(Scan::Plu("42".into())));
        assert!(matches!(
            parse("12a4", &rules()),
            Err(BarcodeError::NotDigits(_))
        ));
        assert!(matches!(
            parse("1234567", &rules()),
            Err(BarcodeError::BadLength(_, 7))
        ));
        assert_eq!(parse("   ", &rules()), Err(BarcodeError::Empty));
    }
}
