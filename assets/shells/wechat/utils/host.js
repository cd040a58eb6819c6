// WeChat's layer under the shared pages (common/pages): the few calls that differ from Alipay's.
// `wx` is read when a call is made, not when this file loads.
module.exports = {
  // A one-time login code for the backend's code2Session (→ openid); "" when there is none.
  login: function (done) {
    wx.login({
      success: function (res) { done(res.code || ""); },
      fail: function () { done(""); },
    });
  },
  // What the ticket endpoint is sent.
  ticketBody: function (code) {
    return { code: code };
  },
  // POSTs JSON; done(status, body), status 0 when there was no answer.
  postJson: function (url, body, done) {
    wx.request({
      url: url,
      method: "POST",
      data: body,
      success: function (res) { done(res.statusCode, res.data); },
      fail: function () { done(0, null); },
    });
  },
  // The user's font size (我-设置-通用-字体大小), px.
  fontSize: function () {
    var info = wx.getAppBaseInfo ? wx.getAppBaseInfo() : {};
    return Number(info.fontSizeSetting);
  },
  // bindmessage: e.detail.data is the array of every message posted so far.
  messages: function (e) {
    return (e.detail && e.detail.data) || [];
  },
  sharePath: "/pages/index/index",
  marker: function (marker, name) {
    marker.title = name;
    return marker;
  },
  openLocation: function (place, fail) {
    wx.openLocation({
      latitude: place.latitude,
      longitude: place.longitude,
      name: place.name,
      address: place.address,
      scale: 16,
      fail: fail,
    });
  },
  copy: function (text) {
    wx.setClipboardData({ data: text });
  },
  // done(answer), or done(null) when WeChat refused: one key per template id, "accept" if agreed.
  requestSubscribe: function (ids, done) {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: function (res) { done(res); },
      fail: function () { done(null); },
    });
  },
  back: function () {
    wx.navigateBack();
  },
};
