//! `caja store get|set` and `caja tax list|set`: the store's identity and its tax classes from
//! the command line, with the same checks and audit rows as the back office. `caja config
//! get|set store.*` comes here too: those keys moved from `caja.toml` into the store and keep
//! their names.

use super::{Env, open_store};
use crate::cli::{StoreCommand, TaxCommand};
use crate::store::Store;
use crate::store::profile::LOGO_FILE;
use crate::store::taxes::Author;
use crate::till::profile::{ProfileError, ProfileKey};
use crate::till::tax::{DatedRate, Exemption, TaxClass, TaxKind, parse_percent};
use anyhow::{Context, Result, bail};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// The key of the logo (a store file, not a text value).
const LOGO_KEY: &str = "store.logo";
/// Where `store.logo` remembers the file it was read from (what `get` prints).
const LOGO_SOURCE: &str = "store.logo_source";

/// Whether `key` is one of the store's (`store.name`, `tax_id`, `logo`…).
pub(super) fn is_store_key(key: &str) -> bool {
    ProfileKey::parse(key).is_some() || logo_key(key)
}

fn logo_key(key: &str) -> bool {
    matches!(key.trim(), "logo" | LOGO_KEY)
}

fn author<'a>(env: &'a Env, at: &'a str) -> Author<'a> {
    Author {
        terminal: &env.settings.terminal,
        user_id: None,
        at,
    }
}

pub(super) fn run(env: &Env, command: StoreCommand) -> Result<ExitCode> {
    let store = open_store(env)?;
    match command {
        StoreCommand::Get { key: Some(key), .. } => println!("{}", get(&store, &key)?),
        StoreCommand::Get { key: None, json } => {
            let mut values = serde_json::Map::new();
            for k in ProfileKey::ALL {
                values.insert(k.name().into(), get(&store, k.name())?.into());
            }
            values.insert(LOGO_KEY.into(), get(&store, LOGO_KEY)?.into());
            let mut out = std::io::stdout().lock();
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&values)?)?;
            } else {
                for (k, v) in values {
                    writeln!(out, "{k} = {v}")?;
                }
            }
        }
        StoreCommand::Set { key, value } => {
            let new = set(&store, env, &key, &value)?;
            println!("{} = {new:?}", full_name(&key));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn full_name(key: &str) -> String {
    if logo_key(key) {
        LOGO_KEY.into()
    } else {
        ProfileKey::parse(key).map_or_else(|| key.to_string(), |k| k.name().to_string())
    }
}

/// A store key's value as text.
pub(super) fn get(store: &Store, key: &str) -> Result<String> {
    if logo_key(key) {
        return Ok(match store.store_file(LOGO_FILE)? {
            Some(_) => store
                .setting(LOGO_SOURCE)?
                .unwrap_or_else(|| "(stored)".into()),
            None => String::new(),
        });
    }
    let k = ProfileKey::parse(key).ok_or_else(|| ProfileError::Unknown(key.to_string()))?;
    Ok(k.get(&store.profile()?))
}

/// Checks and sets a store key (audited); returns the value as stored.
pub(super) fn set(store: &Store, env: &Env, key: &str, value: &str) -> Result<String> {
    let at = crate::app::stamp_now();
    let who = author(env, &at);
    if logo_key(key) {
        return set_logo(store, &who, value);
    }
    let k = ProfileKey::parse(key).ok_or_else(|| ProfileError::Unknown(key.to_string()))?;
    Ok(store.set_profile(k, value, &who)?)
}

/// `store.logo FILE.png`: the PNG is checked (it must decode) and kept in the store.
fn set_logo(store: &Store, who: &Author<'_>, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        store.set_store_file(LOGO_FILE, None, who)?;
        return Ok(String::new());
    }
    let path = Path::new(value.trim());
    if !path.is_absolute() {
        bail!("store.logo: give an absolute path to a PNG file (/home/…/logo.png)");
    }
    let bytes = std::fs::read(path)
        .with_context(|| format!("store.logo: cannot read the logo {}", path.display()))?;
    crate::devices::logo::Logo::from_png(&bytes, path)?;
    store.set_store_file(LOGO_FILE, Some(&bytes), who)?;
    store.set_setting(LOGO_SOURCE, &path.display().to_string())?;
    Ok(path.display().to_string())
}

