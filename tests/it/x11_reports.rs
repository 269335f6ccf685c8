//! The back office's Stock and Reports sections in a real X11 window: the real `caja
//! backoffice` under Xvfb over a seeded history (sales and returns over the last months), the
//! manager's PIN on the keys, the Reports section by Ctrl+9, then each chart — sales by day with
//! the previous period overlaid, by hour, by category, by product, by tender, by tax rate —
//! clicked in turn and screenshotted at 1024×768 in Spanish and English
//! (`target/e2e/reports-<lang>-<grouping>.png`), each drawing something other than the one
//! before; and the Stock section (Ctrl+8) with its low-stock list.

use crate::support::Sandbox;
use crate::x11::{ONE_AT_A_TIME, pixels, screenshot, wait_for_screen_change, xdotool, xvfb};
use crate::x11_backoffice::backoffice_window;

/// The groupings from the hour on, as PageDown steps through them (the section opens on the
/// day).
const GROUPINGS: [&str; 10] = [
    "hour", "day", "week", "month", "category", "product", "cashier", "terminal", "tender", "tax",
];

fn charts_in(lang: &str) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", "4000", "--days", "70"]);
    sb.ok(&["config", "set", "till.language", lang]);
    let (_xvfb, display) = xvfb();
    let blank = pixels(&display);
    let (_caja, window) = backoffice_window(&sb, &display);
    let login = wait_for_screen_change(&display, "the login screen", &blank);
    xdotool(&display, &["type", "--delay", "120", "9999"]);
    xdotool(&display, &["key", "Return"]);
    let office = wait_for_screen_change(&display, "the back office", &login);
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
