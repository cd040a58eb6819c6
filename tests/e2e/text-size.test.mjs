// The host's text size wins (style.css forces no text-size-adjust), so every page must still
// lay out with its text at 200 % — WCAG 1.4.4 Resize Text: text only, not a page zoom. Every
// font size in style.css derives from --font (em), so doubling --font is what a host's
// text-size-adjust of 200 % does to the page. At the phone size, in normal and elder mode: the
// page does not scroll sideways, no element sticks out of the viewport, and no element that
// hides its overflow has text cut off.
import { test } from "./support.mjs";
import assert from "node:assert/strict";
import { appReady, phonePage, screenshot, suite, withEvidence } from "./support.mjs";
import { elderBeforeLoad } from "./a11y.mjs";
import { misfits, textAt200 } from "./one-thing.mjs";

const PAGES = [
  ["home", "/"],
  ["guide", "/items/420800/jm-transfer"],
  ["apply", "/apply/420800/jm-transfer"],
];

const s = suite();

for (const elder of [false, true]) {
  const mode = elder ? "elder" : "normal";
  test(`at 200 % text on a phone, home, guide and apply form fit without clipping (${mode} mode)`, async (t) => {
    const page = await phonePage(s.browser);
    if (elder) await elderBeforeLoad(page);
    await textAt200(page);
    await withEvidence(t, page, async () => {
      for (const [name, path] of PAGES) {
        await page.goto(s.gateway.url + path);
        await appReady(page);
        await page.waitForLoadState("networkidle");
        if (elder) await page.locator(".frame.elder").waitFor();
        if (name === "apply") await page.locator("#f-applicant-name").waitFor();
        const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("main")).fontSize));
        assert.equal(size, elder ? 48 : 32, `${name}: the text is at 200 %`);
        const found = await page.evaluate(misfits);
        if (found.length) await screenshot(page, `text-200-${name}-${mode}`);
        assert.deepEqual(found, [], `${name} (${mode}) at 200 % text`);
      }
    });
    await page.context().close();
  });
}

test("the check itself finds a line that does not wrap and a box that cuts its text", async (t) => {
  const page = await phonePage(s.browser);
  await textAt200(page);
  await withEvidence(t, page, async () => {
    await page.goto(s.gateway.url + "/");
    await appReady(page);
    await page.evaluate(() => {
      const main = document.querySelector("main");
      const wide = document.createElement("p");
      wide.style.whiteSpace = "nowrap";
      wide.textContent = "医疗保险关系转移接续申请".repeat(3);
      const cut = document.createElement("p");
      Object.assign(cut.style, { overflow: "hidden", height: "1em" });
      cut.textContent = "办理时限二十个工作日，请携带身份证原件";
      main.append(wide, cut);
    });
    const found = await page.evaluate(misfits);
    assert.ok(found.some((f) => f.startsWith("the page is")), found.join("\n"));
    assert.ok(found.some((f) => f.includes("cuts its text")), found.join("\n"));
  });
  await page.context().close();
});
