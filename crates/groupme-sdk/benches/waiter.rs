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
//! The fake stamps the add between the moment the add request is sent and
//! the moment its answer comes, so the results became ready between those
//! two plus the delay: the table shows the lateness counted from the first
//! (an upper bound) and, for the worst add, from the second (a lower bound).
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
                adds: Vec::new(),
            };
            for add in 0..adds {
                row.adds.push(time_one_add(&client, &log, delay, add).await);
            }
            rows.push(row);
            fake.shutdown().await.expect("stop the fake");
        }
    });
    print_table(&rows, mode);
}

/// Adds one new member and tells how long after readiness `send()`
/// returned and how many results requests it sent.
async fn time_one_add(client: &Client, log: &RequestLog, delay: Duration, add: usize) -> Late {
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
    let add = requests
        .iter()
        .find(|traced| traced.operation == ADD_OPERATION)
        .expect("the add request was traced");
    let answered = add.answered.expect("the add's span closed");
    let polls = requests
        .iter()
        .filter(|traced| traced.operation == RESULTS_OPERATION)
        .count();
    assert!(polls >= 1, "the waiter asked for the results");
    assert!(
        returned >= add.sent + delay,
        "send() cannot return before the results are ready"
    );
    Late {
        at_most: returned - (add.sent + delay),
        at_least: returned.saturating_duration_since(answered + delay),
        polls,
    }
}

/// How late one add's `send()` returned.
struct Late {
    /// Counted from the add's sending plus the delay.
    at_most: Duration,
    /// Counted from the add's answer plus the delay.
    at_least: Duration,
    /// Results requests sent.
    polls: usize,
}

/// One delay's adds.
struct Row {
    delay: Duration,
    adds: Vec<Late>,
}

impl Row {
    /// The most the goal allows: max(50 ms, 20 % of the time waited).
    fn allowed(&self) -> Duration {
        GOAL_FLOOR.max(self.delay.mul_f64(GOAL_SHARE))
    }

    /// The median and the largest of `value` over the adds.
    fn median_max<T: Ord + Copy>(&self, value: impl Fn(&Late) -> T) -> (T, T) {
        let mut values: Vec<T> = self.adds.iter().map(value).collect();
        values.sort();
        (values[values.len() / 2], values[values.len() - 1])
    }
}

fn print_table(rows: &[Row], mode: RunMode) {
    println!();
    println!(
        "member-add waiter, default PollingPolicy: time from results ready to send() returning, \
         and results requests sent"
    );
    println!("(late: from the add's sending + delay; late max >=: the worst add from its answer + delay)");
    if mode == RunMode::Quick {
        println!("(quick mode: one add at 300 ms)");
    }
    println!(
        "{:>6} {:>4} {:>12} {:>10} {:>12} {:>8} {:>6} {:>6}  result",
        "delay", "adds", "late median", "late max", "late max >=", "allowed", "polls", "max"
    );
    for row in rows {
        let (late_median, late_max) = row.median_max(|late| late.at_most);
        let (_, late_max_low) = row.median_max(|late| late.at_least);
        let (polls_median, polls_max) = row.median_max(|late| late.polls);
        let result = if late_max <= row.allowed() {
            "met"
        } else if late_max_low <= row.allowed() {
            "met within the add's round trip"
        } else {
            "MISSED"
        };
        println!(
            "{:>6} {:>4} {:>12} {:>10} {:>12} {:>8} {:>6} {:>6}  {result}",
            format!("{:?}", row.delay),
            row.adds.len(),
            format!("{late_median:.1?}"),
            format!("{late_max:.1?}"),
            format!("{late_max_low:.1?}"),
            format!("{:.0?}", row.allowed()),
            polls_median,
            polls_max,
        );
    }
}

/// Notes the operation, start and end of every `groupme.request` span.
#[derive(Clone, Default)]
struct RequestLog(Arc<Mutex<Vec<Traced>>>);

/// One request as its span saw it.
#[derive(Debug, Clone)]
struct Traced {
    operation: String,
    span: u64,
    sent: Instant,
    /// When the span closed: the answer's head had come.
    answered: Option<Instant>,
}

impl RequestLog {
    fn clear(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    fn take(&self) -> Vec<Traced> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl<S: tracing::Subscriber> Layer<S> for RequestLog {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _ctx: Context<'_, S>) {
        if attrs.metadata().name() != REQUEST_SPAN {
            return;
        }
        let mut operation = Operation(None);
        attrs.record(&mut operation);
        if let Some(operation) = operation.0 {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Traced {
                    operation,
                    span: id.into_u64(),
                    sent: Instant::now(),
                    answered: None,
                });
        }
    }

    fn on_close(&self, id: Id, _ctx: Context<'_, S>) {
        let now = Instant::now();
        let mut log = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let open = log
            .iter_mut()
            .rev()
            .find(|traced| traced.span == id.into_u64() && traced.answered.is_none());
        if let Some(traced) = open {
            traced.answered = Some(now);
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
