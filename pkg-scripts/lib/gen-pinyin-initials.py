#!/usr/bin/env python3
"""Regenerates assets/catalogue/pinyin-initials.txt: the first letters of the pinyin of every
Chinese character in the catalogue's item names, so the app can search by initials (ydjy →
异地就医). Polyphonic characters keep every reading's initial (长 → z c).

Needs pypinyin 0.53.0 (MIT): `pip install pypinyin==0.53.0`, or put its wheel on PYTHONPATH.
The rules crate's catalogue check fails when a name has a character missing from the file."""
import glob, json, os, sys
from pypinyin import pinyin, Style

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CAT = os.path.join(ROOT, "assets", "catalogue")

names = set()
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("name", "parent_name", "category") and isinstance(v, str):
                names.add(v)
            else:
                walk(v)
    elif isinstance(o, list):
        for x in o:
            walk(x)

for f in sorted(glob.glob(os.path.join(CAT, "regions", "*.json"))) + [os.path.join(CAT, "national.json")]:
    walk(json.load(open(f, encoding="utf-8")))

chars = sorted({c for n in names for c in n if "\u4e00" <= c <= "\u9fff"})
out = ["# pinyin initials of the characters in the catalogue's item names (pypinyin 0.53.0, heteronyms)",
       "# regenerate: pkg-scripts/lib/gen-pinyin-initials.py"]
for c in chars:
    letters = []
    for reading in pinyin(c, style=Style.FIRST_LETTER, heteronym=True)[0]:
        l = reading[:1].lower()
        if l.isascii() and l.isalpha() and l not in letters:
            letters.append(l)
    if not letters:
        sys.exit(f"no pinyin for {c}")
    out.append(f"{c} {''.join(letters)}")
open(os.path.join(CAT, "pinyin-initials.txt"), "w", encoding="utf-8").write("\n".join(out) + "\n")
print(f"{len(chars)} characters")
