//! A conversation's gallery: its messages with images, videos or files,
//! newest first, as a [`Stream`] on the crate's one pager.
//!
//! GroupMe pages the gallery by time, not by id: each message carries
//! `gallery_ts` (ISO 8601), and the next page is asked for with the last
//! message's `gallery_ts` as `before`. The pager stops at an empty page,
//! and with an error instead of looping when a page would not move the
//! cursor back in time.

use std::cmp::Ordering;
use std::fmt;
use std::num::NonZeroU32;

use chrono::{DateTime, SecondsFormat, Utc};
use futures::{Stream, StreamExt, TryStreamExt};

use crate::client::{Client, Op};
use crate::dms::DmHandle;
use crate::error::Result;
use crate::groups::GroupHandle;
use crate::messages::Conversation;
use crate::pager::{Cursor, paginate};
use crate::reactions::conversation_id;
use crate::types::Message;
use crate::validate::{Invalid, Rule};

/// Messages per gallery page when not told otherwise: GroupMe's default.
pub const DEFAULT_GALLERY_PER_PAGE: u32 = 100;

impl<'a> GroupHandle<'a> {
    /// The group's gallery, newest first.
    pub fn gallery(&self) -> Gallery<'a> {
        Gallery::new(self.client, Conversation::Group(self.id.clone()))
    }
}

impl<'a> DmHandle<'a> {
    /// The conversation's gallery, newest first.
    pub fn gallery(&self) -> Gallery<'a> {
        let messages = self.messages();
        Gallery::new(messages.client, messages.conversation)
    }
}

/// A conversation's gallery, to narrow by time and read as a stream. Made
/// by [`GroupHandle::gallery`] and [`DmHandle::gallery`].
#[derive(Debug, Clone)]
#[must_use = "nothing is fetched until the stream is read"]
pub struct Gallery<'a> {
    client: &'a Client,
    conversation: Conversation,
    per_page: u32,
    before: Option<DateTime<Utc>>,
    after: Option<DateTime<Utc>>,
}

impl<'a> Gallery<'a> {
    fn new(client: &'a Client, conversation: Conversation) -> Self {
        Self {
            client,
            conversation,
            per_page: DEFAULT_GALLERY_PER_PAGE,
            before: None,
            after: None,
        }
    }

    /// How many messages each request asks for (at least 1; the default
    /// is [`DEFAULT_GALLERY_PER_PAGE`]).
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = per_page;
        self
    }

    /// Only messages older than `time`.
    pub fn before(mut self, time: DateTime<Utc>) -> Self {
        self.before = Some(time);
        self
    }

    /// Only messages newer than `time`.
    pub fn after(mut self, time: DateTime<Utc>) -> Self {
        self.after = Some(time);
        self
    }

    /// Every message of the gallery (within the bounds), newest first,
    /// fetched a page at a time as the stream is read.
    pub fn stream(self) -> impl Stream<Item = Result<Message>> + Send + 'a {
        let Some(per_page) = NonZeroU32::new(self.per_page) else {
            let invalid = Invalid::new(
                "limit",
                Rule::Range {
                    min: 1,
                    max: u32::MAX.into(),
                    actual: 0,
                },
            );
            return futures::stream::once(async move { Err(invalid.into()) }).boxed();
        };
        let client = self.client;
        let after = self.after.map(iso8601);
        let first = match self.before {
            Some(time) => GalleryCursor::Before(time),
            None => GalleryCursor::Newest,
        };
        let conversation = self.conversation;
        futures::stream::once(async move { conversation_id(client, &conversation).await })
            .map_ok(move |conversation_id| {
                let after = after.clone();
                let fetch = move |cursor: GalleryCursor| {
                    let conversation_id = conversation_id.clone();
                    let after = after.clone();
                    async move {
                        let v3 = client.v3();
                        let answer = client
                            .call(Op::read("list_gallery"), || {
                                let request = v3
                                    .list_gallery()
                                    .conversation_id(conversation_id.as_str())
                                    .limit(per_page)
                                    .accept_files(1);
                                let request = match &after {
                                    Some(after) => request.after(after.as_str()),
                                    None => request,
                                };
                                match &cursor {
                                    GalleryCursor::Newest => request.send(),
                                    GalleryCursor::Before(time) => request.before(iso8601(*time)).send(),
                                }
                            })
                            .await?;
                        Ok(answer.messages.unwrap_or_default())
                    }
                };
                paginate("list_gallery", first, fetch, |message: &Message| {
                    message.id.clone()
                })
            })
            .try_flatten()
            .boxed()
    }
}

/// A time as the gallery's parameters take it: ISO 8601 in UTC.
fn iso8601(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Where a gallery page starts: the newest messages, or those older than a
/// time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GalleryCursor {
    /// The newest messages.
    Newest,
    /// The messages older than this time.
    Before(DateTime<Utc>),
}

impl fmt::Display for GalleryCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Newest => f.write_str("the newest page"),
            Self::Before(time) => write!(f, "the page before {}", iso8601(*time)),
        }
    }
}

/// Where `message` sits in the gallery: its `gallery_ts`, or, when that is
/// missing or unreadable, the time it was sent.
pub(crate) fn gallery_time(message: &Message) -> Option<DateTime<Utc>> {
    message
        .gallery_ts
        .as_deref()
        .and_then(|ts| DateTime::parse_from_rfc3339(ts).ok())
        .map(|time| time.with_timezone(&Utc))
        .or_else(|| DateTime::from_timestamp(message.created_at, 0))
}

impl Cursor<Message> for GalleryCursor {
    fn after(&self, page: &[Message]) -> Option<Self> {
        page.last().and_then(gallery_time).map(Self::Before)
    }

    fn moves_to(&self, next: &Self) -> bool {
        match (self, next) {
            (Self::Newest, Self::Before(_)) => true,
            (Self::Before(now), Self::Before(next)) => next.cmp(now) == Ordering::Less,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str, created_at: i64, gallery_ts: Option<&str>) -> Message {
        serde_json::from_value(serde_json::json!({
            "id": id, "created_at": created_at, "gallery_ts": gallery_ts,
        }))
        .unwrap()
    }

    #[test]
    fn the_next_page_starts_before_the_last_gallery_time() {
        let page = [
            message("2", 1_700_000_100, Some("2023-11-14T22:15:00.5Z")),
            message("1", 1_700_000_000, Some("2023-11-14T22:13:20.25Z")),
        ];
        let next = GalleryCursor::Newest.after(&page).unwrap();
        assert_eq!(next.to_string(), "the page before 2023-11-14T22:13:20.250Z");
        assert!(GalleryCursor::Newest.moves_to(&next));
        assert!(!next.moves_to(&next), "a cursor that stays put does not move");
        let without_ts = [message("1", 1_700_000_000, None)];
        assert_eq!(
            GalleryCursor::Newest.after(&without_ts),
            DateTime::from_timestamp(1_700_000_000, 0).map(GalleryCursor::Before)
        );
    }
}
