//! Catalog imports, all or nothing, while the till keeps selling.
//!
//! 1. `plan_import` (reads only, no lock): each row is matched to a product by barcode or SKU
//!    and sorted into new / changed / unchanged; what only the catalog knows is checked (a
//!    barcode or SKU that belongs to another product, a row matching two products, an unknown
//!    class). Any problem: nothing is written.
//! 2. `stage_import`: new products, new codes and the changed products' new values (in
//!    `catalog_overlay`) are written in steps of a few milliseconds each, invisible to the
//!    till (their import is above `catalog_state.visible_import`); sales commit between steps.
//! 3. `publish_import`: one small commit raises `visible_import` (and audits the import) — the
//!    till sees the whole new catalog at once.
//! 4. `merge_imports`: the overlay is folded into `products` in steps, each change's price
//!    entering the price history in the step that folds it. Reads give the same answer before
//!    and after each step.
//!
//! A kill before step 3 leaves the old catalog (`recover_imports` removes the staged rows at
//! the next start); a kill after it leaves the new one (the merge resumes).

pub(crate) use super::import_steps::fold;
use super::import_steps::{
    SEARCH_MERGE_BY_HAND, abandon, in_steps, insert_new, stage_change, stage_sql,
};
use super::taxes::Author;
use super::{Store, StoreError};
use crate::till::product::{FieldSet, ProductDraft, ProductField};
use rusqlite::{Transaction, TransactionBehavior, params};
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

/// How long one write step of an import may hold the write lock (a sale waits at most this).
pub const STEP: Duration = Duration::from_millis(20);
/// The pause after each step, in which a waiting sale (polling every millisecond) takes the
/// lock; the WAL is checkpointed here too, outside any write, so no step pays for it.
pub const GAP: Duration = Duration::from_millis(1);

/// What the catalog says about one imported row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CatalogClash {
    #[error("the barcode {code} belongs to «{owner}» in the catalog")]
    BarcodeOwned { code: String, owner: String },
    #[error("the SKU {sku} belongs to «{owner}» in the catalog")]
    SkuOwned { sku: String, owner: String },
    #[error("its barcode and SKU match two different products («{a}» and «{b}»)")]
    TwoProducts { a: String, b: String },
    #[error("there is no tax class «{code}»")]
    UnknownClass { code: String },
}

/// A row's clash with the catalog: its spreadsheet row and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClashAt {
    pub row: usize,
    pub clash: CatalogClash,
}

/// What an import would do (and, planned, the work to do it).
#[derive(Debug, Default)]
pub struct ImportPlan {
    pub new: Vec<(usize, ProductDraft)>,
    /// Product id, its current price, and its new fields.
    pub changed: Vec<(i64, i64, ProductDraft)>,
    pub unchanged: usize,
    pub clashes: Vec<ClashAt>,
    /// The fields the import sets (the others of a changed product are kept).
    pub fields: FieldSet,
}

/// An import staged and published: its id and its counts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportDone {
    pub id: i64,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// The longest write step, in ms (what a sale may have waited behind).
    pub longest_step_ms: f64,
    /// The longest step of each kind, in ms.
    pub steps: StepTimes,
}

/// The longest write transaction of each kind an import makes, in ms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct StepTimes {
    /// Writing staged rows.
    pub write: f64,
    /// Merging the search index's segments between writes.
    pub search_merge: f64,
    /// The commit that shows the import.
    pub publish: f64,
    /// Folding changed products into the catalog after it.
    pub fold: f64,
    /// Not a step: the time the import waited, in all, for sales being paid (`lock::SaleWatch`).
    pub gave_way: f64,
}

