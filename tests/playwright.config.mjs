// The browser journeys (tests/e2e) as Playwright Test projects: one per shell and device, the
// same core journeys in each, all of them on the plain phone; and iOS's engine (WebKitGTK through
// its WebDriver, tests/webkit). Debian's Chromium only, never a downloaded browser. Run it with
// `pkg-scripts/qa` (docs/qa.md); the report lands in tests/artifacts/report/.
import { defineConfig } from "@playwright/test";
import { ARTIFACTS, chromiumArgs } from "./e2e/support.mjs";

const SMALL_ANDROID = "Mozilla/5.0 (Linux; Android 10; Redmi 8A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.104 Mobile Safari/537.36";
/** The journeys every shell and device runs (the plain phone runs every file). */
const CORE = /e2e\/core\.test\.mjs$/;

export default defineConfig({
  testDir: ".",
  outputDir: `${ARTIFACTS}/test-results`,
  timeout: 120_000,
  retries: 1,
  workers: Number(process.env.TONGBAN_QA_WORKERS ?? 2),
  reporter: [
    [process.env.CI ? "line" : "list"],
    ["html", { outputFolder: `${ARTIFACTS}/report`, open: "never" }],
    ["json", { outputFile: `${ARTIFACTS}/report.json` }],
    ["./qa/summary-reporter.mjs"],
  ],
  use: {
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs() },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "phone", testMatch: /e2e\/.*\.test\.mjs$/, testIgnore: /e2e\/expect\.test\.mjs$/, metadata: {} },
    { name: "wechat", testMatch: CORE, metadata: { host: "wechat" } },
    { name: "alipay", testMatch: CORE, metadata: { host: "alipay" } },
    { name: "zlb", testMatch: CORE, metadata: { host: "zlb" } },
    { name: "elder", testMatch: CORE, metadata: { elder: true } },
    {
      name: "android-small", testMatch: CORE,
      metadata: { device: { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, userAgent: SMALL_ANDROID } },
    },
    // iOS's engine: WebKitGTK through WebKitWebDriver (tests/webkit/wk.mjs); no Chromium, no trace.
    { name: "webkit", testMatch: /webkit\/.*\.test\.mjs$/, timeout: 240_000, use: { trace: "off" } },
  ],
});
