//! Every groups operation of both hosts through the generated clients
//! against `httpmock`: the documented method, path, query and exact JSON
//! body, the token only in `X-Access-Token`, and the answer (in its
//! envelope) decoding into the values sent. (`api_v3.rs` and `api_v2.rs`
//! hold the other areas.)

use std::num::{NonZeroU32, NonZeroU64};

use groupme_api::Envelope;
use groupme_api::{v2, v3};
use groupme_api_httpmock::v2::MockServerExt as _;
use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_tests::{
    TestResult, empty_request, json_request, reply_json, request_to, seed, v2_client, v3_client,
};
use httpmock::MockServer;
use serde_json::{Value, json};

/// A group as GroupMe sends it, with values of this test's own.
fn group() -> Value {
    json!({
        "id": "4040", "group_id": "4040", "name": "Orchestra", "type": "closed",
        "description": null, "image_url": null, "creator_user_id": "77", "created_at": 1_650_000_000,
        "updated_at": 1_650_000_500, "office_mode": false,
        "share_url": "https://groupme.com/join_group/4040/Violin", "share_qr_code_url": null,
        "members": [{ "id": "880", "user_id": "77", "nickname": "Maestro", "roles": ["admin", "owner"] }],
        "messages": { "count": 2, "last_message_id": "165000050000000001", "last_message_created_at": 1_650_000_500,
                      "preview": { "nickname": "Maestro", "text": "Rehearsal at six", "image_url": null,
                                   "attachments": [] } },
        "max_members": 5000
    })
}

#[tokio::test]
async fn list_groups_sends_paging_and_omit_and_decodes_the_bare_list() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.list_groups(|when, then| {
        empty_request(request_to(
            when.into_inner(),
            "/groups",
            &[("omit", "memberships"), ("page", "3"), ("per_page", "25")],
        ));
        reply_json(then.into_inner(), 200, &seed::envelope(200, json!([group()])));
    });

    let answer = v3_client(&server)
        .list_groups()
        .page(NonZeroU32::new(3).unwrap())
        .per_page(NonZeroU32::new(25).unwrap())
        .omit(v3::types::GroupOmission::Memberships)
        .send()
        .await?;

    mock.assert_async().await;
    let (groups, _) = answer.into_inner().into_parts();
    let groups = groups.expect("a list");
    assert_eq!(groups[0].name, "Orchestra");
    assert_eq!(groups[0].messages.as_ref().and_then(|m| m.count), Some(2));
    Ok(())
}

#[tokio::test]
async fn the_reads_use_their_documented_paths() -> TestResult {
    let server = MockServer::start_async().await;
    let show = server.get_group(|when, then| {
        empty_request(request_to(when.into_inner(), "/groups/4040", &[]));
        reply_json(then.into_inner(), 200, &seed::envelope(200, group()));
    });
    let former = server.list_former_groups(|when, then| {
        empty_request(request_to(when.into_inner(), "/groups/former", &[]));
        reply_json(then.into_inner(), 200, &seed::envelope(200, json!([group()])));
    });
    let states = server.list_membership_states(|when, then| {
        empty_request(request_to(when.into_inner(), "/memberships/states", &[]));
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, json!([{ "group_id": "4040", "state": "active" }])),
        );
    });
    let client = v3_client(&server);

    let shown = client
        .get_group()
        .group_id("4040")
        .send()
        .await?
        .into_inner()
        .into_parts()
        .0;
    let left = client
        .list_former_groups()
        .send()
        .await?
        .into_inner()
        .into_parts()
        .0;
    let all = client
        .list_membership_states()
        .send()
        .await?
        .into_inner()
        .into_parts()
        .0;

    show.assert_async().await;
    former.assert_async().await;
    states.assert_async().await;
    assert_eq!(shown.map(|g| g.id), Some("4040".to_owned()));
    assert_eq!(left.map(|g| g.len()), Some(1));
    assert_eq!(all.expect("states")[0].state, "active");
    Ok(())
}

