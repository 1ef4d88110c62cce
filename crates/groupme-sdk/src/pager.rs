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
//!   last item's id, and reuse everything else here unchanged;
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
//! Memory: the items of the current page, and the keys of the previous one.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::num::NonZeroU32;

use futures::Stream;

use crate::error::{Error, Result};

/// Where a page starts, and how to get from one page to the next.
pub(crate) trait Cursor<T>: Clone + fmt::Display {
    /// The cursor of the page after `page` (never empty), or `None` when
    /// there can be no further page.
    fn after(&self, page: &[T]) -> Option<Self>;
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
}

/// What the pager carries from one item to the next.
struct Walk<C, F, K, T, Id> {
    operation: &'static str,
    next: Option<C>,
    fetch: F,
    key: K,
    page: VecDeque<T>,
    previous_keys: Vec<Id>,
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
    };
    futures::stream::unfold(walk, |mut walk| async move {
        loop {
            if let Some(item) = walk.page.pop_front() {
                return Some((Ok(item), walk));
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
}
