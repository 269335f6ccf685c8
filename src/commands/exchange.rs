//! `caja catalog import FILE` and `caja catalog export FILE`: catalogs in and out, with the
//! report a person reads (every bad row as the spreadsheet numbers it) or `--json` for scripts.

use super::{Env, today};
use crate::app::import::{ImportChoices, ImportFile, ImportReport, Progress, import_catalog};
use crate::exchange::Layout;
use crate::store::Store;
use crate::store::taxes::Author;
use crate::till::product::{ProductField, parse_flag};
use anyhow::{Context, Result, bail};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// The flags of `caja catalog import`.
pub(super) struct ImportFlags {
    pub dry_run: bool,
    pub format: String,
    pub map: Vec<String>,
    pub tax_class: Option<String>,
    pub prices_include_tax: Option<String>,
    pub json: bool,
}

fn choices(f: &ImportFlags) -> Result<ImportChoices> {
    let layout = match f.format.trim() {
        "auto" | "" => None,
        other => Some(Layout::parse(other).with_context(|| {
            format!(
                "--format {other}: one of auto, {}",
                Layout::NAMED.map(Layout::name).join(", ")
            )
        })?),
    };
    let mut map = Vec::new();
    for m in &f.map {
        let Some((column, field)) = m.split_once('=') else {
            bail!("--map {m}: write COLUMN=FIELD, e.g. --map \"Descripción=name\"");
        };
        let field = ProductField::parse(field).with_context(|| {
            format!(
                "--map {m}: «{field}» is not a field ({})",
                ProductField::ALL.map(ProductField::as_str).join(" ")
            )
        })?;
        map.push((column.trim().to_string(), field));
    }
    let prices_include_tax = match &f.prices_include_tax {
        Some(v) => {
            Some(parse_flag(v).with_context(|| format!("--prices-include-tax {v}: yes or no"))?)
        }
        None => None,
    };
    Ok(ImportChoices {
        layout,
        map,
        tax_class: f.tax_class.clone(),
        prices_include_tax,
        dry_run: f.dry_run,
    })
}

pub(super) fn import(
    env: &Env,
    store: &Store,
    who: &Author<'_>,
    file: &Path,
    flags: &ImportFlags,
) -> Result<ExitCode> {
    let choices = choices(flags)?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let started = std::time::Instant::now();
    let quiet = flags.json;
    let mut last = String::new();
    let report = import_catalog(
        store,
        ImportFile {
            path: file,
            bytes: &bytes,
        },
        &choices,
        env.settings.currency,
        today(),
        who,
        &mut |p| {
            if quiet {
                return;
            }
            let line = match p {
                Progress::Reading { rows, of } => format!("reading {rows}/{of}"),
                Progress::Checking => "checking against the catalog".into(),
                Progress::Writing { rows, of } => format!("writing {rows}/{of}"),
                Progress::Publishing => "publishing".into(),
            };
            if line != last {
                eprint!("\r{line}        ");
                last = line;
            }
        },
    )?;
    if !quiet {
        eprintln!();
    }
    let secs = started.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    if flags.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        print_report(&mut out, env, &report, secs)?;
    }
    Ok(match report {
        ImportReport::Refused { .. } => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    })
}

fn print_report(
    out: &mut impl std::io::Write,
    env: &Env,
    report: &ImportReport,
    secs: f64,
) -> Result<()> {
    let lang = env.settings.locale.lang;
    match report {
        ImportReport::Refused {
            layout,
            problems,
            clashes,
        } => {
            writeln!(
                out,
                "nothing imported: {} bad rows ({} file)",
                problems.len() + clashes.len(),
                layout.name()
            )?;
            for p in problems {
                writeln!(out, "  {}", p.describe(lang))?;
            }
            for c in clashes {
                writeln!(out, "  row {}: {}", c.row, c.clash)?;
            }
        }
        ImportReport::WouldImport {
            layout,
            new,
            changed,
            unchanged,
        } => writeln!(
            out,
            "dry run ({} file): {new} new, {changed} changed, {unchanged} unchanged — nothing written",
            layout.name()
        )?,
        ImportReport::Imported { layout, done } => writeln!(
            out,
            "imported ({} file) in {secs:.1} s: {} new, {} changed, {} unchanged (longest write step {:.1} ms; gave way to sales being paid for {:.0} ms)",
            layout.name(),
            done.new,
            done.changed,
            done.unchanged,
            done.longest_step_ms,
            done.steps.gave_way
        )?,
        ImportReport::RepricePreview { .. } | ImportReport::Repriced { .. } => {
            writeln!(out, "(a bulk price change: caja catalog reprice)")?;
        }
    }
    Ok(())
}

pub(super) fn export(env: &Env, store: &Store, file: &Path) -> Result<ExitCode> {
    let drafts: Vec<_> = store
        .list_products(today(), true)?
        .iter()
        .map(crate::store::catalog::Product::to_draft)
        .collect();
    let c = env.settings.currency;
    let bytes = match file.extension().and_then(|x| x.to_str()) {
        Some(x) if x.eq_ignore_ascii_case("xlsx") => crate::exchange::write_xlsx(&drafts, c)?,
        Some(x) if x.eq_ignore_ascii_case("csv") => crate::exchange::write_csv(&drafts, c),
        _ => bail!("{}: export to a .csv or .xlsx file", file.display()),
    };
    let tmp = file.with_extension("partial");
    std::fs::write(&tmp, &bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, file).with_context(|| format!("cannot write {}", file.display()))?;
    println!("exported {} products to {}", drafts.len(), file.display());
    Ok(ExitCode::SUCCESS)
}
