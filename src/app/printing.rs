//! Receipts and drawer pulses go to the persistent print queue after the sale has committed.
//! A problem here never undoes or blocks a sale: it is logged and the sale stands.

use super::{AppError, Clock, Till};
use crate::devices::drawer::DrawerWiring;
use crate::devices::printout::{drawer_bytes, receipt_bytes_with_logo, test_receipt, text_bytes};
use crate::till::receipt::Receipt;
use crate::till::report::ShiftReport;
use crate::till::report_text::shift_report_lines;
use crate::till::tender::TenderKind;

/// What became of a request to open the drawer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrawerPulse {
    /// Queued for the printer's kick-out port (job id).
    Queued(i64),
    /// Sent to the drawer on its own port.
    Sent,
    /// No drawer is configured (or the printer profile has no kick-out port).
    NoDrawer,
}

impl<C: Clock> Till<C> {
    /// Queues the receipt of a committed document and opens the drawer when cash moved: the
    /// pulse goes with the receipt when the drawer hangs off the printer, or straight to the
    /// drawer on its own port. `Ok(None)` when no printer is configured.
    pub fn queue_receipt(&mut self, document_id: i64) -> Result<Option<i64>, AppError> {
        let own_drawer = matches!(self.settings.drawer, DrawerWiring::Serial(_));
        if self.settings.printer.is_none() && !own_drawer {
            return Ok(None);
        }
        let receipt = self
            .receipt_of(document_id)?
            .ok_or_else(|| AppError::UnknownDocument(format!("#{document_id}")))?;
        let cash = receipt.tenders.iter().any(|t| t.kind == TenderKind::Cash);
        if cash && own_drawer {
            self.open_drawer()?;
        }
        if self.settings.printer.is_none() {
            return Ok(None);
        }
        let pulse = cash && self.settings.drawer == DrawerWiring::Printer;
        self.enqueue_receipt(document_id, &receipt, pulse).map(Some)
    }

    fn enqueue_receipt(
        &mut self,
        document_id: i64,
        receipt: &Receipt,
        open_drawer: bool,
    ) -> Result<i64, AppError> {
        let s = &self.settings;
        let bytes =
            receipt_bytes_with_logo(receipt, &s.printer_profile, open_drawer, s.logo.as_ref())?;
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

    /// Opens the drawer wherever it is wired (no-sale, cash sale, or a technician's test).
    pub fn open_drawer(&mut self) -> Result<DrawerPulse, AppError> {
        match &self.settings.drawer {
            DrawerWiring::None => Ok(DrawerPulse::NoDrawer),
            DrawerWiring::Serial(_) => Ok(match &self.drawer {
                Some(d) => {
                    d.open();
                    DrawerPulse::Sent
                }
                None => DrawerPulse::NoDrawer,
            }),
            DrawerWiring::Printer => {
                let bytes = drawer_bytes(&self.settings.printer_profile);
                if self.settings.printer.is_none() || bytes.is_empty() {
                    return Ok(DrawerPulse::NoDrawer);
                }
                let at = self.now_text();
                let job = self.store.enqueue_print(
                    &self.settings.terminal,
                    "drawer",
                    None,
                    &at,
                    &bytes,
                )?;
                Ok(DrawerPulse::Queued(job))
            }
        }
    }

    /// Queues the technician's test receipt (every Spanish letter, €, the logo, a barcode).
    /// `Ok(None)` when no printer is configured.
    pub fn queue_test_print(&mut self) -> Result<Option<i64>, AppError> {
        if self.settings.printer.is_none() {
            return Ok(None);
        }
        let s = &self.settings;
        let receipt = test_receipt(&s.store_name, s.currency, s.locale);
        let bytes = receipt_bytes_with_logo(&receipt, &s.printer_profile, false, s.logo.as_ref())?;
        let at = self.now_text();
        Ok(Some(self.store.enqueue_print(
            &self.settings.terminal,
            "test",
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
