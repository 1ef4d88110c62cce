//! GroupMe's bad days, injected by the fake (`groupme_fake::faults`): reads
//! are retried through rate limits, gateway pages and dropped connections
//! until the retry budget runs out; changes are sent once; truncated and
//! slow bodies fail as decode errors and timeouts; and the member-add
//! waiter polls through failures of the results route, gives up at its
//! deadline with what is needed to resume, and resumes.
//!
//! Every test counts the faults the fake injected, so a retry that did not
//! happen (or one that should not have) shows in the count, and looks at the
//! fake's state to see whether a change was made.
//!
//! One hostile answer the fake cannot give (the token echoed into a field
//! of the wrong type) is played by httpmock at the end.

use std::time::{Duration, Instant};

use groupme_fake::{FakeGroupMe, FakeState, Fault, FaultPlan, FaultRule, ServerErrorStatus, demo};
use groupme_sdk::{
    AddOutcome, Client, Error, ErrorKind, MemberFilter, NewMember, PollingPolicy, RetryPolicy, StartedAdd,
};
use groupme_tests::TestResult;

use crate::support::{Env, client_for, fast_polling, membership_in, ms, real_time_fake, state_of};

/// The fake's route of `me`.
const ME_ROUTE: &str = "GET /v3/users/me";
/// The fake's route of the member index.
const MEMBERS_ROUTE: &str = "GET /v3/groups/{group_id}/members";
/// The fake's route of the v3 profile update.
const UPDATE_ROUTE: &str = "POST /v3/users/update";
/// The fake's route of member removal.
const REMOVE_ROUTE: &str = "POST /v3/groups/{group_id}/members/{membership_id}/remove";
/// The fake's route of member adds.
const ADD_ROUTE: &str = "POST /v3/groups/{group_id}/members/add";
/// The fake's route of member-add results.
const RESULTS_ROUTE: &str = "GET /v3/groups/{group_id}/members/results/{results_id}";

/// How long results stay "not ready" on the system clock.
const REAL_RESULTS_DELAY: Duration = Duration::from_millis(50);

/// Every fault that answers without reaching the route, so the request
/// changes nothing, with a name for failure messages.
fn failing_answers() -> Vec<(&'static str, Fault)> {
    let mut faults = vec![
        (
            "429 with Retry-After: 0",
            Fault::RateLimited {
                retry_after: Some(Duration::ZERO),
            },
        ),
        (
            "429 without Retry-After",
            Fault::RateLimited { retry_after: None },
        ),
    ];
    faults.extend(ServerErrorStatus::ALL.map(|status| {
        let name = match status.code() {
            500 => "500 HTML page",
            502 => "502 HTML page",
            503 => "503 HTML page",
            _ => "504 HTML page",
        };
        (name, Fault::ServerError(status))
    }));
    faults.push(("reset connection", Fault::ResetConnection));
    faults
}

/// A rule for the next `count` requests to `route`.
fn next_on(fault: Fault, count: u64, route: &str) -> FaultRule {
    FaultRule::next(fault, count)
        .on_route(route)
        .expect("the route pattern is valid")
}

/// A rule for every request to `route`.
fn always_on(fault: Fault, route: &str) -> FaultRule {
    FaultRule::always(fault)
        .on_route(route)
        .expect("the route pattern is valid")
}

/// The demo user's name, as the fake holds it.
fn demo_name(state: &FakeState) -> String {
    state.user(demo::USER_ID).expect("the demo user exists").name
}

/// Asserts that `err` is the failure `fault` causes: its status and kind.
fn assert_caused_by(err: &Error, fault: Fault, name: &str) {
    match fault {
        Fault::RateLimited { retry_after } => {
            assert!(err.is_rate_limited(), "{name}: {err:?}");
            assert_eq!(err.retry_after(), retry_after, "{name}: {err:?}");
        }
        Fault::ServerError(status) => {
            assert_eq!(err.kind(), &ErrorKind::Api, "{name}: {err:?}");
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status.code()), "{name}");
            let page = err.body_excerpt().unwrap_or_default();
            assert!(page.starts_with("<!DOCTYPE html>"), "{name}: {err:?}");
        }
        Fault::ResetConnection => {
            assert!(err.is_transport(), "{name}: {err:?}");
            assert_eq!(err.status(), None, "{name}: {err:?}");
        }
        other => panic!("{name}: no expectation for {other:?}"),
    }
    assert!(err.is_retryable(), "{name}: {err:?}");
}

