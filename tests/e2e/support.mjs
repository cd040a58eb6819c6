// Step helpers for the end-to-end suite, run by Playwright Test (tests/playwright.config.mjs):
// a real gateway on a free port with a fresh SQLite database — or, with `pkg-scripts/qa --url`,
// the deployment at TONGBAN_QA_URL — and Debian's Chromium on a phone-sized, touch viewport
// shaped by the Playwright project (plain phone, WeChat, Alipay, 浙里办, elder, small Android).
//
// The test files keep the shape they had under node:test: `test(name, [options], async (t) => …)`,
// `before`/`after`, `suite()`, `phonePage`, `screenshot`, `withEvidence` all come from here, so a
// node:test file converts by changing its import line (tests/e2e/README.md).
import { spawn } from "node:child_process";
import { createHmac, createPrivateKey, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { test as base } from "@playwright/test";
import { chromium } from "playwright-core";
import { HOSTS } from "./hosts.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, "..", "..");
/** Screenshots and failure evidence (page console log, last screen) land here. */
export const ARTIFACTS = process.env.TONGBAN_ARTIFACTS ?? join(ROOT, "tests", "artifacts");

/** `pkg-scripts/qa --url`: the deployment under test, instead of gateways started here. */
export const QA_URL = process.env.TONGBAN_QA_URL?.replace(/\/+$/, "") || null;
const QA_OPERATOR = process.env.TONGBAN_QA_OPERATOR_TOKEN || null;
/**
 * Who signs tickets here against a deployment (--url only), as its --dev would: the QA
 * integrator's Ed25519 key registered with it (TONGBAN_QA_TICKET_KEY: PKCS#8 PEM, PKCS#8 DER in
 * base64, or the 32-byte seed in hex; TONGBAN_QA_TICKET_KID its kid; TONGBAN_QA_TICKET_ISS its
 * iss, default `qa`; TONGBAN_QA_TICKET_AUD the deployment's audience, default `tongban`), or,
 * during the deployment's v1 transition, its old TONGBAN_TICKET_SECRET.
 */
const QA_TICKET_SIGNER = (QA_URL && qaSigner()) || null;
/** The deployment's ID-hash key, so tickets signed here carry a real-name identity (`idh`). */
const QA_ID_HASH_KEY = process.env.TONGBAN_QA_ID_HASH_KEY || null;

/** The real-name claims of `idNumber` as an integrator's backend makes them (docs/integrators.md). */
function qaIdentity(idNumber) {
  if (!QA_ID_HASH_KEY || !idNumber) return {};
  const id = idNumber.replace(/\s/g, "").toUpperCase();
  return { idh: createHmac("sha256", QA_ID_HASH_KEY).update(id).digest("hex"), idt: id.slice(-4), nm: "张*" };
}
export const NEEDS_OPERATOR = "needs an operator: set TONGBAN_QA_OPERATOR_TOKEN (a clerk of the deployment)";
export const NEEDS_TICKETS = "needs dev tickets: the deployment does not run --dev; set TONGBAN_QA_TICKET_KEY and TONGBAN_QA_TICKET_KID (a key registered with it), or TONGBAN_TICKET_SECRET during its v1 transition, to sign them";

function qaSigner() {
  const key = process.env.TONGBAN_QA_TICKET_KEY;
  if (key) {
    return {
      privateKey: ed25519PrivateKey(key),
      kid: process.env.TONGBAN_QA_TICKET_KID || "qa-1",
      iss: process.env.TONGBAN_QA_TICKET_ISS || "qa",
      aud: process.env.TONGBAN_QA_TICKET_AUD || "tongban",
    };
  }
  return process.env.TONGBAN_TICKET_SECRET || null;
}

/** An Ed25519 private key from PKCS#8 PEM, PKCS#8 DER in base64, or a 32-byte seed in hex. */
export function ed25519PrivateKey(text) {
  const t = text.trim();
  if (t.startsWith("-----BEGIN")) return createPrivateKey(t);
  if (/^[0-9a-fA-F]{64}$/.test(t)) {
    // PKCS#8 of an Ed25519 seed: a fixed 16-byte prefix (RFC 8410), then the 32 bytes.
    const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(t, "hex")]);
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  }
  return createPrivateKey({ key: Buffer.from(t, "base64"), format: "der", type: "pkcs8" });
}

