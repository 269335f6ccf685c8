//! A customer of the customer book: a business (or person) who asks for full invoices, kept so
//! a returning customer is never retyped. What RD 1619/2012 art. 6 asks of a full invoice's
//! recipient — tax id, name and address — is checked here: a Spanish tax id with its control
//! character (as the store's own), another country's id as written; and whether the customer is
//! in the recargo de equivalencia regime.

use super::tax_id;
use serde::{Deserialize, Serialize};

/// A customer as the book keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: i64,
    pub draft: CustomerDraft,
    pub active: bool,
}

/// What a person types for a customer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDraft {
    /// NIF / NIE / CIF for Spain; the country's own id elsewhere (a VAT number in the EU).
    pub tax_id: String,
    /// Name or legal name.
    pub name: String,
    /// Street and number.
    pub address: String,
    /// Postcode and town.
    pub city: String,
    /// ISO 3166 two-letter country (`ES`).
    pub country: String,
    /// In the recargo de equivalencia regime (a retailer under it).
    pub recargo: bool,
}

/// What is wrong with a customer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CustomerProblem {
    #[error("a customer's tax id: {0}")]
    TaxId(tax_id::TaxIdError),
    #[error("a customer's tax id is required (and at most 20 characters)")]
    TaxIdMissing,
    #[error("a customer's name is required (at most 120 characters)")]
    Name,
    #[error("a customer's address is required on a full invoice (street, and postcode and town)")]
    Address,
    #[error("«{0}» is not a two-letter country code (ES, PT, FR…)")]
    Country(String),
}

impl CustomerDraft {
    /// Checks and tidies a draft: the tax id normalised (a Spanish one checked), the country
    /// in capitals (Spain when empty).
    pub fn checked(mut self) -> Result<CustomerDraft, CustomerProblem> {
        self.country = self.country.trim().to_uppercase();
        if self.country.is_empty() {
            self.country = "ES".into();
        }
        if self.country.len() != 2 || !self.country.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(CustomerProblem::Country(self.country));
        }
        self.name = self.name.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > 120 {
            return Err(CustomerProblem::Name);
        }
        self.address = self.address.trim().to_string();
        self.city = self.city.trim().to_string();
        if self.address.is_empty() || self.city.is_empty() {
            return Err(CustomerProblem::Address);
        }
        if self.country == "ES" {
            tax_id::check_spanish(&self.tax_id).map_err(CustomerProblem::TaxId)?;
            self.tax_id = tax_id::normalize(&self.tax_id);
        } else {
            self.tax_id = self.tax_id.trim().to_uppercase();
            if self.tax_id.is_empty() || self.tax_id.chars().count() > 20 {
                return Err(CustomerProblem::TaxIdMissing);
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(tax_id: &str, country: &str) -> CustomerDraft {
        CustomerDraft {
            tax_id: tax_id.into(),
            name: " Bar Cañas, S.L. ".into(),
            address: "Calle Mayor 1".into(),
            city: "28013 Madrid".into(),
            country: country.into(),
            recargo: false,
        }
    }

    #[test]
    fn a_customer_is_checked_as_a_full_invoice_needs_it() {
        let ok = draft("b-12345674", "").checked().unwrap();
        assert_eq!(
            (ok.tax_id.as_str(), ok.country.as_str()),
            ("B12345674", "ES")
        );
        assert_eq!(ok.name, "Bar Cañas, S.L.");
        assert!(matches!(
            draft("B12345675", "es").checked(),
            Err(CustomerProblem::TaxId(_))
        ));
        // Another country's id is taken as written.
        assert_eq!(
            draft("pt 501964843", "pt").checked().unwrap().tax_id,
            "PT 501964843"
        );
        assert_eq!(
            draft("X", "Portugal").checked(),
            Err(CustomerProblem::Country("PORTUGAL".into()))
        );
        let mut no_address = draft("B12345674", "ES");
        no_address.city.clear();
        assert_eq!(no_address.checked(), Err(CustomerProblem::Address));
    }
}
