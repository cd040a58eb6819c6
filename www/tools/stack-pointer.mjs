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

const SHARED = { module: "__wasm_split", field: "__wasm_split_shared0" };
const POINTER_NAME = "__stack_pointer";
const I32 = 0x7f;
const MUTABLE = 0x01;
const KIND_GLOBAL = 0x03;
const SECTION = { custom: 0, import: 2, global: 6, export: 7 };
// Where each known section may stand (the spec's order; tag 13 and data count 12 included).
const ORDER = [0, 1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

function fail(file, message) {
  throw new Error(`stack-pointer: ${file}: ${message}`);
}

// A cursor over a byte array: LEB128 numbers, names, raw runs.
class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    Object.assign(this, { bytes, pos, end });
  }
  done() {
    return this.pos >= this.end;
  }
  byte() {
    if (this.pos >= this.end) throw new Error("unexpected end of a section");
    return this.bytes[this.pos++];
  }
  u32() {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
    }
  }
  s32() {
    let result = 0;
    let shift = 0;
    let b;
    do {
      b = this.byte();
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return shift < 32 && b & 0x40 ? result | (-1 << shift) : result;
  }
  name() {
    const len = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return text;
  }
  limits() {
    const flags = this.byte();
    this.u32();
    if (flags & 0x01) this.u32();
  }
}

function u32(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function s32(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

// The module's sections, in file order: { id, header, start, end }, where `header` is where the
// section begins and `start`..`end` its contents.
function sections(file, bytes) {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (!magic.every((b, i) => bytes[i] === b)) fail(file, "not a wasm module (version 1)");
  const out = [];
  const r = new Reader(bytes, 8);
  while (!r.done()) {
    const header = r.pos;
    const id = r.byte();
    const size = r.u32();
    out.push({ id, header, start: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return out;
}

function section(list, id) {
  return list.find((s) => s.id === id);
}

// The import section's entries: { start, end } bytes of each, and the global ones' details.
function imports(bytes, sec) {
  const r = new Reader(bytes, sec.start, sec.end);
  const entries = [];
  for (let n = r.u32(); n > 0; n--) {
    const start = r.pos;
    const entry = { module: r.name(), field: r.name(), kind: r.byte() };
    if (entry.kind === 0x00) r.u32(); // function: type index
    else if (entry.kind === 0x01) (r.byte(), r.limits()); // table: element type, limits
    else if (entry.kind === 0x02) r.limits(); // memory
    else if (entry.kind === KIND_GLOBAL) Object.assign(entry, { type: r.byte(), mut: r.byte() });
    else if (entry.kind === 0x04) (r.byte(), r.u32()); // tag: attribute, type index
    else throw new Error(`unknown import kind ${entry.kind}`);
    entries.push({ ...entry, start, end: r.pos });
  }
  return entries;
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

// The module with section `id` replaced by `contents` (a section's bytes without its header);
// `contents` null removes it. A section not yet there goes where the spec's order puts it.
function withSection(bytes, list, id, contents) {
  const parts = [bytes.subarray(0, 8)];
  const encoded = contents && Uint8Array.from([id, ...u32(contents.length), ...contents]);
  let placed = !contents;
  for (const sec of list) {
    if (!placed && sec.id !== SECTION.custom && ORDER.indexOf(sec.id) > ORDER.indexOf(id)) {
      parts.push(encoded);
      placed = true;
    }
    if (sec.id === id) {
      if (!placed) parts.push(encoded);
      placed = true;
      continue;
    }
    parts.push(bytes.subarray(sec.header, sec.end));
  }
  if (!placed) parts.push(encoded);
  return Buffer.concat(parts);
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