#[tokio::test]
async fn reads_survive_two_failed_attempts_of_every_kind() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    assert_eq!(client.retry_policy().attempts(), 3);
    let state = env.state();

    for (name, fault) in failing_answers() {
        let before = state.faults_injected();
        state.add_fault(next_on(fault, 2, ME_ROUTE));
        let me = client.me().await.unwrap_or_else(|err| panic!("{name}: {err:?}"));
        assert_eq!(me.id, demo::USER_ID, "{name}");
        assert_eq!(state.faults_injected() - before, 2, "{name}");
        assert!(state.fault_rules().is_empty(), "{name}: both faults were met");

        let before = state.faults_injected();
        state.add_fault(next_on(fault, 2, MEMBERS_ROUTE));
        let members = client
            .group(demo::GROUP_ID)
            .members()
            .list(MemberFilter::Active)
            .await
            .unwrap_or_else(|err| panic!("{name}: {err:?}"));
        assert_eq!(members.len(), 3, "{name}");
        assert_eq!(state.faults_injected() - before, 2, "{name}");
        assert!(state.fault_rules().is_empty(), "{name}");
    }
    Ok(())
}

#[tokio::test]
async fn retry_after_is_waited_for_before_the_next_attempt() -> TestResult {
    let env = Env::start().await;
    env.state().add_fault(next_on(
        Fault::RateLimited {
            retry_after: Some(Duration::from_secs(1)),
        },
        1,
        ME_ROUTE,
    ));
    // The backoff alone would retry within 5 ms.
    let started = Instant::now();
    let me = env.client().me().await?;
    assert_eq!(me.id, demo::USER_ID);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retried after {:?}, before the Retry-After second",
        started.elapsed()
    );
    assert_eq!(env.state().faults_injected(), 1);
    Ok(())
}

#[tokio::test]
async fn a_profile_update_is_sent_once_whatever_the_failure() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let state = env.state();
    let original = demo_name(state);

    for (name, fault) in failing_answers() {
        let before = state.faults_injected();
        // One fault only: a retry would get through and change the name.
        state.add_fault(next_on(fault, 1, UPDATE_ROUTE));
        let err = client
            .profile()
            .update()
            .name("Renamed By A Retry")
            .send()
            .await
            .expect_err(name);
        assert_caused_by(&err, fault, name);
        assert_eq!(err.operation(), Some("update_me"), "{name}");
        assert_eq!(state.faults_injected() - before, 1, "{name}");
        assert_eq!(demo_name(state), original, "{name}: the update was not retried");
    }

    // The same update goes through when nothing fails, so the name above
    // stayed because the request was never served.
    let updated = client.profile().update().name("Renamed At Last").send().await?;
    assert_eq!(updated.name, "Renamed At Last");
    assert_eq!(demo_name(state), "Renamed At Last");
    Ok(())
}

#[tokio::test]
async fn a_member_removal_is_sent_once_whatever_the_failure() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();
    let state = env.state();

    for (name, fault) in failing_answers() {
        let before = state.faults_injected();
        state.add_fault(next_on(fault, 1, REMOVE_ROUTE));
        let err = members.remove(demo::BOB_MEMBERSHIP_ID).await.expect_err(name);
        assert_caused_by(&err, fault, name);
        assert_eq!(state.faults_injected() - before, 1, "{name}");
        let bob = membership_in(state, demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID);
        assert_eq!(state_of(&bob), "active", "{name}: the removal was not retried");
    }

    members.remove(demo::BOB_MEMBERSHIP_ID).await?;
    let bob = membership_in(state, demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID);
    assert_eq!(state_of(&bob), "removed");
    Ok(())
}

