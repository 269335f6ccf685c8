//! The stock count in the Stock section: started for the whole shop or one category; counted
//! blind by scanning (a serial scanner, or a keyboard-wedge one typing into the code field) —
//! the screen says what has been counted of a product, never what was expected; then the
//! variance report (quantity and value, the uncounted apart) for a manager, who applies it as
//! one adjustment or cancels the count.

use super::super::shell::Shell;
use super::stock::qty;
use super::{enter_pressed, field_ui, label_ui};
use crate::app::Clock;
use crate::app::command::Command;
use crate::app::stock_office::StockChange;
use crate::store::stock_count::Uncounted;
use crate::till::permission::Role;
use crate::till::quantity::parse_milli;
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

#[derive(Default)]
pub(in super::super) struct CountView {
    category: Option<String>,
    code: String,
    qty: String,
    set: bool,
    report: bool,
    zero_uncounted: bool,
    focus: bool,
    /// The open count last shown: a count seen for the first time puts the cursor in the code
    /// field (a scanner types at once).
    seen: Option<i64>,
}

impl CountView {
    pub fn cancel(&mut self) -> bool {
        std::mem::take(&mut self.report)
    }

    pub fn applied(&mut self, change: &StockChange) {
        match change {
            StockChange::StartCount { .. } => self.focus = true,
            StockChange::ApplyCount { .. } | StockChange::CancelCount => self.report = false,
            _ => {}
        }
    }

    /// A scanned code is counted (one, or the quantity typed).
    pub fn scanned<C: Clock>(&mut self, sh: &mut Shell<'_, C>, code: String) -> bool {
        if sh.till.office_open_count().is_none() {
            return false;
        }
        self.count(sh, code);
        true
    }

    fn count<C: Clock>(&mut self, sh: &mut Shell<'_, C>, code: String) {
        let typed = self.qty.trim();
        let qty_milli = if typed.is_empty() {
            Some(1000)
        } else {
            parse_milli(typed)
        };
        let Some(qty_milli) = qty_milli else {
            sh.fail(msg!("bo-stock-bad-qty", text = typed.to_string()));
            return;
        };
        let counted = sh.run(Command::BackOffice(
            StockChange::CountScan {
                code,
                qty_milli,
                set: self.set,
            }
            .into(),
        ));
        if counted {
            self.qty.clear();
            self.set = false;
        }
    }

