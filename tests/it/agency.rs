//! The tax agency's web service, stood in for by a local HTTPS endpoint the tests start: mutual
//! TLS with a test CA and certificates the tests make with the `openssl` command (the client's
//! as a PKCS#12 file with a password file, as the AEAT's certificates come), answering as the
//! WSDL's response schema says (each answer validated by `xmllint` against
//! `RespuestaSuministro.xsd`) and told what to answer: Correcto, AceptadoConErrores, Incorrecto
//! with codes from the error list, a duplicate, a new TiempoEsperaEnvio, a SOAP fault, a dropped
//! connection, a slow reply.

use caja::agency::{AgencyClient, AgencyError, ca_certs, client_cert};
use caja::fiscal::parse::read_records;
use caja::fiscal::reply::{DuplicateState, LineState, Reply, RequestState, error_text};
use openssl::ssl::{SslAcceptor, SslFiletype, SslMethod, SslVerifyMode};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const NS_R: &str = "https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/RespuestaSuministro.xsd";
const NS_I: &str = caja::fiscal::xml::NS_SUM1;

/// A test PKI made with the `openssl` command: a CA, the endpoint's certificate for 127.0.0.1,
/// the taxpayer's as PKCS#12 with its password in a file, and a stranger's signed by another CA.
pub struct Pki {
    pub dir: tempfile::TempDir,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the openssl command (Debian: openssl)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Pki {
    pub fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let ca = |name: &str, cn: &str| {
            openssl(
                d,
                &[
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-keyout",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.pem"),
                    "-subj",
                    &format!("/CN={cn}"),
                ],
            );
        };
        ca("ca", "Caja Test CA");
        ca("other-ca", "Somebody Else's CA");
        let signed = |name: &str, subject: &str, by: &str, ext: &str| {
            openssl(
                d,
                &[
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.csr"),
                    "-subj",
                    subject,
                ],
            );
            std::fs::write(d.join(format!("{name}.ext")), ext).unwrap();
            openssl(
                d,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &format!("{name}.csr"),
                    "-CA",
                    &format!("{by}.pem"),
                    "-CAkey",
                    &format!("{by}.key"),
                    "-CAcreateserial",
                    "-days",
                    "2",
                    "-extfile",
                    &format!("{name}.ext"),
                    "-out",
                    &format!("{name}.pem"),
                ],
            );
        };
        signed(
            "server",
            "/CN=localhost",
            "ca",
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
        );
        let client_ext = "extendedKeyUsage=clientAuth\n";
        signed(
            "client",
            "/CN=89890001K ULTRAMARINOS CAJA DEMO",
            "ca",
            client_ext,
        );
        signed("stranger", "/CN=Stranger", "other-ca", client_ext);
        for name in ["client", "stranger"] {
            openssl(
                d,
                &[
                    "pkcs12",
                    "-export",
                    "-in",
                    &format!("{name}.pem"),
                    "-inkey",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.p12"),
                    "-passout",
                    "pass:secreto ñ",
                ],
            );
        }
        std::fs::write(d.join("password"), "secreto ñ\n").unwrap();
        std::fs::write(d.join("wrong-password"), "otro\n").unwrap();
        Pki { dir }
    }

    /// Lets an unprivileged till read the files (a test's CA and certificates only).
    pub fn readable_by_all(&self) {
        use std::os::unix::fs::PermissionsExt;
        let d = self.dir.path();
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn client(&self, endpoint: &str, p12: &str, timeout: Duration) -> AgencyClient {
        let cert = client_cert(&self.path(p12), &self.path("password")).unwrap();
        let roots = ca_certs(&self.path("ca.pem")).unwrap();
        AgencyClient::new(endpoint, cert, Some(roots), timeout)
    }
}

