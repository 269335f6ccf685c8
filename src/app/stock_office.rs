//! The back office's Stock section applied: goods receipts from suppliers (drafts, posted
//! once), adjustments and counts' apply (a manager's), blind count scans, reorder points — and
//! what the section reads (tracked products, a ledger, receipts, the open count, the low list
//! and its suggested order as CSV). Every change is audited by the store in its transaction.

use super::backoffice::Office;
use super::command::Outcome;
use super::{AppError, Clock, Till};
use crate::store::goods_receipts::{GoodsReceipt, NewSupplier, ReceiptDraft, Supplier};
use crate::store::stock::{LedgerRow, StockItem};
use crate::store::stock_count::{CountReport, StockCount, Tally, Uncounted};
use crate::till::permission::{Permission, Role};
use crate::till::quantity::{Measure, milli_text};
use crate::till::stock::{Reorder, StockReason};

/// A change of the Stock section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StockChange {
    AddSupplier(NewSupplier),
    /// A delivery saved as a draft (new when `id` is none).
    SaveReceipt {
        id: Option<i64>,
        draft: ReceiptDraft,
    },
    /// A draft saved and posted at once (new when `id` is none).
    PostReceipt {
        id: Option<i64>,
        draft: ReceiptDraft,
    },
    DiscardReceipt(i64),
    /// A manager's adjustment.
    Adjust {
        product_id: i64,
        qty_milli: i64,
        reason: StockReason,
        note: String,
    },
    StartCount {
        category: Option<String>,
    },
    /// A product counted by its code (blind).
    CountScan {
        code: String,
        qty_milli: i64,
        set: bool,
    },
    /// A manager applies the open count.
    ApplyCount {
        zero_uncounted: bool,
    },
    CancelCount,
    SetReorder {
        product_id: i64,
        reorder: Option<Reorder>,
        supplier_id: Option<i64>,
    },
}

/// What the section shows, read when asked (a few hundred rows at most).
impl<C: Clock> Till<C> {
    /// Stock-tracked products whose name or code holds `filter` (any case), by name.
    pub fn office_stock(&self, filter: &str) -> Vec<StockItem> {
        let filter = filter.trim().to_lowercase();
        let all = self.store.tracked_items(None).unwrap_or_default();
        all.into_iter()
            .filter(|i| {
                filter.is_empty()
                    || i.name.to_lowercase().contains(&filter)
                    || i.sku.as_deref().is_some_and(|s| s.to_lowercase() == filter)
            })
            .take(500)
            .collect()
    }

    /// One product's stock fields, read now.
    pub fn office_stock_product(&self, product_id: i64) -> Option<StockItem> {
        self.store.stock_item(product_id).ok()
    }

    /// A product's newest movements.
    pub fn office_ledger(&self, product_id: i64) -> Vec<LedgerRow> {
        self.store.stock_ledger(product_id, 200).unwrap_or_default()
    }

    pub fn office_suppliers(&self) -> Vec<Supplier> {
        self.store.suppliers().unwrap_or_default()
    }

    pub fn office_receipts(&self) -> Vec<GoodsReceipt> {
        self.store.goods_receipts(50).unwrap_or_default()
    }

    pub fn office_receipt(&self, id: i64) -> Option<GoodsReceipt> {
        self.store.goods_receipt(id).ok()
    }

    /// A product for a receipt's or count's line, by code (barcode, PLU, SKU).
    pub fn office_stock_item(&self, code: &str) -> Result<StockItem, AppError> {
        Ok(self.store.stock_item_by_code(code)?)
    }

    /// The open count, with what has been counted so far (never what is expected).
    pub fn office_open_count(&self) -> Option<StockCount> {
        self.store.open_count().ok().flatten()
    }

    /// The open count's variance report (managers: it shows what was expected).
    pub fn office_count_report(&self) -> Option<CountReport> {
        let count = self.office_open_count()?;
        if !self.session().is_some_and(|s| s.user.role == Role::Manager) {
            return None;
        }
        self.store.count_report(count.id).ok()
    }

    /// Products below their reorder point or below zero, by supplier.
    pub fn office_low_stock(&self) -> Vec<StockItem> {
        self.store.low_stock().unwrap_or_default()
    }

