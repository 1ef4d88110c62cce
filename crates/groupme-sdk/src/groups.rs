//! Groups: the caller's groups as a stream of pages, former groups,
//! creating, joining and rejoining, handing groups over to new owners, and
//! one group's details, settings, deletion and notifications.
//!
//! The members and join requests of a group live in [`crate::members`].

use std::fmt;
use std::num::{NonZeroU32, NonZeroU64};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::BoxStream;
use futures::{Stream, StreamExt, TryStreamExt};
use groupme_api::{v2, v3};

use crate::client::{Client, Op};
use crate::error::Result;
use crate::ids::{GroupId, UserId};
use crate::pager::{PageNumber, paginate};
use crate::types::{
    Group, GroupType, GroupVisibility, Member, MembershipStateEntry, MessageDeleter, MuteAllMembership,
    MuteMembership,
};
use crate::validate::{self, Invalid, Rule, spec_value};

pub(crate) use crate::members::{MembersHandle, PendingHandle};

/// How many groups a page of [`GroupsHandle::list`] holds unless
/// [`ListGroups::per_page`] says otherwise; GroupMe's own default.
pub const DEFAULT_GROUPS_PER_PAGE: u32 = 10;

impl Client {
    /// The caller's groups: list, create, join, rejoin, hand over.
    pub fn groups(&self) -> GroupsHandle<'_> {
        GroupsHandle { client: self }
    }

    /// A group, by id: its details, settings, members, join requests and
    /// the caller's nickname and notifications in it.
    pub fn group(&self, id: impl Into<GroupId>) -> GroupHandle<'_> {
        GroupHandle {
            client: self,
            id: id.into(),
        }
    }
}

/// The caller's groups. Made by [`Client::groups`].
#[derive(Debug, Clone)]
pub struct GroupsHandle<'a> {
    client: &'a Client,
}

impl<'a> GroupsHandle<'a> {
    /// The groups the caller is an active member of, as a stream that
    /// fetches one page at a time (see [`ListGroups`]).
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// use futures::TryStreamExt;
    ///
    /// let mut groups = client.groups().list().per_page(50).omit_memberships(true);
    /// while let Some(group) = groups.try_next().await? {
    ///     println!("{} {}", group.id, group.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListGroups<'a> {
        ListGroups {
            client: self.client,
            per_page: DEFAULT_GROUPS_PER_PAGE,
            omit_memberships: false,
            pages: None,
        }
    }

    /// The groups the caller left on their own and may
    /// [`rejoin`](Self::rejoin).
    pub async fn former(&self) -> Result<Vec<Group>> {
        let v3 = self.client.v3();
        self.client
            .call_list(Op::read("list_former_groups"), || v3.list_former_groups().send())
            .await
    }

    /// Starts creating a group named `name` (1 to 140 characters); set the
    /// rest on the builder and [`send`](CreateGroup::send) it.
    ///
    /// GroupMe now asks for device attestation here and refuses third-party
    /// clients with `403` ([`Error::is_forbidden`](crate::Error::is_forbidden)).
    pub fn create(&self, name: impl Into<String>) -> CreateGroup<'a> {
        CreateGroup {
            client: self.client,
            name: name.into(),
            description: None,
            image_url: None,
            share: None,
        }
    }

    /// Joins a group through the token at the end of its share URL
    /// (`https://groupme.com/join_group/GROUP_ID/SHARE_TOKEN`; see
    /// [`GroupFields::share_token`](crate::types::GroupFields::share_token)).
    pub async fn join(&self, group_id: impl Into<GroupId>, share_token: impl Into<String>) -> Result<Group> {
        let group_id = group_id.into();
        let share_token = share_token.into();
        let group = group_id.checked()?;
        validate::non_empty("share_token", &share_token)?;
        let v3 = self.client.v3();
        let joined: v3::types::JoinedGroup = self
            .client
            .call(Op::write("join_group"), || {
                v3.join_group()
                    .group_id(group)
                    .share_token(share_token.as_str())
                    .send()
            })
            .await?;
        Ok(joined.group)
    }

    /// Rejoins a group the caller left on their own. Removed or banned
    /// members cannot.
    pub async fn rejoin(&self, group_id: impl Into<GroupId>) -> Result<Group> {
        let group_id = group_id.into();
        let body = v3::types::RejoinGroupRequest {
            group_id: spec_value("group_id", group_id.checked()?.to_owned())?,
        };
        let v3 = self.client.v3();
        self.client
            .call(Op::write("rejoin_group"), || {
                v3.rejoin_group().body(body.clone()).send()
            })
            .await
    }

    /// Hands each group over to a new owner. The call as a whole succeeds
    /// or fails; each change then has its own [`OwnerChangeStatus`], in the
    /// order requested. Only a group's owner may hand it over.
    pub async fn change_owners(
        &self,
        changes: impl IntoIterator<Item = OwnerChange>,
    ) -> Result<Vec<OwnerChangeOutcome>> {
        let changes: Vec<OwnerChange> = changes.into_iter().collect();
        validate::min_items("requests", changes.len(), 1)?;
        let requests = changes
            .iter()
            .enumerate()
            .map(|(index, change)| {
                change
                    .to_request()
                    .map_err(|err| err.within(&format!("requests[{index}]")))
            })
            .collect::<Result<Vec<_>, Invalid>>()?;
        let body = v3::types::ChangeOwnersRequest { requests };
        let v3 = self.client.v3();
        let answer: v3::types::OwnerChangeResults = self
            .client
            .call(Op::write("change_group_owners"), || {
                v3.change_group_owners().body(body.clone()).send()
            })
            .await?;
        Ok(OwnerChangeOutcome::pair(
            &changes,
            answer.results.unwrap_or_default(),
        ))
    }

    /// Every group the caller was ever in, with the caller's state in it
    /// (`active`, `exited`, `removed`, `exited_removed`, or newer values).
    pub async fn membership_states(&self) -> Result<Vec<MembershipStateEntry>> {
        let v3 = self.client.v3();
        self.client
            .call_list(Op::read("list_membership_states"), || {
                v3.list_membership_states().send()
            })
            .await
    }
}

