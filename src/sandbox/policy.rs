//! The confinement policies as data: `policies/landlock.toml` and `policies/seccomp.json`,
//! compiled into the binary, parsed into these types (unknown fields refused, every rule with
//! its reason), then filled in with this till's paths, devices and ports.

use serde::Deserialize;
use std::path::PathBuf;

/// The policy files, as built in.
pub const LANDLOCK_TOML: &str = include_str!("../../policies/landlock.toml");
pub const SECCOMP_JSON: &str = include_str!("../../policies/seccomp.json");

/// What is wrong with a policy file.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("policies/landlock.toml: {0}")]
    Landlock(String),
    #[error("policies/seccomp.json: {0}")]
    Seccomp(String),
}

/// One path rule.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathRule {
    pub path: String,
    pub why: String,
    /// Skipped when the path is missing or its placeholder is unset.
    #[serde(default)]
    pub if_exists: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetPolicy {
    pub connect_why: String,
    pub bind_why: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopePolicy {
    pub abstract_unix_sockets: bool,
    pub abstract_unix_sockets_why: String,
    pub signals: bool,
    pub signals_why: String,
}

/// `policies/landlock.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandlockPolicy {
    pub read_only: Vec<PathRule>,
    pub read_write: Vec<PathRule>,
    pub device: Vec<PathRule>,
    pub net: NetPolicy,
    pub scope: ScopePolicy,
}

/// One seccomp rule: these calls fail with `errno`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyscallRule {
    pub syscalls: Vec<String>,
    pub errno: Errno,
    /// Only when the first argument carries a `CLONE_NEW*` flag (for `clone`).
    #[serde(default)]
    pub clone_namespace_flags: bool,
    pub why: String,
}

/// The errors a refused call may return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Errno {
    EPERM,
    ENOSYS,
}

impl Errno {
    pub fn code(self) -> u32 {
        match self {
            Errno::EPERM => 1,
            Errno::ENOSYS => 38,
        }
    }
}

/// `policies/seccomp.json`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeccompPolicy {
    pub about: String,
    pub rules: Vec<SyscallRule>,
}

impl LandlockPolicy {
    pub fn parse(text: &str) -> Result<LandlockPolicy, PolicyError> {
        let p: LandlockPolicy =
            toml::from_str(text).map_err(|e| PolicyError::Landlock(e.to_string()))?;
        let rules = p.read_only.iter().chain(&p.read_write).chain(&p.device);
        for rule in rules {
            if rule.why.trim().len() < 10 {
                return Err(PolicyError::Landlock(format!(
                    "the rule for {} does not say why it is there",
                    rule.path
                )));
            }
            if !(rule.path.starts_with('/') || is_placeholder(&rule.path)) {
                return Err(PolicyError::Landlock(format!(
                    "{}: a path is absolute or a {{placeholder}}",
                    rule.path
                )));
            }
        }
        let reasons = [
            &p.net.connect_why,
            &p.net.bind_why,
            &p.scope.abstract_unix_sockets_why,
            &p.scope.signals_why,
        ];
        if reasons.iter().any(|w| w.trim().len() < 10) {
            return Err(PolicyError::Landlock(
                "[net] and [scope] say why for each setting".into(),
            ));
        }
        Ok(p)
    }

    pub fn built_in() -> Result<LandlockPolicy, PolicyError> {
        LandlockPolicy::parse(LANDLOCK_TOML)
    }
}

impl SeccompPolicy {
    pub fn parse(text: &str) -> Result<SeccompPolicy, PolicyError> {
        let p: SeccompPolicy =
            serde_json::from_str(text).map_err(|e| PolicyError::Seccomp(e.to_string()))?;
        for rule in &p.rules {
            if rule.why.trim().len() < 10 {
                return Err(PolicyError::Seccomp(format!(
                    "the rule for {:?} does not say why it is there",
                    rule.syscalls
                )));
            }
            if rule.syscalls.is_empty() {
                return Err(PolicyError::Seccomp("a rule names no system call".into()));
            }
            if rule.clone_namespace_flags && rule.syscalls != ["clone"] {
                return Err(PolicyError::Seccomp(
                    "clone_namespace_flags applies to clone alone".into(),
                ));
            }
        }
        Ok(p)
    }

    pub fn built_in() -> Result<SeccompPolicy, PolicyError> {
        SeccompPolicy::parse(SECCOMP_JSON)
    }

