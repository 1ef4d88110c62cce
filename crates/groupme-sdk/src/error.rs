//! The crate's one error type, with predicates in the style of
//! `reqwest::Error`.
//!
//! Every failure carries what is known of it: the operation, the HTTP status,
//! GroupMe's `meta.code` and `meta.errors` (a list of messages or a map of
//! field to message), a bounded excerpt of a body that was not JSON, the
//! `Retry-After` delay, and, after GroupMe accepted an asynchronous job (a
//! member add, a file or video upload), what is needed to wait for it again
//! ([`AcceptedJob`]). None of it ever includes the access token (it is
//! redacted from everything a server sends back) or a URL.
//!
//! Failure bodies are read only up to [`ERROR_BODY_LIMIT`] bytes: enough for
//! GroupMe's `meta.errors` and an excerpt, however large the body.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use futures::{Stream, StreamExt};
use groupme_api::{AccessToken, ByteStream, ErrorEnvelope, MetaErrors};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::add::StartedAdd;
use crate::ids::UserId;
use crate::uploads::{StartedFileUpload, StartedVideoUpload};
use crate::validate::Invalid;

/// The longest excerpt of a non-JSON body kept in an error, in characters.
const BODY_EXCERPT_CHARS: usize = 300;

/// The most of a failure body that is read, in bytes; the rest is left
/// unread and the connection dropped.
pub const ERROR_BODY_LIMIT: usize = 8 * 1024;

/// What replaces the access token wherever a server echoed it back.
const REDACTED: &str = "<redacted>";

/// The operations that the community documents say need a device
/// attestation from third-party clients, and answer `403` without one.
const ATTESTED_OPERATIONS: &[&str] = &[
    "add_members",
    "create_group",
    "join_public_group",
    "import_contacts",
];

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Anything that went wrong talking to GroupMe, or before talking to it.
///
/// ```
/// # fn check(err: groupme_sdk::Error) {
/// if err.is_rate_limited() {
///     println!("slow down; retry after {:?}", err.retry_after());
/// } else if let Some(invalid) = err.validation() {
///     println!("fix `{}` first: {invalid}", invalid.field());
/// }
/// # }
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    operation: Option<&'static str>,
    status: Option<StatusCode>,
    meta_code: Option<i32>,
    api_errors: Option<ApiErrors>,
    body_excerpt: Option<String>,
    retry_after: Option<Duration>,
    accepted_job: Option<AcceptedJob>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// An asynchronous job that GroupMe accepted before a failure, with what
/// is needed to wait for it again (see [`Error::accepted_job`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AcceptedJob {
    /// A member add; wait with [`MembersHandle::wait`](crate::MembersHandle::wait).
    MemberAdd(StartedAdd),
    /// A file upload; wait with [`FilesHandle::wait`](crate::FilesHandle::wait).
    FileUpload(StartedFileUpload),
    /// A video upload; wait with [`VideosHandle::wait`](crate::VideosHandle::wait).
    VideoUpload(StartedVideoUpload),
}

impl From<&StartedAdd> for AcceptedJob {
    fn from(started: &StartedAdd) -> Self {
        Self::MemberAdd(started.clone())
    }
}

impl From<&StartedFileUpload> for AcceptedJob {
    fn from(started: &StartedFileUpload) -> Self {
        Self::FileUpload(started.clone())
    }
}

