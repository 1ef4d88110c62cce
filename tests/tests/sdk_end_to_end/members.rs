//! A group's members: the index, removing, banning (v2) and the caller's
//! nickname, with the permission failures of each.

use groupme_fake::demo;
use groupme_sdk::types::MembershipIds;
use groupme_sdk::validate::Rule;
use groupme_sdk::{MemberFilter, MembershipId, NewMember, UserId};
use groupme_tests::TestResult;

use crate::support::{Env, assert_api_error, assert_invalid, ids, state_of};

#[tokio::test]
async fn owners_list_current_and_former_members() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();

    let active = members.list(MemberFilter::Active).await?;
    assert_eq!(
        ids(&active),
        [
            demo::DEMO_MEMBERSHIP_ID,
            demo::ALICE_MEMBERSHIP_ID,
            demo::BOB_MEMBERSHIP_ID
        ]
    );
    let owner = active
        .iter()
        .find(|m| m.membership_id() == MembershipId::from(demo::DEMO_MEMBERSHIP_ID))
        .expect("the owner is listed");
    assert_eq!(owner.user_id(), UserId::from(demo::USER_ID));
    assert_eq!(owner.nickname, "Demo");
    assert_eq!(
        owner.roles.as_deref(),
        Some(&["owner".to_owned(), "admin".to_owned()][..])
    );
    assert!(active.iter().all(|m| state_of(m) == "active"));

    let former = members.list(MemberFilter::Inactive).await?;
    assert_eq!(
        ids(&former),
        [demo::CAROL_MEMBERSHIP_ID, demo::MALLORY_MEMBERSHIP_ID]
    );
    let states: Vec<_> = former.iter().map(|m| (m.user_id.as_str(), state_of(m))).collect();
    assert!(states.contains(&(demo::CAROL.id, "exited")), "{states:?}");
    assert!(states.contains(&(demo::MALLORY.id, "removed")), "{states:?}");

    // An admin who is not the owner may list too.
    let by_alice = env
        .client_as(demo::ALICE.token)
        .group(demo::GROUP_ID)
        .members()
        .list(MemberFilter::Active)
        .await?;
    assert_eq!(by_alice, active);

    let found = members
        .find_user(&UserId::from(demo::CAROL.id), MemberFilter::Inactive)
        .await?;
    assert_eq!(found.map(|m| m.id), Some(demo::CAROL_MEMBERSHIP_ID.to_owned()));
    Ok(())
}

#[tokio::test]
async fn plain_members_may_not_list_members() -> TestResult {
    let env = Env::start().await;

    let err = env
        .client_as(demo::BOB.token)
        .group(demo::GROUP_ID)
        .members()
        .list(MemberFilter::Active)
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_api_error(&err, 401, &["unauthorized"]);

    // The demo user is a plain member of the other group.
    let err = env
        .client()
        .group(demo::OTHER_GROUP_ID)
        .members()
        .list(MemberFilter::Inactive)
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(err.operation(), Some("list_members"));
    Ok(())
}

#[tokio::test]
async fn unknown_groups_are_not_found() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let group = client.group("9999");

    let err = group.members().list(MemberFilter::Active).await.unwrap_err();
    assert!(err.is_not_found() && !err.is_unauthorized(), "{err:?}");
    assert_api_error(&err, 404, &["group not found"]);

    let err = group.members().remove("3001").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = group.pending().list().await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = group.set_nickname("Nobody").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    Ok(())
}

#[tokio::test]
async fn members_are_removed_by_membership_id() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();

    members.remove(demo::BOB_MEMBERSHIP_ID).await?;

    assert_eq!(
        state_of(&env.membership(demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID)),
        "removed"
    );
    let active = members.list(MemberFilter::Active).await?;
    assert_eq!(
        ids(&active),
        [demo::DEMO_MEMBERSHIP_ID, demo::ALICE_MEMBERSHIP_ID]
    );
    let former = members.list(MemberFilter::Inactive).await?;
    assert!(ids(&former).contains(&demo::BOB_MEMBERSHIP_ID));

    // Bob's user id is not a membership id of this group.
    let err = members.remove(demo::BOB.id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    Ok(())
}

#[tokio::test]
async fn members_are_removed_by_user_id() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();

    let removed = members.remove_user(demo::ALICE.id).await?;

    assert_eq!(removed, MembershipId::from(demo::ALICE_MEMBERSHIP_ID));
    assert_eq!(
        state_of(&env.membership(demo::GROUP_ID, demo::ALICE_MEMBERSHIP_ID)),
        "removed"
    );

    // Carol is a former member, so there is no current membership to remove.
    let err = members.remove_user(demo::CAROL.id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.status(), None, "found missing in the index, nothing removed");
    assert_eq!(
        state_of(&env.membership(demo::GROUP_ID, demo::CAROL_MEMBERSHIP_ID)),
        "exited"
    );
    Ok(())
}

#[tokio::test]
async fn the_creator_cannot_be_removed() -> TestResult {
    let env = Env::start().await;

    let err = env
        .client_as(demo::ALICE.token)
        .group(demo::GROUP_ID)
        .members()
        .remove(demo::DEMO_MEMBERSHIP_ID)
        .await
        .unwrap_err();

    assert_api_error(&err, 400, &["the creator of the group cannot be removed"]);
    let err = env
        .client()
        .group(demo::GROUP_ID)
        .members()
        .remove_user(demo::USER_ID)
        .await
        .unwrap_err();
    assert_api_error(&err, 400, &["the creator of the group cannot be removed"]);
    assert_eq!(
        state_of(&env.membership(demo::GROUP_ID, demo::DEMO_MEMBERSHIP_ID)),
        "active"
    );
    Ok(())
}

