//! Failure answers in every shape GroupMe sends them, and which calls are
//! retried: reads on rate limits and transient failures, writes never
//! (unless asked), `Retry-After` honoured.

use std::time::{Duration, Instant};

use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::{ApiErrors, ErrorKind, MemberFilter, NewMember, RetryPolicy};
use serde_json::json;

use crate::common::{
    Api, TOKEN, closed_base_url, envelope, error_envelope, fails, fast_retry, ms, sent, succeeds, typed,
    user_json,
};

/// A `users/me` mock answering `status` with `body`, as raw text.
fn me_answering<'a>(api: &'a Api, status: u16, body: &str) -> httpmock::Mock<'a> {
    api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.into_inner().status(status).body(body);
    })
}

/// A `users/me` mock answering the documented user.
fn me_ok(api: &Api) -> httpmock::Mock<'_> {
    api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.ok(&typed(envelope(200, user_json())));
    })
}

#[tokio::test]
async fn errors_as_a_list() {
    let api = Api::start().await;
    let mock = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "active")]);
        then.not_found(&typed(error_envelope(
            404,
            json!(["group not found", "try another"]),
        )));
    });

    let err = fails(
        api.client()
            .group("g1")
            .members()
            .list(MemberFilter::Active)
            .await,
    );

    mock.assert();
    assert_eq!(
        err.api_errors(),
        Some(&ApiErrors::Messages(vec![
            "group not found".into(),
            "try another".into()
        ]))
    );
    assert_eq!(err.api_errors().and_then(|e| e.field("group")), None);
    assert_eq!(err.body_excerpt(), None);
    assert!(err.to_string().ends_with("group not found; try another"), "{err}");
}

#[tokio::test]
async fn a_meta_code_that_is_not_the_status_decides_nothing() {
    let api = Api::start().await;
    let refused = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.into_inner()
            .status(401)
            .json_body(json!({ "meta": { "code": 40100, "errors": ["token not accepted"] } }));
    });

    let err = fails(api.client().me().await);

    refused.assert();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(err.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(err.meta_code(), Some(40100));
    assert!(!err.is_retryable(), "{err:?}");
}

#[tokio::test]
async fn errors_as_a_map() {
    let api = Api::start().await;
    let mock = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "inactive")]);
        then.bad_request(&typed(error_envelope(
            400,
            json!({ "filter": "cannot be blank", "group_id": "is odd" }),
        )));
    });

    let err = fails(
        api.client()
            .group("g1")
            .members()
            .list(MemberFilter::Inactive)
            .await,
    );

    mock.assert();
    let errors = err.api_errors().expect("meta.errors kept");
    assert_eq!(errors.field("filter"), Some("cannot be blank"));
    assert_eq!(errors.field("group_id"), Some("is odd"));
    assert!(matches!(errors, ApiErrors::Fields(map) if map.len() == 2));
}

#[tokio::test]
async fn errors_absent_null_or_empty() {
    let api = Api::start().await;
    let bodies = [
        json!({ "response": null, "meta": { "code": 404 } }),
        error_envelope(404, json!(null)),
        error_envelope(404, json!([])),
        error_envelope(404, json!({})),
    ];
    for (index, body) in bodies.into_iter().enumerate() {
        let group = format!("g{index}");
        let mock = api.v3.list_members(|when, then| {
            sent(
                when.into_inner(),
                &format!("/groups/{group}/members"),
                &[("filter", "active")],
            );
            then.into_inner().status(404).json_body(body.clone());
        });

        let err = fails(
            api.client()
                .group(group.as_str())
                .members()
                .list(MemberFilter::Active)
                .await,
        );

        mock.assert();
        assert!(err.is_not_found(), "{body}: {err:?}");
        assert_eq!(err.meta_code(), Some(404), "{body}");
        assert_eq!(err.api_errors(), None, "{body}");
        assert_eq!(err.body_excerpt(), None, "{body}");
    }
}

