//! Runs `groupme bots ...`, `groupme bot post`, `groupme images upload` and
//! `groupme files upload` through the wrapper.

use std::path::Path;

use groupme_sdk::{BotPoster, Client};
use serde_json::json;

use crate::cli::{BotCommand, BotsCommand, FilesCommand, GlobalArgs, ImagesCommand};
use crate::exit::CliError;
use crate::render::{self, Output, Spinner};

/// Runs one `bots` subcommand and prints its outcome.
pub async fn run(client: &Client, out: Output, command: BotsCommand) -> Result<(), CliError> {
    match command {
        BotsCommand::List => {
            let bots = client.bots().list().await?;
            out.emit(&bots, |bots| render::bots(bots))
        }
        BotsCommand::Create {
            group,
            name,
            callback_url,
            avatar_url,
            dm_notification,
        } => {
            let mut create = client.bots().create(group, name).dm_notification(dm_notification);
            if let Some(url) = callback_url {
                create = create.callback_url(url);
            }
            if let Some(url) = avatar_url {
                create = create.avatar_url(url);
            }
            let bot = create.send().await?;
            out.emit(&bot, |bot| {
                format!(
                    "Created bot {} in group {}.\n{}",
                    bot.name,
                    bot.group_id,
                    render::bots(std::slice::from_ref(bot))
                )
            })
        }
        BotsCommand::Destroy { bot_id } => {
            client.bots().destroy(bot_id.as_str()).await?;
            out.emit(&json!({ "destroyed": bot_id }), |_| "Bot removed.".to_owned())
        }
    }
}

/// `groupme bot post`: posts with the bot id alone; only an `--image`
/// needs the token (the image service wants one).
pub async fn post(global: &GlobalArgs, out: Output, command: BotCommand) -> Result<(), CliError> {
    let BotCommand::Post {
        bot_id,
        text,
        image,
        split,
    } = command;
    let mut poster = BotPoster::builder(bot_id.as_str());
    if let Some(url) = &global.v3_url {
        poster = poster.base_url(url);
    }
    let poster = poster.build()?;
    let image_url = match image {
        Some(path) => {
            let client = crate::commands::client(global)?;
            Some(upload_image(&client, &path).await?)
        }
        None => None,
    };
    let posts = match (split, image_url) {
        (true, None) => poster.post_split(&text).await?,
        (_, image_url) => {
            let mut post = poster.post(text);
            if let Some(url) = &image_url {
                post = post.image(url);
            }
            post.send().await?;
            1
        }
    };
    out.emit(&json!({ "posts": posts }), |_| match posts {
        1 => "Posted.".to_owned(),
        n => format!("Posted in {n} parts."),
    })
}

/// Runs one `images` subcommand.
pub async fn images(client: &Client, out: Output, command: ImagesCommand) -> Result<(), CliError> {
    let ImagesCommand::Upload { file } = command;
    let url = upload_image(client, &file).await?;
    out.emit(&json!({ "url": url }), |_| url.clone())
}

/// Runs one `files` subcommand.
pub async fn files(client: &Client, out: Output, command: FilesCommand) -> Result<(), CliError> {
    let FilesCommand::Upload { group, file } = command;
    let name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = tokio::fs::read(&file).await?;
    let spinner = Spinner::start(out, "uploading and waiting for the file service...");
    let file_id = client.files().upload(group, &name, bytes).await?;
    drop(spinner);
    out.emit(&json!({ "file_id": file_id }), |_| file_id.clone())
}

/// Uploads the image at `path`, its media type taken from its extension.
async fn upload_image(client: &Client, path: &Path) -> Result<String, CliError> {
    let bytes = tokio::fs::read(path).await?;
    Ok(client.images().upload(bytes, image_type(path)).await?)
}

/// The media type an image file's extension names, or
/// `application/octet-stream`, which the wrapper refuses with the list of
/// the types it takes.
fn image_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}
