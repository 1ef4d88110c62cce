//! A group's memberships: the index (active and inactive), remove, ban (v2),
//! the by-user-id variants that look the membership id up, and nicknames.

use groupme_api_httpmock::v2::MockServerExt as _;
use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::types::MembershipIds as _;
use groupme_sdk::{MemberFilter, MembershipId, UserId};
use serde_json::json;

use crate::common::{Api, envelope, error_envelope, fails, member_json, sent, succeeds, typed, without_body};

/// The documented member index.
fn active_index() -> serde_json::Value {
    envelope(
        200,
        json!({ "memberships": [
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
        ]}),
    )
}

/// Former members, as the index shows them with `filter=inactive`.
fn inactive_index() -> serde_json::Value {
    let mut exited = member_json("m-exited", "u-exited", "Gone");
    exited["state"] = json!("exited");
    let mut removed = member_json("m-removed", "u-removed", "Kicked");
    removed["state"] = json!("exited_removed");
    removed["image_url"] = json!(null);
    envelope(200, json!({ "memberships": [exited, removed] }))
}

#[tokio::test]
async fn active_members_are_listed_with_the_filter() {
    let api = Api::start().await;
    let mock = api.v3.list_members(|when, then| {
        without_body(sent(
            when.into_inner(),
            "/groups/g1/members",
            &[("filter", "active")],
        ));
        then.ok(&typed(active_index()));
    });
    let strays = api.strays();

    let members = api
        .client()
        .group("g1")
        .members()
        .list(MemberFilter::Active)
        .await;

    mock.assert();
    strays.assert_none();
    let members = succeeds(members);
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].membership_id(), MembershipId::from("35792468"));
    assert_eq!(members[0].user_id(), UserId::from("44332211"));
    assert_eq!(
        members[0].roles,
        Some(vec!["owner".to_owned(), "admin".to_owned()])
    );
    assert_eq!(members[1].nickname, "Fran");
    assert_eq!(members[1].name.as_deref(), Some("Quinn B"));
    assert_eq!(members[1].state.as_deref(), Some("active"));
}

#[tokio::test]
async fn inactive_members_are_listed_with_the_filter() {
    let api = Api::start().await;
    let mock = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "inactive")]);
        then.ok(&typed(inactive_index()));
    });
    let strays = api.strays();

    let members = api
        .client()
        .group("g1")
        .members()
        .list(MemberFilter::Inactive)
        .await;

    mock.assert();
    strays.assert_none();
    let states: Vec<_> = succeeds(members)
        .into_iter()
        .map(|member| (member.id, member.state, member.image_url))
        .collect();
    assert_eq!(
        states,
        vec![
            (
                "m-exited".to_owned(),
                Some("exited".to_owned()),
                Some("https://i.groupme.com/avatar.marlow".to_owned())
            ),
            ("m-removed".to_owned(), Some("exited_removed".to_owned()), None),
        ]
    );
}

#[tokio::test]
async fn listing_members_fails_unauthorized_for_non_admins() {
    let api = Api::start().await;
    let mock = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "active")]);
        then.unauthorized(&typed(error_envelope(401, json!(["unauthorized"]))));
    });

    let err = fails(
        api.client()
            .group("g1")
            .members()
            .list(MemberFilter::Active)
            .await,
    );

    mock.assert();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(
        err.api_errors(),
        Some(&groupme_sdk::ApiErrors::Messages(vec!["unauthorized".into()]))
    );
    assert_eq!(err.operation(), Some("list_members"));
}

#[tokio::test]
async fn listing_members_fails_with_a_field_map() {
    let api = Api::start().await;
    let mock = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "active")]);
        then.bad_request(&typed(error_envelope(
            400,
            json!({ "filter": "cannot be blank" }),
        )));
    });

    let err = fails(
        api.client()
            .group("g1")
            .members()
            .list(MemberFilter::Active)
            .await,
    );

    mock.assert();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.meta_code(), Some(400));
    assert_eq!(
        err.api_errors().and_then(|e| e.field("filter")),
        Some("cannot be blank")
    );
    assert_eq!(err.api_errors().and_then(|e| e.field("other")), None);
    assert!(err.to_string().ends_with("filter: cannot be blank"), "{err}");
}

