//! Fiscal records in the store, through the real till and the real `caja`: each sale and
//! return gets its record in its own transaction (an F2; an R5 naming the ticket it corrects),
//! chained; records cannot be changed or deleted; a changed or missing one is named by
//! `caja fiscal verify` and `caja check`; a store that must choose its regime does not sell
//! until it has; a ticket over 3.000 € is refused whole; the chain of a 10,000-ticket history is
//! recomputed from `caja fiscal export`'s XML alone.

use crate::support::{Sandbox, start_time};
use caja::app::AppError;
use caja::app::demo::demo_ean;
use caja::app::returns::ReturnRequest;
use caja::app::selling::PaymentProgress;
use caja::app::{Approval, ManualClock, Till};
use caja::fiscal::chain;
use caja::fiscal::parse::read_records;
use caja::store::taxes::Author;
use caja::till::profile::{FiscalBlock, ProfileKey};
use caja::till::tender::TenderKind;

fn paid(p: PaymentProgress) -> caja::app::selling::Committed {
    match p {
        PaymentProgress::Done(c) => c,
        other => panic!("not paid: {other:?}"),
    }
}

fn sell(till: &mut Till<ManualClock>, products: &[usize]) -> caja::app::selling::Committed {
    for &p in products {
        till.scan(&demo_ean(p)).unwrap();
    }
    paid(till.pay_exact_cash().unwrap())
}

/// The book's first customer: a business with a valid CIF.
pub fn add_bar_canas(sb: &Sandbox) {
    sb.ok(&[
        "customers",
        "add",
        "--tax-id",
        "B12345674",
        "--name",
        "Bar Cañas, S.L.",
        "--address",
        "Calle Mayor 1",
        "--city",
        "28013 Madrid",
    ]);
}

/// A shop in recargo de equivalencia, with an AEAT test NIF.
pub fn add_drogueria(sb: &Sandbox) {
    sb.ok(&[
        "customers",
        "add",
        "--tax-id",
        "89890002E",
        "--name",
        "Droguería López",
        "--address",
        "Plaza 2",
        "--city",
        "41001 Sevilla",
        "--recargo",
    ]);
}

fn set(sb: &Sandbox, key: ProfileKey, value: &str) {
    let store = sb.open_store();
    let at = start_time().to_rfc3339();
    store
        .set_profile(
            key,
            value,
            &Author {
                terminal: "T01",
                user_id: None,
                at: &at,
            },
        )
        .unwrap();
}

#[test]
fn sales_and_returns_carry_their_records_in_their_own_transaction() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    let first = sell(&mut till, &[0, 2, 7]);
    let second = sell(&mut till, &[19]);
    let back = till
        .refund(
            &ReturnRequest {
                original: first.number.clone(),
                lines: vec![(1, 1000)],
                reason: "roto".into(),
                refund_kind: TenderKind::Cash,
                reference: None,
            },
            Approval::ManagerPin("9999"),
        )
        .unwrap();
    let store = till.store();
    let f2 = store.document_record(first.id).unwrap().unwrap();
    assert_eq!(f2.invoice_type.as_deref(), Some("F2"));
    assert_eq!(f2.number, first.number);
    assert_eq!(f2.issuer, "89890001K");
    assert!(
        f2.previous_hash.is_none(),
        "the store's first record starts the chain"
    );
    assert!(
        f2.xml()
            .unwrap()
            .contains("<sum1:PrimerRegistro>S</sum1:PrimerRegistro>")
    );
    assert_eq!(f2.total, Some(first.total.minor));
    let qr = f2.qr().unwrap();
    assert!(
        qr.starts_with("https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K"),
        "{qr}"
    );
    let next = store.document_record(second.id).unwrap().unwrap();
    assert_eq!(next.previous_hash.as_deref(), Some(f2.hash.as_str()));
    // The return is an R5 by differences naming the ticket it corrects, with negative amounts.
    let r5 = store.document_record(back.id).unwrap().unwrap();
    assert_eq!(r5.invoice_type.as_deref(), Some("R5"));
    assert_eq!(r5.previous_hash.as_deref(), Some(next.hash.as_str()));
    assert!(r5.xml().unwrap().contains(&format!(
        "<sum1:IDFacturaRectificada><sum1:IDEmisorFactura>89890001K</sum1:IDEmisorFactura><sum1:NumSerieFactura>{}</sum1:NumSerieFactura>",
        first.number
    )));
    assert!(r5.total.unwrap() < 0);
    assert_eq!(store.fiscal_record_count().unwrap(), 3);
    drop(till);
    let out = sb.ok(&["fiscal", "verify"]);
    assert!(out.contains("fiscal chain whole: 3 record(s)"), "{out}");
    assert!(sb.ok(&["check"]).contains("0 problems"));
    let shown = sb.ok(&["fiscal", "record", &first.number, "--xml"]);
    assert_eq!(read_records(&shown).unwrap()[0].hash, f2.hash);
}

