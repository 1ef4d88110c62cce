//! The `groupme` command-line tool; everything lives in the library.

fn main() -> std::process::ExitCode {
    groupme_cli::main()
}
