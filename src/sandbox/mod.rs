//! Self-confinement. After start-up the till confines itself: Landlock (files, TCP, device
//! ioctls; abstract sockets and signals once the window is connected) from
//! `policies/landlock.toml`, and seccomp on every thread from `policies/seccomp.json`. It never
//! runs as root and refuses a key file others could read. What was achieved is a `Report`:
//! full, partial (with what is missing and why) or off — on the status bar, in
//! `caja sandbox status`, and enforced by `sandbox.require_confinement`.
//!
//! The only module where `unsafe` may appear (raw system calls in `sys` and `probe`).

pub mod landlock;
pub mod policy;
pub mod probe;
pub mod seccomp;
pub mod sys;
pub mod system;

use landlock::LandlockReport;
use policy::{Effective, LandlockPolicy, Places, PolicyError, SeccompPolicy};

/// The environment variable that caps the Landlock ABI used: how Caja behaves on an older
/// kernel (0 = as if Landlock were missing). For tests and diagnosis.
pub const MAX_ABI_VAR: &str = "CAJA_LANDLOCK_ABI";

/// How confined the process is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Full,
    Partial,
    Off,
}

/// What confinement achieved, and what is missing and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub level: Level,
    pub landlock: LandlockReport,
    pub seccomp: bool,
    pub seccomp_denied_calls: usize,
    pub seccomp_error: Option<String>,
    pub no_new_privs: bool,
    /// The scope step waits for the display connection (the till's first frame).
    pub scope_pending: bool,
    pub missing: Vec<String>,
}

impl Report {
    /// A process that did not confine itself (a command-line tool, or `--no-sandbox`).
    pub fn off(why: &str) -> Report {
        Report {
            level: Level::Off,
            landlock: LandlockReport::default(),
            seccomp: false,
            seccomp_denied_calls: 0,
            seccomp_error: None,
            no_new_privs: false,
            scope_pending: false,
            missing: vec![why.to_string()],
        }
    }

    fn assess(&mut self, wants_scope: bool) {
        let l = &self.landlock;
        let mut missing = Vec::new();
        let abi = |need: i32, what: &str| {
            format!(
                "{what} needs Landlock ABI {need}; this kernel offers {}{}",
                l.kernel_abi,
                if l.used_abi < l.kernel_abi {
                    format!(" (capped at {} by {MAX_ABI_VAR})", l.used_abi)
                } else {
                    String::new()
                }
            )
        };
        if let Some(e) = &l.error {
            missing.push(e.clone());
        }
        if l.used_abi < 1 {
            missing.push(abi(1, "restricting files"));
        } else if l.error.is_none() {
            if l.used_abi < 4 {
                missing.push(abi(4, "restricting TCP connect and bind"));
            }
            if l.used_abi < 5 {
                missing.push(abi(5, "restricting device ioctls"));
            }
            if wants_scope && l.used_abi < 6 {
                missing.push(abi(6, "scoping abstract sockets and signals"));
            }
        }
        if l.threads_outside > 0 {
            missing.push(format!(
                "{} thread(s) started before confinement are outside Landlock (before ABI 8 it \
                 applies to the calling thread only)",
                l.threads_outside
            ));
        }
        if !self.seccomp {
            missing.push(
                self.seccomp_error
                    .clone()
                    .unwrap_or_else(|| "seccomp is not applied".into()),
            );
        }
        if !self.no_new_privs {
            missing.push("no_new_privs is not set".into());
        }
        self.level = if !l.filesystem && !self.seccomp {
            Level::Off
        } else if missing.is_empty() {
            Level::Full
        } else {
            Level::Partial
        };
        self.missing = missing;
    }

    /// One line for people: "full", or "partial: …".
    pub fn summary(&self) -> String {
        match self.level {
            Level::Full => "full".into(),
            Level::Partial => format!("partial: {}", self.missing.join("; ")),
            Level::Off => format!("off: {}", self.missing.join("; ")),
        }
    }
}

/// A confined process: its report, and the scope step still to take.
#[derive(Debug)]
pub struct Confinement {
    report: Report,
    effective: Effective,
    max_abi: Option<i32>,
}

/// The cap on the Landlock ABI from `CAJA_LANDLOCK_ABI`, if set.
pub fn max_abi_from_env() -> Option<i32> {
    std::env::var(MAX_ABI_VAR)
        .ok()
        .and_then(|v| v.trim().parse().ok())
}