#[tokio::test]
async fn a_change_is_retried_only_when_the_policy_says_so() -> TestResult {
    let env = Env::start().await;
    let client = env.client().with_retry(
        RetryPolicy::standard()
            .backoff(ms(1), ms(5))
            .retry_non_idempotent(true),
    );
    env.state().add_fault(next_on(
        Fault::ServerError(ServerErrorStatus::BadGateway),
        2,
        UPDATE_ROUTE,
    ));

    let updated = client.profile().update().name("Retried Twice").send().await?;

    assert_eq!(updated.name, "Retried Twice");
    assert_eq!(demo_name(env.state()), "Retried Twice");
    assert_eq!(env.state().faults_injected(), 2);
    Ok(())
}

#[tokio::test]
async fn the_retry_budget_runs_out_with_the_last_failure() -> TestResult {
    let env = Env::start().await;
    let state = env.state();

    for (attempts, (name, fault)) in [3_u32, 4].into_iter().cycle().zip(failing_answers()) {
        let client = env.client().with_retry(
            RetryPolicy::standard()
                .backoff(ms(1), ms(5))
                .max_attempts(attempts),
        );
        let before = state.faults_injected();
        state.set_fault_plan(FaultPlan::new().rule(always_on(fault, ME_ROUTE)));

        let err = client.me().await.expect_err(name);

        assert_caused_by(&err, fault, name);
        assert_eq!(err.operation(), Some("get_me"), "{name}");
        assert_eq!(
            state.faults_injected() - before,
            u64::from(attempts),
            "{name}: one request per attempt"
        );
    }

    state.clear_faults();
    assert_eq!(env.client().me().await?.id, demo::USER_ID);
    Ok(())
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_is_not_waited_for() -> TestResult {
    let env = Env::start().await;
    let client = env.client().with_retry(
        RetryPolicy::standard()
            .backoff(ms(1), ms(5))
            .max_retry_after(Duration::from_secs(30)),
    );
    env.state().add_fault(always_on(
        Fault::RateLimited {
            retry_after: Some(Duration::from_secs(90)),
        },
        ME_ROUTE,
    ));

    let started = Instant::now();
    let err = client.me().await.unwrap_err();

    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(90)));
    assert_eq!(env.state().faults_injected(), 1, "given up at once");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    Ok(())
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_status_200() -> TestResult {
    let env = Env::start().await;
    env.state().add_fault(next_on(Fault::TruncatedJson, 1, ME_ROUTE));

    let err = env.client().me().await.unwrap_err();

    assert_eq!(err.kind(), &ErrorKind::Decode, "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200), "{err:?}");
    assert_eq!(err.operation(), Some("get_me"));
    assert!(!err.is_retryable(), "{err:?}");
    assert!(err.to_string().contains("200"), "{err}");
    assert_eq!(env.state().faults_injected(), 1, "a decode error is not retried");
    Ok(())
}

#[tokio::test]
async fn a_change_answered_with_truncated_json_was_still_made() -> TestResult {
    let env = Env::start().await;
    env.state()
        .add_fault(next_on(Fault::TruncatedJson, 1, UPDATE_ROUTE));

    let err = env
        .client()
        .profile()
        .update()
        .name("Made Though Unreadable")
        .send()
        .await
        .unwrap_err();

    assert_eq!(err.kind(), &ErrorKind::Decode, "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200), "{err:?}");
    // The route ran before its answer was spoilt.
    assert_eq!(demo_name(env.state()), "Made Though Unreadable");
    assert_eq!(env.state().faults_injected(), 1);
    Ok(())
}

/// A request timeout short enough for a test and long enough for a loaded
/// machine to answer on loopback.
const SHORT_TIMEOUT: Duration = Duration::from_secs(1);

/// The pause before each of the [`groupme_fake::faults::SLOW_BODY_PIECES`]
/// pieces of a slow body that must outlast [`SHORT_TIMEOUT`].
const SLOW_PIECE: Duration = Duration::from_secs(1);

/// A client for the demo user at `fake` whose requests may take `timeout`,
/// with retries as `retry` says.
fn client_with_timeout(fake: &FakeGroupMe, timeout: Duration, retry: RetryPolicy) -> Client {
    Client::builder(demo::TOKEN)
        .base_urls(fake.v3_url(), fake.v2_url())
        .timeout(timeout)
        .retry(retry)
        .build()
        .expect("a loopback client builds")
}

#[tokio::test]
async fn a_slow_body_within_the_timeout_is_read() -> TestResult {
    let env = Env::start().await;
    // Four pieces 20 ms apart: about 80 ms against a 5 s timeout.
    env.state()
        .add_fault(next_on(Fault::SlowBody { delay: ms(20) }, 1, MEMBERS_ROUTE));
    let client = client_with_timeout(&env.fake, Duration::from_secs(5), RetryPolicy::disabled());

    let members = client
        .group(demo::GROUP_ID)
        .members()
        .list(MemberFilter::Active)
        .await?;

    assert_eq!(members.len(), 3);
    assert_eq!(env.state().faults_injected(), 1);
    Ok(())
}

#[tokio::test]
async fn a_slow_body_beyond_the_timeout_is_a_timeout() -> TestResult {
    let env = Env::start().await;
    // Four pieces a second apart: 4 s against a 1 s timeout.
    env.state()
        .add_fault(always_on(Fault::SlowBody { delay: SLOW_PIECE }, MEMBERS_ROUTE));
    let client = client_with_timeout(&env.fake, SHORT_TIMEOUT, RetryPolicy::disabled());

    let err = client
        .group(demo::GROUP_ID)
        .members()
        .list(MemberFilter::Active)
        .await
        .unwrap_err();

    assert!(err.is_timeout(), "{err:?}");
    assert!(err.is_transport() && err.is_retryable(), "{err:?}");
    assert_eq!(env.state().faults_injected(), 1);
    Ok(())
}

#[tokio::test]
async fn a_read_that_timed_out_is_retried() -> TestResult {
    let env = Env::start().await;
    env.state()
        .add_fault(next_on(Fault::SlowBody { delay: SLOW_PIECE }, 1, ME_ROUTE));
    let client = client_with_timeout(
        &env.fake,
        SHORT_TIMEOUT,
        RetryPolicy::standard().backoff(ms(1), ms(5)),
    );

    let me = client.me().await?;

    assert_eq!(me.id, demo::USER_ID);
    assert_eq!(env.state().faults_injected(), 1, "the second attempt was served");
    Ok(())
}

/// Two people the demo user may add, each with a GUID.
fn two_newcomers() -> Vec<NewMember> {
    vec![
        NewMember::by_email("Grace", demo::GRACE.email).guid("guid-grace"),
        NewMember::by_phone("Frank", "+1 555-000-1007").guid("guid-frank"),
    ]
}

/// Asserts that both newcomers were added, found by their GUIDs, and are
/// active in the fake.
fn assert_both_added(fake: &FakeGroupMe, outcome: &AddOutcome) {
    assert!(outcome.all_added(), "{outcome:?}");
    let by_guid: Vec<(&str, &str)> = outcome
        .added
        .iter()
        .map(|added| {
            (
                added.requested.guid_value().unwrap_or_default(),
                added.membership.user_id.as_str(),
            )
        })
        .collect();
    assert_eq!(
        by_guid,
        [("guid-grace", demo::GRACE.id), ("guid-frank", demo::FRANK.id)]
    );
    for added in &outcome.added {
        assert_eq!(added.membership.guid.as_deref(), added.requested.guid_value());
        let stored = membership_in(fake.state(), demo::GROUP_ID, &added.membership.id);
        assert_eq!(state_of(&stored), "active", "{stored:?}");
    }
}

#[tokio::test]
async fn the_waiter_polls_through_rate_limits_outages_and_resets() -> TestResult {
    let fake = real_time_fake(REAL_RESULTS_DELAY).await;
    // Rules are tried in order and each is used up by one poll: the first
    // three polls meet a 429, a gateway's 503 page and a dropped connection.
    for fault in [
        Fault::RateLimited { retry_after: None },
        Fault::ServerError(ServerErrorStatus::ServiceUnavailable),
        Fault::ResetConnection,
    ] {
        fake.state().add_fault(next_on(fault, 1, RESULTS_ROUTE));
    }
    let client = client_for(&fake, demo::TOKEN);

    let outcome = client
        .group(demo::GROUP_ID)
        .members()
        .add()
        .members(two_newcomers())
        .send()
        .await?;

    assert_both_added(&fake, &outcome);
    assert_eq!(fake.state().faults_injected(), 3);
    assert!(fake.state().fault_rules().is_empty());
    Ok(())
}

#[tokio::test]
async fn the_waiter_honours_a_retry_after_on_the_results() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();
    let started = members.add().members(two_newcomers()).start().await?;
    env.clock.advance(crate::support::RESULTS_DELAY);
    env.state().add_fault(next_on(
        Fault::RateLimited {
            retry_after: Some(Duration::from_secs(1)),
        },
        1,
        RESULTS_ROUTE,
    ));

    // The results are ready: only the rate limit keeps the waiter waiting,
    // and its polling delays are a few milliseconds.
    let began = Instant::now();
    let outcome = members.wait(&started).await?;

    assert!(began.elapsed() >= Duration::from_secs(1), "{:?}", began.elapsed());
    assert_both_added(&env.fake, &outcome);
    assert_eq!(env.state().faults_injected(), 1);
    Ok(())
}

#[tokio::test]
async fn reads_absorb_a_seeded_share_of_failures() -> TestResult {
    // About a quarter of all requests fail, the same ones on every run.
    let mut plan = FaultPlan::new().seed(2026);
    for fault in [
        Fault::ResetConnection,
        Fault::ServerError(ServerErrorStatus::BadGateway),
        Fault::RateLimited { retry_after: None },
    ] {
        plan = plan.rule(FaultRule::with_probability(fault, 0.1)?);
    }
    let fake = FakeGroupMe::builder().faults(plan).start().await?;
    let client = client_for(&fake, demo::TOKEN)
        .with_retry(RetryPolicy::standard().backoff(ms(1), ms(5)).max_attempts(8));

    for call in 0..40 {
        let me = client
            .me()
            .await
            .unwrap_or_else(|err| panic!("call {call}: {err:?}"));
        assert_eq!(me.id, demo::USER_ID);
    }

    let injected = fake.state().faults_injected();
    assert!(injected >= 4, "only {injected} faults in 40 calls");
    assert_eq!(fake.state().fault_rules().len(), 3, "probability rules stay");
    Ok(())
}

#[tokio::test]
async fn the_waiter_absorbs_a_seeded_share_of_failing_polls() -> TestResult {
    let fake = FakeGroupMe::builder()
        .results_delay(ms(200))
        .faults(
            FaultPlan::new().seed(7).rule(
                FaultRule::with_probability(Fault::ServerError(ServerErrorStatus::GatewayTimeout), 0.5)?
                    .on_route(RESULTS_ROUTE)?,
            ),
        )
        .start()
        .await?;
    let client = client_for(&fake, demo::TOKEN);

    let outcome = client
        .group(demo::GROUP_ID)
        .members()
        .add()
        .members(two_newcomers())
        .send()
        .await?;

    assert_both_added(&fake, &outcome);
    assert!(fake.state().faults_injected() >= 1);
    Ok(())
}

/// A client for the demo user at `fake` whose waiter gives up after
/// `deadline`.
fn client_with_deadline(fake: &FakeGroupMe, deadline: Duration) -> Client {
    client_for(fake, demo::TOKEN)
        .with_polling(PollingPolicy::default().delays(ms(5), ms(20)).deadline(deadline))
}

#[tokio::test]
async fn an_add_whose_results_keep_failing_times_out_and_can_be_resumed() -> TestResult {
    let env = Env::start().await;
    for (name, fault) in [
        (
            "503 page",
            Fault::ServerError(ServerErrorStatus::ServiceUnavailable),
        ),
        ("reset", Fault::ResetConnection),
        ("429", Fault::RateLimited { retry_after: None }),
    ] {
        let state = env.state();
        state.set_fault_plan(FaultPlan::new().rule(always_on(fault, RESULTS_ROUTE)));
        let before = state.faults_injected();
        let client = client_with_deadline(&env.fake, ms(300));
        let members = client.group(demo::GROUP_ID).members();
        let guid = format!("guid-{}", name.replace(' ', "-"));
        let requested = NewMember::by_email(name, format!("{}@example.com", guid)).guid(guid.as_str());

        let err = members
            .add()
            .member(requested.clone())
            .send()
            .await
            .expect_err(name);

        assert!(err.is_timeout(), "{name}: {err:?}");
        let ErrorKind::PollTimeout { waited, requests } = err.kind().clone() else {
            panic!("{name}: {err:?}");
        };
        assert!(waited >= ms(300), "{name}: {waited:?}");
        assert!(requests >= 2, "{name}: {err:?}");
        // Every poll the fake saw failed and was counted; the deadline may
        // have cut one more short before it reached the fake.
        let seen = state.faults_injected() - before;
        assert!(
            u64::from(requests) == seen || u64::from(requests) == seen + 1,
            "{name}: {requests} requests counted, {seen} seen by the fake"
        );
        let last = std::error::Error::source(&err)
            .and_then(|source| source.downcast_ref::<Error>())
            .unwrap_or_else(|| panic!("{name}: the last failure is the source: {err:?}"));
        assert_caused_by(last, fault, name);

        let started = err.started_add().unwrap_or_else(|| panic!("{name}: {err:?}"));
        assert_eq!(started.requested, std::slice::from_ref(&requested), "{name}");
        assert!(
            err.to_string().contains(started.results_id.as_str()),
            "{name}: {err}"
        );
        // Nothing more was added by the waiter: the add itself was made.
        let stored = env
            .state()
            .memberships(demo::GROUP_ID)?
            .into_iter()
            .filter(|member| member.guid.as_deref() == Some(guid.as_str()))
            .count();
        assert_eq!(stored, 1, "{name}");

        state.clear_faults();
        env.clock.advance(crate::support::RESULTS_DELAY);
        let resumed = StartedAdd::new(started.results_id.clone(), vec![requested.clone()]);
        assert_eq!(&resumed, started, "{name}");
        let outcome = members.wait(&resumed).await?;
        assert_eq!(outcome.added.len(), 1, "{name}: {outcome:?}");
        assert_eq!(outcome.added[0].requested, requested, "{name}");
        assert_eq!(outcome.added[0].membership.guid.as_deref(), Some(guid.as_str()));
        assert!(outcome.all_added(), "{name}");
    }
    Ok(())
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_ends_the_wait_with_the_add() -> TestResult {
    let env = Env::start().await;
    env.state().add_fault(always_on(
        Fault::RateLimited {
            retry_after: Some(Duration::from_secs(600)),
        },
        RESULTS_ROUTE,
    ));
    let client = env.client();
    assert!(client.retry_policy().longest_retry_after() < Duration::from_secs(600));

    let started = Instant::now();
    let err = client
        .group(demo::GROUP_ID)
        .members()
        .add()
        .members(two_newcomers())
        .send()
        .await
        .unwrap_err();

    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(600)));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let resume = err.started_add().expect("the add was accepted").clone();
    assert_eq!(resume.requested, two_newcomers());
    assert_eq!(env.state().faults_injected(), 1);

    env.state().clear_faults();
    env.clock.advance(crate::support::RESULTS_DELAY);
    let outcome = client.group(demo::GROUP_ID).members().wait(&resume).await?;
    assert_both_added(&env.fake, &outcome);
    Ok(())
}

