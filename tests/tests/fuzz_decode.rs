//! Fuzzing the decoders: no body GroupMe (or anything pretending to be it)
//! can send may make a decoder panic.
//!
//! Every envelope type of both specs, and the `response` type inside each,
//! is fed
//!
//! 1. arbitrary bytes (random, and random runs of JSON's own characters),
//! 2. arbitrary JSON values, mostly shaped like an envelope
//!    (`{"response": …, "meta": {"code": …, "errors": …}}`) with field names
//!    taken from the generated types' JSON schemas, and
//! 3. the spec's own examples, mutated (members nulled, removed, added or
//!    given the wrong type, the text truncated or a byte overwritten),
//!
//! through `serde_json::from_slice`. Besides "returns, never panics", every
//! value that decodes must survive encoding and decoding again unchanged
//! (floats in untyped members up to rounding),
//! must decode the same from a parsed `serde_json::Value`, and an envelope
//! must agree with its `response` type and with the `meta.code` it was given.
//!
//! Some answers also go through the SDK's error path, served by an axum
//! server on loopback (`error_bodies_through_the_sdk`), checking what its
//! `Error` reports. HTTP is slow, so they are few.
//!
//! The number of cases per property is proptest's: `PROPTEST_CASES`
//! (default 256). The HTTP property runs a hundredth of that, between 16 and
//! 1,000. Each property prints how many inputs it ran and how many of them
//! decoded (`cargo test … -- --nocapture`). A long run:
//!
//! ```sh
//! PROPTEST_CASES=1000000 cargo test --release -p groupme-tests --test fuzz_decode -- --nocapture
//! ```

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use groupme_api::Envelope;
use groupme_sdk::{Client, ErrorKind, RetryPolicy};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The generated types, by the spec that names them.
mod v3 {
    pub use groupme_api::v3::types::*;
}

/// The generated v4 types, and the shared types the v4 module reuses from
/// v3 instead of generating its own.
mod v4 {
    pub use groupme_api::ErrorEnvelope;
    pub use groupme_api::v4::types::*;
}

/// The generated v2 types, and the shared envelope types the v2 module
/// reuses from v3 instead of generating its own.
mod v2 {
    pub use groupme_api::ErrorEnvelope;
    pub use groupme_api::v2::types::*;
}

/// One type under test.
struct Decoder {
    /// The spec that defines it: `v3` or `v2`.
    spec: &'static str,
    /// Its schema name in that spec.
    schema: &'static str,
    /// Decodes the bytes and checks the properties; `Ok(true)` when the
    /// bytes decoded into the type.
    check: fn(&[u8]) -> Result<bool, TestCaseError>,
    /// The type's JSON schema, for the field names it knows.
    json_schema: fn() -> Value,
}

/// The decoder list: one line `module::Type: checker` per envelope schema.
/// `enveloped` checks an [`Envelope`] and its `Response` type;
/// `standalone` checks a type alone.
macro_rules! decoders {
    ($($spec:ident :: $schema:ident : $check:ident),+ $(,)?) => {
        &[$(Decoder {
            spec: stringify!($spec),
            schema: stringify!($schema),
            check: $check::<$spec::$schema>,
            json_schema: json_schema::<$spec::$schema>,
        }),+]
    };
}

