//! The in-memory world: users, groups, memberships and the results of member
//! adds. Plain data plus the lookups every route needs; the rules of each
//! operation live with its route.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::time::SystemTime;

use groupme_api::v3::types::{
    CampusProfileVisibility, GroupType, GroupVisibility, JoinQuestion, JoinReason, JoinReasonPart, LikeIcon,
    Member, MessageDeleter,
};

use crate::messages::{Conversation, ConversationKey};
use crate::rules::phone_digits;

/// Every id the fake hands out. The API shows them as strings; the approval
/// and campus directory answers show them as integers.
pub(crate) type Id = i64;

/// Parses an id taken from a path; anything that is not one of ours is
/// `None`, which the routes answer as "not found".
pub(crate) fn parse_id(text: &str) -> Option<Id> {
    text.parse().ok()
}

/// A role a member holds in a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The group's owner.
    Owner,
    /// An admin: may list members, decide join requests, remove and ban.
    Admin,
    /// A plain member.
    User,
}

impl Role {
    /// The role as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Admin => "admin",
            Self::User => "user",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state of a membership.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MembershipState {
    /// A current member.
    Active,
    /// Left the group.
    Exited,
    /// Removed by an owner or admin.
    Removed,
    /// Left, then was removed.
    ExitedRemoved,
    /// Asked to join; waits for an owner or admin.
    RequestedPending,
    /// Asked to join and was turned down.
    Denied,
}

impl MembershipState {
    /// The state as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Exited => "exited",
            Self::Removed => "removed",
            Self::ExitedRemoved => "exited_removed",
            Self::RequestedPending => "requested_pending",
            Self::Denied => "denied",
        }
    }

    /// Whether this is a former member (`filter=inactive`, bannable).
    pub fn is_former(self) -> bool {
        matches!(self, Self::Exited | Self::Removed | Self::ExitedRemoved)
    }
}

impl fmt::Display for MembershipState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How long SMS mode lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SmsUntil {
    /// Until it is turned off.
    Always,
    /// Until this time.
    Time(SystemTime),
}

/// A user's membership of their campus directory.
#[derive(Clone, Debug)]
pub(crate) struct Directory {
    pub(crate) membership_id: Id,
    pub(crate) directory_id: Id,
    pub(crate) majors: Vec<String>,
    pub(crate) graduation_year: Option<i32>,
    pub(crate) visibility: CampusProfileVisibility,
}

/// The parts of a profile only the v2 host shows.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExtendedProfile {
    pub(crate) bio: Option<String>,
    pub(crate) song_url: Option<String>,
    pub(crate) photo_urls: Vec<String>,
    pub(crate) interests: Vec<i64>,
    pub(crate) disable_favorite_notification: bool,
    pub(crate) group_notification_sound: Option<String>,
    pub(crate) dm_notification_sound: Option<String>,
}

/// An account.
#[derive(Clone)]
pub(crate) struct User {
    pub(crate) id: Id,
    pub(crate) name: String,
    pub(crate) email: Option<String>,
    pub(crate) phone_number: Option<String>,
    pub(crate) image_url: Option<String>,
    pub(crate) zip_code: Option<String>,
    /// `None` for invited people, who cannot call the API.
    pub(crate) token: Option<String>,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
    pub(crate) sms: Option<SmsUntil>,
    /// The code in the share URL while sharing is on.
    pub(crate) share_code: Option<String>,
    /// `Some` for accounts in a campus domain.
    pub(crate) directory: Option<Directory>,
    pub(crate) profile: ExtendedProfile,
}

impl User {
    /// A user with just a name, made at `now` (Unix seconds).
    pub(crate) fn new(id: Id, name: String, now: i64) -> Self {
        Self {
            id,
            name,
            email: None,
            phone_number: None,
            image_url: None,
            zip_code: None,
            token: None,
            created_at: now,
            updated_at: now,
            sms: None,
            share_code: None,
            directory: None,
            profile: ExtendedProfile::default(),
        }
    }

    /// Whether SMS mode is on at `now`.
    pub(crate) fn sms_on(&self, now: SystemTime) -> bool {
        match self.sms {
            Some(SmsUntil::Always) => true,
            Some(SmsUntil::Time(until)) => now < until,
            None => false,
        }
    }
}

