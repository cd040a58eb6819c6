// The web-view page. Login: my.getAuthCode (scope auth_base, silent) gives a one-time code;
// the integrator's backend (config.ticketUrl) exchanges it for the user id with
// alipay.system.oauth.token, signs a Tongban ticket with its own Ed25519/SM2 key
// (docs/integrators.md) and answers {"ticket": "v2...."}; the ticket goes to the H5 in the URL fragment. Without a ticket the
// H5 still opens, without a session.
var config = require("../../config.js");
var url = require("../../utils/url.js");

function elderWanted() {
  if (config.elder === true || config.elder === false) return config.elder;
  // "auto": the font size the client reports (fontSizeSetting, px), where it reports one; a
  // missing or unfamiliar value never turns elder mode on. Use --elder on/off to decide.
  var info = my.getSystemInfoSync ? my.getSystemInfoSync() : {};
  return Number(info.fontSizeSetting) >= 20;
}

Page({
  data: { src: "" },

  onLoad: function () {
    var page = this;
    var open = function (ticket) {
      page.setData({ src: url.webViewSrc(config.h5Url, ticket, elderWanted()) });
    };
    my.getAuthCode({
      scopes: "auth_base",
      success: function (auth) {
        my.request({
          url: config.ticketUrl,
          method: "POST",
          headers: { "content-type": "application/json" },
          data: JSON.stringify({ authCode: auth.authCode }),
          dataType: "json",
          success: function (res) {
            open(res.status === 200 && res.data ? res.data.ticket : "");
          },
          fail: function () {
            open("");
          },
        });
      },
      fail: function () {
        open("");
      },
    });
  },

  // The H5's my.postMessage(data) arrives here at once: e.detail is the message.
  onMessage: function (e) {
    var message = e.detail || {};
    if (message.type === "submitted") {
      getApp().globalData.lastReceipt = message.receipt_no;
    }
  },

  onShareAppMessage: function () {
    // Share the mini-program, never the H5 address (it may still carry a ticket).
    return { title: "通办 · 医保服务", path: "pages/index/index" };
  },
});
