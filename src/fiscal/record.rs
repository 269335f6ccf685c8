//! A registration record as VERI*FACTU defines it, apart from its XML: an alta (an invoice or
//! ticket issued) or an anulación (a record issued in error, withdrawn), chained to the previous
//! record of the same installation by its hash and sealed at the moment it was generated. Built
//! by `verifactu::invoice` from a committed document; written out by `xml`; read back by
//! `parse`. Amounts are minor units of the currency; `fiscal::amount` writes them.

use super::huella;
use crate::till::tax::{Exemption, TaxKind};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// `TipoFactura`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceType {
    /// A full invoice (art. 6 RD 1619/2012), with the customer's tax id and name.
    F1,
    /// A simplified invoice: a ticket.
    F2,
    /// A full invoice that replaces earlier tickets.
    F3,
    /// A corrective invoice of a full invoice (art. 80.1–2 LIVA: returns).
    R1,
    /// A corrective invoice of a ticket.
    R5,
}

impl InvoiceType {
    pub const ALL: [InvoiceType; 5] = [
        InvoiceType::F1,
        InvoiceType::F2,
        InvoiceType::F3,
        InvoiceType::R1,
        InvoiceType::R5,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceType::F1 => "F1",
            InvoiceType::F2 => "F2",
            InvoiceType::F3 => "F3",
            InvoiceType::R1 => "R1",
            InvoiceType::R5 => "R5",
        }
    }

    pub fn parse(text: &str) -> Option<InvoiceType> {
        InvoiceType::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// Whether the record names its customer (`Destinatarios`).
    pub fn has_recipient(self) -> bool {
        matches!(self, InvoiceType::F1 | InvoiceType::F3 | InvoiceType::R1)
    }

    /// Whether it corrects earlier invoices (`FacturasRectificadas`, `TipoRectificativa`).
    pub fn is_corrective(self) -> bool {
        matches!(self, InvoiceType::R1 | InvoiceType::R5)
    }
}

/// An invoice's identity at the tax agency: issuer, series and number, issue date.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InvoiceId {
    /// The issuer's NIF.
    pub issuer: String,
    /// Series and number (`NumSerieFactura`).
    pub number: String,
    pub issued: NaiveDate,
}

/// How a customer is identified: a Spanish NIF, or another country's id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartyId {
    Nif(String),
    /// `IDOtro`: ISO country code, the kind of document (`02` VAT number, `03` passport, `04`
    /// official id of the country, `05` residence certificate, `06` other) and the id.
    Other {
        country: String,
        kind: String,
        id: String,
    },
}

/// A customer on an invoice (`IDDestinatario`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    pub id: PartyId,
}

/// How a tax line is taxed: subject and not exempt (`S1`), or exempt with its cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Treatment {
    Subject,
    Exempt(Exemption),
}

/// One line of the tax breakdown (`DetalleDesglose`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxDetail {
    pub tax: TaxKind,
    /// `ClaveRegimen`: `01` the general regime.
    pub regime: String,
    pub treatment: Treatment,
    pub rate_bp: u32,
    pub base: i64,
    pub quota: i64,
    /// Recargo de equivalencia: only on a full invoice to a customer in that regime (left out
    /// of the stored body when none: most records have none).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub recargo_bp: u32,
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub recargo_quota: i64,
}

fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}

fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

/// What an alta says of its invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: InvoiceId,
    /// The issuer's legal name (`NombreRazonEmisor`).
    pub issuer_name: String,
    pub kind: InvoiceType,
    /// The invoices an R1/R5 corrects (by differences: `TipoRectificativa` I).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rectified: Vec<InvoiceId>,
    /// The tickets an F3 replaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced: Vec<InvoiceId>,
    /// `DescripcionOperacion`.
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Party>,
    pub details: Vec<TaxDetail>,
    /// A corrected re-send of a record the AEAT rejected (`Subsanacion` S, `RechazoPrevio` X).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub correction: bool,
}

impl Invoice {
    /// `CuotaTotal`: every quota and recargo.
    pub fn tax_total(&self) -> i64 {
        self.details.iter().map(|d| d.quota + d.recargo_quota).sum()
    }

