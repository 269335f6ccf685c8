//! Pseudo-terminal pairs made by socat: the device end Caja opens, the host end a test types
//! into or reads from, like the far side of a serial cable.

use caja::devices::uri::DeviceUri;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A pty pair: the scanner end (Caja opens it) and the host end (the test types into it).
pub struct PtyPair {
    child: Child,
    pub scanner: PathBuf,
    pub host: PathBuf,
}

impl PtyPair {
    pub fn new(dir: &Path) -> PtyPair {
        let scanner = dir.join("scanner");
        let host = dir.join("host");
        // Links left by an unplugged pair point nowhere; socat makes fresh ones.
        let _ = std::fs::remove_file(&scanner);
        let _ = std::fs::remove_file(&host);
        let child = Command::new("socat")
            .arg(format!("pty,raw,echo=0,link={}", scanner.display()))
            .arg(format!("pty,raw,echo=0,link={}", host.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("socat is missing: apt-get install socat (or run .ci/run)");
        wait_until("socat making a pty pair", || {
            scanner.exists() && host.exists()
        });
        PtyPair {
            child,
            scanner,
            host,
        }
    }

    pub fn uri(&self) -> DeviceUri {
        format!("serial:{}?baud=9600&suffix=crlf", self.scanner.display())
            .parse()
            .unwrap()
    }

    /// What a scanner sends for one code.
    pub fn scan(&self, code: &str) {
        let mut host = std::fs::OpenOptions::new()
            .write(true)
            .open(&self.host)
            .unwrap();
        host.write_all(format!("{code}\r\n").as_bytes()).unwrap();
        host.flush().unwrap();
    }

    /// Unplugs the scanner.
    pub fn unplug(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PtyPair {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until `done` (polled every 10 ms), or fails naming `what` after 20 s: device threads
/// run in real time beside the test, on a machine that may be busy.
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    crate::support::wait_for(
        what,
        Duration::from_secs(20),
        Duration::from_millis(10),
        || done().then_some(()),
    );
}

/// Everything the till sends to the host end of the pair, collected by a thread.
pub fn collect(path: &Path) -> std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    let bytes = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let shared = std::sync::Arc::clone(&bytes);
    let mut host = std::fs::File::open(path).unwrap();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut buf = [0u8; 256];
        while let Ok(n) = host.read(&mut buf) {
            if n == 0 {
                break;
            }
            shared.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    bytes
}
