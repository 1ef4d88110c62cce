//! Pinned messages: pinning and unpinning one message of a group or a
//! direct conversation ([`MessageHandle::pin`]), and listing a
//! conversation's pins ([`GroupHandle::pins`], [`DmHandle::pins`]).
//!
//! GroupMe answers an unexplained `400` to pinning a message that is
//! already pinned, and to unpinning one that is not; the error keeps that
//! status ([`Error::status`](crate::Error::status)), and
//! [`Message::pinned_at`](crate::types::Message) tells the cases apart.

use crate::client::Op;
use crate::dms::DmHandle;
use crate::error::Result;
use crate::groups::GroupHandle;
use crate::reactions::{MessageHandle, conversation_id};
use crate::types::Message;
use crate::validate::{Invalid, Rule};

impl MessageHandle<'_> {
    /// Pins the message. A message already pinned answers `400`, so a pin
    /// is not retried.
    pub async fn pin(&self) -> Result<()> {
        let message_id = self.id.checked()?.to_owned();
        let conversation_id = conversation_id(self.client, &self.conversation).await?;
        let v3 = self.client.v3();
        self.client
            .call_empty(Op::write("pin_message"), || {
                v3.pin_message()
                    .conversation_id(conversation_id.as_str())
                    .message_id(message_id.as_str())
                    .send()
            })
            .await
    }

    /// Unpins the message. A message that is not pinned answers `400`.
    pub async fn unpin(&self) -> Result<()> {
        let message_id = self.id.checked()?.to_owned();
        let conversation_id = conversation_id(self.client, &self.conversation).await?;
        let v3 = self.client.v3();
        self.client
            .call_empty(Op::write("unpin_message"), || {
                v3.unpin_message()
                    .conversation_id(conversation_id.as_str())
                    .message_id(message_id.as_str())
                    .send()
            })
            .await
    }
}

impl GroupHandle<'_> {
    /// The group's pinned messages, each with `pinned_by` and `pinned_at`.
    pub async fn pins(&self) -> Result<Vec<Message>> {
        let group_id = self.id.checked()?;
        let v3 = self.client.v3();
        let answer = self
            .client
            .call(Op::read("list_pinned_group_messages"), || {
                v3.list_pinned_group_messages().group_id(group_id).send()
            })
            .await?;
        Ok(answer.messages.unwrap_or_default())
    }
}

impl DmHandle<'_> {
    /// The conversation's pinned messages, each with `pinned_by` and
    /// `pinned_at`.
    pub async fn pins(&self) -> Result<Vec<Message>> {
        let messages = self.messages();
        let other = self
            .user_id()
            .checked()
            .map_err(|_| Invalid::new("other_user_id", Rule::NonEmpty))?;
        let v3 = messages.client.v3();
        let answer = messages
            .client
            .call(Op::read("list_pinned_direct_messages"), || {
                v3.list_pinned_direct_messages().other_user_id(other).send()
            })
            .await?;
        Ok(answer.messages.unwrap_or_default())
    }
}
