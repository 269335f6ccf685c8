//! Catalog imports through the real `caja` binary on a real encrypted store: all or nothing,
//! every bad row named as the spreadsheet numbers it, the same file twice changes nothing,
//! export → import round-trips, a barcode of another product is named, and a large import
//! lets a sale commit in its normal time and survives kill -9 as the old catalog or the new
//! one, never a mix. (The readers of each layout — Loyverse, Square, Shopify, Odoo,
//! FacturaScripts, Windows-1252, XLSX, ODS, Excel-mangled barcodes — are tested in
//! `src/exchange/tests/`.)

use crate::support::Sandbox;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const HEADER: &str =
    "sku,name,short_name,category,tax_class,price,cost,barcodes,plu,unit,stock_tracked,active\n";

/// A valid EAN-13 from a 12-digit body.
fn ean13(body: u64) -> String {
    let b = format!("{body:012}");
    let sum: u32 = b
        .bytes()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 1 { 3 } else { 1 })
        .sum();
    format!("{b}{}", (10 - sum % 10) % 10)
}

/// `n` products in Caja's own layout; the product on spreadsheet row `bad_row` (if any) gets a
/// wrong check digit.
fn generic_csv(n: usize, bad_row: Option<usize>, price_cents: u64) -> String {
    let mut s = String::with_capacity(n * 90 + HEADER.len());
    s.push_str(HEADER);
    for i in 0..n {
        let row = i + 2;
        let mut code = ean13(299_000_000_000 + i as u64);
        if Some(row) == bad_row {
            let last = code.pop().unwrap();
            code.push(if last == '9' {
                '0'
            } else {
                char::from(last as u8 + 1)
            });
        }
        let class = ["general", "reducido", "superreducido"][i % 3];
        let price = price_cents + (i as u64 % 500);
        s.push_str(&format!(
            "IMP-{i:07},Producto importado {i},,Importados {},{class},{}.{:02},,{code},,unit,no,yes\n",
            i % 40,
            price / 100,
            price % 100
        ));
    }
    s
}

fn visible_products(sb: &Sandbox) -> usize {
    let out = sb.ok(&["catalog", "list", "--all", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["products"].as_array().unwrap().len()
}

/// Rows in the products table, staged ones included (what a half-done import would leave).
fn stored_rows(sb: &Sandbox) -> i64 {
    sb.open_store().product_count().unwrap()
}

#[test]
fn import_twice_changes_nothing_and_export_round_trips() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let before = visible_products(&sb);
    let file = sb.dir.path().join("catalog.csv");
    std::fs::write(&file, generic_csv(300, None, 150)).unwrap();
    let f = file.to_str().unwrap();
    let dry = sb.ok(&["catalog", "import", f, "--dry-run"]);
    assert!(dry.contains("300 new, 0 changed, 0 unchanged"), "{dry}");
    assert_eq!(visible_products(&sb), before, "a dry run writes nothing");
    let out = sb.ok(&["catalog", "import", f]);
    assert!(out.contains("300 new"), "{out}");
    assert_eq!(visible_products(&sb), before + 300);
    let again = sb.ok(&["catalog", "import", f]);
    assert!(again.contains("0 new, 0 changed, 300 unchanged"), "{again}");

    // A price changed in the file: one product changed, its history says so.
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "Producto importado 7,,Importados 7,reducido,1.57",
        "Producto importado 7,,Importados 7,reducido,1.99",
    );
    std::fs::write(&file, text).unwrap();
    let out = sb.ok(&["catalog", "import", f]);
    assert!(out.contains("0 new, 1 changed, 299 unchanged"), "{out}");
    let shown: serde_json::Value =
        serde_json::from_str(&sb.ok(&["catalog", "show", "IMP-0000007", "--json"])).unwrap();
    assert_eq!(shown["product"]["price"], 199);
    let h = &shown["price_history"][0];
    assert_eq!(
        (h["old_price"].clone(), h["new_price"].clone()),
        (157.into(), 199.into())
    );
    assert!(h["source"].as_str().unwrap().starts_with("import #"), "{h}");

    // Export and import back, as CSV and as XLSX: nothing changes.
    for name in ["all.csv", "all.xlsx"] {
        let out = sb.dir.path().join(name);
        sb.ok(&["catalog", "export", out.to_str().unwrap()]);
        let back = sb.ok(&["catalog", "import", out.to_str().unwrap()]);
        assert!(
            back.contains(&format!("0 new, 0 changed, {} unchanged", before + 300)),
            "{name}: {back}"
        );
    }
}

#[test]
fn a_10000_row_file_whose_row_1000_is_bad_imports_nothing_and_names_it() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let before = stored_rows(&sb);
    let file = sb.dir.path().join("big.csv");
    std::fs::write(&file, generic_csv(10_000, Some(1000), 99)).unwrap();
    let out = sb.run(&["catalog", "import", file.to_str().unwrap(), "--json"]);
    assert!(!out.status.success(), "a file with a bad row was imported");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["outcome"], "refused");
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["row"], 1000);
    assert_eq!(problems[0]["column"]["letter"], "H");
    assert_eq!(stored_rows(&sb), before, "nothing was written");
    // The same in words.
    let out = sb.run(&["catalog", "import", file.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("nothing imported") && text.contains("1000"),
        "{text}"
    );
}

