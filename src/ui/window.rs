//! The till's window: eframe options (1024 × 768 at least, glow), the start-up hook run at the
//! first frame (the sandbox's scope step, then the device threads) and the first-frame signal
//! used to measure start-up.

use super::TillUi;
use crate::app::{Clock, Till};
use eframe::egui;

impl<C: Clock> eframe::App for TillUi<C> {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TillUi::ui(self, ui);
    }
}

/// Opens the till window and runs until it is closed. `startup` runs at the first frame, once
/// the display connection exists: the sandbox's scope step, then the device threads (so they
/// start inside every restriction). `first_frame` is called once the login screen has been
/// drawn (used to measure start-up).
pub fn run_window<C: Clock + 'static>(
    till: Till<C>,
    demo: bool,
    config_file: std::path::PathBuf,
    startup: Option<Startup<C>>,
    first_frame: Option<FirstFrame>,
) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Caja")
            .with_app_id("caja")
            .with_inner_size([1024.0, 768.0])
            .with_min_inner_size([1024.0, 768.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let app = Window {
        ui: Some(TillUi::new(till, demo).with_config_file(config_file)),
        startup,
        first_frame,
        frames: 0,
    };
    eframe::run_native("Caja", options, Box::new(move |_cc| Ok(Box::new(app))))
        .map_err(|e| anyhow::anyhow!("cannot open the till window: {e}"))
}

/// What the window does to the till screen at its first frame.
pub type Startup<C> = Box<dyn FnOnce(TillUi<C>) -> TillUi<C>>;

/// Called once the first frame (the login screen) has been drawn and presented: at the start of
/// the second frame, which the first one asks for at once.
pub type FirstFrame = Box<dyn FnOnce(&egui::Context)>;

struct Window<C: Clock> {
    ui: Option<TillUi<C>>,
    startup: Option<Startup<C>>,
    first_frame: Option<FirstFrame>,
    frames: u64,
}

impl<C: Clock> eframe::App for Window<C> {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frames += 1;
        if let Some(start) = self.startup.take() {
            self.ui = self.ui.take().map(start);
        }
        if self.frames == 2
            && let Some(done) = self.first_frame.take()
        {
            done(ui.ctx());
        }
        if let Some(till) = self.ui.as_mut() {
            till.ui(ui);
        }
        if self.frames == 1 && self.first_frame.is_some() {
            ui.ctx().request_repaint();
        }
    }
}
