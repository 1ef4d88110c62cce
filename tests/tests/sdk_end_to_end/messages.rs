//! Messages, direct messages and chats through the wrapper against the
//! fake: whole histories in each cursor's order ending on the fake's `304`,
//! a failure in the middle of a history retried without loss or
//! duplication, sends with mentions on non-ASCII text, the `409` after the
//! SDK's own retry of a send that landed, v4 edits, deletes and chats.

use std::collections::HashSet;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use groupme_fake::{FakeGroupMe, Fault, FaultPlan, FaultRule, ServerErrorStatus, demo};
use groupme_sdk::types::Attachment;
use groupme_sdk::{Client, MessageText, RetryPolicy};

use crate::support::{Env, client_for, ms};

const LIST_ROUTE: &str = "GET /v3/groups/{group_id}/messages";
const SEND_ROUTE: &str = "POST /v3/groups/{group_id}/messages";

fn ids(messages: &[groupme_sdk::types::Message]) -> Vec<String> {
    messages.iter().map(|message| message.id.clone()).collect()
}

#[tokio::test]
async fn a_whole_history_arrives_in_each_cursors_order() {
    let env = Env::start().await;
    env.state().generate_history(demo::GROUP_ID, 1234).unwrap();
    let oldest_first = ids(&env.state().messages(demo::GROUP_ID));
    let client = env.client();
    let messages = client.group(demo::GROUP_ID).messages();

    let history = messages.history().collect_all().await.unwrap();
    let mut newest_first = oldest_first.clone();
    newest_first.reverse();
    assert_eq!(ids(&history), newest_first);

    let after = messages
        .after(oldest_first[0].as_str())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&after), oldest_first[1..]);

    let since = messages
        .since(oldest_first[1000].as_str())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&since), newest_first[..233]);

    let before = messages
        .before(oldest_first[10].as_str())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&before), newest_first[1224..]);
}

#[tokio::test]
async fn a_failure_in_the_middle_of_a_history_is_retried_without_loss_or_duplication() {
    let env = Env::start().await;
    env.state().generate_history(demo::GROUP_ID, 450).unwrap();
    let client = env.client();
    let mut history = client.group(demo::GROUP_ID).messages().history();
    // Take two pages, then make the next two requests fail.
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..200 {
        seen.push(history.try_next().await.unwrap().unwrap().id);
    }
    env.state().set_fault_plan(
        FaultPlan::new().rule(
            FaultRule::next(Fault::ServerError(ServerErrorStatus::BadGateway), 2)
                .on_route(LIST_ROUTE)
                .unwrap(),
        ),
    );
    while let Some(message) = history.try_next().await.unwrap() {
        seen.push(message.id);
    }

    assert_eq!(env.state().faults_injected(), 2);
    assert_eq!(seen.len(), 450);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 450, "no message twice");
    let mut expected = ids(&env.state().messages(demo::GROUP_ID));
    expected.reverse();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn a_failure_that_outlasts_the_retries_ends_the_stream_with_the_error() {
    let env = Env::start().await;
    env.state().generate_history(demo::GROUP_ID, 150).unwrap();
    env.state().set_fault_plan(
        FaultPlan::new().rule(
            FaultRule::next(Fault::ServerError(ServerErrorStatus::ServiceUnavailable), 10)
                .on_route(LIST_ROUTE)
                .unwrap(),
        ),
    );
    let client = env
        .client()
        .with_retry(RetryPolicy::standard().max_attempts(2).backoff(ms(1), ms(2)));

    let outcome: Vec<_> = client.group(demo::GROUP_ID).messages().history().collect().await;

    assert_eq!(outcome.len(), 1);
    assert_eq!(
        outcome[0].as_ref().unwrap_err().status().map(|s| s.as_u16()),
        Some(503)
    );
}

