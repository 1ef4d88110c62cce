//! Groups: the paged index, former groups, show, create, update, destroy,
//! joining by share token, rejoining, owner transfer with a status per
//! request, membership states, and muting (the main chat on v2, every
//! topic on v3).
//!
//! Who may do what, as GroupMe documents it: any active member may see a
//! group (others get `404`); every member may change a `private` group's
//! settings, only owners and admins a `closed` or `announcement` one
//! (others get `401`); only the creator may disband it (`401`) or hand it
//! over (a per-request `"403"`).

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroUsize;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use groupme_api::Meta;
use groupme_api::v2::types::{MuteAnswer, MuteEnvelope, MuteMembership, MuteRequest as V2MuteRequest};
use groupme_api::v3::types::{
    ChangeOwnersEnvelope, CreateGroupRequest, MembershipStateEntry, MembershipStatesEnvelope, MuteAllAnswer,
    MuteAllEnvelope, MuteAllMembership, MuteRequest, OwnerChange, OwnerChangeResult, OwnerChangeResults,
    RejoinGroupRequest, UpdateGroupRequest,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{VerifiedDevice, member_group};
use crate::clock::unix_seconds;
use crate::extract::{V2Caller, V3Caller, parse_json};
use crate::model::{Group, Id, Membership, MembershipState, Role, Users, World, parse_id};
use crate::reply::{ApiError, FieldErrors, empty, meta};
use crate::state::FakeState;
use crate::views;

/// Groups per page of the index when `per_page` is left out, as GroupMe
/// documents.
pub(crate) const DEFAULT_PER_PAGE: usize = 10;

/// The most characters a group name may have.
const NAME_MAX_CHARS: usize = 140;

/// The most characters a group description may have.
const DESCRIPTION_MAX_CHARS: usize = 255;

/// `muted_until` for a mute without an end: the first second of the year
/// 10000, as GroupMe answers.
const MUTED_FOREVER: i64 = 253_402_300_800;

/// `GET /groups?page=&per_page=&omit=memberships`: the caller's active
/// groups, most recently changed first, a page at a time; past the last
/// page an empty list.
pub(super) async fn list(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    uri: Uri,
) -> Result<Json<OnWire>, ApiError> {
    let query = query(&uri);
    let mut errors = FieldErrors::default();
    let page = positive(&query, "page", &mut errors).map_or(1, NonZeroUsize::get);
    let per_page = positive(&query, "per_page", &mut errors).map_or(DEFAULT_PER_PAGE, NonZeroUsize::get);
    let mut with_members = true;
    if let Some(omit) = query.get("omit") {
        for part in omit.split(',').map(str::trim).filter(|part| !part.is_empty()) {
            if part == "memberships" {
                with_members = false;
            } else {
                errors.add("omit", "is invalid");
            }
        }
    }
    errors.check()?;
    let world = fake.world();
    let mut groups: Vec<&Group> = world
        .groups
        .values()
        .filter(|group| group.active_membership_of(me).is_some())
        .collect();
    groups.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)));
    let page = groups
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|group| views::group_on_wire(&world.users, group, with_members))
        .collect();
    Ok(on_wire(Value::Array(page), StatusCode::OK))
}

/// `GET /groups/former`: the groups the caller left on their own and is
/// not banned from.
pub(super) async fn former(State(fake): State<FakeState>, V3Caller(me): V3Caller) -> Json<OnWire> {
    let world = fake.world();
    let groups = world
        .groups
        .values()
        .filter(|group| can_rejoin(group, me))
        .map(|group| views::group_on_wire(&world.users, group, true))
        .collect();
    on_wire(Value::Array(groups), StatusCode::OK)
}

/// `GET /groups/:group_id`: for active members only.
pub(super) async fn show(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
) -> Result<Json<OnWire>, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let group = member_group(&mut world.groups, &group_id, me)?;
    Ok(group_answer(&world.users, group, StatusCode::OK))
}

