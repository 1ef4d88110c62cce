//! The shared state behind a running fake, and the handle tests use to
//! arrange and inspect it.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use groupme_api::v2::types::Profile;
use groupme_api::v3::types::{
    Bot as ApiBot, BotCallback, CampusProfileVisibility, DirectoryMembership, Group as ApiGroup, Member,
    Message, User as ApiUser,
};

use crate::clock::{Clock, unix_seconds};
use crate::faults::FaultInjector;
use crate::messages::{Conversation, ConversationKey, Cursor as MessageCursor, StoredMessage};
use crate::model::{
    Directory, Group, Id, Membership, MembershipState, PostedMessage, Role, Sender, User, World, join_reason,
    parse_id,
};
use crate::reply::ApiError;
use crate::views;

/// The campus directory every user in a domain belongs to.
pub(crate) const DIRECTORY_ID: Id = 1928;

/// How long file and video upload jobs take unless
/// [`FakeState::set_upload_delay`] says otherwise.
pub const DEFAULT_UPLOAD_DELAY: Duration = Duration::from_millis(300);

/// When member-add results become ready and when they expire.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ResultsTiming {
    /// Results answer `503` for this long after the add.
    pub(crate) delay: Duration,
    /// Results answer `404` from this long after the add.
    pub(crate) expiry: Duration,
}

/// Something about the state could not be arranged as asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// No user has this id.
    #[error("no user with id {0:?}")]
    UnknownUser(String),
    /// No group has this id.
    #[error("no group with id {0:?}")]
    UnknownGroup(String),
    /// The group has no membership with this id.
    #[error("the group has no membership with id {0:?}")]
    UnknownMembership(String),
    /// Another user already has this token.
    #[error("another user already has this token")]
    TokenTaken,
    /// The user already has a membership (in some state) in the group.
    #[error("user {0:?} already has a membership in the group")]
    AlreadyInGroup(String),
}

/// A user to add with [`FakeState::add_user`].
///
/// ```
/// let user = groupme_fake::NewUser::new("Heidi Hacker")
///     .token("heidi-token")
///     .email("heidi@example.com")
///     .in_directory();
/// # let _ = user;
/// ```
#[derive(Clone)]
pub struct NewUser {
    name: String,
    token: Option<String>,
    email: Option<String>,
    phone_number: Option<String>,
    in_directory: bool,
}

impl NewUser {
    /// A user called `name`, without a token (so they cannot call the API),
    /// email or phone number, and not in a campus domain.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            token: None,
            email: None,
            phone_number: None,
            in_directory: false,
        }
    }

    /// The access token the user calls the API with.
    #[must_use]
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The user's email address.
    #[must_use]
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// The user's phone number, such as `+1 5550001001`.
    #[must_use]
    pub fn phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.phone_number = Some(phone_number.into());
        self
    }

    /// Puts the user in a campus domain, which allows the directory calls.
    #[must_use]
    pub fn in_directory(mut self) -> Self {
        self.in_directory = true;
        self
    }
}

impl fmt::Debug for NewUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUser")
            .field("name", &self.name)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("email", &self.email)
            .field("phone_number", &self.phone_number)
            .field("in_directory", &self.in_directory)
            .finish()
    }
}

/// A handle on the fake's state, shared with its server: what a test
/// arranges here the next request sees, and what requests change shows here.
///
/// Ids go in and come out as strings, as the API shows them.
#[derive(Clone)]
pub struct FakeState {
    shared: Arc<Shared>,
}

struct Shared {
    world: Mutex<World>,
    clock: Arc<dyn Clock>,
    timing: ResultsTiming,
    faults: FaultInjector,
    require_verification: AtomicBool,
    /// How long file and video upload jobs take, in milliseconds.
    upload_delay_ms: AtomicU64,
    /// Sends bot callbacks (to loopback only, see `delivery`).
    http: reqwest::Client,
    /// Bot callbacks answered, and those that failed.
    callbacks_answered: AtomicU64,
    callbacks_failed: AtomicU64,
}

