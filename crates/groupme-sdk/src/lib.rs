//! An ergonomic client for the [GroupMe](https://groupme.com) REST API.
//!
//! Built on the clients that `groupme-api` generates from the project's
//! OpenAPI description, it adds what a program needs on top:
//!
//! - **Resource handles and builders**: `client.groups().list()`,
//!   `client.group(id).members().list(..)`,
//!   `client.profile().update().name(..).send()`. No JSON, no URLs, no
//!   envelopes.
//! - **Listings as streams**: paged listings such as
//!   [`GroupsHandle::list`] and message histories
//!   ([`MessagesHandle::history`], [`after`](MessagesHandle::after),
//!   [`since`](MessagesHandle::since)) fetch one page at a time as you take
//!   items, stop at the first empty page (or GroupMe's `304`), and refuse a
//!   page that repeats the one before, or a cursor that does not move,
//!   instead of looping forever.
//! - **Sends that are safe to retry**: every message carries a
//!   `source_guid`; a retried send never posts twice.
//! - **A client-wide request-rate limit** ([`RateLimit`]), off by default.
//! - **Typed ids** ([`GroupId`], [`MembershipId`], [`UserId`], [`ResultsId`]),
//!   so a user id cannot go where a membership id belongs.
//! - **A waiter for member adds**: GroupMe adds members asynchronously; the
//!   waiter polls in proportion to the time already waited, through rate
//!   limits and outages, and reports, by GUID, who was *not* added. Every
//!   error after the add was accepted carries it ([`Error::started_add`]), so
//!   waiting resumes instead of adding the same people twice.
//! - **Retries** of idempotent calls on rate limits and transient failures,
//!   honouring `Retry-After`, set once on the client ([`RetryPolicy`]).
//! - **Validation** of every documented rule before anything is sent, with
//!   an error that names the field and the rule.
//! - **One [`Error`] type** with predicates: [`Error::is_unauthorized`],
//!   [`Error::is_not_found`], [`Error::is_rate_limited`],
//!   [`Error::is_retryable`], [`Error::status`], and GroupMe's own
//!   `meta.errors` whether a list or a map.
//!
//! The access token travels only in the `X-Access-Token` header, marked
//! sensitive, only to the configured hosts (no redirect to another host is
//! followed), and never shows in `Debug` output or errors, even when a server
//! echoes it back. Failure bodies are read only up to [`ERROR_BODY_LIMIT`]
//! bytes and successful ones up to [`ClientBuilder::max_body_bytes`].
//!
//! # Example
//!
//! ```no_run
//! use groupme_sdk::{Client, MemberFilter, NewMember};
//!
//! # async fn run() -> groupme_sdk::Result<()> {
//! let client = Client::from_env()?; // reads GROUPME_TOKEN
//! let me = client.me().await?;
//! println!("signed in as {}", me.name);
//!
//! let group = client.group("1234567");
//!
//! // Add two people and wait until GroupMe has made their memberships.
//! let outcome = group
//!     .members()
//!     .add()
//!     .member(NewMember::by_email("Jane", "dana@example.org"))
//!     .member(NewMember::by_phone("Dad", "+1 5550109876"))
//!     .send()
//!     .await?;
//! for added in &outcome.added {
//!     println!("added {} as membership {}", added.membership.nickname, added.membership_id());
//! }
//! for missing in &outcome.not_added {
//!     println!("could not add {}", missing.nickname_value());
//! }
//!
//! // Owners and admins can list members; others get a 401.
//! match group.members().list(MemberFilter::Active).await {
//!     Ok(members) => println!("{} members", members.len()),
//!     Err(err) if err.is_unauthorized() => println!("only admins may list members"),
//!     Err(err) => return Err(err),
//! }
//!
//! // Approve every pending request to join.
//! let decided = group.pending().approve_all().await?;
//! println!("approved {}", decided.decided.len());
//! # Ok(())
//! # }
//! ```
//!
//! # Groups
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use groupme_sdk::types::{GroupFields, GroupType};
//! use groupme_sdk::{Client, MuteDuration, OwnerChange};
//!
//! # async fn run() -> groupme_sdk::Result<()> {
//! let client = Client::from_env()?;
//!
//! // Every group you are in, 50 per request, without member lists.
//! let mut groups = client.groups().list().per_page(50).omit_memberships(true);
//! while let Some(group) = groups.try_next().await? {
//!     println!("{} {}", group.id, group.name);
//! }
//!
//! // Create a shared group, tighten its settings, and hand out its link.
//! let created = client.groups().create("Book Club").share(true).send().await?;
//! let group = client.group(created.group_id());
//! group
//!     .update()
//!     .group_type(GroupType::Closed)
//!     .join_question("Which book brought you here?")
//!     .send()
//!     .await?;
//! println!("join with token {:?}", created.share_token());
//!
//! // Quiet it for an evening, then hand it over; each change has its own status.
//! group.mute(MuteDuration::Minutes(180)).await?;
//! for outcome in client
//!     .groups()
//!     .change_owners([OwnerChange::new(created.group_id(), "1234567")])
//!     .await?
//! {
//!     println!("{}: {}", outcome.group_id, outcome.status);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Messages
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use groupme_sdk::{Client, MessageText, RateLimit};
//!
//! # async fn run() -> groupme_sdk::Result<()> {
//! // A long export stays under GroupMe's rate limits with a client-wide limit.
//! let client = Client::builder(std::env::var("GROUPME_TOKEN").unwrap_or_default())
//!     .rate_limit(RateLimit::per_second(10))
//!     .build()?;
//! let group = client.group("1234567");
//!
//! // The whole history, newest first, 100 a request, one page in memory.
//! let mut history = group.messages().history();
//! while let Some(message) = history.try_next().await? {
//!     println!("{} {}", message.id, message.text.unwrap_or_default());
//! }
//!
//! // Follow the conversation forward from a known message.
//! let newer: Vec<_> = group.messages().after("170000000000000001").collect_all().await?;
//!
//! // Mention someone: the loci are computed from the text as it is built.
//! let text = MessageText::new().push("Thanks ").mention("7300002", "@Wren").push("!");
//! let sent = group.messages().send(text).reply_to(newer[0].id.as_str()).send().await?;
//!
//! // Direct messages use the same streams and sends.
//! client.dm("7300002").send("see you there").send().await?;
//! # let _ = sent;
//! # Ok(())
//! # }
//! ```
//!
//! Point the client at a fake server (such as `groupme-fake`) with
//! [`ClientBuilder::base_urls`] (the v4 host follows the v3 URL).

