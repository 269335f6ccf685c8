//! `caja doctor`'s judgements: one line per check — green, amber or red — with what was seen
//! and, for each that is not green, the command that fixes it. Pure: the facts are gathered by
//! the edge (`commands/doctor.rs`) and judged here, so every light and fix is unit-tested.

use serde::Serialize;

/// A check's light. Ordered: the worst is the greatest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Green,
    Amber,
    Red,
}

impl Light {
    pub fn as_str(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
        }
    }
}

/// One check: what it looked at, its light, what it saw and the fix to type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    pub id: &'static str,
    pub light: Light,
    pub says: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    pub fn green(id: &'static str, says: impl Into<String>) -> Check {
        Check {
            id,
            light: Light::Green,
            says: says.into(),
            fix: None,
        }
    }

    pub fn amber(id: &'static str, says: impl Into<String>, fix: Option<String>) -> Check {
        Check {
            id,
            light: Light::Amber,
            says: says.into(),
            fix,
        }
    }

    pub fn red(id: &'static str, says: impl Into<String>, fix: impl Into<String>) -> Check {
        Check {
            id,
            light: Light::Red,
            says: says.into(),
            fix: Some(fix.into()),
        }
    }
}

/// Every check of one run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    /// The worst light (green when there is no check).
    pub fn worst(&self) -> Light {
        self.checks
            .iter()
            .map(|c| c.light)
            .max()
            .unwrap_or(Light::Green)
    }

    /// One line per check, `fix:` on the next line for each that is not green; colours when
    /// `colour` (a terminal).
    pub fn text(&self, colour: bool) -> String {
        let width = self.checks.iter().map(|c| c.id.len()).max().unwrap_or(0);
        let mut out = String::new();
        for c in &self.checks {
            let (word, on) = match c.light {
                Light::Green => ("green", "\x1b[32m"),
                Light::Amber => ("amber", "\x1b[33m"),
                Light::Red => ("RED  ", "\x1b[1;31m"),
            };
            let word = if colour {
                format!("{on}{word}\x1b[0m")
            } else {
                word.to_string()
            };
            out.push_str(&format!("{word}  {:width$}  {}\n", c.id, c.says));
            if let Some(fix) = &c.fix {
                out.push_str(&format!("       {:width$}  fix: {fix}\n", ""));
            }
        }
        out
    }
}

/// A file or folder's owner and mode, judged against what it must be: owned by the till's
/// user, and open to no one else beyond `max_mode` (e.g. 0o700 for the state dir, 0o600 for
/// the database and the key).
pub fn judge_private(
    id: &'static str,
    what: &str,
    path: &str,
    seen: Option<(u32, u32)>,
    me: u32,
    max_mode: u32,
) -> Check {
    let Some((owner, mode)) = seen else {
        return Check::red(
            id,
            format!("{what} {path} is missing"),
            "check the path (caja config, CAJA_DATA_DIR / CAJA_KEY_FILE) or restore it: caja restore FILE --identity KEY",
        );
    };
    let mode = mode & 0o7777;
    if owner != me {
        return Check::red(
            id,
            format!("{what} {path} is owned by uid {owner}, not by the till's user (uid {me})"),
            format!("sudo chown {me} {path}"),
        );
    }
    if mode & !max_mode != 0 {
        return Check::red(
            id,
            format!("{what} {path} has mode {mode:04o}: others may read it"),
            format!("chmod {max_mode:o} {path}"),
        );
    }
    Check::green(
        id,
        format!("{what} {path}: owner uid {owner}, mode {mode:04o}"),
    )
}

/// The key file lies outside the state dir (a copy of the state dir alone must not open).
pub fn judge_key_place(key: &str, data_dir: &str, inside: bool) -> Check {
    if inside {
        Check::red(
            "key-place",
            format!(
                "the database key {key} lies inside the state dir {data_dir}: a copy of the folder opens the store"
            ),
            "move it out and point CAJA_KEY_FILE (or the unit's credential) at it",
        )
    } else {
        Check::green(
            "key-place",
            format!("the key lies outside the state dir {data_dir}"),
        )
    }
}

/// The clock, as `timedatectl` says (None: it could not tell).
pub fn judge_clock(synchronised: Option<bool>) -> Check {
    match synchronised {
        Some(true) => Check::green("clock", "the system clock is synchronised (NTP)"),
        Some(false) => Check::red(
            "clock",
            "the system clock is not synchronised: receipt and fiscal record times depend on it",
            "sudo timedatectl set-ntp true  (and check the network reaches an NTP server)",
        ),
        None => Check::amber(
            "clock",
            "cannot tell whether the clock is synchronised (no timedatectl answer)",
            Some("timedatectl status".into()),
        ),
    }
}

