//! The message store: one [`Conversation`] per group and per pair of users
//! talking directly, with GroupMe's cursor semantics.
//!
//! A conversation may begin with a **generated history** of any length
//! (`--messages 100000`) that costs a few bytes in all: generated message
//! `k` is computed from `k` when it is read, and only messages that are
//! sent, or generated ones that change (liked, pinned, edited), are
//! stored. Deleted ids are remembered in a set.
//!
//! Ids grow with time inside a conversation, so every cursor is a range of
//! ids: `before_id` walks down from the id, `after_id` walks up, and
//! `since_id` takes the newest ids above it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::iter::Peekable;

use groupme_api::Attachment;
use groupme_api::v3::types::{Message, Reaction};

use crate::model::Id;

/// Messages a page holds when `limit` is left out, as GroupMe documents.
pub(crate) const DEFAULT_LIMIT: usize = 20;

/// The most messages a page may hold, as GroupMe documents.
pub(crate) const MAX_LIMIT: usize = 100;

/// How long a `source_guid` blocks a repeat, in seconds (a minute, as
/// GroupMe documents).
pub(crate) const GUID_WINDOW_SECS: i64 = 60;

/// The most characters a message text may have, as GroupMe documents.
pub(crate) const TEXT_MAX_CHARS: usize = 1000;

/// For how long after sending a message may be edited, in seconds (a
/// direct conversation's `message_edit_period` of 15 minutes).
pub(crate) const EDIT_WINDOW_SECS: i64 = 15 * 60;

/// The first id of every conversation's generated history; sent messages
/// get ids above whatever the conversation holds.
const FIRST_GENERATED_ID: Id = 100_000_000_000;

/// Which conversation: a group, or two users talking directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ConversationKey {
    /// A group's main chat.
    Group(Id),
    /// A direct conversation, the smaller user id first.
    Direct(Id, Id),
}

impl ConversationKey {
    /// The direct conversation between `a` and `b`, in either order.
    pub(crate) fn direct(a: Id, b: Id) -> Self {
        Self::Direct(a.min(b), a.max(b))
    }

    /// The id GroupMe shows: the group id, or `smaller+larger`.
    pub(crate) fn wire_id(self) -> String {
        match self {
            Self::Group(id) => id.to_string(),
            Self::Direct(a, b) => format!("{a}+{b}"),
        }
    }

    /// The key a path's conversation id names: a group id or `a+b`.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.split_once('+') {
            Some((a, b)) => Some(Self::direct(a.parse().ok()?, b.parse().ok()?)),
            None => text.parse().ok().map(Self::Group),
        }
    }

    /// The other participant of a direct conversation.
    pub(crate) fn other_than(self, me: Id) -> Option<Id> {
        match self {
            Self::Direct(a, b) if a == me => Some(b),
            Self::Direct(a, b) if b == me => Some(a),
            _ => None,
        }
    }
}

/// A message as the store keeps it.
#[derive(Clone, Debug)]
pub(crate) struct StoredMessage {
    pub(crate) id: Id,
    pub(crate) source_guid: String,
    pub(crate) created_at: i64,
    pub(crate) updated_at: Option<i64>,
    /// The sender's user id.
    pub(crate) sender: Id,
    /// The sender's name when it was sent.
    pub(crate) name: String,
    pub(crate) text: Option<String>,
    pub(crate) attachments: Vec<Attachment>,
    pub(crate) system: bool,
    /// Who liked it, in order.
    pub(crate) favorited_by: Vec<Id>,
    /// Reactions other than the classic like.
    pub(crate) reactions: Vec<Reaction>,
    pub(crate) pinned_by: Option<Id>,
    pub(crate) pinned_at: Option<i64>,
    /// The bot that posted it, for bot posts (`sender_type: "bot"`, the bot
    /// id as sender); `sender` is then the bot's creator.
    pub(crate) bot_id: Option<String>,
}

/// The recipe of a generated history: `count` messages from `first_id` on,
/// one a second from `first_at`, sent in turn by `senders`.
#[derive(Clone, Debug, Default)]
struct Generated {
    first_id: Id,
    count: u64,
    first_at: i64,
    senders: Vec<(Id, String)>,
}

impl Generated {
    fn end(&self) -> Id {
        self.first_id + self.count as Id
    }

    fn contains(&self, id: Id) -> bool {
        (self.first_id..self.end()).contains(&id)
    }

