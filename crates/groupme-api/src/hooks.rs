//! Request hooks shared by the generated clients: the token header added,
//! successful bodies capped, the status noted for
//! [`observe_status`](crate::observe_status), and, when a subscriber listens
//! at debug level, one tracing span per request that never records the
//! token.

use std::time::Instant;

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use tracing::Instrument;

use crate::Auth;
use crate::limits;

macro_rules! hooks {
    ($($client:ty),+) => {$(
        impl ClientHooks<Auth> for $client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                _info: &OperationInfo,
            ) -> Result<(), Error<E>> {
                self.inner().authorize(request);
                Ok(())
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                info: &OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                // Checked first, and the traced future boxed, so that a
                // request nobody traces costs no span and its future stays
                // small (see BENCHMARKS.md, "Throughput under concurrency").
                let response = if tracing::span_enabled!(tracing::Level::DEBUG) {
                    Box::pin(traced(self.client(), request, info)).await?
                } else {
                    self.client().execute(request).await?
                };
                limits::note_status(response.status());
                Ok(limits::cap_success_body(response, self.inner().body_limit()))
            }
        }
    )+};
}

hooks!(
    crate::v3::Client,
    crate::v2::Client,
    crate::v4::Client,
    crate::image::Client,
    crate::file::Client,
    crate::video::Client
);

/// Sends `request` inside a span that records the operation, method, path,
/// status and duration. The query string (where a token could hide) and the
/// headers are never recorded.
async fn traced(
    http: &reqwest::Client,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let span = tracing::debug_span!(
        "groupme.request",
        operation = info.operation_id,
        method = %request.method(),
        path = request.url().path(),
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = Instant::now();
    let result = http.execute(request).instrument(span.clone()).await;
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    match &result {
        Ok(response) => {
            span.record("status", response.status().as_u16());
            tracing::debug!(parent: &span, "response received");
        }
        Err(err) => tracing::debug!(parent: &span, error = failure_kind(err), "request failed"),
    }
    result
}

/// A short description of a transport failure that, unlike the error's own
/// `Display`, never includes the URL.
fn failure_kind(err: &reqwest::Error) -> &'static str {
    if err.is_timeout() {
        "timeout"
    } else if err.is_connect() {
        "connect"
    } else if err.is_body() || err.is_decode() {
        "body"
    } else {
        "request"
    }
}
