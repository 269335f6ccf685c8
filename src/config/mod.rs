//! Configuration: one TOML file, parsed strictly (unknown keys refused), every key validated on
//! `set` and documented in `KEYS` (README lists the same). Resolved into the settings the till uses.

mod keys;
mod settings;

pub use keys::{KEYS, KeySpec, parse_variable_layouts};
pub use settings::{Paths, TillSettings};

use crate::devices::drawer::DrawerWiring;
use crate::devices::logo::Logo;
use crate::devices::uri::DeviceUri;
use crate::till::barcode::BarcodeRules;
use crate::till::format::Locale;
use crate::till::money::{Currency, Rounding};
use crate::till::tender::CashRounding;
use keys::{bad, printer_profile, scanner_uri};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What is wrong with the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Device(String),
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
    #[error("the configuration {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("unknown configuration key «{0}»; `caja config get --list` shows the keys")]
    UnknownKey(String),
    #[error("«{value}» is not valid for {key}: {expected}")]
    BadValue {
        key: String,
        value: String,
        expected: &'static str,
    },
}

/// The file's contents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub terminal: TerminalSection,
    pub store: StoreSection,
    pub till: TillSection,
    pub barcode: BarcodeSection,
    pub devices: DevicesSection,
    pub sandbox: SandboxSection,
    pub backup: BackupSection,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupSection {
    pub dir: String,
    pub recipients: String,
    pub every_hours: u32,
    pub keep_daily: u32,
    pub keep_weekly: u32,
    pub keep_monthly: u32,
}

