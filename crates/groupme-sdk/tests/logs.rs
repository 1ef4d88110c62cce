//! What the client logs: with every span and event printed at the most
//! verbose level, the logs of a success, an API error with retries and a
//! connection failure name the operations and statuses but never the token.
//!
//! A test binary of its own with a single test, so that its global
//! subscriber sees every span: tracing caches per call site whether anyone
//! listens, and a scoped subscriber in a busy test binary races with that
//! cache.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::{Client, MemberFilter, RetryPolicy};
use httpmock::MockServer;
use serde_json::json;
use tracing::Level;
use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::prelude::*;

const TOKEN: &str = "SENTINEL-TOKEN-for-the-logs-5678";

/// A writer that keeps everything the subscriber prints.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn debug_logs_name_operations_and_statuses_but_never_the_token() {
    let logs = Captured::default();
    // Everything at TRACE, reqwest and hyper included, except the mock
    // server's own logs, which print the requests it receives.
    let everything_but_the_mock_server = Targets::new()
        .with_default(Level::TRACE)
        .with_target("httpmock", LevelFilter::OFF);
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_span_events(FmtSpan::CLOSE)
                .with_ansi(false)
                .with_writer({
                    let logs = logs.clone();
                    move || logs.clone()
                }),
        )
        .with(everything_but_the_mock_server)
        .init();

    let server = MockServer::start_async().await;
    let me = server.get_me(|when, then| {
        when.into_inner().header("x-access-token", TOKEN);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "response": { "id": "1", "name": "Marlow Pike" },
                "meta": { "code": 200 }
            }));
    });
    let limited = server.list_members(|_, then| {
        then.into_inner().status(429).body("slow down");
    });
    let client = Client::builder(TOKEN)
        .base_urls(server.base_url(), server.base_url())
        .retry(RetryPolicy::standard().backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .expect("client");

    client.me().await.expect("me succeeds");
    let limited_err = client
        .group("g1")
        .members()
        .list(MemberFilter::Active)
        .await
        .unwrap_err();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    let offline = Client::builder(TOKEN)
        .base_urls(format!("http://{closed}/v3"), format!("http://{closed}/v2"))
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client");
    let offline_err = offline.me().await.unwrap_err();

    me.assert();
    limited.assert_calls(3);
    assert!(limited_err.is_rate_limited() && offline_err.is_transport());
    let printed = String::from_utf8(logs.0.lock().expect("log buffer").clone()).expect("UTF-8 logs");
    assert!(
        !printed.contains(TOKEN),
        "the access token leaked into the logs:\n{printed}"
    );
    for expected in [
        "groupme.request",
        "operation=\"get_me\"",
        "operation=\"list_members\"",
        "status=200",
        "status=429",
        "duration_ms=",
        "retrying",
        "error=\"connect\"",
    ] {
        assert!(
            printed.contains(expected),
            "the logs lack {expected:?}:\n{printed}"
        );
    }
}
