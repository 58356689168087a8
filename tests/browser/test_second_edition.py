"""Issue 10 in a real browser, at desktop and phone width: as-of slider, map, sharing, phone, empty states,
no-JS text, accessibility (axe-core, vendored under tests/browser/vendor/). Screenshots in test-results/."""

import re
from datetime import date
from pathlib import Path

import pytest

from newsmap.countries import sync_countries
from newsmap.models import Country, Figure
from tests.browser import test_dashboard
from tests.browser.test_dashboard import ALL_DRAWN, load
from tests.dashboard.conftest import make_figure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

deployments = test_dashboard.deployments  # the same figures as the first edition's tests

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def bar_values(page) -> dict:
    return page.evaluate(
        """() => { const d = JSON.parse(document.getElementById('bar-data').textContent).data, out = {};
                   d.forEach(t => t.customdata.forEach((k, i) => { out[k] = (out[k] || 0) + t.x[i]; }));
                   return out; }"""
    )


def test_the_as_of_slider_redraws_the_map_and_bars_and_is_in_the_url(watched, live_server, deployments, results_dir):
    load(watched, live_server.url + "/")
    page = watched.page
    assert page.locator("#as-of-slider").is_visible()
    assert bar_values(page)["PL"] == 11_000
    months = page.evaluate("JSON.parse(document.getElementById('as-of-months').textContent)")
    assert months == ["2025-01-31", "2025-02-28", "2025-03-31"]
    with page.expect_response(lambda r: "as_of=2025-01-31" in r.url and r.request.headers.get("hx-request") == "true"):
        page.evaluate(
            "() => { const r = document.getElementById('as-of-range'); r.value = '0';"
            " r.dispatchEvent(new Event('input', {bubbles: true})); }"
        )
    page.wait_for_function("() => JSON.parse(document.getElementById('bar-data').textContent).data.length === 1")
    page.wait_for_function(ALL_DRAWN)
    assert "as_of=2025-01-31" in page.url
    assert page.locator("#as-of-output").inner_text() == "31 Jan 2025"
    assert bar_values(page) == {"PL": 10_000}  # only January's report counts as of then
    assert "as of 31 Jan 2025" in page.locator("#map-title").inner_text()
    page.screenshot(path=results_dir / "as-of-january.png")
    # The URL alone reproduces it; then play runs through the months to the latest report.
    load(watched, page.url)
    assert page.locator("#as-of-range").input_value() == "0" and bar_values(page) == {"PL": 10_000}
    page.click("#as-of-play")
    assert page.locator("#as-of-play").get_attribute("aria-pressed") == "true"
    page.wait_for_function(
        "() => document.getElementById('as-of-output').textContent === 'latest report'", timeout=20_000
    )
    page.wait_for_function("() => document.getElementById('as-of-play').getAttribute('aria-pressed') === 'false'")
    page.wait_for_function(ALL_DRAWN)
    assert bar_values(page)["PL"] == 11_000 and "as_of" not in page.url
    assert watched.errors == [] and watched.foreign == []


def test_the_map_shades_a_groups_members_keeps_its_legend_beside_and_labels_hosts(
    watched, live_server, deployments, results_dir
):
    load(watched, live_server.url + "/")
    page = watched.page
    shaded = page.evaluate(
        """() => [...document.querySelectorAll('#map-panel path.choroplethlocation')].map(p => p.__data__.loc)"""
    )
    assert {"LVA", "LTU"} <= set(shaded)  # the Baltic group's members, lighter, though no figure of their own
    assert page.locator("#map-panel svg text", has_text="Poland 11,000").count() == 1
    # The legend is beside (here: below) the map, never over it.
    chart = page.locator(".chart-map").bounding_box()
    legend = page.locator(".map-legend").bounding_box()
    assert legend["y"] >= chart["y"] + chart["height"] - 1 or legend["x"] >= chart["x"] + chart["width"] - 1
    assert page.locator(".width-legend li").count() == 3
    page.locator(".chart-map").screenshot(path=results_dir / "map.png")
    assert watched.errors == [] and watched.foreign == []


def test_every_chart_downloads_png_and_svg(watched, live_server, deployments):
    load(watched, live_server.url + "/")
    page = watched.page
    for chart in ("map-data", "bar-data", "timeline-data"):
        box = page.locator(f"[data-chart={chart}]")
        box.hover()
        assert box.locator(".modebar-btn[data-title='Download plot as a PNG']").count() == 1
        assert box.locator(".modebar-btn[data-title='Download as SVG']").count() == 1
    with page.expect_download() as download:
        page.locator("[data-chart=bar-data] .modebar-btn[data-title='Download as SVG']").click()
    assert download.value.suggested_filename == "newsmap-bars.svg"
    assert watched.errors == [] and watched.foreign == []


