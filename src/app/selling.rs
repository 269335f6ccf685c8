//! Selling: scan to cart, edits that need permissions, payment, the one-transaction commit,
//! park and recall, and the audited no-sale drawer opening.

use super::{AppError, Approval, Clock, Till};
use crate::store::catalog::Product;
use crate::store::sales::Bookkeeping;
use crate::store::shifts::ShiftRecord;
use crate::till::barcode::{Scan, VariableValue, parse};
use crate::till::cart::{Cart, CartEdit, Discount, Totals};
use crate::till::document::{DocKind, DocLine, DocumentDraft};
use crate::till::money::Money;
use crate::till::permission::Permission;
use crate::till::quantity::{Measure, Quantity};
use crate::till::shift::ShiftState;
use crate::till::tender::{Payment, Tender, TenderKind};
use serde::Serialize;

/// What the cashier sees after a scan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scanned {
    pub line: usize,
    pub name: String,
    pub quantity: Quantity,
    pub unit_price: i64,
    pub line_total: i64,
}

/// A sale that was paid and committed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Committed {
    pub id: i64,
    pub number: String,
    pub total: Money,
    pub change: Money,
}

/// Where the payment stands after a tender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PaymentProgress {
    /// More to pay (exact, and what cash must cover after rounding).
    Remaining {
        exact: Money,
        in_cash: Money,
    },
    Done(Committed),
}

/// The document lines of a cart: voided lines left out, numbered from 1.
pub fn document_lines(cart: &Cart, totals: &Totals) -> Vec<DocLine> {
    cart.lines
        .iter()
        .zip(&totals.lines)
        .filter(|(l, _)| !l.voided)
        .enumerate()
        .map(|(i, (l, a))| DocLine {
            line_no: i as i64 + 1,
            product_id: l.item.product_id,
            code: l.item.code.clone(),
            name: l.item.name.clone(),
            tax_rate_bp: l.item.tax_rate_bp,
            measure: l.quantity.measure,
            unit_price: l.unit_price(),
            qty_milli: l.quantity.milli,
            price_overridden: l.price_override.is_some(),
            line_discount: a.line_discount,
            ticket_discount: a.ticket_discount,
            total: a.total,
            ref_line_no: None,
            exemption: l.item.exemption,
        })
        .collect()
}

impl<C: Clock> Till<C> {
    /// The open or closing shift of this terminal.
    pub(crate) fn live_shift(&self) -> Result<ShiftRecord, AppError> {
        self.store
            .live_shift(&self.settings.terminal)?
            .ok_or(AppError::NoOpenShift)
    }

    fn open_shift_for_selling(&self) -> Result<ShiftRecord, AppError> {
        let shift = self.live_shift()?;
        if shift.state != ShiftState::Open {
            return Err(AppError::ShiftClosing);
        }
        Ok(shift)
    }

    pub fn cart(&self) -> &Cart {
        &self.cart
    }

    /// The open sale's totals, with the recargo de equivalencia of a customer in that regime.
    pub fn totals(&self) -> Totals {
        let totals = self.cart.totals();
        match &self.recargo_rates {
            Some(rates) => totals.with_recargo(rates),
            None => totals,
        }
    }

    pub fn payment(&self) -> Option<&Payment> {
        self.payment.as_ref()
    }

    pub fn last_receipt(&self) -> Option<&str> {
        self.last_receipt.as_deref()
    }

    /// `N*` before a scan: the next counted item is added N times.
    pub fn set_pending_units(&mut self, units: Option<i64>) -> Result<(), AppError> {
        if let Some(n) = units {
            Quantity::units(n)?;
        }
        self.pending_units = units;
        Ok(())
    }

    pub fn pending_units(&self) -> Option<i64> {
        self.pending_units
    }

    fn find(&self, code: &str) -> Result<Option<Product>, AppError> {
        Ok(self.store.product_by_code(code, self.today())?)
    }