impl fmt::Debug for FakeState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeState")
            .field("clock", &self.shared.clock)
            .field("timing", &self.shared.timing)
            .field("faults", &self.shared.faults)
            .field("require_verification", &self.shared.require_verification)
            .finish_non_exhaustive()
    }
}

impl FakeState {
    pub(crate) fn new(world: World, clock: Arc<dyn Clock>, timing: ResultsTiming) -> Self {
        Self {
            shared: Arc::new(Shared {
                world: Mutex::new(world),
                clock,
                timing,
                faults: FaultInjector::default(),
                require_verification: AtomicBool::new(false),
                upload_delay_ms: AtomicU64::new(DEFAULT_UPLOAD_DELAY.as_millis() as u64),
                http: reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .unwrap_or_default(),
                callbacks_answered: AtomicU64::new(0),
                callbacks_failed: AtomicU64::new(0),
            }),
        }
    }

    /// The fake's current time.
    pub fn now(&self) -> SystemTime {
        self.shared.clock.now()
    }

    pub(crate) fn timing(&self) -> ResultsTiming {
        self.shared.timing
    }

    /// The fault rules in force and the count of faults injected.
    pub(crate) fn faults(&self) -> &FaultInjector {
        &self.shared.faults
    }

    /// Whether member adds and group creation need a device attestation.
    pub(crate) fn require_verification_flag(&self) -> &AtomicBool {
        &self.shared.require_verification
    }

    /// How long file and video upload jobs stay unfinished.
    pub fn upload_delay(&self) -> Duration {
        Duration::from_millis(self.shared.upload_delay_ms.load(Ordering::Relaxed))
    }

