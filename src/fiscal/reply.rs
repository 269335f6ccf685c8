//! The tax agency's answer to a request, read from its XML (`RespuestaSuministro.xsd`, in a
//! SOAP envelope) or its SOAP fault: the wait before the next request (`TiempoEsperaEnvio`),
//! the request's state, and one line per record — Correcto, AceptadoConErrores (kept, its
//! errors shown) or Incorrecto with the AEAT's code and words; a rejected duplicate names the
//! state of the record the AEAT already holds. Pure: bytes in, answer out.

use super::parse::{ReadError, Walk, walk};

/// `EstadoEnvio`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum RequestState {
    Correcto,
    ParcialmenteCorrecto,
    Incorrecto,
}

/// `EstadoRegistro` of one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum LineState {
    Correcto,
    AceptadoConErrores,
    Incorrecto,
}

/// `EstadoRegistroDuplicado`: what the AEAT already holds for a record sent twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum DuplicateState {
    Correcta,
    AceptadaConErrores,
    Anulada,
}

/// A rejected duplicate: the request that carried the record first and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Duplicate {
    pub request_id: String,
    pub state: DuplicateState,
    pub code: Option<u32>,
    pub description: Option<String>,
}

/// One record's answer (`RespuestaLinea`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Line {
    pub issuer: String,
    pub number: String,
    /// `DD-MM-AAAA` as written.
    pub issued: String,
    /// `Alta` (true) or `Anulacion`.
    pub alta: bool,
    pub state: LineState,
    pub code: Option<u32>,
    pub description: Option<String>,
    pub duplicate: Option<Duplicate>,
}

impl Line {
    /// Whether the AEAT holds this record now: accepted (with or without errors), or a duplicate
    /// of one it accepted before — reconciled as accepted, never sent again.
    pub fn held(&self) -> bool {
        match self.state {
            LineState::Correcto | LineState::AceptadoConErrores => true,
            LineState::Incorrecto => self.duplicate.as_ref().is_some_and(|d| {
                matches!(
                    d.state,
                    DuplicateState::Correcta | DuplicateState::AceptadaConErrores
                )
            }),
        }
    }
}

/// What the AEAT answered.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Reply {
    Answer {
        /// The request's secure verification code, when it was accepted in part or whole.
        csv: Option<String>,
        /// Seconds to wait before the next request (`TiempoEsperaEnvio`).
        wait_secs: u32,
        state: RequestState,
        lines: Vec<Line>,
    },
    /// The whole request refused (schema, header, certificate): a SOAP fault.
    Fault { code: String, message: String },
}

