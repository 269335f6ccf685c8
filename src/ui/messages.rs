//! What went wrong, as messages for the message files: each error variant maps to a message id
//! with its arguments, in exhaustive matches, so a new variant cannot be forgotten. Nothing here
//! reads an error's English `Display`, except as the `detail` of errors that carry only text
//! from below (database, configuration, transport).

pub use super::device_messages::{PrinterProblem, device_fault, printer_message, scale_message};
pub use super::fiscal_messages::customer_problem;
use super::fiscal_messages::{fiscal, fiscal_block, replace_refusal};
use crate::app::AppError;
use crate::i18n::Message;
use crate::msg;
use crate::store::StoreError;
use crate::store::import::CatalogClash;
use crate::till::barcode::BarcodeError;
use crate::till::cart::CartError;
use crate::till::quantity::QuantityError;
use crate::till::shift::ShiftError;
use crate::till::tender::TenderError;

/// A configuration error as the Devices screen shows it: a refused value says what the key
/// expects in the cashier's language; the rest (file problems a technician fixes) keep their
/// detail.
fn config(e: &crate::config::ConfigError) -> Message {
    use crate::config::{ConfigError, Expected};
    match e {
        ConfigError::BadValue {
            key,
            value,
            expected,
        } => {
            // Each says «value» is not valid for key, then what the key expects.
            let message = match expected {
                Expected::TerminalId => msg!("expect-terminal-id"),
                Expected::OneLine => msg!("expect-one-line"),
                Expected::PngPath => msg!("expect-png-path"),
                Expected::FolderPath => msg!("expect-folder-path"),
                Expected::FilePath => msg!("expect-file-path"),
                Expected::HttpsUrl => msg!("expect-https-url"),
                Expected::OneOf(words) => msg!("expect-one-of", words = words.join(" · ")),
                Expected::Seconds { max } => msg!("expect-seconds", max = max.to_string()),
                Expected::Count { max } => msg!("expect-count", max = max.to_string()),
                Expected::Flag => msg!("expect-flag"),
                Expected::VariableLayouts => msg!("expect-variable-layouts"),
                Expected::Language => msg!(
                    "expect-language",
                    tags = crate::i18n::Lang::available().join(", ")
                ),
                Expected::CashStep => msg!("expect-cash-step"),
            };
            message.arg("key", key.clone()).arg("value", value.clone())
        }
        ConfigError::Refused { key, value, reason } => msg!(
            "err-config-refused",
            key = key.clone(),
            value = value.clone(),
            reason = reason.clone()
        ),
        other => msg!("err-config", detail = other.to_string()),
    }
}

fn not_configured(device: crate::app::Device) -> Message {
    use crate::app::Device::*;
    match device {
        Printer => msg!("devices-no-printer"),
        Drawer => msg!("devices-no-drawer"),
        Display => msg!("devices-no-display"),
        Scale => msg!("devices-no-scale"),
        ConfigFile => msg!("devices-no-config-file"),
    }
}

fn reprice(e: &crate::till::reprice::RepriceError) -> Message {
    use crate::till::reprice::RepriceError;
    match e {
        RepriceError::Unreadable(v) => msg!("err-reprice-unreadable", value = v.clone()),
        RepriceError::Ending => msg!("err-reprice-ending"),
        RepriceError::BelowZero => msg!("err-reprice-below-zero"),
    }
}

