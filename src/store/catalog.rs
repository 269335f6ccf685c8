//! The catalog: products, the codes that find them, and FTS5 prefix search on names.

use super::{Store, StoreError};
use crate::till::cart::ItemSnapshot;
use crate::till::content::NetContent;
use crate::till::quantity::Measure;
use crate::till::tax::Exemption;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, named_params, params};
use serde::Serialize;

/// A product as the catalog holds it, with the rate of its tax class in force on the day it
/// was read for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub category: String,
    /// Tax-included price per unit or per kg, minor units (`price_minor` in JSON, beside the
    /// store's `currency` and `minor_digits`).
    #[serde(rename = "price_minor")]
    pub price: i64,
    /// The code of its tax class.
    pub tax_class: String,
    /// Its class's rate in force on the day asked for.
    pub tax_rate_bp: u32,
    /// Set when its class is exempt.
    pub exemption: Option<Exemption>,
    pub measure: Measure,
    pub stock_milli: i64,
    pub favourite: bool,
    pub sku: Option<String>,
    pub short_name: Option<String>,
    #[serde(rename = "cost_minor")]
    pub cost: Option<i64>,
    pub stock_tracked: bool,
    pub active: bool,
    /// What a package holds (for the price per kg or litre).
    pub net_content: Option<NetContent>,
    /// Every code that finds it (GTIN, PLU, variable-measure key).
    pub codes: Vec<String>,
}

/// A product to add by its rate (the demo, tests, benchmarks): it joins the tax class whose
/// rate in force on the day is `tax_rate_bp`. The back office and imports add `ProductDraft`s,
/// which name their class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProduct {
    pub name: String,
    pub category: String,
    pub price: i64,
    pub tax_rate_bp: u32,
    pub measure: Measure,
    /// Opening stock: a product added with some is stock-tracked, its ledger opened with it.
    pub stock_milli: i64,
    /// What a unit (or kg) costs the shop, minor units.
    pub cost: Option<i64>,
    pub favourite: bool,
    pub codes: Vec<String>,
}

/// The columns `product_from_row` reads; `:day` is the day whose tax rates apply. A product
/// with a visible overlay row (an import published, not yet folded in) reads the overlay's
/// values.
pub(crate) const PRODUCT_COLUMNS: &str = "p.id,
    CASE WHEN o.product_id IS NULL THEN p.name ELSE o.name END,
    CASE WHEN o.product_id IS NULL THEN p.category ELSE o.category END,
    CASE WHEN o.product_id IS NULL THEN p.price ELSE o.price END,
    (SELECT r.rate_bp FROM tax_rates r WHERE r.class_id = t.id AND r.valid_from <= :day
     ORDER BY r.valid_from DESC LIMIT 1),
    CASE WHEN o.product_id IS NULL THEN p.measure ELSE o.measure END,
    p.stock_milli, p.favourite, t.code, t.exemption,
    CASE WHEN o.product_id IS NULL THEN p.sku ELSE o.sku END,
    CASE WHEN o.product_id IS NULL THEN p.short_name ELSE o.short_name END,
    CASE WHEN o.product_id IS NULL THEN p.cost ELSE o.cost END,
    CASE WHEN o.product_id IS NULL THEN p.stock_tracked ELSE o.stock_tracked END,
    CASE WHEN o.product_id IS NULL THEN p.active ELSE o.active END,
    CASE WHEN o.product_id IS NULL THEN p.net_content ELSE o.net_content END";

/// The joins every product query makes: its visible overlay row, and its class.
pub(crate) const CLASS_JOIN: &str = "LEFT JOIN catalog_overlay o ON o.product_id = p.id
        AND o.import_id <= (SELECT visible_import FROM catalog_state WHERE id = 1)
    LEFT JOIN tax_classes t
        ON t.id = CASE WHEN o.product_id IS NULL THEN p.tax_class_id ELSE o.tax_class_id END";

/// A product the till may see: not staged by an unpublished import.
pub(crate) const VISIBLE: &str = "(p.import_id IS NULL
    OR p.import_id <= (SELECT visible_import FROM catalog_state WHERE id = 1))";

/// On sale: visible and active (the overlay's word first).
pub(crate) const ON_SALE: &str = "(p.import_id IS NULL
        OR p.import_id <= (SELECT visible_import FROM catalog_state WHERE id = 1))
    AND (CASE WHEN o.product_id IS NULL THEN p.active ELSE o.active END) = 1";

/// A code the till may see.
pub(crate) const CODE_VISIBLE: &str = "(c.import_id IS NULL
    OR c.import_id <= (SELECT visible_import FROM catalog_state WHERE id = 1))";

