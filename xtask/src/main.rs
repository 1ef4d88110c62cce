//! Maintainer tasks for the GroupMe workspace.
//!
//! `cargo xtask generate` regenerates the client code from `spec/`;
//! `cargo xtask generate --check` fails, with a diff, when the committed code
//! is stale.

mod generate;
mod lint;
mod publish;
mod spec;
mod strip;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Maintainer tasks for the GroupMe workspace.
#[derive(Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Lint both spec files and regenerate the clients and httpmock helpers.
    Generate {
        /// Write nothing; fail with a diff when a generated file is stale.
        #[arg(long)]
        check: bool,
        /// Print every file compared or written.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Check both spec files and write them, as JSON and YAML, for publishing.
    Spec {
        /// The folder to write into [default: dist/spec in the workspace root].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let outcome = match cli.task {
        Task::Generate { check, verbose } => generate::run(&root, check, verbose),
        Task::Spec { out } => {
            publish::run(&root, &out.unwrap_or_else(|| root.join(publish::DEFAULT_OUT_DIR)))
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
