//! Typed [httpmock](https://docs.rs/httpmock) helpers for every GroupMe API
//! operation, generated from `spec/` alongside the clients in `groupme-api`.
//!
//! Import the extension trait of the host you mock and call the operation by
//! name; its `when` and `then` halves only offer what the spec allows.
//!
//! ```no_run
//! use groupme_api_httpmock::v3::MockServerExt;
//!
//! let server = httpmock::MockServer::start();
//! let mock = server.disable_sms_mode(|when, then| {
//!     when.into_inner().header("x-access-token", "token");
//!     then.ok();
//! });
//! # mock.assert_calls(0);
//! ```

#![warn(missing_docs)]

/// Helpers for the v3 host.
#[rustfmt::skip]
#[path = "generated_v3.rs"]
#[allow(clippy::all, missing_docs)]
pub mod v3;

/// Helpers for the v2 host.
#[rustfmt::skip]
#[path = "generated_v2.rs"]
#[allow(clippy::all, missing_docs)]
pub mod v2;

/// Helpers for the v4 host.
#[rustfmt::skip]
#[path = "generated_v4.rs"]
#[allow(clippy::all, missing_docs)]
pub mod v4;

/// Helpers for the image service.
#[rustfmt::skip]
#[path = "generated_image.rs"]
#[allow(clippy::all, missing_docs)]
pub mod image;

/// Helpers for the file service.
#[rustfmt::skip]
#[path = "generated_file.rs"]
#[allow(clippy::all, missing_docs)]
pub mod file;

/// Helpers for the video service.
#[rustfmt::skip]
#[path = "generated_video.rs"]
#[allow(clippy::all, missing_docs)]
pub mod video;
