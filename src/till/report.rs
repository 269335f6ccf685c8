//! Report models (day report, X and Z shift reports) built from aggregates the store supplies.

use super::tax::TaxRow;
use super::tender::TenderKind;
use serde::{Deserialize, Serialize};

/// Totals of one tender kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderTotal {
    pub kind: TenderKind,
    /// Net amount kept (cash: tendered − change).
    pub amount: i64,
    pub count: i64,
}

/// Sales and returns over a period (a day or a shift).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesSummary {
    pub sales_count: i64,
    pub sales_total: i64,
    pub returns_count: i64,
    /// Negative or zero.
    pub returns_total: i64,
    pub net_total: i64,
    pub discount_total: i64,
    /// Cash rounding added to the totals (tenders = net_total + rounding_total).
    pub rounding_total: i64,
    pub tenders: Vec<TenderTotal>,
    pub taxes: Vec<TaxRow>,
}

impl SalesSummary {
    /// True when the tax rows and the tenders both add up to the net total.
    pub fn reconciles(&self) -> bool {
        let tax_sum: i64 = self.taxes.iter().map(|t| t.base + t.quota).sum();
        let gross_sum: i64 = self.taxes.iter().map(|t| t.gross).sum();
        let tender_sum: i64 = self.tenders.iter().map(|t| t.amount).sum();
        // Recargo de equivalencia is paid on top of the lines.
        let recargo: i64 = self.taxes.iter().map(|t| t.recargo).sum();
        tax_sum == self.net_total
            && gross_sum == self.net_total
            && tender_sum == self.net_total + recargo + self.rounding_total
    }
}

/// The cash side of a shift report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashSummary {
    pub float: i64,
    pub cash_in: i64,
    pub cash_out: i64,
    pub cash_sales: i64,
    /// Withheld in an X report taken while the shift is closing (blind count).
    pub expected: Option<i64>,
    pub counted: Option<i64>,
    pub over_short: Option<i64>,
}

/// An X (mid-shift, no state change) or Z (closing, numbered, immutable) report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftReport {
    /// `None` for an X report; the Z number in the terminal's series for a Z report.
    pub z_number: Option<i64>,
    pub terminal: String,
    pub shift_id: i64,
    pub opened_at: String,
    pub generated_at: String,
    pub sales: SalesSummary,
    pub cash: CashSummary,
    pub no_sales: i64,
}
