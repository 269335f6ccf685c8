//! The blind count that closes a shift: pieces per note and coin of the till's currency (one
//! free amount for anything else), typed row by row; the expected amount is shown only after
//! F12 closes.

use super::keys::Input;
use super::parse_fixed;
use super::shell::Shell;
use super::shift::ShiftScreen;
use crate::app::Clock;
use crate::app::command::Command;
use crate::{id, msg};
use eframe::egui;
use egui::{Key, RichText};

impl ShiftScreen {
    pub(super) fn count_input<C: Clock>(&mut self, sh: &mut Shell<'_, C>, input: Input) {
        let free_row = self.counts.len().saturating_sub(1);
        match input {
            Input::Char(c)
                if c.is_ascii_digit() || (self.selected == free_row && (c == ',' || c == '.')) =>
            {
                self.typed.push(c)
            }
            Input::Key(Key::Backspace) => {
                self.typed.pop();
            }
            Input::Key(Key::ArrowDown) => self.selected = (self.selected + 1).min(free_row),
            Input::Key(Key::ArrowUp) => self.selected = self.selected.saturating_sub(1),
            Input::Key(Key::Enter) => {
                let typed = std::mem::take(&mut self.typed);
                if !typed.is_empty() {
                    let value = if self.selected == free_row {
                        sh.parse_money(&typed).ok().map(|m| m.minor)
                    } else {
                        parse_fixed(&typed, 0)
                    };
                    match value {
                        Some(v) => self.counts[self.selected] = v,
                        None => {
                            sh.fail(msg!("shift-count-not-a-number", typed = typed));
                            return;
                        }
                    }
                }
                self.selected = (self.selected + 1).min(free_row);
            }
            Input::Key(Key::F12) => {
                let counted = sh.till_money(self.counted_total(sh));
                sh.run(Command::CloseShift { counted });
            }
            Input::Key(Key::Escape) => sh.go(super::Screen::Sale),
            _ => {}
        }
    }

    pub(super) fn count_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        ui.label(RichText::new(sh.t(id!("shift-count-hint"))).size(20.0));
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .max_height(480.0)
            .show(ui, |ui| {
                egui::Grid::new("count")
                    .striped(true)
                    .min_col_width(120.0)
                    .show(ui, |ui| clicked = self.count_rows_ui(sh, ui));
            });
        if let Some(i) = clicked {
            self.selected = i;
            self.typed.clear();
        }
        let total = sh.msg(msg!(
            "shift-count-total",
            amount = sh.money(self.counted_total(sh))
        ));
        ui.label(RichText::new(total).size(32.0).strong());
        if ui.button(sh.t(id!("shift-count-close"))).clicked() {
            self.count_input(sh, Input::Key(Key::F12));
        }
    }

    /// One row per denomination, then the free amount; returns the row clicked.
    fn count_rows_ui<C: Clock>(&self, sh: &Shell<'_, C>, ui: &mut egui::Ui) -> Option<usize> {
        let d = Self::denominations(sh);
        let mut clicked = None;
        for (i, n) in self.counts.iter().enumerate() {
            let on = i == self.selected;
            let label = match d.get(i) {
                Some(v) => sh.money(*v),
                None => sh.t(id!("shift-count-other")).into_owned(),
            };
            if ui
                .selectable_label(on, RichText::new(label).size(20.0))
                .clicked()
            {
                clicked = Some(i);
            }
            let count = if on && !self.typed.is_empty() {
                format!("{}|", self.typed)
            } else {
                match d.get(i) {
                    Some(_) => format!("× {n}"),
                    None => sh.money(*n),
                }
            };
            ui.label(RichText::new(count).size(20.0));
            let subtotal = d.get(i).map_or(*n, |v| v * n);
            ui.label(RichText::new(sh.money(subtotal)).size(20.0));
            ui.end_row();
        }
        clicked
    }
}
