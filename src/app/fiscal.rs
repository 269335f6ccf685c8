//! The till's side of fiscal records: which regime seals a document (from the store's fiscal
//! settings and identity), whether the till may sell at all, and what a document is for the tax
//! agency (a ticket; a return of which invoice). The record itself is sealed by the store in
//! the document's transaction (`store::fiscal`).

use super::{AppError, Clock, Till};
use crate::fiscal::qr::Environment;
use crate::fiscal::record::{InvoiceId, Party, PartyId, SystemInfo};
use crate::fiscal::verifactu::{Issuer, Verifactu};
use crate::fiscal::{Issue, Regime};
use crate::store::fiscal::FiscalStep;
use crate::till::customer::Customer;
use crate::till::document::Document;
use crate::till::profile::{FiscalState, StoreProfile};
use std::sync::Arc;

/// The producer of the software, as the records' `SistemaInformatico` names it: set when the
/// release is built or packaged (`CAJA_PRODUCER_NAME`, `CAJA_PRODUCER_NIF`); a development
/// build names itself so and carries an AEAT test NIF.
pub const PRODUCER_NAME: &str = match option_env!("CAJA_PRODUCER_NAME") {
    Some(name) => name,
    None => "Caja (compilación de desarrollo)",
};
pub const PRODUCER_NIF: &str = match option_env!("CAJA_PRODUCER_NIF") {
    Some(nif) => nif,
    None => "89890002E",
};

/// The producer's postal address and where and when the declaration was signed, set at
/// packaging time (`CAJA_PRODUCER_ADDRESS`, `CAJA_DECLARATION_SIGNED`).
const PRODUCER_ADDRESS: Option<&str> = option_env!("CAJA_PRODUCER_ADDRESS");
const DECLARATION_SIGNED: Option<&str> = option_env!("CAJA_DECLARATION_SIGNED");

/// Whether this build carries a producer's declaration (a packaged release) rather than a
/// development build's placeholders.
pub fn declared() -> bool {
    option_env!("CAJA_PRODUCER_NIF").is_some()
        && PRODUCER_ADDRESS.is_some()
        && DECLARATION_SIGNED.is_some()
}

/// The *declaración responsable* the Reglamento asks of a producer (RD 1007/2023 art. 13,
/// Orden HAC/1177/2024 art. 15), filled with this build's system data: shipped as a file with
/// the package and shown by `caja fiscal declaration`.
pub fn declaration() -> String {
    let pending = "(compilación de desarrollo: sin declaración del productor)";
    include_str!("../../assets/fiscal/declaracion-responsable.txt")
        .replace("{name}", "Caja")
        .replace("{id}", "CJ")
        .replace("{version}", env!("CARGO_PKG_VERSION"))
        .replace("{producer_name}", PRODUCER_NAME)
        .replace("{producer_nif}", PRODUCER_NIF)
        .replace("{producer_address}", PRODUCER_ADDRESS.unwrap_or(pending))
        .replace("{signed}", DECLARATION_SIGNED.unwrap_or(pending))
}

/// This build as a computer system: name, two-letter id, version, and the installation (the
/// store's global id and the terminal: unique per store and terminal).
pub fn system_info(store_uid: &str, terminal: &str) -> SystemInfo {
    SystemInfo {
        producer_name: PRODUCER_NAME.into(),
        producer_nif: PRODUCER_NIF.into(),
        name: "Caja".into(),
        id: "CJ".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        installation: installation(store_uid, terminal),
    }
}

pub use crate::fiscal::installation;

/// The regime that seals this store's documents at `terminal`, `None` when it issues no
/// records, or why it may not sell.
pub fn regime_for(
    profile: &StoreProfile,
    store_uid: &str,
    terminal: &str,
) -> Result<Option<Arc<dyn Regime>>, AppError> {
    match profile.fiscal_state() {
        FiscalState::Blocked(why) => Err(AppError::FiscalBlocked(why)),
        FiscalState::NoRecords => Ok(None),
        FiscalState::Verifactu(env) => Ok(Some(Arc::new(Verifactu {
            issuer: Issuer {
                nif: profile.tax_id.clone(),
                legal_name: profile.legal_name.clone(),
                tax: profile.territory.kind(),
            },
            system: system_info(store_uid, terminal),
            environment: Environment::of_store(env),
        }))),
    }
}

