//! The authenticated user's own account: who am I, profile updates (v3 and
//! the extended v2 call), profile sharing, SMS mode and campus directory
//! settings.

use std::num::NonZeroU32;
use std::time::Duration;

use groupme_api::{Clearable, v2, v3};

use crate::client::{Client, Op};
use crate::error::Result;
use crate::ids::UserId;
use crate::types::{CampusVisibility, DirectoryMembership, Profile, ProfileSharing, User};
use crate::validate::{self, Invalid, Rule};

impl Client {
    /// The authenticated user.
    pub async fn me(&self) -> Result<User> {
        self.call(Op::read("get_me"), || self.v3().get_me().send()).await
    }

    /// The authenticated user's profile: updates and sharing.
    pub fn profile(&self) -> ProfileHandle<'_> {
        ProfileHandle { client: self }
    }

    /// SMS mode: messages by text instead of push notifications.
    pub fn sms(&self) -> SmsHandle<'_> {
        SmsHandle { client: self }
    }

    /// Campus directory settings, for accounts in a school domain.
    pub fn directory(&self) -> DirectoryHandle<'_> {
        DirectoryHandle { client: self }
    }
}

/// The authenticated user's profile. Made by [`Client::profile`].
#[derive(Debug, Clone, Copy)]
pub struct ProfileHandle<'a> {
    client: &'a Client,
}

impl<'a> ProfileHandle<'a> {
    /// Changes name, email, avatar or zip code through the documented v3
    /// call.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// let me = client.profile().update().name("Kestrel Vance").zip_code("92145").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn update(self) -> UpdateProfile<'a> {
        UpdateProfile {
            client: self.client,
            body: v3::types::UpdateUserRequest {
                avatar_url: None,
                email: None,
                name: None,
                zip_code: None,
            },
            name: None,
        }
    }

    /// Changes the extended profile (bio, theme song, gallery, interests,
    /// notification settings, and name, email, avatar) through the v2 call
    /// the official apps use.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// let profile = client.profile().update_extended().bio("Out on the water most weekends.").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn update_extended(self) -> UpdateExtendedProfile<'a> {
        UpdateExtendedProfile {
            client: self.client,
            user_id: None,
            changes: no_profile_changes(),
            name: None,
            photo_urls: None,
        }
    }

    /// Turns profile sharing on and returns the share links. Turning it off
    /// and on again makes new links; the old ones stop working.
    pub async fn enable_sharing(self) -> Result<ProfileSharing> {
        self.set_sharing(v3::types::ProfileSharingStatus::Enable).await
    }

    /// Turns profile sharing off; the share links stop working.
    pub async fn disable_sharing(self) -> Result<ProfileSharing> {
        self.set_sharing(v3::types::ProfileSharingStatus::Disable).await
    }

    async fn set_sharing(self, status: v3::types::ProfileSharingStatus) -> Result<ProfileSharing> {
        let body = v3::types::ProfileSharingRequest { status };
        let v3 = self.client.v3();
        self.client
            .call(Op::write("update_profile_sharing"), || {
                v3.update_profile_sharing().body(body.clone()).send()
            })
            .await
    }
}

/// Converts a checked value into a generated constrained type; the
/// generated check can only fail if ours missed a rule.
fn spec_value<T>(field: &str, value: String) -> Result<T, Invalid>
where
    T: TryFrom<String>,
    T::Error: std::fmt::Display,
{
    T::try_from(value).map_err(|err| Invalid::new(field, Rule::Spec(err.to_string())))
}

/// Updates the profile through v3. Made by [`ProfileHandle::update`].
#[derive(Debug)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UpdateProfile<'a> {
    client: &'a Client,
    body: v3::types::UpdateUserRequest,
    name: Option<String>,
}

impl UpdateProfile<'_> {
    /// The name, "First Last".
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The email address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.body.email = Some(email.into());
        self
    }

    /// An avatar URL processed by GroupMe's image service.
    pub fn avatar_url(mut self, url: impl Into<String>) -> Self {
        self.body.avatar_url = Some(url.into());
        self
    }

    /// The zip code.
    pub fn zip_code(mut self, zip_code: impl Into<String>) -> Self {
        self.body.zip_code = Some(zip_code.into());
        self
    }

    /// Checks the changes and sends them; returns the updated user.
    pub async fn send(mut self) -> Result<User> {
        if let Some(name) = self.name.take() {
            validate::first_and_last_name("name", &name)?;
            self.body.name = Some(spec_value("name", name)?);
        }
        if let Some(email) = &self.body.email {
            validate::email("email", email)?;
        }
        let body = &self.body;
        if body.name.is_none() && body.email.is_none() && body.avatar_url.is_none() && body.zip_code.is_none()
        {
            return Err(Invalid::new("body", Rule::Requires("at least one field to change")).into());
        }
        let v3 = self.client.v3();
        self.client
            .call(Op::write("update_me"), || {
                v3.update_me().body(body.clone()).send()
            })
            .await
    }
}

