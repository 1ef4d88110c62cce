//! The access token, kept out of `Debug` output and sent only as a
//! sensitive header.

use std::fmt;

use reqwest::header::HeaderValue;

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

/// How a generated client authenticates: the `X-Access-Token` header that
/// its request hook adds to every request, marked sensitive.
///
/// Because the header is added per request, a caller's own
/// `reqwest::Client` can be used (`Client::new_with_client`) without giving
/// it the token.
#[derive(Clone, Default)]
pub struct Auth {
    header: Option<HeaderValue>,
}

impl Auth {
    /// Sends `token` with every request.
    pub fn token(token: &AccessToken) -> Result<Self, InvalidToken> {
        Ok(Self {
            header: Some(token.header_value()?),
        })
    }

    /// Sends no token (for endpoints that need none, or for tests).
    pub fn none() -> Self {
        Self::default()
    }

    /// Adds the token header, if any, to `request`.
    pub(crate) fn authorize(&self, request: &mut reqwest::Request) {
        if let Some(value) = &self.header {
            request.headers_mut().insert(ACCESS_TOKEN_HEADER, value.clone());
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
        f.debug_tuple("Auth").field(&format_args!("{shown}")).finish()
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
}
