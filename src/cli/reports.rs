//! `caja report …`: the day report, sales over a period by a grouping, the tax book, losses;
//! and where a report goes (a table, JSON, CSV, XLSX).

use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Sales of one business day: count, totals per tender and per tax rate, returns.
    Day {
        /// YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Sales over a period (dates inclusive, in the store's time zone) grouped by hour, day,
    /// week, month, category, product, cashier, terminal, tender or tax rate, beside the
    /// previous period of the same length. Training sales never count.
    Sales {
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long, default_value = "day")]
        by: String,
        /// By product: the top and bottom N (printed; JSON and CSV hold every product).
        #[arg(long, default_value_t = 10)]
        top: usize,
        #[command(flatten)]
        out: ReportOutput,
    },
    /// The libro registro de facturas expedidas: a row per ticket or invoice and tax rate, returns
    /// negative, and the totals per rate.
    TaxBook {
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        out: ReportOutput,
    },
    /// Voids, line deletions, discounts, price overrides, returns and no-sale drawer openings, by
    /// cashier and approving manager.
    Losses {
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        out: ReportOutput,
    },
}

/// A period's first and last day, both inclusive (`YYYY-MM-DD`, the store's business days).
#[derive(Debug, Args)]
pub struct PeriodArgs {
    #[arg(long)]
    pub from: String,
    #[arg(long)]
    pub to: String,
}

/// Where a report goes: a table for people on standard output, or JSON / CSV (to standard
/// output unless --output names a file), or an XLSX workbook.
#[derive(Debug, Args)]
pub struct ReportOutput {
    #[arg(long, conflicts_with_all = ["csv", "xlsx"])]
    pub json: bool,
    #[arg(long, conflicts_with = "xlsx")]
    pub csv: bool,
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write the JSON or CSV here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
