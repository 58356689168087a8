"""What the dashboard shows: filtered approved figures, current estimates, chart data, exports.

The estimates and the timeline come from the kept estimates (`EstimateSeries`, kept
current by newsmap/estimates.py under the counting rule of newsmap/counting.py); this
module turns their rows into the values the templates and `newsmap.charts` need, and
caches what it computes under the data version (newsmap/data_version.py).
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count

from newsmap.dashboard import charts
from newsmap.models import Country, EstimateSeries, Figure, ReportDay, Status

COUNTING_RULE = (
    "Many articles report the same deployment, so figures are never summed. For each contributor and "
    "host (or group of hosts), the current estimate is its latest approved total reported as present on "
    "or before the end of the date range, plus the increases reported after it, minus the decreases. "
    "Planned figures are counted the same way but shown apart. A figure for a group of countries stays "
    "with the group and is never split between them. Only figures reported inside the chosen dates count."
)

# The filters that choose figures (the others only change how they are drawn).
DATA_FIELDS = ("start", "end", "contributor", "host", "kind", "status", "exercises")

TABLE_LIMIT = 30  # rows of figures on a page; the exports have them all
TIMELINE_TABLE_LIMIT = 40


def places() -> dict[str, charts.Place]:
    return {
        code: charts.Place(code, name, alpha3, kind, latitude, longitude)
        for code, name, alpha3, kind, latitude, longitude in Country.objects.values_list(
            "code", "name", "alpha3", "kind", "latitude", "longitude"
        )
    }


def estimate_series(filters: dict):
    """The kept estimates' series of the pairs the cleaned filters select (dates and status apply when read)."""
    qs = EstimateSeries.objects.family(filters["kind"], filters.get("exercises"))
    if filters.get("contributor"):
        qs = qs.filter(contributor__in=filters["contributor"])
    if filters.get("host"):
        qs = qs.hosted_in_any(filters["host"])
    return qs


def filtered_figures(filters: dict, queryset=None):
    """The approved figures the cleaned filters select."""
    qs = (queryset if queryset is not None else Figure.objects.all()).approved()
    qs = qs.filter(kind=filters["kind"]).reported_between(filters.get("start"), filters.get("end"))
    if not filters.get("exercises"):
        qs = qs.filter(exercise=False)
    if filters.get("contributor"):
        qs = qs.filter(contributor__in=filters["contributor"])
    if filters.get("host"):
        qs = qs.hosted_in_any(filters["host"])
    if filters.get("status") == "present":
        qs = qs.exclude(status=Status.PLANNED)
    elif filters.get("status") == "planned":
        qs = qs.filter(status=Status.PLANNED)
    return qs


@dataclass
class Estimate:
    """One row of `FigureQuerySet.estimates`, with its places looked up."""

    contributor: charts.Place | None
    hosts: tuple[charts.Place, ...]
    present: int
    planned: int | None
    planned_change: int
    total: int | None
    total_date: date | None
    change: int
    figures: int
    last_reported: date | None
    shown: int = 0
    flow: charts.Flow = field(init=False)

    def __post_init__(self):
        self.flow = charts.Flow(self.contributor, self.hosts, self.shown, self.planned)

    @property
    def hosts_key(self):
        return self.flow.hosts_key

    @property
    def host_label(self):
        return self.flow.host_label

    @property
    def contributor_label(self):
        return self.flow.contributor_label

    @property
    def is_group(self):
        return self.flow.is_group

    @property
    def change_label(self) -> str:
        return f"{self.change:+,}" if self.change else ""

    @property
    def planned_label(self) -> str:
        if self.planned is not None:
            return f"{self.planned:,}"
        if self.planned_change:
            return f"{self.planned_change:+,}"
        return ""


def estimates(series, filters: dict, lookup: dict[str, charts.Place]) -> list[Estimate]:
    """The estimate of each pair of `series` under the filters' dates and status, largest first."""
    status = filters.get("status") or "both"
    rows = []
    for row in series.estimates(filters.get("start"), filters.get("end"), status):
        hosts = tuple(lookup.get(code) or charts.Place(code, code) for code in row["hosts_key"].split(",") if code)
        if not hosts:
            continue
        contributor = lookup.get(row["contributor"]) if row["contributor"] else None
        if status == "planned":
            shown = row["planned"] if row["planned"] is not None else max(0, row["planned_change"])
        else:
            shown = row["present"]
        rows.append(
            Estimate(
                contributor=contributor,
                hosts=hosts,
                present=row["present"],
                planned=row["planned"],
                planned_change=row["planned_change"],
                total=row["total"],
                total_date=row["total_date"],
                change=row["change"],
                figures=row["figures"],
                last_reported=row["last_reported"],
                shown=shown,
            )
        )
    rows.sort(key=lambda e: (-e.shown, e.host_label, e.contributor_label))
    return rows


def timeline_points(series, filters: dict, by: str) -> list[charts.Point]:
    rows = series.timeline(filters.get("start"), filters.get("end"), filters.get("status") or "both", by)
    return [
        charts.Point(row["series"] or "", row["status"], _month(row["month"]), row["largest"], row["figures"])
        for row in rows
        if row["month"] is not None
    ]


def _month(value) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:7] + "-01")
    return value.date() if hasattr(value, "date") else value


