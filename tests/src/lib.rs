//! Helpers shared by the workspace-level integration tests of the generated
//! GroupMe clients (`tests/tests/*.rs`): a sentinel access token, clients
//! aimed at an [`httpmock::MockServer`], the expectations every mocked
//! request must meet, canned replies, and (in [`seed`]) the examples of the
//! API documents in `/work/shared/seeds`, wrapped in their envelopes.
//!
//! Replies are served as raw JSON or text rather than through the typed
//! `then` helpers of `groupme-api-httpmock`: those serialize the generated
//! types themselves, so a type that cannot read the documented JSON would go
//! unnoticed.

pub mod seed;

use futures::TryStreamExt;
use groupme_api::{AccessToken, ByteStream};
use httpmock::{HttpMockRequest, MockServer, Then, When};
use serde_json::Value;

/// The access token every test client sends. It may appear in the
/// `X-Access-Token` header and nowhere else: not in URLs, bodies, other
/// headers, `Debug` output or error messages.
pub const TOKEN: &str = "sentinel-token-9c1f4e7a";

/// The header that carries the token, lower-cased as servers report it.
const TOKEN_HEADER: &str = "x-access-token";

/// The header progenitor adds to every request, which the clients' hooks
/// must remove.
const PROGENITOR_VERSION_HEADER: &str = "api-version";

/// What every test returns, so that `?` works on each fallible step.
pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The sentinel [`TOKEN`] as the clients take it.
pub fn token() -> AccessToken {
    AccessToken::new(TOKEN)
}

/// A v3 client for `server`, authenticated with [`TOKEN`].
pub fn v3_client(server: &MockServer) -> groupme_api::v3::Client {
    groupme_api::v3::Client::with_token(&server.base_url(), &token())
        .expect("the sentinel token is a valid header value")
}

/// A v2 client for `server`, authenticated with [`TOKEN`].
pub fn v2_client(server: &MockServer) -> groupme_api::v2::Client {
    groupme_api::v2::Client::with_token(&server.base_url(), &token())
        .expect("the sentinel token is a valid header value")
}

/// Expects what every GroupMe request must carry: the token in exactly one
/// `X-Access-Token` header and nowhere else (no `token` query parameter, no
/// other header, not in the body), and no progenitor `api-version` header.
pub fn authenticated(when: When) -> When {
    when.header(TOKEN_HEADER, TOKEN)
        .header_missing(PROGENITOR_VERSION_HEADER)
        .query_param_missing("token")
        .is_true(token_only_in_its_header)
}

/// Whether the token travels in a single `X-Access-Token` header and in no
/// other part of `request`.
fn token_only_in_its_header(request: &HttpMockRequest) -> bool {
    let mut carriers = request
        .headers_vec()
        .iter()
        .filter(|(_, value)| value.contains(TOKEN))
        .map(|(name, _)| name.to_ascii_lowercase());
    carriers.next().as_deref() == Some(TOKEN_HEADER)
        && carriers.next().is_none()
        && !request.uri_str().contains(TOKEN)
        && !request.body_string().contains(TOKEN)
}

/// Expects exactly `path`, exactly the query parameters `query` (no others)
/// and everything [`authenticated`] expects.
pub fn request_to(when: When, path: &str, query: &[(&str, &str)]) -> When {
    let expected: Vec<(String, String)> = query
        .iter()
        .map(|&(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    query
        .iter()
        .fold(authenticated(when).path(path), |when, &(name, value)| {
            when.query_param(name, value)
        })
        .is_true(move |request| request.query_params() == expected)
}

/// Expects `body`, exactly, as an `application/json` request body.
pub fn json_request(when: When, body: Value) -> When {
    when.header("content-type", "application/json").json_body(body)
}

/// Expects a request without a body. (A custom matcher, because httpmock
/// refuses body expectations on `GET` mocks.)
pub fn empty_request(when: When) -> When {
    when.is_true(|request| request.body_ref().is_empty())
}

/// Answers with `status` and `body` as `content_type`.
pub fn reply(then: Then, status: u16, content_type: &str, body: &str) -> Then {
    then.status(status)
        .header("content-type", content_type)
        .body(body)
}

/// Answers with `status` and the JSON `body`.
pub fn reply_json(then: Then, status: u16, body: &Value) -> Then {
    reply(then, status, "application/json", &body.to_string())
}

/// Reads a streamed body, as progenitor hands over non-JSON answers, into a
/// string.
/// Reads a raw error body and decodes it as GroupMe's error envelope. The
/// generated clients hand every error body over raw, since GroupMe answers
/// errors as envelopes, text or HTML.
pub async fn read_envelope(stream: ByteStream) -> groupme_api::ErrorEnvelope {
    let text = read_text(stream).await;
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{text:?} is not an error envelope: {err}"))
}

/// Reads a raw body as UTF-8 text.
pub async fn read_text(stream: ByteStream) -> String {
    let bytes = stream
        .into_inner()
        .try_fold(Vec::new(), |mut bytes, chunk| async move {
            bytes.extend_from_slice(&chunk);
            Ok(bytes)
        })
        .await
        .expect("the mock server's body can be read");
    String::from_utf8(bytes).expect("the body is UTF-8")
}
