//! Every kind of VERI*FACTU request Caja builds, validated against the AEAT's own schemas with
//! `xmllint --noout --nonet --schema` and the kit's XML catalog (`assets/fiscal/verifactu/`,
//! the AEAT's files unmodified): F1, F2, F3, R1, R5, anulación, exempt and multi-rate tickets,
//! an IGIC ticket, an F1 with recargo, the first record of a chain, a 1,000-record batch (and
//! 1,001 refused, so the validator is known to bite). Then the chain: read back from the XML
//! alone and recomputed, with each kind of break named at the right record.

use caja::fiscal::chain::{self, Problem};
use caja::fiscal::parse::read_records;
use caja::fiscal::qr::Environment;
use caja::fiscal::record::{
    ChainLink, InvoiceId, InvoiceType, Party, PartyId, Record, RecordError, SystemInfo,
};
use caja::fiscal::verifactu::{Issuer, Verifactu};
use caja::fiscal::xml::{Taxpayer, envelope, request, standalone};
use caja::fiscal::{Customer, FiscalError, Issue, Regime, Sealed};
use caja::till::document::{DocKind, DocLine, DocumentDraft};
use caja::till::money::{Currency, Rounding};
use caja::till::quantity::Measure;
use caja::till::tax::{Exemption, TaxKind, breakdown};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn kit() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fiscal/verifactu")
}

