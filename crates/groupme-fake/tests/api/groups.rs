//! Groups: the paged index, former groups, show, create, update, destroy,
//! share-token joins, rejoins, owner transfers, membership states and
//! mutes, with who may do what.

use groupme_fake::{MembershipState, demo};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Fake, Host, start};

fn group_path(group_id: &str) -> String {
    format!("/groups/{group_id}")
}

/// The ids of the groups in a list answer.
fn ids(body: &Value) -> Vec<String> {
    body["response"]
        .as_array()
        .expect("a bare list")
        .iter()
        .map(|group| group["id"].as_str().expect("a string id").to_owned())
        .collect()
}

/// Creates three more groups owned by the demo user; returns all five
/// group ids the demo user is in, newest first.
fn five_groups(fake: &Fake) -> Vec<String> {
    let state = fake.server.state();
    let mut created: Vec<String> = ["Alpine", "Birders", "Cyclists"]
        .into_iter()
        .map(|name| state.create_group(name, demo::USER_ID).unwrap())
        .collect();
    created.reverse();
    created.push(demo::OTHER_GROUP_ID.to_owned());
    created.push(demo::GROUP_ID.to_owned());
    created
}

async fn post_empty(fake: &Fake, token: &str, path: &str) -> crate::helpers::Reply {
    fake.call(Host::V3, Method::POST, path, Some(token), None).await
}

#[tokio::test]
async fn the_index_pages_through_active_groups_until_an_empty_page() {
    let fake = start().await;
    let all = five_groups(&fake);

    let mut seen = Vec::new();
    for (page, size) in [(1, 2), (2, 2), (3, 1), (4, 0)] {
        let body = fake
            .get(&format!("/groups?page={page}&per_page=2"))
            .await
            .json(200);
        let page_ids = ids(&body);
        assert_eq!(page_ids.len(), size, "page {page}");
        seen.extend(page_ids);
    }

    assert_eq!(seen, all);
    let default_page = fake.get("/groups").await.json(200);
    assert_eq!(ids(&default_page), all, "ten per page unless told otherwise");
}

#[tokio::test]
async fn the_index_shows_members_unless_memberships_are_omitted() {
    let fake = start().await;

    let full = fake.get("/groups").await.json(200);
    let demo_group = &full["response"][1];
    assert_eq!(demo_group["id"], demo::GROUP_ID);
    assert_eq!(demo_group["name"], demo::GROUP_NAME);
    assert_eq!(demo_group["creator_user_id"], demo::USER_ID);
    assert_eq!(demo_group["type"], "private");
    assert_eq!(demo_group["messages"]["count"], 0);
    let nicknames: Vec<&str> = demo_group["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|member| member["nickname"].as_str().unwrap())
        .collect();
    assert_eq!(nicknames, ["Demo", "Alice", "Bob"], "active members only");

    let slim = fake.get("/groups?omit=memberships").await.json(200);
    assert_eq!(
        slim["response"][1].get("members"),
        Some(&Value::Null),
        "present, as null"
    );
}

#[tokio::test]
async fn bad_paging_parameters_are_refused_by_field() {
    let fake = start().await;
    assert!(
        fake.get("/groups?page=0")
            .await
            .field_error("page")
            .contains("at least 1")
    );
    assert!(
        fake.get("/groups?per_page=many")
            .await
            .field_error("per_page")
            .contains("whole number")
    );
    assert_eq!(
        fake.get("/groups?omit=messages").await.field_error("omit"),
        "is invalid"
    );
}

#[tokio::test]
async fn only_active_members_see_a_group() {
    let fake = start().await;
    let body = fake
        .get_as(demo::BOB.token, &group_path(demo::GROUP_ID))
        .await
        .json(200);
    assert_eq!(body["response"]["id"], demo::GROUP_ID);
    assert_eq!(body["response"]["members"].as_array().unwrap().len(), 3);
    for (path, value) in [
        ("/share_url", Value::Null),
        ("/description", Value::Null),
        ("/image_url", Value::Null),
        ("/messages/count", json!(0)),
        ("/messages/last_message_id", Value::Null),
        ("/messages/preview/text", Value::Null),
        ("/messages/preview/attachments", json!([])),
    ] {
        let at = body["response"].pointer(path);
        assert_eq!(at, Some(&value), "{path} is sent, as GroupMe sends it");
    }

    for token in [demo::FRANK.token, demo::CAROL.token] {
        fake.get_as(token, &group_path(demo::GROUP_ID))
            .await
            .error(404, json!(["group not found"]));
    }
    fake.get(&group_path("9999"))
        .await
        .error(404, json!(["group not found"]));
    fake.call(Host::V3, Method::GET, &group_path(demo::GROUP_ID), None, None)
        .await
        .error(401, json!(["unauthorized"]));
}

#[tokio::test]
async fn creating_makes_the_caller_creator_owner_and_only_member() {
    let fake = start().await;
    let body = fake
        .post_as(
            demo::FRANK.token,
            "/groups",
            json!({ "name": "Board Games", "description": "Thursdays", "share": true }),
        )
        .await
        .json(201);

    assert_eq!(body["meta"]["code"], 201);
    let group = &body["response"];
    assert_eq!(group["name"], "Board Games");
    assert_eq!(group["description"], "Thursdays");
    assert_eq!(group["creator_user_id"], demo::FRANK.id);
    let members = group["members"].as_array().unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["user_id"], demo::FRANK.id);
    assert_eq!(members[0]["roles"], json!(["owner", "admin"]));
    let id = group["id"].as_str().unwrap();
    let share_url = group["share_url"].as_str().expect("shared");
    assert!(
        share_url.starts_with(&format!("https://groupme.com/join_group/{id}/")),
        "{share_url}"
    );
    let listed = fake.get_as(demo::FRANK.token, "/groups").await.json(200);
    assert_eq!(ids(&listed), [id]);
}

