//! Stock on a real encrypted store: the ledger's balance is the sum of its movements whatever
//! happens (sales and returns at the till, goods receipts, adjustments, counts — a property
//! test), a count during which the till sells gives the right variance, a goods receipt killed
//! with SIGKILL while it is posted is posted whole or not at all, and the CLI does it all.

use crate::support::Sandbox;
use caja::app::demo::demo_ean;
use caja::app::returns::ReturnRequest;
use caja::app::selling::PaymentProgress;
use caja::app::{Approval, ManualClock, Till};
use caja::store::Store;
use caja::store::goods_receipts::{NewSupplier, ReceiptDraft, ReceiptLine};
use caja::store::stock_count::{Tally, Uncounted};
use caja::store::taxes::Author;
use caja::till::stock::StockReason;
use caja::till::tender::TenderKind;
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn who(user: i64) -> Author<'static> {
    Author {
        terminal: "T01",
        user_id: Some(user),
        at: "2026-03-02T10:00:00.000+01:00",
    }
}

fn sell(till: &mut Till<ManualClock>, product: usize, units: i64) -> String {
    till.set_pending_units(Some(units)).unwrap();
    till.scan(&demo_ean(product)).unwrap();
    match till.pay_exact_cash().unwrap() {
        PaymentProgress::Done(c) => c.number,
        other => panic!("not paid: {other:?}"),
    }
}

fn product_id(store: &Store, product: usize) -> i64 {
    store
        .stock_item_by_code(&demo_ean(product))
        .unwrap()
        .product_id
}

fn stock(store: &Store, product: usize) -> i64 {
    store
        .stock_item_by_code(&demo_ean(product))
        .unwrap()
        .stock_milli
}

/// The ledger read back oldest first: every balance is the running sum of the quantities, and
/// the last one is the product's stock.
fn assert_ledger_adds_up(store: &Store, product: usize) {
    let id = product_id(store, product);
    let mut rows = store.stock_ledger(id, usize::MAX).unwrap();
    rows.reverse();
    assert_eq!(rows[0].reason, StockReason::Opening, "{rows:?}");
    let mut running = 0;
    for r in &rows {
        running += r.qty_milli;
        assert_eq!(r.balance_milli, running, "movement #{}", r.id);
    }
    assert_eq!(running, stock(store, product));
}

