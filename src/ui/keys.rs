//! The keyboard contract. Text and key events are taken out of egui's input before any widget
//! sees them, so a focused button or field can never swallow, repeat or reorder a scanner's
//! characters; the shell then hands each one to the open dialog or the screen.
//!
//! A screen with function keys declares them once, in a key table (`Binding`s): the key, what
//! it does there, and its help line. The screen routes its input through the table, its touch
//! buttons show the table's keys, and the F1 help is drawn from the same tables, so a key cannot
//! work without being in the help.

use crate::i18n::{Id, Lang};
use crate::id;
use eframe::egui;
use egui::{Event, Key};
use std::borrow::Cow;

/// One keyboard input, in order of arrival.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Char(char),
    Key(Key),
}

/// Whether a key stays with the screen even where widgets edit text (the back office's forms):
/// the function keys, Escape, and PageUp / PageDown (the Reports section's groupings).
fn screen_key(key: Key) -> bool {
    let name = key.name();
    matches!(key, Key::Escape | Key::PageUp | Key::PageDown)
        || name
            .strip_prefix('F')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Takes this frame's keyboard events out of egui, in order, with the frame's input time. With
/// `forms` (a screen of text fields), typing, Enter and Tab stay with egui's widgets and only
/// the function keys and Escape are taken.
pub(super) fn take_events(ctx: &egui::Context, forms: bool) -> (Vec<Input>, f64) {
    let (events, time) = ctx.input_mut(|i| {
        let mut taken = Vec::new();
        i.events.retain(|e| match e {
            Event::Key { key, .. } if forms && !screen_key(*key) => true,
            Event::Text(_) if forms => true,
            Event::Text(_) | Event::Key { .. } => {
                taken.push(e.clone());
                false
            }
            _ => true,
        });
        (taken, i.time)
    });
    let mut inputs = Vec::new();
    for event in events {
        match event {
            Event::Text(t) => inputs.extend(t.chars().filter(|c| !c.is_control()).map(Input::Char)),
            Event::Key {
                key, pressed: true, ..
            } => inputs.push(Input::Key(key)),
            _ => {}
        }
    }
    (inputs, time)
}

/// What sets off a binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    Key(Key),
    /// This one character.
    Char(char),
    /// Any other printable character (codes, amounts).
    Text,
}

/// One line of a key table: a key, what it does on its screen, and how the help and the touch
/// buttons name it.
#[derive(Clone, Copy, Debug)]
pub struct Binding<A> {
    pub trigger: Trigger,
    pub action: A,
    /// The help line (what the key does).
    pub help: Id,
    /// How the help names the keys when not by the key alone (`0-9 … Intro`).
    pub label: Option<Id>,
    /// The touch button's word, shown with the key: `Cobrar (F12)`.
    pub button: Option<Id>,
}

impl<A: Copy> Binding<A> {
    pub const fn key(key: Key, action: A, help: Id) -> Binding<A> {
        Binding {
            trigger: Trigger::Key(key),
            action,
            help,
            label: None,
            button: None,
        }
    }

    pub const fn char(ch: char, action: A, help: Id, label: Id) -> Binding<A> {
        Binding {
            trigger: Trigger::Char(ch),
            action,
            help,
            label: Some(label),
            button: None,
        }
    }

    pub const fn text(action: A, help: Id, label: Id) -> Binding<A> {
        Binding {
            trigger: Trigger::Text,
            action,
            help,
            label: Some(label),
            button: None,
        }
    }

    /// With a touch button named `word`.
    pub const fn button(mut self, word: Id) -> Binding<A> {
        self.button = Some(word);
        self
    }
}

/// What `input` does on a screen with this table, if anything.
pub fn find<A: Copy>(table: &[Binding<A>], input: &Input) -> Option<A> {
    let exact = table.iter().find(|b| match (b.trigger, input) {
        (Trigger::Key(k), Input::Key(i)) => k == *i,
        (Trigger::Char(c), Input::Char(i)) => c == *i,
        _ => false,
    });
    exact
        .or_else(|| {
            let printable = matches!(input, Input::Char(c) if !c.is_control());
            table
                .iter()
                .find(|b| printable && b.trigger == Trigger::Text)
        })
        .map(|b| b.action)
}

