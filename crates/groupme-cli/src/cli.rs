//! The command line: global options, subcommands and their arguments, as
//! clap parses them.

use std::convert::Infallible;

use clap::{Args, Parser, Subcommand, ValueEnum};
use groupme_sdk::types::{GroupType, GroupVisibility};
use groupme_sdk::{AccessToken, CampusVisibility};

use crate::exit::EXIT_CODES_HELP;

/// Manage your GroupMe account and the members of your groups.
///
/// Give your access token in GROUPME_TOKEN (find it at
/// <https://dev.groupme.com> under "Access Token"). Try `groupme demo` first:
/// it needs no token and no network.
#[derive(Debug, Parser)]
#[command(name = "groupme", version, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// Options every subcommand takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Your GroupMe access token. Prefer the environment variable: a token
    /// on the command line shows in process lists and shell history.
    #[arg(
        long,
        global = true,
        env = "GROUPME_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        value_parser = parse_token
    )]
    pub token: Option<AccessToken>,
    /// The v3 API's base URL (default <https://api.groupme.com/v3>).
    #[arg(long, global = true, env = "GROUPME_V3_URL", value_name = "URL")]
    pub v3_url: Option<String>,
    /// The v2 API's base URL (default <https://v2.groupme.com>).
    #[arg(long, global = true, env = "GROUPME_V2_URL", value_name = "URL")]
    pub v2_url: Option<String>,
    /// The image service's base URL (default <https://image.groupme.com>).
    #[arg(long, global = true, env = "GROUPME_IMAGE_URL", value_name = "URL")]
    pub image_url: Option<String>,
    /// The file service's base URL (default <https://file.groupme.com/v1>).
    #[arg(long, global = true, env = "GROUPME_FILE_URL", value_name = "URL")]
    pub file_url: Option<String>,
    /// The v4 API's base URL (default: the v3 URL ending in /v4 instead of
    /// /v3, <https://api.groupme.com/v4> for the default).
    #[arg(long, global = true, env = "GROUPME_V4_URL", value_name = "URL")]
    pub v4_url: Option<String>,
    /// Print machine-readable JSON on stdout instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
}

/// Wraps the token at once, so that it never sits in a plain `String`.
fn parse_token(token: &str) -> Result<AccessToken, Infallible> {
    Ok(AccessToken::new(token))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a narrated tour of every command against a built-in fake
    /// GroupMe server (no token, no network).
    Demo,
    /// Post as a bot, with its bot id alone (no token, unless an image is
    /// uploaded with it).
    #[command(subcommand)]
    Bot(BotCommand),
    /// The commands that talk to GroupMe.
    #[command(flatten)]
    Api(ApiCommand),
}

/// The subcommands that talk to GroupMe and need a token.
#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// Show the account the token belongs to.
    Me,
    /// Change your profile.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Receive messages by SMS instead of push notifications.
    #[command(subcommand)]
    Sms(SmsCommand),
    /// Turn your profile's share link on (a new link each time) or off.
    Share {
        /// `on` or `off`.
        state: Switch,
    },
    /// Campus directory settings (accounts in a school domain only).
    #[command(subcommand)]
    Directory(DirectoryCommand),
    /// Your groups: list, show, create, change, disband, join, rejoin,
    /// hand over, mute.
    #[command(subcommand)]
    Groups(GroupsCommand),
    /// List, add, remove and ban a group's members; set your nickname.
    #[command(subcommand)]
    Members(MembersCommand),
    /// Requests to join a group: list, approve, deny.
    #[command(subcommand)]
    Pending(PendingCommand),
    /// Your bots: list, create, destroy.
    #[command(subcommand)]
    Bots(BotsCommand),
    /// Store images on GroupMe's image service.
    #[command(subcommand)]
    Images(ImagesCommand),
    /// Store files for a group's messages.
    #[command(subcommand)]
    Files(FilesCommand),
    /// A group's messages: list (page by page or all) and send.
    #[command(subcommand)]
    Messages(MessagesCommand),
    /// Direct messages with one user: list and send.
    #[command(subcommand)]
    Dm(DmCommand),
    /// Your direct conversations, most recent first.
    Chats,
    /// Write a group's whole history as JSON Lines (one message a line,
    /// newest first), with a progress bar on stderr.
    Export(ExportArgs),
    /// Like a message, or react to it with an emoji.
    Like(LikeArgs),
    /// Take back your like or reaction on a message.
    Unlike(MessageTarget),
    /// Pinned messages of a group or a direct conversation.
    #[command(subcommand)]
    Pins(PinsCommand),
    /// A group's most liked messages of a period, or the likes you gave
    /// or received there.
    Leaderboard(LeaderboardArgs),
    /// The messages with images, videos or files of a conversation,
    /// newest first.
    Gallery(GalleryArgs),
    /// Mark your direct conversation with a user read up to a message.
    MarkRead {
        /// The other user's id.
        user: String,
        /// The last message read.
        message: String,
    },
}

