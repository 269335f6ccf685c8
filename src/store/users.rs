//! Users and PINs. A PIN is stored as an argon2id hash; a keyed SHA-256 tag of it finds the user
//! a PIN belongs to in one indexed look-up and keeps PINs unique in a store.

use super::{Store, StoreError};
use crate::till::permission::Role;
use argon2::{Algorithm, Argon2, Params, Version};
use rand::TryRngCore;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A user of the till.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// Its PIN was set by someone else: the user changes it at its first use.
    pub must_change_pin: bool,
    /// In training: their documents are marked and are not invoices (see migration 013).
    pub training: bool,
}

/// Failed-PIN state of one terminal.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LoginGuard {
    pub failed: i64,
    pub locked_until: Option<String>,
}

const TAG_SECRET_KEY: &str = "pin_tag_secret";

fn argon() -> Result<Argon2<'static>, StoreError> {
    let params = Params::new(Params::DEFAULT_M_COST, Params::DEFAULT_T_COST, 1, Some(32))
        .map_err(|e| StoreError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// `argon2id$m=…,t=…,p=1$<salt hex>$<hash hex>`
pub(crate) fn hash_pin(pin: &str) -> Result<String, StoreError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng
        .try_fill_bytes(&mut salt)
        .map_err(|e| StoreError::Internal(format!("no randomness: {e}")))?;
    let mut out = [0u8; 32];
    argon()?
        .hash_password_into(pin.as_bytes(), &salt, &mut out)
        .map_err(|e| StoreError::Internal(format!("argon2: {e}")))?;
    Ok(format!(
        "argon2id$m={},t={},p=1${}${}",
        Params::DEFAULT_M_COST,
        Params::DEFAULT_T_COST,
        hex::encode(salt),
        hex::encode(out)
    ))
}

fn verify_pin(pin: &str, stored: &str) -> bool {
    let parts: Vec<&str> = stored.split('$').collect();
    let [alg, cost, salt, hash] = parts.as_slice() else {
        return false;
    };
    if *alg != "argon2id" {
        return false;
    }
    let mut m = Params::DEFAULT_M_COST;
    let mut t = Params::DEFAULT_T_COST;
    for kv in cost.split(',') {
        match kv.split_once('=') {
            Some(("m", v)) => m = v.parse().unwrap_or(m),
            Some(("t", v)) => t = v.parse().unwrap_or(t),
            _ => {}
        }
    }
    let (Ok(salt), Ok(expected)) = (hex::decode(salt), hex::decode(hash)) else {
        return false;
    };
    let Ok(params) = Params::new(m, t, 1, Some(expected.len())) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    if Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(pin.as_bytes(), &salt, &mut out)
        .is_err()
    {
        return false;
    }
    // Constant-time comparison.
    out.iter()
        .zip(&expected)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// A PIN is 4 to 8 digits.
pub fn check_pin_format(pin: &str) -> Result<(), StoreError> {
    if (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(StoreError::PinFormat)
    }
}

/// A user from `id, name, role, active, must_change_pin, training`.
pub(crate) fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Cashier),
        active: r.get(3)?,
        must_change_pin: r.get(4)?,
        training: r.get(5)?,
    })
}

impl Store {
    fn tag_secret(&self) -> Result<Vec<u8>, StoreError> {
        if let Some(hex_secret) = self.setting(TAG_SECRET_KEY)? {
            return hex::decode(hex_secret)
                .map_err(|_| StoreError::Corrupt("the PIN tag secret is not hex".into()));
        }
        let mut secret = [0u8; 32];
        rand::rngs::OsRng
            .try_fill_bytes(&mut secret)
            .map_err(|e| StoreError::Internal(format!("no randomness: {e}")))?;
        self.set_setting(TAG_SECRET_KEY, &hex::encode(secret))?;
        Ok(secret.to_vec())
    }

    pub(crate) fn pin_tag(&self, pin: &str) -> Result<String, StoreError> {
        let mut h = Sha256::new();
        h.update(self.tag_secret()?);
        h.update([0u8]);
        h.update(pin.as_bytes());
        Ok(hex::encode(h.finalize()))
    }

    /// Adds a user; the PIN must be unique in the store.
    pub fn add_user(&self, name: &str, role: Role, pin: &str) -> Result<i64, StoreError> {
        self.add_user_audited(name, role, pin, None)
    }

    /// Adds a user and, when given, its audit entry (`detail` gains the new user's id, name
    /// and role) in one transaction: no user appears without the record of who added them.
    pub fn add_user_audited(
        &self,
        name: &str,
        role: Role,
        pin: &str,
        audit: Option<&super::audit::AuditEvent<'_>>,
    ) -> Result<i64, StoreError> {
        check_pin_format(pin)?;
        if name.trim().is_empty() {
            return Err(StoreError::UserNameRequired);
        }
        let tag = self.pin_tag(pin)?;
        let hash = hash_pin(pin)?;
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        tx.execute(
            "INSERT INTO users(name, role, pin_hash, pin_tag) VALUES (?1, ?2, ?3, ?4)",
            params![name.trim(), role.as_str(), hash, tag],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                StoreError::PinTaken
            }
            other => other.into(),
        })?;
        let id = tx.last_insert_rowid();
        if let Some(e) = audit {
            let mut detail: serde_json::Value =
                serde_json::from_str(&e.detail).unwrap_or_else(|_| serde_json::json!({}));
            if let Some(o) = detail.as_object_mut() {
                o.insert("user".into(), id.into());
                o.insert("name".into(), name.trim().into());
                o.insert("role".into(), role.as_str().into());
            }
            super::audit::append(
                &tx,
                &super::audit::AuditEvent {
                    detail: detail.to_string(),
                    ..e.clone()
                },
                &self.identity.uid,
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// The active user a PIN belongs to, if any.
    pub fn user_by_pin(&self, pin: &str) -> Result<Option<User>, StoreError> {
        if check_pin_format(pin).is_err() {
            return Ok(None);
        }
        let tag = self.pin_tag(pin)?;
        let found: Option<(User, String)> = self
            .conn
            .query_row(
                "SELECT id, name, role, active, must_change_pin, training, pin_hash FROM users WHERE pin_tag = ?1",
                [tag],
                |r| Ok((user_from_row(r)?, r.get(6)?)),
            )
            .optional()?;
        Ok(found
            .filter(|(u, hash)| u.active && verify_pin(pin, hash))
            .map(|(u, _)| u))
    }

    pub fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, role, active, must_change_pin, training FROM users WHERE id = ?1",
                [id],
                user_from_row,
            )
            .optional()?)
    }

    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, role, active, must_change_pin, training FROM users ORDER BY id",
        )?;
        let users = stmt
            .query_map([], user_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(users)
    }

    pub fn login_guard(&self, terminal: &str) -> Result<LoginGuard, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT failed, locked_until FROM login_guard WHERE terminal = ?1",
                [terminal],
                |r| {
                    Ok(LoginGuard {
                        failed: r.get(0)?,
                        locked_until: r.get(1)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    pub fn set_login_guard(&self, terminal: &str, guard: &LoginGuard) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO login_guard(terminal, failed, locked_until) VALUES (?1, ?2, ?3)
             ON CONFLICT(terminal) DO UPDATE SET failed = excluded.failed,
                                                 locked_until = excluded.locked_until",
            params![terminal, guard.failed, guard.locked_until],
        )?;
        Ok(())
    }
}
