// Every page of the app, in normal and in elder mode (适老化), audited with axe-core: no serious
// or critical violations. Pages that need an application are audited by the journey tests at
// the moment they are shown (receipt, progress).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appReady, launchBrowser, phonePage, screenshot, startGateway, withEvidence } from "./support.mjs";
import { audit, elderBeforeLoad } from "./a11y.mjs";

const PAGES = [
  ["home", "/"],
  ["guide", "/items/420800/jm-transfer"],
  ["apply", "/apply/420800/jm-transfer"],
  ["mine", "/me"],
  ["messages", "/messages"],
  ["offices", "/offices"],
  ["not-found", "/no-such-page"],
];

let gateway;
let browser;
before(async () => {
  gateway = await startGateway();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await gateway?.stop();
});

for (const elder of [false, true]) {
  const mode = elder ? "elder" : "normal";
  test(`every page passes the accessibility audit in ${mode} mode`, async (t) => {
    const page = await phonePage(browser);
    if (elder) await elderBeforeLoad(page);
    await withEvidence(t, page, async () => {
      for (const [name, path] of PAGES) {
        await page.goto(gateway.url + path);
        await appReady(page);
        await page.waitForLoadState("networkidle");
        if (elder) {
          await page.locator(".frame.elder").waitFor();
        }
        await audit(page, `${name} (${mode})`);
      }
      if (elder) await screenshot(page, "offices-elder");
    });
    await page.context().close();
  });
}

test("the audit itself fails on a page with a critical violation", async (t) => {
  const page = await phonePage(browser);
  await withEvidence(t, page, async () => {
    await page.goto(gateway.url + "/");
    await appReady(page);
    // A button with no accessible name is a critical violation (axe rule button-name).
    await page.evaluate(() => document.querySelector("main").append(document.createElement("button")));
    await assert.rejects(audit(page, "home with a nameless button"), /button-name/);
  });
  await page.context().close();
});
