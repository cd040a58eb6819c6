// The shell adapter in each host, simulated before the page loads: a fake wx.miniProgram with
// a WeChat mini-program user agent, a fake `my` with an Alipay user agent, a fake ZWJSBridge
// on the packaged provincial bundle. In each the app must detect the host, log in with the
// host's ticket (signed here as an integrator's backend would, verified by the real gateway),
// hand navigation to the host with the office's coordinates, post the receipt after a
// submission, and turn on elder mode when the host asks. Also: the bundled WeChat JSSDK is
// fetched only inside WeChat and drives the native bridge; a plain browser fetches neither
// bridge script.
import { test, before, after } from "./support.mjs";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, startGateway, launchBrowser, phonePage, screenshot, withEvidence, appReady, testIntegrator, devIdentity } from "./support.mjs";
import { fillTransferToReview, api } from "./journey-steps.mjs";
import { eventually, expectCount, expectInPage, expectText, expectValue } from "./expect.mjs";
import { UA, RECORDER, FAKE_WECHAT, FAKE_ALIPAY, FAKE_ZWJSBRIDGE, ticketSigner, calls, sessionClaims } from "./shell-fakes.mjs";

/** The integrator's backend of every host here: its own key, registered with the gateway. */
const INTEGRATOR = testIntegrator("e2e-shells");
const signTicket = ticketSigner(INTEGRATOR);

let gateway, provincialGateway, browser, packaged;
// The real-name claims each gateway makes of the journeys' applicant, as the integrator's
// backend would put them in its tickets after its own real-name check.
let identity, provincialIdentity;
let offices; // Guangdong's offices from the API, by id
before(async () => {
  const env = { TONGBAN_TICKET_ISSUERS: INTEGRATOR.issuers };
  packaged = mkdtempSync(join(tmpdir(), "tongban-provincial-"));
  await promisify(execFile)(join(ROOT, "pkg-scripts", "package"), [
    "provincial", "--h5-url", "https://tongban.example.gov.cn/", "--ticket-url", "/integrator/ticket",
    "--servicecode", "e2e-service", "--out", packaged,
  ], { cwd: ROOT, timeout: 60_000 });
  [gateway, provincialGateway, browser] = await Promise.all([
    startGateway(env),
    startGateway({ ...env, TONGBAN_STATIC_DIR: join(packaged, "www") }),
    launchBrowser(),
  ]);
  [identity, provincialIdentity] = await Promise.all([devIdentity(gateway.url), devIdentity(provincialGateway.url)]);
  const list = await api(gateway.url, "GET", "/offices?region=440000");
  assert.equal(list.status, 200);
  offices = new Map(list.body.map((o) => [o.id, { lat: o.lat ?? o.location?.lat, lng: o.lng ?? o.location?.lng, name: o.name, address: o.address, approximate: o.location?.approximate ?? false }]));
});
after(async () => {
  await browser?.close();
  await Promise.all([gateway?.stop(), provincialGateway?.stop()]);
  if (packaged) rmSync(packaged, { recursive: true, force: true });
});

/** Goes to the offices page of Guangdong, taps 导航前往 on the first office; its id. */
async function navigateToFirstOffice(page, url) {
  await page.evaluate(() => localStorage.setItem("tongban.region", JSON.stringify("440000")));
  await page.goto(`${url}/offices`);
  await appReady(page);
  const first = page.locator(".office").first();
  await first.waitFor();
  const id = await first.getAttribute("data-office");
  await first.locator(".navigate").click();
  return id;
}

/** Applies for the transfer item (gd-17) through the app; the receipt number. */
async function submitTransfer(page, url) {
  await page.goto(`${url}/apply/440000/gd-17`);
  await appReady(page);
  await fillTransferToReview(page);
  await page.locator("button.submit").click();
  await page.waitForURL(/\/receipt\/TB/);
  return expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
}

function assertMapPage(url, office) {
  const u = new URL(url, "https://mini.program");
  assert.equal(u.pathname, "/pages/map/map");
  assert.equal(Number(u.searchParams.get("lat")), office.lat);
  assert.equal(Number(u.searchParams.get("lng")), office.lng);
  assert.equal(u.searchParams.get("name"), office.name);
  // An approximate office's map page plans no route by itself (assets/shells/*/pages/map).
  assert.equal(u.searchParams.get("approximate"), office.approximate ? "1" : null);
}

