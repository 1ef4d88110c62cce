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
        phone_number: Some("+1 5550109876".into()),
        image_url: Some("https://i.groupme.com/avatar.kestrel".into()),
        name: "Marlow Pike".into(),
        created_at: Some(1412623005),
        updated_at: Some(1412623005),
        email: Some("self@example.org".into()),
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
        avatar_url: Some("https://images.example.org/avatars/kestrel-portrait.jpg".into()),
        name: Some("Kestrel Vance".parse()?),
        email: Some("kestrel@flightdeck.example.org".into()),
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
        id: 3801716,
        user_id: Some(58203114),
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
        share_url: Some("https://groupme.com/contact/58203114/Kq7RmW2x".into()),
        share_qr_code_url: Some("https://image.groupme.com/qr/contact/58203114/Kq7RmW2x/preview".into()),
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
                "35792468",
                "44332211",
                "Brightwater",
                "Alu",
                "https://i.groupme.com/avatar.marlow",
                &["owner", "admin"],
            ),
            member(
                "4681357911",
                "88776655",
                "Quinn B",
                "Fran",
                "https://i.groupme.com/avatar.quinn",
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
                guid: Some("guid-alpha".parse()?),
            },
            types::NewMember {
                nickname: "Dad".parse()?,
                user_id: None,
                phone_number: Some("+1 5550109876".parse()?),
                email: None,
                guid: Some("guid-bravo".parse()?),
            },
            types::NewMember {
                nickname: "Jane".parse()?,
                user_id: None,
                phone_number: None,
                email: Some("dana@example.org".into()),
                guid: Some("guid-charlie".parse()?),
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
        image_url: Some("https://i.groupme.com/avatar.default".into()),
        autokicked: Some(false),
        app_installed: Some(true),
        guid: Some(guid.into()),
        name: None,
        state: None,
        roles: None,
    };
    let expected = types::MemberResults {
        members: Some(vec![
            created("1000", "10000", "John", "guid-alpha"),
            created("2000", "20000", "Anne", "guid-bravo"),
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
            .membership_id(&"35792468".parse().expect("valid membership id"));
        empty_request(request_to(
            when.into_inner(),
            &format!("/groups/{GROUP_ID}/members/35792468/remove"),
            &[],
        ));
        then.ok();
    });

    let answer = v3_client(&server)
        .remove_member()
        .group_id(GROUP_ID)
        .membership_id("35792468")
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
                    text: Some("What brings you to this group?".into()),
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
            "6021345501",
            "52104468",
            "bob",
            "https://i.groupme.com/1600x1200.jpeg.6a1b2c3d4e5f40718293a4b5c6d7e8f9",
            "I run the boathouse schedule.",
            1767219001,
        ),
        request(
            "6021345502",
            "52104469",
            "allice",
            "https://i.groupme.com/1600x1200.jpeg.5f0c1e2d3b4a49c8a7e6d5c4b3a29180",
            "A friend from the rowing club invited me.",
            1766219004,
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
            .membership_id(&"6021345503".parse().expect("valid membership id"));
        json_request(
            request_to(
                when.into_inner(),
                &format!("/groups/{GROUP_ID}/members/6021345503/approval"),
                &[],
            ),
            seed::approval_request(),
        );
        reply_json(then.into_inner(), 200, &seed::envelope(200, seed::approval()));
    });

    let answer = v3_client(&server)
        .decide_pending_membership()
        .group_id(GROUP_ID)
        .membership_id("6021345503")
        .body(types::ApprovalRequest { approval: true })
        .send()
        .await?;

    mock.assert_async().await;
    let (result, meta) = answer.into_inner().into_parts();
    let expected = types::ApprovalResult {
        membership_id: 6021345503,
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
                &format!("/groups/{GROUP_ID}/members/6021345503/approval"),
                &[],
            ),
            serde_json::json!({ "approval": false }),
        );
        reply_json(
            then.into_inner(),
            200,
            &seed::envelope(
                200,
                serde_json::json!({ "membership_id": 6021345503_i64, "state": "denied" }),
            ),
        );
    });

    let answer = v3_client(&server)
        .decide_pending_membership()
        .group_id(GROUP_ID)
        .membership_id("6021345503")
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
            nickname: "Captain Quinn".parse()?,
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
        id: "70020001".into(),
        user_id: "81730002".into(),
        nickname: "Captain Quinn".into(),
        muted: Some(false),
        image_url: Some("https://i.groupme.com/avatar.placeholder".into()),
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
