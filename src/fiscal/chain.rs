//! The chain checked from the records' own text: each record's hash recomputed from its fields,
//! each link compared with the record before it, one first record per installation. The first
//! record that fails is named, with what failed — a changed record breaks its own hash, a
//! missing, reordered or inserted one breaks the next record's link.

use super::parse::ReadRecord;
use std::collections::BTreeMap;

/// Where and how a chain breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("record {position} ({number}) of installation «{installation}»: {problem}")]
pub struct ChainBreak {
    /// 1-based position in the installation's chain as given.
    pub position: usize,
    pub number: String,
    pub installation: String,
    pub problem: Problem,
}

/// What is wrong with a record of a chain.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("its hash is {stored} but its fields give {computed}: the record was changed")]
    Hash { stored: String, computed: String },
    #[error(
        "it names {named} as the record before it, but the record before it is {actual}: a record is missing, out of order or was inserted"
    )]
    Link { named: String, actual: String },
    #[error("it says it is the first record, but {actual} comes before it")]
    FirstAgain { actual: String },
    #[error("the chain starts with it, but it names {named} before it and is not marked first")]
    NoFirst { named: String },
}

/// How a checked chain ends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainEnd {
    pub records: usize,
    /// The last record's number and hash.
    pub last_number: String,
    pub last_hash: String,
}

fn describe(number: &str, hash: &str) -> String {
    format!("{number} ({}…)", hash.get(..12).unwrap_or(hash))
}

/// Checks one installation's records in chain order. `after` is the record the first one
/// follows when the list starts mid-chain (an export from a date); `None` asks for the
/// installation's first record.
pub fn verify(records: &[ReadRecord], after: Option<(&str, &str)>) -> Result<ChainEnd, ChainBreak> {
    let mut before: Option<(String, String, String, String)> = after.map(|(number, hash)| {
        (
            String::new(),
            number.to_string(),
            String::new(),
            hash.to_string(),
        )
    });
    for (i, r) in records.iter().enumerate() {
        let fail = |problem| ChainBreak {
            position: i + 1,
            number: r.number.clone(),
            installation: r.installation.clone(),
            problem,
        };
        let computed = r.expected_hash();
        if computed != r.hash {
            return Err(fail(Problem::Hash {
                stored: r.hash.clone(),
                computed,
            }));
        }
        match (&before, &r.previous) {
            (None, Some(link)) => {
                return Err(fail(Problem::NoFirst {
                    named: describe(&link.number, &link.hash),
                }));
            }
            (Some((_, number, _, hash)), None) => {
                return Err(fail(Problem::FirstAgain {
                    actual: describe(number, hash),
                }));
            }
            (Some((issuer, number, issued, hash)), Some(link)) => {
                // Mid-chain starts know only the number and hash of the record before.
                let same = link.number == *number
                    && link.hash == *hash
                    && (issuer.is_empty() || link.issuer == *issuer)
                    && (issued.is_empty() || link.issued == *issued);
                if !same {
                    return Err(fail(Problem::Link {
                        named: describe(&link.number, &link.hash),
                        actual: describe(number, hash),
                    }));
                }
            }
            (None, None) => {}
        }
        before = Some((
            r.issuer.clone(),
            r.number.clone(),
            r.issued.clone(),
            r.hash.clone(),
        ));
    }
    Ok(ChainEnd {
        records: records.len(),
        last_number: before.as_ref().map(|b| b.1.clone()).unwrap_or_default(),
        last_hash: before.map(|b| b.3).unwrap_or_default(),
    })
}

/// Checks every installation's chain in `records` (in their order), each from its first record.
pub fn verify_all(records: &[ReadRecord]) -> Result<BTreeMap<String, ChainEnd>, ChainBreak> {
    let mut by_installation: BTreeMap<String, Vec<ReadRecord>> = BTreeMap::new();
    for r in records {
        by_installation
            .entry(r.installation.clone())
            .or_default()
            .push(r.clone());
    }
    by_installation
        .into_iter()
        .map(|(installation, chain)| Ok((installation, verify(&chain, None)?)))
        .collect()
}