#[test]
fn a_barcode_that_belongs_to_another_product_is_named() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let demo = caja::app::demo::demo_ean(0);
    let file = sb.dir.path().join("clash.csv");
    std::fs::write(
        &file,
        format!("{HEADER}NEW-1,Leche de otra marca,,Lácteos,reducido,1.10,,{demo},,unit,no,yes\nNEW-2,Pan,,Pan,superreducido,1.00,,,,unit,no,yes\n"),
    )
    .unwrap();
    // The file's row 2 matches the demo product by barcode but claims another SKU that is
    // new: it is the same product (matched by its barcode), so it is a change, not a clash.
    let out = sb.ok(&["catalog", "import", file.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("1 new, 1 changed"), "{out}");
    // A SKU of one product and a barcode of another: named, nothing imported.
    std::fs::write(
        &file,
        format!("{HEADER}NEW-1,Leche,,Lácteos,reducido,1.10,,,,unit,no,yes\nNEW-1X,Otra,,Lácteos,reducido,1.10,,{demo},,unit,no,yes\n"),
    )
    .unwrap();
    sb.ok(&["catalog", "import", file.to_str().unwrap()]);
    std::fs::write(
        &file,
        format!("{HEADER}NEW-1,Leche,,Lácteos,reducido,1.10,,{demo},,unit,no,yes\n"),
    )
    .unwrap();
    let out = sb.run(&["catalog", "import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("row 2") && text.contains("two different products"),
        "{text}"
    );
}

/// Rows of the large imports: 100,000 in CI, `CAJA_IMPORT_ROWS` in `tests/import-campaign.sh`.
/// A supplier's price list (name, barcode, price) changes what it says and nothing else: the
/// product keeps its SKU, category, cost, net content, stock tracking and — deactivated — stays
/// off sale; a file carrying the field changes it.
#[test]
fn a_price_list_changes_only_the_fields_it_carries() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let show = |sb: &Sandbox| -> serde_json::Value {
        let out = sb.ok(&["catalog", "show", "#3", "--json"]);
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["product"].clone()
    };
    let before = show(&sb);
    let code = caja::app::demo::demo_ean(2);
    sb.ok(&[
        "catalog",
        "set",
        "#3",
        "sku=LECHE-1",
        "cost=0,70",
        "stock_tracked=yes",
        "net_content=1 L",
    ]);
    sb.ok(&["catalog", "deactivate", "#3"]);
    let file = sb.dir.path().join("proveedor.csv");
    std::fs::write(
        &file,
        format!(
            "nombre,precio,ean\n{},\"1,15\",{code}\n",
            before["name"].as_str().unwrap()
        ),
    )
    .unwrap();
    let out = sb.ok(&[
        "catalog",
        "import",
        file.to_str().unwrap(),
        "--tax-class",
        "superreducido",
    ]);
    assert!(out.contains("0 new, 1 changed"), "{out}");
    let after = show(&sb);
    assert_eq!(after["price"], 115, "{after}");
    assert_eq!(after["tax_class"], "superreducido");
    for kept in [
        "sku",
        "category",
        "cost",
        "net_content",
        "stock_tracked",
        "active",
        "short_name",
    ] {
        let want = match kept {
            "sku" => serde_json::json!("LECHE-1"),
            "cost" => serde_json::json!(70),
            "stock_tracked" => serde_json::json!(true),
            "active" => serde_json::json!(false),
            "net_content" => serde_json::json!({"unit": "millilitres", "amount": 1000}),
            other => before[other].clone(),
        };
        assert_eq!(after[kept], want, "{kept} was not kept: {after}");
    }
    // The same list again: nothing to change.
    let again = sb.ok(&[
        "catalog",
        "import",
        file.to_str().unwrap(),
        "--tax-class",
        "superreducido",
    ]);
    assert!(again.contains("0 changed, 1 unchanged"), "{again}");
    // A file that carries a field changes it (an empty cost clears it).
    std::fs::write(
        &file,
        format!(
            "nombre,precio,ean,coste,activo\n{},\"1,15\",{code},,sí\n",
            before["name"].as_str().unwrap()
        ),
    )
    .unwrap();
    sb.ok(&[
        "catalog",
        "import",
        file.to_str().unwrap(),
        "--tax-class",
        "superreducido",
    ]);
    let last = show(&sb);
    assert_eq!(last["cost"], serde_json::Value::Null, "{last}");
    assert_eq!(last["active"], true);
    assert_eq!(last["sku"], "LECHE-1");
}