/// Validates a request body against `SuministroLR.xsd`; the error is xmllint's own words.
pub fn xmllint(xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("request.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .current_dir(kit())
        .env("XML_CATALOG_FILES", "catalog.xml")
        .args(["--noout", "--nonet", "--schema", "SuministroLR.xsd"])
        .arg(&file)
        .output()
        .expect("xmllint runs (Debian: apt-get install libxml2-utils; .ci/run installs it)");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn valid(xml: &str) {
    if let Err(e) = xmllint(xml) {
        panic!("the AEAT's schema refuses the request:\n{e}\n{xml}");
    }
}

pub fn system() -> SystemInfo {
    SystemInfo {
        producer_name: "Caja Software Test".into(),
        producer_nif: "89890002E".into(),
        name: "Caja".into(),
        id: "CJ".into(),
        version: "0.1.0".into(),
        installation: "A7F3-T01".into(),
    }
}

pub fn verifactu(tax: TaxKind) -> Verifactu {
    Verifactu {
        issuer: Issuer {
            nif: "89890001K".into(),
            legal_name: "Ultramarinos Pérez & Hijos, S.L.".into(),
            tax,
        },
        system: system(),
        environment: Environment::Test,
    }
}

fn taxpayer() -> Taxpayer {
    Taxpayer {
        name: "Ultramarinos Pérez & Hijos, S.L.".into(),
        nif: "89890001K".into(),
    }
}

/// A document with lines `(rate, total in cents, exemption)`.
pub fn draft(kind: DocKind, lines: &[(u32, i64, Option<Exemption>)]) -> DocumentDraft {
    let sign = if kind == DocKind::Return { -1 } else { 1 };
    let lines: Vec<DocLine> = lines
        .iter()
        .enumerate()
        .map(|(i, &(rate, total, exemption))| DocLine {
            line_no: i as i64 + 1,
            product_id: i as i64 + 1,
            code: format!("P{i}"),
            name: format!("Producto {i}"),
            tax_rate_bp: rate,
            measure: Measure::Unit,
            unit_price: total,
            qty_milli: 1000 * sign,
            price_overridden: false,
            line_discount: 0,
            ticket_discount: 0,
            total: total * sign,
            ref_line_no: None,
            exemption,
        })
        .collect();
    let taxes = breakdown(
        lines.iter().map(|l| (l.tax_rate_bp, l.total)),
        Rounding::HalfUp,
    );
    DocumentDraft {
        kind,
        series: "A7F3-T01".into(),
        terminal: "T01".into(),
        shift_id: 1,
        user_id: 1,
        approved_by: None,
        created_at: "2026-12-05T10:20:30+01:00".into(),
        business_day: "2026-12-05".into(),
        currency: Currency::Eur,
        total: lines.iter().map(|l| l.total).sum(),
        discount_total: 0,
        rounding: 0,
        change_given: 0,
        ref_document_id: None,
        reason: None,
        lines,
        tenders: vec![],
        taxes,
        training: false,
        customer_id: None,
        recargo: 0,
    }
}

fn business() -> Customer {
    Customer {
        party: Party {
            name: "Bar Cañas <y> Tapas, S.L.".into(),
            id: PartyId::Nif("89890002E".into()),
        },
    }
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
}

fn ticket_id(n: u32) -> InvoiceId {
    InvoiceId {
        issuer: "89890001K".into(),
        number: format!("A7F3-T01-{n:06}"),
        issued: day(),
    }
}

fn seal(v: &Verifactu, d: &DocumentDraft, n: u32, issue: &Issue, prev: Option<&Sealed>) -> Sealed {
    v.seal_document(
        d,
        &format!("A7F3-T01-{n:06}"),
        issue,
        prev.map(|p| p.record.link()),
    )
    .unwrap()
}

fn one(s: &Sealed) -> String {
    request(&taxpayer(), &[s.xml().as_str()])
}

#[test]
fn every_kind_of_record_validates_against_the_aeat_schema() {
    let v = verifactu(TaxKind::Iva);
    let sale = draft(
        DocKind::Sale,
        &[(2100, 1210, None), (1000, 550, None), (400, 104, None)],
    );
    // The first record of a chain: PrimerRegistro S.
    let f2 = seal(&v, &sale, 1, &Issue::Ticket, None);
    assert!(
        f2.xml()
            .contains("<sum1:PrimerRegistro>S</sum1:PrimerRegistro>")
    );
    assert_eq!(f2.record.invoice_type(), Some(InvoiceType::F2));
    valid(&one(&f2));
    // Multi-rate: three DetalleDesglose, totals to the cent.
    assert_eq!(f2.xml().matches("<sum1:DetalleDesglose>").count(), 3);
    assert!(
        f2.xml()
            .contains("<sum1:ImporteTotal>18.64</sum1:ImporteTotal>")
    );

    let f1 = seal(&v, &sale, 2, &Issue::Invoice(business()), Some(&f2));
    assert!(f1.xml().contains("<sum1:NIF>89890002E</sum1:NIF>"));
    assert!(f1.xml().contains("Bar Cañas &lt;y&gt; Tapas"));
    assert!(
        f1.xml()
            .contains(&format!("<sum1:Huella>{}</sum1:Huella>", f2.record.hash))
    );
    valid(&one(&f1));

    let f3 = seal(
        &v,
        &sale,
        3,
        &Issue::Replacing {
            customer: business(),
            tickets: vec![ticket_id(1)],
        },
        Some(&f1),
    );
    assert!(f3.xml().contains("<sum1:FacturasSustituidas>"));
    valid(&one(&f3));

    let back = draft(DocKind::Return, &[(2100, 1210, None)]);
    let r5 = seal(
        &v,
        &back,
        4,
        &Issue::Return {
            original: ticket_id(1),
            customer: None,
        },
        Some(&f3),
    );
    assert_eq!(r5.record.invoice_type(), Some(InvoiceType::R5));
    assert!(
        r5.xml()
            .contains("<sum1:TipoRectificativa>I</sum1:TipoRectificativa>")
    );
    assert!(
        r5.xml()
            .contains("<sum1:ImporteTotal>-12.10</sum1:ImporteTotal>")
    );
    valid(&one(&r5));

    let r1 = seal(
        &v,
        &back,
        5,
        &Issue::Return {
            original: ticket_id(2),
            customer: Some(business()),
        },
        Some(&r5),
    );
    assert_eq!(r1.record.invoice_type(), Some(InvoiceType::R1));
    valid(&one(&r1));

    let generated = chrono::DateTime::parse_from_rfc3339("2026-12-05T11:00:00+01:00").unwrap();
    let anulacion = v
        .seal_cancellation(ticket_id(5), generated, Some(r1.record.link()))
        .unwrap();
    assert!(anulacion.qr().is_none());
    valid(&one(&anulacion));

    // Exempt (two causes) beside a subject rate: OperacionExenta without a rate or quota.
    let exempt = draft(
        DocKind::Sale,
        &[
            (0, 3000, Some(Exemption::E1)),
            (0, 1500, Some(Exemption::E5)),
            (2100, 121, None),
        ],
    );
    let e = seal(&v, &exempt, 6, &Issue::Ticket, Some(&anulacion));
    assert!(
        e.xml()
            .contains("<sum1:OperacionExenta>E1</sum1:OperacionExenta>")
    );
    assert!(
        e.xml()
            .contains("<sum1:OperacionExenta>E5</sum1:OperacionExenta>")
    );
    assert!(e.xml().contains("<sum1:CuotaTotal>0.21</sum1:CuotaTotal>"));
    valid(&one(&e));

    // IGIC (Canarias): Impuesto 03.
    let canarias = verifactu(TaxKind::Igic);
    let igic = seal(
        &canarias,
        &draft(DocKind::Sale, &[(700, 1070, None), (0, 200, None)]),
        7,
        &Issue::Ticket,
        Some(&e),
    );
    assert!(igic.xml().contains("<sum1:Impuesto>03</sum1:Impuesto>"));
    valid(&one(&igic));

    // F1 to a customer in recargo de equivalencia: 5,2 % on the 21 % base, 1,4 % on the 10 %.
    let mut charged = draft(DocKind::Sale, &[(2100, 12100, None), (1000, 1100, None)]);
    charged.recargo = caja::till::tax::add_recargo(
        &mut charged.taxes,
        &BTreeMap::from([(2100, 520), (1000, 140)]),
    );
    let rec = seal(&v, &charged, 8, &Issue::Invoice(business()), Some(&igic));
    assert!(
        rec.xml()
            .contains("<sum1:TipoRecargoEquivalencia>5.20</sum1:TipoRecargoEquivalencia>")
    );
    assert!(
        rec.xml()
            .contains("<sum1:CuotaRecargoEquivalencia>5.20</sum1:CuotaRecargoEquivalencia>")
    );
    assert!(
        rec.xml()
            .contains("<sum1:CuotaRecargoEquivalencia>0.14</sum1:CuotaRecargoEquivalencia>")
    );
    // Quotas 21.00 + 1.00 and recargos 5.20 + 0.14; the total adds them to the bases.
    assert!(
        rec.xml()
            .contains("<sum1:CuotaTotal>27.34</sum1:CuotaTotal>")
    );
    assert!(
        rec.xml()
            .contains("<sum1:ImporteTotal>137.34</sum1:ImporteTotal>")
    );
    valid(&one(&rec));

    // All of them in one request, and as a SOAP envelope's body.
    let all = [&f2, &f1, &f3, &r5, &r1, &anulacion, &e, &igic, &rec];
    let xml: Vec<String> = all.iter().map(|s| s.xml()).collect();
    let fragments: Vec<&str> = xml.iter().map(String::as_str).collect();
    valid(&request(&taxpayer(), &fragments));
    let soap = envelope(&taxpayer(), &fragments);
    assert!(soap.contains("<soapenv:Body><sum:RegFactuSistemaFacturacion"));

    // The chain, read back from the request's XML alone.
    let read = read_records(&soap).unwrap();
    assert_eq!(read.len(), 9);
    let end = chain::verify(&read, None).unwrap();
    assert_eq!(end.last_hash, rec.record.hash);
    // And from a record on its own, namespace declared (what `caja fiscal record --xml` shows).
    let alone = standalone(&rec.xml());
    assert!(alone.contains("xmlns:sum1="));
    assert_eq!(read_records(&alone).unwrap()[0].hash, rec.record.hash);
}

#[test]
fn a_thousand_records_go_in_one_request_and_a_thousand_and_one_do_not() {
    let v = verifactu(TaxKind::Iva);
    let sale = draft(DocKind::Sale, &[(2100, 1210, None)]);
    let mut chain: Vec<Sealed> = Vec::with_capacity(1001);
    for n in 1..=1001 {
        let s = seal(&v, &sale, n, &Issue::Ticket, chain.last());
        chain.push(s);
    }
    let xml: Vec<String> = chain.iter().map(Sealed::xml).collect();
    let fragments: Vec<&str> = xml.iter().map(String::as_str).collect();
    valid(&request(&taxpayer(), &fragments[..1000]));
    let refused = xmllint(&request(&taxpayer(), &fragments)).unwrap_err();
    assert!(refused.contains("RegistroFactura"), "{refused}");
}

#[test]
fn the_schema_is_known_to_bite() {
    // A record the schema must refuse: TipoFactura F9.
    let v = verifactu(TaxKind::Iva);
    let s = seal(
        &v,
        &draft(DocKind::Sale, &[(2100, 121, None)]),
        1,
        &Issue::Ticket,
        None,
    );
    let bad = one(&s).replace(">F2<", ">F9<");
    assert!(xmllint(&bad).unwrap_err().contains("TipoFactura"));
}

#[test]
fn records_the_agency_would_refuse_are_refused_before_sealing() {
    let v = verifactu(TaxKind::Iva);
    // A ticket over 3.000 €: the AEAT answers 1150; the till must issue an F1.
    let big = draft(DocKind::Sale, &[(2100, 300_001, None)]);
    let e = v
        .seal_document(&big, "A7F3-T01-000001", &Issue::Ticket, None)
        .unwrap_err();
    assert_eq!(e, FiscalError::Record(RecordError::TicketOverLimit));
    // The same amount on an F1 is fine.
    assert!(
        v.seal_document(&big, "A7F3-T01-000001", &Issue::Invoice(business()), None)
            .is_ok()
    );
    // A return must name what it corrects.
    let back = draft(DocKind::Return, &[(2100, 121, None)]);
    assert_eq!(
        v.seal_document(&back, "A7F3-T01R-000001", &Issue::Ticket, None)
            .unwrap_err(),
        FiscalError::ReturnWithoutOriginal
    );
    // An issuer without a 9-character tax id.
    let mut nameless = verifactu(TaxKind::Iva);
    nameless.issuer.nif = "B123".into();
    assert!(matches!(
        nameless.seal_document(&big, "X-1", &Issue::Invoice(business()), None),
        Err(FiscalError::Record(RecordError::IssuerId(_)))
    ));
    // A customer without a name.
    let mut anon = business();
    anon.party.name = "  ".into();
    assert_eq!(
        v.seal_document(&big, "X-1", &Issue::Invoice(anon), None)
            .unwrap_err(),
        FiscalError::Record(RecordError::RecipientName)
    );
}

/// A chain of `n` tickets, each sealed after the one before.
pub fn ticket_chain(v: &Verifactu, n: u32) -> Vec<Sealed> {
    let mut out: Vec<Sealed> = Vec::with_capacity(n as usize);
    for i in 1..=n {
        let cents = 100 + i64::from(i % 997);
        let d = draft(DocKind::Sale, &[(2100, cents, None), (1000, 55, None)]);
        let s = seal(v, &d, i, &Issue::Ticket, out.last());
        out.push(s);
    }
    out
}

#[test]
fn each_kind_of_break_is_named_at_the_first_broken_record() {
    let v = verifactu(TaxKind::Iva);
    let sealed = ticket_chain(&v, 6);
    // The records as sent, one fragment each.
    let chain: Vec<String> = sealed.iter().map(Sealed::xml).collect();
    let xml = |fragments: &[String]| {
        let f: Vec<&str> = fragments.iter().map(String::as_str).collect();
        request(&taxpayer(), &f)
    };
    assert_eq!(
        chain::verify(&read_records(&xml(&chain)).unwrap(), None)
            .unwrap()
            .records,
        6
    );

    // A changed amount: that record's own hash no longer matches.
    let mut changed = chain.clone();
    changed[3] = changed[3].replacen("<sum1:ImporteTotal>", "<sum1:ImporteTotal>1", 1);
    let b = chain::verify(&read_records(&xml(&changed)).unwrap(), None).unwrap_err();
    assert_eq!((b.position, b.number.as_str()), (4, "A7F3-T01-000004"));
    assert!(matches!(b.problem, Problem::Hash { .. }), "{b}");

    // A missing record: the next one's link names a record that is not there.
    let mut gap = chain.clone();
    gap.remove(2);
    let b = chain::verify(&read_records(&xml(&gap)).unwrap(), None).unwrap_err();
    assert_eq!(b.number, "A7F3-T01-000004");
    assert!(matches!(b.problem, Problem::Link { .. }), "{b}");
    assert!(b.to_string().contains("A7F3-T01-000003"), "{b}");

    // Two swapped.
    let mut swapped = chain.clone();
    swapped.swap(1, 2);
    let b = chain::verify(&read_records(&xml(&swapped)).unwrap(), None).unwrap_err();
    assert_eq!(b.position, 2);

    // A second first record (a chain restarted).
    let restarted = seal(
        &v,
        &draft(DocKind::Sale, &[(2100, 121, None)]),
        7,
        &Issue::Ticket,
        None,
    );
    let mut twice = chain.clone();
    twice.push(restarted.xml());
    let b = chain::verify(&read_records(&xml(&twice)).unwrap(), None).unwrap_err();
    assert_eq!(b.position, 7);
    assert!(matches!(b.problem, Problem::FirstAgain { .. }), "{b}");

    // A chain read from its middle: fine when told what came before, refused when not.
    let tail = read_records(&xml(&chain[3..])).unwrap();
    let before = &sealed[2].record;
    assert!(chain::verify(&tail, Some((&before.link().id.number, &before.hash))).is_ok());
    assert!(matches!(
        chain::verify(&tail, None).unwrap_err().problem,
        Problem::NoFirst { .. }
    ));
}

#[test]
fn hash_and_link_as_worked_by_hand() {
    // The README's rule worked by hand for a first ticket and the next: the text hashed is the
    // fields joined with `&`, amounts as the XML writes them, the first with `Huella=`.
    let v = verifactu(TaxKind::Iva);
    let first = seal(
        &v,
        &draft(DocKind::Sale, &[(2100, 1210, None)]),
        1,
        &Issue::Ticket,
        None,
    );
    let text = "IDEmisorFactura=89890001K&NumSerieFactura=A7F3-T01-000001\
        &FechaExpedicionFactura=05-12-2026&TipoFactura=F2&CuotaTotal=2.10&ImporteTotal=12.10\
        &Huella=&FechaHoraHusoGenRegistro=2026-12-05T10:20:30+01:00";
    assert_eq!(first.record.hash, sha256_upper(text));
    let second = seal(
        &v,
        &draft(DocKind::Sale, &[(1000, 550, None)]),
        2,
        &Issue::Ticket,
        Some(&first),
    );
    let text = format!(
        "IDEmisorFactura=89890001K&NumSerieFactura=A7F3-T01-000002\
        &FechaExpedicionFactura=05-12-2026&TipoFactura=F2&CuotaTotal=0.50&ImporteTotal=5.50\
        &Huella={}&FechaHoraHusoGenRegistro=2026-12-05T10:20:30+01:00",
        first.record.hash
    );
    assert_eq!(second.record.hash, sha256_upper(&text));
    assert_eq!(
        second.record.previous,
        Some(ChainLink {
            id: ticket_id(1),
            hash: first.record.hash.clone()
        })
    );
    // The QR carries the same number, date and total.
    assert_eq!(
        first.qr().as_deref(),
        Some(
            "https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K&numserie=A7F3-T01-000001&fecha=05-12-2026&importe=12.10"
        )
    );
    // A sealed record's hash is what its fields give.
    let r: &Record = &second.record;
    assert_eq!(r.expected_hash(), r.hash);
}

fn sha256_upper(text: &str) -> String {
    Command::new("sh")
        .args(["-c", "printf %s \"$1\" | sha256sum", "sh", text])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_uppercase()
        })
        .unwrap()
}

