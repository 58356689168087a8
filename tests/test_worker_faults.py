"""The background worker against its faults: killed mid-batch, a locked database, a task that kills it.

Real worker processes (`manage.py db_worker`) on the test database, real articles.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsmap.models import Article, Figure
from newsmap.tasks import extract_article, recover_abandoned_tasks
from tests.conftest import ROOT
from tests.test_tasks import database_url

LEASE = 2  # seconds, for the worker processes these tests start


def start_worker(**env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        "NEWSMAP_TASK_LEASE_SECONDS": str(LEASE),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(worker: subprocess.Popen) -> str:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
    output, _ = worker.communicate(timeout=30)
    return output


def sessions_since(start) -> int:
    """PostgreSQL sessions on the test database opened since `start`, other than this one."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_start >= %s",
            [start],
        )
        return cursor.fetchone()[0]


def dev_articles(count: int) -> list[Article]:
    lines = (ROOT / "tests" / "data" / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines[:count]]
    return [Article.objects.create(title=r.get("title") or f"Dev {i}", body=r["text"]) for i, r in enumerate(records)]


def wait_for(condition, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.005)
    pytest.fail(message)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_no_article():
    began = timezone.now()
    articles = dev_articles(30)
    for article in articles:
        extract_article.enqueue(article.pk)

    abandoned = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for _ in range(12):  # until three kills have each left a task RUNNING
        worker = start_worker()
        seen = set(running.values_list("pk", flat=True))
        wait_for(lambda seen=seen: set(running.values_list("pk", flat=True)) - seen, 60, "the worker never started")
        worker.kill()  # SIGKILL: no clean-up of any kind
        worker.wait(timeout=10)
        abandoned += running.exclude(pk__in=seen).count()
        if abandoned >= 3 or not DBTaskResult.objects.ready().exists():
            break
    assert abandoned >= 1, "no kill caught a task running: nothing was tested"

    worker = start_worker()
    try:
        settled = Article.objects.filter(extraction_state="pending")
        wait_for(lambda: not settled.exists(), LEASE * 3 + 60, "articles still pending after the lease")
        wait_for(
            lambda: not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists(), 30, "tasks left over"
        )
    finally:
        output = stop(worker)
    assert "requeued" in output or abandoned == 0, output
    for article in Article.objects.all():
        assert article.extraction_state in ("done", "failed"), article.extraction_state
        if article.extraction_state == "failed":
            assert article.extraction_error
    duplicates = (
        Figure.objects.values("article", "contributor", "hosts_key", "count").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not duplicates.exists(), list(duplicates)
    assert Figure.objects.exists()
    wait_for(lambda: sessions_since(began) == 0, 30, "a killed worker's database session outlived it")


@pytest.mark.django_db
def test_a_task_abandoned_too_often_fails_with_the_reason_and_its_article_follows(settings):
    settings.TASK_LEASE_SECONDS, settings.TASK_MAX_ATTEMPTS = 60, 3
    poison, once = (Article.objects.create(title=t, body=f"{t} body.") for t in ("Poison", "Once"))
    long_ago = timezone.now() - timedelta(seconds=61)
    for article, attempts in ((poison, 3), (once, 1)):
        result = extract_article.enqueue(article.pk)
        DBTaskResult.objects.filter(pk=result.id).update(
            status="RUNNING", started_at=long_ago, worker_ids=[f"w{n}" for n in range(attempts)]
        )
    fresh = Article.objects.create(title="Fresh", body="Fresh body.")
    result = extract_article.enqueue(fresh.pk)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=timezone.now(), worker_ids=["w"])

    assert recover_abandoned_tasks() == (1, 1)
    assert recover_abandoned_tasks() == (0, 0)  # each task is changed once
    by_article = {r.args_kwargs["args"][0]: r for r in DBTaskResult.objects.all()}
    assert by_article[poison.pk].status == "FAILED"
    assert "stopped (killed or crashed) 3 times" in by_article[poison.pk].traceback
    assert by_article[once.pk].status == "READY"
    assert by_article[fresh.pk].status == "RUNNING"  # its lease has not run out
    poison.refresh_from_db()
    assert poison.extraction_state == "failed" and "3 times" in poison.extraction_error


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database lock")
def test_the_sqlite_worker_keeps_working_through_a_locked_database():
    first = Article.objects.create(title="First", body="British troops have arrived in Estonia, the ministry said.")
    extract_article.enqueue(first.pk)
    worker = start_worker(SQLITE_BUSY_TIMEOUT="1")
    try:
        wait_for(lambda: Article.objects.get(pk=first.pk).extraction_state == "done", 60, "first task not run")
        # Another process holds the write lock longer than the busy timeout (and Python's default 5 s).
        lock = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        time.sleep(7)
        lock.execute("ROLLBACK")
        lock.close()
        second = Article.objects.create(title="Second", body="Canada leads a battlegroup of 1,000 troops in Latvia.")
        extract_article.enqueue(second.pk)
        wait_for(lambda: Article.objects.get(pk=second.pk).extraction_state == "done", 60, "worker stopped working")
        assert worker.poll() is None
    finally:
        output = stop(worker)
    assert "database is locked" in output and "retries in" in output, output