/// A key's name as the help and the buttons show it.
pub fn key_name(lang: Lang, key: Key) -> Cow<'static, str> {
    match key {
        Key::Enter => lang.t(id!("key-enter")),
        Key::Escape => lang.t(id!("key-escape")),
        Key::Delete => lang.t(id!("key-delete")),
        Key::Home => lang.t(id!("key-home")),
        Key::Backspace => lang.t(id!("key-backspace")),
        Key::ArrowUp => "↑".into(),
        Key::ArrowDown => "↓".into(),
        Key::ArrowLeft => "←".into(),
        Key::ArrowRight => "→".into(),
        other => other.name().into(),
    }
}

/// How the help names one binding's keys.
fn trigger_name<A>(lang: Lang, b: &Binding<A>) -> Cow<'static, str> {
    match (b.label, b.trigger) {
        (Some(label), _) => lang.t(label),
        (None, Trigger::Key(k)) => key_name(lang, k),
        (None, Trigger::Char(c)) => c.to_string().into(),
        (None, Trigger::Text) => "…".into(),
    }
}

/// The help's rows for a table: (keys, what they do). Neighbouring bindings with the same help
/// line share a row (`↑ ↓`); a binding with its own label names the row alone.
pub fn help_rows<A>(lang: Lang, table: &[Binding<A>]) -> Vec<(String, String)> {
    let mut rows: Vec<(Id, Option<Id>, Vec<String>)> = Vec::new();
    for b in table {
        match rows.last_mut() {
            Some((help, label, keys)) if *help == b.help => {
                if label.is_none() && b.label.is_some() {
                    *label = b.label;
                }
                keys.push(trigger_name(lang, b).into_owned());
            }
            _ => rows.push((b.help, b.label, vec![trigger_name(lang, b).into_owned()])),
        }
    }
    rows.into_iter()
        .map(|(help, label, keys)| {
            let keys = label.map_or_else(|| keys.join(" "), |l| lang.t(l).into_owned());
            (keys, lang.t(help).into_owned())
        })
        .collect()
}

/// The touch button for `action`: its word and its key (`Cobrar (F12)`), from the table.
pub fn button_label<A: PartialEq>(lang: Lang, table: &[Binding<A>], action: A) -> String {
    let Some(b) = table
        .iter()
        .find(|b| b.action == action && b.button.is_some())
    else {
        return String::new();
    };
    let word = b.button.map(|w| lang.t(w)).unwrap_or_default();
    format!("{word} ({})", trigger_name(lang, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum A {
        Type,
        Enter,
        Up,
        Down,
        Star,
    }

    const TABLE: [Binding<A>; 5] = [
        Binding::text(A::Type, id!("help-scan"), id!("key-scan")),
        Binding::key(Key::Enter, A::Enter, id!("help-scan")),
        Binding::char('*', A::Star, id!("help-quantity"), id!("key-quantity")),
        Binding::key(Key::ArrowUp, A::Up, id!("help-select")),
        Binding::key(Key::ArrowDown, A::Down, id!("help-select")).button(id!("button-pay")),
    ];

    #[test]
    fn inputs_find_their_binding_and_nothing_else() {
        assert_eq!(find(&TABLE, &Input::Char('7')), Some(A::Type));
        assert_eq!(find(&TABLE, &Input::Char('*')), Some(A::Star));
        assert_eq!(find(&TABLE, &Input::Key(Key::Enter)), Some(A::Enter));
        assert_eq!(find(&TABLE, &Input::Key(Key::F5)), None);
        assert_eq!(find(&TABLE[1..], &Input::Char('7')), None);
    }

    #[test]
    fn forms_keep_typing_and_give_the_screen_its_function_keys() {
        assert!(screen_key(Key::F5) && screen_key(Key::F12) && screen_key(Key::Escape));
        assert!(!screen_key(Key::Enter) && !screen_key(Key::Tab) && !screen_key(Key::F));
    }

    #[test]
    fn help_rows_group_neighbours_with_the_same_line() {
        let es = Lang::get("es");
        let rows = help_rows(es, &TABLE);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[0].0, es.t(id!("key-scan")));
        assert_eq!(rows[2].0, "↑ ↓");
        assert_eq!(button_label(es, &TABLE, A::Down), "Cobrar (↓)");
        assert_eq!(button_label(es, &TABLE, A::Up), "");
    }
}
