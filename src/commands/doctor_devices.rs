//! `caja doctor`'s look at the till's machine: the display it draws on, each configured device
//! (its node, its port, a printer's own status) and the udev rules that give them to the
//! caja group. Only reads, like the rest of the doctor (`doctor.rs`).

use crate::config::TillSettings;
use crate::devices::uri::DeviceUri;
use crate::doctor::{Check, Light, Report};
use std::path::Path;
use std::time::Duration;

/// The display the till would draw on: an X11 socket or a Wayland one, reachable.
pub(super) fn display_check() -> Check {
    if let Ok(display) = std::env::var("WAYLAND_DISPLAY") {
        let dir = std::env::var("XDG_RUNTIME_DIR").unwrap_or_default();
        let socket = Path::new(&dir).join(&display);
        return match std::os::unix::net::UnixStream::connect(&socket) {
            Ok(_) => Check::green("display", format!("Wayland display {}", socket.display())),
            Err(e) => Check::red(
                "display",
                format!(
                    "the Wayland display {} is not reachable: {e}",
                    socket.display()
                ),
                "systemctl status caja-display  (the kiosk starts the display)",
            ),
        };
    }
    let Ok(display) = std::env::var("DISPLAY") else {
        return Check::amber(
            "display",
            "no display from here (DISPLAY is not set): the kiosk unit gives the till one",
            Some("systemctl status caja-display".into()),
        );
    };
    let number = display
        .trim_start_matches(|c| c != ':')
        .trim_start_matches(':')
        .split('.')
        .next()
        .unwrap_or_default()
        .to_string();
    let socket = Path::new("/tmp/.X11-unix").join(format!("X{number}"));
    match std::os::unix::net::UnixStream::connect(&socket) {
        Ok(_) => Check::green(
            "display",
            format!("X display {display} ({})", socket.display()),
        ),
        Err(e) => Check::red(
            "display",
            format!(
                "the X display {display} is not reachable ({}): {e}",
                socket.display()
            ),
            "systemctl status caja-display  (the kiosk starts the display)",
        ),
    }
}

/// Each configured device: a node present and writable by this user, a network printer
/// answering on its port, a file printer's folder writable.
pub(super) fn device_checks(report: &mut Report, s: &TillSettings) {
    let serial_drawer = match &s.drawer {
        crate::devices::drawer::DrawerWiring::Serial(uri) => Some(uri),
        _ => None,
    };
    let devices = [
        ("printer", s.printer.as_ref()),
        ("scanner", s.scanner.as_ref()),
        ("display", s.display.as_ref()),
        ("scale", s.scale.as_ref()),
        ("drawer", serial_drawer),
    ];
    let mut any = false;
    for (name, uri) in devices {
        let Some(uri) = uri else { continue };
        any = true;
        let id = match name {
            "printer" => "device-printer",
            "scanner" => "device-scanner",
            "display" => "device-display",
            "scale" => "device-scale",
            _ => "device-drawer",
        };
        let fix = format!(
            "plug it in and check its cable, or set another: caja devices list; caja config set devices.{name} URI"
        );
        let check = match uri {
            DeviceUri::Usb(path) | DeviceUri::Serial { path, .. } => {
                if !path.exists() {
                    Check::red(id, format!("the {name} {} is missing", path.display()), fix)
                } else if rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_err() {
                    Check::red(
                        id,
                        format!("the {name} {} is not writable by this user", path.display()),
                        "the package's udev rules give the caja group the till's devices: sudo udevadm trigger; id caja",
                    )
                } else {
                    Check::green(
                        id,
                        format!("the {name} {} is there and writable", path.display()),
                    )
                }
            }
            DeviceUri::Tcp { host, port } => {
                let reached = crate::lookup::Lookup::default()
                    .resolve(host, *port)
                    .ok()
                    .and_then(|addrs| {
                        addrs.into_iter().find(|a| {
                            std::net::TcpStream::connect_timeout(a, Duration::from_secs(2)).is_ok()
                        })
                    });
                match reached {
                    Some(a) => Check::green(id, format!("the {name} answers at {a}")),
                    None => Check::red(
                        id,
                        format!("the {name} at {host}:{port} does not answer"),
                        fix,
                    ),
                }
            }
            DeviceUri::File(path) => {
                let dir = path.parent().unwrap_or(Path::new("."));
                if rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).is_ok() {
                    Check::green(
                        id,
                        format!("the {name} writes to the file {}", path.display()),
                    )
                } else {
                    Check::red(
                        id,
                        format!("the {name}'s folder {} is not writable", dir.display()),
                        fix,
                    )
                }
            }
        };
        // A printer that is there is asked for its status (`DLE EOT`: paper, cover, online).
        let check = if name == "printer" && check.light == Light::Green {
            printer_status(id, uri, check)
        } else {
            check
        };
        report.checks.push(check);
    }
    if !any {
        report.checks.push(Check::amber(
            "devices",
            "no printer or serial device is configured",
            Some("caja devices list; caja config set devices.printer URI".into()),
        ));
    }
}

/// The printer's own answer to a status request, on top of `seen` (it is there): out of paper
/// or cover open is red, paper near its end amber.
fn printer_status(id: &'static str, uri: &DeviceUri, seen: Check) -> Check {
    match crate::devices::status::query(uri) {
        Ok(None) => seen,
        Ok(Some(status)) => match status.blocking_reason() {
            Some(why) => Check::red(
                id,
                format!("the printer answers, but {why}"),
                "fix the printer, then: caja devices test-print",
            ),
            None if status.paper_near_end => Check::amber(
                id,
                "the printer's paper is near its end",
                Some("have a roll at hand".into()),
            ),
            None => Check::green(id, format!("{}; its status: ready", seen.says)),
        },
        Err(e) => Check::red(
            id,
            format!("the printer does not answer a status request: {e}"),
            "check its cable or network and that it speaks ESC/POS: caja devices test-print",
        ),
    }
}

/// The package's udev rules (the till's devices for the caja group).
pub(super) fn udev_check() -> Check {
    let found = [
        "/etc/udev/rules.d",
        "/usr/lib/udev/rules.d",
        "/lib/udev/rules.d",
    ]
    .iter()
    .filter_map(|d| std::fs::read_dir(d).ok())
    .flatten()
    .flatten()
    .map(|e| e.path())
    .find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().contains("caja"))
    });
    match found {
        Some(p) => Check::green("udev", format!("udev rules {}", p.display())),
        None => Check::amber(
            "udev",
            "no udev rules for Caja's devices (the package installs them)",
            Some("apt install ./caja_*.deb".into()),
        ),
    }
}
