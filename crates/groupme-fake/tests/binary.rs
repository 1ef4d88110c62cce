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
/// v2=http://127.0.0.1:PORT/v2 v4=http://127.0.0.1:PORT/v4`, checking the
/// line's exact form.
fn port_of(first_line: &str) -> u16 {
    let rest = first_line
        .strip_prefix("groupme-fake listening v3=http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"));
    let (port, rest) = rest.split_once("/v3 ").expect("the v3 URL ends in /v3");
    assert_eq!(
        rest,
        format!("v2=http://127.0.0.1:{port}/v2 v4=http://127.0.0.1:{port}/v4")
    );
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

/// Starts the binary with `args` and returns it with its port, read from
/// its first line.
fn start(args: &[&str]) -> (Running, u16) {
    let mut child = Running(spawn(args));
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut first_line = String::new();
    stdout.read_line(&mut first_line).unwrap();
    let port = port_of(first_line.trim_end_matches('\n'));
    // Keep reading the seed description so the child never blocks on a
    // full pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    (child, port)
}

#[tokio::test]
async fn fault_flags_arm_a_route_scoped_next_n_fault() {
    let (_child, port) = start(&[
        "--fault",
        "503",
        "--fault-next",
        "2",
        "--fault-route",
        "GET /v3/users/me",
    ]);
    let http = reqwest::Client::new();
    let get = |path: &str| {
        http.get(format!("http://127.0.0.1:{port}/v3{path}"))
            .header("X-Access-Token", groupme_fake::demo::TOKEN)
            .send()
    };
    // Another route is spared.
    let other = get("/groups/2001/members?filter=active").await.unwrap();
    assert_eq!(other.status(), 200);
    for _ in 0..2 {
        let response = get("/users/me").await.unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8");
    }
    assert_eq!(get("/users/me").await.unwrap().status(), 200);
}

#[tokio::test]
async fn fault_flags_set_the_kind_rate_and_retry_after() {
    let (_child, port) = start(&[
        "--fault",
        "429",
        "--fault-rate",
        "1",
        "--fault-seed",
        "5",
        "--fault-retry-after-secs",
        "9",
    ]);
    for _ in 0..3 {
        let response = reqwest::get(format!("http://127.0.0.1:{port}/v3/users/me"))
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "9");
    }
}

#[tokio::test]
async fn the_require_verification_flag_guards_member_adds() {
    let (_child, port) = start(&["--require-verification"]);
    let add = |verify_token: Option<&str>| {
        let mut request = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{port}/v3/groups/2001/members/add"))
            .header("X-Access-Token", groupme_fake::demo::TOKEN)
            .json(&serde_json::json!({ "members": [{ "nickname": "Vera", "user_id": "1004" }] }));
        if let Some(verify_token) = verify_token {
            request = request.header("X-Verify-Token", verify_token);
        }
        request.send()
    };
    assert_eq!(add(None).await.unwrap().status(), 403);
    assert_eq!(add(Some("device-attestation")).await.unwrap().status(), 202);
}

#[test]
fn bad_fault_flags_are_refused_naming_the_flag() {
    for (args, flag) in [
        (&["--fault", "418"][..], "--fault"),
        (&["--fault", "429", "--fault-rate", "1.5"][..], "--fault-rate"),
        (&["--fault", "429", "--fault-rate", "often"][..], "--fault-rate"),
        (
            &["--fault", "reset", "--fault-route", "users/me"][..],
            "--fault-route",
        ),
        (&["--fault-next", "2"][..], "--fault"),
        (
            &["--fault", "slow", "--fault-rate", "0.5", "--fault-next", "2"][..],
            "--fault-next",
        ),
    ] {
        let output = spawn(args).wait_with_output().unwrap();
        assert!(!output.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), "", "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
    }
}

#[test]
fn help_describes_the_fault_and_verification_flags() {
    let output = spawn(&["--help"]).wait_with_output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "--fault <KIND>",
        "429-no-retry-after",
        "reset",
        "truncated",
        "--fault-rate",
        "--fault-next",
        "--fault-route",
        "--fault-seed",
        "--require-verification",
        "X-Verify-Token",
    ] {
        assert!(help.contains(expected), "{expected:?} in\n{help}");
    }
}
