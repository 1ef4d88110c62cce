//! Shapes the live API has been seen to send, with values of our own, decode
//! through the generated clients: lists sent as `null`, members without an
//! avatar field, envelopes without `response`, `meta.code` values that are
//! not the HTTP status, and the v2 ban's envelope where the documents
//! describe an empty body.

use groupme_api::v2::types as v2;
use groupme_api::v3::types;
use groupme_api::{Envelope, Error, Meta};
use groupme_api_httpmock::{v2::MockServerExt as _, v3::MockServerExt as _};
use groupme_tests::{TestResult, read_envelope, reply_json, request_to, v2_client, v3_client};
use httpmock::MockServer;
use serde_json::{Value, json};

/// A success envelope around `response` whose `meta.code` is a five-digit
/// code of GroupMe's own rather than the HTTP status.
fn odd_code_envelope(response: Value) -> Value {
    json!({ "meta": { "code": 20000 }, "response": response })
}

#[tokio::test]
async fn a_member_with_null_roles_and_one_without_an_avatar_decode() -> TestResult {
    let server = MockServer::start_async().await;
    let index = json!({
        "memberships": [
            {
                "id": "7301",
                "user_id": "8301",
                "nickname": "Quill",
                "name": "Quill Porter",
                "image_url": null,
                "state": "removed",
                "roles": null
            },
            { "id": "7302", "user_id": "8302", "nickname": "Wren", "state": "exited", "roles": ["user"] }
        ]
    });
    let mock = server.list_members(|when, then| {
        request_to(
            when.into_inner(),
            "/groups/4242/members",
            &[("filter", "inactive")],
        );
        reply_json(then.into_inner(), 200, &odd_code_envelope(index));
    });

    let answer = v3_client(&server)
        .list_members()
        .group_id("4242")
        .filter(types::MembershipFilter::Inactive)
        .send()
        .await?;

    mock.assert_async().await;
    let (index, meta) = answer.into_inner().into_parts();
    let members = index
        .and_then(|index| index.memberships)
        .ok_or("no memberships")?;
    assert_eq!(members.len(), 2);
    assert_eq!(
        (members[0].roles.as_ref(), members[0].image_url.as_ref()),
        (None, None)
    );
    assert_eq!(members[1].roles.as_deref(), Some(&["user".to_owned()][..]));
    assert_eq!(members[1].image_url, None);
    assert_eq!(meta.code, 20000);
    Ok(())
}

#[tokio::test]
async fn lists_of_members_sent_as_null_decode_as_absent() -> TestResult {
    let server = MockServer::start_async().await;
    let index = server.list_members(|when, then| {
        request_to(when.into_inner(), "/groups/4242/members", &[("filter", "active")]);
        reply_json(
            then.into_inner(),
            200,
            &odd_code_envelope(json!({ "memberships": null })),
        );
    });
    let results = server.get_member_results(|when, then| {
        request_to(when.into_inner(), "/groups/4242/members/results/run-9", &[]);
        reply_json(
            then.into_inner(),
            200,
            &odd_code_envelope(json!({ "members": null })),
        );
    });
    let client = v3_client(&server);

    let listed = client
        .list_members()
        .group_id("4242")
        .filter(types::MembershipFilter::Active)
        .send()
        .await?;
    let added = client
        .get_member_results()
        .group_id("4242")
        .results_id("run-9")
        .send()
        .await?;

    index.assert_async().await;
    results.assert_async().await;
    let listed = listed.into_inner().into_parts().0.ok_or("no index")?;
    assert_eq!(listed.memberships, None);
    let added = added.into_inner().into_parts().0.ok_or("no results")?;
    assert_eq!(added.members, None);
    Ok(())
}

#[tokio::test]
async fn the_nickname_answer_with_nulls_and_extra_fields_decodes() -> TestResult {
    let server = MockServer::start_async().await;
    let membership = json!({
        "id": "7303",
        "user_id": "8303",
        "nickname": "Juniper",
        "muted": true,
        "image_url": null,
        "avatar_url": null,
        "autokicked": false,
        "app_installed": true,
        "roles": null
    });
    let mock = server.update_nickname(|when, then| {
        request_to(when.into_inner(), "/groups/4242/memberships/update", &[]);
        reply_json(then.into_inner(), 200, &odd_code_envelope(membership));
    });

    let answer = v3_client(&server)
        .update_nickname()
        .group_id("4242")
        .body(types::UpdateNicknameRequest {
            membership: types::NicknameChange {
                nickname: "Juniper".parse()?,
            },
        })
        .send()
        .await?;

    mock.assert_async().await;
    let member = answer.into_inner().into_parts().0.ok_or("no membership")?;
    assert_eq!(
        (member.nickname.as_str(), member.muted, member.roles),
        ("Juniper", Some(true), None)
    );
    Ok(())
}

