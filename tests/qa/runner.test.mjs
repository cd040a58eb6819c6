// Self-tests of QA's own suite (pkg-scripts/qa, tests/playwright.config.mjs), run by node:test in
// pkg-scripts/test: a test that passes only on its retry is reported flaky, not passed; and
// `pkg-scripts/qa --url` runs the journeys against a gateway started separately — a deployment
// without --dev — skipping, by name and with the reason, what it cannot run there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TESTS = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = join(TESTS, "..");

/** Runs a command to its end; resolves to { code, out } (stdout and stderr). */
function run(cmd, args, { env = {}, cwd = TESTS, timeout = 600_000 } = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, out: `${stdout}${stderr}` }));
  });
}

/** Every test of a Playwright JSON report, flattened: { title, project, status, results, annotations }. */
function tests(report) {
  const all = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        all.push({ title: spec.title, project: t.projectName, status: t.status, results: t.results,
          annotations: t.annotations.concat(t.results.flatMap((r) => r.annotations ?? [])) });
      }
    }
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of report.suites) walk(s);
  return all;
}

test("a test that passes only on its retry is reported flaky, not passed, and listed by name", async () => {
  const out = mkdtempSync(join(tmpdir(), "tongban-qa-flaky-"));
  try {
    const r = await run(process.execPath, [join(TESTS, "node_modules/@playwright/test/cli.js"), "test",
      "--config", "qa/flaky/flaky.config.mjs"], { env: { TONGBAN_ARTIFACTS: out } });
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    assert.deepEqual({ flaky: report.stats.flaky, expected: report.stats.expected, unexpected: report.stats.unexpected },
      { flaky: 1, expected: 0, unexpected: 0 }, r.out);
    const [racy] = tests(report);
    assert.equal(racy.status, "flaky");
    assert.deepEqual(racy.results.map((x) => x.status), ["failed", "passed"], "failed, then passed on the retry");
    // pkg-scripts/test's count: passed-with-flag, and named.
    assert.match(r.out, /^# pass 1$/m);
    assert.match(r.out, /^# fail 0$/m);
    assert.match(r.out, /^# flaky 1$/m);
    assert.match(r.out, /^# flaky \(passed on retry 1\): \[flaky\]|^# flaky \(passed on retry 1\): .*a racy read/m);
    assert.equal(r.code, 0, "a flaky test does not fail the run");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("a failed journey's report has its steps, screenshots, console log, last network requests and trace, on each attempt", { timeout: 300_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), "tongban-qa-failing-"));
  try {
    const r = await run(process.execPath, [join(TESTS, "node_modules/@playwright/test/cli.js"), "test",
      "--config", "qa/failing/failing.config.mjs"], { env: { TONGBAN_ARTIFACTS: out } });
    assert.notEqual(r.code, 0, "a failed test fails the run");
    assert.match(r.out, /^# fail 1$/m);
    assert.match(r.out, /^# failed: \[phone\] .*a journey whose page never shows what it waits for$/m);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    const [journey] = tests(report);
    assert.equal(journey.status, "unexpected");
    assert.equal(journey.results.length, 2, "retried once");
    for (const result of journey.results) {
      const names = result.attachments.map((a) => a.name);
      for (const name of ["selftest-home", "last screen", "console log", "last network requests", "trace"]) {
        assert.ok(names.includes(name), `attempt ${result.retry} has ${name}: ${names}`);
      }
      const text = (name) => {
        const a = result.attachments.find((x) => x.name === name);
        return a.body ? Buffer.from(a.body, "base64").toString() : readFileSync(a.path, "utf8");
      };
      assert.match(text("console log"), /the page speaks/);
      assert.match(text("last network requests"), /GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/\S+ → 200/);
      assert.deepEqual(result.steps.map((x) => x.title), ["home", "wait for a title the page never has"]);
      assert.match(result.errors.map((e) => e.message).join("\n"), /a title that is not there: after 10000 ms/);
    }
    assert.ok(readFileSync(join(out, "report", "index.html"), "utf8").length > 0, "the HTML report is written");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

/**
 * The gateway as a deployment runs it: no --dev (no dev tickets, no dev operator), real secrets,
 * and the QA integrator's public key registered (its private key, PKCS#8 in base64, signs here).
 */
async function deployment() {
  const data = mkdtempSync(join(tmpdir(), "tongban-qa-deployment-"));
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const spki = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  const key = privateKey.export({ type: "pkcs8", format: "der" }).toString("base64");
  const idHashKey = `qa-id-hash-key-${Date.now()}-0123456789abcdef`;
  const child = spawn(join(ROOT, "target", "debug", "tongban-gateway"), [], {
    env: {
      ...process.env,
      TONGBAN_ADDR: "127.0.0.1:0",
      TONGBAN_DATABASE_URL: `sqlite://${data}/tongban.db`,
      TONGBAN_DATA_DIR: data,
      TONGBAN_STATIC_DIR: join(ROOT, "dist"),
      TONGBAN_TICKET_ISSUERS: `iss=qa kid=qa-1 shells=wechat,alipay,provincial,browser key=${spki}`,
      TONGBAN_SESSION_KEY: `qa-session-key-${Date.now()}-0123456789abcdef`,
      TONGBAN_WEBHOOK_SECRET: `qa-webhook-secret-${Date.now()}-0123456789abcdef`,
      TONGBAN_ID_HASH_KEY: idHashKey,
      TONGBAN_DATA_KEY: Buffer.alloc(32, 7).toString("base64"),
      TONGBAN_VERIFIER_KEY: `qa-verifier-key-${Date.now()}-0123456789abcdef`,
      TONGBAN_PUBLIC_URL: "https://h5.qa.tongban.example",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let logs = "";
  child.stderr.on("data", (d) => (logs += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${logs}`)), 30_000);
    child.stdout.on("data", (d) => {
      logs += d;
      const m = logs.match(/serving at (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => reject(new Error(`gateway exited with ${code}:\n${logs}`)));
  });
  return {
    url, key, idHashKey,
    stop: async () => {
      child.removeAllListeners("exit");
      await new Promise((resolve) => { child.on("exit", resolve); child.kill("SIGTERM"); });
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** `pkg-scripts/qa --url URL` on the plain phone, a few journeys; resolves to { code, out, tests }. */
async function qaAgainst(url, env, grep) {
  const out = mkdtempSync(join(tmpdir(), "tongban-qa-url-"));
  try {
    const r = await run(join(ROOT, "pkg-scripts", "qa"), ["--url", url, "--project", "phone", "--grep", grep,
      "e2e/core.test.mjs", "e2e/journey-progress.test.mjs", "e2e/shells.test.mjs"],
    { cwd: ROOT, env: { TONGBAN_ARTIFACTS: out, TONGBAN_QA_OPERATOR_TOKEN: "", TONGBAN_TICKET_SECRET: "", TONGBAN_QA_TICKET_KEY: "", ...env } });
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    return { ...r, tests: tests(report) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const byTitle = (list, part) => list.filter((t) => t.title.includes(part));
const reasons = (t) => t.annotations.filter((a) => a.type === "skip").map((a) => a.description).join("; ");

test("qa --url against a deployment started separately: the journeys pass with the QA integrator's ticket key; what needs more is skipped, named, with the reason", { timeout: 600_000 }, async () => {
  const gw = await deployment();
  try {
    // The deployment's ID-hash key too: the journeys' citizens are real-name people.
    const r = await qaAgainst(gw.url, {
      TONGBAN_QA_TICKET_KEY: gw.key, TONGBAN_QA_TICKET_KID: "qa-1", TONGBAN_QA_TICKET_ISS: "qa",
      TONGBAN_QA_ID_HASH_KEY: gw.idHashKey,
    },
      "core journey|an operator's move reaches the inbox|mini-program: detected");
    assert.equal(r.code, 0, r.out);
    const core = byTitle(r.tests, "core journey");
    assert.deepEqual(core.map((t) => t.status), ["expected", "expected"], r.out);
    const [inbox] = byTitle(r.tests, "an operator's move reaches the inbox");
    assert.equal(inbox.status, "skipped");
    assert.match(reasons(inbox), /TONGBAN_QA_OPERATOR_TOKEN/);
    const shells = byTitle(r.tests, "mini-program: detected");
    assert.equal(shells.length, 2);
    for (const t of shells) {
      assert.equal(t.status, "skipped");
      assert.match(reasons(t), /starts a gateway of its own \(TONGBAN_TICKET_ISSUERS\); not with --url/);
    }
    assert.match(r.out, /^# pass 2$/m);
    assert.match(r.out, /^# fail 0$/m);
    assert.match(r.out, /^# skipped 3$/m);
    assert.match(r.out, /^# skipped: \[phone\] .*an operator's move reaches the inbox.* — needs an operator/m);

    // Without the key, a journey that needs a citizen's session is skipped, saying why.
    const bare = await qaAgainst(gw.url, {}, "core journey: home");
    assert.equal(bare.code, 0, bare.out);
    const [journey] = bare.tests;
    assert.equal(journey.status, "skipped", bare.out);
    assert.match(reasons(journey), /needs dev tickets: .*TONGBAN_QA_TICKET_KEY/);
  } finally {
    await gw.stop();
  }
});

test("every journey file runs under Playwright Test: none but expect.test.mjs still imports node:test", async () => {
  const { readdirSync } = await import("node:fs");
  const dir = join(TESTS, "e2e");
  const left = readdirSync(dir).filter((f) => f.endsWith(".mjs") && f !== "expect.test.mjs")
    .filter((f) => /from\s+["']node:test["']/.test(readFileSync(join(dir, f), "utf8")));
  assert.deepEqual(left, [], "convert them as tests/e2e/README.md says (change the import line to ./support.mjs)");
});
