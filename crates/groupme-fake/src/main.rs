//! `groupme-fake`: runs the fake GroupMe server with the demo seed until
//! SIGINT or SIGTERM.

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use groupme_fake::FakeGroupMe;

/// An in-memory GroupMe server (v3 and v2 APIs) with deterministic demo data.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Allow a --host that is not a loopback address.
    #[arg(long)]
    allow_non_loopback: bool,
    /// How long member-add results answer 503, in milliseconds.
    #[arg(long, default_value_t = 1500)]
    results_delay_ms: u64,
    /// When member-add results start answering 404, in seconds.
    #[arg(long, default_value_t = 3600)]
    results_expiry_secs: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("groupme-fake: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> io::Result<()> {
    let fake = FakeGroupMe::builder()
        .bind(SocketAddr::new(args.host, args.port))
        .allow_non_loopback(args.allow_non_loopback)
        .results_delay(Duration::from_millis(args.results_delay_ms))
        .results_expiry(Duration::from_secs(args.results_expiry_secs))
        .start()
        .await?;
    let mut stdout = io::stdout().lock();
    writeln!(
        stdout,
        "groupme-fake listening v3={} v2={}",
        fake.v3_url(),
        fake.v2_url()
    )?;
    stdout.flush()?;
    write!(stdout, "{}", fake.state().describe())?;
    stdout.flush()?;
    drop(stdout);
    stop_signal().await?;
    fake.shutdown().await
}

/// Waits for SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn stop_signal() -> io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
