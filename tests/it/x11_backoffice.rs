//! The back office in a real X11 window: the real `caja backoffice` under Xvfb, the manager's
//! PIN on the keys, then every section of the rail clicked in turn and screenshotted at
//! 1024×768 in Spanish and English (`target/e2e/backoffice-<lang>-<n>.png`), each section
//! drawing something other than the one before. A till may be selling on the same data dir: the
//! back office takes no till lock.

use crate::support::{Sandbox, wait_for};
use crate::x11::{
    Killed, ONE_AT_A_TIME, pixels, screenshot, wait_for_screen_change, xdotool, xvfb,
};
use std::process::Stdio;
use std::time::Duration;

/// The rail's sections, by the window's coordinates of their buttons.
const RAIL_Y: [i32; 5] = [124, 180, 236, 292, 348];

/// The id of the visible Caja window, once it holds the keyboard focus.
fn focused_window(display: &str) -> String {
    wait_for(
        "a focused Caja window",
        Duration::from_secs(60),
        Duration::from_millis(100),
        || {
            let out = std::process::Command::new("xdotool")
                .args(["search", "--onlyvisible", "--name", "^Caja$"])
                .env("DISPLAY", display)
                .output()
                .ok()?;
            let id = String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()?
                .to_string();
            let focus = std::process::Command::new("xdotool")
                .args(["windowfocus", "--sync", &id])
                .env("DISPLAY", display)
                .status()
                .ok()?;
            focus.success().then_some(id)
        },
    )
}

fn sections_in(lang: &str) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    sb.ok(&["config", "set", "till.language", lang]);
    let (_xvfb, display) = xvfb();
    let blank = pixels(&display);
    let mut cmd = sb.cmd(&["backoffice"]);
    cmd.env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _caja = Killed(cmd.spawn().expect("start caja backoffice"));
    let window = focused_window(&display);
    let login = wait_for_screen_change(&display, "the login screen", &blank);
    xdotool(&display, &["type", "--delay", "120", "9999"]);
    xdotool(&display, &["key", "Return"]);
    let mut before = wait_for_screen_change(&display, "the back office", &login);
    screenshot(&display, &format!("backoffice-{lang}-0.png"));
    for (n, y) in RAIL_Y.iter().enumerate().skip(1) {
        let y = y.to_string();
        xdotool(&display, &["mousemove", "--window", &window, "100", &y]);
        xdotool(&display, &["click", "1"]);
        before = wait_for_screen_change(&display, &format!("section {n}"), &before);
        screenshot(&display, &format!("backoffice-{lang}-{n}.png"));
    }
}

#[test]
fn back_office_sections_in_a_real_window_in_spanish() {
    sections_in("es");
}

#[test]
fn back_office_sections_in_a_real_window_in_english() {
    sections_in("en");
}
