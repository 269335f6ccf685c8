//! Spain's VERI*FACTU regime: a committed document becomes a `RegistroAlta` — F2 for a ticket,
//! F1 for a full invoice to a named customer, F3 when a full invoice replaces earlier tickets,
//! R5 / R1 for a return of an F2 / F1 (by differences, `TipoRectificativa` I) — with its tax
//! breakdown per tax, rate and exemption cause; a record issued in error is withdrawn by a
//! `RegistroAnulacion`. Everything comes from the document and what the caller says of it:
//! no clock, no store.

use super::record::{
    Cancellation, ChainLink, Entry, Invoice, InvoiceId, InvoiceType, Record, RecordError,
    SystemInfo, TaxDetail, Treatment,
};
use super::{Issue, Regime, Sealed};
use crate::till::document::{DocKind, DocumentDraft};
use crate::till::tax::{Exemption, TaxKind};
use chrono::{DateTime, FixedOffset};
use std::collections::BTreeMap;

/// The store as the issuer of its records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuer {
    pub nif: String,
    pub legal_name: String,
    /// IVA, IGIC or IPSI: the store's territory's tax.
    pub tax: TaxKind,
}

/// VERI*FACTU for one store and installation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verifactu {
    pub issuer: Issuer,
    pub system: SystemInfo,
    pub environment: super::qr::Environment,
}

/// The document's moment (`created_at`, RFC 3339 with the store's offset).
fn moment_of(d: &DocumentDraft) -> Result<DateTime<FixedOffset>, super::FiscalError> {
    DateTime::parse_from_rfc3339(&d.created_at)
        .map_err(|_| super::FiscalError::Moment(d.created_at.clone()))
}

/// The tax breakdown of a document: its tax rows, a 0 % row split by exemption cause (a 0 %
/// line without a cause is subject at 0 %), and the recargo de equivalencia each row was
/// charged (a full invoice to a customer in that regime: `till::tax::add_recargo`).
pub fn details(d: &DocumentDraft, tax: TaxKind) -> Vec<TaxDetail> {
    let detail = |treatment, rate_bp: u32, base: i64, quota: i64| {
        let (recargo_bp, recargo_quota) = match d.taxes.iter().find(|r| {
            r.rate_bp == rate_bp && r.recargo_bp > 0 && matches!(treatment, Treatment::Subject)
        }) {
            Some(r) => (r.recargo_bp, r.recargo),
            None => (0, 0),
        };
        TaxDetail {
            tax,
            regime: "01".into(),
            treatment,
            rate_bp,
            base,
            quota,
            recargo_bp,
            recargo_quota,
        }
    };
    let mut out = Vec::with_capacity(d.taxes.len());
    for row in &d.taxes {
        if row.rate_bp != 0 {
            out.push(detail(Treatment::Subject, row.rate_bp, row.base, row.quota));
            continue;
        }
        // At 0 % the base is the gross; split it by each line's exemption cause.
        let mut by_cause: BTreeMap<Option<&'static str>, (Option<Exemption>, i64)> =
            BTreeMap::new();
        for l in d.lines.iter().filter(|l| l.tax_rate_bp == 0) {
            let slot = by_cause
                .entry(l.exemption.map(Exemption::as_str))
                .or_insert((l.exemption, 0));
            slot.1 += l.total;
        }
        let split: i64 = by_cause.values().map(|v| v.1).sum();
        if split != row.gross {
            // Lines and tax row disagree (a ticket discount spread after the row): keep the row.
            out.push(detail(Treatment::Subject, 0, row.base, row.quota));
            continue;
        }
        for (exemption, base) in by_cause.into_values() {
            let treatment = exemption.map_or(Treatment::Subject, Treatment::Exempt);
            out.push(detail(treatment, 0, base, 0));
        }
    }
    out
}

impl Verifactu {
    fn id(&self, d: &DocumentDraft, number: &str) -> Result<InvoiceId, super::FiscalError> {
        Ok(InvoiceId {
            issuer: self.issuer.nif.clone(),
            number: number.to_string(),
            issued: moment_of(d)?.date_naive(),
        })
    }

