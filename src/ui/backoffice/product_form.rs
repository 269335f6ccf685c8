//! The product form: every field of a `ProductDraft` as text, read through the core's own
//! `set_field` and `problems()` (the same checks as `caja catalog` and the importer), each
//! problem beside its field. A code or SKU another product owns is shown beside the codes,
//! naming that product. Save or Enter writes the product (new or the one opened).

use super::super::messages::{error_message, product_problem};
use super::super::shell::Shell;
use super::{enter_pressed, field_ui};
use crate::app::backoffice::Office;
use crate::app::command::Command;
use crate::app::{AppError, Clock};
use crate::i18n::{Id, Message};
use crate::store::StoreError;
use crate::till::format::{format_fixed, format_rate};
use crate::till::product::{FieldError, ProductDraft, ProductField};
use crate::till::quantity::Measure;
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

/// The fields typed as text, in the form's order, with their labels.
const TEXT_FIELDS: [(ProductField, Id); 9] = [
    (ProductField::Name, id!("bo-product-name")),
    (ProductField::ShortName, id!("bo-product-short-name")),
    (ProductField::Sku, id!("bo-product-sku")),
    (ProductField::Category, id!("bo-product-category")),
    (ProductField::Price, id!("bo-product-price")),
    (ProductField::Cost, id!("bo-product-cost")),
    (ProductField::Barcodes, id!("bo-product-barcodes")),
    (ProductField::Plu, id!("bo-product-plu")),
    (ProductField::NetContent, id!("bo-product-net-content")),
];

/// What the form's buttons ask of the catalog beyond saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Submit {
    Nothing,
    Deactivate,
    Cancel,
}

/// A product being edited.
#[derive(Clone, Debug)]
pub(super) struct ProductForm {
    /// `None` for a new product.
    pub id: Option<i64>,
    texts: Vec<String>,
    tax_class: String,
    by_weight: bool,
    stock_tracked: bool,
    active: bool,
    /// What the store refused, beside its field.
    refused: Option<(ProductField, String)>,
    /// The first field takes the keyboard when the form opens.
    focus_first: bool,
}

/// A typed value that does not fit its field, as the form says it.
fn field_error(e: FieldError) -> Message {
    match e {
        FieldError::Money { .. } => msg!("bo-product-bad-amount"),
        FieldError::Barcode { reason, .. } => error_message(&AppError::Barcode(reason)),
        FieldError::Unit(_) | FieldError::Flag { .. } => msg!("bo-product-bad-value"),
        FieldError::Plu(_) => msg!("bo-product-bad-plu"),
        FieldError::Content(_) => msg!("bo-product-bad-content"),
    }
}

impl ProductForm {
    /// A form for a new product, in the first tax class.
    pub fn new(tax_class: String) -> ProductForm {
        ProductForm {
            id: None,
            texts: vec![String::new(); TEXT_FIELDS.len()],
            tax_class,
            by_weight: false,
            stock_tracked: false,
            active: true,
            refused: None,
            focus_first: true,
        }
    }

    /// A form with a stored product's fields.
    pub fn of<C: Clock>(sh: &Shell<'_, C>, id: i64, d: &ProductDraft) -> ProductForm {
        let digits = sh.till.settings().currency.minor_digits();
        let amount = |m: i64| format_fixed(m, digits, sh.locale());
        let texts = TEXT_FIELDS
            .iter()
            .map(|(f, _)| match f {
                ProductField::Name => d.name.clone(),
                ProductField::ShortName => d.short_name.clone().unwrap_or_default(),
                ProductField::Sku => d.sku.clone().unwrap_or_default(),
                ProductField::Category => d.category.clone(),
                ProductField::Price => amount(d.price),
                ProductField::Cost => d.cost.map(amount).unwrap_or_default(),
                ProductField::Barcodes => d.barcodes.join(", "),
                ProductField::NetContent => d
                    .net_content
                    .map(|c| c.display(sh.locale()))
                    .unwrap_or_default(),
                _ => d.plu.clone().unwrap_or_default(),
            })
            .collect();
        ProductForm {
            id: Some(id),
            texts,
            tax_class: d.tax_class.clone(),
            by_weight: d.measure == Measure::Kg,
            stock_tracked: d.stock_tracked,
            active: d.active,
            refused: None,
            focus_first: true,
        }
    }

