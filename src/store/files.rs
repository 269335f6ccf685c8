//! The files Caja keeps are its owner's alone: the data dir is 0700, the database, its WAL and
//! shared-memory files and the pre-migration snapshots 0600. SQLite creates the WAL and
//! `-shm` files with the mode of the database file, so the database is created 0600 before
//! SQLite opens it. `caja check` names anything looser; the till tightens what it owns at
//! start-up (an older Caja made the data dir 0755 and `caja.db` 0644).

use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A directory only its owner may enter.
pub const DIR_MODE: u32 = 0o700;
/// A file only its owner may read and write.
pub const FILE_MODE: u32 = 0o600;

/// A path whose mode lets others in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LooseMode {
    pub path: PathBuf,
    pub mode: u32,
    pub wanted: u32,
}

impl std::fmt::Display for LooseMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is {:04o}, should be {:04o} (chmod {:o} {})",
            self.path.display(),
            self.mode,
            self.wanted,
            self.wanted,
            self.path.display()
        )
    }
}

/// Creates `dir` (and missing parents) as 0700.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
}

/// Creates an empty `path` as 0600 if it does not exist yet (a file SQLite then fills).
pub fn create_private_file(path: &Path) -> io::Result<()> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The data dir and every file directly in it whose mode lets group or others in.
pub fn loose_modes(data_dir: &Path) -> io::Result<Vec<LooseMode>> {
    let mut loose = Vec::new();
    let mut look = |path: PathBuf, wanted: u32| -> io::Result<()> {
        let mode = fs::metadata(&path)?.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            loose.push(LooseMode { path, mode, wanted });
        }
        Ok(())
    };
    look(data_dir.to_path_buf(), DIR_MODE)?;
    let mut entries: Vec<PathBuf> = fs::read_dir(data_dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let wanted = if path.is_dir() { DIR_MODE } else { FILE_MODE };
        look(path, wanted)?;
    }
    Ok(loose)
}

/// Makes the loose paths of `data_dir` that this user owns owner-only; returns what changed.
pub fn tighten(data_dir: &Path) -> io::Result<Vec<LooseMode>> {
    let me = rustix::process::geteuid().as_raw();
    let mut changed = Vec::new();
    for l in loose_modes(data_dir)? {
        if fs::metadata(&l.path)?.uid() != me {
            continue;
        }
        fs::set_permissions(&l.path, fs::Permissions::from_mode(l.wanted))?;
        changed.push(l);
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_modes_are_named_and_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        create_private_dir(&data).unwrap();
        let db = data.join("caja.db");
        create_private_file(&db).unwrap();
        assert!(loose_modes(&data).unwrap().is_empty());
        fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
        fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
        let loose = loose_modes(&data).unwrap();
        assert_eq!(loose.len(), 2, "{loose:?}");
        assert_eq!((loose[0].mode, loose[0].wanted), (0o755, 0o700));
        assert_eq!((loose[1].mode, loose[1].wanted), (0o644, 0o600));
        assert!(loose[1].to_string().contains("chmod 600"), "{}", loose[1]);
        assert_eq!(tighten(&data).unwrap().len(), 2);
        assert!(loose_modes(&data).unwrap().is_empty());
    }
}
