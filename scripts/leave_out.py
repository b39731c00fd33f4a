#!/usr/bin/env python3
"""Leave-phrasings-out on a content directory.

Copies CONTENT to OUT, keeping each entry's question and its first KEEP
alternates, and writes the alternates it removed as a question set
(OUT/left_out.jsonl, expect "answer", the entry's slug). Then
`clinicfaq eval --content OUT OUT/left_out.jsonl` measures how the matcher
answers phrasings it has never seen, on content with few phrasings.

usage: scripts/leave_out.py CONTENT OUT [KEEP=2]
"""
import json
import re
import shutil
import sys
import tomllib
from pathlib import Path


def main() -> None:
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    keep = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src, out)
    cases = []
    for path in sorted((out / "entries").glob("*.toml")):
        text = path.read_text()
        entry = tomllib.loads(text)
        alternates = entry.get("alternates", [])
        kept, left = alternates[:keep], alternates[keep:]
        cases += [{"q": q, "expect": "answer", "slugs": [entry["slug"]]} for q in left]
        block = "alternates = [\n" + "".join(f"  {json.dumps(a)},\n" for a in kept) + "]"
        text, n = re.subn(r"(?ms)^alternates = \[.*?^\]", lambda _: block, text, count=1)
        if n != 1:
            sys.exit(f"{path}: no multi-line alternates block")
        path.write_text(text)
    with open(out / "left_out.jsonl", "w") as f:
        for c in cases:
            f.write(json.dumps(c) + "\n")
    print(f"{len(cases)} left-out phrasings written to {out / 'left_out.jsonl'}")


if __name__ == "__main__":
    main()
