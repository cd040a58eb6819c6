// The accessibility audit: axe-core (from npm, injected into the page) with the WCAG 2.x A/AA
// rules; a page passes when axe finds no serious or critical violation.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
// Evaluated through the DevTools protocol, which the app's CSP (no inline scripts) rightly
// does not cover; a <script> tag would be refused.
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Audits the page as it is now; fails listing every serious or critical violation. */
export async function audit(page, name) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.evaluate(AXE);
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n  ")}`)
    .join("\n");
  assert.equal(bad.length, 0, `axe on ${name}:\n${report}`);
  return result;
}

/** Turns elder mode on before the app loads (the preference the toggle remembers). */
export async function elderBeforeLoad(page) {
  await page.addInitScript(() => localStorage.setItem("tongban.elder", "true"));
}
