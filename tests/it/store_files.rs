//! The encrypted store on real files: reopen, no plaintext, wrong / missing key, key file mode.

use crate::support::{Sandbox, sha256_file};
use caja::store::{DbKey, Store, StoreError};
use std::os::unix::fs::PermissionsExt;

#[test]
fn reopen_reads_back_what_was_written() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    till.scan(&caja::app::demo::demo_ean(3)).unwrap();
    let done = till.pay_exact_cash().unwrap();
    let caja::app::selling::PaymentProgress::Done(sale) = done else {
        panic!("not paid")
    };
    drop(till);
    let store = sb.open_store();
    let doc = store
        .document_by_number(&sale.number)
        .unwrap()
        .expect("document");
    assert_eq!(doc.total_money(), sale.total);
    assert_eq!(doc.lines.len(), 1);
    assert_eq!(doc.lines[0].name, "Leche semidesnatada 1 L");
    assert!(store.product_count().unwrap() >= 60);
}

#[test]
fn database_files_hold_no_plaintext() {
    let sb = Sandbox::new();
    let till = sb.demo_till();
    let names: Vec<String> = till
        .store()
        .list_products(crate::support::start_time().date_naive(), true)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    drop(till);
    let mut checked = 0;
    for entry in std::fs::read_dir(sb.data_dir()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "{path:?} is plain SQLite"
        );
        for probe in [
            "Barra de pan",
            "Leche entera",
            "Lucía",
            "Plátano",
            "Aceite de oliva",
        ] {
            assert!(
                !bytes.windows(probe.len()).any(|w| w == probe.as_bytes()),
                "{probe} found in {path:?}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 1);
    assert!(
        names.iter().any(|n| n == "Barra de pan"),
        "the probe names are real product names"
    );
}

#[test]
fn wrong_key_is_refused_and_the_file_is_untouched() {
    let sb = Sandbox::new();
    drop(sb.demo_till());
    let before = sha256_file(&sb.db_file());
    let wrong = DbKey::from_bytes([7u8; 32]);
    let err = Store::open(&sb.db_file(), &wrong).err().expect("must fail");
    assert!(matches!(err, StoreError::WrongKey { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("does not open") && text.contains("nothing was changed"),
        "{text}"
    );
    assert_eq!(before, sha256_file(&sb.db_file()));

    // Through the CLI: a clear message, non-zero exit, no "hmac check failed" noise.
    let other_key = sb.dir.path().join("other.key");
    std::fs::write(&other_key, format!("{}\n", "ab".repeat(32))).unwrap();
    std::fs::set_permissions(&other_key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = sb.run(&["--key-file", other_key.to_str().unwrap(), "check"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not open"), "{stderr}");
    assert!(!stderr.contains("hmac"), "{stderr}");
    assert_eq!(before, sha256_file(&sb.db_file()));
}

#[test]
fn missing_key_never_creates_a_fresh_database() {
    let sb = Sandbox::new();
    drop(sb.demo_till());
    let before = sha256_file(&sb.db_file());
    std::fs::remove_file(sb.key_file()).unwrap();
    let out = sb.run(&["catalog", "list"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is missing but the database"), "{stderr}");
    assert!(!sb.key_file().exists(), "no new key was made");
    assert_eq!(before, sha256_file(&sb.db_file()));
}

#[test]
fn key_file_is_private_and_refused_when_open_to_others() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let mode = std::fs::metadata(sb.key_file())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(sb.key_file().parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700);
    assert_eq!(
        std::fs::read_to_string(sb.key_file()).unwrap().trim().len(),
        64
    );
    assert!(!sb.key_file().starts_with(sb.data_dir()));
    std::fs::set_permissions(sb.key_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = sb.run(&["check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("chmod 600"));
}

#[test]
fn systemd_credential_key_is_used_when_present() {
    let sb = Sandbox::new();
    let creds = sb.dir.path().join("creds");
    std::fs::create_dir(&creds).unwrap();
    let key = creds.join("caja-db-key");
    std::fs::write(&key, [42u8; 32]).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o400)).unwrap();
    let out = sb
        .cmd(&["seed-demo"])
        .env_remove("CAJA_KEY_FILE")
        .env("CREDENTIALS_DIRECTORY", &creds)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !sb.key_file().exists(),
        "the credential was used, no key file made"
    );
    Store::open(&sb.db_file(), &DbKey::from_bytes([42u8; 32])).expect("opens with the credential");
}

#[test]
fn paid_documents_and_z_reports_are_immutable_in_sql() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    till.scan(&caja::app::demo::demo_ean(0)).unwrap();
    assert!(matches!(
        till.pay_exact_cash().unwrap(),
        caja::app::selling::PaymentProgress::Done(_)
    ));
    let conn = till.store().connection();
    let err = conn
        .execute("UPDATE documents SET total = 1", [])
        .unwrap_err()
        .to_string();
    assert!(err.contains("immutable"), "{err}");
    for (sql, refusal) in [
        ("DELETE FROM document_lines", "paid documents are immutable"),
        (
            "UPDATE document_tenders SET amount = 0",
            "paid documents are immutable",
        ),
        ("DELETE FROM audit_log", "the audit trail is append-only"),
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains(refusal), "{sql}: {err}");
    }
    // A Z report too, once the shift is closed.
    till.begin_close_shift().unwrap();
    till.close_shift(10_000).unwrap();
    let err = till
        .store()
        .connection()
        .execute("UPDATE z_reports SET report_json = '{}'", [])
        .unwrap_err()
        .to_string();
    assert!(err.contains("immutable"), "{err}");
}

#[test]
fn a_database_from_a_newer_caja_is_refused() {
    let sb = Sandbox::new();
    let store = sb.open_store();
    assert_eq!(
        store
            .connection()
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        caja::store::schema::SCHEMA_VERSION
    );
    store
        .connection()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    drop(store);
    let err = Store::open_in(&sb.data_dir(), &sb.key_file())
        .err()
        .expect("refused");
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("install the newer Caja"));
}

#[test]
fn everything_caja_creates_is_owner_only_and_check_names_what_is_not() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    sb.ok(&["seed-demo"]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&sb.data_dir()), 0o700, "the data dir");
    let mut seen = 0;
    for entry in std::fs::read_dir(sb.data_dir()).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 1);
    // A WAL and -shm file, as a selling till has them: SQLite gives them the database's mode.
    let store = sb.open_store();
    store.audit_tail(1).unwrap();
    for side in ["caja.db-wal", "caja.db-shm"] {
        let p = sb.data_dir().join(side);
        assert!(p.exists(), "{side} while the store is open");
        assert_eq!(mode(&p), 0o600, "{side}");
    }
    drop(store);
    // What an older Caja left (0755 / 0644) is named by `caja check`, which fails.
    std::fs::set_permissions(sb.data_dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(sb.db_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = sb.run(&["check"]);
    assert!(!out.status.success());
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("file-mode"), "{text}");
    assert!(text.contains("chmod 700"), "{text}");
    assert!(text.contains("chmod 600"), "{text}");
}

/// The README's recipe opens the store with a standard SQLCipher 4 reader (PyPI's
/// `sqlcipher3-binary`, installed by `.ci/run`) and the key file, without Caja.
#[test]
fn a_standard_sqlcipher_4_reader_opens_the_store_with_the_readme_recipe() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", "25", "--days", "2"]);
    let docs = sb.open_store().document_count().unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for pragma in [
        "PRAGMA key = \"x'",
        "PRAGMA cipher_hmac_algorithm = HMAC_SHA256;",
    ] {
        assert!(readme.contains(pragma), "README shows {pragma}");
    }
    let key = std::fs::read_to_string(sb.key_file()).unwrap();
    let script = format!(
        "import sqlcipher3\n\
         c = sqlcipher3.connect({db:?})\n\
         c.execute(\"PRAGMA key = \\\"x'{key}'\\\"\")\n\
         c.execute('PRAGMA cipher_hmac_algorithm = HMAC_SHA256;')\n\
         print(c.execute('PRAGMA cipher_version').fetchone()[0])\n\
         print(c.execute('SELECT count(*) FROM documents').fetchone()[0])\n",
        db = sb.db_file().display().to_string(),
        key = key.trim()
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "sqlcipher3 (pip install sqlcipher3-binary, or run .ci/run): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert!(
        lines.next().unwrap().starts_with('4'),
        "SQLCipher 4: {text}"
    );
    assert_eq!(lines.next().unwrap().parse::<i64>().unwrap(), docs);
}
