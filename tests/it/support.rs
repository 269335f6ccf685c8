//! Builders for temp stores, tills on a manual clock, and `caja` command runs; `skip`, the one
//! way a test may decline to run (loudly, counted, and never on CI); `wait_for`, a condition
//! polled until a deadline where a test waits for something to happen (never a fixed sleep).

use caja::app::{ManualClock, Till, demo};
use caja::config::TillSettings;
use caja::store::Store;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A temp dir holding a data dir, a key file outside it, and a config file.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    /// `caja` runs as `nobody` (when the tests run as root), in a sandbox `nobody` owns.
    pub unprivileged: bool,
}

/// Whether this test process runs as root.
pub fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    })
}

/// How many checks `skip` has skipped in this test run.
static SKIPPED: AtomicUsize = AtomicUsize::new(0);

/// Whether this run is CI's (`CI` set, as `.ci/run` runs; `false`, `0` or empty mean no).
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// Declines to run the rest of a test (the caller returns right after), loudly: writes
/// `SKIPPED: <test>: <reason> (N skipped in this run)` to stderr past the test harness's output
/// capture, so it shows in the log of a passing run, counted so the last such line gives the
/// total. A run as root with the tools `.ci/run` installs skips nothing; on CI (`on_ci`) a
/// skip is therefore a failure: the check must run there.
pub fn skip(reason: &str) {
    use std::io::Write;
    let test = std::thread::current()
        .name()
        .unwrap_or("an unnamed test")
        .to_string();
    let n = SKIPPED.fetch_add(1, Ordering::SeqCst) + 1;
    std::io::stderr()
        .write_all(format!("SKIPPED: {test}: {reason} ({n} skipped in this run)\n").as_bytes())
        .expect("write to stderr");
    assert!(
        !on_ci(),
        "{test} would be skipped on CI ({reason}); CI runs as root with every tool installed, so it must run there"
    );
}

/// Polls `done` every `every` until it returns `Some`, and returns that; panics naming `what`
/// did not happen when `deadline` has passed. Deadlines are generous: the tests share two cores
/// with other builds.
pub fn wait_for<T>(
    what: &str,
    deadline: Duration,
    every: Duration,
    mut done: impl FnMut() -> Option<T>,
) -> T {
    let until = Instant::now() + deadline;
    loop {
        if let Some(t) = done() {
            return t;
        }
        assert!(
            Instant::now() < until,
            "{what} did not happen within {} s",
            deadline.as_secs_f64()
        );
        std::thread::sleep(every);
    }
}

/// Runs a till window's frames until `done` (a device answered on its own thread: the scale's
/// weight), or fails after a few seconds naming `what`.
pub fn frames_until<S>(
    h: &mut egui_kittest::Harness<'_, S>,
    what: &str,
    done: impl Fn(&egui_kittest::Harness<'_, S>) -> bool,
) {
    wait_for(
        what,
        Duration::from_secs(5),
        Duration::from_millis(2),
        || {
            h.run();
            done(h).then_some(())
        },
    );
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
            unprivileged: false,
        }
    }

    /// A sandbox where `caja` runs as an unprivileged user, as a till does: `nobody` when the
    /// tests run as root (through `setpriv`), else the current user. Everything `caja` creates
    /// belongs to that user, so the test reads results through `caja`, not the store directly.
    pub fn unprivileged() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("caja-unpriv")
            .tempdir_in("/tmp")
            .expect("temp dir");
        if is_root() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
            let status = Command::new("chown")
                .args(["nobody:nogroup"])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(status.success());
        }
        Sandbox {
            dir,
            unprivileged: true,
        }
    }

    /// Runs a shell-free command as the sandbox's user (for setting up files it owns).
    pub fn as_user(&self, program: &str, args: &[&str]) -> Command {
        if self.unprivileged && is_root() {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
                .arg(program)
                .args(args);
            c
        } else {
            let mut c = Command::new(program);
            c.args(args);
            c
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn key_file(&self) -> PathBuf {
        self.dir.path().join("secrets").join("db.key")
    }

    pub fn config_file(&self) -> PathBuf {
        self.dir.path().join("caja.toml")
    }

    pub fn db_file(&self) -> PathBuf {
        caja::store::db_path(&self.data_dir())
    }

    /// `caja ARGS` with this sandbox's paths in the environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.as_user(env!("CARGO_BIN_EXE_caja"), args);
        c.env("CAJA_DATA_DIR", self.data_dir())
            .env("CAJA_KEY_FILE", self.key_file())
            .env("CAJA_CONFIG", self.config_file())
            .env_remove("CREDENTIALS_DIRECTORY")
            // The tests run as root on CI; a till never would.
            .env("CAJA_ALLOW_ROOT", "1")
            .env("TZ", "Europe/Madrid");
        if self.unprivileged {
            c.env_remove("CAJA_ALLOW_ROOT")
                .env("HOME", self.dir.path().join("home"));
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run caja")
    }

    /// `caja ARGS` with `input` on its standard input (a PIN), run to the end.
    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write as _;
        let mut child = self
            .cmd(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run caja");
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(input.as_bytes()).expect("write stdin");
        }
        child.wait_with_output().expect("wait for caja")
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "caja {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    pub fn open_store(&self) -> Store {
        Store::open_in(&self.data_dir(), &self.key_file()).expect("open store")
    }

    /// A till on the demo store with a manual clock.
    pub fn demo_till(&self) -> Till<ManualClock> {
        self.demo_till_with(TillSettings::default())
    }

    pub fn demo_till_with(&self, settings: TillSettings) -> Till<ManualClock> {
        let clock = ManualClock::new(start_time());
        let mut store = self.open_store();
        demo::seed(&mut store, &settings, &clock, 0, 0, 0).expect("seed demo");
        Till::new(store, settings, clock)
    }

    /// Reopens the same store as a new till (a restart), at `at`.
    pub fn reopen_till(&self, at: DateTime<FixedOffset>) -> Till<ManualClock> {
        Till::new(
            self.open_store(),
            TillSettings::default(),
            ManualClock::new(at),
        )
    }
}

pub fn start_time() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-02T10:00:00+01:00").expect("time")
}

pub fn sha256_file(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(
        std::fs::read(path).expect("read file"),
    ))
}

/// Today where the sandbox's `caja` runs (`TZ=Europe/Madrid`, the store's zone), not where the
/// tests run: from 23:00 UTC they are different days.
pub fn store_today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Madrid)
        .date_naive()
}
