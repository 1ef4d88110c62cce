//! How failures surface through the generated clients: plain-text answers
//! as `Error::ErrorResponse` with a readable stream, enveloped errors
//! decoded into `MetaErrors` (map or list), and the rate limits (`429`,
//! `420`) and outages (`5XX`) every operation declares as
//! `Error::ErrorResponse` with their status and raw body.

use std::collections::HashMap;
use std::fmt::Debug;

use groupme_api::v3::types;
use groupme_api::{Error, ErrorEnvelope, Meta, MetaErrors, ResponseValue};
use groupme_api_httpmock::{v2::MockServerExt as _, v3::MockServerExt as _};
use groupme_tests::{
    TestResult, read_envelope, read_text, reply, reply_json, request_to, seed, v2_client, v3_client,
};
use httpmock::MockServer;
use serde_json::json;

/// A proxy's error page.
const BAD_GATEWAY_PAGE: &str =
    "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

/// The documented error answer carried by `result`, or a panic naming what
/// came instead.
fn error_response<T: Debug, E>(result: Result<T, Error<E>>) -> ResponseValue<E>
where
    Error<E>: Debug,
{
    match result {
        Err(Error::ErrorResponse(answer)) => answer,
        other => panic!("expected a documented error response, got {other:?}"),
    }
}

/// Asserts that `result` is a declared error answer with `status` whose
/// raw body contains `body_part`.
async fn assert_raw_error<T: Debug>(
    result: Result<T, Error<groupme_api::ByteStream>>,
    status: u16,
    body_part: &str,
) {
    let answer = error_response(result);
    assert_eq!(answer.status(), status);
    let body = read_text(answer.into_inner()).await;
    assert!(body.contains(body_part), "body {body:?} lacks {body_part:?}");
}

/// Serves `text` as `text/plain` with `status` from the members results
/// endpoint and checks that the client hands it over unchanged.
async fn assert_results_text(status: u16, text: &str) {
    let server = MockServer::start_async().await;
    let mock = server.get_member_results(|when, then| {
        request_to(when.into_inner(), "/groups/1111/members/results/GUID", &[]);
        reply(then.into_inner(), status, "text/plain; charset=utf-8", text);
    });

    let result = v3_client(&server)
        .get_member_results()
        .group_id("1111")
        .results_id("GUID")
        .send()
        .await;

    mock.assert_async().await;
    let answer = error_response(result);
    assert_eq!(answer.status(), status);
    assert_eq!(answer.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(read_text(answer.into_inner()).await, text);
}

#[tokio::test]
async fn results_not_ready_503_surfaces_as_its_text() {
    assert_results_text(503, seed::RESULTS_NOT_READY).await;
}

#[tokio::test]
async fn results_expired_404_surfaces_as_its_text() {
    assert_results_text(404, seed::RESULTS_EXPIRED).await;
}

#[tokio::test]
async fn approval_by_a_non_admin_401_surfaces_as_its_text() {
    let server = MockServer::start_async().await;
    let mock = server.decide_pending_membership(|when, then| {
        request_to(when.into_inner(), "/groups/1111/members/6021345503/approval", &[]);
        then.unauthorized_text(seed::NOT_AN_ADMIN);
    });

    let result = v3_client(&server)
        .decide_pending_membership()
        .group_id("1111")
        .membership_id("6021345503")
        .body(types::ApprovalRequest { approval: true })
        .send()
        .await;

    mock.assert_async().await;
    let answer = error_response(result);
    assert_eq!(answer.status(), 401);
    assert_eq!(answer.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(read_text(answer.into_inner()).await, seed::NOT_AN_ADMIN);
}

#[tokio::test]
async fn field_errors_of_a_400_decode_into_a_map() {
    let server = MockServer::start_async().await;
    let mock = server.list_members(|when, then| {
        request_to(when.into_inner(), "/groups/1111/members", &[("filter", "active")]);
        reply_json(
            then.into_inner(),
            400,
            &seed::error_envelope(400, json!({ "filter": "cannot be blank" })),
        );
    });

    let result = v3_client(&server)
        .list_members()
        .group_id("1111")
        .filter(types::MembershipFilter::Active)
        .send()
        .await;

    mock.assert_async().await;
    let answer = error_response(result);
    assert_eq!(answer.status(), 400);
    let envelope = read_envelope(answer.into_inner()).await;
    assert_eq!(envelope.response, None);
    let expected = MetaErrors::FieldErrors(HashMap::from([(
        "filter".to_owned(),
        "cannot be blank".to_owned(),
    )]));
    assert_eq!(
        envelope.meta,
        Meta {
            code: 400,
            errors: Some(expected)
        }
    );
}

#[tokio::test]
async fn error_messages_of_a_404_decode_into_a_list() {
    let server = MockServer::start_async().await;
    let mock = server.list_members(|when, then| {
        request_to(
            when.into_inner(),
            "/groups/1111/members",
            &[("filter", "inactive")],
        );
        reply_json(
            then.into_inner(),
            404,
            &seed::error_envelope(404, json!(["group not found"])),
        );
    });

    let result = v3_client(&server)
        .list_members()
        .group_id("1111")
        .filter(types::MembershipFilter::Inactive)
        .send()
        .await;

    mock.assert_async().await;
    let answer = error_response(result);
    assert_eq!(answer.status(), 404);
    let expected = MetaErrors::ErrorMessages(Some(vec!["group not found".into()]));
    assert_eq!(
        read_envelope(answer.into_inner()).await.meta,
        Meta {
            code: 404,
            errors: Some(expected)
        }
    );
}

#[tokio::test]
async fn enveloped_401_of_get_me_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.get_me(|when, then| {
        request_to(when.into_inner(), "/users/me", &[]);
        reply_json(
            then.into_inner(),
            401,
            &seed::error_envelope(401, json!(["unauthorized"])),
        );
    });

    let result = v3_client(&server).get_me().send().await;

    mock.assert_async().await;
    let answer = error_response(result);
    assert_eq!(answer.status(), 401);
    let expected = MetaErrors::ErrorMessages(Some(vec!["unauthorized".into()]));
    assert_eq!(
        read_envelope(answer.into_inner()).await.meta.errors,
        Some(expected)
    );
}

/// The typed `then` helpers of the error envelopes answer with the status
/// their name promises, on both hosts.
#[tokio::test]
async fn typed_error_helpers_answer_with_their_status() {
    let forbidden = ErrorEnvelope {
        response: None,
        meta: Meta {
            code: 403,
            errors: Some(MetaErrors::ErrorMessages(Some(vec!["forbidden".into()]))),
        },
    };
    let server = MockServer::start_async().await;
    let remove = server.remove_member(|when, then| {
        request_to(when.into_inner(), "/groups/1111/members/35792468/remove", &[]);
        then.forbidden(&forbidden);
    });
    let ban = server.ban_member(|when, then| {
        request_to(
            when.into_inner(),
            "/groups/1111/memberships/35792468/destroy",
            &[],
        );
        then.forbidden(&forbidden);
    });

    let removed = v3_client(&server)
        .remove_member()
        .group_id("1111")
        .membership_id("35792468")
        .send()
        .await;
    let banned = v2_client(&server)
        .ban_member()
        .group_id("1111")
        .membership_id("35792468")
        .send()
        .await;

    remove.assert_async().await;
    ban.assert_async().await;
    for answer in [error_response(removed), error_response(banned)] {
        assert_eq!(answer.status(), 403);
        assert_eq!(read_envelope(answer.into_inner()).await, forbidden);
    }
}

#[tokio::test]
async fn rate_limit_429_surfaces_with_its_status_and_text() {
    let server = MockServer::start_async().await;
    let mock = server.get_me(|when, then| {
        request_to(when.into_inner(), "/users/me", &[]);
        reply(then.into_inner(), 429, "text/plain", "Too Many Requests");
    });

    let result = v3_client(&server).get_me().send().await;

    mock.assert_async().await;
    assert_raw_error(result, 429, "Too Many Requests").await;
}

#[tokio::test]
async fn legacy_rate_limit_420_on_v2_surfaces_with_its_status() {
    let server = MockServer::start_async().await;
    let mock = server.update_profile(|when, then| {
        request_to(when.into_inner(), "/users/60417733", &[]);
        reply(then.into_inner(), 420, "application/json", "");
    });

    let result = v2_client(&server)
        .update_profile()
        .user_id("60417733")
        .body(groupme_api::v2::types::UpdateProfileRequest {
            user: Default::default(),
        })
        .send()
        .await;

    mock.assert_async().await;
    assert_raw_error(result, 420, "").await;
}

#[tokio::test]
async fn proxy_html_502_surfaces_with_its_status_and_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_members(|when, then| {
        request_to(when.into_inner(), "/groups/1111/members", &[("filter", "active")]);
        reply(then.into_inner(), 502, "text/html", BAD_GATEWAY_PAGE);
    });

    let result = v3_client(&server)
        .list_members()
        .group_id("1111")
        .filter(types::MembershipFilter::Active)
        .send()
        .await;

    mock.assert_async().await;
    assert_raw_error(result, 502, "<h1>502 Bad Gateway</h1>").await;
}

