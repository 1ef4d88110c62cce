//! Runs `groupme groups ...` through the wrapper's groups handles.

use groupme_sdk::{Client, MuteDuration, OwnerChange};
use serde_json::json;

use crate::cli::{GroupChanges, GroupMuteArgs, GroupsCommand, Switch};
use crate::exit::CliError;
use crate::render::{self, Output, Spinner};

/// Runs one `groups` subcommand and prints its outcome.
pub async fn run(client: &Client, out: Output, command: GroupsCommand) -> Result<(), CliError> {
    match command {
        GroupsCommand::List {
            per_page,
            omit_members,
        } => {
            let spinner = Spinner::start(out, "fetching your groups, page by page...");
            let mut list = client.groups().list().omit_memberships(omit_members);
            if let Some(per_page) = per_page {
                list = list.per_page(per_page);
            }
            let groups = list.collect_all().await?;
            drop(spinner);
            out.emit(&groups, |groups| render::groups(groups))
        }
        GroupsCommand::Former => {
            let groups = client.groups().former().await?;
            out.emit(&groups, |groups| render::groups(groups))
        }
        GroupsCommand::States => {
            let states = client.groups().membership_states().await?;
            out.emit(&states, |states| render::membership_states(states))
        }
        GroupsCommand::Show { group } => {
            let group = client.group(group).get().await?;
            out.emit(&group, render::group)
        }
        GroupsCommand::Create(args) => {
            let mut create = client.groups().create(args.name).share(args.share);
            if let Some(description) = args.description {
                create = create.description(description);
            }
            if let Some(url) = args.image_url {
                create = create.image_url(url);
            }
            let group = create.send().await?;
            out.emit(&group, |group| {
                format!("Created group {}.\n{}", group.id, render::group(group))
            })
        }
        GroupsCommand::Update(args) => {
            let group = update(client.group(args.group).update(), args.changes)
                .send()
                .await?;
            out.emit(&group, |group| {
                format!("Updated group {}.\n{}", group.id, render::group(group))
            })
        }
        GroupsCommand::Destroy { group } => {
            client.group(group.as_str()).destroy().await?;
            out.emit(&json!({ "group_id": group, "destroyed": true }), |_| {
                format!("Group {group} is disbanded.")
            })
        }
        GroupsCommand::Join { group, share_token } => {
            let group = client.groups().join(group, share_token).await?;
            out.emit(&group, |group| {
                format!("Joined group {}.\n{}", group.id, render::group(group))
            })
        }
        GroupsCommand::Rejoin { group } => {
            let group = client.groups().rejoin(group).await?;
            out.emit(&group, |group| {
                format!("Rejoined group {}.\n{}", group.id, render::group(group))
            })
        }
        GroupsCommand::Transfer { changes } => {
            let changes = changes
                .into_iter()
                .map(|change| OwnerChange::new(change.group_id, change.owner_id));
            let outcomes = client.groups().change_owners(changes).await?;
            let rows: Vec<_> = outcomes
                .iter()
                .map(|outcome| {
                    json!({
                        "group_id": outcome.group_id,
                        "owner_id": outcome.owner_id,
                        "status": outcome.status.code(),
                        "changed": outcome.status.is_changed(),
                    })
                })
                .collect();
            out.emit(&rows, |_| render::owner_changes(&outcomes))?;
            let failed = outcomes
                .iter()
                .filter(|outcome| !outcome.status.is_changed())
                .count();
            if failed == 0 {
                Ok(())
            } else {
                Err(CliError::NotTransferred { failed })
            }
        }
        GroupsCommand::Mute(args) => mute(client, out, args).await,
        GroupsCommand::Unmute { group, topics } => {
            let handle = client.group(group.as_str());
            let muted_until = if topics {
                handle.unmute_with_topics().await?.muted_until
            } else {
                handle.unmute().await?.muted_until
            };
            out.emit(
                &json!({ "group_id": group, "topics": topics, "muted_until": muted_until }),
                |_| format!("Group {group}: notifications are on again{}.", scope(topics)),
            )
        }
    }
}

async fn mute(client: &Client, out: Output, args: GroupMuteArgs) -> Result<(), CliError> {
    let duration = args
        .minutes
        .map_or(MuteDuration::UntilUnmuted, MuteDuration::Minutes);
    let handle = client.group(args.group.as_str());
    let muted_until = if args.topics {
        handle.mute_with_topics(duration).await?.muted_until
    } else {
        handle.mute(duration).await?.muted_until
    };
    let group = args.group;
    let topics = args.topics;
    out.emit(
        &json!({ "group_id": group, "topics": topics, "muted_until": muted_until }),
        |_| {
            let until = match args.minutes {
                Some(minutes) => format!("for {minutes} minute(s), until {}", render::time(muted_until)),
                None => "until you unmute it".to_owned(),
            };
            format!("Group {group} is muted{} {until}.", scope(topics))
        },
    )
}

/// What a mute covers, in words.
fn scope(topics: bool) -> &'static str {
    if topics {
        " (main chat and every topic)"
    } else {
        " (main chat)"
    }
}

/// Applies the command line's changes to the wrapper's update builder.
fn update(mut update: groupme_sdk::UpdateGroup<'_>, changes: GroupChanges) -> groupme_sdk::UpdateGroup<'_> {
    let on = |switch: Switch| switch == Switch::On;
    if let Some(name) = changes.name {
        update = update.name(name);
    }
    if let Some(description) = changes.description {
        update = update.description(description);
    }
    if let Some(url) = changes.image_url {
        update = update.image_url(url);
    }
    if let Some(share) = changes.share {
        update = update.share(on(share));
    }
    if let Some(office_mode) = changes.office_mode {
        update = update.office_mode(on(office_mode));
    }
    if let Some(requires_approval) = changes.requires_approval {
        update = update.requires_approval(on(requires_approval));
    }
    if let Some(question) = changes.join_question {
        update = update.join_question(question);
    }
    if let Some(kind) = changes.group_type {
        update = update.group_type(kind.into());
    }
    if let Some(listing) = changes.visibility {
        update = update.visibility(listing.into());
    }
    update
}