/// Updates the extended profile through v2. Made by
/// [`ProfileHandle::update_extended`].
#[derive(Debug)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UpdateExtendedProfile<'a> {
    client: &'a Client,
    user_id: Option<UserId>,
    changes: v2::types::ProfileChanges,
    name: Option<String>,
    photo_urls: Option<Vec<String>>,
}

impl UpdateExtendedProfile<'_> {
    /// The caller's own user id. Without it, `send` asks `users/me` first.
    pub fn user_id(mut self, user_id: impl Into<UserId>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// The name; a last name is optional here.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The email address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.changes.email = Some(email.into());
        self
    }

    /// An avatar URL processed by GroupMe's image service.
    pub fn avatar_url(mut self, url: impl Into<String>) -> Self {
        self.changes.avatar_url = Some(url.into());
        self
    }

    /// The profile's description.
    pub fn bio(mut self, bio: impl Into<String>) -> Self {
        self.changes.bio = Some(bio.into());
        self
    }

    /// A Spotify share URL for the profile's theme song.
    pub fn song_url(mut self, url: impl Into<String>) -> Self {
        self.changes.song_url = Some(url.into());
        self
    }

    /// The gallery: at least three image URLs processed by GroupMe's image
    /// service.
    pub fn photo_urls<I, S>(mut self, urls: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.photo_urls = Some(urls.into_iter().map(Into::into).collect());
        self
    }

    /// Interest tag indexes (sent as the API's `intrests`).
    pub fn interests(mut self, interests: impl IntoIterator<Item = i64>) -> Self {
        self.changes.intrests = interests.into_iter().collect();
        self
    }

    /// `true` turns reaction notifications off.
    pub fn disable_favorite_notification(mut self, disable: bool) -> Self {
        self.changes.disable_favorite_notification = Some(disable);
        self
    }

    /// The app's sound file for group notifications, such as `gm4.wav`.
    pub fn group_notification_sound(mut self, sound: impl Into<String>) -> Self {
        self.changes.group_notification_sound = Some(sound.into());
        self
    }

    /// The app's sound file for direct messages, such as `gm9.wav`.
    pub fn dm_notification_sound(mut self, sound: impl Into<String>) -> Self {
        self.changes.dm_notification_sound = Some(sound.into());
        self
    }

    /// Checks the changes and sends them; returns the updated profile.
    pub async fn send(mut self) -> Result<Profile> {
        if let Some(name) = self.name.take() {
            validate::non_empty("user.name", &name)?;
            self.changes.name = Some(spec_value("user.name", name)?);
        }
        if let Some(email) = &self.changes.email {
            validate::email("user.email", email)?;
        }
        if let Some(urls) = self.photo_urls.take() {
            validate::min_items("user.photo_urls", urls.len(), validate::GALLERY_MIN_PHOTOS)?;
            for (index, url) in urls.iter().enumerate() {
                validate::non_empty(&format!("user.photo_urls[{index}]"), url)?;
            }
            self.changes.photo_urls = urls;
        }
        if self.changes == no_profile_changes() {
            return Err(Invalid::new("user", Rule::Requires("at least one field to change")).into());
        }
        let user_id = match self.user_id {
            Some(user_id) => {
                user_id.checked()?;
                user_id
            }
            None => UserId::from(self.client.me().await?.id),
        };
        let body = v2::types::UpdateProfileRequest { user: self.changes };
        let v2 = self.client.v2();
        let updated: v2::types::ProfileUpdated = self
            .client
            .call(Op::write("update_profile"), || {
                v2.update_profile()
                    .user_id(user_id.as_str())
                    .body(body.clone())
                    .send()
            })
            .await?;
        Ok(updated.user)
    }
}

