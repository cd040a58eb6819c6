// 退出登录 on 我的: the gateway ends the session (its token no longer works, even copied), and
// the phone forgets the session, the citizen's drafts and kept receipts.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, suite, withEvidence } from "./support.mjs";
import { expectInPage } from "./expect.mjs";
import { open, field, api, pageToken } from "./journey-steps.mjs";

const s = suite();

test("退出登录 ends the session at the gateway and clears the phone's session and drafts", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    await field(page, "applicant.name").fill("王五");
    await field(page, "applicant.name").press("Tab");
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith("tongban.draft.")));
    const token = await pageToken(page);
    assert.ok(token, "a session was made");

    await open(page, s.gateway.url, "/me");
    await page.locator("button.logout", { hasText: "退出登录" }).click();
    // What logging out does is said first; only 确定退出 does it.
    await page.locator(".mine .confirm", { hasText: "草稿和受理回执会被清除" }).waitFor();
    await page.locator("button.confirm-logout").click();
    await page.locator(".mine .notice", { hasText: "已退出登录" }).waitFor();

    await expectInPage(page, () => Object.keys(localStorage).filter((k) =>
      k === "tongban.session" || k === "tongban.citizen" || k.startsWith("tongban.draft.") || k.startsWith("tongban.receipt.")),
    undefined, (kept) => kept.length === 0, "nothing of the citizen stays on the phone");
    const after = await api(s.gateway.url, "GET", "/me/applications", { token });
    assert.equal(after.status, 401);
    assert.equal(after.body.code, "session_revoked");
  });
});
