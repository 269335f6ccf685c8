//! Device profiles as data: one TOML file per model in `hardware/`, compiled in, checked by a
//! test that loads every file there.

use serde::Deserialize;

/// The built-in profiles: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "epson-tm-t20iii",
        include_str!("../../hardware/epson-tm-t20iii.toml"),
    ),
    (
        "epson-tm-t88",
        include_str!("../../hardware/epson-tm-t88.toml"),
    ),
    (
        "generic-58mm",
        include_str!("../../hardware/generic-58mm.toml"),
    ),
    (
        "generic-80mm",
        include_str!("../../hardware/generic-80mm.toml"),
    ),
    (
        "star-tsp100-escpos",
        include_str!("../../hardware/star-tsp100-escpos.toml"),
    ),
    (
        "generic-2x20-display",
        include_str!("../../hardware/generic-2x20-display.toml"),
    ),
];

/// What kind of device a profile describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceKind {
    Printer,
    Display,
}

/// Character code pages Caja can print Spanish with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum CodePage {
    /// PC858: PC850 with € at 0xD5 (`ESC t 19`).
    PC858,
}

/// One device model.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub kind: DeviceKind,
    pub paper_width_mm: u32,
    /// Characters per line in the normal font.
    pub columns: usize,
    /// Printable dots per line, for raster images such as the logo (0: not a printer).
    pub dots_per_line: u32,
    pub code_page: CodePage,
    /// Bytes that cut the paper (empty: no cutter).
    pub cut: Vec<u8>,
    /// Bytes that pulse the drawer kick-out (empty: no drawer port).
    pub drawer: Vec<u8>,
    /// Whether the model answers real-time status requests (DLE EOT).
    pub status: bool,
    /// Whether the model prints QR codes itself (`GS ( k`); the rest get a raster image.
    #[serde(default)]
    pub qr: bool,
    /// `vendor:product` USB ids, hex.
    pub usb_ids: Vec<String>,
}

/// What is wrong with a profile.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("hardware profile {name}: {source}")]
    Parse {
        name: String,
        source: toml::de::Error,
    },
    #[error("hardware profile {name}: {problem}")]
    Invalid { name: String, problem: String },
    #[error("no hardware profile is called «{0}»; see `caja devices profiles`")]
    Unknown(String),
}

impl Profile {
    /// Dots per millimetre across the printable width (72 mm on 80 mm paper, 48 mm on 58 mm).
    pub fn dots_per_mm(&self) -> f64 {
        let printable_mm = if self.paper_width_mm >= 80 {
            72.0
        } else {
            48.0
        };
        f64::from(self.dots_per_line) / printable_mm
    }

    /// Parses and checks one profile.
    pub fn parse(name: &str, text: &str) -> Result<Profile, ProfileError> {
        let p: Profile = toml::from_str(text).map_err(|source| ProfileError::Parse {
            name: name.into(),
            source,
        })?;
        let invalid = |problem: &str| ProfileError::Invalid {
            name: name.into(),
            problem: problem.into(),
        };
        if !(16..=64).contains(&p.columns) {
            return Err(invalid("columns must be 16 to 64"));
        }
        if p.kind == DeviceKind::Printer && !matches!(p.paper_width_mm, 58 | 80) {
            return Err(invalid("a printer's paper is 58 or 80 mm"));
        }
        if p.kind == DeviceKind::Printer && !(256..=832).contains(&p.dots_per_line) {
            return Err(invalid("a printer has 256 to 832 dots per line"));
        }
        if !p.drawer.is_empty() && (p.drawer.len() != 5 || p.drawer[..2] != [27, 112]) {
            return Err(invalid("drawer must be the five bytes ESC p m t1 t2"));
        }
        if !p.cut.is_empty() && p.cut[..2] != [29, 86] {
            return Err(invalid("cut must start with GS V"));
        }
        let hex_id = |id: &String| {
            id.split_once(':').is_some_and(|(v, d)| {
                v.len() == 4
                    && d.len() == 4
                    && v.chars().chain(d.chars()).all(|c| c.is_ascii_hexdigit())
            })
        };
        if !p.usb_ids.iter().all(hex_id) {
            return Err(invalid("usb_ids are vvvv:pppp in hex"));
        }
        Ok(p)
    }

    /// The generic 80 mm printer (the default), also when its data file could not be read.
    pub fn generic_80mm() -> Profile {
        Profile::named("generic-80mm").unwrap_or(Profile {
            name: "Generic 80 mm ESC/POS".into(),
            kind: DeviceKind::Printer,
            paper_width_mm: 80,
            columns: 48,
            dots_per_line: 576,
            code_page: CodePage::PC858,
            cut: vec![29, 86, 66, 0],
            drawer: vec![27, 112, 0, 25, 250],
            status: false,
            qr: false,
            usb_ids: Vec::new(),
        })
    }

    /// A built-in profile by file name (without `.toml`).
    pub fn named(name: &str) -> Result<Profile, ProfileError> {
        let (n, text) = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| ProfileError::Unknown(name.into()))?;
        Profile::parse(n, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_hardware_is_built_in_and_valid() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("hardware");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        files.sort();
        let mut builtin: Vec<String> = BUILTIN.iter().map(|(n, _)| format!("{n}.toml")).collect();
        builtin.sort();
        assert_eq!(files, builtin, "hardware/ and BUILTIN differ");
        for (name, _) in BUILTIN {
            let from_disk = std::fs::read_to_string(dir.join(format!("{name}.toml"))).unwrap();
            Profile::parse(name, &from_disk).unwrap();
            Profile::named(name).unwrap();
        }
    }

    #[test]
    fn bad_profiles_are_refused_with_the_reason() {
        let good = BUILTIN[0].1;
        assert!(Profile::parse("x", &good.replace("columns = 48", "columns = 7")).is_err());
        assert!(Profile::parse("x", &format!("{good}\nextra = 1")).is_err());
        let bad_drawer = good.replace("[27, 112, 0, 25, 250]", "[27, 112, 0]");
        assert!(matches!(
            Profile::parse("x", &bad_drawer),
            Err(ProfileError::Invalid { .. })
        ));
        assert!(matches!(
            Profile::named("nope"),
            Err(ProfileError::Unknown(_))
        ));
    }
}

#[cfg(test)]
mod udev_tests {
    use super::*;

    #[test]
    fn the_udev_rules_cover_every_profiled_usb_id_and_only_give_group_access() {
        let rules = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("hardware/udev/60-caja.rules"),
        )
        .unwrap();
        for (name, _) in BUILTIN {
            for id in Profile::named(name).unwrap().usb_ids {
                let (v, p) = id.split_once(':').unwrap();
                let rule = format!("ATTRS{{idVendor}}==\"{v}\", ATTRS{{idProduct}}==\"{p}\"");
                assert!(rules.contains(&rule), "{name}: no udev rule for {id}");
            }
        }
        for line in rules
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            assert!(
                line.contains("GROUP=\"caja\", MODE=\"0660\""),
                "too open: {line}"
            );
        }
    }
}
