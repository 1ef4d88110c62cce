//! Likes and reactions, the like leaderboard, mine and for_me, pins, the
//! gallery and read receipts, against the message store.

use std::time::Duration;

use groupme_fake::demo;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Fake, Host, start};

fn like_path(conversation: &str, message: &str, action: &str) -> String {
    format!("/messages/{conversation}/{message}/{action}")
}

fn pin_path(conversation: &str, message: &str, action: &str) -> String {
    format!("/conversations/{conversation}/messages/{message}/{action}")
}

async fn post_empty(fake: &Fake, token: &str, path: &str) -> crate::helpers::Reply {
    fake.call(Host::V3, Method::POST, path, Some(token), None).await
}

fn ids(body: &Value) -> Vec<String> {
    body["response"]["messages"]
        .as_array()
        .expect("a list of messages")
        .iter()
        .map(|message| message["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn likes_fill_favorited_by_and_a_new_reaction_replaces_the_old() {
    let fake = start().await;
    let state = fake.server.state();
    let message = state
        .post_message(demo::GROUP_ID, demo::ALICE.id, "Summit")
        .unwrap();

    post_empty(&fake, demo::TOKEN, &like_path(demo::GROUP_ID, &message, "like"))
        .await
        .empty(200);
    let shown = state.message(demo::GROUP_ID, &message).unwrap();
    assert_eq!(shown.favorited_by, Some(vec![demo::USER_ID.to_owned()]));

    let react = |icon: Value| json!({ "like_icon": icon });
    fake.post(
        &like_path(demo::GROUP_ID, &message, "like"),
        react(json!({ "type": "unicode", "code": "🔥" })),
    )
    .await
    .empty(200);
    fake.post(
        &like_path(demo::GROUP_ID, &message, "like"),
        react(json!({ "type": "emoji", "pack_id": 3, "pack_index": 9 })),
    )
    .await
    .empty(200);
    let reactions = state
        .message(demo::GROUP_ID, &message)
        .unwrap()
        .reactions
        .unwrap();
    assert_eq!(reactions.len(), 1, "the emoji replaced the fire: {reactions:?}");
    assert_eq!(reactions[0].pack_id, Some(3));
    assert_eq!(reactions[0].user_ids, Some(vec![demo::USER_ID.to_owned()]));

    // Only the apps' emoji are accepted; powerups need both numbers.
    fake.post(
        &like_path(demo::GROUP_ID, &message, "like"),
        react(json!({ "type": "unicode", "code": "🐙" })),
    )
    .await
    .field_error("like_icon.code");
    fake.post(
        &like_path(demo::GROUP_ID, &message, "like"),
        react(json!({ "type": "emoji", "pack_id": 3 })),
    )
    .await
    .field_error("like_icon");

    post_empty(&fake, demo::TOKEN, &like_path(demo::GROUP_ID, &message, "unlike"))
        .await
        .empty(200);
    let shown = state.message(demo::GROUP_ID, &message).unwrap();
    assert_eq!(shown.favorited_by, Some(vec![]));
    assert_eq!(shown.reactions, Some(vec![]));

    // Outsiders and unknown messages meet 404.
    post_empty(
        &fake,
        demo::DAVE.token,
        &like_path(demo::GROUP_ID, &message, "like"),
    )
    .await
    .json(404);
    post_empty(&fake, demo::TOKEN, &like_path(demo::GROUP_ID, "999", "like"))
        .await
        .json(404);
}

#[tokio::test]
async fn the_leaderboard_ranks_the_period_and_mine_and_for_me_follow_the_store() {
    let fake = start().await;
    let state = fake.server.state();
    let old = state
        .post_message(demo::GROUP_ID, demo::USER_ID, "old news")
        .unwrap();
    post_empty(&fake, demo::ALICE.token, &like_path(demo::GROUP_ID, &old, "like"))
        .await
        .empty(200);
    fake.clock.advance(Duration::from_secs(3 * 24 * 60 * 60));
    let once = state
        .post_message(demo::GROUP_ID, demo::USER_ID, "liked once")
        .unwrap();
    let twice = state
        .post_message(demo::GROUP_ID, demo::ALICE.id, "liked twice")
        .unwrap();
    state
        .post_message(demo::GROUP_ID, demo::ALICE.id, "never liked")
        .unwrap();
    for (token, message) in [
        (demo::ALICE.token, &once),
        (demo::TOKEN, &twice),
        (demo::BOB.token, &twice),
    ] {
        post_empty(&fake, token, &like_path(demo::GROUP_ID, message, "like"))
            .await
            .empty(200);
        fake.clock.advance(Duration::from_secs(5));
    }

    let likes = |query: &str| format!("/groups/{}/likes{query}", demo::GROUP_ID);
    let day = fake.get(&likes("?period=day")).await.json(200);
    assert_eq!(ids(&day), [twice.clone(), once.clone()]);
    let week = fake.get(&likes("?period=week")).await.json(200);
    assert_eq!(ids(&week), [twice.clone(), once.clone(), old.clone()]);
    fake.get(&likes("?period=year")).await.field_error("period");
    fake.get(&likes("")).await.field_error("period");

    let mine = fake.get(&likes("/mine")).await.json(200);
    assert_eq!(ids(&mine), [twice.as_str()]);
    assert!(mine["response"]["messages"][0]["liked_at"].is_string());

    let for_me = fake.get(&likes("/for_me")).await.json(200);
    assert_eq!(ids(&for_me), [once, old]);
    fake.get_as(demo::DAVE.token, &likes("/mine")).await.json(404);
}

#[tokio::test]
async fn pins_carry_who_and_when_and_refuse_a_second_pin_or_a_missing_one() {
    let fake = start().await;
    let state = fake.server.state();
    let first = state
        .post_message(demo::GROUP_ID, demo::ALICE.id, "Meet at six")
        .unwrap();
    let second = state
        .post_message(demo::GROUP_ID, demo::ALICE.id, "Bring water")
        .unwrap();
    post_empty(&fake, demo::TOKEN, &pin_path(demo::GROUP_ID, &first, "pin"))
        .await
        .empty(200);
    fake.clock.advance(Duration::from_secs(10));
    post_empty(
        &fake,
        demo::ALICE.token,
        &pin_path(demo::GROUP_ID, &second, "pin"),
    )
    .await
    .empty(200);
    post_empty(&fake, demo::TOKEN, &pin_path(demo::GROUP_ID, &first, "pin"))
        .await
        .json(400);

    let pinned = fake
        .get(&format!("/pinned/groups/{}/messages/", demo::GROUP_ID))
        .await
        .json(200);
    assert_eq!(pinned["response"]["count"], 2);
    assert_eq!(ids(&pinned), [second.clone(), first.clone()]);
    assert_eq!(pinned["response"]["messages"][1]["pinned_by"], demo::USER_ID);
    assert!(pinned["response"]["messages"][1]["pinned_at"].is_i64());

    post_empty(&fake, demo::TOKEN, &pin_path(demo::GROUP_ID, &first, "unpin"))
        .await
        .empty(200);
    post_empty(&fake, demo::TOKEN, &pin_path(demo::GROUP_ID, &first, "unpin"))
        .await
        .json(400);
    let shown = state.message(demo::GROUP_ID, &first).unwrap();
    assert_eq!((shown.pinned_by.as_deref(), shown.pinned_at), (Some(""), None));

    // Direct conversations: pinned by conversation id, listed by the other user.
    let chat = state
        .direct_conversation_id(demo::USER_ID, demo::ALICE.id)
        .unwrap();
    let dm = state.post_message(&chat, demo::ALICE.id, "psst").unwrap();
    post_empty(&fake, demo::TOKEN, &pin_path(&chat, &dm, "pin"))
        .await
        .empty(200);
    let pinned = fake
        .get(&format!(
            "/pinned/direct_messages?other_user_id={}",
            demo::ALICE.id
        ))
        .await
        .json(200);
    assert_eq!(ids(&pinned), [dm.as_str()]);
    fake.get("/pinned/direct_messages")
        .await
        .field_error("other_user_id");
    post_empty(&fake, demo::BOB.token, &pin_path(&chat, &dm, "unpin"))
        .await
        .json(404);
}

#[tokio::test]
async fn the_gallery_holds_messages_with_images_newest_first_paged_by_time() {
    let fake = start().await;
    let path = format!("/groups/{}/messages", demo::GROUP_ID);
    let mut shots = Vec::new();
    for (i, kind) in ["image", "none", "video", "image"].iter().enumerate() {
        let attachments = match *kind {
            "image" => json!([{ "type": "image", "url": format!("https://i.groupme.com/{i}") }]),
            "video" => {
                json!([{ "type": "video", "url": "https://v.groupme.com/v", "preview_url": "https://v.groupme.com/p" }])
            }
            _ => json!([]),
        };
        let body = json!({ "message": { "source_guid": format!("g{i}"), "text": format!("shot {i}"), "attachments": attachments } });
        let sent = fake.post(&path, body).await.json(201);
        if *kind != "none" {
            shots.push(sent["response"]["message"]["id"].as_str().unwrap().to_owned());
        }
    }
    shots.reverse();
    let gallery = |query: &str| format!("/conversations/{}/gallery{query}", demo::GROUP_ID);
    let page = fake.get(&gallery("")).await.json(200);
    assert_eq!(ids(&page), shots);
    let first_two = fake.get(&gallery("?limit=2")).await.json(200);
    assert_eq!(ids(&first_two), shots[..2]);
    let last_ts = first_two["response"]["messages"][1]["gallery_ts"]
        .as_str()
        .unwrap();
    let rest = fake.get(&gallery(&format!("?before={last_ts}"))).await.json(200);
    assert_eq!(ids(&rest), shots[2..], "sent in the same second, still ordered");
    fake.get(&gallery("?before=yesterday"))
        .await
        .field_error("before");
    fake.get(&gallery("?limit=0")).await.field_error("limit");
    fake.get_as(demo::DAVE.token, &gallery("")).await.json(404);
}

#[tokio::test]
async fn read_receipts_only_move_forward() {
    let fake = start().await;
    let state = fake.server.state();
    let chat = state
        .direct_conversation_id(demo::USER_ID, demo::ALICE.id)
        .unwrap();
    let older = state.post_message(&chat, demo::ALICE.id, "one").unwrap();
    let newer = state.post_message(&chat, demo::ALICE.id, "two").unwrap();
    let mark = |message: &str| json!({ "read_receipt": { "message_id": message, "chat_id": chat } });

    let answer = fake
        .post_v2_as(demo::TOKEN, "/read_receipts", Some(mark(&newer)))
        .await
        .json(200);
    assert_eq!(answer["response"]["read_receipt"]["message_id"], newer.as_str());
    assert_eq!(answer["response"]["read_receipt"]["chat_id"], chat.as_str());
    fake.clock.advance(Duration::from_secs(30));
    let answer = fake
        .post_v2_as(demo::TOKEN, "/read_receipts", Some(mark(&older)))
        .await
        .json(200);
    assert_eq!(answer["response"]["read_receipt"]["message_id"], newer.as_str());
    assert_eq!(
        answer["response"]["read_receipt"]["read_at"].as_i64().unwrap(),
        groupme_fake::ManualClock::DEFAULT_START.as_secs() as i64 + 30
    );
    fake.post_v2_as(demo::TOKEN, "/read_receipts", Some(mark("424242")))
        .await
        .json(404);
    fake.post_v2_as(demo::BOB.token, "/read_receipts", Some(mark(&older)))
        .await
        .json(404);
}
