//! Input rules checked before anything is sent, and the error that names
//! the field and the rule a value broke.

use std::fmt;

/// The most characters a nickname may have.
pub const NICKNAME_MAX_CHARS: usize = 50;
/// The fewest photos a profile gallery may have.
pub const GALLERY_MIN_PHOTOS: usize = 3;
/// The earliest graduation year GroupMe accepts.
pub const GRADUATION_YEAR_MIN: i32 = 1900;
/// How many years ahead of now a graduation year may be.
pub const GRADUATION_YEAR_AHEAD: i32 = 10;
/// The longest SMS mode, in hours, short of `always`.
pub const SMS_MAX_HOURS: u32 = 48;

/// A value that broke one of the API's documented rules. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    field: String,
    rule: Rule,
}

/// The rule an invalid value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// Must not be empty or only white space.
    NonEmpty,
    /// Must have between `min` and `max` characters (Unicode scalar values,
    /// not bytes); it had `actual`.
    CharLength {
        /// Fewest characters allowed.
        min: usize,
        /// Most characters allowed.
        max: usize,
        /// Characters given.
        actual: usize,
    },
    /// Must look like `name@domain.tld`.
    EmailShape,
    /// Must be of the form "First Last".
    FirstAndLastName,
    /// Exactly one of the listed fields must be set; `actual` were.
    ExactlyOneOf {
        /// The fields to choose from.
        fields: &'static [&'static str],
        /// How many were set.
        actual: usize,
    },
    /// Must be a whole number between `min` and `max`; it was `actual`.
    Range {
        /// Smallest value allowed.
        min: i64,
        /// Largest value allowed.
        max: i64,
        /// Value given.
        actual: i64,
    },
    /// Must have at least `min` items; it had `actual`.
    MinItems {
        /// Fewest items allowed.
        min: usize,
        /// Items given.
        actual: usize,
    },
    /// Must be unique; this value appears more than once.
    Unique,
    /// Needs another value to be set first; says which.
    Requires(&'static str),
    /// Must be one of the listed values.
    OneOf {
        /// The values allowed.
        allowed: &'static [&'static str],
    },
    /// Breaks a constraint of the API description, as the generated client
    /// reports it.
    Spec(String),
}

impl Invalid {
    /// An error for `field` breaking `rule`.
    pub fn new(field: impl Into<String>, rule: Rule) -> Self {
        Self {
            field: field.into(),
            rule,
        }
    }

