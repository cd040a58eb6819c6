// Reading and rewriting WebAssembly binaries, section by section, for the build's own tools
// (www/tools/stack-pointer.mjs, pkg-scripts/lib/bundle.mjs): LEB128 numbers, names, the sections
// in file order, the import and export entries, and a module with one section replaced. Only what
// those tools need; each checks the shape it expects and stops the build otherwise.

// Section ids the tools look at.
export const SECTION = { custom: 0, import: 2, global: 6, export: 7 };
export const KIND_GLOBAL = 0x03;
// Where each known section may stand (the spec's order; tag 13 and data count 12 included).
const ORDER = [0, 1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

// A cursor over a byte array: LEB128 numbers, names, raw runs.
export class Reader {
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

export function u32(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export function s32(n) {
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
export function sections(file, bytes) {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (!magic.every((b, i) => bytes[i] === b)) throw new Error(`${file}: not a wasm module (version 1)`);
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

export function section(list, id) {
  return list.find((s) => s.id === id);
}

// The import section's entries: { start, end } bytes of each, and the global ones' details.
export function imports(bytes, sec) {
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

// The export section's entries: { name, kind, index, start, end }.
export function exportsOf(bytes, sec) {
  const r = new Reader(bytes, sec.start, sec.end);
  const entries = [];
  for (let n = r.u32(); n > 0; n--) {
    const start = r.pos;
    entries.push({ name: r.name(), kind: r.byte(), index: r.u32(), start, end: r.pos });
  }
  return entries;
}

// A name as the binary writes it: its UTF-8 length, then its bytes.
export function encodeName(text) {
  const utf8 = new TextEncoder().encode(text);
  return Uint8Array.from([...u32(utf8.length), ...utf8]);
}

// A vector section's contents: the count, then each entry's bytes.
export function vector(entries) {
  return Buffer.concat([Uint8Array.from(u32(entries.length)), ...entries]);
}

// The module with section `id` replaced by `contents` (a section's bytes without its header);
// `contents` null removes it. A section not yet there goes where the spec's order puts it.
export function withSection(bytes, list, id, contents) {
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
