//! Bots and media against mocked hosts: what each call sends (method, path,
//! query, body, token or no token, content type) and decodes, the job
//! waiters with their resumable job in every error, and input refused with
//! nothing sent.

use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::validate::Rule;
use groupme_sdk::{AcceptedJob, BotPoster, Client, ErrorKind, MAX_BOT_TEXT_CHARS, StartedFileUpload};
use httpmock::MockServer;
use serde_json::json;

use crate::common::{Api, TOKEN, assert_invalid, envelope, fails, fast_polling, fast_retry, sent, succeeds};

/// A client whose three media hosts are one mock server.
fn media_client(api: &Api, media: &MockServer) -> Client {
    api.builder()
        .image_base_url(media.base_url())
        .file_base_url(media.base_url())
        .video_base_url(media.base_url())
        .build()
        .unwrap()
}

fn poster(api: &Api, bot: &str) -> BotPoster {
    BotPoster::builder(bot)
        .base_url(api.v3.base_url())
        .retry(fast_retry())
        .build()
        .unwrap()
}

#[tokio::test]
async fn create_sends_the_bot_and_reads_it_back() {
    let api = Api::start().await;
    let mock = api.v3.mock(|when, then| {
        sent(when.method("POST"), "/bots", &[]).json_body(json!({"bot": {
            "name": "Owl", "group_id": "42", "callback_url": "https://owl.example.org/cb",
            "avatar_url": "https://i.groupme.com/1x1.png.a", "dm_notification": false
        }}));
        then.status(201).json_body(envelope(
            201,
            json!({"bot": {"bot_id": "b1", "group_id": "42", "name": "Owl", "avatar_url": null,
                           "callback_url": "https://owl.example.org/cb", "dm_notification": false, "extra": 1}}),
        ));
    });
    let bot = succeeds(
        api.client()
            .bots()
            .create("42", "Owl")
            .callback_url("https://owl.example.org/cb")
            .avatar_url("https://i.groupme.com/1x1.png.a")
            .dm_notification(false)
            .send()
            .await,
    );
    mock.assert();
    assert_eq!((bot.bot_id.as_str(), bot.name.as_str()), ("b1", "Owl"));
}

#[tokio::test]
async fn list_reads_a_null_list_as_empty_and_destroy_sends_the_id() {
    let api = Api::start().await;
    let list = api.v3.mock(|when, then| {
        sent(when.method("GET"), "/bots", &[]);
        then.status(200)
            .json_body(json!({"response": null, "meta": {"code": 200}}));
    });
    let destroy = api.v3.mock(|when, then| {
        sent(when.method("POST"), "/bots/destroy", &[]).json_body(json!({"bot_id": "b1"}));
        then.status(200);
    });
    let client = api.client();
    assert!(succeeds(client.bots().list().await).is_empty());
    succeeds(client.bots().destroy("b1").await);
    list.assert();
    destroy.assert();
}

#[tokio::test]
async fn a_bot_posts_with_its_id_alone_and_no_token() {
    let api = Api::start().await;
    let mock = api.v3.post_bot_message(|when, then| {
        when.into_inner()
            .header_missing("x-access-token")
            .header_missing("api-version")
            .json_body(json!({"bot_id": "b1", "text": "hoot",
                              "attachments": [{"type": "image", "url": "https://i.groupme.com/x"}]}));
        then.created();
    });
    succeeds(
        poster(&api, "b1")
            .post("hoot")
            .image("https://i.groupme.com/x")
            .send()
            .await,
    );
    mock.assert();
}

