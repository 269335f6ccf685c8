//! Configuration: one TOML file, described by one typed schema (`keys.rs`) from which `get`,
//! `set`, the checks at load, the defaults, `config get --list` and the README's key table
//! all come. Loading checks every key once (the logo is decoded once and kept); `set` checks
//! one value and writes it into the file's own document, so comments and order survive.
//! Resolved into the settings the till uses (`settings.rs`).

mod check;
mod file;
mod keys;
mod schema;
mod settings;
#[cfg(test)]
mod tests;

pub use check::Theme;
pub use keys::{
    BackupSection, BarcodeSection, Config, DevicesSection, KEYS, SandboxSection, StoreSection,
    TerminalSection, TillSection,
};
pub use schema::{KeySpec, Kind, markdown_table};
pub use settings::{Paths, TillSettings};

use std::path::{Path, PathBuf};

/// What is wrong with the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the configuration {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the configuration {path} is not valid TOML: {message}")]
    Parse { path: PathBuf, message: String },
    /// Any other error, found in the file at `path`.
    #[error("the configuration {path} is not valid: {error}")]
    InFile {
        path: PathBuf,
        error: Box<ConfigError>,
    },
    #[error("unknown configuration key «{0}»; `caja config get --list` shows the keys")]
    UnknownKey(String),
    #[error("unknown configuration section [{0}]; `caja config get --list` shows the keys")]
    UnknownSection(String),
    #[error("«{0}» must be a section, written [{0}]")]
    NotASection(String),
    #[error("{key} must be {kind}")]
    WrongType { key: &'static str, kind: Kind },
    #[error("«{value}» is not valid for {key}: {expected}")]
    BadValue {
        key: String,
        value: String,
        expected: Expected,
    },
    /// Refused by the adapter that will use it (device address, printer profile, age
    /// recipient, logo file), in its own words.
    #[error("«{value}» is not valid for {key}: {reason}")]
    Refused {
        key: String,
        value: String,
        reason: String,
    },
}

/// What a key accepts, when a value is not of that form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    TerminalId,
    OneLine,
    PngPath,
    FolderPath,
    /// An absolute path to a file.
    FilePath,
    /// An `https://` address.
    HttpsUrl,
    /// One of these words.
    OneOf(&'static [&'static str]),
    Seconds {
        max: u32,
    },
    Count {
        max: u32,
    },
    Flag,
    VariableLayouts,
    /// `auto` or a language with message files.
    Language,
    /// An amount in the currency's own digits (a cash step).
    CashStep,
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::TerminalId => f.write_str("1 to 8 capital letters or digits, e.g. T01"),
            Expected::OneLine => f.write_str("one line of at most 120 characters"),
            Expected::PngPath => f.write_str("an absolute path to a PNG file"),
            Expected::FolderPath => {
                f.write_str("an absolute path to a folder (local, USB stick or share)")
            }
            Expected::FilePath => f.write_str("an absolute path to a file"),
            Expected::HttpsUrl => f.write_str("an https:// address"),
            Expected::OneOf(words) => match words {
                [] => Ok(()),
                [only] => f.write_str(only),
                [init @ .., last] => write!(f, "{} or {last}", init.join(", ")),
            },
            Expected::Seconds { max } => write!(f, "a whole number of seconds from 0 to {max}"),
            Expected::Count { max } => write!(f, "a whole number from 0 to {max}"),
            Expected::Flag => f.write_str("true or false"),
            Expected::Language => write!(
                f,
                "auto or a language with message files ({}; a regional tag such as es-MX speaks its language)",
                crate::i18n::Lang::available().join(", ")
            ),
            Expected::CashStep => f.write_str(
                "off, or the coin step cash is rounded to, in the store's currency (0.05 for euros, 10 for Chilean pesos)",
            ),
            Expected::VariableLayouts => {
                f.write_str("PREFIX[-PREFIX]:4..6:weight|price, prefixes 20–29")
            }
        }
    }
}

/// Why a check refused a value, before the key is attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Rejected {
    Expected(Expected),
    /// The adapter's own reason.
    Because(String),
}

impl Rejected {
    pub(super) fn for_key(self, key: &str, value: &str) -> ConfigError {
        let (key, value) = (key.to_owned(), value.to_owned());
        match self {
            Rejected::Expected(expected) => ConfigError::BadValue {
                key,
                value,
                expected,
            },
            Rejected::Because(reason) => ConfigError::Refused { key, value, reason },
        }
    }
}

impl Config {
    /// Every key at its default.
    pub fn defaults() -> Result<Config, ConfigError> {
        Config::checked(toml_edit::DocumentMut::new())
    }

    /// Reads and checks the file (each key once); a missing file is the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let Some(doc) = file::read(path)? else {
            return Config::defaults();
        };
        Config::from_document(doc).map_err(|e| ConfigError::InFile {
            path: path.into(),
            error: Box::new(e),
        })
    }

    /// Refuses unknown sections and keys, then checks every key once.
    fn from_document(doc: toml_edit::DocumentMut) -> Result<Config, ConfigError> {
        file::refuse_unknown(&doc)?;
        Config::checked(doc)
    }

    /// One key's text in the file at `path` (or its default), without checking the others:
    /// for showing a value about to be edited.
    pub fn read_key(path: &Path, key: &str) -> Result<String, ConfigError> {
        let doc = file::read(path)?.unwrap_or_default();
        file::text_or_default(&doc, key)
    }

    /// Writes the file atomically, as its document: comments, order and formatting kept.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        file::write_atomically(path, &self.doc.to_string())
    }

    /// The key's value as written in the file, or its default.
    pub fn get(&self, key: &str) -> Result<String, ConfigError> {
        file::text_or_default(&self.doc, key)
    }

    /// Checks `value` (trimmed) for `key`, then keeps it: in its typed field and in the
    /// document `save` writes. Nothing changes when it is refused.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        let spec = KeySpec::find(key).ok_or_else(|| ConfigError::UnknownKey(key.into()))?;
        self.check_and_write(spec, value.trim())
    }
}
