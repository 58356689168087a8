"""Keeping the estimates current: a pair's steps are rewritten in the transaction that changes its figures.

Every write of an approved figure (or of one that was approved) reaches `figures_changed`:
the signals below for single saves and deletes, `review.decide` for bulk decisions,
`Article.save` when a publication date moves its figures. The pair's series is locked,
its steps from the earliest changed day on are deleted and folded again from the
figures (newsmap/counting.py), and the data version is replaced once the transaction
commits (newsmap/data_version.py).
"""

import threading
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from newsmap import counting, data_version
from newsmap.models import Article, Country, EstimateSeries, EstimateStep, Figure, Kind

FAMILIES = [(kind, exercises) for kind in Kind.values for exercises in (False, True)]
_deferred = threading.local()


def figures_changed(figures, deleted: bool = False) -> None:
    """After saving (or deleting) figures: bring their pairs' estimates up to date.

    What a figure counted as when it was loaded (`Figure.counted_as`) is compared with
    what it counts as now; both its old and its new pair and day are refreshed.
    """
    changes = []
    for figure in figures:
        before = getattr(figure, "counted_as", None)
        after = None if deleted else figure.counting_state()
        figure.counted_as = after
        if before == after:
            if after is not None:
                data_version.changed()  # not counted differently, but shown (its sentence, its review's author)
            continue
        changes.extend((state[0], state[1]) for state in (before, after) if state is not None)
    refresh(changes)


def refresh(changes) -> None:
    """Rewrite each pair's steps from the earliest day given for it: `changes` holds (pair, day) pairs,
    a pair being (kind, contributor code or "", hosts_key); a day of None (an undated figure) counts
    for nothing but the data version."""
    since: dict[tuple, date] = {}
    touched = False
    for pair, day in changes:
        touched = True
        if day is not None:
            since[pair] = min(since.get(pair, day), day)
    if not touched:
        return
    data_version.changed()
    pending = getattr(_deferred, "since", None)
    if pending is not None:
        for pair, day in since.items():
            pending[pair] = min(pending.get(pair, day), day)
        return
    with transaction.atomic():
        for pair in sorted(since):  # one order for every writer: no lock cycles
            _rewrite(pair, since[pair])


@contextmanager
def deferred():
    """Collect the changes of many writes (a bulk load, a big delete) and rewrite each pair once, at the end."""
    if getattr(_deferred, "since", None) is not None:
        yield
        return
    _deferred.since = {}
    try:
        yield
        collected = _deferred.since
    finally:
        _deferred.since = None
    refresh(collected.items())


def rebuild() -> int:
    """Every series from the approved figures, from scratch; returns how many pairs."""
    pairs = {
        (kind, contributor or "", hosts_key)
        for kind, contributor, hosts_key in Figure.objects.approved()
        .filter(count__isnull=False, published__isnull=False)
        .order_by()
        .values_list("kind", "contributor", "hosts_key")
        .distinct()
    }
    with transaction.atomic():
        EstimateSeries.objects.all().delete()
        refresh((pair, date.min) for pair in pairs)
    return len(pairs)


def _rewrite(pair: tuple[str, str, str], since: date) -> None:
    kind, contributor, hosts_key = pair
    figures = Figure.objects.approved().filter(
        kind=kind, hosts_key=hosts_key, count__isnull=False, published__gte=since
    )
    figures = figures.filter(contributor_id=contributor) if contributor else figures.filter(contributor__isnull=True)
    rows = None
    for with_exercises in (False, True):
        series, _ = EstimateSeries.objects.get_or_create(
            kind=kind, with_exercises=with_exercises, contributor=contributor, hosts_key=hosts_key
        )
        # Locked before the figures are read: a concurrent rewrite of the pair waits, then reads what this one saw.
        list(EstimateSeries.objects.select_for_update().filter(pk=series.pk).values_list("pk"))
        if rows is None:
            rows = list(
                figures.order_by("published", "pk").values_list(
                    "pk", "published", "measure", "status", "count", "exercise"
                )
            )
        before = series.steps.filter(day__lt=since).order_by("-day").first()
        series.steps.filter(day__gte=since).delete()
        counted = (row[:5] for row in rows if with_exercises or not row[5])
        steps = counting.fold(counted, before.as_step() if before else None)
        EstimateStep.objects.bulk_create(
            [EstimateStep(series=series, **asdict(step)) for step in steps], batch_size=500
        )


def differences() -> list[str]:
    """Where the kept estimates and the rule run over the figures disagree (for `refresh_estimates --check`)."""
    found = []
    for kind, exercises in FAMILIES:
        figures = Figure.objects.approved().filter(kind=kind)
        if not exercises:
            figures = figures.filter(exercise=False)
        expected = {(row["contributor"], row["hosts_key"]): row for row in figures.estimates()}
        kept = {
            (row["contributor"], row["hosts_key"]): row
            for row in EstimateSeries.objects.family(kind, exercises).estimates()
        }
        for pair in sorted(set(expected) | set(kept), key=str):
            want, have = expected.get(pair), kept.get(pair)
            if want is None or have is None or any(want[key] != have[key] for key in counting.COMPARED):
                found.append(f"{kind}{' with exercises' if exercises else ''} {pair}: rule {want}, kept {have}")
    return found


@receiver(post_save, sender=Figure)
def _figure_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        figures_changed([instance])


@receiver(post_delete, sender=Figure)
def _figure_deleted(sender, instance, **kwargs):
    if not hasattr(instance, "counted_as"):
        instance.counted_as = instance.counting_state()
    figures_changed([instance], deleted=True)


@receiver(post_save, sender=Article)
def _article_saved(sender, instance, created=False, raw=False, **kwargs):
    # Its title, outlet and link are shown beside its approved figures.
    if not created and not raw and instance.figures.approved().exists():
        data_version.changed()


@receiver([post_save, post_delete], sender=Country)
def _country_changed(sender, **kwargs):
    data_version.changed()
