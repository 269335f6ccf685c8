//! `caja stock …`: the ledger of a product, goods receipts (by lines or a delivery note's CSV),
//! adjustments and counts (a manager's PIN on standard input), suppliers, reorder points and
//! the low-stock list — the back office's Stock section for scripts. Quantities are written
//! plainly (`1.5`), JSON amounts in minor units beside `currency` and `minor_digits`.

use super::{Env, manager_from_stdin, money, open_with_identity};
use crate::app::stock_office::{low_stock_csv, order_value, suggestion};
use crate::cli::{CountCommand, StockCommand, SupplierCommand};
use crate::exchange::delivery_note::read_delivery_note;
use crate::store::Store;
use crate::store::goods_receipts::{GoodsReceipt, NewSupplier, ReceiptDraft, ReceiptLine};
use crate::store::stock::{StockError, StockItem};
use crate::store::stock_count::{CountReport, Tally, Uncounted};
use crate::store::taxes::Author;
use crate::till::quantity::{milli_text, parse_milli};
use crate::till::stock::{Reorder, StockReason};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::process::ExitCode;

pub fn run(env: &Env, command: StockCommand) -> Result<ExitCode> {
    let (store, env) = open_with_identity(env)?;
    let env = &env;
    let at = crate::app::stamp_now();
    let who = Author {
        terminal: &env.settings.terminal,
        user_id: None,
        at: &at,
    };
    match command {
        StockCommand::Ledger { code, limit, json } => ledger(env, &store, &code, limit, json),
        StockCommand::Receive {
            supplier,
            note,
            lines,
            csv,
            draft,
            json,
        } => {
            let supplier = store
                .supplier_by_name(&supplier)?
                .ok_or(StockError::NoSuchSupplier { name: supplier })?;
            let lines = match csv {
                Some(path) => csv_lines(env, &store, &path)?,
                None => typed_lines(env, &store, &lines)?,
            };
            let draft_receipt = ReceiptDraft {
                supplier_id: supplier.id,
                delivery_note: note,
                lines,
            };
            let id = store.save_receipt(None, &draft_receipt, &who)?;
            let receipt = if draft {
                store.goods_receipt(id)?
            } else {
                store.post_receipt(id, &who)?
            };
            print_receipt(env, &receipt, json)
        }
        StockCommand::Post { id } => {
            let receipt = store.post_receipt(id, &who)?;
            print_receipt(env, &receipt, false)
        }
        StockCommand::Receipts { limit, json } => {
            let receipts = store.goods_receipts(limit)?;
            if json {
                return print_json(env, "receipts", &receipts);
            }
            for r in &receipts {
                println!(
                    "#{:<5} {:<9} {:<24} {:<14} {:>3} lines {:>14}  {}",
                    r.id,
                    r.state,
                    r.supplier,
                    r.delivery_note,
                    r.lines.len(),
                    money(env, r.value()),
                    r.posted_at.as_deref().unwrap_or(&r.created_at)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        StockCommand::Supplier { command } => supplier(env, &store, command, &who),
        StockCommand::Adjust {
            code,
            qty,
            reason,
            note,
        } => {
            let manager = manager_from_stdin(&store, "adjust stock")?;
            let item = store.stock_item_by_code(&code)?;
            let qty_milli = parse_milli(&qty)
                .with_context(|| format!("«{qty}» is not a quantity; write it as -2 or 1,5"))?;
            let reason_of = StockReason::parse(&reason)
                .filter(|r| r.is_adjustment())
                .ok_or(StockError::NotAnAdjustment {
                    reason: reason.clone(),
                })?;
            let who = Author {
                user_id: Some(manager.id),
                ..who
            };
            let balance =
                store.adjust_stock(item.product_id, qty_milli, reason_of, note.as_deref(), &who)?;
            println!(
                "{}: {} ({}), stock now {}",
                item.name,
                signed(qty_milli),
                reason_of.as_str(),
                milli_text(balance)
            );
            Ok(ExitCode::SUCCESS)
        }
        StockCommand::Count { command } => count(env, &store, command, &who),
        StockCommand::Low { json, csv } => low(env, &store, json, csv),
        StockCommand::Reorder {
            code,
            point,
            qty,
            supplier,
            clear,
        } => {
            let item = store.stock_item_by_code(&code)?;
            let quantity = |text: &str| {
                parse_milli(text).with_context(|| format!("«{text}» is not a quantity"))
            };
            let reorder = match (clear, point) {
                (true, _) | (false, None) => None,
                (false, Some(p)) => Some(Reorder {
                    point_milli: quantity(&p)?,
                    qty_milli: qty.as_deref().map(quantity).transpose()?,
                }),
            };
            let supplier_id = match supplier {
                Some(name) => Some(
                    store
                        .supplier_by_name(&name)?
                        .ok_or(StockError::NoSuchSupplier { name })?
                        .id,
                ),
                None => None,
            };
            store.set_reorder(item.product_id, reorder, supplier_id, &who)?;
            match reorder {
                Some(r) => println!(
                    "{}: reorder below {}{}",
                    item.name,
                    milli_text(r.point_milli),
                    r.qty_milli
                        .map(|q| format!(", order {}", milli_text(q)))
                        .unwrap_or_default()
                ),
                None => println!("{}: no reorder point", item.name),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints `value` under `key` as JSON, beside the store's currency.
fn print_json(env: &Env, key: &str, value: &impl serde::Serialize) -> Result<ExitCode> {
    let c = env.settings.currency;
    let mut out = serde_json::json!({"currency": c.code(), "minor_digits": c.minor_digits()});
    out[key] = serde_json::to_value(value)?;
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(ExitCode::SUCCESS)
}

fn signed(milli: i64) -> String {
    if milli > 0 {
        format!("+{}", milli_text(milli))
    } else {
        milli_text(milli)
    }
}

fn ledger(env: &Env, store: &Store, code: &str, limit: usize, json: bool) -> Result<ExitCode> {
    let item = store.stock_item_by_code(code)?;
    if !item.tracked {
        bail!(StockError::NotTracked { product: item.name });
    }
    let rows = store.stock_ledger(item.product_id, limit)?;
    if json {
        let c = env.settings.currency;
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "currency": c.code(), "minor_digits": c.minor_digits(),
                "product": item, "movements": rows.iter().map(|r| {
                    let mut v = serde_json::to_value(r).unwrap_or_default();
                    v["below_zero"] = r.below_zero().into();
                    v
                }).collect::<Vec<_>>(),
            }))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} — stock {}", item.name, milli_text(item.stock_milli));
    for r in &rows {
        println!(
            "  {:<24} {:<10} {:>9} {:>9}{} {:<12} {}",
            r.at,
            r.reason.as_str(),
            signed(r.qty_milli),
            milli_text(r.balance_milli),
            if r.below_zero() { " !" } else { "  " },
            r.user.as_deref().unwrap_or("-"),
            r.document
                .clone()
                .or_else(|| r.note.clone())
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `--line CODE:QTY:COST` lines: the code found, the quantity and the unit cost read.
fn typed_lines(env: &Env, store: &Store, lines: &[String]) -> Result<Vec<ReceiptLine>> {
    if lines.is_empty() {
        bail!("a goods receipt needs its lines: --line CODE:QTY:COST (repeated) or --csv FILE");
    }
    lines
        .iter()
        .map(|line| {
            let mut parts = line.rsplitn(3, ':');
            let (Some(cost), Some(qty), Some(code)) = (parts.next(), parts.next(), parts.next())
            else {
                bail!("«{line}» is not CODE:QTY:COST");
            };
            let item = store.stock_item_by_code(code)?;
            Ok(ReceiptLine {
                product_id: item.product_id,
                qty_milli: parse_milli(qty)
                    .with_context(|| format!("«{qty}» in «{line}» is not a quantity"))?,
                unit_cost: crate::till::money::Money::parse(cost, env.settings.currency)
                    .map_err(|e| anyhow::anyhow!("«{line}»: {e}"))?
                    .minor,
            })
        })
        .collect()
}

/// A delivery note's CSV: every line's product found by its code; every problem named.
fn csv_lines(env: &Env, store: &Store, path: &std::path::Path) -> Result<Vec<ReceiptLine>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let lines = read_delivery_note(&bytes, env.settings.currency.minor_digits()).map_err(|p| {
        anyhow::anyhow!(
            "{}: {}",
            path.display(),
            p.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let mut out = Vec::with_capacity(lines.len());
    let mut unknown = Vec::new();
    for l in lines {
        match store.stock_item_by_code(&l.code) {
            Ok(item) => out.push(ReceiptLine {
                product_id: item.product_id,
                qty_milli: l.qty_milli,
                unit_cost: l.unit_cost,
            }),
            Err(crate::store::StoreError::Stock(StockError::NoSuchCode { code })) => {
                unknown.push(format!("row {}: no product has the code {code}", l.row));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !unknown.is_empty() {
        bail!(
            "{}: {}; add those products (or their codes) first — nothing was received",
            path.display(),
            unknown.join("; ")
        );
    }
    Ok(out)
}

fn print_receipt(env: &Env, r: &GoodsReceipt, json: bool) -> Result<ExitCode> {
    if json {
        return print_json(env, "receipt", r);
    }
    println!(
        "goods receipt #{} ({}) — {} delivery note {}",
        r.id, r.state, r.supplier, r.delivery_note
    );
    for l in &r.lines {
        println!(
            "  {:<32} {:>9} × {:>12} = {:>12}",
            l.name,
            milli_text(l.qty_milli),
            money(env, l.unit_cost),
            money(env, l.value)
        );
    }
    println!("  total {:>12}", money(env, r.value()));
    Ok(ExitCode::SUCCESS)
}

fn supplier(
    env: &Env,
    store: &Store,
    command: SupplierCommand,
    who: &Author<'_>,
) -> Result<ExitCode> {
    match command {
        SupplierCommand::Add {
            name,
            tax_id,
            contact,
        } => {
            let id = store.add_supplier(
                &NewSupplier {
                    name: name.clone(),
                    tax_id,
                    contact,
                },
                who,
            )?;
            println!("supplier #{id} {name} added");
        }
        SupplierCommand::List { json } => {
            let all = store.suppliers()?;
            if json {
                return print_json(env, "suppliers", &all);
            }
            for s in all {
                println!(
                    "#{:<4} {:<28} {:<12} {}",
                    s.id,
                    s.name,
                    s.tax_id.unwrap_or_default(),
                    s.contact.unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn count(env: &Env, store: &Store, command: CountCommand, who: &Author<'_>) -> Result<ExitCode> {
    let open = || -> Result<i64> {
        Ok(store
            .open_count()?
            .context("no stock count is open; start one with caja stock count start")?
            .id)
    };
    match command {
        CountCommand::Start { category } => {
            let id = store.start_count(category.as_deref(), who)?;
            let scope = store.tracked_items(category.as_deref())?.len();
            println!(
                "stock count #{id} started: {} ({scope} stock-tracked products)",
                category.as_deref().unwrap_or("the whole shop")
            );
        }
        CountCommand::Scan { code, qty, set } => {
            let id = open()?;
            let item = store.stock_item_by_code(&code)?;
            let qty_milli =
                parse_milli(&qty).with_context(|| format!("«{qty}» is not a quantity"))?;
            let tally = if set { Tally::Set } else { Tally::Add };
            let counted = store.count_scan(id, item.product_id, qty_milli, tally, who)?;
            // Blind: what was counted, never what the ledger expects.
            println!("{}: counted {}", item.name, milli_text(counted));
        }
        CountCommand::Report { id, json, csv } => {
            let id = match id {
                Some(id) => id,
                None => open()?,
            };
            let report = store.count_report(id)?;
            print_count(env, &report, json, csv)?;
        }
        CountCommand::Apply { zero_uncounted } => {
            let id = open()?;
            let manager = manager_from_stdin(store, "apply a stock count")?;
            let who = Author {
                user_id: Some(manager.id),
                ..*who
            };
            let uncounted = if zero_uncounted {
                Uncounted::Zero
            } else {
                Uncounted::Keep
            };
            let report = store.apply_count(id, uncounted, &who)?;
            println!(
                "stock count #{id} applied: {} products moved, value {}",
                report.applied(uncounted).count(),
                money(env, report.value(uncounted))
            );
        }
        CountCommand::Cancel => {
            let id = open()?;
            store.cancel_count(id, who)?;
            println!("stock count #{id} cancelled; nothing moved");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_count(env: &Env, report: &CountReport, json: bool, csv: bool) -> Result<()> {
    if json {
        print_json(env, "count", report)?;
        return Ok(());
    }
    if csv {
        let mut w = csv::Writer::from_writer(std::io::stdout().lock());
        w.write_record([
            "product",
            "expected",
            "counted",
            "variance",
            "cost",
            "value",
            "counted_by_hand",
        ])?;
        for l in &report.lines {
            let digits = env.settings.currency.minor_digits();
            let amount = |v: Option<i64>| {
                v.map(|v| crate::till::format::plain_decimal(v, digits))
                    .unwrap_or_default()
            };
            w.write_record([
                l.name.clone(),
                milli_text(l.expected_milli),
                milli_text(l.counted_milli),
                milli_text(l.variance_milli),
                amount(l.cost),
                amount(l.value),
                (if l.uncounted { "no" } else { "yes" }).to_string(),
            ])?;
        }
        w.flush()?;
        return Ok(());
    }
    let c = &report.count;
    println!(
        "stock count #{} ({}) of {} — started {}",
        c.id,
        c.state,
        c.category.as_deref().unwrap_or("the whole shop"),
        c.started_at
    );
    println!(
        "  {:<32} {:>9} {:>9} {:>9} {:>12}",
        "product", "expected", "counted", "variance", "value"
    );
    for l in &report.lines {
        println!(
            "  {:<32} {:>9} {:>9} {:>9} {:>12}{}",
            l.name,
            milli_text(l.expected_milli),
            if l.uncounted {
                "-".to_string()
            } else {
                milli_text(l.counted_milli)
            },
            signed(l.variance_milli),
            l.value.map(|v| money(env, v)).unwrap_or_default(),
            if l.uncounted { "  (not counted)" } else { "" }
        );
    }
    println!(
        "  value of the counted variances {}; with the uncounted as zero {}",
        money(env, report.value(Uncounted::Keep)),
        money(env, report.value(Uncounted::Zero))
    );
    Ok(())
}

/// A low product with the order suggested for it.
#[derive(serde::Serialize)]
struct LowRow<'a> {
    #[serde(flatten)]
    item: &'a StockItem,
    suggested_milli: Option<i64>,
    below_zero: bool,
}

fn low(env: &Env, store: &Store, json: bool, csv: bool) -> Result<ExitCode> {
    let items = store.low_stock()?;
    if json {
        let rows: Vec<LowRow<'_>> = items
            .iter()
            .map(|i| LowRow {
                item: i,
                suggested_milli: suggestion(i),
                below_zero: i.stock_milli < 0,
            })
            .collect();
        return print_json(env, "low", &rows);
    }
    if csv {
        let bytes = low_stock_csv(&items, env.settings.currency.minor_digits());
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut supplier: Option<Option<&str>> = None;
    for i in &items {
        if supplier != Some(i.supplier.as_deref()) {
            supplier = Some(i.supplier.as_deref());
            println!("{}", i.supplier.as_deref().unwrap_or("(no supplier)"));
        }
        println!(
            "  {:<32} stock {:>8}{}  point {:>6}  order {:>6} {:>12}",
            i.name,
            milli_text(i.stock_milli),
            if i.stock_milli < 0 { " !" } else { "  " },
            i.reorder
                .map(|r| milli_text(r.point_milli))
                .unwrap_or_else(|| "-".into()),
            suggestion(i).map(milli_text).unwrap_or_else(|| "-".into()),
            order_value(i).map(|v| money(env, v)).unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}
