//! The catalog's import, on screen: the files of the exchange folder (the one place the till
//! may read them from), the choices `caja catalog import` takes as flags (a tax class for files
//! without tax, whether prices include it), a preview first — new, changed and unchanged, or
//! every bad row as the spreadsheet numbers it — and only then the import, with a progress bar
//! while it runs on its own thread. All or nothing, as on the command line.

use super::super::messages::{clash_message, error_message};
use super::super::shell::Shell;
use super::title_ui;
use crate::app::Clock;
use crate::app::backoffice::Office;
use crate::app::command::Command;
use crate::app::import::{ImportChoices, ImportReport, Progress};
use crate::app::import_job::{ExchangeFile, ImportJob, JobKind, exchange_files};
use crate::i18n::Id;
use crate::till::product::ProductField;
use crate::{id, msg};
use eframe::egui;
use egui::RichText;
use std::path::PathBuf;
use std::time::Duration;

/// How many bad rows are listed (the rest are counted).
const SHOWN_PROBLEMS: usize = 200;

/// What the manager chose, the file and the choices.
#[derive(Default)]
pub(super) struct ImportPanel {
    files: Vec<ExchangeFile>,
    file: Option<PathBuf>,
    /// For a file without tax: the class of all its products.
    tax_class: Option<String>,
    /// `None`: as the file's layout says.
    prices_include_tax: Option<bool>,
    /// The file and choices of the last preview that found nothing wrong: only they import.
    previewed: Option<(PathBuf, ImportChoices)>,
    /// A file whose header was not recognised: each of its columns with the field it holds.
    mapping: Option<(PathBuf, Vec<Column>)>,
}

/// A column of the file (its header) and the field it holds, if any.
type Column = (String, Option<ProductField>);

/// A field's name in the mapping step.
fn field_name(field: ProductField) -> Id {
    match field {
        ProductField::Sku => id!("bo-product-sku"),
        ProductField::Name => id!("bo-product-name"),
        ProductField::ShortName => id!("bo-product-short-name"),
        ProductField::Category => id!("bo-product-category"),
        ProductField::TaxClass => id!("bo-product-tax-class"),
        ProductField::Price => id!("bo-product-price"),
        ProductField::Cost => id!("bo-product-cost"),
        ProductField::Barcodes => id!("bo-product-barcodes"),
        ProductField::Plu => id!("bo-product-plu"),
        ProductField::Measure => id!("bo-product-by-weight"),
        ProductField::NetContent => id!("bo-product-net-content"),
        ProductField::StockTracked => id!("bo-product-stock"),
        ProductField::Active => id!("bo-product-active"),
    }
}

/// A byte count for people: "12 KB", "3,4 MB".
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", b / 1024),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)).replace('.', ","),
    }
}

impl ImportPanel {
    /// The panel, with the exchange folder's files as they are now.
    pub fn open<C: Clock>(sh: &Shell<'_, C>) -> ImportPanel {
        ImportPanel {
            files: exchange_files(&sh.till.exchange_dir()),
            ..ImportPanel::default()
        }
    }

    fn choices(&self, dry_run: bool) -> ImportChoices {
        let map = match (&self.mapping, &self.file) {
            (Some((file, columns)), Some(chosen)) if file == chosen => columns
                .iter()
                .filter_map(|(header, field)| field.map(|f| (header.clone(), f)))
                .collect(),
            _ => Vec::new(),
        };
        ImportChoices {
            map,
            tax_class: self.tax_class.clone(),
            prices_include_tax: self.prices_include_tax,
            dry_run,
            ..ImportChoices::default()
        }
    }

