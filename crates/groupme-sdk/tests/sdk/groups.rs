//! Groups: the paged index (pages, `omit`, a repeated page), former groups,
//! show, create, update, destroy, joins, rejoins, owner changes, membership
//! states and mutes on both hosts; every documented failure; and every
//! group shape seen on the wire.

use futures::{StreamExt, TryStreamExt};
use groupme_api_httpmock::v2::MockServerExt as _;
use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::types::{GroupFields as _, GroupType, GroupVisibility, MessageDeleter};
use groupme_sdk::validate::Rule;
use groupme_sdk::{ErrorKind, GroupId, MuteDuration, OwnerChange, OwnerChangeStatus, UserId};
use serde_json::{Value, json};

use crate::common::{
    Api, assert_invalid, envelope, error_envelope, fails, invalid_rule, sent, succeeds, typed, without_body,
};

/// A group as the index shows it, with one member.
fn group_json(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "group_id": id,
        "name": name,
        "type": "private",
        "description": null,
        "image_url": null,
        "creator_user_id": "u1",
        "created_at": 1_600_000_000,
        "updated_at": 1_600_000_100,
        "office_mode": false,
        "share_url": format!("https://groupme.com/join_group/{id}/Tok{id}"),
        "members": [{ "id": "m1", "user_id": "u1", "nickname": "Owner", "roles": ["admin", "owner"] }],
        "messages": { "count": 0, "last_message_id": null, "last_message_created_at": null,
                      "preview": { "nickname": null, "text": null, "image_url": null, "attachments": [] } },
        "max_members": 5000
    })
}

fn page_of(ids: &[&str]) -> Value {
    envelope(
        200,
        ids.iter()
            .map(|id| group_json(id, &format!("Group {id}")))
            .collect(),
    )
}

#[tokio::test]
async fn the_index_walks_three_pages_and_stops_at_the_empty_fourth() {
    let api = Api::start().await;
    let pages = [
        ("1", vec!["g1", "g2"]),
        ("2", vec!["g3", "g4"]),
        ("3", vec!["g5"]),
        ("4", vec![]),
    ];
    let mocks: Vec<_> = pages
        .iter()
        .map(|(page, ids)| {
            let body = page_of(ids);
            api.v3.list_groups(move |when, then| {
                without_body(sent(
                    when.into_inner(),
                    "/groups",
                    &[("page", page), ("per_page", "2")],
                ));
                then.ok(&typed(body));
            })
        })
        .collect();
    let strays = api.strays();

    let client = api.client();
    let groups = client.groups().list().per_page(2).collect_all().await;

    for mock in &mocks {
        mock.assert();
    }
    strays.assert_none();
    let ids: Vec<GroupId> = succeeds(groups).iter().map(|group| group.group_id()).collect();
    assert_eq!(ids, ["g1", "g2", "g3", "g4", "g5"].map(GroupId::from));
}

#[tokio::test]
async fn the_index_asks_for_ten_a_page_and_can_omit_memberships() {
    let api = Api::start().await;
    let mut slim = group_json("g1", "Slim");
    slim["members"] = Value::Null;
    let first = api.v3.list_groups(|when, then| {
        sent(
            when.into_inner(),
            "/groups",
            &[("omit", "memberships"), ("page", "1"), ("per_page", "10")],
        );
        then.ok(&typed(envelope(200, json!([slim]))));
    });
    let last = api.v3.list_groups(|when, then| {
        sent(
            when.into_inner(),
            "/groups",
            &[("omit", "memberships"), ("page", "2"), ("per_page", "10")],
        );
        then.ok(&typed(envelope(200, json!([]))));
    });
    let strays = api.strays();

    let client = api.client();
    let groups = client.groups().list().omit_memberships(true).collect_all().await;

    first.assert();
    last.assert();
    strays.assert_none();
    let groups = succeeds(groups);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members, None);
}

