//! The back office's rules on a real encrypted store: tax rates dated from a day (a change never
//! touches a past ticket), tax classes, and the store's identity.

use crate::support::{Sandbox, start_time};
use caja::app::demo::demo_ean;
use caja::app::selling::PaymentProgress;
use caja::store::StoreError;
use caja::store::taxes::Author;
use caja::till::tax::DatedRate;
use chrono::Duration;

fn sell_one(till: &mut caja::app::Till<caja::app::ManualClock>, code: &str) -> String {
    till.scan(code).unwrap();
    till.start_payment().unwrap();
    match till.pay_exact_cash().unwrap() {
        PaymentProgress::Done(c) => c.number,
        other => panic!("not paid: {other:?}"),
    }
}

#[test]
fn a_rate_change_dated_tomorrow_leaves_todays_tickets_at_todays_rate() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    let today = start_time().date_naive();
    let code = (0..40)
        .map(demo_ean)
        .find(|c| {
            till.store()
                .product_by_code(c, today)
                .unwrap()
                .unwrap()
                .tax_class
                == "reducido"
        })
        .expect("a demo product in the reduced class");
    let tomorrow = today + Duration::days(1);
    let who = Author {
        terminal: "T01",
        user_id: None,
        at: "2026-03-02T10:00:00.000+01:00",
    };
    // A day already past keeps its rate: a change cannot start before today.
    let past = DatedRate {
        from: today - Duration::days(1),
        rate_bp: 500,
        recargo_bp: 0,
    };
    assert!(matches!(
        till.store().add_tax_rate("reducido", past, today, &who),
        Err(StoreError::RateInThePast { .. })
    ));
    let cut = DatedRate {
        from: tomorrow,
        rate_bp: 500,
        recargo_bp: 60,
    };
    till.store()
        .add_tax_rate("reducido", cut, today, &who)
        .unwrap();

    till.login("1111").unwrap();
    let before = sell_one(&mut till, &code);
    // Past midnight: the shop's next day.
    till.clock().advance(Duration::hours(15));
    till.login("1111").unwrap();
    let after = sell_one(&mut till, &code);

    let rate_of = |number: &str| {
        let doc = till.store().document_by_number(number).unwrap().unwrap();
        (doc.lines[0].tax_rate_bp, doc.taxes[0].rate_bp)
    };
    assert_eq!(rate_of(&before), (1000, 1000), "today's ticket");
    assert_eq!(rate_of(&after), (500, 500), "tomorrow's ticket");
    // The first ticket was not touched by the change.
    assert_eq!(rate_of(&before), (1000, 1000));
    let class = till
        .store()
        .tax_classes()
        .unwrap()
        .into_iter()
        .find(|c| c.code == "reducido")
        .unwrap();
    assert_eq!(class.in_force(today).map(|r| r.rate_bp), Some(1000));
    assert_eq!(class.in_force(tomorrow).map(|r| r.rate_bp), Some(500));
    let events: Vec<String> = till
        .store()
        .audit_tail(50)
        .unwrap()
        .into_iter()
        .map(|r| r.event)
        .collect();
    assert!(events.contains(&"tax_rate".to_string()), "{events:?}");
}
