//! The receipt's QR content: the AEAT's `ValidarQR` address with the issuer's tax id, the
//! series and number, the issue date (`DD-MM-AAAA`) and the total (`ImporteTotal`, with a
//! point), each value URL-encoded as UTF-8. The test environment's host differs from
//! production's. (Printing it — ISO/IEC 18004, level M, 30–40 mm, "QR tributario:" above and
//! "VERI*FACTU" below — is the receipt's.)

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Where the records go and the QR points: the AEAT's test service or the real one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Test,
    Production,
}

impl Environment {
    /// The store's `fiscal.environment` (not chosen yet: the test service, never production).
    pub fn of_store(e: crate::till::profile::FiscalEnvironment) -> Environment {
        match e {
            crate::till::profile::FiscalEnvironment::Production => Environment::Production,
            _ => Environment::Test,
        }
    }

    fn qr_host(self) -> &'static str {
        match self {
            Environment::Test => "prewww2.aeat.es",
            Environment::Production => "www2.agenciatributaria.gob.es",
        }
    }
}

/// What a query value may carry as it is (RFC 3986 unreserved); the rest is percent-encoded.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The QR's URL for a record.
pub fn validar_qr_url(
    env: Environment,
    issuer: &str,
    number: &str,
    issued: chrono::NaiveDate,
    total: &str,
) -> String {
    let enc = |v: &str| utf8_percent_encode(v.trim(), VALUE).to_string();
    format!(
        "https://{}/wlpl/TIKE-CONT/ValidarQR?nif={}&numserie={}&fecha={}&importe={}",
        env.qr_host(),
        enc(issuer),
        enc(number),
        super::date(issued),
        enc(total)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_points_at_the_environment_with_each_value_encoded() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 9, 13).unwrap();
        assert_eq!(
            validar_qr_url(Environment::Test, "89890001K", "12345678&G33", day, "241.4"),
            "https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K\
             &numserie=12345678%26G33&fecha=13-09-2024&importe=241.4"
        );
        let url = validar_qr_url(
            Environment::Production,
            "B12345674",
            "TDA1-T01 000042/Ñ",
            day,
            "-12.30",
        );
        assert_eq!(
            url,
            "https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR?nif=B12345674\
             &numserie=TDA1-T01%20000042%2F%C3%91&fecha=13-09-2024&importe=-12.30"
        );
    }
}