#[tokio::test]
async fn truncated_results_end_the_wait_with_the_add() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();
    let started = members.add().members(two_newcomers()).start().await?;
    env.clock.advance(crate::support::RESULTS_DELAY);
    // The results are ready, but the first look at them is cut in half.
    env.state()
        .add_fault(next_on(Fault::TruncatedJson, 1, RESULTS_ROUTE));

    let err = members.wait(&started).await.unwrap_err();

    assert_eq!(err.kind(), &ErrorKind::Decode, "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200), "{err:?}");
    assert_eq!(err.started_add(), Some(&started), "{err:?}");
    let outcome = members.wait(&started).await?;
    assert_both_added(&env.fake, &outcome);
    Ok(())
}

/// A client for the demo user at `fake` that sends one member per add
/// request and gives up waiting after 300 ms.
fn one_per_chunk(fake: &FakeGroupMe) -> Client {
    Client::builder(demo::TOKEN)
        .base_urls(fake.v3_url(), fake.v2_url())
        .retry(RetryPolicy::standard().backoff(ms(1), ms(5)))
        .polling(PollingPolicy::default().delays(ms(5), ms(20)).deadline(ms(300)))
        .add_chunk_size(1)
        .build()
        .expect("a loopback client builds")
}

/// The adds GroupMe accepted that a failed `send` still lets the caller
/// wait for: the error's, or those of the outcome's failed chunks.
fn resumable(result: &groupme_sdk::Result<AddOutcome>) -> Vec<StartedAdd> {
    match result {
        Err(err) => err.started_add().cloned().into_iter().collect(),
        Ok(outcome) => outcome
            .failed
            .iter()
            .filter_map(|chunk| chunk.error.started_add().cloned())
            .collect(),
    }
}

