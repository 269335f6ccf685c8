//! Configuration: one TOML file, parsed strictly (unknown keys refused), every key validated on
//! `set` and documented in `KEYS` (README lists the same). Resolved into the settings the till uses.

use crate::devices::profile::{DeviceKind, Profile};
use crate::devices::uri::DeviceUri;
use crate::till::barcode::{BarcodeRules, VariableLayout, VariableValue};
use crate::till::format::Locale;
use crate::till::money::{Currency, Rounding};
use crate::till::tender::CashRounding;
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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DevicesSection {
    pub printer: String,
    pub printer_profile: String,
    pub scanner: String,
    pub display: String,
    pub scale: String,
}

impl Default for DevicesSection {
    fn default() -> Self {
        DevicesSection {
            printer: String::new(),
            printer_profile: "generic-80mm".into(),
            scanner: String::new(),
            display: String::new(),
            scale: String::new(),
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
}

impl Default for StoreSection {
    fn default() -> Self {
        StoreSection {
            name: "Mi tienda".into(),
            tax_id: String::new(),
            address: String::new(),
            currency: "EUR".into(),
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

/// One documented key.
pub struct KeySpec {
    pub key: &'static str,
    pub doc: &'static str,
}

/// Every key, with its meaning. README's table is this list.
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        key: "terminal.id",
        doc: "this till's id and document series prefix, 1–8 capitals/digits (default T01)",
    },
    KeySpec {
        key: "store.name",
        doc: "shop name printed on receipts",
    },
    KeySpec {
        key: "store.tax_id",
        doc: "shop tax id (NIF/CIF/RFC) printed on receipts",
    },
    KeySpec {
        key: "store.address",
        doc: "shop address printed on receipts",
    },
    KeySpec {
        key: "store.currency",
        doc: "ISO 4217 currency: EUR, USD, MXN, COP, ARS, PEN, CLP (default EUR)",
    },
    KeySpec {
        key: "till.locale",
        doc: "language and number format: es, en, or auto = from LANG (en_* is English, anything else Spanish) (default auto)",
    },
    KeySpec {
        key: "till.theme",
        doc: "screen colours: light or dark (default light)",
    },
    KeySpec {
        key: "till.receipt_width",
        doc: "receipt characters per line: 42 or 48 (default 42)",
    },
    KeySpec {
        key: "till.idle_lock_secs",
        doc: "lock the till after this many idle seconds, 0 = never (default 300, max 86400)",
    },
    KeySpec {
        key: "till.cash_rounding",
        doc: "round cash payments: off or 0.05 (default off)",
    },
    KeySpec {
        key: "devices.printer",
        doc: "receipt printer address: usb:/dev/usb/lp0, tcp://HOST:9100, serial:/dev/ttyS0?baud=19200 or file:/PATH; empty = none (default empty)",
    },
    KeySpec {
        key: "devices.printer_profile",
        doc: "printer model from hardware/: generic-58mm, generic-80mm, epson-tm-t20iii, epson-tm-t88, star-tsp100-escpos (default generic-80mm)",
    },
    KeySpec {
        key: "devices.scanner",
        doc: "serial barcode scanner: serial:/dev/ttyACM0?baud=9600[&suffix=cr|lf|crlf]; empty = keyboard-wedge only (default empty)",
    },
    KeySpec {
        key: "devices.display",
        doc: "customer pole display (2×20, ESC/POS command set): serial:/dev/ttyUSB1?baud=9600; empty = none (default empty)",
    },
    KeySpec {
        key: "devices.scale",
        doc: "serial scale, Toledo protocol: serial:/dev/ttyUSB2?baud=9600; empty = none (default empty)",
    },
    KeySpec {
        key: "barcode.variable",
        doc: "GS1 variable-measure layouts, comma-separated PREFIX[-PREFIX]:ITEM_DIGITS:weight|price, prefixes 20–29, item digits 4–6 (default 20-29:5:weight)",
    },
];

fn bad(key: &str, value: &str, expected: &'static str) -> ConfigError {
    ConfigError::BadValue {
        key: key.into(),
        value: value.into(),
        expected,
    }
}

/// A serial device address (scanner, display; empty: none).
fn scanner_uri(value: &str) -> Result<Option<DeviceUri>, ConfigError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    match value.parse::<DeviceUri>() {
        Ok(uri @ DeviceUri::Serial { .. }) => Ok(Some(uri)),
        Ok(_) => Err(ConfigError::Device(format!(
            "«{value}»: this device is on a serial port: serial:/dev/ttyACM0?baud=9600"
        ))),
        Err(e) => Err(ConfigError::Device(e.to_string())),
    }
}

/// A printer profile by name (a display profile is refused).
fn printer_profile(name: &str) -> Result<Profile, ConfigError> {
    let p = Profile::named(name).map_err(|e| ConfigError::Device(e.to_string()))?;
    if p.kind != DeviceKind::Printer {
        return Err(ConfigError::Device(format!(
            "{name} is not a printer profile"
        )));
    }
    Ok(p)
}

/// Parses `barcode.variable`.
pub fn parse_variable_layouts(text: &str) -> Result<Vec<VariableLayout>, ConfigError> {
    let err = || {
        bad(
            "barcode.variable",
            text,
            "PREFIX[-PREFIX]:4..6:weight|price, prefixes 20–29",
        )
    };
    let mut out: Vec<VariableLayout> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let fields: Vec<&str> = part.split(':').collect();
        let [prefixes, digits, value] = fields.as_slice() else {
            return Err(err());
        };
        let (lo, hi) = match prefixes.split_once('-') {
            Some((a, b)) => (
                a.parse::<u8>().map_err(|_| err())?,
                b.parse::<u8>().map_err(|_| err())?,
            ),
            None => {
                let p = prefixes.parse::<u8>().map_err(|_| err())?;
                (p, p)
            }
        };
        let item_digits: u8 = digits.parse().map_err(|_| err())?;
        let value = match *value {
            "weight" => VariableValue::Weight,
            "price" => VariableValue::Price,
            _ => return Err(err()),
        };
        if !(20..=29).contains(&lo)
            || !(20..=29).contains(&hi)
            || lo > hi
            || !(4..=6).contains(&item_digits)
        {
            return Err(err());
        }
        for prefix in lo..=hi {
            out.retain(|l| l.prefix != prefix);
            out.push(VariableLayout {
                prefix,
                item_digits,
                value,
            });
        }
    }
    Ok(out)
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

    /// Writes the file atomically (temporary file, fsync, rename).
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let werr = |source| ConfigError::Write {
            path: path.into(),
            source,
        };
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(werr)?;
        }
        let text =
            toml::to_string_pretty(self).map_err(|e| werr(std::io::Error::other(e.to_string())))?;
        let tmp = path.with_extension("toml.tmp");
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp).map_err(werr)?;
            f.write_all(text.as_bytes()).map_err(werr)?;
            f.sync_all().map_err(werr)?;
        }
        std::fs::rename(&tmp, path).map_err(werr)?;
        Ok(())
    }

    pub fn get(&self, key: &str) -> Result<String, ConfigError> {
        Ok(match key {
            "terminal.id" => self.terminal.id.clone(),
            "store.name" => self.store.name.clone(),
            "store.tax_id" => self.store.tax_id.clone(),
            "store.address" => self.store.address.clone(),
            "store.currency" => self.store.currency.clone(),
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
            scanner: scanner_uri(&self.devices.scanner)?,
            display: scanner_uri(&self.devices.display)?,
            scale: scanner_uri(&self.devices.scale)?,
        })
    }
}