#[tokio::test]
async fn long_texts_are_refused_unless_split_into_ordered_posts() {
    let api = Api::start().await;
    let strays = api.strays();
    let poster = poster(&api, "b1");
    let long: String = (0..500).map(|i| format!("w{i:03} ")).collect();
    let rule = Rule::CharLength {
        min: 0,
        max: MAX_BOT_TEXT_CHARS,
        actual: 2500,
    };
    assert_invalid(poster.post(long.clone()).send().await, "text", &rule);
    assert_invalid(poster.post("").send().await, "text", &Rule::NonEmpty);
    assert_invalid(
        BotPoster::new("").unwrap().post("x").send().await,
        "bot_id",
        &Rule::NonEmpty,
    );
    strays.assert_none();

    let api = Api::start().await;
    let poster = self::poster(&api, "b1");
    let parts = groupme_sdk::split_text(&long, MAX_BOT_TEXT_CHARS);
    let mocks: Vec<_> = parts
        .iter()
        .map(|part| {
            api.v3.mock(|when, then| {
                when.method("POST")
                    .path("/bots/post")
                    .json_body(json!({"bot_id": "b1", "text": part}));
                then.status(201);
            })
        })
        .collect();
    assert_eq!(succeeds(poster.post_split(&long).await), 3);
    for mock in &mocks {
        mock.assert();
    }
}

#[tokio::test]
async fn images_go_up_as_raw_bytes_with_their_media_type() {
    let api = Api::start().await;
    let media = MockServer::start_async().await;
    let bytes: Vec<u8> = (0..4_000_000u32).map(|i| (i % 253) as u8).collect();
    let expected = bytes.clone();
    let mock = media.mock(|when, then| {
        when.method("POST")
            .path("/pictures")
            .header("x-access-token", TOKEN)
            .header("content-type", "image/png")
            .is_true(move |request| request.body_ref() == expected.as_slice());
        then.status(200).json_body(json!({"payload": {
            "url": "https://i.groupme.com/9x9.png.abc", "picture_url": "https://i.groupme.com/9x9.png.abc"}}));
    });
    let url = succeeds(
        media_client(&api, &media)
            .images()
            .upload(bytes, "image/png")
            .await,
    );
    mock.assert();
    assert_eq!(url, "https://i.groupme.com/9x9.png.abc");
}

#[tokio::test]
async fn remote_images_go_up_by_url() {
    let api = Api::start().await;
    let media = MockServer::start_async().await;
    let mock = media.mock(|when, then| {
        when.method("POST")
            .path("/pictures")
            .query_param("url", "https://example.org/owl.png")
            .header("x-access-token", TOKEN);
        then.status(200)
            .json_body(json!({"payload": {"url": "https://i.groupme.com/1x1.png.r"}}));
    });
    let url = succeeds(
        media_client(&api, &media)
            .images()
            .upload_url("https://example.org/owl.png")
            .await,
    );
    mock.assert();
    assert_eq!(url, "https://i.groupme.com/1x1.png.r");
}

#[tokio::test]
async fn unknown_media_types_and_empty_bodies_are_refused_with_nothing_sent() {
    let api = Api::start().await;
    let media = MockServer::start_async().await;
    let strays = media.mock(|_when, then| {
        then.status(500);
    });
    let client = media_client(&api, &media);
    let rule = Rule::OneOf {
        allowed: groupme_sdk::IMAGE_CONTENT_TYPES,
    };
    assert_invalid(
        client.images().upload(vec![1u8], "image/tiff").await,
        "content_type",
        &rule,
    );
    assert_invalid(
        client.images().upload(Vec::new(), "image/png").await,
        "body",
        &Rule::NonEmpty,
    );
    assert_invalid(
        client.files().upload("42", "a.txt", Vec::new()).await,
        "body",
        &Rule::NonEmpty,
    );
    assert_invalid(
        client.files().upload("42", " ", vec![1u8]).await,
        "name",
        &Rule::NonEmpty,
    );
    let video = client
        .videos()
        .upload("42", "a.mp4", "image/png", vec![1u8])
        .await;
    assert_eq!(fails(video).validation().unwrap().field(), "content_type");
    strays.assert_calls(0);
}

