//! Group memberships: the member index, asynchronous adds and their
//! results, removal and nicknames.

use std::collections::HashMap;
use std::time::SystemTime;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use groupme_api::v3::types::{
    AddMembersAccepted, AddMembersEnvelope, MemberEnvelope, MemberResults, MemberResultsEnvelope,
    MembershipFilter, MembershipIndex, MembershipIndexEnvelope, NewMember, UpdateNicknameRequest,
};
use serde::Deserialize;

use super::{VerifiedDevice, managed_group, manages, member_group};
use crate::clock::unix_seconds;
use crate::extract::{V3Caller, parse_json};
use crate::model::{AddResults, Id, Membership, MembershipState, Role, User, World, parse_id};
use crate::reply::{ApiError, empty, meta};
use crate::rules::{is_blank, is_email, is_phone_number};
use crate::state::FakeState;
use crate::views::{self, MEMBER_INDEX_NULLS, MEMBER_NULLS, MEMBER_RESULTS_NULLS, WithNulls, with_nulls};

/// The results endpoint's answer until the add has been processed.
const RESULTS_NOT_READY: &str = "Results aren't ready. Try again in a little bit.";

/// The results endpoint's answer once the results have expired (or never
/// existed).
const RESULTS_GONE: &str = "Results are no longer available. Don't try again.";

/// `GET /groups/:group_id/members?filter=active|inactive`, for owners and
/// admins.
pub(super) async fn list(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
    uri: Uri,
) -> Result<Json<WithNulls<MembershipIndexEnvelope>>, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let group = managed_group(&mut world.groups, &group_id, me)?;
    let query = Query::<HashMap<String, String>>::try_from_uri(&uri)
        .map(|Query(query)| query)
        .unwrap_or_default();
    let filter = match query.get("filter").map(String::as_str) {
        None | Some("") => return Err(ApiError::field("filter", "cannot be blank")),
        Some(filter) => filter
            .parse::<MembershipFilter>()
            .map_err(|_| ApiError::field("filter", "is invalid"))?,
    };
    let memberships = group
        .memberships
        .iter()
        .filter(|membership| match filter {
            MembershipFilter::Active => membership.state == MembershipState::Active,
            MembershipFilter::Inactive => membership.state.is_former(),
        })
        .map(|membership| views::member(&world.users, membership))
        .collect();
    Ok(Json(with_nulls(
        MembershipIndexEnvelope {
            response: Some(MembershipIndex {
                memberships: Some(memberships),
            }),
            meta: meta(StatusCode::OK),
        },
        &MEMBER_INDEX_NULLS,
    )))
}

/// The add request's body: the spec's `AddMembersRequest`, except that each
/// member is parsed on its own, because a member that does not parse as a
/// `NewMember` (a nickname of 51 characters, say) is left out of the
/// results rather than failing the whole add.
#[derive(Deserialize)]
struct AddMembersBody {
    members: Vec<serde_json::Value>,
}

