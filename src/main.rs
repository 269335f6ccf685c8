//! Caja's entry point: parse arguments, set up logging, run the command, map errors to an exit
//! code. Everything else lives in the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Whatever Caja creates is its owner's alone (0700 folders, 0600 files), whichever code
    // path creates it.
    rustix::process::umask(rustix::fs::Mode::from_bits_truncate(0o077));
    let cli = caja::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CAJA_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    match caja::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
