"""Browser assets are served from static/, in the versions the Python side expects."""

import json
import re
from datetime import date
from pathlib import Path

from django.contrib.staticfiles import finders
from plotly.offline import get_plotlyjs_version

from newsmap.dashboard import charts

ROOT = Path(__file__).resolve().parents[2]


def test_vendored_plotly_js_is_the_version_the_figures_are_built_for_with_the_traces_they_use():
    version = get_plotlyjs_version()
    assert f"vendor/plotly-{version}-newsmap.min.js" == charts.PLOTLY_JS, "rebuild it: vendor-build/plotly/build.sh"
    path = Path(finders.find(charts.PLOTLY_JS))
    assert path.read_text(encoding="utf-8")[:200].startswith(f"/* plotly.js v{version} ")
    build = json.loads((ROOT / "vendor-build" / "plotly" / "package.json").read_text(encoding="utf-8"))
    assert build["dependencies"]["plotly.js"] == version
    entry = (ROOT / "vendor-build" / "plotly" / "entry.js").read_text(encoding="utf-8")
    for trace in charts.TRACES[1:]:  # scatter is in the core
        assert f"plotly.js/lib/{trace}'" in entry, trace
    assert path.stat().st_size < 2_000_000  # a third of the full bundle's 4.8 MB


def test_the_charts_draw_only_the_traces_in_the_bundle():
    flows = [
        charts.Flow(
            charts.Place("US", "United States"), (charts.Place("PL", "Poland", "POL", latitude=52, longitude=20),), 10
        )
    ]
    points = [charts.Point("PL", "present", date(2025, 1, 1), 10), charts.Point("PL", "planned", date(2025, 2, 1), 12)]
    figures = [charts.presence_map(flows, scope) for scope in charts.SCOPES]
    figures += [charts.host_bars(flows), charts.timeline(points, {"PL": "Poland"})]
    assert {trace.type for figure in figures for trace in figure.data} <= set(charts.TRACES)


def test_the_topojson_files_the_maps_need_are_served_and_hold_the_small_states():
    for scope in charts.SCOPES.values():
        path = finders.find(f"vendor/topojson/world_{scope['resolution']}m.json")
        assert path, scope
        topology = json.loads(Path(path).read_text(encoding="utf-8"))
        ids = {geometry.get("id") for geometry in topology["objects"]["countries"]["geometries"]}
        assert {"POL", "LTU", "CYP", "LUX", "TUR", "USA"} <= ids
        if scope["resolution"] == 50:  # the Europe map: Malta too
            assert "MLT" in ids


def test_templates_and_scripts_load_nothing_from_another_host():
    files = [*(ROOT / "templates").rglob("*.html"), ROOT / "static" / "newsmap" / "dashboard.js"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), path
        assert "<script>" not in text.replace("</script>", ""), f"inline script in {path}"


def test_dashboard_script_draws_with_the_local_topojson():
    script = (ROOT / "static" / "newsmap" / "dashboard.js").read_text(encoding="utf-8")
    assert "topojsonURL" in script and "htmx:afterSettle" in script