/// The last good backup's age against the schedule: fresh within twice the interval.
pub fn judge_backup(
    configured: bool,
    age_hours: Option<f64>,
    every_hours: u32,
    destination: &str,
    writable: bool,
) -> Check {
    if !configured {
        return Check::red(
            "backup",
            "backups are not set up: no destination or no owner's key",
            "caja config set backup.dir DIR && caja config set backup.recipients age1…",
        );
    }
    if !writable {
        return Check::red(
            "backup",
            format!("the backup destination {destination} is missing or not writable"),
            format!("mount or create it, writable by the till's user: {destination}"),
        );
    }
    let limit = f64::from(every_hours.max(1)) * 2.0;
    match age_hours {
        None => Check::red("backup", "no good backup yet", "caja backup now"),
        Some(h) if h > limit => Check::red(
            "backup",
            format!("the last good backup is {h:.0} h old (every {every_hours} h is set)"),
            "caja backup now  (and caja backup list for the errors of the last attempts)",
        ),
        Some(h) => Check::green(
            "backup",
            format!("last good backup {h:.1} h ago, to {destination}"),
        ),
    }
}

/// Free space where `what` lives.
pub fn judge_space(id: &'static str, what: &str, free_bytes: Option<u64>) -> Check {
    const MIB: u64 = 1024 * 1024;
    match free_bytes {
        None => Check::amber(id, format!("cannot read the free space of {what}"), None),
        Some(b) if b < 200 * MIB => Check::red(
            id,
            format!(
                "{} MiB free on {what}: a sale or a backup may not fit",
                b / MIB
            ),
            format!(
                "free space on {what} (old backups: caja backup list; logs: journalctl --vacuum-size=100M)"
            ),
        ),
        Some(b) if b < 1024 * MIB => Check::amber(
            id,
            format!("{} MiB free on {what}", b / MIB),
            Some(format!("free space on {what} soon")),
        ),
        Some(b) => Check::green(id, format!("{} MiB free on {what}", b / MIB)),
    }
}

/// The kernel's confinement features: Landlock's ABI (6 confines fully) and seccomp.
pub fn judge_kernel(landlock_abi: i32, seccomp: bool) -> Check {
    if landlock_abi >= 6 && seccomp {
        Check::green(
            "confinement",
            format!("Landlock ABI {landlock_abi} and seccomp: the till can confine itself fully"),
        )
    } else if landlock_abi >= 1 && seccomp {
        Check::amber(
            "confinement",
            format!(
                "Landlock ABI {landlock_abi}: files confined, network and signals partly (ABI 6 confines fully)"
            ),
            Some("a newer kernel (6.12 or later) confines fully; caja sandbox status".into()),
        )
    } else {
        Check::red(
            "confinement",
            format!(
                "the kernel offers {}{}: the till cannot confine itself",
                if landlock_abi >= 1 {
                    "Landlock"
                } else {
                    "no Landlock"
                },
                if seccomp { "" } else { " and no seccomp" }
            ),
            "boot a kernel with Landlock enabled (lsm=…,landlock) and seccomp; caja sandbox status",
        )
    }
}

/// A running till's confinement as an outside observer sees it in `/proc/PID/status`.
pub fn judge_till_confined(till: Option<(u32, bool, u8)>) -> Check {
    match till {
        None => Check::amber(
            "till-confined",
            "no till is running here to look at",
            Some("systemctl status caja  (the till's unit)".into()),
        ),
        Some((pid, true, 2)) => Check::green(
            "till-confined",
            format!("the till (pid {pid}) runs with no_new_privs and a seccomp filter"),
        ),
        Some((pid, nnp, seccomp)) => Check::red(
            "till-confined",
            format!(
                "the till (pid {pid}) runs unconfined (no_new_privs {nnp}, seccomp mode {seccomp})"
            ),
            "restart it (systemctl restart caja); caja sandbox status says why it could not confine",
        ),
    }
}

/// The fiscal queue: how long the oldest record has waited and how many were refused.
pub fn judge_fiscal(oldest_wait_hours: Option<f64>, rejected: i64) -> Check {
    if rejected > 0 {
        return Check::red(
            "fiscal-queue",
            format!("{rejected} fiscal records refused by the AEAT and not corrected"),
            "caja fiscal status  (Back office › Fiscal shows each code and corrects it)",
        );
    }
    match oldest_wait_hours {
        Some(h) if h > 96.0 => Check::red(
            "fiscal-queue",
            format!("the oldest unsent fiscal record has waited {h:.0} h"),
            "caja fiscal send  (check the network, the certificate and fiscal.endpoint)",
        ),
        Some(h) if h > 24.0 => Check::amber(
            "fiscal-queue",
            format!("the oldest unsent fiscal record has waited {h:.0} h"),
            Some("caja fiscal send".into()),
        ),
        Some(h) => Check::green(
            "fiscal-queue",
            format!(
                "records are being sent (the oldest waiting {:.0} min)",
                h * 60.0
            ),
        ),
        None => Check::green("fiscal-queue", "every fiscal record is at the AEAT"),
    }
}

