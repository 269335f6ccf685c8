//! Reports on a seeded history (sales and returns over past days, on a real encrypted store):
//! every figure of the sales report, by every grouping, checked against a second computation
//! straight from the documents and their lines; the rollup against the documents it sums, and
//! summed again when a late document joins a summed day; the tax book adding up to the tickets
//! less the returns, to the cent, and matching the fiscal records of the same period; the loss
//! report naming who did what and who approved it; the CLI's JSON, CSV and XLSX.

use crate::support::{Sandbox, store_today};
use caja::app::analytics::{loss_report, sales_report};
use caja::store::Store;
use caja::till::analytics::{Grouping, Period};
use caja::till::document::{DocKind, Document};
use chrono::Duration;
use std::collections::{BTreeMap, HashMap};

/// Sums per key computed from the documents themselves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Sums {
    tickets: i64,
    returns: i64,
    qty_milli: i64,
    sales: i64,
    refunds: i64,
}

fn documents(store: &Store) -> Vec<Document> {
    (1..=store.document_count().unwrap())
        .filter_map(|id| store.document(id).unwrap())
        .filter(|d| !d.training)
        .collect()
}

/// The second computation: every grouping's sums, keyed as the report keys its rows.
fn direct(
    store: &Store,
    docs: &[Document],
    period: &Period,
    by: Grouping,
) -> BTreeMap<String, Sums> {
    let category: HashMap<i64, String> = docs
        .iter()
        .flat_map(|d| d.lines.iter().map(|l| l.product_id))
        .map(|id| (id, store.stock_item(id).unwrap().category))
        .collect();
    let mut out: BTreeMap<String, Sums> = BTreeMap::new();
    for d in docs {
        let day = chrono::NaiveDate::parse_from_str(&d.business_day, "%Y-%m-%d").unwrap();
        if !period.contains(day) {
            continue;
        }
        let sale = d.kind == DocKind::Sale;
        let mut add = |key: String, amount: i64, qty: i64, counted: &mut Vec<String>| {
            let s = out.entry(key.clone()).or_default();
            if !counted.contains(&key) {
                if sale {
                    s.tickets += 1;
                } else {
                    s.returns += 1;
                }
                counted.push(key);
            }
            if sale {
                s.sales += amount;
            } else {
                s.refunds += amount;
            }
            s.qty_milli += qty;
        };
        let mut counted = Vec::new();
        match by {
            Grouping::Day | Grouping::Week | Grouping::Month => {
                add(by.bucket(day), d.total, 0, &mut counted)
            }
            Grouping::Hour => add(d.created_at[11..13].to_string(), d.total, 0, &mut counted),
            Grouping::Cashier => add(d.user_id.to_string(), d.total, 0, &mut counted),
            Grouping::Terminal => add(d.terminal.clone(), d.total, 0, &mut counted),
            Grouping::Tender => {
                for t in &d.tenders {
                    let change = if t.kind.as_str() == "cash" && sale {
                        d.change_given
                    } else {
                        0
                    };
                    add(
                        t.kind.as_str().to_string(),
                        t.amount.minor - change,
                        0,
                        &mut counted,
                    );
                }
            }
            Grouping::Tax => {
                for t in &d.taxes {
                    add(t.rate_bp.to_string(), t.gross, 0, &mut counted);
                }
            }
            Grouping::Category => {
                for l in &d.lines {
                    add(
                        category[&l.product_id].clone(),
                        l.total,
                        l.qty_milli,
                        &mut counted,
                    );
                }
            }
            Grouping::Product => {
                for l in &d.lines {
                    add(l.product_id.to_string(), l.total, l.qty_milli, &mut counted);
                }
            }
        }
    }
    out
}

fn seeded(sales: &str, days: &str) -> (Sandbox, Period) {
    let sb = Sandbox::new();
    sb.ok(&["seed-demo", "--sales", sales, "--days", days, "--returns"]);
    let today = store_today();
    let days: i64 = days.parse().unwrap();
    let period = Period::new(today - Duration::days(days), today).unwrap();
    (sb, period)
}

