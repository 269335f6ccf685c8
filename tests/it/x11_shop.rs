//! A shop's first morning in a real X11 window: the real till (`caja --demo`, unprivileged and
//! confined) under Xvfb, driven by xdotool with the keyboard alone. The manager logs in, opens
//! the back office (Home), goes to the catalog (Ctrl+3), adds a product (Ctrl+N) with a new
//! barcode in the 10 % class, saves (Enter), goes back to the sale and logs out (F11); a cashier
//! logs in, scans that barcode with a wedge scanner and pays cash; the day report
//! (`caja report day --json`) shows the sale with its 10 % base and quota. Screenshots of the
//! filled form and the paid sale go to `target/e2e/shop-*.png`.

use crate::support::{Sandbox, wait_for};
use crate::x11::{
    ONE_AT_A_TIME, audit_events, day_report, demo_till, pixels, screenshot, wait_for_screen_change,
    wedge_scan, xdotool, xvfb,
};
use crate::x11_backoffice::focused_window;
use serde_json::Value;
use std::time::Duration;

/// A code no demo product has (valid EAN-13 check digit).
const CODE: &str = "4006381333931";
const NAME: &str = "Aceite de oliva virgen 1 L";

/// Types like a person: 40 ms a key.
fn typed(display: &str, text: &str) {
    xdotool(display, &["type", "--delay", "40", text]);
}

fn keys(display: &str, key: &str, times: usize) {
    for _ in 0..times {
        xdotool(display, &["key", "--delay", "60", key]);
    }
}

/// Waits for `n` `event`s in the audit trail.
fn audited(sb: &Sandbox, event: &str, n: usize) {
    wait_for(
        &format!("{n} × {event} in the audit trail"),
        Duration::from_secs(60),
        Duration::from_millis(200),
        || {
            let seen = audit_events(sb).iter().filter(|(e, _)| e == event).count();
            (seen >= n).then_some(())
        },
    );
}

#[test]
fn a_manager_adds_a_product_and_a_cashier_sells_it_in_a_real_window() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let sb = Sandbox::unprivileged();
    // The tax agency stands in at a local endpoint; the till, confined as nobody, sends its
    // records there (its port joins the confinement's outbound ports; the certificate is read
    // before confining).
    let pki = crate::agency::Pki::new();
    pki.readable_by_all();
    let agency = crate::agency::Endpoint::start(&pki);
    crate::fiscal_send::configure(&sb, &pki, &agency.url);
    let (_xvfb, display) = xvfb();
    let blank = pixels(&display);
    let mut caja = demo_till(&sb, &display);
    focused_window(&display, &mut caja);
    let login = wait_for_screen_change(&display, "the login screen", &blank);

    // The manager: PIN, Home (Inicio) into the back office, Ctrl+3 the catalog, Ctrl+N.
    typed(&display, "9999");
    xdotool(&display, &["key", "Return"]);
    audited(&sb, "login_ok", 1);
    let sale = wait_for_screen_change(&display, "the manager's sale screen", &login);
    xdotool(&display, &["key", "Home"]);
    let office = wait_for_screen_change(&display, "the back office (Home)", &sale);
    xdotool(&display, &["key", "ctrl+3"]);
    let catalog = wait_for_screen_change(&display, "the catalog (Ctrl+3)", &office);
    xdotool(&display, &["key", "ctrl+n"]);
    let form = wait_for_screen_change(&display, "the new product form (Ctrl+N)", &catalog);
    // Name → (short name, SKU, category) → price → (cost) → barcodes → (PLU, net content,
    // general) → reducido, picked with Space.
    typed(&display, NAME);
    keys(&display, "Tab", 4);
    typed(&display, "6,95");
    keys(&display, "Tab", 2);
    typed(&display, CODE);
    keys(&display, "Tab", 4);
    xdotool(&display, &["key", "space"]);
    let filled = wait_for_screen_change(&display, "the form filled in", &form);
    screenshot(&display, "shop-product-form.png");
    xdotool(&display, &["key", "Return"]);
    let product: Value = wait_for(
        "the new product in `caja catalog show`",
        Duration::from_secs(60),
        Duration::from_millis(200),
        || {
            let out = sb.cmd(&["catalog", "show", CODE, "--json"]).output().ok()?;
            out.status.success().then_some(())?;
            serde_json::from_slice(&out.stdout).ok()
        },
    );
    assert_eq!(product["product"]["name"], NAME, "{product}");
    assert_eq!(product["product"]["tax_class"], "reducido", "{product}");
    let saved = wait_for_screen_change(&display, "the product saved", &filled);
    // Escape: back to the sale; F11: log out.
    xdotool(&display, &["key", "Escape"]);
    let sale = wait_for_screen_change(&display, "back to the sale", &saved);
    xdotool(&display, &["key", "F11"]);
    audited(&sb, "logout", 1);
    let login = wait_for_screen_change(&display, "the login screen again", &sale);

    // The cashier scans the new code and pays cash (F12, Enter).
    typed(&display, "1111");
    xdotool(&display, &["key", "Return"]);
    audited(&sb, "login_ok", 2);
    let sale = wait_for_screen_change(&display, "the cashier's sale screen", &login);
    wedge_scan(&display, CODE);
    let cart = wait_for_screen_change(&display, "the scan in the cart", &sale);
    xdotool(&display, &["key", "F12"]);
    let payment = wait_for_screen_change(&display, "the payment screen", &cart);
    xdotool(&display, &["key", "Return"]);
    let report = wait_for(
        "the sale in `caja report day --json`",
        Duration::from_secs(60),
        Duration::from_millis(200),
        || Some(day_report(&sb)).filter(|r| r["sales_count"] == 1),
    );
    wait_for_screen_change(&display, "the paid sale", &payment);
    let paid = screenshot(&display, "shop-paid.png");
    // The receipt's preview carries the fiscal QR: read off the screen with zbarimg, it is the
    // URL of the sale's VERI*FACTU record.
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(&paid)
        .output()
        .expect("zbarimg (apt-get install zbar-tools, or run .ci/run)");
    let on_screen = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(
        on_screen.starts_with(
            "https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K&numserie="
        ),
        "the preview's QR reads «{on_screen}» ({})",
        paid.display()
    );
    let number = on_screen
        .split("numserie=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("a numserie");
    let record = sb.ok(&["fiscal", "record", number]);
    assert!(record.contains(&format!("QR {on_screen}")), "{record}");
    // The till's sender thread took the record to the agency, from inside the confinement.
    wait_for(
        "the sale's record at the agency",
        Duration::from_secs(30),
        Duration::from_millis(100),
        || {
            agency
                .held
                .lock()
                .unwrap()
                .contains_key(number)
                .then_some(())
        },
    );
    let queue = sb.ok(&["fiscal", "queue", "--json"]);
    let queue: serde_json::Value = serde_json::from_str(&queue).unwrap();
    assert_eq!(queue["sending"]["waiting"], 0, "{queue}");
    assert_eq!(report["net_total"], 695, "{report}");
    // 6,95 € at 10 %: base 6,32 €, quota 0,63 €, and no other rate.
    let taxes = report["taxes"].as_array().expect("taxes in the report");
    assert_eq!(taxes.len(), 1, "{report}");
    assert_eq!(taxes[0]["rate_bp"], 1000, "{report}");
    assert_eq!(taxes[0]["base"], 632, "{report}");
    assert_eq!(taxes[0]["quota"], 63, "{report}");
    assert!(
        caja.0.try_wait().expect("caja status").is_none(),
        "caja died"
    );
}