/// An answer that cannot be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    #[error("the tax agency's answer is not XML we can read (at byte {at}): {why}")]
    Syntax { at: u64, why: String },
    #[error("the tax agency's answer has no {0}")]
    Missing(&'static str),
    #[error("the tax agency's answer has {field} «{value}», which Caja does not know")]
    Unknown { field: &'static str, value: String },
}

impl From<ReadError> for ReplyError {
    fn from(e: ReadError) -> ReplyError {
        match e {
            ReadError::Syntax { at, why } => ReplyError::Syntax { at, why },
            ReadError::Missing(what) => ReplyError::Missing(what),
        }
    }
}

#[derive(Default)]
struct LineDraft {
    issuer: String,
    number: String,
    issued: String,
    operation: String,
    state: String,
    code: Option<u32>,
    description: Option<String>,
    dup_request: String,
    dup_state: String,
    dup_code: Option<u32>,
    dup_description: Option<String>,
}

fn unknown(field: &'static str, value: &str) -> ReplyError {
    ReplyError::Unknown {
        field,
        value: value.to_string(),
    }
}

impl LineDraft {
    fn finish(self) -> Result<Line, ReplyError> {
        let state = match self.state.as_str() {
            "Correcto" => LineState::Correcto,
            "AceptadoConErrores" => LineState::AceptadoConErrores,
            "Incorrecto" => LineState::Incorrecto,
            other => return Err(unknown("EstadoRegistro", other)),
        };
        let duplicate = if self.dup_request.is_empty() {
            None
        } else {
            Some(Duplicate {
                request_id: self.dup_request,
                state: match self.dup_state.as_str() {
                    "Correcta" => DuplicateState::Correcta,
                    "AceptadaConErrores" => DuplicateState::AceptadaConErrores,
                    "Anulada" => DuplicateState::Anulada,
                    other => return Err(unknown("EstadoRegistroDuplicado", other)),
                },
                code: self.dup_code,
                description: self.dup_description,
            })
        };
        if self.number.is_empty() {
            return Err(ReplyError::Missing("RespuestaLinea/IDFactura"));
        }
        Ok(Line {
            issuer: self.issuer,
            number: self.number,
            issued: self.issued,
            alta: self.operation != "Anulacion",
            state,
            code: self.code,
            description: self.description,
            duplicate,
        })
    }
}

/// Reads the AEAT's answer (the SOAP envelope as received, or its body).
pub fn read_reply(xml: &str) -> Result<Reply, ReplyError> {
    let mut csv = None;
    let mut wait = None;
    let mut state = None;
    let mut drafts: Vec<LineDraft> = Vec::new();
    let mut fault: Option<(String, String)> = None;
    walk(
        xml,
        &[
            "CSV",
            "TiempoEsperaEnvio",
            "EstadoEnvio",
            "RespuestaLinea",
            "Fault",
        ],
        |w| {
            match w {
                Walk::Start("RespuestaLinea") => drafts.push(LineDraft::default()),
                Walk::Start("Fault") => fault = Some((String::new(), String::new())),
                Walk::Start(_) | Walk::End(_) => {}
                Walk::Text(path, text) => {
                    let names: Vec<&str> = path.iter().map(String::as_str).collect();
                    match names.as_slice() {
                        ["CSV"] => csv = Some(text),
                        ["TiempoEsperaEnvio"] => wait = Some(text),
                        ["EstadoEnvio"] => state = Some(text),
                        ["Fault", .., "faultcode"] => {
                            if let Some(f) = fault.as_mut() {
                                f.0 = text;
                            }
                        }
                        ["Fault", .., "faultstring"] => {
                            if let Some(f) = fault.as_mut() {
                                f.1 = text;
                            }
                        }
                        ["RespuestaLinea", ..] => {
                            if let Some(l) = drafts.last_mut() {
                                let tail = &names[names.len().saturating_sub(3)..];
                                take_line(l, tail, text);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Ok(())
        },
    )
    .map_err(ReplyError::from)?;
    if let Some((code, message)) = fault {
        return Ok(Reply::Fault { code, message });
    }
    let lines = drafts
        .into_iter()
        .map(LineDraft::finish)
        .collect::<Result<Vec<_>, _>>()?;
    let wait_secs = match wait {
        Some(text) => text
            .parse::<u32>()
            .map_err(|_| unknown("TiempoEsperaEnvio", &text))?,
        None => return Err(ReplyError::Missing("TiempoEsperaEnvio")),
    };
    let state = match state.as_deref() {
        Some("Correcto") => RequestState::Correcto,
        Some("ParcialmenteCorrecto") => RequestState::ParcialmenteCorrecto,
        Some("Incorrecto") => RequestState::Incorrecto,
        Some(other) => return Err(unknown("EstadoEnvio", other)),
        None => return Err(ReplyError::Missing("EstadoEnvio")),
    };
    Ok(Reply::Answer {
        csv,
        wait_secs,
        state,
        lines,
    })
}

fn take_line(l: &mut LineDraft, tail: &[&str], text: String) {
    let number = |t: &str| t.parse::<u32>().ok();
    match tail {
        [.., "IDFactura", "IDEmisorFactura"] => l.issuer = text,
        [.., "IDFactura", "NumSerieFactura"] => l.number = text,
        [.., "IDFactura", "FechaExpedicionFactura"] => l.issued = text,
        [.., "Operacion", "TipoOperacion"] => l.operation = text,
        [.., "RegistroDuplicado", "IdPeticionRegistroDuplicado"] => l.dup_request = text,
        [.., "RegistroDuplicado", "EstadoRegistroDuplicado"] => l.dup_state = text,
        [.., "RegistroDuplicado", "CodigoErrorRegistro"] => l.dup_code = number(&text),
        [.., "RegistroDuplicado", "DescripcionErrorRegistro"] => l.dup_description = Some(text),
        [.., "RespuestaLinea", "EstadoRegistro"] => l.state = text,
        [.., "RespuestaLinea", "CodigoErrorRegistro"] => l.code = number(&text),
        [.., "RespuestaLinea", "DescripcionErrorRegistro"] => l.description = Some(text),
        _ => {}
    }
}

/// The AEAT's words for an error code (`errores.properties`, as published), for the manager.
pub fn error_text(code: u32) -> Option<String> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<u32, String>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            let bytes = include_bytes!("../../assets/fiscal/verifactu/errores.properties");
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            text.lines()
                .filter_map(|l| {
                    let (code, words) = l.split_once('=')?;
                    Some((code.trim().parse().ok()?, words.trim().to_string()))
                })
                .collect()
        })
        .get(&code)
        .cloned()
}
