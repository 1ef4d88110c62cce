//! Every documented input rule is checked before anything is sent: each
//! refusal names the field and the rule, and no request reaches either
//! host. Values at the edges of each rule are accepted and sent.

use std::time::Duration;

use chrono::Datelike as _;
use groupme_api_httpmock::v2::MockServerExt as _;
use groupme_api_httpmock::v3::MockServerExt as _;
use groupme_sdk::validate::Rule;
use groupme_sdk::{CampusVisibility, MemberFilter, NewMember, ResultsId, SmsDuration};
use serde_json::json;

use crate::common::{Api, assert_invalid, envelope, fails, invalid_rule, sent, succeeds, typed, user_json};

/// The identifiers a member to add is named by, as the rule lists them.
const IDENTIFIERS: &[&str] = &["user_id", "phone_number", "email"];

fn char_length(actual: usize) -> Rule {
    Rule::CharLength {
        min: 1,
        max: 50,
        actual,
    }
}

fn sms_range(actual: i64) -> Rule {
    Rule::Range {
        min: 1,
        max: 48,
        actual,
    }
}

fn this_year() -> i32 {
    chrono::Utc::now().year()
}

fn year_range(actual: i32) -> Rule {
    Rule::Range {
        min: 1900,
        max: i64::from(this_year() + 10),
        actual: i64::from(actual),
    }
}

#[tokio::test]
async fn a_nickname_of_50_multibyte_characters_is_accepted() {
    let api = Api::start().await;
    let nickname = "é".repeat(50);
    let mock = api.v3.update_nickname(|when, then| {
        sent(when.into_inner(), "/groups/g1/memberships/update", &[])
            .json_body(json!({ "membership": { "nickname": nickname } }));
        then.ok(&typed(envelope(
            200,
            json!({ "id": "1", "user_id": "2", "nickname": nickname }),
        )));
    });

    let member = api.client().group("g1").set_nickname(nickname.clone()).await;

    mock.assert();
    assert_eq!(succeeds(member).nickname.chars().count(), 50);
}

#[tokio::test]
async fn a_nickname_of_51_characters_or_none_is_refused() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let group = client.group("g1");

    assert_invalid(
        group.set_nickname("é".repeat(51)).await,
        "membership.nickname",
        &char_length(51),
    );
    assert_invalid(
        group.set_nickname("").await,
        "membership.nickname",
        &char_length(0),
    );
    strays.assert_none();
}

#[tokio::test]
async fn a_new_members_nickname_follows_the_same_rule() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let members = client.group("g1").members();

    let long = NewMember::by_email("ü".repeat(51), "a@example.com");
    assert_invalid(
        members.add().member(long).send().await,
        "members[0].nickname",
        &char_length(51),
    );
    let unnamed = NewMember::by_email("", "a@example.com");
    assert_invalid(
        members
            .add()
            .member(NewMember::by_email("Ok", "ok@example.com"))
            .member(unnamed)
            .start()
            .await,
        "members[1].nickname",
        &char_length(0),
    );
    strays.assert_none();
}

#[tokio::test]
async fn a_nickname_of_only_white_space_is_refused_before_sending() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let group = client.group("g1");

    let err = fails(group.set_nickname(" \t ").await);
    assert_eq!(
        err.to_string(),
        "invalid `membership.nickname`: must not be empty or only white space; nothing was sent"
    );
    assert_invalid(
        group
            .members()
            .add()
            .member(NewMember::by_email("Ok", "ok@example.com"))
            .member(NewMember::by_email("\u{3000}", "blank@example.com"))
            .start()
            .await,
        "members[1].nickname",
        &Rule::NonEmpty,
    );
    strays.assert_none();
}

