//! One window of the catalog for the back office's product table: the rows from `offset` to
//! `offset + limit` of the products matching a filter (every word a prefix of the name, or a
//! number a prefix of a code), inactive ones included, in the order asked for — so a table of a
//! million products reads a few dozen rows per scroll, never the whole catalog.
//!
//! A filter is first measured cheaply: its name matches and its code matches are each counted
//! lazily up to `COUNT_CAP + 1`. A narrow filter (at most that many of each) gathers its matches
//! and orders them, which costs little; a broad one ("l", the first letters typed) is counted
//! as "more than `COUNT_CAP`" and, in the order as added, read straight from the search index in
//! rowid order, stopping at the window — never gathering hundreds of thousands of matches. A
//! broad code prefix ("8410") is a code search: its window is read along the codes' index, in
//! code order. Sorted by name or price, a filter with many name matches (`WALK_ABOVE`) walks the
//! order's index and keeps the rows in its list of matches, stopping at the window; one with
//! fewer gathers its matches and sorts them (measured: each is the cheaper one on its side).
//! Such a window still takes tens of milliseconds on a million products (`slow_window`): the
//! back office reads it on a thread beside the screen, whose frames never wait for it.

use super::catalog::{
    CLASS_JOIN, PRODUCT_COLUMNS, Product, VISIBLE, day_text, fts_prefix_query, product_from_row,
};
use super::{Store, StoreError};
use chrono::NaiveDate;
use rusqlite::ToSql;

/// Most matches counted for a filter (the table says "1000+" beyond, and scrolls that many).
pub const COUNT_CAP: usize = 1_000;

/// Name matches above which a sorted window walks the order's index (the matches are dense
/// enough to fill a window soon) instead of sorting all of them. At 1,000,000 products:
/// "le" (118,000 matches) 15 ms walking, 145 ms sorting; 3 matches 0.1 ms sorting, 140 ms
/// walking (the whole index).
pub const WALK_ABOVE: i64 = 20_000;

/// The table's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CatalogSort {
    /// As added (the cheapest order: the table's rowid).
    #[default]
    Added,
    Name,
    PriceUp,
    PriceDown,
}

impl CatalogSort {
    /// The index whose order is this one (migration 009).
    fn index(self) -> &'static str {
        match self {
            CatalogSort::Added => "products_added_order",
            CatalogSort::Name => "products_name_order",
            CatalogSort::PriceUp | CatalogSort::PriceDown => "products_price_order",
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            CatalogSort::Added => "p.id",
            // The table's own columns, whose indexes give the order (migration 009); a change
            // still waiting in an import's overlay sorts by the value it replaces.
            CatalogSort::Name => "p.name COLLATE NOCASE, p.id",
            CatalogSort::PriceUp => "p.price, p.id",
            CatalogSort::PriceDown => "p.price DESC, p.id DESC",
        }
    }
}

