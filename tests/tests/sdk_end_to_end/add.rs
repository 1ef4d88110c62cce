//! The asynchronous member add: `send` (add and wait), `start` with one
//! look at the results or a wait, results that expire, a waiter that gives
//! up, adds split into chunks, and the members GroupMe silently leaves out.

use std::time::{Duration, Instant};

use groupme_fake::{FakeGroupMe, NewUser, demo};
use groupme_sdk::validate::Rule;
use groupme_sdk::{
    AddOutcome, Client, ErrorKind, MemberFilter, MembershipId, NewMember, PollingPolicy, ResultsId,
    ResultsStatus,
};
use groupme_tests::TestResult;

use crate::support::{
    Env, RESULTS_DELAY, RESULTS_EXPIRY, client_for, fast_polling, ids, membership_in, ms, real_time_fake,
    state_of,
};

/// How long results stay "not ready" on the system clock.
const REAL_RESULTS_DELAY: Duration = Duration::from_millis(50);

/// The nicknames of the members added, in order.
fn added_nicknames(outcome: &AddOutcome) -> Vec<&str> {
    outcome
        .added
        .iter()
        .map(|added| added.membership.nickname.as_str())
        .collect()
}

/// The nicknames of the members not added, in order.
fn not_added_nicknames(outcome: &AddOutcome) -> Vec<&str> {
    outcome.not_added.iter().map(NewMember::nickname_value).collect()
}

/// Asserts that every added member's membership is active in the fake,
/// carries the GUID it was requested with and has a membership id that is
/// not its user id.
fn assert_added_as_requested(fake: &FakeGroupMe, outcome: &AddOutcome) {
    for added in &outcome.added {
        let membership = &added.membership;
        let guid = added.requested.guid_value().expect("every request has a GUID");
        assert_eq!(membership.guid.as_deref(), Some(guid), "{membership:?}");
        assert_eq!(membership.nickname, added.requested.nickname_value());
        assert_ne!(membership.id, membership.user_id, "{membership:?}");
        let stored = membership_in(fake.state(), demo::GROUP_ID, membership.id.as_str());
        assert_eq!(state_of(&stored), "active", "{stored:?}");
        assert_eq!(stored.guid.as_deref(), Some(guid));
        assert_eq!(stored.user_id, membership.user_id);
    }
}

#[tokio::test]
async fn send_adds_whoever_can_be_added_and_names_the_rest() -> TestResult {
    let fake = real_time_fake(REAL_RESULTS_DELAY).await;
    let heidi_id = fake.state().add_user(NewUser::new("Heidi Hacker"))?;
    let client = client_for(&fake, demo::TOKEN);
    let members = client.group(demo::GROUP_ID).members();
    let unknown = NewMember::by_user_id("Ghost", "999999").guid("ghost");
    let mallory = NewMember::by_user_id("Mallory", demo::MALLORY.id).guid("mallory");

    let started = Instant::now();
    let outcome = members
        .add()
        .member(NewMember::by_email("Grace", demo::GRACE.email).guid("grace"))
        .member(unknown.clone())
        .member(NewMember::by_phone("Frank", "+1 555-000-1007").guid("frank"))
        .member(mallory.clone())
        .member(NewMember::by_user_id("Heidi", heidi_id.as_str()).guid("heidi"))
        .member(NewMember::by_email("Newcomer", "new.person@example.com"))
        .send()
        .await?;

    assert!(
        started.elapsed() >= REAL_RESULTS_DELAY,
        "the add waited for its results"
    );
    assert_eq!(added_nicknames(&outcome), ["Grace", "Frank", "Heidi", "Newcomer"]);
    let user_ids: Vec<&str> = outcome
        .added
        .iter()
        .map(|added| added.membership.user_id.as_str())
        .collect();
    assert_eq!(user_ids[..3], [demo::GRACE.id, demo::FRANK.id, heidi_id.as_str()]);
    assert_eq!(outcome.not_added, [unknown, mallory]);
    assert!(outcome.failed.is_empty());
    assert!(!outcome.all_added());
    assert_added_as_requested(&fake, &outcome);

    // The newcomer was invited: GroupMe made them an account.
    let newcomer = fake.state().user(user_ids[3]).expect("the invited user exists");
    assert_eq!(newcomer.email.as_deref(), Some("new.person@example.com"));

    let active = members.list(MemberFilter::Active).await?;
    for added in &outcome.added {
        assert!(ids(&active).contains(&added.membership.id.as_str()), "{added:?}");
    }
    assert_eq!(active.len(), 3 + 4);
    let mallory = membership_in(fake.state(), demo::GROUP_ID, demo::MALLORY_MEMBERSHIP_ID);
    assert_eq!(state_of(&mallory), "removed");
    assert!(fake.state().is_banned(demo::GROUP_ID, demo::MALLORY.id)?);
    Ok(())
}