/// The effective policy for these places (nothing applied).
pub fn effective(places: &Places) -> Result<Effective, PolicyError> {
    LandlockPolicy::built_in()?.effective(places)
}

/// Confines this process: Landlock on this thread (all threads on ABI 8+), then seccomp on all
/// threads. Call it before any thread starts. A policy that cannot be built (a required path
/// missing) is an error; what the kernel cannot do is in the report.
pub fn confine(places: &Places, max_abi: Option<i32>) -> Result<Confinement, PolicyError> {
    let effective = effective(places)?;
    let seccomp_policy = SeccompPolicy::built_in()?;
    let landlock = landlock::restrict(&effective, max_abi);
    let (seccomp, seccomp_denied_calls, seccomp_error) = match seccomp::install(&seccomp_policy) {
        Ok(n) => (true, n, None),
        Err(e) => (false, 0, Some(e)),
    };
    let (no_new_privs, _) = sys::proc_status();
    let wants_scope = effective.scope_abstract_unix_sockets || effective.scope_signals;
    let mut report = Report {
        level: Level::Off,
        landlock,
        seccomp,
        seccomp_denied_calls,
        seccomp_error,
        no_new_privs,
        scope_pending: wants_scope,
        missing: Vec::new(),
    };
    report.assess(wants_scope);
    Ok(Confinement {
        report,
        effective,
        max_abi,
    })
}

impl Confinement {
    /// The second step, once the display connection exists: abstract unix sockets and signals
    /// are scoped to the till (this thread and threads it starts later; all threads on ABI 8+).
    pub fn apply_scope(&mut self) {
        if !self.report.scope_pending {
            return;
        }
        self.report.scope_pending = false;
        match landlock::restrict_scope(
            self.effective.scope_abstract_unix_sockets,
            self.effective.scope_signals,
            self.max_abi,
        ) {
            Ok((applied, outside)) => {
                self.report.landlock.scoped = applied;
                self.report.landlock.threads_outside_scope = outside;
            }
            Err(e) => {
                self.report.landlock.error.get_or_insert(e);
            }
        }
        let wants = self.effective.scope_abstract_unix_sockets || self.effective.scope_signals;
        self.report.assess(wants);
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    pub fn effective(&self) -> &Effective {
        &self.effective
    }
}

/// Why Caja will not run as root, or `Ok(true)` when root was allowed on purpose (`--allow-root`
/// for development): the caller prints a warning and audits it.
pub fn check_user(allow_root: bool) -> Result<bool, String> {
    if sys::euid() != 0 {
        return Ok(false);
    }
    if allow_root {
        return Ok(true);
    }
    Err(
        "Caja does not run as root: a till that was taken over must not own the machine. Run it \
         as the caja user (sudo -u caja caja, or the caja.service unit the package installs). \
         For development only: --allow-root."
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(abi: i32, threads_outside: usize, seccomp: bool) -> Report {
        let mut r = Report {
            level: Level::Off,
            landlock: LandlockReport {
                kernel_abi: 7,
                used_abi: abi,
                filesystem: abi >= 1,
                tcp: abi >= 4,
                ioctl_dev: abi >= 5,
                threads_outside,
                ..LandlockReport::default()
            },
            seccomp,
            seccomp_denied_calls: 40,
            seccomp_error: None,
            no_new_privs: true,
            scope_pending: false,
            missing: Vec::new(),
        };
        r.assess(true);
        r
    }

    #[test]
    fn the_level_says_what_is_missing_and_why() {
        assert_eq!(report(7, 0, true).level, Level::Full);
        let old = report(3, 0, true);
        assert_eq!(old.level, Level::Partial);
        let text = old.summary();
        assert!(
            text.contains("TCP connect and bind needs Landlock ABI 4"),
            "{text}"
        );
        assert!(
            text.contains(&format!("capped at 3 by {MAX_ABI_VAR}")),
            "{text}"
        );
        let none = report(0, 0, true);
        assert_eq!(none.level, Level::Partial);
        assert!(
            none.summary()
                .contains("restricting files needs Landlock ABI 1")
        );
        assert_eq!(report(0, 0, false).level, Level::Off);
        let threads = report(7, 2, true);
        assert!(
            threads
                .summary()
                .contains("2 thread(s) started before confinement")
        );
    }
}
