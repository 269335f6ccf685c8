//! The back office (Home / Inicio from the sale, or `caja backoffice`): a rail of sections on the left —
//! the store's identity, taxes, the catalog, people, devices, fiscal, customers, stock and reports —
//! and the section's forms on the right. It is the one screen of text fields: typing, Enter and
//! Tab stay with egui's widgets (`keys::take_events` with `forms`), Escape and the function keys
//! come to the screen. Which sections show is the app's word (`Till::office_sections`); every
//! change is a `Command::BackOffice` applied in `app/`.

mod catalog;
mod customers;
mod devices;
mod fiscal;
mod import;
mod people;
mod product_form;
mod quick_keys;
mod report_chart;
pub(crate) mod reports;
mod reprice;
mod stock;
mod stock_count;
mod stock_receipt;
mod store;
mod taxes;

use super::keys::Input;
use super::shell::Shell;
use super::{Screen, TillScreen};
use crate::app::Clock;
use crate::app::backoffice::{Office, Section};
use crate::app::command::{Command, Outcome};
use crate::i18n::Id;
use crate::id;
use eframe::egui;
use egui::{Key, RichText};

/// A change waiting for "yes" (deactivate a product, disable a person).
#[derive(Clone, Debug)]
struct Confirm {
    question: String,
    yes: Id,
    change: Office,
}

/// The back office's state: the section shown and each section's own.
#[derive(Default)]
pub(super) struct BackOfficeScreen {
    section: Option<Section>,
    store: store::StoreForm,
    taxes: taxes::TaxesView,
    catalog: catalog::CatalogView,
    people: people::PeopleView,
    devices: devices::DevicesView,
    fiscal: fiscal::FiscalView,
    customers: customers::CustomersView,
    stock: stock::StockView,
    reports: reports::ReportsView,
    confirm: Option<Confirm>,
}

/// A section's name on the rail.
fn section_name(section: Section) -> Id {
    match section {
        Section::Store => id!("bo-section-store"),
        Section::Fiscal => id!("bo-section-fiscal"),
        Section::Customers => id!("bo-section-customers"),
        Section::Taxes => id!("bo-section-taxes"),
        Section::Catalog => id!("bo-section-catalog"),
        Section::People => id!("bo-section-people"),
        Section::Devices => id!("bo-section-devices"),
        Section::Stock => id!("bo-section-stock"),
        Section::Reports => id!("bo-section-reports"),
    }
}

/// The keys of the back office, for the F1 help: (keys, what they do). Ctrl+digit picks the
/// n-th section of the rail (as many as it shows), the others act on the section shown.
pub(super) const OFFICE_KEYS: [(KeyName, Id); 11] = [
    (KeyName::Text("Ctrl+1 … Ctrl+9"), id!("help-bo-sections")),
    (KeyName::Text("Ctrl+N"), id!("help-bo-new")),
    (KeyName::Text("Ctrl+F"), id!("help-bo-filter")),
    (KeyName::Text("Ctrl+I"), id!("help-bo-import")),
    (KeyName::Text("Ctrl+K"), id!("help-bo-quick-keys")),
    (KeyName::Text("Ctrl+P"), id!("help-bo-reprice")),
    (
        KeyName::Word(id!("key-pages")),
        id!("help-bo-report-grouping"),
    ),
    (KeyName::Text("Tab"), id!("help-bo-tab")),
    (KeyName::Word(id!("key-enter")), id!("help-bo-save")),
    (KeyName::Word(id!("key-escape")), id!("help-bo-cancel")),
    (KeyName::Text("F1"), id!("help-help")),
];

/// How the help names a key: as written on it, or a word of the language ("Intro").
#[derive(Clone, Copy, Debug)]
pub(super) enum KeyName {
    Text(&'static str),
    Word(Id),
}

/// Ctrl+1 … Ctrl+9: the rail's sections in order.
const SECTION_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// Whether Ctrl (Cmd on a Mac) + `key` was pressed this frame; the press is taken.
fn shortcut(ui: &egui::Ui, key: Key) -> bool {
    ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, key))
}

