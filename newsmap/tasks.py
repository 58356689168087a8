"""Background work, run by the django-tasks-db worker (`manage.py db_worker`).

A worker can die mid-task (killed, out of memory, the machine restarted): its task
stays RUNNING. `recover_abandoned_tasks` (called by newsmap's db_worker on start and
periodically) takes such a task up again once its lease has run out, at most
`NEWSMAP_TASK_MAX_ATTEMPTS` times, then marks it failed with the reason; an
extraction task's article follows its task.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from newsmap import review
from newsmap.ingest import run_extraction, run_extractions
from newsmap.models import Article, ExtractionState

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running a task stopped before the task ended."""


@task()
def extract_article(article_id: int, reason: str = review.EXTRACTION) -> str:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return f"article {article_id} no longer exists"
    try:
        return str(run_extraction(article, reason))
    except Exception as error:  # the task fails with it; the article must not stay pending
        mark_failed(article_id, f"{type(error).__name__}: {error}")
        raise


@task()
def extract_articles(article_ids: list[int], reason: str = review.EXTRACTION) -> str:
    """A batch of imported articles, extracted in one transaction (newsmap.ingest.run_extractions)."""
    articles = list(Article.objects.filter(pk__in=article_ids).order_by("pk"))
    try:
        outcomes = run_extractions(articles, reason)
    except Exception as error:
        mark_failed(article_ids, f"{type(error).__name__}: {error}")
        raise
    failed = sum(not outcome.ok for outcome in outcomes)
    return f"{len(articles)} article(s) extracted, {failed} failed, {len(article_ids) - len(articles)} no longer exist"


def mark_failed(article_ids, reason: str) -> None:
    """Articles (an id or a list of ids) still pending: failed, with the reason."""
    ids = article_ids if isinstance(article_ids, list) else [article_ids]
    Article.objects.filter(pk__in=ids, extraction_state=ExtractionState.PENDING).update(
        extraction_state=ExtractionState.FAILED, extraction_error=reason[:2000], extracted_at=timezone.now()
    )


EXTRACTION_TASKS = {f"{t.func.__module__}.{t.func.__qualname__}" for t in (extract_article, extract_articles)}


def recover_abandoned_tasks(now=None) -> tuple[int, int]:
    """Requeue tasks left RUNNING past their lease, or fail them after too many attempts.

    Returns (requeued, failed). Each change is a conditional update, so several
    workers recovering at once change every task once.
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    expired = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - timedelta(seconds=settings.TASK_LEASE_SECONDS),
    )
    requeued = failed = 0
    for result in expired:
        attempts = len(result.worker_ids)
        still_running = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING)
        if attempts < settings.TASK_MAX_ATTEMPTS:
            if still_running.filter(started_at=result.started_at).update(status=TaskResultStatus.READY):
                requeued += 1
                logger.warning("task %s (%s) was abandoned by its worker; requeued", result.pk, result.task_path)
            continue
        reason = (
            f"The worker running this task stopped (killed or crashed) {attempts} times "
            f"without finishing it; it is not tried again."
        )
        with transaction.atomic():
            if not still_running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"{WorkerLost.__qualname__}: {reason}",
                return_value=None,
            ):
                continue
            if result.task_path in EXTRACTION_TASKS:
                mark_failed(result.args_kwargs["args"][0], reason)
        failed += 1
        logger.error("task %s (%s) failed: %s", result.pk, result.task_path, reason)
    return requeued, failed