/// What the endpoint does with the next request.
#[derive(Clone, Debug)]
pub enum Script {
    /// Answer every record with this state (and code, for errors), waiting `wait` next time.
    Lines {
        state: &'static str,
        code: Option<u32>,
        wait: u32,
    },
    /// Every record answered as a duplicate of one the AEAT holds in this state.
    Duplicate(&'static str),
    /// A SOAP fault (the whole request refused).
    Fault,
    /// Close the connection without answering.
    Drop,
    /// Answer after this long.
    Slow(Duration),
    /// As the agency: hold each record once, answer one sent again as a duplicate; wait this
    /// many seconds.
    Remember(u32),
    /// The same, answering only after this long (the records are held already).
    RememberSlowly(u32, Duration),
}

/// A local HTTPS endpoint with mutual TLS, answering by script; what it received is kept.
/// Unscripted, it is the agency: each record accepted once, a record it holds answered as a
/// duplicate (code 3000, `Correcta`), waiting `wait` seconds between requests.
pub struct Endpoint {
    pub url: String,
    pub script: Arc<Mutex<Vec<Script>>>,
    pub received: Arc<Mutex<Vec<String>>>,
    pub held: Arc<Mutex<std::collections::HashMap<String, u32>>>,
    /// When each request arrived and how many records it carried.
    pub arrivals: Arc<Mutex<Vec<(std::time::Instant, usize)>>>,
    pub wait: Arc<std::sync::atomic::AtomicU32>,
    pub agency: Arc<Mutex<Agency>>,
}

/// What the endpoint, as the agency, holds: each record accepted once in arrival order, the
/// last one of each installation (a record naming another before it is flagged, 2003), the
/// query service's requests and its page size.
#[derive(Default)]
pub struct Agency {
    pub records: Vec<caja::fiscal::parse::ReadRecord>,
    pub last: std::collections::HashMap<String, String>,
    /// Records accepted with errors for naming another record before them: (number, code).
    pub flagged: Vec<(String, u32)>,
    pub queries: Vec<String>,
    pub page: usize,
}

/// What the endpoint shares with its threads.
#[derive(Clone)]
struct Shared {
    script: Arc<Mutex<Vec<Script>>>,
    received: Arc<Mutex<Vec<String>>>,
    held: Arc<Mutex<std::collections::HashMap<String, u32>>>,
    arrivals: Arc<Mutex<Vec<(std::time::Instant, usize)>>>,
    wait: Arc<std::sync::atomic::AtomicU32>,
    agency: Arc<Mutex<Agency>>,
}

impl Endpoint {
    pub fn start(pki: &Pki) -> Endpoint {
        let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
        acceptor
            .set_private_key_file(pki.path("server.key"), SslFiletype::PEM)
            .unwrap();
        acceptor
            .set_certificate_chain_file(pki.path("server.pem"))
            .unwrap();
        acceptor.set_ca_file(pki.path("ca.pem")).unwrap();
        acceptor.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
        let acceptor = Arc::new(acceptor.build());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "https://127.0.0.1:{}{}",
            listener.local_addr().unwrap().port(),
            caja::agency::SERVICE_PATH
        );
        let shared = Shared {
            script: Arc::default(),
            received: Arc::default(),
            held: Arc::default(),
            arrivals: Arc::default(),
            wait: Arc::new(std::sync::atomic::AtomicU32::new(60)),
            agency: Arc::new(Mutex::new(Agency {
                page: 10_000,
                ..Agency::default()
            })),
        };
        let threads = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (acceptor, shared) = (acceptor.clone(), threads.clone());
                std::thread::spawn(move || {
                    // A client the CA did not sign fails here, as at the AEAT.
                    let Ok(tls) = acceptor.accept(stream) else {
                        return;
                    };
                    serve(tls, &shared);
                });
            }
        });
        Endpoint {
            url,
            script: shared.script,
            received: shared.received,
            held: shared.held,
            arrivals: shared.arrivals,
            wait: shared.wait,
            agency: shared.agency,
        }
    }

    pub fn then(&self, step: Script) {
        self.script.lock().unwrap().push(step);
    }
}

