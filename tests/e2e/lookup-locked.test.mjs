// A receipt whose verifier was guessed at too often is locked: the lookup on 我的 says, in
// Chinese, how long to wait. Its own gateway, since the guesses also count against this client.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { OTHER_ID, phonePage, suite, withEvidence } from "./support.mjs";
import { expectTextIncludes } from "./expect.mjs";
import { APPLICANT, open, api, citizen, transferForm } from "./journey-steps.mjs";

const s = suite({}, { fresh: "its wrong guesses count against this client's limit" });

test("a locked lookup says how long to wait, in Chinese", async (t) => {
  // Someone else looks it up: the applicant's own session would read it without a verifier.
  const page = await phonePage(s.browser, { realName: OTHER_ID });
  await withEvidence(t, page, async () => {
    const token = await citizen(s.gateway.url);
    const made = await api(s.gateway.url, "POST", "/applications", {
      token,
      headers: { "idempotency-key": "e2e-locked-123456" },
      body: { region: "440000", item: "gd-17", form: transferForm() },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const receiptNo = made.body.receipt_no;
    for (let i = 0; i < 10; i++) {
      const r = await api(s.gateway.url, "GET", `/applications/${receiptNo}`, { headers: { "tongban-verifier": "000000" } });
      assert.equal(r.status, 404);
    }

    await open(page, s.gateway.url, "/me");
    await page.fill("#lookup-no", receiptNo);
    await page.fill("#lookup-verifier", APPLICANT.verifier);
    await page.locator(".lookup button[type=submit]").click();
    await expectTextIncludes(page.locator(".lookup-result .failure"), "请在60分钟后再试");
  });
});
