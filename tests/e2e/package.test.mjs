// pkg-scripts/package: each shell generated into a temp dir and checked as its tools would —
// every JSON file parses, the layout is complete, the pages' own code (run in a sandbox with a
// fake wx / my) builds the web-view address with the ticket encoded in the fragment and hands
// the map page's query to openLocation; the WeChat project passes miniprogram-ci's offline
// checks (analyseCode, checkCodeQuality) with a placeholder appid and a throwaway key.
// Alipay's own CLI (minidev) needs the network, so its project is checked by layout and JSON.
import { test, before, after } from "./support.mjs";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import vm from "node:vm";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { ROOT } from "./support.mjs";

const run = promisify(execFile);
// The H5 at the host's root: a sub-path needs TONGBAN_BASE_PATH or a --hash bundle (warned).
const H5 = "https://tongban.example.gov.cn/?from=shell";
const SUBSCRIBE_URL = "https://integrator.example.com/tongban/subscriptions";
const TEMPLATES = ["tmpl-accepted-1", "tmpl_rejected-2"];
const TICKET_URL = "https://integrator.example.com/tongban/ticket";
// A ticket with every character that must be encoded in a URL fragment.
const ODD_TICKET = "v1.eyJzdWIiOiJvNl9i+/=&#?%.sig-_";

let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "tongban-package-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function pkg(...args) {
  return run(join(ROOT, "pkg-scripts", "package"), args, { cwd: ROOT, timeout: 60_000 });
}

function files(root, dir = root) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(root, p));
    else out.push(relative(root, p));
  }
  return out.sort();
}

function everyJsonParses(root) {
  const json = files(root).filter((f) => f.endsWith(".json"));
  assert.ok(json.length >= 3, "there are JSON files to check");
  for (const f of json) {
    assert.doesNotThrow(() => JSON.parse(readFileSync(join(root, f), "utf8")), `${f} is valid JSON`);
  }
}

/** Runs a page file as the mini-program runtime would: globals (wx or my), Page(), getApp().
 * The page's own modules (utils/host.js) load through node's require, so the host's global is
 * set there too, for the calls the test then makes. */
function loadPage(file, host) {
  delete globalThis.wx;
  delete globalThis.my;
  Object.assign(globalThis, host);
  let definition;
  const app = { globalData: {} };
  const context = vm.createContext({
    ...host,
    console,
    Page: (d) => { definition = d; },
    getApp: () => app,
    require: createRequire(file),
    module: { exports: {} },
  });
  vm.runInContext(readFileSync(file, "utf8"), context, { filename: file });
  const page = { ...definition, data: { ...definition.data }, app };
  page.setData = (d) => Object.assign(page.data, d);
  return page;
}

