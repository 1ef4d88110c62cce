//! Fault injection seen from a plain HTTP client: each kind of fault, "next
//! N" rules, route-scoped rules, probabilities and seeded draws.

use std::time::{Duration, Instant};

use groupme_fake::faults::SLOW_BODY_PIECES;
use groupme_fake::{
    FakeGroupMe, FakeGroupMeBuilder, Fault, FaultPlan, FaultRule, ManualClock, NewUser, ServerErrorStatus,
    demo,
};
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::{Value, json};

use crate::helpers::{Fake, start};

const USERS_ME: &str = "/users/me";

/// A fake with the demo seed and a manual clock, configured by `configure`.
async fn start_with(configure: impl FnOnce(FakeGroupMeBuilder) -> FakeGroupMeBuilder) -> Fake {
    let clock = ManualClock::default();
    let server = configure(FakeGroupMe::builder().clock(clock.clone()))
        .start()
        .await
        .expect("the fake starts");
    Fake::with(server, clock)
}

/// `GET` on v3 as the demo user with a fresh client (no pooled connection
/// left over from a fault); returns the raw response.
async fn get_raw(fake: &Fake, path: &str) -> reqwest::Result<reqwest::Response> {
    reqwest::Client::new()
        .get(format!("{}{path}", fake.server.v3_url()))
        .header("X-Access-Token", demo::TOKEN)
        .send()
        .await
}

/// The statuses of `count` calls to `GET /users/me`.
async fn statuses(fake: &Fake, count: usize) -> Vec<u16> {
    let mut statuses = Vec::with_capacity(count);
    for _ in 0..count {
        statuses.push(fake.get(USERS_ME).await.status);
    }
    statuses
}

fn rate_limited(retry_after: Option<Duration>) -> Fault {
    Fault::RateLimited { retry_after }
}

#[tokio::test]
async fn rate_limits_carry_retry_after_in_whole_seconds_when_asked() {
    let fake = start_with(|builder| {
        builder.fault(FaultRule::next(
            rate_limited(Some(Duration::from_millis(2500))),
            1,
        ))
    })
    .await;
    let response = get_raw(&fake, USERS_ME).await.unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()[RETRY_AFTER], "3");
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["response"], Value::Null);
    assert_eq!(body["meta"]["code"], 429);
    assert_eq!(body["meta"]["errors"].as_array().map(Vec::len), Some(1));
    assert_eq!(fake.server.state().faults_injected(), 1);
}

#[tokio::test]
async fn rate_limits_without_retry_after_have_no_such_header() {
    let fake = start_with(|builder| builder.fault(FaultRule::next(rate_limited(None), 1))).await;
    let response = get_raw(&fake, USERS_ME).await.unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().get(RETRY_AFTER).is_none());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["meta"]["code"], 429);
}

