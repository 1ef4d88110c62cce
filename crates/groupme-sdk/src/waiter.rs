//! The one waiter behind every asynchronous job GroupMe runs (member adds
//! today; file and video uploads use the same): poll, wait in proportion to
//! the time already waited, poll through rate limits and outages, and give
//! up at the policy's deadline with a count of the requests sent and the
//! last failure met.
//!
//! A job only has to say how to look at it once, as a [`JobStatus`]; adding
//! a new kind of job is one call to [`wait_until_ready`].

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::error::{Error, Result};

/// One look at an asynchronous job.
#[derive(Debug, Clone, PartialEq)]
pub enum JobStatus<T> {
    /// Done, with its outcome.
    Ready(T),
    /// Not done yet; look again shortly.
    NotReady,
}

/// Looks at a job with `look` until it is ready, fails for good, or the
/// client's [`PollingPolicy`](crate::PollingPolicy) deadline passes.
///
/// Errors for which [`Error::is_retryable`] holds (rate limits, `5xx`,
/// network failures) are looked through until the deadline, honouring a
/// `Retry-After` up to the retry policy's longest; any other error ends the
/// wait at once. The timeout error names `operation`, the requests sent and
/// the last failure. Dropping the future stops polling; nothing keeps
/// running.
pub(crate) async fn wait_until_ready<T, F, Fut>(
    client: &Client,
    operation: &'static str,
    mut look: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<JobStatus<T>>>,
{
    let policy = client.polling_policy().clone();
    let started = Instant::now();
    let requests = AtomicU32::new(0);
    let last_failure = Mutex::new(None::<Error>);
    let poll = async {
        let mut wait = policy.delay_after(Duration::ZERO);
        loop {
            tokio::time::sleep(wait).await;
            requests.fetch_add(1, Ordering::Relaxed);
            let failure = match look().await {
                Ok(JobStatus::Ready(outcome)) => return Ok(outcome),
                Ok(JobStatus::NotReady) => None,
                Err(err) if err.is_retryable() => Some(err),
                Err(err) => return Err(err),
            };
            wait = policy.delay_after(started.elapsed());
            if let Some(asked) = failure.as_ref().and_then(Error::retry_after) {
                if asked > client.retry_policy().longest_retry_after() {
                    return Err(failure.expect("the delay came from a failure"));
                }
                wait = wait.max(asked);
            }
            *last_failure.lock().unwrap_or_else(PoisonError::into_inner) = failure;
        }
    };
    match tokio::time::timeout(policy.deadline_after(), poll).await {
        Ok(outcome) => outcome,
        Err(_) => Err(Error::poll_timeout(
            operation,
            started.elapsed(),
            requests.load(Ordering::Relaxed),
            last_failure.into_inner().unwrap_or_else(PoisonError::into_inner),
        )),
    }
}
