//! Landlock from the effective policy: file access beneath the granted paths only, TCP
//! connect to the configured ports only and no bind (ABI 4+), ioctl on the configured device
//! nodes only (ABI 5+); then, in a second step once the display connection exists, scoping of
//! abstract unix sockets and signals (ABI 6+). Best effort: what the kernel lacks is reported,
//! never silently assumed.

use super::policy::{Access, Effective};
use super::sys;
use landlock::{
    ABI, Access as _, AccessFs, AccessNet, BitFlags, CompatLevel, Compatible, NetPort, PathBeneath,
    PathFd, RestrictSelfAttr, Ruleset, RulesetAttr, RulesetCreated, RulesetCreatedAttr,
    RulesetStatus, Scope,
};

/// What the Landlock step did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LandlockReport {
    /// The ABI the kernel offers (0: none).
    pub kernel_abi: i32,
    /// The ABI used (lower when a test or `CAJA_LANDLOCK_ABI` caps it).
    pub used_abi: i32,
    /// File access is restricted.
    pub filesystem: bool,
    /// TCP connect and bind are restricted (ABI 4+).
    pub tcp: bool,
    /// Device ioctls are restricted to the configured nodes (ABI 5+).
    pub ioctl_dev: bool,
    /// Abstract unix sockets and signals are scoped (ABI 6+), once applied.
    pub scoped: bool,
    /// The rules were applied to every thread at once (ABI 8+).
    pub all_threads: bool,
    /// Threads that existed when the rules were applied and are outside them (ABI < 8).
    pub threads_outside: usize,
    /// Threads outside the scope step (the window's renderer threads, started before it).
    pub threads_outside_scope: usize,
    /// Why a step failed, if it did.
    pub error: Option<String>,
}

fn abi_of(n: i32) -> ABI {
    match n {
        i32::MIN..=0 => ABI::Unsupported,
        1 => ABI::V1,
        2 => ABI::V2,
        3 => ABI::V3,
        4 => ABI::V4,
        5 => ABI::V5,
        6 => ABI::V6,
        7 => ABI::V7,
        8 => ABI::V8,
        _ => ABI::V9,
    }
}

/// The ABI to use: the kernel's, capped by `max_abi`.
pub fn usable_abi(max_abi: Option<i32>) -> (i32, i32) {
    let kernel = sys::landlock_abi();
    (kernel, max_abi.map_or(kernel, |m| m.min(kernel)).max(0))
}

/// Applies the file and network rules to this thread (and, on ABI 8+, to all threads).
pub fn restrict(effective: &Effective, max_abi: Option<i32>) -> LandlockReport {
    let (kernel_abi, used_abi) = usable_abi(max_abi);
    let mut report = LandlockReport {
        kernel_abi,
        used_abi,
        ..LandlockReport::default()
    };
    if used_abi < 1 {
        return report;
    }
    let threads = sys::thread_count();
    match apply(effective, abi_of(used_abi)) {
        Ok((status, all_threads)) => {
            let enforced = status != RulesetStatus::NotEnforced;
            report.filesystem = enforced;
            report.tcp = enforced && used_abi >= 4;
            report.ioctl_dev = enforced && used_abi >= 5;
            report.all_threads = all_threads;
            if !all_threads {
                report.threads_outside = threads.saturating_sub(1);
            }
        }
        Err(e) => report.error = Some(e),
    }
    report
}

fn apply(effective: &Effective, abi: ABI) -> Result<(RulesetStatus, bool), String> {
    let all = AccessFs::from_all(abi);
    let read: BitFlags<AccessFs> = AccessFs::ReadFile | AccessFs::ReadDir;
    let read_write = write_rights(all);
    let device = all & (AccessFs::ReadFile | AccessFs::WriteFile | AccessFs::IoctlDev);
    let e = |what: &str, err: &dyn std::fmt::Display| format!("Landlock: {what}: {err}");
    let mut created = ruleset_for(abi)?;
    for grant in &effective.paths {
        let wanted = match grant.access {
            Access::ReadOnly => read,
            Access::ReadWrite => read_write,
            Access::Device => device | (read & AccessFs::ReadDir),
        };
        let rights = if grant.path.is_dir() {
            wanted
        } else {
            wanted & AccessFs::from_file(abi)
        };
        let fd =
            PathFd::new(&grant.path).map_err(|err| e(&grant.path.display().to_string(), &err))?;
        created = created
            .add_rule(PathBeneath::new(fd, rights))
            .map_err(|err| e(&grant.path.display().to_string(), &err))?;
    }
    if abi >= ABI::V4 {
        for (port, _) in &effective.connect_ports {
            created = created
                .add_rule(NetPort::new(*port, AccessNet::ConnectTcp))
                .map_err(|err| e(&format!("port {port}"), &err))?;
        }
    }
    let status = created
        .all_threads(true)
        .map_err(|err| e("all threads", &err))?
        .restrict_self()
        .map_err(|err| e("restrict", &err))?;
    Ok((status.ruleset, status.all_threads))
}

