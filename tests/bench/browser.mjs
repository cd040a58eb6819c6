// Browser benchmarks for pkg-scripts/bench (not part of the test run): startup under CPU and
// network throttling, one keystroke's handling + re-render, a 5,000-item catalogue. Drives
// Debian's Chromium through playwright-core on the e2e suite's phone (390×844, touch, scale 3)
// against a real gateway (SQLite, fresh), and writes one JSON file: node browser.mjs OUT.json
import { writeFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { startGateway, launchBrowser, PHONE } from "../e2e/support.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
let listingBytes = null; // the last big page's catalogue block, as written (withCatalogInPage)
const KEYS = Number(process.env.BENCH_KEYS ?? 60);
// Chrome DevTools' "Slow 4G" preset (Lighthouse's mobile profile): 562.5 ms RTT, 1.6 Mbit/s
// down and 750 kbit/s up, each × 0.9.
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6e6 * 0.9) / 8,
  uploadThroughput: (750e3 * 0.9) / 8,
};

// Installed before any page script: when things first appear, in ms since navigation start.
// textContent (not innerText) so the observer never forces a layout itself.
const MARKS = () => {
  window.__marks = {};
  new MutationObserver(() => {
    const m = window.__marks;
    const t = performance.now();
    if (m.mounted === undefined && document.querySelector("button.elder-toggle")) m.mounted = t;
    if (m.items === undefined && document.querySelector(".item-card")) m.items = t;
    if (m.notFound === undefined && document.querySelector(".not-found")) m.notFound = t;
    if (window.__waitText && m.text === undefined && !document.querySelector(".boot")
        && document.querySelector("main, #app")?.textContent.includes(window.__waitText)
        && !document.querySelector(".item-card")) m.text = t;
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

const median = (xs) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
const r2 = (x) => (x == null ? null : Math.round(x * 100) / 100);

async function openPage(browser, { cpu = 1, network = null, waitText = null } = {}) {
  const context = await browser.newContext(PHONE); // a fresh context: a cold cache every run
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  if (network) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", network);
  }
  if (waitText) await page.addInitScript((t) => (window.__waitText = t), waitText);
  await page.addInitScript(MARKS);
  return { context, page };
}

async function waitMark(page, name, timeout) {
  try {
    await page.waitForFunction((n) => window.__marks?.[n] !== undefined, name, { timeout, polling: 50 });
    return await page.evaluate((n) => window.__marks[n], name);
  } catch {
    return null;
  }
}

async function timings(page) {
  return page.evaluate(() => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
    const res = performance.getEntriesByType("resource");
    const end = (part) => res.find((r) => r.name.includes(part))?.responseEnd ?? null;
    const doc = performance.getEntriesByType("navigation")[0]?.responseEnd ?? null;
    return { fcp, doc, wasm: end(".wasm"), catalog: end("/api/v1/catalog") };
  });
}

/** Home: first paint, the wasm app mounted (interactive), the region's items listed. */
async function startupHome(browser, gw) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await openPage(browser, { cpu: 4, network: SLOW_4G });
    await page.goto(gw.url, { waitUntil: "commit" });
    const mounted = await waitMark(page, "mounted", 60_000);
    const items = await waitMark(page, "items", 60_000);
    runs.push({ ...(await timings(page)), mounted, items });
    await context.close();
  }
  return { runs, median: Object.fromEntries(["fcp", "wasm", "mounted", "items"].map((k) => [k, r1(median(runs.map((r) => r[k])))])) };
}

/** The item guide, opened directly (a shared link): until the item's name is on the page. */
async function startupGuide(browser, gw, region, item) {
  const info = await (await fetch(`${gw.url}/api/v1/items/${item}?region=${region}`)).json();
  const path = `/items/${region}/${item}`;
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await openPage(browser, { cpu: 4, network: SLOW_4G, waitText: info.name });
    await page.goto(gw.url + path, { waitUntil: "commit" });
    const mounted = await waitMark(page, "mounted", 60_000);
    const text = await waitMark(page, "text", 15_000);
    const notFound = await page.evaluate(() => window.__marks.notFound ?? null);
    runs.push({ ...(await timings(page)), mounted, guide: text, notFound });
    await context.close();
    if (text == null) break; // no guide page (yet): one run says so
  }
  const present = runs.every((r) => r.guide != null);
  return { path, item_name: info.name, present, runs,
    median: Object.fromEntries(["fcp", "wasm", "mounted", "guide"].map((k) => [k, r1(median(runs.map((r) => r[k])))])) };
}

