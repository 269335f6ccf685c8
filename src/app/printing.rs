//! What the till prints and how the drawer opens. Every print job is an outbox message written
//! in the transaction of its cause — a sale's receipt with the sale, a Z report's printout with
//! the Z report, a no-sale's drawer pulse with the no-sale — and printed by the print topic's
//! worker, so a printer problem never undoes or blocks anything. A drawer on its own serial
//! port is pulsed by its writer thread once the cause is committed.
//!
//! The technician's and manager's actions (test page, drawer test, reprint) go through the same
//! door: a permission check, then the audit entry and the print message in one transaction.

use super::outbox::print::{ReceiptJob, bytes_message, receipt_message};
use super::{AppError, Approval, Clock, Till};
use crate::config::TillSettings;
use crate::devices::drawer::DrawerWiring;
use crate::devices::printout::{drawer_bytes, receipt_bytes_with_logo, test_receipt, text_bytes};
use crate::store::audit::AuditEvent;
use crate::store::outbox::NewMessage;
use crate::till::permission::Permission;
use crate::till::report::ShiftReport;
use crate::till::report_text::shift_report_lines;

/// What became of a request to open the drawer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrawerPulse {
    /// Queued for the printer's kick-out port (outbox message id).
    Queued(i64),
    /// Sent to the drawer on its own port.
    Sent,
    /// No drawer is configured (or the printer profile has no kick-out port).
    NoDrawer,
}

/// The receipt message of a document about to be committed (none without a printer): the
/// drawer pulse rides with it when cash moved and the drawer hangs off the printer.
pub(crate) fn receipt_messages(settings: &TillSettings, cash: bool) -> Vec<NewMessage> {
    if settings.printer.is_none() {
        return Vec::new();
    }
    let job = ReceiptJob {
        open_drawer: cash && settings.drawer == DrawerWiring::Printer,
        copy: false,
        replacing: false,
    };
    vec![receipt_message(&settings.terminal, job)]
}

/// The printout of an X or Z report at the printer's width (none without a printer).
pub(crate) fn report_messages(
    settings: &TillSettings,
    report: &ShiftReport,
) -> Result<Vec<NewMessage>, AppError> {
    if settings.printer.is_none() {
        return Ok(Vec::new());
    }
    let s = settings;
    let lines = shift_report_lines(report, s.currency, s.locale, s.printer_profile.columns);
    let bytes = text_bytes(&lines, &s.printer_profile)?;
    Ok(vec![bytes_message(&s.terminal, "report", bytes)])
}

/// The pulse on the printer's kick-out port (none when the drawer is elsewhere, or there is no
/// printer or no kick-out port).
pub(crate) fn drawer_messages(settings: &TillSettings) -> Vec<NewMessage> {
    let bytes = drawer_bytes(&settings.printer_profile);
    if settings.drawer != DrawerWiring::Printer || settings.printer.is_none() || bytes.is_empty() {
        return Vec::new();
    }
    vec![bytes_message(&settings.terminal, "drawer", bytes)]
}

impl<C: Clock> Till<C> {
    /// After a committed cause with cash: pulses a drawer on its own port (one on the printer
    /// got its message in the cause's transaction). Only logged when it fails.
    pub(crate) fn pulse_own_drawer(&self) {
        if let (DrawerWiring::Serial(_), Some(d)) = (&self.settings.drawer, self.own_drawer()) {
            d.open();
        }
    }

    /// Audits `event` and writes `messages` (about `document_id`) in one transaction; the id
    /// of the last message.
    pub(crate) fn audited_print(
        &mut self,
        event: &str,
        detail: serde_json::Value,
        messages: &[NewMessage],
        document_id: Option<i64>,
    ) -> Result<Option<i64>, AppError> {
        let user = self.user()?;
        let at = self.now_text();
        let (_, last) = self.store.audit_with(
            &AuditEvent {
                at: &at,
                terminal: &self.settings.terminal,
                user_id: Some(user.id),
                event,
                detail: detail.to_string(),
            },
            messages,
            document_id,
        )?;
        Ok(last)
    }

