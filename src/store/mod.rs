//! The encrypted store: one SQLCipher database per till, opened with a raw 256-bit key, in WAL
//! mode with `synchronous=FULL` so a committed sale survives power loss. One file per aggregate.

pub mod analytics;
pub mod audit;
pub mod backups;
pub mod catalog;
pub mod catalog_page;
pub mod check;
pub mod customers;
pub mod files;
pub mod fiscal;
pub mod fiscal_queue;
pub mod fiscal_reconcile;
pub mod goods_receipts;
pub mod import;
mod import_steps;
pub mod key;
pub mod lock;
pub mod outbox;
pub mod parked;
pub mod people;
pub mod products;
pub mod profile;
pub mod replacements;
pub mod reports;
pub mod reprice;
pub mod sales;
pub mod schema;
pub mod shifts;
pub(crate) mod snapshot;
pub mod stock;
pub mod stock_count;
pub mod tax_book;
pub mod taxes;
pub mod users;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub use key::DbKey;

/// What went wrong in the store. Messages say what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Stock(#[from] stock::StockError),
    #[error(
        "the database key does not open {path}: wrong key file, or not a Caja database. Use the key file this database was created with (--key-file or CAJA_KEY_FILE); nothing was changed"
    )]
    WrongKey { path: PathBuf },
    #[error(
        "the key file {key} is missing but the database {db} exists; restore the key file (or point --key-file at it). A new empty database is never created over an existing one"
    )]
    KeyMissing { key: PathBuf, db: PathBuf },
    #[error(
        "the key file {path} is not a key: it must hold 64 hexadecimal characters (or 32 raw bytes)"
    )]
    BadKeyFile { path: PathBuf },
    #[error(
        "the key file {path} can be read by other users (mode {mode:o}); run: chmod 600 {path}"
    )]
    KeyFileTooOpen { path: PathBuf, mode: u32 },
    #[error(
        "the key file {path} belongs to user id {owner}, not to the user running Caja ({me}); \
         run: chown $(id -un) {path} (as the caja user the till runs as)"
    )]
    KeyFileNotOwned { path: PathBuf, owner: u32, me: u32 },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the database has schema version {found} but this Caja knows up to {supported}; install the newer Caja that wrote it"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    #[error(
        "updating the database from schema version {from} failed ({reason}); it was put back as it was before, from the snapshot {snapshot} — nothing is lost. Run the previous Caja version or report this"
    )]
    MigrationFailed {
        from: i64,
        reason: String,
        snapshot: PathBuf,
    },
    #[error("the disk is full; free space and try again (nothing was half-written)")]
    DiskFull,
    #[error(
        "the store in {dir} is open in another process (a till, the back office or a caja command); close them first — a restore replaces the database file under them"
    )]
    StoreInUse { dir: PathBuf },
    #[error("a restore is replacing the store in {dir}; wait until it finishes, then try again")]
    RestoreUnderWay { dir: PathBuf },
    #[error("another catalog import is running; wait for it to finish")]
    ImportRunning,
    #[error(
        "the fiscal records are being sent by another process (the till, or caja fiscal send); it goes on"
    )]
    FiscalSenderRunning,
    #[error("a till is already running on {dir}; close it first (one till per data dir)")]
    TillRunning { dir: PathBuf },
    #[error(
        "the data dir {dir} is on a network share ({fs}); the store must be on a disk of this computer (SQLite's WAL works only on one host). Choose a local data dir with --data-dir; a back office on another computer comes with HQ sync"
    )]
    NetworkShare { dir: PathBuf, fs: &'static str },
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
    #[error("the fiscal record cannot be made: {0}")]
    Fiscal(crate::fiscal::FiscalError),
    #[error(transparent)]
    Customer(crate::till::customer::CustomerProblem),
    #[error("the tax id {tax_id} is already in the customer book: «{owner}»")]
    CustomerTaken { tax_id: String, owner: String },
    #[error("there is no customer #{id}")]
    NoSuchCustomer { id: i64 },
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Reconcile(String),
    #[error("this ticket was replaced already by the full invoice {invoice}; reprint that one")]
    AlreadyReplaced { invoice: String },
    #[error("a PIN is 4 to 8 digits")]
    PinFormat,
    #[error("a user needs a name")]
    UserNameRequired,
    #[error("that PIN is too easy: {0}; choose another")]
    WeakPin(crate::till::pin::WeakPin),
    #[error("this is the last active manager; make another user a manager first")]
    LastManager,
    #[error("there is no user #{id}")]
    NoSuchUser { id: i64 },
    #[error("there is no category «{name}»")]
    NoSuchCategory { name: String },
    #[error("that PIN is already used by another user; PINs are unique in a store")]
    PinTaken,
    #[error("terminal {terminal} already has an open shift; close it first")]
    ShiftAlreadyOpen { terminal: String },
    #[error("the shift is not open")]
    ShiftNotOpen,
    #[error("the shift is not being closed; start closing it first")]
    ShiftNotClosing,
    #[error(transparent)]
    Shift(#[from] crate::till::shift::ShiftError),
    #[error("{product}: a price must not be negative")]
    NegativePrice { product: String },
    #[error(
        "no tax class has a rate of {} % in force; add one (caja tax set) or pick a class",
        *rate_bp as f64 / 100.0
    )]
    NoClassAtRate { rate_bp: u32 },
    #[error(transparent)]
    TaxClass(crate::till::tax::TaxClassError),
    #[error(transparent)]
    Profile(crate::till::profile::ProfileError),
    #[error(
        "the store has sold in {currency}; its currency cannot change (its tickets are in it). A shop in another currency is a new store"
    )]
    CurrencyFixed { currency: String },
    #[error("a new rate starts today or later ({from} is past); a past day keeps the rate it had")]
    RateInThePast { from: String },
    #[error("there is no tax class «{code}»; caja tax list shows them")]
    NoSuchTaxClass { code: String },
    #[error("{}", products::problems_text(.0))]
    Product(Vec<crate::till::product::ProductProblem>),
    #[error("the SKU {sku} already belongs to «{owner}»")]
    SkuTaken { sku: String, owner: String },
    #[error("the code {code} already belongs to «{owner}»; a code finds one product")]
    CodeOwned { code: String, owner: String },
    #[error("there is no product #{id}")]
    NoSuchProduct { id: i64 },
    #[error("the code {code} already belongs to another product")]
    CodeTaken { code: String },
    /// Something that should never happen did (a PIN hash, randomness, encoding a report);
    /// the detail is for the log and a technician.
    #[error("internal error: {0}")]
    Internal(String),
}

