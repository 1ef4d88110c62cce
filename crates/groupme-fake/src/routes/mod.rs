//! The HTTP routes: v3 under `/v3`, v2 under `/v2`, v4 under `/v4`, and
//! the image, file and video services under `/image`, `/file` and
//! `/video`, each path as in `spec/`.
//!
//! Every route checks, in this order: the token (`401`), that the caller
//! may see the group (`404`) and may do this (`401`), then the body (`400`).

mod bots;
mod directories;
mod dms;
mod files;
mod gallery;
mod groups;
mod images;
pub(crate) mod media;
mod members;
pub(crate) mod messages;
mod pending;
mod pins;
mod reactions;
mod receipts;
mod unknown;
mod users;
mod v2;
mod verification;
mod videos;

pub(crate) use verification::VerifiedDevice;

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};

use crate::model::{Group, Id, Membership, User, World, parse_id};
use crate::reply::ApiError;
use crate::state::FakeState;

/// The whole fake API, ready to serve; unknown paths and methods answer
/// GroupMe's `404` envelope.
pub(crate) fn router(fake: FakeState) -> Router {
    Router::new()
        .nest("/v3", v3())
        .nest("/v2", v2())
        .nest("/image", image())
        .nest("/file", file())
        .nest("/video", video())
        .nest("/v4", v4())
        .fallback(unknown::unknown_route)
        .method_not_allowed_fallback(unknown::unknown_route)
        .with_state(fake)
}

fn v3() -> Router<FakeState> {
    Router::new()
        .route("/users/me", get(users::get_me))
        .route("/users/update", post(users::update_me))
        .route("/users/features/share", post(users::update_profile_sharing))
        .route("/users/sms_mode", post(users::enable_sms_mode))
        .route("/users/sms_mode/delete", post(users::disable_sms_mode))
        .route("/directories/user/majors", put(directories::update_majors))
        .route(
            "/directories/user/membership",
            put(directories::update_membership),
        )
        .route("/groups", get(groups::list).post(groups::create))
        .route("/groups/former", get(groups::former))
        .route("/groups/join", post(groups::rejoin))
        .route("/groups/change_owners", post(groups::change_owners))
        .route("/groups/{group_id}", get(groups::show))
        .route("/groups/{group_id}/update", post(groups::update))
        .route("/groups/{group_id}/destroy", post(groups::destroy))
        .route("/groups/{group_id}/join/{share_token}", post(groups::join))
        .route("/groups/{group_id}/memberships/mute_all", post(groups::mute_all))
        .route(
            "/groups/{group_id}/memberships/unmute_all",
            post(groups::unmute_all),
        )
        .route("/memberships/states", get(groups::membership_states))
        .route("/groups/{group_id}/members", get(members::list))
        .route("/groups/{group_id}/members/add", post(members::add))
        .route(
            "/groups/{group_id}/members/results/{results_id}",
            get(members::results),
        )
        .route(
            "/groups/{group_id}/members/{membership_id}/remove",
            post(members::remove),
        )
        .route(
            "/groups/{group_id}/memberships/update",
            post(members::update_nickname),
        )
        .route("/groups/{group_id}/pending_memberships", get(pending::list))
        .route(
            "/groups/{group_id}/members/{membership_id}/approval",
            post(pending::decide),
        )
        .route("/bots", get(bots::list).post(bots::create))
        .route("/bots/post", post(bots::post))
        .route("/bots/destroy", post(bots::destroy))
        .route(
            "/groups/{group_id}/messages",
            get(messages::list).post(messages::send),
        )
        .route(
            "/conversations/{conversation_id}/messages/{message_id}",
            delete(messages::delete),
        )
        .route("/direct_messages", get(dms::list).post(dms::send))
        .route("/chats", get(dms::list_chats))
        .route("/chats/{chat_id}", get(dms::show_chat).delete(dms::delete_chat))
        .route(
            "/messages/{conversation_id}/{message_id}/like",
            post(reactions::like),
        )
        .route(
            "/messages/{conversation_id}/{message_id}/unlike",
            post(reactions::unlike),
        )
        .route("/groups/{group_id}/likes", get(reactions::leaderboard))
        .route("/groups/{group_id}/likes/mine", get(reactions::mine))
        .route("/groups/{group_id}/likes/for_me", get(reactions::for_me))
        .route(
            "/conversations/{conversation_id}/messages/{message_id}/pin",
            post(pins::pin),
        )
        .route(
            "/conversations/{conversation_id}/messages/{message_id}/unpin",
            post(pins::unpin),
        )
        .route("/pinned/groups/{group_id}/messages/", get(pins::list_group))
        .route("/pinned/direct_messages", get(pins::list_direct))
        .route("/conversations/{conversation_id}/gallery", get(gallery::list))
}

fn v4() -> Router<FakeState> {
    Router::new().route(
        "/groups/{group_id}/messages/{message_id}",
        get(messages::show).put(messages::edit),
    )
}

fn image() -> Router<FakeState> {
    Router::new()
        .route("/pictures", post(images::upload))
        .route("/i/{name}", get(images::show))
        .layer(DefaultBodyLimit::max(media::MAX_MEDIA_BYTES))
}

fn file() -> Router<FakeState> {
    Router::new()
        .route("/{group_id}/files", post(files::upload))
        .route("/{group_id}/uploadStatus", get(files::status))
        .route("/{group_id}/files/{file_id}", get(files::download))
        .layer(DefaultBodyLimit::max(media::MAX_MEDIA_BYTES))
}

fn video() -> Router<FakeState> {
    Router::new()
        .route("/transcode", post(videos::upload))
        .route("/status", get(videos::status))
        .route("/v/{id}", get(videos::show))
        .layer(DefaultBodyLimit::max(media::MAX_MEDIA_BYTES))
}

fn v2() -> Router<FakeState> {
    Router::new()
        .route("/users/{user_id}", post(v2::update_profile))
        .route(
            "/groups/{group_id}/memberships/{membership_id}/destroy",
            post(v2::ban_member),
        )
        .route("/groups/{group_id}/memberships/mute", post(groups::mute_main))
        .route("/groups/{group_id}/memberships/unmute", post(groups::unmute_main))
        .route("/read_receipts", post(receipts::send))
}

/// The calling user. Users are never deleted, so this only fails if the
/// token's owner vanished, which is answered like an unknown token.
fn caller_mut(world: &mut World, caller: Id) -> Result<&mut User, ApiError> {
    world.users.get_mut(&caller).ok_or_else(ApiError::unauthorized)
}

/// The group, if the caller is one of its current members; to anyone else
/// it does not exist (`404`).
fn member_group<'w>(
    groups: &'w mut BTreeMap<Id, Group>,
    group_id: &str,
    caller: Id,
) -> Result<&'w mut Group, ApiError> {
    parse_id(group_id)
        .and_then(|id| groups.get_mut(&id))
        .filter(|group| group.active_membership_of(caller).is_some())
        .ok_or_else(|| ApiError::not_found("group not found"))
}

/// Whether the caller is an owner or admin of the group.
fn manages(group: &Group, caller: Id) -> bool {
    group
        .active_membership_of(caller)
        .is_some_and(Membership::is_manager)
}

/// The group, if the caller is an owner or admin of it: `404` for
/// outsiders, `401` for plain members.
fn managed_group<'w>(
    groups: &'w mut BTreeMap<Id, Group>,
    group_id: &str,
    caller: Id,
) -> Result<&'w mut Group, ApiError> {
    let group = member_group(groups, group_id, caller)?;
    if manages(group, caller) {
        Ok(group)
    } else {
        Err(ApiError::unauthorized())
    }
}