#[tokio::test]
async fn listing_members_of_an_unknown_group_is_not_found() {
    let api = Api::start().await;
    let mock = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/404/members", &[("filter", "active")]);
        then.not_found(&typed(error_envelope(404, json!(["group not found"]))));
    });

    let err = fails(
        api.client()
            .group("404")
            .members()
            .list(MemberFilter::Active)
            .await,
    );

    mock.assert();
    assert!(err.is_not_found() && !err.is_retryable(), "{err:?}");
}

#[tokio::test]
async fn member_index_decodes_unknown_fields_roles_and_states() {
    let api = Api::start().await;
    let mut future = member_json("m1", "u1", "Future");
    future["roles"] = json!(["owner", "moderator_of_the_future"]);
    future["state"] = json!("hibernating");
    future["badges"] = json!([{ "kind": "new", "since": 1 }]);
    future["muted_until"] = json!(null);
    let mock = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "active")]);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "response": { "memberships": [future], "next_cursor": "abc" },
                "meta": { "code": 200, "request_id": "r" },
                "extra": true
            }));
    });

    let members = api
        .client()
        .group("g1")
        .members()
        .list(MemberFilter::Active)
        .await;

    mock.assert();
    let members = succeeds(members);
    assert_eq!(
        members[0].roles,
        Some(vec!["owner".to_owned(), "moderator_of_the_future".to_owned()])
    );
    assert_eq!(members[0].state.as_deref(), Some("hibernating"));
}

#[tokio::test]
async fn a_member_is_removed_by_membership_id() {
    let api = Api::start().await;
    let mock = api.v3.remove_member(|when, then| {
        without_body(sent(when.into_inner(), "/groups/g1/members/35792468/remove", &[]));
        then.ok();
    });
    let strays = api.strays();

    let result = api.client().group("g1").members().remove("35792468").await;

    mock.assert();
    strays.assert_none();
    succeeds(result);
}

#[tokio::test]
async fn removing_the_creator_is_forbidden_and_an_unknown_member_not_found() {
    let api = Api::start().await;
    let creator = api.v3.remove_member(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/1/remove", &[]);
        then.forbidden(&typed(error_envelope(403, json!(["cannot remove the creator"]))));
    });
    let unknown = api.v3.remove_member(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/2/remove", &[]);
        then.not_found(&typed(error_envelope(404, json!(["membership not found"]))));
    });

    let client = api.client();
    let members = client.group("g1").members();
    let forbidden = fails(members.remove(1_u64).await);
    let not_found = fails(members.remove(2_u64).await);

    creator.assert();
    unknown.assert();
    assert!(forbidden.is_forbidden(), "{forbidden:?}");
    assert!(not_found.is_not_found(), "{not_found:?}");
    assert_eq!(not_found.operation(), Some("remove_member"));
}

#[tokio::test]
async fn remove_user_finds_the_membership_id_in_the_index() {
    let api = Api::start().await;
    let index = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "active")]);
        then.ok(&typed(active_index()));
    });
    let remove = api.v3.remove_member(|when, then| {
        sent(when.into_inner(), "/groups/g1/members/4681357911/remove", &[]);
        then.ok();
    });
    let strays = api.strays();

    let removed = api.client().group("g1").members().remove_user("88776655").await;

    index.assert();
    remove.assert();
    strays.assert_none();
    assert_eq!(succeeds(removed), MembershipId::from("4681357911"));
}

#[tokio::test]
async fn remove_user_of_a_non_member_removes_nobody() {
    let api = Api::start().await;
    let index = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "active")]);
        then.ok(&typed(active_index()));
    });
    let strays = api.strays();

    // A membership id is not a user id: looking it up finds nobody.
    let result = api.client().group("g1").members().remove_user("4681357911").await;

    index.assert();
    strays.assert_none();
    assert_member_not_found(result, "4681357911", true);
}

#[tokio::test]
async fn a_null_member_list_and_null_roles_read_as_empty() {
    let api = Api::start().await;
    let null_list = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "active")]);
        then.ok(&typed(envelope(200, json!({ "memberships": null }))));
    });
    let null_roles = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "inactive")]);
        then.ok(&typed(envelope(
            200,
            json!({ "memberships": [{ "id": "m9", "user_id": "u9", "nickname": "Ivo", "roles": null }] }),
        )));
    });

    let client = api.client();
    let members = client.group("g1").members();
    let active = succeeds(members.list(MemberFilter::Active).await);
    let former = succeeds(members.list(MemberFilter::Inactive).await);

    null_list.assert();
    null_roles.assert();
    assert!(active.is_empty());
    assert_eq!(former.len(), 1);
    assert_eq!(former[0].roles, None);
}

