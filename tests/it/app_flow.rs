//! The sale lifecycle through the application service on a real encrypted store: login and
//! lockout, overrides, weighed items, quantities, discounts, payment, park/recall across a
//! restart, returns, no-sale, shifts with blind close and Z reports.

use crate::support::{Sandbox, start_time};
use caja::app::demo::{demo_ean, weight_label};
use caja::app::returns::ReturnRequest;
use caja::app::selling::PaymentProgress;
use caja::app::{AppError, Approval};
use caja::till::cart::Discount;
use caja::till::shift::CashMove;
use caja::till::tender::{Tender, TenderKind};
use chrono::Duration;

fn paid(p: PaymentProgress) -> caja::app::selling::Committed {
    match p {
        PaymentProgress::Done(c) => c,
        other => panic!("not paid: {other:?}"),
    }
}

fn events(till: &caja::app::Till<caja::app::ManualClock>) -> Vec<String> {
    till.store()
        .audit_tail(1000)
        .unwrap()
        .into_iter()
        .rev()
        .map(|r| r.event)
        .collect()
}

/// Euros in cents, as tenders and commands carry them.
fn eur(minor: i64) -> caja::till::money::Money {
    caja::till::money::Money::new(minor, caja::till::money::Currency::Eur)
}

#[test]
fn a_full_sale_with_weight_quantity_discount_and_change() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    assert!(matches!(
        till.scan(&demo_ean(0)),
        Err(AppError::NotLoggedIn)
    ));
    let user = till.login("1111").unwrap();
    assert_eq!(user.name, "Lucía");

    // Leche entera 1,05 €
    let s = till.scan(&demo_ean(2)).unwrap();
    assert_eq!((s.name.as_str(), s.line_total), ("Leche entera 1 L", 105));
    // 1,250 kg of plátanos at 2,49 €/kg from a GS1 weight label = 3,1125 → 3,11 €
    let s = till.scan(&weight_label(0, 1250)).unwrap();
    assert_eq!(s.quantity.milli, 1250);
    assert_eq!(s.line_total, 311);
    // 3* then a can of cola at 0,79 € = 2,37 €
    till.set_pending_units(Some(3)).unwrap();
    let s = till.scan(&demo_ean(36)).unwrap();
    assert_eq!((s.quantity.milli, s.line_total), (3000, 237));
    assert_eq!(till.pending_units(), None);

    // A weighed product scanned by its plain PLU needs a weight.
    assert!(matches!(till.scan("101"), Err(AppError::NeedsWeight(_))));
    // Unknown and invalid codes are errors, never silent lines.
    assert!(matches!(
        till.scan("8437000000999"),
        Err(AppError::Barcode(_))
    ));
    assert!(matches!(
        till.scan("4006381333931"),
        Err(AppError::UnknownCode(_))
    ));
    assert_eq!(till.cart().lines.len(), 3);

    // A cashier's 10 % discount needs a manager; the override is audited.
    assert!(matches!(
        till.set_line_discount(2, Some(Discount::Percent(1000)), Approval::Own),
        Err(AppError::NeedsApproval(
            caja::till::permission::Permission::LineDiscount
        ))
    ));
    assert!(matches!(
        till.set_line_discount(
            2,
            Some(Discount::Percent(1000)),
            Approval::ManagerPin("1111")
        ),
        Err(AppError::ApprovalRefused)
    ));
    till.set_line_discount(
        2,
        Some(Discount::Percent(1000)),
        Approval::ManagerPin("9999"),
    )
    .unwrap();
    let totals = till.totals();
    assert_eq!(totals.lines[2].total, 213); // 2,37 − 0,24
    assert_eq!(totals.total, 105 + 311 + 213);
    let ev = events(&till);
    assert!(
        ev.ends_with(&["override".to_string(), "line_discount".to_string()]),
        "{ev:?}"
    );

    // Pay 10 € cash: change 3,71 €.
    till.start_payment().unwrap();
    assert!(matches!(till.scan(&demo_ean(0)), Err(AppError::Paying)));
    let sale = paid(
        till.tender(Tender {
            kind: TenderKind::Cash,
            amount: eur(1000),
            reference: None,
        })
        .unwrap(),
    );
    // Numbered in the series of this store's terminal: CODE-T01-…
    let code = till.store().identity().code.clone();
    assert_eq!(code.len(), 4);
    assert_eq!(sale.number, format!("{code}-T01-000001"));
    assert_eq!(sale.change, eur(1000 - 629));
    assert!(till.cart().is_empty(), "ready for the next customer");

    // The next sale gets the next number; the day report shows both.
    till.scan(&demo_ean(0)).unwrap();
    let second = paid(till.pay_exact_cash().unwrap());
    assert_eq!(second.number, format!("{code}-T01-000002"));
    let (day, report) = till.day_report(None).unwrap();
    assert_eq!(day, "2026-03-02");
    assert_eq!(report.sales_count, 2);
    assert_eq!(report.net_total, 629 + 65);
    assert!(report.reconciles(), "{report:?}");

    // Stock moved in the same transaction.
    let p = till
        .store()
        .product_by_code(&demo_ean(36), crate::support::start_time().date_naive())
        .unwrap()
        .unwrap();
    assert_eq!(p.stock_milli, 50_000 - 3_000);
    let doc = till
        .store()
        .document_by_number(&format!("{code}-T01-000001"))
        .unwrap()
        .unwrap();
    assert_eq!(doc.lines[1].measure, caja::till::quantity::Measure::Kg);
}

