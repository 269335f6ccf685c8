//! The doctor's quick checks, gathered where the till runs too: the state dir's, the database's
//! and the key's owners and modes, the key outside the state dir, the clock's synchronisation
//! (the kernel's view) and the free space under the data — a few `stat`s and two system calls,
//! so the status bar shows their worst light every minute (`caja doctor` runs them with all its
//! others). How the till last stopped, when systemd restarted it after a crash, is read here too.

use crate::doctor::{self, Check, Report};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What the quick checks look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Places {
    pub data_dir: PathBuf,
    pub key_file: PathBuf,
    /// The key file's owner: the till's user, or root for an installed till's credential.
    pub key_owner: u32,
    /// The key's owner and mode when it was read before the user change (its folder may not
    /// be readable now).
    pub key_seen: Option<(u32, u32)>,
}

impl Places {
    /// The places of a till's data dir and key: an installed till's key is root's credential
    /// (systemd hands it to the till), seen as root before the user change when it was read so.
    pub fn of(data_dir: &Path, key_file: &Path) -> Places {
        Places {
            data_dir: data_dir.to_path_buf(),
            key_file: key_file.to_path_buf(),
            key_owner: match crate::sandbox::system::installed() {
                Some(i) if i.key_file == key_file => 0,
                _ => crate::sandbox::sys::euid(),
            },
            key_seen: crate::store::key::held_metadata(key_file),
        }
    }
}

fn owner_mode(path: &Path) -> Option<(u32, u32)> {
    std::fs::metadata(path).ok().map(|m| (m.uid(), m.mode()))
}

/// Bytes free to this user on the filesystem of `path`.
pub fn free_bytes(path: &Path) -> Option<u64> {
    let s = rustix::fs::statvfs(path).ok()?;
    Some(s.f_bavail.saturating_mul(s.f_frsize))
}

/// The clock's synchronisation: `CAJA_TIMEDATECTL` (a program answering like `timedatectl show
/// -p NTPSynchronized --value`: what an operator's tool says, and how tests set it), else the
/// kernel's own state, which every NTP daemon keeps and which needs no bus.
pub fn clock_synchronised() -> Option<bool> {
    if let Ok(program) = std::env::var("CAJA_TIMEDATECTL") {
        let out = std::process::Command::new(program)
            .args(["show", "-p", "NTPSynchronized", "--value"])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        return match String::from_utf8_lossy(&out.stdout).trim() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
    }
    crate::sandbox::sys::clock_synchronised()
}

/// The files, the key's place, the clock (`synchronised` as read) and the free space.
pub fn quick(places: &Places, synchronised: Option<bool>) -> Report {
    let me = crate::sandbox::sys::euid();
    let db = crate::store::db_path(&places.data_dir);
    let mut checks = Vec::new();
    let files = [
        (
            "state-dir",
            "the state dir",
            places.data_dir.as_path(),
            owner_mode(&places.data_dir),
            me,
            0o700,
        ),
        (
            "database",
            "the database",
            db.as_path(),
            owner_mode(&db),
            me,
            0o600,
        ),
        (
            "key",
            "the database key",
            places.key_file.as_path(),
            places.key_seen.or_else(|| owner_mode(&places.key_file)),
            places.key_owner,
            0o600,
        ),
    ];
    for (id, what, path, seen, owner, max) in files {
        checks.push(doctor::judge_private(
            id,
            what,
            &path.display().to_string(),
            seen,
            owner,
            max,
        ));
    }
    let inside = match (
        places.key_file.parent().and_then(|p| p.canonicalize().ok()),
        places.data_dir.canonicalize().ok(),
    ) {
        (Some(k), Some(d)) => k.starts_with(&d),
        _ => places.key_file.starts_with(&places.data_dir),
    };
    checks.push(doctor::judge_key_place(
        &places.key_file.display().to_string(),
        &places.data_dir.display().to_string(),
        inside,
    ));
    checks.push(doctor::judge_clock(synchronised));
    checks.push(doctor::judge_space(
        "disk",
        &format!("the state dir's disk ({})", places.data_dir.display()),
        free_bytes(&places.data_dir),
    ));
    Report { checks }
}

/// The file systemd's `ExecStopPost=` writes when the till's process ends (caja.service): its
/// `$SERVICE_RESULT $EXIT_CODE $EXIT_STATUS`.
pub const LAST_EXIT_FILE: &str = ".last-exit";

/// How the till's previous process ended, when it did not end well (`success` is a stop asked
/// for): systemd's words and when. The file is read once and removed.
pub fn take_unclean_exit(data_dir: &Path) -> Option<(String, chrono::DateTime<chrono::Local>)> {
    let path = data_dir.join(LAST_EXIT_FILE);
    let text = std::fs::read_to_string(&path).ok()?;
    let at = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .map(chrono::DateTime::<chrono::Local>::from)
        .ok()?;
    let _ = std::fs::remove_file(&path);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.split(' ').next() {
        None | Some("") | Some("success") => None,
        Some(_) => Some((words, at)),
    }
}

/// The lines a person should look at (not green), for a hover.
pub fn not_green(report: &Report) -> Vec<&Check> {
    report
        .checks
        .iter()
        .filter(|c| c.light != doctor::Light::Green)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn quick_checks_see_a_loose_mode_and_an_unsynchronised_clock() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::write(crate::store::db_path(&data), b"x").unwrap();
        std::fs::set_permissions(
            crate::store::db_path(&data),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let key = dir.path().join("db.key");
        std::fs::write(&key, b"k").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        let places = Places {
            data_dir: data,
            key_file: key,
            key_owner: crate::sandbox::sys::euid(),
            key_seen: None,
        };
        let r = quick(&places, Some(false));
        let light = |id: &str| r.checks.iter().find(|c| c.id == id).unwrap().light;
        assert_eq!(light("state-dir"), doctor::Light::Green);
        assert_eq!(light("database"), doctor::Light::Red);
        assert_eq!(light("key"), doctor::Light::Green);
        assert_eq!(light("clock"), doctor::Light::Red);
        assert_eq!(r.worst(), doctor::Light::Red);
        assert_eq!(not_green(&r).len(), 2);
        assert_eq!(
            quick(&places, Some(true))
                .checks
                .iter()
                .find(|c| c.id == "clock")
                .unwrap()
                .light,
            doctor::Light::Green
        );
    }

    #[test]
    fn an_unclean_exit_is_read_once_and_a_stop_is_not_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LAST_EXIT_FILE), "signal KILLED 9\n").unwrap();
        let (words, _) = take_unclean_exit(dir.path()).unwrap();
        assert_eq!(words, "signal KILLED 9");
        assert!(take_unclean_exit(dir.path()).is_none(), "read once");
        std::fs::write(dir.path().join(LAST_EXIT_FILE), "success killed TERM\n").unwrap();
        assert!(take_unclean_exit(dir.path()).is_none());
        assert!(!dir.path().join(LAST_EXIT_FILE).exists());
    }
}
