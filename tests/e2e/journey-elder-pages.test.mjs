// 长辈版, one question per page (GOV.UK): applying (the transfer gd-17 in 广州) and asking for a
// home visit. Every page: one question, one main button (counted), a visible 返回 after the
// first, a screenshot, the axe audit; the check-your-answers page leads back to each question's
// page; a wrong answer shows on its own page and keeps the person there; a reload keeps the
// page and the answers. The same pages again at 200 % text, where nothing may stick out.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { expectCount, expectText, expectTextIncludes, expectValue } from "./expect.mjs";
import { APPLICANT, api, askVisit, field, nextPage, nextUntil, open, pageToken, pickRegion } from "./journey-steps.mjs";
import { elderBeforeLoad } from "./a11y.mjs";
import { fitsAt200, onePage, textAt200 } from "./one-thing.mjs";

const s = suite();

/** Each question of the transfer form, its page's name and how a person answers it. */
const QUESTIONS = [
  ["applicant.name", "name", (p) => field(p, "applicant.name").fill(APPLICANT.name)],
  ["applicant.id_type", "id-type", (p) => field(p, "applicant.id_type").selectOption("resident")],
  ["applicant.id_number", "id-number", (p) => field(p, "applicant.id_number").fill(APPLICANT.id)],
  ["applicant.phone", "phone", (p) => field(p, "applicant.phone").fill(APPLICANT.phone)],
  ["transfer.direction", "direction", (p) => field(p, "transfer.direction").selectOption("in")],
  ["transfer.from_region", "from-region", (p) => pickRegion(p, "transfer.from_region", ["湖南省", "永州市", "零陵区"])],
  ["transfer.to_region", "to-region", (p) => pickRegion(p, "transfer.to_region", ["广东省", "广州市", "天河区"])],
  ["transfer.insurance_type", "insurance", (p) => field(p, "transfer.insurance_type").selectOption("employee")],
];

/** The pages of applying, each handed to `check(page, name)` once it shows; ends on the check page. */
async function applyJourney(page, check) {
  await open(page, s.gateway.url, "/apply/440000/gd-17");
  for (const [i, [path, name, answer]] of QUESTIONS.entries()) {
    await field(page, path).waitFor();
    await expectCount(page.locator(".form-step > .field"), 1, `${path}: one question on its page`);
    await expectCount(page.locator("button.back"), i === 0 ? 0 : 1, "返回 on every page after the first");
    await check(page, `apply-elder-${i + 1}-${name}`);
    await answer(page);
    await nextPage(page);
  }
  await page.locator(".review").waitFor();
  await check(page, `apply-elder-${QUESTIONS.length + 1}-check-answers`);
}

test("长辈版 apply: one question per page, a check-your-answers page whose 修改 leads back to the question", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await applyJourney(page, onePage);
    await expectTextIncludes(page.locator(".review"), "湖南省永州市零陵区");
    await expectCount(page.locator(".review .error-summary"), 0, "every answer passed on its page");
    // 修改 beside 转出地 leads to that question's page, the answer kept.
    await page.locator(".review .answers dd", { hasText: "湖南省永州市零陵区" }).locator("button.edit").click();
    await expectText(page.locator('[data-field="transfer.from_region"] .division-chosen'), "已选择：湖南省永州市零陵区");
    await expectCount(page.locator(".form-step > .field"), 1, "the one question");
    await pickRegion(page, "transfer.from_region", ["湖南省", "长沙市", "芙蓉区"]);
    await nextUntil(page, page.locator(".review"));
    await expectTextIncludes(page.locator(".review"), "湖南省长沙市芙蓉区");
    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    await page.locator(".receipt-box .receipt-no").waitFor();
    await screenshot(page, `apply-elder-${QUESTIONS.length + 2}-receipt`);
  });
  await page.context().close();
});

