//! Goods receipts in the Stock section: the newest receipts (drafts first), and the form of a
//! delivery — its supplier (or a new one), the delivery note's number, lines added by scanning
//! or typing a code or a name, each with its quantity and unit cost — saved as a draft or
//! posted (once: its stock and the products' average cost move together).

use super::super::shell::Shell;
use super::stock::qty;
use super::{enter_pressed, field_ui, label_ui};
use crate::app::Clock;
use crate::app::command::Command;
use crate::app::stock_office::StockChange;
use crate::store::goods_receipts::{NewSupplier, ReceiptDraft, ReceiptLine};
use crate::store::stock::StockItem;
use crate::till::format::format_fixed;
use crate::till::quantity::{milli_text, parse_milli};
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

#[derive(Clone, Debug)]
struct FormLine {
    item: StockItem,
    qty: String,
    cost: String,
}

#[derive(Clone, Debug, Default)]
struct ReceiptForm {
    id: Option<i64>,
    supplier_id: Option<i64>,
    note: String,
    lines: Vec<FormLine>,
    /// A code or a name being typed (a scanner types the code and Enter).
    code: String,
    new_supplier: Option<NewSupplier>,
    focus_code: bool,
}

#[derive(Default)]
pub(in super::super) struct ReceiptsView {
    form: Option<ReceiptForm>,
}

impl ReceiptsView {
    pub fn cancel(&mut self) -> bool {
        self.form.take().is_some()
    }

    pub fn applied(&mut self, change: &StockChange) {
        match change {
            StockChange::SaveReceipt { .. }
            | StockChange::PostReceipt { .. }
            | StockChange::DiscardReceipt(_) => self.form = None,
            StockChange::AddSupplier(_) => {
                if let Some(f) = self.form.as_mut() {
                    f.new_supplier = None;
                }
            }
            _ => {}
        }
    }

    /// A scanned code adds a line to the delivery being entered.
    pub fn scanned<C: Clock>(&mut self, sh: &mut Shell<'_, C>, code: String) -> bool {
        let Some(form) = self.form.as_mut() else {
            return false;
        };
        add_line(sh, form, &code);
        true
    }

