//! Property tests of money, tax, cart and tender arithmetic, and of barcode check digits.

use caja::till::barcode::{BarcodeRules, Scan, gs1_check_digit, parse};
use caja::till::cart::{Cart, Discount, ItemSnapshot};
use caja::till::money::{Currency, Money, Rounding, div_round};
use caja::till::quantity::{Measure, Quantity};
use caja::till::tax::split_gross;
use caja::till::tender::{CashRounding, Payment, Tender, TenderKind};
use proptest::prelude::*;

fn item(i: usize, price: i64, rate: u32, measure: Measure) -> ItemSnapshot {
    ItemSnapshot {
        product_id: i as i64,
        code: format!("{i}"),
        name: format!("item {i}"),
        tax_rate_bp: rate,
        unit_price: price,
        measure,
        exemption: None,
    }
}

fn rate() -> impl Strategy<Value = u32> {
    prop_oneof![Just(2100u32), Just(1000), Just(400), Just(0)]
}

fn discount() -> impl Strategy<Value = Option<Discount>> {
    prop_oneof![
        Just(None),
        (0u32..=10_000).prop_map(|bp| Some(Discount::Percent(bp))),
        (1i64..500).prop_map(|a| Some(Discount::Amount(a))),
    ]
}

type LineSpec = (i64, u32, bool, i64, Option<Discount>, bool);

fn line() -> impl Strategy<Value = LineSpec> {
    (
        0i64..50_000,
        rate(),
        any::<bool>(),
        1i64..5_000,
        discount(),
        prop::bool::weighted(0.1),
    )
}

fn build(lines: &[LineSpec], ticket: Option<Discount>) -> Cart {
    let mut cart = Cart::new(Currency::Eur);
    for (i, (price, rate, weighed, qty, disc, void)) in lines.iter().enumerate() {
        let (measure, q) = if *weighed {
            (Measure::Kg, Quantity::grams(*qty).unwrap())
        } else {
            (Measure::Unit, Quantity::units(qty % 20 + 1).unwrap())
        };
        let idx = cart.add(item(i, *price, *rate, measure), q).unwrap();
        if let Some(d) = disc {
            let _ = cart.set_line_discount(idx, Some(*d));
        }
        if *void {
            cart.void_line(idx).unwrap();
        }
    }
    let _ = cart.set_ticket_discount(ticket);
    cart
}

