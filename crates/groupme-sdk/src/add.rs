//! Adding members: GroupMe makes memberships asynchronously, so an add
//! answers with a results id and the outcome is polled for. The waiter here
//! polls with backoff until the results are ready, then tells, by GUID,
//! which requested members were added and which were not.

use std::collections::{HashMap, HashSet};

use groupme_api::v3;

use crate::client::Op;
use crate::error::{Error, Result};
use crate::groups::MembersHandle;
use crate::ids::{MembershipId, ResultsId, UserId};
use crate::types::Member;
use crate::validate::{self, Invalid, Rule};
use crate::waiter::{JobStatus, wait_until_ready};

/// The identifiers a member to add can be named by.
const IDENTIFIERS: &[&str] = &["user_id", "phone_number", "email"];

/// Someone to add to a group: a nickname and exactly one of user id, phone
/// number or email, plus an optional GUID to find them in the results.
///
/// ```
/// use groupme_sdk::NewMember;
///
/// let jane = NewMember::by_email("Jane", "dana@example.org").guid("jane-1");
/// let dad = NewMember::by_phone("Dad", "+1 5550109876");
/// assert_eq!(jane.guid_value(), Some("jane-1"));
/// # drop(dad);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    nickname: String,
    user_id: Option<UserId>,
    phone_number: Option<String>,
    email: Option<String>,
    guid: Option<String>,
}

impl NewMember {
    /// A member with only a nickname; name them with one of
    /// [`user_id`](Self::user_id), [`phone_number`](Self::phone_number) or
    /// [`email`](Self::email).
    pub fn new(nickname: impl Into<String>) -> Self {
        Self {
            nickname: nickname.into(),
            user_id: None,
            phone_number: None,
            email: None,
            guid: None,
        }
    }

    /// Someone with a GroupMe account. GroupMe may refuse unless the two
    /// users have talked before; email and phone always work.
    pub fn by_user_id(nickname: impl Into<String>, user_id: impl Into<UserId>) -> Self {
        Self::new(nickname).user_id(user_id)
    }

    /// Someone by phone number, such as `+1 5550109876`.
    pub fn by_phone(nickname: impl Into<String>, phone_number: impl Into<String>) -> Self {
        Self::new(nickname).phone_number(phone_number)
    }

    /// Someone by email address.
    pub fn by_email(nickname: impl Into<String>, email: impl Into<String>) -> Self {
        Self::new(nickname).email(email)
    }

    /// Names the member by user id.
    pub fn user_id(mut self, user_id: impl Into<UserId>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Names the member by phone number.
    pub fn phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.phone_number = Some(phone_number.into());
        self
    }

    /// Names the member by email address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// The GUID that comes back on the membership made for this member.
    /// Without one, a random GUID is chosen when the add is sent.
    pub fn guid(mut self, guid: impl Into<String>) -> Self {
        self.guid = Some(guid.into());
        self
    }

    /// The nickname.
    pub fn nickname_value(&self) -> &str {
        &self.nickname
    }

    /// The GUID, once chosen.
    pub fn guid_value(&self) -> Option<&str> {
        self.guid.as_deref()
    }

    /// Checks the member's rules; `field` is its place in the request.
    fn check(&self, field: &str) -> Result<(), Invalid> {
        validate::nickname("nickname", &self.nickname).map_err(|e| e.within(field))?;
        let set = [
            self.user_id.is_some(),
            self.phone_number.is_some(),
            self.email.is_some(),
        ];
        let actual = set.iter().filter(|is_set| **is_set).count();
        if actual != 1 {
            return Err(Invalid::new(
                field,
                Rule::ExactlyOneOf {
                    fields: IDENTIFIERS,
                    actual,
                },
            ));
        }
        if let Some(user_id) = &self.user_id {
            user_id.checked().map_err(|e| e.within(field))?;
        }
        if let Some(phone) = &self.phone_number {
            validate::non_empty("phone_number", phone).map_err(|e| e.within(field))?;
        }
        if let Some(email) = &self.email {
            validate::email("email", email).map_err(|e| e.within(field))?;
        }
        if let Some(guid) = &self.guid {
            validate::non_empty("guid", guid).map_err(|e| e.within(field))?;
        }
        Ok(())
    }

    fn to_wire(&self, field: &str) -> Result<v3::types::NewMember, Invalid> {
        fn spec<T: TryFrom<String>>(field: &str, value: &str) -> Result<T, Invalid>
        where
            T::Error: std::fmt::Display,
        {
            T::try_from(value.to_owned()).map_err(|err| Invalid::new(field, Rule::Spec(err.to_string())))
        }
        Ok(v3::types::NewMember {
            nickname: spec(field, &self.nickname)?,
            user_id: self
                .user_id
                .as_ref()
                .map(|id| spec(field, id.as_str()))
                .transpose()?,
            phone_number: self.phone_number.as_deref().map(|p| spec(field, p)).transpose()?,
            email: self.email.clone(),
            guid: self.guid.as_deref().map(|g| spec(field, g)).transpose()?,
        })
    }
}

