//! How the world looks through the API: conversions from the model to the
//! types generated from the spec, so every answer has the spec's shape.

use std::time::SystemTime;

use serde_json::Value;

use groupme_api::v2::types::{EmailSettings, Profile};
use groupme_api::v3::types::{
    DirectoryMembership, Group as ApiGroup, GroupMessages, Member, MessagePreview, PendingMembership,
    ProfileSharing, User as ApiUser,
};

use crate::model::{Directory, Group, Id, MAX_MEMBERS, Membership, MembershipState, User, Users};

/// The locale every fake user has.
const LOCALE: &str = "en_us";

/// The language every fake user has.
const LANGUAGE: &str = "en-US";

/// The user as `GET /users/me` shows them.
pub(crate) fn user(user: &User, now: SystemTime) -> ApiUser {
    let sharing = sharing(user);
    ApiUser {
        id: user.id.to_string(),
        user_id: Some(user.id.to_string()),
        name: user.name.clone(),
        phone_number: user.phone_number.clone(),
        email: user.email.clone(),
        image_url: user.image_url.clone(),
        sms: Some(user.sms_on(now)),
        created_at: Some(user.created_at),
        updated_at: Some(user.updated_at),
        locale: Some(LOCALE.to_owned()),
        zip_code: user.zip_code.clone(),
        share_url: sharing.share_url,
        share_qr_code_url: sharing.share_qr_code_url,
    }
}

/// The user's share links; both `None` while sharing is off.
pub(crate) fn sharing(user: &User) -> ProfileSharing {
    match &user.share_code {
        Some(code) => ProfileSharing {
            share_url: Some(format!("https://groupme.com/contact/{}/{code}", user.id)),
            share_qr_code_url: Some(format!(
                "https://image.groupme.com/qr/contact/{}/{code}/preview",
                user.id
            )),
        },
        None => ProfileSharing::default(),
    }
}

/// The user's extended profile as the v2 host shows it.
pub(crate) fn profile(user: &User, now: SystemTime) -> Profile {
    let extended = &user.profile;
    Profile {
        id: user.id.to_string(),
        name: user.name.clone(),
        created_at: Some(user.created_at),
        updated_at: Some(user.updated_at),
        phone_number: user.phone_number.clone(),
        email: user.email.clone(),
        avatar_url: user.image_url.clone(),
        app_installed: Some(true),
        direct_message_capable: Some(true),
        country: None,
        language: Some(LANGUAGE.to_owned()),
        locale: Some(LOCALE.to_owned()),
        disable_started_using_notification: Some(false),
        disable_favorite_notification: Some(extended.disable_favorite_notification),
        sms_disabled: Some(!user.sms_on(now)),
        sms_disabled_expires_at: None,
        local_sms_available: Some(true),
        sleep_until: None,
        needs_password: Some(false),
        stopped: Some(false),
        admin: Some(false),
        verified: Some(true),
        email_verified: Some(false),
        international: Some(false),
        email_settings: Some(EmailSettings {
            membership_added: Some(true),
            group_created: Some(true),
        }),
        group_notification_sound: extended.group_notification_sound.clone(),
        dm_notification_sound: extended.dm_notification_sound.clone(),
        bio: extended.bio.clone(),
        photo_urls: Some(extended.photo_urls.clone()),
        song_url: extended.song_url.clone(),
        interests: Some(extended.interests.clone()),
    }
}

/// A membership with everything the API may show about it.
pub(crate) fn member(users: &Users, membership: &Membership) -> Member {
    let user = users.get(&membership.user_id);
    Member {
        id: membership.id.to_string(),
        user_id: membership.user_id.to_string(),
        nickname: membership.nickname.clone(),
        name: user.map(|user| user.name.clone()),
        image_url: user.and_then(|user| user.image_url.clone()),
        muted: Some(membership.muted_until.is_some()),
        autokicked: Some(false),
        app_installed: Some(user.is_some_and(|user| user.token.is_some())),
        guid: membership.guid.clone(),
        state: Some(membership.state.as_str().to_owned()),
        roles: Some(
            membership
                .roles
                .iter()
                .map(|role| role.as_str().to_owned())
                .collect(),
        ),
    }
}

