//! The few raw system calls the sandbox needs that no crate wraps: who we run as, the kernel's
//! Landlock ABI, and how many threads the process has. The only `unsafe` in Caja lives in
//! this module tree.

/// The effective user id.
pub fn euid() -> u32 {
    // SAFETY: geteuid takes no arguments, cannot fail and touches no memory of ours.
    unsafe { libc::geteuid() }
}

/// The Landlock ABI version the kernel offers; 0 when Landlock is not built in or not enabled.
pub fn landlock_abi() -> i32 {
    const LANDLOCK_CREATE_RULESET_VERSION: libc::c_ulong = 1;
    // SAFETY: with a null attribute pointer, size 0 and the VERSION flag the call only returns
    // the ABI number (or -1 with errno); it reads and writes no memory of ours.
    let v = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<libc::c_void>(),
            0usize,
            LANDLOCK_CREATE_RULESET_VERSION,
        )
    };
    i32::try_from(v).unwrap_or(0).max(0)
}

/// Threads of this process right now.
pub fn thread_count() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(1, |d| d.count())
}

/// `NoNewPrivs` and `Seccomp` from `/proc/self/status` (what an outside observer sees).
pub fn proc_status() -> (bool, u8) {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .and_then(|v| v.parse::<u8>().ok())
            .unwrap_or(0)
    };
    (field("NoNewPrivs:") == 1, field("Seccomp:"))
}

/// Installs a seccomp filter on every thread (TSYNC), with `SECCOMP_FILTER_FLAG_LOG` when `log`
/// is set, so the kernel's audit log records each refused call (process, call number).
/// seccompiler installs with TSYNC only and does not take other flags, hence this call.
pub fn install_seccomp(program: &[seccompiler::sock_filter], log: bool) -> Result<(), String> {
    if program.is_empty() {
        return Err("seccomp: empty filter".into());
    }
    let filter: Vec<libc::sock_filter> = program
        .iter()
        .map(|i| libc::sock_filter {
            code: i.code,
            jt: i.jt,
            jf: i.jf,
            k: i.k,
        })
        .collect();
    let len = u16::try_from(filter.len()).map_err(|_| "seccomp: filter too long")?;
    // SAFETY: PR_SET_NO_NEW_PRIVS takes plain integers and touches no memory.
    if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
        return Err(format!(
            "seccomp: no_new_privs: {}",
            std::io::Error::last_os_error()
        ));
    }
    let prog = libc::sock_fprog {
        len,
        filter: filter.as_ptr().cast_mut(),
    };
    let flags = libc::SECCOMP_FILTER_FLAG_TSYNC
        | if log {
            libc::SECCOMP_FILTER_FLAG_LOG
        } else {
            0
        };
    // SAFETY: `prog` points at `filter`, which lives until the call returns; the kernel copies
    // the program and keeps no pointer to our memory.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_seccomp,
            libc::SECCOMP_SET_MODE_FILTER,
            flags,
            &prog as *const libc::sock_fprog,
        )
    };
    match rc {
        0 => Ok(()),
        rc if rc > 0 => Err(format!(
            "seccomp: thread {rc} could not be synchronised to the filter"
        )),
        _ => Err(format!("seccomp: {}", std::io::Error::last_os_error())),
    }
}

/// Lowers the calling thread's CPU priority (nice 10), for background work such as backups
/// that must not take CPU from a sale. Best effort: a failure only means normal priority.
pub fn background_priority() {
    // SAFETY: gettid takes no arguments; setpriority takes plain integers and affects only the
    // thread whose id it is given (this one).
    unsafe {
        let tid = libc::gettid();
        let _ = libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10);
    }
}
