//! The checks behind the keys: each turns a value as written (already trimmed) into the typed
//! value the till runs with, or says why not. Device addresses, printer profiles, age
//! recipients and the logo are checked by their adapters' own parsers, so the configuration
//! never accepts what the till would refuse at start-up.

use super::{Expected, Rejected};
use crate::devices::drawer::DrawerWiring;
use crate::devices::logo::Logo;
use crate::devices::profile::{DeviceKind, Profile};
use crate::devices::uri::DeviceUri;
use crate::i18n::Lang;
use crate::till::barcode::{VariableLayout, VariableValue};
use crate::till::format::NumberFormat;
use crate::till::money::{Currency, Money, Rounding};
use crate::till::tender::CashRounding;
use std::path::{Path, PathBuf};

/// Screen colours (`till.theme`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// `terminal.id`: 1 to 8 capitals or digits (it prefixes document numbers).
pub(super) fn terminal_id(text: &str) -> Result<String, Rejected> {
    let ok = (1..=8).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    ok.then(|| text.to_owned())
        .ok_or(Rejected::Expected(Expected::TerminalId))
}

/// One line of at most 120 characters (printed on receipts).
pub(super) fn one_line(text: &str) -> Result<String, Rejected> {
    let ok = text.chars().count() <= 120 && !text.contains(['\n', '\r']);
    ok.then(|| text.to_owned())
        .ok_or(Rejected::Expected(Expected::OneLine))
}

/// `store.logo`: empty, or an absolute path to a PNG, read and decoded here — once per load.
pub(super) fn logo(text: &str) -> Result<Option<Logo>, Rejected> {
    if text.is_empty() {
        return Ok(None);
    }
    let path = Path::new(text);
    if !path.is_absolute() {
        return Err(Rejected::Expected(Expected::PngPath));
    }
    #[cfg(test)]
    LOGO_DECODES.with(|n| n.set(n.get() + 1));
    Logo::load(path)
        .map(Some)
        .map_err(|e| Rejected::Because(e.to_string()))
}

#[cfg(test)]
thread_local! {
    /// How many times this thread decoded a logo for the configuration (tests count them).
    pub(super) static LOGO_DECODES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

pub(super) fn currency(text: &str) -> Result<Currency, Rejected> {
    Currency::from_code(text).ok_or(Rejected::Expected(Expected::OneOf(&[
        "EUR", "USD", "MXN", "COP", "ARS", "PEN", "CLP",
    ])))
}

/// `till.language`: a language tag with message files (`es`, `en`, or a regional one a
/// translator added, e.g. `es-MX`; a region without its own files speaks its language), or
/// `None` for `auto` (the environment's, when resolved).
pub(super) fn language(text: &str) -> Result<Option<String>, Rejected> {
    if text == "auto" {
        return Ok(None);
    }
    let base = text.split('-').next().unwrap_or_default();
    let known = Lang::available()
        .iter()
        .any(|t| t.eq_ignore_ascii_case(text) || t.eq_ignore_ascii_case(base));
    let shaped = !text.is_empty()
        && text.len() <= 16
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if known && shaped {
        Ok(Some(text.to_owned()))
    } else {
        Err(Rejected::Expected(Expected::Language))
    }
}

/// `till.locale`, the old name of `till.language` (files written by earlier versions): `es`,
/// `en` or `auto`.
pub(super) fn old_locale(text: &str) -> Result<Option<String>, Rejected> {
    match text {
        "es" | "en" => Ok(Some(text.to_owned())),
        "auto" => Ok(None),
        _ => Err(Rejected::Expected(Expected::OneOf(&["es", "en", "auto"]))),
    }
}

/// `till.number_format`: `1.234,56`, `1,234.56`, or `None` for `auto` (the language's region).
pub(super) fn number_format(text: &str) -> Result<Option<NumberFormat>, Rejected> {
    match text {
        "auto" => Ok(None),
        "1.234,56" => Ok(Some(NumberFormat::Comma)),
        "1,234.56" => Ok(Some(NumberFormat::Point)),
        _ => Err(Rejected::Expected(Expected::OneOf(&[
            "auto", "1.234,56", "1,234.56",
        ]))),
    }
}

pub(super) fn theme(text: &str) -> Result<Theme, Rejected> {
    match text {
        "light" => Ok(Theme::Light),
        "dark" => Ok(Theme::Dark),
        _ => Err(Rejected::Expected(Expected::OneOf(&["light", "dark"]))),
    }
}

pub(super) fn receipt_width(text: &str) -> Result<usize, Rejected> {
    match text {
        "42" => Ok(42),
        "48" => Ok(48),
        _ => Err(Rejected::Expected(Expected::OneOf(&["42", "48"]))),
    }
}

/// `till.idle_lock_secs`: up to a day.
pub(super) fn idle_lock_secs(text: &str) -> Result<u32, Rejected> {
    const MAX: u32 = 86_400;
    at_most(text, MAX).ok_or(Rejected::Expected(Expected::Seconds { max: MAX }))
}

/// A whole number from 0 to `max`.
fn at_most(text: &str, max: u32) -> Option<u32> {
    text.parse().ok().filter(|n| *n <= max)
}

/// `till.cash_rounding`: `off`, or the coin step as an amount (`0.05`, `10`, `0.50`). Whether
/// it is an amount of the store's currency is checked when the settings resolve (the step is
/// in that currency's own digits: `0.05` is no amount of Chilean pesos).
pub(super) fn cash_rounding(text: &str) -> Result<Option<String>, Rejected> {
    if text == "off" {
        return Ok(None);
    }
    // Shaped like an amount in some currency (two decimals at most).
    match Money::parse(text, Currency::Eur) {
        Ok(m) if m.minor > 0 => Ok(Some(text.to_owned())),
        _ => Err(Rejected::Expected(Expected::CashStep)),
    }
}

/// The cash rounding of `step` (as configured) in `currency`, rounding halves up.
pub(super) fn cash_step(step: &str, currency: Currency) -> Result<CashRounding, Rejected> {
    match Money::parse(step, currency) {
        Ok(m) if m.minor > 1 => Ok(CashRounding {
            step: m.minor,
            rounding: Rounding::HalfUp,
        }),
        _ => Err(Rejected::Expected(Expected::CashStep)),
    }
}

/// The receipt printer's address (empty: none).
pub(super) fn printer(text: &str) -> Result<Option<DeviceUri>, Rejected> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|e: crate::devices::uri::BadUri| Rejected::Because(e.to_string()))
}

