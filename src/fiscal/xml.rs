//! Records as the AEAT's schemas write them (`SuministroInformacion.xsd`, `SuministroLR.xsd`):
//! each record is a `sum1:RegistroAlta` or `sum1:RegistroAnulacion` fragment, written once when
//! it is sealed and kept as it is; a request (`sum:RegFactuSistemaFacturacion`) is a header and
//! up to 1,000 fragments, and the SOAP envelope wraps it. Element order follows the schema's
//! sequences; the tests validate every kind with `xmllint --schema`.

use super::record::{
    Cancellation, ChainLink, Entry, Invoice, InvoiceId, Party, PartyId, Record, SystemInfo,
    TaxDetail, Treatment, tax_code,
};
use super::{amount, date, moment};

/// The request's namespace (`SuministroLR.xsd`).
pub const NS_SUM: &str = "https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/SuministroLR.xsd";
/// The records' namespace (`SuministroInformacion.xsd`).
pub const NS_SUM1: &str = "https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/SuministroInformacion.xsd";
/// SOAP 1.1.
pub const NS_SOAP: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// At most this many records in one request (Orden HAC/1177/2024 art. 16).
pub const MAX_RECORDS_PER_REQUEST: usize = 1000;

/// A tiny writer of `sum1:` elements.
struct Out(String);

impl Out {
    fn open(&mut self, tag: &str) {
        self.0.push_str("<sum1:");
        self.0.push_str(tag);
        self.0.push('>');
    }

    fn close(&mut self, tag: &str) {
        self.0.push_str("</sum1:");
        self.0.push_str(tag);
        self.0.push('>');
    }

    fn leaf(&mut self, tag: &str, text: &str) {
        self.open(tag);
        self.0.push_str(&quick_xml::escape::escape(text.trim()));
        self.close(tag);
    }

    fn id(&mut self, tag: &str, id: &InvoiceId) {
        self.open(tag);
        self.leaf("IDEmisorFactura", &id.issuer);
        self.leaf("NumSerieFactura", &id.number);
        self.leaf("FechaExpedicionFactura", &date(id.issued));
        self.close(tag);
    }

    fn party(&mut self, tag: &str, p: &Party) {
        self.open(tag);
        self.leaf("NombreRazon", &p.name);
        match &p.id {
            PartyId::Nif(nif) => self.leaf("NIF", nif),
            PartyId::Other { country, kind, id } => {
                self.open("IDOtro");
                self.leaf("CodigoPais", country);
                self.leaf("IDType", kind);
                self.leaf("ID", id);
                self.close("IDOtro");
            }
        }
        self.close(tag);
    }

    fn detail(&mut self, d: &TaxDetail) {
        self.open("DetalleDesglose");
        self.leaf("Impuesto", tax_code(d.tax));
        self.leaf("ClaveRegimen", &d.regime);
        match d.treatment {
            Treatment::Subject => {
                self.leaf("CalificacionOperacion", "S1");
                self.leaf("TipoImpositivo", &amount(i64::from(d.rate_bp), 2));
                self.leaf("BaseImponibleOimporteNoSujeto", &amount(d.base, 2));
                self.leaf("CuotaRepercutida", &amount(d.quota, 2));
                if d.recargo_bp > 0 {
                    self.leaf(
                        "TipoRecargoEquivalencia",
                        &amount(i64::from(d.recargo_bp), 2),
                    );
                    self.leaf("CuotaRecargoEquivalencia", &amount(d.recargo_quota, 2));
                }
            }
            Treatment::Exempt(cause) => {
                self.leaf("OperacionExenta", cause.as_str());
                self.leaf("BaseImponibleOimporteNoSujeto", &amount(d.base, 2));
            }
        }
        self.close("DetalleDesglose");
    }

    fn chain(&mut self, previous: Option<&ChainLink>) {
        self.open("Encadenamiento");
        match previous {
            None => self.leaf("PrimerRegistro", "S"),
            Some(link) => {
                self.open("RegistroAnterior");
                self.leaf("IDEmisorFactura", &link.id.issuer);
                self.leaf("NumSerieFactura", &link.id.number);
                self.leaf("FechaExpedicionFactura", &date(link.id.issued));
                self.leaf("Huella", &link.hash);
                self.close("RegistroAnterior");
            }
        }
        self.close("Encadenamiento");
    }

    fn system(&mut self, s: &SystemInfo) {
        self.open("SistemaInformatico");
        self.leaf("NombreRazon", &s.producer_name);
        self.leaf("NIF", &s.producer_nif);
        self.leaf("NombreSistemaInformatico", &s.name);
        self.leaf("IdSistemaInformatico", &s.id);
        self.leaf("Version", &s.version);
        self.leaf("NumeroInstalacion", &s.installation);
        self.leaf("TipoUsoPosibleSoloVerifactu", "S");
        self.leaf("TipoUsoPosibleMultiOT", "N");
        self.leaf("IndicadorMultiplesOT", "N");
        self.close("SistemaInformatico");
    }

    fn seal(&mut self, r: &Record) {
        self.leaf("FechaHoraHusoGenRegistro", &moment(r.generated));
        self.leaf("TipoHuella", "01");
        self.leaf("Huella", &r.hash);
    }

