//! `cargo xtask spec`: checks the spec files and writes the publishable
//! copies, one JSON and one YAML file per host, for other languages'
//! generators and the HTML reference (rendered by `.ci/spec-tools.sh`).
//!
//! Each published file must stand alone: a `$ref` that points outside its own
//! file, or at nothing, stops the publication with the reference's location.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::lint::lint_hosts;
use crate::spec::{HOSTS, load_all};

/// Where the files go when no `--out` is given, relative to the workspace root.
pub const DEFAULT_OUT_DIR: &str = "dist/spec";

/// A file to publish: its name in the output folder and its text.
struct Artifact {
    name: String,
    text: String,
}

/// Checks every host's spec and writes its JSON and YAML copies into `out`.
pub fn run(root: &Path, out: &Path) -> Result<()> {
    let artifacts = artifacts(root)?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    for artifact in &artifacts {
        let path = out.join(&artifact.name);
        std::fs::write(&path, &artifact.text).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// The files to publish for every host, or every reason not to publish.
fn artifacts(root: &Path) -> Result<Vec<Artifact>> {
    let mut artifacts = Vec::new();
    let mut problems = lint_hosts(&load_all(root)?);
    for host in &HOSTS {
        let path = root.join(host.spec_path);
        let yaml = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        // serde_norway keeps the order of mapping keys, so the JSON copy reads
        // in the same order as the YAML file.
        let document: serde_norway::Value =
            serde_norway::from_str(&yaml).with_context(|| format!("parsing {}", host.spec_path))?;
        let json = serde_json::to_value(&document)
            .with_context(|| format!("converting {} to JSON", host.spec_path))?;
        problems.extend(
            reference_problems(&json)
                .into_iter()
                .map(|problem| format!("{}: {problem}", host.spec_path)),
        );

        let stem = Path::new(host.spec_path)
            .file_stem()
            .and_then(|stem| stem.to_str())
            .with_context(|| format!("{} has no file name", host.spec_path))?;
        let json = serde_json::to_string_pretty(&document)
            .with_context(|| format!("converting {} to JSON", host.spec_path))?;
        artifacts.push(Artifact {
            name: format!("{stem}.json"),
            text: json + "\n",
        });
        artifacts.push(Artifact {
            name: format!("{stem}.yaml"),
            text: yaml,
        });
    }
    if !problems.is_empty() {
        bail!("the spec cannot be published:\n  - {}", problems.join("\n  - "));
    }
    Ok(artifacts)
}

/// Every `$ref` in `document` that leaves the document or resolves to nothing,
/// each with the JSON pointer of the object that holds it.
fn reference_problems(document: &serde_json::Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut pending = vec![(String::new(), document)];
    while let Some((location, value)) = pending.pop() {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(serde_json::Value::String(reference)) = object.get("$ref") {
                    match reference.strip_prefix('#') {
                        None => problems.push(format!(
                            "`$ref: {reference}` at `{location}` points outside the file; \
                             a published spec must be self-contained"
                        )),
                        Some(pointer) if document.pointer(pointer).is_none() => {
                            problems.push(format!("`$ref: {reference}` at `{location}` resolves to nothing"))
                        }
                        Some(_) => {}
                    }
                }
                pending.extend(
                    object
                        .iter()
                        .map(|(key, child)| (format!("{location}/{}", escape(key)), child)),
                );
            }
            serde_json::Value::Array(items) => pending.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, child)| (format!("{location}/{index}"), child)),
            ),
            _ => {}
        }
    }
    problems.sort();
    problems
}

/// Escapes one JSON pointer segment (RFC 6901).
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<String> {
        let document: serde_json::Value = serde_norway::from_str(yaml).expect("test YAML parses");
        reference_problems(&document)
    }

    #[test]
    fn accepts_references_that_resolve_inside_the_file() {
        let yaml = "paths:\n  /a/b:\n    get: {x: 1}\n  /c:\n    $ref: '#/paths/~1a~1b'\ncomponents:\n  schemas:\n    S: {type: string}\n    T: {$ref: '#/components/schemas/S'}\n";
        assert_eq!(problems(yaml), Vec::<String>::new());
    }

    #[test]
    fn names_an_external_reference_and_where_it_is() {
        let yaml = "paths:\n  /a/b:\n    get:\n      schema: {$ref: 'other.yaml#/components/schemas/S'}\n";
        assert_eq!(
            problems(yaml),
            vec![
                "`$ref: other.yaml#/components/schemas/S` at `/paths/~1a~1b/get/schema` \
                 points outside the file; a published spec must be self-contained"
                    .to_owned()
            ]
        );
    }

    #[test]
    fn names_a_reference_that_resolves_to_nothing() {
        let yaml =
            "components:\n  schemas:\n    T:\n      allOf:\n        - $ref: '#/components/schemas/Missing'\n";
        assert_eq!(
            problems(yaml),
            vec![
                "`$ref: #/components/schemas/Missing` at `/components/schemas/T/allOf/0` \
                 resolves to nothing"
                    .to_owned()
            ]
        );
    }

    #[test]
    fn publishes_each_host_as_equal_json_and_yaml_in_source_order() {
        let root = crate::workspace_root();
        let artifacts = artifacts(&root).expect("the real specs publish");
        let names: Vec<&str> = artifacts.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "groupme-v3.json",
                "groupme-v3.yaml",
                "groupme-v2.json",
                "groupme-v2.yaml",
                "groupme-v4.json",
                "groupme-v4.yaml",
                "groupme-image.json",
                "groupme-image.yaml",
                "groupme-file.json",
                "groupme-file.yaml",
                "groupme-video.json",
                "groupme-video.yaml",
            ]
        );
        for (host, pair) in HOSTS.iter().zip(artifacts.chunks(2)) {
            let source = std::fs::read_to_string(root.join(host.spec_path)).expect("spec reads");
            assert_eq!(pair[1].text, source, "{} is published verbatim", host.spec_path);
            let from_json: serde_json::Value =
                serde_json::from_str(&pair[0].text).expect("published JSON parses");
            let from_yaml: serde_json::Value = serde_norway::from_str(&source).expect("spec parses");
            assert_eq!(from_json, from_yaml, "{} JSON differs", host.spec_path);
            assert!(
                pair[0]
                    .text
                    .starts_with("{\n  \"openapi\": \"3.0.3\",\n  \"info\""),
                "{} JSON does not keep the YAML key order",
                host.spec_path
            );
        }
    }

    #[test]
    fn run_writes_every_file_into_the_output_folder() {
        let root = crate::workspace_root();
        let out = std::env::temp_dir().join(format!("xtask-publish-{}", std::process::id()));
        run(&root, &out).expect("publishing succeeds");
        let mut written: Vec<String> = std::fs::read_dir(&out)
            .expect("output folder exists")
            .map(|entry| {
                entry
                    .expect("entry reads")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        written.sort();
        std::fs::remove_dir_all(&out).expect("output folder is removed");
        assert_eq!(
            written,
            [
                "groupme-file.json",
                "groupme-file.yaml",
                "groupme-image.json",
                "groupme-image.yaml",
                "groupme-v2.json",
                "groupme-v2.yaml",
                "groupme-v3.json",
                "groupme-v3.yaml",
                "groupme-v4.json",
                "groupme-v4.yaml",
                "groupme-video.json",
                "groupme-video.yaml",
            ]
        );
    }
}
