//! The authenticated user's own account: details, profile sharing and SMS
//! mode.

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use groupme_api::v3::types::{
    EnableSmsModeRequest, ProfileSharingEnvelope, ProfileSharingRequest, ProfileSharingStatus, SmsDuration,
    UpdateUserRequest, UserEnvelope,
};

use super::caller_mut;
use crate::clock::unix_seconds;
use crate::extract::{V3Caller, parse_json};
use crate::model::SmsUntil;
use crate::reply::{ApiError, FieldErrors, empty, meta};
use crate::rules::{SMS_HOURS, is_email, is_full_name};
use crate::state::FakeState;
use crate::views::{self, SHARING_NULLS, USER_NULLS, WithNulls, with_nulls};

/// `GET /users/me`
pub(super) async fn get_me(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
) -> Result<Json<WithNulls<UserEnvelope>>, ApiError> {
    let now = fake.now();
    let mut world = fake.world();
    let user = caller_mut(&mut world, me)?;
    Ok(Json(with_nulls(
        UserEnvelope {
            response: Some(views::user(user, now)),
            meta: meta(StatusCode::OK),
        },
        &USER_NULLS,
    )))
}

/// `POST /users/update`: name "First Last", email with `@`.
pub(super) async fn update_me(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<Json<WithNulls<UserEnvelope>>, ApiError> {
    let changes: UpdateUserRequest = parse_json(&body)?;
    let mut errors = FieldErrors::default();
    if changes.name.as_deref().is_some_and(|name| !is_full_name(name)) {
        errors.add("name", "must be of the form FirstName LastName");
    }
    if changes.email.as_deref().is_some_and(|email| !is_email(email)) {
        errors.add("email", "is invalid");
    }
    errors.check()?;

    let now = fake.now();
    let mut world = fake.world();
    let user = caller_mut(&mut world, me)?;
    if let Some(name) = changes.name {
        user.name = name.into();
    }
    if let Some(email) = changes.email {
        user.email = Some(email);
    }
    if let Some(avatar_url) = changes.avatar_url {
        user.image_url = Some(avatar_url);
    }
    if let Some(zip_code) = changes.zip_code {
        user.zip_code = Some(zip_code);
    }
    user.updated_at = unix_seconds(now);
    Ok(Json(with_nulls(
        UserEnvelope {
            response: Some(views::user(user, now)),
            meta: meta(StatusCode::OK),
        },
        &USER_NULLS,
    )))
}

/// `POST /users/features/share`: turning sharing on after it was off makes
/// a new link; turning it off drops the link.
pub(super) async fn update_profile_sharing(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<Json<WithNulls<ProfileSharingEnvelope>>, ApiError> {
    let request: ProfileSharingRequest = parse_json(&body)?;
    let mut world = fake.world();
    let current = caller_mut(&mut world, me)?.share_code.clone();
    let code = match request.status {
        ProfileSharingStatus::Enable => Some(current.unwrap_or_else(|| world.allocate_share_code())),
        ProfileSharingStatus::Disable => None,
    };
    let user = caller_mut(&mut world, me)?;
    user.share_code = code;
    Ok(Json(with_nulls(
        ProfileSharingEnvelope {
            response: Some(views::sharing(user)),
            meta: meta(StatusCode::OK),
        },
        &SHARING_NULLS,
    )))
}

/// `POST /users/sms_mode`: 1 to 48 hours or `"always"`; `201`, empty body.
pub(super) async fn enable_sms_mode(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: EnableSmsModeRequest = parse_json(&body)?;
    let now = fake.now();
    let until = match request.duration {
        SmsDuration::Hours(hours) if SMS_HOURS.contains(&hours.get()) => {
            SmsUntil::Time(now + Duration::from_secs(u64::from(hours.get()) * 3600))
        }
        SmsDuration::Hours(_) => {
            return Err(ApiError::field(
                "duration",
                "must be between 1 and 48 hours, or \"always\"",
            ));
        }
        SmsDuration::Always(_) => SmsUntil::Always,
    };
    caller_mut(&mut fake.world(), me)?.sms = Some(until);
    Ok(empty(StatusCode::CREATED))
}

/// `POST /users/sms_mode/delete`: `200`, empty body.
pub(super) async fn disable_sms_mode(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
) -> Result<Response, ApiError> {
    caller_mut(&mut fake.world(), me)?.sms = None;
    Ok(empty(StatusCode::OK))
}
