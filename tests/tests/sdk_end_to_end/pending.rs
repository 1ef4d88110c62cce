//! Requests to join: listing them, approving and denying one at a time or
//! all at once, and callers who may not decide.

use groupme_fake::demo;
use groupme_sdk::types::MembershipIds;
use groupme_sdk::{Decision, MemberFilter, MembershipId};
use groupme_tests::TestResult;

use crate::support::{Env, ids, state_of};

/// The plain-text answer of approval to callers who may not decide.
const NOT_OWNER_OR_ADMIN: &str = "You are neither the Owner nor an Admin in this group";

#[tokio::test]
async fn any_member_lists_the_requests_with_their_reasons() -> TestResult {
    let env = Env::start().await;

    let pending = env
        .client_as(demo::BOB.token)
        .group(demo::GROUP_ID)
        .pending()
        .list()
        .await?;

    let requests: Vec<_> = pending
        .iter()
        .map(|p| {
            (
                p.membership_id(),
                p.user_id(),
                p.nickname.as_deref(),
                p.state.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        requests,
        [
            (
                MembershipId::from(demo::DAVE_REQUEST_ID),
                demo::DAVE.id.into(),
                Some("dave"),
                Some("requested_pending")
            ),
            (
                MembershipId::from(demo::ERIN_REQUEST_ID),
                demo::ERIN.id.into(),
                Some("erin"),
                Some("requested_pending")
            ),
        ]
    );
    let answer = pending[0]
        .reason
        .as_ref()
        .and_then(|reason| reason.answer.as_ref())
        .and_then(|answer| answer.response.as_deref());
    assert_eq!(answer, Some("I run the boathouse schedule."));
    Ok(())
}

#[tokio::test]
async fn approving_makes_a_member_and_denying_turns_the_request_down() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let group = client.group(demo::GROUP_ID);

    let approved = group.pending().approve(demo::DAVE_REQUEST_ID).await?;
    assert_eq!(approved.membership_id, 3005);
    assert_eq!(approved.state, "active");
    assert_eq!(
        state_of(&env.membership(demo::GROUP_ID, demo::DAVE_REQUEST_ID)),
        "active"
    );
    let active = group.members().list(MemberFilter::Active).await?;
    assert!(ids(&active).contains(&demo::DAVE_REQUEST_ID));
    let left: Vec<_> = group.pending().list().await?.into_iter().map(|p| p.id).collect();
    assert_eq!(left, [demo::ERIN_REQUEST_ID]);

    let denied = group.pending().deny(demo::ERIN_REQUEST_ID).await?;
    assert_eq!(denied.membership_id, 3006);
    assert_eq!(denied.state, "denied");
    assert_eq!(
        state_of(&env.membership(demo::GROUP_ID, demo::ERIN_REQUEST_ID)),
        "denied"
    );
    assert!(group.pending().list().await?.is_empty());
    let active = group.members().list(MemberFilter::Active).await?;
    assert!(!ids(&active).contains(&demo::ERIN_REQUEST_ID));

    // A decided request cannot be decided again.
    let err = group
        .pending()
        .decide(demo::ERIN_REQUEST_ID, Decision::Approve)
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(
        state_of(&env.membership(demo::GROUP_ID, demo::ERIN_REQUEST_ID)),
        "denied"
    );
    Ok(())
}

#[tokio::test]
async fn approve_all_lets_every_requester_in() -> TestResult {
    let env = Env::start().await;
    let client = env.client_as(demo::ALICE.token);
    let pending = client.group(demo::GROUP_ID).pending();

    let outcome = pending.approve_all().await?;

    let decided: Vec<_> = outcome
        .decided
        .iter()
        .map(|d| (d.membership_id, d.state.as_str()))
        .collect();
    assert_eq!(decided, [(3005, "active"), (3006, "active")]);
    assert!(outcome.failed.is_empty());
    for id in [demo::DAVE_REQUEST_ID, demo::ERIN_REQUEST_ID] {
        assert_eq!(state_of(&env.membership(demo::GROUP_ID, id)), "active");
    }
    assert!(pending.list().await?.is_empty());

    let again = pending.approve_all().await?;
    assert!(again.decided.is_empty() && again.failed.is_empty());
    Ok(())
}

#[tokio::test]
async fn deny_all_turns_every_request_down() -> TestResult {
    let env = Env::start().await;
    let client = env.client();

    let outcome = client.group(demo::GROUP_ID).pending().deny_all().await?;

    let decided: Vec<_> = outcome
        .decided
        .iter()
        .map(|d| (d.membership_id, d.state.as_str()))
        .collect();
    assert_eq!(decided, [(3005, "denied"), (3006, "denied")]);
    assert!(outcome.failed.is_empty());
    for id in [demo::DAVE_REQUEST_ID, demo::ERIN_REQUEST_ID] {
        assert_eq!(state_of(&env.membership(demo::GROUP_ID, id)), "denied");
    }
    Ok(())
}

#[tokio::test]
async fn plain_members_may_not_decide() -> TestResult {
    let env = Env::start().await;
    let bob = env.client_as(demo::BOB.token);
    let pending = bob.group(demo::GROUP_ID).pending();

    let err = pending.approve(demo::DAVE_REQUEST_ID).await.unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(err.body_excerpt(), Some(NOT_OWNER_OR_ADMIN));
    assert_eq!(err.api_errors(), None);
    assert!(err.to_string().contains(NOT_OWNER_OR_ADMIN), "{err}");

    let outcome = pending.deny_all().await?;
    assert!(outcome.decided.is_empty());
    let failed: Vec<_> = outcome
        .failed
        .iter()
        .map(|(id, err)| (id.as_str(), err.is_unauthorized(), err.body_excerpt()))
        .collect();
    assert_eq!(
        failed,
        [
            (demo::DAVE_REQUEST_ID, true, Some(NOT_OWNER_OR_ADMIN)),
            (demo::ERIN_REQUEST_ID, true, Some(NOT_OWNER_OR_ADMIN)),
        ]
    );
    for id in [demo::DAVE_REQUEST_ID, demo::ERIN_REQUEST_ID] {
        assert_eq!(state_of(&env.membership(demo::GROUP_ID, id)), "requested_pending");
    }
    Ok(())
}

#[tokio::test]
async fn the_demo_user_may_not_decide_in_the_other_group() -> TestResult {
    let env = Env::start().await;
    let request = env
        .state()
        .add_join_request(demo::OTHER_GROUP_ID, demo::FRANK.id, "frank")?;
    let client = env.client();
    let pending = client.group(demo::OTHER_GROUP_ID).pending();

    let listed: Vec<_> = pending.list().await?.into_iter().map(|p| p.id).collect();
    assert_eq!(listed, [request.as_str()]);
    let err = pending.deny(request.as_str()).await.unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(err.body_excerpt(), Some(NOT_OWNER_OR_ADMIN));

    assert_eq!(
        state_of(&env.membership(demo::OTHER_GROUP_ID, &request)),
        "requested_pending"
    );
    Ok(())
}
