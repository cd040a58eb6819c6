// The web-view page. Login: wx.login gives a one-time code; the integrator's backend
// (config.ticketUrl) exchanges it for the user's openid with code2Session, signs a Tongban
// ticket with its own Ed25519/SM2 key (docs/integrators.md) and answers {"ticket": "v2...."}; the ticket goes to the
// H5 in the URL fragment. Without a ticket the H5 still opens, without a session.
var config = require("../../config.js");
var url = require("../../utils/url.js");

function elderWanted() {
  if (config.elder === true || config.elder === false) return config.elder;
  // "auto": the user's WeChat font size (我-设置-通用-字体大小); 17 px is the standard size.
  var info = wx.getAppBaseInfo ? wx.getAppBaseInfo() : {};
  return Number(info.fontSizeSetting) >= 20;
}

Page({
  data: { src: "" },

  onLoad: function () {
    var page = this;
    var open = function (ticket) {
      page.setData({ src: url.webViewSrc(config.h5Url, ticket, elderWanted()) });
    };
    wx.login({
      success: function (login) {
        wx.request({
          url: config.ticketUrl,
          method: "POST",
          data: { code: login.code },
          success: function (res) {
            open(res.statusCode === 200 && res.data ? res.data.ticket : "");
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

  // WeChat delivers the H5's wx.miniProgram.postMessage calls only on back, share or destroy,
  // all at once: e.detail.data is the array of every message. The live channel is the gateway
  // (its webhook tells the integrator's backend of every status change).
  onMessage: function (e) {
    var messages = (e.detail && e.detail.data) || [];
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
    return { title: "通办 · 医保服务", path: "/pages/index/index" };
  },
});
