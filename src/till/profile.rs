//! Who the shop is: the business data its receipts, reports and fiscal records carry. It lives
//! in the encrypted store (audited, backed up, later synced with HQ); machine settings stay in
//! `caja.toml`. Each field is a key (`store.legal_name`, …) that `caja store get|set`, `caja
//! config get|set` and the back office's form read and write with the same checks.

use super::money::Currency;
use super::tax::Territory;
use super::tax_id::{self, TaxIdError};
use serde::{Deserialize, Serialize};

/// The store's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoreProfile {
    /// Legal name (razón social) — the issuer on every ticket.
    pub legal_name: String,
    /// Trade name (nombre comercial) — the big name on top of a receipt.
    pub trade_name: String,
    /// NIF / CIF / NIE in Spain (checked); any id elsewhere.
    pub tax_id: String,
    pub address: String,
    /// Postcode and town (`28013 Madrid`).
    pub city: String,
    pub phone: String,
    /// Extra lines under the shop's name on receipts.
    pub receipt_header: String,
    /// Lines at the foot of receipts (returns policy, thanks…).
    pub receipt_footer: String,
    pub currency: Currency,
    /// Language of receipts and reports: `es`, `en`, … (a till may show another on screen).
    pub locale: String,
    /// IANA time zone for every local time Caja writes (`Europe/Madrid`, `Atlantic/Canary`).
    pub time_zone: String,
    /// Where the shop pays its taxes: picks IVA / IGIC / IPSI and the receipt's wording.
    pub territory: Territory,
    /// Whether a logo is stored (its bytes are a store file).
    pub has_logo: bool,
    /// Which fiscal records the store issues (`fiscal.regime`).
    pub fiscal_regime: FiscalRegime,
    /// Where they go: the tax agency's test service or the real one (`fiscal.environment`).
    pub fiscal_environment: FiscalEnvironment,
    /// The largest ticket (simplified invoice), in whole units of the currency: 3.000 € for
    /// retail and the trades RD 1619/2012 art. 4 names, 400 € otherwise. Above it the till asks
    /// for the customer's details and issues a full invoice.
    pub simplified_limit: u32,
}

/// The store's fiscal regime. A store with a Spanish tax id chooses one: VERI*FACTU, or no
/// records from Caja with the reason declared (a foral territory — Basque Country, Navarre —
/// whose own system issues them, or the SII); plain `none` only without a Spanish tax id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FiscalRegime {
    /// Not chosen yet.
    #[default]
    Unset,
    Verifactu,
    NoneForal,
    NoneSii,
    None,
}

impl FiscalRegime {
    pub const ALL: [FiscalRegime; 4] = [
        FiscalRegime::Verifactu,
        FiscalRegime::NoneForal,
        FiscalRegime::NoneSii,
        FiscalRegime::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FiscalRegime::Unset => "",
            FiscalRegime::Verifactu => "verifactu",
            FiscalRegime::NoneForal => "none-foral",
            FiscalRegime::NoneSii => "none-sii",
            FiscalRegime::None => "none",
        }
    }

    pub fn parse(text: &str) -> Option<FiscalRegime> {
        let text = text.trim().to_ascii_lowercase();
        if text.is_empty() {
            return Some(FiscalRegime::Unset);
        }
        FiscalRegime::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// The tax agency's service the records go to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FiscalEnvironment {
    /// Not chosen yet: a real store is asked, never given a silent default.
    #[default]
    Unset,
    Test,
    Production,
}

impl FiscalEnvironment {
    pub fn as_str(self) -> &'static str {
        match self {
            FiscalEnvironment::Unset => "",
            FiscalEnvironment::Test => "test",
            FiscalEnvironment::Production => "production",
        }
    }

    pub fn parse(text: &str) -> Option<FiscalEnvironment> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" => Some(FiscalEnvironment::Unset),
            "test" => Some(FiscalEnvironment::Test),
            "production" => Some(FiscalEnvironment::Production),
            _ => None,
        }
    }
}

