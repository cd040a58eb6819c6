// iOS's engine for the QA suite: WebKitGTK (the engine of every iOS web-view, WKWebView) driven
// through its WebDriver (WebKitWebDriver, Debian's webkit2gtk-driver) by webdriverio, in a
// virtual X display (Xvfb). Fixtures for Playwright Test: per worker one display, one driver and
// one gateway (or the --url deployment); per test a fresh browser session on a phone-sized window
// with an iPhone user agent. Screenshots and steps go to the same report as the Chromium projects.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { test as base } from "@playwright/test";
import { remote } from "webdriverio";
import { ARTIFACTS, startGateway } from "../e2e/support.mjs";

export const MINIBROWSER = process.env.TONGBAN_MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
export const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
/** How long a state may take to arrive in WebKitGTK before a wait fails (it is slower than Chromium here). */
export const WAIT = 20_000;

const freePort = () => new Promise((resolve, reject) => {
  const srv = createServer();
  srv.on("error", reject);
  srv.listen(0, "127.0.0.1", () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
});

/** A child process that is killed with the worker. */
function child(cmd, args, options) {
  const p = spawn(cmd, args, options);
  p.on("error", () => {});
  return p;
}

async function startDriver() {
  const xvfb = child("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "ignore", "ignore", "pipe"],
  });
  const display = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("Xvfb gave no display (apt-get install xvfb)")), 15_000);
    xvfb.stdio[3].on("data", (d) => { clearTimeout(timer); resolve(String(d).trim()); });
    xvfb.on("exit", (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  const port = await freePort();
  let logs = "";
  const driver = child("WebKitWebDriver", [`--port=${port}`, "--host=127.0.0.1"], {
    env: { ...process.env, DISPLAY: `:${display}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  driver.stdout.on("data", (d) => (logs += d));
  driver.stderr.on("data", (d) => (logs += d));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not start (apt-get install webkit2gtk-driver):\n${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    logs: () => logs,
    stop: () => { driver.kill(); xvfb.kill(); },
  };
}

export const test = base.extend({
  wkDriver: [async ({}, use) => {
    const d = await startDriver();
    await use(d);
    d.stop();
  }, { scope: "worker", timeout: 60_000 }],
  gateway: [async ({}, use) => {
    const g = await startGateway();
    await use(g);
    await g.stop();
  }, { scope: "worker", timeout: 60_000 }],
  /** A fresh MiniBrowser session: 390 px wide, an iPhone user agent. */
  wk: async ({ wkDriver }, use, info) => {
    const b = await remote({
      hostname: "127.0.0.1",
      port: wkDriver.port,
      logLevel: "error",
      connectionRetryCount: 0,
      capabilities: {
        browserName: "MiniBrowser",
        "wdio:enforceWebDriverClassic": true, // WebKitGTK speaks classic WebDriver, not BiDi
        "webkitgtk:browserOptions": {
          binary: MINIBROWSER,
          args: ["--automation", `--user-agent=${IPHONE}`, "--enable-write-console-messages-to-stdout=true"],
        },
      },
    });
    await b.setWindowSize(390, 844).catch(() => {});
    await use(b);
    if (info.status !== info.expectedStatus) {
      const png = await b.takeScreenshot().catch(() => null);
      if (png) await info.attach("last screen", { body: Buffer.from(png, "base64"), contentType: "image/png" });
      const url = await b.getUrl().catch(() => "?");
      const html = await b.getPageSource().catch(() => "");
      await info.attach("last page", { body: `${url}\n\n${html}`, contentType: "text/plain" });
      await info.attach("driver log", { body: wkDriver.logs().slice(-20_000) || "(empty)", contentType: "text/plain" });
    }
    await b.deleteSession().catch(() => {});
  },
});

/** A step of the journey with its screenshot (tests/artifacts/screenshots/webkit-NAME.png, and the report). */
export async function shot(b, name) {
  await test.step(`screenshot: ${name}`, async () => {
    const png = Buffer.from(await b.takeScreenshot(), "base64");
    const dir = join(ARTIFACTS, "screenshots");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `webkit-${name}.png`), png);
    await test.info().attach(name, { body: png, contentType: "image/png" });
  });
}

/** Waits, up to WAIT, for `read()` to satisfy `holds`; fails naming `what` and the last value. */
export async function until(read, holds, what) {
  const deadline = Date.now() + WAIT;
  let last;
  for (;;) {
    try { last = await read(); } catch (e) { last = `(${e.message.split("\n")[0]})`; }
    if (holds(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: after ${WAIT} ms it is ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
