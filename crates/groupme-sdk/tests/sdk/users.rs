//! The authenticated user's account: `me`, profile updates (v3 and v2),
//! sharing, SMS mode and campus directory settings.

use std::time::Duration;

use groupme_api::v3::types as v3t;
use groupme_api_httpmock::v2::MockServerExt as _;
use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::{CampusVisibility, SmsDuration};
use serde_json::json;

use crate::common::{Api, envelope, error_envelope, fails, sent, succeeds, typed, user_json, without_body};

#[tokio::test]
async fn me_sends_the_token_header_and_decodes_the_user() {
    let api = Api::start().await;
    let mock = api.v3.get_me(|when, then| {
        without_body(sent(when.into_inner(), "/users/me", &[]));
        then.ok(&typed(envelope(200, user_json())));
    });
    let strays = api.strays();

    let me = api.client().me().await;

    mock.assert();
    strays.assert_none();
    let me = succeeds(me);
    assert_eq!(me.id, "1234567890");
    assert_eq!(me.name, "Marlow Pike");
    assert_eq!(me.phone_number.as_deref(), Some("+1 5550109876"));
    assert_eq!(me.email.as_deref(), Some("self@example.org"));
    assert_eq!(me.created_at, Some(1412623005));
    assert_eq!(me.sms, Some(false));
}

#[tokio::test]
async fn me_decodes_the_live_apis_extra_fields_and_nulls() {
    let api = Api::start().await;
    let mut live = user_json();
    live["image_url"] = json!(null);
    live["zip_code"] = json!(null);
    live["share_url"] = json!(null);
    live["user_id"] = json!("1234567890");
    live["locale"] = json!("en_US");
    live["mfa"] = json!({ "enabled": false, "channels": [] });
    live["tags"] = json!(["early_adopter"]);
    live["prompt_for_survey"] = json!(true);
    let mock = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({ "response": live, "meta": { "code": 200, "errors": null } }));
    });

    let me = api.client().me().await;

    mock.assert();
    let me = succeeds(me);
    assert_eq!(me.user_id.as_deref(), Some("1234567890"));
    assert_eq!(me.locale.as_deref(), Some("en_US"));
    assert_eq!((me.image_url, me.zip_code, me.share_url), (None, None, None));
}

#[tokio::test]
async fn me_unauthorized_keeps_the_meta_errors_list() {
    let api = Api::start().await;
    let mock = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });

    let err = fails(api.client().me().await);

    mock.assert();
    assert!(err.is_unauthorized(), "{err:?}");
    assert!(!err.is_retryable() && !err.is_not_found() && !err.is_forbidden());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.meta_code(), Some(401));
    assert_eq!(err.operation(), Some("get_me"));
    assert_eq!(
        err.api_errors(),
        Some(&groupme_sdk::ApiErrors::Messages(vec!["unauthorized".into()]))
    );
    assert_eq!(
        err.to_string(),
        "get_me: GroupMe answered 401 Unauthorized: unauthorized"
    );
}

#[tokio::test]
async fn profile_update_sends_exactly_the_given_fields() {
    let api = Api::start().await;
    let updated = json!({
        "id": "1234567890",
        "name": "Kestrel Vance",
        "email": "kestrel@flightdeck.example.org",
        "image_url": "https://i.groupme.com/avatar",
        "zip_code": "92145"
    });
    let mock = api.v3.update_me(|when, then| {
        sent(when.into_inner(), "/users/update", &[]).json_body(json!({
            "avatar_url": "https://i.groupme.com/avatar",
            "name": "Kestrel Vance",
            "email": "kestrel@flightdeck.example.org",
            "zip_code": "92145"
        }));
        then.ok(&typed(envelope(200, updated)));
    });
    let strays = api.strays();

    let client = api.client();
    let user = client
        .profile()
        .update()
        .avatar_url("https://i.groupme.com/avatar")
        .name("Kestrel Vance")
        .email("kestrel@flightdeck.example.org")
        .zip_code("92145")
        .send()
        .await;

    mock.assert();
    strays.assert_none();
    let user = succeeds(user);
    assert_eq!(user.name, "Kestrel Vance");
    assert_eq!(user.zip_code.as_deref(), Some("92145"));
}

