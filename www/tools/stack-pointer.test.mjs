// www/tools/stack-pointer.mjs on small modules shaped as wasm-split-cli cuts them (made here with
// binaryen's JS API): each other module gets a stack pointer of its own on its own slice, the main
// module stops sharing its own, no global's index moves, and anything not as expected stops the
// build. Run by pkg-scripts/test (bundle step): node --test www/tools/
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import binaryen from "binaryen";

const SCRIPT = new URL("./stack-pointer.mjs", import.meta.url).pathname;
const TOP = 1048576;

// The main module: `__stack_pointer` (global 0, the stack's top), shared as `exportName`.
function mainModule({ pointerName = "__stack_pointer", exportName = "__wasm_split_shared0" } = {}) {
  const m = new binaryen.Module();
  m.addGlobal(pointerName, binaryen.i32, true, m.i32.const(TOP));
  m.addGlobal("heap_base", binaryen.i32, false, m.i32.const(TOP + 4096));
  if (exportName) m.addGlobalExport(pointerName, exportName);
  m.addFunction("f", binaryen.none, binaryen.i32, [], m.global.get(pointerName, binaryen.i32));
  m.addFunctionExport("f", "f");
  return emit(m);
}

// Another module: imports the pointer (unless `importsPointer` is false) and has a global of its
// own of another type, so that a moved index would no longer validate.
function otherModule({ importsPointer = true, extraImport = false } = {}) {
  const m = new binaryen.Module();
  if (importsPointer) {
    m.addGlobalImport("__stack_pointer", "__wasm_split", "__wasm_split_shared0", binaryen.i32, true);
  }
  if (extraImport) m.addGlobalImport("imported", "env", "imported", binaryen.i32, false);
  m.addGlobal("own", binaryen.f64, false, m.f64.const(1.5));
  const body = importsPointer
    ? m.block(null, [
        m.global.set("__stack_pointer", m.i32.sub(m.global.get("__stack_pointer", binaryen.i32), m.i32.const(16))),
        m.drop(m.global.get("own", binaryen.f64)),
      ])
    : m.drop(m.global.get("own", binaryen.f64));
  m.addFunction("g", binaryen.none, binaryen.none, [], body);
  m.addFunctionExport("g", "g");
  return emit(m);
}

// wasm-split-cli's modules share the pointer as a mutable global: beyond MVP.
function emit(m) {
  m.setFeatures(binaryen.Features.MutableGlobals);
  binaryen.setDebugInfo(true); // the name section, as wasm-split-cli writes it
  assert.ok(m.validate(), "the test's own module is valid");
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

// Writes `files` into a fresh directory and runs the script on it.
function run(files, t) {
  const dir = mkdtempSync(join(tmpdir(), "stack-pointer-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const result = spawnSync(process.execPath, [SCRIPT, dir, "main.wasm"], { encoding: "utf8" });
  // Read back and held to MVP: validate() then refuses a shared mutable global.
  const read = (name) => {
    const m = binaryen.readBinary(readFileSync(join(dir, name)));
    m.setFeatures(binaryen.Features.MVP);
    return m;
  };
  return { ...result, read };
}

function pointerOf(module) {
  const info = binaryen.getGlobalInfo(module.getGlobalByIndex(0));
  return { ...info, value: binaryen.getExpressionInfo(info.init).value };
}

test("the main module stops exporting its pointer and keeps it as global 0", (t) => {
  const r = run({ "main.wasm": mainModule(), "split_a.wasm": otherModule() }, t);
  assert.equal(r.status, 0, r.stderr);
  const main = r.read("main.wasm");
  assert.equal(main.getExport("__wasm_split_shared0"), 0);
  assert.notEqual(main.getExport("f"), 0);
  assert.equal(pointerOf(main).name, "__stack_pointer");
  assert.equal(pointerOf(main).value, TOP);
  assert.ok(main.validate());
});

test("every other module gets its own pointer on its own slice of the lower half", (t) => {
  const r = run({ "main.wasm": mainModule(), "chunk_1.wasm": otherModule(), "split_b.wasm": otherModule() }, t);
  assert.equal(r.status, 0, r.stderr);
  const tops = ["chunk_1.wasm", "split_b.wasm"].map((name) => {
    const m = r.read(name);
    const pointer = pointerOf(m);
    assert.equal(pointer.module, "", `${name}: the pointer is no longer imported`);
    assert.ok(pointer.mutable);
    assert.equal(pointer.type, binaryen.i32);
    // `own` (an f64) is still global 1: global.set 0 of an i32 would not validate otherwise.
    assert.equal(binaryen.getGlobalInfo(m.getGlobalByIndex(1)).name, "own");
    assert.ok(m.validate(), `${name} validates`);
    return pointer.value;
  });
  assert.deepEqual(tops, [TOP / 2, TOP / 4]);
});

test("a module that never touches the stack is left as it was", (t) => {
  const untouched = otherModule({ importsPointer: false });
  const r = run({ "main.wasm": mainModule(), "chunk_0.wasm": untouched, "split_a.wasm": otherModule() }, t);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(binaryen.getGlobalInfo(r.read("chunk_0.wasm").getGlobalByIndex(0)).name, "own");
  // chunk_0 keeps its slice: split_a's is the second one.
  assert.equal(pointerOf(r.read("split_a.wasm")).value, TOP / 4);
});

test("a main module that does not share its pointer stops the build", (t) => {
  const r = run({ "main.wasm": mainModule({ exportName: null }), "split_a.wasm": otherModule() }, t);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no export __wasm_split_shared0/);
});

test("a main module whose global 0 is not the stack pointer stops the build", (t) => {
  const r = run({ "main.wasm": mainModule({ pointerName: "other" }), "split_a.wasm": otherModule() }, t);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not named __stack_pointer/);
});

test("a module importing another global beside the pointer stops the build", (t) => {
  const r = run({ "main.wasm": mainModule(), "split_a.wasm": otherModule({ extraImport: true }) }, t);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /split_a\.wasm: imports other globals/);
});

test("no module importing the pointer stops the build", (t) => {
  const r = run({ "main.wasm": mainModule(), "split_a.wasm": otherModule({ importsPointer: false }) }, t);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no module imports the stack pointer/);
});
