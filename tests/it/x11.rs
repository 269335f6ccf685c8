//! End to end in a real X11 window: the real `caja --demo` binary under Xvfb, driven by xdotool
//! as a cashier and a keyboard-wedge scanner would (1 ms per character, Return after each code),
//! checked afterwards through `caja report day --json`. Screenshots go to `target/e2e/`.
//!
//! The test never sleeps a fixed time to let the till catch up: it waits, with a deadline, for
//! what a person would see — the window, the screen changing after a key, the login in the
//! audit trail, the sale in the day report. The only pauses left are the typing pace of a
//! person and of a scanner, which the till tells apart by timing.
//!
//! Needs Xvfb, xdotool and ImageMagick's `import` (`.ci/run` installs them).

use crate::support::{Sandbox, wait_for};
use caja::app::demo::{demo_ean, weight_label};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A child process killed when dropped.
pub(crate) struct Killed(pub(crate) Child);

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
pub(crate) static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Starts Xvfb on a free display number.
pub(crate) fn xvfb() -> (Killed, String) {
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
            let answers = || {
                Command::new("xdotool")
                    .arg("getmouselocation")
                    .env("DISPLAY", &display)
                    .output()
                    .is_ok_and(|o| o.status.success())
            };
            if answers() {
                // Once more a moment later, from a server still running: a test once got a
                // display whose server went away just after answering.
                std::thread::sleep(Duration::from_millis(200));
                if matches!(xvfb.0.try_wait(), Ok(None)) && answers() {
                    return (xvfb, display);
                }
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        drop(xvfb);
    }
    panic!("no free X display between :140 and :199");
}

pub(crate) fn xdotool(display: &str, args: &[&str]) -> String {
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

/// Types like a wedge scanner: 1 ms per character, then Return. (The pace is what is tested:
/// the till tells a scanner's burst from a person's typing by it.)
pub(crate) fn wedge_scan(display: &str, code: &str) {
    xdotool(display, &["type", "--delay", "1", code]);
    xdotool(display, &["key", "Return"]);
}

/// The whole screen's pixels (RGB, 8 bits each), to wait on what it shows.
pub(crate) fn pixels(display: &str) -> Vec<u8> {
    let out = Command::new("import")
        .args(["-window", "root", "-depth", "8", "rgb:-"])
        .env("DISPLAY", display)
        .output()
        .expect("run import");
    assert!(
        out.status.success() && !out.stdout.is_empty(),
        "import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// How many pixels differ between two captures of the screen.
fn differing_pixels(a: &[u8], b: &[u8]) -> usize {
    assert_eq!(a.len(), b.len(), "the screen changed size");
    a.chunks_exact(3)
        .zip(b.chunks_exact(3))
        .filter(|(x, y)| x != y)
        .count()
}

/// At most this many pixels change when nothing happened that a test waits for (a blinking
/// text cursor, the status bar's minute); a new screen, dialog or cart line changes far more.
const SMALL_CHANGE: usize = 600;

/// Waits until the screen shows something other than `before` and has settled (two captures in
/// a row alike), and returns it; panics naming `what` when that does not happen in time.
pub(crate) fn wait_for_screen_change(display: &str, what: &str, before: &[u8]) -> Vec<u8> {
    let mut last = pixels(display);
    wait_for(
        &format!("the screen changing for {what}"),
        Duration::from_secs(60),
        Duration::from_millis(100),
        || {
            let now = pixels(display);
            let settled = differing_pixels(&last, &now) <= SMALL_CHANGE;
            let changed = differing_pixels(before, &now) > SMALL_CHANGE;
            last = now;
            (settled && changed).then(|| last.clone())
        },
    )
}

/// The newest audit events of the store, as `caja audit tail` prints them: (event, detail).
pub(crate) fn audit_events(sb: &Sandbox) -> Vec<(String, Value)> {
    sb.ok(&["audit", "tail", "--limit", "50"])
        .lines()
        .map(|line| {
            // `ID AT TERMINAL user=ID EVENT DETAIL-JSON`
            let mut rest = line.trim_start();
            let mut event = "";
            for _ in 0..5 {
                let (field, more) = rest
                    .split_once(' ')
                    .unwrap_or_else(|| panic!("an audit line of fewer fields: {line}"));
                event = field;
                rest = more;
            }
            let detail = serde_json::from_str(rest).unwrap_or(Value::String(rest.into()));
            (event.to_string(), detail)
        })
        .collect()
}

/// Runs `cmd` to its end, or kills it and panics after `deadline`; its output.
fn output_within(mut cmd: Command, what: &str, deadline: Duration) -> Output {
    use std::io::Read;
    let mut child = Killed(
        cmd.stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start caja"),
    );
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                p.read_to_end(&mut bytes).expect("read caja's output");
            }
            bytes
        })
    };
    let stdout = drain(child.0.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.0.stderr.take().map(|p| Box::new(p) as _));
    let status = wait_for(what, deadline, Duration::from_millis(50), || {
        child.0.try_wait().expect("caja's status")
    });
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

