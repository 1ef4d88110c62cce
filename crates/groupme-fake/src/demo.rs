//! The deterministic demo seed: who is in it, with which tokens and ids.
//!
//! A fake started with the default [`Seed::Demo`](crate::Seed::Demo) holds
//! exactly this; the constants let tests and demos name it.

use std::time::SystemTime;

use crate::clock::unix_seconds;
use crate::model::{Group, Id, Membership, MembershipState, Role, User, World, join_reason};
use crate::state::new_directory;

/// A user of the demo seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoUser {
    /// The user id.
    pub id: &'static str,
    /// The account name.
    pub name: &'static str,
    /// The access token.
    pub token: &'static str,
    /// The email address.
    pub email: &'static str,
    /// The phone number, if the user has one.
    pub phone_number: Option<&'static str>,
}

/// Demo User: owner of the demo group, plain member of the other group, in
/// a campus domain.
pub const DEMO_USER: DemoUser = DemoUser {
    id: "1001",
    name: "Demo User",
    token: "demo-token",
    email: "demo@example.com",
    phone_number: Some("+1 5550001001"),
};
/// Alice Admin: admin of the demo group, owner of the other group.
pub const ALICE: DemoUser = DemoUser {
    id: "1002",
    name: "Alice Admin",
    token: "alice-token",
    email: "alice@example.com",
    phone_number: Some("+1 5550001002"),
};
/// Bob Member: plain member of the demo group.
pub const BOB: DemoUser = DemoUser {
    id: "1003",
    name: "Bob Member",
    token: "bob-token",
    email: "bob@example.com",
    phone_number: Some("+1 5550001003"),
};
/// Carol Former: left the demo group (state `exited`), so she can be banned.
pub const CAROL: DemoUser = DemoUser {
    id: "1004",
    name: "Carol Former",
    token: "carol-token",
    email: "carol@example.com",
    phone_number: None,
};
/// Dave Requester: asked to join the demo group.
pub const DAVE: DemoUser = DemoUser {
    id: "1005",
    name: "Dave Requester",
    token: "dave-token",
    email: "dave@example.com",
    phone_number: None,
};
/// Erin Requester: asked to join the demo group.
pub const ERIN: DemoUser = DemoUser {
    id: "1006",
    name: "Erin Requester",
    token: "erin-token",
    email: "erin@example.com",
    phone_number: None,
};
/// Frank Friend: not in the demo group; can be added.
pub const FRANK: DemoUser = DemoUser {
    id: "1007",
    name: "Frank Friend",
    token: "frank-token",
    email: "frank@example.com",
    phone_number: Some("+1 5550001007"),
};
/// Grace Friend: not in the demo group; can be added.
pub const GRACE: DemoUser = DemoUser {
    id: "1008",
    name: "Grace Friend",
    token: "grace-token",
    email: "grace@example.com",
    phone_number: None,
};
/// Mallory Banned: removed from and banned by the demo group; adding her
/// fails silently.
pub const MALLORY: DemoUser = DemoUser {
    id: "1009",
    name: "Mallory Banned",
    token: "mallory-token",
    email: "mallory@example.com",
    phone_number: None,
};

/// Every demo user, by id.
pub const USERS: [DemoUser; 9] = [DEMO_USER, ALICE, BOB, CAROL, DAVE, ERIN, FRANK, GRACE, MALLORY];

/// The demo user's token.
pub const TOKEN: &str = DEMO_USER.token;
/// The demo user's id.
pub const USER_ID: &str = DEMO_USER.id;

/// The demo group's id.
pub const GROUP_ID: &str = "2001";
/// The demo group's name.
pub const GROUP_NAME: &str = "Demo Group";
/// Demo User's membership of the demo group (owner, admin).
pub const DEMO_MEMBERSHIP_ID: &str = "3001";
/// Alice's membership of the demo group (admin).
pub const ALICE_MEMBERSHIP_ID: &str = "3002";
/// Bob's membership of the demo group (user).
pub const BOB_MEMBERSHIP_ID: &str = "3003";
/// Carol's former membership of the demo group (`exited`).
pub const CAROL_MEMBERSHIP_ID: &str = "3004";
/// Dave's request to join the demo group (`requested_pending`).
pub const DAVE_REQUEST_ID: &str = "3005";
/// Erin's request to join the demo group (`requested_pending`).
pub const ERIN_REQUEST_ID: &str = "3006";
/// Mallory's former membership of the demo group (`removed`, banned).
pub const MALLORY_MEMBERSHIP_ID: &str = "3009";

