//! Writing a backup (snapshot → check → age stream of a tar) and reading one back (decrypt →
//! extract the still-encrypted database → compare with its manifest), for `verify` and
//! `restore`, which then run the store's whole check on it.

use super::{BackupError, FORMAT, Manifest, file_name};
use crate::store::key::{DbKey, open_keyed};
use crate::store::{Store, db_path};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A backup written.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
    pub manifest: Manifest,
    /// Seconds per phase: snapshot, check, encrypt.
    pub phases: Vec<(&'static str, f64)>,
}

/// Writes through to a file, syncing every `every` bytes: the disk takes the backup in small
/// flushes instead of one burst at the end that would stall the sales' own syncs (measured:
/// a 600 MB final flush held a sale commit for 137 ms; syncing every 1 MB keeps the worst
/// commit under 10 ms while a backup runs).
struct SyncEvery {
    file: std::fs::File,
    every: u64,
    since: u64,
}

impl Write for SyncEvery {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.since += n as u64;
        if self.since >= self.every {
            self.file.sync_data()?;
            self.since = 0;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// How much of a backup is written between syncs.
const SYNC_EVERY: u64 = 1 << 20;

/// Reads through, hashing and counting what passes.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// `integrity_check` of a database (every page read goes through SQLCipher's HMAC check).
fn check_integrity(conn: &Connection) -> Result<(), BackupError> {
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| BackupError::Integrity(e.to_string()))?;
    if ok != "ok" {
        return Err(BackupError::Integrity(ok));
    }
    Ok(())
}

/// The manifest's facts, read from a snapshot.
fn describe(
    conn: &Connection,
    store: &str,
    terminal: &str,
    at: &str,
) -> Result<Manifest, BackupError> {
    let schema_version = crate::store::schema::version(conn)?;
    // The first and last by id: times carry their UTC offset, so they do not sort as text.
    let (documents, first_at, last_at): (i64, Option<String>, Option<String>) = conn.query_row(
        "SELECT count(*),
                (SELECT created_at FROM documents ORDER BY id LIMIT 1),
                (SELECT created_at FROM documents ORDER BY id DESC LIMIT 1)
         FROM documents",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let number = |order: &str| -> Result<Option<String>, BackupError> {
        use rusqlite::OptionalExtension;
        Ok(conn
            .query_row(
                &format!(
                    "SELECT series || '-' || printf('%06d', number) FROM documents
                     ORDER BY id {order} LIMIT 1"
                ),
                [],
                |r| r.get(0),
            )
            .optional()?)
    };
    Ok(Manifest {
        format: FORMAT,
        caja: env!("CARGO_PKG_VERSION").into(),
        store: store.into(),
        terminal: terminal.into(),
        schema_version,
        created_at: at.into(),
        documents,
        first_number: number("ASC")?,
        last_number: number("DESC")?,
        first_at,
        last_at,
        db_bytes: 0,
        db_sha256: String::new(),
    })
}

/// Removes a file when dropped unless kept: partial outputs never stay behind.
struct Scratch(Option<PathBuf>);

impl Scratch {
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Seconds per phase of a backup, timed lap by lap.
struct Laps {
    phases: Vec<(&'static str, f64)>,
    clock: std::time::Instant,
}

impl Laps {
    fn start() -> Laps {
        Laps {
            phases: Vec::new(),
            clock: std::time::Instant::now(),
        }
    }

