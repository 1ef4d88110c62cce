//! Campus directory settings, for users in a school domain only.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
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

/// `PUT /directories/user/majors`: `201` with the codes now set.
pub(super) async fn update_majors(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<(StatusCode, Json<MajorCodesEnvelope>), ApiError> {
    let mut world = fake.world();
    directory_of(&mut world, me)?;
    let request: UpdateMajorsRequest = parse_json(&body)?;
    let codes: Vec<String> = request.codes.into_iter().map(String::from).collect();
    if codes.is_empty() {
        return Err(ApiError::field("codes", "cannot be blank"));
    }
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

/// `PUT /directories/user/membership`: graduation year 1900 to now + 10
/// (or none); `graduation_year` and `major` visibility need a year or a
/// major first.
pub(super) async fn update_membership(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<Json<DirectoryMembershipEnvelope>, ApiError> {
    let years = graduation_years(fake.now());
    let mut world = fake.world();
    let has_majors = !directory_of(&mut world, me)?.majors.is_empty();
    let request: UpdateDirectoryMembershipRequest = parse_json(&body)?;

    let mut errors = FieldErrors::default();
    if let Some(year) = request.graduation_year
        && !years.contains(&year)
    {
        errors.add(
            "graduation_year",
            format!("must be between {} and {}", years.start(), years.end()),
        );
    }
    match request.campus_profile_visibility {
        CampusProfileVisibility::GraduationYear if request.graduation_year.is_none() => {
            errors.add(
                "campus_profile_visibility",
                "graduation_year needs a graduation year first",
            );
        }
        CampusProfileVisibility::Major if !has_majors => {
            errors.add("campus_profile_visibility", "major needs a major first");
        }
        _ => {}
    }
    errors.check()?;

    let directory = directory_of(&mut world, me)?;
    directory.graduation_year = request.graduation_year;
    directory.visibility = request.campus_profile_visibility;
    Ok(Json(DirectoryMembershipEnvelope {
        response: Some(views::directory(me, directory)),
        meta: meta(StatusCode::OK),
    }))
}
