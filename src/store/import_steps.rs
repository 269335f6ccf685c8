//! The steps an import writes in: each a short transaction (`STEP`), a sale's payment let
//! through before each (`Store::give_way_to_sales`), the search index merged between them; and
//! the row writes themselves (a new product, a change staged in the overlay, its fold into the
//! catalog, an unpublished import's rows taken out).

use super::import::{GAP, STEP, StepTimes};
use super::products::record_price;
use super::taxes::Author;
use super::{Store, StoreError};
use crate::till::content::NetContent;
use crate::till::product::{FieldSet, ProductDraft, ProductField};
use rusqlite::{OptionalExtension, ToSql, Transaction, TransactionBehavior, params};
use std::time::{Duration, Instant};

/// Steps between two WAL checkpoints (each one syncs the database file).
const STEPS_PER_CHECKPOINT: usize = 32;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `write` over `items` in transactions of at most about `STEP` each; notes the longest
/// write and search-merge steps in `times`.
pub(super) fn in_steps<T>(
    store: &Store,
    items: &[T],
    times: &mut StepTimes,
    progress: &mut dyn FnMut(usize),
    mut write: impl FnMut(&Transaction<'_>, &T) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut done = 0;
    let mut steps = 0;
    while done < items.len() {
        times.gave_way += ms(store.give_way_to_sales());
        let started = Instant::now();
        let tx = Transaction::new_unchecked(&store.conn, TransactionBehavior::Immediate)?;
        let mut n = 0;
        while done + n < items.len() {
            write(&tx, &items[done + n])?;
            n += 1;
            // Checking the clock every 64 rows keeps its cost out of the loop.
            if n % 8 == 0 && started.elapsed() >= STEP {
                break;
            }
        }
        tx.commit()?;
        times.write = times.write.max(ms(started.elapsed()));
        done += n;
        steps += 1;
        progress(done);
        std::thread::sleep(GAP);
        times.gave_way += ms(store.give_way_to_sales());
        times.search_merge = times.search_merge.max(ms(store.search_merge_step()?.1));
        if steps % STEPS_PER_CHECKPOINT == 0 {
            times.gave_way += ms(store.give_way_to_sales());
            store.checkpoint()?;
        }
        std::thread::sleep(GAP);
    }
    Ok(())
}

/// Pages of search-index merging per step (about a step's time on a slow till).
const MERGE_PAGES: i64 = 32;

/// The search index (FTS5) merges its segments only when asked, a bounded amount at a time,
/// 16 at once: while an import writes, its merges happen between the steps, never inside one
/// (where FTS5's own merging made some steps take 150 ms). A merge step stops only between
/// terms, so its length follows the longest doclist merged (a word in every name): measured,
/// smaller merges or merging at the writing's pace made the longest step longer, not shorter.
pub(super) const SEARCH_MERGE_BY_HAND: &str =
    "INSERT INTO products_fts(products_fts, rank) VALUES ('automerge', 0);
     INSERT INTO products_fts(products_fts, rank) VALUES ('usermerge', 16);
     INSERT INTO products_fts(products_fts, rank) VALUES ('crisismerge', 64);";
/// FTS5's own settings, given back after an import.
const SEARCH_MERGE_AUTOMATIC: &str =
    "INSERT INTO products_fts(products_fts, rank) VALUES ('automerge', 4);
     INSERT INTO products_fts(products_fts, rank) VALUES ('usermerge', 4);
     INSERT INTO products_fts(products_fts, rank) VALUES ('crisismerge', 16);";

impl Store {
    /// One bounded step of search-index merging in its own transaction; whether there was
    /// work, and how long it held the write lock.
    fn search_merge_step(&self) -> Result<(bool, Duration), StoreError> {
        let started = Instant::now();
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let before = tx.total_changes();
        tx.execute(
            "INSERT INTO products_fts(products_fts, rank) VALUES ('merge', ?1)",
            [MERGE_PAGES],
        )?;
        // FTS5: a merge that found nothing to do changes at most one row.
        let worked = tx.total_changes() - before > 1;
        tx.commit()?;
        Ok((worked, started.elapsed()))
    }

    /// Merges the search index until no level has 16 segments, a step at a time, then gives
    /// FTS5 back its own merging. Returns the longest step.
    pub fn finish_search_merges(&self) -> Result<Duration, StoreError> {
        let mut longest = Duration::ZERO;
        loop {
            self.give_way_to_sales();
            let (worked, took) = self.search_merge_step()?;
            longest = longest.max(took);
            if !worked {
                break;
            }
            std::thread::sleep(GAP);
        }
        self.conn.execute_batch(SEARCH_MERGE_AUTOMATIC)?;
        Ok(longest)
    }
}

/// Removes an unpublished import's rows, a step at a time.
pub(super) fn abandon(store: &Store, import: i64, first: i64) -> Result<(), StoreError> {
    loop {
        let tx = Transaction::new_unchecked(&store.conn, TransactionBehavior::Immediate)?;
        let products: Vec<i64> = tx
            .prepare_cached("SELECT id FROM products WHERE id >= ?1 AND import_id = ?2 LIMIT 2000")?
            .query_map(params![first, import], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for id in &products {
            tx.execute("DELETE FROM product_codes WHERE product_id = ?1", [id])?;
            tx.execute("DELETE FROM products WHERE id = ?1", [id])?;
        }
        if products.is_empty() {
            tx.execute("DELETE FROM product_codes WHERE import_id = ?1", [import])?;
            tx.execute("DELETE FROM catalog_overlay WHERE import_id = ?1", [import])?;
            tx.execute(
                "UPDATE imports SET state = 'abandoned' WHERE id = ?1",
                [import],
            )?;
        }
        tx.commit()?;
        if products.is_empty() {
            return Ok(());
        }
    }
}

pub(super) fn insert_new(
    tx: &Transaction<'_>,
    d: &ProductDraft,
    class: i64,
    import: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO products(name, category, price, tax_class_id, measure, stock_milli,
             favourite, active, sku, short_name, cost, stock_tracked, import_id, net_content)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        d.name,
        d.category,
        d.price,
        class,
        d.measure.as_str(),
        d.active,
        d.sku,
        d.short_name,
        d.cost,
        d.stock_tracked,
        import,
        d.net_content.map(NetContent::to_stored)
    ])?;
    let id = tx.last_insert_rowid();
    add_codes(tx, id, d, import)
}