impl StepTimes {
    pub fn longest(&self) -> f64 {
        self.write
            .max(self.search_merge)
            .max(self.publish)
            .max(self.fold)
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// What a product is, for "has it changed": every field the file carries but its codes (codes
/// only ever get added by an import; an existing one is never taken away).
fn fingerprint(d: &ProductDraft, fields: FieldSet) -> u64 {
    use ProductField::*;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let on = |f| fields.has(f);
    (on(Sku).then_some(&d.sku), on(Name).then_some(&d.name)).hash(&mut h);
    (
        on(ShortName).then_some(&d.short_name),
        on(Category).then_some(&d.category),
    )
        .hash(&mut h);
    (
        on(TaxClass).then_some(&d.tax_class),
        on(Price).then_some(d.price),
    )
        .hash(&mut h);
    (on(Cost).then_some(d.cost), on(Measure).then_some(d.measure)).hash(&mut h);
    (
        on(NetContent).then_some(d.net_content),
        on(StockTracked).then_some(d.stock_tracked),
    )
        .hash(&mut h);
    on(Active).then_some(d.active).hash(&mut h);
    h.finish()
}

/// The catalog in memory, for matching: code → product, SKU → product, product → (name,
/// fingerprint, price).
struct Index {
    codes: HashMap<String, i64>,
    skus: HashMap<String, i64>,
    products: HashMap<i64, (String, u64, i64)>,
}

impl Store {
    fn catalog_index(&self, fields: FieldSet) -> Result<Index, StoreError> {
        let sql = format!(
            "SELECT {} FROM products p {} WHERE {}",
            super::catalog::PRODUCT_COLUMNS,
            super::catalog::CLASS_JOIN,
            super::catalog::VISIBLE
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::named_params! {":day": "9999-12-31"})?;
        let mut idx = Index {
            codes: HashMap::new(),
            skus: HashMap::new(),
            products: HashMap::new(),
        };
        while let Some(r) = rows.next()? {
            let p = super::catalog::product_from_row(r)?;
            let draft = ProductDraft {
                sku: p.sku.clone(),
                name: p.name.clone(),
                short_name: p.short_name,
                category: p.category,
                tax_class: p.tax_class,
                price: p.price,
                cost: p.cost,
                barcodes: Vec::new(),
                plu: None,
                measure: p.measure,
                net_content: p.net_content,
                stock_tracked: p.stock_tracked,
                active: p.active,
            };
            if let Some(sku) = p.sku {
                idx.skus.insert(sku, p.id);
            }
            idx.products
                .insert(p.id, (p.name, fingerprint(&draft, fields), p.price));
        }
        let mut codes = self.conn.prepare(&format!(
            "SELECT c.code, c.product_id FROM product_codes c WHERE {}",
            super::catalog::CODE_VISIBLE
        ))?;
        let mut rows = codes.query([])?;
        while let Some(r) = rows.next()? {
            idx.codes.insert(r.get(0)?, r.get(1)?);
        }
        Ok(idx)
    }

    /// Sorts `items` (spreadsheet row, product) into new, changed and unchanged against the
    /// catalog, and lists every clash with it. Reads only.
    pub fn plan_import(
        &self,
        items: Vec<(usize, ProductDraft)>,
        fields: FieldSet,
    ) -> Result<ImportPlan, StoreError> {
        let idx = self.catalog_index(fields)?;
        let classes: std::collections::HashSet<String> =
            self.tax_classes()?.into_iter().map(|c| c.code).collect();
        let mut plan = ImportPlan {
            fields,
            ..ImportPlan::default()
        };
        let name_of = |id: i64| {
            idx.products
                .get(&id)
                .map(|p| p.0.clone())
                .unwrap_or_default()
        };
        for (row, draft) in items {
            let d = draft.tidy();
            if !classes.contains(&d.tax_class) {
                plan.clashes.push(ClashAt {
                    row,
                    clash: CatalogClash::UnknownClass {
                        code: d.tax_class.clone(),
                    },
                });
                continue;
            }
            let by_code = d
                .barcodes
                .iter()
                .chain(d.plu.iter())
                .find_map(|c| idx.codes.get(c).copied());
            let by_sku = d.sku.as_ref().and_then(|s| idx.skus.get(s).copied());
            let matched = match (by_code, by_sku) {
                (Some(a), Some(b)) if a != b => {
                    plan.clashes.push(ClashAt {
                        row,
                        clash: CatalogClash::TwoProducts {
                            a: name_of(a),
                            b: name_of(b),
                        },
                    });
                    continue;
                }
                (Some(a), _) | (None, Some(a)) => Some(a),
                (None, None) => None,
            };
            let me = matched.unwrap_or(0);
            let mut clash = None;
            for code in d.barcodes.iter().chain(d.plu.iter()) {
                if let Some(&owner) = idx.codes.get(code)
                    && owner != me
                {
                    clash = Some(CatalogClash::BarcodeOwned {
                        code: code.clone(),
                        owner: name_of(owner),
                    });
                }
            }
            if let Some(clash) = clash {
                plan.clashes.push(ClashAt { row, clash });
                continue;
            }
            match matched {
                None => plan.new.push((row, d)),
                Some(id) => {
                    let (_, print, price) = idx.products.get(&id).cloned().unwrap_or_default();
                    let new_codes = d
                        .barcodes
                        .iter()
                        .chain(d.plu.iter())
                        .any(|c| !idx.codes.contains_key(c));
                    if fingerprint(&d, fields) == print && !new_codes {
                        plan.unchanged += 1;
                    } else {
                        plan.changed.push((id, price, d));
                    }
                }
            }
        }
        Ok(plan)
    }
}

impl Store {
    /// Writes a planned import, invisible to the till, in short steps; then publishes it in
    /// one small commit (audited). `progress(done, total)` follows the rows written.
    pub fn stage_import(
        &self,
        plan: &ImportPlan,
        file: &str,
        layout: &str,
        who: &Author<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportDone, StoreError> {
        let classes: HashMap<String, i64> = self
            .tax_classes()?
            .into_iter()
            .filter_map(|c| {
                self.tax_class_id(&c.code)
                    .ok()
                    .flatten()
                    .map(|id| (c.code, id))
            })
            .collect();
        let first: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) + 1 FROM products", [], |r| {
                    r.get(0)
                })?;
        self.conn.execute(
            "INSERT INTO imports(started_at, file, layout, state, user_id, first_product_id)
             VALUES (?1, ?2, ?3, 'staging', ?4, ?5)",
            params![who.at, file, layout, who.user_id, first],
        )?;
        let import = self.conn.last_insert_rowid();
        // Checkpoints and search-index merges happen between steps (`in_steps`), never
        // inside one.
        self.checkpoint_in_background()?;
        self.conn.execute_batch(SEARCH_MERGE_BY_HAND)?;

        let total = plan.new.len() + plan.changed.len();
        let class = |code: &str| classes.get(code).copied().unwrap_or(0);
        let mut steps = StepTimes::default();
        in_steps(
            self,
            &plan.new,
            &mut steps,
            &mut |n| progress(n, total),
            |tx, (_, d)| insert_new(tx, d, class(&d.tax_class), import),
        )?;
        let base = plan.new.len();
        let stage = stage_sql(plan.fields);
        in_steps(
            self,
            &plan.changed,
            &mut steps,
            &mut |n| progress(base + n, total),
            |tx, (id, _, d)| {
                let class = class(&d.tax_class);
                stage_change(tx, &stage, *id, d, class, import, plan.fields)
            },
        )?;
        steps.publish = ms(self.publish_import(import, plan, file, layout, who)?);
        Ok(ImportDone {
            id: import,
            new: plan.new.len(),
            changed: plan.changed.len(),
            unchanged: plan.unchanged,
            longest_step_ms: steps.longest(),
            steps,
        })
    }

