"""Background extraction runs in the django-tasks-db worker process."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from newsmap.models import Article
from newsmap.tasks import extract_article
from tests.conftest import ROOT


def database_url() -> str:
    """The test database, as a URL a worker subprocess can open."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_worker_extracts_a_queued_article():
    article = Article.objects.create(
        title="Estonia", body="British troops have arrived in Estonia, the ministry said on Friday."
    )
    result = extract_article.enqueue(article.pk)
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    run = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL", run.stderr
    article.refresh_from_db()
    assert article.extraction_state == "done"
    assert article.figures.filter(contributor="GB", hosts_key="EE").exists()
