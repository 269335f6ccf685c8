//! Stock work's messages: why a movement, a goods receipt or a count is refused, in the till's
//! language.

use crate::i18n::Message;
use crate::msg;
use crate::store::stock::StockError;

/// Why stock work was refused, and what to do.
pub(super) fn stock(e: &StockError) -> Message {
    use StockError::*;
    match e {
        NotTracked { product } => msg!("err-stock-not-tracked", product = product.clone()),
        NoSuchCode { code } => msg!("err-stock-no-such-code", code = code.clone()),
        NotAnAdjustment { reason } => msg!("err-stock-not-adjustment", reason = reason.clone()),
        ZeroQuantity => msg!("err-stock-zero"),
        QuantityNotPositive { qty } => msg!("err-stock-not-positive", qty = qty.clone()),
        NotWhole { product, qty } => msg!(
            "err-stock-not-whole",
            product = product.clone(),
            qty = qty.clone()
        ),
        SupplierNameRequired => msg!("err-stock-supplier-name"),
        SupplierTaken { name } => msg!("err-stock-supplier-taken", name = name.clone()),
        NoSuchSupplier { name } => msg!("err-stock-no-such-supplier", name = name.clone()),
        DeliveryNoteRequired => msg!("err-stock-delivery-note"),
        ReceiptEmpty => msg!("err-stock-receipt-empty"),
        NoSuchReceipt { id } => msg!("err-stock-no-such-receipt", id = id.to_string()),
        ReceiptPosted { id } => msg!("err-stock-receipt-posted", id = id.to_string()),
        DeliveryNotePosted { supplier, note, id } => msg!(
            "err-stock-note-posted",
            supplier = supplier.clone(),
            note = note.clone(),
            id = id.to_string()
        ),
        NoSuchCount { id } => msg!("err-stock-no-such-count", id = id.to_string()),
        NoOpenCount => msg!("err-stock-no-open-count"),
        CountClosed { id } => msg!("err-stock-count-closed", id = id.to_string()),
        OutOfScope { product, category } => msg!(
            "err-stock-out-of-scope",
            product = product.clone(),
            category = category.clone()
        ),
        CountOpen { id, .. } => msg!("err-stock-count-open", id = id.to_string()),
        BadReorder => msg!("err-stock-bad-reorder"),
    }
}
