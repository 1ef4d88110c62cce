//! Campus directory settings, for users in a school domain only.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use groupme_api::Clearable;
use groupme_api::v3::types::{
    CampusProfileVisibility, DirectoryMembershipEnvelope, MajorCodesEnvelope,
    UpdateDirectoryMembershipRequest, UpdateMajorsRequest,
};

use super::caller_mut;
use crate::extract::{V3Caller, parse_json};
use crate::model::{Directory, Id, World};
use crate::reply::{ApiError, FieldErrors, meta};
use crate::rules::graduation_years;
use crate::state::FakeState;
use crate::views;

/// The caller's directory membership; `403` outside a domain.
fn directory_of(world: &mut World, caller: Id) -> Result<&mut Directory, ApiError> {
    caller_mut(world, caller)?
        .directory
        .as_mut()
        .ok_or_else(|| ApiError::forbidden("user is not in a campus directory"))
}

/// `PUT /directories/user/majors`: `201` with the codes now set; an empty
/// list removes them all.
pub(super) async fn update_majors(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<(StatusCode, Json<MajorCodesEnvelope>), ApiError> {
    let mut world = fake.world();
    directory_of(&mut world, me)?;
    let request: UpdateMajorsRequest = parse_json(&body)?;
    let codes = request.codes;
    if codes.iter().any(|code| code.parse::<i64>().is_err()) {
        return Err(ApiError::field("codes", "is invalid"));
    }
    directory_of(&mut world, me)?.majors.clone_from(&codes);
    Ok((
        StatusCode::CREATED,
        Json(MajorCodesEnvelope {
            response: Some(codes),
            meta: meta(StatusCode::CREATED),
        }),
    ))
}

/// What a membership update does to the graduation year: `None` leaves it,
/// `Some(None)` removes it, `Some(Some(year))` sets it.
///
/// The generated request type reads a left-out year and `null` alike as
/// `None`, so whether the body names the field is read from the body.
fn year_change(body: &[u8], request: &UpdateDirectoryMembershipRequest) -> Option<Option<i32>> {
    match request.graduation_year {
        Some(Clearable::Set(year)) => Some(Some(year)),
        Some(Clearable::Clear) => Some(None),
        None => serde_json::from_slice::<serde_json::Value>(body)
            .ok()?
            .get("graduation_year")
            .map(|_| None),
    }
}

/// `PUT /directories/user/membership`: each field is optional and a
/// left-out field stays as it is; `graduation_year: null` removes the year.
/// The year runs from 1900 to now + 10; `graduation_year` and `major`
/// visibility need a year or a major.
pub(super) async fn update_membership(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<Json<DirectoryMembershipEnvelope>, ApiError> {
    let years = graduation_years(fake.now());
    let mut world = fake.world();
    let directory = directory_of(&mut world, me)?;
    let request: UpdateDirectoryMembershipRequest = parse_json(&body)?;
    let year = year_change(&body, &request).unwrap_or(directory.graduation_year);
    let visibility = request.campus_profile_visibility.unwrap_or(directory.visibility);

    let mut errors = FieldErrors::default();
    if let Some(year) = year
        && !years.contains(&year)
    {
        errors.add(
            "graduation_year",
            format!("must be between {} and {}", years.start(), years.end()),
        );
    }
    match visibility {
        CampusProfileVisibility::GraduationYear if year.is_none() => {
            errors.add(
                "campus_profile_visibility",
                "graduation_year needs a graduation year first",
            );
        }
        CampusProfileVisibility::Major if directory.majors.is_empty() => {
            errors.add("campus_profile_visibility", "major needs a major first");
        }
        _ => {}
    }
    errors.check()?;

    directory.graduation_year = year;
    directory.visibility = visibility;
    Ok(Json(DirectoryMembershipEnvelope {
        response: Some(views::directory(me, directory)),
        meta: meta(StatusCode::OK),
    }))
}
