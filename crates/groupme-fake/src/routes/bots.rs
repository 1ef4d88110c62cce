//! Bots: create, list and destroy (by their creator, with a token), and
//! posting as a bot (with the bot id alone, no token). A bot post lands in
//! the group through [`crate::delivery`] with `sender_type: "bot"`, and the
//! group's bots hear it like any other message.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use groupme_api::v3::types::{
    BotCreated, BotCreatedEnvelope, BotPostRequest, BotsEnvelope, CreateBotRequest, DestroyBotRequest,
};

use super::member_group;
use crate::clock::unix_seconds;
use crate::delivery::deliver;
use crate::extract::{V3Caller, parse_json};
use crate::model::{Bot, PostedMessage, Sender};
use crate::reply::{ApiError, empty, meta};
use crate::state::FakeState;
use crate::views;

/// The most characters a bot post may have.
const TEXT_MAX_CHARS: usize = 1000;

/// `GET /bots`: the caller's bots, in every group.
pub(super) async fn list(State(fake): State<FakeState>, V3Caller(me): V3Caller) -> Json<BotsEnvelope> {
    let world = fake.world();
    let bots = world
        .bots
        .values()
        .filter(|bot| bot.owner_id == me)
        .map(views::bot)
        .collect();
    Json(BotsEnvelope {
        response: Some(bots),
        meta: meta(StatusCode::OK),
    })
}

/// `POST /bots`: a new bot in a group the caller is an active member of
/// (`404` otherwise); a blank name is `400`.
pub(super) async fn create(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: CreateBotRequest = parse_json(&body)?;
    let new = request.bot;
    let mut world = fake.world();
    let group_id = member_group(&mut world.groups, &new.group_id, me)?.id;
    if new.name.trim().is_empty() {
        return Err(ApiError::field("name", "can't be blank"));
    }
    let bot_id = world.allocate_media_id("");
    let bot = Bot {
        bot_id: bot_id.clone(),
        group_id,
        owner_id: me,
        name: new.name.to_string(),
        avatar_url: new.avatar_url,
        callback_url: new.callback_url,
        dm_notification: new.dm_notification.unwrap_or(false),
    };
    let answer = BotCreatedEnvelope {
        response: Some(BotCreated {
            bot: views::bot(&bot),
        }),
        meta: meta(StatusCode::CREATED),
    };
    world.bots.insert(bot_id, bot);
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// `POST /bots/destroy`: removes one of the caller's bots; anyone else's,
/// or none, is `404`.
pub(super) async fn destroy(
    State(fake): State<FakeState>,
    V3Caller(me): V3Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: DestroyBotRequest = parse_json(&body)?;
    let mut world = fake.world();
    let bot_id = request.bot_id.to_string();
    match world.bots.get(&bot_id) {
        Some(bot) if bot.owner_id == me => {
            world.bots.remove(&bot_id);
            Ok(empty(StatusCode::OK))
        }
        _ => Err(ApiError::not_found("bot not found")),
    }
}

/// `POST /bots/post`: no token; the bot id authorises. An unknown bot is
/// `404`, text over 1,000 characters or a post with neither text nor
/// attachments `400`. Answers `201` with an empty body.
pub(super) async fn post(State(fake): State<FakeState>, body: Bytes) -> Result<Response, ApiError> {
    let request: BotPostRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        // The generated type refuses long texts itself; answer as GroupMe.
        Err(_) => return Err(post_error(&body)),
    };
    let text = request.text.to_string();
    let attachments = request.attachments;
    if text.trim().is_empty() && attachments.is_empty() {
        return Err(ApiError::field("text", "can't be blank"));
    }
    let now = unix_seconds(fake.now());
    let message = {
        let mut world = fake.world();
        let Some(bot) = world.bots.get(request.bot_id.as_str()).cloned() else {
            return Err(ApiError::not_found("bot not found"));
        };
        PostedMessage {
            source_guid: world.allocate_guid(),
            group_id: bot.group_id,
            created_at: now,
            sender: Sender::Bot {
                bot_id: bot.bot_id,
                creator: bot.owner_id,
            },
            name: bot.name,
            avatar_url: bot.avatar_url,
            text: (!text.is_empty()).then_some(text),
            attachments,
        }
    };
    deliver(&fake, message)?;
    Ok(empty(StatusCode::CREATED))
}

/// Why a bot post body does not parse, answered as GroupMe does.
fn post_error(body: &[u8]) -> ApiError {
    #[derive(serde::Deserialize)]
    struct Loose {
        text: Option<String>,
    }
    match serde_json::from_slice::<Loose>(body) {
        Ok(Loose { text: Some(text) }) if text.chars().count() > TEXT_MAX_CHARS => {
            ApiError::field("text", "is too long (maximum is 1000 characters)")
        }
        _ => match parse_json::<BotPostRequest>(body) {
            Err(err) => err,
            Ok(_) => ApiError::bad_request("invalid bot post"),
        },
    }
}
