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
