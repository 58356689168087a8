"""The review queue (/admin/newsmap/figure/review/): which proposals it lists, in which order, under which filters."""

import re
from datetime import date

import pytest
from django.urls import reverse

from newsmap.ingest import run_extraction
from newsmap.models import Article, Figure, Review
from tests.conftest import Proposal

pytestmark = pytest.mark.django_db

URL = "/admin/newsmap/figure/review/"
CODES = {"United Kingdom": "GB", "United States": "US", "France": "FR", "Germany": "DE"}

ESTONIA = "Britain sent 800 troops to Estonia."
POLAND = "The US has moved 3,000 troops to Poland."
ROMANIA = "France will send 500 soldiers to Romania."
LITHUANIA = "Germany has 1,000 troops in Lithuania."


@pytest.fixture
def articles(scripted_extraction):
    """Two articles' proposals, each with its own confidence; one of them approved already."""
    scripted_extraction.proposals = [
        Proposal("GB", ("EE",), 800, ESTONIA, confidence=0.9),
        Proposal("US", ("PL",), 3000, POLAND, confidence=0.3),
    ]
    first = Article.objects.create(title="Allies move", body=f"{ESTONIA} {POLAND}", published=date(2022, 2, 1))
    run_extraction(first)
    scripted_extraction.proposals = [
        Proposal("FR", ("RO",), 500, ROMANIA, confidence=0.6),
        Proposal("DE", ("LT",), 1000, LITHUANIA, confidence=0.5),
    ]
    second = Article.objects.create(title="More moves", body=f"{ROMANIA} {LITHUANIA}", published=date(2022, 3, 1))
    run_extraction(second)
    Figure.objects.filter(contributor="DE").update(review=Review.APPROVED)
    return first, second


def listed(response) -> list[str]:
    """The contributors of the queue's rows, in order, by their codes (the rows name them)."""
    assert response.status_code == 200, response.content[:2000]
    names = re.findall(r'<h3 id="queue-figure-\d+-title">([^<→]+?) →', response.content.decode())
    return [CODES[name] for name in names]


def test_least_confident_first_by_default(editor_client, articles):
    assert listed(editor_client.get(URL)) == ["US", "FR", "GB"]


def test_newest_proposals_first(editor_client, articles):
    assert listed(editor_client.get(URL, {"order": "newest"})) == ["FR", "US", "GB"]


def test_by_article_newest_first_in_reading_order(editor_client, articles):
    assert listed(editor_client.get(URL, {"order": "article"})) == ["FR", "GB", "US"]


def test_filters(editor_client, articles):
    first, second = articles
    assert listed(editor_client.get(URL, {"contributor": "GB"})) == ["GB"]
    assert listed(editor_client.get(URL, {"host": "PL"})) == ["US"]
    assert listed(editor_client.get(URL, {"article": second.pk})) == ["FR"]
    assert listed(editor_client.get(URL, {"start": "2022-02-15"})) == ["FR"]
    assert listed(editor_client.get(URL, {"end": "2022-02-15", "order": "newest"})) == ["US", "GB"]
    assert listed(editor_client.get(URL, {"contributor": "GB", "host": "PL"})) == []


def test_a_row_shows_the_sentence_its_number_marked_and_the_article(editor_client, articles):
    page = editor_client.get(URL, {"contributor": "US"}).content.decode()
    assert 'The US has moved <mark class="figure-number">3,000</mark> troops to Poland.' in page
    assert "Allies move</a>" in page and "1 Feb 2022" in page
    assert "confidence 0.30" in page
    assert "1 proposed figure waiting" in page


def test_htmx_gets_the_queue_alone(editor_client, articles):
    response = editor_client.get(URL, {"order": "newest"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="queue"') and "<html" not in html
    assert listed(response) == ["FR", "US", "GB"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"order": "loudest"}, "Order: Select a valid choice"),
        ({"contributor": "ZZ"}, "Contributor: Select a valid choice"),
        ({"start": "2022-13-01"}, "Published from: Enter a valid date"),
        ({"start": "2022-03-01", "end": "2022-02-01"}, "The last date is before the first."),
        ({"article": "nine"}, "Article: Select a valid choice"),
    ],
)
def test_bad_filters_are_a_clear_error(editor_client, articles, query, message):
    response = editor_client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_pages_of_fifty(editor_client, scripted_extraction):
    sentences = [f"Britain sent {100 + n} troops to Estonia." for n in range(55)]
    scripted_extraction.proposals = [
        Proposal("GB", ("EE",), 100 + n, sentence, confidence=n / 100) for n, sentence in enumerate(sentences)
    ]
    run_extraction(Article.objects.create(title="Many", body=" ".join(sentences)))
    first = editor_client.get(URL).content.decode()
    assert "55 proposed figures waiting" in first and first.count("data-queue-row") == 50
    second = editor_client.get(URL, {"page": 2}).content.decode()
    assert second.count("data-queue-row") == 5 and "United Kingdom → Estonia: 154 troops" in second


def test_the_queue_needs_the_right_to_change_figures(client, django_user_model, articles):
    client.force_login(django_user_model.objects.create_user("visitor", password="x", is_staff=True))
    assert client.get(URL).status_code == 403


def test_the_figure_list_links_to_the_queue(editor_client, articles):
    assert reverse("admin:newsmap_figure_review") in editor_client.get("/admin/newsmap/figure/").content.decode()