#[tokio::test]
async fn profile_update_of_one_field_sends_only_that_field() {
    let api = Api::start().await;
    let mock = api.v3.update_me(|when, then| {
        sent(when.into_inner(), "/users/update", &[]).json_body(json!({ "zip_code": "10001" }));
        then.ok(&typed(envelope(200, user_json())));
    });

    let client = api.client();
    let user = client.profile().update().zip_code("10001").send().await;

    mock.assert();
    assert_eq!(succeeds(user).id, "1234567890");
}

#[tokio::test]
async fn profile_update_refused_with_a_field_map() {
    let api = Api::start().await;
    let mock = api.v3.update_me(|when, then| {
        sent(when.into_inner(), "/users/update", &[]);
        then.bad_request(&typed(error_envelope(
            400,
            json!({ "email": "is already taken" }),
        )));
    });

    let client = api.client();
    let err = fails(client.profile().update().email("a@example.com").send().await);

    mock.assert();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let errors = err.api_errors().expect("meta.errors kept");
    assert_eq!(errors.field("email"), Some("is already taken"));
    assert!(!err.is_unauthorized() && !err.is_retryable());
}

/// The documented v2 profile answer, inside the envelope the live API adds.
fn profile_envelope() -> serde_json::Value {
    envelope(
        200,
        json!({ "user": {
            "id": "60417733",
            "created_at": 1767245003,
            "updated_at": 1767257002,
            "name": "Rowan Thistle",
            "phone_number": "+1 5550142277",
            "email": "rowan@example.org",
            "avatar_url": null,
            "app_installed": true,
            "sms_disabled": true,
            "email_settings": { "membership_added": true, "group_created": true },
            "group_notification_sound": "gm4.wav",
            "dm_notification_sound": "gm9.wav",
            "bio": "Out on the water most weekends.",
            "photo_urls": [
                "https://i.groupme.com/790x1402.jpeg.a",
                "https://i.groupme.com/2270x4032.jpeg.b",
                "https://i.groupme.com/901x1600.jpeg.c"
            ],
            "song_url": "https://open.spotify.com/track/4zu9wo2FXoBSsKjO6tRB3R",
            "interests": [1005, 1017, 1026]
        }}),
    )
}

#[tokio::test]
async fn update_extended_with_a_user_id_posts_every_field_to_v2() {
    let api = Api::start().await;
    let mock = api.v2.update_profile(|when, then| {
        sent(when.into_inner(), "/users/60417733", &[]).json_body(json!({ "user": {
            "name": "Rowan Thistle",
            "email": "rowan@example.org",
            "avatar_url": "https://i.groupme.com/200x200.jpeg.94e0",
            "bio": "Out on the water most weekends.",
            "song_url": "https://open.spotify.com/track/4zu9wo2FXoBSsKjO6tRB3R",
            "photo_urls": [
                "https://i.groupme.com/790x1402.jpeg.a",
                "https://i.groupme.com/2270x4032.jpeg.b",
                "https://i.groupme.com/901x1600.jpeg.c"
            ],
            "intrests": [1005, 1017, 1026],
            "disable_favorite_notification": true,
            "group_notification_sound": "gm4.wav",
            "dm_notification_sound": "gm9.wav"
        }}));
        then.ok(&typed(profile_envelope()));
    });
    let strays = api.strays();

    let client = api.client();
    let profile = client
        .profile()
        .update_extended()
        .user_id("60417733")
        .name("Rowan Thistle")
        .email("rowan@example.org")
        .avatar_url("https://i.groupme.com/200x200.jpeg.94e0")
        .bio("Out on the water most weekends.")
        .song_url("https://open.spotify.com/track/4zu9wo2FXoBSsKjO6tRB3R")
        .photo_urls([
            "https://i.groupme.com/790x1402.jpeg.a",
            "https://i.groupme.com/2270x4032.jpeg.b",
            "https://i.groupme.com/901x1600.jpeg.c",
        ])
        .interests([1005, 1017, 1026])
        .disable_favorite_notification(true)
        .group_notification_sound("gm4.wav")
        .dm_notification_sound("gm9.wav")
        .send()
        .await;

    mock.assert();
    strays.assert_none();
    let profile = succeeds(profile);
    assert_eq!(profile.id, "60417733");
    assert_eq!(profile.bio.as_deref(), Some("Out on the water most weekends."));
    assert_eq!(profile.interests, Some(vec![1005, 1017, 1026]));
    assert_eq!(profile.photo_urls.map(|urls| urls.len()), Some(3));
    assert_eq!(profile.avatar_url, None);
    assert_eq!(
        profile.email_settings.and_then(|s| s.membership_added),
        Some(true)
    );
}

