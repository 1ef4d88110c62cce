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
/// Idempotent calls (the GETs and the results poll) are retried on `429`,
/// `420`, `408`, `502`, `503`, `504` and network failures, up to
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

/// How the member-add waiter polls for results: backoff between `min_delay`
/// and `max_delay`, and an overall `deadline`.
///
/// ```
/// use std::time::Duration;
/// use groupme_sdk::PollingPolicy;
///
/// let polling = PollingPolicy::default()
///     .delays(Duration::from_millis(100), Duration::from_secs(1))
///     .deadline(Duration::from_secs(30));
/// assert_eq!(polling.deadline_after(), Duration::from_secs(30));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollingPolicy {
    min_delay: Duration,
    max_delay: Duration,
    deadline: Duration,
}

impl Default for PollingPolicy {
    /// Delays from 500 ms to 5 s, giving up after 2 minutes.
    fn default() -> Self {
        Self {
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
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

    /// How long to wait in all before giving up with a timeout.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The overall deadline.
    pub fn deadline_after(&self) -> Duration {
        self.deadline
    }

    /// The delay after the `attempt`-th poll (from 1).
    pub(crate) fn delay_after(&self, attempt: u32) -> Duration {
        backoff(attempt, self.min_delay, self.max_delay)
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
}
