//! The one way a message lands in a group: [`deliver`] records it and, as
//! GroupMe does, POSTs a `BotCallback` to the callback URL of each of the
//! group's bots, but only to URLs on loopback: the fake never sends
//! anything anywhere else.
//!
//! Bot posts come through here; so does [`FakeState::post_as_user`], which
//! stands in for a member posting until the fake has group messages of its
//! own. Wiring in the message store (branch `wip-msgs`) takes two changes,
//! both at this seam:
//!
//! - [`deliver`] records into the group's conversation (the store's
//!   `post(world, ConversationKey::Group(..), NewPost { .. })`) instead of
//!   `World::delivered`, with the sender marked as a bot (a bot id and
//!   `sender_type: "bot"` in the message view), and reads the id, GUID and
//!   time the store gave it;
//! - the store's `POST /groups/:id/messages` route calls [`deliver`] for
//!   the message it stored, after releasing the world's lock ([`deliver`]
//!   takes it), so that bots hear members.
//!
//! [`FakeState::delivered_messages`] then reads the group's conversation.

use std::net::IpAddr;
use std::time::Duration;

use groupme_api::v3::types::BotCallback;

use crate::model::{Id, PostedMessage, World};
use crate::state::FakeState;

/// How long one callback may take before the fake gives up on it.
const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);

/// Records `message` in its group and schedules a callback to each of the
/// group's bots with a loopback callback URL. Needs a Tokio runtime for
/// the callbacks; without one they are skipped.
pub(crate) fn deliver(fake: &FakeState, message: PostedMessage) {
    let payload = callback_of(&message);
    let targets: Vec<String> = {
        let mut world = fake.world();
        let targets = loopback_callbacks(&world, message.group_id);
        world.delivered.push(message);
        targets
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

/// The payload GroupMe sends for `message`.
pub(crate) fn callback_of(message: &PostedMessage) -> BotCallback {
    BotCallback {
        id: message.id.clone(),
        source_guid: Some(message.source_guid.clone()),
        created_at: Some(message.created_at),
        user_id: Some(message.sender_id.clone()),
        group_id: message.group_id.to_string(),
        name: Some(message.name.clone()),
        avatar_url: message.avatar_url.clone(),
        text: message.text.clone(),
        system: Some(message.sender_type == "system"),
        sender_type: message.sender_type.to_owned(),
        sender_id: Some(message.sender_id.clone()),
        attachments: Some(message.attachments.clone()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::SystemClock;
    use crate::model::Bot;
    use crate::state::ResultsTiming;

    fn message(group_id: Id, sender_type: &'static str) -> PostedMessage {
        PostedMessage {
            id: "m1".into(),
            group_id,
            source_guid: "g1".into(),
            created_at: 1,
            sender_id: "b1".into(),
            sender_type,
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
        deliver(&fake, message(7, "bot"));
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
