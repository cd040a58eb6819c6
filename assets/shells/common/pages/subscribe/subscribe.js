// 订阅办件进度: the native page the H5 opens with wx.miniProgram.navigateTo / my.navigateTo(
// {url: "/pages/subscribe/subscribe?receipt_no=TB…[&step=returned|accepted]"}) right after a
// submission, and again when the citizen opens the application after a 补正 or a decision
// (each one-time subscription is used by one message). The subscription request may be made
// only from a tap in a native page (wx.requestSubscribeMessage, 基础库 2.8.2+;
// my.requestSubscribeMessage), never from the web-view, so the citizen taps 订阅办件进度提醒
// here. What they accepted goes, with a fresh login code, to the integrator's backend
// (config.subscribe.url); when the gateway's webhook reports a change of this receipt, the
// backend sends the message (subscribeMessage.send / alipay.open.app.mini.templatemessage.send;
// docs/integrators.md).
var config = require("../../config.js");
var url = require("../../utils/url.js");
var host = require("../../utils/host.js");
var subscribe = require("../../utils/subscribe.js");

Page({
  data: { receiptNo: "", step: "", state: "ready", text: "" },

  onLoad: function (query) {
    var state = subscribe.configured(config) ? "ready" : "off";
    var step = url.queryValue(query.step);
    this.setData({ receiptNo: url.queryValue(query.receipt_no), step: step, state: state, text: subscribe.text(state, step) });
  },

  show: function (state) {
    this.setData({ state: state, text: subscribe.text(state, this.data.step) });
  },

  subscribe: function () {
    var page = this;
    var ids = config.subscribe.templateIds;
    host.requestSubscribe(ids, function (result) {
      if (!result) return page.show("failed");
      var accepted = subscribe.accepted(result, ids);
      if (accepted.length === 0) return page.show("declined");
      host.login(function (code) {
        if (!code) return page.show("failed");
        host.postJson(config.subscribe.url, subscribe.reportBody(code, page.data.receiptNo, accepted), function (status) {
          page.show(status >= 200 && status < 300 ? "done" : "failed");
        });
      });
    });
  },

  back: function () {
    host.back();
  },
});
