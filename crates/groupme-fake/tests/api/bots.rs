//! Bots and the media services over HTTP: permissions, token-less posts,
//! callbacks to loopback receivers, stored bytes served back, jobs that take
//! the upload delay on the fake's clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use groupme_fake::demo;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Fake, Host, start};

/// A loopback listener that records every JSON body POSTed to it.
async fn receiver() -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new().route(
        "/hook",
        post(move |axum::Json(body): axum::Json<Value>| {
            let record = record.clone();
            async move {
                record.lock().unwrap().push(body);
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting");
}

/// Creates a bot named Owl in the demo group, posting to `callback_url` if
/// given, and answers its id.
async fn create_owl(fake: &Fake, callback_url: Option<&str>) -> String {
    let mut bot = json!({"name": "Owl", "group_id": demo::GROUP_ID});
    if let Some(url) = callback_url {
        bot["callback_url"] = json!(url);
    }
    fake.post("/bots", json!({ "bot": bot })).await.json(201)["response"]["bot"]["bot_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn bots_are_created_listed_and_destroyed_by_their_creator_only() {
    let fake = start().await;
    let created = fake
        .post(
            "/bots",
            json!({"bot": {"name": "Owl", "group_id": demo::GROUP_ID, "callback_url": "https://owl.example.org/"}}),
        )
        .await
        .json(201);
    let bot_id = created["response"]["bot"]["bot_id"].as_str().unwrap().to_owned();
    assert_eq!(created["response"]["bot"]["group_id"], demo::GROUP_ID);

    let listed = fake.get("/bots").await.json(200);
    assert_eq!(listed["response"][0]["bot_id"], bot_id.as_str());
    assert_eq!(
        fake.get_as(demo::ALICE.token, "/bots").await.json(200)["response"],
        json!([])
    );

    // Outsiders cannot put a bot in a group; others cannot remove it.
    fake.post_as(
        demo::MALLORY.token,
        "/bots",
        json!({"bot": {"name": "X", "group_id": demo::GROUP_ID}}),
    )
    .await
    .json(404);
    fake.post(
        "/bots",
        json!({"bot": {"name": "  ", "group_id": demo::GROUP_ID}}),
    )
    .await
    .field_error("name");
    fake.post_as(demo::ALICE.token, "/bots/destroy", json!({"bot_id": bot_id}))
        .await
        .json(404);
    let gone = fake.post("/bots/destroy", json!({"bot_id": bot_id})).await;
    assert_eq!(gone.status, 200);
    assert_eq!(fake.get("/bots").await.json(200)["response"], json!([]));
}

#[tokio::test]
async fn a_bot_posts_without_a_token_and_every_bot_of_the_group_hears_it_on_loopback() {
    let fake = start().await;
    let (url, seen) = receiver().await;
    let bot = create_owl(&fake, Some(&url)).await;
    // A bot elsewhere, and one whose URL is not loopback: neither is called.
    fake.post(
        "/bots",
        json!({"bot": {"name": "Far", "group_id": demo::GROUP_ID, "callback_url": "https://example.org/x"}}),
    )
    .await
    .json(201);

    let posted = fake
        .call(
            Host::V3,
            Method::POST,
            "/bots/post",
            None,
            Some(json!({"bot_id": bot, "text": "hoot"})),
        )
        .await;
    assert_eq!((posted.status, posted.body.as_str()), (201, ""));
    fake.server
        .state()
        .post_as_user(demo::GROUP_ID, demo::ALICE.id, "hello owl")
        .unwrap();

    until(|| seen.lock().unwrap().len() == 2).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0]["sender_type"], "bot");
    assert_eq!(seen[0]["sender_id"], bot.as_str());
    assert_eq!(seen[0]["name"], "Owl");
    assert_eq!(seen[0]["text"], "hoot");
    assert_eq!(seen[1]["sender_type"], "user");
    assert_eq!(seen[1]["sender_id"], demo::ALICE.id);
    assert_eq!(seen[1]["group_id"], demo::GROUP_ID);
    assert_eq!(fake.server.state().callbacks_sent(), (2, 0));
    let messages = fake.server.state().delivered_messages(demo::GROUP_ID);
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].sender_type, "bot");
}

