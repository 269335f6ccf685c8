//! Reading one cell's value: amounts written the many ways shops and spreadsheets write them
//! (`1.234,56`, `1,234.56`, `3,50 €`, `$3.50`), yes/no flags in four languages of truth,
//! units of sale, PLUs, and barcodes with the damage spreadsheets do to them (scientific
//! notation, lost leading zeros). No regex and no allocation on the happy path: this runs for
//! every cell of a million-row file.

use super::problem::Why;
use crate::till::barcode::{BarcodeError, gs1_check_digit, normalize_gtin};
use crate::till::quantity::Measure;
use rust_decimal::{Decimal, RoundingStrategy};

/// Fractional digits kept when reading an amount (more only matter for an exact tie).
const MAX_FRACTION_DIGITS: u32 = 20;

/// Reads a decimal amount. The decimal separator is decided per value: with both `.` and `,`
/// the last one is the decimal; a lone `,` followed by exactly three digits groups thousands,
/// otherwise it is a decimal comma; a lone `.` is a decimal point; repeated separators group
/// thousands. Currency signs (`€ $ £`, `EUR`) and spaces are ignored. `None` = not an amount.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let body = strip_currency(text);
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, body.strip_prefix('+').unwrap_or(body)),
    };
    let decimal_at = decimal_separator(body)?;
    let mut mantissa: i128 = 0;
    let mut scale: u32 = 0;
    let mut digits = 0;
    for (i, c) in body.char_indices() {
        match c {
            '0'..='9' => {
                digits += 1;
                let after_point = decimal_at.is_some_and(|d| i > d);
                if after_point && scale >= MAX_FRACTION_DIGITS {
                    continue;
                }
                let digit = i128::from(c as u8 - b'0');
                mantissa = mantissa.checked_mul(10)?.checked_add(digit)?;
                if after_point {
                    scale += 1;
                }
            }
            '.' | ',' | ' ' | '\'' | '\u{a0}' | '\u{202f}' => {}
            _ => return None,
        }
    }
    if digits == 0 || mantissa > 10i128.pow(28) {
        return None;
    }
    let value = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
    Some(if negative { -value } else { value })
}

/// The text without currency signs or codes around it, and without spaces used as thousands
/// separators (regular, no-break and narrow no-break).
fn strip_currency(text: &str) -> &str {
    let mut t = text.trim();
    for sign in ["€", "$", "£", "EUR", "eur", "USD", "usd"] {
        t = t.strip_prefix(sign).unwrap_or(t).trim_start();
        t = t.strip_suffix(sign).unwrap_or(t).trim_end();
    }
    t.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
}

/// The byte index of the decimal separator in `body` (`Some(None)` = an integer), or `None`
/// when the separators make no sense (`1,2,3.4.5`).
fn decimal_separator(body: &str) -> Option<Option<usize>> {
    let last_dot = body.rfind('.');
    let last_comma = body.rfind(',');
    let dots = body.bytes().filter(|b| *b == b'.').count();
    let commas = body.bytes().filter(|b| *b == b',').count();
    match (last_dot, last_comma) {
        (None, None) => Some(None),
        (Some(d), Some(c)) => {
            let (point, point_count) = if d > c { (d, dots) } else { (c, commas) };
            (point_count == 1).then_some(Some(point))
        }
        (Some(d), None) => Some((dots == 1).then_some(d)),
        (None, Some(c)) => {
            // `1,234` groups thousands; `0,125` and `1234,5` are decimal commas.
            let before = &body[..c];
            let after = body.len() - c - 1;
            let thousands =
                after == 3 && (1..=3).contains(&before.len()) && !before.starts_with('0');
            Some((commas == 1 && !thousands).then_some(c))
        }
    }
}

/// An amount in the currency's minor units, rounded half-up (away from zero).
pub fn to_minor(value: Decimal, minor_digits: u32) -> Option<i64> {
    let rounded =
        value.round_dp_with_strategy(minor_digits, RoundingStrategy::MidpointAwayFromZero);
    let scale = rounded.scale();
    let factor = 10i128.checked_pow(minor_digits.checked_sub(scale)?)?;
    i64::try_from(rounded.mantissa().checked_mul(factor)?).ok()
}

/// A percentage as basis points, when it is a whole, non-negative number of them.
pub fn percent_to_bp(percent: Decimal) -> Option<u32> {
    let bp = percent * Decimal::ONE_HUNDRED;
    if bp.fract() != Decimal::ZERO {
        return None;
    }
    rust_decimal::prelude::ToPrimitive::to_u32(&bp)
}

/// A yes/no cell: `None` = empty, `Some(Err)` = not a flag.
pub fn parse_flag(text: &str) -> Option<Result<bool, Why>> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let yes = ["y", "yes", "s", "si", "sí", "true", "1", "verdadero", "x"];
    let no = ["n", "no", "false", "0", "falso"];
    if yes.iter().any(|w| t.eq_ignore_ascii_case(w)) || t.eq_ignore_ascii_case("SÍ") {
        Some(Ok(true))
    } else if no.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(Ok(false))
    } else {
        Some(Err(Why::NotAFlag))
    }
}

/// A unit of sale: `unit` / `kg` and their common spellings; `strict = false` reads any other
/// unit of measure (Odoo's `Litros`, `Docena`) as sold by units.
pub fn parse_unit(text: &str, strict: bool) -> Result<Measure, Why> {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" | "kilogramo" | "kilogramos"
        | "peso" | "weight" => Ok(Measure::Kg),
        "" | "unit" | "units" | "u" | "ud" | "uds" | "ud." | "unidad" | "unidades" | "pcs"
        | "each" => Ok(Measure::Unit),
        _ if strict => Err(Why::UnknownUnit),
        _ => Ok(Measure::Unit),
    }
}

