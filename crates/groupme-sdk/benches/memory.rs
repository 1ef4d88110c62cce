//! Peak memory of a huge answer: a 50 MB error body, read whole by plain
//! `reqwest` (as the SDK did before it kept only an excerpt) and by the
//! SDK; and a 50 MB successful body, over the SDK's default 32 MiB limit.
//!
//! A counting global allocator records the bytes allocated and their peak;
//! each case reports the peak above what was allocated when it started.
//! The answers come from a minimal HTTP/1.1 server on `127.0.0.1:0` in a
//! thread of its own, written on `std::net` so that it allocates next to
//! nothing: it writes one 64 KiB pattern again and again, either with a
//! `Content-Length` or chunked, and closes the connection after each answer.
//!
//! ```text
//! cargo bench -p groupme-sdk --bench memory            # full run: 50 MB bodies
//! cargo bench -p groupme-sdk --bench memory -- --test  # quick: 5 MB bodies, 1 MiB success limit
//! ```
//!
//! `cargo test -p groupme-sdk --benches` runs the quick mode too. Both
//! modes assert what the figures should show: plain holds the whole body;
//! the SDK's error holds less than the pattern's size and keeps an
//! excerpt; a successful body over the limit fails with `BodyTooLarge`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};

use groupme_sdk::{Client, RetryPolicy};

#[path = "support/run_mode.rs"]
mod run_mode;

use run_mode::RunMode;

/// Counts the bytes allocated and their peak.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

impl Counting {
    fn grew(by: usize) {
        let now = ALLOCATED.fetch_add(by, Ordering::Relaxed) + by;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }

