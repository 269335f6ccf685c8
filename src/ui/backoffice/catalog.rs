//! The Catalog section: the product table — name, code, category, tax class, price, active —
//! filtered as you type and sorted by name or price. Only the rows on screen are drawn
//! (`ScrollArea::show_rows`) and only a window of them is read from the app, so a catalog of a
//! million products scrolls as fast as one of ten. A product opens in the form beside its price
//! history; deactivating asks first.

use super::super::shell::Shell;
use super::import::ImportPanel;
use super::product_form::{ProductForm, Submit};
use super::quick_keys::QuickKeysView;
use super::reprice::RepricePanel;
use super::{label_ui, title_ui};
use crate::app::Clock;
use crate::app::backoffice::Office;
use crate::app::command::Outcome;
use crate::store::catalog::Product;
use crate::store::catalog_page::{COUNT_CAP, CatalogSort};
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

/// A table row's height.
const ROW_H: f32 = 30.0;
/// How many rows are read around those on screen.
const WINDOW: usize = 240;
/// Column widths: name, code, category, class, price, active.
const COLS: [f32; 6] = [240.0, 140.0, 110.0, 90.0, 80.0, 64.0];

/// The catalog's two views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    Products,
    QuickKeys,
}

#[derive(Default)]
pub(super) struct CatalogView {
    tab: Tab,
    quick: QuickKeysView,
    filter: String,
    sort: CatalogSort,
    offset: usize,
    form: Option<ProductForm>,
    /// Ctrl+F: the filter takes the keyboard at the next frame.
    focus_filter: bool,
    /// The import panel, when open (instead of the table).
    import: Option<ImportPanel>,
    /// The bulk price change, when open (instead of the table).
    reprice: Option<RepricePanel>,
}

/// A change to confirm: the question, the word of "yes", the change.
pub(super) type Ask = (String, crate::i18n::Id, Office);

impl CatalogView {
    /// Escape: closes the form; false when none was open.
    pub fn cancel<C: Clock>(&mut self, sh: &mut Shell<'_, C>) -> bool {
        if self.tab == Tab::QuickKeys {
            return self.quick.cancel(sh);
        }
        self.form.take().is_some() || self.import.take().is_some() || self.reprice.take().is_some()
    }

