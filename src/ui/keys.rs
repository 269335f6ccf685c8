//! The keyboard contract. Text and key events are taken out of egui's input before any widget
//! sees them, so a focused button or field can never swallow, repeat or reorder a scanner's
//! characters; each screen and dialog then reads them here.
//!
//! Sale screen: characters + Enter = scan or PLU (`N*` first = quantity) · F1 help · F2 search ·
//! F3 last receipt · F4 park/recall · F6 discount · F7 devices · F8 return · F9 no-sale · F10 shift ·
//! F11 log out · F12 pay · Esc clear · Delete void selected line · ↑/↓ select line.
//! Payment: amount + Enter = cash · Enter = exact cash · [reference] F5 = card for the rest ·
//! Esc back.

use super::entry::Entry;
use super::{Screen, TillUi, parse_amount};
use crate::app::Clock;
use crate::app::command::Command;
use eframe::egui;
use egui::{Event, Key};

/// One keyboard input, in order of arrival.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Char(char),
    Key(Key),
}

/// The keyboard help (F1), as (keys, Spanish, English).
pub const HELP: &[(&str, &str, &str)] = &[
    (
        "0-9 … Intro",
        "escanear o teclear un código / PLU",
        "scan or type a code / PLU",
    ),
    (
        "N * código",
        "N unidades del siguiente artículo",
        "N units of the next item",
    ),
    ("F1", "esta ayuda", "this help"),
    (
        "F2",
        "buscar producto (↑ ↓ Intro)",
        "search products (↑ ↓ Enter)",
    ),
    (
        "F3",
        "ver / reimprimir el último tique",
        "show / reprint the last receipt",
    ),
    (
        "F4",
        "aparcar la venta / recuperar una aparcada",
        "park the sale / recall a parked one",
    ),
    (
        "F6",
        "descuento o cambio de precio",
        "discount or price change",
    ),
    (
        "F8",
        "devolución sobre un tique",
        "return against a receipt",
    ),
    ("F9", "abrir cajón sin venta", "open the drawer (no sale)"),
    (
        "F10",
        "turno: entradas, salidas, X, cierre Z",
        "shift: cash in/out, X, Z close",
    ),
    ("F11", "cerrar sesión", "log out"),
    ("F12", "cobrar", "pay"),
    (
        "Supr",
        "anular la línea seleccionada",
        "void the selected line",
    ),
    ("↑ ↓", "seleccionar línea", "select a line"),
    ("Esc", "volver / cancelar", "back / cancel"),
    (
        "Cobro: importe Intro",
        "efectivo entregado (cambio en grande)",
        "cash tendered (change shown large)",
    ),
    ("Cobro: Intro", "efectivo exacto", "exact cash"),
    (
        "Cobro: F5",
        "tarjeta por lo que falta (antes: referencia)",
        "card for the rest (type the reference first)",
    ),
];

impl<C: Clock> TillUi<C> {
    /// Takes this frame's keyboard events out of egui and applies them in order.
    pub(super) fn keyboard(&mut self, ui: &egui::Ui) {
        let (events, time) = ui.ctx().input_mut(|i| {
            let mut taken = Vec::new();
            i.events.retain(|e| match e {
                Event::Text(_) | Event::Key { .. } => {
                    taken.push(e.clone());
                    false
                }
                _ => true,
            });
            (taken, i.time)
        });
        for event in events {
            match event {
                Event::Text(t) => {
                    for ch in t.chars().filter(|c| !c.is_control()) {
                        self.input(Input::Char(ch), time);
                    }
                }
                Event::Key {
                    key, pressed: true, ..
                } => self.input(Input::Key(key), time),
                _ => {}
            }
        }
    }

    /// Applies one input to the open dialog, or else to the screen.
    pub fn input(&mut self, input: Input, time: f64) {
        if let Some(overlay) = self.overlay.take() {
            let next = self.overlay_input(overlay, input, time);
            if self.overlay.is_none() {
                self.overlay = next;
            }
            return;
        }
        match self.screen {
            Screen::Login => self.login_input(input, time),
            Screen::Sale => self.sale_input(input),
            Screen::Payment => self.payment_input(input, time),
            Screen::Return => self.return_input(input),
            Screen::Shift => self.shift_input(input),
            Screen::Devices => self.devices_input(input),
        }
    }

    fn login_input(&mut self, input: Input, time: f64) {
        match input {
            Input::Char(c) if c.is_ascii_digit() => {
                self.pin.push(c);
                self.timing.push(c, time);
            }
            Input::Key(Key::Enter) if self.timing.enter(time).is_some() => {
                // A scan at the PIN pad must not count as a wrong PIN towards the lockout.
                self.pin.clear();
                self.notice = Some(super::Notice::Error(
                    self.tr(
                        "Inicie sesión con su PIN antes de escanear",
                        "Log in with your PIN before scanning",
                    )
                    .into(),
                ));
            }
            Input::Key(Key::Enter) => self.submit_pin(),
            Input::Key(Key::Backspace) => {
                self.pin.pop();
            }
            Input::Key(Key::Escape) => self.pin.clear(),
            _ => {}
        }
    }