test("package wechat: a complete mini-program; the web-view gets the ticket encoded in the fragment", async () => {
  const out = join(dir, "wechat");
  const { stderr } = await pkg("wechat", "--h5-url", H5, "--appid", "wx1234567890abcdef", "--ticket-url", TICKET_URL,
    "--subscribe-templates", TEMPLATES.join(","), "--subscribe-url", SUBSCRIBE_URL, "--out", out);
  assert.equal(stderr, "", "the H5 at the root needs no warning");
  assert.deepEqual(files(out), [
    "README.md", "app.js", "app.json", "config.js",
    "pages/index/index.js", "pages/index/index.json", "pages/index/index.wxml", "pages/index/index.wxss",
    "pages/map/map.js", "pages/map/map.json", "pages/map/map.wxml", "pages/map/map.wxss",
    "pages/subscribe/subscribe.js", "pages/subscribe/subscribe.json", "pages/subscribe/subscribe.wxml", "pages/subscribe/subscribe.wxss",
    "project.config.json", "sitemap.json", "utils/host.js", "utils/subscribe.js", "utils/url.js",
  ]);
  everyJsonParses(out);
  const app = JSON.parse(readFileSync(join(out, "app.json"), "utf8"));
  assert.deepEqual(app.pages, ["pages/index/index", "pages/map/map", "pages/subscribe/subscribe"]);
  for (const p of app.pages) for (const ext of ["js", "json", "wxml"]) assert.ok(existsSync(join(out, `${p}.${ext}`)), `${p}.${ext}`);
  const project = JSON.parse(readFileSync(join(out, "project.config.json"), "utf8"));
  assert.equal(project.appid, "wx1234567890abcdef");
  assert.equal(project.compileType, "miniprogram");
  assert.equal(JSON.parse(readFileSync(join(out, "sitemap.json"), "utf8")).rules[0].action, "disallow");
  const wxml = readFileSync(join(out, "pages/index/index.wxml"), "utf8");
  assert.match(wxml, /<web-view[^>]* src="\{\{src\}\}"[^>]* bindmessage="onMessage"/);

  // The index page logs in, asks the integrator's backend for a ticket, opens the H5 with it.
  const requests = [];
  const index = loadPage(join(out, "pages/index/index.js"), {
    wx: {
      login: ({ success }) => success({ code: "code-1" }),
      request: (o) => { requests.push(o); o.success({ statusCode: 200, data: { ticket: ODD_TICKET } }); },
      getAppBaseInfo: () => ({ fontSizeSetting: 22 }),
    },
  });
  index.onLoad({});
  assert.deepEqual(requests.map((r) => [r.url, r.method, r.data.code]), [[TICKET_URL, "POST", "code-1"]]);
  assert.equal(index.data.src, `${H5}#ticket=${encodeURIComponent(ODD_TICKET)}&elder=1`);
  assert.equal(decodeURIComponent(new URL(index.data.src).hash.match(/ticket=([^&]*)/)[1]), ODD_TICKET);
  // Relaunched by the H5 when its session ended: the web-view opens at the path it gave; a
  // path that leaves the H5 (another host, ..) opens the start page instead.
  index.onLoad({ path: encodeURIComponent("/apply/440000/gd-17?from=shell") });
  assert.equal(index.data.src, `https://tongban.example.gov.cn/apply/440000/gd-17?from=shell#ticket=${encodeURIComponent(ODD_TICKET)}&elder=1`);
  for (const away of ["//evil.example.com/x", "https://evil.example.com/", "/a/../../x", "/x#y"]) {
    index.onLoad({ path: encodeURIComponent(away) });
    assert.ok(index.data.src.startsWith(`${H5}#ticket=`), `${away} → ${index.data.src}`);
  }
  // bindmessage: the receipts the H5 posted, delivered on back/share/destroy.
  index.onMessage({ detail: { data: [{ type: "submitted", receipt_no: "TB0123456789ABCDEF", item: "gd-17" }] } });
  assert.equal(index.app.globalData.lastReceipt, "TB0123456789ABCDEF");

  // The map page hands the query's coordinates to wx.openLocation.
  const opened = [];
  const map = loadPage(join(out, "pages/map/map.js"), { wx: { openLocation: (o) => opened.push(o) } });
  map.onLoad({ lat: "23.13", lng: "113.305", name: encodeURIComponent("广州市医疗保险服务管理中心"), address: encodeURIComponent("广州市梅东路28号") });
  assert.equal(opened.length, 1);
  assert.deepEqual(
    { latitude: opened[0].latitude, longitude: opened[0].longitude, name: opened[0].name, address: opened[0].address },
    { latitude: 23.13, longitude: 113.305, name: "广州市医疗保险服务管理中心", address: "广州市梅东路28号" },
  );
  const bad = loadPage(join(out, "pages/map/map.js"), { wx: { openLocation: (o) => opened.push(o) } });
  bad.onLoad({ lat: "x", lng: "113" });
  assert.equal(opened.length, 1, "no openLocation without coordinates");
  assert.ok(bad.data.error);

  // 订阅办件进度: a tap asks for the package's templates; the accepted ones go, with a fresh
  // login code and the receipt, to the integrator's backend.
  assert.match(readFileSync(join(out, "pages/subscribe/subscribe.wxml"), "utf8"), /<button[^>]* bindtap="subscribe"/);
  const sent = [];
  const sub = loadPage(join(out, "pages/subscribe/subscribe.js"), {
    wx: {
      requestSubscribeMessage: (o) => {
        assert.deepEqual([...o.tmplIds], TEMPLATES);
        o.success({ errMsg: "requestSubscribeMessage:ok", [TEMPLATES[0]]: "accept", [TEMPLATES[1]]: "reject" });
      },
      login: ({ success }) => success({ code: "code-2" }),
      request: (o) => { sent.push(o); o.success({ statusCode: 204 }); },
    },
  });
  sub.onLoad({ receipt_no: "TB0123456789ABCDEF" });
  assert.equal(sub.data.state, "ready");
  sub.subscribe();
  assert.deepEqual(sent.map((r) => [r.url, r.method, JSON.stringify(r.data)]), [[SUBSCRIBE_URL, "POST",
    JSON.stringify({ code: "code-2", receipt_no: "TB0123456789ABCDEF", template_ids: [TEMPLATES[0]] })]]);
  assert.equal(sub.data.state, "done");
  // Opened again after a 补正: it says why first.
  const again = loadPage(join(out, "pages/subscribe/subscribe.js"), { wx: {} });
  again.onLoad({ receipt_no: "TB0123456789ABCDEF", step: "returned" });
  assert.match(again.data.text, /^您的办件已退回补正。补正提交后，办件有新进展时/);
  const refused = loadPage(join(out, "pages/subscribe/subscribe.js"), {
    wx: { requestSubscribeMessage: (o) => o.fail({ errCode: 20004, errMsg: "requestSubscribeMessage:fail" }) },
  });
  refused.onLoad({ receipt_no: "TB0123456789ABCDEF" });
  refused.subscribe();
  assert.equal(refused.data.state, "failed", "a refused request says so and offers the button again");
});