pub(crate) fn screenshot(display: &str, name: &str) -> PathBuf {
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
    let mut found = 0;
    // TCP: state 0A is LISTEN. Unix: flag __SO_ACCEPTCON (00010000) marks a listener.
    let tcp: fn(&[&str]) -> bool = |f| f[3] == "0A";
    let unix: fn(&[&str]) -> bool = |f| f[3] == "00010000";
    for (table, inode_col, listen) in [("tcp", 9, tcp), ("tcp6", 9, tcp), ("unix", 6, unix)] {
        let path = format!("/proc/{pid}/net/{table}");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            // A kernel without IPv6 has no tcp6 table; the others must be read.
            Err(_) if table == "tcp6" => continue,
            Err(e) => panic!("{path}: {e}"),
        };
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() > inode_col && inodes.iter().any(|i| i == f[inode_col]) {
                found += 1;
                if listen(&f) {
                    listening += 1;
                }
            }
        }
    }
    // The X connection at least is in the tables: "no listener" was really looked for.
    assert!(
        found > 0,
        "none of the till's sockets {inodes:?} is in /proc/{pid}/net"
    );
    listening
}

/// The real till on the demo store (`caja --demo`) in Spanish on `display`, its standard
/// error kept for the reason it might exit.
pub(crate) fn demo_till(sb: &Sandbox, display: &str) -> Killed {
    let mut cmd = sb.cmd(&["--demo"]);
    cmd.env("DISPLAY", display)
        .env("LANG", "es_ES.UTF-8")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    Killed(cmd.spawn().expect("start caja"))
}

pub(crate) fn day_report(sb: &Sandbox) -> Value {
    serde_json::from_str(&sb.ok(&["report", "day", "--json"])).expect("report json")
}

#[test]
fn cashier_sells_in_a_real_x11_window_with_a_wedge_scanner() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // As a till runs: an unprivileged user, confined.
    let sb = Sandbox::unprivileged();
    let (_xvfb, display) = xvfb();
    let blank = pixels(&display);
    let mut caja = demo_till(&sb, &display);

    // The window appears with the login screen, and gets the keyboard focus (no window
    // manager runs under Xvfb).
    crate::x11_backoffice::focused_window(&display, &mut caja);
    // The login screen is drawn (the first frame).
    let login = wait_for_screen_change(&display, "the login screen", &blank);

    screenshot(&display, "till-login.png");
    // Confined, seen from outside: no_new_privs, a seccomp filter, no listening socket.
    let pid = caja.0.id();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    assert!(status.contains("NoNewPrivs:\t1"), "{status}");
    assert!(status.contains("Seccomp:\t2"), "{status}");
    assert_eq!(listening_sockets(pid), 0, "the till listens on a socket");
    // PIN (typed by a person, 40 ms a key), then the scanner: two products (one weighed by its
    // GS1 label) and 3 × a third.
    xdotool(&display, &["type", "--delay", "40", "1111"]);
    xdotool(&display, &["key", "Return"]);
    wait_for(
        "the cashier's login in the audit trail",
        Duration::from_secs(60),
        Duration::from_millis(200),
        || {
            audit_events(&sb)
                .iter()
                .any(|(event, _)| event == "login_ok")
                .then_some(())
        },
    );
    let sale_screen = wait_for_screen_change(&display, "the sale screen after the login", &login);
    wedge_scan(&display, &demo_ean(2)); // Leche entera 1,05 €
    wedge_scan(&display, &weight_label(0, 1250)); // plátanos 1,250 kg = 3,11 €
    xdotool(&display, &["type", "--delay", "40", "3*"]);
    wedge_scan(&display, &demo_ean(36)); // 3 × 0,79 € = 2,37 €
    let cart = wait_for_screen_change(&display, "the scans reaching the cart", &sale_screen);
    // A scan while the search box (F2) has text typed by a person (150 ms a key) still goes to
    // the sale.
    xdotool(&display, &["key", "F2"]);
    xdotool(&display, &["type", "--delay", "150", "pan"]);
    wedge_scan(&display, &demo_ean(5)); // Queso fresco 1,85 €
    let search = wait_for_screen_change(&display, "the search box over the cart", &cart);
    screenshot(&display, "till-search.png");
    xdotool(&display, &["key", "Escape"]);
    let cart = wait_for_screen_change(&display, "the search box closing", &search);
    let shot = screenshot(&display, "till-cart.png");
    assert!(std::fs::metadata(&shot).expect("screenshot").len() > 10_000);

    // F12, Enter = exact cash: the sale commits. Enter goes to the payment screen once it shows.
    xdotool(&display, &["key", "F12"]);
    let payment = wait_for_screen_change(&display, "the payment screen (F12)", &cart);
    xdotool(&display, &["key", "Return"]);
    let expected = 105 + 311 + 237 + 185;
    let report = wait_for(
        "the sale in `caja report day --json`",
        Duration::from_secs(60),
        Duration::from_millis(200),
        || Some(day_report(&sb)).filter(|r| r["sales_count"] == 1),
    );
    wait_for_screen_change(&display, "the paid sale", &payment);
    screenshot(&display, "till-paid.png");
    assert_eq!(report["net_total"], expected, "{report}");
    assert_eq!(report["tenders"][0]["kind"], "cash", "{report}");
    // The session's confinement is in the audit trail: full.
    let events = audit_events(&sb);
    let confinement: Vec<&Value> = events
        .iter()
        .filter(|(event, _)| event == "confinement")
        .map(|(_, detail)| detail)
        .collect();
    assert_eq!(confinement.len(), 1, "{events:?}");
    assert_eq!(confinement[0]["level"], "full", "{events:?}");
    assert!(
        caja.0.try_wait().expect("caja status").is_none(),
        "caja died"
    );
}