    pub fn view_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(count) = sh.till.office_open_count() else {
            self.start_ui(sh, ui);
            return;
        };
        if self.seen != Some(count.id) {
            self.seen = Some(count.id);
            self.focus = true;
        }
        let scope = count
            .category
            .clone()
            .unwrap_or_else(|| sh.t(id!("bo-count-whole-shop")).into_owned());
        ui.label(
            RichText::new(sh.msg(msg!(
                "bo-count-open",
                id = count.id.to_string(),
                scope = scope,
                counted = count.counted.to_string()
            )))
            .size(18.0)
            .strong(),
        );
        ui.label(RichText::new(sh.t(id!("bo-count-blind"))).weak());
        let code = field_ui(
            ui,
            &sh.t(id!("bo-count-code")),
            &mut self.code,
            None,
            false,
            260.0,
        );
        if std::mem::take(&mut self.focus) {
            code.request_focus();
        }
        field_ui(
            ui,
            &sh.t(id!("bo-count-qty")),
            &mut self.qty,
            None,
            false,
            80.0,
        );
        ui.checkbox(&mut self.set, sh.t(id!("bo-count-set")));
        let count_now = ui.button(sh.t(id!("bo-count-add"))).clicked();
        if (count_now || (code.lost_focus() && enter_pressed(ui))) && !self.code.trim().is_empty() {
            let typed = std::mem::take(&mut self.code);
            self.count(sh, typed.trim().to_string());
            // Back in the code field at the next frame, for the next scan.
            self.focus = true;
        }
        ui.add_space(8.0);
        let manager = sh
            .till
            .session()
            .is_some_and(|s| s.user.role == Role::Manager);
        ui.horizontal(|ui| {
            if manager && ui.button(sh.t(id!("bo-count-report"))).clicked() {
                self.report = true;
            }
            if manager && ui.button(sh.t(id!("bo-count-cancel"))).clicked() {
                sh.run(Command::BackOffice(StockChange::CancelCount.into()));
            }
        });
        if self.report && manager {
            self.report_ui(sh, ui);
        }
    }

    fn start_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.label(RichText::new(sh.t(id!("bo-count-none"))).weak());
        ui.horizontal(|ui| {
            label_ui(ui, sh.t(id!("bo-stock-col-category")), super::LABEL_W);
            let whole = sh.t(id!("bo-count-whole-shop")).into_owned();
            let categories: Vec<String> = sh
                .till
                .categories()
                .iter()
                .map(|(n, _)| n.clone())
                .collect();
            egui::ComboBox::from_id_salt("count-category")
                .selected_text(self.category.clone().unwrap_or_else(|| whole.clone()))
                .width(240.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.category, None, whole);
                    for name in categories {
                        ui.selectable_value(&mut self.category, Some(name.clone()), name);
                    }
                })
                .response
                .accessible_name(sh.t(id!("bo-stock-col-category")));
        });
        let start = egui::Button::new(RichText::new(sh.t(id!("bo-count-start"))).strong())
            .min_size(egui::vec2(200.0, 38.0));
        if ui.add(start).clicked() {
            sh.run(Command::BackOffice(
                StockChange::StartCount {
                    category: self.category.clone(),
                }
                .into(),
            ));
        }
    }

    /// The variance report and its apply (a manager's).
    fn report_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(report) = sh.till.office_count_report() else {
            return;
        };
        let uncounted = if self.zero_uncounted {
            Uncounted::Zero
        } else {
            Uncounted::Keep
        };
        ui.separator();
        ui.label(RichText::new(sh.t(id!("bo-count-variances"))).strong());
        // The total and the apply first: the table below may be long.
        ui.horizontal(|ui| {
            ui.checkbox(
                &mut self.zero_uncounted,
                sh.t(id!("bo-count-zero-uncounted")),
            );
            ui.label(
                RichText::new(sh.msg(msg!(
                    "bo-count-total",
                    moved = report.applied(uncounted).count().to_string(),
                    value = sh.money(report.value(uncounted))
                )))
                .strong(),
            );
            let apply = egui::Button::new(RichText::new(sh.t(id!("bo-count-apply"))).strong())
                .min_size(egui::vec2(200.0, 36.0));
            if ui.add(apply).clicked() {
                sh.run(Command::BackOffice(
                    StockChange::ApplyCount {
                        zero_uncounted: self.zero_uncounted,
                    }
                    .into(),
                ));
            }
        });
        let error = ui.visuals().error_fg_color;
        egui::ScrollArea::vertical()
            .id_salt("variances")
            .auto_shrink(false)
            .show(ui, |ui| {
                egui::Grid::new("variance-grid")
                    .striped(true)
                    .spacing([14.0, 4.0])
                    .show(ui, |ui| {
                        for h in [
                            id!("bo-stock-col-product"),
                            id!("bo-count-col-expected"),
                            id!("bo-count-col-counted"),
                            id!("bo-count-col-variance"),
                            id!("bo-stock-col-value"),
                        ] {
                            ui.label(RichText::new(sh.t(h)).strong());
                        }
                        ui.end_row();
                        for l in &report.lines {
                            label_ui(ui, &l.name, 260.0);
                            ui.label(qty(sh, l.expected_milli, l.measure));
                            ui.label(if l.uncounted {
                                sh.t(id!("bo-count-not-counted")).into_owned()
                            } else {
                                qty(sh, l.counted_milli, l.measure)
                            });
                            let v = qty(sh, l.variance_milli, l.measure);
                            let moved = !l.uncounted || uncounted == Uncounted::Zero;
                            let text = if l.variance_milli > 0 {
                                format!("+{v}")
                            } else {
                                v
                            };
                            ui.label(if l.variance_milli != 0 && moved {
                                RichText::new(text).color(error)
                            } else {
                                RichText::new(text).weak()
                            });
                            ui.label(l.value.map(|v| sh.money(v)).unwrap_or_default());
                            ui.end_row();
                        }
                    });
            });
    }
}