/// Where a listing of messages starts; at most one.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct MessageCursorArgs {
    /// Messages newer than this id, oldest first (`after_id`).
    #[arg(long, value_name = "ID")]
    pub after: Option<String>,
    /// Messages newer than this id, newest first (GroupMe's `since_id`:
    /// the most recent ones first, then back down to the id).
    #[arg(long, value_name = "ID")]
    pub since: Option<String>,
    /// Messages older than this id, newest first (`before_id`).
    #[arg(long, value_name = "ID")]
    pub before: Option<String>,
}

/// How many messages a listing shows.
#[derive(Debug, Args)]
pub struct MessageCountArgs {
    /// Every message, walking every page (100 a request).
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// How many messages to show.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
}

/// What a sent message holds besides its text.
#[derive(Debug, Args)]
pub struct MessageContentArgs {
    /// The message text. Each `@word` in it, in order, mentions the user of
    /// the matching --mention.
    pub text: String,
    /// Mention this user (a user id) at the next `@word` of the text; repeat
    /// for more.
    #[arg(long, value_name = "USER_ID")]
    pub mention: Vec<String>,
    /// Reply to this message.
    #[arg(long, value_name = "ID")]
    pub reply_to: Option<String>,
    /// Attach an image from GroupMe's image service.
    #[arg(long, value_name = "URL")]
    pub image: Option<String>,
    /// Your own id for the message (a fresh one by default); a repeat
    /// within a minute is refused.
    #[arg(long, value_name = "GUID")]
    pub guid: Option<String>,
}

/// `groupme messages ...`
#[derive(Debug, Subcommand)]
pub enum MessagesCommand {
    /// List a group's messages: the newest first unless a cursor says
    /// otherwise.
    List {
        /// The group id.
        group: String,
        /// Where to start.
        #[command(flatten)]
        cursor: MessageCursorArgs,
        /// How many.
        #[command(flatten)]
        count: MessageCountArgs,
    },
    /// Send a message to a group.
    Send {
        /// The group id.
        group: String,
        /// The message.
        #[command(flatten)]
        content: MessageContentArgs,
    },
}

/// `groupme dm ...`
#[derive(Debug, Subcommand)]
pub enum DmCommand {
    /// List the messages you exchanged with a user: the newest first
    /// unless a cursor says otherwise.
    List {
        /// The other user's id.
        user: String,
        /// Where to start.
        #[command(flatten)]
        cursor: MessageCursorArgs,
        /// How many.
        #[command(flatten)]
        count: MessageCountArgs,
    },
    /// Send a direct message.
    Send {
        /// The other user's id.
        user: String,
        /// The message.
        #[command(flatten)]
        content: MessageContentArgs,
    },
}

/// Arguments of `groupme export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The group id.
    pub group: String,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Send at most N requests a second (turns the client's rate limit on,
    /// to stay clear of GroupMe's 429s on long exports).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate: Option<u32>,
}

