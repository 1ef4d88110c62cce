"""Smoke test of a third-party client written for the real GroupMe API.

Groupy (`pip install GroupyAPI`) was written against api.groupme.com years
before this project. Pointed at the fake server, it must be able to do what
its users do first: say who they are, page through their groups, show one
group and walk its members, and list their former groups. Any answer of the
wrong shape makes Groupy raise, so getting through is the test. Run by
`.ci/spec-tools.sh`, which starts the fake and passes its v3 base URL in
GROUPME_V3_URL.
"""

import os
import sys

from groupy import Client
from groupy.api import base

TOKEN = "demo-token"
GROUP_ID = "2001"


def check(condition, message):
    if not condition:
        print(f"groupy smoke: FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def main():
    # Groupy has no setting for the host: every manager joins its paths to
    # this class attribute.
    base.Manager.base_url = os.environ["GROUPME_V3_URL"].rstrip("/") + "/"
    client = Client.from_token(TOKEN)

    me = client.user.get_me()
    check(me["name"], "users/me has a name")

    # A page size of 1 makes Groupy's own pager walk several pages.
    groups = list(client.groups.list_all(per_page=1))
    check(groups, "the demo user is in at least one group")
    check(len({group.id for group in groups}) == len(groups), "no group is listed twice")
    check(any(group.id == GROUP_ID for group in groups), f"group {GROUP_ID} is listed")

    group = client.groups.get(GROUP_ID)
    check(group.name, "the group has a name")
    check(group.members, "the group shows its members")
    for member in group.members:
        check(member.user_id and member.nickname, f"member {member!r} has a user id and a nickname")

    # The index without memberships, as large accounts use it.
    light = client.groups.list(omit="memberships")
    check(all(not g.members for g in light), "omit=memberships leaves the members out")

    former = client.groups.list_former()
    check(isinstance(former, list), "former groups are a list")

    print(
        f"groupy smoke: ok ({len(groups)} groups, {len(group.members)} members in {group.name!r}, "
        f"{len(former)} former)"
    )


if __name__ == "__main__":
    main()
