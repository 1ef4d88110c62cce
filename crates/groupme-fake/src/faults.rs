//! Fault injection: GroupMe's bad days, on demand.
//!
//! A bot that only ever met a healthy GroupMe has not been tested. The fake
//! can answer some requests the way an overloaded or broken GroupMe (or a
//! proxy in front of it) does: rate limits with and without `Retry-After`,
//! HTML error pages from a gateway, connections that drop, bodies that
//! trickle in and JSON that stops half-way. Each [`Fault`] is armed by a
//! [`FaultRule`] that says when it fires (on a share of requests, or on the
//! next few) and optionally for which route; a [`FaultPlan`] holds the rules
//! and the seed of the random draws, so that a run with a share of failures
//! can be replayed exactly.
//!
//! The faults sit in front of every route, present and future, and in front
//! of unknown paths too. Rules are tried in the order they were added; the
//! first one that matches the request and fires decides its fault, and the
//! others are not consulted (so a "next N" rule behind a rule that fired is
//! not used up). A request no rule fires for is served normally.
//!
//! Arrange faults when building the fake, or change them while it runs
//! through [`FakeState`]:
//!
//! ```
//! use std::time::Duration;
//! use groupme_fake::{FakeGroupMe, Fault, FaultPlan, FaultRule};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A fifth of all requests are rate limited, reproducibly.
//! let rate_limited = Fault::RateLimited { retry_after: Some(Duration::from_secs(2)) };
//! let fake = FakeGroupMe::builder()
//!     .faults(FaultPlan::new().seed(7).rule(FaultRule::with_probability(rate_limited, 0.2)?))
//!     .start()
//!     .await?;
//!
//! // Later: the next two member listings fail with a gateway's HTML page.
//! fake.state().set_fault_plan(FaultPlan::new().rule(
//!     FaultRule::next(Fault::ServerError(groupme_fake::ServerErrorStatus::BadGateway), 2)
//!         .on_route("GET /v3/groups/{group_id}/members")?,
//! ));
//! assert_eq!(fake.state().faults_injected(), 0);
//! fake.shutdown().await?;
//! # Ok(())
//! # }
//! ```

use std::convert::Infallible;
use std::fmt;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use futures::StreamExt as _;

use crate::reply::ApiError;
use crate::state::FakeState;

/// How many pieces a [`Fault::SlowBody`] answer is sent in.
pub const SLOW_BODY_PIECES: u32 = 4;

/// The body a [`Fault::TruncatedJson`] cuts when the route's own answer
/// had no body.
const EMPTY_ANSWER: &[u8] = br#"{"response":null,"meta":{"code":200}}"#;

/// One way for a request to go wrong.
///
/// [`RateLimited`](Self::RateLimited), [`ServerError`](Self::ServerError)
/// and [`ResetConnection`](Self::ResetConnection) answer without reaching
/// the route, so the request changes nothing.
/// [`SlowBody`](Self::SlowBody) and [`TruncatedJson`](Self::TruncatedJson)
/// let the route do its work and then spoil its answer, so the change is
/// made although the client may never learn of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `429 Too Many Requests` with GroupMe's error envelope. With
    /// `retry_after`, a `Retry-After` header gives it in whole seconds
    /// (rounded up); without, there is no such header, which is what
    /// GroupMe usually sends.
    RateLimited {
        /// The wait to announce in `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// A `5xx` with an HTML page rather than JSON, as a proxy or load
    /// balancer in front of GroupMe sends during an outage.
    ServerError(ServerErrorStatus),
    /// The connection is closed before any byte of the answer is sent: the
    /// client sees a transport error, never a status.
    ResetConnection,
    /// The route's own answer, whose status and headers come at once but
    /// whose body comes in [`SLOW_BODY_PIECES`] pieces, each `delay` after
    /// the one before (the first `delay` after the headers).
    SlowBody {
        /// The pause before each piece of the body.
        delay: Duration,
    },
    /// `200` with content type `application/json` and the first half of
    /// the route's body (of a small envelope if it had none), so the body
    /// arrives complete as far as HTTP is concerned but is not valid JSON.
    TruncatedJson,
}

/// The statuses of a [`Fault::ServerError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServerErrorStatus {
    /// `500 Internal Server Error`.
    InternalServerError,
    /// `502 Bad Gateway`.
    BadGateway,
    /// `503 Service Unavailable`.
    ServiceUnavailable,
    /// `504 Gateway Timeout`.
    GatewayTimeout,
}

