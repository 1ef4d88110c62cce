//! Groups end to end: paging through the index, creating, showing,
//! updating and disbanding, sharing and joining, leaving and rejoining,
//! handing over, membership states and mutes, with the permissions the
//! documents give.

use futures::TryStreamExt;
use groupme_fake::demo;
use groupme_sdk::types::{GroupFields as _, GroupType, MembershipIds as _};
use groupme_sdk::validate::Rule;
use groupme_sdk::{GroupId, MuteDuration, OwnerChange, OwnerChangeStatus};
use groupme_tests::TestResult;

use crate::support::{Env, assert_api_error, assert_invalid, state_of};

#[tokio::test]
async fn the_index_streams_every_group_across_pages() -> TestResult {
    let env = Env::start().await;
    let mut expected: Vec<GroupId> = ["Alpine", "Birders", "Cyclists", "Divers", "Editors"]
        .into_iter()
        .map(|name| GroupId::from(env.state().create_group(name, demo::USER_ID).unwrap()))
        .collect();
    expected.reverse();
    expected.extend([demo::OTHER_GROUP_ID, demo::GROUP_ID].map(GroupId::from));

    let client = env.client();
    let mut stream = client.groups().list().per_page(2).omit_memberships(true);
    let mut seen = Vec::new();
    while let Some(group) = stream.try_next().await? {
        assert_eq!(group.members, None, "memberships were omitted");
        seen.push(group.group_id());
    }

    assert_eq!(
        seen, expected,
        "seven groups over four pages, then the empty fifth"
    );
    let all = client.groups().list().collect_all().await?;
    assert_eq!(all.len(), 7);
    assert!(all.iter().all(|group| group.members.is_some()));
    Ok(())
}

#[tokio::test]
async fn a_created_group_can_be_shown_changed_and_disbanded_by_its_creator() -> TestResult {
    let env = Env::start().await;
    let frank = env.client_as(demo::FRANK.token);

    let created = frank
        .groups()
        .create("Board Games")
        .description("Thursday nights")
        .send()
        .await?;
    let group = frank.group(created.group_id());
    assert_eq!(created.creator_id(), Some(demo::FRANK.id.into()));
    assert_eq!(created.share_token(), None, "not shared unless asked");

    let changed = group
        .update()
        .name("Board Games Club")
        .share(true)
        .group_type(GroupType::Closed)
        .join_question("Favourite game?")
        .send()
        .await?;
    assert_eq!(changed.name, "Board Games Club");
    assert_eq!(changed.type_.as_deref(), Some("closed"));
    assert_eq!(changed.requires_approval, Some(true));
    assert!(changed.share_token().is_some());
    assert_eq!(group.get().await?.name, "Board Games Club");

    group.destroy().await?;
    assert!(env.state().group(created.group_id().as_str()).is_none());
    assert!(group.get().await.unwrap_err().is_not_found());
    Ok(())
}

#[tokio::test]
async fn only_admins_change_a_closed_group_and_only_the_creator_disbands() -> TestResult {
    let env = Env::start().await;
    let demo_user = env.client();
    let owner = demo_user.group(demo::GROUP_ID);
    let bob = env.client_as(demo::BOB.token);
    let alice = env.client_as(demo::ALICE.token);

    bob.group(demo::GROUP_ID)
        .update()
        .description("Private: anyone may")
        .send()
        .await?;
    owner.update().group_type(GroupType::Closed).send().await?;
    let err = bob
        .group(demo::GROUP_ID)
        .update()
        .description("Not now")
        .send()
        .await
        .unwrap_err();
    assert_api_error(&err, 401, &["unauthorized"]);
    alice
        .group(demo::GROUP_ID)
        .update()
        .description("Admins may")
        .send()
        .await?;

    let err = alice.group(demo::GROUP_ID).destroy().await.unwrap_err();
    assert_api_error(&err, 401, &["unauthorized"]);
    let err = env
        .client_as(demo::FRANK.token)
        .group(demo::GROUP_ID)
        .get()
        .await
        .unwrap_err();
    assert_api_error(&err, 404, &["group not found"]);
    let err = owner.update().name("x".repeat(141)).send().await.unwrap_err();
    assert_invalid(
        &err,
        "name",
        &Rule::CharLength {
            min: 1,
            max: 140,
            actual: 141,
        },
    );
    Ok(())
}