impl StoreError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        if let rusqlite::Error::SqliteFailure(f, _) = &e
            && f.code == rusqlite::ErrorCode::DiskFull
        {
            return StoreError::DiskFull;
        }
        StoreError::Sql(e)
    }
}

/// Who this store is, everywhere its documents travel: a global id, and a short code that
/// prefixes its receipt series (both made when the store is created, kept in `settings`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct StoreIdentity {
    pub uid: String,
    pub code: String,
}

/// The open store.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// The key, for copies of the database (backups) that must be encrypted the same way.
    pub(crate) key: DbKey,
    pub(crate) identity: StoreIdentity,
    /// The data dir's shared lock, held while the store is open (`None` for a database opened
    /// by its path: a backup being checked, a test).
    _lock: Option<lock::DirLock>,
    /// An import's look at the tills' sale signs (opened at its first step).
    sale_watch: std::cell::RefCell<Option<lock::SaleWatch>>,
}

/// Puts the pre-migration snapshot back as the database (a copy, then a rename over it; the
/// snapshot stays).
fn put_back(path: &Path, snapshot: &Path) -> Result<(), StoreError> {
    let tmp = path.with_file_name("caja.db.putting-back");
    std::fs::copy(snapshot, &tmp).map_err(|e| StoreError::io(&tmp, e))?;
    for suffix in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("caja.db{suffix}"));
        let _ = std::fs::remove_file(side);
    }
    std::fs::rename(&tmp, path).map_err(|e| StoreError::io(path, e))?;
    Ok(())
}

/// After a migration from `version` worked, the snapshots taken before earlier migrations are
/// removed: each is a whole copy of the database, and the newest one is the one to go back to.
fn remove_older_snapshots(path: &Path, version: i64) {
    let Some(dir) = path.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let older = name
            .to_str()
            .and_then(|n| n.strip_prefix("caja.db.pre-migration-v"))
            .and_then(|v| v.parse::<i64>().ok())
            .is_some_and(|v| v < version);
        if older && let Err(e) = std::fs::remove_file(entry.path()) {
            tracing::warn!("could not remove {}: {e}", entry.path().display());
        }
    }
}

/// The store's identity from `settings` (empty before the migration that makes it).
fn read_identity(conn: &Connection) -> Result<StoreIdentity, StoreError> {
    use rusqlite::OptionalExtension;
    let get = |key: &str| -> Result<String, StoreError> {
        Ok(conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .unwrap_or_default())
    };
    Ok(StoreIdentity {
        uid: get("store.uid")?,
        code: get("store.code")?,
    })
}

/// How long a write waits for another process's before it gives up with "database is locked".
pub const BUSY_WAIT_MS: i32 = 5_000;

fn retry_every_millisecond(attempt: i32) -> bool {
    if attempt >= BUSY_WAIT_MS {
        return false;
    }
    std::thread::sleep(std::time::Duration::from_millis(1));
    true
}

