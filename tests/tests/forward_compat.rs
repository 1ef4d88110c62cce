//! Forward compatibility: answers with fields the spec does not describe (at
//! the top of the envelope, in `meta`, in the response and in nested
//! objects), documented strings sent as `null` or `""`, and roles, states
//! and join-reason types the documents do not list must still decode
//! through the generated client, keeping every known value.

use groupme_api::v3::types;
use groupme_api::{Envelope, Meta};
use groupme_api_httpmock::v3::MockServerExt;
use groupme_tests::{TestResult, reply_json, request_to, v3_client};
use httpmock::MockServer;
use serde_json::{Value, json};

/// An envelope with an unknown top-level member and an unknown `meta` member
/// around `response`.
fn extended_envelope(response: Value) -> Value {
    json!({
        "response": response,
        "meta": { "code": 200, "errors": [], "request_id": "f00dcafe", "ratelimit": { "remaining": 9 } },
        "links": { "next": null },
    })
}

/// The `meta` the extended envelope must decode to.
fn extended_meta() -> Meta {
    Meta {
        code: 200,
        errors: Some(types::MetaErrors::ErrorMessages(Some(Vec::new()))),
    }
}

#[tokio::test]
async fn users_me_with_live_api_extras_and_nulls_decodes() -> TestResult {
    let server = MockServer::start_async().await;
    let user = json!({
        "id": "1234567890",
        "user_id": "1234567890",
        "name": "Marlow Pike",
        "phone_number": "+1 5550109876",
        "email": null,
        "image_url": null,
        "sms": false,
        "created_at": 1412623005,
        "updated_at": 1302623329,
        "locale": "en_us",
        "zip_code": null,
        "share_url": null,
        "share_qr_code_url": null,
        "mfa": { "enabled": false, "channels": [] },
        "tags": ["campus"],
        "prompt_for_survey": true,
        "facebook_connected": false
    });
    let mock = server.get_me(|when, then| {
        request_to(when.into_inner(), "/users/me", &[]);
        reply_json(then.into_inner(), 200, &extended_envelope(user));
    });

    let answer = v3_client(&server).get_me().send().await?;

    mock.assert_async().await;
    let (user, meta) = answer.into_inner().into_parts();
    let expected = types::User {
        id: "1234567890".into(),
        user_id: Some("1234567890".into()),
        name: "Marlow Pike".into(),
        phone_number: Some("+1 5550109876".into()),
        email: None,
        image_url: None,
        sms: Some(false),
        created_at: Some(1412623005),
        updated_at: Some(1302623329),
        locale: Some("en_us".into()),
        zip_code: None,
        share_url: None,
        share_qr_code_url: None,
    };
    assert_eq!(user, Some(expected));
    assert_eq!(meta, extended_meta());
    Ok(())
}

#[tokio::test]
async fn inactive_members_with_unknown_roles_states_and_fields_decode() -> TestResult {
    let server = MockServer::start_async().await;
    let index = json!({
        "memberships": [
            {
                "id": "35792468",
                "user_id": "44332211",
                "nickname": "Alu",
                "name": "Brightwater",
                "image_url": "",
                "state": "exited_removed",
                "roles": ["owner", "moderator"],
                "muted": true,
                "joined_at": 1412623005,
                "badges": [{ "kind": "founder" }]
            },
            {
                "id": "4681357911",
                "user_id": "88776655",
                "nickname": "Fran",
                "name": null,
                "image_url": null,
                "state": "suspended_pending_review",
                "roles": ["future_role"]
            }
        ],
        "total": 2
    });
    let mock = server.list_members(|when, then| {
        let when = when.filter(types::MembershipFilter::Inactive);
        request_to(
            when.into_inner(),
            "/groups/1111/members",
            &[("filter", "inactive")],
        );
        reply_json(then.into_inner(), 200, &extended_envelope(index));
    });

    let answer = v3_client(&server)
        .list_members()
        .group_id("1111")
        .filter(types::MembershipFilter::Inactive)
        .send()
        .await?;

    mock.assert_async().await;
    let (index, meta) = answer.into_inner().into_parts();
    let expected = types::MembershipIndex {
        memberships: Some(vec![
            types::Member {
                id: "35792468".into(),
                user_id: "44332211".into(),
                nickname: "Alu".into(),
                name: Some("Brightwater".into()),
                image_url: Some(String::new()),
                state: Some("exited_removed".into()),
                roles: Some(vec!["owner".into(), "moderator".into()]),
                muted: Some(true),
                autokicked: None,
                app_installed: None,
                guid: None,
            },
            types::Member {
                id: "4681357911".into(),
                user_id: "88776655".into(),
                nickname: "Fran".into(),
                name: None,
                image_url: None,
                state: Some("suspended_pending_review".into()),
                roles: Some(vec!["future_role".into()]),
                muted: None,
                autokicked: None,
                app_installed: None,
                guid: None,
            },
        ]),
    };
    assert_eq!(index, Some(expected));
    assert_eq!(meta, extended_meta());
    Ok(())
}

