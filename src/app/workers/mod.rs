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
pub mod fiscal;
pub mod scale;
pub mod scanner;
pub mod spooler;

/// Why a device's writer is not working, shared between its thread and the till.
pub type DeviceError = std::sync::Arc<std::sync::Mutex<Option<crate::devices::fault::DeviceFault>>>;

/// Starts a device's writer thread `name` running `work` over the receiving end of a channel
/// and the shared error; returns the sending end and the error (set at once when the thread
/// cannot start).
pub(crate) fn writer<T: Send + 'static>(
    name: &str,
    work: impl FnOnce(std::sync::mpsc::Receiver<T>, DeviceError) + Send + 'static,
) -> (std::sync::mpsc::Sender<T>, DeviceError) {
    let (send, recv) = std::sync::mpsc::channel::<T>();
    let error: DeviceError = Default::default();
    let shared = std::sync::Arc::clone(&error);
    let spawned = std::thread::Builder::new()
        .name(format!("caja-{name}"))
        .spawn(move || work(recv, shared));
    if let Err(e) = spawned
        && let Ok(mut s) = error.lock()
    {
        *s = Some(crate::devices::fault::DeviceFault::NoThread(format!(
            "cannot start the {name} writer: {e}"
        )));
    }
    (send, error)
}

/// Lowers the calling thread's CPU priority (nice 10), for background work such as backups
/// that must not take CPU from a sale. Best effort: a failure only means normal priority.
pub fn background_priority() {
    let tid = rustix::thread::gettid();
    if let Err(e) = rustix::process::setpriority_process(Some(tid), 10) {
        tracing::debug!("background priority not set: {e}");
    }
}
