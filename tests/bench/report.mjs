// Renders target/bench/*.json into the Benchmarks section of docs/performance.md (markdown on
// stdout), or splices a rendered section into a file between <!-- bench:start --> and
// <!-- bench:end -->:
//   node report.mjs OUT_DIR > section.md
//   node report.mjs --splice section.md docs/performance.md
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

if (process.argv[2] === "--splice") {
  const [section, readme] = process.argv.slice(3); // the target file (docs/performance.md)
  const body = readFileSync(section, "utf8").trim();
  let text = readFileSync(readme, "utf8");
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) text = `${text.trimEnd()}\n\n## Benchmarks\n\n${START}\n${body}\n${END}\n`;
  else text = `${text.slice(0, a + START.length)}\n${body}\n${text.slice(b)}`;
  writeFileSync(readme, text);
  process.exit(0);
}

const dir = process.argv[2];
const read = (name) => {
  const p = join(dir, name);
  if (!existsSync(p)) return null;
  const text = readFileSync(p, "utf8").trim();
  if (!text) return null;
  try {
    return name.endsWith(".jsonl") ? text.split("\n").filter(Boolean).map((l) => JSON.parse(l)) : JSON.parse(text);
  } catch {
    return null;
  }
};
const kb = (n) => (n == null ? "–" : (n / 1024).toFixed(1));
const ms = (n, d = 0) => (n == null || Number.isNaN(n) ? "–" : Number(n).toFixed(d));
const out = [];
const p = (s = "") => out.push(s);

const m = read("machine.json");
if (m) {
  p(`Measured ${m.date.slice(0, 16).replace("T", " ")} UTC at commit \`${m.commit}\` on: **${m.cpu}, ${m.cores} cores, ${m.ram_gb} GB RAM, ${m.os}** (rustc ${m.rustc}, node ${m.node}). `
    + `Load average when the run began: ${m.load}. The 2 cores are shared with other work (builds of the other crates ran during some runs), so absolute figures are noisy; ratios within one run are steadier.`);
  p();
  p("Reproduce everything with `pkg-scripts/bench` (about 10 minutes; `pkg-scripts/bench size browser validation load faults` runs some steps; raw results in `target/bench/`). It builds the bundle and the gateway (profile `server`) first.");
  p();
}

