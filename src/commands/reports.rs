//! `caja report sales | tax-book | losses`: the manager's reports for scripts and accountants —
//! dates inclusive in the store's time zone; a table for people, or JSON (amounts in minor
//! units beside `currency` and `minor_digits`) or CSV on standard output unless `--output`
//! names a file, or an XLSX workbook.

use super::{Env, open_with_identity};
use crate::app::analytics::{loss_report, sales_report};
use crate::app::report_table::{
    Cell, Table, loss_table, sales_table, tax_book_tables, to_csv, to_xlsx,
};
use crate::cli::{ReportCommand, ReportOutput};
use crate::till::analytics::{Grouping, Period};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::process::ExitCode;

pub fn run(env: &Env, command: ReportCommand) -> Result<ExitCode> {
    let (store, env) = open_with_identity(env)?;
    let env = &env;
    let lang = env.settings.locale.lang;
    match command {
        ReportCommand::Day { .. } => bail!("the day report is `caja report day`"),
        ReportCommand::Sales {
            period,
            by,
            top,
            out,
        } => {
            let period = Period::parse(&period.from, &period.to)?;
            let by = Grouping::parse(&by).with_context(|| {
                format!(
                    "«{by}» is not a grouping; use one of: {}",
                    Grouping::ALL.map(Grouping::as_str).join(", ")
                )
            })?;
            let report = sales_report(&store, by, period)?;
            let table = sales_table(&report, lang);
            if out.json {
                let c = env.settings.currency;
                let value = serde_json::json!({
                    "currency": c.code(), "minor_digits": c.minor_digits(),
                    "change_bp": report.change_bp(), "report": report,
                });
                return write(&out, serde_json::to_string_pretty(&value)?.into_bytes());
            }
            if out.csv || out.xlsx.is_some() {
                return export(env, &out, &[table]);
            }
            print_table(env, &table, (by == Grouping::Product).then_some(top));
            Ok(ExitCode::SUCCESS)
        }
        ReportCommand::TaxBook { period, out } => {
            let period = Period::parse(&period.from, &period.to)?;
            let book = store.tax_book(&period)?;
            if out.json {
                let c = env.settings.currency;
                let value = serde_json::json!({
                    "currency": c.code(), "minor_digits": c.minor_digits(),
                    "from": period.from_text(), "to": period.to_text(), "book": book,
                });
                return write(&out, serde_json::to_string_pretty(&value)?.into_bytes());
            }
            let title = lang
                .msg(&crate::msg!(
                    "report-tax-book-title",
                    from = period.from_text(),
                    to = period.to_text()
                ))
                .into_owned();
            let tables = tax_book_tables(&book, title, lang);
            if out.csv {
                // The rows (scripts sum them); the totals are the XLSX's second sheet.
                return export(env, &out, &tables[..1]);
            }
            if out.xlsx.is_some() {
                return export(env, &out, &tables);
            }
            for t in &tables {
                print_table(env, t, None);
            }
            Ok(ExitCode::SUCCESS)
        }
        ReportCommand::Losses { period, out } => {
            let period = Period::parse(&period.from, &period.to)?;
            let rows = loss_report(&store, period)?;
            if out.json {
                let c = env.settings.currency;
                let value = serde_json::json!({
                    "currency": c.code(), "minor_digits": c.minor_digits(),
                    "from": period.from_text(), "to": period.to_text(), "losses": rows,
                });
                return write(&out, serde_json::to_string_pretty(&value)?.into_bytes());
            }
            let title = lang
                .msg(&crate::msg!(
                    "report-losses-title",
                    from = period.from_text(),
                    to = period.to_text()
                ))
                .into_owned();
            let table = loss_table(&rows, title, lang);
            if out.csv || out.xlsx.is_some() {
                return export(env, &out, &[table]);
            }
            print_table(env, &table, None);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// JSON or CSV to standard output, or to `--output`.
fn write(out: &ReportOutput, bytes: Vec<u8>) -> Result<ExitCode> {
    match &out.output {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// CSV (the first table) or an XLSX workbook of the tables.
fn export(env: &Env, out: &ReportOutput, tables: &[Table]) -> Result<ExitCode> {
    if let Some(path) = &out.xlsx {
        let bytes = to_xlsx(tables, env.settings.currency).map_err(anyhow::Error::msg)?;
        std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
        println!("{}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let first = tables.first().context("nothing to write")?;
    write(out, to_csv(first, env.settings.currency.minor_digits()))
}

/// The table for people: money in the locale's format; by product, the top and bottom N.
fn print_table(env: &Env, t: &Table, top: Option<usize>) {
    let (currency, locale) = (env.settings.currency, env.settings.locale);
    let text = |c: &Cell| c.text(currency, locale);
    println!("{}", t.title);
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect();
    let mut widths: Vec<usize> = t.headers.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from(" ");
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w.saturating_sub(c.chars().count());
            if i == 0 {
                s.push_str(&format!(" {c}{}", " ".repeat(pad)));
            } else {
                s.push_str(&format!("  {}{c}", " ".repeat(pad)));
            }
        }
        println!("{}", s.trim_end());
    };
    line(&t.headers);
    match top {
        // The last row is the total.
        Some(n) if rows.len() > 2 * n + 1 => {
            let (body, total) = rows.split_at(rows.len() - 1);
            for r in &body[..n] {
                line(r);
            }
            println!("  …");
            for r in &body[body.len() - n..] {
                line(r);
            }
            for r in total {
                line(r);
            }
        }
        _ => {
            for r in &rows {
                line(r);
            }
        }
    }
    println!();
}
