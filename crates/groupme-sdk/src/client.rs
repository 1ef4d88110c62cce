//! The client, its builder, and the one place where requests are sent,
//! retried and unwrapped.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use std::num::NonZeroU32;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use groupme_api::{AccessToken, Auth, ByteStream, Envelope, ResponseValue, file, image, v2, v3, v4, video};

use crate::error::{Error, Result};
use crate::policy::{PollingPolicy, RetryPolicy};

/// The environment variable [`Client::from_env`] reads the token from.
pub const TOKEN_ENV: &str = "GROUPME_TOKEN";

/// How many members one add request carries at most, by default.
pub const DEFAULT_ADD_CHUNK_SIZE: usize = 100;

/// A GroupMe client. Cheap to clone (an `Arc` inside), `Send + Sync`.
///
/// ```no_run
/// # async fn run() -> groupme_sdk::Result<()> {
/// use groupme_sdk::{Client, MemberFilter};
///
/// let client = Client::from_env()?;
/// let me = client.me().await?;
/// println!("hello, {}", me.name);
/// for member in client.group("1234").members().list(MemberFilter::Active).await? {
///     println!("{} ({})", member.nickname, member.id);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    v3: v3::Client,
    v2: v2::Client,
    image: image::Client,
    file: file::Client,
    video: video::Client,
    v4: v4::Client,
    /// The client-wide request-rate limit, when one is set.
    rate_limit: Option<Arc<DefaultDirectRateLimiter>>,
    /// Kept only to redact it from what servers echo back.
    token: AccessToken,
    retry: RetryPolicy,
    polling: PollingPolicy,
    add_chunk_size: usize,
    /// The most one attempt may take, answer read and decoded.
    timeout: Duration,
}

impl Client {
    /// A client for the production API with default settings.
    pub fn new(token: impl Into<AccessToken>) -> Result<Self> {
        Self::builder(token).build()
    }

    /// A client whose token is read from the `GROUPME_TOKEN` variable.
    pub fn from_env() -> Result<Self> {
        let token = std::env::var(TOKEN_ENV).map_err(|_| {
            Error::config(format!(
                "{TOKEN_ENV} is not set; export your GroupMe access token in it or pass it to Client::new"
            ))
        })?;
        Self::new(token)
    }

    /// A builder to set base URLs, timeouts, retries, polling and more.
    pub fn builder(token: impl Into<AccessToken>) -> ClientBuilder {
        ClientBuilder::new(token.into())
    }

    /// The generated v3 client underneath, for calls this crate does not
    /// wrap.
    pub fn v3(&self) -> &v3::Client {
        &self.inner.v3
    }

    /// The generated v2 client underneath.
    pub fn v2(&self) -> &v2::Client {
        &self.inner.v2
    }

    /// The generated v4 client underneath.
    pub fn v4(&self) -> &v4::Client {
        &self.inner.v4
    }

    /// The generated image-service client underneath.
    pub fn image(&self) -> &image::Client {
        &self.inner.image
    }

    /// The generated file-service client underneath.
    pub fn file(&self) -> &file::Client {
        &self.inner.file
    }

    /// The generated video-service client underneath.
    pub fn video(&self) -> &video::Client {
        &self.inner.video
    }

    /// A client like this one (sharing its connections) with another retry
    /// policy, for a call or two that need different retries.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// use groupme_sdk::RetryPolicy;
    /// let me = client.with_retry(RetryPolicy::disabled()).me().await?;
    /// # Ok(()) }
    /// ```
    pub fn with_retry(&self, policy: RetryPolicy) -> Self {
        self.with_inner(|inner| inner.retry = policy)
    }

    /// A client like this one (sharing its connections) whose requests are
    /// limited to `limit`, with a token bucket of its own; see
    /// [`ClientBuilder::rate_limit`].
    pub fn with_rate_limit(&self, limit: RateLimit) -> Self {
        self.with_inner(|inner| inner.rate_limit = Some(Arc::new(limit.limiter())))
    }

    /// A client like this one (sharing its connections) with another polling
    /// policy for member-add results.
    pub fn with_polling(&self, policy: PollingPolicy) -> Self {
        self.with_inner(|inner| inner.polling = policy)
    }

