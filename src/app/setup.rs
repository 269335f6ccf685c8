//! A new till's set-up, step by step — the first-run wizard's steps, and what `caja setup --from
//! FILE.toml` does unattended for a chain rolling out many tills: language → the store's
//! identity and time zone → taxes → the receipt → the manager's and technician's PINs → the
//! printer → the scanner → the drawer → backups → fiscal → the doctor. Each step is checked
//! whole before anything of it is kept; the last step done is kept in the store
//! (`setup.step`), so a set-up cut short (a power cut) goes on from the next step.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Language = 1,
    Identity = 2,
    Taxes = 3,
    Receipt = 4,
    People = 5,
    Printer = 6,
    Scanner = 7,
    Drawer = 8,
    Backups = 9,
    Fiscal = 10,
    Doctor = 11,
}

impl Step {
    pub const ALL: [Step; 11] = [
        Step::Language,
        Step::Identity,
        Step::Taxes,
        Step::Receipt,
        Step::People,
        Step::Printer,
        Step::Scanner,
        Step::Drawer,
        Step::Backups,
        Step::Fiscal,
        Step::Doctor,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn name(self) -> &'static str {
        match self {
            Step::Language => "language",
            Step::Identity => "identity",
            Step::Taxes => "taxes",
            Step::Receipt => "receipt",
            Step::People => "people",
            Step::Printer => "printer",
            Step::Scanner => "scanner",
            Step::Drawer => "drawer",
            Step::Backups => "backups",
            Step::Fiscal => "fiscal",
            Step::Doctor => "doctor",
        }
    }

    /// The step after the last one done (`done` as kept in `setup.step`; none when all are).
    pub fn next_after(done: u8) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.number() > done)
    }
}

/// The store setting holding the number of the last step done.
pub const PROGRESS_KEY: &str = "setup.step";
/// The store setting saying when the set-up was finished.
pub const DONE_KEY: &str = "setup.done";

/// A set-up file (`caja setup --from FILE.toml`): a section per step, every key optional but
/// the identity and the people.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupFile {
    /// `es` or `en`.
    pub language: Option<String>,
    /// The store's profile keys (`legal_name`, `name`, `tax_id`, `address`, `city`,
    /// `phone`, `time_zone`, `territory`, `currency`, …), as `caja store set` takes them.
    #[serde(default)]
    pub store: BTreeMap<String, String>,
    #[serde(default)]
    pub taxes: Taxes,
    #[serde(default)]
    pub receipt: Receipt,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub devices: Devices,
    #[serde(default)]
    pub backup: Backup,
    #[serde(default)]
    pub fiscal: Fiscal,
}

/// Taxes: the country's preset (Spain's classes come with every store), or classes by hand.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxes {
    /// `es`: general 21 %, reducido 10 %, superreducido 4 %, exento (as a new store has them).
    pub preset: Option<String>,
    /// More classes or new rates: code → rate in percent (`"5,5"`).
    #[serde(default)]
    pub classes: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub header: Option<String>,
    pub footer: Option<String>,
    /// An absolute path to a PNG.
    pub logo: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    /// `manager`, `technician` or `cashier`.
    pub role: String,
    pub pin: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Devices {
    pub printer: Option<String>,
    pub printer_profile: Option<String>,
    pub scanner: Option<String>,
    pub drawer: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    pub dir: Option<String>,
    /// The owner's `age1…` public key(s); the private half never lives on the till.
    pub recipients: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fiscal {
    /// `verifactu`; `none-foral` or `none-sii` (why a Spanish store sends no records); `none`.
    pub regime: Option<String>,
    /// `test` or `production`: a real store says which.
    pub environment: Option<String>,
    pub certificate: Option<String>,
    pub certificate_password_file: Option<String>,
    pub ca_file: Option<String>,
}

/// Why a set-up file cannot be used as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetupFileError {
    #[error("the set-up file does not read: {0}")]
    Toml(String),
    #[error("step {step} ({name}): {why}")]
    Step {
        step: u8,
        name: &'static str,
        why: String,
    },
}

