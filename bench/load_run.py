"""Load run: gunicorn (2 workers) serves the overview and its fragments to wrk for 30 s
while the background worker extracts 1,000 articles just imported through the admin.

    python bench/load_run.py [--seconds 30] [--port 18150] [--connections 8]

Uses a new SQLite file, or the (disposable) database in LOAD_DATABASE_URL. Prints
wrk's p50/p95/p99 and the count of non-2xx answers, and exits 1 if there was any
non-2xx answer or socket error. Everything runs on 127.0.0.1.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_FILES = [ROOT / "tests/data/eval/dev.jsonl", *sorted((ROOT / "tests/data/heldout").glob("*_articles.jsonl"))]
IMPORTED = 1000


def run(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def import_lines() -> str:
    """1,000 JSON Lines articles: the real articles of the test data, each report filed under its own number."""
    records = [json.loads(line) for name in ARTICLE_FILES for line in name.read_text().splitlines() if line]
    lines = []
    for number in range(IMPORTED):
        record = records[number % len(records)]
        text = f"{record['text']}\n\nLoad-run report {number}."
        lines.append(json.dumps({"title": f"Load run {number}", "text": text, "date": record.get("date")}))
    return "\n".join(lines) + "\n"


def import_through_the_admin(env) -> int:
    """Import the articles with the admin's import view, as an editor would (the worker is not running yet)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from newsmap.models import Article

    editor = get_user_model().objects.create_superuser("load-run", password=None)
    client = Client(SERVER_NAME="localhost")
    client.force_login(editor)
    upload = SimpleUploadedFile("load.jsonl", import_lines().encode())
    response = client.post("/admin/newsmap/article/import/", {"files": [upload]})
    if response.status_code != 302:  # the import page again, with what was not imported
        problems = re.findall(r'<li class="error">(.*?)</li>', response.content.decode(), re.S)
        raise SystemExit("import failed: " + " | ".join(problems[:5]))
    return Article.objects.filter(extraction_state="pending").count()


def pending(env) -> int:
    script = "from newsmap.models import Article; print(Article.objects.filter(extraction_state='pending').count())"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def wait_until_serving(url: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn never answered {url}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--port", type=int, default=18150)
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="newsmap-load-"))
    database_url = os.environ.get("LOAD_DATABASE_URL") or f"sqlite:///{workdir / 'load.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    env.update(DATABASE_URL=database_url, DEBUG="1", LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="newsmap.settings")
    print(f"load run: {database_url}; seeds, demo data and {IMPORTED} imported articles", flush=True)
    run("migrate", "--no-input", env=env)
    run("createcachetable", env=env)
    run("loadseeds", "--approve", env=env)
    run("generate_demo_data", "--articles", "2000", "--figures", "6000", env=env)
    imported = import_through_the_admin(env)

    production = {
        **env,
        "DEBUG": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "SECRET_KEY": "load-run-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
    }
    run("collectstatic", "--no-input", env=production)  # whitenoise serves the compressed, hashed copies
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{options.port}", "newsmap.wsgi"],
        cwd=ROOT,
        env=production,
    )
    worker = None
    try:
        url = f"http://127.0.0.1:{options.port}"
        wait_until_serving(url + "/")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
            cwd=ROOT,
            env=production,
        )
        load = subprocess.run(
            ["wrk", "-t2", f"-c{options.connections}", f"-d{options.seconds}s", "--timeout", "10s"]
            + ["-s", str(ROOT / "bench" / "load.lua"), url],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        for process in (worker, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
    left = pending(env)
    (line,) = [line for line in load.stdout.splitlines() if line.startswith("LOAD ")]
    result = json.loads(line.removeprefix("LOAD "))
    result.update(imported=imported, extracted_during_run=imported - left)
    print(load.stdout)
    print(
        f"load run: {result['requests']} requests in {result['seconds']} s, p50 {result['p50_ms']} ms, "
        f"p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms; {result['non_2xx']} non-2xx; "
        f"the worker extracted {result['extracted_during_run']} of {imported} imported articles meanwhile"
    )
    errors = sum(result[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    if result["non_2xx"] or errors:
        raise SystemExit(f"load run failed: {result['non_2xx']} non-2xx answers, {errors} socket errors")


if __name__ == "__main__":
    main()
