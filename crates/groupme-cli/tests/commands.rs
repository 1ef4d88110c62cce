//! Each command against the fake, in human and JSON output.

mod support;

use std::time::Duration;

use groupme_fake::demo::{
    ALICE_MEMBERSHIP_ID, BOB, BOB_MEMBERSHIP_ID, DAVE_REQUEST_ID, ERIN_REQUEST_ID, FRANK, GRACE, GROUP_ID,
    MALLORY, USER_ID,
};
use groupme_fake::{FakeGroupMe, ManualClock};
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

use support::{Fake, json};

/// The membership of `user_id` in the demo group, as the fake holds it.
fn membership_of(fake: &Fake, user_id: &str) -> Option<groupme_sdk::types::Member> {
    fake.server
        .state()
        .memberships(GROUP_ID)
        .expect("demo group")
        .into_iter()
        .find(|member| member.user_id == user_id)
}

#[test]
fn me_prints_a_table_or_json() {
    let fake = Fake::start();
    fake.run(&["me"]).success().stdout(
        contains("Demo User")
            .and(contains("demo@example.com"))
            .and(contains("User ID")),
    );

    let me = json(&fake.run(&["--json", "me"]).success());
    assert_eq!(me["id"], USER_ID);
    assert_eq!(me["name"], "Demo User");
    assert_eq!(me["email"], "demo@example.com");
}

#[test]
fn members_list_shows_membership_and_user_ids() {
    let fake = Fake::start();
    fake.run(&["members", "list", GROUP_ID]).success().stdout(
        contains("Membership ID")
            .and(contains("Alice"))
            .and(contains(ALICE_MEMBERSHIP_ID)),
    );

    let members = json(&fake.run(&["members", "list", GROUP_ID, "--json"]).success());
    let bob = members
        .as_array()
        .expect("a list")
        .iter()
        .find(|member| member["nickname"] == "Bob")
        .expect("Bob is listed");
    assert_eq!(bob["id"], BOB_MEMBERSHIP_ID);
    assert_eq!(bob["user_id"], BOB.id);
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .all(|member| member["state"] == "active"),
        "{members}"
    );

    let former = json(
        &fake
            .run(&["members", "list", GROUP_ID, "--inactive", "--json"])
            .success(),
    );
    let states: Vec<&str> = former
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["state"].as_str())
        .collect();
    assert!(!states.is_empty() && !states.contains(&"active"), "{former}");
}

#[test]
fn members_add_reports_who_was_not_added() {
    let fake = Fake::start();
    let frank = format!("Frank={}", FRANK.phone_number.unwrap());
    let grace = format!("Grace={}", GRACE.email);
    fake.run(&[
        "members",
        "add",
        GROUP_ID,
        "--phone",
        &frank,
        "--email",
        &grace,
        "--user",
        "Ghost=9999",
    ])
    .success()
    .stdout(
        contains("Added 2 of 3")
            .and(contains("NOT added (1)"))
            .and(contains("Ghost"))
            .and(contains("user id 9999")),
    );
    assert_eq!(
        membership_of(&fake, FRANK.id).and_then(|m| m.state).as_deref(),
        Some("active")
    );
    assert_eq!(
        membership_of(&fake, GRACE.id).map(|m| m.nickname).as_deref(),
        Some("Grace")
    );
}

#[test]
fn members_add_json_pairs_requests_with_memberships() {
    let fake = Fake::start();
    let grace = format!("Grace={}", GRACE.email);
    let mallory = format!("Mallory={}", MALLORY.id);
    let report = json(
        &fake
            .run(&[
                "--json", "members", "add", GROUP_ID, "--email", &grace, "--user", &mallory,
            ])
            .success(),
    );
    assert_eq!(report["group_id"], GROUP_ID);
    assert!(
        report["results_id"].as_str().is_some_and(|id| !id.is_empty()),
        "{report}"
    );

    let added = report["added"].as_array().expect("added");
    assert_eq!(added.len(), 1, "{report}");
    assert_eq!(added[0]["nickname"], "Grace");
    assert_eq!(added[0]["email"], GRACE.email);
    assert_eq!(added[0]["membership"]["user_id"], GRACE.id);
    assert_eq!(added[0]["membership"]["guid"], added[0]["guid"]);
    let membership_id = added[0]["membership"]["id"].as_str().expect("membership id");
    assert_eq!(
        membership_of(&fake, GRACE.id).map(|m| m.id).as_deref(),
        Some(membership_id)
    );

    // Mallory is banned: GroupMe leaves her out of the results.
    let not_added = report["not_added"].as_array().expect("not_added");
    assert_eq!(not_added.len(), 1, "{report}");
    assert_eq!(not_added[0]["nickname"], "Mallory");
    assert_eq!(not_added[0]["user_id"], MALLORY.id);
    assert!(not_added[0]["guid"].as_str().is_some_and(|guid| !guid.is_empty()));
}

