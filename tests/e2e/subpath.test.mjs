// The bundle under a path. Hash mode: `pkg-scripts/package provincial --hash` served by the
// gateway under TONGBAN_BASE_PATH=/h5, opened as …/h5/index.html (浙里办's IRS serves apps at
// …/reserved/index.html#/…): browse → guide → apply → submit → receipt → progress, every route
// in the fragment, every file and API call under /h5/, and a reload keeps the page. Path mode:
// the plain dist/ under the same prefix, where <base href="/h5/"> carries the routes.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { test, before, after, ROOT, startGateway, launchBrowser, phonePage, screenshot, withEvidence, appReady, testIntegrator, signTicketV2 } from "./support.mjs";
import { fillTransferToReview } from "./journey-steps.mjs";
import { expectInPage, expectText } from "./expect.mjs";

/** 浙里办's integrator backend: its own key, registered with the gateway. */
const INTEGRATOR = testIntegrator("e2e-zlb");
const H5 = "https://tongban.example.gov.cn/h5/index.html";
let packaged, zlbPackaged, hashGateway, zlbGateway, pathGateway, browser;
before(async () => {
  packaged = mkdtempSync(join(tmpdir(), "tongban-subpath-"));
  zlbPackaged = mkdtempSync(join(tmpdir(), "tongban-subpath-zlb-"));
  const pkg = (...args) => promisify(execFile)(join(ROOT, "pkg-scripts", "package"), args, { cwd: ROOT, timeout: 60_000 });
  await pkg("provincial", "--h5-url", H5, "--hash", "--out", packaged);
  await pkg("provincial", "--h5-url", H5, "--hash", "--servicecode", "e2e-service", "--ticket-url", "/h5/integrator/ticket",
    "--out", zlbPackaged);
  [hashGateway, zlbGateway, pathGateway, browser] = await Promise.all([
    startGateway({ TONGBAN_BASE_PATH: "/h5", TONGBAN_STATIC_DIR: join(packaged, "www") }),
    startGateway({ TONGBAN_BASE_PATH: "/h5", TONGBAN_STATIC_DIR: join(zlbPackaged, "www"), TONGBAN_TICKET_ISSUERS: INTEGRATOR.issuers }),
    startGateway({ TONGBAN_BASE_PATH: "/h5" }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await Promise.all([hashGateway?.stop(), zlbGateway?.stop(), pathGateway?.stop()]);
  for (const dir of [packaged, zlbPackaged]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A phone page that records the path of every request it makes. */
async function recordingPage() {
  const page = await phonePage(browser);
  page.requested = [];
  page.on("request", (r) => page.requested.push(new URL(r.url()).pathname));
  return page;
}

test("hash mode under /h5/: a journey from the catalogue to the progress page, routes in the fragment", { timeout: 90_000 }, async (t) => {
  const page = await recordingPage();
  await withEvidence(t, page, async () => {
    await page.goto(`${hashGateway.url}/h5/index.html`);
    await appReady(page);
    await expectInPage(page, () => location.hash, null, (h) => h === "#/", "the home route in the fragment");
    await page.selectOption("#region", "440000");
    await page.locator('.item-card[data-item="gd-17"] a').click();
    await page.locator("#guide-title", { hasText: "转移接续手续办理" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/h5/index.html", "the document stays where the host serves it");
    assert.equal(new URL(page.url()).hash, "#/items/440000/gd-17");
    await page.locator(".apply-now").click();
    await fillTransferToReview(page);
    await page.locator("button.submit").click();
    await page.waitForURL(/\/h5\/index\.html#\/receipt\/TB/);
    const receiptNo = await expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
    await page.locator(".form-actions a.primary").click();
    await page.waitForURL(new RegExp(`#/applications/${receiptNo}$`));
    await page.locator(".timeline").waitFor();
    await screenshot(page, "subpath-hash-progress");

    // A reload (the host's 刷新) comes back to the same page.
    await page.reload();
    await appReady(page);
    await page.locator(".timeline").waitFor();

    const outside = page.requested.filter((p) => !p.startsWith("/h5/"));
    assert.deepEqual(outside, [], "every file and API call stays under /h5/");
    assert.ok(page.requested.some((p) => p.startsWith("/h5/api/v1/applications")), "the API answered beside the app");
  });
});

test("path mode under /h5/: <base href=\"/h5/\"> carries the routes and a deep link reloads", { timeout: 60_000 }, async (t) => {
  const page = await recordingPage();
  await withEvidence(t, page, async () => {
    await page.goto(`${pathGateway.url}/h5/items/440000/gd-17`);
    await appReady(page);
    await page.locator("#guide-title", { hasText: "转移接续手续办理" }).waitFor();
    await page.locator("header a.brand").click();
    await page.waitForURL(`${pathGateway.url}/h5/`);
    await page.locator(".item-card").first().waitFor();
    assert.deepEqual(page.requested.filter((p) => !p.startsWith("/h5")), [], "every file and API call stays under /h5");
  });
});

test("浙里办 in hash mode: the redirect login returns to the page without its hash route, and its ?ticket= signs in", { timeout: 60_000 }, async (t) => {
  const page = await phonePage(browser);
  await page.addInitScript(`window.ZWJSBridge = {
    onReady: function (cb) { setTimeout(cb, 30); },
    ssoTicket: function () { return Promise.resolve({ result: false }); },
    setTitle: function () { return Promise.resolve({}); },
    openLink: function () { return Promise.resolve({}); },
  };`);
  const sub = `zlb-hash-${Date.now()}`;
  const exchanged = [];
  await page.route("**/integrator/ticket", async (route) => {
    exchanged.push(route.request().postDataJSON());
    const ticket = signTicketV2(INTEGRATOR, { sub, shell: "provincial", exp: Math.floor(Date.now() / 1000) + 600, jti: randomUUID() });
    await route.fulfill({ json: { ticket } });
  });
  // The platform appends its ticket to redirectUrl as text, as a server-side redirect would.
  const backs = [];
  await page.route("https://puser.zjzwfw.gov.cn/**", async (route) => {
    const back = new URL(route.request().url()).searchParams.get("redirectUrl");
    backs.push(back);
    await route.fulfill({ status: 302, headers: { location: `${back}${back.includes("?") ? "&" : "?"}ticket=ST-zlb-hash` } });
  });
  await withEvidence(t, page, async () => {
    await page.goto(`${zlbGateway.url}/h5/index.html#/offices`);
    await appReady(page);
    await page.waitForFunction(() => localStorage.getItem("tongban.session"), null, { timeout: 15_000 });
    assert.equal(backs.length, 1, "one trip to the platform's login");
    assert.equal(backs[0], `${zlbGateway.url}/h5/index.html`, "redirectUrl carries no fragment");
    assert.deepEqual(exchanged, [{ ticketId: "ST-zlb-hash" }]);
    const { token } = await page.evaluate(() => JSON.parse(localStorage.getItem("tongban.session")));
    assert.equal(JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).sub, sub);
    await expectInPage(page, () => location.search, null, (q) => !q.includes("ticket="), "the ticket is gone from the address");
    await expectInPage(page, () => location.hash, null, (h) => h.startsWith("#/"), "a hash route again");
  });
});
