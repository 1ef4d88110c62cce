//! The gallery: a conversation's messages with an image, video or file,
//! newest first, paged by time (`before`/`after` in ISO 8601, `limit` 100
//! when left out).
//!
//! Each message's `gallery_ts` is its send time with the microseconds
//! taken from its id, so that messages sent in the same second still
//! have distinct, ordered places and a `before` cursor never skips one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Uri;
use chrono::{DateTime, SecondsFormat, Utc};
use groupme_api::Attachment;
use groupme_api::v3::types::{Message, MessageListEnvelope};

use super::messages::query;
use super::reactions::{changed, list_answer, shown, visible_conversation};
use crate::extract::V3Caller;
use crate::messages::StoredMessage;
use crate::reply::{ApiError, FieldErrors};
use crate::state::FakeState;

/// Messages a gallery page holds when `limit` is left out, as GroupMe
/// documents.
const DEFAULT_GALLERY_LIMIT: usize = 100;

/// `GET /conversations/:conversation_id/gallery`.
pub(super) async fn list(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(conversation_id): Path<String>,
    uri: Uri,
) -> Result<Json<MessageListEnvelope>, ApiError> {
    let query = query(&uri);
    let mut errors = FieldErrors::default();
    let mut time = |field: &str| {
        let text = query.get(field)?;
        let parsed = DateTime::parse_from_rfc3339(text.trim()).ok();
        if parsed.is_none() {
            errors.add(field, "is not an ISO 8601 time");
        }
        parsed.map(|time| time.with_timezone(&Utc))
    };
    let before = time("before");
    let after = time("after");
    let limit = match query.get("limit").map(|text| text.trim().parse::<usize>()) {
        None => DEFAULT_GALLERY_LIMIT,
        Some(Ok(limit)) if limit >= 1 => limit,
        Some(_) => {
            errors.add("limit", "must be a whole number of at least 1");
            DEFAULT_GALLERY_LIMIT
        }
    };
    errors.check()?;
    let mut world = fake.world();
    let world = &mut *world;
    let key = visible_conversation(world, &conversation_id, me)?;
    let mut shots: Vec<(DateTime<Utc>, &StoredMessage)> = changed(world, key)
        .filter(|message| message.attachments.iter().any(in_gallery))
        .filter_map(|message| Some((gallery_time(message)?, message)))
        .filter(|(at, _)| before.is_none_or(|before| *at < before) && after.is_none_or(|after| *at > after))
        .collect();
    shots.sort_by(|(a, _), (b, _)| b.cmp(a));
    let messages = shots
        .into_iter()
        .take(limit)
        .map(|(at, message)| Message {
            gallery_ts: Some(at.to_rfc3339_opts(SecondsFormat::Micros, true)),
            ..shown(world, key, message)
        })
        .collect();
    Ok(Json(list_answer(messages)))
}

/// Whether an attachment puts its message in the gallery.
fn in_gallery(attachment: &Attachment) -> bool {
    matches!(
        attachment,
        Attachment::Image(_) | Attachment::Video(_) | Attachment::File(_)
    )
}

/// The message's place in the gallery.
fn gallery_time(message: &StoredMessage) -> Option<DateTime<Utc>> {
    let micros = (message.id % 1_000_000) as u32;
    DateTime::from_timestamp(message.created_at, micros * 1000)
}
