//! The Stock section: four tabs — what is on the shelves (tracked products, their ledger, a
//! manager's adjustment, the reorder point), goods receipts (`stock_receipt.rs`), the stock
//! count (`stock_count.rs`) and what is low with the order suggested by supplier (exported as
//! CSV into the exchange folder).

use super::super::shell::Shell;
use super::{field_ui, label_ui, title_ui};
use crate::app::Clock;
use crate::app::backoffice::Office;
use crate::app::command::Command;
use crate::app::stock_office::{StockChange, order_value, suggestion};
use crate::store::stock::{LedgerRow, StockItem};
use crate::till::format::format_quantity;
use crate::till::quantity::{Measure, parse_milli};
use crate::till::stock::{Reorder, StockReason};
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

/// The tab shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum StockTab {
    #[default]
    OnHand,
    Receipts,
    Count,
    Low,
}

/// A product opened: its ledger, and the adjustment and reorder forms.
#[derive(Clone, Debug, Default)]
struct Opened {
    item: Option<StockItem>,
    ledger: Vec<LedgerRow>,
    adjust_qty: String,
    adjust_reason: Option<StockReason>,
    adjust_note: String,
    point: String,
    order_qty: String,
}

#[derive(Default)]
pub(super) struct StockView {
    tab: StockTab,
    filter: String,
    rows: Option<(String, Vec<StockItem>)>,
    opened: Opened,
    receipts: super::stock_receipt::ReceiptsView,
    count: super::stock_count::CountView,
    low: Option<Vec<StockItem>>,
    /// A product to read again and show (after its adjustment).
    reopen: Option<i64>,
}

/// A reason's words.
pub(super) fn reason_name(reason: StockReason) -> crate::i18n::Id {
    match reason {
        StockReason::Sale => id!("stock-reason-sale"),
        StockReason::Return => id!("stock-reason-return"),
        StockReason::Opening => id!("stock-reason-opening"),
        StockReason::Receipt => id!("stock-reason-receipt"),
        StockReason::Waste => id!("stock-reason-waste"),
        StockReason::Breakage => id!("stock-reason-breakage"),
        StockReason::Theft => id!("stock-reason-theft"),
        StockReason::OwnUse => id!("stock-reason-own-use"),
        StockReason::Correction => id!("stock-reason-correction"),
        StockReason::Count => id!("stock-reason-count"),
    }
}

/// A label and a short field beside it, the field named by the label.
fn small_field_ui(ui: &mut egui::Ui, label: &str, text: &mut String, width: f32) {
    let name = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(width))
        .labelled_by(name.id);
}

/// A quantity in the till's number format.
pub(super) fn qty<C: Clock>(sh: &Shell<'_, C>, milli: i64, measure: Measure) -> String {
    format_quantity(milli, measure, sh.locale())
}

impl StockView {
    /// Escape: closes what is open in the tab; false when nothing was.
    pub fn cancel(&mut self) -> bool {
        match self.tab {
            StockTab::OnHand => self.opened.item.take().is_some(),
            StockTab::Receipts => self.receipts.cancel(),
            StockTab::Count => self.count.cancel(),
            StockTab::Low => false,
        }
    }

    /// After a change: what was read is read again.
    pub fn applied(&mut self, change: &Office) {
        let Office::Stock(change) = change else {
            return;
        };
        self.rows = None;
        self.low = None;
        if let Some(item) = &self.opened.item
            && matches!(
                change,
                StockChange::Adjust { .. } | StockChange::SetReorder { .. }
            )
        {
            // The product shown is read again, with its new movement, at the next frame.
            self.reopen = Some(item.product_id);
        }
        self.receipts.applied(change);
        self.count.applied(change);
    }