/// A PLU: 1 to 6 digits, leading zeros dropped as the till drops them.
pub fn parse_plu(text: &str) -> Result<Option<String>, Why> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() > 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Why::BadPlu);
    }
    let kept = t.trim_start_matches('0');
    Ok(Some(if kept.is_empty() { "0" } else { kept }.to_string()))
}

/// Whether a cell is a number in scientific notation (`8.41E+12`, `8,41235E+12`, `8e12`): a
/// spreadsheet turned a barcode into a float and its last digits are gone.
pub fn is_scientific(text: &str) -> bool {
    let t = text.trim();
    let Some(e) = t.find(['e', 'E']) else {
        return false;
    };
    let (mantissa, exponent) = (&t[..e], &t[e + 1..]);
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mantissa_ok = mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    mantissa_ok && !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// One barcode as the catalog stores it (see `normalize_gtin`), or why it is refused.
pub fn parse_barcode(code: &str) -> Result<String, Why> {
    if is_scientific(code) {
        return Err(Why::MangledByExcel);
    }
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Why::NotABarcode);
    }
    match code.len() {
        8 | 12..=14 => normalize_gtin(code).map_err(|e| match e {
            BarcodeError::BadCheckDigit { expected, .. } => Why::BadCheckDigit { expected },
            _ => Why::NotABarcode,
        }),
        // A GS1 check digit reads the same with zeros in front, so a short code whose check
        // digit is right is a longer one that lost its zeros (a spreadsheet read it as a number).
        n @ 7..=11 => {
            let digits: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
            let (body, check) = digits.split_at(n - 1);
            if gs1_check_digit(body) == check[0] {
                let width = if n < 8 { 8 } else { 13 };
                Err(Why::LostLeadingZeros {
                    restored: format!("{code:0>width$}"),
                })
            } else {
                Err(Why::NotABarcode)
            }
        }
        _ => Err(Why::NotABarcode),
    }
}

/// The codes of a barcode cell: separated by spaces, commas, semicolons or `|`.
pub fn split_barcodes(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([' ', ',', ';', '|', '\t'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// A text cell as written: a leading `'` that protects `= + - @` from spreadsheet formulas
/// (written by Caja's and Odoo's exports) is taken off.
pub fn unprotect(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\'']) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minor(text: &str) -> Option<i64> {
        parse_decimal(text).and_then(|d| to_minor(d, 2))
    }

    #[test]
    fn amounts_in_every_usual_spelling() {
        let cases = [
            ("1.234,56", Some(123456)),
            ("1,234.56", Some(123456)),
            ("1234,56", Some(123456)),
            ("12.5", Some(1250)),
            ("€ 3,50", Some(350)),
            ("3,50 €", Some(350)),
            ("$3.50", Some(350)),
            ("1,234", Some(123400)),
            ("1.234.567", Some(123456700)),
            ("0,125", Some(13)),
            ("1\u{a0}234,50", Some(123450)),
            ("0,115", Some(12)),
            ("-2.005", Some(-201)),
            ("2,005", Some(200500)),
            ("1 234,5", Some(123450)),
            ("2.4793388429752", Some(248)),
            ("abc", None),
            ("", None),
            ("1,2,3.4.5", None),
            ("3.50€x", None),
        ];
        for (text, want) in cases {
            assert_eq!(minor(text), want, "{text}");
        }
    }

    #[test]
    fn flags_units_and_plus() {
        for t in ["Y", "yes", "Sí", "si", "TRUE", "True", "1"] {
            assert_eq!(parse_flag(t), Some(Ok(true)), "{t}");
        }
        for t in ["N", "no", "False", "0"] {
            assert_eq!(parse_flag(t), Some(Ok(false)), "{t}");
        }
        assert_eq!(parse_flag(" "), None);
        assert_eq!(parse_flag("maybe"), Some(Err(Why::NotAFlag)));
        assert_eq!(parse_unit("KG", true), Ok(Measure::Kg));
        assert_eq!(parse_unit("Litros", true), Err(Why::UnknownUnit));
        assert_eq!(parse_unit("Litros", false), Ok(Measure::Unit));
        assert_eq!(parse_plu("0042"), Ok(Some("42".into())));
        assert_eq!(parse_plu("1234567"), Err(Why::BadPlu));
    }

    #[test]
    fn barcodes_and_the_damage_spreadsheets_do() {
        assert_eq!(parse_barcode("8412345678905"), Ok("8412345678905".into()));
        assert_eq!(parse_barcode("036000291452"), Ok("0036000291452".into()));
        assert_eq!(
            parse_barcode("8412345678904"),
            Err(Why::BadCheckDigit { expected: 5 })
        );
        assert_eq!(parse_barcode("8.41E+12"), Err(Why::MangledByExcel));
        assert_eq!(parse_barcode("8,41235E+12"), Err(Why::MangledByExcel));
        assert_eq!(parse_barcode("B33080"), Err(Why::NotABarcode));
        // 0036000291452 read as a number.
        assert_eq!(
            parse_barcode("36000291452"),
            Err(Why::LostLeadingZeros {
                restored: "0036000291452".into()
            })
        );
        assert_eq!(parse_barcode("36000291453"), Err(Why::NotABarcode));
        let codes: Vec<&str> = split_barcodes(" 1 2,3|4 ").collect();
        assert_eq!(codes, ["1", "2", "3", "4"]);
        assert_eq!(unprotect("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unprotect("'hola"), "'hola");
    }
}
