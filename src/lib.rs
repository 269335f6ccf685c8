//! Caja: a native point-of-sale. The library holds every module; `main.rs` only parses
//! arguments and calls into it. See ARCHITECTURE.md for one line per module.
//! `unsafe` is refused everywhere but in `sandbox/`.

#![deny(unsafe_code)]

pub mod agency;
pub mod app;
pub mod backup;
pub mod cli;
pub mod commands;
pub mod config;
pub mod devices;
pub mod doctor;
pub mod exchange;
pub mod fiscal;
pub mod i18n;
pub mod lookup;
#[allow(unsafe_code)]
pub mod sandbox;
pub mod store;
pub mod till;
pub mod ui;
