//! Text a person reads, from Fluent message files: `assets/locales/<tag>/*.ftl`, embedded at build
//! time by `build.rs`, so a translator adds a language by adding a folder. Spanish (`es`) is the
//! default and the fallback for an id a language lacks.
//!
//! Pure, like `till/`: no file I/O, clock or environment at run time. The bundles are built once,
//! on first use, and kept in a static; a lookup is a hash-map probe and, for a message without
//! arguments, borrows the text (no allocation), so the till can ask for its words every frame.
//! Unicode isolation marks are off: they would print as garbage on ESC/POS printers. Money and
//! numbers are formatted by `till::format` and passed in as text (Fluent's NUMBER is not used).
//!
//! Ids are written in the code only as `id!("…")` or `msg!("…", …)` literals; `tests.rs` finds
//! them all and checks that each exists, and that every language has the same ids with the same
//! variables as Spanish.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

#[cfg(test)]
mod tests;

/// The language used when none is asked for, and for an id another language lacks.
pub const DEFAULT_TAG: &str = "es";

/// A message id. Made only by `id!("…")` (or `msg!`), so every id the code uses is a literal
/// that the tests can find.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Id(&'static str);

impl Id {
    /// For the `id!` macro only: write `id!("…")`, never this.
    #[doc(hidden)]
    pub const fn from_literal(id: &'static str) -> Id {
        Id(id)
    }

    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

/// A message id literal: `id!("sale-total")`.
#[macro_export]
macro_rules! id {
    ($id:literal) => {
        $crate::i18n::Id::from_literal($id)
    };
}

/// A message with its arguments, not yet put into words (errors map to these).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: Id,
    /// Variable name (as in `{ $name }`) and its value, already formatted.
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(id: Id) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Adds the value of `{ $name }`.
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Message {
        self.args.push((name, value.into()));
        self
    }
}

/// A message with arguments: `msg!("err-unknown-code", code = c.clone())`.
#[macro_export]
macro_rules! msg {
    ($id:literal) => {
        $crate::i18n::Message::new($crate::id!($id))
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Message::new($crate::id!($id))$(.arg(stringify!($name), $value))+
    };
}

/// One embedded language.
struct Language {
    tag: &'static str,
    bundle: FluentBundle<FluentResource>,
    /// Where to look for an id, in order: this language, its base language, the default.
    chain: Vec<usize>,
}

fn languages() -> &'static [Language] {
    static LANGUAGES: OnceLock<Vec<Language>> = OnceLock::new();
    LANGUAGES.get_or_init(|| {
        let tags: Vec<&str> = LOCALES.iter().map(|(tag, _)| *tag).collect();
        LOCALES
            .iter()
            .enumerate()
            .map(|(i, (tag, sources))| Language {
                tag,
                bundle: bundle(tag, sources),
                chain: chain(&tags, i),
            })
            .collect()
    })
}

fn bundle(tag: &str, sources: &[&str]) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    for source in sources {
        // A broken entry is skipped here and named by the tests, never a panic at the till.
        let resource = match FluentResource::try_new((*source).to_string()) {
            Ok(r) | Err((r, _)) => r,
        };
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// The lookup order for language `i` among `tags`: itself, its base language (`es` for
/// `es-MX`) when that is embedded, then the default.
fn chain(tags: &[&str], i: usize) -> Vec<usize> {
    let find = |t: &str| tags.iter().position(|x| x.eq_ignore_ascii_case(t));
    let base = tags[i].split('-').next().and_then(find);
    let mut out = vec![i];
    for next in [base, find(DEFAULT_TAG)].into_iter().flatten() {
        if !out.contains(&next) {
            out.push(next);
        }
    }
    out
}

/// The embedded language for `tag`, `find` giving a tag's position: `es-MX` if there is one,
/// else `es`, else the default. `_` is read as `-`; `find` ignores case.
fn resolve(find: impl Fn(&str) -> Option<usize>, tag: &str) -> Option<usize> {
    let tag = tag.trim();
    let dashed = || tag.contains('_').then(|| tag.replace('_', "-"));
    find(tag)
        .or_else(|| dashed().and_then(|t| find(&t)))
        .or_else(|| tag.split(['-', '_']).next().and_then(&find))
        .or_else(|| find(DEFAULT_TAG))
}

/// A language to put messages into words. Cheap to copy; look-ups need no set-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang(usize);

impl Default for Lang {
    fn default() -> Lang {
        Lang::get(DEFAULT_TAG)
    }
}

impl Lang {
    /// The language for a tag such as `es`, `en` or `es-MX` (see `resolve`).
    pub fn get(tag: &str) -> Lang {
        let all = languages();
        let find = |t: &str| all.iter().position(|l| l.tag.eq_ignore_ascii_case(t));
        Lang(resolve(find, tag).unwrap_or(0))
    }

    /// The tags of every embedded language, sorted.
    pub fn available() -> Vec<&'static str> {
        languages().iter().map(|l| l.tag).collect()
    }

    /// This language's tag (the folder name under `assets/locales/`).
    pub fn tag(self) -> &'static str {
        languages().get(self.0).map_or(DEFAULT_TAG, |l| l.tag)
    }

    /// A message without arguments.
    pub fn t(self, id: Id) -> Cow<'static, str> {
        self.format(id, None)
    }

    /// A message with its arguments.
    pub fn msg(self, message: &Message) -> Cow<'static, str> {
        if message.args.is_empty() {
            return self.t(message.id);
        }
        let mut args = FluentArgs::with_capacity(message.args.len());
        for (name, value) in &message.args {
            args.set(*name, FluentValue::from(value.as_str()));
        }
        Cow::Owned(self.format(message.id, Some(&args)).into_owned())
    }

    /// Whether this language itself (not a fallback) has `id`.
    pub fn has(self, id: Id) -> bool {
        languages()
            .get(self.0)
            .is_some_and(|l| l.bundle.has_message(id.as_str()))
    }

    fn format(self, id: Id, args: Option<&FluentArgs>) -> Cow<'static, str> {
        let all = languages();
        let Some(language) = all.get(self.0) else {
            return Cow::Borrowed(id.as_str());
        };
        for &i in &language.chain {
            let bundle = &all[i].bundle;
            if let Some(pattern) = bundle.get_message(id.as_str()).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle.format_pattern(pattern, args, &mut errors);
            }
        }
        // Never reached for an id the tests know; the id itself beats a blank on screen.
        Cow::Borrowed(id.as_str())
    }
}
