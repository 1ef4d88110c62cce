//! The wrapper's behaviour against mocked GroupMe hosts.
//!
//! One test binary (rather than one per file) so that the shared setup in
//! [`common`] is compiled once and every helper in it is used.
//!
//! Each test starts one `httpmock` server per host (v3 and v2), builds a
//! client whose base URLs are those servers' roots, and asserts what was
//! sent (method, path, query, JSON body, the `X-Access-Token` header) and
//! what came back. Every error any test produces goes through
//! [`common::fails`], which asserts that the access token appears nowhere in
//! its `Display`, `Debug` or source chain.

mod common;

mod add_waiter;
mod bots;
mod builder;
mod errors_retries;
mod groups;
mod hardening;
mod members;
mod messages;
mod pending;
mod reactions;
mod secrecy;
mod users;
mod validation;
