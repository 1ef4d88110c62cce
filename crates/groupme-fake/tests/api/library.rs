//! The library handle: an empty start, arranging state, inspecting it and
//! stopping the server.

use std::net::SocketAddr;
use std::time::Duration;

use groupme_fake::{FakeGroupMe, ManualClock, MembershipState, NewUser, Role, StateError, demo};
use serde_json::json;

use crate::helpers::{Fake, start};

#[tokio::test]
async fn an_empty_fake_knows_nobody() {
    let server = FakeGroupMe::builder().empty().start().await.unwrap();
    assert!(server.state().user(demo::USER_ID).is_none());
    let response = reqwest::Client::new()
        .get(format!("{}/users/me", server.v3_url()))
        .header("X-Access-Token", demo::TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn everything_can_be_arranged_from_scratch() {
    let clock = ManualClock::default();
    let server = FakeGroupMe::builder()
        .empty()
        .clock(clock.clone())
        .start()
        .await
        .unwrap();
    let fake = Fake::with(server, clock);
    let state = fake.server.state();
    let owner = state
        .add_user(NewUser::new("Olga Owner").token("olga").email("olga@example.com"))
        .unwrap();
    let admin = state.add_user(NewUser::new("Adam Admin").token("adam")).unwrap();
    let plain = state.add_user(NewUser::new("Pat Plain").token("pat")).unwrap();
    let asker = state.add_user(NewUser::new("Quinn Asker")).unwrap();
    assert_eq!(
        [owner.as_str(), &admin, &plain, &asker],
        ["5000", "5001", "5002", "5003"]
    );

    let group = state.create_group("Book Club", &owner).unwrap();
    let admin_membership = state.add_member(&group, &admin, "Adam").unwrap();
    state
        .set_roles(&group, &admin_membership, &[Role::Admin])
        .unwrap();
    let plain_membership = state.add_member(&group, &plain, "Pat").unwrap();
    let request = state.add_join_request(&group, &asker, "quinn").unwrap();

    let members = fake
        .get_as("adam", &format!("/groups/{group}/members?filter=active"))
        .await
        .json(200);
    let roles: Vec<_> = members["response"]["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["nickname"].as_str().unwrap().to_owned(), m["roles"].clone()))
        .collect();
    assert_eq!(
        roles,
        [
            ("Olga Owner".to_owned(), json!(["owner", "admin"])),
            ("Adam".to_owned(), json!(["admin"])),
            ("Pat".to_owned(), json!(["user"])),
        ]
    );
    let pending = fake
        .get_as("pat", &format!("/groups/{group}/pending_memberships"))
        .await
        .json(200);
    assert_eq!(pending["response"][0]["id"], request.as_str());

    state
        .set_state(&group, &plain_membership, MembershipState::Exited)
        .unwrap();
    let inactive = fake
        .get_as("olga", &format!("/groups/{group}/members?filter=inactive"))
        .await
        .json(200);
    assert_eq!(
        inactive["response"]["memberships"][0]["id"],
        plain_membership.as_str()
    );

    state.ban(&group, &plain).unwrap();
    assert_eq!(state.is_banned(&group, &plain), Ok(true));
}

#[tokio::test]
async fn arranging_reports_what_does_not_exist() {
    let fake = start().await;
    let state = fake.server.state();
    assert_eq!(
        state.add_user(NewUser::new("Twin").token(demo::TOKEN)),
        Err(StateError::TokenTaken)
    );
    assert_eq!(
        state.create_group("G", "424242"),
        Err(StateError::UnknownUser("424242".to_owned()))
    );
    assert_eq!(
        state.add_member("424242", demo::FRANK.id, "F"),
        Err(StateError::UnknownGroup("424242".to_owned()))
    );
    assert_eq!(
        state.add_member(demo::GROUP_ID, demo::BOB.id, "B"),
        Err(StateError::AlreadyInGroup(demo::BOB.id.to_owned()))
    );
    assert_eq!(
        state.set_roles(demo::GROUP_ID, "424242", &[Role::Admin]),
        Err(StateError::UnknownMembership("424242".to_owned()))
    );
    assert_eq!(
        state.memberships("424242"),
        Err(StateError::UnknownGroup("424242".to_owned()))
    );
}

#[tokio::test]
async fn making_a_plain_member_admin_lets_them_list_members() {
    let fake = start().await;
    let path = format!("/groups/{}/members?filter=active", demo::GROUP_ID);
    fake.get_as(demo::BOB.token, &path).await.json(401);
    fake.server
        .state()
        .set_roles(demo::GROUP_ID, demo::BOB_MEMBERSHIP_ID, &[Role::Admin])
        .unwrap();
    fake.get_as(demo::BOB.token, &path).await.json(200);
}

#[tokio::test]
async fn the_directory_can_be_granted_and_taken_away() {
    let fake = start().await;
    let state = fake.server.state();
    let body = json!({ "codes": ["3702"] });
    let path = "/directories/user/majors";
    let put = |token| {
        fake.call(
            crate::helpers::Host::V3,
            reqwest::Method::PUT,
            path,
            Some(token),
            Some(body.clone()),
        )
    };
    put(demo::BOB.token).await.json(403);
    state.set_in_directory(demo::BOB.id, true).unwrap();
    put(demo::BOB.token).await.json(201);
    assert_eq!(
        state.directory_membership(demo::BOB.id).unwrap().major_ids,
        Some(vec![3702])
    );
    state.set_in_directory(demo::USER_ID, false).unwrap();
    put(demo::TOKEN).await.json(403);
    assert!(state.directory_membership(demo::USER_ID).is_none());
}

#[tokio::test]
async fn the_description_lists_users_tokens_groups_and_requests() {
    let fake = start().await;
    let description = fake.server.state().describe();
    for expected in [
        "1001  Demo User",
        "token demo-token",
        "token mallory-token",
        "2001  Demo Group (private, creator 1001)",
        "membership 3005  user 1005  dave       requested_pending",
        "banned users: 1009",
        "2002  Other Group (private, creator 1002)",
    ] {
        assert!(description.contains(expected), "{expected:?} in\n{description}");
    }
}

#[tokio::test]
async fn new_users_keep_their_token_out_of_debug_output() {
    let user = NewUser::new("Secret Keeper").token("s3cr3t-t0ken");
    let debug = format!("{user:?}");
    assert!(!debug.contains("s3cr3t-t0ken"), "{debug}");
    assert!(debug.contains("Secret Keeper"));
}

#[tokio::test]
async fn non_loopback_addresses_are_refused_unless_allowed() {
    let error = FakeGroupMe::builder()
        .bind(SocketAddr::from(([0, 0, 0, 0], 0)))
        .start()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let server = FakeGroupMe::start().await.unwrap();
    let url = format!("{}/users/me", server.v3_url());
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(&url)
            .header("X-Access-Token", demo::TOKEN)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    server.shutdown().await.unwrap();
    assert!(reqwest::Client::new().get(&url).send().await.is_err());
}

#[tokio::test]
async fn dropping_stops_serving() {
    let server = FakeGroupMe::start().await.unwrap();
    let addr = server.local_addr();
    drop(server);
    // Aborting the server task takes effect at its next poll.
    let mut refused = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "the port still accepts connections");
}
