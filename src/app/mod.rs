//! The application service: owns the store, the open sale and the session; applies what the UI
//! and the CLI ask for; checks permissions (with manager override) and writes the audit trail.

pub mod analytics;
pub mod backoffice;
pub mod command;
pub mod demo;
mod error;
pub mod fiscal;
pub mod fiscal_office;
pub mod fiscal_reconcile;
pub mod fiscal_send;
pub mod health;
pub mod import;
pub mod import_job;
pub mod outbox;
pub mod parked;
mod people;
pub mod peripherals;
pub mod printing;
pub mod receipts;
pub mod report_office;
pub mod report_table;
pub mod reprice;
pub mod returns;
pub mod selling;
pub mod settings;
pub mod setup;
pub mod shifts;
pub mod stock_office;
pub mod workers;

pub use error::{AppError, Device, ReplaceRefusal};
pub use peripherals::{Event, Peripherals};
pub use printing::DrawerPulse;

use crate::config::TillSettings;
use crate::store::Store;
use crate::store::audit::AuditEvent;
use crate::store::users::{LoginGuard, User};
use crate::till::cart::Cart;
use crate::till::permission::{Permission, role_allows};
use crate::till::tender::Payment;
use chrono::{DateTime, Duration, FixedOffset, Local, SecondsFormat};
use std::cell::Cell;

/// Failed PINs before the terminal's PIN pad locks (PCI DSS 8.3.4: at most 10).
pub const MAX_FAILED_PINS: i64 = 10;
/// How long a lockout lasts (PCI DSS 8.3.4: at least 30 minutes).
pub const LOCKOUT_MINUTES: i64 = 30;
/// Manager unlock attempts allowed during one lockout.
pub const MAX_UNLOCK_ATTEMPTS: i64 = 3;

/// Where time comes from. The core never reads a clock; the app reads it through this.
pub trait Clock {
    /// Local time with its offset (the shop's wall clock).
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The system's clock in the local time zone.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// A clock tests move by hand.
#[derive(Debug)]
pub struct ManualClock(Cell<DateTime<FixedOffset>>);

impl ManualClock {
    pub fn new(start: DateTime<FixedOffset>) -> ManualClock {
        ManualClock(Cell::new(start))
    }

    pub fn advance(&self, by: Duration) {
        self.0.set(self.0.get() + by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0.get()
    }
}

/// Timestamp text stored in the database: RFC 3339 in the shop's local time with its UTC
/// offset (`2026-03-02T10:00:00.000+01:00`) — the instant and the wall clock both, as a fiscal
/// record needs. Rows written before schema 7 are in UTC (`…Z`); compare times by parsing them,
/// never as text.
pub fn stamp(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `stamp` of the system clock's now (threads and commands that have no `Till`).
pub fn stamp_now() -> String {
    stamp(SystemClock.now())
}

/// How a privileged action is approved when the user's role does not allow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approval<'a> {
    /// The logged-in user's own permission.
    Own,
    /// A manager types their PIN on this till.
    ManagerPin(&'a str),
}

/// Who is logged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub last_activity: DateTime<FixedOffset>,
}

/// The till service of one terminal.
pub struct Till<C: Clock = SystemClock> {
    pub(crate) store: Store,
    pub(crate) settings: TillSettings,
    pub(crate) clock: C,
    pub(crate) session: Option<Session>,
    pub(crate) cart: Cart,
    pub(crate) payment: Option<Payment>,
    pub(crate) pending_units: Option<i64>,
    pub(crate) last_receipt: Option<String>,
    /// The customer the open sale is invoiced to (a full invoice, F1); `None`: a ticket.
    pub(crate) invoice_to: Option<crate::till::customer::Customer>,
    /// Their recargo de equivalencia by rate (rate → recargo, basis points), when they are in
    /// that regime: added to the open sale's totals.
    pub(crate) recargo_rates: Option<std::collections::BTreeMap<u32, u32>>,
    /// The receipt of the last document built, by document id (documents never change), so
    /// the screen and the printer read a new sale once.
    pub(crate) last_receipt_model: Option<(i64, crate::till::receipt::Receipt)>,
    /// The devices and services (spooler, scanner, display, scale, drawer, backups).
    pub(crate) devices: Peripherals,
    /// The live shift's id and state, as of the last command (the status bar reads this, not
    /// the store, every frame).
    pub(crate) shift_view: Option<(i64, crate::till::shift::ShiftState)>,
    /// This terminal's PIN pad is locked out, as of the last command.
    pub(crate) locked_out: bool,
    /// What the back office reads every frame (profile, taxes, people, a catalog window).
    pub(crate) office: backoffice::OfficeCache,
    /// The back office's catalog import, running or with its report.
    pub(crate) import_job: Option<import_job::ImportJob>,
    /// Up while a payment is being taken, so an import gives way until the sale commits.
    pub(crate) sale_sign: Option<crate::store::lock::SaleSign>,
}

impl<C: Clock> Till<C> {
    pub fn new(store: Store, settings: TillSettings, clock: C) -> Till<C> {
        let settings = match settings::with_store(&store, settings.clone()) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!("the store's identity could not be read: {e}");
                settings
            }
        };
        let cart = Cart::new(settings.currency);
        let sale_sign = crate::store::lock::SaleSign::open(store.dir())
            .map_err(|e| tracing::warn!("imports will not see this till's sales: {e}"))
            .ok();
        if let Some(logo) = &settings.logo {
            // The receipt logo's raster is made now, not on the first sale's receipt.
            logo.raster_for(settings.printer_profile.dots_per_line);
        }
        Till {
            store,
            settings,
            clock,
            session: None,
            cart,
            payment: None,
            pending_units: None,
            last_receipt: None,
            invoice_to: None,
            recargo_rates: None,
            last_receipt_model: None,
            devices: Peripherals::default(),
            shift_view: None,
            locked_out: false,
            office: backoffice::OfficeCache::default(),
            import_job: None,
            sale_sign,
        }
        .with_cached_view()
    }

