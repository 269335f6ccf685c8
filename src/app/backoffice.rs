//! The back office's commands and what its screen reads. Every change (the store's identity,
//! products, tax classes and rates, people, a PIN lockout) is applied here with its permission
//! and an audit row written by the store in the change's own transaction. The role rules live
//! here, not in widgets: a manager does everything; a technician sees the store, devices and
//! people but never the catalog, and adds or promotes no manager; a cashier never enters.
//! What the screen reads every frame (profile, tax classes, people, a catalog window) is cached
//! and read again after a change.

use super::command::{Command, Outcome};
use super::import::ImportChoices;
use super::{AppError, Approval, Clock, Till};
use crate::store::catalog::Product;
use crate::store::catalog_page::CatalogSort;
use crate::store::products::PriceChange;
use crate::store::taxes::Author;
use crate::store::users::User;
use crate::till::permission::{Permission, Role, role_allows};
use crate::till::product::ProductDraft;
use crate::till::profile::{ProfileKey, StoreProfile};
use crate::till::tax::{DatedRate, TaxClass};

/// A change made in the back office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Office {
    SetProfile {
        key: ProfileKey,
        value: String,
    },
    /// A new product (`id: None`) or an existing one, whole.
    SaveProduct {
        id: Option<i64>,
        draft: Box<ProductDraft>,
    },
    SetProductActive {
        id: i64,
        active: bool,
    },
    SaveTaxClass(Box<TaxClass>),
    /// A class's rate from a day (today or later).
    AddTaxRate {
        code: String,
        rate: DatedRate,
    },
    /// A new user; the PIN typed twice (it must be changed at its first use).
    AddUser {
        name: String,
        role: Role,
        pin: String,
        again: String,
    },
    SetUserActive {
        id: i64,
        active: bool,
    },
    ResetPin {
        id: i64,
        pin: String,
        again: String,
    },
    SetRole {
        id: i64,
        role: Role,
    },
    /// Training mode for a person, on or off (a manager decides; audited).
    SetTraining {
        id: i64,
        training: bool,
    },
    /// Lifts this terminal's PIN lockout (a manager, logged in).
    LiftLockout,
    /// A customer of the book added (`id` none) or changed.
    SaveCustomer {
        id: Option<i64>,
        draft: crate::till::customer::CustomerDraft,
    },
    /// A customer deactivated (never deleted) or brought back.
    SetCustomerActive {
        id: i64,
        active: bool,
    },
    /// A manager's decision, with the tax agency out of reach, to sell in a new series after a
    /// restore (audited with the reason; the agency flags its first record, 2002/2003).
    OpenNewSeries {
        reason: String,
    },
    /// The till's quick keys, in this order (product ids).
    SetQuickKeys(Vec<i64>),
    /// A category's colour (its tab and keys at the till).
    SetCategoryColour {
        name: String,
        colour: [u8; 3],
    },
    /// Imports (or previews, as a dry run) a catalog file of the exchange folder, on a thread
    /// of its own (`Till::poll_import`).
    Import {
        file: std::path::PathBuf,
        choices: ImportChoices,
    },
    /// Previews (as a dry run) or applies a bulk price change, on the import's thread.
    Reprice(super::reprice::RepriceChoices),
    /// The receipt's logo: a PNG of the exchange folder, or none.
    SetLogo(Option<std::path::PathBuf>),
    /// The Stock section's changes.
    Stock(super::stock_office::StockChange),
}

/// How many quick keys the till has (its favourites).
pub const QUICK_KEYS: usize = 48;

/// A section of the back office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Store,
    Taxes,
    Catalog,
    People,
    Devices,
    Fiscal,
    Customers,
    Stock,
    Reports,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Store,
        Section::Taxes,
        Section::Catalog,
        Section::People,
        Section::Devices,
        Section::Fiscal,
        Section::Customers,
        Section::Stock,
        Section::Reports,
    ];

    /// What a role needs to see the section.
    pub fn permission(self) -> Permission {
        match self {
            Section::Store | Section::Fiscal | Section::Customers => Permission::ManageStore,
            Section::Taxes | Section::Catalog | Section::Stock | Section::Reports => {
                Permission::ManageCatalog
            }
            Section::People => Permission::ManageUsers,
            Section::Devices => Permission::ManageDevices,
        }
    }
}