for (const host of ["wechat", "alipay"]) {
  test(`${host} mini-program: detected, logged in with the host's ticket, map page, receipt posted, elder mode`, { timeout: 90_000 }, async (t) => {
    const page = await phonePage(browser, { userAgent: UA[host] });
    await page.addInitScript(host === "wechat" ? FAKE_WECHAT : FAKE_ALIPAY);
    await withEvidence(t, page, async () => {
      const sub = `${host}-user-${Date.now()}`;
      const ticket = signTicket(sub, host, identity);
      await page.goto(`${gateway.url}/#ticket=${encodeURIComponent(ticket)}&elder=1`);
      await appReady(page);

      await page.waitForFunction((h) => document.documentElement.dataset.shell === h, host);
      const { token, claims } = await sessionClaims(page);
      assert.equal(claims.sub, sub, "the session is the host's user, not a dev ticket");
      assert.equal(claims.shell, host);
      assert.equal((await api(gateway.url, "GET", "/me/applications", { token })).status, 200, "the gateway takes the session");
      await expectInPage(page, () => location.hash, null, (hash) => !hash.includes("ticket="), "the ticket is gone from the address");
      await page.locator(".frame.elder").waitFor(); // elder mode, as the host asked
      await screenshot(page, `shell-${host}-elder`);

      const officeId = await navigateToFirstOffice(page, gateway.url);
      await page.locator(".frame.elder").waitFor(); // the host's elder wish outlives a full page load
      const nav = await calls(page, "navigateTo");
      assert.equal(nav.length, 1, "navigation went to the host");
      assertMapPage(nav[0].url, offices.get(officeId));
      assert.equal(new URL(page.url()).pathname, "/offices", "the H5 stayed where it was");

      const receiptNo = await submitTransfer(page, gateway.url);
      const said = (m) => (host === "wechat" ? m?.data : m)?.receipt_no === receiptNo;
      const posted = await eventually(() => calls(page, "postMessage", 0), (list) => list.some(said), "the receipt posted to the host");
      const message = host === "wechat" ? posted.at(-1)?.data : posted.at(-1);
      assert.deepEqual(message, { type: "submitted", receipt_no: receiptNo, item: "gd-17" });
      // Right after the submission the host opens its native 订阅办件进度 page with the receipt
      // (requestSubscribeMessage needs a tap in a native page).
      const navs = await calls(page, "navigateTo", 2);
      assert.equal(navs.length, 2, "one subscription page per submission");
      assert.equal(navs[1].url, `/pages/subscribe/subscribe?receipt_no=${receiptNo}`);
      await page.reload();
      await page.locator(".receipt-box").waitFor();
      assert.equal((await calls(page, "navigateTo", 0)).length, 2, "a reload of the receipt does not open it again");
      const mine = await api(gateway.url, "GET", "/me/applications", { token });
      assert.ok(mine.body.some((a) => a.receipt_no === receiptNo), "the application belongs to the host's user");
    });
  });
}

test("provincial app (ZWJSBridge): packaged bundle, SSO ticket exchanged, host window for the map, elder from getUiStyle", { timeout: 90_000 }, async (t) => {
  const page = await phonePage(browser);
  await page.addInitScript(FAKE_ZWJSBRIDGE);
  const sub = `zlb-user-${Date.now()}`;
  const exchanged = [];
  // The integrator's backend behind the same origin: ticketId in, Tongban ticket out.
  await page.route("**/integrator/ticket", async (route) => {
    exchanged.push(route.request().postDataJSON());
    await route.fulfill({ json: { ticket: signTicket(sub, "provincial", provincialIdentity) } });
  });
  await withEvidence(t, page, async () => {
    const url = provincialGateway.url;
    await page.goto(url);
    await appReady(page);
    await page.waitForFunction(() => document.documentElement.dataset.shell === "provincial");
    const { claims } = await sessionClaims(page);
    assert.deepEqual(exchanged, [{ ticketId: "zlb-ticket-123" }], "the SSO ticketId went to the integrator");
    assert.equal(claims.sub, sub);
    assert.equal(claims.shell, "provincial");
    await page.locator(".frame.elder").waitFor();
    await screenshot(page, "shell-provincial-elder");

    const officeId = await navigateToFirstOffice(page, url);
    assert.deepEqual(await calls(page, "getLocation", 0), [], "no position asked before a tap");
    await page.locator(".locate button").click();
    await expectText(page.locator(".office .distance").first(), /距您/, "sorted from the host's position, on the tap");
    assert.equal((await calls(page, "getLocation")).length, 1);
    const links = await calls(page, "openLink");
    assert.equal(links.length, 1, "the map opened in a host window");
    const office = offices.get(officeId);
    const where = office.approximate ? `search?keyword=${encodeURIComponent(office.address)}` : `position=${office.lng},${office.lat}`;
    assert.ok(links[0].url.includes(where), `a marker, or an unverified position's address: ${links[0].url}`);
    await page.waitForFunction(() => window.__host.some((c) => c[0] === "setTitle" && c[1].title === "附近网点"));

    const receiptNo = await submitTransfer(page, url);
    const events = await eventually(() => calls(page, "event", 0), (list) => list.at(-1)?.receipt_no === receiptNo,
      "the receipt announced to the host");
    assert.deepEqual(events.at(-1), { type: "submitted", receipt_no: receiptNo, item: "gd-17" });
  });
});

