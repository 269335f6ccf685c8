//! The levels of ARCHITECTURE.md, enforced: every `crate::…` path in a module's source names a
//! module its row of the table allows. The table is read from ARCHITECTURE.md itself, so the
//! document and the code cannot drift apart; a module missing from the table, a table that
//! lets a module use one on its own level or above, and an edge the table does not list all
//! fail here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

struct Row {
    level: u32,
    may_use: BTreeSet<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `| level | module | may use |` rows of the "Levels" table in ARCHITECTURE.md.
fn table() -> BTreeMap<String, Row> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let start = text
        .find("<!-- levels:begin -->")
        .expect("ARCHITECTURE.md has a <!-- levels:begin --> marker before the levels table");
    let end = text
        .find("<!-- levels:end -->")
        .expect("ARCHITECTURE.md has a <!-- levels:end --> marker after the levels table");
    let mut rows = BTreeMap::new();
    for line in text[start..end].lines() {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        if cells.len() != 3 {
            continue;
        }
        let Ok(level) = cells[0].trim().parse::<u32>() else {
            continue; // the header and the rule under it
        };
        let module = cells[1].trim().trim_matches('`').to_string();
        let may_use = cells[2]
            .split(',')
            .map(|m| m.trim().trim_matches('`').to_string())
            .filter(|m| !m.is_empty() && m != "—")
            .collect();
        rows.insert(module, Row { level, may_use });
    }
    rows
}

/// The top-level modules `src/lib.rs` declares.
fn modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').trim().to_string())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source of a module (`src/m.rs` or every file under `src/m/`), comments left out.
fn code_of(module: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let single = root().join("src").join(format!("{module}.rs"));
    if single.exists() {
        files.push(single);
    }
    rust_files(&root().join("src").join(module), &mut files);
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            let code: Vec<&str> = text
                .lines()
                .map(|l| match l.find("//") {
                    Some(i) => &l[..i],
                    None => l,
                })
                .collect();
            (f, code.join("\n"))
        })
        .collect()
}

fn ident(text: &str) -> String {
    text.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// Every crate-root name in `code`: `crate::NAME…` and each name of `crate::{A, B::…}`.
fn uses(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names only: nested groups belong to the name before them.
            let mut depth = 0;
            let mut names = vec![String::new()];
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => names.push(String::new()),
                    _ if depth == 0 => names.last_mut().unwrap().push(ch),
                    _ => {}
                }
            }
            out.extend(names.iter().map(|n| ident(n)).filter(|n| !n.is_empty()));
            continue;
        }
        let name = ident(rest);
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

/// Macros exported at the crate root (`crate::NAME!`), by the module that defines them.
fn macro_homes(modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut homes = BTreeMap::new();
    for m in modules {
        for (_, code) in code_of(m) {
            let mut rest = code.as_str();
            while let Some(i) = rest.find("macro_rules!") {
                rest = &rest[i + "macro_rules!".len()..];
                homes.insert(ident(rest), m.clone());
            }
        }
    }
    homes
}

#[test]
fn every_module_has_one_level_and_only_looks_down() {
    let table = table();
    let modules = modules();
    for m in &modules {
        assert!(
            table.contains_key(m),
            "src/lib.rs declares `{m}` but ARCHITECTURE.md's levels table has no row for it"
        );
    }
    for (m, row) in &table {
        assert!(
            modules.contains(m),
            "ARCHITECTURE.md lists `{m}`, which src/lib.rs does not declare"
        );
        for used in &row.may_use {
            let other = table
                .get(used)
                .unwrap_or_else(|| panic!("`{m}` may use `{used}`, which has no row"));
            assert!(
                other.level < row.level,
                "`{m}` (level {}) may use `{used}` (level {}): an edge must point to a lower level",
                row.level,
                other.level
            );
        }
    }
}