    /// The invoice of a committed document.
    pub fn invoice(
        &self,
        d: &DocumentDraft,
        number: &str,
        issue: &Issue,
    ) -> Result<Invoice, super::FiscalError> {
        let (kind, customer, rectified, replaced, description) = match issue {
            Issue::Ticket => (InvoiceType::F2, None, vec![], vec![], "Venta"),
            Issue::Invoice(c) => (InvoiceType::F1, Some(c), vec![], vec![], "Venta"),
            Issue::Replacing { customer, tickets } => (
                InvoiceType::F3,
                Some(customer),
                vec![],
                tickets.clone(),
                "Factura en sustitución de facturas simplificadas",
            ),
            Issue::Return { original, customer } => (
                if customer.is_some() {
                    InvoiceType::R1
                } else {
                    InvoiceType::R5
                },
                customer.as_ref(),
                vec![original.clone()],
                vec![],
                "Devolución",
            ),
        };
        if d.kind == DocKind::Return && !kind.is_corrective() {
            return Err(super::FiscalError::ReturnWithoutOriginal);
        }
        Ok(Invoice {
            id: self.id(d, number)?,
            issuer_name: self.issuer.legal_name.clone(),
            kind,
            rectified,
            replaced,
            description: description.into(),
            recipient: customer.map(|c| c.party.clone()),
            details: details(d, self.issuer.tax),
            correction: false,
        })
    }
}

impl Regime for Verifactu {
    fn code(&self) -> &'static str {
        "verifactu"
    }

    fn installation(&self) -> &str {
        &self.system.installation
    }

    fn seal_document(
        &self,
        d: &DocumentDraft,
        number: &str,
        issue: &Issue,
        previous: Option<ChainLink>,
    ) -> Result<Sealed, super::FiscalError> {
        let invoice = self.invoice(d, number, issue)?;
        let record = Record::seal(Entry::Alta(Box::new(invoice)), previous, moment_of(d)?)?;
        Ok(self.sealed(record))
    }

    fn seal_correction(
        &self,
        body: &str,
        recipient: Option<super::Customer>,
        generated: DateTime<FixedOffset>,
        previous: Option<ChainLink>,
    ) -> Result<Sealed, super::FiscalError> {
        let Entry::Alta(mut invoice) = Body::read(body)?.record.entry else {
            return Err(super::FiscalError::Body(
                "only an invoice's record (an alta) is corrected".into(),
            ));
        };
        invoice.correction = true;
        if let (Some(c), Some(_)) = (recipient, &invoice.recipient) {
            invoice.recipient = Some(c.party);
        }
        let record = Record::seal(Entry::Alta(invoice), previous, generated)?;
        Ok(self.sealed(record))
    }

    fn seal_cancellation(
        &self,
        id: InvoiceId,
        generated: DateTime<FixedOffset>,
        previous: Option<ChainLink>,
    ) -> Result<Sealed, super::FiscalError> {
        let record = Record::seal(Entry::Anulacion(Cancellation { id }), previous, generated)?;
        Ok(self.sealed(record))
    }
}

/// What the store keeps of a VERI*FACTU record (as JSON): the record, the computer system
/// that sealed it and where its records go. Its XML and QR are made from it, the same bytes
/// every time; a body is about a third of its XML, so a sale's commit writes less.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Body {
    pub record: Record,
    pub system: SystemInfo,
    pub environment: super::qr::Environment,
}

impl Body {
    /// Reads a stored body.
    pub fn read(text: &str) -> Result<Body, super::FiscalError> {
        serde_json::from_str(text).map_err(|e| super::FiscalError::Body(e.to_string()))
    }

    /// The record's XML fragment, as it is sent.
    pub fn xml(&self) -> String {
        super::xml::record_fragment(&self.record, &self.system)
    }

    /// The receipt's QR content (an alta's).
    pub fn qr(&self) -> Option<String> {
        match &self.record.entry {
            Entry::Alta(i) => Some(super::qr::validar_qr_url(
                self.environment,
                &i.id.issuer,
                &i.id.number,
                i.id.issued,
                &super::amount(i.total(), 2),
            )),
            Entry::Anulacion(_) => None,
        }
    }
}

