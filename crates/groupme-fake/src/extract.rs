//! Reading requests, with failures answered the way GroupMe does: the
//! caller from the access token (`401`), and JSON bodies parsed into the
//! spec's request types (`400`, with a field map where a field is wrong).

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::model::Id;
use crate::reply::ApiError;
use crate::state::FakeState;

/// The header that carries the token on every host.
const TOKEN_HEADER: &str = "x-access-token";

/// The query parameter that carries the token on v3 only.
const TOKEN_QUERY: &str = "token";

/// The user a v3 request acts for, named by the `X-Access-Token` header or
/// the `token` query parameter.
#[derive(Clone, Copy, Debug)]
pub(crate) struct V3Caller(pub(crate) Id);

/// The user a v2 request acts for, named by the `X-Access-Token` header
/// only: the v2 host ignores `token` in the query.
#[derive(Clone, Copy, Debug)]
pub(crate) struct V2Caller(pub(crate) Id);

impl FromRequestParts<FakeState> for V3Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, fake: &FakeState) -> Result<Self, ApiError> {
        let token = match header_token(parts) {
            Some(token) => Some(token),
            None => Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
                .ok()
                .and_then(|Query(mut query)| query.remove(TOKEN_QUERY)),
        };
        fake.authenticate(token.as_deref()).map(Self)
    }
}

impl FromRequestParts<FakeState> for V2Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, fake: &FakeState) -> Result<Self, ApiError> {
        fake.authenticate(header_token(parts).as_deref()).map(Self)
    }
}

/// The user a media-service request (image, file, video) acts for, named
/// by the `X-Access-Token` header; those hosts answer `401` in plain text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MediaCaller(pub(crate) Id);

impl FromRequestParts<FakeState> for MediaCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, fake: &FakeState) -> Result<Self, ApiError> {
        fake.authenticate(header_token(parts).as_deref())
            .map(Self)
            .map_err(|_| ApiError::text(axum::http::StatusCode::UNAUTHORIZED, "unauthorized"))
    }
}

fn header_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get(TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// Parses a JSON body into `T`, one of the spec's request types.
///
/// Whatever the content type says, the body must be JSON of `T`'s shape;
/// otherwise the answer is `400`, with `meta.errors` mapping the offending
/// field to the reason, or a list with the reason when no field is to
/// blame. Routes parse their body only after checking who may call them,
/// so that a caller without permission learns nothing about the body.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut json = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut json).map_err(body_error)?;
    json.end()
        .map_err(|error| ApiError::bad_request(error.to_string()))?;
    Ok(value)
}

/// Blames the innermost named field for a parse error.
fn body_error(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let field = error.path().iter().rev().find_map(|segment| match segment {
        Segment::Map { key } => Some(key.clone()),
        _ => None,
    });
    let message = error.inner().to_string();
    // serde_json ends its messages with the position; the field says where.
    let message = match message.rsplit_once(" at line ") {
        Some((reason, _)) if field.is_some() => reason.to_owned(),
        _ => message,
    };
    match field {
        Some(field) => ApiError::field(&field, message),
        None => ApiError::bad_request(message),
    }
}
