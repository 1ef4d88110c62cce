//! The member index, asynchronous adds and their results, removal and
//! nicknames.

use std::time::Duration;

use groupme_fake::demo;
use serde_json::{Value, json};

use crate::helpers::{Fake, RESULTS_DELAY, start};

const NOT_READY: &str = "Results aren't ready. Try again in a little bit.";
const GONE: &str = "Results are no longer available. Don't try again.";
const HOUR: Duration = Duration::from_secs(3600);

fn members_path(filter: &str) -> String {
    format!("/groups/{}/members{filter}", demo::GROUP_ID)
}

fn results_path(results_id: &str) -> String {
    format!("/groups/{}/members/results/{results_id}", demo::GROUP_ID)
}

fn remove_path(membership_id: &str) -> String {
    format!("/groups/{}/members/{membership_id}/remove", demo::GROUP_ID)
}

fn nickname_path() -> String {
    format!("/groups/{}/memberships/update", demo::GROUP_ID)
}

/// `(id, state)` of every membership in an index answer.
fn ids_and_states(body: &Value) -> Vec<(String, String)> {
    body["response"]["memberships"]
        .as_array()
        .expect("a list of memberships")
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_owned(),
                m["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The members of a `200` results answer.
async fn ready_results(fake: &Fake, results_id: &str) -> Vec<Value> {
    let body = fake.get(&results_path(results_id)).await.json(200);
    assert_eq!(body["meta"]["code"], 200);
    body["response"]["members"]
        .as_array()
        .expect("a list of members")
        .clone()
}

#[tokio::test]
async fn the_active_index_lists_current_members_with_roles() {
    let fake = start().await;
    let body = fake.get(&members_path("?filter=active")).await.json(200);
    assert_eq!(
        ids_and_states(&body),
        [("3001", "active"), ("3002", "active"), ("3003", "active")]
            .map(|(id, state)| (id.to_owned(), state.to_owned()))
    );
    assert_eq!(
        body["response"]["memberships"][0]["roles"],
        json!(["owner", "admin"])
    );
    assert_eq!(
        body["response"]["memberships"][1],
        json!({
            "id": "3002",
            "user_id": "1002",
            "nickname": "Alice",
            "name": "Alice Admin",
            // No avatar: sent as `null`, as the live API does.
            "image_url": null,
            "muted": false,
            "autokicked": false,
            "app_installed": true,
            "state": "active",
            "roles": ["admin"]
        })
    );
}

#[tokio::test]
async fn the_inactive_index_lists_former_members() {
    let fake = start().await;
    let body = fake.get(&members_path("?filter=inactive")).await.json(200);
    assert_eq!(
        ids_and_states(&body),
        [("3004", "exited"), ("3009", "removed")].map(|(id, state)| (id.to_owned(), state.to_owned()))
    );
}

#[tokio::test]
async fn admins_may_list_members_too() {
    let fake = start().await;
    let body = fake
        .get_as(demo::ALICE.token, &members_path("?filter=active"))
        .await
        .json(200);
    assert_eq!(body["response"]["memberships"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_missing_or_invalid_filter_is_a_field_error() {
    let fake = start().await;
    fake.get(&members_path(""))
        .await
        .error(400, json!({ "filter": "cannot be blank" }));
    fake.get(&members_path("?filter="))
        .await
        .error(400, json!({ "filter": "cannot be blank" }));
    fake.get(&members_path("?filter=everyone"))
        .await
        .error(400, json!({ "filter": "is invalid" }));
}

#[tokio::test]
async fn plain_members_may_not_list_members() {
    let fake = start().await;
    fake.get_as(demo::BOB.token, &members_path("?filter=active"))
        .await
        .error(401, json!(["unauthorized"]));
    // The demo user is a plain member of the other group.
    let path = format!("/groups/{}/members?filter=active", demo::OTHER_GROUP_ID);
    fake.get(&path).await.error(401, json!(["unauthorized"]));
}

#[tokio::test]
async fn unknown_groups_and_outsiders_get_not_found() {
    let fake = start().await;
    fake.get("/groups/9999/members?filter=active")
        .await
        .error(404, json!(["group not found"]));
    fake.get("/groups/not-a-number/members?filter=active")
        .await
        .error(404, json!(["group not found"]));
    // Frank is in no group; Carol has left the demo group.
    for outsider in [demo::FRANK.token, demo::CAROL.token] {
        fake.get_as(outsider, &members_path("?filter=active"))
            .await
            .error(404, json!(["group not found"]));
    }
}

#[tokio::test]
async fn added_members_are_not_ready_then_ready_then_gone() {
    let fake = start().await;
    let results_id = fake
        .add_members(json!([
            { "nickname": "Frankie", "user_id": demo::FRANK.id, "guid": "guid-alpha" },
            { "nickname": "Gracie", "email": demo::GRACE.email },
            { "nickname": "Newbie", "email": "newbie@example.com", "guid": "guid-charlie" },
            { "nickname": "Phoney", "phone_number": "+1 5550009999", "guid": "GUID-4" }
        ]))
        .await;
    assert_eq!(results_id, "results-1");

    fake.get(&results_path(&results_id)).await.text(503, NOT_READY);
    fake.clock.advance(RESULTS_DELAY - Duration::from_millis(1));
    fake.get(&results_path(&results_id)).await.text(503, NOT_READY);
    fake.clock.advance(Duration::from_millis(1));

    let members = ready_results(&fake, &results_id).await;
    assert_eq!(
        members[0],
        json!({
            "id": "5000",
            "user_id": demo::FRANK.id,
            "nickname": "Frankie",
            "name": "Frank Friend",
            "image_url": null,
            "muted": false,
            "autokicked": false,
            "app_installed": true,
            "guid": "guid-alpha",
            "state": "active",
            "roles": ["user"]
        })
    );
    let guids: Vec<_> = members.iter().map(|m| m["guid"].as_str().unwrap()).collect();
    assert_eq!(guids, ["guid-alpha", "fake-guid-1", "guid-charlie", "GUID-4"]);
    let user_ids: Vec<_> = members.iter().map(|m| m["user_id"].as_str().unwrap()).collect();
    assert_eq!(user_ids, [demo::FRANK.id, demo::GRACE.id, "5002", "5004"]);
    for member in &members {
        assert_ne!(member["id"], member["user_id"], "membership ids are not user ids");
    }

    // Unknown email addresses and phone numbers were invited.
    let state = fake.server.state();
    assert_eq!(
        state.user("5002").unwrap().email.as_deref(),
        Some("newbie@example.com")
    );
    assert_eq!(
        state.user("5004").unwrap().phone_number.as_deref(),
        Some("+1 5550009999")
    );
    assert_eq!(state.user("5002").unwrap().name, "Newbie");
    // And everyone is now an active member.
    let body = fake.get(&members_path("?filter=active")).await.json(200);
    assert_eq!(body["response"]["memberships"].as_array().unwrap().len(), 7);

    // Results stay until an hour after the add, then are gone.
    fake.clock
        .advance(HOUR - RESULTS_DELAY - Duration::from_millis(1));
    assert_eq!(ready_results(&fake, &results_id).await.len(), 4);
    fake.clock.advance(Duration::from_millis(1));
    fake.get(&results_path(&results_id)).await.text(404, GONE);
}

#[tokio::test]
async fn the_results_expiry_and_delay_are_configurable() {
    let clock = groupme_fake::ManualClock::default();
    let server = groupme_fake::FakeGroupMe::builder()
        .clock(clock.clone())
        .results_delay(Duration::ZERO)
        .results_expiry(Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    let url = format!("{}{}", server.v3_url(), results_path("results-1"));
    let http = reqwest::Client::new();
    let add = http
        .post(format!(
            "{}/groups/{}/members/add",
            server.v3_url(),
            demo::GROUP_ID
        ))
        .header("X-Access-Token", demo::TOKEN)
        .json(&json!({ "members": [{ "nickname": "Frank", "user_id": demo::FRANK.id }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(add.status(), 202);
    let get = || http.get(&url).header("X-Access-Token", demo::TOKEN).send();
    assert_eq!(get().await.unwrap().status(), 200);
    clock.advance(Duration::from_secs(60));
    let gone = get().await.unwrap();
    assert_eq!(gone.status(), 404);
    assert_eq!(gone.text().await.unwrap(), GONE);
}

#[tokio::test]
async fn members_that_cannot_be_added_are_left_out_of_the_results() {
    let fake = start().await;
    let results_id = fake
        .add_members(json!([
            { "nickname": "Ghost", "user_id": "999999", "guid": "unknown-user" },
            { "nickname": "Mallory", "user_id": demo::MALLORY.id, "guid": "banned" },
            { "nickname": "Mallory", "email": demo::MALLORY.email, "guid": "banned-by-email" },
            { "nickname": "NoAt", "email": "not-an-email", "guid": "bad-email" },
            { "nickname": "BadPhone", "phone_number": "12345", "guid": "bad-phone" },
            { "nickname": "Two", "user_id": demo::FRANK.id, "email": demo::FRANK.email, "guid": "two-ids" },
            { "nickname": "None", "guid": "no-id" },
            { "nickname": "x".repeat(51), "user_id": demo::GRACE.id, "guid": "long-nickname" },
            { "nickname": "", "user_id": demo::GRACE.id, "guid": "empty-nickname" },
            { "nickname": " \t ", "user_id": demo::GRACE.id, "guid": "blank-nickname" },
            { "nickname": "Bob", "user_id": demo::BOB.id, "guid": "already-a-member" },
            { "nickname": "Frank", "user_id": demo::FRANK.id, "guid": "good" }
        ]))
        .await;
    fake.clock.advance(RESULTS_DELAY);
    let members = ready_results(&fake, &results_id).await;
    let guids: Vec<_> = members.iter().map(|m| m["guid"].as_str().unwrap()).collect();
    assert_eq!(guids, ["good"]);

    // Nobody was invited, Mallory stays out, Bob keeps his nickname.
    let state = fake.server.state();
    assert_eq!(state.memberships(demo::GROUP_ID).unwrap().len(), 8);
    assert!(
        state.user("5001").is_none(),
        "no account made for a bad identifier"
    );
    assert_eq!(
        fake.demo_membership(demo::MALLORY_MEMBERSHIP_ID).state.as_deref(),
        Some("removed")
    );
    assert_eq!(fake.demo_membership(demo::BOB_MEMBERSHIP_ID).nickname, "Bob");
}

#[tokio::test]
async fn known_emails_and_phone_numbers_add_the_existing_user() {
    let fake = start().await;
    let results_id = fake
        .add_members(json!([
            { "nickname": "G", "email": "GRACE@example.com" },
            { "nickname": "F", "phone_number": "+1 555-000-1007" }
        ]))
        .await;
    fake.clock.advance(RESULTS_DELAY);
    let members = ready_results(&fake, &results_id).await;
    let user_ids: Vec<_> = members.iter().map(|m| m["user_id"].as_str().unwrap()).collect();
    assert_eq!(user_ids, [demo::GRACE.id, demo::FRANK.id]);
}

#[tokio::test]
async fn former_members_come_back_with_their_old_membership() {
    let fake = start().await;
    let results_id = fake
        .add_members(json!([{ "nickname": "Carol again", "user_id": demo::CAROL.id, "guid": "C" }]))
        .await;
    fake.clock.advance(RESULTS_DELAY);
    let members = ready_results(&fake, &results_id).await;
    assert_eq!(members[0]["id"], demo::CAROL_MEMBERSHIP_ID);
    let carol = fake.demo_membership(demo::CAROL_MEMBERSHIP_ID);
    assert_eq!(carol.state.as_deref(), Some("active"));
    assert_eq!(carol.nickname, "Carol again");
}

#[tokio::test]
async fn an_add_needs_members_and_a_json_body() {
    let fake = start().await;
    let path = format!("/groups/{}/members/add", demo::GROUP_ID);
    fake.post(&path, json!({ "members": [] }))
        .await
        .error(400, json!({ "members": "cannot be blank" }));
    let reply = fake.post(&path, json!({ "members": "Frank" })).await;
    assert!(!reply.field_error("members").is_empty());
    let reply = fake.post(&path, json!("not an object")).await;
    let body = reply.json(400);
    assert_eq!(body["response"], Value::Null);
    assert!(body["meta"]["errors"].is_array(), "no field to blame: {body}");
}

#[tokio::test]
async fn adds_to_unknown_groups_are_not_found() {
    let fake = start().await;
    fake.post(
        "/groups/9999/members/add",
        json!({ "members": [{ "nickname": "F", "user_id": "1007" }] }),
    )
    .await
    .error(404, json!(["group not found"]));
}

#[tokio::test]
async fn unknown_results_and_results_of_other_groups_are_gone() {
    let fake = start().await;
    fake.get(&results_path("results-42")).await.text(404, GONE);
    let results_id = fake
        .add_members(json!([{ "nickname": "F", "user_id": "1007" }]))
        .await;
    fake.clock.advance(RESULTS_DELAY);
    let other = format!("/groups/{}/members/results/{results_id}", demo::OTHER_GROUP_ID);
    fake.get(&other).await.text(404, GONE);
    // Bob, a plain member, may read the results of the demo group.
    let body = fake
        .get_as(demo::BOB.token, &results_path(&results_id))
        .await
        .json(200);
    assert_eq!(body["response"]["members"][0]["user_id"], demo::FRANK.id);
}

#[tokio::test]
async fn the_creator_cannot_be_removed() {
    let fake = start().await;
    for token in [demo::ALICE.token, demo::TOKEN] {
        fake.post_as(token, &remove_path(demo::DEMO_MEMBERSHIP_ID), json!({}))
            .await
            .error(400, json!(["the creator of the group cannot be removed"]));
    }
    assert_eq!(
        fake.demo_membership(demo::DEMO_MEMBERSHIP_ID).state.as_deref(),
        Some("active")
    );
}

#[tokio::test]
async fn admins_remove_others_who_become_removed() {
    let fake = start().await;
    fake.post_as(
        demo::ALICE.token,
        &remove_path(demo::BOB_MEMBERSHIP_ID),
        json!({}),
    )
    .await
    .empty(200);
    assert_eq!(
        fake.demo_membership(demo::BOB_MEMBERSHIP_ID).state.as_deref(),
        Some("removed")
    );
    let body = fake.get(&members_path("?filter=inactive")).await.json(200);
    assert!(ids_and_states(&body).contains(&("3003".to_owned(), "removed".to_owned())));
    // Removed already: the membership is no longer there to remove.
    fake.post(&remove_path(demo::BOB_MEMBERSHIP_ID), json!({}))
        .await
        .error(404, json!(["membership not found"]));
}

#[tokio::test]
async fn plain_members_may_only_remove_themselves() {
    let fake = start().await;
    fake.post_as(
        demo::BOB.token,
        &remove_path(demo::ALICE_MEMBERSHIP_ID),
        json!({}),
    )
    .await
    .error(401, json!(["unauthorized"]));
    assert_eq!(
        fake.demo_membership(demo::ALICE_MEMBERSHIP_ID).state.as_deref(),
        Some("active")
    );
    fake.post_as(demo::BOB.token, &remove_path(demo::BOB_MEMBERSHIP_ID), json!({}))
        .await
        .empty(200);
    assert_eq!(
        fake.demo_membership(demo::BOB_MEMBERSHIP_ID).state.as_deref(),
        Some("exited")
    );
}

#[tokio::test]
async fn removing_unknown_memberships_is_not_found() {
    let fake = start().await;
    for membership_id in [
        "9999",
        demo::USER_ID,
        demo::DAVE_REQUEST_ID,
        demo::CAROL_MEMBERSHIP_ID,
    ] {
        fake.post(&remove_path(membership_id), json!({}))
            .await
            .error(404, json!(["membership not found"]));
    }
}

#[tokio::test]
async fn nicknames_may_have_fifty_characters_of_any_width() {
    let fake = start().await;
    for nickname in ["é".repeat(50), "🙂".repeat(50), "a".to_owned()] {
        let body = fake
            .post(
                &nickname_path(),
                json!({ "membership": { "nickname": nickname } }),
            )
            .await
            .json(200);
        assert_eq!(body["response"]["id"], demo::DEMO_MEMBERSHIP_ID);
        assert_eq!(body["response"]["user_id"], demo::USER_ID);
        assert_eq!(body["response"]["nickname"], nickname.as_str());
        assert_eq!(fake.demo_membership(demo::DEMO_MEMBERSHIP_ID).nickname, nickname);
    }
}

#[tokio::test]
async fn nicknames_outside_one_to_fifty_characters_are_refused() {
    let fake = start().await;
    for nickname in ["é".repeat(51), "a".repeat(51), String::new()] {
        let reply = fake
            .post(
                &nickname_path(),
                json!({ "membership": { "nickname": nickname } }),
            )
            .await;
        assert!(!reply.field_error("nickname").is_empty());
    }
    assert_eq!(fake.demo_membership(demo::DEMO_MEMBERSHIP_ID).nickname, "Demo");
}

#[tokio::test]
async fn a_nickname_of_only_white_space_is_refused() {
    let fake = start().await;
    for nickname in [" ", " \t\n ", "\u{3000}"] {
        fake.post(
            &nickname_path(),
            json!({ "membership": { "nickname": nickname } }),
        )
        .await
        .error(400, json!({ "nickname": "cannot be blank" }));
    }
    assert_eq!(fake.demo_membership(demo::DEMO_MEMBERSHIP_ID).nickname, "Demo");
}

#[tokio::test]
async fn nicknames_in_unknown_groups_are_not_found() {
    let fake = start().await;
    fake.post(
        "/groups/9999/memberships/update",
        json!({ "membership": { "nickname": "X" } }),
    )
    .await
    .error(404, json!(["group not found"]));
}
