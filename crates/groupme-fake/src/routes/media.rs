//! What the image, file and video services share in the fake: bodies up to
//! [`MAX_MEDIA_BYTES`], bytes kept in memory and served back from the
//! fake's own port, URLs built from the request's `Host`, and jobs that
//! finish after [`FakeState::upload_delay`].

use std::time::SystemTime;

use axum::body::Bytes;
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::model::{Blob, World};
use crate::reply::ApiError;
use crate::state::FakeState;

/// The largest body the fake's media services take: 50 MB, the file
/// service's documented limit. Larger bodies are refused with `413` before
/// they are held in memory.
pub const MAX_MEDIA_BYTES: usize = 50 * 1000 * 1000;

/// `http://HOST` of the request, to build URLs on the fake's own port.
pub(super) fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// Stores `bytes` under a new id with `prefix` and returns the id.
pub(super) fn store(world: &mut World, prefix: &str, content_type: &str, bytes: Bytes) -> String {
    let id = world.allocate_media_id(prefix);
    world.blobs.insert(
        id.clone(),
        Blob {
            content_type: content_type.to_owned(),
            bytes,
        },
    );
    id
}

/// Serves the stored bytes with this id, or `404`.
pub(super) fn serve(fake: &FakeState, id: &str) -> Result<Response, ApiError> {
    let world = fake.world();
    let blob = world
        .blobs
        .get(id)
        .ok_or(ApiError::text(StatusCode::NOT_FOUND, "not found"))?;
    let content_type = HeaderValue::from_str(&blob.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok(([(CONTENT_TYPE, content_type)], blob.bytes.clone()).into_response())
}

/// When a job started now is done.
pub(super) fn ready_at(fake: &FakeState) -> SystemTime {
    fake.now() + fake.upload_delay()
}

/// `400` with a short text, as the media services answer.
pub(super) fn bad_request(body: &'static str) -> ApiError {
    ApiError::text(StatusCode::BAD_REQUEST, body)
}