#[tokio::test]
async fn update_extended_without_a_user_id_asks_users_me_first() {
    let api = Api::start().await;
    let me = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.ok(&typed(envelope(
            200,
            json!({ "id": "60417733", "name": "Bilbo" }),
        )));
    });
    let update = api.v2.update_profile(|when, then| {
        sent(when.into_inner(), "/users/60417733", &[])
            .json_body(json!({ "user": { "name": "Bilbo", "bio": "Out on the water most weekends." } }));
        then.ok(&typed(profile_envelope()));
    });
    let strays = api.strays();

    let client = api.client();
    let profile = client
        .profile()
        .update_extended()
        .name("Bilbo")
        .bio("Out on the water most weekends.")
        .send()
        .await;

    me.assert();
    update.assert();
    strays.assert_none();
    assert_eq!(succeeds(profile).name, "Rowan Thistle");
}

#[tokio::test]
async fn update_extended_stops_when_users_me_fails() {
    let api = Api::start().await;
    let me = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });
    let strays = api.strays();

    let client = api.client();
    let err = fails(client.profile().update_extended().bio("x").send().await);

    me.assert();
    strays.assert_none();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(err.operation(), Some("get_me"));
}

#[tokio::test]
async fn update_extended_forbidden() {
    let api = Api::start().await;
    let mock = api.v2.update_profile(|when, then| {
        sent(when.into_inner(), "/users/42", &[]);
        then.forbidden(&typed(error_envelope(403, json!(["device check required"]))));
    });

    let client = api.client();
    let err = fails(
        client
            .profile()
            .update_extended()
            .user_id(42_u64)
            .bio("x")
            .send()
            .await,
    );

    mock.assert();
    assert!(err.is_forbidden() && !err.is_unauthorized(), "{err:?}");
    assert_eq!(err.operation(), Some("update_profile"));
}

#[tokio::test]
async fn sharing_is_enabled_and_disabled() {
    let api = Api::start().await;
    let enable = api.v3.update_profile_sharing(|when, then| {
        sent(when.into_inner(), "/users/features/share", &[]).json_body(json!({ "status": "enable" }));
        then.ok(&typed(envelope(
            200,
            json!({
                "share_url": "https://groupme.com/contact/58203114/Kq7RmW2x",
                "share_qr_code_url": "https://image.groupme.com/qr/contact/58203114/Kq7RmW2x/preview"
            }),
        )));
    });
    let disable = api.v3.update_profile_sharing(|when, then| {
        sent(when.into_inner(), "/users/features/share", &[]).json_body(json!({ "status": "disable" }));
        then.ok(&typed(envelope(
            200,
            json!({ "share_url": null, "share_qr_code_url": null }),
        )));
    });
    let strays = api.strays();

    let client = api.client();
    let enabled = client.profile().enable_sharing().await;
    let disabled = client.profile().disable_sharing().await;

    enable.assert();
    disable.assert();
    strays.assert_none();
    let enabled = succeeds(enabled);
    assert_eq!(
        enabled.share_url.as_deref(),
        Some("https://groupme.com/contact/58203114/Kq7RmW2x")
    );
    assert!(
        enabled
            .share_qr_code_url
            .is_some_and(|url| url.ends_with("/preview"))
    );
    assert_eq!(succeeds(disabled), groupme_sdk::types::ProfileSharing::default());
}