/// One person's membership of one group, in any state.
#[derive(Clone, Debug)]
pub(crate) struct Membership {
    pub(crate) id: Id,
    pub(crate) user_id: Id,
    pub(crate) nickname: String,
    pub(crate) roles: Vec<Role>,
    pub(crate) state: MembershipState,
    /// The GUID of the add that last made this membership active.
    pub(crate) guid: Option<String>,
    /// Why the person asked to join, for join requests.
    pub(crate) reason: Option<JoinReason>,
    /// When the membership was made or requested, in Unix seconds.
    pub(crate) timestamp: i64,
    /// Until when the member has muted the group, in Unix seconds.
    pub(crate) muted_until: Option<i64>,
    /// When the membership last changed, in Unix seconds.
    pub(crate) updated_at: i64,
}

impl Membership {
    /// A membership made at `timestamp` (Unix seconds), with no GUID or
    /// join reason.
    pub(crate) fn new(
        id: Id,
        user_id: Id,
        nickname: impl Into<String>,
        roles: Vec<Role>,
        state: MembershipState,
        timestamp: i64,
    ) -> Self {
        Self {
            id,
            user_id,
            nickname: nickname.into(),
            roles,
            state,
            guid: None,
            reason: None,
            timestamp,
            muted_until: None,
            updated_at: timestamp,
        }
    }

    /// The active owner-and-admin membership of a group's creator.
    pub(crate) fn owner(id: Id, user_id: Id, nickname: impl Into<String>, timestamp: i64) -> Self {
        Self::new(
            id,
            user_id,
            nickname,
            vec![Role::Owner, Role::Admin],
            MembershipState::Active,
            timestamp,
        )
    }

    /// Whether this member owns the group.
    pub(crate) fn is_owner(&self) -> bool {
        self.state == MembershipState::Active && self.roles.contains(&Role::Owner)
    }

    /// Whether this member may manage the group (owner or admin).
    pub(crate) fn is_manager(&self) -> bool {
        self.state == MembershipState::Active
            && self
                .roles
                .iter()
                .any(|role| matches!(role, Role::Owner | Role::Admin))
    }
}

/// The most members a fake group may have, as it reports.
pub(crate) const MAX_MEMBERS: i64 = 5000;

/// A group.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) id: Id,
    pub(crate) name: String,
    /// The creator, who can never be removed and alone may disband the
    /// group; handing the group over makes the new owner its creator.
    pub(crate) creator_id: Id,
    pub(crate) memberships: Vec<Membership>,
    /// Users banned from rejoining.
    pub(crate) banned: BTreeSet<Id>,
    pub(crate) description: Option<String>,
    pub(crate) image_url: Option<String>,
    /// Who manages and who posts.
    pub(crate) group_type: GroupType,
    pub(crate) office_mode: bool,
    /// The token at the end of the share URL while sharing is on.
    pub(crate) share_token: Option<String>,
    pub(crate) theme_name: Option<String>,
    pub(crate) requires_approval: bool,
    pub(crate) show_join_question: bool,
    pub(crate) join_question: Option<JoinQuestion>,
    pub(crate) like_icon: Option<LikeIcon>,
    pub(crate) visibility: GroupVisibility,
    pub(crate) message_deletion_mode: Vec<MessageDeleter>,
    /// When the group was made and last changed, in Unix seconds.
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

impl Group {
    /// A private, hidden, unshared group whose creator holds `owner`, the
    /// group's first membership, made when that membership was.
    pub(crate) fn new(id: Id, name: impl Into<String>, owner: Membership) -> Self {
        let created_at = owner.timestamp;
        Self {
            id,
            name: name.into(),
            creator_id: owner.user_id,
            memberships: vec![owner],
            banned: BTreeSet::new(),
            description: None,
            image_url: None,
            group_type: GroupType::Private,
            office_mode: false,
            share_token: None,
            theme_name: None,
            requires_approval: false,
            show_join_question: false,
            join_question: None,
            like_icon: None,
            visibility: GroupVisibility::Hidden,
            message_deletion_mode: vec![MessageDeleter::Admin, MessageDeleter::Sender],
            created_at,
            updated_at: created_at,
        }
    }

    /// Whether settings changes are for owners and admins only (`closed`
    /// and `announcement` groups) rather than every member (`private`).
    pub(crate) fn managers_only(&self) -> bool {
        self.group_type != GroupType::Private
    }

