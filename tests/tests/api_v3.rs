//! Every v3 operation through the generated client against `httpmock`, set
//! up with the generated typed helpers: the request must have the
//! documented method, path, query and exact JSON body, carry the token only
//! in `X-Access-Token` and no `api-version` header, and the documented
//! answer (in its envelope) must decode into the values the documents show.

use std::num::NonZeroU32;

use groupme_api::v3::types;
use groupme_api::{Clearable, Envelope, Meta};
use groupme_api_httpmock::v3::MockServerExt;
use groupme_tests::{TestResult, empty_request, json_request, reply_json, request_to, seed, v3_client};
use httpmock::MockServer;

/// The group every group-scoped call uses.
const GROUP_ID: &str = "1111";

/// The `meta` of a successful answer.
fn success(code: i32) -> Meta {
    Meta { code, errors: None }
}

/// The user of the documents' `GET /users/me` example.
fn documented_user() -> types::User {
    types::User {
        id: "1234567890".into(),
        phone_number: Some("+1 2123001234".into()),
        image_url: Some("https://i.groupme.com/123456789".into()),
        name: "Ronald Swanson".into(),
        created_at: Some(1302623328),
        updated_at: Some(1302623328),
        email: Some("me@example.com".into()),
        sms: Some(false),
        user_id: None,
        locale: None,
        zip_code: None,
        share_url: None,
        share_qr_code_url: None,
    }
}

#[tokio::test]
async fn get_me_decodes_the_documented_user() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.get_me(|when, then| {
        empty_request(request_to(when.into_inner(), "/users/me", &[]));
        reply_json(then.into_inner(), 200, &seed::envelope(200, seed::me()));
    });

    let answer = v3_client(&server).get_me().send().await?;

    mock.assert_async().await;
    assert_eq!(answer.status(), 200);
    let (user, meta) = answer.into_inner().into_parts();
    assert_eq!(user, Some(documented_user()));
    assert_eq!(meta, success(200));
    Ok(())
}

#[tokio::test]
async fn update_me_sends_the_documented_body_and_decodes_the_user() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.update_me(|when, then| {
        json_request(
            request_to(when.into_inner(), "/users/update", &[]),
            seed::update_me_request(),
        );
        reply_json(then.into_inner(), 200, &seed::envelope(200, seed::me()));
    });
    let changes = types::UpdateUserRequest {
        avatar_url: Some("https://4.bp.blogspot.com/-GAeMYT8SZoI/TtBTK209xMI/AAAAAAAAWts/5nmvpmmvoWo/s1600/TopGun_059Pyxurz.jpg".into()),
        name: Some("Tom Skerritt".parse()?),
        email: Some("viper@topgun.usaf.mil".into()),
        zip_code: Some("92145".into()),
    };

    let answer = v3_client(&server).update_me().body(changes).send().await?;

    mock.assert_async().await;
    let (user, meta) = answer.into_inner().into_parts();
    assert_eq!(user, Some(documented_user()));
    assert_eq!(meta, success(200));
    Ok(())
}

#[tokio::test]
async fn update_directory_majors_sends_codes_and_decodes_the_bare_list() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.update_directory_majors(|when, then| {
        json_request(
            request_to(when.into_inner(), "/directories/user/majors", &[]),
            seed::majors_request(),
        );
        reply_json(then.into_inner(), 201, &seed::envelope(201, seed::majors()));
    });
    let majors = types::UpdateMajorsRequest {
        codes: vec!["1204".into(), "4410".into()],
    };

    let answer = v3_client(&server)
        .update_directory_majors()
        .body(majors)
        .send()
        .await?;

    mock.assert_async().await;
    assert_eq!(answer.status(), 201);
    let (codes, meta) = answer.into_inner().into_parts();
    assert_eq!(codes, Some(vec!["1204".to_owned(), "4410".to_owned()]));
    assert_eq!(meta, success(201));
    Ok(())
}

