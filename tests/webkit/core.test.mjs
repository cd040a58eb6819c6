// The core journey in iOS's engine (WebKitGTK, tests/webkit/wk.mjs): home → item guide → the
// form with an error shown as the field is left → fixed → submit → receipt → progress. Every
// iOS host (WeChat, Alipay, 浙里办) shows the H5 in WKWebView, the same engine.
import assert from "node:assert/strict";
import { shot, test, until } from "./wk.mjs";

const APPLICANT = { name: "张三", id: "11010519491231002X", phone: "13800138000" };

test("webkit: home, item guide, an error as typed, submit, receipt, progress", async ({ wk: b, gateway }) => {
  const text = (sel) => b.$(sel).getText();
  const exists = (sel) => b.$(sel).isExisting();

  await test.step("home: the app mounts; choose Guangdong", async () => {
    // The citizen is a real-name person the test knows: a session for the ID it types, from the
    // dev backend, put where the app keeps it (WebDriver cannot rewrite the app's own request).
    const post = (path, body) => fetch(`${gateway.url}/api/v1${path}`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    }).then((r) => r.json());
    const { ticket } = await post("/session/dev-ticket", { id_number: APPLICANT.id });
    const session = await post("/session", { ticket });
    await b.url(`${gateway.url}/healthz`);
    await b.execute((s) => localStorage.setItem("tongban.session", JSON.stringify(s)), session);
    await b.url(gateway.url);
    await until(() => exists("button.elder-toggle"), Boolean, "the wasm app mounted");
    assert.match(await b.execute(() => navigator.userAgent), /iPhone/, "an iPhone's user agent");
    await until(() => text("#home-title"), (t) => t === "医保业务，掌上通办", "the home title");
    await b.$("#region").selectByAttribute("value", "440000");
    await until(() => exists('.item-card[data-item="gd-17"] a'), Boolean, "Guangdong's transfer item");
    await shot(b, "core-1-home");
  });

  await test.step("item guide: 一次性告知", async () => {
    await b.$('.item-card[data-item="gd-17"] a').click();
    await until(() => text("#guide-title"), (t) => t.includes("转移接续手续办理"), "the guide's title");
    await until(() => text(".guide"), (t) => t.includes("法定时限"), "the guide names the legal time limit");
    await shot(b, "core-2-guide");
    await b.$(".apply-now").click();
  });

  await test.step("form: no error while typing, the error when the field is left", async () => {
    await until(() => exists("#f-applicant-name"), Boolean, "the form");
    await b.$("#f-applicant-name").addValue(APPLICANT.name);
    await b.$("#f-applicant-id_type").selectByAttribute("value", "resident");
    await b.$("#f-applicant-id_number").addValue("110105");
    await until(() => b.$("#f-applicant-id_number").getValue(), (v) => v === "110105", "the id typed");
    const errors = await b.$$(".field .error").map((e) => e.getText());
    assert.deepEqual(errors, [], "no error while typing");
    await b.$("#f-applicant-phone").click(); // leaves the id field
    await until(() => exists("#f-applicant-id_number-error"), Boolean, "the id's error once left");
    await shot(b, "core-3-form-error");
  });

  await test.step("form: fixed, then the next steps up to the review", async () => {
    await b.$("#f-applicant-id_number").clearValue();
    await b.$("#f-applicant-id_number").setValue(APPLICANT.id);
    await b.$("#f-applicant-phone").addValue(APPLICANT.phone);
    await b.$("#f-applicant-name").click(); // leaves the phone field
    await until(async () => (await b.$$(".field .error")).length, (n) => n === 0, "the errors are gone once fixed");
    await b.$("button.next").click();
    await until(() => exists("#f-transfer-direction"), Boolean, "the transfer step");
    await b.$("#f-transfer-direction").selectByAttribute("value", "in");
    // The region fields: 省 → 市 → 县（区）, each level shown once the one above is chosen.
    for (const [path, names] of [["from_region", ["湖南省", "永州市", "零陵区"]], ["to_region", ["广东省", "广州市", "天河区"]]]) {
      for (const [i, name] of names.entries()) {
        const level = b.$(`#f-transfer-${path}${i ? `-${i}` : ""}`);
        await level.waitForExist();
        // WebKit's driver does not scroll a select into view before choosing its option: the
        // second field's levels are below the fold once the first field's have appeared.
        await level.scrollIntoView({ block: "center" });
        await level.waitForClickable();
        await level.selectByVisibleText(name);
      }
    }
    await b.$("#f-transfer-insurance_type").scrollIntoView({ block: "center" });
    await b.$("#f-transfer-insurance_type").selectByAttribute("value", "employee");
    await b.$("button.next").click();
    await until(() => exists(".review"), Boolean, "the review page");
    await shot(b, "core-4-review");
  });

  let receiptNo;
  await test.step("submit: the receipt", async () => {
    await b.$("button.submit").click();
    await until(() => b.getUrl(), (u) => /\/receipt\/TB/.test(u), "the receipt page");
    receiptNo = await until(() => text(".receipt-box .receipt-no"), (t) => /^TB[0-9A-Z]{16}$/.test(t), "the receipt number");
    await until(() => text(".status-label"), (t) => t === "已提交", "the status");
    await shot(b, "core-5-receipt");
  });

  await test.step("progress: the timeline of this application", async () => {
    await b.$("a=查看办理进度").click();
    await until(() => b.getUrl(), (u) => u.includes(`/applications/${receiptNo}`), "the progress page");
    await until(() => exists(".timeline .event"), Boolean, "the timeline");
    await until(() => text(".progress .status"), (t) => t === "已提交", "the progress status");
    await shot(b, "core-6-progress");
  });
});