/** A 浙里办 bridge whose ssoTicket answers `answers[n]` on its n-th call in this tab. */
const zlbBridge = (answers) => `${RECORDER}
  window.ZWJSBridge = {
    onReady: function (cb) { setTimeout(cb, 30); },
    ssoTicket: function () {
      var n = Number(sessionStorage.getItem("__sso") || 0);
      sessionStorage.setItem("__sso", n + 1);
      __record("ssoTicket", n);
      var answers = ${JSON.stringify(answers)};
      return Promise.resolve(answers[Math.min(n, answers.length - 1)]);
    },
    setTitle: function () { return Promise.resolve({}); },
    openLink: function (o) { __record("openLink", o); if (o.type === "reload") location.reload(); return Promise.resolve({}); },
  };`;

/** The integrator's ticket endpoint: records each ticketId and signs a ticket for `sub`. */
async function integrator(page, sub) {
  const exchanged = [];
  await page.route("**/integrator/ticket", async (route) => {
    exchanged.push(route.request().postDataJSON());
    await route.fulfill({ json: { ticket: signTicket(sub, "provincial", provincialIdentity) } });
  });
  return exchanged;
}

test("浙里办: an empty ssoTicket makes one openLink reload, and the ticket after it signs the citizen in", { timeout: 60_000 }, async (t) => {
  const page = await phonePage(browser);
  await page.addInitScript(zlbBridge([{ result: true, ticketId: "" }, { result: true, ticketId: "zlb-after-reload" }]));
  const sub = `zlb-reload-${Date.now()}`;
  const exchanged = await integrator(page, sub);
  await withEvidence(t, page, async () => {
    await page.goto(provincialGateway.url);
    await appReady(page);
    const { claims } = await sessionClaims(page);
    assert.equal(claims.sub, sub);
    assert.deepEqual(exchanged, [{ ticketId: "zlb-after-reload" }], "only the ticket after the reload was exchanged");
    const links = await calls(page, "openLink");
    assert.deepEqual(links, [{ type: "reload" }], "one reload, no loop");
    assert.deepEqual(await calls(page, "ssoTicket", 2), [0, 1]);
  });
});

test("浙里办: ssoTicket result:false goes to the platform's redirect login; its ?ticket= is exchanged and leaves the address; _uiStyle=elder", { timeout: 60_000 }, async (t) => {
  const page = await phonePage(browser);
  await page.addInitScript(zlbBridge([{ result: false }]));
  const sub = `zlb-redirect-${Date.now()}`;
  const exchanged = await integrator(page, sub);
  const logins = [];
  // The platform's login: it comes back to redirectUrl with its ticket in the query.
  await page.route("https://puser.zjzwfw.gov.cn/**", async (route) => {
    const login = new URL(route.request().url());
    logins.push(login);
    const back = new URL(login.searchParams.get("redirectUrl"));
    back.searchParams.set("ticket", "ST-zlb-9");
    await route.fulfill({ status: 302, headers: { location: back.href } });
  });
  await withEvidence(t, page, async () => {
    await page.goto(`${provincialGateway.url}/offices?_uiStyle=elder`);
    await appReady(page);
    const { claims } = await sessionClaims(page);
    assert.equal(claims.sub, sub);
    assert.equal(logins.length, 1, "one trip to the platform's login");
    assert.equal(logins[0].pathname, "/sso/mobile.do");
    assert.equal(logins[0].searchParams.get("action"), "oauth");
    assert.equal(logins[0].searchParams.get("servicecode"), "e2e-service");
    assert.deepEqual(exchanged, [{ ticketId: "ST-zlb-9" }], "the query's ticket went to the integrator");
    await expectInPage(page, () => location.pathname + location.search, null, (a) => a === "/offices?_uiStyle=elder",
      "the ticket is gone from the address, the rest stays");
    await page.locator(".frame.elder").waitFor(); // from _uiStyle, the bridge has no getUiStyle
  });
});

