// Loads a host's bridge script only inside that host, so a plain browser pays for this file
// alone (< 1 KB): WeChat's JSSDK (npm weixin-js-sdk, bundled under a content-hashed name given
// in data-wechat) when the user agent says MicroMessenger or miniProgram; Alipay's
// https://appx/web-view.min.js (served by Alipay's container itself) when it says AlipayClient
// or AliApp. A bridge the page already has (a host that injects it) is not loaded again.
// window.__tongbanShell.ready settles when the script has loaded, failed, or after 3 s; the
// wasm adapter (src/app/src/shell) waits on it before its first host call at start-up.
(function () {
  var me = document.currentScript;
  var ua = navigator.userAgent;
  var shell = (window.__tongbanShell = window.__tongbanShell || {});
  var src = null;
  if (/AlipayClient|AliApp/i.test(ua)) {
    if (!(window.my && window.my.postMessage)) src = "https://appx/web-view.min.js";
  } else if (/MicroMessenger|miniProgram/i.test(ua)) {
    if (!(window.wx && window.wx.miniProgram)) src = me && me.getAttribute("data-wechat");
  }
  shell.bridge = src;
  if (!src || typeof Promise === "undefined") {
    shell.ready = typeof Promise === "undefined" ? null : Promise.resolve(false);
    return;
  }
  shell.ready = new Promise(function (resolve) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = function () { resolve(true); };
    s.onerror = function () { resolve(false); };
    setTimeout(function () { resolve(false); }, 3000);
    document.head.appendChild(s);
  });
})();
