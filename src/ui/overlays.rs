//! Dialogs over the sale screen: help (F1), search (F2), parked sales (F4), discount and price
//! (F6), the manager-PIN approval, no-sale (F9) and the receipt (F3). Each reads the keyboard
//! in `overlay_input` and is drawn in `overlay_ui`.

use super::keys::{HELP, Input};
use super::{Notice, TillUi, parse_fixed};
use crate::app::Clock;
use crate::app::command::Command;
use crate::store::catalog::Product;
use crate::store::parked::ParkedSale;
use crate::till::cart::Discount;
use crate::till::format::Locale;
use eframe::egui;
use egui::{Key, RichText};

/// What the manager's PIN is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApprovalPurpose {
    /// Run this command again with the PIN.
    Approve(Box<Command>),
    /// Lift the PIN-pad lockout.
    Unlock,
}

/// What F6 changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscountTarget {
    LinePercent,
    LineAmount,
    TicketPercent,
    TicketAmount,
    Price,
}

impl DiscountTarget {
    const ALL: [DiscountTarget; 5] = [
        DiscountTarget::LinePercent,
        DiscountTarget::LineAmount,
        DiscountTarget::TicketPercent,
        DiscountTarget::TicketAmount,
        DiscountTarget::Price,
    ];

    fn label(self, locale: Locale) -> &'static str {
        let (es, en) = match self {
            DiscountTarget::LinePercent => ("Línea %", "Line %"),
            DiscountTarget::LineAmount => ("Línea €", "Line amount"),
            DiscountTarget::TicketPercent => ("Tique %", "Ticket %"),
            DiscountTarget::TicketAmount => ("Tique €", "Ticket amount"),
            DiscountTarget::Price => ("Precio", "Price"),
        };
        if locale == Locale::Es { es } else { en }
    }

    fn step(self, by: i64) -> DiscountTarget {
        let i = Self::ALL.iter().position(|t| *t == self).unwrap_or(0) as i64;
        Self::ALL[(i + by).rem_euclid(Self::ALL.len() as i64) as usize]
    }
}

/// An open dialog.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    Help,
    Search {
        query: String,
        results: Vec<Product>,
        selected: usize,
    },
    Parked {
        list: Vec<ParkedSale>,
        selected: usize,
    },
    Discount {
        target: DiscountTarget,
        value: String,
    },
    Approval {
        purpose: ApprovalPurpose,
        what: &'static str,
        pin: String,
    },
    NoSale(String),
    Receipt(Vec<String>),
}

/// Something a click in a dialog asks for, run once the dialog is drawn.
type Deferred<C> = Box<dyn FnOnce(&mut TillUi<C>)>;