impl SetupFile {
    pub fn parse(text: &str) -> Result<SetupFile, SetupFileError> {
        let file: SetupFile =
            toml::from_str(text).map_err(|e| SetupFileError::Toml(e.to_string()))?;
        file.check()?;
        Ok(file)
    }

    /// What every till needs from the file: the identity, a manager and a technician, no easy
    /// PIN, and a language Caja speaks.
    fn check(&self) -> Result<(), SetupFileError> {
        let bad = |step: Step, why: String| SetupFileError::Step {
            step: step.number(),
            name: step.name(),
            why,
        };
        if let Some(lang) = &self.language
            && !["es", "en"].contains(&lang.as_str())
        {
            return Err(bad(
                Step::Language,
                format!("language {lang:?}: Caja speaks es and en"),
            ));
        }
        for key in ["legal_name", "tax_id", "time_zone"] {
            if self.store.get(key).is_none_or(|v| v.trim().is_empty()) {
                return Err(bad(Step::Identity, format!("[store] needs {key}")));
            }
        }
        for role in ["manager", "technician"] {
            if !self.people.iter().any(|p| p.role == role) {
                return Err(bad(
                    Step::People,
                    format!("[[people]] needs a {role} (name, role, pin)"),
                ));
            }
        }
        for p in &self.people {
            if crate::till::permission::Role::parse(&p.role).is_none() {
                return Err(bad(
                    Step::People,
                    format!(
                        "{}: role {:?} is manager, technician or cashier",
                        p.name, p.role
                    ),
                ));
            }
            if let Err(why) = crate::till::pin::check_strength(&p.pin) {
                return Err(bad(Step::People, format!("{}'s PIN: {why}", p.name)));
            }
            let demo = [
                crate::app::demo::DEMO_CASHIER_PIN,
                crate::app::demo::DEMO_MANAGER_PIN,
                crate::app::demo::DEMO_TECHNICIAN_PIN,
            ];
            if demo.contains(&p.pin.as_str()) {
                return Err(bad(
                    Step::People,
                    format!("{}'s PIN is a demo PIN: never on a real till", p.name),
                ));
            }
        }
        if let Some(preset) = &self.taxes.preset
            && preset != "es"
        {
            return Err(bad(
                Step::Taxes,
                format!(
                    "preset {preset:?}: only es (Spain) is built in; give other classes by hand under [taxes.classes]"
                ),
            ));
        }
        if self.fiscal.regime.as_deref() == Some("verifactu") && self.fiscal.environment.is_none() {
            return Err(bad(
                Step::Fiscal,
                "regime verifactu needs environment = \"test\" or \"production\" (no silent default on a real store)".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
language = "es"
[store]
legal_name = "Ferretería López, S.L."
tax_id = "B12345674"
time_zone = "Europe/Madrid"
[[people]]
name = "Ana"
role = "manager"
pin = "4826"
[[people]]
name = "Técnico"
role = "technician"
pin = "7391"
"#;

    #[test]
    fn a_file_is_checked_whole_before_any_step() {
        assert!(SetupFile::parse(GOOD).is_ok());
        let weak = GOOD.replace("4826", "1234");
        match SetupFile::parse(&weak) {
            Err(SetupFileError::Step { step: 5, why, .. }) => assert!(why.contains("Ana"), "{why}"),
            other => panic!("{other:?}"),
        }
        let no_tech = GOOD.replace("technician", "cashier");
        assert!(matches!(
            SetupFile::parse(&no_tech),
            Err(SetupFileError::Step { step: 5, .. })
        ));
        let no_id = GOOD.replace("tax_id = \"B12345674\"\n", "");
        assert!(matches!(
            SetupFile::parse(&no_id),
            Err(SetupFileError::Step { step: 2, .. })
        ));
        assert!(matches!(
            SetupFile::parse(&format!("{GOOD}\nsurprise = 1\n")),
            Err(SetupFileError::Toml(_))
        ));
    }

    #[test]
    fn steps_go_on_after_the_last_done() {
        assert_eq!(Step::next_after(0), Some(Step::Language));
        assert_eq!(Step::next_after(4), Some(Step::People));
        assert_eq!(Step::next_after(11), None);
    }
}