/// The caller's groups, a page at a time. Made by [`GroupsHandle::list`].
///
/// It is a [`Stream`] of groups: set `per_page` and `omit_memberships`,
/// then poll it (or [`collect_all`](Self::collect_all)). It asks for
/// page 1, 2, … as items are taken and ends at the first empty page; a page
/// that repeats the previous one ends it with an error (see the pager's
/// rules in the crate's `pager` module). A `per_page` of 0 yields a
/// validation error and sends nothing.
#[must_use = "a stream does nothing until polled"]
pub struct ListGroups<'a> {
    client: &'a Client,
    per_page: u32,
    omit_memberships: bool,
    pages: Option<BoxStream<'a, Result<Group>>>,
}

impl fmt::Debug for ListGroups<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListGroups")
            .field("per_page", &self.per_page)
            .field("omit_memberships", &self.omit_memberships)
            .field("started", &self.pages.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a> ListGroups<'a> {
    /// How many groups each request asks for (default
    /// [`DEFAULT_GROUPS_PER_PAGE`]); at least 1.
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = per_page;
        self
    }

    /// Leaves every group's members out (`members` is `None`), which makes
    /// pages much smaller for callers in large groups.
    pub fn omit_memberships(mut self, omit: bool) -> Self {
        self.omit_memberships = omit;
        self
    }

    /// Every group on every page, in order.
    pub async fn collect_all(self) -> Result<Vec<Group>> {
        self.try_collect().await
    }

    fn start(&self) -> BoxStream<'a, Result<Group>> {
        let Some(per_page) = NonZeroU32::new(self.per_page) else {
            let invalid = Invalid::new(
                "per_page",
                Rule::Range {
                    min: 1,
                    max: u32::MAX.into(),
                    actual: 0,
                },
            );
            return futures::stream::once(async move { Err(invalid.into()) }).boxed();
        };
        let client = self.client;
        let omit = self
            .omit_memberships
            .then_some(v3::types::GroupOmission::Memberships);
        let fetch = move |PageNumber(page): PageNumber| async move {
            let v3 = client.v3();
            client
                .call_list(Op::read("list_groups"), || {
                    let request = v3.list_groups().page(page).per_page(per_page);
                    match omit {
                        Some(omit) => request.omit(omit).send(),
                        None => request.send(),
                    }
                })
                .await
        };
        paginate("list_groups", PageNumber::FIRST, fetch, |group: &Group| {
            group.id.clone()
        })
        .boxed()
    }
}

