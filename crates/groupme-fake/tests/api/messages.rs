//! Group messages, direct messages and chats: cursors and their order,
//! limits, the `304`, `source_guid` de-duplication, deletes and v4 edits.

use std::time::Duration;

use groupme_fake::demo;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Host, start};

fn ids(page: &Value, list: &str) -> Vec<String> {
    page["response"][list]
        .as_array()
        .expect("a list of messages")
        .iter()
        .map(|message| message["id"].as_str().expect("string ids").to_owned())
        .collect()
}

fn group_path(query: &str) -> String {
    format!("/groups/{}/messages{query}", demo::GROUP_ID)
}

#[tokio::test]
async fn the_group_index_follows_each_cursor_in_its_documented_order() {
    let fake = start().await;
    fake.server.state().generate_history(demo::GROUP_ID, 250).unwrap();
    let all: Vec<String> = fake
        .server
        .state()
        .messages(demo::GROUP_ID)
        .into_iter()
        .map(|message| message.id)
        .collect();
    assert_eq!(all.len(), 250);

    // No cursor: the newest 20, newest first, with the total count.
    let page = fake.get(&group_path("")).await.json(200);
    assert_eq!(page["response"]["count"], 250);
    let newest: Vec<String> = all.iter().rev().take(20).cloned().collect();
    assert_eq!(ids(&page, "messages"), newest);
    assert!(page["response"]["messages"][0]["favorited_by"].is_array());
    assert!(page["response"]["messages"][0]["reactions"].is_array());
    assert_eq!(page["response"]["messages"][0]["group_id"], demo::GROUP_ID);

    // before_id: just older, newest first.
    let page = fake
        .get(&group_path(&format!("?before_id={}&limit=3", all[100])))
        .await
        .json(200);
    assert_eq!(
        ids(&page, "messages"),
        [all[99].clone(), all[98].clone(), all[97].clone()]
    );

    // after_id: just newer, oldest first.
    let page = fake
        .get(&group_path(&format!("?after_id={}&limit=3", all[100])))
        .await
        .json(200);
    assert_eq!(
        ids(&page, "messages"),
        [all[101].clone(), all[102].clone(), all[103].clone()]
    );

    // since_id: the newest after the id, skipping those right after it.
    let page = fake
        .get(&group_path(&format!("?since_id={}&limit=3", all[100])))
        .await
        .json(200);
    assert_eq!(
        ids(&page, "messages"),
        [all[249].clone(), all[248].clone(), all[247].clone()]
    );

    // At most 100 a page.
    let page = fake.get(&group_path("?limit=100")).await.json(200);
    assert_eq!(ids(&page, "messages").len(), 100);
    assert_eq!(
        fake.get(&group_path("?limit=101")).await.field_error("limit"),
        "must be a whole number from 1 to 100"
    );
    assert_eq!(
        fake.get(&group_path("?before_id=abc"))
            .await
            .field_error("before_id"),
        "is not a message id"
    );
}

#[tokio::test]
async fn nothing_to_answer_is_a_304_without_a_body() {
    let fake = start().await;
    // A group without messages.
    let reply = fake.get(&group_path("")).await;
    assert_eq!((reply.status, reply.body.as_str()), (304, ""));

    fake.server.state().generate_history(demo::GROUP_ID, 5).unwrap();
    let all = fake.server.state().messages(demo::GROUP_ID);
    for query in [
        format!("?before_id={}", all[0].id),
        format!("?after_id={}", all[4].id),
        format!("?since_id={}", all[4].id),
    ] {
        let reply = fake.get(&group_path(&query)).await;
        assert_eq!((reply.status, reply.body.as_str()), (304, ""), "{query}");
    }
}

#[tokio::test]
async fn a_source_guid_is_refused_for_a_minute_then_accepted_again() {
    let fake = start().await;
    let body = json!({ "message": { "source_guid": "guid-1", "text": "hello" } });
    let first = fake.post(&group_path(""), body.clone()).await.json(201);
    let message = &first["response"]["message"];
    assert_eq!(message["text"], "hello");
    assert_eq!(message["source_guid"], "guid-1");
    assert_eq!(message["user_id"], demo::USER_ID);
    assert_eq!(message["sender_type"], "user");

    let again = fake.post(&group_path(""), body.clone()).await;
    assert_eq!(again.status, 409);
    assert_eq!(fake.server.state().messages(demo::GROUP_ID).len(), 1);

    fake.clock.advance(Duration::from_secs(60));
    fake.post(&group_path(""), body).await.json(201);
    assert_eq!(fake.server.state().messages(demo::GROUP_ID).len(), 2);
}

