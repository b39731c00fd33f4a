#!/usr/bin/env python3
"""Fit the crisis screen's statistical layer (src/safety/model.tsv).

Logistic regression over the words and word pairs the screen reads
(`clinicfaq eval --screen-words`), trained on every question set in
tests/regression/ (crisis = 1; answer, no_answer and answer_or_no_answer = 0;
concern and answer_or_crisis are neither and left out) plus every FAQ
question and alternate (0). Needs scikit-learn:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install scikit-learn
    cargo build --release
    /tmp/venv/bin/python scripts/train_screen_model.py           # writes src/safety/model.tsv
    /tmp/venv/bin/python scripts/train_screen_model.py --cv      # leave-one-set-out figures only

The layer only raises a tier (src/safety/model.rs: p >= 0.9 crisis, >= 0.5
concern). After retraining, `cargo test --test regression` must still hold
its floors, and the figure that counts is a fresh blind set's.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import tomllib

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

BIN = "target/release/clinicfaq"
C = 2.0
POSITIVE = {"Crisis"}
NEGATIVE = {"Answer", "NoAnswer", "AnswerOrNoAnswer"}


def words_of(path):
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        subprocess.run([BIN, "eval", "--quiet", "--screen-words", out.name, path],
                       check=True, capture_output=True)
        return [json.loads(l) for l in open(out.name) if l.strip()]


def faq_phrasings():
    lines = []
    for f in sorted(glob.glob("faq/entries/*.toml")):
        entry = tomllib.load(open(f, "rb"))
        for q in [entry["question"], *entry.get("alternates", [])]:
            lines.append(json.dumps({"q": q, "expect": "answer"}))
    return lines


def load():
    rows = []
    files = sorted(glob.glob("tests/regression/*.jsonl") + glob.glob("tests/regression/crisis/*.jsonl") + glob.glob("tests/regression/crisis/training/*.jsonl") + glob.glob("tests/regression/matching/*.jsonl") + glob.glob("tests/regression/dental/*.jsonl"))
    for f in files:
        for r in words_of(f):
            rows.append((os.path.basename(f), r))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
        tmp.write("\n".join(faq_phrasings()) + "\n")
    for r in words_of(tmp.name):
        rows.append(("faq_phrasings", r))
    os.unlink(tmp.name)
    rows = [(f, r) for f, r in rows if r["expect"] in POSITIVE | NEGATIVE]
    docs = [" ".join(r["words"]) for _, r in rows]
    y = np.array([1 if r["expect"] in POSITIVE else 0 for _, r in rows])
    files = np.array([f for f, _ in rows])
    return docs, y, files


def fit(docs, y):
    vec = CountVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), binary=True, min_df=2, lowercase=False)
    X = vec.fit_transform(docs)
    clf = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    clf.fit(X, y)
    return vec, clf


def cross_validate(docs, y, files):
    probs = np.zeros(len(docs))
    for g in sorted(set(files)):
        test = files == g
        vec, clf = fit([d for d, t in zip(docs, test) if not t], y[~test])
        probs[test] = clf.predict_proba(vec.transform([d for d, t in zip(docs, test) if t]))[:, 1]
    for thr in (0.5, 0.9, 0.95):
        pred = probs >= thr
        print(f"leave-one-set-out, p >= {thr}: recall {(pred & (y == 1)).sum()}/{(y == 1).sum()}, "
              f"false on ordinary {(pred & (y == 0)).sum()}/{(y == 0).sum()}")


def main():
    docs, y, files = load()
    cross_validate(docs, y, files)
    if "--cv" in sys.argv:
        return
    vec, clf = fit(docs, y)
    names = vec.get_feature_names_out()
    weights = clf.coef_[0]
    with open("src/safety/model.tsv", "w") as out:
        out.write("# The crisis screen's statistical layer: logistic regression over words and\n")
        out.write("# word pairs. Written by scripts/train_screen_model.py; do not edit by hand.\n")
        out.write(f"# {len(docs)} messages ({int(y.sum())} crisis), C={C}.\n")
        out.write(f"<bias>\t{clf.intercept_[0]:.6f}\n")
        kept = 0
        for name, w in sorted(zip(names, weights), key=lambda t: -abs(t[1])):
            if abs(w) >= 0.01:
                out.write(f"{name}\t{w:.5f}\n")
                kept += 1
    print(f"wrote src/safety/model.tsv: {kept} features")


if __name__ == "__main__":
    main()