    fn with_inner(&self, change: impl FnOnce(&mut Inner)) -> Self {
        let mut inner = Inner {
            v3: self.inner.v3.clone(),
            v2: self.inner.v2.clone(),
            image: self.inner.image.clone(),
            file: self.inner.file.clone(),
            video: self.inner.video.clone(),
            v4: self.inner.v4.clone(),
            rate_limit: self.inner.rate_limit.clone(),
            token: self.inner.token.clone(),
            retry: self.inner.retry.clone(),
            polling: self.inner.polling.clone(),
            add_chunk_size: self.inner.add_chunk_size,
            timeout: self.inner.timeout,
        };
        change(&mut inner);
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The retry policy set at build time.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The polling policy set at build time.
    pub fn polling_policy(&self) -> &PollingPolicy {
        &self.inner.polling
    }

    pub(crate) fn add_chunk_size(&self) -> usize {
        self.inner.add_chunk_size
    }

    /// Sends a request built by `request` (once per attempt), retrying as
    /// the policy allows, and turns failures into [`Error`].
    pub(crate) fn send<T, F, Fut>(&self, op: Op, request: F) -> impl Future<Output = Result<ResponseValue<T>>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, groupme_api::Error<ByteStream>>>,
    {
        self.retrying(op, request, |result, _| result)
    }

    /// [`send`](Self::send), also telling how many attempts were made, so
    /// that a caller can tell an answer to its first attempt from one to a
    /// retry (a `409` after a retried message send means the first one
    /// landed).
    pub(crate) fn send_counted<T, F, Fut>(
        &self,
        op: Op,
        request: F,
    ) -> impl Future<Output = (Result<ResponseValue<T>>, u32)>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, groupme_api::Error<ByteStream>>>,
    {
        self.retrying(op, request, |result, attempts| (result, attempts))
    }

    /// [`send`](Self::send), then unwraps the envelope.
    pub(crate) fn call<T, F, Fut>(&self, op: Op, request: F) -> impl Future<Output = Result<T::Response>>
    where
        T: Envelope,
        F: FnMut() -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, groupme_api::Error<ByteStream>>>,
    {
        self.retrying(op, request, move |result, _| Self::unwrap_envelope(op, result?))
    }

    /// [`call`](Self::call) for answers whose `response` is a bare list: a
    /// `null` or missing `response` is an empty list, as GroupMe sends it.
    pub(crate) fn call_list<T, I, F, Fut>(&self, op: Op, request: F) -> impl Future<Output = Result<Vec<I>>>
    where
        T: Envelope<Response = Vec<I>>,
        F: FnMut() -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, groupme_api::Error<ByteStream>>>,
    {
        self.retrying(op, request, |result, _| {
            Ok(result?.into_inner().into_parts().0.unwrap_or_default())
        })
    }

    /// [`send`](Self::send) for answers without a body.
    pub(crate) fn call_empty<F, Fut>(&self, op: Op, request: F) -> impl Future<Output = Result<()>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<()>, groupme_api::Error<ByteStream>>>,
    {
        self.retrying(op, request, |result, _| result.map(drop))
    }

    /// The `response` of an answer's envelope; a missing one is an error.
    pub(crate) fn unwrap_envelope<T: Envelope>(op: Op, value: ResponseValue<T>) -> Result<T::Response> {
        let status = value.status();
        let (response, meta) = value.into_inner().into_parts();
        response.ok_or_else(|| Error::missing_response(op.name, status, meta.code))
    }

    /// The one retry loop behind every call: sends a request built by
    /// `request` once per attempt, retrying as the policy allows, and hands
    /// the outcome and the number of attempts to `shape`. Polls are sent
    /// once: their waiter decides when to ask again. Every attempt waits
    /// for the request-rate limit, if any, and ends at the client's
    /// timeout, reading a failure's body included.
    ///
    /// The helpers above return this future itself, shaped by a closure,
    /// rather than awaiting it in `async fn`s of their own: each such layer
    /// would hold, and copy at its start, the whole request future (see
    /// BENCHMARKS.md, "Throughput under concurrency").
    async fn retrying<T, O, F, Fut>(
        &self,
        op: Op,
        mut request: F,
        shape: impl FnOnce(Result<ResponseValue<T>>, u32) -> O,
    ) -> O
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, groupme_api::Error<ByteStream>>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            if let Some(limit) = &self.inner.rate_limit {
                limit.until_ready().await;
            }
            // One timer for the attempt: the generated call reads the whole
            // answer, so its deadline covers the body too (cheaper than
            // reqwest's own timeout, which boxes a timer per request and
            // wraps the body; see BENCHMARKS.md).
            let deadline = tokio::time::Instant::now() + self.inner.timeout;
            let timed_out = || Error::attempt_timed_out(op.name, self.inner.timeout);
            let err = match tokio::time::timeout_at(deadline, groupme_api::observe_status(request())).await {
                Ok((Ok(value), _)) => return shape(Ok(value), attempt),
                Ok((Err(err), status)) => tokio::time::timeout_at(
                    deadline,
                    Error::from_api(op.name, err, status, &self.inner.token),
                )
                .await
                .unwrap_or_else(|_| timed_out()),
                Err(_) => timed_out(),
            };
            match self.inner.retry.delay_after(attempt, &err, op.idempotent) {
                Some(delay) if !op.polls => {
                    tracing::debug!(operation = op.name, attempt, ?delay, error = %err, "retrying");
                    tokio::time::sleep(delay).await;
                }
                _ => return shape(Err(err), attempt),
            }
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use groupme_api::v3::ClientInfo;
        f.debug_struct("Client")
            .field("v3_base_url", &self.inner.v3.baseurl())
            .field("v2_base_url", &self.inner.v2.baseurl())
            .field("image_base_url", &self.inner.image.baseurl())
            .field("file_base_url", &self.inner.file.baseurl())
            .field("video_base_url", &self.inner.video.baseurl())
            .field("v4_base_url", &self.inner.v4.baseurl())
            .field("rate_limited", &self.inner.rate_limit.is_some())
            .field("retry", &self.inner.retry)
            .field("polling", &self.inner.polling)
            .field("add_chunk_size", &self.inner.add_chunk_size)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

/// An operation as the retry loop sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    /// The spec's `operationId`.
    pub name: &'static str,
    /// Whether sending it twice does no harm.
    pub idempotent: bool,
    /// Whether this is a waiter's poll, sent once per call: the waiter
    /// decides when to ask again.
    pub polls: bool,
}

impl Op {
    /// A read: idempotent, retried.
    pub const fn read(name: &'static str) -> Self {
        Self {
            name,
            idempotent: true,
            polls: false,
        }
    }