#[tokio::test]
async fn a_share_token_from_the_group_lets_someone_join() -> TestResult {
    let env = Env::start().await;
    let shared = env
        .client()
        .group(demo::GROUP_ID)
        .update()
        .share(true)
        .send()
        .await?;
    let token = shared.share_token().expect("a share token").to_owned();
    let grace = env.client_as(demo::GRACE.token);

    let joined = grace.groups().join(demo::GROUP_ID, token.as_str()).await?;

    let grace_member = joined
        .members
        .unwrap_or_default()
        .into_iter()
        .find(|member| member.user_id == demo::GRACE.id)
        .expect("Grace is a member");
    assert_eq!(grace_member.roles.clone().unwrap_or_default(), ["user"]);
    let err = env
        .client_as(demo::FRANK.token)
        .groups()
        .join(demo::GROUP_ID, "not-the-token")
        .await
        .unwrap_err();
    assert_api_error(&err, 404, &["group not found"]);
    Ok(())
}

#[tokio::test]
async fn leaving_makes_a_former_group_that_can_be_rejoined() -> TestResult {
    let env = Env::start().await;
    let bob = env.client_as(demo::BOB.token);
    let group = bob.group(demo::GROUP_ID);

    group.members().remove(demo::BOB_MEMBERSHIP_ID).await?;
    let former: Vec<GroupId> = bob
        .groups()
        .former()
        .await?
        .iter()
        .map(|g| g.group_id())
        .collect();
    assert_eq!(former, [GroupId::from(demo::GROUP_ID)]);
    let states = bob.groups().membership_states().await?;
    assert_eq!(states.len(), 1);
    assert_eq!(
        (states[0].group_id.as_str(), states[0].state.as_str()),
        (demo::GROUP_ID, "exited")
    );

    let rejoined = bob.groups().rejoin(demo::GROUP_ID).await?;
    assert_eq!(rejoined.group_id(), GroupId::from(demo::GROUP_ID));
    let bob_now = env.membership(demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID);
    assert_eq!(state_of(&bob_now), "active");
    assert!(bob.groups().former().await?.is_empty());

    let err = env
        .client_as(demo::MALLORY.token)
        .groups()
        .rejoin(demo::GROUP_ID)
        .await
        .unwrap_err();
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(400),
        "removed and banned: {err:?}"
    );
    Ok(())
}

#[tokio::test]
async fn handing_groups_over_reports_each_change() -> TestResult {
    let env = Env::start().await;
    let client = env.client();

    let outcomes = client
        .groups()
        .change_owners([
            OwnerChange::new(demo::GROUP_ID, demo::BOB.id),
            OwnerChange::new(demo::OTHER_GROUP_ID, demo::BOB.id),
            OwnerChange::new(demo::GROUP_ID, demo::USER_ID),
        ])
        .await?;

    let statuses: Vec<_> = outcomes.iter().map(|o| o.status.clone()).collect();
    assert_eq!(
        statuses,
        [
            OwnerChangeStatus::Changed,
            OwnerChangeStatus::NotOwner,
            OwnerChangeStatus::NotOwner,
        ],
        "the third comes after the demo user gave the group away"
    );
    let bob = env.membership(demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID);
    assert_eq!(bob.roles.clone().unwrap_or_default(), ["owner", "admin"]);
    assert_eq!(bob.membership_id().as_str(), demo::BOB_MEMBERSHIP_ID);
    let group = client.group(demo::GROUP_ID).get().await?;
    assert_eq!(group.creator_id(), Some(demo::BOB.id.into()));
    Ok(())
}

#[tokio::test]
async fn muting_on_either_host_shows_on_the_membership() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let group = client.group(demo::GROUP_ID);

    let muted = group.mute(MuteDuration::Minutes(15)).await?;
    assert_eq!(muted.state.as_deref(), Some("muted"));
    assert!(env.membership(demo::GROUP_ID, demo::DEMO_MEMBERSHIP_ID).muted == Some(true));
    let unmuted = group.unmute().await?;
    assert_eq!(unmuted.muted_until, None);

    let all = group.mute_with_topics(MuteDuration::UntilUnmuted).await?;
    assert_eq!(all.muted_until, Some(253_402_300_800));
    assert_eq!(all.creator, Some(true));
    let none = group.unmute_with_topics().await?;
    assert_eq!(none.muted, Some(false));
    assert!(env.membership(demo::GROUP_ID, demo::DEMO_MEMBERSHIP_ID).muted == Some(false));
    Ok(())
}
