//! Screen colours and type sizes from theme data (`assets/themes/*.toml`, compiled in).

use eframe::egui;
use egui::{Color32, FontFamily, FontId, TextStyle};
use serde::Deserialize;

/// DejaVu Sans: sturdier strokes than egui's default for reading at a metre, and the arrows,
/// bullets and symbols the till's hints use (licence beside it in `assets/fonts/`).
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

const LIGHT: &str = include_str!("../../assets/themes/light.toml");
const DARK: &str = include_str!("../../assets/themes/dark.toml");

/// What is wrong with a theme file.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("theme {name}: {source}")]
    Parse {
        name: &'static str,
        source: toml::de::Error,
    },
    #[error("theme {name}: {field} = «{value}» is not a #rrggbb colour")]
    Colour {
        name: &'static str,
        field: &'static str,
        value: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    dark: bool,
    background: String,
    panel: String,
    text: String,
    muted: String,
    accent: String,
    highlight: String,
    button: String,
    error: String,
    ok: String,
    warning: String,
}

/// Resolved colours.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub dark: bool,
    pub background: Color32,
    pub panel: Color32,
    pub text: Color32,
    pub muted: Color32,
    pub accent: Color32,
    pub highlight: Color32,
    pub button: Color32,
    pub error: Color32,
    pub ok: Color32,
    pub warning: Color32,
}

fn colour(name: &'static str, field: &'static str, value: &str) -> Result<Color32, ThemeError> {
    let bad = || ThemeError::Colour {
        name,
        field,
        value: value.into(),
    };
    let hex = value
        .strip_prefix('#')
        .filter(|h| h.len() == 6)
        .ok_or_else(bad)?;
    let v = u32::from_str_radix(hex, 16).map_err(|_| bad())?;
    let [_, r, g, b] = v.to_be_bytes();
    Ok(Color32::from_rgb(r, g, b))
}

impl Theme {
    /// Parses a theme file's text.
    pub fn parse(name: &'static str, text: &str) -> Result<Theme, ThemeError> {
        let f: ThemeFile =
            toml::from_str(text).map_err(|source| ThemeError::Parse { name, source })?;
        let c = |field, value: &str| colour(name, field, value);
        Ok(Theme {
            dark: f.dark,
            background: c("background", &f.background)?,
            panel: c("panel", &f.panel)?,
            text: c("text", &f.text)?,
            muted: c("muted", &f.muted)?,
            accent: c("accent", &f.accent)?,
            highlight: c("highlight", &f.highlight)?,
            button: c("button", &f.button)?,
            error: c("error", &f.error)?,
            ok: c("ok", &f.ok)?,
            warning: c("warning", &f.warning)?,
        })
    }

    /// The built-in themes: (name, file text).
    pub fn builtin() -> [(&'static str, &'static str); 2] {
        [("light", LIGHT), ("dark", DARK)]
    }

    /// The light or dark built-in theme; egui's own colours if the data were ever bad (a test
    /// parses both, so that cannot ship).
    pub fn named(dark: bool) -> Theme {
        let (name, text) = Theme::builtin()[usize::from(dark)];
        Theme::parse(name, text).unwrap_or_else(|_| Theme::fallback(dark))
    }

    fn fallback(dark: bool) -> Theme {
        let v = if dark {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        };
        Theme {
            dark,
            background: v.panel_fill,
            panel: v.window_fill,
            text: v.text_color(),
            muted: v.weak_text_color(),
            accent: v.hyperlink_color,
            highlight: v.selection.bg_fill,
            button: v.widgets.inactive.weak_bg_fill,
            error: v.error_fg_color,
            ok: Color32::from_rgb(30, 123, 52),
            warning: v.warn_fg_color,
        }
    }

    /// Applies the font, colours and large, readable type sizes to the context.
    pub fn apply(&self, ctx: &egui::Context) {
        let mut fonts = egui::FontDefinitions::default();
        fonts.font_data.insert(
            "DejaVuSans".into(),
            std::sync::Arc::new(egui::FontData::from_static(FONT)),
        );
        for (family, at) in [(FontFamily::Proportional, 0), (FontFamily::Monospace, 1)] {
            let list = fonts.families.entry(family).or_default();
            list.insert(at.min(list.len()), "DejaVuSans".into());
        }
        ctx.set_fonts(fonts);
        let mut v = if self.dark {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        };
        v.panel_fill = self.background;
        v.window_fill = self.panel;
        v.extreme_bg_color = self.panel;
        v.faint_bg_color = self.button;
        v.override_text_color = Some(self.text);
        v.selection.bg_fill = self.highlight;
        v.selection.stroke.color = self.text;
        v.error_fg_color = self.error;
        v.warn_fg_color = self.warning;
        v.widgets.inactive.weak_bg_fill = self.button;
        v.widgets.inactive.bg_fill = self.button;
        let which = if self.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        ctx.set_theme(which);
        ctx.set_visuals_of(which, v);
        ctx.all_styles_mut(|style| {
            style.text_styles = [
                (
                    TextStyle::Small,
                    FontId::new(16.0, FontFamily::Proportional),
                ),
                (TextStyle::Body, FontId::new(22.0, FontFamily::Proportional)),
                (
                    TextStyle::Button,
                    FontId::new(22.0, FontFamily::Proportional),
                ),
                (
                    TextStyle::Heading,
                    FontId::new(30.0, FontFamily::Proportional),
                ),
                (
                    TextStyle::Monospace,
                    FontId::new(18.0, FontFamily::Monospace),
                ),
            ]
            .into();
            style.spacing.button_padding = egui::vec2(14.0, 10.0);
            style.spacing.item_spacing = egui::vec2(10.0, 8.0);
            style.spacing.interact_size.y = 48.0;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_parses_and_text_contrasts() {
        for (name, text) in Theme::builtin() {
            let t = Theme::parse(name, text).unwrap();
            let lum = |c: Color32| u32::from(c.r()) + u32::from(c.g()) + u32::from(c.b());
            assert!(lum(t.text).abs_diff(lum(t.background)) > 400, "{name}");
        }
        assert!(Theme::parse("x", "dark = true").is_err());
        let bad = LIGHT.replace("#0b5d44", "green");
        assert!(matches!(
            Theme::parse("x", &bad),
            Err(ThemeError::Colour {
                field: "accent",
                ..
            })
        ));
    }
}