impl ServerErrorStatus {
    /// Every status, in numeric order.
    pub const ALL: [Self; 4] = [
        Self::InternalServerError,
        Self::BadGateway,
        Self::ServiceUnavailable,
        Self::GatewayTimeout,
    ];

    /// The numeric status, such as `502`.
    pub const fn code(self) -> u16 {
        match self {
            Self::InternalServerError => 500,
            Self::BadGateway => 502,
            Self::ServiceUnavailable => 503,
            Self::GatewayTimeout => 504,
        }
    }

    /// The status with this number, if it is one of the four.
    pub fn from_code(code: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

    fn status_code(self) -> StatusCode {
        match self {
            Self::InternalServerError => StatusCode::INTERNAL_SERVER_ERROR,
            Self::BadGateway => StatusCode::BAD_GATEWAY,
            Self::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::GatewayTimeout => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    /// One sentence for the HTML page.
    fn explanation(self) -> &'static str {
        match self {
            Self::InternalServerError => "Something broke while handling your request.",
            Self::BadGateway => "The server behind this gateway sent an answer that made no sense.",
            Self::ServiceUnavailable => "The service is down for the moment; come back soon.",
            Self::GatewayTimeout => "The server behind this gateway took too long to answer.",
        }
    }
}

/// A fault could not be armed as asked.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultError {
    /// A probability outside `0..=1` (or not a number).
    #[error("fault probability must be a number from 0 to 1, got {0}")]
    Probability(f64),
    /// A route pattern that could not be read.
    #[error("fault route {pattern:?}: {reason}")]
    Route {
        /// The pattern as given.
        pattern: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// A [`Fault`], when it fires and for which requests.
///
/// ```
/// use groupme_fake::{Fault, FaultRule};
///
/// // The next three member adds, and only those, see a dropped connection.
/// let rule = FaultRule::next(Fault::ResetConnection, 3)
///     .on_route("POST /v3/groups/{group_id}/members/add")?;
/// # let _ = rule;
/// // Probabilities are checked.
/// assert!(FaultRule::with_probability(Fault::TruncatedJson, 1.5).is_err());
/// # Ok::<(), groupme_fake::FaultError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FaultRule {
    fault: Fault,
    trigger: Trigger,
    route: Option<RoutePattern>,
}

/// When a rule fires.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Trigger {
    /// On each matching request with this probability.
    Probability(f64),
    /// On this many further matching requests, then never.
    Next(u64),
}

impl FaultRule {
    /// Fires on every request it matches.
    pub fn always(fault: Fault) -> Self {
        Self {
            fault,
            trigger: Trigger::Probability(1.0),
            route: None,
        }
    }

    /// Fires on each request it matches with this probability, from `0`
    /// (never) to `1` (always), drawn from the plan's seeded generator.
    pub fn with_probability(fault: Fault, probability: f64) -> Result<Self, FaultError> {
        if !(0.0..=1.0).contains(&probability) {
            return Err(FaultError::Probability(probability));
        }
        Ok(Self {
            fault,
            trigger: Trigger::Probability(probability),
            route: None,
        })
    }

    /// Fires on the next `count` requests it matches, then is used up and
    /// removed; with `0` it never fires.
    pub fn next(fault: Fault, count: u64) -> Self {
        Self {
            fault,
            trigger: Trigger::Next(count),
            route: None,
        }
    }

    /// Matches only requests to this route; without, the rule matches every
    /// request.
    ///
    /// The pattern is an optional method and a path as requested, with the
    /// `/v3` or `/v2` prefix: `"GET /v3/groups/{group_id}/members"`. A
    /// segment in braces (or starting with `:`, as in GroupMe's docs) stands
    /// for any one segment; the query string is not looked at, and without
    /// a method every method matches.
    pub fn on_route(mut self, pattern: &str) -> Result<Self, FaultError> {
        self.route = Some(RoutePattern::parse(pattern)?);
        Ok(self)
    }

    /// The fault this rule injects.
    pub fn fault(&self) -> Fault {
        self.fault
    }
}

/// The rules in force and the seed of their random draws.
///
/// ```
/// use groupme_fake::{Fault, FaultPlan, FaultRule};
///
/// let plan = FaultPlan::new()
///     .seed(42)
///     .rule(FaultRule::with_probability(Fault::ResetConnection, 0.05)?)
///     .rule(FaultRule::with_probability(Fault::RateLimited { retry_after: None }, 0.1)?);
/// assert_eq!(plan.rules().len(), 2);
/// # Ok::<(), groupme_fake::FaultError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FaultPlan {
    rules: Vec<FaultRule>,
    seed: Option<u64>,
}