pub(super) fn tax(env: &Env, command: TaxCommand) -> Result<ExitCode> {
    let store = open_store(env)?;
    let today = super::today();
    match command {
        TaxCommand::List { json } => list_taxes(&store, today, json)?,
        TaxCommand::Set {
            code,
            rate,
            from,
            recargo,
            name,
            kind,
            exempt,
        } => {
            let at = crate::app::stamp_now();
            let who = author(env, &at);
            let change = RateChange {
                rate,
                from,
                recargo,
                name,
                kind,
                exempt,
            };
            set_tax(&store, &who, &code, change, today)?;
            list_taxes(&store, today, false)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A class's rate from today, as `caja tax set CODE --rate RATE` sets it (the set-up file's
/// `[taxes.classes]`).
pub(super) fn set_tax_rate(store: &Store, env: &Env, code: &str, rate: &str) -> Result<()> {
    let at = crate::app::stamp_now();
    let who = author(env, &at);
    let change = RateChange {
        rate: Some(rate.to_string()),
        from: None,
        recargo: None,
        name: None,
        kind: None,
        exempt: None,
    };
    set_tax(store, &who, code, change, super::today())
}

/// What `caja tax set` was asked to change.
struct RateChange {
    rate: Option<String>,
    from: Option<String>,
    recargo: Option<String>,
    name: Option<String>,
    kind: Option<String>,
    exempt: Option<String>,
}

fn percent(flag: &str, text: &str) -> Result<u32> {
    parse_percent(text)
        .with_context(|| format!("--{flag} {text}: a rate in percent between 0 and 100 (21, 10,5)"))
}

fn set_tax(
    store: &Store,
    who: &Author<'_>,
    code: &str,
    c: RateChange,
    today: chrono::NaiveDate,
) -> Result<()> {
    let from = match &c.from {
        Some(d) => chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .with_context(|| format!("--from {d}: a day as YYYY-MM-DD"))?,
        None => today,
    };
    let exemption = match &c.exempt {
        Some(e) => {
            Some(Exemption::parse(e).with_context(|| format!("--exempt {e}: one of E1 … E6"))?)
        }
        None => None,
    };
    let rate_bp = match (&c.rate, exemption) {
        (Some(r), _) => Some(percent("rate", r)?),
        (None, Some(_)) => Some(0),
        (None, None) => None,
    };
    let recargo_bp = c
        .recargo
        .as_deref()
        .map(|r| percent("recargo", r))
        .transpose()?;
    let existing = store.tax_classes()?.into_iter().find(|t| t.code == code);
    let territory_kind = store.profile()?.territory.kind();
    let kind = match &c.kind {
        Some(k) => TaxKind::parse(k).with_context(|| format!("--kind {k}: iva, igic or ipsi"))?,
        None => existing.as_ref().map_or(territory_kind, |t| t.kind),
    };
    match existing {
        None => {
            let Some(rate_bp) = rate_bp else {
                bail!("a new class needs its rate: caja tax set {code} --rate 10 --name \"…\"");
            };
            if from > today {
                bail!(
                    "a new class starts today; once it exists, give it a later rate with caja tax set {code} --rate … --from {from}"
                );
            }
            let class = TaxClass {
                code: code.to_string(),
                name: c.name.unwrap_or_else(|| format!("{} {code}", kind.label())),
                kind,
                exemption,
                rates: vec![DatedRate {
                    from,
                    rate_bp,
                    recargo_bp: recargo_bp.unwrap_or(0),
                }],
            };
            store.save_tax_class(&class, who)?;
        }
        Some(mut class) => {
            if c.name.is_some() || c.kind.is_some() || c.exempt.is_some() {
                class.name = c.name.unwrap_or(class.name);
                class.kind = kind;
                if exemption.is_some() {
                    class.exemption = exemption;
                }
                store.save_tax_class(&class, who)?;
            }
            if rate_bp.is_some() || recargo_bp.is_some() {
                let now = class.in_force(from).copied();
                let rate = DatedRate {
                    from,
                    rate_bp: rate_bp.or(now.map(|r| r.rate_bp)).unwrap_or(0),
                    recargo_bp: recargo_bp.or(now.map(|r| r.recargo_bp)).unwrap_or(0),
                };
                store.add_tax_rate(code, rate, today, who)?;
            }
        }
    }
    Ok(())
}

fn list_taxes(store: &Store, today: chrono::NaiveDate, json: bool) -> Result<()> {
    let classes = store.tax_classes()?;
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<serde_json::Value> = classes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "code": c.code, "name": c.name, "kind": c.kind.as_str(),
                    "exemption": c.exemption.map(Exemption::as_str),
                    "rate_bp": c.in_force(today).map(|r| r.rate_bp),
                    "recargo_bp": c.in_force(today).map(|r| r.recargo_bp),
                    "rates": c.rates.iter().map(|r| serde_json::json!({
                        "from": r.from.to_string(), "rate_bp": r.rate_bp,
                        "recargo_bp": r.recargo_bp})).collect::<Vec<_>>(),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    let pct = |bp: u32| format!("{}.{:02} %", bp / 100, bp % 100);
    for c in &classes {
        let now = c
            .in_force(today)
            .map_or_else(|| "—".to_string(), |r| pct(r.rate_bp));
        let exempt = c
            .exemption
            .map(|e| format!(" exempt {} ({})", e.as_str(), e.article()))
            .unwrap_or_default();
        writeln!(out, "{:<14} {:<26} {:>8}{exempt}", c.code, c.name, now)?;
        for r in &c.rates {
            let when = if r.from > today { "from" } else { "since" };
            writeln!(
                out,
                "    {when} {}  {}  recargo {}",
                r.from,
                pct(r.rate_bp),
                pct(r.recargo_bp)
            )?;
        }
    }
    Ok(())
}
