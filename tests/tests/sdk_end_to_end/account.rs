//! The caller's own account: `me`, profile updates on v3 and v2, profile
//! sharing, SMS mode and the campus directory.

use std::time::Duration;

use groupme_fake::demo;
use groupme_sdk::validate::Rule;
use groupme_sdk::{CampusVisibility, SmsDuration};
use groupme_tests::TestResult;

use crate::support::{Env, assert_api_error, assert_invalid};

const HOUR: Duration = Duration::from_secs(3600);
const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test]
async fn me_is_the_user_the_token_belongs_to() -> TestResult {
    let env = Env::start().await;

    let me = env.client().me().await?;
    assert_eq!(me.id, demo::USER_ID);
    assert_eq!(me.name, demo::DEMO_USER.name);
    assert_eq!(me.email.as_deref(), Some(demo::DEMO_USER.email));
    assert_eq!(me.phone_number.as_deref(), demo::DEMO_USER.phone_number);
    assert_eq!(me.sms, Some(false));
    assert_eq!(me.share_url, None);
    assert_eq!(Some(me), env.state().user(demo::USER_ID));

    let alice = env.client_as(demo::ALICE.token).me().await?;
    assert_eq!(
        (alice.id.as_str(), alice.name.as_str()),
        (demo::ALICE.id, demo::ALICE.name)
    );
    Ok(())
}

#[tokio::test]
async fn the_v3_profile_update_changes_the_account() -> TestResult {
    let env = Env::start().await;
    let client = env.client();

    let updated = client
        .profile()
        .update()
        .name("Kestrel Vance")
        .email("tom@example.com")
        .avatar_url("https://i.groupme.com/avatar.kestrel")
        .zip_code("92145")
        .send()
        .await?;

    assert_eq!(updated.id, demo::USER_ID);
    assert_eq!(updated.name, "Kestrel Vance");
    assert_eq!(updated.email.as_deref(), Some("tom@example.com"));
    assert_eq!(
        updated.image_url.as_deref(),
        Some("https://i.groupme.com/avatar.kestrel")
    );
    assert_eq!(updated.zip_code.as_deref(), Some("92145"));
    assert_eq!(env.state().user(demo::USER_ID), Some(updated.clone()));
    assert_eq!(client.me().await?, updated);
    Ok(())
}

#[tokio::test]
async fn the_v3_profile_update_refuses_a_single_name_before_sending() -> TestResult {
    let env = Env::start().await;
    let before = env.state().user(demo::USER_ID);

    let err = env
        .client()
        .profile()
        .update()
        .name("Tom")
        .zip_code("92145")
        .send()
        .await
        .unwrap_err();
    assert_invalid(&err, "name", &Rule::FirstAndLastName);

    let err = env.client().profile().update().send().await.unwrap_err();
    assert!(
        matches!(err.validation().map(|v| v.rule()), Some(Rule::Requires(_))),
        "{err:?}"
    );

    assert_eq!(env.state().user(demo::USER_ID), before);
    Ok(())
}

#[tokio::test]
async fn the_v2_profile_update_with_the_user_id_changes_the_extended_profile() -> TestResult {
    let env = Env::start().await;
    let photos = [
        "https://i.groupme.com/1",
        "https://i.groupme.com/2",
        "https://i.groupme.com/3",
    ];

    let profile = env
        .client()
        .profile()
        .update_extended()
        .user_id(demo::USER_ID)
        .name("Tom")
        .bio("Out on the water most weekends.")
        .song_url("https://open.spotify.com/track/abc")
        .photo_urls(photos)
        .interests([3, 14])
        .disable_favorite_notification(true)
        .group_notification_sound("gm4.wav")
        .dm_notification_sound("gm9.wav")
        .send()
        .await?;

    assert_eq!(profile.id, demo::USER_ID);
    assert_eq!(profile.name, "Tom", "v2 allows a name without a last name");
    assert_eq!(profile.bio.as_deref(), Some("Out on the water most weekends."));
    assert_eq!(
        profile.song_url.as_deref(),
        Some("https://open.spotify.com/track/abc")
    );
    assert_eq!(profile.photo_urls, Some(photos.map(String::from).to_vec()));
    assert_eq!(profile.interests, Some(vec![3, 14]));
    assert_eq!(profile.disable_favorite_notification, Some(true));
    assert_eq!(profile.group_notification_sound.as_deref(), Some("gm4.wav"));
    assert_eq!(profile.dm_notification_sound.as_deref(), Some("gm9.wav"));
    assert_eq!(env.state().profile(demo::USER_ID), Some(profile));
    assert_eq!(
        env.state().user(demo::USER_ID).map(|user| user.name),
        Some("Tom".to_owned())
    );
    Ok(())
}

