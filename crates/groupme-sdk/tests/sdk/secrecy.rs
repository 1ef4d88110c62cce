//! The access token never shows: not in the client's or the builder's
//! `Debug`, not in any kind of error, and never in a URL.

use std::mem::discriminant;

use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::validate::{Invalid, Rule};
use groupme_sdk::{Client, Error, ErrorKind, NewMember, PollingPolicy, ResultsId, SmsDuration};
use serde_json::json;

use crate::common::{Api, TOKEN, check_secret, closed_base_url, error_envelope, fails, ms, sent, typed};

#[test]
#[should_panic(expected = "the access token leaked")]
fn the_leak_check_catches_a_leak() {
    check_secret(&Error::from(Invalid::new(
        format!("field {TOKEN}"),
        Rule::NonEmpty,
    )));
}

#[test]
fn the_client_and_its_builder_hide_the_token() {
    let builder = Client::builder(TOKEN).base_urls("http://127.0.0.1:1/v3", "http://127.0.0.1:1");
    let shown = format!("{builder:?} {builder:#?}");
    assert!(!shown.contains(TOKEN), "the builder shows the token");
    assert!(shown.contains("AccessToken(<redacted>)"), "{shown}");

    let client = builder.build().expect("client");
    let shown = format!("{client:?} {client:#?} {:?}", client.v3());
    assert!(!shown.contains(TOKEN), "the client shows the token");
    assert!(shown.contains("http://127.0.0.1:1/v3"), "{shown}");

    let group = client.group("g1");
    let handles = format!(
        "{group:?} {:?} {:?} {:?} {:?}",
        group.members(),
        group.pending(),
        client.profile().update().name("A B"),
        client.sms().enable(SmsDuration::Always),
    );
    assert!(!handles.contains(TOKEN), "a handle shows the token");
}

#[test]
fn a_base_url_carrying_the_token_is_refused_without_echoing_it() {
    let url = format!("https://api.groupme.com/v3?token={TOKEN}");
    let err = fails(
        Client::builder(TOKEN)
            .base_urls(url, "https://v2.groupme.com")
            .build(),
    );
    assert!(matches!(err.kind(), ErrorKind::Config(_)), "{err:?}");
}

/// A URL copied from the API documents' `?token=` examples, without its
/// scheme, does not parse; the error must still not repeat the token.
#[test]
fn a_malformed_base_url_carrying_the_token_is_not_echoed() {
    let url = format!("api.groupme.com/v3?token={TOKEN}");
    let err = fails(
        Client::builder("another-token")
            .base_urls(url, "https://v2.groupme.com")
            .build(),
    );
    assert!(matches!(err.kind(), ErrorKind::Config(_)), "{err:?}");
}

/// Produces one error of each kind and checks each with [`check_secret`]
/// (through [`fails`]).
#[tokio::test]
async fn no_kind_of_error_shows_the_token() {
    let api = Api::start().await;
    let unauthorized = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });
    unauthorized.up_to_n_times(1);
    let not_json = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.into_inner().status(200).body("not json");
    });
    let expired = api.v3.get_member_results(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/results/old", &[]);
        then.not_found_text("Results are no longer available.");
    });
    let slow = api.v3.get_member_results(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/results/slow", &[]);
        then.service_unavailable_text("Results aren't ready.");
    });
    let client = api
        .builder()
        .polling(PollingPolicy::default().delays(ms(1), ms(5)).deadline(ms(50)))
        .build()
        .expect("client");
    let members = client.group("g1").members();
    let closed_url = closed_base_url();
    let closed = Client::builder(TOKEN)
        .base_urls(format!("{closed_url}/v3"), &closed_url)
        .retry(groupme_sdk::RetryPolicy::disabled())
        .build()
        .expect("client");

    let errors = [
        fails(client.me().await),
        fails(client.me().await),
        fails(members.wait_for_results(&ResultsId::from("old")).await),
        fails(members.wait_for_results(&ResultsId::from("slow")).await),
        fails(closed.me().await),
        fails(members.add().member(NewMember::new(TOKEN)).send().await),
        fails(
            Client::builder(TOKEN)
                .v3_base_url("http://example.invalid")
                .build(),
        ),
    ];

    unauthorized.assert_calls(1);
    not_json.assert_calls(1);
    expired.assert_calls(1);
    assert!(slow.calls() >= 1);
    let kinds: Vec<_> = errors.iter().map(|err| discriminant(err.kind())).collect();
    let expected = [
        ErrorKind::Api,
        ErrorKind::Decode,
        ErrorKind::ResultsExpired,
        ErrorKind::PollTimeout {
            waited: ms(0),
            requests: 0,
        },
        ErrorKind::Transport,
        ErrorKind::Validation(Invalid::new("members[0]", Rule::NonEmpty)),
        ErrorKind::Config(String::new()),
    ];
    assert_eq!(kinds, expected.iter().map(discriminant).collect::<Vec<_>>());
}

/// A refused value is never repeated in the error, only its field's name:
/// here an email address made from the token's text.
#[tokio::test]
async fn validation_errors_name_the_field_not_the_value() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();

    let err = fails(
        client
            .group("g1")
            .members()
            .add()
            .member(NewMember::by_email("A", format!("{TOKEN}@")))
            .send()
            .await,
    );

    strays.assert_none();
    assert_eq!(err.validation().map(Invalid::field), Some("members[0].email"));
}