#[tokio::test]
async fn a_new_member_needs_exactly_one_identifier() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let members = client.group("g1").members();

    let none = NewMember::new("Nobody");
    assert_invalid(
        members.add().member(none).send().await,
        "members[0]",
        &Rule::ExactlyOneOf {
            fields: IDENTIFIERS,
            actual: 0,
        },
    );
    let two = NewMember::by_email("Both", "both@example.com").phone_number("+1 5550100");
    assert_invalid(
        members
            .add()
            .member(NewMember::by_user_id("One", "1"))
            .member(two)
            .send()
            .await,
        "members[1]",
        &Rule::ExactlyOneOf {
            fields: IDENTIFIERS,
            actual: 2,
        },
    );
    let three = NewMember::by_user_id("All", "1")
        .phone_number("+1 5550100")
        .email("all@example.com");
    assert_invalid(
        members.add().member(three).start().await,
        "members[0]",
        &Rule::ExactlyOneOf {
            fields: IDENTIFIERS,
            actual: 3,
        },
    );
    strays.assert_none();
}

#[tokio::test]
async fn an_add_needs_at_least_one_member() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();

    assert_invalid(
        client.group("g1").members().add().send().await,
        "members",
        &Rule::MinItems { min: 1, actual: 0 },
    );
    strays.assert_none();
}

#[tokio::test]
async fn emails_must_look_like_name_at_domain() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();

    for bad in [
        "jane",
        "jane@example",
        "@example.com",
        "ja ne@example.com",
        "a@b@c.com",
    ] {
        assert_invalid(
            client
                .group("g1")
                .members()
                .add()
                .member(NewMember::by_email("Jane", bad))
                .send()
                .await,
            "members[0].email",
            &Rule::EmailShape,
        );
    }
    assert_invalid(
        client.profile().update().email("viper").send().await,
        "email",
        &Rule::EmailShape,
    );
    assert_invalid(
        client
            .profile()
            .update_extended()
            .user_id("1")
            .email("example@email")
            .send()
            .await,
        "user.email",
        &Rule::EmailShape,
    );
    strays.assert_none();
}

#[tokio::test]
async fn sms_durations_of_0_and_49_hours_are_refused() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let sms = client.sms();

    assert_invalid(
        sms.enable(SmsDuration::Hours(0)).send().await,
        "duration",
        &sms_range(0),
    );
    assert_invalid(
        sms.enable(SmsDuration::Hours(49)).send().await,
        "duration",
        &sms_range(49),
    );
    assert_invalid(sms.enable_for(Duration::ZERO).await, "duration", &sms_range(0));
    assert_invalid(
        sms.enable_for(Duration::from_secs(48 * 3600 + 1)).await,
        "duration",
        &sms_range(49),
    );
    strays.assert_none();
}

#[tokio::test]
async fn sms_durations_of_1_and_48_hours_and_always_are_sent() {
    let api = Api::start().await;
    let mocks: Vec<_> = [json!(1), json!(48), json!("always")]
        .into_iter()
        .map(|duration| {
            api.v3.enable_sms_mode(|when, then| {
                sent(when.into_inner(), "/users/sms_mode", &[]).json_body(json!({ "duration": duration }));
                then.created();
            })
        })
        .collect();
    let strays = api.strays();
    let client = api.client();
    let sms = client.sms();

    succeeds(sms.enable(SmsDuration::Hours(1)).send().await);
    succeeds(sms.enable_for(Duration::from_secs(48 * 3600)).await);
    succeeds(sms.enable(SmsDuration::Always).send().await);

    for mock in &mocks {
        mock.assert();
    }
    strays.assert_none();
}

#[tokio::test]
async fn an_empty_registration_id_is_refused() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();

    assert_invalid(
        client
            .sms()
            .enable(SmsDuration::Hours(2))
            .registration_id("")
            .send()
            .await,
        "registration_id",
        &Rule::NonEmpty,
    );
    strays.assert_none();
}

#[tokio::test]
async fn graduation_years_before_1900_or_over_ten_years_ahead_are_refused() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let too_late = this_year() + 11;

    for year in [1899, too_late] {
        assert_invalid(
            client
                .directory()
                .update_membership()
                .visibility(CampusVisibility::GraduationYear)
                .graduation_year(year)
                .send()
                .await,
            "graduation_year",
            &year_range(year),
        );
    }
    // The year is checked before any majors are sent.
    assert_invalid(
        client
            .directory()
            .update_membership()
            .visibility(CampusVisibility::Major)
            .majors(["3702"])
            .graduation_year(1899)
            .send()
            .await,
        "graduation_year",
        &year_range(1899),
    );
    strays.assert_none();
}

