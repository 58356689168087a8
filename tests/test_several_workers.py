"""Several `db_worker` processes on one PostgreSQL queue share the work and never extract an article twice."""

import json
import re

import pytest
from django.db import connection
from django.db.models import Count
from django_tasks_db.models import DBTaskResult

from newsmap.documents import Document
from newsmap.importing import Importer
from newsmap.models import Article, Figure
from tests.conftest import ROOT
from tests.test_worker_faults import start_worker, stop, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several workers share a PostgreSQL queue"),
]


def test_two_workers_share_an_import_and_extract_each_article_once():
    lines = (ROOT / "tests" / "data" / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines] * 3
    importer = Importer()
    for number, record in enumerate(records):
        importer.add(Document(title=f"Report {number}", body=f"{record['text']}\n\nReport {number}."))
    assert importer.close().imported == len(records)
    tasks = DBTaskResult.objects.count()
    assert tasks >= 4  # an import is queued in small batches, so that workers can share it

    # A lease far longer than a task: the first task of a worker, which warms up the parser, can take
    # more than the 2 s that the fault tests lease with, and would then rightly be claimed again.
    workers = [start_worker(NEWSMAP_TASK_LEASE_SECONDS="60"), start_worker(NEWSMAP_TASK_LEASE_SECONDS="60")]
    try:
        wait_for(lambda: not Article.objects.filter(extraction_state="pending").exists(), 120, "articles still pending")
        wait_for(
            lambda: not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists(), 30, "tasks left over"
        )
    finally:
        outputs = [stop(worker) for worker in workers]

    results = list(DBTaskResult.objects.all())
    assert {result.status for result in results} == {"SUCCESSFUL"}
    assert all(len(result.worker_ids) == 1 for result in results)  # each task claimed once
    assert len({result.worker_ids[0] for result in results}) == 2, "one worker did everything"
    # Each worker logs every task it starts: no task (and so no article) was started by both.
    started = [set(re.findall(r"Task id=(\S+) path=\S+ state=RUNNING", output)) for output in outputs]
    assert started[0] and started[1] and not started[0] & started[1], outputs
    assert len(started[0] | started[1]) == tasks
    articles = [pk for result in results for pk in result.args_kwargs["args"][0]]
    assert sorted(articles) == sorted(Article.objects.values_list("pk", flat=True))  # every article in one task
    assert set(Article.objects.values_list("extraction_state", flat=True)) == {"done"}
    duplicates = (
        Figure.objects.values("article", "contributor", "hosts_key", "count").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not duplicates.exists(), list(duplicates)
    # Extracted once: every figure has one history record, its creation.
    assert Figure.history.count() == Figure.objects.count() > 0
