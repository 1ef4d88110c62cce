//! The API hosts described in `spec/` and how to load their descriptions.

use std::path::Path;

use anyhow::{Context, Result};
use openapiv3::OpenAPI;

/// One GroupMe host and the spec file that describes it.
pub struct Host {
    /// The Rust module the host's client is generated into (`v3`, `v2`).
    pub module: &'static str,
    /// The spec file, relative to the workspace root.
    pub spec_path: &'static str,
    /// Whether every JSON answer of this host is wrapped in the
    /// `{"response": …, "meta": …}` envelope. The media hosts (image, file,
    /// video) answer plain JSON objects: the envelope rules of the lint and
    /// `impl Envelope` are skipped for them, every other rule holds.
    pub envelope: bool,
    /// Schemas besides [`SHARED_SCHEMAS`] that this host defines exactly as
    /// the shared host does and whose Rust types it reuses (so that a v4
    /// message is the same `Message` as a v3 one).
    pub reuses: &'static [&'static str],
}

/// Every host, in generation order.
pub const HOSTS: [Host; 6] = [
    Host {
        module: "v3",
        spec_path: "spec/groupme-v3.yaml",
        envelope: true,
        reuses: &[],
    },
    Host {
        module: "v2",
        spec_path: "spec/groupme-v2.yaml",
        envelope: true,
        reuses: &["ReadReceipt"],
    },
    Host {
        module: "v4",
        spec_path: "spec/groupme-v4.yaml",
        envelope: true,
        reuses: &["Message", "Reaction", "MessageEvent"],
    },
    Host {
        module: "image",
        spec_path: "spec/groupme-image.yaml",
        envelope: false,
        reuses: &[],
    },
    Host {
        module: "file",
        spec_path: "spec/groupme-file.yaml",
        envelope: false,
        reuses: &[],
    },
    Host {
        module: "video",
        spec_path: "spec/groupme-video.yaml",
        envelope: false,
        reuses: &[],
    },
];

/// The host whose shared envelope types (`Meta`, `MetaErrors`,
/// `ErrorEnvelope`) every other host reuses.
pub const SHARED_TYPES_MODULE: &str = "v3";

/// Names of the envelope schemas that every spec file defines identically.
pub const SHARED_SCHEMAS: [&str; 3] = ["Meta", "MetaErrors", "ErrorEnvelope"];

/// Reads and parses the spec of every host.
pub fn load_all(root: &Path) -> Result<Vec<(&'static Host, OpenAPI)>> {
    HOSTS.iter().map(|host| Ok((host, host.load(root)?))).collect()
}

impl Host {
    /// Reads and parses this host's spec file.
    pub fn load(&self, root: &Path) -> Result<OpenAPI> {
        let path = root.join(self.spec_path);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        serde_norway::from_str(&text).with_context(|| format!("parsing {}", self.spec_path))
    }
}