test("Alipay's ordinary in-app browser (getEnv: not a mini-program): 导航前往 opens the web map, and 复制地址 copies the address", { timeout: 60_000 }, async (t) => {
  const page = await phonePage(browser, { userAgent: UA.alipay.replace(" MiniProgram", "") });
  await page.addInitScript(`${RECORDER}
    window.my = {
      navigateTo: function (o) { __record("navigateTo", o); },
      postMessage: function (d) { __record("postMessage", d); },
      getEnv: function (cb) { cb({ miniprogram: false }); },
    };
    Object.defineProperty(navigator, "clipboard", { value: { writeText: function (t) { __record("copy", t); return Promise.resolve(); } } });`);
  await page.context().route("https://uri.amap.com/**", (route) => route.fulfill({ body: "map" }));
  await withEvidence(t, page, async () => {
    await page.goto(gateway.url);
    await appReady(page);
    await page.waitForFunction(() => document.documentElement.dataset.shell === "browser");
    const popup = page.context().waitForEvent("page");
    await navigateToFirstOffice(page, gateway.url);
    const map = await popup;
    assert.match(map.url(), /^https:\/\/uri\.amap\.com\/search\?keyword=/, "the web map opened on the unverified office's address");
    assert.deepEqual(await calls(page, "navigateTo", 0), [], "nothing asked of a mini-program that is not there");
    // Where the office's position is not verified, the address can be copied into a map app.
    const office = page.locator(".office").first();
    await office.locator(".copy-address").click();
    await expectText(office.locator(".copy-address"), "已复制地址");
    const address = await office.locator(".address").textContent();
    assert.deepEqual(await calls(page, "copy"), [address]);
  });
  await page.context().close();
});

test("inside Alipay, 按我的位置 asks the bridge's my.getLocation (GCJ-02, sent as it is), not the browser", { timeout: 60_000 }, async (t) => {
  const page = await phonePage(browser, { userAgent: UA.alipay });
  await page.addInitScript(`${FAKE_ALIPAY}
    window.my.getLocation = function (o) { __record("getLocation", o); o.success({ latitude: 23.1274, longitude: 113.3105 }); };
    navigator.geolocation.getCurrentPosition = function () { __record("browserGeolocation"); };`);
  await withEvidence(t, page, async () => {
    await page.goto(gateway.url);
    await appReady(page);
    await page.waitForFunction(() => document.documentElement.dataset.shell === "alipay");
    await page.evaluate(() => localStorage.setItem("tongban.region", JSON.stringify("440000")));
    await page.goto(`${gateway.url}/offices`);
    await appReady(page);
    await page.locator(".office").first().waitFor();
    const asked = page.waitForRequest((r) => r.url().includes("near="));
    await page.locator(".locate button").click();
    assert.deepEqual(new URL((await asked).url()).searchParams.get("near").split(",").map(Number), [23.1274, 113.3105], "no datum shift on the host's GCJ-02");
    assert.equal((await calls(page, "getLocation")).length, 1);
    assert.deepEqual(await calls(page, "browserGeolocation", 0), [], "the browser was not asked");
    await expectText(page.locator(".office .distance").first(), /距您/);
  });
  await page.context().close();
});

test("WeChat navigateTo failing shows 复制地址, never an outside link", { timeout: 60_000 }, async (t) => {
  const page = await phonePage(browser, { userAgent: UA.wechat });
  await page.addInitScript(`${RECORDER}
    window.__wxjs_environment = "miniprogram";
    window.wx = { miniProgram: {
      navigateTo: function (o) { __record("navigateTo", o); o.fail && o.fail({ errMsg: "navigateTo:fail webview count limit exceed" }); },
      postMessage: function () {},
      getEnv: function (cb) { cb({ miniprogram: true }); },
    } };
    Object.defineProperty(navigator, "clipboard", { value: { writeText: function (t) { __record("copy", t); return Promise.resolve(); } } });`);
  await withEvidence(t, page, async () => {
    await page.goto(gateway.url);
    await appReady(page);
    await page.waitForFunction(() => document.documentElement.dataset.shell === "wechat");
    const id = await navigateToFirstOffice(page, gateway.url);
    await calls(page, "navigateTo");
    const office = page.locator(`.office[data-office="${id}"]`);
    await office.locator(".nav-fallback").waitFor();
    await office.locator(".copy-address").click();
    await expectText(office.locator(".copy-address"), "已复制地址");
    const address = await office.locator(".address").textContent();
    assert.deepEqual(await calls(page, "copy"), [address]);
    await expectCount(office.locator(".nav-fallback a"), 0, "no outside link inside the mini-program");
    assert.equal(page.context().pages().length, 1, "no window opened");
    assert.equal(new URL(page.url()).pathname, "/offices");

    // The subscription page cannot open either: the receipt says where the results will come.
    const receiptNo = await submitTransfer(page, gateway.url);
    const navs = await calls(page, "navigateTo", 2);
    assert.equal(navs[1].url, `/pages/subscribe/subscribe?receipt_no=${receiptNo}`);
    await expectText(page.locator(".subscribe-failed"), /未能打开订阅提醒页面/);
  });
  await page.context().close();
});

