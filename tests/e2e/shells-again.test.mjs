// A way back in, and subscriptions offered again. When a citizen's session ends (here: ended
// by the gateway, as an expiry would) while they fill a form, the shell takes them through its
// own login and back to the same page, where their draft waits: WeChat and Alipay relaunch the
// template's index page with the path (the index page's own address builder, assets/shells,
// turns it into the web-view address), 浙里办 goes to its login. Inside a mini-program the
// native 订阅办件进度 page opens again when the citizen opens the application after a 补正.
import { test, before, after } from "./support.mjs";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, startGateway, launchBrowser, phonePage, withEvidence, appReady, testIntegrator, devIdentity } from "./support.mjs";
import { APPLICANT, api, fillTransferToReview, pageToken } from "./journey-steps.mjs";
import { expectText, expectTextIncludes } from "./expect.mjs";
import { UA, RECORDER, FAKE_WECHAT, FAKE_ALIPAY, ticketSigner, calls, sessionClaims } from "./shell-fakes.mjs";

const INTEGRATOR = testIntegrator("e2e-shells-again");
const signTicket = ticketSigner(INTEGRATOR);
// The templates' own web-view address builder, as the index page runs it.
const { webViewSrc } = createRequire(import.meta.url)(join(ROOT, "assets/shells/common/utils/url.js"));
const FORM = "/apply/440000/gd-17";

let gateway, zlbGateway, browser, packaged, identity, zlbIdentity;
before(async () => {
  const env = { TONGBAN_TICKET_ISSUERS: INTEGRATOR.issuers };
  packaged = mkdtempSync(join(tmpdir(), "tongban-again-"));
  await promisify(execFile)(join(ROOT, "pkg-scripts", "package"), [
    "provincial", "--h5-url", "https://tongban.example.gov.cn/", "--ticket-url", "/integrator/ticket",
    "--servicecode", "e2e-again", "--out", packaged,
  ], { cwd: ROOT, timeout: 60_000 });
  [gateway, zlbGateway, browser] = await Promise.all([
    startGateway(env), startGateway({ ...env, TONGBAN_STATIC_DIR: join(packaged, "www") }), launchBrowser(),
  ]);
  [identity, zlbIdentity] = await Promise.all([devIdentity(gateway.url), devIdentity(zlbGateway.url)]);
});
after(async () => {
  await browser?.close();
  await Promise.all([gateway?.stop(), zlbGateway?.stop()]);
  if (packaged) rmSync(packaged, { recursive: true, force: true });
});

/** Fills the transfer form to its review, ends the session at the gateway, taps 提交. */
async function sessionEndsWhileSubmitting(page, url) {
  await fillTransferToReview(page);
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith("tongban.draft.440000.gd-17")));
  const ended = await api(url, "POST", "/session/logout", { token: await pageToken(page) });
  assert.equal(ended.status, 204, `the session ends: ${JSON.stringify(ended.body)}`);
  await page.locator("button.submit").click();
}

/** The form again, with what the citizen typed before. */
async function draftIsBack(page) {
  await appReady(page);
  await expectText(page.locator(".restored p"), "已为您恢复上次填写的内容");
  // The form comes back at the step the citizen left: the review, with everything they typed.
  await expectTextIncludes(page.locator(".review"), APPLICANT.name, "the draft is intact");
  await expectTextIncludes(page.locator(".review"), "湖南省永州市");
}

for (const host of ["wechat", "alipay"]) {
  test(`${host}: an ended session relaunches the index page with the path, and the login brings the citizen back to the same form with the draft`, { timeout: 90_000 }, async (t) => {
    const page = await phonePage(browser, { userAgent: UA[host] });
    await page.addInitScript(host === "wechat" ? FAKE_WECHAT : FAKE_ALIPAY);
    const sub = `${host}-again-${Date.now()}`;
    await withEvidence(t, page, async () => {
      await page.goto(`${gateway.url}${FORM}#ticket=${encodeURIComponent(signTicket(sub, host, identity))}`);
      await appReady(page);
      assert.equal((await sessionClaims(page)).claims.sub, sub);
      await sessionEndsWhileSubmitting(page, gateway.url);

      const [relaunch] = await calls(page, "reLaunch");
      const index = new URL(relaunch.url, "https://mini.program");
      assert.equal(index.pathname, "/pages/index/index", "the template's index page logs in again");
      const path = index.searchParams.get("path");
      assert.equal(path, FORM, "back to the same page");

      // The index page: a new login, a new ticket, the web-view at the path.
      const src = webViewSrc(`${gateway.url}/`, signTicket(sub, host, identity), false, path);
      assert.ok(src.startsWith(`${gateway.url}${FORM}#ticket=`), src);
      await page.goto("about:blank"); // a new web-view: a full load, not a change of fragment
      await page.goto(src);
      await draftIsBack(page);
      assert.equal(new URL(page.url()).pathname, FORM);
      assert.equal((await sessionClaims(page)).claims.sub, sub, "the same citizen, signed in again");
      assert.equal((await calls(page, "reLaunch", 0)).length, 1, "one relaunch, no loop");
    });
    await page.context().close();
  });
}

