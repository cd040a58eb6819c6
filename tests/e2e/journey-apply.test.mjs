// The apply journey on a phone: browse → item guide → the form with errors, then fixed →
// submit → receipt → progress; the draft survives a reload; a network drop during submit,
// then a retry, makes exactly one application, even with an answer edited in between; an
// offline notice; elder mode on a form.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { holdRequests, phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { expectCount, expectFocus, expectInPage, expectText, expectTextIncludes, expectValue } from "./expect.mjs";
import {
  APPLICANT, open, field, fillApplicant, fillTransfer, fillTransferToReview, next, api, citizen, pickRegion,
} from "./journey-steps.mjs";

const s = suite();

test("browse, read the guide, apply with errors then fix them, submit, see the receipt and progress", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url);
    await page.selectOption("#region", "440000");
    await page.locator('.item-card[data-item="gd-17"] a').click();

    // 一次性告知
    await page.locator("#guide-title", { hasText: "转移接续手续办理" }).waitFor();
    await expectText(page.locator(".expected"), /\d{4}年\d{1,2}月\d{1,2}日/);
    await expectText(page.locator("#g-mat + *"), /\S/, "the materials section says what to bring, or who decides");
    await expectTextIncludes(page.locator(".guide"), "法定时限");
    await screenshot(page, "item-guide");
    await page.locator(".apply-now").click();

    // No error on the first keystrokes; the error appears when the field is left.
    const id = field(page, "applicant.id_number");
    await field(page, "applicant.name").fill(APPLICANT.name);
    await field(page, "applicant.id_type").selectOption("resident");
    await id.pressSequentially("110105", { delay: 10 });
    await expectValue(id, "110105");
    assert.equal(await page.locator(".field .error").count(), 0, "no error while typing");
    await id.press("Tab");
    const idError = page.locator("#f-applicant-id_number-error");
    await idError.waitFor();
    await page.locator('#f-applicant-id_number[aria-invalid="true"][aria-describedby~="f-applicant-id_number-error"]').waitFor();

    // 下一步 with the phone missing: every error of the step shows, the first gets the focus.
    await next(page);
    await page.locator("#f-applicant-phone-error").waitFor();
    await expectFocus(page, "f-applicant-id_number", "the first field in error gets the focus");
    await screenshot(page, "form-with-errors");

    // Fix them; the errors go away as the answers become right.
    await id.fill(APPLICANT.id);
    await field(page, "applicant.phone").fill(APPLICANT.phone);
    await field(page, "applicant.phone").press("Tab");
    await expectCount(page.locator(".field .error"), 0, "the errors are gone once fixed");
    await next(page);
    await fillTransfer(page);
    await next(page);

    // Review and submit.
    await page.locator(".review").waitFor();
    await expectTextIncludes(page.locator(".answers"), "向转入地申请", "choices read by their labels");
    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    const receiptNo = await expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
    // Submitted: nothing the citizen typed stays on the device.
    await expectInPage(page, () => Object.values({ ...localStorage }).join("\n"), null,
      (stored) => !stored.includes(APPLICANT.id) && !stored.includes(APPLICANT.phone), "no answers left in local storage");
    await expectText(page.locator(".status-label"), "已提交");
    await screenshot(page, "receipt");
    await expectInPage(page, () => localStorage.getItem("tongban.draft.440000.gd-17"), null,
      (draft) => draft === null, "the draft is cleared after the submission");

    // Progress: the timeline, then an operator accepts it and the citizen sees it.
    await page.locator("a", { hasText: "查看办理进度" }).click();
    await page.locator(".timeline .event").first().waitFor();
    await expectText(page.locator(".progress .status"), "已提交");
    const accepted = await api(s.gateway.url, "POST", `/operator/applications/${receiptNo}/accept`, {
      token: s.gateway.operatorToken, body: {},
    });
    if (accepted.status === 200) {
      await page.reload();
      await page.locator(".progress .status", { hasText: "已受理" }).waitFor();
      await expectCount(page.locator(".timeline .event"), 2, "submitted, then accepted");
    }
    await screenshot(page, "progress-timeline");
  });
});

test("a draft survives a reload and says it was restored", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    await field(page, "applicant.name").fill("李四");
    await field(page, "applicant.name").press("Tab");
    await page.reload();
    await expectValue(field(page, "applicant.name"), "李四", "the draft comes back after the reload");
    await expectText(page.locator(".restored p"), "已为您恢复上次填写的内容");
  });
});

test("下一步 tapped while the division list still loads: the page says so and carries the tap out once it is there", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    // The list's file is held until the tap is made (a slow network, an old phone).
    const release = await holdRequests(page, /\/divisions(-[0-9a-f]{16})?\.txt$/);
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    await fillApplicant(page);
    await next(page);
    await field(page, "transfer.direction").selectOption("in");
    await field(page, "transfer.insurance_type").selectOption("employee");
    await next(page);
    await expectText(page.locator(".list-wait"), "正在加载地区列表，加载完成后自动进入下一步", "the tap is acknowledged");
    await screenshot(page, "waiting-for-the-division-list");
    release();
    // Carried out once the list is there: the regions are not answered yet, so their errors show.
    await page.locator("#f-transfer-from_region-error").waitFor();
    await expectText(page.locator(".list-wait"), "", "the line goes once the list is there");
    await pickRegion(page, "transfer.from_region", ["湖南省", "永州市", "零陵区"]);
    await pickRegion(page, "transfer.to_region", ["广东省", "广州市", "天河区"]);
    await next(page);
    await page.locator(".review").waitFor();
  });
});

