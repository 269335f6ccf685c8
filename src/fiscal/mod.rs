//! Fiscal records — pure core (no I/O, no clock). Spain's VERI*FACTU first: each invoice and
//! ticket gets a registration record chained to the previous one by its hash (`huella`), and
//! each receipt a QR the customer can check at the tax agency (`qr`). The AEAT's schemas, the
//! hash and QR rules and their sources are in `shared/fiscal/verifactu/README.md`.

pub mod huella;
pub mod qr;

/// An amount of minor units as the records write it: a point, all the currency's digits
/// (`12345` with 2 digits → `123.45`; `-1230` → `-12.30`). The hash covers this same text.
pub fn amount(minor: i64, digits: u32) -> String {
    crate::till::format::plain_decimal(minor, digits)
}

/// A date as the records write it: `DD-MM-AAAA`.
pub fn date(day: chrono::NaiveDate) -> String {
    day.format("%d-%m-%Y").to_string()
}

/// A moment with its offset as the records write it (`FechaHoraHusoGenRegistro`):
/// `2024-01-01T19:20:30+01:00`, to the second.
pub fn moment(at: chrono::DateTime<chrono::FixedOffset>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_dates_and_moments_as_the_records_write_them() {
        assert_eq!(amount(12345, 2), "123.45");
        assert_eq!(amount(-1230, 2), "-12.30");
        assert_eq!(amount(5, 2), "0.05");
        assert_eq!(amount(0, 2), "0.00");
        assert_eq!(amount(1500, 0), "1500");
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        assert_eq!(date(day), "01-01-2024");
        let at = chrono::DateTime::parse_from_rfc3339("2024-01-01T19:20:30.250+01:00").unwrap();
        assert_eq!(moment(at), "2024-01-01T19:20:30+01:00");
        let canary = chrono::DateTime::parse_from_rfc3339("2024-07-01T09:00:00+01:00").unwrap();
        assert_eq!(moment(canary), "2024-07-01T09:00:00+01:00");
    }
}
