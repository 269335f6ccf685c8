//! Devices: printers (ESC/POS encoding apart from the transport), and later scanners on serial
//! ports, the drawer, the customer display and the scale. Profiles per model are data in
//! `hardware/`.

pub mod codepage;
pub mod decode;
pub mod display;
pub mod drawer;
pub mod fault;
pub mod logo;
pub mod printout;
pub mod profile;
pub mod qr;
pub mod scale;
pub mod scanner;
pub mod transport;
pub mod uri;

/// Device nodes that look like POS hardware: USB printers (`usb:`) and USB serial ports
/// (`serial:`), as device URIs.
pub fn detect() -> Vec<String> {
    let mut found = Vec::new();
    for (dir, prefixes, scheme) in [
        ("/dev/usb", &["lp"][..], "usb:"),
        ("/dev", &["ttyUSB", "ttyACM"][..], "serial:"),
    ] {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if prefixes.iter().any(|p| name.starts_with(p)) {
                    found.push(format!("{scheme}{dir}/{name}"));
                }
            }
        }
    }
    found.sort();
    found
}
pub mod printer;
pub mod status;
