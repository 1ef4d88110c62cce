//! Requests to join a group: any member may list them; owners and admins
//! decide them.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use groupme_api::v3::types::{ApprovalEnvelope, ApprovalRequest, ApprovalResult, PendingMembershipsEnvelope};

use super::{manages, member_group};
use crate::extract::{V3Caller, parse_json};
use crate::model::{MembershipState, parse_id};
use crate::reply::{ApiError, NOT_OWNER_OR_ADMIN, meta};
use crate::state::FakeState;
use crate::views;

/// `GET /groups/:group_id/pending_memberships`: a bare list of requests.
pub(super) async fn list(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path(group_id): Path<String>,
) -> Result<Json<PendingMembershipsEnvelope>, ApiError> {
    let mut world = fake.world();
    let world = &mut *world;
    let group = member_group(&mut world.groups, &group_id, me)?;
    let pending = group
        .memberships
        .iter()
        .filter(|membership| membership.state == MembershipState::RequestedPending)
        .map(|membership| views::pending(&world.users, membership))
        .collect();
    Ok(Json(PendingMembershipsEnvelope {
        response: Some(pending),
        meta: meta(StatusCode::OK),
    }))
}

/// `POST /groups/:group_id/members/:membership_id/approval`: approving
/// makes the membership active, denying makes it `denied`. Anyone but an
/// owner or admin of the group gets `401` in plain text.
pub(super) async fn decide(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    Path((group_id, membership_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<ApprovalEnvelope>, ApiError> {
    let not_manager = || ApiError::text(StatusCode::UNAUTHORIZED, NOT_OWNER_OR_ADMIN);
    let mut world = fake.world();
    let group = member_group(&mut world.groups, &group_id, me)
        .ok()
        .filter(|group| manages(group, me))
        .ok_or_else(not_manager)?;
    let decision: ApprovalRequest = parse_json(&body)?;
    let request = parse_id(&membership_id)
        .and_then(|id| group.membership_mut(id))
        .filter(|membership| membership.state == MembershipState::RequestedPending)
        .ok_or_else(|| ApiError::not_found("pending membership not found"))?;
    request.state = if decision.approval {
        MembershipState::Active
    } else {
        MembershipState::Denied
    };
    Ok(Json(ApprovalEnvelope {
        response: Some(ApprovalResult {
            membership_id: request.id,
            state: request.state.as_str().to_owned(),
        }),
        meta: meta(StatusCode::OK),
    }))
}
