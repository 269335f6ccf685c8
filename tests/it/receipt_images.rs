//! Receipts as pictures: every printer profile's receipt, with the demo logo, decoded from its
//! ESC/POS bytes and drawn with ImageMagick into `target/receipts/` to look at; the logo as set
//! through the configuration, on the technician's test print.

use crate::printing::fixture;
use caja::devices::decode::{Align, Printed, decode};
use caja::devices::logo::Logo;
use caja::devices::printout::receipt_bytes_with_logo;
use caja::devices::profile::Profile;
use std::path::{Path, PathBuf};

fn demo_logo_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/logo/demo.png")
}

fn demo_logo() -> Logo {
    Logo::load(&demo_logo_path()).unwrap()
}

/// Draws decoded printer output as the paper would look (the profile's dots per line; bold and
/// double height as printed; raster images dot for dot, through a PBM file) with ImageMagick, into `target/receipts/`.
fn render_png(printed: &[Printed], profile: &Profile, path: &Path) {
    let dots = profile.dots_per_line;
    // DejaVu Sans Mono advances 0.602 em; a little slack for whole-pixel glyph advances.
    let size = f64::from(dots) / (profile.columns as f64 * 0.62);
    let font_dir = "/usr/share/fonts/truetype/dejavu";
    let mut mvg = String::new();
    let mut y = 8.0;
    for item in printed {
        match item {
            Printed::Line {
                text, bold, height, ..
            } => {
                let h = f64::from(*height);
                y += size * 1.15 * h;
                let font = if *bold {
                    "DejaVuSansMono-Bold.ttf"
                } else {
                    "DejaVuSansMono.ttf"
                };
                let text = text.replace('\\', "\\\\").replace('\'', "\\'");
                mvg.push_str(&format!(
                    "push graphic-context\nfont '{font_dir}/{font}'\nfont-size {size:.2}\ntranslate 0,{y:.1}\nscale 1,{h}\ntext 0,0 '{text}'\npop graphic-context\n"
                ));
            }
            Printed::Feed(n) => y += size * 1.15 * f64::from(*n),
            Printed::Barcode { data, .. } => {
                y += size * 1.2;
                mvg.push_str(&format!(
                    "push graphic-context\nfill black\nrectangle {x0},{y0:.1} {x1},{y1:.1}\npop graphic-context\n",
                    x0 = dots / 6,
                    x1 = dots * 5 / 6,
                    y0 = y - size,
                    y1 = y + size * 2.0
                ));
                y += size * 3.2;
                mvg.push_str(&format!(
                    "push graphic-context\nfont '{font_dir}/DejaVuSansMono.ttf'\nfont-size {size:.2}\ntext {x},{y:.1} '*{data}*'\npop graphic-context\n",
                    x = dots / 3
                ));
            }
            Printed::Raster {
                width,
                height,
                bits,
                ..
            } => {
                let pbm = path.with_extension(format!("logo{}.pbm", mvg.len()));
                let mut data = format!("P4\n{width} {height}\n").into_bytes();
                data.extend(bits);
                std::fs::write(&pbm, data).unwrap();
                let x = dots.saturating_sub(*width) / 2;
                mvg.push_str(&format!(
                    "image over {x},{y:.1} {width},{height} '{}'\n",
                    pbm.display()
                ));
                y += f64::from(*height);
            }
            Printed::Cut { .. } => {
                y += size;
                mvg.push_str(&format!(
                    "push graphic-context\nstroke-dasharray 6 4\nstroke gray\nline 0,{y:.1} {dots},{y:.1}\npop graphic-context\n"
                ));
            }
            _ => {}
        }
    }
    let height = (y + size) as u32;
    let mvg_path = path.with_extension("mvg");
    std::fs::write(
        &mvg_path,
        format!("viewbox 0 0 {dots} {height}\nfill black\n{mvg}"),
    )
    .unwrap();
    let status = std::process::Command::new("convert")
        .args(["-background", "white"])
        .arg(format!("mvg:{}", mvg_path.display()))
        .arg("-flatten")
        .arg(path)
        .status()
        .expect("ImageMagick convert (apt-get install imagemagick, or run .ci/run)");
    assert!(status.success(), "convert failed for {}", path.display());
}

#[test]
fn a_receipt_image_for_every_printer_profile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/receipts");
    std::fs::create_dir_all(&dir).unwrap();
    let r = fixture();
    let logo = demo_logo();
    let mut drawn = 0;
    for (name, _) in caja::devices::profile::BUILTIN {
        let p = Profile::named(name).unwrap();
        if p.kind != caja::devices::profile::DeviceKind::Printer {
            continue;
        }
        drawn += 1;
        let bytes = receipt_bytes_with_logo(&r, &p, false, Some(&logo)).unwrap();
        let printed = decode(&bytes).unwrap();
        let Some(Printed::Raster {
            width,
            height,
            align,
            bits,
        }) = printed.iter().find(|i| matches!(i, Printed::Raster { .. }))
        else {
            panic!("{name}: no logo in {printed:?}");
        };
        let expected = logo.raster(p.dots_per_line);
        assert_eq!(*align, Align::Centre, "{name}");
        assert!(
            *width <= p.dots_per_line && *width >= expected.width,
            "{name}"
        );
        assert_eq!((*height, bits), (expected.height, &expected.bits), "{name}");
        let png = dir.join(format!("{name}.png"));
        render_png(&printed, &p, &png);
        let meta = std::fs::metadata(&png).unwrap();
        assert!(meta.len() > 5_000, "{name}: image too small");
    }
    assert!(drawn >= 2, "only {drawn} printer profiles were drawn");
}

