//! The concurrent scenario: many tasks sharing one client on a
//! multi-threaded runtime (2 workers), each making `me()` calls, against
//! the fixed-bytes server and against the in-process `groupme-fake`.
//!
//! The SDK client is built as a user would build it
//! (`Client::builder(token).base_urls(..).build()`, so with its default
//! 30 s timeout per attempt), and is compared with two plain `reqwest`
//! clients: one from `reqwest::Client::new()` (no timeout) and one with
//! reqwest's own timeouts (30 s, connect 10 s). Each round times every contender in
//! turn, the order rotating from round to round, and the ratios are taken
//! within a round: *plain time / contender time*, which is the
//! contender's throughput relative to plain (higher is better).
//!
//! With `GROUPME_BENCH_VARIANTS=1` the bench runs only this phase, and its
//! table also has the variants used to find where the per-request cost
//! goes (see BENCHMARKS.md).

use std::sync::Arc;
use std::time::{Duration, Instant};

use groupme_api::v3::types::{User, UserEnvelope};
use groupme_sdk::Client;
use reqwest::header::HeaderValue;
use tokio::runtime::Runtime;

use super::{RunMode, median_ci, plain_get, token_header};

/// The environment variable that asks for the variants (`1`): the bench
/// then runs only this phase, with them.
pub(crate) const VARIANTS_ENV: &str = "GROUPME_BENCH_VARIANTS";

/// A `User-Agent`, for the variant that sets one.
const USER_AGENT: &str = concat!("groupme-sdk-bench/", env!("CARGO_PKG_VERSION"));

/// How many tasks share the client, one table block each.
const TASK_COUNTS: [usize; 3] = [1, 8, 64];

/// The lowest acceptable throughput of the SDK relative to plain.
const TARGET: f64 = 0.97;

/// `me()` calls per contender per round in a full run, split evenly
/// between the tasks: a round takes some milliseconds.
const CALLS_PER_ROUND: usize = 384;

/// The same in quick mode: enough to run every path.
const QUICK_CALLS_PER_ROUND: usize = 64;

/// Runs the concurrent scenario against both servers and prints its table.
pub(crate) fn run(fixed_base_url: &str, mode: RunMode, rounds: usize, variants: bool) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("multi-threaded client runtime");
    let contenders: &[Contender] = if variants {
        &Contender::WITH_VARIANTS
    } else {
        &Contender::MAIN
    };
    let calls = match mode {
        RunMode::Full => CALLS_PER_ROUND,
        _ => QUICK_CALLS_PER_ROUND,
    };
    let fake_base_url = start_fake();
    let servers = [
        ("fixed", fixed_base_url, super::TOKEN),
        (
            "fake",
            fake_base_url.as_str(),
            groupme_fake::demo::DEMO_USER.token,
        ),
    ];
    let mut blocks = Vec::new();
    for (server, base_url, token) in servers {
        let fixture = Arc::new(ConcurrentFixture::new(base_url, token));
        runtime.block_on(fixture.check_all_agree(contenders));
        for tasks in TASK_COUNTS {
            blocks.push(Block::measure(
                &runtime, &fixture, server, contenders, tasks, calls, rounds,
            ));
        }
    }
    print_table(&blocks, mode);
}

/// The ways of making the call that are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contender {
    /// `groupme_sdk::Client::me()`, the client built with defaults.
    Sdk,
    /// Plain `reqwest` + `serde_json` over `reqwest::Client::new()`.
    PlainNew,
    /// The same over a client with reqwest's timeouts (30 s, connect 10 s).
    PlainTimeouts,
    /// Variant: plain over `reqwest::Client::new()`, the request built
    /// and sent as the generated client does (`build`, `execute`).
    PlainExecute,
    /// Variant: plain over a client set up as the SDK sets up its own
    /// (connect timeout, redirect policy).
    PlainSdkSettings,
    /// Variant: the generated `v3::Client::get_me()` on the SDK's client
    /// (hooks, span check, body cap), envelope unwrapped by hand.
    Generated,
    /// Variant: the same inside `groupme_api::observe_status`.
    GeneratedObserved,
    /// Variant: the SDK with a `User-Agent` set.
    SdkUserAgent,
}

impl Contender {
    /// The reference the ratios are taken against.
    const REFERENCE: Self = Self::PlainNew;

    const MAIN: [Self; 3] = [Self::Sdk, Self::PlainNew, Self::PlainTimeouts];

