//! `cargo xtask generate`: lints the specs, then writes (or, with `--check`,
//! compares) the progenitor clients and httpmock helpers for every host.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::{format_ident, quote};
use typify::TypeDetails;

use crate::lint::{EMPTY_ENVELOPE, is_envelope, is_success, lint_hosts, resolve};
use crate::spec::{Host, SHARED_SCHEMAS, SHARED_TYPES_MODULE, load_all};

/// The crate that holds the generated clients, as users name it.
const API_CRATE: &str = "groupme_api";

/// Spec schemas that the generated code replaces with a hand-written type of
/// `groupme-api`, with the reason.
///
/// - `GraduationYearChange`: an optional, nullable request field whose
///   absence and `null` mean different things (leave the year, remove it).
///   typify would make both `None`; `Option<Clearable<i32>>` keeps three
///   states: `None` leaves the field out, `Some(Clearable::Clear)` sends
///   `null`, `Some(Clearable::Set(year))` sends the year.
///
/// - `Attachment` and its branch schemas: an open union keyed by `type`
///   (`anyOf` the kinds a client sends and any other object). typify would
///   make an untagged enum in which the first matching branch wins;
///   `groupme_api::Attachment` types the known kinds by their `type` and
///   keeps every other attachment whole, so decoding one never fails.
const REPLACEMENTS: [(&str, &str); 10] = [
    ("GraduationYearChange", "::groupme_api::Clearable<i32>"),
    ("Attachment", "::groupme_api::Attachment"),
    ("ImageAttachment", "::groupme_api::attachment::Image"),
    ("VideoAttachment", "::groupme_api::attachment::Video"),
    ("FileAttachment", "::groupme_api::attachment::File"),
    ("LocationAttachment", "::groupme_api::attachment::Location"),
    ("EmojiAttachment", "::groupme_api::attachment::Emoji"),
    ("ReplyAttachment", "::groupme_api::attachment::Reply"),
    ("MentionsAttachment", "::groupme_api::attachment::Mentions"),
    ("OtherAttachment", "::serde_json::Value"),
];

/// A file the generator owns, with the text it should hold.
struct Artifact {
    path: PathBuf,
    text: String,
}

/// Regenerates every artifact; writes them, or compares them when `check`.
pub fn run(root: &Path, check: bool, verbose: bool) -> Result<()> {
    let specs = load_all(root)?;
    let problems = lint_hosts(&specs);
    if !problems.is_empty() {
        bail!("the spec needs fixing first:\n  - {}", problems.join("\n  - "));
    }

    let mut artifacts = Vec::new();
    for (host, spec) in &specs {
        artifacts.push(Artifact {
            path: root.join(format!("crates/groupme-api/src/generated_{}.rs", host.module)),
            text: client_code(host, &progenitor_view(spec))?,
        });
        artifacts.push(Artifact {
            path: root.join(format!(
                "crates/groupme-api-httpmock/src/generated_{}.rs",
                host.module
            )),
            text: httpmock_code(host, &httpmock_view(spec))?,
        });
    }

    if check {
        compare(root, &artifacts, verbose)
    } else {
        for artifact in &artifacts {
            let current = std::fs::read_to_string(&artifact.path).unwrap_or_default();
            if current != artifact.text {
                std::fs::write(&artifact.path, &artifact.text)
                    .with_context(|| format!("writing {}", artifact.path.display()))?;
                println!("wrote {}", relative(root, &artifact.path));
            } else if verbose {
                println!("unchanged {}", relative(root, &artifact.path));
            }
        }
        Ok(())
    }
}

/// Fails with a unified diff for every artifact that differs from disk.
fn compare(root: &Path, artifacts: &[Artifact], verbose: bool) -> Result<()> {
    let mut stale = Vec::new();
    for artifact in artifacts {
        let name = relative(root, &artifact.path);
        let current = std::fs::read_to_string(&artifact.path).unwrap_or_default();
        if current == artifact.text {
            if verbose {
                println!("up to date: {name}");
            }
            continue;
        }
        let diff = similar::TextDiff::from_lines(&current, &artifact.text);
        print!(
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("{name} (on disk)"), &format!("{name} (from spec)"))
        );
        stale.push(name);
    }
    if stale.is_empty() {
        Ok(())
    } else {
        bail!(
            "generated code is stale: {}\nrun `cargo xtask generate` and commit the result",
            stale.join(", ")
        )
    }
}

