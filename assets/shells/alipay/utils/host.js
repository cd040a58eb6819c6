// Alipay's layer under the shared pages (common/pages): the few calls that differ from WeChat's.
// `my` is read when a call is made, not when this file loads.
module.exports = {
  // A one-time auth code (scope auth_base: silent) for the backend's alipay.system.oauth.token,
  // which answers the user's open_id (apps created since Alipay's move to open_id; older apps
  // get user_id); "" when there is none.
  login: function (done) {
    my.getAuthCode({
      scopes: "auth_base",
      success: function (res) { done(res.authCode || ""); },
      fail: function () { done(""); },
    });
  },
  // What the ticket endpoint is sent.
  ticketBody: function (code) {
    return { authCode: code };
  },
  // POSTs JSON; done(status, body), status 0 when there was no answer.
  postJson: function (url, body, done) {
    my.request({
      url: url,
      method: "POST",
      headers: { "content-type": "application/json" },
      data: JSON.stringify(body),
      dataType: "json",
      success: function (res) { done(res.status, res.data); },
      fail: function () { done(0, null); },
    });
  },
  // The font size the client reports (fontSizeSetting), where it reports one.
  fontSize: function () {
    var info = my.getSystemInfoSync ? my.getSystemInfoSync() : {};
    return Number(info.fontSizeSetting);
  },
  // onMessage: e.detail is the one message just posted.
  messages: function (e) {
    return [e.detail || {}];
  },
  sharePath: "pages/index/index",
  marker: function (marker) {
    return marker;
  },
  openLocation: function (place, fail) {
    my.openLocation({
      // Alipay documents these two as strings.
      longitude: String(place.longitude),
      latitude: String(place.latitude),
      name: place.name,
      address: place.address,
      scale: 16,
      fail: fail,
    });
  },
  copy: function (text) {
    my.setClipboard({ text: text });
  },
  // done(answer), or done(null) when Alipay refused: one key per template id, "accept" if agreed.
  requestSubscribe: function (ids, done) {
    my.requestSubscribeMessage({
      entityIds: ids,
      success: function (res) { done(res); },
      fail: function () { done(null); },
    });
  },
  back: function () {
    my.navigateBack();
  },
};
