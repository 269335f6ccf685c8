//! The shop's logo at the top of the receipt: a PNG (`store.logo`) read once at start-up,
//! flattened onto white, scaled to fit the printer's dots per line (never wider, at most 256
//! dots high), dithered to black and white (Floyd–Steinberg, by the `image` crate) and sent as
//! a raster bit image, `GS v 0`. Each row is `ceil(width / 8)` bytes, most significant bit
//! leftmost, 1 = a black dot — the same layout as a PBM (P4) file, which the tests use to look
//! at it.

use image::imageops::{self, FilterType, colorops::BiLevel};
use image::{GrayImage, ImageFormat};
use std::path::{Path, PathBuf};

/// The tallest logo printed, in dots (about 32 mm at 203 dpi).
pub const MAX_HEIGHT_DOTS: u32 = 256;

/// The largest logo file read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The largest logo image, in pixels either way.
pub const MAX_PIXELS_SIDE: u32 = 4000;

/// Why a logo cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LogoError {
    #[error("cannot read the logo {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the logo {path} is larger than 4 MiB; save it smaller (a few hundred pixels wide is plenty)"
    )]
    TooBig { path: PathBuf },
    #[error("the logo {path} is not a PNG image Caja can read ({reason}); save it as PNG")]
    Decode { path: PathBuf, reason: String },
    #[error("the logo {path} is {width}×{height} pixels; use one at most 4000 pixels either way")]
    Dimensions {
        path: PathBuf,
        width: u32,
        height: u32,
    },
}

/// A logo as read: grey levels on white, and the raster last made from it (a receipt costs
/// no resizing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    width: u32,
    height: u32,
    grey: Vec<u8>,
    made: std::sync::OnceLock<(u32, Raster)>,
}

/// A logo ready for one printer width: rows of bits, 1 = black.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raster {
    /// Dots across (the bits of each row beyond it are 0).
    pub width: u32,
    pub height: u32,
    pub bits: Vec<u8>,
}

impl Raster {
    /// Bytes per row.
    pub fn row_bytes(&self) -> usize {
        self.width.div_ceil(8) as usize
    }

    /// Whether the dot at (`x`, `y`) is black.
    pub fn black(&self, x: u32, y: u32) -> bool {
        let byte = self.bits[y as usize * self.row_bytes() + (x / 8) as usize];
        byte & (0x80 >> (x % 8)) != 0
    }

    /// The `GS v 0` command that prints it (normal density).
    pub fn command(&self) -> Vec<u8> {
        let x = u16::try_from(self.row_bytes()).unwrap_or(u16::MAX);
        let y = u16::try_from(self.height).unwrap_or(u16::MAX);
        let mut out = vec![0x1D, b'v', b'0', 0];
        out.extend(x.to_le_bytes());
        out.extend(y.to_le_bytes());
        out.extend(&self.bits);
        out
    }

    /// As a PBM (P4) image, to look at.
    pub fn pbm(&self) -> Vec<u8> {
        let mut out = format!("P4\n{} {}\n", self.row_bytes() * 8, self.height).into_bytes();
        out.extend(&self.bits);
        out
    }
}

