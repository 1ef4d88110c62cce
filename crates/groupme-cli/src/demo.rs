//! `groupme demo`: starts the fake GroupMe from `groupme_fake` in-process
//! and runs every command against it, saying what each does and showing
//! what came back. It needs no token and no network.

use std::time::Duration;

use clap::Parser;
use groupme_fake::demo::{
    ALICE, BOB, BOB_MEMBERSHIP_ID, DAVE_REQUEST_ID, ERIN_REQUEST_ID, FRANK, GRACE, GROUP_ID, OTHER_GROUP_ID,
    TOKEN, USER_ID,
};
use groupme_fake::{FakeGroupMe, FakeState, MembershipState};
use groupme_sdk::{Client, PollingPolicy};

use crate::cli::{ApiCommand, Cli, Command};
use crate::commands;
use crate::exit::CliError;
use crate::render::Output;

/// How long the fake keeps member-add results "not ready", so that the
/// waiting shows.
const RESULTS_DELAY: Duration = Duration::from_millis(600);

/// How many messages the demo group's generated history holds.
const DEMO_HISTORY: u64 = 250;

/// Which message of that history the cursor steps start from.
const DEMO_HISTORY_EARLY: usize = 240;

/// A user id that no account has; adding it fails silently.
const UNKNOWN_USER_ID: &str = "9999";

/// One stop of the tour.
#[derive(Debug)]
struct Step {
    /// The heading.
    title: &'static str,
    /// What the command does and what to look for.
    says: &'static str,
    /// The command line, without `groupme`.
    args: Vec<String>,
    /// Whether GroupMe is meant to refuse it.
    refused: bool,
}

/// A step that succeeds.
fn step(title: &'static str, says: &'static str, args: &[&str]) -> Step {
    Step {
        title,
        says,
        args: args.iter().map(|arg| (*arg).to_owned()).collect(),
        refused: false,
    }
}

/// Groups the tour arranges in the fake before it starts, so that joining,
/// rejoining, handing over and disbanding have something to work on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Arranged {
    /// Alice's shared group, which the demo user joins by its token.
    shared: String,
    /// The token at the end of its share URL.
    share_token: String,
    /// A group the demo user left and may rejoin.
    left: String,
    /// A group the demo user owns and hands over to Bob.
    handed_over: String,
    /// A group the demo user created and disbands.
    disbanded: String,
    /// An early message of the demo group's generated history.
    early_message: String,
    /// Where the export goes.
    export_file: String,
    /// Alice's photo message in the demo group, to react to and pin.
    photo: String,
}

impl Arranged {
    /// Makes the groups in the fake's state.
    fn in_fake(state: &FakeState) -> Result<Self, groupme_fake::StateError> {
        let shared = state.create_group("Book Club", ALICE.id)?;
        let share_token = state.share_group(&shared)?;
        let left = state.create_group("Reading Room", ALICE.id)?;
        let membership = state.add_member(&left, USER_ID, "Demo")?;
        state.set_state(&left, &membership, MembershipState::Exited)?;
        let handed_over = state.create_group("Project Handover", USER_ID)?;
        state.add_member(&handed_over, BOB.id, "Bob")?;
        let disbanded = state.create_group("Old Project", USER_ID)?;
        let early_message = state
            .messages(GROUP_ID)
            .get(DEMO_HISTORY_EARLY)
            .map(|message| message.id.clone())
            .unwrap_or_default();
        let export_file = std::env::temp_dir()
            .join(format!("groupme-demo-export-{}.jsonl", std::process::id()))
            .display()
            .to_string();
        let photo = state.post_message(GROUP_ID, ALICE.id, "Sunrise from the ridge")?;
        state.attach(
            GROUP_ID,
            &photo,
            groupme_sdk::types::attachment::Image {
                url: "https://i.groupme.com/1024x768.jpeg.ridge".to_owned(),
            }
            .into(),
        );
        Ok(Self {
            shared,
            share_token,
            left,
            handed_over,
            disbanded,
            early_message,
            export_file,
            photo,
        })
    }
}