    /// The caller's membership in this group, in whatever state.
    pub(crate) fn membership_of(&self, user_id: Id) -> Option<&Membership> {
        self.memberships.iter().find(|m| m.user_id == user_id)
    }

    /// The membership with this id.
    pub(crate) fn membership(&self, id: Id) -> Option<&Membership> {
        self.memberships.iter().find(|m| m.id == id)
    }

    /// The membership with this id, to change.
    pub(crate) fn membership_mut(&mut self, id: Id) -> Option<&mut Membership> {
        self.memberships.iter_mut().find(|m| m.id == id)
    }

    /// The user's membership, in whatever state.
    pub(crate) fn membership_of_mut(&mut self, user_id: Id) -> Option<&mut Membership> {
        self.memberships.iter_mut().find(|m| m.user_id == user_id)
    }

    /// The user's membership if they are a current member.
    pub(crate) fn active_membership_of(&self, user_id: Id) -> Option<&Membership> {
        self.memberships
            .iter()
            .find(|m| m.user_id == user_id && m.state == MembershipState::Active)
    }
}

/// A text question and answer as the reason for a join request.
pub(crate) fn join_reason(answer: &str) -> JoinReason {
    JoinReason {
        type_: "join_reason/membership_join_reason".to_owned(),
        question: Some(JoinReasonPart {
            type_: "join_reason/questions/text".to_owned(),
            text: Some("What brings you to this group?".to_owned()),
            response: None,
        }),
        answer: Some(JoinReasonPart {
            type_: "join_reason/answers/text".to_owned(),
            text: None,
            response: Some(answer.to_owned()),
        }),
        method: Some("discoverable".to_owned()),
    }
}

/// The outcome of one member add, kept until it expires.
#[derive(Clone, Debug)]
pub(crate) struct AddResults {
    pub(crate) group_id: Id,
    pub(crate) started_at: SystemTime,
    pub(crate) members: Vec<Member>,
}

/// Every user, by id.
pub(crate) type Users = BTreeMap<Id, User>;

/// Everything the fake knows.
pub(crate) struct World {
    pub(crate) users: Users,
    pub(crate) groups: BTreeMap<Id, Group>,
    pub(crate) results: HashMap<String, AddResults>,
    /// Every bot, by its bot id.
    pub(crate) bots: BTreeMap<String, Bot>,
    /// Stored images, files and videos, by their id.
    pub(crate) blobs: HashMap<String, Blob>,
    /// File and video upload jobs, by job id.
    pub(crate) jobs: HashMap<String, UploadJob>,
    /// What the bots of each group were told, in order (the callbacks'
    /// payloads, whether or not a bot listens).
    pub(crate) delivered: Vec<groupme_api::v3::types::BotCallback>,
    next_media: u64,
    /// Every group's and direct conversation's messages.
    pub(crate) conversations: BTreeMap<ConversationKey, Conversation>,
    /// When each like was given: (conversation, message, user) to Unix seconds.
    pub(crate) liked_at: BTreeMap<(ConversationKey, Id, Id), i64>,
    /// Each user's read receipt per direct conversation: the message read
    /// up to and when.
    pub(crate) read_receipts: BTreeMap<(ConversationKey, Id), (Id, i64)>,
    next_id: Id,
    next_results: u64,
    next_guid: u64,
    next_share: u64,
}

/// Where new user, group and membership ids start; the demo seed stays below.
const FIRST_NEW_ID: Id = 5000;

impl World {
    /// A world with nobody in it.
    pub(crate) fn new() -> Self {
        Self {
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            results: HashMap::new(),
            bots: BTreeMap::new(),
            blobs: HashMap::new(),
            jobs: HashMap::new(),
            delivered: Vec::new(),
            next_media: 1,
            conversations: BTreeMap::new(),
            liked_at: BTreeMap::new(),
            read_receipts: BTreeMap::new(),
            next_id: FIRST_NEW_ID,
            next_results: 1,
            next_guid: 1,
            next_share: 1,
        }
    }

