//! Who has a data dir's store open. Every process that opens the store (the till, the back
//! office, a `caja` command, their worker threads) holds a shared lock on `caja.lock`; a
//! restore, which swaps the database file, takes it exclusively — so it never goes ahead
//! beside a process whose later sales would land in a file no longer the store. The till also
//! holds `till.lock` exclusively: one till per data dir.
//!
//! SQLite's WAL needs every process on one host (its shared memory is a mapped file), so a data
//! dir on a network share is refused before anything is opened there.

use super::StoreError;
use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The file every process with the store open locks, shared (a restore: exclusive).
pub const STORE_LOCK: &str = "caja.lock";
/// The file a running till locks exclusively.
pub const TILL_LOCK: &str = "till.lock";
/// The file a process importing a catalog locks exclusively (one import at a time; a start-up
/// clears a killed import's rows only when nobody holds it).
pub const IMPORT_LOCK: &str = "import.lock";
/// The file the one fiscal sender locks exclusively.
const FISCAL_SEND_LOCK: &str = "fiscal-send.lock";

/// The file a till holds shared while it takes a payment: a catalog import gives way (does
/// not start its next write step) until that sale has committed, so the sale never waits
/// behind an import's step.
pub const SALE_LOCK: &str = "sale.lock";

/// How long in a row an import gives way to one payment: a payment screen left open does not
/// stop an import for longer (the sale then waits at most one step, as with no sign at all).
pub const GIVE_WAY_LIMIT: Duration = Duration::from_secs(3);

/// A held lock; released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(super::files::FILE_MODE)
        .open(path)
        .map_err(|e| StoreError::io(path, e))
}

/// The shared lock of a process that opens the store of `data_dir`.
pub fn shared(data_dir: &Path) -> Result<DirLock, StoreError> {
    let path = data_dir.join(STORE_LOCK);
    let file = open_lock_file(&path)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(DirLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::RestoreUnderWay {
            dir: data_dir.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) => Err(StoreError::io(&path, e)),
    }
}

