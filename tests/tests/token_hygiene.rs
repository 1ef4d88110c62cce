//! Token hygiene: the access token travels only in the `X-Access-Token`
//! header, and never shows up in the `Debug` of clients or request builders
//! nor in the `Debug` or `Display` of any error the generated clients return.

use std::fmt::{Debug, Display};
use std::sync::{Arc, Mutex};

use groupme_api::v3::types;
use groupme_api::{AccessToken, Auth, Error};
use groupme_api_httpmock::{v2::MockServerExt as _, v3::MockServerExt as _};
use groupme_tests::{TOKEN, TestResult, reply, reply_json, seed, token, v2_client, v3_client};
use httpmock::{HttpMockRequest, MockServer};
use serde_json::json;

/// Asserts that the request captured from a mock carries the token in one
/// `X-Access-Token` header and nowhere else.
fn assert_token_only_in_header(request: &HttpMockRequest) {
    let carriers: Vec<_> = request
        .headers_vec()
        .iter()
        .filter(|(_, value)| value.contains(TOKEN))
        .collect();
    assert_eq!(carriers.len(), 1, "headers carrying the token: {carriers:?}");
    assert!(carriers[0].0.eq_ignore_ascii_case("x-access-token"));
    assert_eq!(carriers[0].1, TOKEN);
    assert!(!request.uri_str().contains(TOKEN), "{}", request.uri_str());
    assert!(
        request.query_params().iter().all(|(name, _)| name != "token"),
        "{:?}",
        request.query_params()
    );
    assert!(!request.body_string().contains(TOKEN));
}

/// A place a mock copies every request it matches into.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<HttpMockRequest>>>);

impl Captured {
    /// A matcher that records each request it sees and accepts it.
    fn recorder(&self) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
        let captured = Arc::clone(&self.0);
        move |request| {
            captured.lock().expect("not poisoned").push(request.clone());
            true
        }
    }

    /// The requests recorded so far.
    fn requests(&self) -> Vec<HttpMockRequest> {
        self.0.lock().expect("not poisoned").clone()
    }
}

#[tokio::test]
async fn token_travels_only_in_the_header_with_a_query_and_with_a_body() -> TestResult {
    let server = MockServer::start_async().await;
    let captured = Captured::default();
    let members = server.list_members(|when, then| {
        when.into_inner().is_true(captured.recorder());
        reply_json(then.into_inner(), 200, &seed::envelope(200, seed::memberships()));
    });
    let profile = server.update_profile(|when, then| {
        when.into_inner().is_true(captured.recorder());
        reply_json(then.into_inner(), 200, &seed::envelope(200, seed::profile()));
    });

    v3_client(&server)
        .list_members()
        .group_id("1111")
        .filter(types::MembershipFilter::Active)
        .send()
        .await?;
    v2_client(&server)
        .update_profile()
        .user_id("60417733")
        .body(groupme_api::v2::types::UpdateProfileRequest {
            user: groupme_api::v2::types::ProfileChanges {
                bio: Some("Out on the water most weekends.".into()),
                ..Default::default()
            },
        })
        .send()
        .await?;

    members.assert_async().await;
    profile.assert_async().await;
    let requests = captured.requests();
    assert!(
        requests
            .iter()
            .any(|request| request.query_params() == [("filter".to_owned(), "active".to_owned())]),
        "the list request with its query was captured"
    );
    assert!(
        requests
            .iter()
            .any(|request| request.body_string().contains("Out on the water most weekends.")),
        "the profile request with its body was captured"
    );
    requests.iter().for_each(assert_token_only_in_header);
    Ok(())
}