    /// The one small commit that shows a staged import to the till (audited); how long it
    /// held the write lock.
    fn publish_import(
        &self,
        import: i64,
        plan: &ImportPlan,
        file: &str,
        layout: &str,
        who: &Author<'_>,
    ) -> Result<Duration, StoreError> {
        self.give_way_to_sales();
        let started = Instant::now();
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE imports SET state = 'visible', new_count = ?2, changed = ?3, unchanged = ?4,
                 finished_at = ?5 WHERE id = ?1",
            params![
                import,
                plan.new.len() as i64,
                plan.changed.len() as i64,
                plan.unchanged as i64,
                who.at
            ],
        )?;
        tx.execute(
            "UPDATE catalog_state SET visible_import = ?1 WHERE id = 1",
            [import],
        )?;
        who.audit(
            &tx,
            if layout == "bulk" {
                "bulk_price_change"
            } else {
                "catalog_import"
            },
            serde_json::json!({"import": import, "file": file, "layout": layout,
                "new": plan.new.len(), "changed": plan.changed.len(),
                "unchanged": plan.unchanged}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(started.elapsed())
    }

    /// Folds published overlay rows into `products`, a step at a time; the price history gets
    /// each new price in the step that folds it. Returns the longest step.
    pub fn merge_imports(&self, who: &Author<'_>) -> Result<Duration, StoreError> {
        let mut longest = Duration::ZERO;
        loop {
            self.give_way_to_sales();
            let started = Instant::now();
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            let ids: Vec<i64> = tx
                .prepare_cached(
                    "SELECT product_id FROM catalog_overlay
                     WHERE import_id <= (SELECT visible_import FROM catalog_state WHERE id = 1)
                     LIMIT 2000",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for (n, id) in ids.iter().enumerate() {
                fold(&tx, *id, who)?;
                if n % 64 == 63 && started.elapsed() >= STEP {
                    break;
                }
            }
            if ids.is_empty() {
                tx.execute(
                    "UPDATE imports SET state = 'merged' WHERE state = 'visible'",
                    [],
                )?;
            }
            tx.commit()?;
            longest = longest.max(started.elapsed());
            if ids.is_empty() {
                return Ok(longest);
            }
            self.checkpoint()?;
            std::thread::sleep(GAP);
        }
    }

    /// At start-up: an import killed before it was published is removed (the old catalog
    /// stays whole); one published but not folded in is folded in. Returns the imports
    /// abandoned.
    pub fn recover_imports(&self, who: &Author<'_>) -> Result<Vec<i64>, StoreError> {
        if !self.imports_pending()? {
            return Ok(Vec::new());
        }
        // An import running in another process holds this: its rows are not abandoned.
        let Ok(_lock) = super::lock::importer(self.dir()) else {
            return Ok(Vec::new());
        };
        let staging: Vec<(i64, i64)> = self
            .conn
            .prepare(
                "SELECT id, coalesce(first_product_id, 0) FROM imports WHERE state = 'staging'",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (id, first) in &staging {
            abandon(self, *id, *first)?;
        }
        self.finish_search_merges()?;
        self.merge_imports(who)?;
        Ok(staging.into_iter().map(|(id, _)| id).collect())
    }

    /// Whether an import is published but not folded in yet.
    pub fn imports_pending(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM imports WHERE state IN ('staging', 'visible'))",
            [],
            |r| r.get(0),
        )?)
    }
}