#[test]
fn a_chain_of_ten_thousand_tickets_recomputed_from_the_exported_xml_alone() {
    let v = verifactu(TaxKind::Iva);
    let chain = ticket_chain(&v, 10_000);
    let mut export = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Registros>");
    for s in &chain {
        export.push_str(
            &standalone(&s.xml()).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", ""),
        );
    }
    export.push_str("</Registros>");
    let read = read_records(&export).unwrap();
    assert_eq!(read.len(), 10_000);
    let ends = chain::verify_all(&read).unwrap();
    assert_eq!(ends["A7F3-T01"].records, 10_000);
    assert_eq!(ends["A7F3-T01"].last_hash, chain[9_999].record.hash);
}

/// The query service's answer as the AEAT writes it, for records read back from XML.
pub fn query_answer_body(records: &[caja::fiscal::parse::ReadRecord], more: bool) -> String {
    const NS_R: &str = "https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/RespuestaConsultaLR.xsd";
    let ns_i = caja::fiscal::xml::NS_SUM1;
    let mut out = format!(
        "<r:RespuestaConsultaFactuSistemaFacturacion xmlns:r=\"{NS_R}\" xmlns:i=\"{ns_i}\">\
         <r:Cabecera><i:IDVersion>1.0</i:IDVersion><i:ObligadoEmision><i:NombreRazon>Ultramarinos Caja Demo, S.L.</i:NombreRazon><i:NIF>89890001K</i:NIF></i:ObligadoEmision></r:Cabecera>\
         <r:PeriodoImputacion><r:Ejercicio>2026</r:Ejercicio><r:Periodo>12</r:Periodo></r:PeriodoImputacion>\
         <r:IndicadorPaginacion>{}</r:IndicadorPaginacion><r:ResultadoConsulta>{}</r:ResultadoConsulta>",
        if more { "S" } else { "N" },
        if records.is_empty() {
            "SinDatos"
        } else {
            "ConDatos"
        }
    );
    for r in records {
        let chain = match &r.previous {
            None => "<r:PrimerRegistro>S</r:PrimerRegistro>".to_string(),
            Some(l) => format!(
                "<r:RegistroAnterior><i:IDEmisorFactura>{}</i:IDEmisorFactura><i:NumSerieFactura>{}</i:NumSerieFactura><i:FechaExpedicionFactura>{}</i:FechaExpedicionFactura><i:Huella>{}</i:Huella></r:RegistroAnterior>",
                l.issuer, l.number, l.issued, l.hash
            ),
        };
        out.push_str(&format!(
            "<r:RegistroRespuestaConsultaFactuSistemaFacturacion>\
             <r:IDFactura><i:IDEmisorFactura>{}</i:IDEmisorFactura><i:NumSerieFactura>{}</i:NumSerieFactura><i:FechaExpedicionFactura>{}</i:FechaExpedicionFactura></r:IDFactura>\
             <r:DatosRegistroFacturacion><r:TipoFactura>{}</r:TipoFactura><r:CuotaTotal>{}</r:CuotaTotal><r:ImporteTotal>{}</r:ImporteTotal>\
             <r:Encadenamiento>{chain}</r:Encadenamiento>\
             <r:SistemaInformatico><i:NombreRazon>Caja Software Test</i:NombreRazon><i:NIF>89890002E</i:NIF><i:NombreSistemaInformatico>Caja</i:NombreSistemaInformatico><i:IdSistemaInformatico>CJ</i:IdSistemaInformatico><i:Version>0.1.0</i:Version><i:NumeroInstalacion>{}</i:NumeroInstalacion><i:TipoUsoPosibleSoloVerifactu>S</i:TipoUsoPosibleSoloVerifactu><i:TipoUsoPosibleMultiOT>N</i:TipoUsoPosibleMultiOT><i:IndicadorMultiplesOT>N</i:IndicadorMultiplesOT></r:SistemaInformatico>\
             <r:FechaHoraHusoGenRegistro>{}</r:FechaHoraHusoGenRegistro><r:TipoHuella>01</r:TipoHuella><r:Huella>{}</r:Huella></r:DatosRegistroFacturacion>\
             <r:EstadoRegistro><r:TimestampUltimaModificacion>2026-12-05T10:30:00+01:00</r:TimestampUltimaModificacion><r:EstadoRegistro>Correcto</r:EstadoRegistro></r:EstadoRegistro>\
             </r:RegistroRespuestaConsultaFactuSistemaFacturacion>",
            r.issuer, r.number, r.issued, r.kind, r.tax, r.total, r.installation, r.generated, r.hash
        ));
    }
    if more && let Some(last) = records.last() {
        out.push_str(&format!(
            "<r:ClavePaginacion><i:IDEmisorFactura>{}</i:IDEmisorFactura><i:NumSerieFactura>{}</i:NumSerieFactura><i:FechaExpedicionFactura>{}</i:FechaExpedicionFactura></r:ClavePaginacion>",
            last.issuer, last.number, last.issued
        ));
    }
    out.push_str("</r:RespuestaConsultaFactuSistemaFacturacion>");
    out
}

