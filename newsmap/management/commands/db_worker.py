"""django-tasks-db's worker, made to outlive its failures (it replaces the library's `db_worker`).

- On start and every little while it takes up tasks that a dead worker left RUNNING
  (newsmap.tasks.recover_abandoned_tasks).
- A database error ("database is locked" in SQLite, a dropped PostgreSQL connection)
  is logged and retried with a growing pause instead of ending the loop.
- It never runs under the autoreloader: a reloaded child outlives the PID that
  `make run` stops (pass --reload to have it anyway).
"""

import logging
import os
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from newsmap.tasks import recover_abandoned_tasks

logger = logging.getLogger("django_tasks_db")

LONGEST_PAUSE = 30.0  # seconds between retries while the database stays unusable


class Worker(db_worker.Worker):
    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        # Recover at least twice per lease, so a task waits at most about 1.5 leases.
        recovery_every = max(0.5, min(60.0, settings.TASK_LEASE_SECONDS / 2))
        next_recovery = 0.0
        failures = 0
        while self.running:
            try:
                if time.monotonic() >= next_recovery:
                    recover_abandoned_tasks()
                    next_recovery = time.monotonic() + recovery_every
                close_old_connections()
                task_result = self.claim()
            except DatabaseError as error:
                failures += 1
                self.pause_after(error, failures)
                continue
            failures = 0
            if task_result is not None:
                try:
                    self.run_task(task_result)
                except DatabaseError as error:
                    # The result could not be stored: the task stays RUNNING and its lease brings it back.
                    logger.error("could not record the result of task %s: %s", task_result.id, error)
                    self.pause_after(error, 1)
            elif self.batch:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info(
                    "Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id
                )
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)  # so no other worker runs it
        return task_result

    def pause_after(self, error: DatabaseError, failures: int) -> None:
        pause = min(LONGEST_PAUSE, 0.5 * 2 ** min(failures - 1, 6))
        logger.warning("database error (%s); worker %s retries in %.1f s", error, self.worker_id, pause)
        close_old_connections()
        time.sleep(pause)


class Command(db_worker.Command):
    help = "Run the background worker (django-tasks-db's, with crash recovery and database retries)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            batch=batch,
            **{name: options[name] for name in ("interval", "backend_name", "startup_delay", "max_tasks", "worker_id")},
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloaded child handles signals
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