/// The error as the screen shows it.
pub fn error_message(error: &AppError) -> Message {
    use AppError::*;
    match error {
        Store(e) => store(e),
        FiscalBlocked(why) => fiscal_block(*why),
        NotReconciled => msg!("err-fiscal-not-reconciled"),
        NoCustomerChosen => msg!("err-no-customer-chosen"),
        CannotReplace { ticket, why } => replace_refusal(ticket, *why),
        FullInvoiceNeeded { limit } => msg!("err-full-invoice-needed", limit = limit.clone()),
        RecargoOnReplacement => msg!("err-recargo-on-replacement"),
        NoRecargoRates => msg!("err-no-recargo-rates"),
        TrainingMismatch { ticket_in_training } => {
            if *ticket_in_training {
                msg!("err-training-ticket")
            } else {
                msg!("err-training-real-ticket")
            }
        }
        Barcode(e) => barcode(e),
        Cart(e) => cart(e),
        Tender(e) => tender(e),
        Shift(e) => shift(e),
        Quantity(e) => quantity(e),
        Print(e) => msg!("err-print", detail = e.to_string()),
        Config(e) => config(e),
        Import(e) => e.message(),
        Money(e) => money(e),
        Reprice(e) => reprice(e),
        NotLoggedIn => msg!("err-not-logged-in"),
        NotConfigured(device) => not_configured(*device),
        WrongPin { attempts_left } => msg!("err-wrong-pin", attempts = attempts_left.to_string()),
        Locked {
            until,
            minutes_left,
        } => msg!(
            "err-locked",
            until = until.clone(),
            minutes = minutes_left.to_string()
        ),
        NeedsApproval(_) => msg!("err-needs-approval"),
        ApprovalRefused => msg!("err-approval-refused"),
        UnknownCode(c) => msg!("err-unknown-code", code = c.clone()),
        NeedsWeight(n) => msg!("err-needs-weight", name = n.clone()),
        NotWeighed(n) => msg!("err-not-weighed", name = n.clone()),
        NoOpenShift => msg!("err-no-open-shift"),
        ShiftClosing => msg!("err-shift-closing"),
        EmptySale => msg!("err-empty-sale"),
        NotPaying => msg!("err-not-paying"),
        Paying => msg!("err-paying"),
        CardAlreadyTaken => msg!("err-card-already-taken"),
        SaleInProgress => msg!("err-sale-in-progress"),
        UnknownDocument(n) => msg!("err-unknown-document", number = n.clone()),
        NotASale(n) => msg!("err-not-a-sale", number = n.clone()),
        ReturnTooMuch { line, max } => {
            msg!(
                "err-return-too-much",
                line = line.to_string(),
                max = max.clone()
            )
        }
        NoSuchReceiptLine(l) => msg!("err-no-such-receipt-line", line = l.to_string()),
        ReasonRequired => msg!("err-reason-required"),
        NothingToReturn => msg!("err-nothing-to-return"),
        ParkedNotFound => msg!("err-parked-not-found"),
        ParkedCorrupt(e) => msg!("err-parked-corrupt", detail = e.clone()),
        PinsDiffer => msg!("err-pins-differ"),
        ManagerOnly => msg!("err-manager-only"),
        MustChangePin => msg!("err-must-change-pin"),
        ImportRunning => msg!("err-import-running"),
        StockManagerOnly => msg!("err-stock-manager-only"),
        Export { file, detail } => msg!(
            "err-export",
            file = file.display().to_string(),
            detail = detail.clone()
        ),
        NotInExchange { dir, file } => msg!(
            "err-not-in-exchange",
            file = file.display().to_string(),
            dir = dir.display().to_string()
        ),
        ImportFile { file, why } => msg!(
            "err-import-file",
            file = file.display().to_string(),
            detail = why.clone()
        ),
        Logo(e) => logo(e),
    }
}

/// Why a logo cannot be used, naming the file.
fn logo(e: &crate::devices::logo::LogoError) -> Message {
    use crate::devices::logo::LogoError;
    match e {
        LogoError::Read { path, source } => msg!(
            "err-logo-read",
            file = path.display().to_string(),
            detail = source.to_string()
        ),
        LogoError::TooBig { path } => msg!("err-logo-too-big", file = path.display().to_string()),
        LogoError::Decode { path, reason } => msg!(
            "err-logo-not-png",
            file = path.display().to_string(),
            detail = reason.clone()
        ),
        LogoError::Dimensions {
            path,
            width,
            height,
        } => msg!(
            "err-logo-dimensions",
            file = path.display().to_string(),
            width = width.to_string(),
            height = height.to_string()
        ),
    }
}

