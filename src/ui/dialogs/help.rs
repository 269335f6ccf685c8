//! The keyboard help (F1), drawn from the key tables the sale and payment screens route their
//! input through, so it lists every key they handle and nothing else. Two columns, so that it
//! fits a 1024 × 768 window whole. In the back office, its own keys.

use super::super::Screen;
use super::super::backoffice::{KeyName, OFFICE_KEYS};
use super::super::keys::help_rows;
use super::super::sale::{PAYMENT_KEYS, SALE_KEYS};
use super::super::shell::Shell;
use super::Click;
use crate::app::Clock;
use crate::i18n::Id;
use crate::id;
use eframe::egui;
use egui::RichText;

/// Type size of the help's rows.
const SIZE: f32 = 16.0;

pub(super) fn help_ui<C: Clock>(sh: &Shell<'_, C>, ui: &mut egui::Ui) -> Option<Click> {
    ui.heading(sh.t(id!("help-title")));
    ui.set_width(940.0);
    let lang = sh.lang();
    if sh.screen() == Screen::BackOffice {
        let rows: Vec<(String, String)> = OFFICE_KEYS
            .iter()
            .map(|(key, help)| {
                let key = match key {
                    KeyName::Text(text) => (*text).to_string(),
                    KeyName::Word(word) => sh.t(*word).into_owned(),
                };
                (key, sh.t(*help).into_owned())
            })
            .collect();
        column_ui(sh, ui, id!("help-office"), &rows);
        return None;
    }
    ui.columns(2, |columns| {
        let tables = [
            (id!("help-sale"), help_rows(lang, &SALE_KEYS)),
            (id!("help-payment"), help_rows(lang, &PAYMENT_KEYS)),
        ];
        for (ui, (title, rows)) in columns.iter_mut().zip(tables) {
            column_ui(sh, ui, title, &rows);
        }
    });
    None
}

fn column_ui<C: Clock>(sh: &Shell<'_, C>, ui: &mut egui::Ui, title: Id, rows: &[(String, String)]) {
    ui.label(RichText::new(sh.t(title)).strong().size(SIZE + 2.0));
    egui::Grid::new(title.as_str())
        .striped(true)
        .spacing([10.0, 4.0])
        .min_row_height(SIZE + 6.0)
        .show(ui, |ui| {
            for (keys, what) in rows {
                ui.label(RichText::new(keys).strong().size(SIZE));
                ui.label(RichText::new(what).size(SIZE));
                ui.end_row();
            }
        });
}
