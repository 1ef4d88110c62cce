//! A token GroupMe does not know is refused on both hosts, and never shows
//! in the errors.

use groupme_fake::demo;
use groupme_sdk::{Error, MemberFilter};
use groupme_tests::TestResult;

use crate::support::{Env, assert_api_error};

const WRONG_TOKEN: &str = "wrong-token-5d1c";

/// Asserts that `err` is a `401` that does not show the token.
fn assert_refused(err: &Error) {
    assert!(err.is_unauthorized(), "{err:?}");
    assert_api_error(err, 401, &["unauthorized"]);
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(WRONG_TOKEN), "{shown}");
    }
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized_on_v3() -> TestResult {
    let env = Env::start().await;
    let client = env.client_as(WRONG_TOKEN);

    assert_refused(&client.me().await.unwrap_err());
    let err = client
        .group(demo::GROUP_ID)
        .members()
        .list(MemberFilter::Active)
        .await
        .unwrap_err();
    assert_refused(&err);
    let err = client.profile().enable_sharing().await.unwrap_err();
    assert_refused(&err);

    assert_eq!(env.state().user(demo::USER_ID).and_then(|u| u.share_url), None);
    Ok(())
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized_on_v2() -> TestResult {
    let env = Env::start().await;
    let client = env.client_as(WRONG_TOKEN);
    let before = env.state().profile(demo::USER_ID);

    let err = client
        .profile()
        .update_extended()
        .user_id(demo::USER_ID)
        .bio("not mine")
        .send()
        .await
        .unwrap_err();
    assert_refused(&err);
    assert_eq!(err.operation(), Some("update_profile"));

    let err = client
        .group(demo::GROUP_ID)
        .members()
        .ban(demo::CAROL_MEMBERSHIP_ID)
        .await
        .unwrap_err();
    assert_refused(&err);
    assert_eq!(err.operation(), Some("ban_member"));

    assert_eq!(env.state().profile(demo::USER_ID), before);
    assert!(!env.state().is_banned(demo::GROUP_ID, demo::CAROL.id)?);
    Ok(())
}