/// Every envelope schema of the v3 and v2 specs (`every_envelope_schema_is_fuzzed`
/// keeps this complete).
const DECODERS: &[Decoder] = decoders![
    v3::ErrorEnvelope: standalone,
    v3::UserEnvelope: enveloped,
    v3::MajorCodesEnvelope: enveloped,
    v3::DirectoryMembershipEnvelope: enveloped,
    v3::ProfileSharingEnvelope: enveloped,
    v3::MemberEnvelope: enveloped,
    v3::MembershipIndexEnvelope: enveloped,
    v3::AddMembersEnvelope: enveloped,
    v3::MemberResultsEnvelope: enveloped,
    v3::PendingMembershipsEnvelope: enveloped,
    v3::ApprovalEnvelope: enveloped,
    v3::GroupsEnvelope: enveloped,
    v3::GroupEnvelope: enveloped,
    v3::JoinedGroupEnvelope: enveloped,
    v3::ChangeOwnersEnvelope: enveloped,
    v3::MembershipStatesEnvelope: enveloped,
    v3::MuteAllEnvelope: enveloped,
    v3::BotsEnvelope: enveloped,
    v3::BotCreatedEnvelope: enveloped,
    v3::GroupMessagesEnvelope: enveloped,
    v3::MessageEnvelope: enveloped,
    v3::DirectMessagesEnvelope: enveloped,
    v3::ChatsEnvelope: enveloped,
    v3::ChatEnvelope: enveloped,
    v3::MessageListEnvelope: enveloped,
    v3::PinnedMessagesEnvelope: enveloped,
    v4::ErrorEnvelope: standalone,
    v4::MessageEnvelope: enveloped,
    v2::ErrorEnvelope: standalone,
    v2::ProfileEnvelope: enveloped,
    v2::EmptyEnvelope: enveloped,
    v2::MuteEnvelope: enveloped,
    v2::ReadReceiptEnvelope: enveloped,
];

/// What the decoder and test types have in common.
trait Decodable: DeserializeOwned + Serialize + PartialEq + Debug {}
impl<T: DeserializeOwned + Serialize + PartialEq + Debug> Decodable for T {}

/// The JSON schema of `T`, as `schemars` derives it for the generated types.
fn json_schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).expect("a JSON schema encodes")
}

/// Checks a type on its own; see [`decode`].
fn standalone<T: Decodable>(bytes: &[u8]) -> Result<bool, TestCaseError> {
    Ok(decode::<T>(bytes)?.is_some())
}

/// Checks an envelope type and its `response` type. When the envelope
/// decodes, its `response` is what the `response` member decodes to on its
/// own, and its `meta.code` is the number the input gave.
fn enveloped<T>(bytes: &[u8]) -> Result<bool, TestCaseError>
where
    T: Envelope + Decodable,
    T::Response: Decodable,
{
    decode::<T::Response>(bytes)?;
    let Some(envelope) = decode::<T>(bytes)? else {
        return Ok(false);
    };
    let Some(input) = as_json(bytes)? else {
        return Ok(true);
    };
    let (response, meta) = envelope.into_parts();
    let alone = match member(&input, "response", 1) {
        None | Some(Value::Null) => None,
        Some(member) => Some(
            serde_json::from_value::<T::Response>(member.clone())
                .map_err(|err| TestCaseError::fail(format!("the response member alone fails: {err}")))?,
        ),
    };
    prop_assert_eq!(
        response,
        alone,
        "the envelope's response differs from its member's"
    );
    let code = member(&input, "meta", 0).and_then(|meta| member(meta, "code", 0));
    prop_assert_eq!(code.and_then(Value::as_i64), Some(i64::from(meta.code)));
    Ok(true)
}

/// The member `name` of an object, or the item at `position` of an array.
///
/// `serde` decodes a struct from an array of its fields in declaration
/// order, too, so `{"meta": [200, null]}` is an envelope with `meta.code`
/// 200 (fuzzing found this). The generated envelopes declare `meta` (0)
/// before `response` (1), and `Meta` declares `code` (0) before `errors`.
fn member<'a>(value: &'a Value, name: &str, position: usize) -> Option<&'a Value> {
    match value {
        Value::Object(members) => members.get(name),
        Value::Array(items) => items.get(position),
        _ => None,
    }
}