/// A row of an import that clashes with the catalog, as the screen says it.
pub fn clash_message(row: usize, clash: &CatalogClash) -> Message {
    let row = row.to_string();
    match clash {
        CatalogClash::BarcodeOwned { code, owner } => msg!(
            "bo-clash-barcode-owned",
            row = row,
            code = code.clone(),
            owner = owner.clone()
        ),
        CatalogClash::SkuOwned { sku, owner } => msg!(
            "bo-clash-sku-owned",
            row = row,
            sku = sku.clone(),
            owner = owner.clone()
        ),
        CatalogClash::TwoProducts { a, b } => {
            msg!(
                "bo-clash-two-products",
                row = row,
                a = a.clone(),
                b = b.clone()
            )
        }
        CatalogClash::UnknownClass { code } => {
            msg!("bo-clash-unknown-class", row = row, code = code.clone())
        }
    }
}

fn store(e: &StoreError) -> Message {
    use StoreError::*;
    let path = |p: &std::path::Path| p.display().to_string();
    match e {
        WrongKey { path: p } => msg!("err-store-wrong-key", path = path(p)),
        KeyMissing { key, .. } => msg!("err-store-key-missing", path = path(key)),
        BadKeyFile { path: p } => msg!("err-store-bad-key-file", path = path(p)),
        KeyFileTooOpen { path: p, .. } => msg!("err-store-key-too-open", path = path(p)),
        KeyFileNotOwned { path: p, .. } => msg!("err-store-key-not-owned", path = path(p)),
        Io { path: p, source } => {
            msg!("err-store-io", path = path(p), detail = source.to_string())
        }
        SchemaTooNew { .. } => msg!("err-store-schema-too-new"),
        MigrationFailed { snapshot, .. } => {
            msg!("err-store-migration-failed", path = path(snapshot))
        }
        DiskFull => msg!("err-store-disk-full"),
        Sql(e) => msg!("err-store-sql", detail = e.to_string()),
        Fiscal(e) => fiscal(e),
        Stock(e) => super::stock_messages::stock(e),
        Customer(p) => customer_problem(p),
        CustomerTaken { tax_id, owner } => msg!(
            "err-customer-taken",
            tax_id = tax_id.clone(),
            owner = owner.clone()
        ),
        NoSuchCustomer { id } => msg!("err-no-such-customer", id = id.to_string()),
        Corrupt(e) => msg!("err-store-corrupt", detail = e.clone()),
        Reconcile(e) => msg!("err-fiscal-reconcile", detail = e.clone()),
        AlreadyReplaced { invoice } => msg!("err-already-replaced", invoice = invoice.clone()),
        PinFormat => msg!("err-store-pin-format"),
        UserNameRequired => msg!("err-store-user-name"),
        PinTaken => msg!("err-store-pin-taken"),
        ShiftAlreadyOpen { terminal } => {
            msg!("err-store-shift-already-open", terminal = terminal.clone())
        }
        ShiftNotOpen => msg!("err-store-shift-not-open"),
        ShiftNotClosing => msg!("err-shift-not-closing"),
        Shift(e) => shift(e),
        NegativePrice { product } => msg!("err-store-negative-price", product = product.clone()),
        CodeTaken { code } => msg!("err-store-code-taken", code = code.clone()),
        TaxClass(e) => tax_class(e),
        WeakPin(w) => weak_pin(*w),
        LastManager => msg!("err-store-last-manager"),
        NoSuchUser { id } => msg!("err-store-no-such-user", id = id.to_string()),
        NoSuchCategory { name } => msg!("err-store-no-such-category", name = name.clone()),
        Product(problems) => match problems.first() {
            Some(p) => product_problem(p),
            None => msg!("err-store-internal", detail = String::new()),
        },
        SkuTaken { sku, owner } => {
            msg!(
                "err-store-sku-taken",
                sku = sku.clone(),
                owner = owner.clone()
            )
        }
        CodeOwned { code, owner } => {
            msg!(
                "err-store-code-owned",
                code = code.clone(),
                owner = owner.clone()
            )
        }
        NoSuchProduct { id } => msg!("err-store-no-such-product", id = id.to_string()),
        Profile(e) => profile(e),
        CurrencyFixed { currency } => {
            msg!("err-store-currency-fixed", currency = currency.clone())
        }
        RateInThePast { from } => msg!("err-store-rate-in-the-past", from = from.clone()),
        NoSuchTaxClass { code } => msg!("err-store-no-such-tax-class", code = code.clone()),
        NoClassAtRate { rate_bp } => msg!("err-store-no-class-at-rate", rate = rate_text(*rate_bp)),
        Internal(e) => msg!("err-store-internal", detail = e.clone()),
        StoreInUse { dir } => msg!("err-store-in-use", dir = path(dir)),
        RestoreUnderWay { dir } => msg!("err-store-restore-under-way", dir = path(dir)),
        ImportRunning => msg!("err-store-import-running"),
        FiscalSenderRunning => msg!("err-store-fiscal-sender-running"),
        TillRunning { dir } => msg!("err-store-till-running", dir = path(dir)),
        NetworkShare { dir, fs } => {
            msg!(
                "err-store-network-share",
                dir = path(dir),
                fs = fs.to_string()
            )
        }
    }
}

