// The core journeys, run in every QA project (tests/playwright.config.mjs): the plain phone,
// WeChat, Alipay and 浙里办 (simulated hosts), elder mode and a small Android phone. Home → item
// guide → the form with an error shown as it is left → fixed → submit → receipt → progress, and
// a draft that survives a reload. Each stage is a step of the report with its screenshot.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, project, screenshot, step, suite, withEvidence } from "./support.mjs";
import { eventually, expectCount, expectText, expectTextIncludes, expectValue } from "./expect.mjs";
import { APPLICANT, api, field, fillTransfer, next, open, pageToken, toField } from "./journey-steps.mjs";

const s = suite();

/** In the elder project the page is in elder mode and `selector`'s text is 24 px or larger. */
async function elderTypeIfElder(page, selector) {
  if (!project().elder) return;
  await page.locator(".frame.elder").waitFor();
  const size = await page.locator(selector).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 24, `elder text at least 24px, got ${size}px`);
}

test("core journey: home, item guide, an error as typed, submit, receipt, progress", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await step("home: choose Guangdong, see its items", async () => {
      await open(page, s.gateway.url);
      await expectText(page.locator("#home-title"), "医保业务，掌上通办");
      const host = project().host;
      if (host) {
        const shell = { wechat: "wechat", alipay: "alipay", zlb: "provincial" }[host];
        await page.waitForFunction((h) => document.documentElement.dataset.shell === h, shell);
      }
      await elderTypeIfElder(page, "#home-title + .lead");
      await page.selectOption("#region", "440000");
      if (project().elder) {
        // 长辈版 opens on tiles; the whole list is one tap away.
        await expectCount(page.locator(".item-card"), 0, "长辈版 home shows tiles, not the list");
        await page.locator(".tiles .tile").first().waitFor();
        await screenshot(page, "core-1-home-tiles");
        await page.locator(".all-items").click();
      }
      await page.locator('.item-card[data-item="gd-17"]').waitFor();
      await screenshot(page, "core-1-home");
    });

    await step("item guide: 一次性告知", async () => {
      await page.locator('.item-card[data-item="gd-17"] a').click();
      await page.locator("#guide-title", { hasText: "转移接续手续办理" }).waitFor();
      await expectTextIncludes(page.locator(".guide"), "法定时限");
      await screenshot(page, "core-2-guide");
      await page.locator(".apply-now").click();
    });

    await step("form: no error while typing, the error when the field is left", async () => {
      const id = field(page, "applicant.id_number");
      await field(page, "applicant.name").fill(APPLICANT.name);
      await toField(page, "applicant.id_type");
      await field(page, "applicant.id_type").selectOption("resident");
      await toField(page, "applicant.id_number");
      await id.pressSequentially("110105", { delay: 10 });
      await expectValue(id, "110105");
      assert.equal(await page.locator(".field .error").count(), 0, "no error while typing");
      await id.press("Tab");
      await page.locator("#f-applicant-id_number-error").waitFor();
      await screenshot(page, "core-3-form-error");
    });

    await step("form: fixed, then the next steps up to the review", async () => {
      await field(page, "applicant.id_number").fill(APPLICANT.id);
      await toField(page, "applicant.phone");
      await field(page, "applicant.phone").fill(APPLICANT.phone);
      await field(page, "applicant.phone").press("Tab");
      await expectCount(page.locator(".field .error"), 0, "the errors are gone once fixed");
      await next(page);
      await fillTransfer(page);
      await next(page);
      await page.locator(".review").waitFor();
      await screenshot(page, "core-4-review");
    });

    let receiptNo;
    await step("submit: the receipt", async () => {
      await page.locator("button.submit").click();
      await page.waitForURL(/\/receipt\/TB/);
      receiptNo = await expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
      await expectText(page.locator(".status-label"), "已提交");
      await screenshot(page, "core-5-receipt");
      const host = project().host;
      if (host === "wechat" || host === "alipay") {
        // A mini-program host hears of the submission (shells.test.mjs proves the details).
        await eventually(() => page.evaluate(() => window.__host.filter((c) => c[0] === "postMessage").map((c) => c[1])),
          (list) => list.some((m) => JSON.stringify(m).includes(receiptNo)), "the receipt posted to the host");
      }
    });

    await step("progress: the timeline, and it is the citizen's own application", async () => {
      await page.locator("a", { hasText: "查看办理进度" }).click();
      await page.locator(".timeline .event").first().waitFor();
      await expectText(page.locator(".progress .status"), "已提交");
      const mine = await api(s.gateway.url, "GET", "/me/applications", { token: await pageToken(page) });
      assert.equal(mine.status, 200);
      // (我的办件 lists every application of the citizen's real-name person, from any session.)
      assert.ok(mine.body.some((a) => a.receipt_no === receiptNo), "this application is among the citizen's own");
      await screenshot(page, "core-6-progress");
    });
  });
});

test("core journey: a draft survives a reload and says it was restored", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await step("type a name and leave the field", async () => {
      await open(page, s.gateway.url, "/apply/440000/gd-17");
      await field(page, "applicant.name").fill("李四");
      await field(page, "applicant.name").press("Tab");
    });
    await step("reload: the draft is back", async () => {
      await page.reload();
      await expectValue(field(page, "applicant.name"), "李四", "the draft comes back after the reload");
      await expectText(page.locator(".restored p"), "已为您恢复上次填写的内容");
      await elderTypeIfElder(page, "#f-applicant-name");
      await screenshot(page, "core-draft-restored");
    });
  });
});
