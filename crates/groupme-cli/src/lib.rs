//! The `groupme` command-line tool, built on the `groupme_sdk` wrapper.
//!
//! Every subcommand maps to one wrapper call (or helper); answers print as
//! tables, or as JSON with `--json`. Errors go to stderr with advice, and
//! the exit code says what kind of failure it was (see [`exit`]).
//!
//! `groupme demo` starts the fake server from `groupme_fake` in-process and
//! tours every command against it, with no token and no network.
//!
//! - [`cli`]: the command line, as clap parses it.
//! - [`commands`]: runs a parsed command through the wrapper.
//! - [`groups`]: runs the `groups` subcommands.
//! - [`bots`]: runs `bots`, `bot`, `images` and `files`.
//! - [`messages`]: runs `messages`, `dm`, `chats` and `export`.
//! - [`render`]: JSON, tables and the progress spinner.
//! - [`demo`]: the narrated tour.
//! - [`exit`]: exit codes and errors with advice.

#![warn(missing_docs)]

pub mod bots;
pub mod cli;
pub mod commands;
pub mod demo;
pub mod exit;
pub mod groups;
pub mod messages;
pub mod reactions;
pub mod render;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::exit::{CliError, Exit};
use crate::render::Output;

/// Parses the command line, runs the command and reports how it went.
/// Usage errors end the process with code 2 (clap's default).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: could not start the async runtime: {err}");
            return Exit::Other.into();
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => Exit::Success.into(),
        Err(err) => {
            report(&err);
            err.exit().into()
        }
    }
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Demo => demo::run().await,
        Command::Bot(command) => bots::post(&cli.global, Output::new(cli.global.json), command).await,
        Command::Api(command) => {
            let client = commands::client(&cli.global)?;
            commands::run(&client, Output::new(cli.global.json), command).await
        }
    }
}

/// Prints an error and its advice on stderr.
pub fn report(err: &CliError) {
    eprintln!("error: {err}");
    if let Some(advice) = err.advice() {
        eprintln!("hint: {advice}");
    }
}
