//! End-to-end tests of the wrapper (`groupme_sdk`) against the in-memory
//! fake GroupMe (`groupme_fake`): every operation the wrapper offers, its
//! permission failures and the whole asynchronous member add, each checked
//! both through what the wrapper returns and through the fake's state
//! afterwards.
//!
//! Every test starts its own fake on a free loopback port with the demo
//! seed (see `groupme_fake::demo`), mostly on a manual clock so that
//! member-add results are ready, or expire, exactly when the test says.

#[path = "sdk_end_to_end/support.rs"]
mod support;

#[path = "sdk_end_to_end/account.rs"]
mod account;
#[path = "sdk_end_to_end/add.rs"]
mod add;
#[path = "sdk_end_to_end/auth.rs"]
mod auth;
#[path = "sdk_end_to_end/bots.rs"]
mod bots;
#[path = "sdk_end_to_end/faults.rs"]
mod faults;
#[path = "sdk_end_to_end/groups.rs"]
mod groups;
#[path = "sdk_end_to_end/members.rs"]
mod members;
#[path = "sdk_end_to_end/messages.rs"]
mod messages;
#[path = "sdk_end_to_end/pending.rs"]
mod pending;
#[path = "sdk_end_to_end/reactions.rs"]
mod reactions;