    /// Every call some rule refuses.
    pub fn denied(&self) -> impl Iterator<Item = &str> {
        self.rules
            .iter()
            .flat_map(|r| r.syscalls.iter().map(String::as_str))
    }
}

fn is_placeholder(path: &str) -> bool {
    path.starts_with('{') && path.ends_with('}')
}

/// How a path may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    ReadOnly,
    ReadWrite,
    Device,
}

/// One rule of the effective policy.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Grant {
    pub access: Access,
    pub path: PathBuf,
    pub why: String,
}

/// What this till's process is allowed: the policy with its placeholders filled in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Effective {
    pub paths: Vec<Grant>,
    /// Rules left out (their path is missing or not configured), with the reason.
    pub skipped: Vec<(String, String)>,
    /// TCP ports the process may connect to.
    pub connect_ports: Vec<(u16, String)>,
    pub scope_abstract_unix_sockets: bool,
    pub scope_signals: bool,
}

/// What the placeholders stand for on this till.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Places {
    pub data_dir: PathBuf,
    pub key_file: PathBuf,
    /// The key was read before the process became the till's user (`sudo caja` on an
    /// installed till): the file is not opened again, and no rule names it.
    pub key_held: bool,
    pub config_dir: Option<PathBuf>,
    pub config_file: PathBuf,
    pub backup_dir: Option<PathBuf>,
    /// Where catalog files and the logo come in and exports go out (`till.exchange_dir`).
    pub exchange_dir: Option<PathBuf>,
    pub spool_dir: Option<PathBuf>,
    pub xauthority: Option<PathBuf>,
    /// Device nodes of the configured devices.
    pub devices: Vec<PathBuf>,
    /// Outbound TCP endpoints: (port, what it is for).
    pub connect: Vec<(u16, String)>,
}

impl Places {
    fn expand(&self, path: &str) -> Vec<PathBuf> {
        let one = |p: &Option<PathBuf>| p.iter().cloned().collect();
        match path {
            "{data_dir}" => vec![self.data_dir.clone()],
            "{key_file}" if self.key_held => Vec::new(),
            "{key_file}" => vec![self.key_file.clone()],
            "{config_dir}" => one(&self.config_dir),
            "{backup_dir}" => one(&self.backup_dir),
            "{exchange_dir}" => one(&self.exchange_dir),
            "{spool_dir}" => one(&self.spool_dir),
            "{xauthority}" => one(&self.xauthority),
            "{devices}" => self.devices.clone(),
            plain => vec![PathBuf::from(plain)],
        }
    }
}

