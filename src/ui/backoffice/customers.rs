//! The Customers section: the book of customers who ask for full invoices — tax id, name,
//! address, town, country, recargo de equivalencia — found by tax id or name, added or put
//! right (a tax id the AEAT refused), deactivated (asked first; never deleted, invoices name
//! them) or brought back. The store checks a tax id as it checks the store's own.

use super::super::shell::Shell;
use super::{enter_pressed, field_ui, title_ui};
use crate::app::Clock;
use crate::app::backoffice::Office;
use crate::app::command::Command;
use crate::till::customer::{Customer, CustomerDraft};
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

/// A customer being added (`id` none) or changed.
#[derive(Clone, Debug, Default)]
struct CustomerForm {
    id: Option<i64>,
    draft: CustomerDraft,
    focused: bool,
}

#[derive(Default)]
pub(super) struct CustomersView {
    filter: String,
    /// The book as last read, for this filter.
    rows: Option<(String, Vec<Customer>)>,
    form: Option<CustomerForm>,
}

impl CustomersView {
    /// Escape: closes the form; false when none was open.
    pub fn cancel(&mut self) -> bool {
        self.form.take().is_some()
    }

    /// Ctrl+N or the button: the form for a new customer.
    pub fn new_customer(&mut self) {
        self.form = Some(CustomerForm {
            draft: CustomerDraft {
                country: "ES".into(),
                ..CustomerDraft::default()
            },
            ..CustomerForm::default()
        });
    }

    pub fn applied(&mut self, change: &Office) {
        if matches!(
            change,
            Office::SaveCustomer { .. } | Office::SetCustomerActive { .. }
        ) {
            self.rows = None;
            if matches!(change, Office::SaveCustomer { .. }) {
                self.form = None;
            }
        }
    }

    /// Draws the section; answers a question to ask before a change (deactivate).
    pub fn view_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
    ) -> Option<(String, Office)> {
        title_ui(
            ui,
            &sh.t(id!("bo-customers-title")),
            &sh.t(id!("bo-customers-detail")),
        );
        ui.horizontal(|ui| {
            if self.form.is_none() && ui.button(sh.t(id!("bo-customer-new"))).clicked() {
                self.new_customer();
            }
            let label = sh.t(id!("bo-customers-filter"));
            field_ui(ui, &label, &mut self.filter, None, false, 240.0);
        });
        ui.add_space(6.0);
        self.form_ui(sh, ui);
        if self.rows.as_ref().is_none_or(|(f, _)| *f != self.filter) {
            let rows = sh.till.office_customers(&self.filter);
            self.rows = Some((self.filter.clone(), rows));
        }
        let rows = self
            .rows
            .as_ref()
            .map(|(_, r)| r.clone())
            .unwrap_or_default();
        let mut ask = None;
        egui::ScrollArea::vertical()
            .id_salt("customers")
            .auto_shrink(false)
            .show(ui, |ui| {
                egui::Grid::new("customer-rows")
                    .striped(true)
                    .spacing([14.0, 6.0])
                    .show(ui, |ui| {
                        for h in [
                            id!("bo-customers-col-id"),
                            id!("bo-customers-col-name"),
                            id!("bo-customers-col-city"),
                            id!("bo-customer-recargo"),
                        ] {
                            ui.label(RichText::new(sh.t(h)).strong());
                        }
                        ui.end_row();
                        for c in &rows {
                            if let Some(q) = self.row_ui(sh, ui, c) {
                                ask = Some(q);
                            }
                            ui.end_row();
                        }
                    });
            });
        ask
    }

    fn row_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
        c: &Customer,
    ) -> Option<(String, Office)> {
        let d = &c.draft;
        let weak = |t: &str| {
            if c.active {
                RichText::new(t)
            } else {
                RichText::new(t).weak()
            }
        };
        ui.label(weak(&format!("{} {}", d.country, d.tax_id)));
        ui.label(weak(&d.name));
        ui.label(weak(&d.city));
        ui.label(if d.recargo {
            sh.t(id!("bo-yes")).into_owned()
        } else {
            String::new()
        });
        let mut ask = None;
        ui.horizontal(|ui| {
            let edit = sh.msg(msg!("bo-customer-edit", name = d.name.clone()));
            let short = sh.t(id!("bo-customer-edit-short")).into_owned();
            if ui.button(short).accessible_name(edit).clicked() {
                self.form = Some(CustomerForm {
                    id: Some(c.id),
                    draft: d.clone(),
                    focused: false,
                });
            }
            if c.active {
                let off = sh.msg(msg!("bo-customer-deactivate", name = d.name.clone()));
                let short = sh.t(id!("bo-customer-deactivate-short")).into_owned();
                if ui.button(short).accessible_name(off).clicked() {
                    let q = sh.msg(msg!("bo-customer-deactivate-ask", name = d.name.clone()));
                    ask = Some((
                        q,
                        Office::SetCustomerActive {
                            id: c.id,
                            active: false,
                        },
                    ));
                }
            } else {
                let on = sh.msg(msg!("bo-customer-activate", name = d.name.clone()));
                let short = sh.t(id!("bo-customer-activate-short")).into_owned();
                if ui.button(short).accessible_name(on).clicked() {
                    sh.run(Command::BackOffice(Office::SetCustomerActive {
                        id: c.id,
                        active: true,
                    }));
                }
            }
        });
        ask
    }

    /// A new customer or one being put right: each field, then Save (or Enter).
    fn form_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let save = egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                let title = match form.id {
                    Some(_) => sh.msg(msg!("bo-customer-edit", name = form.draft.name.clone())),
                    None => sh.t(id!("bo-customer-new")).into_owned(),
                };
                ui.label(RichText::new(title).strong());
                let d = &mut form.draft;
                let first = field_ui(
                    ui,
                    &sh.t(id!("customer-tax-id")),
                    &mut d.tax_id,
                    None,
                    false,
                    200.0,
                );
                if !std::mem::replace(&mut form.focused, true) {
                    first.request_focus();
                }
                for (label, text, width) in [
                    (id!("customer-name"), &mut d.name, 380.0),
                    (id!("customer-address"), &mut d.address, 380.0),
                    (id!("customer-city"), &mut d.city, 380.0),
                    (id!("customer-country"), &mut d.country, 60.0),
                ] {
                    field_ui(ui, &sh.t(label), text, None, false, width);
                }
                ui.checkbox(&mut d.recargo, sh.t(id!("bo-customer-recargo-long")));
                let b = egui::Button::new(RichText::new(sh.t(id!("bo-save"))).strong())
                    .min_size(egui::vec2(160.0, 40.0));
                ui.add(b).clicked() || enter_pressed(ui)
            })
            .inner;
        if super::cancel_button_ui(sh, ui) {
            self.form = None;
            return;
        }
        if save {
            let form = form.clone();
            sh.run(Command::BackOffice(Office::SaveCustomer {
                id: form.id,
                draft: form.draft,
            }));
        }
    }
}
