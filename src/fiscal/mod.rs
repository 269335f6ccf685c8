//! Fiscal records — pure core (no I/O, no clock). Spain's VERI*FACTU first: each invoice and
//! ticket gets a registration record chained to the previous one by its hash (`huella`), and
//! each receipt a QR the customer can check at the tax agency (`qr`). The AEAT's schemas, the
//! hash and QR rules and their sources are in `shared/fiscal/verifactu/README.md`.
//!
//! A regime is behind `Regime`: the store seals a document's record with it inside the sale's
//! transaction, knowing nothing of VERI*FACTU; a second regime (TicketBAI, a LatAm one) is a new
//! module beside `verifactu`.

pub mod chain;
pub mod huella;
pub mod parse;
pub mod qr;
pub mod query;
pub mod record;
pub mod reply;
pub mod verifactu;
pub mod xml;

use chrono::{DateTime, FixedOffset};
use record::{ChainLink, InvoiceId, Party, Record, RecordError};

/// A customer on a full invoice (a recargo de equivalencia they pay is in the document's tax
/// rows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    pub party: Party,
}

/// What a document is for the tax agency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    /// A sale on a ticket (simplified invoice).
    Ticket,
    /// A sale on a full invoice to a named customer.
    Invoice(Customer),
    /// A full invoice replacing earlier tickets: the document restates their lines.
    Replacing {
        customer: Customer,
        tickets: Vec<InvoiceId>,
    },
    /// A return of an earlier invoice (its customer when it was a full invoice).
    Return {
        original: InvoiceId,
        customer: Option<Customer>,
    },
}

/// A record sealed by a regime: the record, and the body the store keeps (the regime's own
/// text, from which its XML and the receipt's QR are made).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// The regime's code (`verifactu`).
    pub regime: &'static str,
    pub record: Record,
    pub body: String,
}

impl Sealed {
    /// The record as it is sent.
    pub fn xml(&self) -> String {
        stored_xml(self.regime, &self.body).unwrap_or_default()
    }

    /// The receipt's QR content (altas).
    pub fn qr(&self) -> Option<String> {
        stored_qr(self.regime, &self.body).ok().flatten()
    }
}

/// A stored record's XML as sent, from its regime's code and body.
pub fn stored_xml(regime: &str, body: &str) -> Result<String, FiscalError> {
    match regime {
        "verifactu" => Ok(verifactu::Body::read(body)?.xml()),
        other => Err(FiscalError::UnknownRegime(other.to_string())),
    }
}

/// A stored record's QR content (altas), from its regime's code and body.
pub fn stored_qr(regime: &str, body: &str) -> Result<Option<String>, FiscalError> {
    match regime {
        "verifactu" => Ok(verifactu::Body::read(body)?.qr()),
        other => Err(FiscalError::UnknownRegime(other.to_string())),
    }
}

/// Why a record cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FiscalError {
    #[error(transparent)]
    Record(RecordError),
    #[error("the document's time «{0}» has no UTC offset")]
    Moment(String),
    #[error("a return's record names the invoice it corrects")]
    ReturnWithoutOriginal,
    #[error("a stored fiscal record does not read: {0}")]
    Body(String),
    #[error("no fiscal regime is called «{0}»")]
    UnknownRegime(String),
}

/// A fiscal regime: how a committed document becomes its chained record.
pub trait Regime: Send + Sync + std::fmt::Debug {
    /// `verifactu`, …
    fn code(&self) -> &'static str;

    /// The installation whose chain the records join (`NumeroInstalacion`).
    fn installation(&self) -> &str;

    /// The record of a document just numbered, after `previous` (the installation's chain head).
    fn seal_document(
        &self,
        draft: &crate::till::document::DocumentDraft,
        number: &str,
        issue: &Issue,
        previous: Option<ChainLink>,
    ) -> Result<Sealed, FiscalError>;

    /// The record withdrawing an invoice issued in error.
    /// A corrected re-send (subsanación) of a record the agency rejected: the same invoice
    /// from its stored `body`, to `recipient` as the book has them now (a customer's tax id or
    /// name put right), sealed at `generated` after `previous`.
    fn seal_correction(
        &self,
        body: &str,
        recipient: Option<Customer>,
        generated: DateTime<FixedOffset>,
        previous: Option<ChainLink>,
    ) -> Result<Sealed, FiscalError>;

    fn seal_cancellation(
        &self,
        id: InvoiceId,
        generated: DateTime<FixedOffset>,
        previous: Option<ChainLink>,
    ) -> Result<Sealed, FiscalError>;
}

/// An amount of minor units as the records write it: a point, all the currency's digits
/// (`12345` with 2 digits → `123.45`; `-1230` → `-12.30`). The hash covers this same text.
pub fn amount(minor: i64, digits: u32) -> String {
    crate::till::format::plain_decimal(minor, digits)
}

/// A date as the records write it: `DD-MM-AAAA`.
pub fn date(day: chrono::NaiveDate) -> String {
    day.format(DATE).to_string()
}

/// A date the records (or the AEAT's answers) write, read back.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), DATE).ok()
}

const DATE: &str = "%d-%m-%Y";

/// A moment with its offset as the records write it (`FechaHoraHusoGenRegistro`):
/// `2024-01-01T19:20:30+01:00`, to the second.
pub fn moment(at: chrono::DateTime<chrono::FixedOffset>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `NumeroInstalacion`: the store's global id and the terminal (unique per store and terminal).
pub fn installation(store_uid: &str, terminal: &str) -> String {
    format!("{store_uid}/{terminal}")
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