/// The whole tour, in order.
fn tour(arranged: &Arranged) -> Vec<Step> {
    let transfer = format!("{}={}", arranged.handed_over, BOB.id);
    let frank = format!("Frank={}", FRANK.phone_number.unwrap_or_default());
    let grace = format!("Grace={}", GRACE.email);
    let ghost = format!("Ghost={UNKNOWN_USER_ID}");
    vec![
        step(
            "Who am I?",
            "`me` reads the account behind the token (GET /users/me).",
            &["me"],
        ),
        step(
            "Your groups, page by page",
            "`groups list` walks GET /groups one page at a time (two groups a page here) until \
             a page comes back empty; --omit-members leaves the member lists out.",
            &["groups", "list", "--per-page", "2", "--omit-members"],
        ),
        step(
            "Create a group",
            "You become its creator, owner and only member; --share makes a link anybody can \
             join with. The wrapper checks the name (1 to 140 characters) and description (at \
             most 255) first.",
            &[
                "groups",
                "create",
                "Weekend Hikes",
                "--description",
                "Trails on Saturdays",
                "--share",
            ],
        ),
        step(
            "Show a group",
            "The group's settings and its active members.",
            &["groups", "show", GROUP_ID],
        ),
        step(
            "Change a group's settings",
            "Turning on a join question also turns on approval, which it needs; closed groups \
             let only owners and admins change settings from now on.",
            &[
                "groups",
                "update",
                GROUP_ID,
                "--description",
                "Where the demo happens",
                "--share",
                "on",
                "--type",
                "closed",
                "--join-question",
                "Who invited you?",
            ],
        ),
        step(
            "Join a group by its share link",
            "Alice shared her Book Club; the token at the end of its share URL lets you in.",
            &["groups", "join", &arranged.shared, &arranged.share_token],
        ),
        step(
            "Groups you left",
            "You left the Reading Room earlier; it is listed among the groups you may rejoin.",
            &["groups", "former"],
        ),
        step(
            "Rejoin a group",
            "Only groups you left yourself can be rejoined this way.",
            &["groups", "rejoin", &arranged.left],
        ),
        step(
            "Every group you were ever in",
            "GET /memberships/states: one line per group with your state in it.",
            &["groups", "states"],
        ),
        step(
            "Hand a group over",
            "Owners hand groups to another active member; GroupMe reports a status per change \
             (\"200\" done, \"403\" not your group, \"404\" not a member, ...).",
            &["groups", "transfer", &transfer],
        ),
        step(
            "Mute the main chat for an hour",
            "The v2 call: mentions and replies still notify.",
            &["groups", "mute", GROUP_ID, "--minutes", "60"],
        ),
        step(
            "Unmute the main chat",
            "Notifications are back on.",
            &["groups", "unmute", GROUP_ID],
        ),
        step(
            "Mute the group and every topic",
            "The v3 call covers topics too; without --minutes it lasts until you unmute.",
            &["groups", "mute", GROUP_ID, "--topics"],
        ),
        step(
            "Unmute the group and every topic",
            "Back to normal.",
            &["groups", "unmute", GROUP_ID, "--topics"],
        ),
        step(
            "Disband a group",
            "Only the creator may; the group is gone for everyone.",
            &["groups", "destroy", &arranged.disbanded],
        ),
        step(
            "Update the profile (v3)",
            "The documented v3 call changes name, email, avatar and zip code. The wrapper checks \
             the name is \"First Last\" before sending.",
            &[
                "profile",
                "update",
                "--name",
                "Demo Person",
                "--zip-code",
                "92145",
            ],
        ),
        step(
            "Update the extended profile (v2)",
            "The v2 call the apps use sets bio, theme song, a gallery (at least 3 photos), \
             interests and notification settings.",
            &[
                "profile",
                "update-extended",
                "--bio",
                "Out on the water most weekends.",
                "--song-url",
                "https://open.spotify.com/track/4zu9wo2FXoBSsKjO6tRB3R",
                "--photo-url",
                "https://i.groupme.com/790x1402.jpeg.1",
                "--photo-url",
                "https://i.groupme.com/2270x4032.jpeg.2",
                "--photo-url",
                "https://i.groupme.com/901x1600.jpeg.3",
                "--interest",
                "1005",
                "--interest",
                "1017",
                "--disable-favorite-notification",
                "true",
                "--group-sound",
                "gm4.wav",
                "--dm-sound",
                "gm9.wav",
            ],
        ),
        step(
            "Add three members and wait",
            "GroupMe adds members asynchronously: the add answers with a results id, and the \
             wrapper polls the results (503 \"not ready\" at first) until it can tell, by GUID, \
             who was added. User id 9999 belongs to nobody, so GroupMe silently leaves Ghost \
             out, and the report lists Ghost as NOT added.",
            &[
                "members", "add", GROUP_ID, "--email", &grace, "--phone", &frank, "--user", &ghost,
            ],
        ),
        step(
            "List the members",
            "Owners and admins may list members. The membership id (first column) is not the \
             user id: remove, ban and approve take the membership id.",
            &["members", "list", GROUP_ID],
        ),
        step(
            "Change your nickname",
            "Nicknames are 1 to 50 characters; the wrapper refuses others before sending.",
            &["members", "nick", GROUP_ID, "Demo the Owner"],
        ),
        step(
            "Pending requests to join",
            "Any member may list the requests, with the question asked and the answer given.",
            &["pending", "list", GROUP_ID],
        ),
        step(
            "Approve one request",
            "Dave's request, by its membership id.",
            &["pending", "approve", GROUP_ID, DAVE_REQUEST_ID],
        ),
        step(
            "Deny the other",
            "Erin's request; its state becomes `denied`.",
            &["pending", "deny", GROUP_ID, ERIN_REQUEST_ID],
        ),
        step(
            "Remove a member",
            "Bob, by his membership id.",
            &["members", "remove", GROUP_ID, BOB_MEMBERSHIP_ID],
        ),
        step(
            "Former members",
            "Bob is now among the former members, next to those who left or were removed before.",
            &["members", "list", GROUP_ID, "--inactive"],
        ),
        step(
            "Ban the former member",
            "Only former members can be banned (a v2 call). Given --user, the wrapper finds Bob's \
             membership id among the former members first.",
            &["members", "ban", GROUP_ID, "--user", BOB.id],
        ),
        step(
            "SMS mode on",
            "Messages arrive by text for 4 hours instead of push notifications.",
            &["sms", "on", "--hours", "4"],
        ),
        step("SMS mode off", "Push notifications again.", &["sms", "off"]),
        step(
            "Profile sharing on",
            "Sharing gives the profile a link and a QR code.",
            &["share", "on"],
        ),
        step(
            "Profile sharing off",
            "The link stops working; no link is shown.",
            &["share", "off"],
        ),
        step(
            "Profile sharing on again",
            "A new link each time: compare it with the first one, which no longer works.",
            &["share", "on"],
        ),
        step(
            "Campus directory: majors",
            "For accounts in a school domain: the majors shown on the campus profile.",
            &["directory", "majors", "3702", "5506"],
        ),
        step(
            "Campus directory: visibility",
            "Who in the domain sees the profile; `major` needs majors set first, as they now are.",
            &[
                "directory",
                "membership",
                "--visibility",
                "major",
                "--year",
                "2027",
                "--majors-already-set",
            ],
        ),
        step(
            "The latest messages",
            "`messages list` reads the newest messages first (GET /groups/:id/messages); with \
             --all the wrapper's stream walks back with before_id, 100 a page, until GroupMe \
             answers 304.",
            &["messages", "list", GROUP_ID, "--limit", "4"],
        ),
        step(
            "Messages after one, oldest first",
            "--after pages forward with after_id: the messages right after the id, in the order \
             they were sent.",
            &[
                "messages",
                "list",
                GROUP_ID,
                "--after",
                &arranged.early_message,
                "--limit",
                "3",
            ],
        ),
        step(
            "Messages since one, newest first",
            "--since is GroupMe's since_id: the most recent messages after the id, newest first \
             (not the ones right after it, as --after gives).",
            &[
                "messages",
                "list",
                GROUP_ID,
                "--since",
                &arranged.early_message,
                "--limit",
                "3",
            ],
        ),
        step(
            "Send a message with a mention",
            "Each @word of the text mentions the next --mention's user; the wrapper computes \
             where (in UTF-16 units, as the apps count) and adds a fresh source_guid, so a \
             retried send never posts twice.",
            &[
                "messages",
                "send",
                GROUP_ID,
                "@Alice the trail is open ⛰️",
                "--mention",
                ALICE.id,
            ],
        ),
        step(
            "Send a direct message",
            "POST /direct_messages to one user; the conversation's id is both user ids joined by +.",
            &["dm", "send", ALICE.id, "Lunch at noon?"],
        ),
        step(
            "Read a direct conversation",
            "The same streams as a group's, with other_user_id.",
            &["dm", "list", ALICE.id],
        ),
        step(
            "Your chats",
            "GET /chats, page by page: every direct conversation, most recent first.",
            &["chats"],
        ),
        step(
            "Export a whole history",
            "JSON Lines, one message a line, newest first, with a progress bar on stderr; \
             --rate turns on the client's request-rate limit (a token bucket) so long exports \
             stay clear of GroupMe's 429s.",
            &["export", GROUP_ID, "--out", &arranged.export_file, "--rate", "50"],
        ),
        step(
            "React to a message",
            "`like --emoji` reacts with one of the emoji GroupMe's apps offer (others are \
             refused before sending); a new reaction replaces your previous one.",
            &["like", GROUP_ID, &arranged.photo, "--emoji", "🔥"],
        ),
        step(
            "The week's most liked messages",
            "GET /groups/:id/likes?period=week ranks the group's liked messages.",
            &["leaderboard", GROUP_ID, "--period", "week"],
        ),
        step(
            "Pin a message",
            "Pinning it again would be GroupMe's unexplained 400.",
            &["pins", "pin", GROUP_ID, &arranged.photo],
        ),
        step(
            "Pinned messages",
            "Who pinned each message, and when.",
            &["pins", "list", GROUP_ID],
        ),
        step(
            "The gallery",
            "Messages with images, videos or files, newest first, paged back by time.",
            &["gallery", GROUP_ID],
        ),
        Step {
            refused: true,
            ..step(
                "A deliberate permission failure",
                "In the Other Group the demo user is a plain member, and only owners and admins \
                 may list members, so GroupMe answers 401.",
                &["members", "list", OTHER_GROUP_ID],
            )
        },
    ]
}

