"""Smoke test of Python clients generated from the published GroupMe spec.

Drives the packages that `openapi-python-client` generates from
`groupme-v3.yaml` (`groupme_v3`) and `groupme-v2.yaml` (`groupme_v2`) against
the fake server's demo data: who am I, add members and wait for the results
(a `503` text answer means "not ready yet"), list the members, and the v2
profile update and ban. Run by `.ci/spec-tools.sh`, which starts the fake
and passes its base URLs in GROUPME_V3_URL and GROUPME_V2_URL.
"""

import os
import sys
import time
from http import HTTPStatus

from groupme_v2 import AuthenticatedClient as V2Client
from groupme_v2.api.members import ban_member
from groupme_v2.api.users import update_profile
from groupme_v2.models import EmptyEnvelope, ProfileChanges, ProfileEnvelope, UpdateProfileRequest
from groupme_v3 import AuthenticatedClient as V3Client
from groupme_v3.api.members import add_members, get_member_results, list_members
from groupme_v3.api.users import get_me
from groupme_v3.models import (
    AddMembersEnvelope,
    AddMembersRequest,
    Member,
    MemberResultsEnvelope,
    MembershipFilter,
    MembershipIndexEnvelope,
    NewMemberByEmail,
    UserEnvelope,
)
from groupme_v3.types import Unset

TOKEN = "demo-token"
DEMO_USER_ID = "1001"
DEMO_GROUP_ID = "2001"
FORMER_MEMBERSHIP_ID = "3004"  # Carol, who left the demo group
RESULTS_TIMEOUT_SECONDS = 10.0
POLL_INTERVAL_SECONDS = 0.1

# guid -> (nickname, email, user id the fake knows for that email; None for a new user)
ADDABLE = {
    "py-frank": ("Frank", "frank@example.com", "1007"),
    "py-grace": ("Grace", "grace@example.com", "1008"),
    "py-newcomer": ("Newcomer", "newcomer.py@example.com", None),
}
BANNED_GUID = "py-mallory"  # banned from the demo group, so silently left out


def client(kind, url_variable):
    """A generated client for the base URL in `url_variable`, sending the
    token in the `X-Access-Token` header and raising on undocumented statuses."""
    return kind(
        base_url=os.environ[url_variable],
        token=TOKEN,
        prefix="",
        auth_header_name="X-Access-Token",
        raise_on_unexpected_status=True,
    )


def payload(answer, status, envelope_type):
    """The `response` of an enveloped answer, after checking its status and type.

    `meta.code` is not compared: GroupMe's own code is not always the status."""
    assert answer.status_code == status, f"expected {status}, got {answer.status_code}: {answer.content!r}"
    envelope = answer.parsed
    assert isinstance(envelope, envelope_type), f"expected {envelope_type.__name__}, got {envelope!r}"
    assert not isinstance(envelope.response, Unset), "the envelope has no response"
    return envelope.response


def check_who_am_i(v3):
    me = payload(get_me.sync_detailed(client=v3), HTTPStatus.OK, UserEnvelope)
    assert (me.id, me.name) == (DEMO_USER_ID, "Demo User"), me
    print(f"who am I: {me.name} ({me.id})")


def add_and_wait(v3):
    """Adds the addable people and Mallory; returns the created memberships by guid."""
    people = [NewMemberByEmail(nickname=nick, email=email, guid=guid) for guid, (nick, email, _) in ADDABLE.items()]
    people.append(NewMemberByEmail(nickname="Mallory", email="mallory@example.com", guid=BANNED_GUID))
    started = add_members.sync_detailed(DEMO_GROUP_ID, client=v3, body=AddMembersRequest(members=people))
    results_id = payload(started, HTTPStatus.ACCEPTED, AddMembersEnvelope).results_id
    assert results_id, "empty results_id"

    not_ready = 0
    deadline = time.monotonic() + RESULTS_TIMEOUT_SECONDS
    while True:
        answer = get_member_results.sync_detailed(DEMO_GROUP_ID, results_id, client=v3)
        if answer.status_code != HTTPStatus.SERVICE_UNAVAILABLE:
            break
        assert isinstance(answer.parsed, str) and answer.parsed, f"503 without a text body: {answer.content!r}"
        not_ready += 1
        assert time.monotonic() < deadline, f"results not ready after {RESULTS_TIMEOUT_SECONDS}s"
        time.sleep(POLL_INTERVAL_SECONDS)
    created = payload(answer, HTTPStatus.OK, MemberResultsEnvelope).members or []  # null means none
    # The fake holds results back for 300 ms, so the first poll must have seen "not ready".
    assert not_ready >= 1, "the first poll was already ready; the 503 path went untested"
    print(f"results {results_id} ready after {not_ready} not-ready answer(s)")
    return {member.guid: member for member in created}


def check_results(created):
    assert set(created) == set(ADDABLE), f"created guids {sorted(created)}, expected {sorted(ADDABLE)}"
    assert BANNED_GUID not in created
    for guid, (nickname, _, user_id) in ADDABLE.items():
        member = created[guid]
        assert member.nickname == nickname and member.id, member
        if user_id is not None:
            assert member.user_id == user_id, member
            assert member.id != user_id, f"the membership id must not be the user id: {member}"
    known_users = {user_id for _, _, user_id in ADDABLE.values()} | {DEMO_USER_ID}
    assert created["py-newcomer"].user_id not in known_users, "an unknown email must create a new user"


def check_members(v3, created):
    answer = list_members.sync_detailed(DEMO_GROUP_ID, client=v3, filter_=MembershipFilter.ACTIVE)
    members: list[Member] = payload(answer, HTTPStatus.OK, MembershipIndexEnvelope).memberships or []
    by_user = {member.user_id: member for member in members}
    for guid, member in created.items():
        listed = by_user.get(member.user_id)
        assert listed is not None, f"{guid} ({member.user_id}) is not listed as active"
        assert (listed.id, listed.nickname) == (member.id, member.nickname), (listed, member)
    assert "1009" not in by_user, "Mallory is banned and must not be active"
    assert "owner" in (by_user[DEMO_USER_ID].roles or []), by_user[DEMO_USER_ID]
    print(f"active members: {len(members)}")


def check_v2(v2):
    bio = "Written by the Python smoke test."
    answer = update_profile.sync_detailed(
        DEMO_USER_ID, client=v2, body=UpdateProfileRequest(user=ProfileChanges(bio=bio))
    )
    profile = payload(answer, HTTPStatus.OK, ProfileEnvelope).user
    assert (profile.id, profile.bio) == (DEMO_USER_ID, bio), profile
    banned = ban_member.sync_detailed(DEMO_GROUP_ID, FORMER_MEMBERSHIP_ID, client=v2)
    assert banned.status_code == HTTPStatus.OK, f"ban answered {banned.status_code}: {banned.content!r}"
    # The fake answers as the live API does: an envelope whose response is null.
    assert isinstance(banned.parsed, EmptyEnvelope), f"ban answered {banned.content!r}"
    print("v2: profile updated, former member banned")


def main():
    with client(V3Client, "GROUPME_V3_URL") as v3, client(V2Client, "GROUPME_V2_URL") as v2:
        check_who_am_i(v3)
        created = add_and_wait(v3)
        check_results(created)
        check_members(v3, created)
        check_v2(v2)
    print("python smoke test passed")


if __name__ == "__main__":
    sys.exit(main())
