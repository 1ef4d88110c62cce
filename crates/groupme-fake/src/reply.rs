//! Answers in GroupMe's own shapes: the `{"response", "meta"}` envelope with
//! `meta.errors` as a list or as a field map, plain-text bodies where
//! GroupMe sends text, and empty bodies.

use std::collections::HashMap;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use groupme_api::{Meta, MetaErrors};
use serde::Serialize;

/// The `meta` of a successful answer.
pub(crate) fn meta(status: StatusCode) -> Meta {
    Meta {
        code: status.as_u16().into(),
        errors: None,
    }
}

/// The answer `status` with an empty body and no content type.
pub(crate) fn empty(status: StatusCode) -> Response {
    status.into_response()
}

/// The plain-text answer of approval to callers who may not decide.
pub(crate) const NOT_OWNER_OR_ADMIN: &str = "You are neither the Owner nor an Admin in this group";

/// A failed request, answered as GroupMe would.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// An envelope with `response: null` and `meta.errors`.
    Envelope {
        /// The HTTP status, repeated in `meta.code`.
        status: StatusCode,
        /// What went wrong.
        errors: MetaErrors,
    },
    /// A `text/plain` body.
    Text {
        /// The HTTP status.
        status: StatusCode,
        /// The body.
        body: &'static str,
    },
}

impl ApiError {
    /// An envelope whose errors are a list with one message.
    pub(crate) fn message(status: StatusCode, message: impl Into<String>) -> Self {
        Self::Envelope {
            status,
            errors: MetaErrors::ErrorMessages(Some(vec![message.into()])),
        }
    }

    /// `401` `["unauthorized"]`: no token, an unknown token, or a caller who
    /// may not do this.
    pub(crate) fn unauthorized() -> Self {
        Self::message(StatusCode::UNAUTHORIZED, "unauthorized")
    }

    /// `404` with one message.
    pub(crate) fn not_found(message: &str) -> Self {
        Self::message(StatusCode::NOT_FOUND, message)
    }

    /// `400` with one message.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::message(StatusCode::BAD_REQUEST, message)
    }

    /// `403` with one message.
    pub(crate) fn forbidden(message: &str) -> Self {
        Self::message(StatusCode::FORBIDDEN, message)
    }

    /// `400` whose errors map one field to a message.
    pub(crate) fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        errors.into_error()
    }

    /// A `text/plain` answer.
    pub(crate) const fn text(status: StatusCode, body: &'static str) -> Self {
        Self::Text { status, body }
    }
}

/// The envelope of a failed request: `response` is always `null`.
#[derive(Serialize)]
struct Failure {
    response: (),
    meta: Meta,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            Self::Envelope { status, errors } => {
                let failure = Failure {
                    response: (),
                    meta: Meta {
                        code: status.as_u16().into(),
                        errors: Some(errors),
                    },
                };
                (status, Json(failure)).into_response()
            }
            Self::Text { status, body } => (status, body).into_response(),
        }
    }
}

/// Field-by-field validation errors, answered as `400` with
/// `meta.errors` as an object.
#[derive(Debug, Default)]
pub(crate) struct FieldErrors(HashMap<String, String>);

impl FieldErrors {
    /// Records that `field` is wrong.
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.insert(field.to_owned(), message.into());
    }

    /// `Ok` if nothing was recorded, else the `400` answer.
    pub(crate) fn check(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }

    fn into_error(self) -> ApiError {
        ApiError::Envelope {
            status: StatusCode::BAD_REQUEST,
            errors: MetaErrors::FieldErrors(self.0),
        }
    }
}