#[tokio::test]
async fn an_html_502_page_is_cut_to_an_excerpt_and_retried() {
    let api = Api::start().await;
    let page = format!(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "<p>The upstream server is unavailable.</p>".repeat(100)
    );
    let mock = me_answering(&api, 502, &page);

    let err = fails(api.client().me().await);

    // The standard policy makes three attempts in all.
    mock.assert_calls(3);
    assert!(err.is_retryable() && !err.is_transport(), "{err:?}");
    assert_eq!(err.kind(), &ErrorKind::Api);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(err.api_errors(), None);
    let excerpt = err.body_excerpt().expect("an excerpt of the page");
    assert!(excerpt.starts_with("<!DOCTYPE html><html><head><title>502 Bad Gateway"));
    assert!(
        excerpt.chars().count() <= 301,
        "{} chars",
        excerpt.chars().count()
    );
    assert!(err.to_string().len() < 500, "{err}");
}

#[tokio::test]
async fn a_429_on_a_read_is_retried_then_succeeds() {
    let api = Api::start().await;
    let limited = me_answering(&api, 429, "slow down");
    limited.up_to_n_times(1);
    let ok = me_ok(&api);

    let me = api.client().me().await;

    limited.assert_calls(1);
    ok.assert_calls(1);
    assert_eq!(succeeds(me).id, "1234567890");
}

#[tokio::test]
async fn a_420_is_rate_limiting_too() {
    let api = Api::start().await;
    let mock = me_answering(&api, 420, "Enhance your calm");
    let client = api
        .builder()
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client");

    let err = fails(client.me().await);

    mock.assert_calls(1);
    assert!(err.is_rate_limited() && err.is_retryable(), "{err:?}");
    assert_eq!(err.body_excerpt(), Some("Enhance your calm"));
}

#[tokio::test]
async fn retry_after_zero_is_honoured_over_a_long_backoff() {
    let api = Api::start().await;
    let limited = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.into_inner().status(429).header("Retry-After", "0");
    });
    limited.up_to_n_times(1);
    let ok = me_ok(&api);
    // Without the header the first retry would wait at least 10 s.
    let client = api
        .builder()
        .retry(RetryPolicy::standard().backoff(Duration::from_secs(20), Duration::from_secs(40)))
        .build()
        .expect("client");

    let started = Instant::now();
    let me = client.me().await;

    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    limited.assert_calls(1);
    ok.assert_calls(1);
    succeeds(me);
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_ends_the_retries() {
    let api = Api::start().await;
    let limited = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.into_inner().status(429).header("Retry-After", "120");
    });
    let client = api
        .builder()
        .retry(
            RetryPolicy::standard()
                .backoff(ms(1), ms(5))
                .max_retry_after(Duration::from_secs(30)),
        )
        .build()
        .expect("client");

    let err = fails(client.me().await);

    limited.assert_calls(1);
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
}

#[tokio::test]
async fn transient_failures_are_retried_up_to_max_attempts() {
    let api = Api::start().await;
    let mock = me_answering(&api, 503, "busy");
    let client = api
        .builder()
        .retry(RetryPolicy::standard().backoff(ms(1), ms(5)).max_attempts(5))
        .build()
        .expect("client");

    let err = fails(client.me().await);

    mock.assert_calls(5);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_disabled_policy_sends_once() {
    let api = Api::start().await;
    let mock = me_answering(&api, 503, "busy");
    let client = api
        .builder()
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client");

    let err = fails(client.me().await);

    mock.assert_calls(1);
    assert!(err.is_retryable(), "{err:?}");
    assert_eq!(client.retry_policy().attempts(), 1);
}

#[tokio::test]
async fn a_member_add_answered_503_is_not_retried() {
    let api = Api::start().await;
    let add = api.v3.add_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/add", &[]);
        then.into_inner().status(503).body("busy");
    });
    let strays = api.strays();

    let client = api.client();
    let err = fails(
        client
            .group("g1")
            .members()
            .add()
            .member(NewMember::by_email("A", "a@example.com"))
            .send()
            .await,
    );

    add.assert_calls(1);
    strays.assert_none();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.operation(), Some("add_members"));
}

#[tokio::test]
async fn a_profile_update_answered_429_is_not_retried() {
    let api = Api::start().await;
    let update = api.v3.update_me(|when, then| {
        sent(when.into_inner(), "/users/update", &[]);
        then.into_inner().status(429).header("Retry-After", "0");
    });

    let client = api.client();
    let err = fails(client.profile().update().zip_code("1").send().await);

    update.assert_calls(1);
    assert!(err.is_rate_limited(), "{err:?}");
}

