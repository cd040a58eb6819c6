// Old engines: the iOS 12 WKWebView and the Chrome 69 web-views of Android WeChat/Alipay have no
// BigInt (iOS 14) and no DataView BigInt accessors (iOS 15). With them deleted before the page
// loads, the whole apply journey still works: no path the citizen takes reaches BigInt.
// (The scripts' syntax is checked against ES2017 by es-check in pkg-scripts/test.)
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, suite, withEvidence } from "./support.mjs";
import { expectText } from "./expect.mjs";
import { fillTransferToReview, open } from "./journey-steps.mjs";

const s = suite();

function withoutBigInt() {
  for (const name of ["getBigInt64", "setBigInt64", "getBigUint64", "setBigUint64"]) {
    delete DataView.prototype[name];
  }
  for (const name of ["BigInt", "BigInt64Array", "BigUint64Array"]) delete globalThis[name];
  // What the app's scripts saw, read back through the DOM: playwright's page.evaluate itself
  // needs BigInt64Array, so it cannot ask this page.
  document.addEventListener("DOMContentLoaded", () => {
    document.documentElement.dataset.bigint = [typeof BigInt, typeof BigInt64Array, typeof BigUint64Array,
      typeof DataView.prototype.setBigInt64, typeof DataView.prototype.getBigUint64].join();
  });
}

test("without BigInt: browse, read the guide, apply, submit and see the receipt", async (t) => {
  const page = await phonePage(s.browser);
  await page.addInitScript(withoutBigInt);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url);
    assert.equal(await page.locator("html").getAttribute("data-bigint"),
      "undefined,undefined,undefined,undefined,undefined", "the page has no BigInt");

    await page.selectOption("#region", "440000");
    await page.locator('.item-card[data-item="gd-17"] a').click();
    await page.locator("#guide-title", { hasText: "转移接续手续办理" }).waitFor();
    await page.locator(".apply-now").click();

    await fillTransferToReview(page);
    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    await expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
    await expectText(page.locator(".status-label"), "已提交");

    const errors = page.consoleLines.filter((l) => l.startsWith("[pageerror]") || /BigInt/.test(l));
    assert.deepEqual(errors, [], "no script error and no BigInt use on the way");
  });
});