impl Default for BackupSection {
    fn default() -> Self {
        BackupSection {
            dir: String::new(),
            recipients: String::new(),
            every_hours: 4,
            keep_daily: 7,
            keep_weekly: 4,
            keep_monthly: 12,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SandboxSection {
    pub require_confinement: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DevicesSection {
    pub printer: String,
    pub printer_profile: String,
    pub scanner: String,
    pub display: String,
    pub scale: String,
    pub drawer: String,
}

impl Default for DevicesSection {
    fn default() -> Self {
        DevicesSection {
            printer: String::new(),
            printer_profile: "generic-80mm".into(),
            scanner: String::new(),
            display: String::new(),
            scale: String::new(),
            drawer: "printer".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TerminalSection {
    pub id: String,
}

impl Default for TerminalSection {
    fn default() -> Self {
        TerminalSection { id: "T01".into() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreSection {
    pub name: String,
    pub tax_id: String,
    pub address: String,
    pub currency: String,
    pub logo: String,
}

impl Default for StoreSection {
    fn default() -> Self {
        StoreSection {
            name: "Mi tienda".into(),
            tax_id: String::new(),
            address: String::new(),
            currency: "EUR".into(),
            logo: String::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TillSection {
    pub locale: String,
    pub idle_lock_secs: u32,
    pub cash_rounding: String,
    pub theme: String,
    pub receipt_width: u32,
}

impl Default for TillSection {
    fn default() -> Self {
        TillSection {
            locale: "auto".into(),
            idle_lock_secs: 300,
            cash_rounding: "off".into(),
            theme: "light".into(),
            receipt_width: 42,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BarcodeSection {
    pub variable: String,
}

impl Default for BarcodeSection {
    fn default() -> Self {
        BarcodeSection {
            variable: "20-29:5:weight".into(),
        }
    }
}

impl Config {
    /// Reads the file; a missing file is the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.into(),
                    source,
                });
            }
        };
        let config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.into(),
            message: e.to_string(),
        })?;
        for spec in KEYS {
            let value = config.get(spec.key)?;
            config
                .clone()
                .set(spec.key, &value)
                .map_err(|e| ConfigError::Parse {
                    path: path.into(),
                    message: e.to_string(),
                })?;
        }
        Ok(config)
    }

    /// Writes the file atomically (temporary file, fsync, rename). A confined till may write
    /// only the file itself, not its folder (the key lives there): then the file is rewritten
    /// in place and synced.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        use std::io::Write;
        let werr = |source| ConfigError::Write {
            path: path.into(),
            source,
        };
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
            && !dir.exists()
        {
            std::fs::create_dir_all(dir).map_err(werr)?;
        }
        let text =
            toml::to_string_pretty(self).map_err(|e| werr(std::io::Error::other(e.to_string())))?;
        let tmp = path.with_extension("toml.tmp");
        match std::fs::File::create(&tmp) {
            Ok(mut f) => {
                f.write_all(text.as_bytes()).map_err(werr)?;
                f.sync_all().map_err(werr)?;
                std::fs::rename(&tmp, path).map_err(werr)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && path.exists() => {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(path)
                    .map_err(werr)?;
                f.write_all(text.as_bytes()).map_err(werr)?;
                f.sync_all().map_err(werr)?;
            }
            Err(e) => return Err(werr(e)),
        }
        Ok(())
    }

    pub fn get(&self, key: &str) -> Result<String, ConfigError> {
        Ok(match key {
            "terminal.id" => self.terminal.id.clone(),
            "store.name" => self.store.name.clone(),
            "store.tax_id" => self.store.tax_id.clone(),
            "store.address" => self.store.address.clone(),
            "store.currency" => self.store.currency.clone(),
            "store.logo" => self.store.logo.clone(),
            "till.locale" => self.till.locale.clone(),
            "till.idle_lock_secs" => self.till.idle_lock_secs.to_string(),
            "till.cash_rounding" => self.till.cash_rounding.clone(),
            "till.theme" => self.till.theme.clone(),
            "till.receipt_width" => self.till.receipt_width.to_string(),
            "barcode.variable" => self.barcode.variable.clone(),
            "devices.printer" => self.devices.printer.clone(),
            "devices.printer_profile" => self.devices.printer_profile.clone(),
            "devices.scanner" => self.devices.scanner.clone(),
            "devices.display" => self.devices.display.clone(),
            "devices.scale" => self.devices.scale.clone(),
            "devices.drawer" => self.devices.drawer.clone(),
            "sandbox.require_confinement" => self.sandbox.require_confinement.to_string(),
            "backup.dir" => self.backup.dir.clone(),
            "backup.recipients" => self.backup.recipients.clone(),
            "backup.every_hours" => self.backup.every_hours.to_string(),
            "backup.keep_daily" => self.backup.keep_daily.to_string(),
            "backup.keep_weekly" => self.backup.keep_weekly.to_string(),
            "backup.keep_monthly" => self.backup.keep_monthly.to_string(),
            other => return Err(ConfigError::UnknownKey(other.into())),
        })
    }

    /// Validates and sets one key.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        match key {
            "terminal.id" => {
                let ok = (1..=8).contains(&value.len())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
                if !ok {
                    return Err(bad(
                        key,
                        value,
                        "1 to 8 capital letters or digits, e.g. T01",
                    ));
                }
                self.terminal.id = value.into();
            }
            "store.name" | "store.tax_id" | "store.address" => {
                if value.chars().count() > 120 || value.contains(['\n', '\r']) {
                    return Err(bad(key, value, "one line of at most 120 characters"));
                }
                match key {
                    "store.name" => self.store.name = value.into(),
                    "store.tax_id" => self.store.tax_id = value.into(),
                    _ => self.store.address = value.into(),
                }
            }
            "store.logo" => {
                let path = value.trim();
                if !path.is_empty() {
                    if !Path::new(path).is_absolute() {
                        return Err(bad(key, value, "an absolute path to a PNG file"));
                    }
                    Logo::load(Path::new(path)).map_err(|e| ConfigError::Device(e.to_string()))?;
                }
                self.store.logo = path.into();
            }
            "store.currency" => {
                let c = Currency::from_code(value)
                    .ok_or_else(|| bad(key, value, "one of EUR, USD, MXN, COP, ARS, PEN, CLP"))?;
                self.store.currency = c.code().into();
            }
            "till.locale" => {
                if !matches!(value, "es" | "en" | "auto") {
                    return Err(bad(key, value, "es, en or auto"));
                }
                self.till.locale = value.into();
            }
            "till.idle_lock_secs" => {
                let secs: u32 =
                    value.parse().ok().filter(|s| *s <= 86_400).ok_or_else(|| {
                        bad(key, value, "a whole number of seconds from 0 to 86400")
                    })?;
                self.till.idle_lock_secs = secs;
            }
            "till.cash_rounding" => {
                if !matches!(value, "off" | "0.05") {
                    return Err(bad(key, value, "off or 0.05"));
                }
                self.till.cash_rounding = value.into();
            }
            "till.theme" => {
                if !matches!(value, "light" | "dark") {
                    return Err(bad(key, value, "light or dark"));
                }
                self.till.theme = value.into();
            }
            "till.receipt_width" => {
                let width: u32 = value
                    .parse()
                    .ok()
                    .filter(|w| matches!(w, 42 | 48))
                    .ok_or_else(|| bad(key, value, "42 or 48"))?;
                self.till.receipt_width = width;
            }
            "devices.printer" => {
                if !value.trim().is_empty() {
                    value
                        .parse::<DeviceUri>()
                        .map_err(|e| ConfigError::Device(e.to_string()))?;
                }
                self.devices.printer = value.trim().into();
            }
            "devices.scanner" => {
                scanner_uri(value)?;
                self.devices.scanner = value.trim().into();
            }
            "devices.display" => {
                scanner_uri(value)?;
                self.devices.display = value.trim().into();
            }
            "devices.scale" => {
                scanner_uri(value)?;
                self.devices.scale = value.trim().into();
            }
            "backup.dir" => {
                let dir = value.trim();
                if !dir.is_empty() && !Path::new(dir).is_absolute() {
                    return Err(bad(
                        key,
                        value,
                        "an absolute path to a folder (local, USB stick or share)",
                    ));
                }
                self.backup.dir = dir.into();
            }
            "backup.recipients" => {
                crate::backup::keys::parse_recipients(value).map_err(ConfigError::Device)?;
                self.backup.recipients = value.trim().into();
            }
            "backup.every_hours"
            | "backup.keep_daily"
            | "backup.keep_weekly"
            | "backup.keep_monthly" => {
                let n: u32 = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| *n <= 1000)
                    .ok_or_else(|| bad(key, value, "a whole number from 0 to 1000"))?;
                match key {
                    "backup.every_hours" => self.backup.every_hours = n,
                    "backup.keep_daily" => self.backup.keep_daily = n,
                    "backup.keep_weekly" => self.backup.keep_weekly = n,
                    _ => self.backup.keep_monthly = n,
                }
            }
            "sandbox.require_confinement" => {
                self.sandbox.require_confinement = match value.trim() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(bad(key, value, "true or false")),
                };
            }
            "devices.drawer" => {
                let wiring: DrawerWiring =
                    value
                        .parse()
                        .map_err(|e: crate::devices::drawer::BadDrawer| {
                            ConfigError::Device(e.to_string())
                        })?;
                self.devices.drawer = wiring.to_string();
            }
            "devices.printer_profile" => {
                printer_profile(value)?;
                self.devices.printer_profile = value.into();
            }
            "barcode.variable" => {
                parse_variable_layouts(value)?;
                self.barcode.variable = value.into();
            }
            other => return Err(ConfigError::UnknownKey(other.into())),
        }
        Ok(())
    }

    /// The settings the till runs with; `till.locale = auto` follows `LC_ALL`, `LC_MESSAGES`
    /// or `LANG`, the first one set.
    pub fn resolve(&self) -> Result<TillSettings, ConfigError> {
        let lang = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
        self.resolve_with_lang(lang.as_deref())
    }

    /// `resolve` with the environment's language passed in.
    pub fn resolve_with_lang(&self, lang: Option<&str>) -> Result<TillSettings, ConfigError> {
        let currency = Currency::from_code(&self.store.currency)
            .ok_or_else(|| bad("store.currency", &self.store.currency, "an ISO 4217 code"))?;
        Ok(TillSettings {
            terminal: self.terminal.id.clone(),
            store_name: self.store.name.clone(),
            tax_id: self.store.tax_id.clone(),
            address: self.store.address.clone(),
            currency,
            locale: match self.till.locale.as_str() {
                "en" => Locale::En,
                "auto" if lang.is_some_and(|l| l.starts_with("en")) => Locale::En,
                _ => Locale::Es,
            },
            dark_theme: self.till.theme == "dark",
            receipt_width: if self.till.receipt_width == 48 {
                48
            } else {
                42
            },
            idle_lock_secs: self.till.idle_lock_secs,
            cash_rounding: (self.till.cash_rounding == "0.05").then_some(CashRounding {
                step: 5,
                rounding: Rounding::HalfUp,
            }),
            barcode_rules: BarcodeRules {
                variable: parse_variable_layouts(&self.barcode.variable)?,
            },
            printer: if self.devices.printer.is_empty() {
                None
            } else {
                Some(
                    self.devices
                        .printer
                        .parse()
                        .map_err(|e: crate::devices::uri::BadUri| {
                            ConfigError::Device(e.to_string())
                        })?,
                )
            },
            printer_profile: printer_profile(&self.devices.printer_profile)?,
            logo: if self.store.logo.is_empty() {
                None
            } else {
                Some(
                    Logo::load(Path::new(&self.store.logo))
                        .map_err(|e| ConfigError::Device(e.to_string()))?,
                )
            },
            scanner: scanner_uri(&self.devices.scanner)?,
            display: scanner_uri(&self.devices.display)?,
            scale: scanner_uri(&self.devices.scale)?,
            drawer: self.devices.drawer.parse().map_err(
                |e: crate::devices::drawer::BadDrawer| ConfigError::Device(e.to_string()),
            )?,
            backup_dir: (!self.backup.dir.is_empty()).then(|| PathBuf::from(&self.backup.dir)),
            backup_recipients: self.backup.recipients.clone(),
            backup_every_hours: self.backup.every_hours,
            backup_keep: crate::backup::schedule::Keep {
                daily: self.backup.keep_daily as usize,
                weekly: self.backup.keep_weekly as usize,
                monthly: self.backup.keep_monthly as usize,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::till::barcode::VariableValue;

    #[test]
    fn every_key_round_trips_and_bad_values_are_refused() {
        let mut c = Config::default();
        for spec in KEYS {
            let v = c.get(spec.key).unwrap();
            c.set(spec.key, &v).unwrap();
        }
        assert!(matches!(
            c.set("till.nope", "1"),
            Err(ConfigError::UnknownKey(_))
        ));
        assert!(c.set("terminal.id", "t01").is_err());
        assert!(c.set("till.idle_lock_secs", "-1").is_err());
        assert!(c.set("barcode.variable", "19:5:weight").is_err());
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
    fn locale_auto_follows_lang_and_explicit_wins() {
        let mut c = Config::default();
        let en = c.resolve_with_lang(Some("en_GB.UTF-8")).unwrap();
        assert_eq!(en.locale, Locale::En);
        let es = c.resolve_with_lang(Some("es_ES.UTF-8")).unwrap();
        assert_eq!(es.locale, Locale::Es);
        assert_eq!(c.resolve_with_lang(None).unwrap().locale, Locale::Es);
        c.set("till.locale", "es").unwrap();
        let forced = c.resolve_with_lang(Some("en_US.UTF-8")).unwrap();
        assert_eq!(forced.locale, Locale::Es);
        assert!(c.set("till.locale", "fr").is_err());
        assert!(c.set("till.receipt_width", "40").is_err());
        c.set("till.receipt_width", "48").unwrap();
        c.set("till.theme", "dark").unwrap();
        let s = c.resolve_with_lang(None).unwrap();
        assert_eq!((s.receipt_width, s.dark_theme), (48, true));
    }
}
