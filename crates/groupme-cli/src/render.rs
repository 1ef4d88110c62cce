//! Output: JSON for scripts (the API types' own serde), tables for people,
//! and a spinner on stderr while waiting.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use groupme_sdk::OwnerChangeOutcome;
use groupme_sdk::types::{
    ApprovalResult, Bot, Chat, DirectoryMembership, Group, LooseId, Member, MembershipStateEntry, Message,
    PendingMembership, Profile, ProfileSharing, User,
};
use indicatif::ProgressBar;
use serde::Serialize;

use crate::exit::CliError;

/// Where results go: JSON or human-readable text, on stdout.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    json: bool,
}

impl Output {
    /// JSON output if `json`, tables otherwise.
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    /// Whether output is JSON.
    pub fn is_json(self) -> bool {
        self.json
    }

    /// Prints `value` as JSON, or `human(value)` as text.
    pub fn emit<T: Serialize + ?Sized>(
        self,
        value: &T,
        human: impl FnOnce(&T) -> String,
    ) -> Result<(), CliError> {
        let text = if self.json {
            serde_json::to_string_pretty(value).map_err(std::io::Error::from)?
        } else {
            human(value)
        };
        self.line(&text)
    }

    /// Prints one line (or block) of text.
    pub fn line(self, text: &str) -> Result<(), CliError> {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", text.trim_end())?;
        stdout.flush()?;
        Ok(())
    }
}

/// A spinner on stderr while waiting; hidden for JSON output and when
/// stderr is not a terminal. Cleared when dropped.
#[derive(Debug)]
pub struct Spinner(ProgressBar);

impl Spinner {
    /// Starts spinning with `message`.
    pub fn start(out: Output, message: impl Into<String>) -> Self {
        if out.is_json() || !std::io::stderr().is_terminal() {
            return Self(ProgressBar::hidden());
        }
        let bar = ProgressBar::new_spinner().with_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(100));
        Self(bar)
    }

    /// Changes the message.
    pub fn say(&self, message: impl Into<String>) {
        self.0.set_message(message.into());
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// A table in the house style.
pub fn table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(
            header
                .into_iter()
                .map(Into::into)
                .collect::<Vec<comfy_table::Cell>>(),
        );
    table
}

/// A two-column table of field names and values; absent values show `-`.
fn fields<'a>(rows: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let mut table = table(["Field", "Value"]);
    for (name, value) in rows {
        table.add_row(vec![name.to_owned(), value]);
    }
    table.to_string()
}

/// The value, or `-` when absent or empty.
fn text(value: Option<&str>) -> String {
    match value {
        Some(value) if !value.is_empty() => value.to_owned(),
        _ => "-".to_owned(),
    }
}

/// `yes`, `no` or `-`.
fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "yes".to_owned(),
        Some(false) => "no".to_owned(),
        None => "-".to_owned(),
    }
}