#![warn(missing_docs)]

mod add;
mod bots;
#[cfg(feature = "receiver")]
pub mod callback;
mod client;
mod dms;
mod error;
mod gallery;
mod groups;
mod ids;
mod members;
mod messages;
mod pager;
mod pins;
mod policy;
mod reactions;
mod receipts;
mod uploads;
mod users;
pub mod validate;
mod waiter;

pub use add::{AddMembers, AddOutcome, AddedMember, FailedChunk, NewMember, ResultsStatus, StartedAdd};
pub use bots::{
    BotId, BotPost, BotPoster, BotPosterBuilder, BotsHandle, CreateBot, MAX_BOT_TEXT_CHARS, split_text,
};
pub use client::{Client, ClientBuilder, DEFAULT_ADD_CHUNK_SIZE, RateLimit, TOKEN_ENV};
pub use dms::{ChatsHandle, DEFAULT_CHATS_PER_PAGE, DmHandle};
pub use error::{AcceptedJob, ApiErrors, ERROR_BODY_LIMIT, Error, ErrorKind, Result};
pub use gallery::{DEFAULT_GALLERY_PER_PAGE, Gallery};
pub use groupme_api::AccessToken;
pub use groups::{
    CreateGroup, DEFAULT_GROUPS_PER_PAGE, GROUP_DESCRIPTION_MAX_CHARS, GROUP_NAME_MAX_CHARS, GroupHandle,
    GroupsHandle, ListGroups, MuteDuration, OwnerChange, OwnerChangeOutcome, OwnerChangeStatus, UpdateGroup,
};
pub use ids::{ChatId, GroupId, MembershipId, MessageId, ResultsId, UserId};
pub use members::{DecideAllOutcome, Decision, MembersHandle, PendingHandle};
pub use messages::{
    EMOJI_PLACEHOLDER, EditMessage, GroupMessageHandle, MAX_MESSAGES_PER_PAGE, MESSAGE_TEXT_MAX_CHARS,
    MessageStream, MessageText, MessagesHandle, SendMessage, direct_conversation_id,
};
pub use policy::{PollingPolicy, RetryPolicy};
pub use reactions::{LikesHandle, MessageHandle, REACTION_UNICODE_EMOJI, ReactionEmoji};
pub use types::{CampusVisibility, MemberFilter};
pub use uploads::{
    FilesHandle, IMAGE_CONTENT_TYPES, ImagesHandle, MAX_FILE_BYTES, StartedFileUpload, StartedVideoUpload,
    Thumbnail, UploadedVideo, VideosHandle, thumbnail_url,
};
pub use users::{
    DirectoryHandle, EnableSms, ProfileHandle, SmsDuration, SmsHandle, UpdateDirectoryMembership,
    UpdateExtendedProfile, UpdateProfile,
};
pub use waiter::JobStatus;

