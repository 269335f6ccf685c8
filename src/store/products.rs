//! Writing the catalog the way a shop does: a product from a `ProductDraft` (the back office's
//! form, `caja catalog add|set`), checked field by field, its class, SKU and codes resolved,
//! every price change kept in the price history and the change audited. A product ever sold
//! is deactivated, never deleted: its tickets name it.

use super::catalog::{CLASS_JOIN, PRODUCT_COLUMNS, Product, day_text, product_from_row};
use super::taxes::Author;
use super::{Store, StoreError};
use crate::till::content::NetContent;
use crate::till::product::{ProductDraft, ProductProblem};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, named_params, params};
use serde::Serialize;

/// One price change of a product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriceChange {
    pub at: String,
    pub user: Option<String>,
    pub old_price: Option<i64>,
    pub new_price: i64,
    /// `add`, `edit`, `bulk`, `import`.
    pub source: String,
}

/// A category with its colour (`#rrggbb`) and place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub colour: String,
    pub products: i64,
}

fn constraint(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

/// The name of the product a code belongs to, other than `except`.
fn code_owner(tx: &Transaction<'_>, code: &str, except: i64) -> Result<Option<String>, StoreError> {
    Ok(tx
        .query_row(
            "SELECT p.name FROM product_codes c JOIN products p ON p.id = c.product_id
             WHERE c.code = ?1 AND p.id <> ?2",
            params![code, except],
            |r| r.get(0),
        )
        .optional()?)
}

/// Checks what only the catalog knows: the class exists, the SKU and every code are free.
/// Returns the class's id.
fn check_against_catalog(
    tx: &Transaction<'_>,
    d: &ProductDraft,
    except: i64,
) -> Result<i64, StoreError> {
    let problems = d.problems();
    if !problems.is_empty() {
        return Err(StoreError::Product(problems));
    }
    let class: i64 = tx
        .query_row(
            "SELECT id FROM tax_classes WHERE code = ?1",
            [&d.tax_class],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NoSuchTaxClass {
            code: d.tax_class.clone(),
        })?;
    if let Some(sku) = &d.sku {
        let owner: Option<String> = tx
            .query_row(
                "SELECT name FROM products WHERE sku = ?1 AND id <> ?2",
                params![sku, except],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(owner) = owner {
            return Err(StoreError::SkuTaken {
                sku: sku.clone(),
                owner,
            });
        }
    }
    for code in d.barcodes.iter().chain(d.plu.iter()) {
        if let Some(owner) = code_owner(tx, code, except)? {
            return Err(StoreError::CodeOwned {
                code: code.clone(),
                owner,
            });
        }
    }
    Ok(class)
}

/// Makes sure a category of that name exists (case-insensitive), keeping the existing spelling.
fn category_name(tx: &Transaction<'_>, name: &str) -> Result<String, StoreError> {
    if name.is_empty() {
        return Ok(String::new());
    }
    tx.execute(
        "INSERT OR IGNORE INTO categories(name, position)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM categories))",
        [name],
    )?;
    Ok(
        tx.query_row("SELECT name FROM categories WHERE name = ?1", [name], |r| {
            r.get(0)
        })?,
    )
}

fn write_codes(tx: &Transaction<'_>, id: i64, d: &ProductDraft) -> Result<(), StoreError> {
    tx.execute("DELETE FROM product_codes WHERE product_id = ?1", [id])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO product_codes(code, product_id) VALUES (?1, ?2)")?;
    for code in d.barcodes.iter().chain(d.plu.iter()) {
        insert.execute(params![code, id]).map_err(|e| {
            if constraint(&e) {
                StoreError::CodeOwned {
                    code: code.clone(),
                    owner: d.name.clone(),
                }
            } else {
                e.into()
            }
        })?;
    }
    Ok(())
}

pub(crate) fn record_price(
    tx: &Transaction<'_>,
    id: i64,
    old: Option<i64>,
    new: i64,
    source: &str,
    who: &Author<'_>,
    audit_id: Option<i64>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO price_history(product_id, at, user_id, old_price, new_price, source, audit_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![id, who.at, who.user_id, old, new, source, audit_id])?;
    Ok(())
}

impl Store {
    /// Adds a product (audited, its first price in the history); returns its id.
    pub fn create_product(
        &self,
        draft: &ProductDraft,
        who: &Author<'_>,
    ) -> Result<i64, StoreError> {
        let d = draft.clone().tidy();
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let class = check_against_catalog(&tx, &d, 0)?;
        let category = category_name(&tx, &d.category)?;
        tx.execute(
            "INSERT INTO products(name, category, price, tax_class_id, measure, stock_milli,
                 favourite, active, sku, short_name, cost, stock_tracked, net_content)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                d.name,
                category,
                d.price,
                class,
                d.measure.as_str(),
                d.active,
                d.sku,
                d.short_name,
                d.cost,
                d.stock_tracked,
                d.net_content.map(NetContent::to_stored)
            ],
        )?;
        let id = tx.last_insert_rowid();
        write_codes(&tx, id, &d)?;
        let audit = who.audit(
            &tx,
            "product_add",
            serde_json::json!({"product": id, "name": d.name, "price": d.price,
                "tax_class": d.tax_class, "codes": d.barcodes}),
            &self.identity.uid,
        )?;
        record_price(&tx, id, None, d.price, "add", who, Some(audit))?;
        tx.commit()?;
        Ok(id)
    }

    /// Replaces a product's fields by `draft` (audited with what changed; a new price goes to
    /// the price history with the old one).
    pub fn update_product(
        &self,
        id: i64,
        draft: &ProductDraft,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        let d = draft.clone().tidy();
        let before = self
            .product_draft(id)?
            .ok_or(StoreError::NoSuchProduct { id })?;
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        // A published import's values not folded in yet would hide this edit: fold them first.
        super::import::fold(&tx, id, who)?;
        let class = check_against_catalog(&tx, &d, id)?;
        let category = category_name(&tx, &d.category)?;
        tx.execute(
            "UPDATE products SET name = ?2, category = ?3, price = ?4, tax_class_id = ?5,
                 measure = ?6, active = ?7, sku = ?8, short_name = ?9, cost = ?10,
                 stock_tracked = ?11, net_content = ?12
             WHERE id = ?1",
            params![
                id,
                d.name,
                category,
                d.price,
                class,
                d.measure.as_str(),
                d.active,
                d.sku,
                d.short_name,
                d.cost,
                d.stock_tracked,
                d.net_content.map(NetContent::to_stored)
            ],
        )?;
        if before.barcodes != d.barcodes || before.plu != d.plu {
            write_codes(&tx, id, &d)?;
        }
        let changed = changes(&before, &d);
        let audit = who.audit(
            &tx,
            "product_edit",
            serde_json::json!({"product": id, "name": d.name, "changed": changed}),
            &self.identity.uid,
        )?;
        if before.price != d.price {
            record_price(
                &tx,
                id,
                Some(before.price),
                d.price,
                "edit",
                who,
                Some(audit),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Deactivates (or reactivates) a product: it leaves the till's search and scans, and
    /// stays in every ticket and report. Audited.
    pub fn set_product_active(
        &self,
        id: i64,
        active: bool,
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        super::import::fold(&tx, id, who)?;
        let n = tx.execute(
            "UPDATE products SET active = ?2 WHERE id = ?1",
            params![id, active],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchProduct { id });
        }
        if !active {
            tx.execute("DELETE FROM quick_keys WHERE product_id = ?1", [id])?;
        }
        who.audit(
            &tx,
            if active {
                "product_activate"
            } else {
                "product_deactivate"
            },
            serde_json::json!({"product": id}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A product's fields as a draft (what a form edits).
    pub fn product_draft(&self, id: i64) -> Result<Option<ProductDraft>, StoreError> {
        let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products p {CLASS_JOIN} WHERE p.id = :id");
        let product: Option<Product> = self
            .conn
            .prepare_cached(&sql)?
            .query_row(
                named_params! {":id": id, ":day": day_text(NaiveDate::MIN)},
                product_from_row,
            )
            .optional()?;
        let Some(p) = product else { return Ok(None) };
        let codes: Vec<String> = self
            .conn
            .prepare_cached("SELECT code FROM product_codes WHERE product_id = ?1 ORDER BY code")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let (plu, barcodes): (Vec<String>, Vec<String>) =
            codes.into_iter().partition(|c| c.len() <= 6);
        Ok(Some(ProductDraft {
            sku: p.sku,
            name: p.name,
            short_name: p.short_name,
            category: p.category,
            tax_class: p.tax_class,
            price: p.price,
            cost: p.cost,
            barcodes,
            plu: plu.into_iter().next(),
            measure: p.measure,
            net_content: p.net_content,
            stock_tracked: p.stock_tracked,
            active: p.active,
        }))
    }

    /// The product a reference names: `#ID`, a barcode or PLU, or a SKU.
    pub fn find_product(&self, reference: &str) -> Result<Option<i64>, StoreError> {
        let r = reference.trim();
        if let Some(id) = r.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            return Ok(self
                .conn
                .query_row("SELECT id FROM products WHERE id = ?1", [id], |r| r.get(0))
                .optional()?);
        }
        let by_code: Option<i64> = self
            .conn
            .prepare_cached("SELECT product_id FROM product_codes WHERE code = ?1")?
            .query_row([r], |r| r.get(0))
            .optional()?;
        let by_code = match by_code {
            Some(id) => Some(id),
            None => match crate::till::barcode::normalize_gtin(r) {
                Ok(code) if code != r => self
                    .conn
                    .prepare_cached("SELECT product_id FROM product_codes WHERE code = ?1")?
                    .query_row([code], |r| r.get(0))
                    .optional()?,
                _ => None,
            },
        };
        if by_code.is_some() {
            return Ok(by_code);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM products WHERE sku = ?1")?
            .query_row([r], |r| r.get(0))
            .optional()?)
    }

    /// A product's codes (all of them: barcodes, PLU, scale keys).
    pub fn list_codes(&self, id: i64) -> Result<Vec<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT code FROM product_codes WHERE product_id = ?1 ORDER BY code")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// A product's price changes, newest first.
    pub fn price_history(&self, id: i64) -> Result<Vec<PriceChange>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.at, u.name, h.old_price, h.new_price, h.source FROM price_history h
             LEFT JOIN users u ON u.id = h.user_id WHERE h.product_id = ?1 ORDER BY h.id DESC",
        )?;
        Ok(stmt
            .query_map([id], |r| {
                Ok(PriceChange {
                    at: r.get(0)?,
                    user: r.get(1)?,
                    old_price: r.get(2)?,
                    new_price: r.get(3)?,
                    source: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    /// The categories with their colours and how many products each has.
    pub fn categories(&self) -> Result<Vec<Category>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, c.colour,
                    (SELECT count(*) FROM products p WHERE p.category = c.name)
             FROM categories c ORDER BY c.position, c.name",
        )?;
        Ok(stmt
            .query_map([], |r| {
                Ok(Category {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    colour: r.get(2)?,
                    products: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    /// The categories' names and colours (`#rrggbb`), in their order; no product counts (a
    /// cheap read, for every frame's quick keys).
    pub fn category_colours(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, colour FROM categories ORDER BY position, name")?;
        Ok(stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?)
    }

    /// A category's colour, `#rrggbb` (audited).
    pub fn set_category_colour(
        &self,
        name: &str,
        colour: [u8; 3],
        who: &Author<'_>,
    ) -> Result<(), StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let text = format!("#{:02x}{:02x}{:02x}", colour[0], colour[1], colour[2]);
        let old: Option<String> = tx
            .query_row(
                "SELECT colour FROM categories WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        let Some(old) = old else {
            return Err(StoreError::NoSuchCategory { name: name.into() });
        };
        tx.execute(
            "UPDATE categories SET colour = ?2 WHERE name = ?1",
            params![name, text],
        )?;
        who.audit(
            &tx,
            "category_colour",
            serde_json::json!({"category": name, "colour": [old, text]}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The quick keys' products, in slot order, replaced by `products` (audited).
    pub fn set_quick_keys(&self, products: &[i64], who: &Author<'_>) -> Result<(), StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM quick_keys", [])?;
        {
            let mut insert =
                tx.prepare_cached("INSERT INTO quick_keys(slot, product_id) VALUES (?1, ?2)")?;
            for (slot, id) in products.iter().enumerate() {
                insert.execute(params![slot as i64 + 1, id])?;
            }
        }
        who.audit(
            &tx,
            "quick_keys",
            serde_json::json!({"products": products}),
            &self.identity.uid,
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The fields that differ, as `{"field": [old, new]}` (for the audit row).
fn changes(a: &ProductDraft, b: &ProductDraft) -> serde_json::Value {
    let (Ok(serde_json::Value::Object(x)), Ok(serde_json::Value::Object(y))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return serde_json::Value::Null;
    };
    let mut out = serde_json::Map::new();
    for (k, old) in &x {
        let new = y.get(k).cloned().unwrap_or(serde_json::Value::Null);
        if *old != new {
            out.insert(k.clone(), serde_json::json!([old, new]));
        }
    }
    serde_json::Value::Object(out)
}

/// Every problem of a draft as one line (for the command line and logs).
pub fn problems_text(problems: &[ProductProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {p}", p.field().as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}