/// The database file inside a data dir.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join("caja.db")
}

impl Store {
    /// Opens (or creates, when it does not exist) the database at `path` with `key`, bringing
    /// its schema up to date. Before migrating an existing database it takes a snapshot beside
    /// it (`caja.db.pre-migration-vN`); a migration that fails puts that snapshot back and says
    /// so.
    pub fn open(path: &Path, key: &DbKey) -> Result<Store, StoreError> {
        Store::open_migrating(path, key, schema::MIGRATIONS)
    }

    /// `open` with another list of migrations (tests of a failing migration).
    #[doc(hidden)]
    pub fn open_migrating(
        path: &Path,
        key: &DbKey,
        migrations: &[&str],
    ) -> Result<Store, StoreError> {
        let exists = path.exists();
        if !exists {
            // Owner-only from the start: SQLite gives the WAL and -shm files the database's mode.
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                files::create_private_dir(dir).map_err(|e| StoreError::io(dir, e))?;
            }
            files::create_private_file(path).map_err(|e| StoreError::io(path, e))?;
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if !exists {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = key::open_keyed_with(path, flags, key)?;
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        }) {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(StoreError::WrongKey {
                    path: path.to_path_buf(),
                });
            }
            Err(e) => return Err(e.into()),
        }
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )?;
        // Waiting for another process's write (an import step, the back office): ask again
        // every millisecond, not SQLite's growing sleeps (up to 100 ms), so a sale gets the
        // lock in the first gap a long writer leaves.
        conn.busy_handler(Some(retry_every_millisecond))?;
        let current = schema::version(&conn)?;
        if current > 0 && current < migrations.len() as i64 {
            let aside = path.with_file_name(format!("caja.db.pre-migration-v{current}"));
            snapshot::snapshot(&conn, &aside, key)?;
            // On disk before the migration starts: once it works, older snapshots are removed
            // and this one is the way back.
            std::fs::File::open(&aside)
                .and_then(|f| f.sync_all())
                .map_err(|e| StoreError::io(&aside, e))?;
            if let Err(e) = schema::migrate_with(&mut conn, migrations) {
                drop(conn);
                put_back(path, &aside)?;
                return Err(StoreError::MigrationFailed {
                    from: current,
                    reason: e.to_string(),
                    snapshot: aside,
                });
            }
            remove_older_snapshots(path, current);
        } else {
            schema::migrate_with(&mut conn, migrations)?;
        }
        let identity = read_identity(&conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            key: key.clone(),
            identity,
            _lock: None,
            sale_watch: std::cell::RefCell::new(None),
        })
    }

    /// `open_in` for a worker thread (spooler, backups): a failure is handed to `report` (its
    /// status shows it) instead of ending the thread with an error nobody sees.
    pub fn open_in_or_report(
        data_dir: &Path,
        key_path: &Path,
        report: impl FnOnce(String),
    ) -> Option<Store> {
        Store::open_in(data_dir, key_path)
            .map_err(|e| report(e.to_string()))
            .ok()
    }

    /// Opens the store of a data dir with the key at `key_path` (created at first run).
    /// Refuses a data dir on a network share, and holds the data dir's shared lock while the
    /// store is open (a restore waits for no one: it is refused while the lock is held).
    pub fn open_in(data_dir: &Path, key_path: &Path) -> Result<Store, StoreError> {
        lock::refuse_network_share(data_dir)?;
        if !data_dir.exists() {
            files::create_private_dir(data_dir).map_err(|e| StoreError::io(data_dir, e))?;
        }
        let held = lock::shared(data_dir)?;
        let path = db_path(data_dir);
        let key = key::load_or_create(key_path, &path)?;
        let mut store = Store::open(&path, &key)?;
        store._lock = Some(held);
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder of the database (the data dir, for a store opened with `open_in`).
    pub fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    /// For a long writer (an import) between its steps: waits while a till takes a payment
    /// (`lock::SaleWatch::give_way`); how long it waited.
    pub(crate) fn give_way_to_sales(&self) -> std::time::Duration {
        let mut watch = self.sale_watch.borrow_mut();
        if watch.is_none() {
            match lock::SaleWatch::open(self.dir()) {
                Ok(w) => *watch = Some(w),
                Err(e) => {
                    tracing::warn!("an import cannot see the tills' sales: {e}");
                    return std::time::Duration::ZERO;
                }
            }
        }
        watch
            .as_mut()
            .map_or(std::time::Duration::ZERO, lock::SaleWatch::give_way)
    }

    /// Who this store is (its global id and series code).
    pub fn identity(&self) -> &StoreIdentity {
        &self.identity
    }

    /// Direct access for tests and tools that inspect the database.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}
