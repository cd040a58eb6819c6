// Gives every module wasm-split-cli cut (pkg-scripts/build) a shadow-stack pointer of its own, so
// that no module imports or exports a mutable global, which the MVP feature set lacks (Chrome
// 74+ has it; the old web-views the bundle targets do not).
//
//   node www/tools/stack-pointer.mjs <split dir> <main module's file name>
//
// wasm-split-cli shares the main module's `__stack_pointer` (global 0, a mutable i32 whose initial
// value is the top of the 1 MiB stack) as the export `__wasm_split_shared0`, which every other
// module imports as its only imported global. Instead:
// - the main module stops exporting it and keeps the upper half of the stack;
// - every other module (in file-name order: the second module, the guide's, the chunks they
//   share) gets its own slice of the lower half: its import is dropped and a defined global
//   `(mut i32) i32.const <top of its slice>` takes its place. A module that does not import the
//   pointer (a chunk that never touches the stack) keeps its slice unused and stays as it is.
// Each module's frames stay last-in-first-out in its own slice, and a pointer into any slice is
// valid in all (one shared memory). The slices must not overlap, since a module calls into a
// chunk with its own frames still live.
//
// Dropping the one imported global and putting the defined one first in the global section keeps
// every global's index (imported globals are numbered before defined ones), so no instruction
// changes and every other byte of the module is copied as it was, the name section included.
// Anything not as described stops the build with an error: a silently unshared pointer would
// corrupt the stack at run time. `wasm-tools validate --features mvp` (pkg-scripts/test) then
// proves that nothing else non-MVP is shared.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KIND_GLOBAL, Reader, SECTION, imports, s32, section, sections, u32, withSection } from "./wasm-binary.mjs";

const SHARED = { module: "__wasm_split", field: "__wasm_split_shared0" };
const POINTER_NAME = "__stack_pointer";
const I32 = 0x7f;
const MUTABLE = 0x01;

function fail(file, message) {
  throw new Error(`stack-pointer: ${file}: ${message}`);
}

// The name section's name for global `index`, or undefined.
function globalName(bytes, list, index) {
  for (const sec of list.filter((s) => s.id === SECTION.custom)) {
    const r = new Reader(bytes, sec.start, sec.end);
    if (r.name() !== "name") continue;
    while (!r.done()) {
      const id = r.byte();
      const end = r.u32() + r.pos;
      if (id === 7) {
        for (let n = r.u32(); n > 0; n--) {
          const i = r.u32();
          const name = r.name();
          if (i === index) return name;
        }
      }
      r.pos = end;
    }
  }
  return undefined;
}

// The main module: the stack's top, and the module without the export of its pointer.
function rewriteMain(file, bytes) {
  const list = sections(file, bytes);
  const imported = section(list, SECTION.import);
  if (imported && imports(bytes, imported).some((e) => e.kind === KIND_GLOBAL)) {
    fail(file, "the main module imports a global, so global 0 is not its stack pointer");
  }
  const globals = section(list, SECTION.global);
  if (!globals) fail(file, "no global section, so no __stack_pointer global");
  const g = new Reader(bytes, globals.start, globals.end);
  g.u32();
  const [type, mut, op] = [g.byte(), g.byte(), g.byte()];
  const top = op === 0x41 ? g.s32() : undefined;
  if (type !== I32 || mut !== MUTABLE || top === undefined || g.byte() !== 0x0b) {
    fail(file, "global 0 is not `(mut i32) i32.const N`, so no __stack_pointer global");
  }
  if (globalName(bytes, list, 0) !== POINTER_NAME) {
    fail(file, `global 0 is not named ${POINTER_NAME} (name section)`);
  }

  const exported = section(list, SECTION.export);
  if (!exported) fail(file, `no export section, so no ${SHARED.field} export`);
  const r = new Reader(bytes, exported.start, exported.end);
  const count = r.u32();
  const kept = [];
  let found = false;
  for (let n = count; n > 0; n--) {
    const start = r.pos;
    const name = r.name();
    const kind = r.byte();
    const index = r.u32();
    if (name === SHARED.field) {
      if (kind !== KIND_GLOBAL || index !== 0) fail(file, `${SHARED.field} is not global 0`);
      found = true;
    } else {
      kept.push(bytes.subarray(start, r.pos));
    }
  }
  if (!found) fail(file, `no export ${SHARED.field} of the stack pointer`);
  const contents = Buffer.concat([Uint8Array.from(u32(count - 1)), ...kept]);
  return { top, bytes: withSection(bytes, list, SECTION.export, contents) };
}

// Another module: its imported pointer becomes a defined global starting at `top`; null when the
// module does not import the pointer.
function rewriteOther(file, bytes, top) {
  const list = sections(file, bytes);
  const imported = section(list, SECTION.import);
  const entries = imported ? imports(bytes, imported) : [];
  const globalImports = entries.filter((e) => e.kind === KIND_GLOBAL);
  const pointer = globalImports.find((e) => e.module === SHARED.module && e.field === SHARED.field);
  if (!pointer) {
    if (globalImports.length) fail(file, "imports a global other than the stack pointer");
    return null;
  }
  if (globalImports.length !== 1) {
    fail(file, "imports other globals beside the stack pointer: global indices would shift");
  }
  if (pointer.type !== I32 || pointer.mut !== MUTABLE) fail(file, "the imported pointer is not a mutable i32");

  const rest = entries.filter((e) => e !== pointer).map((e) => bytes.subarray(e.start, e.end));
  const importContents = rest.length ? Buffer.concat([Uint8Array.from(u32(rest.length)), ...rest]) : null;
  let out = withSection(bytes, list, SECTION.import, importContents);

  const outList = sections(file, out);
  const globals = section(outList, SECTION.global);
  let count = 0;
  let existing = new Uint8Array(0);
  if (globals) {
    const r = new Reader(out, globals.start, globals.end);
    count = r.u32();
    existing = out.subarray(r.pos, globals.end);
  }
  const own = [I32, MUTABLE, 0x41, ...s32(top), 0x0b];
  const globalContents = Buffer.concat([Uint8Array.from([...u32(count + 1), ...own]), existing]);
  out = withSection(out, outList, SECTION.global, globalContents);
  return out;
}

function main() {
  const [dir, mainName] = process.argv.slice(2);
  if (!dir || !mainName) throw new Error("usage: node www/tools/stack-pointer.mjs <split dir> <main module>");
  const mainFile = join(dir, mainName);
  const { top, bytes } = rewriteMain(mainFile, readFileSync(mainFile));
  const others = readdirSync(dir)
    .filter((f) => f.endsWith(".wasm") && f !== mainName)
    .sort();
  if (!others.length) fail(dir, "no module beside the main one");
  // 16-byte aligned slices of the lower half, the first just below the main module's half.
  const slice = Math.floor(Math.floor(Math.floor(top / 2) / others.length) / 16) * 16;
  const rewritten = others.map((f, i) => {
    const file = join(dir, f);
    return [file, rewriteOther(file, readFileSync(file), Math.floor(top / 2) - i * slice)];
  });
  if (rewritten.every(([, out]) => out === null)) {
    fail(dir, "no module imports the stack pointer: has wasm-split-cli changed how it shares it?");
  }
  writeFileSync(mainFile, bytes);
  for (const [file, out] of rewritten) if (out) writeFileSync(file, out);
}

try {
  main();
} catch (e) {
  console.error(`error: ${e.message}`);
  process.exit(1);
}