/// Decodes `bytes` as `T`, never panicking, and checks what holds for every
/// value that decodes: decoding from a parsed [`Value`] gives the same, and
/// encoding then decoding again gives it back unchanged.
fn decode<T: Decodable>(bytes: &[u8]) -> Result<Option<T>, TestCaseError> {
    let Ok(decoded) = serde_json::from_slice::<T>(bytes) else {
        return Ok(None);
    };
    if let Some(value) = as_json(bytes)? {
        let via_value = serde_json::from_value::<T>(value)
            .map_err(|err| TestCaseError::fail(format!("decodes from bytes but not from a Value: {err}")))?;
        prop_assert_eq!(&via_value, &decoded, "bytes and Value decode differently");
    }
    let encoded = serde_json::to_vec(&decoded)
        .map_err(|err| TestCaseError::fail(format!("a decoded value does not encode: {err}")))?;
    let again = serde_json::from_slice::<T>(&encoded).map_err(|err| {
        TestCaseError::fail(format!(
            "its own encoding {} does not decode: {err}",
            String::from_utf8_lossy(&encoded)
        ))
    })?;
    if again != decoded {
        let (first, second) = (to_json(&decoded)?, to_json(&again)?);
        prop_assert!(
            same_json(&first, &second),
            "encoding and decoding again changes {} into {}",
            first,
            second
        );
    }
    Ok(Some(decoded))
}

/// `value` as JSON.
fn to_json<T: Serialize>(value: &T) -> Result<Value, TestCaseError> {
    serde_json::to_value(value).map_err(|err| TestCaseError::fail(format!("does not encode: {err}")))
}

/// Whether `a` and `b` are the same JSON, floats allowed to differ in
/// their last digits.
///
/// Only untyped members (the `response` of an `ErrorEnvelope`) hold floats,
/// and `serde_json` reads floats fast rather than exactly, unless its
/// `float_roundtrip` feature is on: a float it reads and writes back may
/// come back one unit in the last place away (fuzzing found this). No field
/// the generated types read is a float.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= x.abs().max(y.abs()) * 1e-15
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(name, x)| y.get(name).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}

/// Bytes that decoded into a type, parsed as a [`Value`] where they can be.
///
/// They must be one well-formed JSON document (`IgnoredAny` reads them to
/// the end). But a typed decode only skips what the type does not know: the
/// name or value of an unknown member may hold invalid UTF-8, or a number
/// too large for an `f64`, and the rest still decodes, while a [`Value`]
/// refuses the whole (fuzzing found both; it is how `serde_json` works, and
/// nothing of the skipped text is kept). Then there is nothing to compare.
fn as_json(bytes: &[u8]) -> Result<Option<Value>, TestCaseError> {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
        .map_err(|err| TestCaseError::fail(format!("decoded, but is not one JSON document: {err}")))?;
    Ok(serde_json::from_slice(bytes).ok())
}

/// Runs every decoder on `bytes`, counting those that decoded.
fn check_all(bytes: &[u8], decoded: &[Cell<u64>]) -> Result<(), TestCaseError> {
    for (decoder, count) in DECODERS.iter().zip(decoded) {
        let ok = (decoder.check)(bytes)
            .map_err(|err| TestCaseError::fail(format!("{}::{}: {err}", decoder.spec, decoder.schema)))?;
        count.set(count.get() + u64::from(ok));
    }
    Ok(())
}

/// Proptest's configuration (so `PROPTEST_CASES` applies), with failures
/// reported rather than saved to a file.
fn config() -> Config {
    Config {
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs `property` on proptest's number of inputs from `strategy`, giving
/// it counters of how often each decoder decoded; prints the count, the
/// time and those counters, and returns the counters.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    property: impl Fn(S::Value, &[Cell<u64>]) -> Result<(), TestCaseError>,
) -> Vec<u64> {
    let mut runner = TestRunner::new(config());
    let decoded: Vec<Cell<u64>> = DECODERS.iter().map(|_| Cell::new(0)).collect();
    let inputs = Cell::new(0u64);
    let started = Instant::now();
    let outcome = runner.run(&strategy, |input| {
        inputs.set(inputs.get() + 1);
        property(input, &decoded)
    });
    if let Err(err) = outcome {
        panic!("{name}: {err}");
    }
    let decoded: Vec<u64> = decoded.iter().map(Cell::get).collect();
    let per_type: Vec<String> = DECODERS
        .iter()
        .zip(&decoded)
        .map(|(decoder, ok)| format!("{}::{} {ok}", decoder.spec, decoder.schema))
        .collect();
    eprintln!(
        "{name}: {} inputs × {} decoders in {:.2?}; decoded: {}",
        inputs.get(),
        DECODERS.len(),
        started.elapsed(),
        per_type.join(", ")
    );
    decoded
}

// ---------------------------------------------------------------------------
// Inputs.

/// The field names of every type under test (from their JSON schemas) and
/// of the envelope itself.
static FIELD_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names = BTreeSet::new();
    for decoder in DECODERS {
        property_names((decoder.json_schema)(), &mut names);
    }
    names.into_iter().collect()
});

