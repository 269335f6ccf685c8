//! The installed till's store from the command line: `sudo caja …` reads the root-only key
//! credential as root, becomes the `caja` user before it opens anything, and works on the
//! till's store in /var/lib/caja — everything it writes belongs to the caja user; another user
//! who would make a second, empty store is told where the till's store is. The installed places
//! are put under a temporary folder (`CAJA_SYSTEM_ROOT`); the user change is real (root →
//! nobody's uid), so these tests run only as root.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// A machine's installed places under `root`: the caja user (nobody's ids), its state dir and
/// the key credential, as the package's scripts make them.
fn install(root: &Path) {
    for d in ["etc/credstore", "var/lib/caja"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    for d in ["", "etc", "var", "var/lib"] {
        std::fs::set_permissions(root.join(d), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::write(
        root.join("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\ncaja:x:65534:65534:Caja point of sale:/var/lib/caja:/usr/sbin/nologin\n",
    )
    .unwrap();
    let state = root.join("var/lib/caja");
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::os::unix::fs::chown(&state, Some(65534), Some(65534)).unwrap();
    let credstore = root.join("etc/credstore");
    std::fs::set_permissions(&credstore, std::fs::Permissions::from_mode(0o700)).unwrap();
    let key = credstore.join("caja-db-key");
    std::fs::write(&key, "5a".repeat(32)).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// `caja ARGS` as root (as `sudo caja` runs it: no CAJA_* paths, no --allow-root).
fn sudo_caja(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caja"))
        .args(args)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("CAJA_SYSTEM_ROOT", root)
        .env("TZ", "Europe/Madrid")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sudo_caja_reads_the_key_as_root_and_works_on_the_tills_store_as_caja() {
    if !is_root() {
        eprintln!("SKIPPED: the user change needs root (run the tests as root, as CI does)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    install(root);
    ok(sudo_caja(
        root,
        &["seed-demo", "--sales", "30", "--days", "2"],
    ));
    // The store is the till's, written by the caja user; the key stays root's, unread by caja.
    let db = root.join("var/lib/caja/data/caja.db");
    let meta = std::fs::metadata(&db).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(meta.mode() & 0o777, 0o600);
    let key = std::fs::metadata(root.join("etc/credstore/caja-db-key")).unwrap();
    assert_eq!((key.uid(), key.mode() & 0o777), (0, 0o600));
    // The same store, again through sudo: its report and its check.
    let day: serde_json::Value =
        serde_json::from_str(&ok(sudo_caja(root, &["report", "day", "--json"]))).unwrap();
    assert!(day["sales_count"].as_i64().is_some(), "{day}");
    assert!(ok(sudo_caja(root, &["check"])).contains("0 problems"));
    // The doctor by the same path: the key is root's credential (right), the store the till's.
    let out = sudo_caja(root, &["doctor", "--json"]);
    let doctor: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let light = |id: &str| {
        doctor["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["light"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no {id} in {doctor}"))
    };
    for id in [
        "key",
        "key-place",
        "state-dir",
        "database",
        "store",
        "schema",
    ] {
        assert_eq!(light(id), "green", "{id}: {doctor}");
    }
    // Opened with that key: the credential's bytes open the database.
    let conn = caja::store::key::open_keyed(
        &db,
        &caja::store::key::read_credential(&root.join("etc/credstore/caja-db-key")).unwrap(),
    )
    .unwrap();
    let docs: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert!(docs >= 30, "{docs} documents");
}

#[test]
fn another_user_is_told_where_the_tills_store_is_instead_of_making_a_second_one() {
    if !is_root() {
        eprintln!("SKIPPED: setting up the installed places needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    install(root);
    let home = tempfile::Builder::new()
        .prefix("caja-home")
        .tempdir_in("/tmp")
        .unwrap();
    std::os::unix::fs::chown(home.path(), Some(65534), Some(65534)).unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_caja"))
        .args(["report", "day"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home.path())
        .env("CAJA_SYSTEM_ROOT", root)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!(
            "keeps its store in {}",
            root.join("var/lib/caja/data").display()
        )) && said.contains("sudo caja"),
        "{said}"
    );
    assert!(
        !home.path().join(".local/share/caja/caja.db").exists(),
        "no second store made"
    );
}