    /// Ends the phase `name` and starts timing the next.
    fn lap(&mut self, name: &'static str) {
        self.phases.push((name, self.clock.elapsed().as_secs_f64()));
        self.clock = std::time::Instant::now();
    }
}

/// Takes a consistent snapshot of `store` (one backup step: a read transaction, so commits in
/// other connections go on), checks it, and writes it age-encrypted to `recipients` in `dir`.
pub fn create(
    store: &Store,
    store_name: &str,
    terminal: &str,
    recipients: &[age::x25519::Recipient],
    dir: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Written, BackupError> {
    if recipients.is_empty() {
        return Err(BackupError::NoRecipients);
    }
    if !dir.is_dir() {
        return Err(BackupError::NoDestination(dir.to_path_buf()));
    }
    let data_dir = store.dir();
    let snapshot_path = data_dir.join(".backup-snapshot.db");
    let _ = std::fs::remove_file(&snapshot_path);
    let snapshot = Scratch(Some(snapshot_path.clone()));
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut laps = Laps::start();
    let mut manifest =
        snapshot_checked(store, &snapshot_path, store_name, terminal, &at, &mut laps)?;
    let db_bytes = std::fs::metadata(&snapshot_path)
        .map_err(|e| BackupError::io(&snapshot_path, e))?
        .len();

    let final_path = dir.join(file_name(terminal, now));
    let partial_path = dir.join(format!(".{}.partial", file_name(terminal, now)));
    let partial = Scratch(Some(partial_path.clone()));
    write_encrypted(
        &partial_path,
        recipients,
        &store.key,
        &snapshot_path,
        db_bytes,
        &mut manifest,
        now,
    )?;
    std::fs::rename(&partial_path, &final_path).map_err(|e| BackupError::io(&final_path, e))?;
    partial.keep();
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    drop(snapshot);
    laps.lap("encrypt and write");
    let bytes = std::fs::metadata(&final_path).map(|m| m.len()).unwrap_or(0);
    Ok(Written {
        path: final_path,
        bytes,
        manifest,
        phases: laps.phases,
    })
}

/// Snapshots `store` to `snapshot_path`, checks the copy's integrity and describes it for the
/// manifest; times both phases.
fn snapshot_checked(
    store: &Store,
    snapshot_path: &Path,
    store_name: &str,
    terminal: &str,
    at: &str,
    laps: &mut Laps,
) -> Result<Manifest, BackupError> {
    // All pages in one step: one consistent read, never restarted by new sales.
    crate::store::snapshot::snapshot(&store.conn, snapshot_path, &store.key)?;
    laps.lap("snapshot");
    let dst = open_keyed(snapshot_path, &store.key)?;
    check_integrity(&dst)?;
    laps.lap("integrity_check");
    describe(&dst, store_name, terminal, at)
}

/// Writes to `path` (synced) the age-encrypted tar of the key, the snapshot of `db_bytes` and,
/// last, the manifest with the snapshot's size and hash filled in.
fn write_encrypted(
    path: &Path,
    recipients: &[age::x25519::Recipient],
    key: &DbKey,
    snapshot_path: &Path,
    db_bytes: u64,
    manifest: &mut Manifest,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), BackupError> {
    let out = private_file(path).map_err(|e| BackupError::io(path, e))?;
    let werr = |e: std::io::Error| BackupError::io(path, e);
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| BackupError::Refused(format!("age: {e}")))?;
    let out = SyncEvery {
        file: out,
        every: SYNC_EVERY,
        since: 0,
    };
    let writer = encryptor
        .wrap_output(std::io::BufWriter::with_capacity(1 << 20, out))
        .map_err(werr)?;
    let mut tar = tar::Builder::new(writer);
    append(
        &mut tar,
        "db.key",
        format!("{}\n", key.hex()).as_bytes(),
        now,
    )
    .map_err(werr)?;
    // The database streams once: hashed on its way into the archive; the manifest, which
    // carries the hash, goes last.
    let db_sha256 = append_database(&mut tar, snapshot_path, db_bytes, now, path)?;
    manifest.db_bytes = db_bytes;
    manifest.db_sha256 = db_sha256;
    let manifest_json =
        serde_json::to_vec_pretty(&*manifest).map_err(|e| BackupError::Refused(e.to_string()))?;
    append(&mut tar, "manifest.json", &manifest_json, now).map_err(werr)?;
    let stream = tar.into_inner().map_err(werr)?;
    let buffered = stream.finish().map_err(werr)?;
    let file = buffered
        .into_inner()
        .map_err(|e| werr(e.into_error()))?
        .file;
    file.sync_all().map_err(werr)?;
    drop(file);
    Ok(())
}

/// Streams the snapshot of `db_bytes` into the archive as `caja.db`, hashing it on its way;
/// answers its SHA-256 in hex. `out_path`, the archive's file, is named in write errors.
fn append_database<W: Write>(
    tar: &mut tar::Builder<W>,
    snapshot_path: &Path,
    db_bytes: u64,
    now: chrono::DateTime<chrono::Utc>,
    out_path: &Path,
) -> Result<String, BackupError> {
    let db = std::fs::File::open(snapshot_path).map_err(|e| BackupError::io(snapshot_path, e))?;
    let mut hashing = Hashing {
        inner: std::io::BufReader::with_capacity(1 << 20, db),
        hash: Sha256::new(),
        bytes: 0,
    };
    let mut header = tar_header(db_bytes, now);
    tar.append_data(&mut header, "caja.db", &mut hashing)
        .map_err(|e| BackupError::io(out_path, e))?;
    if hashing.bytes != db_bytes {
        return Err(BackupError::Integrity(
            "the snapshot changed while it was archived".into(),
        ));
    }
    Ok(hex::encode(hashing.hash.finalize()))
}

fn tar_header(size: u64, now: chrono::DateTime<chrono::Utc>) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_size(size);
    h.set_mode(0o600);
    h.set_mtime(u64::try_from(now.timestamp()).unwrap_or(0));
    h.set_cksum();
    h
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    bytes: &[u8],
    now: chrono::DateTime<chrono::Utc>,
) -> std::io::Result<()> {
    let mut h = tar_header(bytes.len() as u64, now);
    tar.append_data(&mut h, name, bytes)
}

/// A backup opened: its manifest, its key, and its database extracted (still encrypted) to a
/// file of the caller's choosing.
pub struct Opened {
    pub manifest: Manifest,
    pub key: DbKey,
    pub db: PathBuf,
}

/// Decrypts `file` with `identities` and extracts its database to `db_out`, checking it against
/// the manifest's size and hash. Both callers (`caja backup verify`, `restore`) then run the
/// whole store check on it (integrity, every page's HMAC, audit chain, series), once.
pub fn open(
    file: &Path,
    identities: &[Box<dyn age::Identity>],
    db_out: &Path,
) -> Result<Opened, BackupError> {
    let damaged = |reason: String| damaged_backup(file, reason);
    let mut archive = tar::Archive::new(decrypt(file, identities)?);
    let mut manifest: Option<Manifest> = None;
    let mut key: Option<DbKey> = None;
    let mut db_found = None;
    let out = Scratch(Some(db_out.to_path_buf()));
    for entry in archive.entries().map_err(|e| damaged(e.to_string()))? {
        let mut entry = entry.map_err(|e| damaged(e.to_string()))?;
        let name = entry
            .path()
            .map_err(|e| damaged(e.to_string()))?
            .to_string_lossy()
            .into_owned();
        match name.as_str() {
            "manifest.json" => manifest = Some(read_manifest(&mut entry, file)?),
            "db.key" => key = Some(read_key(&mut entry, file)?),
            "caja.db" => db_found = Some(extract_database(&mut entry, file, db_out)?),
            other => return Err(damaged(format!("unexpected entry {other}"))),
        }
    }
    let (Some(manifest), Some(key), Some((bytes, sha))) = (manifest, key, db_found) else {
        return Err(damaged("manifest, key or database missing".into()));
    };
    if bytes != manifest.db_bytes || sha != manifest.db_sha256 {
        return Err(damaged("the database does not match its manifest".into()));
    }
    out.keep();
    Ok(Opened {
        manifest,
        key,
        db: db_out.to_path_buf(),
    })
}

/// The backup `file` is not what Caja wrote, for `reason`.
fn damaged_backup(file: &Path, reason: String) -> BackupError {
    BackupError::Damaged {
        file: file.to_path_buf(),
        reason,
    }
}

/// The backup's payload (the tar), decrypted as it is read.
fn decrypt(file: &Path, identities: &[Box<dyn age::Identity>]) -> Result<impl Read, BackupError> {
    let input = std::fs::File::open(file).map_err(|e| BackupError::io(file, e))?;
    let decryptor = age::Decryptor::new_buffered(std::io::BufReader::new(input)).map_err(|e| {
        BackupError::Decrypt {
            file: file.to_path_buf(),
            reason: e.to_string(),
        }
    })?;
    decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|e| BackupError::Decrypt {
            file: file.to_path_buf(),
            reason: e.to_string(),
        })
}

/// The manifest entry of the backup `file`; a format this Caja does not read is refused.
fn read_manifest(entry: &mut impl Read, file: &Path) -> Result<Manifest, BackupError> {
    let mut text = String::new();
    entry
        .read_to_string(&mut text)
        .map_err(|e| damaged_backup(file, e.to_string()))?;
    let m: Manifest =
        serde_json::from_str(&text).map_err(|e| damaged_backup(file, format!("manifest: {e}")))?;
    if m.format != FORMAT {
        return Err(BackupError::Refused(format!(
            "{} is backup format {}; this Caja reads format {FORMAT}",
            file.display(),
            m.format
        )));
    }
    Ok(m)
}

/// The database key entry of the backup `file`.
fn read_key(entry: &mut impl Read, file: &Path) -> Result<DbKey, BackupError> {
    let mut bytes = Vec::new();
    entry
        .read_to_end(&mut bytes)
        .map_err(|e| damaged_backup(file, e.to_string()))?;
    Ok(DbKey::parse(Path::new("db.key"), &bytes)?)
}

/// Copies the database entry of the backup `file` to `db_out` (owner-only, synced); answers its
/// size and SHA-256 in hex.
fn extract_database(
    entry: &mut impl Read,
    file: &Path,
    db_out: &Path,
) -> Result<(u64, String), BackupError> {
    let mut f = private_file(db_out).map_err(|e| BackupError::io(db_out, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = entry
            .read(&mut buf)
            .map_err(|e| damaged_backup(file, e.to_string()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        f.write_all(&buf[..n])
            .map_err(|e| BackupError::io(db_out, e))?;
        total += n as u64;
    }
    f.sync_all().map_err(|e| BackupError::io(db_out, e))?;
    Ok((total, hex::encode(h.finalize())))
}

/// What `restore` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    pub manifest: Manifest,
    /// Where the database that was there before went, if there was one.
    pub kept_aside: Option<PathBuf>,
    /// The store issues fiscal records: it sells again once reconciled with the tax agency.
    pub held_for_reconciliation: bool,
}

/// Restores `file` into `data_dir`: extracts and checks it as a new file, re-keys it to this
/// till's key (or makes the key file from the backup's key when there is none), runs the full
/// store check, then — only with `replace` when a database is already there — moves the current
/// one aside and swaps the restored one in with a rename.
pub fn restore(
    file: &Path,
    identities: &[Box<dyn age::Identity>],
    data_dir: &Path,
    key_file: &Path,
    replace: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Restored, BackupError> {
    std::fs::create_dir_all(data_dir).map_err(|e| BackupError::io(data_dir, e))?;
    let live = db_path(data_dir);
    if live.exists() && !replace {
        return Err(BackupError::Refused(format!(
            "a database is already in {}: pass --replace to keep it aside (renamed, not deleted) and restore over it",
            data_dir.display()
        )));
    }
    let incoming = data_dir.join("caja.db.restoring");
    let _ = std::fs::remove_file(&incoming);
    let opened = open(file, identities, &incoming)?;
    let scratch = Scratch(Some(incoming.clone()));
    let till_key = read_till_key(key_file)?;
    if let Some(k) = &till_key
        && *k != opened.key
    {
        let conn = open_keyed(&incoming, &opened.key)?;
        conn.execute_batch(&format!("PRAGMA rekey = {};", k.pragma_literal()))?;
    }
    let key = till_key.clone().unwrap_or_else(|| opened.key.clone());
    check_restored(&incoming, &key)?;
    let held_for_reconciliation = hold_for_reconciliation(&incoming, &key, &opened.manifest, now)?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(incoming.with_file_name(format!("caja.db.restoring{suffix}")));
    }
    let kept_aside = if live.exists() {
        Some(move_aside(&live, &key, data_dir, now)?)
    } else {
        None
    };
    if till_key.is_none() {
        crate::store::key::write_new(key_file, &opened.key)?;
    }
    std::fs::rename(&incoming, &live).map_err(|e| BackupError::io(&live, e))?;
    scratch.keep();
    if let Ok(d) = std::fs::File::open(data_dir) {
        let _ = d.sync_all();
    }
    Ok(Restored {
        manifest: opened.manifest,
        kept_aside,
        held_for_reconciliation,
    })
}

/// This till's own key, or `None` when it has no key file yet.
fn read_till_key(key_file: &Path) -> Result<Option<DbKey>, BackupError> {
    match std::fs::read(key_file) {
        Ok(bytes) => Ok(Some(DbKey::parse(key_file, &bytes)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(BackupError::io(key_file, e)),
    }
}

/// The whole store check of the restored database, then its WAL folded in.
fn check_restored(incoming: &Path, key: &DbKey) -> Result<(), BackupError> {
    // The whole store check: schema (migrated when older), audit chain, gapless series.
    let store = Store::open(incoming, key)?;
    let report = store.check()?;
    if let Some(p) = report.problems.first() {
        return Err(BackupError::Integrity(format!("{}: {}", p.check, p.detail)));
    }
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

/// A restored store that issues fiscal records may be behind what the tax agency holds: it
/// sells again only once it is reconciled (`store::fiscal_reconcile`).
fn hold_for_reconciliation(
    incoming: &Path,
    key: &DbKey,
    manifest: &Manifest,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, BackupError> {
    let mut store = Store::open(incoming, key)?;
    let profile = store.profile()?;
    if !matches!(
        profile.fiscal_state(),
        crate::till::profile::FiscalState::Verifactu(_)
    ) {
        return Ok(false);
    }
    store.open_restore_reconciliation(
        &manifest.terminal,
        &format!(
            "restored from the backup of {} (last receipt {})",
            manifest.created_at,
            manifest.last_number.as_deref().unwrap_or("none")
        ),
        &now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )?;
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(true)
}

/// Moves the live database (checkpointed first) and its WAL files aside under a dated name;
/// answers where it went.
fn move_aside(
    live: &Path,
    key: &DbKey,
    data_dir: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<PathBuf, BackupError> {
    {
        let current = open_keyed(live, key)?;
        let _ = current.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    }
    let aside = data_dir.join(format!(
        "caja.db.before-restore-{}",
        now.format("%Y%m%dT%H%M%SZ")
    ));
    std::fs::rename(live, &aside).map_err(|e| BackupError::io(&aside, e))?;
    for suffix in ["-wal", "-shm"] {
        let side = live.with_file_name(format!("caja.db{suffix}"));
        if side.exists() {
            let mut side_aside = aside.clone().into_os_string();
            side_aside.push(suffix);
            let _ = std::fs::rename(&side, side_aside);
        }
    }
    Ok(aside)
}

/// A new file (truncated if present) only its owner may read: backups and extracted databases.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(crate::store::files::FILE_MODE)
        .open(path)
}
