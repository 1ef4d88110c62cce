//! Media: images stored on the image service ([`Client::images`]), files
//! ([`Client::files`]) and videos ([`Client::videos`]) uploaded and then
//! waited for with the one job waiter ([`crate::waiter`]).
//!
//! Bodies are taken as [`Bytes`] (a `Vec<u8>` converts without a copy) and
//! handed to the HTTP client as they are: a retry or a second part shares
//! the same buffer, nothing is copied. The media hosts answer without the
//! `{response, meta}` envelope; their failures are decoded like any other.

use bytes::Bytes;
use groupme_api::{Auth, image, video};
use reqwest::header::HeaderValue;

use crate::client::{Client, Op};
use crate::error::{Error, Result};
use crate::ids::GroupId;
use crate::validate::{self, Invalid, Rule};
use crate::waiter::{JobStatus, wait_until_ready};

/// The image formats the image service stores, by media type (the image
/// service document).
pub const IMAGE_CONTENT_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];

/// The largest file the file service takes, in bytes: files must be under
/// 50 MB (the files document).
pub const MAX_FILE_BYTES: usize = 50 * 1000 * 1000;

impl Client {
    /// The image service: store images, by their bytes or a remote URL.
    pub fn images(&self) -> ImagesHandle<'_> {
        ImagesHandle { client: self }
    }

    /// The file service: store files for a group's messages.
    pub fn files(&self) -> FilesHandle<'_> {
        FilesHandle { client: self }
    }

    /// The video service: transcode videos for messages.
    pub fn videos(&self) -> VideosHandle<'_> {
        VideosHandle { client: self }
    }
}

/// A thumbnail size the image service derives from every stored image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thumbnail {
    /// 200×200, centred and cropped (`.preview`).
    Preview,
    /// At most 960 on the longer side, proportions kept (`.large`).
    Large,
    /// 60×60, centred and cropped (`.avatar`).
    Avatar,
}

impl Thumbnail {
    /// The suffix the image service appends for this size.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Preview => "preview",
            Self::Large => "large",
            Self::Avatar => "avatar",
        }
    }
}

/// The URL of `image_url`'s thumbnail of size `size`, as the image service
/// names them (the image URL with `.preview`, `.large` or `.avatar`
/// appended). A URL that already names a thumbnail gets the new size
/// instead.
///
/// ```
/// use groupme_sdk::{Thumbnail, thumbnail_url};
/// let url = "https://i.groupme.com/640x480.jpeg.0a1b2c";
/// assert_eq!(thumbnail_url(url, Thumbnail::Avatar), "https://i.groupme.com/640x480.jpeg.0a1b2c.avatar");
/// assert_eq!(
///     thumbnail_url(&thumbnail_url(url, Thumbnail::Avatar), Thumbnail::Large),
///     "https://i.groupme.com/640x480.jpeg.0a1b2c.large"
/// );
/// ```
pub fn thumbnail_url(image_url: &str, size: Thumbnail) -> String {
    let base = [Thumbnail::Preview, Thumbnail::Large, Thumbnail::Avatar]
        .iter()
        .find_map(|known| image_url.strip_suffix(&format!(".{}", known.suffix())))
        .unwrap_or(image_url);
    format!("{base}.{}", size.suffix())
}

/// The image service. Made by [`Client::images`].
#[derive(Debug, Clone)]
pub struct ImagesHandle<'a> {
    client: &'a Client,
}

impl ImagesHandle<'_> {
    /// Stores the image in `bytes`, of media type `content_type` (one of
    /// [`IMAGE_CONTENT_TYPES`]), and returns its image-service URL, the
    /// value avatars and image attachments take. Refuses an empty body and
    /// an unknown media type before sending.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// let bytes = std::fs::read("owl.png").unwrap();
    /// let url = client.images().upload(bytes, "image/png").await?;
    /// # drop(url); Ok(()) }
    /// ```
    pub async fn upload(&self, bytes: impl Into<Bytes>, content_type: &str) -> Result<String> {
        let bytes = bytes.into();
        if !IMAGE_CONTENT_TYPES.contains(&content_type) {
            return Err(Invalid::new(
                "content_type",
                Rule::OneOf {
                    allowed: IMAGE_CONTENT_TYPES,
                },
            )
            .into());
        }
        if bytes.is_empty() {
            return Err(Invalid::new("body", Rule::NonEmpty).into());
        }
        let labelled = with_content_type(
            self.client.image(),
            HeaderValue::from_static(static_type(content_type)),
        );
        let stored = self
            .client
            .send(Op::write("upload_image"), || {
                labelled.upload_image().body(bytes.clone()).send()
            })
            .await?
            .into_inner();
        Ok(stored.payload.url)
    }

    /// Has the image service fetch and store the image at `url` and
    /// returns its image-service URL.
    pub async fn upload_url(&self, url: &str) -> Result<String> {
        validate::non_empty("url", url)?;
        let image = self.client.image();
        let stored = self
            .client
            .send(Op::write("upload_image"), || {
                image.upload_image().url(url).body(Vec::new()).send()
            })
            .await?
            .into_inner();
        Ok(stored.payload.url)
    }
}