#[tokio::test]
async fn server_errors_answer_an_html_page_not_json() {
    let fake = start().await;
    for status in ServerErrorStatus::ALL {
        fake.server
            .state()
            .add_fault(FaultRule::next(Fault::ServerError(status), 1));
        let reply = fake.get(USERS_ME).await;
        assert_eq!(reply.status, status.code());
        assert_eq!(reply.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert!(reply.body.starts_with("<!DOCTYPE html>"), "{}", reply.body);
        assert!(reply.body.contains(&status.code().to_string()), "{}", reply.body);
        assert!(serde_json::from_str::<Value>(&reply.body).is_err());
    }
    assert_eq!(fake.server.state().faults_injected(), 4);
    assert_eq!(
        ServerErrorStatus::from_code(502),
        Some(ServerErrorStatus::BadGateway)
    );
    assert_eq!(ServerErrorStatus::from_code(501), None);
}

#[tokio::test]
async fn a_reset_connection_is_a_transport_error_without_a_status() {
    let fake = start_with(|builder| builder.fault(FaultRule::next(Fault::ResetConnection, 1))).await;
    let error = get_raw(&fake, USERS_ME).await.expect_err("no answer at all");
    // reqwest calls it a request error: the connection closed before the
    // answer began.
    assert!(error.status().is_none(), "{error:?}");
    assert!(error.is_request() && !error.is_timeout(), "{error:?}");
    assert_eq!(fake.server.state().faults_injected(), 1);
    // The server is still there for the next request.
    fake.get(USERS_ME).await.json(200);
}

#[tokio::test]
async fn a_slow_body_sends_the_headers_then_trickles_the_real_answer() {
    let normal = start().await.get(USERS_ME).await.json(200);
    let delay = Duration::from_millis(100);
    let fake = start_with(|builder| builder.fault(FaultRule::next(Fault::SlowBody { delay }, 1))).await;
    let started = Instant::now();
    let response = get_raw(&fake, USERS_ME).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("the whole body arrives");
    // Every piece waits `delay` first: a lower bound, which cannot flake.
    assert!(
        started.elapsed() >= delay * SLOW_BODY_PIECES,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(body, normal);
}

#[tokio::test]
async fn a_slow_body_outlasts_a_client_read_timeout_shorter_than_its_pauses() {
    let fake = start_with(|builder| {
        builder.fault(FaultRule::next(
            Fault::SlowBody {
                delay: Duration::from_secs(3),
            },
            1,
        ))
    })
    .await;
    let impatient = reqwest::Client::builder()
        .read_timeout(Duration::from_millis(600))
        .build()
        .unwrap();
    let response = impatient
        .get(format!("{}{USERS_ME}", fake.server.v3_url()))
        .header("X-Access-Token", demo::TOKEN)
        .send()
        .await
        .expect("the status and headers come at once");
    assert_eq!(response.status(), 200);
    let error = response.bytes().await.expect_err("the body is too slow");
    assert!(error.is_timeout() || error.is_body(), "{error:?}");
}

#[tokio::test]
async fn truncated_json_is_a_complete_200_with_half_the_real_body() {
    let fake = start().await;
    let normal = fake.get(USERS_ME).await.body;
    fake.server
        .state()
        .add_fault(FaultRule::next(Fault::TruncatedJson, 1));
    let reply = fake.get(USERS_ME).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type.as_deref(), Some("application/json"));
    assert_eq!(reply.body, normal[..normal.len() / 2]);
    assert!(serde_json::from_str::<Value>(&reply.body).is_err());
}

#[tokio::test]
async fn truncated_json_cuts_an_envelope_where_the_route_sends_no_body() {
    let fake = start().await;
    let state = fake.server.state();
    let user = state.add_user(NewUser::new("Trudy Temp")).unwrap();
    let membership_id = state.add_member(demo::GROUP_ID, &user, "Trudy").unwrap();
    fake.server
        .state()
        .add_fault(FaultRule::next(Fault::TruncatedJson, 1));
    let path = format!("/groups/{}/members/{membership_id}/remove", demo::GROUP_ID);
    let reply = fake.post(&path, json!({})).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type.as_deref(), Some("application/json"));
    assert!(!reply.body.is_empty());
    assert!(serde_json::from_str::<Value>(&reply.body).is_err());
    // The route did its work before its answer was spoiled.
    assert_eq!(
        fake.demo_membership(&membership_id).state.as_deref(),
        Some("removed")
    );
}

#[tokio::test]
async fn the_next_n_requests_fail_then_service_is_normal() {
    let fake = start_with(|builder| {
        builder.fault(FaultRule::next(
            Fault::ServerError(ServerErrorStatus::ServiceUnavailable),
            2,
        ))
    })
    .await;
    assert_eq!(statuses(&fake, 4).await, [503, 503, 200, 200]);
    assert_eq!(fake.server.state().faults_injected(), 2);
    assert!(fake.server.state().fault_rules().is_empty());
}

