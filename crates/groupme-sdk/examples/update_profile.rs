//! Updates the signed-in user's profile twice: the documented v3 call (name
//! and zip code), then the extended v2 call the official apps use (bio,
//! gallery, interests). It first shows a name that breaks GroupMe's rules
//! being refused before anything is sent.
//!
//! Run it against the fake server, never the real API:
//!
//! ```text
//! cargo run -p groupme-fake -- --port 8080
//! cargo run -p groupme-sdk --example update_profile
//! ```
//!
//! `GROUPME_V3_URL` and `GROUPME_V2_URL` override the base URLs (by default
//! `http://127.0.0.1:8080/v3` and `/v2`), `GROUPME_TOKEN` the token (by
//! default the fake's `demo-token`).

mod common;

use std::process::ExitCode;

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
    let client = common::client_builder().build()?;

    // v3 names must be "First Last": this one is refused locally.
    match client.profile().update().name("Cher").send().await {
        Err(err) if err.is_validation() => {
            if let Some(invalid) = err.validation() {
                println!("Refused before sending: `{}`: {invalid}", invalid.field());
            }
        }
        Err(err) => return Err(err),
        Ok(user) => println!("Unexpectedly accepted a one-word name: {}", user.name),
    }

    let user = client
        .profile()
        .update()
        .name("Demo User")
        .zip_code("92145")
        .send()
        .await?;
    println!("v3 update:");
    println!("  id        {}", user.id);
    println!("  name      {}", user.name);
    println!("  email     {}", user.email.as_deref().unwrap_or("-"));
    println!("  zip code  {}", user.zip_code.as_deref().unwrap_or("-"));

    let profile = client
        .profile()
        .update_extended()
        .user_id(&user.id)
        .bio("Trying out groupme-sdk against the fake server.")
        .photo_urls([
            "https://i.groupme.com/1024x768.jpeg.aaaa",
            "https://i.groupme.com/1024x768.jpeg.bbbb",
            "https://i.groupme.com/1024x768.jpeg.cccc",
        ])
        .interests([3, 14])
        .send()
        .await?;
    println!("v2 extended update:");
    println!("  name      {}", profile.name);
    println!("  bio       {}", profile.bio.as_deref().unwrap_or("-"));
    println!(
        "  gallery   {} photos",
        profile.photo_urls.as_ref().map_or(0, Vec::len)
    );
    match profile.interests.as_deref() {
        Some(tags) if !tags.is_empty() => println!("  interests {tags:?}"),
        _ => println!("  interests -"),
    }
    Ok(())
}