/// The allowed media type equal to `content_type`, as a `'static` string.
fn static_type(content_type: &str) -> &'static str {
    IMAGE_CONTENT_TYPES
        .iter()
        .find(|known| **known == content_type)
        .copied()
        .unwrap_or("application/octet-stream")
}

/// A client like `client` (same host, connections and token) that labels
/// its request bodies `content_type`; the generated builders can only say
/// `application/octet-stream` (see `groupme_api::Auth::content_type`).
fn with_content_type<C>(client: &C, content_type: HeaderValue) -> C
where
    C: progenitor_like::Rebuild,
{
    client.rebuild(|auth| auth.content_type(content_type))
}

/// Rebuilding a generated client with another [`Auth`].
mod progenitor_like {
    use super::*;

    /// A generated client that can be copied with a changed [`Auth`].
    pub(super) trait Rebuild: Sized {
        /// This client with `change` applied to its `Auth`.
        fn rebuild(&self, change: impl FnOnce(Auth) -> Auth) -> Self;
    }

    macro_rules! rebuild {
        ($($module:ident),+) => {$(
            impl Rebuild for $module::Client {
                fn rebuild(&self, change: impl FnOnce(Auth) -> Auth) -> Self {
                    use $module::ClientInfo;
                    Self::new_with_client(self.baseurl(), self.client().clone(), change(self.inner().clone()))
                }
            }
        )+};
    }

    rebuild!(image, video);
}

/// A file upload the file service accepted: what [`FilesHandle::wait`]
/// needs to wait for it, now or after a restart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedFileUpload {
    /// The group the file is for.
    pub group_id: GroupId,
    /// The job id (the `job` parameter of the status URL).
    pub job: String,
}

/// The file service. Made by [`Client::files`].
#[derive(Debug, Clone)]
pub struct FilesHandle<'a> {
    client: &'a Client,
}

impl FilesHandle<'_> {
    /// Uploads `bytes` as the file `name` for `group`, then waits until it
    /// is stored, and returns its `file_id` for a `file` attachment. Every
    /// error after the service accepted the upload carries the job
    /// ([`Error::accepted_job`]): wait for it with [`wait`](Self::wait)
    /// rather than uploading again.
    pub async fn upload(
        &self,
        group: impl Into<GroupId>,
        name: &str,
        bytes: impl Into<Bytes>,
    ) -> Result<String> {
        let started = self.start(group, name, bytes).await?;
        self.wait(&started).await
    }

    /// Uploads `bytes` as the file `name` for `group` and returns the job
    /// without waiting. Refuses an empty name, an empty body and a body of
    /// [`MAX_FILE_BYTES`] or more before sending.
    pub async fn start(
        &self,
        group: impl Into<GroupId>,
        name: &str,
        bytes: impl Into<Bytes>,
    ) -> Result<StartedFileUpload> {
        let group = group.into();
        let bytes = bytes.into();
        let group_id = group.checked()?;
        validate::non_empty("name", name)?;
        if bytes.is_empty() {
            return Err(Invalid::new("body", Rule::NonEmpty).into());
        }
        if bytes.len() >= MAX_FILE_BYTES {
            return Err(Invalid::new(
                "body",
                Rule::Range {
                    min: 1,
                    max: MAX_FILE_BYTES as i64 - 1,
                    actual: bytes.len() as i64,
                },
            )
            .into());
        }
        let file = self.client.file();
        let answer = self
            .client
            .send(Op::write("upload_file"), || {
                file.upload_file()
                    .group_id(group_id)
                    .name(name)
                    .body(bytes.clone())
                    .send()
            })
            .await?;
        let status = answer.status();
        let job = job_of("upload_file", status, &answer.into_inner().status_url)?;
        Ok(StartedFileUpload {
            group_id: group.clone(),
            job,
        })
    }

    /// Waits for an accepted upload until the file is stored, and returns
    /// its `file_id`. Every error carries the job ([`Error::accepted_job`]).
    pub async fn wait(&self, started: &StartedFileUpload) -> Result<String> {
        let file = self.client.file();
        let group_id = started.group_id.as_str();
        let job = started.job.as_str();
        wait_until_ready(self.client, "get_file_upload_status", || async move {
            let status = self
                .client
                .send(Op::poll("get_file_upload_status"), || {
                    file.get_file_upload_status().group_id(group_id).job(job).send()
                })
                .await?
                .into_inner();
            match (status.status.as_str(), status.file_id) {
                ("complete", Some(file_id)) => Ok(JobStatus::Ready(file_id)),
                ("failed" | "error", _) => Err(Error::job_failed("get_file_upload_status", status.status)),
                _ => Ok(JobStatus::NotReady),
            }
        })
        .await
        .map_err(|err| err.with_accepted_job(started))
    }
}

/// A video upload the video service accepted: what [`VideosHandle::wait`]
/// needs to wait for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedVideoUpload {
    /// The job id (the `job` parameter of the status URL).
    pub job: String,
}

/// A transcoded video, ready for a `video` attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedVideo {
    /// The video's URL.
    pub url: String,
    /// Its thumbnail's URL (the attachment's `preview_url`).
    pub thumbnail_url: Option<String>,
}

