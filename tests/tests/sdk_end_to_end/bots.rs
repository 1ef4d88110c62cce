//! Bots and media end to end: the wrapper against the fake, and the
//! callback receiver against the fake's real callbacks.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use groupme_fake::demo;
use groupme_sdk::callback::{Callback, Receiver};
use groupme_sdk::types::BotCallback;
use groupme_sdk::{BotPoster, MAX_BOT_TEXT_CHARS, Thumbnail, thumbnail_url};

use crate::support::{Env, client_for, ms};

/// Waits (up to two seconds) until `done` holds.
async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(ms(10)).await;
    }
    panic!("timed out");
}

fn poster_for(env: &Env, bot_id: &str) -> BotPoster {
    BotPoster::builder(bot_id)
        .base_url(env.fake.v3_url())
        .build()
        .unwrap()
}

#[tokio::test]
async fn bots_are_created_listed_and_destroyed() {
    let env = Env::start().await;
    let client = env.client();
    let bot = client
        .bots()
        .create(demo::GROUP_ID, "Owl")
        .dm_notification(true)
        .send()
        .await
        .unwrap();
    assert_eq!(bot.group_id, demo::GROUP_ID);
    assert_eq!(env.state().bots(demo::GROUP_ID), vec![bot.clone()]);
    assert_eq!(client.bots().list().await.unwrap(), vec![bot.clone()]);

    let outsider = env.client_as(demo::MALLORY.token);
    assert!(
        outsider
            .bots()
            .create(demo::GROUP_ID, "X")
            .send()
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        outsider
            .bots()
            .destroy(bot.bot_id.as_str())
            .await
            .unwrap_err()
            .is_not_found()
    );

    client.bots().destroy(bot.bot_id.as_str()).await.unwrap();
    assert!(client.bots().list().await.unwrap().is_empty());
    let gone = poster_for(&env, &bot.bot_id).post("still here?").send().await;
    assert!(gone.unwrap_err().is_not_found());
}

#[tokio::test]
async fn bot_posts_land_in_the_group_in_order_as_the_bot() {
    let env = Env::start().await;
    let bot = env
        .client()
        .bots()
        .create(demo::GROUP_ID, "Owl")
        .send()
        .await
        .unwrap();
    let poster = env.client().bots().poster(bot.bot_id.as_str()).unwrap();
    let long: String = (0..600).map(|i| format!("w{i:03} ")).collect();

    assert_eq!(poster.post_split(&long).await.unwrap(), 3);
    poster
        .post("with a picture")
        .image("https://i.groupme.com/1x1.png.a")
        .send()
        .await
        .unwrap();

    let messages = env.state().delivered_messages(demo::GROUP_ID);
    let texts: Vec<String> = messages.iter().map(|m| m.text.clone().unwrap()).collect();
    assert_eq!(texts[..3].concat(), long);
    assert!(texts[..3].iter().all(|t| t.chars().count() <= MAX_BOT_TEXT_CHARS));
    assert!(
        messages
            .iter()
            .all(|m| m.sender_type == "bot" && m.name.as_deref() == Some("Owl"))
    );
    let picture = messages[3].attachments.clone().unwrap();
    assert!(
        matches!(&picture[0], groupme_sdk::types::Attachment::Image(image) if image.url == "https://i.groupme.com/1x1.png.a"),
        "{picture:?}"
    );
}

#[tokio::test]
async fn the_receiver_hears_members_through_the_fakes_callbacks_but_not_itself() {
    let env = Env::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let callback_url = format!("http://{}/", listener.local_addr().unwrap());
    let bot = env
        .client()
        .bots()
        .create(demo::GROUP_ID, "Echo")
        .callback_url(callback_url)
        .send()
        .await
        .unwrap();
    let poster = poster_for(&env, &bot.bot_id);
    let heard: Arc<Mutex<Vec<BotCallback>>> = Arc::default();
    let record = heard.clone();
    let router = Receiver::new(move |message: BotCallback| {
        let (record, poster) = (record.clone(), poster.clone());
        async move {
            let text = message.text.clone().unwrap_or_default();
            record.lock().unwrap().push(message);
            poster.post(format!("echo: {text}")).send().await.unwrap();
        }
    })
    .bot_id(bot.bot_id.as_str())
    .router();
    tokio::spawn(async move { axum::serve(listener, router).await });

    env.state()
        .post_as_user(demo::GROUP_ID, demo::ALICE.id, "hello")
        .unwrap();

    until(|| env.state().delivered_messages(demo::GROUP_ID).len() == 2).await;
    // The echo itself comes back as a callback too; the receiver drops it.
    until(|| env.state().callbacks_sent() == (2, 0)).await;
    let heard = heard.lock().unwrap().clone();
    assert_eq!(heard.len(), 1);
    assert_eq!(heard[0].sender_id.as_deref(), Some(demo::ALICE.id));
    assert_eq!(heard[0].text.as_deref(), Some("hello"));
    let echo = &env.state().delivered_messages(demo::GROUP_ID)[1];
    assert_eq!(
        (echo.sender_type.as_str(), echo.text.as_deref()),
        ("bot", Some("echo: hello"))
    );
}

