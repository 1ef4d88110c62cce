//! A group's members and join requests: list, remove, ban, and approve or
//! deny requests, one at a time or all at once.

use groupme_api::{v3, v3::types::MembershipFilter};

use crate::client::Op;
use crate::error::{Error, Result};
use crate::groups::GroupHandle;
use crate::ids::{MembershipId, UserId};
use crate::types::{ApprovalResult, Member, MemberFilter, PendingMembership};

/// A group's memberships. Made by [`GroupHandle::members`].
#[derive(Debug, Clone)]
pub struct MembersHandle<'a> {
    pub(crate) group: GroupHandle<'a>,
}

impl MembersHandle<'_> {
    /// The current (`Active`) or former (`Inactive`) members (none when
    /// GroupMe sends `null`). Only owners and admins may list; others get
    /// an error for which [`Error::is_unauthorized`] holds.
    pub async fn list(&self, filter: MemberFilter) -> Result<Vec<Member>> {
        let group_id = self.group.checked_id()?;
        let v3 = self.group.client.v3();
        let index: v3::types::MembershipIndex = self
            .group
            .client
            .call(Op::read("list_members"), || {
                v3.list_members().group_id(group_id).filter(filter).send()
            })
            .await?;
        Ok(index.memberships.unwrap_or_default())
    }

    /// The membership of `user_id` among the current or former members.
    pub async fn find_user(&self, user_id: &UserId, filter: MemberFilter) -> Result<Option<Member>> {
        user_id.checked()?;
        let members = self.list(filter).await?;
        Ok(members
            .into_iter()
            .find(|member| member.user_id == user_id.as_str()))
    }

    /// Removes a member by membership id (not user id). The group's creator
    /// cannot be removed.
    pub async fn remove(&self, membership_id: impl Into<MembershipId>) -> Result<()> {
        let membership_id = membership_id.into();
        let group_id = self.group.checked_id()?;
        let membership = membership_id.checked()?;
        let v3 = self.group.client.v3();
        self.group
            .client
            .call_empty(Op::write("remove_member"), || {
                v3.remove_member()
                    .group_id(group_id)
                    .membership_id(membership)
                    .send()
            })
            .await
    }

    /// Removes the current member whose user id is `user_id`, finding the
    /// membership id through the member index; returns the membership id.
    pub async fn remove_user(&self, user_id: impl Into<UserId>) -> Result<MembershipId> {
        let membership_id = self
            .membership_of(&user_id.into(), MembershipFilter::Active)
            .await?;
        self.remove(membership_id.clone()).await?;
        Ok(membership_id)
    }

    /// Bans a former member from rejoining, by membership id (v2). Current
    /// members must be removed first.
    pub async fn ban(&self, membership_id: impl Into<MembershipId>) -> Result<()> {
        let membership_id = membership_id.into();
        let group_id = self.group.checked_id()?;
        let membership = membership_id.checked()?;
        let v2 = self.group.client.v2();
        self.group
            .client
            .call_empty(Op::write("ban_member"), || {
                v2.ban_member()
                    .group_id(group_id)
                    .membership_id(membership)
                    .send()
            })
            .await
    }

    /// Bans the former member whose user id is `user_id`, finding the
    /// membership id among former members; returns the membership id.
    pub async fn ban_user(&self, user_id: impl Into<UserId>) -> Result<MembershipId> {
        let membership_id = self
            .membership_of(&user_id.into(), MembershipFilter::Inactive)
            .await?;
        self.ban(membership_id.clone()).await?;
        Ok(membership_id)
    }

    /// The membership id of `user_id` among current or former members, or
    /// a [`ErrorKind::MemberNotFound`](crate::ErrorKind::MemberNotFound) error.
    async fn membership_of(&self, user_id: &UserId, filter: MemberFilter) -> Result<MembershipId> {
        let current = filter == MembershipFilter::Active;
        match self.find_user(user_id, filter).await? {
            Some(member) => Ok(MembershipId::from(member.id)),
            None => Err(Error::member_not_found("list_members", user_id.clone(), current)),
        }
    }
}

/// Approve or deny a request to join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Let the requester in.
    Approve,
    /// Turn the request down; its state becomes `denied`.
    Deny,
}

/// What [`PendingHandle::approve_all`] and [`PendingHandle::deny_all`] did.
#[derive(Debug, Default)]
pub struct DecideAllOutcome {
    /// The requests decided, with GroupMe's answer.
    pub decided: Vec<ApprovalResult>,
    /// The requests that could not be decided, with why.
    pub failed: Vec<(MembershipId, Error)>,
}

/// A group's pending join requests. Made by [`GroupHandle::pending`].
#[derive(Debug, Clone)]
pub struct PendingHandle<'a> {
    pub(crate) group: GroupHandle<'a>,
}

impl PendingHandle<'_> {
    /// The requests waiting for a decision (none when GroupMe sends
    /// `null`). Any member may list them.
    pub async fn list(&self) -> Result<Vec<PendingMembership>> {
        let group_id = self.group.checked_id()?;
        let v3 = self.group.client.v3();
        self.group
            .client
            .call_list(Op::read("list_pending_memberships"), || {
                v3.list_pending_memberships().group_id(group_id).send()
            })
            .await
    }

    /// Approves a request, by membership id. Only owners and admins may.
    pub async fn approve(&self, membership_id: impl Into<MembershipId>) -> Result<ApprovalResult> {
        self.decide(membership_id, Decision::Approve).await
    }

    /// Denies a request, by membership id. Only owners and admins may.
    pub async fn deny(&self, membership_id: impl Into<MembershipId>) -> Result<ApprovalResult> {
        self.decide(membership_id, Decision::Deny).await
    }

    /// Approves or denies a request, by membership id.
    pub async fn decide(
        &self,
        membership_id: impl Into<MembershipId>,
        decision: Decision,
    ) -> Result<ApprovalResult> {
        let membership_id = membership_id.into();
        let group_id = self.group.checked_id()?;
        let membership = membership_id.checked()?;
        let body = v3::types::ApprovalRequest {
            approval: decision == Decision::Approve,
        };
        let v3 = self.group.client.v3();
        self.group
            .client
            .call(Op::write("decide_pending_membership"), || {
                v3.decide_pending_membership()
                    .group_id(group_id)
                    .membership_id(membership)
                    .body(body.clone())
                    .send()
            })
            .await
    }

    /// Approves every pending request; one failure does not stop the rest.
    pub async fn approve_all(&self) -> Result<DecideAllOutcome> {
        self.decide_all(Decision::Approve).await
    }

    /// Denies every pending request; one failure does not stop the rest.
    pub async fn deny_all(&self) -> Result<DecideAllOutcome> {
        self.decide_all(Decision::Deny).await
    }

    async fn decide_all(&self, decision: Decision) -> Result<DecideAllOutcome> {
        let mut outcome = DecideAllOutcome::default();
        for request in self.list().await? {
            let membership_id = MembershipId::from(request.id);
            match self.decide(membership_id.clone(), decision).await {
                Ok(result) => outcome.decided.push(result),
                Err(err) => outcome.failed.push((membership_id, err)),
            }
        }
        Ok(outcome)
    }
}
