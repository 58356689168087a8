"""Background extraction runs in the django-tasks-db worker process."""

import subprocess
import sys

import pytest
from django_tasks_db.models import DBTaskResult

from newsmap.models import Article
from newsmap.tasks import extract_article
from tests.conftest import ROOT


@pytest.mark.django_db(transaction=True)
def test_worker_extracts_a_queued_article(settings):
    article = Article.objects.create(
        title="Estonia", body="British troops have arrived in Estonia, the ministry said on Friday."
    )
    result = extract_article.enqueue(article.pk)
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    from django.db import connection

    database = connection.settings_dict
    env_url = None
    if database["ENGINE"].endswith("sqlite3"):
        env_url = f"sqlite:///{database['NAME']}"
    else:
        env_url = (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
            f"{database['NAME']}"
        )
    import os

    run = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": env_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    task = DBTaskResult.objects.get(id=result.id)
    assert task.status == "SUCCESSFUL", task.traceback if hasattr(task, "traceback") else task
    article.refresh_from_db()
    assert article.extraction_state == "done"
    assert article.figures.filter(contributor="GB", hosts_key="EE").exists()
