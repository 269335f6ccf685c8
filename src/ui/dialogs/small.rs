//! The small dialogs: parked sales (F4 on an empty sale), the manager's PIN, no-sale (F9, with
//! its reason) and the last receipt (F3, with reprint).

use super::super::keys::Input;
use super::super::paper_ui;
use super::super::shell::Shell;
use super::{ApprovalPurpose, Click, Overlay};
use crate::app::Clock;
use crate::app::command::Command;
use crate::id;
use crate::store::parked::ParkedSale;
use eframe::egui;
use egui::{Key, RichText};

pub(super) fn parked_input<C: Clock>(
    sh: &mut Shell<'_, C>,
    list: Vec<ParkedSale>,
    mut selected: usize,
    input: Input,
) -> Option<Overlay> {
    match input {
        Input::Key(Key::ArrowDown) => selected = (selected + 1).min(list.len().saturating_sub(1)),
        Input::Key(Key::ArrowUp) => selected = selected.saturating_sub(1),
        Input::Key(Key::Enter) => {
            if let Some(p) = list.get(selected) {
                sh.run(Command::Recall { id: p.id });
            }
            return None;
        }
        _ => {}
    }
    Some(Overlay::Parked { list, selected })
}

pub(super) fn parked_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    list: &[ParkedSale],
    selected: usize,
) -> Option<Click> {
    ui.heading(sh.t(id!("parked-title")));
    let mut click = None;
    for (i, p) in list.iter().enumerate() {
        let label = RichText::new(&p.label).size(22.0);
        if ui.selectable_label(i == selected, label).clicked() {
            click = Some(Click::Recall(p.id));
        }
    }
    click
}

pub(super) fn approval_input<C: Clock>(
    sh: &mut Shell<'_, C>,
    purpose: ApprovalPurpose,
    what: &'static str,
    mut pin: String,
    input: Input,
) -> Option<Overlay> {
    match input {
        Input::Char(c) if c.is_ascii_digit() => pin.push(c),
        Input::Key(Key::Backspace) => {
            pin.pop();
        }
        Input::Key(Key::Enter) => {
            match purpose {
                ApprovalPurpose::Approve(command) => {
                    if let Some(command) = command.with_manager_pin(pin) {
                        sh.run(command);
                    }
                }
                ApprovalPurpose::Unlock => {
                    sh.run(Command::UnlockLogin { manager_pin: pin });
                }
            }
            return None;
        }
        _ => {}
    }
    Some(Overlay::Approval { purpose, what, pin })
}

pub(super) fn approval_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    pin: &str,
) -> Option<Click> {
    ui.heading(sh.t(id!("approval-title")));
    ui.label(sh.t(id!("approval-hint")));
    ui.label(RichText::new("•".repeat(pin.len()) + " ").size(36.0));
    None
}

pub(super) fn no_sale_input<C: Clock>(
    sh: &mut Shell<'_, C>,
    mut reason: String,
    input: Input,
) -> Option<Overlay> {
    match input {
        Input::Char(c) => reason.push(c),
        Input::Key(Key::Backspace) => {
            reason.pop();
        }
        Input::Key(Key::Enter) if no_sale(sh, reason.clone()) => return None,
        _ => {}
    }
    Some(Overlay::NoSale(reason))
}

/// Opens the drawer with `reason`; whether the dialog is done (opened, or handed on to the
/// manager's PIN).
pub(super) fn no_sale<C: Clock>(sh: &mut Shell<'_, C>, reason: String) -> bool {
    let ok = sh.run(Command::NoSale {
        reason,
        manager_pin: None,
    });
    if ok {
        sh.info(sh.t(id!("no-sale-done")));
    }
    ok || sh.st.overlay.is_some()
}

pub(super) fn no_sale_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    reason: &str,
) -> Option<Click> {
    ui.heading(sh.t(id!("no-sale-title")));
    ui.label(sh.t(id!("no-sale-reason")));
    ui.label(RichText::new(format!("{reason}|")).size(26.0));
    let mut click = None;
    ui.horizontal(|ui| {
        for preset in [id!("no-sale-preset-change"), id!("no-sale-preset-error")] {
            let preset = sh.t(preset);
            if ui.button(preset.as_ref()).clicked() {
                click = Some(Click::NoSale(preset.into_owned()));
            }
        }
    });
    click
}

pub(super) fn receipt_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    lines: &[String],
) -> Option<Click> {
    ui.heading(sh.t(id!("receipt-last")));
    let mut click = None;
    if sh.till.settings().printer.is_some() && ui.button(sh.t(id!("receipt-reprint"))).clicked() {
        click = Some(Click::Reprint);
    }
    egui::ScrollArea::vertical()
        .max_height(520.0)
        .show(ui, |ui| paper_ui(ui, lines, 15.0));
    click
}

pub(super) fn reprint<C: Clock>(sh: &mut Shell<'_, C>) {
    sh.run(Command::Reprint);
}
