//! Starting, addressing and stopping a fake server.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::clock::{Clock, SystemClock};
use crate::demo;
use crate::faults::{self, FaultPlan, FaultRule};
use crate::model::World;
use crate::routes::router;
use crate::state::{FakeState, ResultsTiming};

/// What the fake holds when it starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Seed {
    /// The users and groups described in [`demo`](crate::demo).
    #[default]
    Demo,
    /// Nobody and nothing: arrange everything through [`FakeState`].
    Empty,
}

/// Configures and starts a [`FakeGroupMe`].
///
/// Defaults: the demo seed, the system clock, results ready after 1.5 s and
/// gone after an hour, no faults, no device attestation required, bound to
/// `127.0.0.1` on a free port.
#[derive(Debug)]
pub struct FakeGroupMeBuilder {
    seed: Seed,
    clock: Arc<dyn Clock>,
    timing: ResultsTiming,
    addr: SocketAddr,
    allow_non_loopback: bool,
    faults: FaultPlan,
    require_verification: bool,
    messages: u64,
}

impl Default for FakeGroupMeBuilder {
    fn default() -> Self {
        Self {
            seed: Seed::Demo,
            clock: Arc::new(SystemClock),
            timing: ResultsTiming {
                delay: FakeGroupMeBuilder::DEFAULT_RESULTS_DELAY,
                expiry: FakeGroupMeBuilder::DEFAULT_RESULTS_EXPIRY,
            },
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            allow_non_loopback: false,
            faults: FaultPlan::new(),
            require_verification: false,
            messages: 0,
        }
    }
}

impl FakeGroupMeBuilder {
    /// How long member-add results answer `503` by default.
    pub const DEFAULT_RESULTS_DELAY: Duration = Duration::from_millis(1500);

    /// When member-add results start answering `404` by default: an hour
    /// after the add, as on GroupMe.
    pub const DEFAULT_RESULTS_EXPIRY: Duration = Duration::from_secs(3600);

