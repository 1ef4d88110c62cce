//! `groupme groups ...` against the fake, in human and JSON output, with
//! the exit codes of refusals and of values the wrapper refuses.

mod support;

use groupme_fake::MembershipState;
use groupme_fake::demo::{ALICE, BOB, FRANK, GROUP_ID, GROUP_NAME, OTHER_GROUP_ID, USER_ID};
use predicates::prelude::*;
use predicates::str::contains;

use support::{Fake, json};

#[test]
fn list_walks_every_page_in_a_table_or_json() {
    let fake = Fake::start();
    let state = fake.server.state();
    let extra: Vec<String> = ["Alpine", "Birders", "Cyclists"]
        .into_iter()
        .map(|name| state.create_group(name, USER_ID).unwrap())
        .collect();

    fake.run(&["groups", "list", "--per-page", "2"]).success().stdout(
        contains(GROUP_NAME)
            .and(contains("Alpine"))
            .and(contains("Cyclists")),
    );

    let groups = json(
        &fake
            .run(&["--json", "groups", "list", "--per-page", "2", "--omit-members"])
            .success(),
    );
    let ids: Vec<&str> = groups
        .as_array()
        .expect("a list")
        .iter()
        .map(|group| group["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [extra[2].as_str(), &extra[1], &extra[0], OTHER_GROUP_ID, GROUP_ID]
    );
    assert!(groups[0].get("members").is_none_or(serde_json::Value::is_null));
}

#[test]
fn show_create_update_and_destroy() {
    let fake = Fake::start();
    fake.run(&["groups", "show", GROUP_ID]).success().stdout(
        contains(GROUP_NAME)
            .and(contains("Membership ID"))
            .and(contains("Alice")),
    );

    let created = json(
        &fake
            .run(&[
                "--json",
                "groups",
                "create",
                "Chess Club",
                "--description",
                "Tuesdays",
                "--share",
            ])
            .success(),
    );
    let id = created["id"].as_str().expect("an id").to_owned();
    assert_eq!(created["creator_user_id"], USER_ID);
    assert!(
        created["share_url"]
            .as_str()
            .unwrap()
            .contains(&format!("/join_group/{id}/"))
    );

    fake.run(&[
        "groups",
        "update",
        &id,
        "--name",
        "Chess Club II",
        "--type",
        "closed",
        "--share",
        "off",
    ])
    .success()
    .stdout(
        contains("Updated group")
            .and(contains("Chess Club II"))
            .and(contains("closed")),
    );
    let group = fake.server.state().group(&id).unwrap();
    assert_eq!(group.share_url, None);

    fake.run(&["groups", "destroy", &id])
        .success()
        .stdout(contains(format!("Group {id} is disbanded.")));
    assert!(fake.server.state().group(&id).is_none());
}

#[test]
fn invalid_values_exit_2_and_refusals_exit_3() {
    let fake = Fake::start();
    let long = "n".repeat(141);
    fake.run(&["groups", "create", &long])
        .code(2)
        .stderr(contains("`name`").and(contains("1 to 140 characters")));
    fake.run(&["groups", "mute", GROUP_ID, "--minutes", "0"])
        .code(2)
        .stderr(contains("`duration`"));
    fake.run(&["groups", "destroy", OTHER_GROUP_ID])
        .code(3)
        .stderr(contains("hint:"));
    fake.run(&["groups", "show", "9999"]).code(3);
    assert!(fake.server.state().group(OTHER_GROUP_ID).is_some());
}

#[test]
fn join_former_rejoin_and_states() {
    let fake = Fake::start();
    let state = fake.server.state();
    let club = state.create_group("Book Club", ALICE.id).unwrap();
    let token = state.share_group(&club).unwrap();
    fake.run(&["groups", "join", &club, &token])
        .success()
        .stdout(contains("Joined group").and(contains("Book Club")));

    let left = state.create_group("Reading Room", ALICE.id).unwrap();
    let membership = state.add_member(&left, USER_ID, "Demo").unwrap();
    state
        .set_state(&left, &membership, MembershipState::Exited)
        .unwrap();
    fake.run(&["groups", "former"])
        .success()
        .stdout(contains("Reading Room"));
    let states = json(&fake.run(&["--json", "groups", "states"]).success());
    assert!(
        states
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["group_id"] == left.as_str() && entry["state"] == "exited")
    );
    fake.run(&["groups", "rejoin", &left])
        .success()
        .stdout(contains("Rejoined group"));
    fake.run(&["groups", "former"])
        .success()
        .stdout(contains("No groups."));
}

#[test]
fn transfer_reports_each_change_and_fails_if_any_was_not_made() {
    let fake = Fake::start();
    fake.run(&[
        "groups",
        "transfer",
        &format!("{OTHER_GROUP_ID}={}", BOB.id),
        &format!("{GROUP_ID}={}", FRANK.id),
    ])
    .code(3)
    .stdout(contains("403 (the caller does not own the group)").and(contains("404")))
    .stderr(contains("2 owner change(s) were not made"));

    let outcomes = json(
        &fake
            .run(&["--json", "groups", "transfer", &format!("{GROUP_ID}={}", BOB.id)])
            .success(),
    );
    assert_eq!(outcomes[0]["status"], "200");
    assert_eq!(outcomes[0]["changed"], true);
    let group = fake.server.state().group(GROUP_ID).unwrap();
    assert_eq!(group.creator_user_id.as_deref(), Some(BOB.id));
}

#[test]
fn mute_and_unmute_either_scope() {
    let fake = Fake::start();
    fake.run(&["groups", "mute", GROUP_ID, "--minutes", "30"])
        .success()
        .stdout(contains("muted (main chat) for 30 minute(s)"));
    let muted = json(
        &fake
            .run(&["--json", "groups", "mute", GROUP_ID, "--topics"])
            .success(),
    );
    assert_eq!(muted["muted_until"], 253_402_300_800_i64);
    assert_eq!(muted["topics"], true);
    fake.run(&["groups", "unmute", GROUP_ID, "--topics"])
        .success()
        .stdout(contains("on again (main chat and every topic)"));
    let member = fake
        .server
        .state()
        .memberships(GROUP_ID)
        .unwrap()
        .into_iter()
        .find(|member| member.user_id == USER_ID)
        .unwrap();
    assert_eq!(member.muted, Some(false));
}
