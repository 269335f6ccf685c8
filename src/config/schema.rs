//! The machinery behind the one list of keys (`keys.rs`): what a key is (`KeySpec`), how its
//! value is written in TOML (`Kind`), and `declare_keys!`, which turns that list into the
//! typed sections of `Config`, `KEYS`, and the code that checks a value into its field. The
//! README's key table and `config get --list` are rendered from `KEYS`.

use toml_edit::{Item, Value};

/// How a key's value is written in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A TOML string.
    Text,
    /// A TOML integer (not negative).
    Number,
    /// A TOML boolean.
    Flag,
}

impl Kind {
    /// The value in the file as text (what `config get` prints and the checks read), or
    /// `None` when it is written as another TOML type.
    pub(super) fn text_of(self, item: &Item) -> Option<String> {
        let value = item.as_value()?;
        match self {
            Kind::Text => value.as_str().map(str::to_owned),
            Kind::Number => value
                .as_integer()
                .filter(|n| *n >= 0)
                .map(|n| n.to_string()),
            Kind::Flag => value.as_bool().map(|b| b.to_string()),
        }
    }

    /// Checked text as the TOML value to write.
    pub(super) fn value_of(self, text: &str) -> Option<Value> {
        match self {
            Kind::Text => Some(Value::from(text)),
            Kind::Number => text.parse::<i64>().ok().map(Value::from),
            Kind::Flag => text.parse::<bool>().ok().map(Value::from),
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kind::Text => "text in quotes",
            Kind::Number => "a whole number, without quotes",
            Kind::Flag => "true or false, without quotes",
        })
    }
}

/// One key of the configuration, as declared in `keys.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySpec {
    /// `section.field`, as `config get/set` and the README name it.
    pub key: &'static str,
    /// The `[section]` it lives in.
    pub section: &'static str,
    /// Its name inside the section.
    pub field: &'static str,
    pub kind: Kind,
    /// The value when the file does not set it, as `config get` would print it.
    pub default: &'static str,
    /// What it means, for people (Markdown: `code` in backticks).
    pub doc: &'static str,
}

impl KeySpec {
    /// The key named `key` (`section.field`).
    pub fn find(key: &str) -> Option<&'static KeySpec> {
        super::KEYS.iter().find(|k| k.key == key)
    }

    /// The default as the README shows it.
    fn default_markdown(&self) -> String {
        if self.default.is_empty() {
            "empty".into()
        } else {
            format!("`{}`", self.default)
        }
    }
}

/// The README's table of keys: key, default, meaning.
pub fn markdown_table() -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut out = String::from("| key | default | meaning |\n|---|---|---|\n");
    for k in super::KEYS {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            k.key,
            cell(&k.default_markdown()),
            cell(k.doc)
        ));
    }
    out
}

/// Declares every key once: its section, field, typed value, TOML kind, default, doc and
/// check. Makes the section structs (one typed field per key), `Config` (the sections plus
/// the file's document), `KEYS`, `Config::checked` (a document → every key checked once, the
/// default where the file is silent) and `Config::check_and_write` (one value checked, written
/// into the document and kept in its field).
macro_rules! declare_keys {
    ($(
        $(#[doc = $section_doc:literal])*
        [$section:ident] $Section:ident {
            $(
                $(#[doc = $doc:literal])+
                $field:ident: $Value:ty = $kind:ident($default:literal) by $check:path;
            )+
        }
    )+) => {
        $(
            $(#[doc = $section_doc])*
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub struct $Section {
                $( $(#[doc = $doc])+ pub $field: $Value, )+
            }
        )+

        /// The configuration: the file's document as written (comments and order kept for
        /// `save`) and every key's checked value, by section. Change values with
        /// [`Config::set`], which checks them and writes them into the document.
        #[derive(Clone, Debug)]
        pub struct Config {
            $( $(#[doc = $section_doc])* pub $section: $Section, )+
            pub(super) doc: toml_edit::DocumentMut,
        }

        /// Every key, in the order `config get --list` and the README show them.
        pub const KEYS: &[KeySpec] = &[$($(
            KeySpec {
                key: concat!(stringify!($section), ".", stringify!($field)),
                section: stringify!($section),
                field: stringify!($field),
                kind: Kind::$kind,
                default: $default,
                doc: concat!($($doc),+).trim_ascii_start(),
            },
        )+)+];

        impl Config {
            /// Every key of `doc` checked once into its field (the default where `doc` does
            /// not set it). Unknown keys are refused before, by `file::refuse_unknown`.
            pub(super) fn checked(doc: toml_edit::DocumentMut) -> Result<Config, ConfigError> {
                Ok(Config {
                    $( $section: $Section { $(
                        $field: {
                            let key = concat!(stringify!($section), ".", stringify!($field));
                            let text = file::text_or_default(&doc, key)?;
                            $check(text.trim()).map_err(|why| why.for_key(key, &text))?
                        },
                    )+ }, )+
                    doc,
                })
            }

            /// Checks `text` (trimmed) for `key`, writes it into the document, then puts the
            /// value in its field; nothing changes when it is refused.
            pub(super) fn check_and_write(
                &mut self,
                key: &KeySpec,
                text: &str,
            ) -> Result<(), ConfigError> {
                match key.key {
                    $($(
                        concat!(stringify!($section), ".", stringify!($field)) => {
                            let value = $check(text).map_err(|why| why.for_key(key.key, text))?;
                            file::write_text(&mut self.doc, key, text)?;
                            self.$section.$field = value;
                        }
                    )+)+
                    other => return Err(ConfigError::UnknownKey(other.into())),
                }
                Ok(())
            }
        }
    };
}

pub(super) use declare_keys;