// 0. Before and after: this run against tests/bench/before.json, the figures the first-load work
// started from, with its aims.
const lh = read("lighthouse.json");
const size = read("size.json");
const b = read("browser.json");
const before = JSON.parse(readFileSync(new URL("./before.json", import.meta.url), "utf8"));
// The first load's wasm: the main module (the second one is fetched when idle).
const mainWasm = size?.files.find((f) => f.name.endsWith(".wasm") && size.first_load.files.includes(f.name));
{
  const rows = [];
  const row = (what, was, now, aim, met) => rows.push(`| ${what} | ${was} | ${now ?? "–"} | ${aim} | ${now == null || met == null ? "–" : met ? "yes" : "**no**"} |`);
  const A = before.aims;
  const fl = size?.first_load;
  // What a plain mobile browser fetches: index.html's set without the WeChat-only JSSDK.
  const plain = fl && size.files.filter((f) => fl.files.includes(f.name) && !/^jweixin-/.test(f.name)).reduce((a, f) => a + f.brotli, 0);
  if (fl) row("first load in a plain mobile browser, KB brotli", before.size.first_load_brotli_kb, kb(plain), `≤ ${A.first_load_brotli_kb} (aim ${A.first_load_aim_kb})`, plain / 1024 <= A.first_load_brotli_kb);
  if (mainWasm) row("the first load's wasm, KB brotli / raw", `${before.size.wasm_brotli_kb} / ${before.size.wasm_raw_kb}`, `${kb(mainWasm.brotli)} / ${kb(mainWasm.raw)}`, "", null);
  const glue = size?.files.find((f) => /^tongban_app-.*\.js$/.test(f.name));
  if (glue) row("wasm-bindgen glue, KB raw (esbuild, ES2017)", before.size.glue_raw_kb, kb(glue.raw), "", null);
  const lhHome = lh?.pages?.find((x) => x.name === "home");
  if (lhHome) {
    row("Lighthouse mobile, home: performance", before.lighthouse.home.performance, lhHome.performance, A.lighthouse_performance, lhHome.performance >= A.lighthouse_performance);
    row("Lighthouse mobile, home: LCP ms", before.lighthouse.home.lcp_ms, ms(lhHome.lcp_ms), `≤ ${A.lighthouse_lcp_ms}`, lhHome.lcp_ms <= A.lighthouse_lcp_ms);
    row("Lighthouse mobile, home: TTI ms", before.lighthouse.home.tti_ms, ms(lhHome.tti_ms), "", null);
    if (lhHome.applied) row("Lighthouse mobile, home: LCP ms, applied throttling", "–", ms(lhHome.applied.lcp_ms), `≤ ${A.lighthouse_lcp_ms}`, lhHome.applied.lcp_ms <= A.lighthouse_lcp_ms);
  }
  const lhGuide = lh?.pages?.find((x) => x.name === "guide");
  if (lhGuide) row("Lighthouse mobile, guide: performance", "–", lhGuide.performance, A.lighthouse_performance, lhGuide.performance >= A.lighthouse_performance);
  const hm = b?.startup_home?.median;
  if (hm) {
    row("startup, home on Slow 4G at 4× CPU: interactive ms", before.startup.home.mounted, ms(hm.mounted), `≤ ${A.home_mounted_ms}`, hm.mounted <= A.home_mounted_ms);
    row("startup, home on Slow 4G at 4× CPU: items listed ms", before.startup.home.items, ms(hm.items), `≤ ${A.home_items_ms}`, hm.items <= A.home_items_ms);
  }
  const gm = b?.startup_guide?.median;
  if (gm?.guide) row("startup, a guide opened from a link, Slow 4G, 4× CPU: shown ms", before.startup.guide.guide, ms(gm.guide), "", null);
  const sk = b?.search_keystroke;
  if (sk?.cpu4x) row("keystroke, home search, 4× CPU ms", before.keystrokes.search.cpu4x, ms(sk.cpu4x.median_ms, 2), `≤ ${A.keystroke_cpu4x_ms}`, sk.cpu4x.median_ms <= A.keystroke_cpu4x_ms);
  const ap = b?.apply_form;
  if (ap?.cpu4x) row("keystroke, apply form (ID number), 4× CPU ms", before.keystrokes.apply.cpu4x, ms(ap.cpu4x.keystroke_median_ms, 2), `≤ ${A.keystroke_cpu4x_ms}`, ap.cpu4x.keystroke_median_ms <= A.keystroke_cpu4x_ms);
  const c = b?.catalogue_5000?.cpu4x;
  if (c) {
    row(`${before.scale.items} items, 4× CPU: navigation → list shown ms`, before.scale.listed.cpu4x, ms(c.listed_ms), `≤ ${A.scale_listed_cpu4x_ms}`, c.listed_ms <= A.scale_listed_cpu4x_ms);
    const typed = Object.entries(c.search ?? {}).filter(([w]) => w !== "(cleared)");
    const slowest = typed.length ? Math.max(...typed.map(([, r]) => r.median_ms)) : null;
    row(`${before.scale.items} items, 4× CPU: the slowest search keystroke ms (before: “${before.scale.first_keystroke.word}”; after: the slowest median of ${typed.map(([w]) => `“${w}”`).join(", ")})`, before.scale.first_keystroke.cpu4x, ms(slowest, 1), `≤ ${A.scale_keystroke_cpu4x_ms}`, slowest == null ? null : slowest <= A.scale_keystroke_cpu4x_ms);
    const cleared = c.search?.["(cleared)"]?.median_ms;
    row(`${before.scale.items} items, 4× CPU: clearing the search ms`, before.scale.cleared.cpu4x, ms(cleared, 1), `≤ ${A.scale_cleared_cpu4x_ms}`, cleared == null ? null : cleared <= A.scale_cleared_cpu4x_ms);
  }
  if (rows.length) {
    p("### Before and after");
    p();
    p(`Before: ${before.source}. After: this run. The sections below have the details of this run.`);
    p();
    p(`| what | before (\`${before.commit}\`) | after | budget / aim | met |`);
    p("|---|---:|---:|---|---|");
    for (const r of rows) p(r);
    p();
    const crates = size?.wasm?.by_crate;
    if (crates) {
      p("The wasm by crate (twiggy, KB raw without the names section), before: the one module; after: the first load's module:");
      p();
      p("| crate | before KB | after KB |");
      p("|---|---:|---:|");
      const names = [...new Set([...Object.keys(before.size.by_crate_kb), ...crates.slice(0, 10).map((x) => x.crate)])];
      for (const n of names) p(`| ${n} | ${before.size.by_crate_kb[n] ?? "–"} | ${kb(crates.find((x) => x.crate === n)?.bytes)} |`);
      p();
    }
  }
}

