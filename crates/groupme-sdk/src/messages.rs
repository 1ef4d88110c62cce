//! Messages of a group or a direct conversation: histories as streams,
//! sending (with mentions, replies, emoji and other attachments), v4 show
//! and edit, and delete.
//!
//! # Histories
//!
//! [`MessagesHandle::history`], [`after`](MessagesHandle::after) and
//! [`since`](MessagesHandle::since) are [`Stream`]s built on the crate's
//! one pager: they ask for [`MAX_MESSAGES_PER_PAGE`] messages at a time,
//! hold one page in memory, end cleanly on GroupMe's `304 Not Modified`
//! or an empty page, stop with an error instead of looping when a cursor
//! would not move, and retry a failed page (with the same cursor, so
//! nothing is skipped or repeated) as the client's
//! [`RetryPolicy`](crate::RetryPolicy) allows.
//!
//! # Sending
//!
//! Every send carries a `source_guid`, generated when not given. GroupMe
//! refuses a second message with the same guid for a minute (`409`), so a
//! send is safe to retry and is retried like a read. When a retried send
//! meets that `409`, the first attempt had landed: the SDK looks the
//! message up by its guid and returns it, instead of an error.
//!
//! # Counting
//!
//! GroupMe's 1,000-character limit on `text` is counted in Unicode scalar
//! values (Rust `char`s, what the server's `String#length` and JSON
//! Schema's `maxLength` count), so `"é"` and `"👋"` count one each. The
//! `loci` of mentions are counted in UTF-16 code units, as GroupMe's web,
//! Android and iOS clients (JavaScript, Java and `NSString` strings)
//! compute and display them: `"👋"` takes two. [`MessageText`] computes them
//! from the text it builds, so callers never count by hand.

use std::fmt;
use std::num::NonZeroU32;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::BoxStream;
use futures::{Stream, StreamExt, TryStreamExt};
use groupme_api::attachment::{Emoji, Image, Location, Mentions, Reply};
use groupme_api::{Attachment, v3, v4};

use crate::client::{Client, Op};
use crate::error::Result;
use crate::groups::GroupHandle;
use crate::ids::{GroupId, MessageId, UserId};
use crate::pager::{MessageCursor, compare_ids, paginate};
use crate::types::Message;
use crate::validate::{self, Invalid, Rule, spec_value};

/// The most characters (Unicode scalar values) a message text may have, as
/// GroupMe documents.
pub const MESSAGE_TEXT_MAX_CHARS: usize = 1000;

/// The most messages GroupMe answers per page; histories ask for this many.
pub const MAX_MESSAGES_PER_PAGE: u32 = 100;

/// The placeholder [`MessageText::emoji`] puts in the text for each powerup
/// emoji: U+FFFD, which clients replace with the emoji.
pub const EMOJI_PLACEHOLDER: char = '\u{FFFD}';

/// Which conversation a handle talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Conversation {
    /// A group's main chat.
    Group(GroupId),
    /// The caller's direct conversation with this user.
    Direct(UserId),
}

impl<'a> GroupHandle<'a> {
    /// The group's messages: histories, sending and deleting.
    pub fn messages(&self) -> MessagesHandle<'a> {
        MessagesHandle {
            client: self.client,
            conversation: Conversation::Group(self.id.clone()),
        }
    }

    /// One of the group's messages, to show or edit (v4) or delete.
    pub fn message(&self, id: impl Into<MessageId>) -> GroupMessageHandle<'a> {
        GroupMessageHandle {
            client: self.client,
            group_id: self.id.clone(),
            id: id.into(),
        }
    }
}

/// The messages of a group or a direct conversation. Made by
/// [`GroupHandle::messages`] and [`DmHandle::messages`](crate::DmHandle::messages).
#[derive(Debug, Clone)]
pub struct MessagesHandle<'a> {
    pub(crate) client: &'a Client,
    pub(crate) conversation: Conversation,
}

