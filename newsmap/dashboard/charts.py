"""The dashboard's charts: pure functions from plain data to a plotly `go.Figure`.

Nothing here touches the database or the request; the views turn the figures into
`Place`/`Flow`/`Point` values and pass the resulting figures to the page through
`json_script`, where static/newsmap/dashboard.js draws them.

Colours: Okabe & Ito's palette for categories and a single-hue blue scale for the
map, both readable with the common forms of colour blindness; planned is told
from present by dash and open markers too, never by colour alone.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

# The plotly.js the pages load: a partial bundle (vendor-build/plotly/) of the version the installed
# plotly package draws for, with only the traces these charts use (TRACES).
PLOTLY_JS = "vendor/plotly-4.1.1-newsmap.min.js"
TRACES = ("scatter", "bar", "choropleth", "scattergeo")

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
OTHER_COLOUR = "#8c8c8c"
LINK_COLOUR = "rgba(213, 94, 0, 0.55)"  # vermillion: apart from the blue of the map
LINK_HEAD_COLOUR = "#b34700"
GROUP_COLOUR = "#009E73"
MAP_SCALE = [[0.0, "#deebf7"], [0.35, "#9ecae1"], [0.7, "#3182bd"], [1.0, "#08306b"]]
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#1b1b1b"}

# States too small to see as a shape at the Europe scale: also drawn as a point.
SMALL_STATES = {"AD", "CY", "LI", "LU", "MC", "ME", "MT", "SM", "VA", "XK", "BH", "QA", "SG", "DJ"}

SCOPES = {
    # Europe is drawn from the world map so that Cyprus and Turkey, which plotly's
    # europe_* files leave to Asia, are there; 50m keeps Malta and Luxembourg.
    "europe": {
        "resolution": 50,
        "projection": {"type": "conic conformal", "rotation": {"lon": 15}, "parallels": [40, 62]},
        "lonaxis": {"range": [-12, 44]},
        "lataxis": {"range": [34, 70]},
    },
    "world": {"resolution": 110, "projection": {"type": "natural earth"}},
}
# (south, north, west, east) of a regional map, a little inside its edges: arrows from further away enter here.
SCOPE_BOXES = {"europe": (35.0, 69.0, -11.0, 43.0)}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    alpha3: str = ""
    kind: str = "state"
    latitude: float | None = None
    longitude: float | None = None

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Flow:
    """The estimate for one (contributor, hosts) pair; `hosts` has several places for a group."""

    contributor: Place | None
    hosts: tuple[Place, ...]
    value: int
    planned: int | None = None
    figures: int = 0  # the reports the estimate rests on
    last_reported: date | None = None
    low: int | None = None  # when reports within a month disagree: their range
    high: int | None = None
    # The states a group (or region) figure covers, shaded together on the map; its hosts unless a region.
    area: tuple[Place, ...] = ()

    @property
    def hosts_key(self) -> str:
        return ",".join(place.code for place in self.hosts)

    @property
    def is_group(self) -> bool:
        return len(self.hosts) > 1 or any(place.kind != "state" for place in self.hosts)

    @property
    def host_label(self) -> str:
        return group_label(self.hosts)

    @property
    def contributor_label(self) -> str:
        return self.contributor.name if self.contributor else "Unspecified"


@dataclass(frozen=True)
class Point:
    """One point of the timeline: the largest figure a series reported in a month."""

    series: str
    status: str
    month: date
    value: int
    figures: int = 1


def group_label(hosts: Sequence[Place]) -> str:
    if len(hosts) == 1:
        return hosts[0].name
    if len(hosts) == 2:
        return f"{hosts[0].name} & {hosts[1].name}"
    return ", ".join(place.name for place in hosts[:-1]) + f" & {hosts[-1].name}"


def wrap(label: str, width: int = 22) -> str:
    """A long axis label on several lines, so that it does not squeeze the bars."""
    lines: list[str] = []
    for word in label.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def centre(hosts: Sequence[Place]) -> tuple[float, float] | None:
    located = [place for place in hosts if place.located]
    if not located:
        return None
    return (
        sum(place.latitude for place in located) / len(located),
        sum(place.longitude for place in located) / len(located),
    )


# Traces and layouts are built as plain dicts and checked by plotly's validators
# only when VALIDATE is on (the test suite rebuilds every figure with validation):
# validating costs ~2 ms a trace, more than the rest of a dashboard request.
VALIDATE = False


def figure(data: list[dict], layout: dict) -> go.Figure:
    # Imported when a chart is drawn: the commands that draw none start without plotly.
    import plotly.graph_objects as go

    return go.Figure(data=data, layout=layout, _validate=VALIDATE)


def base_layout(**extra) -> dict:
    layout = {
        "template": "none",
        "font": FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
        "hoverlabel": {"font": FONT | {"color": "#ffffff"}, "bgcolor": "#1b1b1b"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0},
    }
    layout.update(extra)
    return layout


def link_width(value: int, largest: int) -> float:
    """A flow's line width in pixels: by the square root of its number, so areas compare, in half pixels."""
    return round(2 * (0.75 + 4.5 * math.sqrt(value / largest))) / 2 if largest else 0.75


