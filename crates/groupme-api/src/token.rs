//! The access token, kept out of `Debug` output and sent only as a
//! sensitive header.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};

/// [`ACCESS_TOKEN_HEADER`](crate::ACCESS_TOKEN_HEADER), parsed once.
const TOKEN_HEADER: HeaderName = HeaderName::from_static("x-access-token");

/// A GroupMe access token.
///
/// Its `Debug` output is redacted and it has no `Display`, so it cannot end
/// up in logs or error messages by accident.
///
/// ```
/// let token = groupme_api::AccessToken::new("secret");
/// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
/// assert_eq!(token.expose(), "secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token itself. Take care where it goes.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The `X-Access-Token` header value, marked sensitive so that HTTP
    /// libraries redact it from their own debug output.
    pub fn header_value(&self) -> Result<HeaderValue, InvalidToken> {
        if self.0.is_empty() {
            return Err(InvalidToken::Empty);
        }
        let mut value = HeaderValue::from_str(&self.0).map_err(|_| InvalidToken::NotVisibleAscii)?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl From<String> for AccessToken {
    fn from(token: String) -> Self {
        Self(token)
    }
}

impl From<&str> for AccessToken {
    fn from(token: &str) -> Self {
        Self(token.to_owned())
    }
}

/// How a generated client authenticates and guards what it receives: the
/// `X-Access-Token` header that its request hook adds to every request,
/// marked sensitive, and the largest successful body it reads.
///
/// Because the header is added per request, a caller's own
/// `reqwest::Client` can be used (`Client::new_with_client`) without giving
/// it the token. Build such a client from [`http_client_builder`] (or give
/// it [`redirect_policy`]) so that no redirect carries the token to another
/// host.
///
/// [`http_client_builder`]: crate::http_client_builder
/// [`redirect_policy`]: crate::redirect_policy
#[derive(Clone)]
pub struct Auth {
    header: Option<HeaderValue>,
    max_body_bytes: u64,
    content_type: Option<HeaderValue>,
}

impl Default for Auth {
    fn default() -> Self {
        Self {
            header: None,
            max_body_bytes: crate::DEFAULT_MAX_BODY_BYTES,
            content_type: None,
        }
    }
}

impl Auth {
    /// Sends `token` with every request.
    pub fn token(token: &AccessToken) -> Result<Self, InvalidToken> {
        Ok(Self {
            header: Some(token.header_value()?),
            ..Self::default()
        })
    }

    /// Sends no token (for endpoints that need none, or for tests).
    pub fn none() -> Self {
        Self::default()
    }

    /// Reads successful bodies only up to `bytes` (default
    /// [`DEFAULT_MAX_BODY_BYTES`](crate::DEFAULT_MAX_BODY_BYTES)); a larger
    /// one fails with a body error whose source is [`BodyTooLarge`](crate::BodyTooLarge),
    /// before more than `bytes` of it are held in memory.
    #[must_use]
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Labels every request body `content_type` instead of the
    /// `application/octet-stream` the generated builders write for binary
    /// bodies: the image service needs `image/jpeg`, the video service a
    /// `multipart/form-data` boundary, and progenitor can express neither
    /// (see `spec/README.md`). Meant for a client made for one upload.
    #[must_use]
    pub fn content_type(mut self, content_type: HeaderValue) -> Self {
        self.content_type = Some(content_type);
        self
    }

    /// The largest successful body read.
    pub fn body_limit(&self) -> u64 {
        self.max_body_bytes
    }

    /// Adds the token header, if any, to `request`.
    pub(crate) fn authorize(&self, request: &mut reqwest::Request) {
        if let Some(value) = &self.header {
            request.headers_mut().insert(TOKEN_HEADER, value.clone());
        }
        if let Some(value) = &self.content_type
            && request.body().is_some()
        {
            request
                .headers_mut()
                .insert(reqwest::header::CONTENT_TYPE, value.clone());
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.header.is_some() {
            "X-Access-Token(<redacted>)"
        } else {
            "none"
        };
        f.debug_struct("Auth")
            .field("header", &format_args!("{shown}"))
            .field("max_body_bytes", &self.max_body_bytes)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Why a token could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidToken {
    /// The token is empty.
    #[error("access token: must not be empty")]
    Empty,
    /// The token has characters a header cannot carry.
    #[error("access token: must be visible ASCII characters only")]
    NotVisibleAscii,
    /// The HTTP client to carry the token could not be built (no TLS
    /// backend on this system).
    #[error("the HTTP client could not be built")]
    HttpClient,
}
