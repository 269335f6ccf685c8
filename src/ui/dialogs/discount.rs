//! Discount or price (F6) on the line chosen when the dialog opened, or on the ticket: ← → (or
//! Tab) chooses what, digits the value, Enter applies (empty removes), Esc leaves. A cashier's
//! change asks for a manager's PIN (the shell opens that dialog).

use super::super::keys::Input;
use super::super::parse_fixed;
use super::super::shell::Shell;
use super::{Click, Overlay};
use crate::app::Clock;
use crate::app::command::Command;
use crate::i18n::Id;
use crate::till::cart::Discount;
use crate::till::money::{Currency, Money};
use crate::{id, msg};
use eframe::egui;
use egui::{Key, RichText};

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

    fn label(self) -> Id {
        match self {
            DiscountTarget::LinePercent => id!("discount-line-percent"),
            DiscountTarget::LineAmount => id!("discount-line-amount"),
            DiscountTarget::TicketPercent => id!("discount-ticket-percent"),
            DiscountTarget::TicketAmount => id!("discount-ticket-amount"),
            DiscountTarget::Price => id!("discount-price"),
        }
    }

    fn step(self, by: i64) -> DiscountTarget {
        let i = Self::ALL.iter().position(|t| *t == self).unwrap_or(0) as i64;
        Self::ALL[(i + by).rem_euclid(Self::ALL.len() as i64) as usize]
    }

    /// The command for `value` typed in this dialog (amounts in `currency`'s own digits);
    /// `None` when it is not a number.
    fn command(self, value: &str, line: usize, currency: Currency) -> Option<Command> {
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
            Some(Some(Discount::Amount(
                Money::parse(value, currency).ok()?.minor,
            )))
        };
        let manager_pin = None;
        Some(match self {
            DiscountTarget::LinePercent => Command::LineDiscount {
                line,
                discount: percent()?,
                manager_pin,
            },
            DiscountTarget::LineAmount => Command::LineDiscount {
                line,
                discount: amount()?,
                manager_pin,
            },
            DiscountTarget::TicketPercent => Command::TicketDiscount {
                discount: percent()?,
                manager_pin,
            },
            DiscountTarget::TicketAmount => Command::TicketDiscount {
                discount: amount()?,
                manager_pin,
            },
            DiscountTarget::Price => Command::PriceOverride {
                line,
                price: Money::parse(value, currency).ok()?,
                manager_pin,
            },
        })
    }
}

pub(super) fn input<C: Clock>(
    sh: &mut Shell<'_, C>,
    mut target: DiscountTarget,
    mut value: String,
    line: usize,
    input: Input,
) -> Option<Overlay> {
    match input {
        Input::Char(c) if c.is_ascii_digit() || c == ',' || c == '.' => value.push(c),
        Input::Key(Key::Backspace) => {
            value.pop();
        }
        Input::Key(Key::ArrowRight) | Input::Key(Key::Tab) => target = target.step(1),
        Input::Key(Key::ArrowLeft) => target = target.step(-1),
        Input::Key(Key::Enter) => match target.command(&value, line, sh.till.settings().currency) {
            Some(command) => {
                sh.run(command);
                return None;
            }
            None => sh.fail(msg!("discount-not-a-value", value = value.clone())),
        },
        _ => {}
    }
    Some(Overlay::Discount {
        target,
        value,
        line,
    })
}

pub(super) fn discount_ui<C: Clock>(
    sh: &Shell<'_, C>,
    ui: &mut egui::Ui,
    target: DiscountTarget,
    value: &str,
    line: usize,
) -> Option<Click> {
    ui.heading(sh.t(id!("discount-title")));
    let mut click = None;
    ui.horizontal(|ui| {
        for t in DiscountTarget::ALL {
            if ui.selectable_label(t == target, sh.t(t.label())).clicked() {
                click = Some(Click::Keep(Overlay::Discount {
                    target: t,
                    value: value.to_string(),
                    line,
                }));
            }
        }
    });
    ui.label(RichText::new(format!("{value}|")).size(30.0));
    ui.label(RichText::new(sh.t(id!("discount-hint"))).color(sh.theme().muted));
    click
}
