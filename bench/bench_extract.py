"""Benchmark the deployment-figure extractor on one core.

Prints, for the evaluation articles (dev ∪ dev2) repeated to at least 5 MB of text:

- articles/s and MB/s in-process (``analyse_many``; best of ``--repeat`` runs, by wall
  clock and by this process's CPU time, which a loaded machine disturbs less), and the
  parser's share of that time;
- articles/s as a whole process (``manage.py extract`` over the same file: start-up,
  model loading and JSON included), by wall clock and by the child's CPU time;

and the time of pathological inputs that must stay bounded: a 1 MB article without
sentence breaks, 1 MB of word soup, and 100,000 digits in a row.

    .venv/bin/python bench/bench_extract.py [--min-mb 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# One core: the parser's linear algebra must not spread over several threads.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsmap.extraction import EXTRACTOR_VERSION, analyse, analyse_many, extractor  # noqa: E402
from newsmap.extraction.parse import pipeline  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval"


def load_articles() -> list[dict]:
    articles = []
    for name in ("dev", "dev2"):
        with open(EVAL / f"{name}.jsonl", encoding="utf-8") as f:
            articles.extend(json.loads(line) for line in f if line.strip())
    return articles


class ParseClock:
    """Times every call of the extractor's parse stage."""

    def __init__(self):
        self.seconds = 0.0
        self._parse = extractor.parse

    def __call__(self, texts):
        start = time.process_time()
        try:
            return self._parse(texts)
        finally:
            self.seconds += time.process_time() - start


def best_of(fn, repeat: int) -> tuple[float, float]:
    """(best wall seconds, best CPU seconds of this process) over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def whole_process(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``manage.py extract PATH`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "extract", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs; the best is reported")
    args = parser.parse_args()

    articles = load_articles()
    corpus, size = [], 0
    while size < args.min_mb * 1_000_000:
        for a in articles:
            corpus.append(a)
            size += len(a["text"].encode("utf-8"))
    items = [(a["text"], dt.date.fromisoformat(a["date"][:10]) if a.get("date") else None) for a in corpus]
    print(
        f"extractor {EXTRACTOR_VERSION}; {len(corpus)} articles (dev + dev2 x{len(corpus) // len(articles)}), "
        f"{size / 1e6:.2f} MB"
    )

    start = time.perf_counter()
    pipeline()
    analyse(articles[0]["text"])  # gazetteer, places and lemma cache warm, as in a worker
    print(f"start-up (model and tables loaded once per process): {time.perf_counter() - start:.2f} s")

    clock = ParseClock()
    extractor.parse = clock
    try:
        wall, cpu = best_of(lambda: list(analyse_many(items)), args.repeat)
    finally:
        extractor.parse = clock._parse
    parse_share = clock.seconds / args.repeat / cpu
    print(
        f"in-process: {len(corpus) / wall:.1f} articles/s, {size / 1e6 / wall:.2f} MB/s by wall clock; "
        f"{len(corpus) / cpu:.1f} articles/s by CPU time (best of {args.repeat}); "
        f"the parser takes {parse_share:.0%} of it"
    )

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for n, a in enumerate(corpus):
            f.write(json.dumps({"id": f"{a['id']}-{n}", "text": a["text"], "date": a.get("date", "")}) + "\n")
        path = Path(f.name)
    try:
        wall, cpu = whole_process(path)
    finally:
        path.unlink()
    print(
        f"whole process (manage.py extract): {len(corpus) / wall:.1f} articles/s by wall clock, "
        f"{len(corpus) / cpu:.1f} articles/s by CPU time ({wall:.1f} s)"
    )

    flat = re.sub(r"[.!?\n\r]+", " ", " ".join(a["text"] for a in corpus))[:1_000_000]
    wall, _ = best_of(lambda: analyse(flat), 1)
    print(f"1 MB article without sentence breaks (evaluation text, punctuation removed): {wall:.2f} s")
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
    soup = " ".join(rng.choice(words) for _ in range(180_000))[:1_000_000]
    wall, _ = best_of(lambda: analyse(soup), 1)
    print(f"1 MB word soup of force nouns, countries and numbers, no breaks: {wall:.2f} s")
    digits = "".join(rng.choice("0123456789") for _ in range(100_000))
    wall, _ = best_of(lambda: analyse(f"The US will send {digits} troops to Poland."), 1)
    print(f"100,000 digits in a row: {wall:.3f} s")


if __name__ == "__main__":
    main()
