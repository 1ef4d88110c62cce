//! Device attestation: GroupMe now lets only verified devices add members,
//! create groups and join public groups, and turns third-party clients away
//! with `403`. The fake does the same when asked to (it is off by default,
//! so that the whole API stays usable): a request passes if it carries an
//! `X-Verify-Token` header with any non-blank value.

use std::sync::atomic::Ordering;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::reply::ApiError;
use crate::state::FakeState;

/// The header a verified device sends its attestation in.
pub(crate) const VERIFY_TOKEN_HEADER: &str = "x-verify-token";

/// The one message of the `403` answer.
pub(crate) const VERIFICATION_REQUIRED: &str = "device verification required for this request";

/// The check of every route that needs a verified device: `Ok` if
/// verification is off or the request carries a non-blank `X-Verify-Token`,
/// else GroupMe's `403` envelope. Routes call it after the token check
/// (`401`) and before anything else, or take [`VerifiedDevice`].
pub(crate) fn require_verification(fake: &FakeState, headers: &HeaderMap) -> Result<(), ApiError> {
    if !fake.requires_verification() {
        return Ok(());
    }
    let verified = headers
        .get(VERIFY_TOKEN_HEADER)
        .is_some_and(|value| !value.as_bytes().trim_ascii().is_empty());
    if verified {
        Ok(())
    } else {
        Err(ApiError::forbidden(VERIFICATION_REQUIRED))
    }
}

/// A request from a verified device, per [`require_verification`]. Take it
/// after the caller (`V3Caller`) so that a bad token still answers `401`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct VerifiedDevice;

impl FromRequestParts<FakeState> for VerifiedDevice {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, fake: &FakeState) -> Result<Self, ApiError> {
        require_verification(fake, &parts.headers).map(|()| Self)
    }
}

/// Switching device attestation on and off while the fake runs.
impl FakeState {
    /// Makes member adds (and group creation) answer `403` unless the
    /// request carries an `X-Verify-Token` header, as GroupMe does for
    /// third-party clients; `false` (the default) lets them through.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let fake = groupme_fake::FakeGroupMe::start().await?;
    /// assert!(!fake.state().requires_verification());
    /// fake.state().set_require_verification(true);
    /// assert!(fake.state().requires_verification());
    /// # fake.shutdown().await
    /// # }
    /// ```
    pub fn set_require_verification(&self, require: bool) {
        self.require_verification_flag().store(require, Ordering::Relaxed);
    }

    /// Whether member adds (and group creation) need an `X-Verify-Token`
    /// header.
    pub fn requires_verification(&self) -> bool {
        self.require_verification_flag().load(Ordering::Relaxed)
    }
}
