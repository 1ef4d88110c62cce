//! Likes, reactions, unlike, the like leaderboard, mine and for_me, pins,
//! the gallery stream and read receipts (v2), against mocked hosts.

use chrono::DateTime;
use futures::TryStreamExt;
use groupme_api_httpmock::v2::MockServerExt as _;
use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::types::LikePeriod;
use groupme_sdk::validate::Rule;
use groupme_sdk::{REACTION_UNICODE_EMOJI, ReactionEmoji};
use serde_json::{Value, json};

use crate::common::{
    Api, assert_invalid, envelope, error_envelope, fails, sent, succeeds, typed, user_json, without_body,
};

/// The caller's id in `user_json`, and a direct conversation with user 987.
const DM_ID: &str = "987+1234567890";

fn message_json(id: &str, extra: Value) -> Value {
    let mut message = json!({ "id": id, "created_at": 1_700_000_000, "text": format!("text {id}") });
    message
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    message
}

fn list(messages: Vec<Value>) -> Value {
    envelope(200, json!({ "messages": messages }))
}

#[tokio::test]
async fn a_group_like_posts_an_empty_reaction_and_unlike_its_own_path() {
    let api = Api::start().await;
    let like = api.v3.like_message(|when, then| {
        sent(when.into_inner(), "/messages/g1/m1/like", &[]).json_body(json!({}));
        then.ok();
    });
    let unlike = api.v3.unlike_message(|when, then| {
        without_body(sent(when.into_inner(), "/messages/g1/m1/unlike", &[]));
        then.ok();
    });
    let strays = api.strays();
    let client = api.client();

    succeeds(client.group("g1").message("m1").like().await);
    succeeds(client.group("g1").messages().message("m1").unlike().await);

    like.assert();
    unlike.assert();
    strays.assert_none();
}

#[tokio::test]
async fn a_dm_reaction_names_the_conversation_by_both_ids_smaller_first() {
    let api = Api::start().await;
    let me = api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.ok(&typed(envelope(200, user_json())));
    });
    let like = api.v3.like_message(|when, then| {
        sent(when.into_inner(), &format!("/messages/{DM_ID}/m9/like"), &[])
            .json_body(json!({ "like_icon": { "type": "unicode", "code": "🔥" } }));
        then.ok();
    });
    let powerup = api.v3.like_message(|when, then| {
        sent(when.into_inner(), "/messages/g1/m1/like", &[])
            .json_body(json!({ "like_icon": { "type": "emoji", "pack_id": 4, "pack_index": 20 } }));
        then.ok();
    });
    let strays = api.strays();
    let client = api.client();

    succeeds(
        client
            .dm("987")
            .message("m9")
            .react(ReactionEmoji::unicode("🔥"))
            .await,
    );
    succeeds(
        client
            .group("g1")
            .message("m1")
            .react(ReactionEmoji::powerup(4, 20))
            .await,
    );

    me.assert();
    like.assert();
    powerup.assert();
    strays.assert_none();
}

#[tokio::test]
async fn reactions_groupme_refuses_and_blank_ids_are_not_sent() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();

    assert_invalid(
        client
            .group("g1")
            .message("m1")
            .react(ReactionEmoji::unicode("🐙"))
            .await,
        "like_icon.code",
        &Rule::OneOf {
            allowed: REACTION_UNICODE_EMOJI,
        },
    );
    assert_invalid(
        client.group("g1").message(" ").like().await,
        "message_id",
        &Rule::NonEmpty,
    );
    assert_invalid(
        client.dm("").message("m1").unlike().await,
        "other_user_id",
        &Rule::NonEmpty,
    );

    strays.assert_none();
}

