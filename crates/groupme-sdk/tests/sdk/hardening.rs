//! What a hostile or broken server cannot do to the client: take the token
//! elsewhere with a redirect, make it keep an echoed token, make it read an
//! unbounded body or wait forever for one, or make a member add's waiter
//! lose track of an add that was accepted.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::{StreamExt, stream};
use groupme_sdk::{ErrorKind, NewMember, ResultsId, RetryPolicy, StartedAdd};
use serde_json::json;

use crate::common::*;

/// A loopback server that records whether the token reached it.
struct Elsewhere {
    base_url: String,
    token_seen: Arc<AtomicUsize>,
    hits: Arc<AtomicUsize>,
}

impl Elsewhere {
    async fn start() -> Self {
        let token_seen = Arc::new(AtomicUsize::new(0));
        let hits = Arc::new(AtomicUsize::new(0));
        let (seen, counted) = (token_seen.clone(), hits.clone());
        let app = axum::Router::new().fallback(move |headers: HeaderMap| {
            let (seen, counted) = (seen.clone(), counted.clone());
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                if headers.contains_key("x-access-token") {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
                axum::Json(json!({ "meta": { "code": 200 }, "response": null }))
            }
        });
        let base_url = serve(app).await;
        Self {
            base_url,
            token_seen,
            hits,
        }
    }
}

/// Serves `app` on a free loopback port; returns its base URL.
async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    base_url
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_the_token_stays() {
    for status in [302, 307] {
        let api = Api::start().await;
        let elsewhere = Elsewhere::start().await;
        let redirect = api.v3.mock(|when, then| {
            when.path("/users/me");
            then.status(status)
                .header("location", format!("{}/steal", elsewhere.base_url));
        });

        for client in [
            api.client(),
            api.builder()
                .http_client(reqwest::Client::builder())
                .build()
                .expect("client"),
        ] {
            let err = fails(client.me().await);
            assert!(err.is_redirected(), "{status}: {err:?}");
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
            assert!(!err.is_retryable());
        }
        redirect.assert_calls(2);
        assert_eq!(elsewhere.hits.load(Ordering::SeqCst), 0, "{status}: followed");
        assert_eq!(elsewhere.token_seen.load(Ordering::SeqCst), 0);
    }
}