/// The API's data types, as generated from the OpenAPI description.
///
/// Responses may carry more fields than these types describe; unknown
/// fields are ignored, and server-sent values such as roles and states are
/// plain strings, so new values decode too.
pub mod types {
    pub use groupme_api::v2::types::{EmailSettings, MuteMembership, Profile};
    pub use groupme_api::v3::types::{
        ApprovalResult, Bot, BotCallback, CampusProfileVisibility as CampusVisibility, Chat, ChatUser,
        DirectoryMembership, Group, GroupMessages, GroupType, GroupVisibility, JoinQuestion, JoinReason,
        JoinReasonPart, LikeIcon, LikePeriod, LooseId, Member, MembershipFilter as MemberFilter,
        MembershipStateEntry, Message, MessageDeleter, MessageEvent, MessagePreview, MuteAllMembership,
        PendingMembership, ProfileSharing, Reaction, ReadReceipt, User,
    };
    pub use groupme_api::{Attachment, attachment};

    use crate::ids::{GroupId, MembershipId, UserId};

    /// Typed views of a group's fields: its ids and its share token.
    pub trait GroupFields {
        /// The group's id.
        fn group_id(&self) -> GroupId;
        /// The creator's user id, when the answer names one.
        fn creator_id(&self) -> Option<UserId>;
        /// The token at the end of the share URL
        /// (`…/join_group/GROUP_ID/SHARE_TOKEN`), for
        /// [`GroupsHandle::join`](crate::GroupsHandle::join); `None` while
        /// sharing is off.
        fn share_token(&self) -> Option<&str>;
    }

    impl GroupFields for Group {
        fn group_id(&self) -> GroupId {
            GroupId::from(&self.id)
        }

        fn creator_id(&self) -> Option<UserId> {
            self.creator_user_id.as_ref().map(UserId::from)
        }

        fn share_token(&self) -> Option<&str> {
            let url = self.share_url.as_deref()?;
            let token = url.trim_end_matches('/').rsplit('/').next()?;
            (!token.is_empty() && url.contains("/join_group/")).then_some(token)
        }
    }

    /// Typed ids of a membership or a join request.
    pub trait MembershipIds {
        /// The membership id (the `id` field).
        fn membership_id(&self) -> MembershipId;
        /// The member's user id.
        fn user_id(&self) -> UserId;
    }

    impl MembershipIds for Member {
        fn membership_id(&self) -> MembershipId {
            MembershipId::from(&self.id)
        }

        fn user_id(&self) -> UserId {
            UserId::from(&self.user_id)
        }
    }

    impl MembershipIds for PendingMembership {
        fn membership_id(&self) -> MembershipId {
            MembershipId::from(&self.id)
        }

        fn user_id(&self) -> UserId {
            UserId::from(&self.user_id)
        }
    }
}
