//! `caja setup --from FILE.toml` on an empty data dir: the whole file checked first (a weak PIN
//! or a missing tax id refuses it before anything is kept), then step by step as the first-run
//! wizard goes — identity, taxes, receipt, people (PINs changed at first use), devices, backups
//! (a first backup written and read back), fiscal, the doctor's quick checks. Cut short at the
//! printer by a bad address, it keeps the steps done and goes on from the printer when run
//! again with the address fixed; run once more, it changes nothing.

use crate::support::Sandbox;

fn setup_file(sb: &Sandbox, printer: &str, recipient: &str) -> std::path::PathBuf {
    let usb = sb.dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let text = format!(
        r#"language = "es"

[store]
legal_name = "Ferretería López, S.L."
name = "Ferretería López"
tax_id = "B12345674"
address = "Calle Mayor 1"
city = "28013 Madrid"
time_zone = "Europe/Madrid"

[taxes]
preset = "es"

[receipt]
header = "Abierto de 9 a 20 h"
footer = "Gracias por su visita"

[[people]]
name = "Ana"
role = "manager"
pin = "4826"

[[people]]
name = "Teo"
role = "technician"
pin = "7391"

[[people]]
name = "Luis"
role = "cashier"
pin = "5038"

[devices]
printer = "{printer}"

[backup]
dir = "{usb}"
recipients = "{recipient}"

[fiscal]
regime = "verifactu"
environment = "test"
"#,
        usb = usb.display()
    );
    let path = sb.dir.path().join("setup.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_till_is_set_up_from_a_file_step_by_step_and_goes_on_after_a_cut() {
    let sb = Sandbox::new();
    let owner = sb.dir.path().join("owner.txt");
    let recipient = sb
        .ok(&["backup", "keygen", "--out", &owner.display().to_string()])
        .trim()
        .to_string();
    let receipts = sb.dir.path().join("receipts.bin");

    // Checked whole first: a weak PIN refuses the file, and nothing is kept.
    let good = setup_file(&sb, &format!("file:{}", receipts.display()), &recipient);
    let text = std::fs::read_to_string(&good).unwrap();
    std::fs::write(
        &good,
        text.replace("\"4826\"", "\"2580\"")
            .replace("\"7391\"", "\"1234\""),
    )
    .unwrap();
    let out = sb.run(&["setup", "--from", &good.display().to_string()]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("step 5 (people)") && said.contains("Teo"),
        "{said}"
    );
    assert!(
        sb.ok(&["users", "list"])
            .lines()
            .all(|l| !l.contains("Ana"))
    );

    // Cut short at the printer (step 6): the steps before it are kept.
    let cut = setup_file(&sb, "lp0", &recipient);
    let out = sb.run(&["setup", "--from", &cut.display().to_string()]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("step 6 (printer)"), "{said}");
    assert!(
        sb.ok(&["store", "get", "legal_name"])
            .contains("Ferretería López, S.L.")
    );
    let users = sb.ok(&["users", "list"]);
    assert!(users.contains("Ana") && users.contains("Teo"), "{users}");

    // Run again with the address fixed: it goes on from the printer, up to the doctor, which
    // stops it on a clock that is not synchronised (shown with its fix).
    let tools = sb.dir.path().join("tools");
    std::fs::create_dir_all(&tools).unwrap();
    let clock = |answer: &str| {
        use std::os::unix::fs::PermissionsExt;
        let path = tools.join(format!("timedatectl-{answer}"));
        std::fs::write(&path, format!("#!/bin/sh\necho {answer}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    };
    let fixed = setup_file(&sb, &format!("file:{}", receipts.display()), &recipient);
    let setup = |clock: &std::path::Path| {
        sb.cmd(&["setup", "--from", &fixed.display().to_string()])
            .env("CAJA_TIMEDATECTL", clock)
            .output()
            .unwrap()
    };
    let out = setup(&clock("no"));
    assert!(!out.status.success());
    let (said, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(said.contains("going on after step 5"), "{said}");
    assert!(!said.contains("identity  done"), "{said}");
    assert!(said.contains("step  6 printer   done"), "{said}");
    assert!(said.contains("read back whole"), "{said}");
    assert!(
        said.contains("fix: sudo timedatectl set-ntp true"),
        "{said}"
    );
    assert!(err.contains("step 11 (doctor)"), "{err}");
    let out = setup(&clock("yes"));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("going on after step 10"), "{said}");
    assert!(said.contains("step 11 doctor    done"), "{said}");
    assert!(said.contains("the till is ready"), "{said}");
    // What it set: the printer and backups, the fiscal regime, the people once each, their
    // PINs to change at first use, and a first backup the owner's identity opens.
    assert!(
        sb.ok(&["config", "get", "devices.printer"])
            .contains(&receipts.display().to_string())
    );
    let fiscal = sb.ok(&["fiscal", "status"]);
    assert!(fiscal.contains("verifactu (test)"), "{fiscal}");
    let store = sb.open_store();
    let users = store.users().unwrap();
    assert_eq!(users.iter().filter(|u| u.name == "Ana").count(), 1);
    assert!(users.iter().all(|u| u.must_change_pin), "{users:?}");
    let backups: Vec<_> = std::fs::read_dir(sb.dir.path().join("usb"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let listed = std::process::Command::new("age")
        .args(["-d", "-i"])
        .arg(&owner)
        .arg(&backups[0])
        .output()
        .unwrap();
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert_eq!(
        store
            .setting(caja::app::setup::PROGRESS_KEY)
            .unwrap()
            .as_deref(),
        Some("11")
    );
    assert!(store.setting(caja::app::setup::DONE_KEY).unwrap().is_some());
    drop(store);
    // Once more: nothing to do, nothing doubled.
    let again = String::from_utf8(setup(&clock("yes")).stdout).unwrap();
    assert!(!again.contains("done\n"), "{again}");
    assert_eq!(
        sb.open_store()
            .users()
            .unwrap()
            .iter()
            .filter(|u| u.name == "Ana")
            .count(),
        1
    );
}