/// Runs `caja --exit-after-first-frame` on its own Xvfb: the window opens, draws the login
/// screen, closes cleanly (within two minutes, or the test fails).
fn first_frame_and_exit(sb: &Sandbox) -> Output {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_xvfb, display) = xvfb();
    let mut cmd = sb.cmd(&["--exit-after-first-frame"]);
    cmd.env("DISPLAY", &display).env_remove("WAYLAND_DISPLAY");
    output_within(
        cmd,
        "caja --exit-after-first-frame exiting",
        Duration::from_secs(120),
    )
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

/// The newest attempt in the backup log (`caja backup list --json`, newest first) is the clean
/// exit's, it worked, and it wrote `file` with `documents` documents; the session made one.
fn assert_exit_backup_logged(log: &Value, file: &Path, documents: i64) {
    let log = log.as_array().expect("the backup log");
    let newest = log.first().expect("no backup attempt was logged");
    assert_eq!(
        newest["reason"], "exit",
        "the newest backup is not the exit's: {log:?}"
    );
    assert_eq!(
        newest["error"],
        Value::Null,
        "the exit backup failed: {newest}"
    );
    assert_eq!(
        newest["file"],
        file.display().to_string(),
        "the exit backup is not the file in backup.dir: {newest}"
    );
    assert_eq!(newest["documents"], documents, "{newest}");
    let exits = log.iter().filter(|r| r["reason"] == "exit").count();
    assert_eq!(exits, 1, "one clean exit, one exit backup: {log:?}");
}

#[test]
fn the_exit_backup_check_fails_on_a_log_without_a_good_exit_backup() {
    let file = Path::new("/media/usb/caja/caja-T01-20260302T090000Z.age");
    let good = |reason: &str| {
        json!({"at": "2026-03-02T09:00:00Z", "reason": reason, "file": file, "bytes": 9000,
               "documents": 20, "seconds": 0.1, "error": null})
    };
    let failed = json!({"at": "2026-03-02T09:00:01Z", "reason": "exit", "file": null,
                        "bytes": null, "documents": null, "seconds": 0.1,
                        "error": "the destination is full"});
    let mut elsewhere = good("exit");
    elsewhere["file"] = json!("/tmp/caja-T01-20260302T090000Z.age");
    assert_exit_backup_logged(&json!([good("exit"), good("interval")]), file, 20);
    for (log, why) in [
        (json!([]), "nothing logged"),
        (json!([good("interval")]), "no exit backup"),
        (json!([failed, good("interval")]), "the exit backup failed"),
        (json!([elsewhere]), "another file"),
        (json!([good("exit"), good("exit")]), "two exit backups"),
    ] {
        let caught = std::panic::catch_unwind(|| assert_exit_backup_logged(&log, file, 20));
        assert!(caught.is_err(), "the check passed with {why}: {log}");
    }
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
    let listed: Value =
        serde_json::from_str(&sb.ok(&["backup", "list", "--json"])).expect("backup list json");
    assert_exit_backup_logged(&listed["log"], &files[0], 20);
}
