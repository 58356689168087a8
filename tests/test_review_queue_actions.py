"""The queue's actions on one figure (review/<id>/decide/, review/<id>/edit/): on record, never over a change."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from newsmap.ingest import run_extraction
from newsmap.models import Article, Figure, Review
from tests.conftest import Proposal, member_of

pytestmark = pytest.mark.django_db

SENTENCE = "The US is sending some 5,000 additional troops to Poland."
HTMX = {"HX-Request": "true"}


@pytest.fixture
def figure(scripted_extraction):
    scripted_extraction.proposals = [Proposal("US", ("PL",), 5000, SENTENCE, confidence=0.4)]
    article = Article.objects.create(title="Reinforcements", body=SENTENCE)
    run_extraction(article)
    return article.figures.get()


def decide(client, figure, decision, version=None):
    url = reverse("admin:newsmap_figure_review_decide", args=[figure.pk])
    return client.post(url, {"decision": decision, "version": version or figure.version}, headers=HTMX)


def edit_data(figure, **changes) -> dict:
    prefix = f"figure-{figure.pk}"
    data = {
        "contributor": figure.contributor_id,
        "hosts": figure.hosts_key.split(","),
        "count": figure.count,
        "count_max": "",
        "qualifier": figure.qualifier,
        "measure": figure.measure,
        "status": figure.status,
        "kind": figure.kind,
        "seen_version": figure.version,
        **changes,
    }
    return {f"{prefix}-{name}": value for name, value in data.items()}


def test_approve_returns_the_decided_row_and_is_on_record(editor_client, editor, figure):
    response = decide(editor_client, figure, "approved")
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith(
        f'<article class="queue-row decided" id="queue-figure-{figure.pk}"'
    )
    assert 'data-state="approved"' in html and "Approved</strong> by editor" in html and 'data-key="u"' in html
    figure.refresh_from_db()
    assert (figure.review, figure.reviewed_by, figure.version) == (Review.APPROVED, editor, 2)
    record = figure.history.first()
    assert (record.history_change_reason, record.history_user, record.review) == ("review queue", editor, "approved")


def test_reject_then_undo(editor_client, figure):
    decide(editor_client, figure, "rejected")
    figure.refresh_from_db()
    response = decide(editor_client, figure, "proposed")
    assert 'data-state="proposed"' in response.content.decode()
    figure.refresh_from_db()
    assert figure.review == Review.PROPOSED
    assert list(figure.history.values_list("history_change_reason", flat=True)[:2]) == [
        "review queue: undone",
        "review queue",
    ]


def test_a_decision_over_a_change_is_refused(editor_client, django_user_model, figure):
    other = Client()
    other.force_login(member_of(django_user_model, "second", "Editors"))
    seen = figure.version
    decide(other, figure, "rejected")
    response = decide(editor_client, figure, "approved", version=seen)
    html = response.content.decode()
    assert "Nothing was changed: this figure was changed by second at" in html and "data-stale" in html
    assert 'data-state="rejected"' in html  # shown as it is now
    assert Figure.objects.get(pk=figure.pk).review == Review.REJECTED


def test_bad_and_missing(editor_client, figure):
    url = reverse("admin:newsmap_figure_review_decide", args=[figure.pk])
    response = editor_client.post(url, {"decision": "maybe", "version": "x"}, headers=HTMX)
    assert response.status_code == 400 and "could not be read" in response.content.decode()
    assert editor_client.get(url).status_code == 405
    gone = reverse("admin:newsmap_figure_review_decide", args=[figure.pk + 1])
    assert "no longer exists" in editor_client.post(gone, {"decision": "approved", "version": 1}).content.decode()
    assert Figure.objects.get(pk=figure.pk).review == Review.PROPOSED


def test_the_edit_form_and_a_correction_saved_and_approved(editor_client, editor, figure):
    url = reverse("admin:newsmap_figure_review_edit", args=[figure.pk])
    form = editor_client.get(url, headers=HTMX).content.decode()
    assert (
        f'id="id_figure-{figure.pk}-count"' in form and "Save and approve" in form and "Save, keep it proposed" in form
    )

    response = editor_client.post(url, {**edit_data(figure, count=4000), "approve": "1"}, headers=HTMX)
    html = response.content.decode()
    assert "Saved and approved." in html and 'data-state="approved"' in html
    # The correction keeps its context: the sentence's own number marked, the extractor's value beside the field.
    assert 'some <mark class="figure-number">5,000</mark> additional' in html
    assert "extractor proposed: 5,000" in html
    figure.refresh_from_db()
    assert (figure.count, figure.review, figure.edited, figure.reviewed_by) == (4000, Review.APPROVED, True, editor)
    record = figure.history.first()
    assert (record.history_change_reason, record.count, record.review) == ("review queue", 4000, "approved")


def test_a_correction_kept_proposed_and_its_form_shows_the_proposal(editor_client, figure):
    url = reverse("admin:newsmap_figure_review_edit", args=[figure.pk])
    html = editor_client.post(url, {**edit_data(figure, count=4000), "keep": "1"}, headers=HTMX).content.decode()
    assert "Saved; still proposed." in html and 'data-state="proposed"' in html
    figure.refresh_from_db()
    assert (figure.review, figure.edited) == (Review.PROPOSED, True)
    form = editor_client.get(url, headers=HTMX).content.decode()
    assert re.search(r'<span class="proposed" id="id_figure-\d+-count_proposed">extractor proposed: 5,000</span>', form)


def test_an_invalid_correction_shows_its_errors_and_saves_nothing(editor_client, figure):
    url = reverse("admin:newsmap_figure_review_edit", args=[figure.pk])
    response = editor_client.post(url, {**edit_data(figure, hosts=["US"]), "approve": "1"}, headers=HTMX)
    assert "the host cannot be the contributor" in response.content.decode()
    figure.refresh_from_db()
    assert (figure.hosts_key, figure.review, figure.version) == ("PL", Review.PROPOSED, 1)


def test_an_edit_over_a_change_is_refused(editor_client, figure):
    url = reverse("admin:newsmap_figure_review_edit", args=[figure.pk])
    data = edit_data(figure, count=4000)
    Figure.objects.get(pk=figure.pk).save()  # someone saved it meanwhile
    html = editor_client.post(url, {**data, "approve": "1"}, headers=HTMX).content.decode()
    assert "This figure was changed by" in html and "nothing was saved" in html
    assert Figure.objects.get(pk=figure.pk).count == 5000


def test_cancel_returns_the_row(editor_client, figure):
    url = reverse("admin:newsmap_figure_review_edit", args=[figure.pk])
    html = editor_client.post(url, {"cancel": "1"}, headers=HTMX).content.decode()
    assert 'data-state="proposed"' in html and 'data-key="a"' in html


def test_a_decision_updates_the_count_of_the_queue_it_came_from(editor_client, figure):
    url = reverse("admin:newsmap_figure_review_decide", args=[figure.pk])
    queue = f"http://testserver{reverse('admin:newsmap_figure_review')}?contributor=US&order=newest"
    headers = {**HTMX, "HX-Current-URL": queue}
    html = editor_client.post(url, {"decision": "approved", "version": 1}, headers=headers).content.decode()
    assert '<h2 class="queue-count" id="queue-count" hx-swap-oob="true">0 proposed figures waiting</h2>' in html
    html = editor_client.post(url, {"decision": "proposed", "version": 2}, headers=headers).content.decode()
    assert 'hx-swap-oob="true">1 proposed figure waiting</h2>' in html
    # Without the queue's address (not from htmx), the row alone.
    assert "queue-count" not in decide(editor_client, figure, "rejected", version=3).content.decode()
