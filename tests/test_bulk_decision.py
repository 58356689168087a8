"""Bulk approve and reject go through a confirmation page that lists each figure with its sentence."""

import pytest
from django.urls import reverse

from newsmap.ingest import run_extraction
from newsmap.models import Article, Figure, Review
from tests.admin_forms import confirmation_data
from tests.conftest import Proposal

pytestmark = pytest.mark.django_db

SENTENCE = "Turkey is sending two frigates to the Baltic Sea and 200 troops to Romania."
BODY = f"{SENTENCE} The US has moved 3,000 troops to Poland."
ARTICLES = "/admin/newsmap/article/"
FIGURES = "/admin/newsmap/figure/"


@pytest.fixture
def article(scripted_extraction):
    scripted_extraction.proposals = [
        Proposal("TR", ("RO",), 2, SENTENCE, kind="ships"),  # the wrong one: the frigates went to the Baltic
        Proposal("TR", ("RO",), 200, SENTENCE),
        Proposal("US", ("PL",), 3000, "The US has moved 3,000 troops to Poland."),
    ]
    article = Article.objects.create(title="Allies reinforce", body=BODY)
    run_extraction(article)
    return article


def test_the_page_lists_each_figure_with_its_sentence_and_changes_nothing(editor_client, article):
    page = editor_client.post(ARTICLES, {"action": "approve_proposals", "_selected_action": [article.pk]})
    html = page.content.decode()
    assert page.status_code == 200 and "Approve these 3 figure(s)?" in html
    assert (
        "Türkiye → Romania: 2 ships" in html
        and "Türkiye → Romania: 200 troops" in html
        and "United States → Poland: 3,000 troops" in html
    )
    assert "two frigates to the Baltic Sea and <mark" in html  # the sentence, with its number marked
    assert "Allies reinforce" in html
    assert html.count('name="figure"') == 3 and html.count("checked") >= 3
    assert set(Figure.objects.values_list("review", flat=True)) == {Review.PROPOSED}


def test_an_unticked_figure_is_left_alone(editor_client, article, editor):
    ships = Figure.objects.get(kind="ships")
    page = editor_client.post(ARTICLES, {"action": "approve_proposals", "_selected_action": [article.pk]})
    response = editor_client.post(ARTICLES, confirmation_data(page, untick=[ships]), follow=True)
    assert "Approved 2 figure(s)." in response.content.decode()
    assert dict(Figure.objects.values_list("count", "review")) == {
        2: Review.PROPOSED,
        200: Review.APPROVED,
        3000: Review.APPROVED,
    }
    record = Figure.objects.get(count=200).history.first()
    assert (record.history_user, record.history_change_reason) == (editor, "bulk approve")


def test_a_figure_changed_after_the_page_was_shown_is_refused(editor_client, article):
    page = editor_client.post(ARTICLES, {"action": "reject_proposals", "_selected_action": [article.pk]})
    us = Figure.objects.get(contributor="US")
    us.count = 3500
    us.save()  # someone corrects it meanwhile
    response = editor_client.post(ARTICLES, confirmation_data(page), follow=True)
    html = response.content.decode()
    assert (
        "Rejected 2 figure(s)." in html and "Not rejected: United States → Poland: 3,500 troops was changed by" in html
    )
    assert Figure.objects.get(pk=us.pk).review == Review.PROPOSED


def test_from_the_figure_list(editor_client, article):
    us = Figure.objects.get(contributor="US")
    page = editor_client.post(FIGURES, {"action": "approve", "_selected_action": [us.pk]})
    assert "Approve these 1 figure(s)?" in page.content.decode()
    response = editor_client.post(FIGURES, confirmation_data(page), follow=True)
    assert "Approved 1 figure(s)." in response.content.decode()
    assert Figure.objects.get(pk=us.pk).review == Review.APPROVED


def test_nothing_ticked_decides_nothing(editor_client, article):
    page = editor_client.post(FIGURES, {"action": "reject", "_selected_action": [f.pk for f in Figure.objects.all()]})
    response = editor_client.post(FIGURES, confirmation_data(page, untick=Figure.objects.all()), follow=True)
    assert "No figure was ticked: none rejected." in response.content.decode()
    assert set(Figure.objects.values_list("review", flat=True)) == {Review.PROPOSED}


def test_articles_without_proposals(editor_client, article):
    Figure.objects.update(review=Review.REJECTED)
    response = editor_client.post(
        ARTICLES, {"action": "approve_proposals", "_selected_action": [article.pk]}, follow=True
    )
    assert "No proposed figure among these: none approved." in response.content.decode()
    assert reverse("admin:newsmap_article_changelist") in response.redirect_chain[-1][0]
