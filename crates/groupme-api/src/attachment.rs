//! Message attachments: an open union keyed by `type`.
//!
//! The spec describes `Attachment` as `anyOf` the kinds a client sends plus
//! any other object with a `type`. typify would turn that into an untagged
//! enum whose first matching branch wins, which confuses kinds with the
//! same fields and fails on shapes nobody foresaw. The generator replaces
//! it (and its branch schemas) with the types here: every kind a client
//! sends is typed, anything else (`poll`, `event`, a kind added next year,
//! or a known kind whose fields do not have the documented shape) is kept
//! whole as [`Attachment::Other`], and decoding an attachment never fails.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Something attached to a message.
///
/// ```
/// use groupme_api::Attachment;
///
/// let known: Attachment = serde_json::from_str(r#"{"type":"image","url":"https://i.example/1"}"#).unwrap();
/// assert!(matches!(known, Attachment::Image(_)));
/// let unknown: Attachment = serde_json::from_str(r#"{"type":"poll","poll_id":"9"}"#).unwrap();
/// assert_eq!(unknown.kind(), "poll");
/// assert_eq!(serde_json::to_value(&unknown).unwrap(), serde_json::json!({"type": "poll", "poll_id": "9"}));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Attachment {
    /// `image`: an image on the image service.
    Image(Image),
    /// `video`: a video on the video service.
    Video(Video),
    /// `file`: a file on the file service.
    File(File),
    /// `location`: a place.
    Location(Location),
    /// `emoji`: powerup emoji standing in for placeholders in the text.
    Emoji(Emoji),
    /// `reply`: the message answers another.
    Reply(Reply),
    /// `mentions`: users mentioned at places in the text.
    Mentions(Mentions),
    /// Any other kind, or a known kind in a shape not documented, kept as
    /// it arrived (usually an object, `type` included).
    Other(Value),
}

impl Attachment {
    /// The attachment's `type`, such as `image` or `poll`; empty when an
    /// unknown object carries no string `type`.
    pub fn kind(&self) -> &str {
        match self {
            Self::Image(_) => Image::KIND,
            Self::Video(_) => Video::KIND,
            Self::File(_) => File::KIND,
            Self::Location(_) => Location::KIND,
            Self::Emoji(_) => Emoji::KIND,
            Self::Reply(_) => Reply::KIND,
            Self::Mentions(_) => Mentions::KIND,
            Self::Other(value) => value.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }
}

/// An image attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Image {
    /// The image's URL on GroupMe's image service.
    pub url: String,
}

/// A video attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Video {
    /// The video's URL on GroupMe's video service.
    pub url: String,
    /// Its thumbnail's URL, also from the video service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_url: Option<String>,
}

/// A file attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct File {
    /// The file's id on GroupMe's file service.
    pub file_id: String,
}

/// A location attachment. Coordinates are decimal strings, as GroupMe
/// sends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// The place's name.
    pub name: String,
    /// The latitude, such as `"47.6062"`.
    pub lat: String,
    /// The longitude, such as `"-122.3321"`.
    pub lng: String,
}

/// A powerup emoji attachment: the `n`th `placeholder` in the text shows
/// the emoji of the `n`th `charmap` pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Emoji {
    /// The character that stands for an emoji in the text.
    pub placeholder: String,
    /// One `[pack_id, pack_index]` pair per placeholder: packs count from
    /// 1, places within a pack from 0.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub charmap: Vec<[i64; 2]>,
}

/// A reply attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reply {
    /// The message replied to; some clients show a reply only with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_id: Option<String>,
    /// The message replied to (the first of a chain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_reply_id: Option<String>,
}

/// A mentions attachment: `user_ids[i]` is mentioned at `loci[i]`, an
/// `[offset, length]` pair into the message text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Mentions {
    /// The users mentioned.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub user_ids: Vec<String>,
    /// Where each is mentioned: `[offset, length]`.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub loci: Vec<[i64; 2]>,
}

/// Reads `null` as an empty list, as GroupMe sends empty lists.
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

