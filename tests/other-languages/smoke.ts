// Smoke test of a TypeScript client built from the published GroupMe spec:
// types from `openapi-typescript`, calls through `openapi-fetch`. Drives the
// fake server's demo data: who am I, add members and wait for the results (a
// `503` text answer means "not ready yet"), list the members, and the v2
// profile update and ban. Run by `.ci/spec-tools.sh`, which starts the fake
// and passes its base URLs in GROUPME_V3_URL and GROUPME_V2_URL.

import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";

import createClient from "openapi-fetch";

import type { paths as V2Paths } from "./generated/groupme-v2.js";
import type { components, paths as V3Paths } from "./generated/groupme-v3.js";

type Member = components["schemas"]["Member"];

const TOKEN = "demo-token";
const DEMO_USER_ID = "1001";
const DEMO_GROUP_ID = "2001";
const FORMER_MEMBERSHIP_ID = "3004"; // Carol, who left the demo group
const RESULTS_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 100;

/** People to add, by guid; `userId` is the id the fake knows for the email, null for a new user. */
const ADDABLE: Record<string, { nickname: string; email: string; userId: string | null }> = {
  "ts-frank": { nickname: "Frank", email: "frank@example.com", userId: "1007" },
  "ts-grace": { nickname: "Grace", email: "grace@example.com", userId: "1008" },
  "ts-newcomer": { nickname: "Newcomer", email: "newcomer.ts@example.com", userId: null },
};
const BANNED_GUID = "ts-mallory"; // banned from the demo group, so silently left out

function baseUrl(variable: string): string {
  const url = process.env[variable];
  assert.ok(url, `${variable} is not set`);
  return url;
}

const headers = { "X-Access-Token": TOKEN };
const v3 = createClient<V3Paths>({ baseUrl: baseUrl("GROUPME_V3_URL"), headers });
const v2 = createClient<V2Paths>({ baseUrl: baseUrl("GROUPME_V2_URL"), headers });

/**
 * The `response` of an enveloped answer, after checking the HTTP status.
 * `meta.code` is not compared: GroupMe's own code is not always the status.
 */
function payload<T>(
  answer: { data?: { response?: T; meta: { code: number } }; error?: unknown; response: Response },
  status: number,
): T {
  assert.equal(answer.response.status, status, `unexpected answer: ${JSON.stringify(answer.error)}`);
  assert.ok(answer.data, "no body");
  assert.ok(answer.data.response !== undefined, "the envelope has no response");
  return answer.data.response;
}

async function checkWhoAmI(): Promise<void> {
  const me = payload(await v3.GET("/users/me"), 200);
  assert.deepEqual([me.id, me.name], [DEMO_USER_ID, "Demo User"]);
  console.log(`who am I: ${me.name} (${me.id})`);
}

/** Adds the addable people and Mallory; returns the created memberships by guid. */
async function addAndWait(): Promise<Map<string, Member>> {
  const members = Object.entries(ADDABLE).map(([guid, { nickname, email }]) => ({ nickname, email, guid }));
  members.push({ nickname: "Mallory", email: "mallory@example.com", guid: BANNED_GUID });
  const group = { group_id: DEMO_GROUP_ID };
  const started = await v3.POST("/groups/{group_id}/members/add", { params: { path: group }, body: { members } });
  const { results_id } = payload(started, 202);
  assert.ok(results_id, "empty results_id");

  let notReady = 0;
  const deadline = Date.now() + RESULTS_TIMEOUT_MS;
  for (;;) {
    const answer = await v3.GET("/groups/{group_id}/members/results/{results_id}", {
      params: { path: { ...group, results_id } },
    });
    if (answer.response.status !== 503) {
      const created = payload(answer, 200).members ?? []; // null means none
      // The fake holds results back for 300 ms, so the first poll must have seen "not ready".
      assert.ok(notReady >= 1, "the first poll was already ready; the 503 path went untested");
      console.log(`results ${results_id} ready after ${notReady} not-ready answer(s)`);
      return new Map(created.map((member) => [member.guid ?? "", member]));
    }
    assert.equal(typeof answer.error, "string", "503 without a text body");
    notReady += 1;
    assert.ok(Date.now() < deadline, `results not ready after ${RESULTS_TIMEOUT_MS} ms`);
    await sleep(POLL_INTERVAL_MS);
  }
}

function checkResults(created: Map<string, Member>): void {
  assert.deepEqual([...created.keys()].sort(), Object.keys(ADDABLE).sort());
  assert.ok(!created.has(BANNED_GUID));
  for (const [guid, { nickname, userId }] of Object.entries(ADDABLE)) {
    const member = created.get(guid);
    assert.ok(member, `${guid} missing`);
    assert.equal(member.nickname, nickname);
    assert.ok(member.id, `${guid} has no membership id`);
    if (userId !== null) {
      assert.equal(member.user_id, userId);
      assert.notEqual(member.id, userId, "the membership id must not be the user id");
    }
  }
  const knownUsers = new Set([DEMO_USER_ID, ...Object.values(ADDABLE).map(({ userId }) => userId)]);
  assert.ok(!knownUsers.has(created.get("ts-newcomer")?.user_id ?? null), "an unknown email must create a new user");
}

async function checkMembers(created: Map<string, Member>): Promise<void> {
  const answer = await v3.GET("/groups/{group_id}/members", {
    params: { path: { group_id: DEMO_GROUP_ID }, query: { filter: "active" } },
  });
  const memberships = payload(answer, 200).memberships ?? [];
  const byUser = new Map(memberships.map((member) => [member.user_id, member]));
  for (const [guid, member] of created) {
    const listed = byUser.get(member.user_id);
    assert.ok(listed, `${guid} (${member.user_id}) is not listed as active`);
    assert.deepEqual([listed.id, listed.nickname], [member.id, member.nickname]);
  }
  assert.ok(!byUser.has("1009"), "Mallory is banned and must not be active");
  assert.ok(byUser.get(DEMO_USER_ID)?.roles?.includes("owner"), "the demo user owns the group");
  console.log(`active members: ${memberships.length}`);
}

async function checkV2(): Promise<void> {
  const bio = "Written by the TypeScript smoke test.";
  const updated = await v2.POST("/users/{user_id}", {
    params: { path: { user_id: DEMO_USER_ID } },
    body: { user: { bio } },
  });
  const { user } = payload(updated, 200);
  assert.deepEqual([user.id, user.bio], [DEMO_USER_ID, bio]);
  const banned = await v2.POST("/groups/{group_id}/memberships/{membership_id}/destroy", {
    params: { path: { group_id: DEMO_GROUP_ID, membership_id: FORMER_MEMBERSHIP_ID } },
  });
  assert.equal(banned.response.status, 200, `ban failed: ${JSON.stringify(banned.error)}`);
  // The fake answers as the live API does: an envelope whose response is null.
  assert.equal(banned.data?.response ?? null, null);
  console.log("v2: profile updated, former member banned");
}

await checkWhoAmI();
const created = await addAndWait();
checkResults(created);
await checkMembers(created);
await checkV2();
console.log("typescript smoke test passed");