#[tokio::test]
async fn a_file_upload_is_waited_for_until_complete() {
    let api = Api::start().await;
    let media = MockServer::start_async().await;
    let upload = media.mock(|when, then| {
        when.method("POST")
            .path("/42/files")
            .query_param("name", "notes.txt")
            .header("x-access-token", TOKEN)
            .body("hello file");
        then.status(201).json_body(
            json!({"status_url": format!("{}/42/uploadStatus?job=J1", "https://file.groupme.com/v1")}),
        );
    });
    let status = media.mock(|when, then| {
        when.method("GET")
            .path("/42/uploadStatus")
            .query_param("job", "J1");
        then.status(200)
            .json_body(json!({"status": "complete", "file_id": "F1"}));
    });
    let file_id = succeeds(
        media_client(&api, &media)
            .files()
            .upload("42", "notes.txt", "hello file")
            .await,
    );
    upload.assert();
    status.assert();
    assert_eq!(file_id, "F1");
}

#[tokio::test]
async fn every_error_after_an_accepted_upload_carries_the_job() {
    let api = Api::start().await;
    let media = MockServer::start_async().await;
    media.mock(|when, then| {
        when.method("POST").path("/42/files");
        then.status(201)
            .json_body(json!({"status_url": "https://file.groupme.com/v1/42/uploadStatus?job=J2"}));
    });
    let status = media.mock(|when, then| {
        when.method("GET").path("/42/uploadStatus");
        then.status(200).json_body(json!({"status": "failed"}));
    });
    let client = media_client(&api, &media);
    let err = fails(client.files().upload("42", "a.bin", vec![7u8; 10]).await);
    status.assert();
    assert!(matches!(err.kind(), ErrorKind::JobFailed { status } if status == "failed"));
    let expected = StartedFileUpload {
        group_id: "42".into(),
        job: "J2".to_owned(),
    };
    assert_eq!(err.accepted_job(), Some(&AcceptedJob::FileUpload(expected)));
    assert!(err.to_string().contains("file job J2"), "{err}");
    assert!(err.started_add().is_none());
}

#[tokio::test]
async fn a_poll_deadline_keeps_the_job_too() {
    let api = Api::start().await;
    let media = MockServer::start_async().await;
    media.mock(|when, then| {
        when.method("GET").path("/status");
        then.status(200).json_body(json!({"status": "processing"}));
    });
    let client = api
        .builder()
        .video_base_url(media.base_url())
        .polling(fast_polling().deadline(std::time::Duration::from_millis(100)))
        .build()
        .unwrap();
    let started = groupme_sdk::StartedVideoUpload { job: "V1".to_owned() };
    let err = fails(client.videos().wait(&started).await);
    assert!(err.is_timeout(), "{err}");
    assert_eq!(err.accepted_job(), Some(&AcceptedJob::VideoUpload(started)));
}

#[tokio::test]
async fn videos_go_up_as_multipart_and_finish_with_201() {
    let api = Api::start().await;
    let media = MockServer::start_async().await;
    let upload = media.mock(|when, then| {
        when.method("POST")
            .path("/transcode")
            .header("x-access-token", TOKEN)
            .header("x-conversation-id", "42")
            .header_matches("content-type", "^multipart/form-data; boundary=")
            .body_includes("name=\"file\"; filename=\"clip.mp4\"")
            .body_includes("Content-Type: video/mp4")
            .body_includes("MOVIE-BYTES");
        then.status(200)
            .json_body(json!({"status_url": "https://video.groupme.com/status?job=V9"}));
    });
    let status = media.mock(|when, then| {
        when.method("GET").path("/status").query_param("job", "V9");
        then.status(201).json_body(json!({"status": "complete",
            "url": "https://v.groupme.com/42/a.mp4", "thumbnail_url": "https://v.groupme.com/42/a.jpg"}));
    });
    let video = succeeds(
        media_client(&api, &media)
            .videos()
            .upload("42", "clip.mp4", "video/mp4", "MOVIE-BYTES")
            .await,
    );
    upload.assert();
    status.assert();
    assert_eq!(video.url, "https://v.groupme.com/42/a.mp4");
    assert_eq!(
        video.thumbnail_url.as_deref(),
        Some("https://v.groupme.com/42/a.jpg")
    );
}