fn serve<S: Read + Write>(stream: S, shared: &Shared) {
    let (script, received) = (&shared.script, &shared.received);
    let mut reader = BufReader::new(stream);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0u8; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let request = String::from_utf8_lossy(&body).into_owned();
    if request.contains("ConsultaFactuSistemaFacturacion") {
        let answer = envelope_xml(&query_answer(&request, &shared.agency));
        respond(reader.get_mut(), 200, &answer);
        return;
    }
    received.lock().unwrap().push(request.clone());
    let records = read_records(&request).unwrap_or_default();
    shared
        .arrivals
        .lock()
        .unwrap()
        .push((std::time::Instant::now(), records.len()));
    let step = script.lock().unwrap().first().cloned();
    if step.is_some() {
        script.lock().unwrap().remove(0);
    }
    // Unscripted: the agency, which holds what it accepted.
    let Some(step) = step.or_else(|| {
        Some(Script::Remember(
            shared.wait.load(std::sync::atomic::Ordering::SeqCst),
        ))
    }) else {
        return;
    };
    if let Script::Remember(wait) | Script::RememberSlowly(wait, _) = step {
        let mut held = shared.held.lock().unwrap();
        let mut agency = shared.agency.lock().unwrap();
        let mut lines = String::new();
        for r in &records {
            let seen = held.entry(r.number.clone()).or_insert(0);
            *seen += 1;
            let (state, code, dup) = if *seen == 1 {
                // As the agency: the record must name the last one it holds of its
                // installation (or be the first); else it is accepted with errors.
                let last = agency.last.insert(r.installation.clone(), r.hash.clone());
                agency.records.push(r.clone());
                let named = r.previous.as_ref().map(|l| l.hash.clone());
                if named == last {
                    ("Correcto", None, None)
                } else {
                    agency.flagged.push((r.number.clone(), 2003));
                    ("AceptadoConErrores", Some(2003), None)
                }
            } else {
                ("Incorrecto", Some(3000), Some("Correcta"))
            };
            lines.push_str(&line_xml(r, state, code, dup));
        }
        drop(held);
        drop(agency);
        if let Script::RememberSlowly(_, pause) = step {
            std::thread::sleep(pause);
        }
        let answer = envelope_xml(&body_xml(
            if lines.contains("Incorrecto") || lines.contains("AceptadoConErrores") {
                "ParcialmenteCorrecto"
            } else {
                "Correcto"
            },
            wait,
            &lines,
        ));
        respond(reader.get_mut(), 200, &answer);
        return;
    }
    // Whatever it answers, the agency has seen these records: the next one names the last.
    {
        let mut agency = shared.agency.lock().unwrap();
        for r in &records {
            agency.last.insert(r.installation.clone(), r.hash.clone());
        }
    }
    let (status, answer) = match step {
        Script::Drop | Script::Remember(_) | Script::RememberSlowly(..) => return,
        Script::Slow(pause) => {
            std::thread::sleep(pause);
            (200, answer_xml(&request, "Correcto", None, 60, None))
        }
        Script::Fault => (500, fault_xml()),
        Script::Lines { state, code, wait } => (200, answer_xml(&request, state, code, wait, None)),
        Script::Duplicate(held) => (
            200,
            answer_xml(&request, "Incorrecto", Some(3000), 60, Some(held)),
        ),
    };
    respond(reader.get_mut(), status, &answer);
}

/// Writes one HTTP answer and closes (200 OK, or a SOAP fault's 500).
fn respond<S: Write>(stream: &mut S, status: u16, answer: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        if status == 200 {
            "OK"
        } else {
            "Internal Server Error"
        },
        answer.len()
    );
    let _ = stream.flush();
}

/// The text of the first `<tag>` inside `within` (or the whole request) in `xml`.
fn text_of(xml: &str, within: Option<&str>, tag: &str) -> Option<String> {
    let scope = match within {
        Some(w) => {
            let start = xml.find(&format!("{w}>"))?;
            &xml[start..]
        }
        None => xml,
    };
    let open = format!(":{tag}>");
    let start = scope.find(&open)? + open.len();
    let end = scope[start..].find('<')? + start;
    Some(scope[start..end].to_string())
}

/// The query service: the records held of the installation asked about, issued in the month
/// asked, after the paging key, a page at a time.
fn query_answer(request: &str, agency: &Mutex<Agency>) -> String {
    let mut agency = agency.lock().unwrap();
    agency.queries.push(request.to_string());
    let year = text_of(request, None, "Ejercicio").unwrap();
    let month = text_of(request, None, "Periodo").unwrap();
    let installation = text_of(request, None, "NumeroInstalacion");
    let after = text_of(request, Some("ClavePaginacion"), "NumSerieFactura");
    let of_month: Vec<&caja::fiscal::parse::ReadRecord> = agency
        .records
        .iter()
        .filter(|r| r.issued.ends_with(&format!("-{month}-{year}")))
        .filter(|r| installation.as_ref().is_none_or(|i| &r.installation == i))
        .collect();
    let start = match &after {
        Some(n) => of_month
            .iter()
            .position(|r| &r.number == n)
            .map_or(0, |p| p + 1),
        None => 0,
    };
    let page: Vec<caja::fiscal::parse::ReadRecord> = of_month[start..]
        .iter()
        .take(agency.page)
        .map(|r| (*r).clone())
        .collect();
    let more = start + page.len() < of_month.len();
    crate::fiscal_xml::query_answer_body(&page, more)
}

