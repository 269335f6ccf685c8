//! Tests of the configuration: the schema's defaults and checks, typed refusals, the file's
//! comments and order surviving `set`, strict reading, the logo decoded once, and README's key
//! table kept equal to the schema.

use super::*;
use crate::till::barcode::VariableValue;
use crate::till::format::Locale;

impl Config {
    /// A configuration from its text, as `load` reads a file.
    fn parse(text: &str) -> Result<Config, ConfigError> {
        let doc = text
            .parse()
            .map_err(|e: toml_edit::TomlError| ConfigError::Parse {
                path: "(test)".into(),
                message: e.to_string(),
            })?;
        Config::from_document(doc)
    }
}

#[test]
fn every_default_passes_its_check_and_every_key_round_trips() {
    let mut c = Config::defaults().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for spec in KEYS {
        assert!(seen.insert(spec.key), "{} declared twice", spec.key);
        assert_eq!(spec.key, format!("{}.{}", spec.section, spec.field));
        assert!(!spec.doc.is_empty() && !spec.doc.starts_with(' '));
        assert_eq!(c.get(spec.key).unwrap(), spec.default);
        c.set(spec.key, spec.default).unwrap();
        assert_eq!(c.get(spec.key).unwrap(), spec.default);
    }
    assert_eq!(KEYS.len(), 32);
    // Written back, every key is in the file and the file reads back the same.
    let again = Config::parse(&c.doc.to_string()).unwrap();
    for spec in KEYS {
        assert_eq!(again.get(spec.key).unwrap(), spec.default);
    }
    assert_eq!(
        again.resolve_with_lang(None).unwrap(),
        TillSettings::default()
    );
}

#[test]
fn bad_values_are_refused_with_what_the_key_expects_and_change_nothing() {
    let mut c = Config::defaults().unwrap();
    let refused = |c: &mut Config, key: &str, value: &str| {
        let before = (c.doc.to_string(), c.get(key).ok());
        let e = c.set(key, value).unwrap_err();
        assert_eq!((c.doc.to_string(), c.get(key).ok()), before, "{key}");
        e
    };
    assert!(matches!(
        refused(&mut c, "till.nope", "1"),
        ConfigError::UnknownKey(k) if k == "till.nope"
    ));
    assert!(matches!(
        refused(&mut c, "terminal.id", "t01"),
        ConfigError::BadValue {
            expected: Expected::TerminalId,
            ..
        }
    ));
    let e = refused(&mut c, "till.idle_lock_secs", "-1");
    assert!(matches!(
        e,
        ConfigError::BadValue {
            expected: Expected::Seconds { max: 86_400 },
            ..
        }
    ));
    assert_eq!(
        e.to_string(),
        "«-1» is not valid for till.idle_lock_secs: a whole number of seconds from 0 to 86400"
    );
    assert!(matches!(
        refused(&mut c, "till.theme", "blue"),
        ConfigError::BadValue {
            expected: Expected::OneOf(["light", "dark"]),
            ..
        }
    ));
    assert!(matches!(
        refused(&mut c, "sandbox.require_confinement", "yes"),
        ConfigError::BadValue {
            expected: Expected::Flag,
            ..
        }
    ));
    assert!(matches!(
        refused(&mut c, "devices.printer", "lp0"),
        ConfigError::Refused { key, .. } if key == "devices.printer"
    ));
    assert!(matches!(
        refused(&mut c, "devices.scanner", "tcp://10.0.0.9:9100"),
        ConfigError::Refused { .. }
    ));
    assert!(matches!(
        refused(&mut c, "devices.printer_profile", "generic-2x20-display"),
        ConfigError::Refused { reason, .. } if reason.contains("not a printer profile")
    ));
    refused(&mut c, "barcode.variable", "19:5:weight");
    refused(&mut c, "store.logo", "logo.png");
    refused(&mut c, "backup.recipients", "age1nope");
    c.set("barcode.variable", "20-29:5:weight,22:4:price")
        .unwrap();
    let rules = c.resolve().unwrap().barcode_rules;
    assert_eq!(rules.variable.len(), 10);
    assert!(
        rules
            .variable
            .iter()
            .any(|l| l.prefix == 22 && l.value == VariableValue::Price)
    );
}

