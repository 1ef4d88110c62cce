//! A bot that answers every message of its group with an echo, run end to
//! end against the in-memory fake: no GroupMe account, no token, no network.
//!
//! ```sh
//! cargo run -p groupme-sdk --example echo_bot --features receiver
//! ```
//!
//! It starts the fake, listens for callbacks on a loopback port, creates a
//! bot whose `callback_url` is that port, has a member post a message
//! through the messages API, and waits until the bot's echo is in the
//! group. Against GroupMe itself, only
//! the base URLs change: create the bot once (or in the web form), give
//! `callback_url` a public address, and keep the receiver running.

use std::time::Duration;

use groupme_fake::{FakeGroupMe, demo};
use groupme_sdk::callback::Receiver;
use groupme_sdk::types::BotCallback;
use groupme_sdk::{BotPoster, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeGroupMe::start().await?;

    // The receiver GroupMe (here, the fake) POSTs every message to.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let callback_url = format!("http://{}/", listener.local_addr()?);

    // Creating a bot takes a user's token: the fake's demo user's here.
    let client = Client::builder(demo::TOKEN)
        .base_urls(fake.v3_url(), fake.v2_url())
        .build()?;
    let bot = client
        .bots()
        .create(demo::GROUP_ID, "Echo")
        .callback_url(&callback_url)
        .send()
        .await?;
    println!("created bot {:?} in group {}", bot.name, bot.group_id);

    // Posting needs the bot id alone.
    let poster = BotPoster::builder(bot.bot_id.clone())
        .base_url(fake.v3_url())
        .build()?;
    let receiver = Receiver::new(move |message: BotCallback| {
        let poster = poster.clone();
        async move {
            let who = message.name.unwrap_or_default();
            let text = message.text.unwrap_or_default();
            println!("bot heard {who}: {text}");
            if let Err(err) = poster.post(format!("{who} said: {text}")).send().await {
                eprintln!("echo failed: {err}");
            }
        }
    })
    .bot_id(bot.bot_id.clone())
    .router();
    tokio::spawn(async move { axum::serve(listener, receiver).await });

    // A member posts, with their own (fake) token, through the messages API.
    let alice = Client::builder(demo::ALICE.token)
        .base_urls(fake.v3_url(), fake.v2_url())
        .build()?;
    alice
        .group(demo::GROUP_ID)
        .messages()
        .send("hello, bot")
        .send()
        .await?;

    for _ in 0..100 {
        let messages = fake.state().delivered_messages(demo::GROUP_ID);
        if let Some(echo) = messages.iter().find(|m| m.sender_type == "bot") {
            println!(
                "group shows {}: {}",
                echo.name.as_deref().unwrap_or_default(),
                echo.text.as_deref().unwrap_or_default()
            );
            fake.shutdown().await?;
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Err("the bot did not answer within 2 seconds".into())
}