/// A window of the catalog table, as last read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogWindow {
    pub filter: String,
    pub sort: CatalogSort,
    pub offset: usize,
    pub limit: usize,
    /// Products matching the filter (capped at `catalog_page::COUNT_CAP + 1`).
    pub total: usize,
    pub rows: Vec<Product>,
    /// The rows are an earlier window's: this one is being read beside the screen.
    pub loading: bool,
}

/// A window read on a thread of its own (over its own connection), for the frame never to wait.
#[derive(Debug)]
struct PendingWindow {
    key: (String, CatalogSort, usize, usize),
    rows: std::sync::mpsc::Receiver<Vec<Product>>,
}

/// What the back office reads, kept between frames.
#[derive(Debug, Default)]
pub(crate) struct OfficeCache {
    profile: Option<StoreProfile>,
    classes: Option<Vec<TaxClass>>,
    users: Option<Vec<User>>,
    window: Option<CatalogWindow>,
    categories: Option<Vec<(String, [u8; 3])>>,
    quick_keys: Option<Vec<Product>>,
    /// The filter the count was made for, and the count.
    window_total: Option<(String, usize)>,
    /// A slow window being read beside the screen: what it is for, and where it comes.
    pending: Option<PendingWindow>,
    history: Option<(i64, Vec<PriceChange>)>,
    pub(crate) fiscal: Option<super::fiscal_office::FiscalOverview>,
}

impl<C: Clock> Till<C> {
    /// The back office, for those allowed (a cashier is refused).
    pub(crate) fn open_back_office(&mut self) -> Result<Outcome, AppError> {
        // A cashier comes in only to scan into an open stock count.
        if !self.counting() {
            self.authorize(Permission::OpenBackOffice, Approval::Own)?;
        }
        self.office = OfficeCache::default();
        Ok(Outcome::Done)
    }

    /// The back office's commands (`run_command` sends them here).
    pub(crate) fn office_command(&mut self, command: Command) -> Result<Outcome, AppError> {
        match command {
            Command::OpenBackOffice => self.open_back_office(),
            Command::BackOffice(change) => self.run_office(change),
            other => {
                tracing::error!("not a back-office command: {other:?}");
                Err(AppError::NotLoggedIn)
            }
        }
    }

    /// Someone is typing or pointing in the back office's forms (which run no command until
    /// saved): the idle lock counts from now.
    pub fn touch(&mut self) {
        let now = self.now();
        if let Some(s) = self.session.as_mut() {
            s.last_activity = now;
        }
    }

