//! GroupMe's validation rules, as the fake applies them.

use std::ops::RangeInclusive;
use std::time::SystemTime;

use chrono::{DateTime, Datelike};

use crate::clock::unix_seconds;

/// SMS mode lasts 1 to 48 hours (or "always").
pub(crate) const SMS_HOURS: RangeInclusive<u32> = 1..=48;

/// A profile gallery needs at least this many photos.
pub(crate) const MIN_GALLERY_PHOTOS: usize = 3;

/// The earliest graduation year GroupMe accepts.
const FIRST_GRADUATION_YEAR: i32 = 1900;

/// How many years ahead a graduation year may be.
const GRADUATION_YEARS_AHEAD: i32 = 10;

/// An email address of the form `name@domain`: one `@` with something on
/// either side, and no whitespace.
pub(crate) fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((name, domain)) => {
            !name.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// A phone number of the form `+1 5550109876`: a leading `+`, then digits
/// (spaces and dashes allowed between them), 7 to 15 digits in all.
pub(crate) fn is_phone_number(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('+') else {
        return false;
    };
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    rest.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-') && (7..=15).contains(&digits)
}

/// The digits of a phone number, so that `+1 555-0100` and `+15550100`
/// name the same person.
pub(crate) fn phone_digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Text that would show as nothing: empty or only white space (refused as
/// a nickname).
pub(crate) fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A name of the form "First Last": at least two words.
pub(crate) fn is_full_name(text: &str) -> bool {
    text.split_whitespace().nth(1).is_some()
}

/// A name with at least a first name (v2 allows leaving out the last one).
pub(crate) fn is_first_name(text: &str) -> bool {
    text.split_whitespace().next().is_some()
}

/// The graduation years allowed at `now`: 1900 to the current year + 10.
pub(crate) fn graduation_years(now: SystemTime) -> RangeInclusive<i32> {
    let year = DateTime::from_timestamp(unix_seconds(now), 0).map_or(1970, |date| date.year());
    FIRST_GRADUATION_YEAR..=year + GRADUATION_YEARS_AHEAD
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn emails_need_one_at_with_text_around_it() {
        assert!(is_email("dana@example.org"));
        assert!(!is_email("jane.example.com"));
        assert!(!is_email("@example.com"));
        assert!(!is_email("jane@"));
        assert!(!is_email("jane@ex@ample.com"));
        assert!(!is_email("ja ne@example.com"));
    }

    #[test]
    fn phone_numbers_need_a_plus_and_enough_digits() {
        assert!(is_phone_number("+1 5550109876"));
        assert!(is_phone_number("+44 20-7946-0958"));
        assert!(!is_phone_number("5550109876"));
        assert!(!is_phone_number("+1 212"));
        assert!(!is_phone_number("+1 212300123x"));
        assert_eq!(phone_digits("+1 555-000 1001"), "15550001001");
    }

    #[test]
    fn names() {
        assert!(is_full_name("Kestrel Vance"));
        assert!(!is_full_name("Tom"));
        assert!(!is_full_name("  Tom  "));
        assert!(is_first_name("Tom"));
        assert!(!is_first_name("   "));
    }

    #[test]
    fn graduation_years_reach_ten_years_ahead() {
        // 2025-06-15
        let now = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
        assert_eq!(graduation_years(now), 1900..=2035);
    }
}
