//! The sale screen's regions and its left side: the code entry with the notice, then the cart
//! (only visible rows are laid out, so a 200-line ticket costs what a 15-line one does), or the
//! last receipt, or the invitation to scan.

use super::super::paper_ui;
use super::super::shell::Shell;
use super::SaleScreen;
use crate::app::Clock;
use crate::id;
use crate::till::cart::CartLine;
use crate::till::format::Locale;
use crate::till::quantity::{Measure, Quantity};
use eframe::egui;
use egui::{Align, Layout, Rect, RichText, Sense, UiBuilder, pos2, vec2};

const ROW_H: f32 = 40.0;

pub(super) fn quantity_text(q: Quantity, locale: Locale) -> String {
    crate::till::format::format_quantity(q.milli, q.measure, locale)
}

/// Draws `add` inside `rect`, clipped to it.
fn region_ui(ui: &mut egui::Ui, rect: Rect, add: impl FnOnce(&mut egui::Ui)) {
    ui.scope_builder(UiBuilder::new().max_rect(rect), |ui| {
        ui.set_clip_rect(rect);
        add(ui);
    });
}

/// One label in `rect`, laid out right-to-left (numbers) or left-to-right (names).
fn cell_ui(ui: &mut egui::Ui, rect: Rect, right: bool, label: impl egui::Widget) {
    let layout = if right {
        Layout::right_to_left(Align::Center)
    } else {
        Layout::left_to_right(Align::Center)
    };
    ui.scope_builder(UiBuilder::new().max_rect(rect).layout(layout), |ui| {
        ui.add(label)
    });
}

impl SaleScreen {
    /// Splits the screen into fixed regions: entry + cart (left), totals and function buttons
    /// (right, 360 points), quick keys (under the cart). Fixed rects rather than nested panels,
    /// so nothing can overlap whatever the content.
    pub(super) fn layout_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let full = ui.available_rect_before_wrap();
        let right = Rect::from_min_max(pos2(full.max.x - 360.0, full.min.y), full.max);
        let left = Rect::from_min_max(full.min, pos2(right.min.x - 14.0, full.max.y));
        let keys_h = if self.favourites.is_empty() {
            0.0
        } else {
            190.0
        };
        let main = Rect::from_min_max(left.min, pos2(left.max.x, left.max.y - keys_h));
        let keys = Rect::from_min_max(pos2(left.min.x, main.max.y + 8.0), left.max);
        let stroke = ui.visuals().widgets.noninteractive.bg_stroke;
        ui.painter()
            .vline(right.min.x - 7.0, full.y_range(), stroke);
        region_ui(ui, right, |ui| self.totals_ui(sh, ui));
        if keys_h > 0.0 {
            ui.painter().hline(keys.x_range(), keys.min.y - 4.0, stroke);
            region_ui(ui, keys, |ui| self.quick_keys_ui(sh, ui));
        }
        region_ui(ui, main, |ui| self.cart_area_ui(sh, ui));
    }

    fn cart_area_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        self.entry_ui(sh, ui);
        ui.separator();
        if !sh.till.cart().is_empty() {
            self.cart_ui(sh, ui);
        } else if let Some(receipt) = &self.receipt {
            ui.label(RichText::new(sh.t(id!("receipt-last"))).color(sh.theme().muted));
            egui::ScrollArea::vertical()
                .id_salt("receipt_preview")
                .show(ui, |ui| paper_ui(ui, receipt, 15.0));
        } else {
            ui.add_space(40.0);
            ui.vertical_centered(|ui| {
                let invite = RichText::new(sh.t(id!("sale-start")));
                ui.label(invite.size(28.0).color(sh.theme().muted));
            });
        }
    }

    fn entry_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = if sh.screen() == super::Screen::Payment {
                sh.t(id!("pay-tendered"))
            } else {
                sh.t(id!("sale-code"))
            };
            ui.label(RichText::new(label).size(22.0).color(sh.theme().muted));
            if let Some(n) = sh.till.pending_units() {
                ui.label(RichText::new(format!("{n} ×")).size(26.0).strong());
            }
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color)
                .stroke(ui.visuals().widgets.inactive.bg_stroke)
                .inner_margin(egui::Margin::symmetric(10, 4))
                .show(ui, |ui| {
                    ui.set_min_width(360.0);
                    let text = RichText::new(format!("{}|", self.entry.text()));
                    ui.label(text.size(26.0).monospace());
                });
        });
        sh.notice_ui(ui);
    }

    fn cart_ui<C: Clock>(&mut self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        let n = sh.till.cart().lines.len();
        let selected = self.selected.unwrap_or(n.saturating_sub(1)).min(n - 1);
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("cart")
            .auto_shrink([false, false])
            .stick_to_bottom(true)
            .show_rows(ui, ROW_H, n, |ui, range| {
                let totals = sh.till.totals();
                for i in range {
                    let (rect, response) =
                        ui.allocate_exact_size(vec2(ui.available_width(), ROW_H), Sense::click());
                    if i == selected {
                        ui.painter().rect_filled(rect, 4.0, sh.theme().highlight);
                    }
                    if response.clicked() {
                        clicked = Some(i);
                    }
                    let line = &sh.till.cart().lines[i];
                    cart_row_ui(sh, ui, rect, line, &totals.lines[i]);
                }
            });
        if let Some(i) = clicked {
            self.selected = Some(i);
        }
    }
}

/// One cart line: quantity, name, unit price or discount (quieter), amount.
fn cart_row_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    rect: Rect,
    line: &CartLine,
    amounts: &crate::till::cart::LineAmounts,
) {
    let strike = |t: RichText| if line.voided { t.strikethrough() } else { t };
    let qty_rect = Rect::from_min_size(rect.min, vec2(110.0, ROW_H));
    let amount_rect = Rect::from_min_max(
        pos2(rect.max.x - 118.0, rect.min.y),
        pos2(rect.max.x - 8.0, rect.max.y),
    );
    let price_rect = Rect::from_min_max(
        pos2(amount_rect.min.x - 125.0, rect.min.y),
        pos2(amount_rect.min.x - 8.0, rect.max.y),
    );
    let name_rect = Rect::from_min_max(
        pos2(qty_rect.max.x + 12.0, rect.min.y),
        pos2(price_rect.min.x - 8.0, rect.max.y),
    );
    let qty = quantity_text(line.quantity, sh.locale());
    cell_ui(
        ui,
        qty_rect,
        true,
        egui::Label::new(strike(RichText::new(qty).size(22.0))),
    );
    let name = strike(RichText::new(&line.item.name).size(22.0));
    cell_ui(ui, name_rect, false, egui::Label::new(name).truncate());
    // Unit price when it is not obvious, and any discount, in a quieter column.
    let mut detail = String::new();
    if line.quantity.milli != 1000 || line.quantity.measure == Measure::Kg {
        let per = if line.quantity.measure == Measure::Kg {
            "/kg"
        } else {
            ""
        };
        detail = format!("× {}{per}", sh.money(line.unit_price()));
    }
    let discount = amounts.line_discount + amounts.ticket_discount;
    if discount > 0 {
        detail = format!("−{}", sh.money(discount));
    }
    let muted = sh.theme().muted;
    cell_ui(
        ui,
        price_rect,
        true,
        egui::Label::new(RichText::new(detail).size(17.0).color(muted)),
    );
    let amount = if line.voided {
        sh.t(id!("sale-voided")).into_owned()
    } else {
        sh.money(amounts.total)
    };
    cell_ui(
        ui,
        amount_rect,
        true,
        egui::Label::new(RichText::new(amount).size(22.0).strong()),
    );
}
