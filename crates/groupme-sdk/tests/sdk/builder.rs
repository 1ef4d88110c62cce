//! Building a client: which base URLs are accepted, the token checks, the
//! chunk size, and what every request carries.

use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::{Client, ErrorKind};

use crate::common::{Api, TOKEN, envelope, fails, sent, succeeds, typed, user_json};

/// The configuration message of a build that must fail.
fn config_message(result: groupme_sdk::Result<Client>) -> String {
    let err = fails(result);
    match err.kind() {
        ErrorKind::Config(message) => message.clone(),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn plain_http_off_loopback_is_refused_unless_allowed() {
    let message = config_message(
        Client::builder(TOKEN)
            .base_urls("http://api.groupme.invalid/v3", "https://v2.groupme.invalid")
            .build(),
    );
    assert!(
        message.starts_with("v3_base_url: http:// is only allowed for loopback"),
        "{message}"
    );
    assert!(message.contains("allow_insecure_http(true)"), "{message}");

    let message = config_message(
        Client::builder(TOKEN)
            .base_urls("https://api.groupme.invalid/v3", "http://10.0.0.1:8080")
            .build(),
    );
    assert!(message.starts_with("v2_base_url: http://"), "{message}");

    let client = Client::builder(TOKEN)
        .base_urls("http://api.groupme.invalid/v3", "http://10.0.0.1:8080")
        .allow_insecure_http(true)
        .build()
        .expect("allowed explicitly");
    let shown = format!("{client:?}");
    assert!(shown.contains("http://api.groupme.invalid/v3"), "{shown}");
    assert!(shown.contains("http://10.0.0.1:8080"), "{shown}");
}

#[test]
fn loopback_and_https_base_urls_are_accepted() {
    for (v3, v2) in [
        ("http://127.0.0.1:1/v3", "http://127.0.0.1:2"),
        ("http://localhost:8080/v3/", "http://[::1]:9"),
        ("https://api.groupme.com/v3", "https://v2.groupme.com"),
    ] {
        let client = Client::builder(TOKEN).base_urls(v3, v2).build();
        let client = succeeds(client);
        let shown = format!("{client:?}");
        assert!(shown.contains(v3.trim_end_matches('/')), "{shown}");
    }
    let default = succeeds(Client::new(TOKEN));
    assert!(format!("{default:?}").contains("https://api.groupme.com/v3"));
}

#[test]
fn other_schemes_queries_and_non_urls_are_refused() {
    for (v3, expected) in [
        ("ftp://127.0.0.1/v3", "v3_base_url: scheme must be https"),
        (
            "https://api.groupme.com/v3?x=1",
            "v3_base_url: must have no query",
        ),
        (
            "https://api.groupme.com/v3#top",
            "v3_base_url: must have no query or fragment",
        ),
        ("not a url", "v3_base_url: "),
    ] {
        let message = config_message(
            Client::builder(TOKEN)
                .base_urls(v3, "https://v2.groupme.com")
                .build(),
        );
        assert!(message.starts_with(expected), "{v3}: {message}");
    }
}

#[test]
fn a_zero_chunk_size_is_refused() {
    let message = config_message(Client::builder(TOKEN).add_chunk_size(0).build());
    assert_eq!(message, "add_chunk_size: must be at least 1");
}

#[test]
fn unusable_tokens_are_refused_without_being_shown() {
    assert_eq!(config_message(Client::new("")), "access token: must not be empty");
    let message = config_message(Client::new(format!("{TOKEN}\n")));
    assert_eq!(message, "access token: must be visible ASCII characters only");
}

#[test]
fn clients_are_cheap_to_share() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Client>();
}

#[tokio::test]
async fn every_request_carries_the_token_header_and_a_user_agent_only_when_set() {
    let api = Api::start().await;
    let default = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]).header_missing("user-agent");
        then.ok(&typed(envelope(200, user_json())));
    });
    default.up_to_n_times(1);
    let custom = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]).header("user-agent", "my-app/2.0");
        then.ok(&typed(envelope(200, user_json())));
    });
    let strays = api.strays();

    succeeds(api.client().me().await);
    succeeds(
        api.builder()
            .user_agent("my-app/2.0")
            .build()
            .expect("client")
            .me()
            .await,
    );

    default.assert();
    custom.assert();
    strays.assert_none();
}

#[tokio::test]
async fn a_callers_own_http_client_builder_still_sends_the_token() {
    let api = Api::start().await;
    let mock = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.ok(&typed(envelope(200, user_json())));
    });
    let strays = api.strays();

    let client = api
        .builder()
        .http_client(reqwest::Client::builder())
        .build()
        .expect("client");
    let me = client.me().await;

    mock.assert();
    strays.assert_none();
    succeeds(me);
}