impl From<&StartedVideoUpload> for AcceptedJob {
    fn from(started: &StartedVideoUpload) -> Self {
        Self::VideoUpload(started.clone())
    }
}

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An input broke a documented rule; nothing was sent.
    Validation(Invalid),
    /// GroupMe answered with a failure status.
    Api,
    /// The request could not be sent or its answer not received
    /// (connection refused, timed out, reset).
    Transport,
    /// GroupMe answered, but the body did not have the documented shape.
    Decode,
    /// A successful answer's body was larger than the client reads
    /// ([`ClientBuilder::max_body_bytes`](crate::ClientBuilder::max_body_bytes)).
    BodyTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A listing's next page repeated the previous one: the server ignores
    /// the paging parameters, so paging stopped rather than loop forever.
    RepeatedPage {
        /// Which page repeated (such as `page 3`).
        page: String,
    },
    /// GroupMe (or something posing as it) redirected the request to another
    /// host. The redirect was not followed, so the token never left the
    /// configured hosts.
    Redirected,
    /// An upload job ended without its result (the service reported
    /// `status`, such as `failed`); uploading again is the only way on.
    JobFailed {
        /// What the service reported.
        status: String,
    },
    /// A member add's results are gone (they last one hour).
    ResultsExpired,
    /// Waiting for a member add's results took longer than allowed.
    PollTimeout {
        /// How long the waiter waited.
        waited: Duration,
        /// How many requests it sent for the results.
        requests: u32,
    },
    /// The client was configured wrongly (a bad base URL or token).
    Config(String),
    /// A helper that takes a user id found no such member in the group.
    MemberNotFound {
        /// The user looked for.
        user_id: UserId,
        /// Whether current (`true`) or former members were searched.
        current: bool,
    },
}

/// The `meta.errors` of a failed answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiErrors {
    /// A list of messages, such as `["group not found"]`.
    Messages(Vec<String>),
    /// Field names mapped to messages, such as `{"filter": "cannot be blank"}`.
    Fields(BTreeMap<String, String>),
}

impl ApiErrors {
    fn from_meta(errors: Option<MetaErrors>) -> Option<Self> {
        match errors? {
            MetaErrors::ErrorMessages(None) => None,
            MetaErrors::ErrorMessages(Some(list)) if list.is_empty() => None,
            MetaErrors::ErrorMessages(Some(list)) => Some(Self::Messages(list)),
            MetaErrors::FieldErrors(map) if map.is_empty() => None,
            MetaErrors::FieldErrors(map) => Some(Self::Fields(map.into_iter().collect())),
        }
    }

    /// The message for `field`, when the errors are a map.
    pub fn field(&self, field: &str) -> Option<&str> {
        match self {
            Self::Fields(map) => map.get(field).map(String::as_str),
            Self::Messages(_) => None,
        }
    }
}

impl fmt::Display for ApiErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Messages(list) => f.write_str(&list.join("; ")),
            Self::Fields(map) => {
                let mut first = true;
                for (field, message) in map {
                    if !first {
                        f.write_str("; ")?;
                    }
                    first = false;
                    write!(f, "{field}: {message}")?;
                }
                Ok(())
            }
        }
    }
}

