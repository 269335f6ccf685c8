//! On-screen words in Spanish (default) and English.

use crate::till::format::Locale;

/// Every label the till shows, in one language.
pub struct Texts {
    pub enter_pin: &'static str,
    pub login: &'static str,
    pub delete: &'static str,
    pub demo_pins: &'static str,
    pub total: &'static str,
    pub tax: &'static str,
    pub to_pay: &'static str,
    pub change: &'static str,
    pub sale_done: &'static str,
    pub empty_cart: &'static str,
    pub cash_hint: &'static str,
    pub user: &'static str,
    pub terminal: &'static str,
    pub shift: &'static str,
    pub no_shift: &'static str,
    pub open: &'static str,
    pub closing: &'static str,
    pub pay: &'static str,
    pub exact_cash: &'static str,
    pub card: &'static str,
    pub cancel: &'static str,
    pub code: &'static str,
}

pub const ES: Texts = Texts {
    enter_pin: "Introduzca su PIN",
    login: "Entrar",
    delete: "Borrar",
    demo_pins: "Demo — cajera 1111 · encargada 9999 · técnico 7777",
    total: "Total",
    tax: "IVA incluido",
    to_pay: "A pagar",
    change: "Cambio",
    sale_done: "Venta",
    empty_cart: "Escanee un producto para empezar",
    cash_hint: "Importe + Intro = efectivo · Intro = exacto · F5 = tarjeta · Esc = volver",
    user: "Usuario",
    terminal: "Terminal",
    shift: "Turno",
    no_shift: "sin turno",
    open: "abierto",
    closing: "cerrando",
    pay: "Cobrar (F12)",
    exact_cash: "Efectivo exacto",
    card: "Tarjeta (F5)",
    cancel: "Volver (Esc)",
    code: "Código",
};

pub const EN: Texts = Texts {
    enter_pin: "Enter your PIN",
    login: "Log in",
    delete: "Delete",
    demo_pins: "Demo — cashier 1111 · manager 9999 · technician 7777",
    total: "Total",
    tax: "tax included",
    to_pay: "To pay",
    change: "Change",
    sale_done: "Sale",
    empty_cart: "Scan a product to start",
    cash_hint: "Amount + Enter = cash · Enter = exact · F5 = card · Esc = back",
    user: "User",
    terminal: "Till",
    shift: "Shift",
    no_shift: "no shift",
    open: "open",
    closing: "closing",
    pay: "Pay (F12)",
    exact_cash: "Exact cash",
    card: "Card (F5)",
    cancel: "Back (Esc)",
    code: "Code",
};

pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::Es => &ES,
        Locale::En => &EN,
    }
}
