//! What `groupme_sdk` costs on top of plain `reqwest` + `serde_json`.
//!
//! Two calls are measured side by side, each made once through the SDK and
//! once by hand with the same `reqwest::Client` (one pool, one warm
//! connection) and the same generated types:
//!
//! - `client.me()` against `GET /users/me` decoded into `UserEnvelope`:
//!   the wrapper's per-call overhead;
//! - `client.group(g).members().list(MemberFilter::Active)` against a
//!   5,000-member index decoded into `MembershipIndexEnvelope`: the cost
//!   of decoding a large answer.
//!
//! The answers come from a small axum server on `127.0.0.1:0`, in its own
//! thread and runtime, that serves bytes prepared before the clock starts
//! (and refuses requests without the token, so both sides must send it).
//!
//! Criterion reports each side's time first. Then a paired phase times the
//! two sides in alternating rounds, so that drift on a shared machine hits
//! both alike, and prints the ratio *sdk time / plain time* per scenario.
//! Last, the concurrent phase ([`concurrent`]) has 1, 8 and 64 tasks share
//! one client on a 2-worker runtime, against this server and against
//! `groupme-fake`, and prints throughput relative to plain.
//!
//! ```text
//! cargo bench -p groupme-sdk --bench overhead            # full run, about 3 minutes
//! cargo bench -p groupme-sdk --bench overhead -- --test  # quick: each side runs a few times
//! ```
//!
//! `cargo test -p groupme-sdk --benches` runs the quick mode too.

use std::hint::black_box;
use std::time::{Duration, Instant};

use axum::extract::{RawQuery, State};
use axum::http::header::{ACCEPT, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use criterion::{Criterion, SamplingMode};
use groupme_api::ACCESS_TOKEN_HEADER;
use groupme_api::v3::types::{Member, MembershipIndex, MembershipIndexEnvelope, Meta, User, UserEnvelope};
use groupme_sdk::{Client, MemberFilter};
use serde::de::DeserializeOwned;
use tokio::runtime::Runtime;

#[path = "overhead/concurrent.rs"]
mod concurrent;
#[path = "support/run_mode.rs"]
mod run_mode;

use run_mode::RunMode;

/// The token both sides send and the server insists on.
const TOKEN: &str = "bench-token";
/// The group whose members are listed.
const GROUP_ID: &str = "2001";
/// How many members the large list has.
const LARGE_GROUP_SIZE: usize = 5_000;

fn main() {
    let mode = RunMode::from_args();
    let variants = std::env::var_os(concurrent::VARIANTS_ENV).is_some_and(|value| value == "1");
    if variants {
        // The investigation: only the concurrent phase, with its variants.
        if let Some(rounds) = mode.concurrent_rounds() {
            concurrent::run(&FixedServer::start(), mode, rounds, true);
        }
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let base_url = FixedServer::start();
    let fixture = Fixture::new(&base_url);
    runtime.block_on(fixture.check_both_sides_agree());

    let mut criterion = Criterion::default().configure_from_args();
    for scenario in Scenario::ALL {
        scenario.criterion_group(&mut criterion, &runtime, &fixture);
    }
    criterion.final_summary();

    if let Some(rounds) = mode.paired_rounds() {
        let results: Vec<Paired> = Scenario::ALL
            .iter()
            .map(|&scenario| Paired::measure(&runtime, &fixture, scenario, rounds))
            .collect();
        print_summary(&results, mode);
    }

    if let Some(rounds) = mode.concurrent_rounds() {
        concurrent::run(&base_url, mode, rounds, false);
    }
}

impl RunMode {
    /// Rounds of the paired phase, if it runs: some seconds' worth per
    /// scenario in a full run.
    fn paired_rounds(self) -> Option<usize> {
        match self {
            Self::Full => Some(601),
            Self::Quick => Some(3),
            Self::CriterionOnly => None,
        }
    }

    /// Rounds of the concurrent phase per server and task count, if it
    /// runs.
    fn concurrent_rounds(self) -> Option<usize> {
        match self {
            Self::Full => Some(201),
            Self::Quick => Some(2),
            Self::CriterionOnly => None,
        }
    }
}

/// The two ways of making a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Through `groupme_sdk`.
    Sdk,
    /// `reqwest` + `serde_json` by hand.
    Plain,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Self::Sdk => "sdk",
            Self::Plain => "plain",
        }
    }
}

