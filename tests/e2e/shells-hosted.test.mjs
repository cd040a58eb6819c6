// Pages hosted apart from the API. First the pages on one origin and the API on another: the
// host page names the API at run time (window.tongbanHost), the API's gateway answers CORS
// for the pages' origin only (TONGBAN_CONNECT_ORIGINS) and never with credentials, the pages'
// CSP lets them connect there, and a citizen applies end to end. Then 浙里办 as IRS hosts it:
// the bundle packaged with --irs sends every API call through the host's mgop, and page views
// and the submission go to the host's zwlog — both recorded by the simulated host. Last, a
// regional app's page (--profile plain, e.g. inside 粤省事's WeChat web-view): no bridge asked.
import { test, before, after } from "./support.mjs";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, startGateway, launchBrowser, phonePage, withEvidence, appReady, testIntegrator, devIdentity } from "./support.mjs";
import { api, fillTransferToReview } from "./journey-steps.mjs";
import { eventually, expectText } from "./expect.mjs";
import { UA, FAKE_WECHAT, FAKE_ZWJSBRIDGE, ticketSigner, calls, sessionClaims } from "./shell-fakes.mjs";

const INTEGRATOR = testIntegrator("e2e-shells-hosted");
const signTicket = ticketSigner(INTEGRATOR);

/** A port nobody listens on right now. */
const freePort = () => new Promise((resolve, reject) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  }).on("error", reject);
});