    /// `ImporteTotal`: bases, quotas and recargos.
    pub fn total(&self) -> i64 {
        self.details
            .iter()
            .map(|d| d.base + d.quota + d.recargo_quota)
            .sum()
    }
}

/// What an anulación withdraws.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    pub id: InvoiceId,
}

/// The body of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    Alta(Box<Invoice>),
    Anulacion(Cancellation),
}

impl Entry {
    /// The invoice the record is about (issued, or withdrawn).
    pub fn invoice_id(&self) -> &InvoiceId {
        match self {
            Entry::Alta(i) => &i.id,
            Entry::Anulacion(c) => &c.id,
        }
    }
}

/// The previous record as the next one names it (`RegistroAnterior`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    pub id: InvoiceId,
    pub hash: String,
}

/// The computer system that issues the records (`SistemaInformatico`), and this installation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemInfo {
    /// The producer of the software: its name and NIF.
    pub producer_name: String,
    pub producer_nif: String,
    /// `NombreSistemaInformatico` (≤ 30), `IdSistemaInformatico` (≤ 2), `Version` (≤ 50).
    pub name: String,
    pub id: String,
    pub version: String,
    /// Unique per store and terminal (≤ 100).
    pub installation: String,
}

/// A record sealed: its body, its link to the previous record, the moment it was generated
/// (with the store's UTC offset), its hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub entry: Entry,
    /// `None` for the first record of the installation's chain.
    pub previous: Option<ChainLink>,
    pub generated: DateTime<FixedOffset>,
    pub hash: String,
}