/// Adds the keys of every `properties` object in `schema` to `names`.
fn property_names(schema: Value, names: &mut BTreeSet<String>) {
    match schema {
        Value::Object(mut members) => {
            if let Some(Value::Object(properties)) = members.remove("properties") {
                for (name, property) in properties {
                    names.insert(name);
                    property_names(property, names);
                }
            }
            for (_, member) in members {
                property_names(member, names);
            }
        }
        Value::Array(items) => items.into_iter().for_each(|item| property_names(item, names)),
        _ => {}
    }
}

/// A member name: mostly one the types know, sometimes anything.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FIELD_NAMES.clone()),
        1 => "\\PC{0,8}",
    ]
}

/// A string: anything, a known name, digits (ids are strings of digits),
/// or empty.
fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,16}",
        prop::sample::select(FIELD_NAMES.clone()),
        "[0-9]{1,20}",
        Just(String::new()),
    ]
}

/// A number: any `i64`, a value at the edge of `i32` or `u64`, or a float.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![
            0,
            -1,
            200,
            400,
            i64::from(i32::MAX),
            i64::from(i32::MAX) + 1,
            i64::from(i32::MIN),
            i64::from(i32::MIN) - 1,
        ])
        .prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        any::<f64>().prop_map(Value::from),
    ]
}

/// A JSON leaf.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        number(),
        string().prop_map(Value::from),
    ]
}

/// Any JSON value, objects mostly with known member names.
fn json() -> BoxedStrategy<Value> {
    scalar()
        .prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key(), inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
        .boxed()
}

/// A `meta.errors`: a list of messages, a map of field to message, null, or
/// anything.
fn meta_errors() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::collection::vec(string().prop_map(Value::from), 0..3).prop_map(Value::Array),
        prop::collection::vec((key(), string().prop_map(Value::from)), 0..3)
            .prop_map(|members| Value::Object(members.into_iter().collect())),
        Just(Value::Null),
        json(),
    ]
}

/// A `meta`: mostly a code and maybe errors, sometimes anything.
fn meta() -> impl Strategy<Value = Value> {
    let code = prop_oneof![
        3 => prop::sample::select(vec![200, 201, 400, 401, 403, 404, 420, 429, 500, 503]).prop_map(Value::from),
        1 => number(),
        1 => scalar(),
    ];
    let shaped = (
        code,
        prop::option::of(meta_errors()),
        prop::option::of((key(), scalar())),
    )
        .prop_map(|(code, errors, extra)| {
            let mut meta = Map::new();
            meta.insert("code".into(), code);
            if let Some(errors) = errors {
                meta.insert("errors".into(), errors);
            }
            if let Some((name, value)) = extra {
                meta.entry(name).or_insert(value);
            }
            Value::Object(meta)
        });
    prop_oneof![4 => shaped, 1 => json()]
}

/// An envelope-shaped value: a `response` (often null or absent) and a
/// `meta` (rarely absent), maybe with an unknown member.
fn envelope() -> impl Strategy<Value = Value> {
    let response = prop_oneof![Just(Value::Null), json()];
    (
        prop::option::weighted(0.8, response),
        prop::option::weighted(0.95, meta()),
        prop::option::of((key(), json())),
    )
        .prop_map(|(response, meta, extra)| {
            let mut envelope = Map::new();
            if let Some(response) = response {
                envelope.insert("response".into(), response);
            }
            if let Some(meta) = meta {
                envelope.insert("meta".into(), meta);
            }
            if let Some((name, value)) = extra {
                envelope.entry(name).or_insert(value);
            }
            Value::Object(envelope)
        })
}