proptest! {
    #[test]
    fn lines_taxes_and_total_reconcile(lines in prop::collection::vec(line(), 0..60), ticket in discount()) {
        let cart = build(&lines, ticket);
        let t = cart.totals();
        let sum_lines: i64 = t.lines.iter().map(|l| l.total).sum();
        let sum_tax: i64 = t.taxes.iter().map(|r| r.base + r.quota).sum();
        let sum_gross: i64 = t.taxes.iter().map(|r| r.gross).sum();
        prop_assert_eq!(sum_lines, t.total);
        prop_assert_eq!(sum_tax, t.total);
        prop_assert_eq!(sum_gross, t.total);
        prop_assert!(t.total >= 0);
        prop_assert!(t.lines.iter().all(|l| l.total >= 0 && l.ticket_discount >= 0));
        let gross: i64 = t.lines.iter().map(|l| l.gross).sum();
        prop_assert_eq!(gross - t.discount_total, t.total);
        for r in &t.taxes {
            // The base is rounded once (half a cent at most), so the quota is the rate applied
            // to the base to within half a cent times (1 + rate).
            let exact = r.base as f64 * f64::from(r.rate_bp) / 10_000.0;
            let tolerance = 0.5 * (1.0 + f64::from(r.rate_bp) / 10_000.0) + 1e-9;
            prop_assert!((r.quota as f64 - exact).abs() <= tolerance, "{r:?}");
        }
    }

    #[test]
    fn tenders_minus_change_equal_the_total(
        total in 1i64..1_000_000,
        split in prop::collection::vec((0u8..3, 1i64..200_000), 0..6),
        rounding in any::<bool>(),
    ) {
        let cash_rounding = rounding.then_some(CashRounding { step: 5, rounding: Rounding::HalfUp });
        let eur = |minor| Money::new(minor, Currency::Eur);
        let mut p = Payment::new(eur(total), cash_rounding);
        for (kind, amount) in split {
            let kind = match kind { 0 => TenderKind::Cash, 1 => TenderKind::Card, _ => TenderKind::Other };
            let amount = if kind == TenderKind::Cash { amount } else { amount.min(p.remaining().minor) };
            if amount > 0 && !p.is_settled() {
                p.add(Tender { kind, amount: eur(amount), reference: None }).unwrap();
            }
        }
        if !p.is_settled() {
            let rest = p.remaining_in_cash().minor;
            p.add(Tender { kind: TenderKind::Cash, amount: eur(rest.max(1)), reference: None }).unwrap();
        }
        let s = p.settlement().unwrap();
        let tendered: i64 = p.tenders.iter().map(|t| t.amount.minor).sum();
        prop_assert_eq!(tendered - s.change.minor, total + s.rounding_adjustment.minor);
        prop_assert!(s.change.minor >= 0);
        prop_assert!(s.rounding_adjustment.minor.abs() <= 2);
        if !rounding {
            prop_assert_eq!(s.rounding_adjustment.minor, 0);
        }
    }

    #[test]
    fn thousand_line_tickets_do_not_drift(price in 1i64..10_000, rate in rate(), qty in 1i64..5) {
        let lines: Vec<LineSpec> = (0..1000).map(|_| (price, rate, false, qty - 1, None, false)).collect();
        let cart = build(&lines, None);
        let t = cart.totals();
        prop_assert_eq!(t.total, price * qty * 1000);
        prop_assert_eq!(t.taxes.len(), 1);
        let r = t.taxes[0];
        // One split per ticket: the base is within half a cent of the exact value.
        let exact = (t.total as f64) * 10_000.0 / (10_000.0 + f64::from(rate));
        prop_assert!((r.base as f64 - exact).abs() <= 0.5);
        prop_assert_eq!(r.base + r.quota, t.total);
    }

    #[test]
    fn split_gross_is_exact_and_symmetric(gross in -10_000_000i64..10_000_000, rate in rate()) {
        let a = split_gross(gross, rate, Rounding::HalfUp);
        let b = split_gross(-gross, rate, Rounding::HalfUp);
        prop_assert_eq!(a.base + a.quota, gross);
        prop_assert_eq!(a.base, -b.base);
    }

    #[test]
    fn div_round_is_within_half(n in -1_000_000_000i128..1_000_000_000, d in 1i128..100_000) {
        for mode in [Rounding::HalfUp, Rounding::HalfEven] {
            let q = div_round(n, d, mode);
            prop_assert!((q * d - n).abs() * 2 <= d);
        }
    }

    #[test]
    fn valid_ean13_parses_and_any_single_digit_error_is_caught(body in 0u64..1_000_000_000_000, pos in 0usize..13, delta in 1u8..10) {
        let text = format!("{body:012}");
        let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
        let code = format!("{text}{}", gs1_check_digit(&digits));
        let rules = BarcodeRules { variable: vec![] };
        prop_assert!(parse(&code, &rules).is_ok());
        let mut bad: Vec<u8> = code.bytes().collect();
        bad[pos] = b'0' + (bad[pos] - b'0' + delta) % 10;
        let bad = String::from_utf8(bad).unwrap();
        prop_assert!(parse(&bad, &rules).is_err(), "{bad} passed");
    }

    #[test]
    fn weight_labels_carry_grams(item in 0u32..100_000, grams in 1i64..100_000) {
        let body = format!("21{item:05}{grams:05}");
        let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
        let code = format!("{body}{}", gs1_check_digit(&digits));
        match parse(&code, &BarcodeRules::default()).unwrap() {
            Scan::Variable { item_key, amount, .. } => {
                prop_assert_eq!(item_key, format!("21{item:05}"));
                prop_assert_eq!(amount, grams);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }
}
