//! Checks a spec for the conventions the generator relies on, so that a
//! mistake is reported with the operation's name instead of a panic deep in
//! progenitor.
//!
//! Error responses may mix JSON and text freely: the generator hands every
//! error over as raw bytes (see `generate::progenitor_view`). Success
//! responses must agree on one kind.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr, Response, StatusCode};

use crate::spec::{Host, SHARED_SCHEMAS, SHARED_TYPES_MODULE};

/// The schema every JSON error response refers to; the wrapper decodes
/// error bodies into it.
const ERROR_ENVELOPE: &str = "#/components/schemas/ErrorEnvelope";

/// The schema of a success that carries nothing, where GroupMe may send an
/// empty body or `{"response": null, "meta": …}`; the generator lets the
/// client accept both (see `generate::progenitor_view`).
pub const EMPTY_ENVELOPE: &str = "#/components/schemas/EmptyEnvelope";

/// The responses every operation must declare, as `(status, $ref)`: any
/// GroupMe call may be throttled (`429`, formerly `420`) or hit an outage.
const EVERY_OPERATION: [(&str, &str); 3] = [
    ("420", "#/components/responses/RateLimited"),
    ("429", "#/components/responses/RateLimited"),
    ("5XX", "#/components/responses/ServerError"),
];

/// Whether `status` is a success status, as progenitor sorts them.
pub fn is_success(status: &StatusCode) -> bool {
    matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
}

/// How progenitor treats a response body; mirrors its own classification.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum BodyKind {
    /// No content.
    Empty,
    /// JSON, decoded into the named schema (or an inline one, by its text).
    Json(String),
    /// Any other media type, handed over as a byte stream.
    Raw,
}

impl std::fmt::Display for BodyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("no content"),
            Self::Json(schema) => write!(f, "JSON {schema}"),
            Self::Raw => f.write_str("non-JSON content"),
        }
    }
}

/// Returns every violation found in the specs of all hosts: each file's own
/// (see [`lint_rules`]) and shared envelope schemas that differ between files.
pub fn lint_hosts(specs: &[(&Host, OpenAPI)]) -> Vec<String> {
    let mut problems: Vec<String> = specs
        .iter()
        .flat_map(|(host, spec)| lint_rules(host.spec_path, host.envelope, spec))
        .collect();
    problems.extend(shared_schema_drift(specs));
    problems
}

/// Reports shared envelope schemas that differ between hosts: every host
/// reuses the shared module's types, so their definitions must agree.
fn shared_schema_drift(specs: &[(&Host, OpenAPI)]) -> Vec<String> {
    let schema = |spec: &OpenAPI, name: &str| {
        spec.components
            .as_ref()
            .and_then(|components| components.schemas.get(name))
            .map(|schema| serde_json::to_value(schema).unwrap_or_default())
    };
    let Some((shared_host, shared)) = specs.iter().find(|(h, _)| h.module == SHARED_TYPES_MODULE) else {
        return vec![format!("no host named {SHARED_TYPES_MODULE}")];
    };
    let mut problems = Vec::new();
    let enveloped = specs
        .iter()
        .filter(|(h, _)| h.envelope && h.module != SHARED_TYPES_MODULE);
    for (host, spec) in enveloped {
        for name in SHARED_SCHEMAS.iter().chain(host.reuses) {
            if schema(spec, name) != schema(shared, name) {
                problems.push(format!(
                    "{}: schema `{name}` must be identical to the one in {}",
                    host.spec_path, shared_host.spec_path
                ));
            }
        }
    }
    problems
}

/// Returns every violation found in `spec` of an enveloped host, each
/// naming its operation.
#[cfg(test)]
pub fn lint(spec_path: &str, spec: &OpenAPI) -> Vec<String> {
    lint_rules(spec_path, true, spec)
}