/// What is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    /// `client.me()`: a small answer, so mostly per-call overhead.
    Me,
    /// `members().list(Active)` of 5,000 members: mostly decoding.
    LargeList,
}

impl Scenario {
    const ALL: [Self; 2] = [Self::Me, Self::LargeList];

    /// The criterion group's name.
    fn id(self) -> &'static str {
        match self {
            Self::Me => "me",
            Self::LargeList => "members_list_5000",
        }
    }

    /// How the summary table names it.
    fn label(self) -> &'static str {
        match self {
            Self::Me => "client.me() (per call)",
            Self::LargeList => "members().list(), 5,000 members",
        }
    }

    /// The highest acceptable ratio of sdk to plain time.
    fn target(self) -> f64 {
        match self {
            Self::Me => 1.05,
            Self::LargeList => 1.10,
        }
    }

    /// Calls per side per round in the paired phase: a round takes a
    /// few milliseconds, short enough that both of its halves see the same
    /// machine.
    fn calls_per_round(self) -> u32 {
        match self {
            Self::Me => 50,
            Self::LargeList => 1,
        }
    }

    /// Criterion's view: each side's time per call, with its statistics.
    fn criterion_group(self, criterion: &mut Criterion, runtime: &Runtime, fixture: &Fixture) {
        let mut group = criterion.benchmark_group(self.id());
        group.warm_up_time(Duration::from_secs(1));
        match self {
            Self::Me => {
                group.sample_size(50).measurement_time(Duration::from_secs(3));
            }
            Self::LargeList => {
                group
                    .sampling_mode(SamplingMode::Flat)
                    .sample_size(20)
                    .measurement_time(Duration::from_secs(5));
            }
        }
        for side in [Side::Sdk, Side::Plain] {
            group.bench_function(side.name(), |bencher| {
                bencher.to_async(runtime).iter(|| fixture.call(self, side));
            });
        }
        group.finish();
    }
}

/// The two clients and what the plain side needs to build its requests.
struct Fixture {
    sdk: Client,
    http: reqwest::Client,
    v3_base_url: String,
    token: HeaderValue,
}

impl Fixture {
    fn new(base_url: &str) -> Self {
        // Each side has its own pool, set up alike: a 30 s timeout (reqwest's
        // on the plain side, the SDK's own per attempt on the other), a 10 s
        // connect timeout and one `User-Agent`.
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .user_agent("groupme-sdk-bench")
            .build()
            .expect("reqwest client");
        let v3_base_url = format!("{base_url}/v3");
        let sdk = Client::builder(TOKEN)
            .base_urls(&v3_base_url, format!("{base_url}/v2"))
            .user_agent("groupme-sdk-bench")
            .build()
            .expect("sdk client");
        Self {
            sdk,
            http,
            v3_base_url,
            token: token_header(TOKEN),
        }
    }

    /// Makes one call of `scenario` on `side`, keeping the answer from
    /// being optimised away.
    async fn call(&self, scenario: Scenario, side: Side) {
        match (scenario, side) {
            (Scenario::Me, Side::Sdk) => {
                black_box(self.sdk_me().await);
            }
            (Scenario::Me, Side::Plain) => {
                black_box(self.plain_me().await);
            }
            (Scenario::LargeList, Side::Sdk) => {
                black_box(self.sdk_members().await);
            }
            (Scenario::LargeList, Side::Plain) => {
                black_box(self.plain_members().await);
            }
        }
    }

    /// Warms the connection and checks that both sides get the same
    /// answers, so that neither is measured doing less.
    async fn check_both_sides_agree(&self) {
        let (sdk, plain) = (self.sdk_me().await, self.plain_me().await);
        assert_eq!(sdk, plain, "both sides must decode the same user");
        let (sdk, plain) = (self.sdk_members().await, self.plain_members().await);
        assert_eq!(sdk.len(), LARGE_GROUP_SIZE);
        assert_eq!(sdk, plain, "both sides must decode the same members");
    }

    async fn sdk_me(&self) -> User {
        self.sdk.me().await.expect("sdk: me")
    }

    async fn sdk_members(&self) -> Vec<Member> {
        self.sdk
            .group(GROUP_ID)
            .members()
            .list(MemberFilter::Active)
            .await
            .expect("sdk: list members")
    }

    async fn plain_me(&self) -> User {
        let url = format!("{}/users/me", self.v3_base_url);
        let envelope: UserEnvelope = self.plain_get(self.http.get(url)).await;
        envelope.response.expect("plain: me has a response")
    }

