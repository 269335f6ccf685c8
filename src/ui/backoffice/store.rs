//! The Store section: every field of the store's identity in one form (names, tax id, address,
//! receipt lines, currency, language, time zone, territory), each checked as it is typed with
//! `ProfileKey::check` and its problem shown beside it. Save (or Enter) writes the changed keys,
//! only when every field is right; Escape puts the stored values back.

use super::super::messages;
use super::super::shell::Shell;
use super::{enter_pressed, field_ui, title_ui};
use crate::app::Clock;
use crate::app::backoffice::Office;
use crate::app::command::Command;
use crate::app::import_job::{ExchangeFile, exchange_files_ending};
use crate::i18n::Id;
use crate::till::profile::{ProfileKey, StoreProfile};
use crate::{id, msg};
use eframe::egui;

/// The form's text for each key, as typed.
#[derive(Default)]
pub(super) struct StoreForm {
    values: Vec<(ProfileKey, String)>,
    stored: Vec<(ProfileKey, String)>,
    /// The logo as the printer will print it, drawn once (made again after a change).
    logo_preview: Option<egui::TextureHandle>,
    /// The exchange folder's PNGs, read when the section opens and on Refresh.
    pngs: Option<Vec<ExchangeFile>>,
}

/// A key's label on the form.
fn label(key: ProfileKey) -> Id {
    match key {
        ProfileKey::LegalName => id!("bo-store-legal-name"),
        ProfileKey::TradeName => id!("bo-store-trade-name"),
        ProfileKey::TaxId => id!("bo-store-tax-id"),
        ProfileKey::Address => id!("bo-store-address"),
        ProfileKey::City => id!("bo-store-city"),
        ProfileKey::Phone => id!("bo-store-phone"),
        ProfileKey::ReceiptHeader => id!("bo-store-receipt-header"),
        ProfileKey::ReceiptFooter => id!("bo-store-receipt-footer"),
        ProfileKey::Currency => id!("bo-store-currency"),
        ProfileKey::Locale => id!("bo-store-locale"),
        ProfileKey::TimeZone => id!("bo-store-time-zone"),
        ProfileKey::Territory => id!("bo-store-territory"),
        ProfileKey::FiscalRegime => id!("bo-store-fiscal-regime"),
        ProfileKey::FiscalEnvironment => id!("bo-store-fiscal-environment"),
        ProfileKey::SimplifiedLimit => id!("bo-store-simplified-limit"),
    }
}

/// A field of a few lines (the receipt's header and footer), its problem beside it.
fn lines_ui(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    problem: Option<&str>,
) -> egui::Response {
    ui.horizontal_top(|ui| {
        let name = super::label_ui(ui, label, super::LABEL_W);
        let edit = egui::TextEdit::multiline(text)
            .desired_rows(2)
            .desired_width(380.0);
        let response = ui.add(edit).labelled_by(name.id);
        if let Some(problem) = problem {
            let color = ui.visuals().error_fg_color;
            ui.label(egui::RichText::new(problem).color(color));
        }
        response
    })
    .inner
}

impl StoreForm {
    /// After a change of the logo: its preview is drawn again.
    pub fn logo_changed(&mut self) {
        self.logo_preview = None;
    }

    /// Takes the stored values (after a save, or on entering).
    pub fn reload(&mut self, profile: &StoreProfile) {
        self.stored = ProfileKey::ALL
            .into_iter()
            .filter(|k| !k.is_fiscal())
            .map(|k| (k, k.get(profile)))
            .collect();
        self.values = self.stored.clone();
    }

    /// Escape: puts the stored values back; false when nothing was changed.
    pub fn cancel(&mut self, profile: &StoreProfile) -> bool {
        let changed = self.values != self.stored;
        self.reload(profile);
        changed
    }

