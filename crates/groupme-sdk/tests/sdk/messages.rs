//! Messages and direct conversations against mocked hosts: each cursor's
//! requests and order, the `304` and the empty page as ends, a cursor that
//! does not move, sends with their bodies (generated guid, mentions loci,
//! replies, emoji), the `409`, v4 show and edit, deletes, chats, the
//! validation of every documented rule, and the request-rate limit.

use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_api_httpmock::v4::MockServerExt as _;
use groupme_sdk::types::Attachment;
use groupme_sdk::validate::Rule;
use groupme_sdk::{ErrorKind, MessageText, RateLimit};
use httpmock::MockServer;
use serde_json::{Value, json};

use crate::common::{
    Api, envelope, error_envelope, fails, invalid_rule, sent, succeeds, typed, without_body,
};

fn message_json(id: &str) -> Value {
    json!({
        "id": id, "source_guid": format!("guid-{id}"), "created_at": 1_700_000_000,
        "user_id": "u1", "sender_id": "u1", "sender_type": "user", "group_id": "g1",
        "name": "Ann", "avatar_url": null, "text": format!("text {id}"), "system": false,
        "favorited_by": [], "attachments": [{ "type": "poll", "poll_id": "p1" }],
        "pinned_by": "", "pinned_at": null
    })
}

fn page(ids: &[&str]) -> Value {
    envelope(
        200,
        json!({ "count": 99, "messages": ids.iter().map(|id| message_json(id)).collect::<Vec<_>>() }),
    )
}

fn ids(messages: &[groupme_sdk::types::Message]) -> Vec<&str> {
    messages.iter().map(|message| message.id.as_str()).collect()
}

#[tokio::test]
async fn history_walks_back_a_full_page_at_a_time_and_ends_on_304() {
    let api = Api::start().await;
    let newest = api.v3.list_group_messages(|when, then| {
        without_body(sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("limit", "100")],
        ));
        then.ok(&typed(page(&["30", "29"])));
    });
    let older = api.v3.list_group_messages(|when, then| {
        sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("before_id", "29"), ("limit", "100")],
        );
        then.ok(&typed(page(&["28"])));
    });
    let end = api.v3.list_group_messages(|when, then| {
        sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("before_id", "28"), ("limit", "100")],
        );
        then.not_modified();
    });
    let strays = api.strays();

    let client = api.client();
    let messages = succeeds(client.group("g1").messages().history().collect_all().await);

    assert_eq!(ids(&messages), ["30", "29", "28"]);
    assert_eq!(messages[0].attachments.as_ref().unwrap()[0].kind(), "poll");
    newest.assert();
    older.assert();
    end.assert();
    strays.assert_none();
}

#[tokio::test]
async fn an_empty_page_ends_a_history_too() {
    let api = Api::start().await;
    api.v3.list_group_messages(|when, then| {
        sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("limit", "100")],
        );
        then.ok(&typed(page(&["5"])));
    });
    let empty = api.v3.list_group_messages(|when, then| {
        sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("before_id", "5"), ("limit", "100")],
        );
        then.ok(&typed(envelope(200, json!({ "count": 1, "messages": null }))));
    });

    let client = api.client();
    let messages = succeeds(client.group("g1").messages().history().collect_all().await);

    assert_eq!(ids(&messages), ["5"]);
    empty.assert();
}

#[tokio::test]
async fn after_walks_forward_oldest_to_newest() {
    let api = Api::start().await;
    let first = api.v3.list_group_messages(|when, then| {
        sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("after_id", "10"), ("limit", "100")],
        );
        then.ok(&typed(page(&["11", "12"])));
    });
    let end = api.v3.list_group_messages(|when, then| {
        sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("after_id", "12"), ("limit", "100")],
        );
        then.not_modified();
    });

    let client = api.client();
    let messages = succeeds(client.group("g1").messages().after("10").collect_all().await);

    assert_eq!(ids(&messages), ["11", "12"]);
    first.assert();
    end.assert();
}

