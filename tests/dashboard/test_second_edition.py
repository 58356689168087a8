"""Issue 10's counting and listing rules: as-of, disagreeing reports, region hosts, undated figures,
names instead of codes, the Atom feeds."""

import csv
import html as html_module
import io
import re
from datetime import date

import feedparser
import pytest
from django.urls import reverse

from newsmap import counting
from newsmap.documents import Document
from newsmap.forms import ArticleForm, document_form
from newsmap.models import Article

from .conftest import make_article, make_figure

pytestmark = pytest.mark.django_db


def estimate_cells(client, query=""):
    """(host, contributor) -> the estimate cell's text, from the estimates table."""
    html = client.get("/" + query).content.decode()
    table = html[html.index('id="estimates-title"') :]
    rows = re.findall(
        r'<td data-label="Host"><a [^>]*>([^<]+)</a>.*?<td data-label="Contributor">([^<]+)</td>\s*'
        r'<td class="num" data-label="Estimate">(.*?)</td>',
        table,
        re.S,
    )
    return {(html_module.unescape(host), who): re.sub(r"<[^>]+>", " ", cell).split()[0] for host, who, cell in rows}


def test_the_estimate_is_counted_at_as_of(client):
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    make_figure("US", ["PL"], 12_000, date(2025, 3, 10))
    assert estimate_cells(client)[("Poland", "United States")] == "12,000"
    assert estimate_cells(client, "?as_of=2025-02-28")[("Poland", "United States")] == "10,000"
    # The date range only chooses what the timeline and lists show: a start after the January total keeps it.
    assert estimate_cells(client, "?start=2025-03-01&as_of=2025-02-28")[("Poland", "United States")] == "10,000"
    html = client.get("/?as_of=2025-02-28").content.decode()
    assert "as of 28 Feb 2025" in html
    # The headline counts what was reported by then too.
    assert re.search(r'stat-value">1</span><span class="stat-label">approved figures', html)
    assert re.search(r'stat-value">2</span><span class="stat-label">approved figures', client.get("/").content.decode())


def test_reports_within_a_month_that_disagree_show_a_range_and_each_source(client):
    make_figure("GB", ["EE"], 900, date(2025, 2, 1), article=make_article(date(2025, 2, 1), outlet="BBC"))
    make_figure("GB", ["EE"], 1_200, date(2025, 2, 20), article=make_article(date(2025, 2, 20), outlet="Reuters"))
    make_figure("GB", ["EE"], 1_200, date(2024, 12, 15))  # more than a month before either: not compared
    html = client.get("/").content.decode()
    assert estimate_cells(client)[("Estonia", "United Kingdom")] == "900–1,200"
    assert "Reports disagree" in html and "BBC, 1 Feb 2025" in html and "Reuters, 20 Feb 2025" in html
    # As of before the second report there is nothing to disagree with.
    assert estimate_cells(client, "?as_of=2025-02-10")[("Estonia", "United Kingdom")] == "900"


def test_the_disagreement_rule():
    day = date(2025, 2, 20)
    assert counting.disagreement(day, [(1, date(2025, 2, 1), 900), (2, day, 1_200)]) == counting.Disagreement(
        900, 1_200, (1, 2)
    )
    assert counting.disagreement(day, [(1, date(2025, 1, 1), 900), (2, day, 1_200)]) is None  # a month apart
    assert counting.disagreement(day, [(1, date(2025, 2, 1), 1_200), (2, day, 1_200)]) is None  # agree
    assert counting.disagreement(None, [(1, day, 5)]) is None
    assert counting.disagreement(day, [(3, date(2025, 3, 1), 5), (2, day, 1)]) is None  # after the anchor


