//! A bulk price change on screen, as `caja catalog reprice` does it: which products (a
//! category, a tax class, words of the name — all, when nothing is chosen), by how much (a
//! percentage or an amount), an optional price ending (.x9, .x5), shelf labels of what changes
//! if wanted. A preview of every old and new price comes first; Apply only once a preview of
//! exactly these choices was made, and after a "yes". The change runs on the import's thread
//! (the window keeps drawing, the till keeps selling) and is applied like an import: all at once.

use super::super::messages::error_message;
use super::super::shell::Shell;
use super::import::job_report;
use super::{LABEL_W, label_ui, title_ui};
use crate::app::Clock;
use crate::app::backoffice::Office;
use crate::app::command::Command;
use crate::app::import::ImportReport;
use crate::app::import_job::{ImportJob, JobKind};
use crate::app::reprice::{RepriceChoices, RepriceRow, parse_change};
use crate::i18n::Id;
use crate::store::reprice::RepriceFilter;
use crate::{id, msg};
use eframe::egui;
use egui::RichText;
use std::time::Duration;

/// A preview row's height.
const ROW_H: f32 = 26.0;
/// The endings offered (the last digit of the price in minor units).
const ENDINGS: [(Option<u8>, Id); 4] = [
    (None, id!("bo-reprice-ending-none")),
    (Some(9), id!("bo-reprice-ending-9")),
    (Some(5), id!("bo-reprice-ending-5")),
    (Some(0), id!("bo-reprice-ending-0")),
];

/// What the manager chose.
#[derive(Default)]
pub(super) struct RepricePanel {
    category: Option<String>,
    tax_class: Option<String>,
    words: String,
    by_amount: bool,
    value: String,
    ending: Option<u8>,
    labels: bool,
    /// The value field takes the keyboard at the next frame.
    focus: bool,
}

impl RepricePanel {
    pub fn open() -> RepricePanel {
        RepricePanel {
            focus: true,
            labels: true,
            ..RepricePanel::default()
        }
    }

    /// The choices as a dry run, or why the change typed cannot be read.
    fn choices<C: Clock>(&self, sh: &Shell<'_, C>) -> Result<RepriceChoices, String> {
        let currency = sh.till.settings().currency;
        let change = parse_change(&self.value, self.by_amount, currency)
            .map_err(|e| sh.msg(error_message(&e.into())))?;
        let words = self.words.trim();
        Ok(RepriceChoices {
            filter: RepriceFilter {
                category: self.category.clone(),
                tax_class: self.tax_class.clone(),
                search: (!words.is_empty()).then(|| words.to_string()),
            },
            change,
            ending: self.ending,
            labels: self.labels,
            dry_run: true,
        })
    }

