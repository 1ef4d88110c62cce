//! The video service under `/video`: a multipart upload (the `file` part)
//! for a group the caller is an active member of (`X-Conversation-Id`)
//! starts a job that answers `200` `processing` for the upload delay and
//! then `201` `complete` with the video's and its thumbnail's URLs, both
//! served back from `/video/v/…`.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use groupme_api::video::types::{VideoUploadAccepted, VideoUploadStatus};

use super::media::{bad_request, origin, ready_at, serve, store};
use crate::extract::MediaCaller;
use crate::model::{JobOutcome, parse_id};
use crate::reply::ApiError;
use crate::state::FakeState;

/// The header that names the conversation a video is for.
const CONVERSATION_HEADER: &str = "x-conversation-id";

/// `POST /video/transcode`: `200` with the job's status URL.
pub(super) async fn upload(
    State(fake): State<FakeState>,
    MediaCaller(me): MediaCaller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let conversation = headers
        .get(CONVERSATION_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(parse_id)
        .filter(|id| {
            fake.world()
                .groups
                .get(id)
                .is_some_and(|group| group.active_membership_of(me).is_some())
        })
        .ok_or(ApiError::text(StatusCode::UNAUTHORIZED, "unauthorized"))?;
    let _ = conversation;
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let (part_type, video) = file_part(content_type, &body).ok_or(bad_request("file part missing"))?;
    if video.is_empty() {
        return Err(bad_request("the video is empty"));
    }
    let ready_at = ready_at(&fake);
    let job = {
        let mut world = fake.world();
        let video_id = store(&mut world, "video-", &part_type, video);
        let thumbnail_id = store(&mut world, "thumb-", "image/jpeg", Bytes::new());
        world.start_upload_job(
            ready_at,
            JobOutcome::Video {
                video_id,
                thumbnail_id,
            },
        )
    };
    let status_url = format!("{}/video/status?job={job}", origin(&headers));
    Ok((StatusCode::OK, Json(VideoUploadAccepted { status_url })).into_response())
}

/// `GET /video/status?job=JOB`.
pub(super) async fn status(
    State(fake): State<FakeState>,
    MediaCaller(_me): MediaCaller,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let now = fake.now();
    let world = fake.world();
    let job = query
        .get("job")
        .and_then(|job| world.jobs.get(job))
        .ok_or(ApiError::text(StatusCode::NOT_FOUND, "job not found"))?;
    let JobOutcome::Video {
        video_id,
        thumbnail_id,
    } = &job.outcome
    else {
        return Err(ApiError::text(StatusCode::NOT_FOUND, "job not found"));
    };
    if now < job.ready_at {
        let working = VideoUploadStatus {
            status: "processing".to_owned(),
            url: None,
            thumbnail_url: None,
        };
        return Ok((StatusCode::OK, Json(working)).into_response());
    }
    let origin = origin(&headers);
    let done = VideoUploadStatus {
        status: "complete".to_owned(),
        url: Some(format!("{origin}/video/v/{video_id}")),
        thumbnail_url: Some(format!("{origin}/video/v/{thumbnail_id}")),
    };
    Ok((StatusCode::CREATED, Json(done)).into_response())
}

/// `GET /video/v/ID`: a stored video or thumbnail.
pub(super) async fn show(
    State(fake): State<FakeState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    serve(&fake, &id)
}

/// The media type and bytes of the `file` part of a `multipart/form-data`
/// body, sliced from `body` without a copy.
fn file_part(content_type: &str, body: &Bytes) -> Option<(String, Bytes)> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|param| param.strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut at = find(body, delimiter.as_bytes(), 0)?;
    loop {
        let start = at + delimiter.len();
        if body.get(start..start + 2) == Some(b"--") {
            return None;
        }
        let headers_end = find(body, b"\r\n\r\n", start)?;
        let headers = std::str::from_utf8(&body[start..headers_end]).ok()?;
        let content = headers_end + 4;
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), content)?;
        let lower = headers.to_ascii_lowercase();
        if lower.contains("name=\"file\"") {
            let part_type = headers
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.trim()
                        .eq_ignore_ascii_case("content-type")
                        .then(|| value.trim().to_owned())
                })
                .unwrap_or_else(|| "video/mp4".to_owned());
            return Some((part_type, body.slice(content..next)));
        }
        at = next + 2;
    }
}

/// Where `needle` first occurs in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_part_is_found_among_others() {
        let body = Bytes::from_static(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n\
              --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\
              Content-Type: video/mp4\r\n\r\n\x00\x01\r\n\x02\r\n--XyZ--\r\n",
        );
        let (kind, bytes) = file_part("multipart/form-data; boundary=XyZ", &body).unwrap();
        assert_eq!(kind, "video/mp4");
        assert_eq!(&bytes[..], b"\x00\x01\r\n\x02");
        assert!(file_part("multipart/form-data; boundary=Other", &body).is_none());
        assert!(file_part("application/json", &body).is_none());
    }
}