#[test]
fn records_cannot_be_changed_or_deleted_and_tampering_is_named() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    let sold: Vec<_> = (0..5).map(|i| sell(&mut till, &[i])).collect();
    drop(till);
    let store = sb.open_store();
    let refused = store
        .connection()
        .execute("UPDATE fiscal_records SET total = 1 WHERE id = 2", [])
        .unwrap_err();
    assert!(refused.to_string().contains("never change"), "{refused}");
    let refused = store
        .connection()
        .execute("DELETE FROM fiscal_records WHERE id = 2", [])
        .unwrap_err();
    assert!(refused.to_string().contains("never deleted"), "{refused}");

    // With the key and the triggers dropped, the bases changed in record 3 (its amounts).
    store
        .connection()
        .execute_batch(
            r#"DROP TRIGGER fiscal_records_immutable;
             UPDATE fiscal_records SET body = replace(body, '"base":', '"base":9')
             WHERE id = 3;"#,
        )
        .unwrap();
    drop(store);
    let out = sb.run(&["fiscal", "verify"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("record 3 ({})", sold[2].number)),
        "{said}"
    );
    assert!(said.contains("the record was changed"), "{said}");
    let check = sb.run(&["check"]);
    assert!(!check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("fiscal-chain"));

    // Put back, then record 2 deleted: record 3's link names a record that is not there, and
    // `check` names the ticket left without its record.
    let store = sb.open_store();
    store
        .connection()
        .execute_batch(
            r#"UPDATE fiscal_records SET body = replace(body, '"base":9', '"base":')
             WHERE id = 3;
             DROP TRIGGER fiscal_records_kept;
             DELETE FROM fiscal_records WHERE id = 2;"#,
        )
        .unwrap();
    drop(store);
    let out = sb.run(&["fiscal", "verify", "--json"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&sold[2].number) && said.contains(&sold[1].number),
        "{said}"
    );
    assert!(
        said.contains("missing, out of order or was inserted"),
        "{said}"
    );
    let check = String::from_utf8_lossy(&sb.run(&["check"]).stdout).to_string();
    assert!(
        check.contains("fiscal-missing") && check.contains(&sold[1].number),
        "{check}"
    );
}

/// A restarted till's cashier scans a product and presses pay: why it refuses, if it does.
fn pay_refused(sb: &Sandbox) -> Option<FiscalBlock> {
    let mut till = sb.reopen_till(start_time());
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    match till.start_payment() {
        Ok(_) => None,
        Err(AppError::FiscalBlocked(why)) => Some(why),
        Err(other) => panic!("refused for another reason: {other:?}"),
    }
}