#[tokio::test]
async fn since_takes_the_newest_then_pages_back_down_to_the_id() {
    let api = Api::start().await;
    let newest = api.v3.list_group_messages(|when, then| {
        sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("limit", "2"), ("since_id", "10")],
        );
        then.ok(&typed(page(&["14", "13"])));
    });
    // Paging back crosses the id: what is not newer than it is left out.
    let back = api.v3.list_group_messages(|when, then| {
        sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("before_id", "13"), ("limit", "2")],
        );
        then.ok(&typed(page(&["12", "11"])));
    });
    let below = api.v3.list_group_messages(|when, then| {
        sent(
            when.into_inner(),
            "/groups/g1/messages",
            &[("acceptFiles", "1"), ("before_id", "11"), ("limit", "2")],
        );
        then.ok(&typed(page(&["10", "9"])));
    });

    let client = api.client();
    let messages = succeeds(
        client
            .group("g1")
            .messages()
            .since("10")
            .per_page(2)
            .collect_all()
            .await,
    );

    assert_eq!(ids(&messages), ["14", "13", "12", "11"]);
    newest.assert();
    back.assert();
    below.assert();
}

#[tokio::test]
async fn a_server_that_ignores_the_cursor_stops_the_stream_with_an_error() {
    let api = Api::start().await;
    // Every request, whatever its cursor, gets the same page.
    let same = api.v3.list_group_messages(|when, then| {
        when.into_inner().path("/groups/g1/messages");
        then.ok(&typed(page(&["7", "6"])));
    });

    let client = api.client();
    let outcome: Vec<_> = client.group("g1").messages().history().collect().await;

    // The first page, then an error instead of the same two again.
    assert_eq!(outcome.len(), 3, "{outcome:?}");
    assert_eq!(outcome[1].as_ref().unwrap().id, "6");
    let err = outcome.into_iter().last().unwrap().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::RepeatedPage { .. }), "{err}");
    same.assert_calls(2);
}

#[tokio::test]
async fn direct_histories_use_other_user_id_and_the_same_cursors() {
    let api = Api::start().await;
    let dm_page = |ids: &[&str]| {
        envelope(
            200,
            json!({ "count": 3, "direct_messages": ids.iter().map(|id| message_json(id)).collect::<Vec<_>>() }),
        )
    };
    api.v3.list_direct_messages(|when, then| {
        sent(
            when.into_inner(),
            "/direct_messages",
            &[("limit", "100"), ("other_user_id", "u2")],
        );
        then.ok(&typed(dm_page(&["3", "2"])));
    });
    api.v3.list_direct_messages(|when, then| {
        sent(
            when.into_inner(),
            "/direct_messages",
            &[("before_id", "2"), ("limit", "100"), ("other_user_id", "u2")],
        );
        then.not_modified();
    });

    let client = api.client();
    let messages = succeeds(client.dm("u2").history().collect_all().await);

    assert_eq!(ids(&messages), ["3", "2"]);
}

#[tokio::test]
async fn a_send_carries_a_fresh_guid_the_text_and_computed_mentions() {
    let api = Api::start().await;
    let send = api.v3.send_group_message(|when, then| {
        sent(when.into_inner(), "/groups/g1/messages", &[]).is_true(|request| {
            let body: Value = serde_json::from_slice(request.body_ref()).unwrap();
            let message = &body["message"];
            let guid = message["source_guid"].as_str().unwrap_or_default();
            uuid::Uuid::parse_str(guid).is_ok()
                && message["text"] == "Hé @Zoë 👋 look"
                && message["attachments"]
                    == json!([
                        { "type": "mentions", "user_ids": ["u2"], "loci": [[3, 7]] },
                        { "type": "reply", "reply_id": "40", "base_reply_id": "40" },
                        { "type": "image", "url": "https://i.example/pic" }
                    ])
        });
        then.created(&typed(envelope(201, json!({ "message": message_json("41") }))));
    });
    let strays = api.strays();

    let client = api.client();
    let text = MessageText::new()
        .push("Hé ")
        .mention("u2", "@Zoë 👋")
        .push(" look");
    let message = client
        .group("g1")
        .messages()
        .send(text)
        .reply_to("40")
        .image("https://i.example/pic")
        .send()
        .await;

    assert_eq!(succeeds(message).id, "41");
    send.assert();
    strays.assert_none();
}

