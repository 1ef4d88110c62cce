//! `groupme like`, `unlike`, `pins`, `leaderboard`, `gallery` and
//! `mark-read` against the fake, in human and JSON output.

mod support;

use groupme_fake::demo::{ALICE, GROUP_ID, USER_ID};
use groupme_sdk::types::attachment::Image;
use predicates::prelude::*;
use predicates::str::contains;

use support::{Fake, json};

#[test]
fn like_react_and_unlike_change_the_message() {
    let fake = Fake::start();
    let state = fake.server.state();
    let message = state.post_message(GROUP_ID, ALICE.id, "Summit at noon").unwrap();

    fake.run(&["like", GROUP_ID, &message])
        .success()
        .stdout(contains(format!("Liked message {message}.")));
    fake.run(&["like", GROUP_ID, &message, "--emoji", "🔥"])
        .success()
        .stdout(contains("Reacted 🔥"));
    let shown = state.message(GROUP_ID, &message).unwrap();
    assert_eq!(shown.favorited_by, Some(vec![USER_ID.to_owned()]));
    assert_eq!(shown.reactions.unwrap()[0].code.as_deref(), Some("🔥"));

    fake.run(&["leaderboard", GROUP_ID, "--period", "day"])
        .success()
        .stdout(contains("Summit at noon").and(contains("1 (🔥×1)")));

    // An emoji GroupMe refuses is a usage error, and nothing changes.
    fake.run(&["like", GROUP_ID, &message, "--emoji", "🐙"])
        .code(2)
        .stderr(contains("like_icon.code"));

    fake.run(&["unlike", GROUP_ID, &message]).success();
    let shown = state.message(GROUP_ID, &message).unwrap();
    assert_eq!(shown.favorited_by, Some(vec![]));
    let mine = json(&fake.run(&["--json", "leaderboard", GROUP_ID, "--mine"]).success());
    assert_eq!(mine, serde_json::json!([]));
}

#[test]
fn pins_list_pin_and_unpin_in_groups_and_dms() {
    let fake = Fake::start();
    let state = fake.server.state();
    let message = state.post_message(GROUP_ID, ALICE.id, "Gate code 4417").unwrap();

    fake.run(&["pins", "pin", GROUP_ID, &message])
        .success()
        .stdout(contains("Pinned"));
    fake.run(&["pins", "pin", GROUP_ID, &message]).failure();
    fake.run(&["pins", "list", GROUP_ID])
        .success()
        .stdout(contains("Gate code 4417").and(contains(USER_ID)));
    let listed = json(&fake.run(&["--json", "pins", "list", GROUP_ID]).success());
    assert_eq!(listed[0]["id"], message.as_str());
    fake.run(&["pins", "unpin", GROUP_ID, &message]).success();
    fake.run(&["pins", "list", GROUP_ID])
        .success()
        .stdout(contains("No messages."));

    let chat = state.direct_conversation_id(USER_ID, ALICE.id).unwrap();
    let whisper = state.post_message(&chat, ALICE.id, "psst").unwrap();
    fake.run(&["pins", "pin", "--dm", ALICE.id, &whisper]).success();
    let listed = json(&fake.run(&["--json", "pins", "list", "--dm", ALICE.id]).success());
    assert_eq!(listed[0]["id"], whisper.as_str());

    let receipt = json(&fake.run(&["--json", "mark-read", ALICE.id, &whisper]).success());
    assert_eq!(receipt["message_id"], whisper.as_str());
    assert_eq!(receipt["chat_id"], chat.as_str());
}

#[test]
fn gallery_lists_only_messages_with_images() {
    let fake = Fake::start();
    let state = fake.server.state();
    for (i, attach) in [true, false, true].into_iter().enumerate() {
        let id = state
            .post_message(GROUP_ID, ALICE.id, &format!("post {i}"))
            .unwrap();
        if attach {
            let photo = Image {
                url: format!("https://i.groupme.com/{i}"),
            };
            assert!(state.attach(GROUP_ID, &id, photo.into()));
        }
    }

    fake.run(&["gallery", GROUP_ID, "--per-page", "1"])
        .success()
        .stdout(
            contains("post 2")
                .and(contains("post 0"))
                .and(contains("post 1").not()),
        );
    let shots = json(&fake.run(&["--json", "gallery", GROUP_ID, "--max", "1"]).success());
    assert_eq!(shots.as_array().map(Vec::len), Some(1));
    assert_eq!(shots[0]["text"], "post 2");
}
