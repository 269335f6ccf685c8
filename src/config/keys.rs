//! The documented keys and the validators they share.

use super::ConfigError;
use crate::devices::profile::{DeviceKind, Profile};
use crate::devices::uri::DeviceUri;
use crate::till::barcode::{VariableLayout, VariableValue};

/// One documented key.
pub struct KeySpec {
    pub key: &'static str,
    pub doc: &'static str,
}

/// Every key, with its meaning. README's table is this list.
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        key: "terminal.id",
        doc: "this till's id and document series prefix, 1–8 capitals/digits (default T01)",
    },
    KeySpec {
        key: "store.name",
        doc: "shop name printed on receipts",
    },
    KeySpec {
        key: "store.tax_id",
        doc: "shop tax id (NIF/CIF/RFC) printed on receipts",
    },
    KeySpec {
        key: "store.address",
        doc: "shop address printed on receipts",
    },
    KeySpec {
        key: "store.logo",
        doc: "logo printed at the top of receipts: absolute path to a PNG, read at start-up, scaled to the paper and dithered; empty = none (default empty)",
    },
    KeySpec {
        key: "store.currency",
        doc: "ISO 4217 currency: EUR, USD, MXN, COP, ARS, PEN, CLP (default EUR)",
    },
    KeySpec {
        key: "till.locale",
        doc: "language and number format: es, en, or auto = from LANG (en_* is English, anything else Spanish) (default auto)",
    },
    KeySpec {
        key: "till.theme",
        doc: "screen colours: light or dark (default light)",
    },
    KeySpec {
        key: "till.receipt_width",
        doc: "receipt characters per line: 42 or 48 (default 42)",
    },
    KeySpec {
        key: "till.idle_lock_secs",
        doc: "lock the till after this many idle seconds, 0 = never (default 300, max 86400)",
    },
    KeySpec {
        key: "till.cash_rounding",
        doc: "round cash payments: off or 0.05 (default off)",
    },
    KeySpec {
        key: "devices.printer",
        doc: "receipt printer address: usb:/dev/usb/lp0, tcp://HOST:9100, serial:/dev/ttyS0?baud=19200 or file:/PATH; empty = none (default empty)",
    },
    KeySpec {
        key: "devices.printer_profile",
        doc: "printer model from hardware/: generic-58mm, generic-80mm, epson-tm-t20iii, epson-tm-t88, star-tsp100-escpos (default generic-80mm)",
    },
    KeySpec {
        key: "devices.scanner",
        doc: "serial barcode scanner: serial:/dev/ttyACM0?baud=9600[&suffix=cr|lf|crlf]; empty = keyboard-wedge only (default empty)",
    },
    KeySpec {
        key: "devices.display",
        doc: "customer pole display (2×20, ESC/POS command set): serial:/dev/ttyUSB1?baud=9600; empty = none (default empty)",
    },
    KeySpec {
        key: "devices.scale",
        doc: "serial scale, Toledo protocol: serial:/dev/ttyUSB2?baud=9600; empty = none (default empty)",
    },
    KeySpec {
        key: "devices.drawer",
        doc: "cash drawer: printer = on the receipt printer's kick-out port, none, or its own serial port serial:/dev/ttyUSB3?baud=9600 (default printer)",
    },
    KeySpec {
        key: "sandbox.require_confinement",
        doc: "true = the till refuses to start unless it can confine itself fully (Landlock files, TCP, device ioctls and scope, seccomp); see caja sandbox status (default false)",
    },
    KeySpec {
        key: "backup.dir",
        doc: "backup destination: an absolute path to a local folder, a mounted USB stick or a network share; empty = no automatic backups (default empty)",
    },
    KeySpec {
        key: "backup.recipients",
        doc: "age public keys (age1…, comma-separated) backups are encrypted to; their identities stay off the till (caja backup keygen) (default empty)",
    },
    KeySpec {
        key: "backup.every_hours",
        doc: "back up every N hours while the till is open (also after each Z report and on a clean exit); 0 = only those (default 4)",
    },
    KeySpec {
        key: "backup.keep_daily",
        doc: "backups kept: the newest of each of the last N days (default 7)",
    },
    KeySpec {
        key: "backup.keep_weekly",
        doc: "backups kept: the newest of each of the last N weeks (default 4)",
    },
    KeySpec {
        key: "backup.keep_monthly",
        doc: "backups kept: the newest of each of the last N months (default 12)",
    },
    KeySpec {
        key: "barcode.variable",
        doc: "GS1 variable-measure layouts, comma-separated PREFIX[-PREFIX]:ITEM_DIGITS:weight|price, prefixes 20–29, item digits 4–6 (default 20-29:5:weight)",
    },
];

pub(super) fn bad(key: &str, value: &str, expected: &'static str) -> ConfigError {
    ConfigError::BadValue {
        key: key.into(),
        value: value.into(),
        expected,
    }
}

/// A serial device address (scanner, display; empty: none).
pub(super) fn scanner_uri(value: &str) -> Result<Option<DeviceUri>, ConfigError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    match value.parse::<DeviceUri>() {
        Ok(uri @ DeviceUri::Serial { .. }) => Ok(Some(uri)),
        Ok(_) => Err(ConfigError::Device(format!(
            "«{value}»: this device is on a serial port: serial:/dev/ttyACM0?baud=9600"
        ))),
        Err(e) => Err(ConfigError::Device(e.to_string())),
    }
}

/// A printer profile by name (a display profile is refused).
pub(super) fn printer_profile(name: &str) -> Result<Profile, ConfigError> {
    let p = Profile::named(name).map_err(|e| ConfigError::Device(e.to_string()))?;
    if p.kind != DeviceKind::Printer {
        return Err(ConfigError::Device(format!(
            "{name} is not a printer profile"
        )));
    }
    Ok(p)
}

/// Parses `barcode.variable`.
pub fn parse_variable_layouts(text: &str) -> Result<Vec<VariableLayout>, ConfigError> {
    let err = || {
        bad(
            "barcode.variable",
            text,
            "PREFIX[-PREFIX]:4..6:weight|price, prefixes 20–29",
        )
    };
    let mut out: Vec<VariableLayout> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let fields: Vec<&str> = part.split(':').collect();
        let [prefixes, digits, value] = fields.as_slice() else {
            return Err(err());
        };
        let (lo, hi) = match prefixes.split_once('-') {
            Some((a, b)) => (
                a.parse::<u8>().map_err(|_| err())?,
                b.parse::<u8>().map_err(|_| err())?,
            ),
            None => {
                let p = prefixes.parse::<u8>().map_err(|_| err())?;
                (p, p)
            }
        };
        let item_digits: u8 = digits.parse().map_err(|_| err())?;
        let value = match *value {
            "weight" => VariableValue::Weight,
            "price" => VariableValue::Price,
            _ => return Err(err()),
        };
        if !(20..=29).contains(&lo)
            || !(20..=29).contains(&hi)
            || lo > hi
            || !(4..=6).contains(&item_digits)
        {
            return Err(err());
        }
        for prefix in lo..=hi {
            out.retain(|l| l.prefix != prefix);
            out.push(VariableLayout {
                prefix,
                item_digits,
                value,
            });
        }
    }
    Ok(out)
}