def _nice(value: float) -> int:
    """A round number near `value` (1, 2 or 5 times a power of ten) for the width legend."""
    if value < 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return int(min((1, 2, 5, 10), key=lambda step: abs(step * power - value)) * power)


def flow_width_legend(flows: Iterable[Flow], unit: str = "troops") -> list[dict]:
    """Three round numbers spanning the flows drawn, each with the line width it is drawn at."""
    values = [flow.value for flow in flows if flow.value > 0 and flow.contributor]
    if not values:
        return []
    largest = max(values)
    samples = sorted({_nice(largest / 16), _nice(largest / 4), _nice(largest)})
    return [
        {"value": value, "label": f"{value:,} {unit}", "width": link_width(min(value, largest), largest)}
        for value in samples
    ]


def _report_note(flow: Flow) -> str:
    reports = f"{flow.figures} report{'s' if flow.figures != 1 else ''}" if flow.figures else ""
    when = f"latest {flow.last_reported:%-d %b %Y}" if flow.last_reported else ""
    note = ", ".join(part for part in (reports, when) if part)
    if flow.low is not None:
        note += f"<br>reports within a month differ: {flow.low:,}–{flow.high:,}"
    return note


def _inside(lat: float, lon: float, box: tuple[float, float, float, float]) -> bool:
    south, north, west, east = box
    return south <= lat <= north and west <= lon <= east


def _entry_point(start: tuple[float, float], end: tuple[float, float], box) -> tuple[float, float]:
    """Where the straight line from `end` (on the map) towards `start` (off it) leaves the box."""
    low, high = 0.0, 1.0
    for _ in range(30):  # bisection: the box is convex
        middle = (low + high) / 2
        point = (end[0] + middle * (start[0] - end[0]), end[1] + middle * (start[1] - end[1]))
        if _inside(*point, box):
            low = middle
        else:
            high = middle
    return end[0] + low * (start[0] - end[0]), end[1] + low * (start[1] - end[1])


def _nearest(places: Sequence[Place], to: Place) -> Place:
    return min(places, key=lambda p: (p.latitude - to.latitude) ** 2 + (p.longitude - to.longitude) ** 2)


HOST_LABELS = 8  # the largest hosts get their name and number on the map


