//! Runs `groupme like`, `unlike`, `pins ...`, `leaderboard`, `gallery` and
//! `mark-read` through the wrapper's message, likes, pins and gallery
//! handles.

use futures::{StreamExt, TryStreamExt};
use groupme_sdk::types::{LikePeriod, Message};
use groupme_sdk::{Client, MessageHandle, ReactionEmoji};
use serde_json::json;

use crate::cli::{
    ConversationTarget, GalleryArgs, LeaderboardArgs, LikeArgs, MessageTarget, Period, PinsCommand,
};
use crate::exit::CliError;
use crate::render::{self, Output, Spinner};

/// `groupme like`: a like, or a reaction with `--emoji` or `--powerup`.
pub async fn like(client: &Client, out: Output, args: LikeArgs) -> Result<(), CliError> {
    let handle = message(client, &args.target);
    let reaction = match (args.emoji, args.powerup) {
        (Some(emoji), _) => Some(ReactionEmoji::unicode(emoji)),
        (None, Some((pack_id, pack_index))) => Some(ReactionEmoji::powerup(pack_id, pack_index)),
        (None, None) => None,
    };
    let what = match &reaction {
        Some(ReactionEmoji::Unicode(code)) => format!("Reacted {code} to"),
        Some(ReactionEmoji::Powerup { pack_id, pack_index }) => {
            format!("Reacted with powerup {pack_id}:{pack_index} to")
        }
        None => "Liked".to_owned(),
    };
    match reaction {
        Some(reaction) => handle.react(reaction).await?,
        None => handle.like().await?,
    }
    let id = args.target.message;
    out.emit(&json!({ "message_id": id, "liked": true }), |_| {
        format!("{what} message {id}.")
    })
}

/// `groupme unlike`.
pub async fn unlike(client: &Client, out: Output, target: MessageTarget) -> Result<(), CliError> {
    message(client, &target).unlike().await?;
    let id = target.message;
    out.emit(&json!({ "message_id": id, "liked": false }), |_| {
        format!("Took back your like on message {id}.")
    })
}

/// `groupme pins list|pin|unpin`.
pub async fn pins(client: &Client, out: Output, command: PinsCommand) -> Result<(), CliError> {
    match command {
        PinsCommand::List(conversation) => {
            let pinned = if conversation.dm {
                client.dm(conversation.conversation).pins().await?
            } else {
                client.group(conversation.conversation).pins().await?
            };
            out.emit(&pinned, |pinned| messages(pinned, Column::Pinned))
        }
        PinsCommand::Pin(target) => {
            message(client, &target).pin().await?;
            let id = target.message;
            out.emit(&json!({ "message_id": id, "pinned": true }), |_| {
                format!("Pinned message {id}.")
            })
        }
        PinsCommand::Unpin(target) => {
            message(client, &target).unpin().await?;
            let id = target.message;
            out.emit(&json!({ "message_id": id, "pinned": false }), |_| {
                format!("Unpinned message {id}.")
            })
        }
    }
}

/// `groupme leaderboard`: the period's most liked messages, or with
/// `--mine` / `--for-me` the likes given or received.
pub async fn leaderboard(client: &Client, out: Output, args: LeaderboardArgs) -> Result<(), CliError> {
    let group = client.group(args.group);
    let likes = group.likes();
    let liked = if args.mine {
        likes.mine().await?
    } else if args.for_me {
        likes.for_me().await?
    } else {
        likes
            .leaderboard(match args.period {
                Period::Day => LikePeriod::Day,
                Period::Week => LikePeriod::Week,
                Period::Month => LikePeriod::Month,
            })
            .await?
    };
    out.emit(&liked, |liked| messages(liked, Column::Likes))
}

