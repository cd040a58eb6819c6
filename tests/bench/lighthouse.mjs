// Lighthouse mobile for pkg-scripts/bench: the home page and an item guide, with Lighthouse's
// defaults for a phone (Moto G Power-class screen, Slow 4G and 4× CPU) on Debian's Chromium
// (CHROME_PATH). Lighthouse itself is pinned by the bench (target/lighthouse).
//
// Each page is measured RUNS times with simulated throttling (Lighthouse's default, "Lantern":
// a load on loopback replayed through a model of the network and CPU) and reported as the
// median of each figure, with the scores' range; and once with applied throttling (devtools:
// the browser itself slowed to Slow 4G and 4× CPU, the paints as Chromium reports them). The
// two differ where Lantern's model does: its LCP counts every request that began before the
// paint, the preloaded wasm module included, where Chromium reports the paint itself.
// Usage: node lighthouse.mjs LIGHTHOUSE_BIN BASE_URL > lighthouse.json
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [bin, base] = process.argv.slice(2);
const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const flags = readFileSync(join(root, "pkg-scripts", "lib", "chromium-flags.txt"), "utf8")
  .split("\n").filter((l) => l && !l.startsWith("#")).join(" ");
const pages = [
  { name: "home", path: "/" },
  { name: "guide", path: "/items/440000/gd-17" },
];

function lighthouse(path, method) {
  const out = execFileSync(bin, [
    `${base}${path}`, "--output=json", "--output-path=stdout", "--only-categories=performance",
    "--form-factor=mobile", `--throttling-method=${method}`, "--quiet", `--chrome-flags=${flags}`,
  ], { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
    maxBuffer: 64 * 1024 * 1024 });
  const lhr = JSON.parse(out);
  const a = (id) => lhr.audits[id]?.numericValue ?? null;
  const observed = lhr.audits.metrics?.details?.items?.[0] ?? {};
  return {
    lighthouse: lhr.lighthouseVersion, chromium: lhr.environment?.hostUserAgent,
    performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
    fcp_ms: a("first-contentful-paint"), lcp_ms: a("largest-contentful-paint"),
    tbt_ms: a("total-blocking-time"), tti_ms: a("interactive"), si_ms: a("speed-index"),
    cls: a("cumulative-layout-shift"), bytes: a("total-byte-weight"),
    // The load Lantern replayed, as it ran on loopback.
    observed_lcp_ms: observed.observedLargestContentfulPaint ?? null,
    lcp_element: lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
    runtime_error: lhr.runtimeError?.code ?? null,
  };
}

const median = (xs) => {
  const v = xs.filter((x) => x != null).sort((p, q) => p - q);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
};
const results = [];
for (const { name, path } of pages) {
  const runs = Array.from({ length: RUNS }, () => lighthouse(path, "simulate"));
  const applied = lighthouse(path, "devtools");
  const figure = (k) => median(runs.map((r) => r[k]));
  results.push({
    name, path, lighthouse: runs[0].lighthouse, chromium: runs[0].chromium, runs: runs.length,
    performance: figure("performance"),
    performance_range: [Math.min(...runs.map((r) => r.performance)), Math.max(...runs.map((r) => r.performance))],
    fcp_ms: figure("fcp_ms"), lcp_ms: figure("lcp_ms"), tbt_ms: figure("tbt_ms"), tti_ms: figure("tti_ms"),
    si_ms: figure("si_ms"), cls: figure("cls"), bytes: figure("bytes"), observed_lcp_ms: figure("observed_lcp_ms"),
    lcp_element: runs[0].lcp_element,
    runtime_error: runs.map((r) => r.runtime_error).find((e) => e) ?? applied.runtime_error,
    applied: { performance: applied.performance, fcp_ms: applied.fcp_ms, lcp_ms: applied.lcp_ms, tbt_ms: applied.tbt_ms },
    each: runs.map(({ performance, lcp_ms, tbt_ms }) => ({ performance, lcp_ms, tbt_ms })),
  });
}
console.log(JSON.stringify({ pages: results }, null, 2));