#[tokio::test]
async fn the_generated_clients_own_constructor_follows_no_cross_host_redirect() {
    let api = Api::start().await;
    let elsewhere = Elsewhere::start().await;
    api.v3.mock(|when, then| {
        when.path("/users/me");
        then.status(302)
            .header("location", format!("{}/steal", elsewhere.base_url));
    });
    let client = groupme_api::v3::Client::with_token(&api.v3.base_url(), &TOKEN.into()).expect("client");
    let outcome = client.get_me().send().await;
    assert!(outcome.is_err(), "a 302 is not a success");
    assert_eq!(elsewhere.token_seen.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_redirect_on_the_same_host_is_followed() {
    let api = Api::start().await;
    api.v3.mock(|when, then| {
        when.path("/users/me");
        then.status(307).header("location", "/users/me-moved");
    });
    let moved = api.v3.mock(|when, then| {
        sent(when, "/users/me-moved", &[]);
        then.status(200).json_body(envelope(200, user_json()));
    });
    let me = succeeds(api.client().me().await);
    moved.assert();
    assert_eq!(me.id, user_json()["id"].as_str().unwrap());
}

#[tokio::test]
async fn a_token_echoed_in_an_error_body_is_redacted() {
    let api = Api::start().await;
    api.v3.mock(|when, then| {
        when.path("/users/me");
        then.status(502).header("content-type", "text/html").body(format!(
            "<html><pre>GET /users/me\nX-Access-Token: {TOKEN}</pre></html>"
        ));
    });
    api.v3.mock(|when, then| {
        when.path("/groups/1/members");
        then.status(400)
            .json_body(error_envelope(400, json!([format!("token {TOKEN} is odd")])));
    });
    let client = api
        .builder()
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client");

    let err = fails(client.me().await);
    assert!(
        err.body_excerpt()
            .expect("excerpt")
            .contains("X-Access-Token: <redacted>")
    );
    let err = fails(
        client
            .group("1")
            .members()
            .list(groupme_sdk::MemberFilter::Active)
            .await,
    );
    assert_eq!(
        err.api_errors().map(ToString::to_string).as_deref(),
        Some("token <redacted> is odd")
    );
}

/// A server whose `/v3/users/me` answers `size` bytes of a user envelope
/// padded with spaces, with or without a `Content-Length`.
async fn large_body_server(size: usize, declared: bool, status: StatusCode) -> String {
    let app = axum::Router::new().route(
        "/v3/users/me",
        get(move || async move {
            let head = serde_json::to_vec(&envelope(200, user_json())).expect("json");
            let chunk = vec![b' '; 64 * 1024];
            let chunks = size / chunk.len();
            let body_stream = stream::iter(
                std::iter::once(head)
                    .chain(std::iter::repeat_n(chunk, chunks))
                    .map(Ok::<_, std::io::Error>),
            );
            let mut response = Response::new(Body::from_stream(body_stream));
            *response.status_mut() = status;
            if declared {
                let length = serde_json::to_vec(&envelope(200, user_json()))
                    .expect("json")
                    .len()
                    + chunks * 64 * 1024;
                response
                    .headers_mut()
                    .insert("content-length", length.to_string().parse().expect("header"));
            }
            response.into_response()
        }),
    );
    serve(app).await
}

#[tokio::test]
async fn a_success_body_past_the_limit_fails_typed_with_or_without_a_length() {
    for declared in [true, false] {
        let base = large_body_server(4 * 1024 * 1024, declared, StatusCode::OK).await;
        let client = groupme_sdk::Client::builder(TOKEN)
            .base_urls(format!("{base}/v3"), format!("{base}/v2"))
            .max_body_bytes(1024 * 1024)
            .build()
            .expect("client");
        let err = fails(client.me().await);
        assert_eq!(
            err.kind(),
            &ErrorKind::BodyTooLarge { limit: 1024 * 1024 },
            "declared length {declared}: {err:?}"
        );
        assert!(err.is_body_too_large() && !err.is_retryable());
        assert_eq!(err.status(), Some(reqwest::StatusCode::OK));

        // Within the limit, the same padded body decodes.
        let roomy = groupme_sdk::Client::builder(TOKEN)
            .base_urls(format!("{base}/v3"), format!("{base}/v2"))
            .max_body_bytes(8 * 1024 * 1024)
            .build()
            .expect("client");
        succeeds(roomy.me().await);
    }
}

#[tokio::test]
async fn a_huge_error_body_is_cut_to_an_excerpt() {
    let base = large_body_server(16 * 1024 * 1024, false, StatusCode::INTERNAL_SERVER_ERROR).await;
    let client = groupme_sdk::Client::builder(TOKEN)
        .base_urls(format!("{base}/v3"), format!("{base}/v2"))
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client");
    let err = fails(client.me().await);
    assert_eq!(err.kind(), &ErrorKind::Api);
    assert_eq!(err.status(), Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR));
    // The first few KiB (an envelope and padding) were read and understood;
    // the other 16 MiB never were.
    assert_eq!(err.meta_code(), Some(200), "{err:?}");
}

/// A server whose `/v3/users/me` sends `status` and the start of a user
/// envelope at once, then one byte every 100 ms, forever: a body that
/// never ends. From the second request on (`answered_from`), it answers
/// at once instead. Returns its base URL and the requests it saw.
async fn trickling_server(status: StatusCode, answered_from: usize) -> (String, Arc<AtomicUsize>) {
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    let app = axum::Router::new().route(
        "/v3/users/me",
        get(move || {
            let seen = counted.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                if seen >= answered_from {
                    return (StatusCode::OK, axum::Json(envelope(200, user_json()))).into_response();
                }
                let head = stream::once(async { Ok::<_, std::io::Error>(b"{\"meta\":".to_vec()) });
                let drip = stream::unfold((), |()| async {
                    tokio::time::sleep(ms(100)).await;
                    Some((Ok(b" ".to_vec()), ()))
                });
                let mut response = Response::new(Body::from_stream(head.chain(drip)));
                *response.status_mut() = status;
                response
            }
        }),
    );
    (serve(app).await, requests)
}

