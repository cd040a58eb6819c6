// The first journey: the built app loads from the gateway and the wasm app renders it.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { appReady, holdRequests, phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { expectCount, expectText, expectValue } from "./expect.mjs";

const s = suite();

test("the wasm app renders the home page served by the gateway", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await page.goto(s.gateway.url);
    await appReady(page);
    await expectText(page.locator("#home-title"), "医保业务，掌上通办");
    await expectCount(page.locator(".boot"), 0, "the static skeleton is gone");
    await screenshot(page, "home");
  });
});

test("a first visit lists the default catalogue from the page itself: no /catalog, no waiting for /regions", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    // /regions answers slowly: the list must not wait for it.
    const release = await holdRequests(page, "**/api/v1/regions");
    const asked = [];
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/api/v1/catalog")) asked.push(path);
    });
    await page.goto(s.gateway.url);
    await appReady(page);
    await page.locator(".item-card").first().waitFor();
    release();
    assert.deepEqual(asked, [], "the catalogue came inside index.html");
    // Another region is still asked for, once.
    await page.locator("#region option[value='420800']").waitFor({ state: "attached" });
    await page.selectOption("#region", "420800");
    await page.locator('.item-card[data-item="jm-transfer"]').waitFor();
    assert.deepEqual(asked, ["/api/v1/catalog"], "one request for the other region");
  });
});

test("index.html carries the default catalogue and the home intro, a deep link's page leaves the intro out, each answers 304 to its ETag", async () => {
  const first = await fetch(`${s.gateway.url}/`);
  assert.equal(first.status, 200);
  const html = await first.text();
  const block = html.match(/<script type="application\/json" id="catalog">([^<]*)<\/script>/);
  assert.ok(block, "a JSON data block in the page");
  const catalog = JSON.parse(block[1]);
  const api = await (await fetch(`${s.gateway.url}/api/v1/catalog`)).json();
  // The same catalogue /catalog answers, each item cut to what the list reads.
  const listed = ["id", "region", "name", "parent_name", "category", "high_frequency", "applicable",
    "no_application", "scopes", "channels", "subject"];
  const cut = (item) => Object.fromEntries(Object.entries(item).filter(([k]) => listed.includes(k)));
  assert.deepEqual(catalog, { ...api, items: api.items.map(cut) }, "the /catalog answer, cut to the list's members");
  const etag = first.headers.get("etag");
  assert.match(etag ?? "", /^"[0-9a-f]{16}"$/);
  const again = await fetch(`${s.gateway.url}/index.html`, { headers: { "If-None-Match": etag } });
  assert.equal(again.status, 304, "/index.html is the same page");
  assert.ok(html.includes('<p class="lead">') && html.includes('class="item-card"'),
    "the home page's skeleton has its title, lead and first list");
  // A deep link's page leaves out the home page's title and lead; every deep link is that page.
  const deep = await fetch(`${s.gateway.url}/apply/420800/x`);
  const deepTag = deep.headers.get("etag");
  assert.notEqual(deepTag, etag);
  const deepPage = await deep.text();
  assert.ok(!deepPage.includes('<p class="lead">') && !deepPage.includes('class="item-card"'),
    "no home intro or list in a deep link's skeleton");
  const deepAgain = await fetch(`${s.gateway.url}/me`, { headers: { "If-None-Match": deepTag } });
  assert.equal(deepAgain.status, 304, "another app route (not a guide, which carries its item) is the same page");
});

test("a guide's deep link shows its item from the page itself; a guide opened in the app asks for it", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    const asked = [];
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/api/v1/items/")) asked.push(path);
    });
    await page.goto(`${s.gateway.url}/items/420800/jm-transfer`);
    await appReady(page);
    await page.locator("#guide-title", { hasText: "医保关系转移接续" }).waitFor();
    assert.deepEqual(asked, [], "the item came inside the page");
    await page.locator("header a.brand").click();
    await page.locator('.item-card[data-item="gd-17"] a').click();
    await page.locator("#guide-title", { hasText: "转移接续手续办理" }).waitFor();
    assert.deepEqual(asked, ["/api/v1/items/gd-17"], "a guide opened in the app asks the gateway");
  });
});

test("elder mode is remembered across a reload", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await page.goto(s.gateway.url);
    await appReady(page);
    await page.locator("button.elder-toggle").click();
    await page.locator(".frame.elder").waitFor();
    await page.reload();
    await appReady(page);
    await page.locator(".frame.elder").waitFor(); // elder mode survives the reload
    const size = await page.locator("#home-title + .lead").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 24, `elder body text is at least 18pt (24px), got ${size}px`);
    await screenshot(page, "home-elder");
  });
});

test("an unknown path still loads the app and offers the way home", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/no/such/page`);
    await appReady(page);
    await expectText(page.locator(".not-found h2"), "没有找到这个页面");
  });
});

test("home lists a region's items, high-frequency first, and search narrows them", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await page.goto(s.gateway.url);
    await appReady(page);
    await page.selectOption("#region", "440000");
    await page.locator(".item-card").first().waitFor();
    await expectCount(page.locator(".item-card"), 18, "Guangdong's 18 通办 items");
    await expectText(page.locator(".group h3").first(), "高频事项");
    const temp = page.locator('.item-card[data-item]', { hasText: "临时异地就医人员备案" });
    await temp.locator(".badge", { hasText: "省内通办" }).waitFor();
    await screenshot(page, "home-catalogue");

    await page.fill("#search", "备案");
    await page.waitForFunction(() => document.querySelectorAll(".item-card").length === 5);
    // The same by the first letters of the pinyin: 备案 → ba.
    await page.fill("#search", "ba");
    await page.waitForFunction(() => document.querySelectorAll(".item-card").length === 5);
    await page.fill("#search", "zyjx");
    await page.locator(".item-card", { hasText: "转移接续" }).first().waitFor();
    await page.reload();
    await appReady(page);
    await expectValue(page.locator("#region"), "440000", "the region is remembered");
  });
});

test("with the citizen's consent the region is chosen from the device position", async (t) => {
  // Near Jingmen (湖北荆门): the nearest region with a catalogue is 420800.
  const page = await phonePage(s.browser, {
    geolocation: { latitude: 31.03, longitude: 112.21 },
    permissions: ["geolocation"],
  });
  await withEvidence(t, page, async () => {
    await page.goto(s.gateway.url);
    await appReady(page);
    await page.locator("button.locate-region").click();
    await page.waitForFunction(() => document.querySelector("#region")?.value === "420800");
    await page.locator(".item-card", { hasText: "转移接续" }).first().waitFor();
  });
  await page.context().close();
});
