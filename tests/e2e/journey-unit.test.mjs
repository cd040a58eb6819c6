// 单位代办 on a phone (永医保发〔2022〕15号 一(二)3): an employer signed in through its unit portal
// files a 异地长期居住人员备案 for its employee; the receipt and the unit's 我的办件 show 经办单位;
// the employee, signed in with the real-name ID hash of their ID number, finds it in their own
// 我的办件. A citizen who tries a unit item is told in Chinese why it cannot be submitted.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { expectText, expectTextIncludes } from "./expect.mjs";
import { APPLICANT, api, field, fillApplicant, next, open, pickRegion, todayInChina } from "./journey-steps.mjs";

const s = suite();

/** A valid 统一社会信用代码 (both GB 32100-2015 check characters right) in Yongzhou. */
const UNIT = "91431100MA4L12346R";

/** A dev ticket (the gateway plays the integrator's backend): a unit's, or a citizen's with idh. */
async function devTicket(body) {
  const t = await api(s.gateway.url, "POST", "/session/dev-ticket", { body: { shell: "browser", ...body } });
  assert.equal(t.status, 200, `dev ticket: ${JSON.stringify(t.body)}`);
  return encodeURIComponent(t.body.ticket);
}

test("a unit files a 备案 for its employee; the receipt and both 我的办件 show 经办单位", async (t) => {
  const page = await phonePage(s.browser);
  let receiptNo;
  await withEvidence(t, page, async () => {
    const ticket = await devTicket({ subject: `unit:${UNIT}` });
    await open(page, s.gateway.url, `/apply/431100/yz-11#ticket=${ticket}`);
    await fillApplicant(page);
    await next(page);
    await field(page, "filing.type").selectOption("long_term_resident");
    await pickRegion(page, "filing.destination", ["广东省", "广州市"]);
    await field(page, "filing.start_date").fill(todayInChina());
    await field(page, "filing.commitment").check();
    await next(page);
    await page.locator(".review").waitFor();
    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    receiptNo = await expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
    await expectText(page.locator(".acting-unit"), UNIT, "the receipt names the unit as 经办单位");
    await expectTextIncludes(page.locator(".facts"), "经办单位");
    await screenshot(page, "unit-filing-receipt");

    await open(page, s.gateway.url, "/me");
    await page.locator(`.application[data-receipt="${receiptNo}"]`).waitFor();
    await expectTextIncludes(page.locator(`.application[data-receipt="${receiptNo}"] .acting-unit`), `经办单位：${UNIT}`);
    await screenshot(page, "unit-mine");
  });

  const employee = await phonePage(s.browser);
  await withEvidence(t, employee, async () => {
    const ticket = await devTicket({ id_number: APPLICANT.id });
    await open(employee, s.gateway.url, `/me#ticket=${ticket}`);
    const row = employee.locator(`.application[data-receipt="${receiptNo}"]`);
    await row.waitFor();
    await expectTextIncludes(row.locator(".acting-unit"), UNIT, "the employee sees who filed it for them");
    await screenshot(employee, "unit-filing-employee-mine");
  });
});

test("a citizen who submits a unit item reads why in Chinese, and nothing is stored", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/apply/431100/yz-25");
    await field(page, "unit.name").fill("永州市示例科技有限公司");
    await field(page, "unit.credit_code").fill(UNIT);
    await next(page);
    await field(page, "change.detail").fill("单位地址由冷水滩区变更为零陵区");
    await field(page, "change.effective_date").fill(todayInChina());
    await field(page, "contact.phone").fill(APPLICANT.phone);
    await next(page);
    await page.locator(".review").waitFor();
    await page.locator("button.submit").click();
    await expectTextIncludes(page.locator(".notice.failure"), "单位网厅", "the refusal says to sign in as the unit");
    await screenshot(page, "unit-item-refused-to-citizen");
    assert.match(page.url(), /\/apply\/431100\/yz-25/, "no receipt: the page stays on the form");
  });
});
