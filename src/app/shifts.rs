//! Shift operations over the store: open with a float, cash in / out, blind close with the Z
//! report, X report at any time, and the day report.

use super::{AppError, Approval, Clock, Till};
use crate::store::reports::Period;
use crate::store::shifts::{Actor, CashEntry, ShiftRecord};
use crate::till::permission::Permission;
use crate::till::report::{CashSummary, SalesSummary, ShiftReport};
use crate::till::shift::{CashMove, CloseOutcome, Shift};

impl<C: Clock> Till<C> {
    fn actor_parts(&mut self) -> Result<(i64, String), AppError> {
        let user = self.user()?;
        Ok((user.id, self.now_text()))
    }

    pub fn open_shift(&mut self, float: i64) -> Result<i64, AppError> {
        self.authorize(Permission::OpenShift, Approval::Own)?;
        let (user_id, at) = self.actor_parts()?;
        let terminal = self.settings.terminal.clone();
        Ok(self.store.open_shift(
            &Actor {
                terminal: &terminal,
                user_id,
                at: &at,
            },
            float,
        )?)
    }

    /// The live shift and its cash state.
    pub fn shift(&self) -> Result<Option<(ShiftRecord, Shift)>, AppError> {
        match self.store.live_shift(&self.settings.terminal)? {
            Some(r) => {
                let s = self.store.shift_state(&r)?;
                Ok(Some((r, s)))
            }
            None => Ok(None),
        }
    }

    pub fn cash_movement(
        &mut self,
        kind: CashMove,
        amount: i64,
        reason: &str,
        approval: Approval<'_>,
    ) -> Result<(), AppError> {
        let approved_by = self.authorize(Permission::CashInOut, approval)?;
        let (record, mut shift) = self.shift()?.ok_or(AppError::NoOpenShift)?;
        shift.move_cash(kind, amount, reason)?;
        let (user_id, at) = self.actor_parts()?;
        let terminal = self.settings.terminal.clone();
        self.store.record_cash_movement(
            &Actor {
                terminal: &terminal,
                user_id,
                at: &at,
            },
            record.id,
            &CashEntry {
                kind: Some(kind),
                amount,
                reason: reason.trim(),
                approved_by,
            },
            &[],
        )?;
        Ok(())
    }

    fn shift_report(
        &self,
        record: &ShiftRecord,
        shift: &Shift,
        z_number: Option<i64>,
        outcome: Option<CloseOutcome>,
    ) -> Result<ShiftReport, AppError> {
        let sales = self.store.sales_summary(&Period::Shift(record.id))?;
        Ok(ShiftReport {
            z_number,
            terminal: record.terminal.clone(),
            shift_id: record.id,
            opened_at: record.opened_at.clone(),
            generated_at: self.now_text(),
            sales,
            cash: CashSummary {
                float: shift.float,
                cash_in: shift.cash_in,
                cash_out: shift.cash_out,
                cash_sales: shift.cash_sales,
                expected: outcome.map(|o| o.expected).or(shift.expected_cash().ok()),
                counted: outcome.map(|o| o.counted),
                over_short: outcome.map(|o| o.over_short),
            },
            no_sales: self.store.no_sale_count(record.id)?,
        })
    }

    /// X report: the shift so far; changes nothing.
    pub fn x_report(&mut self) -> Result<ShiftReport, AppError> {
        self.authorize(Permission::XReport, Approval::Own)?;
        let (record, shift) = self.shift()?.ok_or(AppError::NoOpenShift)?;
        self.shift_report(&record, &shift, None, None)
    }

    /// Stops sales on the shift and asks for the blind count.
    pub fn begin_close_shift(&mut self) -> Result<(), AppError> {
        self.authorize(Permission::CloseShift, Approval::Own)?;
        if !self.cart.is_empty() || self.payment.is_some() {
            return Err(AppError::SaleInProgress);
        }
        let (record, mut shift) = self.shift()?.ok_or(AppError::NoOpenShift)?;
        shift.begin_close()?;
        let (user_id, at) = self.actor_parts()?;
        let terminal = self.settings.terminal.clone();
        self.store.begin_close_shift(
            &Actor {
                terminal: &terminal,
                user_id,
                at: &at,
            },
            record.id,
        )?;
        Ok(())
    }

    /// Closes the shift with the counted cash; returns the over/short and the Z report, which
    /// is numbered and stored immutably in the same transaction.
    pub fn close_shift(&mut self, counted: i64) -> Result<(CloseOutcome, ShiftReport), AppError> {
        self.authorize(Permission::CloseShift, Approval::Own)?;
        let (record, mut shift) = self.shift()?.ok_or(AppError::NoOpenShift)?;
        let outcome = shift.close(counted)?;
        let mut report = self.shift_report(&record, &shift, None, Some(outcome))?;
        let (user_id, at) = self.actor_parts()?;
        let terminal = self.settings.terminal.clone();
        let mut stored = report.clone();
        let settings = &self.settings;
        let z = self.store.close_shift_with_z(
            &Actor {
                terminal: &terminal,
                user_id,
                at: &at,
            },
            record.id,
            counted,
            outcome.expected,
            |z| {
                stored.z_number = Some(z);
                let json = serde_json::to_string(&stored)
                    .map_err(|e| crate::store::StoreError::Internal(e.to_string()))?;
                let printout = super::printing::report_messages(settings, &stored)
                    .map_err(|e| crate::store::StoreError::Internal(e.to_string()))?;
                Ok((json, printout))
            },
        )?;
        report.z_number = Some(z);
        Ok((outcome, report))
    }

    /// Totals of a business day (`YYYY-MM-DD`, default today).
    pub fn day_report(&self, day: Option<&str>) -> Result<(String, SalesSummary), AppError> {
        let day = day
            .map(str::to_string)
            .unwrap_or_else(|| self.business_day());
        let summary = self.store.sales_summary(&Period::Day(&day))?;
        Ok((day, summary))
    }

    /// Opens the drawer outside a sale, with a reason; audited.
    pub fn no_sale(&mut self, reason: &str, approval: Approval<'_>) -> Result<(), AppError> {
        let approved_by = self.authorize(Permission::NoSale, approval)?;
        if reason.trim().is_empty() {
            return Err(AppError::ReasonRequired);
        }
        let user = self.user()?;
        let shift = self.live_shift()?;
        let at = self.now_text();
        self.store.record_cash_movement(
            &Actor {
                terminal: &self.settings.terminal,
                user_id: user.id,
                at: &at,
            },
            shift.id,
            &CashEntry {
                kind: None,
                amount: 0,
                reason: reason.trim(),
                approved_by,
            },
            &super::printing::drawer_messages(&self.settings),
        )?;
        self.pulse_own_drawer();
        Ok(())
    }
}
