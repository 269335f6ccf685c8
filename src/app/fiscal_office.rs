//! The back office's fiscal side: the Fiscal section's view (how sending stands, the newest
//! records, a restored store's reconciliation), a manager's new series after a restore, and
//! the customer book of full invoices.

use super::backoffice::Office;
use super::command::Outcome;
use super::{AppError, Clock, Till};
use crate::store::taxes::Author;
use crate::till::permission::{Permission, Role};

/// The Fiscal section's view: how sending stands and the newest records with their state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FiscalOverview {
    pub sending: crate::store::fiscal_queue::SendingStatus,
    /// A reconciliation with the agency still open (a restored store).
    pub reconciliation: Option<crate::store::fiscal_reconcile::Reconciliation>,
    pub records: Vec<crate::store::fiscal_queue::RecordLine>,
    pub total: i64,
}

impl<C: Clock> Till<C> {
    /// The Fiscal section's view (cached; read again with `refresh_fiscal`).
    pub fn fiscal_overview(&mut self) -> &FiscalOverview {
        if self.office.fiscal.is_none() {
            let read = FiscalOverview {
                sending: self.store.fiscal_sending().unwrap_or_default(),
                reconciliation: self.store.open_reconciliation_row().unwrap_or_default(),
                records: self.store.fiscal_record_lines(200).unwrap_or_default(),
                total: self.store.fiscal_record_count().unwrap_or_default(),
            };
            self.office.fiscal = Some(read);
        }
        self.office
            .fiscal
            .get_or_insert_with(FiscalOverview::default)
    }

    /// The customer book for the back office: matching `text`, deactivated ones too.
    pub fn office_customers(&self, text: &str) -> Vec<crate::till::customer::Customer> {
        self.store
            .customers_matching(text, 200, true)
            .unwrap_or_default()
    }

    /// Reads the Fiscal section's view again at its next frame.
    pub fn refresh_fiscal(&mut self) {
        self.office.fiscal = None;
    }

    /// The fiscal and customer part of `Office`.
    pub(crate) fn fiscal_office_change(&mut self, change: Office) -> Result<Outcome, AppError> {
        match change {
            Office::SaveCustomer { id, draft } => {
                let me = self.office_author(Permission::ManageStore)?;
                let at = self.now_text();
                match id {
                    Some(id) => {
                        self.store.set_customer(id, draft, &self.author(me, &at))?;
                        Ok(Outcome::Saved(id))
                    }
                    None => Ok(Outcome::Saved(
                        self.store.add_customer(draft, &self.author(me, &at))?,
                    )),
                }
            }
            Office::SetCustomerActive { id, active } => {
                let me = self.office_author(Permission::ManageStore)?;
                let at = self.now_text();
                self.store
                    .set_customer_active(id, active, &self.author(me, &at))?;
                Ok(Outcome::Done)
            }
            Office::OpenNewSeries { reason } => {
                let me = self.office_author(Permission::ManageStore)?;
                if me.role != Role::Manager {
                    return Err(AppError::ManagerOnly);
                }
                let at = self.now_text();
                let terminal = self.settings.terminal.clone();
                let author = Author {
                    terminal: &terminal,
                    user_id: Some(me.id),
                    at: &at,
                };
                self.store.decide_new_series(&reason, &author)?;
                Ok(Outcome::Done)
            }
            _ => Err(AppError::NotLoggedIn),
        }
    }
}