    /// Draws the panel; true when it is to close.
    pub fn panel_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) -> bool {
        let dir = sh.till.exchange_dir().display().to_string();
        title_ui(
            ui,
            &sh.t(id!("bo-import-title")),
            &sh.msg(msg!("bo-import-detail", dir = dir.clone())),
        );
        let running = sh.till.poll_import().is_some_and(ImportJob::running);
        if running {
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
        self.files_ui(sh, ui, &dir, running);
        ui.add_space(8.0);
        self.mapping_ui(sh, ui, running);
        self.choices_ui(sh, ui, running);
        ui.add_space(8.0);
        let close = self.buttons_ui(sh, ui, running);
        ui.add_space(8.0);
        self.job_ui(sh, ui);
        close
    }

    fn files_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
        dir: &str,
        running: bool,
    ) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(sh.t(id!("bo-import-files"))).strong());
            if ui.button(sh.t(id!("bo-import-refresh"))).clicked() {
                self.files = exchange_files(&sh.till.exchange_dir());
            }
            // A USB stick at the exchange folder: unmounted on request (the till asks, a
            // system unit does it), never pulled out mid-write.
            if !running
                && sh.till.exchange_on_usb()
                && ui.button(sh.t(id!("bo-usb-eject"))).clicked()
            {
                match sh.till.request_usb_eject() {
                    Ok(()) => sh.info(sh.t(id!("bo-usb-eject-asked"))),
                    Err(e) => sh.error(&e),
                }
            }
        });
        if self.files.is_empty() {
            let none = sh.msg(msg!("bo-import-no-files", dir = dir.to_string()));
            ui.add(egui::Label::new(RichText::new(none).weak()).wrap());
            return;
        }
        egui::ScrollArea::vertical()
            .id_salt("import-files")
            .max_height(150.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for f in &self.files {
                        let picked = self.file.as_ref() == Some(&f.path);
                        let text = format!("{}   {}", f.name, size(f.bytes));
                        let row = egui::Button::selectable(picked, text)
                            .min_size(egui::vec2(240.0, 30.0));
                        if ui.add_enabled(!running, row).clicked() {
                            self.file = Some(f.path.clone());
                        }
                    }
                });
            });
    }

    /// The mapping step: a file whose header was not recognised gets a field per column.
    fn mapping_ui<C: Clock>(&mut self, sh: &Shell<'_, C>, ui: &mut egui::Ui, running: bool) {
        let Some((file, columns)) = self.mapping.as_mut() else {
            return;
        };
        if self.file.as_ref() != Some(file) {
            return;
        }
        ui.label(RichText::new(sh.t(id!("bo-import-map"))).strong());
        ui.add_enabled_ui(!running, |ui| {
            egui::Grid::new("import-mapping")
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for (i, (header, field)) in columns.iter_mut().enumerate() {
                        ui.label(header.as_str());
                        let shown = field.map_or_else(
                            || sh.t(id!("bo-import-map-ignore")),
                            |f| sh.t(field_name(f)),
                        );
                        egui::ComboBox::from_id_salt(("import-map", i))
                            .selected_text(shown.into_owned())
                            .width(240.0)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(field, None, sh.t(id!("bo-import-map-ignore")));
                                for f in ProductField::ALL {
                                    ui.selectable_value(field, Some(f), sh.t(field_name(f)));
                                }
                            })
                            .response
                            .accessible_name(
                                sh.msg(msg!("bo-import-map-column", column = header.clone())),
                            );
                        ui.end_row();
                    }
                });
        });
        ui.add_space(8.0);
    }

    fn choices_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui, running: bool) {
        let classes: Vec<(String, String)> = sh
            .till
            .tax_classes()
            .iter()
            .map(|c| (c.code.clone(), c.name.clone()))
            .collect();
        ui.add_enabled_ui(!running, |ui| {
            ui.label(RichText::new(sh.t(id!("bo-import-tax-class"))).strong());
            ui.horizontal_wrapped(|ui| {
                let none = self.tax_class.is_none();
                if ui.radio(none, sh.t(id!("bo-import-from-file"))).clicked() {
                    self.tax_class = None;
                }
                for (code, name) in &classes {
                    let picked = self.tax_class.as_ref() == Some(code);
                    if ui.radio(picked, name).clicked() {
                        self.tax_class = Some(code.clone());
                    }
                }
            });
            ui.label(RichText::new(sh.t(id!("bo-import-prices"))).strong());
            ui.horizontal(|ui| {
                for (value, label) in [
                    (None, id!("bo-import-prices-as-layout")),
                    (Some(true), id!("bo-import-with-tax")),
                    (Some(false), id!("bo-import-without-tax")),
                ] {
                    if ui
                        .radio(self.prices_include_tax == value, sh.t(label))
                        .clicked()
                    {
                        self.prices_include_tax = value;
                    }
                }
            });
        });
    }

    /// Preview, Import (once a clean preview was made of this file with these choices) and
    /// Close; true on Close.
    fn buttons_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
        running: bool,
    ) -> bool {
        let mut close = false;
        ui.horizontal(|ui| {
            let chosen = self.file.clone().filter(|_| !running);
            let preview =
                egui::Button::new(sh.t(id!("bo-import-preview"))).min_size(egui::vec2(170.0, 40.0));
            if ui.add_enabled(chosen.is_some(), preview).clicked()
                && let Some(file) = chosen.clone()
            {
                self.previewed = None;
                let choices = self.choices(true);
                sh.run(Command::BackOffice(Office::Import { file, choices }));
            }
            let ready = chosen.as_ref().is_some_and(|file| {
                self.previewed.as_ref() == Some(&(file.clone(), self.choices(true)))
            });
            let import = egui::Button::new(RichText::new(sh.t(id!("bo-import-go"))).strong())
                .min_size(egui::vec2(170.0, 40.0));
            if ui.add_enabled(ready, import).clicked()
                && let Some(file) = chosen
            {
                self.previewed = None;
                let choices = self.choices(false);
                sh.run(Command::BackOffice(Office::Import { file, choices }));
            }
            let done =
                egui::Button::new(sh.t(id!("bo-import-close"))).min_size(egui::vec2(140.0, 40.0));
            if ui.add_enabled(!running, done).clicked() {
                close = true;
            }
        });
        close
    }

    /// The running job's progress bar, or the last job's report.
    fn job_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(job) = sh.till.poll_import().filter(|j| j.kind == JobKind::Import) else {
            return;
        };
        let (file, choices) = (job.file.clone(), job.choices.clone());
        let unknown = job.unknown_header().map(<[String]>::to_vec);
        let mapping_asked = unknown.is_some();
        if let Some(headers) = unknown
            && self.mapping.as_ref().is_none_or(|(f, _)| *f != file)
        {
            let columns = headers.into_iter().map(|h| (h, None)).collect();
            self.mapping = Some((file.clone(), columns));
        }
        let Some(result) = job_report(sh, ui, JobKind::Import) else {
            return;
        };
        let color = ui.visuals().error_fg_color;
        match result {
            // An unknown header is answered by the mapping step above.
            Err(_) if mapping_asked => {}
            Err(why) => {
                ui.label(RichText::new(why).color(color));
            }
            Ok(ImportReport::WouldImport {
                layout,
                new,
                changed,
                unchanged,
            }) => {
                let text = sh.msg(msg!(
                    "bo-import-would",
                    layout = layout.name(),
                    new = new.to_string(),
                    changed = changed.to_string(),
                    unchanged = unchanged.to_string()
                ));
                ui.label(RichText::new(text).size(19.0));
                if choices.dry_run {
                    self.previewed = Some((file, choices));
                }
            }
            Ok(ImportReport::Imported { layout, done }) => {
                let text = sh.msg(msg!(
                    "bo-import-done",
                    layout = layout.name(),
                    new = done.new.to_string(),
                    changed = done.changed.to_string(),
                    unchanged = done.unchanged.to_string()
                ));
                ui.label(RichText::new(text).size(19.0).strong());
            }
            // A bulk price change's report is its own panel's.
            Ok(ImportReport::RepricePreview { .. } | ImportReport::Repriced { .. }) => {}
            Ok(ImportReport::Refused {
                problems, clashes, ..
            }) => {
                let bad = problems.len() + clashes.len();
                let text = sh.msg(msg!("bo-import-refused", rows = bad.to_string()));
                ui.label(RichText::new(text).size(19.0).color(color));
                let lang = sh.lang();
                let mut lines: Vec<(usize, String)> = problems
                    .iter()
                    .map(|p| (p.row, p.describe(lang)))
                    .chain(
                        clashes
                            .iter()
                            .map(|c| (c.row, sh.msg(clash_message(c.row, &c.clash)))),
                    )
                    .collect();
                lines.sort_by_key(|(row, _)| *row);
                egui::ScrollArea::vertical()
                    .id_salt("import-problems")
                    .max_height(300.0)
                    .show(ui, |ui| {
                        for (_, line) in lines.iter().take(SHOWN_PROBLEMS) {
                            ui.add(egui::Label::new(line).wrap());
                        }
                        if lines.len() > SHOWN_PROBLEMS {
                            let more = lines.len() - SHOWN_PROBLEMS;
                            ui.label(sh.msg(msg!("bo-import-more", rows = more.to_string())));
                        }
                    });
            }
        }
    }
}

