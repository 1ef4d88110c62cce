//! Adding members: the add request, the results waiter (not ready, ready,
//! expired, never ready), GUID correlation and chunked adds.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::validate::Rule;
use groupme_sdk::{ErrorKind, MembershipId, NewMember, PollingPolicy, ResultsId, ResultsStatus};
use httpmock::{Mock, MockServer};
use serde_json::{Value, json};

use crate::common::{
    Api, assert_invalid, envelope, error_envelope, fails, ms, result_json, sent, succeeds, typed,
};

const NOT_READY: &str = "Results aren't ready. Try again in a little bit.";
const EXPIRED: &str = "Results are no longer available. Don't try again.";

/// The three members of the documented add request.
fn family() -> Vec<NewMember> {
    vec![
        NewMember::by_user_id("Mom", "1234567890").guid("guid-alpha"),
        NewMember::by_phone("Dad", "+1 5550109876").guid("guid-bravo"),
        NewMember::by_email("Jane", "dana@example.org").guid("guid-charlie"),
    ]
}

/// The documented add request body for [`family`].
fn family_body() -> Value {
    json!({ "members": [
        { "nickname": "Mom", "user_id": "1234567890", "guid": "guid-alpha" },
        { "nickname": "Dad", "phone_number": "+1 5550109876", "guid": "guid-bravo" },
        { "nickname": "Jane", "email": "dana@example.org", "guid": "guid-charlie" }
    ]})
}

/// An add request answered `202` with `results_id`.
fn add_mock<'a>(server: &'a MockServer, body: Value, results_id: &str) -> Mock<'a> {
    server.add_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/add", &[]).json_body(body);
        then.accepted(&typed(envelope(202, json!({ "results_id": results_id }))));
    })
}

/// The results of `results_id`, answered with the plain-text `404` of
/// expired results.
fn expired_mock<'a>(server: &'a MockServer, results_id: &str) -> Mock<'a> {
    let path = format!("/groups/g1/members/results/{results_id}");
    server.get_member_results(|when, then| {
        sent(when.into_inner(), &path, &[]);
        then.not_found_text(EXPIRED);
    })
}

/// The results of `results_id`, answered with the plain-text `503` of the
/// API documents.
fn not_ready_mock<'a>(server: &'a MockServer, results_id: &str) -> Mock<'a> {
    let path = format!("/groups/g1/members/results/{results_id}");
    server.get_member_results(|when, then| {
        sent(when.into_inner(), &path, &[]);
        then.service_unavailable_text(NOT_READY);
    })
}

/// The results of `results_id`, ready with `members`.
fn ready_mock<'a>(server: &'a MockServer, results_id: &str, members: Vec<Value>) -> Mock<'a> {
    let path = format!("/groups/g1/members/results/{results_id}");
    server.get_member_results(|when, then| {
        sent(when.into_inner(), &path, &[]);
        then.ok(&typed(envelope(200, json!({ "members": members }))));
    })
}

#[tokio::test]
async fn send_adds_then_waits_through_two_not_ready_answers() {
    let api = Api::start().await;
    let add = add_mock(&api.v3, family_body(), "r-1");
    let not_ready = not_ready_mock(&api.v3, "r-1");
    not_ready.up_to_n_times(2);
    let ready = ready_mock(
        &api.v3,
        "r-1",
        vec![
            result_json("1000", "10000", "Mom", "guid-alpha"),
            result_json("3000", "30000", "Jane", "guid-charlie"),
            result_json("2000", "20000", "Dad", "guid-bravo"),
        ],
    );
    let strays = api.strays();

    let client = api.client();
    let outcome = client.group("g1").members().add().members(family()).send().await;

    add.assert();
    not_ready.assert_calls(2);
    ready.assert_calls(1);
    strays.assert_none();
    let outcome = succeeds(outcome);
    assert!(outcome.all_added(), "{outcome:?}");
    let added: Vec<_> = outcome
        .added
        .iter()
        .map(|a| {
            (
                a.requested.guid_value().unwrap(),
                a.membership_id(),
                a.membership.user_id.as_str(),
            )
        })
        .collect();
    assert_eq!(
        added,
        vec![
            ("guid-alpha", MembershipId::from("1000"), "10000"),
            ("guid-bravo", MembershipId::from("2000"), "20000"),
            ("guid-charlie", MembershipId::from("3000"), "30000"),
        ]
    );
}