/// The other group's id: owned by Alice, Demo User a plain member.
pub const OTHER_GROUP_ID: &str = "2002";
/// The other group's name.
pub const OTHER_GROUP_NAME: &str = "Other Group";
/// Alice's membership of the other group (owner, admin).
pub const OTHER_GROUP_ALICE_MEMBERSHIP_ID: &str = "3100";
/// Demo User's membership of the other group (user).
pub const OTHER_GROUP_DEMO_MEMBERSHIP_ID: &str = "3101";

/// Demo User's campus directory membership id.
pub const DIRECTORY_MEMBERSHIP_ID: i64 = 4001;

/// When the seed's join requests were made (Unix seconds), as in GroupMe's
/// own example.
const DAVE_REQUESTED_AT: i64 = 1_747_219_206;
const ERIN_REQUESTED_AT: i64 = 1_756_219_206;

/// Fills an empty world with the demo seed.
pub(crate) fn seed(world: &mut World, now: SystemTime) {
    let now = unix_seconds(now);
    for demo in USERS {
        let mut user = User::new(id(demo.id), demo.name.to_owned(), now);
        user.token = Some(demo.token.to_owned());
        user.email = Some(demo.email.to_owned());
        user.phone_number = demo.phone_number.map(str::to_owned);
        world.users.insert(user.id, user);
    }
    if let Some(demo) = world.users.get_mut(&id(USER_ID)) {
        demo.directory = Some(new_directory(DIRECTORY_MEMBERSHIP_ID));
    }

    let mut group = Group::new(
        id(GROUP_ID),
        GROUP_NAME,
        Membership::owner(id(DEMO_MEMBERSHIP_ID), id(USER_ID), "Demo", now),
    );
    let members = [
        (
            ALICE_MEMBERSHIP_ID,
            ALICE,
            "Alice",
            Role::Admin,
            MembershipState::Active,
        ),
        (BOB_MEMBERSHIP_ID, BOB, "Bob", Role::User, MembershipState::Active),
        (
            CAROL_MEMBERSHIP_ID,
            CAROL,
            "Carol",
            Role::User,
            MembershipState::Exited,
        ),
        (
            MALLORY_MEMBERSHIP_ID,
            MALLORY,
            "Mallory",
            Role::User,
            MembershipState::Removed,
        ),
    ];
    for (membership_id, user, nickname, role, state) in members {
        group.memberships.push(Membership::new(
            id(membership_id),
            id(user.id),
            nickname,
            vec![role],
            state,
            now,
        ));
    }
    let requests = [
        (
            DAVE_REQUEST_ID,
            DAVE,
            "dave",
            "I run the boathouse schedule.",
            DAVE_REQUESTED_AT,
        ),
        (
            ERIN_REQUEST_ID,
            ERIN,
            "erin",
            "A friend from the rowing club invited me.",
            ERIN_REQUESTED_AT,
        ),
    ];
    for (membership_id, user, nickname, answer, requested_at) in requests {
        let mut request = Membership::new(
            id(membership_id),
            id(user.id),
            nickname,
            vec![Role::User],
            MembershipState::RequestedPending,
            requested_at,
        );
        request.reason = Some(join_reason(answer));
        group.memberships.push(request);
    }
    group.banned.insert(id(MALLORY.id));
    world.groups.insert(group.id, group);

    let mut other = Group::new(
        id(OTHER_GROUP_ID),
        OTHER_GROUP_NAME,
        Membership::owner(id(OTHER_GROUP_ALICE_MEMBERSHIP_ID), id(ALICE.id), "Alice", now),
    );
    other.memberships.push(Membership::new(
        id(OTHER_GROUP_DEMO_MEMBERSHIP_ID),
        id(USER_ID),
        "Demo",
        vec![Role::User],
        MembershipState::Active,
        now,
    ));
    world.groups.insert(other.id, other);
}

/// The numeric id behind one of the constants above.
fn id(text: &str) -> Id {
    text.parse().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_id_is_numeric_and_distinct() {
        let ids = [
            USER_ID,
            ALICE.id,
            BOB.id,
            CAROL.id,
            DAVE.id,
            ERIN.id,
            FRANK.id,
            GRACE.id,
            MALLORY.id,
            GROUP_ID,
            OTHER_GROUP_ID,
            DEMO_MEMBERSHIP_ID,
            ALICE_MEMBERSHIP_ID,
            BOB_MEMBERSHIP_ID,
            CAROL_MEMBERSHIP_ID,
            DAVE_REQUEST_ID,
            ERIN_REQUEST_ID,
            MALLORY_MEMBERSHIP_ID,
            OTHER_GROUP_ALICE_MEMBERSHIP_ID,
            OTHER_GROUP_DEMO_MEMBERSHIP_ID,
        ];
        let parsed: std::collections::BTreeSet<Id> =
            ids.iter().map(|text| text.parse::<Id>().unwrap()).collect();
        assert_eq!(parsed.len(), ids.len());
    }
}
