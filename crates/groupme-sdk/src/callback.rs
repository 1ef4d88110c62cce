//! A ready receiver for the callbacks GroupMe POSTs to a bot's
//! `callback_url` (feature `receiver`): an [`axum::Router`] that decodes
//! each [`BotCallback`], drops the bot's own messages (and, by default,
//! every bot's, so two bots never answer each other forever), and hands the
//! rest to your code.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use groupme_sdk::BotPoster;
//! use groupme_sdk::callback::Receiver;
//!
//! let poster = BotPoster::new("5f1e0c0ffee0c0ffee0c0ffee1").unwrap();
//! let router = Receiver::new(move |message: groupme_sdk::types::BotCallback| {
//!     let poster = poster.clone();
//!     async move {
//!         if let Some(text) = message.text {
//!             let _ = poster.post(format!("you said: {text}")).send().await;
//!         }
//!     }
//! })
//! .bot_name("Echo")
//! .router();
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8088").await?;
//! axum::serve(listener, router).await
//! # }
//! ```

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;

use crate::bots::BotId;
use crate::types::BotCallback;

/// The `sender_type` of messages that bots post.
const BOT_SENDER: &str = "bot";

/// Which callbacks are the bot's own (or another bot's) and are dropped.
#[derive(Debug, Clone)]
pub struct OwnMessages {
    bot_id: Option<BotId>,
    bot_name: Option<String>,
    other_bots: bool,
}

impl Default for OwnMessages {
    /// Drops every bot's messages.
    fn default() -> Self {
        Self {
            bot_id: None,
            bot_name: None,
            other_bots: true,
        }
    }
}

impl OwnMessages {
    /// Whether `message` is dropped: its `sender_id` is the bot's id, or it
    /// comes from a bot (`sender_type` `bot`) that is this one (by name) or,
    /// unless other bots are let through, any bot.
    pub fn is_own(&self, message: &BotCallback) -> bool {
        if let (Some(bot), Some(sender)) = (&self.bot_id, &message.sender_id)
            && bot.as_str() == sender
        {
            return true;
        }
        if message.sender_type != BOT_SENDER {
            return false;
        }
        self.other_bots || self.bot_name.is_some() && self.bot_name == message.name
    }
}

/// A callback receiver: the handler for messages, and which messages it
/// never sees. Turn it into a router with [`Receiver::router`].
pub struct Receiver<H> {
    handler: H,
    own: OwnMessages,
}

impl<H, Fut> Receiver<H>
where
    H: Fn(BotCallback) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    /// A receiver that calls `handler` with every message not from a bot.
    pub fn new(handler: H) -> Self {
        Self {
            handler,
            own: OwnMessages::default(),
        }
    }

    /// The bot's own id: messages with this `sender_id` are dropped.
    #[must_use]
    pub fn bot_id(mut self, bot: impl Into<BotId>) -> Self {
        self.own.bot_id = Some(bot.into());
        self
    }

    /// The bot's name: bot messages under this name are dropped.
    #[must_use]
    pub fn bot_name(mut self, name: impl Into<String>) -> Self {
        self.own.bot_name = Some(name.into());
        self
    }

    /// Hands other bots' messages to the handler too (default: dropped).
    /// Set [`bot_id`](Self::bot_id) or [`bot_name`](Self::bot_name), or the
    /// bot hears itself.
    #[must_use]
    pub fn other_bots(mut self, hear: bool) -> Self {
        self.own.other_bots = !hear;
        self
    }

    /// Handles one callback body as GroupMe POSTs it (the spec's
    /// `receive_bot_callback`), for servers other than axum (a serverless
    /// function, hyper, another framework): decodes it, drops the bot's own
    /// messages, and awaits the handler for the rest. [`router`](Self::router)
    /// is this behind `POST /`.
    ///
    /// ```
    /// # async fn run() {
    /// use groupme_sdk::callback::{Callback, Receiver};
    /// let receiver = Receiver::new(|message: groupme_sdk::types::BotCallback| async move {
    ///     println!("{:?} said {:?}", message.name, message.text);
    /// });
    /// let body = br#"{"id":"1","group_id":"2","sender_type":"user","sender_id":"3","name":"Ada","text":"hi"}"#;
    /// assert_eq!(receiver.receive_bot_callback(body).await, Callback::Handled);
    /// # }
    /// ```
    pub async fn receive_bot_callback(&self, body: &[u8]) -> Callback {
        let Ok(message) = serde_json::from_slice::<BotCallback>(body) else {
            return Callback::NotACallback;
        };
        if self.own.is_own(&message) {
            tracing::debug!(sender_type = %message.sender_type, "bot callback dropped: the bot's own");
            return Callback::Dropped;
        }
        (self.handler.clone())(message).await;
        Callback::Handled
    }

    /// A router that answers `POST /`: `200` once the handler is done (or
    /// at once for a dropped message), `400` for a body that is not a
    /// callback. Nest it to serve it under another path.
    pub fn router(self) -> Router {
        let shared = Arc::new(self);
        Router::new()
            .route("/", post(receive::<H, Fut>))
            .with_state(shared)
    }
}

