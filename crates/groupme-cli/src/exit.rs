//! Exit codes, and the errors that end a command with advice on what to do.

use std::fmt;
use std::process::ExitCode;

use groupme_sdk::{ErrorKind, GroupId, ResultsId};

/// The exit codes, as `--help` lists them.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  other failure (an unexpected answer, results not ready in time, output failed)
  2  usage or validation error (bad arguments, a value GroupMe would refuse, no token); nothing was sent
  3  GroupMe said no (401 token or rights, 403, 404, 429 rate limited, expired results, ...)
  4  network or transport failure (GroupMe could not be reached)
  5  not ready yet: member-add results GroupMe has not finished (look again later)";

/// How a run ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: it worked.
    Success,
    /// 1: anything not covered below.
    Other,
    /// 2: bad arguments or values; nothing was sent.
    Usage,
    /// 3: GroupMe refused the request.
    Api,
    /// 4: GroupMe could not be reached.
    Network,
    /// 5: the results asked for are not ready yet.
    NotReady,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Other => 1,
            Self::Usage => 2,
            Self::Api => 3,
            Self::Network => 4,
            Self::NotReady => 5,
        }
    }

    /// The exit that a wrapper error calls for.
    pub fn of(err: &groupme_sdk::Error) -> Self {
        match err.kind() {
            ErrorKind::Validation(_) | ErrorKind::Config(_) => Self::Usage,
            ErrorKind::Api | ErrorKind::ResultsExpired => Self::Api,
            ErrorKind::Transport => Self::Network,
            _ => Self::Other,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

/// Why a command failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum CliError {
    /// No access token was given.
    MissingToken,
    /// The wrapper (or GroupMe through it) reported an error.
    Sdk(groupme_sdk::Error),
    /// A member add was accepted, but waiting for its results failed (not
    /// ready in time, an outage, a network failure): adding again would add
    /// the same people twice.
    StillAdding {
        /// The group added to.
        group: GroupId,
        /// The add's results id, to look at later.
        results_id: ResultsId,
        /// The waiter's error.
        source: groupme_sdk::Error,
    },
    /// Member-add results were looked at and are not ready yet.
    ResultsNotReady,
    /// A member add was sent, but its answer was cut off or unreadable:
    /// GroupMe may have made it.
    AddMayHaveHappened {
        /// The group added to.
        group: GroupId,
        /// What went wrong.
        source: groupme_sdk::Error,
    },
    /// Some of several join requests could not be decided.
    Undecided {
        /// How many failed.
        failed: usize,
        /// The first failure.
        first: groupme_sdk::Error,
    },
    /// Some of several owner changes were not made; each one's status was
    /// printed.
    NotTransferred {
        /// How many were not made.
        failed: usize,
    },
    /// The demo's fake server would not start.
    Demo(String),
    /// Writing the output failed.
    Output(std::io::Error),
}

impl CliError {
    /// The exit code this error ends the run with.
    pub fn exit(&self) -> Exit {
        match self {
            Self::MissingToken => Exit::Usage,
            Self::Sdk(err)
            | Self::Undecided { first: err, .. }
            | Self::AddMayHaveHappened { source: err, .. } => Exit::of(err),
            Self::NotTransferred { .. } => Exit::Api,
            Self::StillAdding { .. } | Self::Demo(_) | Self::Output(_) => Exit::Other,
            Self::ResultsNotReady => Exit::NotReady,
        }
    }

    /// What the user can do about it.
    pub fn advice(&self) -> Option<String> {
        match self {
            Self::MissingToken => Some(
                "set GROUPME_TOKEN to your access token (export GROUPME_TOKEN=...) or pass --token; \
                 find the token at https://dev.groupme.com under \"Access Token\""
                    .to_owned(),
            ),
            Self::Sdk(err) | Self::Undecided { first: err, .. } => advice(err),
            Self::StillAdding {
                group, results_id, ..
            } => Some(format!(
                "GroupMe accepted the add, so do not add the same people again: look at its outcome \
                 with `groupme members results {group} {results_id} --wait` (results last one hour)"
            )),
            Self::AddMayHaveHappened { group, .. } => Some(format!(
                "the add may have been made although its answer was lost: check with \
                 `groupme members list {group}` before adding anyone again"
            )),
            Self::ResultsNotReady => Some(
                "GroupMe has not finished this add: look again in a few seconds, or add --wait".to_owned(),
            ),
            Self::NotTransferred { .. } => Some(
                "only a group's owner may hand it over, to another active member of the group; \
                 see the status of each change above"
                    .to_owned(),
            ),
            Self::Demo(_) => Some("the demo needs a free port on 127.0.0.1; try again".to_owned()),
            Self::Output(_) => None,
        }
    }
}

/// Advice for a wrapper error, by what went wrong.
fn advice(err: &groupme_sdk::Error) -> Option<String> {
    let advice = if err.is_validation() {
        "fix the value and run the command again"
    } else if matches!(err.kind(), ErrorKind::Config(_)) {
        "check --token, --v3-url and --v2-url (https://, or http:// on 127.0.0.1 only)"
    } else if err.is_results_expired() {
        "member-add results last one hour and these are gone: start again with `groupme members add`"
    } else if err.is_unauthorized() {
        "GroupMe refused the token or your rights in this group: check GROUPME_TOKEN, \
         and that you are an owner or admin"
    } else if err.is_verification_required() {
        "GroupMe now reserves this action for its own apps (it asks for a device attestation that \
         third-party tools cannot give): do it in the GroupMe app instead"
    } else if err.is_redirected() {
        "GroupMe answered with a redirect to another host, which was not followed so that your token \
         stays with GroupMe: check --v3-url and --v2-url"
    } else if err.is_body_too_large() {
        "GroupMe's answer was larger than this tool reads; report it if it persists"
    } else if err.is_forbidden() {
        "GroupMe wants more proof for this (such as a device check): do it once in the GroupMe app, \
         then try again"
    } else if err.is_not_found() {
        "check the group id and the membership id: you must be in the group, and membership ids \
         differ from user ids (see `groupme members list GROUP`, or use --user USER_ID)"
    } else if err.is_rate_limited() {
        return Some(match err.retry_after() {
            Some(delay) => format!(
                "GroupMe is rate limiting: wait {} seconds, then try again",
                delay.as_secs().max(1)
            ),
            None => "GroupMe is rate limiting: wait a minute, then try again".to_owned(),
        });
    } else if err.is_transport() {
        "could not reach GroupMe: check your network connection (and --v3-url/--v2-url if set), \
         then try again"
    } else if err.status().is_some_and(|status| status.is_server_error()) {
        "GroupMe is having trouble (an outage or maintenance page, not an answer): try again in a few minutes"
    } else if matches!(err.kind(), ErrorKind::Decode) {
        "GroupMe's answer had an unexpected shape: try again, and report it if it persists"
    } else {
        return None;
    };
    Some(advice.to_owned())
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingToken => f.write_str("no access token"),
            Self::Sdk(err) => err.fmt(f),
            Self::StillAdding { source, .. } => source.fmt(f),
            Self::ResultsNotReady => f.write_str("the results are not ready yet"),
            Self::AddMayHaveHappened { source, .. } => source.fmt(f),
            Self::Undecided { failed, first } => {
                write!(f, "{failed} request(s) could not be decided; the first: {first}")
            }
            Self::NotTransferred { failed } => {
                write!(f, "{failed} owner change(s) were not made")
            }
            Self::Demo(message) => write!(f, "the demo could not start: {message}"),
            Self::Output(err) => write!(f, "could not write the output: {err}"),
        }
    }
}

impl std::error::Error for CliError {}

impl From<groupme_sdk::Error> for CliError {
    fn from(err: groupme_sdk::Error) -> Self {
        Self::Sdk(err)
    }
}

impl From<std::io::Error> for CliError {
    fn from(err: std::io::Error) -> Self {
        Self::Output(err)
    }
}
