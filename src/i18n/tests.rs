//! The message files checked against each other and against the code: every language has the
//! ids of Spanish with the same variables (and no others), and every id the code asks for
//! (`id!("…")` / `msg!("…"`) exists. Each check is a function tested on a broken example too, so
//! it is known to fail when it should.

use super::*;
use crate::{id, msg};
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A language's messages: id → the variables its text uses.
type Catalog = BTreeMap<String, BTreeSet<String>>;

fn inline_vars(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    use ast::InlineExpression::*;
    match e {
        VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        Placeable { expression } => expression_vars(expression, out),
        FunctionReference { arguments, .. } => call_vars(arguments, out),
        TermReference {
            arguments: Some(arguments),
            ..
        } => call_vars(arguments, out),
        _ => {}
    }
}

fn call_vars(args: &ast::CallArguments<&str>, out: &mut BTreeSet<String>) {
    for a in &args.positional {
        inline_vars(a, out);
    }
    for a in &args.named {
        inline_vars(&a.value, out);
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

/// Parses one language's files; a syntax error, a term, an attribute or a message without a
/// value is a problem (the till reads only plain messages).
fn catalog(tag: &str, sources: &[&str]) -> Result<Catalog, Vec<String>> {
    let mut out = Catalog::new();
    let mut problems = Vec::new();
    for source in sources {
        let resource = match fluent_syntax::parser::parse(*source) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    problems.push(format!("{tag}: syntax error {e:?}"));
                }
                r
            }
        };
        for entry in &resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    match &m.value {
                        Some(p) => pattern_vars(p, &mut vars),
                        None => problems.push(format!("{tag}: {} has no text", m.id.name)),
                    }
                    if !m.attributes.is_empty() {
                        problems.push(format!("{tag}: {} has attributes", m.id.name));
                    }
                    if out.insert(m.id.name.to_string(), vars).is_some() {
                        problems.push(format!("{tag}: {} is there twice", m.id.name));
                    }
                }
                ast::Entry::Term(t) => problems.push(format!("{tag}: term -{}", t.id.name)),
                ast::Entry::Junk { content } => problems.push(format!("{tag}: junk {content:?}")),
                _ => {}
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// What `other` does differently from the reference language.
fn differences(reference: &Catalog, tag: &str, other: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for (id, vars) in reference {
        match other.get(id) {
            None => out.push(format!("{tag}: {id} is missing")),
            Some(v) if v != vars => out.push(format!(
                "{tag}: {id} uses {v:?}, {DEFAULT_TAG} uses {vars:?}"
            )),
            Some(_) => {}
        }
    }
    for id in other.keys().filter(|id| !reference.contains_key(*id)) {
        out.push(format!("{tag}: {id} is not in {DEFAULT_TAG}"));
    }
    out
}

fn spanish() -> Catalog {
    let (tag, sources) = LOCALES
        .iter()
        .find(|(tag, _)| *tag == DEFAULT_TAG)
        .expect("assets/locales/es");
    catalog(tag, sources).unwrap_or_else(|p| panic!("{}", p.join("\n")))
}

#[test]
fn every_language_has_the_ids_and_variables_of_spanish() {
    let es = spanish();
    assert!(es.len() > 100, "only {} messages in es", es.len());
    assert!(LOCALES.len() >= 2, "es and en at least");
    let mut problems = Vec::new();
    for (tag, sources) in LOCALES {
        match catalog(tag, sources) {
            Ok(c) => problems.extend(differences(&es, tag, &c)),
            Err(p) => problems.extend(p),
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_comparison_names_a_missing_id_an_extra_one_and_other_variables() {
    let es = catalog("es", &["a = uno\nb = { $n } dos\nc = tres"]).unwrap();
    let xx = catalog("xx", &["b = { $m } two\nc = three\nd = four"]).unwrap();
    let found = differences(&es, "xx", &xx);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("a is missing"), "{found:?}");
    assert!(found[1].contains("b uses"), "{found:?}");
    assert!(found[2].contains("d is not in"), "{found:?}");
    let vars = catalog("es", &["s = { $k ->\n   [x] { $a }\n  *[y] b\n}"]).unwrap();
    assert_eq!(vars["s"], ["a", "k"].map(String::from).into());
    assert!(catalog("xx", &["bad = {"]).is_err());
    assert!(catalog("xx", &["-term = x"]).is_err());
}

/// The id literals in Rust source: `id!("…")` and `msg!("…"`, also when rustfmt put the
/// literal on the next line.
fn ids_in_source(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for opener in ["id!(", "msg!("] {
        let mut rest = text;
        while let Some(at) = rest.find(opener) {
            rest = rest[at + opener.len()..].trim_start();
            if let Some(literal) = rest.strip_prefix('"')
                && let Some(end) = literal.find('"')
            {
                out.push(literal[..end].to_string());
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_source_scan_finds_both_forms() {
    let text = "x(id!(\"a-b\")); msg!(\"c-d\", n = 1); msg!(\n    \"e\",\n); id!(x)";
    assert_eq!(ids_in_source(text), ["a-b", "c-d", "e"]);
}

#[test]
fn every_id_the_code_asks_for_exists_and_every_message_is_used() {
    let es = spanish();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut used = BTreeSet::new();
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(&src).unwrap().display().to_string();
        if name.starts_with("i18n/") {
            continue; // the macros themselves and these tests' examples
        }
        if text.contains(concat!("Id::", "from_literal")) {
            problems.push(format!("{name}: builds an Id without id!(\"…\")"));
        }
        for id in ids_in_source(&text) {
            if !es.contains_key(&id) {
                problems.push(format!("{name}: {id} is not in assets/locales/es"));
            }
            used.insert(id);
        }
    }
    for id in es.keys().filter(|id| !used.contains(*id)) {
        problems.push(format!(
            "{id} is in the message files but no code asks for it"
        ));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn a_tag_resolves_to_itself_its_base_language_or_spanish() {
    let tags = ["ca", "en", "es", "es-MX"];
    let find = |t: &str| tags.iter().position(|x| x.eq_ignore_ascii_case(t));
    assert_eq!(resolve(find, "es-MX"), Some(3));
    assert_eq!(resolve(find, "es_mx"), Some(3));
    assert_eq!(resolve(find, "es-AR"), Some(2));
    assert_eq!(resolve(find, "en_GB"), Some(1));
    assert_eq!(resolve(find, "fr"), Some(2));
    assert_eq!(chain(&tags, 3), [3, 2]);
    assert_eq!(chain(&tags, 0), [0, 2]);
    assert_eq!(chain(&tags, 2), [2]);
    assert_eq!(Lang::get("en-US").tag(), "en");
    assert_eq!(Lang::get("de").tag(), "es");
    assert_eq!(Lang::default().tag(), "es");
    assert!(Lang::available().contains(&"en"));
}

#[test]
fn messages_read_without_isolation_marks_and_borrow_when_plain() {
    let es = Lang::get("es");
    let text = es.msg(&msg!("report-tax-line", rate = "21 %", base = "1,00"));
    assert_eq!(text, "IVA 21 % base 1,00");
    assert!(!text.contains(['\u{2068}', '\u{2069}']));
    assert!(matches!(es.t(id!("receipt-total")), Cow::Borrowed("TOTAL")));
    assert_eq!(Lang::get("en").t(id!("receipt-thanks")), "Thank you");
    // An id no language has comes back as itself rather than as a blank.
    assert_eq!(es.t(Id::from_literal("no-such-id")), "no-such-id");
    assert!(es.has(id!("receipt-total")) && !es.has(Id::from_literal("no-such-id")));
}