/// `groupme bots ...`
#[derive(Debug, Subcommand)]
pub enum BotsCommand {
    /// List the bots you created (their ids are secrets: anyone who has
    /// one can post as the bot).
    List,
    /// Create a bot in a group you are in.
    Create {
        /// The group.
        group: String,
        /// The name its messages show.
        name: String,
        /// Where GroupMe POSTs each message of the group.
        #[arg(long, value_name = "URL")]
        callback_url: Option<String>,
        /// Its avatar (an image-service URL, see `groupme images upload`).
        #[arg(long, value_name = "URL")]
        avatar_url: Option<String>,
        /// Tell the bot about your direct messages too.
        #[arg(long)]
        dm_notification: bool,
    },
    /// Remove one of your bots.
    Destroy {
        /// The bot's id.
        bot_id: String,
    },
}

/// `groupme bot ...`
#[derive(Debug, Subcommand)]
pub enum BotCommand {
    /// Post TEXT as the bot.
    Post {
        /// The bot's id.
        bot_id: String,
        /// The text, at most 1,000 characters unless `--split`.
        text: String,
        /// Upload this image first and attach it (needs your token).
        #[arg(long, value_name = "FILE")]
        image: Option<std::path::PathBuf>,
        /// Post a longer text as several posts, in order.
        #[arg(long)]
        split: bool,
    },
}

/// `groupme images ...`
#[derive(Debug, Subcommand)]
pub enum ImagesCommand {
    /// Upload an image file (JPEG, PNG, GIF or WebP, by its extension) and
    /// print its GroupMe URL.
    Upload {
        /// The image file.
        file: std::path::PathBuf,
    },
}

/// `groupme files ...`
#[derive(Debug, Subcommand)]
pub enum FilesCommand {
    /// Upload a file for a group, wait until it is stored, and print its
    /// file id (for a `file` attachment).
    Upload {
        /// The group.
        group: String,
        /// The file.
        file: std::path::PathBuf,
    },
}

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    /// Turn it on.
    On,
    /// Turn it off.
    Off,
}

/// `groupme profile ...`
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Change name, email, avatar or zip code (the documented v3 call).
    Update(ProfileUpdateArgs),
    /// Change the extended profile: bio, theme song, gallery, interests,
    /// notification settings (the v2 call the apps use).
    UpdateExtended(Box<ProfileUpdateExtendedArgs>),
}

/// Arguments of `groupme profile update`.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct ProfileUpdateArgs {
    /// Your name, "First Last".
    #[arg(long)]
    pub name: Option<String>,
    /// Your email address.
    #[arg(long)]
    pub email: Option<String>,
    /// An avatar URL from GroupMe's image service.
    #[arg(long, value_name = "URL")]
    pub avatar_url: Option<String>,
    /// Your zip code.
    #[arg(long)]
    pub zip_code: Option<String>,
}

/// Arguments of `groupme profile update-extended`.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct ProfileUpdateExtendedArgs {
    /// Your name (a last name is optional here).
    #[arg(long)]
    pub name: Option<String>,
    /// Your email address.
    #[arg(long)]
    pub email: Option<String>,
    /// An avatar URL from GroupMe's image service.
    #[arg(long, value_name = "URL")]
    pub avatar_url: Option<String>,
    /// The profile's description.
    #[arg(long)]
    pub bio: Option<String>,
    /// A Spotify share URL for your theme song.
    #[arg(long, value_name = "URL")]
    pub song_url: Option<String>,
    /// A gallery image URL; repeat it, at least 3 times.
    #[arg(long = "photo-url", value_name = "URL")]
    pub photo_urls: Vec<String>,
    /// An interest tag index; repeat it for several.
    #[arg(long = "interest", value_name = "N")]
    pub interests: Vec<i64>,
    /// `true` turns reaction notifications off, `false` on.
    #[arg(long, value_name = "BOOL")]
    pub disable_favorite_notification: Option<bool>,
    /// The app's sound for group notifications, such as gm4.wav.
    #[arg(long, value_name = "FILE")]
    pub group_sound: Option<String>,
    /// The app's sound for direct messages, such as gm9.wav.
    #[arg(long, value_name = "FILE")]
    pub dm_sound: Option<String>,
}