/// A member who was added, with the request and the membership made.
#[derive(Debug, Clone, PartialEq)]
pub struct AddedMember {
    /// What was asked for (with its GUID).
    pub requested: NewMember,
    /// The membership GroupMe made.
    pub membership: Member,
}

impl AddedMember {
    /// The new membership's id.
    pub fn membership_id(&self) -> MembershipId {
        MembershipId::from(&self.membership.id)
    }
}

/// The outcome of an add: who was added, who was not, and, for adds sent
/// in chunks, the chunks that failed.
#[derive(Debug, Default)]
pub struct AddOutcome {
    /// Members who were added, in request order.
    pub added: Vec<AddedMember>,
    /// Members left out of the results: GroupMe could not add them (an
    /// unknown user id, a banned user, a user id who never talked to the
    /// caller).
    pub not_added: Vec<NewMember>,
    /// Chunks of a large add whose request failed (nobody in them was
    /// added) or whose results could not be had (they may have been added:
    /// the error's [`Error::started_add`] resumes the wait). Empty unless
    /// the add was sent in several chunks and at least one was accepted:
    /// otherwise `send` returns the first error instead.
    pub failed: Vec<FailedChunk>,
}

/// A chunk of a large add that failed, with why.
#[derive(Debug)]
pub struct FailedChunk {
    /// The members the chunk asked for.
    pub members: Vec<NewMember>,
    /// Why it failed: [`Error::is_results_expired`] or [`Error::is_timeout`]
    /// mean the add was sent but its outcome is unknown.
    pub error: Error,
}

impl AddOutcome {
    /// Whether every requested member was added.
    pub fn all_added(&self) -> bool {
        self.not_added.is_empty() && self.failed.is_empty()
    }

    fn merge(&mut self, other: Self) {
        self.added.extend(other.added);
        self.not_added.extend(other.not_added);
        self.failed.extend(other.failed);
    }
}

/// A started add: its results id and the members it asked for, each with
/// its GUID. Wait for it with [`MembersHandle::wait`]; every error after
/// GroupMe accepted an add carries one ([`Error::started_add`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedAdd {
    /// The handle to fetch results with; valid for one hour.
    pub results_id: ResultsId,
    /// The members asked for, with their GUIDs.
    pub requested: Vec<NewMember>,
}

impl StartedAdd {
    /// An add started earlier, from its results id and the members it asked
    /// for (each with the GUID it was sent with), to wait for it again,
    /// for example after a restart.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// use groupme_sdk::{NewMember, StartedAdd};
    /// let started = StartedAdd::new(
    ///     "f2a9d7c0-0000-4b8e-9c55-1b2a3c4d5e6f",
    ///     vec![NewMember::by_email("Jane", "dana@example.org").guid("jane-1")],
    /// );
    /// let outcome = client.group("1234").members().wait(&started).await?;
    /// # drop(outcome); Ok(()) }
    /// ```
    pub fn new(results_id: impl Into<ResultsId>, requested: Vec<NewMember>) -> Self {
        Self {
            results_id: results_id.into(),
            requested,
        }
    }
}

/// One look at an add's results: `Ready` with the memberships made
/// (members that failed are left out), or `NotReady`.
pub type ResultsStatus = JobStatus<Vec<Member>>;

/// Adds members and waits for the outcome. Made by [`MembersHandle::add`].
#[derive(Debug)]
#[must_use = "nothing is sent until `send` or `start` is awaited"]
pub struct AddMembers<'a> {
    members: MembersHandle<'a>,
    requested: Vec<NewMember>,
}