fn barcode(e: &BarcodeError) -> Message {
    use BarcodeError::*;
    match e {
        Empty => msg!("err-barcode-empty"),
        NotDigits(c) => msg!("err-barcode-not-digits", code = c.clone()),
        BadCheckDigit { code, expected } => msg!(
            "err-barcode-check-digit",
            code = code.clone(),
            expected = expected.to_string()
        ),
        BadLength(c, n) => msg!(
            "err-barcode-length",
            code = c.clone(),
            digits = n.to_string()
        ),
    }
}

fn cart(e: &CartError) -> Message {
    use CartError::*;
    match e {
        NoSuchLine(l) => msg!("err-cart-no-such-line", line = l.to_string()),
        LineVoided(l) => msg!("err-cart-line-voided", line = l.to_string()),
        BadPercent => msg!("err-cart-bad-percent"),
        BadAmount => msg!("err-cart-bad-amount"),
        NegativePrice => msg!("err-cart-negative-price"),
        BadTaxRate => msg!("err-cart-bad-tax-rate"),
        TooManyLines(n) => msg!("err-cart-too-many-lines", max = n.to_string()),
    }
}

fn tender(e: &TenderError) -> Message {
    use TenderError::*;
    match e {
        NotPositive => msg!("err-amount-not-positive"),
        OverpaidNonCash { .. } => msg!("err-tender-overpaid"),
        AlreadyPaid => msg!("err-tender-already-paid"),
        CardNumberRefused => msg!("err-tender-card-number"),
        BadReference => msg!("err-tender-bad-reference"),
        OtherCurrency { tender, due } => msg!(
            "err-other-currency",
            given = tender.code(),
            till = due.code()
        ),
    }
}

fn money(e: &crate::till::money::MoneyError) -> Message {
    use crate::till::money::MoneyError::*;
    match e {
        CurrencyMismatch { left, right } => msg!(
            "err-other-currency",
            given = left.code(),
            till = right.code()
        ),
        Overflow => msg!("err-amount-too-large"),
    }
}