/// `POST /groups`: a new group with the caller as creator, owner and only
/// member; `201`. Needs a verified device when the fake requires one
/// (`403`).
pub(super) async fn create(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    _: VerifiedDevice,
    body: Bytes,
) -> Result<(StatusCode, Json<OnWire>), ApiError> {
    let request: CreateGroupRequest = parse_json(&body)?;
    let mut errors = FieldErrors::default();
    check_name(request.name.as_str(), &mut errors);
    check_description(request.description.as_deref().map(|d| d.as_str()), &mut errors);
    errors.check()?;
    let now = unix_seconds(fake.now());
    let mut world = fake.world();
    let nickname = world
        .users
        .get(&me)
        .map(|user| user.name.clone())
        .ok_or_else(ApiError::unauthorized)?;
    let group_id = world.allocate_id();
    let membership_id = world.allocate_id();
    let mut group = Group::new(
        group_id,
        String::from(request.name),
        Membership::owner(membership_id, me, nickname, now),
    );
    group.description = request.description.map(String::from);
    group.image_url = request.image_url.map(String::from);
    if request.share == Some(true) {
        group.share_token = Some(world.allocate_share_code());
    }
    let answer = group_answer(&world.users, &group, StatusCode::CREATED);
    world.groups.insert(group_id, group);
    Ok((StatusCode::CREATED, answer))
}

/// `POST /groups/:group_id/update`: any member of a `private` group, only
/// owners and admins of other kinds; absent fields stay.
pub(super) async fn update(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
    body: Bytes,
) -> Result<Json<OnWire>, ApiError> {
    let now = unix_seconds(fake.now());
    let mut world = fake.world();
    let world = &mut *world;
    let group = member_group(&mut world.groups, &group_id, me)?;
    let may_change =
        !group.managers_only() || group.active_membership_of(me).is_some_and(Membership::is_manager);
    if !may_change {
        return Err(ApiError::unauthorized());
    }
    let group_key = group.id;
    let changes: UpdateGroupRequest = parse_json(&body)?;
    let mut errors = FieldErrors::default();
    if let Some(name) = &changes.name {
        check_name(name.as_str(), &mut errors);
    }
    check_description(changes.description.as_deref().map(|d| d.as_str()), &mut errors);
    errors.check()?;
    let new_share_token = (changes.share == Some(true)).then(|| world.allocate_share_code());
    let group = world
        .groups
        .get_mut(&group_key)
        .ok_or_else(|| ApiError::not_found("group not found"))?;
    if let Some(name) = changes.name {
        group.name = name.into();
    }
    if let Some(description) = changes.description {
        group.description = Some(description.into());
    }
    if let Some(image_url) = changes.image_url {
        group.image_url = Some(image_url.into());
    }
    if let Some(theme_name) = changes.theme_name {
        group.theme_name = Some(theme_name.into());
    }
    match changes.share {
        Some(true) if group.share_token.is_none() => group.share_token = new_share_token,
        Some(false) => group.share_token = None,
        _ => {}
    }
    apply(&mut group.office_mode, changes.office_mode);
    apply(&mut group.requires_approval, changes.requires_approval);
    apply(&mut group.show_join_question, changes.show_join_question);
    apply(&mut group.visibility, changes.visibility);
    apply(&mut group.group_type, changes.group_type);
    apply(&mut group.message_deletion_mode, changes.message_deletion_mode);
    if changes.join_question.is_some() {
        group.join_question = changes.join_question;
    }
    if changes.like_icon.is_some() {
        group.like_icon = changes.like_icon;
    }
    group.updated_at = now;
    Ok(group_answer(&world.users, group, StatusCode::OK))
}

/// `POST /groups/:group_id/destroy`: the creator disbands the group; other
/// members get `401`. The body is empty.
pub(super) async fn destroy(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
) -> Result<Response, ApiError> {
    let mut world = fake.world();
    let group = member_group(&mut world.groups, &group_id, me)?;
    if group.creator_id != me {
        return Err(ApiError::unauthorized());
    }
    let id = group.id;
    world.groups.remove(&id);
    Ok(empty(StatusCode::OK))
}

/// `POST /groups/:group_id/join/:share_token`: joins a shared group whose
/// token matches (`404` otherwise, and for banned users); members who
/// already belong just get the group.
pub(super) async fn join(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((group_id, share_token)): Path<(String, String)>,
) -> Result<Json<OnWire>, ApiError> {
    let now = unix_seconds(fake.now());
    let mut world = fake.world();
    let world = &mut *world;
    let nickname = world
        .users
        .get(&me)
        .map(|user| user.name.clone())
        .ok_or_else(ApiError::unauthorized)?;
    let not_found = || ApiError::not_found("group not found");
    let group_key = parse_id(&group_id).ok_or_else(not_found)?;
    let shared = world.groups.get(&group_key).is_some_and(|group| {
        group.share_token.as_deref() == Some(share_token.as_str()) && !group.banned.contains(&me)
    });
    if !shared {
        return Err(not_found());
    }
    let fresh_id = world.allocate_id();
    let group = world.groups.get_mut(&group_key).ok_or_else(not_found)?;
    activate(group, me, nickname, fresh_id, now);
    let joined = json!({ "group": views::group_on_wire(&world.users, group, true) });
    Ok(on_wire(joined, StatusCode::OK))
}