#[test]
fn split_tender_card_then_cash_and_card_numbers_refused() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    till.scan(&demo_ean(7)).unwrap(); // aceite 8,95
    till.start_payment().unwrap();
    let card_number = Tender {
        kind: TenderKind::Card,
        amount: eur(500),
        reference: Some("4111111111111111".into()),
    };
    assert!(matches!(
        till.tender(card_number),
        Err(AppError::Tender(
            caja::till::tender::TenderError::CardNumberRefused
        ))
    ));
    let p = till
        .tender(Tender {
            kind: TenderKind::Card,
            amount: eur(500),
            reference: Some("AUTH 0042".into()),
        })
        .unwrap();
    assert_eq!(
        p,
        PaymentProgress::Remaining {
            exact: eur(395),
            in_cash: eur(395)
        }
    );
    assert!(matches!(
        till.cancel_payment(),
        Err(AppError::CardAlreadyTaken)
    ));
    let sale = paid(
        till.tender(Tender {
            kind: TenderKind::Cash,
            amount: eur(500),
            reference: None,
        })
        .unwrap(),
    );
    assert_eq!(sale.change, eur(105));
    let doc = till
        .store()
        .document_by_number(&sale.number)
        .unwrap()
        .unwrap();
    assert_eq!(doc.tenders.len(), 2);
    assert_eq!(doc.tenders[0].reference.as_deref(), Some("AUTH 0042"));
    // No card number anywhere in the database.
    let found: i64 = till
        .store()
        .connection()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE detail LIKE '%4111111111111111%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(found, 0);
}

#[test]
fn cash_rounding_to_five_cents_is_recorded() {
    let sb = Sandbox::new();
    let settings = caja::config::TillSettings {
        cash_rounding: Some(caja::till::tender::CashRounding {
            step: 5,
            rounding: caja::till::money::Rounding::HalfUp,
        }),
        ..Default::default()
    };
    let mut till = sb.demo_till_with(settings);
    till.login("1111").unwrap();
    till.scan(&demo_ean(3)).unwrap(); // 0,99
    let sale = paid(till.pay_exact_cash().unwrap());
    let doc = till
        .store()
        .document_by_number(&sale.number)
        .unwrap()
        .unwrap();
    assert_eq!(doc.total, 99);
    assert_eq!(doc.rounding, 1);
    assert_eq!(doc.tenders[0].amount, eur(100));
    assert!(till.store().check().unwrap().problems.is_empty());
}

#[test]
fn lockout_after_ten_wrong_pins_for_thirty_minutes() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    for i in 1..10 {
        match till.login("0000") {
            Err(AppError::WrongPin { attempts_left }) => assert_eq!(attempts_left, 10 - i),
            other => panic!("{other:?}"),
        }
    }
    assert!(matches!(
        till.login("0001"),
        Err(AppError::Locked {
            minutes_left: 30,
            ..
        })
    ));
    // Even the right PIN is refused while locked.
    assert!(matches!(till.login("1111"), Err(AppError::Locked { .. })));
    till.clock().advance(Duration::minutes(29));
    assert!(matches!(
        till.login("1111"),
        Err(AppError::Locked {
            minutes_left: 1,
            ..
        })
    ));
    till.clock()
        .advance(Duration::minutes(1) + Duration::seconds(1));
    assert_eq!(till.login("1111").unwrap().name, "Lucía");
    let ev = events(&till);
    assert_eq!(ev.iter().filter(|e| *e == "login_failed").count(), 10);
    assert_eq!(ev.iter().filter(|e| *e == "lockout").count(), 1);
    assert_eq!(ev.last().map(String::as_str), Some("login_ok"));
}

