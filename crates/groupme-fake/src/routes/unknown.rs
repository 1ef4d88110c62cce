//! Paths the fake does not serve, and methods a known path does not take:
//! GroupMe answers both with its `404` envelope, never with an empty body
//! or a `405`.

use crate::reply::ApiError;

/// The one message of the answer to an unknown path or method.
pub(crate) const NOT_FOUND: &str = "not found";

/// The router's fallback: `404` `["not found"]` in GroupMe's envelope.
pub(super) async fn unknown_route() -> ApiError {
    ApiError::not_found(NOT_FOUND)
}