impl Verifactu {
    /// A sealed record with the body the store keeps.
    pub fn sealed(&self, record: Record) -> Sealed {
        #[derive(serde::Serialize)]
        struct BodyRef<'a> {
            record: &'a Record,
            system: &'a SystemInfo,
            environment: super::qr::Environment,
        }
        let body = serde_json::to_string(&BodyRef {
            record: &record,
            system: &self.system,
            environment: self.environment,
        })
        .unwrap_or_default();
        Sealed {
            regime: "verifactu",
            record,
            body,
        }
    }
}

impl From<RecordError> for super::FiscalError {
    fn from(e: RecordError) -> Self {
        super::FiscalError::Record(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fiscal::qr::Environment;

    fn ticket(recargo_bp: u32) -> Record {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let invoice = Invoice {
            id: InvoiceId {
                issuer: "B12345678".into(),
                number: "EB19-T01-000001".into(),
                issued: day,
            },
            issuer_name: "Bar Cañas SL".into(),
            kind: InvoiceType::F2,
            rectified: vec![],
            replaced: vec![],
            description: "Venta".into(),
            recipient: None,
            details: vec![TaxDetail {
                tax: TaxKind::Iva,
                regime: "01".into(),
                treatment: Treatment::Subject,
                rate_bp: 2100,
                base: 1000,
                quota: 210,
                recargo_bp,
                recargo_quota: i64::from(recargo_bp) / 100,
            }],
            correction: false,
        };
        let at = DateTime::parse_from_rfc3339("2026-12-05T10:00:00+01:00").unwrap();
        Record::seal(Entry::Alta(Box::new(invoice)), None, at).unwrap()
    }

    fn regime() -> Verifactu {
        Verifactu {
            issuer: Issuer {
                nif: "B12345678".into(),
                legal_name: "Bar Cañas SL".into(),
                tax: TaxKind::Iva,
            },
            system: SystemInfo {
                producer_name: "Caja".into(),
                producer_nif: "B00000000".into(),
                name: "Caja".into(),
                id: "CJ".into(),
                version: "0.1.0".into(),
                installation: "store/T01".into(),
            },
            environment: Environment::Test,
        }
    }

    #[test]
    fn the_stored_body_leaves_out_what_a_ticket_lacks_and_reads_back_whole() {
        let regime = regime();
        let plain = regime.sealed(ticket(0));
        for absent in [
            "rectified",
            "replaced",
            "recipient",
            "correction",
            "recargo",
        ] {
            assert!(!plain.body.contains(absent), "{absent} in {}", plain.body);
        }
        let read = Body::read(&plain.body).unwrap();
        assert_eq!(read.record, plain.record);
        assert_eq!(read.xml(), plain.xml());
        // A recargo is kept when there is one.
        let recargo = regime.sealed(ticket(520));
        assert!(recargo.body.contains("\"recargo_bp\":520"));
        assert_eq!(Body::read(&recargo.body).unwrap().record, recargo.record);
    }

    #[test]
    fn a_body_stored_before_with_every_field_written_still_reads_the_same() {
        let regime = regime();
        let record = ticket(0);
        let mut value = serde_json::to_value(Body {
            record: record.clone(),
            system: regime.system.clone(),
            environment: regime.environment,
        })
        .unwrap();
        let invoice = &mut value["record"]["entry"]["Alta"];
        invoice["rectified"] = serde_json::json!([]);
        invoice["replaced"] = serde_json::json!([]);
        invoice["recipient"] = serde_json::Value::Null;
        invoice["correction"] = serde_json::json!(false);
        invoice["details"][0]["recargo_bp"] = serde_json::json!(0);
        invoice["details"][0]["recargo_quota"] = serde_json::json!(0);
        let old = value.to_string();
        assert!(old.contains("\"rectified\":[]"));
        let read = Body::read(&old).unwrap();
        assert_eq!(read.record, record);
        assert_eq!(read.record.expected_hash(), record.hash);
    }
}