test("inside WeChat without an injected wx, the bundled JSSDK loads and drives the native bridge", { timeout: 60_000 }, async (t) => {
  const page = await phonePage(browser, { userAgent: UA.wechat });
  await page.addInitScript(`${RECORDER}
    window.__wxjs_environment = "miniprogram";
    window.WeixinJSBridge = { invoke: function (name, args, cb) { __record(name, args); cb && cb({ err_msg: name + ":ok" }); }, on: function () {} };`);
  const scripts = [];
  page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
  await withEvidence(t, page, async () => {
    await page.goto(gateway.url);
    await appReady(page);
    await eventually(() => scripts, (list) => list.some((s) => /^\/jweixin-[0-9a-f]{16}\.js$/.test(s)), "the hashed JSSDK was fetched");
    await page.waitForFunction(() => window.wx && window.wx.miniProgram);
    await navigateToFirstOffice(page, gateway.url);
    await page.waitForFunction(() => window.__host.some((c) => c[0] === "invokeMiniProgramAPI"));
    const [invoked] = await calls(page, "invokeMiniProgramAPI");
    assert.equal(invoked.name, "navigateTo");
    assert.match(invoked.arg.url, /^\/pages\/map\/map\?lat=/);
  });
});

test("a plain browser fetches no bridge script and keeps the web map link", async (t) => {
  const page = await phonePage(browser);
  const scripts = [];
  page.on("request", (r) => r.resourceType() === "script" && scripts.push(r.url()));
  await withEvidence(t, page, async () => {
    await page.goto(gateway.url);
    await appReady(page);
    await page.waitForFunction(() => document.documentElement.dataset.shell === "browser");
    assert.ok(!scripts.some((s) => /jweixin|appx/.test(s)), `no bridge script: ${scripts}`);
    await expectInPage(page, () => window.__tongbanShell && window.__tongbanShell.bridge, null, (b) => b === null, "no bridge in a plain browser");
  });
});

test("on a shared phone the host's new ticket replaces the previous citizen's session, and their drafts go with it", { timeout: 60_000 }, async (t) => {
  const page = await phonePage(browser, { userAgent: UA.wechat });
  await page.addInitScript(FAKE_WECHAT);
  await withEvidence(t, page, async () => {
    await page.goto(`${gateway.url}/apply/440000/gd-17#ticket=${encodeURIComponent(signTicket("wx-first-user", "wechat"))}`);
    await appReady(page);
    const first = await sessionClaims(page);
    assert.equal(first.claims.sub, "wx-first-user");
    await page.locator("#f-applicant-name").fill("第一位");
    await page.locator("#f-applicant-name").press("Tab");
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith("tongban.draft.")));
    // The same person again keeps their draft. (A query makes it a full load, as a new
    // web-view would be, not a change of the fragment only.)
    await page.goto(`${gateway.url}/apply/440000/gd-17?again=1#ticket=${encodeURIComponent(signTicket("wx-first-user", "wechat"))}`);
    await appReady(page);
    // The form shows once the session is settled.
    await expectValue(page.locator("#f-applicant-name"), "第一位", "the same person keeps their draft");
    // Another WeChat account opens the same item on the same phone: same local storage.
    await page.goto(`${gateway.url}/apply/440000/gd-17?next=1#ticket=${encodeURIComponent(signTicket("wx-second-user", "wechat"))}`);
    await appReady(page);
    await page.locator("#f-applicant-name").waitFor();
    const second = await sessionClaims(page);
    assert.equal(second.claims.sub, "wx-second-user");
    await expectValue(page.locator("#f-applicant-name"), "", "the form starts empty");
    await expectCount(page.locator(".restored"), 0, "no draft restored");
    await expectInPage(page, () => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join("\n"), null,
      (stored) => !stored.includes("第一位"), "nothing the previous citizen typed stays on the phone");
  });
  await page.context().close();
});
