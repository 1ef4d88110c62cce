//! The one pager behind every paged listing: it fetches a page, hands out
//! its items one by one as a [`Stream`], and asks for the next page only
//! when the last item has been taken.
//!
//! A listing plugs in three things:
//!
//! - a **cursor** ([`Cursor`]) that says where the first page starts and,
//!   from a page just received, where the next one starts. Page-numbered
//!   listings (`GET /groups`) use [`PageNumber`]; listings that page by
//!   message id (`before_id`, `since_id`) add a cursor type that reads the
//!   last item's id, and reuse everything else here unchanged
//!   ([`MessageCursor`]);
//! - a **fetch** closure that sends the request for one cursor, through
//!   `Client::call` so that retries, errors and envelopes are handled as for
//!   any other call;
//! - a **key** closure that names an item (its id), used to notice a page
//!   that repeats the previous one.
//!
//! It stops at the first **empty** page. It does not stop at a page shorter
//! than `per_page`: GroupMe's documents promise only that paging ends with
//! an empty page, not that every page before it is full, and a server that
//! caps `per_page` below what was asked would make a short page look like
//! the last one and silently lose the rest. The price is one extra request
//! at the end.
//!
//! A page whose items (by key) are exactly those of the previous page means
//! the server ignores the cursor; walking on would never end, so the pager
//! yields one [`ErrorKind::Decode`](crate::ErrorKind::Decode) error naming
//! the operation and the page, and ends. Any other error also ends the
//! stream after it is yielded (retries have already happened inside the
//! call).
//!
//! A cursor that would not move past the one just used (an id cursor
//! whose page ends on an id that is not beyond it) would ask for the same
//! page again, or walk back and forth: the pager hands out the page it has,
//! then yields one [`ErrorKind::RepeatedPage`](crate::ErrorKind) error and
//! ends, without sending that request.
//!
//! A listing that answers "nothing more" with a status rather than an empty
//! page (GroupMe's `304 Not Modified` for message cursors) has its fetch
//! turn that status into an empty page, so it ends the stream cleanly.
//! Retries of a failed page happen inside the call with the same cursor, so
//! a page that fails and then succeeds is neither skipped nor repeated.
//!
//! Memory: the items of the current page, and the keys of the previous one.

use std::cmp::Ordering;
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::num::NonZeroU32;

use futures::Stream;
use groupme_api::v3::types::Message;

use crate::error::{Error, Result};

/// Where a page starts, and how to get from one page to the next.
pub(crate) trait Cursor<T>: Clone + fmt::Display {
    /// The cursor of the page after `page` (never empty), or `None` when
    /// there can be no further page.
    fn after(&self, page: &[T]) -> Option<Self>;

    /// Whether `next` (from [`after`](Self::after)) lies strictly beyond
    /// this cursor, so that walking on makes progress.
    fn moves_to(&self, next: &Self) -> bool;
}

/// A page number, counting from 1: page `n + 1` follows page `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageNumber(pub(crate) NonZeroU32);

impl PageNumber {
    /// Page 1.
    pub(crate) const FIRST: Self = Self(NonZeroU32::MIN);
}

impl fmt::Display for PageNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "page {}", self.0)
    }
}

impl<T> Cursor<T> for PageNumber {
    fn after(&self, _page: &[T]) -> Option<Self> {
        self.0.checked_add(1).map(Self)
    }

    fn moves_to(&self, next: &Self) -> bool {
        next.0 > self.0
    }
}

/// Where a page of messages starts: GroupMe's id cursors. Each page is
/// asked for with one cursor, and the next cursor is read from the page's
/// last message, which is the oldest for [`Before`](Self::Before) (and the
/// first pages of the others walking back) and the newest for
/// [`After`](Self::After).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MessageCursor {
    /// The newest messages, newest first; then older ones.
    Newest,
    /// `before_id`: the messages just older than the id, newest first.
    Before(String),
    /// `after_id`: the messages just newer than the id, oldest first.
    After(String),
    /// `since_id`: the newest messages newer than the id, newest first;
    /// then older ones with `before_id`.
    Since(String),
}

impl fmt::Display for MessageCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Newest => f.write_str("the newest page"),
            Self::Before(id) => write!(f, "the page before_id {id}"),
            Self::After(id) => write!(f, "the page after_id {id}"),
            Self::Since(id) => write!(f, "the page since_id {id}"),
        }
    }
}

impl Cursor<Message> for MessageCursor {
    fn after(&self, page: &[Message]) -> Option<Self> {
        let last = page.last()?.id.clone();
        Some(match self {
            Self::After(_) => Self::After(last),
            Self::Newest | Self::Before(_) | Self::Since(_) => Self::Before(last),
        })
    }

