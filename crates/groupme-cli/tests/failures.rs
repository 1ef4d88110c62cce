//! Exit codes and advice for each kind of failure; the token never shows.

mod support;

use groupme_fake::demo::{FRANK, GROUP_ID, OTHER_GROUP_ID, TOKEN};
use predicates::prelude::*;
use predicates::str::contains;

use support::{Fake, checked, closed_port_urls, groupme, json, run_at};

#[test]
fn help_documents_the_exit_codes_and_hides_the_token() {
    let mut cmd = groupme();
    cmd.env("GROUPME_TOKEN", TOKEN).arg("--help");
    checked(cmd).success().stdout(
        contains("Exit codes:")
            .and(contains("2  usage or validation error"))
            .and(contains("3  GroupMe said no"))
            .and(contains("4  network")),
    );
}

#[test]
fn usage_errors_exit_2() {
    let fake = Fake::start();
    // A member to remove must be named.
    fake.run(&["members", "remove", GROUP_ID])
        .code(2)
        .stderr(contains("required"));
    // Members to add are NICKNAME=VALUE.
    fake.run(&["members", "add", GROUP_ID, "--email", "dana@example.org"])
        .code(2)
        .stderr(contains("NICKNAME=VALUE"));
    fake.run(&["sms", "on", "--hours", "4", "--always"]).code(2);
}

#[test]
fn a_missing_token_exits_2_and_says_how_to_set_it() {
    let fake = Fake::start();
    let mut cmd = groupme();
    cmd.args(["--v3-url", &fake.server.v3_url(), "me"]);
    checked(cmd).code(2).stderr(contains("set GROUPME_TOKEN"));
}

#[test]
fn a_refusal_exits_3_with_advice() {
    let fake = Fake::start();
    // The demo user is a plain member of the other group.
    fake.run(&["members", "list", OTHER_GROUP_ID]).code(3).stderr(
        contains("401")
            .and(contains("GroupMe refused the token or your rights in this group"))
            .and(contains(
                "check GROUPME_TOKEN, and that you are an owner or admin",
            )),
    );
    // Deciding requests there fails one by one; the summary says so.
    let request = fake
        .server
        .state()
        .add_join_request(OTHER_GROUP_ID, FRANK.id, "Frank")
        .expect("request filed");
    let report = json(
        &fake
            .run(&["--json", "pending", "approve", OTHER_GROUP_ID, "--all"])
            .code(3)
            .stderr(contains("1 request(s) could not be decided")),
    );
    assert_eq!(report["decided"], serde_json::json!([]));
    assert_eq!(report["failed"][0]["membership_id"], request);
    assert!(
        report["failed"][0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("401")),
        "{report}"
    );

    let mut wrong_token = groupme();
    wrong_token
        .env("GROUPME_TOKEN", "not-a-token")
        .args(["--v3-url", &fake.server.v3_url(), "me"]);
    checked(wrong_token)
        .code(3)
        .stderr(contains("check GROUPME_TOKEN"));

    fake.run(&["members", "remove", GROUP_ID, "424242"])
        .code(3)
        .stderr(contains("membership ids differ from user ids"));
}

#[test]
fn a_closed_port_exits_4() {
    let (v3, v2) = closed_port_urls();
    run_at(&v3, &v2, &["me"])
        .code(4)
        .stderr(contains("could not reach GroupMe"));
}

#[test]
fn invalid_values_exit_2_and_nothing_is_sent() {
    let long = "n".repeat(51);
    let fake = Fake::start();
    fake.run(&["members", "nick", GROUP_ID, &long])
        .code(2)
        .stderr(contains("must be 1 to 50 characters long, got 51").and(contains("nothing was sent")));
    let nicknames: Vec<String> = fake
        .server
        .state()
        .memberships(GROUP_ID)
        .unwrap()
        .into_iter()
        .map(|member| member.nickname)
        .collect();
    assert!(
        nicknames.contains(&"Demo".to_owned()) && !nicknames.contains(&long),
        "{nicknames:?}"
    );

    // Against a closed port, sending anything would fail with 4.
    let (v3, v2) = closed_port_urls();
    run_at(&v3, &v2, &["members", "nick", GROUP_ID, &long]).code(2);
    run_at(&v3, &v2, &["sms", "on", "--hours", "49"])
        .code(2)
        .stderr(contains("between 1 and 48"));
}