/// Resolved settings of one till.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TillSettings {
    pub terminal: String,
    pub store_name: String,
    pub tax_id: String,
    pub address: String,
    pub currency: Currency,
    pub locale: Locale,
    pub dark_theme: bool,
    /// Receipt characters per line (42 or 48).
    pub receipt_width: usize,
    pub idle_lock_secs: u32,
    pub cash_rounding: Option<CashRounding>,
    pub barcode_rules: BarcodeRules,
    /// The receipt printer, if one is set.
    pub printer: Option<DeviceUri>,
    pub printer_profile: Profile,
    /// A serial scanner, besides the keyboard wedge.
    pub scanner: Option<DeviceUri>,
    /// A customer pole display.
    pub display: Option<DeviceUri>,
    /// A serial scale (Toledo protocol).
    pub scale: Option<DeviceUri>,
}

impl Default for TillSettings {
    fn default() -> Self {
        // The defaults always resolve; the environment's language is not consulted here.
        Config::default()
            .resolve_with_lang(None)
            .unwrap_or(TillSettings {
                terminal: "T01".into(),
                store_name: String::new(),
                tax_id: String::new(),
                address: String::new(),
                currency: Currency::Eur,
                locale: Locale::Es,
                dark_theme: false,
                receipt_width: 42,
                idle_lock_secs: 300,
                cash_rounding: None,
                barcode_rules: BarcodeRules::default(),
                printer: None,
                printer_profile: Profile::generic_80mm(),
                scanner: None,
                display: None,
                scale: None,
            })
    }
}

/// Where things live: flags, then environment, then XDG defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub key_file: PathBuf,
    pub config_file: PathBuf,
}

impl Paths {
    /// `explicit_*` come from flags or `CAJA_*` variables (clap reads both).
    pub fn resolve(
        data_dir: Option<PathBuf>,
        key_file: Option<PathBuf>,
        config_file: Option<PathBuf>,
    ) -> Paths {
        let dirs = directories::ProjectDirs::from("es", "Caja", "caja");
        let data_dir = data_dir.unwrap_or_else(|| {
            dirs.as_ref()
                .map(|d| d.data_dir().to_path_buf())
                .unwrap_or_else(|| PathBuf::from("caja-data"))
        });
        let config_dir = dirs
            .as_ref()
            .map(|d| d.config_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from("caja-config"));
        let key_file = key_file
            .or_else(|| {
                std::env::var_os("CREDENTIALS_DIRECTORY")
                    .map(|d| PathBuf::from(d).join("caja-db-key"))
                    .filter(|p| p.exists())
            })
            .unwrap_or_else(|| config_dir.join("db.key"));
        let config_file = config_file.unwrap_or_else(|| config_dir.join("caja.toml"));
        Paths {
            data_dir,
            key_file,
            config_file,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