    /// A scan or a typed code: adds the product to the cart.
    pub fn scan(&mut self, raw: &str) -> Result<Scanned, AppError> {
        self.user()?;
        self.authorize(Permission::Sell, Approval::Own)?;
        if self.payment.is_some() {
            return Err(AppError::Paying);
        }
        self.open_shift_for_selling()?;
        let scan = parse(raw, &self.settings.barcode_rules)?;
        let units = self.pending_units.take();
        let (product, code, quantity, price) = match scan {
            Scan::Gtin(key) | Scan::Plu(key) => {
                let p = self
                    .find(&key)?
                    .ok_or_else(|| AppError::UnknownCode(raw.trim().to_string()))?;
                if p.measure == Measure::Kg {
                    return Err(AppError::NeedsWeight(p.name));
                }
                let q = Quantity::units(units.unwrap_or(1))?;
                (p, key, q, None)
            }
            Scan::Variable {
                item_key,
                value,
                amount,
            } => {
                let p = self
                    .find(&item_key)?
                    .ok_or_else(|| AppError::UnknownCode(raw.trim().to_string()))?;
                match value {
                    VariableValue::Weight => {
                        if p.measure != Measure::Kg {
                            return Err(AppError::NotWeighed(p.name));
                        }
                        (p, item_key, Quantity::grams(amount)?, None)
                    }
                    // The scale label carries the price of this one pack.
                    VariableValue::Price => (p, item_key, Quantity::units(1)?, Some(amount)),
                }
            }
        };
        let mut item = product.snapshot(&code);
        if let Some(price) = price {
            item.unit_price = price;
            item.measure = Measure::Unit;
        }
        let line = self.cart.add(item, quantity)?;
        let totals = self.cart.totals();
        let l = &self.cart.lines[line];
        Ok(Scanned {
            line,
            name: l.item.name.clone(),
            quantity,
            unit_price: l.unit_price(),
            line_total: totals.lines[line].total,
        })
    }

    /// Adds a weighed product by weight in grams (from a scale).
    pub fn add_weighed(&mut self, code: &str, grams: i64) -> Result<Scanned, AppError> {
        self.user()?;
        self.authorize(Permission::Sell, Approval::Own)?;
        self.open_shift_for_selling()?;
        let p = self
            .find(code)?
            .ok_or_else(|| AppError::UnknownCode(code.to_string()))?;
        if p.measure != Measure::Kg {
            return Err(AppError::NotWeighed(p.name));
        }
        let q = Quantity::grams(grams)?;
        let line = self.cart.add(p.snapshot(code), q)?;
        let totals = self.cart.totals();
        Ok(Scanned {
            line,
            name: p.name,
            quantity: q,
            unit_price: p.price,
            line_total: totals.lines[line].total,
        })
    }

    /// Adds a product chosen by search or a quick key (counted items only; weighed ones need
    /// the scale or its label).
    pub fn add_product(&mut self, product_id: i64) -> Result<Scanned, AppError> {
        let code = self
            .store
            .first_code(product_id)?
            .ok_or_else(|| AppError::UnknownCode(format!("#{product_id}")))?;
        let p = self
            .store
            .product(product_id, self.today())?
            .ok_or_else(|| AppError::UnknownCode(code.clone()))?;
        self.user()?;
        self.authorize(Permission::Sell, Approval::Own)?;
        if self.payment.is_some() {
            return Err(AppError::Paying);
        }
        self.open_shift_for_selling()?;
        if p.measure == Measure::Kg {
            return Err(AppError::NeedsWeight(p.name));
        }
        let quantity = Quantity::units(self.pending_units.take().unwrap_or(1))?;
        let line = self.cart.add(p.snapshot(&code), quantity)?;
        let totals = self.cart.totals();
        Ok(Scanned {
            line,
            name: p.name,
            quantity,
            unit_price: p.price,
            line_total: totals.lines[line].total,
        })
    }

    /// The catalog code a scanned or typed code finds (for weighing a PLU on the scale).
    pub fn catalog_code(&self, raw: &str) -> Option<String> {
        match parse(raw, &self.settings.barcode_rules).ok()? {
            Scan::Gtin(key) | Scan::Plu(key) => self.find(&key).ok().flatten().map(|_| key),
            Scan::Variable { .. } => None,
        }
    }

    /// The code a product is found by (for weighing a product picked by search).
    pub fn product_code(&self, product_id: i64) -> Result<Option<String>, AppError> {
        Ok(self.store.first_code(product_id)?)
    }

    /// Favourite products for the quick-key grid.
    pub fn favourites(&self) -> Result<Vec<Product>, AppError> {
        Ok(self
            .store
            .favourites(super::backoffice::QUICK_KEYS, self.today())?)
    }

