//! `caja fiscal …` and `caja customers …`: the fiscal records' status, sending, checks and
//! corrections; the customer book of full invoices.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CustomersCommand {
    /// Add a customer (checked as a full invoice needs: tax id, name, address; audited).
    Add {
        #[arg(long)]
        tax_id: String,
        #[arg(long)]
        name: String,
        /// Street and number.
        #[arg(long)]
        address: String,
        /// Postcode and town.
        #[arg(long)]
        city: String,
        /// Two-letter country code.
        #[arg(long, default_value = "ES")]
        country: String,
        /// In the recargo de equivalencia regime.
        #[arg(long)]
        recargo: bool,
    },
    /// A full invoice (F3) replacing an earlier ticket, to a customer of the book (by id);
    /// the PIN of who issues it is read from standard input.
    InvoiceTicket {
        /// The ticket's number (`A7F3-T01-000123`).
        ticket: String,
        #[arg(long)]
        customer: i64,
    },
    /// Change a customer's details (those not given stay; checked and audited).
    Set {
        id: i64,
        #[arg(long)]
        tax_id: Option<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        city: Option<String>,
        #[arg(long)]
        country: Option<String>,
    },
    /// Customers whose tax id starts with, or whose name holds, the words given (all without).
    List {
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FiscalCommand {
    /// The store's regime and environment, how many records it holds, each chain's head.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Recompute the whole chain from the records' XML; names the first broken record.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// One invoice's records (its alta, and its anulación if any); `--xml` prints them as sent.
    Record {
        /// The invoice's number (`A7F3-T01-000123`).
        number: String,
        #[arg(long)]
        xml: bool,
    },
    /// The producer's declaración responsable for this build (RD 1007/2023 art. 13).
    Declaration,
    /// Send the waiting records to the tax agency now, in requests of at most 1,000, waiting
    /// between them as the agency asks; stops when none wait (exit 1 if a request failed: the
    /// records stay queued).
    Send {
        /// Do not wait for the agency's TiempoEsperaEnvio: stop when the next request must wait.
        #[arg(long)]
        no_wait: bool,
    },
    /// Withdraw an invoice issued in error with a RegistroAnulacion (chained like any record);
    /// a manager's PIN is read from standard input, and the reason is audited.
    Annul {
        /// The invoice's number (`A7F3-T01-000123`).
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Reconcile a restored store (or one behind the agency) with the tax agency: its query
    /// service is asked for this installation's records; those the store lacks are kept and the
    /// chain and series go on after them. Offline, `--new-series --reason …` (a manager's PIN
    /// on standard input) sells in a new series chained to the store's last record; the agency
    /// flags its first record (2002/2003) and the records the store lacks are learnt later.
    Reconcile {
        #[arg(long)]
        new_series: bool,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Correct a record the AEAT refused (a subsanación): the same invoice again, to its
    /// customer as the book has them now (`caja customers set` first when their tax id or name
    /// was wrong), chained and sent like any record; a manager's PIN on standard input.
    Correct {
        /// The invoice's number (`A7F3-T01-000123`).
        number: String,
    },
    /// What waits to be sent, what the agency refused (with its code and words).
    Queue {
        #[arg(long)]
        json: bool,
    },
    /// Every record issued between two days, each as sent, in one XML file in DIR
    /// (`registros-FROM-TO.xml`), for an inspection.
    Export {
        #[arg(long)]
        from: chrono::NaiveDate,
        #[arg(long)]
        to: chrono::NaiveDate,
        dir: std::path::PathBuf,
    },
}