#[test]
fn every_figure_of_the_sales_report_matches_the_documents_and_lines() {
    let (sb, period) = seeded("1200", "24");
    let store = sb.open_store();
    let docs = documents(&store);
    assert!(
        docs.iter().any(|d| d.kind == DocKind::Return),
        "the history has returns"
    );
    // A period that starts mid-history, and the previous period of the same length before it.
    let half = Period::new(period.from + Duration::days(12), period.to).unwrap();
    for by in Grouping::ALL {
        let report = sales_report(&store, by, half).unwrap();
        for (p, rows) in [
            (half, &report.rows),
            (half.previous(), &report.previous_rows),
        ] {
            let want = direct(&store, &docs, &p, by);
            for (key, s) in &want {
                let row = rows
                    .iter()
                    .find(|r| &r.key == key)
                    .unwrap_or_else(|| panic!("{by:?}: no row {key}"));
                let f = &row.figures;
                assert_eq!(
                    (f.sales, f.refunds),
                    (s.sales, s.refunds),
                    "{by:?} {key} money"
                );
                if !by.is_time() {
                    assert_eq!(
                        (f.tickets, f.returns),
                        (s.tickets, s.returns),
                        "{by:?} {key}"
                    );
                }
                if matches!(by, Grouping::Category | Grouping::Product) {
                    assert_eq!(f.qty_milli, s.qty_milli, "{by:?} {key} quantity");
                }
            }
            // Nothing in the report that the documents lack (empty hours and days are zero).
            for r in rows.iter() {
                if !want.contains_key(&r.key) {
                    assert_eq!(r.figures.net(), 0, "{by:?} {} from nowhere", r.key);
                }
            }
        }
        // The period's total is the documents' whole.
        let all = direct(&store, &docs, &half, Grouping::Terminal);
        let s = all.values().next().unwrap();
        assert_eq!(
            (
                report.total.sales,
                report.total.refunds,
                report.total.tickets
            ),
            (s.sales, s.refunds, s.tickets),
            "{by:?} total"
        );
    }
    // Per-rate bases and quotas add up to the tickets less the returns, to the cent.
    let by_tax = sales_report(&store, Grouping::Tax, period).unwrap();
    let bases_and_quotas: i64 = by_tax
        .rows
        .iter()
        .map(|r| r.figures.base + r.figures.quota)
        .sum();
    assert_eq!(bases_and_quotas, by_tax.total.sales + by_tax.total.refunds);
    // Margins where cost is known: the demo's products all have one.
    let by_category = sales_report(&store, Grouping::Category, period).unwrap();
    let margin = by_category.total.margin().unwrap();
    assert!(margin > 0 && margin < by_category.total.base, "{margin}");
}

#[test]
fn the_rollup_sums_the_documents_once_and_a_late_document_joins_its_day() {
    // Over 75 days: the period holds whole months, read from the products' monthly sums.
    let (sb, period) = seeded("900", "75");
    let mut store = sb.open_store();
    let added = store.refresh_rollup().unwrap();
    assert_eq!(
        added as i64,
        store.document_count().unwrap(),
        "every document added once"
    );
    assert_eq!(
        store.refresh_rollup().unwrap(),
        0,
        "nothing new: nothing added"
    );
    for dim in caja::store::analytics::DIMS {
        let mut rolled = store.report_rows(dim, &period).unwrap();
        let mut read = store.report_rows_direct(dim, &period).unwrap();
        rolled.sort_by(|a, b| a.key.cmp(&b.key));
        read.sort_by(|a, b| a.key.cmp(&b.key));
        assert_eq!(rolled, read, "{dim}");
    }
    // A document of a summed day arrives late (a sync, a restore): the day is summed again.
    let docs = documents(&store);
    let old = docs.iter().find(|d| d.kind == DocKind::Sale).unwrap();
    let day = chrono::NaiveDate::parse_from_str(&old.business_day, "%Y-%m-%d").unwrap();
    let one_day = Period::new(day, day).unwrap();
    let before = store.report_rows("total", &one_day).unwrap()[0].figures;
    let mut late = old.body.clone();
    late.series = format!("{}-T09", store.identity().code);
    late.terminal = "T09".into();
    store
        .commit_document(&late, &caja::store::sales::Bookkeeping::default())
        .unwrap();
    assert_eq!(store.refresh_rollup().unwrap(), 1);
    let after = store.report_rows("total", &one_day).unwrap()[0].figures;
    assert_eq!(after.sales, before.sales + old.total);
    assert_eq!(after.tickets, before.tickets + 1);
    let terminals = store.report_rows("terminal", &one_day).unwrap();
    assert!(terminals.iter().any(|r| r.key == "T09"));
}