impl Error {
    fn new(kind: ErrorKind) -> Self {
        Self(Box::new(Inner {
            kind,
            operation: None,
            status: None,
            meta_code: None,
            api_errors: None,
            body_excerpt: None,
            retry_after: None,
            accepted_job: None,
            source: None,
        }))
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config(message.into()))
    }

    pub(crate) fn results_expired(operation: &'static str, body: Option<String>) -> Self {
        let mut err = Self::new(ErrorKind::ResultsExpired);
        err.0.operation = Some(operation);
        err.0.status = Some(StatusCode::NOT_FOUND);
        err.0.body_excerpt = body;
        err
    }

    pub(crate) fn member_not_found(operation: &'static str, user_id: UserId, current: bool) -> Self {
        let mut err = Self::new(ErrorKind::MemberNotFound { user_id, current });
        err.0.operation = Some(operation);
        err
    }

    /// A listing's page that repeated the one before it.
    pub(crate) fn repeated_page(operation: &'static str, page: String) -> Self {
        let mut err = Self::new(ErrorKind::RepeatedPage { page });
        err.0.operation = Some(operation);
        err
    }

    /// An attempt that took longer than the client's timeout.
    pub(crate) fn attempt_timed_out(operation: &'static str, limit: Duration) -> Self {
        let mut err = Self::new(ErrorKind::Transport);
        err.0.operation = Some(operation);
        err.0.source = Some(Box::new(AttemptTimedOut { limit }));
        err
    }

    /// The waiter gave up; `last` is the failure of its last request, if
    /// that request failed rather than answered "not ready".
    pub(crate) fn poll_timeout(
        operation: &'static str,
        waited: Duration,
        requests: u32,
        last: Option<Error>,
    ) -> Self {
        let mut err = Self::new(ErrorKind::PollTimeout { waited, requests });
        err.0.operation = Some(operation);
        err.0.source = last.map(|last| Box::new(last) as _);
        err
    }

    /// Records that GroupMe accepted a job before this failure, so the
    /// caller can wait for it again instead of starting it twice.
    pub(crate) fn with_accepted_job(mut self, job: impl Into<AcceptedJob>) -> Self {
        self.0.accepted_job = Some(job.into());
        self
    }

    /// A success answer that lacks what the operation needs (`what`).
    pub(crate) fn unexpected_answer(operation: &'static str, status: StatusCode, what: &str) -> Self {
        let mut err = Self::new(ErrorKind::Decode);
        err.0.operation = Some(operation);
        err.0.status = Some(status);
        err.0.body_excerpt = Some(what.to_owned());
        err
    }

    /// An upload job that ended as `status` without a result.
    pub(crate) fn job_failed(operation: &'static str, status: String) -> Self {
        let mut err = Self::new(ErrorKind::JobFailed { status });
        err.0.operation = Some(operation);
        err
    }

    /// A success answer whose envelope has no `response`.
    pub(crate) fn missing_response(operation: &'static str, status: StatusCode, meta_code: i32) -> Self {
        let mut err = Self::new(ErrorKind::Decode);
        err.0.operation = Some(operation);
        err.0.status = Some(status);
        err.0.meta_code = Some(meta_code);
        err.0.body_excerpt = Some("the envelope's `response` is null or missing".to_owned());
        err
    }

    /// Converts a generated client's error, reading at most
    /// [`ERROR_BODY_LIMIT`] bytes of the body where there is one. `status` is
    /// the status of the answer, if one came (a decode error does not carry
    /// it); `token` is redacted from everything kept.
    pub(crate) async fn from_api(
        operation: &'static str,
        err: groupme_api::Error<ByteStream>,
        status: Option<StatusCode>,
        token: &AccessToken,
    ) -> Self {
        use groupme_api::Error as Api;
        let mut out = match err {
            Api::InvalidRequest(message) => Self::new(ErrorKind::Validation(Invalid::new(
                "request",
                crate::validate::Rule::Spec(message),
            ))),
            Api::ResponseBodyError(source) if groupme_api::body_too_large(&source).is_some() => {
                let limit = groupme_api::body_too_large(&source).map_or(0, |found| found.limit);
                let mut err = Self::new(ErrorKind::BodyTooLarge { limit });
                err.0.status = status;
                err
            }
            Api::CommunicationError(source)
            | Api::ResponseBodyError(source)
            | Api::InvalidUpgrade(source) => {
                let mut err = Self::new(ErrorKind::Transport);
                err.0.status = source.status().or(status);
                err.0.source = Some(Box::new(source.without_url()));
                err
            }
            Api::ErrorResponse(response) => {
                let status = response.status();
                let retry_after = retry_after(response.headers());
                let mut err = Details::from_stream(response.into_inner().into_inner(), token)
                    .await
                    .into_error(status);
                err.0.retry_after = retry_after;
                err
            }
            Api::InvalidResponsePayload(body, source) => {
                let mut err = Self::new(ErrorKind::Decode);
                err.0.status = status;
                err.0.body_excerpt = excerpt(&body[..body.len().min(ERROR_BODY_LIMIT)], token);
                // serde quotes the value it choked on, which may be an echoed
                // token: keep its message only, redacted.
                err.0.source = Some(Box::new(DecodeFailure(redact(&source.to_string(), token))));
                err
            }
            Api::UnexpectedResponse(response) => {
                let status = response.status();
                let retry_after = retry_after(response.headers());
                let mut err = Details::from_stream(Box::pin(response.bytes_stream()), token)
                    .await
                    .into_error(status);
                if status.is_success() {
                    err.0.kind = ErrorKind::Decode;
                } else if status.is_redirection() {
                    err.0.kind = ErrorKind::Redirected;
                }
                err.0.retry_after = retry_after;
                err
            }
            Api::Custom(message) => Self::config(message),
        };
        out.0.operation = Some(operation);
        out
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The operation that failed, as the spec names it (`list_members`).
    pub fn operation(&self) -> Option<&'static str> {
        self.0.operation
    }

    /// The HTTP status of GroupMe's answer, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.0.status
    }

    /// GroupMe's `meta.code`, if the answer had an envelope.
    pub fn meta_code(&self) -> Option<i32> {
        self.0.meta_code
    }

    /// GroupMe's `meta.errors`, if it gave any.
    pub fn api_errors(&self) -> Option<&ApiErrors> {
        self.0.api_errors.as_ref()
    }

    /// The start of a body that was not JSON (a text message or an HTML
    /// page), at most 300 characters.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.0.body_excerpt.as_deref()
    }

    /// The delay GroupMe asked for in a `Retry-After` header.
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }

    /// The member add that GroupMe accepted before this failure (its results
    /// id and the members asked for, with their GUIDs). Adding again would
    /// add the same people twice; wait for this one instead, with
    /// [`MembersHandle::wait`](crate::MembersHandle::wait), or from the
    /// command line with `groupme members results GROUP RESULTS_ID`.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client, err: groupme_sdk::Error) -> groupme_sdk::Result<()> {
    /// if let Some(started) = err.started_add() {
    ///     let outcome = client.group("1234").members().wait(started).await?;
    ///     println!("{} added after all", outcome.added.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn started_add(&self) -> Option<&StartedAdd> {
        match &self.0.accepted_job {
            Some(AcceptedJob::MemberAdd(started)) => Some(started),
            _ => None,
        }
    }

    /// The asynchronous job GroupMe accepted before this failure, whatever
    /// its kind: starting it again would do the work twice (add the same
    /// people, store the same file); wait for this one instead.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client, err: groupme_sdk::Error) -> groupme_sdk::Result<()> {
    /// use groupme_sdk::AcceptedJob;
    /// if let Some(AcceptedJob::FileUpload(started)) = err.accepted_job() {
    ///     let file_id = client.files().wait(started).await?;
    ///     println!("stored after all: {file_id}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn accepted_job(&self) -> Option<&AcceptedJob> {
        self.0.accepted_job.as_ref()
    }

    /// The broken input rule, for validation errors.
    pub fn validation(&self) -> Option<&Invalid> {
        match &self.0.kind {
            ErrorKind::Validation(invalid) => Some(invalid),
            _ => None,
        }
    }

    /// Whether an input broke a documented rule (and nothing was sent).
    pub fn is_validation(&self) -> bool {
        self.validation().is_some()
    }

    /// Whether GroupMe refused the token or the caller's rights (`401`).
    pub fn is_unauthorized(&self) -> bool {
        self.api_status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// Whether GroupMe forbade the action (`403`), such as a device check.
    pub fn is_forbidden(&self) -> bool {
        self.api_status() == Some(StatusCode::FORBIDDEN)
    }

    /// Whether GroupMe refused because the request lacks a device
    /// attestation: a `403` on an operation that GroupMe now reserves for its
    /// own apps (member adds, group creation, joining public groups,
    /// contact imports), or a `403` whose message speaks of verification.
    /// Third-party clients cannot get past it.
    pub fn is_verification_required(&self) -> bool {
        if !self.is_forbidden() {
            return false;
        }
        let attested = self
            .0
            .operation
            .is_some_and(|op| ATTESTED_OPERATIONS.contains(&op));
        let says_so = |text: &str| text.to_ascii_lowercase().contains("verif");
        attested
            || self
                .0
                .api_errors
                .as_ref()
                .is_some_and(|errors| says_so(&errors.to_string()))
            || self.0.body_excerpt.as_deref().is_some_and(says_so)
    }

    /// Whether the answer was a redirect to another host, which was not
    /// followed.
    pub fn is_redirected(&self) -> bool {
        self.0.kind == ErrorKind::Redirected
    }

    /// Whether a successful answer was larger than the client reads.
    pub fn is_body_too_large(&self) -> bool {
        matches!(self.0.kind, ErrorKind::BodyTooLarge { .. })
    }

    /// Whether the group, member or other resource does not exist (`404`),
    /// or a helper found no member with the user id it was given.
    pub fn is_not_found(&self) -> bool {
        self.api_status() == Some(StatusCode::NOT_FOUND)
            || matches!(self.0.kind, ErrorKind::MemberNotFound { .. })
    }

    /// Whether GroupMe is rate limiting (`429`, or `420` as older clients saw).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self.api_status().map(|s| s.as_u16()), Some(429 | 420))
    }

    /// Whether a member add's results have expired.
    pub fn is_results_expired(&self) -> bool {
        self.0.kind == ErrorKind::ResultsExpired
    }

    /// Whether waiting or the request itself took too long.
    pub fn is_timeout(&self) -> bool {
        match &self.0.kind {
            ErrorKind::PollTimeout { .. } => true,
            ErrorKind::Transport => {
                self.transport_source().is_some_and(reqwest::Error::is_timeout)
                    || self
                        .0
                        .source
                        .as_ref()
                        .is_some_and(|source| source.is::<AttemptTimedOut>())
            }
            _ => false,
        }
    }

    /// Whether the request could not be sent or answered (network trouble).
    pub fn is_transport(&self) -> bool {
        self.0.kind == ErrorKind::Transport
    }

    /// Whether GroupMe may have carried the request out although this error
    /// says it failed: the answer was cut off or unreadable (a network
    /// failure after connecting, a timeout, a success body that did not
    /// decode or was too large). Before repeating a change, look whether it
    /// was made.
    pub fn outcome_unknown(&self) -> bool {
        match &self.0.kind {
            ErrorKind::Decode | ErrorKind::BodyTooLarge { .. } => {
                self.0.status.is_none_or(|status| status.is_success())
            }
            ErrorKind::Transport => !self.transport_source().is_some_and(reqwest::Error::is_connect),
            _ => false,
        }
    }

    /// Whether the same request may succeed if sent again, as the AWS SDKs
    /// judge it: throttling (`429`, `420`), the transient statuses `408`,
    /// `500`, `502`, `503` and `504`, and network failures.
    pub fn is_retryable(&self) -> bool {
        match self.0.kind {
            ErrorKind::Transport => true,
            ErrorKind::Api => {
                self.is_rate_limited()
                    || matches!(
                        self.0.status.map(|s| s.as_u16()),
                        Some(408 | 500 | 502 | 503 | 504)
                    )
            }
            _ => false,
        }
    }

    /// Whether a `503` body is an HTML page (an outage or a proxy), not
    /// GroupMe's own plain-text answer.
    pub(crate) fn is_html_page(&self) -> bool {
        self.0
            .body_excerpt
            .as_deref()
            .is_some_and(|body| body.trim_start().starts_with('<'))
    }

    fn api_status(&self) -> Option<StatusCode> {
        match self.0.kind {
            ErrorKind::Api => self.0.status,
            _ => None,
        }
    }

    fn transport_source(&self) -> Option<&reqwest::Error> {
        self.0.source.as_ref()?.downcast_ref::<reqwest::Error>()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(operation) = self.0.operation {
            write!(f, "{operation}: ")?;
        }
        match &self.0.kind {
            ErrorKind::Validation(invalid) => return write!(f, "{invalid}; nothing was sent"),
            ErrorKind::Config(message) => return write!(f, "configuration: {message}"),
            ErrorKind::PollTimeout { waited, requests } => {
                let plural = if *requests == 1 { "" } else { "s" };
                write!(
                    f,
                    "results were not ready after {:.1}s and {requests} request{plural}",
                    waited.as_secs_f64()
                )?;
                if let Some(last) = &self.0.source {
                    write!(f, " (last: {last})")?;
                }
                return self.write_accepted_job(f);
            }
            ErrorKind::RepeatedPage { page } => {
                return write!(
                    f,
                    "{page} repeats the previous page: the server ignores the paging parameters, so paging stopped"
                );
            }
            ErrorKind::MemberNotFound { user_id, current } => {
                let which = if *current { "current" } else { "former" };
                return write!(f, "user {user_id} is not a {which} member of the group");
            }
            ErrorKind::JobFailed { status } => write!(f, "the job ended as `{status}` without a result")?,
            ErrorKind::ResultsExpired => {
                f.write_str("results are no longer available (they last one hour)")?
            }
            ErrorKind::Transport => {
                f.write_str("request failed")?;
                if let Some(source) = &self.0.source {
                    write!(f, ": {source}")?;
                }
            }
            ErrorKind::Decode => match self.0.status {
                Some(status) => write!(f, "the {status} answer could not be decoded")?,
                None => f.write_str("answer could not be decoded")?,
            },
            ErrorKind::BodyTooLarge { limit } => write!(
                f,
                "the answer's body is larger than the {limit} bytes this client reads"
            )?,
            ErrorKind::Redirected => match self.0.status {
                Some(status) => write!(
                    f,
                    "GroupMe answered {status}, a redirect to another host, which was not followed \
                     (the token only goes to the configured hosts)"
                )?,
                None => f.write_str("a redirect to another host was not followed")?,
            },
            ErrorKind::Api => match self.0.status {
                Some(status) => write!(f, "GroupMe answered {status}")?,
                None => f.write_str("GroupMe refused the request")?,
            },
        }
        if let Some(errors) = &self.0.api_errors {
            write!(f, ": {errors}")?;
        } else if let Some(body) = &self.0.body_excerpt {
            write!(f, ": {body:?}")?;
        }
        self.write_accepted_job(f)
    }
}

