//! Pending join requests: the list, approve, deny, decide, and the
//! approve-all and deny-all sweeps.

use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::types::MembershipIds as _;
use groupme_sdk::{Decision, MembershipId, UserId};
use serde_json::json;

use crate::common::{Api, check_secret, envelope, error_envelope, fails, sent, succeeds, typed};

/// The documented pending list: two requests with text join reasons.
fn pending_list() -> serde_json::Value {
    let request = |id: &str, user_id: &str, nickname: &str, answer: &str| {
        json!({
            "id": id,
            "user_id": user_id,
            "nickname": nickname,
            "image_url": "https://i.groupme.com/2320x3088.jpeg.df62",
            "reason": {
                "type": "join_reason/membership_join_reason",
                "question": {
                    "type": "join_reason/questions/text",
                    "text": "What brings you to this group?"
                },
                "answer": { "type": "join_reason/answers/text", "response": answer },
                "method": "discoverable"
            },
            "timestamp": 1767219001,
            "state": "requested_pending"
        })
    };
    envelope(
        200,
        json!([
            request("6021345501", "52104468", "bob", "I run the boathouse schedule."),
            request(
                "6021345502",
                "52104469",
                "allice",
                "A friend from the rowing club invited me."
            ),
        ]),
    )
}

/// The approval answer: the membership id arrives as an integer.
fn approval(membership_id: i64, state: &str) -> groupme_api::v3::types::ApprovalEnvelope {
    typed(envelope(
        200,
        json!({ "membership_id": membership_id, "state": state }),
    ))
}

/// The plain-text 401 the approval endpoint answers non-admins with.
const NOT_ADMIN: &str = "You are neither the Owner nor an Admin in this group";

#[tokio::test]
async fn pending_requests_are_listed() {
    let api = Api::start().await;
    let mock = api.v3.list_pending_memberships(|when, then| {
        sent(when.into_inner(), "/groups/g1/pending_memberships", &[]);
        then.ok(&typed(pending_list()));
    });
    let strays = api.strays();

    let pending = api.client().group("g1").pending().list().await;

    mock.assert();
    strays.assert_none();
    let pending = succeeds(pending);
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[0].membership_id(), MembershipId::from("6021345501"));
    assert_eq!(pending[0].user_id(), UserId::from("52104468"));
    assert_eq!(pending[1].nickname.as_deref(), Some("allice"));
    assert_eq!(pending[0].state.as_deref(), Some("requested_pending"));
    let reason = pending[0].reason.as_ref().expect("a join reason");
    assert_eq!(reason.type_, "join_reason/membership_join_reason");
    assert_eq!(
        reason.answer.as_ref().and_then(|a| a.response.as_deref()),
        Some("I run the boathouse schedule.")
    );
}

#[tokio::test]
async fn pending_requests_with_unknown_reason_kinds_decode() {
    let api = Api::start().await;
    let mock = api.v3.list_pending_memberships(|when, then| {
        sent(when.into_inner(), "/groups/g1/pending_memberships", &[]);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(envelope(
                200,
                json!([{
                    "id": "1",
                    "user_id": "2",
                    "reason": {
                        "type": "join_reason/invite_link_reason",
                        "question": { "type": "join_reason/questions/choice", "choices": ["a", "b"] },
                        "answer": { "type": "join_reason/answers/choice", "choice_index": 1 },
                        "inviter_id": "77"
                    },
                    "state": "requested_pending_review",
                    "new_field": { "nested": [1, 2, 3] }
                }]),
            ));
    });

    let pending = api.client().group("g1").pending().list().await;

    mock.assert();
    let pending = succeeds(pending);
    let reason = pending[0].reason.as_ref().expect("a join reason");
    assert_eq!(reason.type_, "join_reason/invite_link_reason");
    assert_eq!(
        reason.question.as_ref().map(|q| q.type_.as_str()),
        Some("join_reason/questions/choice")
    );
    assert_eq!(pending[0].state.as_deref(), Some("requested_pending_review"));
}

#[tokio::test]
async fn listing_pending_requests_of_an_unknown_group_is_not_found() {
    let api = Api::start().await;
    let mock = api.v3.list_pending_memberships(|when, then| {
        sent(when.into_inner(), "/groups/nope/pending_memberships", &[]);
        then.not_found(&typed(error_envelope(404, json!(["group not found"]))));
    });

    let err = fails(api.client().group("nope").pending().list().await);

    mock.assert();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn a_request_is_approved() {
    let api = Api::start().await;
    let mock = api.v3.decide_pending_membership(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/6021345501/approval", &[])
            .json_body(json!({ "approval": true }));
        then.ok(&approval(6021345501, "active"));
    });
    let strays = api.strays();

    let result = api.client().group("g1").pending().approve("6021345501").await;

    mock.assert();
    strays.assert_none();
    let result = succeeds(result);
    assert_eq!(
        (result.membership_id, result.state.as_str()),
        (6021345501, "active")
    );
}

