//! `caja sandbox probe`: the till's own confinement (same policy files, same configuration),
//! then a plan of actions tried from the main thread, from a thread started before confinement
//! and from one started after — so tests can show from outside which actions fail and which
//! still work. Reads the plan (JSON) from stdin, writes one JSON result per attempt.
//!
//! Raw system calls here go through `libc`, each with its `SAFETY` reason.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::sync::mpsc;

/// What to try.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    Read { path: String },
    Write { path: String },
    Create { path: String },
    Exec { path: String },
    OpenDevice { path: String },
    Connect { addr: String },
    BindTcp,
    ListenAbstract { name: String },
    ConnectAbstract { name: String },
    Signal { pid: i32 },
    Ptrace { pid: i32 },
    ReadMemory { pid: i32 },
    Mount { target: String },
    Unshare,
    Chroot,
    Bpf,
    PerfEvent,
    Userfaultfd,
    Keyring,
    LoadModule,
    Kexec,
    IoUring,
}

/// One entry of the plan.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    pub action: Action,
}

/// The plan.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Sell one demo item and print its receipt to the configured printer, on the main thread
    /// (what must keep working).
    #[serde(default)]
    pub sell: bool,
    pub steps: Vec<Step>,
}

/// One attempt's outcome.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Attempt {
    pub name: String,
    pub thread: String,
    pub ok: bool,
    /// The errno name when it failed (EACCES, EPERM, …), or a description.
    pub error: Option<String>,
}

fn errno_name(code: i32) -> String {
    match code {
        libc::EPERM => "EPERM".into(),
        libc::EACCES => "EACCES".into(),
        libc::ENOSYS => "ENOSYS".into(),
        libc::ENOENT => "ENOENT".into(),
        libc::EINVAL => "EINVAL".into(),
        libc::ECONNREFUSED => "ECONNREFUSED".into(),
        other => format!("errno {other}"),
    }
}

fn io(r: std::io::Result<()>) -> Result<(), String> {
    r.map_err(|e| e.raw_os_error().map_or_else(|| e.to_string(), errno_name))
}

/// A raw call's result: -1 means failure with errno.
fn raw(ret: libc::c_long) -> Result<(), String> {
    if ret == -1 {
        Err(errno_name(
            std::io::Error::last_os_error().raw_os_error().unwrap_or(0),
        ))
    } else {
        Ok(())
    }
}

fn syscall0(nr: libc::c_long) -> Result<(), String> {
    // SAFETY: the calls probed this way (bpf, perf_event_open, userfaultfd, io_uring_setup,
    // kexec_load, init_module, add_key) are expected to be refused by seccomp before the kernel
    // reads any argument; with all-zero arguments the kernel would reject them as invalid
    // (EINVAL/EFAULT) without writing to our memory either way.
    raw(unsafe { libc::syscall(nr, 0usize, 0usize, 0usize, 0usize, 0usize) })
}

/// Tries one action.
pub fn attempt(action: &Action) -> Result<(), String> {
    use std::fs::OpenOptions;
    match action {
        Action::Read { path } => io(std::fs::read(path).map(drop)),
        Action::Write { path } => io(OpenOptions::new().write(true).open(path).map(drop)),
        Action::Create { path } => create_new(path),
        Action::Exec { path } => exec_shell(path),
        Action::OpenDevice { path } => open_device(path),
        Action::Connect { addr } => connect_and_send(addr),
        Action::BindTcp => io(std::net::TcpListener::bind("127.0.0.1:0").map(drop)),
        Action::ListenAbstract { name } => listen_abstract(name),
        Action::ConnectAbstract { name } => connect_abstract(name),
        Action::Signal { pid } => signal_zero(*pid),
        Action::Ptrace { pid } => ptrace_attach(*pid),
        Action::ReadMemory { pid } => read_memory(*pid),
        Action::Mount { target } => mount_tmpfs(target),
        Action::Unshare => unshare_user_namespace(),
        Action::Chroot => chroot_root(),
        Action::Bpf => syscall0(libc::SYS_bpf),
        Action::PerfEvent => syscall0(libc::SYS_perf_event_open),
        Action::Userfaultfd => syscall0(libc::SYS_userfaultfd),
        Action::Keyring => syscall0(libc::SYS_add_key),
        Action::LoadModule => syscall0(libc::SYS_init_module),
        Action::Kexec => syscall0(libc::SYS_kexec_load),
        Action::IoUring => syscall0(libc::SYS_io_uring_setup),
    }
}

/// Creates a file that must not exist yet.
fn create_new(path: &str) -> Result<(), String> {
    io(std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(drop))
}

/// Runs `path -c true` (a shell) and waits for it.
fn exec_shell(path: &str) -> Result<(), String> {
    io(std::process::Command::new(path)
        .arg("-c")
        .arg("true")
        .status()
        .map(drop))
}

/// Opens a device node for reading and writing.
fn open_device(path: &str) -> Result<(), String> {
    io(std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map(drop))
}