#[tokio::test]
async fn update_directory_membership_decodes_integer_ids_and_string_year() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.update_directory_membership(|when, then| {
        json_request(
            request_to(when.into_inner(), "/directories/user/membership", &[]),
            seed::directory_membership_request(),
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, seed::directory_membership()),
        );
    });
    let settings = types::UpdateDirectoryMembershipRequest {
        graduation_year: Some(Clearable::Set(2027)),
        campus_profile_visibility: Some(types::CampusProfileVisibility::GraduationYear),
    };

    let answer = v3_client(&server)
        .update_directory_membership()
        .body(settings)
        .send()
        .await?;

    mock.assert_async().await;
    let (membership, meta) = answer.into_inner().into_parts();
    let expected = types::DirectoryMembership {
        id: 2990607,
        user_id: Some(93645911),
        directory_id: Some(1928),
        campus_profile_visibility: Some("graduation_year".into()),
        graduation_year: Some("2025".into()),
        major_ids: Some(vec![59, 171]),
    };
    assert_eq!(membership, Some(expected));
    assert_eq!(meta, success(200));
    Ok(())
}

/// Sends `settings` as a directory membership update and checks that the
/// body is exactly `body`.
async fn directory_update_sends(
    settings: types::UpdateDirectoryMembershipRequest,
    body: serde_json::Value,
) -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.update_directory_membership(|when, then| {
        json_request(
            request_to(when.into_inner(), "/directories/user/membership", &[]),
            body,
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, serde_json::json!({ "id": 4410 })),
        );
    });

    let answer = v3_client(&server)
        .update_directory_membership()
        .body(settings)
        .send()
        .await?;

    mock.assert_async().await;
    assert_eq!(answer.into_inner().into_parts().0.map(|m| m.id), Some(4410));
    Ok(())
}

#[tokio::test]
async fn update_directory_membership_leaves_out_what_does_not_change() -> TestResult {
    directory_update_sends(
        types::UpdateDirectoryMembershipRequest {
            graduation_year: None,
            campus_profile_visibility: Some(types::CampusProfileVisibility::Hidden),
        },
        serde_json::json!({ "campus_profile_visibility": "hidden" }),
    )
    .await?;
    directory_update_sends(
        types::UpdateDirectoryMembershipRequest {
            graduation_year: Some(Clearable::Set(2031)),
            campus_profile_visibility: None,
        },
        serde_json::json!({ "graduation_year": 2031 }),
    )
    .await
}

#[tokio::test]
async fn update_directory_membership_sends_a_null_year_to_remove_it() -> TestResult {
    directory_update_sends(
        types::UpdateDirectoryMembershipRequest {
            graduation_year: Some(Clearable::Clear),
            campus_profile_visibility: Some(types::CampusProfileVisibility::Hidden),
        },
        serde_json::json!({ "graduation_year": null, "campus_profile_visibility": "hidden" }),
    )
    .await
}

#[tokio::test]
async fn update_profile_sharing_decodes_the_share_links() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.update_profile_sharing(|when, then| {
        json_request(
            request_to(when.into_inner(), "/users/features/share", &[]),
            seed::profile_sharing_request(),
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, seed::profile_sharing()),
        );
    });
    let request = types::ProfileSharingRequest {
        status: types::ProfileSharingStatus::Enable,
    };

    let answer = v3_client(&server)
        .update_profile_sharing()
        .body(request)
        .send()
        .await?;

    mock.assert_async().await;
    let (sharing, meta) = answer.into_inner().into_parts();
    let expected = types::ProfileSharing {
        share_url: Some("https://groupme.com/contact/74938777/OtzZPXiX".into()),
        share_qr_code_url: Some("https://image.groupme.com/qr/contact/74938777/OtzZPXiX/preview".into()),
    };
    assert_eq!(sharing, Some(expected));
    assert_eq!(meta, success(200));
    Ok(())
}

#[tokio::test]
async fn enable_sms_mode_sends_hours_and_accepts_an_empty_201() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.enable_sms_mode(|when, then| {
        json_request(
            request_to(when.into_inner(), "/users/sms_mode", &[]),
            seed::sms_mode_request(),
        );
        then.created();
    });
    let request = types::EnableSmsModeRequest {
        duration: types::SmsDuration::Hours(NonZeroU32::new(4).ok_or("zero hours")?),
        registration_id: Some("TOKEN".parse()?),
    };

    let answer = v3_client(&server).enable_sms_mode().body(request).send().await?;

    mock.assert_async().await;
    assert_eq!(answer.status(), 201);
    Ok(())
}

