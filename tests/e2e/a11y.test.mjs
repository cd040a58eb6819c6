// Every page of the app, in normal and in elder mode (适老化), audited with axe-core: no serious
// or critical violations. The receipt and progress pages are shown for an application submitted
// through the API under the page's own session.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { appReady, phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { audit, elderBeforeLoad } from "./a11y.mjs";
import { api, citizen, nextUntil, transferForm } from "./journey-steps.mjs";

const PAGES = [
  ["home", "/"],
  ["guide", "/items/420800/jm-transfer"],
  ["apply", "/apply/420800/jm-transfer"],
  ["mine", "/me"],
  ["messages", "/messages"],
  ["offices", "/offices"],
  ["family", "/family"],
  ["family-accept", "/family/accept"],
  ["appointments", "/appointments"],
  ["book", "/book/440000/-"],
  ["visit", "/visit/440000/gd-05"],
  ["not-found", "/no-such-page"],
];

const s = suite();

for (const elder of [false, true]) {
  const mode = elder ? "elder" : "normal";
  test(`every page passes the accessibility audit in ${mode} mode`, async (t) => {
    const page = await phonePage(s.browser);
    if (elder) await elderBeforeLoad(page);
    await withEvidence(t, page, async () => {
      // A session of the page's own, and an application under it, for the receipt and progress.
      const token = await citizen(s.gateway.url);
      const expires = new Date(Date.now() + 3_600_000).toISOString();
      await page.addInitScript(([t, e]) => {
        localStorage.setItem("tongban.session", JSON.stringify({ token: t, expires_at: e }));
      }, [token, expires]);
      const r = await api(s.gateway.url, "POST", "/applications", {
        token, body: { region: "420800", item: "jm-transfer", form: transferForm() },
        headers: { "idempotency-key": `a11y-${mode}-${Date.now()}` },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const pages = [...PAGES, ["receipt", `/receipt/${r.body.receipt_no}`], ["progress", `/applications/${r.body.receipt_no}`]];
      for (const [name, path] of pages) {
        await page.goto(s.gateway.url + path);
        await appReady(page);
        await page.waitForLoadState("networkidle");
        if (elder) {
          await page.locator(".frame.elder").waitFor();
        }
        if (name === "receipt" || name === "progress") {
          await page.getByText(r.body.receipt_no).first().waitFor();
        }
        await audit(page, `${name} (${mode})`);
      }
      if (elder) await screenshot(page, "offices-elder");

      // The correction of a returned application, on its materials step (upload buttons).
      const returned = await api(s.gateway.url, "POST", `/operator/applications/${r.body.receipt_no}/return`, {
        token: s.gateway.operatorToken, body: { note: "请补充材料", materials: ["参保缴费凭证"] },
      });
      assert.equal(returned.status, 200, JSON.stringify(returned.body));
      await page.goto(`${s.gateway.url}/resubmit/420800/jm-transfer/${r.body.receipt_no}`);
      await appReady(page);
      await page.locator("#f-applicant-name").waitFor();
      await nextUntil(page, page.locator(".uploads .upload-row"));
      await page.locator(".uploads .upload-row").first().waitFor();
      await audit(page, `materials step (${mode})`);
      if (elder) await screenshot(page, "upload-elder");
    });
    await page.context().close();
  });
}

test("the audit itself fails on a page with a critical violation", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await page.goto(s.gateway.url + "/");
    await appReady(page);
    // A button with no accessible name is a critical violation (axe rule button-name).
    await page.evaluate(() => document.querySelector("main").append(document.createElement("button")));
    await assert.rejects(audit(page, "home with a nameless button"), /button-name/);
  });
  await page.context().close();
});
