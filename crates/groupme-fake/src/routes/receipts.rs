//! Read receipts of direct conversations (v2): they only move forward.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use groupme_api::v2::types::{ReadReceiptAnswer, ReadReceiptEnvelope, ReadReceiptRequest};
use groupme_api::v3::types::ReadReceipt;

use crate::clock::unix_seconds;
use crate::extract::{V2Caller, parse_json};
use crate::messages::ConversationKey;
use crate::reply::{ApiError, meta};
use crate::state::FakeState;

/// `POST /read_receipts` (v2): marks the caller's direct conversation
/// `chat_id` read up to `message_id`. A message older than the one already
/// read keeps the later one and refreshes the time. `404` for a
/// conversation the caller is not in, or a message it does not hold.
pub(super) async fn send(
    State(fake): State<FakeState>,
    V2Caller(me): V2Caller,
    body: Bytes,
) -> Result<Json<ReadReceiptEnvelope>, ApiError> {
    let now = unix_seconds(fake.now());
    let request: ReadReceiptRequest = parse_json(&body)?;
    let receipt = request.read_receipt;
    let key = ConversationKey::parse(receipt.chat_id.trim())
        .filter(|key| matches!(key, ConversationKey::Direct(..)) && key.other_than(me).is_some())
        .ok_or_else(|| ApiError::not_found("chat not found"))?;
    let mut world = fake.world();
    let message_id = receipt
        .message_id
        .trim()
        .parse()
        .ok()
        .filter(|id| {
            world
                .conversations
                .get(&key)
                .is_some_and(|conversation| conversation.get(*id).is_some())
        })
        .ok_or_else(|| ApiError::not_found("message not found"))?;
    let entry = world.read_receipts.entry((key, me)).or_insert((message_id, now));
    *entry = (entry.0.max(message_id), now);
    let (read, read_at) = *entry;
    Ok(Json(ReadReceiptEnvelope {
        response: Some(ReadReceiptAnswer {
            read_receipt: Some(ReadReceipt {
                id: Some(String::new()),
                chat_id: Some(key.wire_id()),
                message_id: Some(read.to_string()),
                user_id: Some(me.to_string()),
                read_at: Some(read_at),
            }),
        }),
        meta: meta(StatusCode::OK),
    }))
}