    pub fn view_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        title_ui(
            ui,
            &sh.t(id!("bo-stock-title")),
            &sh.t(id!("bo-stock-detail")),
        );
        // A cashier is here only to count.
        if !sh
            .till
            .may(crate::till::permission::Permission::ManageCatalog)
        {
            self.tab = StockTab::Count;
            self.count.view_ui(sh, ui);
            return;
        }
        ui.horizontal(|ui| {
            for (tab, name) in [
                (StockTab::OnHand, id!("bo-stock-tab-on-hand")),
                (StockTab::Receipts, id!("bo-stock-tab-receipts")),
                (StockTab::Count, id!("bo-stock-tab-count")),
                (StockTab::Low, id!("bo-stock-tab-low")),
            ] {
                let b = egui::Button::selectable(self.tab == tab, sh.t(name))
                    .min_size(egui::vec2(150.0, 34.0));
                if ui.add(b).clicked() {
                    self.tab = tab;
                    self.low = None;
                    self.rows = None;
                }
            }
        });
        ui.separator();
        match self.tab {
            StockTab::OnHand => self.on_hand_ui(sh, ui),
            StockTab::Receipts => self.receipts.view_ui(sh, ui),
            StockTab::Count => self.count.view_ui(sh, ui),
            StockTab::Low => self.low_ui(sh, ui),
        }
    }

    /// A scanned code (a serial scanner) goes to the tab that takes codes.
    pub fn scanned<C: Clock>(&mut self, sh: &mut Shell<'_, C>, code: String) -> bool {
        match self.tab {
            StockTab::Receipts => self.receipts.scanned(sh, code),
            StockTab::Count => self.count.scanned(sh, code),
            _ => false,
        }
    }

    fn on_hand_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        if let Some(id) = self.reopen.take()
            && let Some(item) = sh.till.office_stock_product(id)
        {
            self.open(sh, item);
        }
        if self.opened.item.is_some() {
            self.product_ui(sh, ui);
            return;
        }
        let label = sh.t(id!("bo-stock-filter"));
        field_ui(ui, &label, &mut self.filter, None, false, 260.0);
        if self.rows.as_ref().is_none_or(|(f, _)| *f != self.filter) {
            self.rows = Some((self.filter.clone(), sh.till.office_stock(&self.filter)));
        }
        let rows = self
            .rows
            .as_ref()
            .map(|(_, r)| r.clone())
            .unwrap_or_default();
        if rows.is_empty() {
            ui.label(RichText::new(sh.t(id!("bo-stock-none"))).weak());
            return;
        }
        let error = ui.visuals().error_fg_color;
        egui::ScrollArea::vertical()
            .id_salt("stock-rows")
            .auto_shrink(false)
            .show(ui, |ui| {
                egui::Grid::new("stock-grid")
                    .striped(true)
                    .spacing([14.0, 6.0])
                    .show(ui, |ui| {
                        for h in [
                            id!("bo-stock-col-product"),
                            id!("bo-stock-col-category"),
                            id!("bo-stock-col-stock"),
                            id!("bo-stock-col-point"),
                            id!("bo-stock-col-cost"),
                            id!("bo-stock-col-value"),
                        ] {
                            ui.label(RichText::new(sh.t(h)).strong());
                        }
                        ui.end_row();
                        for item in &rows {
                            // The name opens the product (its ledger, adjustment, reorder).
                            let open = sh.msg(msg!("bo-stock-open", name = item.name.clone()));
                            let layout = egui::Layout::left_to_right(egui::Align::Center);
                            let name = ui
                                .allocate_ui_with_layout(egui::vec2(260.0, 24.0), layout, |ui| {
                                    ui.set_width(260.0);
                                    ui.add(
                                        egui::Button::new(
                                            RichText::new(&item.name)
                                                .color(ui.visuals().hyperlink_color),
                                        )
                                        .frame(false)
                                        .truncate(),
                                    )
                                })
                                .inner;
                            if name.accessible_name(open).clicked() {
                                self.open(sh, item.clone());
                            }
                            label_ui(ui, &item.category, 130.0);
                            let stock = qty(sh, item.stock_milli, item.measure);
                            let low = item.reorder.is_some_and(|r| r.is_low(item.stock_milli))
                                || item.stock_milli < 0;
                            ui.label(if low {
                                RichText::new(stock).color(error).strong()
                            } else {
                                RichText::new(stock)
                            });
                            ui.label(
                                item.reorder
                                    .map(|r| qty(sh, r.point_milli, item.measure))
                                    .unwrap_or_default(),
                            );
                            ui.label(item.cost.map(|c| sh.money(c)).unwrap_or_default());
                            ui.label(
                                item.cost
                                    .map(|c| {
                                        sh.money(crate::till::stock::value_of(
                                            item.stock_milli.max(0),
                                            c,
                                        ))
                                    })
                                    .unwrap_or_default(),
                            );
                            ui.end_row();
                        }
                    });
            });
    }

    fn open<C: Clock>(&mut self, sh: &Shell<'_, C>, item: StockItem) {
        self.opened = Opened {
            ledger: sh.till.office_ledger(item.product_id),
            point: item
                .reorder
                .map(|r| crate::till::quantity::milli_text(r.point_milli))
                .unwrap_or_default(),
            order_qty: item
                .reorder
                .and_then(|r| r.qty_milli)
                .map(crate::till::quantity::milli_text)
                .unwrap_or_default(),
            item: Some(item),
            ..Opened::default()
        };
    }

    /// One product: its stock, the adjustment and reorder forms, its ledger.
    fn product_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(item) = self.opened.item.clone() else {
            return;
        };
        ui.horizontal(|ui| {
            if ui.button(sh.t(id!("bo-stock-back"))).clicked() {
                self.opened.item = None;
            }
            ui.label(
                RichText::new(sh.msg(msg!(
                    "bo-stock-product-head",
                    name = item.name.clone(),
                    stock = qty(sh, item.stock_milli, item.measure)
                )))
                .size(20.0)
                .strong(),
            );
        });
        ui.add_space(4.0);
        egui::Frame::group(ui.style())
            .inner_margin(8.0)
            .show(ui, |ui| self.adjust_ui(sh, ui, &item));
        egui::Frame::group(ui.style())
            .inner_margin(8.0)
            .show(ui, |ui| self.reorder_ui(sh, ui, &item));
        ui.add_space(6.0);
        ui.label(RichText::new(sh.t(id!("bo-stock-ledger"))).strong());
        let ledger = self.opened.ledger.clone();
        let error = ui.visuals().error_fg_color;
        egui::ScrollArea::vertical()
            .id_salt("ledger")
            .auto_shrink(false)
            .show(ui, |ui| {
                egui::Grid::new("ledger-grid")
                    .striped(true)
                    .spacing([14.0, 4.0])
                    .show(ui, |ui| {
                        for h in [
                            id!("bo-stock-col-when"),
                            id!("bo-stock-col-why"),
                            id!("bo-stock-col-qty"),
                            id!("bo-stock-col-balance"),
                            id!("bo-stock-col-who"),
                            id!("bo-stock-col-ref"),
                        ] {
                            ui.label(RichText::new(sh.t(h)).strong());
                        }
                        ui.end_row();
                        for r in &ledger {
                            ui.label(r.at.get(..16).unwrap_or(&r.at).replace('T', " "));
                            ui.label(sh.t(reason_name(r.reason)));
                            let moved = qty(sh, r.qty_milli, item.measure);
                            ui.label(if r.qty_milli > 0 {
                                format!("+{moved}")
                            } else {
                                moved
                            });
                            let balance = qty(sh, r.balance_milli, item.measure);
                            if r.below_zero() {
                                ui.label(RichText::new(format!("{balance} ⚠")).color(error));
                            } else {
                                ui.label(balance);
                            }
                            ui.label(r.user.clone().unwrap_or_default());
                            label_ui(
                                ui,
                                r.document
                                    .clone()
                                    .or_else(|| r.note.clone())
                                    .unwrap_or_default(),
                                220.0,
                            );
                            ui.end_row();
                        }
                    });
            });
    }

    fn adjust_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui, item: &StockItem) {
        let o = &mut self.opened;
        ui.horizontal(|ui| {
            ui.label(RichText::new(sh.t(id!("bo-stock-adjust"))).strong());
            ui.label(
                RichText::new(sh.t(id!("bo-stock-adjust-detail")))
                    .weak()
                    .small(),
            );
        });
        ui.horizontal_wrapped(|ui| {
            small_field_ui(
                ui,
                &sh.t(id!("bo-stock-adjust-qty")),
                &mut o.adjust_qty,
                70.0,
            );
            for reason in StockReason::ADJUSTMENTS {
                let b = egui::Button::selectable(
                    o.adjust_reason == Some(reason),
                    sh.t(reason_name(reason)),
                );
                if ui.add(b).clicked() {
                    o.adjust_reason = Some(reason);
                }
            }
        });
        let save = ui
            .horizontal(|ui| {
                small_field_ui(
                    ui,
                    &sh.t(id!("bo-stock-adjust-note")),
                    &mut o.adjust_note,
                    260.0,
                );
                ui.button(sh.t(id!("bo-stock-adjust-save"))).clicked()
            })
            .inner;
        if save {
            let Some(milli) = parse_milli(&o.adjust_qty) else {
                sh.fail(msg!("bo-stock-bad-qty", text = o.adjust_qty.clone()));
                return;
            };
            let Some(reason) = o.adjust_reason else {
                sh.fail(msg!("bo-stock-choose-reason"));
                return;
            };
            sh.run(Command::BackOffice(
                StockChange::Adjust {
                    product_id: item.product_id,
                    qty_milli: milli,
                    reason,
                    note: o.adjust_note.clone(),
                }
                .into(),
            ));
        }
    }

    fn reorder_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui, item: &StockItem) {
        let o = &mut self.opened;
        let save = ui
            .horizontal(|ui| {
                ui.label(RichText::new(sh.t(id!("bo-stock-reorder"))).strong());
                small_field_ui(ui, &sh.t(id!("bo-stock-reorder-point")), &mut o.point, 70.0);
                small_field_ui(
                    ui,
                    &sh.t(id!("bo-stock-reorder-qty")),
                    &mut o.order_qty,
                    70.0,
                );
                ui.button(sh.t(id!("bo-save"))).clicked()
            })
            .inner;
        if save {
            let point = o.point.trim();
            let reorder = if point.is_empty() {
                None
            } else {
                let (Some(point_milli), qty) = (parse_milli(point), o.order_qty.trim()) else {
                    sh.fail(msg!("bo-stock-bad-qty", text = point.to_string()));
                    return;
                };
                let qty_milli = if qty.is_empty() {
                    None
                } else if let Some(q) = parse_milli(qty) {
                    Some(q)
                } else {
                    sh.fail(msg!("bo-stock-bad-qty", text = qty.to_string()));
                    return;
                };
                Some(Reorder {
                    point_milli,
                    qty_milli,
                })
            };
            sh.run(Command::BackOffice(
                StockChange::SetReorder {
                    product_id: item.product_id,
                    reorder,
                    supplier_id: None,
                }
                .into(),
            ));
        }
    }

    /// What is low, by supplier, with the suggested order and its export.
    fn low_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let rows = self
            .low
            .get_or_insert_with(|| sh.till.office_low_stock())
            .clone();
        ui.label(RichText::new(sh.t(id!("bo-stock-low-detail"))).weak());
        ui.horizontal(|ui| {
            if ui.button(sh.t(id!("bo-stock-low-export"))).clicked() {
                match sh.till.export_low_stock() {
                    Ok(file) => sh
                        .info(sh.msg(msg!("bo-stock-exported", file = file.display().to_string()))),
                    Err(e) => sh.error(&e),
                }
            }
        });
        if rows.is_empty() {
            ui.label(RichText::new(sh.t(id!("bo-stock-low-none"))).weak());
            return;
        }
        let error = ui.visuals().error_fg_color;
        egui::ScrollArea::vertical()
            .id_salt("low-rows")
            .auto_shrink(false)
            .show(ui, |ui| {
                egui::Grid::new("low-grid")
                    .striped(true)
                    .spacing([14.0, 6.0])
                    .show(ui, |ui| {
                        for h in [
                            id!("bo-stock-col-supplier"),
                            id!("bo-stock-col-product"),
                            id!("bo-stock-col-stock"),
                            id!("bo-stock-col-point"),
                            id!("bo-stock-col-order"),
                            id!("bo-stock-col-value"),
                        ] {
                            ui.label(RichText::new(sh.t(h)).strong());
                        }
                        ui.end_row();
                        for i in &rows {
                            label_ui(
                                ui,
                                i.supplier.clone().unwrap_or_else(|| {
                                    sh.t(id!("bo-stock-no-supplier")).into_owned()
                                }),
                                180.0,
                            );
                            label_ui(ui, &i.name, 240.0);
                            let stock = qty(sh, i.stock_milli, i.measure);
                            ui.label(if i.stock_milli < 0 {
                                RichText::new(format!("{stock} ⚠")).color(error)
                            } else {
                                RichText::new(stock)
                            });
                            ui.label(
                                i.reorder
                                    .map(|r| qty(sh, r.point_milli, i.measure))
                                    .unwrap_or_default(),
                            );
                            ui.label(
                                suggestion(i)
                                    .map(|q| qty(sh, q, i.measure))
                                    .unwrap_or_default(),
                            );
                            ui.label(order_value(i).map(|v| sh.money(v)).unwrap_or_default());
                            ui.end_row();
                        }
                    });
            });
    }
}
