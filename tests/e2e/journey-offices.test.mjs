// Nearby offices: the chosen region's offices, nearest first, with tap-to-call and a
// navigation link where the shell cannot navigate itself (a plain browser).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGateway, launchBrowser, phonePage, screenshot, withEvidence } from "./support.mjs";
import { open } from "./journey-steps.mjs";

let gateway, browser;
before(async () => {
  gateway = await startGateway();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await gateway?.stop();
});

test("offices of the chosen region, nearest first, with a phone link and navigation", async (t) => {
  const page = await phonePage(browser);
  await withEvidence(t, page, async () => {
    await open(page, gateway.url);
    await page.selectOption("#region", "440000");
    await page.goto(`${gateway.url}/offices`);
    await page.locator(".office").first().waitFor();
    const distances = await page.locator(".office .distance").allTextContents();
    assert.equal(distances.length, 2);
    const metres = distances.map((d) => (d.includes("公里") ? parseFloat(d.replace(/[^\d.]/g, "")) * 1000 : parseFloat(d.replace(/[^\d.]/g, ""))));
    assert.ok(metres[0] <= metres[1], `nearest first: ${distances}`);
    assert.match(await page.locator(".office .tel").first().getAttribute("href"), /^tel:\d+/);
    assert.match(await page.locator(".office .navigate").first().getAttribute("href"), /^https:\/\/uri\.amap\.com\/marker/);
    await screenshot(page, "offices");
  });
});
