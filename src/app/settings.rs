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
