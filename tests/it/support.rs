//! Builders for temp stores, tills on a manual clock, and `caja` command runs.

use caja::app::{ManualClock, Till, demo};
use caja::config::TillSettings;
use caja::store::Store;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temp dir holding a data dir, a key file outside it, and a config file.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
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
        let mut c = Command::new(env!("CARGO_BIN_EXE_caja"));
        c.args(args)
            .env("CAJA_DATA_DIR", self.data_dir())
            .env("CAJA_KEY_FILE", self.key_file())
            .env("CAJA_CONFIG", self.config_file())
            .env_remove("CREDENTIALS_DIRECTORY")
            .env("TZ", "Europe/Madrid");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run caja")
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