def test_the_selected_country_is_in_the_url(watched, live_server, deployments, results_dir):
    load(watched, live_server.url + "/?country=PL")
    page = watched.page
    assert page.locator("#panel .panel-title").inner_text().startswith("Poland")  # from the URL, no click
    page.locator("#panel [data-close-panel]").click()
    page.wait_for_function("() => !location.search.includes('country')")
    page.locator("#map-panel .table-alt summary").click()
    page.locator("#map-panel a[data-country='EE']").click()
    page.wait_for_selector("#panel .panel-title:has-text('Estonia')")
    assert "country=EE" in page.url
    # A filter change keeps the country and its panel follows the filters.
    with page.expect_response(lambda r: "kind=aircraft" in r.url):
        page.select_option("#id_kind", "aircraft")
    page.wait_for_selector("#panel .panel-estimate:has-text('0 aircraft')")
    assert "country=EE" in page.url
    assert watched.errors == [] and watched.foreign == []


def test_an_embed_has_the_chart_and_no_page_chrome(watched, live_server, deployments, results_dir):
    response = watched.page.goto(live_server.url + "/embed/map/?host=EE")
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    page = watched.page
    page.wait_for_function(ALL_DRAWN)
    assert page.locator("h1").inner_text().startswith("Map: troops")
    assert page.locator("#filters, .site-header, #panel").count() == 0
    page.screenshot(path=results_dir / "embed-map.png")
    load(watched, live_server.url + "/embed/timeline/")
    assert watched.errors == [] and watched.foreign == []


def test_an_empty_result_says_what_is_empty_and_why(watched, live_server, deployments, results_dir):
    watched.page.goto(live_server.url + "/?contributor=IT&host=EE")
    page = watched.page
    message = page.locator("#empty-message").inner_text()
    assert "No approved troops figures from Italy in Estonia" in message
    assert page.locator("[data-chart=map-data], [data-chart=bar-data]").count() == 0
    page.screenshot(path=results_dir / "empty.png")
    assert watched.errors == [] and watched.foreign == []


def test_on_a_phone_filters_are_one_button_and_a_country_opens_in_place(phone, live_server, deployments, results_dir):
    load(phone, live_server.url + "/")
    page = phone.page
    assert page.evaluate("document.getElementById('filter-box').open") is False
    assert page.locator("select[name=contributor]").is_hidden()  # no 250-line list boxes
    assert page.locator(".headline").bounding_box()["y"] < 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=results_dir / "phone-first-screen.png")
    page.click(".filter-toggle")
    assert page.locator("#id_host_search").is_visible()
    page.fill("#id_host_search", "Estonia")
    with page.expect_response(lambda r: "host=EE" in r.url):
        page.keyboard.press("Enter")
    page.wait_for_function(ALL_DRAWN)
    page.click(".filter-toggle")
    page.locator(".chart-map").scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    box = page.evaluate(
        """() => { const p = [...document.querySelectorAll('#map-panel path.choroplethlocation')]
                     .find(p => p.__data__ && p.__data__.loc === 'EST');
                   const b = p.getBoundingClientRect(); return {x: b.x + b.width / 2, y: b.y + b.height / 2}; }"""
    )
    page.mouse.click(box["x"], box["y"])
    page.wait_for_selector("#panel .panel-title:has-text('Estonia')")
    panel = page.locator("#panel").bounding_box()
    assert page.evaluate("window.scrollY") == before  # no jump to the foot of the page
    assert 0 <= panel["y"] < 844 and panel["y"] + panel["height"] <= 845
    page.screenshot(path=results_dir / "phone-panel.png")
    page.locator("#panel [data-close-panel]").click()
    # The latest figures fit the width: stacked, not cut off.
    table = page.locator("table.figures")
    table.scroll_into_view_if_needed()
    assert table.bounding_box()["x"] + table.bounding_box()["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=results_dir / "phone-full.png", full_page=True)
    assert phone.errors == [] and phone.foreign == []


def test_without_javascript_charts_are_text_and_every_page_has_an_h1(browser, live_server, deployments, results_dir):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        assert page.locator("h1").count() == 1
        fallback = page.locator("[data-chart=map-data] .chart-fallback").inner_text()
        assert fallback.startswith("Estimated troops per host: Poland 11,000")
        assert "Estonia, Lithuania & Latvia (as a group) 3,000" in fallback
        page.screenshot(path=results_dir / "no-javascript.png", full_page=True)
        for url in ("/countries/PL/", "/countries/EE,LT,LV/", f"/articles/{Figure.objects.first().article_id}/"):
            page.goto(live_server.url + url)
            assert page.locator("h1").count() == 1, url
        assert page.request.get(live_server.url + "/favicon.ico").status == 200
    finally:
        context.close()


def test_a_group_figure_is_never_split_on_the_page(watched, live_server, results_dir):
    if not Country.objects.filter(code="PL").exists():
        sync_countries(Country)
    make_figure("DE", ["EE", "LT", "LV"], 3_000, date(2025, 2, 5))
    load(watched, live_server.url + "/")
    page = watched.page
    # Every word on the page but the charts' axes.
    text = page.evaluate(
        "() => { const b = document.body.cloneNode(true); b.querySelectorAll('.chart').forEach(c => c.remove());"
        " return b.innerText; }"
    )
    assert "1,000" not in text and "1000" not in text
    hovers = page.evaluate("JSON.stringify(JSON.parse(document.getElementById('map-data').textContent))")
    assert "1,000" not in hovers and not re.search(r"[^\d,]1000[^\d]", hovers)
    assert "3,000" in text


@pytest.mark.parametrize("path", ["/", "/countries/PL/", "/countries/EE,LT,LV/", "article"])
def test_axe_finds_no_violation(browser, live_server, deployments, path):
    # axe is added as an inline script, which the page's CSP (rightly) refuses: bypassed for this test only.
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True).new_page()
    try:
        if path == "article":
            path = f"/articles/{Figure.objects.filter(hosts_key='EE,LT,LV').get().article_id}/"
        page.goto(live_server.url + path)
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-chart]')].every(e => e.dataset.drawn === 'true')"
        )
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))"
        )
        assert violations == [], violations
    finally:
        page.context.close()


