//! A cashier's shift as an explicit state machine: closed → open → closing → closed.
//!
//! While a shift closes, the count is blind: the expected cash is given only in the outcome of
//! `close`, after the counted amount has been entered.

use serde::{Deserialize, Serialize};

/// Where a shift is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShiftState {
    Open,
    Closing,
    Closed,
}

impl ShiftState {
    pub fn as_str(self) -> &'static str {
        match self {
            ShiftState::Open => "open",
            ShiftState::Closing => "closing",
            ShiftState::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<ShiftState> {
        match text {
            "open" => Some(ShiftState::Open),
            "closing" => Some(ShiftState::Closing),
            "closed" => Some(ShiftState::Closed),
            _ => None,
        }
    }
}

/// What is wrong with a shift operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShiftError {
    #[error("the shift is {}, not open", .0.as_str())]
    NotOpen(ShiftState),
    #[error("the shift is not being closed; start closing it first")]
    NotClosing,
    #[error("an amount must be positive")]
    NotPositive,
    #[error("the float must not be negative")]
    NegativeFloat,
    #[error("give a reason for the cash movement")]
    NoReason,
    #[error("the count is blind: the expected amount is shown after counting")]
    BlindCount,
}

/// Cash put in or taken out of the drawer outside a sale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CashMove {
    In,
    Out,
}

/// The cash side of a shift. Sales add their net cash through `record_cash`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub state: ShiftState,
    pub float: i64,
    pub cash_in: i64,
    pub cash_out: i64,
    /// Net cash from documents: cash tendered − change (negative for cash refunds).
    pub cash_sales: i64,
}

/// The result of a blind close.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseOutcome {
    pub expected: i64,
    pub counted: i64,
    /// counted − expected: positive is over, negative is short.
    pub over_short: i64,
}

impl Shift {
    pub fn open(float: i64) -> Result<Shift, ShiftError> {
        if float < 0 {
            return Err(ShiftError::NegativeFloat);
        }
        Ok(Shift {
            state: ShiftState::Open,
            float,
            cash_in: 0,
            cash_out: 0,
            cash_sales: 0,
        })
    }

    fn require_open(&self) -> Result<(), ShiftError> {
        match self.state {
            ShiftState::Open => Ok(()),
            other => Err(ShiftError::NotOpen(other)),
        }
    }

    /// Cash in or out with a reason.
    pub fn move_cash(
        &mut self,
        kind: CashMove,
        amount: i64,
        reason: &str,
    ) -> Result<(), ShiftError> {
        self.require_open()?;
        if amount <= 0 {
            return Err(ShiftError::NotPositive);
        }
        if reason.trim().is_empty() {
            return Err(ShiftError::NoReason);
        }
        match kind {
            CashMove::In => self.cash_in += amount,
            CashMove::Out => self.cash_out += amount,
        }
        Ok(())
    }

    /// A document's net cash (tendered cash − change).
    pub fn record_cash(&mut self, net: i64) -> Result<(), ShiftError> {
        self.require_open()?;
        self.cash_sales += net;
        Ok(())
    }

    /// Expected cash in the drawer; refused during a blind close.
    pub fn expected_cash(&self) -> Result<i64, ShiftError> {
        if self.state == ShiftState::Closing {
            return Err(ShiftError::BlindCount);
        }
        Ok(self.expected())
    }

    fn expected(&self) -> i64 {
        self.float + self.cash_sales + self.cash_in - self.cash_out
    }

    /// Stops selling on this shift and asks for the count.
    pub fn begin_close(&mut self) -> Result<(), ShiftError> {
        self.require_open()?;
        self.state = ShiftState::Closing;
        Ok(())
    }

    /// Closes with the counted cash and tells over/short.
    pub fn close(&mut self, counted: i64) -> Result<CloseOutcome, ShiftError> {
        if self.state != ShiftState::Closing {
            return Err(ShiftError::NotClosing);
        }
        if counted < 0 {
            return Err(ShiftError::NotPositive);
        }
        self.state = ShiftState::Closed;
        let expected = self.expected();
        Ok(CloseOutcome {
            expected,
            counted,
            over_short: counted - expected,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_with_blind_count() {
        let mut s = Shift::open(10_000).unwrap();
        s.record_cash(2_550).unwrap();
        s.move_cash(CashMove::Out, 1_000, "pago proveedor").unwrap();
        s.move_cash(CashMove::In, 500, "cambio").unwrap();
        assert_eq!(s.expected_cash(), Ok(12_050));
        s.begin_close().unwrap();
        assert_eq!(s.expected_cash(), Err(ShiftError::BlindCount));
        assert!(s.record_cash(100).is_err());
        let out = s.close(12_000).unwrap();
        assert_eq!(out.over_short, -50);
        assert_eq!(s.state, ShiftState::Closed);
        assert!(s.close(1).is_err());
    }

    #[test]
    fn cash_moves_need_a_reason() {
        let mut s = Shift::open(0).unwrap();
        assert_eq!(
            s.move_cash(CashMove::In, 100, " "),
            Err(ShiftError::NoReason)
        );
        assert_eq!(
            s.move_cash(CashMove::In, 0, "x"),
            Err(ShiftError::NotPositive)
        );
    }
}