/// `groupme sms ...`
#[derive(Debug, Subcommand)]
pub enum SmsCommand {
    /// Turn SMS mode on.
    On(SmsOnArgs),
    /// Turn SMS mode off.
    Off,
}

/// Arguments of `groupme sms on`.
#[derive(Debug, Args)]
pub struct SmsOnArgs {
    /// How long SMS mode lasts.
    #[command(flatten)]
    pub duration: SmsDurationArgs,
    /// The push token whose notifications are held back meanwhile.
    #[arg(long, value_name = "ID")]
    pub registration_id: Option<String>,
}

/// How long SMS mode lasts: hours or always.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct SmsDurationArgs {
    /// For this many hours, 1 to 48.
    #[arg(long, value_name = "N")]
    pub hours: Option<u32>,
    /// Until turned off.
    #[arg(long)]
    pub always: bool,
}

/// `groupme directory ...`
#[derive(Debug, Subcommand)]
pub enum DirectoryCommand {
    /// Replace the majors on your campus profile.
    Majors {
        /// Major codes from GroupMe's list of majors.
        #[arg(required = true, value_name = "CODE")]
        codes: Vec<String>,
    },
    /// Change your graduation year, who in the directory sees your profile,
    /// or both; what you leave out stays as it is.
    Membership(DirectoryMembershipArgs),
}

/// Arguments of `groupme directory membership`.
#[derive(Debug, Args)]
pub struct DirectoryMembershipArgs {
    /// Who sees your campus profile; unchanged if left out.
    #[arg(long)]
    pub visibility: Option<Visibility>,
    /// Your graduation year (needed for `graduation_year` visibility);
    /// unchanged if left out.
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Remove your graduation year from your profile.
    #[arg(long, conflicts_with = "year")]
    pub clear_year: bool,
    /// Your majors are already set (needed for `major` visibility).
    #[arg(long)]
    pub majors_already_set: bool,
}

/// Who in the campus directory sees the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Visibility {
    /// Nobody.
    Hidden,
    /// Those with the same graduation year.
    #[value(name = "graduation_year")]
    GraduationYear,
    /// Those with a major in common.
    Major,
    /// Everyone in the domain.
    Visible,
}

impl From<Visibility> for CampusVisibility {
    fn from(visibility: Visibility) -> Self {
        match visibility {
            Visibility::Hidden => Self::Hidden,
            Visibility::GraduationYear => Self::GraduationYear,
            Visibility::Major => Self::Major,
            Visibility::Visible => Self::Visible,
        }
    }
}

/// `groupme groups ...`
#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// List the groups you are in, walking every page.
    List {
        /// Groups per request (GroupMe's default is 10).
        #[arg(long, value_name = "N")]
        per_page: Option<u32>,
        /// Leave the member lists out (much smaller answers).
        #[arg(long)]
        omit_members: bool,
    },
    /// List the groups you left and may rejoin.
    Former,
    /// Every group you were ever in, with your state in it.
    States,
    /// Show one group and its members.
    Show {
        /// The group's id.
        group: String,
    },
    /// Create a group with you as its owner.
    Create(GroupCreateArgs),
    /// Change a group's settings.
    Update(GroupUpdateArgs),
    /// Disband a group for everyone (its creator only).
    Destroy {
        /// The group's id.
        group: String,
    },
    /// Join a group through the token at the end of its share URL.
    Join {
        /// The group's id.
        group: String,
        /// The last part of the share URL.
        share_token: String,
    },
    /// Rejoin a group you left.
    Rejoin {
        /// The group's id.
        group: String,
    },
    /// Hand groups over to new owners, each as GROUP_ID=NEW_OWNER_USER_ID.
    Transfer {
        /// The groups and their new owners.
        #[arg(required = true, value_name = "GROUP_ID=USER_ID", value_parser = parse_transfer)]
        changes: Vec<Transfer>,
    },
    /// Mute a group's notifications for you.
    Mute(GroupMuteArgs),
    /// Unmute a group's notifications for you.
    Unmute {
        /// The group's id.
        group: String,
        /// Unmute every topic too (otherwise only the main chat).
        #[arg(long)]
        topics: bool,
    },
}