/** Everything the home page loads, as sent over the wire (the encoding the browser got). */
async function firstLoad(browser, gw) {
  const { context, page } = await openPage(browser);
  const seen = [];
  page.on("requestfinished", async (req) => {
    const res = await req.response();
    const sizes = await req.sizes();
    seen.push({ url: req.url().replace(gw.url, ""), status: res.status(),
      encoding: res.headers()["content-encoding"] ?? "identity", bytes: sizes.responseBodySize });
  });
  await page.goto(gw.url);
  await waitMark(page, "items", 30_000);
  await page.waitForLoadState("networkidle");
  await context.close();
  return { requests: seen, total_bytes: seen.reduce((a, r) => a + r.bytes, 0) };
}

/** Sets an input's value and fires `input`; the time until the app's update and the browser's
 * style + layout are done: a macrotask after the event (Yew renders in a microtask), then a
 * forced layout. Returns per-sample ms and what each sample left on the page. */
async function keystrokes(page, selector, values, count, probe) {
  return page.evaluate(async ({ selector, values, count, probe }) => {
    const input = document.querySelector(selector);
    const macrotask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
    const out = [];
    for (let i = 0; i < count; i++) {
      const value = values[i % values.length];
      const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
      native.call(input, value);
      const t0 = performance.now();
      input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: value.slice(-1) }));
      await macrotask();
      void document.body.offsetHeight;
      const ms = performance.now() - t0;
      out.push({ value, ms, seen: document.querySelectorAll(probe).length });
      await macrotask();
    }
    return out;
  }, { selector, values, count, probe });
}

/** Lets the page finish what it loads after the first render (session, notifications). */
async function settle(page) {
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.waitForTimeout(500);
}

function byValue(samples) {
  const groups = {};
  for (const s of samples) (groups[s.value] ??= []).push(s);
  return Object.fromEntries(Object.entries(groups).map(([v, ss]) => [v || "(cleared)", { median_ms: r2(median(ss.map((s) => s.ms))), shown: ss[0].seen, n: ss.length }]));
}

/** One keystroke in the home search (filter + re-render), unthrottled and at 4× CPU. */
async function searchKeystroke(browser, gw) {
  const out = {};
  for (const cpu of [1, 4]) {
    const { context, page } = await openPage(browser, { cpu });
    await page.goto(gw.url);
    await waitMark(page, "items", 30_000);
    await settle(page);
    const samples = await keystrokes(page, "#search", ["备", "备案", "报", "报销", ""], KEYS, ".item-card");
    out[`cpu${cpu}x`] = { median_ms: r2(median(samples.map((s) => s.ms))), by_value: byValue(samples) };
    await context.close();
  }
  return out;
}

/** The first applicable item, in any region, whose form is `form`. */
async function itemWithForm(gw, form) {
  for (const r of await (await fetch(`${gw.url}/api/v1/regions`)).json()) {
    const catalog = await (await fetch(`${gw.url}/api/v1/catalog?region=${r.code}`)).json();
    const hit = catalog.items.find((i) => i.form === form && i.applicable && !i.no_application);
    if (hit) return { region: r.code, item: hit.id };
  }
  return { region: "420800", item: "jm-transfer" };
}

/** The apply form of `item`, if the app has it: one keystroke into the ID number, and a submit
 * of the empty form (whole-form validation + every error rendered). */
async function applyForm(browser, gw, region, item) {
  const path = `/apply/${region}/${item}`;
  const out = { path };
  for (const cpu of [1, 4]) {
    const { context, page } = await openPage(browser, { cpu });
    await page.goto(gw.url + path);
    await waitMark(page, "mounted", 30_000);
    await settle(page);
    const input = await page.evaluate(() => {
      const el = document.querySelector('input[name="applicant.id_number"], input[id="applicant.id_number"], [data-path="applicant.id_number"] input, input[id*="id_number"], input[name*="id_number"]');
      if (!el) return null;
      el.setAttribute("data-bench", "id");
      return true;
    });
    if (!input) {
      out.present = false;
      out.note = await page.evaluate(() => document.querySelector("main, #app")?.textContent.slice(0, 200));
      await context.close();
      return out;
    }
    out.present = true;
    const id = "420802198001010014";
    const prefixes = Array.from({ length: 18 }, (_, i) => id.slice(0, i + 1));
    const samples = await keystrokes(page, 'input[data-bench="id"]', prefixes, KEYS, ".error, [role=alert], .field-error");
    out[`cpu${cpu}x`] = { keystroke_median_ms: r2(median(samples.map((s) => s.ms))) };
    await context.close();
  }
  return out;
}

