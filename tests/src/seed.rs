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
        "phone_number": "+1 5550109876",
        "image_url": "https://i.groupme.com/avatar.kestrel",
        "name": "Marlow Pike",
        "created_at": 1412623005,
        "updated_at": 1412623005,
        "email": "self@example.org",
        "sms": false
    })
}

/// `POST /users/update`: the request body.
pub fn update_me_request() -> Value {
    json!({
        "avatar_url": "https://images.example.org/avatars/kestrel-portrait.jpg",
        "name": "Kestrel Vance",
        "email": "kestrel@flightdeck.example.org",
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
        "id": 3801716,
        "user_id": 58203114,
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
        "share_url": "https://groupme.com/contact/58203114/Kq7RmW2x",
        "share_qr_code_url": "https://image.groupme.com/qr/contact/58203114/Kq7RmW2x/preview"
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
                "id": "35792468",
                "user_id": "44332211",
                "name": "Brightwater",
                "nickname": "Alu",
                "image_url": "https://i.groupme.com/avatar.marlow",
                "state": "active",
                "roles": ["owner", "admin"]
            },
            {
                "id": "4681357911",
                "user_id": "88776655",
                "name": "Quinn B",
                "nickname": "Fran",
                "image_url": "https://i.groupme.com/avatar.quinn",
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
            { "nickname": "Mom", "user_id": "1234567890", "guid": "guid-alpha" },
            { "nickname": "Dad", "phone_number": "+1 5550109876", "guid": "guid-bravo" },
            { "nickname": "Jane", "email": "dana@example.org", "guid": "guid-charlie" }
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
                "image_url": "https://i.groupme.com/avatar.default",
                "autokicked": false,
                "app_installed": true,
                "guid": "guid-alpha"
            },
            {
                "id": "2000",
                "user_id": "20000",
                "nickname": "Anne",
                "muted": false,
                "image_url": "https://i.groupme.com/avatar.default",
                "autokicked": false,
                "app_installed": true,
                "guid": "guid-bravo"
            }
        ]
    })
}

/// `GET /groups/:group_id/pending_memberships`: the answer, a bare list.
pub fn pending_memberships() -> Value {
    json!([
        {
            "id": "6021345501",
            "user_id": "52104468",
            "nickname": "bob",
            "image_url": "https://i.groupme.com/1600x1200.jpeg.6a1b2c3d4e5f40718293a4b5c6d7e8f9",
            "reason": {
                "type": "join_reason/membership_join_reason",
                "question": {
                    "type": "join_reason/questions/text",
                    "text": "What brings you to this group?"
                },
                "answer": {
                    "type": "join_reason/answers/text",
                    "response": "I run the boathouse schedule."
                },
                "method": "discoverable"
            },
            "timestamp": 1767219001,
            "state": "requested_pending"
        },
        {
            "id": "6021345502",
            "user_id": "52104469",
            "nickname": "allice",
            "image_url": "https://i.groupme.com/1600x1200.jpeg.5f0c1e2d3b4a49c8a7e6d5c4b3a29180",
            "reason": {
                "type": "join_reason/membership_join_reason",
                "question": {
                    "type": "join_reason/questions/text",
                    "text": "What brings you to this group?"
                },
                "answer": {
                    "type": "join_reason/answers/text",
                    "response": "A friend from the rowing club invited me."
                },
                "method": "discoverable"
            },
            "timestamp": 1766219004,
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
    json!({ "membership_id": 6021345503_i64, "state": "active" })
}

/// `POST /groups/:group_id/memberships/update`: the request body.
pub fn nickname_request() -> Value {
    json!({ "membership": { "nickname": "Captain Quinn" } })
}

/// `POST /groups/:group_id/memberships/update`: the answer.
pub fn nickname_membership() -> Value {
    json!({
        "id": "70020001",
        "user_id": "81730002",
        "nickname": "Captain Quinn",
        "muted": false,
        "image_url": "https://i.groupme.com/avatar.placeholder",
        "autokicked": false,
        "app_installed": true
    })
}

/// v2 `POST /users/:user_id`: the request body, with the API's own
/// spelling `intrests`. (The document's copy lacks a comma after `email`.)
pub fn profile_request() -> Value {
    json!({
        "user": {
            "name": "Rowan Thistle",
            "email": "rowan@example.org",
            "avatar_url": "https://i.groupme.com/256x256.jpeg.0e5f6a7b8c9d44b5b637e8f90a1b2c3d",
            "bio": "Out on the water most weekends.",
            "song_url": "https://music.example.org/track/tidepool-waltz?ref=share",
            "photo_urls": [
                "https://i.groupme.com/640x1136.jpeg.9d4e5f6a7b8c43a4a526d7e8f90a1b2c",
                "https://i.groupme.com/1080x1920.jpeg.7b2c3d4e5f6a41829304b5c6d7e8f90a",
                "https://i.groupme.com/720x1280.jpeg.8c3d4e5f6a7b42939415c6d7e8f90a1b"
            ],
            "intrests": [1005, 1017, 1026],
            "disable_favorite_notification": true,
            "group_notification_sound": "gm4.wav",
            "dm_notification_sound": "gm9.wav"
        }
    })
}

/// v2 `POST /users/:user_id`: the answer.
pub fn profile() -> Value {
    json!({
        "user": {
            "id": "60417733",
            "created_at": 1767245003,
            "updated_at": 1767257002,
            "name": "Rowan Thistle",
            "phone_number": "+1 5550142277",
            "email": "rowan@example.org",
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
            "group_notification_sound": "gm4.wav",
            "dm_notification_sound": "gm9.wav",
            "bio": "Out on the water most weekends.",
            "photo_urls": [
                "https://i.groupme.com/640x1136.jpeg.9d4e5f6a7b8c43a4a526d7e8f90a1b2c",
                "https://i.groupme.com/1080x1920.jpeg.7b2c3d4e5f6a41829304b5c6d7e8f90a",
                "https://i.groupme.com/720x1280.jpeg.8c3d4e5f6a7b42939415c6d7e8f90a1b"
            ],
            "song_url": "https://music.example.org/track/tidepool-waltz",
            "interests": [1005, 1017, 1026]
        }
    })
}