/// What [`Receiver::receive_bot_callback`] did with a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// The handler ran on the message.
    Handled,
    /// The message was the bot's own (or another bot's) and was dropped.
    Dropped,
    /// The body was not a bot callback; nothing ran.
    NotACallback,
}

/// `POST /` of [`Receiver::router`]: `400` for a body that is not a
/// callback, else `200`.
async fn receive<H, Fut>(State(receiver): State<Arc<Receiver<H>>>, body: Bytes) -> StatusCode
where
    H: Fn(BotCallback) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    match receiver.receive_bot_callback(&body).await {
        Callback::NotACallback => StatusCode::BAD_REQUEST,
        Callback::Handled | Callback::Dropped => StatusCode::OK,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(sender_type: &str, sender_id: &str, name: &str) -> BotCallback {
        serde_json::from_value(serde_json::json!({
            "id": "1", "group_id": "2", "sender_type": sender_type,
            "sender_id": sender_id, "name": name, "text": "hi"
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn one_body_is_handled_dropped_or_refused() {
        let heard = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = heard.clone();
        let receiver = Receiver::new(move |message: BotCallback| {
            let log = log.clone();
            async move { log.lock().unwrap().push(message.name.unwrap_or_default()) }
        })
        .bot_name("Owl");
        let from = |sender_type: &str, name: &str| {
            serde_json::to_vec(&serde_json::json!({
                "id": "1", "group_id": "2", "sender_type": sender_type,
                "sender_id": "9", "name": name, "text": "hi"
            }))
            .unwrap()
        };
        assert_eq!(
            receiver.receive_bot_callback(&from("user", "Rosa")).await,
            Callback::Handled
        );
        assert_eq!(
            receiver.receive_bot_callback(&from("bot", "Owl")).await,
            Callback::Dropped
        );
        assert_eq!(
            receiver.receive_bot_callback(b"{\"nope\": 1}").await,
            Callback::NotACallback
        );
        assert_eq!(*heard.lock().unwrap(), ["Rosa"]);
    }

    #[test]
    fn own_and_other_bots_messages_are_told_apart() {
        let default = OwnMessages::default();
        assert!(default.is_own(&message("bot", "b1", "Owl")));
        assert!(!default.is_own(&message("user", "u1", "Rosa")));

        let only_self = OwnMessages {
            bot_id: Some(BotId::new("b1")),
            bot_name: Some("Owl".into()),
            other_bots: false,
        };
        assert!(only_self.is_own(&message("bot", "b1", "Renamed")));
        assert!(only_self.is_own(&message("bot", "b9", "Owl")));
        assert!(!only_self.is_own(&message("bot", "b2", "Heron")));
        assert!(!only_self.is_own(&message("user", "u1", "Owl")));
    }
}