#[tokio::test]
async fn a_page_that_repeats_the_previous_one_ends_the_stream_with_an_error() {
    let api = Api::start().await;
    let same = api.v3.list_groups(|when, then| {
        when.into_inner().path("/groups");
        then.ok(&typed(page_of(&["g1", "g2"])));
    });

    let client = api.client();
    let outcome: Vec<_> = client.groups().list().per_page(2).collect().await;

    same.assert_calls(2);
    assert_eq!(outcome.len(), 3, "two groups, then the error, then the end");
    let err = fails(outcome.into_iter().nth(2).unwrap());
    assert!(matches!(err.kind(), ErrorKind::RepeatedPage { .. }), "{err:?}");
    assert_eq!(err.operation(), Some("list_groups"));
    assert!(
        err.to_string().contains("page 2 repeats the previous page"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_page_size_of_zero_is_refused_before_sending() {
    let api = Api::start().await;
    let strays = api.strays();

    let client = api.client();
    let result = client.groups().list().per_page(0).collect_all().await;

    assert_eq!(
        invalid_rule(result, "per_page"),
        Rule::Range {
            min: 1,
            max: u32::MAX.into(),
            actual: 0
        }
    );
    strays.assert_none();
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_with_its_error() {
    let api = Api::start().await;
    let mock = api.v3.list_groups(|when, then| {
        when.into_inner().path("/groups");
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });

    let client = api.client();
    let mut groups = client.groups().list();
    let first = groups.try_next().await;

    mock.assert_calls(1);
    assert!(fails(first).is_unauthorized());
    assert!(groups.next().await.is_none());
}

#[tokio::test]
async fn a_page_groupme_refuses_keeps_its_field_errors() {
    let api = Api::start().await;
    let mock = api.v3.list_groups(|when, then| {
        sent(
            when.into_inner(),
            "/groups",
            &[("page", "1"), ("per_page", "500000")],
        );
        then.bad_request(&typed(error_envelope(400, json!({ "per_page": "is too large" }))));
    });

    let client = api.client();
    let err = fails(client.groups().list().per_page(500_000).collect_all().await);

    mock.assert();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        err.api_errors().and_then(|e| e.field("per_page")),
        Some("is too large")
    );
}

#[tokio::test]
async fn former_groups_are_listed() {
    let api = Api::start().await;
    let mock = api.v3.list_former_groups(|when, then| {
        without_body(sent(when.into_inner(), "/groups/former", &[]));
        then.ok(&typed(page_of(&["g9"])));
    });
    let denied = api.v3.list_former_groups(|when, then| {
        when.into_inner()
            .path("/groups/former")
            .header("x-access-token", "bad");
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });

    let former = api.client().groups().former().await;

    mock.assert();
    assert_eq!(succeeds(former)[0].id, "g9");
    let bad = groupme_sdk::Client::builder("bad")
        .base_urls(api.v3.base_url(), api.v2.base_url())
        .build()
        .unwrap();
    assert!(fails(bad.groups().former().await).is_unauthorized());
    denied.assert();
}

#[tokio::test]
async fn one_group_is_shown_or_not_found() {
    let api = Api::start().await;
    let mock = api.v3.get_group(|when, then| {
        without_body(sent(when.into_inner(), "/groups/g1", &[]));
        then.ok(&typed(envelope(200, group_json("g1", "Climbers"))));
    });
    let missing = api.v3.get_group(|when, then| {
        sent(when.into_inner(), "/groups/g2", &[]);
        then.not_found(&typed(error_envelope(404, json!(["group not found"]))));
    });

    let client = api.client();
    let group = succeeds(client.group("g1").get().await);
    let err = fails(client.group("g2").get().await);

    mock.assert();
    missing.assert();
    assert_eq!(group.name, "Climbers");
    assert_eq!(group.creator_id(), Some(UserId::from("u1")));
    assert_eq!(group.share_token(), Some("Tokg1"));
    assert!(err.is_not_found());
    assert_invalid(client.group("  ").get().await, "group_id", &Rule::NonEmpty);
}

#[tokio::test]
async fn creating_sends_the_fields_set_and_answers_the_group() {
    let api = Api::start().await;
    let mock = api.v3.create_group(|when, then| {
        sent(when.into_inner(), "/groups", &[]).json_body(json!({
            "name": "Climbers",
            "description": "Bouldering on Tuesdays",
            "share": true
        }));
        then.created(&typed(envelope(201, group_json("g7", "Climbers"))));
    });
    let strays = api.strays();

    let group = api
        .client()
        .groups()
        .create("Climbers")
        .description("Bouldering on Tuesdays")
        .share(true)
        .send()
        .await;

    mock.assert();
    strays.assert_none();
    assert_eq!(succeeds(group).id, "g7");
}

#[tokio::test]
async fn creating_without_device_attestation_is_forbidden() {
    let api = Api::start().await;
    let mock = api.v3.create_group(|when, then| {
        sent(when.into_inner(), "/groups", &[]).json_body(json!({ "name": "Climbers" }));
        then.forbidden(&typed(error_envelope(
            403,
            json!(["device verification required"]),
        )));
    });

    let err = fails(api.client().groups().create("Climbers").send().await);

    mock.assert();
    assert!(err.is_forbidden());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
}

#[tokio::test]
async fn group_names_descriptions_and_images_are_checked_before_sending() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let groups = client.groups();

    assert_invalid(groups.create(" ").send().await, "name", &Rule::NonEmpty);
    let long_name = "é".repeat(141);
    assert_invalid(
        groups.create(long_name).send().await,
        "name",
        &Rule::CharLength {
            min: 1,
            max: 140,
            actual: 141,
        },
    );
    assert_invalid(
        groups.create("Ok").description("d".repeat(256)).send().await,
        "description",
        &Rule::CharLength {
            min: 0,
            max: 255,
            actual: 256,
        },
    );
    assert_invalid(
        groups.create("Ok").image_url("").send().await,
        "image_url",
        &Rule::NonEmpty,
    );
    strays.assert_none();
}

#[tokio::test]
async fn updating_sends_only_the_settings_changed() {
    let api = Api::start().await;
    let mock = api.v3.update_group(|when, then| {
        sent(when.into_inner(), "/groups/g1/update", &[]).json_body(json!({
            "name": "Climbers (2025)",
            "office_mode": true,
            "share": false,
            "requires_approval": true,
            "show_join_question": true,
            "join_question": { "type": "join_reason/questions/text", "text": "Favourite crag?" },
            "like_icon": { "type": "emoji", "pack_id": 4, "pack_index": 2 },
            "visibility": "searchable",
            "group_type": "closed",
            "message_deletion_mode": ["sender"]
        }));
        then.ok(&typed(envelope(200, group_json("g1", "Climbers (2025)"))));
    });
    let strays = api.strays();

    let group = api
        .client()
        .group("g1")
        .update()
        .name("Climbers (2025)")
        .office_mode(true)
        .share(false)
        .join_question("Favourite crag?")
        .like_icon(4, 2)
        .visibility(GroupVisibility::Searchable)
        .group_type(GroupType::Closed)
        .message_deletion_mode([MessageDeleter::Sender])
        .send()
        .await;

    mock.assert();
    strays.assert_none();
    assert_eq!(succeeds(group).name, "Climbers (2025)");
}

#[tokio::test]
async fn updates_refused_by_groupme_keep_their_status() {
    let api = Api::start().await;
    let denied = api.v3.update_group(|when, then| {
        sent(when.into_inner(), "/groups/g1/update", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });
    let refused = api.v3.update_group(|when, then| {
        sent(when.into_inner(), "/groups/g2/update", &[]);
        then.bad_request(&typed(error_envelope(400, json!({ "name": "is too long" }))));
    });
    let missing = api.v3.update_group(|when, then| {
        sent(when.into_inner(), "/groups/g3/update", &[]);
        then.not_found(&typed(error_envelope(404, json!(["group not found"]))));
    });
    let client = api.client();

    let err = fails(client.group("g1").update().name("Mine").send().await);
    assert!(err.is_unauthorized());
    let err = fails(client.group("g2").update().name("Mine").send().await);
    assert_eq!(
        err.api_errors().and_then(|errors| errors.field("name")),
        Some("is too long")
    );
    assert!(fails(client.group("g3").update().office_mode(false).send().await).is_not_found());
    denied.assert();
    refused.assert();
    missing.assert();
}

#[tokio::test]
async fn update_rules_are_checked_before_sending() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let group = client.group("g1");

    assert_invalid(
        group.update().send().await,
        "update",
        &Rule::Requires("at least one setting to change"),
    );
    assert_invalid(
        group.update().description("d".repeat(256)).send().await,
        "description",
        &Rule::CharLength {
            min: 0,
            max: 255,
            actual: 256,
        },
    );
    assert_invalid(group.update().name("").send().await, "name", &Rule::NonEmpty);
    assert_invalid(
        group
            .update()
            .show_join_question(true)
            .requires_approval(false)
            .send()
            .await,
        "show_join_question",
        &Rule::Requires("requires_approval to be true"),
    );
    assert_invalid(
        group
            .update()
            .show_join_question(false)
            .join_question("Why?")
            .send()
            .await,
        "show_join_question",
        &Rule::Requires("to be true when a join question is set"),
    );
    assert_invalid(
        group.update().join_question(" ").send().await,
        "join_question.text",
        &Rule::NonEmpty,
    );
    assert_invalid(
        group
            .update()
            .message_deletion_mode([MessageDeleter::Sender, MessageDeleter::Sender])
            .send()
            .await,
        "message_deletion_mode[1]",
        &Rule::Unique,
    );
    assert_invalid(
        group.update().theme_name("").send().await,
        "theme_name",
        &Rule::NonEmpty,
    );
    strays.assert_none();
}

#[tokio::test]
async fn destroying_sends_no_body_and_reports_refusals() {
    let api = Api::start().await;
    let mock = api.v3.destroy_group(|when, then| {
        without_body(sent(when.into_inner(), "/groups/g1/destroy", &[]));
        then.ok();
    });
    let denied = api.v3.destroy_group(|when, then| {
        sent(when.into_inner(), "/groups/g2/destroy", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });
    let missing = api.v3.destroy_group(|when, then| {
        sent(when.into_inner(), "/groups/g3/destroy", &[]);
        then.not_found(&typed(error_envelope(404, json!(["group not found"]))));
    });
    let client = api.client();

    succeeds(client.group("g1").destroy().await);
    assert!(fails(client.group("g2").destroy().await).is_unauthorized());
    assert!(fails(client.group("g3").destroy().await).is_not_found());
    mock.assert();
    denied.assert();
    missing.assert();
}

#[tokio::test]
async fn joining_by_share_token_unwraps_the_group() {
    let api = Api::start().await;
    let mock = api.v3.join_group(|when, then| {
        without_body(sent(when.into_inner(), "/groups/g1/join/TrailMix", &[]));
        then.ok(&typed(envelope(
            200,
            json!({ "group": group_json("g1", "Hikers") }),
        )));
    });
    let gone = api.v3.join_group(|when, then| {
        sent(when.into_inner(), "/groups/g1/join/Stale", &[]);
        then.not_found(&typed(error_envelope(404, json!(["group not found"]))));
    });
    let strays = api.strays();
    let client = api.client();

    let group = succeeds(client.groups().join("g1", "TrailMix").await);
    let err = fails(client.groups().join("g1", "Stale").await);
    assert_invalid(
        client.groups().join("g1", "").await,
        "share_token",
        &Rule::NonEmpty,
    );

    mock.assert();
    gone.assert();
    strays.assert_none();
    assert_eq!(group.name, "Hikers");
    assert!(err.is_not_found());
}

#[tokio::test]
async fn rejoining_names_the_group_in_the_body() {
    let api = Api::start().await;
    let mock = api.v3.rejoin_group(|when, then| {
        sent(when.into_inner(), "/groups/join", &[]).json_body(json!({ "group_id": "g1" }));
        then.ok(&typed(envelope(200, group_json("g1", "Hikers"))));
    });
    let refused = api.v3.rejoin_group(|when, then| {
        sent(when.into_inner(), "/groups/join", &[]).json_body(json!({ "group_id": "g2" }));
        then.bad_request(&typed(error_envelope(
            400,
            json!(["removed members cannot rejoin"]),
        )));
    });
    let missing = api.v3.rejoin_group(|when, then| {
        sent(when.into_inner(), "/groups/join", &[]).json_body(json!({ "group_id": "g3" }));
        then.not_found(&typed(error_envelope(404, json!(["group not found"]))));
    });
    let client = api.client();

    assert_eq!(succeeds(client.groups().rejoin("g1").await).id, "g1");
    assert_eq!(
        fails(client.groups().rejoin("g2").await)
            .status()
            .map(|s| s.as_u16()),
        Some(400)
    );
    assert!(fails(client.groups().rejoin("g3").await).is_not_found());
    mock.assert();
    refused.assert();
    missing.assert();
}

#[tokio::test]
async fn owner_changes_come_back_one_typed_outcome_per_request() {
    let api = Api::start().await;
    let mock = api.v3.change_group_owners(|when, then| {
        sent(when.into_inner(), "/groups/change_owners", &[]).json_body(json!({ "requests": [
            { "group_id": "g1", "owner_id": "u2" },
            { "group_id": "g2", "owner_id": "u1" },
            { "group_id": "g3", "owner_id": "u2" },
            { "group_id": "g4", "owner_id": "u9" },
            { "group_id": "g5", "owner_id": "u2" },
            { "group_id": "g6", "owner_id": "u2" },
        ] }));
        then.ok(&typed(envelope(
            200,
            json!({ "results": [
                { "group_id": "g1", "owner_id": "u2", "status": "200" },
                { "group_id": "g2", "owner_id": "u1", "status": "400" },
                { "group_id": "g3", "owner_id": "u2", "status": "403" },
                { "group_id": "g4", "owner_id": "u9", "status": "404" },
                { "status": "405" },
                { "group_id": "g6", "owner_id": "u2", "status": "418" },
            ] }),
        )));
    });
    let strays = api.strays();

    let outcomes = api
        .client()
        .groups()
        .change_owners([
            OwnerChange::new("g1", "u2"),
            OwnerChange::new("g2", "u1"),
            OwnerChange::new("g3", "u2"),
            OwnerChange::new("g4", "u9"),
            OwnerChange::new("g5", "u2"),
            OwnerChange::new("g6", "u2"),
        ])
        .await;

    mock.assert();
    strays.assert_none();
    let outcomes = succeeds(outcomes);
    let statuses: Vec<_> = outcomes.iter().map(|outcome| outcome.status.clone()).collect();
    assert_eq!(
        statuses,
        [
            OwnerChangeStatus::Changed,
            OwnerChangeStatus::RequesterIsNewOwner,
            OwnerChangeStatus::NotOwner,
            OwnerChangeStatus::NotFound,
            OwnerChangeStatus::InvalidRequest,
            OwnerChangeStatus::Other("418".to_owned()),
        ]
    );
    assert_eq!(
        outcomes[4].group_id,
        GroupId::from("g5"),
        "ids come from the request when the result lacks them"
    );
    assert_eq!(outcomes[4].owner_id, UserId::from("u2"));
    assert!(outcomes[0].status.is_changed());
}

#[tokio::test]
async fn owner_changes_are_checked_and_whole_call_failures_reported() {
    let api = Api::start().await;
    let denied = api.v3.change_group_owners(|when, then| {
        sent(when.into_inner(), "/groups/change_owners", &[]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });
    let client = api.client();

    assert_invalid(
        client.groups().change_owners(Vec::new()).await,
        "requests",
        &Rule::MinItems { min: 1, actual: 0 },
    );
    assert_invalid(
        client
            .groups()
            .change_owners([OwnerChange::new("g1", "u2"), OwnerChange::new("g2", "")])
            .await,
        "requests[1].owner_id",
        &Rule::NonEmpty,
    );
    denied.assert_calls(0);
    assert!(
        fails(
            client
                .groups()
                .change_owners([OwnerChange::new("g1", "u2")])
                .await
        )
        .is_unauthorized()
    );
    denied.assert();
}

#[tokio::test]
async fn membership_states_are_listed() {
    let api = Api::start().await;
    let mock = api.v3.list_membership_states(|when, then| {
        without_body(sent(when.into_inner(), "/memberships/states", &[]));
        then.ok(&typed(envelope(
            200,
            json!([
                { "group_id": "g1", "state": "active" },
                { "group_id": "g2", "state": "exited_removed" },
                { "group_id": "g3", "state": "archived" }
            ]),
        )));
    });

    let states = succeeds(api.client().groups().membership_states().await);

    mock.assert();
    let pairs: Vec<_> = states
        .iter()
        .map(|s| (s.group_id.as_str(), s.state.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [("g1", "active"), ("g2", "exited_removed"), ("g3", "archived")]
    );
}

fn v2_membership(muted_until: Value) -> Value {
    json!({ "membership": {
        "id": "m1", "user_id": "u1", "nickname": "Me", "avatar_url": null,
        "state": if muted_until.is_null() { "active" } else { "muted" },
        "created_at": 1_600_000_000, "updated_at": 1_600_000_500,
        "muted_until": muted_until, "has_sound_enabled": true, "autokicked": false
    } })
}

#[tokio::test]
async fn the_main_chat_is_muted_and_unmuted_on_v2() {
    let api = Api::start().await;
    let for_a_while = api.v2.mute_group(|when, then| {
        sent(when.into_inner(), "/groups/g1/memberships/mute", &[]).json_body(json!({ "duration": 30 }));
        then.ok(&typed(envelope(200, v2_membership(json!(1_600_002_300)))));
    });
    let forever = api.v2.mute_group(|when, then| {
        sent(when.into_inner(), "/groups/g2/memberships/mute", &[]).json_body(json!({ "duration": null }));
        then.ok(&typed(envelope(200, v2_membership(json!(253_402_300_800_i64)))));
    });
    let unmute = api.v2.unmute_group(|when, then| {
        without_body(sent(when.into_inner(), "/groups/g1/memberships/unmute", &[]));
        then.ok(&typed(envelope(200, v2_membership(Value::Null))));
    });
    let missing = api.v2.unmute_group(|when, then| {
        sent(when.into_inner(), "/groups/g3/memberships/unmute", &[]);
        then.not_found(&typed(error_envelope(404, json!(["group not found"]))));
    });
    let client = api.client();

    let muted = succeeds(client.group("g1").mute(MuteDuration::Minutes(30)).await);
    assert_eq!(
        (muted.state.as_deref(), muted.muted_until),
        (Some("muted"), Some(1_600_002_300))
    );
    let muted = succeeds(client.group("g2").mute(MuteDuration::UntilUnmuted).await);
    assert_eq!(muted.muted_until, Some(253_402_300_800));
    let unmuted = succeeds(client.group("g1").unmute().await);
    assert_eq!(unmuted.muted_until, None);
    assert!(fails(client.group("g3").unmute().await).is_not_found());
    assert_invalid(
        client.group("g1").mute(MuteDuration::Minutes(0)).await,
        "duration",
        &Rule::Range {
            min: 1,
            max: i64::MAX,
            actual: 0,
        },
    );
    for mock in [&for_a_while, &forever, &unmute, &missing] {
        mock.assert();
    }
}

#[tokio::test]
async fn the_group_and_its_topics_are_muted_and_unmuted_on_v3() {
    let api = Api::start().await;
    let membership = |muted: bool| {
        json!({ "membership": {
            "id": "m1", "user_id": "u1", "nickname": "Me", "creator": true, "muted": muted,
            "snoozed": false, "pending": false,
            "muted_until": if muted { json!(1_600_003_600) } else { Value::Null },
            "muted_children": if muted { json!({ "t1": 1_600_003_600 }) } else { json!({}) }
        } })
    };
    let mute = api.v3.mute_group_and_topics(|when, then| {
        sent(when.into_inner(), "/groups/g1/memberships/mute_all", &[]).json_body(json!({ "duration": 60 }));
        then.ok(&typed(envelope(200, membership(true))));
    });
    let unmute = api.v3.unmute_group_and_topics(|when, then| {
        without_body(sent(when.into_inner(), "/groups/g1/memberships/unmute_all", &[]));
        then.ok(&typed(envelope(200, membership(false))));
    });
    let refused = api.v3.mute_group_and_topics(|when, then| {
        sent(when.into_inner(), "/groups/g2/memberships/mute_all", &[]);
        then.bad_request(&typed(error_envelope(400, json!({ "duration": "is invalid" }))));
    });
    let client = api.client();

    let muted = succeeds(
        client
            .group("g1")
            .mute_with_topics(MuteDuration::Minutes(60))
            .await,
    );
    assert_eq!(muted.muted, Some(true));
    assert_eq!(muted.muted_children.unwrap()["t1"], 1_600_003_600);
    let unmuted = succeeds(client.group("g1").unmute_with_topics().await);
    assert_eq!(unmuted.muted, Some(false));
    let err = fails(
        client
            .group("g2")
            .mute_with_topics(MuteDuration::Minutes(5))
            .await,
    );
    assert_eq!(
        err.api_errors().and_then(|e| e.field("duration")),
        Some("is invalid")
    );
    mute.assert();
    unmute.assert();
    refused.assert();
}

/// Group bodies in every shape seen from the live API and its documents,
/// re-typed with this project's own values: the 2018 index (empty
/// description, `""` and null avatars, an empty last message id with a
/// zero time, null preview fields), the 2018 create (null description,
/// `max_memberships`, null last message), the 2016 create (a share URL,
/// members without roles, no QR code URL), the 2017 index (several
/// members, a muted one, a preview with text and image), the documented
/// example (image, location and emoji attachments with a charmap), a
/// detail view with many members and admins, and a newer group with
/// settings, a like icon and topics.
fn wire_shapes() -> Value {
    json!([
        {
            "id": "71000001", "group_id": "71000001", "name": "Robotics Team",
            "phone_number": "+1 5550100001", "type": "private", "description": "",
            "image_url": null, "creator_user_id": "610001", "created_at": 1540000000,
            "updated_at": 1540000000, "office_mode": false, "share_url": null,
            "share_qr_code_url": null,
            "members": [{ "user_id": "610001", "nickname": "Coach", "image_url": "", "id": "820001",
                          "muted": false, "autokicked": false, "roles": ["admin", "owner"], "name": "Coach K" }],
            "messages": { "count": 1, "last_message_id": "", "last_message_created_at": 0,
                          "preview": { "nickname": null, "text": null, "image_url": null, "attachments": [] } },
            "max_members": 500
        },
        {
            "id": "71000002", "group_id": "71000002", "name": "Choir", "phone_number": "+1 5550100002",
            "type": "private", "description": null, "image_url": null, "creator_user_id": "610002",
            "created_at": 1540000100, "updated_at": 1540000100, "office_mode": false,
            "share_url": null, "share_qr_code_url": null,
            "members": [{ "id": "820002", "user_id": "610002", "nickname": "Alto", "muted": false,
                          "image_url": null, "autokicked": false, "roles": ["admin", "owner"], "name": "Alto Voice" }],
            "max_memberships": 500, "max_members": 500,
            "messages": { "count": 0, "last_message_id": null, "last_message_created_at": null,
                          "preview": { "nickname": null, "text": null, "image_url": null, "attachments": [] } }
        },
        {
            "id": "71000003", "group_id": "71000003", "name": "Garden Plot", "phone_number": "+1 5550100003",
            "type": "private", "description": null, "image_url": "https://i.groupme.com/400x300.png.garden",
            "creator_user_id": "610003", "created_at": 1460000000, "updated_at": 1460000000,
            "office_mode": false, "share_url": "https://app.groupme.com/join_group/71000003/SPROUT",
            "members": [{ "id": "820003", "user_id": "610003", "nickname": "Gardener", "muted": false,
                          "image_url": null, "autokicked": false }],
            "max_memberships": 200, "max_members": 200,
            "messages": { "count": 0, "last_message_id": null, "last_message_created_at": null,
                          "preview": { "nickname": null, "text": null, "image_url": null, "attachments": [] } }
        },
        {
            "id": "71000004", "group_id": "71000004", "name": "Chess Night", "phone_number": "+1 5550100004",
            "type": "private", "description": "Rapid games after work", "image_url": null,
            "creator_user_id": "610004", "created_at": 1500000000, "updated_at": 1507000000,
            "office_mode": false, "share_url": null, "share_qr_code_url": null,
            "members": [
                { "user_id": "610004", "nickname": "Rook", "image_url": "https://i.groupme.com/1.jpeg.rook",
                  "id": "820004", "muted": false, "autokicked": false, "roles": ["admin", "owner"] },
                { "user_id": "610005", "nickname": "Pawn", "image_url": "http://i.groupme.com/pawn",
                  "id": "820005", "muted": true, "autokicked": false, "roles": ["user"] }
            ],
            "messages": { "count": 321, "last_message_id": "150700000012345678", "last_message_created_at": 1507000000,
                          "preview": { "nickname": "Rook", "text": "Board three is free",
                                       "image_url": "https://i.groupme.com/1.jpeg.rook", "attachments": [] } },
            "max_members": 200
        },
        {
            "id": "71000005", "name": "Neighbours", "type": "private", "description": "Our street",
            "image_url": "https://i.groupme.com/77", "creator_user_id": "610006", "created_at": 1300000000,
            "updated_at": 1300000000,
            "members": [{ "id": "820006", "user_id": "610006", "nickname": "Sam", "muted": false,
                          "image_url": "https://i.groupme.com/77" }],
            "share_url": "https://groupme.com/join_group/71000005/LANE",
            "messages": { "count": 9, "last_message_id": "130000000000000009", "last_message_created_at": 1300000000,
                          "preview": { "nickname": "Sam", "text": "Street party Saturday",
                                       "image_url": "https://i.groupme.com/77",
                                       "attachments": [
                                           { "type": "image", "url": "https://i.groupme.com/88" },
                                           { "type": "location", "lat": "51.5007", "lng": "-0.1246", "name": "The corner" },
                                           { "type": "emoji", "placeholder": "*", "charmap": [[1, 5], [2, 7]] }
                                       ] } }
        },
        {
            "id": "71000006", "name": "Study Group",
            "members": [
                { "user_id": "610007", "nickname": "Lead", "image_url": "", "id": "820007", "muted": false,
                  "autokicked": false, "roles": ["admin", "owner"], "name": "Lead Learner" },
                { "user_id": "610008", "nickname": "Helper", "image_url": "https://i.groupme.com/9.jpeg",
                  "id": "820008", "muted": false, "autokicked": false, "roles": ["admin"], "name": "Helper Person" },
                { "user_id": "610009", "nickname": "Quiet", "image_url": "http://i.groupme.com/q",
                  "id": "820009", "muted": false, "autokicked": false }
            ]
        },
        {
            "id": "71000007", "name": "Club", "type": "closed", "office_mode": true,
            "theme_name": null, "like_icon": { "type": "emoji", "pack_id": 1, "pack_index": 3 },
            "requires_approval": true, "show_join_question": true,
            "join_question": { "type": "join_reason/questions/text", "text": "Why join?" },
            "visibility": "searchable", "message_deletion_mode": ["admin", "sender"], "children_count": 4,
            "members": null, "some_future_field": { "nested": [1, 2, 3] }
        }
    ])
}

#[tokio::test]
async fn every_group_shape_seen_on_the_wire_decodes() {
    let api = Api::start().await;
    let first = api.v3.list_groups(|when, then| {
        when.into_inner().path("/groups").query_param("page", "1");
        then.into_inner()
            .status(200)
            .json_body(json!({ "response": wire_shapes(), "meta": { "code": 200 } }));
    });
    let last = api.v3.list_groups(|when, then| {
        when.into_inner().path("/groups").query_param("page", "2");
        then.into_inner()
            .status(200)
            .json_body(json!({ "response": [], "meta": { "code": 200, "errors": null } }));
    });

    let client = api.client();
    let groups = succeeds(client.groups().list().collect_all().await);

    first.assert();
    last.assert();
    assert_eq!(groups.len(), 7);
    assert_eq!(
        groups[0].messages.as_ref().unwrap().last_message_id.as_deref(),
        Some("")
    );
    assert_eq!(groups[1].max_memberships, Some(500));
    assert_eq!(groups[2].share_token(), Some("SPROUT"));
    assert!(
        groups[2].members.as_ref().unwrap()[0]
            .roles
            .as_deref()
            .is_none_or(<[String]>::is_empty)
    );
    assert_eq!(groups[3].members.as_ref().unwrap()[1].muted, Some(true));
    let attachments = groups[4]
        .messages
        .as_ref()
        .unwrap()
        .preview
        .as_ref()
        .unwrap()
        .attachments
        .as_ref()
        .unwrap();
    let groupme_sdk::types::Attachment::Emoji(emoji) = &attachments[2] else {
        panic!("an emoji attachment: {:?}", attachments[2]);
    };
    assert_eq!(emoji.charmap, [[1, 5], [2, 7]]);
    let groupme_sdk::types::Attachment::Location(location) = &attachments[1] else {
        panic!("a location attachment: {:?}", attachments[1]);
    };
    assert_eq!(location.lat, "51.5007");
    assert_eq!(groups[5].members.as_ref().unwrap().len(), 3);
    assert_eq!(groups[6].like_icon.as_ref().unwrap().pack_index, Some(3));
    assert_eq!(groups[6].children_count, Some(4));
    assert_eq!(groups[6].members, None);
}