impl<'a> MessagesHandle<'a> {
    /// Every message, **newest to oldest** (`before_id` paging).
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// use futures::TryStreamExt;
    /// let mut history = client.group("1234").messages().history();
    /// while let Some(message) = history.try_next().await? {
    ///     println!("{}: {}", message.name.unwrap_or_default(), message.text.unwrap_or_default());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn history(&self) -> MessageStream<'a> {
        self.stream(MessageCursor::Newest, None)
    }

    /// Every message older than `id`, newest to oldest (`before_id`).
    pub fn before(&self, id: impl Into<MessageId>) -> MessageStream<'a> {
        self.stream(MessageCursor::Before(id.into().into()), None)
    }

    /// Every message newer than `id`, **oldest to newest** (`after_id`
    /// paging): the way to follow a conversation forward from a known
    /// message.
    pub fn after(&self, id: impl Into<MessageId>) -> MessageStream<'a> {
        self.stream(MessageCursor::After(id.into().into()), None)
    }

    /// Every message newer than `id`, **newest to oldest**, down to `id`.
    ///
    /// This is GroupMe's `since_id`: its first page holds the *most recent*
    /// messages after `id`, not the ones right after it. The stream then
    /// pages back (`before_id`) until it reaches `id`, so it still yields
    /// every newer message exactly once, newest first. To read forward in
    /// time, use [`after`](Self::after).
    pub fn since(&self, id: impl Into<MessageId>) -> MessageStream<'a> {
        let id: String = id.into().into();
        self.stream(MessageCursor::Since(id.clone()), Some(id))
    }

    fn stream(&self, first: MessageCursor, floor: Option<String>) -> MessageStream<'a> {
        MessageStream {
            client: self.client,
            conversation: self.conversation.clone(),
            first,
            floor,
            per_page: MAX_MESSAGES_PER_PAGE,
            accept_files: true,
            pages: None,
        }
    }

    /// Starts a message with `text` (a plain string, or a [`MessageText`]
    /// with mentions and emoji); add attachments on the builder and
    /// [`send`](SendMessage::send) it.
    pub fn send(&self, text: impl Into<MessageText>) -> SendMessage<'a> {
        SendMessage {
            client: self.client,
            conversation: self.conversation.clone(),
            text: text.into(),
            attachments: Vec::new(),
            source_guid: None,
        }
    }

    /// Deletes a message; GroupMe answers `204`. In a group the sender or,
    /// where the group allows it, an owner or admin may delete. For a
    /// direct conversation the caller's own id is fetched first (the
    /// conversation id holds both users' ids).
    pub async fn delete(&self, id: impl Into<MessageId>) -> Result<()> {
        let id = id.into();
        let message_id = id.checked()?;
        let conversation_id = crate::reactions::conversation_id(self.client, &self.conversation).await?;
        let v3 = self.client.v3();
        self.client
            .call_empty(Op::write("delete_message"), || {
                v3.delete_message()
                    .conversation_id(conversation_id.as_str())
                    .message_id(message_id)
                    .send()
            })
            .await
    }
}

/// The id of the direct conversation between two users: both ids joined by
/// `+`, the smaller first.
pub fn direct_conversation_id(a: &str, b: &str) -> String {
    if compare_ids(a, b).is_le() {
        format!("{a}+{b}")
    } else {
        format!("{b}+{a}")
    }
}

/// A conversation's messages, one page at a time. Made by
/// [`MessagesHandle::history`], [`after`](MessagesHandle::after),
/// [`before`](MessagesHandle::before) and [`since`](MessagesHandle::since).
#[must_use = "a stream does nothing until polled"]
pub struct MessageStream<'a> {
    client: &'a Client,
    conversation: Conversation,
    first: MessageCursor,
    /// Messages at or below this id are left out (for `since`).
    floor: Option<String>,
    per_page: u32,
    accept_files: bool,
    pages: Option<BoxStream<'a, Result<Message>>>,
}

