//! Device attestation: when required, member adds answer `403` unless the
//! request carries an `X-Verify-Token` header.

use groupme_fake::{FakeGroupMe, ManualClock, demo};
use serde_json::{Value, json};

use crate::helpers::{Fake, start};

fn add_path() -> String {
    format!("/groups/{}/members/add", demo::GROUP_ID)
}

fn one_member() -> Value {
    json!({ "members": [{ "nickname": "Victor", "email": "victor@example.com" }] })
}

/// Adds one member as `token`, with `verify_token` in `X-Verify-Token` if
/// given; returns the status and the body.
async fn add(fake: &Fake, token: &str, verify_token: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}{}", fake.server.v3_url(), add_path()))
        .header("X-Access-Token", token)
        .json(&one_member());
    if let Some(verify_token) = verify_token {
        request = request.header("X-Verify-Token", verify_token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn start_verifying() -> Fake {
    let clock = ManualClock::default();
    let server = FakeGroupMe::builder()
        .clock(clock.clone())
        .require_verification(true)
        .start()
        .await
        .unwrap();
    Fake::with(server, clock)
}

#[tokio::test]
async fn member_adds_need_no_verification_by_default() {
    let fake = start().await;
    assert!(!fake.server.state().requires_verification());
    let (status, _) = add(&fake, demo::TOKEN, None).await;
    assert_eq!(status, 202);
}

#[tokio::test]
async fn when_required_member_adds_without_the_header_answer_403() {
    let fake = start_verifying().await;
    let before = fake.server.state().memberships(demo::GROUP_ID).unwrap().len();
    for verify_token in [None, Some(""), Some("   ")] {
        let (status, body) = add(&fake, demo::TOKEN, verify_token).await;
        assert_eq!(status, 403, "{verify_token:?}");
        assert_eq!(body["response"], Value::Null);
        assert_eq!(body["meta"]["code"], 403);
        let errors = body["meta"]["errors"].as_array().expect("a list of errors");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].as_str().unwrap().contains("verification required"),
            "{errors:?}"
        );
    }
    assert_eq!(
        fake.server.state().memberships(demo::GROUP_ID).unwrap().len(),
        before,
        "nobody was added"
    );
}

#[tokio::test]
async fn when_required_member_adds_with_the_header_succeed() {
    let fake = start_verifying().await;
    let (status, body) = add(&fake, demo::TOKEN, Some("attested-device-1")).await;
    assert_eq!(status, 202);
    assert!(body["response"]["results_id"].is_string(), "{body}");
}

#[tokio::test]
async fn a_bad_token_is_still_401_before_verification() {
    let fake = start_verifying().await;
    let (status, body) = add(&fake, "not-a-token", None).await;
    assert_eq!(status, 401);
    assert_eq!(body["meta"]["errors"], json!(["unauthorized"]));
}

#[tokio::test]
async fn verification_can_be_switched_at_run_time_and_spares_other_routes() {
    let fake = start().await;
    fake.server.state().set_require_verification(true);
    assert_eq!(add(&fake, demo::TOKEN, None).await.0, 403);
    fake.get("/users/me").await.json(200);
    fake.get(&format!("/groups/{}/members?filter=active", demo::GROUP_ID))
        .await
        .json(200);
    fake.server.state().set_require_verification(false);
    assert_eq!(add(&fake, demo::TOKEN, None).await.0, 202);
}

#[tokio::test]
async fn when_required_group_creation_needs_the_header_too() {
    let fake = start_verifying().await;
    let create = |verify_token: Option<&'static str>| {
        let mut request = reqwest::Client::new()
            .post(format!("{}/groups", fake.server.v3_url()))
            .header("X-Access-Token", demo::TOKEN)
            .json(&json!({ "name": "Book Club" }));
        if let Some(verify_token) = verify_token {
            request = request.header("X-Verify-Token", verify_token);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let groups_before = fake.server.state().describe();
    assert_eq!(create(None).await, 403);
    assert_eq!(fake.server.state().describe(), groups_before, "nothing was made");
    assert_eq!(create(Some("attested")).await, 201);
}