#[test]
fn an_add_without_waiting_is_looked_at_later_until_its_results_expire() {
    let clock = ManualClock::default();
    let fake = Fake::with(
        FakeGroupMe::builder()
            .clock(clock.clone())
            .results_delay(Duration::from_secs(5))
            .results_expiry(Duration::from_secs(3600)),
    );
    let grace = format!("Grace={}", GRACE.email);
    let started = json(
        &fake
            .run(&[
                "--json",
                "members",
                "add",
                GROUP_ID,
                "--email",
                &grace,
                "--no-wait",
            ])
            .success(),
    );
    let results_id = started["results_id"].as_str().expect("results id").to_owned();
    assert_eq!(started["requested"][0]["nickname"], "Grace");

    let pending = json(
        &fake
            .run(&["--json", "members", "results", GROUP_ID, &results_id])
            .code(5),
    );
    assert_eq!(pending, serde_json::json!({ "ready": false }));
    fake.run(&["members", "results", GROUP_ID, &results_id])
        .code(5)
        .stdout(contains("Not ready yet"))
        .stderr(contains("--wait"));

    clock.advance(Duration::from_secs(6));
    let ready = json(
        &fake
            .run(&["--json", "members", "results", GROUP_ID, &results_id])
            .success(),
    );
    assert_eq!(ready["ready"], true);
    assert_eq!(ready["members"][0]["user_id"], GRACE.id);
    assert_eq!(ready["members"][0]["guid"], started["requested"][0]["guid"]);

    clock.advance(Duration::from_secs(3600));
    fake.run(&["members", "results", GROUP_ID, &results_id])
        .code(3)
        .stderr(contains("start again"));
}

#[test]
fn nickname_remove_and_ban() {
    let fake = Fake::start();
    let member = json(
        &fake
            .run(&["--json", "members", "nick", GROUP_ID, "Boss"])
            .success(),
    );
    assert_eq!(member["nickname"], "Boss");
    assert_eq!(
        membership_of(&fake, USER_ID).map(|m| m.nickname).as_deref(),
        Some("Boss")
    );

    fake.run(&["members", "remove", GROUP_ID, BOB_MEMBERSHIP_ID])
        .success()
        .stdout(contains(format!("Removed membership {BOB_MEMBERSHIP_ID}")));
    assert_eq!(
        membership_of(&fake, BOB.id).and_then(|m| m.state).as_deref(),
        Some("removed")
    );

    let banned = json(
        &fake
            .run(&["--json", "members", "ban", GROUP_ID, "--user", BOB.id])
            .success(),
    );
    assert_eq!(banned["membership_id"], BOB_MEMBERSHIP_ID);
    assert_eq!(banned["banned"], true);
    assert!(fake.server.state().is_banned(GROUP_ID, BOB.id).unwrap());
}

#[test]
fn pending_requests_are_listed_approved_and_denied() {
    let fake = Fake::start();
    fake.run(&["pending", "list", GROUP_ID])
        .success()
        .stdout(contains("What brings you to this group?").and(contains("I run the boathouse schedule.")));
    let requests = json(&fake.run(&["--json", "pending", "list", GROUP_ID]).success());
    let ids: Vec<&str> = requests
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, [DAVE_REQUEST_ID, ERIN_REQUEST_ID]);

    let approved = json(
        &fake
            .run(&["--json", "pending", "approve", GROUP_ID, DAVE_REQUEST_ID])
            .success(),
    );
    assert_eq!(approved["membership_id"].to_string(), DAVE_REQUEST_ID);
    assert_eq!(approved["state"], "active");

    let denied = json(
        &fake
            .run(&["--json", "pending", "deny", GROUP_ID, "--all"])
            .success(),
    );
    assert_eq!(denied["decided"][0]["membership_id"].to_string(), ERIN_REQUEST_ID);
    assert_eq!(denied["decided"][0]["state"], "denied");
    assert_eq!(denied["failed"], Value::Array(Vec::new()));

    fake.run(&["pending", "list", GROUP_ID])
        .success()
        .stdout(contains("No pending requests."));
}

