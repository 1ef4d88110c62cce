//! Likes, reactions, the like leaderboard, pins, the gallery and read
//! receipts end to end, through the wrapper against the fake's message
//! store.

use futures::TryStreamExt;
use groupme_fake::demo;
use groupme_sdk::ReactionEmoji;
use groupme_sdk::types::LikePeriod;
use groupme_sdk::types::attachment::Image;
use groupme_tests::TestResult;

use crate::support::Env;

#[tokio::test]
async fn likes_and_reactions_reach_the_store_and_the_leaderboard() -> TestResult {
    let env = Env::start().await;
    let posted = env
        .state()
        .post_message(demo::GROUP_ID, demo::ALICE.id, "Summit")?;
    let quiet = env
        .state()
        .post_message(demo::GROUP_ID, demo::ALICE.id, "Nobody cares")?;
    let me = env.client();
    let bob = env.client_as(demo::BOB.token);
    let group = me.group(demo::GROUP_ID);

    group.message(posted.as_str()).like().await?;
    bob.group(demo::GROUP_ID)
        .messages()
        .message(posted.as_str())
        .react(ReactionEmoji::unicode("🎉"))
        .await?;
    bob.group(demo::GROUP_ID)
        .message(posted.as_str())
        .react(ReactionEmoji::powerup(1, 5))
        .await?;

    let stored = env.state().message(demo::GROUP_ID, &posted).expect("the message");
    assert_eq!(
        stored.favorited_by,
        Some(vec![demo::USER_ID.to_owned(), demo::BOB.id.to_owned()])
    );
    let reactions = stored.reactions.unwrap_or_default();
    assert_eq!(reactions.len(), 1, "Bob's powerup replaced his 🎉: {reactions:?}");
    assert_eq!(
        (reactions[0].pack_id, reactions[0].pack_index),
        (Some(1), Some(5))
    );

    let board = group.likes().leaderboard(LikePeriod::Day).await?;
    assert_eq!(
        board.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        [posted.as_str()]
    );
    let mine = group.likes().mine().await?;
    assert_eq!(mine[0].id, posted);
    assert!(mine[0].liked_at.is_some());
    let alice = env.client_as(demo::ALICE.token);
    let for_alice = alice.group(demo::GROUP_ID).likes().for_me().await?;
    assert_eq!(
        for_alice.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        [posted.as_str()]
    );
    assert!(!for_alice.iter().any(|m| m.id == quiet));

    group.message(posted.as_str()).unlike().await?;
    let stored = env.state().message(demo::GROUP_ID, &posted).expect("the message");
    assert_eq!(stored.favorited_by, Some(vec![demo::BOB.id.to_owned()]));
    Ok(())
}

#[tokio::test]
async fn pins_in_groups_and_direct_conversations() -> TestResult {
    let env = Env::start().await;
    let posted = env
        .state()
        .post_message(demo::GROUP_ID, demo::ALICE.id, "Meet at six")?;
    let chat = env
        .state()
        .direct_conversation_id(demo::USER_ID, demo::ALICE.id)
        .expect("both are users");
    let whisper = env.state().post_message(&chat, demo::ALICE.id, "psst")?;
    let client = env.client();
    let group = client.group(demo::GROUP_ID);

    group.messages().message(posted.as_str()).pin().await?;
    let again = group.messages().message(posted.as_str()).pin().await.unwrap_err();
    assert_eq!(again.status().map(|s| s.as_u16()), Some(400), "{again:?}");
    let pins = group.pins().await?;
    assert_eq!(pins.len(), 1);
    assert_eq!(pins[0].pinned_by.as_deref(), Some(demo::USER_ID));

    let dm = client.dm(demo::ALICE.id);
    dm.message(whisper.as_str()).pin().await?;
    assert_eq!(dm.pins().await?.len(), 1);
    dm.message(whisper.as_str()).unpin().await?;
    assert!(dm.pins().await?.is_empty());
    let missing = dm.message(whisper.as_str()).unpin().await.unwrap_err();
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(400), "{missing:?}");
    Ok(())
}

#[tokio::test]
async fn the_gallery_streams_image_messages_newest_first_across_pages() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let messages = client.group(demo::GROUP_ID).messages();
    let mut expected = Vec::new();
    for i in 0..5 {
        let photo = messages
            .send(format!("photo {i}"))
            .attachment(Image {
                url: format!("https://i.groupme.com/{i}"),
            })
            .send()
            .await?;
        expected.push(photo.id);
        messages.send(format!("words {i}")).send().await?;
    }
    expected.reverse();

    let gallery: Vec<_> = client
        .group(demo::GROUP_ID)
        .gallery()
        .per_page(2)
        .stream()
        .try_collect()
        .await?;

    assert_eq!(gallery.into_iter().map(|m| m.id).collect::<Vec<_>>(), expected);
    Ok(())
}

#[tokio::test]
async fn read_receipts_only_move_forward() -> TestResult {
    let env = Env::start().await;
    let chat = env
        .state()
        .direct_conversation_id(demo::USER_ID, demo::ALICE.id)
        .expect("both are users");
    let first = env.state().post_message(&chat, demo::ALICE.id, "one")?;
    let second = env.state().post_message(&chat, demo::ALICE.id, "two")?;
    let client = env.client();
    let dm = client.dm(demo::ALICE.id);

    let receipt = dm.mark_read(second.as_str()).await?;
    assert_eq!(receipt.message_id.as_deref(), Some(second.as_str()));
    assert_eq!(receipt.chat_id.as_deref(), Some(chat.as_str()));
    let receipt = dm.mark_read(first.as_str()).await?;
    assert_eq!(
        receipt.message_id.as_deref(),
        Some(second.as_str()),
        "never backwards"
    );
    Ok(())
}

#[tokio::test]
async fn a_direct_conversation_has_its_own_gallery() -> TestResult {
    let env = Env::start().await;
    let chat = env
        .state()
        .direct_conversation_id(demo::USER_ID, demo::ALICE.id)
        .expect("both are users");
    let photo = env.state().post_message(&chat, demo::ALICE.id, "look")?;
    env.state().post_message(&chat, demo::ALICE.id, "words only")?;
    let image = Image {
        url: "https://i.groupme.com/dm".to_owned(),
    };
    assert!(env.state().attach(&chat, &photo, image.into()));
    env.state()
        .post_message(demo::GROUP_ID, demo::ALICE.id, "elsewhere")
        .map(|id| {
            env.state().attach(
                demo::GROUP_ID,
                &id,
                Image {
                    url: "https://i.groupme.com/g".to_owned(),
                }
                .into(),
            )
        })?;
    let client = env.client();

    let gallery: Vec<_> = client.dm(demo::ALICE.id).gallery().stream().try_collect().await?;

    assert_eq!(gallery.into_iter().map(|m| m.id).collect::<Vec<_>>(), [photo]);
    Ok(())
}