/// Bytes: random, or random runs of the characters JSON is made of.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    const JSONISH: &[u8] = b"{}[]\":,0123456789.-+eE truefalsnl\\/u\n";
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        prop::collection::vec(prop::sample::select(JSONISH), 0..256),
    ]
}

/// An example from a spec: the envelope schema it illustrates and its value.
struct Example {
    spec: &'static str,
    schema: String,
    value: Value,
}

/// Every example of an envelope in both specs.
static EXAMPLES: LazyLock<Vec<Example>> = LazyLock::new(|| {
    let mut examples = Vec::new();
    for (spec, file) in SPECS {
        let document = spec_document(file);
        collect_examples(spec, &document, &document, &mut examples);
    }
    examples
});

/// The specs, by the module name their types are generated into.
const SPECS: [(&str, &str); 3] = [
    ("v3", "groupme-v3.yaml"),
    ("v2", "groupme-v2.yaml"),
    ("v4", "groupme-v4.yaml"),
];

/// `spec/<file>`, parsed.
fn spec_document(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_norway::from_str(&text).unwrap_or_else(|err| panic!("{file}: {err}"))
}

/// Adds to `out` the examples (`example`, or `examples` inline or by
/// reference) of every media type in `node` whose schema is a reference to
/// an envelope.
fn collect_examples(spec: &'static str, document: &Value, node: &Value, out: &mut Vec<Example>) {
    match node {
        Value::Object(members) => {
            let schema = members
                .get("schema")
                .and_then(|schema| schema.get("$ref"))
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
                .filter(|name| name.ends_with("Envelope"));
            if let Some(schema) = schema {
                let named = members
                    .get("examples")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten();
                let values = members
                    .get("example")
                    .into_iter()
                    .chain(named.filter_map(|(_, example)| {
                        let example = match example.get("$ref").and_then(Value::as_str) {
                            Some(reference) => document.pointer(reference.trim_start_matches('#'))?,
                            None => example,
                        };
                        example.get("value")
                    }));
                out.extend(values.map(|value| Example {
                    spec,
                    schema: schema.to_owned(),
                    value: value.clone(),
                }));
            }
            for member in members.values() {
                collect_examples(spec, document, member, out);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_examples(spec, document, item, out)),
        _ => {}
    }
}

/// A change to one node of a JSON value.
#[derive(Debug, Clone)]
enum Change {
    /// The node becomes `null`.
    Null,
    /// The node becomes another value, usually of another type.
    Replace(Value),
    /// A member or item of the node (if it has any) is removed.
    Remove(Index),
    /// The node, if an object, gains a member (or has one overwritten).
    Insert(String, Value),
    /// The node is wrapped in a list.
    Wrap,
}

/// A change to the encoded bytes.
#[derive(Debug, Clone)]
enum Cut {
    /// The bytes are left alone.
    None,
    /// The bytes end early.
    Truncate(Index),
    /// One byte is overwritten.
    Overwrite(Index, u8),
}

/// An example to mutate and how.
#[derive(Debug, Clone)]
struct Mutation {
    example: Index,
    changes: Vec<(Index, Change)>,
    cut: Cut,
}

/// Mutations of the spec's examples: up to three changes to nodes, then
/// perhaps a cut of the bytes. A fifth of them change nothing.
fn mutation() -> impl Strategy<Value = Mutation> {
    let change = prop_oneof![
        2 => Just(Change::Null),
        3 => prop_oneof![scalar(), json()].prop_map(Change::Replace),
        2 => any::<Index>().prop_map(Change::Remove),
        1 => (key(), json()).prop_map(|(name, value)| Change::Insert(name, value)),
        1 => Just(Change::Wrap),
    ];
    let cut = prop_oneof![
        3 => Just(Cut::None),
        1 => any::<Index>().prop_map(Cut::Truncate),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Cut::Overwrite(at, byte)),
    ];
    (
        any::<Index>(),
        prop_oneof![1 => Just(Vec::new()), 4 => prop::collection::vec((any::<Index>(), change), 1..4)],
        cut,
    )
        .prop_map(|(example, changes, cut)| Mutation {
            example,
            changes,
            cut,
        })
}

