//! How soon the member-add waiter answers once the results are ready, and
//! how many requests it sends until then.
//!
//! `groupme-fake` runs in-process with member-add results that answer
//! "not ready" for 300 ms, 1.5 s and 5 s after the add. For each delay a
//! member is added through `client.group(..).members().add().send()` with
//! the default `PollingPolicy`, and the bench reports how long after the
//! results became ready `send()` returned and how many results requests it
//! sent. The requests are counted from the SDK's own `groupme.request`
//! tracing spans (one per HTTP request sent), by a small tracing layer.
//!
//! "Ready" is taken as the moment the add request was sent plus the delay:
//! the fake stamps the add a little later, so the lateness shown is an
//! upper bound (by the add's loopback round trip, well under a millisecond).
//!
//! ```text
//! cargo bench -p groupme-sdk --bench waiter            # full run: 5 adds per delay, about 40 s
//! cargo bench -p groupme-sdk --bench waiter -- --test  # quick: one add at 300 ms
//! ```
//!
//! `cargo test -p groupme-sdk --benches` runs the quick mode too. Either
//! mode fails if an add does not come back with its member added or if
//! the waiter sent no results request; a missed goal is only reported.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use groupme_fake::{FakeGroupMe, demo};
use groupme_sdk::{Client, NewMember};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};

#[path = "support/run_mode.rs"]
mod run_mode;

use run_mode::RunMode;

/// The SDK's span around each HTTP request.
const REQUEST_SPAN: &str = "groupme.request";
/// The operations the waiter's requests belong to.
const ADD_OPERATION: &str = "add_members";
const RESULTS_OPERATION: &str = "get_member_results";

/// The goal: answer within this share of the time waited…
const GOAL_SHARE: f64 = 0.2;
/// …or within this, whichever is longer.
const GOAL_FLOOR: Duration = Duration::from_millis(50);

fn main() {
    let mode = RunMode::from_args();
    let cases: &[(Duration, usize)] = match mode {
        RunMode::Full => &[
            (Duration::from_millis(300), 5),
            (Duration::from_millis(1500), 5),
            (Duration::from_secs(5), 5),
        ],
        RunMode::Quick => &[(Duration::from_millis(300), 1)],
        RunMode::CriterionOnly => return,
    };
    let log = RequestLog::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(log.clone()))
        .expect("the only subscriber");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut rows = Vec::new();
    runtime.block_on(async {
        for &(delay, adds) in cases {
            let fake = FakeGroupMe::builder()
                .results_delay(delay)
                .start()
                .await
                .expect("start the fake");
            let client = Client::builder(demo::TOKEN)
                .base_urls(fake.v3_url(), fake.v2_url())
                .build()
                .expect("client");
            let mut row = Row {
                delay,
                late: Vec::new(),
                requests: Vec::new(),
            };
            for add in 0..adds {
                let (late, requests) = time_one_add(&client, &log, delay, add).await;
                row.late.push(late);
                row.requests.push(requests);
            }
            rows.push(row);
            fake.shutdown().await.expect("stop the fake");
        }
    });
    print_table(&rows, mode);
}

/// Adds one new member and returns how long after readiness `send()`
/// returned and how many results requests it sent.
async fn time_one_add(client: &Client, log: &RequestLog, delay: Duration, add: usize) -> (Duration, usize) {
    log.clear();
    let member = NewMember::by_email(
        format!("Waiter {add}"),
        format!("waiter-{}-{add}@example.com", delay.as_millis()),
    );
    let outcome = client
        .group(demo::GROUP_ID)
        .members()
        .add()
        .member(member)
        .send()
        .await
        .expect("the add succeeds");
    let returned = Instant::now();
    assert!(outcome.all_added(), "the member is added: {outcome:?}");
    let requests = log.take();
    let sent = requests
        .iter()
        .find(|(operation, _)| operation == ADD_OPERATION)
        .map(|&(_, at)| at)
        .expect("the add request was traced");
    let polls = requests
        .iter()
        .filter(|(operation, _)| operation == RESULTS_OPERATION)
        .count();
    assert!(polls >= 1, "the waiter asked for the results");
    let ready = sent + delay;
    assert!(
        returned >= ready,
        "send() cannot return before the results are ready"
    );
    (returned - ready, polls)
}

/// One delay's adds.
struct Row {
    delay: Duration,
    late: Vec<Duration>,
    requests: Vec<usize>,
}

impl Row {
    /// The most the goal allows: max(50 ms, 20 % of the time waited).
    fn allowed(&self) -> Duration {
        GOAL_FLOOR.max(self.delay.mul_f64(GOAL_SHARE))
    }
}

fn print_table(rows: &[Row], mode: RunMode) {
    println!();
    println!(
        "member-add waiter, default PollingPolicy: time from results ready to send() returning, \
         and results requests sent"
    );
    if mode == RunMode::Quick {
        println!("(quick mode: one add at 300 ms)");
    }
    println!(
        "{:>8} {:>5} {:>10} {:>10} {:>10} {:>9} {:>13}  result",
        "delay", "adds", "late med", "late max", "allowed", "requests", "requests max"
    );
    for row in rows {
        let mut late = row.late.clone();
        late.sort();
        let mut requests = row.requests.clone();
        requests.sort();
        let worst = *late.last().expect("at least one add");
        println!(
            "{:>8} {:>5} {:>10} {:>10} {:>10} {:>9} {:>13}  {}",
            format!("{:?}", row.delay),
            row.late.len(),
            format!("{:.1?}", late[late.len() / 2]),
            format!("{worst:.1?}"),
            format!("{:.0?}", row.allowed()),
            requests[requests.len() / 2],
            requests.last().expect("at least one add"),
            if worst <= row.allowed() { "met" } else { "MISSED" },
        );
    }
}

/// Notes the operation and start of every `groupme.request` span.
#[derive(Clone, Default)]
struct RequestLog(Arc<Mutex<Vec<(String, Instant)>>>);

impl RequestLog {
    fn clear(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    fn take(&self) -> Vec<(String, Instant)> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl<S: tracing::Subscriber> Layer<S> for RequestLog {
    fn on_new_span(&self, attrs: &Attributes<'_>, _id: &Id, _ctx: Context<'_, S>) {
        if attrs.metadata().name() != REQUEST_SPAN {
            return;
        }
        let mut operation = Operation(None);
        attrs.record(&mut operation);
        if let Some(operation) = operation.0 {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((operation, Instant::now()));
        }
    }
}

/// Reads a span's `operation` field.
struct Operation(Option<String>);

impl Visit for Operation {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "operation" {
            self.0 = Some(value.to_owned());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "operation" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}