#[tokio::test]
async fn the_leaderboard_sends_the_period_and_mine_and_for_me_decode_their_lists() {
    let api = Api::start().await;
    let board = api.v3.list_like_leaderboard(|when, then| {
        without_body(sent(when.into_inner(), "/groups/g1/likes", &[("period", "week")]));
        then.ok(&typed(list(vec![
            message_json("m2", json!({ "favorited_by": ["1", "2"] })),
            message_json("m1", json!({ "favorited_by": ["1"] })),
        ])));
    });
    let mine = api.v3.list_my_likes(|when, then| {
        sent(when.into_inner(), "/groups/g1/likes/mine", &[]);
        then.ok(&typed(list(vec![message_json(
            "m2",
            json!({ "liked_at": "2023-11-14T22:30:05.1200Z" }),
        )])));
    });
    let for_me = api.v3.list_likes_for_me(|when, then| {
        sent(when.into_inner(), "/groups/g1/likes/for_me", &[]);
        then.ok(&typed(envelope(200, json!({ "messages": null }))));
    });
    let strays = api.strays();
    let client = api.client();
    let likes = client.group("g1").likes();

    let ranked = succeeds(likes.leaderboard(LikePeriod::Week).await);
    let liked = succeeds(likes.mine().await);
    let hits = succeeds(likes.for_me().await);

    assert_eq!(
        ranked.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["m2", "m1"]
    );
    assert_eq!(ranked[0].favorited_by.as_ref().map(Vec::len), Some(2));
    assert_eq!(liked[0].liked_at.as_deref(), Some("2023-11-14T22:30:05.1200Z"));
    assert!(hits.is_empty(), "a null list is an empty one");
    board.assert();
    mine.assert();
    for_me.assert();
    strays.assert_none();
}

#[tokio::test]
async fn pins_post_to_the_conversation_and_a_second_pin_is_a_400_sent_once() {
    let api = Api::start().await;
    let pin = api.v3.pin_message(|when, then| {
        without_body(sent(when.into_inner(), "/conversations/g1/messages/m1/pin", &[]));
        then.bad_request(&typed(error_envelope(400, json!(["message already pinned"]))));
    });
    let unpin = api.v3.unpin_message(|when, then| {
        sent(when.into_inner(), "/conversations/g1/messages/m2/unpin", &[]);
        then.ok();
    });
    let group_pins = api.v3.list_pinned_group_messages(|when, then| {
        sent(when.into_inner(), "/pinned/groups/g1/messages/", &[]);
        then.ok(&typed(envelope(
            200,
            json!({ "count": 1, "messages": [message_json("m1", json!({ "pinned_by": "55", "pinned_at": 1_700_000_500 }))] }),
        )));
    });
    let dm_pins = api.v3.list_pinned_direct_messages(|when, then| {
        sent(
            when.into_inner(),
            "/pinned/direct_messages",
            &[("other_user_id", "987")],
        );
        then.ok(&typed(envelope(200, json!({ "count": 0, "messages": null }))));
    });
    let strays = api.strays();
    let client = api.client();
    let group = client.group("g1");

    let err = fails(group.message("m1").in_conversation().pin().await);
    succeeds(group.messages().message("m2").unpin().await);
    let pinned = succeeds(group.pins().await);
    let dm_pinned = succeeds(client.dm("987").pins().await);

    assert_eq!(err.status().map(|status| status.as_u16()), Some(400));
    pin.assert_calls(1);
    unpin.assert();
    assert_eq!(pinned[0].pinned_by.as_deref(), Some("55"));
    assert_eq!(pinned[0].pinned_at, Some(1_700_000_500));
    assert!(dm_pinned.is_empty());
    group_pins.assert();
    dm_pins.assert();
    strays.assert_none();
}