/// The video service. Made by [`Client::videos`].
#[derive(Debug, Clone)]
pub struct VideosHandle<'a> {
    client: &'a Client,
}

impl VideosHandle<'_> {
    /// Uploads the video `bytes` (file name `file_name`, media type
    /// `content_type`, such as `video/mp4`) for `conversation`, then waits
    /// until it is transcoded. Every error after the service accepted the
    /// upload carries the job ([`Error::accepted_job`]).
    pub async fn upload(
        &self,
        conversation: impl Into<GroupId>,
        file_name: &str,
        content_type: &str,
        bytes: impl Into<Bytes>,
    ) -> Result<UploadedVideo> {
        let started = self.start(conversation, file_name, content_type, bytes).await?;
        self.wait(&started).await
    }

    /// Uploads the video and returns the job without waiting. Refuses an
    /// empty body, a media type other than `video/…`, and a file name with
    /// quotes or line breaks before sending.
    pub async fn start(
        &self,
        conversation: impl Into<GroupId>,
        file_name: &str,
        content_type: &str,
        bytes: impl Into<Bytes>,
    ) -> Result<StartedVideoUpload> {
        let conversation = conversation.into();
        let conversation = conversation.checked()?;
        let bytes = bytes.into();
        if bytes.is_empty() {
            return Err(Invalid::new("body", Rule::NonEmpty).into());
        }
        if !content_type.starts_with("video/") || content_type.contains(['\r', '\n']) {
            return Err(Invalid::new(
                "content_type",
                Rule::OneOf {
                    allowed: &["video/…"],
                },
            )
            .into());
        }
        validate::non_empty("file_name", file_name)?;
        if file_name.contains(['"', '\r', '\n']) {
            return Err(Invalid::new(
                "file_name",
                Rule::Spec("must not contain quotes or line breaks".into()),
            )
            .into());
        }
        let boundary = format!("groupme-sdk-{}", uuid::Uuid::new_v4().simple());
        let head = Bytes::from(format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: {content_type}\r\n\r\n"
        ));
        let tail = Bytes::from(format!("\r\n--{boundary}--\r\n"));
        let label = HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
            .map_err(|_| Invalid::new("file_name", Rule::Spec("is not a valid header value".into())))?;
        let video = with_content_type(self.client.video(), label);
        let answer = self
            .client
            .send(Op::write("upload_video"), || {
                let parts = [head.clone(), bytes.clone(), tail.clone()].map(Ok::<_, std::io::Error>);
                video
                    .upload_video()
                    .x_conversation_id(conversation)
                    .body(reqwest::Body::wrap_stream(futures::stream::iter(parts)))
                    .send()
            })
            .await?;
        let status = answer.status();
        let job = job_of("upload_video", status, &answer.into_inner().status_url)?;
        Ok(StartedVideoUpload { job })
    }

    /// Waits for an accepted upload until the video is transcoded. Every
    /// error carries the job ([`Error::accepted_job`]).
    pub async fn wait(&self, started: &StartedVideoUpload) -> Result<UploadedVideo> {
        let video = self.client.video();
        let job = started.job.as_str();
        wait_until_ready(self.client, "get_video_upload_status", || async move {
            let status = self
                .client
                .send(Op::poll("get_video_upload_status"), || {
                    video.get_video_upload_status().job(job).send()
                })
                .await?
                .into_inner();
            match (status.status.as_str(), status.url) {
                ("complete", Some(url)) => Ok(JobStatus::Ready(UploadedVideo {
                    url,
                    thumbnail_url: status.thumbnail_url,
                })),
                ("failed" | "error", _) => Err(Error::job_failed("get_video_upload_status", status.status)),
                _ => Ok(JobStatus::NotReady),
            }
        })
        .await
        .map_err(|err| err.with_accepted_job(started))
    }
}

/// The job id in a status URL's `job` query parameter.
fn job_of(operation: &'static str, status: reqwest::StatusCode, status_url: &str) -> Result<String> {
    url::Url::parse(status_url)
        .ok()
        .and_then(|url| {
            url.query_pairs()
                .find(|(name, value)| name == "job" && !value.is_empty())
                .map(|(_, value)| value.into_owned())
        })
        .ok_or_else(|| Error::unexpected_answer(operation, status, "the status URL names no job"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_job_id_comes_from_the_status_url() {
        let ok = reqwest::StatusCode::CREATED;
        assert_eq!(
            job_of("op", ok, "https://file.groupme.com/v1/1/uploadStatus?job=abc-1").unwrap(),
            "abc-1"
        );
        assert!(job_of("op", ok, "https://file.groupme.com/v1/1/uploadStatus").is_err());
        assert!(job_of("op", ok, "not a url").is_err());
    }

    #[test]
    fn thumbnails_replace_a_previous_size() {
        let url = "https://i.groupme.com/1x1.png.x";
        assert_eq!(thumbnail_url(url, Thumbnail::Preview), format!("{url}.preview"));
        assert_eq!(
            thumbnail_url(&format!("{url}.preview"), Thumbnail::Avatar),
            format!("{url}.avatar")
        );
    }
}