    /// Each category's colour (for the quick keys); a colour that does not read is grey.
    pub fn category_colours(&self) -> Vec<(String, [u8; 3])> {
        self.store
            .category_colours()
            .unwrap_or_default()
            .into_iter()
            .map(|(name, colour)| {
                let rgb = crate::till::product::parse_colour(&colour).unwrap_or([0x60, 0x7d, 0x8b]);
                (name, rgb)
            })
            .collect()
    }

    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Product>, AppError> {
        Ok(self.store.search_products(text, limit, self.today())?)
    }

    fn edit(
        &mut self,
        edit: CartEdit,
        approval: Approval<'_>,
        event: &str,
        detail: serde_json::Value,
        apply: impl FnOnce(&mut Cart) -> Result<(), crate::till::cart::CartError>,
    ) -> Result<(), AppError> {
        if self.payment.is_some() {
            return Err(AppError::Paying);
        }
        let approved_by = self.authorize(edit.required_permission(), approval)?;
        let mut next = self.cart.clone();
        apply(&mut next)?;
        let user = self.user()?;
        let mut detail = detail;
        if let Some(o) = detail.as_object_mut() {
            o.insert("approved_by".into(), approved_by.into());
        }
        self.audit(Some(user.id), event, detail)?;
        self.cart = next;
        Ok(())
    }

    fn line_label(&self, index: usize) -> serde_json::Value {
        self.cart
            .lines
            .get(index)
            .map(|l| serde_json::json!({"line": index, "code": l.item.code, "name": l.item.name}))
            .unwrap_or_else(|| serde_json::json!({"line": index}))
    }

    pub fn void_line(&mut self, index: usize, approval: Approval<'_>) -> Result<(), AppError> {
        let detail = self.line_label(index);
        self.edit(CartEdit::VoidLine, approval, "void_line", detail, |c| {
            c.void_line(index)
        })
    }

    pub fn set_line_discount(
        &mut self,
        index: usize,
        discount: Option<Discount>,
        approval: Approval<'_>,
    ) -> Result<(), AppError> {
        let mut detail = self.line_label(index);
        detail["discount"] = serde_json::to_value(discount).unwrap_or_default();
        self.edit(
            CartEdit::LineDiscount,
            approval,
            "line_discount",
            detail,
            |c| c.set_line_discount(index, discount),
        )
    }

    pub fn set_ticket_discount(
        &mut self,
        discount: Option<Discount>,
        approval: Approval<'_>,
    ) -> Result<(), AppError> {
        let detail = serde_json::json!({"discount": discount});
        self.edit(
            CartEdit::TicketDiscount,
            approval,
            "ticket_discount",
            detail,
            |c| c.set_ticket_discount(discount),
        )
    }

    pub fn override_price(
        &mut self,
        index: usize,
        price: Money,
        approval: Approval<'_>,
    ) -> Result<(), AppError> {
        let price = self.in_till_currency(price)?;
        let mut detail = self.line_label(index);
        detail["old_price"] = self.cart.lines.get(index).map(|l| l.unit_price()).into();
        detail["new_price"] = price.into();
        self.edit(
            CartEdit::PriceOverride,
            approval,
            "price_override",
            detail,
            |c| c.set_price_override(index, Some(price)),
        )
    }

    /// Starts taking payment for the cart; what is left to pay.
    pub fn start_payment(&mut self) -> Result<Money, AppError> {
        self.user()?;
        if self.cart.is_empty() {
            return Err(AppError::EmptySale);
        }
        self.open_shift_for_selling()?;
        let total = self.totals().total;
        // The store's fiscal settings may forbid selling (`regime` says why) and a ticket has its
        // limit; a training sale is no invoice, so neither stops it.
        let training = self.user()?.training;
        if !training && self.regime()?.is_some() {
            self.check_simplified_limit(total)?;
        }
        // A store waiting to be reconciled with the tax agency takes no payment it could not
        // number.
        self.series(DocKind::Sale, training)?;
        let due = Money::new(total, self.cart.currency);
        let payment = self
            .payment
            .get_or_insert_with(|| Payment::new(due, self.settings.cash_rounding));
        let remaining = payment.remaining();
        self.show_sale_sign();
        Ok(remaining)
    }