#[test]
fn a_store_that_has_not_chosen_its_regime_does_not_sell() {
    let sb = Sandbox::new();
    drop(sb.demo_till());
    assert_eq!(
        pay_refused(&sb),
        None,
        "the demo store chose VERI*FACTU (test)"
    );
    set(&sb, ProfileKey::FiscalRegime, "");
    assert_eq!(pay_refused(&sb), Some(FiscalBlock::RegimeUnset));
    // `none` is not a way out with a Spanish tax id…
    set(&sb, ProfileKey::FiscalRegime, "none");
    assert_eq!(pay_refused(&sb), Some(FiscalBlock::NoneWithSpanishId));
    // …a declared reason is: a foral territory's own system issues the records.
    set(&sb, ProfileKey::FiscalRegime, "none-foral");
    let mut till = sb.reopen_till(start_time());
    till.login("1111").unwrap();
    let sale = sell(&mut till, &[0]);
    assert!(till.store().document_record(sale.id).unwrap().is_none());
    drop(till);
    // VERI*FACTU without an environment chosen: asked, never defaulted.
    set(&sb, ProfileKey::FiscalRegime, "verifactu");
    set(&sb, ProfileKey::FiscalEnvironment, "");
    assert_eq!(pay_refused(&sb), Some(FiscalBlock::EnvironmentUnset));
    // Without its NIF a store cannot issue records.
    set(&sb, ProfileKey::FiscalEnvironment, "production");
    set(&sb, ProfileKey::TaxId, "");
    assert_eq!(pay_refused(&sb), Some(FiscalBlock::IdentityMissing));
    // The choices are audited with their old and new values.
    let events = sb.ok(&["audit", "tail", "--limit", "50"]);
    assert!(
        events.contains(r#""key":"store.fiscal_regime","new":"none-foral","old":"none""#),
        "{events}"
    );
}

#[test]
fn a_ticket_over_three_thousand_euros_is_refused_whole() {
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    let before = till.store().document_count().unwrap();
    till.set_pending_units(Some(400)).unwrap();
    till.scan(&demo_ean(7)).unwrap(); // aceite 8,95 × 400 = 3.580 €
    // The till asks for the customer before the payment starts (the AEAT's code 1150 for an
    // F2 over 3.000 € is never reached; the record's own check refuses it too, see fiscal_xml).
    let refused = till.pay_exact_cash().unwrap_err();
    assert!(
        matches!(&refused, AppError::FullInvoiceNeeded { limit } if limit == "3.000,00 €"),
        "{refused:?}"
    );
    // Nothing was written: no document, no record, no number taken.
    assert_eq!(till.store().document_count().unwrap(), before);
    assert_eq!(till.store().fiscal_record_count().unwrap(), 0);
    drop(till);
    assert!(sb.ok(&["check"]).contains("0 problems"));
}

#[test]
fn a_ten_thousand_ticket_history_is_recomputed_from_the_exported_xml_alone() {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", "10000", "--days", "20"]);
    let dir = sb.data_dir().join("inspeccion");
    let out = sb.ok(&[
        "fiscal",
        "export",
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        dir.to_str().unwrap(),
    ]);
    assert!(out.contains("10000 record(s)"), "{out}");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let xml = std::fs::read_to_string(&file).unwrap();
    let read = read_records(&xml).unwrap();
    assert_eq!(read.len(), 10_000);
    let ends = chain::verify_all(&read).unwrap();
    assert_eq!(ends.len(), 1);
    let end = ends.values().next().unwrap();
    assert_eq!(end.records, 10_000);
    // The export's last hash is the store's chain head.
    let store = sb.open_store();
    let head = store.fiscal_records_page(9_999, 1, None).unwrap();
    assert_eq!(head[0].hash, end.last_hash);
    // One record out of the file: the chain breaks at the next one, named.
    let cut = xml.replacen(
        &format!(
            "{}\n",
            store.fiscal_record(5_000).unwrap().unwrap().xml().unwrap()
        ),
        "",
        1,
    );
    let b = chain::verify_all(&read_records(&cut).unwrap()).unwrap_err();
    assert_eq!(b.position, 5_000);
}

#[test]
fn training_sales_are_marked_numbered_apart_and_are_no_invoices() {
    use caja::app::backoffice::Office;
    use caja::app::command::Command;
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    let day = start_time().date_naive();
    let stock = |till: &Till<ManualClock>| {
        till.store()
            .product_by_code(&demo_ean(0), day)
            .unwrap()
            .unwrap()
            .stock_milli
    };
    // A real sale first, for the report and the stock to compare with.
    till.login("1111").unwrap();
    let real = sell(&mut till, &[0]);
    let stock_before = stock(&till);
    let (_, report_before) = till.day_report(None).unwrap();
    // The manager puts Lucía in training; a cashier cannot.
    let lucia = till.session().unwrap().user.id;
    let on = |training| {
        Command::BackOffice(Office::SetTraining {
            id: lucia,
            training,
        })
    };
    assert!(matches!(
        till.apply(on(true)),
        Err(AppError::NeedsApproval(_) | AppError::ManagerOnly)
    ));
    till.logout().unwrap();
    till.login("9999").unwrap();
    till.apply(on(true)).unwrap();
    till.logout().unwrap();
    till.login("1111").unwrap();
    assert!(till.session().unwrap().user.training);

    let practice = sell(&mut till, &[0, 2]);
    let doc = till.store().document(practice.id).unwrap().unwrap();
    assert!(doc.training);
    // Its own series: the legal series stays gapless.
    assert!(practice.number.contains("-T01F-"), "{}", practice.number);
    assert_eq!(practice.number.rsplit('-').next(), Some("000001"));
    // No fiscal record, no stock moved, out of the day's report.
    assert!(till.store().document_record(practice.id).unwrap().is_none());
    assert_eq!(stock(&till), stock_before);
    let (_, report_after) = till.day_report(None).unwrap();
    assert_eq!(report_after, report_before);
    // The receipt says it is not valid, at its head and foot.
    let text = till.receipt_text(practice.id).unwrap().unwrap();
    assert_eq!(
        text.iter()
            .filter(|l| l.trim() == "FORMACIÓN — SIN VALIDEZ")
            .count(),
        2,
        "{text:#?}"
    );
    assert!(!text.iter().any(|l| l.contains("QR tributario")));
    // A real ticket does not come back in training.
    let back = ReturnRequest {
        original: real.number.clone(),
        lines: vec![(1, 1000)],
        reason: "prueba".into(),
        refund_kind: TenderKind::Cash,
        reference: None,
    };
    assert!(matches!(
        till.refund(&back, Approval::ManagerPin("9999")),
        Err(AppError::TrainingMismatch {
            ticket_in_training: false
        })
    ));
    drop(till);
    // Switching was audited; the store is whole (training documents are not "missing" a
    // record, and the totals rebuilt without them equal those kept).
    let events = sb.ok(&["audit", "tail", "--limit", "30"]);
    assert!(events.contains("training_on"), "{events}");
    assert!(sb.ok(&["check"]).contains("0 problems"));
    let out = sb.ok(&["users", "training", "Lucía", "off"]);
    assert!(out.contains("training: off"), "{out}");
    assert!(
        sb.ok(&["audit", "tail", "--limit", "5"])
            .contains("training_off")
    );
}

#[test]
fn an_invoice_issued_in_error_is_withdrawn_by_a_chained_anulacion() {
    use std::io::Write as _;
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    let sale = sell(&mut till, &[0]);
    let after = sell(&mut till, &[2]);
    drop(till);
    let annul = |pin: &str| {
        let mut child = sb
            .cmd(&[
                "fiscal",
                "annul",
                &sale.number,
                "--reason",
                "emitida por error",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{pin}").unwrap();
        child.wait_with_output().unwrap()
    };
    // A cashier cannot.
    let out = annul("1111");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("manager"));
    // A manager can, once.
    let out = annul("9999");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = annul("9999");
    assert!(String::from_utf8_lossy(&again.stderr).contains("withdrawn already"));
    let store = sb.open_store();
    let records = store.records_of_number(&sale.number).unwrap();
    assert_eq!(
        records.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        ["alta", "anulacion"]
    );
    // Chained after the newest record (the later sale's), and the chain stays whole.
    let later = store.document_record(after.id).unwrap().unwrap();
    assert_eq!(
        records[1].previous_hash.as_deref(),
        Some(later.hash.as_str())
    );
    assert!(
        records[1]
            .xml()
            .unwrap()
            .contains("<sum1:RegistroAnulacion>")
    );
    drop(store);
    assert!(
        sb.ok(&["fiscal", "verify"])
            .contains("fiscal chain whole: 3 record(s)")
    );
    let events = sb.ok(&["audit", "tail", "--limit", "5"]);
    assert!(
        events.contains("fiscal_annul") && events.contains("emitida por error"),
        "{events}"
    );
}

#[test]
fn a_ticket_over_the_limit_asks_for_the_customer_and_becomes_a_full_invoice() {
    let sb = Sandbox::new();
    drop(sb.demo_till());
    // A business customer from the book, and one in recargo de equivalencia.
    sb.ok(&[
        "customers",
        "add",
        "--tax-id",
        "b-12345674",
        "--name",
        "Bar Cañas, S.L.",
        "--address",
        "Calle Mayor 1",
        "--city",
        "28013 Madrid",
    ]);
    add_drogueria(&sb);
    let bad = sb.run(&[
        "customers",
        "add",
        "--tax-id",
        "B12345675",
        "--name",
        "X",
        "--address",
        "a",
        "--city",
        "b",
    ]);
    assert!(!bad.status.success());
    let found: serde_json::Value =
        serde_json::from_str(&sb.ok(&["customers", "list", "cañas", "--json"])).unwrap();
    let bar = found[0]["id"].as_i64().unwrap();
    assert_eq!(found[0]["draft"]["tax_id"], "B12345674");
    let drogueria: serde_json::Value =
        serde_json::from_str(&sb.ok(&["customers", "list", "8989", "--json"])).unwrap();
    let _drogueria = drogueria[0]["id"].as_i64().unwrap();
    // A shop whose tickets stop at 400 €.
    set(&sb, ProfileKey::SimplifiedLimit, "400");

    let mut till = sb.reopen_till(start_time());
    till.login("1111").unwrap();
    till.set_pending_units(Some(50)).unwrap();
    till.scan(&demo_ean(7)).unwrap(); // aceite 8,95 × 50 = 447,50 €
    assert!(matches!(
        till.start_payment(),
        Err(AppError::FullInvoiceNeeded { .. })
    ));
    till.invoice_to(Some(bar)).unwrap();
    let invoice = paid(till.pay_exact_cash().unwrap());
    let record = till.store().document_record(invoice.id).unwrap().unwrap();
    assert_eq!(record.invoice_type.as_deref(), Some("F1"));
    let xml = record.xml().unwrap();
    assert!(xml.contains("<sum1:IDDestinatario><sum1:NombreRazon>Bar Cañas, S.L.</sum1:NombreRazon><sum1:NIF>B12345674</sum1:NIF>"), "{xml}");
    if let Err(e) = crate::fiscal_xml::xmllint(&caja::fiscal::xml::request(
        &caja::fiscal::xml::Taxpayer {
            name: "Ultramarinos Caja Demo, S.L.".into(),
            nif: "89890001K".into(),
        },
        &[xml.as_str()],
    )) {
        panic!("{e}");
    }
    // The printed invoice is a full one: its customer's name, tax id and address.
    let text = till.receipt_text(invoice.id).unwrap().unwrap().join("\n");
    assert!(
        text.contains("FACTURA\n") || text.contains(" FACTURA"),
        "{text}"
    );
    assert!(!text.contains("SIMPLIFICADA"), "{text}");
    for part in [
        "Cliente: Bar Cañas, S.L.",
        "NIF B12345674",
        "Calle Mayor 1",
        "28013 Madrid",
    ] {
        assert!(text.contains(part), "{part} in\n{text}");
    }
    // The next sale is a ticket again; its return is an R1 to the same customer.
    assert!(till.invoice_customer().is_none());
    let back = till
        .refund(
            &ReturnRequest {
                original: invoice.number.clone(),
                lines: vec![(1, 1000)],
                reason: "devolución".into(),
                refund_kind: TenderKind::Cash,
                reference: None,
            },
            Approval::ManagerPin("9999"),
        )
        .unwrap();
    let r1 = till.store().document_record(back.id).unwrap().unwrap();
    assert_eq!(r1.invoice_type.as_deref(), Some("R1"));
    assert!(r1.xml().unwrap().contains("<sum1:NIF>B12345674</sum1:NIF>"));
    let text = till.receipt_text(back.id).unwrap().unwrap().join("\n");
    assert!(text.contains("FACTURA RECTIFICATIVA"), "{text}");
    drop(till);
    assert!(sb.ok(&["fiscal", "verify"]).contains("whole"));
    assert!(sb.ok(&["check"]).contains("0 problems"));
}

#[test]
fn a_customer_back_with_a_ticket_gets_a_full_invoice_that_replaces_it() {
    let sb = Sandbox::new();
    drop(sb.demo_till());
    add_bar_canas(&sb);
    let mut till = sb.reopen_till(start_time());
    till.login("1111").unwrap();
    let ticket = sell(&mut till, &[1, 2, 7]);
    let partly = sell(&mut till, &[3, 4]);
    let ticket_record = till.store().document_record(ticket.id).unwrap().unwrap();
    assert_eq!(ticket_record.invoice_type.as_deref(), Some("F2"));

    // The customer comes back: the ticket is replaced by an F3 to them.
    let f3 = till
        .replace_ticket(&ticket.number.to_lowercase(), 1)
        .unwrap();
    assert!(f3.number.ends_with("-T01S-000001"), "{}", f3.number);
    let record = till
        .store()
        .fiscal_record(f3.fiscal_record_id.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(record.invoice_type.as_deref(), Some("F3"));
    assert_eq!(record.total, Some(ticket.total.minor));
    assert_eq!(
        record.previous_hash.as_deref(),
        Some(
            till.store()
                .document_record(partly.id)
                .unwrap()
                .unwrap()
                .hash
                .as_str()
        ),
        "chained after the newest record"
    );
    let xml = record.xml().unwrap();
    assert!(
        xml.contains(&format!(
            "<sum1:FacturasSustituidas><sum1:IDFacturaSustituida><sum1:IDEmisorFactura>89890001K</sum1:IDEmisorFactura><sum1:NumSerieFactura>{}</sum1:NumSerieFactura>",
            ticket.number
        )),
        "{xml}"
    );
    assert!(xml.contains("<sum1:NIF>B12345674</sum1:NIF>"), "{xml}");
    if let Err(e) = crate::fiscal_xml::xmllint(&caja::fiscal::xml::request(
        &caja::fiscal::xml::Taxpayer {
            name: "Ultramarinos Caja Demo, S.L.".into(),
            nif: "89890001K".into(),
        },
        &[xml.as_str()],
    )) {
        panic!("{e}");
    }
    // Printed: a full invoice with the ticket's lines, its customer, the ticket it replaces,
    // its own number and QR; no payment on it.
    let doc = till.store().document(ticket.id).unwrap().unwrap();
    let receipt =
        caja::app::receipts::replacing_receipt_model(till.store(), till.settings(), &doc).unwrap();
    assert_eq!(receipt.fiscal_qr, record.qr());
    let text = receipt.render(48).join("\n");
    for part in [
        "FACTURA",
        f3.number.as_str(),
        "Sustituye al ticket",
        ticket.number.as_str(),
        "Cliente: Bar Cañas, S.L.",
        "NIF B12345674",
    ] {
        assert!(text.contains(part), "{part} in\n{text}");
    }
    assert!(!text.contains("SIMPLIFICADA"), "{text}");
    assert!(!text.contains("Efectivo"), "{text}");

    // Once only; not a ticket with returns.
    assert!(matches!(
        till.replace_ticket(&ticket.number, 1),
        Err(AppError::Store(
            caja::store::StoreError::AlreadyReplaced { .. }
        ))
    ));
    till.refund(
        &ReturnRequest {
            original: partly.number.clone(),
            lines: vec![(1, 1000)],
            reason: "roto".into(),
            refund_kind: TenderKind::Cash,
            reference: None,
        },
        Approval::ManagerPin("9999"),
    )
    .unwrap();
    assert!(matches!(
        till.replace_ticket(&partly.number, 1),
        Err(AppError::CannotReplace {
            why: caja::app::ReplaceRefusal::Returned,
            ..
        })
    ));
    // A return of the replaced ticket corrects the F3, to its customer (R1).
    let back = till
        .refund(
            &ReturnRequest {
                original: ticket.number.clone(),
                lines: vec![(1, 1000)],
                reason: "devolución".into(),
                refund_kind: TenderKind::Cash,
                reference: None,
            },
            Approval::ManagerPin("9999"),
        )
        .unwrap();
    let r1 = till.store().document_record(back.id).unwrap().unwrap();
    assert_eq!(r1.invoice_type.as_deref(), Some("R1"));
    let xml = r1.xml().unwrap();
    assert!(
        xml.contains(&format!(
            "<sum1:NumSerieFactura>{}</sum1:NumSerieFactura>",
            f3.number
        )),
        "{xml}"
    );
    drop(till);
    // From the command line: another ticket replaced by whoever types their PIN.
    let mut till = sb.reopen_till(start_time());
    till.login("1111").unwrap();
    let other = sell(&mut till, &[5]);
    drop(till);
    let out = sb.run_with_stdin(
        &[
            "customers",
            "invoice-ticket",
            &other.number,
            "--customer",
            "1",
        ],
        "1111\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("-T01S-000002"));
    let shown = sb.ok(&["fiscal", "record", &f3.number]);
    assert!(shown.contains("F3"), "{shown}");
    assert!(sb.ok(&["fiscal", "verify"]).contains("whole"));
    assert!(sb.ok(&["check"]).contains("0 problems"));
}

#[test]
fn a_customer_in_recargo_de_equivalencia_pays_it_on_top_and_the_invoice_says_so() {
    let sb = Sandbox::new();
    drop(sb.demo_till());
    add_drogueria(&sb);
    let mut till = sb.reopen_till(start_time());
    till.login("1111").unwrap();
    // Three rates: aceite (4 %), yogur (10 %), refresco (21 %).
    till.scan(&demo_ean(7)).unwrap();
    till.scan(&demo_ean(6)).unwrap();
    till.scan(&demo_ean(36)).unwrap();
    let plain = till.totals();
    assert_eq!(plain.recargo, 0);
    till.invoice_to(Some(1)).unwrap();
    let t = till.totals();
    let rows: Vec<(u32, u32, i64, i64)> = t
        .taxes
        .iter()
        .map(|r| (r.rate_bp, r.recargo_bp, r.base, r.recargo))
        .collect();
    // Each rate's recargo in force (21 % → 5,2 %, 10 % → 1,4 %) on its base, rounded half up.
    for (rate, bp, base, recargo) in &rows {
        let expected_bp = match rate {
            2100 => 520,
            1000 => 140,
            400 => 50,
            _ => 0,
        };
        assert_eq!(*bp, expected_bp, "{rows:?}");
        let exact = *base as f64 * *bp as f64 / 10_000.0;
        assert_eq!(*recargo, exact.round() as i64, "{rows:?}");
    }
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(t.recargo > 0);
    assert_eq!(t.total, plain.total + t.recargo);
    assert_eq!(t.goods(), plain.total);
    // What is due and paid includes it.
    let invoice = paid(till.pay_exact_cash().unwrap());
    assert_eq!(invoice.total.minor, plain.total + t.recargo);
    let doc = till.store().document(invoice.id).unwrap().unwrap();
    assert_eq!(doc.total, plain.total);
    assert_eq!(doc.recargo, t.recargo);
    assert_eq!(doc.tenders[0].amount.minor, plain.total + t.recargo);
    let record = till.store().document_record(invoice.id).unwrap().unwrap();
    assert_eq!(record.invoice_type.as_deref(), Some("F1"));
    assert_eq!(
        record.total,
        Some(plain.total + t.recargo),
        "ImporteTotal is what was paid"
    );
    let xml = record.xml().unwrap();
    assert!(
        xml.contains("<sum1:TipoRecargoEquivalencia>5.20</sum1:TipoRecargoEquivalencia>"),
        "{xml}"
    );
    assert!(xml.contains("<sum1:CuotaRecargoEquivalencia>"), "{xml}");
    if let Err(e) = crate::fiscal_xml::xmllint(&caja::fiscal::xml::request(
        &caja::fiscal::xml::Taxpayer {
            name: "Ultramarinos Caja Demo, S.L.".into(),
            nif: "89890001K".into(),
        },
        &[xml.as_str()],
    )) {
        panic!("{e}");
    }
    // The QR's amount is the invoice's total.
    let qr = record.qr().unwrap();
    let importe = caja::fiscal::amount(plain.total + t.recargo, 2);
    assert!(qr.ends_with(&format!("importe={importe}")), "{qr}");
    // The printed invoice states the recargo per rate, and the total paid.
    let text = till.receipt_text(invoice.id).unwrap().unwrap().join("\n");
    assert!(text.contains("Rec. equiv. 5,20 %"), "{text}");
    assert!(text.contains("Rec. equiv. 1,40 %"), "{text}");
    assert!(
        text.contains(
            &caja::till::format::format_money(
                plain.total + t.recargo,
                caja::till::money::Currency::Eur,
                till.settings().locale
            )
            .replace(" €", "")
        ),
        "{text}"
    );
    // A return of one line gives back its share of the recargo (an R1 with it).
    let back = till
        .refund(
            &ReturnRequest {
                original: invoice.number.clone(),
                lines: vec![(1, 1000)],
                reason: "devolución".into(),
                refund_kind: TenderKind::Cash,
                reference: None,
            },
            Approval::ManagerPin("9999"),
        )
        .unwrap();
    let back_doc = till.store().document(back.id).unwrap().unwrap();
    assert!(back_doc.recargo < 0, "{back_doc:?}");
    assert_eq!(
        back_doc.tenders[0].amount.minor,
        back_doc.total + back_doc.recargo
    );
    let r1 = till.store().document_record(back.id).unwrap().unwrap();
    assert_eq!(r1.invoice_type.as_deref(), Some("R1"));
    assert!(
        r1.xml()
            .unwrap()
            .contains("<sum1:CuotaRecargoEquivalencia>-")
    );
    // The day's figures add up with the recargo paid on top, and show it.
    let (_, day) = till.day_report(None).unwrap();
    assert!(day.reconciles(), "{day:?}");
    let recargo: i64 = day.taxes.iter().map(|r| r.recargo).sum();
    assert_eq!(recargo, t.recargo + back_doc.recargo);
    // The next sale is a ticket again, without recargo; a ticket cannot become their invoice
    // (its amount would change).
    till.scan(&demo_ean(1)).unwrap();
    assert_eq!(till.totals().recargo, 0);
    let ticket = paid(till.pay_exact_cash().unwrap());
    assert!(matches!(
        till.replace_ticket(&ticket.number, 1),
        Err(AppError::RecargoOnReplacement)
    ));
    drop(till);
    assert!(sb.ok(&["fiscal", "verify"]).contains("whole"));
    assert!(sb.ok(&["check"]).contains("0 problems"));
}

#[test]
fn returning_a_recargo_invoice_in_parts_gives_back_exactly_the_recargo_charged() {
    let sb = Sandbox::new();
    drop(sb.demo_till());
    add_drogueria(&sb);
    let mut till = sb.reopen_till(start_time());
    till.login("1111").unwrap();
    // 7 refrescos (0,79 € at 21 %): the recargo on the rate's base, rounded once.
    till.set_pending_units(Some(7)).unwrap();
    till.scan(&demo_ean(36)).unwrap();
    till.invoice_to(Some(1)).unwrap();
    let invoice = paid(till.pay_exact_cash().unwrap());
    let doc = till.store().document(invoice.id).unwrap().unwrap();
    assert!(doc.recargo > 0);
    // Given back one, two and four at a time: each share rounded, the sum exact.
    let mut given_back = 0;
    let mut handed = 0;
    for units in [1, 2, 4] {
        let back = till
            .refund(
                &ReturnRequest {
                    original: invoice.number.clone(),
                    lines: vec![(1, units * 1000)],
                    reason: "devolución".into(),
                    refund_kind: TenderKind::Cash,
                    reference: None,
                },
                Approval::ManagerPin("9999"),
            )
            .unwrap();
        let d = till.store().document(back.id).unwrap().unwrap();
        assert_eq!(
            back.total.minor,
            d.total + d.recargo,
            "the screen says what is handed back"
        );
        given_back += d.recargo;
        handed += back.total.minor;
    }
    assert_eq!(-given_back, doc.recargo);
    assert_eq!(-handed, doc.total + doc.recargo);
    drop(till);
    assert!(sb.ok(&["check"]).contains("0 problems"));
}
