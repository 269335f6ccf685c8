//! What the configuration resolves to: the settings a till runs with (made from the checked
//! values, nothing parsed twice), and where its files live.

use super::{Config, ConfigError, Theme};
use crate::devices::drawer::DrawerWiring;
use crate::devices::logo::Logo;
use crate::devices::profile::Profile;
use crate::devices::uri::DeviceUri;
use crate::i18n::Lang;
use crate::sandbox::policy::Places;
use crate::till::barcode::BarcodeRules;
use crate::till::format::{Locale, NumberFormat};
use crate::till::money::Currency;
use crate::till::profile::StoreProfile;
use crate::till::tender::CashRounding;
use std::path::{Path, PathBuf};

/// Resolved settings of one till.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TillSettings {
    pub terminal: String,
    /// The store's identity: from the store once it is open (`with_store`); before that, from
    /// the `[store]` section of an earlier `caja.toml`.
    pub profile: StoreProfile,
    /// The store's currency (the profile's; kept here because everything money needs it).
    pub currency: Currency,
    pub locale: Locale,
    pub dark_theme: bool,
    /// Receipt characters per line (42 or 48).
    pub receipt_width: usize,
    pub idle_lock_secs: u32,
    pub cash_rounding: Option<CashRounding>,
    /// `till.exchange_dir` as set (`None`: `exchange` in the data dir, see `Paths`).
    pub exchange_dir: Option<PathBuf>,
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
    /// How this till reaches the tax agency (`[fiscal]`).
    pub fiscal_link: FiscalLink,
}

/// `[fiscal]`: the endpoint override, the certificate and its password file, a CA file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FiscalLink {
    pub endpoint: Option<String>,
    pub certificate: Option<PathBuf>,
    pub certificate_password_file: Option<PathBuf>,
    pub ca_file: Option<PathBuf>,
}

impl Default for TillSettings {
    fn default() -> Self {
        // The defaults always resolve (a test holds them to it); the environment's language is
        // not consulted here.
        Config::defaults()
            .and_then(|c| c.resolve_with_lang(None))
            .unwrap_or_else(|_| fallback())
    }
}

/// The defaults written out, for the case the schema's defaults fail their own checks (a test
/// keeps the two equal).
fn fallback() -> TillSettings {
    TillSettings {
        terminal: "T01".into(),
        profile: StoreProfile::default(),
        currency: Currency::Eur,
        locale: Locale::es(),
        dark_theme: false,
        receipt_width: 42,
        idle_lock_secs: 300,
        cash_rounding: None,
        exchange_dir: None,
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
        fiscal_link: FiscalLink::default(),
    }
}

/// The language and number format: the configured language, else the environment's (`LANG`
/// as `es_MX.UTF-8`), else Spanish; the configured number format, else the one the language's
/// region writes.
fn locale_of(configured: Option<&str>, numbers: Option<NumberFormat>, env: Option<&str>) -> Locale {
    let from_env = env
        .map(|l| {
            l.split(['.', '@'])
                .next()
                .unwrap_or_default()
                .replace('_', "-")
        })
        .filter(|l| !l.is_empty() && l != "C" && l != "POSIX");
    let tag = configured
        .map(str::to_owned)
        .or(from_env)
        .unwrap_or_else(|| "es".to_owned());
    Locale::new(
        Lang::get(&tag),
        numbers.unwrap_or_else(|| NumberFormat::for_language(&tag)),
    )
}

impl Config {
    /// The settings the till runs with; `till.language = auto` follows `LC_ALL`,
    /// `LC_MESSAGES` or `LANG`, the first one set.
    pub fn resolve(&self) -> Result<TillSettings, ConfigError> {
        let lang = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
        self.resolve_with_lang(lang.as_deref())
    }

    /// `resolve` with the environment's language passed in. Every value was checked when it
    /// was read or set, so nothing is parsed or read again here (the logo is the one decoded
    /// at load); it returns a `Result` for rules across keys.
    pub fn resolve_with_lang(&self, lang: Option<&str>) -> Result<TillSettings, ConfigError> {
        let (store, till, devices, backup) = (&self.store, &self.till, &self.devices, &self.backup);
        Ok(TillSettings {
            terminal: self.terminal.id.clone(),
            profile: StoreProfile {
                trade_name: store.name.clone(),
                tax_id: store.tax_id.clone(),
                address: store.address.clone(),
                currency: store.currency,
                ..StoreProfile::default()
            },
            currency: store.currency,
            locale: locale_of(
                till.language.as_deref().or(till.locale.as_deref()),
                till.number_format,
                lang,
            ),
            dark_theme: till.theme == Theme::Dark,
            receipt_width: till.receipt_width,
            idle_lock_secs: till.idle_lock_secs,
            exchange_dir: till.exchange_dir.clone(),
            cash_rounding: match &till.cash_rounding {
                None => None,
                Some(step) => Some(
                    super::check::cash_step(step, store.currency)
                        .map_err(|r| r.for_key("till.cash_rounding", step))?,
                ),
            },
            barcode_rules: BarcodeRules {
                variable: self.barcode.variable.clone(),
            },
            printer: devices.printer.clone(),
            printer_profile: devices.printer_profile.clone(),
            logo: store.logo.clone(),
            scanner: devices.scanner.clone(),
            display: devices.display.clone(),
            scale: devices.scale.clone(),
            drawer: devices.drawer.clone(),
            backup_dir: backup.dir.clone(),
            backup_recipients: backup.recipients.clone(),
            backup_every_hours: backup.every_hours,
            backup_keep: crate::backup::schedule::Keep {
                daily: backup.keep_daily as usize,
                weekly: backup.keep_weekly as usize,
                monthly: backup.keep_monthly as usize,
            },
            fiscal_link: FiscalLink {
                endpoint: self.fiscal.endpoint.clone(),
                certificate: self.fiscal.certificate.clone(),
                certificate_password_file: self.fiscal.certificate_password_file.clone(),
                ca_file: self.fiscal.ca_file.clone(),
            },
        })
    }
}