#[tokio::test]
async fn send_merges_the_outcomes_of_chunks() -> TestResult {
    let fake = real_time_fake(REAL_RESULTS_DELAY).await;
    let client = Client::builder(demo::TOKEN)
        .base_urls(fake.v3_url(), fake.v2_url())
        .polling(fast_polling())
        .add_chunk_size(2)
        .build()?;
    let members = client.group(demo::GROUP_ID).members();

    let outcome = members
        .add()
        .members([
            NewMember::by_email("Frank", demo::FRANK.email),
            NewMember::by_user_id("Mallory", demo::MALLORY.id),
            NewMember::by_email("Grace", demo::GRACE.email),
            NewMember::by_user_id("Bobby", demo::BOB.id),
            NewMember::by_user_id("Dave", demo::DAVE.id),
        ])
        .send()
        .await?;

    assert_eq!(added_nicknames(&outcome), ["Frank", "Grace", "Dave"]);
    assert_eq!(
        not_added_nicknames(&outcome),
        ["Mallory", "Bobby"],
        "banned, already in"
    );
    assert!(outcome.failed.is_empty());
    assert_added_as_requested(&fake, &outcome);
    // Dave had asked to join: his request's membership becomes active.
    assert_eq!(
        outcome.added[2].membership_id(),
        MembershipId::from(demo::DAVE_REQUEST_ID)
    );
    let bob = membership_in(fake.state(), demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID);
    assert_eq!(bob.nickname, "Bob", "an existing member is left alone");
    Ok(())
}

#[tokio::test]
async fn results_are_not_ready_until_the_delay_has_passed() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();

    let started = members
        .add()
        .member(NewMember::by_email("Frank", demo::FRANK.email))
        .member(NewMember::by_user_id("Mallory", demo::MALLORY.id))
        .start()
        .await?;

    assert_eq!(started.results_id, ResultsId::from("results-1"));
    assert_eq!(started.requested.len(), 2);
    assert!(started.requested.iter().all(|m| m.guid_value().is_some()));
    assert_eq!(
        members.results(&started.results_id).await?,
        ResultsStatus::NotReady
    );
    env.clock.advance(RESULTS_DELAY - Duration::from_secs(1));
    assert_eq!(
        members.results(&started.results_id).await?,
        ResultsStatus::NotReady
    );

    env.clock.advance(Duration::from_secs(1));
    let ResultsStatus::Ready(made) = members.results(&started.results_id).await? else {
        panic!("results are ready once the delay has passed");
    };
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0].user_id, demo::FRANK.id);
    assert_eq!(made[0].guid.as_deref(), started.requested[0].guid_value());

    let outcome = members.wait(&started).await?;
    assert_eq!(outcome.added.len(), 1);
    assert_eq!(outcome.added[0].requested, started.requested[0]);
    assert_eq!(outcome.added[0].membership, made[0]);
    assert_eq!(outcome.not_added, started.requested[1..]);
    assert_added_as_requested(&env.fake, &outcome);
    let active = members.list(MemberFilter::Active).await?;
    assert!(ids(&active).contains(&made[0].id.as_str()));
    Ok(())
}

#[tokio::test]
async fn wait_polls_until_the_results_are_ready() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();
    let started = members
        .add()
        .member(NewMember::by_phone("Frank", "+1 5550001007"))
        .start()
        .await?;
    let hold = ms(150);

    let began = Instant::now();
    let release = async {
        tokio::time::sleep(hold).await;
        env.clock.advance(RESULTS_DELAY);
    };
    let (outcome, ()) = tokio::join!(members.wait(&started), release);
    let outcome = outcome?;

    assert!(began.elapsed() >= hold, "wait kept polling while not ready");
    assert!(outcome.all_added());
    assert_eq!(outcome.added[0].membership.user_id, demo::FRANK.id);
    assert_added_as_requested(&env.fake, &outcome);
    Ok(())
}

