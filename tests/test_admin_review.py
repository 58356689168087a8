"""The editor's path: add an article, review its proposals, see them on the site."""

import pytest
from django.urls import reverse

from newsmap.models import Article, Figure, Review
from tests.admin_forms import change_form_data, confirm_bulk

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/newsmap/article/add/"
EMPTY_INLINE = {
    "figures-TOTAL_FORMS": "0",
    "figures-INITIAL_FORMS": "0",
    "figures-MIN_NUM_FORMS": "0",
    "figures-MAX_NUM_FORMS": "1000",
}


def add_article(client, **fields):
    data = {"title": "", "outlet": "", "url": "", "published": "2025-01-15", "body": "", **EMPTY_INLINE, **fields}
    return client.post(ADD_URL, data, follow=True)


def test_adding_the_seed_article_proposes_its_figures(editor_client, seed_text, editor):
    title, _, body = seed_text.partition("\n")
    response = add_article(editor_client, title=title, outlet="Express", published="2022-03-04", body=body)
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.entered_by == editor
    assert article.extraction_state == "done"
    assert "Leave a Reply" in seed_text
    keys = {figure.key for figure in article.figures.all()}
    # GUIDELINES' examples from this article
    assert "NATO|EE,LT,LV|3400" in keys
    assert "NATO|EE,LT,LV|6000" in keys
    assert "US|PL,RO|5000" in keys
    assert "GB|EE|" in keys
    assert all(f.review == Review.PROPOSED for f in article.figures.all())
    for figure in article.figures.all():
        assert article.body[figure.sentence_start : figure.sentence_end] == figure.sentence

    page = editor_client.get(reverse("admin:newsmap_article_change", args=[article.pk]))
    assert page.status_code == 200
    assert "3,400 troops at the start of the year" in page.content.decode()  # evidence shown inline
    assert 'some <mark class="figure-number">5,000</mark> additional troops' in page.content.decode()


def test_approved_figures_appear_on_the_site_and_proposals_do_not(editor_client, scripted_extraction):
    from tests.conftest import Proposal

    scripted_extraction.proposals = [
        Proposal("US", ("PL", "RO"), 5000, "Some 5,000 US troops are in Poland and Romania."),
        Proposal("GB", ("EE",), 900, "About 900 British troops are in Estonia."),
    ]
    add_article(
        editor_client,
        title="Allies reinforce",
        published="2022-03-01",
        body="Some 5,000 US troops are in Poland and Romania. About 900 British troops are in Estonia.",
    )
    us, gb = Figure.objects.order_by("sentence_start")
    response = confirm_bulk(
        editor_client, reverse("admin:newsmap_figure_changelist"), {"action": "approve", "_selected_action": [us.pk]}
    )
    assert "Approved 1 figure" in response.content.decode()
    us.refresh_from_db()
    assert us.review == Review.APPROVED and us.reviewed_by is not None and us.reviewed_at is not None

    assert "US troops are in Poland and Romania" in editor_client.get("/countries/PL/").content.decode()
    assert "British troops are in Estonia" not in editor_client.get("/countries/EE/").content.decode()
    exported = b"".join(editor_client.get("/?format=csv").streaming_content).decode()
    assert "Some 5,000 US troops" in exported and "About 900 British troops" not in exported


