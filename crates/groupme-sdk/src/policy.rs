//! How the client retries failed requests and how it waits for member-add
//! results: both are capped exponential backoff with jitter, set once on the
//! client.

use std::time::Duration;

use crate::error::Error;

/// Exponential backoff with jitter: the `attempt`-th delay (from 1) is
/// `min · 2^(attempt-1)`, capped at `max`, of which a random part of up to
/// half is taken off so that many clients do not retry in step.
fn backoff(attempt: u32, min: Duration, max: Duration) -> Duration {
    let doubled = min.saturating_mul(1_u32 << attempt.saturating_sub(1).min(20));
    let capped = doubled.min(max).max(min);
    let jitter = capped.mul_f64(fastrand::f64() * 0.5);
    capped - jitter
}

/// When and how often failed requests are sent again.
///
/// Idempotent calls (the GETs) are retried on `429`, `420`, `408`, `500`,
/// `502`, `503`, `504` and network failures, up to
/// `max_attempts` in all, after a backoff or the server's `Retry-After`.
/// Other calls are sent once unless [`retry_non_idempotent`] is set.
///
/// [`retry_non_idempotent`]: RetryPolicy::retry_non_idempotent
///
/// ```
/// use std::time::Duration;
/// use groupme_sdk::RetryPolicy;
///
/// let policy = RetryPolicy::standard()
///     .max_attempts(5)
///     .backoff(Duration::from_millis(100), Duration::from_secs(2));
/// assert_eq!(policy.attempts(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    min_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryPolicy {
    /// Three attempts, backoff from 250 ms to 10 s, `Retry-After` honoured
    /// up to 60 s, idempotent calls only.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            min_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }

    /// Every request is sent once.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sends each request at most `attempts` times in all (at least once).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The smallest and largest backoff between attempts.
    pub fn backoff(mut self, min: Duration, max: Duration) -> Self {
        self.min_backoff = min;
        self.max_backoff = max.max(min);
        self
    }

    /// The longest `Retry-After` honoured; a longer one ends the retries.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// Also retries calls that are not idempotent (member adds, updates).
    /// A retried add may add the same people twice.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The most attempts a request gets.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest `Retry-After` honoured.
    pub fn longest_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to give up.
    pub(crate) fn delay_after(&self, attempt: u32, err: &Error, idempotent: bool) -> Option<Duration> {
        if attempt >= self.max_attempts || !(idempotent || self.retry_non_idempotent) || !err.is_retryable() {
            return None;
        }
        match err.retry_after() {
            Some(asked) if asked > self.max_retry_after => None,
            Some(asked) => Some(asked),
            None => Some(backoff(attempt, self.min_backoff, self.max_backoff)),
        }
    }
}

/// How the waiter polls for the outcome of an asynchronous job (a member
/// add's results): each wait between two polls is a `share` of the time
/// already waited, kept between `min_delay` and `max_delay`, until an
/// overall `deadline`.
///
/// Waiting in proportion to the time already spent answers soon after the
/// job is done (within `share` of the time waited, or `min_delay`,
/// whichever is longer, plus one round trip) with a number of requests that
/// grows only with the logarithm of the wait. The defaults (18 %, 50 ms to
/// 5 s, 2 minutes) keep the answer within a fifth of the wait, round trip
/// included, and send about 7 requests for a job that takes 300 ms and
/// about 23 for one that takes 5 s.
///
/// ```
/// use std::time::Duration;
/// use groupme_sdk::PollingPolicy;
///
/// let polling = PollingPolicy::default()
///     .delays(Duration::from_millis(100), Duration::from_secs(1))
///     .share(0.25)
///     .deadline(Duration::from_secs(30));
/// assert_eq!(polling.deadline_after(), Duration::from_secs(30));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PollingPolicy {
    min_delay: Duration,
    max_delay: Duration,
    share: f64,
    deadline: Duration,
}

impl Default for PollingPolicy {
    /// 18 % of the time waited (a fifth, less room for the poll's own round
    /// trip), from 50 ms to 5 s, giving up after 2 minutes.
    fn default() -> Self {
        Self {
            min_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(5),
            share: 0.18,
            deadline: Duration::from_secs(120),
        }
    }
}

impl PollingPolicy {
    /// The smallest and largest delay between two polls.
    pub fn delays(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max.max(min);
        self
    }

    /// Each delay as a share of the time already waited (default 0.18),
    /// kept between 0.01 and 10.
    pub fn share(mut self, share: f64) -> Self {
        self.share = if share.is_finite() {
            share.clamp(0.01, 10.0)
        } else {
            0.2
        };
        self
    }

    /// How long to wait in all before giving up with a timeout.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The overall deadline.
    pub fn deadline_after(&self) -> Duration {
        self.deadline
    }

    /// The delay before the next poll, `waited` after waiting began: the
    /// share of `waited` within the bounds, less up to a tenth of jitter so
    /// that many waiters do not poll in step.
    pub(crate) fn delay_after(&self, waited: Duration) -> Duration {
        let delay = waited.mul_f64(self.share).clamp(self.min_delay, self.max_delay);
        delay.mul_f64(1.0 - fastrand::f64() * 0.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_within_bounds() {
        let (min, max) = (Duration::from_millis(100), Duration::from_secs(1));
        for attempt in 1..40 {
            let ceiling = min.saturating_mul(1 << (attempt - 1).min(20)).min(max);
            let delay = backoff(attempt, min, max);
            assert!(
                delay <= ceiling && delay >= ceiling / 2,
                "attempt {attempt}: {delay:?}"
            );
        }
    }

    #[test]
    fn polls_answer_within_a_share_of_the_wait_with_few_requests() {
        let policy = PollingPolicy::default();
        for ready_at in [
            Duration::from_millis(300),
            Duration::from_millis(1500),
            Duration::from_secs(5),
        ] {
            let mut waited = Duration::ZERO;
            let mut requests = 0;
            while waited < ready_at {
                waited += policy.delay_after(waited);
                requests += 1;
            }
            let late = waited - ready_at;
            let allowed = Duration::from_millis(50).max(ready_at.mul_f64(0.2));
            assert!(late <= allowed, "{ready_at:?}: {late:?} late");
            assert!(requests <= 25, "{ready_at:?}: {requests} requests");
        }
    }
}
