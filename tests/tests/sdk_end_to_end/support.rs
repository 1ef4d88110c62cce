//! Starting a fake with the demo seed and pointing wrapper clients at it.

use std::time::Duration;

use groupme_fake::{FakeGroupMe, FakeState, ManualClock, demo};
use groupme_sdk::types::Member;
use groupme_sdk::{Client, Error, PollingPolicy, RetryPolicy};

/// How long member-add results answer "not ready" on the manual clock.
pub const RESULTS_DELAY: Duration = Duration::from_secs(2);

/// How long member-add results last on the fake, as on GroupMe.
pub const RESULTS_EXPIRY: Duration = Duration::from_secs(3600);

/// Milliseconds, for short delays.
pub fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

/// Polling every few milliseconds, with a deadline generous enough for a
/// slow machine.
pub fn fast_polling() -> PollingPolicy {
    PollingPolicy::default()
        .delays(ms(5), ms(20))
        .deadline(Duration::from_secs(10))
}

/// A running fake with the demo seed and the clock it reads.
pub struct Env {
    /// The fake server.
    pub fake: FakeGroupMe,
    /// The fake's clock; only moves when a test advances it.
    pub clock: ManualClock,
}

impl Env {
    /// A fake on a manual clock whose add results are ready
    /// [`RESULTS_DELAY`] after the add and gone [`RESULTS_EXPIRY`] after it.
    pub async fn start() -> Self {
        let clock = ManualClock::default();
        let fake = FakeGroupMe::builder()
            .clock(clock.clone())
            .results_delay(RESULTS_DELAY)
            .results_expiry(RESULTS_EXPIRY)
            .start()
            .await
            .expect("the fake starts on a loopback port");
        Self { fake, clock }
    }

    /// A client for the demo user (owner of the demo group).
    pub fn client(&self) -> Client {
        client_for(&self.fake, demo::TOKEN)
    }

    /// A client for the user whose token this is.
    pub fn client_as(&self, token: &str) -> Client {
        client_for(&self.fake, token)
    }

    /// The fake's state, to arrange and inspect.
    pub fn state(&self) -> &FakeState {
        self.fake.state()
    }

    /// The membership with this id in the group, as the fake holds it.
    pub fn membership(&self, group_id: &str, membership_id: &str) -> Member {
        membership_in(self.state(), group_id, membership_id)
    }
}

/// A fake on the system clock whose add results are ready after `delay`.
pub async fn real_time_fake(delay: Duration) -> FakeGroupMe {
    FakeGroupMe::builder()
        .results_delay(delay)
        .start()
        .await
        .expect("the fake starts on a loopback port")
}

/// A client for `token` aimed at `fake`, with fast retries and polling.
pub fn client_for(fake: &FakeGroupMe, token: &str) -> Client {
    Client::builder(token)
        .base_urls(fake.v3_url(), fake.v2_url())
        .image_base_url(fake.image_url())
        .file_base_url(fake.file_url())
        .video_base_url(fake.video_url())
        .retry(RetryPolicy::standard().backoff(ms(1), ms(5)))
        .polling(fast_polling())
        .build()
        .expect("a loopback client builds")
}

/// The membership with this id in the group, as the fake holds it.
pub fn membership_in(state: &FakeState, group_id: &str, membership_id: &str) -> Member {
    state
        .memberships(group_id)
        .expect("the group exists")
        .into_iter()
        .find(|member| member.id == membership_id)
        .unwrap_or_else(|| panic!("group {group_id} has no membership {membership_id}"))
}

/// The membership's state, such as `active` or `removed`.
pub fn state_of(member: &Member) -> &str {
    member.state.as_deref().unwrap_or("<none>")
}

/// The membership ids of `members`, sorted.
pub fn ids(members: &[Member]) -> Vec<&str> {
    let mut ids: Vec<&str> = members.iter().map(|member| member.id.as_str()).collect();
    ids.sort_unstable();
    ids
}

/// Asserts that `err` is GroupMe's answer `status` with exactly these
/// `meta.errors` messages.
pub fn assert_api_error(err: &Error, status: u16, messages: &[&str]) {
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{err:?}");
    assert!(!err.is_validation() && !err.is_transport(), "{err:?}");
    let expected = groupme_sdk::ApiErrors::Messages(messages.iter().map(|m| (*m).to_owned()).collect());
    assert_eq!(err.api_errors(), Some(&expected), "{err:?}");
}

/// Asserts that `err` is a validation error for `field` breaking `rule`,
/// so nothing was sent.
pub fn assert_invalid(err: &Error, field: &str, rule: &groupme_sdk::validate::Rule) {
    let invalid = err
        .validation()
        .unwrap_or_else(|| panic!("expected a validation error, got {err:?}"));
    assert_eq!((invalid.field(), invalid.rule()), (field, rule), "{err}");
    assert_eq!(err.status(), None, "{err:?}");
}