impl Logo {
    /// Reads a PNG file.
    pub fn load(path: &Path) -> Result<Logo, LogoError> {
        let meta = std::fs::metadata(path).map_err(|source| LogoError::Read {
            path: path.into(),
            source,
        })?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(LogoError::TooBig { path: path.into() });
        }
        let bytes = std::fs::read(path).map_err(|source| LogoError::Read {
            path: path.into(),
            source,
        })?;
        Logo::from_png(&bytes, path)
    }

    /// Decodes PNG bytes (`path` only names them in errors).
    pub fn from_png(bytes: &[u8], path: &Path) -> Result<Logo, LogoError> {
        let image = image::load_from_memory_with_format(bytes, ImageFormat::Png).map_err(|e| {
            LogoError::Decode {
                path: path.into(),
                reason: e.to_string(),
            }
        })?;
        let (width, height) = (image.width(), image.height());
        if width == 0 || height == 0 || width > MAX_PIXELS_SIDE || height > MAX_PIXELS_SIDE {
            return Err(LogoError::Dimensions {
                path: path.into(),
                width,
                height,
            });
        }
        // Transparent parts are paper.
        let grey = image
            .to_luma_alpha8()
            .pixels()
            .map(|p| {
                let [l, a] = p.0;
                let (l, a) = (u32::from(l), u32::from(a));
                ((l * a + 255 * (255 - a)) / 255) as u8
            })
            .collect();
        Ok(Logo {
            width,
            height,
            grey,
            made: std::sync::OnceLock::new(),
        })
    }

    /// `raster(dots)`, made once for the first width asked (the till's printer).
    pub fn raster_for(&self, dots: u32) -> std::borrow::Cow<'_, Raster> {
        let (made_for, raster) = self.made.get_or_init(|| (dots, self.raster(dots)));
        if *made_for == dots {
            std::borrow::Cow::Borrowed(raster)
        } else {
            std::borrow::Cow::Owned(self.raster(dots))
        }
    }

    /// The logo for a printer with `dots` per line.
    pub fn raster(&self, dots: u32) -> Raster {
        let mut scale = f64::from(dots.max(8)) / f64::from(self.width);
        scale = scale.min(1.0);
        scale = scale.min(f64::from(MAX_HEIGHT_DOTS) / f64::from(self.height));
        let w = ((f64::from(self.width) * scale).round() as u32).clamp(1, dots.max(8));
        let h = ((f64::from(self.height) * scale).round() as u32).clamp(1, MAX_HEIGHT_DOTS);
        let source = GrayImage::from_raw(self.width, self.height, self.grey.clone())
            .unwrap_or_else(|| GrayImage::new(self.width, self.height));
        let mut image = if (w, h) == (self.width, self.height) {
            source
        } else {
            imageops::resize(&source, w, h, FilterType::Triangle)
        };
        imageops::dither(&mut image, &BiLevel);
        let row = w.div_ceil(8) as usize;
        let mut bits = vec![0u8; row * h as usize];
        for (x, y, p) in image.enumerate_pixels() {
            if p.0[0] < 128 {
                bits[y as usize * row + (x / 8) as usize] |= 0x80 >> (x % 8);
            }
        }
        Raster {
            width: w,
            height: h,
            bits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgba, RgbaImage};

    fn png(image: &RgbaImage) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_black_square_on_transparent_paper_prints_as_that_square() {
        // 20×10: a black 8×4 block at (4, 3), the rest transparent.
        let mut img = RgbaImage::from_pixel(20, 10, Rgba([0, 0, 0, 0]));
        for y in 3..7 {
            for x in 4..12 {
                img.put_pixel(x, y, Rgba([0, 0, 0, 255]));
            }
        }
        let logo = Logo::from_png(&png(&img), Path::new("t.png")).unwrap();
        let r = logo.raster(384);
        assert_eq!((r.width, r.height, r.row_bytes()), (20, 10, 3));
        for y in 0..10 {
            for x in 0..20 {
                let inside = (4..12).contains(&x) && (3..7).contains(&y);
                assert_eq!(r.black(x, y), inside, "dot {x},{y}");
            }
        }
        let cmd = r.command();
        assert_eq!(cmd[..8], [0x1D, b'v', b'0', 0, 3, 0, 10, 0]);
        assert_eq!(cmd.len(), 8 + 30);
    }

    #[test]
    fn a_wide_logo_is_scaled_to_the_paper_and_grey_is_dithered() {
        let img = RgbaImage::from_pixel(1200, 300, Rgba([128, 128, 128, 255]));
        let logo = Logo::from_png(&png(&img), Path::new("grey.png")).unwrap();
        let r = logo.raster(576);
        assert_eq!((r.width, r.height), (576, 144));
        let black = (0..r.height)
            .flat_map(|y| (0..r.width).map(move |x| (x, y)))
            .filter(|&(x, y)| r.black(x, y))
            .count();
        let share = black as f64 / f64::from(r.width * r.height);
        assert!((0.4..0.6).contains(&share), "50 % grey gave {share}");
        let tall = RgbaImage::from_pixel(100, 1000, Rgba([0, 0, 0, 255]));
        let r = Logo::from_png(&png(&tall), Path::new("tall.png"))
            .unwrap()
            .raster(384);
        assert_eq!((r.width, r.height), (26, MAX_HEIGHT_DOTS));
    }

    #[test]
    fn bad_logo_files_say_what_to_do() {
        let e = Logo::from_png(b"GIF89a....", Path::new("/x/logo.gif")).unwrap_err();
        assert!(e.to_string().contains("save it as PNG"), "{e}");
        let e = Logo::load(Path::new("/nonexistent/logo.png")).unwrap_err();
        assert!(e.to_string().contains("cannot read the logo"), "{e}");
    }
}
