//! Join requests: listed by any member, decided by owners and admins.

use groupme_fake::demo;
use serde_json::json;

use crate::helpers::start;

const NOT_OWNER_OR_ADMIN: &str = "You are neither the Owner nor an Admin in this group";

fn pending_path(group_id: &str) -> String {
    format!("/groups/{group_id}/pending_memberships")
}

fn approval_path(group_id: &str, membership_id: &str) -> String {
    format!("/groups/{group_id}/members/{membership_id}/approval")
}

#[tokio::test]
async fn any_member_may_list_join_requests() {
    let fake = start().await;
    let body = fake
        .get_as(demo::BOB.token, &pending_path(demo::GROUP_ID))
        .await
        .json(200);
    assert_eq!(body["meta"]["code"], 200);
    let requests = body["response"].as_array().expect("a bare list");
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0],
        json!({
            "id": demo::DAVE_REQUEST_ID,
            "user_id": demo::DAVE.id,
            "nickname": "dave",
            "reason": {
                "type": "join_reason/membership_join_reason",
                "question": {
                    "type": "join_reason/questions/text",
                    "text": "What brings you to this group?"
                },
                "answer": {
                    "type": "join_reason/answers/text",
                    "response": "I run the boathouse schedule."
                },
                "method": "discoverable"
            },
            "timestamp": 1_747_219_206,
            "state": "requested_pending"
        })
    );
    assert_eq!(requests[1]["id"], demo::ERIN_REQUEST_ID);
}

#[tokio::test]
async fn outsiders_and_unknown_groups_get_not_found() {
    let fake = start().await;
    fake.get_as(demo::FRANK.token, &pending_path(demo::GROUP_ID))
        .await
        .error(404, json!(["group not found"]));
    fake.get(&pending_path("9999"))
        .await
        .error(404, json!(["group not found"]));
}

#[tokio::test]
async fn approving_makes_the_request_an_active_membership() {
    let fake = start().await;
    let path = approval_path(demo::GROUP_ID, demo::DAVE_REQUEST_ID);
    let body = fake
        .post_as(demo::ALICE.token, &path, json!({ "approval": true }))
        .await
        .json(200);
    assert_eq!(
        body,
        json!({ "response": { "membership_id": 3005, "state": "active" }, "meta": { "code": 200 } })
    );
    assert_eq!(
        fake.demo_membership(demo::DAVE_REQUEST_ID).state.as_deref(),
        Some("active")
    );
    let pending = fake.get(&pending_path(demo::GROUP_ID)).await.json(200);
    assert_eq!(pending["response"].as_array().unwrap().len(), 1);
    // Dave can now use the group like any member.
    let body = fake
        .get_as(demo::DAVE.token, &pending_path(demo::GROUP_ID))
        .await
        .json(200);
    assert_eq!(body["response"][0]["id"], demo::ERIN_REQUEST_ID);
}

#[tokio::test]
async fn denying_makes_the_request_denied() {
    let fake = start().await;
    let path = approval_path(demo::GROUP_ID, demo::ERIN_REQUEST_ID);
    let body = fake.post(&path, json!({ "approval": false })).await.json(200);
    assert_eq!(
        body["response"],
        json!({ "membership_id": 3006, "state": "denied" })
    );
    assert_eq!(
        fake.demo_membership(demo::ERIN_REQUEST_ID).state.as_deref(),
        Some("denied")
    );
    // A decided request cannot be decided again.
    fake.post(&path, json!({ "approval": true }))
        .await
        .error(404, json!(["pending membership not found"]));
}

#[tokio::test]
async fn only_owners_and_admins_decide_and_others_get_plain_text() {
    let fake = start().await;
    let path = approval_path(demo::GROUP_ID, demo::DAVE_REQUEST_ID);
    fake.post_as(demo::BOB.token, &path, json!({ "approval": true }))
        .await
        .text(401, NOT_OWNER_OR_ADMIN);
    // Even with a body that is not an approval: permission comes first.
    fake.post_as(demo::BOB.token, &path, json!("nonsense"))
        .await
        .text(401, NOT_OWNER_OR_ADMIN);
    // The demo user is a plain member of the other group, and no member of
    // an unknown one.
    let other = approval_path(demo::OTHER_GROUP_ID, demo::DAVE_REQUEST_ID);
    fake.post(&other, json!({ "approval": true }))
        .await
        .text(401, NOT_OWNER_OR_ADMIN);
    fake.post(&approval_path("9999", "1"), json!({ "approval": true }))
        .await
        .text(401, NOT_OWNER_OR_ADMIN);
    assert_eq!(
        fake.demo_membership(demo::DAVE_REQUEST_ID).state.as_deref(),
        Some("requested_pending")
    );
}

#[tokio::test]
async fn only_pending_requests_can_be_decided() {
    let fake = start().await;
    fake.post(
        &approval_path(demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID),
        json!({ "approval": false }),
    )
    .await
    .error(404, json!(["pending membership not found"]));
    assert_eq!(
        fake.demo_membership(demo::BOB_MEMBERSHIP_ID).state.as_deref(),
        Some("active")
    );
}

#[tokio::test]
async fn a_decision_needs_an_approval_flag() {
    let fake = start().await;
    let path = approval_path(demo::GROUP_ID, demo::DAVE_REQUEST_ID);
    let reply = fake.post(&path, json!({ "approval": "yes" })).await;
    assert!(!reply.field_error("approval").is_empty());
    let body = fake.post(&path, json!({})).await.json(400);
    assert!(body["meta"]["errors"].is_array(), "{body}");
}