/// `POST /groups/join` with `{"group_id"}`: rejoins a group the caller
/// left on their own. `404` for groups the caller never left (or never
/// saw); `400` for those they were removed or banned from.
pub(super) async fn rejoin(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<Json<OnWire>, ApiError> {
    let request: RejoinGroupRequest = parse_json(&body)?;
    let now = unix_seconds(fake.now());
    let mut world = fake.world();
    let world = &mut *world;
    let group = parse_id(request.group_id.as_str())
        .and_then(|id| world.groups.get_mut(&id))
        .filter(|group| {
            group
                .membership_of(me)
                .is_some_and(|membership| membership.state.is_former())
        })
        .ok_or_else(|| ApiError::not_found("group not found"))?;
    if !can_rejoin(group, me) {
        return Err(ApiError::bad_request(
            "you were removed from this group and cannot rejoin it",
        ));
    }
    if let Some(membership) = group.membership_of_mut(me) {
        membership.state = MembershipState::Active;
        membership.updated_at = now;
    }
    group.updated_at = now;
    Ok(group_answer(&world.users, group, StatusCode::OK))
}

/// The change-owners body: each request is read on its own, because a
/// malformed one gets its own `"405"` rather than failing the call.
#[derive(Deserialize)]
struct ChangeOwnersBody {
    requests: Vec<serde_json::Value>,
}

/// `POST /groups/change_owners`: one result per request, in order, each
/// with its own status string.
pub(super) async fn change_owners(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<Json<ChangeOwnersEnvelope>, ApiError> {
    let request: ChangeOwnersBody = parse_json(&body)?;
    if request.requests.is_empty() {
        return Err(ApiError::field("requests", "cannot be blank"));
    }
    let now = unix_seconds(fake.now());
    let mut world = fake.world();
    let results = request
        .requests
        .into_iter()
        .map(|raw| change_owner(&mut world, me, raw, now))
        .collect();
    Ok(Json(ChangeOwnersEnvelope {
        response: Some(OwnerChangeResults {
            results: Some(results),
        }),
        meta: meta(StatusCode::OK),
    }))
}

/// One owner change: `"405"` malformed, `"404"` no such group (for the
/// caller) or new owner not an active member, `"403"` the caller does not
/// own the group, `"400"` the new owner is the caller, `"200"` done.
fn change_owner(world: &mut World, me: Id, raw: serde_json::Value, now: i64) -> OwnerChangeResult {
    let named = |field: &str| {
        raw.get(field)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    let mut result = OwnerChangeResult {
        group_id: named("group_id"),
        owner_id: named("owner_id"),
        status: String::new(),
    };
    result.status = match serde_json::from_value::<OwnerChange>(raw.clone()) {
        Err(_) => "405",
        Ok(change) => match (
            parse_id(change.group_id.as_str()),
            parse_id(change.owner_id.as_str()),
        ) {
            (Some(group_id), Some(owner_id)) => hand_over(world, me, group_id, owner_id, now),
            _ => "405",
        },
    }
    .to_owned();
    result
}

fn hand_over(world: &mut World, me: Id, group_id: Id, owner_id: Id, now: i64) -> &'static str {
    let Some(group) = world
        .groups
        .get_mut(&group_id)
        .filter(|group| group.active_membership_of(me).is_some())
    else {
        return "404";
    };
    if !group.active_membership_of(me).is_some_and(Membership::is_owner) {
        return "403";
    }
    if owner_id == me {
        return "400";
    }
    if group.active_membership_of(owner_id).is_none() {
        return "404";
    }
    for membership in &mut group.memberships {
        if membership.user_id == me {
            membership.roles.retain(|role| *role != Role::Owner);
        } else if membership.user_id == owner_id {
            membership.roles = vec![Role::Owner, Role::Admin];
        }
    }
    group.creator_id = owner_id;
    group.updated_at = now;
    "200"
}

/// `GET /memberships/states`: every group the caller has a membership in
/// (active or former), with the caller's state; a banned former member is
/// `exited_removed`.
pub(super) async fn membership_states(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
) -> Json<MembershipStatesEnvelope> {
    let world = fake.world();
    let states = world
        .groups
        .values()
        .filter_map(|group| {
            let membership = group.membership_of(me)?;
            let state = match membership.state {
                MembershipState::Active => MembershipState::Active,
                state if state.is_former() && group.banned.contains(&me) => MembershipState::ExitedRemoved,
                state if state.is_former() => state,
                _ => return None,
            };
            Some(MembershipStateEntry {
                group_id: group.id.to_string(),
                state: state.as_str().to_owned(),
            })
        })
        .collect();
    Json(MembershipStatesEnvelope {
        response: Some(states),
        meta: meta(StatusCode::OK),
    })
}

/// `POST /groups/:group_id/memberships/mute` (v2): mutes the main chat for
/// `duration` minutes or, with null, until unmuted.
pub(super) async fn mute_main(
    State(fake): State<FakeState>,
    V2Caller(me): V2Caller,
    Path(group_id): Path<String>,
    body: Bytes,
) -> Result<Json<MuteEnvelope>, ApiError> {
    let request: V2MuteRequest = parse_json(&body)?;
    let until = mute_end(&fake, request.duration.map(|minutes| minutes.get()));
    set_mute(&fake, me, &group_id, until, v2_answer)
}

/// `POST /groups/:group_id/memberships/unmute` (v2).
pub(super) async fn unmute_main(
    State(fake): State<FakeState>,
    V2Caller(me): V2Caller,
    Path(group_id): Path<String>,
) -> Result<Json<MuteEnvelope>, ApiError> {
    set_mute(&fake, me, &group_id, None, v2_answer)
}

/// `POST /groups/:group_id/memberships/mute_all` (v3): mutes the main chat
/// and every topic (the fake's groups have none).
pub(super) async fn mute_all(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
    body: Bytes,
) -> Result<Json<MuteAllEnvelope>, ApiError> {
    let request: MuteRequest = parse_json(&body)?;
    let until = mute_end(&fake, request.duration.map(|minutes| minutes.get()));
    set_mute(&fake, me, &group_id, until, v3_answer)
}

/// `POST /groups/:group_id/memberships/unmute_all` (v3).
pub(super) async fn unmute_all(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
) -> Result<Json<MuteAllEnvelope>, ApiError> {
    set_mute(&fake, me, &group_id, None, v3_answer)
}

/// When a mute of `minutes` (or, with `None`, forever) started now ends.
fn mute_end(fake: &FakeState, minutes: Option<u64>) -> Option<i64> {
    let now = unix_seconds(fake.now());
    Some(match minutes {
        None => MUTED_FOREVER,
        Some(minutes) => {
            let seconds = i64::try_from(minutes.saturating_mul(60)).unwrap_or(i64::MAX);
            now.saturating_add(seconds).min(MUTED_FOREVER)
        }
    })
}

/// Sets the caller's mute in the group and answers with their membership
/// as `render` shows it.
fn set_mute<R>(
    fake: &FakeState,
    me: Id,
    group_id: &str,
    until: Option<i64>,
    render: impl FnOnce(&Users, &Group, &Membership) -> R,
) -> Result<R, ApiError> {
    let now = unix_seconds(fake.now());
    let mut world = fake.world();
    let world = &mut *world;
    let group = member_group(&mut world.groups, group_id, me)?;
    let membership = group
        .memberships
        .iter_mut()
        .find(|membership| membership.user_id == me && membership.state == MembershipState::Active)
        .ok_or_else(|| ApiError::not_found("membership not found"))?;
    membership.muted_until = until;
    membership.updated_at = now;
    let membership = membership.clone();
    Ok(render(&world.users, group, &membership))
}

/// The caller's membership as the v2 mute calls show it.
fn v2_answer(users: &Users, _group: &Group, membership: &Membership) -> Json<MuteEnvelope> {
    let user = users.get(&membership.user_id);
    Json(MuteEnvelope {
        response: Some(MuteAnswer {
            membership: MuteMembership {
                id: membership.id.to_string(),
                user_id: membership.user_id.to_string(),
                nickname: Some(membership.nickname.clone()),
                avatar_url: user.and_then(|user| user.image_url.clone()),
                state: Some(
                    if membership.muted_until.is_some() {
                        "muted"
                    } else {
                        "active"
                    }
                    .to_owned(),
                ),
                created_at: Some(membership.timestamp),
                updated_at: Some(membership.updated_at),
                muted_until: membership.muted_until,
                has_sound_enabled: Some(true),
                autokicked: Some(false),
            },
        }),
        meta: meta(StatusCode::OK),
    })
}

/// The caller's membership as the v3 mute-all calls show it.
fn v3_answer(users: &Users, group: &Group, membership: &Membership) -> Json<MuteAllEnvelope> {
    let user = users.get(&membership.user_id);
    Json(MuteAllEnvelope {
        response: Some(MuteAllAnswer {
            membership: MuteAllMembership {
                id: membership.id.to_string(),
                user_id: membership.user_id.to_string(),
                nickname: Some(membership.nickname.clone()),
                avatar_url: user.and_then(|user| user.image_url.clone()),
                creator: Some(group.creator_id == membership.user_id),
                muted: Some(membership.muted_until.is_some()),
                snoozed: Some(false),
                has_sound_enabled: Some(true),
                pending: Some(false),
                muted_until: membership.muted_until,
                muted_children: Some(HashMap::new()),
            },
        }),
        meta: meta(StatusCode::OK),
    })
}

/// Whether the caller left the group on their own and is not banned.
fn can_rejoin(group: &Group, me: Id) -> bool {
    !group.banned.contains(&me)
        && group
            .membership_of(me)
            .is_some_and(|membership| membership.state == MembershipState::Exited)
}

/// Makes the caller an active plain member, reusing a former membership
/// (with `fresh_id` for someone new); active members stay as they are.
fn activate(group: &mut Group, me: Id, nickname: String, fresh_id: Id, now: i64) {
    match group.membership_of_mut(me) {
        Some(membership) if membership.state == MembershipState::Active => return,
        Some(membership) => {
            membership.state = MembershipState::Active;
            membership.roles = vec![Role::User];
            membership.updated_at = now;
        }
        None => group.memberships.push(Membership::new(
            fresh_id,
            me,
            nickname,
            vec![Role::User],
            MembershipState::Active,
            now,
        )),
    }
    group.updated_at = now;
}

/// An envelope around a group (or list of groups) as it goes on the wire,
/// with GroupMe's explicit nulls (see `views::group_on_wire`); the
/// response's shape is the spec's `Group`.
#[derive(Serialize)]
pub(super) struct OnWire {
    response: Value,
    meta: Meta,
}

fn on_wire(response: Value, status: StatusCode) -> Json<OnWire> {
    Json(OnWire {
        response,
        meta: meta(status),
    })
}

fn group_answer(users: &Users, group: &Group, status: StatusCode) -> Json<OnWire> {
    on_wire(views::group_on_wire(users, group, true), status)
}

fn apply<T>(slot: &mut T, change: Option<T>) {
    if let Some(value) = change {
        *slot = value;
    }
}

fn check_name(name: &str, errors: &mut FieldErrors) {
    let chars = name.chars().count();
    if name.trim().is_empty() {
        errors.add("name", "cannot be blank");
    } else if chars > NAME_MAX_CHARS {
        errors.add(
            "name",
            format!("is too long (maximum is {NAME_MAX_CHARS} characters)"),
        );
    }
}

fn check_description(description: Option<&str>, errors: &mut FieldErrors) {
    if description.is_some_and(|text| text.chars().count() > DESCRIPTION_MAX_CHARS) {
        errors.add(
            "description",
            format!("is too long (maximum is {DESCRIPTION_MAX_CHARS} characters)"),
        );
    }
}

fn query(uri: &Uri) -> BTreeMap<String, String> {
    Query::<BTreeMap<String, String>>::try_from_uri(uri)
        .map(|Query(query)| query)
        .unwrap_or_default()
}

/// A positive integer query parameter, if given; a field error otherwise.
fn positive(query: &BTreeMap<String, String>, field: &str, errors: &mut FieldErrors) -> Option<NonZeroUsize> {
    let text = query.get(field)?;
    let parsed = text.trim().parse::<NonZeroUsize>().ok();
    if parsed.is_none() {
        errors.add(field, "must be a whole number of at least 1");
    }
    parsed
}
