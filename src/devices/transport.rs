//! Transports only move bytes: a USB printer node or a file (append), a TCP socket (raw 9100),
//! a serial port (8N1 at the address's baud).
//! Each write has a timeout, so a printer that vanished fails the job instead of hanging it.

use super::uri::DeviceUri;
use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

/// Why bytes did not reach the device.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("cannot open {uri}: {source}; check the cable / power and the device address")]
    Open { uri: String, source: std::io::Error },
    #[error("writing to {uri} failed after {sent} of {total} bytes: {source}")]
    Write {
        uri: String,
        sent: usize,
        total: usize,
        source: std::io::Error,
    },
}

/// Time allowed to connect and for each write.
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// Writes a whole job to the device at `uri`; a new connection per job.
pub fn send(uri: &DeviceUri, bytes: &[u8]) -> Result<(), TransportError> {
    let name = uri.to_string();
    let open = |source| TransportError::Open {
        uri: name.clone(),
        source,
    };
    let mut sink: Box<dyn Write> = match uri {
        DeviceUri::Usb(path) => Box::new(
            std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(open)?,
        ),
        DeviceUri::File(path) => Box::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(open)?,
        ),
        DeviceUri::Tcp { host, port } => {
            // Resolved without glibc's NSS (the confined till cannot use it).
            let addr = crate::lookup::Lookup::default()
                .resolve(host, *port)
                .map_err(|e| open(std::io::Error::new(std::io::ErrorKind::NotFound, e)))?
                .into_iter()
                .next()
                .ok_or_else(|| {
                    open(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "the host name has no address",
                    ))
                })?;
            let stream = TcpStream::connect_timeout(&addr, TIMEOUT).map_err(open)?;
            stream.set_write_timeout(Some(TIMEOUT)).map_err(open)?;
            stream.set_nodelay(true).map_err(open)?;
            Box::new(stream)
        }
        DeviceUri::Serial { path, baud, .. } => Box::new(
            serialport::new(path.to_string_lossy(), *baud)
                .timeout(TIMEOUT)
                .open_native()
                .map_err(|e| open(std::io::Error::other(e.to_string())))?,
        ),
    };
    let mut sent = 0;
    for chunk in bytes.chunks(1024) {
        sink.write_all(chunk)
            .and_then(|()| sink.flush())
            .map_err(|source| TransportError::Write {
                uri: name.clone(),
                sent,
                total: bytes.len(),
                source,
            })?;
        sent += chunk.len();
    }
    Ok(())
}
