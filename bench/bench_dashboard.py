"""Server time of the dashboard with 10,000 articles and 30,000 figures in SQLite.

    .venv/bin/python bench/bench_dashboard.py [--runs 40] [--db /tmp/newsmap-bench.sqlite3] [--rebuild]

Uses its own SQLite file (never the dev database), generated once with
`manage.py generate_demo_data` and reused while it has the expected size. Times
each request through Django's test client (URL resolution, middleware, views,
templates: everything but the network) and prints median and 95th percentile,
both with the dashboard's fragment cache warm ("cached": every analyst after the
first, until the data changes) and cleared before every request ("cold").
Exits non-zero when a cached median misses its target.

Then, in Chromium (unless --no-browser), the same database served as in production
(gunicorn, DEBUG off, whitenoise's compressed static files on port 18310): the time
to the first chart and to every chart, the page's weight over the wire and
unpacked, and one step of the "as of" slider (the map and bars redrawn), each the
median over fresh browser contexts (nothing cached).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
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
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
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
        ("as-of fragment", "/?as_of=2023-06-30", fragment),
        ("country panel (in URL)", "/?country=PL", {}),
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
    if not args.no_browser:
        in_browser(db, args.browser_runs)
    return 1 if failed else 0


PORT = 18310
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-dashboard-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "LOG_LEVEL": "WARNING",
}
# In the page: when the first chart, and when every chart, was drawn (ms since navigation began).
DRAWN = """
new MutationObserver(function () {
  var charts = [...document.querySelectorAll('[data-chart]')];
  if (window.firstChartDrawn === undefined && charts.some(c => c.dataset.drawn === "true"))
    window.firstChartDrawn = performance.now();
  if (window.allChartsDrawn === undefined && charts.length && charts.every(c => c.dataset.drawn === "true"))
    window.allChartsDrawn = performance.now();
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-drawn"]});
"""
WEIGHT = """() => {
  const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
  const sum = name => entries.reduce((n, e) => n + e[name], 0);
  return {wire: sum('transferSize'), unpacked: sum('decodedBodySize'), requests: entries.length};
}"""


def in_browser(db: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as static_root:
        env = {**os.environ, **PRODUCTION, "DATABASE_URL": f"sqlite:///{db}", "STATIC_ROOT": static_root}
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{PORT}", "newsmap.wsgi"]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{PORT}/"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    for _ in range(4):  # both workers up, the page cache warm
                        urllib.request.urlopen(url, timeout=30).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("gunicorn never answered") from None
                    time.sleep(0.3)
            results: dict[str, list[float]] = {}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
                )
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    page.add_init_script(DRAWN)
                    page.goto(url)
                    page.wait_for_function("window.allChartsDrawn !== undefined", timeout=60_000)
                    results.setdefault("first chart drawn, s", []).append(
                        page.evaluate("window.firstChartDrawn") / 1000
                    )
                    results.setdefault("every chart drawn, s", []).append(page.evaluate("window.allChartsDrawn") / 1000)
                    weight = page.evaluate(WEIGHT)
                    results.setdefault("page weight on the wire, kB", []).append(weight["wire"] / 1000)
                    results.setdefault("page weight unpacked, kB", []).append(weight["unpacked"] / 1000)
                    results.setdefault("requests", []).append(weight["requests"])
                    # One slider step back: the request, the swap and the map and bars redrawn.
                    started = page.evaluate("performance.now()")
                    page.evaluate(
                        "() => { const r = document.getElementById('as-of-range'); r.value = String(r.max - 6);"
                        " r.dispatchEvent(new Event('input', {bubbles: true})); }"
                    )
                    page.wait_for_function(
                        "() => location.search.includes('as_of') && [...document.querySelectorAll('[data-chart]')]"
                        ".every(c => c.dataset.drawn === 'true')",
                        timeout=60_000,
                    )
                    # Less the slider's 250 ms pause for the hand to settle.
                    step = (page.evaluate("performance.now()") - started - 250) / 1000
                    results.setdefault("as-of step redrawn, s", []).append(step)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\n{'in Chromium (gunicorn, DEBUG off)':<36}{'runs':>6}{'median':>10}{'max':>10}")
    for name, values in results.items():
        print(f"{name:<36}{len(values):>6}{statistics.median(values):>10.2f}{max(values):>10.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
