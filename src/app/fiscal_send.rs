//! The fiscal sender: takes the waiting records in chain order, at most 1,000 a request, and
//! sends them to the tax agency as one SOAP request, honouring its flow control (after an
//! answer, wait the `TiempoEsperaEnvio` it gave — 60 s is its first value — unless 1,000
//! records wait). The request is written with its envelope before it leaves and its answer with every
//! record's state in one transaction, so a kill at any moment loses nothing and counts nothing
//! twice: records of a request cut short are sent again and the agency answers those it holds
//! as duplicates, reconciled as accepted. A network error keeps them waiting, tried again with
//! backoff. Selling never waits for this: it runs on its own thread and connection.

use crate::agency::{AgencyClient, AgencyError};
use crate::fiscal::reply::{LineState, Reply};
use crate::fiscal::xml::{MAX_RECORDS_PER_REQUEST, Taxpayer, envelope};
use crate::store::fiscal_queue::{RecordAnswer, SendState};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};

/// How long a request may take before it is given up (and its records wait again).
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// What the sender needs: the client for the store's endpoint, the taxpayer, the installation.
pub struct Sender {
    pub client: AgencyClient,
    pub taxpayer: Taxpayer,
    pub installation: String,
    /// This build and installation, as the agency's query service is asked about them.
    pub system: crate::fiscal::record::SystemInfo,
    /// The currency's minor digits (amounts learnt from the agency are kept in minor units).
    pub digits: u32,
}

/// Why the sender is not set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(
        "the store issues no VERI*FACTU records (fiscal.regime is not verifactu, or its settings are incomplete)"
    )]
    NoRegime,
    #[error(
        "no certificate to send with: set fiscal.certificate (a PKCS#12 file) and fiscal.certificate_password_file; the records are kept and wait"
    )]
    NoCertificate,
    #[error(transparent)]
    Agency(#[from] AgencyError),
}

impl Sender {
    /// The sender for this store and till, from the store's identity and `[fiscal]`.
    pub fn from_settings(
        settings: &crate::config::TillSettings,
        store_uid: &str,
    ) -> Result<Sender, SetupError> {
        let profile = &settings.profile;
        let env = match profile.fiscal_state() {
            crate::till::profile::FiscalState::Verifactu(e) => e,
            _ => return Err(SetupError::NoRegime),
        };
        let link = &settings.fiscal_link;
        let (Some(p12), Some(password)) = (&link.certificate, &link.certificate_password_file)
        else {
            return Err(SetupError::NoCertificate);
        };
        let cert = crate::agency::client_cert(p12, password)?;
        let roots = match &link.ca_file {
            Some(path) => Some(crate::agency::ca_certs(path)?),
            None => None,
        };
        let endpoint = link.endpoint.clone().unwrap_or_else(|| {
            crate::agency::endpoint(crate::fiscal::qr::Environment::of_store(env))
        });
        Ok(Sender {
            client: AgencyClient::new(&endpoint, cert, roots, REQUEST_TIMEOUT),
            taxpayer: Taxpayer {
                name: profile.legal_name.clone(),
                nif: profile.tax_id.clone(),
            },
            installation: super::fiscal::installation(store_uid, &settings.terminal),
            system: super::fiscal::system_info(store_uid, &settings.terminal),
            digits: settings.currency.minor_digits(),
        })
    }

    /// One round (see `send_round`).
    pub fn round(&self, store: &mut Store, now: DateTime<Utc>) -> Result<SendRound, SendError> {
        send_round(store, &self.client, &self.taxpayer, &self.installation, now)
    }
}

/// The wait before the first request, and after an answer that named none.
pub const FIRST_WAIT_SECS: u32 = 60;

/// What one round did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SendRound {
    /// Records in the request sent (0: nothing was due).
    pub sent: usize,
    pub accepted: usize,
    pub with_errors: usize,
    pub rejected: usize,
    /// Records still waiting after the round.
    pub waiting: i64,
    /// The earliest a next request may go (UTC), when records wait.
    pub next_at: Option<DateTime<Utc>>,
    /// Why the round's request failed (the records wait again).
    pub error: Option<String>,
}

/// Why the sender cannot work at all (not a failed request: those are rounds with an error).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Agency(#[from] AgencyError),
    #[error("a stored fiscal record does not read: {0}")]
    Body(String),
}