impl Stream for ListGroups<'_> {
    type Item = Result<Group>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.pages.is_none() {
            self.pages = Some(self.start());
        }
        match self.pages.as_mut() {
            Some(pages) => pages.poll_next_unpin(cx),
            None => Poll::Ready(None),
        }
    }
}

/// Creates a group. Made by [`GroupsHandle::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct CreateGroup<'a> {
    client: &'a Client,
    name: String,
    description: Option<String>,
    image_url: Option<String>,
    share: Option<bool>,
}

impl CreateGroup<'_> {
    /// A subheading, at most 255 characters.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// An avatar URL from GroupMe's image service.
    pub fn image_url(mut self, image_url: impl Into<String>) -> Self {
        self.image_url = Some(image_url.into());
        self
    }

    /// `true` makes a share URL anybody can join with.
    pub fn share(mut self, share: bool) -> Self {
        self.share = Some(share);
        self
    }

    /// Checks every field, then creates the group; returns it, with the
    /// caller as creator, owner and only member.
    pub async fn send(self) -> Result<Group> {
        let body = v3::types::CreateGroupRequest {
            name: group_name(self.name)?,
            description: self.description.map(group_description).transpose()?,
            image_url: self.image_url.map(image_url).transpose()?,
            share: self.share,
        };
        let v3 = self.client.v3();
        self.client
            .call(Op::write("create_group"), || {
                v3.create_group().body(body.clone()).send()
            })
            .await
    }
}

/// How long a mute lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MuteDuration {
    /// This many minutes (at least 1).
    Minutes(u64),
    /// Until unmuted.
    UntilUnmuted,
}

impl MuteDuration {
    /// The `duration` GroupMe expects: minutes, or null for "until
    /// unmuted".
    fn minutes(self) -> Result<Option<NonZeroU64>, Invalid> {
        match self {
            Self::UntilUnmuted => Ok(None),
            Self::Minutes(minutes) => NonZeroU64::new(minutes).map(Some).ok_or_else(|| {
                Invalid::new(
                    "duration",
                    Rule::Range {
                        min: 1,
                        max: i64::MAX,
                        actual: 0,
                    },
                )
            }),
        }
    }
}

/// One group. Made by [`Client::group`].
#[derive(Debug, Clone)]
pub struct GroupHandle<'a> {
    pub(crate) client: &'a Client,
    pub(crate) id: GroupId,
}

impl<'a> GroupHandle<'a> {
    /// The group's id.
    pub fn id(&self) -> &GroupId {
        &self.id
    }