pub(crate) fn product_from_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    let measure: String = r.get(5)?;
    let exemption: Option<String> = r.get(9)?;
    Ok(Product {
        id: r.get(0)?,
        name: r.get(1)?,
        category: r.get(2)?,
        price: r.get(3)?,
        // A class with no rate yet on that day sells at 0 % only if it is exempt; the store
        // refuses a class without a rate, so this is a day before every rate of the class.
        tax_rate_bp: r.get::<_, Option<u32>>(4)?.unwrap_or(0),
        measure: Measure::parse(&measure).unwrap_or(Measure::Unit),
        stock_milli: r.get(6)?,
        favourite: r.get(7)?,
        tax_class: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        exemption: exemption.as_deref().and_then(Exemption::parse),
        sku: r.get(10)?,
        short_name: r.get(11)?,
        cost: r.get(12)?,
        stock_tracked: r.get(13)?,
        active: r.get(14)?,
        net_content: r
            .get::<_, Option<String>>(15)?
            .and_then(|c| NetContent::parse(&c).ok()),
        codes: Vec::new(),
    })
}

/// A day as the store writes it.
pub(crate) fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl Product {
    /// Its fields as a draft (codes of up to 6 digits are its PLU).
    pub fn to_draft(&self) -> crate::till::product::ProductDraft {
        let (plu, barcodes): (Vec<String>, Vec<String>) =
            self.codes.iter().cloned().partition(|c| c.len() <= 6);
        crate::till::product::ProductDraft {
            sku: self.sku.clone(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            category: self.category.clone(),
            tax_class: self.tax_class.clone(),
            price: self.price,
            cost: self.cost,
            barcodes,
            plu: plu.into_iter().next(),
            measure: self.measure,
            net_content: self.net_content,
            stock_tracked: self.stock_tracked,
            active: self.active,
        }
    }

    /// The snapshot a cart line keeps, found through `code`.
    pub fn snapshot(&self, code: &str) -> ItemSnapshot {
        ItemSnapshot {
            product_id: self.id,
            code: code.to_string(),
            name: self.short_name.clone().unwrap_or_else(|| self.name.clone()),
            tax_rate_bp: self.tax_rate_bp,
            unit_price: self.price,
            measure: self.measure,
            exemption: self.exemption,
        }
    }
}

/// Turns what a cashier types into an FTS5 query: every word a quoted prefix.
pub fn fts_prefix_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{t}\"*"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

fn code_taken(code: &str) -> impl FnOnce(rusqlite::Error) -> StoreError + '_ {
    move |e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::CodeTaken {
                code: code.to_string(),
            }
        }
        other => other.into(),
    }
}