#[tokio::test]
async fn group_names_and_descriptions_are_checked() {
    let fake = start().await;
    assert_eq!(
        fake.post("/groups", json!({ "name": "  " }))
            .await
            .field_error("name"),
        "cannot be blank"
    );
    let long = "n".repeat(141);
    assert!(
        fake.post("/groups", json!({ "name": long }))
            .await
            .field_error("name")
            .contains("140")
    );
    let long = "d".repeat(256);
    let reply = fake
        .post("/groups", json!({ "name": "Ok", "description": long }))
        .await;
    assert!(reply.field_error("description").contains("255"));
    let missing = fake.post("/groups", json!({})).await.json(400);
    let message = missing["meta"]["errors"][0].as_str().unwrap();
    assert!(message.starts_with("missing field `name`"), "{message}");
}

#[tokio::test]
async fn any_member_may_update_a_private_group_but_only_admins_a_closed_one() {
    let fake = start().await;
    let path = format!("/groups/{}/update", demo::GROUP_ID);

    let body = fake
        .post_as(demo::BOB.token, &path, json!({ "description": "Bob was here" }))
        .await
        .json(200);
    assert_eq!(body["response"]["description"], "Bob was here");
    assert_eq!(body["response"]["name"], demo::GROUP_NAME, "absent fields stay");

    let body = fake
        .post(
            &path,
            json!({
                "group_type": "closed",
                "office_mode": true,
                "requires_approval": true,
                "show_join_question": true,
                "join_question": { "type": "join_reason/questions/text", "text": "Why?" },
                "like_icon": { "type": "emoji", "pack_id": 3, "pack_index": 9 },
                "visibility": "searchable",
                "message_deletion_mode": ["admin"]
            }),
        )
        .await
        .json(200);
    let group = &body["response"];
    assert_eq!(group["type"], "closed");
    assert_eq!(group["office_mode"], true);
    assert_eq!(group["join_question"]["text"], "Why?");
    assert_eq!(group["like_icon"]["pack_index"], 9);
    assert_eq!(group["visibility"], "searchable");
    assert_eq!(group["message_deletion_mode"], json!(["admin"]));

    fake.post_as(demo::BOB.token, &path, json!({ "name": "Bob's" }))
        .await
        .error(401, json!(["unauthorized"]));
    let body = fake
        .post_as(demo::ALICE.token, &path, json!({ "name": "Alice's" }))
        .await
        .json(200);
    assert_eq!(body["response"]["name"], "Alice's");
    fake.post_as(demo::FRANK.token, &path, json!({ "name": "Frank's" }))
        .await
        .error(404, json!(["group not found"]));
    let reply = fake.post(&path, json!({ "group_type": "secret" })).await;
    assert!(reply.field_error("group_type").contains("secret"));
}

#[tokio::test]
async fn sharing_makes_and_revokes_the_share_url() {
    let fake = start().await;
    let path = format!("/groups/{}/update", demo::GROUP_ID);

    let shared = fake.post(&path, json!({ "share": true })).await.json(200);
    let url = shared["response"]["share_url"]
        .as_str()
        .expect("a share URL")
        .to_owned();
    let again = fake.post(&path, json!({ "share": true })).await.json(200);
    assert_eq!(
        again["response"]["share_url"],
        url.as_str(),
        "sharing twice keeps the link"
    );

    let unshared = fake.post(&path, json!({ "share": false })).await.json(200);
    assert!(unshared["response"].get("share_url").is_none_or(Value::is_null));
}