test("package wechat: miniprogram-ci's offline analyseCode and checkCodeQuality pass", { timeout: 90_000 }, async () => {
  const out = join(dir, "wechat-ci");
  await pkg("wechat", "--h5-url", H5, "--subscribe-templates", TEMPLATES.join(","), "--subscribe-url", SUBSCRIBE_URL,
    "--out", out); // the placeholder appid
  const key = join(dir, "private.wx0000000000000000.key");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(key, privateKey.export({ type: "pkcs1", format: "pem" }));
  // miniprogram-ci leaves a file watcher running: run it in a child that exits when done.
  const script = `
    const ci = require("miniprogram-ci");
    (async () => {
      const project = new ci.Project({ appid: "wx0000000000000000", type: "miniProgram",
        projectPath: ${JSON.stringify(out)}, privateKeyPath: ${JSON.stringify(key)}, ignores: ["node_modules/**/*"] });
      const analysis = await ci.analyseCode(project, { silent: true });
      const quality = await ci.checkCodeQuality(project);
      process.stdout.write("\\n@@" + JSON.stringify({ files: analysis.files.map((f) => f.path), quality }) + "\\n");
      process.exit(0);
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const { stdout } = await run(process.execPath, ["-e", script], { cwd: join(ROOT, "tests"), timeout: 80_000 });
  const result = JSON.parse(stdout.slice(stdout.indexOf("\n@@") + 3));
  for (const f of ["app.js", "app.json", "pages/index/index.wxml", "pages/map/map.js", "pages/subscribe/subscribe.js", "pages/subscribe/subscribe.wxml", "utils/subscribe.js", "utils/url.js", "config.js"]) {
    assert.ok(result.files.includes(f), `analyseCode sees ${f}`);
  }
  assert.ok(result.quality.length >= 5, "checkCodeQuality ran its checks");
  const failed = result.quality.filter((c) => !c.success).map((c) => `${c.name}: ${c.text}`);
  assert.deepEqual(failed, [], "every code-quality check passes");
});

test("package alipay: a complete mini-program with onMessage and a my.openLocation map page", async () => {
  const out = join(dir, "alipay");
  await pkg("alipay", "--h5-url", H5, "--ticket-url", TICKET_URL, "--elder", "off",
    "--subscribe-templates", TEMPLATES.join(","), "--subscribe-url", SUBSCRIBE_URL, "--out", out);
  assert.deepEqual(files(out), [
    "README.md", "app.js", "app.json", "config.js", "mini.project.json",
    "pages/index/index.acss", "pages/index/index.axml", "pages/index/index.js", "pages/index/index.json",
    "pages/map/map.acss", "pages/map/map.axml", "pages/map/map.js", "pages/map/map.json",
    "pages/subscribe/subscribe.acss", "pages/subscribe/subscribe.axml", "pages/subscribe/subscribe.js", "pages/subscribe/subscribe.json",
    "utils/host.js", "utils/subscribe.js", "utils/url.js",
  ]);
  everyJsonParses(out);
  const app = JSON.parse(readFileSync(join(out, "app.json"), "utf8"));
  assert.deepEqual(app.pages, ["pages/index/index", "pages/map/map", "pages/subscribe/subscribe"]);
  for (const p of app.pages) for (const ext of ["js", "json", "axml"]) assert.ok(existsSync(join(out, `${p}.${ext}`)), `${p}.${ext}`);
  assert.equal(JSON.parse(readFileSync(join(out, "mini.project.json"), "utf8")).compileType, "mini");
  assert.match(readFileSync(join(out, "pages/index/index.axml"), "utf8"), /<web-view[^>]* src="\{\{src\}\}"[^>]* onMessage="onMessage"/);

  const index = loadPage(join(out, "pages/index/index.js"), {
    my: {
      getAuthCode: (o) => { assert.equal(o.scopes, "auth_base"); o.success({ authCode: "auth-1" }); },
      request: (o) => {
        assert.equal(o.url, TICKET_URL);
        assert.deepEqual(JSON.parse(o.data), { authCode: "auth-1" });
        o.success({ status: 200, data: { ticket: ODD_TICKET } });
      },
      getSystemInfoSync: () => ({ fontSizeSetting: 3 }),
    },
  });
  index.onLoad({});
  assert.equal(index.data.src, `${H5}#ticket=${encodeURIComponent(ODD_TICKET)}`, "--elder off: no elder flag");
  index.onMessage({ detail: { type: "submitted", receipt_no: "TB0123456789ABCDEF", item: "gd-17" } });
  assert.equal(index.app.globalData.lastReceipt, "TB0123456789ABCDEF");

  const opened = [];
  assert.equal(
    readFileSync(join(out, "utils/url.js"), "utf8"),
    readFileSync(join(ROOT, "assets/shells/common/utils/url.js"), "utf8"),
    "both mini-programs get the one shared web-view address builder",
  );
  const map = loadPage(join(out, "pages/map/map.js"), { my: { openLocation: (o) => opened.push(o) } });
  map.onLoad({ lat: "29.533", lng: "108.771", name: encodeURIComponent("重庆市黔江区医疗保障局"), address: "" });
  assert.deepEqual([opened[0].latitude, opened[0].longitude, opened[0].name], ["29.533", "108.771", "重庆市黔江区医疗保障局"]);

  // 订阅办件进度: my.requestSubscribeMessage with entityIds, then my.getAuthCode and the backend.
  assert.match(readFileSync(join(out, "pages/subscribe/subscribe.axml"), "utf8"), /<button[^>]* onTap="subscribe"/);
  const sent = [];
  const sub = loadPage(join(out, "pages/subscribe/subscribe.js"), {
    my: {
      requestSubscribeMessage: (o) => {
        assert.deepEqual([...o.entityIds], TEMPLATES);
        o.success({ behavior: "subscribe", [TEMPLATES[0]]: "accept", [TEMPLATES[1]]: "reject" });
      },
      getAuthCode: (o) => { assert.equal(o.scopes, "auth_base"); o.success({ authCode: "auth-2" }); },
      request: (o) => { sent.push(o); o.success({ status: 200 }); },
    },
  });
  sub.onLoad({ receipt_no: "TB0123456789ABCDEF" });
  sub.subscribe();
  assert.deepEqual(sent.map((r) => [r.url, r.method, JSON.parse(r.data)]), [[SUBSCRIBE_URL, "POST",
    { code: "auth-2", receipt_no: "TB0123456789ABCDEF", template_ids: [TEMPLATES[0]] }]]);
  assert.equal(sub.data.state, "done");
});

