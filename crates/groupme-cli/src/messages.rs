//! Runs `groupme messages ...`, `groupme dm ...`, `groupme chats` and
//! `groupme export` through the wrapper's message streams and sends.

use std::io::{BufWriter, IsTerminal, Write};

use futures::{Stream, StreamExt, TryStreamExt};
use groupme_sdk::types::Message;
use groupme_sdk::validate::{Invalid, Rule};
use groupme_sdk::{Client, MessageStream, MessageText, MessagesHandle, SendMessage};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{
    DmCommand, ExportArgs, MessageContentArgs, MessageCountArgs, MessageCursorArgs, MessagesCommand,
};
use crate::exit::CliError;
use crate::render::{self, Output, Spinner};

/// Runs one `messages` subcommand.
pub async fn run(client: &Client, out: Output, command: MessagesCommand) -> Result<(), CliError> {
    match command {
        MessagesCommand::List { group, cursor, count } => {
            list(out, client.group(group).messages(), cursor, count).await
        }
        MessagesCommand::Send { group, content } => send(out, client.group(group).messages(), content).await,
    }
}

/// Runs one `dm` subcommand.
pub async fn run_dm(client: &Client, out: Output, command: DmCommand) -> Result<(), CliError> {
    match command {
        DmCommand::List { user, cursor, count } => list(out, client.dm(user).messages(), cursor, count).await,
        DmCommand::Send { user, content } => send(out, client.dm(user).messages(), content).await,
    }
}

/// `groupme chats`: every direct conversation.
pub async fn chats(client: &Client, out: Output) -> Result<(), CliError> {
    let spinner = Spinner::start(out, "fetching your chats, page by page...");
    let chats: Vec<_> = client.chats().list().try_collect().await?;
    drop(spinner);
    out.emit(&chats, |chats| render::chats(chats))
}

async fn list(
    out: Output,
    messages: MessagesHandle<'_>,
    cursor: MessageCursorArgs,
    count: MessageCountArgs,
) -> Result<(), CliError> {
    let stream = stream(&messages, cursor);
    let spinner = Spinner::start(out, "fetching messages...");
    let found: Vec<Message> = if count.all {
        stream.try_collect().await?
    } else {
        let per_page = u32::try_from(count.limit.clamp(1, 100)).unwrap_or(100);
        stream.per_page(per_page).take(count.limit).try_collect().await?
    };
    drop(spinner);
    out.emit(&found, |found| render::messages(found))
}

/// The stream the cursor options ask for.
fn stream<'a>(messages: &MessagesHandle<'a>, cursor: MessageCursorArgs) -> MessageStream<'a> {
    match (cursor.after, cursor.since, cursor.before) {
        (Some(id), _, _) => messages.after(id),
        (None, Some(id), _) => messages.since(id),
        (None, None, Some(id)) => messages.before(id),
        (None, None, None) => messages.history(),
    }
}

async fn send(
    out: Output,
    messages: MessagesHandle<'_>,
    content: MessageContentArgs,
) -> Result<(), CliError> {
    let text = mention_text(&content.text, &content.mention)?;
    let mut send: SendMessage<'_> = messages.send(text);
    if let Some(id) = content.reply_to {
        send = send.reply_to(id);
    }
    if let Some(url) = content.image {
        send = send.image(url);
    }
    if let Some(guid) = content.guid {
        send = send.source_guid(guid);
    }
    let message = send.send().await?;
    out.emit(&message, |message| {
        format!(
            "Sent message {}.\n{}",
            message.id,
            render::messages(std::slice::from_ref(message))
        )
    })
}

/// `text` with each `@word`, in order, mentioning the matching user of
/// `mentions`; more mentions than `@words` is a usage error naming
/// `--mention`.
pub fn mention_text(text: &str, mentions: &[String]) -> Result<MessageText, CliError> {
    let mut built = MessageText::new();
    let mut users = mentions.iter();
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        let Some(user) = users.as_slice().first() else {
            break;
        };
        built = built.push(&rest[..at]);
        let word_end = rest[at..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |end| at + end);
        built = built.mention(user.as_str(), &rest[at..word_end]);
        users.next();
        rest = &rest[word_end..];
    }
    if users.next().is_some() {
        let invalid = Invalid::new("--mention", Rule::Requires("one @word in the text per --mention"));
        return Err(groupme_sdk::Error::from(invalid).into());
    }
    Ok(built.push(rest))
}

/// `groupme export GROUP`: the whole history as JSON Lines, newest first,
/// with a progress bar (the group's message count as its length) on stderr;
/// with `--out`, a summary on stdout.
pub async fn export(client: &Client, out: Output, args: ExportArgs) -> Result<(), CliError> {
    let limited;
    let client = match args.rate {
        Some(rate) => {
            limited = client.with_rate_limit(groupme_sdk::RateLimit::per_second(rate));
            &limited
        }
        None => client,
    };
    let group = client.group(args.group.as_str());
    let total = group.get().await?.messages.and_then(|messages| messages.count);
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(std::fs::File::create(path)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let bar = progress_bar(total);
    let written = write_lines(group.messages().history(), BufWriter::new(sink), &bar).await;
    bar.finish_and_clear();
    let written = written?;
    match &args.out {
        // stdout is free: say what was written, as text or JSON.
        Some(path) => out.emit(
            &serde_json::json!({ "group_id": args.group, "messages": written, "file": path }),
            |_| format!("Exported {written} messages to {}.", path.display()),
        ),
        None => Ok(()),
    }
}

/// A bar on stderr for `total` messages (a spinner with a count when the
/// total is unknown); hidden when stderr is not a terminal.
fn progress_bar(total: Option<i64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match total.and_then(|total| u64::try_from(total).ok()) {
        Some(total) => {
            let bar = ProgressBar::new(total);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} messages ({per_sec}, {eta} left)")
            {
                bar.set_style(style);
            }
            bar
        }
        None => ProgressBar::new_spinner().with_message("messages exported"),
    }
}

/// Writes each message of `stream` as one line of JSON; returns how many.
pub async fn write_lines<S>(stream: S, mut sink: impl Write, bar: &ProgressBar) -> Result<u64, CliError>
where
    S: Stream<Item = groupme_sdk::Result<Message>>,
{
    let mut stream = std::pin::pin!(stream);
    let mut written = 0;
    while let Some(message) = stream.try_next().await? {
        serde_json::to_writer(&mut sink, &message).map_err(std::io::Error::from)?;
        sink.write_all(b"\n")?;
        written += 1;
        bar.inc(1);
    }
    sink.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_go_to_the_at_words_in_order() {
        let text = mention_text("hi @Zoë and @Bo, see", &["1".into(), "2".into()]).unwrap();
        assert_eq!(text.as_str(), "hi @Zoë and @Bo, see");
        assert_eq!(text.loci(), [[3, 4], [12, 4]]);
        let plain = mention_text("no mentions @here", &[]).unwrap();
        assert!(plain.loci().is_empty());
        assert!(mention_text("nobody", &["1".into()]).is_err());
    }
}