    const WITH_VARIANTS: [Self; 8] = [
        Self::Sdk,
        Self::PlainNew,
        Self::PlainTimeouts,
        Self::PlainExecute,
        Self::PlainSdkSettings,
        Self::Generated,
        Self::GeneratedObserved,
        Self::SdkUserAgent,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Sdk => "sdk (default build)",
            Self::PlainNew => "plain, Client::new()",
            Self::PlainTimeouts => "plain, 30 s/10 s timeouts",
            Self::PlainExecute => "plain, build + execute",
            Self::PlainSdkSettings => "plain, the SDK's settings",
            Self::Generated => "generated get_me()",
            Self::GeneratedObserved => "generated + observe_status",
            Self::SdkUserAgent => "sdk with a User-Agent",
        }
    }
}

/// The clients, all sharing nothing but the server.
struct ConcurrentFixture {
    sdk: Client,
    sdk_user_agent: Client,
    plain_new: reqwest::Client,
    plain_timeouts: reqwest::Client,
    plain_sdk_settings: reqwest::Client,
    me_url: String,
    token: HeaderValue,
}

impl ConcurrentFixture {
    fn new(base_url: &str, token: &str) -> Self {
        let (v3, v2) = (format!("{base_url}/v3"), format!("{base_url}/v2"));
        Self {
            sdk: Client::builder(token)
                .base_urls(&v3, &v2)
                .build()
                .expect("sdk client"),
            sdk_user_agent: Client::builder(token)
                .base_urls(&v3, &v2)
                .user_agent(USER_AGENT)
                .build()
                .expect("sdk client with a user agent"),
            plain_new: reqwest::Client::new(),
            plain_timeouts: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(10))
                .build()
                .expect("reqwest client with timeouts"),
            plain_sdk_settings: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .redirect(groupme_api::redirect_policy())
                .build()
                .expect("reqwest client with the SDK's settings"),
            me_url: format!("{v3}/users/me"),
            token: token_header(token),
        }
    }

    async fn call(&self, contender: Contender) -> User {
        match contender {
            Contender::Sdk => self.sdk.me().await.expect("sdk: me"),
            Contender::SdkUserAgent => self.sdk_user_agent.me().await.expect("sdk: me"),
            Contender::PlainNew => self.plain(&self.plain_new).await,
            Contender::PlainTimeouts => self.plain(&self.plain_timeouts).await,
            Contender::PlainSdkSettings => self.plain(&self.plain_sdk_settings).await,
            Contender::Generated => unwrap_user(self.sdk.v3().get_me().send().await),
            Contender::GeneratedObserved => {
                let (result, status) = groupme_api::observe_status(self.sdk.v3().get_me().send()).await;
                assert_eq!(status, Some(reqwest::StatusCode::OK));
                unwrap_user(result)
            }
            Contender::PlainExecute => {
                let request = self
                    .plain_new
                    .get(&self.me_url)
                    .header(reqwest::header::ACCEPT, "application/json")
                    .header(groupme_api::ACCESS_TOKEN_HEADER, self.token.clone())
                    .build()
                    .expect("plain: build");
                let response = self
                    .plain_new
                    .execute(request)
                    .await
                    .expect("plain: request")
                    .error_for_status()
                    .expect("plain: status");
                let body = response.bytes().await.expect("plain: body");
                let envelope: UserEnvelope = serde_json::from_slice(&body).expect("plain: decode");
                envelope.response.expect("plain: me has a response")
            }
        }
    }

    async fn plain(&self, http: &reqwest::Client) -> User {
        let envelope: UserEnvelope = plain_get(http.get(&self.me_url), &self.token).await;
        envelope.response.expect("plain: me has a response")
    }

    /// Every contender gets the same user, so none is measured doing less.
    async fn check_all_agree(&self, contenders: &[Contender]) {
        let expected = self.call(Contender::REFERENCE).await;
        for &contender in contenders {
            assert_eq!(
                self.call(contender).await,
                expected,
                "{} must decode the same user as plain",
                contender.label()
            );
        }
    }
}

fn unwrap_user(
    result: Result<groupme_api::ResponseValue<UserEnvelope>, groupme_api::Error<groupme_api::ByteStream>>,
) -> User {
    result
        .expect("generated: get_me")
        .into_inner()
        .response
        .expect("generated: me has a response")
}

/// Starts `groupme-fake` (demo seed) on its own thread and runtime, like
/// the fixed server; returns its base URL. It lives as long as the process.
fn start_fake() -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("fake runtime");
        runtime.block_on(async move {
            let fake = groupme_fake::FakeGroupMe::start().await.expect("start the fake");
            sender
                .send(format!("http://{}", fake.local_addr()))
                .expect("bench is waiting");
            std::future::pending::<()>().await;
        });
    });
    receiver.recv().expect("fake started")
}

