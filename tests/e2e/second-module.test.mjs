// The second wasm module (src/app/src/deferred.rs): a first visit fetches only the home page; the
// guides arrive in split_guide-*.wasm and the other pages in split_pages-*.wasm, both fetched when
// the home page is idle (a guide's shared link fetches only the guide's).
// A page loaded straight from its URL works before that module has arrived (it waits for it) and
// after (it renders at once), a failed fetch offers 重试, and offline it waits for the network.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, suite, withEvidence, appReady, holdRequests } from "./support.mjs";
import { expectText, eventually } from "./expect.mjs";

const s = suite();
const isSecond = (url) => /\/split_pages-[0-9a-f]{16}\.wasm$/.test(new URL(url).pathname);
const isGuide = (p) => /^\/split_guide-[0-9a-f]{16}\.wasm$/.test(p);

function recordWasm(page) {
  const fetched = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.endsWith(".wasm")) fetched.push(new URL(r.url()).pathname);
  });
  return fetched;
}

test("the home page needs only the main module, a guide its own; the second arrives when idle", async (t) => {
  const page = await phonePage(s.browser);
  const fetched = recordWasm(page);
  // Hold the second module back: the home page and a guide must work without it.
  const release = await holdRequests(page, isSecond);
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/`);
    await appReady(page);
    await page.selectOption("#region", "440000");
    await page.locator('.item-card[data-item="gd-17"] a').click();
    await expectText(page.locator("#guide-title"), "转移接续手续办理");
    assert.equal(fetched.filter((p) => /^\/tongban_app_bg-/.test(p)).length, 1, "the main module once");
    assert.equal(fetched.filter(isGuide).length, 1, "the guide's module once");
    await eventually(() => fetched.some((p) => isSecond(`http://x${p}`)), (v) => v,
      "the second module requested once the page is idle");
    release();
    await page.locator(".apply-now").click();
    await page.locator("#f-applicant-name").waitFor();
    assert.deepEqual(fetched.filter((p) => /^\/split_zlb-/.test(p)), [],
      "浙里办's own module (mgop, ZwLog) is fetched inside 浙里办 only");
    assert.deepEqual(page.consoleLines.filter((l) => l.startsWith("[pageerror]")), []);
  });
});

test("a guide's shared link renders with the guide's module while the second is held back", async (t) => {
  const page = await phonePage(s.browser);
  const fetched = recordWasm(page);
  const release = await holdRequests(page, isSecond);
  // The guide's page preloads the guide's module (the gateway writes the links the comment
  // names); no other page does, and none carries those links even commented out.
  const served = async (path) => (await fetch(`${s.gateway.url}${path}`)).text();
  const guidePage = await served("/items/440000/gd-17");
  assert.ok(!guidePage.includes("<!--guide-preload") && /<link rel="preload" href="split_guide-[0-9a-f]{16}\.wasm"/.test(guidePage),
    "a guide's page preloads the guide's module");
  const home = await served("/");
  assert.ok(/<!--guide-preload [^>]*split_guide-[0-9a-f]{16}\.wasm[^>]*-->/.test(home) && !/href="split_guide-/.test(home),
    "the home page only names the guide's files in a comment");
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/items/440000/gd-17`);
    await appReady(page);
    await expectText(page.locator("#guide-title"), "转移接续手续办理");
    assert.equal(fetched.filter(isGuide).length, 1, "the guide's module once");
    assert.deepEqual(page.consoleLines.filter((l) => l.startsWith("[pageerror]")), []);
    release();
  });
});

test("a guide's shared link shows the guide before any wasm has arrived, and the app takes it over", async (t) => {
  const page = await phonePage(s.browser);
  // Every wasm module held: what shows is the page as the gateway served it (routes/guide_markup.rs).
  const release = await holdRequests(page, (url) => new URL(url).pathname.endsWith(".wasm"));
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/items/440000/gd-17`, { waitUntil: "domcontentloaded" });
    await expectText(page.locator("#guide-title"), "转移接续手续办理");
    const conditions = await page.locator(".conditions li").allTextContents();
    assert.ok(conditions.length > 0 && conditions.every((c) => c.length > 0), "the conditions, before the app");
    assert.equal(await page.locator("button.elder-toggle").count(), 0, "the app has not started");
    // Styled by the pages' stylesheet the page links: the facts in their two columns.
    await eventually(
      () => page.locator("dl.facts").evaluate((e) => getComputedStyle(e).display),
      (d) => d === "grid", "the guide's facts laid out as the app lays them out");
    release();
    await appReady(page);
    await expectText(page.locator("#guide-title"), "转移接续手续办理");
    await page.locator(".apply-now").waitFor({ state: "visible" });
    assert.deepEqual(await page.locator(".conditions li").allTextContents(), conditions,
      "the app renders the same conditions");
    assert.deepEqual(page.consoleLines.filter((l) => l.startsWith("[pageerror]")), []);
  });
});

test("a deep link to a deferred page waits for the second module, then renders it", async (t) => {
  const page = await phonePage(s.browser);
  const release = await holdRequests(page, isSecond);
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/me`);
    await appReady(page);
    await expectText(page.locator("main .loading"), "正在加载…");
    release();
    await expectText(page.locator("#mine-title"), "我的办件");
    // Now loaded: another deferred page renders without waiting.
    await page.locator("a.messages-link").click();
    await page.waitForURL(/\/messages$/);
    assert.equal(await page.locator("main .loading").count(), 0, "no loading state once loaded");
  });
});

test("a failed fetch of the second module offers 重试, which loads it", async (t) => {
  const page = await phonePage(s.browser);
  let failures = 1;
  await page.route(isSecond, async (route) => {
    if (failures-- > 0) await route.abort();
    else await route.continue();
  });
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/me`);
    await appReady(page);
    await expectText(page.locator("main .notice.error p"), "页面没有加载成功，请检查网络后重试。");
    await page.locator("main .notice.error button").click();
    await expectText(page.locator("#mine-title"), "我的办件");
  });
});

test("offline before the second module arrives, a deep link says so and loads by itself when the network returns", async (t) => {
  const page = await phonePage(s.browser);
  let release;
  const held = new Promise((r) => (release = r));
  let offline = false;
  await page.route(isSecond, async (route) => {
    await held;
    // What a phone's web-view does with a request made while the network is gone.
    if (offline) await route.abort("internetdisconnected");
    else await route.continue();
  });
  await withEvidence(t, page, async () => {
    await page.goto(`${s.gateway.url}/me`);
    await appReady(page);
    await expectText(page.locator("main .loading"), "正在加载…");
    offline = true;
    await page.context().setOffline(true);
    release();
    await expectText(page.locator("main .notice.error p"), "网络已断开：本页还没有下载完，联网后会自动继续加载，不用重新打开。");
    assert.equal(await page.locator("main .notice.error button").count(), 0, "nothing to tap: it waits for the network");
    offline = false;
    await page.context().setOffline(false);
    await expectText(page.locator("#mine-title"), "我的办件");
  });
});