#[test]
fn the_tax_book_adds_up_and_matches_the_fiscal_records_of_the_period() {
    let (sb, period) = seeded("800", "12");
    let store = sb.open_store();
    let book = store.tax_book(&period).unwrap();
    let docs = documents(&store);
    // Tickets less returns, to the cent.
    let tickets: i64 = docs
        .iter()
        .filter(|d| d.kind == DocKind::Sale)
        .map(|d| d.total)
        .sum();
    let returns: i64 = docs
        .iter()
        .filter(|d| d.kind == DocKind::Return)
        .map(|d| d.total)
        .sum();
    assert!(returns < 0);
    let counted: i64 = book.totals.iter().map(|t| t.base + t.quota).sum();
    assert_eq!(counted, tickets + returns);
    assert_eq!(
        book.totals.iter().map(|t| t.total).sum::<i64>(),
        tickets + returns
    );
    // Returns are negative rows of type R5; tickets F2.
    assert!(book.rows.iter().any(|r| r.kind == "R5" && r.base < 0));
    assert!(
        book.rows
            .iter()
            .all(|r| ["F2", "R5"].contains(&r.kind.as_str()))
    );
    // The fiscal records of the period, rate by rate: the same bases and quotas.
    let mut records: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    for d in &docs {
        let rec = store
            .document_record(d.id)
            .unwrap()
            .expect("every document has its record");
        let body = caja::fiscal::verifactu::Body::read(&rec.body).unwrap();
        let caja::fiscal::record::Entry::Alta(invoice) = body.record.entry else {
            panic!("an alta");
        };
        assert_eq!(invoice.id.number, d.number);
        let row = book.rows.iter().find(|r| r.number == d.number).unwrap();
        assert_eq!(row.kind, invoice.kind.as_str());
        for detail in &invoice.details {
            let e = records.entry(detail.rate_bp).or_default();
            e.0 += detail.base;
            e.1 += detail.quota;
        }
    }
    for t in &book.totals {
        assert_eq!(records[&t.rate_bp], (t.base, t.quota), "rate {}", t.rate_bp);
    }
    // The CLI: JSON as the store's, CSV rows, and an XLSX a spreadsheet reads back.
    let (from, to) = (period.from_text(), period.to_text());
    let json: serde_json::Value = serde_json::from_str(
        &sb.ok(&["report", "tax-book", "--from", &from, "--to", &to, "--json"]),
    )
    .unwrap();
    assert_eq!(
        json["book"]["rows"].as_array().unwrap().len(),
        book.rows.len()
    );
    assert_eq!(json["minor_digits"], 2);
    let csv = sb.ok(&["report", "tax-book", "--from", &from, "--to", &to, "--csv"]);
    assert_eq!(csv.lines().count(), book.rows.len() + 1);
    let xlsx = sb.data_dir().join("../libro.xlsx");
    sb.ok(&[
        "report",
        "tax-book",
        "--from",
        &from,
        "--to",
        &to,
        "--xlsx",
        xlsx.to_str().unwrap(),
    ]);
    use calamine::{DataType, Reader};
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let totals = workbook.worksheet_range("tax_book_totals").unwrap();
    let sheet_total: f64 = totals
        .rows()
        .skip(3)
        .filter_map(|r| r.get(5).and_then(|c| c.as_f64()))
        .sum();
    assert_eq!((sheet_total * 100.0).round() as i64, tickets + returns);
}

#[test]
fn the_loss_report_names_who_did_what_and_who_approved_it() {
    use caja::app::Approval;
    use caja::app::demo::demo_ean;
    use caja::till::cart::Discount;
    let sb = Sandbox::new();
    let mut till = sb.demo_till();
    till.login("1111").unwrap();
    till.scan(&demo_ean(0)).unwrap();
    till.scan(&demo_ean(1)).unwrap();
    till.void_line(1, Approval::ManagerPin("9999")).unwrap();
    till.set_line_discount(
        0,
        Some(Discount::Percent(1000)),
        Approval::ManagerPin("9999"),
    )
    .unwrap();
    let sale = match till.pay_exact_cash().unwrap() {
        caja::app::selling::PaymentProgress::Done(c) => c,
        other => panic!("{other:?}"),
    };
    till.refund(
        &caja::app::returns::ReturnRequest {
            original: sale.number.clone(),
            lines: vec![(1, 1000)],
            reason: "caducado".into(),
            refund_kind: caja::till::tender::TenderKind::Cash,
            reference: None,
        },
        Approval::ManagerPin("9999"),
    )
    .unwrap();
    till.no_sale("cambio", Approval::Own).unwrap();
    let today = till
        .store()
        .document(1)
        .unwrap()
        .unwrap()
        .business_day
        .clone();
    let day = chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap();
    let rows = loss_report(till.store(), Period::new(day, day).unwrap()).unwrap();
    let find = |event: &str| {
        rows.iter()
            .find(|r| r.event == event)
            .unwrap_or_else(|| panic!("{event}: {rows:?}"))
    };
    for event in ["void_line", "line_discount", "refund", "no_sale"] {
        assert_eq!(find(event).cashier, "Lucía", "{event}");
        assert_eq!(find(event).count, 1, "{event}");
    }
    // A cashier voids an open line on their own; a discount needs a manager.
    assert_eq!(find("void_line").approved_by, None);
    assert_eq!(find("line_discount").approved_by.as_deref(), Some("Marta"));
    assert_eq!(find("refund").approved_by.as_deref(), Some("Marta"));
    assert!(find("refund").amount < 0);
    assert_eq!(find("no_sale").approved_by, None);
}

