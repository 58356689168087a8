"""Two editors saving the same figure: the second is shown the conflict, the first's value stays."""

import pytest
from django.test import Client
from django.urls import reverse

from newsmap.ingest import run_extraction
from newsmap.models import Article, Figure, Review
from tests.admin_forms import change_form_data, confirm_bulk
from tests.conftest import Proposal, member_of

pytestmark = pytest.mark.django_db

BODY = "The US has moved 3,000 troops to Poland. Britain sent 800 troops to Estonia."
US = Proposal("US", ("PL",), 3000, "The US has moved 3,000 troops to Poland.")
GB = Proposal("GB", ("EE",), 800, "Britain sent 800 troops to Estonia.")


@pytest.fixture
def figures(scripted_extraction):
    scripted_extraction.proposals = [US, GB]
    article = Article.objects.create(title="Moves", body=BODY)
    run_extraction(article)
    return article, article.figures.get(contributor="US"), article.figures.get(contributor="GB")


@pytest.fixture
def first(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def second(django_user_model):
    client = Client()
    client.force_login(member_of(django_user_model, "second", "Editors"))
    return client


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_change_page(figures, first, second):
    _, us, _ = figures
    url = reverse("admin:newsmap_figure_change", args=[us.pk])
    mine, theirs = change_form_data(first.get(url)), change_form_data(second.get(url))
    mine["count"] = "3500"
    assert first.post(url, mine).status_code == 302

    theirs["count"] = "3200"
    html = page(second.post(url, theirs))
    assert "This figure was changed by editor at" in html
    assert "count: yours 3,200, theirs 3,500" in html
    us.refresh_from_db()
    assert (us.count, us.edited) == (3500, True)
    assert us.history.count() == 2  # proposed, then the first editor's change: nothing from the second


def test_inline_on_the_article_page(figures, first, second):
    article, us, gb = figures
    url = reverse("admin:newsmap_article_change", args=[article.pk])
    mine, theirs = change_form_data(first.get(url)), change_form_data(second.get(url))
    index = {int(mine[f"figures-{i}-id"]): i for i in range(2)}
    mine[f"figures-{index[us.pk]}-review"] = "approved"
    response = first.post(url, mine)
    assert response.status_code == 302, response.context and response.context["errors"]

    theirs[f"figures-{index[us.pk]}-review"] = "rejected"
    theirs[f"figures-{index[gb.pk]}-review"] = "approved"
    theirs["title"] = "Moves, retitled"
    html = page(second.post(url, theirs))
    assert "This figure was changed by editor at" in html
    assert "review: yours rejected, theirs approved" in html
    us.refresh_from_db()
    gb.refresh_from_db()
    article.refresh_from_db()
    # Nothing of the stale form was saved: not the other figure, not the article.
    assert (us.review, gb.review, article.title) == (Review.APPROVED, Review.PROPOSED, "Moves")


def queue_data(response, changes: dict) -> dict:
    """The figure list's POST data as rendered (its rows' reviews and versions), with changes."""
    html = response.content.decode()
    formset = response.context["cl"].formset
    data = {formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        pk = form.instance.pk
        data[form.add_prefix("id")] = pk
        data[form.add_prefix("review")] = changes.get(pk, form.instance.review)
        assert f'name="version-{pk}" value="{form.instance.version}"' in html
        data[f"version-{pk}"] = form.instance.version
    data["_save"] = "Save"
    return data


def test_review_queue_in_place(figures, first, second):
    _, us, gb = figures
    url = reverse("admin:newsmap_figure_changelist")
    mine, theirs = first.get(url), second.get(url)
    assert first.post(url, queue_data(mine, {us.pk: "approved"})).status_code == 302
    response = second.post(url, queue_data(theirs, {us.pk: "rejected", gb.pk: "rejected"}))
    html = page(response)
    assert "This figure was changed by editor at" in html and "review: yours rejected, theirs approved" in html
    assert Figure.objects.get(pk=us.pk).review == Review.APPROVED
    assert Figure.objects.get(pk=gb.pk).review == Review.PROPOSED  # the whole stale list is refused


def test_review_queue_action_on_a_stale_list(figures, first, second):
    _, us, gb = figures
    url = reverse("admin:newsmap_figure_changelist")
    mine, theirs = queue_data(first.get(url), {}), queue_data(second.get(url), {})
    del mine["_save"], theirs["_save"]  # an action, not the in-place save
    confirm_bulk(first, url, {**mine, "action": "reject", "_selected_action": [us.pk]})
    response = confirm_bulk(second, url, {**theirs, "action": "approve", "_selected_action": [us.pk, gb.pk]})
    html = page(response)
    assert "Approved 1 figure(s)." in html
    assert "Not approved: United States → Poland: 3,000 troops was changed by editor at" in html
    us.refresh_from_db()
    gb.refresh_from_db()
    assert (us.review, gb.review) == (Review.REJECTED, Review.APPROVED)
