//! Shared setup: the sentinel token, mock hosts, a client with short
//! delays, request matchers, error helpers that check the token never
//! leaks, and the sample bodies from the API documents.

use std::fmt::Debug;
use std::time::Duration;

use groupme_sdk::validate::Rule;
use groupme_sdk::{Client, ClientBuilder, Error, PollingPolicy, RetryPolicy};
use httpmock::{Mock, MockServer, When};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The access token every test client uses. It must never show up in any
/// `Debug` or `Display` output.
pub const TOKEN: &str = "SENTINEL-TOKEN-do-not-leak-1234";

/// Milliseconds, for short delays.
pub fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

/// Retries as in production, but with backoff of a few milliseconds.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::standard().backoff(ms(1), ms(5))
}

/// Polling with delays of a few milliseconds and a deadline generous
/// enough for a slow machine.
pub fn fast_polling() -> PollingPolicy {
    PollingPolicy::default()
        .delays(ms(1), ms(5))
        .deadline(Duration::from_secs(10))
}

/// A mock v3 host and a mock v2 host.
pub struct Api {
    /// The `api.groupme.com/v3` stand-in; paths are matched from its root.
    pub v3: MockServer,
    /// The `v2.groupme.com` stand-in.
    pub v2: MockServer,
}

impl Api {
    /// Starts both hosts.
    pub async fn start() -> Self {
        Self {
            v3: MockServer::start_async().await,
            v2: MockServer::start_async().await,
        }
    }

    /// A builder pointed at both hosts, with short retry and polling delays.
    pub fn builder(&self) -> ClientBuilder {
        Client::builder(TOKEN)
            .base_urls(self.v3.base_url(), self.v2.base_url())
            .retry(fast_retry())
            .polling(fast_polling())
    }

    /// A client built by [`builder`](Self::builder).
    pub fn client(&self) -> Client {
        self.builder().build().expect("a loopback client builds")
    }

    /// Catch-all mocks on both hosts that answer `500`. Created after the
    /// expected mocks, they see only requests nothing else matched; created
    /// alone, they see every request.
    pub fn strays(&self) -> Strays<'_> {
        Strays {
            v3: catch_all(&self.v3),
            v2: catch_all(&self.v2),
        }
    }
}

/// A mock that matches any request and answers `500`.
fn catch_all(server: &MockServer) -> Mock<'_> {
    server.mock(|_when, then| {
        then.status(500).body("unexpected request");
    })
}

/// The catch-all mocks of [`Api::strays`].
pub struct Strays<'a> {
    v3: Mock<'a>,
    v2: Mock<'a>,
}

impl Strays<'_> {
    /// Asserts that no request reached either host unmatched.
    pub fn assert_none(&self) {
        self.v3.assert_calls(0);
        self.v2.assert_calls(0);
    }
}

/// The base URL of a loopback port that nothing listens on (it was bound
/// and let go again).
pub fn closed_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("its address").port();
    format!("http://127.0.0.1:{port}")
}

/// Narrows `when` to the exact `path`, exactly the `query` parameters
/// given, the token in the `X-Access-Token` header and progenitor's
/// `api-version` header absent.
pub fn sent(when: When, path: &str, query: &[(&str, &str)]) -> When {
    let expected: Vec<(String, String)> = query
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect();
    when.path(path)
        .header("x-access-token", TOKEN)
        .header_missing("api-version")
        .is_true(move |request| request.query_params() == expected)
}

/// Narrows `when` to a request without a body.
pub fn without_body(when: When) -> When {
    when.is_true(|request| request.body_ref().is_empty())
}

/// Asserts that the token appears nowhere in what `err` shows: `Display`,
/// `Debug` (plain and pretty) and every source in its chain.
pub fn check_secret(err: &Error) {
    let mut shown = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        shown.push(cause.to_string());
        shown.push(format!("{cause:?}"));
        source = cause.source();
    }
    for text in shown {
        assert!(
            !text.contains(TOKEN) && !text.contains("do-not-leak"),
            "the access token leaked into an error's output"
        );
    }
}

/// The error of a call that must fail, after [`check_secret`].
pub fn fails<T: Debug>(result: groupme_sdk::Result<T>) -> Error {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(err) => {
            check_secret(&err);
            err
        }
    }
}

/// The value of a call that must succeed; a failure is checked with
/// [`check_secret`] before it is shown.
pub fn succeeds<T>(result: groupme_sdk::Result<T>) -> T {
    result.unwrap_or_else(|err| {
        check_secret(&err);
        panic!("expected success, got {err} ({err:?})")
    })
}

/// The rule a call broke, after asserting that it failed validation on
/// `field`.
pub fn invalid_rule<T: Debug>(result: groupme_sdk::Result<T>, field: &str) -> Rule {
    let err = fails(result);
    let invalid = err
        .validation()
        .unwrap_or_else(|| panic!("expected a validation error, got {err:?}"));
    assert_eq!(invalid.field(), field, "{err}");
    assert!(err.is_validation() && !err.is_retryable(), "{err:?}");
    assert!(err.to_string().ends_with("nothing was sent"), "{err}");
    invalid.rule().clone()
}

/// Asserts that a call failed validation on `field` breaking `rule`.
pub fn assert_invalid<T: Debug>(result: groupme_sdk::Result<T>, field: &str, rule: &Rule) {
    assert_eq!(&invalid_rule(result, field), rule, "field `{field}`");
}

/// Decodes a JSON value into a generated type (for the typed mock helpers).
pub fn typed<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the sample matches the generated type")
}

/// A success envelope around `response`.
pub fn envelope(code: u16, response: Value) -> Value {
    json!({ "response": response, "meta": { "code": code, "errors": [] } })
}

/// A failure envelope with `errors` (a list, a map, or null).
pub fn error_envelope(code: u16, errors: Value) -> Value {
    json!({ "response": null, "meta": { "code": code, "errors": errors } })
}

/// The documented `users/me` answer.
pub fn user_json() -> Value {
    json!({
        "id": "1234567890",
        "phone_number": "+1 5550109876",
        "image_url": "https://i.groupme.com/avatar.kestrel",
        "name": "Marlow Pike",
        "created_at": 1412623005,
        "updated_at": 1412623005,
        "email": "self@example.org",
        "sms": false
    })
}

/// A membership as the member index shows it.
pub fn member_json(id: &str, user_id: &str, nickname: &str) -> Value {
    json!({
        "id": id,
        "user_id": user_id,
        "name": format!("{nickname} Name"),
        "nickname": nickname,
        "image_url": "https://i.groupme.com/avatar.marlow",
        "state": "active",
        "roles": ["user"]
    })
}

/// A membership as the add results show it.
pub fn result_json(id: &str, user_id: &str, nickname: &str, guid: &str) -> Value {
    json!({
        "id": id,
        "user_id": user_id,
        "nickname": nickname,
        "muted": false,
        "image_url": "https://i.groupme.com/avatar.default",
        "autokicked": false,
        "app_installed": true,
        "guid": guid
    })
}
