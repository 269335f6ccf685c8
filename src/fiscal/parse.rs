//! Records read back from their XML alone — a stored fragment, a request, an inspection's
//! export — with just what the hash and the chain cover, as the text the XML carries. Then
//! `chain::verify` recomputes each hash and follows each link without trusting anything else.

use quick_xml::events::Event;

/// What a record's XML says that its hash and link cover.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReadRecord {
    /// `RegistroAlta` (true) or `RegistroAnulacion`.
    pub alta: bool,
    pub issuer: String,
    pub number: String,
    /// `DD-MM-AAAA`, as written.
    pub issued: String,
    /// `TipoFactura` (altas).
    pub kind: String,
    pub tax: String,
    pub total: String,
    /// `PrimerRegistro` S.
    pub first: bool,
    /// `RegistroAnterior`: issuer, number, issue date, hash.
    pub previous: Option<ReadLink>,
    pub generated: String,
    pub hash: String,
    /// `SistemaInformatico/NumeroInstalacion`.
    pub installation: String,
}

/// The previous record as a record names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReadLink {
    pub issuer: String,
    pub number: String,
    pub issued: String,
    pub hash: String,
}

impl ReadRecord {
    /// The hash the record's own fields give.
    pub fn expected_hash(&self) -> String {
        let previous = self.previous.as_ref().map(|l| l.hash.as_str());
        if self.alta {
            super::huella::Alta {
                issuer: &self.issuer,
                number: &self.number,
                issued: &self.issued,
                kind: &self.kind,
                tax: &self.tax,
                total: &self.total,
                previous,
                generated: &self.generated,
            }
            .huella()
        } else {
            super::huella::Anulacion {
                issuer: &self.issuer,
                number: &self.number,
                issued: &self.issued,
                previous,
                generated: &self.generated,
            }
            .huella()
        }
    }
}

/// XML that is not records.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("the XML cannot be read at byte {at}: {why}")]
    Syntax { at: u64, why: String },
    #[error("a record has no {0}")]
    Missing(&'static str),
}

/// What `walk` meets inside an element named as a root.
pub(crate) enum Walk<'a> {
    /// A root element begins.
    Start(&'a str),
    /// An element's text (entities resolved, trimmed); the path starts at its root.
    Text(&'a [String], String),
    /// A root element ends.
    End(&'a str),
}

/// Walks `xml`, telling `on` about the elements named in `roots` (by local name, wherever they
/// are) and the texts inside them; everything else is passed over.
pub(crate) fn walk(
    xml: &str,
    roots: &[&str],
    mut on: impl FnMut(Walk<'_>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    // Local names from the root element down; empty outside one.
    let mut path: Vec<String> = Vec::new();
    // The current element's text as written (entity references kept, resolved at its end).
    let mut raw = String::new();
    let syntax = |reader: &quick_xml::Reader<&[u8]>, why: String| ReadError::Syntax {
        at: reader.buffer_position(),
        why,
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| syntax(&reader, e.to_string()))?;
        match event {
            Event::Start(e) => {
                raw.clear();
                let name = e.local_name().as_ref().to_string();
                if !path.is_empty() {
                    path.push(name);
                } else if roots.contains(&name.as_str()) {
                    on(Walk::Start(&name))?;
                    path.push(name);
                }
            }
            Event::End(_) if !path.is_empty() => {
                if !raw.is_empty() {
                    let text = quick_xml::escape::unescape(&raw)
                        .map_err(|e| syntax(&reader, e.to_string()))?;
                    on(Walk::Text(&path, text.trim().to_string()))?;
                }
                raw.clear();
                let name = path.pop().unwrap_or_default();
                if path.is_empty() {
                    on(Walk::End(&name))?;
                }
            }
            Event::Text(t) if !path.is_empty() => raw.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if !path.is_empty() => {
                raw.push('&');
                raw.push_str(&r.xml10_content());
                raw.push(';');
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// Every `RegistroAlta` and `RegistroAnulacion` in `xml`, in their order (a fragment, a
/// request, an envelope or an export of many).
pub fn read_records(xml: &str) -> Result<Vec<ReadRecord>, ReadError> {
    let mut out = Vec::new();
    let mut current = ReadRecord::default();
    walk(xml, &["RegistroAlta", "RegistroAnulacion"], |w| {
        match w {
            Walk::Start(name) => {
                current = ReadRecord {
                    alta: name == "RegistroAlta",
                    ..ReadRecord::default()
                }
            }
            Walk::Text(path, text) if path.len() > 1 => take(&mut current, &path[1..], text),
            Walk::Text(..) => {}
            Walk::End(_) => out.push(finish(std::mem::take(&mut current))?),
        }
        Ok(())
    })?;
    Ok(out)
}

fn take(r: &mut ReadRecord, path: &[String], text: String) {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    match names.as_slice() {
        ["IDFactura", "IDEmisorFactura" | "IDEmisorFacturaAnulada"] => r.issuer = text,
        ["IDFactura", "NumSerieFactura" | "NumSerieFacturaAnulada"] => r.number = text,
        [
            "IDFactura",
            "FechaExpedicionFactura" | "FechaExpedicionFacturaAnulada",
        ] => r.issued = text,
        other => hashed_field(r, other, text),
    }
}

/// The fields a record's hash and link cover besides its `IDFactura`, by their path inside the
/// record (a `RegistroAlta`, or the query service's `DatosRegistroFacturacion`).
pub(crate) fn hashed_field(r: &mut ReadRecord, path: &[&str], text: String) {
    match path {
        ["TipoFactura"] => r.kind = text,
        ["CuotaTotal"] => r.tax = text,
        ["ImporteTotal"] => r.total = text,
        ["Encadenamiento", "PrimerRegistro"] => r.first = text == "S",
        ["Encadenamiento", "RegistroAnterior", field] => {
            let link = r.previous.get_or_insert_with(ReadLink::default);
            match *field {
                "IDEmisorFactura" => link.issuer = text,
                "NumSerieFactura" => link.number = text,
                "FechaExpedicionFactura" => link.issued = text,
                "Huella" => link.hash = text,
                _ => {}
            }
        }
        ["SistemaInformatico", "NumeroInstalacion"] => r.installation = text,
        ["FechaHoraHusoGenRegistro"] => r.generated = text,
        ["Huella"] => r.hash = text,
        _ => {}
    }
}

fn finish(r: ReadRecord) -> Result<ReadRecord, ReadError> {
    if r.issuer.is_empty() {
        return Err(ReadError::Missing("IDEmisorFactura"));
    }
    if r.number.is_empty() {
        return Err(ReadError::Missing("NumSerieFactura"));
    }
    if r.hash.is_empty() {
        return Err(ReadError::Missing("Huella"));
    }
    if r.generated.is_empty() {
        return Err(ReadError::Missing("FechaHoraHusoGenRegistro"));
    }
    if !r.first && r.previous.is_none() {
        return Err(ReadError::Missing("Encadenamiento"));
    }
    Ok(r)
}
