//! The open sale: lines, discounts, price overrides, voids, and the totals they add up to.

use super::money::{Currency, Rounding, div_round};
use super::permission::Permission;
use super::quantity::{Measure, Quantity};
use super::tax::{MAX_RATE_BP, TaxRow, breakdown};
use serde::{Deserialize, Serialize};

/// What the till knows of a catalog item when it is put in the cart (a snapshot: later catalog
/// changes do not alter an open sale).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemSnapshot {
    pub product_id: i64,
    pub code: String,
    pub name: String,
    pub tax_rate_bp: u32,
    /// Tax-included price per unit or per kg, in minor units.
    pub unit_price: i64,
    pub measure: Measure,
    /// Why the rate is 0 when the product's class is exempt (the receipt cites it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<crate::till::tax::Exemption>,
}

/// A discount on a line or on the whole ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "value")]
pub enum Discount {
    /// Percentage in basis points (1000 = 10 %).
    Percent(u32),
    /// A fixed amount in minor units.
    Amount(i64),
}

/// A change to the cart that needs a permission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CartEdit {
    VoidLine,
    LineDiscount,
    TicketDiscount,
    PriceOverride,
}

impl CartEdit {
    pub fn required_permission(self) -> Permission {
        match self {
            CartEdit::VoidLine => Permission::VoidLine,
            CartEdit::LineDiscount => Permission::LineDiscount,
            CartEdit::TicketDiscount => Permission::TicketDiscount,
            CartEdit::PriceOverride => Permission::PriceOverride,
        }
    }
}

/// What is wrong with a cart operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("there is no line {0} in this sale")]
    NoSuchLine(usize),
    #[error("line {0} is voided")]
    LineVoided(usize),
    #[error("a percentage discount must be between 0 and 100 %")]
    BadPercent,
    #[error("a discount amount must be positive and not above what it discounts")]
    BadAmount,
    #[error("a price must not be negative")]
    NegativePrice,
    #[error("this item's tax rate is not valid")]
    BadTaxRate,
    #[error("a sale holds at most {0} lines; finish this one and start another")]
    TooManyLines(usize),
}

/// Most lines one sale may hold.
pub const MAX_LINES: usize = 5_000;

/// One line of the cart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub item: ItemSnapshot,
    pub quantity: Quantity,
    pub price_override: Option<i64>,
    pub discount: Option<Discount>,
    pub voided: bool,
}

impl CartLine {
    pub fn unit_price(&self) -> i64 {
        self.price_override.unwrap_or(self.item.unit_price)
    }

    /// Price × quantity, rounded half-up per line.
    pub fn gross(&self) -> i64 {
        let value = div_round(
            i128::from(self.unit_price()) * i128::from(self.quantity.milli),
            1000,
            Rounding::HalfUp,
        );
        i64::try_from(value).unwrap_or(i64::MAX)
    }

    fn line_discount(&self, gross: i64) -> i64 {
        match self.discount {
            None => 0,
            Some(Discount::Percent(bp)) => {
                let d = div_round(i128::from(gross) * i128::from(bp), 10_000, Rounding::HalfUp);
                i64::try_from(d).unwrap_or(gross).min(gross)
            }
            Some(Discount::Amount(amount)) => amount.min(gross),
        }
    }
}

/// The amounts of one line after all discounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAmounts {
    pub gross: i64,
    pub line_discount: i64,
    pub ticket_discount: i64,
    /// What the customer pays for this line (tax included).
    pub total: i64,
}

/// The totals of a cart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// One entry per cart line, voided lines with all zeros.
    pub lines: Vec<LineAmounts>,
    pub ticket_discount: i64,
    pub discount_total: i64,
    /// What the customer pays: the lines, and any recargo de equivalencia on top.
    pub total: i64,
    pub taxes: Vec<TaxRow>,
    /// The recargo de equivalencia in `total` (a full invoice to a customer in that regime).
    #[serde(default)]
    pub recargo: i64,
}

impl Totals {
    /// With the recargo de equivalencia of a customer in that regime (`rates`: rate →
    /// recargo, basis points) added on each rate's base and to the total.
    pub fn with_recargo(mut self, rates: &std::collections::BTreeMap<u32, u32>) -> Totals {
        self.recargo = super::tax::add_recargo(&mut self.taxes, rates);
        self.total += self.recargo;
        self
    }

    /// The lines' total, without recargo (a document's `total`).
    pub fn goods(&self) -> i64 {
        self.total - self.recargo
    }
}

/// An open sale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub currency: Currency,
    pub lines: Vec<CartLine>,
    pub ticket_discount: Option<Discount>,
}

fn check_discount(discount: Discount) -> Result<(), CartError> {
    match discount {
        Discount::Percent(bp) if bp > 10_000 => Err(CartError::BadPercent),
        Discount::Amount(a) if a <= 0 => Err(CartError::BadAmount),
        _ => Ok(()),
    }
}

impl Cart {
    pub fn new(currency: Currency) -> Cart {
        Cart {
            currency,
            lines: Vec::new(),
            ticket_discount: None,
        }
    }