    /// The draft the form holds, and each field's problem.
    fn draft<C: Clock>(&self, sh: &Shell<'_, C>) -> (ProductDraft, Vec<(ProductField, String)>) {
        let currency = sh.till.settings().currency;
        let mut draft = ProductDraft {
            tax_class: self.tax_class.clone(),
            measure: if self.by_weight {
                Measure::Kg
            } else {
                Measure::Unit
            },
            stock_tracked: self.stock_tracked,
            active: self.active,
            ..ProductDraft::default()
        };
        let mut problems = Vec::new();
        for ((field, _), text) in TEXT_FIELDS.iter().zip(&self.texts) {
            if let Err(e) = draft.set_field(*field, text, currency) {
                problems.push((*field, sh.msg(field_error(e))));
            }
        }
        for p in draft.problems() {
            if !problems.iter().any(|(f, _)| *f == p.field()) {
                problems.push((p.field(), sh.msg(product_problem(&p))));
            }
        }
        (draft, problems)
    }

    /// Draws the form with its buttons; saves on Save or Enter, answers a deactivation asked for.
    pub fn form_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) -> Submit {
        let (draft, problems) = self.draft(sh);
        let mut typed = false;
        for (i, (field, label)) in TEXT_FIELDS.iter().enumerate() {
            let problem = problems
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, m)| m.clone())
                .or_else(|| {
                    self.refused
                        .clone()
                        .filter(|(f, _)| f == field)
                        .map(|(_, m)| m)
                });
            let shown = (!self.texts[i].is_empty()
                || *field == ProductField::Name && self.id.is_some())
            .then_some(problem)
            .flatten();
            let edit = field_ui(
                ui,
                &sh.t(*label),
                &mut self.texts[i],
                shown.as_deref(),
                false,
                300.0,
            );
            if i == 0 && std::mem::take(&mut self.focus_first) {
                edit.request_focus();
            }
            typed |= edit.changed();
        }
        if typed {
            self.refused = None;
        }
        self.choices_ui(sh, ui);
        ui.add_space(6.0);
        let mut deactivate = false;
        let mut cancel = false;
        let clicked = ui
            .horizontal(|ui| {
                let save = egui::Button::new(RichText::new(sh.t(id!("bo-save"))).strong())
                    .min_size(egui::vec2(160.0, 40.0));
                let clicked = ui.add(save).clicked();
                if self.id.is_some() {
                    let b = egui::Button::new(sh.t(id!("bo-product-deactivate")))
                        .min_size(egui::vec2(160.0, 40.0));
                    deactivate = ui.add(b).clicked();
                }
                cancel = super::cancel_button_ui(sh, ui);
                clicked
            })
            .inner;
        if deactivate {
            return Submit::Deactivate;
        }
        if cancel {
            return Submit::Cancel;
        }
        if clicked || enter_pressed(ui) {
            if let Some((_, first)) = problems.first() {
                sh.fail(msg!("bo-product-fix", why = first.clone()));
                return Submit::Nothing;
            }
            self.save(sh, draft);
        }
        Submit::Nothing
    }

    /// The tax class (one choice per class, with the rate in force today: Tab reaches each,
    /// Space picks it), the unit, stock and active.
    fn choices_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let today = sh.till.today();
        let format = sh.locale();
        let classes: Vec<(String, String)> = sh
            .till
            .tax_classes()
            .iter()
            .map(|c| {
                let rate = c
                    .in_force(today)
                    .map_or_else(String::new, |r| format_rate(r.rate_bp, format));
                (c.code.clone(), format!("{} · {rate}", c.name))
            })
            .collect();
        ui.horizontal(|ui| {
            super::label_ui(ui, sh.t(id!("bo-product-tax-class")), super::LABEL_W);
            ui.horizontal_wrapped(|ui| {
                ui.set_max_width(300.0);
                for (code, label) in &classes {
                    let picked = *code == self.tax_class;
                    let choice = ui.radio(picked, label);
                    if choice.clicked() {
                        self.tax_class = code.clone();
                    }
                }
            });
        });
        ui.horizontal(|ui| {
            ui.add_space(super::LABEL_W + 4.0);
            ui.checkbox(&mut self.by_weight, sh.t(id!("bo-product-by-weight")));
            ui.checkbox(&mut self.stock_tracked, sh.t(id!("bo-product-stock")));
            ui.checkbox(&mut self.active, sh.t(id!("bo-product-active")));
        });
    }

    /// Saves through the app; a code or SKU owned by another product goes beside its field.
    fn save<C: Clock>(&mut self, sh: &mut Shell<'_, C>, draft: ProductDraft) {
        let command = Command::BackOffice(Office::SaveProduct {
            id: self.id,
            draft: Box::new(draft),
        });
        let result = sh.till.apply(command.clone());
        if let Err(err @ AppError::Store(e)) = &result {
            let field = match e {
                StoreError::CodeOwned { .. } | StoreError::CodeTaken { .. } => {
                    Some(ProductField::Barcodes)
                }
                StoreError::SkuTaken { .. } => Some(ProductField::Sku),
                _ => None,
            };
            let text = sh.msg(error_message(err));
            self.refused = field.map(|f| (f, text));
        }
        sh.handle(command, result);
    }
}