#[tokio::test]
async fn a_body_that_never_ends_times_out_on_a_success_or_a_failure_with_any_http_client() {
    // A failure's body is read for its excerpt, so it is bounded too.
    for status in [StatusCode::OK, StatusCode::BAD_GATEWAY] {
        let (base, _) = trickling_server(status, usize::MAX).await;
        let builders = [
            groupme_sdk::Client::builder(TOKEN),
            // The caller's own HTTP client has no timeout; the SDK's still holds.
            groupme_sdk::Client::builder(TOKEN).http_client(reqwest::Client::builder()),
        ];
        for builder in builders {
            let client = builder
                .base_urls(format!("{base}/v3"), format!("{base}/v2"))
                .timeout(ms(400))
                .retry(RetryPolicy::disabled())
                .build()
                .expect("client");
            let started = std::time::Instant::now();
            let err = fails(client.me().await);
            let took = started.elapsed();
            assert!(
                err.is_timeout() && err.is_transport() && err.outcome_unknown(),
                "{status}: {err:?}"
            );
            assert!(took < Duration::from_secs(5), "the timeout ended it: {took:?}");
            assert!(err.to_string().contains("no complete answer within"), "{err}");
        }
    }
}

#[tokio::test]
async fn a_read_that_timed_out_is_retried_and_the_retry_answers() {
    let (base, requests) = trickling_server(StatusCode::OK, 2).await;
    let client = groupme_sdk::Client::builder(TOKEN)
        .base_urls(format!("{base}/v3"), format!("{base}/v2"))
        .timeout(ms(400))
        .retry(fast_retry())
        .build()
        .expect("client");
    let me = succeeds(client.me().await);
    assert_eq!(me, typed(user_json()));
    assert_eq!(
        requests.load(Ordering::SeqCst),
        2,
        "one attempt timed out, the retry answered"
    );
}

#[tokio::test]
async fn a_500_on_a_read_is_retried_but_not_on_a_change() {
    let api = Api::start().await;
    let flaky = api.v3.mock(|when, then| {
        when.path("/users/me");
        then.status(500).body("oops");
    });
    let err = fails(api.client().me().await);
    assert!(err.is_retryable());
    flaky.assert_calls(3);

    let update = api.v3.mock(|when, then| {
        when.path("/users/update");
        then.status(500).body("oops");
    });
    let err = fails(api.client().profile().update().zip_code("10001").send().await);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    update.assert_calls(1);
}

#[tokio::test]
async fn a_body_that_does_not_decode_keeps_its_status() {
    let api = Api::start().await;
    api.v3.mock(|when, then| {
        when.path("/users/me");
        then.status(200)
            .header("content-type", "application/json")
            .body("{\"meta\":");
    });
    let err = fails(api.client().me().await);
    assert_eq!(err.kind(), &ErrorKind::Decode);
    assert_eq!(err.status(), Some(reqwest::StatusCode::OK));
    assert!(err.to_string().contains("200 OK"), "{err}");
}

#[tokio::test]
async fn a_403_on_a_member_add_means_a_device_attestation_is_required() {
    let api = Api::start().await;
    let add = api.v3.mock(|when, then| {
        when.path("/groups/7/members/add");
        then.status(403)
            .json_body(error_envelope(403, json!(["forbidden"])));
    });
    let err = fails(
        api.client()
            .group("7")
            .members()
            .add()
            .member(NewMember::by_email("Ann", "ann@example.com"))
            .send()
            .await,
    );
    add.assert_calls(1);
    assert!(err.is_verification_required() && err.is_forbidden(), "{err:?}");

    api.v3.mock(|when, then| {
        when.path("/users/me");
        then.status(403)
            .json_body(error_envelope(403, json!(["not allowed"])));
    });
    let err = fails(api.client().me().await);
    assert!(err.is_forbidden() && !err.is_verification_required());
}

