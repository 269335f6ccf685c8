//! The customer (F5): the sale becomes a full invoice to a customer of the book. Type words of
//! the name or the tax id; ↑ ↓ choose, Enter invoices to the one chosen; F5 again opens a form
//! for a new customer (Tab or ↓ to the next field, Enter adds and invoices); Delete turns the
//! sale back into a ticket; Esc closes.

use super::super::keys::Input;
use super::super::shell::Shell;
use super::{Click, Overlay};
use crate::app::Clock;
use crate::app::command::Command;
use crate::id;
use crate::till::customer::{Customer, CustomerDraft};
use eframe::egui;
use egui::{Key, RichText};

/// How many customers the box lists.
const SHOWN: usize = 8;

/// A new customer being typed: tax id, name, address, postcode and town, country.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerForm {
    pub fields: [String; 5],
    pub focus: usize,
}

const LABELS: [crate::i18n::Id; 5] = [
    id!("customer-tax-id"),
    id!("customer-name"),
    id!("customer-address"),
    id!("customer-city"),
    id!("customer-country"),
];

impl CustomerForm {
    fn draft(&self) -> CustomerDraft {
        let f = &self.fields;
        CustomerDraft {
            tax_id: f[0].clone(),
            name: f[1].clone(),
            address: f[2].clone(),
            city: f[3].clone(),
            country: f[4].clone(),
            recargo: false,
        }
    }
}

/// The dialog's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerPick {
    /// A full invoice replacing this ticket (F3) rather than the open sale's customer.
    pub ticket: Option<String>,
    pub query: String,
    pub results: Vec<Customer>,
    pub selected: usize,
    pub form: Option<CustomerForm>,
}

pub(super) fn input<C: Clock>(
    sh: &mut Shell<'_, C>,
    mut pick: CustomerPick,
    input: Input,
) -> Option<Overlay> {
    if let Some(form) = pick.form.as_mut() {
        match input {
            Input::Char(c) => form.fields[form.focus].push(c),
            Input::Key(Key::Backspace) => {
                form.fields[form.focus].pop();
            }
            Input::Key(Key::Tab | Key::ArrowDown) => form.focus = (form.focus + 1) % 5,
            Input::Key(Key::ArrowUp) => form.focus = (form.focus + 4) % 5,
            Input::Key(Key::Enter) => {
                let draft = form.draft();
                let command = match &pick.ticket {
                    Some(ticket) => Command::ReplaceTicket {
                        ticket: ticket.clone(),
                        customer: None,
                        draft: Some(draft),
                    },
                    None => Command::AddCustomer { draft },
                };
                if sh.run(command) {
                    return None;
                }
            }
            _ => {}
        }
        return Some(Overlay::Customer(pick));
    }
    match input {
        Input::Char(c) => {
            pick.query.push(c);
            pick.results = sh
                .till
                .find_customers(&pick.query, SHOWN)
                .unwrap_or_default();
            pick.selected = 0;
        }
        Input::Key(Key::Backspace) => {
            pick.query.pop();
            pick.results = sh
                .till
                .find_customers(&pick.query, SHOWN)
                .unwrap_or_default();
            pick.selected = 0;
        }
        Input::Key(Key::ArrowDown) => {
            pick.selected = (pick.selected + 1).min(pick.results.len().saturating_sub(1));
        }
        Input::Key(Key::ArrowUp) => pick.selected = pick.selected.saturating_sub(1),
        Input::Key(Key::Enter) => {
            if let Some(c) = pick.results.get(pick.selected) {
                let command = match &pick.ticket {
                    Some(ticket) => Command::ReplaceTicket {
                        ticket: ticket.clone(),
                        customer: Some(c.id),
                        draft: None,
                    },
                    None => Command::InvoiceTo {
                        customer: Some(c.id),
                    },
                };
                if sh.run(command) {
                    return None;
                }
            }
        }
        Input::Key(Key::F5) => {
            pick.form = Some(CustomerForm {
                fields: [
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "ES".into(),
                ],
                focus: 0,
            });
        }
        Input::Key(Key::Delete) if pick.ticket.is_none() => {
            sh.run(Command::InvoiceTo { customer: None });
            return None;
        }
        _ => {}
    }
    Some(Overlay::Customer(pick))
}

pub(super) fn customer_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    pick: &CustomerPick,
) -> Option<Click> {
    match &pick.ticket {
        Some(ticket) => {
            ui.heading(sh.msg(crate::msg!(
                "customer-replace-title",
                ticket = ticket.clone()
            )));
        }
        None => {
            ui.heading(sh.t(id!("customer-title")));
        }
    }
    if let Some(c) = sh.till.invoice_customer().filter(|_| pick.ticket.is_none()) {
        let now = sh.msg(crate::msg!(
            "customer-current",
            name = c.draft.name.clone(),
            tax_id = c.draft.tax_id.clone()
        ));
        ui.label(RichText::new(now).strong());
    }
    if let Some(form) = &pick.form {
        egui::Grid::new("customer-form")
            .num_columns(2)
            .show(ui, |ui| {
                for (i, label) in LABELS.iter().enumerate() {
                    ui.label(RichText::new(sh.t(*label)).size(18.0));
                    let text = if i == form.focus {
                        format!("{}|", form.fields[i])
                    } else {
                        form.fields[i].clone()
                    };
                    let mut field = egui::Frame::new().inner_margin(4.0);
                    if i == form.focus {
                        field = field.stroke(ui.visuals().widgets.active.bg_stroke);
                    }
                    field.show(ui, |ui| {
                        ui.set_min_width(380.0);
                        ui.label(RichText::new(text).size(20.0));
                    });
                    ui.end_row();
                }
            });
        ui.label(RichText::new(sh.t(id!("customer-form-hint"))).color(sh.theme().muted));
        return None;
    }
    super::query_ui(ui, &pick.query);
    if pick.results.is_empty() && !pick.query.is_empty() {
        ui.label(sh.t(id!("customer-nothing")));
    }
    let mut click = None;
    for (i, c) in pick.results.iter().enumerate() {
        let row =
            egui::Button::selectable(i == pick.selected, RichText::new(&c.draft.name).size(22.0))
                .right_text(RichText::new(&c.draft.tax_id).size(20.0))
                .min_size(egui::vec2(540.0, 44.0));
        if ui.add(row).clicked() {
            click = Some(match &pick.ticket {
                Some(ticket) => Click::ReplaceTicket(ticket.clone(), c.id),
                None => Click::InvoiceTo(c.id),
            });
        }
    }
    ui.label(RichText::new(sh.t(id!("customer-hint"))).color(sh.theme().muted));
    click
}
