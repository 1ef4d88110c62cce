//! Bots: creating, listing and removing the caller's bots
//! ([`Client::bots`]), and posting as a bot with nothing but its id
//! ([`BotPoster`], no access token), long texts split into ordered posts.
//!
//! What GroupMe sends to a bot's callback URL is
//! [`BotCallback`](crate::types::BotCallback); a ready
//! receiver for it is in [`crate::callback`] (feature `receiver`).

use std::fmt;

use groupme_api::v3;

use crate::client::{Client, ClientBuilder, Op};
use crate::error::Result;
use crate::ids::GroupId;
use crate::policy::RetryPolicy;
use crate::types::{Attachment, Bot};
use crate::validate::{self, Invalid, Rule, spec_value};

/// The most characters one bot post may hold (the bots document).
pub const MAX_BOT_TEXT_CHARS: usize = 1000;

/// A bot's id. It is the bot's only credential: anyone who has it can post
/// as the bot, so `Debug` never shows it; [`BotId::as_str`] does.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct BotId(String);

impl BotId {
    /// A bot id as GroupMe gave it.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id itself; keep it out of logs.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn checked(&self) -> std::result::Result<&str, Invalid> {
        validate::non_empty("bot_id", &self.0)?;
        Ok(&self.0)
    }
}

impl fmt::Debug for BotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BotId(<redacted>)")
    }
}

impl From<&str> for BotId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl From<String> for BotId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl From<&String> for BotId {
    fn from(id: &String) -> Self {
        Self(id.clone())
    }
}

impl Client {
    /// The caller's bots: create, list, remove.
    pub fn bots(&self) -> BotsHandle<'_> {
        BotsHandle { client: self }
    }
}

/// The caller's bots. Made by [`Client::bots`].
#[derive(Debug, Clone)]
pub struct BotsHandle<'a> {
    client: &'a Client,
}

impl<'a> BotsHandle<'a> {
    /// Starts creating a bot named `name` in `group` (the caller must be a
    /// member); set its callback URL and avatar on the builder.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// let bot = client
    ///     .bots()
    ///     .create("1234", "Weather Owl")
    ///     .callback_url("https://owl.example.org/groupme")
    ///     .send()
    ///     .await?;
    /// let poster = groupme_sdk::BotPoster::new(bot.bot_id);
    /// # drop(poster); Ok(()) }
    /// ```
    pub fn create(&self, group: impl Into<GroupId>, name: impl Into<String>) -> CreateBot<'a> {
        CreateBot {
            client: self.client,
            group: group.into(),
            name: name.into(),
            avatar_url: None,
            callback_url: None,
            dm_notification: None,
        }
    }

    /// Every bot the caller created, in every group.
    pub async fn list(&self) -> Result<Vec<Bot>> {
        let v3 = self.client.v3();
        self.client
            .call_list(Op::read("list_bots"), || v3.list_bots().send())
            .await
    }

    /// Removes a bot the caller created; its id stops working.
    pub async fn destroy(&self, bot: impl Into<BotId>) -> Result<()> {
        let bot = bot.into();
        let body = v3::types::DestroyBotRequest {
            bot_id: spec_value("bot_id", bot.checked()?.to_owned())?,
        };
        let v3 = self.client.v3();
        self.client
            .call_empty(Op::write("destroy_bot"), || {
                v3.destroy_bot().body(body.clone()).send()
            })
            .await
    }

    /// A poster for `bot` that goes to this client's v3 host (its base URL,
    /// HTTP settings and retries), without sending its token.
    pub fn poster(&self, bot: impl Into<BotId>) -> Result<BotPoster> {
        use groupme_api::v3::ClientInfo;
        BotPoster::builder(bot)
            .base_url(self.client.v3().baseurl())
            .retry(self.client.retry_policy().clone())
            .build()
    }
}

/// A bot to create. Made by [`BotsHandle::create`].
#[derive(Debug, Clone)]
#[must_use]
pub struct CreateBot<'a> {
    client: &'a Client,
    group: GroupId,
    name: String,
    avatar_url: Option<String>,
    callback_url: Option<String>,
    dm_notification: Option<bool>,
}

