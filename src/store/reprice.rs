//! Bulk price changes planned against the catalog: every product a filter takes, its new price
//! (`till::reprice`), as an import plan that is then staged and published like an import.

use super::import::ImportPlan;
use super::{Store, StoreError};

/// Which products a bulk price change takes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepriceFilter {
    /// Products of this category (by name).
    pub category: Option<String>,
    /// Products of this tax class (by code).
    pub tax_class: Option<String>,
    /// Products whose name matches these words (as the till's search).
    pub search: Option<String>,
}

impl Store {
    /// A bulk price change as a plan (preview: each product's old and new price), applied
    /// like an import — staged, published in one commit, the new prices in the history.
    pub fn plan_reprice(
        &self,
        filter: &RepriceFilter,
        change: crate::till::reprice::PriceChange,
        ending: Option<u8>,
    ) -> Result<ImportPlan, StoreError> {
        let mut sql = format!(
            "SELECT {} FROM products p {} WHERE {}",
            super::catalog::PRODUCT_COLUMNS,
            super::catalog::CLASS_JOIN,
            super::catalog::ON_SALE
        );
        if filter.category.is_some() {
            sql.push_str(" AND p.category = :category COLLATE NOCASE");
        }
        if filter.tax_class.is_some() {
            sql.push_str(" AND t.code = :class");
        }
        let query = filter
            .search
            .as_deref()
            .and_then(super::catalog::fts_prefix_query);
        if query.is_some() {
            sql.push_str(
                " AND p.id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH :query)",
            );
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let mut named: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":day", &"9999-12-31")];
        if let Some(c) = &filter.category {
            named.push((":category", c));
        }
        if let Some(c) = &filter.tax_class {
            named.push((":class", c));
        }
        if let Some(q) = &query {
            named.push((":query", q));
        }
        let products = stmt
            .query_map(named.as_slice(), super::catalog::product_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let mut plan = ImportPlan::default();
        for p in products {
            let new = crate::till::reprice::reprice(p.price, change, ending);
            if new == p.price {
                plan.unchanged += 1;
                continue;
            }
            let mut draft = p.to_draft();
            draft.barcodes.clear();
            draft.plu = None;
            draft.price = new;
            plan.changed.push((p.id, p.price, draft));
        }
        Ok(plan)
    }
}
