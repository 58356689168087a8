"""Benchmark the deployment-figure extractor on one core.

Prints articles/second and MB/second of ``extract`` over the dev articles
repeated to at least 5 MB of text (best of ``--repeat`` runs, by wall clock and
by this process's CPU time, which a loaded machine disturbs less), plus the time for two pathological inputs
that must stay linear: a 5 MB article with no sentence breaks, and 100,000
digits in a row.

    .venv/bin/python bench/bench_extract.py [--min-mb 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsmap.extraction import EXTRACTOR_VERSION, extract  # noqa: E402
from newsmap.extraction.gazetteer import gazetteer  # noqa: E402

DEV = ROOT / "tests" / "data" / "eval" / "dev.jsonl"


def load_dev() -> list[tuple[str, dt.date | None]]:
    articles = []
    with open(DEV, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            published = dt.date.fromisoformat(a["date"]) if a.get("date") else None
            articles.append((a["text"], published))
    return articles


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_cpu(fn, repeat: int = 3) -> tuple[float, float]:
    """(best wall seconds, best CPU seconds of this process) over ``repeat`` runs:
    on a shared machine the CPU time shows the extractor's own cost."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the dev mix; the best is reported")
    args = parser.parse_args()

    gazetteer()  # build the name tables once, outside the timings
    dev = load_dev()
    corpus, size = [], 0
    while size < args.min_mb * 1_000_000:
        for text, published in dev:
            corpus.append((text, published))
            size += len(text.encode("utf-8"))
    seconds, cpu = timed_cpu(lambda: [extract(t, p) for t, p in corpus], args.repeat)
    print(f"extractor {EXTRACTOR_VERSION}")
    print(
        f"dev articles x{len(corpus) // len(dev)}: {len(corpus)} articles, {size / 1e6:.2f} MB in {seconds:.2f} s "
        f"-> {len(corpus) / seconds:.0f} articles/s, {size / 1e6 / seconds:.2f} MB/s "
        f"(CPU time {cpu:.2f} s -> {len(corpus) / cpu:.0f} articles/s, {size / 1e6 / cpu:.2f} MB/s; "
        f"best of {args.repeat})"
    )

    flat = " ".join(t for t, _ in corpus)
    flat = re.sub(r"[.!?\n\r]+", " ", flat)[:5_000_000]
    seconds = timed(lambda: extract(flat))
    print(f"5 MB article without sentence breaks (dev text, punctuation removed): {seconds:.2f} s")

    rng = random.Random(1)
    words = [
        "troops",
        "Nato",
        "Poland",
        "5,000",
        "to",
        "the",
        "US",
        "will",
        "deploy",
        "British",
        "soldiers",
        "in",
        "Estonia",
        "and",
        "about",
    ]
    no_breaks = " ".join(rng.choice(words) for _ in range(900_000))[:5_000_000]
    seconds = timed(lambda: extract(no_breaks))
    print(f"5 MB word soup of force nouns, countries and numbers, no breaks (worst case): {seconds:.2f} s")

    digits = "".join(rng.choice("0123456789") for _ in range(100_000))
    seconds = timed(lambda: extract(f"The US will send {digits} troops to Poland."))
    print(f"100,000 digits in a row: {seconds:.3f} s")


if __name__ == "__main__":
    main()
