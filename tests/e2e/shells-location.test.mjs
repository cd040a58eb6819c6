// Location only on a tap, in every host. Each simulated host offers its own location call
// (WeChat's JSSDK wx.getLocation, Alipay's my.getLocation, 浙里办's ZWJSBridge.getLocation) and
// the browser's geolocation, all recording; the citizen opens the home page and the offices
// page and nothing may have asked where they are. Only the tap on 按我的位置排序 asks, once.
import { test, before, after } from "./support.mjs";
import assert from "node:assert/strict";
import { startGateway, launchBrowser, phonePage, withEvidence, appReady } from "./support.mjs";
import { expectText } from "./expect.mjs";
import { UA, RECORDER, FAKE_WECHAT, FAKE_ALIPAY, FAKE_ZWJSBRIDGE } from "./shell-fakes.mjs";

// The browser's geolocation, recorded, answering a point in Guangzhou (WGS-84).
const GEOLOCATION = `
  (function () {
    var answer = function (ok) { ok({ coords: { latitude: 23.1266, longitude: 113.2590, accuracy: 30 } }); };
    var geo = {
      getCurrentPosition: function (ok) { __record("geolocation"); answer(ok); },
      watchPosition: function (ok) { __record("geolocation"); answer(ok); return 1; },
      clearWatch: function () {},
    };
    Object.defineProperty(navigator, "geolocation", { value: geo, configurable: true });
  })();`;
const HOSTS = {
  wechat: { userAgent: UA.wechat, script: `${FAKE_WECHAT}
    window.wx.getLocation = function (o) { __record("getLocation", o); o && o.success && o.success({ latitude: 23.1291, longitude: 113.2644 }); };` },
  alipay: { userAgent: UA.alipay, script: `${FAKE_ALIPAY}
    window.my.getLocation = function (o) { __record("getLocation", o); o.success({ latitude: 23.1291, longitude: 113.2644 }); };` },
  zlb: { userAgent: UA.zlb, script: FAKE_ZWJSBRIDGE },
  browser: { script: RECORDER },
};
const LOCATION_CALLS = ["getLocation", "geolocation"];

let gateway, browser;
before(async () => {
  [gateway, browser] = await Promise.all([startGateway(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await gateway?.stop();
});

/** Every location call the host or the browser has been asked. */
const asked = (page) => page.evaluate((names) => window.__host.filter((c) => names.includes(c[0])).map((c) => c[0]), LOCATION_CALLS);

for (const [host, { userAgent, script }] of Object.entries(HOSTS)) {
  test(`${host}: no location call before a tap on the home and offices pages; the tap asks once`, { timeout: 60_000 }, async (t) => {
    const page = await phonePage(browser, userAgent ? { userAgent } : {});
    await page.addInitScript(`${script}${GEOLOCATION}`);
    await withEvidence(t, page, async () => {
      await page.goto(gateway.url);
      await appReady(page);
      await page.waitForFunction((h) => document.documentElement.dataset.shell === (h === "zlb" ? "provincial" : h), host);
      // The regions are shown (a page that asked for a position on load has asked by now).
      await page.locator(".locate-region").waitFor();
      assert.deepEqual(await asked(page), [], `${host}: no location call on the home page`);
      await page.evaluate(() => localStorage.setItem("tongban.region", JSON.stringify("440000")));
      await page.goto(`${gateway.url}/offices`);
      await appReady(page);
      // The list is shown: whatever the page asks on load is asked by now.
      await page.locator(".office").first().waitFor();
      assert.deepEqual(await asked(page), [], `${host}: no location call before a tap`);
      // Sorted from the city centre, so the tap is offered.
      await page.locator(".locate button").waitFor({ timeout: 10_000 });

      await page.locator(".locate button").click();
      await expectText(page.locator(".office .distance").first(), /距您/, "sorted from the position the tap gave");
      assert.equal((await asked(page)).length, 1, "the tap asked once");
    });
    await page.context().close();
  });
}
