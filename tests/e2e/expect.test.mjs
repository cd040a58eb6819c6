// The bounded waits themselves: they wait for a state that comes late, and they fail, naming what
// they saw, when it never comes — so a test built on them cannot pass on a page that is wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eventually } from "./expect.mjs";

test("a wait resolves to the state once it arrives, however late within its bound", async () => {
  let value = "old";
  setTimeout(() => (value = "new"), 200);
  assert.equal(await eventually(() => value, (v) => v === "new", "the value"), "new");
});

test("a wait for a state that never comes fails after its bound and names the last value seen", async () => {
  const started = Date.now();
  await assert.rejects(
    eventually(() => "still here", (v) => v === "gone", "the banner", 300),
    /the banner: after 300 ms it is "still here"/,
  );
  assert.ok(Date.now() - started >= 300, "it waited its whole bound first");
});

test("a read that throws counts as not yet, and its error is what the failure reports", async () => {
  await assert.rejects(
    eventually(() => { throw new Error("no element #x"); }, () => true, "#x", 200),
    /#x: after 200 ms it is "\(no element #x\)"/,
  );
});
