//! The catalog: products, the codes that find them, and FTS5 prefix search on names.

use super::{Store, StoreError};
use crate::till::cart::ItemSnapshot;
use crate::till::quantity::Measure;
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

/// A product as the catalog holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub category: String,
    /// Tax-included price per unit or per kg, minor units (`price_minor` in JSON, beside the
    /// store's `currency` and `minor_digits`).
    #[serde(rename = "price_minor")]
    pub price: i64,
    pub tax_rate_bp: u32,
    pub measure: Measure,
    pub stock_milli: i64,
    pub favourite: bool,
    /// Every code that finds it (GTIN, PLU, variable-measure key).
    pub codes: Vec<String>,
}

/// A product to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProduct {
    pub name: String,
    pub category: String,
    pub price: i64,
    pub tax_rate_bp: u32,
    pub measure: Measure,
    pub stock_milli: i64,
    pub favourite: bool,
    pub codes: Vec<String>,
}

const PRODUCT_COLUMNS: &str =
    "p.id, p.name, p.category, p.price, p.tax_rate_bp, p.measure, p.stock_milli, p.favourite";

fn product_from_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    let measure: String = r.get(5)?;
    Ok(Product {
        id: r.get(0)?,
        name: r.get(1)?,
        category: r.get(2)?,
        price: r.get(3)?,
        tax_rate_bp: r.get(4)?,
        measure: Measure::parse(&measure).unwrap_or(Measure::Unit),
        stock_milli: r.get(6)?,
        favourite: r.get(7)?,
        codes: Vec::new(),
    })
}

impl Product {
    /// The snapshot a cart line keeps, found through `code`.
    pub fn snapshot(&self, code: &str) -> ItemSnapshot {
        ItemSnapshot {
            product_id: self.id,
            code: code.to_string(),
            name: self.name.clone(),
            tax_rate_bp: self.tax_rate_bp,
            unit_price: self.price,
            measure: self.measure,
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

impl Store {
    /// Adds products in one transaction; returns their ids.
    pub fn add_products(&mut self, products: &[NewProduct]) -> Result<Vec<i64>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(products.len());
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO products(name, category, price, tax_rate_bp, measure, stock_milli, favourite)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut insert_code =
                tx.prepare_cached("INSERT INTO product_codes(code, product_id) VALUES (?1, ?2)")?;
            for p in products {
                if p.price < 0 {
                    return Err(StoreError::NegativePrice {
                        product: p.name.clone(),
                    });
                }
                insert.execute(params![
                    p.name,
                    p.category,
                    p.price,
                    p.tax_rate_bp,
                    p.measure.as_str(),
                    p.stock_milli,
                    p.favourite
                ])?;
                let id = tx.last_insert_rowid();
                for code in &p.codes {
                    insert_code
                        .execute(params![code, id])
                        .map_err(|e| match e {
                            rusqlite::Error::SqliteFailure(f, _)
                                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                            {
                                StoreError::CodeTaken { code: code.clone() }
                            }
                            other => other.into(),
                        })?;
                }
                ids.push(id);
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// The product a normalised code belongs to.
    pub fn product_by_code(&self, code: &str) -> Result<Option<Product>, StoreError> {
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM product_codes c JOIN products p ON p.id = c.product_id
             WHERE c.code = ?1 AND p.active = 1"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row([code], product_from_row).optional()?)
    }

    pub fn product(&self, id: i64) -> Result<Option<Product>, StoreError> {
        let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row([id], product_from_row).optional()?)
    }

    /// Search as you type: every word is a prefix (accents ignored); a number also matches codes.
    pub fn search_products(&self, text: &str, limit: usize) -> Result<Vec<Product>, StoreError> {
        let mut found = Vec::new();
        let trimmed = text.trim();
        if !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit()) {
            let sql = format!(
                "SELECT {PRODUCT_COLUMNS} FROM product_codes c JOIN products p ON p.id = c.product_id
                 WHERE c.code >= ?1 AND c.code < ?2 AND p.active = 1 LIMIT ?3"
            );
            let upper = format!("{trimmed}\u{7f}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            found = stmt
                .query_map(params![trimmed, upper, limit as i64], product_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
        }
        let Some(query) = fts_prefix_query(trimmed) else {
            return Ok(found);
        };
        if found.len() < limit {
            let sql = format!(
                "SELECT {PRODUCT_COLUMNS} FROM products_fts f JOIN products p ON p.id = f.rowid
                 WHERE products_fts MATCH ?1 AND p.active = 1 LIMIT ?2"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let more = stmt
                .query_map(
                    params![query, (limit - found.len()) as i64],
                    product_from_row,
                )?
                .collect::<Result<Vec<_>, _>>()?;
            found.extend(more);
        }
        Ok(found)
    }

    /// The whole catalog with codes, by id (for `caja catalog list`).
    pub fn list_products(&self) -> Result<Vec<Product>, StoreError> {
        let sql =
            format!("SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.active = 1 ORDER BY p.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut products: Vec<Product> = stmt
            .query_map([], product_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let mut codes = self
            .conn
            .prepare("SELECT product_id, code FROM product_codes ORDER BY product_id, code")?;
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

    /// Favourite products for the quick keys, by category and name.
    pub fn favourites(&self, limit: usize) -> Result<Vec<Product>, StoreError> {
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p INDEXED BY products_favourite
             WHERE p.favourite = 1 AND p.active = 1 ORDER BY p.category, p.name LIMIT ?1"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt
            .query_map([limit as i64], product_from_row)?
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// The first code of a product (what a cart line found through search keeps).
    pub fn first_code(&self, product_id: i64) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code FROM product_codes WHERE product_id = ?1 ORDER BY length(code) DESC, code LIMIT 1",
        )?;
        Ok(stmt.query_row([product_id], |r| r.get(0)).optional()?)
    }

    pub fn product_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM products", [], |r| r.get(0))?)
    }
}