    /// True when no live (non-voided) line is left.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.voided)
    }

    /// Adds a line and returns its index.
    pub fn add(&mut self, item: ItemSnapshot, quantity: Quantity) -> Result<usize, CartError> {
        if item.tax_rate_bp > MAX_RATE_BP {
            return Err(CartError::BadTaxRate);
        }
        if item.unit_price < 0 {
            return Err(CartError::NegativePrice);
        }
        if self.lines.len() >= MAX_LINES {
            return Err(CartError::TooManyLines(MAX_LINES));
        }
        self.lines.push(CartLine {
            item,
            quantity,
            price_override: None,
            discount: None,
            voided: false,
        });
        Ok(self.lines.len() - 1)
    }

    fn live_line(&mut self, index: usize) -> Result<&mut CartLine, CartError> {
        let line = self
            .lines
            .get_mut(index)
            .ok_or(CartError::NoSuchLine(index))?;
        if line.voided {
            return Err(CartError::LineVoided(index));
        }
        Ok(line)
    }

    /// Voids a line (it stays in the sale, struck through, for the audit trail).
    pub fn void_line(&mut self, index: usize) -> Result<(), CartError> {
        self.live_line(index)?.voided = true;
        Ok(())
    }

    pub fn set_quantity(&mut self, index: usize, quantity: Quantity) -> Result<(), CartError> {
        self.live_line(index)?.quantity = quantity;
        Ok(())
    }

    pub fn set_line_discount(
        &mut self,
        index: usize,
        discount: Option<Discount>,
    ) -> Result<(), CartError> {
        if let Some(d) = discount {
            check_discount(d)?;
        }
        let line = self.live_line(index)?;
        if let Some(Discount::Amount(a)) = discount
            && a > line.gross()
        {
            return Err(CartError::BadAmount);
        }
        line.discount = discount;
        Ok(())
    }

    pub fn set_price_override(
        &mut self,
        index: usize,
        price: Option<i64>,
    ) -> Result<(), CartError> {
        if price.is_some_and(|p| p < 0) {
            return Err(CartError::NegativePrice);
        }
        self.live_line(index)?.price_override = price;
        Ok(())
    }

    pub fn set_ticket_discount(&mut self, discount: Option<Discount>) -> Result<(), CartError> {
        if let Some(d) = discount {
            check_discount(d)?;
        }
        if let Some(Discount::Amount(a)) = discount {
            // More than the ticket is refused now; lines voided later only clamp it.
            let subtotal: i64 = self
                .totals()
                .lines
                .iter()
                .map(|l| l.gross - l.line_discount)
                .sum();
            if a > subtotal {
                return Err(CartError::BadAmount);
            }
        }
        self.ticket_discount = discount;
        Ok(())
    }

    /// Totals: line gross rounded per line, line discounts, the ticket discount spread over the
    /// lines in proportion (largest remainder, so it adds up exactly), and the tax breakdown.
    pub fn totals(&self) -> Totals {
        let mut lines: Vec<LineAmounts> = self
            .lines
            .iter()
            .map(|line| {
                if line.voided {
                    return LineAmounts {
                        gross: 0,
                        line_discount: 0,
                        ticket_discount: 0,
                        total: 0,
                    };
                }
                let gross = line.gross();
                let line_discount = line.line_discount(gross);
                LineAmounts {
                    gross,
                    line_discount,
                    ticket_discount: 0,
                    total: gross - line_discount,
                }
            })
            .collect();
        let subtotal: i64 = lines.iter().map(|l| l.total).sum();
        let ticket_discount = match self.ticket_discount {
            None => 0,
            Some(Discount::Percent(bp)) => i64::try_from(div_round(
                i128::from(subtotal) * i128::from(bp),
                10_000,
                Rounding::HalfUp,
            ))
            .unwrap_or(subtotal),
            Some(Discount::Amount(a)) => a,
        }
        .clamp(0, subtotal.max(0));
        allocate(&mut lines, ticket_discount, subtotal);
        let total = subtotal - ticket_discount;
        let taxes = breakdown(
            self.lines
                .iter()
                .zip(&lines)
                .filter(|(l, _)| !l.voided)
                .map(|(l, a)| (l.item.tax_rate_bp, a.total)),
            Rounding::HalfUp,
        );
        let discount_total = lines.iter().map(|l| l.line_discount).sum::<i64>() + ticket_discount;
        Totals {
            lines,
            ticket_discount,
            discount_total,
            total,
            taxes,
            recargo: 0,
        }
    }
}

/// Spreads `amount` over the lines in proportion to their totals (largest remainder method).
fn allocate(lines: &mut [LineAmounts], amount: i64, subtotal: i64) {
    if amount == 0 || subtotal <= 0 {
        return;
    }
    let mut given = 0i64;
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter_mut().enumerate() {
        let exact = i128::from(amount) * i128::from(line.total);
        let share = exact / i128::from(subtotal);
        let share_i64 = i64::try_from(share).unwrap_or(0);
        line.ticket_discount = share_i64;
        given += share_i64;
        remainders.push((exact % i128::from(subtotal), i));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = amount - given;
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        if lines[i].ticket_discount < lines[i].total {
            lines[i].ticket_discount += 1;
            left -= 1;
        }
    }
    for line in lines.iter_mut() {
        line.total -= line.ticket_discount;
    }
}
