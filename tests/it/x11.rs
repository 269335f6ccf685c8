//! End to end in a real X11 window: the real `caja --demo` binary under Xvfb, driven by xdotool
//! as a cashier and a keyboard-wedge scanner would (1 ms per character, Return after each code),
//! checked afterwards through `caja report day --json`. Screenshots go to `target/e2e/`.
//!
//! Needs Xvfb, xdotool and ImageMagick's `import` (`.ci/run` installs them).

use crate::support::Sandbox;
use caja::app::demo::{demo_ean, weight_label};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn need(tool: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "{tool} is missing: apt-get install xvfb xdotool imagemagick (or run .ci/run)"
    );
}

/// The X11 tests take turns: each starts its own Xvfb, and picking a free display number is
/// only race-free one at a time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Starts Xvfb on a free display number.
fn xvfb() -> (Killed, String) {
    need("Xvfb");
    need("xdotool");
    need("import");
    for n in 140..200 {
        let lock = format!("/tmp/.X{n}-lock");
        if Path::new(&lock).exists() {
            // A lock left by an Xvfb that was killed: its process is gone, so it is free.
            let pid = std::fs::read_to_string(&lock).unwrap_or_default();
            let alive = Path::new(&format!("/proc/{}", pid.trim())).exists();
            if alive || pid.trim().is_empty() {
                continue;
            }
            let _ = std::fs::remove_file(&lock);
            let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{n}"));
        }
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut xvfb = Killed(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = xvfb.0.try_wait() {
                break; // lost the race for this display number
            }
            let ok = Command::new("xdotool")
                .arg("getmouselocation")
                .env("DISPLAY", &display)
                .output()
                .is_ok_and(|o| o.status.success());
            if ok {
                return (xvfb, display);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        drop(xvfb);
    }
    panic!("no free X display between :140 and :199");
}

fn xdotool(display: &str, args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("run xdotool");
    assert!(
        out.status.success(),
        "xdotool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Types like a wedge scanner: 1 ms per character, then Return.
fn wedge_scan(display: &str, code: &str) {
    xdotool(display, &["type", "--delay", "1", code]);
    xdotool(display, &["key", "Return"]);
}

fn screenshot(display: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("e2e");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let path = dir.join(name);
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .env("DISPLAY", display)
        .status()
        .expect("run import");
    assert!(status.success(), "screenshot failed");
    path
}

/// Sockets of process `pid` that listen (TCP over IPv4/IPv6, or unix).
fn listening_sockets(pid: u32) -> usize {
    let inodes: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("the till's fds")
        .flatten()
        .filter_map(|e| std::fs::read_link(e.path()).ok())
        .filter_map(|l| {
            let l = l.to_string_lossy().into_owned();
            l.strip_prefix("socket:[")
                .and_then(|r| r.strip_suffix(']'))
                .map(str::to_string)
        })
        .collect();
    assert!(!inodes.is_empty(), "the till has no socket at all (X?)");
    let mut listening = 0;
    // TCP: state 0A is LISTEN. Unix: flag __SO_ACCEPTCON (00010000) marks a listener.
    let tcp: fn(&[&str]) -> bool = |f| f[3] == "0A";
    let unix: fn(&[&str]) -> bool = |f| f[3] == "00010000";
    for (table, inode_col, listen) in [("tcp", 9, tcp), ("tcp6", 9, tcp), ("unix", 6, unix)] {
        let text = std::fs::read_to_string(format!("/proc/{pid}/net/{table}")).unwrap_or_default();
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() > inode_col && listen(&f) && inodes.iter().any(|i| i == f[inode_col]) {
                listening += 1;
            }
        }
    }
    listening
}

fn day_report(sb: &Sandbox) -> serde_json::Value {
    serde_json::from_str(&sb.ok(&["report", "day", "--json"])).expect("report json")
}

/// Waits until the day report satisfies `done`, or fails after `secs`.
fn wait_for_report(
    sb: &Sandbox,
    secs: u64,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let r = day_report(sb);
        if done(&r) || Instant::now() > deadline {
            return r;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn cashier_sells_in_a_real_x11_window_with_a_wedge_scanner() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // As a till runs: an unprivileged user, confined.
    let sb = Sandbox::unprivileged();
    let (_xvfb, display) = xvfb();
    let mut cmd = sb.cmd(&["--demo"]);
    cmd.env("DISPLAY", &display)
        .env("LANG", "es_ES.UTF-8")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut caja = Killed(cmd.spawn().expect("start caja"));

    // The window appears with the login screen.
    let deadline = Instant::now() + Duration::from_secs(60);
    let window = loop {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^Caja$"])
            .env("DISPLAY", &display)
            .output()
            .expect("xdotool search");
        let id = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .map(str::to_string);
        if let Some(id) = id.filter(|i| !i.is_empty()) {
            break id;
        }
        if let Ok(Some(status)) = caja.0.try_wait() {
            let mut err = String::new();
            use std::io::Read;
            if let Some(mut e) = caja.0.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            panic!("caja exited ({status}) before showing a window: {err}");
        }
        assert!(Instant::now() < deadline, "no Caja window after 60 s");
        std::thread::sleep(Duration::from_millis(100));
    };
    // No window manager runs under Xvfb: give the window the keyboard focus ourselves.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !Command::new("xdotool")
        .args(["windowfocus", "--sync", &window])
        .env("DISPLAY", &display)
        .output()
        .is_ok_and(|o| o.status.success())
    {
        assert!(Instant::now() < deadline, "cannot focus the Caja window");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));

    screenshot(&display, "till-login.png");
    // Confined, seen from outside: no_new_privs, a seccomp filter, no listening socket.
    let pid = caja.0.id();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    assert!(status.contains("NoNewPrivs:\t1"), "{status}");
    assert!(status.contains("Seccomp:\t2"), "{status}");
    assert_eq!(listening_sockets(pid), 0, "the till listens on a socket");
    // PIN, then the scanner: two products (one weighed by its GS1 label) and 3 × a third.
    xdotool(&display, &["type", "--delay", "40", "1111"]);
    xdotool(&display, &["key", "Return"]);
    std::thread::sleep(Duration::from_millis(700));
    wedge_scan(&display, &demo_ean(2)); // Leche entera 1,05 €
    wedge_scan(&display, &weight_label(0, 1250)); // plátanos 1,250 kg = 3,11 €
    xdotool(&display, &["type", "--delay", "40", "3*"]);
    wedge_scan(&display, &demo_ean(36)); // 3 × 0,79 € = 2,37 €
    // A scan while the search box (F2) has text typed by a person still goes to the sale.
    xdotool(&display, &["key", "F2"]);
    xdotool(&display, &["type", "--delay", "150", "pan"]);
    wedge_scan(&display, &demo_ean(5)); // Queso fresco 1,85 €
    std::thread::sleep(Duration::from_millis(300));
    screenshot(&display, "till-search.png");
    xdotool(&display, &["key", "Escape"]);
    std::thread::sleep(Duration::from_millis(800));
    let shot = screenshot(&display, "till-cart.png");
    assert!(std::fs::metadata(&shot).expect("screenshot").len() > 10_000);

    // F12, Enter = exact cash: the sale commits.
    xdotool(&display, &["key", "F12"]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&display, &["key", "Return"]);
    let expected = 105 + 311 + 237 + 185;
    let report = wait_for_report(&sb, 20, |r| r["sales_count"] == 1);
    screenshot(&display, "till-paid.png");
    assert_eq!(report["sales_count"], 1, "{report}");
    assert_eq!(report["net_total"], expected, "{report}");
    assert_eq!(report["tenders"][0]["kind"], "cash", "{report}");
    // The session's confinement is in the audit trail.
    let audit = sb.ok(&["audit", "tail", "--limit", "50"]);
    assert!(
        audit.contains("confinement") && audit.contains("full"),
        "{audit}"
    );
    assert!(
        caja.0.try_wait().expect("caja status").is_none(),
        "caja died"
    );
}

/// Runs `caja --exit-after-first-frame` on its own Xvfb: the window opens, draws the login
/// screen, closes cleanly.
fn first_frame_and_exit(sb: &Sandbox) -> std::process::Output {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_xvfb, display) = xvfb();
    sb.cmd(&["--exit-after-first-frame"])
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run caja")
}

#[test]
fn start_up_measure_draws_the_login_screen_and_exits() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let out = first_frame_and_exit(&sb);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ms: f64 = stdout
        .trim()
        .strip_prefix("login screen drawn ")
        .and_then(|s| s.strip_suffix(" ms after start"))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("unexpected output: {stdout}"));
    assert!(ms > 0.0);
}

#[test]
fn a_confined_till_backs_up_when_it_is_closed() {
    let sb = Sandbox::unprivileged();
    sb.ok(&["seed-demo", "--sales", "20"]);
    let owner = sb.dir.path().join("owner.txt");
    let recipient = sb.ok(&["backup", "keygen", "--out", &owner.display().to_string()]);
    let usb = sb.dir.path().join("usb");
    let made = sb
        .as_user("mkdir", &[&usb.display().to_string()])
        .status()
        .expect("mkdir");
    assert!(made.success());
    sb.ok(&["config", "set", "backup.dir", &usb.display().to_string()]);
    sb.ok(&["config", "set", "backup.recipients", recipient.trim()]);
    let out = first_frame_and_exit(&sb);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<PathBuf> = std::fs::read_dir(&usb)
        .expect("backup dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "the exit backup: {files:?}");
    let verified = sb.ok(&[
        "backup",
        "verify",
        &files[0].display().to_string(),
        "--identity",
        &owner.display().to_string(),
    ]);
    assert!(
        verified.contains("intact") && verified.contains("20 documents"),
        "{verified}"
    );
    let log = sb.ok(&["backup", "list"]);
    assert!(log.contains(" exit ") || log.contains("exit"), "{log}");
}