#[tokio::test]
async fn two_sends_get_two_guids_and_a_given_guid_is_kept() {
    let api = Api::start().await;
    let given = api.v3.send_direct_message(|when, then| {
        sent(when.into_inner(), "/direct_messages", &[]).json_body(json!({
            "direct_message": { "source_guid": "mine-1", "recipient_id": "u2", "text": "hi" }
        }));
        then.created(&typed(envelope(201, json!({ "message": message_json("1") }))));
    });
    let client = api.client();
    succeeds(client.dm("u2").send("hi").source_guid("mine-1").send().await);
    given.assert();

    let guids = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = guids.clone();
    let any = api.v3.send_group_message(move |when, then| {
        when.into_inner()
            .path("/groups/g1/messages")
            .is_true(move |request| {
                let body: Value = serde_json::from_slice(request.body_ref()).unwrap();
                seen.lock()
                    .unwrap()
                    .push(body["message"]["source_guid"].as_str().unwrap().to_owned());
                true
            });
        then.created(&typed(envelope(201, json!({ "message": message_json("2") }))));
    });
    succeeds(client.group("g1").messages().send("one").send().await);
    succeeds(client.group("g1").messages().send("two").send().await);
    any.assert_calls(2);
    let guids = guids.lock().unwrap().clone();
    assert!(
        guids.len() >= 2 && guids[0] != guids[guids.len() - 1],
        "{guids:?}"
    );
}

#[tokio::test]
async fn a_409_on_the_first_attempt_is_the_callers_repeat_and_fails() {
    let api = Api::start().await;
    let conflict = api.v3.send_group_message(|when, then| {
        when.into_inner().path("/groups/g1/messages");
        then.conflict(&typed(error_envelope(409, json!(["already sent"]))));
    });
    let client = api.client();

    let err = fails(
        client
            .group("g1")
            .messages()
            .send("again")
            .source_guid("g")
            .send()
            .await,
    );

    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    conflict.assert_calls(1);
}

#[tokio::test]
async fn the_403_and_400_text_bodies_of_a_direct_send_are_kept() {
    let api = Api::start().await;
    api.v3.send_direct_message(|when, then| {
        when.into_inner().path("/direct_messages");
        then.forbidden_text("Blocked for sending too many messages.");
    });
    let client = api.client();

    let err = fails(client.dm("u2").send("hi").send().await);

    assert!(err.is_forbidden());
    assert_eq!(err.body_excerpt(), Some("Blocked for sending too many messages."));
}

#[tokio::test]
async fn every_documented_rule_is_checked_before_sending() {
    let api = Api::start().await;
    let anything = api.v3.mock(|_when, then| {
        then.status(500);
    });
    let client = api.client();
    let messages = client.group("g1").messages();

    let long = "ü".repeat(1001);
    assert!(matches!(
        invalid_rule(messages.send(long.as_str()).send().await, "text"),
        Rule::CharLength {
            max: 1000,
            actual: 1001,
            ..
        }
    ));
    assert_eq!(
        invalid_rule(messages.send("").send().await, "text"),
        Rule::Requires("text or at least one attachment")
    );
    invalid_rule(messages.send("x").source_guid("  ").send().await, "source_guid");
    invalid_rule(messages.send("x").image("").send().await, "attachments[0].url");
    invalid_rule(
        messages.send(MessageText::new().emoji(0, 3)).send().await,
        "emoji.charmap[0].pack_id",
    );
    invalid_rule(
        client
            .group("g1")
            .messages()
            .history()
            .per_page(101)
            .collect_all()
            .await,
        "limit",
    );
    invalid_rule(
        client
            .group("g1")
            .messages()
            .history()
            .per_page(0)
            .collect_all()
            .await,
        "limit",
    );
    invalid_rule(client.dm("").send("x").send().await, "recipient_id");
    // Exactly 1,000 characters of emoji pass validation (and go out).
    let ok = "👋".repeat(1000);
    let sent = messages.send(ok.as_str()).send().await;
    assert_eq!(
        fails(sent).status().map(|s| s.as_u16()),
        Some(500),
        "reached the server"
    );
    assert!(anything.calls() >= 1, "only the valid send went out");
}