    fn alta(&mut self, r: &Record, i: &Invoice, system: &SystemInfo) {
        self.open("RegistroAlta");
        self.leaf("IDVersion", "1.0");
        self.id("IDFactura", &i.id);
        self.leaf("NombreRazonEmisor", &i.issuer_name);
        if i.correction {
            self.leaf("Subsanacion", "S");
            self.leaf("RechazoPrevio", "X");
        }
        self.leaf("TipoFactura", i.kind.as_str());
        if i.kind.is_corrective() {
            self.leaf("TipoRectificativa", "I");
            self.open("FacturasRectificadas");
            for id in &i.rectified {
                self.id("IDFacturaRectificada", id);
            }
            self.close("FacturasRectificadas");
        }
        if !i.replaced.is_empty() {
            self.open("FacturasSustituidas");
            for id in &i.replaced {
                self.id("IDFacturaSustituida", id);
            }
            self.close("FacturasSustituidas");
        }
        self.leaf("DescripcionOperacion", &i.description);
        if let Some(p) = &i.recipient {
            self.open("Destinatarios");
            self.party("IDDestinatario", p);
            self.close("Destinatarios");
        }
        self.open("Desglose");
        for d in &i.details {
            self.detail(d);
        }
        self.close("Desglose");
        self.leaf("CuotaTotal", &amount(i.tax_total(), 2));
        self.leaf("ImporteTotal", &amount(i.total(), 2));
        self.chain(r.previous.as_ref());
        self.system(system);
        self.seal(r);
        self.close("RegistroAlta");
    }

    fn anulacion(&mut self, r: &Record, c: &Cancellation, system: &SystemInfo) {
        self.open("RegistroAnulacion");
        self.leaf("IDVersion", "1.0");
        self.open("IDFactura");
        self.leaf("IDEmisorFacturaAnulada", &c.id.issuer);
        self.leaf("NumSerieFacturaAnulada", &c.id.number);
        self.leaf("FechaExpedicionFacturaAnulada", &date(c.id.issued));
        self.close("IDFactura");
        self.chain(r.previous.as_ref());
        self.system(system);
        self.seal(r);
        self.close("RegistroAnulacion");
    }
}

/// The record's fragment: `<sum1:RegistroAlta>…</sum1:RegistroAlta>` (or `RegistroAnulacion`),
/// its `sum1` prefix declared by the request that carries it.
pub fn record_fragment(record: &Record, system: &SystemInfo) -> String {
    let mut out = Out(String::with_capacity(2048));
    match &record.entry {
        Entry::Alta(i) => out.alta(record, i, system),
        Entry::Anulacion(c) => out.anulacion(record, c, system),
    }
    out.0
}

/// Who sends the records (`Cabecera/ObligadoEmision`): the store's legal name and NIF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taxpayer {
    pub name: String,
    pub nif: String,
}

/// The request's body (`sum:RegFactuSistemaFacturacion`) around record fragments, with the XML
/// declaration: what `xmllint --schema SuministroLR.xsd` validates.
pub fn request(taxpayer: &Taxpayer, fragments: &[&str]) -> String {
    let size: usize = fragments.iter().map(|f| f.len() + 48).sum();
    let mut out = Out(String::with_capacity(size + 1024));
    out.0
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    request_element(&mut out, taxpayer, fragments);
    out.0
}

fn request_element(out: &mut Out, taxpayer: &Taxpayer, fragments: &[&str]) {
    out.0
        .push_str("<sum:RegFactuSistemaFacturacion xmlns:sum=\"");
    out.0.push_str(NS_SUM);
    out.0.push_str("\" xmlns:sum1=\"");
    out.0.push_str(NS_SUM1);
    out.0.push_str("\"><sum:Cabecera>");
    out.open("ObligadoEmision");
    out.leaf("NombreRazon", &taxpayer.name);
    out.leaf("NIF", &taxpayer.nif);
    out.close("ObligadoEmision");
    out.0.push_str("</sum:Cabecera>");
    for f in fragments {
        out.0.push_str("<sum:RegistroFactura>");
        out.0.push_str(f);
        out.0.push_str("</sum:RegistroFactura>");
    }
    out.0.push_str("</sum:RegFactuSistemaFacturacion>");
}

/// The SOAP 1.1 envelope of a request, as it goes over the wire.
pub fn envelope(taxpayer: &Taxpayer, fragments: &[&str]) -> String {
    let size: usize = fragments.iter().map(|f| f.len() + 48).sum();
    let mut out = Out(String::with_capacity(size + 1024));
    out.0
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soapenv:Envelope xmlns:soapenv=\"");
    out.0.push_str(NS_SOAP);
    out.0.push_str("\"><soapenv:Header/><soapenv:Body>");
    request_element(&mut out, taxpayer, fragments);
    out.0.push_str("</soapenv:Body></soapenv:Envelope>");
    out.0
}

/// A record's fragment on its own, with its namespace declared (`caja fiscal record --xml`,
/// an inspection's export): the same bytes as sent, plus the declaration.
pub fn standalone(fragment: &str) -> String {
    match fragment.find('>') {
        Some(end) if fragment.starts_with("<sum1:") => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{} xmlns:sum1=\"{NS_SUM1}\"{}\n",
            &fragment[..end],
            &fragment[end..]
        ),
        _ => fragment.to_string(),
    }
}
