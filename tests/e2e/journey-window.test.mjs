// 窗口代录: a clerk enters a walk-in citizen's application at the hall window, then opens the
// printable receipt (受理回执) with their operator token: the receipt number and a QR code of
// the progress page are on it; the verifier (the last six characters of the ID number) is not —
// the citizen types it themselves.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { expectCount, expectInPage, expectText, expectTextIncludes, expectValue } from "./expect.mjs";

const s = suite();

const ID_NUMBER = "11010519491231002X";

/** Submits a Jingmen transfer at the Jingmen hall's window as the dev clerk; the receipt. */
async function windowSubmission() {
  const res = await fetch(`${s.gateway.url}/api/v1/operator/applications`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${s.gateway.operatorToken}`,
      "content-type": "application/json",
      "idempotency-key": `e2e-window-${Date.now()}`,
    },
    body: JSON.stringify({
      region: "420800",
      item: "jm-transfer",
      channel: "window",
      office: "jm-city-hall",
      form: {
        "applicant.name": "王小明", "applicant.id_type": "resident",
        "applicant.id_number": ID_NUMBER, "applicant.phone": "13800138000",
        "transfer.direction": "in", "transfer.from_region": "440106",
        "transfer.to_region": "420802", "transfer.insurance_type": "employee",
      },
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

test("a clerk prints the window receipt: QR code of the progress page, no verifier", async (t) => {
  assert.ok(s.gateway.operatorToken, "the dev gateway printed its clerk's token");
  const receipt = await windowSubmission();
  assert.equal(receipt.acting.window_office, "jm-city-hall");
  // The clerk's browser: a desk screen, signed in with the operator token.
  const context = await s.browser.newContext({
    viewport: { width: 900, height: 1200 },
    locale: "zh-CN",
    extraHTTPHeaders: { authorization: `Bearer ${s.gateway.operatorToken}` },
  });
  const page = await context.newPage();
  page.consoleLines = [];
  page.on("console", (m) => page.consoleLines.push(`[${m.type()}] ${m.text()}`));
  await withEvidence(t, page, async () => {
    const res = await page.goto(`${s.gateway.url}/api/v1/receipt/${receipt.receipt_no}/print`);
    assert.equal(res.status(), 200);
    await expectText(page.locator("#receipt-no"), receipt.receipt_no, "the receipt number is printed");
    await expectCount(page.locator("#progress-qr svg"), 1, "one QR code");
    const href = await page.locator("#progress-qr").getAttribute("data-href");
    assert.equal(href, `${s.gateway.url}/applications/${receipt.receipt_no}`, "the QR opens the progress page");
    await expectInPage(
      page,
      (id) => !document.body.innerText.includes(id.slice(-6)) && !document.documentElement.outerHTML.includes(id),
      ID_NUMBER,
      (absent) => absent === true,
      "neither the verifier nor the ID number is on the paper",
    );
    await expectText(page.locator("dd", { hasText: "荆门市医疗保障局" }), "荆门市医疗保障局", "the receiving window");
    await page.emulateMedia({ media: "print" });
    await screenshot(page, "window-receipt-print");
  });
  await context.close();
  // Without the clerk's token there is no receipt page.
  const anonymous = await fetch(`${s.gateway.url}/api/v1/receipt/${receipt.receipt_no}/print`);
  assert.equal(anonymous.status, 401);
});

test("the citizen scans the window receipt's QR code on their phone and types only the verifier", async (t) => {
  const receipt = await windowSubmission();
  // Scanned with the phone's camera: a plain browser, with no real-name session of the citizen.
  const page = await phonePage(s.browser, { realName: false });
  await withEvidence(t, page, async () => {
    // The QR code's address, opened on a phone that has no session of the window's.
    await page.goto(`${s.gateway.url}/applications/${receipt.receipt_no}`);
    await expectTextIncludes(page.locator(".progress-page .notice"), "在窗口或其他设备上提交");
    await page.locator(".progress-page .notice a", { hasText: "去查询" }).click();
    await expectValue(page.locator("#lookup-no"), receipt.receipt_no, "the number is filled in");
    await page.locator("#lookup-verifier").fill(ID_NUMBER.slice(-6));
    await page.locator(".lookup button[type=submit]").click();
    await expectTextIncludes(page.locator(".lookup-result"), receipt.status_label, "the window submission's progress");
    await screenshot(page, "window-receipt-scanned");
  });
});