/// A customer of the book as the fiscal record names them: a Spanish NIF, or another
/// country's id (`IDOtro`, type 02: a VAT number).
pub fn fiscal_customer(c: &Customer) -> crate::fiscal::Customer {
    let id = if c.draft.country == "ES" {
        PartyId::Nif(c.draft.tax_id.clone())
    } else {
        PartyId::Other {
            country: c.draft.country.clone(),
            kind: "02".into(),
            id: c.draft.tax_id.clone(),
        }
    };
    crate::fiscal::Customer {
        party: Party {
            name: c.draft.name.clone(),
            id,
        },
    }
}

impl<C: Clock> Till<C> {
    /// Invoices the open sale to a customer of the book (a full invoice, F1), or back to a
    /// ticket with `None`.
    /// A customer in recargo de equivalencia pays it on top, at each rate's recargo in force.
    pub fn invoice_to(&mut self, customer: Option<i64>) -> Result<(), AppError> {
        self.user()?;
        if self.payment.is_some() {
            return Err(AppError::Paying);
        }
        let Some(id) = customer else {
            self.invoice_to = None;
            self.recargo_rates = None;
            return Ok(());
        };
        let c = self
            .store
            .customer(id)?
            .filter(|c| c.active)
            .ok_or(crate::store::StoreError::NoSuchCustomer { id })?;
        let rates = if c.draft.recargo {
            let today = self.today();
            let rates: std::collections::BTreeMap<u32, u32> = self
                .store
                .tax_classes()?
                .iter()
                .filter_map(|class| class.in_force(today))
                .filter(|r| r.rate_bp > 0 && r.recargo_bp > 0)
                .map(|r| (r.rate_bp, r.recargo_bp))
                .collect();
            if rates.is_empty() {
                return Err(AppError::NoRecargoRates);
            }
            Some(rates)
        } else {
            None
        };
        self.invoice_to = Some(c);
        self.recargo_rates = rates;
        Ok(())
    }

    /// Adds a customer to the book from the till (audited as this cashier) and invoices the
    /// open sale to them; returns their id.
    pub fn add_customer_at_till(
        &mut self,
        draft: crate::till::customer::CustomerDraft,
    ) -> Result<i64, AppError> {
        let me = self.user()?;
        let at = self.now_text();
        let id = self.store.add_customer(draft, &self.author(me, &at))?;
        self.invoice_to(Some(id))?;
        Ok(id)
    }

    /// Replaces a ticket by a full invoice to a customer of the book, or to one added now from
    /// `draft` (audited as this cashier).
    pub fn replace_ticket_for(
        &mut self,
        ticket: &str,
        customer: Option<i64>,
        draft: Option<crate::till::customer::CustomerDraft>,
    ) -> Result<crate::store::replacements::Replacement, AppError> {
        let id = match (customer, draft) {
            (Some(id), _) => id,
            (None, Some(draft)) => {
                let me = self.user()?;
                let at = self.now_text();
                self.store.add_customer(draft, &self.author(me, &at))?
            }
            (None, None) => return Err(AppError::NoCustomerChosen),
        };
        self.replace_ticket(ticket, id)
    }

    /// Customers of the book whose tax id starts with, or whose name holds, `text`.
    pub fn find_customers(&self, text: &str, limit: usize) -> Result<Vec<Customer>, AppError> {
        Ok(self.store.find_customers(text, limit)?)
    }

    /// The customer the open sale is invoiced to.
    pub fn invoice_customer(&self) -> Option<&Customer> {
        self.invoice_to.as_ref()
    }

    /// Refuses a ticket above the store's simplified-invoice limit (the AEAT rejects an F2 over
    /// 3.000 €): the cashier picks the customer and the till issues a full invoice.
    pub(crate) fn check_simplified_limit(&self, total: i64) -> Result<(), AppError> {
        let limit = i64::from(self.settings.profile.simplified_limit)
            * 10i64.pow(self.settings.currency.minor_digits());
        if self.invoice_to.is_none() && total > limit {
            return Err(AppError::FullInvoiceNeeded {
                limit: crate::till::format::format_money(
                    limit,
                    self.settings.currency,
                    self.settings.locale,
                ),
            });
        }
        Ok(())
    }

    /// What the open sale is for the tax agency: a ticket, or a full invoice to its customer.
    pub(crate) fn sale_issue(&self) -> Issue {
        match &self.invoice_to {
            Some(c) => Issue::Invoice(fiscal_customer(c)),
            None => Issue::Ticket,
        }
    }

    /// This till's regime, or why it may not sell.
    pub(crate) fn regime(&self) -> Result<Option<Arc<dyn Regime>>, AppError> {
        regime_for(
            &self.settings.profile,
            &self.store.identity().uid,
            &self.settings.terminal,
        )
    }