    /// Generated message `id` as it was first sent.
    fn message(&self, id: Id) -> StoredMessage {
        let k = id - self.first_id;
        let (sender, name) = self.senders[(k as usize) % self.senders.len()].clone();
        StoredMessage {
            id,
            source_guid: format!("generated-{k}"),
            created_at: self.first_at + k,
            updated_at: None,
            sender,
            name,
            text: Some(format!("Generated message {} of {}", k + 1, self.count)),
            attachments: Vec::new(),
            system: false,
            favorited_by: Vec::new(),
            reactions: Vec::new(),
            pinned_by: None,
            pinned_at: None,
            bot_id: None,
        }
    }
}

/// Which messages a listing asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cursor {
    /// The newest messages, newest first.
    Newest,
    /// The messages just older than the id, newest first.
    Before(Id),
    /// The messages just newer than the id, oldest first.
    After(Id),
    /// The newest messages newer than the id, newest first.
    Since(Id),
}

/// One conversation's messages.
#[derive(Clone, Debug, Default)]
pub(crate) struct Conversation {
    generated: Generated,
    /// Sent messages, and generated ones that changed since.
    stored: BTreeMap<Id, StoredMessage>,
    deleted: BTreeSet<Id>,
    /// Recent `source_guid`s with when they were used, for the `409`.
    recent_guids: HashMap<String, (i64, Id)>,
    /// When the conversation began, in Unix seconds.
    pub(crate) created_at: i64,
}

impl Conversation {
    /// An empty conversation begun at `now`.
    pub(crate) fn new(now: i64) -> Self {
        Self {
            created_at: now,
            ..Self::default()
        }
    }

    /// Replaces the history with `count` generated messages sent by
    /// `senders` in turn, the last one a second before `now`.
    pub(crate) fn generate(&mut self, count: u64, senders: Vec<(Id, String)>, now: i64) {
        assert!(!senders.is_empty(), "a generated history needs senders");
        self.stored.clear();
        self.deleted.clear();
        self.generated = Generated {
            first_id: FIRST_GENERATED_ID,
            count,
            first_at: now - count as i64,
            senders,
        };
        self.created_at = self.created_at.min(self.generated.first_at);
    }

    /// How many messages there are.
    pub(crate) fn len(&self) -> usize {
        let generated_kept = self.generated.count as usize
            - self
                .deleted
                .iter()
                .filter(|id| self.generated.contains(**id))
                .count();
        let stored_only = self
            .stored
            .keys()
            .filter(|id| !self.generated.contains(**id))
            .count();
        generated_kept + stored_only
    }

    /// The message with this id.
    pub(crate) fn get(&self, id: Id) -> Option<StoredMessage> {
        if self.deleted.contains(&id) {
            return None;
        }
        match self.stored.get(&id) {
            Some(message) => Some(message.clone()),
            None if self.generated.contains(id) => Some(self.generated.message(id)),
            None => None,
        }
    }

    /// The message with this id, to change; a generated one is stored
    /// from now on.
    pub(crate) fn get_mut(&mut self, id: Id) -> Option<&mut StoredMessage> {
        if self.deleted.contains(&id) {
            return None;
        }
        if !self.stored.contains_key(&id) && self.generated.contains(id) {
            self.stored.insert(id, self.generated.message(id));
        }
        self.stored.get_mut(&id)
    }

    /// Sent messages and generated ones that changed since, in id order:
    /// the only ones that can carry likes, pins or attachments.
    pub(crate) fn changed(&self) -> impl Iterator<Item = &StoredMessage> {
        self.stored.values()
    }

    /// Deletes a message; `false` if there was none.
    pub(crate) fn delete(&mut self, id: Id) -> bool {
        if self.get(id).is_none() {
            return false;
        }
        self.stored.remove(&id);
        self.deleted.insert(id);
        true
    }

    /// The newest message.
    pub(crate) fn last(&self) -> Option<StoredMessage> {
        self.ids_down(None).next().and_then(|id| self.get(id))
    }

    /// The page for `cursor`, at most `limit` messages, in the cursor's
    /// order.
    pub(crate) fn page(&self, cursor: Cursor, limit: usize) -> Vec<StoredMessage> {
        let ids: Vec<Id> = match cursor {
            Cursor::Newest => self.ids_down(None).take(limit).collect(),
            Cursor::Before(id) => self.ids_down(Some(id)).take(limit).collect(),
            Cursor::After(id) => self.ids_up(id).take(limit).collect(),
            Cursor::Since(id) => self
                .ids_down(None)
                .take_while(|newer| *newer > id)
                .take(limit)
                .collect(),
        };
        ids.into_iter().filter_map(|id| self.get(id)).collect()
    }