impl Mutation {
    /// The example this mutation starts from.
    fn example(&self) -> &'static Example {
        let examples: &'static [Example] = &EXAMPLES;
        self.example.get(examples)
    }

    /// Whether the example is left as the spec has it.
    fn is_identity(&self) -> bool {
        self.changes.is_empty() && matches!(self.cut, Cut::None)
    }

    /// The mutated example, encoded.
    fn apply(&self) -> Vec<u8> {
        let mut value = self.example().value.clone();
        for (at, change) in &self.changes {
            let target = at.index(node_count(&value));
            let node = nth_node(&mut value, &mut { target }).expect("the index is below the node count");
            match change.clone() {
                Change::Null => *node = Value::Null,
                Change::Replace(other) => *node = other,
                Change::Remove(which) => match node {
                    Value::Object(members) if !members.is_empty() => {
                        let name = which.get(&members.keys().cloned().collect::<Vec<_>>()).clone();
                        members.remove(&name);
                    }
                    Value::Array(items) if !items.is_empty() => {
                        items.remove(which.index(items.len()));
                    }
                    _ => {}
                },
                Change::Insert(name, member) => {
                    if let Value::Object(members) = node {
                        members.insert(name, member);
                    }
                }
                Change::Wrap => *node = Value::Array(vec![node.take()]),
            }
        }
        let mut bytes = serde_json::to_vec(&value).expect("a Value encodes");
        match self.cut {
            Cut::None => {}
            Cut::Truncate(at) => bytes.truncate(at.index(bytes.len())),
            Cut::Overwrite(at, byte) => {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
        }
        bytes
    }
}

/// How many nodes `value` has, itself included.
fn node_count(value: &Value) -> usize {
    1 + match value {
        Value::Object(members) => members.values().map(node_count).sum(),
        Value::Array(items) => items.iter().map(node_count).sum(),
        _ => 0,
    }
}

