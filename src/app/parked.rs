//! Parked sales: the open sale put aside (it survives a restart) and brought back.

use super::{AppError, Approval, Clock, Till};
use crate::till::cart::Cart;
use crate::till::permission::Permission;

impl<C: Clock> Till<C> {
    /// Puts the open sale aside; it survives a restart.
    pub fn park(&mut self, label: &str) -> Result<i64, AppError> {
        let user = self.user()?;
        self.authorize(Permission::ParkRecall, Approval::Own)?;
        if self.payment.is_some() {
            return Err(AppError::Paying);
        }
        if self.cart.is_empty() {
            return Err(AppError::EmptySale);
        }
        let json = serde_json::to_string(&self.cart)
            .map_err(|e| AppError::ParkedCorrupt(e.to_string()))?;
        let label = if label.trim().is_empty() {
            format!("{} · {}", user.name, self.now().format("%H:%M"))
        } else {
            label.trim().to_string()
        };
        let id = self.store.park(
            &self.settings.terminal,
            user.id,
            &self.now_text(),
            &label,
            &json,
        )?;
        self.cart = Cart::new(self.settings.currency);
        self.invoice_to = None;
        self.recargo_rates = None;
        Ok(id)
    }

    pub fn parked(&self) -> Result<Vec<crate::store::parked::ParkedSale>, AppError> {
        Ok(self.store.parked(&self.settings.terminal)?)
    }

    /// Brings a parked sale back as the open sale.
    pub fn recall(&mut self, id: i64) -> Result<(), AppError> {
        self.user()?;
        self.authorize(Permission::ParkRecall, Approval::Own)?;
        if !self.cart.is_empty() || self.payment.is_some() {
            return Err(AppError::SaleInProgress);
        }
        let json = self
            .store
            .take_parked(&self.settings.terminal, id)?
            .ok_or(AppError::ParkedNotFound)?;
        let cart: Cart =
            serde_json::from_str(&json).map_err(|e| AppError::ParkedCorrupt(e.to_string()))?;
        self.cart = cart;
        Ok(())
    }
}
