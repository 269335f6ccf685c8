//! The tax agency's web service, spoken to: a SOAP 1.1 request over HTTPS with the taxpayer's
//! certificate (a PKCS#12 file and a file holding its password; mutual TLS), its answer read by
//! `fiscal::reply`. Blocks on the network with timeouts and starts no thread: the fiscal
//! sender's thread calls it. Names are resolved by `lookup` (`/etc/hosts` and
//! `/etc/resolv.conf` read by Caja itself, never glibc's NSS).

use crate::fiscal::qr::Environment;
use crate::fiscal::query::{QueryPage, read_query_answer};
use crate::fiscal::reply::{Reply, ReplyError, read_reply};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The VERI*FACTU service path on the AEAT's hosts.
pub const SERVICE_PATH: &str = "/wlpl/TIKE-CONT/ws/SistemaFacturacion/VerifactuSOAP";

/// The AEAT's endpoint for an environment (`fiscal.endpoint` overrides it).
pub fn endpoint(env: Environment) -> String {
    let host = match env {
        Environment::Test => "prewww1.aeat.es",
        Environment::Production => "www1.agenciatributaria.gob.es",
    };
    format!("https://{host}{SERVICE_PATH}")
}

/// What went wrong speaking to the tax agency.
#[derive(Debug, thiserror::Error)]
pub enum AgencyError {
    #[error("the certificate file {path} cannot be read: {why}")]
    CertificateFile { path: PathBuf, why: String },
    #[error(
        "the certificate {path} does not open with the password in {password_file} (or is not a PKCS#12 file): {why}"
    )]
    Certificate {
        path: PathBuf,
        password_file: PathBuf,
        why: String,
    },
    #[error("the CA file {path} holds no certificate Caja can read: {why}")]
    CaFile { path: PathBuf, why: String },
    #[error("the tax agency could not be reached: {0}; the records stay queued and are sent again")]
    Network(String),
    #[error("the tax agency answered HTTP {status}: {body}")]
    Http { status: u16, body: String },
    #[error("the tax agency refused the request: {code}: {message}")]
    Refused { code: String, message: String },
    #[error(transparent)]
    Reply(#[from] ReplyError),
}

impl AgencyError {
    /// Whether sending again later may work (the network, a busy server) rather than needing a
    /// person (a certificate, a refused request).
    pub fn transient(&self) -> bool {
        match self {
            AgencyError::Network(_) => true,
            AgencyError::Http { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

/// The taxpayer's certificate and key from a PKCS#12 file and a file holding its password
/// (its first line; the file is the secret, never the command line).
pub fn client_cert(p12: &Path, password_file: &Path) -> Result<ureq::tls::ClientCert, AgencyError> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|e| AgencyError::CertificateFile {
            path: path.to_path_buf(),
            why: e.to_string(),
        })
    };
    let der = read(p12)?;
    let password = String::from_utf8_lossy(&read(password_file)?)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let bad = |why: String| AgencyError::Certificate {
        path: p12.to_path_buf(),
        password_file: password_file.to_path_buf(),
        why,
    };
    let parsed = openssl::pkcs12::Pkcs12::from_der(&der)
        .and_then(|p| p.parse2(&password))
        .map_err(|e| bad(e.to_string()))?;
    let (Some(cert), Some(key)) = (parsed.cert, parsed.pkey) else {
        return Err(bad("it holds no certificate with its private key".into()));
    };
    let mut chain = vec![
        ureq::tls::Certificate::from_der(&cert.to_der().map_err(|e| bad(e.to_string()))?)
            .to_owned(),
    ];
    for ca in parsed.ca.into_iter().flatten() {
        chain.push(
            ureq::tls::Certificate::from_der(&ca.to_der().map_err(|e| bad(e.to_string()))?)
                .to_owned(),
        );
    }
    let key = key
        .private_key_to_pem_pkcs8()
        .map_err(|e| bad(e.to_string()))?;
    let key = ureq::tls::PrivateKey::from_pem(&key).map_err(|e| bad(e.to_string()))?;
    Ok(ureq::tls::ClientCert::new_with_certs(&chain, key))
}

/// The CA certificates (PEM) trusted for the endpoint instead of the public roots
/// (`fiscal.ca_file`: a test endpoint, a proxy).
pub fn ca_certs(path: &Path) -> Result<Vec<ureq::tls::Certificate<'static>>, AgencyError> {
    let bad = |why: String| AgencyError::CaFile {
        path: path.to_path_buf(),
        why,
    };
    let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let certs: Vec<_> = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => Some(c.to_owned()),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(bad("no CERTIFICATE block".into()));
    }
    Ok(certs)
}

/// A client of the service at one endpoint.
pub struct AgencyClient {
    agent: ureq::Agent,
    endpoint: String,
}

impl AgencyClient {
    /// `roots`: the CA certificates to trust (none: the public web roots).
    pub fn new(
        endpoint: &str,
        cert: ureq::tls::ClientCert,
        roots: Option<Vec<ureq::tls::Certificate<'static>>>,
        timeout: Duration,
    ) -> AgencyClient {
        let roots = match roots {
            Some(certs) => ureq::tls::RootCerts::new_with_certs(&certs),
            None => ureq::tls::RootCerts::WebPki,
        };
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::NativeTls)
            .client_cert(Some(cert))
            .root_certs(roots)
            .build();
        let config = ureq::Agent::config_builder()
            .tls_config(tls)
            .timeout_global(Some(timeout))
            // A SOAP fault comes with HTTP 500: read it, do not treat it as a transport error.
            .http_status_as_error(false)
            .build();
        AgencyClient {
            // Names resolved without glibc's NSS, as the confined till must.
            agent: ureq::Agent::with_parts(
                config,
                ureq::unversioned::transport::DefaultConnector::new(),
                crate::lookup::UreqResolver::default(),
            ),
            endpoint: endpoint.to_string(),
        }
    }

    /// Posts one SOAP envelope; answers the HTTP status and the body.
    fn post(&self, envelope: &str) -> Result<(u16, String), AgencyError> {
        let response = self
            .agent
            .post(&self.endpoint)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"\"")
            .send(envelope)
            .map_err(|e| AgencyError::Network(e.to_string()))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .read_to_string()
            .map_err(|e| AgencyError::Network(e.to_string()))?;
        Ok((status, body))
    }

    /// Sends one SOAP request and reads the answer.
    pub fn send(&self, envelope: &str) -> Result<Reply, AgencyError> {
        let (status, body) = self.post(envelope)?;
        match read_reply(&body) {
            Ok(reply) => Ok(reply),
            Err(_) if status != 200 => Err(AgencyError::Http {
                status,
                body: body.chars().take(300).collect(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// Asks the query service (`ConsultaFactuSistemaFacturacion`) and reads one page of its
    /// answer; a SOAP fault is the agency's refusal.
    pub fn query(&self, envelope: &str) -> Result<QueryPage, AgencyError> {
        let (status, body) = self.post(envelope)?;
        if let Ok(Reply::Fault { code, message }) = read_reply(&body) {
            return Err(AgencyError::Refused { code, message });
        }
        if status != 200 {
            return Err(AgencyError::Http {
                status,
                body: body.chars().take(300).collect(),
            });
        }
        read_query_answer(&body).map_err(|e| AgencyError::Reply(ReplyError::from(e)))
    }
}
