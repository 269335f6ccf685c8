//! The sale and payment screen: code entry, the cart (only visible rows are laid out, so a
//! 200-line ticket costs what a 15-line one does), totals in large type, the item just scanned,
//! touch buttons for every function key, and the quick-key grid of favourites.

use super::{Notice, Overlay, Screen, TillUi};
use crate::app::Clock;
use crate::app::command::Command;
use crate::till::format::format_fixed;
use crate::till::quantity::{Measure, Quantity};
use eframe::egui;
use egui::{Align, Layout, RichText, Sense, UiBuilder};

const ROW_H: f32 = 40.0;

/// A touch button for a function key: Spanish label, English label, what it does.
type FunctionButton<C> = (&'static str, &'static str, fn(&mut TillUi<C>));

fn quantity_text(q: Quantity, locale: crate::till::format::Locale) -> String {
    match q.measure {
        Measure::Unit => format!("{}", q.milli / 1000),
        Measure::Kg => format!("{} kg", format_fixed(q.milli, 3, locale)),
    }
}

impl<C: Clock> TillUi<C> {
    /// Splits the screen into fixed regions: entry + cart (left), totals and function buttons
    /// (right, 360 points), quick keys (under the cart). Fixed rects rather than nested panels,
    /// so nothing can overlap whatever the content.
    pub(super) fn sale_ui(&mut self, ui: &mut egui::Ui) {
        let full = ui.available_rect_before_wrap();
        let right = egui::Rect::from_min_max(egui::pos2(full.max.x - 360.0, full.min.y), full.max);
        let left = egui::Rect::from_min_max(full.min, egui::pos2(right.min.x - 14.0, full.max.y));
        let keys_h = if self.favourites.is_empty() {
            0.0
        } else {
            190.0
        };
        let main = egui::Rect::from_min_max(left.min, egui::pos2(left.max.x, left.max.y - keys_h));
        let keys = egui::Rect::from_min_max(egui::pos2(left.min.x, main.max.y + 8.0), left.max);
        let stroke = ui.visuals().widgets.noninteractive.bg_stroke;
        ui.painter()
            .vline(right.min.x - 7.0, full.y_range(), stroke);
        ui.scope_builder(UiBuilder::new().max_rect(right), |ui| {
            ui.set_clip_rect(right);
            self.totals_ui(ui);
        });
        if keys_h > 0.0 {
            ui.painter().hline(keys.x_range(), keys.min.y - 4.0, stroke);
            ui.scope_builder(UiBuilder::new().max_rect(keys), |ui| {
                ui.set_clip_rect(keys);
                self.quick_keys_ui(ui);
            });
        }
        ui.scope_builder(UiBuilder::new().max_rect(main), |ui| {
            ui.set_clip_rect(main);
            self.cart_area_ui(ui);
        });
    }

    fn cart_area_ui(&mut self, ui: &mut egui::Ui) {
        self.entry_ui(ui);
        ui.separator();
        if self.till.cart().is_empty() {
            if let Some(receipt) = &self.receipt {
                ui.label(
                    RichText::new(self.tr("Último tique", "Last receipt")).color(self.theme.muted),
                );
                egui::ScrollArea::vertical()
                    .id_salt("receipt_preview")
                    .show(ui, |ui| super::paper_ui(ui, receipt, 15.0));
            } else {
                ui.add_space(40.0);
                ui.vertical_centered(|ui| {
                    ui.label(
                        RichText::new(self.tr(
                            "Escanee un producto para empezar",
                            "Scan a product to start",
                        ))
                        .size(28.0)
                        .color(self.theme.muted),
                    );
                });
            }
        } else {
            self.cart_ui(ui);
        }
    }