    /// Ctrl+N or the button: a form for a new product, in the first tax class.
    pub fn new_product<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        self.tab = Tab::Products;
        let first = sh.till.tax_classes().first().map(|c| c.code.clone());
        self.form = Some(ProductForm::new(first.unwrap_or_default()));
    }

    /// Ctrl+I or the button: the import panel.
    pub fn open_import<C: Clock>(&mut self, sh: &Shell<'_, C>) {
        self.tab = Tab::Products;
        self.form = None;
        self.reprice = None;
        self.import = Some(ImportPanel::open(sh));
    }

    /// Ctrl+P or the button: the bulk price change.
    pub fn open_reprice<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        self.tab = Tab::Products;
        self.form = None;
        self.import = None;
        sh.till.dismiss_import();
        self.reprice = Some(RepricePanel::open());
    }

    /// Ctrl+K: the quick keys and colours.
    pub fn open_quick_keys(&mut self) {
        self.form = None;
        self.import = None;
        self.reprice = None;
        self.tab = Tab::QuickKeys;
    }

    /// Ctrl+F: back to the table, the cursor in its filter.
    pub fn focus_filter(&mut self) {
        self.tab = Tab::Products;
        self.form = None;
        self.import = None;
        self.reprice = None;
        self.focus_filter = true;
    }

    /// A new product stays open in the form with its id; a deactivation closes the form.
    pub fn applied(&mut self, change: &Office, outcome: &Outcome) {
        self.quick.applied(change);
        match (change, outcome) {
            (Office::SaveProduct { .. }, Outcome::Saved(_)) => self.form = None,
            (Office::SetProductActive { .. }, _) => self.form = None,
            _ => {}
        }
    }

    /// Draws the section; answers a question to ask before a change (deactivate).
    pub fn view_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) -> Option<Ask> {
        if self.form.is_some() {
            return self
                .form_ui(sh, ui)
                .map(|(q, c)| (q, id!("bo-confirm-deactivate"), c));
        }
        if let Some(panel) = self.import.as_mut() {
            if panel.panel_ui(sh, ui) {
                self.import = None;
                sh.till.dismiss_import();
            }
            return None;
        }
        if let Some(panel) = self.reprice.as_mut() {
            let (ask, close) = panel.panel_ui(sh, ui);
            if close {
                self.reprice = None;
                sh.till.dismiss_import();
            }
            return ask.map(|(q, c)| (q, id!("bo-confirm-reprice"), c));
        }
        title_ui(
            ui,
            &sh.t(id!("bo-catalog-title")),
            &sh.t(id!("bo-catalog-detail")),
        );
        ui.horizontal(|ui| {
            for (tab, name) in [
                (Tab::Products, id!("bo-catalog-tab-products")),
                (Tab::QuickKeys, id!("bo-catalog-tab-keys")),
            ] {
                let text = RichText::new(sh.t(name)).size(18.0);
                if ui.selectable_label(self.tab == tab, text).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.add_space(6.0);
        if self.tab == Tab::QuickKeys {
            self.quick.view_ui(sh, ui);
            return None;
        }
        self.toolbar_ui(sh, ui);
        self.header_ui(sh, ui);
        self.table_ui(sh, ui);
        None
    }

    fn toolbar_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = ui.label(sh.t(id!("bo-catalog-filter")));
            let edit = egui::TextEdit::singleline(&mut self.filter)
                .hint_text(sh.t(id!("bo-catalog-filter-hint")))
                .desired_width(300.0);
            let edit = ui.add(edit).labelled_by(label.id);
            if std::mem::take(&mut self.focus_filter) {
                edit.request_focus();
            }
            if edit.changed() {
                self.offset = 0;
            }
            let window = sh
                .till
                .catalog_window(&self.filter, self.sort, self.offset, WINDOW);
            let (total, loading) = (window.total, window.loading);
            let count = if total > COUNT_CAP {
                format!("{COUNT_CAP}+")
            } else {
                total.to_string()
            };
            ui.label(sh.msg(msg!("bo-catalog-count", count = count)));
            if loading {
                // The sorted window is being read beside the screen.
                ui.spinner();
            }
            if ui.button(sh.t(id!("bo-product-new"))).clicked() {
                self.new_product(sh);
            }
            if ui.button(sh.t(id!("bo-import"))).clicked() {
                self.open_import(sh);
            }
            if ui.button(sh.t(id!("bo-reprice"))).clicked() {
                self.open_reprice(sh);
            }
        });
        ui.add_space(6.0);
    }

    fn header_ui<C: Clock>(&mut self, sh: &Shell<'_, C>, ui: &mut egui::Ui) {
        let heads = [
            id!("bo-col-name"),
            id!("bo-col-code"),
            id!("bo-col-category"),
            id!("bo-col-class"),
            id!("bo-col-price"),
            id!("bo-col-active"),
        ];
        ui.horizontal(|ui| {
            for (i, (head, width)) in heads.iter().zip(COLS).enumerate() {
                let mut text = sh.t(*head).into_owned();
                let sort = match i {
                    0 => Some((CatalogSort::Name, CatalogSort::Name)),
                    4 => Some((CatalogSort::PriceUp, CatalogSort::PriceDown)),
                    _ => None,
                };
                match sort {
                    Some((up, down)) => {
                        if self.sort == up {
                            text.push_str(" ▲");
                        } else if self.sort == down && up != down {
                            text.push_str(" ▼");
                        }
                        let b = egui::Button::new(RichText::new(text).strong()).frame(false);
                        let layout = egui::Layout::left_to_right(egui::Align::Center);
                        let clicked = ui
                            .allocate_ui_with_layout(egui::vec2(width, 26.0), layout, |ui| {
                                ui.set_width(width);
                                ui.add(b).clicked()
                            })
                            .inner;
                        if clicked {
                            self.sort = if self.sort == up && up != down {
                                down
                            } else if self.sort == up {
                                CatalogSort::Added
                            } else {
                                up
                            };
                            self.offset = 0;
                        }
                    }
                    None => {
                        label_ui(ui, RichText::new(text).strong(), width);
                    }
                }
            }
        });
        ui.separator();
    }

    fn table_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let total = sh
            .till
            .catalog_window(&self.filter, self.sort, self.offset, WINDOW)
            .total;
        // A filter scrolls through its first matches; the whole catalog scrolls whole.
        let total = if self.filter.trim().is_empty() {
            total
        } else {
            total.min(COUNT_CAP + 1)
        };
        let mut open = None;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show_rows(ui, ROW_H, total, |ui, range| {
                if range.start < self.offset || range.end > self.offset + WINDOW {
                    self.offset = range.start.saturating_sub(WINDOW / 4);
                }
                let window = sh
                    .till
                    .catalog_window(&self.filter, self.sort, self.offset, WINDOW);
                // An earlier window (while this one is read beside the screen) may start later.
                let from = range.start.saturating_sub(window.offset);
                let rows: Vec<Product> = window
                    .rows
                    .iter()
                    .skip(from)
                    .take(range.len())
                    .cloned()
                    .collect();
                for p in &rows {
                    if Self::row_ui(sh, ui, p) {
                        open = Some(p.id);
                    }
                }
            });
        if let Some(id) = open
            && let Some(draft) = sh.till.product_draft(id)
        {
            self.form = Some(ProductForm::of(sh, id, &draft));
        }
    }

    /// One product's row; true when clicked.
    fn row_ui<C: Clock>(sh: &Shell<'_, C>, ui: &mut egui::Ui, p: &Product) -> bool {
        ui.horizontal(|ui| {
            ui.set_height(ROW_H);
            let name = egui::Button::new(p.name.as_str()).frame(false).truncate();
            let layout = egui::Layout::left_to_right(egui::Align::Center);
            let clicked = ui
                .allocate_ui_with_layout(egui::vec2(COLS[0], ROW_H), layout, |ui| {
                    ui.set_width(COLS[0]);
                    ui.add(name).clicked()
                })
                .inner;
            let code = p.codes.first().cloned().unwrap_or_default();
            let cells = [
                code,
                p.category.clone(),
                p.tax_class.clone(),
                sh.money(p.price),
                if p.active { "✔".into() } else { "—".into() },
            ];
            for (text, width) in cells.into_iter().zip(&COLS[1..]) {
                label_ui(ui, text, *width);
            }
            clicked
        })
        .inner
    }

    fn form_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
    ) -> Option<(String, Office)> {
        let form = self.form.as_mut()?;
        let title = match form.id {
            Some(_) => id!("bo-product-edit"),
            None => id!("bo-product-new"),
        };
        title_ui(ui, &sh.t(title), &sh.t(id!("bo-product-detail")));
        let mut ask = None;
        let mut cancel = false;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(540.0);
                egui::ScrollArea::vertical()
                    .id_salt("product-form")
                    .show(ui, |ui| {
                        let submit = form.form_ui(sh, ui);
                        cancel = submit == Submit::Cancel;
                        if let (Submit::Deactivate, Some(id)) = (submit, form.id) {
                            let name = sh
                                .till
                                .product_draft(id)
                                .map(|d| d.name)
                                .unwrap_or_default();
                            let q = sh.msg(msg!("bo-product-deactivate-ask", name = name));
                            ask = Some((q, Office::SetProductActive { id, active: false }));
                        }
                    });
            });
            if let Some(id) = form.id {
                ui.vertical(|ui| Self::history_ui(sh, ui, id));
            }
        });
        if cancel {
            self.form = None;
        }
        ask
    }

    /// The selected product's price changes, newest first.
    fn history_ui<C: Clock>(sh: &mut Shell<'_, C>, ui: &mut egui::Ui, id: i64) {
        ui.label(RichText::new(sh.t(id!("bo-price-history"))).strong());
        let rows = sh.till.price_history(id).to_vec();
        for change in rows.iter().rev().take(12) {
            let day = change.at.get(..10).unwrap_or(&change.at);
            ui.label(format!("{day}  {}", sh.money(change.new_price)));
        }
    }
}