impl CreateBot<'_> {
    /// Its avatar: an image-service URL ([`ImagesHandle::upload`](crate::ImagesHandle::upload)).
    pub fn avatar_url(mut self, url: impl Into<String>) -> Self {
        self.avatar_url = Some(url.into());
        self
    }

    /// Where GroupMe POSTs a [`BotCallback`](crate::types::BotCallback) for
    /// each message in the group.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }

    /// Whether the bot is also told of the creator's direct messages.
    pub fn dm_notification(mut self, on: bool) -> Self {
        self.dm_notification = Some(on);
        self
    }

    /// Creates the bot. Refuses an empty name or group id before sending.
    pub async fn send(self) -> Result<Bot> {
        validate::non_empty("bot.name", &self.name)?;
        let group_id = self
            .group
            .checked()
            .map_err(|_| Invalid::new("bot.group_id", Rule::NonEmpty))?;
        let body = v3::types::CreateBotRequest {
            bot: v3::types::NewBot {
                name: spec_value("bot.name", self.name)?,
                group_id: spec_value("bot.group_id", group_id.to_owned())?,
                avatar_url: self.avatar_url,
                callback_url: self.callback_url,
                dm_notification: self.dm_notification,
            },
        };
        let v3 = self.client.v3();
        let created = self
            .client
            .call(Op::write("create_bot"), || {
                v3.create_bot().body(body.clone()).send()
            })
            .await?;
        Ok(created.bot)
    }
}

/// Posts as one bot, with its id alone: no access token is sent (GroupMe
/// needs none for bot posts). Cheap to clone, `Send + Sync`.
///
/// ```no_run
/// # async fn run() -> groupme_sdk::Result<()> {
/// use groupme_sdk::BotPoster;
///
/// let poster = BotPoster::new("5f1e0c0ffee0c0ffee0c0ffee1")?;
/// poster.post("Light rain after four.").image("https://i.groupme.com/1x1.png.abc").send().await?;
/// poster.post_split(&"a long report ".repeat(200)).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct BotPoster {
    bot: BotId,
    client: Client,
}

impl fmt::Debug for BotPoster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use groupme_api::v3::ClientInfo;
        f.debug_struct("BotPoster")
            .field("bot", &self.bot)
            .field("base_url", &self.client.v3().baseurl())
            .finish()
    }
}

impl BotPoster {
    /// A poster for `bot` on the production API with default settings.
    pub fn new(bot: impl Into<BotId>) -> Result<Self> {
        Self::builder(bot).build()
    }

    /// A builder to set the base URL (a fake server's), timeouts and
    /// retries.
    pub fn builder(bot: impl Into<BotId>) -> BotPosterBuilder {
        BotPosterBuilder {
            bot: bot.into(),
            client: ClientBuilder::anonymous(),
        }
    }

    /// The bot this posts as.
    pub fn bot_id(&self) -> &BotId {
        &self.bot
    }

    /// Starts a post of `text` (at most [`MAX_BOT_TEXT_CHARS`] characters;
    /// see [`post_split`](Self::post_split) for longer ones); add
    /// attachments on the builder.
    pub fn post(&self, text: impl Into<String>) -> BotPost<'_> {
        BotPost {
            poster: self,
            text: text.into(),
            attachments: Vec::new(),
        }
    }

    /// Posts `text` of any length as as few posts as it takes, in order,
    /// each at most [`MAX_BOT_TEXT_CHARS`] characters, cut at white space
    /// where there is some (see [`split_text`]). Returns how many posts
    /// were sent. A failure stops the rest; the posts before it stay.
    pub async fn post_split(&self, text: &str) -> Result<usize> {
        let parts = split_text(text, MAX_BOT_TEXT_CHARS);
        for part in &parts {
            self.post(part.clone()).send().await?;
        }
        Ok(parts.len())
    }
}

/// Builds a [`BotPoster`].
#[derive(Debug)]
#[must_use]
pub struct BotPosterBuilder {
    bot: BotId,
    client: ClientBuilder,
}

impl BotPosterBuilder {
    /// The v3 host's base URL (default `https://api.groupme.com/v3`), such
    /// as a fake server's.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.client = self.client.v3_base_url(url);
        self
    }

    /// The most one request may take (default 30 s).
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.client = self.client.timeout(timeout);
        self
    }

    /// How failed posts are retried (posts are not repeated unless the
    /// policy repeats changes).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.client = self.client.retry(policy);
        self
    }

    /// Allows an `http://` base URL off loopback.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.client = self.client.allow_insecure_http(allow);
        self
    }

    /// Checks the settings and builds the poster.
    pub fn build(self) -> Result<BotPoster> {
        Ok(BotPoster {
            bot: self.bot,
            client: self.client.build()?,
        })
    }
}

