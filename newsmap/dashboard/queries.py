"""What the dashboard shows: filtered approved figures, current estimates, chart data, exports.

The estimates and the timeline come from the kept estimates (`EstimateSeries`, kept
current by newsmap/estimates.py under the counting rule of newsmap/counting.py); this
module turns their rows into the values the templates and `newsmap.charts` need, and
caches what it computes under the data version (newsmap/data_version.py).
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q
from django.urls import reverse

from newsmap import counting
from newsmap.countries import REGION_MEMBERS, with_region_members
from newsmap.dashboard import charts
from newsmap.models import Country, EstimateSeries, EstimateStep, Figure, Measure, ReportDay, Status, next_month

COUNTING_RULE = (
    "Many articles report the same deployment, so figures are never summed. For each contributor and "
    "host (or group of hosts), the estimate is its latest approved total reported as present on or before "
    "the “as of” date (the end of the date range when no “as of” is chosen; otherwise the latest "
    "report), plus the increases reported after it, minus the decreases. When totals for the same pair "
    "reported within a month of that latest one differ, the estimate is shown as their range, with each "
    "source. Planned figures are counted the same way but shown apart. A figure for a group of countries "
    "stays with the group and is never split between them. A region (NATO's eastern flank, Europe) as a "
    "host filter takes in its member countries' figures. The date range chooses what the timeline and the "
    "lists of figures show; it does not change the estimates. Figures from articles without a date count "
    "in no estimate: the page says how many there are."
)

# The filters that choose figures (the others only change how they are drawn).
DATA_FIELDS = ("start", "end", "as_of", "contributor", "host", "kind", "status", "exercises")

TABLE_LIMIT = 30  # rows of figures on a page; the exports have them all
TIMELINE_TABLE_LIMIT = 40


def places() -> dict[str, charts.Place]:
    return {
        code: charts.Place(code, name, alpha3, kind, latitude, longitude)
        for code, name, alpha3, kind, latitude, longitude in Country.objects.values_list(
            "code", "name", "alpha3", "kind", "latitude", "longitude"
        )
    }


def as_of(filters: dict) -> date | None:
    """The date the estimates are counted at: the "as of" chosen, else the end of the date range, else none."""
    return filters.get("as_of") or filters.get("end")


def estimate_series(filters: dict):
    """The kept estimates' series of the pairs the cleaned filters select (dates and status apply when read)."""
    qs = EstimateSeries.objects.family(filters["kind"], filters.get("exercises"))
    if filters.get("contributor"):
        qs = qs.filter(contributor__in=filters["contributor"])
    if filters.get("host"):
        qs = qs.hosted_in_any(with_region_members(filters["host"]))
    return qs


def selected_figures(filters: dict, queryset=None):
    """The approved figures the cleaned filters select, whatever their date."""
    qs = (queryset if queryset is not None else Figure.objects.all()).approved().filter(kind=filters["kind"])
    if not filters.get("exercises"):
        qs = qs.filter(exercise=False)
    if filters.get("contributor"):
        qs = qs.filter(contributor__in=filters["contributor"])
    if filters.get("host"):
        qs = qs.hosted_in_any(with_region_members(filters["host"]))
    if filters.get("status") == "present":
        qs = qs.exclude(status=Status.PLANNED)
    elif filters.get("status") == "planned":
        qs = qs.filter(status=Status.PLANNED)
    return qs


def filtered_figures(filters: dict, queryset=None):
    """The approved figures the cleaned filters select, reported inside the date range."""
    return selected_figures(filters, queryset).reported_between(filters.get("start"), filters.get("end"))


def undated_figures(filters: dict, queryset=None):
    """The approved figures the filters would select but whose article has no date: in no estimate."""
    return selected_figures(filters, queryset).filter(published__isnull=True)


def report_months(kind: str, exercises: bool) -> list[date]:
    """The last day of every month from the first report of this kind to the latest: the as-of slider's stops."""
    span = EstimateStep.objects.filter(series__kind=kind, series__with_exercises=bool(exercises)).aggregate(
        first=Min("day"), last=Max("day")
    )
    if span["first"] is None:
        return []
    months, month = [], span["first"].replace(day=1)
    while month <= span["last"]:
        following = next_month(month)
        months.append(following - timedelta(days=1))
        month = following
    return months


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
    # Totals reported within a month of the latest that differ from it: the range, and each source.
    disagreement: counting.Disagreement | None = None
    sources: list[dict] = field(default_factory=list)
    area: tuple[charts.Place, ...] = ()  # the states a group or region figure covers (charts.Flow.area)

    @property
    def flow(self) -> charts.Flow:
        low, high = (self.disagreement.low, self.disagreement.high) if self.disagreement else (None, None)
        return charts.Flow(
            self.contributor,
            self.hosts,
            self.shown,
            self.planned,
            self.figures,
            self.last_reported,
            low,
            high,
            self.area,
        )

    @property
    def range_label(self) -> str:
        return f"{self.disagreement.low:,}–{self.disagreement.high:,}" if self.disagreement else ""

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
    for row in series.estimates(None, as_of(filters), status):
        hosts = tuple(lookup.get(code) or charts.Place(code, code) for code in row["hosts_key"].split(",") if code)
        if not hosts:
            continue
        contributor = lookup.get(row["contributor"]) if row["contributor"] else None
        area = tuple(
            member
            for place in hosts
            for member in (
                [lookup[code] for code in REGION_MEMBERS.get(place.code, ()) if code in lookup]
                if place.kind == "region"
                else [place]
            )
        )
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
                area=area if len(area) > 1 or area != hosts else (),
            )
        )
    rows.sort(key=lambda e: (-e.shown, e.host_label, e.contributor_label))
    if status != "planned":
        mark_disagreements(rows, filters)
    return rows


