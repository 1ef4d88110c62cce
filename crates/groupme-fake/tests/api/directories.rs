//! Campus directory calls: only for users in a domain, with GroupMe's
//! rules for graduation years and visibility.

use groupme_fake::demo;
use serde_json::json;

use crate::helpers::start;

const MAJORS: &str = "/directories/user/majors";
const MEMBERSHIP: &str = "/directories/user/membership";

#[tokio::test]
async fn majors_answer_created_with_the_codes() {
    let fake = start().await;
    assert_eq!(
        fake.put(MAJORS, json!({ "codes": ["3702", "5506"] }))
            .await
            .json(201),
        json!({ "response": ["3702", "5506"], "meta": { "code": 201 } })
    );
}

#[tokio::test]
async fn users_outside_a_campus_domain_are_refused() {
    let fake = start().await;
    for (path, body) in [
        (MAJORS, json!({ "codes": ["3702"] })),
        (
            MEMBERSHIP,
            json!({ "graduation_year": 2025, "campus_profile_visibility": "visible" }),
        ),
    ] {
        let reply = fake
            .call(
                crate::helpers::Host::V3,
                reqwest::Method::PUT,
                path,
                Some(demo::ALICE.token),
                Some(body),
            )
            .await;
        reply.error(403, json!(["user is not in a campus directory"]));
    }
}

#[tokio::test]
async fn major_codes_are_numbers_and_none_removes_them() {
    let fake = start().await;
    let reply = fake.put(MAJORS, json!({ "codes": ["history"] })).await;
    assert!(!reply.field_error("codes").is_empty());
    fake.put(MAJORS, json!({ "codes": ["99999999999999999999999"] }))
        .await
        .error(400, json!({ "codes": "is invalid" }));

    fake.put(MAJORS, json!({ "codes": ["1204"] })).await.json(201);
    assert_eq!(
        fake.put(MAJORS, json!({ "codes": [] })).await.json(201),
        json!({ "response": [], "meta": { "code": 201 } })
    );
    let directory = fake.server.state().directory_membership(demo::USER_ID).unwrap();
    assert_eq!(directory.major_ids, Some(Vec::new()));
}

#[tokio::test]
async fn the_membership_answer_has_integer_ids_and_a_string_year() {
    let fake = start().await;
    fake.put(MAJORS, json!({ "codes": ["3702", "5506"] }))
        .await
        .json(201);
    let body = fake
        .put(
            MEMBERSHIP,
            json!({ "graduation_year": 2025, "campus_profile_visibility": "major" }),
        )
        .await
        .json(200);
    assert_eq!(
        body,
        json!({
            "response": {
                "id": demo::DIRECTORY_MEMBERSHIP_ID,
                "user_id": 1001,
                "directory_id": 1928,
                "campus_profile_visibility": "major",
                "graduation_year": "2025",
                "major_ids": [3702, 5506]
            },
            "meta": { "code": 200 }
        })
    );
}

#[tokio::test]
async fn graduation_years_run_from_1900_to_ten_years_ahead() {
    // The manual clock starts in 2025.
    let fake = start().await;
    for year in [1900, 2035] {
        let body = fake
            .put(
                MEMBERSHIP,
                json!({ "graduation_year": year, "campus_profile_visibility": "visible" }),
            )
            .await
            .json(200);
        assert_eq!(body["response"]["graduation_year"], year.to_string());
    }
    for year in [1899, 2036] {
        fake.put(
            MEMBERSHIP,
            json!({ "graduation_year": year, "campus_profile_visibility": "visible" }),
        )
        .await
        .error(400, json!({ "graduation_year": "must be between 1900 and 2035" }));
    }
    let body = fake
        .put(
            MEMBERSHIP,
            json!({ "graduation_year": null, "campus_profile_visibility": "hidden" }),
        )
        .await
        .json(200);
    assert_eq!(body["response"].get("graduation_year"), None);
    assert_eq!(body["response"]["campus_profile_visibility"], "hidden");
}

#[tokio::test]
async fn year_and_major_visibility_need_a_year_or_a_major_first() {
    let fake = start().await;
    fake.put(
        MEMBERSHIP,
        json!({ "graduation_year": null, "campus_profile_visibility": "graduation_year" }),
    )
    .await
    .error(
        400,
        json!({ "campus_profile_visibility": "graduation_year needs a graduation year first" }),
    );
    fake.put(
        MEMBERSHIP,
        json!({ "graduation_year": 2025, "campus_profile_visibility": "major" }),
    )
    .await
    .error(
        400,
        json!({ "campus_profile_visibility": "major needs a major first" }),
    );
    let body = fake
        .put(
            MEMBERSHIP,
            json!({ "graduation_year": 2025, "campus_profile_visibility": "graduation_year" }),
        )
        .await
        .json(200);
    assert_eq!(body["response"]["campus_profile_visibility"], "graduation_year");
    let directory = fake.server.state().directory_membership(demo::USER_ID).unwrap();
    assert_eq!(directory.graduation_year.as_deref(), Some("2025"));
}

#[tokio::test]
async fn fields_left_out_stay_as_they_are_and_a_null_year_removes_it() {
    let fake = start().await;
    let reply = fake
        .put(
            MEMBERSHIP,
            json!({ "graduation_year": 2025, "campus_profile_visibility": "friends" }),
        )
        .await;
    assert!(!reply.field_error("campus_profile_visibility").is_empty());
    fake.put(
        MEMBERSHIP,
        json!({ "graduation_year": 2027, "campus_profile_visibility": "graduation_year" }),
    )
    .await
    .json(200);

    let hidden = fake
        .put(MEMBERSHIP, json!({ "campus_profile_visibility": "hidden" }))
        .await
        .json(200);
    assert_eq!(hidden["response"]["graduation_year"], "2027", "{hidden}");
    assert_eq!(hidden["response"]["campus_profile_visibility"], "hidden");

    let moved = fake
        .put(MEMBERSHIP, json!({ "graduation_year": 2029 }))
        .await
        .json(200);
    assert_eq!(moved["response"]["graduation_year"], "2029", "{moved}");
    assert_eq!(moved["response"]["campus_profile_visibility"], "hidden");

    let cleared = fake
        .put(MEMBERSHIP, json!({ "graduation_year": null }))
        .await
        .json(200);
    assert_eq!(cleared["response"].get("graduation_year"), None, "{cleared}");
    assert_eq!(cleared["response"]["campus_profile_visibility"], "hidden");

    // Removing the year under `graduation_year` visibility is refused.
    fake.put(
        MEMBERSHIP,
        json!({ "graduation_year": 2030, "campus_profile_visibility": "graduation_year" }),
    )
    .await
    .json(200);
    fake.put(MEMBERSHIP, json!({ "graduation_year": null }))
        .await
        .error(
            400,
            json!({ "campus_profile_visibility": "graduation_year needs a graduation year first" }),
        );
}
