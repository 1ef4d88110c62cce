//! The v2 host: banning former members and the extended profile update.

use groupme_fake::demo;
use serde_json::json;

use crate::helpers::{RESULTS_DELAY, start};

fn ban_path(group_id: &str, membership_id: &str) -> String {
    format!("/groups/{group_id}/memberships/{membership_id}/destroy")
}

fn profile_path(user_id: &str) -> String {
    format!("/users/{user_id}")
}

#[tokio::test]
async fn former_members_can_be_banned_and_not_re_added() {
    let fake = start().await;
    let banned = fake
        .post_v2_as(
            demo::TOKEN,
            &ban_path(demo::GROUP_ID, demo::CAROL_MEMBERSHIP_ID),
            None,
        )
        .await;
    // The live API's answer, where the documents describe an empty body.
    assert_eq!(
        banned.json(200),
        json!({ "response": null, "meta": { "code": 200 } })
    );
    let state = fake.server.state();
    assert_eq!(state.is_banned(demo::GROUP_ID, demo::CAROL.id), Ok(true));

    let results_id = fake
        .add_members(json!([{ "nickname": "Carol", "user_id": demo::CAROL.id, "guid": "C" }]))
        .await;
    fake.clock.advance(RESULTS_DELAY);
    let path = format!("/groups/{}/members/results/{results_id}", demo::GROUP_ID);
    let body = fake.get(&path).await.json(200);
    assert_eq!(body["response"]["members"], json!([]));
    assert_eq!(
        fake.demo_membership(demo::CAROL_MEMBERSHIP_ID).state.as_deref(),
        Some("exited")
    );
}

#[tokio::test]
async fn current_members_cannot_be_banned() {
    let fake = start().await;
    fake.post_v2_as(
        demo::TOKEN,
        &ban_path(demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID),
        None,
    )
    .await
    .error(
        400,
        json!(["only former members can be banned; remove them first"]),
    );
    fake.post_v2_as(
        demo::TOKEN,
        &ban_path(demo::GROUP_ID, demo::DAVE_REQUEST_ID),
        None,
    )
    .await
    .error(
        400,
        json!(["only former members can be banned; remove them first"]),
    );
    assert_eq!(
        fake.server.state().is_banned(demo::GROUP_ID, demo::BOB.id),
        Ok(false)
    );
}

#[tokio::test]
async fn only_owners_and_admins_ban() {
    let fake = start().await;
    let path = ban_path(demo::GROUP_ID, demo::CAROL_MEMBERSHIP_ID);
    fake.post_v2_as(demo::BOB.token, &path, None)
        .await
        .error(401, json!(["unauthorized"]));
    assert_eq!(
        fake.server.state().is_banned(demo::GROUP_ID, demo::CAROL.id),
        Ok(false)
    );
    // The live API's answer, where the documents describe an empty body.
    let body = fake.post_v2_as(demo::ALICE.token, &path, None).await.json(200);
    assert_eq!(body, json!({ "response": null, "meta": { "code": 200 } }));
}

#[tokio::test]
async fn bans_of_unknown_memberships_or_groups_are_not_found() {
    let fake = start().await;
    fake.post_v2_as(demo::TOKEN, &ban_path(demo::GROUP_ID, "9999"), None)
        .await
        .error(404, json!(["membership not found"]));
    fake.post_v2_as(demo::TOKEN, &ban_path("9999", demo::CAROL_MEMBERSHIP_ID), None)
        .await
        .error(404, json!(["group not found"]));
}