fn esc(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// One `RespuestaLinea`.
fn line_xml(
    r: &caja::fiscal::parse::ReadRecord,
    state: &str,
    code: Option<u32>,
    duplicate: Option<&str>,
) -> String {
    let mut out = format!(
        "<tikR:RespuestaLinea><tikR:IDFactura><tik:IDEmisorFactura>{}</tik:IDEmisorFactura><tik:NumSerieFactura>{}</tik:NumSerieFactura><tik:FechaExpedicionFactura>{}</tik:FechaExpedicionFactura></tikR:IDFactura><tikR:Operacion><tik:TipoOperacion>{}</tik:TipoOperacion></tikR:Operacion><tikR:EstadoRegistro>{state}</tikR:EstadoRegistro>",
        esc(&r.issuer),
        esc(&r.number),
        r.issued,
        if r.alta { "Alta" } else { "Anulacion" }
    );
    if let Some(code) = code {
        let words = error_text(code).unwrap_or_default();
        out.push_str(&format!(
            "<tikR:CodigoErrorRegistro>{code}</tikR:CodigoErrorRegistro><tikR:DescripcionErrorRegistro>{}</tikR:DescripcionErrorRegistro>",
            esc(&words)
        ));
    }
    if let Some(held) = duplicate {
        out.push_str(&format!(
            "<tikR:RegistroDuplicado><tik:IdPeticionRegistroDuplicado>2026120500001</tik:IdPeticionRegistroDuplicado><tik:EstadoRegistroDuplicado>{held}</tik:EstadoRegistroDuplicado></tikR:RegistroDuplicado>"
        ));
    }
    out.push_str("</tikR:RespuestaLinea>");
    out
}

/// The response body around its lines.
fn body_xml(overall: &str, wait: u32, lines: &str) -> String {
    let csv = if overall == "Incorrecto" {
        ""
    } else {
        "<tikR:CSV>A-YDSW8NLFLANWPM</tikR:CSV>"
    };
    format!(
        "<tikR:RespuestaRegFactuSistemaFacturacion xmlns:tikR=\"{NS_R}\" xmlns:tik=\"{NS_I}\">{csv}<tikR:Cabecera><tik:ObligadoEmision><tik:NombreRazon>Ultramarinos Caja Demo, S.L.</tik:NombreRazon><tik:NIF>89890001K</tik:NIF></tik:ObligadoEmision></tikR:Cabecera><tikR:TiempoEsperaEnvio>{wait}</tikR:TiempoEsperaEnvio><tikR:EstadoEnvio>{overall}</tikR:EstadoEnvio>{lines}</tikR:RespuestaRegFactuSistemaFacturacion>"
    )
}

fn envelope_xml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Header/><env:Body>{body}</env:Body></env:Envelope>"
    )
}

/// The response body the schema describes, every record of `request` in the same state.
pub fn response_body(
    request: &str,
    state: &str,
    code: Option<u32>,
    wait: u32,
    duplicate: Option<&str>,
) -> String {
    let overall = match state {
        "Incorrecto" => "Incorrecto",
        "AceptadoConErrores" => "ParcialmenteCorrecto",
        _ => "Correcto",
    };
    let lines: String = read_records(request)
        .unwrap()
        .iter()
        .map(|r| line_xml(r, state, code, duplicate))
        .collect();
    body_xml(overall, wait, &lines)
}

fn answer_xml(
    request: &str,
    state: &str,
    code: Option<u32>,
    wait: u32,
    duplicate: Option<&str>,
) -> String {
    envelope_xml(&response_body(request, state, code, wait, duplicate))
}

fn fault_xml() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Body><env:Fault><faultcode>env:Client</faultcode><faultstring>Codigo[4102].El XML no cumple el esquema. Falta informar campo obligatorio.: Cabecera</faultstring></env:Fault></env:Body></env:Envelope>".into()
}

/// A request of `n` tickets, as the till would send it.
fn request(n: u32) -> String {
    let v = crate::fiscal_xml::verifactu(caja::till::tax::TaxKind::Iva);
    let chain = crate::fiscal_xml::ticket_chain(&v, n);
    let xml: Vec<String> = chain.iter().map(caja::fiscal::Sealed::xml).collect();
    let fragments: Vec<&str> = xml.iter().map(String::as_str).collect();
    caja::fiscal::xml::envelope(
        &caja::fiscal::xml::Taxpayer {
            name: "Ultramarinos Caja Demo, S.L.".into(),
            nif: "89890001K".into(),
        },
        &fragments,
    )
}