/// Runs the tour and shuts the fake down.
pub async fn run() -> Result<(), CliError> {
    let fake = FakeGroupMe::builder()
        .results_delay(RESULTS_DELAY)
        .messages(DEMO_HISTORY)
        .start()
        .await
        .map_err(|err| CliError::Demo(err.to_string()))?;
    let client = Client::builder(TOKEN)
        .base_urls(fake.v3_url(), fake.v2_url())
        .image_base_url(fake.image_url())
        .file_base_url(fake.file_url())
        .polling(PollingPolicy::default().delays(Duration::from_millis(150), Duration::from_millis(500)))
        .build()?;
    let out = Output::new(false);
    out.line(&format!(
        "groupme demo: a tour of every command against a fake GroupMe running inside this \
         process\n(v3 at {}, v2 at {}, v4 at {}), signed in as the demo user. Nothing leaves this machine.",
        fake.v3_url(),
        fake.v2_url(),
        fake.v4_url()
    ))?;
    let arranged = Arranged::in_fake(fake.state()).map_err(|err| CliError::Demo(err.to_string()))?;
    let steps = tour(&arranged);
    let total = steps.len();
    for (number, step) in steps.into_iter().enumerate() {
        out.line(&format!(
            "\n== {}/{total} {} ==\n{}\n$ groupme {}",
            number + 1,
            step.title,
            step.says,
            shell_line(&step.args)
        ))?;
        let command = parse(&step.args)?;
        match commands::run(&client, out, command).await {
            Ok(()) if !step.refused => {}
            Err(CliError::Sdk(err)) if step.refused && err.is_unauthorized() => show_refusal(out, err)?,
            Ok(()) => {
                return Err(CliError::Demo(format!(
                    "`{}` was meant to be refused",
                    step.title
                )));
            }
            Err(err) => return Err(err),
        }
    }
    bot_answers(&fake, &client, out).await?;
    let _ = std::fs::remove_file(&arranged.export_file);
    out.line(
        "\nTour complete: every command ran against the fake.\n\
         To use the real GroupMe, put your access token in GROUPME_TOKEN and run `groupme me`.",
    )?;
    fake.shutdown()
        .await
        .map_err(|err| CliError::Demo(err.to_string()))
}

