//! Every example of every request and response body in both specs decodes
//! into the generated type of its operation and status, and that type keeps
//! everything the example says. The mapping from (spec, operation, request
//! or status, media type) to generated type must be complete both ways: an
//! example without a mapping fails, and so does a mapping without an
//! example. The throttling and outage answers every operation declares
//! (`420`, `429`, `5XX`) are mapped once for all operations.

use std::collections::HashSet;
use std::path::Path;

use groupme_api::ErrorEnvelope;
use groupme_api::v2::types as v2;
use groupme_api::v3::types as v3;
use groupme_api::v4::types as v4;
use groupme_api::{file::types as file, image::types as image, video::types as video};
use openapiv3::{Components, Content, OpenAPI, ReferenceOr};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Checks that an example is what its generated type accepts.
type Decoder = fn(&Value) -> Result<(), String>;

/// Where an example sits: spec, operationId, `request` or status code, and
/// media type.
type Slot<'a> = (&'a str, &'a str, &'a str, &'a str);

const JSON: &str = "application/json";
const TEXT: &str = "text/plain";
const HTML: &str = "text/html";

/// The generated type that reads the examples of the responses every
/// operation shares, by status and media type.
const EVERY_OPERATION: &[((&str, &str), Decoder)] = &[
    (("420", JSON), json::<ErrorEnvelope>),
    (("420", TEXT), text),
    (("429", JSON), json::<ErrorEnvelope>),
    (("429", TEXT), text),
    (("5XX", JSON), json::<ErrorEnvelope>),
    (("5XX", TEXT), text),
    (("5XX", HTML), text),
];