/// Returns every violation found in `spec`, each naming its operation. With
/// `envelope` false (a host that answers plain JSON objects), JSON answers
/// need not be envelopes; every other rule holds.
pub fn lint_rules(spec_path: &str, envelope: bool, spec: &OpenAPI) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, method, operation) in spec.operations() {
        let name = match &operation.operation_id {
            Some(id) => format!("{spec_path}: operation `{id}` ({} {path})", method.to_uppercase()),
            None => {
                problems.push(format!(
                    "{spec_path}: {} {path} has no operationId",
                    method.to_uppercase()
                ));
                format!("{spec_path}: {} {path}", method.to_uppercase())
            }
        };
        if operation.tags.is_empty() {
            problems.push(format!("{name} has no tag"));
        }
        if operation.summary.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{name} has no summary"));
        }
        if operation.description.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{name} has no description"));
        }

        for (status, expected) in EVERY_OPERATION {
            let declared = operation
                .responses
                .responses
                .iter()
                .find(|(code, _)| code.to_string() == status);
            if !matches!(declared, Some((_, ReferenceOr::Reference { reference })) if reference == expected) {
                problems.push(format!(
                    "{name} must declare '{status}': {{$ref: '{expected}'}}; every GroupMe \
                     operation may answer it (see spec/README.md)"
                ));
            }
        }

        let mut success = BTreeSet::new();
        for (status, response) in &operation.responses.responses {
            let Some(response) = resolve(spec, response) else {
                problems.push(format!("{name}: response {status} refers to a missing response"));
                continue;
            };
            let kind = body_kind(response);
            if let BodyKind::Json(schema) = &kind
                && envelope
                && !refers_to_envelope(spec, schema)
            {
                problems.push(format!(
                    "{name}: response {status} must be a `$ref` to an envelope schema \
                     (an object with `response` and `meta`), found {schema}"
                ));
            }
            if is_success(status) {
                if let BodyKind::Json(schema) = &kind {
                    let mut seen = BTreeSet::new();
                    problems.extend(
                        non_nullable_lists(spec, schema, &mut seen)
                            .into_iter()
                            .map(|place| {
                                format!(
                                    "{name}: response {status}: the list at {place} must be \
                                     `nullable: true`; GroupMe sends `null` for empty lists"
                                )
                            }),
                    );
                }
                success.insert(kind);
            } else if envelope && matches!(&kind, BodyKind::Json(schema) if schema != ERROR_ENVELOPE) {
                problems.push(format!(
                    "{name}: error response {status} must use `{ERROR_ENVELOPE}` for JSON bodies"
                ));
            }
        }
        if operation.responses.default.is_some() {
            problems.push(format!(
                "{name} has a `default` response; list each status instead"
            ));
        }
        if success.len() > 1 {
            let kinds: Vec<String> = success.iter().map(ToString::to_string).collect();
            problems.push(format!(
                "{name}: its success responses mix {}; progenitor needs one kind \
                 (one schema) for all success responses of an operation",
                kinds.join(" and ")
            ));
        }
        if success.is_empty() {
            problems.push(format!("{name} has no success response"));
        }
    }
    problems
}

/// The places (`Schema.property[]`) of lists inside the schema named by
/// `reference` that are not `nullable`; each component schema is visited
/// once.
fn non_nullable_lists(spec: &OpenAPI, reference: &str, seen: &mut BTreeSet<String>) -> Vec<String> {
    let Some(name) = reference.strip_prefix("#/components/schemas/") else {
        return Vec::new();
    };
    if !seen.insert(name.to_owned()) {
        return Vec::new();
    }
    let Some(ReferenceOr::Item(schema)) = spec
        .components
        .as_ref()
        .and_then(|components| components.schemas.get(name))
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    lists_in(spec, schema, name, false, seen, &mut found);
    found
}

/// Collects the non-nullable lists in `schema`. A list that is an element
/// of another list (a list of pairs) need not be nullable: GroupMe sends
/// `null` for a field, not for an element.
fn lists_in(
    spec: &OpenAPI,
    schema: &openapiv3::Schema,
    place: &str,
    element: bool,
    seen: &mut BTreeSet<String>,
    found: &mut Vec<String>,
) {
    use openapiv3::{SchemaKind, Type};

    let mut visit = |child: &ReferenceOr<openapiv3::Schema>,
                     place: String,
                     element: bool,
                     found: &mut Vec<String>| match child {
        ReferenceOr::Reference { reference } => found.extend(non_nullable_lists(spec, reference, seen)),
        ReferenceOr::Item(child) => lists_in(spec, child, &place, element, seen, found),
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => {
            if !element && !schema.schema_data.nullable {
                found.push(place.to_owned());
            }
            if let Some(items) = &array.items {
                visit(&items.clone().unbox(), format!("{place}[]"), true, found);
            }
        }
        SchemaKind::Type(Type::Object(object)) => {
            for (property, child) in &object.properties {
                visit(
                    &child.clone().unbox(),
                    format!("{place}.{property}"),
                    false,
                    found,
                );
            }
        }
        SchemaKind::OneOf { one_of: children }
        | SchemaKind::AllOf { all_of: children }
        | SchemaKind::AnyOf { any_of: children } => {
            for child in children {
                visit(child, place.to_owned(), element, found);
            }
        }
        _ => {}
    }
}

