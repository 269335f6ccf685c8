//! Host names resolved without glibc's NSS, which inside the confined till would open unix and
//! netlink sockets and read files the confinement does not allow: `/etc/hosts` first, then the
//! nameservers of `/etc/resolv.conf` asked over UDP (A and AAAA; the wire format is the
//! `simple-dns` crate's). Used for every lookup the till makes — the tax agency, network
//! printers. An IP address is used as it is.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::time::Duration;

/// Where names are looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    pub hosts_file: PathBuf,
    pub resolv_conf: PathBuf,
    /// How long one nameserver is given to answer.
    pub timeout: Duration,
    /// The nameservers' port (53).
    pub dns_port: u16,
}

impl Default for Lookup {
    fn default() -> Lookup {
        Lookup {
            hosts_file: PathBuf::from("/etc/hosts"),
            resolv_conf: PathBuf::from("/etc/resolv.conf"),
            timeout: Duration::from_secs(3),
            dns_port: 53,
        }
    }
}

/// A name that could not be resolved.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("the name «{0}» is not known (not in /etc/hosts, and no nameserver knows it)")]
    NotFound(String),
    #[error("no nameserver answered for «{host}»: {why}")]
    NoAnswer { host: String, why: String },
}

/// The addresses `/etc/hosts` gives `host` (case-insensitive, aliases included).
pub fn from_hosts(text: &str, host: &str) -> Vec<IpAddr> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let ip: IpAddr = words.next()?.parse().ok()?;
            words.any(|w| w.eq_ignore_ascii_case(host)).then_some(ip)
        })
        .collect()
}

/// The nameservers `/etc/resolv.conf` names (the local one when it names none, as glibc does).
pub fn nameservers(text: &str) -> Vec<IpAddr> {
    let found: Vec<IpAddr> = text
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            (words.next()? == "nameserver").then_some(())?;
            // A scoped IPv6 address (`fe80::1%eth0`) is taken without its scope.
            words.next()?.split('%').next()?.parse().ok()
        })
        .collect();
    if found.is_empty() {
        vec![IpAddr::V4(Ipv4Addr::LOCALHOST)]
    } else {
        found
    }
}

/// Asks one nameserver for `host`'s addresses of one type; the CNAMEs the answer follows are
/// taken as the server resolved them.
fn ask(
    server: SocketAddr,
    host: &str,
    qtype: simple_dns::TYPE,
    timeout: Duration,
) -> Result<Vec<IpAddr>, String> {
    use simple_dns::rdata::RData;
    let id: u16 = rand::random();
    let mut query = simple_dns::Packet::new_query(id);
    query.set_flags(simple_dns::PacketFlag::RECURSION_DESIRED);
    let name = simple_dns::Name::new(host).map_err(|e| e.to_string())?;
    query.questions.push(simple_dns::Question::new(
        name,
        qtype.into(),
        simple_dns::CLASS::IN.into(),
        false,
    ));
    let bytes = query.build_bytes_vec().map_err(|e| e.to_string())?;
    let local: SocketAddr = if server.is_ipv4() {
        (Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let socket = UdpSocket::bind(local).map_err(|e| e.to_string())?;
    socket
        .set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    socket.connect(server).map_err(|e| e.to_string())?;
    socket.send(&bytes).map_err(|e| e.to_string())?;
    let mut buf = [0u8; 4096];
    loop {
        let n = socket.recv(&mut buf).map_err(|e| e.to_string())?;
        let Ok(answer) = simple_dns::Packet::parse(&buf[..n]) else {
            continue;
        };
        if answer.id() != id {
            continue;
        }
        return Ok(answer
            .answers
            .iter()
            .filter_map(|rr| match &rr.rdata {
                RData::A(a) => Some(IpAddr::V4(Ipv4Addr::from(a.address))),
                RData::AAAA(a) => Some(IpAddr::V6(Ipv6Addr::from(a.address))),
                _ => None,
            })
            .collect());
    }
}

impl Lookup {
    /// The addresses of `host` at `port`, IPv4 first.
    pub fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, LookupError> {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        let hosts = std::fs::read_to_string(&self.hosts_file).unwrap_or_default();
        let mut ips = from_hosts(&hosts, host);
        if ips.is_empty() {
            let conf = std::fs::read_to_string(&self.resolv_conf).unwrap_or_default();
            let mut last_error = None;
            for server in nameservers(&conf) {
                let server = SocketAddr::new(server, self.dns_port);
                let mut answered = false;
                for qtype in [simple_dns::TYPE::A, simple_dns::TYPE::AAAA] {
                    match ask(server, host, qtype, self.timeout) {
                        Ok(found) => {
                            answered = true;
                            ips.extend(found);
                        }
                        Err(e) => last_error = Some(e),
                    }
                }
                if answered {
                    break;
                }
            }
            if ips.is_empty()
                && let Some(why) = last_error
            {
                return Err(LookupError::NoAnswer {
                    host: host.to_string(),
                    why,
                });
            }
        }
        ips.sort_by_key(|ip| ip.is_ipv6());
        ips.dedup();
        if ips.is_empty() {
            return Err(LookupError::NotFound(host.to_string()));
        }
        Ok(ips
            .into_iter()
            .map(|ip| SocketAddr::new(ip, port))
            .collect())
    }
}

/// `Lookup` as ureq's resolver: every name the HTTPS client needs goes through it.
#[derive(Clone, Debug, Default)]
pub struct UreqResolver(pub Lookup);

impl ureq::unversioned::resolver::Resolver for UreqResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().ok_or(ureq::Error::HostNotFound)?;
        let port = uri
            .port_u16()
            .unwrap_or(if uri.scheme_str() == Some("http") {
                80
            } else {
                443
            });
        let found = self
            .0
            .resolve(host, port)
            .map_err(|e| ureq::Error::Io(std::io::Error::other(e.to_string())))?;
        let mut out = self.empty();
        for addr in found.into_iter().take(16) {
            out.push(addr);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_nameservers_are_read_as_glibc_reads_them() {
        let hosts = "127.0.0.1 localhost\n# 10.0.0.9 old\n10.0.0.7 Impresora-Barra barra # bar\n::1 ip6-localhost\n";
        assert_eq!(
            from_hosts(hosts, "impresora-barra"),
            vec!["10.0.0.7".parse::<IpAddr>().unwrap()]
        );
        assert_eq!(from_hosts(hosts, "barra").len(), 1);
        assert!(from_hosts(hosts, "old").is_empty());
        let conf = "# generated\nsearch lan\nnameserver 192.168.1.1\nnameserver fe80::1%eth0\noptions timeout:2\n";
        assert_eq!(
            nameservers(conf),
            vec![
                "192.168.1.1".parse::<IpAddr>().unwrap(),
                "fe80::1".parse::<IpAddr>().unwrap()
            ]
        );
        assert_eq!(nameservers(""), vec![IpAddr::V4(Ipv4Addr::LOCALHOST)]);
    }
}
