//! Exporting a whole group history: the SDK's message stream against a
//! plain `reqwest` + `serde_json` loop over the same pages.
//!
//! A fake GroupMe (`groupme_fake`, on its own thread and runtime in this
//! process) holds a generated history; each side reads all of it, newest to
//! oldest, 100 messages a request (`before_id` from the last id of each
//! page, until the `304`), decoding into the same generated `Message` type:
//!
//! - **sdk**: `client.group(id).messages().history()`, consumed with
//!   `try_next` (one page in memory at a time);
//! - **plain**: a loop of `GET …/messages?acceptFiles=1&limit=100&before_id=…`
//!   with `error_for_status`, `bytes()`, `serde_json::from_slice` into
//!   `GroupMessagesEnvelope`, stopping on `304`.
//!
//! For each side and history length it reports messages per second (median
//! of rounds that alternate the sides) and the peak heap the client thread
//! held above what it held before the export, counted by a global allocator
//! that only counts allocations on threads marked as client threads (the
//! fake's threads are not counted). Histories of 10,000 and 100,000
//! messages show whether memory grows with the history.
//!
//! ```text
//! cargo bench -p groupme-sdk --bench export            # full run, about a minute
//! cargo bench -p groupme-sdk --bench export -- --test  # quick: small histories, one round
//! ```
//!
//! `cargo test -p groupme-sdk --benches` runs the quick mode.
//!
//! Groupy (Python) can be run against the same fake by hand for a third
//! column; see BENCHMARKS.md ("Groupy") for the commands.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use groupme_api::ACCESS_TOKEN_HEADER;
use groupme_api::v3::types::GroupMessagesEnvelope;
use groupme_fake::{FakeGroupMe, demo};
use groupme_sdk::{Client, RetryPolicy};
use tokio::runtime::Runtime;

/// Counts the heap of client threads: bytes live now and the most seen.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