#[tokio::test]
async fn results_expire() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();
    let started = members
        .add()
        .member(NewMember::by_email("Grace", demo::GRACE.email))
        .start()
        .await?;
    env.clock.advance(RESULTS_DELAY);
    assert!(matches!(
        members.results(&started.results_id).await?,
        ResultsStatus::Ready(_)
    ));

    env.clock.advance(RESULTS_EXPIRY - RESULTS_DELAY);

    let err = members.results(&started.results_id).await.unwrap_err();
    assert!(err.is_results_expired() && !err.is_not_found(), "{err:?}");
    assert_eq!(
        err.body_excerpt(),
        Some("Results are no longer available. Don't try again.")
    );
    let err = members.wait(&started).await.unwrap_err();
    assert!(err.is_results_expired(), "{err:?}");
    let err = members.results(&ResultsId::from("results-99")).await.unwrap_err();
    assert!(err.is_results_expired(), "unknown results are gone too: {err:?}");

    // Only the outcome is gone; Grace was added all the same.
    let active = members.list(MemberFilter::Active).await?;
    assert!(active.iter().any(|m| m.user_id == demo::GRACE.id));
    Ok(())
}

#[tokio::test]
async fn results_that_never_come_time_out() -> TestResult {
    let env = Env::start().await;
    let deadline = ms(150);
    let client = env
        .client()
        .with_polling(PollingPolicy::default().delays(ms(5), ms(20)).deadline(deadline));
    let members = client.group(demo::GROUP_ID).members();

    let began = Instant::now();
    let err = members
        .add()
        .member(NewMember::by_email("Frank", demo::FRANK.email))
        .send()
        .await
        .unwrap_err();

    assert!(err.is_timeout(), "{err:?}");
    assert!(
        matches!(err.kind(), ErrorKind::PollTimeout { requests, .. } if *requests >= 2),
        "{err:?}"
    );
    let waited = began.elapsed();
    assert!(
        waited >= deadline && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    // The add itself went through; only its outcome is unknown.
    let frank = env
        .state()
        .memberships(demo::GROUP_ID)?
        .into_iter()
        .find(|m| m.user_id == demo::FRANK.id)
        .expect("Frank was added");
    assert_eq!(state_of(&frank), "active");

    let started = members
        .add()
        .member(NewMember::by_email("Grace", demo::GRACE.email))
        .start()
        .await?;
    let err = members.wait(&started).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    Ok(())
}

#[tokio::test]
async fn invalid_members_are_refused_before_anything_is_added() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();
    let before = env.state().memberships(demo::GROUP_ID)?;

    let err = members
        .add()
        .member(NewMember::by_email("Frank", demo::FRANK.email))
        .member(NewMember::by_email("Grace", "grace-at-example.com"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.validation().map(|v| (v.field(), v.rule())),
        Some(("members[1].email", &Rule::EmailShape))
    );

    let err = members
        .add()
        .member(NewMember::by_email("Frank", demo::FRANK.email).guid("same"))
        .member(NewMember::by_email("Grace", demo::GRACE.email).guid("same"))
        .start()
        .await
        .unwrap_err();
    assert_eq!(
        err.validation().map(|v| (v.field(), v.rule())),
        Some(("members[1].guid", &Rule::Unique))
    );

    let err = members
        .add()
        .member(NewMember::new("Frank"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err:?}");
    let err = members.add().send().await.unwrap_err();
    assert!(err.is_validation(), "{err:?}");

    assert_eq!(env.state().memberships(demo::GROUP_ID)?, before);
    Ok(())
}

#[tokio::test]
async fn outsiders_cannot_add_to_a_group() -> TestResult {
    let env = Env::start().await;
    let before = env.state().memberships(demo::GROUP_ID)?;

    let err = env
        .client_as(demo::FRANK.token)
        .group(demo::GROUP_ID)
        .members()
        .add()
        .member(NewMember::by_email("Grace", demo::GRACE.email))
        .send()
        .await
        .unwrap_err();

    assert!(err.is_not_found(), "the group is hidden from outsiders: {err:?}");
    assert_eq!(err.operation(), Some("add_members"));
    assert_eq!(env.state().memberships(demo::GROUP_ID)?, before);
    Ok(())
}