fn shift(e: &ShiftError) -> Message {
    use ShiftError::*;
    match e {
        // The state's code name (`closing`) picks its words in the message files.
        NotOpen(state) => msg!("err-shift-not-open", state = state.as_str()),
        NotClosing => msg!("err-shift-not-closing"),
        NotPositive => msg!("err-amount-not-positive"),
        NegativeFloat => msg!("err-shift-negative-float"),
        NoReason => msg!("err-shift-no-reason"),
        BlindCount => msg!("err-shift-blind-count"),
    }
}

fn quantity(e: &QuantityError) -> Message {
    use QuantityError::*;
    match e {
        NotPositive => msg!("err-quantity-not-positive"),
        FractionalUnits => msg!("err-quantity-fractional"),
        TooLarge => msg!("err-quantity-too-large"),
    }
}

/// A rate for a message, in the screen's number format.
fn rate_text(rate_bp: u32) -> String {
    crate::till::format::format_rate(rate_bp, crate::till::format::NumberFormat::default())
}

fn tax_class(e: &crate::till::tax::TaxClassError) -> Message {
    use crate::till::tax::TaxClassError::*;
    match e {
        BadCode => msg!("err-tax-class-code"),
        NameMissing => msg!("err-tax-class-name"),
        RateOutOfRange => msg!("err-tax-rate-range"),
        ExemptWithRate => msg!("err-tax-exempt-with-rate"),
        NoRate => msg!("err-tax-class-no-rate"),
    }
}

fn profile(e: &crate::till::profile::ProfileError) -> Message {
    use crate::till::profile::ProfileError::*;
    use crate::till::tax_id::TaxIdError;
    match e {
        TaxId { reason, .. } => match reason {
            TaxIdError::Length { found } => {
                msg!("err-tax-id-length", found = found.to_string())
            }
            TaxIdError::NotDigit { position, found } => msg!(
                "err-tax-id-not-digit",
                position = position.to_string(),
                found = found.to_string()
            ),
            TaxIdError::BadFirst { found } => {
                msg!("err-tax-id-first", found = found.to_string())
            }
            TaxIdError::Control { found, expected } => msg!(
                "err-tax-id-control",
                found = found.to_string(),
                expected = expected.to_string()
            ),
        },
        Line { max, .. } => msg!("err-profile-line", max = max.to_string()),
        Lines { max, width, .. } => msg!(
            "err-profile-lines",
            max = max.to_string(),
            width = width.to_string()
        ),
        Currency { value, .. } => msg!("err-profile-currency", value = value.clone()),
        TimeZone { value, .. } => msg!("err-profile-time-zone", value = value.clone()),
        Territory { value, .. } => msg!("err-profile-territory", value = value.clone()),
        Locale { value, .. } => msg!("err-profile-locale", value = value.clone()),
        Required { .. } => msg!("err-profile-required"),
        Unknown(key) => msg!("err-profile-unknown", key = key.clone()),
        Regime { value, .. } => msg!("err-profile-regime", value = value.clone()),
        Environment { value, .. } => msg!("err-profile-environment", value = value.clone()),
        Limit { value, .. } => msg!("err-profile-limit", value = value.clone()),
    }
}

/// A product field's problem, as the form shows it beside the field.
pub fn product_problem(p: &crate::till::product::ProductProblem) -> Message {
    use crate::till::product::ProductProblem::*;
    match p {
        NameMissing => msg!("err-product-name-missing"),
        NameTooLong { max } => msg!("err-product-too-long", max = max.to_string()),
        ShortNameTooLong { max } => msg!("err-product-too-long", max = max.to_string()),
        TooLong { max, .. } => msg!("err-product-too-long", max = max.to_string()),
        NegativePrice => msg!("err-product-negative-price"),
        NegativeCost => msg!("err-product-negative-cost"),
        TooLarge => msg!("err-product-too-large"),
        TaxClassMissing => msg!("err-product-tax-class"),
        BarcodeTwice { code } => msg!("err-product-barcode-twice", code = code.clone()),
        NotOneLine => msg!("err-product-one-line"),
    }
}

