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


def named(fig, name):
    (trace,) = [trace for trace in fig.data if trace.name.startswith(name)]
    return trace


def test_map_shades_single_hosts_and_keeps_groups_whole():
    fig = charts.presence_map(FLOWS)
    assert isinstance(fig, go.Figure)
    hosts = named(fig, "Host estimate")
    assert dict(zip(hosts.locations, hosts.z, strict=True)) == {"POL": 11_000, "MLT": 50}
    assert list(hosts.customdata) == ["PL", "MT"]
    # A group figure shades its members, lighter, each with the group's whole number: never a share of it.
    group = named(fig, "Group figure")
    assert dict(zip(group.locations, group.z, strict=True)) == {"EST": 3_000, "LTU": 3_000, "LVA": 3_000}
    assert set(group.customdata) == {"EE,LT,LV"}
    assert group.marker.opacity < 1
    assert all("Estonia, Lithuania & Latvia" in text and "3,000" in text and "not split" in text for text in group.text)
    assert not any("1,000" in text for text in group.text)
    # One colour scale over host and group figures, up to the largest of either.
    assert hosts.zmax == group.zmax == 11_000


def test_one_scale_includes_a_group_figure_larger_than_any_host():
    fig = charts.presence_map([charts.Flow(GB, (EE,), 900), charts.Flow(US, (EE, LT, LV), 5_000)])
    assert named(fig, "Host estimate").zmax == 5_000


def test_a_region_figure_shades_its_member_states():
    flow = charts.Flow(None, (FLANK,), 2_000, area=(PL, EE))
    group = named(charts.presence_map([flow]), "Group figure")
    assert dict(zip(group.locations, group.z, strict=True)) == {"POL": 2_000, "EST": 2_000}
    assert set(group.customdata) == {"EASTERN_FLANK"}


def links(fig):
    return [t for t in fig.data if t.name.startswith("Contributor → host")]


def test_link_width_follows_the_number_of_troops():
    fig = charts.presence_map(FLOWS)
    widths = {t.line.width for t in links(fig)}
    assert max(widths) > min(widths)
    widest = max(links(fig), key=lambda t: t.line.width)
    assert widest.text[0].startswith("<b>United States → Poland</b>") and "10,000" in widest.text[0]


def test_arrows_point_at_the_host_and_have_a_hover():
    fig = charts.presence_map([charts.Flow(GB, (PL,), 1_000, figures=3, last_reported=date(2025, 3, 1))])
    (link,) = links(fig)
    assert link.mode == "lines+markers" and link.marker.angleref == "previous"
    assert list(link.marker.symbol[:3]) == ["circle", "circle", "arrow"]
    assert list(link.lat[2:4]) == [PL.latitude, None]
    assert "3 reports" in link.text[1] and "1 Mar 2025" in link.text[1]


def test_a_contributor_off_a_regional_map_enters_at_its_edge_and_is_named():
    fig = charts.presence_map([charts.Flow(US, (PL,), 10_000)], scope="europe")
    (link,) = links(fig)
    south, north, west, east = charts.SCOPE_BOXES["europe"]
    assert link.lat[0] != US.latitude and west - 0.01 <= link.lon[0] <= east + 0.01 and south <= link.lat[0] <= north
    assert list(named(fig, "Contributors off the map").text) == ["from United States"]
    world = links(charts.presence_map([charts.Flow(US, (PL,), 10_000)], scope="world"))[0]
    assert world.lat[0] == US.latitude


def test_disagreeing_reports_show_in_the_arrow_hover():
    flow = charts.Flow(GB, (EE,), 1_200, figures=2, low=900, high=1_200)
    assert "differ: 900–1,200" in links(charts.presence_map([flow]))[0].text[1]


def test_the_largest_hosts_are_labelled():
    labels = named(charts.presence_map(FLOWS), "Host labels")
    assert list(labels.text) == ["Poland 11,000", "Malta 50"]


def test_width_legend_spans_the_flows():
    legend = charts.flow_width_legend(FLOWS)
    assert [entry["value"] for entry in legend] == [500, 2_000, 10_000]
    assert legend[0]["width"] < legend[-1]["width"] == charts.link_width(10_000, 10_000)
    assert charts.flow_width_legend([]) == []


def test_map_summary_is_the_text_fallback():
    text = charts.map_summary(FLOWS)
    assert text.startswith("Estimated troops per host: Poland 11,000; Estonia, Lithuania & Latvia (as a group) 3,000")


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
