//! Typed identifiers, so that a user id cannot be passed where a membership
//! id belongs.
//!
//! Each is a transparent newtype over the string GroupMe sends: it
//! serializes as that string and converts from `&str`, `String` and
//! integers.
//!
//! ```
//! use groupme_sdk::{MembershipId, UserId};
//!
//! let membership = MembershipId::from("35792468");
//! let user = UserId::from(44332211_u64);
//! assert_eq!(membership.as_str(), "35792468");
//! assert_eq!(user.to_string(), "44332211");
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::validate::{Invalid, Rule};

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id as GroupMe sends it.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Checks that the id is usable in a request.
            pub(crate) fn checked(&self) -> Result<&str, Invalid> {
                if self.0.trim().is_empty() {
                    Err(Invalid::new($field, Rule::NonEmpty))
                } else {
                    Ok(&self.0)
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                Self(id.clone())
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                Self(id.to_string())
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id.to_string())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

identifier!(
    /// A group's id.
    GroupId,
    "group_id"
);
identifier!(
    /// A membership id: a member's `id` within one group. Remove, approve,
    /// deny and ban take this, not the [`UserId`].
    MembershipId,
    "membership_id"
);
identifier!(
    /// A user's account id, the same in every group.
    UserId,
    "user_id"
);
identifier!(
    /// The handle of a started member add, used to fetch its results.
    ResultsId,
    "results_id"
);
identifier!(
    /// A message's id, in a group or a direct conversation.
    MessageId,
    "message_id"
);
identifier!(
    /// A direct conversation's id: the two users' ids joined by `+`, such
    /// as `1001+2002`.
    ChatId,
    "chat_id"
);
