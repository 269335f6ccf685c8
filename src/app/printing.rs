//! Receipts and drawer pulses go to the persistent print queue after the sale has committed.
//! A problem here never undoes or blocks a sale: it is logged and the sale stands.

use super::{AppError, Clock, Till};
use crate::devices::printout::{drawer_bytes, receipt_bytes, text_bytes};
use crate::till::receipt::Receipt;
use crate::till::report::ShiftReport;
use crate::till::report_text::shift_report_lines;
use crate::till::tender::TenderKind;

impl<C: Clock> Till<C> {
    /// Queues the receipt of a committed document; the drawer opens with it when cash moved.
    /// `Ok(None)` when no printer is configured.
    pub fn queue_receipt(&mut self, document_id: i64) -> Result<Option<i64>, AppError> {
        if self.settings.printer.is_none() {
            return Ok(None);
        }
        let receipt = self
            .receipt_of(document_id)?
            .ok_or_else(|| AppError::UnknownDocument(format!("#{document_id}")))?;
        let cash = receipt.tenders.iter().any(|t| t.kind == TenderKind::Cash);
        self.enqueue_receipt(document_id, &receipt, cash).map(Some)
    }

    fn enqueue_receipt(
        &mut self,
        document_id: i64,
        receipt: &Receipt,
        open_drawer: bool,
    ) -> Result<i64, AppError> {
        let bytes = receipt_bytes(receipt, &self.settings.printer_profile, open_drawer)?;
        let at = self.now_text();
        Ok(self.store.enqueue_print(
            &self.settings.terminal,
            "receipt",
            Some(document_id),
            &at,
            &bytes,
        )?)
    }

    /// Prints the last receipt again (no drawer pulse).
    pub fn reprint_last(&mut self) -> Result<Option<i64>, AppError> {
        if self.settings.printer.is_none() {
            return Ok(None);
        }
        let Some(document) = self.store.last_document(&self.settings.terminal)? else {
            return Ok(None);
        };
        let receipt = self.receipt(&document)?;
        self.enqueue_receipt(document.id, &receipt, false).map(Some)
    }

    /// Queues a drawer pulse (no-sale, or a technician's test).
    pub fn queue_drawer(&mut self) -> Result<Option<i64>, AppError> {
        let bytes = drawer_bytes(&self.settings.printer_profile);
        if self.settings.printer.is_none() || bytes.is_empty() {
            return Ok(None);
        }
        let at = self.now_text();
        Ok(Some(self.store.enqueue_print(
            &self.settings.terminal,
            "drawer",
            None,
            &at,
            &bytes,
        )?))
    }

    /// Queues an X or Z report at the printer's width.
    pub fn queue_shift_report(&mut self, report: &ShiftReport) -> Result<Option<i64>, AppError> {
        if self.settings.printer.is_none() {
            return Ok(None);
        }
        let s = &self.settings;
        let lines = shift_report_lines(report, s.currency, s.locale, s.printer_profile.columns);
        let bytes = text_bytes(&lines, &s.printer_profile)?;
        let at = self.now_text();
        Ok(Some(self.store.enqueue_print(
            &self.settings.terminal,
            "report",
            None,
            &at,
            &bytes,
        )?))
    }

    /// After a commit: queue the receipt, and only log a failure (the sale stands).
    pub(crate) fn after_commit(&mut self, document_id: i64) {
        if let Err(e) = self.queue_receipt(document_id) {
            tracing::error!(document_id, "receipt not queued: {e}");
        }
    }
}
