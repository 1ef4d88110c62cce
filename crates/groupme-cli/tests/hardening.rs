//! The CLI against hostile and broken servers: redirects to another host
//! are not followed (so the token stays home), a token echoed back in an
//! error page never reaches the terminal, an outage on the results route
//! is not mistaken for "not ready", rate limits and required verification
//! are explained, and an add whose results could not be read says how to
//! look at them again instead of inviting a second add.

mod support;

use std::time::Duration;

use assert_cmd::assert::Assert;
use groupme_fake::demo::{GRACE, GROUP_ID, MALLORY_MEMBERSHIP_ID, TOKEN};
use groupme_fake::{FakeGroupMe, Fault, FaultRule, ServerErrorStatus};
use predicates::prelude::*;
use predicates::str::contains;

use support::{Answer, Fake, Loopback, checked, groupme, json};

/// A token that shows nowhere but in the request header, so that finding
/// it (or any long piece of it) in the output means it leaked.
const SECRET: &str = "echoed-secret-5b8e21c4";

/// The fake's route of `me`.
const ME_ROUTE: &str = "GET /v3/users/me";
/// The fake's route of member-add results.
const RESULTS_ROUTE: &str = "GET /v3/groups/{group_id}/members/results/{results_id}";
/// The fake's route of member adds.
const ADD_ROUTE: &str = "POST /v3/groups/{group_id}/members/add";

/// A rule for every request to `route`.
fn always_on(fault: Fault, route: &str) -> FaultRule {
    FaultRule::always(fault)
        .on_route(route)
        .expect("the route pattern is valid")
}

/// A rule for the next `count` requests to `route`.
fn next_on(fault: Fault, count: u64, route: &str) -> FaultRule {
    FaultRule::next(fault, count)
        .on_route(route)
        .expect("the route pattern is valid")
}

/// Runs `groupme` with `token` against one server for both hosts.
fn run_with_token(base: &str, token: &str, args: &[&str]) -> Assert {
    let mut cmd = groupme();
    cmd.env("GROUPME_TOKEN", token)
        .args([
            "--v3-url",
            &format!("{base}/v3"),
            "--v2-url",
            &format!("{base}/v2"),
        ])
        .args(args);
    cmd.assert()
}

/// Asserts that `secret` shows on neither stream, nor does its longer half.
fn assert_not_shown(assert: &Assert, secret: &str) {
    let output = assert.get_output();
    let half = &secret[secret.len() / 2..];
    for (name, stream) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(stream);
        assert!(
            !text.contains(secret) && !text.contains(half),
            "the token leaked on {name}:\n{text}"
        );
    }
}