#[tokio::test]
async fn sharing_unauthorized() {
    let api = Api::start().await;
    let mock = api.v3.update_profile_sharing(|when, then| {
        sent(when.into_inner(), "/users/features/share", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });

    let err = fails(api.client().profile().enable_sharing().await);

    mock.assert();
    assert!(err.is_unauthorized(), "{err:?}");
}

#[tokio::test]
async fn sms_mode_is_enabled_with_a_registration_id() {
    let api = Api::start().await;
    let mock = api.v3.enable_sms_mode(|when, then| {
        sent(when.into_inner(), "/users/sms_mode", &[])
            .json_body(json!({ "duration": 4, "registration_id": "push-token" }));
        then.created();
    });
    let strays = api.strays();

    let client = api.client();
    let result = client
        .sms()
        .enable(SmsDuration::Hours(4))
        .registration_id("push-token")
        .send()
        .await;

    mock.assert();
    strays.assert_none();
    succeeds(result);
}

#[tokio::test]
async fn sms_mode_for_a_duration_rounds_up_to_whole_hours() {
    let api = Api::start().await;
    let mock = api.v3.enable_sms_mode(|when, then| {
        sent(when.into_inner(), "/users/sms_mode", &[]).json_body(json!({ "duration": 2 }));
        then.created();
    });

    let client = api.client();
    let result = client.sms().enable_for(Duration::from_secs(90 * 60)).await;

    mock.assert();
    succeeds(result);
}

#[tokio::test]
async fn sms_mode_refused_with_a_field_map() {
    let api = Api::start().await;
    let mock = api.v3.enable_sms_mode(|when, then| {
        sent(when.into_inner(), "/users/sms_mode", &[]);
        then.bad_request(&typed(error_envelope(400, json!({ "duration": "is invalid" }))));
    });

    let client = api.client();
    let err = fails(client.sms().enable(SmsDuration::Always).send().await);

    mock.assert();
    assert_eq!(
        err.api_errors().and_then(|e| e.field("duration")),
        Some("is invalid")
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn sms_mode_is_disabled_without_a_body() {
    let api = Api::start().await;
    let mock = api.v3.disable_sms_mode(|when, then| {
        without_body(sent(when.into_inner(), "/users/sms_mode/delete", &[]));
        then.ok();
    });
    let strays = api.strays();

    let client = api.client();
    let result = client.sms().disable().await;

    mock.assert();
    strays.assert_none();
    succeeds(result);
}

#[tokio::test]
async fn sms_mode_disable_unauthorized() {
    let api = Api::start().await;
    let mock = api.v3.disable_sms_mode(|when, then| {
        sent(when.into_inner(), "/users/sms_mode/delete", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });

    let err = fails(api.client().sms().disable().await);

    mock.assert();
    assert!(err.is_unauthorized(), "{err:?}");
}

#[tokio::test]
async fn majors_are_set() {
    let api = Api::start().await;
    let mock = api.v3.update_directory_majors(|when, then| {
        sent(when.into_inner(), "/directories/user/majors", &[])
            .json_body(json!({ "codes": ["3702", "5506"] }));
        then.success(201, &typed(envelope(201, json!(["3702", "5506"]))));
    });
    let strays = api.strays();

    let client = api.client();
    let codes = client.directory().set_majors(["3702", "5506"]).await;

    mock.assert();
    strays.assert_none();
    assert_eq!(succeeds(codes), vec!["3702", "5506"]);
}

#[tokio::test]
async fn majors_succeed_on_any_2xx_and_a_null_list_is_empty() {
    // Documented as "201 Accepted"; a 200 or 202 is a success too, and the
    // envelope's code need not match the status.
    for (status, codes) in [(200, json!(["17"])), (202, json!(null))] {
        let api = Api::start().await;
        let mock = api.v3.update_directory_majors(|when, then| {
            sent(when.into_inner(), "/directories/user/majors", &[]);
            then.success(status, &typed(envelope(20000, codes.clone())));
        });

        let set = api.client().directory().set_majors(["17"]).await;

        mock.assert();
        let expected: Vec<String> = serde_json::from_value(codes).unwrap_or_default();
        assert_eq!(succeeds(set), expected, "status {status}");
    }
}

#[tokio::test]
async fn majors_forbidden_outside_a_school_domain() {
    let api = Api::start().await;
    let mock = api.v3.update_directory_majors(|when, then| {
        sent(when.into_inner(), "/directories/user/majors", &[]);
        then.forbidden(&typed(error_envelope(403, json!(["not in a school domain"]))));
    });

    let err = fails(api.client().directory().set_majors(["3702"]).await);

    mock.assert();
    assert!(err.is_forbidden(), "{err:?}");
    assert_eq!(err.operation(), Some("update_directory_majors"));
}

/// The documented directory membership answer: integer ids, string year.
fn directory_membership(visibility: &str) -> v3t::DirectoryMembershipEnvelope {
    typed(envelope(
        200,
        json!({
            "id": 3801716,
            "user_id": 58203114,
            "directory_id": 1928,
            "campus_profile_visibility": visibility,
            "graduation_year": "2025",
            "major_ids": [59, 171]
        }),
    ))
}

#[tokio::test]
async fn directory_membership_sets_year_and_visibility() {
    let api = Api::start().await;
    let mock = api.v3.update_directory_membership(|when, then| {
        sent(when.into_inner(), "/directories/user/membership", &[]).json_body(json!({
            "graduation_year": 2025,
            "campus_profile_visibility": "graduation_year"
        }));
        then.ok(&directory_membership("graduation_year"));
    });
    let strays = api.strays();

    let client = api.client();
    let membership = client
        .directory()
        .update_membership()
        .visibility(CampusVisibility::GraduationYear)
        .graduation_year(2025)
        .send()
        .await;

    mock.assert();
    strays.assert_none();
    let membership = succeeds(membership);
    assert_eq!(membership.id, 3801716);
    assert_eq!(membership.user_id, Some(58203114));
    assert_eq!(membership.graduation_year.as_deref(), Some("2025"));
    assert_eq!(membership.major_ids, Some(vec![59, 171]));
    assert_eq!(
        membership.campus_profile_visibility.as_deref(),
        Some("graduation_year")
    );
}

#[tokio::test]
async fn directory_membership_without_a_year_leaves_the_year_out() {
    let api = Api::start().await;
    // Exactly this body: no `graduation_year`, so GroupMe keeps the year.
    let mock = api.v3.update_directory_membership(|when, then| {
        sent(when.into_inner(), "/directories/user/membership", &[]).json_body(json!({
            "campus_profile_visibility": "visible"
        }));
        then.ok(&directory_membership("visible"));
    });

    let client = api.client();
    let membership = client
        .directory()
        .update_membership()
        .visibility(CampusVisibility::Visible)
        .send()
        .await;

    mock.assert();
    assert_eq!(
        succeeds(membership).campus_profile_visibility.as_deref(),
        Some("visible")
    );
}

#[tokio::test]
async fn directory_membership_clears_the_year_with_null_or_changes_only_the_year() {
    let api = Api::start().await;
    let clear = api.v3.update_directory_membership(|when, then| {
        sent(when.into_inner(), "/directories/user/membership", &[])
            .json_body(json!({ "graduation_year": null }));
        then.ok(&directory_membership("hidden"));
    });
    let year_only = api.v3.update_directory_membership(|when, then| {
        sent(when.into_inner(), "/directories/user/membership", &[])
            .json_body(json!({ "graduation_year": 2028 }));
        then.ok(&directory_membership("hidden"));
    });
    let strays = api.strays();

    let client = api.client();
    succeeds(
        client
            .directory()
            .update_membership()
            .clear_graduation_year()
            .send()
            .await,
    );
    succeeds(
        client
            .directory()
            .update_membership()
            .graduation_year(2028)
            .send()
            .await,
    );

    clear.assert();
    year_only.assert();
    strays.assert_none();
}

#[tokio::test]
async fn directory_membership_with_majors_sends_the_majors_first() {
    let api = Api::start().await;
    let majors = api.v3.update_directory_majors(|when, then| {
        sent(when.into_inner(), "/directories/user/majors", &[]).json_body(json!({ "codes": ["3702"] }));
        then.success(201, &typed(envelope(201, json!(["3702"]))));
    });
    let membership = api.v3.update_directory_membership(|when, then| {
        sent(when.into_inner(), "/directories/user/membership", &[]).json_body(json!({
            "campus_profile_visibility": "major"
        }));
        then.ok(&directory_membership("major"));
    });
    let strays = api.strays();

    let client = api.client();
    let result = client
        .directory()
        .update_membership()
        .visibility(CampusVisibility::Major)
        .majors(["3702"])
        .send()
        .await;

    majors.assert();
    membership.assert();
    strays.assert_none();
    assert_eq!(
        succeeds(result).campus_profile_visibility.as_deref(),
        Some("major")
    );
}

#[tokio::test]
async fn directory_membership_is_not_sent_when_the_majors_fail() {
    let api = Api::start().await;
    let majors = api.v3.update_directory_majors(|when, then| {
        sent(when.into_inner(), "/directories/user/majors", &[]);
        then.bad_request(&typed(error_envelope(400, json!({ "codes": "unknown major" }))));
    });
    let membership = api.v3.update_directory_membership(|when, then| {
        when.into_inner().path("/directories/user/membership");
        then.ok(&directory_membership("major"));
    });

    let client = api.client();
    let err = fails(
        client
            .directory()
            .update_membership()
            .visibility(CampusVisibility::Major)
            .majors(["9999"])
            .send()
            .await,
    );

    majors.assert();
    membership.assert_calls(0);
    assert_eq!(err.operation(), Some("update_directory_majors"));
    assert_eq!(
        err.api_errors().and_then(|e| e.field("codes")),
        Some("unknown major")
    );
}

#[tokio::test]
async fn directory_membership_with_majors_already_set_skips_the_majors_call() {
    let api = Api::start().await;
    let membership = api.v3.update_directory_membership(|when, then| {
        sent(when.into_inner(), "/directories/user/membership", &[]).json_body(json!({
            "graduation_year": 2027,
            "campus_profile_visibility": "major"
        }));
        then.ok(&directory_membership("major"));
    });
    let strays = api.strays();

    let client = api.client();
    let result = client
        .directory()
        .update_membership()
        .visibility(CampusVisibility::Major)
        .graduation_year(2027)
        .majors_already_set()
        .send()
        .await;

    membership.assert();
    strays.assert_none();
    succeeds(result);
}

#[tokio::test]
async fn directory_membership_decodes_unknown_visibilities_and_fields() {
    let api = Api::start().await;
    let mock = api.v3.update_directory_membership(|when, then| {
        sent(when.into_inner(), "/directories/user/membership", &[]);
        then.into_inner().status(200).json_body(envelope(
            200,
            json!({
                "id": 1,
                "campus_profile_visibility": "friends_of_friends",
                "graduation_year": null,
                "major_ids": null,
                "verified_at": 1767245003
            }),
        ));
    });

    let client = api.client();
    let membership = client
        .directory()
        .update_membership()
        .visibility(CampusVisibility::Hidden)
        .send()
        .await;

    mock.assert();
    let membership = succeeds(membership);
    assert_eq!(
        membership.campus_profile_visibility.as_deref(),
        Some("friends_of_friends")
    );
    assert_eq!((membership.graduation_year, membership.major_ids), (None, None));
}

#[tokio::test]
async fn directory_membership_forbidden() {
    let api = Api::start().await;
    let mock = api.v3.update_directory_membership(|when, then| {
        sent(when.into_inner(), "/directories/user/membership", &[]);
        then.forbidden(&typed(error_envelope(403, json!(["not in a school domain"]))));
    });

    let client = api.client();
    let err = fails(
        client
            .directory()
            .update_membership()
            .visibility(CampusVisibility::Hidden)
            .send()
            .await,
    );

    mock.assert();
    assert!(err.is_forbidden(), "{err:?}");
}