/// `groupme gallery`: walks the gallery page by page.
pub async fn gallery(client: &Client, out: Output, args: GalleryArgs) -> Result<(), CliError> {
    let spinner = Spinner::start(out, "fetching the gallery, page by page...");
    let gallery = if args.conversation.dm {
        client.dm(args.conversation.conversation).gallery()
    } else {
        client.group(args.conversation.conversation).gallery()
    };
    let gallery = match args.per_page {
        Some(per_page) => gallery.per_page(per_page),
        None => gallery,
    };
    let shots: Vec<Message> = gallery
        .stream()
        .take(args.max.unwrap_or(usize::MAX))
        .try_collect()
        .await?;
    drop(spinner);
    out.emit(&shots, |shots| messages(shots, Column::Attachments))
}

/// `groupme mark-read`.
pub async fn mark_read(client: &Client, out: Output, user: String, message: String) -> Result<(), CliError> {
    let receipt = client.dm(user.as_str()).mark_read(message).await?;
    out.emit(&receipt, |receipt| {
        format!(
            "Read up to message {} in {} (at {}).",
            receipt.message_id.as_deref().unwrap_or("-"),
            receipt.chat_id.as_deref().unwrap_or("-"),
            render::time(receipt.read_at)
        )
    })
}

/// The wrapper's handle on the message a command names.
fn message<'a>(client: &'a Client, target: &MessageTarget) -> MessageHandle<'a> {
    conversation(client, &target.conversation).message(target.message.as_str())
}

/// The wrapper's handle on a conversation's messages.
fn conversation<'a>(client: &'a Client, target: &ConversationTarget) -> groupme_sdk::MessagesHandle<'a> {
    if target.dm {
        client.dm(target.conversation.as_str()).messages()
    } else {
        client.group(target.conversation.as_str()).messages()
    }
}

/// The last column of a message table.
#[derive(Clone, Copy)]
enum Column {
    /// Who liked it and how it was reacted to.
    Likes,
    /// Who pinned it, and when.
    Pinned,
    /// What is attached.
    Attachments,
}

/// Messages as a table: id, time, sender, text, and one column by `last`.
fn messages(messages: &[Message], last: Column) -> String {
    if messages.is_empty() {
        return "No messages.".to_owned();
    }
    let header = match last {
        Column::Likes => "Likes",
        Column::Pinned => "Pinned by",
        Column::Attachments => "Attachments",
    };
    let mut table = render::table(["ID", "Sent", "From", "Text", header]);
    for message in messages {
        let extra = match last {
            Column::Likes => {
                let likes = message.favorited_by.as_ref().map_or(0, Vec::len);
                let reactions: Vec<String> = message
                    .reactions
                    .iter()
                    .flatten()
                    .map(|reaction| {
                        let kind = reaction.code.clone().unwrap_or_else(|| {
                            format!(
                                "{}:{}",
                                reaction.pack_id.unwrap_or_default(),
                                reaction.pack_index.unwrap_or_default()
                            )
                        });
                        format!("{kind}×{}", reaction.user_ids.as_ref().map_or(0, Vec::len))
                    })
                    .collect();
                if reactions.is_empty() {
                    likes.to_string()
                } else {
                    format!("{likes} ({})", reactions.join(" "))
                }
            }
            Column::Pinned => format!(
                "{} at {}",
                message
                    .pinned_by
                    .as_deref()
                    .filter(|by| !by.is_empty())
                    .unwrap_or("-"),
                render::time(message.pinned_at)
            ),
            Column::Attachments => message
                .attachments
                .iter()
                .flatten()
                .map(attachment_kind)
                .collect::<Vec<_>>()
                .join(", "),
        };
        table.add_row(vec![
            message.id.clone(),
            render::time(Some(message.created_at)),
            message.name.clone().unwrap_or_default(),
            message.text.clone().unwrap_or_default(),
            extra,
        ]);
    }
    table.to_string()
}

/// An attachment's kind, as GroupMe names it.
fn attachment_kind(attachment: &groupme_sdk::types::Attachment) -> String {
    serde_json::to_value(attachment)
        .ok()
        .and_then(|value| {
            value
                .get("type")
                .and_then(|kind| kind.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "?".to_owned())
}
