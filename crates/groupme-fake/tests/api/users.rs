//! The account: details, updates, profile sharing and SMS mode.

use std::time::Duration;

use groupme_fake::demo;
use serde_json::{Value, json};

use crate::helpers::{Fake, start};

/// The time a default `ManualClock` starts at, in Unix seconds.
const START: i64 = 1_750_000_000;

const HOUR: Duration = Duration::from_secs(3600);

async fn me(fake: &Fake) -> Value {
    fake.get("/users/me").await.json(200)["response"].clone()
}

#[tokio::test]
async fn me_shows_the_account() {
    let fake = start().await;
    assert_eq!(
        fake.get("/users/me").await.json(200),
        json!({
            "response": {
                "id": "1001",
                "user_id": "1001",
                "name": "Demo User",
                "phone_number": "+1 5550001001",
                "email": "demo@example.com",
                "sms": false,
                "created_at": START,
                "updated_at": START,
                "locale": "en_us",
                // Sent as `null`, not left out, as the live API does.
                "image_url": null,
                "zip_code": null,
                "share_url": null,
                "share_qr_code_url": null
            },
            "meta": { "code": 200 }
        })
    );
}

#[tokio::test]
async fn update_changes_the_given_fields_only() {
    let fake = start().await;
    fake.clock.advance(Duration::from_secs(10));
    let body = fake
        .post(
            "/users/update",
            json!({
                "avatar_url": "https://i.groupme.com/avatar.kestrel",
                "name": "Kestrel Vance",
                "email": "kestrel@flightdeck.example.org",
                "zip_code": "92145"
            }),
        )
        .await
        .json(200);
    let user = &body["response"];
    assert_eq!(user["name"], "Kestrel Vance");
    assert_eq!(user["email"], "kestrel@flightdeck.example.org");
    assert_eq!(user["image_url"], "https://i.groupme.com/avatar.kestrel");
    assert_eq!(user["zip_code"], "92145");
    assert_eq!(user["phone_number"], "+1 5550001001");
    assert_eq!(user["updated_at"], START + 10);
    assert_eq!(user["created_at"], START);

    let body = fake
        .post("/users/update", json!({ "zip_code": "10001" }))
        .await
        .json(200);
    assert_eq!(body["response"]["name"], "Kestrel Vance");
    assert_eq!(me(&fake).await["zip_code"], "10001");
}

#[tokio::test]
async fn names_need_a_last_name_and_emails_an_at() {
    let fake = start().await;
    fake.post("/users/update", json!({ "name": "Tom" }))
        .await
        .error(400, json!({ "name": "must be of the form FirstName LastName" }));
    fake.post("/users/update", json!({ "email": "viper.topgun" }))
        .await
        .error(400, json!({ "email": "is invalid" }));
    fake.post("/users/update", json!({ "name": "Tom", "email": "x" }))
        .await
        .error(
            400,
            json!({ "name": "must be of the form FirstName LastName", "email": "is invalid" }),
        );
    let reply = fake.post("/users/update", json!({ "name": "" })).await;
    assert!(!reply.field_error("name").is_empty());
    assert_eq!(me(&fake).await["name"], "Demo User");
}

#[tokio::test]
async fn bodies_that_are_not_json_are_bad_requests() {
    let fake = start().await;
    let reply = fake
        .call(
            crate::helpers::Host::V3,
            reqwest::Method::POST,
            "/users/update",
            Some(demo::TOKEN),
            None,
        )
        .await;
    let body = reply.json(400);
    assert_eq!(body["response"], Value::Null);
    assert_eq!(body["meta"]["code"], 400);
    assert!(body["meta"]["errors"].is_array(), "{body}");
}

#[tokio::test]
async fn sharing_makes_a_new_link_each_time_it_is_turned_back_on() {
    let fake = start().await;
    let enable = json!({ "status": "enable" });
    let first = fake.post("/users/features/share", enable.clone()).await.json(200);
    assert_eq!(
        first["response"],
        json!({
            "share_url": "https://groupme.com/contact/1001/share1",
            "share_qr_code_url": "https://image.groupme.com/qr/contact/1001/share1/preview"
        })
    );
    assert_eq!(
        me(&fake).await["share_url"],
        "https://groupme.com/contact/1001/share1"
    );

    // Enabling again while on keeps the link.
    let again = fake.post("/users/features/share", enable.clone()).await.json(200);
    assert_eq!(again["response"], first["response"]);

    let off = fake
        .post("/users/features/share", json!({ "status": "disable" }))
        .await
        .json(200);
    // Sent as `null` while sharing is off, as the live API does.
    assert_eq!(off["response"].get("share_url"), Some(&Value::Null));
    assert_eq!(off["response"].get("share_qr_code_url"), Some(&Value::Null));
    let user = me(&fake).await;
    assert_eq!(user.get("share_url"), Some(&Value::Null));
    assert_eq!(user.get("share_qr_code_url"), Some(&Value::Null));

    let second = fake.post("/users/features/share", enable).await.json(200);
    assert_eq!(
        second["response"]["share_url"],
        "https://groupme.com/contact/1001/share2"
    );
    assert_ne!(second["response"]["share_url"], first["response"]["share_url"]);
    assert_eq!(
        me(&fake).await["share_qr_code_url"],
        "https://image.groupme.com/qr/contact/1001/share2/preview"
    );
}

#[tokio::test]
async fn sharing_needs_enable_or_disable() {
    let fake = start().await;
    let reply = fake
        .post("/users/features/share", json!({ "status": "on" }))
        .await;
    assert!(!reply.field_error("status").is_empty());
}

#[tokio::test]
async fn sms_mode_lasts_the_given_hours_and_answers_empty() {
    let fake = start().await;
    fake.post(
        "/users/sms_mode",
        json!({ "duration": 4, "registration_id": "TOKEN" }),
    )
    .await
    .empty(201);
    assert_eq!(me(&fake).await["sms"], true);
    fake.clock.advance(4 * HOUR - Duration::from_secs(1));
    assert_eq!(me(&fake).await["sms"], true);
    fake.clock.advance(Duration::from_secs(1));
    assert_eq!(me(&fake).await["sms"], false);
}

#[tokio::test]
async fn sms_mode_always_lasts_until_turned_off() {
    let fake = start().await;
    fake.post("/users/sms_mode", json!({ "duration": "always" }))
        .await
        .empty(201);
    fake.clock.advance(1000 * HOUR);
    assert_eq!(me(&fake).await["sms"], true);
    fake.post("/users/sms_mode/delete", json!({})).await.empty(200);
    assert_eq!(me(&fake).await["sms"], false);
}

#[tokio::test]
async fn sms_durations_are_one_to_forty_eight_hours_or_always() {
    let fake = start().await;
    fake.post("/users/sms_mode", json!({ "duration": 48 }))
        .await
        .empty(201);
    fake.post("/users/sms_mode", json!({ "duration": 1 }))
        .await
        .empty(201);
    for duration in [
        json!(0),
        json!(49),
        json!(-1),
        json!("forever"),
        json!(4.5),
        json!(null),
    ] {
        let reply = fake
            .post("/users/sms_mode", json!({ "duration": duration }))
            .await;
        assert!(!reply.field_error("duration").is_empty(), "{duration}");
    }
    fake.post("/users/sms_mode/delete", json!({})).await.empty(200);
    fake.post("/users/sms_mode", json!({ "duration": 49 })).await;
    assert_eq!(
        me(&fake).await["sms"],
        false,
        "a refused duration changes nothing"
    );
}
