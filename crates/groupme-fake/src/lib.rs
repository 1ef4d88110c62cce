//! An in-memory GroupMe that speaks the same HTTP API as the real one, for
//! tests and demos that must never reach `api.groupme.com`.
//!
//! It serves every operation in `spec/groupme-v3.yaml` under `/v3`, every
//! operation in `spec/groupme-v2.yaml` under `/v2` and every operation in
//! `spec/groupme-v4.yaml` under `/v4` on one loopback port,
//! with GroupMe's own behaviour: enveloped answers, errors as a list or as a
//! field map, plain-text answers where GroupMe sends text, empty bodies,
//! asynchronous member adds whose results are first not ready (`503`), then
//! ready (`200`), then gone (`404`), membership ids distinct from user ids,
//! groups that are created, listed a page at a time, changed, shared,
//! joined by share token, left and rejoined, handed over (with a status per
//! request), muted and disbanded, owner/admin permissions, bans of former members and the validation rules
//! of nicknames, names, SMS mode, campus directories and profile galleries.
//! Request and response bodies are the types generated from the spec, so
//! the fake cannot drift from it. Unknown paths and methods answer
//! GroupMe's `404` envelope.
//!
//! It can also have GroupMe's bad days on demand (rate limits, HTML error
//! pages, dropped connections, slow and truncated bodies; see [`faults`]),
//! and can require the device attestation GroupMe now asks of member adds
//! ([`FakeGroupMeBuilder::require_verification`]).
//!
//! ```
//! use std::time::Duration;
//! use groupme_fake::{FakeGroupMe, ManualClock};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let clock = ManualClock::default();
//! let fake = FakeGroupMe::builder()
//!     .clock(clock.clone())
//!     .results_delay(Duration::from_secs(2))
//!     .start()
//!     .await?;
//! // Point a client at fake.v3_url() and fake.v2_url() with
//! // groupme_fake::demo::TOKEN; arrange and inspect through fake.state();
//! // move time with clock.advance(..).
//! let admins = fake
//!     .state()
//!     .memberships(groupme_fake::demo::GROUP_ID)
//!     .unwrap()
//!     .into_iter()
//!     .filter(|member| member.roles.iter().flatten().any(|role| role == "admin"))
//!     .count();
//! assert_eq!(admins, 2);
//! fake.shutdown().await
//! # }
//! ```

#![warn(missing_docs)]

mod clock;
mod delivery;
pub mod demo;
mod extract;
pub mod faults;
mod messages;
mod model;
mod reply;
mod routes;
mod rules;
mod server;
mod state;
mod views;

pub use clock::{Clock, ManualClock, SystemClock};
pub use faults::{Fault, FaultError, FaultPlan, FaultRule, ServerErrorStatus};
pub use model::{MembershipState, Role};
pub use routes::media::MAX_MEDIA_BYTES;
pub use server::{FakeGroupMe, FakeGroupMeBuilder, Seed};
pub use state::{DEFAULT_UPLOAD_DELAY, FakeState, NewUser, StateError};
