//! Serial scales speaking the Toledo-style request/response protocol used by most POS scales
//! (and scanner-scales in "Toledo" mode): the till sends `W`; a stable weight comes back as
//! `STX d d . d d d CR` in kg, anything else as `STX ? status CR` with the status bits
//! 1 = in motion, 2 = over capacity, 4 = under zero. Zero and unstable weights are refused.

use super::uri::DeviceUri;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// How long the scale has to answer.
pub const REPLY_TIMEOUT: Duration = Duration::from_millis(800);

/// Why no weight could be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaleError {
    #[error("the weight is not stable yet; wait for the scale to settle and try again")]
    Unstable,
    #[error("the scale reads zero; put the product on the scale")]
    Zero,
    #[error("the scale is over its capacity")]
    OverCapacity,
    #[error("the scale reads below zero; empty it and zero it")]
    UnderZero,
    #[error("the scale sent something unreadable ({0:02X?}); check its protocol is Toledo")]
    Garbled(Vec<u8>),
    #[error("the scale at {uri} cannot be reached: {why}")]
    Unreachable { uri: String, why: String },
}

/// A scale the till asks for a weight: the serial scale, or a fake in tests.
pub trait Scale {
    /// The weight now, in grams.
    fn weight(&mut self) -> Result<i64, ScaleError>;
}

/// The Toledo-protocol scale at a serial address.
pub struct SerialScale(pub DeviceUri);

impl Scale for SerialScale {
    fn weight(&mut self) -> Result<i64, ScaleError> {
        read_weight(&self.0)
    }
}

/// Answers each request with the next scripted reply; panics when asked once too often.
#[derive(Debug, Default)]
pub struct FakeScale(pub std::collections::VecDeque<Result<i64, ScaleError>>);

impl Scale for FakeScale {
    fn weight(&mut self) -> Result<i64, ScaleError> {
        self.0
            .pop_front()
            .unwrap_or_else(|| panic!("fake scale: asked for a weight it was not given"))
    }
}

/// Reads a reply into grams.
pub fn parse_reply(reply: &[u8]) -> Result<i64, ScaleError> {
    let garbled = || ScaleError::Garbled(reply.to_vec());
    let body = reply
        .strip_prefix(&[0x02])
        .and_then(|r| r.strip_suffix(b"\r"))
        .ok_or_else(garbled)?;
    if let Some(status) = body.strip_prefix(b"?") {
        let s = *status.first().ok_or_else(garbled)?;
        return Err(if s & 0x02 != 0 {
            ScaleError::OverCapacity
        } else if s & 0x04 != 0 {
            ScaleError::UnderZero
        } else if s & 0x01 != 0 {
            ScaleError::Unstable
        } else {
            garbled()
        });
    }
    let text = std::str::from_utf8(body).map_err(|_| garbled())?;
    let (kg, frac) = text.split_once('.').ok_or_else(garbled)?;
    if frac.len() != 3
        || kg.is_empty()
        || !kg.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return Err(garbled());
    }
    let grams = kg.parse::<i64>().map_err(|_| garbled())? * 1000
        + frac.parse::<i64>().map_err(|_| garbled())?;
    if grams == 0 {
        return Err(ScaleError::Zero);
    }
    Ok(grams)
}

/// Asks the scale at `uri` for the weight, in grams.
pub fn read_weight(uri: &DeviceUri) -> Result<i64, ScaleError> {
    let unreachable = |why: String| ScaleError::Unreachable {
        uri: uri.to_string(),
        why,
    };
    let DeviceUri::Serial { path, baud, .. } = uri else {
        return Err(unreachable(
            "a scale is on a serial port (serial:/dev/ttyUSB0)".into(),
        ));
    };
    let mut port = serialport::new(path.to_string_lossy(), *baud)
        .timeout(Duration::from_millis(50))
        .open_native()
        .map_err(|e| unreachable(e.to_string()))?;
    port.write_all(b"W")
        .and_then(|()| port.flush())
        .map_err(|e| unreachable(e.to_string()))?;
    let deadline = Instant::now() + REPLY_TIMEOUT;
    let mut reply = Vec::new();
    let mut buf = [0u8; 32];
    while Instant::now() < deadline {
        match port.read(&mut buf) {
            Ok(n) => {
                reply.extend_from_slice(&buf[..n]);
                if reply.ends_with(b"\r") {
                    // Anything before the last STX is an older reply.
                    let start = reply.iter().rposition(|b| *b == 0x02).unwrap_or(0);
                    return parse_reply(&reply[start..]);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(e) => return Err(unreachable(e.to_string())),
        }
    }
    Err(unreachable(format!(
        "no answer within {} ms",
        REPLY_TIMEOUT.as_millis()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_become_grams_or_clear_refusals() {
        assert_eq!(parse_reply(b"\x0201.234\r"), Ok(1234));
        assert_eq!(parse_reply(b"\x0215.000\r"), Ok(15000));
        assert_eq!(parse_reply(b"\x0200.000\r"), Err(ScaleError::Zero));
        assert_eq!(parse_reply(b"\x02?\x01\r"), Err(ScaleError::Unstable));
        assert_eq!(parse_reply(b"\x02?\x02\r"), Err(ScaleError::OverCapacity));
        assert_eq!(parse_reply(b"\x02?\x04\r"), Err(ScaleError::UnderZero));
        assert!(matches!(
            parse_reply(b"01.234\r"),
            Err(ScaleError::Garbled(_))
        ));
        assert!(matches!(
            parse_reply(b"\x021.2\r"),
            Err(ScaleError::Garbled(_))
        ));
    }
}