/// One server and task count: every contender's times, round by round.
struct Block {
    server: &'static str,
    tasks: usize,
    calls: usize,
    rounds: usize,
    /// Per contender (in the order given), its time per round.
    times: Vec<(Contender, Vec<Duration>)>,
}

impl Block {
    fn measure(
        runtime: &Runtime,
        fixture: &Arc<ConcurrentFixture>,
        server: &'static str,
        contenders: &[Contender],
        tasks: usize,
        calls: usize,
        rounds: usize,
    ) -> Self {
        let calls_per_task = calls.div_ceil(tasks);
        let time = |contender: Contender| {
            runtime.block_on(async {
                let started = Instant::now();
                let handles: Vec<_> = (0..tasks)
                    .map(|_| {
                        let fixture = Arc::clone(fixture);
                        tokio::spawn(async move {
                            for _ in 0..calls_per_task {
                                std::hint::black_box(fixture.call(contender).await);
                            }
                        })
                    })
                    .collect();
                for handle in handles {
                    handle.await.expect("a calling task panicked");
                }
                started.elapsed()
            })
        };
        // One unrecorded round each, which also opens `tasks` connections
        // in every pool.
        for &contender in contenders {
            time(contender);
        }
        let mut times: Vec<(Contender, Vec<Duration>)> = contenders
            .iter()
            .map(|&c| (c, Vec::with_capacity(rounds)))
            .collect();
        for round in 0..rounds {
            for offset in 0..times.len() {
                let index = (round + offset) % times.len();
                let elapsed = time(times[index].0);
                times[index].1.push(elapsed);
            }
        }
        Self {
            server,
            tasks,
            calls: calls_per_task * tasks,
            rounds,
            times,
        }
    }

    fn times_of(&self, contender: Contender) -> &[Duration] {
        &self
            .times
            .iter()
            .find(|(c, _)| *c == contender)
            .expect("contender was measured")
            .1
    }

    /// The per-round ratios `reference time / contender time`, sorted:
    /// the contender's throughput relative to the reference.
    fn ratios(&self, contender: Contender, reference: Contender) -> Vec<f64> {
        let mut ratios: Vec<f64> = self
            .times_of(reference)
            .iter()
            .zip(self.times_of(contender))
            .map(|(reference, contender)| reference.as_secs_f64() / contender.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios
    }

    /// The median throughput of `contender`, in calls per second.
    fn calls_per_second(&self, contender: Contender) -> f64 {
        let mut times = self.times_of(contender).to_vec();
        times.sort();
        self.calls as f64 / times[times.len() / 2].as_secs_f64()
    }
}

fn print_table(blocks: &[Block], mode: RunMode) {
    println!();
    println!(
        "groupme-sdk under concurrency: throughput relative to plain reqwest + serde_json \
         (median of per-round ratios, higher is better; 2 worker threads, one shared client)"
    );
    if mode == RunMode::Quick {
        println!("(quick mode: a smoke test, the numbers mean nothing)");
    }
    println!(
        "{:<6} {:>5} {:>6} {:>6}  {:<27} {:>9} {:>9} {:>13} {:>11} {:>13}  result",
        "server",
        "tasks",
        "calls",
        "rounds",
        "contender",
        "calls/s",
        "vs new()",
        "95% CI",
        "vs timeouts",
        "95% CI"
    );
    for block in blocks {
        for &(contender, _) in &block.times {
            let against = |reference: Contender| {
                let ratios = block.ratios(contender, reference);
                let (low, high) = median_ci(&ratios);
                (ratios[ratios.len() / 2], format!("{low:.3}..{high:.3}"))
            };
            let (vs_new, vs_new_ci) = against(Contender::PlainNew);
            let (vs_timeouts, vs_timeouts_ci) = against(Contender::PlainTimeouts);
            let result = match (contender, mode) {
                (Contender::Sdk, RunMode::Quick) => "n/a",
                (Contender::Sdk, _) if vs_new >= TARGET => "met (>=0.97 vs new())",
                (Contender::Sdk, _) => "MISSED (>=0.97 vs new())",
                _ => "",
            };
            println!(
                "{:<6} {:>5} {:>6} {:>6}  {:<27} {:>9.0} {:>9.3} {:>13} {:>11.3} {:>13}  {}",
                block.server,
                block.tasks,
                block.calls,
                block.rounds,
                contender.label(),
                block.calls_per_second(contender),
                vs_new,
                vs_new_ci,
                vs_timeouts,
                vs_timeouts_ci,
                result,
            );
        }
    }
}
