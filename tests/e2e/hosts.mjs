// The hosts the QA projects simulate (tests/playwright.config.mjs): each a user agent and a
// script run before the page loads that fakes the host's bridge — wx.miniProgram in a WeChat
// mini-program web-view, `my` in Alipay's, ZWJSBridge in 浙里办 — and records what the page
// asked of it in window.__host. The host gives no ticket of its own here, so the app signs in
// with a dev ticket for its shell (or, against a deployment, one signed with its secret);
// tests/e2e/shells.test.mjs proves the hosts' own tickets.
const ANDROID = "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.193 Mobile Safari/537.36";

const RECORDER = `
  window.__host = JSON.parse(sessionStorage.getItem("__host") || "[]");
  window.__record = function (call, arg) {
    window.__host.push([call, JSON.parse(JSON.stringify(arg === undefined ? null : arg))]);
    sessionStorage.setItem("__host", JSON.stringify(window.__host));
  };
`;

export const HOSTS = {
  wechat: {
    userAgent: `${ANDROID} XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2585 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx1234567890abcdef`,
    script: `${RECORDER}
      window.__wxjs_environment = "miniprogram";
      window.wx = { miniProgram: {
        navigateTo: function (o) { __record("navigateTo", o); },
        postMessage: function (o) { __record("postMessage", o); },
        getEnv: function (cb) { cb({ miniprogram: true }); },
      } };`,
  },
  alipay: {
    userAgent: `${ANDROID} UCBS/2.11.1.28 Alipay/10.5.36.8100 AlipayClient/10.5.36.8100 Language/zh-Hans Region/CN MiniProgram AliApp(AP/10.5.36.8100)`,
    script: `${RECORDER}
      window.my = {
        navigateTo: function (o) { __record("navigateTo", o); },
        postMessage: function (d) { __record("postMessage", d); },
        getEnv: function (cb) { cb({ miniprogram: true }); },
      };`,
  },
  zlb: {
    userAgent: `${ANDROID} dtdreamweb/1.0 TongbanQA`,
    script: `${RECORDER}
      window.ZWJSBridge = {
        onReady: function (cb) { setTimeout(cb, 30); },
        ssoTicket: function () { __record("ssoTicket"); return Promise.resolve({ result: true, ticketId: "zlb-qa" }); },
        getUiStyle: function () { return Promise.resolve({ uiStyle: "normal" }); },
        setTitle: function (o) { __record("setTitle", o); return Promise.resolve({}); },
        openLink: function (o) { __record("openLink", o); return Promise.resolve({}); },
      };`,
  },
};