fn accept_add(api: &Api, results_id: &str) {
    api.v3.mock(|when, then| {
        when.path("/groups/9/members/add");
        then.status(202)
            .json_body(envelope(202, json!({ "results_id": results_id })));
    });
}

#[tokio::test]
async fn outages_while_polling_are_polled_through_within_the_deadline() {
    let api = Api::start().await;
    accept_add(&api, "r-outage");
    let path = "/groups/9/members/results/r-outage";
    let mut outage = api.v3.mock(|when, then| {
        when.path(path);
        then.status(503)
            .header("content-type", "text/html")
            .body("<html><body>Service Unavailable</body></html>");
    });
    let client = api.client();
    let members = client.group("9").members();
    let started = members
        .add()
        .member(NewMember::by_email("Bo", "bo@example.com").guid("bo"))
        .start()
        .await
        .expect("accepted");

    // An HTML page is an outage, not "not ready".
    let err = fails(members.results(&started.results_id).await);
    assert!(err.is_retryable() && err.status().map(|s| s.as_u16()) == Some(503));

    let waiting = tokio::spawn({
        let client = client.clone();
        let started = started.clone();
        async move { client.group("9").members().wait(&started).await }
    });
    tokio::time::sleep(ms(100)).await;
    assert!(outage.calls() >= 2, "kept polling through the outage");
    outage.delete();
    api.v3.mock(|when, then| {
        when.path(path);
        then.status(200).json_body(envelope(
            200,
            json!({ "members": [result_json("31", "41", "Bo", "bo")] }),
        ));
    });
    let outcome = waiting.await.expect("joined").expect("ready after the outage");
    assert_eq!(outcome.added.len(), 1);
}

#[tokio::test]
async fn every_error_after_an_accepted_add_carries_it_and_waiting_resumes() {
    let api = Api::start().await;
    accept_add(&api, "r-lost");
    let path = "/groups/9/members/results/r-lost";
    let mut broken = api.v3.mock(|when, then| {
        when.path(path);
        then.status(400).body("bad request");
    });
    let client = api.client();
    let err = fails(
        client
            .group("9")
            .members()
            .add()
            .member(NewMember::by_email("Cy", "cy@example.com").guid("cy"))
            .send()
            .await,
    );
    let started = err
        .started_add()
        .expect("the accepted add travels with the error")
        .clone();
    assert_eq!(started.results_id, ResultsId::from("r-lost"));
    assert_eq!(started.requested[0].guid_value(), Some("cy"));
    assert!(err.to_string().contains("r-lost"), "{err}");

    broken.delete();
    api.v3.mock(|when, then| {
        when.path(path);
        then.status(200).json_body(envelope(
            200,
            json!({ "members": [result_json("32", "42", "Cy", "cy")] }),
        ));
    });
    let resumed = StartedAdd::new("r-lost", started.requested.clone());
    let outcome = succeeds(client.group("9").members().wait(&resumed).await);
    assert_eq!(outcome.added[0].requested.guid_value(), Some("cy"));
}

#[tokio::test]
async fn a_timeout_after_an_accepted_add_names_the_last_failure() {
    let api = Api::start().await;
    accept_add(&api, "r-slow");
    let limited = api.v3.mock(|when, then| {
        when.path("/groups/9/members/results/r-slow");
        then.status(429).body("slow down");
    });
    let client = api
        .builder()
        .polling(fast_polling().deadline(ms(150)))
        .build()
        .expect("client");
    let err = fails(
        client
            .group("9")
            .members()
            .add()
            .member(NewMember::by_email("Di", "di@example.com"))
            .send()
            .await,
    );
    let ErrorKind::PollTimeout { requests, .. } = err.kind().clone() else {
        panic!("expected a timeout: {err:?}");
    };
    let calls = u32::try_from(limited.calls()).expect("count");
    assert!(
        calls == requests || calls + 1 == requests,
        "{calls} vs {requests}"
    );
    assert!(err.started_add().is_some());
    assert!(err.to_string().contains("429"), "names the last failure: {err}");
}
