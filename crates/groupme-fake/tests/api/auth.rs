//! Tokens: `X-Access-Token` everywhere, `?token=` on v3 only; missing or
//! unknown tokens get 401 with GroupMe's envelope.

use groupme_fake::demo;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{Host, start};

#[tokio::test]
async fn the_header_names_the_caller() {
    let fake = start().await;
    let body = fake.get("/users/me").await.json(200);
    assert_eq!(body["response"]["id"], demo::USER_ID);
    let body = fake.get_as(demo::ALICE.token, "/users/me").await.json(200);
    assert_eq!(body["response"]["id"], demo::ALICE.id);
    assert_eq!(body["response"]["name"], "Alice Admin");
}

#[tokio::test]
async fn v3_accepts_the_token_in_the_query() {
    let fake = start().await;
    let path = format!("/users/me?token={}", demo::BOB.token);
    let body = fake
        .call(Host::V3, Method::GET, &path, None, None)
        .await
        .json(200);
    assert_eq!(body["response"]["id"], demo::BOB.id);
}

#[tokio::test]
async fn a_missing_token_is_unauthorized() {
    let fake = start().await;
    fake.call(Host::V3, Method::GET, "/users/me", None, None)
        .await
        .error(401, json!(["unauthorized"]));
}

#[tokio::test]
async fn an_unknown_token_is_unauthorized() {
    let fake = start().await;
    fake.get_as("not-a-token", "/users/me")
        .await
        .error(401, json!(["unauthorized"]));
    let path = "/users/me?token=not-a-token";
    fake.call(Host::V3, Method::GET, path, None, None)
        .await
        .error(401, json!(["unauthorized"]));
}

#[tokio::test]
async fn v2_ignores_the_token_in_the_query() {
    let fake = start().await;
    let path = format!("/users/{}?token={}", demo::USER_ID, demo::TOKEN);
    fake.call(Host::V2, Method::POST, &path, None, Some(json!({ "user": {} })))
        .await
        .error(401, json!(["unauthorized"]));
}

#[tokio::test]
async fn every_operation_refuses_a_missing_token() {
    let fake = start().await;
    let group = demo::GROUP_ID;
    let operations = [
        (Host::V3, Method::GET, "/users/me".to_owned()),
        (Host::V3, Method::POST, "/users/update".to_owned()),
        (Host::V3, Method::PUT, "/directories/user/majors".to_owned()),
        (Host::V3, Method::PUT, "/directories/user/membership".to_owned()),
        (Host::V3, Method::POST, "/users/features/share".to_owned()),
        (Host::V3, Method::POST, "/users/sms_mode".to_owned()),
        (Host::V3, Method::POST, "/users/sms_mode/delete".to_owned()),
        (
            Host::V3,
            Method::GET,
            format!("/groups/{group}/members?filter=active"),
        ),
        (Host::V3, Method::POST, format!("/groups/{group}/members/add")),
        (
            Host::V3,
            Method::GET,
            format!("/groups/{group}/members/results/results-1"),
        ),
        (
            Host::V3,
            Method::POST,
            format!("/groups/{group}/members/3003/remove"),
        ),
        (
            Host::V3,
            Method::GET,
            format!("/groups/{group}/pending_memberships"),
        ),
        (
            Host::V3,
            Method::POST,
            format!("/groups/{group}/members/3005/approval"),
        ),
        (
            Host::V3,
            Method::POST,
            format!("/groups/{group}/memberships/update"),
        ),
        (Host::V2, Method::POST, format!("/users/{}", demo::USER_ID)),
        (
            Host::V2,
            Method::POST,
            format!("/groups/{group}/memberships/3004/destroy"),
        ),
    ];
    for (host, method, path) in operations {
        for token in [None, Some("not-a-token")] {
            let reply = fake
                .call(host, method.clone(), &path, token, Some(json!({})))
                .await;
            assert_eq!(reply.status, 401, "{method} {path} with {token:?}");
            reply.error(401, json!(["unauthorized"]));
        }
    }
    // Nothing changed.
    assert_eq!(
        fake.demo_membership(demo::BOB_MEMBERSHIP_ID).state.as_deref(),
        Some("active")
    );
    assert_eq!(
        fake.demo_membership(demo::DAVE_REQUEST_ID).state.as_deref(),
        Some("requested_pending")
    );
}