fn xmllint_with(schema: &str, xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .current_dir(kit())
        .env("XML_CATALOG_FILES", "catalog.xml")
        .args(["--noout", "--nonet", "--schema", schema])
        .arg(&file)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn the_query_service_request_and_answer_follow_their_schemas_and_read_back() {
    use caja::fiscal::query::{Query, query_body, read_query_answer};
    let v = verifactu(TaxKind::Iva);
    let chain = ticket_chain(&v, 5);
    let taxpayer = taxpayer();
    let system = system();
    // The first page, then the page after a record, for one installation.
    let first = query_body(&Query {
        taxpayer: &taxpayer,
        year: 2026,
        month: 12,
        system: Some(&system),
        after: None,
    });
    if let Err(e) = xmllint_with("ConsultaLR.xsd", &first) {
        panic!("the query does not validate: {e}\n{first}");
    }
    let after = chain[1].record.link().id;
    let next = query_body(&Query {
        taxpayer: &taxpayer,
        year: 2026,
        month: 12,
        system: Some(&system),
        after: Some(&after),
    });
    if let Err(e) = xmllint_with("ConsultaLR.xsd", &next) {
        panic!("the query does not validate: {e}\n{next}");
    }
    // The agency's answer, as its schema says, read back: the same records, their hashes
    // recomputed and their links followed.
    let xml: Vec<String> = chain.iter().map(Sealed::xml).collect();
    let fragments: Vec<&str> = xml.iter().map(String::as_str).collect();
    let read = read_records(&request(&taxpayer, &fragments)).unwrap();
    let answer = query_answer_body(&read, true);
    if let Err(e) = xmllint_with("RespuestaConsultaLR.xsd", &answer) {
        panic!("the answer does not validate: {e}");
    }
    let page = read_query_answer(&answer).unwrap();
    assert!(page.more);
    assert_eq!(
        page.next.as_ref().map(|n| n.1.as_str()),
        Some("A7F3-T01-000005")
    );
    assert_eq!(page.held.len(), 5);
    assert!(page.held.iter().all(|h| h.state == "Correcto"));
    let held: Vec<_> = page.held.into_iter().map(|h| h.record).collect();
    assert_eq!(held, read);
    assert_eq!(
        chain::verify(&held, None).unwrap().last_hash,
        chain[4].record.hash
    );
}
