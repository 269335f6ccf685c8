//! The Taxes section: the tax classes with the rate in force today and every dated rate (with
//! its recargo de equivalencia, charged only on a full invoice to a customer in that regime);
//! a new rate for a class from a day (today or later — a past ticket keeps its rate), and a new
//! class, taxed or exempt with the cause of its exemption. An exempt class's rate is always 0.

use super::super::shell::Shell;
use super::{enter_pressed, field_ui, title_ui};
use crate::app::Clock;
use crate::app::backoffice::Office;
use crate::app::command::Command;
use crate::till::format::format_rate;
use crate::till::tax::{DatedRate, Exemption, TaxClass, parse_percent};
use crate::{id, msg};
use eframe::egui;
use egui::RichText;

/// What is being typed: a rate for a class, or a new class.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Editing {
    Rate {
        code: String,
        from: String,
        percent: String,
        recargo: String,
    },
    Class {
        code: String,
        name: String,
        percent: String,
        recargo: String,
        /// `Some`: an exempt class, for this cause.
        exemption: Option<Exemption>,
    },
}

#[derive(Default)]
pub(super) struct TaxesView {
    editing: Option<Editing>,
}

impl TaxesView {
    /// Escape: closes the form; false when none was open.
    pub fn cancel(&mut self) -> bool {
        self.editing.take().is_some()
    }

    /// A change went through: the form closes.
    pub fn applied(&mut self, change: &Office) {
        if matches!(change, Office::AddTaxRate { .. } | Office::SaveTaxClass(_)) {
            self.editing = None;
        }
    }

    pub fn view_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        title_ui(
            ui,
            &sh.t(id!("bo-taxes-title")),
            &sh.t(id!("bo-taxes-detail")),
        );
        let classes: Vec<TaxClass> = sh.till.tax_classes().to_vec();
        egui::Grid::new("tax-classes")
            .striped(true)
            .spacing([18.0, 10.0])
            .show(ui, |ui| {
                for h in [id!("bo-tax-class"), id!("bo-tax-in-force")] {
                    ui.label(RichText::new(sh.t(h)).strong());
                }
                ui.end_row();
                for class in &classes {
                    self.class_row_ui(sh, ui, class);
                    ui.end_row();
                }
            });
        ui.add_space(10.0);
        if self.editing.is_none() && ui.button(sh.t(id!("bo-tax-new-class"))).clicked() {
            self.editing = Some(Editing::Class {
                code: String::new(),
                name: String::new(),
                percent: String::new(),
                recargo: "0".into(),
                exemption: None,
            });
        }
        self.form_ui(sh, ui);
    }

    /// A class: its name over its dated rates, today's rate, and a new rate's button.
    fn class_row_ui<C: Clock>(&mut self, sh: &Shell<'_, C>, ui: &mut egui::Ui, class: &TaxClass) {
        let today = sh.till.today();
        let format = sh.locale();
        ui.vertical(|ui| {
            // Dated rates pile up over the years: they wrap, the columns stay on screen.
            ui.set_max_width(440.0);
            ui.add(egui::Label::new(format!("{} ({})", class.name, class.code)).extend());
            let dated: Vec<String> = class
                .rates
                .iter()
                .map(|r| {
                    let rate = format_rate(r.rate_bp, format);
                    let from = r.from.to_string();
                    if r.recargo_bp > 0 {
                        let recargo = format_rate(r.recargo_bp, format);
                        sh.msg(msg!(
                            "bo-tax-dated-re",
                            rate = rate,
                            recargo = recargo,
                            from = from
                        ))
                    } else {
                        sh.msg(msg!("bo-tax-dated-one", rate = rate, from = from))
                    }
                })
                .collect();
            let line = dated.join(" · ");
            ui.add(egui::Label::new(RichText::new(line).small().weak()).wrap());
        });
        let now = class
            .in_force(today)
            .map_or_else(String::new, |r| format_rate(r.rate_bp, format));
        ui.label(RichText::new(now).size(20.0).strong());
        // An exempt class's rate is 0 for good: its cause instead of a new rate.
        if let Some(cause) = class.exemption {
            ui.label(sh.msg(msg!("bo-tax-exempt-cause", article = cause.article())));
            return;
        }
        let add = sh.msg(msg!("bo-tax-add-rate", class = class.code.clone()));
        if ui.button(add).clicked() {
            let recargo = class.in_force(today).map_or(0, |r| r.recargo_bp);
            self.editing = Some(Editing::Rate {
                code: class.code.clone(),
                from: today.succ_opt().unwrap_or(today).to_string(),
                percent: String::new(),
                recargo: format_rate(recargo, format)
                    .trim_end_matches(['%', ' ', '\u{a0}'])
                    .to_string(),
            });
        }
    }

    fn form_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(editing) = self.editing.as_mut() else {
            return;
        };
        let change = egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| match editing {
                Editing::Rate {
                    code,
                    from,
                    percent,
                    recargo,
                } => rate_form_ui(sh, ui, code, from, percent, recargo),
                Editing::Class {
                    code,
                    name,
                    percent,
                    recargo,
                    exemption,
                } => class_form_ui(sh, ui, code, name, (percent, recargo), exemption),
            })
            .inner;
        if let Some(change) = change {
            sh.run(Command::BackOffice(change));
        } else if super::cancel_button_ui(sh, ui) {
            self.editing = None;
        }
    }
}