/**
 * A shell integrator made for this run: its own Ed25519 key. `issuers` is the line that
 * registers its public key with a gateway (TONGBAN_TICKET_ISSUERS, docs/integrators.md).
 */
export function testIntegrator(iss = "e2e", shells = "wechat,alipay,provincial,browser") {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const kid = `${iss}-${randomUUID().slice(0, 8)}`;
  const spki = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  return { privateKey, kid, iss, aud: "tongban", issuers: `iss=${iss} kid=${kid} shells=${shells} units key=${spki}` };
}

/**
 * A v2 ticket (docs/integrators.md): `v2.<header>.<claims>.<sig>`, base64url without padding,
 * the Ed25519 signature over `v2.<header>.<claims>`; `iss` and `aud` added from the signer.
 */
export function signTicketV2({ privateKey, kid, iss, aud = "tongban" }, claims) {
  const b64 = (text) => Buffer.from(text).toString("base64url");
  const signed = `v2.${b64(JSON.stringify({ alg: "Ed25519", kid }))}.${b64(JSON.stringify({ iss, aud, ...claims }))}`;
  return `${signed}.${sign(null, Buffer.from(signed), privateKey).toString("base64url")}`;
}

/**
 * Starts tongban-gateway --dev on 127.0.0.1:0 over a fresh SQLite file; resolves to
 * { url, operatorToken, stop, logs }. With --url: the deployment instead, and a caller that
 * asks for settings of its own (`env`) is skipped, naming them.
 */
export async function startGateway(env = {}) {
  if (QA_URL) {
    const own = Object.keys(env);
    if (own.length) base.skip(true, `starts a gateway of its own (${own.join(", ")}); not with --url`);
    return remoteGateway();
  }
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
      child.on("exit", () => {
        rmSync(data, { recursive: true, force: true }); // the run's database and uploads
        resolve();
      });
      child.kill("SIGTERM");
    }),
  };
}

/** The deployment at QA_URL, shaped like a started gateway; reading `operatorToken` without one skips. */
function remoteGateway() {
  return {
    url: QA_URL,
    data: null,
    remote: true,
    get operatorToken() {
      if (!QA_OPERATOR) base.skip(true, NEEDS_OPERATOR);
      return QA_OPERATOR;
    },
    logs: () => "",
    stop: async () => {},
  };
}

/**
 * A Tongban shell ticket for a new citizen: `v2` signed by `signer` (an integrator's key, see
 * signTicketV2), or the old `v1` when `signer` is a shared secret (a string).
 */
export function signTicket(signer, shell = "browser", sub = `qa-${randomUUID()}`, ttl = 600, extra = {}) {
  const claims = { sub, shell, exp: Math.floor(Date.now() / 1000) + ttl, jti: randomUUID(), ...extra };
  if (typeof signer !== "string") return signTicketV2(signer, claims);
  const secret = signer;
  const b64 = (buf) => Buffer.from(buf).toString("base64url");
  const payload = b64(JSON.stringify(claims));
  const sig = b64(createHmac("sha256", secret).update(`v1.${payload}`).digest());
  return `v1.${payload}.${sig}`;
}

/**
 * A ticket for a new citizen: the gateway's /session/dev-ticket (--dev), or, against a deployment
 * without it, one signed here with the QA integrator's key (TONGBAN_QA_TICKET_KEY) or the old
 * TONGBAN_TICKET_SECRET; without either the test is skipped.
 */
/**
 * The real-name claims (`idh`, `nm`, `idt`) of `idNumber` as the `--dev` gateway at `url` makes
 * them (its ID-hash key is its own): what a test standing in for an integrator's backend puts in
 * the tickets it signs after its "real-name check".
 */