impl Store {
    /// Adds products in one transaction, each joining the tax class whose rate in force on
    /// `day` is its `tax_rate_bp`; returns their ids.
    pub fn add_products(
        &mut self,
        products: &[NewProduct],
        day: NaiveDate,
    ) -> Result<Vec<i64>, StoreError> {
        let store_id = self.identity.uid.clone();
        let at = format!("{day}T00:00:00Z");
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(products.len());
        {
            let mut class_of = tx.prepare_cached(
                "SELECT c.id FROM tax_classes c
                 WHERE (SELECT r.rate_bp FROM tax_rates r WHERE r.class_id = c.id
                        AND r.valid_from <= ?2 ORDER BY r.valid_from DESC LIMIT 1) = ?1
                 ORDER BY c.exemption IS NOT NULL, c.position LIMIT 1",
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO products(name, category, price, tax_class_id, measure, stock_milli,
                     favourite, net_content, stock_tracked, cost)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9)",
            )?;
            let mut insert_code =
                tx.prepare_cached("INSERT INTO product_codes(code, product_id) VALUES (?1, ?2)")?;
            let mut insert_category = tx.prepare_cached(
                "INSERT OR IGNORE INTO categories(name, position)
                 VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM categories))",
            )?;
            let day = day_text(day);
            for p in products {
                if p.price < 0 {
                    return Err(StoreError::NegativePrice {
                        product: p.name.clone(),
                    });
                }
                let class: i64 = class_of
                    .query_row(params![p.tax_rate_bp, day], |r| r.get(0))
                    .optional()?
                    .ok_or(StoreError::NoClassAtRate {
                        rate_bp: p.tax_rate_bp,
                    })?;
                if !p.category.is_empty() {
                    insert_category.execute([&p.category])?;
                }
                insert.execute(params![
                    p.name,
                    p.category,
                    p.price,
                    class,
                    p.measure.as_str(),
                    p.favourite,
                    // These products come without one: the demo's names end with it.
                    (p.measure == Measure::Unit)
                        .then(|| NetContent::from_name(&p.name))
                        .flatten()
                        .map(NetContent::to_stored),
                    p.stock_milli != 0,
                    p.cost
                ])?;
                let id = tx.last_insert_rowid();
                if p.stock_milli != 0 {
                    super::stock::record(
                        &tx,
                        &super::stock::Move {
                            product_id: id,
                            qty_milli: p.stock_milli,
                            reason: crate::till::stock::StockReason::Opening,
                            document_id: None,
                            user_id: None,
                            at: &at,
                            terminal: "",
                            unit_cost: None,
                            ref_id: None,
                            note: None,
                        },
                        &store_id,
                    )?;
                }
                for code in &p.codes {
                    insert_code
                        .execute(params![code, id])
                        .map_err(code_taken(code))?;
                }
                ids.push(id);
            }
            if products.iter().any(|p| p.favourite) {
                tx.execute_batch(
                    "INSERT OR IGNORE INTO quick_keys(slot, product_id)
                     SELECT (SELECT coalesce(max(slot), 0) FROM quick_keys)
                            + row_number() OVER (ORDER BY category, name), id
                     FROM products WHERE favourite = 1 AND active = 1
                       AND id NOT IN (SELECT product_id FROM quick_keys)",
                )?;
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// The active product a normalised code belongs to, at the rates of `day`.
    pub fn product_by_code(
        &self,
        code: &str,
        day: NaiveDate,
    ) -> Result<Option<Product>, StoreError> {
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM product_codes c JOIN products p ON p.id = c.product_id
             {CLASS_JOIN} WHERE c.code = :code AND {CODE_VISIBLE} AND {ON_SALE}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt
            .query_row(
                named_params! {":code": code, ":day": day_text(day)},
                product_from_row,
            )
            .optional()?)
    }

    /// A product by id (active or not), at the rates of `day`.
    pub fn product(&self, id: i64, day: NaiveDate) -> Result<Option<Product>, StoreError> {
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p {CLASS_JOIN} WHERE p.id = :id AND {VISIBLE}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt
            .query_row(
                named_params! {":id": id, ":day": day_text(day)},
                product_from_row,
            )
            .optional()?)
    }

    /// Search as you type: every word is a prefix (accents ignored); a number also matches codes.
    pub fn search_products(
        &self,
        text: &str,
        limit: usize,
        day: NaiveDate,
    ) -> Result<Vec<Product>, StoreError> {
        let mut found = Vec::new();
        let trimmed = text.trim();
        let day = day_text(day);
        if !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit()) {
            let sql = format!(
                "SELECT {PRODUCT_COLUMNS} FROM product_codes c JOIN products p ON p.id = c.product_id
                 {CLASS_JOIN} WHERE c.code >= :low AND c.code < :high AND {CODE_VISIBLE}
                 AND {ON_SALE} LIMIT :limit"
            );
            let upper = format!("{trimmed}\u{7f}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            found = stmt
                .query_map(
                    named_params! {":low": trimmed, ":high": upper, ":limit": limit as i64, ":day": day},
                    product_from_row,
                )?
                .collect::<Result<Vec<_>, _>>()?;
        }
        let Some(query) = fts_prefix_query(trimmed) else {
            return Ok(found);
        };
        if found.len() < limit {
            let sql = format!(
                "SELECT {PRODUCT_COLUMNS} FROM products_fts f JOIN products p ON p.id = f.rowid
                 {CLASS_JOIN} WHERE products_fts MATCH :query AND {ON_SALE} LIMIT :limit"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let more = stmt
                .query_map(
                    named_params! {":query": query, ":limit": (limit - found.len()) as i64, ":day": day},
                    product_from_row,
                )?
                .collect::<Result<Vec<_>, _>>()?;
            found.extend(more);
        }
        Ok(found)
    }

    /// The whole catalog with codes, by id (for `caja catalog list`); inactive products too
    /// when `inactive`.
    pub fn list_products(
        &self,
        day: NaiveDate,
        inactive: bool,
    ) -> Result<Vec<Product>, StoreError> {
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p {CLASS_JOIN}
             WHERE {VISIBLE} AND ((CASE WHEN o.product_id IS NULL THEN p.active ELSE o.active END) = 1
                   OR :inactive)
             ORDER BY p.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut products: Vec<Product> = stmt
            .query_map(
                named_params! {":day": day_text(day), ":inactive": inactive},
                product_from_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let mut codes = self.conn.prepare(&format!(
            "SELECT c.product_id, c.code FROM product_codes c WHERE {CODE_VISIBLE}
                 ORDER BY c.product_id, c.code"
        ))?;
        let mut rows = codes.query([])?;
        let index: std::collections::HashMap<i64, usize> = products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i))
            .collect();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if let Some(&i) = index.get(&id) {
                products[i].codes.push(r.get(1)?);
            }
        }
        Ok(products)
    }

    /// The till's quick keys, in the manager's order.
    pub fn favourites(&self, limit: usize, day: NaiveDate) -> Result<Vec<Product>, StoreError> {
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM quick_keys q JOIN products p ON p.id = q.product_id
             {CLASS_JOIN} WHERE {ON_SALE} ORDER BY q.slot LIMIT :limit"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt
            .query_map(
                named_params! {":limit": limit as i64, ":day": day_text(day)},
                product_from_row,
            )?
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// The first code of a product (what a cart line found through search keeps).
    pub fn first_code(&self, product_id: i64) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code FROM product_codes WHERE product_id = ?1
             AND (import_id IS NULL
                  OR import_id <= (SELECT visible_import FROM catalog_state WHERE id = 1))
             ORDER BY length(code) DESC, code LIMIT 1",
        )?;
        Ok(stmt.query_row([product_id], |r| r.get(0)).optional()?)
    }

    pub fn product_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM products", [], |r| r.get(0))?)
    }
}
