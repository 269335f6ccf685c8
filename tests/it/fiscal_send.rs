//! The fiscal sender against the local agency (`agency::Endpoint`), through the real `caja`:
//! a busy weekend offline, then the queue drained in requests of at most 1,000, spaced as the
//! agency asks once fewer than 1,000 wait, every record accepted exactly once; a kill -9 while a
//! request is out loses nothing and counts nothing twice (the agency's duplicates reconciled as
//! accepted).

use crate::agency::{Endpoint, Pki, Script};
use crate::support::Sandbox;
use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

pub fn configure(sb: &Sandbox, pki: &Pki, endpoint: &str) {
    for (key, value) in [
        ("fiscal.endpoint", endpoint.to_string()),
        (
            "fiscal.certificate",
            pki.path("client.p12").display().to_string(),
        ),
        (
            "fiscal.certificate_password_file",
            pki.path("password").display().to_string(),
        ),
        ("fiscal.ca_file", pki.path("ca.pem").display().to_string()),
    ] {
        sb.ok(&["config", "set", key, &value]);
    }
}

fn queue(sb: &Sandbox) -> serde_json::Value {
    serde_json::from_str(&sb.ok(&["fiscal", "queue", "--json"])).unwrap()
}

/// A port nobody listens on (the agency unreachable).
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn a_busy_weekend_offline_drains_in_requests_of_a_thousand_spaced_as_told() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", "5300", "--days", "2"]);
    let pki = Pki::new();
    // Offline: nothing gets through, nothing is lost.
    configure(
        &sb,
        &pki,
        &format!(
            "https://127.0.0.1:{}{}",
            closed_port(),
            caja::agency::SERVICE_PATH
        ),
    );
    let out = sb.run(&["fiscal", "send"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("could not be reached") && said.contains("stay queued"),
        "{said}"
    );
    assert_eq!(queue(&sb)["sending"]["waiting"], 5300);

    // Back online; the agency asks for 2 s between requests.
    let endpoint = Endpoint::start(&pki);
    endpoint.wait.store(2, Ordering::SeqCst);
    configure(&sb, &pki, &endpoint.url);
    let started = Instant::now();
    let out = sb.ok(&["fiscal", "send"]);
    assert!(out.contains("nothing waits to be sent"), "{out}");
    let arrivals = endpoint.arrivals.lock().unwrap().clone();
    let sizes: Vec<usize> = arrivals.iter().map(|a| a.1).collect();
    assert_eq!(sizes, vec![1000, 1000, 1000, 1000, 1000, 300], "{out}");
    // While 1,000 or more waited the requests went one after another; the last 300 waited
    // the 2 s the agency asked for.
    let gap = arrivals[5].0 - arrivals[4].0;
    assert!(gap >= Duration::from_secs(2), "{gap:?}\n{out}");
    for pair in arrivals[..5].windows(2) {
        assert!(pair[1].0 - pair[0].0 < Duration::from_secs(2), "{out}");
    }
    // What went over the wire validates against the AEAT's schema (the body of the envelope).
    let sent = endpoint.received.lock().unwrap()[0].clone();
    let start = sent.find("<sum:RegFactuSistemaFacturacion").unwrap();
    let end = sent.find("</soapenv:Body>").unwrap();
    if let Err(e) = crate::fiscal_xml::xmllint(&sent[start..end]) {
        panic!("the request sent does not validate: {e}");
    }
    // Every record accepted exactly once.
    let held = endpoint.held.lock().unwrap();
    assert_eq!(held.len(), 5300);
    assert!(held.values().all(|n| *n == 1));
    let q = queue(&sb);
    assert_eq!(q["sending"]["waiting"], 0);
    assert_eq!(q["sending"]["accepted"], 5300);
    eprintln!(
        "sender: 5,300 records in 6 requests in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // Nothing is sent twice: another run finds nothing to send.
    drop(held);
    sb.ok(&["fiscal", "send"]);
    assert_eq!(endpoint.arrivals.lock().unwrap().len(), 6);
}

#[test]
fn a_kill_while_a_request_is_out_loses_nothing_and_counts_nothing_twice() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", "1500", "--days", "1"]);
    let pki = Pki::new();
    let endpoint = Endpoint::start(&pki);
    endpoint.wait.store(1, Ordering::SeqCst);
    configure(&sb, &pki, &endpoint.url);
    // The agency takes the first 1,000 and answers slowly; the sender is killed meanwhile.
    endpoint.then(Script::RememberSlowly(1, Duration::from_secs(5)));
    let mut child = sb
        .cmd(&["fiscal", "send"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while endpoint.arrivals.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the first request never came");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap(); // SIGKILL while the request is out
    child.wait().unwrap();
    assert_eq!(endpoint.held.lock().unwrap().len(), 1000);

    // Started again: the cut-short request's records go again, the agency answers them as
    // duplicates of what it holds, and they are reconciled as accepted.
    let out = sb.ok(&["fiscal", "send"]);
    assert!(out.contains("nothing waits to be sent"), "{out}");
    let held = endpoint.held.lock().unwrap();
    assert_eq!(held.len(), 1500, "every record at the agency");
    let twice = held.values().filter(|n| **n == 2).count();
    assert_eq!(
        twice, 1000,
        "the cut-short request's records, answered as duplicates"
    );
    drop(held);
    let q = queue(&sb);
    assert_eq!(q["sending"]["waiting"], 0);
    assert_eq!(q["sending"]["accepted"], 1500, "{q}");
    assert_eq!(q["sending"]["rejected"], 0, "{q}");
}

#[test]
fn a_refused_invoice_is_corrected_and_sent_again_as_a_subsanacion() {
    use caja::app::demo::demo_ean;
    use caja::app::selling::PaymentProgress;
    let sb = Sandbox::new();
    drop(sb.demo_till());
    crate::fiscal_store::add_bar_canas(&sb);
    let mut till = sb.reopen_till(crate::support::start_time());
    till.login("1111").unwrap();
    till.scan(&demo_ean(3)).unwrap();
    till.invoice_to(Some(1)).unwrap();
    let PaymentProgress::Done(invoice) = till.pay_exact_cash().unwrap() else {
        panic!("not paid")
    };
    drop(till);
    let pki = Pki::new();
    let endpoint = Endpoint::start(&pki);
    endpoint.wait.store(0, Ordering::SeqCst);
    configure(&sb, &pki, &endpoint.url);
    // A request refused whole (a SOAP fault, 4102): the records stay queued, the light says a
    // person must look.
    endpoint.then(Script::Fault);
    let out = sb.run(&["fiscal", "send"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("4102"));
    let q = queue(&sb);
    assert_eq!(q["sending"]["refused_whole"], true, "{q}");
    assert_eq!(q["sending"]["waiting"], 1, "{q}");
    // The AEAT does not know the customer's NIF: the record is refused, in its words.
    endpoint.then(Script::Lines {
        state: "Incorrecto",
        code: Some(4107),
        wait: 0,
    });
    sb.ok(&["fiscal", "send"]);
    let q = queue(&sb);
    assert_eq!(q["sending"]["refused_whole"], false, "{q}");
    assert_eq!(q["sending"]["rejected"], 1, "{q}");
    assert_eq!(q["refused"][0]["number"], invoice.number.as_str());
    assert_eq!(q["refused"][0]["code"], 4107);
    assert!(
        q["refused"][0]["description"]
            .as_str()
            .unwrap()
            .contains("no está identificado en el censo"),
        "{q}"
    );
    // Only a manager corrects, and only a refused record.
    let correct =
        |pin: &str| sb.run_with_stdin(&["fiscal", "correct", &invoice.number], &format!("{pin}\n"));
    assert!(!correct("1111").status.success());
    // The customer's NIF put right in the book, then the record corrected and sent again.
    sb.ok(&["customers", "set", "1", "--tax-id", "89890002E"]);
    let out = correct("9999");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("subsanación"));
    assert!(!correct("9999").status.success(), "corrected twice");
    sb.ok(&["fiscal", "send"]);
    let sent = endpoint.received.lock().unwrap().last().unwrap().clone();
    assert!(
        sent.contains(
            "<sum1:Subsanacion>S</sum1:Subsanacion><sum1:RechazoPrevio>X</sum1:RechazoPrevio>"
        ),
        "{sent}"
    );
    assert!(sent.contains("<sum1:NIF>89890002E</sum1:NIF>"), "{sent}");
    let start = sent.find("<sum:RegFactuSistemaFacturacion").unwrap();
    let end = sent.find("</soapenv:Body>").unwrap();
    if let Err(e) = crate::fiscal_xml::xmllint(&sent[start..end]) {
        panic!("the subsanación does not validate: {e}");
    }
    assert_eq!(endpoint.held.lock().unwrap()[&invoice.number], 1);
    assert!(endpoint.agency.lock().unwrap().flagged.is_empty());
    let q = queue(&sb);
    assert_eq!(q["sending"]["rejected"], 0, "{q}");
    assert_eq!(q["sending"]["corrected"], 1, "{q}");
    assert_eq!(q["sending"]["accepted"], 1, "{q}");
    assert!(q["refused"].as_array().unwrap().is_empty(), "{q}");
    assert!(sb.ok(&["fiscal", "verify"]).contains("whole"));
    assert!(sb.ok(&["check"]).contains("0 problems"));
}
