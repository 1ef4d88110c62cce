//! Lists a group's current members in a table, then counts its former
//! ones. Only owners and admins may list members; for anyone else the
//! error's `is_unauthorized` predicate holds and the example says so.
//!
//! Run it against the fake server, never the real API:
//!
//! ```text
//! cargo run -p groupme-fake -- --port 8080
//! cargo run -p groupme-sdk --example list_members            # the demo group, 2001
//! cargo run -p groupme-sdk --example list_members -- GROUP_ID
//! GROUPME_TOKEN=bob-token cargo run -p groupme-sdk --example list_members   # not an admin
//! ```
//!
//! `GROUPME_V3_URL` and `GROUPME_V2_URL` override the base URLs (by default
//! `http://127.0.0.1:8080/v3` and `/v2`), `GROUPME_TOKEN` the token (by
//! default the fake's `demo-token`).

mod common;

use std::process::ExitCode;

use groupme_sdk::MemberFilter;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_unauthorized() => {
            eprintln!("error: {err}");
            eprintln!("Only the group's owner and admins may list its members.");
            ExitCode::FAILURE
        }
        Err(err) => {
            common::report(&err);
            ExitCode::FAILURE
        }
    }
}

async fn run() -> groupme_sdk::Result<()> {
    let group_id = std::env::args().nth(1).unwrap_or_else(|| "2001".to_owned());
    let client = common::client_builder().build()?;
    let members = client.group(group_id.as_str()).members();

    let active = members.list(MemberFilter::Active).await?;
    println!("Group {group_id}: {} current members", active.len());
    println!("  {:<20} {:<12} {:<8} roles", "nickname", "membership", "user");
    for member in &active {
        println!(
            "  {:<20} {:<12} {:<8} {}",
            member.nickname,
            member.id,
            member.user_id,
            member.roles.as_deref().unwrap_or_default().join(", "),
        );
    }

    let former = members.list(MemberFilter::Inactive).await?;
    println!("{} former members", former.len());
    Ok(())
}