/// The condition and parameters for a filter; `None` when nothing can match.
fn filter_clause(filter: &str) -> Option<(String, Vec<(&'static str, String)>)> {
    let text = filter.trim();
    if text.is_empty() {
        return Some((VISIBLE.to_string(), Vec::new()));
    }
    let fts = fts_prefix_query(text);
    let digits = text.chars().all(|c| c.is_ascii_digit());
    let by_name = "p.id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH :query)";
    let by_code =
        "p.id IN (SELECT product_id FROM product_codes WHERE code >= :low AND code < :high)";
    let mut params = Vec::new();
    let clause = match (fts, digits) {
        (Some(q), true) => {
            params.push((":query", q));
            params.push((":low", text.to_string()));
            params.push((":high", format!("{text}\u{7f}")));
            format!("({by_name} OR {by_code})")
        }
        (Some(q), false) => {
            params.push((":query", q));
            by_name.to_string()
        }
        (None, true) => {
            params.push((":low", text.to_string()));
            params.push((":high", format!("{text}\u{7f}")));
            by_code.to_string()
        }
        (None, false) => return None,
    };
    Some((format!("{VISIBLE} AND {clause}"), params))
}

/// The name side of a filter, read from the search index in rowid (= as added) order.
const BY_NAME_IN_ORDER: &str = "SELECT p.id FROM products_fts JOIN products p
     ON p.id = products_fts.rowid WHERE products_fts MATCH :query AND {VISIBLE}
     ORDER BY products_fts.rowid";

impl Store {
    /// Whether `filter` matches more than `COUNT_CAP` products by name or by code, each side
    /// counted lazily (at most `COUNT_CAP + 1` index entries read).
    fn broad_filter(&self, filter: &str) -> Result<bool, StoreError> {
        let text = filter.trim();
        if text.is_empty() {
            return Ok(true);
        }
        let cap = COUNT_CAP as i64 + 1;
        if let Some(q) = fts_prefix_query(text) {
            let n: i64 = self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT 1 FROM products_fts WHERE products_fts MATCH ?1
                 LIMIT ?2)",
                )?
                .query_row(rusqlite::params![q, cap], |r| r.get(0))?;
            if n >= cap {
                return Ok(true);
            }
        }
        if text.chars().all(|c| c.is_ascii_digit()) {
            let n: i64 = self.conn.prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM product_codes WHERE code >= ?1 AND code < ?2
                 LIMIT ?3)",
            )?
            .query_row(rusqlite::params![text, format!("{text}\u{7f}"), cap], |r| r.get(0))?;
            if n >= cap {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether the window of `filter` in `sort` order is a slow read (tens of ms on a million
    /// products): sorted by name or price with more than `WALK_ABOVE` name matches. The back
    /// office reads such a window beside the screen, not in its frame.
    pub fn slow_window(&self, filter: &str, sort: CatalogSort) -> Result<bool, StoreError> {
        let text = filter.trim();
        if sort == CatalogSort::Added || text.is_empty() || text.chars().all(|c| c.is_ascii_digit())
        {
            return Ok(false);
        }
        self.dense_filter(filter)
    }

    /// Whether `filter`'s words match more than `WALK_ABOVE` products (counted lazily).
    fn dense_filter(&self, filter: &str) -> Result<bool, StoreError> {
        let Some(q) = fts_prefix_query(filter.trim()) else {
            return Ok(false);
        };
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM products_fts WHERE products_fts MATCH ?1
                 LIMIT ?2)",
            )?
            .query_row(rusqlite::params![q, WALK_ABOVE + 1], |r| r.get(0))?;
        Ok(n > WALK_ABOVE)
    }

    /// How many products match `filter`: all of them without a filter; at most
    /// `COUNT_CAP + 1` with one (a broad filter answers that at once).
    pub fn catalog_count(&self, filter: &str) -> Result<usize, StoreError> {
        let Some((clause, params)) = filter_clause(filter) else {
            return Ok(0);
        };
        if !filter.trim().is_empty() && self.broad_filter(filter)? {
            return Ok(COUNT_CAP + 1);
        }
        let sql = if filter.trim().is_empty() {
            format!("SELECT count(*) FROM products p WHERE {clause}")
        } else {
            format!(
                "SELECT count(*) FROM (SELECT 1 FROM products p WHERE {clause} LIMIT {})",
                COUNT_CAP + 1
            )
        };
        let named: Vec<(&str, &dyn ToSql)> =
            params.iter().map(|(k, v)| (*k, v as &dyn ToSql)).collect();
        let total: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(named.as_slice(), |r| r.get(0))?;
        Ok(usize::try_from(total).unwrap_or(0))
    }

    /// The products matching `filter` from `offset` (at most `limit`), each with its codes.
    pub fn catalog_page(
        &self,
        filter: &str,
        sort: CatalogSort,
        offset: usize,
        limit: usize,
        day: NaiveDate,
    ) -> Result<Vec<Product>, StoreError> {
        let Some((clause, params)) = filter_clause(filter) else {
            return Ok(Vec::new());
        };
        let named: Vec<(&str, &dyn ToSql)> =
            params.iter().map(|(k, v)| (*k, v as &dyn ToSql)).collect();
        // The rows skipped are walked in the order's index alone; the columns (and their
        // joins) are made for the window's rows only.
        let order = sort.order_by();
        let text = filter.trim();
        let digits = text.chars().all(|c| c.is_ascii_digit());
        let broad_in_order =
            sort == CatalogSort::Added && !text.is_empty() && self.broad_filter(filter)?;
        let mut order = order.to_string();
        let ids = if broad_in_order && !digits {
            format!(
                "{} LIMIT {limit} OFFSET {offset}",
                BY_NAME_IN_ORDER.replace("{VISIBLE}", VISIBLE)
            )
        } else if broad_in_order {
            // Many codes start so: the products by their first such code, read along the
            // codes' index and stopping at the window (a code search, so in code order).
            order = "(SELECT min(pc.code) FROM product_codes pc WHERE pc.product_id = p.id
                       AND pc.code >= :low AND pc.code < :high), p.id"
                .to_string();
            format!(
                "SELECT DISTINCT c.product_id FROM product_codes c JOIN products p
                   ON p.id = c.product_id
                 WHERE c.code >= :low AND c.code < :high AND {VISIBLE}
                 ORDER BY c.code, c.product_id LIMIT {limit} OFFSET {offset}"
            )
        } else {
            // Sorted with many matches: along the order's index, each row kept if in the list.
            let walk = sort != CatalogSort::Added
                && !text.is_empty()
                && !digits
                && self.dense_filter(filter)?;
            let indexed = if walk {
                format!("INDEXED BY {}", sort.index())
            } else {
                String::new()
            };
            format!(
                "SELECT p.id FROM products p {indexed} WHERE {clause} ORDER BY {order}
                 LIMIT {limit} OFFSET {offset}"
            )
        };
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p {CLASS_JOIN} WHERE p.id IN ({ids})
             ORDER BY {order}"
        );
        let day = day_text(day);
        let mut with_day = named;
        with_day.push((":day", &day as &dyn ToSql));
        // Each way of reading a window names only the parameters it needs.
        with_day.retain(|(name, _)| sql.contains(name));
        let mut rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(with_day.as_slice(), product_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        for p in &mut rows {
            p.codes = self.product_codes(p.id)?;
        }
        Ok(rows)
    }

    /// A product's codes, in order.
    fn product_codes(&self, id: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code FROM product_codes WHERE product_id = ?1 ORDER BY code")?;
        let codes = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(codes)
    }
}
