//! The AEAT's query service (`ConsultaFactuSistemaFacturacion`): which records the agency holds
//! for the taxpayer in a month (optionally one installation's), a page at a time. A restored
//! store asks it for the records it lacks, to chain on after them without reissuing a number.
//! Pure: the request's XML out (`ConsultaLR.xsd`), the answer's records in
//! (`RespuestaConsultaLR.xsd`), with what their hash and link cover.

use super::parse::{ReadError, ReadRecord, Walk, hashed_field, walk};
use super::record::{InvoiceId, SystemInfo};
use super::xml::{NS_SOAP, NS_SUM1, Taxpayer};

/// The query's namespace.
pub const NS_QUERY: &str = "https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/ConsultaLR.xsd";

/// What to ask for.
#[derive(Clone, Debug)]
pub struct Query<'a> {
    pub taxpayer: &'a Taxpayer,
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// Only this installation's records (its system and `NumeroInstalacion`).
    pub system: Option<&'a SystemInfo>,
    /// The page after this record (`ClavePaginacion` of the previous answer).
    pub after: Option<&'a InvoiceId>,
}

fn esc(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// The query's body (`con:ConsultaFactuSistemaFacturacion`).
pub fn query_body(q: &Query<'_>) -> String {
    let mut out = format!(
        "<con:ConsultaFactuSistemaFacturacion xmlns:con=\"{NS_QUERY}\" xmlns:sum1=\"{NS_SUM1}\">\
         <con:Cabecera><sum1:IDVersion>1.0</sum1:IDVersion><sum1:ObligadoEmision>\
         <sum1:NombreRazon>{}</sum1:NombreRazon><sum1:NIF>{}</sum1:NIF></sum1:ObligadoEmision>\
         </con:Cabecera><con:FiltroConsulta><con:PeriodoImputacion>\
         <sum1:Ejercicio>{:04}</sum1:Ejercicio><sum1:Periodo>{:02}</sum1:Periodo>\
         </con:PeriodoImputacion>",
        esc(&q.taxpayer.name),
        esc(&q.taxpayer.nif),
        q.year,
        q.month
    );
    if let Some(s) = q.system {
        out.push_str(&format!(
            "<con:SistemaInformatico><sum1:NombreRazon>{}</sum1:NombreRazon><sum1:NIF>{}</sum1:NIF>\
             <sum1:IdSistemaInformatico>{}</sum1:IdSistemaInformatico>\
             <sum1:NumeroInstalacion>{}</sum1:NumeroInstalacion></con:SistemaInformatico>",
            esc(&s.producer_name),
            esc(&s.producer_nif),
            esc(&s.id),
            esc(&s.installation)
        ));
    }
    if let Some(id) = q.after {
        out.push_str(&format!(
            "<con:ClavePaginacion><sum1:IDEmisorFactura>{}</sum1:IDEmisorFactura>\
             <sum1:NumSerieFactura>{}</sum1:NumSerieFactura>\
             <sum1:FechaExpedicionFactura>{}</sum1:FechaExpedicionFactura></con:ClavePaginacion>",
            esc(&id.issuer),
            esc(&id.number),
            super::date(id.issued)
        ));
    }
    out.push_str("</con:FiltroConsulta></con:ConsultaFactuSistemaFacturacion>");
    out
}

/// The query as a SOAP 1.1 envelope.
pub fn query_envelope(q: &Query<'_>) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soapenv:Envelope xmlns:soapenv=\"{NS_SOAP}\">\
         <soapenv:Header/><soapenv:Body>{}</soapenv:Body></soapenv:Envelope>",
        query_body(q)
    )
}

/// A record as the agency holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// Its hash fields and link, as the agency has them (an anulación is held as its alta,
    /// `Anulado`).
    pub record: ReadRecord,
    /// `Correcto`, `AceptadoConErrores` or `Anulado`.
    pub state: String,
}

/// One page of the answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryPage {
    pub held: Vec<Held>,
    /// More pages follow (`IndicadorPaginacion` S): ask again after `next`.
    pub more: bool,
    pub next: Option<(String, String, String)>,
}

/// Reads one page of the query's answer.
pub fn read_query_answer(xml: &str) -> Result<QueryPage, ReadError> {
    let mut page = QueryPage::default();
    let mut current = ReadRecord {
        alta: true,
        ..ReadRecord::default()
    };
    let mut state = String::new();
    let mut next = (String::new(), String::new(), String::new());
    walk(
        xml,
        &[
            "RegistroRespuestaConsultaFactuSistemaFacturacion",
            "IndicadorPaginacion",
            "ClavePaginacion",
        ],
        |w| {
            match w {
                Walk::Start(_) => {}
                Walk::Text(path, text) => {
                    let names: Vec<&str> = path.iter().map(String::as_str).collect();
                    match names.as_slice() {
                        ["IndicadorPaginacion"] => page.more = text == "S",
                        ["ClavePaginacion", "IDEmisorFactura"] => next.0 = text,
                        ["ClavePaginacion", "NumSerieFactura"] => next.1 = text,
                        ["ClavePaginacion", "FechaExpedicionFactura"] => next.2 = text,
                        [_, "IDFactura", "IDEmisorFactura"] => current.issuer = text,
                        [_, "IDFactura", "NumSerieFactura"] => current.number = text,
                        [_, "IDFactura", "FechaExpedicionFactura"] => current.issued = text,
                        [_, "EstadoRegistro", "EstadoRegistro"] => state = text,
                        [_, "DatosRegistroFacturacion", rest @ ..] => {
                            hashed_field(&mut current, rest, text)
                        }
                        _ => {}
                    }
                }
                Walk::End(name) => {
                    if name == "RegistroRespuestaConsultaFactuSistemaFacturacion" {
                        let record = std::mem::replace(
                            &mut current,
                            ReadRecord {
                                alta: true,
                                ..ReadRecord::default()
                            },
                        );
                        page.held.push(Held {
                            record,
                            state: std::mem::take(&mut state),
                        });
                    }
                }
            }
            Ok(())
        },
    )?;
    if !next.1.is_empty() {
        page.next = Some(next);
    }
    Ok(page)
}