#[tokio::test]
async fn the_v2_profile_update_without_a_user_id_asks_who_the_caller_is() -> TestResult {
    let env = Env::start().await;

    let profile = env
        .client_as(demo::BOB.token)
        .profile()
        .update_extended()
        .bio("Bob's bio")
        .send()
        .await?;

    assert_eq!(profile.id, demo::BOB.id);
    assert_eq!(profile.bio.as_deref(), Some("Bob's bio"));
    assert_eq!(env.state().profile(demo::BOB.id), Some(profile));
    assert_eq!(
        env.state().profile(demo::USER_ID).and_then(|p| p.bio),
        None,
        "only the caller's profile changes"
    );
    Ok(())
}

#[tokio::test]
async fn the_v2_profile_update_of_someone_else_is_forbidden() -> TestResult {
    let env = Env::start().await;
    let before = env.state().profile(demo::ALICE.id);

    let err = env
        .client()
        .profile()
        .update_extended()
        .user_id(demo::ALICE.id)
        .bio("not mine")
        .send()
        .await
        .unwrap_err();

    assert!(err.is_forbidden(), "{err:?}");
    assert_api_error(&err, 403, &["you may only update your own profile"]);
    assert_eq!(env.state().profile(demo::ALICE.id), before);
    Ok(())
}

#[tokio::test]
async fn a_gallery_of_two_photos_is_refused_before_sending() -> TestResult {
    let env = Env::start().await;
    let before = env.state().profile(demo::USER_ID);

    let err = env
        .client()
        .profile()
        .update_extended()
        .user_id(demo::USER_ID)
        .bio("sent along with the gallery")
        .photo_urls(["https://i.groupme.com/1", "https://i.groupme.com/2"])
        .send()
        .await
        .unwrap_err();

    assert_invalid(&err, "user.photo_urls", &Rule::MinItems { min: 3, actual: 2 });
    assert_eq!(env.state().profile(demo::USER_ID), before, "nothing was sent");
    Ok(())
}

#[tokio::test]
async fn sharing_again_after_disabling_gives_a_new_link() -> TestResult {
    let env = Env::start().await;
    let client = env.client();

    let first = client.profile().enable_sharing().await?;
    let first_url = first.share_url.clone().expect("a share URL");
    assert!(first_url.contains(demo::USER_ID), "{first_url}");
    assert!(first.share_qr_code_url.is_some());
    assert_eq!(client.me().await?.share_url.as_deref(), Some(first_url.as_str()));

    let off = client.profile().disable_sharing().await?;
    assert_eq!((off.share_url, off.share_qr_code_url), (None, None));
    assert_eq!(client.me().await?.share_url, None);
    assert_eq!(env.state().user(demo::USER_ID).and_then(|u| u.share_url), None);

    let second = client.profile().enable_sharing().await?;
    let second_url = second.share_url.clone().expect("a share URL");
    assert_ne!(second_url, first_url, "the old link must stop working");
    assert_ne!(second.share_qr_code_url, first.share_qr_code_url);

    let me = client.me().await?;
    assert_eq!(me.share_url.as_deref(), Some(second_url.as_str()));
    assert_eq!(me.share_qr_code_url, second.share_qr_code_url);
    assert_eq!(
        env.state().user(demo::USER_ID).and_then(|u| u.share_url),
        Some(second_url)
    );
    Ok(())
}

#[tokio::test]
async fn sms_mode_for_some_hours_ends_by_itself() -> TestResult {
    let env = Env::start().await;
    let client = env.client();

    client
        .sms()
        .enable(SmsDuration::Hours(2))
        .registration_id("push-token")
        .send()
        .await?;
    assert_eq!(client.me().await?.sms, Some(true));
    assert_eq!(env.state().user(demo::USER_ID).and_then(|u| u.sms), Some(true));

    env.clock.advance(HOUR + 59 * MINUTE);
    assert_eq!(client.me().await?.sms, Some(true));
    env.clock.advance(MINUTE);
    assert_eq!(client.me().await?.sms, Some(false));
    Ok(())
}