    /// Every live id below `below` (all when `None`), newest first.
    fn ids_down(&self, below: Option<Id>) -> impl Iterator<Item = Id> + '_ {
        let below = below.unwrap_or(Id::MAX);
        let generated_top = below.min(self.generated.end());
        let generated = (self.generated.first_id..generated_top.max(self.generated.first_id)).rev();
        let stored = self.stored.range(..below).rev().map(|(id, _)| *id);
        Merge::new(generated, stored, |a, b| a > b).filter(|id| !self.deleted.contains(id))
    }

    /// Every live id above `above`, oldest first.
    fn ids_up(&self, above: Id) -> impl Iterator<Item = Id> + '_ {
        let start = above.saturating_add(1);
        let generated = start.max(self.generated.first_id)..self.generated.end();
        let stored = self.stored.range(start..).map(|(id, _)| *id);
        Merge::new(generated, stored, |a, b| a < b).filter(|id| !self.deleted.contains(id))
    }

    /// Whether `guid` was used less than a minute before `now`; forgets
    /// older ones on the way.
    pub(crate) fn guid_taken(&mut self, guid: &str, now: i64) -> Option<Id> {
        self.recent_guids
            .retain(|_, (used_at, _)| now - *used_at < GUID_WINDOW_SECS);
        self.recent_guids.get(guid).map(|(_, id)| *id)
    }

    /// Stores a new message, giving it the next id; returns it.
    pub(crate) fn push(&mut self, mut message: StoredMessage) -> StoredMessage {
        let last_stored = self.stored.keys().next_back().copied().unwrap_or(0);
        let last_deleted = self.deleted.iter().next_back().copied().unwrap_or(0);
        let id = last_stored
            .max(last_deleted)
            .max(self.generated.end() - 1)
            .max(FIRST_GENERATED_ID)
            + 1;
        message.id = id;
        self.recent_guids
            .insert(message.source_guid.clone(), (message.created_at, id));
        self.stored.insert(id, message.clone());
        message
    }
}

/// Two iterators sorted by `first`, merged in order, each value once.
struct Merge<A: Iterator<Item = Id>, B: Iterator<Item = Id>, F> {
    a: Peekable<A>,
    b: Peekable<B>,
    first: F,
}

impl<A: Iterator<Item = Id>, B: Iterator<Item = Id>, F: Fn(Id, Id) -> bool> Merge<A, B, F> {
    fn new(a: A, b: B, first: F) -> Self {
        Self {
            a: a.peekable(),
            b: b.peekable(),
            first,
        }
    }
}

impl<A: Iterator<Item = Id>, B: Iterator<Item = Id>, F: Fn(Id, Id) -> bool> Iterator for Merge<A, B, F> {
    type Item = Id;