impl TillSettings {
    /// These settings with the store's identity (and its logo, when it has one) in place of
    /// what `caja.toml` said.
    pub fn with_store(mut self, profile: StoreProfile, logo: Option<Logo>) -> TillSettings {
        self.currency = profile.currency;
        self.profile = profile;
        if logo.is_some() {
            self.logo = logo;
        }
        self
    }

    /// What the backup pass and thread need of these settings.
    pub fn backup_plan(&self) -> crate::backup::run::Plan {
        crate::backup::run::Plan {
            store_name: self.profile.trade_name.clone(),
            terminal: self.terminal.clone(),
            dir: self.backup_dir.clone(),
            recipients: self.backup_recipients.clone(),
            every_hours: self.backup_every_hours,
            keep: self.backup_keep,
        }
    }
}

/// Where things live: flags, then environment, then XDG defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub key_file: PathBuf,
    pub config_file: PathBuf,
}

/// The host and port of an `https://` address (443 when it names none).
pub fn https_host_port(url: &str) -> (String, u16) {
    let rest = url.strip_prefix("https://").unwrap_or(url);
    let authority = rest.split('/').next().unwrap_or(rest);
    match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
            match port.parse::<u16>() {
                Ok(p) => (host.to_string(), p),
                Err(_) => (authority.to_string(), 443),
            }
        }
        _ => (authority.to_string(), 443),
    }
}

impl Paths {
    /// The sandbox's places for this till, from its paths and settings and the environment (`XAUTHORITY`,
    /// `HOME`).
    /// The exchange folder: `till.exchange_dir`, or `exchange` in the data dir.
    pub fn exchange_dir(&self, settings: &TillSettings) -> PathBuf {
        settings
            .exchange_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("exchange"))
    }

    pub fn places(&self, settings: &TillSettings) -> Places {
        let (data_dir, key_file, config_file) = (&self.data_dir, &self.key_file, &self.config_file);
        let mut devices = Vec::new();
        let mut connect = Vec::new();
        let mut spool_dir = None;
        let serial = [
            settings.scanner.as_ref(),
            settings.display.as_ref(),
            settings.scale.as_ref(),
            match &settings.drawer {
                DrawerWiring::Serial(uri) => Some(uri),
                _ => None,
            },
        ];
        for uri in serial
            .into_iter()
            .flatten()
            .chain(settings.printer.as_ref())
        {
            match uri {
                DeviceUri::Usb(path) | DeviceUri::Serial { path, .. } => devices.push(path.clone()),
                DeviceUri::Tcp { port, host } => {
                    connect.push((*port, format!("printer {host}:{port}")));
                }
                DeviceUri::File(path) => spool_dir = path.parent().map(Path::to_path_buf),
            }
        }
        // The tax agency's web service, when the store sends VERI*FACTU records.
        if let crate::till::profile::FiscalState::Verifactu(env) = settings.profile.fiscal_state() {
            let url = settings.fiscal_link.endpoint.clone().unwrap_or_else(|| {
                crate::agency::endpoint(crate::fiscal::qr::Environment::of_store(env))
            });
            let (host, port) = https_host_port(&url);
            connect.push((port, format!("tax agency {host}:{port}")));
        }
        let xauthority = std::env::var_os("XAUTHORITY")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".Xauthority")));
        Places {
            data_dir: data_dir.to_path_buf(),
            key_file: key_file.to_path_buf(),
            key_held: false,
            config_dir: config_file.parent().map(Path::to_path_buf),
            config_file: config_file.to_path_buf(),
            backup_dir: settings.backup_dir.clone(),
            exchange_dir: Some(self.exchange_dir(settings)),
            spool_dir,
            xauthority,
            devices,
            connect,
        }
    }

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
    fn the_sandbox_places_name_this_tills_devices_and_ports() {
        let paths = Paths {
            data_dir: PathBuf::from("/var/lib/caja"),
            key_file: PathBuf::from("/etc/caja/db.key"),
            config_file: PathBuf::from("/etc/caja/caja.toml"),
        };
        let settings = TillSettings {
            printer: Some("tcp://10.0.0.7:9100".parse().unwrap()),
            scanner: Some("serial:/dev/ttyACM0?baud=9600".parse().unwrap()),
            drawer: "serial:/dev/ttyUSB3?baud=9600".parse().unwrap(),
            backup_dir: Some(PathBuf::from("/media/usb")),
            ..TillSettings::default()
        };
        let places = paths.places(&settings);
        assert_eq!(
            places.connect,
            vec![(9100, "printer 10.0.0.7:9100".to_string())]
        );
        assert_eq!(
            places.devices,
            vec![PathBuf::from("/dev/ttyACM0"), PathBuf::from("/dev/ttyUSB3")]
        );
        assert_eq!(places.config_dir, Some(PathBuf::from("/etc/caja")));
        assert_eq!(places.backup_dir, Some(PathBuf::from("/media/usb")));
        assert_eq!(
            places.exchange_dir,
            Some(PathBuf::from("/var/lib/caja/exchange"))
        );
    }

    #[test]
    fn the_written_out_fallback_is_the_schemas_defaults() {
        let defaults = Config::defaults().unwrap().resolve_with_lang(None).unwrap();
        assert_eq!(fallback(), defaults);
        assert_eq!(TillSettings::default(), defaults);
    }
}