/// A printer profile by name (a display profile is refused).
pub(super) fn printer_profile(text: &str) -> Result<Profile, Rejected> {
    let p = Profile::named(text).map_err(|e| Rejected::Because(e.to_string()))?;
    if p.kind != DeviceKind::Printer {
        return Err(Rejected::Because(format!(
            "{text} is not a printer profile"
        )));
    }
    Ok(p)
}

/// A device on a serial port: scanner, display, scale (empty: none).
pub(super) fn serial_device(text: &str) -> Result<Option<DeviceUri>, Rejected> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<DeviceUri>() {
        Ok(uri @ DeviceUri::Serial { .. }) => Ok(Some(uri)),
        Ok(_) => Err(Rejected::Because(
            "this device is on a serial port: serial:/dev/ttyACM0?baud=9600".into(),
        )),
        Err(e) => Err(Rejected::Because(e.to_string())),
    }
}

pub(super) fn drawer(text: &str) -> Result<DrawerWiring, Rejected> {
    text.parse()
        .map_err(|e: crate::devices::drawer::BadDrawer| Rejected::Because(e.to_string()))
}

pub(super) fn flag(text: &str) -> Result<bool, Rejected> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Rejected::Expected(Expected::Flag)),
    }
}

/// `backup.dir`: empty (no automatic backups) or an absolute path.
pub(super) fn folder(text: &str) -> Result<Option<PathBuf>, Rejected> {
    if text.is_empty() {
        return Ok(None);
    }
    let path = PathBuf::from(text);
    if !path.is_absolute() {
        return Err(Rejected::Expected(Expected::FolderPath));
    }
    Ok(Some(path))
}

/// A file's absolute path (a certificate, its password file, a CA file); empty = none.
pub(super) fn file(text: &str) -> Result<Option<PathBuf>, Rejected> {
    if text.is_empty() {
        return Ok(None);
    }
    let path = PathBuf::from(text);
    if !path.is_absolute() || text.ends_with('/') {
        return Err(Rejected::Expected(Expected::FilePath));
    }
    Ok(Some(path))
}

/// `fiscal.endpoint`: empty (the tax agency's own for the store's environment) or an
/// `https://` address without spaces.
pub(super) fn https_url(text: &str) -> Result<Option<String>, Rejected> {
    if text.is_empty() {
        return Ok(None);
    }
    let host = text.strip_prefix("https://").unwrap_or("");
    if host.is_empty() || host.starts_with('/') || text.chars().any(char::is_whitespace) {
        return Err(Rejected::Expected(Expected::HttpsUrl));
    }
    Ok(Some(text.to_string()))
}

/// `backup.recipients`: kept as written once every `age1…` in it parses.
pub(super) fn recipients(text: &str) -> Result<String, Rejected> {
    crate::backup::keys::parse_recipients(text).map_err(Rejected::Because)?;
    Ok(text.to_owned())
}

/// A backup count or interval, 0 to 1000.
pub(super) fn count(text: &str) -> Result<u32, Rejected> {
    const MAX: u32 = 1000;
    at_most(text, MAX).ok_or(Rejected::Expected(Expected::Count { max: MAX }))
}

/// `barcode.variable`: `PREFIX[-PREFIX]:ITEM_DIGITS:weight|price`, comma-separated; a later
/// layout for a prefix replaces an earlier one.
pub(super) fn variable_layouts(text: &str) -> Result<Vec<VariableLayout>, Rejected> {
    let err = || Rejected::Expected(Expected::VariableLayouts);
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
