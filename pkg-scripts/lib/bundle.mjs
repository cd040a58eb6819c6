// Assembles dist/ from the optimised wasm-bindgen output and www/: content-hashed names (WeChat
// keeps H5 caches, so a changed file must get a new name), precompressed .br and .gz beside each
// file, and a size table. Every shipped .js is lowered to ES2017 and minified by esbuild (pinned in
// www/package.json), so the iOS 12 WKWebView and the Chrome 69 web-views of Android WeChat/Alipay
// parse it; pkg-scripts/test checks the result with es-check. Usage:
// node bundle.mjs <bindgen-dir> <www-dir> <dist-dir>
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { createRequire } from "node:module";
import { SECTION, encodeName, exportsOf, imports, section, sections, vector, withSection } from "../../www/tools/wasm-binary.mjs";

const [bindgen, www, dist] = process.argv.slice(2);
const hash = (buf) => createHash("sha256").update(buf).digest("hex").slice(0, 16);
const hashed = (stem, ext, buf) => `${stem}-${hash(buf)}.${ext}`;
const esbuild = createRequire(resolve(www, "package.json"))("esbuild");
// ES2017 and minified: `?.`, `??`, object spread and optional catch bindings are rewritten;
// syntax esbuild cannot lower (import.meta, BigInt literals) fails the build here rather than a
// phone. /*! comments (licences) are kept.
const lower = async (name, buf, format) => {
  const { code } = await esbuild.transform(buf.toString("utf8"), {
    target: "es2017", minify: true, format, legalComments: "inline", sourcefile: name,
    logLevel: "silent", logOverride: { "empty-import-meta": "error" },
  });
  return Buffer.from(code);
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const files = new Map(); // name -> contents

// wasm-bindgen names every import the main module takes from the glue after its Rust path and a
// hash (`__wbg_instanceof_HtmlInputElement_28751c98d77a5a65`), and the main module imports the
// JavaScript every split module calls: about 250 names, each written in both files, hashes that no
// compressor shrinks. They become short names in both (measured: 5.8 KB brotli of first load).
const importModule = "./tongban_app_bg.js";
const { wasm: shortWasm, names: importNames, exportNames } = renameImportsAndExports(
  readFileSync(join(bindgen, "tongban_app_bg.wasm")), importModule);
const wasm = shortWasm;
const wasmName = hashed("tongban_app_bg", "wasm", wasm);
files.set(wasmName, wasm);

// The second wasm module (pkg-scripts/build, src/app/src/deferred.rs): split_*.wasm (and any
// chunk_*.wasm shared between split points) plus wasm-split-cli's loader, __wasm_split.js, which
// the glue imports. Not part of the first load: the app fetches it when the home page is idle.
const later = new Set();
const splitLinkPath = join(bindgen, "__wasm_split.js");
let splitLinkName = null;
// The chunks the guide's module needs: __wasm_split.js names the split points that share each
// chunk in a comment before its loader (`/* guide, pages */ const __chunk_3 = …`).
const guideChunks = new Set();
const sharedChunks = new Set();
if (existsSync(splitLinkPath)) {
  let link = readFileSync(splitLinkPath, "utf8");
  for (const [, users, chunk] of link.matchAll(/\/\* ([\w, ]+) \*\/\s*const __(chunk_\d+) =/g)) {
    sharedChunks.add(chunk);
    if (users.split(", ").includes("guide")) guideChunks.add(chunk);
  }
  for (const f of readdirSync(bindgen).filter((f) => f.endsWith(".wasm") && f !== "tongban_app_bg.wasm")) {
    const buf = readFileSync(join(bindgen, f));
    if (f.startsWith("chunk_") && !sharedChunks.has(f.slice(0, -".wasm".length))) {
      throw new Error(`__wasm_split.js no longer says which split points share ${f}`);
    }
    const name = hashed(f.slice(0, -".wasm".length), "wasm", buf);
    files.set(name, buf);
    later.add(name);
    const url = `new URL("./${f}", import.meta.url)`;
    if (!link.includes(url)) throw new Error(`__wasm_split.js no longer fetches ${url}`);
    link = link.replaceAll(url, JSON.stringify(name)); // relative, like every path the bundle names
  }
  // Rewrites, each checked so that a new wasm-split-cli cannot slip past unnoticed:
  // - the loader reaches the main module's exports through the initSync that boot.js publishes
  //   (importing the glue by its hashed name would make the two names depend on each other);
  // - instantiateStreaming is Safari 15+: fetch the bytes, then instantiate (iOS 12).
  const rewrites = [
    ['import { initSync } from "./tongban_app.js";', "const initSync = (a, b) => self.__tongbanInitSync(a, b);"],
    ["WebAssembly.instantiateStreaming(src, imports)", "src.then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b, imports))"],
    // - each file's request starts in a task of its own (a timer): a fetch() call cost the main
    //   thread 1–6 ms on the bench's machine, and a module with its chunks asked for up to five
    //   in one task, one long task on a phone (docs/performance.md, "The ninth round").
    ["const instantiate = fetcher();", "await new Promise((resolve) => setTimeout(resolve, 0));\n        const instantiate = fetcher();"],
  ];
  for (const [from, to] of rewrites) {
    if (!link.includes(from)) throw new Error(`__wasm_split.js no longer has ${from}`);
    link = link.replaceAll(from, to);
  }
  // - the main module's exports the loader shares with the split modules, named in sorted
  //   order: wasm-split-cli lists them in an order of its own that changes from one build to
  //   the next, and with it this file's bytes and hashed name, for the same source.
  const shared = /const \{ ([\w, ]*) \} = initSync\(undefined, undefined\);(\s*)Object\.assign\(sharedImports\.__wasm_split, \{ ([\w, ]*) \}\);/;
  if (!shared.test(link)) throw new Error("__wasm_split.js no longer names the shared exports as it did");
  link = link.replace(shared, (_, names, space) => {
    const sorted = names.split(",").map((n) => n.trim()).filter(Boolean).sort().join(", ");
    return `const { ${sorted} } = initSync(undefined, undefined);${space}Object.assign(sharedImports.__wasm_split, { ${sorted} });`;
  });
  const lowered = await lower("__wasm_split.js", Buffer.from(link), "esm");
  splitLinkName = hashed("wasm_split", "js", lowered);
  files.set(splitLinkName, lowered);
}

// The glue's default wasm URL is built from import.meta.url (ES2020 syntax, which esbuild cannot
// lower): it becomes the hashed wasm's name. Every path the bundle names is relative, resolved
// against index.html's <base href> ("/", or the gateway's TONGBAN_BASE_PATH) or, in hash
// routing (pkg-scripts/package --hash), against the page itself: dist/ works under any path.
const glueSource = readFileSync(join(bindgen, "tongban_app.js"), "utf8");
const wasmUrl = "new URL('tongban_app_bg.wasm', import.meta.url)";
if (!glueSource.includes(wasmUrl)) throw new Error(`the wasm-bindgen glue no longer has ${wasmUrl}`);
let glueText = glueSource.replace(wasmUrl, JSON.stringify(wasmName));
if (splitLinkName) {
  // only the module specifier: the wasm's import object keeps the name "./__wasm_split.js"
  const from = ' from "./__wasm_split.js"';
  if (!glueText.includes(from)) throw new Error("the glue no longer imports ./__wasm_split.js");
  glueText = glueText.replaceAll(from, ` from ${JSON.stringify(`./${splitLinkName}`)}`);
}
// The glue's import object: each renamed import is one key there, and nothing else names it.
for (const [long, short] of importNames) {
  const key = new RegExp(`(?<![\\w$])${long.replaceAll("$", "\\$")}(?![\\w$])`, "g");
  const found = glueText.match(key)?.length ?? 0;
  if (found !== 1) throw new Error(`the glue names the import ${long} ${found} times, not once`);
  glueText = glueText.replace(key, short);
}
// The closures' trampolines: the glue calls each as `wasm.<name>`.
for (const [long, short] of exportNames) {
  const call = new RegExp(`\\bwasm\\.${long}(?![\\w$])`, "g");
  if (!call.test(glueText)) throw new Error(`the glue never calls the export ${long}`);
  glueText = glueText.replace(call, `wasm.${short}`);
}
// The app's start (`start` in src/app/src/lib.rs: yew's first render, the bulk of the app's
// first task) in a task of its own, not in the one where the module's instantiation resolves:
// two tasks, each shorter than the one Lighthouse counted as blocking (docs/performance.md,
// "The eighth round"). No byte of the wasm module changes.
const startCall = "wasm.__wbindgen_start();";
if (glueText.split(startCall).length !== 2) throw new Error(`the glue no longer calls ${startCall} once`);
glueText = glueText.replace(startCall, "setTimeout(wasm.__wbindgen_start, 0);");
// The glue's warnings for callers other than ours (boot.js passes one object; the gateway serves
// .wasm as application/wasm): 0.1 KB brotli of first load, each fallback kept without its words.
const warnings = [
  /console\.warn\("`WebAssembly\.instantiateStreaming` failed[^"]*", e\);/,
  /console\.warn\('using deprecated parameters for `initSync\(\)`; pass a single object instead'\)/,
  /console\.warn\('using deprecated parameters for the initialization function; pass a single object instead'\)/,
];
for (const warning of warnings) {
  if (glueText.split(warning).length !== 2) throw new Error(`the glue no longer has ${warning} once`);
  glueText = glueText.replace(warning, "");
}
const glue = await lower("tongban_app.js", Buffer.from(glueText), "esm");
const glueName = hashed("tongban_app", "js", glue);
files.set(glueName, glue);

const boot = await lower(
  "boot.js",
  Buffer.from(
    `import init, { initSync } from "./${glueName}";\n` +
      // for __wasm_split.js, which loads the second module into this one (see above)
      (splitLinkName ? "self.__tongbanInitSync = initSync;\n" : "") +
      // The first read of each storage area waits for the browser to load it (a synchronous
      // call to its process): made here, it overlaps the main module's download instead of
      // lengthening the app's first render, which reads both (the preferences, the host's flag).
      "try { localStorage.length; sessionStorage.length; } catch (e) {}\n" +
      // The main module is asked for once the page has painted (the next frame's callback, then
      // a task after that frame), not preloaded: the served page already shows what its first
      // paint needs (the home page's list, a guide's first sections: routes/index_page.rs), so
      // the module no longer competes with style.css for a slow network before that paint, and
      // the paint is the page's largest (docs/performance.md, "The seventh round"). A hidden
      // page (opened in the background) paints no frame: it starts at once.
      `const start = () => init({ module_or_path: "${wasmName}" });\n` +
      "if (document.visibilityState === \"hidden\") start();\n" +
      "else requestAnimationFrame(() => setTimeout(start, 0));\n",
  ),
  "esm",
);
const bootName = hashed("boot", "js", boot);
files.set(bootName, boot);

// The guide's module and the chunk it shares, preloaded on a guide's shared link only: index.html
// names them in a comment (file names, not links, so nothing else fetches or counts them), and
// the gateway writes their preload links there (routes/index_page.rs).
const guidePreload = [...later]
  .filter((f) => f.startsWith("split_guide-") || guideChunks.has(f.slice(0, f.indexOf("-"))))
  .map((f) => ` ${f}`).join("");
const refs = { "{{BOOT}}": bootName, "{{GLUE}}": glueName, "{{GUIDE_PRELOAD}}": guidePreload };
// www/*.css, www/*.js and the host shims in www/shells/*.js; index.html names them as
// {{style.css}} or {{shells/loader.js}}. dist/ stays flat: shells/loader.js -> loader-<hash>.js.
const entries = readdirSync(www).concat(
  existsSync(join(www, "shells")) ? readdirSync(join(www, "shells")).map((f) => `shells/${f}`) : [],
);
for (const entry of entries) {
  if (entry.endsWith(".css") || entry.endsWith(".js")) {
    let buf = readFileSync(join(www, entry));
    if (entry.endsWith(".js")) buf = await lower(entry, buf); // www's scripts are classic scripts
    const base = basename(entry);
    const [stem, ext] = [base.slice(0, base.lastIndexOf(".")), base.slice(base.lastIndexOf(".") + 1)];
    const name = hashed(stem, ext, buf);
    files.set(name, buf);
    refs[`{{${entry}}}`] = name;
    // The deferred pages' stylesheet comes with their module (src/app/src/styles.rs).
    if (entry === "pages.css") later.add(name);
  }
}
// A guide's shared link needs that stylesheet too: preloaded beside the guide's module.
if (refs["{{pages.css}}"]) refs["{{GUIDE_PRELOAD}}"] += ` ${refs["{{pages.css}}"]}`;

// WeChat's JSSDK (npm weixin-js-sdk, MIT), fetched only inside WeChat by shells/loader.js. The
// package is CommonJS; the wrapper gives it a `module` and publishes it as window.wx/jWeixin
// (unless the host page already has a wx).
const sdkDir = join(www, "node_modules", "weixin-js-sdk");
if (!existsSync(join(sdkDir, "index.js"))) {
  throw new Error(`${sdkDir} is missing: run pkg-scripts/setup (or: cd www && npm ci)`);
}
const sdkVersion = JSON.parse(readFileSync(join(sdkDir, "package.json"), "utf8")).version;
const sdkCopyright = readFileSync(join(sdkDir, "LICENSE"), "utf8").match(/Copyright[^\r\n]*/)?.[0] ?? "";
// It is ours to transform (MIT: the notice is kept in the /*! comment).
const sdk = await lower("jweixin.js", Buffer.from(
  `/*! weixin-js-sdk ${sdkVersion} | MIT License | ${sdkCopyright} | loaded only inside WeChat */\n` +
    `(function () {\nvar module = { exports: {} }, exports = module.exports;\n` +
    readFileSync(join(sdkDir, "index.js"), "utf8") +
    `\nvar wx = module.exports;\nif (wx) { window.jWeixin = wx; if (!window.wx) window.wx = wx; }\n})();\n`,
));
const sdkName = hashed("jweixin", "js", sdk);
files.set(sdkName, sdk);
refs["{{weixin-js-sdk}}"] = sdkName;
const hostOnly = new Set([sdkName]); // not part of a browser's first load

// The national division list (assets/divisions, about 58 KB raw), fetched only when a form with a
// region field opens (src/app/src/divisions.rs): in neither wasm module and not in the first load.
// Its comment lines (the source) stay in assets/divisions.
const divisionsText = readFileSync(resolve(www, "..", "assets", "divisions", "divisions.txt"), "utf8");
const divisions = Buffer.from(divisionsText.split("\n").filter((l) => !l.startsWith("#")).join("\n"));
const divisionsName = hashed("divisions", "txt", divisions);
files.set(divisionsName, divisions);
refs["{{divisions.txt}}"] = divisionsName;
const onDemand = new Set([divisionsName]);

let html = readFileSync(join(www, "index.html"), "utf8");
for (const [placeholder, name] of Object.entries(refs)) html = html.replaceAll(placeholder, name);
const missing = html.match(/\{\{[^}]+\}\}/g);
if (missing) throw new Error(`index.html names files www/ does not have: ${missing.join(", ")}`);
// www/index.html's comments are for whoever reads it, not for the phone: each is left out but
// the markers the gateway fills in (src/gateway/src/routes/index_page.rs).
const markers = ["<!--home-->", "<!--/home-->", "<!--wait-->", "<!--/wait-->", "<!--guide-preload "];
const prose = `<!--(?!${markers.map((m) => m.slice("<!--".length)).join("|")})[\\s\\S]*?-->`;
html = html.replace(new RegExp(`^[ \\t]*${prose}[ \\t]*\\n`, "gm"), "").replace(new RegExp(prose, "g"), "");
for (const m of markers) {
  if (!html.includes(m)) throw new Error(`index.html no longer has the marker ${m}`);
}
files.set("index.html", Buffer.from(html));