    /// A change that is safe to repeat, such as a message send carrying a
    /// `source_guid` the server de-duplicates by: retried like a read.
    pub const fn repeatable_write(name: &'static str) -> Self {
        Self {
            name,
            idempotent: true,
            polls: false,
        }
    }

    /// A change: not retried unless the policy says so.
    pub const fn write(name: &'static str) -> Self {
        Self {
            name,
            idempotent: false,
            polls: false,
        }
    }

    /// A poll, sent once: its waiter retries.
    pub const fn poll(name: &'static str) -> Self {
        Self {
            name,
            idempotent: true,
            polls: true,
        }
    }
}

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// use groupme_sdk::{Client, RetryPolicy};
///
/// let client = Client::builder("token")
///     .base_urls("http://127.0.0.1:8080/v3", "http://127.0.0.1:8080/v2")
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::standard().max_attempts(4))
///     .build()
///     .unwrap();
/// # drop(client);
/// ```
#[must_use]
pub struct ClientBuilder {
    token: AccessToken,
    v3_base_url: String,
    v2_base_url: String,
    image_base_url: String,
    file_base_url: String,
    video_base_url: String,
    /// Sends no token at all (the bot poster, see `bots::BotPoster`).
    anonymous: bool,
    v4_base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: Option<String>,
    retry: RetryPolicy,
    polling: PollingPolicy,
    http: Option<reqwest::ClientBuilder>,
    allow_insecure_http: bool,
    add_chunk_size: usize,
    max_body_bytes: u64,
    rate_limit: Option<RateLimit>,
}

/// A client-wide limit on how many requests are sent: a token bucket that
/// refills `requests` every `per`, holding at most `burst` tokens. Every
/// request, retries included, takes a token and waits for one when the
/// bucket is empty. Set with [`ClientBuilder::rate_limit`]; there is none by
/// default.
///
/// GroupMe answers `429` after bursts of a few thousand requests; a long
/// export under a limit such as 10 requests a second never meets one.
///
/// ```
/// use groupme_sdk::RateLimit;
/// let limit = RateLimit::per_second(10).burst(20);
/// # drop(limit);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    per_second: u32,
    burst: u32,
}

