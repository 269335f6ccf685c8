//! People from the back office: add a user, disable or enable one, reset a PIN, change a role,
//! and a user's own new PIN (forced after a PIN someone else set). PINs are typed twice and must
//! be equal; only a manager creates, promotes or touches a manager (a technician adds cashiers
//! and technicians); only a manager switches someone's training mode. The store refuses easy
//! PINs, a PIN in use and losing the last manager, and audits each change.

use super::backoffice::Office;
use super::command::Outcome;
use super::{AppError, Clock, Till};
use crate::store::users::User;
use crate::till::permission::{Permission, Role};

/// The two typings of a PIN agree.
fn same_pin(pin: &str, again: &str) -> Result<(), AppError> {
    if pin == again {
        Ok(())
    } else {
        Err(AppError::PinsDiffer)
    }
}

impl<C: Clock> Till<C> {
    /// The people part of `Office`.
    pub(crate) fn people_change(&mut self, change: Office) -> Result<Outcome, AppError> {
        match change {
            Office::AddUser {
                name,
                role,
                pin,
                again,
            } => {
                let me = self.people_author(role)?;
                same_pin(&pin, &again)?;
                let at = self.now_text();
                let id = self
                    .store
                    .create_user(&name, role, &pin, false, &self.author(me, &at))?;
                Ok(Outcome::Saved(id))
            }
            Office::SetUserActive { id, active } => {
                let me = self.people_author(self.role_of(id)?)?;
                let at = self.now_text();
                self.store
                    .set_user_active(id, active, &self.author(me, &at))?;
                Ok(Outcome::Done)
            }
            Office::ResetPin { id, pin, again } => {
                let me = self.people_author(self.role_of(id)?)?;
                same_pin(&pin, &again)?;
                let at = self.now_text();
                // One's own new PIN is chosen, not set by someone else.
                let own = me.id == id;
                self.store
                    .set_user_pin(id, &pin, own, &self.author(me, &at))?;
                Ok(Outcome::Done)
            }
            Office::SetRole { id, role } => {
                let me = self.people_author(self.role_of(id)?)?;
                self.people_author(role)?;
                let at = self.now_text();
                self.store.set_user_role(id, role, &self.author(me, &at))?;
                Ok(Outcome::Done)
            }
            Office::SetTraining { id, training } => {
                // Training is a manager's decision, whoever the person is.
                let me = self.people_author(Role::Manager)?;
                let at = self.now_text();
                self.store
                    .set_user_training(id, training, &self.author(me, &at))?;
                // The person logged in now sells in the new mode at once.
                if let Some(session) = self.session.as_mut().filter(|s| s.user.id == id) {
                    session.user.training = training;
                }
                Ok(Outcome::Done)
            }
            _ => Err(AppError::NotLoggedIn),
        }
    }

    /// The logged-in user, allowed to manage people of `role`: a manager only by a manager.
    fn people_author(&mut self, role: Role) -> Result<User, AppError> {
        self.authorize(Permission::ManageUsers, super::Approval::Own)?;
        let me = self.user()?;
        if role == Role::Manager && me.role != Role::Manager {
            return Err(AppError::ManagerOnly);
        }
        Ok(me)
    }

    fn role_of(&self, id: i64) -> Result<Role, AppError> {
        Ok(self
            .store
            .user(id)?
            .ok_or(crate::store::StoreError::NoSuchUser { id })?
            .role)
    }

    /// The logged-in user's own new PIN, typed twice; lifts "must change PIN".
    pub(crate) fn change_own_pin(&mut self, pin: &str, again: &str) -> Result<Outcome, AppError> {
        let me = self.user()?;
        same_pin(pin, again)?;
        let at = self.now_text();
        self.store
            .set_user_pin(me.id, pin, true, &self.author(me, &at))?;
        if let Some(s) = self.session.as_mut() {
            s.user.must_change_pin = false;
        }
        self.office = Default::default();
        Ok(Outcome::Done)
    }

    /// Whether the logged-in user must choose a new PIN before anything else.
    pub fn must_change_pin(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.user.must_change_pin)
    }
}