#[tokio::test]
async fn a_former_member_is_banned_on_v2() {
    let api = Api::start().await;
    let mock = api.v2.ban_member(|when, then| {
        without_body(sent(
            when.into_inner(),
            "/groups/g1/memberships/m-exited/destroy",
            &[],
        ));
        // What the live API answers, where the documents describe no body.
        then.ok(&typed(json!({ "meta": { "code": 200 }, "response": null })));
    });
    let strays = api.strays();

    let result = api.client().group("g1").members().ban("m-exited").await;

    mock.assert();
    strays.assert_none();
    succeeds(result);
}

#[tokio::test]
async fn banning_a_current_member_is_refused() {
    let api = Api::start().await;
    let mock = api.v2.ban_member(|when, then| {
        sent(when.into_inner(), "/groups/g1/memberships/35792468/destroy", &[]);
        then.bad_request(&typed(error_envelope(400, json!(["member has not left"]))));
    });

    let err = fails(api.client().group("g1").members().ban("35792468").await);

    mock.assert();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.operation(), Some("ban_member"));
}

#[tokio::test]
async fn ban_user_finds_the_membership_among_former_members() {
    let api = Api::start().await;
    let index = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "inactive")]);
        then.ok(&typed(inactive_index()));
    });
    let ban = api.v2.ban_member(|when, then| {
        sent(when.into_inner(), "/groups/g1/memberships/m-removed/destroy", &[]);
        // The documented empty body.
        then.into_inner().status(200);
    });
    let strays = api.strays();

    let banned = api.client().group("g1").members().ban_user("u-removed").await;

    index.assert();
    ban.assert();
    strays.assert_none();
    assert_eq!(succeeds(banned), MembershipId::from("m-removed"));
}

#[tokio::test]
async fn ban_user_of_someone_who_never_left_bans_nobody() {
    let api = Api::start().await;
    let index = api.v3.list_members(|when, then| {
        sent(when.into_inner(), "/groups/g1/members", &[("filter", "inactive")]);
        then.ok(&typed(inactive_index()));
    });
    let strays = api.strays();

    let result = api.client().group("g1").members().ban_user("44332211").await;

    index.assert();
    strays.assert_none();
    assert_member_not_found(result, "44332211", false);
}

#[tokio::test]
async fn the_nickname_is_set() {
    let api = Api::start().await;
    let mock = api.v3.update_nickname(|when, then| {
        sent(when.into_inner(), "/groups/g1/memberships/update", &[])
            .json_body(json!({ "membership": { "nickname": "Captain Quinn" } }));
        then.ok(&typed(envelope(
            200,
            json!({
                "id": "70020001",
                "user_id": "81730002",
                "nickname": "Captain Quinn",
                "muted": false,
                "image_url": "https://i.groupme.com/avatar.placeholder",
                "autokicked": false,
                "app_installed": true
            }),
        )));
    });
    let strays = api.strays();

    let member = api.client().group("g1").set_nickname("Captain Quinn").await;

    mock.assert();
    strays.assert_none();
    let member = succeeds(member);
    assert_eq!(member.nickname, "Captain Quinn");
    assert_eq!(member.membership_id(), MembershipId::from("70020001"));
    assert_eq!(member.muted, Some(false));
}

#[tokio::test]
async fn setting_the_nickname_in_an_unknown_group_is_not_found() {
    let api = Api::start().await;
    let mock = api.v3.update_nickname(|when, then| {
        sent(when.into_inner(), "/groups/nope/memberships/update", &[]);
        then.not_found(&typed(error_envelope(404, json!(["group not found"]))));
    });

    let err = fails(api.client().group("nope").set_nickname("Me").await);

    mock.assert();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.operation(), Some("update_nickname"));
}

/// Asserts that a by-user-id helper found nobody, without sending the change.
fn assert_member_not_found<T: std::fmt::Debug>(result: groupme_sdk::Result<T>, user_id: &str, current: bool) {
    let err = fails(result);
    assert_eq!(
        err.kind(),
        &groupme_sdk::ErrorKind::MemberNotFound {
            user_id: UserId::from(user_id),
            current
        },
        "{err:?}"
    );
    assert!(
        err.is_not_found() && !err.is_validation() && !err.is_retryable(),
        "{err:?}"
    );
    let which = if current { "current" } else { "former" };
    assert_eq!(
        err.to_string(),
        format!("list_members: user {user_id} is not a {which} member of the group")
    );
}
