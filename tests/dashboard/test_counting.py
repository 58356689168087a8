"""The counting rule on hand-made histories, both as the database runs it over the figures
(FigureQuerySet.estimates) and as the dashboard reads it from the kept estimates
(EstimateSeries, kept current as each figure is saved).

Rule: for each (contributor, hosts) pair, the latest approved `total` with status
present at or before the date, plus increases reported after it, minus decreases;
planned figures apart; group figures never split.
"""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmap.models import EstimateSeries, Figure

from .conftest import make_article, make_figure

D = date(2025, 1, 1)

pytestmark = pytest.mark.django_db


def day(n):
    return D + timedelta(days=n)


@pytest.fixture(params=["rule over the figures", "kept estimates"])
def estimates(request):
    """The estimates by pair, as of a date: every test runs against both implementations."""

    def by_pair(as_of=None, kind="troops", exercises=True):
        if request.param == "kept estimates":
            rows = EstimateSeries.objects.family(kind, exercises).estimates(end=as_of)
        else:
            qs = Figure.objects.approved().filter(kind=kind)
            rows = (qs if exercises else qs.filter(exercise=False)).estimates(as_of)
        return {(row["contributor"], row["hosts_key"]): row for row in rows}

    return by_pair


def test_a_single_total_is_the_estimate(estimates):
    make_figure("US", ["PL"], 10_000, day(0))
    row = estimates()[("US", "PL")]
    assert row["present"] == 10_000
    assert row["total"] == 10_000 and row["total_date"] == day(0) and row["has_total"]
    assert row["figures"] == 1 and row["last_reported"] == day(0)


def test_repeated_reports_are_not_summed_the_latest_total_wins(estimates):
    make_figure("US", ["PL"], 10_000, day(0))
    make_figure("US", ["PL"], 10_000, day(1))
    make_figure("US", ["PL"], 11_000, day(5))
    make_figure("US", ["PL"], 10_500, day(9))
    assert estimates()[("US", "PL")]["present"] == 10_500


def test_increases_and_decreases_after_the_total_adjust_it(estimates):
    make_figure("GB", ["EE"], 900, day(0))
    make_figure("GB", ["EE"], 300, day(3), measure="increase")
    make_figure("GB", ["EE"], 100, day(4), measure="decrease")
    row = estimates()[("GB", "EE")]
    assert (row["present"], row["total"], row["change"]) == (1_100, 900, 200)


def test_changes_reported_before_the_total_are_already_in_it(estimates):
    make_figure("GB", ["EE"], 300, day(0), measure="increase")
    make_figure("GB", ["EE"], 50, day(1), measure="decrease")
    make_figure("GB", ["EE"], 900, day(2))
    make_figure("GB", ["EE"], 100, day(2), measure="increase")  # same day as the total: in it
    assert estimates()[("GB", "EE")]["present"] == 900


def test_the_estimate_at_a_date_ignores_later_reports(estimates):
    make_figure("DE", ["LT"], 1_000, day(0))
    make_figure("DE", ["LT"], 500, day(10), measure="increase")
    make_figure("DE", ["LT"], 4_800, day(20))
    make_figure("DE", ["LT"], 200, day(30), measure="increase")
    assert estimates(day(5))[("DE", "LT")]["present"] == 1_000
    assert estimates(day(10))[("DE", "LT")]["present"] == 1_500
    assert estimates(day(25))[("DE", "LT")]["present"] == 4_800
    assert estimates()[("DE", "LT")]["present"] == 5_000
    assert ("DE", "LT") not in estimates(day(-1))


def test_planned_figures_are_counted_apart(estimates):
    make_figure("US", ["RO"], 1_000, day(0))
    make_figure("US", ["RO"], 3_000, day(1), status="planned")  # before the present total below: superseded
    make_figure("US", ["RO"], 1_200, day(2))
    make_figure("US", ["RO"], 5_000, day(3), status="planned")
    make_figure("US", ["RO"], 500, day(4), status="planned", measure="increase")
    row = estimates()[("US", "RO")]
    assert row["present"] == 1_200
    assert (row["planned_total"], row["planned_change"], row["planned"]) == (5_000, 500, 5_500)


def test_planned_changes_without_a_planned_total(estimates):
    make_figure("US", ["RO"], 1_000, day(0))
    make_figure("US", ["RO"], 2_000, day(1), status="planned", measure="increase")
    row = estimates()[("US", "RO")]
    assert row["present"] == 1_000
    assert row["planned"] is None and row["planned_change"] == 2_000