#[tokio::test]
async fn graduation_years_1900_and_ten_years_ahead_are_sent() {
    let api = Api::start().await;
    let latest = this_year() + 10;
    let mocks: Vec<_> = [1900, latest]
        .into_iter()
        .map(|year| {
            api.v3.update_directory_membership(|when, then| {
                sent(when.into_inner(), "/directories/user/membership", &[]).json_body(json!({
                    "graduation_year": year,
                    "campus_profile_visibility": "graduation_year"
                }));
                then.ok(&typed(envelope(
                    200,
                    json!({ "id": 1, "graduation_year": year.to_string() }),
                )));
            })
        })
        .collect();
    let strays = api.strays();
    let client = api.client();

    for year in [1900, latest] {
        let membership = client
            .directory()
            .update_membership()
            .visibility(CampusVisibility::GraduationYear)
            .graduation_year(year)
            .send()
            .await;
        assert_eq!(succeeds(membership).graduation_year, Some(year.to_string()));
    }

    for mock in &mocks {
        mock.assert();
    }
    strays.assert_none();
}

#[tokio::test]
async fn visibility_by_year_needs_a_year_and_by_major_needs_majors() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let directory = client.directory();

    let rule = invalid_rule(
        directory
            .update_membership()
            .visibility(CampusVisibility::GraduationYear)
            .clear_graduation_year()
            .send()
            .await,
        "campus_profile_visibility",
    );
    assert!(
        matches!(rule, Rule::Requires(why) if why.contains("graduation year")),
        "{rule:?}"
    );
    let rule = invalid_rule(
        directory
            .update_membership()
            .visibility(CampusVisibility::Major)
            .graduation_year(2025)
            .send()
            .await,
        "campus_profile_visibility",
    );
    assert!(
        matches!(rule, Rule::Requires(why) if why.contains("major")),
        "{rule:?}"
    );
    strays.assert_none();
}

#[tokio::test]
async fn a_gallery_needs_three_photos() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();

    // No user id either: the rules are checked before `users/me` is asked.
    assert_invalid(
        client
            .profile()
            .update_extended()
            .photo_urls(["https://i.groupme.com/a", "https://i.groupme.com/b"])
            .send()
            .await,
        "user.photo_urls",
        &Rule::MinItems { min: 3, actual: 2 },
    );
    assert_invalid(
        client
            .profile()
            .update_extended()
            .photo_urls(["https://i.groupme.com/a", " ", "https://i.groupme.com/c"])
            .send()
            .await,
        "user.photo_urls[1]",
        &Rule::NonEmpty,
    );
    strays.assert_none();
}

#[tokio::test]
async fn major_codes_are_sent_as_given_since_no_document_limits_them() {
    let api = Api::start().await;
    let mock = api.v3.update_directory_majors(|when, then| {
        sent(when.into_inner(), "/directories/user/majors", &[]).json_body(json!({ "codes": [] }));
        then.success(201, &typed(envelope(201, json!([]))));
    });
    let strays = api.strays();

    let codes = api.client().directory().set_majors(Vec::<String>::new()).await;

    mock.assert();
    strays.assert_none();
    assert_eq!(succeeds(codes), Vec::<String>::new());
}

#[tokio::test]
async fn a_v3_name_needs_a_last_name_and_a_v2_name_needs_something() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();

    assert_invalid(
        client.profile().update().name("Tom").send().await,
        "name",
        &Rule::FirstAndLastName,
    );
    assert_invalid(
        client.profile().update().name("  ").send().await,
        "name",
        &Rule::NonEmpty,
    );
    assert_invalid(
        client
            .profile()
            .update_extended()
            .user_id("1")
            .name("")
            .send()
            .await,
        "user.name",
        &Rule::NonEmpty,
    );
    strays.assert_none();
}

