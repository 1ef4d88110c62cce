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
}

/// The binary, with no GroupMe settings inherited from the environment.
pub fn groupme() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("groupme");
    for var in ["GROUPME_TOKEN", "GROUPME_V3_URL", "GROUPME_V2_URL"] {
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