    fn sale_input(&mut self, input: Input) {
        match input {
            Input::Char(c) => {
                if let Some(Entry::Quantity(units)) = self.entry.push(&c.to_string()) {
                    self.run(Command::Quantity { units });
                }
            }
            Input::Key(Key::Enter) => {
                if let Entry::Code(code) = self.entry.submit() {
                    self.run(Command::Scan { code });
                }
            }
            Input::Key(Key::Backspace) => self.entry.backspace(),
            Input::Key(Key::Escape) => {
                self.entry.clear();
                if self.till.pending_units().is_some() {
                    self.run(Command::Quantity { units: 1 });
                }
                self.notice = None;
            }
            Input::Key(Key::Delete) => self.void_selected(),
            Input::Key(Key::ArrowUp) => self.move_selection(-1),
            Input::Key(Key::ArrowDown) => self.move_selection(1),
            Input::Key(Key::F1) => self.overlay = Some(super::Overlay::Help),
            Input::Key(Key::F2) => self.open_search(),
            Input::Key(Key::F3) => self.show_last_receipt(),
            Input::Key(Key::F4) => self.park_or_recall(),
            Input::Key(Key::F6) => self.open_discount(),
            Input::Key(Key::F7) => self.open_devices(),
            Input::Key(Key::F8) => self.open_return(),
            Input::Key(Key::F9) => self.overlay = Some(super::Overlay::NoSale(String::new())),
            Input::Key(Key::F10) => self.open_shift_screen(),
            Input::Key(Key::F11) => {
                self.run(Command::Logout);
            }
            Input::Key(Key::F12) => {
                self.run(Command::Pay);
            }
            _ => {}
        }
    }

    fn payment_input(&mut self, input: Input, time: f64) {
        match input {
            Input::Char(c) => {
                self.entry.push(&c.to_string());
                self.timing.push(c, time);
            }
            Input::Key(Key::Backspace) => {
                self.entry.backspace();
                self.timing.pop();
            }
            Input::Key(Key::Enter) => {
                if self.timing.enter(time).is_some() {
                    // A scanner's burst is never an amount of cash.
                    self.entry.clear();
                    self.notice = Some(super::Notice::Error(
                        self.tr(
                            "Eso era un escaneo y el cobro está en curso: Esc para volver a la venta y escanear",
                            "That was a scan while paying: Esc to go back to the sale and scan",
                        )
                        .into(),
                    ));
                    return;
                }
                let remaining = self.till.payment().map_or(0, |p| p.remaining_in_cash());
                let amount = match self.entry.submit() {
                    Entry::Code(text) => match parse_amount(&text) {
                        Some(a) if a > (remaining * 10).max(remaining + 50_000) => {
                            self.notice = Some(super::Notice::Error(format!(
                                "«{text}»: {} {}",
                                self.tr(
                                    "es demasiado para lo que falta; revise el importe. Falta",
                                    "is far more than what is left; check the amount. Left:"
                                ),
                                self.money(remaining)
                            )));
                            return;
                        }
                        Some(a) => Some(a),
                        None => {
                            self.notice = Some(super::Notice::Error(format!(
                                "«{text}»: {}",
                                self.tr(
                                    "no es un importe (ej. 20 o 12,50)",
                                    "not an amount (e.g. 20 or 12.50)"
                                )
                            )));
                            return;
                        }
                    },
                    _ => None,
                };
                self.run(Command::Cash { amount });
            }
            Input::Key(Key::F5) => {
                self.timing.clear();
                let reference = match self.entry.submit() {
                    Entry::Code(r) => Some(r),
                    _ => None,
                };
                self.run(Command::Card { reference });
            }
            Input::Key(Key::Escape) => {
                self.entry.clear();
                if self.run(Command::CancelPayment) {
                    self.screen = Screen::Sale;
                }
            }
            Input::Key(Key::F1) => self.overlay = Some(super::Overlay::Help),
            _ => {}
        }
    }

    pub(super) fn move_selection(&mut self, by: i64) {
        let n = self.till.cart().lines.len();
        if n == 0 {
            return;
        }
        let current = self.selected.unwrap_or(n - 1) as i64;
        self.selected = Some((current + by).clamp(0, n as i64 - 1) as usize);
    }

    pub(super) fn void_selected(&mut self) {
        let n = self.till.cart().lines.len();
        if n == 0 {
            return;
        }
        let line = self.selected.unwrap_or(n - 1);
        self.run(Command::VoidLine {
            line,
            manager_pin: None,
        });
    }
}
