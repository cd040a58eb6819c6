// Lighthouse mobile for pkg-scripts/bench: the home page and an item guide, with Lighthouse's
// defaults for a phone (Moto G Power-class screen, simulated Slow 4G and 4× CPU) on Debian's
// Chromium (CHROME_PATH). Lighthouse itself is pinned by the bench (target/lighthouse).
// Usage: node lighthouse.mjs LIGHTHOUSE_BIN BASE_URL > lighthouse.json
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [bin, base] = process.argv.slice(2);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const flags = readFileSync(join(root, "pkg-scripts", "lib", "chromium-flags.txt"), "utf8")
  .split("\n").filter((l) => l && !l.startsWith("#")).join(" ");
const pages = [
  { name: "home", path: "/" },
  { name: "guide", path: "/items/440000/gd-17" },
];
const results = [];
for (const { name, path } of pages) {
  const out = execFileSync(bin, [
    `${base}${path}`, "--output=json", "--output-path=stdout", "--only-categories=performance",
    "--form-factor=mobile", "--throttling-method=simulate", "--quiet", `--chrome-flags=${flags}`,
  ], { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
    maxBuffer: 64 * 1024 * 1024 });
  const lhr = JSON.parse(out);
  const a = (id) => lhr.audits[id]?.numericValue ?? null;
  results.push({
    name, path, lighthouse: lhr.lighthouseVersion, chromium: lhr.environment?.hostUserAgent,
    performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
    fcp_ms: a("first-contentful-paint"), lcp_ms: a("largest-contentful-paint"),
    tbt_ms: a("total-blocking-time"), tti_ms: a("interactive"), si_ms: a("speed-index"),
    cls: a("cumulative-layout-shift"),
    bytes: a("total-byte-weight"), runtime_error: lhr.runtimeError?.code ?? null,
  });
}
console.log(JSON.stringify({ pages: results }, null, 2));