    /// The fiscal step of a document about to be committed.
    pub(crate) fn fiscal_step(&self, issue: Issue) -> Result<Option<FiscalStep>, AppError> {
        Ok(self.regime()?.map(|regime| FiscalStep { regime, issue }))
    }

    /// The invoice a document is for the tax agency: as its record names it, or (a ticket sold
    /// before the store issued records) as its number and date say.
    fn invoice_id_of(&self, document: &Document) -> Result<InvoiceId, AppError> {
        Ok(match self.store.document_record(document.id)? {
            Some(r) => r.invoice_id()?,
            None => InvoiceId {
                issuer: self.settings.profile.tax_id.clone(),
                number: document.number.clone(),
                issued: chrono::DateTime::parse_from_rfc3339(&document.created_at)
                    .map(|t| t.date_naive())
                    .unwrap_or_else(|_| self.today()),
            },
        })
    }

    /// A return's `Issue`: the invoice it corrects — the full invoice that replaced the ticket
    /// (`replaced_by`) when one did, else the document itself — to its `customer` (an R1), if
    /// it has one.
    pub(crate) fn return_issue(
        &self,
        original: &Document,
        replaced_by: Option<&crate::store::replacements::Replacement>,
        customer: Option<i64>,
    ) -> Result<Issue, AppError> {
        let replacing = match replaced_by.and_then(|r| r.fiscal_record_id) {
            Some(id) => self.store.fiscal_record(id)?,
            None => None,
        };
        let original = match replacing {
            Some(record) => record.invoice_id()?,
            None => self.invoice_id_of(original)?,
        };
        let customer = match customer {
            Some(id) => Some(fiscal_customer(
                &self
                    .store
                    .customer(id)?
                    .ok_or(crate::store::StoreError::NoSuchCustomer { id })?,
            )),
            None => None,
        };
        Ok(Issue::Return { original, customer })
    }

    /// Replaces a ticket by a full invoice to a customer of the book (an F3): the ticket's lines
    /// restated under a number of this till's invoice series (`CODE-T01S`), with its fiscal
    /// record, in one transaction; printed when there is a printer. Not for a training ticket,
    /// a full invoice, or a ticket with returns.
    pub fn replace_ticket(
        &mut self,
        ticket: &str,
        customer_id: i64,
    ) -> Result<crate::store::replacements::Replacement, AppError> {
        use super::error::ReplaceRefusal;
        use crate::till::document::DocKind;
        let me = self.user()?;
        let document = self
            .store
            .document_by_number(ticket)?
            .ok_or_else(|| AppError::UnknownDocument(ticket.trim().to_string()))?;
        if document.kind != DocKind::Sale {
            return Err(AppError::NotASale(document.number));
        }
        let refuse = |why| AppError::CannotReplace {
            ticket: document.number.clone(),
            why,
        };
        if document.training || me.training {
            return Err(refuse(ReplaceRefusal::Training));
        }
        if document.customer_id.is_some() {
            return Err(refuse(ReplaceRefusal::FullInvoice));
        }
        if !self.store.returned_so_far(document.id)?.is_empty() {
            return Err(refuse(ReplaceRefusal::Returned));
        }
        let customer = self
            .store
            .customer(customer_id)?
            .filter(|c| c.active)
            .ok_or(crate::store::StoreError::NoSuchCustomer { id: customer_id })?;
        if customer.draft.recargo {
            return Err(AppError::RecargoOnReplacement);
        }
        let customer = fiscal_customer(&customer);
        let replaced = self.invoice_id_of(&document)?;
        let mut draft = document.body.clone();
        draft.series = format!("{}S", self.series(DocKind::Sale, false)?);
        draft.created_at = self.now_text();
        draft.business_day = self.business_day();
        draft.user_id = me.id;
        draft.customer_id = Some(customer_id);
        let fiscal = self.fiscal_step(Issue::Replacing {
            customer,
            tickets: vec![replaced],
        })?;
        let at = self.now_text();
        let terminal = self.settings.terminal.clone();
        let author = crate::store::taxes::Author {
            terminal: &terminal,
            user_id: Some(me.id),
            at: &at,
        };
        let replacement = self.store.replace_ticket(
            document.id,
            customer_id,
            &draft,
            fiscal.as_ref(),
            &author,
        )?;
        if self.settings.printer.is_some() {
            let job = super::outbox::print::ReceiptJob {
                open_drawer: false,
                copy: false,
                replacing: true,
            };
            let message = super::outbox::print::receipt_message(&terminal, job);
            self.audited_print(
                "print",
                serde_json::json!({"number": replacement.number, "replaces": document.number}),
                &[message],
                Some(document.id),
            )?;
        }
        Ok(replacement)
    }
}
