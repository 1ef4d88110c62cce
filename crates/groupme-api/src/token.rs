//! The access token, kept out of `Debug` output and sent only as a
//! sensitive header.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderValue};

use crate::ACCESS_TOKEN_HEADER;

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
        let mut value =
            HeaderValue::from_str(&self.0).map_err(|_| InvalidToken::NotVisibleAscii)?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// Adds the token as a default `X-Access-Token` header to `builder`.
    pub fn apply(
        &self,
        builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, InvalidToken> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCESS_TOKEN_HEADER, self.header_value()?);
        Ok(builder.default_headers(headers))
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

/// Why a token or the HTTP client carrying it could not be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidToken {
    /// The token is empty.
    #[error("access token: must not be empty")]
    Empty,
    /// The token has characters a header cannot carry.
    #[error("access token: must be visible ASCII characters only")]
    NotVisibleAscii,
    /// The HTTP client could not be built.
    #[error("HTTP client could not be built: {0}")]
    Client(#[source] reqwest::Error),
}

impl InvalidToken {
    pub(crate) fn client(err: reqwest::Error) -> Self {
        Self::Client(err)
    }
}
