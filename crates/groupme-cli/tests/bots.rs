//! `groupme bots|bot|images|files ...` against the fake: bots managed with
//! the token, posts without it, uploads of real files, and input the
//! wrapper refuses (exit code 2) with nothing sent.

mod support;

use groupme_fake::demo::GROUP_ID;
use predicates::prelude::*;
use predicates::str::contains;

use support::{Fake, json};

/// A file in a scratch folder of this test process under the temp directory.
fn scratch_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("groupme-cli-bots-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn bots_are_created_listed_posted_as_and_destroyed() {
    let fake = Fake::start();
    let created = json(
        &fake
            .run(&[
                "--json",
                "bots",
                "create",
                GROUP_ID,
                "Owl",
                "--callback-url",
                "https://owl.example.org/",
            ])
            .success(),
    );
    let bot_id = created["bot_id"].as_str().unwrap().to_owned();
    fake.run(&["bots", "list"])
        .success()
        .stdout(contains("Owl").and(contains(bot_id.as_str())));

    // No token at all for a bot post.
    fake.run_media(false, &["bot", "post", &bot_id, "hoot hoot"])
        .success()
        .stdout(contains("Posted."));
    let long = "word ".repeat(300);
    fake.run_media(false, &["bot", "post", &bot_id, &long])
        .code(2)
        .stderr(contains("text").and(contains("1000")));
    fake.run_media(false, &["bot", "post", &bot_id, &long, "--split"])
        .success()
        .stdout(contains("Posted in 2 parts."));
    let texts: Vec<String> = fake
        .server
        .state()
        .delivered_messages(GROUP_ID)
        .into_iter()
        .map(|m| m.text.unwrap())
        .collect();
    assert_eq!(texts.len(), 3, "the refused post was not sent: {texts:?}");
    assert_eq!(texts[1..].concat(), long);

    fake.run(&["bots", "destroy", &bot_id]).success();
    fake.run(&["bots", "list"]).success().stdout(contains("No bots."));
}

#[test]
fn a_bot_post_with_an_image_uploads_it_first() {
    let fake = Fake::start();
    let bot = fake.run(&["--json", "bots", "create", GROUP_ID, "Owl"]).success();
    let bot_id = json(&bot)["bot_id"].as_str().unwrap().to_owned();
    let picture = scratch_file("owl.png", &[0x89, b'P', b'N', b'G', 1, 2, 3]);
    fake.run_media(
        true,
        &[
            "bot",
            "post",
            &bot_id,
            "look",
            "--image",
            picture.to_str().unwrap(),
        ],
    )
    .success();
    let message = fake.server.state().delivered_messages(GROUP_ID).remove(0);
    let groupme_sdk::types::Attachment::Image(image) = &message.attachments.unwrap()[0] else {
        panic!("an image attachment");
    };
    let url = image.url.clone();
    assert!(url.starts_with(&fake.server.image_url()), "{url}");
}

#[test]
fn images_and_files_upload_and_bad_ones_are_refused_before_sending() {
    let fake = Fake::start();
    let picture = scratch_file("pic.jpg", &vec![7u8; 2_000_000]);
    let url = json(
        &fake
            .run_media(true, &["--json", "images", "upload", picture.to_str().unwrap()])
            .success(),
    );
    assert!(url["url"].as_str().unwrap().contains("/image/i/"));

    let notes = scratch_file("notes.txt", b"meeting at noon");
    let file = json(
        &fake
            .run_media(
                true,
                &["--json", "files", "upload", GROUP_ID, notes.to_str().unwrap()],
            )
            .success(),
    );
    assert!(!file["file_id"].as_str().unwrap().is_empty());

    let tiff = scratch_file("scan.tiff", &[1, 2, 3]);
    fake.run_media(true, &["images", "upload", tiff.to_str().unwrap()])
        .code(2)
        .stderr(contains("content_type").and(contains("image/png")));
    let empty = scratch_file("empty.png", &[]);
    fake.run_media(true, &["images", "upload", empty.to_str().unwrap()])
        .code(2)
        .stderr(contains("body"));
    let empty_file = scratch_file("empty.txt", &[]);
    fake.run_media(true, &["files", "upload", GROUP_ID, empty_file.to_str().unwrap()])
        .code(2)
        .stderr(contains("body"));
}