    /// The group's memberships.
    pub fn members(&self) -> MembersHandle<'a> {
        MembersHandle { group: self.clone() }
    }

    /// The group's pending requests to join.
    pub fn pending(&self) -> PendingHandle<'a> {
        PendingHandle { group: self.clone() }
    }

    /// The group, with its members. Only its active members may see it;
    /// anyone else gets an error for which
    /// [`Error::is_not_found`](crate::Error::is_not_found) holds.
    pub async fn get(&self) -> Result<Group> {
        let group_id = self.checked_id()?;
        let v3 = self.client.v3();
        self.client
            .call(Op::read("get_group"), || v3.get_group().group_id(group_id).send())
            .await
    }

    /// Starts changing the group's settings; set what should change on the
    /// builder and [`send`](UpdateGroup::send) it.
    pub fn update(&self) -> UpdateGroup<'a> {
        UpdateGroup {
            group: self.clone(),
            changes: v3::types::UpdateGroupRequest::default(),
            name: None,
            description: None,
            image_url: None,
            theme_name: None,
            join_question: None,
            message_deletion_mode: None,
        }
    }

    /// Disbands the group for everyone. Only its creator may.
    pub async fn destroy(&self) -> Result<()> {
        let group_id = self.checked_id()?;
        let v3 = self.client.v3();
        self.client
            .call_empty(Op::write("destroy_group"), || {
                v3.destroy_group().group_id(group_id).send()
            })
            .await
    }

    /// Mutes the group's main chat (not its topics) for the caller (v2);
    /// returns the caller's membership. See
    /// [`mute_with_topics`](Self::mute_with_topics) to silence topics too.
    pub async fn mute(&self, duration: MuteDuration) -> Result<MuteMembership> {
        let body = v2::types::MuteRequest {
            duration: duration.minutes()?,
        };
        let group_id = self.checked_id()?;
        let v2 = self.client.v2();
        let answer: v2::types::MuteAnswer = self
            .client
            .call(Op::write("mute_group"), || {
                v2.mute_group().group_id(group_id).body(body.clone()).send()
            })
            .await?;
        Ok(answer.membership)
    }

    /// Unmutes the group's main chat for the caller (v2).
    pub async fn unmute(&self) -> Result<MuteMembership> {
        let group_id = self.checked_id()?;
        let v2 = self.client.v2();
        let answer: v2::types::MuteAnswer = self
            .client
            .call(Op::write("unmute_group"), || {
                v2.unmute_group().group_id(group_id).send()
            })
            .await?;
        Ok(answer.membership)
    }

    /// Mutes the group's main chat and every topic in it for the caller
    /// (v3); returns the caller's membership with when each mute ends.
    pub async fn mute_with_topics(&self, duration: MuteDuration) -> Result<MuteAllMembership> {
        let body = v3::types::MuteRequest {
            duration: duration.minutes()?,
        };
        let group_id = self.checked_id()?;
        let v3 = self.client.v3();
        let answer: v3::types::MuteAllAnswer = self
            .client
            .call(Op::write("mute_group_and_topics"), || {
                v3.mute_group_and_topics()
                    .group_id(group_id)
                    .body(body.clone())
                    .send()
            })
            .await?;
        Ok(answer.membership)
    }

    /// Unmutes the group's main chat and every topic in it for the caller
    /// (v3).
    pub async fn unmute_with_topics(&self) -> Result<MuteAllMembership> {
        let group_id = self.checked_id()?;
        let v3 = self.client.v3();
        let answer: v3::types::MuteAllAnswer = self
            .client
            .call(Op::write("unmute_group_and_topics"), || {
                v3.unmute_group_and_topics().group_id(group_id).send()
            })
            .await?;
        Ok(answer.membership)
    }

    /// Sets the caller's own nickname in the group (1 to 50 characters);
    /// returns the caller's membership.
    pub async fn set_nickname(&self, nickname: impl Into<String>) -> Result<Member> {
        let nickname = nickname.into();
        validate::nickname("membership.nickname", &nickname)?;
        let group_id = self.checked_id()?;
        let nickname = spec_value("membership.nickname", nickname)?;
        let body = v3::types::UpdateNicknameRequest {
            membership: v3::types::NicknameChange { nickname },
        };
        let v3 = self.client.v3();
        self.client
            .call(Op::write("update_nickname"), || {
                v3.update_nickname().group_id(group_id).body(body.clone()).send()
            })
            .await
    }

    pub(crate) fn checked_id(&self) -> Result<&str, Invalid> {
        self.id.checked()
    }
}

/// Changes a group's settings. Made by [`GroupHandle::update`]; fields left
/// unset stay as they are.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UpdateGroup<'a> {
    group: GroupHandle<'a>,
    /// The settings whose values need no checking.
    changes: v3::types::UpdateGroupRequest,
    name: Option<String>,
    description: Option<String>,
    image_url: Option<String>,
    theme_name: Option<String>,
    join_question: Option<String>,
    message_deletion_mode: Option<Vec<MessageDeleter>>,
}