impl Error {
    fn write_accepted_job(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.accepted_job {
            Some(AcceptedJob::MemberAdd(started)) => write!(
                f,
                "; the add was accepted (results id {}): wait for it again rather than adding again",
                started.results_id
            ),
            Some(AcceptedJob::FileUpload(started)) => write!(
                f,
                "; the upload was accepted (file job {} in group {}): wait for it again rather than uploading again",
                started.job, started.group_id
            ),
            Some(AcceptedJob::VideoUpload(started)) => write!(
                f,
                "; the upload was accepted (video job {}): wait for it again rather than uploading again",
                started.job
            ),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        debug.field("kind", &self.0.kind);
        if let Some(operation) = self.0.operation {
            debug.field("operation", &operation);
        }
        if let Some(status) = self.0.status {
            debug.field("status", &status.as_u16());
        }
        if let Some(code) = self.0.meta_code {
            debug.field("meta_code", &code);
        }
        if let Some(errors) = &self.0.api_errors {
            debug.field("api_errors", errors);
        }
        if let Some(body) = &self.0.body_excerpt {
            debug.field("body_excerpt", body);
        }
        if let Some(delay) = self.0.retry_after {
            debug.field("retry_after", &delay);
        }
        if let Some(job) = &self.0.accepted_job {
            debug.field("accepted_job", job);
        }
        if let Some(source) = &self.0.source {
            debug.field("source", &format_args!("{source}"));
        }
        debug.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Validation(invalid) => Some(invalid),
            _ => self.0.source.as_deref().map(|source| source as _),
        }
    }
}

