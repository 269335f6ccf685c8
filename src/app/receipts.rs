//! Receipts of committed documents, as the till previews (and later prints) them.

use super::{AppError, Clock, Till};
use crate::config::TillSettings;
use crate::store::Store;
use crate::till::document::{DocKind, Document};
use crate::till::receipt::{Receipt, ReceiptLine, ReceiptTender};
use chrono::DateTime;

/// A multi-line text as its non-empty lines.
fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The receipt of a committed document, its date shown in the store's time zone, with the
/// store's identity as `s` holds it. Shared by the till's preview and the print topic, which
/// renders receipts as it prints them. Everything a Spanish *factura simplificada* needs (RD
/// 1619/2012 art. 7): series and number, date, the issuer's name and tax id, each line with its
/// rate, the amount per rate, the total, the ticket a return corrects, an exemption's article.
pub fn receipt_model(
    store: &Store,
    s: &TillSettings,
    document: &Document,
) -> Result<Receipt, AppError> {
    let p = &s.profile;
    let cashier = store
        .user(document.user_id)?
        .map(|u| u.name)
        .unwrap_or_default();
    let refers_to = match document.ref_document_id {
        Some(id) => store.document(id)?.map(|d| d.number),
        None => None,
    };
    let date = DateTime::parse_from_rfc3339(&document.created_at)
        .map(|d| {
            d.with_timezone(&p.zone())
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| document.created_at.clone());
    Ok(Receipt {
        store_name: p.trade_name.clone(),
        legal_name: p.legal_name.clone(),
        tax_id: p.tax_id.clone(),
        address: [p.address.as_str(), p.city.as_str()]
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        header: lines_of(&p.receipt_header),
        footer: lines_of(&p.receipt_footer),
        tax_kind: p.territory.kind(),
        number: document.number.clone(),
        refers_to,
        is_return: document.kind == DocKind::Return,
        copy: false,
        date,
        cashier,
        currency: s.currency,
        locale: s.locale,
        lines: document
            .lines
            .iter()
            .map(|l| ReceiptLine {
                rate_bp: l.tax_rate_bp,
                exemption: l.exemption,
                name: l.name.clone(),
                measure: l.measure,
                qty_milli: l.qty_milli,
                unit_price: l.unit_price,
                discount: l.line_discount + l.ticket_discount,
                total: l.total,
            })
            .collect(),
        taxes: document.taxes.clone(),
        // What was paid: the lines and any recargo de equivalencia.
        total: document.total + document.recargo,
        rounding: document.rounding,
        tenders: document
            .tenders
            .iter()
            .map(|t| ReceiptTender {
                kind: t.kind,
                amount: t.amount.minor,
                reference: t.reference.clone(),
            })
            .collect(),
        change: document.change_given,
        fiscal_qr: store.document_record(document.id)?.and_then(|r| r.qr()),
        training: document.training,
        customer: match document.customer_id {
            Some(id) => store
                .customer(id)?
                .map(|c| crate::till::receipt::ReceiptCustomer {
                    name: c.draft.name,
                    tax_id: c.draft.tax_id,
                    address: c.draft.address,
                    city: if c.draft.country == "ES" {
                        c.draft.city
                    } else {
                        format!("{} ({})", c.draft.city, c.draft.country)
                    },
                }),
            None => None,
        },
    })
}

/// The full invoice (F3) that replaced `ticket`: the ticket's lines and taxes under the
/// invoice's number, date, customer and QR, naming the ticket it replaces; no tenders (it is no
/// second sale).
pub fn replacing_receipt_model(
    store: &Store,
    s: &TillSettings,
    ticket: &Document,
) -> Result<Receipt, AppError> {
    let replacement = store
        .replacement_of(ticket.id)?
        .ok_or_else(|| AppError::UnknownDocument(ticket.number.clone()))?;
    let mut invoice = ticket.clone();
    invoice.body.customer_id = Some(replacement.customer_id);
    invoice.body.created_at = replacement.created_at.clone();
    let mut receipt = receipt_model(store, s, &invoice)?;
    receipt.number = replacement.number;
    receipt.refers_to = Some(ticket.number.clone());
    receipt.tenders.clear();
    receipt.change = 0;
    receipt.rounding = 0;
    receipt.fiscal_qr = match replacement.fiscal_record_id {
        Some(id) => store.fiscal_record(id)?.and_then(|r| r.qr()),
        None => None,
    };
    Ok(receipt)
}

impl<C: Clock> Till<C> {
    /// The receipt of a committed document.
    pub fn receipt(&self, document: &Document) -> Result<Receipt, AppError> {
        receipt_model(&self.store, &self.settings, document)
    }

    /// The receipt text of the last document this till committed, at the configured width.
    pub fn last_receipt_text(&self) -> Result<Option<Vec<String>>, AppError> {
        match self.store.last_document(&self.settings.terminal)? {
            Some(d) => Ok(Some(self.receipt(&d)?.render(self.settings.receipt_width))),
            None => Ok(None),
        }
    }

    /// The receipt of a committed document by id, read once and kept for the screen and the
    /// printer.
    pub(crate) fn receipt_of(&mut self, document_id: i64) -> Result<Option<Receipt>, AppError> {
        if let Some((id, r)) = &self.last_receipt_model
            && *id == document_id
        {
            return Ok(Some(r.clone()));
        }
        let Some(document) = self.store.document(document_id)? else {
            return Ok(None);
        };
        let receipt = self.receipt(&document)?;
        self.last_receipt_model = Some((document_id, receipt.clone()));
        Ok(Some(receipt))
    }

    /// The receipt text of a document by id.
    pub fn receipt_text(&mut self, document_id: i64) -> Result<Option<Vec<String>>, AppError> {
        let width = self.settings.receipt_width;
        Ok(self.receipt_of(document_id)?.map(|r| r.render(width)))
    }
}