#[tokio::test]
async fn enable_sms_mode_sends_always_as_a_string() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.enable_sms_mode(|when, then| {
        json_request(
            request_to(when.into_inner(), "/users/sms_mode", &[]),
            serde_json::json!({ "duration": "always" }),
        );
        then.created();
    });
    let request = types::EnableSmsModeRequest {
        duration: types::SmsDuration::Always(types::Always::Always),
        registration_id: None,
    };

    let answer = v3_client(&server).enable_sms_mode().body(request).send().await?;

    mock.assert_async().await;
    assert_eq!(answer.status(), 201);
    Ok(())
}

#[tokio::test]
async fn disable_sms_mode_posts_no_body_and_accepts_an_empty_200() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.disable_sms_mode(|when, then| {
        empty_request(request_to(when.into_inner(), "/users/sms_mode/delete", &[]));
        then.ok();
    });

    let answer = v3_client(&server).disable_sms_mode().send().await?;

    mock.assert_async().await;
    assert_eq!(answer.status(), 200);
    Ok(())
}

#[tokio::test]
async fn list_members_sends_the_filter_and_decodes_memberships() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.list_members(|when, then| {
        let when = when
            .group_id(&GROUP_ID.parse().expect("valid group id"))
            .filter(types::MembershipFilter::Active);
        empty_request(request_to(
            when.into_inner(),
            &format!("/groups/{GROUP_ID}/members"),
            &[("filter", "active")],
        ));
        reply_json(then.into_inner(), 200, &seed::envelope(200, seed::memberships()));
    });

    let answer = v3_client(&server)
        .list_members()
        .group_id(GROUP_ID)
        .filter(types::MembershipFilter::Active)
        .send()
        .await?;

    mock.assert_async().await;
    let (index, meta) = answer.into_inner().into_parts();
    let member =
        |id: &str, user_id: &str, name: &str, nickname: &str, image: &str, roles: &[&str]| types::Member {
            id: id.into(),
            user_id: user_id.into(),
            name: Some(name.into()),
            nickname: nickname.into(),
            image_url: Some(image.into()),
            state: Some("active".into()),
            roles: Some(roles.iter().map(|&role| role.to_owned()).collect()),
            muted: None,
            autokicked: None,
            app_installed: None,
            guid: None,
        };
    let expected = types::MembershipIndex {
        memberships: Some(vec![
            member(
                "24681012",
                "11223344",
                "Alureon",
                "Alu",
                "https://i.groupme.com/1a3c5e7g",
                &["owner", "admin"],
            ),
            member(
                "1357911131",
                "55667788",
                "Franco H",
                "Fran",
                "https://i.groupme.com/2b4d6f8h",
                &["user"],
            ),
        ]),
    };
    assert_eq!(index, Some(expected));
    assert_eq!(meta, success(200));
    Ok(())
}

#[tokio::test]
async fn add_members_sends_the_documented_members_and_decodes_the_results_id() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.add_members(|when, then| {
        let when = when.group_id(&GROUP_ID.parse().expect("valid group id"));
        json_request(
            request_to(when.into_inner(), &format!("/groups/{GROUP_ID}/members/add"), &[]),
            seed::add_members_request(),
        );
        reply_json(
            then.into_inner(),
            202,
            &seed::envelope(202, seed::add_members_accepted()),
        );
    });
    let members = types::AddMembersRequest {
        members: vec![
            types::NewMember {
                nickname: "Mom".parse()?,
                user_id: Some("1234567890".parse()?),
                phone_number: None,
                email: None,
                guid: Some("GUID-1".parse()?),
            },
            types::NewMember {
                nickname: "Dad".parse()?,
                user_id: None,
                phone_number: Some("+1 2123001234".parse()?),
                email: None,
                guid: Some("GUID-2".parse()?),
            },
            types::NewMember {
                nickname: "Jane".parse()?,
                user_id: None,
                phone_number: None,
                email: Some("jane@example.com".into()),
                guid: Some("GUID-3".parse()?),
            },
        ],
    };

    let answer = v3_client(&server)
        .add_members()
        .group_id(GROUP_ID)
        .body(members)
        .send()
        .await?;

    mock.assert_async().await;
    assert_eq!(answer.status(), 202);
    let (accepted, meta) = answer.into_inner().into_parts();
    assert_eq!(
        accepted,
        Some(types::AddMembersAccepted {
            results_id: "GUID".into()
        })
    );
    assert_eq!(meta, success(202));
    Ok(())
}