    fn next(&mut self) -> Option<Id> {
        match (self.a.peek().copied(), self.b.peek().copied()) {
            (Some(a), Some(b)) if a == b => {
                self.b.next();
                self.a.next()
            }
            (Some(a), Some(b)) if (self.first)(a, b) => self.a.next(),
            (Some(_), Some(_)) => self.b.next(),
            (Some(_), None) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}

/// `message` as GroupMe shows it in `conversation`; `user` names the
/// sender's avatar.
pub(crate) fn view(
    conversation: ConversationKey,
    message: &StoredMessage,
    avatar_url: Option<String>,
) -> Message {
    let (group_id, conversation_id, recipient_id) = match conversation {
        ConversationKey::Group(id) => (Some(id.to_string()), None, None),
        ConversationKey::Direct(..) => (
            None,
            Some(conversation.wire_id()),
            conversation.other_than(message.sender).map(|id| id.to_string()),
        ),
    };
    Message {
        id: message.id.to_string(),
        source_guid: Some(message.source_guid.clone()),
        created_at: message.created_at,
        updated_at: message.updated_at,
        user_id: Some(
            message
                .bot_id
                .clone()
                .unwrap_or_else(|| message.sender.to_string()),
        ),
        sender_id: Some(
            message
                .bot_id
                .clone()
                .unwrap_or_else(|| message.sender.to_string()),
        ),
        sender_type: Some(
            match (message.system, &message.bot_id) {
                (true, _) => "system",
                (false, Some(_)) => "bot",
                (false, None) => "user",
            }
            .to_owned(),
        ),
        group_id,
        conversation_id,
        recipient_id,
        name: Some(message.name.clone()),
        avatar_url,
        text: message.text.clone(),
        system: Some(message.system),
        platform: Some("gm".to_owned()),
        favorited_by: Some(message.favorited_by.iter().map(Id::to_string).collect()),
        reactions: Some(message.reactions.clone()),
        attachments: Some(message.attachments.clone()),
        pinned_by: Some(message.pinned_by.map(|id| id.to_string()).unwrap_or_default()),
        pinned_at: message.pinned_at,
        event: None,
        liked_at: None,
        gallery_ts: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(count: u64) -> Conversation {
        let mut conversation = Conversation::new(10_000);
        conversation.generate(count, vec![(1, "A".to_owned()), (2, "B".to_owned())], 10_000);
        conversation
    }

    fn ids(page: &[StoredMessage]) -> Vec<Id> {
        page.iter().map(|m| m.id - FIRST_GENERATED_ID).collect()
    }

    fn sent(text: &str, at: i64) -> StoredMessage {
        StoredMessage {
            id: 0,
            source_guid: text.to_owned(),
            created_at: at,
            updated_at: None,
            sender: 1,
            name: "A".to_owned(),
            text: Some(text.to_owned()),
            attachments: vec![],
            system: false,
            favorited_by: vec![],
            reactions: vec![],
            pinned_by: None,
            pinned_at: None,
            bot_id: None,
        }
    }

    #[test]
    fn each_cursor_has_its_order_and_range() {
        let c = history(10);
        let id = |k: Id| FIRST_GENERATED_ID + k;
        assert_eq!(ids(&c.page(Cursor::Newest, 3)), [9, 8, 7]);
        assert_eq!(ids(&c.page(Cursor::Before(id(5)), 3)), [4, 3, 2]);
        assert_eq!(ids(&c.page(Cursor::Before(id(1)), 3)), [0]);
        assert!(c.page(Cursor::Before(id(0)), 3).is_empty());
        assert_eq!(ids(&c.page(Cursor::After(id(5)), 3)), [6, 7, 8]);
        assert!(c.page(Cursor::After(id(9)), 3).is_empty());
        // since_id: the newest after the id, skipping those right after it.
        assert_eq!(ids(&c.page(Cursor::Since(id(2)), 3)), [9, 8, 7]);
        assert_eq!(ids(&c.page(Cursor::Since(id(7)), 3)), [9, 8]);
        assert!(c.page(Cursor::Since(id(9)), 3).is_empty());
    }

    #[test]
    fn sent_edited_and_deleted_messages_merge_with_the_generated_ones() {
        let mut c = history(5);
        let new = c.push(sent("hello", 10_001));
        assert_eq!(new.id, FIRST_GENERATED_ID + 5);
        c.get_mut(FIRST_GENERATED_ID + 3).unwrap().favorited_by.push(2);
        assert!(c.delete(FIRST_GENERATED_ID + 2));
        assert!(!c.delete(FIRST_GENERATED_ID + 2));
        assert_eq!(ids(&c.page(Cursor::Newest, 10)), [5, 4, 3, 1, 0]);
        assert_eq!(ids(&c.page(Cursor::After(FIRST_GENERATED_ID), 10)), [1, 3, 4, 5]);
        assert_eq!(c.len(), 5);
        assert_eq!(c.get(FIRST_GENERATED_ID + 3).unwrap().favorited_by, [2]);
        assert_eq!(c.last().unwrap().text.as_deref(), Some("hello"));
        // A deleted newest id is never handed out again.
        assert!(c.delete(new.id));
        assert_eq!(c.push(sent("again", 10_002)).id, new.id + 1);
    }

    #[test]
    fn a_guid_blocks_for_a_minute() {
        let mut c = Conversation::new(0);
        let first = c.push(sent("g", 100));
        assert_eq!(c.guid_taken("g", 159), Some(first.id));
        assert_eq!(c.guid_taken("g", 160), None);
    }

    #[test]
    fn a_large_history_is_cheap() {
        let c = history(1_000_000);
        assert_eq!(c.len(), 1_000_000);
        assert_eq!(
            ids(&c.page(Cursor::Before(FIRST_GENERATED_ID + 500_000), 2)),
            [499_999, 499_998]
        );
    }

    #[test]
    fn conversation_ids_read_and_write_both_forms() {
        assert_eq!(ConversationKey::direct(9, 4).wire_id(), "4+9");
        assert_eq!(ConversationKey::parse("9+4"), Some(ConversationKey::Direct(4, 9)));
        assert_eq!(ConversationKey::parse("12"), Some(ConversationKey::Group(12)));
        assert_eq!(ConversationKey::parse("x"), None);
        assert_eq!(ConversationKey::direct(4, 9).other_than(4), Some(9));
    }
}