#[tokio::test]
async fn the_profile_update_answers_the_user_wrapped_in_user() {
    let fake = start().await;
    let photos = [
        "https://i.groupme.com/640x1136.jpeg.9d4e5f6a7b8c43a4a526d7e8f90a1b2c",
        "https://i.groupme.com/1080x1920.jpeg.7b2c3d4e5f6a41829304b5c6d7e8f90a",
        "https://i.groupme.com/720x1280.jpeg.8c3d4e5f6a7b42939415c6d7e8f90a1b",
    ];
    let request = json!({
        "user": {
            "name": "Rowan Thistle",
            "email": "rowan@example.org",
            "avatar_url": "https://i.groupme.com/256x256.jpeg.0e5f6a7b8c9d44b5b637e8f90a1b2c3d",
            "bio": "Out on the water most weekends.",
            "song_url": "https://open.spotify.com/track/4zu9wo2FXoBSsKjO6tRB3R",
            "photo_urls": photos,
            "intrests": [1005, 1017, 1026],
            "disable_favorite_notification": true,
            "group_notification_sound": "gm4.wav",
            "dm_notification_sound": "gm9.wav"
        }
    });
    let body = fake
        .post_v2_as(demo::TOKEN, &profile_path(demo::USER_ID), Some(request))
        .await
        .json(200);
    assert_eq!(body["meta"], json!({ "code": 200 }));
    let user = &body["response"]["user"];
    assert_eq!(user["id"], demo::USER_ID);
    assert_eq!(user["name"], "Rowan Thistle");
    assert_eq!(user["email"], "rowan@example.org");
    assert_eq!(
        user["avatar_url"],
        "https://i.groupme.com/256x256.jpeg.0e5f6a7b8c9d44b5b637e8f90a1b2c3d"
    );
    assert_eq!(user["bio"], "Out on the water most weekends.");
    assert_eq!(user["photo_urls"], json!(photos));
    assert_eq!(user["interests"], json!([1005, 1017, 1026]));
    assert_eq!(user.get("intrests"), None);
    assert_eq!(user["disable_favorite_notification"], true);
    assert_eq!(user["group_notification_sound"], "gm4.wav");
    assert_eq!(user["dm_notification_sound"], "gm9.wav");
    // The v3 view shows the same account.
    let me = fake.get("/users/me").await.json(200);
    assert_eq!(me["response"]["name"], "Rowan Thistle");
    assert_eq!(
        me["response"]["image_url"],
        "https://i.groupme.com/256x256.jpeg.0e5f6a7b8c9d44b5b637e8f90a1b2c3d"
    );
}

#[tokio::test]
async fn v2_names_may_lack_a_last_name_and_absent_fields_stay() {
    let fake = start().await;
    let body = fake
        .post_v2_as(
            demo::TOKEN,
            &profile_path(demo::USER_ID),
            Some(json!({ "user": { "name": "Bilbo" } })),
        )
        .await
        .json(200);
    assert_eq!(body["response"]["user"]["name"], "Bilbo");
    assert_eq!(body["response"]["user"]["email"], demo::DEMO_USER.email);
}

#[tokio::test]
async fn a_gallery_needs_three_photos() {
    let fake = start().await;
    let request = json!({ "user": { "photo_urls": ["https://i.groupme.com/1", "https://i.groupme.com/2"] } });
    fake.post_v2_as(demo::TOKEN, &profile_path(demo::USER_ID), Some(request))
        .await
        .error(400, json!({ "photo_urls": "must have at least 3 photos" }));
    let profile = fake.server.state().profile(demo::USER_ID).unwrap();
    assert_eq!(profile.photo_urls, Some(vec![]));
}

#[tokio::test]
async fn bad_v2_fields_are_field_errors() {
    let fake = start().await;
    let path = profile_path(demo::USER_ID);
    fake.post_v2_as(demo::TOKEN, &path, Some(json!({ "user": { "email": "nope" } })))
        .await
        .error(400, json!({ "email": "is invalid" }));
    fake.post_v2_as(demo::TOKEN, &path, Some(json!({ "user": { "name": "   " } })))
        .await
        .error(400, json!({ "name": "cannot be blank" }));
    let reply = fake
        .post_v2_as(
            demo::TOKEN,
            &path,
            Some(json!({ "user": { "intrests": ["music"] } })),
        )
        .await;
    assert!(!reply.field_error("intrests").is_empty());
}

#[tokio::test]
async fn only_the_own_profile_can_be_updated() {
    let fake = start().await;
    fake.post_v2_as(
        demo::TOKEN,
        &profile_path(demo::ALICE.id),
        Some(json!({ "user": { "name": "Evil" } })),
    )
    .await
    .error(403, json!(["you may only update your own profile"]));
    assert_eq!(
        fake.server.state().user(demo::ALICE.id).unwrap().name,
        "Alice Admin"
    );
}

#[tokio::test]
async fn the_profile_sends_the_live_apis_nulls() {
    let fake = start().await;
    let body = fake
        .post_v2_as(
            demo::TOKEN,
            &profile_path(demo::USER_ID),
            Some(json!({ "user": { "bio": "Nulls, not gaps." } })),
        )
        .await
        .json(200);
    let user = body["response"]["user"].as_object().expect("a user object");
    for field in ["avatar_url", "country", "sms_disabled_expires_at", "sleep_until"] {
        assert_eq!(
            user.get(field),
            Some(&serde_json::Value::Null),
            "{field} in {user:?}"
        );
    }
    assert_eq!(user["bio"], "Nulls, not gaps.");
}
