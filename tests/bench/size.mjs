// Size benchmark for pkg-scripts/bench: every file of dist/ raw, gzip -9 and brotli -11 (the
// .gz/.br files pkg-scripts/build writes beside each, which the gateway serves), the first-load
// set (index.html and everything it references, transitively), and — given a names-carrying
// copy of the optimised wasm — what dominates it, by crate and by function (twiggy).
// Usage: node size.mjs DIST [NAMED_WASM] > size.json
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const [dist, named] = process.argv.slice(2);
const size = (p) => (existsSync(p) ? statSync(p).size : null);
const files = readdirSync(dist).filter((f) => !f.endsWith(".br") && !f.endsWith(".gz")).sort();
const rows = files.map((name) => ({
  name, raw: size(join(dist, name)), gzip: size(join(dist, `${name}.gz`)), brotli: size(join(dist, `${name}.br`)),
}));

// First load: index.html, then every dist file named by a file already in the set, except the
// second wasm module (split_*.wasm, named only by wasm-split-cli's loader), fetched when idle,
// and what index.html names without a link (as pkg-scripts/build counts): the files in its
// <meta> tags (the division list, fetched by a form with a region field; the deferred pages'
// stylesheet, fetched with their module), in data- attributes (WeChat's JSSDK, inside WeChat
// only) and in comments (the guide's preload, written on a guide's link only).
const second = (f) => /^(split|chunk)_.*\.wasm$/.test(f);
const linked = (f, text) => (f !== "index.html" ? text : text
  .replace(/<!--[\s\S]*?-->/g, "").replace(/<meta\b[^>]*>/g, "").replace(/\sdata-[a-z-]+="[^"]*"/g, ""));
const load = new Set(["index.html"]);
for (let grew = true; grew;) {
  grew = false;
  for (const f of [...load]) {
    if (!/\.(html|js|css)$/.test(f)) continue;
    const text = linked(f, readFileSync(join(dist, f), "utf8"));
    for (const other of files) if (!load.has(other) && !second(other) && text.includes(other)) { load.add(other); grew = true; }
  }
}
const sum = (key, set) => rows.filter((r) => set.has(r.name)).reduce((a, r) => a + (r[key] ?? 0), 0);
const firstLoad = { files: [...load], raw: sum("raw", load), gzip: sum("gzip", load), brotli: sum("brotli", load) };
const later = new Set(files.filter(second));
const whenIdle = { files: [...later], raw: sum("raw", later), gzip: sum("gzip", later), brotli: sum("brotli", later) };

let wasm = null;
if (named && existsSync(named)) {
  const top = JSON.parse(execFileSync("twiggy", ["top", "-n", "1000000", "--format", "json", named], { maxBuffer: 1 << 28 }).toString());
  const crateOf = (name) => {
    if (name.includes("function names") || name.startsWith("custom section") || name.includes("subsection")) return "(names/custom sections)";
    if (name.startsWith("data segment")) return "(data: strings, tables)";
    const m = name.match(/([a-z_][a-z0-9_]*)\[[0-9a-f]{1,16}\]/); // crate[disambiguator], leading zeros dropped
    if (m) return m[1];
    if (/^(code|type|import|export|elem|table|memory|global)\[/.test(name) || name.startsWith("wasm-bindgen")) return "(wasm-bindgen glue, tables)";
    return "(other: unnamed or std shims)";
  };
  const byCrate = {};
  let total = 0;
  for (const item of top) {
    if (item.name?.startsWith("Σ") || item.name?.startsWith("...")) continue;
    const c = crateOf(item.name ?? "");
    byCrate[c] = (byCrate[c] ?? 0) + item.shallow_size;
    total += item.shallow_size;
  }
  const names = byCrate["(names/custom sections)"] ?? 0;
  const code = total - names;
  wasm = {
    named_total: total, without_names: code,
    by_crate: Object.entries(byCrate).filter(([c]) => c !== "(names/custom sections)")
      .sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes, share: bytes / code })),
    top_functions: top.filter((i) => !/function names|Σ|^\.\.\./.test(i.name ?? "")).slice(0, 10)
      .map((i) => ({ name: i.name.replace(/\[[0-9a-f]{1,16}\]/g, ""), bytes: i.shallow_size })),
  };
}
console.log(JSON.stringify({ files: rows, first_load: firstLoad, when_idle: whenIdle, wasm }, null, 2));