impl UpdateGroup<'_> {
    /// The group's name, 1 to 140 characters.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A subheading, at most 255 characters (empty clears it).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// An avatar URL from GroupMe's image service.
    pub fn image_url(mut self, image_url: impl Into<String>) -> Self {
        self.image_url = Some(image_url.into());
        self
    }

    /// `true` keeps notifications silent.
    pub fn office_mode(mut self, office_mode: bool) -> Self {
        self.changes.office_mode = Some(office_mode);
        self
    }

    /// A theme to apply, by name. (GroupMe also takes `null` to go back to
    /// the default theme; the description in `spec/` has no way to send
    /// that yet, so neither has this builder.)
    pub fn theme_name(mut self, theme_name: impl Into<String>) -> Self {
        self.theme_name = Some(theme_name.into());
        self
    }

    /// `true` makes a share URL anybody can join with; `false` turns it off.
    pub fn share(mut self, share: bool) -> Self {
        self.changes.share = Some(share);
        self
    }

    /// `true` makes people ask to join and wait for an owner or admin.
    pub fn requires_approval(mut self, requires_approval: bool) -> Self {
        self.changes.requires_approval = Some(requires_approval);
        self
    }

    /// `true` asks people who want to join a question; needs
    /// `requires_approval(true)`.
    pub fn show_join_question(mut self, show: bool) -> Self {
        self.changes.show_join_question = Some(show);
        self
    }

    /// The question asked of people who want to join; needs
    /// `requires_approval` and `show_join_question`, which it sets to
    /// `true` unless they were set otherwise (which is then an error).
    pub fn join_question(mut self, text: impl Into<String>) -> Self {
        self.join_question = Some(text.into());
        self
    }

    /// The like icon: emoji `pack_index` of powerup pack `pack_id`.
    pub fn like_icon(mut self, pack_id: i64, pack_index: i64) -> Self {
        self.changes.like_icon = Some(v3::types::LikeIcon {
            type_: "emoji".to_owned(),
            pack_id: Some(pack_id),
            pack_index: Some(pack_index),
        });
        self
    }

    /// Whether the group shows up in discovery.
    pub fn visibility(mut self, visibility: GroupVisibility) -> Self {
        self.changes.visibility = Some(visibility);
        self
    }

    /// Who manages and who posts: `Private`, `Closed` or `Announcement`.
    pub fn group_type(mut self, group_type: GroupType) -> Self {
        self.changes.group_type = Some(group_type);
        self
    }

    /// Who may delete messages: admins, senders, both, or (empty) nobody.
    /// Each at most once.
    pub fn message_deletion_mode(mut self, deleters: impl IntoIterator<Item = MessageDeleter>) -> Self {
        self.message_deletion_mode = Some(deleters.into_iter().collect());
        self
    }

    /// Checks every field and the rules between them, then sends the
    /// changes; returns the changed group.
    pub async fn send(self) -> Result<Group> {
        let group_id = self.group.checked_id()?;
        let body = self.checked_changes()?;
        let client = self.group.client;
        let v3 = client.v3();
        client
            .call(Op::write("update_group"), || {
                v3.update_group().group_id(group_id).body(body.clone()).send()
            })
            .await
    }

    /// The request body, or the first rule it breaks.
    fn checked_changes(&self) -> Result<v3::types::UpdateGroupRequest, Invalid> {
        let mut changes = self.changes.clone();
        changes.name = self.name.clone().map(group_name).transpose()?;
        changes.description = self.description.clone().map(group_description).transpose()?;
        changes.image_url = self.image_url.clone().map(image_url).transpose()?;
        if let Some(theme) = &self.theme_name {
            validate::non_empty("theme_name", theme)?;
            changes.theme_name = Some(spec_value("theme_name", theme.clone())?);
        }
        if let Some(text) = &self.join_question {
            validate::non_empty("join_question.text", text)?;
            for (field, value) in [
                ("requires_approval", &mut changes.requires_approval),
                ("show_join_question", &mut changes.show_join_question),
            ] {
                if *value == Some(false) {
                    return Err(Invalid::new(
                        field,
                        Rule::Requires("to be true when a join question is set"),
                    ));
                }
                *value = Some(true);
            }
            changes.join_question = Some(v3::types::JoinQuestion {
                type_: JOIN_QUESTION_TYPE.to_owned(),
                text: text.clone(),
            });
        }
        if changes.show_join_question == Some(true) && changes.requires_approval == Some(false) {
            return Err(Invalid::new(
                "show_join_question",
                Rule::Requires("requires_approval to be true"),
            ));
        }
        if let Some(deleters) = &self.message_deletion_mode {
            for (index, deleter) in deleters.iter().enumerate() {
                if deleters[..index].contains(deleter) {
                    return Err(Invalid::new(
                        format!("message_deletion_mode[{index}]"),
                        Rule::Unique,
                    ));
                }
            }
            changes.message_deletion_mode = Some(deleters.clone());
        }
        if changes == v3::types::UpdateGroupRequest::default() {
            return Err(Invalid::new(
                "update",
                Rule::Requires("at least one setting to change"),
            ));
        }
        Ok(changes)
    }
}