def test_a_region_host_includes_its_member_countries(client):
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    make_figure("DE", ["EASTERN_FLANK"], 2_000, date(2025, 1, 12))
    make_figure("FR", ["FR"], 100, date(2025, 1, 12))
    cells = estimate_cells(client, "?host=EASTERN_FLANK")
    assert cells == {("Poland", "United States"): "10,000", ("NATO's eastern flank", "Germany"): "2,000"}
    page = client.get("/countries/EASTERN_FLANK/").content.decode()
    assert "figures reported for the region itself" in page and "2,000 troops" in page
    assert "10,000" in page  # Poland's figure is listed on the flank's page


def test_a_region_figure_shades_its_members_on_the_map(client):
    import json

    make_figure("DE", ["EASTERN_FLANK"], 2_000, date(2025, 1, 12))
    html = client.get("/").content.decode()
    data = json.loads(re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S)[1])
    group = next(t for t in data["data"] if t["name"].startswith("Group figure"))
    assert set(group["locations"]) == {"BGR", "EST", "HUN", "LTU", "LVA", "POL", "ROU", "SVK"}
    assert set(group["z"]) == {2_000}


def test_undated_figures_are_counted_and_said(client, admin_client):
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    make_figure("ES", ["LV"], 350, None)
    html = client.get("/").content.decode()
    assert "1 approved figure left out:" in html and "no publication date" in html
    assert client.get("/countries/LV/").content.decode().count("left out") == 1
    assert reverse("admin:newsmap_article_changelist") + "?dated=undated" in admin_client.get("/").content.decode()
    listed = admin_client.get(reverse("admin:newsmap_article_changelist") + "?dated=undated").content.decode()
    assert "undated" in listed and listed.count('class="field-title"') == 1


def test_the_editor_is_asked_for_a_date():
    form = ArticleForm(data={"title": "Troops", "body": "Spain has 350 troops in Latvia.", "url": "", "outlet": ""})
    assert not form.is_valid()
    assert "publication date" in form.errors["published"][0]


def test_an_import_without_a_date_takes_the_feeds_or_todays_and_flags_it():
    from django.utils import timezone

    feed = document_form(Document("Troops", "Spain has 350 troops in Latvia.", fallback_date=date(2025, 4, 2)))
    assert feed.is_valid(), feed.errors
    assert feed.cleaned_data["published"] == date(2025, 4, 2) and feed.cleaned_data["date_assumed"]
    upload = document_form(Document("More troops", "Spain has 400 troops in Latvia."))
    assert upload.is_valid() and upload.cleaned_data["published"] == timezone.localdate()
    dated = document_form(Document("Dated", "Spain has 500 troops in Latvia.", published=date(2025, 1, 1)))
    assert dated.is_valid() and not dated.cleaned_data["date_assumed"]


def test_the_admin_filter_tells_assumed_dates(admin_client):
    make_article(date(2025, 1, 1), title="Assumed", date_assumed=True)
    make_article(date(2025, 1, 1), title="Sourced")
    listed = admin_client.get(reverse("admin:newsmap_article_changelist") + "?dated=assumed").content.decode()
    assert "Assumed" in listed and "Sourced" not in listed and "(assumed)" in listed


def test_names_not_codes_in_tables_and_the_csv(client):
    make_figure("DE", ["EE", "LT", "LV"], 3_000, date(2025, 2, 5), qualifier="approx")
    make_figure("US", ["PL"], 500, date(2025, 2, 6), qualifier="at_most")
    html = client.get("/").content.decode()
    assert "EE,LT,LV" not in html.replace('"EE,LT,LV"', "").replace("EE%2CLT%2CLV", "").replace("/EE,LT,LV/", "")
    assert "Estonia, Lithuania &amp; Latvia" in html and "about 3,000" in html and "up to 500" in html
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get("/?format=csv").streaming_content).decode())))
    group = next(row for row in rows if row["hosts"] == "EE,LT,LV")
    assert group["host_names"] == "Estonia; Lithuania; Latvia"
    assert group["contributor"] == "DE" and group["contributor_name"] == "Germany"
    assert group["qualifier"] == "about" and group["count"] == "3000"
    assert next(row for row in rows if row["hosts"] == "PL")["qualifier"] == "up to"