    async fn plain_members(&self) -> Vec<Member> {
        let url = format!("{}/groups/{GROUP_ID}/members", self.v3_base_url);
        let request = self.http.get(url).query(&[("filter", "active")]);
        let envelope: MembershipIndexEnvelope = self.plain_get(request).await;
        envelope
            .response
            .expect("plain: members have a response")
            .memberships
            .unwrap_or_default()
    }

    async fn plain_get<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> T {
        plain_get(request, &self.token).await
    }
}

/// What a careful hand-written call does: token and `Accept` headers, a
/// status check, the whole body, `serde_json::from_slice`.
async fn plain_get<T: DeserializeOwned>(request: reqwest::RequestBuilder, token: &HeaderValue) -> T {
    let response = request
        .header(ACCESS_TOKEN_HEADER, token.clone())
        .header(ACCEPT, "application/json")
        .send()
        .await
        .expect("plain: request")
        .error_for_status()
        .expect("plain: status");
    let body = response.bytes().await.expect("plain: body");
    serde_json::from_slice(&body).expect("plain: decode")
}

/// The sensitive header value of `token`, as both sides send it.
fn token_header(token: &str) -> HeaderValue {
    let mut value = HeaderValue::from_str(token).expect("visible ASCII token");
    value.set_sensitive(true);
    value
}

/// A loopback server answering with bytes serialised once, up front.
#[derive(Clone)]
struct FixedServer {
    me: Bytes,
    members: Bytes,
}

impl FixedServer {
    /// Starts the server on its own thread and runtime; returns its base
    /// URL. It lives as long as the process.
    fn start() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let server = Self {
            me: json(&UserEnvelope {
                meta: ok_meta(),
                response: Some(user()),
            }),
            members: json(&MembershipIndexEnvelope {
                meta: ok_meta(),
                response: Some(MembershipIndex {
                    memberships: Some((0..LARGE_GROUP_SIZE).map(member).collect()),
                }),
            }),
        };
        let app = axum::Router::new()
            .route("/v3/users/me", get(Self::me))
            .route("/v3/groups/{group_id}/members", get(Self::members))
            .with_state(server);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                axum::serve(listener, app).await.expect("serve");
            });
        });
        base_url
    }

    async fn me(State(server): State<Self>, headers: HeaderMap) -> Response {
        answer(&headers, &server.me)
    }

    async fn members(State(server): State<Self>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
        if query.as_deref() != Some("filter=active") {
            return StatusCode::BAD_REQUEST.into_response();
        }
        answer(&headers, &server.members)
    }
}

/// `body` as JSON if the request carries the token, else `401`.
fn answer(headers: &HeaderMap, body: &Bytes) -> Response {
    if headers
        .get(ACCESS_TOKEN_HEADER)
        .is_none_or(|token| token != TOKEN)
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    ([(CONTENT_TYPE, "application/json")], body.clone()).into_response()
}

fn json(value: &impl serde::Serialize) -> Bytes {
    Bytes::from(serde_json::to_vec(value).expect("fixture serialises"))
}

fn ok_meta() -> Meta {
    Meta {
        code: 200,
        errors: None,
    }
}

fn user() -> User {
    User {
        created_at: Some(1_302_623_328),
        email: Some("self@example.org".into()),
        id: "1234567890".into(),
        image_url: Some("https://i.groupme.com/avatar.kestrel".into()),
        locale: Some("en_us".into()),
        name: "Kestrel Vance".into(),
        phone_number: Some("+1 5550109876".into()),
        share_qr_code_url: None,
        share_url: None,
        sms: Some(false),
        updated_at: Some(1_302_623_328),
        user_id: Some("1234567890".into()),
        zip_code: Some("92145".into()),
    }
}

/// The `index`-th member of the large group, with every field set as a
/// live answer would have them (some avatars empty or missing).
fn member(index: usize) -> Member {
    let role = match index {
        0 => "owner",
        1..=9 => "admin",
        _ => "user",
    };
    Member {
        app_installed: Some(!index.is_multiple_of(7)),
        autokicked: Some(false),
        guid: Some(format!("0b5c6c8e-{index:04x}-4d1f-9a3e-{index:012x}")),
        id: (100_000_000 + index).to_string(),
        image_url: match index % 3 {
            0 => Some(format!("https://i.groupme.com/{}", 900_000_000 + index)),
            1 => Some(String::new()),
            _ => None,
        },
        muted: Some(index.is_multiple_of(11)),
        name: Some(format!("Member Number {index}")),
        nickname: format!("member {index}"),
        roles: Some(vec![role.to_owned()]),
        state: Some("active".into()),
        user_id: (20_000_000 + index).to_string(),
    }
}

