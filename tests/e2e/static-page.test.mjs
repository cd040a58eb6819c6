// The page as the gateway serves it (routes/home_markup.rs, routes/guide_markup.rs): the home
// page's list and a guide's first sections show before any wasm has arrived, their links work
// without the app, and the app takes their place only once its own page has rendered
// (src/app/src/reveal.rs): at no frame between the first paint and the app's page is the content
// gone (no 正在加载, no skeleton in its place).
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, suite, withEvidence, appReady, holdRequests } from "./support.mjs";
import { expectCount, expectText, eventually } from "./expect.mjs";

const s = suite();
const isWasm = (url) => new URL(url).pathname.endsWith(".wasm");

/**
 * Samples every frame of the page from its start: once an element `selector` with `text` has
 * been visible, each later frame without one is recorded in `window.__gaps` (read by `gaps`).
 */
async function watchContent(page, selector, text) {
  await page.addInitScript(([selector, text]) => {
    window.__gaps = [];
    let seen = false;
    const tick = () => {
      const shown = [...document.querySelectorAll(selector)]
        .some((e) => e.getClientRects().length > 0 && e.textContent.includes(text));
      if (shown) seen = true;
      else if (seen) window.__gaps.push(Math.round(performance.now()));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, [selector, text]);
}
const gaps = (page) => page.evaluate(() => window.__gaps);
/** How many cards the home page's first list has: the default region's items, 20 at most. */
const firstPage = async () => {
  const catalog = await (await fetch(`${s.gateway.url}/api/v1/catalog`)).json();
  return Math.min(catalog.items.length, 20);
};

test("the home page lists its items before any wasm has arrived, and its links open the guides", async (t) => {
  const page = await phonePage(s.browser);
  const release = await holdRequests(page, isWasm);
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/`, { waitUntil: "domcontentloaded" });
    await expectText(page.locator(".home h2"), "医保业务，掌上通办");
    await expectCount(page.locator(".item-card"), await firstPage(), "the first page of the default region's list");
    assert.equal(await page.locator(".group h3").first().textContent(), "高频事项");
    assert.equal(await page.locator("button.elder-toggle").count(), 0, "the app has not started");
    // A card is a link the browser follows by itself: the guide's own served page.
    const card = page.locator('.item-card[data-item="gd-17"] a');
    const name = await card.locator(".item-name").textContent();
    await card.click();
    await page.waitForURL(/\/items\/440000\/gd-17$/);
    await expectText(page.locator(".guide h2"), name);
    assert.equal(await page.locator("button.elder-toggle").count(), 0, "still without the app");
    release();
    await appReady(page);
    await expectText(page.locator("#guide-title"), name);
    assert.deepEqual(page.consoleLines.filter((l) => l.startsWith("[pageerror]")), []);
  });
});

test("the home page's list stays on screen until the app's own list replaces it", async (t) => {
  const page = await phonePage(s.browser);
  await watchContent(page, ".item-card .item-name", "");
  // The main module held: the static list must be what shows until the app has its list.
  const release = await holdRequests(page, (url) => /\/tongban_app_bg-[0-9a-f]{16}\.wasm$/.test(new URL(url).pathname));
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/`, { waitUntil: "domcontentloaded" });
    const cards = await firstPage();
    await expectCount(page.locator(".item-card"), cards, "the static list");
    release();
    await appReady(page);
    await expectCount(page.locator(".boot"), 0, "the static skeleton is gone");
    await expectCount(page.locator(".item-card"), cards, "the app's list, one of it");
    assert.deepEqual(await gaps(page), [], "no frame without the list");
    // The app's list is the one shown: its cards follow inside the app.
    await page.locator('.item-card[data-item="gd-17"] a').click();
    await expectText(page.locator("#guide-title"), "转移接续手续办理");
  });
});

test("a guide's static sections stay on screen until the app has rendered the guide", async (t) => {
  const page = await phonePage(s.browser);
  await watchContent(page, ".guide h2", "转移接续手续办理");
  // The guide's module held: the app has started (the main module) but cannot show the guide yet.
  const release = await holdRequests(page, (url) => /\/split_guide-[0-9a-f]{16}\.wasm$/.test(new URL(url).pathname));
  const main = [];
  page.on("requestfinished", (r) => {
    if (/\/tongban_app_bg-/.test(new URL(r.url()).pathname)) main.push(r.url());
  });
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/items/440000/gd-17`, { waitUntil: "domcontentloaded" });
    await expectText(page.locator(".guide h2"), "转移接续手续办理");
    await eventually(() => main.length, (n) => n === 1, "the main module arrived");
    await eventually(() => page.locator("#app .frame:not(.boot)").count(), (n) => n === 1,
      "the app has rendered its frame");
    await expectText(page.locator(".boot .guide h2"), "转移接续手续办理");
    assert.equal(await page.locator("main .loading:visible").count(), 0, "no 正在加载 in the guide's place");
    release();
    await appReady(page);
    await page.locator(".apply-now").waitFor({ state: "visible" });
    await expectCount(page.locator(".boot"), 0, "the static guide is gone");
    assert.deepEqual(await gaps(page), [], "no frame without the guide's title");
    assert.deepEqual(page.consoleLines.filter((l) => l.startsWith("[pageerror]")), []);
  });
});