/// Arguments of `groupme groups create`.
#[derive(Debug, Args)]
pub struct GroupCreateArgs {
    /// The group's name, 1 to 140 characters.
    pub name: String,
    /// A subheading, at most 255 characters.
    #[arg(long)]
    pub description: Option<String>,
    /// An avatar URL from GroupMe's image service.
    #[arg(long, value_name = "URL")]
    pub image_url: Option<String>,
    /// Make a share URL anybody can join with.
    #[arg(long)]
    pub share: bool,
}

/// Arguments of `groupme groups update`.
#[derive(Debug, Args)]
pub struct GroupUpdateArgs {
    /// The group's id.
    pub group: String,
    /// What to change.
    #[command(flatten)]
    pub changes: GroupChanges,
}

/// The settings `groupme groups update` changes; at least one.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct GroupChanges {
    /// The name, 1 to 140 characters.
    #[arg(long)]
    pub name: Option<String>,
    /// The subheading, at most 255 characters.
    #[arg(long)]
    pub description: Option<String>,
    /// An avatar URL from GroupMe's image service.
    #[arg(long, value_name = "URL")]
    pub image_url: Option<String>,
    /// The share URL: `on` makes one, `off` revokes it.
    #[arg(long, value_name = "on|off")]
    pub share: Option<Switch>,
    /// Office mode (silent notifications).
    #[arg(long, value_name = "on|off")]
    pub office_mode: Option<Switch>,
    /// Make people ask to join.
    #[arg(long, value_name = "on|off")]
    pub requires_approval: Option<Switch>,
    /// A question people asking to join must answer (turns approval on).
    #[arg(long, value_name = "TEXT")]
    pub join_question: Option<String>,
    /// Who manages and who posts.
    #[arg(long = "type", value_name = "TYPE")]
    pub group_type: Option<GroupKind>,
    /// Whether the group shows up in discovery.
    #[arg(long)]
    pub visibility: Option<GroupListing>,
}

/// A group's kind, as `groups update --type` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupKind {
    /// Every member manages settings and roster.
    Private,
    /// Only admins manage; everyone posts.
    Closed,
    /// Only admins manage and post.
    Announcement,
}

impl From<GroupKind> for GroupType {
    fn from(kind: GroupKind) -> Self {
        match kind {
            GroupKind::Private => Self::Private,
            GroupKind::Closed => Self::Closed,
            GroupKind::Announcement => Self::Announcement,
        }
    }
}

/// Whether a group is listed in discovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupListing {
    /// Listed.
    Searchable,
    /// Found only through its share URL.
    Hidden,
}

impl From<GroupListing> for GroupVisibility {
    fn from(listing: GroupListing) -> Self {
        match listing {
            GroupListing::Searchable => Self::Searchable,
            GroupListing::Hidden => Self::Hidden,
        }
    }
}

/// Arguments of `groupme groups mute`.
#[derive(Debug, Args)]
pub struct GroupMuteArgs {
    /// The group's id.
    pub group: String,
    /// For this many minutes; without it, until you unmute.
    #[arg(long, value_name = "N")]
    pub minutes: Option<u64>,
    /// Mute every topic too (otherwise only the main chat).
    #[arg(long)]
    pub topics: bool,
}

/// A group and its new owner, from `GROUP_ID=USER_ID`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// The group's id.
    pub group_id: String,
    /// The new owner's user id.
    pub owner_id: String,
}

/// Splits `GROUP_ID=USER_ID` at the first `=`; the wrapper checks the parts.
fn parse_transfer(text: &str) -> Result<Transfer, String> {
    let (group_id, owner_id) = text
        .split_once('=')
        .ok_or_else(|| format!("expected GROUP_ID=USER_ID, such as 2001=1003, got {text:?}"))?;
    Ok(Transfer {
        group_id: group_id.to_owned(),
        owner_id: owner_id.to_owned(),
    })
}

