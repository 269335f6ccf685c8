//! The till's quick keys and the categories' colours. The keys are laid out as the sale screen
//! shows them (grouped by category, in this order); a key moves by dragging it onto another
//! place, or — selected — with Ctrl+arrows, Delete takes it off, and a product found by name
//! is added at the end. Nothing is written until Save (Enter); Escape or Undo goes back to what
//! the till has. A category's colour (its tab and keys at the till) is one click on a swatch.

use super::super::shell::Shell;
use super::label_ui;
use crate::app::Clock;
use crate::app::backoffice::{Office, QUICK_KEYS};
use crate::app::command::Command;
use crate::store::catalog_page::CatalogSort;
use crate::{id, msg};
use eframe::egui;
use egui::{Color32, Key, RichText};

/// Keys per row, as laid out here.
const PER_ROW: usize = 6;
/// A key's size.
const KEY: egui::Vec2 = egui::vec2(124.0, 58.0);
/// The colours a category can take.
pub(super) const PALETTE: [[u8; 3]; 10] = [
    [0x60, 0x7d, 0x8b],
    [0x2e, 0x7d, 0x32],
    [0x55, 0x8b, 0x2f],
    [0xf9, 0xa8, 0x25],
    [0xef, 0x6c, 0x00],
    [0xc6, 0x28, 0x28],
    [0xad, 0x14, 0x57],
    [0x6a, 0x1b, 0x9a],
    [0x15, 0x65, 0xc0],
    [0x00, 0x83, 0x8f],
];

/// A key: the product's id, name and category.
#[derive(Clone, Debug, PartialEq, Eq)]
struct QuickKey {
    id: i64,
    name: String,
    category: String,
}

#[derive(Default)]
pub(super) struct QuickKeysView {
    /// The keys as edited; `None` until read from the till.
    keys: Option<Vec<QuickKey>>,
    selected: Option<usize>,
    find: String,
}

