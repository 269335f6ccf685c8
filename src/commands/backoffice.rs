//! `caja backoffice`: the back office in its own window, straight at the login and then into
//! the back office (never the sale). It shares the store with a till that may be selling on the
//! same data dir (`Store::open_in` allows that), so it takes no till lock, and it starts no
//! device threads: devices belong to the till.

use super::{Env, open_with_identity};
use crate::app::{SystemClock, Till};
use anyhow::{Result, bail};
use std::process::ExitCode;

pub(super) fn run(env: &Env) -> Result<ExitCode> {
    let (store, env) = open_with_identity(env)?;
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!(
            "no display: the back office needs a graphical session (X11 or Wayland); the store in {} is ready",
            env.paths.data_dir.display()
        );
    }
    super::audit_now(&store, &env, "back_office_opened", serde_json::json!({}))?;
    let till = Till::new(store, env.settings.clone(), SystemClock);
    crate::ui::run_window(
        till,
        false,
        env.paths.config_file.clone(),
        Some(Box::new(crate::ui::TillUi::office_only)),
        None,
    )?;
    Ok(ExitCode::SUCCESS)
}