/// The generated type that reads each example.
const DECODERS: &[(Slot<'static>, Decoder)] = &[
    (("v3", "get_me", "200", JSON), json::<v3::UserEnvelope>),
    (("v3", "get_me", "401", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "update_me", "request", JSON),
        json::<v3::UpdateUserRequest>,
    ),
    (("v3", "update_me", "200", JSON), json::<v3::UserEnvelope>),
    (("v3", "update_me", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "update_me", "401", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "update_directory_majors", "request", JSON),
        json::<v3::UpdateMajorsRequest>,
    ),
    (
        ("v3", "update_directory_majors", "2XX", JSON),
        json::<v3::MajorCodesEnvelope>,
    ),
    (
        ("v3", "update_directory_majors", "400", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "update_directory_majors", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "update_directory_majors", "403", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "update_directory_membership", "request", JSON),
        json::<v3::UpdateDirectoryMembershipRequest>,
    ),
    (
        ("v3", "update_directory_membership", "200", JSON),
        json::<v3::DirectoryMembershipEnvelope>,
    ),
    (
        ("v3", "update_directory_membership", "400", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "update_directory_membership", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "update_directory_membership", "403", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "update_profile_sharing", "request", JSON),
        json::<v3::ProfileSharingRequest>,
    ),
    (
        ("v3", "update_profile_sharing", "200", JSON),
        json::<v3::ProfileSharingEnvelope>,
    ),
    (
        ("v3", "update_profile_sharing", "400", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "update_profile_sharing", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "enable_sms_mode", "request", JSON),
        json::<v3::EnableSmsModeRequest>,
    ),
    (("v3", "enable_sms_mode", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "enable_sms_mode", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "disable_sms_mode", "401", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "list_members", "200", JSON),
        json::<v3::MembershipIndexEnvelope>,
    ),
    (("v3", "list_members", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "list_members", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "list_members", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "add_members", "request", JSON),
        json::<v3::AddMembersRequest>,
    ),
    (("v3", "add_members", "202", JSON), json::<v3::AddMembersEnvelope>),
    (("v3", "add_members", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "add_members", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "add_members", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "add_members", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "get_member_results", "200", JSON),
        json::<v3::MemberResultsEnvelope>,
    ),
    (("v3", "get_member_results", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "get_member_results", "404", TEXT), text),
    (("v3", "get_member_results", "503", TEXT), text),
    (("v3", "remove_member", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "remove_member", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "remove_member", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "remove_member", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "list_pending_memberships", "200", JSON),
        json::<v3::PendingMembershipsEnvelope>,
    ),
    (
        ("v3", "list_pending_memberships", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_pending_memberships", "404", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "decide_pending_membership", "request", JSON),
        json::<v3::ApprovalRequest>,
    ),
    (
        ("v3", "decide_pending_membership", "200", JSON),
        json::<v3::ApprovalEnvelope>,
    ),
    (
        ("v3", "decide_pending_membership", "400", JSON),
        json::<ErrorEnvelope>,
    ),
    (("v3", "decide_pending_membership", "401", TEXT), text),
    (
        ("v3", "decide_pending_membership", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "decide_pending_membership", "404", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "update_nickname", "request", JSON),
        json::<v3::UpdateNicknameRequest>,
    ),
    (("v3", "update_nickname", "200", JSON), json::<v3::MemberEnvelope>),
    (("v3", "update_nickname", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "update_nickname", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "update_nickname", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v2", "update_profile", "request", JSON),
        json::<v2::UpdateProfileRequest>,
    ),
    (("v2", "update_profile", "200", JSON), json::<v2::ProfileEnvelope>),
    (("v2", "update_profile", "400", JSON), json::<ErrorEnvelope>),
    (("v2", "update_profile", "401", JSON), json::<ErrorEnvelope>),
    (("v2", "update_profile", "403", JSON), json::<ErrorEnvelope>),
    (("v2", "ban_member", "200", JSON), json::<v2::EmptyEnvelope>),
    (("v2", "ban_member", "400", JSON), json::<ErrorEnvelope>),
    (("v2", "ban_member", "401", JSON), json::<ErrorEnvelope>),
    (("v2", "ban_member", "403", JSON), json::<ErrorEnvelope>),
    (("v2", "ban_member", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "list_groups", "200", JSON), json::<v3::GroupsEnvelope>),
    (("v3", "list_groups", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "list_groups", "401", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "create_group", "request", JSON),
        json::<v3::CreateGroupRequest>,
    ),
    (("v3", "create_group", "201", JSON), json::<v3::GroupEnvelope>),
    (("v3", "create_group", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "create_group", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "create_group", "403", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "list_former_groups", "200", JSON),
        json::<v3::GroupsEnvelope>,
    ),
    (("v3", "list_former_groups", "401", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "rejoin_group", "request", JSON),
        json::<v3::RejoinGroupRequest>,
    ),
    (("v3", "rejoin_group", "200", JSON), json::<v3::GroupEnvelope>),
    (("v3", "rejoin_group", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "rejoin_group", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "rejoin_group", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "change_group_owners", "request", JSON),
        json::<v3::ChangeOwnersRequest>,
    ),
    (
        ("v3", "change_group_owners", "200", JSON),
        json::<v3::ChangeOwnersEnvelope>,
    ),
    (("v3", "change_group_owners", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "change_group_owners", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "get_group", "200", JSON), json::<v3::GroupEnvelope>),
    (("v3", "get_group", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "get_group", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "update_group", "request", JSON),
        json::<v3::UpdateGroupRequest>,
    ),
    (("v3", "update_group", "200", JSON), json::<v3::GroupEnvelope>),
    (("v3", "update_group", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "update_group", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "update_group", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "destroy_group", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "destroy_group", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "join_group", "200", JSON), json::<v3::JoinedGroupEnvelope>),
    (("v3", "join_group", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "join_group", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "mute_group_and_topics", "request", JSON),
        json::<v3::MuteRequest>,
    ),
    (
        ("v3", "mute_group_and_topics", "200", JSON),
        json::<v3::MuteAllEnvelope>,
    ),
    (
        ("v3", "mute_group_and_topics", "400", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "mute_group_and_topics", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "mute_group_and_topics", "404", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "unmute_group_and_topics", "200", JSON),
        json::<v3::MuteAllEnvelope>,
    ),
    (
        ("v3", "unmute_group_and_topics", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "unmute_group_and_topics", "404", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_membership_states", "200", JSON),
        json::<v3::MembershipStatesEnvelope>,
    ),
    (
        ("v3", "list_membership_states", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (("v2", "mute_group", "request", JSON), json::<v2::MuteRequest>),
    (("v2", "mute_group", "200", JSON), json::<v2::MuteEnvelope>),
    (("v2", "mute_group", "400", JSON), json::<ErrorEnvelope>),
    (("v2", "mute_group", "401", JSON), json::<ErrorEnvelope>),
    (("v2", "mute_group", "404", JSON), json::<ErrorEnvelope>),
    (("v2", "unmute_group", "200", JSON), json::<v2::MuteEnvelope>),
    (("v2", "unmute_group", "401", JSON), json::<ErrorEnvelope>),
    (("v2", "unmute_group", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "list_bots", "200", JSON), json::<v3::BotsEnvelope>),
    (("v3", "list_bots", "401", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "create_bot", "request", JSON),
        json::<v3::CreateBotRequest>,
    ),
    (("v3", "create_bot", "201", JSON), json::<v3::BotCreatedEnvelope>),
    (("v3", "create_bot", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "create_bot", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "create_bot", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "post_bot_message", "request", JSON),
        json::<v3::BotPostRequest>,
    ),
    (("v3", "post_bot_message", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "post_bot_message", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "destroy_bot", "request", JSON),
        json::<v3::DestroyBotRequest>,
    ),
    (("v3", "destroy_bot", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "destroy_bot", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "destroy_bot", "404", JSON), json::<ErrorEnvelope>),
    (
        ("image", "upload_image", "200", JSON),
        json::<image::ImageUploaded>,
    ),
    (
        ("image", "upload_image", "400", JSON),
        json::<image::ServiceError>,
    ),
    (("image", "upload_image", "400", TEXT), text),
    (
        ("image", "upload_image", "401", JSON),
        json::<image::ServiceError>,
    ),
    (("image", "upload_image", "401", TEXT), text),
    (("image", "upload_image", "413", TEXT), text),
    (
        ("file", "upload_file", "201", JSON),
        json::<file::FileUploadAccepted>,
    ),
    (("file", "upload_file", "400", JSON), json::<file::ServiceError>),
    (("file", "upload_file", "400", TEXT), text),
    (("file", "upload_file", "401", JSON), json::<file::ServiceError>),
    (("file", "upload_file", "401", TEXT), text),
    (("file", "upload_file", "413", TEXT), text),
    (
        ("file", "get_file_upload_status", "200", JSON),
        json::<file::FileUploadStatus>,
    ),
    (
        ("file", "get_file_upload_status", "401", JSON),
        json::<file::ServiceError>,
    ),
    (("file", "get_file_upload_status", "401", TEXT), text),
    (("file", "get_file_upload_status", "404", TEXT), text),
    (
        ("video", "upload_video", "200", JSON),
        json::<video::VideoUploadAccepted>,
    ),
    (
        ("video", "upload_video", "400", JSON),
        json::<video::ServiceError>,
    ),
    (("video", "upload_video", "400", TEXT), text),
    (
        ("video", "upload_video", "401", JSON),
        json::<video::ServiceError>,
    ),
    (("video", "upload_video", "401", TEXT), text),
    (("video", "upload_video", "413", TEXT), text),
    (
        ("video", "get_video_upload_status", "200", JSON),
        json::<video::VideoUploadStatus>,
    ),
    (
        ("video", "get_video_upload_status", "201", JSON),
        json::<video::VideoUploadStatus>,
    ),
    (
        ("video", "get_video_upload_status", "401", JSON),
        json::<video::ServiceError>,
    ),
    (("video", "get_video_upload_status", "401", TEXT), text),
    (("video", "get_video_upload_status", "404", TEXT), text),
    (
        ("v3", "list_group_messages", "200", JSON),
        json::<v3::GroupMessagesEnvelope>,
    ),
    (
        ("v3", "send_group_message", "request", JSON),
        json::<v3::SendGroupMessageRequest>,
    ),
    (
        ("v3", "send_group_message", "201", JSON),
        json::<v3::MessageEnvelope>,
    ),
    (("v3", "send_group_message", "409", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "list_direct_messages", "200", JSON),
        json::<v3::DirectMessagesEnvelope>,
    ),
    (
        ("v3", "send_direct_message", "request", JSON),
        json::<v3::SendDirectMessageRequest>,
    ),
    (
        ("v3", "send_direct_message", "201", JSON),
        json::<v3::MessageEnvelope>,
    ),
    (("v3", "send_direct_message", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "send_direct_message", "400", TEXT), text),
    (("v3", "send_direct_message", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "send_direct_message", "403", TEXT), text),
    (("v3", "send_direct_message", "409", JSON), json::<ErrorEnvelope>),
    (("v3", "list_chats", "200", JSON), json::<v3::ChatsEnvelope>),
    (("v3", "get_chat", "200", JSON), json::<v3::ChatEnvelope>),
    (
        ("v4", "get_group_message", "200", JSON),
        json::<v4::MessageEnvelope>,
    ),
    (
        ("v4", "edit_group_message", "request", JSON),
        json::<v4::EditMessageRequest>,
    ),
    (
        ("v4", "edit_group_message", "200", JSON),
        json::<v4::MessageEnvelope>,
    ),
    (("v3", "list_group_messages", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "list_group_messages", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "list_group_messages", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "list_group_messages", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "send_group_message", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "send_group_message", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "send_group_message", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "send_group_message", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "delete_message", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "delete_message", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "delete_message", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "list_direct_messages", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "list_direct_messages", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "list_direct_messages", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "list_direct_messages", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "send_direct_message", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "list_chats", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "list_chats", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "get_chat", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "get_chat", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "delete_chat", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "delete_chat", "404", JSON), json::<ErrorEnvelope>),
    (("v4", "get_group_message", "401", JSON), json::<ErrorEnvelope>),
    (("v4", "get_group_message", "403", JSON), json::<ErrorEnvelope>),
    (("v4", "get_group_message", "404", JSON), json::<ErrorEnvelope>),
    (("v4", "edit_group_message", "400", JSON), json::<ErrorEnvelope>),
    (("v4", "edit_group_message", "401", JSON), json::<ErrorEnvelope>),
    (("v4", "edit_group_message", "403", JSON), json::<ErrorEnvelope>),
    (("v4", "edit_group_message", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "like_message", "request", JSON), json::<v3::LikeRequest>),
    (("v3", "like_message", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "like_message", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "like_message", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "like_message", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "unlike_message", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "unlike_message", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "unlike_message", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "unlike_message", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "list_like_leaderboard", "200", JSON),
        json::<v3::MessageListEnvelope>,
    ),
    (
        ("v3", "list_like_leaderboard", "400", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_like_leaderboard", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_like_leaderboard", "403", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_like_leaderboard", "404", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_my_likes", "200", JSON),
        json::<v3::MessageListEnvelope>,
    ),
    (("v3", "list_my_likes", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "list_my_likes", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "list_my_likes", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "list_likes_for_me", "200", JSON),
        json::<v3::MessageListEnvelope>,
    ),
    (("v3", "list_likes_for_me", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "list_likes_for_me", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "list_likes_for_me", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "pin_message", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "pin_message", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "pin_message", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "pin_message", "404", JSON), json::<ErrorEnvelope>),
    (("v3", "unpin_message", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "unpin_message", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "unpin_message", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "unpin_message", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v3", "list_pinned_group_messages", "200", JSON),
        json::<v3::PinnedMessagesEnvelope>,
    ),
    (
        ("v3", "list_pinned_group_messages", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_pinned_group_messages", "403", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_pinned_group_messages", "404", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_pinned_direct_messages", "200", JSON),
        json::<v3::PinnedMessagesEnvelope>,
    ),
    (
        ("v3", "list_pinned_direct_messages", "400", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_pinned_direct_messages", "401", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_pinned_direct_messages", "403", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_pinned_direct_messages", "404", JSON),
        json::<ErrorEnvelope>,
    ),
    (
        ("v3", "list_gallery", "200", JSON),
        json::<v3::MessageListEnvelope>,
    ),
    (("v3", "list_gallery", "400", JSON), json::<ErrorEnvelope>),
    (("v3", "list_gallery", "401", JSON), json::<ErrorEnvelope>),
    (("v3", "list_gallery", "403", JSON), json::<ErrorEnvelope>),
    (("v3", "list_gallery", "404", JSON), json::<ErrorEnvelope>),
    (
        ("v2", "send_read_receipt", "request", JSON),
        json::<v2::ReadReceiptRequest>,
    ),
    (
        ("v2", "send_read_receipt", "200", JSON),
        json::<v2::ReadReceiptEnvelope>,
    ),
    (("v2", "send_read_receipt", "400", JSON), json::<ErrorEnvelope>),
    (("v2", "send_read_receipt", "401", JSON), json::<ErrorEnvelope>),
    (("v2", "send_read_receipt", "404", JSON), json::<ErrorEnvelope>),
];

/// Decodes a JSON example into `T`, then checks that encoding it again
/// gives the example back, so that no documented field is silently
/// dropped by a misspelt or missing property. Nulls and empty lists are
/// left out on both sides, as the generated types skip them when encoding.
fn json<T: DeserializeOwned + Serialize>(example: &Value) -> Result<(), String> {
    let decoded: T =
        serde_json::from_value(example.clone()).map_err(|err| format!("does not decode: {err}"))?;
    let encoded = serde_json::to_value(&decoded).map_err(|err| format!("does not encode: {err}"))?;
    let (expected, actual) = (without_absent(example.clone()), without_absent(encoded));
    if expected == actual {
        Ok(())
    } else {
        Err(format!(
            "loses or changes values: the example is {expected}, the type keeps {actual}"
        ))
    }
}

/// Checks a `text/plain` example: a non-empty string.
fn text(example: &Value) -> Result<(), String> {
    match example {
        Value::String(text) if !text.is_empty() => Ok(()),
        other => Err(format!("is not a non-empty string: {other}")),
    }
}

/// `value` without object members that are null or empty lists.
fn without_absent(value: Value) -> Value {
    match value {
        Value::Object(members) => members
            .into_iter()
            .filter(|(_, member)| !member.is_null() && member.as_array().is_none_or(|list| !list.is_empty()))
            .map(|(name, member)| (name, without_absent(member)))
            .collect(),
        Value::Array(items) => items.into_iter().map(without_absent).collect(),
        other => other,
    }
}

/// An example found in a spec, with where it sits.
struct Found {
    /// Spec, operationId, `request` or status code, media type.
    slot: (String, String, String, String),
    /// The example's name, for those under `examples`.
    name: Option<String>,
    /// The example itself.
    value: Value,
}

/// Every example of every request and response body in the spec
/// `spec/<file>`, labelled `spec`.
fn examples_in(spec: &str, file: &str) -> Vec<Found> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let api: OpenAPI = serde_norway::from_str(&text).unwrap_or_else(|err| panic!("{file}: {err}"));
    let components = api.components.clone().unwrap_or_default();
    let mut found = Vec::new();
    for (path, method, operation) in api.operations() {
        let id = operation
            .operation_id
            .clone()
            .unwrap_or_else(|| panic!("{file}: {method} {path} has no operationId"));
        if let Some(body) = &operation.request_body {
            let body = resolve(|name| components.request_bodies.get(name), "requestBodies", body);
            collect(&mut found, &components, (spec, &id, "request"), &body.content);
        }
        let responses = operation
            .responses
            .default
            .iter()
            .map(|response| ("default".to_owned(), response));
        let responses = responses.chain(
            operation
                .responses
                .responses
                .iter()
                .map(|(status, response)| (status.to_string(), response)),
        );
        for (status, response) in responses {
            let response = resolve(|name| components.responses.get(name), "responses", response);
            collect(&mut found, &components, (spec, &id, &status), &response.content);
        }
    }
    found
}

/// Adds the examples of each media type of `content` to `found`.
fn collect(
    found: &mut Vec<Found>,
    components: &Components,
    (spec, operation, slot): (&str, &str, &str),
    content: &Content,
) {
    for (media, body) in content {
        let at = |name: Option<&str>| {
            (
                (
                    spec.to_owned(),
                    operation.to_owned(),
                    slot.to_owned(),
                    media.clone(),
                ),
                name.map(str::to_owned),
            )
        };
        if let Some(value) = &body.example {
            let (slot, name) = at(None);
            found.push(Found {
                slot,
                name,
                value: value.clone(),
            });
        }
        for (name, example) in &body.examples {
            let example = resolve(|name| components.examples.get(name), "examples", example);
            let (slot, name) = at(Some(name));
            let value = example
                .value
                .clone()
                .unwrap_or_else(|| panic!("{slot:?} example {name:?} has no inline value"));
            found.push(Found { slot, name, value });
        }
    }
}

/// The item behind `item`, following a `#/components/<kind>/<name>`
/// reference through `lookup`.
fn resolve<'a, T: 'a>(
    lookup: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
    kind: &str,
    item: &'a ReferenceOr<T>,
) -> &'a T {
    match item {
        ReferenceOr::Item(item) => item,
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix(&format!("#/components/{kind}/"))
                .unwrap_or_else(|| panic!("unsupported reference {reference}"));
            match lookup(name) {
                Some(ReferenceOr::Item(item)) => item,
                _ => panic!("{reference} does not name an inline item"),
            }
        }
    }
}

#[test]
fn every_body_example_decodes_into_its_generated_type() {
    let found: Vec<Found> = [
        ("v3", "groupme-v3.yaml"),
        ("v2", "groupme-v2.yaml"),
        ("image", "groupme-image.yaml"),
        ("file", "groupme-file.yaml"),
        ("video", "groupme-video.yaml"),
        ("v4", "groupme-v4.yaml"),
    ]
    .into_iter()
    .flat_map(|(spec, file)| examples_in(spec, file))
    .collect();
    let mut used = HashSet::new();
    let mut used_by_all = HashSet::new();
    let mut failures = Vec::new();
    let mut decoded = 0;

    for example in &found {
        let (spec, operation, slot, media) = &example.slot;
        let key = (spec.as_str(), operation.as_str(), slot.as_str(), media.as_str());
        let label = format!(
            "{spec} {operation} {slot} {media} {}",
            example.name.as_deref().unwrap_or("")
        );
        let decoder = match DECODERS.iter().find(|(mapped, _)| *mapped == key) {
            Some((mapped, decode)) => {
                used.insert(*mapped);
                Some(decode)
            }
            None => EVERY_OPERATION
                .iter()
                .find(|(mapped, _)| *mapped == (key.2, key.3))
                .map(|(mapped, decode)| {
                    used_by_all.insert(*mapped);
                    decode
                }),
        };
        match decoder {
            None => failures.push(format!("{label}: no generated type is mapped to this example")),
            Some(decode) => match decode(&example.value) {
                Ok(()) => decoded += 1,
                Err(why) => failures.push(format!("{label}: {why}")),
            },
        }
    }

    assert!(
        failures.is_empty(),
        "examples that fail:\n{}",
        failures.join("\n")
    );
    assert_eq!(decoded, found.len(), "every example found was decoded");
    let unused: Vec<_> = DECODERS
        .iter()
        .map(|(slot, _)| slot)
        .filter(|slot| !used.contains(*slot))
        .collect();
    assert!(unused.is_empty(), "mapped slots without an example: {unused:?}");
    let unused: Vec<_> = EVERY_OPERATION
        .iter()
        .map(|(slot, _)| slot)
        .filter(|slot| !used_by_all.contains(*slot))
        .collect();
    assert!(unused.is_empty(), "shared slots without an example: {unused:?}");
}

#[test]
fn a_documented_field_the_type_drops_is_reported() {
    let misspelt = serde_json::json!({ "membership": { "nickname": "Al", "nick_name": "Al" } });

    let outcome = json::<v3::UpdateNicknameRequest>(&misspelt);

    let why = outcome.expect_err("an unknown field must not pass unnoticed");
    assert!(why.contains("nick_name"), "{why}");
}

/// The bot callback is no operation's body, so its example sits on the
/// schema itself: it decodes into the generated type, keeping every value.
#[test]
fn the_bot_callback_schema_example_decodes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/groupme-v3.yaml");
    let api: OpenAPI = serde_norway::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let schema = match api.components.unwrap().schemas.get("BotCallback") {
        Some(ReferenceOr::Item(schema)) => schema.clone(),
        other => panic!("BotCallback is not an inline schema: {other:?}"),
    };
    let example = schema.schema_data.example.expect("BotCallback has an example");

    json::<v3::BotCallback>(&example).unwrap();
    let decoded: v3::BotCallback = serde_json::from_value(example).unwrap();
    assert_eq!(decoded.sender_type, "user");

    // The callback `create_bot` declares carries an example of its own.
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/groupme-v3.yaml"))
        .unwrap();
    let api: serde_json::Value = serde_norway::from_str(&text).unwrap();
    let callback = &api["paths"]["/bots"]["post"]["callbacks"]["botMessage"]["{$request.body#/bot/callback_url}"]
        ["post"]["requestBody"]["content"][JSON]["example"];
    assert!(
        callback.is_object(),
        "create_bot declares the callback with an example"
    );
    json::<v3::BotCallback>(callback).unwrap();
}
