//! Tenders and settlement: cash with change (and optional rounding to 0.05), card (amount and
//! the terminal's reference only: a card number is refused), other; split in any order.

use super::money::{Currency, Money, Rounding, round_to_step};
use serde::{Deserialize, Serialize};

/// How a customer pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TenderKind {
    Cash,
    Card,
    Other,
}

impl TenderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TenderKind::Cash => "cash",
            TenderKind::Card => "card",
            TenderKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<TenderKind> {
        match text {
            "cash" => Some(TenderKind::Cash),
            "card" => Some(TenderKind::Card),
            "other" => Some(TenderKind::Other),
            _ => None,
        }
    }
}

/// One payment towards a sale, in the sale's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tender {
    pub kind: TenderKind,
    pub amount: Money,
    /// Card: the payment terminal's authorisation reference. Other: a label (voucher, transfer).
    pub reference: Option<String>,
}

/// Cash rounding rule (e.g. to 5 cents where 1 and 2 cent coins are not used; to 10 pesos in
/// Chile). `step` is in the currency's minor units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashRounding {
    pub step: i64,
    pub rounding: Rounding,
}

/// What is wrong with a tender.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenderError {
    #[error("a tender must be a positive amount")]
    NotPositive,
    #[error("a card or other payment cannot be more than what is left to pay ({remaining})")]
    OverpaidNonCash { remaining: i64 },
    #[error("the sale is already paid")]
    AlreadyPaid,
    #[error(
        "that looks like a card number; card numbers are never accepted — type the terminal's authorisation reference instead"
    )]
    CardNumberRefused,
    #[error("a reference has at most 40 letters, digits and - _ / .")]
    BadReference,
    #[error("a tender in {tender} cannot pay a sale in {due}")]
    OtherCurrency { tender: Currency, due: Currency },
}