    /// Draws the form and the logo; answers the question to ask before removing the logo.
    pub fn form_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
    ) -> Option<(String, Office)> {
        if self.values.is_empty() {
            self.reload(sh.till.profile());
        }
        title_ui(
            ui,
            &sh.t(id!("bo-store-title")),
            &sh.t(id!("bo-store-detail")),
        );
        let territory = sh.till.profile().territory;
        let mut all_right = true;
        let mut writing_lines = false;
        let mut ask = None;
        egui::ScrollArea::vertical()
            .max_height(ui.available_height() - 60.0)
            .show(ui, |ui| {
                for (key, value) in &mut self.values {
                    let problem = key.check(value, territory).err().map(|e| {
                        sh.msg(messages::error_message(&crate::app::AppError::Store(
                            crate::store::StoreError::Profile(e),
                        )))
                    });
                    all_right &= problem.is_none();
                    let label = sh.t(label(*key));
                    if matches!(key, ProfileKey::ReceiptHeader | ProfileKey::ReceiptFooter) {
                        let lines = lines_ui(ui, &label, value, problem.as_deref());
                        writing_lines |= lines.has_focus();
                    } else {
                        field_ui(ui, &label, value, problem.as_deref(), false, 380.0);
                    }
                }
                ui.add_space(10.0);
                ask = self.logo_ui(sh, ui);
            });
        let changed = self.values != self.stored;
        ui.add_space(8.0);
        let save = egui::Button::new(sh.t(id!("bo-save"))).min_size(egui::vec2(160.0, 40.0));
        let clicked = ui.add_enabled(changed && all_right, save).clicked();
        // Enter in the receipt's lines is a new line, not Save.
        let enter = enter_pressed(ui) && !writing_lines;
        if (clicked || enter && changed) && all_right {
            self.save(sh);
        }
        ask
    }

    /// The receipt's logo as it will print (the printer's dots, dithered), a PNG of the
    /// exchange folder to take instead, and Remove.
    fn logo_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
    ) -> Option<(String, Office)> {
        let mut ask = None;
        ui.horizontal_top(|ui| {
            super::label_ui(ui, sh.t(id!("bo-store-logo")), super::LABEL_W);
            ui.vertical(|ui| {
                let settings = sh.till.settings();
                let dots = settings.printer_profile.dots_per_line;
                match &settings.logo {
                    Some(logo) => {
                        let texture = self.logo_preview.get_or_insert_with(|| {
                            let raster = logo.raster_for(dots);
                            let (w, h) = (raster.width as usize, raster.height as usize);
                            let pixels: Vec<u8> = (0..h)
                                .flat_map(|y| (0..w).map(move |x| (x, y)))
                                .map(|(x, y)| {
                                    if raster.black(x as u32, y as u32) {
                                        0
                                    } else {
                                        255
                                    }
                                })
                                .collect();
                            let image = egui::ColorImage::from_gray([w, h], &pixels);
                            ui.ctx().load_texture(
                                "receipt-logo",
                                image,
                                egui::TextureOptions::NEAREST,
                            )
                        });
                        // Half size: a receipt's dots are about 0.125 mm.
                        let size = texture.size_vec2() * 0.5;
                        egui::Frame::new()
                            .fill(egui::Color32::WHITE)
                            .inner_margin(6.0)
                            .show(ui, |ui| {
                                ui.add(egui::Image::new((texture.id(), size)))
                                    .on_hover_text(sh.t(id!("bo-store-logo-preview")));
                            });
                        let remove = egui::Button::new(sh.t(id!("bo-store-logo-remove")));
                        if ui.add(remove).clicked() {
                            let q = sh.t(id!("bo-store-logo-remove-ask")).into_owned();
                            ask = Some((q, Office::SetLogo(None)));
                        }
                    }
                    None => {
                        ui.label(egui::RichText::new(sh.t(id!("bo-store-no-logo"))).weak());
                    }
                }
                let dir = sh.till.exchange_dir();
                let pngs = self
                    .pngs
                    .get_or_insert_with(|| exchange_files_ending(&dir, &["png"]))
                    .clone();
                let mut chosen = None;
                ui.horizontal_wrapped(|ui| {
                    ui.set_max_width(520.0);
                    for f in pngs.iter() {
                        let text = sh.msg(msg!("bo-store-logo-use", file = f.name.clone()));
                        if ui.button(text).clicked() {
                            chosen = Some(f.path.clone());
                        }
                    }
                    if ui.button(sh.t(id!("bo-import-refresh"))).clicked() {
                        self.pngs = None;
                    }
                });
                if self.pngs.as_ref().is_some_and(Vec::is_empty) {
                    let none = sh.msg(msg!("bo-store-logo-none", dir = dir.display().to_string()));
                    ui.add(egui::Label::new(egui::RichText::new(none).small().weak()).wrap());
                }
                if let Some(file) = chosen {
                    sh.run(Command::BackOffice(Office::SetLogo(Some(file))));
                }
            });
        });
        ask
    }

    /// Writes every changed key (each its own audited change).
    fn save<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        let changed: Vec<(ProfileKey, String)> = self
            .values
            .iter()
            .zip(&self.stored)
            .filter(|(v, s)| v.1 != s.1)
            .map(|(v, _)| v.clone())
            .collect();
        for (key, value) in changed {
            if !sh.run(Command::BackOffice(Office::SetProfile { key, value })) {
                return;
            }
        }
    }
}