    /// The field, as the API names it (`members[2].email`, `nickname`).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The rule the value broke.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The same error for a field nested under `prefix`.
    pub(crate) fn within(mut self, prefix: &str) -> Self {
        self.field = format!("{prefix}.{}", self.field);
        self
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}`: ", self.field)?;
        match &self.rule {
            Rule::NonEmpty => f.write_str("must not be empty or only white space"),
            Rule::CharLength { min, max, actual } => {
                write!(f, "must be {min} to {max} characters long, got {actual}")
            }
            Rule::EmailShape => f.write_str("must be an email address like name@domain.com"),
            Rule::FirstAndLastName => f.write_str("must be of the form \"First Last\""),
            Rule::ExactlyOneOf { fields, actual } => {
                write!(
                    f,
                    "exactly one of {} must be set, got {actual}",
                    fields.join(", ")
                )
            }
            Rule::Range { min, max, actual } => {
                write!(f, "must be between {min} and {max}, got {actual}")
            }
            Rule::MinItems { min, actual } => {
                write!(f, "must have at least {min} items, got {actual}")
            }
            Rule::Unique => f.write_str("must be unique, but appears more than once"),
            Rule::Requires(what) => write!(f, "needs {what}"),
            Rule::OneOf { allowed } => write!(f, "must be one of {}", allowed.join(", ")),
            Rule::Spec(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Invalid {}

/// Checks a nickname: 1 to 50 characters, not all of them white space
/// (GroupMe would show a blank name).
pub(crate) fn nickname(field: &str, value: &str) -> Result<(), Invalid> {
    char_length(field, value, 1, NICKNAME_MAX_CHARS)?;
    non_empty(field, value)
}

/// Checks that `value` has `min..=max` characters.
pub(crate) fn char_length(field: &str, value: &str, min: usize, max: usize) -> Result<(), Invalid> {
    let actual = value.chars().count();
    if (min..=max).contains(&actual) {
        Ok(())
    } else {
        Err(Invalid::new(field, Rule::CharLength { min, max, actual }))
    }
}

/// Checks that `value` is not blank.
pub(crate) fn non_empty(field: &str, value: &str) -> Result<(), Invalid> {
    if value.trim().is_empty() {
        Err(Invalid::new(field, Rule::NonEmpty))
    } else {
        Ok(())
    }
}

/// Checks the shape `local@domain.tld`: one `@`, no white space, a dot in
/// the domain that is neither its first nor last character.
pub(crate) fn email(field: &str, value: &str) -> Result<(), Invalid> {
    let shaped = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.contains('@')
            && domain
                .rsplit_once('.')
                .is_some_and(|(host, tld)| !host.is_empty() && !tld.is_empty())
    }) && !value.chars().any(char::is_whitespace);
    if shaped {
        Ok(())
    } else {
        Err(Invalid::new(field, Rule::EmailShape))
    }
}

/// Checks a v3 name: "First Last", at least two words.
pub(crate) fn first_and_last_name(field: &str, value: &str) -> Result<(), Invalid> {
    non_empty(field, value)?;
    if value.split_whitespace().count() >= 2 {
        Ok(())
    } else {
        Err(Invalid::new(field, Rule::FirstAndLastName))
    }
}

/// Checks that `value` lies in `min..=max`.
pub(crate) fn range(field: &str, value: i64, min: i64, max: i64) -> Result<(), Invalid> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Invalid::new(
            field,
            Rule::Range {
                min,
                max,
                actual: value,
            },
        ))
    }
}

/// Checks that a list has at least `min` items.
pub(crate) fn min_items(field: &str, actual: usize, min: usize) -> Result<(), Invalid> {
    if actual >= min {
        Ok(())
    } else {
        Err(Invalid::new(field, Rule::MinItems { min, actual }))
    }
}

/// Converts a checked value into the generated type that carries the spec's
/// constraints; a value it still refuses names the field.
pub(crate) fn spec_value<T>(field: &str, value: String) -> Result<T, Invalid>
where
    T: TryFrom<String>,
    T::Error: fmt::Display,
{
    T::try_from(value).map_err(|err| Invalid::new(field, Rule::Spec(err.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nickname_counts_characters_not_bytes() {
        assert!(nickname("nickname", &"é".repeat(50)).is_ok());
        let err = nickname("nickname", &"é".repeat(51)).unwrap_err();
        assert_eq!(
            err.rule(),
            &Rule::CharLength {
                min: 1,
                max: 50,
                actual: 51
            }
        );
        assert_eq!(
            err.to_string(),
            "invalid `nickname`: must be 1 to 50 characters long, got 51"
        );
        assert!(nickname("nickname", "").is_err());
    }

    #[test]
    fn email_shape() {
        for good in ["dana@example.org", "a.b+c@sub.example.co"] {
            assert!(email("email", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "ja ne@example.com",
            "a@b@c.com",
            "jane@.com",
            "jane@example.",
        ] {
            assert_eq!(
                email("email", bad),
                Err(Invalid::new("email", Rule::EmailShape)),
                "{bad}"
            );
        }
    }

    #[test]
    fn names_need_first_and_last() {
        assert!(first_and_last_name("name", "Kestrel Vance").is_ok());
        assert_eq!(
            first_and_last_name("name", "Tom").unwrap_err().rule(),
            &Rule::FirstAndLastName
        );
        assert_eq!(
            first_and_last_name("name", "  ").unwrap_err().rule(),
            &Rule::NonEmpty
        );
    }

    #[test]
    fn a_blank_nickname_is_refused_by_name() {
        for blank in [" ", "   ", "\t", "\u{3000}"] {
            let err = nickname("membership.nickname", blank).unwrap_err();
            assert_eq!(err.rule(), &Rule::NonEmpty, "{blank:?}");
            assert_eq!(
                err.to_string(),
                "invalid `membership.nickname`: must not be empty or only white space"
            );
        }
        assert!(nickname("nickname", " Jo ").is_ok());
    }

    #[test]
    fn nested_fields_are_named_in_full() {
        let err = Invalid::new("email", Rule::EmailShape).within("members[2]");
        assert_eq!(err.field(), "members[2].email");
    }
}
