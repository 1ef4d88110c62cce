//! The `groupme-fake` binary: its first line, its seed description, the
//! loopback guard and stopping on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_groupme-fake");

/// Starts the binary with `args`, stdout and stderr piped.
fn spawn(args: &[&str]) -> Child {
    Command::new(BINARY)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

/// Kills the child it holds if a test fails before the child ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// The port in `groupme-fake listening v3=http://127.0.0.1:PORT/v3
/// v2=http://127.0.0.1:PORT/v2`, checking the line's exact form.
fn port_of(first_line: &str) -> u16 {
    let rest = first_line
        .strip_prefix("groupme-fake listening v3=http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"));
    let (port, rest) = rest.split_once("/v3 ").expect("the v3 URL ends in /v3");
    assert_eq!(rest, format!("v2=http://127.0.0.1:{port}/v2"));
    port.parse().expect("a port number")
}

#[tokio::test]
async fn prints_its_urls_first_then_the_seed_and_serves_until_sigterm() {
    let mut child = Running(spawn(&["--results-delay-ms", "0"]));
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut first_line = String::new();
    stdout.read_line(&mut first_line).unwrap();
    let port = port_of(first_line.trim_end_matches('\n'));
    assert_ne!(port, 0);

    let response = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/v3/users/me"))
        .header("X-Access-Token", groupme_fake::demo::TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["response"]["name"], "Demo User");

    let stopped = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let status = child.0.wait().unwrap();
    assert!(status.success(), "exits cleanly on SIGTERM: {status}");

    let mut description = String::new();
    stdout.read_to_string(&mut description).unwrap();
    for expected in [
        "demo-token",
        "alice-token",
        "Demo Group",
        "Other Group",
        "requested_pending",
        "banned users: 1009",
    ] {
        assert!(description.contains(expected), "{expected:?} in\n{description}");
    }
}

#[test]
fn refuses_a_non_loopback_host_without_the_flag() {
    let output = spawn(&["--host", "0.0.0.0"]).wait_with_output().unwrap();
    assert!(!output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("non-loopback"), "{stderr}");
}