#[tokio::test]
async fn writes_are_retried_when_the_policy_says_so() {
    let api = Api::start().await;
    let limited = api.v3.update_me(|when, then| {
        sent(when.into_inner(), "/users/update", &[]).json_body(json!({ "zip_code": "1" }));
        then.into_inner().status(429);
    });
    limited.up_to_n_times(1);
    let ok = api.v3.update_me(|when, then| {
        sent(when.into_inner(), "/users/update", &[]).json_body(json!({ "zip_code": "1" }));
        then.ok(&typed(envelope(200, user_json())));
    });
    let client = api
        .builder()
        .retry(
            RetryPolicy::standard()
                .backoff(ms(1), ms(5))
                .retry_non_idempotent(true),
        )
        .build()
        .expect("client");

    let user = client.profile().update().zip_code("1").send().await;

    limited.assert_calls(1);
    ok.assert_calls(1);
    succeeds(user);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let api = Api::start().await;
    let mock = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });

    let err = fails(api.client().me().await);

    mock.assert_calls(1);
    assert!(err.is_unauthorized() && !err.is_retryable(), "{err:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error() {
    let base = closed_base_url();
    let client = groupme_sdk::Client::builder(TOKEN)
        .base_urls(format!("{base}/v3"), &base)
        .retry(fast_retry())
        .build()
        .expect("client");

    let err = fails(client.me().await);

    assert!(err.is_transport() && err.is_retryable(), "{err:?}");
    assert!(!err.is_timeout() && !err.is_unauthorized());
    assert_eq!(err.kind(), &ErrorKind::Transport);
    assert_eq!(err.status(), None);
    assert!(std::error::Error::source(&err).is_some(), "the cause is kept");
    assert!(!err.to_string().contains(&base), "the URL is left out: {err}");
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let api = Api::start().await;
    let slow = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.into_inner()
            .delay(Duration::from_secs(2))
            .status(200)
            .json_body(envelope(200, user_json()));
    });
    let client = api
        .builder()
        .timeout(ms(100))
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client");

    let err = fails(client.me().await);

    slow.assert_calls(1);
    assert!(
        err.is_timeout() && err.is_transport() && err.is_retryable(),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_success_without_a_response_is_a_decode_error() {
    let api = Api::start().await;
    let mock = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.into_inner()
            .status(200)
            .json_body(json!({ "response": null, "meta": { "code": 200 } }));
    });

    let err = fails(api.client().me().await);

    mock.assert_calls(1);
    assert_eq!(err.kind(), &ErrorKind::Decode);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(!err.is_retryable() && !err.is_unauthorized());
}

#[tokio::test]
async fn a_success_that_is_not_json_is_a_decode_error() {
    let api = Api::start().await;
    let mock = me_answering(&api, 200, "<html>maintenance</html>");

    let err = fails(api.client().me().await);

    mock.assert_calls(1);
    assert_eq!(err.kind(), &ErrorKind::Decode);
    assert_eq!(err.body_excerpt(), Some("<html>maintenance</html>"));
}

/// Documented failure statuses whose body is not GroupMe's JSON envelope
/// (a proxy's page, a plain-text message) keep their status and predicates.
#[tokio::test]
async fn a_documented_401_with_a_text_body_is_still_unauthorized() {
    let api = Api::start().await;
    let mock = me_answering(&api, 401, "401 Unauthorized");

    let err = fails(api.client().me().await);

    mock.assert_calls(1);
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.body_excerpt(), Some("401 Unauthorized"));
}

/// As above, for a `404` page on the member index.
#[tokio::test]
async fn a_documented_404_with_an_html_page_is_still_not_found() {
    let api = Api::start().await;
    let mock = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "active")]);
        then.into_inner()
            .status(404)
            .header("content-type", "text/html")
            .body("<html><body><h1>Not Found</h1></body></html>");
    });

    let err = fails(
        api.client()
            .group("g1")
            .members()
            .list(MemberFilter::Active)
            .await,
    );

    mock.assert_calls(1);
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn a_client_with_another_retry_policy_overrides_it_for_its_calls() {
    let api = Api::start().await;
    let limited = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.into_inner().status(429).body("slow down");
    });
    let client = api.client();

    let once = fails(client.with_retry(groupme_sdk::RetryPolicy::disabled()).me().await);
    limited.assert_calls(1);
    assert!(once.is_rate_limited(), "{once:?}");

    let standard = fails(client.me().await);
    limited.assert_calls(1 + client.retry_policy().attempts() as usize);
    assert!(standard.is_rate_limited(), "{standard:?}");
}