#[test]
fn the_endpoints_answers_follow_the_aeat_response_schema() {
    let request = request(3);
    for (state, code, dup) in [
        ("Correcto", None, None),
        ("AceptadoConErrores", Some(2004), None),
        ("Incorrecto", Some(1150), None),
        ("Incorrecto", Some(3000), Some("Correcta")),
    ] {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
            response_body(&request, state, code, 60, dup)
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("answer.xml");
        std::fs::write(&file, body).unwrap();
        let out = Command::new("xmllint")
            .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fiscal/verifactu"))
            .env("XML_CATALOG_FILES", "catalog.xml")
            .args(["--noout", "--nonet", "--schema", "RespuestaSuministro.xsd"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{state}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn mutual_tls_a_soap_request_and_every_kind_of_answer() {
    let pki = Pki::new();
    let endpoint = Endpoint::start(&pki);
    let client = pki.client(&endpoint.url, "client.p12", Duration::from_secs(5));
    let request = request(3);

    // Correcto: every line held, the CSV and the wait read.
    let Reply::Answer {
        csv,
        wait_secs,
        state,
        lines,
    } = client.send(&request).unwrap()
    else {
        panic!("a fault")
    };
    assert_eq!(
        (csv.as_deref(), wait_secs, state),
        (Some("A-YDSW8NLFLANWPM"), 60, RequestState::Correcto)
    );
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.held() && l.alta));
    assert_eq!(lines[2].number, "A7F3-T01-000003");
    // The endpoint got the SOAP request as sent.
    assert_eq!(endpoint.received.lock().unwrap()[0], request);

    // AceptadoConErrores: held, its error kept; and a new wait.
    endpoint.then(Script::Lines {
        state: "AceptadoConErrores",
        code: Some(2004),
        wait: 120,
    });
    let Reply::Answer {
        wait_secs,
        state,
        lines,
        ..
    } = client.send(&request).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (wait_secs, state),
        (120, RequestState::ParcialmenteCorrecto)
    );
    assert!(lines[0].held());
    assert_eq!(lines[0].state, LineState::AceptadoConErrores);
    assert_eq!(lines[0].code, Some(2004));

    // Incorrecto: not held, with the AEAT's code and its words in Spanish.
    endpoint.then(Script::Lines {
        state: "Incorrecto",
        code: Some(1150),
        wait: 60,
    });
    let Reply::Answer { state, lines, .. } = client.send(&request).unwrap() else {
        panic!()
    };
    assert_eq!(state, RequestState::Incorrecto);
    assert!(!lines[0].held());
    assert_eq!(lines[0].code, Some(1150));
    let words = lines[0].description.clone().unwrap();
    assert_eq!(Some(words.clone()), error_text(1150));
    assert!(words.to_lowercase().contains("factura"), "{words}");

    // A duplicate of a record the AEAT accepted: reconciled as held.
    endpoint.then(Script::Duplicate("Correcta"));
    let Reply::Answer { lines, .. } = client.send(&request).unwrap() else {
        panic!()
    };
    let dup = lines[0].duplicate.clone().unwrap();
    assert_eq!(dup.state, DuplicateState::Correcta);
    assert!(lines[0].held());
    // …of one it holds as cancelled: not held.
    endpoint.then(Script::Duplicate("Anulada"));
    let Reply::Answer { lines, .. } = client.send(&request).unwrap() else {
        panic!()
    };
    assert!(!lines[0].held());

    // A SOAP fault (HTTP 500) is read, not taken for a network error.
    endpoint.then(Script::Fault);
    let Reply::Fault { code, message } = client.send(&request).unwrap() else {
        panic!()
    };
    assert_eq!(code, "env:Client");
    assert!(message.contains("4102"), "{message}");

    // A dropped connection and a slow reply: network errors, worth another try later.
    endpoint.then(Script::Drop);
    let e = client.send(&request).unwrap_err();
    assert!(e.transient(), "{e}");
    let impatient = pki.client(&endpoint.url, "client.p12", Duration::from_millis(500));
    endpoint.then(Script::Slow(Duration::from_secs(2)));
    let e = impatient.send(&request).unwrap_err();
    assert!(matches!(e, AgencyError::Network(_)) && e.transient(), "{e}");
}

#[test]
fn a_certificate_the_agency_does_not_trust_or_a_wrong_password_is_named() {
    let pki = Pki::new();
    let endpoint = Endpoint::start(&pki);
    // Signed by another CA: the endpoint refuses the handshake.
    let stranger = pki.client(&endpoint.url, "stranger.p12", Duration::from_secs(5));
    assert!(stranger.send(&request(1)).is_err());
    assert!(endpoint.received.lock().unwrap().is_empty());
    // The wrong password: named with both files, before any network.
    let e = client_cert(&pki.path("client.p12"), &pki.path("wrong-password")).unwrap_err();
    let said = e.to_string();
    assert!(matches!(e, AgencyError::Certificate { .. }), "{said}");
    assert!(
        said.contains("client.p12") && said.contains("wrong-password"),
        "{said}"
    );
    // No certificate file at all.
    let e = client_cert(&pki.path("missing.p12"), &pki.path("password")).unwrap_err();
    assert!(matches!(e, AgencyError::CertificateFile { .. }), "{e}");
    assert!(!e.transient());
}