/// The run's stderr as text.
fn stderr(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// The run's exit code.
fn code(assert: &Assert) -> i32 {
    assert.get_output().status.code().expect("the run exited")
}

/// A server that answers every request as GroupMe would answer `me`, and
/// so would make any command that reached it succeed.
fn elsewhere() -> Loopback {
    Loopback::serve(|_| {
        Answer::new(
            200,
            r#"{"response":{"id":"999","name":"Somebody Else"},"meta":{"code":200}}"#,
        )
        .header("Content-Type", "application/json")
    })
}

#[test]
fn a_redirect_to_another_host_is_not_followed() {
    let target = elsewhere();
    for status in [301, 302, 303, 307, 308] {
        let to = target.url("");
        let api = Loopback::serve(move |request| {
            Answer::new(status, "").header("Location", format!("{to}{}", request.path))
        });
        let base = api.url("");

        for (args, json_flag) in [
            (&["me"][..], false),
            (&["--json", "me"][..], true),
            // A change, and one on the v2 host.
            (&["members", "ban", GROUP_ID, MALLORY_MEMBERSHIP_ID][..], false),
        ] {
            let assert = run_with_token(&base, SECRET, args);
            let err = stderr(&assert);
            assert_ne!(code(&assert), 0, "{status} {args:?}: {err}");
            assert!(
                err.contains("redirect to another host"),
                "{status} {args:?}: {err}"
            );
            assert!(err.contains("not followed"), "{status} {args:?}: {err}");
            assert!(
                err.contains("check --v3-url and --v2-url"),
                "{status} {args:?}: {err}"
            );
            assert_not_shown(&assert, SECRET);
            if json_flag {
                assert!(
                    assert.get_output().stdout.is_empty(),
                    "{status}: nothing was read, so nothing is printed"
                );
            }
        }

        let asked = api.received();
        assert_eq!(asked.len(), 3, "{status}: one request per command, no retries");
        assert!(
            asked
                .iter()
                .all(|request| request.header("x-access-token") == Some(SECRET))
        );
        assert!(asked[2].path.starts_with("/v2/"), "{:?}", asked[2]);
    }
    let leaked: Vec<_> = target
        .received()
        .into_iter()
        .filter(|request| request.header("x-access-token").is_some())
        .collect();
    assert!(leaked.is_empty(), "the token went to another host: {leaked:?}");
    assert!(target.received().is_empty(), "{:?}", target.received());
}

#[test]
fn a_redirect_on_the_same_host_that_leads_elsewhere_is_not_followed_there() {
    let target = elsewhere();
    let to = target.url("/v3/users/me");
    // The first hop stays on the configured host (and is followed); the
    // second leaves it.
    let api = Loopback::serve(move |request| {
        if request.path.starts_with("/hop") {
            Answer::new(307, "").header("Location", to.clone())
        } else {
            Answer::new(302, "").header("Location", "/hop")
        }
    });

    let assert = run_with_token(&api.url(""), SECRET, &["me"]);

    let err = stderr(&assert);
    assert_ne!(code(&assert), 0, "{err}");
    assert!(err.contains("redirect to another host"), "{err}");
    assert_not_shown(&assert, SECRET);
    let paths: Vec<String> = api.received().into_iter().map(|request| request.path).collect();
    assert_eq!(paths, ["/v3/users/me", "/hop"]);
    assert!(target.received().is_empty(), "{:?}", target.received());
}

#[test]
fn a_redirect_that_carries_the_token_in_its_location_does_not_show_it() {
    let target = elsewhere();
    let to = target.url("/v3/users/me");
    let api = Loopback::serve(move |request| {
        let token = request.header("x-access-token").unwrap_or_default();
        Answer::new(302, format!("<html>moved; token={token}</html>"))
            .header("Location", format!("{to}?token={token}"))
            .header("Content-Type", "text/html")
    });

    let assert = run_with_token(&api.url(""), SECRET, &["me"]);

    assert_ne!(code(&assert), 0);
    assert_not_shown(&assert, SECRET);
    assert!(target.received().is_empty(), "{:?}", target.received());
}

/// A server that echoes the request's token back in every answer, with
/// this status and content type, the body made by `page`.
fn echoing(status: u16, content_type: &'static str, page: fn(&str) -> String) -> Loopback {
    Loopback::serve(move |request| {
        let token = request.header("x-access-token").unwrap_or("<none>");
        Answer::new(status, page(token)).header("Content-Type", content_type)
    })
}

fn html_page(token: &str) -> String {
    format!(
        "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>\
         <p>Request headers: X-Access-Token: {token}</p><p>retry with {token}</p></body></html>"
    )
}

fn error_envelope(token: &str) -> String {
    format!(r#"{{"meta":{{"code":401,"errors":["token {token} is not valid"]}},"response":null}}"#)
}

fn field_errors(token: &str) -> String {
    format!(r#"{{"meta":{{"code":400,"errors":{{"{token}":"unknown field {token}"}}}},"response":null}}"#)
}

fn plain_text(token: &str) -> String {
    format!("you sent X-Access-Token={token}")
}

#[test]
fn a_token_echoed_in_an_error_page_never_reaches_the_terminal() {
    for (status, content_type, page, shown) in [
        (
            502,
            "text/html",
            html_page as fn(&str) -> String,
            "X-Access-Token: <redacted>",
        ),
        (
            401,
            "application/json",
            error_envelope,
            "token <redacted> is not valid",
        ),
        (400, "application/json", field_errors, "unknown field <redacted>"),
        (503, "text/plain", plain_text, "X-Access-Token=<redacted>"),
        // A success whose body is not JSON: a decode error with an excerpt.
        (200, "text/html", html_page, "X-Access-Token: <redacted>"),
    ] {
        let api = echoing(status, content_type, page);
        for args in [&["me"][..], &["--json", "me"][..]] {
            let assert = run_with_token(&api.url(""), SECRET, args);
            let err = stderr(&assert);
            assert_ne!(code(&assert), 0, "{status} {args:?}: {err}");
            assert_not_shown(&assert, SECRET);
            // The echo was read and kept, with the token cut out of it.
            assert!(err.contains(shown), "{status} {args:?}: {err}");
        }
        assert!(
            api.received()
                .iter()
                .all(|request| request.header("x-access-token") == Some(SECRET)),
            "{status}: the token was sent, so the page did echo it"
        );
    }
}

#[test]
fn an_outage_on_the_results_route_is_not_taken_for_not_ready() {
    let fake = Fake::start();
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
    let state = fake.server.state();
    state.add_fault(always_on(
        Fault::ServerError(ServerErrorStatus::ServiceUnavailable),
        RESULTS_ROUTE,
    ));

    for json_flag in [false, true] {
        let mut args = vec!["members", "results", GROUP_ID, &results_id];
        if json_flag {
            args.insert(0, "--json");
        }
        let assert = fake.run(&args);
        let err = stderr(&assert);
        let exit = code(&assert);
        assert!(exit != 0 && exit != 5, "exit {exit}: {err}");
        assert_eq!(exit, 3, "{err}");
        assert!(err.contains("503"), "{err}");
        assert!(err.contains("outage"), "{err}");
        assert!(!err.to_lowercase().contains("not ready"), "{err}");
        assert!(!err.contains("--wait"), "no advice to wait for results: {err}");
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        assert!(
            !stdout.contains("Not ready") && !stdout.contains("ready"),
            "{stdout}"
        );
    }
    assert_eq!(state.faults_injected(), 2, "one look each, not retried as a poll");

    // With --wait the outage is polled through once it passes.
    state.clear_faults();
    state.add_fault(next_on(
        Fault::ServerError(ServerErrorStatus::ServiceUnavailable),
        2,
        RESULTS_ROUTE,
    ));
    let ready = json(
        &fake
            .run(&["--json", "members", "results", GROUP_ID, &results_id, "--wait"])
            .success(),
    );
    assert_eq!(ready["ready"], true, "{ready}");
    assert_eq!(ready["members"][0]["user_id"], GRACE.id, "{ready}");
    assert_eq!(ready["members"][0]["guid"], started["requested"][0]["guid"]);
    assert_eq!(state.faults_injected(), 4);
}

#[test]
fn rate_limits_say_how_long_to_wait() {
    let fake = Fake::start();
    let state = fake.server.state();

    // Longer than the CLI waits by itself: it gives up at once and says.
    state.add_fault(always_on(
        Fault::RateLimited {
            retry_after: Some(Duration::from_secs(120)),
        },
        ME_ROUTE,
    ));
    fake.run(&["me"]).code(3).stderr(contains("429").and(contains(
        "GroupMe is rate limiting: wait 120 seconds, then try again",
    )));
    assert_eq!(state.faults_injected(), 1);

    // Without Retry-After the read is tried three times, then explained.
    state.clear_faults();
    state.add_fault(always_on(Fault::RateLimited { retry_after: None }, ME_ROUTE));
    fake.run(&["--json", "me"])
        .code(3)
        .stdout(predicate::str::is_empty())
        .stderr(contains("429").and(contains("GroupMe is rate limiting: wait a minute")));
    assert_eq!(state.faults_injected(), 1 + 3);

    // A read that is limited only briefly succeeds.
    state.clear_faults();
    state.add_fault(next_on(Fault::RateLimited { retry_after: None }, 2, ME_ROUTE));
    fake.run(&["me"]).success().stdout(contains("Demo User"));
    assert_eq!(state.faults_injected(), 1 + 3 + 2);
}

#[test]
fn a_rate_limited_add_is_sent_once_and_adds_nobody() {
    let fake = Fake::start();
    let state = fake.server.state();
    let before = state.memberships(GROUP_ID).expect("the demo group");
    state.add_fault(next_on(Fault::RateLimited { retry_after: None }, 1, ADD_ROUTE));
    let grace = format!("Grace={}", GRACE.email);

    fake.run(&["members", "add", GROUP_ID, "--email", &grace])
        .code(3)
        .stderr(contains("GroupMe is rate limiting").and(contains("accepted the add").not()));

    assert_eq!(state.faults_injected(), 1);
    assert_eq!(state.memberships(GROUP_ID).expect("the demo group"), before);
}

#[test]
fn an_add_whose_results_cannot_be_read_says_how_to_look_again() {
    let fake = Fake::start();
    let state = fake.server.state();
    // The waiter will not wait ten minutes: it gives up with the add.
    state.add_fault(always_on(
        Fault::RateLimited {
            retry_after: Some(Duration::from_secs(600)),
        },
        RESULTS_ROUTE,
    ));
    let grace = format!("Grace={}", GRACE.email);

    let assert = fake.run(&["members", "add", GROUP_ID, "--email", &grace]);
    let err = stderr(&assert);
    assert_ne!(code(&assert), 0, "{err}");
    assert!(err.contains("do not add the same people again"), "{err}");
    let command = err
        .split('`')
        .find(|part| part.starts_with("groupme members results"))
        .unwrap_or_else(|| panic!("no command to look again: {err}"));
    let words: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(
        words[..4],
        ["groupme", "members", "results", GROUP_ID],
        "{command}"
    );
    assert_eq!(words.last(), Some(&"--wait"), "{command}");
    assert_eq!(state.faults_injected(), 1);

    // Once GroupMe answers again, the suggested command reports the add.
    state.clear_faults();
    let ready = json(&fake.run(&[&["--json"][..], &words[1..]].concat()).success());
    assert_eq!(ready["ready"], true, "{ready}");
    assert_eq!(ready["members"][0]["user_id"], GRACE.id, "{ready}");
    let graces = state
        .memberships(GROUP_ID)
        .expect("the demo group")
        .into_iter()
        .filter(|member| member.user_id == GRACE.id)
        .count();
    assert_eq!(graces, 1, "added once");
}

#[test]
fn a_required_verification_is_explained_and_nobody_is_added() {
    let fake = Fake::with(
        FakeGroupMe::builder()
            .results_delay(Duration::from_millis(300))
            .require_verification(true),
    );
    let before = fake.server.state().memberships(GROUP_ID).expect("the demo group");
    let grace = format!("Grace={}", GRACE.email);

    for args in [
        &["members", "add", GROUP_ID, "--email", &grace][..],
        &[
            "--json",
            "members",
            "add",
            GROUP_ID,
            "--email",
            &grace,
            "--no-wait",
        ][..],
    ] {
        let assert = fake.run(args);
        let err = stderr(&assert);
        assert_eq!(code(&assert), 3, "{args:?}: {err}");
        assert!(err.contains("403"), "{err}");
        assert!(
            err.contains("GroupMe now reserves this action for its own apps"),
            "{err}"
        );
        assert!(err.contains("do it in the GroupMe app instead"), "{err}");
        assert!(!err.contains("accepted the add"), "{err}");
        assert!(assert.get_output().stdout.is_empty(), "{args:?}");
    }
    assert_eq!(
        fake.server.state().memberships(GROUP_ID).expect("the demo group"),
        before
    );

    // Other commands are not affected.
    let mut me = groupme();
    me.env("GROUPME_TOKEN", TOKEN).args([
        "--v3-url",
        &fake.server.v3_url(),
        "--v2-url",
        &fake.server.v2_url(),
        "me",
    ]);
    checked(me).success();
}

#[test]
fn an_add_whose_answer_was_cut_short_does_not_invite_a_second_add() {
    let fake = Fake::start();
    let state = fake.server.state();
    // GroupMe makes the add, but its answer (with the results id) arrives
    // cut in half.
    state.add_fault(next_on(Fault::TruncatedJson, 1, ADD_ROUTE));
    let grace = format!("Grace={}", GRACE.email);

    let assert = fake.run(&["members", "add", GROUP_ID, "--email", &grace]);

    let err = stderr(&assert);
    assert_ne!(code(&assert), 0, "{err}");
    assert_eq!(state.faults_injected(), 1, "the add was sent once");
    // The add was made (the fake makes memberships at once): running the
    // same command again would add Grace twice, so the advice must not be
    // to try again but to check first.
    let graces = state
        .memberships(GROUP_ID)
        .expect("the demo group")
        .into_iter()
        .filter(|member| member.user_id == GRACE.id)
        .count();
    assert_eq!(graces, 1, "the add was made");
    assert!(!err.contains("try again"), "invites a second add:\n{err}");
    assert!(
        err.contains("may have"),
        "says the add may have been made:\n{err}"
    );
    assert!(
        err.contains(&format!("groupme members list {GROUP_ID}")),
        "says how to check:\n{err}"
    );
}