/// The backoff after failed requests in a row: 5 s, doubling, at most 10 minutes.
fn backoff(failures: u32) -> Duration {
    let secs = 5i64.saturating_mul(1i64 << failures.saturating_sub(1).min(7));
    Duration::seconds(secs.min(600))
}

fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// When the next request may go, from the store's sending status: after a failure, its
/// backoff; after an answer, its wait — unless a full request waits.
pub fn next_send_at(
    store: &Store,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let status = store.fiscal_sending()?;
    if status.waiting == 0 {
        return Ok(None);
    }
    let full = status.waiting >= MAX_RECORDS_PER_REQUEST as i64;
    // After an answer, the wait it gave (60 s when it gave none); the first request goes at
    // once.
    let after_answer = match &status.last_answer_at {
        Some(at) if !full => parse_utc(at).map(|t| {
            t + Duration::seconds(i64::from(status.last_wait_secs.unwrap_or(FIRST_WAIT_SECS)))
        }),
        _ => None,
    };
    let after_failure = if status.failures_in_a_row > 0 {
        store
            .fiscal_last_attempt()?
            .and_then(|at| parse_utc(&at))
            .map(|t| t + backoff(status.failures_in_a_row))
    } else {
        None
    };
    let at = [after_answer, after_failure].into_iter().flatten().max();
    Ok(Some(at.unwrap_or(now).max(now)))
}

/// Sends one request if one is due at `now`.
pub fn send_round(
    store: &mut Store,
    client: &AgencyClient,
    taxpayer: &Taxpayer,
    installation: &str,
    now: DateTime<Utc>,
) -> Result<SendRound, SendError> {
    let mut round = SendRound::default();
    if let Some(at) = next_send_at(store, now)?
        && at > now
    {
        round.waiting = store.fiscal_sending()?.waiting;
        round.next_at = Some(at);
        return Ok(round);
    }
    let records = store.fiscal_waiting(MAX_RECORDS_PER_REQUEST)?;
    if records.is_empty() {
        return Ok(round);
    }
    let mut fragments = Vec::with_capacity(records.len());
    for r in &records {
        fragments.push(r.xml().map_err(|e| SendError::Body(e.to_string()))?);
    }
    let parts: Vec<&str> = fragments.iter().map(String::as_str).collect();
    let soap = envelope(taxpayer, &parts);
    let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
    let at = crate::app::outbox::utc_text(now);
    let request = store.begin_fiscal_request(installation, &ids, &soap, &at)?;
    round.sent = records.len();
    let answered_at = crate::app::outbox::utc_text(Utc::now());
    match client.send(&soap) {
        Ok(Reply::Answer {
            csv,
            wait_secs,
            lines,
            ..
        }) => {
            let mut answers = Vec::with_capacity(lines.len());
            for line in &lines {
                let Some(record) = records
                    .iter()
                    .find(|r| r.number == line.number && (r.kind == "alta") == line.alta)
                else {
                    continue;
                };
                let state = if line.held() {
                    if line.state == LineState::AceptadoConErrores {
                        round.with_errors += 1;
                        SendState::AcceptedWithErrors
                    } else {
                        round.accepted += 1;
                        SendState::Accepted
                    }
                } else {
                    round.rejected += 1;
                    SendState::Rejected
                };
                answers.push(RecordAnswer {
                    record_id: record.id,
                    state,
                    code: line.code.filter(|_| state != SendState::Accepted),
                    description: line
                        .description
                        .clone()
                        .filter(|_| state != SendState::Accepted),
                });
            }
            store.finish_fiscal_request(
                request,
                csv.as_deref(),
                wait_secs,
                &answers,
                &answered_at,
            )?;
        }
        Ok(Reply::Fault { code, message }) => {
            let why = format!("{code}: {message}");
            store.fail_fiscal_request(request, true, &why, &answered_at)?;
            round.error = Some(why);
        }
        Err(e) => {
            store.fail_fiscal_request(request, false, &e.to_string(), &answered_at)?;
            round.error = Some(e.to_string());
        }
    }
    round.waiting = store.fiscal_sending()?.waiting;
    round.next_at = next_send_at(store, Utc::now())?;
    Ok(round)
}