/// The node `*n` places after `value` in pre-order (0 is `value` itself).
fn nth_node<'a>(value: &'a mut Value, n: &mut usize) -> Option<&'a mut Value> {
    if *n == 0 {
        return Some(value);
    }
    *n -= 1;
    let children: Box<dyn Iterator<Item = &mut Value>> = match value {
        Value::Object(members) => Box::new(members.values_mut()),
        Value::Array(items) => Box::new(items.iter_mut()),
        _ => return None,
    };
    for child in children {
        if let Some(found) = nth_node(child, n) {
            return Some(found);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// The pure decoder properties.

#[test]
fn arbitrary_bytes_never_panic() {
    fuzz("arbitrary bytes", bytes(), |bytes, decoded| {
        check_all(&bytes, decoded)
    });
}

#[test]
fn arbitrary_json_never_panics_and_round_trips() {
    let strategy = prop_oneof![3 => envelope(), 1 => json()];
    let decoded = fuzz("arbitrary JSON", strategy, |value, decoded| {
        check_all(&serde_json::to_vec(&value).expect("a Value encodes"), decoded)
    });
    if config().cases >= 256 {
        for (decoder, ok) in DECODERS.iter().zip(decoded) {
            assert!(
                ok > 0,
                "{}::{} decoded none of the envelopes: the inputs miss its shape",
                decoder.spec,
                decoder.schema
            );
        }
    }
}

#[test]
fn mutated_examples_never_panic_and_round_trip() {
    assert!(!EXAMPLES.is_empty(), "the specs have no envelope examples");
    fuzz("mutated examples", mutation(), |mutation, decoded| {
        let bytes = mutation.apply();
        check_all(&bytes, decoded)?;
        if mutation.is_identity() {
            let example = mutation.example();
            let decoder = DECODERS
                .iter()
                .find(|decoder| decoder.spec == example.spec && decoder.schema == example.schema)
                .ok_or_else(|| {
                    TestCaseError::fail(format!("no decoder for {}::{}", example.spec, example.schema))
                })?;
            prop_assert!(
                (decoder.check)(&bytes)?,
                "an unchanged example of {}::{} does not decode",
                example.spec,
                example.schema
            );
        }
        Ok(())
    });
}

#[test]
fn every_envelope_schema_is_fuzzed() {
    let mut in_specs = BTreeSet::new();
    for (spec, file) in SPECS {
        let document = spec_document(file);
        let schemas = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("{file} has no components.schemas"));
        in_specs.extend(
            schemas
                .keys()
                .filter(|name| name.ends_with("Envelope"))
                .map(|name| format!("{spec}::{name}")),
        );
    }
    let fuzzed: BTreeSet<String> = DECODERS
        .iter()
        .map(|decoder| format!("{}::{}", decoder.spec, decoder.schema))
        .collect();
    assert_eq!(
        fuzzed, in_specs,
        "DECODERS must list exactly the envelope schemas of spec/*.yaml"
    );
}

#[test]
fn field_names_come_from_the_types() {
    for name in [
        "response", "meta", "code", "errors", "user_id", "nickname", "members",
    ] {
        assert!(FIELD_NAMES.contains(&name.to_owned()), "{name} is missing");
    }
}

// ---------------------------------------------------------------------------
// The SDK's error path, over loopback HTTP.

/// The access token of the SDK client; no error may show it.
const TOKEN: &str = "fuzz-token-5d2a7f31";

/// What the loopback server answers to every request.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    content_type: Option<&'static str>,
    retry_after: Option<String>,
    body: Vec<u8>,
}

/// An answer: a failure status (or `200`, whose body must then be a user),
/// any of the bodies the decoders are fuzzed with, or text and HTML.
fn answer() -> impl Strategy<Value = Answer> {
    let status = prop_oneof![
        4 => prop::sample::select(vec![400u16, 401, 403, 404, 408, 420, 429, 500, 502, 503, 504]),
        2 => 400u16..600,
        1 => Just(200u16),
    ];
    let body = prop_oneof![
        3 => envelope().prop_map(|value| serde_json::to_vec(&value).expect("a Value encodes")),
        2 => mutation().prop_map(|mutation| mutation.apply()),
        1 => bytes(),
        1 => "\\PC{0,600}".prop_map(String::into_bytes),
        1 => Just(b"<html><body><h1>Bad gateway</h1></body></html>".to_vec()),
    ];
    let content_type = prop::sample::select(vec![
        Some("application/json"),
        Some("text/plain; charset=utf-8"),
        Some("text/html"),
        None,
    ]);
    let retry_after = prop::option::of(prop_oneof!["[0-9]{1,6}", "[ -~]{0,30}"]);
    (status, content_type, retry_after, body).prop_map(|(status, content_type, retry_after, body)| Answer {
        status,
        content_type,
        retry_after,
        body,
    })
}

/// Serves whatever `answer` holds, to any request.
async fn serve(answer: axum::extract::State<Arc<Mutex<Answer>>>) -> axum::response::Response {
    let answer = answer.lock().expect("the answer lock is not poisoned").clone();
    let mut response = axum::response::Response::new(axum::body::Body::from(answer.body));
    *response.status_mut() = axum::http::StatusCode::from_u16(answer.status).expect("a valid status");
    let headers = response.headers_mut();
    if let Some(content_type) = answer.content_type {
        headers.insert(
            "content-type",
            content_type.parse().expect("a valid header value"),
        );
    }
    if let Some(delay) = answer.retry_after {
        headers.insert(
            "retry-after",
            delay.parse().expect("printable ASCII is a header value"),
        );
    }
    response
}