/// The nicknames each started add asked for.
fn nicknames(started: &[StartedAdd]) -> Vec<Vec<&str>> {
    started
        .iter()
        .map(|add| add.requested.iter().map(NewMember::nickname_value).collect())
        .collect()
}

#[tokio::test]
async fn an_accepted_chunk_is_not_lost_when_an_earlier_chunk_was_refused() -> TestResult {
    let env = Env::start().await;
    let state = env.state();
    // The first chunk's add fails; the second is accepted, but its results
    // cannot be read before the deadline.
    state.add_fault(next_on(
        Fault::ServerError(ServerErrorStatus::BadGateway),
        1,
        ADD_ROUTE,
    ));
    state.add_fault(always_on(
        Fault::ServerError(ServerErrorStatus::ServiceUnavailable),
        RESULTS_ROUTE,
    ));
    let client = one_per_chunk(&env.fake);
    let members = client.group(demo::GROUP_ID).members();

    let result = members.add().members(two_newcomers()).send().await;

    // Frank's add was accepted: whatever `send` returns must still let the
    // caller wait for it, or a retry of the whole add adds him twice.
    let accepted = resumable(&result);
    assert_eq!(
        nicknames(&accepted),
        [["Frank"]],
        "the accepted chunk's results id was dropped: {result:?}"
    );
    state.clear_faults();
    env.clock.advance(crate::support::RESULTS_DELAY);
    let outcome = members.wait(&accepted[0]).await?;
    assert_eq!(outcome.added.len(), 1, "{outcome:?}");
    assert_eq!(outcome.added[0].membership.user_id, demo::FRANK.id);
    Ok(())
}