    fn shrank(by: usize) {
        ALLOCATED.fetch_sub(by, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded to `System` unchanged; only counters
// are updated on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on as it is.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            Self::grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            Self::grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        Self::shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            Self::shrank(layout.size());
            Self::grew(new_size);
        }
        new
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `case` and returns its output with the most bytes it had allocated
/// at once, above what was allocated when it started.
async fn peak_of<T>(case: impl Future<Output = T>) -> (T, usize) {
    let base = ALLOCATED.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let output = case.await;
    (output, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

/// The size of the pattern the server repeats, and of its writes.
const PATTERN_BYTES: usize = 64 * 1024;

/// The sizes of one run.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    /// Every body's length.
    body: usize,
    /// The SDK's success limit: `None` for its default.
    success_limit: Option<u64>,
}

impl Sizes {
    fn limit(self) -> u64 {
        self.success_limit.unwrap_or(groupme_api::DEFAULT_MAX_BODY_BYTES)
    }
}

fn main() {
    let sizes = match RunMode::from_args() {
        RunMode::Full => Sizes {
            body: 50_000_000,
            success_limit: None,
        },
        RunMode::Quick => Sizes {
            body: 5_000_000,
            success_limit: Some(1024 * 1024),
        },
        RunMode::CriterionOnly => return,
    };
    let base_url = BigBodyServer::start(sizes.body);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let rows = runtime.block_on(measure(&base_url, sizes));
    print_table(&rows, sizes);
}

/// One measured case.
struct Row {
    case: &'static str,
    framing: Framing,
    peak: usize,
    outcome: String,
}

async fn measure(base_url: &str, sizes: Sizes) -> Vec<Row> {
    let plain = reqwest::Client::new();
    let mut rows = Vec::new();
    for framing in [Framing::ContentLength, Framing::Chunked] {
        // Plain reqwest: the whole error body, as the SDK used to read it.
        let url = format!("{}/users/me", framing.v3_base_url(base_url, 500));
        let (length, peak) = peak_of(async {
            let response = plain.get(&url).send().await.expect("plain: request");
            assert_eq!(response.status(), 500);
            response.bytes().await.expect("plain: body").len()
        })
        .await;
        assert_eq!(length, sizes.body, "plain reads the whole body");
        assert!(peak >= sizes.body, "plain holds the whole body: {peak}");
        rows.push(Row {
            case: "500, plain reqwest: bytes()",
            framing,
            peak,
            outcome: format!("{length} bytes read"),
        });

        // The SDK on the same answer: an error with an excerpt.
        let sdk = sdk_client(base_url, framing, 500, sizes);
        let (result, peak) = peak_of(sdk.me()).await;
        let err = result.expect_err("a 500 fails");
        assert_eq!(
            err.status(),
            Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR),
            "{err}"
        );
        let excerpt = err.body_excerpt().expect("an excerpt is kept");
        assert!(excerpt.starts_with(PREFIX), "{excerpt:.80}");
        assert!(
            peak < SDK_ERROR_BOUND,
            "the SDK holds some KiB, not the body: {peak}"
        );
        rows.push(Row {
            case: "500, sdk: Error",
            framing,
            peak,
            outcome: format!("Api error with a {}-byte excerpt", excerpt.len()),
        });

        // A successful body over the limit.
        let sdk = sdk_client(base_url, framing, 200, sizes);
        let (result, peak) = peak_of(sdk.me()).await;
        let err = result.expect_err("a body over the limit fails");
        assert!(err.is_body_too_large(), "{err}");
        let bound = match framing {
            // Refused from the header, before reading.
            Framing::ContentLength => SDK_ERROR_BOUND,
            // Read until past the limit, then dropped.
            Framing::Chunked => usize::try_from(sizes.limit()).expect("limit fits") + SDK_ERROR_BOUND,
        };
        assert!(peak < bound, "at most {bound} held: {peak}");
        rows.push(Row {
            case: "200, sdk: BodyTooLarge",
            framing,
            peak,
            outcome: err.to_string(),
        });
    }
    rows
}

/// More than the SDK may hold for an answer it does not keep: a
/// connection's buffers and an excerpt, far below any body measured.
const SDK_ERROR_BOUND: usize = 1024 * 1024;

/// A client as a user builds it (retries off, so that each case is one
/// request) for the server's answers of `status` in `framing`.
fn sdk_client(base_url: &str, framing: Framing, status: u16, sizes: Sizes) -> Client {
    let mut builder = Client::builder("memory-bench-token")
        .base_urls(framing.v3_base_url(base_url, status), format!("{base_url}/v2"))
        .retry(RetryPolicy::disabled());
    if let Some(limit) = sizes.success_limit {
        builder = builder.max_body_bytes(limit);
    }
    builder.build().expect("sdk client")
}

fn print_table(rows: &[Row], sizes: Sizes) {
    println!();
    println!(
        "peak heap allocated while reading a {} byte body (counting global allocator; \
         success limit {} bytes)",
        sizes.body,
        sizes.limit()
    );
    println!("{:<30} {:<15} {:>12}  outcome", "case", "framing", "peak");
    for row in rows {
        println!(
            "{:<30} {:<15} {:>12}  {}",
            row.case,
            row.framing.name(),
            format_bytes(row.peak),
            row.outcome
        );
    }
}

fn format_bytes(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// How a body's length is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    ContentLength,
    Chunked,
}

impl Framing {
    fn name(self) -> &'static str {
        match self {
            Self::ContentLength => "Content-Length",
            Self::Chunked => "chunked",
        }
    }

    /// The v3 base URL under which the server answers `status` in this
    /// framing: its first path segment says which.
    fn v3_base_url(self, base_url: &str, status: u16) -> String {
        format!("{base_url}/{status}-{}/v3", self.name())
    }

    fn from_segment(segment: &str) -> Option<(u16, Self)> {
        let (status, framing) = segment.split_once('-')?;
        let framing = match framing {
            "Content-Length" => Self::ContentLength,
            "chunked" => Self::Chunked,
            _ => return None,
        };
        Some((status.parse().ok()?, framing))
    }
}

/// How every body starts, so that excerpts can be recognised.
const PREFIX: &str = "<html><body>a very large answer ";

/// A minimal HTTP/1.1 server: `GET /{status}-{framing}/...` gets `status`
/// with a body of the run's size, then the connection is closed.
struct BigBodyServer;

impl BigBodyServer {
    /// Starts serving `body` bytes per answer on its own thread; returns
    /// the base URL. It lives as long as the process.
    fn start(body: usize) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let mut pattern = vec![b'x'; PATTERN_BYTES];
        pattern[..PREFIX.len()].copy_from_slice(PREFIX.as_bytes());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                // A client that stops reading (the SDK, after its excerpt)
                // ends the answer with a write error: that is expected.
                let _ = Self::answer(&mut stream, &pattern, body);
            }
        });
        base_url
    }

    fn answer(stream: &mut TcpStream, pattern: &[u8], body: usize) -> std::io::Result<()> {
        // Reads the request head into a stack buffer: no allocation.
        let mut head = [0_u8; 4096];
        let mut read = 0;
        while !head[..read].windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut head[read..])?;
            if n == 0 || read + n == head.len() {
                return Ok(());
            }
            read += n;
        }
        let request = std::str::from_utf8(&head[..read]).unwrap_or("");
        let path = request.split(' ').nth(1).unwrap_or("/");
        let segment = path.trim_start_matches('/').split('/').next().unwrap_or("");
        let Some((status, framing)) = Framing::from_segment(segment) else {
            return write!(
                stream,
                "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        };
        write!(
            stream,
            "HTTP/1.1 {status} Whatever\r\ncontent-type: text/html\r\nconnection: close\r\n"
        )?;
        match framing {
            Framing::ContentLength => write!(stream, "content-length: {body}\r\n\r\n")?,
            Framing::Chunked => write!(stream, "transfer-encoding: chunked\r\n\r\n")?,
        }
        let mut left = body;
        while left > 0 {
            let part = &pattern[..left.min(pattern.len())];
            if framing == Framing::Chunked {
                write!(stream, "{:x}\r\n", part.len())?;
            }
            stream.write_all(part)?;
            if framing == Framing::Chunked {
                stream.write_all(b"\r\n")?;
            }
            left -= part.len();
        }
        if framing == Framing::Chunked {
            stream.write_all(b"0\r\n\r\n")?;
        }
        stream.flush()
    }
}