// 1. Size
const lighthouseSection = () => {
  if (!lh?.pages?.length) return;
  p("### Lighthouse (`pkg-scripts/bench lighthouse`)");
  p();
  p(`Lighthouse ${lh.pages[0].lighthouse} mobile, performance only, Debian's Chromium, the gateway on loopback. `
    + `Simulated throttling (Lighthouse's default: Slow 4G, 4× CPU), each figure the median of ${lh.pages[0].runs ?? 1} runs, the scores' range beside it; `
    + "applied throttling (`devtools`: the browser itself slowed to the same network and CPU) once. "
    + "Lantern, the simulation, counts in LCP every request that began before the paint but a low-priority image, the preloaded wasm module included "
    + "(`@paulirish/trace_engine/models/trace/lantern/metrics/LargestContentfulPaint.js` in Lighthouse's tree); with applied throttling the LCP is the paint Chromium reports.");
  p();
  p("| page | performance (range) | LCP ms | TBT ms | TTI ms | FCP ms | CLS | bytes KB | applied: performance | applied: LCP ms | LCP element |");
  p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  const r = (v) => (v == null ? "–" : Math.round(v));
  for (const x of lh.pages) {
    const range = x.performance_range ? ` (${x.performance_range[0]}–${x.performance_range[1]})` : "";
    const el = x.lcp_element ? `\`${x.lcp_element.replace(/\|/g, "\\|")}\`` : "–";
    p(`| ${x.name} \`${x.path}\` | ${x.performance}${range} | ${r(x.lcp_ms)} | ${r(x.tbt_ms)} | ${r(x.tti_ms)} | ${r(x.fcp_ms)} | ${x.cls == null ? "–" : x.cls.toFixed(3)} | ${x.bytes == null ? "–" : (x.bytes / 1024).toFixed(1)} | ${x.applied?.performance ?? "–"} | ${r(x.applied?.lcp_ms)} | ${el} |`);
  }
  p();
};
if (size) {
  p("### Size (`pkg-scripts/bench size`)");
  p();
  p("| dist/ file | raw KB | gzip -9 KB | brotli -11 KB |");
  p("|---|---:|---:|---:|");
  for (const f of size.files) p(`| \`${f.name}\` | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`);
  const fl = size.first_load;
  const budgetKb = before.aims.first_load_brotli_kb, budget = budgetKb * 1024;
  const verdict = fl.brotli <= budget ? `within the ${budgetKb} KB budget (${kb(budget - fl.brotli)} KB to spare)` : `**over the ${budgetKb} KB budget by ${kb(fl.brotli - budget)} KB**`;
  p(`| **first load** (index.html and all it references: ${fl.files.length} files) | **${kb(fl.raw)}** | **${kb(fl.gzip)}** | **${kb(fl.brotli)}** |`);
  p();
  const fetched = read("browser.json")?.first_load?.requests;
  if (fetched) {
    // By name without the content hash: the browser run may predate the last build.
    const unhashed = (n) => n.replace(/-[0-9a-f]{16}(?=\.)/, "");
    const urls = fetched.map((r) => unhashed(r.url.split("?")[0].split("/").pop()));
    const got = new Set(size.files.map((f) => f.name)
      .filter((n) => n === "index.html" || (fl.files.includes(n) && urls.includes(unhashed(n)))));
    const br = size.files.filter((f) => got.has(f.name)).reduce((a, f) => a + f.brotli, 0);
    const skipped = fl.files.filter((f) => !got.has(f));
    p(`First load in brotli: ${kb(fl.brotli)} KB for everything index.html references; ${kb(br)} KB for what a plain mobile browser actually fetched${skipped.length ? ` (not ${skipped.map((f) => `\`${f}\``).join(", ")}: loaded only inside its host)` : ""} — ${br <= budget ? `within the ${budgetKb} KB budget (${kb(budget - br)} KB to spare)` : `**over the ${budgetKb} KB budget by ${kb(br - budget)} KB**`}. The API answers the home page then fetches come on top (see the bytes on the wire under Startup).`);
  } else {
    p(`First load in brotli: ${kb(fl.brotli)} KB — ${verdict}. The API answers the home page then fetches come on top.`);
  }
  if (size.when_idle?.files.length) {
    const w = size.when_idle;
    p();
    p(`The second wasm module (${w.files.map((f) => `\`${f}\``).join(", ")}: the pages a first visit does not open, src/app/src/deferred.rs) is fetched when the home page is idle, not in the first load: ${kb(w.brotli)} KB brotli.`);
  }
  // twiggy's breakdown of this module by crate is the "after" column of the before/after table.
  p();
}

// 2. Startup, 3. keystrokes, 4. catalogue
lighthouseSection();
if (b) {
  const net = b.network;
  p("### Startup (`pkg-scripts/bench browser`)");
  p();
  p(`Headless ${b.chromium ? `Chromium ${b.chromium}` : "Chromium"} (Debian's, through playwright-core) on the e2e suite's phone (390×844, touch, scale 3), a fresh browser context (cold cache) per run, CPU throttled 4× (\`Emulation.setCPUThrottlingRate\`) and DevTools' Slow 4G profile (\`Network.emulateNetworkConditions\`: ${net.latency} ms latency, ${ms((net.downloadThroughput * 8) / 1e3)} kbit/s down, ${ms((net.uploadThroughput * 8) / 1e3)} kbit/s up); the gateway on loopback serves the precompressed files. Medians of ${b.runs} runs, ms from navigation start:`);
  p();
  const h = b.startup_home;
  const g = b.startup_guide;
  p("| page | first paint (static skeleton) | wasm downloaded | app interactive (mounted, handlers live) | content shown |");
  p("|---|---:|---:|---:|---:|");
  if (h?.median) p(`| home \`/\` | ${ms(h.median.fcp)} | ${ms(h.median.wasm)} | ${ms(h.median.mounted)} | ${ms(h.median.items)} (the region's items listed) |`);
  if (g?.median) {
    if (g.present) p(`| item guide \`${g.path}\` | ${ms(g.median.fcp)} | ${ms(g.median.wasm)} | ${ms(g.median.mounted)} | ${ms(g.median.guide)} (${g.item_name} shown) |`);
    else p(`| item guide \`${g.path}\` | ${ms(g.median.fcp)} | ${ms(g.median.wasm)} | ${ms(g.median.mounted)} | not measured: the app had no guide page at this commit${g.runs?.[0]?.notFound != null ? " (its not-found page answered)" : ""} |`);
  }
  if (h?.error) p(`Home: failed — ${h.error}`);
  if (g?.error) p(`Guide: failed — ${g.error}`);
  const fl = b.first_load;
  if (fl?.requests) {
    const enc = [...new Set(fl.requests.filter((r) => /\.(wasm|js|css)$/.test(r.url)).map((r) => r.encoding))].join(", ");
    p();
    p(`On the wire (unthrottled load of the home page, response bodies as sent): ${fl.requests.length} requests, ${kb(fl.total_bytes)} KB in all; static files arrived as \`${enc}\`, API answers as \`${[...new Set(fl.requests.filter((r) => r.url.startsWith("/api/")).map((r) => r.encoding))].join(", ")}\`. `
      + fl.requests.map((r) => `\`${r.url.length > 40 ? r.url.slice(0, 37) + "…" : r.url}\` ${kb(r.bytes)}`).join(", ") + ".");
  }
  p();

  p("### Validation and keystrokes (`pkg-scripts/bench validation browser`)");
  p();
  const v = read("validation.json");
  if (v) {
    p(`Rules only, in headless Chromium (wasm-bindgen-test, release wasm built like the app's: MVP features, opt-level z), unthrottled; per call, the median of ${v.batches} batches of ${v.per_batch} calls timed with \`performance.now()\`:`);
    p();
    p("| what | µs per call |");
    p("|---|---:|");
    p(`| whole-form validation of the largest form (\`${v.form}\`, ${v.fields} fields, all filled and valid: every validator runs) | ${ms(v.whole_form_valid_us, 1)} |`);
    p(`| the same form empty (${v.refused_when_empty} fields refused) | ${ms(v.whole_form_empty_us, 1)} |`);
    p(`| one field as the citizen leaves it (the resident ID number: GB 11643 check, birth date) | ${ms(v.id_number_field_us, 2)} |`);
    p();
  }
  const s = b.search_keystroke;
  const a = b.apply_form;
  p(`One keystroke in the real app, in the browser: the driver sets the input's value and fires \`input\`, then times until a macrotask later (Yew renders in a microtask) and a forced style + layout, i.e. event → Rust handler → validation/filter → virtual-DOM diff → DOM patch → layout; median of ${b.keys} keystrokes:`);
  p();
  p("| keystroke | 1× CPU ms | 4× CPU ms |");
  p("|---|---:|---:|");
  if (s?.cpu1x) p(`| home search (filters the region's catalogue, re-renders the list) | ${ms(s.cpu1x.median_ms, 2)} | ${ms(s.cpu4x?.median_ms, 2)} |`);
  if (a?.present) p(`| apply form \`${a.path}\` (form \`${a.form}\`), typing the ID number: the app re-validates the whole form on every render, then re-renders the step | ${ms(a.cpu1x?.keystroke_median_ms, 2)} | ${ms(a.cpu4x?.keystroke_median_ms, 2)} |`);
  p();
  if (a && !a.present) p(`The apply form (\`${a.path}\`) was not in the app at this commit, so the keystroke figure is the home search's; the driver (\`tests/bench/browser.mjs\`) types into the apply form's ID number field once the page exists.`);
  if (a?.error) p(`Apply form: failed — ${a.error}`);
  p();

  const c = b.catalogue_5000;
  if (c?.cpu1x) {
    p("### Catalogue at scale (`pkg-scripts/bench browser`)");
    p();
    p(`A generated catalogue of ${c.items} items (region ${c.region}'s real items repeated under new ids and names: ${kb(c.json_bytes.raw)} KB of JSON as \`/api/v1/catalog\` would answer it, ${kb(c.json_bytes.gzip)} KB gzip, ${kb(c.json_bytes.brotli)} KB brotli) served for \`/api/v1/catalog\` and written into index.html in place of the region's, cut to the list's members as the gateway writes it (${kb(c.listing_bytes)} KB), both by request interception (which itself adds to "navigation → list" the time to pass the page through the driver). Cold loads, no network throttling; medians of 3 loads at 1× CPU and 2 at 4×; the search keystrokes (2 of each) are timed like those above, in the first load.`);
    p();
    p("| | 1× CPU ms | 4× CPU ms |");
    p("|---|---:|---:|");
    p(`| navigation → list rendered (${c.cpu1x.shown} cards) | ${ms(c.cpu1x.listed_ms)} | ${ms(c.cpu4x?.listed_ms)} |`);
    p(`| page received (the catalogue is in it) → list rendered: HTML parse, wasm start, JSON parse, reading the items, render | ${ms(c.cpu1x.parse_and_render_ms)} | ${ms(c.cpu4x?.parse_and_render_ms)} |`);
    for (const [word, r] of Object.entries(c.cpu1x.search ?? {})) {
      p(`| search keystroke “${word}” → ${r.shown} cards | ${ms(r.median_ms, 1)} | ${ms(c.cpu4x?.search?.[word]?.median_ms, 1)} |`);
    }
    p();
  } else if (c?.error) p(`Catalogue at scale: failed — ${c.error}\n`);
}

