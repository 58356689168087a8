"""The counting rule as a running state, so that estimates are kept rather than recomputed.

The rule (README, "How estimates are counted"; `FigureQuerySet.estimates` runs it in
SQL over any set of figures): for a (contributor, hosts) pair, the present estimate at a
date is its latest `total` reported as present at or before it, plus the increases
reported after that total, minus the decreases; planned figures are counted apart.

`fold` turns a pair's approved figures, in (date, id) order, into one `Step` per day on
which the pair had a figure: the state at the end of that day, with running sums.
`estimate` then answers any date range and status filter from at most two steps: the
last one at or before the end date, and the last one before the start date. Pure Python,
no Django: newsmap/estimates.py stores the steps and keeps them current.
"""

from dataclasses import dataclass, fields, replace
from datetime import date, timedelta


@dataclass
class Step:
    """A pair's state at the end of `day`; every sum runs from its first figure."""

    day: date
    figures: int = 0  # figures with a count (the rule ignores those without)
    planned_figures: int = 0
    last_unplanned: date | None = None  # the latest day with a figure not planned
    last_planned: date | None = None
    # The latest present total (ties on a day: the figure entered later), and the
    # running sums of changes as they stood at the end of its day.
    total_day: date | None = None
    total: int | None = None
    total_id: int | None = None
    change: int = 0  # increases minus decreases not planned
    change_at_total: int = 0
    planned_change_at_total: int = 0
    # The latest planned total, and the planned changes' sum at the end of its day.
    planned_day: date | None = None
    planned_total: int | None = None
    planned_id: int | None = None
    planned_change: int = 0
    planned_change_at_planned: int = 0
    # This day alone, for the timeline: the largest total reported, and how many.
    largest_present: int | None = None
    present_totals: int = 0
    largest_planned: int | None = None
    planned_totals: int = 0


STEP_FIELDS = tuple(f.name for f in fields(Step))
# What `estimate` gives for a pair, as `FigureQuerySet.estimates` names it.
COMPARED = (
    "figures",
    "last_reported",
    "total_date",
    "total",
    "total_id",
    "change",
    "planned_date",
    "planned_total",
    "planned_change",
    "present",
    "planned",
    "has_total",
)
_DAY_ONLY = {"largest_present": None, "present_totals": 0, "largest_planned": None, "planned_totals": 0}


def fold(figures, before: Step | None = None) -> list[Step]:
    """Steps for `figures`, (id, day, measure, status, count) tuples in (day, id) order.

    `before` is the state the figures continue from (the step before the first day), so
    that a pair's steps can be rewritten from a date on rather than from its beginning.
    """
    steps: list[Step] = []
    state = before
    for figure_id, day, measure, status, count in figures:
        if state is None:
            state = Step(day=day)
        elif state.day != day:
            if steps and steps[-1] is state:
                _close(state)
            state = replace(state, day=day, **_DAY_ONLY)
        if not steps or steps[-1] is not state:
            steps.append(state)
        state.figures += 1
        planned = status == "planned"
        if planned:
            state.planned_figures += 1
            state.last_planned = day
        else:
            state.last_unplanned = day
        if measure == "total":
            if status == "present":
                state.total_day, state.total, state.total_id = day, count, figure_id
                state.largest_present = max(state.largest_present or 0, count)
                state.present_totals += 1
            elif planned:
                state.planned_day, state.planned_total, state.planned_id = day, count, figure_id
                state.largest_planned = max(state.largest_planned or 0, count)
                state.planned_totals += 1
        else:
            delta = count if measure == "increase" else -count
            if planned:
                state.planned_change += delta
            else:
                state.change += delta
    if steps:
        _close(steps[-1])
    return steps


def _close(step: Step) -> None:
    """The end of a day: a total reported on it takes in that day's changes."""
    if step.total_day == step.day:
        step.change_at_total, step.planned_change_at_total = step.change, step.planned_change
    if step.planned_day == step.day:
        step.planned_change_at_planned = step.planned_change


def estimate(last: Step | None, before_start: Step | None, start: date | None, status: str = "both") -> dict | None:
    """The rule over the figures reported from `start` to the end date, or None when there are none.

    `last` is the pair's step at or before the end date, `before_start` its step before
    `start` (None: no figure before it). `status` is the dashboard's filter: "both",
    "present" (planned figures left out) or "planned" (only planned figures).
    Returns the same values as `FigureQuerySet.estimates` gives for the pair.
    """
    if last is None:
        return None
    zero = before_start or Step(day=last.day)
    if status == "present":
        figures = (last.figures - last.planned_figures) - (zero.figures - zero.planned_figures)
        last_reported = last.last_unplanned
    elif status == "planned":
        figures = last.planned_figures - zero.planned_figures
        last_reported = last.last_planned
    else:
        figures = last.figures - zero.figures
        last_reported = last.day
    if figures <= 0:
        return None

    def in_range(day):
        return day is not None and (start is None or day >= start)

    anchored = status != "planned" and in_range(last.total_day)
    if status == "planned":
        change = 0
    elif anchored:
        change = last.change - last.change_at_total
    else:
        change = last.change - zero.change
    total = last.total if anchored else None

    planned_anchored = (
        status != "present" and in_range(last.planned_day) and (not anchored or last.planned_day > last.total_day)
    )
    if status == "present":
        planned_change = 0
    elif planned_anchored:
        planned_change = last.planned_change - last.planned_change_at_planned
    elif anchored:
        planned_change = last.planned_change - last.planned_change_at_total
    else:
        planned_change = last.planned_change - zero.planned_change
    planned_total = last.planned_total if planned_anchored else None
    return {
        "figures": figures,
        "last_reported": last_reported,
        "total_date": last.total_day if anchored else None,
        "total": total,
        "total_id": last.total_id if anchored else None,
        "change": change,
        "planned_date": last.planned_day if planned_anchored else None,
        "planned_total": planned_total,
        "planned_change": planned_change,
        "present": max(0, (total or 0) + change),
        "planned": None if planned_total is None else max(0, planned_total + planned_change),
        "has_total": total is not None,
    }


# Reports of one pair's total this close to its latest are taken as the same moment: if they differ,
# the sources disagree, and the estimate is shown as their range rather than as the latest alone.
DISAGREEMENT_WINDOW = timedelta(days=31)


@dataclass(frozen=True)
class Disagreement:
    low: int
    high: int
    figure_ids: tuple[int, ...]  # every report in the window, oldest first


def disagreement(total_day: date | None, reports) -> Disagreement | None:
    """Whether the present totals reported for a pair within a month up to `total_day` (the rule's
    anchor) differ. `reports`: (figure id, day, count) of the pair's present totals, in any order;
    those outside the window are ignored."""
    if total_day is None:
        return None
    near = sorted(
        (day, figure_id, count)
        for figure_id, day, count in reports
        if total_day - DISAGREEMENT_WINDOW <= day <= total_day
    )
    counts = {count for _, _, count in near}
    if len(counts) < 2:
        return None
    return Disagreement(min(counts), max(counts), tuple(figure_id for _, figure_id, _ in near))
