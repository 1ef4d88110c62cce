//! Read receipts of direct conversations (v2 host).

use groupme_api::v2;

use crate::client::Op;
use crate::dms::DmHandle;
use crate::error::Result;
use crate::ids::MessageId;
use crate::reactions::conversation_id;
use crate::types::ReadReceipt;
use crate::validate::spec_value;

impl DmHandle<'_> {
    /// Marks the conversation read up to message `id` and returns the
    /// receipt now in force. Receipts only move forward: marking a message
    /// older than the last one read keeps the later one. Sending the same
    /// receipt twice changes nothing, so it is retried like a read.
    pub async fn mark_read(&self, id: impl Into<MessageId>) -> Result<ReadReceipt> {
        let id = id.into();
        let message_id: v2::types::NewReadReceiptMessageId =
            spec_value("message_id", id.checked()?.to_owned())?;
        let messages = self.messages();
        let chat_id = conversation_id(messages.client, &messages.conversation).await?;
        let body = v2::types::ReadReceiptRequest {
            read_receipt: v2::types::NewReadReceipt {
                message_id,
                chat_id: spec_value("chat_id", chat_id)?,
            },
        };
        let v2 = messages.client.v2();
        let answer = messages
            .client
            .call(Op::repeatable_write("send_read_receipt"), || {
                v2.send_read_receipt().body(body.clone()).send()
            })
            .await?;
        Ok(answer.read_receipt.unwrap_or_default())
    }
}