def test_only_planned_figures_leave_the_present_estimate_at_zero(estimates):
    make_figure("CA", ["LV"], 2_200, day(0), status="planned")
    row = estimates()[("CA", "LV")]
    assert row["present"] == 0 and not row["has_total"] and row["planned"] == 2_200


def test_without_a_total_the_changes_are_summed_from_zero(estimates):
    make_figure("FR", ["RO"], 500, day(0), measure="increase")
    make_figure("FR", ["RO"], 200, day(1), measure="increase")
    row = estimates()[("FR", "RO")]
    assert row["present"] == 700 and not row["has_total"]


def test_the_estimate_never_goes_below_zero(estimates):
    make_figure("NL", ["LT"], 100, day(0))
    make_figure("NL", ["LT"], 400, day(1), measure="decrease")
    assert estimates()[("NL", "LT")]["present"] == 0


def test_a_group_is_its_own_pair_and_is_never_split(estimates):
    make_figure("US", ["EE", "LT", "LV"], 3_000, day(0))
    make_figure("US", ["EE"], 800, day(1))
    rows = estimates()
    assert rows[("US", "EE,LT,LV")]["present"] == 3_000
    assert rows[("US", "EE")]["present"] == 800
    assert set(rows) == {("US", "EE,LT,LV"), ("US", "EE")}


def test_contributors_are_separate_pairs_and_an_unnamed_one_is_none(estimates):
    make_figure("US", ["PL"], 10_000, day(0))
    make_figure("GB", ["PL"], 150, day(0))
    make_figure(None, ["PL"], 12_000, day(1))
    rows = estimates()
    assert rows[("US", "PL")]["present"] == 10_000
    assert rows[("GB", "PL")]["present"] == 150
    assert rows[(None, "PL")]["present"] == 12_000


def test_a_tie_on_the_date_goes_to_the_figure_entered_later(estimates):
    article = make_article(day(0), body="A. B.")
    make_figure("US", ["PL"], 9_000, article=article, sentence="A.")
    make_figure("US", ["PL"], 9_500, article=article, sentence="B.")
    assert estimates()[("US", "PL")]["present"] == 9_500


def test_ended_totals_unnumbered_undated_and_unapproved_figures_do_not_set_the_total(estimates):
    make_figure("US", ["PL"], 10_000, day(0))
    make_figure("US", ["PL"], 2_000, day(1), status="ended")
    make_figure("US", ["PL"], None, day(2), qualifier="vague")
    make_figure("US", ["PL"], 7_000, None)
    make_figure("US", ["PL"], 1, day(3), review="proposed")
    make_figure("US", ["PL"], 2, day(3), review="rejected")
    assert estimates()[("US", "PL")]["present"] == 10_000


def test_the_queryset_filters_apply_before_counting(estimates):
    make_figure("US", ["PL"], 10_000, day(0))
    make_figure("US", ["PL"], 4_000, day(1), kind="aircraft")
    make_figure("US", ["PL"], 20_000, day(2), exercise=True)
    assert estimates(exercises=False)[("US", "PL")]["present"] == 10_000
    assert estimates(kind="aircraft")[("US", "PL")]["present"] == 4_000


# --- Against a reference written straight from the rule -----------------------


def reference(history, as_of):
    """history: (day, measure, status, count) in entry order; the rule, literally."""
    dated = [(i, *h) for i, h in enumerate(history) if h[0] <= as_of]
    if not dated:
        return None
    totals = [h for h in dated if h[2] == "total" and h[3] == "present"]
    anchor = max(totals, key=lambda h: (h[1], h[0])) if totals else None
    after = [h for h in dated if anchor is None or h[1] > anchor[1]]
    change = sum(h[4] if h[2] == "increase" else -h[4] for h in after if h[2] != "total" and h[3] != "planned")
    return max(0, (anchor[4] if anchor else 0) + change)


history_strategy = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.sampled_from(["total", "total", "increase", "decrease"]),
        st.sampled_from(["present", "present", "planned", "ended"]),
        st.integers(1, 5_000),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=history_strategy, as_of=st.integers(0, 30))
def test_the_database_agrees_with_the_rule_on_random_histories(estimates, history, as_of):
    with transaction.atomic():
        for offset, measure, status, count in history:
            make_figure("US", ["PL"], count, day(offset), measure=measure, status=status)
        row = estimates(day(as_of)).get(("US", "PL"))
        expected = reference(history, as_of)
        assert (row["present"] if row else None) == expected
        transaction.set_rollback(True)