/// The width of a form's labels.
pub(super) const LABEL_W: f32 = 220.0;

/// Text in a cell of `width`, left-aligned, cut with "…" when too long.
pub(super) fn label_ui(
    ui: &mut egui::Ui,
    text: impl Into<egui::WidgetText>,
    width: f32,
) -> egui::Response {
    let layout = egui::Layout::left_to_right(egui::Align::Center);
    ui.allocate_ui_with_layout(egui::vec2(width, 26.0), layout, |ui| {
        ui.set_width(width);
        ui.add(egui::Label::new(text).truncate())
    })
    .inner
}

/// The back office's type: smaller than the till's (forms and tables, not a touch pad).
fn office_style(ui: &mut egui::Ui) {
    let style = ui.style_mut();
    for (text_style, size) in [
        (egui::TextStyle::Body, 17.0),
        (egui::TextStyle::Button, 17.0),
        (egui::TextStyle::Small, 14.0),
    ] {
        if let Some(font) = style.text_styles.get_mut(&text_style) {
            font.size = size;
        }
    }
    style.spacing.item_spacing.y = 6.0;
    style.spacing.interact_size.y = 28.0;
    style.spacing.button_padding = egui::vec2(10.0, 5.0);
}

/// A labelled one-line field with its problem beside it; `secret` hides what is typed.
pub(super) fn field_ui(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    problem: Option<&str>,
    secret: bool,
    width: f32,
) -> egui::Response {
    ui.horizontal(|ui| {
        let name = label_ui(ui, label, LABEL_W);
        let edit = egui::TextEdit::singleline(text)
            .password(secret)
            .desired_width(width)
            .font(egui::TextStyle::Body);
        let response = ui.add(edit).labelled_by(name.id);
        if let Some(problem) = problem {
            let color = ui.visuals().error_fg_color;
            ui.label(RichText::new(problem).color(color));
        }
        response
    })
    .inner
}

/// The Cancel button of a form (Escape does the same); true when clicked.
pub(super) fn cancel_button_ui<C: Clock>(sh: &Shell<'_, C>, ui: &mut egui::Ui) -> bool {
    let cancel = egui::Button::new(sh.t(id!("bo-cancel-esc"))).min_size(egui::vec2(140.0, 36.0));
    ui.add(cancel).clicked()
}

/// Whether Enter was pressed this frame (a form saves on it).
pub(super) fn enter_pressed(ui: &egui::Ui) -> bool {
    ui.input(|i| i.key_pressed(Key::Enter))
}

/// A section's title and a line under it saying what it is for.
pub(super) fn title_ui(ui: &mut egui::Ui, title: &str, subtitle: &str) {
    ui.label(RichText::new(title).size(26.0).strong());
    ui.label(RichText::new(subtitle).weak());
    ui.add_space(4.0);
}

impl BackOfficeScreen {
    /// The section shown: the one chosen if still allowed, else the first allowed.
    fn section<C: Clock>(&mut self, sh: &Shell<'_, C>) -> Option<Section> {
        let allowed = sh.till.office_sections();
        let chosen = self.section.filter(|s| allowed.contains(s));
        self.section = chosen.or_else(|| allowed.first().copied());
        self.section
    }

    /// Asks "yes/no" before a change.
    fn ask(&mut self, question: String, yes: Id, change: Office) {
        self.confirm = Some(Confirm {
            question,
            yes,
            change,
        });
    }