#[tokio::test]
async fn only_the_creator_may_disband_a_group() {
    let fake = start().await;
    let path = format!("/groups/{}/destroy", demo::GROUP_ID);

    post_empty(&fake, demo::ALICE.token, &path)
        .await
        .error(401, json!(["unauthorized"]));
    post_empty(&fake, demo::FRANK.token, &path)
        .await
        .error(404, json!(["group not found"]));
    post_empty(&fake, demo::TOKEN, &path).await.empty(200);

    assert!(fake.server.state().group(demo::GROUP_ID).is_none());
    fake.get(&group_path(demo::GROUP_ID))
        .await
        .error(404, json!(["group not found"]));
}

#[tokio::test]
async fn a_share_token_lets_anyone_not_banned_join() {
    let fake = start().await;
    let token = fake.server.state().share_group(demo::GROUP_ID).unwrap();
    let join = |share: &str| format!("/groups/{}/join/{share}", demo::GROUP_ID);

    post_empty(&fake, demo::FRANK.token, &join("wrong"))
        .await
        .error(404, json!(["group not found"]));
    post_empty(&fake, demo::MALLORY.token, &join(&token))
        .await
        .error(404, json!(["group not found"]));
    let body = post_empty(&fake, demo::FRANK.token, &join(&token))
        .await
        .json(200);

    let members = body["response"]["group"]["members"].as_array().unwrap();
    let frank = members
        .iter()
        .find(|m| m["user_id"] == demo::FRANK.id)
        .expect("Frank joined");
    assert_eq!(frank["roles"], json!(["user"]));
    let again = post_empty(&fake, demo::FRANK.token, &join(&token))
        .await
        .json(200);
    let count = again["response"]["group"]["members"].as_array().unwrap().len();
    assert_eq!(count, members.len(), "joining twice changes nothing");
}

#[tokio::test]
async fn members_who_left_see_the_group_as_former_and_may_rejoin() {
    let fake = start().await;
    let carol_former = fake.get_as(demo::CAROL.token, "/groups/former").await.json(200);
    assert_eq!(ids(&carol_former), [demo::GROUP_ID]);
    let mallory_former = fake.get_as(demo::MALLORY.token, "/groups/former").await.json(200);
    assert_eq!(ids(&mallory_former), Vec::<String>::new(), "removed and banned");

    let body = fake
        .post_as(
            demo::CAROL.token,
            "/groups/join",
            json!({ "group_id": demo::GROUP_ID }),
        )
        .await
        .json(200);
    assert_eq!(body["response"]["id"], demo::GROUP_ID);
    assert_eq!(
        fake.demo_membership(demo::CAROL_MEMBERSHIP_ID).state.as_deref(),
        Some("active"),
        "the old membership is active again"
    );

    fake.post_as(
        demo::MALLORY.token,
        "/groups/join",
        json!({ "group_id": demo::GROUP_ID }),
    )
    .await
    .error(
        400,
        json!(["you were removed from this group and cannot rejoin it"]),
    );
    fake.post_as(
        demo::FRANK.token,
        "/groups/join",
        json!({ "group_id": demo::GROUP_ID }),
    )
    .await
    .error(404, json!(["group not found"]));
    let missing = fake
        .post_as(demo::FRANK.token, "/groups/join", json!({}))
        .await
        .json(400);
    let message = missing["meta"]["errors"][0].as_str().unwrap();
    assert!(message.starts_with("missing field `group_id`"), "{message}");
}

#[tokio::test]
async fn owner_changes_answer_a_status_per_request() {
    let fake = start().await;
    let body = fake
        .post(
            "/groups/change_owners",
            json!({ "requests": [
                { "group_id": demo::GROUP_ID, "owner_id": demo::USER_ID },
                { "group_id": demo::GROUP_ID, "owner_id": demo::FRANK.id },
                { "group_id": demo::OTHER_GROUP_ID, "owner_id": demo::USER_ID },
                { "group_id": "9999", "owner_id": demo::BOB.id },
                { "group_id": demo::GROUP_ID },
                { "group_id": demo::GROUP_ID, "owner_id": demo::BOB.id },
                { "group_id": demo::GROUP_ID, "owner_id": demo::ALICE.id },
            ] }),
        )
        .await
        .json(200);

    let statuses: Vec<&str> = body["response"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["400", "404", "403", "404", "405", "200", "403"]);
    assert_eq!(body["response"]["results"][5]["owner_id"], demo::BOB.id);
    let group = fake.server.state().group(demo::GROUP_ID).unwrap();
    assert_eq!(group.creator_user_id.as_deref(), Some(demo::BOB.id));
    let bob = fake.demo_membership(demo::BOB_MEMBERSHIP_ID);
    assert_eq!(bob.roles.unwrap_or_default(), ["owner", "admin"]);
    assert_eq!(
        fake.demo_membership(demo::DEMO_MEMBERSHIP_ID)
            .roles
            .unwrap_or_default(),
        ["admin"]
    );
    assert_eq!(
        fake.post("/groups/change_owners", json!({ "requests": [] }))
            .await
            .field_error("requests"),
        "cannot be blank"
    );
}

