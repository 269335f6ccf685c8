//! One door for every effect: what changes state or touches hardware goes through
//! `Till::apply` with its permission check and its audit entry — a reprint (printed marked
//! COPIA), the drawer test, the test page, a configuration edit — and `caja users add` is
//! audited too.

use crate::support::Sandbox;
use caja::app::command::{Command, Outcome};
use caja::app::demo::demo_ean;
use caja::app::{AppError, DrawerPulse};
use caja::config::TillSettings;
use caja::devices::decode::{decode, listing};
use caja::devices::uri::DeviceUri;

fn last_event(till: &caja::app::Till<caja::app::ManualClock>) -> (String, String) {
    let row = till.store().audit_tail(1).unwrap().remove(0);
    (row.event, row.detail)
}

#[test]
fn a_reprint_is_audited_and_prints_marked_copia() {
    let sb = Sandbox::new();
    let path = sb.dir.path().join("receipts.bin");
    let printer = DeviceUri::File(path.clone());
    let settings = TillSettings {
        printer: Some(printer.clone()),
        ..Default::default()
    };
    let mut till = sb.demo_till_with(settings);
    till.apply(Command::Login { pin: "1111".into() }).unwrap();
    till.apply(Command::Scan { code: demo_ean(2) }).unwrap();
    till.apply(Command::Cash { amount: None }).unwrap();
    let number = till.last_receipt().unwrap().to_string();
    let outcome = till.apply(Command::Reprint).unwrap();
    assert!(matches!(outcome, Outcome::Printed(Some(_))), "{outcome:?}");
    let (event, detail) = last_event(&till);
    assert_eq!(event, "reprint");
    assert!(detail.contains(&number), "{detail}");
    let round =
        caja::app::workers::spooler::print_pending(till.store(), till.settings(), &printer, false)
            .unwrap();
    assert_eq!(round.delivered, 2, "the original, then the copy");
    let text = listing(&decode(&std::fs::read(&path).unwrap()).unwrap());
    let copies = text.matches("COPIA").count();
    assert_eq!(copies, 1, "only the reprint is marked:\n{text}");
    assert!(
        text.find("COPIA").unwrap() > text.find("FACTURA SIMPLIFICADA").unwrap(),
        "the copy comes second"
    );
}

#[test]
fn device_tests_need_the_devices_permission_and_are_audited() {
    let sb = Sandbox::new();
    let path = sb.dir.path().join("receipts.bin");
    let settings = TillSettings {
        printer: Some(DeviceUri::File(path)),
        ..Default::default()
    };
    let mut till = sb.demo_till_with(settings);
    till.apply(Command::Login { pin: "1111".into() }).unwrap();
    for command in [
        Command::TestPrint,
        Command::TestDrawer,
        Command::TestDisplay,
    ] {
        let refused = till.apply(command.clone());
        assert!(
            matches!(refused, Err(AppError::NeedsApproval(_))),
            "a cashier's {command:?}: {refused:?}"
        );
    }
    till.apply(Command::Login { pin: "7777".into() }).unwrap();
    assert!(matches!(
        till.apply(Command::TestPrint).unwrap(),
        Outcome::Printed(Some(_))
    ));
    assert_eq!(last_event(&till).0, "test_print");
    assert!(matches!(
        till.apply(Command::TestDrawer).unwrap(),
        Outcome::Drawer(DrawerPulse::Queued(_))
    ));
    assert_eq!(last_event(&till).0, "drawer_test");
    assert!(matches!(
        till.apply(Command::TestDisplay),
        Err(AppError::NotConfigured(caja::app::Device::Display))
    ));
    let waiting = till.store().outbox_waiting("print").unwrap();
    let kinds: Vec<&str> = waiting.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(kinds, ["test", "drawer"], "queued with their audit entries");
}

#[test]
fn a_setting_changed_from_the_till_is_checked_audited_and_written() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.set_config_file(sb.config_file());
    till.apply(Command::Login { pin: "1111".into() }).unwrap();
    let change = Command::ChangeSetting {
        key: "devices.printer".into(),
        value: "tcp://10.0.0.9:9100".into(),
    };
    assert!(
        till.apply(change.clone()).is_err(),
        "a cashier changes no settings"
    );
    assert!(!sb.config_file().exists());
    till.apply(Command::Login { pin: "9999".into() }).unwrap();
    let done = till.apply(change).unwrap();
    assert!(matches!(done, Outcome::SettingChanged { .. }), "{done:?}");
    let (event, detail) = last_event(&till);
    assert_eq!(event, "settings_change");
    assert!(detail.contains("tcp://10.0.0.9:9100"), "{detail}");
    let file = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(file.contains("tcp://10.0.0.9:9100"), "{file}");
}

#[test]
fn users_added_from_the_command_line_are_audited_with_the_user() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let mut child = sb
        .cmd(&["users", "add", "Lucía", "cashier"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"482913\n").unwrap();
    assert!(child.wait().unwrap().success());
    let store = sb.open_store();
    let row = store.audit_tail(1).unwrap().remove(0);
    assert_eq!(row.event, "user_added");
    assert!(row.detail.contains("Lucía") && row.detail.contains("cashier"));
    assert!(!row.detail.contains("482913"), "never the PIN");
    assert!(store.verify_audit().unwrap().is_ok());
}