    /// The keyboard's way around: Ctrl+digit picks a section, Ctrl+N starts a new product,
    /// person or customer; in the catalog, Ctrl+F goes to the filter, Ctrl+I to the import, Ctrl+K to the
    /// quick keys, Ctrl+P to the bulk price change.
    fn shortcuts_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &egui::Ui) {
        for (section, key) in sh.till.office_sections().into_iter().zip(SECTION_KEYS) {
            if shortcut(ui, key) {
                self.section = Some(section);
                self.confirm = None;
            }
        }
        let section = self.section(sh);
        if shortcut(ui, Key::N) {
            match section {
                Some(Section::Catalog) => self.catalog.new_product(sh),
                Some(Section::People) => self.people.new_person(),
                Some(Section::Customers) => self.customers.new_customer(),
                _ => {}
            }
        }
        if section == Some(Section::Catalog) {
            if shortcut(ui, Key::F) {
                self.catalog.focus_filter();
            }
            if shortcut(ui, Key::I) {
                self.catalog.open_import(sh);
            }
            if shortcut(ui, Key::K) {
                self.catalog.open_quick_keys();
            }
            if shortcut(ui, Key::P) {
                self.catalog.open_reprice(sh);
            }
        }
    }

    fn rail_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        // The way out and the keys' hint sit at the rail's foot, whatever the sections above.
        ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
            ui.add_space(10.0);
            let leave = if sh.sells() && !sh.st.office_only {
                id!("bo-back-to-sale")
            } else {
                id!("bo-log-out")
            };
            let button = egui::Button::new(sh.t(leave)).min_size(egui::vec2(190.0, 38.0));
            if ui.add(button).clicked() {
                self.leave(sh);
            }
            ui.add_space(8.0);
            let keys = RichText::new(sh.t(id!("bo-keys-hint"))).small().weak();
            ui.add(egui::Label::new(keys).wrap());
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                ui.add_space(12.0);
                ui.label(RichText::new(sh.t(id!("bo-title"))).size(24.0).strong());
                if let Some(s) = sh.till.session() {
                    ui.label(RichText::new(s.user.name.clone()).weak());
                }
                ui.add_space(8.0);
                let current = self.section(sh);
                for section in sh.till.office_sections() {
                    let name = sh.t(section_name(section)).into_owned();
                    let selected = current == Some(section);
                    let button = egui::Button::selectable(selected, RichText::new(name).size(18.0))
                        .wrap_mode(egui::TextWrapMode::Truncate)
                        .min_size(egui::vec2(200.0, 40.0));
                    if ui.add(button).clicked() {
                        self.section = Some(section);
                        self.confirm = None;
                    }
                }
            });
        });
    }

    /// Back to the sale, or out (a technician, or `caja backoffice`).
    fn leave<C: Clock>(&mut self, sh: &mut Shell<'_, C>) {
        if sh.sells() && !sh.st.office_only {
            sh.go(Screen::Sale);
        } else {
            sh.run(Command::Logout);
            sh.go(Screen::Login);
        }
    }

    fn confirm_ui<C: Clock>(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        let Some(confirm) = self.confirm.clone() else {
            return;
        };
        egui::Frame::group(ui.style())
            .fill(sh.theme().warning.gamma_multiply(0.25))
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.label(RichText::new(&confirm.question).size(20.0).strong());
                ui.horizontal(|ui| {
                    if ui.button(sh.t(confirm.yes)).clicked() {
                        self.confirm = None;
                        sh.run(Command::BackOffice(confirm.change.clone()));
                    }
                    if ui.button(sh.t(id!("bo-cancel"))).clicked() {
                        self.confirm = None;
                    }
                });
            });
        ui.add_space(8.0);
    }
}

impl<C: Clock> TillScreen<C> for BackOfficeScreen {
    /// A serial scanner's code, while Devices is shown, is its test scan (never sold).
    fn serial_scan(&mut self, sh: &mut Shell<'_, C>, code: String) -> bool {
        match self.section(sh) {
            Some(Section::Devices) => {
                self.devices.last_scan = Some(code);
                true
            }
            Some(Section::Stock) => self.stock.scanned(sh, code),
            _ => false,
        }
    }

    fn enter(&mut self, sh: &mut Shell<'_, C>) {
        self.confirm = None;
        self.store.reload(sh.till.profile());
        self.section(sh);
    }