/// Generator settings shared by the client and the httpmock helpers.
fn settings(host: &Host) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote! { crate::Auth })
        .with_derive("schemars::JsonSchema")
        .with_derive("PartialEq");
    for (name, replacement) in REPLACEMENTS {
        settings.with_replacement(name, replacement, std::iter::empty());
    }
    if host.module != SHARED_TYPES_MODULE {
        for name in SHARED_SCHEMAS.iter().chain(host.reuses) {
            settings.with_replacement(
                name,
                format!("::{API_CRATE}::{SHARED_TYPES_MODULE}::types::{name}"),
                std::iter::empty(),
            );
        }
    }
    settings
}

fn client_code(host: &Host, spec: &OpenAPI) -> Result<String> {
    let mut generator = Generator::new(&settings(host));
    let client = generator
        .generate_tokens(spec)
        .with_context(|| format!("generating the client for {}", host.spec_path))?;
    let envelopes = if host.envelope {
        envelope_impls(&generator, spec)?
    } else {
        TokenStream::new()
    };
    let mut file = parse_file(quote! { #client #envelopes })?;
    crate::strip::strip_api_version_header(&mut file)?;
    format_file(host, &file)
}

/// The httpmock helpers follow the spec as written (typed JSON errors, see
/// [`httpmock_view`]), plus text helpers for `text/plain` responses.
fn httpmock_code(host: &Host, spec: &OpenAPI) -> Result<String> {
    let mut generator = Generator::new(&settings(host));
    let helpers = generator
        .httpmock(spec, &format!("{API_CRATE}::{}", host.module))
        .with_context(|| format!("generating httpmock helpers for {}", host.spec_path))?;
    let text_helpers = text_response_helpers(spec)?;
    format_file(host, &parse_file(quote! { #helpers #text_helpers })?)
}

/// Every operation of `spec`, mutably.
fn operations_mut(spec: &mut OpenAPI) -> impl Iterator<Item = &mut openapiv3::Operation> {
    spec.paths.paths.values_mut().flat_map(|item| {
        let operations = match item {
            ReferenceOr::Item(item) => vec![
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ],
            ReferenceOr::Reference { .. } => Vec::new(),
        };
        operations.into_iter().flatten()
    })
}

/// The spec as typify should see it, for the client and the httpmock
/// helpers alike: a schema that is a `oneOf` of object schemas (such as
/// `NewMember`, one branch per identifier) becomes one plain object with
/// every branch's properties, required where every branch requires them.
/// Validators and other languages' generators see the `oneOf` and enforce
/// it; the Rust type stays a plain struct, and the wrapper checks the rule
/// itself. Branch schemas that nothing else refers to are left out.
fn typify_view(spec: &OpenAPI) -> OpenAPI {
    let mut view = spec.clone();
    let Some(components) = view.components.as_mut() else {
        return view;
    };
    let mut merged_branches = Vec::new();
    let names: Vec<String> = components.schemas.keys().cloned().collect();
    for name in names {
        let Some(ReferenceOr::Item(schema)) = components.schemas.get(&name) else {
            continue;
        };
        let openapiv3::SchemaKind::OneOf { one_of } = &schema.schema_kind else {
            continue;
        };
        let branches: Option<Vec<(String, openapiv3::ObjectType)>> = one_of
            .iter()
            .map(|branch| {
                let ReferenceOr::Reference { reference } = branch else {
                    return None;
                };
                let branch_name = reference.strip_prefix("#/components/schemas/")?;
                match components.schemas.get(branch_name)? {
                    ReferenceOr::Item(openapiv3::Schema {
                        schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)),
                        ..
                    }) => Some((branch_name.to_owned(), object.clone())),
                    _ => None,
                }
            })
            .collect();
        let Some(branches) = branches.filter(|branches| !branches.is_empty()) else {
            continue;
        };
        let mut merged = openapiv3::ObjectType::default();
        for (_, object) in &branches {
            for (property, schema) in &object.properties {
                merged
                    .properties
                    .entry(property.clone())
                    .or_insert_with(|| schema.clone());
            }
        }
        merged.required = branches[0]
            .1
            .required
            .iter()
            .filter(|field| branches.iter().all(|(_, object)| object.required.contains(field)))
            .cloned()
            .collect();
        let schema_data = schema.schema_data.clone();
        components.schemas.insert(
            name,
            ReferenceOr::Item(openapiv3::Schema {
                schema_data,
                schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(merged)),
            }),
        );
        merged_branches.extend(branches.into_iter().map(|(branch, _)| branch));
    }
    for branch in merged_branches {
        let reference = format!("\"#/components/schemas/{branch}\"");
        let text = serde_json::to_string(&view).unwrap_or_default();
        if !text.contains(&reference)
            && let Some(components) = view.components.as_mut()
        {
            components.schemas.shift_remove(&branch);
        }
    }
    view
}

/// The spec as progenitor should see it for the client (on top of
/// [`typify_view`]):
///
/// - error responses lose their JSON media types, so that progenitor hands
///   every error over as raw bytes with its status. GroupMe answers errors
///   as envelopes, plain text or (through proxies) HTML, even where an
///   envelope is documented; the wrapper decodes whichever arrives, and the
///   status is never lost to a decoding failure;
/// - an error status inside a declared range (`503` next to `5XX`) is left
///   to the range: both reach the wrapper as bytes with their status, and
///   progenitor would otherwise match the range first and never the code;
/// - a success whose body is `EmptyEnvelope` has no content, so that the
///   client accepts an empty body and the envelope alike without reading
///   either (GroupMe documents "no body" and sends `{"response": null, …}`).
fn progenitor_view(spec: &OpenAPI) -> OpenAPI {
    let mut view = typify_view(spec);
    raw_request_bodies(&mut view);
    for operation in operations_mut(&mut view) {
        let ranges: Vec<u16> = operation
            .responses
            .responses
            .keys()
            .filter_map(|status| match status {
                openapiv3::StatusCode::Range(range) => Some(*range),
                openapiv3::StatusCode::Code(_) => None,
            })
            .collect();
        operation.responses.responses.retain(|status, _| match status {
            openapiv3::StatusCode::Code(code) => is_success(status) || !ranges.contains(&(code / 100)),
            openapiv3::StatusCode::Range(_) => true,
        });
        for (status, response) in operation.responses.responses.iter_mut() {
            let Some(mut raw) = resolve(spec, response).cloned() else {
                continue;
            };
            if is_success(status) {
                if !has_json_schema(&raw, EMPTY_ENVELOPE) {
                    continue;
                }
                raw.content.clear();
            } else {
                raw.content
                    .retain(|media, _| !media.starts_with("application/json"));
                if raw.content.is_empty() {
                    raw.content
                        .insert("application/octet-stream".to_owned(), Default::default());
                }
            }
            *response = ReferenceOr::Item(raw);
        }
    }
    view
}

/// Request bodies that are not JSON, form or text (`image/jpeg`,
/// `image/png`, … for the image service; `multipart/form-data` for the video
/// service) become one `application/octet-stream` body of bytes:
/// progenitor 0.15 knows no other binary media type and accepts one media
/// type per body. The generated builder then takes any
/// `Into<reqwest::Body>` (streamed, not copied) and labels it
/// `application/octet-stream`; the wrapper sends the real content type
/// through `groupme_api::Auth::content_type`, which the request hook
/// applies, and builds the multipart body itself.
fn raw_request_bodies(view: &mut OpenAPI) {
    for operation in operations_mut(view) {
        let Some(ReferenceOr::Item(body)) = operation.request_body.as_mut() else {
            continue;
        };
        let unsupported = body
            .content
            .keys()
            .any(|media| media.starts_with("image/") || media.starts_with("multipart/"));
        if !unsupported {
            continue;
        }
        let media = openapiv3::MediaType {
            schema: Some(ReferenceOr::Item(openapiv3::Schema {
                schema_data: Default::default(),
                schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(openapiv3::StringType {
                    format: openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary),
                    ..Default::default()
                })),
            })),
            ..Default::default()
        };
        body.content.clear();
        body.content.insert("application/octet-stream".to_owned(), media);
    }
}

