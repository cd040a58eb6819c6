// 长辈版 home as tiles: six to eight large tiles (the region's most-used items a person files,
// 查进度, 亲情代办, 预约, 电话咨询 with the office's phone), no unit or institution item among
// them, and 全部事项 one tap away. Screenshot, axe audit, and at 200 % text nothing cut off.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { eventually, expectCount, expectText } from "./expect.mjs";
import { open } from "./journey-steps.mjs";
import { audit, elderBeforeLoad } from "./a11y.mjs";
import { fitsAt200, mainButtons, textAt200 } from "./one-thing.mjs";

const s = suite();

/** The tiles as shown: title, href, height. */
async function tiles(page) {
  await page.locator(".tiles .tile").first().waitFor();
  return page.locator(".tiles .tile").evaluateAll((all) => all.map((a) => ({
    title: a.querySelector(".tile-title").textContent.trim(),
    href: a.getAttribute("href"),
    height: a.getBoundingClientRect().height,
  })));
}

test("长辈版 home shows six to eight large tiles, the office phone among them, and 全部事项 opens the list", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/");
    await page.selectOption("#region", "440000");
    // Guangzhou's 医疗保险服务管理中心 publishes 020-87667731 (assets/offices/440000.json).
    await page.locator('.tile-call[href="tel:02087667731"]').waitFor();
    const shown = await tiles(page);
    assert.ok(shown.length >= 6 && shown.length <= 8, `six to eight tiles, got ${JSON.stringify(shown)}`);
    const titles = shown.map((x) => x.title);
    for (const fixed of ["查进度", "亲情代办", "预约", "电话咨询"]) assert.ok(titles.includes(fixed), `${fixed} in ${titles}`);
    for (const x of shown) assert.ok(x.height >= 120, `${x.title} is a large tile (${x.height} px)`);
    // Guangdong marks 单位参保信息变更登记 (a unit's) and 医保定点医疗机构基础信息变更 (an
    // institution's) as 高频 too: a citizen's home offers neither.
    assert.ok(!titles.some((x) => x.includes("单位") || x.includes("机构")), `no unit or institution item: ${titles}`);
    await expectCount(page.locator(".item-card"), 0, "tiles, not the 18-card list");
    // A menu of equal tiles: no one of them is the page's main button.
    assert.deepEqual(await mainButtons(page), [], "the tiles page has no single main button");
    await screenshot(page, "home-tiles-elder");
    await audit(page, "home-tiles-elder");

    await page.locator(".all-items").click();
    await expectCount(page.locator(".item-card"), 18, "全部事项: Guangdong's 18 items");
    await screenshot(page, "home-all-items-elder");
  });
  await page.context().close();
});

test("长辈版 tiles: a region with no published office phone sends 电话咨询 to 附近网点, and a tile opens its guide", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/");
    await page.selectOption("#region", "420800");
    await page.locator('.tiles .tile-call[href$="/offices"]').waitFor();
    const items = page.locator(".tiles .tile-item");
    await eventually(() => items.count(), (n) => n >= 2, "at least two item tiles");
    const first = (await items.first().locator(".tile-title").textContent()).trim();
    await items.first().click();
    await expectText(page.locator("#guide-title"), first);
  });
  await page.context().close();
});

test("长辈版 tiles fit at 200 % text", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  await textAt200(page);
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/");
    await page.selectOption("#region", "440000");
    await page.locator(".tiles .tile-call").waitFor();
    await fitsAt200(page, "home-tiles-elder");
  });
  await page.context().close();
});

test("长辈版 whose tiles' module cannot come (offline before it did) lists the items instead", async (t) => {
  const page = await phonePage(s.browser);
  await elderBeforeLoad(page);
  // The tiles are a wasm module of their own (src/app/src/components/elder_home.rs).
  const tilesModule = (url) => /\/split_elder-[0-9a-f]{16}\.wasm$/.test(new URL(url).pathname);
  await page.route(tilesModule, (route) => route.abort("internetdisconnected"));
  await withEvidence(t, page, async () => {
    await open(page, s.gateway.url, "/");
    await page.selectOption("#region", "440000");
    await expectCount(page.locator(".item-card"), 18, "the list: Guangdong's 18 items");
    await expectCount(page.locator(".tiles"), 0, "no tiles without their module");
  });
  await page.context().close();
});