#[tokio::test]
async fn create_update_rejoin_and_change_owners_send_their_bodies() -> TestResult {
    let server = MockServer::start_async().await;
    let create = server.create_group(|when, then| {
        json_request(
            request_to(when.into_inner(), "/groups", &[]),
            json!({ "name": "Orchestra", "share": true }),
        );
        reply_json(then.into_inner(), 201, &seed::envelope(201, group()));
    });
    let update = server.update_group(|when, then| {
        json_request(
            request_to(when.into_inner(), "/groups/4040/update", &[]),
            json!({ "group_type": "announcement", "message_deletion_mode": [] }),
        );
        reply_json(then.into_inner(), 200, &seed::envelope(200, group()));
    });
    let rejoin = server.rejoin_group(|when, then| {
        json_request(
            request_to(when.into_inner(), "/groups/join", &[]),
            json!({ "group_id": "4040" }),
        );
        reply_json(then.into_inner(), 200, &seed::envelope(200, group()));
    });
    let owners = server.change_group_owners(|when, then| {
        json_request(
            request_to(when.into_inner(), "/groups/change_owners", &[]),
            json!({ "requests": [{ "group_id": "4040", "owner_id": "78" }] }),
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(
                200,
                json!({ "results": [{ "group_id": "4040", "owner_id": "78", "status": "200" }] }),
            ),
        );
    });
    let client = v3_client(&server);

    let created = client
        .create_group()
        .body(v3::types::CreateGroupRequest {
            name: "Orchestra".parse()?,
            description: None,
            image_url: None,
            share: Some(true),
        })
        .send()
        .await?;
    let changes = v3::types::UpdateGroupRequest {
        group_type: Some(v3::types::GroupType::Announcement),
        message_deletion_mode: Some(Vec::new()),
        ..Default::default()
    };
    client
        .update_group()
        .group_id("4040")
        .body(changes)
        .send()
        .await?;
    client
        .rejoin_group()
        .body(v3::types::RejoinGroupRequest {
            group_id: "4040".parse()?,
        })
        .send()
        .await?;
    let results = client
        .change_group_owners()
        .body(v3::types::ChangeOwnersRequest {
            requests: vec![v3::types::OwnerChange {
                group_id: "4040".parse()?,
                owner_id: "78".parse()?,
            }],
        })
        .send()
        .await?;

    create.assert_async().await;
    update.assert_async().await;
    rejoin.assert_async().await;
    owners.assert_async().await;
    assert_eq!(created.status(), 201);
    let results = results.into_inner().into_parts().0.and_then(|r| r.results);
    assert_eq!(results.expect("results")[0].status, "200");
    Ok(())
}

#[tokio::test]
async fn destroy_and_join_send_no_body() -> TestResult {
    let server = MockServer::start_async().await;
    let destroy = server.destroy_group(|when, then| {
        empty_request(request_to(when.into_inner(), "/groups/4040/destroy", &[]));
        then.ok();
    });
    let join = server.join_group(|when, then| {
        empty_request(request_to(when.into_inner(), "/groups/4040/join/Violin", &[]));
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, json!({ "group": group() })),
        );
    });
    let client = v3_client(&server);

    let destroyed = client.destroy_group().group_id("4040").send().await?;
    let joined = client
        .join_group()
        .group_id("4040")
        .share_token("Violin")
        .send()
        .await?;

    destroy.assert_async().await;
    join.assert_async().await;
    assert_eq!(destroyed.status(), 200);
    assert_eq!(
        joined.into_inner().into_parts().0.map(|j| j.group.id),
        Some("4040".to_owned())
    );
    Ok(())
}

#[tokio::test]
async fn mutes_send_minutes_or_an_explicit_null_on_both_hosts() -> TestResult {
    let server = MockServer::start_async().await;
    let v3_membership = json!({ "membership": { "id": "880", "user_id": "77", "muted": true,
                                                "muted_until": 253_402_300_800_i64,
                                                "muted_children": { "9001": 253_402_300_800_i64 } } });
    let v2_membership = json!({ "membership": { "id": "880", "user_id": "77", "state": "muted",
                                                "muted_until": 1_650_003_600 } });
    let mute_all = server.mute_group_and_topics(|when, then| {
        json_request(
            request_to(when.into_inner(), "/groups/4040/memberships/mute_all", &[]),
            json!({ "duration": null }),
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, v3_membership.clone()),
        );
    });
    let unmute_all = server.unmute_group_and_topics(|when, then| {
        empty_request(request_to(
            when.into_inner(),
            "/groups/4040/memberships/unmute_all",
            &[],
        ));
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, v3_membership.clone()),
        );
    });
    let mute = server.mute_group(|when, then| {
        json_request(
            request_to(when.into_inner(), "/groups/4040/memberships/mute", &[]),
            json!({ "duration": 60 }),
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, v2_membership.clone()),
        );
    });
    let unmute = server.unmute_group(|when, then| {
        empty_request(request_to(
            when.into_inner(),
            "/groups/4040/memberships/unmute",
            &[],
        ));
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, v2_membership.clone()),
        );
    });

    let all = v3_client(&server)
        .mute_group_and_topics()
        .group_id("4040")
        .body(v3::types::MuteRequest { duration: None })
        .send()
        .await?;
    v3_client(&server)
        .unmute_group_and_topics()
        .group_id("4040")
        .send()
        .await?;
    let main = v2_client(&server)
        .mute_group()
        .group_id("4040")
        .body(v2::types::MuteRequest {
            duration: NonZeroU64::new(60),
        })
        .send()
        .await?;
    v2_client(&server).unmute_group().group_id("4040").send().await?;

    for mock in [&mute_all, &unmute_all, &mute, &unmute] {
        mock.assert_async().await;
    }
    let all = all.into_inner().into_parts().0.expect("a membership").membership;
    assert_eq!(
        all.muted_children.and_then(|c| c.get("9001").copied()),
        Some(253_402_300_800)
    );
    let main = main.into_inner().into_parts().0.expect("a membership").membership;
    assert_eq!(
        (main.state.as_deref(), main.muted_until),
        (Some("muted"), Some(1_650_003_600))
    );
    Ok(())
}