impl fmt::Debug for MessageStream<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageStream")
            .field("conversation", &self.conversation)
            .field("first", &self.first)
            .field("per_page", &self.per_page)
            .field("started", &self.pages.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a> MessageStream<'a> {
    /// How many messages each request asks for: 1 to
    /// [`MAX_MESSAGES_PER_PAGE`] (the default).
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = per_page;
        self
    }

    /// Whether to tell GroupMe that file attachments can be shown
    /// (`acceptFiles=1`, the default); without it, GroupMe replaces the text
    /// of messages with a file. Group histories only.
    pub fn accept_files(mut self, accept: bool) -> Self {
        self.accept_files = accept;
        self
    }

    /// Every message, in the stream's order.
    pub async fn collect_all(self) -> Result<Vec<Message>> {
        self.try_collect().await
    }

    fn start(&self) -> BoxStream<'a, Result<Message>> {
        let per_page = match NonZeroU32::new(self.per_page).filter(|n| n.get() <= MAX_MESSAGES_PER_PAGE) {
            Some(per_page) => per_page,
            None => {
                let invalid = Invalid::new(
                    "limit",
                    Rule::Range {
                        min: 1,
                        max: MAX_MESSAGES_PER_PAGE.into(),
                        actual: self.per_page.into(),
                    },
                );
                return futures::stream::once(async move { Err(invalid.into()) }).boxed();
            }
        };
        if let Err(invalid) = self.checked() {
            return futures::stream::once(async move { Err(invalid.into()) }).boxed();
        }
        let client = self.client;
        let conversation = self.conversation.clone();
        let floor = self.floor.clone();
        let accept_files = self.accept_files;
        let fetch = move |cursor: MessageCursor| {
            let conversation = conversation.clone();
            let floor = floor.clone();
            async move {
                let mut page = fetch_page(client, &conversation, &cursor, per_page, accept_files).await?;
                if let Some(floor) = &floor {
                    page.retain(|message| compare_ids(&message.id, floor).is_gt());
                }
                Ok(page)
            }
        };
        let operation = match self.conversation {
            Conversation::Group(_) => "list_group_messages",
            Conversation::Direct(_) => "list_direct_messages",
        };
        paginate(operation, self.first.clone(), fetch, |message: &Message| {
            message.id.clone()
        })
        .boxed()
    }

    fn checked(&self) -> Result<(), Invalid> {
        match &self.conversation {
            Conversation::Group(id) => id.checked().map(drop),
            Conversation::Direct(id) => id
                .checked()
                .map_err(|_| Invalid::new("other_user_id", Rule::NonEmpty))
                .map(drop),
        }?;
        match &self.first {
            MessageCursor::Before(id) | MessageCursor::After(id) | MessageCursor::Since(id) => {
                validate::non_empty("message_id", id)
            }
            MessageCursor::Newest => Ok(()),
        }
    }
}

impl Stream for MessageStream<'_> {
    type Item = Result<Message>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.pages.is_none() {
            self.pages = Some(self.start());
        }
        match self.pages.as_mut() {
            Some(pages) => pages.poll_next_unpin(cx),
            None => Poll::Ready(None),
        }
    }
}

/// One page for `cursor`; GroupMe's `304 Not Modified` (nothing matches) is
/// an empty page.
async fn fetch_page(
    client: &Client,
    conversation: &Conversation,
    cursor: &MessageCursor,
    limit: NonZeroU32,
    accept_files: bool,
) -> Result<Vec<Message>> {
    let v3 = client.v3();
    match conversation {
        Conversation::Group(group_id) => {
            let op = Op::read("list_group_messages");
            let answer = client
                .send(op, || {
                    let request = v3.list_group_messages().group_id(group_id.as_str()).limit(limit);
                    let request = if accept_files {
                        request.accept_files(1)
                    } else {
                        request
                    };
                    match cursor {
                        MessageCursor::Newest => request.send(),
                        MessageCursor::Before(id) => request.before_id(id.as_str()).send(),
                        MessageCursor::After(id) => request.after_id(id.as_str()).send(),
                        MessageCursor::Since(id) => request.since_id(id.as_str()).send(),
                    }
                })
                .await;
            Ok(match not_modified_as_none(answer)? {
                Some(value) => Client::unwrap_envelope(op, value)?.messages.unwrap_or_default(),
                None => Vec::new(),
            })
        }
        Conversation::Direct(user_id) => {
            let op = Op::read("list_direct_messages");
            let answer = client
                .send(op, || {
                    let request = v3
                        .list_direct_messages()
                        .other_user_id(user_id.as_str())
                        .limit(limit);
                    match cursor {
                        MessageCursor::Newest => request.send(),
                        MessageCursor::Before(id) => request.before_id(id.as_str()).send(),
                        MessageCursor::After(id) => request.after_id(id.as_str()).send(),
                        MessageCursor::Since(id) => request.since_id(id.as_str()).send(),
                    }
                })
                .await;
            Ok(match not_modified_as_none(answer)? {
                Some(value) => Client::unwrap_envelope(op, value)?
                    .direct_messages
                    .unwrap_or_default(),
                None => Vec::new(),
            })
        }
    }
}

