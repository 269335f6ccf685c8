//! The fiscal side's messages: why the till may not sell under the store's fiscal settings,
//! why a record cannot be made, what is wrong with a customer, why a ticket cannot become a
//! full invoice — in the till's language.

use crate::i18n::Message;
use crate::msg;

/// What is wrong with a customer, as the form and the CLI say it.
pub fn customer_problem(p: &crate::till::customer::CustomerProblem) -> Message {
    use crate::till::customer::CustomerProblem::*;
    match p {
        TaxId(_) => msg!("err-customer-tax-id", detail = p.to_string()),
        TaxIdMissing => msg!("err-customer-tax-id-missing"),
        Name => msg!("err-customer-name"),
        Address => msg!("err-customer-address"),
        Country(value) => msg!("err-customer-country", value = value.clone()),
    }
}

/// Why the till may not sell under the store's fiscal settings.
pub(super) fn fiscal_block(why: crate::till::profile::FiscalBlock) -> Message {
    use crate::till::profile::FiscalBlock::*;
    match why {
        RegimeUnset => msg!("err-fiscal-regime-unset"),
        NoneWithSpanishId => msg!("err-fiscal-none-with-spanish-id"),
        IdentityMissing => msg!("err-fiscal-identity-missing"),
        EnvironmentUnset => msg!("err-fiscal-environment-unset"),
    }
}

/// Why a document's fiscal record cannot be made (the sale was not committed).
pub(super) fn fiscal(e: &crate::fiscal::FiscalError) -> Message {
    use crate::fiscal::FiscalError;
    use crate::fiscal::record::RecordError;
    match e {
        FiscalError::Record(RecordError::TicketOverLimit) => msg!("err-fiscal-ticket-over-limit"),
        FiscalError::Record(RecordError::IssuerId(_) | RecordError::IssuerName) => {
            msg!("err-fiscal-identity-missing")
        }
        FiscalError::Record(
            RecordError::RecipientMissing(_)
            | RecordError::RecipientName
            | RecordError::RecipientId(_),
        ) => msg!("err-fiscal-customer"),
        other => msg!("err-fiscal-record", detail = other.to_string()),
    }
}

/// Why a ticket cannot be replaced by a full invoice (F3).
pub(super) fn replace_refusal(ticket: &str, why: crate::app::ReplaceRefusal) -> Message {
    use crate::app::ReplaceRefusal::*;
    msg!(
        "err-cannot-replace",
        ticket = ticket.to_string(),
        why = match why {
            FullInvoice => "full-invoice",
            Training => "training",
            Returned => "returned",
        }
    )
}