#[tokio::test]
async fn route_scoped_faults_leave_other_routes_alone() {
    let fake = start().await;
    fake.server.state().add_fault(
        FaultRule::always(rate_limited(None))
            .on_route("GET /v3/groups/{group_id}/members")
            .unwrap(),
    );
    let members = format!("/groups/{}/members?filter=active", demo::GROUP_ID);
    assert_eq!(fake.get(&members).await.status, 429);
    fake.get(USERS_ME).await.json(200);
    // Same path, another method: the route is not served for POST.
    let post = fake
        .post(&format!("/groups/{}/members", demo::GROUP_ID), json!({}))
        .await;
    assert_eq!(post.status, 404);
    fake.add_members(json!([{ "nickname": "Walter", "email": "walter@example.com" }]))
        .await;
    assert_eq!(fake.get(&members).await.status, 429);
    assert_eq!(fake.server.state().faults_injected(), 2);
}

#[tokio::test]
async fn probability_zero_never_fires_and_one_always_fires() {
    let never = FaultRule::with_probability(rate_limited(None), 0.0).unwrap();
    let fake = start_with(|builder| builder.fault(never)).await;
    assert!(statuses(&fake, 20).await.iter().all(|status| *status == 200));
    assert_eq!(fake.server.state().faults_injected(), 0);

    let always = FaultRule::with_probability(rate_limited(None), 1.0).unwrap();
    fake.server.state().set_fault_plan(FaultPlan::new().rule(always));
    assert!(statuses(&fake, 20).await.iter().all(|status| *status == 429));
    assert_eq!(fake.server.state().faults_injected(), 20);
}

#[tokio::test]
async fn seeded_draws_are_reproducible() {
    let plan = |seed| {
        FaultPlan::new()
            .seed(seed)
            .rule(FaultRule::with_probability(rate_limited(None), 0.5).unwrap())
    };
    let first = start_with(|builder| builder.faults(plan(11))).await;
    let second = start_with(|builder| builder.faults(plan(11))).await;
    let pattern = statuses(&first, 40).await;
    assert_eq!(statuses(&second, 40).await, pattern);
    assert!(pattern.contains(&200) && pattern.contains(&429), "{pattern:?}");

    // Setting the plan again restarts the draws from its seed.
    first.server.state().set_fault_plan(plan(11));
    assert_eq!(statuses(&first, 40).await, pattern);
    first.server.state().set_fault_plan(plan(12));
    assert_ne!(statuses(&first, 40).await, pattern);
}

#[tokio::test]
async fn rules_are_tried_in_order_and_can_be_cleared_at_run_time() {
    let fake = start().await;
    let state = fake.server.state();
    state.add_fault(FaultRule::next(rate_limited(None), 1));
    state.add_fault(FaultRule::next(
        Fault::ServerError(ServerErrorStatus::BadGateway),
        1,
    ));
    assert_eq!(statuses(&fake, 3).await, [429, 502, 200]);

    state.add_fault(FaultRule::always(rate_limited(None)));
    assert_eq!(statuses(&fake, 2).await, [429, 429]);
    state.clear_faults();
    assert_eq!(statuses(&fake, 2).await, [200, 200]);
    assert_eq!(state.faults_injected(), 4);
}

#[tokio::test]
async fn faults_apply_to_v2_and_to_unknown_paths_too() {
    let fake = start().await;
    fake.server.state().add_fault(
        FaultRule::always(rate_limited(None))
            .on_route("/v2/{anything}/{id}")
            .unwrap(),
    );
    let v2 = fake
        .post_v2_as(demo::TOKEN, &format!("/users/{}", demo::USER_ID), Some(json!({})))
        .await;
    assert_eq!(v2.status, 429);
    fake.server
        .state()
        .set_fault_plan(FaultPlan::new().rule(FaultRule::always(rate_limited(None))));
    assert_eq!(fake.get("/no/such/path").await.status, 429);
}