/// `None` for GroupMe's `304 Not Modified`, the answer of a cursor that
/// matches nothing; other outcomes as they are.
fn not_modified_as_none<T>(answer: Result<T>) -> Result<Option<T>> {
    match answer {
        Ok(value) => Ok(Some(value)),
        Err(err) if err.status().is_some_and(|status| status.as_u16() == 304) => Ok(None),
        Err(err) => Err(err),
    }
}

/// A message text with mentions and powerup emoji, whose `loci` and
/// `charmap` are computed as it is built.
///
/// ```
/// use groupme_sdk::MessageText;
///
/// let text = MessageText::new()
///     .push("Héllo ")
///     .mention("1001", "@Zoë 👋")
///     .push(" and ")
///     .mention("1002", "@Al");
/// assert_eq!(text.as_str(), "Héllo @Zoë 👋 and @Al");
/// // Offsets and lengths in UTF-16 code units: the wave takes two.
/// assert_eq!(text.loci(), [[6, 7], [18, 3]]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageText {
    text: String,
    /// The text's length in UTF-16 code units, kept as it grows.
    utf16_len: usize,
    mentions: Vec<(UserId, [i64; 2])>,
    charmap: Vec<[i64; 2]>,
}

impl MessageText {
    /// An empty text.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends plain text.
    pub fn push(mut self, text: &str) -> Self {
        self.append(text);
        self
    }

    /// Appends `label` (such as `@Alice`) as a mention of `user_id`, whose
    /// place in the text becomes the mention's locus.
    pub fn mention(mut self, user_id: impl Into<UserId>, label: &str) -> Self {
        let offset = self.utf16_len as i64;
        self.append(label);
        let length = self.utf16_len as i64 - offset;
        self.mentions.push((user_id.into(), [offset, length]));
        self
    }

    /// Appends a powerup emoji: the [`EMOJI_PLACEHOLDER`] in the text,
    /// and `[pack_id, pack_index]` in the emoji attachment's charmap (packs
    /// count from 1, places in a pack from 0).
    pub fn emoji(mut self, pack_id: i64, pack_index: i64) -> Self {
        self.append(EMOJI_PLACEHOLDER.encode_utf8(&mut [0; 4]));
        self.charmap.push([pack_id, pack_index]);
        self
    }

    /// The text built so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The `[offset, length]` of each mention, in UTF-16 code units.
    pub fn loci(&self) -> Vec<[i64; 2]> {
        self.mentions.iter().map(|(_, locus)| *locus).collect()
    }

    /// The users mentioned, in order.
    pub fn mentioned(&self) -> Vec<&UserId> {
        self.mentions.iter().map(|(user, _)| user).collect()
    }

    fn append(&mut self, text: &str) {
        self.text.push_str(text);
        self.utf16_len += text.encode_utf16().count();
    }

    /// The attachments the text implies: one `mentions` and one `emoji`
    /// attachment, each only when used.
    fn attachments(&self) -> Vec<Attachment> {
        let mut attachments = Vec::new();
        if !self.mentions.is_empty() {
            attachments.push(Attachment::Mentions(Mentions {
                user_ids: self.mentions.iter().map(|(user, _)| user.to_string()).collect(),
                loci: self.loci(),
            }));
        }
        if !self.charmap.is_empty() {
            attachments.push(Attachment::Emoji(Emoji {
                placeholder: EMOJI_PLACEHOLDER.to_string(),
                charmap: self.charmap.clone(),
            }));
        }
        attachments
    }

