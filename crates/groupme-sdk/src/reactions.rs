//! Likes and reactions on one message of a group or a direct conversation
//! ([`MessageHandle`]), and the likes of a group's messages
//! ([`LikesHandle`]: the leaderboard of a period, the caller's likes and
//! the caller's liked messages).
//!
//! GroupMe keeps at most one reaction per user and message: reacting again
//! replaces the previous reaction. Only powerup emoji and the
//! [`REACTION_UNICODE_EMOJI`] GroupMe's apps offer are accepted; anything
//! else is refused before sending.

use groupme_api::v3;

use crate::client::{Client, Op};
use crate::dms::DmHandle;
use crate::error::Result;
use crate::groups::GroupHandle;
use crate::ids::{GroupId, MessageId};
use crate::messages::{Conversation, GroupMessageHandle, MessagesHandle, direct_conversation_id};
use crate::types::{LikePeriod, Message};
use crate::validate::{Invalid, Rule, spec_value};

/// The unicode emoji GroupMe accepts as reactions (the ones its apps
/// offer); the server refuses any other.
pub const REACTION_UNICODE_EMOJI: &[&str] = &[
    "❤️", "👍", "🤣", "🎉", "🔥", "😮", "👀", "😭", "🥺", "🙏", "💀", "🫶", "🤬", "💅", "🫠",
];

/// A reaction to give a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReactionEmoji {
    /// A unicode emoji, one of [`REACTION_UNICODE_EMOJI`].
    Unicode(String),
    /// A powerup emoji: its pack and its place in the pack.
    Powerup {
        /// The powerup pack.
        pack_id: u32,
        /// The emoji's place in the pack.
        pack_index: u32,
    },
}

impl ReactionEmoji {
    /// A unicode reaction, such as `"🔥"`.
    pub fn unicode(code: impl Into<String>) -> Self {
        Self::Unicode(code.into())
    }

    /// A powerup reaction.
    pub fn powerup(pack_id: u32, pack_index: u32) -> Self {
        Self::Powerup { pack_id, pack_index }
    }

    /// The `like_icon` to send, after checking that GroupMe accepts it.
    /// A unicode emoji is compared with and without the emoji variation
    /// selector (U+FE0F), so `"❤"` is taken as `"❤️"`.
    pub(crate) fn to_icon(&self) -> Result<v3::types::ReactionIcon, Invalid> {
        match self {
            Self::Unicode(code) => {
                let bare = |text: &str| text.replace('\u{FE0F}', "");
                let known = REACTION_UNICODE_EMOJI
                    .iter()
                    .find(|allowed| bare(allowed) == bare(code.trim()))
                    .ok_or_else(|| {
                        Invalid::new(
                            "like_icon.code",
                            Rule::OneOf {
                                allowed: REACTION_UNICODE_EMOJI,
                            },
                        )
                    })?;
                Ok(v3::types::ReactionIcon {
                    type_: v3::types::ReactionIconType::Unicode,
                    code: Some(spec_value("like_icon.code", (*known).to_owned())?),
                    pack_id: None,
                    pack_index: None,
                })
            }
            Self::Powerup { pack_id, pack_index } => Ok(v3::types::ReactionIcon {
                type_: v3::types::ReactionIconType::Emoji,
                code: None,
                pack_id: Some((*pack_id).into()),
                pack_index: Some((*pack_index).into()),
            }),
        }
    }
}

/// The id GroupMe gives `conversation` in paths: the group id, or
/// `smaller+larger` user ids for a direct conversation (which asks for the
/// caller's own id first).
pub(crate) async fn conversation_id(client: &Client, conversation: &Conversation) -> Result<String> {
    match conversation {
        Conversation::Group(group) => Ok(group.checked()?.to_owned()),
        Conversation::Direct(user) => {
            let other = user
                .checked()
                .map_err(|_| Invalid::new("other_user_id", Rule::NonEmpty))?
                .to_owned();
            let me = client.me().await?;
            Ok(direct_conversation_id(&me.id, &other))
        }
    }
}

impl<'a> MessagesHandle<'a> {
    /// One message of the conversation, to like, react to or pin.
    pub fn message(&self, id: impl Into<MessageId>) -> MessageHandle<'a> {
        MessageHandle {
            client: self.client,
            conversation: self.conversation.clone(),
            id: id.into(),
        }
    }
}

impl<'a> DmHandle<'a> {
    /// One message of the conversation, to like, react to or pin.
    pub fn message(&self, id: impl Into<MessageId>) -> MessageHandle<'a> {
        self.messages().message(id)
    }
}

impl<'a> GroupMessageHandle<'a> {
    /// The same message, to like, react to or pin.
    pub fn in_conversation(&self) -> MessageHandle<'a> {
        MessageHandle {
            client: self.client,
            conversation: Conversation::Group(self.group_id.clone()),
            id: self.id.clone(),
        }
    }

    /// Likes the message; see [`MessageHandle::like`].
    pub async fn like(&self) -> Result<()> {
        self.in_conversation().like().await
    }

    /// Reacts to the message; see [`MessageHandle::react`].
    pub async fn react(&self, emoji: ReactionEmoji) -> Result<()> {
        self.in_conversation().react(emoji).await
    }

    /// Takes back the caller's like or reaction; see [`MessageHandle::unlike`].
    pub async fn unlike(&self) -> Result<()> {
        self.in_conversation().unlike().await
    }
}