def presence_map(flows: Iterable[Flow], scope: str = "europe", unit: str = "troops") -> go.Figure:
    """Hosts shaded by their estimate; a group's (or region's) figure shades its member countries lighter,
    whole, never split; contributor-to-host arrows by width; the largest hosts labelled.

    One colour scale runs over host and group figures alike. The legend is the page's
    (`flow_width_legend`), beside the map, so nothing covers it.
    """
    flows = [flow for flow in flows if flow.value > 0]
    data: list[dict] = []
    per_host: dict[str, int] = defaultdict(int)
    places: dict[str, Place] = {}
    for flow in flows:
        if not flow.is_group:
            per_host[flow.hosts[0].code] += flow.value
            places[flow.hosts[0].code] = flow.hosts[0]
    group_totals: dict[str, int] = defaultdict(int)
    group_flows: dict[str, Flow] = {}
    for flow in flows:
        if flow.is_group:
            group_totals[flow.hosts_key] += flow.value
            group_flows.setdefault(flow.hosts_key, flow)
    # Each member state of a group figure: the groups it is in, largest first.
    in_groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(group_totals, key=lambda k: -group_totals[k]):
        for place in group_flows[key].area or group_flows[key].hosts:
            if place.alpha3:
                places.setdefault(place.code, place)
                in_groups[place.code].append(key)
    shaded = [code for code in per_host if places[code].alpha3]
    top = max([*per_host.values(), *group_totals.values()], default=0) or 1

    def group_lines(code):
        return "".join(
            f"<br>in {group_flows[key].host_label} (a group figure, not split): {group_totals[key]:,} {unit}"
            for key in in_groups.get(code, [])
        )

    scale = {"colorscale": MAP_SCALE, "zmin": 0, "zmax": top, "locationmode": "ISO-3"}
    members_only = [code for code in in_groups if code not in per_host]
    if members_only:
        data.append(
            dict(
                type="choropleth",
                locations=[places[code].alpha3 for code in members_only],
                z=[group_totals[in_groups[code][0]] for code in members_only],
                customdata=[in_groups[code][0] for code in members_only],
                text=[f"<b>{places[code].name}</b>{group_lines(code)}" for code in members_only],
                hovertemplate="%{text}<extra></extra>",
                marker={"line": {"color": GROUP_COLOUR, "width": 1.4}, "opacity": 0.5},
                showscale=False,
                name="Group figure (member countries, lighter)",
                showlegend=False,
                **scale,
            )
        )
    data.append(
        dict(
            type="choropleth",
            locations=[places[code].alpha3 for code in shaded],
            z=[per_host[code] for code in shaded],
            text=[
                f"<b>{places[code].name}</b><br>{per_host[code]:,} {unit} (its own figures){group_lines(code)}"
                for code in shaded
            ],
            customdata=shaded,
            marker={"line": {"color": "#ffffff", "width": 0.6}},
            colorbar={
                "title": {"text": f"{unit}", "side": "top"},
                "thickness": 10,
                "len": 0.7,
                "x": 1.0,
                "xanchor": "left",
                "y": 0.5,
                "tickformat": ",d",
                "outlinewidth": 0,
            },
            hovertemplate="%{text}<extra></extra>",
            name="Host estimate",
            showlegend=False,
            **scale,
        )
    )
    # Small states get a point as well, so that they can be seen and clicked.
    small = [code for code in shaded if code in SMALL_STATES and places[code].located]
    if small:
        data.append(
            dict(
                type="scattergeo",
                lat=[places[code].latitude for code in small],
                lon=[places[code].longitude for code in small],
                customdata=small,
                text=[f"<b>{places[code].name}</b><br>{per_host[code]:,} {unit}" for code in small],
                hovertemplate="%{text}<extra></extra>",
                mode="markers",
                marker={"size": 9, "color": "#3182bd", "line": {"color": "#08306b", "width": 1.5}},
                name="Small host state",
                showlegend=False,
            )
        )
    # Arrows, bucketed by width so that a handful of traces draw them all. Each runs from the
    # contributor (or where its line enters a regional map) to the host, or to the member of a
    # group nearest the contributor; hover on its middle or its head.
    box = SCOPE_BOXES.get(scope)
    largest = max([flow.value for flow in flows if flow.contributor], default=0)
    buckets: dict[float, list[Flow]] = defaultdict(list)
    for flow in flows:
        targets = [place for place in (flow.area or flow.hosts) if place.located]
        if flow.contributor and flow.contributor.located and targets:
            buckets[link_width(flow.value, largest)].append(flow)
    entries: dict[str, tuple[float, float]] = {}
    for width, group in sorted(buckets.items()):
        lat, lon, text, size, symbol, colour, keys = [], [], [], [], [], [], []
        for flow in group:
            target = _nearest([place for place in (flow.area or flow.hosts) if place.located], flow.contributor)
            start = (flow.contributor.latitude, flow.contributor.longitude)
            end = (target.latitude, target.longitude)
            if box and not _inside(*start, box) and _inside(*end, box):
                start = _entry_point(start, end, box)
                entries.setdefault(flow.contributor.code, start)
            middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
            label = (
                f"<b>{flow.contributor_label} → {flow.host_label}</b>{' (group)' if flow.is_group else ''}"
                f"<br>{flow.value:,} {unit}<br>{_report_note(flow)}"
            )
            lat += [start[0], middle[0], end[0], None]
            lon += [start[1], middle[1], end[1], None]
            text += [label, label, label, None]
            keys += [flow.hosts_key, flow.hosts_key, flow.hosts_key, None]
            size += [1, 10, 7 + width * 1.6, 0]
            symbol += ["circle", "circle", "arrow", "circle"]
            colour += ["rgba(0,0,0,0)", "rgba(0,0,0,0)", LINK_HEAD_COLOUR, "rgba(0,0,0,0)"]
        data.append(
            dict(
                type="scattergeo",
                lat=lat,
                lon=lon,
                text=text,
                customdata=keys,  # a click on an arrow opens its host's figures
                mode="lines+markers",
                line={"width": width, "color": LINK_COLOUR},
                marker={"size": size, "symbol": symbol, "color": colour, "angleref": "previous", "line": {"width": 0}},
                hovertemplate="%{text}<extra></extra>",
                name=f"Contributor → host ({unit}, width)",
                showlegend=False,
            )
        )
    contributors: dict[str, list[Flow]] = defaultdict(list)
    for flow in flows:
        if flow.contributor and flow.contributor.located:
            contributors[flow.contributor.code].append(flow)
    if contributors:
        points = {
            code: entries.get(code) or (group[0].contributor.latitude, group[0].contributor.longitude)
            for code, group in contributors.items()
        }
        data.append(
            dict(
                type="scattergeo",
                lat=[points[code][0] for code in contributors],
                lon=[points[code][1] for code in contributors],
                text=[
                    f"<b>{group[0].contributor.name}</b> sends {sum(f.value for f in group):,} {unit}"
                    for group in contributors.values()
                ],
                customdata=list(contributors),
                hovertemplate="%{text}<extra></extra>",
                mode="markers",
                marker={"size": 6, "color": "#D55E00", "symbol": "circle", "line": {"color": "#ffffff", "width": 1}},
                name="Contributor",
                showlegend=False,
            )
        )
        if entries:  # a contributor off the map: its name where its arrows come in
            data.append(
                dict(
                    type="scattergeo",
                    lat=[point[0] for point in entries.values()],
                    lon=[point[1] for point in entries.values()],
                    text=[f"from {contributors[code][0].contributor.name}" for code in entries],
                    mode="text",
                    textposition="top right",
                    textfont={"size": 11, "color": "#8a3a00"},
                    hoverinfo="skip",
                    name="Contributors off the map",
                    showlegend=False,
                )
            )
    labelled = [code for code in sorted(shaded, key=lambda c: -per_host[c]) if places[code].located][:HOST_LABELS]
    if labelled:
        data.append(
            dict(
                type="scattergeo",
                lat=[places[code].latitude for code in labelled],
                lon=[places[code].longitude for code in labelled],
                text=[f"{places[code].name} {per_host[code]:,}" for code in labelled],
                mode="text",
                # Below the point the arrows end at; a white halo keeps the ink readable on the darkest shade.
                textposition="bottom center",
                textfont={"size": 11, "color": "#1b1b1b", "shadow": "auto"},
                hoverinfo="skip",
                name="Host labels",
                showlegend=False,
            )
        )
    geo = {
        "scope": "world",
        "showland": True,
        "landcolor": "#eef0f2",
        "showcountries": True,
        "countrycolor": "#aab2bb",
        "countrywidth": 0.5,
        "showcoastlines": True,
        "coastlinecolor": "#aab2bb",
        "coastlinewidth": 0.5,
        "showocean": True,
        "oceancolor": "#f6f9fc",
        "showlakes": False,
        "showframe": False,
        "bgcolor": "rgba(0,0,0,0)",
        **SCOPES.get(scope, SCOPES["europe"]),
    }
    layout = base_layout(
        geo=geo,
        # No height: the page's CSS sizes the map (shorter on a phone) and plotly fills it.
        dragmode=False,
        margin={"l": 0, "r": 56, "t": 30, "b": 0},  # the top margin holds the download buttons
        showlegend=False,
    )
    return figure(data, layout)