    fn moves_to(&self, next: &Self) -> bool {
        match (self, next) {
            (Self::Before(now), Self::Before(next)) => compare_ids(next, now) == Ordering::Less,
            (Self::After(now), Self::After(next)) => compare_ids(next, now) == Ordering::Greater,
            (Self::Since(floor), Self::Before(next)) => compare_ids(next, floor) == Ordering::Greater,
            (Self::Newest, Self::Before(_)) => true,
            _ => false,
        }
    }
}

/// Orders two message ids. GroupMe's ids are decimal numbers that grow
/// with time, longer than any integer type promises to hold, so they are
/// compared as numbers written out: a shorter one (leading zeros aside) is
/// smaller. Ids that are not numbers fall back to text order.
pub(crate) fn compare_ids(a: &str, b: &str) -> Ordering {
    let numeric = |id: &str| id.bytes().all(|byte| byte.is_ascii_digit()) && !id.is_empty();
    if numeric(a) && numeric(b) {
        let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    } else {
        a.cmp(b)
    }
}

/// What the pager carries from one item to the next.
struct Walk<C, F, K, T, Id> {
    operation: &'static str,
    next: Option<C>,
    fetch: F,
    key: K,
    page: VecDeque<T>,
    previous_keys: Vec<Id>,
    /// The error to yield once the current page is handed out, when the
    /// next cursor would not have moved.
    stalled: Option<Error>,
}

