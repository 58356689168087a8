"""Re-extraction running while editors review, on two real PostgreSQL connections.

Just before re-extraction writes its first figure, two editors on connections of
their own approve one figure and correct another. Whatever order the database
lets them commit in, both decisions must survive.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from newsmap import review
from newsmap.forms import FigureForm
from newsmap.ingest import run_extraction
from newsmap.models import Article, Figure, Review
from tests.conftest import Proposal

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL"),
]

BODY = "The US has moved 3,000 troops to Poland. Canada leads a battlegroup of 1,000 troops in Latvia."
US = Proposal("US", ("PL",), 3000, "The US has moved 3,000 troops to Poland.")
CA = Proposal("CA", ("LV",), 1000, "Canada leads a battlegroup of 1,000 troops in Latvia.")
NEW = Proposal("GB", ("LV",), 100, "Canada leads a battlegroup of 1,000 troops in Latvia.")


class Editors:
    """Editors acting on their own connections the first time extraction is about to write a figure."""

    def __init__(self, actions):
        self.actions = actions
        self.threads: list[threading.Thread] = []
        self.backend_pids: list[int] = []
        self.errors: list[BaseException] = []
        self.done = threading.Event()

    def act(self, action):
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.backend_pids.append(cursor.fetchone()[0])
            action()
        except BaseException as error:  # reported by the test
            self.errors.append(error)
        finally:
            connections.close_all()

    def blocked_or_finished(self, cursor) -> bool:
        if all(not thread.is_alive() for thread in self.threads):
            return True
        if len(self.backend_pids) < len(self.threads):
            return False
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ANY(%s) AND wait_event_type = 'Lock'",
            [self.backend_pids],
        )
        waiting = cursor.fetchone()[0]
        return waiting == sum(thread.is_alive() for thread in self.threads)

    def __call__(self, execute, sql, params, many, context):
        writes_figure = sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and '"newsmap_figure"' in sql
        if writes_figure and not self.done.is_set():
            self.done.set()
            self.threads = [threading.Thread(target=self.act, args=(action,)) for action in self.actions]
            for thread in self.threads:
                thread.start()
            import time

            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with connection.cursor() as cursor:
                    if self.blocked_or_finished(cursor):
                        break
                time.sleep(0.02)
        return execute(sql, params, many, context)


def test_an_approval_and_an_edit_made_during_re_extraction_survive_it(scripted_extraction, editor, reviewer):
    article = Article.objects.create(title="Allies", body=BODY)
    scripted_extraction.proposals = [US, CA]
    run_extraction(article)
    us = article.figures.get(contributor="US")
    ca = article.figures.get(contributor="CA")

    def approve():
        review.decide(Figure.objects.filter(pk=us.pk), Review.APPROVED, reviewer, review.BULK_APPROVE)

    def correct():
        figure = Figure.objects.get(pk=ca.pk)
        data = {
            "review": "proposed",
            "contributor": "CA",
            "hosts": ["LV"],
            "count": "1200",
            "count_max": "",
            "qualifier": "exact",
            "measure": "total",
            "status": "present",
            "kind": "troops",
            "sentence": CA.sentence,
            "seen_version": figure.version,
        }
        with transaction.atomic():
            form = FigureForm(data, instance=figure)
            assert form.is_valid(), form.errors
            review.record_decision(form.instance, editor, form.changed_data, review.CHANGE_PAGE)
            form.save()

    # The next run proposes the same two figures and one more.
    scripted_extraction.proposals = [US, CA, NEW]
    editors = Editors([approve, correct])
    with connection.execute_wrapper(editors):
        outcome = run_extraction(article)
    for thread in editors.threads:
        thread.join(timeout=30)
    assert editors.done.is_set(), "extraction never wrote a figure: the race was not run"
    assert not editors.errors, editors.errors
    assert outcome.ok and outcome.added == 1

    us.refresh_from_db()
    ca.refresh_from_db()
    assert (us.review, us.reviewed_by) == (Review.APPROVED, reviewer)
    assert (ca.count, ca.edited, ca.reviewed_by) == (1200, True, editor)
    assert article.figures.count() == 3

    # A later run keeps both as reviewed and proposes nothing in their place.
    again = run_extraction(article)
    assert again.kept == 2 and again.added == 0
    assert sorted(article.figures.values_list("count", flat=True)) == [100, 1200, 3000]
