//! Settings changed from the till (the Devices screen): validated by the configuration's own
//! rules, written to the configuration file, and audited with who changed what.

use super::{AppError, Approval, Clock, Till};
use crate::config::Config;
use crate::till::permission::Permission;
use std::path::Path;

impl<C: Clock> Till<C> {
    /// Sets one configuration key in `file`; returns the old value. Devices are opened at
    /// start-up, so a new address applies when Caja restarts.
    pub fn change_setting(
        &mut self,
        file: &Path,
        key: &str,
        value: &str,
    ) -> Result<String, AppError> {
        self.authorize(Permission::ChangeSettings, Approval::Own)?;
        let user = self.user()?;
        let mut config = Config::load(file)?;
        let old = config.get(key)?;
        config.set(key, value)?;
        config.resolve()?;
        config.save(file)?;
        self.audit(
            Some(user.id),
            "settings_change",
            serde_json::json!({"key": key, "old": old, "new": config.get(key)?}),
        )?;
        Ok(old)
    }

    /// The current value of a key in `file` (the others are not checked: this is for showing
    /// a value about to be edited, and `change_setting` checks the whole file).
    pub fn setting(&self, file: &Path, key: &str) -> Result<String, AppError> {
        Ok(Config::read_key(file, key)?)
    }
}

/// `settings` with the store's identity and logo in place of `caja.toml`'s: what the till, its
/// workers and the command line run with. A stored logo that no longer decodes is logged and
/// left out (a receipt without it beats no receipt).
pub fn with_store(
    store: &crate::store::Store,
    settings: crate::config::TillSettings,
) -> Result<crate::config::TillSettings, AppError> {
    let profile = store.profile()?;
    let logo = match store.store_file(crate::store::profile::LOGO_FILE)? {
        Some(bytes) => {
            match crate::devices::logo::Logo::from_png(&bytes, Path::new("store:logo.png")) {
                Ok(logo) => Some(logo),
                Err(e) => {
                    tracing::warn!("the store's logo does not decode: {e}");
                    None
                }
            }
        }
        None => None,
    };
    Ok(settings.with_store(profile, logo))
}

/// Once per store: the `[store]` values an earlier `caja.toml` set (those not at their
/// default) and its logo file become the store's. Returns the keys carried and any value the
/// store's checks refused (kept out, and named).
pub fn carry_over_config(
    store: &crate::store::Store,
    config: &Config,
    who: &crate::store::taxes::Author<'_>,
) -> Result<Vec<String>, AppError> {
    use crate::till::profile::ProfileKey;
    let defaults = Config::defaults()?;
    let mut values = Vec::new();
    for key in [
        ProfileKey::TradeName,
        ProfileKey::TaxId,
        ProfileKey::Address,
        ProfileKey::Currency,
    ] {
        let value = config.get(key.name())?;
        if value != defaults.get(key.name())? {
            values.push((key, value));
        }
    }
    let logo_path = config.get("store.logo")?;
    let logo = if logo_path.is_empty() {
        None
    } else {
        match std::fs::read(&logo_path) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                tracing::warn!("the logo {logo_path} was not carried into the store: {e}");
                None
            }
        }
    };
    let done = store.carry_over_profile(&values, logo.as_deref(), who)?;
    Ok(done
        .into_iter()
        .map(|(k, r)| match r {
            Ok(v) => format!("{} = {v}", k.name()),
            Err(e) => format!("{} not carried: {e}", k.name()),
        })
        .collect())
}