fn weak_pin(w: crate::till::pin::WeakPin) -> Message {
    use crate::till::pin::WeakPin::*;
    match w {
        Format => msg!("err-store-pin-format"),
        Repeated => msg!("err-pin-repeated"),
        Pattern => msg!("err-pin-pattern"),
        Sequence => msg!("err-pin-sequence"),
        Year => msg!("err-pin-year"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::workers::spooler::SpoolStatus;
    use crate::devices::printer::PrintFailure;
    use crate::devices::scale::ScaleError;
    use crate::i18n::Lang;

    fn words(lang: &str, m: &Message) -> String {
        Lang::get(lang).msg(m).into_owned()
    }

    #[test]
    fn errors_keep_their_details_in_both_languages() {
        let e = AppError::UnknownCode("8412345678905".into());
        let es = words("es", &error_message(&e));
        let en = words("en", &error_message(&e));
        assert_eq!(
            es,
            "Ningún producto tiene el código 8412345678905; revise el código o búsquelo (F2)"
        );
        assert_eq!(en, e.to_string(), "English reads as the error's own text");
        let locked = AppError::Locked {
            until: "10:45".into(),
            minutes_left: 30,
        };
        assert!(words("es", &error_message(&locked)).contains("hasta las 10:45 (faltan 30 min)"));
        let closing = AppError::Shift(ShiftError::NotOpen(crate::till::shift::ShiftState::Closing));
        assert_eq!(
            words("es", &error_message(&closing)),
            "El turno no está abierto (cerrando)"
        );
    }

    #[test]
    fn printer_problems_come_from_the_status_bits_not_from_english_words() {
        let paper = crate::devices::status::from_replies(0x1E, 0x32, 0x72).unwrap();
        let status = SpoolStatus {
            pending: 1,
            last_error: Some("whatever the spooler wrote".into()),
            printed: 0,
            printer: Some(paper),
            failure: None,
        };
        let p = PrinterProblem::from_spooler(&status, "whatever the spooler wrote");
        assert_eq!(p, PrinterProblem::PaperOut);
        assert_eq!(
            words("es", &printer_message(&p)),
            "la impresora no tiene papel; ponga un rollo"
        );
        assert_eq!(words("es", &p.short()), "sin papel");
        // A transport failure arrives typed: no English is parsed.
        let refused = SpoolStatus {
            pending: 2,
            last_error: Some("cannot open tcp://10.0.0.9:9100: refused".into()),
            printed: 0,
            printer: None,
            failure: Some(PrintFailure::CannotOpen {
                uri: "tcp://10.0.0.9:9100".into(),
                detail: "Connection refused (os error 111)".into(),
            }),
        };
        let open = PrinterProblem::from_spooler(&refused, "ignored");
        assert_eq!(
            open,
            PrinterProblem::CannotOpen {
                uri: "tcp://10.0.0.9:9100".into()
            }
        );
        let es = words("es", &printer_message(&open));
        assert!(
            es.starts_with("no se puede abrir tcp://10.0.0.9:9100"),
            "{es}"
        );
        let cut = PrinterProblem::WriteFailed {
            uri: "usb:/dev/usb/lp0".into(),
            detail: "EPIPE".into(),
        };
        assert!(words("es", &printer_message(&cut)).contains("se reintentará"));
        let none = SpoolStatus::default();
        let odd = PrinterProblem::from_spooler(&none, "odd");
        assert_eq!(
            words("es", &printer_message(&odd)),
            "no se pudo imprimir: odd"
        );
        assert_eq!(words("es", &odd.short()), "no imprime");
    }

    #[test]
    fn scale_errors_read_in_spanish() {
        assert_eq!(
            words("es", &scale_message(&ScaleError::Zero)),
            "la balanza marca cero; ponga el producto encima"
        );
        assert_eq!(
            words("en", &scale_message(&ScaleError::Unstable)),
            ScaleError::Unstable.to_string()
        );
    }
}
