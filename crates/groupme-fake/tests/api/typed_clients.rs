//! The generated clients understand every answer: the fake's bodies have
//! the spec's shape (its types are the ones the clients decode with).

use futures::TryStreamExt;
use groupme_api::v2::types::{ProfileChanges, UpdateProfileRequest};
use groupme_api::v3::types::{
    AddMembersRequest, ApprovalRequest, CampusProfileVisibility, MembershipFilter, NewMember,
    UpdateDirectoryMembershipRequest,
};
use groupme_api::{AccessToken, Clearable, Envelope, MetaErrors};
use groupme_fake::demo;

use crate::helpers::{RESULTS_DELAY, start};

fn v3(fake: &crate::helpers::Fake, token: &str) -> groupme_api::v3::Client {
    groupme_api::v3::Client::with_token(&fake.server.v3_url(), &AccessToken::new(token)).expect("a client")
}

#[tokio::test]
async fn the_v3_client_reads_users_and_members() {
    let fake = start().await;
    let client = v3(&fake, demo::TOKEN);
    let (me, meta) = client.get_me().send().await.unwrap().into_inner().into_parts();
    assert_eq!(meta.code, 200);
    assert_eq!(me.unwrap().name, "Demo User");

    let index = client
        .list_members()
        .group_id(demo::GROUP_ID)
        .filter(MembershipFilter::Inactive)
        .send()
        .await
        .unwrap()
        .into_inner()
        .response
        .unwrap();
    let memberships = index.memberships.unwrap();
    let states: Vec<_> = memberships.iter().map(|m| m.state.as_deref().unwrap()).collect();
    assert_eq!(states, ["exited", "removed"]);

    let pending = client
        .list_pending_memberships()
        .group_id(demo::GROUP_ID)
        .send()
        .await
        .unwrap()
        .into_inner()
        .response
        .unwrap();
    assert_eq!(
        pending[0]
            .reason
            .as_ref()
            .unwrap()
            .answer
            .as_ref()
            .unwrap()
            .response
            .as_deref(),
        Some("I run the boathouse schedule.")
    );
}

#[tokio::test]
async fn the_v3_client_adds_members_and_reads_the_results() {
    let fake = start().await;
    let client = v3(&fake, demo::TOKEN);
    let member: NewMember = serde_json::from_value(serde_json::json!({
        "nickname": "Frankie",
        "user_id": demo::FRANK.id,
        "guid": "GUID-F"
    }))
    .unwrap();
    let accepted = client
        .add_members()
        .group_id(demo::GROUP_ID)
        .body(AddMembersRequest {
            members: vec![member],
        })
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 202);
    let results_id = accepted.into_inner().response.unwrap().results_id;

    let not_ready = client
        .get_member_results()
        .group_id(demo::GROUP_ID)
        .results_id(results_id.as_str())
        .send()
        .await
        .unwrap_err();
    assert_eq!(not_ready.status().map(|s| s.as_u16()), Some(503));

    fake.clock.advance(RESULTS_DELAY);
    let results = client
        .get_member_results()
        .group_id(demo::GROUP_ID)
        .results_id(results_id.as_str())
        .send()
        .await
        .unwrap()
        .into_inner()
        .response
        .unwrap();
    let members = results.members.unwrap();
    assert_eq!(members[0].guid.as_deref(), Some("GUID-F"));
    assert_eq!(members[0].user_id, demo::FRANK.id);
}

#[tokio::test]
async fn the_v3_client_decides_requests_and_sets_the_directory() {
    let fake = start().await;
    let client = v3(&fake, demo::TOKEN);
    let decision = client
        .decide_pending_membership()
        .group_id(demo::GROUP_ID)
        .membership_id(demo::DAVE_REQUEST_ID)
        .body(ApprovalRequest { approval: true })
        .send()
        .await
        .unwrap()
        .into_inner()
        .response
        .unwrap();
    assert_eq!(decision.membership_id, 3005);
    assert_eq!(decision.state, "active");

    let directory = client
        .update_directory_membership()
        .body(UpdateDirectoryMembershipRequest {
            graduation_year: Some(Clearable::Set(2030)),
            campus_profile_visibility: Some(CampusProfileVisibility::GraduationYear),
        })
        .send()
        .await
        .unwrap()
        .into_inner()
        .response
        .unwrap();
    assert_eq!(directory.graduation_year.as_deref(), Some("2030"));
    assert_eq!(directory.user_id, Some(1001));
}

#[tokio::test]
async fn the_clients_decode_error_envelopes() {
    let fake = start().await;
    let error = v3(&fake, "not-a-token").get_me().send().await.unwrap_err();
    let groupme_api::Error::ErrorResponse(response) = error else {
        panic!("an error envelope, got {error:?}");
    };
    assert_eq!(response.status(), 401);
    // The generated clients hand error bodies over raw; decode the envelope.
    let chunks: Vec<_> = response.into_inner().into_inner().try_collect().await.unwrap();
    let envelope: groupme_api::ErrorEnvelope = serde_json::from_slice(&chunks.concat()).unwrap();
    assert_eq!(
        envelope.meta.errors,
        Some(MetaErrors::ErrorMessages(Some(vec!["unauthorized".to_owned()])))
    );

    let error = v3(&fake, demo::TOKEN)
        .update_nickname()
        .group_id(demo::GROUP_ID)
        .body_map(|body| body.membership(groupme_api::v3::types::NicknameChange::builder().nickname("x")))
        .send()
        .await;
    assert!(error.is_ok(), "a one-character nickname is fine: {error:?}");
}

#[tokio::test]
async fn the_v2_client_updates_the_profile() {
    let fake = start().await;
    let client =
        groupme_api::v2::Client::with_token(&fake.server.v2_url(), &AccessToken::new(demo::TOKEN)).unwrap();
    let changes = ProfileChanges {
        bio: Some("Out on the water most weekends.".to_owned()),
        intrests: vec![1005],
        ..ProfileChanges::default()
    };
    let profile = client
        .update_profile()
        .user_id(demo::USER_ID)
        .body(UpdateProfileRequest { user: changes })
        .send()
        .await
        .unwrap()
        .into_inner()
        .response
        .unwrap()
        .user;
    assert_eq!(profile.bio.as_deref(), Some("Out on the water most weekends."));
    assert_eq!(profile.interests, Some(vec![1005]));

    let banned = client
        .ban_member()
        .group_id(demo::GROUP_ID)
        .membership_id(demo::CAROL_MEMBERSHIP_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(banned.status(), 200);
}