/// Extended profile changes that change nothing.
fn no_profile_changes() -> v2::types::ProfileChanges {
    v2::types::ProfileChanges {
        avatar_url: None,
        bio: None,
        disable_favorite_notification: None,
        dm_notification_sound: None,
        email: None,
        group_notification_sound: None,
        intrests: Vec::new(),
        name: None,
        photo_urls: Vec::new(),
        song_url: None,
    }
}

/// How long SMS mode lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsDuration {
    /// This many hours, 1 to 48.
    Hours(u32),
    /// Until SMS mode is turned off.
    Always,
}

impl SmsDuration {
    /// The whole hours covering `duration` (rounded up), checked on send.
    pub fn covering(duration: Duration) -> Self {
        let hours = duration.as_secs().div_ceil(3600);
        Self::Hours(u32::try_from(hours).unwrap_or(u32::MAX))
    }

    fn to_wire(self) -> Result<v3::types::SmsDuration, Invalid> {
        match self {
            Self::Always => Ok(v3::types::SmsDuration::Always(v3::types::Always::Always)),
            Self::Hours(hours) => {
                validate::range(
                    "duration",
                    i64::from(hours),
                    1,
                    i64::from(validate::SMS_MAX_HOURS),
                )?;
                let hours = NonZeroU32::new(hours).ok_or_else(|| {
                    Invalid::new(
                        "duration",
                        Rule::Range {
                            min: 1,
                            max: 48,
                            actual: 0,
                        },
                    )
                })?;
                Ok(v3::types::SmsDuration::Hours(hours))
            }
        }
    }
}

/// SMS mode. Made by [`Client::sms`].
#[derive(Debug, Clone, Copy)]
pub struct SmsHandle<'a> {
    client: &'a Client,
}

impl<'a> SmsHandle<'a> {
    /// Turns SMS mode on for `duration`.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// use groupme_sdk::SmsDuration;
    /// client.sms().enable(SmsDuration::Hours(4)).registration_id("push-token").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn enable(self, duration: SmsDuration) -> EnableSms<'a> {
        EnableSms {
            client: self.client,
            duration,
            registration_id: None,
        }
    }

    /// Turns SMS mode on for the whole hours covering `duration` (1 to 48).
    pub async fn enable_for(self, duration: Duration) -> Result<()> {
        self.enable(SmsDuration::covering(duration)).send().await
    }

    /// Turns SMS mode off.
    pub async fn disable(self) -> Result<()> {
        let v3 = self.client.v3();
        self.client
            .call_empty(Op::write("disable_sms_mode"), || v3.disable_sms_mode().send())
            .await
    }
}

/// Turns SMS mode on. Made by [`SmsHandle::enable`].
#[derive(Debug)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct EnableSms<'a> {
    client: &'a Client,
    duration: SmsDuration,
    registration_id: Option<String>,
}

impl EnableSms<'_> {
    /// The push token whose notifications are held back meanwhile.
    pub fn registration_id(mut self, registration_id: impl Into<String>) -> Self {
        self.registration_id = Some(registration_id.into());
        self
    }

    /// Checks the duration and turns SMS mode on.
    pub async fn send(self) -> Result<()> {
        let duration = self.duration.to_wire()?;
        if let Some(id) = &self.registration_id {
            // An empty token names no device.
            validate::non_empty("registration_id", id)?;
        }
        let body = v3::types::EnableSmsModeRequest {
            duration,
            registration_id: self.registration_id,
        };
        let v3 = self.client.v3();
        self.client
            .call_empty(Op::write("enable_sms_mode"), || {
                v3.enable_sms_mode().body(body.clone()).send()
            })
            .await
    }
}

/// Campus directory settings. Made by [`Client::directory`].
#[derive(Debug, Clone, Copy)]
pub struct DirectoryHandle<'a> {
    client: &'a Client,
}