    /// Draws the panel; answers the question to ask before applying, or true to close.
    pub fn panel_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
    ) -> (Option<(String, Office)>, bool) {
        title_ui(
            ui,
            &sh.t(id!("bo-reprice-title")),
            &sh.t(id!("bo-reprice-detail")),
        );
        let running = sh.till.poll_import().is_some_and(ImportJob::running);
        if running {
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
        let choices = ui
            .add_enabled_ui(!running, |ui| self.fields_ui(sh, ui))
            .inner;
        ui.add_space(8.0);
        let (ask, close) = self.buttons_ui(sh, ui, running, choices.ok());
        ui.add_space(8.0);
        self.job_ui(sh, ui);
        (ask, close)
    }

    /// The choices; the change as read (or why not, shown beside its field).
    fn fields_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
    ) -> Result<RepriceChoices, String> {
        let categories: Vec<String> = sh
            .till
            .categories()
            .iter()
            .map(|(c, _)| c.clone())
            .collect();
        let classes: Vec<(String, String)> = sh
            .till
            .tax_classes()
            .iter()
            .map(|c| (c.code.clone(), c.name.clone()))
            .collect();
        let all = sh.t(id!("bo-reprice-all")).into_owned();
        let all_categories = sh.t(id!("bo-reprice-all-categories")).into_owned();
        ui.label(RichText::new(sh.t(id!("bo-reprice-which"))).strong());
        egui::Grid::new("reprice-which")
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                label_ui(ui, sh.t(id!("bo-reprice-category")), LABEL_W);
                let shown = self
                    .category
                    .clone()
                    .unwrap_or_else(|| all_categories.clone());
                egui::ComboBox::from_id_salt("reprice-category")
                    .selected_text(shown)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.category, None, all_categories.as_str());
                        for c in &categories {
                            ui.selectable_value(&mut self.category, Some(c.clone()), c.as_str());
                        }
                    })
                    .response
                    .accessible_name(sh.t(id!("bo-reprice-category")));
                ui.end_row();
                label_ui(ui, sh.t(id!("bo-product-tax-class")), LABEL_W);
                let shown = self
                    .tax_class
                    .as_ref()
                    .and_then(|code| classes.iter().find(|(c, _)| c == code))
                    .map_or_else(|| all.clone(), |(_, name)| name.clone());
                egui::ComboBox::from_id_salt("reprice-class")
                    .selected_text(shown)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.tax_class, None, all.as_str());
                        for (code, name) in &classes {
                            ui.selectable_value(&mut self.tax_class, Some(code.clone()), name);
                        }
                    })
                    .response
                    .accessible_name(sh.t(id!("bo-product-tax-class")));
                ui.end_row();
                let label = label_ui(ui, sh.t(id!("bo-reprice-words")), LABEL_W);
                let edit = egui::TextEdit::singleline(&mut self.words)
                    .hint_text(sh.t(id!("bo-reprice-words-hint")))
                    .desired_width(260.0);
                ui.add(edit).labelled_by(label.id);
                ui.end_row();
            });
        ui.add_space(6.0);
        ui.label(RichText::new(sh.t(id!("bo-reprice-how"))).strong());
        let read = self.choices(sh);
        ui.horizontal(|ui| {
            let label = label_ui(ui, sh.t(id!("bo-reprice-change")), LABEL_W);
            let hint = if self.by_amount {
                id!("bo-reprice-amount-hint")
            } else {
                id!("bo-reprice-percent-hint")
            };
            let edit = egui::TextEdit::singleline(&mut self.value)
                .hint_text(sh.t(hint))
                .desired_width(120.0);
            let edit = ui.add(edit).labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                edit.request_focus();
            }
            for (amount, name) in [
                (false, id!("bo-reprice-percent")),
                (true, id!("bo-reprice-amount")),
            ] {
                if ui.radio(self.by_amount == amount, sh.t(name)).clicked() {
                    self.by_amount = amount;
                }
            }
        });
        if let Err(why) = &read
            && !self.value.trim().is_empty()
        {
            let color = ui.visuals().error_fg_color;
            ui.horizontal(|ui| {
                ui.add_space(LABEL_W + 8.0);
                ui.add(egui::Label::new(RichText::new(why).color(color)).wrap());
            });
        }
        ui.horizontal(|ui| {
            label_ui(ui, sh.t(id!("bo-reprice-ending")), LABEL_W);
            for (ending, name) in ENDINGS {
                if ui.radio(self.ending == ending, sh.t(name)).clicked() {
                    self.ending = ending;
                }
            }
        });
        ui.checkbox(&mut self.labels, sh.t(id!("bo-reprice-labels")));
        read
    }

    fn buttons_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
        running: bool,
        choices: Option<RepriceChoices>,
    ) -> (Option<(String, Office)>, bool) {
        let mut ask = None;
        let mut close = false;
        let ready = choices.as_ref().filter(|_| !running).cloned();
        // Only what was previewed, with exactly these choices, is applied.
        let changes = sh
            .till
            .poll_import()
            .and_then(|job| preview_rows(job, ready.as_ref()?))
            .map(<[_]>::len);
        let previewed = changes.is_some();
        ui.horizontal(|ui| {
            let preview = egui::Button::new(sh.t(id!("bo-reprice-preview")))
                .min_size(egui::vec2(170.0, 40.0));
            let enter = super::enter_pressed(ui) && !previewed;
            if (ui.add_enabled(ready.is_some(), preview).clicked() || enter)
                && let Some(c) = ready.clone()
            {
                sh.run(Command::BackOffice(Office::Reprice(c)));
            }
            let n = changes.unwrap_or(0);
            let apply = egui::Button::new(RichText::new(sh.t(id!("bo-reprice-apply"))).strong())
                .min_size(egui::vec2(170.0, 40.0));
            if ui.add_enabled(n > 0, apply).clicked()
                && let Some(c) = ready
            {
                let question = sh.msg(msg!("bo-reprice-ask", count = n.to_string()));
                ask = Some((
                    question,
                    Office::Reprice(RepriceChoices {
                        dry_run: false,
                        ..c
                    }),
                ));
            }
            let done =
                egui::Button::new(sh.t(id!("bo-import-close"))).min_size(egui::vec2(140.0, 40.0));
            if ui.add_enabled(!running, done).clicked() {
                close = true;
            }
        });
        (ask, close)
    }

    /// The running change's progress, or its preview (every product that changes) or result.
    fn job_ui<C: Clock>(&self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(result) = job_report(sh, ui, JobKind::Reprice) else {
            return;
        };
        match result {
            Err(why) => {
                ui.label(RichText::new(why).color(ui.visuals().error_fg_color));
            }
            Ok(ImportReport::RepricePreview { rows, unchanged }) => {
                let text = sh.msg(msg!(
                    "bo-reprice-would",
                    count = rows.len().to_string(),
                    unchanged = unchanged.to_string()
                ));
                ui.label(RichText::new(text).size(19.0));
                rows_ui(sh, ui, &rows);
            }
            Ok(ImportReport::Repriced { rows, labels, .. }) => {
                let text = sh.msg(msg!(
                    "bo-reprice-done",
                    count = rows.len().to_string(),
                    labels = labels.to_string()
                ));
                ui.label(RichText::new(text).size(19.0).strong());
                rows_ui(sh, ui, &rows);
            }
            Ok(_) => {}
        }
    }
}

/// The rows of a finished preview made with `choices`.
fn preview_rows<'a>(job: &'a ImportJob, choices: &RepriceChoices) -> Option<&'a [RepriceRow]> {
    match job.result.as_ref()? {
        Ok(ImportReport::RepricePreview { rows, .. }) if job.reprice.as_ref() == Some(choices) => {
            Some(rows)
        }
        _ => None,
    }
}

/// Each product's old and new price (only the rows on screen are drawn).
fn rows_ui<C: Clock>(sh: &Shell<'_, C>, ui: &mut egui::Ui, rows: &[RepriceRow]) {
    ui.horizontal(|ui| {
        for (head, width) in [
            (id!("bo-col-name"), 320.0),
            (id!("bo-reprice-old"), 110.0),
            (id!("bo-reprice-new"), 110.0),
        ] {
            label_ui(ui, RichText::new(sh.t(head)).strong(), width);
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("reprice-rows")
        .auto_shrink(false)
        .show_rows(ui, ROW_H, rows.len(), |ui, range| {
            for r in &rows[range] {
                ui.horizontal(|ui| {
                    label_ui(ui, r.name.as_str(), 320.0);
                    label_ui(ui, sh.money(r.old), 110.0);
                    label_ui(ui, RichText::new(sh.money(r.new)).strong(), 110.0);
                });
            }
        });
}
