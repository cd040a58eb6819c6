// What both subscription pages share: whether the package configured subscriptions, which
// template ids the citizen accepted, and the body sent to the integrator's backend.
// WeChat's wx.requestSubscribeMessage and Alipay's my.requestSubscribeMessage both answer
// with one key per template id whose value is "accept" when the citizen agreed
// (developers.weixin.qq.com/miniprogram/dev/api/open-api/subscribe-message/wx.requestSubscribeMessage.html,
// opendocs.alipay.com/mini/api/requestSubscribeMessage).

function configured(config) {
  var s = config && config.subscribe;
  return !!(s && s.url && s.templateIds && s.templateIds.length > 0);
}

function accepted(result, templateIds) {
  var out = [];
  for (var i = 0; i < templateIds.length; i++) {
    if (result && result[templateIds[i]] === "accept") out.push(templateIds[i]);
  }
  return out;
}

// The integrator's backend gets the platform's one-time login code (to learn the user:
// code2Session / alipay.system.oauth.token), the receipt number and the accepted template ids;
// it keeps them and sends a message when the gateway's webhook reports that receipt's change.
function reportBody(code, receiptNo, templateIds) {
  return { code: code, receipt_no: receiptNo, template_ids: templateIds };
}

// What the page says in each state.
var TEXT = {
  ready: "办件有新进展时（受理、退回补正、办结等），我们可以通过消息提醒您。点击下方按钮选择要接收的提醒。",
  off: "本小程序暂未开通办件进度提醒。办理结果会在“消息”中通知您，也可随时在“我的办件”中查看。",
  done: "已订阅。办件有新进展时会提醒您。",
  declined: "您没有订阅提醒。办理结果会在“消息”中通知您，也可随时在“我的办件”中查看。",
  failed: "订阅没有成功，请稍后再试。办理结果会在“消息”中通知您，也可随时在“我的办件”中查看。",
};

// Why the page opened again (?step=): the subscriptions given before are used up.
var AGAIN = {
  returned: "您的办件已退回补正。补正提交后，",
  accepted: "您的办件已受理。",
};

// What the page says in `state`, after a 补正 or a decision (`step`) said so first.
function text(state, step) {
  var again = state === "ready" && AGAIN.hasOwnProperty(step) ? AGAIN[step] : "";
  return again + TEXT[state];
}

module.exports = { configured: configured, accepted: accepted, reportBody: reportBody, text: text, TEXT: TEXT };
