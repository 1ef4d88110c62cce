//! The file service under `/file`: an upload for a group the caller is an
//! active member of starts a job that is `pending` for the upload delay and
//! then `complete` with a file id; the file's bytes are served back at
//! `/file/GROUP/files/FILE_ID`.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use groupme_api::file::types::{FileUploadAccepted, FileUploadStatus};

use super::media::{bad_request, origin, ready_at, serve, store};
use crate::extract::MediaCaller;
use crate::model::{JobOutcome, parse_id};
use crate::reply::ApiError;
use crate::state::FakeState;

/// The caller's group, or the service's `401`.
fn own_group(
    fake: &FakeState,
    group_id: &str,
    caller: crate::model::Id,
) -> Result<crate::model::Id, ApiError> {
    let world = fake.world();
    parse_id(group_id)
        .filter(|id| {
            world
                .groups
                .get(id)
                .is_some_and(|group| group.active_membership_of(caller).is_some())
        })
        .ok_or(ApiError::text(StatusCode::UNAUTHORIZED, "unauthorized"))
}

/// `POST /file/GROUP/files?name=NAME`: `201` with the job's status URL.
pub(super) async fn upload(
    State(fake): State<FakeState>,
    MediaCaller(me): MediaCaller,
    Path(group_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let group = own_group(&fake, &group_id, me)?;
    if query.get("name").is_none_or(|name| name.trim().is_empty()) {
        return Err(bad_request("name is required"));
    }
    if body.is_empty() {
        return Err(bad_request("the file is empty"));
    }
    let ready_at = ready_at(&fake);
    let job = {
        let mut world = fake.world();
        let file_id = store(&mut world, "file-", "application/octet-stream", body);
        world.start_upload_job(
            ready_at,
            JobOutcome::File {
                group_id: group,
                file_id,
            },
        )
    };
    let status_url = format!("{}/file/{group}/uploadStatus?job={job}", origin(&headers));
    Ok((StatusCode::CREATED, Json(FileUploadAccepted { status_url })).into_response())
}

/// `GET /file/GROUP/uploadStatus?job=JOB`: `pending`, then `complete` with
/// the file id; an unknown job (or one of another group) is `404`.
pub(super) async fn status(
    State(fake): State<FakeState>,
    MediaCaller(me): MediaCaller,
    Path(group_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<FileUploadStatus>, ApiError> {
    let group = own_group(&fake, &group_id, me)?;
    let now = fake.now();
    let world = fake.world();
    let job = query
        .get("job")
        .and_then(|job| world.jobs.get(job))
        .ok_or(ApiError::text(StatusCode::NOT_FOUND, "job not found"))?;
    let JobOutcome::File { group_id, file_id } = &job.outcome else {
        return Err(ApiError::text(StatusCode::NOT_FOUND, "job not found"));
    };
    if *group_id != group {
        return Err(ApiError::text(StatusCode::NOT_FOUND, "job not found"));
    }
    Ok(Json(if now < job.ready_at {
        FileUploadStatus {
            status: "pending".to_owned(),
            file_id: None,
        }
    } else {
        FileUploadStatus {
            status: "complete".to_owned(),
            file_id: Some(file_id.clone()),
        }
    }))
}

/// `GET /file/GROUP/files/FILE_ID`: the stored bytes, for the group's
/// members.
pub(super) async fn download(
    State(fake): State<FakeState>,
    MediaCaller(me): MediaCaller,
    Path((group_id, file_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    own_group(&fake, &group_id, me)?;
    serve(&fake, &file_id)
}
