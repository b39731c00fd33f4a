#!/usr/bin/env python3
"""Fit the matcher's confidence model (a logistic regression over the
features in src/matching/score.rs) from `clinicfaq eval --features` CSVs.

    cargo run --release -- eval tests/regression/tune.jsonl --quiet --features /tmp/f.csv
    python3 scripts/fit_confidence.py /tmp/f.csv

Prints the bias and weights to paste into `Weights::default()`. Pure Python,
deterministic (Newton's method with a small L2 penalty), no dependencies.
"""
import csv
import math
import sys


FIRST_FEATURE = 6  # case, expect, candidate, label, reading, unknown_share


def load(paths, top=5):
    """Rows of (label, features), keeping each reading's (the whole message,
    its question part) `top` candidates by their first feature (coverage):
    the hard negatives the decision is about."""
    rows = []
    for path in paths:
        by_case = {}
        with open(path) as f:
            reader = csv.reader(f)
            header = next(reader)
            for r in reader:
                features = [float(x) for x in r[FIRST_FEATURE:]]
                by_case.setdefault((path, r[0], r[4]), []).append((int(r[3]), features))
        for cands in by_case.values():
            cands.sort(key=lambda c: -c[1][0])
            rows.extend(cands[:top])
    return header[FIRST_FEATURE:], rows


def fit(rows, l2=0.1, steps=25):
    """Newton's method (IRLS) with a small L2 penalty on the weights."""
    n = len(rows[0][1]) + 1  # bias first
    theta = [0.0] * n
    for _ in range(steps):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for y, x in rows:
            v = [1.0] + x
            z = sum(t * xi for t, xi in zip(theta, v))
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            s = p * (1 - p)
            for i in range(n):
                grad[i] += (p - y) * v[i]
                for j in range(n):
                    hess[i][j] += s * v[i] * v[j]
        for i in range(1, n):
            grad[i] += l2 * theta[i]
            hess[i][i] += l2
        step = solve(hess, grad)
        theta = [t - d for t, d in zip(theta, step)]
    return theta[0], theta[1:]


def solve(a, b):
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def fit_nonnegative(rows):
    """Every feature is evidence *for* a match, so no weight may be negative:
    a feature whose weight comes out negative is dropped and the fit redone."""
    n = len(rows[0][1])
    active = list(range(n))
    while True:
        sub = [(y, [x[i] for i in active]) for y, x in rows]
        b, w = fit(sub)
        if all(x >= 0 for x in w):
            full = [0.0] * n
            for i, x in zip(active, w):
                full[i] = x
            return b, full
        active = [i for i, x in zip(active, w) if x >= 0]


def main():
    names, rows = load(sys.argv[1:])
    b, w = fit_nonnegative(rows)
    print(f"bias: {b:.3f}")
    print("model: [" + ", ".join(f"{x:.3f}" for x in w) + "]")
    for name, x in zip(names, w):
        print(f"  {name:<16} {x:+.3f}")


if __name__ == "__main__":
    main()
