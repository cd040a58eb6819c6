// Step helpers for the end-to-end suite: a real gateway on a free port with a fresh SQLite
// database, and Debian's Chromium driven by playwright-core on a phone-sized, touch viewport.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, "..", "..");
/** Screenshots and failure evidence (page console log, last screen) land here. */
export const ARTIFACTS = process.env.TONGBAN_ARTIFACTS ?? join(ROOT, "tests", "artifacts");

/** Starts tongban-gateway --dev on 127.0.0.1:0 over a fresh SQLite file; resolves to { url, operatorToken, stop, logs }. */
export async function startGateway(env = {}) {
  const bin = process.env.TONGBAN_GATEWAY_BIN ?? join(ROOT, "target", "debug", "tongban-gateway");
  const data = mkdtempSync(join(tmpdir(), "tongban-e2e-"));
  const child = spawn(bin, ["--dev"], {
    env: {
      ...process.env,
      TONGBAN_ADDR: "127.0.0.1:0",
      TONGBAN_DATABASE_URL: `sqlite://${data}/tongban.db`,
      TONGBAN_DATA_DIR: data, // uploads land beside the database, never in the checkout
      TONGBAN_STATIC_DIR: process.env.TONGBAN_STATIC_DIR ?? join(ROOT, "dist"),
      RUST_LOG: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let logs = "";
  let operatorToken = null; // the dev clerk (all regions) that --dev creates and prints
  child.stderr.on("data", (d) => (logs += d));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${logs}`)), 30_000);
    child.stdout.on("data", (d) => {
      out += d;
      logs += d;
      const m = out.match(/serving at (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
      const t = out.match(/Dev operator token \(this run only\): (\S+)/);
      if (t) operatorToken = t[1];
    });
    child.on("exit", (code) => reject(new Error(`gateway exited with ${code}:\n${logs}`)));
  });
  return {
    url,
    data,
    operatorToken,
    logs: () => logs,
    stop: () => new Promise((resolve) => {
      child.removeAllListeners("exit");
      child.on("exit", resolve);
      child.kill("SIGTERM");
    }),
  };
}

/**
 * One gateway (with `env`) and one browser for a test file: started before its tests, stopped
 * after them. Read them as `s.gateway` and `s.browser` inside the tests.
 */
export function suite(env = {}) {
  const s = { gateway: null, browser: null };
  before(async () => {
    s.gateway = await startGateway(env);
    s.browser = await launchBrowser();
  });
  after(async () => {
    await s.browser?.close();
    await s.gateway?.stop();
  });
  return s;
}

/** Headless Chromium with this workplace's flags (pkg-scripts/lib/chromium-flags.txt). */
export async function launchBrowser() {
  const args = readFileSync(join(ROOT, "pkg-scripts", "lib", "chromium-flags.txt"), "utf8")
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#") && l !== "--headless");
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args });
}

/** A 390x844 phone: touch, device scale 3, a mobile user agent. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: "zh-CN",
  userAgent:
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
};

/** Opens a phone page that records its console, so a failing test can leave it behind. */
export async function phonePage(browser, options = {}) {
  const context = await browser.newContext({ ...PHONE, ...options });
  const page = await context.newPage();
  page.consoleLines = [];
  page.on("console", (m) => page.consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => page.consoleLines.push(`[pageerror] ${e.message}`));
  return page;
}

/** Saves a named screenshot for reviewers (tests/artifacts/screenshots/NAME.png). */
export async function screenshot(page, name) {
  const dir = join(ARTIFACTS, "screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Runs a test body; on failure leaves the screen and console log in tests/artifacts/failures/. */
export async function withEvidence(t, page, body) {
  try {
    await body();
  } catch (err) {
    const dir = join(ARTIFACTS, "failures");
    mkdirSync(dir, { recursive: true });
    const name = t.name.replace(/[^\w\u4e00-\u9fff-]+/g, "_");
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true }).catch(() => {});
    writeFileSync(join(dir, `${name}.console.log`), page.consoleLines.join("\n"));
    throw err;
  }
}

/** Waits until the wasm app has mounted (the static skeleton has no elder-mode switch). */
export async function appReady(page) {
  await page.locator("button.elder-toggle").waitFor({ state: "visible", timeout: 20_000 });
}