/// The second step: scopes abstract unix sockets and signals to the till's own domain.
/// Returns whether it was applied, and how many threads it could not reach.
pub fn restrict_scope(
    abstract_sockets: bool,
    signals: bool,
    max_abi: Option<i32>,
) -> Result<(bool, usize), String> {
    let (_, used) = usable_abi(max_abi);
    if used < 6 || !(abstract_sockets || signals) {
        return Ok((false, 0));
    }
    let mut scopes = BitFlags::<Scope>::empty();
    if abstract_sockets {
        scopes |= Scope::AbstractUnixSocket;
    }
    if signals {
        scopes |= Scope::Signal;
    }
    let threads = sys::thread_count();
    let status = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .scope(scopes)
        .and_then(|r| r.create())
        .and_then(|r| r.all_threads(true))
        .and_then(|r| r.restrict_self())
        .map_err(|err| format!("Landlock scope: {err}"))?;
    let outside = if status.all_threads {
        0
    } else {
        threads.saturating_sub(1)
    };
    Ok((status.ruleset != RulesetStatus::NotEnforced, outside))
}

/// Reading and writing files and folders beneath a path: no running programs, no device
/// nodes, sockets, pipes or links made, no device ioctls.
fn write_rights(all: BitFlags<AccessFs>) -> BitFlags<AccessFs> {
    all & !(AccessFs::Execute
        | AccessFs::MakeChar
        | AccessFs::MakeBlock
        | AccessFs::MakeSock
        | AccessFs::MakeFifo
        | AccessFs::MakeSym
        | AccessFs::IoctlDev)
}

/// A ruleset handling every file right of `abi` and, from ABI 4, TCP: what is not granted by a
/// rule afterwards is refused.
fn ruleset_for(abi: ABI) -> Result<RulesetCreated, String> {
    let e = |what: &str, err: &dyn std::fmt::Display| format!("Landlock: {what}: {err}");
    let mut ruleset = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(AccessFs::from_all(abi))
        .map_err(|err| e("file rights", &err))?;
    if abi >= ABI::V4 {
        ruleset = ruleset
            .handle_access(AccessNet::from_all(abi))
            .map_err(|err| e("TCP rights", &err))?;
    }
    ruleset.create().map_err(|err| e("create", &err))
}

/// The doctor's own confinement (`caja doctor` only reads): files read and programs run
/// anywhere, written only beneath `writable` (the data dir, where SQLite keeps its shared-memory
/// file and the store its lock; a USB printer's node, asked for its status), TCP connections
/// only to `connect_ports`, nothing bound.
/// Answers the ABI used (0: Landlock is not available, nothing applied).
pub fn confine_reader(
    writable: &[std::path::PathBuf],
    connect_ports: &[u16],
    max_abi: Option<i32>,
) -> Result<i32, String> {
    let (_, used) = usable_abi(max_abi);
    if used < 1 {
        return Ok(0);
    }
    let abi = abi_of(used);
    let all = AccessFs::from_all(abi);
    let e = |what: &str, err: &dyn std::fmt::Display| format!("Landlock: {what}: {err}");
    let mut created = ruleset_for(abi)?;
    let read = AccessFs::ReadFile | AccessFs::ReadDir | AccessFs::Execute;
    let root = PathFd::new("/").map_err(|err| e("/", &err))?;
    created = created
        .add_rule(PathBeneath::new(root, read & all))
        .map_err(|err| e("/", &err))?;
    let write = write_rights(all);
    // A program it runs gets /dev/null for its standard input and error.
    let null = PathFd::new("/dev/null").map_err(|err| e("/dev/null", &err))?;
    created = created
        .add_rule(PathBeneath::new(
            null,
            (AccessFs::ReadFile | AccessFs::WriteFile) & all,
        ))
        .map_err(|err| e("/dev/null", &err))?;
    for path in writable.iter().filter(|p| p.exists()) {
        // A folder: beneath it; a file (a printer's node): itself.
        let rights = if path.is_dir() {
            write
        } else {
            write & AccessFs::from_file(abi)
        };
        let fd = PathFd::new(path).map_err(|err| e(&path.display().to_string(), &err))?;
        created = created
            .add_rule(PathBeneath::new(fd, rights))
            .map_err(|err| e(&path.display().to_string(), &err))?;
    }
    if abi >= ABI::V4 {
        for port in connect_ports {
            created = created
                .add_rule(NetPort::new(*port, AccessNet::ConnectTcp))
                .map_err(|err| e(&format!("port {port}"), &err))?;
        }
    }
    created.restrict_self().map_err(|err| e("restrict", &err))?;
    Ok(used)
}
