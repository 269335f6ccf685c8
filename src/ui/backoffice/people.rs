//! The People section: who works here — name, role, active or disabled, "must change PIN" —
//! with a new person (the PIN typed twice, on the keys or the pad), a PIN reset, a role change,
//! disable (asked first) or enable, and lifting the PIN pad's lockout. What a technician may do
//! to whom is the app's rule; refusals come back as messages.

use super::super::shell::Shell;
use super::{enter_pressed, field_ui, title_ui};
use crate::app::Clock;
use crate::app::backoffice::Office;
use crate::app::command::Command;
use crate::i18n::Id;
use crate::store::users::User;
use crate::till::permission::Role;
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

/// A new person, or a PIN reset, being typed.
#[derive(Clone, Debug, Default)]
struct PersonForm {
    /// `Some` for a PIN reset of this user.
    reset: Option<(i64, String)>,
    name: String,
    role: Option<Role>,
    pin: String,
    again: String,
    /// The pad types into the second PIN field.
    pad_again: bool,
    /// The first field has taken the keyboard.
    focused: bool,
}

#[derive(Default)]
pub(super) struct PeopleView {
    form: Option<PersonForm>,
}

pub(super) fn role_name(role: Role) -> Id {
    match role {
        Role::Cashier => id!("bo-role-cashier"),
        Role::Manager => id!("bo-role-manager"),
        Role::Technician => id!("bo-role-technician"),
    }
}

const ROLES: [Role; 3] = [Role::Cashier, Role::Manager, Role::Technician];

impl PeopleView {
    /// Escape: closes the form; false when none was open.
    pub fn cancel(&mut self) -> bool {
        self.form.take().is_some()
    }

    /// Ctrl+N or the button: the form for a new person.
    pub fn new_person(&mut self) {
        self.form = Some(PersonForm::default());
    }

    pub fn applied(&mut self, change: &Office) {
        if matches!(change, Office::AddUser { .. } | Office::ResetPin { .. }) {
            self.form = None;
        }
    }

    /// Draws the section; answers a question to ask before a change (disable).
    pub fn view_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
    ) -> Option<(String, Office)> {
        title_ui(
            ui,
            &sh.t(id!("bo-people-title")),
            &sh.t(id!("bo-people-detail")),
        );
        ui.horizontal(|ui| {
            if self.form.is_none() && ui.button(sh.t(id!("bo-person-new"))).clicked() {
                self.new_person();
            }
            if sh.till.locked_out() && ui.button(sh.t(id!("bo-lift-lockout"))).clicked() {
                sh.run(Command::BackOffice(Office::LiftLockout));
            }
        });
        ui.add_space(6.0);
        self.form_ui(sh, ui);
        let users: Vec<User> = sh.till.users().to_vec();
        let mut ask = None;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                egui::Grid::new("people")
                    .striped(true)
                    .spacing([16.0, 8.0])
                    .show(ui, |ui| {
                        for h in [id!("bo-col-name"), id!("bo-col-role"), id!("bo-col-state")] {
                            ui.label(RichText::new(sh.t(h)).strong());
                        }
                        ui.end_row();
                        for user in &users {
                            if let Some(q) = self.row_ui(sh, ui, user) {
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
        user: &User,
    ) -> Option<(String, Office)> {
        ui.label(RichText::new(&user.name).size(18.0));
        let mut role = user.role;
        egui::ComboBox::from_id_salt(("role", user.id))
            .selected_text(sh.t(role_name(role)))
            .show_ui(ui, |ui| {
                for r in ROLES {
                    ui.selectable_value(&mut role, r, sh.t(role_name(r)));
                }
            })
            .response
            .accessible_name(sh.msg(msg!("bo-person-role-of", name = user.name.clone())));
        if role != user.role {
            sh.run(Command::BackOffice(Office::SetRole { id: user.id, role }));
        }
        let mut state = sh
            .t(if user.active {
                id!("bo-person-active")
            } else {
                id!("bo-person-disabled")
            })
            .into_owned();
        if user.must_change_pin {
            state = format!("{state} · {}", sh.t(id!("bo-person-must-change-pin")));
        }
        ui.label(state);
        let mut training = user.training;
        let label = sh.msg(msg!("bo-person-training", name = user.name.clone()));
        if ui.checkbox(&mut training, label).changed() {
            sh.run(Command::BackOffice(Office::SetTraining {
                id: user.id,
                training,
            }));
        }
        let mut ask = None;
        ui.horizontal(|ui| {
            let reset = sh.msg(msg!("bo-person-reset-pin", name = user.name.clone()));
            if ui.button(reset).clicked() {
                self.form = Some(PersonForm {
                    reset: Some((user.id, user.name.clone())),
                    ..PersonForm::default()
                });
            }
            if user.active {
                let disable = sh.msg(msg!("bo-person-disable-named", name = user.name.clone()));
                if ui.button(disable).clicked() {
                    let q = sh.msg(msg!("bo-person-disable-ask", name = user.name.clone()));
                    ask = Some((
                        q,
                        Office::SetUserActive {
                            id: user.id,
                            active: false,
                        },
                    ));
                }
            } else {
                let enable = sh.msg(msg!("bo-person-enable-named", name = user.name.clone()));
                if ui.button(enable).clicked() {
                    sh.run(Command::BackOffice(Office::SetUserActive {
                        id: user.id,
                        active: true,
                    }));
                }
            }
        });
        ask
    }

    /// A new person or a PIN reset: the PIN twice, on the keys or the pad.
    fn form_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let save = egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    let save = ui.vertical(|ui| fields_ui(sh, ui, form)).inner;
                    ui.add_space(12.0);
                    pad_ui(sh, ui, form);
                    save
                })
                .inner
            })
            .inner;
        if super::cancel_button_ui(sh, ui) {
            self.form = None;
            return;
        }
        if save {
            let form = form.clone();
            let change = match form.reset {
                Some((id, _)) => Office::ResetPin {
                    id,
                    pin: form.pin,
                    again: form.again,
                },
                None => Office::AddUser {
                    name: form.name.trim().to_string(),
                    role: form.role.unwrap_or(Role::Cashier),
                    pin: form.pin,
                    again: form.again,
                },
            };
            sh.run(Command::BackOffice(change));
        }
    }
}

