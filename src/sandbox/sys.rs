//! The few raw system calls the sandbox needs that no crate wraps (the kernel's Landlock ABI,
//! seccomp with its log flag), beside thin safe ones (rustix) it reads through one place: who we
//! run as, how many threads the process has. The only `unsafe` in Caja lives in
//! this module tree.

/// The effective user id.
pub fn euid() -> u32 {
    rustix::process::geteuid().as_raw()
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
    rustix::thread::set_no_new_privs(true).map_err(|e| format!("seccomp: no_new_privs: {e}"))?;
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

/// Whether the kernel holds the system clock synchronised (an NTP daemon — timesyncd, chrony,
/// ntpd — clears `STA_UNSYNC` when it disciplines the clock); `None` when it cannot be read.
pub fn clock_synchronised() -> Option<bool> {
    // SAFETY: `timex` is plain data; zeroed, with `modes` 0, adjtimex only reads the kernel's
    // clock state into it and changes nothing.
    let mut t: libc::timex = unsafe { std::mem::zeroed() };
    // SAFETY: `t` is a valid, exclusively borrowed timex for the call's duration.
    let state = unsafe { libc::adjtimex(&mut t) };
    if state < 0 {
        // Refused (a unit's ProtectClock=): systemd-timesyncd's mark, when it is the daemon.
        return std::path::Path::new("/run/systemd/timesync/synchronized")
            .exists()
            .then_some(true);
    }
    Some(state != libc::TIME_ERROR && t.status & libc::STA_UNSYNC == 0)
}
