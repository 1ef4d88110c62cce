//! The request and response examples of the API documents
//! (`/work/shared/seeds/*.txt`, where 002 wins over 001), copied by hand so
//! that the tests check the generated code against the documents rather
//! than against the spec written from them. Responses are the inner
//! `response` values; wrap them with [`envelope`] as the API does.

use serde_json::{Value, json};

/// The `503` text of the members results endpoint.
pub const RESULTS_NOT_READY: &str = "Results aren't ready. Try again in a little bit.";

/// The `404` text of the members results endpoint.
pub const RESULTS_EXPIRED: &str = "Results are no longer available. Don't try again.";

/// The `401` text of the join-request approval endpoint.
pub const NOT_AN_ADMIN: &str = "You are neither the Owner nor an Admin in this group";

/// Wraps a successful `response` the way the API does; `meta.errors` is
/// null, as the documents say it is on success.
pub fn envelope(code: u16, response: Value) -> Value {
    json!({ "response": response, "meta": { "code": code, "errors": null } })
}

/// A failure envelope: `response` is null and `meta.errors` says why.
pub fn error_envelope(code: u16, errors: Value) -> Value {
    json!({ "response": null, "meta": { "code": code, "errors": errors } })
}

/// `GET /users/me` and `POST /users/update`: the authenticated user.
pub fn me() -> Value {
    json!({
        "id": "1234567890",
        "phone_number": "+1 2123001234",
        "image_url": "https://i.groupme.com/123456789",
        "name": "Ronald Swanson",
        "created_at": 1302623328,
        "updated_at": 1302623328,
        "email": "me@example.com",
        "sms": false
    })
}

/// `POST /users/update`: the request body.
pub fn update_me_request() -> Value {
    json!({
        "avatar_url": "https://4.bp.blogspot.com/-GAeMYT8SZoI/TtBTK209xMI/AAAAAAAAWts/5nmvpmmvoWo/s1600/TopGun_059Pyxurz.jpg",
        "name": "Tom Skerritt",
        "email": "viper@topgun.usaf.mil",
        "zip_code": "92145"
    })
}

/// `PUT /directories/user/majors`: the request body.
pub fn majors_request() -> Value {
    json!({ "codes": ["1204", "4410"] })
}

/// `PUT /directories/user/majors`: the `201` answer.
pub fn majors() -> Value {
    json!(["1204", "4410"])
}

/// `PUT /directories/user/membership`: the request body.
pub fn directory_membership_request() -> Value {
    json!({ "graduation_year": 2027, "campus_profile_visibility": "graduation_year" })
}

/// `PUT /directories/user/membership`: the answer, with integer ids and a
/// string graduation year.
pub fn directory_membership() -> Value {
    json!({
        "id": 2990607,
        "user_id": 93645911,
        "directory_id": 1928,
        "campus_profile_visibility": "graduation_year",
        "graduation_year": "2025",
        "major_ids": [59, 171]
    })
}

/// `POST /users/features/share`: the request body.
pub fn profile_sharing_request() -> Value {
    json!({ "status": "enable" })
}

/// `POST /users/features/share`: the answer.
pub fn profile_sharing() -> Value {
    json!({
        "share_url": "https://groupme.com/contact/74938777/OtzZPXiX",
        "share_qr_code_url": "https://image.groupme.com/qr/contact/74938777/OtzZPXiX/preview"
    })
}

/// `POST /users/sms_mode`: the request body. (`TOKEN` here is a push
/// registration id, not an access token.)
pub fn sms_mode_request() -> Value {
    json!({ "duration": 4, "registration_id": "TOKEN" })
}

/// `GET /groups/:group_id/members`: the answer.
pub fn memberships() -> Value {
    json!({
        "memberships": [
            {
                "id": "24681012",
                "user_id": "11223344",
                "name": "Alureon",
                "nickname": "Alu",
                "image_url": "https://i.groupme.com/1a3c5e7g",
                "state": "active",
                "roles": ["owner", "admin"]
            },
            {
                "id": "1357911131",
                "user_id": "55667788",
                "name": "Franco H",
                "nickname": "Fran",
                "image_url": "https://i.groupme.com/2b4d6f8h",
                "state": "active",
                "roles": ["user"]
            }
        ]
    })
}

/// `POST /groups/:group_id/members/add`: the request body.
pub fn add_members_request() -> Value {
    json!({
        "members": [
            { "nickname": "Mom", "user_id": "1234567890", "guid": "GUID-1" },
            { "nickname": "Dad", "phone_number": "+1 2123001234", "guid": "GUID-2" },
            { "nickname": "Jane", "email": "jane@example.com", "guid": "GUID-3" }
        ]
    })
}

/// `POST /groups/:group_id/members/add`: the `202` answer.
pub fn add_members_accepted() -> Value {
    json!({ "results_id": "GUID" })
}

/// `GET /groups/:group_id/members/results/:results_id`: the `200` answer.
pub fn member_results() -> Value {
    json!({
        "members": [
            {
                "id": "1000",
                "user_id": "10000",
                "nickname": "John",
                "muted": false,
                "image_url": "https://i.groupme.com/AVATAR",
                "autokicked": false,
                "app_installed": true,
                "guid": "GUID-1"
            },
            {
                "id": "2000",
                "user_id": "20000",
                "nickname": "Anne",
                "muted": false,
                "image_url": "https://i.groupme.com/AVATAR",
                "autokicked": false,
                "app_installed": true,
                "guid": "GUID-2"
            }
        ]
    })
}