fn large_import_rows() -> usize {
    std::env::var("CAJA_IMPORT_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// Starts `caja catalog import FILE` and returns once it is writing rows.
fn importing(sb: &Sandbox, file: &Path) -> (std::process::Child, std::thread::JoinHandle<String>) {
    let mut child = sb
        .cmd(&["catalog", "import", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        let mut r = BufReader::new(stderr);
        let mut buf = Vec::new();
        // Progress lines end in \r: read by that.
        while r.read_until(b'\r', &mut buf).unwrap_or(0) > 0 {
            let piece = String::from_utf8_lossy(&buf).into_owned();
            if piece.contains("writing") {
                let _ = tx.send(());
            }
            all.push_str(&piece);
            buf.clear();
        }
        all
    });
    let _ = rx.recv_timeout(Duration::from_secs(300));
    (child, reader)
}

/// A cashier's quickest time from the pay key to the tender (exact cash): half a customer's
/// reach for the money, at most.
const CASHIER_PAUSE: Duration = Duration::from_millis(150);

#[test]
fn a_sale_commits_in_its_normal_time_during_a_large_import() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let rows = large_import_rows();
    let before = visible_products(&sb);
    let file = sb.dir.path().join("large.csv");
    std::fs::write(&file, generic_csv(rows, None, 120)).unwrap();
    let mut till = sb.reopen_till(crate::support::start_time());
    // As `caja till` does: its sales never checkpoint the WAL (its backup thread does).
    till.store().checkpoint_in_background().unwrap();
    till.login("1111").unwrap();
    // A sale as a cashier rings it up: the pay key, then (after `pause`, the time to take the
    // customer's money) exact cash, which commits; the commit is what is timed. While the
    // payment is being taken the till's sale sign is up and the import gives way.
    let sell = |till: &mut caja::app::Till<caja::app::ManualClock>, pause: Duration| {
        till.scan(&caja::app::demo::demo_ean(3)).unwrap();
        till.start_payment().unwrap();
        std::thread::sleep(pause);
        let t = Instant::now();
        till.pay_exact_cash().unwrap();
        t.elapsed()
    };
    let quiet: Vec<Duration> = (0..20).map(|_| sell(&mut till, Duration::ZERO)).collect();
    let (mut child, reader) = importing(&sb, &file);
    // Every other sale is paid with no pause at all (no warning: it may wait for one step).
    let (mut paid, mut sudden) = (Vec::new(), Vec::new());
    while child.try_wait().unwrap().is_none() && paid.len() < (rows / 1000).max(100) {
        paid.push(sell(&mut till, CASHIER_PAUSE));
        sudden.push(sell(&mut till, Duration::ZERO));
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = child.wait().unwrap();
    let log = reader.join().unwrap();
    let out = String::from_utf8_lossy(&child.stdout.take().map_or(Vec::new(), |mut s| {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut s, &mut v).unwrap();
        v
    }))
    .into_owned();
    assert!(status.success(), "{log}\n{out}");
    let sorted = |v: &[Duration]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    let (quiet, paid, sudden) = (sorted(&quiet), sorted(&paid), sorted(&sudden));
    let p50 = |v: &[Duration]| v[v.len() / 2];
    println!(
        "sale commit: alone p50 {:?}; during a {rows}-row import: {} sales paid after {CASHIER_PAUSE:?} \
         p50 {:?} max {:?}, {} paid at once p50 {:?} max {:?}; {}",
        p50(&quiet),
        paid.len(),
        p50(&paid),
        paid.last().unwrap(),
        sudden.len(),
        p50(&sudden),
        sudden.last().unwrap(),
        out.trim()
    );
    assert!(
        paid.len() >= 3,
        "the till sold only {} times during the import",
        paid.len()
    );
    // Without the import giving way, these waited for its steps (p50 33 ms at 1,000,000 rows).
    assert!(
        p50(&paid) < Duration::from_millis(10),
        "a sale paid during the import waited: p50 {:?}",
        p50(&paid)
    );
    assert_eq!(visible_products(&sb), before + rows);
}

#[test]
fn kill_9_during_a_large_import_leaves_the_old_catalog_whole() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let before = visible_products(&sb);
    let rows = large_import_rows();
    let file = sb.dir.path().join("large.csv");
    std::fs::write(&file, generic_csv(rows, None, 120)).unwrap();
    let (mut child, reader) = importing(&sb, &file);
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let log = reader.join().unwrap();
    // What a till sees right now (before any start-up clears anything): the old catalog or
    // the new one, never a mix.
    let store = sb.open_store();
    let today = crate::support::store_today();
    let seen = store.list_products(today, true).unwrap().len();
    let staged = store.product_count().unwrap() as usize - seen;
    drop(store);
    println!("killed mid-import: {seen} products visible, {staged} staged rows left");
    assert!(
        seen == before || seen == before + rows,
        "a mix: {seen} products visible (old {before}, new {})\n{log}",
        before + rows
    );
    // The next start clears what an unpublished import left.
    let check = sb.run(&["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert_eq!(
        stored_rows(&sb) as usize,
        seen,
        "staged rows were left behind"
    );
    // And the import can simply be run again.
    sb.ok(&["catalog", "import", file.to_str().unwrap()]);
    assert_eq!(visible_products(&sb), before + rows);
}
