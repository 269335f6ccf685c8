//! Devices: printers (ESC/POS encoding apart from the transport), and later scanners on serial
//! ports, the drawer, the customer display and the scale. Profiles per model are data in
//! `hardware/`.

pub mod codepage;
pub mod decode;
pub mod display;
pub mod printout;
pub mod profile;
pub mod scale;
pub mod scanner;
pub mod spooler;
pub mod transport;
pub mod uri;
