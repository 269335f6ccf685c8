//! The sale screen's right side and foot: totals in large type, the item just scanned or the
//! change of the last sale, a touch button for each function key (named from the key table),
//! the payment panel, and the quick-key grid of favourites.

use super::super::keys::button_label;
use super::super::shell::Shell;
use super::layout::quantity_text;
use super::{PAYMENT_KEYS, PayAction, SALE_KEYS, SaleAction, SaleScreen};
use crate::app::Clock;
use crate::app::command::Command;
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

/// The big function buttons, two a row; the first (pay) stands out.
const BIG: [SaleAction; 8] = [
    SaleAction::Pay,
    SaleAction::Search,
    SaleAction::ParkOrRecall,
    SaleAction::Discount,
    SaleAction::Void,
    SaleAction::Return,
    SaleAction::NoSale,
    SaleAction::Shift,
];

/// The small buttons under them.
const SMALL: [SaleAction; 3] = [
    SaleAction::LastReceipt,
    SaleAction::Help,
    SaleAction::Logout,
];

impl SaleScreen {
    pub(super) fn totals_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let totals = sh.till.totals();
        ui.add_space(4.0);
        ui.label(
            RichText::new(sh.t(id!("sale-total")))
                .size(24.0)
                .color(sh.theme().muted),
        );
        let total = RichText::new(sh.money(totals.total)).size(60.0).strong();
        ui.label(total.color(sh.theme().accent));
        let tax: i64 = totals.taxes.iter().map(|r| r.quota).sum();
        ui.label(RichText::new(sh.msg(msg!("sale-tax-included", tax = sh.money(tax)))).size(20.0));
        if totals.recargo != 0 {
            let recargo = sh.msg(msg!("sale-recargo", amount = sh.money(totals.recargo)));
            ui.label(RichText::new(recargo).size(20.0));
        }
        if totals.discount_total > 0 {
            let discounts = sh.msg(msg!(
                "sale-discounts",
                amount = sh.money(totals.discount_total)
            ));
            ui.label(RichText::new(discounts).size(20.0));
        }
        // A full invoice names its customer on the screen before it is paid.
        if let Some(c) = sh.till.invoice_customer() {
            let to = sh.msg(msg!(
                "sale-invoice-to",
                name = c.draft.name.clone(),
                tax_id = c.draft.tax_id.clone()
            ));
            ui.label(
                RichText::new(to)
                    .size(18.0)
                    .strong()
                    .color(sh.theme().accent),
            );
        }
        ui.separator();
        if sh.screen() == super::Screen::Payment {
            self.payment_ui(sh, ui);
            return;
        }
        self.last_ui(sh, ui);
        ui.add_space(8.0);
        self.buttons_ui(sh, ui);
    }

    /// The item just scanned, or the last sale's number and change.
    fn last_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        if let Some(s) = &self.last_scanned {
            let text = format!(
                "{}\n{} × {} = {}",
                s.name,
                quantity_text(s.quantity, sh.locale()),
                sh.money(s.unit_price),
                sh.money(s.line_total)
            );
            ui.label(RichText::new(text).size(26.0).strong());
        } else if let Some((number, change)) = &self.last_sale {
            ui.label(RichText::new(number.clone()).size(22.0));
            let change = sh.msg(msg!("sale-change", amount = sh.money(*change)));
            ui.label(
                RichText::new(change)
                    .size(46.0)
                    .strong()
                    .color(sh.theme().ok),
            );
        }
    }

    fn buttons_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let lang = sh.lang();
        let mut pressed = None;
        egui::Grid::new("function_keys")
            .num_columns(2)
            .spacing([8.0, 8.0])
            .show(ui, |ui| {
                for (i, action) in BIG.into_iter().enumerate() {
                    let label = RichText::new(button_label(lang, &SALE_KEYS, action)).size(18.0);
                    let mut b = egui::Button::new(label).truncate();
                    if i == 0 {
                        b = b.fill(sh.theme().accent.gamma_multiply(0.35));
                    }
                    if ui.add_sized(egui::vec2(172.0, 54.0), b).clicked() {
                        pressed = Some(action);
                    }
                    if i % 2 == 1 {
                        ui.end_row();
                    }
                }
            });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            for action in SMALL {
                let label = RichText::new(button_label(lang, &SALE_KEYS, action)).size(16.0);
                if ui
                    .add_sized(egui::vec2(113.0, 44.0), egui::Button::new(label))
                    .clicked()
                {
                    pressed = Some(action);
                }
            }
        });
        // The sale's customer: a full invoice (F5).
        let label = RichText::new(button_label(lang, &SALE_KEYS, SaleAction::Customer));
        if ui
            .add_sized(egui::vec2(352.0, 40.0), egui::Button::new(label.size(16.0)))
            .clicked()
        {
            pressed = Some(SaleAction::Customer);
        }
        // The back office's way in, for those who may enter — a cashier while a stock count
        // is open, to scan into it (the app checks again).
        if sh
            .till
            .may(crate::till::permission::Permission::OpenBackOffice)
            || sh.till.counting()
        {
            let label = RichText::new(button_label(lang, &SALE_KEYS, SaleAction::BackOffice));
            let b = egui::Button::new(label.size(16.0));
            if ui.add_sized(egui::vec2(352.0, 40.0), b).clicked() {
                pressed = Some(SaleAction::BackOffice);
            }
        }
        if let Some(action) = pressed {
            self.press(sh, action);
        }
    }

    fn payment_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let (left, paid) = sh.till.payment().map_or((0, 0), |p| {
            let paid = p.tenders.iter().map(|t| t.amount.minor).sum::<i64>();
            (p.remaining_in_cash().minor, paid)
        });
        ui.label(RichText::new(sh.t(id!("pay-to-pay"))).size(24.0));
        ui.label(RichText::new(sh.money(left)).size(48.0).strong());
        if paid > 0 {
            ui.label(RichText::new(sh.msg(msg!("pay-paid", amount = sh.money(paid)))).size(20.0));
        }
        let hint = RichText::new(sh.t(id!("pay-hint"))).size(18.0);
        ui.label(hint.color(sh.theme().muted));
        let lang = sh.lang();
        let size = egui::vec2(340.0, 56.0);
        let button = |action| egui::Button::new(button_label(lang, &PAYMENT_KEYS, action));
        if ui.add_sized(size, button(PayAction::Tender)).clicked() {
            sh.run(Command::Cash { amount: None });
        }
        for note in sh.till.settings().currency.quick_notes() {
            let label = sh.msg(msg!("pay-cash-note", amount = sh.money(note)));
            if ui
                .add_sized(egui::vec2(340.0, 44.0), egui::Button::new(label))
                .clicked()
            {
                sh.run(Command::Cash {
                    amount: Some(sh.till_money(note)),
                });
            }
        }
        if ui.add_sized(size, button(PayAction::Card)).clicked() {
            sh.run(Command::Card { reference: None });
        }
        if ui.add_sized(size, button(PayAction::Back)).clicked() && sh.run(Command::CancelPayment) {
            sh.go(super::Screen::Sale);
        }
    }

    pub(super) fn quick_keys_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let mut categories: Vec<&str> = Vec::new();
        for p in &self.favourites {
            if !categories.contains(&p.category.as_str()) {
                categories.push(&p.category);
            }
        }
        let tint = |category: &str| {
            self.colours
                .iter()
                .find(|(c, _)| c == category)
                .map(|(_, [r, g, b])| egui::Color32::from_rgb(*r, *g, *b))
        };
        let mut chosen = None;
        ui.horizontal(|ui| {
            ui.spacing_mut().interact_size.y = 38.0;
            for c in &categories {
                let on = self.category.as_deref() == Some(*c);
                let mut tab = egui::Button::selectable(on, RichText::new(*c).size(18.0));
                if let Some(colour) = tint(c) {
                    // The category's colour: full on its tab when shown, a stripe below else.
                    tab = tab.stroke(egui::Stroke::new(if on { 3.0 } else { 1.5 }, colour));
                }
                if ui.add(tab).clicked() {
                    chosen = Some(c.to_string());
                }
            }
        });
        if chosen.is_some() {
            self.category = chosen;
        }
        let mut add = None;
        ui.spacing_mut().button_padding = egui::vec2(6.0, 3.0);
        egui::Grid::new("quick_keys")
            .spacing([6.0, 6.0])
            .show(ui, |ui| {
                let shown = self
                    .favourites
                    .iter()
                    .filter(|p| Some(&p.category) == self.category.as_ref())
                    .take(8);
                for (i, p) in shown.enumerate() {
                    let text = RichText::new(format!("{}\n{}", p.name, sh.money(p.price)));
                    let mut b = egui::Button::new(text.size(15.0)).wrap();
                    if let Some(colour) = tint(&p.category) {
                        b = b.stroke(egui::Stroke::new(2.0, colour));
                    }
                    if ui.add_sized(egui::vec2(150.0, 56.0), b).clicked() {
                        add = Some(p.id);
                    }
                    if i % 4 == 3 {
                        ui.end_row();
                    }
                }
            });
        if let Some(product_id) = add {
            sh.run(Command::AddProduct { product_id });
        }
    }
}
