"""What the dashboard shows: filtered approved figures, current estimates, chart data, exports.

The counting rule itself is `FigureQuerySet.estimates` (newsmap/models.py), run by
the database; this module turns its rows and other aggregated rows into the
values the templates and `newsmap.charts` need.
"""

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsmap import charts
from newsmap.models import Article, Country, Figure, Status

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


def estimates(qs, as_of: date | None, status: str, lookup: dict[str, charts.Place]) -> list[Estimate]:
    rows = []
    for row in qs.estimates(as_of):
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


def timeline_points(qs, by: str) -> list[charts.Point]:
    return [
        charts.Point(row["series"] or "", row["status"], _month(row["month"]), row["largest"], row["figures"])
        for row in qs.timeline(by)
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


DATA_CACHE_SECONDS = 60


def cached(key_parts, compute):
    """`compute()`, cached under `key_parts` for DATA_CACHE_SECONDS.

    Callers put the filters and `Figure.objects.data_stamp()` in the key, so a new,
    deleted, approved or rejected figure shows at once; other edits within the timeout.
    """
    key = "newsmap:data:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, DATA_CACHE_SECONDS)
    return value


def overview(filters: dict, parts=("headline", "map", "bars", "timeline", "table"), stamp=None) -> dict:
    """The context of the overview, computing only the `parts` asked for.

    With a `stamp` (`Figure.objects.data_stamp()`), the estimates and timeline rows
    are cached by the filters that select figures, so that switching the map's
    scope or the timeline's series reuses them.
    """
    qs = filtered_figures(filters)
    lookup = places()
    unit = filters["kind"]
    context = {"counting_rule": COUNTING_RULE, "unit": unit, "as_of": filters.get("end")}
    data_key = (stamp, tuple((name, repr(filters.get(name))) for name in DATA_FIELDS))

    def data(name, compute):
        return compute() if stamp is None else cached((name, *data_key), compute)

    needs_estimates = {"map", "bars", "table"} & set(parts)
    if needs_estimates:
        rows = data("estimates", lambda: estimates(qs, filters.get("end"), filters.get("status"), lookup))
        context["estimates"] = rows
        flows = [row.flow for row in rows]
        context["host_rows"] = host_rows(rows)
    if "headline" in parts:
        context["headline"] = headline(qs, rows if needs_estimates else None)
    if "map" in parts:
        context["map_chart"] = chart_json(charts.presence_map(flows, filters.get("scope", "europe"), unit))
    if "bars" in parts:
        bars = charts.host_bars(flows, unit)
        context["bar_chart"] = chart_json(bars)
        context["bar_legend"] = charts.legend_entries(bars)
    if "timeline" in parts:
        by = filters.get("series", "host")
        points = data(f"timeline-{by}", lambda: timeline_points(qs, by))
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


def headline(qs, rows: list[Estimate] | None = None) -> dict:
    """Articles, approved figures, host countries and latest report date.

    Reuses the estimate rows when the page has them: they already hold the host
    countries and the latest date, so only the two counts need a query.
    """
    if rows is None:
        return qs.headline()
    numbers = qs.aggregate(figures=Count("pk"), articles=Count("article", distinct=True))
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


# --- Evidence -------------------------------------------------------------------

NUMBER = re.compile(r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s*(?:thousand|million))?", re.IGNORECASE)


def _number_value(text: str) -> float | None:
    text = text.lower()
    scale = 1
    if "thousand" in text:
        scale, text = 1000, text.replace("thousand", "")
    elif "million" in text:
        scale, text = 1_000_000, text.replace("million", "")
    digits = re.sub(r"[,\u00a0\u202f ]", "", text.strip())
    try:
        return float(digits) * scale
    except ValueError:
        return None


def figure_span(sentence: str, count: int | None, count_max: int | None = None) -> tuple[int, int] | None:
    """Where the figure's number is written in its sentence, if it is written in digits."""
    wanted = {value for value in (count, count_max) if value is not None}
    for match in NUMBER.finditer(sentence):
        if _number_value(match.group()) in wanted:
            return match.span()
    return None


def highlighted_sentence(figure) -> SafeString:
    """The evidence sentence, escaped, with the figure's number marked."""
    span = figure_span(figure.sentence, figure.count, figure.count_max)
    if span is None:
        return escape(figure.sentence)
    start, end = span
    return mark_safe(
        escape(figure.sentence[:start])
        + '<mark class="figure-number">'
        + escape(figure.sentence[start:end])
        + "</mark>"
        + escape(figure.sentence[end:])
    )


def sentence_bounds(article: Article, figure) -> tuple[int, int] | None:
    body = article.body
    start, end = figure.sentence_start, figure.sentence_end
    if 0 <= start < end <= len(body) and body[start:end] == figure.sentence:
        return start, end
    found = body.find(figure.sentence) if figure.sentence else -1
    return (found, found + len(figure.sentence)) if found >= 0 else None


def highlighted_article(article: Article, figures) -> SafeString:
    """The article body, escaped, with each figure's sentence marked (overlaps merged)."""
    spans: list[tuple[int, int, list[int]]] = []
    for figure in sorted(figures, key=lambda f: (f.sentence_start, f.pk)):
        bounds = sentence_bounds(article, figure)
        if bounds is None:
            continue
        start, end = bounds
        if spans and start < spans[-1][1]:
            last = spans[-1]
            spans[-1] = (last[0], max(last[1], end), [*last[2], figure.pk])
        else:
            spans.append((start, end, [figure.pk]))
    spans.sort()
    parts, position = [], 0
    for start, end, ids in spans:
        if start < position:
            continue
        parts.append(escape(article.body[position:start]))
        anchors = "".join(f'<span id="figure-{pk}"></span>' for pk in ids)
        parts.append(f'{anchors}<mark class="evidence">{escape(article.body[start:end])}</mark>')
        position = end
    parts.append(escape(article.body[position:]))
    return mark_safe("".join(parts))


# --- Export ---------------------------------------------------------------------

EXPORT_COLUMNS = [
    "figure_id",
    "published",
    "contributor",
    "hosts",
    "count",
    "count_max",
    "qualifier",
    "measure",
    "status",
    "kind",
    "exercise",
    "sentence",
    "article_id",
    "article_title",
    "outlet",
    "article_url",
    "newsmap_url",
]


def export_frame(qs, site: str = "") -> pd.DataFrame:
    """One row per figure, with its article's URL and the evidence sentence.

    `site` (e.g. "https://newsmap.example") makes the links to NewsMap's article pages absolute.
    """
    rows = qs.order_by("article__published", "pk").values_list(
        "pk",
        "article__published",
        "contributor_id",
        "hosts_key",
        "count",
        "count_max",
        "qualifier",
        "measure",
        "status",
        "kind",
        "exercise",
        "sentence",
        "article_id",
        "article__title",
        "article__outlet",
        "article__url",
    )
    frame = pd.DataFrame.from_records(list(rows), columns=EXPORT_COLUMNS[:-1])
    article_url = reverse("article", args=[0]).removesuffix("0/")
    frame["newsmap_url"] = [f"{site}{article_url}{pk}/" for pk in frame["article_id"]]
    frame["published"] = pd.to_datetime(frame["published"]).dt.strftime("%Y-%m-%d")
    for column in ("count", "count_max"):
        frame[column] = frame[column].astype("Int64")
    frame["contributor"] = frame["contributor"].fillna("")
    return frame[EXPORT_COLUMNS]


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet shows as text: a leading quote before what would start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def export_csv(qs, site: str = "") -> str:
    frame = export_frame(qs, site)
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(spreadsheet_safe)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue()


def export_json(qs, site: str = "") -> str:
    return export_frame(qs, site).to_json(orient="records", force_ascii=False, indent=1)
