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

#[test]
fn store_identity_from_the_command_line_checked_audited_and_on_the_receipt() {
    let sb = Sandbox::new();
    // A caja.toml of an earlier version: its [store] values are carried into the store.
    std::fs::write(
        sb.config_file(),
        "[store]\nname = \"Frutería Ana\"\naddress = \"Calle Real 3\"\n",
    )
    .unwrap();
    sb.ok(&["seed-demo"]);
    assert_eq!(sb.ok(&["store", "get", "name"]).trim(), "Frutería Ana");
    assert_eq!(
        sb.ok(&["config", "get", "store.address"]).trim(),
        "Calle Real 3"
    );

    // A tax id with a wrong control character names it.
    let out = sb.run(&["store", "set", "tax_id", "B12345675"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("«5» but should be «4»"), "{err}");
    sb.ok(&["store", "set", "tax_id", "b-12345674"]);
    sb.ok(&["config", "set", "store.legal_name", "Frutas Ana S.L."]);
    sb.ok(&["store", "set", "time_zone", "Atlantic/Canary"]);
    assert!(
        !sb.run(&["store", "set", "time_zone", "Europe/Madird"])
            .status
            .success()
    );
    let all: serde_json::Value = serde_json::from_str(&sb.ok(&["store", "get", "--json"])).unwrap();
    assert_eq!(all["store.tax_id"], "B12345674");
    assert_eq!(all["store.time_zone"], "Atlantic/Canary");

    // The currency is free until the first sale, then fixed.
    sb.ok(&["store", "set", "currency", "EUR"]);
    let till_receipt = {
        let mut till = sb.reopen_till(start_time());
        till.login("1111").unwrap();
        let number = sell_one(&mut till, &demo_ean(2));
        let doc = till.store().document_by_number(&number).unwrap().unwrap();
        till.receipt(&doc).unwrap().render(42).join("\n")
    };
    for wanted in [
        "Frutería Ana",
        "Frutas Ana S.L.",
        "NIF B12345674",
        "IVA incluido",
    ] {
        assert!(till_receipt.contains(wanted), "{wanted}:\n{till_receipt}");
    }
    // The sale was at 10:00 in Madrid: 09:00 in the Canaries, the store's time zone.
    assert!(till_receipt.contains("02/03/2026 09:00"), "{till_receipt}");
    let out = sb.run(&["store", "set", "currency", "USD"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("has sold in EUR"));

    let audit = sb.ok(&["audit", "tail", "--limit", "50"]);
    assert!(audit.contains("store_profile"), "{audit}");
}

#[test]
fn tax_classes_from_the_command_line() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let today = crate::support::store_today();
    let tomorrow = (today + Duration::days(1)).to_string();
    sb.ok(&["tax", "set", "reducido", "--rate", "5", "--from", &tomorrow]);
    sb.ok(&[
        "tax",
        "set",
        "cultura",
        "--rate",
        "4",
        "--name",
        "IVA libros",
    ]);
    let bad = sb.run(&["tax", "set", "general", "--rate", "121"]);
    assert!(!bad.status.success());
    let past = (today - Duration::days(3)).to_string();
    let bad = sb.run(&["tax", "set", "general", "--rate", "20", "--from", &past]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("past"));
    let list: serde_json::Value = serde_json::from_str(&sb.ok(&["tax", "list", "--json"])).unwrap();
    let class = |code: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(class("reducido")["rate_bp"], 1000, "today's rate");
    assert_eq!(class("reducido")["rates"][1]["rate_bp"], 500);
    assert_eq!(class("reducido")["rates"][1]["from"], tomorrow);
    assert_eq!(class("cultura")["rate_bp"], 400);
    assert_eq!(class("general")["rate_bp"], 2100);
}

#[test]
fn catalog_from_the_command_line_names_clashes_and_keeps_a_price_history() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let added = sb.ok(&[
        "catalog",
        "add",
        "--name",
        "Pan de centeno",
        "--price",
        "2,40",
        "--tax-class",
        "superreducido",
        "--barcode",
        "8499123456788",
        "--sku",
        "PAN-CEN",
        "--category",
        "Panadería",
    ]);
    assert!(added.starts_with("added #"), "{added}");
    // A barcode belongs to one product: the clash names the owner.
    let clash = sb.run(&[
        "catalog",
        "add",
        "--name",
        "Otro pan",
        "--price",
        "1",
        "--barcode",
        "8499123456788",
    ]);
    assert!(!clash.status.success());
    let err = String::from_utf8_lossy(&clash.stderr);
    assert!(
        err.contains("8499123456788") && err.contains("Pan de centeno"),
        "{err}"
    );
    let clash = sb.run(&[
        "catalog", "add", "--name", "Otro", "--price", "1", "--sku", "PAN-CEN",
    ]);
    assert!(String::from_utf8_lossy(&clash.stderr).contains("Pan de centeno"));
    // A wrong check digit, a missing name, a bad price: each said.
    for (args, wanted) in [
        (
            vec!["--name", "X", "--price", "1", "--barcode", "8499123456789"],
            "check digit",
        ),
        (vec!["--name", " ", "--price", "1"], "needs a name"),
        (vec!["--name", "X", "--price=-1"], "not an amount"),
        (
            vec!["--name", "X", "--price", "1", "--tax-class", "lujo"],
            "no tax class «lujo»",
        ),
    ] {
        let mut all = vec!["catalog", "add"];
        all.extend(args);
        let out = sb.run(&all);
        assert!(!out.status.success(), "{all:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(wanted), "{all:?}: {err}");
    }

    sb.ok(&[
        "catalog",
        "set",
        "PAN-CEN",
        "price=2,55",
        "short_name=Pan centeno",
    ]);
    let shown: serde_json::Value =
        serde_json::from_str(&sb.ok(&["catalog", "show", "8499123456788", "--json"])).unwrap();
    assert_eq!(shown["product"]["price"], 255);
    assert_eq!(shown["product"]["short_name"], "Pan centeno");
    let history = shown["price_history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (
            history[0]["old_price"].clone(),
            history[0]["new_price"].clone()
        ),
        (240.into(), 255.into())
    );
    assert_eq!(history[1]["source"], "add");

    // Sold, then deactivated: gone from search, still in its ticket.
    let store = sb.open_store();
    let today = crate::support::store_today();
    assert_eq!(store.search_products("centeno", 5, today).unwrap().len(), 1);
    drop(store);
    sb.ok(&["catalog", "deactivate", "PAN-CEN"]);
    let store = sb.open_store();
    assert!(
        store
            .search_products("centeno", 5, today)
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .product_by_code("8499123456788", today)
            .unwrap()
            .is_none()
    );
    let audit = sb.ok(&["audit", "tail", "--limit", "10"]);
    assert!(
        audit.contains("product_deactivate") && audit.contains("product_edit"),
        "{audit}"
    );
}

