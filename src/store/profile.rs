//! The store's identity in the store (`settings` rows `store.*`; the logo as a store file).
//! Every change is checked by the key's own rule and audited with its old and new value. The
//! currency is fixed once the store has sold (a ticket's amounts are in it).

use super::taxes::Author;
use super::{Store, StoreError};
use crate::till::profile::{ProfileError, ProfileKey, StoreProfile};
use crate::till::tax::Territory;
use rusqlite::{OptionalExtension, params};

/// What a carry-over did: each key with the value stored, or why the store refused it.
pub type Carried = Vec<(ProfileKey, Result<String, ProfileError>)>;

/// The store file that holds the logo (a PNG).
pub const LOGO_FILE: &str = "logo.png";
/// Marks that the `[store]` values of `caja.toml` were carried into the store.
const CARRIED_OVER: &str = "store.carried_over_from_config";

impl Store {
    /// The identity as stored (defaults for keys never set).
    pub fn profile(&self) -> Result<StoreProfile, StoreError> {
        let mut p = StoreProfile::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value FROM settings WHERE key LIKE 'store.%'")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            let value: String = r.get(1)?;
            if let Some(k) = ProfileKey::parse(&key) {
                k.set(&mut p, &value);
            }
        }
        p.has_logo = self.store_file(LOGO_FILE)?.is_some();
        Ok(p)
    }

    /// Sets one key after its check (audited: key, old → new). Returns the value as stored.
    pub fn set_profile(
        &self,
        key: ProfileKey,
        value: &str,
        who: &Author<'_>,
    ) -> Result<String, StoreError> {
        let current = self.profile()?;
        let territory = if key == ProfileKey::Territory {
            Territory::parse(value).unwrap_or(current.territory)
        } else {
            current.territory
        };
        let checked = key.check(value, territory).map_err(StoreError::Profile)?;
        let old = key.get(&current);
        if old == checked {
            return Ok(checked);
        }
        if key == ProfileKey::Currency && self.has_sold()? {
            return Err(StoreError::CurrencyFixed {
                currency: old.clone(),
            });
        }
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        tx.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key.name(), checked],
        )?;
        who.audit(
            &tx,
            "store_profile",
            serde_json::json!({"key": key.name(), "old": old, "new": checked}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(checked)
    }

    /// Whether any document was ever committed.
    pub fn has_sold(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM documents)", [], |r| r.get(0))?)
    }

    /// A store file's bytes.
    pub fn store_file(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT bytes FROM store_files WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?)
    }

    /// Stores (or with `None` removes) a store file, audited with its size.
    pub fn set_store_file(
        &self,
        name: &str,
        bytes: Option<&[u8]>,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        match bytes {
            Some(b) => tx.execute(
                "INSERT INTO store_files(name, bytes) VALUES (?1, ?2)
                 ON CONFLICT(name) DO UPDATE SET bytes = excluded.bytes",
                params![name, b],
            )?,
            None => tx.execute("DELETE FROM store_files WHERE name = ?1", [name])?,
        };
        who.audit(
            &tx,
            "store_file",
            serde_json::json!({"name": name, "bytes": bytes.map(<[u8]>::len)}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Once per store: the `[store]` values a `caja.toml` of an earlier version set (those that
    /// differ from the defaults) become the store's, so no script or receipt changes. Values
    /// the store's own checks refuse are reported and left out. Returns what was carried.
    pub fn carry_over_profile(
        &self,
        values: &[(ProfileKey, String)],
        logo: Option<&[u8]>,
        who: &Author<'_>,
    ) -> Result<Carried, StoreError> {
        if self.setting(CARRIED_OVER)?.is_some() {
            return Ok(Vec::new());
        }
        let mut done = Vec::new();
        for (key, value) in values {
            let result = match self.set_profile(*key, value, who) {
                Ok(v) => Ok(v),
                Err(StoreError::Profile(e)) => Err(e),
                Err(StoreError::CurrencyFixed { .. }) => continue,
                Err(e) => return Err(e),
            };
            done.push((*key, result));
        }
        if let Some(bytes) = logo
            && self.store_file(LOGO_FILE)?.is_none()
        {
            self.set_store_file(LOGO_FILE, Some(bytes), who)?;
        }
        self.set_setting(CARRIED_OVER, who.at)?;
        Ok(done)
    }
}
