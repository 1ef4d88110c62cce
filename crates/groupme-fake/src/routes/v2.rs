//! The v2 host: the extended profile update and banning former members.
//! The token is read from the `X-Access-Token` header only.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use groupme_api::v2::types::{EmptyEnvelope, ProfileEnvelope, ProfileUpdated, UpdateProfileRequest};

use super::{caller_mut, managed_group};
use crate::clock::unix_seconds;
use crate::extract::{V2Caller, parse_json};
use crate::model::parse_id;
use crate::reply::{ApiError, FieldErrors, meta};
use crate::rules::{MIN_GALLERY_PHOTOS, is_email, is_first_name};
use crate::state::FakeState;
use crate::views::{self, EMPTY_NULLS, PROFILE_NULLS, WithNulls, with_nulls};

/// `POST /users/:user_id` (v2): the caller's own profile only (`403` for
/// anyone else's); a gallery needs at least three photos; the last name is
/// optional. Requests spell the interests `intrests`.
pub(super) async fn update_profile(
    State(fake): State<FakeState>,
    V2Caller(me): V2Caller,
    Path(user_id): Path<String>,
    body: Bytes,
) -> Result<Json<WithNulls<ProfileEnvelope>>, ApiError> {
    if parse_id(&user_id) != Some(me) {
        return Err(ApiError::forbidden("you may only update your own profile"));
    }
    let changes = parse_json::<UpdateProfileRequest>(&body)?.user;
    let mut errors = FieldErrors::default();
    if changes.name.as_deref().is_some_and(|name| !is_first_name(name)) {
        errors.add("name", "cannot be blank");
    }
    if changes.email.as_deref().is_some_and(|email| !is_email(email)) {
        errors.add("email", "is invalid");
    }
    if !changes.photo_urls.is_empty() && changes.photo_urls.len() < MIN_GALLERY_PHOTOS {
        errors.add("photo_urls", "must have at least 3 photos");
    }
    errors.check()?;

    let now = fake.now();
    let mut world = fake.world();
    let user = caller_mut(&mut world, me)?;
    let profile = &mut user.profile;
    if let Some(name) = changes.name {
        user.name = name.into();
    }
    user.email = changes.email.or(user.email.take());
    user.image_url = changes.avatar_url.or(user.image_url.take());
    profile.bio = changes.bio.or(profile.bio.take());
    profile.song_url = changes.song_url.or(profile.song_url.take());
    if !changes.photo_urls.is_empty() {
        profile.photo_urls = changes.photo_urls;
    }
    if !changes.intrests.is_empty() {
        profile.interests = changes.intrests;
    }
    if let Some(disable) = changes.disable_favorite_notification {
        profile.disable_favorite_notification = disable;
    }
    profile.group_notification_sound = changes
        .group_notification_sound
        .or(profile.group_notification_sound.take());
    profile.dm_notification_sound = changes
        .dm_notification_sound
        .or(profile.dm_notification_sound.take());
    user.updated_at = unix_seconds(now);
    Ok(Json(with_nulls(
        ProfileEnvelope {
            response: Some(ProfileUpdated {
                user: views::profile(user, now),
            }),
            meta: meta(StatusCode::OK),
        },
        &PROFILE_NULLS,
    )))
}

/// `POST /groups/:group_id/memberships/:membership_id/destroy` (v2): owners
/// and admins ban a former member from rejoining; current members cannot be
/// banned (`400`). Answers `{"response": null, "meta": …}`, as the live
/// API does (its documents describe an empty body).
pub(super) async fn ban_member(
    State(fake): State<FakeState>,
    V2Caller(me): V2Caller,
    Path((group_id, membership_id)): Path<(String, String)>,
) -> Result<Json<WithNulls<EmptyEnvelope>>, ApiError> {
    let mut world = fake.world();
    let group = managed_group(&mut world.groups, &group_id, me)?;
    let target = parse_id(&membership_id)
        .and_then(|id| group.membership(id))
        .ok_or_else(|| ApiError::not_found("membership not found"))?;
    if !target.state.is_former() {
        return Err(ApiError::bad_request(
            "only former members can be banned; remove them first",
        ));
    }
    let user_id = target.user_id;
    group.banned.insert(user_id);
    Ok(Json(with_nulls(
        EmptyEnvelope {
            response: None,
            meta: meta(StatusCode::OK),
        },
        &EMPTY_NULLS,
    )))
}