/// The response `response` is or refers to, if it exists.
pub fn resolve<'a>(spec: &'a OpenAPI, response: &'a ReferenceOr<Response>) -> Option<&'a Response> {
    match response {
        ReferenceOr::Item(response) => Some(response),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            match spec.components.as_ref()?.responses.get(name)? {
                ReferenceOr::Item(response) => Some(response),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn body_kind(response: &Response) -> BodyKind {
    let json = response
        .content
        .iter()
        .find(|(media, _)| media.as_str() == "application/json" || media.starts_with("application/json;"));
    match json {
        Some((_, media)) => BodyKind::Json(match &media.schema {
            Some(ReferenceOr::Reference { reference }) => reference.clone(),
            Some(ReferenceOr::Item(schema)) => {
                format!(
                    "inline schema {}",
                    serde_json::to_string(schema).unwrap_or_default()
                )
            }
            None => "without a schema".to_owned(),
        }),
        None if response.content.is_empty() => BodyKind::Empty,
        None => BodyKind::Raw,
    }
}

/// Whether `reference` names a component schema with `response` and `meta`.
/// Whether `reference` names a component schema that is an envelope.
fn refers_to_envelope(spec: &OpenAPI, reference: &str) -> bool {
    reference
        .strip_prefix("#/components/schemas/")
        .and_then(|name| spec.components.as_ref()?.schemas.get(name))
        .is_some_and(is_envelope)
}

/// Whether `schema` is an envelope: an object with `response` and `meta`.
pub fn is_envelope(schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    match schema {
        ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)),
            ..
        }) => object.properties.contains_key("response") && object.properties.contains_key("meta"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The responses every operation declares, and their definitions.
    const SHARED_REFS: &str = "        '420': {$ref: '#/components/responses/RateLimited'}\n        '429': {$ref: '#/components/responses/RateLimited'}\n        '5XX': {$ref: '#/components/responses/ServerError'}\n";
    const SHARED_RESPONSES: &str =
        "  responses:\n    RateLimited: {description: slow down}\n    ServerError: {description: down}\n";

    /// Parses a test spec, with the shared throttling and outage responses
    /// declared by every operation.
    fn parse(yaml: &str) -> OpenAPI {
        parse_as_is(&with_shared_responses(yaml))
    }

    fn with_shared_responses(yaml: &str) -> String {
        let mut yaml = yaml.replace("      responses:\n", &format!("      responses:\n{SHARED_REFS}"));
        if yaml.contains("components:\n") {
            yaml = yaml.replace("components:\n", &format!("components:\n{SHARED_RESPONSES}"));
        } else {
            yaml.push_str(&format!("components:\n{SHARED_RESPONSES}"));
        }
        yaml
    }

    fn parse_as_is(yaml: &str) -> OpenAPI {
        serde_norway::from_str(yaml).expect("test spec parses")
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
    const ENVELOPE: &str = "components:\n  schemas:\n    Env:\n      type: object\n      properties:\n        response: {type: string}\n        meta: {type: object}\n";

    #[test]
    fn names_the_operation_missing_a_tag_and_summary() {
        let spec = parse(&format!(
            "{HEAD}paths:\n  /x:\n    get:\n      operationId: get_x\n      description: d\n      responses:\n        '200': {{description: ok}}\n"
        ));
        let problems = lint("s.yaml", &spec);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`get_x`") && p.contains("no tag")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`get_x`") && p.contains("no summary")),
            "{problems:?}"
        );
    }

    #[test]
    fn reports_missing_operation_id() {
        let spec = parse(&format!(
            "{HEAD}paths:\n  /x:\n    get:\n      tags: [t]\n      summary: s\n      description: d\n      responses:\n        '200': {{description: ok}}\n"
        ));
        let problems = lint("s.yaml", &spec);
        assert_eq!(problems, vec!["s.yaml: GET /x has no operationId".to_owned()]);
    }

    #[test]
    fn reports_mixed_success_kinds() {
        let spec = parse(&format!(
            "{HEAD}paths:\n  /x:\n    get:\n      operationId: get_x\n      tags: [t]\n      summary: s\n      description: d\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/Env'}}}}\n        '201': {{description: created}}\n{ENVELOPE}"
        ));
        let problems = lint("s.yaml", &spec);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`get_x`") && problems[0].contains("success responses mix"));
    }

    #[test]
    fn error_bodies_may_mix_but_json_ones_use_the_error_envelope() {
        let spec = parse(&format!(
            "{HEAD}paths:\n  /x:\n    get:\n      operationId: get_x\n      tags: [t]\n      summary: s\n      description: d\n      responses:\n        '200': {{description: ok}}\n        '404':\n          description: gone\n          content:\n            text/plain: {{schema: {{type: string}}}}\n        '400':\n          description: bad\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/Env'}}}}\n{ENVELOPE}"
        ));
        let problems = lint("s.yaml", &spec);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("error response 400 must use `#/components/schemas/ErrorEnvelope`"));
    }

    #[test]
    fn accepts_a_well_formed_operation() {
        let spec = parse(&format!(
            "{HEAD}paths:\n  /x:\n    get:\n      operationId: get_x\n      tags: [t]\n      summary: s\n      description: d\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/Env'}}}}\n{ENVELOPE}"
        ));
        assert_eq!(lint("s.yaml", &spec), Vec::<String>::new());
    }

    #[test]
    fn an_operation_without_the_throttling_and_outage_responses_is_named() {
        let yaml = format!(
            "{HEAD}paths:\n  /x:\n    get:\n      operationId: get_x\n      tags: [t]\n      summary: s\n      description: d\n      responses:\n        '200': {{description: ok}}\n        '429': {{$ref: '#/components/responses/RateLimited'}}\n"
        );
        let spec = parse_as_is(&format!("{yaml}components:\n{SHARED_RESPONSES}"));
        let problems = lint("s.yaml", &spec);
        assert_eq!(
            problems,
            vec![
                "s.yaml: operation `get_x` (GET /x) must declare '420': \
                 {$ref: '#/components/responses/RateLimited'}; every GroupMe operation \
                 may answer it (see spec/README.md)"
                    .to_owned(),
                "s.yaml: operation `get_x` (GET /x) must declare '5XX': \
                 {$ref: '#/components/responses/ServerError'}; every GroupMe operation \
                 may answer it (see spec/README.md)"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn a_list_the_server_sends_must_be_nullable() {
        let spec = parse(&format!(
            "{HEAD}paths:\n  /x:\n    get:\n      operationId: get_x\n      tags: [t]\n      summary: s\n      description: d\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/Env'}}}}\n\
             components:\n  schemas:\n    Env:\n      type: object\n      properties:\n        response: {{$ref: '#/components/schemas/Page'}}\n        meta: {{type: object}}\n    Page:\n      type: object\n      properties:\n        tags: {{type: array, nullable: true, items: {{type: string}}}}\n        items:\n          type: array\n          items:\n            type: object\n            properties:\n              roles: {{type: array, items: {{type: string}}}}\n"
        ));
        let problems = lint("s.yaml", &spec);
        assert_eq!(
            problems,
            vec![
                "s.yaml: operation `get_x` (GET /x): response 200: the list at Page.items must be \
                 `nullable: true`; GroupMe sends `null` for empty lists"
                    .to_owned(),
                "s.yaml: operation `get_x` (GET /x): response 200: the list at Page.items[].roles \
                 must be `nullable: true`; GroupMe sends `null` for empty lists"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn the_real_specs_are_clean() {
        let root = crate::workspace_root();
        for host in crate::spec::HOSTS {
            let spec = host.load(&root).expect("spec loads");
            assert_eq!(
                lint_rules(host.spec_path, host.envelope, &spec),
                Vec::<String>::new()
            );
        }
    }

    #[test]
    fn a_host_without_envelopes_skips_only_the_envelope_rules() {
        let spec = parse(&format!(
            "{HEAD}paths:\n  /x:\n    post:\n      operationId: post_x\n      tags: [t]\n      summary: s\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/Plain'}}}}\n        '400':\n          description: bad\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/Plain'}}}}\n\
             components:\n  schemas:\n    Plain:\n      type: object\n      properties:\n        names: {{type: array, items: {{type: string}}}}\n"
        ));
        let plain = lint_rules("s.yaml", false, &spec);
        assert_eq!(
            plain,
            vec![
                "s.yaml: operation `post_x` (POST /x) has no description".to_owned(),
                "s.yaml: operation `post_x` (POST /x): response 200: the list at Plain.names must be \
                 `nullable: true`; GroupMe sends `null` for empty lists"
                    .to_owned(),
            ]
        );
        let enveloped = lint_rules("s.yaml", true, &spec);
        assert!(
            enveloped
                .iter()
                .any(|p| p.contains("must be a `$ref` to an envelope schema")),
            "{enveloped:?}"
        );
        assert!(
            enveloped
                .iter()
                .any(|p| p.contains("error response 400 must use")),
            "{enveloped:?}"
        );
    }
}
