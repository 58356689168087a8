"""newsmap.charts: pure functions from data to plotly figures."""

from datetime import date

import plotly.graph_objects as go

from newsmap.dashboard import charts

PL = charts.Place("PL", "Poland", "POL", latitude=52.0, longitude=20.0)
EE = charts.Place("EE", "Estonia", "EST", latitude=59.0, longitude=26.0)
LT = charts.Place("LT", "Lithuania", "LTU", latitude=56.0, longitude=24.0)
LV = charts.Place("LV", "Latvia", "LVA", latitude=57.0, longitude=25.0)
MT = charts.Place("MT", "Malta", "MLT", latitude=35.8, longitude=14.6)
US = charts.Place("US", "United States", "USA", latitude=38.0, longitude=-97.0)
GB = charts.Place("GB", "United Kingdom", "GBR", latitude=54.0, longitude=-2.0)
FLANK = charts.Place("EASTERN_FLANK", "NATO's eastern flank", kind="region", latitude=50.0, longitude=25.0)

FLOWS = [
    charts.Flow(US, (PL,), 10_000),
    charts.Flow(GB, (PL,), 1_000),
    charts.Flow(GB, (EE, LT, LV), 3_000),
    charts.Flow(GB, (MT,), 50),
    charts.Flow(None, (FLANK,), 2_000),
    charts.Flow(US, (LT,), 0),
]


def traces(fig, kind):
    return [trace for trace in fig.data if trace.type == kind]


def test_map_shades_single_hosts_and_keeps_groups_whole():
    fig = charts.presence_map(FLOWS)
    assert isinstance(fig, go.Figure)
    (choropleth,) = traces(fig, "choropleth")
    assert dict(zip(choropleth.locations, choropleth.z, strict=True)) == {"POL": 11_000, "MLT": 50}
    assert list(choropleth.customdata) == ["PL", "MT"]
    groups = [t for t in traces(fig, "scattergeo") if t.marker.symbol == "diamond"]
    assert list(groups[0].customdata) == ["EE,LT,LV", "EASTERN_FLANK"]
    assert "3,000" in groups[0].text[0] and "group" in groups[0].text[0]
    # Group members are not shaded with invented shares of the group figure.
    assert "EST" not in choropleth.locations and "LTU" not in choropleth.locations


def test_link_width_follows_the_number_of_troops():
    fig = charts.presence_map(FLOWS)
    links = [t for t in traces(fig, "scattergeo") if t.mode == "lines"]
    widths = {t.line.width: len([v for v in t.lat if v is None]) for t in links}
    assert max(widths) > min(widths)
    widest = max(links, key=lambda t: t.line.width)
    assert list(widest.lat[:2]) == [US.latitude, PL.latitude]


def test_small_states_also_get_a_point():
    fig = charts.presence_map(FLOWS)
    points = [t for t in traces(fig, "scattergeo") if t.name == "Small host state"]
    assert list(points[0].customdata) == ["MT"]


def test_map_scopes():
    assert charts.presence_map(FLOWS, "europe").layout.geo.resolution == 50
    world = charts.presence_map(FLOWS, "world").layout.geo
    assert world.resolution == 110 and world.projection.type == "natural earth"


def test_bars_stack_contributors_per_host_with_groups_as_their_own_bar():
    fig = charts.host_bars(FLOWS)
    bars = {t.name: dict(zip(t.customdata, t.x, strict=True)) for t in traces(fig, "bar")}
    assert bars["United States"] == {"PL": 10_000}
    assert bars["United Kingdom"] == {"PL": 1_000, "EE,LT,LV": 3_000, "MT": 50}
    assert bars["Unspecified"] == {"EASTERN_FLANK": 2_000}
    assert fig.layout.barmode == "stack"
    assert list(fig.layout.yaxis.categoryarray)[:2] == ["Poland", "Estonia, Lithuania &<br>Latvia (group)"]


def test_bar_colours_are_from_the_colour_blind_safe_palette():
    fig = charts.host_bars(FLOWS)
    colours = {t.marker.color for t in traces(fig, "bar")}
    assert colours <= {*charts.OKABE_ITO, charts.OTHER_COLOUR, "#c8c8c8"}


def test_timeline_tells_planned_from_present_without_colour():
    points = [
        charts.Point("PL", "present", date(2025, 1, 1), 10_000, 2),
        charts.Point("PL", "present", date(2025, 2, 1), 11_000),
        charts.Point("PL", "planned", date(2025, 2, 1), 15_000),
        charts.Point("EE", "present", date(2025, 1, 1), 900),
    ]
    fig = charts.timeline(points, {"PL": "Poland", "EE": "Estonia"})
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {"Poland — present", "Poland — planned", "Estonia — present"}
    present, planned = by_name["Poland — present"], by_name["Poland — planned"]
    assert present.line.color == planned.line.color
    assert (present.line.dash, planned.line.dash) == ("solid", "dot")
    assert (present.marker.symbol, planned.marker.symbol) == ("circle", "circle-open")
    assert list(present.x) == ["2025-01-01", "2025-02-01"]


def test_empty_data_gives_empty_but_valid_figures():
    for fig in (charts.presence_map([]), charts.host_bars([]), charts.timeline([], {})):
        assert isinstance(fig, go.Figure)
        fig.to_plotly_json()


def test_every_figure_passes_plotlys_validators():
    """The charts skip validation when built (for speed); here it is done in full."""
    points = [
        charts.Point("PL", "present", date(2025, 1, 1), 10_000),
        charts.Point("PL", "planned", date(2025, 2, 1), 1),
    ]
    for fig in (
        charts.presence_map(FLOWS, "europe"),
        charts.presence_map(FLOWS, "world"),
        charts.host_bars(FLOWS),
        charts.timeline(points, {"PL": "Poland"}),
    ):
        validated = go.Figure(fig.to_plotly_json())  # raises ValueError on any invalid property
        assert len(validated.data) == len(fig.data)