def test_inline_review_records_edits_and_decisions(editor_client, scripted_extraction, editor):
    from tests.conftest import Proposal

    scripted_extraction.proposals = [
        Proposal("US", ("PL",), 3000, "The US has moved 3,000 troops to Poland."),
        Proposal("GB", ("EE",), 800, "Britain sent 800 troops to Estonia."),
    ]
    add_article(
        editor_client,
        title="Moves",
        published="2022-02-16",
        body="The US has moved 3,000 troops to Poland. Britain sent 800 troops to Estonia.",
    )
    article = Article.objects.get()
    change_url = reverse("admin:newsmap_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(change_url))
    us, gb = article.figures.order_by("sentence_start")
    index = {int(data[f"figures-{i}-id"]): i for i in range(2)}
    data[f"figures-{index[us.pk]}-hosts"] = ["PL", "RO"]  # a correction
    data[f"figures-{index[us.pk]}-review"] = "approved"
    data[f"figures-{index[gb.pk]}-review"] = "rejected"
    response = editor_client.post(change_url, data, follow=True)
    assert response.status_code == 200, response.content
    assert not response.context.get("errors"), response.context.get("errors")

    us.refresh_from_db()
    gb.refresh_from_db()
    assert us.review == Review.APPROVED and us.edited and us.hosts_key == "PL,RO"
    assert us.reviewed_by == editor
    assert gb.review == Review.REJECTED and not gb.edited


def test_inline_correction_is_checked_against_the_guidelines(editor_client, scripted_extraction):
    from tests.conftest import Proposal

    scripted_extraction.proposals = [Proposal("US", ("PL",), 3000, "The US has moved 3,000 troops to Poland.")]
    add_article(editor_client, title="Moves", body="The US has moved 3,000 troops to Poland.")
    article = Article.objects.get()
    change_url = reverse("admin:newsmap_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(change_url))
    data["figures-0-hosts"] = ["US"]  # forces at home are not a deployment
    response = editor_client.post(change_url, data)
    assert response.status_code == 200
    assert "the host cannot be the contributor" in response.content.decode()
    assert Figure.objects.get().hosts_key == "PL"


def test_bulk_actions_on_articles_approve_and_reject_proposals(editor_client, scripted_extraction):
    from tests.conftest import Proposal

    scripted_extraction.proposals = [Proposal("US", ("PL",), 3000, "The US has moved 3,000 troops to Poland.")]
    add_article(editor_client, title="One", body="The US has moved 3,000 troops to Poland.")
    article = Article.objects.get()
    confirm_bulk(
        editor_client,
        reverse("admin:newsmap_article_changelist"),
        {"action": "reject_proposals", "_selected_action": [article.pk]},
    )
    assert Figure.objects.get().review == Review.REJECTED


def test_article_list_and_figure_list_with_filters_render(editor_client, scripted_extraction):
    from tests.conftest import Proposal

    scripted_extraction.proposals = [Proposal("US", ("PL",), 3000, "The US has moved 3,000 troops to Poland.")]
    add_article(editor_client, title="One", body="The US has moved 3,000 troops to Poland.")
    for url in [
        "/admin/newsmap/article/?q=Poland",
        "/admin/newsmap/article/?extraction_state__exact=done",
        "/admin/newsmap/figure/?review__exact=proposed&contributor__code__exact=US&hosts__code__exact=PL",
        "/admin/newsmap/figure/?status__exact=present&kind__exact=troops",
        "/admin/newsmap/article/import/",
        "/admin/newsmap/figure/add/",
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
    assert (
        "United States → Poland: 3,000 troops"
        in editor_client.get("/admin/newsmap/figure/?review__exact=proposed").content.decode()
    )


def test_editor_adds_a_missed_figure_quoting_its_sentence(editor_client, scripted_extraction):
    scripted_extraction.proposals = []
    add_article(editor_client, title="One", body="Dutch soldiers landed in Lithuania on Monday. Nothing else.")
    article = Article.objects.get()
    data = {
        "article": article.pk,
        "review": "approved",
        "contributor": "NL",
        "hosts": ["LT"],
        "count": "",
        "count_max": "",
        "qualifier": "exact",
        "measure": "total",
        "status": "present",
        "kind": "troops",
        "sentence": "Dutch soldiers landed in Lithuania on Monday.",
    }
    response = editor_client.post("/admin/newsmap/figure/add/", data, follow=True)
    assert response.status_code == 200
    figure = Figure.objects.get()
    assert (figure.sentence_start, figure.edited, figure.hosts_key, figure.rule) == (0, True, "LT", "editor")

    data["sentence"] = "A sentence that is not in the article."
    response = editor_client.post("/admin/newsmap/figure/add/", data)
    assert "must be quoted exactly from the article" in response.content.decode()
    assert Figure.objects.count() == 1
