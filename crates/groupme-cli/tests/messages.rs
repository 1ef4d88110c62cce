//! `groupme messages|dm|chats|export` against the fake: each cursor,
//! `--all`, sends with mentions, direct messages, chats and a JSON Lines
//! export under a rate limit.

mod support;

use std::time::{Duration, Instant};

use groupme_fake::FakeGroupMe;
use groupme_fake::demo::{ALICE, GROUP_ID, USER_ID};
use groupme_sdk::types::Attachment;
use predicates::prelude::*;
use predicates::str::contains;

use support::{Fake, json};

fn with_history(count: u64) -> Fake {
    Fake::with(FakeGroupMe::builder().messages(count))
}

fn ids(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_array()
        .expect("a list of messages")
        .iter()
        .map(|message| message["id"].as_str().unwrap())
        .collect()
}

#[test]
fn list_follows_each_cursor_and_all_walks_every_page() {
    let fake = with_history(230);
    let oldest_first: Vec<String> = fake
        .server
        .state()
        .messages(GROUP_ID)
        .into_iter()
        .map(|message| message.id)
        .collect();

    fake.run(&["messages", "list", GROUP_ID, "--limit", "2"])
        .success()
        .stdout(contains("Generated message 230 of 230").and(contains("Generated message 229 of 230")));

    let newest = json(
        &fake
            .run(&["--json", "messages", "list", GROUP_ID, "--limit", "3"])
            .success(),
    );
    assert_eq!(
        ids(&newest),
        [
            oldest_first[229].as_str(),
            oldest_first[228].as_str(),
            oldest_first[227].as_str()
        ]
    );
    let after = json(
        &fake
            .run(&[
                "--json",
                "messages",
                "list",
                GROUP_ID,
                "--after",
                &oldest_first[10],
                "--limit",
                "2",
            ])
            .success(),
    );
    assert_eq!(
        ids(&after),
        [oldest_first[11].as_str(), oldest_first[12].as_str()]
    );
    let since = json(
        &fake
            .run(&[
                "--json",
                "messages",
                "list",
                GROUP_ID,
                "--since",
                &oldest_first[10],
                "--limit",
                "2",
            ])
            .success(),
    );
    assert_eq!(
        ids(&since),
        [oldest_first[229].as_str(), oldest_first[228].as_str()]
    );
    let before = json(
        &fake
            .run(&[
                "--json",
                "messages",
                "list",
                GROUP_ID,
                "--before",
                &oldest_first[2],
                "--all",
            ])
            .success(),
    );
    assert_eq!(ids(&before), [oldest_first[1].as_str(), oldest_first[0].as_str()]);
    let all = json(
        &fake
            .run(&["--json", "messages", "list", GROUP_ID, "--all"])
            .success(),
    );
    assert_eq!(ids(&all).len(), 230);

    // One cursor at a time.
    fake.run(&["messages", "list", GROUP_ID, "--after", "1", "--since", "2"])
        .code(2);
}

#[test]
fn send_places_mentions_on_the_at_words() {
    let fake = Fake::start();
    let sent = json(
        &fake
            .run(&[
                "--json",
                "messages",
                "send",
                GROUP_ID,
                "Hé @Alice, ça va? 👋",
                "--mention",
                ALICE.id,
            ])
            .success(),
    );
    let stored = fake
        .server
        .state()
        .message(GROUP_ID, sent["id"].as_str().unwrap())
        .unwrap();
    let attachments = stored.attachments.unwrap();
    let Attachment::Mentions(mentions) = &attachments[0] else {
        panic!("{attachments:?}")
    };
    assert_eq!(mentions.user_ids, [ALICE.id]);
    assert_eq!(mentions.loci, [[3, 7]]);

    // A --mention without an @word is refused before sending.
    fake.run(&["messages", "send", GROUP_ID, "nobody here", "--mention", ALICE.id])
        .failure()
        .stderr(contains("--mention"));
    assert_eq!(fake.server.state().messages(GROUP_ID).len(), 1);
    // So is a text over 1,000 characters.
    let long = "x".repeat(1001);
    fake.run(&["messages", "send", GROUP_ID, &long])
        .failure()
        .stderr(contains("text"));
}

#[test]
fn dm_and_chats() {
    let fake = Fake::start();
    fake.run(&["dm", "send", ALICE.id, "Lunch?"])
        .success()
        .stdout(contains("Sent message"));
    fake.run(&["dm", "list", ALICE.id])
        .success()
        .stdout(contains("Lunch?"));
    fake.run(&["chats"])
        .success()
        .stdout(contains("Alice").and(contains("Lunch?")));
    let chats = json(&fake.run(&["--json", "chats"]).success());
    assert_eq!(chats[0]["other_user"]["id"], ALICE.id);
    assert!(
        fake.server
            .state()
            .direct_conversation_id(USER_ID, ALICE.id)
            .is_some()
    );
}

#[test]
fn export_writes_json_lines_newest_first_and_honours_the_rate() {
    let fake = with_history(1000);
    let dir = std::env::temp_dir().join(format!("groupme-cli-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("history.jsonl");

    let started = Instant::now();
    // 1 group read + 10 pages + the closing 304 = 12 requests at 4 a second.
    fake.run(&["export", GROUP_ID, "--out", file.to_str().unwrap(), "--rate", "4"])
        .success()
        .stdout(contains("Exported 1000 messages"));
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1000);
    assert_eq!(lines[0]["text"], "Generated message 1000 of 1000");
    assert_eq!(lines[999]["text"], "Generated message 1 of 1000");

    // To stdout without --out: nothing but the lines.
    let out = fake.run(&["export", GROUP_ID]).success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 1000);
    std::fs::remove_dir_all(&dir).unwrap();
}