/// Whether the store may sell, and with which records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FiscalState {
    /// Every document gets a VERI*FACTU record for this environment.
    Verifactu(FiscalEnvironment),
    /// No records from Caja (declared, or no Spanish tax id).
    NoRecords,
    /// The till refuses to sell until this is fixed.
    Blocked(FiscalBlock),
}

/// Why a store may not sell yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FiscalBlock {
    #[error(
        "the store has a Spanish tax id but no fiscal regime: run caja config set fiscal.regime verifactu (or none-foral / none-sii, declaring why Caja issues no records)"
    )]
    RegimeUnset,
    #[error(
        "fiscal.regime none is only for a store without a Spanish tax id: choose verifactu, or none-foral / none-sii declaring why"
    )]
    NoneWithSpanishId,
    #[error(
        "VERI*FACTU needs the store's NIF and legal name: set store.tax_id and store.legal_name"
    )]
    IdentityMissing,
    #[error(
        "choose where the fiscal records go: caja config set fiscal.environment production (or test, for a trial store)"
    )]
    EnvironmentUnset,
}

impl StoreProfile {
    /// Whether the store has a Spanish tax id.
    pub fn spanish_tax_id(&self) -> bool {
        self.territory != Territory::Other
            && !self.tax_id.is_empty()
            && tax_id::check_spanish(&self.tax_id).is_ok()
    }

    /// What the store's fiscal settings allow.
    pub fn fiscal_state(&self) -> FiscalState {
        let spanish = self.spanish_tax_id();
        match self.fiscal_regime {
            FiscalRegime::Verifactu => {
                if !spanish || self.legal_name.trim().is_empty() {
                    FiscalState::Blocked(FiscalBlock::IdentityMissing)
                } else if self.fiscal_environment == FiscalEnvironment::Unset {
                    FiscalState::Blocked(FiscalBlock::EnvironmentUnset)
                } else {
                    FiscalState::Verifactu(self.fiscal_environment)
                }
            }
            FiscalRegime::NoneForal | FiscalRegime::NoneSii => FiscalState::NoRecords,
            FiscalRegime::None if spanish => FiscalState::Blocked(FiscalBlock::NoneWithSpanishId),
            FiscalRegime::Unset if spanish => FiscalState::Blocked(FiscalBlock::RegimeUnset),
            FiscalRegime::None | FiscalRegime::Unset => FiscalState::NoRecords,
        }
    }
}

impl Default for StoreProfile {
    fn default() -> StoreProfile {
        StoreProfile {
            legal_name: String::new(),
            trade_name: "Mi tienda".into(),
            tax_id: String::new(),
            address: String::new(),
            city: String::new(),
            phone: String::new(),
            receipt_header: String::new(),
            receipt_footer: String::new(),
            currency: Currency::Eur,
            locale: "es".into(),
            time_zone: "Europe/Madrid".into(),
            territory: Territory::Peninsula,
            has_logo: false,
            fiscal_regime: FiscalRegime::Unset,
            fiscal_environment: FiscalEnvironment::Unset,
            simplified_limit: 3000,
        }
    }
}

/// One field of the profile, by its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfileKey {
    LegalName,
    TradeName,
    TaxId,
    Address,
    City,
    Phone,
    ReceiptHeader,
    ReceiptFooter,
    Currency,
    Locale,
    TimeZone,
    Territory,
    FiscalRegime,
    FiscalEnvironment,
    SimplifiedLimit,
}