#[test]
fn language_and_number_format_are_two_settings() {
    use crate::till::format::NumberFormat;
    let mut c = Config::defaults().unwrap();
    // A Mexican till: Spanish words (no es-MX files: Spanish), the decimal point.
    let mx = c.resolve_with_lang(Some("es_MX.UTF-8")).unwrap();
    assert_eq!(mx.locale.lang.tag(), "es");
    assert_eq!(mx.locale.numbers, NumberFormat::Point);
    c.set("till.language", "es-MX").unwrap();
    let s = c.resolve_with_lang(None).unwrap();
    assert_eq!(
        (s.locale.lang.tag(), s.locale.numbers),
        ("es", NumberFormat::Point)
    );
    // Either can be set apart from the other.
    c.set("till.number_format", "1.234,56").unwrap();
    assert_eq!(
        c.resolve_with_lang(None).unwrap().locale.numbers,
        NumberFormat::Comma
    );
    c.set("till.language", "en").unwrap();
    let s = c.resolve_with_lang(None).unwrap();
    assert_eq!(
        (s.locale.lang.tag(), s.locale.numbers),
        ("en", NumberFormat::Comma)
    );
    assert!(
        c.set("till.language", "xx").is_err(),
        "no message files for xx"
    );
    assert!(c.set("till.number_format", "1 234,56").is_err());
}

#[test]
fn the_cash_step_is_an_amount_of_the_stores_currency() {
    let mut c = Config::defaults().unwrap();
    c.set("till.cash_rounding", "0.05").unwrap();
    let s = c.resolve_with_lang(None).unwrap();
    assert_eq!(s.cash_rounding.map(|r| r.step), Some(5));
    c.set("store.currency", "CLP").unwrap();
    let e = c.resolve_with_lang(None).unwrap_err().to_string();
    assert!(
        e.contains("till.cash_rounding"),
        "0.05 is no amount of pesos: {e}"
    );
    c.set("till.cash_rounding", "10").unwrap();
    let s = c.resolve_with_lang(None).unwrap();
    assert_eq!(s.cash_rounding.map(|r| r.step), Some(10), "ten pesos");
    assert!(c.set("till.cash_rounding", "abc").is_err());
}

#[test]
fn locale_auto_follows_lang_and_explicit_wins() {
    let mut c = Config::defaults().unwrap();
    let en = c.resolve_with_lang(Some("en_GB.UTF-8")).unwrap();
    assert_eq!(en.locale, Locale::en());
    let es = c.resolve_with_lang(Some("es_ES.UTF-8")).unwrap();
    assert_eq!(es.locale, Locale::es());
    assert_eq!(c.resolve_with_lang(None).unwrap().locale, Locale::es());
    c.set("till.locale", "es").unwrap();
    let forced = c.resolve_with_lang(Some("en_US.UTF-8")).unwrap();
    assert_eq!(
        forced.locale,
        Locale::es(),
        "the old key still picks the language"
    );
    assert!(c.set("till.locale", "fr").is_err());
    assert!(c.set("till.receipt_width", "40").is_err());
    c.set("till.receipt_width", "48").unwrap();
    c.set("till.theme", "dark").unwrap();
    let s = c.resolve_with_lang(None).unwrap();
    assert_eq!((s.receipt_width, s.dark_theme), (48, true));
}

const HAND_WRITTEN: &str = r#"# Caja at the corner shop — edited by hand
[till]
theme = "dark"          # the shop is dim
# Lock quickly: the till faces the door.
idle_lock_secs = 60

[store]
currency = "EUR"
name = "Frutería Ana"
"#;

#[test]
fn set_keeps_the_files_comments_order_and_layout() {
    let mut c = Config::parse(HAND_WRITTEN).unwrap();
    c.set("till.idle_lock_secs", "120").unwrap();
    c.set("till.theme", "light").unwrap();
    c.set("store.name", "Frutería Ana e hijos").unwrap();
    c.set("backup.every_hours", "2").unwrap();
    let expected = r#"# Caja at the corner shop — edited by hand
[till]
theme = "light"          # the shop is dim
# Lock quickly: the till faces the door.
idle_lock_secs = 120

[store]
currency = "EUR"
name = "Frutería Ana e hijos"

[backup]
every_hours = 2
"#;
    assert_eq!(c.doc.to_string(), expected);
    let again = Config::parse(expected).unwrap();
    assert_eq!(again.till.idle_lock_secs, 120);
    assert_eq!(again.store.name, "Frutería Ana e hijos");
}