    fn with_cached_view(mut self) -> Self {
        self.refresh_cached_view();
        self
    }

    /// Reads the live shift's id and state, and the PIN lockout, again (after each command).
    pub(crate) fn refresh_cached_view(&mut self) {
        let terminal = &self.settings.terminal;
        self.shift_view = self
            .store
            .live_shift(terminal)
            .ok()
            .flatten()
            .map(|r| (r.id, r.state));
        self.locked_out = self
            .store
            .login_guard(terminal)
            .is_ok_and(|g| g.locked_until.is_some());
    }

    /// Whether this terminal's PIN pad is locked out, as of the last command; no store query.
    pub fn locked_out(&self) -> bool {
        self.locked_out
    }

    /// The live shift's id and state as of the last command; no store query.
    pub fn shift_view(&self) -> Option<(i64, crate::till::shift::ShiftState)> {
        self.shift_view
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn settings(&self) -> &TillSettings {
        &self.settings
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    pub fn clock(&self) -> &C {
        &self.clock
    }

    pub(crate) fn now_text(&self) -> String {
        stamp(self.now())
    }

    /// The minor units of an amount in this till's currency; another currency is refused.
    pub(crate) fn in_till_currency(
        &self,
        amount: crate::till::money::Money,
    ) -> Result<i64, AppError> {
        let till = self.settings.currency;
        if amount.currency != till {
            return Err(crate::till::money::MoneyError::CurrencyMismatch {
                left: amount.currency,
                right: till,
            }
            .into());
        }
        Ok(amount.minor)
    }

    /// The series this till's documents of `kind` are numbered in (store code, terminal, and
    /// the mark of a new series a manager opened after a restore); a training document's own.
    /// A store waiting to be reconciled with the tax agency numbers no real document.
    pub(crate) fn series(
        &self,
        kind: crate::till::document::DocKind,
        training: bool,
    ) -> Result<String, AppError> {
        let (blocked, mark) = self.store.selling_reconcile()?;
        let terminal = format!("{}{}", self.settings.terminal, mark.unwrap_or_default());
        let series = crate::till::document::series(&self.store.identity().code, &terminal, kind);
        if training {
            return Ok(crate::till::document::training_series(&series));
        }
        if blocked {
            return Err(AppError::NotReconciled);
        }
        Ok(series)
    }

    pub(crate) fn business_day(&self) -> String {
        self.today().format("%Y-%m-%d").to_string()
    }

    /// The shop's date now: the day whose tax rates a sale takes.
    pub fn today(&self) -> chrono::NaiveDate {
        self.now().date_naive()
    }

    /// Now, as the shop's wall clock in the store's time zone (`store.time_zone`): every
    /// local time the till writes.
    pub fn now(&self) -> DateTime<FixedOffset> {
        let zone = self.settings.profile.zone();
        self.clock.now().with_timezone(&zone).fixed_offset()
    }

    pub(crate) fn audit(
        &self,
        user_id: Option<i64>,
        event: &str,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        let at = self.now_text();
        self.store.audit(&AuditEvent {
            at: &at,
            terminal: &self.settings.terminal,
            user_id,
            event,
            detail: detail.to_string(),
        })?;
        Ok(())
    }

    /// The logged-in user (and marks activity for the idle lock).
    pub(crate) fn user(&mut self) -> Result<User, AppError> {
        self.lock_if_idle()?;
        let now = self.now();
        let session = self.session.as_mut().ok_or(AppError::NotLoggedIn)?;
        session.last_activity = now;
        Ok(session.user.clone())
    }

    fn lock_state(&self) -> Result<LoginGuard, AppError> {
        let guard = self.store.login_guard(&self.settings.terminal)?;
        if let Some(until) = &guard.locked_until
            && let Ok(until_t) = DateTime::parse_from_rfc3339(until)
        {
            let now = self.now();
            if until_t > now {
                let minutes_left = ((until_t - now).num_seconds() + 59).div_euclid(60);
                return Err(AppError::Locked {
                    until: until_t
                        .with_timezone(&now.timezone())
                        .format("%H:%M")
                        .to_string(),
                    minutes_left,
                });
            }
        }
        Ok(guard)
    }

    fn record_failed_pin(&self, context: &str) -> Result<AppError, AppError> {
        let mut guard = self.store.login_guard(&self.settings.terminal)?;
        guard.failed += 1;
        self.audit(
            None,
            "login_failed",
            serde_json::json!({"attempt": guard.failed, "context": context}),
        )?;
        if guard.failed >= MAX_FAILED_PINS && guard.locked_until.is_none() {
            let until = self.now() + Duration::minutes(LOCKOUT_MINUTES);
            guard.locked_until = Some(stamp(until));
            self.store
                .set_login_guard(&self.settings.terminal, &guard)?;
            self.audit(
                None,
                "lockout",
                serde_json::json!({"failed": guard.failed, "minutes": LOCKOUT_MINUTES}),
            )?;
            return Ok(self
                .lock_state()
                .err()
                .unwrap_or(AppError::WrongPin { attempts_left: 0 }));
        }
        self.store
            .set_login_guard(&self.settings.terminal, &guard)?;
        Ok(AppError::WrongPin {
            attempts_left: (MAX_FAILED_PINS - guard.failed).max(0),
        })
    }

    /// Logs in whoever the PIN belongs to. The open sale, if any, stays.
    pub fn login(&mut self, pin: &str) -> Result<User, AppError> {
        let mut guard = self.lock_state()?;
        if guard.locked_until.is_some() {
            // An expired lockout starts a fresh count.
            guard = LoginGuard::default();
            self.store
                .set_login_guard(&self.settings.terminal, &guard)?;
        }
        match self.store.user_by_pin(pin)? {
            Some(user) => {
                if guard.failed != 0 {
                    self.store
                        .set_login_guard(&self.settings.terminal, &LoginGuard::default())?;
                }
                self.audit(
                    Some(user.id),
                    "login_ok",
                    serde_json::json!({"role": user.role}),
                )?;
                self.session = Some(Session {
                    user: user.clone(),
                    last_activity: self.now(),
                });
                Ok(user)
            }
            None => Err(self.record_failed_pin("login")?),
        }
    }

    pub fn logout(&mut self) -> Result<(), AppError> {
        if let Some(s) = self.session.take() {
            self.audit(Some(s.user.id), "logout", serde_json::json!({}))?;
        }
        Ok(())
    }

    /// Lifts a PIN lockout early with a manager's PIN (a few tries per lockout).
    pub fn unlock_login(&mut self, manager_pin: &str) -> Result<User, AppError> {
        let mut guard = self.store.login_guard(&self.settings.terminal)?;
        if guard.failed >= MAX_FAILED_PINS + MAX_UNLOCK_ATTEMPTS {
            return Err(self.lock_state().err().unwrap_or(AppError::ApprovalRefused));
        }
        match self.store.user_by_pin(manager_pin)? {
            Some(m) if role_allows(m.role, Permission::UnlockLogin) => {
                self.store
                    .set_login_guard(&self.settings.terminal, &LoginGuard::default())?;
                self.audit(
                    Some(m.id),
                    "unlock",
                    serde_json::json!({"failed_before": guard.failed}),
                )?;
                Ok(m)
            }
            _ => {
                guard.failed += 1;
                self.store
                    .set_login_guard(&self.settings.terminal, &guard)?;
                self.audit(
                    None,
                    "unlock_failed",
                    serde_json::json!({"attempt": guard.failed}),
                )?;
                Err(AppError::ApprovalRefused)
            }
        }
    }

    /// Locks the till when it has been idle too long. The open sale stays.
    pub fn lock_if_idle(&mut self) -> Result<bool, AppError> {
        let secs = i64::from(self.settings.idle_lock_secs);
        let Some(s) = &self.session else {
            return Ok(false);
        };
        if secs == 0 || self.now() - s.last_activity < Duration::seconds(secs) {
            return Ok(false);
        }
        let user_id = s.user.id;
        self.session = None;
        self.audit(
            Some(user_id),
            "idle_lock",
            serde_json::json!({"after_secs": secs}),
        )?;
        Ok(true)
    }

    /// Checks `permission` for the logged-in user, or a manager's PIN given as approval.
    /// Returns the approving manager's id when an override was used (audited).
    pub fn authorize(
        &mut self,
        permission: Permission,
        approval: Approval<'_>,
    ) -> Result<Option<i64>, AppError> {
        let user = self.user()?;
        if role_allows(user.role, permission) {
            return Ok(None);
        }
        let Approval::ManagerPin(pin) = approval else {
            return Err(AppError::NeedsApproval(permission));
        };
        self.lock_state()?;
        match self.store.user_by_pin(pin)? {
            Some(m) if role_allows(m.role, permission) && m.id != user.id => {
                self.audit(
                    Some(user.id),
                    "override",
                    serde_json::json!({"permission": permission.as_str(), "approved_by": m.id}),
                )?;
                Ok(Some(m.id))
            }
            Some(_) => Err(AppError::ApprovalRefused),
            None => {
                let _ = self.record_failed_pin("override")?;
                Err(AppError::ApprovalRefused)
            }
        }
    }
}
