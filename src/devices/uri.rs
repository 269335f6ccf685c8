//! Device addresses as URIs kept in configuration: `usb:/dev/usb/lp0`,
//! `serial:/dev/ttyUSB0?baud=9600`, `tcp://192.168.1.50:9100`, `file:/var/spool/caja/r.bin`.

use std::path::PathBuf;
use std::str::FromStr;

/// Where a device is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeviceUri {
    /// A USB printer-class device node (`/dev/usb/lp*`).
    Usb(PathBuf),
    /// A serial port, 8N1; `suffix` is what ends a scanner's code (any of CR, LF, CRLF when
    /// not given).
    Serial {
        path: PathBuf,
        baud: u32,
        suffix: Option<Suffix>,
    },
    /// A network printer (raw port, usually 9100).
    Tcp { host: String, port: u16 },
    /// A file the bytes are appended to (tests, saving receipts).
    File(PathBuf),
}

/// What a serial scanner sends after each code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suffix {
    Cr,
    Lf,
    CrLf,
}

impl Suffix {
    fn as_str(self) -> &'static str {
        match self {
            Suffix::Cr => "cr",
            Suffix::Lf => "lf",
            Suffix::CrLf => "crlf",
        }
    }
}

/// A device URI that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "«{uri}» is not a device address ({why}); use usb:/dev/usb/lp0, serial:/dev/ttyUSB0?baud=9600, tcp://HOST:9100 or file:/PATH"
)]
pub struct BadUri {
    pub uri: String,
    pub why: &'static str,
}

impl FromStr for DeviceUri {
    type Err = BadUri;

    fn from_str(text: &str) -> Result<DeviceUri, BadUri> {
        let bad = |why| BadUri {
            uri: text.into(),
            why,
        };
        let text = text.trim();
        let absolute = |p: &str| -> Result<PathBuf, BadUri> {
            if p.starts_with('/') {
                Ok(PathBuf::from(p))
            } else {
                Err(bad("the path must be absolute"))
            }
        };
        if let Some(rest) = text.strip_prefix("tcp://") {
            let (host, port) = rest.rsplit_once(':').ok_or_else(|| bad("give HOST:PORT"))?;
            let port: u16 = port
                .parse()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| bad("the port must be 1–65535"))?;
            if host.is_empty() || host.contains('/') {
                return Err(bad("give a host name or address"));
            }
            return Ok(DeviceUri::Tcp {
                host: host.trim_matches(['[', ']']).into(),
                port,
            });
        }
        if let Some(rest) = text.strip_prefix("serial:") {
            let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
            let mut baud = 9600;
            let mut suffix = None;
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                match pair.split_once('=') {
                    Some(("suffix", v)) => {
                        suffix = Some(match v {
                            "cr" => Suffix::Cr,
                            "lf" => Suffix::Lf,
                            "crlf" => Suffix::CrLf,
                            _ => return Err(bad("suffix is cr, lf or crlf")),
                        });
                    }
                    Some(("baud", v)) => {
                        baud = v
                            .parse()
                            .ok()
                            .filter(|b| {
                                [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200].contains(b)
                            })
                            .ok_or_else(|| bad("baud must be 1200–115200, a standard rate"))?;
                    }
                    _ => return Err(bad("serial options are baud= and suffix=")),
                }
            }
            return Ok(DeviceUri::Serial {
                path: absolute(path)?,
                baud,
                suffix,
            });
        }
        if let Some(path) = text.strip_prefix("usb:") {
            return Ok(DeviceUri::Usb(absolute(path)?));
        }
        if let Some(path) = text.strip_prefix("file:") {
            return Ok(DeviceUri::File(absolute(path)?));
        }
        Err(bad("unknown scheme"))
    }
}

impl std::fmt::Display for DeviceUri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeviceUri::Usb(p) => write!(f, "usb:{}", p.display()),
            DeviceUri::Serial { path, baud, suffix } => {
                write!(f, "serial:{}?baud={baud}", path.display())?;
                match suffix {
                    Some(s) => write!(f, "&suffix={}", s.as_str()),
                    None => Ok(()),
                }
            }
            DeviceUri::Tcp { host, port } => write!(f, "tcp://{host}:{port}"),
            DeviceUri::File(p) => write!(f, "file:{}", p.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_uris_parse_round_trip_and_refuse_nonsense() {
        for text in [
            "usb:/dev/usb/lp0",
            "serial:/dev/ttyUSB0?baud=9600",
            "serial:/dev/ttyACM0?baud=115200",
            "serial:/dev/ttyACM0?baud=9600&suffix=crlf",
            "tcp://192.168.1.50:9100",
            "tcp://printer.local:9100",
            "file:/var/spool/caja/receipts.bin",
        ] {
            let uri: DeviceUri = text.parse().unwrap();
            assert_eq!(uri.to_string(), text);
        }
        for bad in [
            "lp0",
            "usb:dev/usb/lp0",
            "tcp://host",
            "tcp://host:0",
            "serial:/dev/ttyS0?baud=1234",
            "serial:/dev/ttyS0?parity=odd",
            "serial:/dev/ttyS0?suffix=tab",
            "http://x:80",
        ] {
            assert!(bad.parse::<DeviceUri>().is_err(), "{bad}");
        }
    }
}
