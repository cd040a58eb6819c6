// Nearby offices: the chosen region's offices, nearest first, with tap-to-call and a
// navigation link where the shell cannot navigate itself (a plain browser).
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { expectCount, expectText, expectTextIncludes } from "./expect.mjs";
import { open } from "./journey-steps.mjs";

const s = suite();

test("offices of the chosen region, nearest first, with a phone link and navigation", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url);
    await page.selectOption("#region", "440000");
    await page.goto(`${s.gateway.url}/offices`);
    await expectCount(page.locator(".office .distance"), 2, "Guangdong's two offices, each with its distance");
    const distances = await page.locator(".office .distance").allTextContents();
    const metres = distances.map((d) => (d.includes("公里") ? parseFloat(d.replace(/[^\d.]/g, "")) * 1000 : parseFloat(d.replace(/[^\d.]/g, ""))));
    assert.ok(metres[0] <= metres[1], `nearest first: ${distances}`);
    assert.match(await page.locator(".office .tel").first().getAttribute("href"), /^tel:\d+/);
    // No office's position is verified yet: each says so and the map searches for its address.
    const first = page.locator(".office").first();
    await expectTextIncludes(first.locator(".unverified"), "位置未核实", "the card says its position is not verified");
    const address = (await first.locator(".address").textContent()).trim();
    assert.equal(
      await first.locator(".navigate").getAttribute("href"),
      `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}&view=map&src=tongban`,
    );
    await screenshot(page, "offices");
  });
});

test("with the citizen's consent the offices are sorted from the device position", async (t) => {
  // Beside 广州市医疗保险服务管理中心 (梅花村): it comes first, metres away.
  const page = await phonePage(s.browser, {
    geolocation: { latitude: 23.1301, longitude: 113.3051 },
    permissions: ["geolocation"],
  });
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url);
    await page.selectOption("#region", "440000");
    await page.goto(`${s.gateway.url}/offices`);
    await page.locator(".office").first().waitFor();
    const asked = page.waitForRequest((r) => r.url().includes("near="));
    await page.locator(".locate button").click();
    // The browser's WGS-84 position goes out as GCJ-02, the offices' datum: in Guangzhou the
    // shift is about +0.0054° east and -0.0027° north (src/rules/src/datum.rs).
    const [lat, lng] = new URL((await asked).url()).searchParams.get("near").split(",").map(Number);
    assert.ok(Math.abs(lng - 113.3051 - 0.0054) < 0.0005 && Math.abs(lat - 23.1301 + 0.0027) < 0.0005, `near=${lat},${lng}`);
    await page.locator(".office .distance", { hasText: "距您" }).first().waitFor();
    await page.locator('.office[data-office="gz-city-hall"]:first-child').waitFor();
    await expectText(page.locator(".office .distance").first(), /距您 \d+ 米/);
  });
});