#[tokio::test]
async fn v4_shows_and_edits_a_message() {
    let api = Api::start().await;
    let v4 = MockServer::start_async().await;
    let show = v4.get_group_message(|when, then| {
        without_body(sent(when.into_inner(), "/groups/g1/messages/41", &[]));
        then.ok(&typed(envelope(200, json!({ "message": message_json("41") }))));
    });
    let edit = v4.edit_group_message(|when, then| {
        sent(when.into_inner(), "/groups/g1/messages/41", &[]).json_body(json!({
            "text": "fixed",
            "attachments": [{ "type": "location", "name": "Dock", "lat": "1.5", "lng": "2.5" }]
        }));
        let mut edited = message_json("41");
        edited["text"] = json!("fixed");
        edited["updated_at"] = json!(1_700_000_100);
        then.ok(&typed(envelope(200, json!({ "message": edited }))));
    });
    let client = api.builder().v4_base_url(v4.base_url()).build().unwrap();
    let message = client.group("g1").message("41");

    assert_eq!(succeeds(message.get().await).text.as_deref(), Some("text 41"));
    let edited = succeeds(
        message
            .edit("fixed")
            .attachment(groupme_sdk::types::attachment::Location {
                name: "Dock".into(),
                lat: "1.5".into(),
                lng: "2.5".into(),
            })
            .send()
            .await,
    );
    assert_eq!(edited.updated_at, Some(1_700_000_100));
    show.assert();
    edit.assert();
}

#[tokio::test]
async fn the_v4_host_follows_a_v3_url_that_ends_in_v3() {
    let v3 = MockServer::start_async().await;
    let shown = v3.mock(|when, then| {
        when.path("/v4/groups/g1/messages/5");
        then.status(200)
            .header("content-type", "application/json")
            .json_body(envelope(200, json!({ "message": message_json("5") })));
    });
    let client = groupme_sdk::Client::builder(crate::common::TOKEN)
        .base_urls(format!("{}/v3", v3.base_url()), v3.base_url())
        .build()
        .unwrap();
    succeeds(client.group("g1").message("5").get().await);
    shown.assert();
}

#[tokio::test]
async fn deletes_answer_204_and_a_direct_delete_names_both_users() {
    let api = Api::start().await;
    let group_delete = api.v3.delete_message(|when, then| {
        without_body(sent(when.into_inner(), "/conversations/g1/messages/41", &[]));
        then.no_content();
    });
    let me = api.v3.get_me(|when, then| {
        when.into_inner().path("/users/me");
        then.ok(&typed(envelope(200, crate::common::user_json())));
    });
    let me_id = crate::common::user_json()["id"].as_str().unwrap().to_owned();
    let conversation = groupme_sdk::direct_conversation_id(&me_id, "1");
    let direct_delete = api.v3.delete_message(|when, then| {
        without_body(sent(
            when.into_inner(),
            &format!("/conversations/{conversation}/messages/7"),
            &[],
        ));
        then.no_content();
    });
    let client = api.client();

    succeeds(client.group("g1").message("41").delete().await);
    succeeds(client.dm("1").messages().delete("7").await);

    group_delete.assert();
    me.assert();
    direct_delete.assert();
}