/// One message of a group or a direct conversation. Made by
/// [`MessagesHandle::message`], [`DmHandle::message`] and
/// [`GroupMessageHandle::in_conversation`].
#[derive(Debug, Clone)]
pub struct MessageHandle<'a> {
    pub(crate) client: &'a Client,
    pub(crate) conversation: Conversation,
    pub(crate) id: MessageId,
}

impl MessageHandle<'_> {
    /// The message's id.
    pub fn id(&self) -> &MessageId {
        &self.id
    }

    /// Likes the message as the caller. Liking twice leaves one like, so
    /// it is retried like a read.
    pub async fn like(&self) -> Result<()> {
        self.send_like(None).await
    }

    /// Reacts with `emoji`, replacing the caller's previous reaction. A
    /// unicode emoji GroupMe does not accept is refused before sending.
    pub async fn react(&self, emoji: ReactionEmoji) -> Result<()> {
        let icon = emoji.to_icon()?;
        self.send_like(Some(icon)).await
    }

    /// Takes back the caller's like and reaction.
    pub async fn unlike(&self) -> Result<()> {
        let message_id = self.id.checked()?.to_owned();
        let conversation_id = conversation_id(self.client, &self.conversation).await?;
        let v3 = self.client.v3();
        self.client
            .call_empty(Op::repeatable_write("unlike_message"), || {
                v3.unlike_message()
                    .conversation_id(conversation_id.as_str())
                    .message_id(message_id.as_str())
                    .send()
            })
            .await
    }

    async fn send_like(&self, icon: Option<v3::types::ReactionIcon>) -> Result<()> {
        let message_id = self.id.checked()?.to_owned();
        let conversation_id = conversation_id(self.client, &self.conversation).await?;
        let v3 = self.client.v3();
        let body = v3::types::LikeRequest { like_icon: icon };
        self.client
            .call_empty(Op::repeatable_write("like_message"), || {
                v3.like_message()
                    .conversation_id(conversation_id.as_str())
                    .message_id(message_id.as_str())
                    .body(body.clone())
                    .send()
            })
            .await
    }
}

impl<'a> GroupHandle<'a> {
    /// The likes of the group's messages.
    pub fn likes(&self) -> LikesHandle<'a> {
        LikesHandle {
            client: self.client,
            group_id: self.id.clone(),
        }
    }
}

/// The likes of a group's messages. Made by [`GroupHandle::likes`].
#[derive(Debug, Clone)]
pub struct LikesHandle<'a> {
    client: &'a Client,
    group_id: GroupId,
}

impl LikesHandle<'_> {
    /// The group's liked messages of the last `period`, the most liked first.
    pub async fn leaderboard(&self, period: LikePeriod) -> Result<Vec<Message>> {
        let group_id = self.group_id.checked()?;
        let v3 = self.client.v3();
        let answer = self
            .client
            .call(Op::read("list_like_leaderboard"), || {
                v3.list_like_leaderboard()
                    .group_id(group_id)
                    .period(period)
                    .send()
            })
            .await?;
        Ok(answer.messages.unwrap_or_default())
    }

    /// The group's messages the caller liked, the most recently liked
    /// first (each with `liked_at`).
    pub async fn mine(&self) -> Result<Vec<Message>> {
        let group_id = self.group_id.checked()?;
        let v3 = self.client.v3();
        let answer = self
            .client
            .call(Op::read("list_my_likes"), || {
                v3.list_my_likes().group_id(group_id).send()
            })
            .await?;
        Ok(answer.messages.unwrap_or_default())
    }

    /// The caller's messages in the group that others liked.
    pub async fn for_me(&self) -> Result<Vec<Message>> {
        let group_id = self.group_id.checked()?;
        let v3 = self.client.v3();
        let answer = self
            .client
            .call(Op::read("list_likes_for_me"), || {
                v3.list_likes_for_me().group_id(group_id).send()
            })
            .await?;
        Ok(answer.messages.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_reactions_are_the_apps_emoji_with_or_without_the_selector() {
        let heart = ReactionEmoji::unicode("❤").to_icon().unwrap();
        assert_eq!(heart.code.as_ref().map(|c| c.as_str()), Some("❤️"));
        assert_eq!(heart.type_, v3::types::ReactionIconType::Unicode);
        let err = ReactionEmoji::unicode("🐙").to_icon().unwrap_err();
        assert_eq!(err.field(), "like_icon.code");
        assert!(matches!(err.rule(), Rule::OneOf { .. }));
        let powerup = ReactionEmoji::powerup(2, 7).to_icon().unwrap();
        assert_eq!((powerup.pack_id, powerup.pack_index), (Some(2), Some(7)));
        assert_eq!(powerup.code, None);
    }
}