def map_summary(flows: Iterable[Flow], unit: str = "troops", limit: int = 8) -> str:
    """The map in one sentence, for where it cannot be drawn (no JavaScript, a failed script)."""
    per_host: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for flow in flows:
        if flow.value > 0:
            per_host[flow.hosts_key] += flow.value
            labels[flow.hosts_key] = flow.host_label + (" (as a group)" if flow.is_group else "")
    if not per_host:
        return ""
    largest = sorted(per_host, key=lambda key: (-per_host[key], labels[key]))
    listed = "; ".join(f"{labels[key]} {per_host[key]:,}" for key in largest[:limit])
    more = f"; and {len(largest) - limit} more" if len(largest) > limit else ""
    return f"Estimated {unit} per host: {listed}{more}."


def host_bars(flows: Iterable[Flow], unit: str = "troops", max_hosts: int = 20, max_contributors: int = 7) -> go.Figure:
    """Current estimate per host (a group is its own bar), stacked by contributor."""
    flows = [flow for flow in flows if flow.value > 0]
    per_host: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    per_contributor: dict[str, int] = defaultdict(int)
    contributor_names: dict[str, str] = {}
    for flow in flows:
        per_host[flow.hosts_key] += flow.value
        labels[flow.hosts_key] = wrap(flow.host_label + (" (group)" if flow.is_group else ""))
        code = flow.contributor.code if flow.contributor else ""
        per_contributor[code] += flow.value
        contributor_names[code] = flow.contributor_label
    hosts = sorted(per_host, key=lambda key: (-per_host[key], labels[key]))[:max_hosts]
    named = [code for code in sorted(per_contributor, key=lambda c: -per_contributor[c]) if code][:max_contributors]
    stacks: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for flow in flows:
        if flow.hosts_key not in hosts:
            continue
        code = flow.contributor.code if flow.contributor else ""
        stack = code if code in named else ("" if not code else "other")
        stacks[stack][flow.hosts_key] += flow.value
    data: list[dict] = []
    order = [*named, "other", ""]
    for index, stack in enumerate(order):
        if stack not in stacks:
            continue
        name = {"other": "Other contributors", "": "Unspecified"}.get(stack) or contributor_names[stack]
        colour = OKABE_ITO[index] if stack in named else (OTHER_COLOUR if stack == "other" else "#c8c8c8")
        keys = [key for key in hosts if stacks[stack].get(key)]
        data.append(
            dict(
                type="bar",
                orientation="h",
                y=[labels[key] for key in keys],
                x=[stacks[stack][key] for key in keys],
                customdata=keys,
                name=name,
                marker={"color": colour, "line": {"color": "#ffffff", "width": 0.5}},
                hovertemplate=f"<b>%{{y}}</b><br>{name}: %{{x:,}} {unit}<extra></extra>",
            )
        )
    layout = base_layout(
        barmode="stack",
        height=max(180, 76 + 26 * len(hosts)),
        margin={"l": 8, "r": 16, "t": 34, "b": 8},  # the top margin holds the download buttons
        xaxis={"tickformat": ",d", "gridcolor": "#e3e6ea", "zeroline": False, "automargin": True},
        yaxis={
            "categoryorder": "array",
            "categoryarray": [labels[key] for key in hosts],
            "autorange": "reversed",
            "automargin": True,
        },
        # The page draws this legend in HTML (plotly lays a legend for these bars out in a
        # single column that squeezes them on a narrow screen): see `legend_entries`.
        showlegend=False,
    )
    return figure(data, layout)