/// What is wrong with a value for a profile key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("{key}: {reason}")]
    TaxId {
        key: &'static str,
        reason: TaxIdError,
    },
    #[error("{key} must be one line of at most {max} characters")]
    Line { key: &'static str, max: usize },
    #[error("{key} has at most {max} lines of {width} characters")]
    Lines {
        key: &'static str,
        max: usize,
        width: usize,
    },
    #[error("{key}: «{value}» is not a currency Caja knows (EUR, USD, MXN, COP, ARS, PEN, CLP)")]
    Currency { key: &'static str, value: String },
    #[error("{key}: «{value}» is not an IANA time zone (e.g. Europe/Madrid, Atlantic/Canary)")]
    TimeZone { key: &'static str, value: String },
    #[error("{key}: «{value}» is not a territory (peninsula, canarias, ceuta, melilla, other)")]
    Territory { key: &'static str, value: String },
    #[error("{key}: «{value}» is not a language tag (es, en, es-MX…)")]
    Locale { key: &'static str, value: String },
    #[error("{key}: «{value}» is not a fiscal regime (verifactu, none-foral, none-sii, none)")]
    Regime { key: &'static str, value: String },
    #[error(
        "{key}: «{value}» is not a limit from 1 to 3000 (whole euros: 3000 retail, 400 otherwise)"
    )]
    Limit { key: &'static str, value: String },
    #[error("{key}: «{value}» is not a fiscal environment (test, production)")]
    Environment { key: &'static str, value: String },
    #[error("{key} is required")]
    Required { key: &'static str },
    #[error("there is no store key «{0}»; caja store get lists them")]
    Unknown(String),
}

impl ProfileKey {
    pub const ALL: [ProfileKey; 15] = [
        ProfileKey::LegalName,
        ProfileKey::TradeName,
        ProfileKey::TaxId,
        ProfileKey::Address,
        ProfileKey::City,
        ProfileKey::Phone,
        ProfileKey::ReceiptHeader,
        ProfileKey::ReceiptFooter,
        ProfileKey::Currency,
        ProfileKey::Locale,
        ProfileKey::TimeZone,
        ProfileKey::Territory,
        ProfileKey::FiscalRegime,
        ProfileKey::FiscalEnvironment,
        ProfileKey::SimplifiedLimit,
    ];

    /// Whether the key is one of the fiscal settings (set in the Fiscal section, not the
    /// store's identity form).
    pub fn is_fiscal(self) -> bool {
        matches!(
            self,
            ProfileKey::FiscalRegime | ProfileKey::FiscalEnvironment
        )
    }

    /// The key's name (`store.name` is the trade name's, as in `caja.toml` before).
    pub fn name(self) -> &'static str {
        match self {
            ProfileKey::LegalName => "store.legal_name",
            ProfileKey::TradeName => "store.name",
            ProfileKey::TaxId => "store.tax_id",
            ProfileKey::Address => "store.address",
            ProfileKey::City => "store.city",
            ProfileKey::Phone => "store.phone",
            ProfileKey::ReceiptHeader => "store.receipt_header",
            ProfileKey::ReceiptFooter => "store.receipt_footer",
            ProfileKey::Currency => "store.currency",
            ProfileKey::Locale => "store.locale",
            ProfileKey::TimeZone => "store.time_zone",
            ProfileKey::Territory => "store.territory",
            ProfileKey::FiscalRegime => "store.fiscal_regime",
            ProfileKey::FiscalEnvironment => "store.fiscal_environment",
            ProfileKey::SimplifiedLimit => "store.simplified_limit",
        }
    }

    pub fn parse(name: &str) -> Option<ProfileKey> {
        let name = name.trim();
        // `caja config set fiscal.regime …`, as the issue and the README name them.
        match name {
            "fiscal.regime" => return Some(ProfileKey::FiscalRegime),
            "fiscal.environment" => return Some(ProfileKey::FiscalEnvironment),
            "fiscal.simplified_limit" => return Some(ProfileKey::SimplifiedLimit),
            _ => {}
        }
        let name = if name.starts_with("store.") {
            name.to_string()
        } else {
            format!("store.{name}")
        };
        ProfileKey::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The key's value in `p`, as text.
    pub fn get(self, p: &StoreProfile) -> String {
        match self {
            ProfileKey::LegalName => p.legal_name.clone(),
            ProfileKey::TradeName => p.trade_name.clone(),
            ProfileKey::TaxId => p.tax_id.clone(),
            ProfileKey::Address => p.address.clone(),
            ProfileKey::City => p.city.clone(),
            ProfileKey::Phone => p.phone.clone(),
            ProfileKey::ReceiptHeader => p.receipt_header.clone(),
            ProfileKey::ReceiptFooter => p.receipt_footer.clone(),
            ProfileKey::Currency => p.currency.code().to_string(),
            ProfileKey::Locale => p.locale.clone(),
            ProfileKey::TimeZone => p.time_zone.clone(),
            ProfileKey::Territory => p.territory.as_str().to_string(),
            ProfileKey::FiscalRegime => p.fiscal_regime.as_str().to_string(),
            ProfileKey::FiscalEnvironment => p.fiscal_environment.as_str().to_string(),
            ProfileKey::SimplifiedLimit => p.simplified_limit.to_string(),
        }
    }

    /// Checks `value` for this key in a store of `territory`; returns it as stored.
    pub fn check(self, value: &str, territory: Territory) -> Result<String, ProfileError> {
        let key = self.name();
        let value = value.trim();
        let line = |max: usize| {
            if value.contains(['\n', '\r']) || value.chars().count() > max {
                Err(ProfileError::Line { key, max })
            } else {
                Ok(value.to_string())
            }
        };
        match self {
            ProfileKey::LegalName | ProfileKey::TradeName => {
                if value.is_empty() && self == ProfileKey::TradeName {
                    return Err(ProfileError::Required { key });
                }
                line(120)
            }
            ProfileKey::Address | ProfileKey::City => line(120),
            ProfileKey::Phone => line(40),
            ProfileKey::TaxId => {
                if value.is_empty() || territory == Territory::Other {
                    return line(30);
                }
                tax_id::check_spanish(value)
                    .map(|_| tax_id::normalize(value))
                    .map_err(|reason| ProfileError::TaxId { key, reason })
            }
            ProfileKey::ReceiptHeader | ProfileKey::ReceiptFooter => {
                let (max, width) = (6, 48);
                let lines: Vec<&str> = value.lines().collect();
                if lines.len() > max || lines.iter().any(|l| l.chars().count() > width) {
                    Err(ProfileError::Lines { key, max, width })
                } else {
                    Ok(lines.join("\n"))
                }
            }
            ProfileKey::Currency => Currency::from_code(value)
                .map(|c| c.code().to_string())
                .ok_or_else(|| ProfileError::Currency {
                    key,
                    value: value.to_string(),
                }),
            ProfileKey::Locale => {
                let ok = !value.is_empty()
                    && value.len() <= 12
                    && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if ok {
                    Ok(value.to_string())
                } else {
                    Err(ProfileError::Locale {
                        key,
                        value: value.to_string(),
                    })
                }
            }
            ProfileKey::TimeZone => value
                .parse::<chrono_tz::Tz>()
                .map(|tz| tz.name().to_string())
                .map_err(|_| ProfileError::TimeZone {
                    key,
                    value: value.to_string(),
                }),
            ProfileKey::Territory => Territory::parse(value)
                .map(|t| t.as_str().to_string())
                .ok_or_else(|| ProfileError::Territory {
                    key,
                    value: value.to_string(),
                }),
            ProfileKey::FiscalRegime => FiscalRegime::parse(value)
                .map(|r| r.as_str().to_string())
                .ok_or_else(|| ProfileError::Regime {
                    key,
                    value: value.to_string(),
                }),
            ProfileKey::FiscalEnvironment => FiscalEnvironment::parse(value)
                .map(|e| e.as_str().to_string())
                .ok_or_else(|| ProfileError::Environment {
                    key,
                    value: value.to_string(),
                }),
            ProfileKey::SimplifiedLimit => value
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=3000).contains(n))
                .map(|n| n.to_string())
                .ok_or_else(|| ProfileError::Limit {
                    key,
                    value: value.to_string(),
                }),
        }
    }

    /// Sets a checked value (from `check`) on `p`.
    pub fn set(self, p: &mut StoreProfile, value: &str) {
        let v = value.to_string();
        match self {
            ProfileKey::LegalName => p.legal_name = v,
            ProfileKey::TradeName => p.trade_name = v,
            ProfileKey::TaxId => p.tax_id = v,
            ProfileKey::Address => p.address = v,
            ProfileKey::City => p.city = v,
            ProfileKey::Phone => p.phone = v,
            ProfileKey::ReceiptHeader => p.receipt_header = v,
            ProfileKey::ReceiptFooter => p.receipt_footer = v,
            ProfileKey::Currency => {
                if let Some(c) = Currency::from_code(value) {
                    p.currency = c;
                }
            }
            ProfileKey::Locale => p.locale = v,
            ProfileKey::TimeZone => p.time_zone = v,
            ProfileKey::Territory => {
                if let Some(t) = Territory::parse(value) {
                    p.territory = t;
                }
            }
            ProfileKey::FiscalRegime => {
                if let Some(r) = FiscalRegime::parse(value) {
                    p.fiscal_regime = r;
                }
            }
            ProfileKey::FiscalEnvironment => {
                if let Some(e) = FiscalEnvironment::parse(value) {
                    p.fiscal_environment = e;
                }
            }
            ProfileKey::SimplifiedLimit => {
                if let Ok(n) = value.parse() {
                    p.simplified_limit = n;
                }
            }
        }
    }
}

impl StoreProfile {
    /// The time zone (Europe/Madrid when the stored name is not one).
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Europe::Madrid)
    }

    /// The issuer's name on a ticket: the legal name, or the trade name while there is none.
    pub fn issuer(&self) -> &str {
        if self.legal_name.is_empty() {
            &self.trade_name
        } else {
            &self.legal_name
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_check_their_values() {
        let t = Territory::Peninsula;
        assert_eq!(
            ProfileKey::TaxId.check("b-12345674 ", t),
            Ok("B12345674".into())
        );
        assert!(matches!(
            ProfileKey::TaxId.check("B12345675", t),
            Err(ProfileError::TaxId { .. })
        ));
        // Outside Spain an id is free-form.
        assert_eq!(
            ProfileKey::TaxId.check("XAXX010101000", Territory::Other),
            Ok("XAXX010101000".into())
        );
        assert_eq!(
            ProfileKey::TimeZone.check("Atlantic/Canary", t),
            Ok("Atlantic/Canary".into())
        );
        assert!(ProfileKey::TimeZone.check("Europe/Madird", t).is_err());
        assert_eq!(ProfileKey::Currency.check("mxn", t), Ok("MXN".into()));
        assert!(ProfileKey::TradeName.check("  ", t).is_err());
        assert!(ProfileKey::ReceiptFooter.check(&"x".repeat(49), t).is_err());
        assert_eq!(ProfileKey::parse("currency"), Some(ProfileKey::Currency));
        assert_eq!(ProfileKey::parse("store.name"), Some(ProfileKey::TradeName));
        for k in ProfileKey::ALL {
            assert_eq!(ProfileKey::parse(k.name()), Some(k));
        }
    }

    #[test]
    fn set_then_get_round_trips() {
        let mut p = StoreProfile::default();
        for (k, v) in [
            (ProfileKey::LegalName, "Frutas Ana S.L."),
            (ProfileKey::Currency, "CLP"),
            (ProfileKey::Territory, "canarias"),
            (ProfileKey::TimeZone, "Atlantic/Canary"),
        ] {
            k.set(&mut p, v);
            assert_eq!(k.get(&p), v);
        }
        assert_eq!(p.issuer(), "Frutas Ana S.L.");
        assert_eq!(p.zone(), chrono_tz::Atlantic::Canary);
    }
}