#[test]
fn the_logo_is_set_checked_and_printed_on_the_test_receipt() {
    let sb = crate::support::Sandbox::new();
    let file = sb.dir.path().join("printer.bin");
    let not_png = sb.dir.path().join("logo.png");
    std::fs::write(&not_png, b"GIF89a not really").unwrap();
    let out = sb.run(&[
        "config",
        "set",
        "store.logo",
        &not_png.display().to_string(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("save it as PNG"), "{err}");
    let out = sb.run(&["config", "set", "store.logo", "logo.png"]);
    assert!(!out.status.success(), "a relative logo path was taken");
    assert!(String::from_utf8_lossy(&out.stderr).contains("an absolute path"));
    let logo = demo_logo_path().display().to_string();
    sb.ok(&["config", "set", "store.logo", &logo]);
    assert_eq!(sb.ok(&["config", "get", "store.logo"]).trim(), logo);
    let text = crate::printing::test_print_58mm(&sb, &file);
    let expected = demo_logo().raster(384);
    assert!(
        text.contains(&format!(
            "<image {}×{} dots, centred,",
            expected.row_bytes() * 8,
            expected.height
        )),
        "{text}"
    );
    // The logo is kept in the store: the file it came from may go away (a USB stick).
    let moved = sb.dir.path().join("moved.png");
    std::fs::copy(demo_logo_path(), &moved).unwrap();
    sb.ok(&["config", "set", "store.logo", &moved.display().to_string()]);
    std::fs::remove_file(&moved).unwrap();
    let text = crate::printing::test_print_58mm(&sb, &file);
    assert!(text.contains("<image "), "{text}");
    // A file that is not there when it is set is a clear error.
    let out = sb.run(&["store", "set", "logo", &moved.display().to_string()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read the logo"), "{err}");
}

/// Reads every QR code in an image with zbarimg (Debian's zbar-tools).
fn zbar(png: &Path) -> Vec<String> {
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(png)
        .output()
        .expect("zbarimg (apt-get install zbar-tools, or run .ci/run)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_fiscal_qr_is_read_back_from_every_printers_receipt_image() {
    let url = "https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K&numserie=EB19-T01-000123&fecha=05-12-2026&importe=1234.56";
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/receipts");
    std::fs::create_dir_all(&dir).unwrap();
    let mut r = fixture();
    r.fiscal_qr = Some(url.into());
    let mut widths = std::collections::BTreeSet::new();
    for (name, _) in caja::devices::profile::BUILTIN {
        let p = Profile::named(name).unwrap();
        if p.kind != caja::devices::profile::DeviceKind::Printer {
            continue;
        }
        widths.insert(p.paper_width_mm);
        let printed = decode(&receipt_bytes_with_logo(&r, &p, false, None).unwrap()).unwrap();
        // The legends above and below it, first of all (the AEAT: at the start of the invoice).
        let texts: Vec<&str> = printed
            .iter()
            .filter_map(|i| match i {
                Printed::Line { text, .. } => Some(text.trim()),
                _ => None,
            })
            .collect();
        assert_eq!(texts[0], "QR tributario:", "{name}");
        assert_eq!(texts[1], "VERI*FACTU", "{name}");
        // Between them the code, with a blank line above and below it (its quiet zone).
        let code = printed
            .iter()
            .position(|i| matches!(i, Printed::Qr(_) | Printed::Raster { .. }))
            .unwrap_or_else(|| panic!("{name}: no QR printed"));
        assert!(matches!(printed[code - 1], Printed::Feed(_)), "{name}");
        assert!(matches!(printed[code + 1], Printed::Feed(_)), "{name}");
        // A printer with its own QR command gets the URL; the rest a raster of the modules.
        let qr = caja::devices::qr::QrMatrix::new(url).unwrap();
        let module = qr.module_dots(p.dots_per_mm());
        let as_printed: Vec<Printed> = printed
            .into_iter()
            .map(|i| match i {
                Printed::Qr(data) => {
                    assert!(p.qr, "{name}: a native QR on a printer without one");
                    assert_eq!(data, url);
                    // What the printer draws: the same modules at the module size sent.
                    let raster = caja::devices::qr::QrMatrix::new(&data)
                        .unwrap()
                        .raster(module, p.dots_per_line);
                    Printed::Raster {
                        width: raster.width,
                        height: raster.height,
                        align: Align::Centre,
                        bits: raster.bits,
                    }
                }
                other => other,
            })
            .collect();
        let Some(Printed::Raster { height, .. }) = as_printed
            .iter()
            .find(|i| matches!(i, Printed::Raster { .. }))
        else {
            panic!("{name}: no QR printed");
        };
        let side_mm = f64::from(*height) / p.dots_per_mm();
        assert!(
            (30.0..=40.0).contains(&side_mm),
            "{name}: the QR is {side_mm:.1} mm"
        );
        let png = dir.join(format!("{name}-qr.png"));
        render_png(&as_printed, &p, &png);
        assert_eq!(
            zbar(&png),
            vec![url.to_string()],
            "{name}: {}",
            png.display()
        );
    }
    assert!(widths.contains(&58) && widths.contains(&80), "{widths:?}");
}