impl<C: Clock> TillUi<C> {
    /// Keyboard input for the open dialog; returns the dialog to keep open (if any).
    pub(super) fn overlay_input(
        &mut self,
        overlay: Overlay,
        input: Input,
        time: f64,
    ) -> Option<Overlay> {
        if input == Input::Key(Key::Escape) {
            self.timing.clear();
            return None;
        }
        if let Input::Char(c) = input {
            self.timing.push(c, time);
        } else if input == Input::Key(Key::Backspace) {
            self.timing.pop();
        }
        // A scanner's burst into a dialog's field is a scan for the sale, not text for the field.
        let burst = match input {
            Input::Key(Key::Enter) => self.timing.enter_relaxed(time),
            _ => None,
        };
        if let Some(code) = burst {
            let mut overlay = overlay;
            let field = match &mut overlay {
                Overlay::Search { query, .. } => Some(query),
                Overlay::Discount { value, .. } => Some(value),
                Overlay::Approval { pin, .. } => Some(pin),
                Overlay::NoSale(reason) => Some(reason),
                _ => None,
            };
            if let Some(field) = field {
                // Only what the burst typed into the field comes out of it.
                let typed: String = field.chars().rev().take(code.chars().count()).collect();
                let typed: String = typed.chars().rev().collect();
                if code.ends_with(&typed) {
                    let keep = field.chars().count() - typed.chars().count();
                    *field = field.chars().take(keep).collect();
                }
            }
            if let Overlay::Search { query, results, .. } = &mut overlay {
                *results = self.till.search(query, 8).unwrap_or_default();
            }
            if self.screen == super::Screen::Sale {
                self.run(Command::Scan { code });
            }
            return Some(overlay);
        }
        match overlay {
            Overlay::Help | Overlay::Receipt(_) => match input {
                Input::Key(Key::Enter) => None,
                _ => Some(overlay),
            },
            Overlay::Search {
                mut query,
                mut results,
                mut selected,
            } => {
                match input {
                    Input::Char(c) => {
                        query.push(c);
                        results = self.till.search(&query, 8).unwrap_or_default();
                        selected = 0;
                    }
                    Input::Key(Key::Backspace) => {
                        query.pop();
                        results = self.till.search(&query, 8).unwrap_or_default();
                        selected = 0;
                    }
                    Input::Key(Key::ArrowDown) => {
                        selected = (selected + 1).min(results.len().saturating_sub(1));
                    }
                    Input::Key(Key::ArrowUp) => selected = selected.saturating_sub(1),
                    Input::Key(Key::Enter) => {
                        if let Some(p) = results.get(selected) {
                            let product_id = p.id;
                            self.run(Command::AddProduct { product_id });
                            return None;
                        }
                    }
                    _ => {}
                }
                Some(Overlay::Search {
                    query,
                    results,
                    selected,
                })
            }
            Overlay::Parked { list, mut selected } => {
                match input {
                    Input::Key(Key::ArrowDown) => {
                        selected = (selected + 1).min(list.len().saturating_sub(1))
                    }
                    Input::Key(Key::ArrowUp) => selected = selected.saturating_sub(1),
                    Input::Key(Key::Enter) => {
                        if let Some(p) = list.get(selected) {
                            self.recall(p.id);
                        }
                        return None;
                    }
                    _ => {}
                }
                Some(Overlay::Parked { list, selected })
            }
            Overlay::Discount {
                mut target,
                mut value,
            } => {
                match input {
                    Input::Char(c) if c.is_ascii_digit() || c == ',' || c == '.' => value.push(c),
                    Input::Key(Key::Backspace) => {
                        value.pop();
                    }
                    Input::Key(Key::ArrowRight) | Input::Key(Key::Tab) => target = target.step(1),
                    Input::Key(Key::ArrowLeft) => target = target.step(-1),
                    Input::Key(Key::Enter) => {
                        return match self.discount_command(target, &value) {
                            Some(command) => {
                                self.run(command);
                                None
                            }
                            None => {
                                self.notice = Some(Notice::Error(format!(
                                    "«{value}»: {}",
                                    self.tr("no es un valor válido", "not a valid value")
                                )));
                                Some(Overlay::Discount { target, value })
                            }
                        };
                    }
                    _ => {}
                }
                Some(Overlay::Discount { target, value })
            }
            Overlay::Approval {
                purpose,
                what,
                mut pin,
            } => {
                match input {
                    Input::Char(c) if c.is_ascii_digit() => pin.push(c),
                    Input::Key(Key::Backspace) => {
                        pin.pop();
                    }
                    Input::Key(Key::Enter) => {
                        self.approve(purpose, pin);
                        return None;
                    }
                    _ => {}
                }
                Some(Overlay::Approval { purpose, what, pin })
            }
            Overlay::NoSale(mut reason) => {
                match input {
                    Input::Char(c) => reason.push(c),
                    Input::Key(Key::Backspace) => {
                        reason.pop();
                    }
                    Input::Key(Key::Enter) if self.no_sale(reason.clone()) => return None,
                    _ => {}
                }
                Some(Overlay::NoSale(reason))
            }
        }
    }

