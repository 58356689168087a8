"""Every dashboard page and fragment, filters good and bad, exports."""

import csv
import io
import json
import re
from datetime import date

import pytest
from django.urls import reverse

from newsmap.models import Figure

from .conftest import make_article, make_figure

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}


def fragment(target):
    return {**HTMX, "HX-Target": target}


def exported(client, query: str) -> str:
    """An export's text; exports are streamed."""
    response = client.get(f"/?{query}")
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def deployments():
    """A small world: US in Poland (two reports), UK in Estonia, a Baltic group figure, NATO plans."""
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    make_figure("US", ["PL"], 11_000, date(2025, 3, 1))
    make_figure("GB", ["EE"], 900, date(2025, 2, 1))
    make_figure("GB", ["EE"], 100, date(2025, 2, 20), measure="increase")
    make_figure("DE", ["EE", "LT", "LV"], 3_000, date(2025, 2, 5))
    make_figure("NATO", ["RO"], 5_000, date(2025, 3, 5), status="planned")
    make_figure("FR", ["RO"], 1_500, date(2025, 3, 6), exercise=True)
    make_figure("US", ["PL"], 99_999, date(2025, 3, 7), review="proposed")
    make_figure("US", ["PL"], 88_888, date(2025, 3, 7), kind="aircraft")


def scripts(html):
    return re.findall(r"<script\b[^>]*>", html)


