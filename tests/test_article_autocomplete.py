"""The article box on Figures → Add (the admin's autocomplete): articles ranked by how well their title matches."""

from datetime import date

import pytest

from newsmap.models import Article

pytestmark = pytest.mark.django_db

URL = "/admin/autocomplete/"


def found(client, term: str) -> list[str]:
    query = {"term": term, "app_label": "newsmap", "model_name": "figure", "field_name": "article"}
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return [result["text"] for result in response.json()["results"]]


@pytest.fixture
def articles():
    # Newer articles first by default: the unrelated ones are the newest.
    Article.objects.create(
        title="UK to double troops in Estonia",
        body="The UK will double the number of its troops in Estonia.",
        published=date(2022, 2, 14),
    )
    Article.objects.create(
        title="Double trouble for the UK",
        body="The UK sends troops to Estonia, to double down.",
        published=date(2022, 2, 20),
    )
    Article.objects.create(
        title="Allies meet in Brussels",
        body="The UK said it would double its forces; ministers went to Brussels.",
        published=date(2022, 3, 1),
    )
    Article.objects.create(title="Weather", body="Rain in Estonia.", published=date(2022, 3, 2))


def test_the_title_that_holds_the_phrase_comes_first(editor_client, articles):
    assert found(editor_client, "UK to double") == [
        "UK to double troops in Estonia",
        "Double trouble for the UK",  # two of its words in the title
        "Allies meet in Brussels",  # the words only in its text
    ]


def test_one_word(editor_client, articles):
    assert found(editor_client, "estonia") == ["UK to double troops in Estonia", "Weather", "Double trouble for the UK"]


def test_no_term_lists_the_newest_first(editor_client, articles):
    assert found(editor_client, "")[:2] == ["Weather", "Allies meet in Brussels"]