    fn approve(&mut self, purpose: ApprovalPurpose, pin: String) {
        match purpose {
            ApprovalPurpose::Approve(command) => {
                if let Some(command) = command.with_manager_pin(pin) {
                    self.run(command);
                }
            }
            ApprovalPurpose::Unlock => {
                self.run(Command::UnlockLogin { manager_pin: pin });
            }
        }
    }

    fn reprint(&mut self) {
        match self.till.reprint_last() {
            Ok(_) => {
                self.wake_spooler();
                self.info(
                    self.tr(
                        "Tique enviado a la impresora",
                        "Receipt sent to the printer",
                    )
                    .into(),
                );
            }
            Err(e) => self.error(&e),
        }
    }

    fn recall(&mut self, id: i64) {
        if self.run(Command::Recall { id }) {
            self.selected = None;
            self.receipt = None;
            self.last_sale = None;
            self.info(self.tr("Venta recuperada", "Sale recalled").into());
        }
    }

    fn no_sale(&mut self, reason: String) -> bool {
        let ok = self.run(Command::NoSale {
            reason,
            manager_pin: None,
        });
        if ok {
            self.info(
                self.tr("Cajón abierto (registrado)", "Drawer opened (recorded)")
                    .into(),
            );
        }
        ok || self.overlay.is_some()
    }

    fn discount_command(&self, target: DiscountTarget, value: &str) -> Option<Command> {
        let n = self.till.cart().lines.len();
        let line = self
            .selected
            .unwrap_or(n.saturating_sub(1))
            .min(n.saturating_sub(1));
        let empty = value.trim().is_empty();
        let percent = || -> Option<Option<Discount>> {
            if empty {
                return Some(None);
            }
            let bp = parse_fixed(value, 2)?;
            Some(Some(Discount::Percent(u32::try_from(bp).ok()?)))
        };
        let amount = || -> Option<Option<Discount>> {
            if empty {
                return Some(None);
            }
            Some(Some(Discount::Amount(parse_fixed(value, 2)?)))
        };
        Some(match target {
            DiscountTarget::LinePercent => Command::LineDiscount {
                line,
                discount: percent()?,
                manager_pin: None,
            },
            DiscountTarget::LineAmount => Command::LineDiscount {
                line,
                discount: amount()?,
                manager_pin: None,
            },
            DiscountTarget::TicketPercent => Command::TicketDiscount {
                discount: percent()?,
                manager_pin: None,
            },
            DiscountTarget::TicketAmount => Command::TicketDiscount {
                discount: amount()?,
                manager_pin: None,
            },
            DiscountTarget::Price => Command::PriceOverride {
                line,
                price: parse_fixed(value, 2)?,
                manager_pin: None,
            },
        })
    }