#[tokio::test]
async fn sends_follow_the_documented_rules() {
    let fake = start().await;
    let blank = fake
        .post(&group_path(""), json!({ "message": { "source_guid": "g" } }))
        .await;
    assert_eq!(blank.field_error("text"), "can't be blank without an attachment");
    let long = "é".repeat(1001);
    let reply = fake
        .post(
            &group_path(""),
            json!({ "message": { "source_guid": "g", "text": long } }),
        )
        .await;
    assert_eq!(reply.status, 400);
    // 1,000 characters of two bytes each are fine.
    let ok = "é".repeat(1000);
    fake.post(
        &group_path(""),
        json!({ "message": { "source_guid": "g2", "text": ok } }),
    )
    .await
    .json(201);
    // Attachments alone are enough, and come back typed and whole.
    let body = json!({ "message": { "source_guid": "g3", "attachments": [
        { "type": "location", "lat": "1.5", "lng": "2.5", "name": "Dock" },
        { "type": "mentions", "user_ids": [demo::ALICE.id], "loci": [[0, 3]] }
    ] } });
    let sent = fake.post(&group_path(""), body).await.json(201);
    assert_eq!(sent["response"]["message"]["attachments"][0]["name"], "Dock");
    let mismatched = json!({ "message": { "source_guid": "g4", "text": "hi", "attachments": [
        { "type": "mentions", "user_ids": ["1", "2"], "loci": [[0, 2]] }
    ] } });
    assert_eq!(
        fake.post(&group_path(""), mismatched)
            .await
            .field_error("attachments"),
        "mentions need one locus per user id"
    );
    // Outsiders see no group.
    let outsider = fake
        .post_as(
            demo::MALLORY.token,
            &group_path(""),
            json!({ "message": { "source_guid": "m", "text": "x" } }),
        )
        .await;
    outsider.error(404, json!(["group not found"]));
}

#[tokio::test]
async fn deletes_answer_204_and_only_the_sender_or_an_admin_may_delete() {
    let fake = start().await;
    let state = fake.server.state();
    let bobs = state
        .post_message(demo::GROUP_ID, demo::BOB.id, "from Bob")
        .unwrap();
    let demos = state
        .post_message(demo::GROUP_ID, demo::USER_ID, "from Demo")
        .unwrap();
    let path = |id: &str| format!("/conversations/{}/messages/{id}", demo::GROUP_ID);

    // Bob may not delete Demo's message; the owner may delete Bob's.
    let refused = fake
        .call(
            Host::V3,
            Method::DELETE,
            &path(&demos),
            Some(demo::BOB.token),
            None,
        )
        .await;
    assert_eq!(refused.status, 403);
    let deleted = fake
        .call(Host::V3, Method::DELETE, &path(&bobs), Some(demo::TOKEN), None)
        .await;
    assert_eq!((deleted.status, deleted.body.as_str()), (204, ""));
    assert!(state.message(demo::GROUP_ID, &bobs).is_none());
    let again = fake
        .call(Host::V3, Method::DELETE, &path(&bobs), Some(demo::TOKEN), None)
        .await;
    assert_eq!(again.status, 404);
}

