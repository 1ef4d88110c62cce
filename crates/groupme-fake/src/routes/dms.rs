//! Direct messages and chats: the index by id cursor with `other_user_id`
//! (`304` when nothing matches), sending (`409` on a repeated
//! `source_guid`; an unknown recipient is answered `400` in plain text, as
//! GroupMe does), and the caller's chats listed a page at a time, shown and
//! deleted. A direct conversation's id is the two user ids joined by `+`,
//! the smaller first.

use std::num::NonZeroUsize;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use groupme_api::v3::types::{
    Chat, ChatEnvelope, ChatUser, ChatsEnvelope, DirectMessagesEnvelope, DirectMessagesPage, LooseId,
    MessageEnvelope, SendDirectMessageRequest,
};

use super::messages::{NewPost, avatar, check_content, listing, message_answer, page, post, query};
use crate::clock::unix_seconds;
use crate::extract::{V3Caller, parse_json};
use crate::messages::{Conversation, ConversationKey, EDIT_WINDOW_SECS, view};
use crate::model::{Id, World, parse_id};
use crate::reply::{ApiError, FieldErrors, empty, meta};
use crate::state::FakeState;

/// Chats per page when `per_page` is left out, as GroupMe documents.
const DEFAULT_CHATS_PER_PAGE: usize = 20;

/// The plain-text `400` of a send GroupMe cannot use.
const BAD_PARAMETERS: &str = "There is a problem with the parameters; check the recipient and the text.";

/// `GET /direct_messages?other_user_id=`: one page by cursor, or `304`.
pub(super) async fn list(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    uri: Uri,
) -> Result<Response, ApiError> {
    let query = query(&uri);
    let other = match query.get("other_user_id").map(|id| id.trim()) {
        None | Some("") => return Err(ApiError::field("other_user_id", "can't be blank")),
        Some(id) => id.to_owned(),
    };
    let (cursor, limit) = listing(&query)?;
    let world = fake.world();
    let other = parse_id(&other)
        .filter(|id| world.users.contains_key(id))
        .ok_or_else(|| ApiError::not_found("user not found"))?;
    let key = ConversationKey::direct(me, other);
    let Some((count, messages)) = page(&world, key, cursor, limit) else {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    };
    Ok(Json(DirectMessagesEnvelope {
        response: Some(DirectMessagesPage {
            count: Some(count),
            direct_messages: Some(messages),
            read_receipt: None,
        }),
        meta: meta(StatusCode::OK),
    })
    .into_response())
}

/// `POST /direct_messages`: `201` with the message.
pub(super) async fn send(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<(StatusCode, Json<MessageEnvelope>), ApiError> {
    let now = unix_seconds(fake.now());
    let request: SendDirectMessageRequest = parse_json(&body)?;
    let message = request.direct_message;
    let mut world = fake.world();
    let recipient = parse_id(&message.recipient_id)
        .filter(|id| *id != me && world.users.contains_key(id))
        .ok_or(ApiError::text(StatusCode::BAD_REQUEST, BAD_PARAMETERS))?;
    let text = message.text.map(String::from);
    check_content(text.as_deref(), &message.attachments)?;
    let name = world
        .users
        .get(&me)
        .map(|user| user.name.clone())
        .ok_or_else(ApiError::unauthorized)?;
    let stored = post(
        &mut world,
        ConversationKey::direct(me, recipient),
        NewPost {
            sender: me,
            name,
            guid: String::from(message.source_guid),
            text,
            attachments: message.attachments,
            now,
            bot_id: None,
        },
    )?;
    Ok((
        StatusCode::CREATED,
        Json(message_answer(stored, StatusCode::CREATED)),
    ))
}

/// `GET /chats?page=&per_page=`: the caller's direct conversations, most
/// recently updated first; past the last page an empty list.
pub(super) async fn list_chats(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    uri: Uri,
) -> Result<Json<ChatsEnvelope>, ApiError> {
    let query = query(&uri);
    let mut errors = FieldErrors::default();
    let mut positive = |field: &str| {
        let text = query.get(field)?;
        let parsed = text.trim().parse::<NonZeroUsize>().ok();
        if parsed.is_none() {
            errors.add(field, "must be a whole number of at least 1");
        }
        parsed.map(NonZeroUsize::get)
    };
    let page = positive("page").unwrap_or(1);
    let per_page = positive("per_page").unwrap_or(DEFAULT_CHATS_PER_PAGE);
    errors.check()?;
    let world = fake.world();
    let mut chats: Vec<Chat> = world
        .conversations
        .iter()
        .filter(|(key, _)| key.other_than(me).is_some())
        .filter_map(|(key, conversation)| chat(&world, *key, conversation, me))
        .collect();
    chats.sort_by_key(|chat| std::cmp::Reverse(chat.updated_at));
    let chats = chats
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    Ok(Json(ChatsEnvelope {
        response: Some(chats),
        meta: meta(StatusCode::OK),
    }))
}

/// `GET /chats/:chat_id`: one of the caller's direct conversations.
pub(super) async fn show_chat(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(chat_id): Path<String>,
) -> Result<Json<ChatEnvelope>, ApiError> {
    let world = fake.world();
    let key = own_chat(&chat_id, me)?;
    let chat = world
        .conversations
        .get(&key)
        .and_then(|conversation| chat(&world, key, conversation, me))
        .ok_or_else(|| ApiError::not_found("chat not found"))?;
    Ok(Json(ChatEnvelope {
        response: Some(chat),
        meta: meta(StatusCode::OK),
    }))
}

/// `DELETE /chats/:chat_id`: clears the conversation; `200`, no body.
pub(super) async fn delete_chat(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(chat_id): Path<String>,
) -> Result<Response, ApiError> {
    let mut world = fake.world();
    let key = own_chat(&chat_id, me)?;
    world
        .conversations
        .remove(&key)
        .ok_or_else(|| ApiError::not_found("chat not found"))?;
    Ok(empty(StatusCode::OK))
}

/// The direct conversation `chat_id` names, if the caller is in it.
fn own_chat(chat_id: &str, me: Id) -> Result<ConversationKey, ApiError> {
    ConversationKey::parse(chat_id)
        .filter(|key| key.other_than(me).is_some())
        .ok_or_else(|| ApiError::not_found("chat not found"))
}

/// A conversation as a chat of `me`; `None` while it has no message.
fn chat(world: &World, key: ConversationKey, conversation: &Conversation, me: Id) -> Option<Chat> {
    let last = conversation.last()?;
    let other = key.other_than(me)?;
    let other_user = world.users.get(&other);
    Some(Chat {
        created_at: Some(conversation.created_at),
        updated_at: Some(last.updated_at.unwrap_or(last.created_at)),
        messages_count: Some(conversation.len() as i64),
        other_user: Some(ChatUser {
            id: Some(LooseId::String(other.to_string())),
            name: other_user.map(|user| user.name.clone()),
            avatar_url: other_user.and_then(|user| user.image_url.clone()),
        }),
        last_message: Some(view(key, &last, avatar(&world.users, last.sender))),
        message_deletion_period: Some(i64::from(i32::MAX)),
        message_deletion_mode: Some(vec!["sender".to_owned()]),
        message_edit_period: Some(EDIT_WINDOW_SECS / 60),
        requires_approval: Some(false),
        unread_count: None,
        last_read_message_id: None,
        last_read_at: None,
    })
}