    /// The sale sign (`store::lock::SaleSign`) up exactly while a payment is being taken.
    fn show_sale_sign(&mut self) {
        let paying = self.payment.is_some();
        if let Some(sign) = &mut self.sale_sign {
            sign.set(paying);
        }
    }

    /// Drops the payment in progress (not once a card was charged).
    pub fn cancel_payment(&mut self) -> Result<(), AppError> {
        if let Some(p) = &self.payment
            && p.tenders.iter().any(|t| t.kind != TenderKind::Cash)
        {
            return Err(AppError::CardAlreadyTaken);
        }
        self.payment = None;
        self.show_sale_sign();
        Ok(())
    }

    /// Takes a tender; when the sale is fully paid it is committed at once.
    pub fn tender(&mut self, tender: Tender) -> Result<PaymentProgress, AppError> {
        self.user()?;
        let payment = self.payment.as_mut().ok_or(AppError::NotPaying)?;
        payment.add(tender)?;
        if !payment.is_settled() {
            return Ok(PaymentProgress::Remaining {
                exact: payment.remaining(),
                in_cash: payment.remaining_in_cash(),
            });
        }
        let committed = self.commit_sale()?;
        Ok(PaymentProgress::Done(committed))
    }

    /// Pays the rest exactly in cash (Enter with no amount).
    pub fn pay_exact_cash(&mut self) -> Result<PaymentProgress, AppError> {
        self.start_payment()?;
        let amount = self
            .payment
            .as_ref()
            .map(|p| p.remaining_in_cash())
            .ok_or(AppError::NotPaying)?;
        self.tender(Tender {
            kind: TenderKind::Cash,
            amount,
            reference: None,
        })
    }

    fn commit_sale(&mut self) -> Result<Committed, AppError> {
        let user = self.user()?;
        let shift = self.open_shift_for_selling()?;
        let payment = self.payment.clone().ok_or(AppError::NotPaying)?;
        let settlement = payment.settlement().ok_or(AppError::NotPaying)?;
        let totals = self.totals();
        let lines = document_lines(&self.cart, &totals);
        let cash = payment.tenders.iter().any(|t| t.kind == TenderKind::Cash);
        let draft = DocumentDraft {
            kind: DocKind::Sale,
            series: self.series(DocKind::Sale, user.training)?,
            terminal: self.settings.terminal.clone(),
            shift_id: shift.id,
            user_id: user.id,
            approved_by: None,
            created_at: self.now_text(),
            business_day: self.business_day(),
            currency: self.settings.currency,
            total: totals.goods(),
            discount_total: totals.discount_total,
            rounding: settlement.rounding_adjustment.minor,
            change_given: settlement.change.minor,
            ref_document_id: None,
            reason: None,
            lines,
            tenders: payment.tenders.clone(),
            taxes: totals.taxes.clone(),
            training: user.training,
            customer_id: self.invoice_to.as_ref().map(|c| c.id),
            recargo: totals.recargo,
        };
        let book = Bookkeeping {
            audit_event: "sale".into(),
            audit_detail: serde_json::json!({
                "tenders": payment.tenders.iter().map(|t| t.kind.as_str()).collect::<Vec<_>>(),
            }),
            messages: super::printing::receipt_messages(&self.settings, cash),
            fiscal: if user.training {
                None
            } else {
                self.fiscal_step(self.sale_issue())?
            },
        };
        let (id, number) = self.store.commit_document(&draft, &book)?;
        if book.fiscal.is_some() {
            self.wake_fiscal_sender();
        }
        self.invoice_to = None;
        self.recargo_rates = None;
        self.cart = Cart::new(self.settings.currency);
        self.payment = None;
        self.show_sale_sign();
        self.pending_units = None;
        self.last_receipt = Some(number.clone());
        if cash {
            self.pulse_own_drawer();
        }
        Ok(Committed {
            id,
            number,
            total: Money::new(totals.total, self.settings.currency),
            change: settlement.change,
        })
    }
}

impl<C: Clock> Till<C> {
    /// Empties the open sale without a trace. For benchmarks only: a real sale is voided
    /// (audited) or paid.
    #[doc(hidden)]
    pub fn cart_clear_for_bench(&mut self) {
        self.cart = Cart::new(self.settings.currency);
        self.payment = None;
        self.show_sale_sign();
    }
}
