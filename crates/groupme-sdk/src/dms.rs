//! Direct conversations: their messages (the same streams and sends as a
//! group's, see [`MessagesHandle`]) and the caller's chats, listed a page at
//! a time, shown and deleted.

use std::num::NonZeroU32;

use futures::Stream;

use crate::client::{Client, Op};
use crate::error::Result;
use crate::ids::{ChatId, MessageId, UserId};
use crate::messages::{Conversation, MessageStream, MessageText, MessagesHandle, SendMessage};
use crate::pager::{PageNumber, paginate};
use crate::types::Chat;
use crate::validate::{Invalid, Rule};

/// Chats per page when listing, as GroupMe's default.
pub const DEFAULT_CHATS_PER_PAGE: u32 = 20;

impl Client {
    /// The caller's direct conversation with `user_id`.
    pub fn dm(&self, user_id: impl Into<UserId>) -> DmHandle<'_> {
        DmHandle {
            client: self,
            user_id: user_id.into(),
        }
    }

    /// The caller's direct conversations (chats).
    pub fn chats(&self) -> ChatsHandle<'_> {
        ChatsHandle { client: self }
    }
}

/// The caller's direct conversation with one user. Made by [`Client::dm`].
#[derive(Debug, Clone)]
pub struct DmHandle<'a> {
    client: &'a Client,
    user_id: UserId,
}

impl<'a> DmHandle<'a> {
    /// The other user.
    pub fn user_id(&self) -> &UserId {
        &self.user_id
    }

    /// The conversation's messages: histories, sending and deleting.
    pub fn messages(&self) -> MessagesHandle<'a> {
        MessagesHandle {
            client: self.client,
            conversation: Conversation::Direct(self.user_id.clone()),
        }
    }

    /// Every message, newest to oldest; see [`MessagesHandle::history`].
    pub fn history(&self) -> MessageStream<'a> {
        self.messages().history()
    }

    /// Every message newer than `id`, oldest to newest; see
    /// [`MessagesHandle::after`].
    pub fn after(&self, id: impl Into<MessageId>) -> MessageStream<'a> {
        self.messages().after(id)
    }

    /// Every message newer than `id`, newest to oldest (GroupMe's
    /// `since_id`); see [`MessagesHandle::since`].
    pub fn since(&self, id: impl Into<MessageId>) -> MessageStream<'a> {
        self.messages().since(id)
    }

    /// Starts a direct message; see [`MessagesHandle::send`].
    pub fn send(&self, text: impl Into<MessageText>) -> SendMessage<'a> {
        self.messages().send(text)
    }
}

/// The caller's chats. Made by [`Client::chats`].
#[derive(Debug, Clone, Copy)]
pub struct ChatsHandle<'a> {
    client: &'a Client,
}

impl<'a> ChatsHandle<'a> {
    /// Every chat, most recently updated first, fetched
    /// [`DEFAULT_CHATS_PER_PAGE`] at a time as the stream is read.
    pub fn list(&self) -> impl Stream<Item = Result<Chat>> + Send + 'a {
        self.list_by(DEFAULT_CHATS_PER_PAGE)
    }

    /// [`list`](Self::list) asking for `per_page` chats a request (at least
    /// 1; 0 yields a validation error and sends nothing).
    pub fn list_by(&self, per_page: u32) -> impl Stream<Item = Result<Chat>> + Send + 'a {
        use futures::StreamExt;
        let client = self.client;
        let Some(per_page) = NonZeroU32::new(per_page) else {
            let invalid = Invalid::new(
                "per_page",
                Rule::Range {
                    min: 1,
                    max: u32::MAX.into(),
                    actual: 0,
                },
            );
            return futures::stream::once(async move { Err(invalid.into()) }).boxed();
        };
        let fetch = move |PageNumber(page): PageNumber| async move {
            let v3 = client.v3();
            client
                .call_list(Op::read("list_chats"), || {
                    v3.list_chats().page(page).per_page(per_page).send()
                })
                .await
        };
        paginate("list_chats", PageNumber::FIRST, fetch, |chat: &Chat| {
            chat.last_message
                .as_ref()
                .map(|message| message.id.clone())
                .unwrap_or_default()
        })
        .boxed()
    }

    /// One chat, by its id (`a+b`; see
    /// [`direct_conversation_id`](crate::direct_conversation_id)).
    pub async fn get(&self, chat_id: impl Into<ChatId>) -> Result<Chat> {
        let chat_id = chat_id.into();
        let chat = chat_id.checked()?;
        let v3 = self.client.v3();
        self.client
            .call(Op::read("get_chat"), || v3.get_chat().chat_id(chat).send())
            .await
    }

    /// Clears a chat's history and removes it from the caller's list.
    pub async fn delete(&self, chat_id: impl Into<ChatId>) -> Result<()> {
        let chat_id = chat_id.into();
        let chat = chat_id.checked()?;
        let v3 = self.client.v3();
        self.client
            .call_empty(Op::write("delete_chat"), || v3.delete_chat().chat_id(chat).send())
            .await
    }
}