thread_local! {
    /// Whether this thread's allocations are counted.
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

fn counted() -> bool {
    COUNTED.try_with(Cell::get).unwrap_or(false)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded to the system allocator with the same layout.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() && counted() {
            let live = LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed) + layout.size() as isize;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        if counted() {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
        // SAFETY: `pointer` came from `alloc` with this layout.
        unsafe { System.dealloc(pointer, layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded to the system allocator with the same layout.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() && counted() {
            let change = new_size as isize - layout.size() as isize;
            let live = LIVE.fetch_add(change, Ordering::Relaxed) + change;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The group whose history is exported.
const GROUP_ID: &str = demo::GROUP_ID;

/// Messages a request asks for, on both sides.
const PER_PAGE: u32 = 100;

fn main() {
    let quick = is_quick();
    let (lengths, rounds): (&[u64], usize) = if quick {
        (&[2_000, 5_000], 1)
    } else {
        (&[10_000, 100_000], 5)
    };
    let server = FakeServer::start(lengths[0]);
    COUNTED.with(|counted| counted.set(true));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let http = groupme_api::http_client_builder()
        .build()
        .expect("an HTTP client");
    let client = Client::builder(demo::TOKEN)
        .base_urls(server.fake.v3_url(), server.fake.v2_url())
        .retry(RetryPolicy::standard())
        .http_client(groupme_api::http_client_builder())
        .build()
        .expect("a loopback client");
    let plain = Plain {
        http,
        url: format!("{}/groups/{GROUP_ID}/messages", server.fake.v3_url()),
    };

    let mut rows = Vec::new();
    for &length in lengths {
        server
            .fake
            .state()
            .generate_history(GROUP_ID, length)
            .expect("the demo group exists");
        // Warm both sides (connections, lazy statics) and check they agree.
        let (sdk_count, _) = runtime.block_on(measure(|| sdk_export(&client)));
        let (plain_count, _) = runtime.block_on(measure(|| plain.export()));
        assert_eq!(
            (sdk_count, plain_count),
            (length, length),
            "both sides read every message"
        );
        let mut sdk = Vec::new();
        let mut plain_runs = Vec::new();
        for round in 0..rounds {
            // Alternate which side goes first, so drift hits both alike.
            if round % 2 == 0 {
                sdk.push(runtime.block_on(measure(|| sdk_export(&client))).1);
                plain_runs.push(runtime.block_on(measure(|| plain.export())).1);
            } else {
                plain_runs.push(runtime.block_on(measure(|| plain.export())).1);
                sdk.push(runtime.block_on(measure(|| sdk_export(&client))).1);
            }
        }
        rows.push(Row::new(length, &sdk, &plain_runs));
    }
    print_table(&rows, rounds, quick);
    COUNTED.with(|counted| counted.set(false));
    drop(runtime);
    server.stop();
}

/// `cargo bench` passes `--bench`; `cargo test --benches` does not, and
/// `-- --test` asks for the quick check.
fn is_quick() -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    args.iter().any(|arg| arg == "--test") || !args.iter().any(|arg| arg == "--bench")
}

/// One export's time and the client thread's peak heap above its level at
/// the start.
#[derive(Debug, Clone, Copy)]
struct Run {
    elapsed: Duration,
    peak_bytes: usize,
}

/// Runs `export` once, timing it and counting its peak heap.
async fn measure<F, Fut>(export: F) -> (u64, Run)
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = u64>,
{
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let started = Instant::now();
    let count = export().await;
    let elapsed = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - baseline;
    (
        count,
        Run {
            elapsed,
            peak_bytes: usize::try_from(peak).unwrap_or(0),
        },
    )
}

/// The SDK side: the history stream, one message at a time.
async fn sdk_export(client: &Client) -> u64 {
    let mut history = client.group(GROUP_ID).messages().history();
    let mut count = 0;
    while let Some(message) = history.try_next().await.expect("the export succeeds") {
        black_box(&message);
        count += 1;
    }
    count
}

/// The plain side: `reqwest` and `serde_json` by hand.
struct Plain {
    http: reqwest::Client,
    url: String,
}

impl Plain {
    async fn export(&self) -> u64 {
        let mut before: Option<String> = None;
        let mut count = 0;
        loop {
            let mut request = self
                .http
                .get(&self.url)
                .header(ACCESS_TOKEN_HEADER, demo::TOKEN)
                .header(reqwest::header::ACCEPT, "application/json")
                .query(&[("acceptFiles", "1"), ("limit", &PER_PAGE.to_string())]);
            if let Some(id) = &before {
                request = request.query(&[("before_id", id)]);
            }
            let response = request.send().await.expect("the fake answers");
            if response.status() == reqwest::StatusCode::NOT_MODIFIED {
                return count;
            }
            let body = response
                .error_for_status()
                .expect("a success")
                .bytes()
                .await
                .expect("a body");
            let envelope: GroupMessagesEnvelope = serde_json::from_slice(&body).expect("a page");
            let messages = envelope
                .response
                .and_then(|page| page.messages)
                .unwrap_or_default();
            let Some(last) = messages.last() else {
                return count;
            };
            before = Some(last.id.clone());
            for message in &messages {
                black_box(message);
                count += 1;
            }
        }
    }
}

/// The fake on its own thread and runtime, so its work is not counted.
struct FakeServer {
    fake: FakeGroupMe,
    runtime: Runtime,
}

impl FakeServer {
    fn start(messages: u64) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("server runtime");
        let fake = runtime
            .block_on(FakeGroupMe::builder().messages(messages).start())
            .expect("the fake starts");
        Self { fake, runtime }
    }

    fn stop(self) {
        let Self { fake, runtime } = self;
        runtime.block_on(fake.shutdown()).expect("the fake stops");
    }
}

/// One history length's results.
struct Row {
    length: u64,
    sdk: Stats,
    plain: Stats,
}

/// The median time and the largest peak of one side's rounds.
struct Stats {
    median: Duration,
    peak_bytes: usize,
}

impl Stats {
    fn of(runs: &[Run]) -> Self {
        let mut times: Vec<Duration> = runs.iter().map(|run| run.elapsed).collect();
        times.sort_unstable();
        Self {
            median: times[times.len() / 2],
            peak_bytes: runs.iter().map(|run| run.peak_bytes).max().unwrap_or(0),
        }
    }

    fn per_second(&self, length: u64) -> f64 {
        length as f64 / self.median.as_secs_f64()
    }
}

impl Row {
    fn new(length: u64, sdk: &[Run], plain: &[Run]) -> Self {
        Self {
            length,
            sdk: Stats::of(sdk),
            plain: Stats::of(plain),
        }
    }
}

fn print_table(rows: &[Row], rounds: usize, quick: bool) {
    println!(
        "\ngroupme-sdk export: a whole history from the fake, {PER_PAGE} a request (median of {rounds} round(s))"
    );
    println!(
        "{:>9}  {:>12} {:>12} {:>7}  {:>11} {:>11}",
        "messages", "sdk msg/s", "plain msg/s", "time x", "sdk peak", "plain peak"
    );
    for row in rows {
        println!(
            "{:>9}  {:>12.0} {:>12.0} {:>7.3}  {:>8} KiB {:>8} KiB",
            row.length,
            row.sdk.per_second(row.length),
            row.plain.per_second(row.length),
            row.sdk.median.as_secs_f64() / row.plain.median.as_secs_f64(),
            row.sdk.peak_bytes / 1024,
            row.plain.peak_bytes / 1024,
        );
    }
    if quick {
        println!("(quick mode: a smoke test, the numbers mean little)");
    }
}
