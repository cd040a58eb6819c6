// A journey that fails on purpose, for the self-test of the runner (qa/runner.test.mjs) only: its
// report must carry what a tester needs to see why — the step's screenshot, the last screen, the
// page's console log, its last network requests and a trace — on each of its two attempts.
import { phonePage, screenshot, step, suite, test, withEvidence } from "../../e2e/support.mjs";
import { expectText } from "../../e2e/expect.mjs";
import { open } from "../../e2e/journey-steps.mjs";

const s = suite();

test("a journey whose page never shows what it waits for", async (t) => {
  const page = await phonePage(s.browser);
  await withEvidence(t, page, async () => {
    await step("home", async () => {
      await open(page, s.gateway.url);
      await page.evaluate(() => console.log("the page speaks"));
      await screenshot(page, "selftest-home");
    });
    await step("wait for a title the page never has", async () => {
      await expectText(page.locator("#home-title"), "这个标题不存在", "a title that is not there");
    });
  });
});