/// The screen's tax book, a page at a time: its totals (from the rollup, the replaced tickets
/// taken out and their F3s added on their day) and row count are the whole book's, and its pages
/// laid end to end are the whole book's rows — over periods that hold a replaced ticket without
/// its F3, the F3 without its ticket, both, and an F1 with recargo.
#[test]
fn the_tax_book_read_a_page_at_a_time_is_the_whole_book() {
    use caja::app::selling::PaymentProgress;
    let (sb, period) = seeded("700", "10");
    crate::fiscal_store::add_bar_canas(&sb);
    crate::fiscal_store::add_drogueria(&sb);
    let today = period.to;
    let store = sb.open_store();
    // A seeded ticket of five days ago, not returned.
    let ticket_day = today - Duration::days(5);
    let ticket = documents(&store)
        .into_iter()
        .find(|d| {
            d.kind == DocKind::Sale
                && d.business_day == ticket_day.format("%Y-%m-%d").to_string()
                && store.returned_so_far(d.id).unwrap().is_empty()
        })
        .expect("a ticket five days ago");
    drop(store);
    // Today: the ticket replaced by an F3 to Bar Cañas, and an F1 with recargo to the droguería.
    let noon = chrono::TimeZone::from_local_datetime(
        &chrono::FixedOffset::east_opt(3600).unwrap(),
        &today.and_hms_opt(12, 0, 0).unwrap(),
    )
    .unwrap();
    let mut till = sb.reopen_till(noon);
    till.login("1111").unwrap();
    till.replace_ticket(&ticket.number, 1).unwrap();
    for p in [6, 7, 36] {
        till.scan(&caja::app::demo::demo_ean(p)).unwrap();
    }
    till.invoice_to(Some(2)).unwrap();
    assert!(matches!(
        till.pay_exact_cash().unwrap(),
        PaymentProgress::Done(_)
    ));
    drop(till);
    let store = sb.open_store();
    let periods = [
        period,
        // The ticket without its F3, the F3 without its ticket, the ticket's day alone.
        Period::new(period.from, today - Duration::days(1)).unwrap(),
        Period::new(ticket_day + Duration::days(1), today).unwrap(),
        Period::new(ticket_day, ticket_day).unwrap(),
    ];
    for p in periods {
        let whole = store.tax_book(&p).unwrap();
        assert_eq!(whole.row_count, whole.rows.len());
        for size in [1000, 97] {
            let mut rows = Vec::new();
            loop {
                let page = store.tax_book_page(&p, rows.len(), size).unwrap();
                assert_eq!(page.totals, whole.totals, "{p:?}");
                assert_eq!(page.row_count, whole.row_count, "{p:?}");
                assert_eq!(page.first_row, rows.len());
                assert!(page.rows.len() <= size);
                if page.rows.is_empty() {
                    break;
                }
                rows.extend(page.rows);
            }
            assert_eq!(rows, whole.rows, "{p:?}, pages of {size}");
        }
    }
    // What the periods hold: the replaced ticket's rows name the F3 and count nowhere; the F3
    // and the F1's recargo count.
    let whole = store.tax_book(&period).unwrap();
    let replaced: Vec<_> = whole
        .rows
        .iter()
        .filter(|r| r.number == ticket.number)
        .collect();
    assert!(!replaced.is_empty() && replaced.iter().all(|r| r.replaced_by.is_some()));
    assert!(whole.rows.iter().any(|r| r.kind == "F3"));
    assert!(
        whole
            .totals
            .iter()
            .any(|t| t.recargo_bp > 0 && t.recargo > 0)
    );
    let before = store.tax_book_page(&periods[1], 0, 10).unwrap();
    assert!(before.totals.iter().all(|t| t.recargo == 0));
}

/// A store whose rollup was summed before the tax book's sums existed (schema 20) gets them
/// from its migration, for the documents already summed; later ones join at the next report.
#[test]
fn a_rollup_summed_before_the_tax_book_sums_gets_them_when_migrated() {
    let (sb, period) = seeded("400", "6");
    let store = sb.open_store();
    let whole = store.tax_book(&period).unwrap();
    store
        .connection()
        .execute_batch(
            "DELETE FROM sales_rollup WHERE dim = 'tax_book';
             UPDATE settings SET value = CAST(value AS INTEGER) - 5
             WHERE key = 'reports.rollup_seen';
             PRAGMA user_version = 20;",
        )
        .unwrap();
    drop(store);
    let store = sb.open_store();
    assert_eq!(
        caja::store::schema::version(store.connection()).unwrap(),
        caja::store::schema::SCHEMA_VERSION
    );
    let page = store.tax_book_page(&period, 0, 50).unwrap();
    assert_eq!(page.totals, whole.totals);
    assert_eq!(page.row_count, whole.rows.len());
    assert_eq!(page.rows[..], whole.rows[..50]);
}
