//! Runs the `groupme` binary against a fake GroupMe started in-process.

#![allow(dead_code)] // Each test file uses its own part of this module.

use std::time::Duration;

use assert_cmd::assert::Assert;
use groupme_fake::demo::TOKEN;
use groupme_fake::{FakeGroupMe, FakeGroupMeBuilder};
use tokio::runtime::Runtime;

/// A fake GroupMe serving on 127.0.0.1 from its own runtime's threads.
pub struct Fake {
    // Dropped before the runtime that serves it.
    pub server: FakeGroupMe,
    _runtime: Runtime,
}

impl Fake {
    /// The demo seed, with member-add results ready after 300 ms.
    pub fn start() -> Self {
        Self::with(FakeGroupMe::builder().results_delay(Duration::from_millis(300)))
    }

    /// A fake built by `builder`.
    pub fn with(builder: FakeGroupMeBuilder) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let server = runtime.block_on(builder.start()).expect("fake starts");
        Self {
            server,
            _runtime: runtime,
        }
    }

    /// Runs `groupme --v3-url .. --v2-url .. ARGS` with the demo token in
    /// GROUPME_TOKEN.
    pub fn run(&self, args: &[&str]) -> Assert {
        run_at(&self.server.v3_url(), &self.server.v2_url(), args)
    }

    /// Runs `groupme` with every base URL of the fake (media hosts too) and
    /// the demo token, or no token at all.
    pub fn run_media(&self, token: bool, args: &[&str]) -> Assert {
        let mut cmd = groupme();
        if token {
            cmd.env("GROUPME_TOKEN", TOKEN);
        }
        cmd.args([
            "--v3-url",
            &self.server.v3_url(),
            "--v2-url",
            &self.server.v2_url(),
        ])
        .args([
            "--image-url",
            &self.server.image_url(),
            "--file-url",
            &self.server.file_url(),
        ])
        .args(args);
        checked(cmd)
    }
}

/// The binary, with no GroupMe settings inherited from the environment.
pub fn groupme() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("groupme");
    for var in [
        "GROUPME_TOKEN",
        "GROUPME_V3_URL",
        "GROUPME_V2_URL",
        "GROUPME_IMAGE_URL",
        "GROUPME_FILE_URL",
        "GROUPME_V4_URL",
    ] {
        cmd.env_remove(var);
    }
    cmd.timeout(Duration::from_secs(60));
    cmd
}

/// Runs `groupme` against the given base URLs with the demo token.
pub fn run_at(v3_url: &str, v2_url: &str, args: &[&str]) -> Assert {
    let mut cmd = groupme();
    cmd.env("GROUPME_TOKEN", TOKEN)
        .args(["--v3-url", v3_url, "--v2-url", v2_url])
        .args(args);
    checked(cmd)
}

/// Runs `cmd` and checks that the token shows on neither stream.
pub fn checked(mut cmd: assert_cmd::Command) -> Assert {
    let assert = cmd.assert();
    let output = assert.get_output();
    for (name, stream) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains(TOKEN), "the token leaked on {name}:\n{text}");
    }
    assert
}

/// The JSON a run printed on stdout.
pub fn json(assert: &Assert) -> serde_json::Value {
    let stdout = &assert.get_output().stdout;
    serde_json::from_slice(stdout)
        .unwrap_or_else(|err| panic!("stdout is not JSON ({err}):\n{}", String::from_utf8_lossy(stdout)))
}

/// A loopback base URL on which nothing listens.
pub fn closed_port_urls() -> (String, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    (
        format!("http://127.0.0.1:{port}/v3"),
        format!("http://127.0.0.1:{port}/v2"),
    )
}

/// A request a [`Loopback`] server received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method, such as `GET`.
    pub method: String,
    /// The path and query, as sent.
    pub path: String,
    /// The headers, names lower-cased, in the order sent.
    pub headers: Vec<(String, String)>,
}

impl Received {
    /// The value of the header `name` (lower case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header == name)
            .map(|(_, value)| value.as_str())
    }
}

/// What a [`Loopback`] server answers to one request.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// Headers besides `Content-Length` and `Connection`.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Answer {
    /// An answer with this status and body and no other headers.
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

/// A minimal HTTP/1.1 server on 127.0.0.1 that answers each request as a
/// closure says and records what it received: a hostile or broken
/// "GroupMe" for the CLI to meet. It serves one connection at a time,
/// closes each after one answer, and runs until the test process ends.
pub struct Loopback {
    addr: std::net::SocketAddr,
    received: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
}

impl Loopback {
    /// Starts serving on a free port.
    pub fn serve(answer: impl Fn(&Received) -> Answer + Send + 'static) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("address");
        let received = std::sync::Arc::<std::sync::Mutex<Vec<Received>>>::default();
        let log = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if let Some(request) = read_request(&stream) {
                    let reply = answer(&request);
                    log.lock().expect("request log").push(request);
                    write_answer(stream, &reply);
                }
            }
        });
        Self { addr, received }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The requests received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("request log").clone()
    }
}

/// Reads one request's head (and skips its body), or `None` if the
/// connection ended first.
fn read_request(stream: &std::net::TcpStream) -> Option<Received> {
    use std::io::{BufRead, BufReader, Read};
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let request = Received {
        method,
        path,
        headers,
    };
    let length: u64 = request
        .header("content-length")
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    std::io::copy(&mut reader.take(length), &mut std::io::sink()).ok()?;
    Some(request)
}

/// Writes `answer` and closes the connection.
fn write_answer(mut stream: std::net::TcpStream, answer: &Answer) {
    use std::io::Write;
    let mut head = format!(
        "HTTP/1.1 {} Loopback\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(answer.body.as_bytes());
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}