/// `GET /groups/:group_id/pending_memberships`: the answer, a bare list.
pub fn pending_memberships() -> Value {
    json!([
        {
            "id": "1075936468",
            "user_id": "43303468",
            "nickname": "bob",
            "image_url": "https://i.groupme.com/2320x3088.jpeg.df62e30722404d21acee182c1a3eb633",
            "reason": {
                "type": "join_reason/membership_join_reason",
                "question": {
                    "type": "join_reason/questions/text",
                    "text": "Why do you want to join this group?"
                },
                "answer": {
                    "type": "join_reason/answers/text",
                    "response": "Because it looks awesome!"
                },
                "method": "discoverable"
            },
            "timestamp": 1747219206,
            "state": "requested_pending"
        },
        {
            "id": "1075937258",
            "user_id": "43303469",
            "nickname": "allice",
            "image_url": "https://i.groupme.com/2320x3088.jpeg.df62e307b2402321acee182c1a3eb633",
            "reason": {
                "type": "join_reason/membership_join_reason",
                "question": {
                    "type": "join_reason/questions/text",
                    "text": "Why do you want to join this group?"
                },
                "answer": {
                    "type": "join_reason/answers/text",
                    "response": "Because I love GroupMe!"
                },
                "method": "discoverable"
            },
            "timestamp": 1756219206,
            "state": "requested_pending"
        }
    ])
}

/// `POST /groups/:group_id/members/:membership_id/approval`: the request
/// body.
pub fn approval_request() -> Value {
    json!({ "approval": true })
}

/// `POST /groups/:group_id/members/:membership_id/approval`: the `200`
/// answer, with an integer membership id.
pub fn approval() -> Value {
    json!({ "membership_id": 1075929653_i64, "state": "active" })
}

/// `POST /groups/:group_id/memberships/update`: the request body.
pub fn nickname_request() -> Value {
    json!({ "membership": { "nickname": "NEW NICKNAME" } })
}

/// `POST /groups/:group_id/memberships/update`: the answer.
pub fn nickname_membership() -> Value {
    json!({
        "id": "MEMBERSHIP ID",
        "user_id": "USER ID",
        "nickname": "NEW NICKNAME",
        "muted": false,
        "image_url": "AVATAR URL",
        "autokicked": false,
        "app_installed": true
    })
}

/// v2 `POST /users/:user_id`: the request body, with the API's own
/// spelling `intrests`. (The document's copy lacks a comma after `email`.)
pub fn profile_request() -> Value {
    json!({
        "user": {
            "name": "Bilbo Baggins",
            "email": "example@email.com",
            "avatar_url": "https://i.groupme.com/200x200.jpeg.94e0ac5891aa4e6f8ad4bbf961defe4d",
            "bio": "Hello World!",
            "song_url": "https://open.spotify.com/track/4zu9wo2FXoBSsKjO6tRB3R?si=853de61130814a27",
            "photo_urls": [
                "https://i.groupme.com/790x1402.jpeg.ca86dade7dfb48168735247dce604499",
                "https://i.groupme.com/2270x4032.jpeg.0068aa02a4b949e0b97ab4dc8c9a31f7",
                "https://i.groupme.com/901x1600.jpeg.283ece1d0c9d41c180677393f78ff716"
            ],
            "intrests": [1005, 1017, 1026],
            "disable_favorite_notification": true,
            "group_notification_sound": "gm6.wav",
            "dm_notification_sound": "gm16.wav"
        }
    })
}

/// v2 `POST /users/:user_id`: the answer.
pub fn profile() -> Value {
    json!({
        "user": {
            "id": "131245991",
            "created_at": 1747245002,
            "updated_at": 1747257736,
            "name": "Bilbo Baggins",
            "phone_number": "+1 2345678910",
            "email": "example@email.com",
            "avatar_url": null,
            "app_installed": true,
            "direct_message_capable": true,
            "country": null,
            "language": "en-US",
            "locale": "en_us",
            "disable_started_using_notification": false,
            "disable_favorite_notification": false,
            "sms_disabled": true,
            "sms_disabled_expires_at": null,
            "local_sms_available": true,
            "sleep_until": null,
            "needs_password": false,
            "stopped": false,
            "admin": false,
            "verified": true,
            "email_verified": false,
            "international": false,
            "email_settings": {
                "membership_added": true,
                "group_created": true
            },
            "group_notification_sound": "gm6.wav",
            "dm_notification_sound": "gm16.wav",
            "bio": "Hello World!",
            "photo_urls": [
                "https://i.groupme.com/790x1402.jpeg.ca86dade7dfb48168735247dce604499",
                "https://i.groupme.com/2270x4032.jpeg.0068aa02a4b949e0b97ab4dc8c9a31f7",
                "https://i.groupme.com/901x1600.jpeg.283ece1d0c9d41c180677393f78ff716"
            ],
            "song_url": "https://open.spotify.com/track/4zu9wo2FXoBSsKjO6tRB3R?si=S8-f5DNDTwGjHVBkixoDIQ",
            "interests": [1005, 1017, 1026]
        }
    })
}