    /// Writes the suggested order (the low list, by supplier) as CSV into the exchange folder;
    /// answers the file.
    pub fn export_low_stock(&self) -> Result<std::path::PathBuf, AppError> {
        let items = self.store.low_stock()?;
        let bytes = low_stock_csv(&items, self.settings.currency.minor_digits());
        let dir = self.exchange_dir();
        let file = dir.join(format!(
            "pedido-sugerido-{}.csv",
            self.now().format("%Y%m%d-%H%M")
        ));
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&file, bytes))
            .map_err(|source| AppError::Export {
                file: file.clone(),
                detail: source.to_string(),
            })?;
        Ok(file)
    }

    /// The Stock part of `Office`.
    pub(crate) fn stock_change(&mut self, change: StockChange) -> Result<Outcome, AppError> {
        // Scanning into a count is a cashier's too; the rest is the catalog's managers'.
        let needs = match change {
            StockChange::CountScan { .. } => Permission::CountStock,
            _ => Permission::ManageCatalog,
        };
        let me = self.office_author(needs)?;
        let manager = me.role == Role::Manager;
        let at = self.now_text();
        let who = self.author(me, &at);
        let store = &self.store;
        match change {
            StockChange::AddSupplier(s) => Ok(Outcome::Saved(store.add_supplier(&s, &who)?)),
            StockChange::SaveReceipt { id, draft } => {
                Ok(Outcome::Saved(store.save_receipt(id, &draft, &who)?))
            }
            StockChange::PostReceipt { id, draft } => {
                let id = store.save_receipt(id, &draft, &who)?;
                store.post_receipt(id, &who)?;
                Ok(Outcome::Saved(id))
            }
            StockChange::DiscardReceipt(id) => {
                store.discard_receipt(id, &who)?;
                Ok(Outcome::Done)
            }
            StockChange::Adjust {
                product_id,
                qty_milli,
                reason,
                note,
            } => {
                if !manager {
                    return Err(AppError::StockManagerOnly);
                }
                store.adjust_stock(product_id, qty_milli, reason, Some(&note), &who)?;
                Ok(Outcome::Saved(product_id))
            }
            StockChange::StartCount { category } => Ok(Outcome::Saved(
                store.start_count(category.as_deref(), &who)?,
            )),
            StockChange::CountScan {
                code,
                qty_milli,
                set,
            } => {
                let count = store.open_count()?.ok_or(crate::store::StoreError::Stock(
                    crate::store::stock::StockError::NoOpenCount,
                ))?;
                let item = store.stock_item_by_code(&code)?;
                let tally = if set { Tally::Set } else { Tally::Add };
                let counted =
                    store.count_scan(count.id, item.product_id, qty_milli, tally, &who)?;
                Ok(Outcome::Counted {
                    name: item.name,
                    counted: milli_text(counted),
                })
            }
            StockChange::ApplyCount { zero_uncounted } => {
                if !manager {
                    return Err(AppError::StockManagerOnly);
                }
                let count = store.open_count()?.ok_or(crate::store::StoreError::Stock(
                    crate::store::stock::StockError::NoOpenCount,
                ))?;
                let uncounted = if zero_uncounted {
                    Uncounted::Zero
                } else {
                    Uncounted::Keep
                };
                store.apply_count(count.id, uncounted, &who)?;
                Ok(Outcome::Done)
            }
            StockChange::CancelCount => {
                if let Some(count) = store.open_count()? {
                    store.cancel_count(count.id, &who)?;
                }
                Ok(Outcome::Done)
            }
            StockChange::SetReorder {
                product_id,
                reorder,
                supplier_id,
            } => {
                store.set_reorder(product_id, reorder, supplier_id, &who)?;
                Ok(Outcome::Saved(product_id))
            }
        }
    }
}

impl From<StockChange> for Office {
    fn from(change: StockChange) -> Office {
        Office::Stock(change)
    }
}

/// The suggested order as CSV (by supplier): supplier, product, SKU, stock, reorder point,
/// quantity to order, unit cost, the order line's value — amounts with a point, as files write
/// them; what `caja stock low --csv` prints.
pub fn low_stock_csv(items: &[StockItem], minor_digits: u32) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let amount = |v: Option<i64>| {
        v.map(|v| crate::till::format::plain_decimal(v, minor_digits))
            .unwrap_or_default()
    };
    let _ = w.write_record([
        "supplier",
        "product",
        "sku",
        "stock",
        "reorder_point",
        "suggested",
        "unit_cost",
        "order_value",
    ]);
    for i in items {
        let suggested = suggestion(i);
        let _ = w.write_record([
            i.supplier.clone().unwrap_or_default(),
            i.name.clone(),
            i.sku.clone().unwrap_or_default(),
            milli_text(i.stock_milli),
            i.reorder
                .map(|r| milli_text(r.point_milli))
                .unwrap_or_default(),
            suggested.map(milli_text).unwrap_or_default(),
            amount(i.cost),
            amount(order_value(i)),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// The quantity to order for a low product (none without a reorder point).
pub fn suggestion(i: &StockItem) -> Option<i64> {
    i.reorder
        .and_then(|r| r.suggestion(i.stock_milli, i.measure == Measure::Kg))
}

/// What ordering the suggestion costs at the product's cost.
pub fn order_value(i: &StockItem) -> Option<i64> {
    Some(crate::till::stock::value_of(suggestion(i)?, i.cost?))
}