    /// Sets how long file and video upload jobs stay unfinished (default
    /// [`DEFAULT_UPLOAD_DELAY`]), measured on the fake's clock.
    pub fn set_upload_delay(&self, delay: Duration) {
        self.shared.upload_delay_ms.store(
            delay.as_millis().try_into().unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    /// The HTTP client for bot callbacks.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.shared.http
    }

    /// Counts a bot callback that was answered (`answered`) or failed.
    pub(crate) fn note_callback(&self, answered: bool) {
        let counter = if answered {
            &self.shared.callbacks_answered
        } else {
            &self.shared.callbacks_failed
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// How many bot callbacks got an answer, and how many failed (no
    /// listener, timeout). Callbacks go out in the background; poll this.
    pub fn callbacks_sent(&self) -> (u64, u64) {
        (
            self.shared.callbacks_answered.load(Ordering::Relaxed),
            self.shared.callbacks_failed.load(Ordering::Relaxed),
        )
    }

    /// Posts `text` into the group as the member `user_id`, as if they had
    /// sent it: it lands in the group and the group's bots hear it at
    /// their (loopback) callback URLs. Returns the message id.
    pub fn post_as_user(&self, group_id: &str, user_id: &str, text: &str) -> Result<String, StateError> {
        let now = unix_seconds(self.now());
        let message = {
            let mut world = self.world();
            let user = known_user(&world, user_id)?;
            let group = parse_id(group_id)
                .filter(|id| world.groups.contains_key(id))
                .ok_or_else(|| StateError::UnknownGroup(group_id.to_owned()))?;
            let name = world.groups[&group]
                .active_membership_of(user)
                .map(|m| m.nickname.clone())
                .ok_or_else(|| StateError::UnknownMembership(user_id.to_owned()))?;
            PostedMessage {
                source_guid: world.allocate_guid(),
                group_id: group,
                created_at: now,
                sender: Sender::User(user),
                name,
                avatar_url: None,
                text: Some(text.to_owned()),
                attachments: Vec::new(),
            }
        };
        crate::delivery::deliver(self, message)
            .map(|landed| landed.id)
            .map_err(|_| StateError::UnknownGroup(group_id.to_owned()))
    }

    /// What the group's bots were told, oldest first: every message that
    /// landed in the group, in the shape bots hear them.
    pub fn delivered_messages(&self, group_id: &str) -> Vec<BotCallback> {
        let world = self.world();
        world
            .delivered
            .iter()
            .filter(|message| message.group_id == group_id)
            .cloned()
            .collect()
    }

    /// The bots of a group, as `list_bots` shows them.
    pub fn bots(&self, group_id: &str) -> Vec<ApiBot> {
        let world = self.world();
        world
            .bots
            .values()
            .filter(|bot| Some(bot.group_id) == parse_id(group_id))
            .map(crate::views::bot)
            .collect()
    }

    /// Locks the world. Never hold the guard across an `.await`.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.shared.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The id of the user whose token this is, or the `401` answer.
    pub(crate) fn authenticate(&self, token: Option<&str>) -> Result<Id, ApiError> {
        token
            .and_then(|token| self.world().user_by_token(token).map(|user| user.id))
            .ok_or_else(ApiError::unauthorized)
    }

    /// Adds a user and returns their new id.
    pub fn add_user(&self, new: NewUser) -> Result<String, StateError> {
        let now = unix_seconds(self.now());
        let mut world = self.world();
        if let Some(token) = &new.token
            && world.user_by_token(token).is_some()
        {
            return Err(StateError::TokenTaken);
        }
        let id = world.allocate_id();
        let mut user = User::new(id, new.name, now);
        user.token = new.token;
        user.email = new.email;
        user.phone_number = new.phone_number;
        if new.in_directory {
            let membership_id = world.allocate_id();
            user.directory = Some(new_directory(membership_id));
        }
        world.users.insert(id, user);
        Ok(id.to_string())
    }

    /// Creates a group owned by `owner_user_id` (roles owner and admin,
    /// nickname their name) and returns the group's id.
    pub fn create_group(&self, name: &str, owner_user_id: &str) -> Result<String, StateError> {
        let now = unix_seconds(self.now());
        let mut world = self.world();
        let owner = known_user(&world, owner_user_id)?;
        let nickname = world.users[&owner].name.clone();
        let group_id = world.allocate_id();
        let membership_id = world.allocate_id();
        let owner = Membership::owner(membership_id, owner, nickname, now);
        world.groups.insert(group_id, Group::new(group_id, name, owner));
        Ok(group_id.to_string())
    }

    /// Makes `user_id` an active plain member (role `user`) and returns the
    /// new membership id.
    pub fn add_member(&self, group_id: &str, user_id: &str, nickname: &str) -> Result<String, StateError> {
        self.add_membership(group_id, user_id, nickname, MembershipState::Active)
    }

    /// Files a request by `user_id` to join the group, with a text question
    /// and answer as its reason, and returns its membership id.
    pub fn add_join_request(
        &self,
        group_id: &str,
        user_id: &str,
        nickname: &str,
    ) -> Result<String, StateError> {
        self.add_membership(group_id, user_id, nickname, MembershipState::RequestedPending)
    }

    fn add_membership(
        &self,
        group_id: &str,
        user_id: &str,
        nickname: &str,
        state: MembershipState,
    ) -> Result<String, StateError> {
        let now = unix_seconds(self.now());
        let mut world = self.world();
        let user_id = known_user(&world, user_id)?;
        let membership_id = world.allocate_id();
        let group = known_group(&mut world.groups, group_id)?;
        if group.membership_of_mut(user_id).is_some() {
            return Err(StateError::AlreadyInGroup(user_id.to_string()));
        }
        let mut membership = Membership::new(membership_id, user_id, nickname, vec![Role::User], state, now);
        if state == MembershipState::RequestedPending {
            membership.reason = Some(join_reason("I would like to join."));
        }
        group.memberships.push(membership);
        Ok(membership_id.to_string())
    }

    /// Replaces a member's roles, for example `&[Role::Admin]` to make them
    /// an admin.
    pub fn set_roles(&self, group_id: &str, membership_id: &str, roles: &[Role]) -> Result<(), StateError> {
        self.change_membership(group_id, membership_id, |membership| {
            membership.roles = roles.to_vec();
        })
    }

    /// Sets a membership's state, for example [`MembershipState::Exited`]
    /// to make someone a former member.
    pub fn set_state(
        &self,
        group_id: &str,
        membership_id: &str,
        state: MembershipState,
    ) -> Result<(), StateError> {
        self.change_membership(group_id, membership_id, |membership| {
            membership.state = state;
        })
    }

    fn change_membership(
        &self,
        group_id: &str,
        membership_id: &str,
        change: impl FnOnce(&mut Membership),
    ) -> Result<(), StateError> {
        let mut world = self.world();
        let group = known_group(&mut world.groups, group_id)?;
        let membership = parse_id(membership_id)
            .and_then(|id| group.membership_mut(id))
            .ok_or_else(|| StateError::UnknownMembership(membership_id.to_owned()))?;
        change(membership);
        Ok(())
    }

    /// Bans `user_id` from the group: adding them fails silently from now on.
    pub fn ban(&self, group_id: &str, user_id: &str) -> Result<(), StateError> {
        let mut world = self.world();
        let user_id = known_user(&world, user_id)?;
        known_group(&mut world.groups, group_id)?.banned.insert(user_id);
        Ok(())
    }

    /// Whether `user_id` is banned from the group.
    pub fn is_banned(&self, group_id: &str, user_id: &str) -> Result<bool, StateError> {
        let mut world = self.world();
        let group = known_group(&mut world.groups, group_id)?;
        Ok(parse_id(user_id).is_some_and(|id| group.banned.contains(&id)))
    }

    /// Puts the user in a campus domain (allowing the directory calls) or
    /// takes them out of it.
    pub fn set_in_directory(&self, user_id: &str, in_directory: bool) -> Result<(), StateError> {
        let mut world = self.world();
        let id = known_user(&world, user_id)?;
        let current = world.users.get_mut(&id).and_then(|user| user.directory.take());
        let directory = match (in_directory, current) {
            (true, None) => Some(new_directory(world.allocate_id())),
            (true, kept) => kept,
            (false, _) => None,
        };
        if let Some(user) = world.users.get_mut(&id) {
            user.directory = directory;
        }
        Ok(())
    }

    /// The user as `GET /users/me` would show them.
    pub fn user(&self, user_id: &str) -> Option<ApiUser> {
        let now = self.now();
        let world = self.world();
        let user = world.users.get(&parse_id(user_id)?)?;
        Some(views::user(user, now))
    }

    /// The user's extended profile as the v2 host shows it.
    pub fn profile(&self, user_id: &str) -> Option<Profile> {
        let now = self.now();
        let world = self.world();
        let user = world.users.get(&parse_id(user_id)?)?;
        Some(views::profile(user, now))
    }

    /// The user's campus directory membership; `None` for users outside a
    /// campus domain.
    pub fn directory_membership(&self, user_id: &str) -> Option<DirectoryMembership> {
        let world = self.world();
        let user = world.users.get(&parse_id(user_id)?)?;
        user.directory
            .as_ref()
            .map(|directory| views::directory(user.id, directory))
    }

    /// The group as its members see it, active members included; `None`
    /// if there is no such group (or it was disbanded).
    pub fn group(&self, group_id: &str) -> Option<ApiGroup> {
        let world = self.world();
        let group = world.groups.get(&parse_id(group_id)?)?;
        Some(views::group(&world.users, group, true))
    }

    /// Turns the group's share link on and returns its token (the same
    /// token if it was on already).
    pub fn share_group(&self, group_id: &str) -> Result<String, StateError> {
        let mut world = self.world();
        let token = world.allocate_share_code();
        let group = known_group(&mut world.groups, group_id)?;
        Ok(group.share_token.get_or_insert(token).clone())
    }

    /// Every membership of the group in every state (active, former, join
    /// requests, denied), with state, roles and last GUID filled in.
    pub fn memberships(&self, group_id: &str) -> Result<Vec<Member>, StateError> {
        let mut world = self.world();
        let world = &mut *world;
        let users = &world.users;
        let group = known_group(&mut world.groups, group_id)?;
        Ok(group
            .memberships
            .iter()
            .map(|membership| views::member(users, membership))
            .collect())
    }

    /// Replaces the group's messages with a generated history of `count`
    /// messages, sent in turn by its active members, one a second up to
    /// now. Generated messages are computed when read, so a history of a
    /// hundred thousand costs a few bytes; those that change later (liked,
    /// edited, deleted) are stored from then on.
    pub fn generate_history(&self, group_id: &str, count: u64) -> Result<(), StateError> {
        let now = unix_seconds(self.now());
        let mut world = self.world();
        let group = known_group(&mut world.groups, group_id)?;
        let senders: Vec<(Id, String)> = group
            .memberships
            .iter()
            .filter(|membership| membership.state == MembershipState::Active)
            .map(|membership| (membership.user_id, membership.nickname.clone()))
            .collect();
        let key = ConversationKey::Group(group.id);
        world
            .conversations
            .entry(key)
            .or_insert_with(|| Conversation::new(now))
            .generate(count, senders, now);
        Ok(())
    }

    /// Replaces the direct conversation of two users with a generated
    /// history of `count` messages, sent by each in turn (as
    /// [`generate_history`](Self::generate_history)); returns its id.
    pub fn generate_direct_history(
        &self,
        user_a: &str,
        user_b: &str,
        count: u64,
    ) -> Result<String, StateError> {
        let now = unix_seconds(self.now());
        let mut world = self.world();
        let mut senders = Vec::new();
        for user_id in [user_a, user_b] {
            let user = parse_id(user_id)
                .and_then(|id| world.users.get(&id))
                .ok_or_else(|| StateError::UnknownUser(user_id.to_owned()))?;
            senders.push((user.id, user.name.clone()));
        }
        let key = ConversationKey::direct(senders[0].0, senders[1].0);
        world
            .conversations
            .entry(key)
            .or_insert_with(|| Conversation::new(now))
            .generate(count, senders, now);
        Ok(key.wire_id())
    }

    /// Posts `text` as `sender_user_id` in a conversation (a group id or a
    /// direct conversation id `a+b`), without any of the checks a send
    /// goes through; returns the new message's id.
    pub fn post_message(
        &self,
        conversation_id: &str,
        sender_user_id: &str,
        text: &str,
    ) -> Result<String, StateError> {
        let now = unix_seconds(self.now());
        let mut world = self.world();
        let key = ConversationKey::parse(conversation_id)
            .ok_or_else(|| StateError::UnknownGroup(conversation_id.to_owned()))?;
        let sender = parse_id(sender_user_id)
            .and_then(|id| world.users.get(&id))
            .ok_or_else(|| StateError::UnknownUser(sender_user_id.to_owned()))?;
        let (sender, name) = (sender.id, sender.name.clone());
        if let ConversationKey::Group(id) = key {
            known_group(&mut world.groups, &id.to_string())?;
        }
        let conversation = world
            .conversations
            .entry(key)
            .or_insert_with(|| Conversation::new(now));
        let stored = conversation.push(StoredMessage {
            id: 0,
            source_guid: format!("fake-post-{now}-{}", conversation.len()),
            created_at: now,
            updated_at: None,
            sender,
            name,
            text: Some(text.to_owned()),
            attachments: Vec::new(),
            system: false,
            favorited_by: Vec::new(),
            reactions: Vec::new(),
            pinned_by: None,
            pinned_at: None,
            bot_id: None,
        });
        Ok(stored.id.to_string())
    }

    /// Every message of a conversation (a group id or `a+b`), oldest
    /// first, as the API shows them; empty when it has none.
    pub fn messages(&self, conversation_id: &str) -> Vec<Message> {
        let world = self.world();
        let Some(key) = ConversationKey::parse(conversation_id) else {
            return Vec::new();
        };
        let Some(conversation) = world.conversations.get(&key) else {
            return Vec::new();
        };
        let mut messages = Vec::new();
        let mut cursor = MessageCursor::After(0);
        loop {
            let page = conversation.page(cursor, 1000);
            let Some(last) = page.last() else {
                return messages;
            };
            cursor = MessageCursor::After(last.id);
            messages.extend(page.iter().map(|message| {
                let avatar = world
                    .users
                    .get(&message.sender)
                    .and_then(|user| user.image_url.clone());
                crate::messages::view(key, message, avatar)
            }));
        }
    }

    /// One message of a conversation (a group id or `a+b`).
    pub fn message(&self, conversation_id: &str, message_id: &str) -> Option<Message> {
        let world = self.world();
        let key = ConversationKey::parse(conversation_id)?;
        let message = world.conversations.get(&key)?.get(parse_id(message_id)?)?;
        let avatar = world
            .users
            .get(&message.sender)
            .and_then(|user| user.image_url.clone());
        Some(crate::messages::view(key, &message, avatar))
    }

    /// Adds `attachment` to a message of a conversation (a group id or
    /// `a+b`), as if it had been sent with it; `false` when there is no
    /// such message.
    pub fn attach(
        &self,
        conversation_id: &str,
        message_id: &str,
        attachment: groupme_api::Attachment,
    ) -> bool {
        let mut world = self.world();
        let message = ConversationKey::parse(conversation_id)
            .and_then(|key| world.conversations.get_mut(&key))
            .and_then(|conversation| conversation.get_mut(parse_id(message_id)?));
        match message {
            Some(message) => {
                message.attachments.push(attachment);
                true
            }
            None => false,
        }
    }

    /// The id of the direct conversation between two users: the two ids
    /// joined by `+`, the smaller first.
    pub fn direct_conversation_id(&self, user_a: &str, user_b: &str) -> Option<String> {
        Some(ConversationKey::direct(parse_id(user_a)?, parse_id(user_b)?).wire_id())
    }

    /// A human-readable description of the users (with their tokens),
    /// groups, memberships, join requests and bans.
    pub fn describe(&self) -> String {
        let world = self.world();
        let mut out = String::from("Users (send the token as X-Access-Token):\n");
        for user in world.users.values() {
            let mut line = format!("  {:<5} {:<16}", user.id, user.name);
            let details = [
                ("token", user.token.as_deref()),
                ("email", user.email.as_deref()),
                ("phone", user.phone_number.as_deref()),
            ];
            for (label, value) in details {
                if let Some(value) = value {
                    let _ = write!(line, " {label} {value:<20}");
                }
            }
            if user.directory.is_some() {
                line.push_str(" (campus directory)");
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push_str("Groups:\n");
        for group in world.groups.values() {
            let _ = write!(
                out,
                "  {:<5} {} ({}, creator {}",
                group.id, group.name, group.group_type, group.creator_id
            );
            if let Some(token) = &group.share_token {
                let _ = write!(out, ", share token {token}");
            }
            out.push_str(")\n");
            for m in &group.memberships {
                let roles: Vec<_> = m.roles.iter().map(|role| role.as_str()).collect();
                let _ = writeln!(
                    out,
                    "    membership {:<5} user {:<5} {:<10} {:<18} {}",
                    m.id,
                    m.user_id,
                    m.nickname,
                    m.state.as_str(),
                    roles.join(", ")
                );
            }
            if !group.banned.is_empty() {
                let banned: Vec<_> = group.banned.iter().map(Id::to_string).collect();
                let _ = writeln!(out, "    banned users: {}", banned.join(", "));
            }
        }
        out
    }
}

/// A fresh campus directory membership: no majors, no year, hidden.
pub(crate) fn new_directory(membership_id: Id) -> Directory {
    Directory {
        membership_id,
        directory_id: DIRECTORY_ID,
        majors: Vec::new(),
        graduation_year: None,
        visibility: CampusProfileVisibility::Hidden,
    }
}

fn known_user(world: &World, user_id: &str) -> Result<Id, StateError> {
    parse_id(user_id)
        .filter(|id| world.users.contains_key(id))
        .ok_or_else(|| StateError::UnknownUser(user_id.to_owned()))
}

fn known_group<'w>(groups: &'w mut BTreeMap<Id, Group>, group_id: &str) -> Result<&'w mut Group, StateError> {
    parse_id(group_id)
        .and_then(|id| groups.get_mut(&id))
        .ok_or_else(|| StateError::UnknownGroup(group_id.to_owned()))
}