/// The results endpoint declares `503` ("not ready") next to `5XX`; any
/// other outage there keeps its own status, so it cannot be mistaken for
/// "not ready".
#[tokio::test]
async fn proxy_html_502_from_results_keeps_its_status() {
    let server = MockServer::start_async().await;
    let mock = server.get_member_results(|when, then| {
        request_to(when.into_inner(), "/groups/1111/members/results/GUID", &[]);
        reply(then.into_inner(), 502, "text/html", BAD_GATEWAY_PAGE);
    });

    let result = v3_client(&server)
        .get_member_results()
        .group_id("1111")
        .results_id("GUID")
        .send()
        .await;

    mock.assert_async().await;
    assert_raw_error(result, 502, "<h1>502 Bad Gateway</h1>").await;
}

#[tokio::test]
async fn html_where_json_is_documented_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    let mock = server.get_me(|when, then| {
        request_to(when.into_inner(), "/users/me", &[]);
        reply(then.into_inner(), 200, "text/html", BAD_GATEWAY_PAGE);
    });

    let result = v3_client(&server).get_me().send().await;

    mock.assert_async().await;
    match result {
        Err(Error::InvalidResponsePayload(body, _)) => assert_eq!(body, BAD_GATEWAY_PAGE),
        other => panic!("expected an invalid payload, got {other:?}"),
    }
}

#[tokio::test]
async fn status_is_reported_for_answers_and_absent_for_refused_requests() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server.get_member_results(|when, then| {
        request_to(when.into_inner(), "/groups/1111/members/results/GUID", &[]);
        then.service_unavailable_text(seed::RESULTS_NOT_READY);
    });
    let client = v3_client(&server);
    let not_ready = client
        .get_member_results()
        .group_id("1111")
        .results_id("GUID")
        .send()
        .await
        .err()
        .ok_or("a 503 must be an error")?;
    mock.assert_async().await;

    let invalid = client
        .get_member_results()
        .group_id("")
        .results_id("GUID")
        .send()
        .await
        .err()
        .ok_or("an empty group id must be refused")?;

    assert_eq!(not_ready.status().map(|status| status.as_u16()), Some(503));
    assert!(matches!(invalid, Error::InvalidRequest(_)), "{invalid:?}");
    assert_eq!(invalid.status(), None);
    Ok(())
}