/// The name and role (a new person) or whose PIN is reset, then the PIN twice; true on Save.
fn fields_ui<C: Clock>(sh: &Shell<'_, C>, ui: &mut egui::Ui, form: &mut PersonForm) -> bool {
    match &form.reset {
        Some((_, name)) => {
            let title = sh.msg(msg!("bo-person-reset-title", name = name.clone()));
            ui.label(RichText::new(title).strong());
        }
        None => {
            let label = sh.t(id!("bo-person-name"));
            let name = field_ui(ui, &label, &mut form.name, None, false, 260.0);
            if !std::mem::replace(&mut form.focused, true) {
                name.request_focus();
            }
            ui.horizontal(|ui| {
                super::label_ui(ui, sh.t(id!("bo-col-role")), super::LABEL_W);
                for r in ROLES {
                    if ui
                        .selectable_label(form.role == Some(r), sh.t(role_name(r)))
                        .clicked()
                    {
                        form.role = Some(r);
                    }
                }
            });
        }
    }
    let differ = sh.t(id!("bo-pins-differ")).into_owned();
    let pin = field_ui(
        ui,
        &sh.t(id!("bo-person-pin")),
        &mut form.pin,
        None,
        true,
        120.0,
    );
    if pin.gained_focus() || pin.clicked() {
        form.pad_again = false;
    }
    let shown = (!form.again.is_empty() && form.again != form.pin).then_some(differ.as_str());
    let label = sh.t(id!("bo-person-pin-again"));
    let again = field_ui(ui, &label, &mut form.again, shown, true, 120.0);
    if again.gained_focus() || again.clicked() {
        form.pad_again = true;
    }
    let b = egui::Button::new(RichText::new(sh.t(id!("bo-save"))).strong())
        .min_size(egui::vec2(160.0, 40.0));
    ui.add(b).clicked() || enter_pressed(ui)
}

/// A PIN pad typing into the PIN field last touched (the first one to begin with).
fn pad_ui<C: Clock>(sh: &Shell<'_, C>, ui: &mut egui::Ui, form: &mut PersonForm) {
    let size = egui::vec2(44.0, 36.0);
    let erase = sh.t(id!("bo-pad-erase")).into_owned();
    let rows = [
        ["1", "2", "3"],
        ["4", "5", "6"],
        ["7", "8", "9"],
        ["0", "⌫", ""],
    ];
    ui.vertical(|ui| {
        ui.label(RichText::new(sh.t(id!("bo-pad-title"))).small().weak());
        for row in rows {
            ui.horizontal(|ui| {
                for key in row.into_iter().filter(|k| !k.is_empty()) {
                    let button = egui::Button::new(key).min_size(size);
                    let response = ui.add(button);
                    let response = if key == "⌫" {
                        response.accessible_name(erase.clone())
                    } else {
                        response.accessible_name(sh.msg(msg!("bo-pad-digit", digit = key)))
                    };
                    if response.clicked() {
                        pad_key(form, key);
                    }
                }
            });
        }
    });
}

/// One key of the pad: a digit into the PIN field being typed, or erase its last digit.
fn pad_key(form: &mut PersonForm, key: &str) {
    let field = if form.pad_again {
        &mut form.again
    } else {
        &mut form.pin
    };
    if key == "⌫" {
        field.pop();
    } else {
        field.push_str(key);
    }
}
