// A deliberately racy test, for the self-test of the runner (qa/runner.test.mjs) only: it reads a
// state once, 10 ms after starting the change it expects — the pattern tests/e2e/expect.mjs
// forbids. The change lands after 50 ms on the first attempt (the race is lost) and at once on the
// retry (won); the attempt number pins the timing so that the self-test is deterministic. The
// runner must report it as flaky: failed, then passed on its retry — never simply as passed.
import { test } from "@playwright/test";
import assert from "node:assert/strict";

test("a racy read: the state it reads once is not there yet on the first attempt", async ({}, info) => {
  let state = "old";
  setTimeout(() => (state = "new"), info.retry === 0 ? 50 : 0);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(state, "new", "read once, right after the action");
});
