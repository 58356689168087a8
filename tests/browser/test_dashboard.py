"""The dashboard in a real browser: charts drawn, filters swapped by htmx, drill-down, export."""

import csv
from datetime import date

import pytest

from newsmap.countries import sync_countries
from newsmap.models import Country
from tests.dashboard.conftest import make_figure

# Transactional: the live server runs in another thread and must see the test's rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_DRAWN = (
    "() => { const c = [...document.querySelectorAll('[data-chart]')];"
    " return c.length > 0 && c.every(e => e.dataset.drawn === 'true'); }"
)


@pytest.fixture
def deployments(live_server):
    # A transactional test's flush also empties the Country table the data migration filled.
    if not Country.objects.filter(code="PL").exists():
        sync_countries(Country)
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    make_figure("US", ["PL"], 11_000, date(2025, 3, 1))
    make_figure("GB", ["EE"], 900, date(2025, 2, 1))
    make_figure("DE", ["LT"], 4_800, date(2025, 2, 3))
    make_figure("DE", ["EE", "LT", "LV"], 3_000, date(2025, 2, 5))
    make_figure("NATO", ["RO"], 5_000, date(2025, 3, 5), status="planned")
    make_figure("FR", ["RO"], 1_500, date(2025, 3, 6))
    make_figure("IT", ["MT"], 150, date(2025, 3, 7))
    make_figure("BE", ["LU"], 200, date(2025, 3, 8))
    make_figure("GB", ["CY"], 2_500, date(2025, 3, 9))


def load(watched, url):
    watched.page.goto(url)
    watched.page.wait_for_function(ALL_DRAWN, timeout=20_000)


def shaded(page):
    """Each shaded country on the map: its ISO-3 code and drawn size in pixels."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#map-panel path.choroplethlocation')].map(p => {
            const box = p.getBoundingClientRect();
            return {id: p.__data__ && p.__data__.loc, width: box.width, height: box.height};
        })"""
    )


def test_overview_draws_its_charts_with_nothing_from_other_hosts(watched, live_server, deployments, results_dir):
    load(watched, live_server.url + "/")
    page = watched.page
    countries = {c["id"]: c for c in shaded(page)}
    assert {"POL", "EST", "LTU", "ROU", "MLT", "LUX", "CYP"} <= set(countries)
    for small in ("MLT", "LUX", "CYP"):  # small states still draw at the Europe scale
        assert countries[small]["width"] >= 2 and countries[small]["height"] >= 2, countries[small]
    assert (
        page.locator("#map-panel .countries path, #map-panel path.countries").count() > 0
        or page.locator("#map-panel .geo .layer").count() > 0
    )
    assert page.locator(".chart-bars .bars .point").count() >= 6
    assert page.locator(".chart-timeline .scatterlayer .trace").count() >= 4
    page.screenshot(path=results_dir / "overview.png", full_page=False)
    page.screenshot(path=results_dir / "overview-full.png", full_page=True)
    assert watched.errors == []
    assert watched.foreign == []


def test_a_filter_swaps_the_fragments_and_pushes_the_url(watched, live_server, deployments):
    load(watched, live_server.url + "/")
    page = watched.page
    page.evaluate("window.__sameDocument = true")
    bars_before = page.locator(".chart-bars .bars .point").count()
    with page.expect_response(lambda r: "contributor=DE" in r.url and r.request.headers.get("hx-request") == "true"):
        page.fill("#id_contributor_search", "Germany")
        page.keyboard.press("Enter")
    page.wait_for_function(
        "() => JSON.parse(document.getElementById('bar-data').textContent).data.length === 1"
        " && document.querySelector('[data-chart=bar-data]').dataset.drawn === 'true'"
    )
    page.wait_for_function(ALL_DRAWN)
    assert page.evaluate("window.__sameDocument") is True  # no full page load
    assert "contributor=DE" in page.url
    assert page.locator(".chart-bars .bars .point").count() < bars_before
    assert page.locator("#results").inner_text().count("Germany") >= 1
    # The pushed URL reproduces the view on its own, without JavaScript's help.
    load(watched, page.url)
    assert page.locator("#id_contributor option[value=DE]").evaluate("o => o.selected")
    assert page.evaluate("JSON.parse(document.getElementById('bar-data').textContent).data.length") == 1
    assert watched.errors == [] and watched.foreign == []


