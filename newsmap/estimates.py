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
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from newsmap import counting, data_version
from newsmap.models import (
    UNDATED,
    Article,
    Country,
    EstimateMonth,
    EstimateSeries,
    EstimateStep,
    Figure,
    Kind,
    ReportDay,
    _place_names,
)

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
    days: set[tuple[str, date]] = set()
    for pair, day in changes:
        days.add((pair[0], UNDATED if day is None else day))
        if day is not None:
            since[pair] = min(since.get(pair, day), day)
    if not days:
        return
    data_version.changed()
    pending = getattr(_deferred, "since", None)
    if pending is not None:
        for pair, day in since.items():
            pending[pair] = min(pending.get(pair, day), day)
        _deferred.days |= days
        return
    with transaction.atomic():
        for pair in sorted(since):  # one order for every writer: no lock cycles
            _rewrite(pair, since[pair])
        for kind, day in sorted(days):
            _recount(kind, day)


@contextmanager
def deferred():
    """Collect the changes of many writes (a bulk load, a big delete) and rewrite each pair once, at the end."""
    if getattr(_deferred, "since", None) is not None:
        yield
        return
    _deferred.since, _deferred.days = {}, set()
    try:
        yield
        collected, days = _deferred.since, _deferred.days
    finally:
        _deferred.since = None
    with transaction.atomic():
        refresh(collected.items())
        for kind, day in sorted(days):
            _recount(kind, day)


def rebuild(announce: bool = True) -> int:
    """Every series and daily count from the approved figures, from scratch; returns how many pairs.

    `announce`: replace the data version once done (not when there is no cache yet).
    """
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
        for pair in sorted(pairs):
            _rewrite(pair, date.min)
        ReportDay.objects.all().delete()
        approved = Figure.objects.approved().order_by()
        rows = approved.values("kind", "published").annotate(**ReportDay.counted())
        ReportDay.objects.bulk_create(
            [ReportDay(day=row.pop("published") or UNDATED, **row) for row in rows], batch_size=1000
        )
        if announce:
            data_version.changed()
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
        _roll_up(series, since.replace(day=1))


def _roll_up(series: EstimateSeries, first: date) -> None:
    """The series' months from `first` on, from its steps (the timeline reads these)."""
    series.months.filter(month__gte=first).delete()
    months: dict[date, EstimateMonth] = {}
    for day, largest_present, present_totals, largest_planned, planned_totals in series.steps.filter(
        day__gte=first
    ).values_list("day", "largest_present", "present_totals", "largest_planned", "planned_totals"):
        start = day.replace(day=1)
        month = months.setdefault(start, EstimateMonth(series=series, month=start, present_totals=0, planned_totals=0))
        month.present_totals += present_totals
        month.planned_totals += planned_totals
        if largest_present is not None:
            month.largest_present = max(month.largest_present or 0, largest_present)
        if largest_planned is not None:
            month.largest_planned = max(month.largest_planned or 0, largest_planned)
    EstimateMonth.objects.bulk_create(months.values(), batch_size=500)


def _recount(kind: str, day: date) -> None:
    """A day's headline counts, from its approved figures of the kind (the row locked first)."""
    row, _ = ReportDay.objects.get_or_create(kind=kind, day=day)
    list(ReportDay.objects.select_for_update().filter(pk=row.pk).values_list("pk"))
    figures = Figure.objects.approved().filter(kind=kind)
    figures = figures.filter(published__isnull=True) if day == UNDATED else figures.filter(published=day)
    ReportDay.objects.filter(pk=row.pk).update(**figures.aggregate(**ReportDay.counted()))


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
        for status, chosen in (
            ("both", figures),
            ("present", figures.exclude(status="planned")),
            ("planned", figures.filter(status="planned")),
        ):
            counted = chosen.aggregate(figures=Count("pk"), articles=Count("article", distinct=True))
            kept_counts = ReportDay.objects.headline(kind, exercises, status, None, None)
            if counted != kept_counts:
                found.append(
                    f"{kind}{' with exercises' if exercises else ''} {status}: counted {counted}, kept {kept_counts}"
                )
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
    _place_names.clear()
    data_version.changed()
