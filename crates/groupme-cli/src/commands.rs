//! Runs the parsed commands through the `groupme_sdk` wrapper and hands the
//! answers to [`render`].

use std::collections::HashMap;

use groupme_sdk::types::Member;
use groupme_sdk::{
    AddOutcome, Client, DecideAllOutcome, Decision, GroupId, MemberFilter, MembersHandle, MembershipId,
    NewMember, ResultsId, ResultsStatus, SmsDuration, UserId,
};
use serde::Serialize;
use serde_json::json;

use crate::cli::{
    ApiCommand, DirectoryCommand, GlobalArgs, MemberTarget, MembersAddArgs, MembersCommand, Named,
    PendingCommand, ProfileCommand, ProfileUpdateArgs, ProfileUpdateExtendedArgs, SmsCommand, Switch,
};
use crate::exit::CliError;
use crate::render::{self, Output, Spinner};

/// Builds the client from the global options: the token (required) and
/// the base URLs.
pub fn client(global: &GlobalArgs) -> Result<Client, CliError> {
    let token = global
        .token
        .clone()
        .filter(|token| !token.expose().is_empty())
        .ok_or(CliError::MissingToken)?;
    let mut builder = Client::builder(token).user_agent(concat!("groupme-cli/", env!("CARGO_PKG_VERSION")));
    if let Some(url) = &global.v3_url {
        builder = builder.v3_base_url(url);
    }
    if let Some(url) = &global.v2_url {
        builder = builder.v2_base_url(url);
    }
    if let Some(url) = &global.image_url {
        builder = builder.image_base_url(url);
    }
    if let Some(url) = &global.file_url {
        builder = builder.file_base_url(url);
    }
    if let Some(url) = &global.v4_url {
        builder = builder.v4_base_url(url);
    }
    Ok(builder.build()?)
}

/// Runs one command and prints its outcome.
pub async fn run(client: &Client, out: Output, command: ApiCommand) -> Result<(), CliError> {
    match command {
        ApiCommand::Me => {
            let me = client.me().await?;
            out.emit(&me, render::user)
        }
        ApiCommand::Profile(ProfileCommand::Update(args)) => update_profile(client, out, args).await,
        ApiCommand::Profile(ProfileCommand::UpdateExtended(args)) => {
            update_extended_profile(client, out, args).await
        }
        ApiCommand::Sms(command) => sms(client, out, command).await,
        ApiCommand::Share { state } => {
            let sharing = match state {
                Switch::On => client.profile().enable_sharing().await?,
                Switch::Off => client.profile().disable_sharing().await?,
            };
            out.emit(&sharing, render::sharing)
        }
        ApiCommand::Directory(command) => directory(client, out, command).await,
        ApiCommand::Groups(command) => crate::groups::run(client, out, command).await,
        ApiCommand::Members(command) => members(client, out, command).await,
        ApiCommand::Pending(command) => pending(client, out, command).await,
        ApiCommand::Bots(command) => crate::bots::run(client, out, command).await,
        ApiCommand::Images(command) => crate::bots::images(client, out, command).await,
        ApiCommand::Files(command) => crate::bots::files(client, out, command).await,
        ApiCommand::Messages(command) => crate::messages::run(client, out, command).await,
        ApiCommand::Dm(command) => crate::messages::run_dm(client, out, command).await,
        ApiCommand::Chats => crate::messages::chats(client, out).await,
        ApiCommand::Export(args) => crate::messages::export(client, out, args).await,
        ApiCommand::Like(args) => crate::reactions::like(client, out, args).await,
        ApiCommand::Unlike(target) => crate::reactions::unlike(client, out, target).await,
        ApiCommand::Pins(command) => crate::reactions::pins(client, out, command).await,
        ApiCommand::Leaderboard(args) => crate::reactions::leaderboard(client, out, args).await,
        ApiCommand::Gallery(args) => crate::reactions::gallery(client, out, args).await,
        ApiCommand::MarkRead { user, message } => {
            crate::reactions::mark_read(client, out, user, message).await
        }
    }
}

async fn update_profile(client: &Client, out: Output, args: ProfileUpdateArgs) -> Result<(), CliError> {
    let mut update = client.profile().update();
    if let Some(name) = args.name {
        update = update.name(name);
    }
    if let Some(email) = args.email {
        update = update.email(email);
    }
    if let Some(url) = args.avatar_url {
        update = update.avatar_url(url);
    }
    if let Some(zip_code) = args.zip_code {
        update = update.zip_code(zip_code);
    }
    let user = update.send().await?;
    out.emit(&user, render::user)
}