test("offline, the page says so calmly and what is typed stays; back online, the notice goes", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    // The form is there before the network goes (going offline before the second module has
    // arrived is another journey's).
    await field(page, "applicant.name").waitFor();
    assert.equal(await page.locator(".offline").count(), 0);
    await page.context().setOffline(true);
    await page.locator(".offline", { hasText: "网络已断开" }).waitFor();
    await field(page, "applicant.name").fill("王五");
    await field(page, "applicant.name").press("Tab");
    await screenshot(page, "offline");
    await expectInPage(page, () => Object.keys(localStorage).some((k) => k.startsWith("tongban.draft.440000.gd-17")), null,
      (saved) => saved, "the draft is saved on the device while offline");
    await page.context().setOffline(false);
    await page.locator(".offline").waitFor({ state: "detached" });
    await expectValue(field(page, "applicant.name"), "王五", "what was typed offline is still there");
  });
});

test("a network drop during submit, then a retry, makes exactly one application", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    const reader = await citizen(s.gateway.url);
    const listed = async () => (await api(s.gateway.url, "GET", "/me/applications", { token: reader })).body.map((a) => a.receipt_no);
    const before = new Set(await listed());
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    await fillTransferToReview(page);

    // The first POST reaches the gateway, but its answer never reaches the phone.
    let reached = 0;
    await page.route("**/api/v1/applications", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      reached += 1;
      await route.fetch();
      await route.abort("internetdisconnected");
    });
    await page.locator("button.submit").click();
    await page.locator(".notice.failure").waitFor();
    assert.equal(reached, 1);
    await expectText(page.locator("button.submit"), "重新提交");
    await page.unroute("**/api/v1/applications");

    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    const receiptNo = await expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);

    const made = (await listed()).filter((no) => !before.has(no));
    assert.deepEqual(made, [receiptNo], "one application, the retried one");
  });
});

test("first answer lost, an answer edited, retried: the app shows the application made, never a second", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    // 我的办件 lists every application of the citizen's real-name person, from any session:
    // what this journey adds is what is new after it.
    const reader = await citizen(s.gateway.url);
    const listed = async () => (await api(s.gateway.url, "GET", "/me/applications", { token: reader })).body.map((a) => a.receipt_no);
    const before = new Set(await listed());
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    await fillTransferToReview(page);

    // The first POST is stored by the gateway, but its answer never reaches the phone.
    let stored = null;
    await page.route("**/api/v1/applications", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const answer = await route.fetch();
      stored = (await answer.json()).receipt_no;
      await route.abort("internetdisconnected");
    });
    await page.locator("button.submit").click();
    await page.locator(".notice.failure").waitFor();
    assert.match(stored ?? "", /^TB/, "the first submission was stored");
    await page.unroute("**/api/v1/applications");

    // The citizen corrects one answer, then presses submit again.
    await page.locator("button.back", { hasText: "返回" }).click();
    await pickRegion(page, "transfer.from_region", ["湖南省", "长沙市", "芙蓉区"]);
    await next(page);
    await page.locator(".review").waitFor();
    await page.locator("button.submit").click();

    const notice = page.locator(".already-submitted");
    await notice.waitFor();
    await expectTextIncludes(notice, "该申请已提交");
    await expectText(notice.locator(".receipt-no"), stored);
    const made = (await listed()).filter((no) => !before.has(no));
    assert.deepEqual(made, [stored], "one application: the first");

    await notice.locator("a", { hasText: "查看进度" }).click();
    await page.waitForURL(new RegExp(`/applications/${stored}$`));
  });
});

test("elder mode on a form: larger type and targets", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    await page.locator("button.elder-toggle").click();
    await page.locator(".frame.elder").waitFor();
    const input = field(page, "applicant.name");
    const size = await input.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 24, `elder text at least 24px, got ${size}`);
    const box = await input.boundingBox();
    assert.ok(box.height >= 60, `elder targets at least 60px high, got ${box.height}`);
    await next(page);
    await page.locator(".field .error").first().waitFor();
    await screenshot(page, "elder-form");
  });
});

test("a 免申即享 item explains that nothing needs doing and offers no form", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/items/420800/jm-maternity-allowance");
    await page.locator(".no-application").waitFor();
    await expectTextIncludes(page.locator(".no-application"), "无需申请");
    await expectCount(page.locator(".apply-now"), 0, "nothing to apply for");
  });
});

test("an item filed only at the window offers the window, not 立即申请", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    // JM 19: 医疗救助对象手工（零星）报销 is handled at the window only; the gateway answers not_online.
    await open(page, s.gateway.url, "/items/420800/jm-assistance-reimbursement");
    await page.locator(".at-window").waitFor();
    await expectTextIncludes(page.locator(".at-window"), "不能在线申请");
    await expectCount(page.locator(".apply-now"), 0, "not applied for online");
  });
});

test("实名: the form names 本人 above it, and another person's ID number is refused on the field as it is typed", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    // The session's real-name person (the dev backend's, as a shell's would be): masked name
    // and the last four characters of the ID.
    await expectTextIncludes(page.locator(".real-name"), `尾号${APPLICANT.id.slice(-4)}`);
    const id = field(page, "applicant.id_number");
    await field(page, "applicant.name").fill(APPLICANT.name);
    await field(page, "applicant.id_type").selectOption("resident");
    await id.fill("110105194912310038");
    await id.press("Tab");
    await expectTextIncludes(page.locator("#f-applicant-id_number-error"), "只能为本人申请");
    await screenshot(page, "form-not-self");
    // Their own number, typed with a lower-case x: the error goes as they type.
    await id.fill(APPLICANT.id.toLowerCase());
    await expectCount(page.locator("#f-applicant-id_number-error"), 0, "no error on one's own ID");
  });
  await page.context().close();
});