    /// Checks the documented rules: mentions of real users, emoji of real
    /// packs.
    fn check(&self) -> Result<(), Invalid> {
        for (i, (user, _)) in self.mentions.iter().enumerate() {
            user.checked()
                .map_err(|_| Invalid::new(format!("mentions.user_ids[{i}]"), Rule::NonEmpty))?;
        }
        for (i, [pack, index]) in self.charmap.iter().enumerate() {
            validate::range(&format!("emoji.charmap[{i}].pack_id"), *pack, 1, i64::MAX)?;
            validate::range(&format!("emoji.charmap[{i}].pack_index"), *index, 0, i64::MAX)?;
        }
        Ok(())
    }
}

impl From<&str> for MessageText {
    fn from(text: &str) -> Self {
        Self::new().push(text)
    }
}

impl From<String> for MessageText {
    fn from(text: String) -> Self {
        Self::new().push(&text)
    }
}

impl From<&String> for MessageText {
    fn from(text: &String) -> Self {
        Self::new().push(text)
    }
}

/// Sends a message. Made by [`MessagesHandle::send`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct SendMessage<'a> {
    client: &'a Client,
    conversation: Conversation,
    text: MessageText,
    attachments: Vec<Attachment>,
    source_guid: Option<String>,
}

impl<'a> SendMessage<'a> {
    /// Adds any attachment (upload images, videos and files to their
    /// services first).
    pub fn attachment(mut self, attachment: impl Into<Attachment>) -> Self {
        self.attachments.push(attachment.into());
        self
    }

    /// Adds an image from GroupMe's image service.
    pub fn image(self, url: impl Into<String>) -> Self {
        self.attachment(Image { url: url.into() })
    }

    /// Adds a location; coordinates as decimal strings.
    pub fn location(self, name: impl Into<String>, lat: impl Into<String>, lng: impl Into<String>) -> Self {
        self.attachment(Location {
            name: name.into(),
            lat: lat.into(),
            lng: lng.into(),
        })
    }

    /// Makes the message a reply to `message_id`.
    pub fn reply_to(self, message_id: impl Into<MessageId>) -> Self {
        let id = message_id.into().to_string();
        self.attachment(Reply {
            reply_id: Some(id.clone()),
            base_reply_id: Some(id),
        })
    }

    /// The client's own id for the message; a fresh UUID when not given.
    /// GroupMe refuses a repeat within a minute, which makes the send safe
    /// to retry.
    pub fn source_guid(mut self, guid: impl Into<String>) -> Self {
        self.source_guid = Some(guid.into());
        self
    }

    /// Checks every rule, then sends; returns the message as stored.
    pub async fn send(self) -> Result<Message> {
        let guid = self
            .source_guid
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let (text, attachments) = checked_content(&self.text, &self.attachments)?;
        validate::non_empty("source_guid", &guid)?;
        let client = self.client;
        let v3 = client.v3();
        let (answer, attempts, op) = match &self.conversation {
            Conversation::Group(group_id) => {
                let group_id = group_id.checked()?;
                let body = v3::types::SendGroupMessageRequest {
                    message: v3::types::NewMessage {
                        source_guid: spec_value("source_guid", guid.clone())?,
                        text: text.map(|text| spec_value("text", text)).transpose()?,
                        attachments,
                    },
                };
                let op = Op::repeatable_write("send_group_message");
                let (answer, attempts) = client
                    .send_counted(op, || {
                        v3.send_group_message()
                            .group_id(group_id)
                            .body(body.clone())
                            .send()
                    })
                    .await;
                (answer, attempts, op)
            }
            Conversation::Direct(user_id) => {
                let recipient = user_id
                    .checked()
                    .map_err(|_| Invalid::new("recipient_id", Rule::NonEmpty))?;
                let body = v3::types::SendDirectMessageRequest {
                    direct_message: v3::types::NewDirectMessage {
                        source_guid: spec_value("source_guid", guid.clone())?,
                        recipient_id: spec_value("recipient_id", recipient.to_owned())?,
                        text: text.map(|text| spec_value("text", text)).transpose()?,
                        attachments,
                    },
                };
                let op = Op::repeatable_write("send_direct_message");
                let (answer, attempts) = client
                    .send_counted(op, || v3.send_direct_message().body(body.clone()).send())
                    .await;
                (answer, attempts, op)
            }
        };
        match answer {
            Ok(value) => Ok(Client::unwrap_envelope(op, value)?.message),
            Err(err) if attempts > 1 && err.status().is_some_and(|status| status.as_u16() == 409) => {
                // A retry met the guid of an earlier attempt that landed.
                tracing::debug!(operation = op.name, "a retried send had landed; looking it up");
                self.find_sent(&guid).await?.ok_or(err)
            }
            Err(err) => Err(err),
        }
    }

