//! Every configuration key, declared once: section, field, the typed value the till gets, how
//! it is written in TOML with its default, what it means, and the check that reads it. From
//! this list come `Config`'s sections, `config get|set`, the checks at load, the defaults,
//! `config get --list` and the README's table. Adding a key is one entry here (and a field in
//! `TillSettings`, filled in `settings.rs`, if the till needs it).

use super::check::{self, Theme};
use super::schema::{KeySpec, Kind, declare_keys};
use super::{ConfigError, file};
use crate::devices::drawer::DrawerWiring;
use crate::devices::logo::Logo;
use crate::devices::profile::Profile;
use crate::devices::uri::DeviceUri;
use crate::till::barcode::VariableLayout;
use crate::till::format::NumberFormat;
use crate::till::money::Currency;
use std::path::PathBuf;

declare_keys! {
    /// `[terminal]`: this till.
    [terminal] TerminalSection {
        /// this till's id and document series prefix, 1–8 capitals/digits
        id: String = Text("T01") by check::terminal_id;
    }

    /// `[store]`: the shop, as its receipts show it.
    [store] StoreSection {
        /// shop name printed on receipts
        name: String = Text("Mi tienda") by check::one_line;
        /// shop tax id (NIF/CIF/RFC) printed on receipts
        tax_id: String = Text("") by check::one_line;
        /// shop address printed on receipts
        address: String = Text("") by check::one_line;
        /// logo printed at the top of receipts: absolute path to a PNG, read at start-up,
        /// scaled to the paper and dithered; empty = none
        logo: Option<Logo> = Text("") by check::logo;
        /// ISO 4217 currency: EUR, USD, MXN, COP, ARS, PEN, CLP
        currency: Currency = Text("EUR") by check::currency;
    }

    /// `[till]`: language, screen and selling rules.
    [till] TillSection {
        /// language of the screen, receipts and messages: `es`, `en` (or a translator's
        /// `es-MX`…), or `auto` = from `LANG`
        language: Option<String> = Text("auto") by check::language;
        /// how numbers are written: `1.234,56`, `1,234.56`, or `auto` = as the language's
        /// region writes them (`es-MX` and English `1,234.56`, Spanish elsewhere `1.234,56`)
        number_format: Option<NumberFormat> = Text("auto") by check::number_format;
        /// old name of `till.language`, read from files of earlier versions: `es`, `en`, `auto`
        locale: Option<String> = Text("auto") by check::old_locale;
        /// screen colours: `light` or `dark`
        theme: Theme = Text("light") by check::theme;
        /// receipt characters per line: `42` or `48`
        receipt_width: usize = Number("42") by check::receipt_width;
        /// lock the till after this many idle seconds, 0 = never (at most 86400)
        idle_lock_secs: u32 = Number("300") by check::idle_lock_secs;
        /// round cash payments to a coin step in the store's currency: `off`, `0.05` (euros),
        /// `10` (Chilean pesos), `0.50` (Mexican pesos)…
        cash_rounding: Option<String> = Text("off") by check::cash_rounding;
        /// the folder catalog files and the logo come in through and exports go out to — the
        /// till reads and writes files only there (a kiosk mounts its USB stick here); an
        /// absolute path, empty = `exchange` in the data dir
        exchange_dir: Option<PathBuf> = Text("") by check::folder;
    }

    /// `[devices]`: where the printer, scanner, display, scale and drawer are.
    [devices] DevicesSection {
        /// receipt printer address: `usb:/dev/usb/lp0`, `tcp://HOST:9100`,
        /// `serial:/dev/ttyS0?baud=19200` or `file:/PATH`; empty = none
        printer: Option<DeviceUri> = Text("") by check::printer;
        /// printer model from `hardware/`: `generic-58mm`, `generic-80mm`, `epson-tm-t20iii`,
        /// `epson-tm-t88`, `star-tsp100-escpos`
        printer_profile: Profile = Text("generic-80mm") by check::printer_profile;
        /// serial barcode scanner: `serial:/dev/ttyACM0?baud=9600[&suffix=cr|lf|crlf]`;
        /// empty = keyboard-wedge only
        scanner: Option<DeviceUri> = Text("") by check::serial_device;
        /// customer pole display (2×20, ESC/POS command set): `serial:/dev/ttyUSB1?baud=9600`;
        /// empty = none
        display: Option<DeviceUri> = Text("") by check::serial_device;
        /// serial scale, Toledo protocol: `serial:/dev/ttyUSB2?baud=9600`; empty = none
        scale: Option<DeviceUri> = Text("") by check::serial_device;
        /// cash drawer: `printer` = on the receipt printer's kick-out port, `none`, or its own
        /// serial port `serial:/dev/ttyUSB3?baud=9600`
        drawer: DrawerWiring = Text("printer") by check::drawer;
    }

    /// `[sandbox]`: how strict confinement is.
    [sandbox] SandboxSection {
        /// `true` = the till refuses to start unless it can confine itself fully (Landlock
        /// files, TCP, device ioctls and scope, seccomp); see `caja sandbox status`
        require_confinement: bool = Flag("false") by check::flag;
    }

    /// `[backup]`: where backups go, to whom they are encrypted, how often, how many kept.
    [backup] BackupSection {
        /// backup destination: an absolute path to a local folder, a mounted USB stick or a
        /// network share; empty = no automatic backups
        dir: Option<PathBuf> = Text("") by check::folder;
        /// age public keys (`age1…`, comma-separated) backups are encrypted to; their
        /// identities stay off the till (`caja backup keygen`)
        recipients: String = Text("") by check::recipients;
        /// back up every N hours while the till is open (also after each Z report and on a
        /// clean exit); 0 = only those
        every_hours: u32 = Number("4") by check::count;
        /// backups kept: the newest of each of the last N days
        keep_daily: u32 = Number("7") by check::count;
        /// backups kept: the newest of each of the last N weeks
        keep_weekly: u32 = Number("4") by check::count;
        /// backups kept: the newest of each of the last N months
        keep_monthly: u32 = Number("12") by check::count;
    }

    /// `[fiscal]`: how this till reaches the tax agency (the store's regime and environment are
    /// the store's own keys, `fiscal.regime` and `fiscal.environment`).
    [fiscal] FiscalSection {
        /// the VERI*FACTU web service to send records to; empty = the tax agency's own for the
        /// store's environment (test or production)
        endpoint: Option<String> = Text("") by check::https_url;
        /// the taxpayer's certificate: absolute path to a PKCS#12 file (.p12 / .pfx); empty =
        /// records are kept and queued, not sent
        certificate: Option<PathBuf> = Text("") by check::file;
        /// a file whose first line is the certificate's password (never the password itself
        /// in this file)
        certificate_password_file: Option<PathBuf> = Text("") by check::file;
        /// CA certificates (PEM) trusted for the endpoint instead of the public roots; empty =
        /// the public roots
        ca_file: Option<PathBuf> = Text("") by check::file;
    }

    /// `[barcode]`: how the shop's own labels are read.
    [barcode] BarcodeSection {
        /// GS1 variable-measure layouts, comma-separated
        /// `PREFIX[-PREFIX]:ITEM_DIGITS:weight|price`, prefixes 20–29, item digits 4–6
        variable: Vec<VariableLayout> = Text("20-29:5:weight") by check::variable_layouts;
    }
}
