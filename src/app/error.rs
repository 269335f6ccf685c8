//! What went wrong applying a command, typed: each variant maps to a message id in
//! `ui/messages.rs` (its `Display` is the English for logs and the command line).

use crate::store::StoreError;
use crate::till::barcode::BarcodeError;
use crate::till::cart::CartError;
use crate::till::permission::Permission;
use crate::till::quantity::QuantityError;
use crate::till::shift::ShiftError;
use crate::till::tender::TenderError;

/// What went wrong applying a command. Messages are for the cashier's screen.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Barcode(#[from] BarcodeError),
    #[error(transparent)]
    Cart(#[from] CartError),
    #[error(transparent)]
    Tender(#[from] TenderError),
    #[error(transparent)]
    Shift(#[from] ShiftError),
    #[error(transparent)]
    Quantity(#[from] QuantityError),
    #[error(transparent)]
    Print(#[from] crate::devices::printout::EncodeError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Import(#[from] crate::exchange::ImportError),
    #[error(transparent)]
    Money(#[from] crate::till::money::MoneyError),
    #[error(transparent)]
    Reprice(#[from] crate::till::reprice::RepriceError),
    #[error(transparent)]
    FiscalBlocked(crate::till::profile::FiscalBlock),
    #[error(
        "this store was restored from a backup (or is behind the tax agency) and sells again once it is reconciled: online it asks the AEAT by itself (or run caja fiscal reconcile); offline a manager may open a new series (caja fiscal reconcile --new-series --reason …)"
    )]
    NotReconciled,
    #[error("choose the customer of the invoice (or add one)")]
    NoCustomerChosen,
    #[error("ticket {ticket} cannot be replaced by a full invoice: {why}")]
    CannotReplace { ticket: String, why: ReplaceRefusal },
    #[error("over {limit} this cannot be a ticket: pick the customer to issue a full invoice")]
    FullInvoiceNeeded { limit: String },
    #[error(
        "this customer is under recargo de equivalencia: a ticket cannot become their invoice (its amount would change); return it and sell again on a full invoice"
    )]
    RecargoOnReplacement,
    #[error(
        "no tax rate in force has a recargo de equivalencia: set it in the tax classes (back office, Taxes) before invoicing a customer in that regime"
    )]
    NoRecargoRates,
    #[error(
        "a training ticket comes back only in training, and a real one only outside it (this ticket: training {ticket_in_training})"
    )]
    TrainingMismatch { ticket_in_training: bool },
    #[error("log in first")]
    NotLoggedIn,
    #[error("no {0} is configured on this till")]
    NotConfigured(Device),
    #[error("wrong PIN; {attempts_left} attempts left before the till locks")]
    WrongPin { attempts_left: i64 },
    #[error(
        "too many wrong PINs: the till is locked until {until} ({minutes_left} min); a manager can unlock it"
    )]
    Locked { until: String, minutes_left: i64 },
    #[error("this needs a manager ({}); ask a manager to enter their PIN", .0.as_str())]
    NeedsApproval(Permission),
    #[error("that PIN does not belong to someone allowed to approve this")]
    ApprovalRefused,
    #[error("no product has the code {0}; check the code or look the product up (F2)")]
    UnknownCode(String),
    #[error("{0} is sold by weight; weigh it or scan the scale label")]
    NeedsWeight(String),
    #[error("{0} is sold by the unit; a weight does not apply")]
    NotWeighed(String),
    #[error("no shift is open on this till; open one with a float first")]
    NoOpenShift,
    #[error("the shift is being closed; finish the count before selling")]
    ShiftClosing,
    #[error("the sale is empty")]
    EmptySale,
    #[error("no payment is in progress")]
    NotPaying,
    #[error("a payment is in progress; finish it or cancel it first")]
    Paying,
    #[error(
        "a card payment was already taken; finish the sale (the amount cannot just be dropped)"
    )]
    CardAlreadyTaken,
    #[error("finish or park the current sale first")]
    SaleInProgress,
    #[error("no receipt has the number {0}")]
    UnknownDocument(String),
    #[error("{0} is a return, not a sale; returns are made against the original sale")]
    NotASale(String),
    #[error("line {line}: at most {max} can still be returned")]
    ReturnTooMuch { line: i64, max: String },
    #[error("line {0} is not on that receipt")]
    NoSuchReceiptLine(i64),
    #[error("give a reason")]
    ReasonRequired,
    #[error("choose at least one line to return")]
    NothingToReturn,
    #[error("that parked sale is not there any more")]
    ParkedNotFound,
    #[error("the two PINs typed differ; type the same PIN twice")]
    PinsDiffer,
    #[error("only a manager creates, promotes or changes a manager")]
    ManagerOnly,
    #[error("choose a new PIN first (yours was set by someone else)")]
    MustChangePin,
    #[error("the parked sale could not be read: {0}")]
    ParkedCorrupt(String),
    #[error("an import is already running; wait for it to finish")]
    ImportRunning,
    #[error("{} is not in the exchange folder {}; copy it there first", .file.display(), .dir.display())]
    NotInExchange {
        dir: std::path::PathBuf,
        file: std::path::PathBuf,
    },
    #[error("{} could not be read: {why}", .file.display())]
    ImportFile {
        file: std::path::PathBuf,
        why: String,
    },
    #[error(transparent)]
    Logo(#[from] crate::devices::logo::LogoError),
    #[error("only a manager adjusts stock or applies a count")]
    StockManagerOnly,
    #[error("{} could not be written: {detail}", .file.display())]
    Export {
        file: std::path::PathBuf,
        detail: String,
    },
}

/// A device or file a command needs that this till does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    Printer,
    Drawer,
    Display,
    Scale,
    ConfigFile,
}

impl std::fmt::Display for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Device::Printer => "printer",
            Device::Drawer => "cash drawer",
            Device::Display => "customer display",
            Device::Scale => "scale",
            Device::ConfigFile => "configuration file",
        })
    }
}

/// Why a ticket cannot be replaced by a full invoice (F3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReplaceRefusal {
    #[error("it is a full invoice already")]
    FullInvoice,
    #[error("it was made in training mode (no invoice)")]
    Training,
    #[error("part of it was returned; return the rest and sell again on a full invoice")]
    Returned,
}