    /// The message sent with `guid`, among the newest ones.
    async fn find_sent(&self, guid: &str) -> Result<Option<Message>> {
        let messages = MessagesHandle {
            client: self.client,
            conversation: self.conversation.clone(),
        };
        let newest = messages
            .history()
            .take(usize::try_from(MAX_MESSAGES_PER_PAGE).unwrap_or(100));
        let found: Vec<Message> = newest.try_collect().await?;
        Ok(found
            .into_iter()
            .find(|message| message.source_guid.as_deref() == Some(guid)))
    }
}

/// The text and attachments to send, checked against GroupMe's rules: text
/// of at most 1,000 characters, and text or at least one attachment.
fn checked_content(
    text: &MessageText,
    extra: &[Attachment],
) -> Result<(Option<String>, Vec<Attachment>), Invalid> {
    text.check()?;
    validate::char_length("text", text.as_str(), 0, MESSAGE_TEXT_MAX_CHARS)?;
    let mut attachments = text.attachments();
    attachments.extend(extra.iter().cloned());
    for (i, attachment) in attachments.iter().enumerate() {
        check_attachment(&format!("attachments[{i}]"), attachment)?;
    }
    let text = (!text.as_str().trim().is_empty()).then(|| text.as_str().to_owned());
    if text.is_none() && attachments.is_empty() {
        return Err(Invalid::new(
            "text",
            Rule::Requires("text or at least one attachment"),
        ));
    }
    Ok((text, attachments))
}

/// The documented rules of one attachment.
fn check_attachment(field: &str, attachment: &Attachment) -> Result<(), Invalid> {
    match attachment {
        Attachment::Image(image) => validate::non_empty(&format!("{field}.url"), &image.url),
        Attachment::Video(video) => validate::non_empty(&format!("{field}.url"), &video.url),
        Attachment::File(file) => validate::non_empty(&format!("{field}.file_id"), &file.file_id),
        Attachment::Location(location) => {
            validate::non_empty(&format!("{field}.lat"), &location.lat)?;
            validate::non_empty(&format!("{field}.lng"), &location.lng)
        }
        Attachment::Emoji(emoji) => validate::non_empty(&format!("{field}.placeholder"), &emoji.placeholder),
        Attachment::Reply(reply) => match reply.reply_id.as_deref().or(reply.base_reply_id.as_deref()) {
            Some(id) => validate::non_empty(&format!("{field}.reply_id"), id),
            None => Err(Invalid::new(format!("{field}.reply_id"), Rule::NonEmpty)),
        },
        Attachment::Mentions(mentions) if mentions.user_ids.len() != mentions.loci.len() => Err(
            Invalid::new(format!("{field}.loci"), Rule::Requires("one locus per user id")),
        ),
        Attachment::Mentions(_) | Attachment::Other(_) => Ok(()),
    }
}

/// One of a group's messages. Made by [`GroupHandle::message`].
#[derive(Debug, Clone)]
pub struct GroupMessageHandle<'a> {
    pub(crate) client: &'a Client,
    pub(crate) group_id: GroupId,
    pub(crate) id: MessageId,
}

impl<'a> GroupMessageHandle<'a> {
    /// The message (v4 host).
    pub async fn get(&self) -> Result<Message> {
        let group_id = self.group_id.checked()?;
        let message_id = self.id.checked()?;
        let v4 = self.client.v4();
        let answer = self
            .client
            .call(Op::read("get_group_message"), || {
                v4.get_group_message()
                    .group_id(group_id)
                    .message_id(message_id)
                    .send()
            })
            .await?;
        Ok(answer.message)
    }