/// `groupme members ...`
#[derive(Debug, Subcommand)]
pub enum MembersCommand {
    /// List current members (or former ones); owners and admins only.
    List {
        /// The group's id.
        group: String,
        /// List former members instead (exited, removed).
        #[arg(long)]
        inactive: bool,
    },
    /// Add members and wait until GroupMe reports who was added and who
    /// was NOT.
    Add(MembersAddArgs),
    /// Look at the results of an add started earlier (with --no-wait, or
    /// one whose waiting failed): once, or with --wait until they are ready.
    /// Exits 5 while they are not ready yet.
    Results {
        /// The group's id.
        group: String,
        /// The results id the add printed.
        results_id: String,
        /// Wait until the results are ready instead of looking once.
        #[arg(long)]
        wait: bool,
    },
    /// Remove a member, by membership id or by user id.
    Remove {
        /// The group's id.
        group: String,
        /// Which member.
        #[command(flatten)]
        target: MemberTarget,
    },
    /// Ban a former member from rejoining, by membership id or user id.
    Ban {
        /// The group's id.
        group: String,
        /// Which former member.
        #[command(flatten)]
        target: MemberTarget,
    },
    /// Set your own nickname in a group (1 to 50 characters).
    Nick {
        /// The group's id.
        group: String,
        /// The new nickname.
        nickname: String,
    },
}

/// A member named by membership id or by user id.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct MemberTarget {
    /// The membership id (the `id` in `members list`, not the user id).
    pub membership_id: Option<String>,
    /// The user id instead; the membership id is looked up.
    #[arg(long = "user", value_name = "USER_ID")]
    pub user_id: Option<String>,
}

/// Arguments of `groupme members add`.
#[derive(Debug, Args)]
pub struct MembersAddArgs {
    /// The group's id.
    pub group: String,
    /// Whom to add.
    #[command(flatten)]
    pub members: NewMembersArgs,
    /// Only start the add and print its results id; do not wait.
    #[arg(long)]
    pub no_wait: bool,
}

/// The members to add, each as `NICKNAME=IDENTIFIER`.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct NewMembersArgs {
    /// Someone by email address; repeatable.
    #[arg(long = "email", value_name = "NICK=EMAIL", value_parser = parse_named)]
    pub emails: Vec<Named>,
    /// Someone by phone number, such as "Dad=+1 5550109876"; repeatable.
    #[arg(long = "phone", value_name = "NICK=PHONE", value_parser = parse_named)]
    pub phones: Vec<Named>,
    /// Someone with a GroupMe account, by user id; repeatable.
    #[arg(long = "user", value_name = "NICK=USER_ID", value_parser = parse_named)]
    pub users: Vec<Named>,
}

/// A nickname and an identifier, from `NICKNAME=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The nickname, before the first `=`.
    pub nickname: String,
    /// The email, phone number or user id, after it.
    pub value: String,
}

/// Splits `NICKNAME=VALUE` at the first `=`; the wrapper checks the parts.
fn parse_named(text: &str) -> Result<Named, String> {
    let (nickname, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected NICKNAME=VALUE, such as Jane=dana@example.org, got {text:?}"))?;
    Ok(Named {
        nickname: nickname.to_owned(),
        value: value.to_owned(),
    })
}

/// `groupme pending ...`
#[derive(Debug, Subcommand)]
pub enum PendingCommand {
    /// List the requests to join a group.
    List {
        /// The group's id.
        group: String,
    },
    /// Approve one request, or all of them.
    Approve {
        /// The group's id.
        group: String,
        /// Which request.
        #[command(flatten)]
        target: PendingTarget,
    },
    /// Deny one request, or all of them.
    Deny {
        /// The group's id.
        group: String,
        /// Which request.
        #[command(flatten)]
        target: PendingTarget,
    },
}

/// One request by membership id, or all.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct PendingTarget {
    /// The request's membership id (the `id` in `pending list`).
    pub membership_id: Option<String>,
    /// Every pending request.
    #[arg(long)]
    pub all: bool,
}

/// A conversation: a group, or with `--dm` a direct conversation.
#[derive(Debug, Args)]
pub struct ConversationTarget {
    /// The group's id, or with `--dm` the other user's id.
    pub conversation: String,
    /// CONVERSATION is a user: the direct conversation with them.
    #[arg(long)]
    pub dm: bool,
}

