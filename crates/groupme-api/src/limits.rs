//! What a response may cost: successful bodies are read only up to a limit,
//! redirects never leave the host they started on, and the status of the
//! last answer can be observed by the caller even when its body fails to
//! decode.

use std::cell::Cell;
use std::fmt;

use bytes::Bytes;
use futures::stream::{self, BoxStream};
use futures::{FutureExt, StreamExt};
use reqwest::StatusCode;
use reqwest::header::CONTENT_LENGTH;

/// The largest successful body read by default: 32 MiB, far above any
/// documented GroupMe answer (a 5,000-member index is about 1.5 MB).
pub const DEFAULT_MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// What a body stream may fail with.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The most redirects followed, all on the same scheme, host and port.
const MAX_REDIRECTS: usize = 10;

/// A successful body was larger than the client reads.
///
/// It is the source of the `reqwest` body error that reading such a body
/// fails with; nothing past `limit` bytes is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTooLarge {
    /// The limit in bytes.
    pub limit: u64,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the response body is larger than the {} bytes this client reads",
            self.limit
        )
    }
}

impl std::error::Error for BodyTooLarge {}

/// Finds a [`BodyTooLarge`] among `err`'s sources.
pub fn body_too_large(err: &(dyn std::error::Error + 'static)) -> Option<BodyTooLarge> {
    let mut current = Some(err);
    while let Some(err) = current {
        if let Some(found) = err.downcast_ref::<BodyTooLarge>() {
            return Some(*found);
        }
        current = err.source();
    }
    None
}

/// The redirect policy every client of this crate should use: redirects
/// are followed only while they stay on the scheme, host and port they
/// started on, because `reqwest` strips `Authorization` and cookies on a
/// cross-host redirect, but not `X-Access-Token`. A redirect elsewhere is
/// not followed; its `3xx` answer comes back as it is.
///
/// ```
/// let http = reqwest::Client::builder()
///     .redirect(groupme_api::redirect_policy())
///     .build()
///     .unwrap();
/// # drop(http);
/// ```
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.stop();
        };
        let next = attempt.url();
        let same_origin = next.scheme() == first.scheme()
            && next.host_str() == first.host_str()
            && next.port_or_known_default() == first.port_or_known_default();
        if !same_origin || attempt.previous().len() > MAX_REDIRECTS {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// A `reqwest` client builder with [`redirect_policy`], the one to start
/// from when giving a generated client an HTTP client of your own.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder().redirect(redirect_policy())
}

tokio::task_local! {
    static LAST_STATUS: Cell<Option<StatusCode>>;
}

/// Runs `request` and returns its output with the HTTP status of the last
/// answer received while it ran, if any. Use it around a generated call
/// whose body may fail to decode: the decode error itself carries no status.
///
/// ```no_run
/// # async fn run(client: groupme_api::v3::Client) {
/// let (result, status) = groupme_api::observe_status(client.get_me().send()).await;
/// if result.is_err() {
///     println!("failed; the server answered {status:?}");
/// }
/// # }
/// ```
///
/// The future it returns holds `request` once, with a few bytes around
/// it. (As an `async fn`, or with an `async` block awaiting `request`, it
/// would hold it two or three times over, and every move of the caller's
/// future would copy that much more; see BENCHMARKS.md, "Throughput under
/// concurrency".)
pub fn observe_status<F: Future>(request: F) -> impl Future<Output = (F::Output, Option<StatusCode>)> {
    // `map` runs inside the scope's poll, so the status is still readable.
    LAST_STATUS.scope(
        Cell::new(None),
        request.map(|output| (output, LAST_STATUS.with(Cell::get))),
    )
}

/// Notes `status` for an enclosing [`observe_status`], if there is one.
pub(crate) fn note_status(status: StatusCode) {
    let _ = LAST_STATUS.try_with(|last| last.set(Some(status)));
}

/// Caps a successful answer's body at `limit` bytes. Error answers are left
/// alone: whoever reads them reads only an excerpt.
///
/// A declared `Content-Length` over the limit fails at once, without
/// reading; a body of unknown length fails as soon as it passes the limit.
/// A body within its declared length needs no watching: the HTTP layer
/// never yields more than the length declared.
pub(crate) fn cap_success_body(response: reqwest::Response, limit: u64) -> reqwest::Response {
    if !(response.status().is_success() || response.status().is_redirection()) {
        return response;
    }
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    match declared {
        Some(length) if length <= limit => response,
        Some(_) => replace_body(response, |_| {
            reqwest::Body::wrap_stream(stream::once(
                async move { Err::<Bytes, _>(BodyTooLarge { limit }) },
            ))
        }),
        None => replace_body(response, |body| {
            let mut seen = 0_u64;
            reqwest::Body::wrap_stream(body.map(move |chunk| -> Result<Bytes, BoxError> {
                let chunk = chunk?;
                seen += chunk.len() as u64;
                if seen > limit {
                    return Err(Box::new(BodyTooLarge { limit }));
                }
                Ok(chunk)
            }))
        }),
    }
}

/// Rebuilds `response` with its body passed through `wrap`; status,
/// version, headers and URL are kept.
fn replace_body(
    response: reqwest::Response,
    wrap: impl FnOnce(BoxStream<'static, reqwest::Result<Bytes>>) -> reqwest::Body,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version())
        .url(response.url().clone());
    if let Some(headers) = builder.headers_mut() {
        headers.clone_from(response.headers());
    }
    let body = wrap(response.bytes_stream().boxed());
    reqwest::Response::from(
        builder
            .body(body)
            .expect("status and headers came from a valid response"),
    )
}
