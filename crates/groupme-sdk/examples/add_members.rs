//! Adds people to a group, waits until GroupMe has made their memberships,
//! and prints who was added and who was not.
//!
//! Run it against the fake server, never the real API:
//!
//! ```text
//! cargo run -p groupme-fake -- --port 8080
//! cargo run -p groupme-sdk --example add_members            # the demo group, 2001
//! cargo run -p groupme-sdk --example add_members -- GROUP_ID
//! ```
//!
//! `GROUPME_V3_URL` and `GROUPME_V2_URL` override the base URLs (by default
//! `http://127.0.0.1:8080/v3` and `/v2`), `GROUPME_TOKEN` the token (by
//! default the fake's `demo-token`). In the fake's demo group,
//! frank@example.com and grace@example.com are added; user id 9999 is
//! unknown, so GroupMe leaves it out of the results and it is reported as
//! not added.

mod common;

use std::process::ExitCode;
use std::time::Duration;

use groupme_sdk::{NewMember, PollingPolicy};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            common::report(&err);
            ExitCode::FAILURE
        }
    }
}

async fn run() -> groupme_sdk::Result<()> {
    let group_id = std::env::args().nth(1).unwrap_or_else(|| "2001".to_owned());
    // Poll sooner than the default, since a fake answers quickly.
    let polling = PollingPolicy::default()
        .delays(Duration::from_millis(200), Duration::from_secs(1))
        .deadline(Duration::from_secs(30));
    let client = common::client_builder().polling(polling).build()?;

    println!("Adding three people to group {group_id} and waiting for the results…");
    let outcome = client
        .group(group_id.as_str())
        .members()
        .add()
        .member(NewMember::by_email("Frank", "frank@example.com"))
        .member(NewMember::by_email("Grace", "grace@example.com"))
        .member(NewMember::by_user_id("Stranger", "9999"))
        .send()
        .await?;

    println!("Added ({}):", outcome.added.len());
    for added in &outcome.added {
        println!(
            "  + {:<10} membership {:<6} user {:<6} guid {}",
            added.requested.nickname_value(),
            added.membership_id(),
            added.membership.user_id,
            added.requested.guid_value().unwrap_or("-"),
        );
    }
    if outcome.all_added() {
        println!("Everyone was added.");
    } else {
        println!("Not added ({}):", outcome.not_added.len());
        for member in &outcome.not_added {
            println!(
                "  - {:<10} guid {}",
                member.nickname_value(),
                member.guid_value().unwrap_or("-"),
            );
        }
    }
    Ok(())
}