#[tokio::test]
async fn membership_states_cover_every_group_ever_joined() {
    let fake = start().await;
    let states = |body: Value| body["response"].clone();
    assert_eq!(
        states(fake.get("/memberships/states").await.json(200)),
        json!([
            { "group_id": demo::GROUP_ID, "state": "active" },
            { "group_id": demo::OTHER_GROUP_ID, "state": "active" },
        ])
    );
    assert_eq!(
        states(
            fake.get_as(demo::CAROL.token, "/memberships/states")
                .await
                .json(200)
        ),
        json!([{ "group_id": demo::GROUP_ID, "state": "exited" }])
    );
    assert_eq!(
        states(
            fake.get_as(demo::MALLORY.token, "/memberships/states")
                .await
                .json(200)
        ),
        json!([{ "group_id": demo::GROUP_ID, "state": "exited_removed" }])
    );
    fake.server
        .state()
        .set_state(demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID, MembershipState::Removed)
        .unwrap();
    assert_eq!(
        states(
            fake.get_as(demo::BOB.token, "/memberships/states")
                .await
                .json(200)
        ),
        json!([{ "group_id": demo::GROUP_ID, "state": "removed" }])
    );
}

#[tokio::test]
async fn muting_the_main_chat_on_v2_sets_and_clears_the_end() {
    let fake = start().await;
    let now = groupme_now(&fake);
    let mute = format!("/groups/{}/memberships/mute", demo::GROUP_ID);
    let unmute = format!("/groups/{}/memberships/unmute", demo::GROUP_ID);

    let body = fake
        .post_v2_as(demo::TOKEN, &mute, Some(json!({ "duration": 30 })))
        .await
        .json(200);
    let membership = &body["response"]["membership"];
    assert_eq!(membership["id"], demo::DEMO_MEMBERSHIP_ID);
    assert_eq!(membership["state"], "muted");
    assert_eq!(membership["muted_until"], now + 30 * 60);
    assert_eq!(fake.demo_membership(demo::DEMO_MEMBERSHIP_ID).muted, Some(true));

    let body = fake
        .post_v2_as(demo::TOKEN, &mute, Some(json!({ "duration": null })))
        .await
        .json(200);
    assert_eq!(body["response"]["membership"]["muted_until"], 253_402_300_800_i64);

    let body = fake.post_v2_as(demo::TOKEN, &unmute, None).await.json(200);
    assert_eq!(body["response"]["membership"]["state"], "active");
    assert!(
        body["response"]["membership"]
            .get("muted_until")
            .is_none_or(Value::is_null)
    );
    assert_eq!(fake.demo_membership(demo::DEMO_MEMBERSHIP_ID).muted, Some(false));

    assert!(
        !fake
            .post_v2_as(demo::TOKEN, &mute, Some(json!({ "duration": 0 })))
            .await
            .field_error("duration")
            .is_empty()
    );
    fake.post_v2_as(demo::FRANK.token, &mute, Some(json!({ "duration": 5 })))
        .await
        .error(404, json!(["group not found"]));
}

#[tokio::test]
async fn muting_with_topics_on_v3_answers_the_v3_membership() {
    let fake = start().await;
    let now = groupme_now(&fake);
    let mute = format!("/groups/{}/memberships/mute_all", demo::GROUP_ID);
    let unmute = format!("/groups/{}/memberships/unmute_all", demo::GROUP_ID);

    let body = fake
        .post_as(demo::BOB.token, &mute, json!({ "duration": 60 }))
        .await
        .json(200);
    let membership = &body["response"]["membership"];
    assert_eq!(membership["id"], demo::BOB_MEMBERSHIP_ID);
    assert_eq!(membership["muted"], true);
    assert_eq!(membership["creator"], false);
    assert_eq!(membership["muted_until"], now + 3600);
    assert_eq!(membership["muted_children"], json!({}));

    let body = post_empty(&fake, demo::BOB.token, &unmute).await.json(200);
    assert_eq!(body["response"]["membership"]["muted"], false);
    fake.post_as(demo::CAROL.token, &mute, json!({ "duration": 60 }))
        .await
        .error(404, json!(["group not found"]));
}

/// The fake's clock in Unix seconds.
fn groupme_now(fake: &Fake) -> i64 {
    let now = fake.server.state().now();
    let seconds = now.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    i64::try_from(seconds).unwrap()
}