#[tokio::test]
async fn the_gallery_pages_back_by_the_last_gallery_time_until_an_empty_page() {
    let api = Api::start().await;
    let first = api.v3.list_gallery(|when, then| {
        sent(
            when.into_inner(),
            "/conversations/g1/gallery",
            &[("acceptFiles", "1"), ("limit", "2")],
        );
        then.ok(&typed(list(vec![
            message_json("m4", json!({ "gallery_ts": "2023-11-14T22:20:00.4512Z" })),
            message_json("m3", json!({ "gallery_ts": "2023-11-14T22:19:00.25Z" })),
        ])));
    });
    let second = api.v3.list_gallery(|when, then| {
        sent(
            when.into_inner(),
            "/conversations/g1/gallery",
            &[
                ("acceptFiles", "1"),
                ("before", "2023-11-14T22:19:00.250Z"),
                ("limit", "2"),
            ],
        );
        then.ok(&typed(list(vec![message_json(
            "m1",
            json!({ "gallery_ts": "2023-11-14T22:00:00Z" }),
        )])));
    });
    let last = api.v3.list_gallery(|when, then| {
        sent(
            when.into_inner(),
            "/conversations/g1/gallery",
            &[
                ("acceptFiles", "1"),
                ("before", "2023-11-14T22:00:00Z"),
                ("limit", "2"),
            ],
        );
        then.ok(&typed(list(vec![])));
    });
    let strays = api.strays();
    let client = api.client();

    let shots: Vec<_> = succeeds(
        client
            .group("g1")
            .gallery()
            .per_page(2)
            .stream()
            .try_collect()
            .await,
    );

    assert_eq!(
        shots.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["m4", "m3", "m1"]
    );
    first.assert();
    second.assert();
    last.assert();
    strays.assert_none();
}

#[tokio::test]
async fn a_gallery_page_that_does_not_move_back_in_time_ends_with_an_error() {
    let api = Api::start().await;
    let stuck = api.v3.list_gallery(|when, then| {
        when.into_inner().path("/conversations/g1/gallery");
        then.ok(&typed(list(vec![message_json(
            "m1",
            json!({ "gallery_ts": "2023-11-14T22:00:00Z" }),
        )])));
    });
    let client = api.client();
    let after = DateTime::parse_from_rfc3339("2023-11-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let before = DateTime::parse_from_rfc3339("2023-11-14T22:00:00Z")
        .unwrap()
        .to_utc();

    let outcome: Vec<_> =
        futures::StreamExt::collect(client.group("g1").gallery().after(after).before(before).stream()).await;

    assert_eq!(outcome.len(), 2, "{outcome:?}");
    assert!(outcome[0].is_ok());
    let err = fails(outcome.into_iter().nth(1).unwrap());
    assert!(
        matches!(err.kind(), groupme_sdk::ErrorKind::RepeatedPage { .. }),
        "{err:?}"
    );
    stuck.assert_calls(1);
    assert_invalid(
        futures::StreamExt::collect::<Vec<_>>(client.group("g1").gallery().per_page(0).stream())
            .await
            .remove(0),
        "limit",
        &Rule::Range {
            min: 1,
            max: u32::MAX.into(),
            actual: 0,
        },
    );
}

#[tokio::test]
async fn mark_read_sends_the_chat_and_message_to_v2_and_returns_the_receipt() {
    let api = Api::start().await;
    api.v3.get_me(|when, then| {
        sent(when.into_inner(), "/users/me", &[]);
        then.ok(&typed(envelope(200, user_json())));
    });
    let receipt = api.v2.send_read_receipt(|when, then| {
        sent(when.into_inner(), "/read_receipts", &[])
            .json_body(json!({ "read_receipt": { "message_id": "m9", "chat_id": DM_ID } }));
        then.ok(&typed(envelope(
            200,
            json!({ "read_receipt": { "id": "", "chat_id": DM_ID, "message_id": "m9", "user_id": "1234567890", "read_at": 1_700_000_400 } }),
        )));
    });
    let client = api.client();

    let read = succeeds(client.dm("987").mark_read("m9").await);

    receipt.assert();
    assert_eq!(read.message_id.as_deref(), Some("m9"));
    assert_eq!(read.read_at, Some(1_700_000_400));
    assert_invalid(
        client.dm("987").mark_read("").await,
        "message_id",
        &Rule::NonEmpty,
    );
}