#[test]
fn profile_updates_through_v3_and_v2() {
    let fake = Fake::start();
    let user = json(
        &fake
            .run(&[
                "--json",
                "profile",
                "update",
                "--name",
                "Kestrel Vance",
                "--zip-code",
                "92145",
            ])
            .success(),
    );
    assert_eq!(user["name"], "Kestrel Vance");
    assert_eq!(user["zip_code"], "92145");

    let photos = [
        "https://i.groupme.com/1",
        "https://i.groupme.com/2",
        "https://i.groupme.com/3",
    ];
    fake.run(&[
        "profile",
        "update-extended",
        "--bio",
        "Out on the water most weekends.",
        "--photo-url",
        photos[0],
        "--photo-url",
        photos[1],
        "--photo-url",
        photos[2],
        "--interest",
        "1005",
        "--disable-favorite-notification",
        "true",
    ])
    .success()
    .stdout(
        contains("Out on the water most weekends.")
            .and(contains(photos[2]))
            .and(contains("1005")),
    );
    let profile = fake.server.state().profile(USER_ID).expect("profile");
    assert_eq!(profile.bio.as_deref(), Some("Out on the water most weekends."));
    assert_eq!(profile.disable_favorite_notification, Some(true));
}

#[test]
fn sms_share_and_directory() {
    let fake = Fake::start();
    let on = json(&fake.run(&["--json", "sms", "on", "--always"]).success());
    assert_eq!(on, serde_json::json!({ "sms_mode": "on", "duration": "always" }));
    assert_eq!(fake.server.state().user(USER_ID).and_then(|u| u.sms), Some(true));
    fake.run(&["sms", "off"])
        .success()
        .stdout(contains("SMS mode is off"));
    assert_eq!(fake.server.state().user(USER_ID).and_then(|u| u.sms), Some(false));

    let first = json(&fake.run(&["--json", "share", "on"]).success());
    let first_url = first["share_url"].as_str().expect("a share link").to_owned();
    let off = json(&fake.run(&["--json", "share", "off"]).success());
    assert!(off.get("share_url").is_none_or(Value::is_null), "{off}");
    let second = json(&fake.run(&["--json", "share", "on"]).success());
    assert_ne!(second["share_url"].as_str(), Some(first_url.as_str()));

    let codes = json(
        &fake
            .run(&["--json", "directory", "majors", "3702", "5506"])
            .success(),
    );
    assert_eq!(codes, serde_json::json!(["3702", "5506"]));
    let membership = json(
        &fake
            .run(&[
                "--json",
                "directory",
                "membership",
                "--visibility",
                "graduation_year",
                "--year",
                "2027",
            ])
            .success(),
    );
    assert_eq!(membership["campus_profile_visibility"], "graduation_year");
    assert_eq!(membership["graduation_year"], "2027");

    // What is left out stays; `--clear-year` removes the year.
    let hidden = json(
        &fake
            .run(&["--json", "directory", "membership", "--visibility", "hidden"])
            .success(),
    );
    assert_eq!(hidden["campus_profile_visibility"], "hidden");
    assert_eq!(hidden["graduation_year"], "2027");
    let cleared = json(
        &fake
            .run(&["--json", "directory", "membership", "--clear-year"])
            .success(),
    );
    assert_eq!(cleared["campus_profile_visibility"], "hidden");
    assert!(
        cleared.get("graduation_year").is_none_or(Value::is_null),
        "{cleared}"
    );
    fake.run(&["directory", "membership", "--year", "2028", "--clear-year"])
        .failure();
}
