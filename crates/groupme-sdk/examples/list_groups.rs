//! Walks every group the caller is in, a page at a time, and shows each
//! one's share token and the caller's state in every group ever joined.
//!
//! Run it against the fake server, never the real API:
//!
//! ```text
//! cargo run -p groupme-fake -- --port 8080
//! cargo run -p groupme-sdk --example list_groups            # 1 group per page
//! cargo run -p groupme-sdk --example list_groups -- 10      # 10 per page
//! ```
//!
//! `GROUPME_V3_URL` and `GROUPME_V2_URL` override the base URLs (by default
//! `http://127.0.0.1:8080/v3` and `/v2`), `GROUPME_TOKEN` the token (by
//! default the fake's `demo-token`).

mod common;

use std::process::ExitCode;

use futures::TryStreamExt;
use groupme_sdk::types::GroupFields;

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
    let per_page = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1);
    let client = common::client_builder().build()?;

    println!("Your groups, {per_page} per page:");
    let mut groups = client.groups().list().per_page(per_page).omit_memberships(true);
    while let Some(group) = groups.try_next().await? {
        println!(
            "  {:<6} {:<20} share token {}",
            group.id,
            group.name,
            group.share_token().unwrap_or("-")
        );
    }

    println!("Every group you were ever in:");
    for entry in client.groups().membership_states().await? {
        println!("  {:<6} {}", entry.group_id, entry.state);
    }
    Ok(())
}