#[test]
fn the_file_is_read_strictly_and_errors_name_the_key_and_the_file() {
    let refused = |text: &str| Config::parse(text).unwrap_err();
    assert!(matches!(
        refused("[till]\nlocal = \"es\"\n"),
        ConfigError::UnknownKey(k) if k == "till.local"
    ));
    assert!(matches!(
        refused("[tills]\nlocale = \"es\"\n"),
        ConfigError::UnknownSection(s) if s == "tills"
    ));
    assert!(matches!(refused("locale = \"es\"\n"), ConfigError::UnknownKey(k) if k == "locale"));
    assert!(matches!(refused("till = 3\n"), ConfigError::NotASection(_)));
    assert!(matches!(
        refused("[till]\nidle_lock_secs = \"300\"\n"),
        ConfigError::WrongType {
            key: "till.idle_lock_secs",
            kind: Kind::Number
        }
    ));
    assert!(matches!(
        refused("[till]\nidle_lock_secs = 90000\n"),
        ConfigError::BadValue { key, .. } if key == "till.idle_lock_secs"
    ));
    assert!(matches!(refused("[till\n"), ConfigError::Parse { .. }));
    // Dotted keys and inline tables are sections too.
    let c = Config::parse("till.theme = \"dark\"\nstore = { name = \"Ana\" }\n").unwrap();
    assert_eq!((c.till.theme, c.store.name.as_str()), (Theme::Dark, "Ana"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("caja.toml");
    std::fs::write(&path, "[devices]\nprinter = \"lp0\"\n").unwrap();
    let message = Config::load(&path).unwrap_err().to_string();
    assert!(
        message.contains(&path.display().to_string()) && message.contains("devices.printer"),
        "{message}"
    );
    std::fs::write(&path, "[till\n").unwrap();
    assert!(matches!(Config::load(&path), Err(ConfigError::Parse { path: p, .. }) if p == path));
}

#[test]
fn the_logo_is_decoded_once_per_load_and_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("logo.png");
    image::GrayImage::from_fn(40, 20, |x, _| image::Luma([if x < 20 { 0 } else { 255 }]))
        .save(&png)
        .unwrap();
    let file = dir.path().join("caja.toml");
    std::fs::write(
        &file,
        format!(
            "[store]\nlogo = {:?}\nname = \"Ana\"\n",
            png.display().to_string()
        ),
    )
    .unwrap();
    let decodes = || check::LOGO_DECODES.with(|n| n.get());
    let before = decodes();
    let mut c = Config::load(&file).unwrap();
    let settings = c.resolve().unwrap();
    assert!(settings.logo.is_some());
    c.set("store.name", "Ana e hijos").unwrap();
    c.resolve().unwrap();
    assert_eq!(
        decodes() - before,
        1,
        "one decode for a load, resolves and other keys"
    );
    // What was decoded is kept: the file is not read again.
    std::fs::remove_file(&png).unwrap();
    assert_eq!(c.resolve().unwrap().logo, settings.logo);
    // Setting the logo itself reads the new file.
    assert!(c.set("store.logo", &png.display().to_string()).is_err());
}

/// README.md's table between these markers is `markdown_table()`.
const README_BEGIN: &str = "<!-- config-keys:begin -->\n";
const README_END: &str = "<!-- config-keys:end -->";

#[test]
fn the_readme_key_table_is_the_schemas() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(README_BEGIN)
        .expect("README has the begin marker")
        + README_BEGIN.len();
    let end = readme.find(README_END).expect("README has the end marker");
    let table = markdown_table();
    if readme[start..end] == table {
        return;
    }
    if std::env::var_os("CAJA_UPDATE_README").is_some() {
        let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!(
        "README.md's configuration key table differs from the schema (src/config/keys.rs). \
         Regenerate it: CAJA_UPDATE_README=1 cargo test --lib config::tests::the_readme \
         (or paste `caja config get --list --markdown`).\nExpected:\n{table}"
    );
}