async fn update_extended_profile(
    client: &Client,
    out: Output,
    args: Box<ProfileUpdateExtendedArgs>,
) -> Result<(), CliError> {
    let mut update = client.profile().update_extended();
    if let Some(name) = args.name {
        update = update.name(name);
    }
    if let Some(email) = args.email {
        update = update.email(email);
    }
    if let Some(url) = args.avatar_url {
        update = update.avatar_url(url);
    }
    if let Some(bio) = args.bio {
        update = update.bio(bio);
    }
    if let Some(url) = args.song_url {
        update = update.song_url(url);
    }
    if !args.photo_urls.is_empty() {
        update = update.photo_urls(args.photo_urls);
    }
    if !args.interests.is_empty() {
        update = update.interests(args.interests);
    }
    if let Some(disable) = args.disable_favorite_notification {
        update = update.disable_favorite_notification(disable);
    }
    if let Some(sound) = args.group_sound {
        update = update.group_notification_sound(sound);
    }
    if let Some(sound) = args.dm_sound {
        update = update.dm_notification_sound(sound);
    }
    let profile = update.send().await?;
    out.emit(&profile, render::profile)
}

async fn sms(client: &Client, out: Output, command: SmsCommand) -> Result<(), CliError> {
    match command {
        SmsCommand::On(args) => {
            // The argument group makes exactly one of --hours and --always present.
            let duration = args
                .duration
                .hours
                .map_or(SmsDuration::Always, SmsDuration::Hours);
            let mut enable = client.sms().enable(duration);
            if let Some(id) = args.registration_id {
                enable = enable.registration_id(id);
            }
            enable.send().await?;
            let (wire, words) = match duration {
                SmsDuration::Hours(hours) => (json!(hours), format!("for {hours} hour(s)")),
                SmsDuration::Always => (json!("always"), "until you turn it off".to_owned()),
            };
            out.emit(&json!({ "sms_mode": "on", "duration": wire }), |_| {
                format!("SMS mode is on {words}: messages arrive by text instead of push.")
            })
        }
        SmsCommand::Off => {
            client.sms().disable().await?;
            out.emit(&json!({ "sms_mode": "off" }), |_| {
                "SMS mode is off: messages arrive as push notifications again.".to_owned()
            })
        }
    }
}

async fn directory(client: &Client, out: Output, command: DirectoryCommand) -> Result<(), CliError> {
    match command {
        DirectoryCommand::Majors { codes } => {
            let codes = client.directory().set_majors(codes).await?;
            out.emit(&codes, |codes| {
                format!("Majors on your campus profile: {}", codes.join(", "))
            })
        }
        DirectoryCommand::Membership(args) => {
            let mut update = client.directory().update_membership();
            if let Some(visibility) = args.visibility {
                update = update.visibility(visibility.into());
            }
            if let Some(year) = args.year {
                update = update.graduation_year(year);
            }
            if args.clear_year {
                update = update.clear_graduation_year();
            }
            if args.majors_already_set {
                update = update.majors_already_set();
            }
            let membership = update.send().await?;
            out.emit(&membership, render::directory_membership)
        }
    }
}

async fn members(client: &Client, out: Output, command: MembersCommand) -> Result<(), CliError> {
    match command {
        MembersCommand::List { group, inactive } => {
            let filter = if inactive {
                MemberFilter::Inactive
            } else {
                MemberFilter::Active
            };
            let members = client.group(group).members().list(filter).await?;
            out.emit(&members, |members| render::members(members))
        }
        MembersCommand::Add(args) => add_members(client, out, args).await,
        MembersCommand::Results {
            group,
            results_id,
            wait,
        } => {
            let members = client.group(group);
            let members = members.members();
            let results_id = ResultsId::from(results_id);
            let status = if wait {
                let spinner = Spinner::start(out, "waiting for GroupMe to finish the add...".to_owned());
                let added = members.wait_for_results(&results_id).await?;
                drop(spinner);
                ResultsStatus::Ready(added)
            } else {
                members.results(&results_id).await?
            };
            match status {
                ResultsStatus::Ready(members) => out
                    .emit(&json!({ "ready": true, "members": members }), |_| {
                        format!("Ready. Members added:\n{}", render::members(&members))
                    }),
                ResultsStatus::NotReady => {
                    out.emit(&json!({ "ready": false }), |_| "Not ready yet.".to_owned())?;
                    Err(CliError::ResultsNotReady)
                }
            }
        }
        MembersCommand::Remove { group, target } => {
            let members = client.group(group.as_str()).members();
            let membership_id = match target_of(target) {
                Target::Membership(id) => {
                    members.remove(id.clone()).await?;
                    id
                }
                Target::User(user_id) => members.remove_user(user_id).await?,
            };
            out.emit(
                &json!({ "group_id": group, "membership_id": membership_id, "removed": true }),
                |_| format!("Removed membership {membership_id} from group {group}."),
            )
        }
        MembersCommand::Ban { group, target } => {
            let members = client.group(group.as_str()).members();
            let membership_id = match target_of(target) {
                Target::Membership(id) => {
                    members.ban(id.clone()).await?;
                    id
                }
                Target::User(user_id) => members.ban_user(user_id).await?,
            };
            out.emit(
                &json!({ "group_id": group, "membership_id": membership_id, "banned": true }),
                |_| format!("Banned membership {membership_id} from group {group}: they cannot rejoin."),
            )
        }
        MembersCommand::Nick { group, nickname } => {
            let member = client.group(group).set_nickname(nickname).await?;
            out.emit(&member, |member| {
                format!(
                    "Your nickname is now {:?}.\n{}",
                    member.nickname,
                    render::members(std::slice::from_ref(member))
                )
            })
        }
    }
}