export async function devIdentity(url, idNumber = SELF_ID) {
  const res = await fetch(`${url}/api/v1/session/dev-ticket`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id_number: idNumber }),
  });
  if (!res.ok) throw new Error(`dev identity: ${res.status} ${await res.text()}`);
  const { ticket } = await res.json();
  const claims = JSON.parse(Buffer.from(ticket.split(".")[2], "base64url").toString());
  return { idh: claims.idh, nm: claims.nm, idt: claims.idt };
}

export async function devTicket(url, shell = "browser", idNumber = SELF_ID) {
  const res = await fetch(`${url}/api/v1/session/dev-ticket`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shell, id_number: idNumber }),
  });
  if (res.ok) return (await res.json()).ticket;
  if (res.status === 404 && QA_TICKET_SIGNER) return signTicket(QA_TICKET_SIGNER, shell, undefined, 600, qaIdentity(idNumber));
  if (res.status === 404 && QA_URL) base.skip(true, NEEDS_TICKETS);
  throw new Error(`dev ticket: ${res.status} ${await res.text()}`);
}

// ---- The runner: Playwright Test, in node:test's shape ----

/** The running test: its TestInfo and the pages it opened (for the failure evidence). */
let current = null;
let workerBrowser = null;

const pw = base.extend({
  // Every test: remembers its TestInfo; on failure attaches each page's last screen, console log
  // and last network requests to the report (the trace comes from the config's `trace` option).
  evidence: [async ({ browser }, use, info) => {
    workerBrowser = browser;
    current = { info, pages: [] };
    await use(current);
    if (info.status !== info.expectedStatus) {
      for (const [i, page] of current.pages.entries()) {
        const n = current.pages.length > 1 ? ` (page ${i + 1})` : "";
        if (!page.isClosed()) {
          const png = await page.screenshot({ fullPage: true, timeout: 5_000 }).catch(() => null);
          if (png) await info.attach(`last screen${n}`, { body: png, contentType: "image/png" });
        }
        await info.attach(`console log${n}`, { body: page.consoleLines.join("\n") || "(empty)", contentType: "text/plain" });
        await info.attach(`last network requests${n}`, { body: page.networkLines.join("\n") || "(none)", contentType: "text/plain" });
      }
    }
    current = null;
  }, { auto: true }],
});

/** What a node:test-style body gets as `t`. */
function context(info) {
  return {
    name: info.title,
    info,
    skip: (why) => base.skip(true, why),
    diagnostic: (text) => info.annotations.push({ type: "diagnostic", description: text }),
  };
}

/** Where test() was called from: the test file's frame, as V8 reports it. */
function callerFrame() {
  const [prepare, limit] = [Error.prepareStackTrace, Error.stackTraceLimit];
  Error.prepareStackTrace = (_, frames) => frames;
  Error.stackTraceLimit = 3;
  const holder = {};
  Error.captureStackTrace(holder, callerFrame);
  const frames = holder.stack;
  [Error.prepareStackTrace, Error.stackTraceLimit] = [prepare, limit];
  const f = frames[1]; // [0] is test() here, [1] its caller
  return f && { file: f.getFileName(), line: f.getLineNumber(), column: f.getColumnNumber() };
}

/**
 * Calls `declare(...args)` from a function compiled as if it sat at `at` in the test file (a vm
 * script with that file name and offsets), so that Playwright, which takes a test's location from
 * its direct caller, shows the test file's line in the report rather than this helper's.
 */
function declareAt(at, declare, ...args) {
  if (!at?.file) return declare(...args);
  const call = new vm.Script("(f, a) => f(...a)", {
    filename: at.file, lineOffset: at.line - 1, columnOffset: Math.max(0, at.column - 11),
  }).runInThisContext();
  return call(declare, args);
}

/**
 * Declares a test as node:test does: `test(name, [options], async (t) => …)`; options `timeout`
 * (ms, when longer than the config's), `skip` (true or a reason), `todo`, `only`.
 */
