//! `groupme-fake`: runs the fake GroupMe server with the demo seed until
//! SIGINT or SIGTERM.

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use groupme_fake::{FakeGroupMe, Fault, FaultError, FaultPlan, FaultRule, ServerErrorStatus};

/// An in-memory GroupMe server (v3 and v2 APIs) with deterministic demo data.
///
/// With --fault it also has GroupMe's bad days: for example `--fault 429
/// --fault-rate 0.2 --fault-seed 7` rate-limits a fifth of all requests,
/// reproducibly, and `--fault reset --fault-next 2 --fault-route 'POST
/// /v3/groups/{group_id}/members/add'` drops the connection of the next two
/// member adds.
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
    /// Inject this fault into requests (every request unless --fault-rate or
    /// --fault-next says otherwise).
    #[arg(long, value_enum, value_name = "KIND")]
    fault: Option<FaultKind>,
    /// Share of requests that get the fault, from 0 to 1.
    #[arg(long, value_name = "P", requires = "fault", conflicts_with = "fault_next", value_parser = probability)]
    fault_rate: Option<f64>,
    /// Inject the fault into the next N requests only, then serve normally.
    #[arg(long, value_name = "N", requires = "fault")]
    fault_next: Option<u64>,
    /// Inject the fault only into requests to this route: an optional method
    /// and the path with its /v3 or /v2 prefix, placeholders in braces, such
    /// as 'GET /v3/groups/{group_id}/members'.
    #[arg(long, value_name = "ROUTE", requires = "fault", value_parser = route)]
    fault_route: Option<String>,
    /// Seed of the --fault-rate draws, so that a run can be replayed.
    #[arg(long, value_name = "SEED", requires = "fault_rate")]
    fault_seed: Option<u64>,
    /// The Retry-After header of --fault 429, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 2)]
    fault_retry_after_secs: u64,
    /// The pause before each of the four pieces of a --fault slow body, in
    /// milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    fault_slow_ms: u64,
    /// Answer member adds 403 unless the request carries an X-Verify-Token
    /// header, as GroupMe does for clients without device attestation.
    #[arg(long)]
    require_verification: bool,
    /// Give the demo group a generated history of this many messages (one
    /// a second up to the start, from its members in turn); costs next to
    /// no memory however many.
    #[arg(long, value_name = "N", default_value_t = 0)]
    messages: u64,
}

/// The faults `--fault` can inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FaultKind {
    /// 429 with a Retry-After header (see --fault-retry-after-secs).
    #[value(name = "429")]
    RateLimited,
    /// 429 without a Retry-After header.
    #[value(name = "429-no-retry-after")]
    RateLimitedBare,
    /// 500 with an HTML error page.
    #[value(name = "500")]
    InternalServerError,
    /// 502 with an HTML error page.
    #[value(name = "502")]
    BadGateway,
    /// 503 with an HTML error page.
    #[value(name = "503")]
    ServiceUnavailable,
    /// 504 with an HTML error page.
    #[value(name = "504")]
    GatewayTimeout,
    /// The connection is dropped before the answer.
    Reset,
    /// The answer's body trickles in (see --fault-slow-ms).
    Slow,
    /// 200 with the first half of the JSON body.
    Truncated,
}

impl Args {
    /// The fault plan the flags describe; empty without --fault. The rate
    /// and route were checked when the flags were parsed, so that clap names
    /// the flag; the library checks them again here.
    fn fault_plan(&self) -> Result<FaultPlan, FaultError> {
        let Some(kind) = self.fault else {
            return Ok(FaultPlan::new());
        };
        let fault = match kind {
            FaultKind::RateLimited => Fault::RateLimited {
                retry_after: Some(Duration::from_secs(self.fault_retry_after_secs)),
            },
            FaultKind::RateLimitedBare => Fault::RateLimited { retry_after: None },
            FaultKind::InternalServerError => Fault::ServerError(ServerErrorStatus::InternalServerError),
            FaultKind::BadGateway => Fault::ServerError(ServerErrorStatus::BadGateway),
            FaultKind::ServiceUnavailable => Fault::ServerError(ServerErrorStatus::ServiceUnavailable),
            FaultKind::GatewayTimeout => Fault::ServerError(ServerErrorStatus::GatewayTimeout),
            FaultKind::Reset => Fault::ResetConnection,
            FaultKind::Slow => Fault::SlowBody {
                delay: Duration::from_millis(self.fault_slow_ms),
            },
            FaultKind::Truncated => Fault::TruncatedJson,
        };
        let rule = match (self.fault_next, self.fault_rate) {
            (Some(count), _) => FaultRule::next(fault, count),
            (None, Some(rate)) => FaultRule::with_probability(fault, rate)?,
            (None, None) => FaultRule::always(fault),
        };
        let rule = match &self.fault_route {
            Some(pattern) => rule.on_route(pattern)?,
            None => rule,
        };
        let plan = FaultPlan::new().rule(rule);
        Ok(match self.fault_seed {
            Some(seed) => plan.seed(seed),
            None => plan,
        })
    }
}

/// Parses --fault-rate: a number from 0 to 1.
fn probability(text: &str) -> Result<f64, String> {
    let rate: f64 = text.parse().map_err(|_| format!("{text:?} is not a number"))?;
    FaultRule::with_probability(Fault::TruncatedJson, rate)
        .map(|_| rate)
        .map_err(|error| error.to_string())
}

/// Checks --fault-route: an optional method and a path pattern.
fn route(text: &str) -> Result<String, String> {
    FaultRule::always(Fault::TruncatedJson)
        .on_route(text)
        .map(|_| text.to_owned())
        .map_err(|error| error.to_string())
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
    let faults = args
        .fault_plan()
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))?;
    let fake = FakeGroupMe::builder()
        .bind(SocketAddr::new(args.host, args.port))
        .allow_non_loopback(args.allow_non_loopback)
        .results_delay(Duration::from_millis(args.results_delay_ms))
        .results_expiry(Duration::from_secs(args.results_expiry_secs))
        .faults(faults)
        .require_verification(args.require_verification)
        .messages(args.messages)
        .start()
        .await?;
    let mut stdout = io::stdout().lock();
    writeln!(
        stdout,
        "groupme-fake listening v3={} v2={} v4={}",
        fake.v3_url(),
        fake.v2_url(),
        fake.v4_url()
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