impl LandlockPolicy {
    /// The policy for this till. A required rule whose path is missing is an error naming it.
    pub fn effective(&self, places: &Places) -> Result<Effective, PolicyError> {
        let mut out = Effective {
            paths: Vec::new(),
            skipped: Vec::new(),
            connect_ports: places.connect.clone(),
            scope_abstract_unix_sockets: self.scope.abstract_unix_sockets,
            scope_signals: self.scope.signals,
        };
        let groups = [
            (Access::ReadOnly, &self.read_only),
            (Access::ReadWrite, &self.read_write),
            (Access::Device, &self.device),
        ];
        for (access, rules) in groups {
            for rule in rules {
                let paths = places.expand(&rule.path);
                if paths.is_empty() {
                    let why = if rule.path == "{key_file}" {
                        "read before the user change, held in memory"
                    } else {
                        "not configured on this till"
                    };
                    out.skipped.push((rule.path.clone(), why.into()));
                }
                for mut path in paths {
                    // Read-write on a directory holding the key file would make the key
                    // writable. The configuration's directory (the default keeps the key beside
                    // caja.toml) narrows to the file itself; any other is refused.
                    if access == Access::ReadWrite && places.key_file.starts_with(&path) {
                        if rule.path != "{config_dir}" {
                            return Err(PolicyError::Landlock(format!(
                                "the key file {} is inside {} ({}), which the till may write; \
                                 keep the key outside it (--key-file)",
                                places.key_file.display(),
                                path.display(),
                                rule.path
                            )));
                        }
                        path = places.config_file.clone();
                        if !path.exists() {
                            out.skipped.push((
                                path.display().to_string(),
                                "no configuration file yet (the Devices screen cannot save \
                                 until `caja config set` creates one)"
                                    .into(),
                            ));
                            continue;
                        }
                    }
                    if !path.exists() {
                        if rule.if_exists {
                            out.skipped.push((
                                path.display().to_string(),
                                "does not exist on this machine".into(),
                            ));
                            continue;
                        }
                        return Err(PolicyError::Landlock(format!(
                            "{} ({}) does not exist; the till cannot be confined without it",
                            path.display(),
                            rule.path
                        )));
                    }
                    out.paths.push(Grant {
                        access,
                        path,
                        why: rule.why.clone(),
                    });
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_policy_file_parses_and_every_rule_says_why() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let mut seen = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            match name.as_str() {
                "landlock.toml" => {
                    assert_eq!(text, LANDLOCK_TOML, "the built-in copy is stale");
                    let p = LandlockPolicy::parse(&text).unwrap();
                    assert!(p.read_only.len() >= 5 && !p.read_write.is_empty());
                }
                "seccomp.json" => {
                    assert_eq!(text, SECCOMP_JSON, "the built-in copy is stale");
                    let p = SeccompPolicy::parse(&text).unwrap();
                    for must in ["execve", "ptrace", "mount", "unshare", "bpf", "listen"] {
                        assert!(p.denied().any(|s| s == must), "{must} is not denied");
                    }
                }
                other => panic!("policies/{other}: a file no test reads"),
            }
            seen.push(name);
        }
        seen.sort();
        assert_eq!(seen, ["landlock.toml", "seccomp.json"]);
    }

    #[test]
    fn a_rule_without_a_reason_or_with_an_unknown_field_is_refused() {
        let no_why = LANDLOCK_TOML.replacen(
            "why = \"the dynamic loader's index: Mesa loads its driver library after confinement\"",
            "why = \"\"",
            1,
        );
        assert_ne!(no_why, LANDLOCK_TOML);
        let e = LandlockPolicy::parse(&no_why).unwrap_err().to_string();
        assert!(e.contains("/etc/ld.so.cache") && e.contains("why"), "{e}");
        let unknown = format!("{LANDLOCK_TOML}\nallow_everything = true\n");
        assert!(LandlockPolicy::parse(&unknown).is_err());
        let seccomp_no_why =
            SECCOMP_JSON.replacen("\"why\": \"no BPF", "\"why\": \"\", \"x\": \"", 1);
        assert!(SeccompPolicy::parse(&seccomp_no_why).is_err());
        let relative = LANDLOCK_TOML.replacen("path = \"/usr\"", "path = \"usr\"", 1);
        assert!(LandlockPolicy::parse(&relative).is_err());
    }

    #[test]
    fn the_effective_policy_fills_in_this_tills_places() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let key = dir.path().join("key");
        std::fs::write(&key, b"k").unwrap();
        let places = Places {
            data_dir: data.clone(),
            key_file: key.clone(),
            config_dir: Some(dir.path().to_path_buf()),
            config_file: dir.path().join("caja.toml"),
            devices: vec![PathBuf::from("/dev/null")],
            connect: vec![(9100, "printer 10.0.0.7:9100".into())],
            ..Places::default()
        };
        let e = LandlockPolicy::built_in()
            .unwrap()
            .effective(&places)
            .unwrap();
        assert_eq!(
            e.connect_ports,
            vec![(9100, "printer 10.0.0.7:9100".into())]
        );
        let has = |a: Access, p: &Path| e.paths.iter().any(|g| g.access == a && g.path == p);
        assert!(has(Access::ReadWrite, &data));
        assert!(has(Access::ReadOnly, &key));
        assert!(has(Access::Device, Path::new("/dev/null")));
        assert!(!e.paths.iter().any(|g| g.path == Path::new("/etc")));
        // The key beside caja.toml: the configuration's directory narrows to the file.
        assert!(!has(Access::ReadWrite, dir.path()));
        std::fs::write(dir.path().join("caja.toml"), "").unwrap();
        let e = LandlockPolicy::built_in()
            .unwrap()
            .effective(&places)
            .unwrap();
        assert!(
            e.paths
                .iter()
                .any(|g| g.access == Access::ReadWrite && g.path == dir.path().join("caja.toml"))
        );
        // A file printer whose folder holds the key is refused, not silently allowed.
        let mut spool = places.clone();
        spool.spool_dir = Some(dir.path().to_path_buf());
        let err = LandlockPolicy::built_in()
            .unwrap()
            .effective(&spool)
            .unwrap_err();
        assert!(err.to_string().contains("keep the key outside it"), "{err}");
        // A data dir that is not there: a clear error, not a silently wider policy.
        let gone = Places {
            data_dir: dir.path().join("missing"),
            ..places
        };
        let err = LandlockPolicy::built_in()
            .unwrap()
            .effective(&gone)
            .unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
    }
}