#[tokio::test]
async fn get_member_results_decodes_the_created_memberships_with_guids() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.get_member_results(|when, then| {
        let when = when
            .group_id(&GROUP_ID.parse().expect("valid group id"))
            .results_id(&"GUID".parse().expect("valid results id"));
        empty_request(request_to(
            when.into_inner(),
            &format!("/groups/{GROUP_ID}/members/results/GUID"),
            &[],
        ));
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, seed::member_results()),
        );
    });

    let answer = v3_client(&server)
        .get_member_results()
        .group_id(GROUP_ID)
        .results_id("GUID")
        .send()
        .await?;

    mock.assert_async().await;
    let (results, meta) = answer.into_inner().into_parts();
    let created = |id: &str, user_id: &str, nickname: &str, guid: &str| types::Member {
        id: id.into(),
        user_id: user_id.into(),
        nickname: nickname.into(),
        muted: Some(false),
        image_url: Some("https://i.groupme.com/AVATAR".into()),
        autokicked: Some(false),
        app_installed: Some(true),
        guid: Some(guid.into()),
        name: None,
        state: None,
        roles: None,
    };
    let expected = types::MemberResults {
        members: Some(vec![
            created("1000", "10000", "John", "GUID-1"),
            created("2000", "20000", "Anne", "GUID-2"),
        ]),
    };
    assert_eq!(results, Some(expected));
    assert_eq!(meta, success(200));
    Ok(())
}

#[tokio::test]
async fn remove_member_posts_to_the_membership_id_and_accepts_an_empty_200() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.remove_member(|when, then| {
        let when = when
            .group_id(&GROUP_ID.parse().expect("valid group id"))
            .membership_id(&"24681012".parse().expect("valid membership id"));
        empty_request(request_to(
            when.into_inner(),
            &format!("/groups/{GROUP_ID}/members/24681012/remove"),
            &[],
        ));
        then.ok();
    });

    let answer = v3_client(&server)
        .remove_member()
        .group_id(GROUP_ID)
        .membership_id("24681012")
        .send()
        .await?;

    mock.assert_async().await;
    assert_eq!(answer.status(), 200);
    Ok(())
}

#[tokio::test]
async fn list_pending_memberships_decodes_the_bare_list_with_join_reasons() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.list_pending_memberships(|when, then| {
        let when = when.group_id(&GROUP_ID.parse().expect("valid group id"));
        empty_request(request_to(
            when.into_inner(),
            &format!("/groups/{GROUP_ID}/pending_memberships"),
            &[],
        ));
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, seed::pending_memberships()),
        );
    });

    let answer = v3_client(&server)
        .list_pending_memberships()
        .group_id(GROUP_ID)
        .send()
        .await?;

    mock.assert_async().await;
    let (pending, meta) = answer.into_inner().into_parts();
    let request = |id: &str, user_id: &str, nickname: &str, image: &str, answer: &str, timestamp| {
        types::PendingMembership {
            id: id.into(),
            user_id: user_id.into(),
            nickname: Some(nickname.into()),
            image_url: Some(image.into()),
            reason: Some(types::JoinReason {
                type_: "join_reason/membership_join_reason".into(),
                question: Some(types::JoinReasonPart {
                    type_: "join_reason/questions/text".into(),
                    text: Some("Why do you want to join this group?".into()),
                    response: None,
                }),
                answer: Some(types::JoinReasonPart {
                    type_: "join_reason/answers/text".into(),
                    text: None,
                    response: Some(answer.into()),
                }),
                method: Some("discoverable".into()),
            }),
            timestamp: Some(timestamp),
            state: Some("requested_pending".into()),
        }
    };
    let expected = vec![
        request(
            "1075936468",
            "43303468",
            "bob",
            "https://i.groupme.com/2320x3088.jpeg.df62e30722404d21acee182c1a3eb633",
            "Because it looks awesome!",
            1747219206,
        ),
        request(
            "1075937258",
            "43303469",
            "allice",
            "https://i.groupme.com/2320x3088.jpeg.df62e307b2402321acee182c1a3eb633",
            "Because I love GroupMe!",
            1756219206,
        ),
    ];
    assert_eq!(pending, Some(expected));
    assert_eq!(meta, success(200));
    Ok(())
}

