"""A correction on the figure's change page keeps its context, and saving it asks whether to approve it."""

import pytest
from django.urls import reverse

from newsmap.ingest import run_extraction
from newsmap.models import Article, Review
from tests.admin_forms import change_form_data
from tests.conftest import Proposal

pytestmark = pytest.mark.django_db

SENTENCE = "The US is sending some 5,000 additional troops to Poland."


@pytest.fixture
def figure(scripted_extraction):
    scripted_extraction.proposals = [Proposal("US", ("PL",), 5000, SENTENCE)]
    article = Article.objects.create(title="Reinforcements", body=SENTENCE)
    run_extraction(article)
    return article.figures.get()


def corrected(client, figure, button: str, **changes):
    url = reverse("admin:newsmap_figure_change", args=[figure.pk])
    data = {**change_form_data(client.get(url)), **changes, button: "1"}
    return client.post(url, data, follow=True)


def test_a_proposed_figure_offers_save_and_approve(editor_client, figure):
    page = editor_client.get(reverse("admin:newsmap_figure_change", args=[figure.pk])).content.decode()
    assert '<input type="submit" value="Save and approve" name="_approve" class="default">' in page


def test_save_and_approve_publishes_the_correction(editor_client, editor, figure):
    response = corrected(editor_client, figure, "_approve", count="4000")
    assert response.status_code == 200
    figure.refresh_from_db()
    assert (figure.count, figure.review, figure.edited, figure.reviewed_by) == (4000, Review.APPROVED, True, editor)
    page = editor_client.get(reverse("admin:newsmap_figure_change", args=[figure.pk])).content.decode()
    # The sentence keeps its own number marked; the extractor's value stays beside the field.
    assert 'some <mark class="figure-number">5,000</mark> additional' in page
    assert "extractor proposed: 5,000" in page
    assert "Save and approve" not in page  # approved: nothing to ask


def test_save_keeps_it_proposed_and_says_so(editor_client, figure):
    html = corrected(editor_client, figure, "_save", count="4000").content.decode()
    assert "is still proposed: approve it with “Save and approve” or from the" in html
    figure.refresh_from_db()
    assert (figure.count, figure.review) == (4000, Review.PROPOSED)


def test_a_rejection_chosen_is_not_overridden(editor_client, figure):
    corrected(editor_client, figure, "_approve", review="rejected", count="4000")
    figure.refresh_from_db()
    assert figure.review == Review.REJECTED


def test_the_article_page_marks_the_number_of_a_corrected_figure(editor_client, figure):
    corrected(editor_client, figure, "_approve", count="4000")
    page = editor_client.get(reverse("admin:newsmap_article_change", args=[figure.article_id])).content.decode()
    assert 'some <mark class="figure-number">5,000</mark> additional' in page
    assert "extractor proposed: 5,000" in page