def test_the_admin_lists_figures_by_name(admin_client):
    make_figure("DE", ["EE", "LT", "LV"], 3_000, date(2025, 2, 5))
    html = admin_client.get(reverse("admin:newsmap_figure_changelist")).content.decode()
    assert "Germany → Estonia, Lithuania &amp; Latvia: 3,000 troops" in html


def test_contributor_choices_are_nato_and_its_members(client):
    html = client.get("/").content.decode()
    contributors = html[html.index('name="contributor"') : html.index('name="host"')]
    assert ">North Atlantic Treaty Organization<" in contributors or ">NATO<" in contributors
    assert ">Poland (member since 1999)<" in contributors and ">United States<" in contributors
    assert "Antarctica" not in contributors and "Åland" not in contributors


def test_a_group_figure_is_never_split(client):
    make_figure("DE", ["EE", "LT", "LV"], 3_000, date(2025, 2, 5))
    for url in ("/", "/countries/EE/", "/countries/EE,LT,LV/", "/embed/map/", "/embed/bars/", "/?format=json"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"1,000" not in body and b"1000" not in body, url
    assert "3,000" in client.get("/countries/EE,LT,LV/").content.decode()


def test_the_atom_feeds_parse(client):
    figure = make_figure("US", ["PL"], 10_000, date(2025, 1, 10), sentence="The US has 10,000 troops in Poland.")
    make_figure("GB", ["EE"], 900, date(2025, 2, 1))
    make_figure("US", ["PL"], 1_000, date(2025, 2, 1), review="proposed")
    overall = feedparser.parse(client.get("/feeds/figures/").content)
    assert not overall.bozo and overall.feed.title == "NewsMap: newly approved figures"
    assert len(overall.entries) == 2
    poland = feedparser.parse(client.get("/feeds/figures/PL/").content)
    (entry,) = poland.entries
    assert entry.title == "United States → Poland: 10,000 troops (present)"
    assert "The US has 10,000 troops in Poland." in entry.summary and "original article" in entry.summary
    assert entry.link.endswith(f"/articles/{figure.article_id}/#figure-{figure.pk}")
    assert client.get("/feeds/figures/ZZ/").status_code == 404


def test_the_favicon_and_an_h1_on_every_page(client):
    figure = make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and favicon["Location"].endswith("/newsmap/favicon.svg")
    for url in ("/", "/countries/PL/", "/countries/EE,LT,LV/", f"/articles/{figure.article_id}/"):
        assert client.get(url).content.decode().count("<h1") == 1, url


def test_an_unknown_country_in_the_url_is_a_clear_error(client):
    response = client.get("/?country=ZZ")
    assert response.status_code == 400 and "ZZ is not a known country or region code." in response.content.decode()


def test_embeds_may_be_framed_and_unknown_ones_are_404(client):
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    response = client.get("/embed/map/?host=PL")
    assert response.status_code == 200 and "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert client.get("/embed/pie/").status_code == 404
    assert client.get("/embed/map/?kind=tanks").status_code == 400
    assert Article.objects.count() == 1


def test_an_article_already_undated_can_be_reviewed_with_a_warning(admin_client):
    from tests.admin_forms import change_form_data

    figure = make_figure("ES", ["LV"], 350, None, review="proposed")
    url = reverse("admin:newsmap_article_change", args=[figure.article_id])
    data = change_form_data(admin_client.get(url))
    data["figures-0-review"] = "approved"
    response = admin_client.post(url, data, follow=True)
    assert "has no publication date" in response.content.decode()
    figure.refresh_from_db()
    assert figure.review == "approved"
    # Clearing a date is refused: the editor is asked for it.
    dated = make_article(date(2025, 1, 1))
    url = reverse("admin:newsmap_article_change", args=[dated.pk])
    data = {**change_form_data(admin_client.get(url)), "published": ""}
    assert "publication date" in admin_client.post(url, data).content.decode()
    dated.refresh_from_db()
    assert dated.published == date(2025, 1, 1)