impl From<Invalid> for Error {
    fn from(invalid: Invalid) -> Self {
        Self::new(ErrorKind::Validation(invalid))
    }
}

/// What a failure body says: an envelope's meta, or a text excerpt.
pub(crate) struct Details {
    meta_code: Option<i32>,
    api_errors: Option<ApiErrors>,
    body_excerpt: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Details {
    /// Reads an envelope if the body is one, else keeps an excerpt; the
    /// token is redacted from either.
    fn from_body(body: &[u8], token: &AccessToken) -> Self {
        match serde_json::from_slice::<ErrorEnvelope>(body) {
            Ok(envelope) => Self {
                meta_code: Some(envelope.meta.code),
                api_errors: ApiErrors::from_meta(envelope.meta.errors).map(|errors| errors.redacted(token)),
                body_excerpt: None,
                source: None,
            },
            Err(_) => Self {
                meta_code: None,
                api_errors: None,
                body_excerpt: excerpt(body, token),
                source: None,
            },
        }
    }

    /// Reads at most [`ERROR_BODY_LIMIT`] bytes of a failure body; the rest
    /// is never read.
    async fn from_stream<S, E>(body: S, token: &AccessToken) -> Self
    where
        S: Stream<Item = std::result::Result<bytes::Bytes, E>> + Unpin,
        E: Into<reqwest::Error>,
    {
        let mut body = body;
        let mut read = Vec::new();
        while read.len() < ERROR_BODY_LIMIT {
            match body.next().await {
                Some(Ok(chunk)) => {
                    let room = ERROR_BODY_LIMIT - read.len();
                    read.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                Some(Err(source)) if read.is_empty() => return Self::unreadable(source.into()),
                Some(Err(_)) | None => break,
            }
        }
        Self::from_body(&read, token)
    }

    fn unreadable(source: reqwest::Error) -> Self {
        Self {
            meta_code: None,
            api_errors: None,
            body_excerpt: None,
            source: Some(Box::new(source.without_url())),
        }
    }

    fn into_error(self, status: StatusCode) -> Error {
        let mut err = Error::new(ErrorKind::Api);
        err.0.status = Some(status);
        err.0.meta_code = self.meta_code;
        err.0.api_errors = self.api_errors;
        err.0.body_excerpt = self.body_excerpt;
        err.0.source = self.source;
        err
    }
}

/// Why a success body did not decode: the decoder's message, with the token
/// redacted from any value it quotes.
#[derive(Debug)]
struct DecodeFailure(String);

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeFailure {}

/// An attempt that got no complete answer within the client's timeout
/// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
#[derive(Debug)]
struct AttemptTimedOut {
    limit: Duration,
}

impl fmt::Display for AttemptTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no complete answer within the timeout of {:?}", self.limit)
    }
}

