//! The installed till's places, and how `sudo caja …` reaches its store: as root, only the
//! database key credential is read (a root-only file); then the process becomes the `caja`
//! user and group before it opens anything, so root never opens the store and whatever the
//! command writes belongs to the till's user.
//!
//! The package makes the `caja` user (sysusers.d), `/var/lib/caja` (its state dir, 0700) and
//! the key at `/etc/credstore/caja-db-key` (root's, 0600). `CAJA_SYSTEM_ROOT` puts all three
//! under another folder, for tests.

use std::path::{Path, PathBuf};

/// An installed till's places and its user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemInstall {
    pub uid: u32,
    pub gid: u32,
    pub state_dir: PathBuf,
    pub data_dir: PathBuf,
    pub config_file: PathBuf,
    pub key_file: PathBuf,
}

/// The folder the installed places are under (`/`, or `CAJA_SYSTEM_ROOT`).
fn root() -> PathBuf {
    std::env::var_os("CAJA_SYSTEM_ROOT").map_or_else(|| PathBuf::from("/"), PathBuf::from)
}

/// The `caja` user's uid and gid in a passwd file's text (no NSS: the file itself).
pub fn caja_user(passwd: &str) -> Option<(u32, u32)> {
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        if f.next()? != "caja" {
            return None;
        }
        let _password = f.next()?;
        Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
    })
}

/// The installed till of this machine: a `caja` user and its state dir (seen by anyone).
pub fn installed() -> Option<SystemInstall> {
    let root = root();
    let (uid, gid) = caja_user(&std::fs::read_to_string(root.join("etc/passwd")).ok()?)?;
    let state_dir = root.join("var/lib/caja");
    if !state_dir.is_dir() {
        return None;
    }
    Some(SystemInstall {
        uid,
        gid,
        data_dir: state_dir.join("data"),
        config_file: state_dir.join("caja.toml"),
        key_file: root.join("etc/credstore/caja-db-key"),
        state_dir,
    })
}

/// Whether `path` is the installed till's data dir.
pub fn is_installed_data_dir(install: &SystemInstall, path: &Path) -> bool {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    canon(path) == canon(&install.data_dir)
}

/// Becomes `uid`/`gid` (its only group), for good: real, effective and saved ids. Only while
/// the process has one thread (the ids are per thread in the kernel).
pub fn become_user(uid: u32, gid: u32) -> Result<(), String> {
    use rustix::process::{Gid, Uid};
    if super::sys::thread_count() != 1 {
        return Err("cannot change user: the process already has several threads".into());
    }
    if uid == 0 {
        return Err("the caja user must not be root (uid 0)".into());
    }
    // Groups first, then the group, then the user (after which none could be changed back).
    let g = Gid::from_raw(gid);
    rustix::thread::set_thread_groups(&[g]).map_err(|e| format!("setgroups: {e}"))?;
    rustix::thread::set_thread_res_gid(g, g, g).map_err(|e| format!("setresgid: {e}"))?;
    let u = Uid::from_raw(uid);
    rustix::thread::set_thread_res_uid(u, u, u).map_err(|e| format!("setresuid: {e}"))?;
    if rustix::process::geteuid().as_raw() != uid || rustix::process::getegid().as_raw() != gid {
        return Err("the user change did not take".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caja_user_is_read_from_passwd() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      cajas:x:5:5::/:/bin/false\n\
                      caja:x:998:997:Caja point of sale:/var/lib/caja:/usr/sbin/nologin\n";
        assert_eq!(caja_user(passwd), Some((998, 997)));
        assert_eq!(caja_user("root:x:0:0::/:/bin/sh\n"), None);
        assert_eq!(caja_user("caja:x:abc:1::/:/bin/sh\n"), None);
    }
}
