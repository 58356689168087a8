"""Server time of the dashboard with 10,000 articles and 30,000 figures in SQLite.

    .venv/bin/python bench/bench_dashboard.py [--runs 40] [--db /tmp/newsmap-bench.sqlite3] [--rebuild]

Uses its own SQLite file (never the dev database), generated once with
`manage.py generate_demo_data` and reused while it has the expected size. Times
each request through Django's test client (URL resolution, middleware, views,
templates: everything but the network) and prints median and 95th percentile,
both with the dashboard's fragment cache warm ("cached": every analyst after the
first, until the data changes) and cleared before every request ("cold").
Exits non-zero when a cached median misses its target.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES, FIGURES = 10_000, 30_000
TARGETS_MS = {"overview page, cached": 150, "filter fragment, cached": 75}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--db", default="/tmp/newsmap-bench.sqlite3")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    db = Path(args.db)
    if args.rebuild:
        for path in db.parent.glob(db.name + "*"):
            path.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsmap.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from newsmap.models import Article, Figure

    assert settings.DATABASES["default"]["NAME"] == str(db), "refusing to benchmark another database"
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if Article.objects.count() != ARTICLES or Figure.objects.count() != FIGURES:
        print(f"Generating {ARTICLES:,} articles and {FIGURES:,} figures in {db} ...", flush=True)
        call_command("generate_demo_data", articles=ARTICLES, figures=FIGURES, replace=True, verbosity=0)
    print(f"Database: {db} ({Article.objects.count():,} articles, {Figure.objects.count():,} figures)")

    # No setup_test_environment(): its instrumented template rendering deep-copies
    # every context, which a real server never does.
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    fragment = {"HX-Request": "true", "HX-Target": "results", "HX-Current-URL": "http://testserver/"}
    cases = [
        ("overview page", "/", {}),
        ("filter fragment", "/?status=present&start=2024-01-01", fragment),
        ("filter fragment", "/?host=PL&host=LT&contributor=US&contributor=GB&contributor=DE", fragment),
        ("filter fragment", "/?kind=aircraft&exercises=on", fragment),
        ("map fragment", "/?scope=world", {**fragment, "HX-Target": "map-panel"}),
        ("country panel", "/countries/PL/", {**fragment, "HX-Target": "panel"}),
    ]
    timings: dict[str, list[float]] = {}
    for cold in (False, True):
        for name, url, headers in cases:
            label = f"{name}, {'cold' if cold else 'cached'}"
            for attempt in range(args.runs + 3):
                if cold:
                    cache.clear()  # what the first analyst after a data change waits for
                started = time.perf_counter()
                response = client.get(url, headers=headers)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
                if attempt >= 3:  # warm-up
                    timings.setdefault(label, []).append(elapsed)

    failed = False
    print(f"\n{'request':<28}{'runs':>6}{'median ms':>12}{'p95 ms':>10}{'target':>12}")
    for name, values in timings.items():
        median, p95 = statistics.median(values), percentile(values, 0.95)
        target = TARGETS_MS.get(name)
        verdict = ""
        if target:
            verdict = f"< {target}" + (" ok" if median < target else " MISSED")
            failed |= median >= target
        print(f"{name:<28}{len(values):>6}{median:>12.1f}{p95:>10.1f}{verdict:>12}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