def legend_entries(fig: go.Figure) -> list[dict]:
    """Name and colour of each trace, for a legend drawn in HTML."""
    return [{"name": trace.name, "colour": trace.marker.color} for trace in fig.data]


def timeline(
    points: Iterable[Point],
    labels: dict[str, str],
    unit: str = "troops",
    as_of: date | None = None,
    max_series: int = 8,
) -> go.Figure:
    """The largest figure reported each month, one colour per series, planned dashed with open markers."""
    points = list(points)
    peak: dict[str, int] = defaultdict(int)
    for point in points:
        peak[point.series] = max(peak[point.series], point.value)
    series = sorted(peak, key=lambda key: (-peak[key], labels.get(key, key)))[:max_series]
    data: list[dict] = []
    for index, key in enumerate(series):
        colour = OKABE_ITO[index % len(OKABE_ITO)]
        label = labels.get(key) or key or "Unspecified"
        for status in ("present", "planned"):
            rows = sorted((p for p in points if p.series == key and p.status == status), key=lambda p: p.month)
            if not rows:
                continue
            planned = status == "planned"
            data.append(
                dict(
                    type="scatter",
                    x=[row.month.isoformat() for row in rows],
                    y=[row.value for row in rows],
                    customdata=[row.figures for row in rows],
                    mode="lines+markers",
                    name=f"{label} — {status}",
                    legendgroup=key or "-",
                    line={"color": colour, "width": 2, "dash": "dot" if planned else "solid", "shape": "hv"},
                    marker={
                        "color": colour,
                        "size": 7,
                        "symbol": "circle-open" if planned else "circle",
                        "line": {"width": 2, "color": colour},
                    },
                    hovertemplate=(
                        f"<b>{label}</b> ({status})<br>%{{x|%b %Y}}: largest figure %{{y:,}} {unit}"
                        "<br>%{customdata} figure(s) that month<extra></extra>"
                    ),
                )
            )
    xaxis = {"type": "date", "gridcolor": "#e3e6ea", "automargin": True, "tickformat": "%b %Y"}
    months = sorted({p.month for p in points})
    if months and (months[-1] - months[0]).days < 180:
        # A few months only: one tick a month, a month of room either side,
        # rather than plotly zooming in to milliseconds around a single point.
        xaxis.update(
            dtick="M1",
            range=[(months[0] - timedelta(days=31)).isoformat(), (months[-1] + timedelta(days=31)).isoformat()],
        )
    layout = base_layout(
        height=380,
        margin={"l": 8, "r": 16, "t": 34, "b": 8},  # the top margin holds the download buttons
        xaxis=xaxis,
        yaxis={
            "tickformat": ",d",
            "gridcolor": "#e3e6ea",
            "rangemode": "tozero",
            "automargin": True,
            "title": {"text": unit},
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        hovermode="closest",
    )
    if as_of is not None and points:
        layout["shapes"] = [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": as_of.isoformat(),
                "x1": as_of.isoformat(),
                "y0": 0,
                "y1": 1,
                "line": {"color": "#5a6472", "width": 1.5, "dash": "dash"},
            }
        ]
        layout["annotations"] = [
            {
                "x": as_of.isoformat(),
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "text": f"as of {as_of:%-d %b %Y}",
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "top",
                "font": {"size": 11, "color": "#5a6472"},
            }
        ]
    return figure(data, layout)