/// A member named on the command line.
enum Target {
    Membership(MembershipId),
    User(UserId),
}

/// The argument group makes exactly one of the two present.
fn target_of(target: MemberTarget) -> Target {
    match target.user_id {
        Some(user_id) => Target::User(UserId::from(user_id)),
        None => Target::Membership(MembershipId::from(target.membership_id.unwrap_or_default())),
    }
}

/// A member asked for, as the report shows them.
#[derive(Debug, Clone, Serialize)]
struct Requested {
    nickname: String,
    #[serde(flatten)]
    by: Identifier,
    guid: String,
}

/// How a member to add was named.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
enum Identifier {
    Email(String),
    PhoneNumber(String),
    UserId(String),
}

impl Identifier {
    fn describe(&self) -> String {
        match self {
            Self::Email(email) => format!("email {email}"),
            Self::PhoneNumber(phone) => format!("phone {phone}"),
            Self::UserId(user_id) => format!("user id {user_id}"),
        }
    }
}

impl Requested {
    fn new(named: Named, by: fn(String) -> Identifier) -> Self {
        Self {
            nickname: named.nickname,
            by: by(named.value),
            guid: uuid::Uuid::new_v4().to_string(),
        }
    }

    fn to_new_member(&self) -> NewMember {
        let member = match &self.by {
            Identifier::Email(email) => NewMember::by_email(&self.nickname, email),
            Identifier::PhoneNumber(phone) => NewMember::by_phone(&self.nickname, phone),
            Identifier::UserId(user_id) => NewMember::by_user_id(&self.nickname, user_id.as_str()),
        };
        member.guid(&self.guid)
    }
}

/// A member who was added: the request and the membership made.
#[derive(Debug, Serialize)]
struct Added {
    #[serde(flatten)]
    requested: Requested,
    membership: Member,
}

/// The outcome of `members add`.
#[derive(Debug, Serialize)]
struct AddReport {
    group_id: GroupId,
    results_id: ResultsId,
    added: Vec<Added>,
    not_added: Vec<Requested>,
}

impl AddReport {
    /// Pairs the wrapper's outcome with what was asked for, by GUID.
    fn new(group_id: GroupId, results_id: ResultsId, requested: &[Requested], outcome: AddOutcome) -> Self {
        let by_guid: HashMap<&str, &Requested> = requested.iter().map(|r| (r.guid.as_str(), r)).collect();
        let find = |member: &NewMember| {
            member
                .guid_value()
                .and_then(|guid| by_guid.get(guid))
                .map(|requested| (*requested).clone())
        };
        Self {
            group_id,
            results_id,
            added: outcome
                .added
                .into_iter()
                .filter_map(|added| {
                    Some(Added {
                        requested: find(&added.requested)?,
                        membership: added.membership,
                    })
                })
                .collect(),
            not_added: outcome.not_added.iter().filter_map(find).collect(),
        }
    }

