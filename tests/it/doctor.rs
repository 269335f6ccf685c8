//! `caja doctor` on a real store: each fault it looks for made for real (a file's mode, a
//! missing device node, no backup and a stale one, an unsynchronised clock, a kernel without
//! Landlock, an unreadable certificate, a broken configuration) is seen red with its fix, and
//! green once that fix is typed; exit 0 only when nothing is red.

use crate::agency::Pki;
use crate::support::Sandbox;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// A program answering `timedatectl show -p NTPSynchronized --value` with `answer`.
fn fake_timedatectl(dir: &Path, answer: &str) -> String {
    let path = dir.join(format!("timedatectl-{answer}"));
    std::fs::write(&path, format!("#!/bin/sh\necho {answer}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

/// The doctor's lights by check, its exit status, and its text (for the fixes).
fn doctor(sb: &Sandbox, env: &[(&str, &str)]) -> (BTreeMap<String, String>, bool, String) {
    let run = |json: bool| {
        let mut c = sb.cmd(if json {
            &["doctor", "--json"]
        } else {
            &["doctor"]
        });
        c.env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("CAJA_LANDLOCK_ABI");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let out = run(true);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let lights = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["light"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let red = json["worst"] == "red";
    assert_eq!(
        out.status.success(),
        !red,
        "exit 0 only when nothing is red"
    );
    let text = String::from_utf8(run(false).stdout).unwrap();
    (lights, out.status.success(), text)
}

#[test]
fn each_fault_is_red_with_its_fix_and_green_once_fixed() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let tools = sb.dir.path().join("tools");
    std::fs::create_dir(&tools).unwrap();
    let synced = fake_timedatectl(&tools, "yes");
    let unsynced = fake_timedatectl(&tools, "no");
    let ok_env = [("CAJA_TIMEDATECTL", synced.as_str())];

    // Backups not set up, no certificate: red.
    let (lights, ok, text) = doctor(&sb, &ok_env);
    assert!(!ok);
    assert_eq!(lights["backup"], "red", "{text}");
    assert!(text.contains("fix: caja config set backup.dir"), "{text}");
    assert_eq!(lights["certificate"], "red");
    for green in [
        "config",
        "state-dir",
        "database",
        "key",
        "key-place",
        "store",
        "schema",
    ] {
        assert_eq!(lights[green], "green", "{green}: {text}");
    }

    // Backups set up: red until one is made, then green.
    let owner = sb.dir.path().join("owner.txt");
    let recipient = sb.ok(&["backup", "keygen", "--out", &owner.display().to_string()]);
    let usb = sb.dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    sb.ok(&["config", "set", "backup.dir", &usb.display().to_string()]);
    sb.ok(&["config", "set", "backup.recipients", recipient.trim()]);
    let (lights, _, text) = doctor(&sb, &ok_env);
    assert_eq!(lights["backup"], "red");
    assert!(
        text.contains("no good backup yet") && text.contains("fix: caja backup now"),
        "{text}"
    );
    sb.ok(&["backup", "now"]);
    let (lights, _, _) = doctor(&sb, &ok_env);
    assert_eq!(lights["backup"], "green");
    assert_eq!(lights["backup-disk"], "green");
    // A stale one (the last good backup 30 hours ago, every 4 hours set): red, then fixed.
    {
        let store = sb.open_store();
        let old = (chrono::Utc::now() - chrono::Duration::hours(30)).to_rfc3339();
        store
            .connection()
            .execute("UPDATE backups SET at = ?1", [old])
            .unwrap();
    }
    let (lights, _, text) = doctor(&sb, &ok_env);
    assert_eq!(lights["backup"], "red", "{text}");
    assert!(text.contains("30 h old"), "{text}");
    sb.ok(&["backup", "now"]);
    assert_eq!(doctor(&sb, &ok_env).0["backup"], "green");

    // The certificate: unreadable with a wrong password, then read (a test certificate valid
    // two days: amber, renew soon).
    let pki = Pki::new();
    sb.ok(&[
        "config",
        "set",
        "fiscal.certificate",
        &pki.path("client.p12").display().to_string(),
    ]);
    sb.ok(&[
        "config",
        "set",
        "fiscal.certificate_password_file",
        &pki.path("wrong-password").display().to_string(),
    ]);
    let (lights, _, text) = doctor(&sb, &ok_env);
    assert_eq!(lights["certificate"], "red");
    assert!(text.contains("cannot be read"), "{text}");
    sb.ok(&[
        "config",
        "set",
        "fiscal.certificate_password_file",
        &pki.path("password").display().to_string(),
    ]);
    let (lights, ok, text) = doctor(&sb, &ok_env);
    assert_eq!(lights["certificate"], "amber", "{text}");
    assert!(
        text.contains("expires in 1 days") || text.contains("expires in 2 days"),
        "{text}"
    );
    assert!(ok, "nothing red now:\n{text}");

    // Modes: the database and the state dir opened to others, each fixed by its command.
    let db = sb.db_file();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (lights, ok, text) = doctor(&sb, &ok_env);
    assert!(!ok);
    assert_eq!(lights["database"], "red");
    let fix = format!("fix: chmod 600 {}", db.display());
    assert!(text.contains(&fix), "{text}");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(sb.data_dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (lights, _, text) = doctor(&sb, &ok_env);
    assert_eq!(lights["database"], "green");
    assert_eq!(lights["state-dir"], "red");
    assert!(
        text.contains(&format!("fix: chmod 700 {}", sb.data_dir().display())),
        "{text}"
    );
    std::fs::set_permissions(sb.data_dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(doctor(&sb, &ok_env).0["state-dir"], "green");

    // A serial scanner whose node is missing; then the node is there (a character device).
    let node = sb.dir.path().join("ttyUSB9");
    sb.ok(&[
        "config",
        "set",
        "devices.scanner",
        &format!("serial:{}", node.display()),
    ]);
    let (lights, _, text) = doctor(&sb, &ok_env);
    assert_eq!(lights["device-scanner"], "red", "{text}");
    assert!(text.contains("is missing"), "{text}");
    let made = std::process::Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    assert!(made.success());
    assert_eq!(doctor(&sb, &ok_env).0["device-scanner"], "green");

    // A network printer is asked for its status: out of paper is red, then ready is green.
    let printer = crate::printer_status::NetPrinter::start();
    printer.set(crate::printer_status::PAPER_OUT);
    sb.ok(&["config", "set", "devices.printer", &printer.uri.to_string()]);
    let (lights, _, text) = doctor(&sb, &ok_env);
    assert_eq!(lights["device-printer"], "red", "{text}");
    assert!(text.contains("out of paper"), "{text}");
    printer.set(crate::printer_status::READY);
    let (lights, _, text) = doctor(&sb, &ok_env);
    assert_eq!(lights["device-printer"], "green", "{text}");
    assert!(text.contains("its status: ready"), "{text}");

    // The clock: unsynchronised is red, synchronised green.
    let (lights, _, text) = doctor(&sb, &[("CAJA_TIMEDATECTL", unsynced.as_str())]);
    assert_eq!(lights["clock"], "red");
    assert!(
        text.contains("fix: sudo timedatectl set-ntp true"),
        "{text}"
    );
    assert_eq!(doctor(&sb, &ok_env).0["clock"], "green");

    // A kernel without Landlock (capped): the till could not confine itself.
    let capped = [ok_env[0], ("CAJA_LANDLOCK_ABI", "0")];
    let (lights, ok, _) = doctor(&sb, &capped);
    assert_eq!(lights["confinement"], "red");
    assert_eq!(lights["doctor-confined"], "amber");
    assert!(!ok);
    if caja::sandbox::sys::landlock_abi() >= 6 {
        assert_eq!(doctor(&sb, &ok_env).0["confinement"], "green");
    }

    // A broken configuration is a red line of its own, and the rest is still checked.
    let config = sb.config_file();
    let kept = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{kept}\n[till]\nreceipt_width = \"wide\"\n"),
    )
    .unwrap();
    let (lights, ok, text) = doctor(&sb, &ok_env);
    assert!(!ok);
    assert_eq!(lights["config"], "red", "{text}");
    assert_eq!(lights["store"], "green");
    std::fs::write(&config, kept).unwrap();
    let (lights, ok, text) = doctor(&sb, &ok_env);
    assert_eq!(lights["config"], "green");
    assert!(ok, "{text}");
}

#[test]
fn a_store_with_the_wrong_key_is_red() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    std::fs::write(sb.key_file(), "ab".repeat(32)).unwrap();
    let (lights, ok, text) = doctor(&sb, &[]);
    assert!(!ok);
    assert_eq!(lights["store"], "red", "{text}");
    assert!(text.contains("does not open with its key"), "{text}");
}
