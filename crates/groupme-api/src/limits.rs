//! What a response may cost: successful bodies are read only up to a limit,
//! redirects never leave the host they started on, and the status of the
//! last answer can be observed by the caller even when its body fails to
//! decode.

use std::cell::Cell;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures::StreamExt;
use futures::stream::{self, BoxStream};
use reqwest::StatusCode;

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

thread_local! {
    /// The status of the answer last received by a request hook on this
    /// thread, during the poll of an [`ObserveStatus`].
    static LAST_STATUS: Cell<Option<StatusCode>> = const { Cell::new(None) };
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
pub fn observe_status<F: Future>(request: F) -> ObserveStatus<F> {
    ObserveStatus {
        request,
        status: None,
    }
}

pin_project_lite::pin_project! {
    /// The future of [`observe_status`]: `request`, held once, with the
    /// status its request hook noted.
    ///
    /// Every poll of `request` runs on one thread, and the hook notes the
    /// status during such a poll, so a thread-local slot cleared before the
    /// poll and read after it sees only this request's answers. A nested
    /// `ObserveStatus` keeps its own and leaves the outer slot as it was.
    /// It is one thin layer over `request`, which matters because every
    /// layer of a future is copied whenever the future moves (see
    /// BENCHMARKS.md, "Throughput under concurrency").
    #[must_use = "futures do nothing unless polled"]
    pub struct ObserveStatus<F> {
        #[pin]
        request: F,
        status: Option<StatusCode>,
    }
}

impl<F: Future> Future for ObserveStatus<F> {
    type Output = (F::Output, Option<StatusCode>);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let outer = LAST_STATUS.replace(None);
        let polled = this.request.poll(cx);
        if let Some(status) = LAST_STATUS.replace(outer) {
            *this.status = Some(status);
        }
        polled.map(|output| (output, *this.status))
    }
}

impl<F> fmt::Debug for ObserveStatus<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObserveStatus")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Notes `status` for an enclosing [`observe_status`], if there is one.
pub(crate) fn note_status(status: StatusCode) {
    LAST_STATUS.set(Some(status));
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
    // The length hyper parsed from `Content-Length`, when the body has one.
    match response.content_length() {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A request whose hook notes `status` on its first poll, which then
    /// waits once (another task's request runs in between) and finishes.
    fn request(status: u16) -> impl Future<Output = &'static str> {
        let mut polls = 0;
        std::future::poll_fn(move |cx| {
            polls += 1;
            if polls == 1 {
                note_status(StatusCode::from_u16(status).expect("a valid status"));
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            Poll::Ready("done")
        })
    }

    #[test]
    fn the_status_noted_in_an_earlier_poll_is_returned() {
        let (output, status) = futures::executor::block_on(observe_status(request(422)));
        assert_eq!(output, "done");
        assert_eq!(status, Some(StatusCode::UNPROCESSABLE_ENTITY));
    }

    #[test]
    fn requests_on_one_thread_do_not_see_each_others_status() {
        let (first, second) = futures::executor::block_on(futures::future::join(
            observe_status(request(200)),
            observe_status(request(503)),
        ));
        assert_eq!(first.1, Some(StatusCode::OK));
        assert_eq!(second.1, Some(StatusCode::SERVICE_UNAVAILABLE));
    }

    #[test]
    fn a_nested_observer_keeps_its_own_status_and_the_outer_one_sees_its_own() {
        let outer = async {
            let (_, inner) = observe_status(request(404)).await;
            let _ = request(201).await;
            inner
        };
        let (inner, outer) = futures::executor::block_on(observe_status(outer));
        assert_eq!(inner, Some(StatusCode::NOT_FOUND));
        assert_eq!(outer, Some(StatusCode::CREATED));
    }

    #[test]
    fn a_request_that_received_no_answer_has_no_status() {
        note_status(StatusCode::IM_A_TEAPOT);
        let (_, status) = futures::executor::block_on(observe_status(async { "no request sent" }));
        assert_eq!(status, None);
    }
}