#[test]
fn a_manager_lifts_a_lockout_early_and_a_cashier_cannot() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    for _ in 0..10 {
        assert!(till.login("4321").is_err(), "4321 is no demo PIN");
    }
    assert!(matches!(till.login("1111"), Err(AppError::Locked { .. })));
    assert!(matches!(
        till.unlock_login("1111"),
        Err(AppError::ApprovalRefused)
    ));
    assert_eq!(till.unlock_login("9999").unwrap().name, "Marta");
    assert_eq!(till.login("1111").unwrap().name, "Lucía");
    // The lockout lives in the store: a restart does not lift it.
    for _ in 0..10 {
        assert!(till.login("4321").is_err(), "4321 is no demo PIN");
    }
    drop(till);
    let mut again = sb.reopen_till(start_time() + Duration::minutes(5));
    assert!(matches!(again.login("1111"), Err(AppError::Locked { .. })));
    // Three wrong unlock attempts, then only time unlocks.
    for _ in 0..3 {
        assert!(matches!(
            again.unlock_login("5555"),
            Err(AppError::ApprovalRefused)
        ));
    }
    assert!(matches!(
        again.unlock_login("9999"),
        Err(AppError::Locked { .. })
    ));
}

#[test]
fn idle_lock_keeps_the_open_sale() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till(); // idle lock 300 s by default
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.clock().advance(Duration::seconds(299));
    till.scan(&demo_ean(1)).unwrap();
    till.clock().advance(Duration::seconds(301));
    assert!(matches!(
        till.scan(&demo_ean(2)),
        Err(AppError::NotLoggedIn)
    ));
    assert!(till.session().is_none());
    assert_eq!(till.cart().lines.len(), 2);
    till.login("1111").unwrap();
    till.scan(&demo_ean(2)).unwrap();
    assert_eq!(till.cart().lines.len(), 3);
    assert!(events(&till).contains(&"idle_lock".to_string()));
}

#[test]
fn void_price_override_and_ticket_discount_are_audited() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    till.scan(&demo_ean(40)).unwrap(); // vino 5,95
    till.scan(&demo_ean(41)).unwrap(); // vino blanco 4,75
    till.scan(&demo_ean(0)).unwrap(); // pan 0,65
    till.void_line(2, Approval::Own).unwrap(); // cashiers may void open lines
    assert!(matches!(
        till.void_line(2, Approval::Own),
        Err(AppError::Cart(_))
    ));
    assert!(matches!(
        till.override_price(0, eur(500), Approval::Own),
        Err(AppError::NeedsApproval(_))
    ));
    till.override_price(0, eur(500), Approval::ManagerPin("9999"))
        .unwrap();
    till.set_ticket_discount(Some(Discount::Amount(75)), Approval::ManagerPin("9999"))
        .unwrap();
    let t = till.totals();
    assert_eq!(t.total, 500 + 475 - 75);
    assert_eq!(t.lines.iter().map(|l| l.ticket_discount).sum::<i64>(), 75);
    let sale = paid(till.pay_exact_cash().unwrap());
    let doc = till
        .store()
        .document_by_number(&sale.number)
        .unwrap()
        .unwrap();
    assert_eq!(doc.lines.len(), 2, "the voided line is not sold");
    assert!(doc.lines[0].price_overridden);
    assert_eq!(doc.discount_total, 75);
    let ev = events(&till);
    for e in [
        "void_line",
        "price_override",
        "ticket_discount",
        "override",
        "sale",
    ] {
        assert!(ev.contains(&e.to_string()), "{e} missing from {ev:?}");
    }
    // The audit row of the price override says what changed.
    let row = till
        .store()
        .audit_tail(100)
        .unwrap()
        .into_iter()
        .find(|r| r.event == "price_override")
        .unwrap();
    assert!(row.detail.contains("\"old_price\":595") && row.detail.contains("\"new_price\":500"));
}