impl FaultPlan {
    /// No rules: every request is served normally.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a rule after those already there.
    #[must_use]
    pub fn rule(mut self, rule: FaultRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Seeds the random draws of probabilistic rules, so that the same
    /// requests in the same order meet the same faults. Without a seed the
    /// draws differ from run to run.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The rules, in the order they are tried.
    pub fn rules(&self) -> &[FaultRule] {
        &self.rules
    }
}

/// A route pattern: an optional method and the path's segments.
#[derive(Clone, Debug, PartialEq, Eq)]
struct RoutePattern {
    method: Option<Method>,
    segments: Vec<Segment>,
}

/// One segment of a route pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// Exactly this text.
    Literal(String),
    /// Any one segment.
    Any,
}

impl RoutePattern {
    fn parse(pattern: &str) -> Result<Self, FaultError> {
        let error = |reason| FaultError::Route {
            pattern: pattern.to_owned(),
            reason,
        };
        let trimmed = pattern.trim();
        let (method, path) = match trimmed.split_once(char::is_whitespace) {
            Some((method, path)) => {
                if !method.bytes().all(|byte| byte.is_ascii_alphabetic()) {
                    return Err(error("the method must be letters, such as GET"));
                }
                let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes())
                    .map_err(|_| error("the method must be letters, such as GET"))?;
                (Some(method), path.trim_start())
            }
            None => (None, trimmed),
        };
        if !path.starts_with('/') {
            return Err(error("the path must start with /"));
        }
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(error(
                "the path must be one path without query or spaces, such as /v3/users/me",
            ));
        }
        let segments = path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| {
                let braced = segment.len() > 2 && segment.starts_with('{') && segment.ends_with('}');
                let coloned = segment.len() > 1 && segment.starts_with(':');
                if braced || coloned {
                    Ok(Segment::Any)
                } else if segment.contains(['{', '}', ':']) {
                    Err(error("a placeholder must be a whole segment, such as {group_id}"))
                } else {
                    Ok(Segment::Literal(segment.to_owned()))
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { method, segments })
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        if self.method.as_ref().is_some_and(|wanted| wanted != method) {
            return false;
        }
        let mut asked = path.split('/').filter(|segment| !segment.is_empty());
        self.segments.iter().all(|segment| match (segment, asked.next()) {
            (Segment::Literal(literal), Some(asked)) => literal == asked,
            (Segment::Any, Some(_)) => true,
            (_, None) => false,
        }) && asked.next().is_none()
    }
}

/// The fault rules of a running fake and the count of faults injected.
pub(crate) struct FaultInjector {
    armed: Mutex<Armed>,
    injected: AtomicU64,
}

/// The rules still in force and the generator of their draws.
struct Armed {
    rules: Vec<FaultRule>,
    rng: fastrand::Rng,
}

impl Armed {
    fn new(plan: FaultPlan) -> Self {
        Self {
            rules: plan.rules,
            rng: plan
                .seed
                .map_or_else(fastrand::Rng::new, fastrand::Rng::with_seed),
        }
    }
}

impl fmt::Debug for FaultInjector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaultInjector")
            .field("rules", &self.armed().rules)
            .field("injected", &self.injected.load(Ordering::Relaxed))
            .finish()
    }
}

impl Default for FaultInjector {
    fn default() -> Self {
        Self {
            armed: Mutex::new(Armed::new(FaultPlan::new())),
            injected: AtomicU64::new(0),
        }
    }
}

impl FaultInjector {
    fn armed(&self) -> std::sync::MutexGuard<'_, Armed> {
        self.armed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fault for this request, if a rule fires; counts it.
    fn pick(&self, method: &Method, path: &str) -> Option<Fault> {
        let mut armed = self.armed();
        let Armed { rules, rng } = &mut *armed;
        let mut fired = None;
        for (index, rule) in rules.iter_mut().enumerate() {
            if rule
                .route
                .as_ref()
                .is_some_and(|route| !route.matches(method, path))
            {
                continue;
            }
            match &mut rule.trigger {
                Trigger::Probability(probability) => {
                    if rng.f64() < *probability {
                        fired = Some((index, rule.fault, false));
                        break;
                    }
                }
                Trigger::Next(0) => {}
                Trigger::Next(remaining) => {
                    *remaining -= 1;
                    fired = Some((index, rule.fault, *remaining == 0));
                    break;
                }
            }
        }
        let (index, fault, used_up) = fired?;
        if used_up {
            rules.remove(index);
        }
        self.injected.fetch_add(1, Ordering::Relaxed);
        Some(fault)
    }
}

