//! What the examples share: a client pointed at the fake server, or
//! wherever the environment says, and a plain-words account of failures.

use groupme_sdk::{ClientBuilder, Error, TOKEN_ENV};

/// The variable naming the v3 base URL.
const V3_URL_ENV: &str = "GROUPME_V3_URL";
/// The variable naming the v2 base URL.
const V2_URL_ENV: &str = "GROUPME_V2_URL";
/// The fake server's v3 base URL when started with `--port 8080`.
const DEFAULT_V3_URL: &str = "http://127.0.0.1:8080/v3";
/// The fake server's v2 base URL when started with `--port 8080`.
const DEFAULT_V2_URL: &str = "http://127.0.0.1:8080/v2";
/// The fake server's token for its demo user.
const DEFAULT_TOKEN: &str = "demo-token";

/// A client builder for the base URLs and token in the environment, by
/// default the fake server's on port 8080 and its demo user's token.
pub fn client_builder() -> ClientBuilder {
    let v3 = env_or(V3_URL_ENV, DEFAULT_V3_URL);
    let v2 = env_or(V2_URL_ENV, DEFAULT_V2_URL);
    println!("Talking to {v3} and {v2}");
    groupme_sdk::Client::builder(env_or(TOKEN_ENV, DEFAULT_TOKEN)).base_urls(v3, v2)
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// Prints what went wrong and what to try, using the error's predicates.
pub fn report(err: &Error) {
    eprintln!("error: {err}");
    let hint = if err.is_transport() {
        "is the fake server running? `cargo run -p groupme-fake -- --port 8080`, or set GROUPME_V3_URL/GROUPME_V2_URL"
    } else if err.is_unauthorized() {
        "the token was refused, or the caller lacks the rights (set GROUPME_TOKEN)"
    } else if err.is_not_found() {
        "no such group or member; the fake's demo group is 2001"
    } else if err.is_rate_limited() {
        "rate limited; wait a while before trying again"
    } else if err.is_timeout() {
        "it took too long; try again"
    } else if err.is_validation() {
        "the input broke one of GroupMe's rules; nothing was sent"
    } else {
        "unexpected failure"
    };
    eprintln!("hint: {hint}");
}