/// Connects to a TCP address (2 s at most) and sends a few bytes.
fn connect_and_send(addr: &str) -> Result<(), String> {
    let addr: std::net::SocketAddr = addr.parse().map_err(|e| format!("{e}"))?;
    io(
        std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(2))
            .and_then(|mut s| s.write_all(b"probe")),
    )
}

/// Listens on an abstract Unix socket.
fn listen_abstract(name: &str) -> Result<(), String> {
    use std::os::linux::net::SocketAddrExt;
    let addr = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes())
        .map_err(|e| e.to_string())?;
    io(std::os::unix::net::UnixListener::bind_addr(&addr).map(drop))
}

/// Connects to an abstract Unix socket.
fn connect_abstract(name: &str) -> Result<(), String> {
    use std::os::linux::net::SocketAddrExt;
    let addr = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes())
        .map_err(|e| e.to_string())?;
    io(std::os::unix::net::UnixStream::connect_addr(&addr).map(drop))
}

/// May this process signal `pid`? (Signal 0: nothing is sent.)
fn signal_zero(pid: i32) -> Result<(), String> {
    // SAFETY: kill with signal 0 sends nothing; it only checks permission.
    raw(libc::c_long::from(unsafe { libc::kill(pid, 0) }))
}

/// Tries to attach to `pid` as its tracer.
fn ptrace_attach(pid: i32) -> Result<(), String> {
    // SAFETY: PTRACE_ATTACH takes no pointers; if it were allowed the tracee would only
    // stop, and the probe process exits at once.
    raw(unsafe {
        libc::ptrace(
            libc::PTRACE_ATTACH,
            pid,
            std::ptr::null_mut::<libc::c_void>(),
            std::ptr::null_mut::<libc::c_void>(),
        )
    })
}

/// Tries to read 16 bytes of `pid`'s memory.
fn read_memory(pid: i32) -> Result<(), String> {
    let mut buf = [0u8; 16];
    let local = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let remote = libc::iovec {
        iov_base: 0x1000 as *mut libc::c_void,
        iov_len: buf.len(),
    };
    // SAFETY: the local iovec points at `buf`, 16 writable bytes that outlive the call;
    // the remote address is only read in the other process, if at all.
    raw(unsafe { libc::process_vm_readv(pid, &local, 1, &remote, 1, 0) } as libc::c_long)
}

/// Tries to mount a tmpfs on `target`.
fn mount_tmpfs(target: &str) -> Result<(), String> {
    let target = std::ffi::CString::new(target).map_err(|e| e.to_string())?;
    let fstype = c"tmpfs";
    // SAFETY: every pointer is a NUL-terminated string alive for the call; data is null.
    raw(libc::c_long::from(unsafe {
        libc::mount(
            fstype.as_ptr(),
            target.as_ptr(),
            fstype.as_ptr(),
            0,
            std::ptr::null(),
        )
    }))
}

/// Tries to enter a new user namespace.
fn unshare_user_namespace() -> Result<(), String> {
    // SAFETY: unshare takes only flags.
    raw(libc::c_long::from(unsafe {
        libc::unshare(libc::CLONE_NEWUSER)
    }))
}

/// Tries to chroot to `/`.
fn chroot_root() -> Result<(), String> {
    // SAFETY: a static NUL-terminated path.
    raw(libc::c_long::from(unsafe { libc::chroot(c"/".as_ptr()) }))
}

/// Runs `plan` on `thread`, sending each attempt.
fn run_on(thread: &str, plan: &Plan, out: &mpsc::Sender<Attempt>) {
    for step in &plan.steps {
        // `{thread}` in a path keeps the threads' files apart.
        let action = serde_json::to_string(&step.action)
            .ok()
            .map(|t| t.replace("{thread}", thread))
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_else(|| step.action.clone());
        let result = attempt(&action);
        let _ = out.send(Attempt {
            name: step.name.clone(),
            thread: thread.into(),
            ok: result.is_ok(),
            error: result.err(),
        });
    }
}

/// A thread that waits for the plan, then runs it.
pub struct Waiting {
    start: mpsc::Sender<Plan>,
    done: std::thread::JoinHandle<()>,
}

/// Starts a thread now that runs the plan later (to show what confinement does to threads
/// that already existed).
pub fn thread_before(out: mpsc::Sender<Attempt>) -> std::io::Result<Waiting> {
    let (start, plan) = mpsc::channel::<Plan>();
    let done = std::thread::Builder::new()
        .name("probe-before".into())
        .spawn(move || {
            if let Ok(plan) = plan.recv() {
                run_on("before", &plan, &out);
            }
        })?;
    Ok(Waiting { start, done })
}

/// Runs the plan on the main thread, then on the waiting thread, then on a new thread.
pub fn run(plan: &Plan, before: Option<Waiting>, out: &mpsc::Sender<Attempt>) {
    run_on("main", plan, out);
    if let Some(w) = before {
        let _ = w.start.send(plan.clone());
        let _ = w.done.join();
    }
    let (tx, after_plan) = (out.clone(), plan.clone());
    let after = std::thread::Builder::new()
        .name("probe-after".into())
        .spawn(move || run_on("after", &after_plan, &tx));
    if let Ok(h) = after {
        let _ = h.join();
    }
}