/// One bot post. Made by [`BotPoster::post`].
#[derive(Debug, Clone)]
#[must_use]
pub struct BotPost<'a> {
    poster: &'a BotPoster,
    text: String,
    attachments: Vec<Attachment>,
}

impl BotPost<'_> {
    /// Adds an attachment (location, emoji, reply, …), after those before.
    pub fn attachment(mut self, attachment: Attachment) -> Self {
        self.attachments.push(attachment);
        self
    }

    /// Adds an image attachment; `url` must come from the image service
    /// ([`ImagesHandle::upload`](crate::ImagesHandle::upload)).
    pub fn image(self, url: impl Into<String>) -> Self {
        self.attachment(Attachment::Image(groupme_api::attachment::Image {
            url: url.into(),
        }))
    }

    /// Posts. Refuses, before sending, an empty bot id, a text over
    /// [`MAX_BOT_TEXT_CHARS`] characters, and a post with neither text nor
    /// attachments.
    pub async fn send(self) -> Result<()> {
        let bot_id = self.poster.bot.checked()?.to_owned();
        let chars = self.text.chars().count();
        if chars > MAX_BOT_TEXT_CHARS {
            return Err(Invalid::new(
                "text",
                Rule::CharLength {
                    min: 0,
                    max: MAX_BOT_TEXT_CHARS,
                    actual: chars,
                },
            )
            .into());
        }
        if self.attachments.is_empty() {
            validate::non_empty("text", &self.text)?;
        }
        let body = v3::types::BotPostRequest {
            bot_id: spec_value("bot_id", bot_id)?,
            text: spec_value("text", self.text)?,
            attachments: self.attachments,
        };
        let client = &self.poster.client;
        let v3 = client.v3();
        client
            .call_empty(Op::write("post_bot_message"), || {
                v3.post_bot_message().body(body.clone()).send()
            })
            .await
    }
}

/// Splits `text` into ordered parts of at most `max_chars` characters each
/// (at least 1), cutting after the last white space that fits where there
/// is one, and inside a word only where a word alone is longer than
/// `max_chars`. Joining the parts gives `text` back exactly. An empty text
/// gives no parts.
///
/// ```
/// use groupme_sdk::split_text;
/// assert_eq!(split_text("one two three", 8), ["one two ", "three"]);
/// assert_eq!(split_text("abcdefghij", 4), ["abcd", "efgh", "ij"]);
/// ```
pub fn split_text(text: &str, max_chars: usize) -> Vec<String> {
    let max_chars = max_chars.max(1);
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some((limit, _)) = rest.char_indices().nth(max_chars) else {
            parts.push(rest.to_owned());
            break;
        };
        let cut = rest[..limit]
            .char_indices()
            .filter(|(_, c)| c.is_whitespace())
            .map(|(at, c)| at + c.len_utf8())
            .next_back()
            .unwrap_or(limit);
        parts.push(rest[..cut].to_owned());
        rest = &rest[cut..];
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitting_keeps_order_and_every_character_and_cuts_at_white_space() {
        let text = "word ".repeat(450); // 2,250 characters
        let parts = split_text(&text, MAX_BOT_TEXT_CHARS);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.chars().count() <= MAX_BOT_TEXT_CHARS));
        assert!(parts[..2].iter().all(|p| p.ends_with(' ')), "{parts:?}");
        assert_eq!(parts.concat(), text);
    }

    #[test]
    fn splitting_counts_characters_not_bytes() {
        let text = "é".repeat(1500);
        let parts = split_text(&text, MAX_BOT_TEXT_CHARS);
        assert_eq!(
            parts.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            [1000, 500]
        );
        assert!(split_text("", 10).is_empty());
        assert_eq!(split_text("short", 1000), ["short"]);
    }

    #[test]
    fn bot_ids_stay_out_of_debug() {
        let poster = BotPoster::new("secret-bot-id").unwrap();
        assert!(!format!("{poster:?}").contains("secret-bot-id"));
        assert_eq!(poster.bot_id().as_str(), "secret-bot-id");
    }
}