/// A category's colour as egui draws it.
pub(super) fn colour(rgb: [u8; 3]) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// Black or white, whichever reads better on `fill`.
fn ink(fill: Color32) -> Color32 {
    let [r, g, b, _] = fill.to_array();
    let light = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
    if light > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

impl QuickKeysView {
    /// Escape: drops the edits; false when there were none.
    pub fn cancel<C: Clock>(&mut self, sh: &mut Shell<'_, C>) -> bool {
        let edited = self.keys.as_ref().is_some_and(|k| *k != stored(sh));
        self.keys = None;
        self.selected = None;
        edited
    }

    /// After a save, the till's keys are read again.
    pub fn applied(&mut self, change: &Office) {
        if matches!(change, Office::SetQuickKeys(_)) {
            self.keys = None;
        }
    }

    pub fn view_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        egui::ScrollArea::vertical()
            .id_salt("quick-keys-view")
            .auto_shrink(false)
            .show(ui, |ui| self.contents_ui(sh, ui));
    }

    fn contents_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let mut keys = self.keys.take().unwrap_or_else(|| stored(sh));
        let colours = sh.till.categories().to_vec();
        let tint = |category: &str| {
            colours
                .iter()
                .find(|(c, _)| c == category)
                .map_or(Color32::from_gray(120), |(_, rgb)| colour(*rgb))
        };
        ui.label(
            RichText::new(sh.t(id!("bo-quick-keys")))
                .size(20.0)
                .strong(),
        );
        ui.label(RichText::new(sh.t(id!("bo-quick-keys-detail"))).weak());
        ui.add_space(4.0);
        let moved = self.keys_ui(ui, &mut keys, &tint);
        self.keyboard_ui(ui, &mut keys);
        ui.add_space(6.0);
        self.add_ui(sh, ui, &mut keys);
        ui.add_space(6.0);
        let edited = keys != stored(sh);
        ui.horizontal(|ui| {
            let save = egui::Button::new(RichText::new(sh.t(id!("bo-save"))).strong())
                .min_size(egui::vec2(160.0, 40.0));
            let enter = super::enter_pressed(ui) && edited;
            if ui.add_enabled(edited, save).clicked() || enter {
                let ids = keys.iter().map(|k| k.id).collect();
                sh.run(Command::BackOffice(Office::SetQuickKeys(ids)));
            }
            let undo = egui::Button::new(sh.t(id!("bo-undo"))).min_size(egui::vec2(140.0, 40.0));
            if ui.add_enabled(edited, undo).clicked() {
                keys = stored(sh);
                self.selected = None;
            }
        });
        if moved {
            ui.ctx().request_repaint();
        }
        self.keys = Some(keys);
        ui.add_space(14.0);
        colours_ui(sh, ui, &colours);
    }

    /// The keys in rows; a key dropped on another takes its place. True when one moved.
    fn keys_ui(
        &mut self,
        ui: &mut egui::Ui,
        keys: &mut Vec<QuickKey>,
        tint: &dyn Fn(&str) -> Color32,
    ) -> bool {
        let mut moved = None;
        egui::Grid::new("office-quick-keys")
            .spacing([6.0, 6.0])
            .show(ui, |ui| {
                for (i, key) in keys.iter().enumerate() {
                    let fill = tint(&key.category);
                    // The colour says the category; its name shows on hover.
                    let text = RichText::new(&key.name).size(13.0).color(ink(fill));
                    let selected = self.selected == Some(i);
                    let mut button = egui::Button::new(text)
                        .wrap()
                        .fill(fill)
                        .sense(egui::Sense::click_and_drag());
                    if selected {
                        button = button
                            .stroke(egui::Stroke::new(3.0, ui.visuals().selection.stroke.color));
                    }
                    let response = ui.add_sized(KEY, button).on_hover_text(&key.category);
                    response.dnd_set_drag_payload(i);
                    if response.clicked() {
                        self.selected = Some(i);
                    }
                    if let Some(from) = response.dnd_release_payload::<usize>() {
                        moved = Some((*from, i));
                    }
                    if i % PER_ROW == PER_ROW - 1 {
                        ui.end_row();
                    }
                }
            });
        if let Some((from, to)) = moved
            && from != to
            && from < keys.len()
            && to < keys.len()
        {
            let key = keys.remove(from);
            keys.insert(to, key);
            self.selected = Some(to);
            return true;
        }
        false
    }

    /// Ctrl+arrows move the selected key, Delete takes it off.
    fn keyboard_ui(&mut self, ui: &egui::Ui, keys: &mut Vec<QuickKey>) {
        let Some(at) = self.selected.filter(|i| *i < keys.len()) else {
            return;
        };
        let ctrl = egui::Modifiers::COMMAND;
        let step: [(Key, isize); 4] = [
            (Key::ArrowLeft, -1),
            (Key::ArrowRight, 1),
            (Key::ArrowUp, -(PER_ROW as isize)),
            (Key::ArrowDown, PER_ROW as isize),
        ];
        for (key, by) in step {
            if ui.input_mut(|i| i.consume_key(ctrl, key)) {
                let to = at.saturating_add_signed(by).min(keys.len() - 1);
                let moved = keys.remove(at);
                keys.insert(to, moved);
                self.selected = Some(to);
                return;
            }
        }
        let typing = ui.memory(|m| m.focused().is_some());
        if !typing && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Delete)) {
            keys.remove(at);
            self.selected = (!keys.is_empty()).then(|| at.min(keys.len() - 1));
        }
    }

    /// A product found by name or code, added at the end.
    fn add_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
        keys: &mut Vec<QuickKey>,
    ) {
        ui.horizontal(|ui| {
            let label = label_ui(ui, sh.t(id!("bo-quick-keys-add")), 180.0);
            let edit = egui::TextEdit::singleline(&mut self.find)
                .hint_text(sh.t(id!("bo-catalog-filter-hint")))
                .desired_width(280.0);
            ui.add(edit).labelled_by(label.id);
            ui.label(sh.msg(msg!(
                "bo-quick-keys-count",
                keys = keys.len().to_string(),
                max = QUICK_KEYS.to_string()
            )));
        });
        if self.find.trim().is_empty() {
            return;
        }
        let found = sh
            .till
            .catalog_window(&self.find, CatalogSort::Name, 0, 8)
            .rows
            .clone();
        ui.horizontal_wrapped(|ui| {
            for p in found.iter().filter(|p| p.active) {
                let there = keys.iter().any(|k| k.id == p.id);
                let full = keys.len() >= QUICK_KEYS;
                let text = format!("+ {}", p.name);
                if ui
                    .add_enabled(!there && !full, egui::Button::new(text))
                    .clicked()
                {
                    keys.push(QuickKey {
                        id: p.id,
                        name: p.name.clone(),
                        category: p.category.clone(),
                    });
                    self.selected = Some(keys.len() - 1);
                }
            }
        });
    }
}

/// The till's keys as stored.
fn stored<C: Clock>(sh: &mut Shell<'_, C>) -> Vec<QuickKey> {
    sh.till
        .quick_keys()
        .iter()
        .map(|p| QuickKey {
            id: p.id,
            name: p.name.clone(),
            category: p.category.clone(),
        })
        .collect()
}

/// Each category with its colour and the palette to change it.
fn colours_ui<C: Clock>(sh: &mut Shell<'_, C>, ui: &mut egui::Ui, colours: &[(String, [u8; 3])]) {
    ui.label(
        RichText::new(sh.t(id!("bo-category-colours")))
            .size(20.0)
            .strong(),
    );
    let mut change = None;
    for (name, rgb) in colours {
        ui.horizontal(|ui| {
            let fill = colour(*rgb);
            let chip = egui::Button::new(RichText::new(name).color(ink(fill)))
                .fill(fill)
                .min_size(egui::vec2(200.0, 28.0));
            ui.add(chip);
            for (n, swatch) in PALETTE.into_iter().enumerate() {
                let picked = swatch == *rgb;
                let what = sh.msg(msg!(
                    "bo-category-colour-of",
                    n = (n + 1).to_string(),
                    category = name.clone()
                ));
                let b = egui::Button::new(if picked { "✔" } else { " " })
                    .fill(colour(swatch))
                    .min_size(egui::vec2(28.0, 28.0));
                let r = ui.add(b).accessible_name(what.clone()).on_hover_text(&what);
                if r.clicked() && !picked {
                    change = Some((name.clone(), swatch));
                }
            }
        });
    }
    if let Some((name, colour)) = change {
        sh.run(Command::BackOffice(Office::SetCategoryColour {
            name,
            colour,
        }));
    }
}
