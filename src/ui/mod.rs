//! The till screen (egui). Widgets only read state and emit `Command`s; `Till::apply` in `app/`
//! carries them out. Functions that draw end in `_ui`.

pub mod entry;
pub mod text;

use crate::app::command::{Command, Outcome};
use crate::app::{Clock, Till};
use crate::till::format::{format_fixed, format_money};
use crate::till::quantity::Measure;
use crate::till::shift::ShiftState;
use eframe::egui;
use egui::{Color32, Key, RichText};
use entry::{Entry, EntryBuffer};

/// Which screen is up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Login,
    Sale,
    Payment,
}

/// A line of feedback at the bottom of the sale area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// The till's UI state over the application service.
pub struct TillUi<C: Clock> {
    pub till: Till<C>,
    pub screen: Screen,
    pub demo: bool,
    pin: String,
    entry: EntryBuffer,
    notice: Option<Notice>,
    last_sale: Option<(String, i64)>,
}

impl<C: Clock> TillUi<C> {
    pub fn new(till: Till<C>, demo: bool) -> TillUi<C> {
        TillUi {
            till,
            screen: Screen::Login,
            demo,
            pin: String::new(),
            entry: EntryBuffer::default(),
            notice: None,
            last_sale: None,
        }
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    fn money(&self, minor: i64) -> String {
        let s = self.till.settings();
        format_money(minor, s.currency, s.locale)
    }

    /// Applies a command and turns its result into screen changes and a notice.
    pub fn run(&mut self, command: Command) {
        match self.till.apply(command) {
            Ok(Outcome::LoggedIn(user)) => {
                self.screen = Screen::Sale;
                self.notice = Some(Notice::Info(user.name));
            }
            Ok(Outcome::Scanned(s)) => {
                let qty = match s.quantity.measure {
                    Measure::Unit => format!("{} ×", s.quantity.milli / 1000),
                    Measure::Kg => format!(
                        "{} kg ×",
                        format_fixed(s.quantity.milli, 3, self.till.settings().locale)
                    ),
                };
                self.notice = Some(Notice::Info(format!(
                    "{} · {qty} {} = {}",
                    s.name,
                    self.money(s.unit_price),
                    self.money(s.line_total)
                )));
            }
            Ok(Outcome::Remaining { .. }) => self.screen = Screen::Payment,
            Ok(Outcome::Paid(c)) => {
                self.screen = Screen::Sale;
                self.notice = Some(Notice::Info(format!(
                    "{} {} · {}",
                    text::texts(self.till.settings().locale).sale_done,
                    c.number,
                    self.money(c.total)
                )));
                self.last_sale = Some((c.number, c.change));
            }
            Ok(Outcome::Done) => {
                if self.till.session().is_none() {
                    self.screen = Screen::Login;
                }
            }
            Err(e) => {
                if self.till.session().is_none() {
                    self.screen = Screen::Login;
                }
                self.notice = Some(Notice::Error(e.to_string()));
            }
        }
    }

    /// Keyboard input for the current screen, read from the frame's raw events.
    fn keyboard(&mut self, ui: &egui::Ui) {
        let events = ui.input(|i| i.events.clone());
        for event in events {
            match (&self.screen, event) {
                (Screen::Login, egui::Event::Text(t)) => {
                    self.pin.extend(t.chars().filter(char::is_ascii_digit));
                }
                (
                    Screen::Login,
                    egui::Event::Key {
                        key: Key::Enter,
                        pressed: true,
                        ..
                    },
                ) => {
                    self.submit_pin();
                }
                (
                    Screen::Login,
                    egui::Event::Key {
                        key: Key::Backspace,
                        pressed: true,
                        ..
                    },
                ) => {
                    self.pin.pop();
                }
                (_, egui::Event::Text(t)) => {
                    if let Some(Entry::Quantity(units)) = self.entry.push(&t) {
                        self.run(Command::Quantity { units });
                    }
                }
                (
                    _,
                    egui::Event::Key {
                        key: Key::Backspace,
                        pressed: true,
                        ..
                    },
                ) => {
                    self.entry.backspace();
                }
                (
                    Screen::Sale,
                    egui::Event::Key {
                        key: Key::Enter,
                        pressed: true,
                        ..
                    },
                ) => {
                    if let Entry::Code(code) = self.entry.submit() {
                        self.run(Command::Scan { code });
                    }
                }
                (
                    Screen::Sale,
                    egui::Event::Key {
                        key: Key::F12,
                        pressed: true,
                        ..
                    },
                ) => {
                    self.run(Command::Pay);
                }
                (
                    Screen::Payment,
                    egui::Event::Key {
                        key: Key::Enter,
                        pressed: true,
                        ..
                    },
                ) => {
                    let amount = match self.entry.submit() {
                        Entry::Code(text) => match parse_amount(&text) {
                            Some(a) => Some(a),
                            None => {
                                self.notice = Some(Notice::Error(format!("«{text}» ?")));
                                continue;
                            }
                        },
                        _ => None,
                    };
                    self.run(Command::Cash { amount });
                }
                (
                    Screen::Payment,
                    egui::Event::Key {
                        key: Key::F5,
                        pressed: true,
                        ..
                    },
                ) => {
                    self.run(Command::Card { reference: None });
                }
                (
                    Screen::Payment,
                    egui::Event::Key {
                        key: Key::Escape,
                        pressed: true,
                        ..
                    },
                ) => {
                    self.run(Command::CancelPayment);
                    if self.till.payment().is_none() {
                        self.screen = Screen::Sale;
                    }
                }
                _ => {}
            }
        }
    }

    fn submit_pin(&mut self) {
        let pin = std::mem::take(&mut self.pin);
        self.run(Command::Login { pin });
    }

    /// Draws the whole till.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if self.till.lock_if_idle().unwrap_or(false) {
            self.screen = Screen::Login;
        }
        self.keyboard(ui);
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::CentralPanel::default_margins().show(ui, |ui| match self.screen {
            Screen::Login => self.login_ui(ui),
            Screen::Sale | Screen::Payment => self.sale_ui(ui),
        });
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        let t = text::texts(self.till.settings().locale);
        ui.horizontal(|ui| {
            let user = self.till.session().map_or("—", |s| s.user.name.as_str());
            ui.label(format!("{}: {user}", t.user));
            ui.separator();
            ui.label(format!("{}: {}", t.terminal, self.till.settings().terminal));
            ui.separator();
            let shift = match self.till.shift() {
                Ok(Some((r, _))) if r.state == ShiftState::Open => t.open,
                Ok(Some(_)) => t.closing,
                _ => t.no_shift,
            };
            ui.label(format!("{}: {shift}", t.shift));
            ui.separator();
            ui.label(self.till.clock().now().format("%d/%m/%Y %H:%M").to_string());
        });
    }

    fn login_ui(&mut self, ui: &mut egui::Ui) {
        let t = text::texts(self.till.settings().locale);
        ui.vertical_centered(|ui| {
            ui.add_space(40.0);
            ui.heading(RichText::new(t.enter_pin).size(32.0));
            ui.label(RichText::new("•".repeat(self.pin.len())).size(40.0));
            let size = egui::vec2(96.0, 72.0);
            for row in [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"]] {
                ui.horizontal(|ui| {
                    ui.add_space((ui.available_width() - 3.0 * (size.x + 8.0)) / 2.0);
                    for d in row {
                        if ui
                            .add_sized(size, egui::Button::new(RichText::new(d).size(30.0)))
                            .clicked()
                        {
                            self.pin.push_str(d);
                        }
                    }
                });
            }
            ui.horizontal(|ui| {
                ui.add_space((ui.available_width() - 3.0 * (size.x + 8.0)) / 2.0);
                if ui
                    .add_sized(size, egui::Button::new(RichText::new(t.delete).size(20.0)))
                    .clicked()
                {
                    self.pin.pop();
                }
                if ui
                    .add_sized(size, egui::Button::new(RichText::new("0").size(30.0)))
                    .clicked()
                {
                    self.pin.push('0');
                }
                if ui
                    .add_sized(size, egui::Button::new(RichText::new(t.login).size(20.0)))
                    .clicked()
                {
                    self.submit_pin();
                }
            });
            if self.demo {
                ui.add_space(16.0);
                ui.label(RichText::new(t.demo_pins).size(18.0));
            }
            self.notice_ui(ui);
        });
    }

    fn notice_ui(&self, ui: &mut egui::Ui) {
        match &self.notice {
            Some(Notice::Error(e)) => {
                ui.label(
                    RichText::new(e)
                        .size(22.0)
                        .color(Color32::from_rgb(200, 40, 40)),
                );
            }
            Some(Notice::Info(i)) => {
                ui.label(RichText::new(i).size(22.0));
            }
            None => {}
        }
    }

    fn sale_ui(&mut self, ui: &mut egui::Ui) {
        let t = text::texts(self.till.settings().locale);
        let totals = self.till.totals();
        let locale = self.till.settings().locale;
        egui::Panel::right("totals")
            .exact_size(340.0)
            .show(ui, |ui| {
                ui.label(RichText::new(t.total).size(28.0));
                ui.label(RichText::new(self.money(totals.total)).size(56.0).strong());
                let tax: i64 = totals.taxes.iter().map(|r| r.quota).sum();
                ui.label(RichText::new(format!("{} {}", t.tax, self.money(tax))).size(18.0));
                ui.add_space(24.0);
                if self.screen == Screen::Payment {
                    let left = self.till.payment().map_or(0, |p| p.remaining_in_cash());
                    ui.label(RichText::new(t.to_pay).size(24.0));
                    ui.label(RichText::new(self.money(left)).size(44.0));
                    ui.label(RichText::new(t.cash_hint).size(16.0));
                    if ui.button(RichText::new(t.exact_cash).size(22.0)).clicked() {
                        self.run(Command::Cash { amount: None });
                    }
                    if ui.button(RichText::new(t.card).size(22.0)).clicked() {
                        self.run(Command::Card { reference: None });
                    }
                    if ui.button(RichText::new(t.cancel).size(22.0)).clicked() {
                        self.run(Command::CancelPayment);
                        self.screen = Screen::Sale;
                    }
                } else {
                    if let Some((number, change)) = &self.last_sale {
                        ui.label(RichText::new(format!("{} {number}", t.sale_done)).size(22.0));
                        ui.label(
                            RichText::new(format!("{} {}", t.change, self.money(*change)))
                                .size(44.0)
                                .strong(),
                        );
                    }
                    if ui.button(RichText::new(t.pay).size(26.0)).clicked() {
                        self.run(Command::Pay);
                    }
                }
            });
        ui.label(
            RichText::new(format!("{}: {}", t.code, self.entry.text()))
                .size(22.0)
                .monospace(),
        );
        self.notice_ui(ui);
        ui.separator();
        let cart = self.till.cart();
        if cart.is_empty() {
            ui.label(RichText::new(t.empty_cart).size(24.0));
        }
        let last = cart.lines.len().saturating_sub(1);
        egui::ScrollArea::vertical()
            .stick_to_bottom(true)
            .show(ui, |ui| {
                for (i, (line, amounts)) in cart.lines.iter().zip(&totals.lines).enumerate() {
                    let qty = match line.quantity.measure {
                        Measure::Unit => format!("{}", line.quantity.milli / 1000),
                        Measure::Kg => {
                            format!("{} kg", format_fixed(line.quantity.milli, 3, locale))
                        }
                    };
                    let mut text = RichText::new(format!(
                        "{qty:>8}  {:<40} {:>12}",
                        line.item.name,
                        format_money(amounts.total, cart.currency, locale)
                    ))
                    .size(22.0)
                    .monospace();
                    if line.voided {
                        text = text.strikethrough();
                    }
                    if i == last {
                        text = text
                            .strong()
                            .background_color(ui.visuals().selection.bg_fill);
                    }
                    ui.label(text);
                }
            });
    }
}

/// `12,50`, `12.50` or `12` (euros) → minor units.
pub fn parse_amount(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    if int.is_empty() && frac.is_empty() || frac.len() > 2 {
        return None;
    }
    let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    int.checked_mul(100)?.checked_add(frac).filter(|v| *v > 0)
}

impl<C: Clock> eframe::App for TillUi<C> {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TillUi::ui(self, ui);
    }
}

/// Opens the till window and runs until it is closed.
pub fn run_window<C: Clock + 'static>(till: Till<C>, demo: bool) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Caja")
            .with_inner_size([1024.0, 768.0])
            .with_min_inner_size([1024.0, 768.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let app = TillUi::new(till, demo);
    eframe::run_native("Caja", options, Box::new(move |_cc| Ok(Box::new(app))))
        .map_err(|e| anyhow::anyhow!("cannot open the till window: {e}"))
}
