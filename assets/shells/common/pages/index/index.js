// The web-view page, one for both mini-programs (the host's own calls: utils/host.js).
// Login: the host's one-time code (wx.login / my.getAuthCode) goes to the integrator's backend
// (config.ticketUrl), which resolves it to the user's openid (WeChat, code2Session) or open_id
// (Alipay, alipay.system.oauth.token), signs a Tongban ticket with its own Ed25519/SM2 key
// (docs/integrators.md) and answers {"ticket": "v2...."}; the ticket goes to the H5 in the URL
// fragment. Without a ticket the H5 still opens, without a session.
// ?path=/apply/… : the H5 relaunched this page because its session ended (reLaunch); after the
// login the web-view opens the H5 at that page again, where the citizen's draft waits.
var config = require("../../config.js");
var url = require("../../utils/url.js");
var host = require("../../utils/host.js");

function elderWanted() {
  if (config.elder === true || config.elder === false) return config.elder;
  // "auto": the user's font size as the client reports it (WeChat: 17 px is the standard
  // size); a missing or unfamiliar value never turns elder mode on. --elder on/off decides.
  return host.fontSize() >= 20;
}

Page({
  data: { src: "" },

  onLoad: function (query) {
    var page = this;
    var path = url.queryValue(query && query.path);
    var open = function (ticket) {
      page.setData({ src: url.webViewSrc(config.h5Url, ticket, elderWanted(), path) });
    };
    host.login(function (code) {
      if (!code) return open("");
      host.postJson(config.ticketUrl, host.ticketBody(code), function (status, data) {
        open(status === 200 && data ? data.ticket : "");
      });
    });
  },

  // What the H5 posted (wx.miniProgram.postMessage / my.postMessage): WeChat delivers them
  // only on back, share or destroy, all at once; Alipay at once. The live channel is the
  // gateway (its webhook tells the integrator's backend of every status change).
  onMessage: function (e) {
    var messages = host.messages(e);
    for (var i = 0; i < messages.length; i++) {
      if (messages[i] && messages[i].type === "submitted") {
        getApp().globalData.lastReceipt = messages[i].receipt_no;
      }
    }
  },

  onError: function (e) {
    console.error("web-view failed to load", e.detail);
  },

  onShareAppMessage: function () {
    // Share the mini-program, never the H5 address (it may still carry a ticket).
    return { title: "通办 · 医保服务", path: host.sharePath };
  },
});