#[tokio::test]
async fn clients_and_request_builders_do_not_print_the_token() {
    let server = MockServer::start_async().await;
    let v3 = v3_client(&server);
    let v2 = v2_client(&server);

    let printed = [
        format!("{v3:?}"),
        format!("{v3:#?}"),
        format!("{v2:?}"),
        format!("{:?}", v3.get_me()),
        format!("{:?}", v3.list_members().group_id("1111")),
        format!("{:?}", v2.ban_member().group_id("1111").membership_id("35792468")),
        format!("{:?}", token()),
        format!("{:?}", Auth::token(&token()).expect("valid token")),
    ];

    for text in &printed[..3] {
        assert!(
            text.contains(&server.base_url()),
            "a client's Debug names its base URL: {text}"
        );
    }
    for text in printed {
        assert!(!text.contains(TOKEN), "the token leaked into {text:?}");
    }
}

#[tokio::test]
async fn errors_of_every_kind_do_not_print_the_token() -> TestResult {
    let server = MockServer::start_async().await;
    let client = v3_client(&server);
    server.get_me(|_, then| {
        let unauthorized = seed::error_envelope(401, json!(["unauthorized"]));
        reply_json(then.into_inner(), 401, &unauthorized);
    });
    server.get_member_results(|_, then| {
        reply(then.into_inner(), 503, "text/plain", seed::RESULTS_NOT_READY);
    });
    server.list_members(|_, then| {
        // A status no operation declares (`429` and `5XX` are declared).
        reply(then.into_inner(), 418, "text/html", "<h1>Short and stout</h1>");
    });
    server.list_pending_memberships(|_, then| {
        reply(then.into_inner(), 200, "text/html", "<h1>Captive portal</h1>");
    });

    let reports = [
        report(client.get_me().send().await),
        report(
            client
                .get_member_results()
                .group_id("1111")
                .results_id("GUID")
                .send()
                .await,
        ),
        report(
            client
                .list_members()
                .group_id("1111")
                .filter(types::MembershipFilter::Active)
                .send()
                .await,
        ),
        report(client.list_pending_memberships().group_id("1111").send().await),
        report(client.list_members().group_id("").send().await),
        report(closed_port(&token()).await?.get_me().send().await),
    ];

    let kinds: Vec<_> = reports.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(
        kinds,
        [
            "error response",
            "error response",
            "unexpected response",
            "invalid payload",
            "invalid request",
            "communication",
        ]
    );
    for (kind, printed) in reports {
        assert!(
            !printed.contains(TOKEN),
            "the token leaked into a {kind}: {printed}"
        );
    }
    Ok(())
}

/// The kind of the error in `result` and every way of printing it, joined.
fn report<T, E>(result: Result<T, Error<E>>) -> (&'static str, String)
where
    Error<E>: Debug + Display,
{
    let Err(error) = result else {
        panic!("expected an error");
    };
    let kind = match &error {
        Error::ErrorResponse(_) => "error response",
        Error::UnexpectedResponse(_) => "unexpected response",
        Error::InvalidResponsePayload(..) => "invalid payload",
        Error::InvalidRequest(_) => "invalid request",
        Error::CommunicationError(_) => "communication",
        _ => "other",
    };
    (kind, printed(&error))
}

/// Every way `value` can be printed, joined.
fn printed(value: &(impl Debug + Display)) -> String {
    format!("{value}\n{value:#}\n{value:?}\n{value:#?}")
}

/// A client for a loopback port nobody listens on.
async fn closed_port(token: &AccessToken) -> Result<groupme_api::v3::Client, Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    drop(listener);
    Ok(groupme_api::v3::Client::with_token(
        &format!("http://{address}"),
        token,
    )?)
}

#[test]
fn a_token_a_header_cannot_carry_is_refused_without_printing_it() {
    let bad = AccessToken::new(format!("{TOKEN}\n"));

    let refused = groupme_api::v3::Client::with_token("http://127.0.0.1:9", &bad)
        .expect_err("a newline cannot travel in a header");

    let printed = printed(&refused);
    assert!(printed.contains("visible ASCII"), "{printed}");
    assert!(!printed.contains(TOKEN), "the token leaked into {printed}");
    assert!(!format!("{bad:?}").contains(TOKEN));
}