/// What is wrong with a record before it is sealed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("the issuer's tax id «{0}» is not 9 characters: set the store's NIF")]
    IssuerId(String),
    #[error("the issuer's legal name is empty or longer than 120 characters")]
    IssuerName,
    #[error("the invoice number «{0}» is empty or longer than 60 characters")]
    Number(String),
    #[error("a {0} names its customer (tax id and name)")]
    RecipientMissing(&'static str),
    #[error("a {0} names no customer")]
    RecipientNotAllowed(&'static str),
    #[error("the customer's name is empty or longer than 120 characters")]
    RecipientName,
    #[error("the customer's tax id «{0}» is not valid for the tax agency")]
    RecipientId(String),
    #[error("a corrective invoice names the invoices it corrects")]
    RectifiedMissing,
    #[error("an F3 names the tickets it replaces")]
    ReplacedMissing,
    #[error("a record has 1 to 12 tax lines, this one has {0}")]
    Details(usize),
    #[error("the amount {0} (minor units) does not fit the tax agency's 12 digits")]
    Amount(i64),
    #[error("a ticket (F2) is at most 3.000 € (the tax agency's code 1150): issue an F1")]
    TicketOverLimit,
}

/// The AEAT's limit for an F2 (code 1150), in cents.
pub const F2_LIMIT_CENTS: i64 = 300_000;

/// Largest amount `ImporteSgn12.2Type` holds, in cents.
const MAX_CENTS: i64 = 99_999_999_999_999;

fn check_id(id: &InvoiceId) -> Result<(), RecordError> {
    if id.issuer.chars().count() != 9 {
        return Err(RecordError::IssuerId(id.issuer.clone()));
    }
    let n = id.number.trim().chars().count();
    if n == 0 || n > 60 {
        return Err(RecordError::Number(id.number.clone()));
    }
    Ok(())
}

fn check_party(p: &Party) -> Result<(), RecordError> {
    let n = p.name.trim().chars().count();
    if n == 0 || n > 120 {
        return Err(RecordError::RecipientName);
    }
    match &p.id {
        PartyId::Nif(nif) if nif.chars().count() != 9 => Err(RecordError::RecipientId(nif.clone())),
        PartyId::Other { country, kind, id }
            if country.len() != 2
                || !matches!(kind.as_str(), "02" | "03" | "04" | "05" | "06" | "07")
                || id.is_empty()
                || id.chars().count() > 20 =>
        {
            Err(RecordError::RecipientId(id.clone()))
        }
        _ => Ok(()),
    }
}

impl Invoice {
    /// Checks what the tax agency's schema and first rules ask of an alta.
    pub fn check(&self) -> Result<(), RecordError> {
        check_id(&self.id)?;
        let n = self.issuer_name.trim().chars().count();
        if n == 0 || n > 120 {
            return Err(RecordError::IssuerName);
        }
        let kind = self.kind.as_str();
        match (&self.recipient, self.kind.has_recipient()) {
            (None, true) => return Err(RecordError::RecipientMissing(kind)),
            (Some(_), false) => return Err(RecordError::RecipientNotAllowed(kind)),
            (Some(p), true) => check_party(p)?,
            (None, false) => {}
        }
        if self.kind.is_corrective() && self.rectified.is_empty() {
            return Err(RecordError::RectifiedMissing);
        }
        if self.kind == InvoiceType::F3 && self.replaced.is_empty() {
            return Err(RecordError::ReplacedMissing);
        }
        if self.details.is_empty() || self.details.len() > 12 {
            return Err(RecordError::Details(self.details.len()));
        }
        for d in &self.details {
            for a in [d.base, d.quota, d.recargo_quota] {
                if a.abs() > MAX_CENTS {
                    return Err(RecordError::Amount(a));
                }
            }
        }
        let total = self.total();
        if total.abs() > MAX_CENTS {
            return Err(RecordError::Amount(total));
        }
        if self.kind == InvoiceType::F2 && total > F2_LIMIT_CENTS {
            return Err(RecordError::TicketOverLimit);
        }
        Ok(())
    }
}

impl Record {
    /// Seals an entry after `previous` at `generated`: checks it and computes its hash.
    pub fn seal(
        entry: Entry,
        previous: Option<ChainLink>,
        generated: DateTime<FixedOffset>,
    ) -> Result<Record, RecordError> {
        match &entry {
            Entry::Alta(invoice) => invoice.check()?,
            Entry::Anulacion(c) => check_id(&c.id)?,
        }
        let mut record = Record {
            entry,
            previous,
            generated,
            hash: String::new(),
        };
        record.hash = record.expected_hash();
        Ok(record)
    }

    /// The hash its fields give (equal to `hash` unless the record was changed).
    pub fn expected_hash(&self) -> String {
        let previous = self.previous.as_ref().map(|l| l.hash.as_str());
        let generated = super::moment(self.generated);
        match &self.entry {
            Entry::Alta(i) => {
                let issued = super::date(i.id.issued);
                let tax = super::amount(i.tax_total(), 2);
                let total = super::amount(i.total(), 2);
                huella::Alta {
                    issuer: &i.id.issuer,
                    number: &i.id.number,
                    issued: &issued,
                    kind: i.kind.as_str(),
                    tax: &tax,
                    total: &total,
                    previous,
                    generated: &generated,
                }
                .huella()
            }
            Entry::Anulacion(c) => {
                let issued = super::date(c.id.issued);
                huella::Anulacion {
                    issuer: &c.id.issuer,
                    number: &c.id.number,
                    issued: &issued,
                    previous,
                    generated: &generated,
                }
                .huella()
            }
        }
    }

    /// How the next record names this one.
    pub fn link(&self) -> ChainLink {
        ChainLink {
            id: self.entry.invoice_id().clone(),
            hash: self.hash.clone(),
        }
    }

    /// `TipoFactura` of an alta; `None` for an anulación.
    pub fn invoice_type(&self) -> Option<InvoiceType> {
        match &self.entry {
            Entry::Alta(i) => Some(i.kind),
            Entry::Anulacion(_) => None,
        }
    }
}

/// `Impuesto`: `01` IVA, `02` IPSI, `03` IGIC.
pub fn tax_code(tax: TaxKind) -> &'static str {
    match tax {
        TaxKind::Iva => "01",
        TaxKind::Ipsi => "02",
        TaxKind::Igic => "03",
    }
}

/// The tax of an `Impuesto` code.
pub fn tax_of_code(code: &str) -> Option<TaxKind> {
    match code {
        "01" => Some(TaxKind::Iva),
        "02" => Some(TaxKind::Ipsi),
        "03" => Some(TaxKind::Igic),
        _ => None,
    }
}