export function test(name, options, body) {
  const at = callerFrame();
  if (typeof options === "function") [options, body] = [{}, options];
  // eslint-disable-next-line no-unused-vars
  const run = async ({ evidence }, info) => {
    if (options.timeout && options.timeout > info.timeout) info.setTimeout(options.timeout);
    await body(context(info));
  };
  if (options.skip) {
    const why = typeof options.skip === "string" ? options.skip : "";
    return declareAt(at, pw, name, async () => base.skip(true, why));
  }
  if (options.todo) return declareAt(at, pw.fixme, name, run);
  return declareAt(at, options.only ? pw.only : pw, name, run);
}

/** Runs before the file's tests (Playwright's beforeAll): start gateways, package bundles. */
export function before(fn) {
  pw.beforeAll(async ({ browser }, info) => {
    workerBrowser = browser;
    info.setTimeout(Math.max(info.timeout, 180_000));
    await fn();
  });
}

/** Runs after the file's tests. */
export function after(fn) {
  pw.afterAll(async () => fn());
}

/** Runs before / after each test of the file (or of the describe group). */
export function beforeEach(fn) {
  pw.beforeEach(async () => fn());
}
export function afterEach(fn) {
  pw.afterEach(async () => fn());
}

/** A group of tests (node:test's describe); `it` is `test`. */
export const describe = (name, fn) => pw.describe(name, fn);
export const it = test;

/** A named step of a journey in the report (test.step); outside a test it just runs. */
export function step(name, fn) {
  return current ? base.step(name, fn) : fn();
}

/** The running Playwright project's metadata: { device, host, elder } (playwright.config.mjs). */
export function project() {
  return current?.info.project.metadata ?? {};
}

// ---- Gateways and browsers ----

/**
 * One gateway (with `env`) and one browser for a test file: started before its tests, stopped
 * after them. Read them as `s.gateway` and `s.browser` inside the tests. With --url the gateway
 * is the deployment; a file that needs a gateway with settings of its own, or a fresh one
 * (`{ fresh: "why" }`: its own rate limits, counts from zero), is skipped there, with the reason.
 */
export function suite(env = {}, { fresh } = {}) {
  const s = { gateway: null, browser: null };
  before(async () => {
    if (QA_URL && fresh) base.skip(true, `needs a fresh gateway of its own (${fresh}); not with --url`);
    s.gateway = await startGateway(env);
    s.browser = await launchBrowser();
  });
  after(async () => {
    await s.browser?.close();
    await s.gateway?.stop();
  });
  return s;
}

/**
 * Headless Chromium with this workplace's flags: under Playwright Test the worker's browser
 * (the config launches it with pkg-scripts/lib/chromium-flags.txt; its close() here leaves it to
 * the worker), else a browser of its own.
 */