def test_on_a_phone_the_as_of_slider_is_on_the_first_screen_and_redraws(phone, live_server, deployments, results_dir):
    load(phone, live_server.url + "/")
    page = phone.page
    slider = page.locator("#as-of-range").bounding_box()
    assert slider["y"] + slider["height"] < 844 and slider["x"] + slider["width"] <= 390
    with page.expect_response(lambda r: "as_of=2025-02-28" in r.url):
        page.evaluate(
            "() => { const r = document.getElementById('as-of-range'); r.value = '1';"
            " r.dispatchEvent(new Event('input', {bubbles: true})); }"
        )
    page.wait_for_function("() => location.search.includes('as_of=2025-02-28')")
    page.wait_for_function(ALL_DRAWN)
    assert bar_values(page)["PL"] == 10_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=results_dir / "phone-as-of.png")
    assert phone.errors == [] and phone.foreign == []


def test_on_a_phone_the_map_legend_is_below_the_map(phone, live_server, deployments, results_dir):
    load(phone, live_server.url + "/")
    page = phone.page
    chart = page.locator(".chart-map").bounding_box()
    legend = page.locator(".map-legend").bounding_box()
    assert legend["y"] >= chart["y"] + chart["height"] - 1
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 390
    page.locator(".card-map").screenshot(path=results_dir / "phone-map.png")
    assert phone.errors == [] and phone.foreign == []


def test_on_a_phone_an_empty_result_and_an_embed_fit(phone, live_server, deployments, results_dir):
    phone.page.goto(live_server.url + "/?contributor=IT&host=EE")
    page = phone.page
    assert "No approved troops figures from Italy in Estonia" in page.locator("#empty-message").inner_text()
    assert page.locator("#empty-message").bounding_box()["y"] < 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=results_dir / "phone-empty.png")
    load(phone, live_server.url + "/embed/bars/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=results_dir / "phone-embed-bars.png")
    assert phone.errors == [] and phone.foreign == []


def test_printing_leaves_out_the_controls(watched, live_server, deployments, results_dir):
    load(watched, live_server.url + "/")
    page = watched.page
    page.emulate_media(media="print")
    assert page.locator("#filter-box").is_hidden() and page.locator(".as-of").is_hidden()
    assert page.locator(".chart-map").is_visible() and page.locator("#estimates-title").is_visible()
    page.pdf(path=results_dir / "print.pdf")


def test_a_filter_change_keeps_the_as_of_date(watched, live_server, deployments):
    load(watched, live_server.url + "/?as_of=2025-01-31")
    page = watched.page
    with page.expect_response(lambda r: "status=present" in r.url and r.request.headers.get("hx-request") == "true"):
        page.select_option("#id_status", "present")
    page.wait_for_function("() => location.search.includes('status=present')")
    page.wait_for_function(ALL_DRAWN)
    assert "as_of=2025-01-31" in page.url and bar_values(page) == {"PL": 10_000}
    assert page.locator("#as-of-output").inner_text() == "31 Jan 2025"
    assert watched.errors == [] and watched.foreign == []