#[tokio::test]
async fn receive_bot_callback_handles_the_fakes_payloads_without_a_server() {
    let env = Env::start().await;
    let bot = env
        .client()
        .bots()
        .create(demo::GROUP_ID, "Tally")
        .send()
        .await
        .unwrap();
    env.state()
        .post_as_user(demo::GROUP_ID, demo::ALICE.id, "count me in")
        .unwrap();
    poster_for(&env, &bot.bot_id)
        .post("counted")
        .send()
        .await
        .unwrap();
    let delivered = env.state().delivered_messages(demo::GROUP_ID);
    assert_eq!(delivered.len(), 2);

    let heard: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = heard.clone();
    let receiver = Receiver::new(move |message: BotCallback| {
        let record = record.clone();
        async move { record.lock().unwrap().push(message.text.unwrap_or_default()) }
    })
    .bot_id(bot.bot_id.as_str());
    let outcomes = [
        receiver
            .receive_bot_callback(&serde_json::to_vec(&delivered[0]).unwrap())
            .await,
        receiver
            .receive_bot_callback(&serde_json::to_vec(&delivered[1]).unwrap())
            .await,
        receiver.receive_bot_callback(b"not json").await,
    ];
    assert_eq!(
        outcomes,
        [Callback::Handled, Callback::Dropped, Callback::NotACallback]
    );
    assert_eq!(*heard.lock().unwrap(), ["count me in"]);
}

#[tokio::test]
async fn images_of_a_few_megabytes_go_up_and_come_back_the_same() {
    let env = Env::start().await;
    let bytes: Vec<u8> = (0..5_000_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let url = env
        .client()
        .images()
        .upload(bytes.clone(), "image/jpeg")
        .await
        .unwrap();
    let http = reqwest::Client::new();
    for url in [url.clone(), thumbnail_url(&url, Thumbnail::Preview)] {
        let served = http.get(&url).send().await.unwrap().bytes().await.unwrap();
        assert!(served == bytes, "{url} serves other bytes");
    }
    let remote = env
        .client()
        .images()
        .upload_url("https://example.org/owl.png")
        .await
        .unwrap();
    assert!(remote.starts_with(&env.fake.image_url()), "{remote}");
}

#[tokio::test]
async fn files_and_videos_are_waited_for_until_their_jobs_finish() {
    let fake = crate::support::real_time_fake(Duration::from_secs(2)).await;
    fake.state().set_upload_delay(ms(300));
    let client = client_for(&fake, demo::TOKEN);
    let data = vec![42u8; 3_000_000];

    let file_id = client
        .files()
        .upload(demo::GROUP_ID, "data.bin", data.clone())
        .await
        .unwrap();
    assert!(!file_id.is_empty());
    let video = client
        .videos()
        .upload(demo::GROUP_ID, "clip.mp4", "video/mp4", data.clone())
        .await
        .unwrap();
    let served = reqwest::get(&video.url).await.unwrap().bytes().await.unwrap();
    assert!(served == data);
    assert!(video.thumbnail_url.is_some());

    let outsider = client_for(&fake, demo::MALLORY.token);
    let refused = outsider
        .files()
        .upload(demo::GROUP_ID, "x", vec![1u8])
        .await
        .unwrap_err();
    assert!(refused.is_unauthorized(), "{refused}");
    assert!(refused.accepted_job().is_none());
}

#[tokio::test]
async fn bot_posts_read_back_as_group_messages_from_a_bot() {
    use futures::{StreamExt, TryStreamExt};

    let env = Env::start().await;
    let client = env.client();
    let bot = client.bots().create(demo::GROUP_ID, "Owl").send().await.unwrap();
    client
        .group(demo::GROUP_ID)
        .messages()
        .send("before the owl")
        .send()
        .await
        .unwrap();
    poster_for(&env, &bot.bot_id).post("hoot").send().await.unwrap();

    let history: Vec<_> = client
        .group(demo::GROUP_ID)
        .messages()
        .history()
        .boxed()
        .take(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(history[0].text.as_deref(), Some("hoot"));
    assert_eq!(history[0].sender_type.as_deref(), Some("bot"));
    assert_eq!(history[0].sender_id.as_deref(), Some(bot.bot_id.as_str()));
    assert_eq!(history[1].text.as_deref(), Some("before the owl"));
    assert_eq!(history[1].sender_type.as_deref(), Some("user"));
    // Both were told to the group's bots, in order.
    let told: Vec<_> = env
        .state()
        .delivered_messages(demo::GROUP_ID)
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(told, [Some("before the owl".to_owned()), Some("hoot".to_owned())]);
}