    /// A fresh id for a user, group or membership. One counter serves all
    /// three, so a new membership id never equals a new user id.
    pub(crate) fn allocate_id(&mut self) -> Id {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// A fresh results id: `results-1`, `results-2`, …
    pub(crate) fn allocate_results_id(&mut self) -> String {
        let id = format!("results-{}", self.next_results);
        self.next_results += 1;
        id
    }

    /// A fresh id for a bot, stored media or an upload job, of the form
    /// `PREFIX` followed by 24 hex digits.
    pub(crate) fn allocate_media_id(&mut self, prefix: &str) -> String {
        let id = format!("{prefix}{:024x}", self.next_media);
        self.next_media += 1;
        id
    }

    /// Starts an upload job that finishes at `ready_at` with `outcome`;
    /// returns its id.
    pub(crate) fn start_upload_job(&mut self, ready_at: SystemTime, outcome: JobOutcome) -> String {
        let job = self.allocate_media_id("job-");
        self.jobs.insert(job.clone(), UploadJob { ready_at, outcome });
        job
    }

    /// The GUID GroupMe fills in for a member added without one.
    pub(crate) fn allocate_guid(&mut self) -> String {
        let guid = format!("fake-guid-{}", self.next_guid);
        self.next_guid += 1;
        guid
    }

    /// A fresh share code: every time sharing is turned on it changes.
    pub(crate) fn allocate_share_code(&mut self) -> String {
        let code = format!("share{}", self.next_share);
        self.next_share += 1;
        code
    }

    /// The user whose token this is.
    pub(crate) fn user_by_token(&self, token: &str) -> Option<&User> {
        self.users
            .values()
            .find(|user| user.token.as_deref() == Some(token))
    }

    /// The user with this email address (case-insensitive).
    pub(crate) fn user_by_email(&self, email: &str) -> Option<Id> {
        self.users
            .values()
            .find(|user| {
                user.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            .map(|user| user.id)
    }

    /// The user with this phone number (compared digit by digit).
    pub(crate) fn user_by_phone(&self, phone_number: &str) -> Option<Id> {
        let wanted = phone_digits(phone_number);
        self.users
            .values()
            .find(|user| {
                user.phone_number
                    .as_deref()
                    .is_some_and(|p| phone_digits(p) == wanted)
            })
            .map(|user| user.id)
    }
}

/// A bot: it posts into its one group by its id and hears the group's
/// messages at its callback URL.
#[derive(Clone, Debug)]
pub(crate) struct Bot {
    pub(crate) bot_id: String,
    pub(crate) group_id: Id,
    /// The user who created it; only they see and remove it.
    pub(crate) owner_id: Id,
    pub(crate) name: String,
    pub(crate) avatar_url: Option<String>,
    pub(crate) callback_url: Option<String>,
    pub(crate) dm_notification: bool,
}

/// Bytes stored by the image, file or video service, served back as they
/// came.
#[derive(Clone, Debug)]
pub(crate) struct Blob {
    pub(crate) content_type: String,
    /// The bytes; shared, never copied when served.
    pub(crate) bytes: axum::body::Bytes,
}

/// What an upload job makes when it is done.
#[derive(Clone, Debug)]
pub(crate) enum JobOutcome {
    /// A file, by its file id, for this group.
    File { group_id: Id, file_id: String },
    /// A video and its thumbnail, by blob id.
    Video { video_id: String, thumbnail_id: String },
}

/// A file or video upload that becomes ready at `ready_at`.
#[derive(Clone, Debug)]
pub(crate) struct UploadJob {
    pub(crate) ready_at: SystemTime,
    pub(crate) outcome: JobOutcome,
}

/// Who posts a message that [`crate::delivery::deliver`] lands.
#[derive(Clone, Debug)]
pub(crate) enum Sender {
    /// A member, by user id.
    User(Id),
    /// A bot, by bot id, with its creator.
    Bot { bot_id: String, creator: Id },
}

/// A message to land in a group through [`crate::delivery::deliver`].
#[derive(Clone, Debug)]
pub(crate) struct PostedMessage {
    pub(crate) group_id: Id,
    pub(crate) source_guid: String,
    pub(crate) created_at: i64,
    pub(crate) sender: Sender,
    pub(crate) name: String,
    /// The bot's avatar, for bot posts (members show their own).
    pub(crate) avatar_url: Option<String>,
    pub(crate) text: Option<String>,
    pub(crate) attachments: Vec<groupme_api::Attachment>,
}
