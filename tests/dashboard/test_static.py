"""Browser assets are served from static/, in the versions the Python side expects."""

import json
import re
from pathlib import Path

import plotly
from django.contrib.staticfiles import finders
from plotly.offline import get_plotlyjs_version

from newsmap import charts

ROOT = Path(__file__).resolve().parents[2]


def test_vendored_plotly_js_is_the_installed_packages_copy():
    version = get_plotlyjs_version()
    vendored = ROOT / "static" / "vendor" / f"plotly-{version}.min.js"
    assert vendored.exists(), f"copy plotly/package_data/plotly.min.js to {vendored}"
    packaged = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert vendored.read_bytes() == packaged.read_bytes()
    assert f"plotly.js v{version}" in vendored.read_text(encoding="utf-8")[:200]
    assert f"vendor/plotly-{version}.min.js" == charts.PLOTLY_JS
    assert finders.find(charts.PLOTLY_JS)


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