#[derive(Clone, Debug)]
enum Op {
    Sale {
        product: usize,
        units: i64,
    },
    ReturnLast,
    Receipt {
        product: usize,
        units: i64,
        cost: i64,
    },
    Adjust {
        product: usize,
        milli: i64,
    },
    Count {
        product: usize,
        units: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    // Four unit products of the demo catalog.
    let product = 0usize..4;
    prop_oneof![
        4 => (product.clone(), 1i64..4).prop_map(|(product, units)| Op::Sale { product, units }),
        1 => Just(Op::ReturnLast),
        2 => (product.clone(), 1i64..30, 0i64..500)
            .prop_map(|(product, units, cost)| Op::Receipt { product, units, cost }),
        2 => (product.clone(), -5i64..5)
            .prop_filter("moves", |(_, u)| *u != 0)
            .prop_map(|(product, u)| Op::Adjust { product, milli: u * 1000 }),
        1 => (product, 0i64..80).prop_map(|(product, units)| Op::Count { product, units }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn the_balance_is_the_sum_of_the_movements_whatever_happens(
        ops in prop::collection::vec(op(), 1..25)
    ) {
        let sb = Sandbox::new();
        let mut till = sb.demo_till();
        till.login("1111").unwrap();
        let supplier = till.store().add_supplier(
            &NewSupplier { name: "Distribuciones Norte".into(), ..Default::default() },
            &who(2),
        ).unwrap();
        let mut expected: Vec<i64> = (0..4).map(|p| stock(till.store(), p)).collect();
        let mut last_sale: Option<(String, usize)> = None;
        for (n, op) in ops.iter().enumerate() {
            match op.clone() {
                Op::Sale { product, units } => {
                    let number = sell(&mut till, product, units);
                    expected[product] -= units * 1000;
                    last_sale = Some((number, product));
                }
                Op::ReturnLast => {
                    let Some((number, product)) = last_sale.take() else { continue };
                    till.refund(
                        &ReturnRequest {
                            original: number,
                            lines: vec![(1, 1000)],
                            reason: "defectuoso".into(),
                            refund_kind: TenderKind::Cash,
                            reference: None,
                        },
                        Approval::ManagerPin("9999"),
                    ).unwrap();
                    expected[product] += 1000;
                }
                Op::Receipt { product, units, cost } => {
                    let store = till.store();
                    let id = store.save_receipt(None, &ReceiptDraft {
                        supplier_id: supplier,
                        delivery_note: format!("A-{n}"),
                        lines: vec![ReceiptLine {
                            product_id: product_id(store, product),
                            qty_milli: units * 1000,
                            unit_cost: cost,
                        }],
                    }, &who(2)).unwrap();
                    store.post_receipt(id, &who(2)).unwrap();
                    expected[product] += units * 1000;
                }
                Op::Adjust { product, milli } => {
                    let store = till.store();
                    let reason = if milli < 0 { StockReason::Waste } else { StockReason::Correction };
                    store.adjust_stock(product_id(store, product), milli, reason, None, &who(2))
                        .unwrap();
                    expected[product] += milli;
                }
                Op::Count { product, units } => {
                    let store = till.store();
                    let count = store.start_count(None, &who(2)).unwrap();
                    store.count_scan(count, product_id(store, product), units * 1000, Tally::Set,
                        &who(1)).unwrap();
                    store.apply_count(count, Uncounted::Keep, &who(2)).unwrap();
                    expected[product] = units * 1000;
                }
            }
        }
        let store = till.store();
        for (p, want) in expected.iter().enumerate() {
            prop_assert_eq!(stock(store, p), *want, "product {}", p);
            assert_ledger_adds_up(store, p);
        }
        prop_assert!(store.stock_disagreements().unwrap().is_empty());
        prop_assert!(store.check().unwrap().problems.is_empty(), "{:?}", store.check().unwrap());
    }
}

#[test]
fn a_count_during_which_the_till_sells_gives_the_right_variance() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    let opening = stock(till.store(), 0);
    let count = till.store().start_count(None, &who(2)).unwrap();
    // Sold before the shelf is counted: in the count's expected quantity.
    sell(&mut till, 0, 2);
    let a = product_id(till.store(), 0);
    // Two places on the shelf: 40 and 5; blind — the scan says what was counted only.
    assert_eq!(
        till.store()
            .count_scan(count, a, 40_000, Tally::Add, &who(1))
            .unwrap(),
        40_000
    );
    // Sold after the first scan: the stock moves on, the count's expectation does not.
    sell(&mut till, 0, 1);
    assert_eq!(
        till.store()
            .count_scan(count, a, 5_000, Tally::Add, &who(1))
            .unwrap(),
        45_000
    );
    // Another product of the scope, counted right, and one nobody counted.
    let b = product_id(till.store(), 1);
    let b_stock = stock(till.store(), 1);
    till.store()
        .count_scan(count, b, b_stock, Tally::Set, &who(1))
        .unwrap();
    let report = till.store().count_report(count).unwrap();
    let line = |id: i64| report.lines.iter().find(|l| l.product_id == id).unwrap();
    assert_eq!(line(a).expected_milli, opening - 2_000);
    assert_eq!(line(a).variance_milli, 45_000 - (opening - 2_000));
    assert_eq!(line(b).variance_milli, 0);
    let c = product_id(till.store(), 2);
    assert!(line(c).uncounted);
    assert_eq!(line(c).variance_milli, -stock(till.store(), 2));
    // Applied: the shelf's 45 less the one sold after counting; the uncounted kept.
    let c_before = stock(till.store(), 2);
    let applied = till
        .store()
        .apply_count(count, Uncounted::Keep, &who(2))
        .unwrap();
    assert_eq!(applied.count.state, "applied");
    assert_eq!(stock(till.store(), 0), 45_000 - 1_000);
    assert_eq!(stock(till.store(), 2), c_before);
    assert_ledger_adds_up(till.store(), 0);
    let newest = &till.store().stock_ledger(a, 1).unwrap()[0];
    assert_eq!(
        (newest.reason, newest.ref_id),
        (StockReason::Count, Some(count))
    );
    // A closed count takes no more scans.
    assert!(
        till.store()
            .count_scan(count, a, 1_000, Tally::Add, &who(1))
            .is_err()
    );
}

#[test]
fn selling_below_zero_is_allowed_and_flagged() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    let a = product_id(till.store(), 3);
    let all = stock(till.store(), 3);
    till.store()
        .adjust_stock(a, -all, StockReason::Correction, Some("recount"), &who(2))
        .unwrap();
    sell(&mut till, 3, 2);
    assert_eq!(stock(till.store(), 3), -2_000);
    let newest = &till.store().stock_ledger(a, 1).unwrap()[0];
    assert!(newest.below_zero());
    assert_eq!(newest.reason, StockReason::Sale);
    assert_eq!(newest.user.as_deref(), Some("Lucía"));
    assert!(newest.document.is_some());
    let low = till.store().low_stock().unwrap();
    assert!(low.iter().any(|i| i.product_id == a), "{low:?}");
}

#[test]
fn a_goods_receipt_moves_stock_and_the_average_cost_once() {
    let sb = Sandbox::new();
    let store = {
        sb.ok(&["seed-demo"]);
        sb.open_store()
    };
    let a = product_id(&store, 0);
    let before = store.stock_item(a).unwrap();
    let supplier = store
        .add_supplier(
            &NewSupplier {
                name: "Cash Martínez".into(),
                tax_id: Some("B12345674".into()),
                contact: Some("600 000 000".into()),
            },
            &who(2),
        )
        .unwrap();
    let draft = ReceiptDraft {
        supplier_id: supplier,
        delivery_note: "ALB-2026-0042".into(),
        lines: vec![ReceiptLine {
            product_id: a,
            qty_milli: 10_000,
            unit_cost: 200,
        }],
    };
    // A draft moves nothing and can be changed.
    let id = store.save_receipt(None, &draft, &who(2)).unwrap();
    assert_eq!(store.stock_item(a).unwrap().stock_milli, before.stock_milli);
    let mut changed = draft.clone();
    changed.lines[0].qty_milli = 20_000;
    store.save_receipt(Some(id), &changed, &who(2)).unwrap();
    let posted = store.post_receipt(id, &who(2)).unwrap();
    assert_eq!(posted.state, "posted");
    assert_eq!(posted.value(), 4_000);
    let after = store.stock_item(a).unwrap();
    assert_eq!(after.stock_milli, before.stock_milli + 20_000);
    assert_eq!(after.supplier.as_deref(), Some("Cash Martínez"));
    // The stock on hand at its cost, averaged with the delivery's.
    let average = caja::till::stock::average_cost(before.stock_milli, before.cost, 20_000, 200);
    assert_eq!(after.cost, Some(average));
    assert!(before.cost.is_some_and(|c| c < average && average < 200));
    // Posted once: neither again, nor the same delivery note in another receipt, nor edited.
    assert!(store.post_receipt(id, &who(2)).is_err());
    let again = store.save_receipt(None, &draft, &who(2)).unwrap();
    let err = store.post_receipt(again, &who(2)).unwrap_err().to_string();
    assert!(err.contains("ALB-2026-0042"), "{err}");
    assert!(store.save_receipt(Some(id), &draft, &who(2)).is_err());
    // A second delivery at another cost averages with the stock on hand.
    let second = store
        .save_receipt(
            None,
            &ReceiptDraft {
                supplier_id: supplier,
                delivery_note: "ALB-2026-0043".into(),
                lines: vec![ReceiptLine {
                    product_id: a,
                    qty_milli: after.stock_milli,
                    unit_cost: 300,
                }],
            },
            &who(2),
        )
        .unwrap();
    store.post_receipt(second, &who(2)).unwrap();
    // As much again at 3.00: halfway between.
    assert_eq!(
        store.stock_item(a).unwrap().cost,
        Some(caja::till::stock::average_cost(
            after.stock_milli,
            Some(average),
            after.stock_milli,
            300
        ))
    );
    let events: Vec<String> = store
        .audit_tail(10)
        .unwrap()
        .into_iter()
        .map(|r| r.event)
        .collect();
    assert!(events.iter().filter(|e| *e == "stock_receive").count() == 2);
}

#[test]
fn sigkill_while_posting_a_goods_receipt_leaves_it_posted_whole_or_not_at_all() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--products", "3000"]);
    let store = sb.open_store();
    let supplier = store
        .add_supplier(
            &NewSupplier {
                name: "Mayorista".into(),
                ..Default::default()
            },
            &who(2),
        )
        .unwrap();
    let products: Vec<i64> = store
        .tracked_items(None)
        .unwrap()
        .into_iter()
        .map(|i| i.product_id)
        .take(3000)
        .collect();
    let draft = |note: String| ReceiptDraft {
        supplier_id: supplier,
        delivery_note: note,
        lines: products
            .iter()
            .map(|&product_id| ReceiptLine {
                product_id,
                qty_milli: 1_000,
                unit_cost: 10,
            })
            .collect(),
    };
    let moved = |store: &Store, id: i64| -> i64 {
        store
            .connection()
            .query_row(
                "SELECT count(*) FROM stock_movements WHERE reason = 'receipt' AND ref_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    };
    // How long a whole post takes, to kill within it.
    let first = store
        .save_receipt(None, &draft("timing".into()), &who(2))
        .unwrap();
    let started = Instant::now();
    sb.ok(&["stock", "post", &first.to_string()]);
    let whole = started.elapsed();
    assert_eq!(moved(&store, first), products.len() as i64);
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(20261205);
    let (mut posted, mut not_posted) = (0, 0);
    for round in 0..12 {
        let id = store
            .save_receipt(None, &draft(format!("K-{round}")), &who(2))
            .unwrap();
        let mut child = sb
            .cmd(&["stock", "post", &id.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let at = whole.mul_f64(rand::Rng::random_range(&mut rng, 0.3..1.1));
        std::thread::sleep(at.max(Duration::from_millis(1)));
        child.kill().unwrap();
        child.wait().unwrap();
        let receipt = store.goods_receipt(id).unwrap();
        match receipt.state.as_str() {
            "posted" => {
                posted += 1;
                assert_eq!(moved(&store, id), products.len() as i64);
            }
            "draft" => {
                not_posted += 1;
                assert_eq!(moved(&store, id), 0, "a draft moved stock");
            }
            other => panic!("state {other}"),
        }
    }
    eprintln!(
        "goods receipt kills: a whole post took {whole:?}; 12 SIGKILLs: {posted} posted whole, {not_posted} not at all"
    );
    // Kills landed on both sides of the commit (the timing scales with the machine).
    assert!(posted > 0 && not_posted > 0, "{posted} / {not_posted}");
    assert!(store.stock_disagreements().unwrap().is_empty());
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn the_cli_receives_adjusts_counts_and_lists_what_is_low() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let code = demo_ean(0);
    sb.ok(&[
        "stock",
        "supplier",
        "add",
        "Huerta SL",
        "--tax-id",
        "B12345674",
    ]);
    // A delivery note in CSV, as a supplier sends it.
    let note = sb.data_dir().join("../albaran.csv");
    std::fs::write(
        &note,
        format!("Código;Descripción;Cantidad;Precio\n{code};Agua;12;0,40\n"),
    )
    .unwrap();
    let before = stock(&sb.open_store(), 0);
    let out = sb.ok(&[
        "stock",
        "receive",
        "--supplier",
        "huerta sl",
        "--note",
        "H-77",
        "--csv",
        note.to_str().unwrap(),
    ]);
    assert!(out.contains("posted"), "{out}");
    assert_eq!(stock(&sb.open_store(), 0), before + 12_000);
    // A bad delivery note is refused whole, its row named.
    std::fs::write(&note, "code,qty,cost\n0000000000000,1,1\n").unwrap();
    let bad = sb.run(&[
        "stock",
        "receive",
        "--supplier",
        "Huerta SL",
        "--note",
        "H-78",
        "--csv",
        note.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("row 2"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    // An adjustment needs a manager's PIN.
    let refused = sb.run_with_stdin(
        &["stock", "adjust", &code, "-2", "--reason", "waste"],
        "1111\n",
    );
    assert!(!refused.status.success());
    let ok = sb.run_with_stdin(
        &[
            "stock",
            "adjust",
            &code,
            "-2",
            "--reason",
            "breakage",
            "--note",
            "caja rota",
        ],
        "9999\n",
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let ledger = sb.ok(&["stock", "ledger", &code, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&ledger).unwrap();
    let newest = &v["movements"][0];
    assert_eq!(newest["reason"], "breakage");
    assert_eq!(newest["qty_milli"], -2000);
    assert_eq!(newest["user"], "Marta");
    assert_eq!(v["movements"][1]["reason"], "receipt");
    assert_eq!(v["movements"][1]["unit_cost_minor"], 40);
    // A blind count: the scan says what was counted, never what was expected.
    sb.ok(&["stock", "count", "start", "--category", "Panadería"]);
    let scanned = sb.ok(&["stock", "count", "scan", &code, "7"]);
    assert!(scanned.contains("counted 7"), "{scanned}");
    assert!(!scanned.contains(&(before / 1000).to_string()), "{scanned}");
    let report = sb.ok(&["stock", "count", "report", "--json"]);
    let r: serde_json::Value = serde_json::from_str(&report).unwrap();
    let line = r["count"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["counted_milli"] == 7000)
        .unwrap()
        .clone();
    assert_eq!(line["variance_milli"], 7000 - (before + 10_000));
    let applied = sb.run_with_stdin(&["stock", "count", "apply"], "9999\n");
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert_eq!(stock(&sb.open_store(), 0), 7_000);
    // Low: below its reorder point, with the order suggested for its supplier.
    sb.ok(&[
        "stock",
        "reorder",
        &code,
        "--point",
        "10",
        "--qty",
        "24",
        "--supplier",
        "Huerta SL",
    ]);
    let low = sb.ok(&["stock", "low", "--csv"]);
    let mut lines = low.lines();
    assert_eq!(
        lines.next().unwrap(),
        "supplier,product,sku,stock,reorder_point,suggested,unit_cost,order_value"
    );
    let row = lines.find(|l| l.starts_with("Huerta SL,")).unwrap();
    let cost = sb
        .open_store()
        .stock_item_by_code(&code)
        .unwrap()
        .cost
        .unwrap();
    let plain = |m: i64| caja::till::format::plain_decimal(m, 2);
    assert!(
        row.ends_with(&format!(
            ",7,10,24,{},{}",
            plain(cost),
            plain(caja::till::stock::value_of(24_000, cost))
        )),
        "{row}"
    );
    let check = sb.ok(&["check", "--json"]);
    assert!(check.contains("\"problems\": []"), "{check}");
}
