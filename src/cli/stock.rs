//! `caja stock …`: the ledger, goods receipts, suppliers, adjustments, counts, low stock and
//! reorder points.

use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum StockCommand {
    /// A product's movements, newest first, with the balance after each.
    Ledger {
        /// Its barcode, PLU or SKU.
        code: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// A supplier's delivery: its lines from --line CODE:QTY:COST (repeated) or a CSV file
    /// (code, quantity, cost columns); posted at once unless --draft.
    Receive {
        /// The supplier's name (add it with `caja stock supplier add`).
        #[arg(long)]
        supplier: String,
        /// The delivery note's number.
        #[arg(long)]
        note: String,
        #[arg(long = "line", value_name = "CODE:QTY:COST")]
        lines: Vec<String>,
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Keep it as a draft, to post later (`caja stock post ID`).
        #[arg(long)]
        draft: bool,
        #[arg(long)]
        json: bool,
    },
    /// Post a draft goods receipt.
    Post { id: i64 },
    /// The newest goods receipts (drafts first).
    Receipts {
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Suppliers.
    Supplier {
        #[command(subcommand)]
        command: SupplierCommand,
    },
    /// Adjust a product's stock (waste, breakage, theft, own_use, correction); a manager's PIN
    /// is read from standard input.
    Adjust {
        code: String,
        /// The quantity moved: negative takes stock out (`-2`), positive puts it in.
        #[arg(allow_hyphen_values = true)]
        qty: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Stock counts.
    Count {
        #[command(subcommand)]
        command: CountCommand,
    },
    /// Products below their reorder point or below zero, with the order suggested by supplier.
    Low {
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
    },
    /// Set a product's reorder point (and order quantity, supplier); --clear takes it off.
    Reorder {
        code: String,
        #[arg(long, required_unless_present = "clear")]
        point: Option<String>,
        #[arg(long)]
        qty: Option<String>,
        #[arg(long)]
        supplier: Option<String>,
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SupplierCommand {
    /// Add a supplier.
    Add {
        name: String,
        #[arg(long)]
        tax_id: Option<String>,
        /// Phone, e-mail or the sales rep.
        #[arg(long)]
        contact: Option<String>,
    },
    /// Every supplier.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CountCommand {
    /// Start a count of the whole shop or of one category.
    Start {
        #[arg(long)]
        category: Option<String>,
    },
    /// Count a product (blind: what was expected is not shown). Adds to what was counted of it,
    /// or sets it with --set.
    Scan {
        code: String,
        #[arg(default_value = "1")]
        qty: String,
        #[arg(long)]
        set: bool,
    },
    /// The open count's variance report (or count ID's).
    Report {
        id: Option<i64>,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
    },
    /// Apply the open count's variances as one audited adjustment; a manager's PIN is read
    /// from standard input. Products nobody counted stay as they are unless --zero-uncounted.
    Apply {
        #[arg(long)]
        zero_uncounted: bool,
    },
    /// Cancel the open count (nothing moves).
    Cancel,
}