def series_labels(points, by: str, lookup: dict[str, charts.Place]) -> dict[str, str]:
    labels = {}
    for point in points:
        codes = [code for code in point.series.split(",") if code]
        if not codes:
            labels[point.series] = "Unspecified"
        elif by == "host":
            labels[point.series] = charts.group_label([lookup.get(code) or charts.Place(code, code) for code in codes])
        else:
            labels[point.series] = (lookup.get(codes[0]) or charts.Place(codes[0], codes[0])).name
    return labels


def chart_json(fig) -> dict:
    """A figure as plain data for `json_script`."""
    return fig.to_plotly_json()


# Entries are keyed by the data version, so they are never stale; the timeout only lets old ones go.
DATA_CACHE_SECONDS = 600
# The latest entries this process used, in front of the shared cache: a key's value never changes.
LOCAL_ENTRIES = 64
_local: OrderedDict[str, object] = OrderedDict()


def cached(key_parts, compute, timeout: int = DATA_CACHE_SECONDS):
    """`compute()`, cached under `key_parts` (which callers make include the data version)."""
    key = "newsmap:data:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    if key in _local:
        _local.move_to_end(key)
        return _local[key]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    _local[key] = value
    while len(_local) > LOCAL_ENTRIES:
        _local.popitem(last=False)
    return value


def overview(filters: dict, parts=("headline", "map", "bars", "timeline", "table"), version=None) -> dict:
    """The context of the overview, computing only the `parts` asked for.

    With a `version` (`data_version.current()`), the estimates and timeline rows are
    cached by the filters that select figures, so that switching the map's scope or
    the timeline's series reuses them.
    """
    qs = filtered_figures(filters)
    series = estimate_series(filters)
    lookup = places()
    unit = filters["kind"]
    context = {"counting_rule": COUNTING_RULE, "unit": unit, "as_of": filters.get("end")}
    data_key = (version, tuple((name, repr(filters.get(name))) for name in DATA_FIELDS))

    def data(name, compute):
        return compute() if version is None else cached((name, *data_key), compute)

    needs_estimates = {"map", "bars", "table"} & set(parts)
    if needs_estimates:
        rows = data("estimates", lambda: estimates(series, filters, lookup))
        context["estimates"] = rows
        flows = [row.flow for row in rows]
        context["host_rows"] = host_rows(rows)
    if "headline" in parts:
        context["headline"] = headline(filters, qs, rows if needs_estimates else None)
    if "map" in parts:
        context["map_chart"] = chart_json(charts.presence_map(flows, filters.get("scope", "europe"), unit))
    if "bars" in parts:
        bars = charts.host_bars(flows, unit)
        context["bar_chart"] = chart_json(bars)
        context["bar_legend"] = charts.legend_entries(bars)
    if "timeline" in parts:
        by = filters.get("series", "host")
        points = data(f"timeline-{by}", lambda: timeline_points(series, filters, by))
        labels = series_labels(points, by, lookup)
        context["timeline_chart"] = chart_json(charts.timeline(points, labels, unit))
        latest = sorted(points, key=lambda p: (p.month, labels.get(p.series, ""), p.status))[-TIMELINE_TABLE_LIMIT:]
        context["timeline_rows"] = [
            {
                "month": p.month,
                "label": labels.get(p.series, p.series),
                "status": p.status,
                "value": p.value,
                "figures": p.figures,
            }
            for p in latest
        ]
        context["timeline_by"] = by
    if "table" in parts:
        context["figures"] = qs.select_related("article", "contributor").latest_reported(TABLE_LIMIT)
        context["figures_shown"] = len(context["figures"])
    return context


def headline(filters: dict, qs, rows: list[Estimate] | None = None) -> dict:
    """Articles, approved figures, host countries and latest report date.

    Reuses the estimate rows when the page has them: they already hold the host
    countries and the latest date. The two counts come from the kept daily counts
    unless contributors or hosts are chosen (then from the figures those select).
    """
    if rows is None:
        return qs.headline()
    if filters.get("contributor") or filters.get("host"):
        numbers = qs.aggregate(figures=Count("pk"), articles=Count("article", distinct=True))
    else:
        numbers = ReportDay.objects.headline(
            filters["kind"],
            filters.get("exercises"),
            filters.get("status") or "both",
            filters.get("start"),
            filters.get("end"),
        )
    numbers["countries"] = len({host.code for row in rows for host in row.hosts if host.kind == "state"})
    numbers["latest"] = max((row.last_reported for row in rows if row.last_reported), default=None)
    return numbers


@dataclass
class HostRow:
    hosts_key: str
    label: str
    is_group: bool
    shown: int
    contributors: list[Estimate]


def host_rows(rows: list[Estimate]) -> list[HostRow]:
    """Estimates grouped by host (or group), largest first: the bar chart's table."""
    grouped: dict[str, HostRow] = {}
    for row in rows:
        if row.shown <= 0:
            continue
        entry = grouped.setdefault(row.hosts_key, HostRow(row.hosts_key, row.host_label, row.is_group, 0, []))
        entry.shown += row.shown
        entry.contributors.append(row)
    return sorted(grouped.values(), key=lambda r: (-r.shown, r.label))
