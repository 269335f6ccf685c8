//! Money in its own currency, property-tested over EUR (2 decimals), CLP (none) and MXN (2,
//! written `1,234.56`): what is shown is parsed back to the same amount; tenders minus change
//! equal the total plus the cash rounding, with each currency's own cash step; the tax split
//! of a cart reconciles to the unit of the currency; a tender in another currency is refused.

use caja::till::cart::{Cart, ItemSnapshot};
use caja::till::format::{Locale, format_fixed};
use caja::till::money::{Currency, Money, Rounding};
use caja::till::quantity::{Measure, Quantity};
use caja::till::tender::{CashRounding, Payment, Tender, TenderError, TenderKind};
use proptest::prelude::*;

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        Just(Currency::Eur),
        Just(Currency::Clp),
        Just(Currency::Mxn)
    ]
}

/// The cash step where coins stop: 5 cents, 10 pesos in Chile, 50 centavos in Mexico.
fn cash_step(c: Currency) -> i64 {
    match c {
        Currency::Clp => 10,
        Currency::Mxn => 50,
        _ => 5,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn what_is_shown_parses_back_to_the_same_amount(
        c in currency(),
        minor in 0i64..100_000_000_000,
        english in any::<bool>(),
    ) {
        let locale = if english { Locale::en() } else { Locale::es() };
        let shown = format_fixed(minor, c.minor_digits(), locale);
        prop_assert_eq!(Money::parse(&shown, c), Ok(Money::new(minor, c)), "{}", shown);
        // Whole units typed without separators are whole units in any currency.
        let whole = minor / 10i64.pow(c.minor_digits());
        let typed = whole.to_string();
        prop_assert_eq!(
            Money::parse(&typed, c).map(|m| m.minor),
            Ok(whole * 10i64.pow(c.minor_digits()))
        );
    }

    #[test]
    fn tenders_minus_change_equal_the_total_in_every_currency(
        c in currency(),
        total in 1i64..10_000_000,
        split in prop::collection::vec((0u8..3, 1i64..2_000_000), 0..6),
        rounding in any::<bool>(),
    ) {
        let step = cash_step(c);
        let cash_rounding = rounding.then_some(CashRounding { step, rounding: Rounding::HalfUp });
        let money = |minor| Money::new(minor, c);
        let mut p = Payment::new(money(total), cash_rounding);
        for (kind, amount) in split {
            let kind = match kind { 0 => TenderKind::Cash, 1 => TenderKind::Card, _ => TenderKind::Other };
            let amount = if kind == TenderKind::Cash { amount } else { amount.min(p.remaining().minor) };
            if amount > 0 && !p.is_settled() {
                p.add(Tender { kind, amount: money(amount), reference: None }).unwrap();
            }
        }
        if !p.is_settled() {
            let rest = p.remaining_in_cash().minor.max(1);
            p.add(Tender { kind: TenderKind::Cash, amount: money(rest), reference: None }).unwrap();
        }
        let s = p.settlement().unwrap();
        prop_assert_eq!(s.change.currency, c);
        let tendered: i64 = p.tenders.iter().map(|t| t.amount.minor).sum();
        prop_assert_eq!(tendered - s.change.minor, total + s.rounding_adjustment.minor);
        prop_assert!(s.change.minor >= 0);
        prop_assert!(s.rounding_adjustment.minor.abs() <= step / 2);
        if !rounding {
            prop_assert_eq!(s.rounding_adjustment.minor, 0);
        }
        // Another currency is never taken.
        let other = if c == Currency::Eur { Currency::Clp } else { Currency::Eur };
        let mut fresh = Payment::new(money(total), None);
        let foreign = Tender { kind: TenderKind::Cash, amount: Money::new(total, other), reference: None };
        let refused = matches!(fresh.add(foreign), Err(TenderError::OtherCurrency { .. }));
        prop_assert!(refused);
    }

    #[test]
    fn the_tax_split_reconciles_to_the_unit_of_the_currency(
        c in currency(),
        lines in prop::collection::vec((1i64..5_000_000, prop_oneof![Just(2100u32), Just(1000), Just(400), Just(1600), Just(0)], 1i64..20), 1..30),
    ) {
        let mut cart = Cart::new(c);
        for (i, (price, rate, units)) in lines.iter().enumerate() {
            let item = ItemSnapshot {
                product_id: i as i64,
                code: format!("{i}"),
                name: format!("item {i}"),
                tax_rate_bp: *rate,
                unit_price: *price,
                measure: Measure::Unit,
                exemption: None,
            };
            cart.add(item, Quantity::units(*units).unwrap()).unwrap();
        }
        let totals = cart.totals();
        let gross: i64 = totals.taxes.iter().map(|t| t.gross).sum();
        prop_assert_eq!(gross, totals.total);
        for t in &totals.taxes {
            prop_assert_eq!(t.base + t.quota, t.gross);
            // base × (1 + rate) is the gross to within half a unit of the currency.
            let back = t.base as i128 * (10_000 + t.rate_bp as i128);
            let err = (back - t.gross as i128 * 10_000).abs();
            prop_assert!(err <= (10_000 + t.rate_bp as i128) / 2 + 1, "{:?}", t);
        }
    }
}

#[test]
fn a_thousand_typed_in_clp_is_a_thousand_pesos() {
    assert_eq!(
        Money::parse("1000", Currency::Clp),
        Ok(Money::new(1000, Currency::Clp))
    );
    assert_eq!(
        Money::parse("1000", Currency::Eur),
        Ok(Money::new(100_000, Currency::Eur))
    );
    assert_eq!(
        Money::parse("1,234.50", Currency::Mxn),
        Ok(Money::new(123_450, Currency::Mxn))
    );
}