    /// Whether the logged-in user may do `permission` themself.
    pub fn may(&self, permission: Permission) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| role_allows(s.user.role, permission))
    }

    /// The back office's sections the logged-in user may see (a cashier: Stock, while a count
    /// is open, to scan into it).
    pub fn office_sections(&self) -> Vec<Section> {
        if !self.may(Permission::OpenBackOffice) {
            return if self.counting() {
                vec![Section::Stock]
            } else {
                Vec::new()
            };
        }
        Section::ALL
            .into_iter()
            .filter(|s| self.may(s.permission()))
            .collect()
    }

    /// Whether the logged-in user may scan into a stock count, and one is open. The sale screen
    /// asks only for someone who may not open the back office anyway (a cashier): one read of
    /// the few rows of `stock_counts`.
    pub fn counting(&self) -> bool {
        self.may(Permission::CountStock) && self.store.open_count().ok().flatten().is_some()
    }

    /// The store's identity (cached).
    pub fn profile(&mut self) -> &StoreProfile {
        if self.office.profile.is_none() {
            let read = self.store.profile().unwrap_or_default();
            self.office.profile = Some(read);
        }
        self.office
            .profile
            .get_or_insert_with(StoreProfile::default)
    }

    /// The tax classes with their dated rates (cached).
    pub fn tax_classes(&mut self) -> &[TaxClass] {
        if self.office.classes.is_none() {
            self.office.classes = Some(self.store.tax_classes().unwrap_or_default());
        }
        self.office.classes.get_or_insert_with(Vec::new)
    }

    /// The categories with their colours (cached).
    pub fn categories(&mut self) -> &[(String, [u8; 3])] {
        if self.office.categories.is_none() {
            self.office.categories = Some(self.category_colours());
        }
        self.office.categories.get_or_insert_with(Vec::new)
    }

    /// The quick keys' products in their order (cached).
    pub fn quick_keys(&mut self) -> &[Product] {
        if self.office.quick_keys.is_none() {
            let rows = if self.may(Permission::ManageCatalog) {
                self.store
                    .favourites(QUICK_KEYS, self.today())
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            self.office.quick_keys = Some(rows);
        }
        self.office.quick_keys.get_or_insert_with(Vec::new)
    }

    /// Every user, disabled ones too (cached).
    pub fn users(&mut self) -> &[User] {
        if self.office.users.is_none() {
            self.office.users = Some(self.store.users().unwrap_or_default());
        }
        self.office.users.get_or_insert_with(Vec::new)
    }

    /// The rows `offset..offset + limit` of the products matching `filter` in `sort` order; read
    /// from the store only when one of them changed (or the catalog did). Empty for a user who
    /// may not see the catalog.
    pub fn catalog_window(
        &mut self,
        filter: &str,
        sort: CatalogSort,
        offset: usize,
        limit: usize,
    ) -> &CatalogWindow {
        let allowed = self.may(Permission::ManageCatalog);
        let old = self.office.window.take().unwrap_or_default();
        let total = match (&self.office.window_total, allowed) {
            (Some((f, n)), true) if f == filter => *n,
            (_, true) => {
                let n = self.store.catalog_count(filter).unwrap_or(0);
                self.office.window_total = Some((filter.to_string(), n));
                n
            }
            (_, false) => 0,
        };
        let same = old.filter == filter && old.sort == sort && old.offset == offset;
        if same && old.limit == limit && old.total == total {
            self.office.window = Some(old);
            return self
                .office
                .window
                .get_or_insert_with(CatalogWindow::default);
        }
        let key = (filter.to_string(), sort, offset, limit);
        let reading = self.office.pending.as_ref().is_some_and(|p| p.key == key);
        let rows = if !allowed {
            Some(Vec::new())
        } else if reading || self.store.slow_window(filter, sort).unwrap_or(false) {
            // Read beside the screen; until it comes, the rows shown stay (marked as loading).
            self.read_window_aside(filter, sort, offset, limit)
        } else {
            Some(
                self.store
                    .catalog_page(filter, sort, offset, limit, self.today())
                    .unwrap_or_else(|e| {
                        tracing::error!("catalog window not read: {e}");
                        Vec::new()
                    }),
            )
        };
        let window = match rows {
            Some(rows) => CatalogWindow {
                filter: filter.to_string(),
                sort,
                offset,
                limit,
                total,
                rows,
                loading: false,
            },
            None => CatalogWindow {
                loading: true,
                ..old
            },
        };
        self.office.window = Some(window);
        self.office
            .window
            .get_or_insert_with(CatalogWindow::default)
    }

    /// The window's rows when its read beside the screen has come; else starts (or lets run)
    /// that read and answers `None`.
    fn read_window_aside(
        &mut self,
        filter: &str,
        sort: CatalogSort,
        offset: usize,
        limit: usize,
    ) -> Option<Vec<Product>> {
        let key = (filter.to_string(), sort, offset, limit);
        if let Some(p) = &self.office.pending
            && p.key == key
        {
            return match p.rows.try_recv() {
                Ok(rows) => {
                    self.office.pending = None;
                    Some(rows)
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => None,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.office.pending = None;
                    Some(Vec::new())
                }
            };
        }
        let (send, rows) = std::sync::mpsc::channel();
        let (path, db_key, day) = (
            self.store.path().to_path_buf(),
            self.store.key.clone(),
            self.today(),
        );
        let asked = key.clone();
        let started = std::thread::Builder::new()
            .name("caja-window".into())
            .spawn(move || {
                let (filter, sort, offset, limit) = asked;
                let read = crate::store::Store::open(&path, &db_key)
                    .and_then(|s| s.catalog_page(&filter, sort, offset, limit, day));
                match read {
                    Ok(found) => {
                        let _ = send.send(found);
                    }
                    Err(e) => tracing::error!("catalog window not read: {e}"),
                }
            });
        match started {
            Ok(_) => {
                self.office.pending = Some(PendingWindow { key, rows });
                None
            }
            Err(e) => {
                tracing::warn!("the catalog window is read in the frame ({e})");
                Some(
                    self.store
                        .catalog_page(filter, sort, offset, limit, self.today())
                        .unwrap_or_default(),
                )
            }
        }
    }

    /// Whether a catalog window is being read beside the screen (the screen looks again soon).
    pub fn office_reading(&self) -> bool {
        self.office.pending.is_some()
    }

    /// A product's fields for the form; `None` when it is not there or not to be seen.
    pub fn product_draft(&self, id: i64) -> Option<ProductDraft> {
        if !self.may(Permission::ManageCatalog) {
            return None;
        }
        self.store.product_draft(id).ok().flatten()
    }

    /// A product's price changes, newest last (cached for the product shown).
    pub fn price_history(&mut self, id: i64) -> &[PriceChange] {
        if self.office.history.as_ref().is_none_or(|(h, _)| *h != id) {
            let rows = if self.may(Permission::ManageCatalog) {
                self.store.price_history(id).unwrap_or_default()
            } else {
                Vec::new()
            };
            self.office.history = Some((id, rows));
        }
        self.office
            .history
            .as_ref()
            .map_or(&[], |(_, rows)| rows.as_slice())
    }

    /// Applies one back-office change, then reads the cached views again.
    pub(crate) fn run_office(&mut self, change: Office) -> Result<Outcome, AppError> {
        let result = self.office_change(change);
        self.office = OfficeCache::default();
        // A change to oneself (role, PIN) holds from now on, not from the next login.
        if let Some(s) = self.session.as_mut()
            && let Ok(Some(me)) = self.store.user(s.user.id)
        {
            s.user = me;
        }
        result
    }

    fn office_change(&mut self, change: Office) -> Result<Outcome, AppError> {
        match change {
            Office::SetProfile { key, value } => self.set_profile_key(key, &value),
            Office::SaveProduct { id, draft } => self.save_product(id, &draft),
            Office::SetProductActive { id, active } => {
                let me = self.office_author(Permission::ManageCatalog)?;
                let at = self.now_text();
                self.store
                    .set_product_active(id, active, &self.author(me, &at))?;
                Ok(Outcome::Done)
            }
            Office::SaveTaxClass(class) => {
                let me = self.office_author(Permission::ManageCatalog)?;
                let at = self.now_text();
                self.store.save_tax_class(&class, &self.author(me, &at))?;
                Ok(Outcome::Done)
            }
            Office::AddTaxRate { code, rate } => {
                let me = self.office_author(Permission::ManageCatalog)?;
                let at = self.now_text();
                let today = self.today();
                self.store
                    .add_tax_rate(&code, rate, today, &self.author(me, &at))?;
                Ok(Outcome::Done)
            }
            Office::LiftLockout => {
                let me = self.office_author(Permission::UnlockLogin)?;
                self.store
                    .set_login_guard(&self.settings.terminal, &Default::default())?;
                self.audit(
                    Some(me.id),
                    "unlock",
                    serde_json::json!({"from": "back office"}),
                )?;
                self.refresh_cached_view();
                Ok(Outcome::Done)
            }
            Office::SetQuickKeys(ids) => {
                let me = self.office_author(Permission::ManageCatalog)?;
                let at = self.now_text();
                let ids: Vec<i64> = ids.into_iter().take(QUICK_KEYS).collect();
                self.store.set_quick_keys(&ids, &self.author(me, &at))?;
                Ok(Outcome::Done)
            }
            Office::SetCategoryColour { name, colour } => {
                let me = self.office_author(Permission::ManageCatalog)?;
                let at = self.now_text();
                self.store
                    .set_category_colour(&name, colour, &self.author(me, &at))?;
                Ok(Outcome::Done)
            }
            Office::Import { file, choices } => {
                self.start_import(file, choices)?;
                Ok(Outcome::Done)
            }
            Office::Reprice(choices) => {
                self.start_reprice(choices)?;
                Ok(Outcome::Done)
            }
            Office::SetLogo(file) => self.set_logo(file.as_deref()),
            Office::Stock(change) => self.stock_change(change),
            fiscal @ (Office::SaveCustomer { .. }
            | Office::SetCustomerActive { .. }
            | Office::OpenNewSeries { .. }) => self.fiscal_office_change(fiscal),
            people => self.people_change(people),
        }
    }

    /// The logged-in user, once allowed `permission` (no manager override in the back office).
    pub(crate) fn office_author(&mut self, permission: Permission) -> Result<User, AppError> {
        self.authorize(permission, Approval::Own)?;
        self.user()
    }

    /// Who changes something now, for the store's audit row.
    pub(crate) fn author<'a>(&'a self, user: User, at: &'a str) -> Author<'a> {
        Author {
            terminal: &self.settings.terminal,
            user_id: Some(user.id),
            at,
        }
    }

    /// One key of the store's identity; the till's receipts take it at once.
    fn set_profile_key(&mut self, key: ProfileKey, value: &str) -> Result<Outcome, AppError> {
        let me = self.office_author(Permission::ManageStore)?;
        let at = self.now_text();
        self.store.set_profile(key, value, &self.author(me, &at))?;
        if let Ok(s) = super::settings::with_store(&self.store, self.settings.clone()) {
            self.settings = s;
        }
        Ok(Outcome::Done)
    }

    /// The receipt's logo from a PNG of the exchange folder (checked: it must decode), or none;
    /// receipts use it at once.
    fn set_logo(&mut self, file: Option<&std::path::Path>) -> Result<Outcome, AppError> {
        let me = self.office_author(Permission::ManageStore)?;
        let bytes = match file {
            None => None,
            Some(file) => {
                let dir = self.exchange_dir();
                if file.parent() != Some(dir.as_path()) {
                    return Err(AppError::NotInExchange {
                        dir,
                        file: file.to_path_buf(),
                    });
                }
                let bytes = std::fs::read(file).map_err(|source| {
                    crate::devices::logo::LogoError::Read {
                        path: file.to_path_buf(),
                        source,
                    }
                })?;
                crate::devices::logo::Logo::from_png(&bytes, file)?;
                Some(bytes)
            }
        };
        let at = self.now_text();
        let who = self.author(me, &at);
        self.store
            .set_store_file(crate::store::profile::LOGO_FILE, bytes.as_deref(), &who)?;
        if let Ok(s) = super::settings::with_store(&self.store, self.settings.clone()) {
            self.settings = s;
        }
        if bytes.is_none() {
            self.settings.logo = None;
        }
        if let Some(logo) = &self.settings.logo {
            // Made now, not on the next sale's receipt.
            logo.raster_for(self.settings.printer_profile.dots_per_line);
        }
        self.office = OfficeCache::default();
        Ok(Outcome::Done)
    }

    /// Adds or replaces a product; answers its id.
    fn save_product(&mut self, id: Option<i64>, draft: &ProductDraft) -> Result<Outcome, AppError> {
        let me = self.office_author(Permission::ManageCatalog)?;
        let at = self.now_text();
        let who = self.author(me, &at);
        let id = match id {
            Some(id) => {
                self.store.update_product(id, draft, &who)?;
                id
            }
            None => self.store.create_product(draft, &who)?,
        };
        Ok(Outcome::Saved(id))
    }
}
