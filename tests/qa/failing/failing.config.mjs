// The runner's self-test (qa/runner.test.mjs): a journey that fails on purpose, on the plain phone,
// with the suite's retries, trace and reporters, into the artifacts folder the self-test names.
import { defineConfig } from "@playwright/test";
import suite from "../../playwright.config.mjs";

const out = process.env.TONGBAN_ARTIFACTS;
export default defineConfig({
  ...suite,
  testDir: ".",
  outputDir: `${out}/test-results`,
  workers: 1,
  reporter: [["json", { outputFile: `${out}/report.json` }], ["html", { outputFolder: `${out}/report`, open: "never" }], ["../summary-reporter.mjs"]],
  projects: [{ name: "phone", testMatch: /fails\.spec\.mjs$/, metadata: {} }],
});
