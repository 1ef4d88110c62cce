//! Likes and reactions: liking (a classic like, or a reaction that
//! replaces the caller's previous one), unliking, and the likes of a
//! group's messages (the leaderboard of a period, the caller's likes, the
//! caller's liked messages), all computed from the message store.
//!
//! Who may do what: active members of a group, and the two participants
//! of a direct conversation; to anyone else the conversation does not
//! exist (`404`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::{DateTime, SecondsFormat};
use groupme_api::v3::types::{
    LikePeriod, LikeRequest, Message, MessageList, MessageListEnvelope, Reaction, ReactionIcon,
    ReactionIconType,
};

use super::member_group;
use super::messages::{avatar, query};
use crate::clock::unix_seconds;
use crate::extract::{V3Caller, parse_json};
use crate::messages::{ConversationKey, StoredMessage, view};
use crate::model::{Id, World};
use crate::reply::{ApiError, empty, meta};
use crate::state::FakeState;

/// The unicode emoji GroupMe accepts as reactions; any other is refused
/// with `400`.
const UNICODE_REACTIONS: &[&str] = &[
    "❤️", "👍", "🤣", "🎉", "🔥", "😮", "👀", "😭", "🥺", "🙏", "💀", "🫶", "🤬", "💅", "🫠",
];

/// The conversation a path's id names, if the caller may see it: a group
/// the caller is an active member of, or a direct conversation the caller
/// takes part in (`404` otherwise).
pub(super) fn visible_conversation(
    world: &mut World,
    conversation_id: &str,
    me: Id,
) -> Result<ConversationKey, ApiError> {
    let key = ConversationKey::parse(conversation_id)
        .ok_or_else(|| ApiError::not_found("conversation not found"))?;
    match key {
        ConversationKey::Group(_) => {
            member_group(&mut world.groups, conversation_id, me)?;
        }
        ConversationKey::Direct(..) if key.other_than(me).is_none() => {
            return Err(ApiError::not_found("conversation not found"));
        }
        ConversationKey::Direct(..) => {}
    }
    Ok(key)
}

/// The message of a visible conversation, to change (`404` when there is
/// none).
pub(super) fn message_mut<'w>(
    world: &'w mut World,
    key: ConversationKey,
    message_id: &str,
) -> Result<&'w mut StoredMessage, ApiError> {
    world
        .conversations
        .get_mut(&key)
        .and_then(|conversation| conversation.get_mut(message_id.trim().parse().ok()?))
        .ok_or_else(|| ApiError::not_found("message not found"))
}