impl MembersHandle<'_> {
    /// Adds members: `send` adds and waits for the outcome; `start` only
    /// starts.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// use groupme_sdk::NewMember;
    /// let outcome = client
    ///     .group("1234")
    ///     .members()
    ///     .add()
    ///     .member(NewMember::by_email("Jane", "dana@example.org"))
    ///     .member(NewMember::by_phone("Dad", "+1 5550109876"))
    ///     .send()
    ///     .await?;
    /// for member in &outcome.not_added {
    ///     println!("could not add {}", member.nickname_value());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn add(&self) -> AddMembers<'_> {
        AddMembers {
            members: self.clone(),
            requested: Vec::new(),
        }
    }

    /// One look at an add's results, in one request: ready, not ready (GroupMe's
    /// plain-text `503`), or an error. [`Error::is_results_expired`] holds
    /// once they are gone; an outage (an HTML `503` page, a `5xx`, a rate
    /// limit, a network failure) is an error for which
    /// [`Error::is_retryable`] holds, never "not ready".
    pub async fn results(&self, results_id: &ResultsId) -> Result<ResultsStatus> {
        const OP: Op = Op::poll("get_member_results");
        let group_id = self.group.checked_id()?;
        let results = results_id.checked()?;
        let v3 = self.group.client.v3();
        let outcome = self
            .group
            .client
            .call(OP, || {
                v3.get_member_results()
                    .group_id(group_id)
                    .results_id(results)
                    .send()
            })
            .await;
        match outcome {
            Ok(results) => Ok(ResultsStatus::Ready(results.members.unwrap_or_default())),
            Err(err) if is_not_ready(&err) => Ok(ResultsStatus::NotReady),
            Err(err) if err.status() == Some(reqwest::StatusCode::NOT_FOUND) => Err(Error::results_expired(
                OP.name,
                err.body_excerpt().map(str::to_owned),
            )),
            Err(err) => Err(err),
        }
    }

    /// Polls an add's results until they are ready, they expire, or the
    /// polling deadline passes, waiting between polls as the client's
    /// [`PollingPolicy`](crate::PollingPolicy) says. Rate limits, outages and
    /// network failures are polled through until the deadline (honouring
    /// `Retry-After`); the timeout error then says how many requests were
    /// sent and what the last one met. Dropping the future stops polling;
    /// nothing keeps running.
    pub async fn wait_for_results(&self, results_id: &ResultsId) -> Result<Vec<Member>> {
        wait_until_ready(self.group.client, "get_member_results", || {
            self.results(results_id)
        })
        .await
    }

    /// Waits for a started add and tells who was added and who was not.
    /// Every error carries the started add ([`Error::started_add`]), so that
    /// waiting can resume without adding the same people again.
    pub async fn wait(&self, started: &StartedAdd) -> Result<AddOutcome> {
        let members = self
            .wait_for_results(&started.results_id)
            .await
            .map_err(|err| err.with_accepted_job(started))?;
        Ok(correlate(&started.requested, members))
    }
}

/// Whether a failed results request is GroupMe's plain-text "not ready":
/// a `503` with a text body, not an HTML outage page or an empty answer.
fn is_not_ready(err: &Error) -> bool {
    err.status() == Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
        && err.api_errors().is_none()
        && err.body_excerpt().is_some()
        && !err.is_html_page()
}

impl AddMembers<'_> {
    /// Adds one member.
    pub fn member(mut self, member: NewMember) -> Self {
        self.requested.push(member);
        self
    }

    /// Adds several members.
    pub fn members(mut self, members: impl IntoIterator<Item = NewMember>) -> Self {
        self.requested.extend(members);
        self
    }

    /// Checks every member, gives each a GUID, and adds them, in chunks of
    /// the client's `add_chunk_size` (sent one after another); then waits for
    /// every chunk's results at once and merges the outcomes.
    ///
    /// An add sent in one request returns its error, which carries the
    /// accepted add ([`Error::started_add`]) if GroupMe had accepted it. An
    /// add sent in several chunks returns an error only when no chunk was
    /// accepted; otherwise each chunk that failed is reported in
    /// [`AddOutcome::failed`], its error carrying its own accepted add where
    /// there was one, so that no accepted chunk is lost.
    pub async fn send(self) -> Result<AddOutcome> {
        let requested = prepare(self.requested)?;
        let chunk_size = self.members.group.client.add_chunk_size();
        let chunks = requested.chunks(chunk_size).count();
        let mut outcome = AddOutcome::default();
        let mut started = Vec::new();
        for chunk in requested.chunks(chunk_size) {
            match self.members.start_prepared(chunk.to_vec()).await {
                Ok(add) => started.push(add),
                Err(error) => outcome.failed.push(FailedChunk {
                    members: chunk.to_vec(),
                    error,
                }),
            }
        }
        let accepted = !started.is_empty();
        let waited = futures::future::join_all(started.iter().map(|add| self.members.wait(add))).await;
        for (add, result) in started.into_iter().zip(waited) {
            match result {
                Ok(chunk_outcome) => outcome.merge(chunk_outcome),
                Err(error) => outcome.failed.push(FailedChunk {
                    members: add.requested,
                    error,
                }),
            }
        }
        if (chunks == 1 || !accepted) && !outcome.failed.is_empty() {
            return Err(outcome.failed.swap_remove(0).error);
        }
        Ok(outcome)
    }

    /// Checks every member, gives each a GUID, and starts the add in one
    /// request, without waiting. Poll with [`MembersHandle::results`] or
    /// wait with [`MembersHandle::wait`].
    pub async fn start(self) -> Result<StartedAdd> {
        let requested = prepare(self.requested)?;
        self.members.start_prepared(requested).await
    }
}