#[tokio::test]
async fn an_empty_conversation_is_an_empty_stream() {
    let env = Env::start().await;
    let client = env.client();
    assert!(
        client
            .group(demo::GROUP_ID)
            .messages()
            .history()
            .collect_all()
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        client
            .dm(demo::ALICE.id)
            .history()
            .collect_all()
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_sent_message_keeps_its_mentions_on_non_ascii_text() {
    let env = Env::start().await;
    let client = env.client();
    let text = MessageText::new()
        .push("¡Hola ")
        .mention(demo::ALICE.id, "@Álice 🌵")
        .push("! ")
        .mention(demo::BOB.id, "@Bob")
        .emoji(2, 14);

    let sent = client
        .group(demo::GROUP_ID)
        .messages()
        .send(text)
        .send()
        .await
        .unwrap();

    assert_eq!(sent.text.as_deref(), Some("¡Hola @Álice 🌵! @Bob\u{FFFD}"));
    let stored = env.state().message(demo::GROUP_ID, &sent.id).unwrap();
    let attachments = stored.attachments.unwrap();
    let Attachment::Mentions(mentions) = &attachments[0] else {
        panic!("{attachments:?}")
    };
    assert_eq!(mentions.user_ids, [demo::ALICE.id, demo::BOB.id]);
    // "¡Hola " is 6 units, "@Álice 🌵" 9 (the cactus takes two), "! " 2.
    assert_eq!(mentions.loci, [[6, 9], [17, 4]]);
    // Each locus picks out its label in UTF-16, as the apps read it.
    let utf16: Vec<u16> = stored.text.unwrap().encode_utf16().collect();
    let label = |[at, len]: [i64; 2]| String::from_utf16(&utf16[at as usize..(at + len) as usize]).unwrap();
    assert_eq!(label(mentions.loci[0]), "@Álice 🌵");
    assert_eq!(label(mentions.loci[1]), "@Bob");
    assert!(matches!(&attachments[1], Attachment::Emoji(emoji) if emoji.charmap == [[2, 14]]));
}

#[tokio::test]
async fn a_send_whose_answer_was_lost_is_retried_and_the_409_answered_with_the_message() {
    // A slow answer makes the client time out after the fake stored the
    // message; the retry meets the guid and a 409.
    let clock = groupme_fake::ManualClock::default();
    let fake = FakeGroupMe::builder()
        .clock(clock)
        .faults(
            FaultPlan::new().rule(
                FaultRule::next(
                    Fault::SlowBody {
                        delay: Duration::from_millis(400),
                    },
                    1,
                )
                .on_route(SEND_ROUTE)
                .unwrap(),
            ),
        )
        .start()
        .await
        .unwrap();
    let client = Client::builder(demo::TOKEN)
        .base_urls(fake.v3_url(), fake.v2_url())
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::standard().backoff(ms(1), ms(5)))
        .build()
        .unwrap();

    let sent = client
        .group(demo::GROUP_ID)
        .messages()
        .send("only once")
        .source_guid("retry-me")
        .send()
        .await
        .unwrap();

    let stored = fake.state().messages(demo::GROUP_ID);
    assert_eq!(stored.len(), 1, "posted once");
    assert_eq!(sent.id, stored[0].id);
    assert_eq!(sent.source_guid.as_deref(), Some("retry-me"));
    assert_eq!(fake.state().faults_injected(), 1);
}

#[tokio::test]
async fn a_repeated_guid_of_the_callers_own_is_a_409() {
    let env = Env::start().await;
    let client = env.client();
    let messages = client.group(demo::GROUP_ID).messages();
    messages.send("first").source_guid("same").send().await.unwrap();

    let err = messages
        .send("second")
        .source_guid("same")
        .send()
        .await
        .unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    assert_eq!(env.state().messages(demo::GROUP_ID).len(), 1);
}

#[tokio::test]
async fn v4_edits_and_v3_deletes_a_message() {
    let env = Env::start().await;
    let client = env.client();
    let group = client.group(demo::GROUP_ID);
    let sent = group.messages().send("draft").send().await.unwrap();

    let edited = group
        .message(sent.id.as_str())
        .edit("final")
        .send()
        .await
        .unwrap();
    assert_eq!(edited.text.as_deref(), Some("final"));
    assert!(edited.updated_at.is_some());
    assert_eq!(
        group
            .message(sent.id.as_str())
            .get()
            .await
            .unwrap()
            .text
            .as_deref(),
        Some("final")
    );

    group.message(sent.id.as_str()).delete().await.unwrap();
    assert!(env.state().message(demo::GROUP_ID, &sent.id).is_none());
    assert!(
        group
            .message(sent.id.as_str())
            .get()
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn direct_messages_and_chats_end_to_end() {
    let env = Env::start().await;
    let me = env.client();
    let alice = client_for(&env.fake, demo::ALICE.token);

    let first = me.dm(demo::ALICE.id).send("hi Alice").send().await.unwrap();
    alice.dm(demo::USER_ID).send("hi back").send().await.unwrap();
    let conversation = groupme_sdk::direct_conversation_id(demo::USER_ID, demo::ALICE.id);
    assert_eq!(first.conversation_id.as_deref(), Some(conversation.as_str()));

    let texts: Vec<String> = me
        .dm(demo::ALICE.id)
        .history()
        .map_ok(|message| message.text.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(texts, ["hi back", "hi Alice"]);
    let newer: Vec<_> = alice
        .dm(demo::USER_ID)
        .after(first.id.as_str())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(newer.len(), 1);

    let chats: Vec<_> = me.chats().list().try_collect().await.unwrap();
    assert_eq!(chats.len(), 1);
    assert_eq!(chats[0].messages_count, Some(2));
    let chat = me.chats().get(conversation.as_str()).await.unwrap();
    assert_eq!(chat.last_message.unwrap().text.as_deref(), Some("hi back"));

    me.dm(demo::ALICE.id)
        .messages()
        .delete(first.id.as_str())
        .await
        .unwrap();
    assert_eq!(env.state().messages(&conversation).len(), 1);
    me.chats().delete(conversation.as_str()).await.unwrap();
    assert!(
        me.chats()
            .list()
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_large_direct_history_streams_through_the_same_pager() {
    let env = Env::start().await;
    let conversation = env
        .state()
        .generate_direct_history(demo::USER_ID, demo::BOB.id, 520)
        .unwrap();
    let client = env.client();

    let history = client.dm(demo::BOB.id).history().collect_all().await.unwrap();

    assert_eq!(history.len(), 520);
    assert!(
        history
            .iter()
            .all(|m| m.conversation_id.as_deref() == Some(conversation.as_str()))
    );
}
