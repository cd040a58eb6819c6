// The runner's self-test (qa/runner.test.mjs): the racy test alone, with the suite's retry policy
// and reporters (tests/playwright.config.mjs), into the artifacts folder the self-test names.
import { defineConfig } from "@playwright/test";
import suite from "../../playwright.config.mjs";

const out = process.env.TONGBAN_ARTIFACTS;
export default defineConfig({
  testDir: ".",
  testMatch: /racy\.spec\.mjs$/,
  outputDir: `${out}/test-results`,
  retries: suite.retries,
  workers: 1,
  reporter: [["json", { outputFile: `${out}/report.json` }], ["../summary-reporter.mjs"]],
});
