//! A request value that either sets a field or clears it.

use serde::{Deserialize, Serialize};

/// A value for a field that can be set or cleared: [`Set`](Self::Set) is
/// sent as the value itself, [`Clear`](Self::Clear) as `null`.
///
/// Request fields of this type are `Option<Clearable<T>>`, giving three
/// states: `None` leaves the field out of the request (the server keeps
/// what it has), `Some(Clearable::Clear)` sends `null` (the server removes
/// the value) and `Some(Clearable::Set(value))` sends the value.
///
/// ```
/// use groupme_api::Clearable;
///
/// assert_eq!(serde_json::to_string(&Clearable::Set(2027)).unwrap(), "2027");
/// assert_eq!(serde_json::to_string(&Clearable::<i32>::Clear).unwrap(), "null");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Clearable<T> {
    /// Sets the field to this value.
    Set(T),
    /// Clears the field: sent as `null`.
    Clear,
}

impl<T> Clearable<T> {
    /// The value to set, or `None` when clearing.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Set(value) => Some(value),
            Self::Clear => None,
        }
    }
}

impl<T> From<Option<T>> for Clearable<T> {
    /// `Some(value)` sets, `None` clears.
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Clear, Self::Set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_value_and_null() {
        assert_eq!(
            serde_json::from_str::<Clearable<i32>>("2031").unwrap(),
            Clearable::Set(2031)
        );
        assert_eq!(
            serde_json::from_str::<Clearable<i32>>("null").unwrap(),
            Clearable::Clear
        );
        assert!(serde_json::from_str::<Clearable<i32>>("\"soon\"").is_err());
    }
}
