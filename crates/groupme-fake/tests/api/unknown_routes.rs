//! Paths the fake does not serve and methods a path does not take answer
//! GroupMe's `404` envelope, not an empty body.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{Host, start};

#[tokio::test]
async fn unknown_paths_answer_an_enveloped_404() {
    let fake = start().await;
    for (host, path) in [
        (Host::V3, "/no/such/thing"),
        (Host::V3, "/groups/2001/members/3001/nonsense"),
        (Host::V2, "/users"),
        (Host::V2, "/groups/2001/nothing"),
    ] {
        for token in [Some(groupme_fake::demo::TOKEN), None] {
            fake.call(host, Method::GET, path, token, None)
                .await
                .error(404, json!(["not found"]));
        }
    }
    // Outside both hosts, too.
    let reply = reqwest::get(format!("http://{}/", fake.server.local_addr()))
        .await
        .unwrap();
    assert_eq!(reply.status(), 404);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "response": null, "meta": { "code": 404, "errors": ["not found"] } })
    );
}

#[tokio::test]
async fn a_method_a_known_path_does_not_take_answers_an_enveloped_404() {
    let fake = start().await;
    let token = Some(groupme_fake::demo::TOKEN);
    for (host, method, path) in [
        (Host::V3, Method::POST, "/users/me"),
        (Host::V3, Method::DELETE, "/users/me"),
        (Host::V3, Method::GET, "/users/update"),
        (Host::V3, Method::GET, "/groups/2001/members/add"),
        (Host::V2, Method::GET, "/users/1001"),
    ] {
        fake.call(host, method, path, token, Some(json!({})))
            .await
            .error(404, json!(["not found"]));
    }
}