/// The certificate's days left (None: not configured).
pub fn judge_certificate(days_left: Option<Result<i64, String>>) -> Check {
    match days_left {
        None => Check::red(
            "certificate",
            "no certificate set: the till cannot send its records",
            "caja config set fiscal.certificate FILE.p12 && caja config set fiscal.certificate_password_file FILE",
        ),
        Some(Err(e)) => Check::red(
            "certificate",
            format!("the certificate cannot be read: {e}"),
            "check fiscal.certificate and fiscal.certificate_password_file",
        ),
        Some(Ok(d)) if d < 0 => Check::red(
            "certificate",
            format!("the certificate expired {} days ago", -d),
            "ask the taxpayer for a renewed certificate and set fiscal.certificate",
        ),
        Some(Ok(d)) if d < 30 => Check::amber(
            "certificate",
            format!("the certificate expires in {d} days"),
            Some("renew it before it expires".into()),
        ),
        Some(Ok(d)) => Check::green(
            "certificate",
            format!("the certificate is valid {d} more days"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_light_decides_and_each_red_says_its_fix() {
        let mut r = Report::default();
        assert_eq!(r.worst(), Light::Green);
        r.checks.push(judge_clock(Some(true)));
        r.checks.push(judge_clock(None));
        assert_eq!(r.worst(), Light::Amber);
        r.checks.push(judge_backup(true, Some(30.0), 4, "/b", true));
        assert_eq!(r.worst(), Light::Red);
        let text = r.text(false);
        assert!(text.contains("RED    backup"), "{text}");
        assert!(text.contains("fix: caja backup now"), "{text}");
        assert_eq!(text.lines().count(), 5, "{text}");
    }

    #[test]
    fn modes_and_owners() {
        let c = judge_private(
            "db",
            "the database",
            "/d/caja.db",
            Some((7, 0o100644)),
            7,
            0o600,
        );
        assert_eq!(c.light, Light::Red);
        assert_eq!(c.fix.as_deref(), Some("chmod 600 /d/caja.db"));
        let c = judge_private(
            "db",
            "the database",
            "/d/caja.db",
            Some((7, 0o100600)),
            7,
            0o600,
        );
        assert_eq!(c.light, Light::Green);
        let c = judge_private("dir", "the state dir", "/d", Some((0, 0o40700)), 7, 0o700);
        assert_eq!(c.light, Light::Red);
        assert!(c.says.contains("uid 0"));
        assert_eq!(
            judge_private("k", "the key", "/k", None, 7, 0o600).light,
            Light::Red
        );
    }

    #[test]
    fn backups_fresh_stale_and_unset() {
        assert_eq!(
            judge_backup(true, Some(7.9), 4, "/b", true).light,
            Light::Green
        );
        assert_eq!(
            judge_backup(true, Some(8.1), 4, "/b", true).light,
            Light::Red
        );
        assert_eq!(judge_backup(true, None, 4, "/b", true).light, Light::Red);
        assert_eq!(judge_backup(false, None, 4, "", false).light, Light::Red);
        assert_eq!(
            judge_backup(true, Some(1.0), 4, "/b", false).light,
            Light::Red
        );
    }

    #[test]
    fn space_kernel_till_fiscal_and_certificate() {
        assert_eq!(judge_space("disk", "/", Some(100 << 20)).light, Light::Red);
        assert_eq!(
            judge_space("disk", "/", Some(500 << 20)).light,
            Light::Amber
        );
        assert_eq!(judge_space("disk", "/", Some(5 << 30)).light, Light::Green);
        assert_eq!(judge_kernel(6, true).light, Light::Green);
        assert_eq!(judge_kernel(3, true).light, Light::Amber);
        assert_eq!(judge_kernel(0, true).light, Light::Red);
        assert_eq!(judge_till_confined(Some((9, true, 2))).light, Light::Green);
        assert_eq!(judge_till_confined(Some((9, false, 0))).light, Light::Red);
        assert_eq!(judge_till_confined(None).light, Light::Amber);
        assert_eq!(judge_fiscal(None, 0).light, Light::Green);
        assert_eq!(judge_fiscal(Some(30.0), 0).light, Light::Amber);
        assert_eq!(judge_fiscal(Some(100.0), 0).light, Light::Red);
        assert_eq!(judge_fiscal(None, 2).light, Light::Red);
        assert_eq!(judge_certificate(Some(Ok(-1))).light, Light::Red);
        assert_eq!(judge_certificate(Some(Ok(10))).light, Light::Amber);
        assert_eq!(judge_certificate(Some(Ok(300))).light, Light::Green);
    }
}
