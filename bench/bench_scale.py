"""NewsMap at scale (issue 9): 100,000 articles and 300,000 figures on PostgreSQL.

    .venv/bin/python bench/bench_scale.py [--runs 15] [--seconds 30] [--port 18210] [--rebuild]

Builds (once, then reuses while it has that size) the database in BENCH_DATABASE_URL
(default: newsmap_scale_bench on 127.0.0.1) with `generate_demo_data --articles 100000
--figures 300000`, and uses Redis (BENCH_REDIS_URL, default db 9, key prefix
"newsmap-bench") as the shared cache. Then prints every row of the issue's table:

- server times through Django's test client (everything but the network), warm and
  right after a data change (an approval, committed, before each timed request);
- the streamed CSV export of every approved troop figure: time, size and peak memory;
- gunicorn with 2 workers under `wrk -c20` for the overview, and a Django hello world
  served the same way in the same run: the floor, and the ratio to it;
- bulk ingest of 10,000 real articles (`import_articles --extract`, a database of its
  own, BENCH_INGEST_DATABASE_URL) against the extractor's own in-process rate on them;
- the first chart drawn in a fresh Chromium (Playwright), served by gunicorn + whitenoise.

Everything runs on 127.0.0.1. The machine is shared: run it twice and compare.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
ARTICLES, FIGURES = 100_000, 300_000
INGESTED = 10_000
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsmap_scale_bench")
INGEST_DATABASE_URL = os.environ.get(
    "BENCH_INGEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsmap_scale_ingest"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
ARTICLE_FILES = [ROOT / "tests/data/eval/dev.jsonl", *sorted((ROOT / "tests/data/heldout").glob("*_articles.jsonl"))]
FRAGMENT = {"HX-Request": "true", "HX-Target": "results", "HX-Current-URL": "http://127.0.0.1/"}
FRAGMENTS = [
    "/?status=present&start=2024-01-01",
    "/?host=PL&host=LT&contributor=US&contributor=GB&contributor=DE",
    "/?kind=aircraft&exercises=on",
]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-scale-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "newsmap.settings",
}


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def psql(url: str, sql: str) -> str:
    parts = urlsplit(url)
    command = ["psql", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-U", parts.username]
    return subprocess.run([*command, "-d", "postgres", "-Atc", sql], check=True, capture_output=True, text=True).stdout


def fresh_database(url: str, drop: bool) -> None:
    name = database_name(url)
    exists = psql(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip() == "1"
    if exists and drop:
        psql(url, f'DROP DATABASE "{name}" WITH (FORCE)')
    if not exists or drop:
        psql(url, f'CREATE DATABASE "{name}"')


def manage(*args, env, quiet=True):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def environment(database_url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return {**env, **PRODUCTION, "DATABASE_URL": database_url, **extra}


def build(env: dict, rebuild: bool) -> None:
    fresh_database(DATABASE_URL, drop=rebuild)
    manage("migrate", "--no-input", env=env)
    manage("createcachetable", env=env)
    counts = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from newsmap.models import Article, Figure; print(Article.objects.count(), Figure.objects.count())",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-2:]
    if [int(n) for n in counts] != [ARTICLES, FIGURES]:
        if any(int(n) for n in counts):
            fresh_database(DATABASE_URL, drop=True)
            manage("migrate", "--no-input", env=env)
            manage("createcachetable", env=env)
        print(f"Generating {ARTICLES:,} articles and {FIGURES:,} figures ...", flush=True)
        started = time.monotonic()
        manage("generate_demo_data", "--articles", str(ARTICLES), "--figures", str(FIGURES), env=env)
        print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)
    subprocess.run(["psql", DATABASE_URL, "-qc", "VACUUM ANALYZE"], check=True)


def median_ms(timings):
    return statistics.median(timings) * 1000


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def server_times(runs: int) -> dict:
    """Rows measured in this process through the test client, against the bench database and Redis."""
    import django

    django.setup()
    from django.test import Client

    from newsmap import review
    from newsmap.models import Figure

    client = Client(SERVER_NAME="127.0.0.1")
    proposed = iter(
        Figure.objects.proposed().filter(kind="troops").order_by("pk").values_list("pk", flat=True)[:10_000]
    )

    def get(url, headers=None):
        response = client.get(url, headers=headers or {})
        assert response.status_code == 200, (url, response.status_code)
        return response

    def change():
        """An editor approves a figure: committed, so the data version changes (as any review does)."""
        review.decide(Figure.objects.filter(pk=next(proposed)), "approved", None, review.BULK_APPROVE)

    def warm(url, headers=None):
        get(url, headers)
        return median_ms([timed(lambda: get(url, headers)) for _ in range(runs)])

    def after_change(url, headers=None):
        results = []
        for _ in range(runs):
            change()
            results.append(timed(lambda: get(url, headers)))
        return median_ms(results)

    get("/")  # imports, connections
    rows = {
        "overview_warm": warm("/"),
        "overview_changed": after_change("/"),
        "fragment_warm": [warm(url, FRAGMENT) for url in FRAGMENTS],
        "fragment_changed": [after_change(url, FRAGMENT) for url in FRAGMENTS],
        "country": median_ms([timed(lambda: get("/countries/PL/")) for _ in range(runs)]),
    }

    def export():
        response = get("/?format=csv")
        size = lines = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
        return size, lines

    export()
    started = time.perf_counter()
    size, lines = export()
    seconds = time.perf_counter() - started
    tracemalloc.start()  # a run of its own: tracing every allocation slows Python down
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows["export"] = {"seconds": seconds, "bytes": size, "rows": lines - 1, "peak": peak}
    return rows


def wrk(url: str, seconds: int, connections: int) -> dict:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(ROOT / "bench" / "single.lua"), url],
        capture_output=True,
        text=True,
        check=True,
    )
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("WRK ")]
    numbers = json.loads(line.removeprefix("WRK "))
    numbers["rate"] = numbers["requests"] / numbers["seconds"]
    return numbers


def serving(command, env, url, cwd=ROOT) -> subprocess.Popen:
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"{command[2:]} never answered {url}")


def gunicorn(target: str, port: int, env: dict, cwd=ROOT) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", target]
    return serving(command, env, f"http://127.0.0.1:{port}/", cwd)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def throughput(env: dict, port: int, seconds: int) -> dict:
    hello = gunicorn("hello_world:application", port, env, cwd=ROOT / "bench")
    try:
        floor = wrk(f"http://127.0.0.1:{port}/", seconds, 20)
    finally:
        stop(hello)
    app = gunicorn("newsmap.wsgi", port, env)
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()  # the cache, warm
        overview = wrk(f"http://127.0.0.1:{port}/", seconds, 20)
    finally:
        stop(app)
    return {"floor": floor, "overview": overview}


# Notes, in the page, when the first chart is drawn (performance.now(): milliseconds since navigation
# began). Measured in the page: a poll from outside would wait for the drawing of the other charts.
FIRST_DRAWN = """
new MutationObserver(function (changes, observer) {
  if (changes.some(function (c) { return c.target.dataset.drawn === "true"; })) {
    window.firstChartDrawn = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-drawn"]});
"""


def first_chart(env: dict, port: int, runs: int) -> dict:
    """Seconds from navigation to the first chart drawn, each time in a fresh browser context (no cache)."""
    from playwright.sync_api import sync_playwright

    app = gunicorn("newsmap.wsgi", port, env)
    timings, transferred = [], {}
    try:
        for _ in range(4):  # each gunicorn worker has imported the views and read the cache once
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                page.on(
                    "response",
                    lambda r: (
                        r.url.endswith(".js")
                        and transferred.setdefault(r.url.rsplit("/", 1)[-1], r.headers.get("content-encoding", "none"))
                    ),
                )
                page.add_init_script(FIRST_DRAWN)
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_function("window.firstChartDrawn !== undefined", timeout=60_000)
                timings.append(page.evaluate("window.firstChartDrawn") / 1000)
                context.close()
            browser.close()
    finally:
        stop(app)
    return {"seconds": statistics.median(timings), "all": timings, "encodings": transferred}


def ingest_corpus(path: Path) -> list[dict]:
    """10,000 real articles (the test corpora, each report numbered so that every text is its own)."""
    records = [json.loads(line) for name in ARTICLE_FILES for line in name.read_text().splitlines() if line]
    corpus = []
    with path.open("w", encoding="utf-8") as file:
        for number in range(INGESTED):
            record = records[number % len(records)]
            item = {
                "title": f"Report {number}: {record.get('title') or 'untitled'}"[:300],
                "text": f"{record['text']}\n\nReport {number}.",
                "date": record.get("date"),
                "url": f"https://ingest.example/{number}",
            }
            corpus.append(item)
            file.write(json.dumps(item) + "\n")
    return corpus


def ingest(workdir: Path) -> dict:
    from datetime import date

    from newsmap.extraction import EXTRACTOR_VERSION, analyse_many

    path = workdir / "ingest.jsonl"
    corpus = ingest_corpus(path)
    texts = [(item["text"], date.fromisoformat(item["date"]) if item.get("date") else None) for item in corpus]
    list(analyse_many(texts[:32]))
    # the extractor at its best in-process rate: batches of articles, as the import calls it
    extractor_seconds = timed(lambda: list(analyse_many(texts)))
    fresh_database(INGEST_DATABASE_URL, drop=True)
    env = environment(INGEST_DATABASE_URL)
    manage("migrate", "--no-input", env=env)
    manage("createcachetable", env=env)
    import_seconds = timed(lambda: manage("import_articles", str(path), "--extract", "--no-progress", env=env))
    return {
        "extractor": EXTRACTOR_VERSION,
        "extractor_rate": INGESTED / extractor_seconds,
        "import_rate": INGESTED / import_seconds,
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--port", type=int, default=18210)
    parser.add_argument("--rebuild", action="store_true", help="generate the database again")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="newsmap-bench-scale-"))
    env = environment(
        DATABASE_URL, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX="newsmap-bench", STATIC_ROOT=str(workdir / "static")
    )
    print(f"bench-scale: {DATABASE_URL}, cache {REDIS_URL}", flush=True)
    build(env, options.rebuild)
    manage("collectstatic", "--no-input", env=env)

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    print("Server times ...", flush=True)
    times = server_times(options.runs)
    print(f"gunicorn under wrk ({options.seconds} s each) ...", flush=True)
    load = throughput(env, options.port, options.seconds)
    print("Browser ...", flush=True)
    browser = first_chart(env, options.port, 5)
    print(f"Bulk ingest of {INGESTED:,} articles ...", flush=True)
    ingested = ingest(workdir)

    export = times["export"]
    floor, overview = load["floor"], load["overview"]
    ratio = overview["rate"] / floor["rate"]
    ingest_ratio = ingested["import_rate"] / ingested["extractor_rate"]
    errors = overview["timeouts"] + overview["connect_errors"] + overview["read_errors"] + overview["write_errors"]
    fragment_warm, fragment_changed = times["fragment_warm"], times["fragment_changed"]
    rows = [
        ("overview, cache warm, median", f"{times['overview_warm']:.1f} ms", "< 30 ms", times["overview_warm"] < 30),
        (
            "overview, first request after a data change",
            f"{times['overview_changed']:.0f} ms",
            "< 300 ms",
            times["overview_changed"] < 300,
        ),
        (
            "filter fragment, warm / after a change",
            f"{min(fragment_warm):.1f}–{max(fragment_warm):.1f} / "
            f"{min(fragment_changed):.0f}–{max(fragment_changed):.0f} ms",
            "< 15 / < 200 ms",
            max(fragment_warm) < 15 and max(fragment_changed) < 200,
        ),
        (
            "country page /countries/PL/ (never cached)",
            f"{times['country']:.0f} ms",
            "< 100 ms",
            times["country"] < 100,
        ),
        (
            "CSV export of every approved troop figure",
            f"{export['seconds']:.2f} s, {export['rows']:,} rows, {export['bytes'] / 1e6:.0f} MB streamed, "
            f"peak {export['peak'] / 1e6:.1f} MB in memory",
            "streamed, flat memory, < 2 s",
            export["seconds"] < 2 and export["peak"] < export["bytes"] / 10,
        ),
        (
            "gunicorn, 2 workers, wrk -c20 -d30s, overview",
            f"{overview['rate']:,.0f} req/s = {ratio:.1%} of the hello-world floor ({floor['rate']:,.0f} req/s); "
            f"{errors} timeouts/socket errors, {overview['non_2xx']} non-2xx",
            "≥ 10% of the floor, 0 timeouts, 0 non-2xx",
            ratio >= 0.10 and errors == 0 and overview["non_2xx"] == 0,
        ),
        (
            f"bulk ingest of {INGESTED:,} articles (import_articles --extract, PostgreSQL)",
            f"{ingested['import_rate']:,.0f} articles/s = {ingest_ratio:.0%} of the extractor's "
            f"{ingested['extractor_rate']:,.0f} articles/s in-process ({ingested['extractor']})",
            "≥ 70% of the extractor's own in-process rate",
            ingest_ratio >= 0.7,
        ),
        (
            "first chart drawn in a fresh browser",
            f"{browser['seconds']:.2f} s (median of {len(browser['all'])}: "
            f"{', '.join(f'{s:.2f}' for s in browser['all'])}; scripts: "
            f"{', '.join(f'{name} {encoding}' for name, encoding in browser['encodings'].items())})",
            "< 1.5 s",
            browser["seconds"] < 1.5,
        ),
    ]
    print("\n| | measured | target | |\n|---|---|---|---|")
    for name, measured, target, ok in rows:
        print(f"| {name} | {measured} | {target} | {verdict(ok)} |")
    overhead = 1 / ingested["import_rate"] - 1 / ingested["extractor_rate"]
    print(
        f"\nbulk ingest: {overhead * 1000:.2f} ms an article beyond extraction (validation, storage, history); "
        f"with an extractor of 30 / 60 articles/s that would be {1 / (1 + 30 * overhead):.0%} / "
        f"{1 / (1 + 60 * overhead):.0%} of its rate"
    )
    print(
        f"hello-world floor: {floor['rate']:,.0f} req/s (p50 {floor['p50_ms']} ms, {floor['timeouts']} timeouts); "
        f"overview: {overview['rate']:,.0f} req/s (p50 {overview['p50_ms']} ms, p99 {overview['p99_ms']} ms)"
    )
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
