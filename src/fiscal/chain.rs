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
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChainEnd {
    pub records: usize,
    /// The last record's number and hash.
    pub last_number: String,
    pub last_hash: String,
}

fn describe(number: &str, hash: &str) -> String {
    format!("{number} ({}…)", hash.get(..12).unwrap_or(hash))
}

/// The record before, as the next one must name it.
#[derive(Clone, Debug, Default)]
struct Before {
    issuer: String,
    number: String,
    issued: String,
    hash: String,
    count: usize,
}

/// Walks records in chain order, one at a time (a store's pages, an export), each installation
/// its own chain.
#[derive(Clone, Debug, Default)]
pub struct Walker {
    heads: BTreeMap<String, Before>,
}

impl Walker {
    /// A walker whose chains start at their first records.
    pub fn new() -> Walker {
        Walker::default()
    }

    /// A walker for one installation's chain that starts after `number` / `hash` (a list
    /// from the middle of a chain, such as an export from a date).
    pub fn after(installation: &str, number: &str, hash: &str) -> Walker {
        let mut heads = BTreeMap::new();
        heads.insert(
            installation.to_string(),
            Before {
                number: number.to_string(),
                hash: hash.to_string(),
                ..Before::default()
            },
        );
        Walker { heads }
    }

    /// Checks the next record of its installation's chain.
    pub fn push(&mut self, r: &ReadRecord) -> Result<(), ChainBreak> {
        let before = self.heads.get(&r.installation);
        let position = before.map_or(0, |b| b.count) + 1;
        let fail = |problem| ChainBreak {
            position,
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
        match (before, &r.previous) {
            (None, Some(link)) => {
                return Err(fail(Problem::NoFirst {
                    named: describe(&link.number, &link.hash),
                }));
            }
            (Some(b), None) => {
                return Err(fail(Problem::FirstAgain {
                    actual: describe(&b.number, &b.hash),
                }));
            }
            (Some(b), Some(link)) => {
                // A walk from the middle knows only the number and hash of the record before.
                let same = link.number == b.number
                    && link.hash == b.hash
                    && (b.issuer.is_empty() || link.issuer == b.issuer)
                    && (b.issued.is_empty() || link.issued == b.issued);
                if !same {
                    return Err(fail(Problem::Link {
                        named: describe(&link.number, &link.hash),
                        actual: describe(&b.number, &b.hash),
                    }));
                }
            }
            (None, None) => {}
        }
        self.heads.insert(
            r.installation.clone(),
            Before {
                issuer: r.issuer.clone(),
                number: r.number.clone(),
                issued: r.issued.clone(),
                hash: r.hash.clone(),
                count: position,
            },
        );
        Ok(())
    }

    /// How each installation's chain ends.
    pub fn ends(self) -> BTreeMap<String, ChainEnd> {
        self.heads
            .into_iter()
            .map(|(installation, b)| {
                (
                    installation,
                    ChainEnd {
                        records: b.count,
                        last_number: b.number,
                        last_hash: b.hash,
                    },
                )
            })
            .collect()
    }
}

/// Checks one installation's records in chain order. `after` is the record (number, hash) the
/// first one follows when the list starts mid-chain; `None` asks for the installation's first.
pub fn verify(records: &[ReadRecord], after: Option<(&str, &str)>) -> Result<ChainEnd, ChainBreak> {
    let Some(first) = records.first() else {
        return Ok(ChainEnd::default());
    };
    let mut walker = match after {
        Some((number, hash)) => Walker::after(&first.installation, number, hash),
        None => Walker::new(),
    };
    for r in records {
        walker.push(r)?;
    }
    Ok(walker.ends().into_values().next().unwrap_or_default())
}

/// Checks every installation's chain in `records` (in their order), each from its first record.
pub fn verify_all(records: &[ReadRecord]) -> Result<BTreeMap<String, ChainEnd>, ChainBreak> {
    let mut walker = Walker::new();
    for r in records {
        walker.push(r)?;
    }
    Ok(walker.ends())
}

/// Records learnt from elsewhere (the agency's query service) that do not follow a chain.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{unlinked} of the records do not follow the chain after {after}: the first is {first}, which names {named} before it"
)]
pub struct Unchained {
    pub after: String,
    pub unlinked: usize,
    pub first: String,
    pub named: String,
}

/// Puts `records` in chain order after the record whose hash is `after` (`None`: the
/// installation's first record), each naming the one before it. Every record must follow;
/// one that does not (a chain from elsewhere, a gap the list does not fill) is named.
pub fn follow(after: Option<&str>, records: Vec<ReadRecord>) -> Result<Vec<ReadRecord>, Unchained> {
    let mut by_previous: std::collections::HashMap<Option<String>, Vec<ReadRecord>> =
        std::collections::HashMap::new();
    let total = records.len();
    for r in records {
        by_previous
            .entry(r.previous.as_ref().map(|l| l.hash.clone()))
            .or_default()
            .push(r);
    }
    let mut out = Vec::with_capacity(total);
    let mut head = after.map(str::to_string);
    while let Some(mut next) = by_previous.remove(&head) {
        // Two records naming the same one before them: a fork, not a chain.
        if next.len() != 1 {
            by_previous.insert(head.clone(), next);
            break;
        }
        let r = next.remove(0);
        head = Some(r.hash.clone());
        out.push(r);
    }
    let left: Vec<&ReadRecord> = by_previous.values().flatten().collect();
    if let Some(first) = left.iter().min_by(|a, b| a.generated.cmp(&b.generated)) {
        return Err(Unchained {
            after: after.map_or("the start".into(), |h| {
                format!("{}…", h.get(..12).unwrap_or(h))
            }),
            unlinked: left.len(),
            first: first.number.clone(),
            named: first
                .previous
                .as_ref()
                .map_or("none (a first record)".into(), |l| {
                    describe(&l.number, &l.hash)
                }),
        });
    }
    Ok(out)
}