/// Arranging and counting faults while the fake runs.
impl FakeState {
    /// Replaces the fault rules (and the seed of their draws) with `plan`;
    /// the count of injected faults goes on.
    pub fn set_fault_plan(&self, plan: FaultPlan) {
        *self.faults().armed() = Armed::new(plan);
    }

    /// Adds a rule after those in force, such as "the next 2 requests to
    /// this route fail".
    ///
    /// ```
    /// use groupme_fake::{FakeGroupMe, Fault, FaultRule};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = FakeGroupMe::start().await?;
    /// fake.state().add_fault(
    ///     FaultRule::next(Fault::RateLimited { retry_after: None }, 2).on_route("GET /v3/users/me")?,
    /// );
    /// # fake.shutdown().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_fault(&self, rule: FaultRule) {
        self.faults().armed().rules.push(rule);
    }

    /// Removes every fault rule: from now on every request is served
    /// normally. The count of injected faults stays.
    pub fn clear_faults(&self) {
        self.faults().armed().rules.clear();
    }

    /// The rules still in force, in the order they are tried; a "next N"
    /// rule shows how many requests it has left and is gone once used up.
    pub fn fault_rules(&self) -> Vec<FaultRule> {
        self.faults().armed().rules.clone()
    }

    /// How many requests have been answered with a fault since the fake
    /// started.
    pub fn faults_injected(&self) -> u64 {
        self.faults().injected.load(Ordering::Relaxed)
    }
}

/// Puts fault injection in front of every route of `app`, including its
/// fallback.
pub(crate) fn in_front_of(app: Router, fake: FakeState) -> Router {
    app.layer(middleware::from_fn_with_state(fake, inject))
}