/** A generated catalogue of N items (the region's real items, repeated with new ids and names),
 * served in place of the gateway's: load + parse + first render, then search keystrokes. */
async function catalogueScale(browser, gw, n = 5000) {
  const regions = await (await fetch(`${gw.url}/api/v1/regions`)).json();
  const region = regions[0].code;
  const real = await (await fetch(`${gw.url}/api/v1/catalog?region=${region}`)).json();
  const items = Array.from({ length: n }, (_, k) => {
    const base = real.items[k % real.items.length];
    return { ...base, id: `${base.id}-g${k}`, name: `${base.name}（${k}）` };
  });
  const body = JSON.stringify({ ...real, version: `bench-${n}`, items });
  const size = { raw: body.length, gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
  const realBody = JSON.stringify(real);
  const out = { items: n, region, json_bytes: size,
    real_json_bytes: { items: real.items.length, raw: realBody.length, gzip: gzipSync(realBody, { level: 9 }).length } };
  for (const cpu of [1, 4]) {
    const runs = [];
    for (let i = 0; i < (cpu === 1 ? 3 : 2); i++) {
      const { context, page } = await openPage(browser, { cpu });
      await page.route((url) => url.pathname === "/api/v1/catalog", (route) => route.fulfill({ status: 200, contentType: "application/json", body }));
      await withCatalogInPage(page, body);
      await page.goto(gw.url, { waitUntil: "commit" });
      const listed = await waitMark(page, "items", 120_000);
      const t = await timings(page);
      const shown = await page.locator(".item-card").count();
      let search = null;
      if (i === 0) {
        await settle(page);
        const samples = await keystrokes(page, "#search", ["备", "备案", "", "ydjy", ""], 10, ".item-card");
        search = byValue(samples);
      }
      // The catalogue comes in index.html (the route above), so "received" is the page's end.
      const received = t.catalog ?? t.doc;
      runs.push({ listed, catalog_loaded: received, parse_and_render: listed && received ? listed - received : null, shown, search });
      await context.close();
    }
    out.listing_bytes = listingBytes;
    out[`cpu${cpu}x`] = { listed_ms: r1(median(runs.map((r) => r.listed))), parse_and_render_ms: r1(median(runs.map((r) => r.parse_and_render))),
      shown: runs[0].shown, search: runs[0].search };
  }
  return out;
}

const outFile = process.argv[2] ?? "browser-bench.json";
const gw = await startGateway({ RUST_LOG: "warn" });
const browser = await launchBrowser();
const result = { runs: RUNS, keys: KEYS, network: SLOW_4G, chromium: browser.version() };
try {
  const step = async (name, f) => {
    const t0 = Date.now();
    try { result[name] = await f(); } catch (e) { result[name] = { error: String(e?.message ?? e) }; }
    console.error(`bench browser: ${name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  };
  await step("first_load", () => firstLoad(browser, gw));
  await step("startup_home", () => startupHome(browser, gw));
  await step("startup_guide", () => startupGuide(browser, gw, "420800", "jm-transfer"));
  await step("search_keystroke", () => searchKeystroke(browser, gw));
  await step("apply_form", async () => {
    const { region, item } = await itemWithForm(gw, process.env.BENCH_APPLY_FORM ?? "filing");
    return { form: process.env.BENCH_APPLY_FORM ?? "filing", ...(await applyForm(browser, gw, region, item)) };
  });
  await step("catalogue_5000", () => catalogueScale(browser, gw, 5000));
} finally {
  await browser.close();
  await gw.stop();
}
writeFileSync(outFile, JSON.stringify(result, null, 2));

// The gateway puts the default region's catalogue in index.html (routes/app.rs), each item cut
// to the members a list reads: the big one replaces it there, cut to the same members (those of
// the page's own block) and escaped the same way.
async function withCatalogInPage(page, body) {
  const block = /(<script type="application\/json" id="catalog">)([^<]*)(<\/script>)/;
  await page.route((u) => u.pathname === "/", async (route) => {
    const res = await route.fetch();
    const html = await res.text();
    const members = Object.keys(JSON.parse(html.match(block)[2]).items[0]);
    const big = JSON.parse(body);
    const cut = (item) => Object.fromEntries(members.map((k) => [k, item[k]]));
    const listing = JSON.stringify({ ...big, items: big.items.map(cut) });
    listingBytes = Buffer.byteLength(listing);
    await route.fulfill({ response: res, body: html.replace(block, (_, open, _old, close) => open + listing.replaceAll("<", "\\u003c") + close) });
  });
}
