// 长辈版, a transfer (gd-17 in 广州) whose 转出地 and 转入地 are chosen 省 → 市 → 县（区） from the
// national division list, never typed: the list is fetched only when the form opens (not on the
// first load), the answer is the county's code and reads back in full on the review and in what
// the gateway accepted. A unit's item says on its guide, before any form, that a person cannot file
// it. Every page: a screenshot, the axe audit, one main button.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { expectCount, expectText, expectTextIncludes } from "./expect.mjs";
import { api, citizen, field, fillApplicant, next, nextPage, open, pickRegion, toField } from "./journey-steps.mjs";
import { elderBeforeLoad } from "./a11y.mjs";
import { fitsAt200, onePage, textAt200 } from "./one-thing.mjs";

const s = suite();

test("长辈版 transfer: 转出地 and 转入地 chosen 省 → 市 → 县（区）, stored as county codes, one thing per page", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  const fetched = [];
  page.on("request", (r) => { if (/divisions(-[0-9a-f]{16})?\.txt$/.test(new URL(r.url()).pathname)) fetched.push(r.url()); });
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/items/440000/gd-17");
    await page.locator("a.apply-now").waitFor();
    await onePage(page, "region-1-guide-elder");
    assert.deepEqual(fetched, [], "the guide does not fetch the division list");

    await page.locator("a.apply-now").click();
    await field(page, "applicant.name").waitFor();
    await fillApplicant(page);
    await onePage(page, "region-2-applicant-elder");
    await nextPage(page);
    await field(page, "transfer.direction").selectOption("in");
    await nextPage(page);

    // 转出地: a page of its own, the first level only until a province is chosen.
    const from = "#f-transfer-from_region";
    await page.locator(from).waitFor();
    await expectCount(page.locator(`${from}-1`), 0, "市 waits for 省");
    assert.equal(fetched.length, 1, `the list is fetched once, when the form needs it: ${fetched}`);
    await onePage(page, "region-3-province-elder");

    await page.locator(from).selectOption({ label: "湖南省" });
    await page.locator(`${from}-1`).waitFor();
    await expectText(page.locator(`label[for="f-transfer-from_region-1"]`), "市（州、盟）");
    await onePage(page, "region-4-city-elder");

    await page.locator(`${from}-1`).selectOption({ label: "永州市" });
    await page.locator(`${from}-2`).waitFor();
    await onePage(page, "region-5-county-elder");

    await page.locator(`${from}-2`).selectOption({ label: "零陵区" });
    await expectText(page.locator('[data-field="transfer.from_region"] .division-chosen'), "已选择：湖南省永州市零陵区");
    await nextPage(page);
    // A municipality has districts straight under it: two levels.
    await pickRegion(page, "transfer.to_region", ["北京市", "东城区"]);
    await expectText(page.locator('[data-field="transfer.to_region"] .division-chosen'), "已选择：北京市东城区");
    await expectCount(page.locator("#f-transfer-to_region-2"), 0, "no third level under a district");
    await onePage(page, "region-6-chosen-elder");
    await nextPage(page);
    await field(page, "transfer.insurance_type").selectOption("employee");
    await next(page);

    await page.locator(".review").waitFor();
    await expectTextIncludes(page.locator(".review"), "湖南省永州市零陵区");
    await expectTextIncludes(page.locator(".review"), "北京市东城区");
    await onePage(page, "region-7-review-elder");
    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    await page.locator(".receipt-box .receipt-no").waitFor();
    await screenshot(page, "region-8-receipt-elder");
    // The gateway took the county codes: it validated them with the same rules (the next test
    // proves it refuses what the list does not name).
    await expectText(page.locator(".receipt-box .receipt-no"), /^TB/);
  });
  await page.context().close();
});

test("长辈版 region field at 200 % text: every level fits", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await textAt200(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/apply/440000/gd-17");
    await fillApplicant(page);
    await toField(page, "transfer.direction");
    await field(page, "transfer.direction").selectOption("in");
    await toField(page, "transfer.from_region");
    await pickRegion(page, "transfer.from_region", ["新疆维吾尔自治区", "伊犁哈萨克自治州", "察布查尔锡伯自治县"]);
    await expectText(page.locator('[data-field="transfer.from_region"] .division-chosen'),
      "已选择：新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县");
    await fitsAt200(page, "region-levels-elder");
  });
  await page.context().close();
});

test("a region the list does not name is refused by the gateway with the rules' code", async () => {
  const token = await citizen(s.gateway.url);
  const form = {
    "applicant.name": "张三", "applicant.id_type": "resident", "applicant.id_number": "11010519491231002X",
    "applicant.phone": "13800138000", "transfer.direction": "in", "transfer.from_region": "湖南省永州市",
    "transfer.to_region": "420800", "transfer.insurance_type": "employee",
  };
  const res = await api(s.gateway.url, "POST", "/applications", {
    token, body: { region: "440000", item: "gd-17", form }, headers: { "idempotency-key": `tb-region-${Date.now()}` },
  });
  assert.equal(res.status, 422, JSON.stringify(res.body));
  const codes = (res.body.errors ?? []).map((e) => `${e.field} ${e.code}`).sort();
  assert.deepEqual(codes, ["transfer.from_region division.format", "transfer.to_region division.not_county"]);
});

test("长辈版 a unit's item says before any form that a person cannot file it", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/items/440000/gd-07");
    const notice = page.locator(".notice.not-for-citizens");
    await expectTextIncludes(notice, "个人不能申请");
    // Said before the guide's first section, so it is read before anything else.
    const first = await page.evaluate(() => {
      const n = document.querySelector(".notice.not-for-citizens");
      const s = document.querySelector(".guide-section");
      return Boolean(n && s && (n.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING));
    });
    assert.ok(first, "the notice comes before the guide's sections");
    await screenshot(page, "region-unit-item-guide-elder");
  });
  await page.context().close();
});
