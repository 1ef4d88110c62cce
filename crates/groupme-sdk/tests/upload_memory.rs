//! Uploads do not copy their body: an 8 MB image, a file and a video go
//! out while the memory allocated on top of the caller's own buffer stays
//! far below the body's size. A counting global allocator measures the
//! peak; the server is a `std::net` loop that reads each request in 64 KiB
//! pieces and throws them away, so it adds next to nothing itself.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};

use groupme_sdk::{Client, PollingPolicy};

struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only counters
// are updated on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on as it is.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The size of every body uploaded here.
const BODY_BYTES: usize = 8 * 1024 * 1024;

/// Answers every request on `listener` after reading it whole: the image
/// answer for `/pictures`, a finished job for status polls, an accepted
/// job for the rest.
fn serve(listener: TcpListener) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        answer(stream);
    }
}

fn answer(mut stream: TcpStream) {
    let mut head = Vec::with_capacity(4096);
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    let chunked = head.contains("transfer-encoding: chunked");
    let mut piece = vec![0u8; 64 * 1024];
    if chunked {
        // Read until the last chunk's terminator; the content is discarded.
        let mut tail = Vec::new();
        while !tail.ends_with(b"0\r\n\r\n") {
            let read = stream.read(&mut piece).unwrap_or(0);
            if read == 0 {
                return;
            }
            tail.extend_from_slice(&piece[..read]);
            let keep = tail.len().saturating_sub(8);
            tail.drain(..keep);
        }
    } else {
        let mut left = length;
        while left > 0 {
            let read = stream.read(&mut piece[..left.min(64 * 1024)]).unwrap_or(0);
            if read == 0 {
                return;
            }
            left -= read;
        }
    }
    let (status, body) = if head.starts_with("post /pictures") {
        (
            "200 OK",
            r#"{"payload":{"url":"https://i.groupme.com/1x1.png.m"}}"#,
        )
    } else if head.starts_with("get /42/uploadstatus") {
        ("200 OK", r#"{"status":"complete","file_id":"F"}"#)
    } else if head.starts_with("get /status") {
        (
            "201 Created",
            r#"{"status":"complete","url":"https://v.groupme.com/v.mp4"}"#,
        )
    } else if head.starts_with("post /transcode") {
        (
            "200 OK",
            r#"{"status_url":"https://video.groupme.com/status?job=V"}"#,
        )
    } else {
        (
            "201 Created",
            r#"{"status_url":"https://file.groupme.com/v1/42/uploadStatus?job=J"}"#,
        )
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn uploads_do_not_copy_their_body() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || serve(listener));
    let client = Client::builder("token")
        .image_base_url(&base)
        .file_base_url(&base)
        .video_base_url(&base)
        .polling(PollingPolicy::default().delays(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(5),
        ))
        .build()
        .unwrap();
    // Warm up connections, TLS-free as they are, and lazy statics.
    client.images().upload(vec![1u8; 16], "image/png").await.unwrap();

    let mut peaks = Vec::new();
    for kind in ["image", "file", "video"] {
        let body = vec![7u8; BODY_BYTES];
        let baseline = ALLOCATED.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        match kind {
            "image" => drop(client.images().upload(body, "image/jpeg").await.unwrap()),
            "file" => drop(client.files().upload("42", "big.bin", body).await.unwrap()),
            _ => drop(
                client
                    .videos()
                    .upload("42", "big.mp4", "video/mp4", body)
                    .await
                    .unwrap(),
            ),
        }
        let extra = PEAK.load(Ordering::Relaxed) - baseline;
        peaks.push((kind, extra));
    }
    println!("peak allocated on top of the 8 MiB body: {peaks:?}");
    for (kind, extra) in peaks {
        assert!(
            extra < BODY_BYTES / 4,
            "{kind}: {extra} bytes allocated on top of the body: it was copied"
        );
    }
}