impl RateLimit {
    /// At most `requests` a second on average (at least 1), in bursts of
    /// up to `requests`.
    pub fn per_second(requests: u32) -> Self {
        let requests = requests.max(1);
        Self {
            per_second: requests,
            burst: requests,
        }
    }

    /// How many requests may go at once after a quiet spell (at least 1).
    pub fn burst(mut self, burst: u32) -> Self {
        self.burst = burst.max(1);
        self
    }

    /// The requests allowed each second.
    pub fn requests_per_second(&self) -> u32 {
        self.per_second
    }

    fn limiter(self) -> DefaultDirectRateLimiter {
        let per_second = NonZeroU32::new(self.per_second).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN);
        RateLimiter::direct(Quota::per_second(per_second).allow_burst(burst))
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token)
            .field("v3_base_url", &self.v3_base_url)
            .field("v2_base_url", &self.v2_base_url)
            .field("image_base_url", &self.image_base_url)
            .field("file_base_url", &self.file_base_url)
            .field("video_base_url", &self.video_base_url)
            .field("v4_base_url", &self.v4_base_url)
            .field("rate_limit", &self.rate_limit)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("polling", &self.polling)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn new(token: AccessToken) -> Self {
        Self {
            token,
            v3_base_url: groupme_api::base_url::V3.to_owned(),
            v2_base_url: groupme_api::base_url::V2.to_owned(),
            image_base_url: groupme_api::base_url::IMAGE.to_owned(),
            file_base_url: groupme_api::base_url::FILE.to_owned(),
            video_base_url: groupme_api::base_url::VIDEO.to_owned(),
            anonymous: false,
            v4_base_url: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: None,
            retry: RetryPolicy::standard(),
            polling: PollingPolicy::default(),
            http: None,
            allow_insecure_http: false,
            add_chunk_size: DEFAULT_ADD_CHUNK_SIZE,
            max_body_bytes: groupme_api::DEFAULT_MAX_BODY_BYTES,
            rate_limit: None,
        }
    }

    /// The v3 host's base URL (default `https://api.groupme.com/v3`).
    pub fn v3_base_url(mut self, url: impl Into<String>) -> Self {
        self.v3_base_url = url.into();
        self
    }

    /// The v2 host's base URL (default `https://v2.groupme.com`).
    pub fn v2_base_url(mut self, url: impl Into<String>) -> Self {
        self.v2_base_url = url.into();
        self
    }

    /// The v4 host's base URL, which shows and edits single messages. By
    /// default it follows the v3 URL: one ending in `/v3` gives the same
    /// URL ending in `/v4` (`https://api.groupme.com/v4` for the default,
    /// the fake's `/v4` for the fake's `/v3`); any other v3 URL gives the
    /// production v4 host.
    pub fn v4_base_url(mut self, url: impl Into<String>) -> Self {
        self.v4_base_url = Some(url.into());
        self
    }

    /// Limits the whole client (and its clones) to a request rate; off by
    /// default. See [`RateLimit`].
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Both base URLs at once, such as a fake server's.
    pub fn base_urls(self, v3: impl Into<String>, v2: impl Into<String>) -> Self {
        self.v3_base_url(v3).v2_base_url(v2)
    }

    /// The image service's base URL (default `https://image.groupme.com`).
    pub fn image_base_url(mut self, url: impl Into<String>) -> Self {
        self.image_base_url = url.into();
        self
    }

    /// The file service's base URL (default `https://file.groupme.com/v1`).
    pub fn file_base_url(mut self, url: impl Into<String>) -> Self {
        self.file_base_url = url.into();
        self
    }

    /// The video service's base URL (default `https://video.groupme.com`).
    pub fn video_base_url(mut self, url: impl Into<String>) -> Self {
        self.video_base_url = url.into();
        self
    }

    /// A builder for a client that sends no token (the bot poster's).
    pub(crate) fn anonymous() -> Self {
        let mut builder = Self::new(AccessToken::new(""));
        builder.anonymous = true;
        builder
    }

    /// The most one attempt of a call may take, from sending the request
    /// to the decoded answer (default 30 s). An attempt that takes longer
    /// fails with an error whose [`is_timeout`](Error::is_timeout) holds,
    /// and is retried as a network failure is (reads and repeatable writes
    /// only). Applies with [`http_client`](Self::http_client) too.
    ///
    /// The SDK enforces it around each attempt, not in `reqwest`, so calls
    /// made directly on the generated clients underneath
    /// ([`Client::v3`] and the like) are bounded only by the connect
    /// timeout; wrap those in `tokio::time::timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The most connecting may take (default 10 s). Ignored with
    /// [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// A `User-Agent` header for every request, such as `my-bot/1.0`.
    /// None is sent by default, as with `reqwest`: GroupMe needs none, and
    /// each header costs every request a little (see BENCHMARKS.md).
    /// Ignored with [`http_client`](Self::http_client).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// How failed requests are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How member-add results are waited for.
    pub fn polling(mut self, policy: PollingPolicy) -> Self {
        self.polling = policy;
        self
    }

    /// How many members one add request carries at most (default 100);
    /// larger adds are split and their outcomes merged.
    pub fn add_chunk_size(mut self, size: usize) -> Self {
        self.add_chunk_size = size;
        self
    }

    /// Builds the HTTP client from the caller's own `reqwest::ClientBuilder`
    /// (proxies, TLS, pools, timeouts, user agent: its settings apply, and
    /// this builder's [`connect_timeout`](Self::connect_timeout) and
    /// [`user_agent`](Self::user_agent) are ignored; its
    /// [`timeout`](Self::timeout) still bounds every attempt). The token is
    /// added to each request as a sensitive header.
    ///
    /// The SDK sets the builder's redirect policy to
    /// [`groupme_api::redirect_policy`]: a redirect to another host is never
    /// followed, since `reqwest` would carry `X-Access-Token` along. That is
    /// why this takes a builder and not a built `reqwest::Client`, whose
    /// redirect policy can no longer be changed.
    ///
    /// ```
    /// use std::time::Duration;
    /// let client = groupme_sdk::Client::builder("token")
    ///     .http_client(reqwest::Client::builder().pool_idle_timeout(Duration::from_secs(30)))
    ///     .build()
    ///     .unwrap();
    /// # drop(client);
    /// ```
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http = Some(builder);
        self
    }

    /// The largest successful body read, in bytes (default 32 MiB, see
    /// [`groupme_api::DEFAULT_MAX_BODY_BYTES`]); a larger answer fails with
    /// [`ErrorKind::BodyTooLarge`](crate::ErrorKind::BodyTooLarge) without
    /// being held in memory. Failure bodies are read only up to
    /// [`ERROR_BODY_LIMIT`](crate::ERROR_BODY_LIMIT) whatever this says.
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Allows `http://` base URLs on hosts other than loopback. The token
    /// then crosses the network unencrypted: only for trusted networks.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client> {
        let auth = if self.anonymous {
            Auth::none()
        } else {
            Auth::token(&self.token).map_err(|err| Error::config(err.to_string()))?
        }
        .max_body_bytes(self.max_body_bytes);
        let insecure = self.allow_insecure_http;
        let v3_base_url = checked_base_url("v3_base_url", &self.v3_base_url, insecure)?;
        let v2_base_url = checked_base_url("v2_base_url", &self.v2_base_url, insecure)?;
        let v4_base_url = self.v4_base_url.clone().unwrap_or_else(|| {
            v3_base_url.strip_suffix("/v3").map_or_else(
                || groupme_api::base_url::V4.to_owned(),
                |base| format!("{base}/v4"),
            )
        });
        let v4_base_url = checked_base_url("v4_base_url", &v4_base_url, insecure)?;
        let image_base_url = checked_base_url("image_base_url", &self.image_base_url, insecure)?;
        let file_base_url = checked_base_url("file_base_url", &self.file_base_url, insecure)?;
        let video_base_url = checked_base_url("video_base_url", &self.video_base_url, insecure)?;
        if self.add_chunk_size == 0 {
            return Err(Error::config("add_chunk_size: must be at least 1"));
        }
        let http = match self.http {
            Some(builder) => builder,
            None => {
                let builder = reqwest::Client::builder().connect_timeout(self.connect_timeout);
                match self.user_agent {
                    Some(user_agent) => builder.user_agent(user_agent),
                    None => builder,
                }
            }
        }
        .redirect(groupme_api::redirect_policy())
        .build()
        .map_err(|err| Error::config(format!("HTTP client: {}", err.without_url())))?;
        Ok(Client {
            inner: Arc::new(Inner {
                v3: v3::Client::new_with_client(&v3_base_url, http.clone(), auth.clone()),
                v2: v2::Client::new_with_client(&v2_base_url, http.clone(), auth.clone()),
                v4: v4::Client::new_with_client(&v4_base_url, http.clone(), auth.clone()),
                rate_limit: self.rate_limit.map(|limit| Arc::new(limit.limiter())),
                image: image::Client::new_with_client(&image_base_url, http.clone(), auth.clone()),
                file: file::Client::new_with_client(&file_base_url, http.clone(), auth.clone()),
                video: video::Client::new_with_client(&video_base_url, http, auth),
                token: self.token,
                retry: self.retry,
                polling: self.polling,
                add_chunk_size: self.add_chunk_size,
                timeout: self.timeout,
            }),
        })
    }
}

