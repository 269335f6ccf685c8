//! Returns: lines of an earlier receipt come back as a new negative document that references it,
//! never more than was sold, with manager approval and a reason.
//!
//! A partial return refunds `round(line total × returned so far / sold) − what was refunded
//! before`, so any sequence of partial returns refunds exactly the line total in the end.

use super::{AppError, Approval, Clock, Till};
use crate::store::sales::Bookkeeping;
use crate::till::document::{DocKind, DocLine, Document, DocumentDraft};
use crate::till::money::{Money, Rounding, div_round};
use crate::till::permission::Permission;
use crate::till::quantity::Measure;
use crate::till::shift::ShiftState;
use crate::till::tax::breakdown;
use crate::till::tender::{Tender, TenderKind, check_reference};
use serde::Serialize;

/// A line of a receipt, with what can still be returned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReturnableLine {
    pub line_no: i64,
    pub name: String,
    pub measure: Measure,
    pub sold_milli: i64,
    pub returned_milli: i64,
    pub returnable_milli: i64,
    pub total: i64,
}

/// A receipt found for a return.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReturnableReceipt {
    pub document: Document,
    pub lines: Vec<ReturnableLine>,
}

/// What to give back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnRequest {
    /// The original receipt's number, e.g. `T01-000123`.
    pub original: String,
    /// (line number on the receipt, quantity in thousandths)
    pub lines: Vec<(i64, i64)>,
    pub reason: String,
    pub refund_kind: TenderKind,
    /// The payment terminal's reference for a card refund.
    pub reference: Option<String>,
}

fn refunded_after(line_total: i64, sold: i64, cumulative: i64) -> i64 {
    let v = div_round(
        i128::from(line_total) * i128::from(cumulative),
        i128::from(sold),
        Rounding::HalfUp,
    );
    i64::try_from(v).unwrap_or(line_total)
}

impl<C: Clock> Till<C> {
    /// Finds a sale receipt by number and what is left to return on it.
    pub fn find_receipt(&self, number: &str) -> Result<ReturnableReceipt, AppError> {
        let document = self
            .store
            .document_by_number(number)?
            .ok_or_else(|| AppError::UnknownDocument(number.trim().to_string()))?;
        if document.kind != DocKind::Sale {
            return Err(AppError::NotASale(document.number));
        }
        let returned = self.store.returned_so_far(document.id)?;
        let lines = document
            .lines
            .iter()
            .map(|l| {
                let (ret, _) = returned.get(&l.line_no).copied().unwrap_or((0, 0));
                ReturnableLine {
                    line_no: l.line_no,
                    name: l.name.clone(),
                    measure: l.measure,
                    sold_milli: l.qty_milli,
                    returned_milli: ret,
                    returnable_milli: l.qty_milli - ret,
                    total: l.total,
                }
            })
            .collect();
        Ok(ReturnableReceipt { document, lines })
    }

    /// Commits a return document. Needs the Refund permission (a manager, or a manager's PIN).
    pub fn refund(
        &mut self,
        request: &ReturnRequest,
        approval: Approval<'_>,
    ) -> Result<super::selling::Committed, AppError> {
        let reason = self.check_return_request(request)?;
        let user = self.user()?;
        let shift = self.live_shift()?;
        if shift.state != ShiftState::Open {
            return Err(AppError::ShiftClosing);
        }
        let receipt = self.find_receipt(&request.original)?;
        // A training ticket comes back only in training, and a real one only for real.
        if receipt.document.training != user.training {
            return Err(AppError::TrainingMismatch {
                ticket_in_training: receipt.document.training,
            });
        }
        let lines = self.return_lines(request, &receipt)?;
        let approved_by = self.authorize(Permission::Refund, approval)?.or({
            // A manager refunding on their own approves it themselves.
            Some(user.id)
        });
        let cash = request.refund_kind == TenderKind::Cash;
        let series = self.series(DocKind::Return, receipt.document.training)?;
        // A ticket replaced by a full invoice comes back as a return of that invoice, to its
        // customer.
        let replaced_by = self.store.replacement_of(receipt.document.id)?;
        let customer_id = match &replaced_by {
            Some(r) => Some(r.customer_id),
            None => receipt.document.customer_id,
        };
        let mut draft =
            self.return_draft(series, request, &receipt.document, shift.id, user.id, lines);
        draft.approved_by = approved_by;
        draft.customer_id = customer_id;
        self.give_back_recargo(&mut draft, &receipt.document)?;
        let book = Bookkeeping {
            audit_event: "refund".into(),
            audit_detail: serde_json::json!({
                "original": receipt.document.number,
                "reason": reason,
                "approved_by": approved_by,
            }),
            messages: super::printing::receipt_messages(&self.settings, cash),
            fiscal: if draft.training {
                None
            } else {
                self.fiscal_step(self.return_issue(
                    &receipt.document,
                    replaced_by.as_ref(),
                    customer_id,
                )?)?
            },
        };
        let (id, number) = self.store.commit_document(&draft, &book)?;
        if book.fiscal.is_some() {
            self.wake_fiscal_sender();
        }
        self.last_receipt = Some(number.clone());
        if cash {
            self.pulse_own_drawer();
        }
        let currency = receipt.document.currency;
        Ok(super::selling::Committed {
            id,
            number,
            // What is handed back: the lines and their share of any recargo.
            total: Money::new(draft.total + draft.recargo, currency),
            change: Money::zero(currency),
        })
    }