export async function launchBrowser() {
  if (workerBrowser) {
    return new Proxy(workerBrowser, {
      get: (target, prop) => {
        if (prop === "close") return async () => {};
        const v = target[prop];
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  }
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: chromiumArgs() });
}

/** pkg-scripts/lib/chromium-flags.txt without --headless (the launcher adds its own). */
export function chromiumArgs() {
  return readFileSync(join(ROOT, "pkg-scripts", "lib", "chromium-flags.txt"), "utf8")
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#") && l !== "--headless");
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

/** The real-name person of a page unless a test names another: the applicant of the journeys. */
export const SELF_ID = "11010519491231002X";
/** Someone else, with a valid ID of their own: a page that looks up another person's receipt. */
export const OTHER_ID = "110105194912310038";

/**
 * Opens a phone page shaped by the project (device, simulated host, elder mode) that records its
 * console and its last network requests, so a failing test can leave them behind.
 */
export async function phonePage(browser, options = {}) {
  const p = project();
  const host = p.host ? HOSTS[p.host] : null;
  // `realNameAs`: the person's name as the dev backend's real-name check gives it (masked there).
  const { realName = SELF_ID, realNameAs, ...contextOptions } = options;
  const context = await browser.newContext({
    ...PHONE, ...(p.device ?? {}), ...(host ? { userAgent: host.userAgent } : {}), ...contextOptions,
  });
  const page = await context.newPage();
  if (host) await page.addInitScript(host.script);
  if (p.elder) await page.addInitScript(() => localStorage.setItem("tongban.elder", "true"));
  // The page's citizen is a real-name person the test knows, so it types their own ID number:
  // the dev backend is asked for that identity (`realName: false`, none at all).
  await page.route("**/api/v1/session/dev-ticket", async (route) => {
    const body = route.request().postDataJSON() ?? {};
    const identity = realName === false ? { real_name: false } : { id_number: realName, ...(realNameAs ? { name: realNameAs } : {}) };
    await route.fallback({ postData: JSON.stringify({ ...body, ...identity }) });
  });
  if (QA_TICKET_SIGNER) {
    // A deployment without --dev: its dev tickets signed here, as its --dev would sign them.
    await page.route("**/api/v1/session/dev-ticket", async (route) => {
      const shell = route.request().postDataJSON()?.shell ?? "browser";
      const identity = realName === false ? {} : qaIdentity(realName);
      await route.fulfill({ json: { ticket: signTicket(QA_TICKET_SIGNER, shell, undefined, 600, identity) } });
    });
  }
  page.consoleLines = [];
  page.networkLines = [];
  page.askedForMissingTickets = false;
  page.on("console", (m) => page.consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => page.consoleLines.push(`[pageerror] ${e.message}`));
  const net = (line) => {
    page.networkLines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (page.networkLines.length > 50) page.networkLines.shift();
  };
  page.on("requestfinished", async (r) => {
    const res = await r.response().catch(() => null);
    net(`${r.method()} ${r.url()} → ${res?.status() ?? "?"}`);
    if (QA_URL && !QA_TICKET_SIGNER && res?.status() === 404 && r.url().endsWith("/api/v1/session/dev-ticket")) {
      // No session can come: end the page now, so the test's waits stop and withEvidence skips it.
      page.askedForMissingTickets = true;
      await page.close().catch(() => {});
    }
  });
  page.on("requestfailed", (r) => net(`${r.method()} ${r.url()} ✗ ${r.failure()?.errorText ?? "failed"}`));
  current?.pages.push(page);
  return page;
}

/**
 * Saves a named screenshot for reviewers (tests/artifacts/screenshots/NAME.png; in a project other
 * than the plain phone PROJECT-NAME.png) and attaches it, as a step, to the test in the report.
 */
export async function screenshot(page, name) {
  const proj = current?.info.project.name;
  const file = proj && proj !== "phone" ? `${proj}-${name}` : name;
  const dir = join(ARTIFACTS, "screenshots");
  mkdirSync(dir, { recursive: true });
  await step(`screenshot: ${name}`, async () => {
    const path = join(dir, `${file}.png`);
    await page.screenshot({ path, fullPage: true });
    await current?.info.attach(name, { path, contentType: "image/png" });
  });
}

/**
 * Runs a test body; on failure leaves the screen and console log in tests/artifacts/failures/
 * (the report has them too). Against a deployment without dev tickets, a body that failed after
 * the app asked for one is skipped instead, with the reason.
 */
export async function withEvidence(t, page, body) {
  try {
    await body();
  } catch (err) {
    if (page.askedForMissingTickets && !QA_TICKET_SIGNER) base.skip(true, NEEDS_TICKETS);
    const dir = join(ARTIFACTS, "failures");
    mkdirSync(dir, { recursive: true });
    const name = t.name.replace(/[^\w\u4e00-\u9fff-]+/g, "_");
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true }).catch(() => {});
    writeFileSync(join(dir, `${name}.console.log`), page.consoleLines.join("\n"));
    throw err;
  }
}

/**
 * Holds every request `matches` names (what `page.route` takes: a glob, a RegExp or a test of
 * the URL) until the returned function is called: a slow network, released on the test's cue.
 */
export async function holdRequests(page, matches) {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(matches, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Waits until the wasm app has mounted (the static skeleton has no elder-mode switch). */
export async function appReady(page) {
  await page.locator("button.elder-toggle").waitFor({ state: "visible", timeout: 20_000 });
}