/// `POST /groups/:group_id/members/add`: any member may add; `202` with a
/// results id. Members that cannot be added (a blank nickname among them)
/// are left out of the results. Needs a verified device when the fake
/// requires one (`403`).
pub(super) async fn add(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    _: VerifiedDevice,
    Path(group_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<AddMembersEnvelope>), ApiError> {
    let now = fake.now();
    let mut world = fake.world();
    let group_id = member_group(&mut world.groups, &group_id, me)?.id;
    let request: AddMembersBody = parse_json(&body)?;
    if request.members.is_empty() {
        return Err(ApiError::field("members", "cannot be blank"));
    }
    let mut added = Vec::new();
    for member in request.members {
        if let Ok(member) = serde_json::from_value::<NewMember>(member)
            && !is_blank(&member.nickname)
            && let Some(membership) = add_one(&mut world, group_id, member, now)
        {
            added.push(views::member(&world.users, &membership));
        }
    }
    let results_id = world.allocate_results_id();
    world.results.insert(
        results_id.clone(),
        AddResults {
            group_id,
            started_at: now,
            members: added,
        },
    );
    Ok((
        StatusCode::ACCEPTED,
        Json(AddMembersEnvelope {
            response: Some(AddMembersAccepted { results_id }),
            meta: meta(StatusCode::ACCEPTED),
        }),
    ))
}

/// Adds one member, or does nothing (and returns `None`) if they cannot be
/// added: a malformed or missing identifier, an unknown user id, a banned
/// user or someone already in the group. Former members, people who asked
/// to join and people turned down become active again with their old
/// membership id.
fn add_one(world: &mut World, group_id: Id, new: NewMember, now: SystemTime) -> Option<Membership> {
    let user_id = find_or_invite(world, &new, now)?;
    let group = world.groups.get(&group_id)?;
    if group.banned.contains(&user_id) || group.active_membership_of(user_id).is_some() {
        return None;
    }
    let previous = group
        .memberships
        .iter()
        .find(|membership| membership.user_id == user_id)
        .map(|membership| membership.id);
    let membership_id = previous.unwrap_or_else(|| world.allocate_id());
    let guid = new.guid.map_or_else(|| world.allocate_guid(), String::from);
    let mut membership = Membership::new(
        membership_id,
        user_id,
        new.nickname,
        vec![Role::User],
        MembershipState::Active,
        unix_seconds(now),
    );
    membership.guid = Some(guid);
    let group = world.groups.get_mut(&group_id)?;
    match group.membership_mut(membership_id) {
        Some(slot) => *slot = membership.clone(),
        None => group.memberships.push(membership.clone()),
    }
    Some(membership)
}

/// The user named by exactly one of the member's identifiers. An unknown
/// email address or phone number is invited: GroupMe makes them an account.
fn find_or_invite(world: &mut World, new: &NewMember, now: SystemTime) -> Option<Id> {
    match (
        new.user_id.as_deref(),
        new.phone_number.as_deref(),
        new.email.as_deref(),
    ) {
        (Some(user_id), None, None) => parse_id(user_id).filter(|id| world.users.contains_key(id)),
        (None, Some(phone_number), None) if is_phone_number(phone_number) => {
            Some(world.user_by_phone(phone_number).unwrap_or_else(|| {
                invite(world, &new.nickname, now, |user| {
                    user.phone_number = Some(phone_number.to_owned());
                })
            }))
        }
        (None, None, Some(email)) if is_email(email) => {
            Some(world.user_by_email(email).unwrap_or_else(|| {
                invite(world, &new.nickname, now, |user| {
                    user.email = Some(email.to_owned());
                })
            }))
        }
        _ => None,
    }
}

/// Makes an account for an invited person, called by their nickname.
fn invite(world: &mut World, name: &str, now: SystemTime, contact: impl FnOnce(&mut User)) -> Id {
    let id = world.allocate_id();
    let mut user = User::new(id, name.to_owned(), unix_seconds(now));
    contact(&mut user);
    world.users.insert(id, user);
    id
}

/// `GET /groups/:group_id/members/results/:results_id`: `503` text until
/// the delay has passed, then `200`, then `404` text once expired.
pub(super) async fn results(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((group_id, results_id)): Path<(String, String)>,
) -> Result<Json<WithNulls<MemberResultsEnvelope>>, ApiError> {
    let gone = || ApiError::text(StatusCode::NOT_FOUND, RESULTS_GONE);
    let now = fake.now();
    let timing = fake.timing();
    let mut world = fake.world();
    let group_id = member_group(&mut world.groups, &group_id, me)
        .map_err(|_| gone())?
        .id;
    let results = world
        .results
        .get(&results_id)
        .filter(|results| results.group_id == group_id)
        .ok_or_else(gone)?;
    let age = now.duration_since(results.started_at).unwrap_or_default();
    if age >= timing.expiry {
        return Err(gone());
    }
    if age < timing.delay {
        return Err(ApiError::text(StatusCode::SERVICE_UNAVAILABLE, RESULTS_NOT_READY));
    }
    Ok(Json(with_nulls(
        MemberResultsEnvelope {
            response: Some(MemberResults {
                members: Some(results.members.clone()),
            }),
            meta: meta(StatusCode::OK),
        },
        &MEMBER_RESULTS_NULLS,
    )))
}

/// `POST /groups/:group_id/members/:membership_id/remove`: owners and
/// admins remove others (state `removed`); anyone may leave (state
/// `exited`); the creator can do neither.
pub(super) async fn remove(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((group_id, membership_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut world = fake.world();
    let group = member_group(&mut world.groups, &group_id, me)?;
    let (target_id, target_user) = parse_id(&membership_id)
        .and_then(|id| group.membership(id))
        .filter(|membership| membership.state == MembershipState::Active)
        .map(|membership| (membership.id, membership.user_id))
        .ok_or_else(|| ApiError::not_found("membership not found"))?;
    let leaving = target_user == me;
    if !leaving && !manages(group, me) {
        return Err(ApiError::unauthorized());
    }
    if target_user == group.creator_id {
        return Err(ApiError::bad_request(
            "the creator of the group cannot be removed",
        ));
    }
    if let Some(target) = group.membership_mut(target_id) {
        target.state = if leaving {
            MembershipState::Exited
        } else {
            MembershipState::Removed
        };
    }
    Ok(empty(StatusCode::OK))
}

/// `POST /groups/:group_id/memberships/update`: the caller's own nickname,
/// 1 to 50 characters, not only white space (`400`).
pub(super) async fn update_nickname(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
    body: Bytes,
) -> Result<Json<WithNulls<MemberEnvelope>>, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let group = member_group(&mut world.groups, &group_id, me)?;
    let request: UpdateNicknameRequest = parse_json(&body)?;
    if is_blank(&request.membership.nickname) {
        return Err(ApiError::field("nickname", "cannot be blank"));
    }
    let membership = group
        .memberships
        .iter_mut()
        .find(|membership| membership.user_id == me && membership.state == MembershipState::Active)
        .ok_or_else(|| ApiError::not_found("membership not found"))?;
    membership.nickname = request.membership.nickname.into();
    Ok(Json(with_nulls(
        MemberEnvelope {
            response: Some(views::member(&world.users, membership)),
            meta: meta(StatusCode::OK),
        },
        &MEMBER_NULLS,
    )))
}