let pages, apiGateway, irs, plain, browser, packaged, plainDir, identity, irsIdentity;
before(async () => {
  const [pagesPort, apiPort] = await Promise.all([freePort(), freePort()]);
  const [pagesOrigin, apiOrigin] = [`http://127.0.0.1:${pagesPort}`, `http://127.0.0.1:${apiPort}`];
  const issuers = { TONGBAN_TICKET_ISSUERS: INTEGRATOR.issuers };
  packaged = mkdtempSync(join(tmpdir(), "tongban-irs-"));
  await promisify(execFile)(join(ROOT, "pkg-scripts", "package"), [
    "provincial", "--h5-url", "https://tongban.example.gov.cn/", "--ticket-url", "/integrator/ticket",
    "--irs", "--mgop-api", "mgop.bureau.tongban.api", "--mgop-appkey", "qa-appkey",
    "--zwlog-src", "https://assets.zjzwfw.gov.cn/assets/zwlog/1.0.0/zwlog.js", "--zwlog-app-id", "qa-mini-app",
    "--out", packaged,
  ], { cwd: ROOT, timeout: 60_000 });
  plainDir = mkdtempSync(join(tmpdir(), "tongban-plain-"));
  await promisify(execFile)(join(ROOT, "pkg-scripts", "package"), [
    "provincial", "--profile", "plain", "--h5-url", "https://tongban.example.gov.cn/", "--out", plainDir,
  ], { cwd: ROOT, timeout: 60_000 });
  [pages, apiGateway, irs, plain, browser] = await Promise.all([
    // Each names the other: CSP connect-src on the pages' side, CORS on the API's side.
    startGateway({ ...issuers, TONGBAN_ADDR: `127.0.0.1:${pagesPort}`, TONGBAN_CONNECT_ORIGINS: apiOrigin }),
    startGateway({ ...issuers, TONGBAN_ADDR: `127.0.0.1:${apiPort}`, TONGBAN_CONNECT_ORIGINS: pagesOrigin }),
    startGateway({ ...issuers, TONGBAN_STATIC_DIR: join(packaged, "www"), TONGBAN_SCRIPT_ORIGINS: "https://assets.zjzwfw.gov.cn" }),
    startGateway({ ...issuers, TONGBAN_STATIC_DIR: join(plainDir, "www") }),
    launchBrowser(),
  ]);
  [identity, irsIdentity] = await Promise.all([devIdentity(apiGateway.url), devIdentity(irs.url)]);
});
after(async () => {
  await browser?.close();
  await Promise.all([pages?.stop(), apiGateway?.stop(), irs?.stop(), plain?.stop()]);
  for (const dir of [packaged, plainDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Applies for the transfer item from the form to the receipt; the receipt number. */
async function apply(page) {
  await fillTransferToReview(page);
  await page.locator("button.submit").click();
  await page.waitForURL(/\/receipt\/TB/);
  return expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
}

test("pages on one origin, the API on another: CORS for the configured origin only, no cookies, a whole application", { timeout: 90_000 }, async (t) => {
  // The gateway's CORS answers: the pages' origin yes, without credentials; anyone else no.
  const preflight = (origin) => fetch(`${apiGateway.url}/api/v1/applications`, { method: "OPTIONS", headers: {
    origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type,idempotency-key" } });
  const allowed = await preflight(pages.url);
  assert.equal(allowed.headers.get("access-control-allow-origin"), pages.url);
  assert.equal(allowed.headers.get("access-control-allow-credentials"), null, "never credentials");
  assert.match(allowed.headers.get("access-control-allow-headers") ?? "", /idempotency-key/i);
  const foreign = await preflight("https://elsewhere.example.com");
  assert.equal(foreign.headers.get("access-control-allow-origin"), null, "no other origin");
  const csp = (await fetch(`${pages.url}/`)).headers.get("content-security-policy");
  assert.match(csp, new RegExp(`connect-src 'self' ${apiGateway.url.replace(/[.:/]/g, "\\$&")}`), csp);

  const page = await phonePage(browser);
  // The host page names the API before the bundle runs.
  await page.addInitScript(`window.tongbanHost = { api: ${JSON.stringify(`${apiGateway.url}/api/v1`)} };`);
  const apiCalls = [];
  page.on("request", (r) => { if (r.url().includes("/api/v1/")) apiCalls.push({ url: r.url(), cookie: r.headers().cookie }); });
  const sub = `cross-origin-${Date.now()}`;
  await withEvidence(t, page, async () => {
    await page.goto(`${pages.url}/apply/440000/gd-17#ticket=${encodeURIComponent(signTicket(sub, "browser", identity))}`);
    await appReady(page);
    const { token, claims } = await sessionClaims(page);
    assert.equal(claims.sub, sub, "the session was made by the API's gateway");
    const receiptNo = await apply(page);
    assert.ok(apiCalls.length >= 2, `the app called the API: ${apiCalls.length}`);
    assert.deepEqual(apiCalls.filter((c) => !c.url.startsWith(`${apiGateway.url}/api/v1/`)).map((c) => c.url), [],
      "every API call went to the API's origin");
    assert.ok(apiCalls.every((c) => !c.cookie), "no cookie on any API call");
    const mine = await api(apiGateway.url, "GET", "/me/applications", { token });
    assert.ok(mine.body.some((a) => a.receipt_no === receiptNo), "the application is on the API's gateway");
    const elsewhere = await api(pages.url, "GET", "/me/applications", { token });
    assert.equal(elsewhere.status, 401, "the pages' own gateway never saw the session");
  });
  await page.context().close();
});

test("浙里办 on IRS: API calls through the host's mgop, page views and the submission through its zwlog", { timeout: 90_000 }, async (t) => {
  const page = await phonePage(browser, { userAgent: UA.zlb });
  // The platform's scripts are the simulated host's (below); their tags load nothing here.
  await page.route("https://assets.zjzwfw.gov.cn/**", (route) => route.fulfill({ contentType: "text/javascript", body: "" }));
  // mgop: the platform's gateway, simulated as IRS forwards the registered API to the bureau's
  // gateway (the endpoint in Tongban-Path); zwlog: records what it is given.
  await page.addInitScript(`${FAKE_ZWJSBRIDGE}
    window.mgop = function (o) {
      var path = o.header["Tongban-Path"];
      __record("mgop", { api: o.api, appKey: o.appKey, host: o.host, type: o.type, path: path });
      var headers = { "content-type": "application/json", "x-via-mgop": "1" };
      Object.keys(o.header).forEach(function (k) { if (k !== "Tongban-Path") headers[k] = o.header[k]; });
      fetch("/api/v1" + path, { method: o.type, headers: headers, body: o.type === "GET" ? undefined : JSON.stringify(o.data) })
        .then(function (res) { return res.text().then(function (text) {
          var answer = { status: res.status, data: text ? JSON.parse(text) : null };
          (res.ok ? o.onSuccess : o.onFail)(answer);
        }); })
        .catch(function (e) { o.onFail({ errorMessage: String(e) }); });
    };
    window.ZwLog = function (options) {
      __record("ZwLog", options);
      this.onReady = function (cb) { setTimeout(cb, 0); };
      this.sendPV = function (pv) { __record("sendPV", pv); };
      this.record = function (e) { __record("zwlogRecord", e); };
    };`);
  const direct = [];
  page.on("request", (r) => { if (r.url().includes("/api/v1/") && !r.headers()["x-via-mgop"]) direct.push(r.url()); });
  const sub = `irs-${Date.now()}`;
  await page.route("**/integrator/ticket", (route) => route.fulfill({ json: { ticket: signTicket(sub, "provincial", irsIdentity) } }));
  await withEvidence(t, page, async () => {
    await page.goto(`${irs.url}/apply/440000/gd-17`);
    await appReady(page);
    assert.equal((await sessionClaims(page)).claims.sub, sub);
    const receiptNo = await apply(page);

    const viaMgop = await calls(page, "mgop", 2);
    assert.ok(viaMgop.every((c) => c.api === "mgop.bureau.tongban.api" && c.appKey === "qa-appkey" && c.host === "https://mapi.zjzwfw.gov.cn/"),
      JSON.stringify(viaMgop[0]));
    assert.ok(viaMgop.some((c) => c.type === "POST" && c.path === "/session"), "the session through mgop");
    assert.ok(viaMgop.some((c) => c.type === "POST" && c.path === "/applications"), "the submission through mgop");
    assert.deepEqual(direct, [], "no API call bypassed mgop");

    const views = await calls(page, "sendPV", 2);
    assert.ok(views.every((v) => v.miniAppId === "qa-mini-app" && v.miniAppName), JSON.stringify(views[0]));
    const steps = await eventually(() => calls(page, "zwlogRecord"), (list) => list.some((e) => e.trackerEventCode === "tongban_submitted"),
      "the submission recorded");
    const submitted = steps.find((e) => e.trackerEventCode === "tongban_submitted");
    assert.deepEqual(submitted, { trackerEventCode: "tongban_submitted", eventType: "CLK", eventParams: { item: "gd-17" } },
      "the step names the item, nothing personal");
    assert.ok(!JSON.stringify(await calls(page, "sendPV")).includes(receiptNo), "no receipt number in a page view");
  });
  await page.context().close();
});

test("a regional app's page (--profile plain) inside a WeChat web-view: no bridge asked, the ticket from the fragment, elder from the query, the web map, position from the browser on a tap", { timeout: 90_000 }, async (t) => {
  const page = await phonePage(browser, { userAgent: UA.wechat });
  // A host with every bridge: the page must ask none of them (粤省事's pages are not ours).
  await page.addInitScript(`${FAKE_WECHAT}
    window.ZWJSBridge = { onReady: function (cb) { __record("zwjsbridge"); cb(); },
      ssoTicket: function () { __record("zwjsbridge"); return Promise.resolve({ result: false }); },
      getLocation: function () { __record("zwjsbridge"); return Promise.resolve({}); } };
    Object.defineProperty(navigator, "geolocation", { configurable: true, value: {
      getCurrentPosition: function (ok) { __record("geolocation"); ok({ coords: { latitude: 23.1266, longitude: 113.2590 } }); } } });`);
  await page.context().route("https://uri.amap.com/**", (route) => route.fulfill({ body: "map" }));
  const sub = `plain-${Date.now()}`;
  const plainIdentity = await devIdentity(plain.url);
  await withEvidence(t, page, async () => {
    await page.goto(`${plain.url}/?elder=1#ticket=${encodeURIComponent(signTicket(sub, "provincial", plainIdentity))}`);
    await appReady(page);
    await page.waitForFunction(() => document.documentElement.dataset.shell === "provincial");
    const { claims } = await sessionClaims(page);
    assert.equal(claims.sub, sub);
    assert.equal(claims.shell, "provincial");
    await page.locator(".frame.elder").waitFor(); // ?elder=1
    await page.evaluate(() => localStorage.setItem("tongban.region", JSON.stringify("440000")));
    await page.goto(`${plain.url}/offices`);
    await appReady(page);
    const popup = page.context().waitForEvent("page");
    await page.locator(".office").first().locator(".navigate").click();
    // The web map (no office's position is verified yet, so it searches for the address).
    assert.match((await popup).url(), /^https:\/\/uri\.amap\.com\/(marker\?position=|search\?keyword=)/, "the web map");
    await page.locator(".locate button").click();
    await expectText(page.locator(".office .distance").first(), /距您/);
    assert.equal((await calls(page, "geolocation")).length, 1, "the browser's position, on the tap");
    const asked = await page.evaluate(() => window.__host.map((c) => c[0]).filter((n) => n !== "geolocation"));
    assert.deepEqual(asked, [], "no bridge asked, neither WeChat's nor ZWJSBridge");
  });
  await page.context().close();
});