    /// Starts an edit of the caller's own message (v4 host): its new text
    /// and attachments replace the old ones. GroupMe allows edits only for
    /// a while after sending.
    pub fn edit(&self, text: impl Into<MessageText>) -> EditMessage<'a> {
        EditMessage {
            handle: self.clone(),
            text: text.into(),
            attachments: Vec::new(),
        }
    }

    /// Deletes the message.
    pub async fn delete(&self) -> Result<()> {
        MessagesHandle {
            client: self.client,
            conversation: Conversation::Group(self.group_id.clone()),
        }
        .delete(self.id.clone())
        .await
    }
}

/// Edits a group message. Made by [`GroupMessageHandle::edit`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct EditMessage<'a> {
    handle: GroupMessageHandle<'a>,
    text: MessageText,
    attachments: Vec<Attachment>,
}

impl EditMessage<'_> {
    /// Adds an attachment to the edited message.
    pub fn attachment(mut self, attachment: impl Into<Attachment>) -> Self {
        self.attachments.push(attachment.into());
        self
    }

    /// Checks every rule, then edits; returns the edited message. An edit
    /// sent twice leaves the same result, so it is retried like a read.
    pub async fn send(self) -> Result<Message> {
        let group_id = self.handle.group_id.checked()?;
        let message_id = self.handle.id.checked()?;
        let (text, attachments) = checked_content(&self.text, &self.attachments)?;
        let body = v4::types::EditMessageRequest {
            text: text.map(|text| spec_value("text", text)).transpose()?,
            attachments,
        };
        let client = self.handle.client;
        let v4 = client.v4();
        let answer = client
            .call(Op::repeatable_write("edit_group_message"), || {
                v4.edit_group_message()
                    .group_id(group_id)
                    .message_id(message_id)
                    .body(body.clone())
                    .send()
            })
            .await?;
        Ok(answer.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loci_count_utf16_units_of_the_built_text() {
        let text = MessageText::new()
            .mention("1", "@Ana")
            .push(" – 日本 🎉 ")
            .mention("2", "@Zoë")
            .emoji(1, 62)
            .push("!");
        assert_eq!(text.as_str(), "@Ana – 日本 🎉 @Zoë\u{FFFD}!");
        // "@Ana" 4, " – 日本 " 6, "🎉" 2, " " 1: the second mention starts at 13.
        assert_eq!(text.loci(), [[0, 4], [13, 4]]);
        let attachments = text.attachments();
        assert_eq!(
            attachments,
            [
                Attachment::Mentions(Mentions {
                    user_ids: vec!["1".into(), "2".into()],
                    loci: vec![[0, 4], [13, 4]],
                }),
                Attachment::Emoji(Emoji {
                    placeholder: "\u{FFFD}".into(),
                    charmap: vec![[1, 62]],
                }),
            ]
        );
    }

    #[test]
    fn text_is_counted_in_characters_and_needs_content() {
        let ok = MessageText::from("👋".repeat(MESSAGE_TEXT_MAX_CHARS));
        assert!(
            checked_content(&ok, &[]).is_ok(),
            "1,000 emoji are 1,000 characters"
        );
        let long = MessageText::from("a".repeat(MESSAGE_TEXT_MAX_CHARS + 1));
        let err = checked_content(&long, &[]).unwrap_err();
        assert_eq!(err.field(), "text");
        assert!(matches!(err.rule(), Rule::CharLength { actual: 1001, .. }));
        let empty = checked_content(&MessageText::from("  "), &[]).unwrap_err();
        assert_eq!(empty.field(), "text");
        let image_only = checked_content(&MessageText::new(), &[Image { url: "u".into() }.into()]).unwrap();
        assert_eq!(image_only.0, None);
        let bad_emoji = checked_content(&MessageText::new().emoji(0, 1), &[]).unwrap_err();
        assert_eq!(bad_emoji.field(), "emoji.charmap[0].pack_id");
        let bad_mention = checked_content(&MessageText::new().mention("", "@x"), &[]).unwrap_err();
        assert_eq!(bad_mention.field(), "mentions.user_ids[0]");
    }

    #[test]
    fn direct_conversation_ids_put_the_smaller_id_first() {
        assert_eq!(
            direct_conversation_id("98760431", "102938475"),
            "98760431+102938475"
        );
        assert_eq!(
            direct_conversation_id("102938475", "98760431"),
            "98760431+102938475"
        );
    }
}