/// A Unix time as a UTC date and time.
pub fn time(seconds: Option<i64>) -> String {
    seconds
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .map_or_else(
            || "-".to_owned(),
            |at| at.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
}

/// A list joined with commas, or `-`.
fn list<T: ToString>(items: &[T]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A list one item per line, or `-`.
fn list_lines(items: Option<&[String]>) -> String {
    match items {
        Some(items) if !items.is_empty() => items.join("\n"),
        _ => "-".to_owned(),
    }
}

/// The authenticated user (v3).
pub fn user(user: &User) -> String {
    fields([
        ("User ID", user.id.clone()),
        ("Name", user.name.clone()),
        ("Email", text(user.email.as_deref())),
        ("Phone", text(user.phone_number.as_deref())),
        ("Zip code", text(user.zip_code.as_deref())),
        ("Avatar", text(user.image_url.as_deref())),
        ("SMS mode", yes_no(user.sms)),
        ("Share URL", text(user.share_url.as_deref())),
        ("Updated", time(user.updated_at)),
    ])
}

/// The extended profile (v2).
pub fn profile(profile: &Profile) -> String {
    fields([
        ("User ID", profile.id.clone()),
        ("Name", profile.name.clone()),
        ("Email", text(profile.email.as_deref())),
        ("Avatar", text(profile.avatar_url.as_deref())),
        ("Bio", text(profile.bio.as_deref())),
        ("Theme song", text(profile.song_url.as_deref())),
        ("Gallery", list_lines(profile.photo_urls.as_deref())),
        (
            "Interests",
            list(profile.interests.as_deref().unwrap_or_default()),
        ),
        (
            "Reaction notifications",
            match profile.disable_favorite_notification {
                Some(true) => "off".to_owned(),
                Some(false) => "on".to_owned(),
                None => "-".to_owned(),
            },
        ),
        ("Group sound", text(profile.group_notification_sound.as_deref())),
        ("DM sound", text(profile.dm_notification_sound.as_deref())),
    ])
}

/// The profile's share links.
pub fn sharing(sharing: &ProfileSharing) -> String {
    fields([
        ("Share URL", text(sharing.share_url.as_deref())),
        ("QR code", text(sharing.share_qr_code_url.as_deref())),
    ])
}

/// The campus directory membership.
pub fn directory_membership(membership: &DirectoryMembership) -> String {
    fields([
        (
            "Directory ID",
            text(membership.directory_id.map(|id| id.to_string()).as_deref()),
        ),
        (
            "Visibility",
            text(membership.campus_profile_visibility.as_deref()),
        ),
        ("Graduation year", text(membership.graduation_year.as_deref())),
        (
            "Major ids",
            list(membership.major_ids.as_deref().unwrap_or_default()),
        ),
    ])
}

/// Memberships, one per row.
pub fn members(members: &[Member]) -> String {
    if members.is_empty() {
        return "No members.".to_owned();
    }
    let mut table = table(["Membership ID", "User ID", "Nickname", "Name", "Roles", "State"]);
    for member in members {
        table.add_row(vec![
            member.id.clone(),
            member.user_id.clone(),
            member.nickname.clone(),
            text(member.name.as_deref()),
            list(member.roles.as_deref().unwrap_or_default()),
            text(member.state.as_deref()),
        ]);
    }
    table.to_string()
}

/// Requests to join, one per row, with the question and answer.
pub fn pending(requests: &[PendingMembership]) -> String {
    if requests.is_empty() {
        return "No pending requests.".to_owned();
    }
    let mut table = table(["Membership ID", "User ID", "Nickname", "Requested", "Reason"]);
    for request in requests {
        let reason = request.reason.as_ref().map(|reason| {
            let question = reason.question.as_ref().and_then(|q| q.text.as_deref());
            let answer = reason.answer.as_ref().and_then(|a| a.response.as_deref());
            match (question, answer) {
                (Some(q), Some(a)) => format!("{q}\n> {a}"),
                (None, Some(text)) | (Some(text), None) => text.to_owned(),
                (None, None) => reason.type_.clone(),
            }
        });
        table.add_row(vec![
            request.id.clone(),
            request.user_id.clone(),
            text(request.nickname.as_deref()),
            time(request.timestamp),
            text(reason.as_deref()),
        ]);
    }
    table.to_string()
}

/// Decisions on requests to join.
pub fn approvals(results: &[ApprovalResult]) -> String {
    let mut table = table(["Membership ID", "State"]);
    for result in results {
        table.add_row(vec![result.membership_id.to_string(), result.state.clone()]);
    }
    table.to_string()
}

/// Groups, one per row.
pub fn groups(groups: &[Group]) -> String {
    if groups.is_empty() {
        return "No groups.".to_owned();
    }
    let mut table = table(["Group ID", "Name", "Type", "Members", "Share URL", "Updated"]);
    for group in groups {
        table.add_row(vec![
            group.id.clone(),
            group.name.clone(),
            text(group.type_.as_deref()),
            group
                .members
                .as_ref()
                .map_or_else(|| "-".to_owned(), |members| members.len().to_string()),
            text(group.share_url.as_deref()),
            time(group.updated_at),
        ]);
    }
    table.to_string()
}

/// The caller's bots as a table.
pub fn bots(bots: &[Bot]) -> String {
    if bots.is_empty() {
        return "No bots.".to_owned();
    }
    let mut table = table(["Bot ID", "Name", "Group ID", "Callback URL"]);
    for bot in bots {
        table.add_row(vec![
            bot.bot_id.clone(),
            bot.name.clone(),
            bot.group_id.clone(),
            text(bot.callback_url.as_deref()),
        ]);
    }
    table.to_string()
}

/// One group's settings, then its members.
pub fn group(group: &Group) -> String {
    let settings = fields([
        ("Group ID", group.id.clone()),
        ("Name", group.name.clone()),
        ("Description", text(group.description.as_deref())),
        ("Type", text(group.type_.as_deref())),
        ("Creator", text(group.creator_user_id.as_deref())),
        ("Share URL", text(group.share_url.as_deref())),
        ("Office mode", yes_no(group.office_mode)),
        ("Requires approval", yes_no(group.requires_approval)),
        (
            "Join question",
            text(group.join_question.as_ref().map(|q| q.text.as_str())),
        ),
        ("Visibility", text(group.visibility.as_deref())),
        (
            "Messages",
            text(
                group
                    .messages
                    .as_ref()
                    .and_then(|messages| messages.count)
                    .map(|count| count.to_string())
                    .as_deref(),
            ),
        ),
        ("Created", time(group.created_at)),
    ]);
    match &group.members {
        Some(list) => format!("{settings}\n{}", members(list)),
        None => settings,
    }
}

/// The caller's state in every group they were ever in.
pub fn membership_states(states: &[MembershipStateEntry]) -> String {
    if states.is_empty() {
        return "No groups.".to_owned();
    }
    let mut table = table(["Group ID", "State"]);
    for state in states {
        table.add_row(vec![state.group_id.clone(), state.state.clone()]);
    }
    table.to_string()
}

/// Owner changes, one per row, with GroupMe's status for each.
pub fn owner_changes(outcomes: &[OwnerChangeOutcome]) -> String {
    let mut table = table(["Group ID", "New owner", "Status"]);
    for outcome in outcomes {
        table.add_row(vec![
            outcome.group_id.to_string(),
            outcome.owner_id.to_string(),
            outcome.status.to_string(),
        ]);
    }
    table.to_string()
}

/// Messages, one per row, in the order given.
pub fn messages(messages: &[Message]) -> String {
    if messages.is_empty() {
        return "No messages.".to_owned();
    }
    let mut table = table(["Message ID", "Sent", "From", "Text", "Likes", "Attachments"]);
    for message in messages {
        let kinds: Vec<&str> = message
            .attachments
            .iter()
            .flatten()
            .map(|attachment| attachment.kind())
            .collect();
        table.add_row(vec![
            message.id.clone(),
            time(Some(message.created_at)),
            text(message.name.as_deref()),
            text(message.text.as_deref()),
            message.favorited_by.as_ref().map_or(0, Vec::len).to_string(),
            if kinds.is_empty() {
                "-".to_owned()
            } else {
                kinds.join(", ")
            },
        ]);
    }
    table.to_string()
}

/// Direct conversations, one per row.
pub fn chats(chats: &[Chat]) -> String {
    if chats.is_empty() {
        return "No chats.".to_owned();
    }
    let mut table = table(["With", "User ID", "Messages", "Last message", "Updated"]);
    for chat in chats {
        let other = chat.other_user.as_ref();
        let user_id = match other.and_then(|user| user.id.as_ref()) {
            Some(LooseId::String(id)) => id.clone(),
            Some(LooseId::Int64(id)) => id.to_string(),
            None => "-".to_owned(),
        };
        table.add_row(vec![
            text(other.and_then(|user| user.name.as_deref())),
            user_id,
            chat.messages_count
                .map_or_else(|| "-".to_owned(), |count| count.to_string()),
            text(
                chat.last_message
                    .as_ref()
                    .and_then(|message| message.text.as_deref()),
            ),
            time(chat.updated_at),
        ]);
    }
    table.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_values_show_a_dash() {
        assert_eq!(text(None), "-");
        assert_eq!(text(Some("")), "-");
        assert_eq!(text(Some("x")), "x");
        assert_eq!(yes_no(None), "-");
        assert_eq!(list::<i64>(&[]), "-");
        assert_eq!(list(&[1, 2]), "1, 2");
    }

    #[test]
    fn times_are_shown_in_utc() {
        assert_eq!(time(Some(1_302_623_328)), "2011-04-12 15:48 UTC");
        assert_eq!(time(None), "-");
    }
}