/// The middleware: answers with a fault if a rule fires, else passes the
/// request on.
async fn inject(State(fake): State<FakeState>, request: Request, next: Next) -> Response {
    let Some(fault) = fake.faults().pick(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    match fault {
        Fault::RateLimited { retry_after } => rate_limited(retry_after),
        Fault::ServerError(status) => server_error(status),
        Fault::ResetConnection => reset_connection(),
        Fault::SlowBody { delay } => slow_body(next.run(request).await, delay).await,
        Fault::TruncatedJson => truncated_json(next.run(request).await).await,
    }
}

fn rate_limited(retry_after: Option<Duration>) -> Response {
    let mut response =
        ApiError::message(StatusCode::TOO_MANY_REQUESTS, "too many requests, slow down").into_response();
    if let Some(wait) = retry_after {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

fn server_error(status: ServerErrorStatus) -> Response {
    let code = status.status_code();
    let title = format!(
        "{} {}",
        code.as_u16(),
        code.canonical_reason().unwrap_or("Server Error")
    );
    let page = format!(
        "<!DOCTYPE html>\n<html>\n<head><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<p>{}</p>\n<hr><p>fake-gateway</p>\n</body>\n</html>\n",
        status.explanation()
    );
    (code, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// An answer whose body fails before its first byte: the server closes the
/// connection without having sent the status line.
fn reset_connection() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, _>(io::Error::new(
            io::ErrorKind::ConnectionReset,
            "fault injected: connection reset",
        ))
    });
    Response::new(Body::from_stream(failing))
}

/// The route's body, or `None` (and the connection dropped instead) if it
/// could not be read.
async fn whole_body(body: Body) -> Option<Bytes> {
    axum::body::to_bytes(body, usize::MAX).await.ok()
}

async fn slow_body(response: Response, delay: Duration) -> Response {
    let (mut parts, body) = response.into_parts();
    let Some(body) = whole_body(body).await else {
        return reset_connection();
    };
    // The length is unchanged, but sending it chunked is as likely.
    parts.headers.remove(header::CONTENT_LENGTH);
    let pieces = split(&body, SLOW_BODY_PIECES);
    let trickle = futures::stream::iter(pieces).then(move |piece| async move {
        tokio::time::sleep(delay).await;
        Ok::<_, Infallible>(piece)
    });
    Response::from_parts(parts, Body::from_stream(trickle))
}

/// `body` in `count` pieces of nearly equal length (some empty if it is
/// shorter than `count`).
fn split(body: &Bytes, count: u32) -> Vec<Bytes> {
    let count = count as usize;
    let size = body.len().div_ceil(count);
    (0..count)
        .map(|index| {
            let start = (index * size).min(body.len());
            let end = (start + size).min(body.len());
            body.slice(start..end)
        })
        .collect()
}

async fn truncated_json(response: Response) -> Response {
    let Some(body) = whole_body(response.into_body()).await else {
        return reset_connection();
    };
    let whole = if body.is_empty() {
        Bytes::from_static(EMPTY_ANSWER)
    } else {
        body
    };
    let half = whole.slice(..whole.len() / 2);
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], half).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(pattern: &str) -> RoutePattern {
        RoutePattern::parse(pattern).unwrap()
    }

    #[test]
    fn route_patterns_match_method_and_segments() {
        let members = route("GET /v3/groups/{group_id}/members");
        assert!(members.matches(&Method::GET, "/v3/groups/1234/members"));
        assert!(members.matches(&Method::GET, "/v3/groups/1234/members/"));
        assert!(!members.matches(&Method::POST, "/v3/groups/1234/members"));
        assert!(!members.matches(&Method::GET, "/v3/groups/1234/members/add"));
        assert!(!members.matches(&Method::GET, "/v3/groups/members"));
        assert!(!members.matches(&Method::GET, "/v2/groups/1234/members"));

        let any_method = route("/v3/groups/:group_id/members/add");
        assert!(any_method.matches(&Method::POST, "/v3/groups/1/members/add"));
        assert!(any_method.matches(&Method::GET, "/v3/groups/1/members/add"));

        assert!(route("post /v3/users/update").matches(&Method::POST, "/v3/users/update"));
    }

    #[test]
    fn bad_route_patterns_say_what_is_wrong() {
        for (pattern, reason) in [
            ("v3/users/me", "start with /"),
            ("GET v3/users/me", "start with /"),
            ("G3T /v3/users/me", "method"),
            ("/v3/users/me?x=1", "without query"),
            ("/v3/groups/id{x}", "whole segment"),
            ("", "start with /"),
        ] {
            let error = RoutePattern::parse(pattern).unwrap_err().to_string();
            assert!(error.contains(reason), "{pattern:?}: {error}");
            assert!(error.contains(&format!("{pattern:?}")), "{error}");
        }
    }

    #[test]
    fn probabilities_outside_zero_to_one_are_refused() {
        for probability in [-0.1, 1.01, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                FaultRule::with_probability(Fault::TruncatedJson, probability),
                Err(FaultError::Probability(_))
            ));
        }
        for probability in [0.0, 0.5, 1.0] {
            assert!(FaultRule::with_probability(Fault::TruncatedJson, probability).is_ok());
        }
    }

    #[test]
    fn next_n_rules_are_used_up_and_removed() {
        let injector = FaultInjector::default();
        *injector.armed() = Armed::new(FaultPlan::new().rule(FaultRule::next(Fault::ResetConnection, 2)));
        assert_eq!(
            injector.pick(&Method::GET, "/v3/users/me"),
            Some(Fault::ResetConnection)
        );
        assert_eq!(injector.armed().rules[0].trigger, Trigger::Next(1));
        assert_eq!(
            injector.pick(&Method::GET, "/v3/users/me"),
            Some(Fault::ResetConnection)
        );
        assert!(injector.armed().rules.is_empty());
        assert_eq!(injector.pick(&Method::GET, "/v3/users/me"), None);
        assert_eq!(injector.injected.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn split_keeps_every_byte_in_order() {
        let body = Bytes::from_static(b"0123456789");
        let pieces = split(&body, 4);
        assert_eq!(pieces.len(), 4);
        assert_eq!(pieces.concat(), b"0123456789");
        assert!(pieces.iter().all(|piece| piece.len() <= 3));
        assert_eq!(split(&Bytes::new(), 4).concat(), b"");
    }

    #[test]
    fn retry_after_is_rounded_up_to_whole_seconds() {
        let response = rate_limited(Some(Duration::from_millis(1500)));
        assert_eq!(response.headers()[header::RETRY_AFTER], "2");
        let response = rate_limited(Some(Duration::from_secs(3)));
        assert_eq!(response.headers()[header::RETRY_AFTER], "3");
        assert!(rate_limited(None).headers().get(header::RETRY_AFTER).is_none());
    }
}
