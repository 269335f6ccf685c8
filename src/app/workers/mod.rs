//! The app's worker threads: each owns its device or its own store connection, so nothing
//! here ever holds up a frame or a sale. The device modules below only know how to talk to a
//! device (blocking calls); the threads that call them live here, with the app.
//!
//! - `spooler` — sends queued print jobs, reads the printer's status
//! - `backup` — scheduled and requested backups, WAL checkpoints
//! - `scanner`, `display`, `drawer` — serial reader / writer threads
//! - `scale` — reads the scale when asked, so no frame waits for it

pub mod backup;
pub mod display;
pub mod drawer;
pub mod scale;
pub mod scanner;
pub mod spooler;

/// Lowers the calling thread's CPU priority (nice 10), for background work such as backups
/// that must not take CPU from a sale. Best effort: a failure only means normal priority.
pub fn background_priority() {
    let tid = rustix::thread::gettid();
    if let Err(e) = rustix::process::setpriority_process(Some(tid), 10) {
        tracing::debug!("background priority not set: {e}");
    }
}