/// Parses a base URL, refusing `http://` off loopback unless allowed, and
/// drops a trailing slash.
fn checked_base_url(field: &str, url: &str, allow_insecure_http: bool) -> Result<String> {
    let parsed =
        reqwest::Url::parse(url).map_err(|err| Error::config(format!("{field}: is not a URL ({err})")))?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&parsed) => {}
        "http" => {
            return Err(Error::config(format!(
                "{field}: http:// is only allowed for loopback hosts, since the token would travel \
                 unencrypted; use https:// or call allow_insecure_http(true)"
            )));
        }
        other => {
            return Err(Error::config(format!(
                "{field}: scheme must be https, not {other}"
            )));
        }
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::config(format!("{field}: must have no query or fragment")));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_is_refused_off_loopback() {
        let err = checked_base_url("v3_base_url", "http://example.com/v3", false).unwrap_err();
        assert!(
            err.to_string()
                .contains("v3_base_url: http:// is only allowed for loopback"),
            "{err}"
        );
        assert!(checked_base_url("v3_base_url", "http://example.com/v3", true).is_ok());
        for ok in [
            "http://127.0.0.1:1/v3",
            "http://localhost:8/v3/",
            "http://[::1]:9",
            "https://api.groupme.com/v3",
        ] {
            assert!(checked_base_url("v3_base_url", ok, false).is_ok(), "{ok}");
        }
        assert_eq!(
            checked_base_url("f", "http://localhost:8/v3/", false).unwrap(),
            "http://localhost:8/v3"
        );
        assert!(checked_base_url("f", "ftp://localhost/", false).is_err());
        assert!(checked_base_url("f", "not a url", false).is_err());
        assert!(checked_base_url("f", "https://api.groupme.com/v3?token=x", false).is_err());
    }

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn clients_and_their_futures_cross_threads() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Client>();
        let client = Client::new("token").unwrap();
        assert_send(&client.me());
        let group = client.group("1");
        assert_send(&group.members().list(crate::MemberFilter::Active));
        assert_send(
            &group
                .members()
                .add()
                .member(crate::NewMember::by_email("A", "a@example.com"))
                .send(),
        );
        assert_send(&group.pending().approve_all());
        assert_send(&client.profile().update_extended().bio("b").send());
        assert_send(&group.messages().history());
        assert_send(&group.messages().send("hi").send());
        assert_send(&client.dm("2").send("hi").send());
        assert_send(&group.message("3").edit("new").send());
        assert_send(&client.chats().list());
    }

    #[test]
    fn the_v4_host_follows_the_v3_url_unless_set() {
        let client = Client::builder("t")
            .base_urls("http://127.0.0.1:9/v3", "http://127.0.0.1:9/v2")
            .build()
            .unwrap();
        assert!(format!("{client:?}").contains("v4_base_url: \"http://127.0.0.1:9/v4\""));
        let production = Client::new("t").unwrap();
        assert!(format!("{production:?}").contains("https://api.groupme.com/v4"));
        let other = Client::builder("t")
            .v3_base_url("http://127.0.0.1:9/api")
            .v4_base_url("http://127.0.0.1:9/four")
            .build()
            .unwrap();
        assert!(format!("{other:?}").contains("http://127.0.0.1:9/four"));
    }

    #[test]
    fn empty_tokens_are_refused() {
        let err = Client::new("").unwrap_err();
        assert!(
            err.to_string().contains("access token: must not be empty"),
            "{err}"
        );
    }
}