// 5. Load
const load = read("load.jsonl");
if (load) {
  p("### Gateway load on loopback (`pkg-scripts/bench load`)");
  p();
  const secs = load[0]?.seconds;
  p(`\`tongban-bench\`'s \`load\` (tokio + reqwest, closed loop: each client sends its next request when the last is answered; ${secs} s per level after 0.5 s warm-up) against the gateway built with profile \`server\`, \`RUST_LOG=warn\`, on the same 2 cores as the load generator. Submissions are complete, valid Jingmen transfers (the API tests' form), each with a new Idempotency-Key${load.some((r) => r.sessions) ? " and a Bearer session per client (dev ticket → `POST /session`)" : " and no session: the gateway had no `/session` at this commit, so they went in anonymously"}; the gateway re-validates each with the rules and commits it in one transaction. Lookups are \`GET /applications/{receipt_no}\` with the verifier over 200 stored receipts, each client from its own address as a trusted proxy forwards it (\`X-Forwarded-For\`, \`TONGBAN_TRUSTED_PROXIES=127.0.0.1/32\`): a lookup counts against its address's limit of 10 failures per 10 minutes until it succeeds, so one address with more than 10 lookups in flight at once is refused (429) by design. The ceiling is \`ceiling\`: bare axum handlers on the same stack (GET: a fixed JSON; POST: parse the same JSON body, answer 201). SQLite: WAL, each submission answered once the WAL is synced (durable commits), a file on ext4 in a VM; PostgreSQL: a loopback cluster with \`fsync=on\`.`);
  p();
  p("| what | clients | ok/s | p50 ms | p99 ms | × ceiling | other answers |");
  p("|---|---:|---:|---:|---:|---:|---|");
  const ceil = (scenario, c) => load.find((r) => r.label === "ceiling" && r.scenario === scenario && r.concurrency === c);
  const name = { "ceiling get": "ceiling GET (bare axum)", "ceiling post": "ceiling POST (bare axum, JSON body)",
    "sqlite submit": "submit, SQLite", "sqlite lookup": "progress lookup, SQLite",
    "postgres submit": "submit, PostgreSQL", "postgres lookup": "progress lookup, PostgreSQL" };
  for (const r of load) {
    const ok = r.scenario === "submit" || r.scenario === "post" ? "201" : "200";
    const others = Object.entries(r.answers).filter(([k]) => !k.startsWith(ok)).map(([k, n]) => `${n}× ${k}`).join(", ") || "none";
    const base = ceil(r.scenario === "submit" ? "post" : r.scenario === "lookup" ? "get" : r.scenario, r.concurrency);
    const ratio = r.label === "ceiling" ? "1" : base?.rps ? (r.rps / base.rps).toFixed(3) : "–";
    p(`| ${name[`${r.label} ${r.scenario}`] ?? `${r.label} ${r.scenario}`} | ${r.concurrency} | ${ms(r.rps)} | ${ms(r.p50_ms, 2)} | ${ms(r.p99_ms, 2)} | ${ratio} | ${others} |`);
  }
  p();
}