#[tokio::test]
async fn decide_pending_membership_approves_and_decodes_the_integer_id() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.decide_pending_membership(|when, then| {
        let when = when
            .group_id(&GROUP_ID.parse().expect("valid group id"))
            .membership_id(&"1075929653".parse().expect("valid membership id"));
        json_request(
            request_to(
                when.into_inner(),
                &format!("/groups/{GROUP_ID}/members/1075929653/approval"),
                &[],
            ),
            seed::approval_request(),
        );
        reply_json(then.into_inner(), 200, &seed::envelope(200, seed::approval()));
    });

    let answer = v3_client(&server)
        .decide_pending_membership()
        .group_id(GROUP_ID)
        .membership_id("1075929653")
        .body(types::ApprovalRequest { approval: true })
        .send()
        .await?;

    mock.assert_async().await;
    let (result, meta) = answer.into_inner().into_parts();
    let expected = types::ApprovalResult {
        membership_id: 1075929653,
        state: "active".into(),
    };
    assert_eq!(result, Some(expected));
    assert_eq!(meta, success(200));
    Ok(())
}

#[tokio::test]
async fn decide_pending_membership_denies_with_false() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.decide_pending_membership(|when, then| {
        json_request(
            request_to(
                when.into_inner(),
                &format!("/groups/{GROUP_ID}/members/1075929653/approval"),
                &[],
            ),
            serde_json::json!({ "approval": false }),
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(
                200,
                serde_json::json!({ "membership_id": 1075929653_i64, "state": "denied" }),
            ),
        );
    });

    let answer = v3_client(&server)
        .decide_pending_membership()
        .group_id(GROUP_ID)
        .membership_id("1075929653")
        .body(types::ApprovalRequest { approval: false })
        .send()
        .await?;

    mock.assert_async().await;
    let state = answer.into_inner().into_parts().0.map(|result| result.state);
    assert_eq!(state.as_deref(), Some("denied"));
    Ok(())
}

#[tokio::test]
async fn update_nickname_wraps_the_nickname_and_decodes_the_membership() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.update_nickname(|when, then| {
        let when = when.group_id(&GROUP_ID.parse().expect("valid group id"));
        json_request(
            request_to(
                when.into_inner(),
                &format!("/groups/{GROUP_ID}/memberships/update"),
                &[],
            ),
            seed::nickname_request(),
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(200, seed::nickname_membership()),
        );
    });
    let change = types::UpdateNicknameRequest {
        membership: types::NicknameChange {
            nickname: "NEW NICKNAME".parse()?,
        },
    };

    let answer = v3_client(&server)
        .update_nickname()
        .group_id(GROUP_ID)
        .body(change)
        .send()
        .await?;

    mock.assert_async().await;
    let (membership, meta) = answer.into_inner().into_parts();
    let expected = types::Member {
        id: "MEMBERSHIP ID".into(),
        user_id: "USER ID".into(),
        nickname: "NEW NICKNAME".into(),
        muted: Some(false),
        image_url: Some("AVATAR URL".into()),
        autokicked: Some(false),
        app_installed: Some(true),
        name: None,
        guid: None,
        state: None,
        roles: None,
    };
    assert_eq!(membership, Some(expected));
    assert_eq!(meta, success(200));
    Ok(())
}

#[tokio::test]
async fn success_meta_errors_may_be_missing_null_or_an_empty_list() -> TestResult {
    let server = MockServer::start_async().await;
    let client = v3_client(&server);
    let metas = [
        (serde_json::json!({ "code": 200 }), None),
        (serde_json::json!({ "code": 200, "errors": null }), None),
        (
            serde_json::json!({ "code": 200, "errors": [] }),
            Some(types::MetaErrors::ErrorMessages(Some(Vec::new()))),
        ),
    ];

    for (meta, errors) in metas {
        let body = serde_json::json!({ "response": seed::me(), "meta": meta });
        let mock = server.get_me(|when, then| {
            request_to(when.into_inner(), "/users/me", &[]);
            reply_json(then.into_inner(), 200, &body);
        });

        let answer = client.get_me().send().await?;

        mock.assert_async().await;
        let (user, meta) = answer.into_inner().into_parts();
        assert_eq!(user, Some(documented_user()), "with meta {body}");
        assert_eq!(meta, Meta { code: 200, errors }, "with meta {body}");
        mock.delete_async().await;
    }
    Ok(())
}