/// The last stop: a bot created with `groupme bots create` whose callback
/// URL is a receiver in this process; a member posts, the fake calls the
/// receiver as GroupMe would, and the bot answers through its poster.
async fn bot_answers(fake: &FakeGroupMe, client: &Client, out: Output) -> Result<(), CliError> {
    use groupme_sdk::BotPoster;
    use groupme_sdk::callback::Receiver;
    use groupme_sdk::types::BotCallback;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let callback_url = format!("http://{}/", listener.local_addr()?);
    out.line(&format!(
        "\n== A bot that answers ==\nA bot hears every message of its group at its callback URL; \
         here that is a receiver inside this process ({callback_url}).\n\
         $ groupme bots create {GROUP_ID} Echo --callback-url {callback_url}"
    ))?;
    let bot = client
        .bots()
        .create(GROUP_ID, "Echo")
        .callback_url(&callback_url)
        .send()
        .await?;
    out.line(&crate::render::bots(std::slice::from_ref(&bot)))?;
    let poster = BotPoster::builder(bot.bot_id.as_str())
        .base_url(fake.v3_url())
        .build()?;
    let router = Receiver::new(move |message: BotCallback| {
        let poster = poster.clone();
        async move {
            let text = message.text.unwrap_or_default();
            let who = message.name.unwrap_or_default();
            let _ = poster.post(format!("{who} said: {text}")).send().await;
        }
    })
    .bot_id(bot.bot_id.as_str())
    .router();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    out.line("Alice posts \"is anyone there?\" in the group; the fake POSTs it to the bot's receiver...")?;
    fake.state()
        .post_as_user(GROUP_ID, ALICE.id, "is anyone there?")
        .map_err(|err| CliError::Demo(err.to_string()))?;
    let mut answered = None;
    for _ in 0..100 {
        let messages = fake.state().delivered_messages(GROUP_ID);
        if let Some(echo) = messages.iter().find(|m| m.sender_type == "bot") {
            answered = Some(echo.clone());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.abort();
    let echo = answered.ok_or_else(|| CliError::Demo("the bot did not answer".to_owned()))?;
    out.line(&format!(
        "...and the bot answered with its bot id alone, no token (as `groupme bot post BOT_ID TEXT` does):\n  {}: {}",
        echo.name.unwrap_or_default(),
        echo.text.unwrap_or_default()
    ))
}

/// Parses a step's command line as the CLI would.
fn parse(args: &[String]) -> Result<ApiCommand, CliError> {
    let argv = std::iter::once("groupme").chain(args.iter().map(String::as_str));
    match Cli::try_parse_from(argv) {
        Ok(Cli {
            command: Command::Api(command),
            ..
        }) => Ok(command),
        Ok(_) => Err(CliError::Demo("the tour can only run API commands".to_owned())),
        Err(err) => Err(CliError::Demo(err.to_string())),
    }
}

/// Shows the typed error the wrapper returned, and what the CLI makes of it.
fn show_refusal(out: Output, err: groupme_sdk::Error) -> Result<(), CliError> {
    let facts = format!(
        "GroupMe said no, and the wrapper returned a typed groupme_sdk::Error:\n  \
         err.is_unauthorized() = {}\n  err.status()          = {:?}\n  err.operation()       = {:?}\n  \
         Display: {err}",
        err.is_unauthorized(),
        err.status().map(|status| status.as_u16()),
        err.operation(),
    );
    let refusal = CliError::Sdk(err);
    out.line(&format!(
        "{facts}\nThe CLI would exit with code {} and advise:\n  hint: {}",
        refusal.exit().code(),
        refusal.advice().unwrap_or_default(),
    ))
}

/// A command line as a shell would take it: arguments quoted where needed.
fn shell_line(args: &[String]) -> String {
    let plain = |arg: &str| {
        !arg.is_empty()
            && arg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "@._=:/+-,".contains(c))
    };
    args.iter()
        .map(|arg| {
            if plain(arg) {
                arg.clone()
            } else {
                format!("'{arg}'")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_parses() {
        let arranged = Arranged {
            shared: "5000".into(),
            share_token: "share1".into(),
            left: "5002".into(),
            handed_over: "5004".into(),
            disbanded: "5006".into(),
            early_message: "100000000240".into(),
            export_file: "/tmp/export.jsonl".into(),
            photo: "100000000001".into(),
        };
        for step in tour(&arranged) {
            parse(&step.args).unwrap_or_else(|err| panic!("{}: {err}", step.title));
        }
    }

    #[test]
    fn arguments_with_spaces_are_quoted() {
        let args = ["members", "nick", "2001", "Demo the Owner", "Hello!"].map(String::from);
        assert_eq!(shell_line(&args), "members nick 2001 'Demo the Owner' 'Hello!'");
    }
}