/// `caja users …` with a PIN on standard input.
fn users_with_pin(sb: &Sandbox, args: &[&str], stdin: &str) -> std::process::Output {
    sb.run_with_stdin(args, stdin)
}

#[test]
fn people_weak_pins_first_use_change_and_the_last_manager() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    for (pin, why) in [("1234", "in a row"), ("0000", "repeated"), ("1987", "year")] {
        let out = users_with_pin(
            &sb,
            &["users", "add", "Pedro", "cashier"],
            &format!("{pin}\n"),
        );
        assert!(!out.status.success(), "{pin} was taken");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{pin}: {err}");
    }
    let out = users_with_pin(
        &sb,
        &["users", "add", "Pedro", "cashier"],
        "482913\n482914\n",
    );
    assert!(!out.status.success(), "two different PINs were taken");
    let out = users_with_pin(
        &sb,
        &["users", "add", "Pedro", "cashier"],
        "482913\n482913\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = sb.ok(&["users", "list"]);
    assert!(
        list.contains("Pedro") && list.contains("changes PIN at next login"),
        "{list}"
    );

    // The last active manager can be neither disabled nor demoted.
    let out = sb.run(&["users", "disable", "Marta"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("last active manager"));
    assert!(
        !sb.run(&["users", "set-role", "Marta", "cashier"])
            .status
            .success()
    );
    sb.ok(&["users", "set-role", "Pedro", "manager"]);
    sb.ok(&["users", "disable", "Marta"]);
    // Disabled, never deleted: still listed and named by the audit trail.
    let list = sb.ok(&["users", "list"]);
    assert!(
        list.contains("Marta") && list.contains("disabled"),
        "{list}"
    );
    let store = sb.open_store();
    assert!(
        store
            .user_by_pin(caja::app::demo::DEMO_MANAGER_PIN)
            .unwrap()
            .is_none()
    );
    let pedro = store.find_user("pedro").unwrap().unwrap();
    assert!(pedro.must_change_pin && pedro.role == caja::till::permission::Role::Manager);
    drop(store);
    let out = users_with_pin(&sb, &["users", "set-pin", "Lucía"], "5930\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let audit = sb.ok(&["audit", "tail", "--limit", "10"]);
    for event in ["user_added", "user_role", "user_disabled", "pin_reset"] {
        assert!(audit.contains(event), "{event}: {audit}");
    }
    assert!(
        !audit.contains("482913") && !audit.contains("5930"),
        "never a PIN"
    );
}

#[test]
fn a_bulk_price_change_previews_applies_at_once_and_prints_shelf_labels() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let preview = sb.ok(&[
        "catalog",
        "reprice",
        "--category",
        "Lácteos",
        "--percent",
        "+10%",
        "--ending",
        "9",
        "--dry-run",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&preview).unwrap();
    let changed = v["changed"].as_array().unwrap().clone();
    assert!(!changed.is_empty(), "{preview}");
    for c in &changed {
        let (old, new) = (c["old"].as_i64().unwrap(), c["new"].as_i64().unwrap());
        assert_eq!(new % 10, 9, "{c}");
        // Within one ending step of +10 %.
        assert!((new * 100 - old * 110).abs() <= 600, "{c}");
    }
    let first = changed[0].clone();
    let id = format!("#{}", first["id"]);
    let shown = |sb: &Sandbox| -> serde_json::Value {
        serde_json::from_str(&sb.ok(&["catalog", "show", &id, "--json"])).unwrap()
    };
    assert_eq!(
        shown(&sb)["product"]["price"],
        first["old"],
        "a dry run changes nothing"
    );

    // Applied, with shelf labels printed on a file printer.
    let printer = sb.dir.path().join("labels.bin");
    sb.ok(&[
        "config",
        "set",
        "devices.printer",
        &format!("file:{}", printer.display()),
    ]);
    let out = sb.ok(&[
        "catalog",
        "reprice",
        "--category",
        "Lácteos",
        "--percent",
        "+10%",
        "--ending",
        "9",
        "--labels",
    ]);
    assert!(
        out.contains(&format!("applied: {} prices changed", changed.len())),
        "{out}"
    );
    let after = shown(&sb);
    assert_eq!(after["product"]["price"], first["new"]);
    let h = &after["price_history"][0];
    assert!(h["source"].as_str().unwrap().starts_with("bulk #"), "{h}");
    assert_eq!(h["old_price"], first["old"]);
    sb.ok(&["devices", "retry"]);
    let bytes = std::fs::read(&printer).unwrap();
    let text = caja::devices::decode::listing(&caja::devices::decode::decode(&bytes).unwrap());
    let name = first["name"].as_str().unwrap();
    assert!(text.contains(name), "{text}");
    assert!(text.contains("<barcode"), "{text}");
    // Milk and yoghurt carry their price per litre or kilogram (net content from the demo).
    assert!(text.contains(" €/L") && text.contains(" €/kg"), "{text}");
    let new = first["new"].as_i64().unwrap();
    assert!(
        text.contains(&format!("{},{:02} €", new / 100, new % 100)),
        "{text}"
    );
    let audit = sb.ok(&["audit", "tail", "--limit", "5"]);
    assert!(
        audit.contains("bulk_price_change") && audit.contains("shelf_labels"),
        "{audit}"
    );
}