const rows = [];
let total = { raw: 0, gz: 0, br: 0 };
for (const [name, buf] of files) {
  writeFileSync(join(dist, name), buf);
  const gz = gzipSync(buf, { level: 9 });
  const br = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(join(dist, `${name}.gz`), gz);
  writeFileSync(join(dist, `${name}.br`), br);
  // 浙里办's own module (src/app/src/shell/zlb.rs) is fetched inside 浙里办 only, when first needed.
  const label = hostOnly.has(name) ? `${name} (WeChat only)` : name.startsWith("split_zlb-") ? `${name} (浙里办 only)`
    : later.has(name) ? `${name} (when idle)`
    : onDemand.has(name) ? `${name} (region field)` : name;
  rows.push([label, buf.length, gz.length, br.length]);
  if (!hostOnly.has(name) && !later.has(name) && !onDemand.has(name)) total = { raw: total.raw + buf.length, gz: total.gz + gz.length, br: total.br + br.length };
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
console.log(`${"file".padEnd(52)}${"raw KB".padStart(8)}${"gzip KB".padStart(8)}${"br KB".padStart(8)}`);
for (const [name, raw, gz, br] of rows) console.log(`${name.padEnd(52)}${kb(raw)}${kb(gz)}${kb(br)}`);
console.log(`${"first load in a browser".padEnd(52)}${kb(total.raw)}${kb(total.gz)}${kb(total.br)}`);

// Renames the imports of `module` in a wasm binary to short names (a, b, …, Z, ba, …), and its
// exports of closures' trampolines, which wasm-bindgen names after their Rust types
// (`wasm_bindgen_<hash>___convert__closures_…`), to `_a`, `_b`, …; returns the new binary and
// both renames. Only the import and export sections change: everything else refers to an import or
// an export by its index.
function renameImportsAndExports(buf, module) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const short = (i) => { let s = ""; do { s = letters[i % 52] + s; i = Math.floor(i / 52); } while (i); return s; };
  let list = sections("the main module", buf);
  const names = new Map();
  const entries = imports(buf, section(list, SECTION.import)).map((e) => {
    const raw = buf.subarray(e.start, e.end);
    if (e.module !== module) return raw;
    if (names.has(e.field)) throw new Error(`${module} ${e.field} is imported twice`);
    names.set(e.field, short(names.size));
    const head = encodeName(e.module).length + encodeName(e.field).length;
    return Buffer.concat([encodeName(e.module), encodeName(names.get(e.field)), raw.subarray(head)]);
  });
  let out = withSection(buf, list, SECTION.import, vector(entries));
  list = sections("the main module", out);
  const exportNames = new Map();
  const exported = exportsOf(out, section(list, SECTION.export)).map((e) => {
    if (!/^wasm_bindgen_[0-9a-f]+___convert__closures_/.test(e.name)) return out.subarray(e.start, e.end);
    exportNames.set(e.name, `_${short(exportNames.size)}`);
    return Buffer.concat([encodeName(exportNames.get(e.name)), out.subarray(e.start + encodeName(e.name).length, e.end)]);
  });
  out = withSection(out, list, SECTION.export, vector(exported));
  return { wasm: out, names, exportNames };
}