#[test]
fn park_and_recall_several_sales_across_a_restart() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.park("Señora del abrigo rojo").unwrap();
    assert!(till.cart().is_empty());
    till.scan(&demo_ean(1)).unwrap();
    till.scan(&demo_ean(2)).unwrap();
    till.park("").unwrap();
    assert!(matches!(till.park(""), Err(AppError::EmptySale)));
    drop(till);

    let mut till = sb.reopen_till(start_time() + Duration::minutes(10));
    till.login("1111").unwrap();
    let parked = till.parked().unwrap();
    assert_eq!(parked.len(), 2);
    assert_eq!(parked[0].label, "Señora del abrigo rojo");
    assert!(parked[1].label.starts_with("Lucía"));
    till.scan(&demo_ean(5)).unwrap();
    assert!(matches!(
        till.recall(parked[1].id),
        Err(AppError::SaleInProgress)
    ));
    paid(till.pay_exact_cash().unwrap());
    till.recall(parked[1].id).unwrap();
    assert_eq!(till.cart().lines.len(), 2);
    assert!(matches!(
        till.recall(parked[1].id),
        Err(AppError::SaleInProgress)
    ));
    paid(till.pay_exact_cash().unwrap());
    assert!(matches!(
        till.recall(parked[1].id),
        Err(AppError::ParkedNotFound)
    ));
    assert_eq!(till.parked().unwrap().len(), 1);
}

#[test]
fn returns_reference_the_original_and_never_exceed_it() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    till.set_pending_units(Some(3)).unwrap();
    till.scan(&demo_ean(19)).unwrap(); // atún 3,15 × 3 = 9,45
    till.scan(&weight_label(1, 1000)).unwrap(); // 1 kg manzanas 1,99
    till.set_ticket_discount(Some(Discount::Percent(1000)), Approval::ManagerPin("9999"))
        .unwrap();
    let sale = paid(till.pay_exact_cash().unwrap());
    let original = till
        .store()
        .document_by_number(&sale.number)
        .unwrap()
        .unwrap();
    let line1_total = original.lines[0].total;

    let receipt = till.find_receipt(&sale.number).unwrap();
    assert_eq!(receipt.lines[0].returnable_milli, 3000);
    let req = |lines: Vec<(i64, i64)>, reason: &str| ReturnRequest {
        original: sale.number.clone(),
        lines,
        reason: reason.into(),
        refund_kind: TenderKind::Cash,
        reference: None,
    };
    // A cashier needs a manager, and a reason.
    assert!(matches!(
        till.refund(&req(vec![(1, 1000)], "roto"), Approval::Own),
        Err(AppError::NeedsApproval(
            caja::till::permission::Permission::Refund
        ))
    ));
    assert!(matches!(
        till.refund(&req(vec![(1, 1000)], " "), Approval::ManagerPin("9999")),
        Err(AppError::ReasonRequired)
    ));
    assert!(matches!(
        till.refund(&req(vec![(1, 4000)], "roto"), Approval::ManagerPin("9999")),
        Err(AppError::ReturnTooMuch { line: 1, .. })
    ));
    // Return the three tins one at a time: the refunds add up exactly to what was paid.
    let mut refunded = 0;
    for k in 0..3 {
        let r = till
            .refund(
                &req(vec![(1, 1000)], "lata abollada"),
                Approval::ManagerPin("9999"),
            )
            .unwrap();
        let code = &till.store().identity().code;
        assert_eq!(r.number, format!("{code}-T01R-{:06}", k + 1));
        refunded -= r.total.minor;
    }
    assert_eq!(refunded, line1_total);
    assert!(matches!(
        till.refund(&req(vec![(1, 1000)], "otra"), Approval::ManagerPin("9999")),
        Err(AppError::ReturnTooMuch { line: 1, .. })
    ));
    // Half of the apples by weight.
    let r = till
        .refund(
            &req(vec![(2, 500)], "mal estado"),
            Approval::ManagerPin("9999"),
        )
        .unwrap();
    let ret = till.store().document_by_number(&r.number).unwrap().unwrap();
    assert_eq!(ret.ref_document_id, Some(original.id));
    assert_eq!(ret.lines[0].qty_milli, -500);
    assert_eq!(ret.lines[0].ref_line_no, Some(2));
    assert_eq!(ret.reason.as_deref(), Some("mal estado"));
    assert!(ret.approved_by.is_some());
    assert!(ret.total < 0 && ret.taxes.iter().map(|t| t.base + t.quota).sum::<i64>() == ret.total);
    // Returns of a return are refused; unknown numbers are clear errors.
    assert!(matches!(
        till.find_receipt(&r.number),
        Err(AppError::NotASale(_))
    ));
    assert!(matches!(
        till.find_receipt("T01-009999"),
        Err(AppError::UnknownDocument(_))
    ));
    let (_, day) = till.day_report(None).unwrap();
    assert_eq!(day.returns_count, 4);
    assert_eq!(day.net_total, sale.total.minor + day.returns_total);
    assert!(day.reconciles(), "{day:?}");
    assert!(till.store().check().unwrap().problems.is_empty());
    // Stock came back.
    let p = till
        .store()
        .product_by_code(&demo_ean(19), crate::support::start_time().date_naive())
        .unwrap()
        .unwrap();
    assert_eq!(p.stock_milli, 50_000);
}

