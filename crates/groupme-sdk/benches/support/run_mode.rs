//! How much of a bench to run, shared by the bench targets (each includes
//! this file with `#[path]`).

/// How much of the bench to run, following criterion's own reading of the
/// arguments: `cargo bench` passes `--bench`, `cargo test --benches` does
/// not, and `-- --test` asks for a quick check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunMode {
    /// Full measurement.
    Full,
    /// Run everything a few times, to check that it builds and works.
    Quick,
    /// Only listing or profiling was asked for: benches without criterion
    /// do nothing.
    CriterionOnly,
}

impl RunMode {
    pub(crate) fn from_args() -> Self {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let has = |flag: &str| {
            args.iter()
                .any(|arg| arg == flag || arg.starts_with(&format!("{flag}=")))
        };
        if has("--list") || has("--profile-time") {
            Self::CriterionOnly
        } else if has("--test") || !has("--bench") {
            Self::Quick
        } else {
            Self::Full
        }
    }
}