// 6. Faults
const crash = read("crash.json");
const crashPg = read("crash-pg.json");
const outage = read("outage.json");
if (crash || crashPg || outage) {
  p("### Faults (`pkg-scripts/bench faults`)");
  p();
}
const drills = [["SQLite", crash], ["PostgreSQL", crashPg]].filter(([, c]) => c);
if (drills.length) {
  const verdict = (c) => (c.failures.length === 0 ? "**passed**" : "**failed:** " + c.failures.slice(0, 5).join("; "));
  const first = drills[0][1];
  p(`**kill -9 during submissions (${drills.map(([e]) => e).join(" and ")})** — \`faults\`, the crash drill, starts the gateway as a deployment runs it (production mode, not \`--dev\`: one set of generated secrets and keys for both starts, sessions from Ed25519 tickets the drill signs as the integrator) on a fresh database, runs ${first.clients} clients submitting valid transfers (each its own key), \`kill -9\`s the gateway after ${first.kill_after_ms} ms, restarts it on the same database, retries every unanswered request with its Idempotency-Key and body, then checks through the API and in the database itself (${drills.map(([e]) => (e === "SQLite" ? "\`sqlite3\` on the SQLite file" : "\`psql\` on PostgreSQL")).join(", ")}). ${drills.map(([e, c]) => `${e}: ${verdict(c)}`).join("; ")}.`);
  p();
  p("| | " + drills.map(([e]) => e).join(" | ") + " |");
  p("|---|" + drills.map(() => "---:|").join(""));
  const row = (what, f) => p(`| ${what} | ${drills.map(([, c]) => f(c)).join(" | ")} |`);
  row("submissions sent", (c) => c.sent);
  row("acknowledged (201 + receipt) before the kill", (c) => c.acknowledged);
  row("unanswered (in flight when the process died)", (c) => c.unanswered);
  row("applications in the database right after the kill", (c) => c.rows_at_crash);
  row("retried with their keys", (c) => Object.entries(c.retried).map(([k, n]) => `${n}× ${k}`).join("; ") || "none");
  row("restart → ready, ms", (c) => c.restart_ready_ms);
  row("applications / Idempotency-Key rows afterwards", (c) => `${c.rows_after} / ${c.keys_after}`);
  row("`PRAGMA integrity_check`", (c) => c.integrity ?? "n/a (PostgreSQL)");
  p();
  const passed = drills.filter(([, c]) => c.failures.length === 0).map(([e]) => e);
  if (passed.length) {
    p(`${passed.length === drills.length ? (drills.length > 1 ? "On both engines" : "So") : `On ${passed.join(" and ")}`} every acknowledged receipt answers its progress lookup with its verifier (200), and replaying its key answers 200 with the same receipt number; the database holds one application and one Idempotency-Key row per key sent, each pointing at the receipt its client got — no retry made a second application.`);
    p();
  }
}
if (outage) {
  const ev = read("outage-events.json");
  const t0 = outage.started_unix_ms;
  const at = (u) => (u && t0 ? ((u - t0) / 1000).toFixed(1) : "?");
  p(`**PostgreSQL stopped under load** — 20 clients submitting through the gateway on PostgreSQL; \`pg_ctl stop -m fast\` at ${at(ev?.stop_unix_ms)} s, \`pg_ctl start\` at ${at(ev?.start_unix_ms)} s (accepting connections at ${at(ev?.pg_ready_unix_ms)} s); \`/readyz\` afterwards: ${read("outage-readyz-after.txt") ?? "?"}. Seconds count from the start of the run, by when each answer arrived (every second's answers: \`target/bench/outage.json\`).`);
  const failing = Object.keys(outage.answers).filter((k) => !k.startsWith("201"));
  const clean = failing.length > 0 && failing.every((k) => k.startsWith("503"));
  const readyS = ev && t0 ? (ev.pg_ready_unix_ms - t0) / 1000 : null;
  const slots = outage.timeline.map((r) => r.t_ms / 1000);
  const silent = [];
  for (let s = Math.min(...slots); s <= Math.max(...slots); s++) if (!slots.includes(s)) silent.push(s);
  const slowest = Math.max(...outage.timeline.map((r) => r.slowest_ms));
  const late503 = silent.length > 0 && outage.timeline.some((r) => r.t_ms / 1000 > silent[0] && Object.keys(r.answers).some((k) => k.startsWith("503")));
  const after = outage.timeline.find((r) => readyS != null && r.t_ms / 1000 >= Math.floor(readyS) && r.answers["201"]);
  p(`${failing.length ? `Failures: ${failing.map((k) => `${outage.answers[k]}× \`${k}\``).join(", ")}${clean ? " — each a 503 with the stable JSON error body, which the app shows as 服务暂时繁忙 with a retry" : " — **not all 503s**"}.` : "No request failed."} `
    + (silent.length && late503 ? `Requests in flight when the server stopped got their 503 at once; the next ones found no connection and waited for one — no answer arrived in second${silent.length > 1 ? "s" : ""} ${silent[0]}–${silent[silent.length - 1]} — until the pool's acquire timeout ran out and they too got a 503 (the slowest answer of the run: ${ms(slowest)} ms): a bounded wait, then a calm failure the app can retry. `
      : silent.length ? `But the 503s came only for requests whose pooled connection died with the server; every other request **waited without an answer** — no answer at all arrived in second${silent.length > 1 ? "s" : ""} ${silent[0]}–${silent[silent.length - 1]}, the slowest took ${ms(slowest)} ms — because the pool keeps trying to connect until its acquire timeout (sqlx's default: 30 s), so an outage shorter than that stalls clients instead of answering 503 at once. `
      : "") + (after ? `Recovery: submissions succeeded again in second ${after.t_ms / 1000}, right after PostgreSQL accepted connections, with no restart of the gateway.` : ""));
  p();
}
const limits = read("limits.json");
if (limits) {
  p("### The physical limits (`pkg-scripts/bench limits`)");
  p();
  p(`Each figure beside its limit in the same run, wrk (2 threads, 64 connections), SQLite (WAL, each submission answered once the WAL is synced): raw durable commits ${limits.raw_commits_per_s.map((c) => ms(c)).join(" and ")}/s (Python's sqlite3, \`synchronous=FULL\`, single-row transactions, before and after the gateway's runs), \`/healthz\` ${limits.healthz_per_s.map((h) => ms(h)).join(" and ")}/s (before and after the others; each limit is the mean of its pair).`);
  p();
  p("| figure | per s | p99 ms | not 2xx | limit | limit per s | ratio | gateway CPU µs a request | wrk CPU µs a request |");
  p("|---|---:|---:|---:|---|---:|---:|---:|---:|");
  for (const r of limits.rows) p(`| ${r.what} | ${ms(r.per_s)} | ${ms(r.p99_ms, 1)} | ${r.not_2xx} | ${r.limit_per_s} | ${ms(r.limit)} | ${r.ratio.toFixed(2)} | ${ms(r.gateway_cpu_us, 1)} | ${ms(r.wrk_cpu_us, 1)} |`);
  p();
  const hc = limits.healthz_cpu;
  p(`\`/healthz\` cost the gateway ${hc.map((c) => ms(c.gateway_cpu_us, 1)).join(" and ")} µs of CPU a request and wrk ${hc.map((c) => ms(c.wrk_cpu_us, 1)).join(" and ")} µs. The gateway and wrk share the machine's cores, so what wrk spends on a request the gateway goes without: wrk builds the requests before each run, as it builds /healthz's one request (a submission's but for its key).`);
  p();
}