    /// Refuses a return while a sale is open, without a reason, with nothing to return or with a
    /// card number for a reference; answers the trimmed reason.
    fn check_return_request<'r>(&self, request: &'r ReturnRequest) -> Result<&'r str, AppError> {
        if !self.cart.is_empty() || self.payment.is_some() {
            return Err(AppError::SaleInProgress);
        }
        let reason = request.reason.trim();
        if reason.is_empty() {
            return Err(AppError::ReasonRequired);
        }
        if request.lines.iter().all(|(_, q)| *q == 0) {
            return Err(AppError::NothingToReturn);
        }
        if let Some(r) = &request.reference {
            check_reference(r)?;
        }
        Ok(reason)
    }

    /// The return's lines: each requested line of the receipt, never more than is left of it.
    fn return_lines(
        &self,
        request: &ReturnRequest,
        receipt: &ReturnableReceipt,
    ) -> Result<Vec<DocLine>, AppError> {
        let returned = self.store.returned_so_far(receipt.document.id)?;
        let mut lines = Vec::new();
        for (line_no, qty) in request.lines.iter().copied().filter(|(_, q)| *q != 0) {
            let original = receipt
                .document
                .lines
                .iter()
                .find(|l| l.line_no == line_no)
                .ok_or(AppError::NoSuchReceiptLine(line_no))?;
            let (before, _) = returned.get(&line_no).copied().unwrap_or((0, 0));
            lines.push(return_line(original, before, qty, lines.len() as i64 + 1)?);
        }
        Ok(lines)
    }

    /// A full invoice with recargo de equivalencia gives back each rate's share of it: of the
    /// recargo charged, what the returns so far and this one come to of the rate's total, less
    /// what earlier returns gave back — so returning everything gives back exactly what was
    /// charged, whatever the rounding on the way.
    fn give_back_recargo(
        &self,
        draft: &mut DocumentDraft,
        original: &Document,
    ) -> Result<(), AppError> {
        if original.recargo == 0 {
            return Ok(());
        }
        let before = self.store.refunded_recargo(original.id)?;
        let mut all = 0;
        for row in draft.taxes.iter_mut() {
            let Some(charged) = original
                .taxes
                .iter()
                .find(|t| t.rate_bp == row.rate_bp && t.recargo_bp > 0 && t.gross != 0)
            else {
                continue;
            };
            let (gross_before, recargo_before) =
                before.get(&row.rate_bp).copied().unwrap_or((0, 0));
            // Returns are negative: what has come back of the rate, this return included.
            let returned = -(gross_before + row.gross);
            let due = i64::try_from(div_round(
                i128::from(charged.recargo) * i128::from(returned),
                i128::from(charged.gross),
                Rounding::HalfUp,
            ))
            .unwrap_or(0);
            row.recargo_bp = charged.recargo_bp;
            row.recargo = -(due + recargo_before);
            all += row.recargo;
        }
        draft.recargo = all;
        if let Some(t) = draft.tenders.first_mut() {
            t.amount = Money::new(draft.total + all, draft.currency);
        }
        Ok(())
    }

    /// The return document for `lines` of `original`: refunded whole in one tender of the
    /// requested kind.
    fn return_draft(
        &self,
        series: String,
        request: &ReturnRequest,
        original: &Document,
        shift_id: i64,
        user_id: i64,
        lines: Vec<DocLine>,
    ) -> DocumentDraft {
        let total: i64 = lines.iter().map(|l| l.total).sum();
        let taxes = breakdown(
            lines.iter().map(|l| (l.tax_rate_bp, l.total)),
            Rounding::HalfUp,
        );
        let training = original.training;
        DocumentDraft {
            kind: DocKind::Return,
            series,
            terminal: self.settings.terminal.clone(),
            shift_id,
            user_id,
            // Set by the caller once the refund is authorized.
            approved_by: None,
            created_at: self.now_text(),
            business_day: self.business_day(),
            currency: original.currency,
            total,
            discount_total: 0,
            rounding: 0,
            change_given: 0,
            ref_document_id: Some(original.id),
            reason: Some(request.reason.trim().to_string()),
            lines,
            tenders: vec![Tender {
                kind: request.refund_kind,
                amount: Money::new(total, original.currency),
                reference: request.reference.clone(),
            }],
            taxes,
            training,
            customer_id: original.customer_id,
            // Set by `give_back_recargo`.
            recargo: 0,
        }
    }
}

/// `qty` of the receipt line `original` (of which `before` came back already) as line `line_no`
/// of a return: checked against what is left, refunding its share of the line total.
pub(crate) fn return_line(
    original: &DocLine,
    before: i64,
    qty: i64,
    line_no: i64,
) -> Result<DocLine, AppError> {
    let left = original.qty_milli - before;
    let max_text = match original.measure {
        Measure::Unit => format!("{} units", left / 1000),
        Measure::Kg => format!("{:.3} kg", left as f64 / 1000.0),
    };
    if qty < 0 || qty > left {
        return Err(AppError::ReturnTooMuch {
            line: original.line_no,
            max: max_text,
        });
    }
    if original.measure == Measure::Unit && qty % 1000 != 0 {
        return Err(crate::till::quantity::QuantityError::FractionalUnits.into());
    }
    let refund = refunded_after(original.total, original.qty_milli, before + qty)
        - refunded_after(original.total, original.qty_milli, before);
    Ok(DocLine {
        line_no,
        product_id: original.product_id,
        code: original.code.clone(),
        name: original.name.clone(),
        tax_rate_bp: original.tax_rate_bp,
        measure: original.measure,
        unit_price: original.unit_price,
        qty_milli: -qty,
        price_overridden: original.price_overridden,
        line_discount: 0,
        ticket_discount: 0,
        total: -refund,
        ref_line_no: Some(original.line_no),
        exemption: original.exemption,
    })
}
