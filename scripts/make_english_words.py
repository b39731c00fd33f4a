#!/usr/bin/env python3
"""Writes src/matching/english_words.txt: common English words (Zipf
frequency >= 3.0 in the `wordfreq` package from PyPI, letters only, four
letters or more). The matcher and the crisis screen use it to tell a real
word ("raining") from a typo of another ("railing" mistyped).

    python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq
    /tmp/wf/bin/python scripts/make_english_words.py
"""
import re
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

MIN_ZIPF = 3.0


def main() -> None:
    words = sorted(
        {
            w
            for w in top_n_list("en", 60_000)
            if re.fullmatch(r"[a-z]{4,}", w) and zipf_frequency(w, "en") >= MIN_ZIPF
        }
    )
    out = Path(__file__).resolve().parent.parent / "src/matching/english_words.txt"
    out.write_text("\n".join(words) + "\n")
    print(f"{len(words)} words written to {out}")


if __name__ == "__main__":
    main()