/// Whether `response` has a JSON body of the schema `reference`.
fn has_json_schema(response: &openapiv3::Response, reference: &str) -> bool {
    response.content.iter().any(|(media, content)| {
        media.starts_with("application/json")
            && matches!(&content.schema, Some(ReferenceOr::Reference { reference: r }) if r == reference)
    })
}

/// The spec as progenitor should see it for the httpmock helpers (on top of
/// [`typify_view`]): statuses without a standard name (GroupMe's `420`)
/// are left out, since progenitor names each helper after its status's
/// reason phrase. Tests answer rate limits with the `429` helper.
fn httpmock_view(spec: &OpenAPI) -> OpenAPI {
    let mut view = typify_view(spec);
    raw_request_bodies(&mut view);
    for operation in operations_mut(&mut view) {
        operation.responses.responses.retain(|status, _| match status {
            openapiv3::StatusCode::Code(code) => http::StatusCode::from_u16(*code)
                .ok()
                .and_then(|code| code.canonical_reason())
                .is_some(),
            openapiv3::StatusCode::Range(_) => true,
        });
    }
    view
}

/// progenitor's httpmock helpers answer every non-JSON response with a JSON
/// value; for each response that may be `text/plain` this adds a
/// `<reason>_text` helper that answers with the text itself, as GroupMe does.
fn text_response_helpers(spec: &OpenAPI) -> Result<TokenStream> {
    let mut helpers = Vec::new();
    for (_, _, operation) in spec.operations() {
        let operation_id = operation
            .operation_id
            .as_deref()
            .context("lint guarantees operation ids")?;
        let then = format_ident!("{}Then", operation_id.to_upper_camel_case());
        for (status, response) in &operation.responses.responses {
            let (openapiv3::StatusCode::Code(code), Some(response)) = (status, resolve(spec, response))
            else {
                continue;
            };
            if !response.content.contains_key("text/plain") {
                continue;
            }
            let reason = http::StatusCode::from_u16(*code)?
                .canonical_reason()
                .with_context(|| format!("{operation_id}: status {code} has no name"))?;
            let method = format_ident!("{}_text", reason.to_snake_case());
            let doc = format!("Answers `{code} {reason}` with `body` as `text/plain`, as GroupMe does.");
            helpers.push(quote! {
                impl operations::#then {
                    #[doc = #doc]
                    pub fn #method(self, body: &str) -> Self {
                        Self::new(
                            self.into_inner()
                                .status(#code)
                                .header("content-type", "text/plain; charset=utf-8")
                                .body(body),
                        )
                    }
                }
            });
        }
    }
    Ok(quote! { #(#helpers)* })
}

/// `impl crate::Envelope` for every envelope schema (one with `response` and
/// `meta`), so the wrapper can unwrap any answer in one generic place.
fn envelope_impls(generator: &Generator, spec: &OpenAPI) -> Result<TokenStream> {
    let envelope_names: Vec<&String> = spec
        .components
        .iter()
        .flat_map(|components| &components.schemas)
        .filter(|(name, schema)| !SHARED_SCHEMAS.contains(&name.as_str()) && is_envelope(schema))
        .map(|(name, _)| name)
        .collect();

    let type_space = generator.get_type_space();
    let mut impls = Vec::new();
    for name in envelope_names {
        let envelope = type_space
            .iter_types()
            .find(|ty| &ty.name() == name)
            .with_context(|| format!("no generated type for envelope schema {name}"))?;
        let TypeDetails::Struct(details) = envelope.details() else {
            bail!("envelope schema {name} did not generate a struct");
        };
        let (_, response_id) = details
            .properties()
            .find(|(prop, _)| *prop == "response")
            .with_context(|| format!("envelope {name} has no `response` field"))?;
        let response = type_space.get_type(&response_id)?;
        let inner = match response.details() {
            TypeDetails::Option(inner) => type_space.get_type(&inner)?.ident(),
            _ => bail!("envelope {name}: `response` must be optional (not required)"),
        };
        let ident = format_ident!("{}", name);
        impls.push(quote! {
            impl crate::Envelope for types::#ident {
                type Response = #inner;
                fn into_parts(self) -> (Option<Self::Response>, crate::Meta) {
                    (self.response, self.meta)
                }
            }
        });
    }
    Ok(quote! { #(#impls)* })
}

/// Parses generated tokens as a Rust file.
fn parse_file(tokens: TokenStream) -> Result<syn::File> {
    syn::parse2(tokens).context("generated code does not parse")
}

/// Formats a generated file with the do-not-edit header.
fn format_file(host: &Host, file: &syn::File) -> Result<String> {
    Ok(format!(
        "// generated by `cargo xtask generate` from {}; do not edit.\n\n{}",
        host.spec_path,
        progenitor_impl::space_out_items(prettyplease::unparse(file))?
    ))
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder of this test process, emptied first.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    }

    #[test]
    fn check_fails_on_a_stale_or_missing_file_and_passes_on_a_current_one() {
        let root = scratch("generate-check");
        std::fs::write(root.join("current.rs"), "fn a() {}\n").unwrap();
        std::fs::write(root.join("stale.rs"), "fn b() {}\n").unwrap();
        let artifact = |name: &str, text: &str| Artifact {
            path: root.join(name),
            text: text.to_owned(),
        };

        assert!(compare(&root, &[artifact("current.rs", "fn a() {}\n")], false).is_ok());
        let err = compare(
            &root,
            &[
                artifact("current.rs", "fn a() {}\n"),
                artifact("stale.rs", "fn b() { 1 }\n"),
                artifact("missing.rs", "fn c() {}\n"),
            ],
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("generated code is stale: stale.rs, missing.rs"),
            "{err}"
        );
        assert!(err.contains("run `cargo xtask generate`"), "{err}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_generated_files_match_the_spec() {
        let root = crate::workspace_root();
        let specs = load_all(&root).expect("specs load");
        for (host, spec) in &specs {
            let client = client_code(host, &progenitor_view(spec)).expect("client generates");
            assert!(client.starts_with("// generated by `cargo xtask generate`"));
            assert_eq!(
                client.contains("impl crate::Envelope for types::"),
                host.envelope,
                "{}",
                host.module
            );
            let path = root.join(format!("crates/groupme-api/src/generated_{}.rs", host.module));
            assert_eq!(
                std::fs::read_to_string(path).unwrap(),
                client,
                "run `cargo xtask generate`"
            );
        }
    }

    #[test]
    fn image_and_multipart_bodies_reach_progenitor_as_one_octet_stream() {
        let root = crate::workspace_root();
        for (host, spec) in load_all(&root).expect("specs load") {
            for (_, _, operation) in spec.operations() {
                let id = operation.operation_id.clone().unwrap_or_default();
                let written: Vec<String> = match &operation.request_body {
                    Some(ReferenceOr::Item(body)) => body.content.keys().cloned().collect(),
                    _ => continue,
                };
                let view = progenitor_view(&spec);
                let viewed = view
                    .operations()
                    .find(|(_, _, op)| op.operation_id.as_deref() == Some(id.as_str()))
                    .and_then(|(_, _, op)| match &op.request_body {
                        Some(ReferenceOr::Item(body)) => {
                            Some(body.content.keys().cloned().collect::<Vec<_>>())
                        }
                        _ => None,
                    })
                    .expect("the body is kept");
                let binary = written
                    .iter()
                    .any(|media| media.starts_with("image/") || media.starts_with("multipart/"));
                if binary {
                    assert_eq!(viewed, ["application/octet-stream"], "{} {id}", host.module);
                } else {
                    assert_eq!(viewed, written, "{} {id}", host.module);
                }
            }
        }
        // The generated builders then take any `reqwest::Body`.
        let image = std::fs::read_to_string(root.join("crates/groupme-api/src/generated_image.rs")).unwrap();
        assert!(image.contains("B: std::convert::TryInto<reqwest::Body>"));
    }

    #[test]
    fn error_bodies_reach_progenitor_as_raw_bytes_only() {
        let root = crate::workspace_root();
        for (_, spec) in load_all(&root).expect("specs load") {
            let view = progenitor_view(&spec);
            for (_, _, operation) in view.operations() {
                for (status, response) in &operation.responses.responses {
                    let ReferenceOr::Item(response) = response else {
                        assert!(is_success(status), "error responses are inlined");
                        continue;
                    };
                    if !is_success(status) {
                        assert!(
                            response
                                .content
                                .keys()
                                .all(|media| !media.starts_with("application/json")),
                            "{:?} {status}",
                            operation.operation_id
                        );
                        assert!(!response.content.is_empty());
                    }
                }
            }
        }
    }

    /// The operation `id` of `spec`.
    fn operation<'a>(spec: &'a OpenAPI, id: &str) -> &'a openapiv3::Operation {
        spec.operations()
            .map(|(_, _, operation)| operation)
            .find(|operation| operation.operation_id.as_deref() == Some(id))
            .expect("operation exists")
    }

    #[test]
    fn the_views_give_progenitor_what_it_can_generate() {
        let root = crate::workspace_root();
        let specs = load_all(&root).expect("specs load");
        let (_, v3) = &specs[0];
        let (_, v2) = &specs[1];

        // The ban's envelope success reaches the client as no content, so an
        // empty body and the envelope both pass.
        let ban = progenitor_view(v2);
        let ok = &operation(&ban, "ban_member").responses.responses[&openapiv3::StatusCode::Code(200)];
        let ReferenceOr::Item(ok) = ok else {
            panic!("inlined")
        };
        assert!(ok.content.is_empty());

        // `503` is left to `5XX` for the client, but kept for the helpers.
        let code = openapiv3::StatusCode::Code(503);
        assert!(
            !operation(&progenitor_view(v3), "get_member_results")
                .responses
                .responses
                .contains_key(&code)
        );
        assert!(
            operation(&httpmock_view(v3), "get_member_results")
                .responses
                .responses
                .contains_key(&code)
        );

        // `420` has no standard name for a helper; the client keeps it.
        let code = openapiv3::StatusCode::Code(420);
        assert!(
            !operation(&httpmock_view(v3), "get_me")
                .responses
                .responses
                .contains_key(&code)
        );
        assert!(
            operation(&progenitor_view(v3), "get_me")
                .responses
                .responses
                .contains_key(&code)
        );

        // In the spec, `NewMember` is a `oneOf` whose branches each require
        // their own identifier, so other languages' clients enforce
        // "exactly one"...
        let schemas = &v3.components.as_ref().expect("components").schemas;
        let Some(ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::OneOf { one_of },
            ..
        })) = schemas.get("NewMember")
        else {
            panic!("NewMember is not a oneOf");
        };
        let mut identifiers = Vec::new();
        for branch in one_of {
            let ReferenceOr::Reference { reference } = branch else {
                panic!("branches are named")
            };
            let name = reference.trim_start_matches("#/components/schemas/");
            let Some(ReferenceOr::Item(openapiv3::Schema {
                schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)),
                ..
            })) = schemas.get(name)
            else {
                panic!("{name} is not an object");
            };
            identifiers.extend(
                object
                    .required
                    .iter()
                    .filter(|field| *field != "nickname")
                    .cloned(),
            );
        }
        assert_eq!(identifiers, ["user_id", "phone_number", "email"]);

        // ... and for typify one object with every branch's fields.
        let view = typify_view(v3);
        let schemas = &view.components.as_ref().expect("components").schemas;
        let Some(ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(member)),
            ..
        })) = schemas.get("NewMember")
        else {
            panic!("NewMember is not a plain object: {:?}", schemas.get("NewMember"));
        };
        let fields: Vec<&str> = member.properties.keys().map(String::as_str).collect();
        assert_eq!(fields, ["nickname", "user_id", "guid", "phone_number", "email"]);
        assert_eq!(member.required, ["nickname"]);
        assert!(
            !schemas.contains_key("NewMemberByEmail"),
            "unused branches are left out"
        );
    }
}
