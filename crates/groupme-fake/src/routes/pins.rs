//! Pins: pinning and unpinning a message of a group or a direct
//! conversation (`400` when it already is, or is not, pinned, as GroupMe
//! answers) and the pinned lists of both, most recently pinned first.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use groupme_api::v3::types::{PinnedMessages, PinnedMessagesEnvelope};

use super::member_group;
use super::messages::query;
use super::reactions::{changed, message_mut, shown, visible_conversation};
use crate::clock::unix_seconds;
use crate::extract::V3Caller;
use crate::messages::{ConversationKey, StoredMessage};
use crate::model::{Id, World, parse_id};
use crate::reply::{ApiError, empty, meta};
use crate::state::FakeState;

/// `POST /conversations/:conversation_id/messages/:message_id/pin`.
pub(super) async fn pin(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((conversation_id, message_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let now = unix_seconds(fake.now());
    let mut world = fake.world();
    let world = &mut *world;
    let key = visible_conversation(world, &conversation_id, me)?;
    let message = message_mut(world, key, &message_id)?;
    if message.pinned_at.is_some() {
        return Err(ApiError::bad_request("message is already pinned"));
    }
    message.pinned_by = Some(me);
    message.pinned_at = Some(now);
    Ok(empty(StatusCode::OK))
}

/// `POST /conversations/:conversation_id/messages/:message_id/unpin`.
pub(super) async fn unpin(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((conversation_id, message_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let key = visible_conversation(world, &conversation_id, me)?;
    let message = message_mut(world, key, &message_id)?;
    if message.pinned_at.is_none() {
        return Err(ApiError::bad_request("message is not pinned"));
    }
    message.pinned_by = None;
    message.pinned_at = None;
    Ok(empty(StatusCode::OK))
}

/// `GET /pinned/groups/:group_id/messages/`.
pub(super) async fn list_group(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
) -> Result<Json<PinnedMessagesEnvelope>, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let key = ConversationKey::Group(member_group(&mut world.groups, &group_id, me)?.id);
    Ok(Json(pinned(world, key)))
}

/// `GET /pinned/direct_messages?other_user_id=`.
pub(super) async fn list_direct(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    uri: Uri,
) -> Result<Json<PinnedMessagesEnvelope>, ApiError> {
    let query = query(&uri);
    let other = match query.get("other_user_id").map(|id| id.trim()) {
        None | Some("") => return Err(ApiError::field("other_user_id", "can't be blank")),
        Some(id) => id.to_owned(),
    };
    let world = fake.world();
    let other: Id = parse_id(&other)
        .filter(|id| world.users.contains_key(id))
        .ok_or_else(|| ApiError::not_found("user not found"))?;
    Ok(Json(pinned(&world, ConversationKey::direct(me, other))))
}

/// The pinned messages of a conversation, most recently pinned first.
fn pinned(world: &World, key: ConversationKey) -> PinnedMessagesEnvelope {
    let mut pins: Vec<&StoredMessage> = changed(world, key)
        .filter(|message| message.pinned_at.is_some())
        .collect();
    pins.sort_by(|a, b| b.pinned_at.cmp(&a.pinned_at).then(b.id.cmp(&a.id)));
    PinnedMessagesEnvelope {
        response: Some(PinnedMessages {
            count: Some(pins.len() as i64),
            messages: Some(
                pins.into_iter()
                    .map(|message| shown(world, key, message))
                    .collect(),
            ),
        }),
        meta: meta(StatusCode::OK),
    }
}