#[tokio::test]
async fn a_member_missing_from_the_results_is_reported_not_added() {
    let api = Api::start().await;
    let add = add_mock(&api.v3, family_body(), "r-2");
    let ready = ready_mock(
        &api.v3,
        "r-2",
        vec![
            result_json("3000", "30000", "Jane", "guid-charlie"),
            result_json("1000", "10000", "Mom", "guid-alpha"),
            // Someone else's add, sharing nothing with this one.
            result_json("9000", "90000", "Stranger", "GUID-OTHER"),
        ],
    );
    let strays = api.strays();

    let client = api.client();
    let outcome = client.group("g1").members().add().members(family()).send().await;

    add.assert();
    ready.assert();
    strays.assert_none();
    let outcome = succeeds(outcome);
    assert!(!outcome.all_added());
    let added: Vec<_> = outcome
        .added
        .iter()
        .map(|a| a.requested.nickname_value())
        .collect();
    assert_eq!(added, vec!["Mom", "Jane"]);
    assert_eq!(outcome.not_added, vec![family()[1].clone()]);
}

#[tokio::test]
async fn start_gives_every_member_a_distinct_guid_and_wait_correlates_by_it() {
    let api = Api::start().await;
    let add = api.v3.add_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/add", &[]).is_true(|request| {
            let body: Value = serde_json::from_slice(request.body_ref()).unwrap_or_default();
            let members = body["members"].as_array().cloned().unwrap_or_default();
            let guids: HashSet<_> = members.iter().filter_map(|m| m["guid"].as_str()).collect();
            members.len() == 2
                && guids.len() == 2
                && guids.iter().all(|guid| guid.len() == 36)
                && members[0]["email"] == "a@example.com"
                && members[1]["phone_number"] == "+1 5550100"
        });
        then.accepted(&typed(envelope(202, json!({ "results_id": "r-3" }))));
    });

    let client = api.client();
    let members = client.group("g1").members();
    let started = members
        .add()
        .member(NewMember::by_email("A", "a@example.com"))
        .member(NewMember::by_phone("B", "+1 5550100"))
        .start()
        .await;

    add.assert();
    let started = succeeds(started);
    assert_eq!(started.results_id, ResultsId::from("r-3"));
    let guids: Vec<_> = started
        .requested
        .iter()
        .map(|m| m.guid_value().expect("a GUID was chosen").to_owned())
        .collect();

    let ready = ready_mock(&api.v3, "r-3", vec![result_json("1", "11", "B", &guids[1])]);
    let strays = api.strays();
    let outcome = succeeds(members.wait(&started).await);
    add.assert();
    ready.assert();
    strays.assert_none();
    assert_eq!(outcome.added.len(), 1);
    assert_eq!(outcome.added[0].requested.nickname_value(), "B");
    assert_eq!(outcome.added[0].membership_id(), MembershipId::from("1"));
    assert_eq!(outcome.not_added, vec![started.requested[0].clone()]);
}

#[tokio::test]
async fn results_reports_not_ready_then_ready() {
    let api = Api::start().await;
    let not_ready = api.v3.get_member_results(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/results/r-4", &[]);
        then.service_unavailable(json!(NOT_READY));
    });
    not_ready.up_to_n_times(1);
    let ready = ready_mock(&api.v3, "r-4", vec![result_json("1", "11", "A", "g-a")]);
    let strays = api.strays();

    let client = api.client();
    let members = client.group("g1").members();
    let id = ResultsId::from("r-4");
    let first = succeeds(members.results(&id).await);
    let second = succeeds(members.results(&id).await);

    // A 503 is "not ready", not a failure to retry: one call per look.
    not_ready.assert_calls(1);
    ready.assert_calls(1);
    strays.assert_none();
    assert_eq!(first, ResultsStatus::NotReady);
    match second {
        ResultsStatus::Ready(members) => {
            assert_eq!(members.len(), 1);
            assert_eq!(members[0].guid.as_deref(), Some("g-a"));
        }
        ResultsStatus::NotReady => panic!("expected ready results"),
    }
}

