//! Embeds every language of `assets/locales/` in the binary. A translator adds a folder
//! (`assets/locales/es-MX/caja.ftl`, `ca/caja.ftl`, …) and rebuilds; no Rust changes. The list
//! is written to `$OUT_DIR/locales.rs` as `include_str!`s, read by `src/i18n/mod.rs`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=assets/locales");
    // Read at run time, not baked in with env!: checkouts that share a target directory (git
    // worktrees) share this script's binary, and each must embed its own message files.
    let manifest_dir =
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|e| panic!("CARGO_MANIFEST_DIR: {e}"));
    let root = Path::new(&manifest_dir).join("assets/locales");
    let mut languages: Vec<(String, Vec<String>)> = Vec::new();
    let entries = std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    for entry in entries.flatten() {
        let dir = entry.path();
        let Some(tag) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        if !dir.is_dir() {
            continue;
        }
        assert!(
            !tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "assets/locales/{tag}: a folder is a language tag such as es, en or es-MX"
        );
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|f| f.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .map(|p| p.display().to_string())
            .collect();
        files.sort();
        languages.push((tag, files));
    }
    languages.sort();
    let mut out = String::from("/// Every language folder: its tag and its `.ftl` files.\n");
    out.push_str("const LOCALES: &[(&str, &[&str])] = &[\n");
    for (tag, files) in &languages {
        let _ = write!(out, "    ({tag:?}, &[");
        for f in files {
            let _ = write!(out, "include_str!({f:?}), ");
        }
        out.push_str("]),\n");
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"));
    let dest = Path::new(&out_dir).join("locales.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