/// The back office's job of `kind` once done: its report, or why it failed in the screen's
/// words; while it runs, its progress bar (and `None`).
pub(super) fn job_report<C: Clock>(
    sh: &mut Shell<'_, C>,
    ui: &mut egui::Ui,
    kind: JobKind,
) -> Option<Result<ImportReport, String>> {
    let job = sh.till.poll_import().filter(|j| j.kind == kind)?;
    let progress = job.progress;
    let result = job.result.as_ref().map(|r| match r {
        Ok(report) => Ok(report.clone()),
        Err(e) => Err(error_message(e)),
    });
    match result {
        Some(r) => Some(r.map_err(|m| sh.msg(m))),
        None => {
            let (fraction, text) = progress_text(sh, progress);
            ui.add(
                egui::ProgressBar::new(fraction)
                    .text(text)
                    .desired_width(520.0),
            );
            None
        }
    }
}

/// The progress bar's fill and words.
fn progress_text<C: Clock>(sh: &Shell<'_, C>, progress: Option<Progress>) -> (f32, String) {
    let part = |rows: usize, of: usize| rows as f32 / of.max(1) as f32;
    match progress {
        None => (0.0, sh.t(id!("bo-import-starting")).into_owned()),
        Some(Progress::Reading { rows, of }) => (
            0.3 * part(rows, of),
            sh.msg(msg!(
                "bo-import-reading",
                rows = rows.to_string(),
                of = of.to_string()
            )),
        ),
        Some(Progress::Checking) => (0.3, sh.t(id!("bo-import-checking")).into_owned()),
        Some(Progress::Writing { rows, of }) => (
            0.35 + 0.6 * part(rows, of),
            sh.msg(msg!(
                "bo-import-writing",
                rows = rows.to_string(),
                of = of.to_string()
            )),
        ),
        Some(Progress::Publishing) => (0.97, sh.t(id!("bo-import-publishing")).into_owned()),
    }
}
