//! The fake's own rules, checked through HTTP against a fake started on
//! 127.0.0.1:0 with the demo seed and a manual clock.

mod auth;
mod bots;
mod directories;
mod faults;
mod groups;
mod helpers;
mod library;
mod members;
mod messages;
mod pending;
mod reactions;
mod typed_clients;
mod unknown_routes;
mod users;
mod v2;
mod verification;
