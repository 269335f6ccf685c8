//! The command-line contract: seed, catalog, report, config, check.

use crate::support::Sandbox;

#[test]
fn seed_demo_then_catalog_json() {
    let sb = Sandbox::new();
    let out = sb.ok(&["seed-demo"]);
    assert!(out.contains("seeded 72 products"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["catalog", "list", "--json"])).unwrap();
    // Units stated: integer minor units beside the currency and its digits.
    assert_eq!(json["currency"], "EUR");
    assert_eq!(json["minor_digits"], 2);
    let products = json["products"].as_array().unwrap();
    assert!(products.len() >= 60);
    assert!(
        products
            .iter()
            .all(|p| p["price_minor"].is_i64() && p.get("price").is_none())
    );
    let rates: std::collections::BTreeSet<u64> = products
        .iter()
        .map(|p| p["tax_rate_bp"].as_u64().unwrap())
        .collect();
    assert_eq!(rates, [400, 1000, 2100].into_iter().collect());
    let ean_ok = products.iter().filter(|p| p["measure"] == "unit").all(|p| {
        let code = p["codes"][0].as_str().unwrap();
        caja::till::barcode::normalize_gtin(code).as_deref() == Ok(code) && code.len() == 13
    });
    assert!(ean_ok, "every unit product has a valid EAN-13");
    assert!(products.iter().any(|p| p["measure"] == "kg"));
    // Seeding again adds nothing.
    assert!(sb.ok(&["seed-demo"]).contains("seeded 0 products"));
}

#[test]
fn seed_with_history_reports_per_day_and_checks_clean() {
    let sb = Sandbox::new();
    sb.ok(&[
        "seed-demo",
        "--products",
        "500",
        "--sales",
        "300",
        "--days",
        "3",
    ]);
    let day = (crate::support::store_today() - chrono::Duration::days(1)).to_string();
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["report", "day", "--date", &day, "--json"])).unwrap();
    assert_eq!(json["sales_count"], 100);
    let net = json["net_total"].as_i64().unwrap();
    let tenders: i64 = json["tenders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["amount"].as_i64().unwrap())
        .sum();
    let taxes: i64 = json["taxes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["base"].as_i64().unwrap() + t["quota"].as_i64().unwrap())
        .sum();
    assert!(net > 0);
    assert_eq!(tenders, net);
    assert_eq!(taxes, net);
    sb.ok(&["check"]);
    let found = sb.ok(&["catalog", "search", "galletas fres", "--json"]);
    let found: serde_json::Value = serde_json::from_str(&found).unwrap();
    assert!(!found["products"].as_array().unwrap().is_empty());
}

#[test]
fn report_day_shows_sales_made_through_the_till() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let sold = sb.ok(&["debug", "sell-loop", "--count", "5"]);
    let total: i64 = sold
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap().parse::<i64>().unwrap())
        .sum();
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["report", "day", "--json"])).unwrap();
    assert_eq!(json["sales_count"], 5);
    assert_eq!(json["net_total"], total);
    let text = sb.ok(&["report", "day"]);
    assert!(
        text.contains("Informe del día") && text.contains("efectivo"),
        "{text}"
    );
    let bad = sb.run(&["report", "day", "--date", "28/11/2026"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn config_set_validates_and_refuses_unknown_keys() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    assert_eq!(sb.ok(&["config", "get", "till.locale"]).trim(), "auto");
    sb.ok(&["config", "set", "till.locale", "en"]);
    assert_eq!(sb.ok(&["config", "get", "till.locale"]).trim(), "en");
    let out = sb.run(&["config", "set", "till.idle_lock_secs", "soon"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("whole number of seconds"));
    let out = sb.run(&["config", "set", "till.colour", "red"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown configuration key"));
    // The file holds only the valid change, and the change is audited.
    let text = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(text.contains("locale = \"en\""));
    let tail = sb.ok(&["audit", "tail", "--limit", "1"]);
    assert!(
        tail.contains("settings_change") && tail.contains("till.locale"),
        "{tail}"
    );
    // A hand-edited file with an unknown key is refused, naming the key and the file.
    std::fs::write(sb.config_file(), "[till]\nlocal = \"es\"\n").unwrap();
    let out = sb.run(&["config", "get", "till.locale"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown configuration key «till.local»")
            && err.contains(&sb.config_file().display().to_string()),
        "{err}"
    );
}

#[test]
fn config_set_keeps_a_hand_written_files_comments_and_order() {
    let sb = Sandbox::new();
    let hand_written = r#"# Corner shop till — keep these notes
[store]
currency = "EUR"    # prices are in euros
# The name on the receipt header
name = "Frutería Ana"

[till]
# Quick lock: the till faces the door
idle_lock_secs = 60
locale = "es"
"#;
    std::fs::write(sb.config_file(), hand_written).unwrap();
    sb.ok(&["config", "set", "till.idle_lock_secs", "120"]);
    sb.ok(&["config", "set", "till.theme", "dark"]);
    // `store.*` keys moved into the store (business data): same names, the file untouched.
    sb.ok(&["config", "set", "store.currency", "USD"]);
    let text = std::fs::read_to_string(sb.config_file()).unwrap();
    let expected = hand_written
        .replace("idle_lock_secs = 60", "idle_lock_secs = 120")
        .replace("locale = \"es\"\n", "locale = \"es\"\ntheme = \"dark\"\n");
    assert_eq!(text, expected);
    assert_eq!(
        sb.ok(&["config", "get", "till.idle_lock_secs"]).trim(),
        "120"
    );
    assert_eq!(sb.ok(&["config", "get", "store.currency"]).trim(), "USD");
}

#[test]
fn config_get_list_shows_every_key_with_its_meaning_and_the_readme_table() {
    let sb = Sandbox::new();
    let list = sb.ok(&["config", "get", "--list"]);
    for spec in caja::config::KEYS {
        let line = format!("{} = {:?}\n    {}", spec.key, spec.default, spec.doc);
        assert!(list.contains(&line), "{line}\nnot in\n{list}");
    }
    let table = sb.ok(&["config", "get", "--list", "--markdown"]);
    assert_eq!(table, caja::config::markdown_table());
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README's key table is `config get --list --markdown`"
    );
}

#[test]
fn demo_flag_seeds_an_empty_data_dir_and_shows_demo_pins() {
    let sb = Sandbox::new();
    let out = sb
        .cmd(&["--demo"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert!(!out.status.success(), "no display: a clear error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no display") && err.contains("1111") && err.contains("9999"),
        "{err}"
    );
    assert_eq!(sb.open_store().product_count().unwrap(), 72);
}