DISAGREEMENT_ROWS = 100  # the largest estimates checked for disagreeing reports: every one the page lists


def mark_disagreements(rows: list[Estimate], filters: dict) -> None:
    """Give each estimate whose latest total disagrees with another reported within a month its range
    and sources (counting.disagreement), reading only the present totals in those windows."""
    anchored = [row for row in rows[:DISAGREEMENT_ROWS] if row.total_date is not None]
    if not anchored:
        return
    totals = Figure.objects.approved().filter(
        kind=filters["kind"],
        measure=Measure.TOTAL,
        status=Status.PRESENT,
        count__isnull=False,
        published__gte=min(row.total_date for row in anchored) - counting.DISAGREEMENT_WINDOW,
        published__lte=max(row.total_date for row in anchored),
        hosts_key__in={row.hosts_key for row in anchored},
    )
    if not filters.get("exercises"):
        totals = totals.filter(exercise=False)
    contributors = {row.contributor.code for row in anchored if row.contributor}
    totals = totals.filter(Q(contributor__in=contributors) | Q(contributor__isnull=True))
    reports: dict[tuple[str, str], list] = {}
    for pk, who, key, day, count in totals.values_list("pk", "contributor", "hosts_key", "published", "count"):
        reports.setdefault((who or "", key), []).append((pk, day, count))
    found = {}
    for row in anchored:
        pair = (row.contributor.code if row.contributor else "", row.hosts_key)
        row.disagreement = counting.disagreement(row.total_date, reports.get(pair, []))
        if row.disagreement:
            found[id(row)] = row
    if not found:
        return
    ids = {pk for row in found.values() for pk in row.disagreement.figure_ids}
    figures = Figure.objects.filter(pk__in=ids).select_related("article").in_bulk()
    for row in found.values():
        row.sources = [
            {
                "figure": pk,
                "article": figures[pk].article_id,
                "count": figures[pk].count_label,
                "date": figures[pk].published,
                "outlet": figures[pk].article.outlet or figures[pk].article.title,
            }
            for pk in row.disagreement.figure_ids
        ]


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
    context = {"counting_rule": COUNTING_RULE, "unit": unit, "as_of": as_of(filters)}
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
        context["undated"] = data("undated", lambda: undated_figures(filters).count())
        context["undated_url"] = reverse("admin:newsmap_article_changelist") + "?dated=undated"
    if needs_estimates and not any(row.shown > 0 for row in rows):
        context["empty"] = empty_message(filters, lookup)
    if "map" in parts:
        presence = charts.presence_map(flows, filters.get("scope", "europe"), unit)
        context["map_chart"] = chart_json(presence)
        context["map_fallback"] = charts.map_summary(flows, unit)
        context["flow_widths"] = charts.flow_width_legend(flows, unit)
    if "bars" in parts:
        bars = charts.host_bars(flows, unit)
        context["bar_chart"] = chart_json(bars)
        context["bar_legend"] = charts.legend_entries(bars)
    if "timeline" in parts:
        by = filters.get("series", "host")
        points = data(f"timeline-{by}", lambda: timeline_points(series, filters, by))
        labels = series_labels(points, by, lookup)
        context["timeline_chart"] = chart_json(charts.timeline(points, labels, unit, as_of(filters)))
        context["timeline_empty"] = not points
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


def empty_message(filters: dict, lookup: dict[str, charts.Place]) -> str:
    """What is empty and why, in the filters' own words: "No approved troops figures for ... as of ..."."""

    def names(codes):
        return charts.group_label([lookup.get(code) or charts.Place(code, code) for code in codes]).replace(
            " & ", " or "
        )

    status = {"present": "present ", "planned": "planned "}.get(filters.get("status"), "")
    parts = [f"No approved {status}{filters['kind']} figures"]
    if filters.get("contributor"):
        parts.append(f"from {names(filters['contributor'])}")
    if filters.get("host"):
        regions = [code for code in filters["host"] if (lookup.get(code) and lookup[code].kind == "region")]
        parts.append(f"in {names(filters['host'])}" + (" (or its member countries)" if regions else ""))
    when = as_of(filters)
    parts.append(f"reported on or before {when:%-d %B %Y}" if when else "have been reported")
    if not filters.get("exercises"):
        parts.append("outside exercises")
    return " ".join(parts) + "."


def headline(filters: dict, qs, rows: list[Estimate] | None = None) -> dict:
    """Articles, approved figures, host countries and latest report date.

    Reuses the estimate rows when the page has them: they already hold the host
    countries and the latest date. The two counts come from the kept daily counts
    unless contributors or hosts are chosen (then from the figures those select).
    """
    # Reported in the date range, and no later than the "as of" date of the estimates beside them.
    when = min((day for day in (filters.get("end"), filters.get("as_of")) if day), default=None)
    if when is not None:
        qs = qs.filter(published__lte=when)
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
            when,
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