#[test]
fn no_module_uses_one_its_row_does_not_allow() {
    let table = table();
    let homes = macro_homes(&modules());
    let mut wrong = Vec::new();
    for (m, row) in &table {
        for (file, code) in code_of(m) {
            for name in uses(&code) {
                // A crate-root macro counts as a use of the module that defines it.
                let used = homes.get(&name).cloned().unwrap_or(name);
                if used != *m && !row.may_use.contains(&used) {
                    wrong.push(format!(
                        "{} uses `{used}`, but `{m}` (level {}) may use only: {}",
                        file.strip_prefix(root()).unwrap_or(&file).display(),
                        row.level,
                        row.may_use.iter().cloned().collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "edges the levels table does not allow:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_edge_reader_sees_what_it_must() {
    let code = "use crate::store::Store;\nlet x = crate::till::money::Money::zero(c);";
    assert_eq!(
        uses(code),
        ["store", "till"].into_iter().map(String::from).collect()
    );
    assert!(uses("let s = \"no crate here\";").is_empty());
    assert_eq!(
        uses("use crate::{id, msg};\nuse crate::{app::{Till, Clock}, store::Store};"),
        ["app", "id", "msg", "store"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    let homes = macro_homes(&modules());
    assert_eq!(homes.get("msg").map(String::as_str), Some("i18n"));
}

/// Point 2 of the foundation: the screen draws state and emits commands. It owns no device and
/// runs no SQL, file or network I/O of its own: the app owns the devices and worker threads,
/// and the screen reads their state through `Till` (kept in memory) and `Till::poll_events`.
#[test]
fn the_screen_owns_no_device_and_runs_no_io() {
    let forbidden = [
        (
            ".store()",
            "a store query from the screen (ask the app, which caches it)",
        ),
        ("store::Store", "the store itself"),
        ("rusqlite", "SQL"),
        ("serialport", "a serial port"),
        (
            "::start(",
            "a device or worker thread (the app starts them)",
        ),
        ("read_weight", "a blocking scale read"),
        (
            "SerialScale",
            "a scale (the app reads it on its own thread)",
        ),
        ("devices::detect", "device discovery (ask the app)"),
        ("std::fs", "file I/O"),
        ("std::net", "network I/O"),
        ("std::thread", "a thread"),
    ];
    // A pattern that ends in a name matches only the whole name (`store::Store`, not
    // `store::StoreError`, a type the screen may show).
    let has = |code: &str, pattern: &str| {
        code.match_indices(pattern).any(|(i, _)| {
            let next = code[i + pattern.len()..].chars().next();
            let ends_in_name = pattern.ends_with(|c: char| c.is_alphanumeric() || c == '_');
            !ends_in_name || !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    };
    assert!(has("use crate::store::Store;", "store::Store"));
    assert!(!has("use crate::store::StoreError;", "store::Store"));
    let mut found = Vec::new();
    for (file, code) in code_of("ui") {
        for (pattern, what) in forbidden {
            if has(&code, pattern) {
                found.push(format!(
                    "{}: `{pattern}` — {what}",
                    file.strip_prefix(root()).unwrap_or(&file).display()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the screen must not:\n{}",
        found.join("\n")
    );
}

/// Every write transaction takes the write lock first (`BEGIN IMMEDIATE`): a deferred one that
/// reads and then writes fails at once with "database is locked" when another process (the
/// till, the back office, a command) wrote in between — SQLite cannot wait for it.
#[test]
fn every_transaction_takes_the_write_lock_first() {
    let forbidden = [
        (".transaction()", "a deferred transaction"),
        ("unchecked_transaction(", "a deferred transaction"),
        ("TransactionBehavior::Deferred", "a deferred transaction"),
        ("\"BEGIN\"", "a deferred BEGIN"),
        ("BEGIN;", "a deferred BEGIN"),
        ("BEGIN DEFERRED", "a deferred BEGIN"),
    ];
    let mut found = Vec::new();
    for module in modules() {
        for (file, code) in code_of(&module) {
            for (pattern, what) in forbidden {
                if code.contains(pattern) {
                    found.push(format!(
                        "{}: `{pattern}` — {what}; use TransactionBehavior::Immediate",
                        file.strip_prefix(root()).unwrap_or(&file).display()
                    ));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