/// The paired phase for one scenario: rounds that time both sides, in
/// alternating order, one right after the other.
struct Paired {
    scenario: Scenario,
    rounds: usize,
    /// Median time per call, sdk side.
    sdk: Duration,
    /// Median time per call, plain side.
    plain: Duration,
    /// The per-round ratios sdk / plain, sorted.
    ratios: Vec<f64>,
}

impl Paired {
    fn measure(runtime: &Runtime, fixture: &Fixture, scenario: Scenario, rounds: usize) -> Self {
        let calls = scenario.calls_per_round();
        let time = |side: Side| {
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..calls {
                    fixture.call(scenario, side).await;
                }
                started.elapsed() / calls
            })
        };
        // One unrecorded round to warm caches and the allocator.
        time(Side::Sdk);
        time(Side::Plain);
        let (mut sdk, mut plain, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let (sdk_time, plain_time) = if round.is_multiple_of(2) {
                let sdk_time = time(Side::Sdk);
                (sdk_time, time(Side::Plain))
            } else {
                let plain_time = time(Side::Plain);
                (time(Side::Sdk), plain_time)
            };
            ratios.push(sdk_time.as_secs_f64() / plain_time.as_secs_f64());
            sdk.push(sdk_time);
            plain.push(plain_time);
        }
        sdk.sort();
        plain.sort();
        ratios.sort_by(f64::total_cmp);
        Self {
            scenario,
            rounds,
            sdk: sdk[sdk.len() / 2],
            plain: plain[plain.len() / 2],
            ratios,
        }
    }

    /// How much longer a call takes through the SDK (difference of the
    /// medians), signed: `-` if it was faster.
    fn extra_per_call(&self) -> String {
        let (sign, extra) = match self.sdk.checked_sub(self.plain) {
            Some(extra) => ('+', extra),
            None => ('-', self.plain - self.sdk),
        };
        format!("{sign}{extra:.2?}")
    }

    /// The median of the per-round ratios.
    fn median_ratio(&self) -> f64 {
        self.ratios[self.ratios.len() / 2]
    }

    /// A distribution-free 95% confidence interval for the median ratio:
    /// the order statistics `n/2 ± 0.98·√n` of the sorted ratios.
    fn median_ratio_ci(&self) -> (f64, f64) {
        median_ci(&self.ratios)
    }
}

/// A distribution-free 95% confidence interval for the median of `sorted`:
/// its order statistics `n/2 ± 0.98·√n`.
fn median_ci(sorted: &[f64]) -> (f64, f64) {
    let n = sorted.len();
    let half_width = (0.98 * (n as f64).sqrt()).ceil() as usize;
    let low = (n / 2).saturating_sub(half_width);
    let high = (n / 2 + half_width).min(n - 1);
    (sorted[low], sorted[high])
}

/// The closing table: times per call and the ratios against the targets.
fn print_summary(results: &[Paired], mode: RunMode) {
    println!();
    println!("groupme-sdk overhead: sdk time / plain reqwest + serde_json time (median of paired rounds)");
    if mode == RunMode::Quick {
        println!("(quick mode: a smoke test, the numbers mean nothing)");
    }
    println!(
        "(criterion's times above measure each side in turn and swing with the machine's load; \
         these rounds alternate the sides)"
    );
    println!(
        "{:<34} {:>6} {:>10} {:>10} {:>10} {:>7} {:>13} {:>7}  result",
        "scenario", "rounds", "sdk/call", "plain/call", "extra/call", "ratio", "95% CI", "target"
    );
    for paired in results {
        let ratio = paired.median_ratio();
        let (low, high) = paired.median_ratio_ci();
        let target = paired.scenario.target();
        println!(
            "{:<34} {:>6} {:>10} {:>10} {:>10} {:>7.3} {:>13} {:>7}  {}",
            paired.scenario.label(),
            paired.rounds,
            format!("{:.1?}", paired.sdk),
            format!("{:.1?}", paired.plain),
            paired.extra_per_call(),
            ratio,
            format!("{low:.3}..{high:.3}"),
            format!("<={target:.2}"),
            match mode {
                RunMode::Quick => "n/a",
                _ if ratio <= target => "met",
                _ => "MISSED",
            },
        );
    }
}