#[tokio::test]
async fn every_accepted_chunk_can_be_waited_for_again() -> TestResult {
    let env = Env::start().await;
    let state = env.state();
    state.add_fault(always_on(
        Fault::ServerError(ServerErrorStatus::ServiceUnavailable),
        RESULTS_ROUTE,
    ));
    let client = one_per_chunk(&env.fake);
    let members = client.group(demo::GROUP_ID).members();

    let result = members.add().members(two_newcomers()).send().await;

    // Both chunks were accepted; both must remain resumable.
    let accepted = resumable(&result);
    assert_eq!(
        nicknames(&accepted),
        [["Grace"], ["Frank"]],
        "an accepted chunk's results id was dropped: {result:?}"
    );
    Ok(())
}

#[tokio::test]
async fn an_add_that_fails_is_not_retried_and_carries_no_started_add() -> TestResult {
    let env = Env::start().await;
    let before = env.state().memberships(demo::GROUP_ID)?;
    for (name, fault) in failing_answers() {
        env.state().add_fault(next_on(fault, 1, ADD_ROUTE));
        let err = env
            .client()
            .group(demo::GROUP_ID)
            .members()
            .add()
            .members(two_newcomers())
            .send()
            .await
            .expect_err(name);
        assert_caused_by(&err, fault, name);
        assert_eq!(err.started_add(), None, "{name}: GroupMe never accepted it");
        assert_eq!(env.state().memberships(demo::GROUP_ID)?, before, "{name}");
    }
    assert_eq!(env.state().faults_injected(), failing_answers().len() as u64);
    Ok(())
}