/// A percent field (`label`) with its problem beside it; the rate when it reads.
fn percent_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    label: crate::i18n::Id,
    percent: &mut String,
) -> Option<u32> {
    let bad = sh.t(id!("bo-tax-bad-percent")).into_owned();
    let rate = parse_percent(percent);
    let shown = (rate.is_none() && !percent.is_empty()).then_some(bad.as_str());
    field_ui(ui, &sh.t(label), percent, shown, false, 80.0);
    rate
}

/// The rate and its recargo de equivalencia (empty: none).
fn rates_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    percent: &mut String,
    recargo: &mut String,
) -> Option<(u32, u32)> {
    let rate = percent_ui(sh, ui, id!("bo-tax-percent"), percent);
    let read = percent_ui(sh, ui, id!("bo-tax-recargo"), recargo);
    let re = if recargo.trim().is_empty() {
        Some(0)
    } else {
        read
    };
    ui.label(
        RichText::new(sh.t(id!("bo-tax-recargo-detail")))
            .small()
            .weak(),
    );
    Some((rate?, re?))
}

/// A class's new rate from a day; the change once saved.
fn rate_form_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    code: &str,
    from: &mut String,
    percent: &mut String,
    recargo: &mut String,
) -> Option<Office> {
    ui.label(RichText::new(code).size(20.0).strong());
    let day = chrono::NaiveDate::parse_from_str(from.trim(), "%Y-%m-%d").ok();
    let bad_day = sh.t(id!("bo-tax-bad-day")).into_owned();
    let shown = day.is_none().then_some(bad_day.as_str());
    field_ui(ui, &sh.t(id!("bo-tax-from")), from, shown, false, 140.0);
    let rates = rates_ui(sh, ui, percent, recargo);
    let ok = save_button_ui(sh, ui);
    let (rate_bp, recargo_bp) = rates?;
    Some(Office::AddTaxRate {
        code: code.to_string(),
        rate: DatedRate {
            from: day.filter(|_| ok)?,
            rate_bp,
            recargo_bp,
        },
    })
}

/// A new class with its rate from today (or exempt, for a cause); the change once saved.
fn class_form_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    code: &mut String,
    name: &mut String,
    (percent, recargo): (&mut String, &mut String),
    exemption: &mut Option<Exemption>,
) -> Option<Office> {
    field_ui(ui, &sh.t(id!("bo-tax-code")), code, None, false, 160.0);
    field_ui(ui, &sh.t(id!("bo-tax-name")), name, None, false, 260.0);
    ui.horizontal_wrapped(|ui| {
        super::label_ui(ui, sh.t(id!("bo-tax-exempt")), super::LABEL_W);
        if ui
            .radio(exemption.is_none(), sh.t(id!("bo-tax-taxed")))
            .clicked()
        {
            *exemption = None;
        }
        for cause in Exemption::ALL {
            let text = format!("{} · {}", cause.as_str(), cause.article());
            if ui.radio(*exemption == Some(cause), text).clicked() {
                *exemption = Some(cause);
            }
        }
    });
    let rates = if exemption.is_some() {
        Some((0, 0))
    } else {
        rates_ui(sh, ui, percent, recargo)
    };
    if !save_button_ui(sh, ui) {
        return None;
    }
    let (rate_bp, recargo_bp) = rates?;
    Some(Office::SaveTaxClass(Box::new(TaxClass {
        code: code.trim().to_string(),
        name: name.trim().to_string(),
        kind: sh.till.settings().profile.territory.kind(),
        exemption: *exemption,
        rates: vec![DatedRate {
            from: sh.till.today(),
            rate_bp,
            recargo_bp,
        }],
    })))
}

/// The Save button; true when clicked or Enter was pressed.
fn save_button_ui<C: Clock>(sh: &Shell<'_, C>, ui: &mut egui::Ui) -> bool {
    let save = egui::Button::new(sh.t(id!("bo-save"))).min_size(egui::vec2(140.0, 36.0));
    ui.add(save).clicked() || enter_pressed(ui)
}