#[tokio::test]
async fn sms_mode_for_a_duration_covers_it_in_whole_hours() -> TestResult {
    let env = Env::start().await;
    let client = env.client();

    client.sms().enable_for(90 * MINUTE).await?;
    env.clock.advance(119 * MINUTE);
    assert_eq!(
        client.me().await?.sms,
        Some(true),
        "90 minutes round up to 2 hours"
    );
    env.clock.advance(MINUTE);
    assert_eq!(client.me().await?.sms, Some(false));
    Ok(())
}

#[tokio::test]
async fn sms_mode_always_lasts_until_disabled() -> TestResult {
    let env = Env::start().await;
    let client = env.client();

    client.sms().enable(SmsDuration::Always).send().await?;
    env.clock.advance(1000 * HOUR);
    assert_eq!(client.me().await?.sms, Some(true));

    client.sms().disable().await?;
    assert_eq!(client.me().await?.sms, Some(false));
    assert_eq!(env.state().user(demo::USER_ID).and_then(|u| u.sms), Some(false));
    Ok(())
}

#[tokio::test]
async fn sms_hours_outside_1_to_48_are_refused_before_sending() -> TestResult {
    let env = Env::start().await;
    let client = env.client();

    for hours in [0, 49] {
        let err = client
            .sms()
            .enable(SmsDuration::Hours(hours))
            .send()
            .await
            .unwrap_err();
        let rule = Rule::Range {
            min: 1,
            max: 48,
            actual: hours.into(),
        };
        assert_invalid(&err, "duration", &rule);
    }
    assert_eq!(client.me().await?.sms, Some(false));
    Ok(())
}

#[tokio::test]
async fn majors_are_set_and_shown_as_integers() -> TestResult {
    let env = Env::start().await;

    let codes = env.client().directory().set_majors(["3702", "5506"]).await?;

    assert_eq!(codes, ["3702", "5506"]);
    let membership = env
        .state()
        .directory_membership(demo::USER_ID)
        .expect("in a campus");
    assert_eq!(membership.major_ids, Some(vec![3702, 5506]));

    // The documents set no rule on a code's form: GroupMe (here the fake)
    // decides, and nothing changes.
    let err = env
        .client()
        .directory()
        .set_majors(["history"])
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
    assert_eq!(
        err.api_errors().and_then(|e| e.field("codes")),
        Some("is invalid")
    );
    let membership = env
        .state()
        .directory_membership(demo::USER_ID)
        .expect("in a campus");
    assert_eq!(membership.major_ids, Some(vec![3702, 5506]));

    // No codes remove every major.
    let codes = env.client().directory().set_majors(Vec::<String>::new()).await?;
    assert!(codes.is_empty());
    let membership = env
        .state()
        .directory_membership(demo::USER_ID)
        .expect("in a campus");
    assert_eq!(membership.major_ids, Some(Vec::new()));
    Ok(())
}

#[tokio::test]
async fn changing_only_the_visibility_keeps_the_graduation_year() -> TestResult {
    let env = Env::start().await;
    let client = env.client();
    let directory = client.directory();
    directory
        .update_membership()
        .visibility(CampusVisibility::GraduationYear)
        .graduation_year(2030)
        .send()
        .await?;

    let hidden = directory
        .update_membership()
        .visibility(CampusVisibility::Hidden)
        .send()
        .await?;
    assert_eq!(hidden.campus_profile_visibility.as_deref(), Some("hidden"));
    assert_eq!(
        hidden.graduation_year.as_deref(),
        Some("2030"),
        "the year was kept"
    );

    let moved = directory.update_membership().graduation_year(2031).send().await?;
    assert_eq!(
        moved.campus_profile_visibility.as_deref(),
        Some("hidden"),
        "the visibility was kept"
    );
    assert_eq!(moved.graduation_year.as_deref(), Some("2031"));

    let cleared = directory
        .update_membership()
        .clear_graduation_year()
        .send()
        .await?;
    assert_eq!(cleared.graduation_year, None);
    assert_eq!(env.state().directory_membership(demo::USER_ID), Some(cleared));

    let err = directory.update_membership().send().await.unwrap_err();
    assert_eq!(err.validation().map(|v| v.field()), Some("body"), "{err:?}");
    Ok(())
}