#[tokio::test]
async fn expired_results_end_the_wait_at_once() {
    let api = Api::start().await;
    let expired = expired_mock(&api.v3, "r-old");
    let strays = api.strays();

    let client = api.client();
    let err = fails(
        client
            .group("g1")
            .members()
            .wait_for_results(&ResultsId::from("r-old"))
            .await,
    );

    expired.assert_calls(1);
    strays.assert_none();
    assert!(err.is_results_expired(), "{err:?}");
    assert_eq!(err.kind(), &ErrorKind::ResultsExpired);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.body_excerpt(), Some(EXPIRED));
    assert!(!err.is_retryable() && !err.is_timeout());
}

#[tokio::test]
async fn results_that_never_come_time_out_at_the_deadline() {
    let api = Api::start().await;
    let not_ready = not_ready_mock(&api.v3, "r-slow");
    let deadline = ms(200);
    let client = api
        .builder()
        .polling(PollingPolicy::default().delays(ms(1), ms(5)).deadline(deadline))
        .build()
        .expect("client");

    let started = Instant::now();
    let err = fails(
        client
            .group("g1")
            .members()
            .wait_for_results(&ResultsId::from("r-slow"))
            .await,
    );
    let elapsed = started.elapsed();

    assert!(err.is_timeout() && !err.is_transport(), "{err:?}");
    assert!(elapsed >= deadline, "gave up early: {elapsed:?}");
    assert!(
        elapsed < deadline + Duration::from_secs(2),
        "overran: {elapsed:?}"
    );
    let ErrorKind::PollTimeout { waited, requests } = err.kind().clone() else {
        panic!("expected a poll timeout, got {err:?}");
    };
    assert!(waited >= deadline && waited <= elapsed, "{waited:?}");
    assert!(requests >= 2, "polled only {requests} times");
    let calls = u32::try_from(not_ready.calls()).unwrap();
    assert!(
        calls == requests || calls + 1 == requests,
        "{calls} calls for {requests} requests"
    );
    assert!(
        err.to_string().contains(&format!("{requests} requests")),
        "the message counts requests: {err}"
    );
    assert_eq!(err.operation(), Some("get_member_results"));
}

#[tokio::test]
async fn large_adds_are_sent_in_chunks_and_merged() {
    let api = Api::start().await;
    let member =
        |i: usize| NewMember::by_email(format!("N{i}"), format!("n{i}@example.com")).guid(format!("g{i}"));
    let wire = |i: usize| json!({ "nickname": format!("N{i}"), "email": format!("n{i}@example.com"), "guid": format!("g{i}") });
    let adds = [
        add_mock(&api.v3, json!({ "members": [wire(0), wire(1)] }), "r-a"),
        add_mock(&api.v3, json!({ "members": [wire(2), wire(3)] }), "r-b"),
        add_mock(&api.v3, json!({ "members": [wire(4)] }), "r-c"),
    ];
    let results = [
        ready_mock(
            &api.v3,
            "r-a",
            vec![
                result_json("m0", "u0", "N0", "g0"),
                result_json("m1", "u1", "N1", "g1"),
            ],
        ),
        ready_mock(&api.v3, "r-b", vec![result_json("m3", "u3", "N3", "g3")]),
        ready_mock(&api.v3, "r-c", vec![result_json("m4", "u4", "N4", "g4")]),
    ];
    let strays = api.strays();

    let client = api.builder().add_chunk_size(2).build().expect("client");
    let outcome = client
        .group("g1")
        .members()
        .add()
        .members((0..5).map(member))
        .send()
        .await;

    for mock in adds.iter().chain(&results) {
        mock.assert();
    }
    strays.assert_none();
    let outcome = succeeds(outcome);
    let added: Vec<_> = outcome.added.iter().map(|a| a.membership_id()).collect();
    assert_eq!(added, ["m0", "m1", "m3", "m4"].map(MembershipId::from));
    assert_eq!(outcome.not_added, vec![member(2)]);
    assert!(outcome.failed.is_empty(), "{outcome:?}");
}

