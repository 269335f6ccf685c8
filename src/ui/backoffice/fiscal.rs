//! The Fiscal section: the store's regime, where its records go and its ticket limit (each a
//! store key, changed through the app: checked and audited); how sending stands (waiting since
//! when, at the agency, with errors, refused, the last failure); and the newest records with
//! their state and, when the agency refused them or found errors, its code and words.

use super::super::shell::Shell;
use super::title_ui;
use crate::app::Clock;
use crate::app::backoffice::Office;
use crate::app::command::Command;
use crate::store::fiscal_queue::SendState;
use crate::till::profile::{FiscalEnvironment, FiscalRegime, ProfileKey};
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

#[derive(Default)]
pub(super) struct FiscalView {
    /// The ticket limit as typed.
    limit: Option<String>,
    /// Why the store sells in a new series, as typed.
    reason: String,
}

fn regime_name(r: FiscalRegime) -> crate::i18n::Id {
    match r {
        FiscalRegime::Unset => id!("bo-fiscal-unset"),
        FiscalRegime::Verifactu => id!("bo-fiscal-verifactu"),
        FiscalRegime::NoneForal => id!("bo-fiscal-none-foral"),
        FiscalRegime::NoneSii => id!("bo-fiscal-none-sii"),
        FiscalRegime::None => id!("bo-fiscal-none"),
    }
}

fn environment_name(e: FiscalEnvironment) -> crate::i18n::Id {
    match e {
        FiscalEnvironment::Unset => id!("bo-fiscal-unset"),
        FiscalEnvironment::Test => id!("bo-fiscal-test"),
        FiscalEnvironment::Production => id!("bo-fiscal-production"),
    }
}

fn state_name(s: Option<SendState>) -> crate::i18n::Id {
    match s {
        None => id!("bo-fiscal-waiting"),
        Some(SendState::Sent) => id!("bo-fiscal-sent"),
        Some(SendState::Accepted) => id!("bo-fiscal-accepted"),
        Some(SendState::AcceptedWithErrors) => id!("bo-fiscal-accepted-with-errors"),
        Some(SendState::Rejected) => id!("bo-fiscal-rejected"),
    }
}

impl FiscalView {
    /// A restored store: why it does not sell and the manager's way out when the agency is out
    /// of reach; or the new series it sells in, and what the agency will say about it.
    fn reconcile_ui<C: Clock>(
        &mut self,
        sh: &mut Shell<'_, C>,
        ui: &mut egui::Ui,
        r: &crate::store::fiscal_reconcile::Reconciliation,
    ) {
        let frame = egui::Frame::group(ui.style()).inner_margin(10.0);
        frame.show(ui, |ui| match &r.series_mark {
            None => {
                let text = sh.msg(msg!(
                    "bo-fiscal-reconcile-pending",
                    detail = r.detail.clone(),
                    since = r.opened_at.clone()
                ));
                ui.label(
                    RichText::new(text)
                        .size(17.0)
                        .color(ui.visuals().error_fg_color),
                );
                ui.label(sh.t(id!("bo-fiscal-reconcile-offline")));
                ui.horizontal(|ui| {
                    let name = ui.label(sh.t(id!("bo-fiscal-reconcile-reason")));
                    ui.add(egui::TextEdit::singleline(&mut self.reason).desired_width(360.0))
                        .labelled_by(name.id);
                });
                if ui
                    .button(sh.t(id!("bo-fiscal-reconcile-new-series")))
                    .clicked()
                {
                    let reason = std::mem::take(&mut self.reason);
                    sh.run(Command::BackOffice(Office::OpenNewSeries { reason }));
                    sh.till.refresh_fiscal();
                }
            }
            Some(mark) => {
                let text = sh.msg(msg!(
                    "bo-fiscal-reconcile-new-series-on",
                    mark = mark.clone(),
                    reason = r.reason.clone().unwrap_or_default()
                ));
                ui.label(RichText::new(text).color(ui.visuals().warn_fg_color));
            }
        });
    }