const statsRuns = ["sqlite", "postgres"]
  .map((e) => [e, join(dir, `stats-${e}.txt`)])
  .filter(([, f]) => existsSync(f))
  .map(([e, f]) => [e, readFileSync(f, "utf8").trim().split("\n").filter(Boolean)]);
if (statsRuns.length) {
  p("### Statistics (`pkg-scripts/bench stats`)");
  p();
  p("`/operator/stats` and the progress CSV over 100,000 seeded applications (`src/gateway/examples/stats_bench.rs`): SQL aggregates, so memory is bounded by the items and the calendar, not the applications.");
  p();
  for (const [engine, lines] of statsRuns) for (const l of lines) p(`- ${engine === "sqlite" ? "SQLite" : "PostgreSQL"}: ${l}`);
  p();
}
// What the figures say, for the engineers who own each part.
const notes = [];
if (size?.wasm) {
  const top = size.wasm.by_crate.slice(0, 3).map((c) => `${c.crate} ${(c.share * 100).toFixed(0)}%`).join(", ");
  notes.push(`Size: the main wasm module is ${kb(mainWasm?.brotli)} KB brotli of the first load; ${top} of it. The rest of the first load is the glue, the CSS and the page; the second module waits for the home page to be idle.`);
}
const api = b?.first_load?.requests?.filter((r) => r.url.startsWith("/api/")) ?? [];
if (api.some((r) => r.encoding === "identity" && r.bytes > 4096)) {
  const cat = api.find((r) => r.url.startsWith("/api/v1/catalog"));
  const real = b?.catalogue_5000?.real_json_bytes;
  notes.push(`The gateway sends its JSON uncompressed${cat ? ` (the region's catalogue: ${kb(cat.bytes)} KB${real ? `, ${kb(real.gzip)} KB gzipped` : ""})` : ""}; a compression layer on API answers (tower-http) would cut that, and matters more as catalogues grow (the 5,000-item one is ${kb(b?.catalogue_5000?.json_bytes?.raw)} KB raw).`);
}
const hm = b?.startup_home?.median;
if (hm?.items && hm?.mounted) notes.push(`On Slow 4G the home page is interactive at ${ms(hm.mounted)} ms and lists items at ${ms(hm.items)} ms: the default catalogue is in index.html, so the ${ms(hm.items - hm.mounted)} ms between are reading and rendering it, not a round trip (${b.network.latency} ms of latency each).`);
const vj = read("validation.json");
const ap = b?.apply_form;
if (vj && ap?.present) notes.push(`Validation is cheap: the whole \`${vj.form}\` form in ${ms(vj.whole_form_valid_us, 0)} µs, so of a ${ms(ap.cpu1x?.keystroke_median_ms, 2)} ms keystroke on the apply form (${ms(ap.cpu4x?.keystroke_median_ms, 1)} ms at 4× CPU${ap.cpu4x?.keystroke_median_ms < 16.7 ? ", within one 60 Hz frame either way" : ""}) nearly all is Yew's re-render and the browser's layout, not the rules. Re-validating the whole form on every keystroke is affordable.`);
if (size?.wasm) notes.push("The wasm carries no form files and no holiday calendar: each form and the expected completion date come with the item (`GET /items/{id}`). The first load reads its answers by hand (`src/app/src/api/decode.rs`), not with a serde decoder per type; what remains is yew's code and the home and guide pages.");
const lk = load?.find((r) => r.label === "sqlite" && r.scenario === "lookup" && r.concurrency === 1);
const sk = load?.find((r) => r.label === "sqlite" && r.scenario === "submit" && r.concurrency === 1);
if (lk && sk && lk.rps < sk.rps * 1.5) notes.push(`A progress lookup costs about as much as a durable submission for one client (${ms(lk.p50_ms, 2)} vs ${ms(sk.p50_ms, 2)} ms p50): it runs several queries one after another (the record, the failed-lookup limiter, the timeline, the rating), each a pool round trip through sqlx's \`Any\` driver. Fewer, joined queries would raise the lookup figures most.`);
const c5 = b?.catalogue_5000;
if (c5?.cpu4x) notes.push(`At ${c5.items} items the home page shows ${c5.cpu4x.shown} cards (显示更多 adds more) and reads only what a card needs of each item: ${ms(c5.cpu4x.listed_ms)} ms from navigation to the list at 4× CPU, ${ms(c5.cpu4x.parse_and_render_ms)} ms of it after the page arrived. The page carries ${kb(c5.listing_bytes)} KB of catalogue JSON (the items cut to the list's members; ${kb(c5.json_bytes.raw)} KB whole); a search keystroke filters all the items and re-renders only the cards shown.`);
if (load) {
  const sub = (label) => load.filter((r) => r.label === label && r.scenario === "submit");
  const sq = sub("sqlite");
  if (sq.length) notes.push(`Submissions on SQLite stay near ${ms(Math.max(...sq.map((r) => r.rps)))}/s whatever the number of clients — one writer at a time, each batch answered once the WAL is synced — so more clients only lengthen the queue (p99 ${ms(sq[sq.length - 1].p99_ms)} ms at ${sq[sq.length - 1].concurrency}). PostgreSQL is slower for a single client (a loopback round trip per statement) and peaks at ${ms(Math.max(...sub("postgres").map((r) => r.rps)))}/s with more clients. Every figure is far under the bare-axum ceiling: the cost is the database and the per-request work (re-validation, hashing, JSON), not the HTTP stack.`);
}
if (notes.length) {
  p("### Reading the figures");
  p();
  for (const n of notes) p(`- ${n}`);
  p();
}
console.log(out.join("\n"));