    /// What the fake holds at the start.
    #[must_use]
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = seed;
        self
    }

    /// Starts with no users and no groups.
    #[must_use]
    pub fn empty(self) -> Self {
        self.seed(Seed::Empty)
    }

    /// The clock the fake reads; pass a [`ManualClock`](crate::ManualClock)
    /// clone to control time from a test.
    #[must_use]
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// How long after an add its results answer `503` "not ready".
    #[must_use]
    pub fn results_delay(mut self, delay: Duration) -> Self {
        self.timing.delay = delay;
        self
    }

    /// How long after an add its results answer `404` "no longer
    /// available".
    #[must_use]
    pub fn results_expiry(mut self, expiry: Duration) -> Self {
        self.timing.expiry = expiry;
        self
    }

    /// The address to listen on; port 0 picks a free port. Only loopback
    /// addresses are accepted unless [`allow_non_loopback`](Self::allow_non_loopback)
    /// is set.
    #[must_use]
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Allows listening on an address other than loopback, which exposes
    /// the fake (and its well-known tokens) to the network.
    #[must_use]
    pub fn allow_non_loopback(mut self, allow: bool) -> Self {
        self.allow_non_loopback = allow;
        self
    }

    /// The faults to inject from the first request on, replacing any
    /// rules added before; see [`faults`](crate::faults). Change them at
    /// run time with [`FakeState::set_fault_plan`].
    #[must_use]
    pub fn faults(mut self, plan: FaultPlan) -> Self {
        self.faults = plan;
        self
    }

    /// Adds one fault rule after those already planned.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use groupme_fake::{FakeGroupMe, Fault, FaultRule};
    ///
    /// let fake = FakeGroupMe::builder()
    ///     .fault(FaultRule::next(Fault::ResetConnection, 1))
    ///     .start()
    ///     .await?;
    /// assert_eq!(fake.state().fault_rules().len(), 1);
    /// # fake.shutdown().await?;
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults = self.faults.rule(rule);
        self
    }

    /// Whether member adds (and group creation) answer `403` unless the
    /// request carries an `X-Verify-Token` header, as GroupMe does for
    /// clients without device attestation. Off by default; change it at
    /// run time with [`FakeState::set_require_verification`].
    #[must_use]
    pub fn require_verification(mut self, require: bool) -> Self {
        self.require_verification = require;
        self
    }

    /// Gives the demo group ([`demo::GROUP_ID`]) a generated history of
    /// `count` messages, sent in turn by its members, one a second up to
    /// the start; it costs next to no memory however long it is (see
    /// [`FakeState::generate_history`]). Ignored with [`Seed::Empty`].
    #[must_use]
    pub fn messages(mut self, count: u64) -> Self {
        self.messages = count;
        self
    }

    /// Seeds the state, binds the address and starts serving in the
    /// background on the current Tokio runtime.
    ///
    /// Fails with [`io::ErrorKind::InvalidInput`] for a non-loopback address
    /// that was not allowed, or with the error of binding it.
    pub async fn start(self) -> io::Result<FakeGroupMe> {
        if !self.addr.ip().is_loopback() && !self.allow_non_loopback {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to listen on non-loopback address {}; allow it explicitly",
                    self.addr.ip()
                ),
            ));
        }
        let mut world = World::new();
        if self.seed == Seed::Demo {
            demo::seed(&mut world, self.clock.now());
        }
        let state = FakeState::new(world, self.clock, self.timing);
        if self.seed == Seed::Demo && self.messages > 0 {
            state
                .generate_history(demo::GROUP_ID, self.messages)
                .map_err(|err| io::Error::new(io::ErrorKind::InvalidInput, err.to_string()))?;
        }
        state.set_fault_plan(self.faults);
        state.set_require_verification(self.require_verification);
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let app = faults::in_front_of(router(state.clone()), state.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender stops the server as well.
                    let _ = stopped.await;
                })
                .await
        });
        Ok(FakeGroupMe {
            addr,
            state,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A running fake GroupMe server.
///
/// Serves the v3 API under [`v3_url`](Self::v3_url) and the v2 API under
/// [`v2_url`](Self::v2_url) until [`shutdown`](Self::shutdown) or drop.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let fake = groupme_fake::FakeGroupMe::start().await?;
/// assert!(fake.v3_url().starts_with("http://127.0.0.1:"));
/// assert_eq!(fake.state().user(groupme_fake::demo::USER_ID).unwrap().name, "Demo User");
/// fake.shutdown().await
/// # }
/// ```
#[derive(Debug)]
pub struct FakeGroupMe {
    addr: SocketAddr,
    state: FakeState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl FakeGroupMe {
    /// A builder with the defaults of [`FakeGroupMeBuilder`].
    pub fn builder() -> FakeGroupMeBuilder {
        FakeGroupMeBuilder::default()
    }

    /// Starts a fake with all defaults: demo seed, system clock, loopback.
    pub async fn start() -> io::Result<Self> {
        Self::builder().start().await
    }

    /// The address the fake listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The v3 base URL, `http://127.0.0.1:PORT/v3`.
    pub fn v3_url(&self) -> String {
        format!("http://{}/v3", self.addr)
    }

    /// The v2 base URL, `http://127.0.0.1:PORT/v2`.
    pub fn v2_url(&self) -> String {
        format!("http://{}/v2", self.addr)
    }

    /// The v4 base URL, `http://127.0.0.1:PORT/v4`.
    pub fn v4_url(&self) -> String {
        format!("http://{}/v4", self.addr)
    }

    /// The image service's base URL, `http://127.0.0.1:PORT/image`.
    pub fn image_url(&self) -> String {
        format!("http://{}/image", self.addr)
    }

    /// The file service's base URL, `http://127.0.0.1:PORT/file`.
    pub fn file_url(&self) -> String {
        format!("http://{}/file", self.addr)
    }

    /// The video service's base URL, `http://127.0.0.1:PORT/video`.
    pub fn video_url(&self) -> String {
        format!("http://{}/video", self.addr)
    }

    /// The handle to arrange and inspect the fake's state.
    pub fn state(&self) -> &FakeState {
        &self.state
    }

    /// Stops accepting requests, lets the ones in flight finish and waits
    /// for the server to end.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for FakeGroupMe {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
