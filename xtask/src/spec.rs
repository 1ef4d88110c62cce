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
}

/// Every host, in generation order.
pub const HOSTS: [Host; 5] = [
    Host {
        module: "v3",
        spec_path: "spec/groupme-v3.yaml",
        envelope: true,
    },
    Host {
        module: "v2",
        spec_path: "spec/groupme-v2.yaml",
        envelope: true,
    },
    Host {
        module: "image",
        spec_path: "spec/groupme-image.yaml",
        envelope: false,
    },
    Host {
        module: "file",
        spec_path: "spec/groupme-file.yaml",
        envelope: false,
    },
    Host {
        module: "video",
        spec_path: "spec/groupme-video.yaml",
        envelope: false,
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