    fn input(&mut self, sh: &mut Shell<'_, C>, input: Input, _time: f64) {
        if input == Input::Key(Key::F1) {
            sh.open(super::dialogs::Overlay::Help);
            return;
        }
        // PageDown / PageUp: in Reports, the next or previous grouping.
        if let Input::Key(key @ (Key::PageDown | Key::PageUp)) = input {
            if self.section == Some(Section::Reports) {
                self.reports.step_grouping(key == Key::PageDown);
            }
            return;
        }
        if input != Input::Key(Key::Escape) {
            return;
        }
        // Escape closes what is open, innermost first; then leaves.
        if self.confirm.take().is_some() {
            return;
        }
        let closed = match self.section {
            Some(Section::Catalog) => self.catalog.cancel(sh),
            Some(Section::People) => self.people.cancel(),
            Some(Section::Taxes) => self.taxes.cancel(),
            Some(Section::Store) => self.store.cancel(sh.till.profile()),
            Some(Section::Devices) => self.devices.cancel(),
            Some(Section::Customers) => self.customers.cancel(),
            Some(Section::Stock) => self.stock.cancel(),
            _ => false,
        };
        if !closed {
            self.leave(sh);
        }
    }

    fn panels_ui(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        self.shortcuts_ui(sh, ui);
        egui::Panel::left("office-rail")
            .resizable(false)
            .exact_size(220.0)
            .show(ui, |ui| self.rail_ui(sh, ui));
    }

    fn screen_ui(&mut self, sh: &mut Shell<'_, C>, ui: &mut egui::Ui) {
        office_style(ui);
        // A catalog window read beside the screen is looked for at the next frames.
        if sh.till.office_reading() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(15));
        }
        // Typing into a form runs no command: it still keeps the idle lock away.
        if ui.input(|i| {
            i.events
                .iter()
                .any(|e| !matches!(e, egui::Event::PointerMoved(_)))
        }) {
            sh.till.touch();
        }
        sh.notice_ui(ui);
        self.confirm_ui(sh, ui);
        match self.section(sh) {
            Some(Section::Store) => {
                if let Some((q, c)) = self.store.form_ui(sh, ui) {
                    self.ask(q, id!("bo-confirm-remove-logo"), c);
                }
            }
            Some(Section::Taxes) => self.taxes.view_ui(sh, ui),
            Some(Section::Catalog) => {
                if let Some((q, yes, c)) = self.catalog.view_ui(sh, ui) {
                    self.ask(q, yes, c);
                }
            }
            Some(Section::People) => {
                if let Some((q, c)) = self.people.view_ui(sh, ui) {
                    self.ask(q, id!("bo-confirm-disable"), c);
                }
            }
            Some(Section::Devices) => self.devices.view_ui(sh, ui),
            Some(Section::Fiscal) => self.fiscal.view_ui(sh, ui),
            Some(Section::Customers) => {
                if let Some((q, c)) = self.customers.view_ui(sh, ui) {
                    self.ask(q, id!("bo-customer-deactivate-yes"), c);
                }
            }
            Some(Section::Stock) => self.stock.view_ui(sh, ui),
            Some(Section::Reports) => self.reports.view_ui(sh, ui),
            None => {}
        }
    }

    fn applied(&mut self, sh: &mut Shell<'_, C>, command: &Command, outcome: &Outcome) {
        if let Command::BackOffice(change) = command {
            self.catalog.applied(change, outcome);
            self.people.applied(change);
            self.customers.applied(change);
            self.taxes.applied(change);
            self.stock.applied(change);
            if let Office::SetProfile { .. } = change {
                self.store.reload(sh.till.profile());
            }
            if let Office::SetLogo(_) = change {
                self.store.logo_changed();
            }
            // An import or a price change says how it went in its own panel, when it ends.
            // A count's scan says what was counted (the shell's notice).
            let counted = matches!(
                change,
                Office::Stock(crate::app::stock_office::StockChange::CountScan { .. })
            );
            if !counted && !matches!(change, Office::Import { .. } | Office::Reprice(_)) {
                sh.info(sh.t(id!("bo-saved")));
            }
        }
    }
}