#[test]
fn error_bodies_through_the_sdk() {
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime");
    let current = Arc::new(Mutex::new(Answer {
        status: 500,
        content_type: None,
        retry_after: None,
        body: Vec::new(),
    }));
    let base_url = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let address = listener.local_addr().expect("a bound address");
        let app = axum::Router::new().fallback(serve).with_state(current.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{address}")
    });
    let client = Client::builder(TOKEN)
        .base_urls(&base_url, &base_url)
        .retry(RetryPolicy::disabled())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client for the loopback server");

    let cases = (config().cases / 100).clamp(16, 1000);
    let mut runner = TestRunner::new(Config { cases, ..config() });
    let started = Instant::now();
    let outcome = runner.run(&answer(), |answer| {
        *current.lock().expect("the answer lock is not poisoned") = answer.clone();
        let result = runtime.block_on(client.me());
        check_sdk_answer(&answer, result)
    });
    if let Err(err) = outcome {
        panic!("SDK error path: {err}");
    }
    eprintln!(
        "SDK error path: {cases} answers over loopback in {:.2?}",
        started.elapsed()
    );
}

/// What the SDK must make of `answer`.
fn check_sdk_answer(
    answer: &Answer,
    result: groupme_sdk::Result<groupme_sdk::types::User>,
) -> Result<(), TestCaseError> {
    if answer.status == 200 {
        let user = serde_json::from_slice::<v3::UserEnvelope>(&answer.body)
            .ok()
            .and_then(|envelope| envelope.response);
        match (result, user) {
            (Ok(got), Some(user)) => prop_assert_eq!(got, user),
            (Err(err), None) => prop_assert_eq!(err.kind(), &ErrorKind::Decode, "{:?}", err),
            (result, user) => prop_assert!(
                false,
                "answer {:?}: got {:?}, the body holds {:?}",
                answer,
                result,
                user
            ),
        }
        return Ok(());
    }
    let err = match result {
        Ok(user) => {
            return Err(TestCaseError::fail(format!(
                "status {} gave a user: {user:?}",
                answer.status
            )));
        }
        Err(err) => err,
    };
    let shown = format!("{err} {err:?}");
    prop_assert!(!shown.contains(TOKEN), "the token shows in {}", shown);
    prop_assert_eq!(err.kind(), &ErrorKind::Api);
    prop_assert_eq!(err.status().map(|status| status.as_u16()), Some(answer.status));
    prop_assert_eq!(err.is_rate_limited(), matches!(answer.status, 420 | 429));
    if let Some(seconds) = answer
        .retry_after
        .as_deref()
        .and_then(|text| text.trim().parse().ok())
    {
        prop_assert_eq!(err.retry_after(), Some(Duration::from_secs(seconds)));
    }
    match serde_json::from_slice::<v3::ErrorEnvelope>(&answer.body) {
        Ok(envelope) => {
            prop_assert_eq!(err.meta_code(), Some(envelope.meta.code));
            prop_assert_eq!(err.body_excerpt(), None);
            let has_errors = match &envelope.meta.errors {
                None | Some(v3::MetaErrors::ErrorMessages(None)) => false,
                Some(v3::MetaErrors::ErrorMessages(Some(list))) => !list.is_empty(),
                Some(v3::MetaErrors::FieldErrors(map)) => !map.is_empty(),
            };
            prop_assert_eq!(err.api_errors().is_some(), has_errors);
        }
        Err(_) => {
            prop_assert_eq!(err.meta_code(), None);
            prop_assert!(err.api_errors().is_none());
            let text = String::from_utf8_lossy(&answer.body);
            let text = text.trim();
            match err.body_excerpt() {
                None => prop_assert!(text.is_empty(), "no excerpt of {:?}", text),
                Some(excerpt) => {
                    let kept = excerpt.strip_suffix('…').unwrap_or(excerpt);
                    prop_assert!(kept.chars().count() <= 300, "excerpt too long: {}", excerpt.len());
                    prop_assert!(
                        text.starts_with(kept),
                        "{:?} is not the start of {:?}",
                        kept,
                        text
                    );
                }
            }
        }
    }
    Ok(())
}