    fn human(&self) -> String {
        let mut text = format!(
            "Added {} of {}:\n",
            self.added.len(),
            self.added.len() + self.not_added.len()
        );
        if self.added.is_empty() {
            text.push_str("(nobody)\n");
        } else {
            let mut table = render::table(["Nickname", "Requested by", "Membership ID", "User ID"]);
            for added in &self.added {
                table.add_row(vec![
                    added.requested.nickname.clone(),
                    added.requested.by.describe(),
                    added.membership.id.clone(),
                    added.membership.user_id.clone(),
                ]);
            }
            text.push_str(&format!("{table}\n"));
        }
        if !self.not_added.is_empty() {
            text.push_str(&format!(
                "NOT added ({}): GroupMe left them out (unknown user id, banned, or never talked to you); \
                 try them by email or phone:\n",
                self.not_added.len()
            ));
            let mut table = render::table(["Nickname", "Requested by", "GUID"]);
            for requested in &self.not_added {
                table.add_row(vec![
                    requested.nickname.clone(),
                    requested.by.describe(),
                    requested.guid.clone(),
                ]);
            }
            text.push_str(&table.to_string());
        }
        text
    }
}

async fn add_members(client: &Client, out: Output, args: MembersAddArgs) -> Result<(), CliError> {
    let group_id = GroupId::from(args.group);
    let requested: Vec<Requested> = (args
        .members
        .emails
        .into_iter()
        .map(|n| Requested::new(n, Identifier::Email)))
    .chain(
        args.members
            .phones
            .into_iter()
            .map(|n| Requested::new(n, Identifier::PhoneNumber)),
    )
    .chain(
        args.members
            .users
            .into_iter()
            .map(|n| Requested::new(n, Identifier::UserId)),
    )
    .collect();
    let group = client.group(group_id.clone());
    let members: MembersHandle<'_> = group.members();
    let spinner = Spinner::start(
        out,
        format!("asking GroupMe to add {} member(s)...", requested.len()),
    );
    let started = members
        .add()
        .members(requested.iter().map(Requested::to_new_member))
        .start()
        .await
        .map_err(|source| {
            if source.outcome_unknown() {
                CliError::AddMayHaveHappened {
                    group: group_id.clone(),
                    source,
                }
            } else {
                CliError::Sdk(source)
            }
        })?;
    if args.no_wait {
        drop(spinner);
        return out.emit(
            &json!({ "group_id": group_id, "results_id": started.results_id, "requested": requested }),
            |_| {
                format!(
                    "Add started; results id {id}.\nSee who was added with: groupme members results {group_id} {id}",
                    id = started.results_id
                )
            },
        );
    }
    spinner.say(format!(
        "waiting for GroupMe to add {} member(s)...",
        requested.len()
    ));
    let outcome = members.wait(&started).await.map_err(|source| {
        if source.started_add().is_some() {
            CliError::StillAdding {
                group: group_id.clone(),
                results_id: started.results_id.clone(),
                source,
            }
        } else {
            CliError::Sdk(source)
        }
    })?;
    drop(spinner);
    let report = AddReport::new(group_id, started.results_id, &requested, outcome);
    out.emit(&report, AddReport::human)
}

async fn pending(client: &Client, out: Output, command: PendingCommand) -> Result<(), CliError> {
    let (group, target, decision) = match command {
        PendingCommand::List { group } => {
            let requests = client.group(group).pending().list().await?;
            return out.emit(&requests, |requests| render::pending(requests));
        }
        PendingCommand::Approve { group, target } => (group, target, Decision::Approve),
        PendingCommand::Deny { group, target } => (group, target, Decision::Deny),
    };
    let pending = client.group(group).pending();
    // The argument group makes exactly one of the id and --all present.
    match target.membership_id {
        Some(id) => {
            let result = pending.decide(MembershipId::from(id), decision).await?;
            out.emit(&result, |result| render::approvals(std::slice::from_ref(result)))
        }
        None => {
            let outcome = match decision {
                Decision::Approve => pending.approve_all().await?,
                Decision::Deny => pending.deny_all().await?,
            };
            report_decisions(out, outcome)
        }
    }
}

/// Prints what was decided and what failed; fails if anything did.
fn report_decisions(out: Output, outcome: DecideAllOutcome) -> Result<(), CliError> {
    let failed: Vec<_> = outcome
        .failed
        .iter()
        .map(|(id, err)| json!({ "membership_id": id, "error": err.to_string() }))
        .collect();
    out.emit(&json!({ "decided": outcome.decided, "failed": failed }), |_| {
        let mut text = if outcome.decided.is_empty() {
            "No requests were decided.".to_owned()
        } else {
            render::approvals(&outcome.decided)
        };
        for (id, err) in &outcome.failed {
            text.push_str(&format!("\nCould not decide {id}: {err}"));
        }
        text
    })?;
    let failed = outcome.failed.len();
    match outcome.failed.into_iter().next() {
        Some((_, first)) => Err(CliError::Undecided { failed, first }),
        None => Ok(()),
    }
}