impl MembersHandle<'_> {
    async fn start_prepared(&self, requested: Vec<NewMember>) -> Result<StartedAdd> {
        let group_id = self.group.checked_id()?;
        let members = requested
            .iter()
            .enumerate()
            .map(|(index, member)| member.to_wire(&format!("members[{index}]")))
            .collect::<Result<Vec<_>, Invalid>>()?;
        let body = v3::types::AddMembersRequest { members };
        let v3 = self.group.client.v3();
        let accepted: v3::types::AddMembersAccepted = self
            .group
            .client
            .call(Op::write("add_members"), || {
                v3.add_members().group_id(group_id).body(body.clone()).send()
            })
            .await?;
        Ok(StartedAdd {
            results_id: ResultsId::from(accepted.results_id),
            requested,
        })
    }
}

/// Checks every member, fills in missing GUIDs and rejects duplicates.
fn prepare(mut requested: Vec<NewMember>) -> Result<Vec<NewMember>, Invalid> {
    validate::min_items("members", requested.len(), 1)?;
    let mut seen = HashSet::new();
    for (index, member) in requested.iter_mut().enumerate() {
        let field = format!("members[{index}]");
        member.check(&field)?;
        let guid = member
            .guid
            .get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        if !seen.insert(guid.clone()) {
            return Err(Invalid::new(format!("{field}.guid"), Rule::Unique));
        }
    }
    Ok(requested)
}

/// Pairs requested members with the memberships made, by GUID.
fn correlate(requested: &[NewMember], results: Vec<Member>) -> AddOutcome {
    let mut by_guid: HashMap<String, Member> = results
        .into_iter()
        .filter_map(|member| Some((member.guid.clone()?, member)))
        .collect();
    let mut outcome = AddOutcome::default();
    for member in requested {
        match member.guid.as_ref().and_then(|guid| by_guid.remove(guid)) {
            Some(membership) => outcome.added.push(AddedMember {
                requested: member.clone(),
                membership,
            }),
            None => outcome.not_added.push(member.clone()),
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn membership(guid: &str, id: &str) -> Member {
        Member {
            id: id.into(),
            user_id: format!("u{id}"),
            nickname: guid.into(),
            guid: Some(guid.into()),
            app_installed: None,
            autokicked: None,
            image_url: None,
            muted: None,
            name: None,
            roles: None,
            state: None,
        }
    }

    #[test]
    fn guids_are_filled_in_and_duplicates_refused() {
        let prepared = prepare(vec![
            NewMember::by_email("A", "a@example.com"),
            NewMember::by_email("B", "b@example.com").guid("b"),
        ])
        .unwrap();
        assert!(prepared[0].guid_value().is_some_and(|g| g.len() == 36));
        assert_eq!(prepared[1].guid_value(), Some("b"));

        let err = prepare(vec![
            NewMember::by_email("A", "a@example.com").guid("same"),
            NewMember::by_email("B", "b@example.com").guid("same"),
        ])
        .unwrap_err();
        assert_eq!((err.field(), err.rule()), ("members[1].guid", &Rule::Unique));
    }

    #[test]
    fn exactly_one_identifier() {
        let none = prepare(vec![NewMember::new("A")]).unwrap_err();
        assert_eq!(
            none.rule(),
            &Rule::ExactlyOneOf {
                fields: IDENTIFIERS,
                actual: 0
            }
        );
        let two = prepare(vec![
            NewMember::by_email("A", "a@example.com").phone_number("+1 1"),
        ])
        .unwrap_err();
        assert_eq!(
            (two.field(), two.rule()),
            (
                "members[0]",
                &Rule::ExactlyOneOf {
                    fields: IDENTIFIERS,
                    actual: 2
                }
            )
        );
    }

    #[test]
    fn members_missing_from_results_are_not_added() {
        let requested = prepare(vec![
            NewMember::by_email("A", "a@example.com").guid("a"),
            NewMember::by_user_id("B", "42").guid("b"),
            NewMember::by_phone("C", "+1 3").guid("c"),
        ])
        .unwrap();
        let outcome = correlate(
            &requested,
            vec![membership("c", "3"), membership("a", "1"), membership("zzz", "9")],
        );
        let added: Vec<_> = outcome
            .added
            .iter()
            .map(|a| (a.requested.guid_value(), a.membership_id()))
            .collect();
        assert_eq!(
            added,
            vec![
                (Some("a"), MembershipId::from("1")),
                (Some("c"), MembershipId::from("3"))
            ]
        );
        assert_eq!(outcome.not_added, vec![requested[1].clone()]);
        assert!(!outcome.all_added());
    }
}