test("package: a mini-program without --subscribe-templates gets a subscription page that says reminders are off", async () => {
  const out = join(dir, "wechat-nosub");
  await pkg("wechat", "--h5-url", H5, "--out", out);
  const asked = [];
  const sub = loadPage(join(out, "pages/subscribe/subscribe.js"), { wx: { requestSubscribeMessage: (o) => asked.push(o) } });
  sub.onLoad({ receipt_no: "TB0123456789ABCDEF" });
  assert.equal(sub.data.state, "off");
  assert.match(sub.data.text, /暂未开通/);
});

test("package warns about an H5 address under a path, and says what serves it there", async () => {
  const out = join(dir, "wechat-path");
  const { stderr } = await pkg("wechat", "--h5-url", "https://tongban.example.gov.cn/h5/", "--out", out);
  assert.match(stderr, /TONGBAN_BASE_PATH=\/h5/);
  assert.match(stderr, /--hash/);
  const noSlash = await pkg("wechat", "--h5-url", "https://tongban.example.gov.cn/h5", "--out", out);
  assert.match(noSlash.stderr, /neither a directory nor index\.html/);
  assert.match(noSlash.stderr, /Use \/h5\//);
});

test("package provincial: the built bundle with the bridge switched on and the exchange configured", async (t) => {
  assert.ok(existsSync(join(ROOT, "dist", "index.html")), "dist/ is built (pkg-scripts/build runs before this suite)");
  const out = join(dir, "provincial");
  const bridge = "https://assets.zjzwfw.gov.cn/assets/ZWJSBridge/1.1.0/zwjsbridge.js";
  await pkg("provincial", "--h5-url", H5, "--ticket-url", "/integrator/ticket", "--bridge-src", bridge, "--out", out);
  const www = join(out, "www");
  for (const f of readdirSync(join(ROOT, "dist")).filter((f) => !f.startsWith("index.html"))) {
    assert.ok(statSync(join(www, f)).isFile(), `${f} is in the package`);
  }
  const html = readFileSync(join(www, "index.html"), "utf8");
  assert.match(html, /<meta name="tongban-shell" content="provincial">/);
  assert.match(html, /<meta name="tongban-ticket-exchange" content="\/integrator\/ticket">/);
  assert.ok(html.indexOf(bridge) < html.indexOf("<script type=\"module\""), "the bridge loads before the app");
  assert.equal(gunzipSync(readFileSync(join(www, "index.html.gz"))).toString(), html, "index.html.gz matches");
  assert.equal(brotliDecompressSync(readFileSync(join(www, "index.html.br"))).toString(), html, "index.html.br matches");
  assert.match(readFileSync(join(out, "README.md"), "utf8"), /ZWJSBridge/);

  assert.match(html, /<base href="\/">/, "path routing by default");

  // --hash: routes in the fragment and no <base>, for a platform's …/reserved/index.html#/…
  const hashed = join(dir, "provincial-hash");
  await pkg("provincial", "--h5-url", H5, "--hash", "--out", hashed);
  const hashHtml = readFileSync(join(hashed, "www", "index.html"), "utf8");
  assert.match(hashHtml, /<meta name="tongban-routing" content="hash">/);
  assert.doesNotMatch(hashHtml, /<base /);
  assert.doesNotMatch(hashHtml, /(src|href)="\//, "every path is relative");

  // For IRS: API calls through mgop, zwlog for page views; no private bridge for the regions' apps.
  const irs = join(dir, "provincial-irs");
  await pkg("provincial", "--h5-url", H5, "--irs", "--mgop-api", "mgop.bureau.tongban.api", "--mgop-appkey", "key-1",
    "--zwlog-src", "https://assets.zjzwfw.gov.cn/assets/zwlog/1.0.0/zwlog.js", "--zwlog-app-id", "app-1", "--out", irs);
  const irsHtml = readFileSync(join(irs, "www", "index.html"), "utf8");
  for (const m of ['name="tongban-api-transport" content="mgop"', 'name="tongban-mgop-api" content="mgop.bureau.tongban.api"',
    'name="tongban-mgop-appkey" content="key-1"', 'name="tongban-zwlog-app-id" content="app-1"', "zwlog/1.0.0/zwlog.js"]) {
    assert.ok(irsHtml.includes(m), m);
  }
  const plain = join(dir, "provincial-plain");
  await pkg("provincial", "--h5-url", H5, "--profile", "plain", "--api-url", "https://api.example.gov.cn/api/v1", "--out", plain);
  const plainHtml = readFileSync(join(plain, "www", "index.html"), "utf8");
  assert.match(plainHtml, /<meta name="tongban-bridge" content="none">/);
  assert.match(plainHtml, /<meta name="tongban-api" content="https:\/\/api\.example\.gov\.cn\/api\/v1">/);
  assert.doesNotMatch(plainHtml, /ZWJSBridge|tongban-ticket-exchange/, "no private bridge, no exchange");

  // Without --bridge-src the page says where the tag goes.
  const bare = join(dir, "provincial-bare");
  await pkg("provincial", "--h5-url", H5, "--out", bare);
  assert.match(readFileSync(join(bare, "www", "index.html"), "utf8"), /<!-- ZWJSBridge: put the platform's script tag here/);
});

test("package refuses plain http, a fragment, a malformed appid and a foreign output directory", async () => {
  const refused = async (args, why) => {
    await assert.rejects(pkg(...args), (e) => e.code > 0 && why.test(e.stderr), `${args.join(" ")} → ${why}`);
  };
  await refused(["wechat", "--h5-url", "http://tongban.example.gov.cn/", "--out", join(dir, "r1")], /https/);
  await refused(["wechat", "--h5-url", `${H5}#x`, "--out", join(dir, "r2")], /fragment/);
  await refused(["wechat", "--h5-url", H5, "--appid", "wx123", "--out", join(dir, "r3")], /appid/);
  const foreign = join(dir, "foreign");
  mkdirSync(foreign);
  writeFileSync(join(foreign, "keep.txt"), "not ours");
  await refused(["alipay", "--h5-url", H5, "--out", foreign], /not empty/);
  assert.ok(existsSync(join(foreign, "keep.txt")), "nothing was deleted");
  await refused(["weibo", "--h5-url", H5], /unknown shell/);
  await refused(["wechat", "--h5-url", H5, "--subscribe-templates", "a,b,c,d", "--subscribe-url", SUBSCRIBE_URL, "--out", join(dir, "r4")], /at most 3/);
  await refused(["wechat", "--h5-url", H5, "--subscribe-templates", "a", "--out", join(dir, "r5")], /go together/);
  await refused(["wechat", "--h5-url", H5, "--hash", "--out", join(dir, "r6")], /provincial shell only/);
  await refused(["provincial", "--h5-url", H5, "--irs", "--out", join(dir, "r7")], /--mgop-api/);
  await refused(["provincial", "--h5-url", H5, "--api-url", "https://api.example.gov.cn/", "--out", join(dir, "r8")], /api\/v1/);
  await refused(["provincial", "--h5-url", H5, "--profile", "plain", "--servicecode", "x", "--out", join(dir, "r9")], /no private bridge/);
});
