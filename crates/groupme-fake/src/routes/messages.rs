//! Group messages: the index by id cursor (`304` when nothing matches),
//! sending (`409` on a `source_guid` used in the last minute), deleting
//! (`204`, groups and direct conversations alike), and the v4 show and
//! edit. The listing and sending rules shared with direct messages live
//! here too.
//!
//! Who may do what: active members read and send in a group (others get
//! `404`); a message may be deleted by its sender, or by an owner or admin
//! where the group lets admins delete (`403` otherwise); only the sender
//! may edit, for 15 minutes after sending (`403`).

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use groupme_api::Attachment;
use groupme_api::v3::types::{
    GroupMessagesEnvelope, GroupMessagesPage, Message, MessageDeleter, MessageEnvelope, MessageResult,
    SendGroupMessageRequest,
};
use groupme_api::v4::types::{
    EditMessageRequest, MessageEnvelope as V4MessageEnvelope, MessageResult as V4MessageResult,
};

use super::member_group;
use crate::clock::unix_seconds;
use crate::extract::{V3Caller, parse_json};
use crate::messages::{
    Conversation, ConversationKey, Cursor, DEFAULT_LIMIT, EDIT_WINDOW_SECS, MAX_LIMIT, StoredMessage,
    TEXT_MAX_CHARS, view,
};
use crate::model::{Id, Users, World};
use crate::reply::{ApiError, FieldErrors, empty, meta};
use crate::state::FakeState;

/// `GET /groups/:group_id/messages`: one page by cursor, or `304`.
pub(super) async fn list(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let query = query(&uri);
    let (cursor, limit) = listing(&query)?;
    let mut world = fake.world();
    let world = &mut *world;
    let group = member_group(&mut world.groups, &group_id, me)?;
    let key = ConversationKey::Group(group.id);
    let Some((count, messages)) = page(world, key, cursor, limit) else {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    };
    Ok(Json(GroupMessagesEnvelope {
        response: Some(GroupMessagesPage {
            count: Some(count),
            messages: Some(messages),
        }),
        meta: meta(StatusCode::OK),
    })
    .into_response())
}

/// `POST /groups/:group_id/messages`: `201` with the message.
pub(super) async fn send(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<MessageEnvelope>), ApiError> {
    let now = unix_seconds(fake.now());
    let mut guard = fake.world();
    let world = &mut *guard;
    let group = member_group(&mut world.groups, &group_id, me)?;
    let key = ConversationKey::Group(group.id);
    let nickname = group
        .active_membership_of(me)
        .map(|membership| membership.nickname.clone())
        .unwrap_or_default();
    let request: SendGroupMessageRequest = parse_json(&body)?;
    let message = request.message;
    let text = message.text.map(|text| text.to_string());
    check_content(text.as_deref(), &message.attachments)?;
    let stored = post(
        world,
        key,
        NewPost {
            sender: me,
            name: nickname,
            guid: message.source_guid.to_string(),
            text,
            attachments: message.attachments,
            now,
            bot_id: None,
        },
    )?;
    drop(guard);
    crate::delivery::announce(&fake, &stored);
    Ok((
        StatusCode::CREATED,
        Json(message_answer(stored, StatusCode::CREATED)),
    ))
}