#[tokio::test]
async fn plain_members_may_not_remove_others() -> TestResult {
    let env = Env::start().await;

    let err = env
        .client_as(demo::BOB.token)
        .group(demo::GROUP_ID)
        .members()
        .remove(demo::ALICE_MEMBERSHIP_ID)
        .await
        .unwrap_err();

    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(
        state_of(&env.membership(demo::GROUP_ID, demo::ALICE_MEMBERSHIP_ID)),
        "active"
    );
    Ok(())
}

#[tokio::test]
async fn former_members_are_banned_by_membership_id() -> TestResult {
    let env = Env::start().await;
    assert!(!env.state().is_banned(demo::GROUP_ID, demo::CAROL.id)?);

    env.client()
        .group(demo::GROUP_ID)
        .members()
        .ban(demo::CAROL_MEMBERSHIP_ID)
        .await?;

    assert!(env.state().is_banned(demo::GROUP_ID, demo::CAROL.id)?);
    Ok(())
}

#[tokio::test]
async fn a_removed_member_is_banned_by_user_id() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();
    members.remove(demo::BOB_MEMBERSHIP_ID).await?;

    let banned = members.ban_user(demo::BOB.id).await?;

    assert_eq!(banned, MembershipId::from(demo::BOB_MEMBERSHIP_ID));
    assert!(env.state().is_banned(demo::GROUP_ID, demo::BOB.id)?);
    Ok(())
}

#[tokio::test]
async fn current_members_cannot_be_banned() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();

    let err = members.ban(demo::ALICE_MEMBERSHIP_ID).await.unwrap_err();
    assert_api_error(
        &err,
        400,
        &["only former members can be banned; remove them first"],
    );
    assert_eq!(err.operation(), Some("ban_member"));

    // ban_user looks among former members only.
    let err = members.ban_user(demo::ALICE.id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");

    assert!(!env.state().is_banned(demo::GROUP_ID, demo::ALICE.id)?);
    assert_eq!(
        state_of(&env.membership(demo::GROUP_ID, demo::ALICE_MEMBERSHIP_ID)),
        "active"
    );

    let err = env
        .client_as(demo::BOB.token)
        .group(demo::GROUP_ID)
        .members()
        .ban(demo::CAROL_MEMBERSHIP_ID)
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "plain members may not ban: {err:?}");
    assert!(!env.state().is_banned(demo::GROUP_ID, demo::CAROL.id)?);
    Ok(())
}

#[tokio::test]
async fn a_banned_user_is_not_added_again() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let members = client.group(demo::GROUP_ID).members();
    members.ban_user(demo::CAROL.id).await?;

    let started = members
        .add()
        .member(NewMember::by_user_id("Carol again", demo::CAROL.id))
        .member(NewMember::by_email("Carol by mail", demo::CAROL.email))
        .start()
        .await?;
    env.clock.advance(crate::support::RESULTS_DELAY);
    let outcome = members.wait(&started).await?;

    assert!(outcome.added.is_empty(), "{:?}", outcome.added);
    assert_eq!(outcome.not_added, started.requested);
    let carol = env.membership(demo::GROUP_ID, demo::CAROL_MEMBERSHIP_ID);
    assert_eq!((carol.nickname.as_str(), state_of(&carol)), ("Carol", "exited"));
    Ok(())
}

#[tokio::test]
async fn a_nickname_of_50_multibyte_characters_is_accepted() -> TestResult {
    let env = Env::start().await;
    let nickname = "ü😀".repeat(25);
    assert_eq!(nickname.chars().count(), 50);
    assert!(nickname.len() > 50);

    let member = env
        .client()
        .group(demo::GROUP_ID)
        .set_nickname(&*nickname)
        .await?;

    assert_eq!(member.id, demo::DEMO_MEMBERSHIP_ID);
    assert_eq!(member.nickname, nickname);
    let stored = env.membership(demo::GROUP_ID, demo::DEMO_MEMBERSHIP_ID);
    assert_eq!(stored.nickname, nickname);
    assert_eq!(
        env.membership(demo::OTHER_GROUP_ID, demo::OTHER_GROUP_DEMO_MEMBERSHIP_ID)
            .nickname,
        "Demo",
        "only the group's nickname changes"
    );
    Ok(())
}

#[tokio::test]
async fn a_nickname_of_51_characters_is_refused_before_sending() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let group = client.group(demo::GROUP_ID);

    let err = group.set_nickname("ü".repeat(51)).await.unwrap_err();
    let rule = Rule::CharLength {
        min: 1,
        max: 50,
        actual: 51,
    };
    assert_invalid(&err, "membership.nickname", &rule);
    let err = group.set_nickname("").await.unwrap_err();
    assert!(err.is_validation(), "{err:?}");

    assert_eq!(
        env.membership(demo::GROUP_ID, demo::DEMO_MEMBERSHIP_ID).nickname,
        "Demo"
    );
    Ok(())
}
