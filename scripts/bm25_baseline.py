#!/usr/bin/env python3
"""Plain Okapi BM25 over question + alternates + answer: the baseline the
matcher's ranking must beat on any content (issue 12).

Lowercase words, English stop words removed, no stemming, no synonyms, no
typo repair. Reports, over the in-scope cases (those with slugs), how often
the right entry is ranked first and in the top 3.

usage: scripts/bm25_baseline.py CONTENT QUESTIONS.jsonl
"""
import json
import math
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

STOP = set(
    "a about all also am an and any are as at be been being but by can could did do does "
    "doing for from get got had has have having he her here him his how i if in into is it "
    "its just me might more much my myself of on or our out she should so some than that the "
    "their them then there these they this those to too up us very was we were what when "
    "where which while who why will with would you your".split()
)


def tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


def main() -> None:
    content, questions = Path(sys.argv[1]), Path(sys.argv[2])
    docs = []
    for path in sorted((content / "entries").glob("*.toml")):
        e = tomllib.loads(path.read_text())
        text = " ".join([e["question"], *e.get("alternates", []), e["answer"]])
        docs.append((e["slug"], Counter(tokens(text))))
    n = len(docs)
    avg = sum(sum(c.values()) for _, c in docs) / n
    df = Counter(t for _, c in docs for t in c)
    k1, b = 1.2, 0.75

    def score(q: list[str], c: Counter) -> float:
        length = sum(c.values())
        s = 0.0
        for t in q:
            if t in c:
                idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                s += idf * c[t] * (k1 + 1) / (c[t] + k1 * (1 - b + b * length / avg))
        return s

    top1 = top3 = total = 0
    for line in questions.read_text().splitlines():
        case = json.loads(line)
        if not case.get("slugs") or case["expect"] == "no_answer":
            continue
        q = tokens(case["q"])
        ranked = sorted(docs, key=lambda d: (-score(q, d[1]), d[0]))
        best = [slug for slug, c in ranked[:3] if score(q, c) > 0]
        total += 1
        top1 += bool(best) and best[0] in case["slugs"]
        top3 += any(s in case["slugs"] for s in best)
    print(f"bm25 top1 {top1}/{total} {top1 / total:.3f}  top3 {top3}/{total} {top3 / total:.3f}")


if __name__ == "__main__":
    main()