#[tokio::test]
async fn a_required_verification_refuses_the_add_and_adds_nobody() -> TestResult {
    let fake = FakeGroupMe::builder()
        .results_delay(REAL_RESULTS_DELAY)
        .require_verification(true)
        .start()
        .await?;
    let before = fake.state().memberships(demo::GROUP_ID)?;
    let client = Client::builder(demo::TOKEN)
        .base_urls(fake.v3_url(), fake.v2_url())
        .polling(fast_polling())
        .build()?;

    let err = client
        .group(demo::GROUP_ID)
        .members()
        .add()
        .members(two_newcomers())
        .send()
        .await
        .unwrap_err();

    assert!(err.is_verification_required(), "{err:?}");
    assert!(err.is_forbidden(), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(err.operation(), Some("add_members"));
    assert!(!err.is_retryable(), "{err:?}");
    assert_eq!(err.started_add(), None, "{err:?}");
    assert!(err.to_string().to_lowercase().contains("verif"), "{err}");
    assert_eq!(fake.state().memberships(demo::GROUP_ID)?, before);

    // Reads are not affected; and once verification is no longer asked
    // for, the same add goes through.
    assert_eq!(client.me().await?.id, demo::USER_ID);
    fake.state().set_require_verification(false);
    let outcome = client
        .group(demo::GROUP_ID)
        .members()
        .add()
        .members(two_newcomers())
        .send()
        .await?;
    assert_both_added(&fake, &outcome);
    Ok(())
}

/// A token that shows nowhere but in the request header.
const ECHOED_TOKEN: &str = "echoed-secret-5b8e21c4";

/// Everything `err` shows: its `Display`, its `Debug` (plain and pretty)
/// and the `Display` of every error in its source chain.
fn everything_shown(err: &Error) -> String {
    let mut shown = format!("{err}\n{err:?}\n{err:#?}");
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        shown.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    shown
}

// The fake only sends well-typed bodies, so a server that echoes the token
// into a field of the wrong type is played by httpmock.
#[tokio::test]
async fn a_token_echoed_into_a_mistyped_field_is_kept_nowhere_in_the_error() -> TestResult {
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/v3/users/me");
            // `sms` is a boolean; the body is valid JSON of the wrong shape.
            then.status(200).header("content-type", "application/json").body(format!(
                r#"{{"response":{{"id":"1","name":"Echo","sms":"{ECHOED_TOKEN}"}},"meta":{{"code":200}}}}"#
            ));
        })
        .await;
    let client = Client::builder(ECHOED_TOKEN)
        .base_urls(server.url("/v3"), server.url("/v2"))
        .retry(RetryPolicy::disabled())
        .build()?;

    let err = client.me().await.unwrap_err();

    assert_eq!(err.kind(), &ErrorKind::Decode, "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200), "{err}");
    let shown = everything_shown(&err);
    assert!(shown.contains("<redacted>"), "the echo was read: {shown}");
    assert!(
        !shown.contains(ECHOED_TOKEN),
        "the token is kept in the decode error:\n{shown}"
    );
    Ok(())
}