    /// Prints the last receipt again, marked as a copy (no drawer pulse); audited.
    /// `Ok(None)` when there is no printer or no receipt yet.
    pub fn reprint_last(&mut self) -> Result<Option<i64>, AppError> {
        self.user()?;
        if self.settings.printer.is_none() {
            return Ok(None);
        }
        let Some(document) = self.store.last_document(&self.settings.terminal)? else {
            return Ok(None);
        };
        let job = ReceiptJob {
            open_drawer: false,
            copy: true,
            replacing: false,
        };
        let message = receipt_message(&self.settings.terminal, job);
        let detail = serde_json::json!({"number": document.number});
        self.audited_print("reprint", detail, &[message], Some(document.id))
    }

    /// The technician's drawer test (Devices screen, `caja devices open-drawer`): needs the
    /// devices permission; audited.
    pub fn open_drawer(&mut self) -> Result<DrawerPulse, AppError> {
        self.authorize(Permission::ManageDevices, Approval::Own)?;
        let wiring = self.settings.drawer.to_string();
        match &self.settings.drawer {
            DrawerWiring::None => Ok(DrawerPulse::NoDrawer),
            DrawerWiring::Serial(_) => {
                if self.own_drawer().is_none() {
                    return Ok(DrawerPulse::NoDrawer);
                }
                self.audited_print(
                    "drawer_test",
                    serde_json::json!({"drawer": wiring}),
                    &[],
                    None,
                )?;
                self.pulse_own_drawer();
                Ok(DrawerPulse::Sent)
            }
            DrawerWiring::Printer => {
                let messages = drawer_messages(&self.settings);
                if messages.is_empty() {
                    return Ok(DrawerPulse::NoDrawer);
                }
                let detail = serde_json::json!({"drawer": wiring});
                let id = self.audited_print("drawer_test", detail, &messages, None)?;
                Ok(id.map_or(DrawerPulse::NoDrawer, DrawerPulse::Queued))
            }
        }
    }

    /// Queues the technician's test receipt (every Spanish letter, €, the logo, a barcode):
    /// needs the devices permission; audited. `Ok(None)` when no printer is configured.
    pub fn queue_test_print(&mut self) -> Result<Option<i64>, AppError> {
        self.authorize(Permission::ManageDevices, Approval::Own)?;
        if self.settings.printer.is_none() {
            return Ok(None);
        }
        let s = &self.settings;
        let receipt = test_receipt(&s.profile.trade_name, s.currency, s.locale);
        let bytes = receipt_bytes_with_logo(&receipt, &s.printer_profile, false, s.logo.as_ref())?;
        let message = bytes_message(&s.terminal, "test", bytes);
        let detail = serde_json::json!({"printer": s.printer.as_ref().map(|p| p.to_string())});
        self.audited_print("test_print", detail, &[message], None)
    }

    /// Prints an X report (audited: who looked at the shift's figures).
    pub(crate) fn print_x_report(&mut self, report: &ShiftReport) -> Result<(), AppError> {
        let messages = report_messages(&self.settings, report)?;
        let detail = serde_json::json!({"shift": report.shift_id});
        self.audited_print("x_report", detail, &messages, None)?;
        Ok(())
    }
}

/// Shelf labels of `products` as bytes for the configured printer: the receipt name, the price
/// (per kg for weighed products), the price per kg or litre of a package with its net content
/// (`1 L · 1,05 €/L`), the first EAN.
pub fn shelf_label_bytes(
    store: &crate::store::Store,
    settings: &TillSettings,
    products: &[i64],
    day: chrono::NaiveDate,
) -> Result<Vec<u8>, AppError> {
    use crate::devices::printout::{ShelfLabel, label_bytes};
    use crate::till::format::format_money;
    let mut labels = Vec::new();
    for id in products {
        let Some(p) = store.product(*id, day)? else {
            continue;
        };
        let price = format_money(p.price, settings.currency, settings.locale);
        let weighed = p.measure == crate::till::quantity::Measure::Kg;
        let codes = store.list_codes(p.id)?;
        labels.push(ShelfLabel {
            name: p.short_name.clone().unwrap_or_else(|| p.name.clone()),
            price: if weighed {
                format!("{price}/kg")
            } else {
                price
            },
            per_unit: p.net_content.filter(|_| !weighed).map(|c| {
                let (minor, unit) = c.unit_price(p.price);
                let per = format_money(minor, settings.currency, settings.locale);
                format!("{} · {per}/{unit}", c.display(settings.locale))
            }),
            barcode: codes.into_iter().find(|c| c.len() == 13 || c.len() == 8),
        });
    }
    Ok(label_bytes(&labels, &settings.printer_profile)?)
}