/// The only kind of join question GroupMe knows.
const JOIN_QUESTION_TYPE: &str = "join_reason/questions/text";

/// The most characters a group name may have.
pub const GROUP_NAME_MAX_CHARS: usize = 140;
/// The most characters a group description may have.
pub const GROUP_DESCRIPTION_MAX_CHARS: usize = 255;

/// One group to hand over, and to whom. See [`GroupsHandle::change_owners`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerChange {
    /// The group.
    pub group_id: GroupId,
    /// The new owner, an active member of the group other than the caller.
    pub owner_id: UserId,
}

impl OwnerChange {
    /// Hands `group_id` over to `owner_id`.
    pub fn new(group_id: impl Into<GroupId>, owner_id: impl Into<UserId>) -> Self {
        Self {
            group_id: group_id.into(),
            owner_id: owner_id.into(),
        }
    }

    fn to_request(&self) -> Result<v3::types::OwnerChange, Invalid> {
        Ok(v3::types::OwnerChange {
            group_id: spec_value("group_id", self.group_id.checked()?.to_owned())?,
            owner_id: spec_value("owner_id", checked_user(&self.owner_id, "owner_id")?.to_owned())?,
        })
    }
}

/// How one requested owner change went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerChangeOutcome {
    /// The group.
    pub group_id: GroupId,
    /// The new owner asked for.
    pub owner_id: UserId,
    /// What happened.
    pub status: OwnerChangeStatus,
}

impl OwnerChangeOutcome {
    /// Pairs each result with its request: GroupMe answers in request
    /// order, and a result without ids (a malformed request) takes them
    /// from its request.
    fn pair(changes: &[OwnerChange], results: Vec<v3::types::OwnerChangeResult>) -> Vec<Self> {
        results
            .into_iter()
            .enumerate()
            .map(|(index, result)| {
                let asked = changes.get(index);
                Self {
                    group_id: result
                        .group_id
                        .map(GroupId::from)
                        .or_else(|| asked.map(|change| change.group_id.clone()))
                        .unwrap_or_else(|| GroupId::new("")),
                    owner_id: result
                        .owner_id
                        .map(UserId::from)
                        .or_else(|| asked.map(|change| change.owner_id.clone()))
                        .unwrap_or_else(|| UserId::new("")),
                    status: OwnerChangeStatus::from_code(&result.status),
                }
            })
            .collect()
    }
}

/// The status GroupMe reports for one owner change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OwnerChangeStatus {
    /// `"200"`: the new owner owns the group now.
    Changed,
    /// `"400"`: the new owner is the caller.
    RequesterIsNewOwner,
    /// `"403"`: the caller does not own the group.
    NotOwner,
    /// `"404"`: the group or the new owner was not found, or the new owner
    /// is not a member.
    NotFound,
    /// `"405"`: the request lacked a field or a field was not an id.
    InvalidRequest,
    /// A status this version does not know, as GroupMe sent it.
    Other(String),
}

impl OwnerChangeStatus {
    /// The status for GroupMe's code string.
    pub fn from_code(code: &str) -> Self {
        match code.trim() {
            "200" => Self::Changed,
            "400" => Self::RequesterIsNewOwner,
            "403" => Self::NotOwner,
            "404" => Self::NotFound,
            "405" => Self::InvalidRequest,
            _ => Self::Other(code.to_owned()),
        }
    }

    /// The code string, as GroupMe sends it.
    pub fn code(&self) -> &str {
        match self {
            Self::Changed => "200",
            Self::RequesterIsNewOwner => "400",
            Self::NotOwner => "403",
            Self::NotFound => "404",
            Self::InvalidRequest => "405",
            Self::Other(code) => code,
        }
    }