#[tokio::test]
async fn bare_lists_and_directory_lists_sent_as_null_decode() -> TestResult {
    let server = MockServer::start_async().await;
    let pending = server.list_pending_memberships(|when, then| {
        request_to(when.into_inner(), "/groups/4242/pending_memberships", &[]);
        reply_json(then.into_inner(), 200, &odd_code_envelope(Value::Null));
    });
    let directory = server.update_directory_membership(|when, then| {
        request_to(when.into_inner(), "/directories/user/membership", &[]);
        reply_json(
            then.into_inner(),
            200,
            &odd_code_envelope(json!({ "id": 5150, "graduation_year": "", "major_ids": null })),
        );
    });
    let client = v3_client(&server);

    let listed = client.list_pending_memberships().group_id("4242").send().await?;
    let updated = client
        .update_directory_membership()
        .body(types::UpdateDirectoryMembershipRequest {
            graduation_year: None,
            campus_profile_visibility: Some(types::CampusProfileVisibility::Visible),
        })
        .send()
        .await?;

    pending.assert_async().await;
    directory.assert_async().await;
    assert_eq!(listed.into_inner().into_parts().0, None);
    let updated = updated.into_inner().into_parts().0.ok_or("no membership")?;
    assert_eq!((updated.id, updated.major_ids), (5150, None));
    assert_eq!(updated.graduation_year.as_deref(), Some(""));
    Ok(())
}

#[tokio::test]
async fn a_v2_profile_with_null_lists_and_null_settings_decodes() -> TestResult {
    let server = MockServer::start_async().await;
    let profile = json!({
        "user": {
            "id": "8304",
            "name": "Odette",
            "avatar_url": null,
            "country": null,
            "sms_disabled_expires_at": null,
            "sleep_until": null,
            "photo_urls": null,
            "interests": null,
            "bio": null,
            "email_settings": { "membership_added": false, "digest": true }
        }
    });
    let mock = server.update_profile(|when, then| {
        request_to(when.into_inner(), "/users/8304", &[]);
        reply_json(then.into_inner(), 200, &odd_code_envelope(profile));
    });

    let answer = v2_client(&server)
        .update_profile()
        .user_id("8304")
        .body(v2::UpdateProfileRequest {
            user: v2::ProfileChanges {
                bio: Some("written by a test".into()),
                ..Default::default()
            },
        })
        .send()
        .await?;

    mock.assert_async().await;
    let user = answer.into_inner().into_parts().0.ok_or("no profile")?.user;
    assert_eq!(user.name, "Odette");
    assert_eq!((user.photo_urls, user.interests), (None, None));
    assert_eq!(
        (user.country, user.sleep_until, user.sms_disabled_expires_at),
        (None, None, None)
    );
    Ok(())
}

#[tokio::test]
async fn an_error_whose_meta_code_is_not_the_status_keeps_the_status() -> TestResult {
    let server = MockServer::start_async().await;
    // No `response` member at all, and a five-digit code.
    let body = json!({ "meta": { "code": 40100, "errors": ["token not accepted"] } });
    let mock = server.get_me(|when, then| {
        request_to(when.into_inner(), "/users/me", &[]);
        reply_json(then.into_inner(), 401, &body);
    });

    let result = v3_client(&server).get_me().send().await;

    mock.assert_async().await;
    let Err(Error::ErrorResponse(answer)) = result else {
        panic!("expected an error answer, got {result:?}");
    };
    assert_eq!(answer.status(), 401);
    let envelope = read_envelope(answer.into_inner()).await;
    assert_eq!(envelope.response, None);
    assert_eq!(
        envelope.meta,
        Meta {
            code: 40100,
            errors: Some(types::MetaErrors::ErrorMessages(Some(vec![
                "token not accepted".to_owned()
            ]))),
        }
    );
    Ok(())
}

#[tokio::test]
async fn the_v2_ban_accepts_the_envelope_and_the_empty_body_alike() -> TestResult {
    for body in [Some(json!({ "meta": { "code": 200 }, "response": null })), None] {
        let server = MockServer::start_async().await;
        let mock = server.ban_member(|when, then| {
            request_to(when.into_inner(), "/groups/4242/memberships/7302/destroy", &[]);
            match &body {
                Some(body) => reply_json(then.into_inner(), 200, body),
                None => then.into_inner().status(200),
            };
        });

        let answer = v2_client(&server)
            .ban_member()
            .group_id("4242")
            .membership_id("7302")
            .send()
            .await?;

        mock.assert_async().await;
        assert_eq!(answer.status(), 200, "{body:?}");
    }
    Ok(())
}