/// One message of a group or a direct conversation.
#[derive(Debug, Args)]
pub struct MessageTarget {
    /// Where the message is.
    #[command(flatten)]
    pub conversation: ConversationTarget,
    /// The message's id.
    pub message: String,
}

/// Arguments of `groupme like`.
#[derive(Debug, Args)]
pub struct LikeArgs {
    /// The message to like.
    #[command(flatten)]
    pub target: MessageTarget,
    /// React with this emoji instead of a plain like (one of those
    /// GroupMe's apps offer, such as 🔥).
    #[arg(long, conflicts_with = "powerup")]
    pub emoji: Option<String>,
    /// React with a powerup emoji, as PACK_ID:PACK_INDEX.
    #[arg(long, value_name = "PACK_ID:PACK_INDEX", value_parser = parse_powerup)]
    pub powerup: Option<(u32, u32)>,
}

/// `groupme pins ...`
#[derive(Debug, Subcommand)]
pub enum PinsCommand {
    /// List the pinned messages.
    List(ConversationTarget),
    /// Pin a message.
    Pin(MessageTarget),
    /// Unpin a message.
    Unpin(MessageTarget),
}

/// A like leaderboard's period.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Period {
    /// The last day.
    Day,
    /// The last week.
    Week,
    /// The last month.
    Month,
}

/// Arguments of `groupme leaderboard`.
#[derive(Debug, Args)]
pub struct LeaderboardArgs {
    /// The group's id.
    pub group: String,
    /// The period to rank.
    #[arg(long, value_enum, default_value = "week")]
    pub period: Period,
    /// The messages you liked instead, the most recently liked first.
    #[arg(long, conflicts_with_all = ["for_me", "period"])]
    pub mine: bool,
    /// Your messages others liked instead.
    #[arg(long, conflicts_with = "period")]
    pub for_me: bool,
}

/// Arguments of `groupme gallery`.
#[derive(Debug, Args)]
pub struct GalleryArgs {
    /// Whose gallery.
    #[command(flatten)]
    pub conversation: ConversationTarget,
    /// Stop after this many messages (all of them when left out).
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,
    /// Messages per request (GroupMe's default is 100).
    #[arg(long, value_name = "N")]
    pub per_page: Option<u32>,
}

/// Parses `PACK_ID:PACK_INDEX`.
fn parse_powerup(text: &str) -> Result<(u32, u32), String> {
    let (pack, index) = text
        .split_once(':')
        .ok_or_else(|| "expected PACK_ID:PACK_INDEX, such as 1:62".to_owned())?;
    let number = |part: &str| {
        part.trim()
            .parse::<u32>()
            .map_err(|_| format!("`{part}` is not a whole number"))
    };
    Ok((number(pack)?, number(index)?))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn named_members_split_at_the_first_equals_sign() {
        assert_eq!(
            parse_named("Jane=a=b@example.com"),
            Ok(Named {
                nickname: "Jane".into(),
                value: "a=b@example.com".into()
            })
        );
        assert!(parse_named("dana@example.org").is_err());
    }

    #[test]
    fn transfers_split_at_the_first_equals_sign() {
        assert_eq!(
            parse_transfer("2001=1003"),
            Ok(Transfer {
                group_id: "2001".into(),
                owner_id: "1003".into()
            })
        );
        assert!(parse_transfer("2001").is_err());
    }

    #[test]
    fn powerups_are_a_pack_and_an_index() {
        assert_eq!(parse_powerup("1:62"), Ok((1, 62)));
        assert!(parse_powerup("1").is_err());
        assert!(parse_powerup("a:2").is_err());
    }

    #[test]
    fn the_token_is_redacted_in_debug_output() {
        let cli = Cli::try_parse_from(["groupme", "--token", "s3cret", "me"]).unwrap();
        assert!(!format!("{cli:?}").contains("s3cret"));
        assert_eq!(
            cli.global.token.map(|t| t.expose().to_owned()).as_deref(),
            Some("s3cret")
        );
    }
}