    /// Draws the open dialog, if any.
    pub(super) fn overlay_ui(&mut self, ctx: &egui::Context) {
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        let mut keep = Some(overlay.clone());
        let mut action: Option<Deferred<C>> = None;
        egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
            ui.set_min_width(560.0);
            match &overlay {
                Overlay::Help => {
                    ui.heading(self.tr("Teclado", "Keyboard"));
                    egui::Grid::new("help").striped(true).show(ui, |ui| {
                        for (keys, es, en) in HELP {
                            ui.label(RichText::new(*keys).strong().size(18.0));
                            ui.label(RichText::new(self.tr(es, en)).size(18.0));
                            ui.end_row();
                        }
                    });
                }
                Overlay::Search {
                    query,
                    results,
                    selected,
                } => {
                    ui.heading(self.tr("Buscar producto", "Search products"));
                    egui::Frame::new()
                        .fill(ui.visuals().extreme_bg_color)
                        .stroke(ui.visuals().widgets.active.bg_stroke)
                        .inner_margin(8.0)
                        .show(ui, |ui| {
                            ui.set_min_width(520.0);
                            ui.label(RichText::new(format!("{query}|")).size(26.0));
                        });
                    if results.is_empty() && !query.is_empty() {
                        ui.label(self.tr("Nada encontrado", "Nothing found"));
                    }
                    for (i, p) in results.iter().enumerate() {
                        let price = if p.measure == crate::till::quantity::Measure::Kg {
                            format!("{}/kg", self.money(p.price))
                        } else {
                            self.money(p.price)
                        };
                        let row = egui::Button::selectable(
                            i == *selected,
                            RichText::new(&p.name).size(22.0),
                        )
                        .right_text(RichText::new(price).size(22.0).strong())
                        .min_size(egui::vec2(540.0, 44.0));
                        if ui.add(row).clicked() {
                            let product_id = p.id;
                            action = Some(Box::new(move |t| {
                                t.run(Command::AddProduct { product_id });
                            }));
                            keep = None;
                        }
                    }
                    ui.label(
                        RichText::new(self.tr(
                            "↑ ↓ elegir · Intro añadir · Esc cerrar · un escaneo va a la venta",
                            "↑ ↓ choose · Enter add · Esc close · a scan goes to the sale",
                        ))
                        .color(self.theme.muted),
                    );
                }
                Overlay::Parked { list, selected } => {
                    ui.heading(self.tr("Ventas aparcadas", "Parked sales"));
                    for (i, p) in list.iter().enumerate() {
                        if ui
                            .selectable_label(i == *selected, RichText::new(&p.label).size(22.0))
                            .clicked()
                        {
                            let id = p.id;
                            action = Some(Box::new(move |t| t.recall(id)));
                            keep = None;
                        }
                    }
                }
                Overlay::Discount { target, value } => {
                    ui.heading(self.tr("Descuento o precio", "Discount or price"));
                    ui.horizontal(|ui| {
                        for t in DiscountTarget::ALL {
                            if ui
                                .selectable_label(t == *target, t.label(self.locale()))
                                .clicked()
                            {
                                keep = Some(Overlay::Discount {
                                    target: t,
                                    value: value.clone(),
                                });
                            }
                        }
                    });
                    ui.label(RichText::new(format!("{value}|")).size(30.0));
                    ui.label(
                        RichText::new(self.tr(
                            "← → elegir · teclee el valor · Intro aplicar (vacío = quitar) · Esc",
                            "← → choose · type the value · Enter apply (empty = remove) · Esc",
                        ))
                        .color(self.theme.muted),
                    );
                }
                Overlay::Approval { pin, .. } => {
                    ui.heading(self.tr("Autorización de encargado", "Manager approval"));
                    ui.label(self.tr(
                        "Un encargado teclea su PIN y pulsa Intro",
                        "A manager types their PIN and presses Enter",
                    ));
                    ui.label(RichText::new("•".repeat(pin.len()) + " ").size(36.0));
                }
                Overlay::NoSale(reason) => {
                    ui.heading(self.tr("Abrir cajón sin venta", "Open drawer (no sale)"));
                    ui.label(self.tr("Motivo:", "Reason:"));
                    ui.label(RichText::new(format!("{reason}|")).size(26.0));
                    ui.horizontal(|ui| {
                        for preset in [
                            self.tr("Cambio", "Change"),
                            self.tr("Error de cobro", "Payment error"),
                        ] {
                            if ui.button(preset).clicked() {
                                let reason = preset.to_string();
                                action = Some(Box::new(move |t| {
                                    t.no_sale(reason);
                                }));
                                keep = None;
                            }
                        }
                    });
                }
                Overlay::Receipt(lines) => {
                    ui.heading(self.tr("Último tique", "Last receipt"));
                    if self.till.settings().printer.is_some()
                        && ui.button(self.tr("Reimprimir", "Reprint")).clicked()
                    {
                        action = Some(Box::new(|t| t.reprint()));
                        keep = None;
                    }
                    egui::ScrollArea::vertical()
                        .max_height(520.0)
                        .show(ui, |ui| super::paper_ui(ui, lines, 15.0));
                }
            }
            if ui.button(self.tr("Cerrar (Esc)", "Close (Esc)")).clicked() {
                keep = None;
            }
        });
        if self.overlay.is_none() {
            self.overlay = keep;
        }
        if let Some(action) = action {
            action(self);
        }
    }
}