#[tokio::test]
async fn pending_memberships_with_unknown_join_reason_types_decode() -> TestResult {
    let server = MockServer::start_async().await;
    let pending = json!([
        {
            "id": "6021345501",
            "user_id": "52104468",
            "nickname": "bob",
            "image_url": null,
            "reason": {
                "type": "join_reason/referral_join_reason",
                "question": {
                    "type": "join_reason/questions/multiple_choice",
                    "text": "How did you hear about us?",
                    "choices": [{ "id": 1, "label": "A friend" }, { "id": 2, "label": "Campus" }]
                },
                "answer": {
                    "type": "join_reason/answers/multiple_choice",
                    "choice_ids": [2]
                },
                "method": "share_link",
                "referrer": { "user_id": "10000" }
            },
            "timestamp": 1767219001,
            "state": "requested_under_review",
            "mutual_groups": 3
        },
        {
            "id": "6021345502",
            "user_id": "52104469",
            "reason": { "type": "join_reason/none" }
        }
    ]);
    let mock = server.list_pending_memberships(|when, then| {
        request_to(when.into_inner(), "/groups/1111/pending_memberships", &[]);
        reply_json(then.into_inner(), 200, &extended_envelope(pending));
    });

    let answer = v3_client(&server)
        .list_pending_memberships()
        .group_id("1111")
        .send()
        .await?;

    mock.assert_async().await;
    let (pending, meta) = answer.into_inner().into_parts();
    let expected = vec![
        types::PendingMembership {
            id: "6021345501".into(),
            user_id: "52104468".into(),
            nickname: Some("bob".into()),
            image_url: None,
            reason: Some(types::JoinReason {
                type_: "join_reason/referral_join_reason".into(),
                question: Some(types::JoinReasonPart {
                    type_: "join_reason/questions/multiple_choice".into(),
                    text: Some("How did you hear about us?".into()),
                    response: None,
                }),
                answer: Some(types::JoinReasonPart {
                    type_: "join_reason/answers/multiple_choice".into(),
                    text: None,
                    response: None,
                }),
                method: Some("share_link".into()),
            }),
            timestamp: Some(1767219001),
            state: Some("requested_under_review".into()),
        },
        types::PendingMembership {
            id: "6021345502".into(),
            user_id: "52104469".into(),
            nickname: None,
            image_url: None,
            reason: Some(types::JoinReason {
                type_: "join_reason/none".into(),
                question: None,
                answer: None,
                method: None,
            }),
            timestamp: None,
            state: None,
        },
    ];
    assert_eq!(pending, Some(expected));
    assert_eq!(meta, extended_meta());
    Ok(())
}

#[tokio::test]
async fn member_results_with_unknown_fields_decode() -> TestResult {
    let server = MockServer::start_async().await;
    let results = json!({
        "members": [
            {
                "id": "1000",
                "user_id": "10000",
                "nickname": "John",
                "muted": false,
                "image_url": "",
                "autokicked": false,
                "app_installed": true,
                "guid": "guid-alpha",
                "roles": ["user", "probation"],
                "state": "invited",
                "invite_channel": { "kind": "sms", "sent_at": 1412623005 }
            }
        ],
        "failed_count": 1
    });
    let mock = server.get_member_results(|when, then| {
        request_to(when.into_inner(), "/groups/1111/members/results/GUID", &[]);
        reply_json(then.into_inner(), 200, &extended_envelope(results));
    });

    let answer = v3_client(&server)
        .get_member_results()
        .group_id("1111")
        .results_id("GUID")
        .send()
        .await?;

    mock.assert_async().await;
    let (results, meta) = answer.into_inner().into_parts();
    let expected = types::MemberResults {
        members: Some(vec![types::Member {
            id: "1000".into(),
            user_id: "10000".into(),
            nickname: "John".into(),
            muted: Some(false),
            image_url: Some(String::new()),
            autokicked: Some(false),
            app_installed: Some(true),
            guid: Some("guid-alpha".into()),
            roles: Some(vec!["user".into(), "probation".into()]),
            state: Some("invited".into()),
            name: None,
        }]),
    };
    assert_eq!(results, Some(expected));
    assert_eq!(meta, extended_meta());
    Ok(())
}

#[tokio::test]
async fn approval_with_an_unknown_state_and_fields_decodes() -> TestResult {
    let server = MockServer::start_async().await;
    let approval = json!({ "membership_id": 6021345503_i64, "state": "waitlisted", "position": 4 });
    let mock = server.decide_pending_membership(|when, then| {
        request_to(when.into_inner(), "/groups/1111/members/6021345503/approval", &[]);
        reply_json(then.into_inner(), 200, &extended_envelope(approval));
    });

    let answer = v3_client(&server)
        .decide_pending_membership()
        .group_id("1111")
        .membership_id("6021345503")
        .body(types::ApprovalRequest { approval: true })
        .send()
        .await?;

    mock.assert_async().await;
    let (result, meta) = answer.into_inner().into_parts();
    let expected = types::ApprovalResult {
        membership_id: 6021345503,
        state: "waitlisted".into(),
    };
    assert_eq!(result, Some(expected));
    assert_eq!(meta, extended_meta());
    Ok(())
}
