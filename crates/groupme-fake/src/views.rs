//! How the world looks through the API: conversions from the model to the
//! types generated from the spec, so every answer has the spec's shape.

use std::time::SystemTime;

use groupme_api::v2::types::{EmailSettings, Profile};
use groupme_api::v3::types::{
    DirectoryMembership, Member, PendingMembership, ProfileSharing, User as ApiUser,
};

use crate::model::{Directory, Id, Membership, User, Users};

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
        muted: Some(false),
        autokicked: Some(false),
        app_installed: Some(user.is_some_and(|user| user.token.is_some())),
        guid: membership.guid.clone(),
        state: Some(membership.state.as_str().to_owned()),
        roles: membership
            .roles
            .iter()
            .map(|role| role.as_str().to_owned())
            .collect(),
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
