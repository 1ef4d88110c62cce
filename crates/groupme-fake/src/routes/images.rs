//! The image service under `/image`: `POST /pictures` stores the body (an
//! `image/*` content type) or records a remote `url` (which the fake never
//! fetches: its stored copy is empty), and `GET /i/NAME` serves the bytes
//! back, thumbnail suffixes (`.preview`, `.large`, `.avatar`) included.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::Response;
use groupme_api::image::types::{ImageUploaded, StoredImage};

use super::media::{bad_request, origin, serve, store};
use crate::extract::MediaCaller;
use crate::reply::ApiError;
use crate::state::FakeState;

/// The thumbnail suffixes the image service understands.
const THUMBNAILS: [&str; 3] = [".preview", ".large", ".avatar"];

/// `POST /image/pictures[?url=]`.
pub(super) async fn upload(
    State(fake): State<FakeState>,
    MediaCaller(_me): MediaCaller,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ImageUploaded>, ApiError> {
    let (content_type, body) = match query.get("url") {
        Some(url) if !url.trim().is_empty() => ("image/jpeg".to_owned(), Bytes::new()),
        Some(_) => return Err(bad_request("url is blank")),
        None => {
            let content_type = headers
                .get(CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            if !content_type.starts_with("image/") {
                return Err(bad_request("not an image"));
            }
            if body.is_empty() {
                return Err(bad_request("no image in the body"));
            }
            (content_type, body)
        }
    };
    let format = content_type
        .trim_start_matches("image/")
        .split(';')
        .next()
        .unwrap_or("jpeg")
        .to_owned();
    let id = store(&mut fake.world(), &format!("0x0.{format}."), &content_type, body);
    let url = format!("{}/image/i/{id}", origin(&headers));
    Ok(Json(ImageUploaded {
        payload: StoredImage {
            picture_url: Some(url.clone()),
            url,
        },
    }))
}

/// `GET /image/i/NAME[.preview|.large|.avatar]`: the stored bytes (the fake
/// does not resize).
pub(super) async fn show(
    State(fake): State<FakeState>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let id = THUMBNAILS
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(&name);
    serve(&fake, id)
}