    pub fn view_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        if self.form.is_some() {
            self.form_ui(sh, ui);
            return;
        }
        if ui.button(sh.t(id!("bo-receipt-new"))).clicked() {
            // A shop with one supplier has it chosen already.
            let suppliers = sh.till.office_suppliers();
            self.form = Some(ReceiptForm {
                focus_code: true,
                supplier_id: (suppliers.len() == 1).then(|| suppliers[0].id),
                ..ReceiptForm::default()
            });
        }
        ui.add_space(6.0);
        let receipts = sh.till.office_receipts();
        if receipts.is_empty() {
            ui.label(RichText::new(sh.t(id!("bo-receipt-none"))).weak());
            return;
        }
        egui::Grid::new("receipts-grid")
            .striped(true)
            .spacing([14.0, 6.0])
            .show(ui, |ui| {
                for h in [
                    id!("bo-receipt-col-state"),
                    id!("bo-stock-col-supplier"),
                    id!("bo-receipt-col-note"),
                    id!("bo-receipt-col-lines"),
                    id!("bo-stock-col-value"),
                    id!("bo-stock-col-when"),
                ] {
                    ui.label(RichText::new(sh.t(h)).strong());
                }
                ui.end_row();
                for r in &receipts {
                    let state = if r.state == "draft" {
                        id!("bo-receipt-draft")
                    } else {
                        id!("bo-receipt-posted")
                    };
                    ui.label(sh.t(state));
                    label_ui(ui, &r.supplier, 180.0);
                    ui.label(&r.delivery_note);
                    ui.label(r.lines.len().to_string());
                    ui.label(sh.money(r.value()));
                    let when = r.posted_at.as_deref().unwrap_or(&r.created_at);
                    ui.label(when.get(..16).unwrap_or(when).replace('T', " "));
                    if r.state == "draft" {
                        let open = sh.msg(msg!("bo-receipt-open", note = r.delivery_note.clone()));
                        let short = sh.t(id!("bo-stock-open-short")).into_owned();
                        if ui.button(short).accessible_name(open).clicked() {
                            self.form = Some(ReceiptForm {
                                id: Some(r.id),
                                supplier_id: Some(r.supplier_id),
                                note: r.delivery_note.clone(),
                                lines: r
                                    .lines
                                    .iter()
                                    .filter_map(|l| {
                                        Some(FormLine {
                                            item: sh.till.office_stock_product(l.product_id)?,
                                            qty: milli_text(l.qty_milli),
                                            cost: money_text(sh, l.unit_cost),
                                        })
                                    })
                                    .collect(),
                                focus_code: true,
                                ..ReceiptForm::default()
                            });
                        }
                    }
                    ui.end_row();
                }
            });
    }

    fn form_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let title = match form.id {
            Some(id) => sh.msg(msg!("bo-receipt-edit", id = id.to_string())),
            None => sh.t(id!("bo-receipt-new")).into_owned(),
        };
        ui.label(RichText::new(title).size(20.0).strong());
        supplier_ui(sh, ui, form);
        field_ui(
            ui,
            &sh.t(id!("bo-receipt-note")),
            &mut form.note,
            None,
            false,
            200.0,
        );
        ui.add_space(4.0);
        // Lines: a code (scanned or typed) or part of a name.
        let code = field_ui(
            ui,
            &sh.t(id!("bo-receipt-code")),
            &mut form.code,
            None,
            false,
            260.0,
        );
        if std::mem::take(&mut form.focus_code) {
            code.request_focus();
        }
        if code.lost_focus() && enter_pressed(ui) && !form.code.trim().is_empty() {
            let typed = std::mem::take(&mut form.code);
            add_line(sh, form, &typed);
            // Back in the code field at the next frame, for the next scan.
            form.focus_code = true;
        }
        let typed = form.code.trim().to_string();
        if typed.chars().count() >= 3 && !typed.chars().all(|c| c.is_ascii_digit()) {
            ui.horizontal_wrapped(|ui| {
                for item in sh.till.office_stock(&typed).into_iter().take(8) {
                    if ui.button(&item.name).clicked() {
                        form.code.clear();
                        push_line(sh, form, item);
                    }
                }
            });
        }
        lines_ui(sh, ui, form);
        ui.add_space(8.0);
        let mut action = None;
        ui.horizontal(|ui| {
            if ui.button(sh.t(id!("bo-receipt-save-draft"))).clicked() {
                action = Some(false);
            }
            let post = egui::Button::new(RichText::new(sh.t(id!("bo-receipt-post"))).strong())
                .min_size(egui::vec2(200.0, 38.0));
            if ui.add(post).clicked() {
                action = Some(true);
            }
            if let Some(id) = form.id
                && ui.button(sh.t(id!("bo-receipt-discard"))).clicked()
            {
                sh.run(Command::BackOffice(StockChange::DiscardReceipt(id).into()));
            }
        });
        if super::cancel_button_ui(sh, ui) {
            self.form = None;
            return;
        }
        let Some(post) = action else {
            return;
        };
        let Some(form) = self.form.as_ref() else {
            return;
        };
        let Some(supplier_id) = form.supplier_id else {
            sh.fail(msg!("bo-receipt-choose-supplier"));
            return;
        };
        let mut lines = Vec::with_capacity(form.lines.len());
        for l in &form.lines {
            let Some(qty_milli) = parse_milli(&l.qty) else {
                sh.fail(msg!("bo-stock-bad-qty", text = l.qty.clone()));
                return;
            };
            let Ok(cost) = sh.parse_money(&l.cost) else {
                sh.fail(msg!("bo-receipt-bad-cost", text = l.cost.clone()));
                return;
            };
            lines.push(ReceiptLine {
                product_id: l.item.product_id,
                qty_milli,
                unit_cost: cost.minor,
            });
        }
        let draft = ReceiptDraft {
            supplier_id,
            delivery_note: form.note.clone(),
            lines,
        };
        let change = if post {
            StockChange::PostReceipt { id: form.id, draft }
        } else {
            StockChange::SaveReceipt { id: form.id, draft }
        };
        sh.run(Command::BackOffice(change.into()));
    }
}

/// The cost in the till's format with its digits (`0,40`), for a form field.
fn money_text<C: Clock>(sh: &Shell<'_, C>, minor: i64) -> String {
    let c = sh.till.settings().currency;
    format_fixed(minor, c.minor_digits(), sh.locale())
}

/// A line for the product of `code`; a product not stock-tracked is refused, said why.
fn add_line<C: Clock>(sh: &mut Shell<'_, C>, form: &mut ReceiptForm, code: &str) {
    match sh.till.office_stock_item(code.trim()) {
        Ok(item) if item.tracked => push_line(sh, form, item),
        Ok(item) => sh.fail(msg!("err-stock-not-tracked", product = item.name)),
        Err(e) => sh.error(&e),
    }
}

/// Adds the product, or one more of it when it is the last line already.
fn push_line<C: Clock>(sh: &mut Shell<'_, C>, form: &mut ReceiptForm, item: StockItem) {
    if let Some(last) = form.lines.last_mut()
        && last.item.product_id == item.product_id
        && let Some(q) = parse_milli(&last.qty)
    {
        last.qty = milli_text(q + 1000);
        return;
    }
    sh.info(sh.msg(msg!("bo-receipt-line-added", name = item.name.clone())));
    form.lines.push(FormLine {
        cost: item.cost.map(|c| money_text(sh, c)).unwrap_or_default(),
        qty: "1".into(),
        item,
    });
}