/// The items of every page from `first` on, as a stream.
///
/// `fetch` sends the request for one cursor; `key` names an item, to spot a
/// page that repeats the previous one. See the module documentation for
/// when the stream ends.
pub(crate) fn paginate<T, C, F, Fut, K, Id>(
    operation: &'static str,
    first: C,
    fetch: F,
    key: K,
) -> impl Stream<Item = Result<T>>
where
    C: Cursor<T>,
    F: FnMut(C) -> Fut,
    Fut: Future<Output = Result<Vec<T>>>,
    K: Fn(&T) -> Id,
    Id: PartialEq,
{
    let walk = Walk {
        operation,
        next: Some(first),
        fetch,
        key,
        page: VecDeque::new(),
        previous_keys: Vec::new(),
        stalled: None,
    };
    futures::stream::unfold(walk, |mut walk| async move {
        loop {
            if let Some(item) = walk.page.pop_front() {
                return Some((Ok(item), walk));
            }
            if let Some(err) = walk.stalled.take() {
                return Some((Err(err), walk));
            }
            let cursor = walk.next.take()?;
            let page = match (walk.fetch)(cursor.clone()).await {
                Ok(page) => page,
                Err(err) => return Some((Err(err), walk)),
            };
            if page.is_empty() {
                return None;
            }
            let keys: Vec<Id> = page.iter().map(&walk.key).collect();
            if keys == walk.previous_keys {
                let err = Error::repeated_page(walk.operation, cursor.to_string());
                return Some((Err(err), walk));
            }
            walk.next = cursor.after(&page);
            if let Some(next) = walk.next.take_if(|next| !cursor.moves_to(next)) {
                walk.stalled = Some(Error::repeated_page(walk.operation, next.to_string()));
            }
            walk.previous_keys = keys;
            walk.page = page.into();
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use futures::{StreamExt, TryStreamExt};

    use super::*;
    use crate::ErrorKind;

    /// A pager over `pages` (page 1 first) that records which pages it
    /// fetched.
    fn over(pages: Vec<Vec<u32>>) -> (impl Stream<Item = Result<u32>>, Arc<Mutex<Vec<u32>>>) {
        let fetched = Arc::new(Mutex::new(Vec::new()));
        let log = fetched.clone();
        let stream = paginate(
            "list_things",
            PageNumber::FIRST,
            move |PageNumber(page)| {
                log.lock().unwrap().push(page.get());
                let items = pages.get(page.get() as usize - 1).cloned().unwrap_or_default();
                async move { Ok(items) }
            },
            |item: &u32| *item,
        );
        (stream, fetched)
    }

    #[tokio::test]
    async fn walks_pages_until_an_empty_one() {
        let (stream, fetched) = over(vec![vec![1, 2], vec![3, 4], vec![5]]);

        let items: Vec<u32> = stream.try_collect().await.unwrap();

        assert_eq!(items, [1, 2, 3, 4, 5]);
        assert_eq!(*fetched.lock().unwrap(), [1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn fetches_the_next_page_only_when_needed() {
        let (stream, fetched) = over(vec![vec![1, 2], vec![3]]);

        let first: Vec<u32> = stream.take(2).try_collect().await.unwrap();

        assert_eq!(first, [1, 2]);
        assert_eq!(*fetched.lock().unwrap(), [1]);
    }

    #[tokio::test]
    async fn a_repeated_page_is_an_error_not_a_loop() {
        let (stream, fetched) = over(vec![vec![1, 2], vec![1, 2], vec![1, 2]]);

        let outcome: Vec<Result<u32>> = stream.collect().await;

        assert_eq!(outcome.len(), 3, "two items, then one error, then the end");
        let err = outcome[2].as_ref().unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::RepeatedPage {
                page: "page 2".to_owned()
            }
        );
        assert_eq!(err.operation(), Some("list_things"));
        assert!(
            err.to_string().contains("page 2 repeats the previous page"),
            "{err}"
        );
        assert_eq!(*fetched.lock().unwrap(), [1, 2]);
    }

    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let calls = Arc::new(Mutex::new(0));
        let count = calls.clone();
        let stream = paginate(
            "list_things",
            PageNumber::FIRST,
            move |_| {
                *count.lock().unwrap() += 1;
                async { Err::<Vec<u32>, _>(Error::config("boom")) }
            },
            |item: &u32| *item,
        );

        let outcome: Vec<Result<u32>> = stream.collect().await;

        assert_eq!(outcome.len(), 1);
        assert!(outcome[0].is_err());
        assert_eq!(*calls.lock().unwrap(), 1);
    }

    fn message(id: &str) -> Message {
        serde_json::from_value(serde_json::json!({ "id": id, "created_at": 0 })).unwrap()
    }

    /// A message pager whose server answers each cursor from `answer`,
    /// recording the cursors asked for.
    fn messages_over(
        first: MessageCursor,
        answer: impl Fn(&MessageCursor) -> Vec<&'static str> + Send + 'static,
    ) -> (impl Stream<Item = Result<Message>>, Arc<Mutex<Vec<String>>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let stream = paginate(
            "list_group_messages",
            first,
            move |cursor: MessageCursor| {
                log.lock().unwrap().push(cursor.to_string());
                let page: Vec<Message> = answer(&cursor).into_iter().map(message).collect();
                async move { Ok(page) }
            },
            |message: &Message| message.id.clone(),
        );
        (stream, asked)
    }

    #[tokio::test]
    async fn before_id_pages_walk_down_from_the_last_id_of_each_page() {
        let (stream, asked) = messages_over(MessageCursor::Newest, |cursor| match cursor {
            MessageCursor::Newest => vec!["9", "8"],
            MessageCursor::Before(id) if id == "8" => vec!["7", "6"],
            _ => vec![],
        });
        let ids: Vec<String> = stream.map_ok(|m| m.id).try_collect().await.unwrap();
        assert_eq!(ids, ["9", "8", "7", "6"]);
        assert_eq!(
            *asked.lock().unwrap(),
            ["the newest page", "the page before_id 8", "the page before_id 6"]
        );
    }

    #[tokio::test]
    async fn a_cursor_that_would_not_move_hands_out_its_page_then_an_error() {
        // The server ignores before_id and answers the same ids, in a
        // different order, so the last id stays "5".
        let (stream, asked) = messages_over(MessageCursor::Before("5".into()), |_| vec!["6", "5"]);
        let outcome: Vec<Result<Message>> = stream.collect().await;
        assert_eq!(outcome.len(), 3);
        assert_eq!(outcome[0].as_ref().unwrap().id, "6");
        let err = outcome[2].as_ref().unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::RepeatedPage { .. }), "{err}");
        assert_eq!(asked.lock().unwrap().len(), 1, "the stalled cursor is never sent");
    }

    #[tokio::test]
    async fn after_id_pages_walk_up() {
        let (stream, _) = messages_over(MessageCursor::After("10".into()), |cursor| match cursor {
            MessageCursor::After(id) if id == "10" => vec!["11", "12"],
            MessageCursor::After(id) if id == "12" => vec!["13"],
            _ => vec![],
        });
        let ids: Vec<String> = stream.map_ok(|m| m.id).try_collect().await.unwrap();
        assert_eq!(ids, ["11", "12", "13"]);
    }

    #[test]
    fn ids_compare_as_numbers_of_any_length() {
        assert_eq!(compare_ids("99", "100"), Ordering::Less);
        assert_eq!(
            compare_ids("176500000012345678", "176500000090222591"),
            Ordering::Less
        );
        assert_eq!(compare_ids("007", "7"), Ordering::Equal);
        assert_eq!(compare_ids("b", "a"), Ordering::Greater);
    }
}