/// `DELETE /conversations/:conversation_id/messages/:message_id`: `204`.
pub(super) async fn delete(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((conversation_id, message_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let key = ConversationKey::parse(&conversation_id)
        .ok_or_else(|| ApiError::not_found("conversation not found"))?;
    let admins_may_delete = match key {
        ConversationKey::Group(_) => {
            let group = member_group(&mut world.groups, &conversation_id, me)?;
            super::manages(group, me) && group.message_deletion_mode.contains(&MessageDeleter::Admin)
        }
        ConversationKey::Direct(..) => {
            if key.other_than(me).is_none() {
                return Err(ApiError::not_found("conversation not found"));
            }
            false
        }
    };
    let conversation = world
        .conversations
        .get_mut(&key)
        .ok_or_else(|| ApiError::not_found("message not found"))?;
    let id = message_id
        .parse::<Id>()
        .ok()
        .filter(|id| conversation.get(*id).is_some())
        .ok_or_else(|| ApiError::not_found("message not found"))?;
    let sender = conversation.get(id).map(|message| message.sender);
    if sender != Some(me) && !admins_may_delete {
        return Err(ApiError::forbidden("you may not delete this message"));
    }
    conversation.delete(id);
    Ok(empty(StatusCode::NO_CONTENT))
}

/// v4 `GET /groups/:group_id/messages/:message_id`.
pub(super) async fn show(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((group_id, message_id)): Path<(String, String)>,
) -> Result<Json<V4MessageEnvelope>, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let group = member_group(&mut world.groups, &group_id, me)?;
    let key = ConversationKey::Group(group.id);
    let message = world
        .conversations
        .get(&key)
        .and_then(|conversation| conversation.get(message_id.parse().ok()?))
        .ok_or_else(|| ApiError::not_found("message not found"))?;
    Ok(Json(v4_answer(view(
        key,
        &message,
        avatar(&world.users, message.sender),
    ))))
}

/// v4 `PUT /groups/:group_id/messages/:message_id`: the sender's edit.
pub(super) async fn edit(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((group_id, message_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<V4MessageEnvelope>, ApiError> {
    let now = unix_seconds(fake.now());
    let mut world = fake.world();
    let world = &mut *world;
    let group = member_group(&mut world.groups, &group_id, me)?;
    let key = ConversationKey::Group(group.id);
    let message = world
        .conversations
        .get_mut(&key)
        .and_then(|conversation| conversation.get_mut(message_id.parse().ok()?))
        .ok_or_else(|| ApiError::not_found("message not found"))?;
    if message.sender != me {
        return Err(ApiError::forbidden("only the sender may edit a message"));
    }
    if now - message.created_at > EDIT_WINDOW_SECS {
        return Err(ApiError::forbidden("the message can no longer be edited"));
    }
    let request: EditMessageRequest = parse_json(&body)?;
    let text = request.text.map(|text| text.to_string());
    check_content(text.as_deref(), &request.attachments)?;
    message.text = text;
    message.attachments = request.attachments;
    message.updated_at = Some(now);
    let message = message.clone();
    Ok(Json(v4_answer(view(key, &message, avatar(&world.users, me)))))
}

/// A new message, before the store gives it an id.
pub(crate) struct NewPost {
    pub(crate) sender: Id,
    pub(crate) name: String,
    pub(crate) guid: String,
    pub(crate) text: Option<String>,
    pub(crate) attachments: Vec<Attachment>,
    pub(crate) now: i64,
    /// The bot posting it, for bot posts.
    pub(crate) bot_id: Option<String>,
}

/// Stores a message in the conversation (made if need be), or answers
/// `409` when its `source_guid` was used in the last minute.
pub(crate) fn post(world: &mut World, key: ConversationKey, new: NewPost) -> Result<Message, ApiError> {
    let conversation = world
        .conversations
        .entry(key)
        .or_insert_with(|| Conversation::new(new.now));
    if conversation.guid_taken(&new.guid, new.now).is_some() {
        return Err(ApiError::message(
            StatusCode::CONFLICT,
            "a message with this source_guid was sent less than a minute ago",
        ));
    }
    let stored = conversation.push(StoredMessage {
        id: 0,
        source_guid: new.guid,
        created_at: new.now,
        updated_at: None,
        sender: new.sender,
        name: new.name,
        text: new.text,
        attachments: new.attachments,
        system: false,
        favorited_by: Vec::new(),
        reactions: Vec::new(),
        pinned_by: None,
        pinned_at: None,
        bot_id: new.bot_id,
    });
    Ok(view(key, &stored, avatar(&world.users, new.sender)))
}

/// The messages of one page in wire form with the conversation's count,
/// or `None` when nothing matches (answered `304`).
pub(super) fn page(
    world: &World,
    key: ConversationKey,
    cursor: Cursor,
    limit: usize,
) -> Option<(i64, Vec<Message>)> {
    let conversation = world.conversations.get(&key)?;
    let page = conversation.page(cursor, limit);
    if page.is_empty() {
        return None;
    }
    let messages = page
        .iter()
        .map(|message| view(key, message, avatar(&world.users, message.sender)))
        .collect();
    Some((conversation.len() as i64, messages))
}

/// The sender's avatar URL.
pub(super) fn avatar(users: &Users, sender: Id) -> Option<String> {
    users.get(&sender).and_then(|user| user.image_url.clone())
}

/// `{"message": …}` in a v3 envelope.
pub(super) fn message_answer(message: Message, status: StatusCode) -> MessageEnvelope {
    MessageEnvelope {
        response: Some(MessageResult { message }),
        meta: meta(status),
    }
}

fn v4_answer(message: Message) -> V4MessageEnvelope {
    V4MessageEnvelope {
        response: Some(V4MessageResult { message }),
        meta: meta(StatusCode::OK),
    }
}

/// The query string as a map.
pub(super) fn query(uri: &Uri) -> BTreeMap<String, String> {
    Query::<BTreeMap<String, String>>::try_from_uri(uri)
        .map(|Query(query)| query)
        .unwrap_or_default()
}

/// The cursor and page size of a listing. One cursor applies; given
/// several, `before_id` wins over `after_id`, which wins over `since_id`.
/// `limit` is 20 when left out and must be 1 to 100 (`400` otherwise), as
/// is every cursor a message id.
pub(super) fn listing(query: &BTreeMap<String, String>) -> Result<(Cursor, usize), ApiError> {
    let mut errors = FieldErrors::default();
    let mut id = |field: &str| {
        let text = query.get(field)?;
        let parsed = text.trim().parse::<Id>().ok();
        if parsed.is_none() {
            errors.add(field, "is not a message id");
        }
        parsed
    };
    let before = id("before_id");
    let after = id("after_id");
    let since = id("since_id");
    let limit = match query.get("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => match text.trim().parse::<usize>() {
            Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => limit,
            _ => {
                errors.add("limit", "must be a whole number from 1 to 100");
                DEFAULT_LIMIT
            }
        },
    };
    errors.check()?;
    let cursor = match (before, after, since) {
        (Some(id), _, _) => Cursor::Before(id),
        (None, Some(id), _) => Cursor::After(id),
        (None, None, Some(id)) => Cursor::Since(id),
        (None, None, None) => Cursor::Newest,
    };
    Ok((cursor, limit))
}

/// A message needs text or at least one attachment, text of at most 1,000
/// characters, attachments that are objects with a `type` string, and
/// mentions with one place per user (`400` otherwise).
pub(super) fn check_content(text: Option<&str>, attachments: &[Attachment]) -> Result<(), ApiError> {
    let mut errors = FieldErrors::default();
    let blank = text.is_none_or(|text| text.trim().is_empty());
    if blank && attachments.is_empty() {
        errors.add("text", "can't be blank without an attachment");
    }
    if text.is_some_and(|text| text.chars().count() > TEXT_MAX_CHARS) {
        errors.add("text", "is too long (at most 1000 characters)");
    }
    for attachment in attachments {
        if let Attachment::Other(value) = attachment
            && !value.get("type").is_some_and(serde_json::Value::is_string)
        {
            errors.add("attachments", "each attachment needs a type");
        }
        if let Attachment::Mentions(mentions) = attachment
            && mentions.user_ids.len() != mentions.loci.len()
        {
            errors.add("attachments", "mentions need one locus per user id");
        }
    }
    errors.check()
}
