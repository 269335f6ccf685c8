//! Search (F2): products as you type; ↑ ↓ choose, Enter or a click adds, Esc closes. A scan
//! while the box has text goes to the sale (see `burst` in `mod.rs`).

use super::super::keys::Input;
use super::super::shell::Shell;
use super::{Click, Overlay};
use crate::app::Clock;
use crate::app::command::Command;
use crate::id;
use crate::store::catalog::Product;
use crate::till::quantity::Measure;
use eframe::egui;
use egui::{Key, RichText};

/// How many products the box lists.
const SHOWN: usize = 8;

pub(super) fn input<C: Clock>(
    sh: &mut Shell<'_, C>,
    mut query: String,
    mut results: Vec<Product>,
    mut selected: usize,
    input: Input,
) -> Option<Overlay> {
    match input {
        Input::Char(c) => {
            query.push(c);
            results = sh.till.search(&query, SHOWN).unwrap_or_default();
            selected = 0;
        }
        Input::Key(Key::Backspace) => {
            query.pop();
            results = sh.till.search(&query, SHOWN).unwrap_or_default();
            selected = 0;
        }
        Input::Key(Key::ArrowDown) => {
            selected = (selected + 1).min(results.len().saturating_sub(1));
        }
        Input::Key(Key::ArrowUp) => selected = selected.saturating_sub(1),
        Input::Key(Key::Enter) => {
            if let Some(p) = results.get(selected) {
                let product_id = p.id;
                sh.run(Command::AddProduct { product_id });
                return None;
            }
        }
        _ => {}
    }
    Some(Overlay::Search {
        query,
        results,
        selected,
    })
}

pub(super) fn search_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    query: &str,
    results: &[Product],
    selected: usize,
) -> Option<Click> {
    ui.heading(sh.t(id!("search-title")));
    super::query_ui(ui, query);
    if results.is_empty() && !query.is_empty() {
        ui.label(sh.t(id!("search-nothing")));
    }
    let mut click = None;
    for (i, p) in results.iter().enumerate() {
        let price = if p.measure == Measure::Kg {
            format!("{}/kg", sh.money(p.price))
        } else {
            sh.money(p.price)
        };
        let row = egui::Button::selectable(i == selected, RichText::new(&p.name).size(22.0))
            .right_text(RichText::new(price).size(22.0).strong())
            .min_size(egui::vec2(540.0, 44.0));
        if ui.add(row).clicked() {
            click = Some(Click::AddProduct(p.id));
        }
    }
    ui.label(RichText::new(sh.t(id!("search-hint"))).color(sh.theme().muted));
    click
}
