//! The one way a message lands in a group: [`deliver`] records it and, as
//! GroupMe does, POSTs a `BotCallback` to the callback URL of each of the
//! group's bots, but only to URLs on loopback: the fake never sends
//! anything anywhere else.
//!
//! Bot posts and [`FakeState::post_as_user`] land through [`deliver`],
//! which stores them in the group's conversation like the message routes
//! do; `POST /groups/:id/messages` calls [`announce`] for the message it
//! stored. Either way the group's bots hear every message.

use std::net::IpAddr;
use std::time::Duration;

use groupme_api::v3::types::{BotCallback, Message};

use crate::messages::ConversationKey;
use crate::model::{Id, PostedMessage, Sender, World, parse_id};
use crate::reply::ApiError;
use crate::routes::messages::{NewPost, post};
use crate::state::FakeState;

/// How long one callback may take before the fake gives up on it.
const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);

/// Lands `message` in its group's conversation (as the message routes
/// store messages) and tells the group's bots ([`announce`]). Returns the
/// stored message as the API shows it.
pub(crate) fn deliver(fake: &FakeState, message: PostedMessage) -> Result<Message, ApiError> {
    let (sender, bot_id) = match message.sender {
        Sender::User(id) => (id, None),
        Sender::Bot { bot_id, creator } => (creator, Some(bot_id)),
    };
    let is_bot = bot_id.is_some();
    let mut landed = {
        let mut world = fake.world();
        post(
            &mut world,
            ConversationKey::Group(message.group_id),
            NewPost {
                sender,
                name: message.name,
                guid: message.source_guid,
                text: message.text,
                attachments: message.attachments,
                now: message.created_at,
                bot_id,
            },
        )?
    };
    if is_bot {
        landed.avatar_url = message.avatar_url;
    }
    announce(fake, &landed);
    Ok(landed)
}

/// Tells the bots of `message`'s group about it, as GroupMe does: the
/// payload is recorded ([`FakeState::delivered_messages`]) and POSTed to
/// each bot's callback URL on loopback, in the background. Call it after
/// releasing the world's lock. Needs a Tokio runtime for the callbacks;
/// without one they are skipped.
pub(crate) fn announce(fake: &FakeState, message: &Message) {
    let Some(group_id) = message.group_id.as_deref().and_then(parse_id) else {
        return;
    };
    let payload = callback_of(message);
    let targets: Vec<String> = {
        let mut world = fake.world();
        world.delivered.push(payload.clone());
        loopback_callbacks(&world, group_id)
    };
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    for url in targets {
        let payload = payload.clone();
        let fake = fake.clone();
        runtime.spawn(async move {
            let sent = fake
                .http()
                .post(&url)
                .timeout(CALLBACK_TIMEOUT)
                .json(&payload)
                .send()
                .await;
            fake.note_callback(sent.as_ref().is_ok_and(|answer| answer.status().is_success()));
            if let Err(err) = sent {
                eprintln!("groupme-fake: bot callback failed: {}", err.without_url());
            }
        });
    }
}

/// The callback URLs of the group's bots that point at loopback.
fn loopback_callbacks(world: &World, group_id: Id) -> Vec<String> {
    world
        .bots
        .values()
        .filter(|bot| bot.group_id == group_id)
        .filter_map(|bot| bot.callback_url.clone())
        .filter(|url| is_loopback_url(url))
        .collect()
}

/// Whether `url` is `http://` or `https://` on a loopback address or
/// `localhost`.
pub(crate) fn is_loopback_url(url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(url) else {
        return false;
    };
    if !matches!(url.scheme(), "http" | "https") {
        return false;
    }
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// The payload GroupMe sends to bots for `message`.
pub(crate) fn callback_of(message: &Message) -> BotCallback {
    BotCallback {
        id: message.id.clone(),
        source_guid: message.source_guid.clone(),
        created_at: Some(message.created_at),
        user_id: message.user_id.clone(),
        group_id: message.group_id.clone().unwrap_or_default(),
        name: message.name.clone(),
        avatar_url: message.avatar_url.clone(),
        text: message.text.clone(),
        system: message.system,
        sender_type: message.sender_type.clone().unwrap_or_else(|| "user".to_owned()),
        sender_id: message.sender_id.clone(),
        attachments: message.attachments.clone(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::SystemClock;
    use crate::model::Bot;
    use crate::state::ResultsTiming;

    fn message(group_id: Id) -> PostedMessage {
        PostedMessage {
            group_id,
            source_guid: "g1".into(),
            created_at: 1,
            sender: Sender::Bot {
                bot_id: "b1".into(),
                creator: 1,
            },
            name: "Owl".into(),
            avatar_url: None,
            text: Some("hoot".into()),
            attachments: Vec::new(),
        }
    }

    #[test]
    fn a_delivered_message_lands_in_its_group_and_names_its_loopback_listeners() {
        let timing = ResultsTiming {
            delay: Duration::ZERO,
            expiry: Duration::ZERO,
        };
        let fake = FakeState::new(World::new(), Arc::new(SystemClock), timing);
        for (bot_id, group_id, url) in [
            ("near", 7, "http://127.0.0.1:9/cb"),
            ("far", 7, "https://example.org/cb"),
            ("other", 8, "http://127.0.0.1:9/other"),
        ] {
            fake.world().bots.insert(
                bot_id.into(),
                Bot {
                    bot_id: bot_id.into(),
                    group_id,
                    owner_id: 1,
                    name: bot_id.into(),
                    avatar_url: None,
                    callback_url: Some(url.into()),
                    dm_notification: false,
                },
            );
        }
        assert_eq!(loopback_callbacks(&fake.world(), 7), ["http://127.0.0.1:9/cb"]);

        // Without a runtime no callback goes out; the message still lands.
        let landed = deliver(&fake, message(7)).unwrap();
        assert_eq!(landed.sender_id.as_deref(), Some("b1"));
        let landed = fake.delivered_messages("7");
        assert_eq!(landed.len(), 1);
        assert_eq!(
            (landed[0].sender_type.as_str(), landed[0].system),
            ("bot", Some(false))
        );
        assert!(fake.delivered_messages("8").is_empty());
        assert_eq!(fake.callbacks_sent(), (0, 0));
    }

    #[test]
    fn only_loopback_urls_get_callbacks() {
        for yes in [
            "http://127.0.0.1:9000/cb",
            "http://localhost/cb",
            "http://[::1]:1/",
            "https://127.0.0.2/x",
        ] {
            assert!(is_loopback_url(yes), "{yes}");
        }
        for no in [
            "https://example.org/cb",
            "http://10.0.0.1/cb",
            "http://localhost.example.org/",
            "ftp://127.0.0.1/",
            "not a url",
        ] {
            assert!(!is_loopback_url(no), "{no}");
        }
    }
}
