//! Starting a fake and calling it with plain HTTP, so that tests see
//! exactly the status, content type and body GroupMe clients would.

use std::time::Duration;

use groupme_fake::{FakeGroupMe, ManualClock, demo};
use reqwest::Method;
use serde_json::{Value, json};

/// How long member-add results stay "not ready" in these tests.
pub const RESULTS_DELAY: Duration = Duration::from_secs(2);

/// A running fake with the demo seed, its manual clock and an HTTP client.
pub struct Fake {
    pub server: FakeGroupMe,
    pub clock: ManualClock,
    http: reqwest::Client,
}

/// Which API host a request goes to.
#[derive(Clone, Copy)]
pub enum Host {
    V3,
    V2,
    V4,
}

/// Starts a fake with the demo seed, a manual clock and a 2 s results delay.
pub async fn start() -> Fake {
    let clock = ManualClock::default();
    let server = FakeGroupMe::builder()
        .clock(clock.clone())
        .results_delay(RESULTS_DELAY)
        .start()
        .await
        .expect("the fake starts");
    Fake::with(server, clock)
}

impl Fake {
    /// Wraps a fake started elsewhere, driven by `clock`.
    pub fn with(server: FakeGroupMe, clock: ManualClock) -> Self {
        Self {
            server,
            clock,
            http: reqwest::Client::new(),
        }
    }

    /// Sends a request; `token` goes in the `X-Access-Token` header.
    pub async fn call(
        &self,
        host: Host,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let base = match host {
            Host::V3 => self.server.v3_url(),
            Host::V2 => self.server.v2_url(),
            Host::V4 => self.server.v4_url(),
        };
        let mut request = self.http.request(method, format!("{base}{path}"));
        if let Some(token) = token {
            request = request.header("X-Access-Token", token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        Reply::read(request.send().await.expect("the fake answers")).await
    }

    /// `GET` on v3 as the demo user.
    pub async fn get(&self, path: &str) -> Reply {
        self.get_as(demo::TOKEN, path).await
    }

    /// `GET` on v3 as `token`.
    pub async fn get_as(&self, token: &str, path: &str) -> Reply {
        self.call(Host::V3, Method::GET, path, Some(token), None).await
    }

    /// `POST` on v3 as the demo user.
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.post_as(demo::TOKEN, path, body).await
    }

    /// `POST` on v3 as `token`.
    pub async fn post_as(&self, token: &str, path: &str, body: Value) -> Reply {
        self.call(Host::V3, Method::POST, path, Some(token), Some(body))
            .await
    }

    /// `PUT` on v3 as the demo user.
    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.call(Host::V3, Method::PUT, path, Some(demo::TOKEN), Some(body))
            .await
    }

    /// `POST` on v2 as `token`.
    pub async fn post_v2_as(&self, token: &str, path: &str, body: Option<Value>) -> Reply {
        self.call(Host::V2, Method::POST, path, Some(token), body).await
    }

    /// Adds members to the demo group as the demo user; returns the
    /// results id.
    pub async fn add_members(&self, members: Value) -> String {
        let path = format!("/groups/{}/members/add", demo::GROUP_ID);
        let body = self.post(&path, json!({ "members": members })).await.json(202);
        assert_eq!(body["meta"]["code"], 202);
        body["response"]["results_id"]
            .as_str()
            .expect("a results id")
            .to_owned()
    }

    /// The memberships of the demo group, by membership id.
    pub fn demo_membership(&self, membership_id: &str) -> groupme_api::v3::types::Member {
        self.server
            .state()
            .memberships(demo::GROUP_ID)
            .expect("the demo group exists")
            .into_iter()
            .find(|member| member.id == membership_id)
            .expect("the membership exists")
    }
}

/// An answer: status, content type and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

impl Reply {
    async fn read(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|value| value.to_str().expect("ASCII content type").to_owned());
        let body = response.text().await.expect("a readable body");
        Self {
            status,
            content_type,
            body,
        }
    }

    /// Asserts a JSON answer with this status; returns the body.
    #[track_caller]
    pub fn json(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "status of {self:?}");
        assert_eq!(
            self.content_type.as_deref(),
            Some("application/json"),
            "content type of {self:?}"
        );
        serde_json::from_str(&self.body).expect("a JSON body")
    }

    /// Asserts GroupMe's failure envelope: `response` null, `meta.code` the
    /// status and `meta.errors` as given (a list or a field map).
    #[track_caller]
    pub fn error(&self, status: u16, errors: Value) {
        let body = self.json(status);
        assert_eq!(
            body,
            json!({ "response": null, "meta": { "code": status, "errors": errors } })
        );
    }

    /// Asserts a `400` whose `meta.errors` maps exactly one field, `field`,
    /// to a message; returns the message.
    #[track_caller]
    pub fn field_error(&self, field: &str) -> String {
        let body = self.json(400);
        assert_eq!(body["response"], Value::Null);
        assert_eq!(body["meta"]["code"], 400);
        let errors = body["meta"]["errors"].as_object().expect("errors as a field map");
        assert_eq!(errors.len(), 1, "one field to blame in {errors:?}");
        errors[field]
            .as_str()
            .expect("a message for the field")
            .to_owned()
    }

    /// Asserts a plain-text answer with this status and body.
    #[track_caller]
    pub fn text(&self, status: u16, text: &str) {
        assert_eq!(self.status, status, "status of {self:?}");
        assert_eq!(
            self.content_type.as_deref(),
            Some("text/plain; charset=utf-8"),
            "content type of {self:?}"
        );
        assert_eq!(self.body, text);
    }

    /// Asserts an empty answer with this status and no content type.
    #[track_caller]
    pub fn empty(&self, status: u16) {
        assert_eq!(self.status, status, "status of {self:?}");
        assert_eq!(self.content_type, None, "content type of {self:?}");
        assert_eq!(self.body, "");
    }
}
