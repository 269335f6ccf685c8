//! People management: who works at the till, in what role, with which PIN. A user is disabled,
//! never deleted (the audit trail names them); easy PINs are refused; a PIN set by someone else
//! must be changed at its first use; the store always keeps one active manager. Every change is
//! audited in its own transaction.

use super::taxes::Author;
use super::users::User;
use super::{Store, StoreError};
use crate::till::permission::Role;
use crate::till::pin::check_strength;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

/// How many active managers there are, other than `except`.
fn other_managers(tx: &Transaction<'_>, except: i64) -> Result<i64, StoreError> {
    Ok(tx.query_row(
        "SELECT count(*) FROM users WHERE role = 'manager' AND active = 1 AND id <> ?1",
        [except],
        |r| r.get(0),
    )?)
}

fn user_in(tx: &Transaction<'_>, id: i64) -> Result<User, StoreError> {
    tx.query_row(
        "SELECT id, name, role, active, must_change_pin, training FROM users WHERE id = ?1",
        [id],
        super::users::user_from_row,
    )
    .optional()?
    .ok_or(StoreError::NoSuchUser { id })
}

impl Store {
    /// Adds a user with a PIN that is not an easy one; the PIN must be changed at its first
    /// use unless the user chose it (`chosen_by_user`). Audited.
    pub fn create_user(
        &self,
        name: &str,
        role: Role,
        pin: &str,
        chosen_by_user: bool,
        who: &Author<'_>,
    ) -> Result<i64, StoreError> {
        check_strength(pin).map_err(StoreError::WeakPin)?;
        let event = super::audit::AuditEvent {
            at: who.at,
            terminal: who.terminal,
            user_id: who.user_id,
            event: "user_added",
            detail: serde_json::json!({"must_change_pin": !chosen_by_user}).to_string(),
        };
        let id = self.add_user_audited(name, role, pin, Some(&event))?;
        if !chosen_by_user {
            self.conn
                .execute("UPDATE users SET must_change_pin = 1 WHERE id = ?1", [id])?;
        }
        Ok(id)
    }

    /// Disables (or enables again) a user. The last active manager cannot be disabled.
    pub fn set_user_active(
        &self,
        id: i64,
        active: bool,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let user = user_in(&tx, id)?;
        if !active && user.role == Role::Manager && user.active && other_managers(&tx, id)? == 0 {
            return Err(StoreError::LastManager);
        }
        tx.execute(
            "UPDATE users SET active = ?2 WHERE id = ?1",
            params![id, active],
        )?;
        who.audit(
            &tx,
            if active {
                "user_enabled"
            } else {
                "user_disabled"
            },
            serde_json::json!({"user": id, "name": user.name}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Switches a user's training mode on or off (audited: `training_on` / `training_off`).
    pub fn set_user_training(
        &self,
        id: i64,
        training: bool,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let user = user_in(&tx, id)?;
        if user.training == training {
            return Ok(());
        }
        tx.execute(
            "UPDATE users SET training = ?2 WHERE id = ?1",
            params![id, training],
        )?;
        who.audit(
            &tx,
            if training {
                "training_on"
            } else {
                "training_off"
            },
            serde_json::json!({"user": id, "name": user.name}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Changes a user's role. The last active manager keeps the role.
    pub fn set_user_role(&self, id: i64, role: Role, who: &Author<'_>) -> Result<(), StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let user = user_in(&tx, id)?;
        if user.role == Role::Manager
            && role != Role::Manager
            && user.active
            && other_managers(&tx, id)? == 0
        {
            return Err(StoreError::LastManager);
        }
        tx.execute(
            "UPDATE users SET role = ?2 WHERE id = ?1",
            params![id, role.as_str()],
        )?;
        who.audit(
            &tx,
            "user_role",
            serde_json::json!({"user": id, "name": user.name, "old": user.role.as_str(),
                "new": role.as_str()}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a user's PIN: by the user themself (`own`), or reset by someone else — then it
    /// must be changed at its first use. Easy PINs and another user's PIN are refused.
    pub fn set_user_pin(
        &self,
        id: i64,
        pin: &str,
        own: bool,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        check_strength(pin).map_err(StoreError::WeakPin)?;
        let tag = self.pin_tag(pin)?;
        let hash = super::users::hash_pin(pin)?;
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let user = user_in(&tx, id)?;
        tx.execute(
            "UPDATE users SET pin_hash = ?2, pin_tag = ?3, must_change_pin = ?4 WHERE id = ?1",
            params![id, hash, tag, !own],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                StoreError::PinTaken
            }
            other => other.into(),
        })?;
        who.audit(
            &tx,
            if own { "pin_changed" } else { "pin_reset" },
            serde_json::json!({"user": id, "name": user.name}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A user by name (case-insensitive) or `#ID`.
    pub fn find_user(&self, reference: &str) -> Result<Option<User>, StoreError> {
        let r = reference.trim();
        if let Some(id) = r.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            return self.user(id);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, role, active, must_change_pin, training FROM users
                 WHERE name = ?1 COLLATE NOCASE ORDER BY active DESC, id LIMIT 1",
                [r],
                super::users::user_from_row,
            )
            .optional()?)
    }
}
