//! What the configuration resolves to: the settings a till runs with, and where its files live.

use super::Config;
use crate::devices::drawer::DrawerWiring;
use crate::devices::logo::Logo;
use crate::devices::profile::Profile;
use crate::devices::uri::DeviceUri;
use crate::till::barcode::BarcodeRules;
use crate::till::format::Locale;
use crate::till::money::Currency;
use crate::till::tender::CashRounding;
use std::path::PathBuf;

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
    /// The logo printed at the top of receipts (`store.logo`), read at start-up.
    pub logo: Option<Logo>,
    /// A serial scanner, besides the keyboard wedge.
    pub scanner: Option<DeviceUri>,
    /// A customer pole display.
    pub display: Option<DeviceUri>,
    /// A serial scale (Toledo protocol).
    pub scale: Option<DeviceUri>,
    /// Where the cash drawer is wired.
    pub drawer: DrawerWiring,
    /// Backup destination (`backup.dir`), if set.
    pub backup_dir: Option<PathBuf>,
    /// `age1…` recipients, as configured (validated).
    pub backup_recipients: String,
    pub backup_every_hours: u32,
    pub backup_keep: crate::backup::schedule::Keep,
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
                logo: None,
                scanner: None,
                display: None,
                scale: None,
                drawer: DrawerWiring::Printer,
                backup_dir: None,
                backup_recipients: String::new(),
                backup_every_hours: 4,
                backup_keep: crate::backup::schedule::Keep::default(),
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