/// Luhn check, used only to recognise (and refuse) card numbers.
fn luhn_valid(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(*d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// Checks a card or other reference. Any run of 13–19 digits (spaces and dashes ignored) that
/// passes the Luhn check is taken for a card number and refused.
pub fn check_reference(reference: &str) -> Result<(), TenderError> {
    let mut run: Vec<u8> = Vec::new();
    let mut runs: Vec<Vec<u8>> = Vec::new();
    for ch in reference.chars() {
        if let Some(d) = ch.to_digit(10) {
            run.push(d as u8);
        } else if ch == ' ' || ch == '-' {
            continue;
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.push(run);
    for r in &runs {
        for len in 13..=19 {
            if r.len() >= len && r.windows(len).any(luhn_valid) {
                return Err(TenderError::CardNumberRefused);
            }
        }
    }
    let ok = !reference.is_empty()
        && reference.chars().count() <= 40
        && reference
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/. ".contains(c));
    if ok {
        Ok(())
    } else {
        Err(TenderError::BadReference)
    }
}

/// The state of paying a given amount due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub due: Money,
    pub cash_rounding: Option<CashRounding>,
    pub tenders: Vec<Tender>,
}

/// The outcome once the tenders cover what is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// Cash handed back.
    pub change: Money,
    /// Added to the total by cash rounding (may be negative): tenders − change = due + this.
    pub rounding_adjustment: Money,
}

impl Payment {
    pub fn new(due: Money, cash_rounding: Option<CashRounding>) -> Payment {
        Payment {
            due,
            cash_rounding,
            tenders: Vec::new(),
        }
    }

    pub fn currency(&self) -> Currency {
        self.due.currency
    }

    fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency())
    }

    /// The sum of the cash (or the other) tenders, in minor units.
    fn sum(&self, cash: bool) -> i64 {
        self.tenders
            .iter()
            .filter(|t| (t.kind == TenderKind::Cash) == cash)
            .map(|t| t.amount.minor)
            .sum()
    }

    /// What cash must cover once card and other tenders are taken off: exact, and rounded
    /// when cash rounding applies (minor units).
    fn cash_due(&self) -> (i64, i64) {
        let exact = self.due.minor - self.sum(false);
        let rounded = match self.cash_rounding {
            Some(r) if self.sum(true) > 0 || self.tenders.is_empty() => {
                round_to_step(exact, r.step, r.rounding)
            }
            _ => exact,
        };
        (exact, rounded)
    }

    /// Left to pay, exact (before cash rounding).
    pub fn remaining(&self) -> Money {
        self.money((self.due.minor - self.sum(false) - self.sum(true)).max(0))
    }

    /// What a cashier asks for in cash to finish (cash rounding applied).
    pub fn remaining_in_cash(&self) -> Money {
        let exact = self.due.minor - self.sum(false);
        let rounded = match self.cash_rounding {
            Some(r) => round_to_step(exact, r.step, r.rounding),
            None => exact,
        };
        self.money((rounded - self.sum(true)).max(0))
    }

    pub fn is_settled(&self) -> bool {
        self.settlement().is_some()
    }

    pub fn settlement(&self) -> Option<Settlement> {
        let cash = self.sum(true);
        let (exact, rounded) = self.cash_due();
        if exact <= 0 && cash == 0 {
            return Some(Settlement {
                change: self.money(0),
                rounding_adjustment: self.money(0),
            });
        }
        (cash >= rounded).then(|| Settlement {
            change: self.money(cash - rounded),
            rounding_adjustment: self.money(rounded - exact),
        })
    }

    /// Adds a tender. Cash may exceed what is left (change is given); card and other may not;
    /// a tender in another currency is refused.
    pub fn add(&mut self, tender: Tender) -> Result<(), TenderError> {
        if tender.amount.currency != self.currency() {
            return Err(TenderError::OtherCurrency {
                tender: tender.amount.currency,
                due: self.currency(),
            });
        }
        if tender.amount.minor <= 0 {
            return Err(TenderError::NotPositive);
        }
        if self.is_settled() {
            return Err(TenderError::AlreadyPaid);
        }
        if let Some(r) = &tender.reference {
            check_reference(r)?;
        }
        if tender.kind != TenderKind::Cash {
            let remaining = self.remaining().minor;
            if tender.amount.minor > remaining {
                return Err(TenderError::OverpaidNonCash { remaining });
            }
        }
        self.tenders.push(tender);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::Eur)
    }

    fn cash(amount: i64) -> Tender {
        Tender {
            kind: TenderKind::Cash,
            amount: eur(amount),
            reference: None,
        }
    }

    #[test]
    fn cash_with_change() {
        let mut p = Payment::new(eur(1234), None);
        p.add(cash(2000)).unwrap();
        assert_eq!(p.settlement().unwrap().change, eur(766));
        let pesos = Tender {
            kind: TenderKind::Cash,
            amount: Money::new(2000, Currency::Clp),
            reference: None,
        };
        assert!(matches!(
            Payment::new(eur(100), None).add(pesos),
            Err(TenderError::OtherCurrency { .. })
        ));
    }

    #[test]
    fn card_numbers_are_refused() {
        assert_eq!(
            check_reference("4111 1111 1111 1111"),
            Err(TenderError::CardNumberRefused)
        );
        assert_eq!(
            check_reference("REF5500005555555559"),
            Err(TenderError::CardNumberRefused)
        );
        assert_eq!(check_reference("AUTH 123456"), Ok(()));
        assert_eq!(check_reference("RRN 412345678901"), Ok(()));
    }

    #[test]
    fn split_card_then_cash_with_rounding() {
        let mut p = Payment::new(
            eur(1003),
            Some(CashRounding {
                step: 5,
                rounding: Rounding::HalfUp,
            }),
        );
        p.add(Tender {
            kind: TenderKind::Card,
            amount: eur(500),
            reference: Some("A1".into()),
        })
        .unwrap();
        assert_eq!(p.remaining_in_cash(), eur(505));
        p.add(cash(1000)).unwrap();
        let s = p.settlement().unwrap();
        assert_eq!(s.change, eur(495));
        assert_eq!(s.rounding_adjustment, eur(2));
        assert!(p.add(cash(5)).is_err());
    }

    #[test]
    fn card_cannot_overpay() {
        let mut p = Payment::new(eur(1000), None);
        let card = Tender {
            kind: TenderKind::Card,
            amount: eur(1001),
            reference: None,
        };
        assert_eq!(
            p.add(card),
            Err(TenderError::OverpaidNonCash { remaining: 1000 })
        );
    }
}