#[tokio::test]
async fn a_v2_name_without_a_last_name_is_sent() {
    let api = Api::start().await;
    let mock = api.v2.update_profile(|when, then| {
        sent(when.into_inner(), "/users/1", &[]).json_body(json!({ "user": { "name": "Bilbo" } }));
        then.ok(&typed(envelope(
            200,
            json!({ "user": { "id": "1", "name": "Bilbo" } }),
        )));
    });

    let profile = api
        .client()
        .profile()
        .update_extended()
        .user_id("1")
        .name("Bilbo")
        .send()
        .await;

    mock.assert();
    assert_eq!(succeeds(profile).name, "Bilbo");
}

#[tokio::test]
async fn an_update_must_change_something() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();

    assert!(matches!(
        invalid_rule(client.profile().update().send().await, "body"),
        Rule::Requires(_)
    ));
    assert!(matches!(
        invalid_rule(client.profile().update_extended().send().await, "user"),
        Rule::Requires(_)
    ));
    assert!(matches!(
        invalid_rule(
            client.profile().update_extended().interests([]).send().await,
            "user"
        ),
        Rule::Requires(_)
    ));
    strays.assert_none();
}

#[tokio::test]
async fn empty_ids_are_refused() {
    let api = Api::start().await;
    let strays = api.strays();
    let client = api.client();
    let no_group = client.group("");
    let group = client.group("g1");

    assert_invalid(
        no_group.members().list(MemberFilter::Active).await,
        "group_id",
        &Rule::NonEmpty,
    );
    assert_invalid(no_group.set_nickname("Me").await, "group_id", &Rule::NonEmpty);
    assert_invalid(no_group.pending().list().await, "group_id", &Rule::NonEmpty);
    assert_invalid(
        no_group.pending().approve_all().await,
        "group_id",
        &Rule::NonEmpty,
    );
    assert_invalid(no_group.members().remove("1").await, "group_id", &Rule::NonEmpty);
    assert_invalid(
        no_group
            .members()
            .add()
            .member(NewMember::by_email("A", "a@example.com"))
            .send()
            .await,
        "group_id",
        &Rule::NonEmpty,
    );
    assert_invalid(group.members().remove("").await, "membership_id", &Rule::NonEmpty);
    assert_invalid(group.members().ban(" ").await, "membership_id", &Rule::NonEmpty);
    assert_invalid(
        group.pending().approve("").await,
        "membership_id",
        &Rule::NonEmpty,
    );
    assert_invalid(group.pending().deny("").await, "membership_id", &Rule::NonEmpty);
    assert_invalid(group.members().remove_user("").await, "user_id", &Rule::NonEmpty);
    assert_invalid(group.members().ban_user("").await, "user_id", &Rule::NonEmpty);
    assert_invalid(
        group.members().results(&ResultsId::from("")).await,
        "results_id",
        &Rule::NonEmpty,
    );
    assert_invalid(
        group.members().wait_for_results(&ResultsId::from("")).await,
        "results_id",
        &Rule::NonEmpty,
    );
    assert_invalid(
        client
            .profile()
            .update_extended()
            .user_id("")
            .bio("x")
            .send()
            .await,
        "user_id",
        &Rule::NonEmpty,
    );
    for (member, field) in [
        (NewMember::by_user_id("A", ""), "members[0].user_id"),
        (NewMember::by_phone("A", " "), "members[0].phone_number"),
        (
            NewMember::by_email("A", "a@example.com").guid(""),
            "members[0].guid",
        ),
    ] {
        assert_invalid(
            group.members().add().member(member).send().await,
            field,
            &Rule::NonEmpty,
        );
    }
    strays.assert_none();
}

#[tokio::test]
async fn validation_happens_before_users_me_is_asked() {
    let api = Api::start().await;
    let me = api.v3.get_me(|when, then| {
        when.into_inner().path("/users/me");
        then.ok(&typed(envelope(200, user_json())));
    });
    let strays = api.strays();

    let client = api.client();
    assert_invalid(
        client.profile().update_extended().email("nope").send().await,
        "user.email",
        &Rule::EmailShape,
    );

    me.assert_calls(0);
    strays.assert_none();
}