    fn entry_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = if self.screen == Screen::Payment {
                self.tr("Entregado", "Tendered")
            } else {
                self.tr("Código", "Code")
            };
            ui.label(RichText::new(label).size(22.0).color(self.theme.muted));
            if let Some(n) = self.till.pending_units() {
                ui.label(RichText::new(format!("{n} ×")).size(26.0).strong());
            }
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color)
                .stroke(ui.visuals().widgets.inactive.bg_stroke)
                .inner_margin(egui::Margin::symmetric(10, 4))
                .show(ui, |ui| {
                    ui.set_min_width(360.0);
                    ui.label(
                        RichText::new(format!("{}|", self.entry.text()))
                            .size(26.0)
                            .monospace(),
                    );
                });
        });
        self.notice_ui(ui);
    }

    fn cart_ui(&mut self, ui: &mut egui::Ui) {
        let locale = self.locale();
        let totals = self.till.totals();
        let cart = self.till.cart();
        let n = cart.lines.len();
        let selected = self.selected.unwrap_or(n.saturating_sub(1)).min(n - 1);
        let mut clicked = None;
        let highlight = self.theme.highlight;
        let muted = self.theme.muted;
        egui::ScrollArea::vertical()
            .id_salt("cart")
            .auto_shrink([false, false])
            .stick_to_bottom(true)
            .show_rows(ui, ROW_H, n, |ui, range| {
                for i in range {
                    let line = &cart.lines[i];
                    let amounts = totals.lines[i];
                    let (rect, response) = ui.allocate_exact_size(
                        egui::vec2(ui.available_width(), ROW_H),
                        Sense::click(),
                    );
                    if i == selected {
                        ui.painter().rect_filled(rect, 4.0, highlight);
                    }
                    if response.clicked() {
                        clicked = Some(i);
                    }
                    let strike = |t: RichText| if line.voided { t.strikethrough() } else { t };
                    let qty_rect = egui::Rect::from_min_size(rect.min, egui::vec2(110.0, ROW_H));
                    let amount_rect = egui::Rect::from_min_max(
                        egui::pos2(rect.max.x - 118.0, rect.min.y),
                        egui::pos2(rect.max.x - 8.0, rect.max.y),
                    );
                    let price_rect = egui::Rect::from_min_max(
                        egui::pos2(amount_rect.min.x - 125.0, rect.min.y),
                        egui::pos2(amount_rect.min.x - 8.0, rect.max.y),
                    );
                    let name_rect = egui::Rect::from_min_max(
                        egui::pos2(qty_rect.max.x + 12.0, rect.min.y),
                        egui::pos2(price_rect.min.x - 8.0, rect.max.y),
                    );
                    ui.scope_builder(
                        UiBuilder::new()
                            .max_rect(qty_rect)
                            .layout(Layout::right_to_left(Align::Center)),
                        |ui| {
                            ui.label(strike(
                                RichText::new(quantity_text(line.quantity, locale)).size(22.0),
                            ))
                        },
                    );
                    ui.scope_builder(
                        UiBuilder::new()
                            .max_rect(name_rect)
                            .layout(Layout::left_to_right(Align::Center)),
                        |ui| {
                            ui.add(
                                egui::Label::new(strike(RichText::new(&line.item.name).size(22.0)))
                                    .truncate(),
                            )
                        },
                    );
                    // Unit price when it is not obvious, and any discount, in a quieter column.
                    let mut detail = String::new();
                    if line.quantity.milli != 1000 || line.quantity.measure == Measure::Kg {
                        let per = if line.quantity.measure == Measure::Kg {
                            "/kg"
                        } else {
                            ""
                        };
                        detail = format!("× {}{per}", self.money(line.unit_price()));
                    }
                    let discount = amounts.line_discount + amounts.ticket_discount;
                    if discount > 0 {
                        detail = format!("−{}", self.money(discount));
                    }
                    ui.scope_builder(
                        UiBuilder::new()
                            .max_rect(price_rect)
                            .layout(Layout::right_to_left(Align::Center)),
                        |ui| ui.label(RichText::new(detail).size(17.0).color(muted)),
                    );
                    let amount = if line.voided {
                        self.tr("anulada", "voided").to_string()
                    } else {
                        self.money(amounts.total)
                    };
                    ui.scope_builder(
                        UiBuilder::new()
                            .max_rect(amount_rect)
                            .layout(Layout::right_to_left(Align::Center)),
                        |ui| ui.label(RichText::new(amount).size(22.0).strong()),
                    );
                }
            });
        if let Some(i) = clicked {
            self.selected = Some(i);
        }
    }

    fn totals_ui(&mut self, ui: &mut egui::Ui) {
        let totals = self.till.totals();
        ui.add_space(4.0);
        ui.label(
            RichText::new(self.tr("TOTAL", "TOTAL"))
                .size(24.0)
                .color(self.theme.muted),
        );
        ui.label(
            RichText::new(self.money(totals.total))
                .size(60.0)
                .strong()
                .color(self.theme.accent),
        );
        let tax: i64 = totals.taxes.iter().map(|r| r.quota).sum();
        ui.label(
            RichText::new(format!(
                "{} {}",
                self.tr("IVA incluido", "Tax included"),
                self.money(tax)
            ))
            .size(20.0),
        );
        if totals.discount_total > 0 {
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    self.tr("Descuentos", "Discounts"),
                    self.money(totals.discount_total)
                ))
                .size(20.0),
            );
        }
        ui.separator();
        if self.screen == Screen::Payment {
            self.payment_panel_ui(ui);
            return;
        }
        if let Some(s) = &self.last_scanned {
            let text = format!(
                "{}\n{} × {} = {}",
                s.name,
                quantity_text(s.quantity, self.locale()),
                self.money(s.unit_price),
                self.money(s.line_total)
            );
            ui.label(RichText::new(text).size(26.0).strong());
        } else if let Some((number, change)) = &self.last_sale {
            ui.label(RichText::new(number.clone()).size(22.0));
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    self.tr("Cambio", "Change"),
                    self.money(*change)
                ))
                .size(46.0)
                .strong()
                .color(self.theme.ok),
            );
        }
        ui.add_space(8.0);
        let size = egui::vec2(172.0, 54.0);
        let buttons: [FunctionButton<C>; 8] = [
            ("Cobrar (F12)", "Pay (F12)", |t| {
                t.run(Command::Pay);
            }),
            ("Buscar (F2)", "Search (F2)", |t| t.open_search()),
            ("Aparcar (F4)", "Park (F4)", |t| t.park_or_recall()),
            ("Descuento (F6)", "Discount (F6)", |t| t.open_discount()),
            ("Anular (Supr)", "Void (Del)", |t| t.void_selected()),
            ("Devolución (F8)", "Return (F8)", |t| t.open_return()),
            ("Cajón (F9)", "Drawer (F9)", |t| {
                t.overlay = Some(Overlay::NoSale(String::new()))
            }),
            ("Turno (F10)", "Shift (F10)", |t| t.open_shift_screen()),
        ];
        egui::Grid::new("function_keys")
            .num_columns(2)
            .spacing([8.0, 8.0])
            .show(ui, |ui| {
                for (i, (es, en, action)) in buttons.iter().enumerate() {
                    let label = self.tr(es, en);
                    let mut b = egui::Button::new(RichText::new(label).size(18.0)).truncate();
                    if i == 0 {
                        b = b.fill(self.theme.accent.gamma_multiply(0.35));
                    }
                    if ui.add_sized(size, b).clicked() {
                        action(self);
                    }
                    if i % 2 == 1 {
                        ui.end_row();
                    }
                }
            });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let small = egui::vec2(113.0, 44.0);
            let text = |t: &str| RichText::new(t.to_string()).size(16.0);
            if ui
                .add_sized(
                    small,
                    egui::Button::new(text(self.tr("Tique (F3)", "Receipt (F3)"))),
                )
                .clicked()
            {
                self.show_last_receipt();
            }
            if ui
                .add_sized(
                    small,
                    egui::Button::new(text(self.tr("Ayuda (F1)", "Help (F1)"))),
                )
                .clicked()
            {
                self.overlay = Some(Overlay::Help);
            }
            if ui
                .add_sized(
                    small,
                    egui::Button::new(text(self.tr("Salir (F11)", "Log out (F11)"))),
                )
                .clicked()
            {
                self.run(Command::Logout);
            }
        });
    }

    fn payment_panel_ui(&mut self, ui: &mut egui::Ui) {
        let (left, paid) = self.till.payment().map_or((0, 0), |p| {
            (
                p.remaining_in_cash(),
                p.tenders.iter().map(|t| t.amount).sum::<i64>(),
            )
        });
        ui.label(RichText::new(self.tr("A pagar", "To pay")).size(24.0));
        ui.label(RichText::new(self.money(left)).size(48.0).strong());
        if paid > 0 {
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    self.tr("Pagado", "Paid"),
                    self.money(paid)
                ))
                .size(20.0),
            );
        }
        ui.label(
            RichText::new(self.tr(
                "Importe + Intro = efectivo · Intro = exacto · F5 = tarjeta · Esc = volver",
                "Amount + Enter = cash · Enter = exact · F5 = card · Esc = back",
            ))
            .size(18.0)
            .color(self.theme.muted),
        );
        let size = egui::vec2(340.0, 56.0);
        if ui
            .add_sized(
                size,
                egui::Button::new(self.tr("Efectivo exacto (Intro)", "Exact cash (Enter)")),
            )
            .clicked()
        {
            self.run(Command::Cash { amount: None });
        }
        for note in [500, 1000, 2000, 5000] {
            if ui
                .add_sized(
                    egui::vec2(340.0, 44.0),
                    egui::Button::new(format!(
                        "{} {}",
                        self.tr("Efectivo", "Cash"),
                        self.money(note)
                    )),
                )
                .clicked()
            {
                self.run(Command::Cash { amount: Some(note) });
            }
        }
        if ui
            .add_sized(
                size,
                egui::Button::new(self.tr("Tarjeta (F5)", "Card (F5)")),
            )
            .clicked()
        {
            self.run(Command::Card { reference: None });
        }
        if ui
            .add_sized(
                size,
                egui::Button::new(self.tr("Volver (Esc)", "Back (Esc)")),
            )
            .clicked()
            && self.run(Command::CancelPayment)
        {
            self.screen = Screen::Sale;
        }
    }

    fn quick_keys_ui(&mut self, ui: &mut egui::Ui) {
        if self.favourites.is_empty() {
            return;
        }
        let mut categories: Vec<&str> = Vec::new();
        for p in &self.favourites {
            if !categories.contains(&p.category.as_str()) {
                categories.push(&p.category);
            }
        }
        let mut chosen = None;
        ui.horizontal(|ui| {
            ui.spacing_mut().interact_size.y = 38.0;
            for c in &categories {
                let on = self.category.as_deref() == Some(*c);
                if ui
                    .selectable_label(on, RichText::new(*c).size(18.0))
                    .clicked()
                {
                    chosen = Some(c.to_string());
                }
            }
        });
        if chosen.is_some() {
            self.category = chosen;
        }
        let mut add = None;
        ui.spacing_mut().button_padding = egui::vec2(6.0, 3.0);
        egui::Grid::new("quick_keys")
            .spacing([6.0, 6.0])
            .show(ui, |ui| {
                let shown = self
                    .favourites
                    .iter()
                    .filter(|p| Some(&p.category) == self.category.as_ref())
                    .take(8);
                for (i, p) in shown.enumerate() {
                    let b = egui::Button::new(
                        RichText::new(format!("{}\n{}", p.name, self.money(p.price))).size(15.0),
                    )
                    .wrap();
                    if ui.add_sized(egui::vec2(150.0, 56.0), b).clicked() {
                        add = Some(p.id);
                    }
                    if i % 4 == 3 {
                        ui.end_row();
                    }
                }
            });
        if let Some(product_id) = add {
            self.run(Command::AddProduct { product_id });
        }
    }

    pub(super) fn open_search(&mut self) {
        if self.screen == Screen::Sale {
            self.timing.clear();
            self.overlay = Some(Overlay::Search {
                query: String::new(),
                results: Vec::new(),
                selected: 0,
            });
        }
    }

    pub(super) fn show_last_receipt(&mut self) {
        match self.till.last_receipt_text() {
            Ok(Some(lines)) => self.overlay = Some(Overlay::Receipt(lines)),
            Ok(None) => {
                self.notice = Some(Notice::Error(
                    self.tr("Aún no hay ningún tique", "No receipt yet").into(),
                ))
            }
            Err(e) => self.error(&e),
        }
    }

    pub(super) fn park_or_recall(&mut self) {
        if self.screen != Screen::Sale {
            return;
        }
        if !self.till.cart().is_empty() {
            let label = format!(
                "{} · {}",
                self.till.clock().now().format("%H:%M"),
                self.money(self.till.totals().total)
            );
            if self.run(Command::Park { label }) {
                self.last_scanned = None;
                self.selected = None;
                self.info(
                    self.tr(
                        "Venta aparcada (F4 para recuperarla)",
                        "Sale parked (F4 to recall it)",
                    )
                    .into(),
                );
            }
            return;
        }
        match self.till.parked() {
            Ok(list) if list.is_empty() => {
                self.notice = Some(Notice::Error(
                    self.tr("No hay ventas aparcadas", "No parked sales").into(),
                ));
            }
            Ok(list) => self.overlay = Some(Overlay::Parked { list, selected: 0 }),
            Err(e) => self.error(&e),
        }
    }

    pub(super) fn open_discount(&mut self) {
        if self.screen != Screen::Sale {
            return;
        }
        if self.till.cart().is_empty() {
            self.notice = Some(Notice::Error(
                self.tr("La venta está vacía", "The sale is empty").into(),
            ));
            return;
        }
        self.overlay = Some(Overlay::Discount {
            target: super::DiscountTarget::LinePercent,
            value: String::new(),
        });
    }
}