test("长辈版 apply: a wrong answer shows on its own page and keeps the person there; a reload keeps the page and the answers", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    for (const [, , answer] of QUESTIONS.slice(0, 2)) {
      await answer(page);
      await nextPage(page);
    }
    await field(page, "applicant.id_number").fill("110105194912310021");
    const at = await page.locator("form.apply-form").getAttribute("data-page");
    await page.locator("button.next").click();
    await page.locator("#f-applicant-id_number-error").waitFor();
    assert.equal(await page.locator("form.apply-form").getAttribute("data-page"), at, "still on the ID number's page");
    await onePage(page, "apply-elder-error-on-its-page");
    await field(page, "applicant.id_number").fill(APPLICANT.id);
    await nextPage(page);
    await field(page, "applicant.phone").waitFor();

    // The draft keeps the page it is on (on the device, nothing personal in the address).
    await page.reload();
    await field(page, "applicant.phone").waitFor();
    assert.ok(!page.url().includes(APPLICANT.id), "no personal data in the address");
    await page.locator("button.back").click();
    await expectValue(field(page, "applicant.id_number"), APPLICANT.id);
  });
  await page.context().close();
});

test("长辈版 apply at 200 % text: every page fits", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await textAt200(page);
  await withEvidence(t, page, async () => {
    await applyJourney(page, (p, name) => fitsAt200(p, name));
  });
  await page.context().close();
});

const VISIT_PAGES = ["reason", "address", "phone", "times", "check-answers"];

/** The pages of asking for a home visit for item gd-05, each handed to `check`; ends on the check page. */
async function visitJourney(page, check) {
  await open(page, s.gateway.url, "/items/440000/gd-05");
  await askVisit(page, {
    reason: "高龄", address: "广州市越秀区梅花村街道某巷7号", phone: "13800138000",
    onPage: async (name) => {
      const n = name === "check" ? VISIT_PAGES.length : VISIT_PAGES.indexOf(name) + 1;
      await expectCount(page.locator(".visit button.back"), 1, "返回 on every page");
      if (name === "check") {
        await expectTextIncludes(page.locator(".visit .cards"), "高龄");
        await expectTextIncludes(page.locator(".visit .cards"), "13800138000");
      }
      await check(page, `visit-elder-${n}-${VISIT_PAGES[n - 1]}`);
    },
  });
}

test("长辈版 home visit: one question per page, each checked on its page, then the answers to check before 提交", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/items/440000/gd-05");
    await page.locator("a.book-visit").click();
    // A wrong answer shows on its page: no reason chosen, no way on.
    await page.locator('.visit[data-page="reason"]').waitFor();
    await page.locator(".visit button.next").click();
    await expectText(page.locator(".visit .error"), "请选择申请上门的原因");
    await onePage(page, "visit-elder-error-on-its-page");

    await visitJourney(page, onePage);
    // 修改 leads back to the question; the answers stay, over a reload too.
    await page.locator(".visit .card", { hasText: "联系电话" }).locator("button.edit").click();
    await page.locator('.visit[data-page="phone"]').waitFor();
    await page.reload();
    await page.locator('.visit[data-page="phone"]').waitFor();
    await expectValue(page.locator("#visit-phone"), "13800138000");
    await page.locator(".visit button.next").click();
    await page.locator('.visit[data-page="times"]').waitFor();
    await page.locator(".visit button.next").click();
    await page.locator('.visit[data-page="check"]').waitFor();

    const before = await api(s.gateway.url, "GET", "/me/appointments", { token: await pageToken(page) });
    assert.equal(before.body.home_visits.length, 0, "nothing asked before 提交上门申请");
    await page.locator(".visit button[type=submit]").click();
    await expectText(page.locator(".home-visit .status"), "待确认");
    await screenshot(page, "visit-elder-6-asked");
  });
  await page.context().close();
});

test("长辈版 home visit at 200 % text: every page fits", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await textAt200(page);
  await withEvidence(t, page, async () => {
    await visitJourney(page, (p, name) => fitsAt200(p, name));
  });
  await page.context().close();
});