#[tokio::test]
async fn a_request_is_denied() {
    let api = Api::start().await;
    let mock = api.v3.decide_pending_membership(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/6021345501/approval", &[])
            .json_body(json!({ "approval": false }));
        then.ok(&approval(6021345501, "denied"));
    });
    let strays = api.strays();

    let result = api.client().group("g1").pending().deny(6021345501_u64).await;

    mock.assert();
    strays.assert_none();
    assert_eq!(succeeds(result).state, "denied");
}

#[tokio::test]
async fn decide_sends_the_decision() {
    let api = Api::start().await;
    let approve = api.v3.decide_pending_membership(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/7/approval", &[]).json_body(json!({ "approval": true }));
        then.ok(&approval(7, "active"));
    });
    let deny = api.v3.decide_pending_membership(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/8/approval", &[]).json_body(json!({ "approval": false }));
        then.ok(&approval(8, "denied"));
    });
    let strays = api.strays();

    let client = api.client();
    let pending = client.group("g1").pending();
    let approved = pending.decide("7", Decision::Approve).await;
    let denied = pending.decide("8", Decision::Deny).await;

    approve.assert();
    deny.assert();
    strays.assert_none();
    assert_eq!(succeeds(approved).state, "active");
    assert_eq!(succeeds(denied).state, "denied");
}

#[tokio::test]
async fn approval_by_a_non_admin_is_unauthorized_with_a_text_body() {
    let api = Api::start().await;
    let mock = api.v3.decide_pending_membership(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/1/approval", &[]);
        then.unauthorized_text(NOT_ADMIN);
    });

    let err = fails(api.client().group("g1").pending().approve("1").await);

    mock.assert();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(err.body_excerpt(), Some(NOT_ADMIN));
    assert_eq!(err.api_errors(), None);
    assert_eq!(err.meta_code(), None);
    assert!(err.to_string().contains(NOT_ADMIN), "{err}");
}

#[tokio::test]
async fn approve_all_decides_every_request_and_keeps_going_after_a_failure() {
    let api = Api::start().await;
    let list = api.v3.list_pending_memberships(|when, then| {
        sent(when.into_inner(), "/groups/g1/pending_memberships", &[]);
        then.ok(&typed(pending_list()));
    });
    let refused = api.v3.decide_pending_membership(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/6021345501/approval", &[])
            .json_body(json!({ "approval": true }));
        then.unauthorized_text(NOT_ADMIN);
    });
    let approved = api.v3.decide_pending_membership(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/6021345502/approval", &[])
            .json_body(json!({ "approval": true }));
        then.ok(&approval(6021345502, "active"));
    });
    let strays = api.strays();

    let outcome = api.client().group("g1").pending().approve_all().await;

    list.assert();
    refused.assert();
    approved.assert();
    strays.assert_none();
    let outcome = succeeds(outcome);
    assert_eq!(outcome.decided.len(), 1);
    assert_eq!(outcome.decided[0].membership_id, 6021345502);
    assert_eq!(outcome.failed.len(), 1);
    let (membership_id, err) = &outcome.failed[0];
    check_secret(err);
    assert_eq!(membership_id, &MembershipId::from("6021345501"));
    assert!(err.is_unauthorized(), "{err:?}");
    assert!(!format!("{outcome:?}").contains(crate::common::TOKEN));
}

#[tokio::test]
async fn deny_all_denies_every_request() {
    let api = Api::start().await;
    let list = api.v3.list_pending_memberships(|when, then| {
        sent(when.into_inner(), "/groups/g1/pending_memberships", &[]);
        then.ok(&typed(pending_list()));
    });
    let first = api.v3.decide_pending_membership(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/6021345501/approval", &[])
            .json_body(json!({ "approval": false }));
        then.ok(&approval(6021345501, "denied"));
    });
    let second = api.v3.decide_pending_membership(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/6021345502/approval", &[])
            .json_body(json!({ "approval": false }));
        then.ok(&approval(6021345502, "denied"));
    });
    let strays = api.strays();

    let outcome = api.client().group("g1").pending().deny_all().await;

    list.assert();
    first.assert();
    second.assert();
    strays.assert_none();
    let outcome = succeeds(outcome);
    assert!(outcome.failed.is_empty(), "{:?}", outcome.failed);
    let decided: Vec<_> = outcome
        .decided
        .iter()
        .map(|d| (d.membership_id, d.state.as_str()))
        .collect();
    assert_eq!(decided, vec![(6021345501, "denied"), (6021345502, "denied")]);
}

#[tokio::test]
async fn approve_all_fails_when_the_list_fails() {
    let api = Api::start().await;
    let list = api.v3.list_pending_memberships(|when, then| {
        sent(when.into_inner(), "/groups/g1/pending_memberships", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });
    let strays = api.strays();

    let err = fails(api.client().group("g1").pending().approve_all().await);

    list.assert();
    strays.assert_none();
    assert!(err.is_unauthorized(), "{err:?}");
}
