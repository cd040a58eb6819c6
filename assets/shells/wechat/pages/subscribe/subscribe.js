// 订阅办件进度: the native page the H5 opens right after a submission with
// wx.miniProgram.navigateTo({url: "/pages/subscribe/subscribe?receipt_no=TB…"}).
// wx.requestSubscribeMessage may be called only from a tap in a native page (基础库 2.8.2+),
// never from the web-view, so the citizen taps 订阅办件进度提醒 here. What they accepted goes,
// with a fresh wx.login code, to the integrator's backend (config.subscribe.url); when the
// gateway's webhook reports a change of this receipt, the backend sends the message with
// subscribeMessage.send (docs/integrators.md).
var config = require("../../config.js");
var url = require("../../utils/url.js");
var subscribe = require("../../utils/subscribe.js");

Page({
  data: { receiptNo: "", state: "ready", text: "" },

  onLoad: function (query) {
    var state = subscribe.configured(config) ? "ready" : "off";
    this.setData({ receiptNo: url.queryValue(query.receipt_no), state: state, text: subscribe.TEXT[state] });
  },

  show: function (state) {
    this.setData({ state: state, text: subscribe.TEXT[state] });
  },

  subscribe: function () {
    var page = this;
    var ids = config.subscribe.templateIds;
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: function (res) {
        var accepted = subscribe.accepted(res, ids);
        if (accepted.length === 0) {
          page.show("declined");
          return;
        }
        wx.login({
          success: function (login) {
            page.report(subscribe.reportBody(login.code, page.data.receiptNo, accepted));
          },
          fail: function () {
            page.show("failed");
          },
        });
      },
      fail: function () {
        page.show("failed");
      },
    });
  },

  report: function (body) {
    var page = this;
    wx.request({
      url: config.subscribe.url,
      method: "POST",
      data: body,
      success: function (res) {
        page.show(res.statusCode >= 200 && res.statusCode < 300 ? "done" : "failed");
      },
      fail: function () {
        page.show("failed");
      },
    });
  },

  back: function () {
    wx.navigateBack();
  },
});