#[tokio::test]
async fn v4_shows_and_edits_the_senders_own_message_for_fifteen_minutes() {
    let fake = start().await;
    let state = fake.server.state();
    let id = state
        .post_message(demo::GROUP_ID, demo::USER_ID, "first draft")
        .unwrap();
    let path = format!("/groups/{}/messages/{id}", demo::GROUP_ID);

    let shown = fake
        .call(Host::V4, Method::GET, &path, Some(demo::TOKEN), None)
        .await
        .json(200);
    assert_eq!(shown["response"]["message"]["text"], "first draft");

    let body = json!({ "text": "second draft" });
    let bob = fake
        .call(
            Host::V4,
            Method::PUT,
            &path,
            Some(demo::BOB.token),
            Some(body.clone()),
        )
        .await;
    assert_eq!(bob.status, 403);
    let edited = fake
        .call(
            Host::V4,
            Method::PUT,
            &path,
            Some(demo::TOKEN),
            Some(body.clone()),
        )
        .await
        .json(200);
    assert_eq!(edited["response"]["message"]["text"], "second draft");
    assert!(edited["response"]["message"]["updated_at"].is_i64());

    fake.clock.advance(Duration::from_secs(15 * 60 + 1));
    let late = fake
        .call(Host::V4, Method::PUT, &path, Some(demo::TOKEN), Some(body))
        .await;
    assert_eq!(late.status, 403);
    let missing = format!("/groups/{}/messages/1", demo::GROUP_ID);
    assert_eq!(
        fake.call(Host::V4, Method::GET, &missing, Some(demo::TOKEN), None)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn direct_messages_live_in_a_conversation_named_after_both_users() {
    let fake = start().await;
    let send = |guid: &str, text: &str| json!({ "direct_message": { "source_guid": guid, "recipient_id": demo::ALICE.id, "text": text } });
    let sent = fake
        .post("/direct_messages", send("d1", "hi Alice"))
        .await
        .json(201);
    let conversation_id = fake
        .server
        .state()
        .direct_conversation_id(demo::USER_ID, demo::ALICE.id)
        .unwrap();
    assert_eq!(
        sent["response"]["message"]["conversation_id"],
        conversation_id.as_str()
    );
    assert_eq!(sent["response"]["message"]["recipient_id"], demo::ALICE.id);
    assert_eq!(
        fake.post("/direct_messages", send("d1", "again")).await.status,
        409
    );
    fake.post_as(
        demo::ALICE.token,
        "/direct_messages",
        json!({ "direct_message": { "source_guid": "d2", "recipient_id": demo::USER_ID, "text": "hi back" } }),
    )
    .await
    .json(201);

    // Both see the same conversation, newest first.
    let page = fake
        .get(&format!("/direct_messages?other_user_id={}", demo::ALICE.id))
        .await
        .json(200);
    let texts: Vec<&str> = page["response"]["direct_messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["hi back", "hi Alice"]);
    let oldest = page["response"]["direct_messages"][1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = fake
        .get(&format!(
            "/direct_messages?other_user_id={}&before_id={oldest}",
            demo::ALICE.id
        ))
        .await;
    assert_eq!((reply.status, reply.body.as_str()), (304, ""));
    assert_eq!(
        fake.get("/direct_messages").await.field_error("other_user_id"),
        "can't be blank"
    );

    // An unknown recipient is answered in plain text.
    let bad = fake
        .post(
            "/direct_messages",
            json!({ "direct_message": { "source_guid": "d3", "recipient_id": "999999", "text": "x" } }),
        )
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.content_type.as_deref(), Some("text/plain; charset=utf-8"));

    // Chats: listed, shown, deleted.
    let chats = fake.get("/chats").await.json(200);
    assert_eq!(chats["response"][0]["other_user"]["id"], demo::ALICE.id);
    assert_eq!(chats["response"][0]["messages_count"], 2);
    assert_eq!(chats["response"][0]["last_message"]["text"], "hi back");
    assert_eq!(fake.get("/chats?page=2").await.json(200)["response"], json!([]));
    let shown = fake.get(&format!("/chats/{conversation_id}")).await.json(200);
    assert_eq!(shown["response"]["message_edit_period"], 15);
    let deleted = fake
        .call(
            Host::V3,
            Method::DELETE,
            &format!("/chats/{conversation_id}"),
            Some(demo::TOKEN),
            None,
        )
        .await;
    assert_eq!(deleted.status, 200);
    assert_eq!(fake.get("/chats").await.json(200)["response"], json!([]));
    assert_eq!(fake.get(&format!("/chats/{conversation_id}")).await.status, 404);
}

#[tokio::test]
async fn a_seeded_history_of_a_hundred_thousand_pages_to_the_end() {
    let fake = groupme_fake::FakeGroupMe::builder()
        .messages(100_000)
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let first: Value = http
        .get(format!(
            "{}/groups/{}/messages?limit=100",
            fake.v3_url(),
            demo::GROUP_ID
        ))
        .header("X-Access-Token", demo::TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first["response"]["count"], 100_000);
    let oldest = first["response"]["messages"][0]["id"]
        .as_str()
        .unwrap()
        .parse::<i64>()
        .unwrap()
        - 99_999;
    let last = http
        .get(format!(
            "{}/groups/{}/messages?before_id={}",
            fake.v3_url(),
            demo::GROUP_ID,
            oldest + 1
        ))
        .header("X-Access-Token", demo::TOKEN)
        .send()
        .await
        .unwrap();
    let last: Value = last.json().await.unwrap();
    assert_eq!(last["response"]["messages"][0]["id"], oldest.to_string());
    assert_eq!(last["response"]["messages"].as_array().unwrap().len(), 1);
}