#[tokio::test]
async fn a_failed_chunk_is_reported_and_the_others_still_count() {
    let api = Api::start().await;
    let member =
        |i: usize| NewMember::by_email(format!("N{i}"), format!("n{i}@example.com")).guid(format!("g{i}"));
    let wire = |i: usize| json!({ "nickname": format!("N{i}"), "email": format!("n{i}@example.com"), "guid": format!("g{i}") });
    let first = add_mock(&api.v3, json!({ "members": [wire(0), wire(1)] }), "r-a");
    let refused = api.v3.add_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/add", &[])
            .json_body(json!({ "members": [wire(2), wire(3)] }));
        then.forbidden(&typed(error_envelope(
            403,
            json!(["device verification required"]),
        )));
    });
    let last = add_mock(&api.v3, json!({ "members": [wire(4)] }), "r-c");
    let results = [
        ready_mock(&api.v3, "r-a", vec![result_json("m0", "u0", "N0", "g0")]),
        expired_mock(&api.v3, "r-c"),
    ];
    let strays = api.strays();

    let client = api.builder().add_chunk_size(2).build().expect("client");
    let outcome = client
        .group("g1")
        .members()
        .add()
        .members((0..5).map(member))
        .send()
        .await;

    for mock in [&first, &refused, &last].into_iter().chain(&results) {
        mock.assert();
    }
    strays.assert_none();
    let outcome = succeeds(outcome);
    let added: Vec<_> = outcome.added.iter().map(|a| a.membership_id()).collect();
    assert_eq!(added, [MembershipId::from("m0")]);
    assert_eq!(outcome.not_added, vec![member(1)]);
    assert_eq!(outcome.failed.len(), 2, "{outcome:?}");
    assert_eq!(outcome.failed[0].members, vec![member(2), member(3)]);
    assert!(
        outcome.failed[0].error.is_forbidden(),
        "{:?}",
        outcome.failed[0].error
    );
    assert_eq!(outcome.failed[1].members, vec![member(4)]);
    assert!(
        outcome.failed[1].error.is_results_expired(),
        "{:?}",
        outcome.failed[1].error
    );
    assert!(!outcome.all_added());
    for failure in &outcome.failed {
        crate::common::check_secret(&failure.error);
    }
}

#[tokio::test]
async fn when_every_chunk_fails_the_first_error_is_returned() {
    let api = Api::start().await;
    let refused = api.v3.add_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/add", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });

    let client = api.builder().add_chunk_size(1).build().expect("client");
    let result = client.group("g1").members().add().members(family()).send().await;

    refused.assert_calls(3);
    let err = fails(result);
    assert!(err.is_unauthorized(), "{err:?}");
}

#[tokio::test]
async fn duplicate_guids_are_refused_before_sending() {
    let api = Api::start().await;
    let strays = api.strays();

    let client = api.client();
    let result = client
        .group("g1")
        .members()
        .add()
        .member(NewMember::by_email("A", "a@example.com").guid("same"))
        .member(NewMember::by_email("B", "b@example.com").guid("other"))
        .member(NewMember::by_email("C", "c@example.com").guid("same"))
        .send()
        .await;

    strays.assert_none();
    assert_invalid(result, "members[2].guid", &Rule::Unique);
}

#[tokio::test]
async fn an_add_refused_by_a_device_check_is_forbidden_and_nothing_is_polled() {
    let api = Api::start().await;
    let add = api.v3.add_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/add", &[]).json_body(family_body());
        then.forbidden(&typed(error_envelope(
            403,
            json!(["device verification required"]),
        )));
    });
    let strays = api.strays();

    let client = api.client();
    let err = fails(client.group("g1").members().add().members(family()).send().await);

    add.assert();
    strays.assert_none();
    assert!(err.is_forbidden(), "{err:?}");
    assert_eq!(err.operation(), Some("add_members"));
}

#[tokio::test]
async fn results_decode_unknown_fields() {
    let api = Api::start().await;
    let mut member = result_json("1", "11", "A", "g-a");
    member["roles"] = json!(["pending_role"]);
    member["state"] = json!("invited");
    member["something_new"] = json!({ "x": 1 });
    let mock = api.v3.get_member_results(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/results/r-5", &[]);
        then.into_inner().status(200).json_body(
            json!({ "response": { "members": [member], "cursor": null }, "meta": { "code": 200 } }),
        );
    });

    let client = api.client();
    let members = client
        .group("g1")
        .members()
        .wait_for_results(&ResultsId::from("r-5"))
        .await;

    mock.assert();
    let members = succeeds(members);
    assert_eq!(members[0].roles, Some(vec!["pending_role".to_owned()]));
    assert_eq!(members[0].state.as_deref(), Some("invited"));
}
