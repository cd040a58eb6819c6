// 订阅办件进度: the native page the H5 opens right after a submission with
// my.navigateTo({url: "/pages/subscribe/subscribe?receipt_no=TB…"}).
// my.requestSubscribeMessage (opendocs.alipay.com/mini/api/requestSubscribeMessage) shows
// Alipay's subscription panel for up to three template ids (entityIds) from a tap; what the
// citizen accepted goes, with a fresh my.getAuthCode code, to the integrator's backend
// (config.subscribe.url), which sends with alipay.open.app.mini.templatemessage.send when the
// gateway's webhook reports a change of this receipt (docs/integrators.md).
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
    my.requestSubscribeMessage({
      entityIds: ids,
      success: function (res) {
        var accepted = subscribe.accepted(res, ids);
        if (accepted.length === 0) {
          page.show("declined");
          return;
        }
        my.getAuthCode({
          scopes: "auth_base",
          success: function (auth) {
            page.report(subscribe.reportBody(auth.authCode, page.data.receiptNo, accepted));
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
    my.request({
      url: config.subscribe.url,
      method: "POST",
      headers: { "content-type": "application/json" },
      data: JSON.stringify(body),
      success: function (res) {
        page.show(res.status >= 200 && res.status < 300 ? "done" : "failed");
      },
      fail: function () {
        page.show("failed");
      },
    });
  },

  back: function () {
    my.navigateBack();
  },
});