/// `POST /messages/:conversation_id/:message_id/like`: a like, or with
/// `like_icon` a reaction replacing the caller's previous one; `200`
/// without a body.
pub(super) async fn like(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((conversation_id, message_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let now = unix_seconds(fake.now());
    let icon = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        parse_json::<LikeRequest>(&body)?.like_icon
    };
    let reaction = icon.map(checked_reaction).transpose()?;
    let mut world = fake.world();
    let world = &mut *world;
    let key = visible_conversation(world, &conversation_id, me)?;
    let message = message_mut(world, key, &message_id)?;
    if !message.favorited_by.contains(&me) {
        message.favorited_by.push(me);
    }
    if let Some(reaction) = reaction {
        withdraw_reaction(&mut message.reactions, me);
        match message
            .reactions
            .iter_mut()
            .find(|known| same_kind(known, &reaction))
        {
            Some(known) => known.user_ids.get_or_insert_with(Vec::new).push(me.to_string()),
            None => message.reactions.push(Reaction {
                user_ids: Some(vec![me.to_string()]),
                ..reaction
            }),
        }
    }
    let id = message.id;
    world.liked_at.insert((key, id, me), now);
    Ok(empty(StatusCode::OK))
}

/// `POST /messages/:conversation_id/:message_id/unlike`: takes back the
/// caller's like and reaction; `200` without a body.
pub(super) async fn unlike(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((conversation_id, message_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let key = visible_conversation(world, &conversation_id, me)?;
    let message = message_mut(world, key, &message_id)?;
    message.favorited_by.retain(|user| *user != me);
    withdraw_reaction(&mut message.reactions, me);
    let id = message.id;
    world.liked_at.remove(&(key, id, me));
    Ok(empty(StatusCode::OK))
}

/// The reaction a `like_icon` asks for, or `400`: a unicode emoji must be
/// one GroupMe's apps offer, a powerup needs its pack and index.
fn checked_reaction(icon: ReactionIcon) -> Result<Reaction, ApiError> {
    match icon.type_ {
        ReactionIconType::Unicode => {
            let code = icon.code.map(String::from).unwrap_or_default();
            if !UNICODE_REACTIONS.contains(&code.as_str()) {
                return Err(ApiError::field("like_icon.code", "is not an accepted reaction"));
            }
            Ok(Reaction {
                type_: Some("unicode".to_owned()),
                code: Some(code),
                pack_id: None,
                pack_index: None,
                user_ids: None,
            })
        }
        ReactionIconType::Emoji => match (icon.pack_id, icon.pack_index) {
            (Some(pack_id), Some(pack_index)) => Ok(Reaction {
                type_: Some("emoji".to_owned()),
                code: None,
                pack_id: Some(pack_id),
                pack_index: Some(pack_index),
                user_ids: None,
            }),
            _ => Err(ApiError::field(
                "like_icon",
                "an emoji reaction needs pack_id and pack_index",
            )),
        },
    }
}

/// Whether two reactions are the same emoji.
fn same_kind(a: &Reaction, b: &Reaction) -> bool {
    (&a.type_, &a.code, a.pack_id, a.pack_index) == (&b.type_, &b.code, b.pack_id, b.pack_index)
}

/// Removes `user` from every reaction, dropping reactions nobody has left.
fn withdraw_reaction(reactions: &mut Vec<Reaction>, user: Id) {
    let user = user.to_string();
    for reaction in reactions.iter_mut() {
        if let Some(users) = reaction.user_ids.as_mut() {
            users.retain(|id| *id != user);
        }
    }
    reactions.retain(|reaction| reaction.user_ids.as_ref().is_some_and(|users| !users.is_empty()));
}

/// `GET /groups/:group_id/likes?period=day|week|month`: the group's liked
/// messages of the period, the most liked first (newest first among
/// equals); `400` without a known period.
pub(super) async fn leaderboard(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
    uri: Uri,
) -> Result<Json<MessageListEnvelope>, ApiError> {
    let now = unix_seconds(fake.now());
    let period: LikePeriod = query(&uri)
        .get("period")
        .and_then(|period| period.trim().parse().ok())
        .ok_or_else(|| ApiError::field("period", "must be one of day, week, month"))?;
    let days = match period {
        LikePeriod::Day => 1,
        LikePeriod::Week => 7,
        LikePeriod::Month => 30,
    };
    let since = now - days * 24 * 60 * 60;
    let mut world = fake.world();
    let world = &mut *world;
    let key = ConversationKey::Group(member_group(&mut world.groups, &group_id, me)?.id);
    let mut liked: Vec<&StoredMessage> = changed(world, key)
        .filter(|message| !message.favorited_by.is_empty() && message.created_at >= since)
        .collect();
    liked.sort_by(|a, b| {
        b.favorited_by
            .len()
            .cmp(&a.favorited_by.len())
            .then(b.id.cmp(&a.id))
    });
    let messages = liked
        .into_iter()
        .map(|message| shown(world, key, message))
        .collect();
    Ok(Json(list_answer(messages)))
}

/// `GET /groups/:group_id/likes/mine`: the messages the caller liked, the
/// most recently liked first, each with `liked_at`.
pub(super) async fn mine(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
) -> Result<Json<MessageListEnvelope>, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let key = ConversationKey::Group(member_group(&mut world.groups, &group_id, me)?.id);
    let mut liked: Vec<(i64, &StoredMessage)> = changed(world, key)
        .filter(|message| message.favorited_by.contains(&me))
        .map(|message| {
            let at = world.liked_at.get(&(key, message.id, me)).copied().unwrap_or(0);
            (at, message)
        })
        .collect();
    liked.sort_by(|(a_at, a), (b_at, b)| b_at.cmp(a_at).then(b.id.cmp(&a.id)));
    let messages = liked
        .into_iter()
        .map(|(at, message)| Message {
            liked_at: DateTime::from_timestamp(at, 0)
                .map(|time| time.to_rfc3339_opts(SecondsFormat::Millis, true)),
            ..shown(world, key, message)
        })
        .collect();
    Ok(Json(list_answer(messages)))
}

/// `GET /groups/:group_id/likes/for_me`: the caller's messages others
/// liked, newest first.
pub(super) async fn for_me(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
) -> Result<Json<MessageListEnvelope>, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let key = ConversationKey::Group(member_group(&mut world.groups, &group_id, me)?.id);
    let mut liked: Vec<&StoredMessage> = changed(world, key)
        .filter(|message| message.sender == me && message.favorited_by.iter().any(|user| *user != me))
        .collect();
    liked.reverse();
    let messages = liked
        .into_iter()
        .map(|message| shown(world, key, message))
        .collect();
    Ok(Json(list_answer(messages)))
}

/// The conversation's messages that can carry likes, pins or attachments
/// (see `Conversation::changed`), oldest first.
pub(super) fn changed(world: &World, key: ConversationKey) -> impl Iterator<Item = &StoredMessage> {
    world
        .conversations
        .get(&key)
        .into_iter()
        .flat_map(|conversation| conversation.changed())
}

/// `message` as the API shows it.
pub(super) fn shown(world: &World, key: ConversationKey, message: &StoredMessage) -> Message {
    view(key, message, avatar(&world.users, message.sender))
}

/// `{"messages": […]}` in an envelope.
pub(super) fn list_answer(messages: Vec<Message>) -> MessageListEnvelope {
    MessageListEnvelope {
        response: Some(MessageList {
            messages: Some(messages),
        }),
        meta: meta(StatusCode::OK),
    }
}