fn supplier_ui<C: Clock>(sh: &mut Shell<'_, C>, ui: &mut egui::Ui, form: &mut ReceiptForm) {
    let suppliers = sh.till.office_suppliers();
    ui.horizontal(|ui| {
        label_ui(ui, sh.t(id!("bo-stock-col-supplier")), super::LABEL_W);
        let chosen = suppliers
            .iter()
            .find(|s| Some(s.id) == form.supplier_id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| sh.t(id!("bo-receipt-choose")).into_owned());
        egui::ComboBox::from_id_salt("receipt-supplier")
            .selected_text(chosen)
            .width(260.0)
            .show_ui(ui, |ui| {
                for s in &suppliers {
                    ui.selectable_value(&mut form.supplier_id, Some(s.id), &s.name);
                }
            })
            .response
            .accessible_name(sh.t(id!("bo-stock-col-supplier")));
        if form.new_supplier.is_none() && ui.button(sh.t(id!("bo-supplier-new"))).clicked() {
            form.new_supplier = Some(NewSupplier::default());
        }
    });
    let Some(mut new) = form.new_supplier.take() else {
        return;
    };
    let mut keep = true;
    egui::Frame::group(ui.style())
        .inner_margin(8.0)
        .show(ui, |ui| {
            field_ui(
                ui,
                &sh.t(id!("bo-supplier-name")),
                &mut new.name,
                None,
                false,
                260.0,
            );
            let mut tax_id = new.tax_id.clone().unwrap_or_default();
            field_ui(
                ui,
                &sh.t(id!("bo-supplier-tax-id")),
                &mut tax_id,
                None,
                false,
                160.0,
            );
            new.tax_id = Some(tax_id);
            let mut contact = new.contact.clone().unwrap_or_default();
            field_ui(
                ui,
                &sh.t(id!("bo-supplier-contact")),
                &mut contact,
                None,
                false,
                260.0,
            );
            new.contact = Some(contact);
            if ui.button(sh.t(id!("bo-supplier-add"))).clicked() {
                let name = new.name.clone();
                let added = sh.run(Command::BackOffice(
                    StockChange::AddSupplier(new.clone()).into(),
                ));
                if added {
                    form.supplier_id = sh
                        .till
                        .office_suppliers()
                        .into_iter()
                        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
                        .map(|s| s.id);
                    keep = false;
                }
            }
        });
    if keep {
        form.new_supplier = Some(new);
    }
}

fn lines_ui<C: Clock>(sh: &mut Shell<'_, C>, ui: &mut egui::Ui, form: &mut ReceiptForm) {
    if form.lines.is_empty() {
        ui.label(RichText::new(sh.t(id!("bo-receipt-no-lines"))).weak());
        return;
    }
    let mut remove = None;
    let mut total = 0i64;
    egui::Grid::new("receipt-lines")
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for h in [
                id!("bo-stock-col-product"),
                id!("bo-stock-col-stock"),
                id!("bo-stock-col-qty"),
                id!("bo-receipt-col-cost"),
                id!("bo-stock-col-value"),
            ] {
                ui.label(RichText::new(sh.t(h)).strong());
            }
            ui.end_row();
            for (i, l) in form.lines.iter_mut().enumerate() {
                label_ui(ui, &l.item.name, 260.0);
                ui.label(qty(sh, l.item.stock_milli, l.item.measure));
                let q = sh.msg(msg!("bo-receipt-qty-of", name = l.item.name.clone()));
                ui.add(egui::TextEdit::singleline(&mut l.qty).desired_width(70.0))
                    .on_hover_text(q.clone())
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &q));
                let c = sh.msg(msg!("bo-receipt-cost-of", name = l.item.name.clone()));
                ui.add(egui::TextEdit::singleline(&mut l.cost).desired_width(80.0))
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &c));
                let value = match (parse_milli(&l.qty), sh.parse_money(&l.cost)) {
                    (Some(q), Ok(c)) => Some(crate::till::stock::value_of(q, c.minor)),
                    _ => None,
                };
                total += value.unwrap_or(0);
                ui.label(value.map(|v| sh.money(v)).unwrap_or_default());
                let rm = sh.msg(msg!("bo-receipt-remove", name = l.item.name.clone()));
                if ui.button("✖").accessible_name(rm).clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        form.lines.remove(i);
    }
    ui.label(RichText::new(sh.msg(msg!("bo-receipt-total", total = sh.money(total)))).strong());
}