impl<'a> DirectoryHandle<'a> {
    /// Replaces the majors shown on the campus profile (no codes removes
    /// them all); returns the codes now set, an empty list when GroupMe
    /// answers `null`. Codes are indexes of GroupMe's list of majors, as
    /// strings; the documents set no rule on their form, so GroupMe
    /// decides. Any `2XX` answer is a success (the documents say `201`).
    pub async fn set_majors<I, S>(self, codes: I) -> Result<Vec<String>>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let codes: Vec<String> = codes.into_iter().map(Into::into).collect();
        let body = v3::types::UpdateMajorsRequest { codes };
        let v3 = self.client.v3();
        self.client
            .call_list(Op::write("update_directory_majors"), || {
                v3.update_directory_majors().body(body.clone()).send()
            })
            .await
    }

    /// Changes the graduation year, who can see the campus profile, or
    /// both. Whatever is not set in the builder stays as it is on GroupMe.
    ///
    /// ```no_run
    /// # async fn run(client: groupme_sdk::Client) -> groupme_sdk::Result<()> {
    /// use groupme_sdk::CampusVisibility;
    /// client
    ///     .directory()
    ///     .update_membership()
    ///     .visibility(CampusVisibility::GraduationYear)
    ///     .graduation_year(2027)
    ///     .send()
    ///     .await?;
    /// // Later: hide the profile, keeping the year.
    /// client.directory().update_membership().visibility(CampusVisibility::Hidden).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn update_membership(self) -> UpdateDirectoryMembership<'a> {
        UpdateDirectoryMembership {
            client: self.client,
            visibility: None,
            graduation_year: None,
            majors: None,
        }
    }
}

/// Changes graduation year and campus visibility. Made by
/// [`DirectoryHandle::update_membership`].
#[derive(Debug)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UpdateDirectoryMembership<'a> {
    client: &'a Client,
    visibility: Option<CampusVisibility>,
    /// `None`: left out of the request, so GroupMe keeps the year.
    graduation_year: Option<Clearable<i32>>,
    majors: Option<MajorsState>,
}

#[derive(Debug)]
enum MajorsState {
    AlreadySet,
    Set(Vec<String>),
}

impl UpdateDirectoryMembership<'_> {
    /// Who in the campus directory sees the profile. Without it the
    /// visibility stays as it is.
    pub fn visibility(mut self, visibility: CampusVisibility) -> Self {
        self.visibility = Some(visibility);
        self
    }

    /// Sets the graduation year, 1900 to ten years from now. Without this
    /// or [`clear_graduation_year`](Self::clear_graduation_year) the year
    /// stays as it is.
    pub fn graduation_year(mut self, year: i32) -> Self {
        self.graduation_year = Some(Clearable::Set(year));
        self
    }

    /// Removes the graduation year from the profile (sent as `null`).
    pub fn clear_graduation_year(mut self) -> Self {
        self.graduation_year = Some(Clearable::Clear);
        self
    }

    /// Sets these majors first (needed for [`CampusVisibility::Major`]
    /// unless majors are already set).
    pub fn majors<I, S>(mut self, codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.majors = Some(MajorsState::Set(codes.into_iter().map(Into::into).collect()));
        self
    }

    /// Declares that majors are already set, so that
    /// [`CampusVisibility::Major`] may be chosen without setting them again.
    pub fn majors_already_set(mut self) -> Self {
        self.majors = Some(MajorsState::AlreadySet);
        self
    }

    /// Checks the rules, sets the majors if given, then the membership.
    pub async fn send(self) -> Result<DirectoryMembership> {
        if self.visibility.is_none() && self.graduation_year.is_none() {
            return Err(Invalid::new(
                "body",
                Rule::Requires("a visibility or a graduation year to change"),
            )
            .into());
        }
        if let Some(Clearable::Set(year)) = self.graduation_year {
            let latest = current_year() + validate::GRADUATION_YEAR_AHEAD;
            validate::range(
                "graduation_year",
                i64::from(year),
                i64::from(validate::GRADUATION_YEAR_MIN),
                i64::from(latest),
            )?;
        }
        match self.visibility {
            Some(CampusVisibility::GraduationYear) if self.graduation_year == Some(Clearable::Clear) => {
                return Err(Invalid::new(
                    "campus_profile_visibility",
                    Rule::Requires(
                        "a graduation year for `graduation_year` visibility, which is being removed",
                    ),
                )
                .into());
            }
            Some(CampusVisibility::Major) if self.majors.is_none() => {
                return Err(Invalid::new(
                    "campus_profile_visibility",
                    Rule::Requires(
                        "at least one major for `major` visibility (set majors, or call majors_already_set)",
                    ),
                )
                .into());
            }
            _ => {}
        }
        if let Some(MajorsState::Set(codes)) = self.majors {
            DirectoryHandle { client: self.client }.set_majors(codes).await?;
        }
        let body = v3::types::UpdateDirectoryMembershipRequest {
            campus_profile_visibility: self.visibility,
            graduation_year: self.graduation_year,
        };
        let v3 = self.client.v3();
        self.client
            .call(Op::write("update_directory_membership"), || {
                v3.update_directory_membership().body(body.clone()).send()
            })
            .await
    }
}

fn current_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}
