//! Both v2 operations through the generated client against `httpmock`, set
//! up with the generated typed helpers: documented method, path and exact
//! JSON body, the token only in `X-Access-Token`, no `api-version` header,
//! and the documented answer decoded into the documented values.

use groupme_api::v2::types;
use groupme_api::{Envelope, Meta};
use groupme_api_httpmock::v2::MockServerExt;
use groupme_tests::{TestResult, empty_request, json_request, reply_json, request_to, seed, v2_client};
use httpmock::MockServer;

/// The documents' gallery, three images as the API requires.
const PHOTO_URLS: [&str; 3] = [
    "https://i.groupme.com/640x1136.jpeg.9d4e5f6a7b8c43a4a526d7e8f90a1b2c",
    "https://i.groupme.com/1080x1920.jpeg.7b2c3d4e5f6a41829304b5c6d7e8f90a",
    "https://i.groupme.com/720x1280.jpeg.8c3d4e5f6a7b42939415c6d7e8f90a1b",
];

#[tokio::test]
async fn update_profile_sends_the_documented_body_and_decodes_the_profile() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.update_profile(|when, then| {
        let when = when.user_id(&"60417733".parse().expect("valid user id"));
        json_request(
            request_to(when.into_inner(), "/users/60417733", &[]),
            seed::profile_request(),
        );
        reply_json(then.into_inner(), 200, &seed::envelope(200, seed::profile()));
    });
    let changes = types::UpdateProfileRequest {
        user: types::ProfileChanges {
            name: Some("Rowan Thistle".parse()?),
            email: Some("rowan@example.org".into()),
            avatar_url: Some("https://i.groupme.com/256x256.jpeg.0e5f6a7b8c9d44b5b637e8f90a1b2c3d".into()),
            bio: Some("Out on the water most weekends.".into()),
            song_url: Some("https://music.example.org/track/tidepool-waltz?ref=share".into()),
            photo_urls: PHOTO_URLS.map(String::from).to_vec(),
            intrests: vec![1005, 1017, 1026],
            disable_favorite_notification: Some(true),
            group_notification_sound: Some("gm4.wav".into()),
            dm_notification_sound: Some("gm9.wav".into()),
        },
    };

    let answer = v2_client(&server)
        .update_profile()
        .user_id("60417733")
        .body(changes)
        .send()
        .await?;

    mock.assert_async().await;
    assert_eq!(answer.status(), 200);
    let (updated, meta) = answer.into_inner().into_parts();
    let expected = types::Profile {
        id: "60417733".into(),
        created_at: Some(1767245003),
        updated_at: Some(1767257002),
        name: "Rowan Thistle".into(),
        phone_number: Some("+1 5550142277".into()),
        email: Some("rowan@example.org".into()),
        avatar_url: None,
        app_installed: Some(true),
        direct_message_capable: Some(true),
        country: None,
        language: Some("en-US".into()),
        locale: Some("en_us".into()),
        disable_started_using_notification: Some(false),
        disable_favorite_notification: Some(false),
        sms_disabled: Some(true),
        sms_disabled_expires_at: None,
        local_sms_available: Some(true),
        sleep_until: None,
        needs_password: Some(false),
        stopped: Some(false),
        admin: Some(false),
        verified: Some(true),
        email_verified: Some(false),
        international: Some(false),
        email_settings: Some(types::EmailSettings {
            membership_added: Some(true),
            group_created: Some(true),
        }),
        group_notification_sound: Some("gm4.wav".into()),
        dm_notification_sound: Some("gm9.wav".into()),
        bio: Some("Out on the water most weekends.".into()),
        photo_urls: Some(PHOTO_URLS.map(String::from).to_vec()),
        song_url: Some("https://music.example.org/track/tidepool-waltz".into()),
        interests: Some(vec![1005, 1017, 1026]),
    };
    assert_eq!(updated.map(|updated| updated.user), Some(expected));
    assert_eq!(
        meta,
        Meta {
            code: 200,
            errors: None
        }
    );
    Ok(())
}

#[tokio::test]
async fn update_profile_sends_only_the_fields_set() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.update_profile(|when, then| {
        json_request(
            request_to(when.into_inner(), "/users/60417733", &[]),
            serde_json::json!({ "user": { "bio": "Second breakfast." } }),
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(
                200,
                serde_json::json!({ "user": { "id": "60417733", "name": "Bilbo" } }),
            ),
        );
    });
    let changes = types::UpdateProfileRequest {
        user: types::ProfileChanges {
            bio: Some("Second breakfast.".into()),
            ..Default::default()
        },
    };

    let answer = v2_client(&server)
        .update_profile()
        .user_id("60417733")
        .body(changes)
        .send()
        .await?;

    mock.assert_async().await;
    let name = answer
        .into_inner()
        .into_parts()
        .0
        .map(|updated| updated.user.name);
    assert_eq!(name.as_deref(), Some("Bilbo"));
    Ok(())
}

#[tokio::test]
async fn ban_member_posts_to_the_membership_id_and_accepts_an_empty_200() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.ban_member(|when, then| {
        let when = when
            .group_id(&"1111".parse().expect("valid group id"))
            .membership_id(&"35792468".parse().expect("valid membership id"));
        empty_request(request_to(
            when.into_inner(),
            "/groups/1111/memberships/35792468/destroy",
            &[],
        ));
        then.into_inner().status(200);
    });

    let answer = v2_client(&server)
        .ban_member()
        .group_id("1111")
        .membership_id("35792468")
        .send()
        .await?;

    mock.assert_async().await;
    assert_eq!(answer.status(), 200);
    Ok(())
}
