//! Command-line definitions (clap) only: the contract scripts rely on. Handlers live in
//! `commands.rs`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

mod fiscal;
mod reports;
mod stock;

pub use fiscal::{CustomersCommand, FiscalCommand};
pub use reports::{PeriodArgs, ReportCommand, ReportOutput};
pub use stock::{CountCommand, StockCommand, SupplierCommand};

#[derive(Debug, Parser)]
#[command(
    name = "caja",
    version,
    about = "Caja — point of sale for shops and restaurants"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Seed the demo store into an empty data dir before starting.
    #[arg(long)]
    pub demo: bool,
    /// Measure start-up: print the milliseconds from start to the login screen drawn, then quit.
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where the data, key and configuration are.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Data directory (default: the XDG data dir, e.g. ~/.local/share/caja).
    #[arg(long, global = true, env = "CAJA_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database key file, kept outside the data dir (default: $CREDENTIALS_DIRECTORY/caja-db-key
    /// when present, else ~/.config/caja/db.key). Created with mode 0600 at first run.
    #[arg(long, global = true, env = "CAJA_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// Configuration file (default: ~/.config/caja/caja.toml).
    #[arg(long, global = true, env = "CAJA_CONFIG")]
    pub config: Option<PathBuf>,
    /// Run as root anyway — for development only: prints a warning, and the till audits it.
    #[arg(long, global = true, env = "CAJA_ALLOW_ROOT", value_parser = clap::builder::FalseyValueParser::new())]
    pub allow_root: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Seed the demo store headless; optionally a generated catalog and a sales history.
    SeedDemo {
        /// Add this many generated products.
        #[arg(long, default_value_t = 0)]
        products: usize,
        /// Add this many sales spread over past days.
        #[arg(long, default_value_t = 0)]
        sales: usize,
        /// Spread the sales over this many past days.
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// About one ticket in thirty has its first line returned at the day's end.
        #[arg(long)]
        returns: bool,
    },
    /// The catalog.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// The store's identity: legal and trade name, tax id, address, receipt lines, logo,
    /// currency, language, time zone, territory (kept in the encrypted store; audited).
    Store {
        #[command(subcommand)]
        command: StoreCommand,
    },
    /// Tax classes and their rates, each in force from a day.
    Tax {
        #[command(subcommand)]
        command: TaxCommand,
    },
    /// Stock of stock-tracked products: ledger, goods receipts, adjustments, counts, low stock.
    Stock {
        #[command(subcommand)]
        command: StockCommand,
    },
    /// Reports.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Check SQLite and cipher integrity, the audit chain and gapless series; non-zero on any problem.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Set up this till unattended from a file (a chain rolling out many tills), step by step
    /// as the first-run wizard goes; run again, it goes on after the last step done.
    Setup {
        #[arg(long, value_name = "FILE.toml")]
        from: PathBuf,
    },
    /// Check this till's health: one line per check (green, amber, red) with the fix to type
    /// for each that fails; only reads; non-zero when any is red.
    Doctor {
        #[arg(long)]
        json: bool,
    },
    /// Read or change the configuration file.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Age-encrypted backups: make one now, list, verify, create the owner's key.
    Backup {
        #[command(subcommand)]
        command: BackupCommand,
    },
    /// Restore a backup into this till's data dir (a new file, checked, then swapped in).
    Restore {
        /// The backup file (caja-T01-….age).
        file: PathBuf,
        /// The owner's identity file (from `caja backup keygen`; never kept on the till).
        #[arg(long)]
        identity: PathBuf,
        /// Keep the current database aside (renamed) and restore over it.
        #[arg(long)]
        replace: bool,
    },
    /// Confinement: the effective policy, and how confined this machine lets the till be.
    Sandbox {
        #[command(subcommand)]
        command: SandboxCommand,
    },
    /// The back office in its own window (login, then the store, taxes, catalog, people); it
    /// may run beside a till selling on the same data dir.
    Backoffice,
    /// Users and the PIN lockout.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Printers and other devices, for technicians and scripts.
    Devices {
        #[command(subcommand)]
        command: DevicesCommand,
    },
    /// What waits to leave the till (print jobs; later fiscal records, kitchen tickets, HQ).
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
    /// The customer book: customers who ask for full invoices.
    Customers {
        #[command(subcommand)]
        command: CustomersCommand,
    },
    /// Fiscal records (VERI*FACTU): their state, the chain's check, one record, an export.
    Fiscal {
        #[command(subcommand)]
        command: FiscalCommand,
    },
    /// Developer and test tools.
    #[command(hide = true)]
    Debug {
        #[command(subcommand)]
        command: DebugCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// Detected printer and serial ports, and the configured devices.
    List,
    /// The device models in hardware/.
    Profiles,
    /// Print a test receipt now (accents, €, barcode, cut) and say whether it went through.
    TestPrint {
        /// Printer address (default: devices.printer).
        #[arg(long)]
        to: Option<String>,
        /// Printer model (default: devices.printer_profile).
        #[arg(long)]
        profile: Option<String>,
    },
    /// Open the cash drawer now: through the printer, or on its own serial port
    /// (`devices.drawer`); `--to ADDRESS` pulses the printer or drawer at that address.
    OpenDrawer {
        #[arg(long)]
        to: Option<String>,
    },
    /// Print jobs not printed yet, with why they wait.
    Queue {
        #[arg(long)]
        json: bool,
    },
    /// Send the waiting print jobs to the printer now.
    Retry,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Messages not delivered yet (pending and parked), with why they wait.
    List {
        /// Only this topic (print, …).
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Try parked or waiting messages again at once (all of the topic, or one by id); audited.
    Retry {
        #[arg(long, default_value = "print")]
        topic: String,
        id: Option<i64>,
    },
    /// Deliver the `drill` topic to a line receiver at HOST:PORT until none waits (tests of
    /// delivery under kill -9; the shape of an HQ link).
    #[command(hide = true)]
    Drill {
        #[arg(long)]
        to: std::net::SocketAddr,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 60)]
        timeout_secs: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List every product (active ones; --all for every product).
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Add a product (audited; its price starts its price history).
    Add(ProductArgs),
    /// Change fields of a product: `caja catalog set 8410000000007 price=1,25 name="Pan"`
    /// (fields: sku name short_name category tax_class price cost barcodes plu unit
    /// stock_tracked active). A product is named by barcode, PLU, SKU or #ID.
    Set {
        product: String,
        #[arg(required = true)]
        changes: Vec<String>,
    },
    /// Import a catalog file (CSV, XLSX, ODS) — all or nothing: a file with any bad row imports
    /// nothing and every bad row is named. Products match by barcode or SKU, so importing the
    /// same file twice changes nothing. The till keeps selling meanwhile.
    Import {
        file: PathBuf,
        /// Report new / changed / unchanged and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// auto, loyverse, square, shopify, shopify-legacy, odoo, facturascripts, generic.
        #[arg(long, default_value = "auto")]
        format: String,
        /// COLUMN=FIELD: which column (header text or letter) holds which field; repeatable.
        #[arg(long)]
        map: Vec<String>,
        /// The tax class for rows without a tax (a file with no tax column needs it).
        #[arg(long)]
        tax_class: Option<String>,
        /// yes or no: whether the file's prices include tax (default: as its layout does).
        #[arg(long)]
        prices_include_tax: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change many prices at once — a percentage or an amount, optionally to an ending (.x9,
    /// .x5) — for a category, a tax class, a search, or every product on sale. Shows old →
    /// new first with --dry-run; applied all at once (audited, each in the price history).
    Reprice {
        /// +5%, -10%, 2,5%.
        #[arg(long, allow_hyphen_values = true, conflicts_with = "amount")]
        percent: Option<String>,
        /// An amount added to each price (0,10; -0,05).
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        tax_class: Option<String>,
        /// Products whose name matches these words.
        #[arg(long)]
        search: Option<String>,
        /// The last digit prices end in: 9 (1,29) or 5 (1,35).
        #[arg(long)]
        ending: Option<u8>,
        #[arg(long)]
        dry_run: bool,
        /// Queue shelf labels of what changed for the receipt printer.
        #[arg(long)]
        labels: bool,
        #[arg(long)]
        json: bool,
    },
    /// Queue shelf labels (name, price, price per kg or litre, barcode) for the receipt printer.
    Labels {
        #[arg(required = true)]
        products: Vec<String>,
    },
    /// Export the catalog in Caja's own layout (FILE.csv or FILE.xlsx), every product.
    Export { file: PathBuf },
    /// Take a product off sale: it leaves search and scans, and stays in every ticket.
    Deactivate { product: String },
    /// Put a deactivated product back on sale.
    Activate { product: String },
    /// A product's fields and its price history.
    Show {
        product: String,
        #[arg(long)]
        json: bool,
    },
    /// Search products as the till does (prefix words, accents ignored).
    Search {
        text: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

/// A new product's fields.
#[derive(Debug, Args)]
pub struct ProductArgs {
    #[arg(long)]
    pub name: String,
    /// Price with tax, in the store's currency (1,25).
    #[arg(long)]
    pub price: String,
    /// Its tax class (caja tax list).
    #[arg(long, default_value = "general")]
    pub tax_class: String,
    /// A barcode (EAN-13, EAN-8, UPC); repeat for more.
    #[arg(long)]
    pub barcode: Vec<String>,
    #[arg(long)]
    pub sku: Option<String>,
    #[arg(long)]
    pub category: Option<String>,
    /// The name on receipts, when the name is long.
    #[arg(long)]
    pub short_name: Option<String>,
    /// Cost without tax.
    #[arg(long)]
    pub cost: Option<String>,
    /// A short number typed at the till or a scale (1–6 digits).
    #[arg(long)]
    pub plu: Option<String>,
    /// `unit` or `kg`.
    #[arg(long, default_value = "unit")]
    pub unit: String,
    #[arg(long)]
    pub stock_tracked: bool,
    /// Add it off sale.
    #[arg(long)]
    pub inactive: bool,
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Print one key's value (`store.tax_id` or `tax_id`), or every key.
    Get {
        key: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check and set a key (audited). `logo` takes a PNG file (`""` removes it).
    Set { key: String, value: String },
}

#[derive(Debug, Subcommand)]
pub enum TaxCommand {
    /// The tax classes: the rate in force today, and every dated rate.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create a class, or give one a new rate from a day (today unless --from): past tickets
    /// and past days keep their rate.
    Set {
        /// The class's code: general, reducido, superreducido, exento, or a new one.
        code: String,
        /// Rate in percent: 21, 10, 5,5.
        #[arg(long)]
        rate: Option<String>,
        /// First day of the new rate, YYYY-MM-DD (default: today).
        #[arg(long)]
        from: Option<String>,
        /// Recargo de equivalencia in percent (charged only on full invoices to customers
        /// in that regime).
        #[arg(long)]
        recargo: Option<String>,
        /// The class's name ("IVA reducido").
        #[arg(long)]
        name: Option<String>,
        /// iva, igic or ipsi (default: the store territory's tax).
        #[arg(long)]
        kind: Option<String>,
        /// E1…E6: the class is exempt (rate 0) for that cause of the law.
        #[arg(long)]
        exempt: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain; names the first broken row.
    Verify,
    /// Show the newest events.
    Tail {
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print a key's value (every key without one; with --list, their meaning and default too).
    Get {
        key: Option<String>,
        #[arg(long, conflicts_with = "key")]
        list: bool,
        /// With --list: the keys as README.md's Markdown table (key, default, meaning).
        #[arg(long, requires = "list")]
        markdown: bool,
    },
    /// Validate and set a key; the file keeps its comments and order.
    Set { key: String, value: String },
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// List users.
    List,
    /// Add a user; the PIN is read from standard input (never from the command line), twice
    /// when two lines are given. The user changes it at its first use.
    Add {
        name: String,
        /// cashier, manager or technician
        role: String,
    },
    /// Disable a user (never deleted: the audit trail names them).
    Disable { user: String },
    /// Enable a disabled user again.
    Enable { user: String },
    /// Reset a user's PIN (read from standard input); the user changes it at its first use.
    SetPin { user: String },
    /// Change a user's role: cashier, manager or technician.
    SetRole { user: String, role: String },
    /// Training mode on or off: their sales are marked, numbered apart, not invoices (no fiscal
    /// record), move no stock and stay out of reports.
    Training {
        user: String,
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// Lift this terminal's PIN lockout (audited).
    Unlock,
}

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Log in as the demo cashier and sell random demo products in a loop, printing each
    /// committed number (used by the crash test).
    SellLoop {
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// The effective policy: the policy files filled in with this till's data dir, key file,
    /// devices and outbound ports.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Confine this process exactly as the till does and report full / partial / off and why;
    /// exit 1 unless full.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Confine as the till does, then try the actions of a JSON plan read from stdin from the
    /// main thread, a thread started before confinement and one started after (for tests).
    #[command(hide = true)]
    Probe,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Back up now to backup.dir (or --to DIR), encrypted to backup.recipients.
    Now {
        /// Write this backup into DIR instead of backup.dir (the package's final backup).
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// The backups in backup.dir and the last attempts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Decrypt a backup (to a temporary encrypted file, never plaintext) and check it whole.
    Verify {
        file: PathBuf,
        #[arg(long)]
        identity: PathBuf,
    },
    /// Create the owner's identity file at OUT and print its public key for backup.recipients.
    Keygen {
        #[arg(long)]
        out: PathBuf,
    },
}