impl std::error::Error for AttemptTimedOut {}

/// `text` with every occurrence of the token replaced.
fn redact(text: &str, token: &AccessToken) -> String {
    let secret = token.expose();
    if secret.is_empty() {
        text.to_owned()
    } else {
        text.replace(secret, REDACTED)
    }
}

impl ApiErrors {
    fn redacted(self, token: &AccessToken) -> Self {
        match self {
            Self::Messages(list) => Self::Messages(list.iter().map(|m| redact(m, token)).collect()),
            Self::Fields(map) => Self::Fields(
                map.into_iter()
                    .map(|(field, message)| (redact(&field, token), redact(&message, token)))
                    .collect(),
            ),
        }
    }
}

/// The body's text with the token redacted, trimmed and cut to at most 300
/// characters.
fn excerpt(body: &[u8], token: &AccessToken) -> Option<String> {
    let text = redact(&String::from_utf8_lossy(body), token);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut cut: String = text.chars().take(BODY_EXCERPT_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    Some(cut)
}

/// A `Retry-After` header as seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3t-token-value";

    fn token() -> AccessToken {
        AccessToken::new(SECRET)
    }

    #[test]
    fn an_echoed_token_is_redacted_from_excerpts_and_messages() {
        let page = format!("<html>X-Access-Token: {SECRET}<br>{SECRET}</html>");
        let err = Details::from_body(page.as_bytes(), &token()).into_error(StatusCode::BAD_GATEWAY);
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains("X-Access-Token: <redacted>"), "{shown}");

        let body = format!(r#"{{"meta":{{"code":400,"errors":["bad token {SECRET}"]}}}}"#);
        let err = Details::from_body(body.as_bytes(), &token()).into_error(StatusCode::BAD_REQUEST);
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(SECRET), "{shown}");
        assert_eq!(
            err.api_errors(),
            Some(&ApiErrors::Messages(vec!["bad token <redacted>".into()]))
        );

        let body = format!(r#"{{"meta":{{"code":400,"errors":{{"{SECRET}":"echo {SECRET}"}}}}}}"#);
        let err = Details::from_body(body.as_bytes(), &token()).into_error(StatusCode::BAD_REQUEST);
        assert!(!format!("{err} {err:?}").contains(SECRET));
    }

    #[tokio::test]
    async fn only_the_start_of_a_failure_body_is_read() {
        let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = read.clone();
        let chunks = futures::stream::iter(0..10_000).map(move |_| {
            counter.fetch_add(1024, std::sync::atomic::Ordering::Relaxed);
            Ok::<_, reqwest::Error>(bytes::Bytes::from(vec![b'x'; 1024]))
        });
        let details = Details::from_stream(Box::pin(chunks), &token()).await;
        let err = details.into_error(StatusCode::INTERNAL_SERVER_ERROR);
        assert!(read.load(std::sync::atomic::Ordering::Relaxed) <= ERROR_BODY_LIMIT);
        assert_eq!(
            err.body_excerpt().map(|b| b.chars().count()),
            Some(BODY_EXCERPT_CHARS + 1)
        );
        assert!(err.is_retryable(), "a 500 is transient");
    }

    #[test]
    fn envelopes_with_a_map_keep_their_fields() {
        let details = Details::from_body(
            br#"{"response":null,"meta":{"code":400,"errors":{"filter":"cannot be blank"}}}"#,
            &token(),
        );
        let err = details.into_error(StatusCode::BAD_REQUEST);
        assert_eq!(err.meta_code(), Some(400));
        assert_eq!(
            err.api_errors().and_then(|e| e.field("filter")),
            Some("cannot be blank")
        );
        assert_eq!(
            err.to_string(),
            "GroupMe answered 400 Bad Request: filter: cannot be blank"
        );
    }

    #[test]
    fn html_pages_are_cut_to_an_excerpt() {
        let page = format!("<html><body>{}</body></html>", "x".repeat(1000));
        let err = Details::from_body(page.as_bytes(), &token()).into_error(StatusCode::BAD_GATEWAY);
        let body = err.body_excerpt().expect("excerpt");
        assert_eq!(body.chars().count(), BODY_EXCERPT_CHARS + 1);
        assert!(body.starts_with("<html>"));
        assert!(err.is_retryable());
        assert!(err.api_errors().is_none());
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = std::time::SystemTime::now() + Duration::from_secs(120);
        headers.insert(RETRY_AFTER, httpdate::fmt_http_date(later).parse().unwrap());
        let delay = retry_after(&headers).expect("date parsed");
        assert!(
            delay > Duration::from_secs(100) && delay <= Duration::from_secs(120),
            "{delay:?}"
        );
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn predicates_follow_the_status() {
        let err = Details::from_body(b"", &token()).into_error(StatusCode::TOO_MANY_REQUESTS);
        assert!(err.is_rate_limited() && err.is_retryable() && !err.is_unauthorized());
        let err = Details::from_body(b"", &token()).into_error(StatusCode::from_u16(420).unwrap());
        assert!(err.is_rate_limited());
        let err = Details::from_body(br#"{"meta":{"code":401,"errors":["unauthorized"]}}"#, &token())
            .into_error(StatusCode::UNAUTHORIZED);
        assert!(err.is_unauthorized() && !err.is_retryable());
        assert_eq!(
            err.api_errors(),
            Some(&ApiErrors::Messages(vec!["unauthorized".into()]))
        );
    }
}