    pub fn view_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        title_ui(
            ui,
            &sh.t(id!("bo-fiscal-title")),
            &sh.t(id!("bo-fiscal-detail")),
        );
        let profile = sh.till.profile().clone();
        let set = |sh: &mut Shell<'_, C>, key: ProfileKey, value: &str| {
            sh.run(Command::BackOffice(Office::SetProfile {
                key,
                value: value.to_string(),
            }));
            sh.till.refresh_fiscal();
        };
        egui::Grid::new("fiscal-settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let name = ui.label(sh.t(id!("bo-store-fiscal-regime")));
                let mut regime = profile.fiscal_regime;
                egui::ComboBox::from_id_salt("fiscal-regime")
                    .selected_text(sh.t(regime_name(regime)))
                    .width(320.0)
                    .show_ui(ui, |ui| {
                        for r in FiscalRegime::ALL {
                            ui.selectable_value(&mut regime, r, sh.t(regime_name(r)));
                        }
                    })
                    .response
                    .labelled_by(name.id);
                if regime != profile.fiscal_regime {
                    set(sh, ProfileKey::FiscalRegime, regime.as_str());
                }
                ui.end_row();
                let name = ui.label(sh.t(id!("bo-store-fiscal-environment")));
                let mut env = profile.fiscal_environment;
                egui::ComboBox::from_id_salt("fiscal-environment")
                    .selected_text(sh.t(environment_name(env)))
                    .width(320.0)
                    .show_ui(ui, |ui| {
                        for e in [FiscalEnvironment::Test, FiscalEnvironment::Production] {
                            ui.selectable_value(&mut env, e, sh.t(environment_name(e)));
                        }
                    })
                    .response
                    .labelled_by(name.id);
                if env != profile.fiscal_environment {
                    set(sh, ProfileKey::FiscalEnvironment, env.as_str());
                }
                ui.end_row();
                let name = ui.label(sh.t(id!("bo-store-simplified-limit")));
                let limit = self
                    .limit
                    .get_or_insert_with(|| profile.simplified_limit.to_string());
                let edit = ui
                    .add(egui::TextEdit::singleline(limit).desired_width(120.0))
                    .labelled_by(name.id);
                if edit.lost_focus() && *limit != profile.simplified_limit.to_string() {
                    let value = limit.clone();
                    set(sh, ProfileKey::SimplifiedLimit, &value);
                    self.limit = None;
                }
                ui.end_row();
            });
        ui.add_space(10.0);
        let view = sh.till.fiscal_overview().clone();
        let s = &view.sending;
        let summary = sh.msg(msg!(
            "bo-fiscal-summary",
            total = view.total.to_string(),
            waiting = s.waiting.to_string(),
            oldest = s.oldest_waiting.clone().unwrap_or_else(|| "—".into()),
            accepted = (s.accepted + s.accepted_with_errors).to_string(),
            errors = s.accepted_with_errors.to_string(),
            rejected = s.rejected.to_string()
        ));
        ui.label(RichText::new(summary).size(17.0));
        if let Some(r) = &view.reconciliation {
            self.reconcile_ui(sh, ui, r);
        }
        if let Some(e) = &s.last_error {
            let failing = sh.msg(msg!(
                "bo-fiscal-failing",
                n = s.failures_in_a_row.to_string(),
                error = e.clone()
            ));
            ui.label(RichText::new(failing).color(ui.visuals().warn_fg_color));
        }
        if ui.button(sh.t(id!("bo-fiscal-refresh"))).clicked() {
            sh.till.refresh_fiscal();
        }
        ui.add_space(6.0);
        egui::ScrollArea::vertical()
            .id_salt("fiscal-records")
            .auto_shrink(false)
            .show(ui, |ui| {
                egui::Grid::new("fiscal-record-lines")
                    .num_columns(5)
                    .striped(true)
                    .spacing([14.0, 6.0])
                    .show(ui, |ui| {
                        for h in [
                            id!("bo-fiscal-number"),
                            id!("bo-fiscal-kind"),
                            id!("bo-fiscal-issued"),
                            id!("bo-fiscal-total"),
                            id!("bo-fiscal-state"),
                        ] {
                            ui.label(RichText::new(sh.t(h)).strong());
                        }
                        ui.end_row();
                        for r in &view.records {
                            ui.label(&r.number);
                            ui.label(&r.kind);
                            ui.label(&r.issued);
                            ui.label(r.total.map(|t| sh.money(t)).unwrap_or_default());
                            let mut state = sh.t(state_name(r.state)).into_owned();
                            if let Some(code) = r.code {
                                state = format!(
                                    "{state} · {code}: {}",
                                    r.description.clone().unwrap_or_default()
                                );
                            }
                            let colour = match r.state {
                                Some(SendState::Rejected) => ui.visuals().error_fg_color,
                                Some(SendState::AcceptedWithErrors) => ui.visuals().warn_fg_color,
                                _ => ui.visuals().text_color(),
                            };
                            ui.add(egui::Label::new(RichText::new(state).color(colour)).wrap());
                            ui.end_row();
                        }
                    });
            });
    }
}