fn add_codes(
    tx: &Transaction<'_>,
    id: i64,
    d: &ProductDraft,
    import: i64,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO product_codes(code, product_id, import_id) VALUES (?1, ?2, ?3)",
    )?;
    for code in d.barcodes.iter().chain(d.plu.iter()) {
        stmt.execute(params![code, id, import])?;
    }
    Ok(())
}

/// The overlay's columns and the field each holds.
const OVERLAY_COLUMNS: [(&str, ProductField); 11] = [
    ("name", ProductField::Name),
    ("category", ProductField::Category),
    ("price", ProductField::Price),
    ("tax_class_id", ProductField::TaxClass),
    ("measure", ProductField::Measure),
    ("active", ProductField::Active),
    ("sku", ProductField::Sku),
    ("short_name", ProductField::ShortName),
    ("cost", ProductField::Cost),
    ("stock_tracked", ProductField::StockTracked),
    ("net_content", ProductField::NetContent),
];

/// The statement that stages a change of the `fields` an import carries; every other column
/// keeps the product's value as the till sees it now.
pub(super) fn stage_sql(fields: FieldSet) -> String {
    let mut n = 2;
    let values: Vec<String> = OVERLAY_COLUMNS
        .iter()
        .map(|(col, f)| {
            if fields.has(*f) {
                n += 1;
                format!("?{n}")
            } else {
                format!("CASE WHEN o.product_id IS NULL THEN p.{col} ELSE o.{col} END")
            }
        })
        .collect();
    let cols: Vec<&str> = OVERLAY_COLUMNS.iter().map(|(c, _)| *c).collect();
    let updates: Vec<String> = cols.iter().map(|c| format!("{c} = excluded.{c}")).collect();
    format!(
        "INSERT INTO catalog_overlay(product_id, import_id, {})
         SELECT ?1, ?2, {} FROM products p LEFT JOIN catalog_overlay o ON o.product_id = p.id
             AND o.import_id <= (SELECT visible_import FROM catalog_state WHERE id = 1)
         WHERE p.id = ?1
         ON CONFLICT(product_id) DO UPDATE SET import_id = excluded.import_id, {}",
        cols.join(", "),
        values.join(", "),
        updates.join(", ")
    )
}

/// Stages the new values of a matched product (only the `fields` its import carries, with
/// `sql` made by `stage_sql` for them).
pub(super) fn stage_change(
    tx: &Transaction<'_>,
    sql: &str,
    id: i64,
    d: &ProductDraft,
    class: i64,
    import: i64,
    fields: FieldSet,
) -> Result<(), StoreError> {
    let content = d.net_content.map(NetContent::to_stored);
    let values: [&dyn ToSql; 11] = [
        &d.name,
        &d.category,
        &d.price,
        &class,
        &d.measure.as_str(),
        &d.active,
        &d.sku,
        &d.short_name,
        &d.cost,
        &d.stock_tracked,
        &content,
    ];
    let mut bound: Vec<&dyn ToSql> = vec![&id, &import];
    bound.extend(
        OVERLAY_COLUMNS
            .iter()
            .zip(values)
            .filter(|((_, f), _)| fields.has(*f))
            .map(|(_, v)| v),
    );
    tx.prepare_cached(sql)?.execute(bound.as_slice())?;
    add_codes(tx, id, d, import)
}

/// Folds one product's overlay row into it (and its new price into the price history).
pub(crate) fn fold(tx: &Transaction<'_>, id: i64, who: &Author<'_>) -> Result<(), StoreError> {
    let row: Option<(i64, i64, i64, String)> = tx
        .prepare_cached(
            "SELECT p.price, o.price, o.import_id, coalesce(i.layout, '') FROM catalog_overlay o
             JOIN products p ON p.id = o.product_id LEFT JOIN imports i ON i.id = o.import_id
             WHERE o.product_id = ?1
             AND o.import_id <= (SELECT visible_import FROM catalog_state WHERE id = 1)",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((old, new, import, layout)) = row else {
        return Ok(());
    };
    tx.prepare_cached(
        "UPDATE products SET (name, category, price, tax_class_id, measure, active, sku,
             short_name, cost, stock_tracked, net_content) =
            (SELECT name, category, price, tax_class_id, measure, active, sku, short_name, cost,
                    stock_tracked, net_content FROM catalog_overlay WHERE product_id = ?1)
         WHERE id = ?1",
    )?
    .execute([id])?;
    tx.prepare_cached("DELETE FROM catalog_overlay WHERE product_id = ?1")?
        .execute([id])?;
    if old != new {
        let kind = if layout == "bulk" { "bulk" } else { "import" };
        let source = format!("{kind} #{import}");
        record_price(tx, id, Some(old), new, &source, who, None)?;
    }
    Ok(())
}
