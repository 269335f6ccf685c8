//! The back office's Stock and Reports sections in a real X11 window: the real `caja
//! backoffice` under Xvfb over a seeded history (sales and returns over the last months), the
//! manager's PIN on the keys, the Reports section by Ctrl+9, then each chart — sales by day with
//! the previous period overlaid, by hour, by category, by product, by tender, by tax rate —
//! clicked in turn and screenshotted at 1024×768 in Spanish and English
//! (`target/e2e/reports-<lang>-<grouping>.png`), each drawing something other than the one
//! before; and the Stock section (Ctrl+8) with its low-stock list.

use crate::support::Sandbox;
use crate::x11::{ONE_AT_A_TIME, screenshot, wait_for_screen_change, wedge_scan, xdotool, xvfb};
use crate::x11_backoffice::manager_in_back_office;

/// The groupings from the hour on, as PageDown steps through them (the section opens on the
/// day).
const GROUPINGS: [&str; 10] = [
    "hour", "day", "week", "month", "category", "product", "cashier", "terminal", "tender", "tax",
];

fn charts_in(lang: &str) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", "4000", "--days", "70", "--returns"]);
    sb.ok(&["config", "set", "till.language", lang]);
    let (_xvfb, display) = xvfb();
    let (_caja, window, office) = manager_in_back_office(&sb, &display);
    // The pointer away from the charts (a hovered bar shows its value).
    xdotool(&display, &["mousemove", "--window", &window, "100", "760"]);
    xdotool(&display, &["key", "ctrl+9"]);
    let mut before = wait_for_screen_change(&display, "the reports (Ctrl+9)", &office);
    // PageUp to the hour, then PageDown through every grouping.
    for (n, name) in GROUPINGS.iter().enumerate() {
        xdotool(&display, &["key", if n == 0 { "Prior" } else { "Next" }]);
        before = wait_for_screen_change(&display, name, &before);
        screenshot(&display, &format!("reports-{lang}-{name}.png"));
    }
    xdotool(&display, &["key", "ctrl+8"]);
    wait_for_screen_change(&display, "the stock (Ctrl+8)", &before);
    screenshot(&display, &format!("stock-{lang}.png"));
}

#[test]
fn report_charts_in_a_real_window_in_spanish() {
    charts_in("es");
}

#[test]
fn report_charts_in_a_real_window_in_english() {
    charts_in("en");
}

/// A goods receipt and a blind count in the real window, by the keyboard-wedge scanner: the
/// Stock section (Ctrl+8), its Goods receipts tab, a new receipt (the shop's one supplier chosen
/// already) with a product scanned in, the delivery note typed and the receipt posted; then the
/// Count tab, a count started and a product scanned twice — the store says what moved.
fn receipt_and_count_in(lang: &str) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    sb.ok(&["config", "set", "till.language", lang]);
    sb.ok(&["stock", "supplier", "add", "Panificadora del Sur"]);
    let code = caja::app::demo::demo_ean(0);
    let stock = |sb: &Sandbox| -> i64 {
        let v: serde_json::Value =
            serde_json::from_str(&sb.ok(&["stock", "ledger", &code, "--json"])).unwrap();
        v["product"]["stock_milli"].as_i64().unwrap()
    };
    let before = stock(&sb);
    let (_xvfb, display) = xvfb();
    let (_caja, window, office) = manager_in_back_office(&sb, &display);
    let click = |x: i32, y: i32| {
        xdotool(
            &display,
            &[
                "mousemove",
                "--window",
                &window,
                &x.to_string(),
                &y.to_string(),
            ],
        );
        xdotool(&display, &["click", "1"]);
    };
    xdotool(&display, &["key", "ctrl+8"]);
    let mut before_px = wait_for_screen_change(&display, "the stock (Ctrl+8)", &office);
    for (what, x, y) in [
        ("the goods receipts", 463, 111),
        ("a new receipt", 330, 160),
    ] {
        click(x, y);
        before_px = wait_for_screen_change(&display, what, &before_px);
    }
    wedge_scan(&display, &code);
    before_px = wait_for_screen_change(&display, "the scanned line", &before_px);
    // The delivery note's number, then post.
    click(RECEIPT_NOTE.0, RECEIPT_NOTE.1);
    xdotool(&display, &["type", "--delay", "60", "ALB-77"]);
    before_px = wait_for_screen_change(&display, "the delivery note typed", &before_px);
    screenshot(&display, &format!("stock-receipt-{lang}.png"));
    click(RECEIPT_POST.0, RECEIPT_POST.1);
    before_px = wait_for_screen_change(&display, "the receipt posted", &before_px);
    crate::support::wait_for(
        "the receipt's stock",
        std::time::Duration::from_secs(10),
        std::time::Duration::from_millis(100),
        || (stock(&sb) == before + 1_000).then_some(()),
    );
    // The count: started, the product scanned twice (blind: counted 2). The notice line above
    // the section ("saved") moves it down.
    click(623, 143);
    before_px = wait_for_screen_change(&display, "the count tab", &before_px);
    screenshot(&display, &format!("stock-count-start-{lang}.png"));
    click(COUNT_START.0, COUNT_START.1);
    before_px = wait_for_screen_change(&display, "the count started", &before_px);
    wedge_scan(&display, &code);
    wait_for_screen_change(&display, "the first scan", &before_px);
    // The second scan changes one digit on screen: the store says it.
    wedge_scan(&display, &code);
    let counted = || -> Vec<i64> {
        let report: serde_json::Value =
            serde_json::from_str(&sb.ok(&["stock", "count", "report", "--json"])).unwrap();
        report["count"]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["uncounted"] == false)
            .map(|l| l["counted_milli"].as_i64().unwrap())
            .collect()
    };
    crate::support::wait_for(
        "the second scan counted",
        std::time::Duration::from_secs(10),
        std::time::Duration::from_millis(100),
        || (counted() == vec![2_000]).then_some(()),
    );
    screenshot(&display, &format!("stock-count-{lang}.png"));
}

/// The receipt form's delivery-note field and Post button, and the count's Start button, below a
/// notice line.
const RECEIPT_NOTE: (i32, i32) = (557, 257);
const RECEIPT_POST: (i32, i32) = (505, 440);
const COUNT_START: (i32, i32) = (330, 264);

#[test]
fn a_goods_receipt_and_a_blind_count_in_a_real_window_in_spanish() {
    receipt_and_count_in("es");
}

#[test]
fn a_goods_receipt_and_a_blind_count_in_a_real_window_in_english() {
    receipt_and_count_in("en");
}