#[test]
fn shift_cash_moves_no_sale_blind_close_and_z_reports() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    till.scan(&demo_ean(7)).unwrap(); // 8,95
    till.start_payment().unwrap();
    paid(
        till.tender(Tender {
            kind: TenderKind::Cash,
            amount: eur(2000),
            reference: None,
        })
        .unwrap(),
    );
    till.scan(&demo_ean(0)).unwrap(); // 0,65 by card
    till.start_payment().unwrap();
    paid(
        till.tender(Tender {
            kind: TenderKind::Card,
            amount: eur(65),
            reference: Some("A1".into()),
        })
        .unwrap(),
    );
    till.cash_movement(CashMove::Out, 500, "pago al repartidor", Approval::Own)
        .unwrap();
    till.cash_movement(CashMove::In, 200, "cambio del banco", Approval::Own)
        .unwrap();
    assert!(matches!(
        till.no_sale("", Approval::Own),
        Err(AppError::ReasonRequired)
    ));
    till.no_sale("cambiar billete", Approval::Own).unwrap();

    let x = till.x_report().unwrap();
    assert_eq!(x.z_number, None);
    assert_eq!(x.sales.sales_count, 2);
    assert_eq!(x.cash.expected, Some(10_000 + 895 - 500 + 200));
    assert_eq!(x.no_sales, 1);

    till.begin_close_shift().unwrap();
    assert!(matches!(
        till.scan(&demo_ean(0)),
        Err(AppError::ShiftClosing)
    ));
    let (record, shift) = till.shift().unwrap().unwrap();
    assert_eq!(record.state, caja::till::shift::ShiftState::Closing);
    assert!(shift.expected_cash().is_err(), "blind count");
    let (outcome, z) = till.close_shift(10_590).unwrap();
    assert_eq!(outcome.expected, 10_595);
    assert_eq!(outcome.over_short, -5);
    assert_eq!(z.z_number, Some(1));
    assert!(z.sales.reconciles());
    assert!(matches!(
        till.scan(&demo_ean(0)),
        Err(AppError::NoOpenShift)
    ));

    // A cashier cannot take Z reports by hand but closing the next shift numbers Z2.
    till.open_shift(5_000).unwrap();
    till.begin_close_shift().unwrap();
    let (_, z2) = till.close_shift(5_000).unwrap();
    assert_eq!(z2.z_number, Some(2));
    let stored = till.store().z_report_json("T01", 1).unwrap().unwrap();
    assert!(stored.contains("\"z_number\":1"));
    let err = till
        .store()
        .connection()
        .execute("UPDATE z_reports SET report_json = '{}'", [])
        .unwrap_err();
    assert!(err.to_string().contains("immutable"));
    let ev = events(&till);
    for e in [
        "shift_open",
        "cash_out",
        "cash_in",
        "no_sale",
        "shift_closing",
        "shift_close",
    ] {
        assert!(ev.contains(&e.to_string()), "{e} missing");
    }
    assert!(till.store().check().unwrap().problems.is_empty());
}

#[test]
fn pins_are_unique_and_never_stored_in_clear() {
    let sb = Sandbox::new();
    let till = sb.demo_till();
    let err = till
        .store()
        .add_user("Otro", caja::till::permission::Role::Cashier, "1111")
        .unwrap_err();
    assert!(err.to_string().contains("already used"));
    assert!(
        till.store()
            .add_user("Corto", caja::till::permission::Role::Cashier, "12")
            .is_err()
    );
    let hashes: Vec<String> = {
        let conn = till.store().connection();
        let mut stmt = conn
            .prepare("SELECT pin_hash || pin_tag FROM users")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(hashes.len(), 3, "the demo's three users");
    assert!(
        hashes
            .iter()
            .all(|h| h.starts_with("argon2id$") && !h.contains("$1111"))
    );
}
