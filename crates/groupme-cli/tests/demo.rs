//! `groupme demo` tours every command and exits 0.

mod support;

use predicates::prelude::*;
use predicates::str::contains;

use support::{checked, groupme};

#[test]
fn the_demo_tours_every_command() {
    let mut cmd = groupme();
    cmd.arg("demo");
    let steps = [
        "Who am I?",
        "Your groups, page by page",
        "Create a group",
        "Show a group",
        "Change a group's settings",
        "Join a group by its share link",
        "Groups you left",
        "Rejoin a group",
        "Every group you were ever in",
        "Hand a group over",
        "Mute the main chat for an hour",
        "Unmute the main chat",
        "Mute the group and every topic",
        "Unmute the group and every topic",
        "Disband a group",
        "Update the profile (v3)",
        "Update the extended profile (v2)",
        "Add three members and wait",
        "List the members",
        "Change your nickname",
        "Pending requests to join",
        "Approve one request",
        "Deny the other",
        "Remove a member",
        "Ban the former member",
        "SMS mode on",
        "SMS mode off",
        "Profile sharing on",
        "Profile sharing off",
        "Campus directory: majors",
        "Campus directory: visibility",
        "The latest messages",
        "Messages after one, oldest first",
        "Messages since one, newest first",
        "Send a message with a mention",
        "Send a direct message",
        "Read a direct conversation",
        "Your chats",
        "Export a whole history",
        "A deliberate permission failure",
        "Tour complete",
    ];
    let mut expected = contains("Demo User").boxed();
    for step in steps {
        expected = expected.and(contains(step)).boxed();
    }
    let outcomes = contains("Added 2 of 3")
        .and(contains("Generated message 250 of 250"))
        .and(contains("Generated message 242 of 250"))
        .and(contains("@Alice the trail is open"))
        .and(contains("Lunch at noon?"))
        .and(contains("Exported 251 messages to"))
        .and(contains("Weekend Hikes"))
        .and(contains("Joined group"))
        .and(contains("Rejoined group"))
        .and(contains("200 (changed)"))
        .and(contains(
            "is muted (main chat and every topic) until you unmute it",
        ))
        .and(contains("is disbanded"))
        .and(contains("NOT added (1)"))
        .and(contains("Ghost"))
        .and(contains("Removed membership 3003"))
        .and(contains("Banned membership 3003"))
        .and(contains("denied"))
        .and(contains("https://groupme.com/contact/"))
        .and(contains("err.is_unauthorized() = true"))
        .and(contains("exit with code 3"));
    checked(cmd).code(0).stdout(expected.and(outcomes));
}