/// The exclusive lock a restore takes: refused while any process has the store open.
pub fn exclusive(data_dir: &Path) -> Result<DirLock, StoreError> {
    let path = data_dir.join(STORE_LOCK);
    let file = open_lock_file(&path)?;
    match file.try_lock() {
        Ok(()) => Ok(DirLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::StoreInUse {
            dir: data_dir.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) => Err(StoreError::io(&path, e)),
    }
}

/// The lock of the one till selling from `data_dir`.
pub fn till(data_dir: &Path) -> Result<DirLock, StoreError> {
    let path = data_dir.join(TILL_LOCK);
    let file = open_lock_file(&path)?;
    match file.try_lock() {
        Ok(()) => Ok(DirLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::TillRunning {
            dir: data_dir.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) => Err(StoreError::io(&path, e)),
    }
}

/// The lock of the one catalog import running on `data_dir`.
pub fn importer(data_dir: &Path) -> Result<DirLock, StoreError> {
    let path = data_dir.join(IMPORT_LOCK);
    let file = open_lock_file(&path)?;
    match file.try_lock() {
        Ok(()) => Ok(DirLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::ImportRunning),
        Err(TryLockError::Error(e)) => Err(StoreError::io(&path, e)),
    }
}

/// The lock of the one fiscal sender on `data_dir` (the till's worker or `caja fiscal send`):
/// one request at a time, so a request that is out is never taken for one cut short.
pub fn fiscal_sender(data_dir: &Path) -> Result<DirLock, StoreError> {
    let path = data_dir.join(FISCAL_SEND_LOCK);
    let file = open_lock_file(&path)?;
    match file.try_lock() {
        Ok(()) => Ok(DirLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::FiscalSenderRunning),
        Err(TryLockError::Error(e)) => Err(StoreError::io(&path, e)),
    }
}

/// The till's sign that a sale is being paid (`sale.lock` held shared from the payment's start
/// to its commit or cancel). Advisory: a sign that cannot be raised costs a sale only a wait.
#[derive(Debug)]
pub struct SaleSign {
    file: File,
    raised: bool,
}

impl SaleSign {
    pub fn open(data_dir: &Path) -> Result<SaleSign, StoreError> {
        Ok(SaleSign {
            file: open_lock_file(&data_dir.join(SALE_LOCK))?,
            raised: false,
        })
    }

    /// Raises or lowers the sign (nothing when it already is so).
    pub fn set(&mut self, paying: bool) {
        if paying == self.raised {
            return;
        }
        // An importer holds the lock exclusively only for an instant (to look): waiting here
        // is at most that.
        let done = if paying {
            self.file.lock_shared()
        } else {
            self.file.unlock()
        };
        match done {
            Ok(()) => self.raised = paying,
            Err(e) => tracing::warn!("the sale sign ({SALE_LOCK}) could not be set: {e}"),
        }
    }

    pub fn raised(&self) -> bool {
        self.raised
    }
}

/// An importer's look at the tills' sale signs.
#[derive(Debug)]
pub struct SaleWatch {
    file: File,
    /// Since when the sign has been up without a break (for `GIVE_WAY_LIMIT`).
    up_since: Option<Instant>,
}

impl SaleWatch {
    pub fn open(data_dir: &Path) -> Result<SaleWatch, StoreError> {
        Ok(SaleWatch {
            file: open_lock_file(&data_dir.join(SALE_LOCK))?,
            up_since: None,
        })
    }

    /// Whether a till is taking a payment right now.
    pub fn sale_being_paid(&self) -> bool {
        match self.file.try_lock() {
            Ok(()) => {
                // Ours only to look: released at once.
                let _ = self.file.unlock();
                false
            }
            Err(TryLockError::WouldBlock) => true,
            Err(TryLockError::Error(e)) => {
                tracing::warn!("the sale sign ({SALE_LOCK}) could not be read: {e}");
                false
            }
        }
    }

    /// Waits while a till takes a payment (looking every millisecond), but not for longer than
    /// `GIVE_WAY_LIMIT` since the sign went up: a sign up that long is passed by until it has
    /// been down once. Returns how long it waited.
    pub fn give_way(&mut self) -> Duration {
        self.give_way_within(GIVE_WAY_LIMIT)
    }

    fn give_way_within(&mut self, limit: Duration) -> Duration {
        let started = Instant::now();
        loop {
            if !self.sale_being_paid() {
                self.up_since = None;
                break;
            }
            let since = *self.up_since.get_or_insert(started);
            if since.elapsed() >= limit {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        started.elapsed()
    }
}

/// Network filesystems by their `statfs` magic number (linux/magic.h): SQLite's WAL cannot be
/// shared between hosts, and their locks are not to be trusted.
const NETWORK_FILESYSTEMS: [(i64, &str); 8] = [
    (0x6969, "NFS"),
    (0xFF53_4D42, "CIFS"),
    (0xFE53_4D42, "SMB2"),
    (0x517B, "SMB"),
    (0x5346_414F, "AFS"),
    (0x7375_7245, "Coda"),
    (0x564C, "NCP"),
    (0x00C3_6400, "Ceph"),
];

/// The network filesystem a `statfs` magic number names, if it is one.
pub fn network_filesystem(magic: i64) -> Option<&'static str> {
    NETWORK_FILESYSTEMS
        .iter()
        .find(|(m, _)| *m == magic)
        .map(|(_, name)| *name)
}

/// Refuses a data dir on a network share (checked on the nearest existing ancestor, so a dir
/// about to be created on a share is refused too).
pub fn refuse_network_share(data_dir: &Path) -> Result<(), StoreError> {
    let mut probe: PathBuf = data_dir.to_path_buf();
    while !probe.exists() {
        match probe.parent() {
            Some(p) if !p.as_os_str().is_empty() => probe = p.to_path_buf(),
            _ => return Ok(()),
        }
    }
    let stat = rustix::fs::statfs(&probe).map_err(|e| StoreError::io(&probe, e.into()))?;
    #[allow(clippy::unnecessary_cast)] // f_type's width differs between architectures
    let magic = stat.f_type as i64;
    match network_filesystem(magic) {
        Some(fs) => Err(StoreError::NetworkShare {
            dir: data_dir.to_path_buf(),
            fs,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_gives_way_while_a_sale_is_paid_and_not_forever() {
        let dir = tempfile::tempdir().unwrap();
        let mut sign = SaleSign::open(dir.path()).unwrap();
        let mut watch = SaleWatch::open(dir.path()).unwrap();
        assert!(!watch.sale_being_paid());
        assert!(watch.give_way() < Duration::from_millis(5));
        sign.set(true);
        assert!(sign.raised() && watch.sale_being_paid());
        // A second till paying at once: both signs up together.
        let mut other = SaleSign::open(dir.path()).unwrap();
        other.set(true);
        other.set(false);
        // The importer waits until the sale is committed (the sign lowered)...
        let lowering = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(60));
            sign.set(false);
            sign
        });
        let waited = watch.give_way();
        assert!(waited >= Duration::from_millis(50), "{waited:?}");
        let mut sign = lowering.join().unwrap();
        assert!(!watch.sale_being_paid());
        // ...but a sign left up is passed by after the limit, until it has been down once.
        sign.set(true);
        let waited = watch.give_way_within(Duration::from_millis(30));
        assert!(waited >= Duration::from_millis(30), "{waited:?}");
        assert!(watch.give_way_within(Duration::from_millis(30)) < Duration::from_millis(5));
        sign.set(false);
        assert!(watch.give_way_within(Duration::from_millis(30)) < Duration::from_millis(5));
        sign.set(true);
        let waited = watch.give_way_within(Duration::from_millis(30));
        assert!(waited >= Duration::from_millis(30), "{waited:?}");
    }

    #[test]
    fn network_filesystems_are_named_and_local_ones_pass() {
        assert_eq!(network_filesystem(0x6969), Some("NFS"));
        assert_eq!(network_filesystem(0xFF53_4D42), Some("CIFS"));
        assert_eq!(network_filesystem(0xEF53), None); // ext4
        assert_eq!(network_filesystem(0x0102_1994), None); // tmpfs
        let dir = tempfile::tempdir().unwrap();
        refuse_network_share(&dir.path().join("not/yet/made")).unwrap();
    }

    #[test]
    fn shared_locks_coexist_and_an_exclusive_one_waits_for_none() {
        let dir = tempfile::tempdir().unwrap();
        let a = shared(dir.path()).unwrap();
        let b = shared(dir.path()).unwrap();
        assert!(matches!(
            exclusive(dir.path()),
            Err(StoreError::StoreInUse { .. })
        ));
        drop((a, b));
        let x = exclusive(dir.path()).unwrap();
        assert!(matches!(
            shared(dir.path()),
            Err(StoreError::RestoreUnderWay { .. })
        ));
        drop(x);
        let _t = till(dir.path()).unwrap();
        assert!(matches!(
            till(dir.path()),
            Err(StoreError::TillRunning { .. })
        ));
        shared(dir.path()).unwrap();
    }
}