def test_overview_page(client, deployments):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    # Headline: approved troops figures outside exercises only.
    assert re.search(r'stat-value">6</span><span class="stat-label">approved figures', html, re.S)
    assert "How the estimates are counted" in html and "never summed" in html
    for chart in ("map-data", "bar-data", "timeline-data"):
        assert f'id="{chart}"' in html
    assert "99,999" not in html and "88,888" not in html
    # The estimate for US in Poland is the latest total, not the sum of both reports.
    assert "11,000" in html and "21,000" not in html
    assert "Estonia, Lithuania &amp; Latvia" in html
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_overview_has_no_inline_script_and_no_other_host(client, deployments):
    html = client.get("/").content.decode()
    for tag in scripts(html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="https://news.example', ""))


def test_chart_data_is_json_with_the_estimates(client, deployments):
    html = client.get("/").content.decode()
    data = json.loads(re.search(r'<script id="bar-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    bars = {trace["name"]: dict(zip(trace["customdata"], trace["x"], strict=True)) for trace in data["data"]}
    assert bars["United States"] == {"PL": 11_000}
    assert bars["United Kingdom"] == {"EE": 1_000}
    assert bars["Germany"] == {"EE,LT,LV": 3_000}
    geo = json.loads(re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    traces = {trace["name"]: trace for trace in geo["data"]}
    hosts = traces["Host estimate"]
    assert dict(zip(hosts["locations"], hosts["z"], strict=True)) == {"POL": 11_000, "EST": 1_000}
    group = traces["Group figure (member countries, lighter)"]
    # Estonia has its own figure: it is shaded by that, and lists the group in its hover.
    assert dict(zip(group["locations"], group["z"], strict=True)) == {"LTU": 3_000, "LVA": 3_000}
    assert set(group["customdata"]) == {"EE,LT,LV"}


def test_results_fragment_for_htmx(client, deployments):
    response = client.get("/?status=present", headers=fragment("results"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="filters"' not in html
    assert 'id="map-data"' in html and 'id="timeline-data"' in html
    assert "HX-Request" in response["Vary"]


def test_map_fragment_only_redraws_the_map(client, deployments):
    html = client.get("/?scope=world", headers=fragment("map-panel")).content.decode()
    assert 'id="map-data"' in html and 'id="bar-data"' not in html
    geo = json.loads(re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert geo["layout"]["geo"]["projection"]["type"] == "natural earth"
    assert '<option value="world" selected>' in html


def test_timeline_fragment(client, deployments):
    html = client.get("/?series=contributor", headers=fragment("timeline-panel")).content.decode()
    assert 'id="timeline-data"' in html and 'id="map-data"' not in html
    data = json.loads(re.search(r'<script id="timeline-data" type="application/json">(.*?)</script>', html, re.S)[1])
    assert {trace["name"] for trace in data["data"]} >= {"United States — present", "NATO — planned"}


def test_a_history_restore_gets_the_whole_page(client, deployments):
    response = client.get("/", headers={**fragment("results"), "HX-History-Restore-Request": "true"})
    assert 'id="filters"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=yesterday", "Reported from"),
        ("end=2025-13-01", "to"),
        ("start=2025-03-01&end=2025-01-01", "to"),
        ("contributor=ZZ", "Contributors"),
        ("host=<script>", "Hosts"),
        ("kind=tanks", "Kind"),
        ("status=maybe", "Status"),
        ("scope=mars", "Map"),
        ("series=outlet", "Timeline by"),
        ("format=xlsx", "Format"),
    ],
)
def test_bad_filter_values_get_a_readable_message(client, deployments, query, field):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert f"<strong>{field}:</strong>" in html
    assert "<script>" not in html.split('id="results"')[1]
    fragment_response = client.get(f"/?{query}", headers=fragment("results"))
    assert fragment_response.status_code == 400
    assert fragment_response["HX-Retarget"] == "#results"
    assert "Some filters could not be used" in fragment_response.content.decode()


def test_filters(client, deployments):
    def figures(query):
        return json.loads(exported(client, f"{query}&format=json"))

    assert len(figures("")) == 6
    assert {row["contributor"] for row in figures("contributor=GB")} == {"GB"}
    assert {row["hosts"] for row in figures("host=EE")} == {"EE", "EE,LT,LV"}
    assert {row["hosts"] for row in figures("host=LV&host=RO")} == {"EE,LT,LV", "RO"}
    assert {row["status"] for row in figures("status=planned")} == {"planned"}
    assert "planned" not in {row["status"] for row in figures("status=present")}
    assert len(figures("exercises=on")) == 7
    assert [row["count"] for row in figures("kind=aircraft")] == [88_888]
    assert len(figures("start=2025-03-01")) == 2
    assert len(figures("start=2025-02-01&end=2025-02-28")) == 3


def test_the_end_date_is_the_date_of_the_estimate(client, deployments):
    html = client.get("/?end=2025-02-01").content.decode()
    assert "10,000" in html and "11,000" not in html
    assert "as of 1 Feb 2025" in html


def test_csv_export(client, deployments):
    response = client.get("/?host=EE&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="newsmap-figures-')
    rows = list(csv.DictReader(io.StringIO(exported(client, "host=EE&format=csv"))))
    assert len(rows) == 3
    first = rows[0]
    assert first["article_url"].startswith("https://news.example/")
    assert first["newsmap_url"] == f"http://testserver/articles/{first['article_id']}/"
    assert "troops in EE" in first["sentence"]
    assert {row["hosts"] for row in rows} == {"EE", "EE,LT,LV"}


def test_json_export(client, deployments):
    response = client.get("/?format=json&contributor=US")
    assert response["Content-Type"].startswith("application/json")
    rows = json.loads(exported(client, "format=json&contributor=US"))
    assert [(row["published"], row["count"]) for row in rows] == [("2025-01-10", 10_000), ("2025-03-01", 11_000)]
    assert rows[0]["count_max"] is None and rows[0]["exercise"] is False


def test_empty_database(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No approved figures match these filters." in response.content.decode()
    assert exported(client, "format=csv").startswith("figure_id,published,")


def test_only_get(client):
    assert client.post("/").status_code == 405


# --- Country page and side panel --------------------------------------------------


def test_country_page(client, deployments):
    response = client.get(reverse("country", args=["EE"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Estonia</h1>" in html
    assert 'id="timeline-data"' in html
    # Its own figures and the group figure that includes it, each with its evidence.
    assert html.count('class="evidence-item"') == 3
    assert '<mark class="figure-number">900</mark>' in html
    assert "group: Estonia, Lithuania &amp; Latvia" in html
    assert "1,000 troops" in html  # the estimate: 900 + 100, the group kept apart


def test_country_panel_fragment(client, deployments):
    response = client.get(reverse("country", args=["PL"]) + "?status=present", headers=fragment("panel"))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Open page" in html and 'href="/countries/PL/?status=present"' in html
    assert html.count('class="evidence-item"') == 2
    assert '<mark class="figure-number">11,000</mark>' in html
    assert f'href="/articles/{Figure.objects.get(count=11_000).article_id}/#figure-' in html


def test_group_page(client, deployments):
    response = client.get("/countries/EE,LT,LV/")
    assert response.status_code == 200
    assert "Estonia, Lithuania &amp; Latvia" in response.content.decode()


def test_contributor_side_of_the_country_page(client, deployments):
    html = client.get("/countries/US/").content.decode()
    assert "Sent by United States" in html and "11,000" in html


def test_unknown_and_non_canonical_country_codes(client, deployments):
    assert client.get("/countries/ZZ/").status_code == 404
    assert client.get("/countries/EE,EE/").status_code == 404
    assert client.get("/countries/ee/?kind=ships").headers["Location"] == "/countries/EE/?kind=ships"
    assert client.get("/countries/LV,EE,lt/").headers["Location"] == "/countries/EE,LT,LV/"
    assert client.get("/countries/lv,ee,lt/").status_code == 301


def test_country_page_with_bad_filters(client, deployments):
    response = client.get("/countries/PL/?kind=tanks")
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()
    panel = client.get("/countries/PL/?kind=tanks", headers=fragment("panel"))
    assert panel.status_code == 400 and panel["HX-Retarget"] == "#panel"


# --- Article page --------------------------------------------------------------------


def test_article_page_highlights_every_approved_sentence_and_escapes_the_text(client):
    body = (
        "Allies met <b>today</b>. The US has 10,000 troops in Poland. "
        "<script>alert(1)</script> Britain adds 200 soldiers in Estonia. A rumour of 5 tanks."
    )
    article = make_article(date(2025, 4, 1), body=body, title="Troops & <tanks>")
    make_figure("US", ["PL"], 10_000, article=article, sentence="The US has 10,000 troops in Poland.")
    make_figure(
        "GB", ["EE"], 200, article=article, sentence="Britain adds 200 soldiers in Estonia.", measure="increase"
    )
    make_figure(None, ["PL"], 5, article=article, sentence="A rumour of 5 tanks.", review="rejected")
    response = client.get(reverse("article", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;today&lt;/b&gt;" in html
    assert "Troops &amp; &lt;tanks&gt;" in html
    assert html.count('<mark class="evidence">') == 2
    assert '<mark class="evidence">The US has 10,000 troops in Poland.</mark>' in html
    assert "A rumour of 5 tanks." in html and '<mark class="evidence">A rumour' not in html
    assert 'id="figure-' in html


def test_unknown_article(client):
    assert client.get("/articles/999999/").status_code == 404


def test_switching_the_map_scope_reuses_the_cached_estimates(client, deployments):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/?scope=world", headers=fragment("map-panel"))
    assert response.status_code == 200 and 'id="map-data"' in response.content.decode()
    assert not [q for q in queries.captured_queries if "WITH base AS" in q["sql"]]


def test_filter_lists_put_members_and_reported_hosts_first(client, deployments):
    page = client.get("/").content.decode()
    contributors = page.split('name="contributor"')[1].split("</select>")[0]
    hosts = page.split('name="host"')[1].split("</select>")[0]
    members = contributors.split('label="NATO members"')[1].split("</optgroup>")[0]
    assert 'value="US"' in members and 'value="RU"' not in members
    reported = hosts.split('label="Reported hosts"')[1].split("</optgroup>")[0]
    assert 'value="PL"' in reported and 'value="AF"' not in reported
    assert 'value="AF"' in hosts.split('label="Other states"')[1]


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(client):
    hostile = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]
    for number, text in enumerate(hostile):
        sentence = f"{text} 100 troops in Poland."
        article = make_article(date(2025, 1, 1 + number), body=f"Intro. {sentence}", title=text, outlet=text)
        make_figure("US", ["PL"], 100 + number, article=article, sentence=sentence)
    rows = list(csv.DictReader(io.StringIO(exported(client, "format=csv"), newline="")))
    assert len(rows) == len(hostile)
    for row, text in zip(rows, hostile, strict=True):
        for column in ("sentence", "article_title", "outlet"):
            assert row[column].startswith("'") and row[column][1:].startswith(text), (column, row[column])
    assert rows[0]["count"] == "100" and rows[0]["article_url"].startswith("https://")  # other cells as they are
    # JSON is not read by spreadsheets: its values stay exact.
    assert json.loads(exported(client, "format=json"))[0]["sentence"].startswith('=HYPERLINK("http://evil.example")')


def test_an_article_without_an_approved_figure_is_not_public(client, django_user_model):
    proposed = make_figure("US", ["PL"], 100, review="proposed")
    rejected = make_figure("GB", ["EE"], 200, review="rejected")
    bare = make_article(body="Nothing reported here yet.")
    for article_id in (proposed.article_id, rejected.article_id, bare.pk):
        response = client.get(reverse("article", args=[article_id]))
        assert response.status_code == 404 and "Nothing reported" not in response.content.decode()
    # Approving a figure publishes its article.
    Figure.objects.filter(pk=proposed.pk).update(review="approved")
    assert client.get(reverse("article", args=[proposed.article_id])).status_code == 200
    # Editors may preview any article.
    from tests.conftest import member_of

    client.force_login(member_of(django_user_model, "editor", "Editors"))
    assert "Nothing reported here yet." in client.get(reverse("article", args=[bare.pk])).content.decode()