#[tokio::test]
async fn bad_bot_posts_are_refused() {
    let fake = start().await;
    let bot = create_owl(&fake, None).await;
    let post = |body: Value| fake.call(Host::V3, Method::POST, "/bots/post", None, Some(body));
    post(json!({"bot_id": "nope", "text": "x"})).await.json(404);
    post(json!({"bot_id": bot, "text": "x".repeat(1001)}))
        .await
        .field_error("text");
    post(json!({"bot_id": bot, "text": " "}))
        .await
        .field_error("text");
    assert_eq!(
        post(json!({"bot_id": bot, "text": "é".repeat(1000)}))
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn images_are_stored_and_served_back_with_their_thumbnails() {
    let fake = start().await;
    let http = reqwest::Client::new();
    let image = fake.server.image_url();
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let stored: Value = http
        .post(format!("{image}/pictures"))
        .header("X-Access-Token", demo::TOKEN)
        .header("Content-Type", "image/png")
        .body(bytes.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = stored["payload"]["url"].as_str().unwrap().to_owned();
    assert_eq!(stored["payload"]["picture_url"], url.as_str());
    for suffix in ["", ".preview", ".large", ".avatar"] {
        let served = http.get(format!("{url}{suffix}")).send().await.unwrap();
        assert_eq!(served.headers()["content-type"], "image/png");
        assert_eq!(served.bytes().await.unwrap(), bytes, "{suffix}");
    }

    let refused = |content_type: &'static str, body: Vec<u8>, token: &'static str| {
        http.post(format!("{image}/pictures"))
            .header("X-Access-Token", token)
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    assert_eq!(
        refused("text/plain", vec![1], demo::TOKEN)
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        refused("image/png", vec![], demo::TOKEN).await.unwrap().status(),
        400
    );
    assert_eq!(
        refused("image/png", vec![1], "nobody").await.unwrap().status(),
        401
    );
    let too_big = vec![0u8; groupme_fake::MAX_MEDIA_BYTES + 1];
    assert_eq!(
        refused("image/png", too_big, demo::TOKEN).await.unwrap().status(),
        413
    );
}

#[tokio::test]
async fn file_jobs_are_pending_for_the_upload_delay_then_complete() {
    let fake = start().await;
    fake.server.state().set_upload_delay(Duration::from_secs(3));
    let http = reqwest::Client::new();
    let base = fake.server.file_url();
    let accepted = http
        .post(format!("{base}/{}/files?name=notes.txt", demo::GROUP_ID))
        .header("X-Access-Token", demo::TOKEN)
        .body("some notes")
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 201);
    let status_url = accepted.json::<Value>().await.unwrap()["status_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let look = || async {
        http.get(&status_url)
            .header("X-Access-Token", demo::TOKEN)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    assert_eq!(look().await, json!({"status": "pending"}));
    fake.clock.advance(Duration::from_secs(3));
    let done = look().await;
    assert_eq!(done["status"], "complete");
    let file_id = done["file_id"].as_str().unwrap();
    let served = http
        .get(format!("{base}/{}/files/{file_id}", demo::GROUP_ID))
        .header("X-Access-Token", demo::TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(served.text().await.unwrap(), "some notes");

    let outsider = http
        .post(format!("{base}/{}/files?name=x", demo::GROUP_ID))
        .header("X-Access-Token", demo::MALLORY.token)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(outsider.status(), 401);
    let nameless = http
        .post(format!("{base}/{}/files", demo::GROUP_ID))
        .header("X-Access-Token", demo::TOKEN)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(nameless.status(), 400);
}

#[tokio::test]
async fn video_jobs_answer_200_while_working_and_201_when_done() {
    let fake = start().await;
    let http = reqwest::Client::new();
    let base = fake.server.video_url();
    let body = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\nMOVIE\r\n--B--\r\n";
    let accepted = http
        .post(format!("{base}/transcode"))
        .header("X-Access-Token", demo::TOKEN)
        .header("X-Conversation-Id", demo::GROUP_ID)
        .header("Content-Type", "multipart/form-data; boundary=B")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200);
    let status_url = accepted.json::<Value>().await.unwrap()["status_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let working = http
        .get(&status_url)
        .header("X-Access-Token", demo::TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(working.status(), 200);
    fake.clock.advance(groupme_fake::DEFAULT_UPLOAD_DELAY);
    let done = http
        .get(&status_url)
        .header("X-Access-Token", demo::TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 201);
    let done: Value = done.json().await.unwrap();
    let video = http.get(done["url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(video.text().await.unwrap(), "MOVIE");
}

#[tokio::test]
async fn members_messages_reach_bots_and_bot_posts_are_group_messages() {
    let fake = start().await;
    let (url, seen) = receiver().await;
    let bot = create_owl(&fake, Some(&url)).await;
    fake.post(
        &format!("/groups/{}/messages", demo::GROUP_ID),
        json!({"message": {"source_guid": "wire-1", "text": "owl, hello"}}),
    )
    .await
    .json(201);
    until(|| seen.lock().unwrap().len() == 1).await;
    assert_eq!(seen.lock().unwrap()[0]["text"], "owl, hello");
    assert_eq!(seen.lock().unwrap()[0]["sender_type"], "user");

    let posted = fake
        .call(
            Host::V3,
            Method::POST,
            "/bots/post",
            None,
            Some(json!({"bot_id": bot, "text": "hoot"})),
        )
        .await;
    assert_eq!(posted.status, 201);
    let page = fake
        .get(&format!("/groups/{}/messages", demo::GROUP_ID))
        .await
        .json(200);
    let newest = &page["response"]["messages"][0];
    assert_eq!(newest["text"], "hoot");
    assert_eq!(newest["sender_type"], "bot");
    assert_eq!(newest["sender_id"], bot.as_str());
    assert_eq!(newest["name"], "Owl");
    until(|| seen.lock().unwrap().len() == 2).await;
}