/// A join request as the pending list shows it.
pub(crate) fn pending(users: &Users, membership: &Membership) -> PendingMembership {
    PendingMembership {
        id: membership.id.to_string(),
        user_id: membership.user_id.to_string(),
        nickname: Some(membership.nickname.clone()),
        image_url: users
            .get(&membership.user_id)
            .and_then(|user| user.image_url.clone()),
        reason: membership.reason.clone(),
        timestamp: Some(membership.timestamp),
        state: Some(membership.state.as_str().to_owned()),
    }
}

/// The campus directory membership, with its integer ids and string year.
pub(crate) fn directory(user_id: Id, directory: &Directory) -> DirectoryMembership {
    DirectoryMembership {
        id: directory.membership_id,
        user_id: Some(user_id),
        directory_id: Some(directory.directory_id),
        campus_profile_visibility: Some(directory.visibility.to_string()),
        graduation_year: directory.graduation_year.map(|year| year.to_string()),
        major_ids: Some(
            directory
                .majors
                .iter()
                .filter_map(|code| code.parse().ok())
                .collect(),
        ),
    }
}

/// Where in an answer GroupMe writes out empty fields as `null`, and which.
///
/// The generated types leave a `None` field out of their JSON; the live API
/// sends these fields as `null` instead, and the fake answers as it does.
#[derive(Debug)]
pub(crate) struct Nulls {
    /// The path to the objects, from the envelope; `*` means every item of
    /// a list.
    at: &'static [&'static str],
    /// The fields written out as `null` when they are empty.
    fields: &'static [&'static str],
}

/// The user of `users/me` and `users/update`.
pub(crate) const USER_NULLS: Nulls = Nulls {
    at: &["response"],
    fields: &["image_url", "zip_code", "share_url", "share_qr_code_url"],
};

/// The share links while sharing is off.
pub(crate) const SHARING_NULLS: Nulls = Nulls {
    at: &["response"],
    fields: &["share_url", "share_qr_code_url"],
};

/// The v2 profile.
pub(crate) const PROFILE_NULLS: Nulls = Nulls {
    at: &["response", "user"],
    fields: &["avatar_url", "country", "sms_disabled_expires_at", "sleep_until"],
};

/// One membership (the nickname update).
pub(crate) const MEMBER_NULLS: Nulls = Nulls {
    at: &["response"],
    fields: &["image_url"],
};

/// The member index.
pub(crate) const MEMBER_INDEX_NULLS: Nulls = Nulls {
    at: &["response", "memberships", "*"],
    fields: &["image_url"],
};

/// The member add results.
pub(crate) const MEMBER_RESULTS_NULLS: Nulls = Nulls {
    at: &["response", "members", "*"],
    fields: &["image_url"],
};

/// An envelope without content, such as the v2 ban's `{"response": null, …}`.
pub(crate) const EMPTY_NULLS: Nulls = Nulls {
    at: &[],
    fields: &["response"],
};

/// An answer of a generated type, serialized with the fields `nulls` names
/// written out as `null` where the type leaves them out.
#[derive(Debug)]
pub(crate) struct WithNulls<T> {
    answer: T,
    nulls: &'static Nulls,
}

/// `answer`, to be sent with `nulls` written out.
pub(crate) fn with_nulls<T>(answer: T, nulls: &'static Nulls) -> WithNulls<T> {
    WithNulls { answer, nulls }
}

impl<T: serde::Serialize> serde::Serialize for WithNulls<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(&self.answer).map_err(serde::ser::Error::custom)?;
        fill_nulls(&mut value, self.nulls.at, self.nulls.fields);
        value.serialize(serializer)
    }
}

/// Adds `fields` as `null` to the objects at `at` below `value` that lack
/// them.
fn fill_nulls(value: &mut serde_json::Value, at: &[&str], fields: &[&str]) {
    match at.split_first() {
        None => {
            if let serde_json::Value::Object(object) = value {
                for field in fields {
                    object.entry(*field).or_insert(serde_json::Value::Null);
                }
            }
        }
        Some((&"*", rest)) => {
            if let serde_json::Value::Array(items) = value {
                for item in items {
                    fill_nulls(item, rest, fields);
                }
            }
        }
        Some((key, rest)) => {
            if let Some(child) = value.get_mut(*key) {
                fill_nulls(child, rest, fields);
            }
        }
    }
}

/// The group's share URL while sharing is on.
pub(crate) fn share_url(group: &Group) -> Option<String> {
    group
        .share_token
        .as_ref()
        .map(|token| format!("https://groupme.com/join_group/{}/{token}", group.id))
}