def test_the_map_scope_swaps_only_the_map(watched, live_server, deployments):
    load(watched, live_server.url + "/")
    page = watched.page
    page.evaluate("document.querySelector('[data-chart=bar-data]').dataset.mark = 'kept'")
    page.evaluate("document.querySelector('[data-chart=map-data]').dataset.mark = 'old'")
    with page.expect_response(lambda r: "scope=world" in r.url):
        page.select_option("select[name=scope]", "world")
    page.wait_for_function(
        "() => { const m = document.querySelector('[data-chart=map-data]');"
        " return !m.dataset.mark && m.dataset.drawn === 'true'; }"
    )
    assert "scope=world" in page.url
    assert page.evaluate("document.querySelector('[data-chart=bar-data]').dataset.mark") == "kept"
    assert page.evaluate("JSON.parse(document.getElementById('map-data').textContent).layout.geo.resolution") == 110
    assert "USA" not in {c["id"] for c in shaded(page)}  # the US sends, it is not shaded as a host
    assert watched.errors == [] and watched.foreign == []


def test_clicking_a_country_opens_its_figures(watched, live_server, deployments):
    load(watched, live_server.url + "/")
    page = watched.page
    box = page.evaluate(
        """() => { const p = [...document.querySelectorAll('#map-panel path.choroplethlocation')]
                     .find(p => p.__data__ && p.__data__.loc === 'POL');
                   const b = p.getBoundingClientRect(); return {x: b.x + b.width / 2, y: b.y + b.height / 2}; }"""
    )
    page.mouse.move(box["x"], box["y"])
    page.mouse.click(box["x"], box["y"])
    page.wait_for_selector("#panel .panel-title:has-text('Poland')", timeout=10_000)
    panel = page.locator("#panel")
    assert panel.locator(".evidence-item").count() == 2
    assert panel.locator("mark.figure-number").first.inner_text() == "11,000"
    assert panel.locator("a[href^='/articles/']").count() >= 2
    assert watched.errors == [] and watched.foreign == []


def test_clicking_a_bar_opens_that_hosts_figures(watched, live_server, deployments):
    load(watched, live_server.url + "/")
    page = watched.page
    box = page.evaluate(
        """() => { const bars = [...document.querySelectorAll('.chart-bars .bars .point path')]
                       .map(p => p.getBoundingClientRect());
                   const b = bars.reduce((a, b) => (b.width > a.width ? b : a));
                   return {x: b.x + b.width / 2, y: b.y + b.height / 2}; }"""
    )
    page.mouse.move(box["x"], box["y"])
    page.mouse.click(box["x"], box["y"])
    page.wait_for_selector("#panel .panel-title:has-text('Poland')", timeout=10_000)
    assert page.locator("#panel .evidence-item").count() == 2
    assert watched.errors == [] and watched.foreign == []


def test_the_csv_download_has_the_filtered_rows(watched, live_server, deployments, tmp_path):
    load(watched, live_server.url + "/?host=EE")
    page = watched.page
    with page.expect_download() as download_info:
        page.click("#export-csv")
    download = download_info.value
    assert download.suggested_filename.startswith("newsmap-figures-") and download.suggested_filename.endswith(".csv")
    path = tmp_path / "figures.csv"
    download.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert sorted((row["contributor"], row["hosts"], row["count"]) for row in rows) == [
        ("DE", "EE,LT,LV", "3000"),
        ("GB", "EE", "900"),
    ]
    assert watched.errors == [] and watched.foreign == []


def test_phone_width(phone, live_server, deployments, results_dir):
    load(phone, live_server.url + "/")
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert page.locator("#map-panel path.choroplethlocation").count() >= 5
    page.screenshot(path=results_dir / "overview-phone.png", full_page=True)
    assert phone.errors == [] and phone.foreign == []
