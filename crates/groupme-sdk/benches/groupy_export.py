"""Groupy's side of the export bench (see export.rs and BENCHMARKS.md).

Exports the demo group's whole history from a running fake GroupMe with
Groupy's own pager (`messages.list(limit=100).autopage()`, which pages
with `before_id` until GroupMe's 304), and prints messages per second and
the process's peak resident memory.

    cargo run --release -p groupme-fake -- --port 8099 --messages 100000 &
    GROUPME_V3_URL=http://127.0.0.1:8099/v3 python groupy_export.py

Groupy needs `pip install --no-deps -r .ci/groupy-requirements.txt`.
"""

import os
import resource
import sys
import time

from groupy import Client
from groupy.api import base

TOKEN = "demo-token"
GROUP_ID = "2001"


def export(client):
    count = 0
    for message in client.groups.get(GROUP_ID).messages.list(limit=100).autopage():
        count += 1
    return count


def main():
    base.Manager.base_url = os.environ["GROUPME_V3_URL"].rstrip("/") + "/"
    client = Client.from_token(TOKEN)
    rounds = int(os.environ.get("ROUNDS", "3"))
    times = []
    count = 0
    for _ in range(rounds):
        started = time.perf_counter()
        count = export(client)
        times.append(time.perf_counter() - started)
    times.sort()
    median = times[len(times) // 2]
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"groupy export: {count} messages, median {median:.2f} s of {rounds}, "
        f"{count / median:.0f} msg/s, peak RSS {peak_kib} KiB",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