test("浙里办: an ended session goes through the platform's login again and back to the same form with the draft", { timeout: 90_000 }, async (t) => {
  const page = await phonePage(browser, { userAgent: UA.zlb });
  await page.addInitScript(`${RECORDER}
    window.ZWJSBridge = {
      onReady: function (cb) { setTimeout(cb, 30); },
      ssoTicket: function () { __record("ssoTicket"); return Promise.resolve({ result: false }); },
      setTitle: function () { return Promise.resolve({}); },
    };`);
  const sub = `zlb-again-${Date.now()}`;
  const exchanged = new Set();
  // The integrator's backend: each platform ticket is good once, as the platform's SSO has it.
  await page.route("**/integrator/ticket", async (route) => {
    const { ticketId } = route.request().postDataJSON();
    if (exchanged.has(ticketId)) return route.fulfill({ status: 401, json: { code: "ticket_used" } });
    exchanged.add(ticketId);
    await route.fulfill({ json: { ticket: signTicket(sub, "provincial", zlbIdentity) } });
  });
  const logins = [];
  await page.route("https://puser.zjzwfw.gov.cn/**", async (route) => {
    const login = new URL(route.request().url());
    logins.push(login);
    const back = new URL(login.searchParams.get("redirectUrl"));
    back.searchParams.set("ticket", `ST-again-${logins.length}`);
    await route.fulfill({ status: 302, headers: { location: back.href } });
  });
  await withEvidence(t, page, async () => {
    await page.goto(`${zlbGateway.url}${FORM}`);
    await appReady(page);
    assert.equal((await sessionClaims(page)).claims.sub, sub);
    assert.equal(logins.length, 1, "the first visit signs in through the platform's login");
    await sessionEndsWhileSubmitting(page, zlbGateway.url);
    await page.waitForURL((u) => u.pathname === FORM && !u.searchParams.has("ticket") && logins.length === 2, { timeout: 30_000 });
    await draftIsBack(page);
    assert.deepEqual(logins.map((l) => new URL(l.searchParams.get("redirectUrl")).pathname), [FORM, FORM],
      "the platform's login came back to the same page both times");
    assert.deepEqual([...exchanged], ["ST-again-1", "ST-again-2"], "the new platform ticket signed the citizen in");
    assert.equal((await sessionClaims(page)).claims.sub, sub);
  });
  await page.context().close();
});

test("WeChat: the subscription page is offered again when the citizen opens the application after a 补正, once", { timeout: 90_000 }, async (t) => {
  const page = await phonePage(browser, { userAgent: UA.wechat });
  await page.addInitScript(FAKE_WECHAT);
  await withEvidence(t, page, async () => {
    await page.goto(`${gateway.url}${FORM}#ticket=${encodeURIComponent(signTicket(`wx-sub-${Date.now()}`, "wechat", identity))}`);
    await appReady(page);
    await fillTransferToReview(page);
    await page.locator("button.submit").click();
    await page.waitForURL(/\/receipt\/TB/);
    const receiptNo = await expectText(page.locator(".receipt-box .receipt-no"), /^TB[0-9A-Z]{16}$/);
    const [first] = await calls(page, "navigateTo");
    assert.equal(first.url, `/pages/subscribe/subscribe?receipt_no=${receiptNo}`, "offered right after the submission");

    const returned = await api(gateway.url, "POST", `/operator/applications/${receiptNo}/return`, {
      token: gateway.operatorToken, body: { note: "转出地填写不完整，请写到县（区）", materials: ["参保缴费凭证"] },
    });
    assert.equal(returned.status, 200, `operator return: ${JSON.stringify(returned.body)}`);
    await page.goto(`${gateway.url}/applications/${receiptNo}`);
    const navs = await calls(page, "navigateTo", 2);
    assert.equal(navs[1].url, `/pages/subscribe/subscribe?receipt_no=${receiptNo}&step=returned`, "offered again after the 补正");
    await page.reload();
    await page.locator(".asked").waitFor();
    assert.equal((await calls(page, "navigateTo", 0)).length, 2, "once per status: a reload does not open it again");
  });
  await page.context().close();
});