macro_rules! kinds {
    ($($variant:ident => $kind:literal),+ $(,)?) => {
        $(impl $variant {
            /// The `type` of this kind of attachment.
            pub const KIND: &'static str = $kind;
        }

        impl From<$variant> for Attachment {
            fn from(value: $variant) -> Self {
                Self::$variant(value)
            }
        })+

        impl Serialize for Attachment {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (kind, fields) = match self {
                    $(Self::$variant(value) => ($kind, serde_json::to_value(value).map_err(serde::ser::Error::custom)?),)+
                    Self::Other(value) => return value.serialize(serializer),
                };
                let mut object = Map::new();
                object.insert("type".to_owned(), Value::String(kind.to_owned()));
                if let Value::Object(fields) = fields {
                    object.extend(fields);
                }
                object.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for Attachment {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Value::deserialize(deserializer)?;
                let typed = match value.get("type").and_then(Value::as_str) {
                    $(Some($kind) => $variant::deserialize(&value).ok().map(Self::$variant),)+
                    _ => None,
                };
                Ok(typed.unwrap_or(Self::Other(value)))
            }
        }
    };
}

kinds! {
    Image => "image",
    Video => "video",
    File => "file",
    Location => "location",
    Emoji => "emoji",
    Reply => "reply",
    Mentions => "mentions",
}

impl JsonSchema for Attachment {
    fn schema_name() -> String {
        "Attachment".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        // Any object with a `type`; the typed kinds are documented on the
        // variants. Decoding accepts even less than this.
        let mut schema = schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::Object.into()),
            ..Default::default()
        };
        schema.object().required.insert("type".to_owned());
        schema.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Attachment {
        serde_json::from_str(json).expect("attachments always decode")
    }

    #[test]
    fn known_kinds_are_typed_and_written_back_the_same() {
        let cases = [
            r#"{"type":"image","url":"https://i.example/a"}"#,
            r#"{"type":"video","url":"https://v.example/b.mp4","preview_url":"https://v.example/b.jpg"}"#,
            r#"{"type":"file","file_id":"f-1"}"#,
            r#"{"type":"location","name":"Dock","lat":"1.5","lng":"-2.25"}"#,
            r#"{"type":"emoji","placeholder":"\u0001","charmap":[[1,4],[2,0]]}"#,
            r#"{"type":"reply","reply_id":"5","base_reply_id":"4"}"#,
            r#"{"type":"mentions","user_ids":["7","8"],"loci":[[0,3],[4,2]]}"#,
        ];
        for json in cases {
            let attachment = decode(json);
            assert!(!matches!(attachment, Attachment::Other(_)), "{json}");
            let back: Value = serde_json::to_value(&attachment).unwrap();
            assert_eq!(back, serde_json::from_str::<Value>(json).unwrap(), "{json}");
        }
        assert_eq!(
            decode(r#"{"type":"mentions","user_ids":null,"loci":null}"#),
            Attachment::Mentions(Mentions {
                user_ids: vec![],
                loci: vec![]
            })
        );
    }

    #[test]
    fn unknown_kinds_and_odd_shapes_are_kept_whole() {
        for json in [
            r#"{"type":"poll","poll_id":"17"}"#,
            r#"{"type":"event","event_id":"e1","view":"full"}"#,
            r#"{"type":"image"}"#,
            r#"{"type":"location","lat":47.1,"lng":-3,"name":"numbers"}"#,
            r#"{"no_type":true}"#,
            r#""just text""#,
        ] {
            let attachment = decode(json);
            let Attachment::Other(value) = &attachment else {
                panic!("{json} should stay whole: {attachment:?}");
            };
            assert_eq!(value, &serde_json::from_str::<Value>(json).unwrap());
            assert_eq!(
                serde_json::to_value(&attachment).unwrap(),
                serde_json::from_str::<Value>(json).unwrap()
            );
        }
        assert_eq!(decode(r#"{"type":"poll"}"#).kind(), "poll");
        assert_eq!(decode(r#"{"x":1}"#).kind(), "");
    }

    #[test]
    fn a_list_of_attachments_with_unknown_kinds_decodes() {
        let list: Vec<Attachment> = serde_json::from_str(
            r#"[{"type":"copilot","message_id":"m"},{"type":"image","url":"u"},{"type":"partial_image","id":"1"}]"#,
        )
        .unwrap();
        let kinds: Vec<&str> = list.iter().map(Attachment::kind).collect();
        assert_eq!(kinds, ["copilot", "image", "partial_image"]);
    }
}