/// The group as its members see it; its active members unless
/// `with_members` is false (the listing's `omit=memberships`), when
/// `members` is null. The fake keeps no messages, so the summary is that of
/// a group without any.
pub(crate) fn group(users: &Users, group: &Group, with_members: bool) -> ApiGroup {
    let members = with_members.then(|| {
        group
            .memberships
            .iter()
            .filter(|membership| membership.state == MembershipState::Active)
            .map(|membership| member(users, membership))
            .collect()
    });
    let share_url = share_url(group);
    ApiGroup {
        id: group.id.to_string(),
        group_id: Some(group.id.to_string()),
        name: group.name.clone(),
        phone_number: None,
        type_: Some(group.group_type.to_string()),
        description: group.description.clone(),
        image_url: group.image_url.clone(),
        creator_user_id: Some(group.creator_id.to_string()),
        created_at: Some(group.created_at),
        updated_at: Some(group.updated_at),
        office_mode: Some(group.office_mode),
        share_qr_code_url: share_url
            .as_ref()
            .map(|url| url.replace("https://groupme.com/", "https://image.groupme.com/qr/") + "/preview"),
        share_url,
        members,
        messages: Some(GroupMessages {
            count: Some(0),
            last_message_id: None,
            last_message_created_at: None,
            preview: Some(MessagePreview {
                attachments: Some(Vec::new()),
                ..MessagePreview::default()
            }),
        }),
        max_members: Some(MAX_MEMBERS),
        max_memberships: None,
        theme_name: group.theme_name.clone(),
        like_icon: group.like_icon.clone(),
        requires_approval: Some(group.requires_approval),
        show_join_question: Some(group.show_join_question),
        join_question: group.join_question.clone(),
        visibility: Some(group.visibility.to_string()),
        message_deletion_mode: Some(
            group
                .message_deletion_mode
                .iter()
                .map(ToString::to_string)
                .collect(),
        ),
        children_count: Some(0),
    }
}

/// Group fields GroupMe sends as `null` when they have no value, rather
/// than leaving them out; clients written against the live API index them.
const GROUP_NULLS: [&str; 7] = [
    "description",
    "image_url",
    "share_url",
    "share_qr_code_url",
    "phone_number",
    "theme_name",
    "members",
];

/// Fields of the message summary and its preview that are `null` in a group
/// without messages.
const MESSAGES_NULLS: [&str; 2] = ["last_message_id", "last_message_created_at"];
const PREVIEW_NULLS: [&str; 3] = ["nickname", "text", "image_url"];

/// The group as it goes on the wire: [`group`], with the fields GroupMe
/// sends as `null` present as `null` (the generated types leave absent
/// values out).
pub(crate) fn group_on_wire(users: &Users, group_data: &Group, with_members: bool) -> Value {
    let mut value = serde_json::to_value(group(users, group_data, with_members)).unwrap_or_default();
    fill_nulls(&mut value, &[], &GROUP_NULLS);
    fill_nulls(&mut value, &["messages"], &MESSAGES_NULLS);
    fill_nulls(&mut value, &["messages", "preview"], &PREVIEW_NULLS);
    value
}

/// A bot as `list_bots` and `create_bot` show it.
pub(crate) fn bot(bot: &crate::model::Bot) -> groupme_api::v3::types::Bot {
    groupme_api::v3::types::Bot {
        bot_id: bot.bot_id.clone(),
        group_id: bot.group_id.to_string(),
        name: bot.name.clone(),
        avatar_url: bot.avatar_url.clone(),
        callback_url: bot.callback_url.clone(),
        dm_notification: Some(bot.dm_notification),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nulls_fill_only_missing_fields_at_their_place() {
        let answer = json!({
            "response": {"memberships": [{"id": "1", "image_url": "https://i.example/a"}, {"id": "2"}]},
            "meta": {"code": 200}
        });
        let sent = serde_json::to_value(with_nulls(answer, &MEMBER_INDEX_NULLS)).unwrap();
        assert_eq!(
            sent["response"]["memberships"],
            json!([{"id": "1", "image_url": "https://i.example/a"}, {"id": "2", "image_url": null}])
        );
        assert_eq!(sent["meta"], json!({"code": 200}));
    }
}