#[tokio::test]
async fn chats_are_listed_by_page_shown_and_deleted() {
    let api = Api::start().await;
    let chat = |id: &str| {
        json!({ "created_at": 1, "updated_at": 2, "messages_count": 1,
                "other_user": { "id": 12345, "name": "Bo", "avatar_url": null },
                "last_message": message_json(id) })
    };
    let first = api.v3.list_chats(|when, then| {
        sent(when.into_inner(), "/chats", &[("page", "1"), ("per_page", "20")]);
        then.ok(&typed(envelope(200, json!([chat("1"), chat("2")]))));
    });
    let last = api.v3.list_chats(|when, then| {
        sent(when.into_inner(), "/chats", &[("page", "2"), ("per_page", "20")]);
        then.ok(&typed(envelope(200, Value::Null)));
    });
    let show = api.v3.get_chat(|when, then| {
        sent(when.into_inner(), "/chats/1+2", &[]);
        then.ok(&typed(envelope(200, chat("3"))));
    });
    let delete = api.v3.delete_chat(|when, then| {
        sent(when.into_inner(), "/chats/1+2", &[]);
        then.ok();
    });
    let client = api.client();

    let chats: Vec<_> = succeeds(client.chats().list().try_collect().await);
    assert_eq!(chats.len(), 2);
    assert_eq!(
        chats[0].other_user.as_ref().unwrap().id,
        Some(groupme_sdk::types::LooseId::Int64(12345))
    );
    let shown = succeeds(client.chats().get("1+2").await);
    assert_eq!(shown.last_message.unwrap().id, "3");
    succeeds(client.chats().delete("1+2").await);
    first.assert();
    last.assert();
    show.assert();
    delete.assert();
}

#[tokio::test]
async fn unknown_attachment_kinds_and_odd_shapes_arrive_whole() {
    let api = Api::start().await;
    let mut odd = message_json("9");
    odd["attachments"] = json!([
        { "type": "copilot", "message_id": "c1", "part_id": "0" },
        { "type": "image" },
        { "type": "mentions", "user_ids": ["u1"], "loci": [[0, 3]] },
        "not even an object"
    ]);
    odd["reactions"] = json!([{ "type": "unicode", "code": "❤️", "user_ids": ["u2"] }]);
    odd["event"] = json!({ "type": "message.pinned", "data": { "pinned_by": 123 } });
    api.v3.list_group_messages(|when, then| {
        when.into_inner()
            .path("/groups/g1/messages")
            .query_param_missing("before_id");
        then.ok(&typed(envelope(200, json!({ "messages": [odd] }))));
    });
    api.v3.list_group_messages(|when, then| {
        when.into_inner()
            .path("/groups/g1/messages")
            .query_param("before_id", "9");
        then.not_modified();
    });
    let client = api.client();

    let messages = succeeds(client.group("g1").messages().history().collect_all().await);

    let attachments = messages[0].attachments.as_ref().unwrap();
    assert!(matches!(&attachments[0], Attachment::Other(value) if value["part_id"] == "0"));
    assert!(matches!(&attachments[1], Attachment::Other(_)));
    assert!(matches!(&attachments[2], Attachment::Mentions(m) if m.loci == [[0, 3]]));
    assert!(matches!(&attachments[3], Attachment::Other(Value::String(_))));
    assert_eq!(
        messages[0].reactions.as_ref().unwrap()[0].code.as_deref(),
        Some("❤️")
    );
    assert_eq!(messages[0].event.as_ref().unwrap().type_, "message.pinned");
}

#[tokio::test]
async fn the_rate_limit_spaces_out_every_request() {
    let api = Api::start().await;
    let me = api.v3.get_me(|when, then| {
        when.into_inner().path("/users/me");
        then.ok(&typed(envelope(200, crate::common::user_json())));
    });
    let client = api
        .builder()
        .rate_limit(RateLimit::per_second(20).burst(1))
        .build()
        .unwrap();

    let started = Instant::now();
    for _ in 0..5 {
        succeeds(client.me().await);
    }

    // One at once, then four more at 50 ms each.
    assert!(
        started.elapsed() >= Duration::from_millis(190),
        "{:?}",
        started.elapsed()
    );
    me.assert_calls(5);
    // Without a limit the same calls go at once.
    let free = api.client();
    let started = Instant::now();
    for _ in 0..5 {
        succeeds(free.me().await);
    }
    assert!(
        started.elapsed() < Duration::from_millis(190),
        "{:?}",
        started.elapsed()
    );
}