    /// Whether the change was made.
    pub fn is_changed(&self) -> bool {
        *self == Self::Changed
    }
}

impl fmt::Display for OwnerChangeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Changed => "changed",
            Self::RequesterIsNewOwner => "the new owner is the caller",
            Self::NotOwner => "the caller does not own the group",
            Self::NotFound => "group or new owner not found, or not a member",
            Self::InvalidRequest => "the request lacked a field or an id",
            Self::Other(code) => return write!(f, "status {code}"),
        };
        write!(f, "{} ({text})", self.code())
    }
}

/// Checks a group name: 1 to 140 characters, not blank.
fn group_name<T>(name: String) -> Result<T, Invalid>
where
    T: TryFrom<String>,
    T::Error: fmt::Display,
{
    validate::non_empty("name", &name)?;
    validate::char_length("name", &name, 1, GROUP_NAME_MAX_CHARS)?;
    spec_value("name", name)
}

/// Checks a group description: at most 255 characters.
fn group_description<T>(description: String) -> Result<T, Invalid>
where
    T: TryFrom<String>,
    T::Error: fmt::Display,
{
    validate::char_length("description", &description, 0, GROUP_DESCRIPTION_MAX_CHARS)?;
    spec_value("description", description)
}

/// Checks an avatar URL: not blank.
fn image_url<T>(url: String) -> Result<T, Invalid>
where
    T: TryFrom<String>,
    T::Error: fmt::Display,
{
    validate::non_empty("image_url", &url)?;
    spec_value("image_url", url)
}

fn checked_user<'u>(user_id: &'u UserId, field: &str) -> Result<&'u str, Invalid> {
    user_id.checked().map_err(|_| Invalid::new(field, Rule::NonEmpty))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update() -> UpdateGroup<'static> {
        let client: &'static Client = Box::leak(Box::new(Client::new("token").unwrap()));
        client.group("1").update()
    }

    #[test]
    fn streams_and_futures_cross_threads() {
        fn assert_send<T: Send>(_: &T) {}
        let client = Client::new("token").unwrap();
        assert_send(&client.groups().list());
        assert_send(&client.groups().list().collect_all());
        assert_send(&client.groups().create("Name").send());
        assert_send(&client.groups().change_owners([OwnerChange::new("1", "2")]));
        assert_send(&client.group("1").update().name("Name").send());
        assert_send(&client.group("1").mute(MuteDuration::UntilUnmuted));
    }

    #[test]
    fn owner_change_status_codes_map_both_ways() {
        for code in ["200", "400", "403", "404", "405"] {
            let status = OwnerChangeStatus::from_code(code);
            assert!(!matches!(status, OwnerChangeStatus::Other(_)), "{code}");
            assert_eq!(status.code(), code);
        }
        assert_eq!(
            OwnerChangeStatus::from_code("418"),
            OwnerChangeStatus::Other("418".to_owned())
        );
        assert!(OwnerChangeStatus::from_code("200").is_changed());
    }

    #[test]
    fn a_join_question_switches_on_what_it_needs() {
        let changes = update().join_question("Why?").checked_changes().unwrap();
        assert_eq!(changes.requires_approval, Some(true));
        assert_eq!(changes.show_join_question, Some(true));
        assert_eq!(changes.join_question.unwrap().type_, JOIN_QUESTION_TYPE);
    }

    #[test]
    fn rules_between_settings_are_checked() {
        let err = update()
            .requires_approval(false)
            .join_question("Why?")
            .checked_changes()
            .unwrap_err();
        assert_eq!(err.field(), "requires_approval");
        let err = update()
            .requires_approval(false)
            .show_join_question(true)
            .checked_changes()
            .unwrap_err();
        assert_eq!(err.field(), "show_join_question");
        let err = update()
            .message_deletion_mode([MessageDeleter::Admin, MessageDeleter::Admin])
            .checked_changes()
            .unwrap_err();
        assert_eq!(
            (err.field(), err.rule()),
            ("message_deletion_mode[1]", &Rule::Unique)
        );
        let err = update().checked_changes().unwrap_err();
        assert_eq!(err.field(), "update");
    }
}
