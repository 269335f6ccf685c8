//! Caja's integration tests: one binary, one module per area, real SQLCipher files in temp dirs
//! and the real `caja` binary for the command-line contract.

mod agency;
mod app_flow;
mod architecture;
mod audit_tamper;
mod back_office;
mod backups;
mod catalog_scale;
mod cli;
mod concurrency;
mod confinement;
mod crash;
mod drawer;
mod fiscal_send;
mod fiscal_store;
mod fiscal_xml;
mod import;
mod lookup;
mod migration;
mod money_props;
mod one_door;
mod outbox_kills;
mod packaging;
mod printer_status;
mod printing;
mod props;
mod pty;
mod receipt_images;
mod serial;
mod store_files;
mod support;
mod ui_backoffice;
mod ui_till;
mod x11;
mod x11_backoffice;
mod x11_shop;
