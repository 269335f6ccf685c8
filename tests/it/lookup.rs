//! Names resolved without glibc's NSS: from a hosts file, from a nameserver the test runs on a
//! local UDP port (answering as a DNS server does, built with `simple-dns`), a name nobody
//! knows, a nameserver that does not answer; and the HTTPS client reaching the agency by name.

use caja::lookup::{Lookup, LookupError};
use std::net::{IpAddr, Ipv4Addr, UdpSocket};
use std::time::Duration;

/// A nameserver on a local port: `agencia.test` → 127.0.0.1 (A) and ::1 (AAAA); every other
/// name: no such domain.
fn nameserver() -> u16 {
    use simple_dns::rdata::{A, AAAA, RData};
    use simple_dns::{CLASS, Packet, ResourceRecord, TYPE};
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = socket.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        loop {
            let Ok((n, from)) = socket.recv_from(&mut buf) else {
                return;
            };
            let Ok(query) = Packet::parse(&buf[..n]) else {
                continue;
            };
            let mut reply = query.into_reply();
            let question = reply.questions[0].clone();
            if question.qname.to_string() == "agencia.test" {
                let rdata = if question.qtype == TYPE::A.into() {
                    RData::A(A {
                        address: u32::from(Ipv4Addr::LOCALHOST),
                    })
                } else {
                    RData::AAAA(AAAA { address: 1 })
                };
                reply.answers.push(ResourceRecord::new(
                    question.qname.clone(),
                    CLASS::IN,
                    60,
                    rdata,
                ));
            } else {
                *reply.rcode_mut() = simple_dns::RCODE::NameError;
            }
            let bytes = reply.build_bytes_vec().unwrap();
            let _ = socket.send_to(&bytes, from);
        }
    });
    port
}

fn lookup(dir: &std::path::Path, port: u16) -> Lookup {
    std::fs::write(
        dir.join("hosts"),
        "10.1.2.3 impresora-barra # the bar's printer\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("resolv.conf"),
        "search lan\nnameserver 127.0.0.1\n",
    )
    .unwrap();
    Lookup {
        hosts_file: dir.join("hosts"),
        resolv_conf: dir.join("resolv.conf"),
        timeout: Duration::from_millis(500),
        dns_port: port,
    }
}

#[test]
fn names_come_from_the_hosts_file_then_the_nameserver() {
    let dir = tempfile::tempdir().unwrap();
    let l = lookup(dir.path(), nameserver());
    assert_eq!(
        l.resolve("impresora-barra", 9100).unwrap(),
        vec!["10.1.2.3:9100".parse().unwrap()]
    );
    let found = l.resolve("agencia.test", 443).unwrap();
    assert_eq!(found[0], "127.0.0.1:443".parse().unwrap(), "IPv4 first");
    assert_eq!(found[1].ip(), "::1".parse::<IpAddr>().unwrap());
    assert_eq!(
        l.resolve("nadie.test", 443),
        Err(LookupError::NotFound("nadie.test".into()))
    );
    // An address is used as it is, asking nobody.
    assert_eq!(
        l.resolve("192.0.2.7", 80).unwrap(),
        vec!["192.0.2.7:80".parse().unwrap()]
    );
}

#[test]
fn a_nameserver_that_does_not_answer_is_named_not_waited_for_forever() {
    let dir = tempfile::tempdir().unwrap();
    // A port nobody answers on.
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let l = lookup(dir.path(), silent.local_addr().unwrap().port());
    let started = std::time::Instant::now();
    let e = l.resolve("agencia.test", 443).unwrap_err();
    assert!(matches!(e, LookupError::NoAnswer { .. }), "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn the_agency_is_reached_by_name_through_caja_s_own_resolver() {
    // `localhost` comes from /etc/hosts, read by Caja (the endpoint's certificate names it).
    let pki = crate::agency::Pki::new();
    let endpoint = crate::agency::Endpoint::start(&pki);
    let by_name = endpoint.url.replace("127.0.0.1", "localhost");
    let client = pki.client(&by_name, "client.p12", Duration::from_secs(5));
    let v = crate::fiscal_xml::verifactu(caja::till::tax::TaxKind::Iva);
    let one = crate::fiscal_xml::ticket_chain(&v, 1);
    let soap = caja::fiscal::xml::envelope(
        &caja::fiscal::xml::Taxpayer {
            name: "Ultramarinos Caja Demo, S.L.".into(),
            nif: "89890001K".into(),
        },
        &[one[0].xml().as_str()],
    );
    let reply = client.send(&soap).unwrap();
    assert!(matches!(reply, caja::fiscal::reply::Reply::Answer { .. }));
}