#[tokio::test]
async fn the_graduation_year_comes_back_as_a_string() -> TestResult {
    let env = Env::start().await;

    let membership = env
        .client()
        .directory()
        .update_membership()
        .visibility(CampusVisibility::GraduationYear)
        .graduation_year(2030)
        .send()
        .await?;

    assert_eq!(membership.id, demo::DIRECTORY_MEMBERSHIP_ID);
    assert_eq!(membership.user_id, Some(1001));
    assert_eq!(membership.graduation_year.as_deref(), Some("2030"));
    assert_eq!(
        membership.campus_profile_visibility.as_deref(),
        Some("graduation_year")
    );
    assert_eq!(env.state().directory_membership(demo::USER_ID), Some(membership));
    Ok(())
}

#[tokio::test]
async fn major_visibility_with_majors_sets_the_majors_first() -> TestResult {
    let env = Env::start().await;

    let membership = env
        .client()
        .directory()
        .update_membership()
        .visibility(CampusVisibility::Major)
        .majors(["3702"])
        .send()
        .await?;

    assert_eq!(membership.campus_profile_visibility.as_deref(), Some("major"));
    assert_eq!(membership.major_ids, Some(vec![3702]));
    assert_eq!(membership.graduation_year, None);
    assert_eq!(env.state().directory_membership(demo::USER_ID), Some(membership));

    let again = env
        .client()
        .directory()
        .update_membership()
        .visibility(CampusVisibility::Major)
        .majors_already_set()
        .graduation_year(2029)
        .send()
        .await?;
    assert_eq!(again.major_ids, Some(vec![3702]));
    assert_eq!(again.graduation_year.as_deref(), Some("2029"));
    Ok(())
}

#[tokio::test]
async fn visibility_rules_are_checked_before_sending_or_by_groupme() -> TestResult {
    let env = Env::start().await;
    let before = env.state().directory_membership(demo::USER_ID);
    let client = env.client();
    let directory = client.directory();

    let err = directory
        .update_membership()
        .visibility(CampusVisibility::Major)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.validation().map(|v| v.field()),
        Some("campus_profile_visibility")
    );
    assert!(matches!(
        err.validation().map(|v| v.rule()),
        Some(Rule::Requires(_))
    ));

    // Removing the year while asking for `graduation_year` visibility.
    let err = directory
        .update_membership()
        .visibility(CampusVisibility::GraduationYear)
        .clear_graduation_year()
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.validation().map(|v| v.field()),
        Some("campus_profile_visibility")
    );

    // Without a year on the profile, GroupMe itself refuses.
    let err = directory
        .update_membership()
        .visibility(CampusVisibility::GraduationYear)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
    assert_eq!(
        err.api_errors()
            .and_then(|e| e.field("campus_profile_visibility")),
        Some("graduation_year needs a graduation year first")
    );

    let err = directory
        .update_membership()
        .visibility(CampusVisibility::Visible)
        .graduation_year(1899)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.validation().map(|v| (v.field(), v.rule())),
            Some((
                "graduation_year",
                Rule::Range {
                    min: 1900,
                    actual: 1899,
                    ..
                }
            ))
        ),
        "{err:?}"
    );

    // Claiming majors that are not set: GroupMe itself refuses.
    let err = directory
        .update_membership()
        .visibility(CampusVisibility::Major)
        .majors_already_set()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
    assert_eq!(
        err.api_errors()
            .and_then(|e| e.field("campus_profile_visibility")),
        Some("major needs a major first")
    );

    assert_eq!(env.state().directory_membership(demo::USER_ID), before);
    Ok(())
}

#[tokio::test]
async fn users_outside_a_campus_domain_are_forbidden() -> TestResult {
    let env = Env::start().await;
    let alice = env.client_as(demo::ALICE.token);

    let err = alice.directory().set_majors(["3702"]).await.unwrap_err();
    assert!(err.is_forbidden(), "{err:?}");
    assert_api_error(&err, 403, &["user is not in a campus directory"]);

    let err = alice
        .directory()
        .update_membership()
        .visibility(CampusVisibility::Visible)
        .graduation_year(2028)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_forbidden(), "{err:?}");

    let err = alice
        .directory()
        .update_membership()
        .visibility(CampusVisibility::Major)
        .majors(["3702"])
        .send()
        .await
        .unwrap_err();
    assert!(err.is_forbidden(), "{err:?}");
    assert_eq!(err.operation(), Some("update_directory_majors"));

    assert_eq!(env.state().directory_membership(demo::ALICE.id), None);
    Ok(())
}
