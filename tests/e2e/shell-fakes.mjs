// The simulated hosts of the shells' journeys (shells*.test.mjs): user agents, fake bridges
// that record what the page asked of them in window.__host (kept across full page loads in
// sessionStorage), and the small helpers that read them. Not a test file.
import { randomUUID } from "node:crypto";
import { signTicketV2 } from "./support.mjs";
import { eventually } from "./expect.mjs";

const ANDROID = "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.193 Mobile Safari/537.36";
export const UA = {
  wechat: `${ANDROID} XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2585 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx1234567890abcdef`,
  alipay: `${ANDROID} UCBS/2.11.1.28 Alipay/10.5.36.8100 AlipayClient/10.5.36.8100 Language/zh-Hans Region/CN MiniProgram AliApp(AP/10.5.36.8100)`,
  zlb: `${ANDROID} dtdreamweb/1.0 TongbanQA`,
};

export const RECORDER = `
  window.__host = JSON.parse(sessionStorage.getItem("__host") || "[]");
  window.__record = function (call, arg) {
    window.__host.push([call, JSON.parse(JSON.stringify(arg === undefined ? null : arg))]);
    sessionStorage.setItem("__host", JSON.stringify(window.__host));
  };
  addEventListener("tongban:host-message", function (e) { __record("event", e.detail); });
`;
export const FAKE_WECHAT = `${RECORDER}
  window.__wxjs_environment = "miniprogram";
  window.wx = { miniProgram: {
    navigateTo: function (o) { __record("navigateTo", o); },
    reLaunch: function (o) { __record("reLaunch", o); },
    postMessage: function (o) { __record("postMessage", o); },
    getEnv: function (cb) { cb({ miniprogram: true }); },
  } };`;
export const FAKE_ALIPAY = `${RECORDER}
  window.my = {
    navigateTo: function (o) { __record("navigateTo", o); },
    reLaunch: function (o) { __record("reLaunch", o); },
    postMessage: function (d) { __record("postMessage", d); },
    getEnv: function (cb) { cb({ miniprogram: true }); },
  };`;
export const FAKE_ZWJSBRIDGE = `${RECORDER}
  window.ZWJSBridge = {
    onReady: function (cb) { setTimeout(cb, 30); },
    ssoTicket: function () { __record("ssoTicket"); return Promise.resolve({ result: true, ticketId: "zlb-ticket-123" }); },
    getUiStyle: function () { return Promise.resolve({ uiStyle: "elder" }); },
    setTitle: function (o) { __record("setTitle", o); return Promise.resolve({}); },
    getLocation: function () { __record("getLocation"); return Promise.resolve({ latitude: 23.1291, longitude: 113.2644 }); },
    openLink: function (o) { __record("openLink", o); return Promise.resolve({}); },
  };`;

/** Signs Tongban shell tickets as `integrator`'s backend would. */
export const ticketSigner = (integrator) => (sub, shell, identity = {}, ttl = 600) =>
  signTicketV2(integrator, { sub, shell, exp: Math.floor(Date.now() / 1000) + ttl, jti: randomUUID(), ...identity });

/** The host's recorded calls of `name`, once there are at least `atLeast` of them. */
export const calls = (page, name, atLeast = 1) => eventually(
  () => page.evaluate((n) => window.__host.filter((c) => c[0] === n).map((c) => c[1]), name),
  (list) => list.length >= atLeast, `the host's ${name} calls`);

/** The claims of the app's session token (`s1.<payload>.<sig>`), from its local storage. */
export async function sessionClaims(page) {
  await page.waitForFunction(() => localStorage.getItem("tongban.session"), null, { timeout: 15_000 });
  const { token } = await page.evaluate(() => JSON.parse(localStorage.getItem("tongban.session")));
  const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
  return { token, claims };
}
