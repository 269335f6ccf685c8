//! The hardened systemd unit in `packaging/`: it verifies, its exposure stays at or under 1.5
//! (`systemd-analyze security --offline=yes`), and it lets Caja confine itself (the Landlock and
//! seccomp calls pass the unit's own system-call filter).

use std::path::Path;
use std::process::Command;

fn unit() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/caja.service"))
        .expect("packaging/caja.service")
}

fn analyze(args: &[&str]) -> std::process::Output {
    Command::new("systemd-analyze")
        .args(args)
        .output()
        .expect("systemd-analyze is missing: apt-get install systemd (or run .ci/run)")
}

/// The unit with ExecStart pointing at the binary under test, in a temp dir.
fn unit_for_this_build(dir: &Path) -> std::path::PathBuf {
    let text = unit().replace(
        "ExecStart=/usr/bin/caja",
        &format!("ExecStart={}", env!("CARGO_BIN_EXE_caja")),
    );
    let path = dir.join("caja.service");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_unit_verifies_and_its_exposure_is_at_most_1_5() {
    let dir = tempfile::tempdir().unwrap();
    let path = unit_for_this_build(dir.path());
    let verify = analyze(&["verify", &path.display().to_string()]);
    assert!(
        verify.status.success(),
        "systemd-analyze verify: {}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    let security = analyze(&["security", "--offline=yes", &path.display().to_string()]);
    let text = String::from_utf8_lossy(&security.stdout).into_owned()
        + &String::from_utf8_lossy(&security.stderr);
    let exposure: f64 = text
        .lines()
        .find_map(|l| l.split("Overall exposure level for caja.service: ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in: {text}"));
    println!("systemd-analyze security exposure: {exposure}");
    assert!(exposure <= 1.5, "exposure {exposure} > 1.5:\n{text}");
}

#[test]
fn the_units_filters_let_caja_confine_itself_and_its_paths_match_caja() {
    let text = unit();
    let filters: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("SystemCallFilter="))
        .collect();
    let allowed: Vec<&str> = filters
        .iter()
        .filter(|f| !f.starts_with('~'))
        .flat_map(|f| f.split_whitespace())
        .collect();
    let denied_groups: Vec<&str> = filters
        .iter()
        .filter_map(|f| f.strip_prefix('~'))
        .flat_map(|f| f.split_whitespace())
        .collect();
    for call in [
        "landlock_create_ruleset",
        "landlock_add_rule",
        "landlock_restrict_self",
        "seccomp",
    ] {
        assert!(allowed.contains(&call), "{call} is not allowed by the unit");
        for group in &denied_groups {
            let out = analyze(&["syscall-filter", group]);
            let members = String::from_utf8_lossy(&out.stdout);
            // An unknown group, or a failed run, lists nothing and would deny nothing.
            assert!(
                out.status.success() && members.lines().any(|l| !l.trim().is_empty()),
                "systemd-analyze syscall-filter {group} listed no calls: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !members.lines().any(|l| l.trim() == call),
                "{group} denies {call}"
            );
        }
    }
    // What Caja reads: the credential name, the data and config paths in the state directory.
    assert!(text.contains("LoadCredential=caja-db-key:"));
    assert!(text.contains("StateDirectory=caja"));
    assert!(text.contains("Environment=CAJA_DATA_DIR=/var/lib/caja/"));
    assert!(text.contains("User=caja") && text.contains("NoNewPrivileges=yes"));
    assert!(text.contains("ProtectSystem=strict") && text.contains("PrivateTmp=yes"));
}

/// The kiosk's units and the USB stick's: each verifies (a program this machine lacks, Xorg or
/// cage, is the only complaint allowed), the display's cookie is the till's alone, cage is told
/// to end on SIGHUP, and the stick is mounted nosuid, nodev, noexec.
#[test]
fn the_kiosk_and_usb_units_verify() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging");
    let dir = tempfile::tempdir().unwrap();
    for (file, as_name) in [
        ("caja-display.service", "caja-display.service"),
        ("caja-cage.service", "caja-cage.service"),
        ("caja-usb@.service", "caja-usb@sdz1.service"),
        ("caja-usb-eject.path", "caja-usb-eject.path"),
        ("caja-usb-eject.service", "caja-usb-eject.service"),
    ] {
        let path = dir.path().join(as_name);
        std::fs::copy(root.join(file), &path).unwrap();
        let out = analyze(&["verify", &path.display().to_string()]);
        let said = String::from_utf8_lossy(&out.stderr).into_owned()
            + &String::from_utf8_lossy(&out.stdout);
        let complaints: Vec<&str> = said
            .lines()
            .filter(|l| !l.trim().is_empty())
            .filter(|l| !l.contains("is not executable: No such file or directory"))
            .filter(|l| !l.contains("dev-sdz1.device"))
            .collect();
        assert!(complaints.is_empty(), "{file}: {said}");
    }
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
    let display = read("caja-display.service");
    assert!(display.contains("-auth /run/caja-display/xauth") && display.contains("-nolisten tcp"));
    assert!(display.contains("chown caja:caja /run/caja-display /run/caja-display/xauth"));
    assert!(display.contains("umask 077"));
    assert!(unit().contains("Environment=XAUTHORITY=/run/caja-display/xauth"));
    let cage = read("caja-cage.service");
    assert!(cage.contains("KillSignal=SIGHUP") && cage.contains("User=caja"));
    assert!(read("caja-usb@.service").contains("nosuid,nodev,noexec"));
    assert!(read("udev/60-caja.rules").contains("caja-usb@%k.service"));
}
